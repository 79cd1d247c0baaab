//! Annotations on pages: the highlighted words with a numbered reference, the margin
//! notes beside their paragraph, the "cited by an annotation" lines of the paragraphs
//! annotations cite, the annotation's own page and the index of all annotations.

use serde::Serialize;

use crate::cite::Style;
use crate::model::{AnnotationId, DocId, paths};
use crate::render::context::PageCx;
use crate::render::html::blocks::BlockWriter;
use crate::render::html::fragments;
use crate::render::html::spans::{Marker, Span};
use crate::render::views::body::plain_body;
use crate::render::views::{LinkView, display_date, iso, kind_class};
use crate::resolve::links::Target;
use crate::resolve::selector::Status;

/// An annotation anchored in a document, numbered in reading order.
#[derive(Debug, Clone, Copy)]
pub struct Numbered {
    pub annotation: AnnotationId,
    pub number: usize,
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// The annotations anchored in a document, in reading order.
pub fn numbered(cx: &PageCx<'_>, doc: DocId) -> Vec<Numbered> {
    let mut list: Vec<Numbered> = cx.archive.docs[doc]
        .annotations
        .iter()
        .filter_map(|&i| {
            cx.archive.annotations[i]
                .anchored
                .place
                .map(|(block, start, end)| Numbered {
                    annotation: i,
                    number: 0,
                    block,
                    start,
                    end,
                })
        })
        .collect();
    list.sort_by_key(|n| (n.block, n.start, std::cmp::Reverse(n.end), n.annotation));
    for (k, n) in list.iter_mut().enumerate() {
        n.number = k + 1;
    }
    list
}

/// The local part of an annotation's id (its file name), used in element ids.
fn name(cx: &PageCx<'_>, annotation: AnnotationId) -> String {
    let id = &cx.archive.annotations[annotation].annotation.id;
    slug::slugify(id.rsplit('/').next().unwrap_or(id))
}

/// The highlight and reference marker of the annotations in one block. Longer spans
/// are outer, so nested and overlapping annotations stay well formed.
pub fn spans(cx: &PageCx<'_>, list: &[Numbered]) -> (Vec<Span>, Vec<Marker>) {
    let mut marks = Vec::new();
    let mut markers = Vec::new();
    for n in list {
        let a = &cx.archive.annotations[n.annotation].annotation;
        let k = kind_class(&a.kind);
        let note = name(cx, n.annotation);
        marks.push(fragments::annotation_mark(n.start, n.end, &k, &note));
        markers.push(Marker {
            at: n.end,
            html: fragments::annotation_ref(&k, &note, n.number, &a.kind),
        });
    }
    (marks, markers)
}

/// A margin note.
#[derive(Debug, Clone, Serialize)]
pub struct AnnotationView {
    pub id: String,
    pub number: usize,
    pub kind: String,
    pub kind_class: String,
    pub author: String,
    pub date: String,
    pub date_display: String,
    pub title: Option<String>,
    pub quote: String,
    pub status: &'static str,
    pub body_html: String,
    pub sources: Vec<LinkView>,
    /// The annotation's own page.
    pub href: String,
    /// The paragraph it is anchored in (`#p14`), if numbered.
    pub paragraph: Option<String>,
    pub paragraph_label: Option<String>,
    /// The block index it sits beside.
    #[serde(skip)]
    pub block: Option<usize>,
}

/// The view of an annotation on a page.
pub fn note(cx: &PageCx<'_>, i: AnnotationId, number: usize) -> AnnotationView {
    let r = &cx.archive.annotations[i];
    let a = &r.annotation;
    let links = |dest: &str| r.links.get(dest).and_then(|t| cx.link(t, None, false));
    let mut writer = BlockWriter::new(&cx.site.highlighter, &a.body.footnotes, &links);
    let sources = a
        .sources
        .iter()
        .map(|s| match r.sources.iter().find(|(x, _)| x == s) {
            Some((_, t)) => LinkView {
                name: source_name(cx, t),
                href: cx.link(t, None, false).unwrap_or_default(),
            },
            None => LinkView {
                name: s.clone(),
                href: if s.starts_with("http") {
                    s.clone()
                } else {
                    String::new()
                },
            },
        })
        .collect();
    let (paragraph, paragraph_label, block) = match (r.doc, r.anchored.place) {
        (Some(d), Some((b, _, _))) => {
            let anchor = cx.archive.anchor(crate::model::BlockRef::new(d, b));
            (
                anchor.map(|x| x.id.clone()),
                anchor.map(|x| x.label.clone()),
                Some(b),
            )
        }
        _ => (None, None, None),
    };
    AnnotationView {
        id: format!("note-{}", name(cx, i)),
        number,
        kind: a.kind.clone(),
        kind_class: kind_class(&a.kind),
        author: a.author.clone(),
        date: iso(a.date),
        date_display: display_date(a.date),
        title: a.title.clone(),
        quote: a.quote.clone(),
        status: r.anchored.status.name(),
        body_html: plain_body(&a.body, &mut writer),
        sources,
        href: cx.annotation_href(i),
        paragraph,
        paragraph_label,
        block,
    }
}

fn source_name(cx: &PageCx<'_>, t: &Target) -> String {
    match t {
        Target::Document { doc, anchor } => {
            let d = &cx.archive.docs[*doc];
            let label = anchor
                .as_ref()
                .and_then(|a| {
                    d.blocks
                        .iter()
                        .filter_map(|b| b.anchor.as_ref())
                        .find(|x| &x.id == a)
                })
                .map(|x| format!(", ¶{}", x.label));
            format!("{}{}", d.doc.meta.title, label.unwrap_or_default())
        }
        Target::Entity(e) => cx.archive.entities[*e].entity.name.clone(),
        Target::Event(e) => cx.archive.events[*e].event.title.clone(),
        Target::Anchor(a) => format!("#{a}"),
        Target::Unchanged => String::new(),
    }
}

/// The annotations of a document: anchored ones in reading order (with their views),
/// then orphans.
pub fn document_notes(
    cx: &PageCx<'_>,
    doc: DocId,
) -> (Vec<Numbered>, Vec<AnnotationView>, Vec<AnnotationView>) {
    let list = numbered(cx, doc);
    let anchored = list
        .iter()
        .map(|n| note(cx, n.annotation, n.number))
        .collect();
    let orphans = cx.archive.docs[doc]
        .annotations
        .iter()
        .filter(|&&i| cx.archive.annotations[i].anchored.status == Status::Orphaned)
        .map(|&i| note(cx, i, 0))
        .collect();
    (list, anchored, orphans)
}

/// "Cited by an annotation on …" for a block cited by `by`.
pub fn cited_by(cx: &PageCx<'_>, by: &[AnnotationId]) -> Vec<LinkView> {
    by.iter()
        .map(|&i| {
            let r = &cx.archive.annotations[i];
            let on = r.doc.map_or_else(
                || r.annotation.target.clone(),
                |d| cx.archive.docs[d].doc.meta.title.clone(),
            );
            LinkView {
                name: format!("{} annotation on “{on}”", r.annotation.kind),
                href: cx.annotation_href(i),
            }
        })
        .collect()
}

/// One annotation's page.
#[derive(Debug, Serialize)]
pub struct AnnotationPage {
    pub note: AnnotationView,
    pub document: Option<LinkView>,
    /// The sentence it is about, with the quoted words marked.
    pub context_html: Option<String>,
    pub citation: Vec<(String, String)>,
    pub permalink: String,
}

pub fn page(cx: &PageCx<'_>, i: AnnotationId) -> AnnotationPage {
    let r = &cx.archive.annotations[i];
    let number = r
        .doc
        .and_then(|d| {
            numbered(cx, d)
                .iter()
                .find(|n| n.annotation == i)
                .map(|n| n.number)
        })
        .unwrap_or(0);
    let note = note(cx, i, number);
    let document = r.doc.map(|d| LinkView {
        name: cx.archive.docs[d].doc.meta.title.clone(),
        href: format!(
            "{}{}",
            cx.doc_href(d),
            note.paragraph
                .as_ref()
                .map(|p| format!("#{p}"))
                .unwrap_or_default()
        ),
    });
    let context_html = match (r.doc, r.anchored.place) {
        (Some(d), Some((b, s, e))) => Some(fragments::sentence_html(
            &cx.archive.docs[d].doc.body.blocks[b].text,
            s,
            e,
        )),
        _ => None,
    };
    let citation = cx.site.cites.annotations[i]
        .iter()
        .map(|(s, f): &(Style, _)| (s.title().to_string(), f.reference.clone()))
        .collect();
    AnnotationPage {
        note,
        document,
        context_html,
        citation,
        permalink: paths::annotation_dir(&cx.archive.site.base_url, &r.annotation.id),
    }
}

/// The index of annotations, by kind, with author and date.
#[derive(Debug, Serialize)]
pub struct IndexView {
    pub kinds: Vec<KindGroup>,
    pub authors: Vec<(String, usize)>,
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct KindGroup {
    pub kind: String,
    pub kind_class: String,
    pub annotations: Vec<IndexItem>,
}

#[derive(Debug, Serialize)]
pub struct IndexItem {
    pub title: String,
    pub href: String,
    pub document: String,
    pub document_href: String,
    pub author: String,
    pub date: String,
    pub date_display: String,
    pub status: &'static str,
}

pub fn index(cx: &PageCx<'_>) -> IndexView {
    let archive = cx.archive;
    let kind_order = |k: &str| archive.site.annotation_kinds.iter().position(|x| x == k);
    let mut kinds: Vec<KindGroup> = Vec::new();
    let mut authors: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut order: Vec<AnnotationId> = archive.annotations.keys().collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (
            &archive.annotations[x].annotation,
            &archive.annotations[y].annotation,
        );
        (kind_order(&a.kind), b.date, &a.id).cmp(&(kind_order(&b.kind), a.date, &b.id))
    });
    for i in order {
        let r = &archive.annotations[i];
        let a = &r.annotation;
        *authors.entry(a.author.clone()).or_insert(0) += 1;
        if kinds.last().is_none_or(|g| g.kind != a.kind) {
            kinds.push(KindGroup {
                kind: a.kind.clone(),
                kind_class: kind_class(&a.kind),
                annotations: Vec::new(),
            });
        }
        let (document, document_href) = match r.doc {
            Some(d) => (archive.docs[d].doc.meta.title.clone(), cx.doc_href(d)),
            None => (a.target.clone(), String::new()),
        };
        kinds
            .last_mut()
            .expect("pushed above")
            .annotations
            .push(IndexItem {
                title: a.title.clone().unwrap_or_else(|| {
                    format!("“{}”", a.quote.chars().take(80).collect::<String>())
                }),
                href: cx.annotation_href(i),
                document,
                document_href,
                author: a.author.clone(),
                date: iso(a.date),
                date_display: display_date(a.date),
                status: r.anchored.status.name(),
            });
    }
    IndexView {
        kinds,
        authors: authors.into_iter().collect(),
        total: archive.annotations.len(),
    }
}
