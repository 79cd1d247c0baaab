//! Annotations on pages: the highlighted words with a numbered reference, the margin
//! notes beside their paragraph, the "cited by an annotation" lines of the paragraphs
//! annotations cite, the annotation's own page and the index of all annotations.

use serde::Serialize;

use crate::render::html::blocks::BlockWriter;
use crate::render::html::escape::html as escape;
use crate::render::html::highlight::Highlighter;
use crate::render::html::spans::{Marker, Span};
use crate::render::views::body::{self, plain_body};
use crate::render::views::{LinkView, annotation_href, display_date, doc_href, iso};
use crate::resolve::Archive;
use crate::resolve::links::Target;
use crate::resolve::selector::Status;

/// An annotation anchored in a document, numbered in reading order.
#[derive(Debug, Clone, Copy)]
pub struct Numbered {
    pub annotation: usize,
    pub number: usize,
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// The annotations anchored in document `doc`, in reading order.
pub fn numbered(archive: &Archive, doc: usize) -> Vec<Numbered> {
    let mut list: Vec<Numbered> = archive.notes.by_doc[doc]
        .iter()
        .filter_map(|&i| {
            archive.notes.placed[i]
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

/// A kind as a CSS class suffix.
pub fn kind_class(kind: &str) -> String {
    let s = slug::slugify(kind);
    if s.is_empty() { "other".into() } else { s }
}

/// The local part of an annotation's id (its file name), used in element ids.
fn name(archive: &Archive, annotation: usize) -> String {
    let id = &archive.annotations[annotation].id;
    slug::slugify(id.rsplit('/').next().unwrap_or(id))
}

/// The highlight and reference marker of the annotations in one block. Longer spans
/// are outer, so nested and overlapping annotations stay well formed.
pub fn spans(archive: &Archive, list: &[Numbered], block: usize) -> (Vec<Span>, Vec<Marker>) {
    let mut marks = Vec::new();
    let mut markers = Vec::new();
    for n in list.iter().filter(|n| n.block == block) {
        let a = &archive.annotations[n.annotation];
        let k = kind_class(&a.kind);
        let note = name(archive, n.annotation);
        marks.push(Span {
            start: n.start,
            end: n.end,
            open: format!("<mark class=\"annot k-{k}\" data-note=\"{note}\">"),
            close: "</mark>".into(),
        });
        markers.push(Marker {
            at: n.end,
            html: format!(
                "<a class=\"annot-ref k-{k}\" href=\"#note-{note}\" id=\"ref-{note}\" aria-controls=\"note-{note}\" aria-expanded=\"false\" aria-label=\"Annotation {}, {}\">{}</a>",
                n.number,
                escape(&a.kind),
                n.number
            ),
        });
    }
    (marks, markers)
}

/// A margin note.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
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

/// The view of annotation `i` on a page at `root`.
pub fn note(
    archive: &Archive,
    i: usize,
    number: usize,
    highlighter: &Highlighter,
    root: &str,
) -> NoteView {
    let a = &archive.annotations[i];
    let placed = &archive.notes.placed[i];
    let links = |dest: &str| {
        archive.notes.links[i]
            .get(dest)
            .and_then(|t| body::href(archive, t, root, None, false))
    };
    let mut writer = BlockWriter::new(highlighter, &a.body.footnotes, &links);
    let sources = a
        .sources
        .iter()
        .map(
            |s| match archive.notes.sources[i].iter().find(|(x, _)| x == s) {
                Some((_, t)) => LinkView {
                    name: source_name(archive, t),
                    href: body::href(archive, t, root, None, false).unwrap_or_default(),
                },
                None => LinkView {
                    name: s.clone(),
                    href: if s.starts_with("http") {
                        s.clone()
                    } else {
                        String::new()
                    },
                },
            },
        )
        .collect();
    let (paragraph, paragraph_label, block) = match (placed.doc, placed.anchored.place) {
        (Some(d), Some((b, _, _))) => {
            let anchor = archive.anchors[d][b].as_ref();
            (
                anchor.map(|x| x.id.clone()),
                anchor.map(|x| x.label.clone()),
                Some(b),
            )
        }
        _ => (None, None, None),
    };
    NoteView {
        id: format!("note-{}", name(archive, i)),
        number,
        kind: a.kind.clone(),
        kind_class: kind_class(&a.kind),
        author: a.author.clone(),
        date: iso(a.date),
        date_display: display_date(a.date),
        title: a.title.clone(),
        quote: a.quote.clone(),
        status: placed.anchored.status.name(),
        body_html: plain_body(&a.body, &mut writer),
        sources,
        href: annotation_href(root, &a.id),
        paragraph,
        paragraph_label,
        block,
    }
}

fn source_name(archive: &Archive, t: &Target) -> String {
    match t {
        Target::Document { doc, anchor } => {
            let d = &archive.docs[*doc];
            let label = anchor
                .as_ref()
                .and_then(|a| archive.anchors[*doc].iter().flatten().find(|x| &x.id == a))
                .map(|x| format!(", ¶{}", x.label));
            format!("{}{}", d.meta.title, label.unwrap_or_default())
        }
        Target::Entity(e) => archive.entities[*e].name.clone(),
        Target::Event(e) => archive.events[*e].title.clone(),
        Target::Anchor(a) => format!("#{a}"),
        Target::Unchanged => String::new(),
    }
}

/// The annotations of document `doc`: anchored ones in reading order, then orphans.
pub fn document_notes(
    archive: &Archive,
    doc: usize,
    highlighter: &Highlighter,
    root: &str,
) -> (Vec<Numbered>, Vec<NoteView>, Vec<NoteView>) {
    let list = numbered(archive, doc);
    let anchored = list
        .iter()
        .map(|n| note(archive, n.annotation, n.number, highlighter, root))
        .collect();
    let orphans = archive.notes.by_doc[doc]
        .iter()
        .filter(|&&i| archive.notes.placed[i].anchored.status == Status::Orphaned)
        .map(|&i| note(archive, i, 0, highlighter, root))
        .collect();
    (list, anchored, orphans)
}

/// "Cited by an annotation on …" for a block.
pub fn cited_by(archive: &Archive, doc: usize, block: usize, root: &str) -> Vec<LinkView> {
    archive.notes.cited_by[doc][block]
        .iter()
        .map(|&i| {
            let a = &archive.annotations[i];
            let on = archive.notes.placed[i]
                .doc
                .map_or_else(|| a.target.clone(), |d| archive.docs[d].meta.title.clone());
            LinkView {
                name: format!("{} annotation on “{on}”", a.kind),
                href: annotation_href(root, &a.id),
            }
        })
        .collect()
}

/// One annotation's page.
#[derive(Debug, Serialize)]
pub struct AnnotationPage {
    pub note: NoteView,
    pub document: Option<LinkView>,
    /// The sentence it is about, with the quoted words marked.
    pub context_html: Option<String>,
    pub citation: Vec<(String, String)>,
    pub permalink: String,
}

pub fn page(
    archive: &Archive,
    i: usize,
    highlighter: &Highlighter,
    citer: &crate::cite::Citer,
    root: &str,
) -> AnnotationPage {
    let a = &archive.annotations[i];
    let placed = &archive.notes.placed[i];
    let number = placed
        .doc
        .and_then(|d| {
            numbered(archive, d)
                .iter()
                .find(|n| n.annotation == i)
                .map(|n| n.number)
        })
        .unwrap_or(0);
    let note = note(archive, i, number, highlighter, root);
    let document = placed.doc.map(|d| LinkView {
        name: archive.docs[d].meta.title.clone(),
        href: format!(
            "{}{}",
            doc_href(root, &archive.docs[d].slug),
            note.paragraph
                .as_ref()
                .map(|p| format!("#{p}"))
                .unwrap_or_default()
        ),
    });
    let context_html = match (placed.doc, placed.anchored.place) {
        (Some(d), Some((b, s, e))) => Some(body::sentence_html(
            &archive.docs[d].body.blocks[b].text,
            s,
            e,
        )),
        _ => None,
    };
    let permalink = annotation_href(&archive.site.base_url, &a.id);
    let title = a.title.clone().unwrap_or_else(|| {
        format!(
            "Annotation on “{}”",
            placed
                .doc
                .map_or(a.target.as_str(), |d| archive.docs[d].meta.title.as_str())
        )
    });
    let item = serde_json::json!({
        "id": a.id,
        "type": "post-weblog",
        "title": title,
        "author": [crate::cite::person(&a.author)],
        "issued": { "date-parts": [crate::cite::date_parts(a.date)] },
        "container-title": archive.site.title,
        "URL": permalink,
        "genre": format!("{} annotation", a.kind),
    });
    let citation = crate::cite::Style::CSL
        .iter()
        .filter_map(|&s| {
            citer
                .format(&item, s, None)
                .map(|f| (s.title().to_string(), f.reference))
        })
        .collect();
    AnnotationPage {
        note,
        document,
        context_html,
        citation,
        permalink,
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
    pub notes: Vec<IndexItem>,
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

pub fn index(archive: &Archive, root: &str) -> IndexView {
    let mut kinds: Vec<KindGroup> = Vec::new();
    let mut authors: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut order: Vec<usize> = (0..archive.annotations.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&archive.annotations[x], &archive.annotations[y]);
        (
            archive
                .site
                .annotation_kinds
                .iter()
                .position(|k| k == &a.kind),
            b.date,
            &a.id,
        )
            .cmp(&(
                archive
                    .site
                    .annotation_kinds
                    .iter()
                    .position(|k| k == &b.kind),
                a.date,
                &b.id,
            ))
    });
    for i in order {
        let a = &archive.annotations[i];
        let placed = &archive.notes.placed[i];
        *authors.entry(a.author.clone()).or_insert(0) += 1;
        if kinds.last().is_none_or(|g| g.kind != a.kind) {
            kinds.push(KindGroup {
                kind: a.kind.clone(),
                kind_class: kind_class(&a.kind),
                notes: Vec::new(),
            });
        }
        let (document, document_href) = match placed.doc {
            Some(d) => (
                archive.docs[d].meta.title.clone(),
                doc_href(root, &archive.docs[d].slug),
            ),
            None => (a.target.clone(), String::new()),
        };
        kinds
            .last_mut()
            .expect("pushed above")
            .notes
            .push(IndexItem {
                title: a.title.clone().unwrap_or_else(|| {
                    format!("“{}”", a.quote.chars().take(80).collect::<String>())
                }),
                href: annotation_href(root, &a.id),
                document,
                document_href,
                author: a.author.clone(),
                date: iso(a.date),
                date_display: display_date(a.date),
                status: placed.anchored.status.name(),
            });
    }
    IndexView {
        kinds,
        authors: authors.into_iter().collect(),
        total: archive.annotations.len(),
    }
}
