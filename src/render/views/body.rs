//! A document's body as a page shows it: speaker turns and narration, numbered blocks
//! with their permalinks, mention links, quotation verdicts, footnotes; and the
//! paragraphs elsewhere that point at it (backlinks) or that its quotations come from.
//!
//! The same body appears on its own page and beside the other documents of its event,
//! so ids and number links depend on the [`BodyPage`].

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{BlockRef, DocId};
use crate::parse::body::{BlockKind, Body};
use crate::render::context::PageCx;
use crate::render::html::blocks::BlockWriter;
use crate::render::html::fragments::{self, Excerpt};
use crate::render::html::spans::{Marker, Span};
use crate::render::views::annotations::{self, AnnotationView, Numbered};
use crate::render::views::{ContextView, LinkView};
use crate::resolve::quotes::Verdict;
use crate::resolve::{RemovedAnchor, TaxonomyKind};

/// Consecutive blocks of one speaker turn (`speaker` set) or of narration.
#[derive(Debug, Serialize)]
pub struct SectionView {
    pub speaker: Option<LinkView>,
    pub blocks: Vec<BlockView>,
}

/// One rendered block. `kind` is paragraph, note, heading, list, table, quote, code,
/// rule or removed; lists carry their items.
#[derive(Debug, Serialize)]
pub struct BlockView {
    pub kind: &'static str,
    /// The element's id (`p14`, or prefixed where a page shows several documents).
    pub anchor: Option<String>,
    /// Where the paragraph number links (the permalink).
    pub href: Option<String>,
    pub number: Option<String>,
    pub html: String,
    pub level: u8,
    pub ordered: bool,
    pub start: Option<u64>,
    pub items: Vec<ItemView>,
    /// Which list of the body the items belong to.
    #[serde(skip)]
    pub list: Option<usize>,
    /// The date the paragraph was last revised, if ever.
    pub revised: Option<String>,
    /// Annotations anchored in this block, shown in the margin.
    pub annotations: Vec<AnnotationView>,
    /// Annotations that cite this block as a source.
    pub cited_by: Vec<LinkView>,
}

impl BlockView {
    fn new(kind: &'static str) -> Self {
        BlockView {
            kind,
            anchor: None,
            href: None,
            number: None,
            html: String::new(),
            level: 0,
            ordered: false,
            start: None,
            items: Vec::new(),
            list: None,
            revised: None,
            annotations: Vec::new(),
            cited_by: Vec::new(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub anchor: Option<String>,
    pub href: Option<String>,
    pub revised: Option<String>,
    pub annotations: Vec<AnnotationView>,
    pub cited_by: Vec<LinkView>,
    pub number: Option<String>,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct FootnoteView {
    pub number: usize,
    pub html: String,
}

/// A quotation and its verdict: `verbatim`, `close` or `not-found`.
#[derive(Debug, Serialize)]
pub struct QuoteView {
    pub text: String,
    pub verdict: &'static str,
    pub label: &'static str,
    /// Where the words are in the archive.
    pub source: Option<ContextView>,
    /// For a close quotation: the archive's words with `[-…-]`/`{+…+}` marks.
    pub diff: Option<String>,
    /// The paragraph of this document holding the quotation.
    pub at: Option<String>,
}

/// The annotations shown with a body (none on pages that show several documents'
/// bodies side by side).
#[derive(Default)]
pub struct DocAnnotations<'a> {
    /// In reading order (by block), as [`annotations::numbered`] gives them.
    pub list: &'a [Numbered],
    /// The view of each item of `list`, in the same order.
    pub views: &'a [AnnotationView],
}

/// Where a body is shown.
pub struct BodyPage<'a> {
    /// Prefix of element ids, where a page shows several documents.
    pub id_prefix: &'a str,
    /// Where paragraph numbers link: empty on the document's own page (`#p3`), the
    /// document's URL elsewhere.
    pub number_base: String,
}

/// The sections and footnotes of a document.
pub fn document_body(
    cx: &PageCx<'_>,
    doc: DocId,
    writer: &mut BlockWriter<'_>,
    page: &BodyPage<'_>,
    notes: &DocAnnotations<'_>,
) -> (Vec<SectionView>, Vec<FootnoteView>) {
    let r = &cx.archive.docs[doc];
    let d = &r.doc;
    // Addresses of removed paragraphs resolve to notes where the paragraphs were
    // (grouped once: a per-block scan of them all made long documents quadratic).
    let mut removed_after: HashMap<Option<&str>, Vec<&RemovedAnchor>> = HashMap::new();
    for x in &r.removed {
        removed_after.entry(x.after.as_deref()).or_default().push(x);
    }
    let removed = |id: Option<&str>| -> Vec<BlockView> {
        removed_after.get(&id).map_or_else(Vec::new, |rs| {
            rs.iter().map(|x| removed_view(x, page)).collect()
        })
    };
    let mut out: Vec<(Option<usize>, SectionView)> = Vec::new();
    let leading = removed(None);
    if !leading.is_empty() {
        out.push((
            None,
            SectionView {
                speaker: None,
                blocks: leading,
            },
        ));
    }
    for (b, (block, facts)) in d.body.blocks.iter().zip(&r.blocks).enumerate() {
        if out.last().is_none_or(|(turn, _)| *turn != block.turn) {
            let speaker = block
                .turn
                .map(|t| cx.term_link(TaxonomyKind::People, &d.body.turns[t].speaker));
            let blocks = Vec::new();
            out.push((block.turn, SectionView { speaker, blocks }));
        }
        let blocks = &mut out.last_mut().expect("pushed above").1.blocks;
        let item = numbered_block(cx, BlockRef::new(doc, b), writer, page, notes);
        match &block.kind {
            // Items of one list stay in one list element.
            BlockKind::ListItem { list, .. }
                if blocks.last().is_some_and(|l| l.list == Some(*list)) =>
            {
                blocks.last_mut().expect("tested").items.push(item);
            }
            BlockKind::ListItem {
                list,
                ordered,
                start,
            } => blocks.push(BlockView {
                ordered: *ordered,
                start: *start,
                items: vec![item],
                list: Some(*list),
                ..BlockView::new("list")
            }),
            kind => blocks.push(block_view(kind, item)),
        }
        blocks.extend(removed(facts.anchor.as_ref().map(|a| a.id.as_str())));
    }
    let footnotes = (d.body.footnotes.iter())
        .map(|f| FootnoteView {
            number: f.number,
            html: writer.footnote(f),
        })
        .collect();
    (out.into_iter().map(|(_, s)| s).collect(), footnotes)
}

/// One block as a numbered item: its HTML with every standoff mark, its address and
/// number, and the annotations beside it and citing it.
fn numbered_block(
    cx: &PageCx<'_>,
    at: BlockRef,
    writer: &mut BlockWriter<'_>,
    page: &BodyPage<'_>,
    notes: &DocAnnotations<'_>,
) -> ItemView {
    let b = at.block;
    let block = &cx.archive.docs[at.doc].doc.body.blocks[b];
    let facts = &cx.archive.docs[at.doc].blocks[b];
    // The annotations of this block: the list is in reading order, so a range of it.
    let here =
        notes.list.partition_point(|n| n.block < b)..notes.list.partition_point(|n| n.block <= b);
    let (mut marks, mut markers) = annotations::spans(cx, &notes.list[here.clone()]);
    let (more_marks, more_markers) = standoff(cx, at);
    marks.extend(more_marks);
    markers.extend(more_markers);
    let margin: Vec<AnnotationView> = (notes.views.get(here).unwrap_or_default().iter())
        .filter(|n| n.block == Some(b))
        .cloned()
        .collect();
    let anchor = facts.anchor.as_ref();
    ItemView {
        anchor: anchor.map(|a| format!("{}{}", page.id_prefix, a.id)),
        href: anchor.map(|a| format!("{}#{}", page.number_base, a.id)),
        number: anchor.map(|a| a.label.clone()),
        revised: anchor.and_then(|a| a.revised.clone()),
        html: writer.block(block, &marks, &markers),
        annotations: margin,
        cited_by: annotations::cited_by(cx, &facts.cited_by),
    }
}

/// A block that is not a list item.
fn block_view(kind: &BlockKind, item: ItemView) -> BlockView {
    let (kind, level) = match kind {
        BlockKind::Paragraph => ("paragraph", 0),
        BlockKind::Editorial => ("editorial", 0),
        BlockKind::Heading(l) => ("heading", *l),
        BlockKind::Table => ("table", 0),
        BlockKind::Quote => ("quote", 0),
        BlockKind::Code { .. } => ("code", 0),
        BlockKind::Rule => ("rule", 0),
        BlockKind::ListItem { .. } => ("list", 0),
    };
    BlockView {
        anchor: item.anchor,
        href: item.href,
        number: item.number,
        html: item.html,
        level,
        revised: item.revised,
        annotations: item.annotations,
        cited_by: item.cited_by,
        ..BlockView::new(kind)
    }
}

/// The block an address of a removed paragraph resolves to.
fn removed_view(r: &RemovedAnchor, page: &BodyPage<'_>) -> BlockView {
    let neighbours: Vec<(String, String)> = [&r.after, &r.before]
        .into_iter()
        .flatten()
        .map(|id| {
            (
                format!("{}#{id}", page.number_base),
                crate::resolve::addresses::label_of(id),
            )
        })
        .collect();
    BlockView {
        anchor: Some(format!("{}{}", page.id_prefix, r.id)),
        href: Some(format!("{}#{}", page.number_base, r.id)),
        number: Some(r.label.clone()),
        html: fragments::removed_note(&r.label, &r.date, &neighbours),
        ..BlockView::new("removed")
    }
}

/// Mention links and quotation verdicts of one block.
fn standoff(cx: &PageCx<'_>, at: BlockRef) -> (Vec<Span>, Vec<Marker>) {
    let facts = &cx.archive.docs[at.doc].blocks[at.block];
    let text = &cx.archive.docs[at.doc].doc.body.blocks[at.block].text;
    let mut marks = Vec::new();
    let mut markers = Vec::new();
    for q in &facts.quotes {
        let (class, title, link) = verdict_mark(cx, &q.verdict);
        marks.push(fragments::quotation(q.start, q.end, class));
        // After the closing quotation mark.
        let after = q.end + text[q.end..].chars().next().map_or(0, char::len_utf8);
        let badge = badge_text(cx, &q.verdict);
        markers.push(Marker {
            at: after,
            html: fragments::quotation_badge(
                class,
                &title,
                link.as_deref().map(|href| (href, badge.as_str())),
            ),
        });
    }
    for m in facts.mentions.iter().filter(|m| m.linked) {
        let kind = cx.archive.entities[m.entity].entity.kind;
        marks.push(fragments::mention(
            m.start,
            m.end,
            kind.key(),
            &cx.entity_href(m.entity),
        ));
    }
    (marks, markers)
}

fn verdict_mark(cx: &PageCx<'_>, v: &Verdict) -> (&'static str, String, Option<String>) {
    let place = |at: BlockRef| {
        let label = cx
            .archive
            .anchor(at)
            .map(|a| format!(", ¶{}", a.label))
            .unwrap_or_default();
        (
            format!("“{}”{label}", cx.archive.docs[at.doc].doc.meta.title),
            cx.block_href(at),
        )
    };
    match v {
        Verdict::Verbatim { at } => {
            let (where_, href) = place(*at);
            ("q-verbatim", format!("Verbatim in {where_}"), Some(href))
        }
        Verdict::Close { at, diff } => {
            let (where_, href) = place(*at);
            ("q-close", format!("Close to {where_}: {diff}"), Some(href))
        }
        Verdict::NotFound => (
            "q-none",
            "Not found in the archive (which says nothing about whether it is accurate)".into(),
            None,
        ),
    }
}

fn badge_text(cx: &PageCx<'_>, v: &Verdict) -> String {
    let label = |at: BlockRef| {
        cx.archive
            .anchor(at)
            .map_or(String::new(), |a| format!("¶{}", a.label))
    };
    match v {
        Verdict::Verbatim { at } => label(*at),
        Verdict::Close { at, .. } => format!("≈{}", label(*at)),
        Verdict::NotFound => "?".into(),
    }
}

/// A paragraph of a document, with the sentence around `start..end` marked.
pub fn context(cx: &PageCx<'_>, at: BlockRef, start: usize, end: usize) -> ContextView {
    let text = &cx.archive.docs[at.doc].doc.body.blocks[at.block].text;
    let shown = fragments::excerpt(text, start, end);
    context_marked(cx, at, shown, &[(start, end)])
}

/// A paragraph of a document, with the excerpt `shown` and the ranges `marks` (in
/// order, not overlapping) in `<mark>`.
pub fn context_marked(
    cx: &PageCx<'_>,
    at: BlockRef,
    shown: Excerpt,
    marks: &[(usize, usize)],
) -> ContextView {
    let d = &cx.archive.docs[at.doc].doc;
    let b = &d.body.blocks[at.block];
    ContextView {
        title: d.meta.title.clone(),
        href: cx.block_href(at),
        number: cx.archive.anchor(at).map(|a| a.label.clone()),
        speaker: b.turn.map(|t| d.body.turns[t].speaker.clone()),
        context_html: fragments::marked_html(&b.text, shown, marks),
    }
}

/// The blocks of other documents that link to a document.
pub fn backlinks(cx: &PageCx<'_>, doc: DocId) -> Vec<ContextView> {
    cx.archive.docs[doc]
        .backlinks
        .iter()
        .map(|&at| {
            let text = &cx.archive.docs[at.doc].doc.body.blocks[at.block].text;
            let mut c = context(cx, at, 0, 0);
            c.context_html = fragments::preview(text, 240);
            c
        })
        .collect()
}

/// The quotations of a document with their verdicts.
pub fn quotations(cx: &PageCx<'_>, doc: DocId) -> Vec<QuoteView> {
    let r = &cx.archive.docs[doc];
    let mut out = Vec::new();
    for (b, facts) in r.blocks.iter().enumerate() {
        for q in &facts.quotes {
            let at = facts.anchor.as_ref().map(|a| a.id.clone());
            let (verdict, label, source, diff) = match &q.verdict {
                Verdict::Verbatim { at } => ("q-verbatim", "verbatim", Some(*at), None),
                Verdict::Close { at, diff } => ("q-close", "close", Some(*at), Some(diff.clone())),
                Verdict::NotFound => ("q-none", "not found in the archive", None, None),
            };
            out.push(QuoteView {
                text: r.doc.body.blocks[b].text[q.start..q.end].to_string(),
                verdict,
                label,
                source: source.map(|s| {
                    let mut c = context(cx, s, 0, 0);
                    c.context_html = String::new();
                    c
                }),
                diff,
                at,
            });
        }
    }
    out
}

/// Writes a body without paragraph numbers (entity, event and annotation texts).
pub fn plain_body(body: &Body, writer: &mut BlockWriter<'_>) -> String {
    let mut html = String::new();
    for block in &body.blocks {
        let inner = writer.block(block, &[], &[]);
        match &block.kind {
            BlockKind::Paragraph | BlockKind::Editorial => {
                html.push_str(&format!("<p>{inner}</p>\n"));
            }
            BlockKind::Heading(l) => html.push_str(&format!("<h{l}>{inner}</h{l}>\n")),
            BlockKind::ListItem { .. } => html.push_str(&format!("<ul><li>{inner}</li></ul>\n")),
            _ => html.push_str(&inner),
        }
    }
    html
}
