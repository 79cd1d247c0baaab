//! A document's body as a page shows it: speaker turns and narration, numbered blocks
//! with their permalinks, mention links, quotation verdicts, footnotes; and the
//! paragraphs elsewhere that point at it (backlinks) or that its quotations come from.
//!
//! The same body appears on its own page and beside the other documents of its event,
//! so ids and number links depend on the [`BodyPage`].

use std::collections::HashMap;

use crate::parse::body::{BlockKind, Body};
use crate::render::html::blocks::BlockWriter;
use crate::render::html::escape::html as escape;
use crate::render::html::spans::{Marker, Span};
use crate::render::views::annotations::{self, NoteView};
use crate::render::views::{
    BlockView, ContextView, FootnoteView, ItemView, QuoteView, SectionView, doc_href, event_href,
    term_href, term_links,
};
use crate::resolve::links::Target;
use crate::resolve::quotes::Verdict;
use crate::resolve::{Archive, TaxonomyKind};

/// The annotations shown with a body (none on pages that show several documents'
/// bodies side by side).
pub struct DocNotes<'a> {
    /// In reading order (by block), as [`annotations::numbered`] gives them.
    pub list: &'a [annotations::Numbered],
    /// The view of each item of `list`, in the same order.
    pub views: &'a [NoteView],
}

/// Where a body is shown.
pub struct BodyPage<'a> {
    /// The relative path to the site root.
    pub root: &'a str,
    /// Prefix of element ids, where a page shows several documents.
    pub id_prefix: &'a str,
    /// Where paragraph numbers link: empty on the document's own page (`#p3`), the
    /// document's URL elsewhere.
    pub number_base: String,
}

/// Where a resolved link goes from a page at `root`. `own_doc` is the document whose
/// page this is, if the link is on its own page.
pub fn href(
    archive: &Archive,
    target: &Target,
    root: &str,
    from_doc: Option<usize>,
    own_page: bool,
) -> Option<String> {
    let anchor = |a: &Option<String>| a.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
    Some(match target {
        Target::Document { doc, anchor: a } => {
            format!("{}{}", doc_href(root, &archive.docs[*doc].slug), anchor(a))
        }
        Target::Entity(e) => {
            let e = &archive.entities[*e];
            term_href(root, e.kind, &e.slug)
        }
        Target::Event(e) => event_href(root, &archive.events[*e].slug),
        Target::Anchor(a) => match (from_doc, own_page) {
            (Some(d), false) => format!("{}#{a}", doc_href(root, &archive.docs[d].slug)),
            _ => format!("#{a}"),
        },
        Target::Unchanged => return None,
    })
}

/// The sections and footnotes of document `index`.
pub fn document_body(
    archive: &Archive,
    index: usize,
    writer: &mut BlockWriter<'_>,
    page: &BodyPage<'_>,
    notes: &DocNotes<'_>,
) -> (Vec<SectionView>, Vec<FootnoteView>) {
    let doc = &archive.docs[index];
    let mut out: Vec<(Option<usize>, SectionView)> = Vec::new();
    // Addresses of removed paragraphs resolve to notes where the paragraphs were
    // (grouped once: a per-block scan of them all made long documents quadratic).
    let mut removed_after: HashMap<Option<&str>, Vec<&crate::resolve::RemovedAnchor>> =
        HashMap::new();
    for r in &archive.removed[index] {
        removed_after.entry(r.after.as_deref()).or_default().push(r);
    }
    let notes_after = |id: Option<&str>| -> Vec<BlockView> {
        removed_after.get(&id).map_or_else(Vec::new, |rs| {
            rs.iter().map(|r| removed_note(r, page)).collect()
        })
    };
    let leading = notes_after(None);
    if !leading.is_empty() {
        out.push((
            None,
            SectionView {
                speaker: None,
                blocks: leading,
            },
        ));
    }
    for (b, (block, anchor)) in doc
        .body
        .blocks
        .iter()
        .zip(&archive.anchors[index])
        .enumerate()
    {
        if out.last().is_none_or(|(turn, _)| *turn != block.turn) {
            let speaker = block.turn.map(|t| {
                let name = &doc.body.turns[t].speaker;
                term_links(
                    archive,
                    TaxonomyKind::People,
                    std::slice::from_ref(name),
                    page.root,
                )
                .remove(0)
            });
            out.push((
                block.turn,
                SectionView {
                    speaker,
                    blocks: Vec::new(),
                },
            ));
        }
        let blocks = &mut out.last_mut().expect("pushed above").1.blocks;
        // The notes of this block: the list is in reading order, so a range of it.
        let here = notes.list.partition_point(|n| n.block < b)
            ..notes.list.partition_point(|n| n.block <= b);
        let (mut marks, mut markers) = annotations::spans(archive, &notes.list[here.clone()], b);
        let (more_marks, more_markers) = standoff(archive, index, b, page.root);
        marks.extend(more_marks);
        markers.extend(more_markers);
        let margin: Vec<NoteView> = notes
            .views
            .get(here)
            .unwrap_or_default()
            .iter()
            .filter(|n| n.block == Some(b))
            .cloned()
            .collect();
        let cited_by = annotations::cited_by(archive, index, b, page.root);
        let html = writer.block(block, &marks, &markers);
        let id = anchor
            .as_ref()
            .map(|a| format!("{}{}", page.id_prefix, a.id));
        let link = anchor
            .as_ref()
            .map(|a| format!("{}#{}", page.number_base, a.id));
        let number = anchor.as_ref().map(|a| a.label.clone());
        let revised = anchor.as_ref().and_then(|a| a.revised.clone());
        let mut notes = anchor
            .as_ref()
            .map_or_else(Vec::new, |a| notes_after(Some(&a.id)));
        if let BlockKind::ListItem {
            list,
            ordered,
            start,
        } = &block.kind
        {
            let item = ItemView {
                anchor: id,
                href: link,
                number,
                html,
                revised,
                notes: margin,
                cited_by,
            };
            // Items of one list stay in one list element.
            match blocks.last_mut() {
                Some(last) if last.list == Some(*list) => last.items.push(item),
                _ => blocks.push(BlockView {
                    kind: "list",
                    anchor: None,
                    href: None,
                    number: None,
                    html: String::new(),
                    level: 0,
                    ordered: *ordered,
                    start: *start,
                    items: vec![item],
                    list: Some(*list),
                    revised: None,
                    notes: Vec::new(),
                    cited_by: Vec::new(),
                }),
            }
            blocks.append(&mut notes);
            continue;
        }
        let (kind, level) = match &block.kind {
            BlockKind::Paragraph => ("paragraph", 0),
            BlockKind::Note => ("note", 0),
            BlockKind::Heading(l) => ("heading", *l),
            BlockKind::Table => ("table", 0),
            BlockKind::Quote => ("quote", 0),
            BlockKind::Code { .. } => ("code", 0),
            BlockKind::Rule => ("rule", 0),
            BlockKind::ListItem { .. } => unreachable!("handled above"),
        };
        blocks.push(BlockView {
            kind,
            anchor: id,
            href: link,
            number,
            html,
            level,
            ordered: false,
            start: None,
            items: Vec::new(),
            list: None,
            revised,
            notes: margin,
            cited_by,
        });
        blocks.append(&mut notes);
    }
    let footnotes = doc
        .body
        .footnotes
        .iter()
        .map(|f| FootnoteView {
            number: f.number,
            html: writer.footnote(f),
        })
        .collect();
    (out.into_iter().map(|(_, s)| s).collect(), footnotes)
}

/// The note an address of a removed paragraph resolves to.
fn removed_note(r: &crate::resolve::RemovedAnchor, page: &BodyPage<'_>) -> BlockView {
    let label_of = |id: &str| id.strip_prefix('p').unwrap_or(id).to_string();
    let link = |id: &Option<String>| {
        id.as_ref().map(|id| {
            format!(
                "<a href=\"{}#{id}\">¶{}</a>",
                page.number_base,
                label_of(id)
            )
        })
    };
    let neighbours: Vec<String> = [link(&r.after), link(&r.before)]
        .into_iter()
        .flatten()
        .collect();
    let see = if neighbours.is_empty() {
        String::new()
    } else {
        format!(" See {}.", neighbours.join(" and "))
    };
    BlockView {
        kind: "removed",
        anchor: Some(format!("{}{}", page.id_prefix, r.id)),
        href: Some(format!("{}#{}", page.number_base, r.id)),
        number: Some(r.label.clone()),
        html: format!(
            "¶{} was removed on {}.{see}",
            escape(&r.label),
            escape(&r.date)
        ),
        level: 0,
        ordered: false,
        start: None,
        items: Vec::new(),
        list: None,
        revised: None,
        notes: Vec::new(),
        cited_by: Vec::new(),
    }
}

/// Mention links and quotation verdicts of one block.
fn standoff(archive: &Archive, doc: usize, block: usize, root: &str) -> (Vec<Span>, Vec<Marker>) {
    let text = &archive.docs[doc].body.blocks[block].text;
    let mut marks = Vec::new();
    let mut markers = Vec::new();
    for q in &archive.quotes[doc][block] {
        let (class, title, link) = verdict_mark(archive, &q.verdict, root);
        marks.push(Span {
            start: q.start,
            end: q.end,
            open: format!("<span class=\"quotation {class}\">"),
            close: "</span>".into(),
        });
        // After the closing quotation mark.
        let at = q.end + text[q.end..].chars().next().map_or(0, char::len_utf8);
        let badge = match link {
            Some(href) => format!(
                "<sup class=\"qv {class}\"><a href=\"{href}\" title=\"{}\">{}</a></sup>",
                escape(&title),
                badge_text(archive, &q.verdict)
            ),
            None => format!(
                "<sup class=\"qv {class}\" title=\"{}\">?</sup>",
                escape(&title)
            ),
        };
        markers.push(Marker { at, html: badge });
    }
    for m in archive.mentions[doc][block].iter().filter(|m| m.linked) {
        let e = &archive.entities[m.entity];
        marks.push(Span {
            start: m.start,
            end: m.end,
            open: format!(
                "<a class=\"mention {}\" href=\"{}\">",
                e.kind.key(),
                term_href(root, e.kind, &e.slug)
            ),
            close: "</a>".into(),
        });
    }
    (marks, markers)
}

fn verdict_mark(
    archive: &Archive,
    v: &Verdict,
    root: &str,
) -> (&'static str, String, Option<String>) {
    let place = |doc: usize, block: usize| {
        let label = archive.anchors[doc][block]
            .as_ref()
            .map(|a| format!(", ¶{}", a.label))
            .unwrap_or_default();
        (
            format!("“{}”{label}", archive.docs[doc].meta.title),
            block_href(archive, doc, block, root),
        )
    };
    match v {
        Verdict::Verbatim { doc, block } => {
            let (where_, href) = place(*doc, *block);
            ("q-verbatim", format!("Verbatim in {where_}"), Some(href))
        }
        Verdict::Close { doc, block, diff } => {
            let (where_, href) = place(*doc, *block);
            ("q-close", format!("Close to {where_}: {diff}"), Some(href))
        }
        Verdict::NotFound => (
            "q-none",
            "Not found in the archive (which says nothing about whether it is accurate)".into(),
            None,
        ),
    }
}

fn badge_text(archive: &Archive, v: &Verdict) -> String {
    let label = |doc: usize, block: usize| {
        archive.anchors[doc][block]
            .as_ref()
            .map_or(String::new(), |a| format!("¶{}", a.label))
    };
    match v {
        Verdict::Verbatim { doc, block } => label(*doc, *block),
        Verdict::Close { doc, block, .. } => format!("≈{}", label(*doc, *block)),
        Verdict::NotFound => "?".into(),
    }
}

/// The permalink of a block (the document's page when the block has no number).
pub fn block_href(archive: &Archive, doc: usize, block: usize, root: &str) -> String {
    let page = doc_href(root, &archive.docs[doc].slug);
    match &archive.anchors[doc][block] {
        Some(a) => format!("{page}#{}", a.id),
        None => page,
    }
}

/// A paragraph of a document, with the sentence around `start..end` marked.
pub fn context(
    archive: &Archive,
    doc: usize,
    block: usize,
    start: usize,
    end: usize,
    root: &str,
) -> ContextView {
    let text = &archive.docs[doc].body.blocks[block].text;
    let shown = excerpt(text, start, end);
    context_marked(archive, doc, block, shown, &[(start, end)], root)
}

/// A paragraph of a document, with the excerpt `shown` and the ranges `marks` (in
/// order, not overlapping) in `<mark>`.
pub fn context_marked(
    archive: &Archive,
    doc: usize,
    block: usize,
    shown: Excerpt,
    marks: &[(usize, usize)],
    root: &str,
) -> ContextView {
    let d = &archive.docs[doc];
    let b = &d.body.blocks[block];
    let anchor = archive.anchors[doc][block].as_ref();
    ContextView {
        title: d.meta.title.clone(),
        href: block_href(archive, doc, block, root),
        number: anchor.map(|a| a.label.clone()),
        speaker: b.turn.map(|t| d.body.turns[t].speaker.clone()),
        context_html: marked_html(&b.text, shown, marks),
    }
}

/// How far an excerpt reaches on either side of the words it is about, in bytes. A
/// longer sentence is cut at a word, with an ellipsis: an excerpt's size never depends
/// on the paragraph's (one paragraph of 20,000 mentions once made an entity page of
/// gigabytes).
pub const EXCERPT_REACH: usize = 240;

/// The part of a paragraph's text shown around some words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Excerpt {
    pub from: usize,
    pub to: usize,
    /// Whether the sentence goes on before `from` or after `to`.
    pub cut_start: bool,
    pub cut_end: bool,
}

/// The part of `text` shown around `start..end`: its sentence, at most
/// [`EXCERPT_REACH`] bytes either side of it.
pub fn excerpt(text: &str, start: usize, end: usize) -> Excerpt {
    let lo = floor_boundary(text, start.saturating_sub(EXCERPT_REACH));
    let hi = floor_boundary(text, end.saturating_add(EXCERPT_REACH).min(text.len()));
    let (mut from, cut_start) = match text[lo..start].rfind(['.', '?', '!']) {
        Some(i) => (lo + i + 1, false),
        // Cut inside the sentence: start at a word.
        None if lo > 0 => (
            text[lo..start]
                .find(char::is_whitespace)
                .map_or(lo, |i| lo + i),
            true,
        ),
        None => (0, false),
    };
    let (to, cut_end) = match text[end..hi].find(['.', '?', '!']) {
        Some(i) => (end + i + 1, false),
        None if hi < text.len() => (
            text[end..hi]
                .rfind(char::is_whitespace)
                .map_or(hi, |i| end + i),
            true,
        ),
        None => (text.len(), false),
    };
    while from < start
        && text[from..]
            .starts_with(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '’' | '»' | ')'))
    {
        from += text[from..].chars().next().map_or(1, char::len_utf8);
    }
    Excerpt {
        from,
        to,
        cut_start,
        cut_end,
    }
}

/// The sentence of `text` around `start..end`, escaped, the range in `<mark>`.
pub fn sentence_html(text: &str, start: usize, end: usize) -> String {
    marked_html(text, excerpt(text, start, end), &[(start, end)])
}

/// The excerpt of `text`, escaped, with the ranges `marks` (in order, not overlapping,
/// each clamped to the excerpt) in `<mark>`, and an ellipsis where it cuts a sentence.
pub fn marked_html(text: &str, shown: Excerpt, marks: &[(usize, usize)]) -> String {
    let Excerpt { from, to, .. } = shown;
    let mut out = String::with_capacity(to - from + marks.len() * 13 + 8);
    if shown.cut_start {
        out.push('…');
    }
    let mut at = from;
    for &(s, e) in marks {
        let (s, e) = (s.clamp(at, to), e.clamp(at, to));
        out.push_str(&escape(&text[at..s]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape(&text[at..to]));
    if shown.cut_end {
        out.push('…');
    }
    out
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The blocks of other documents that link to document `index`.
pub fn backlinks(archive: &Archive, index: usize, root: &str) -> Vec<ContextView> {
    archive.backlinks[index]
        .iter()
        .map(|&(d, b)| {
            let text = &archive.docs[d].body.blocks[b].text;
            let n = text.len();
            let mut c = context(archive, d, b, 0, 0, root);
            c.context_html =
                escape(&text[..n.min(text.char_indices().nth(240).map_or(n, |(i, _)| i))]);
            c
        })
        .collect()
}

/// The quotations of document `index` with their verdicts.
pub fn quotations(archive: &Archive, index: usize, root: &str) -> Vec<QuoteView> {
    let doc = &archive.docs[index];
    let mut out = Vec::new();
    for (b, qs) in archive.quotes[index].iter().enumerate() {
        for q in qs {
            let at = archive.anchors[index][b].as_ref().map(|a| a.id.clone());
            let (verdict, label, source, diff) = match &q.verdict {
                Verdict::Verbatim { doc: d, block } => {
                    ("q-verbatim", "verbatim", Some((*d, *block)), None)
                }
                Verdict::Close {
                    doc: d,
                    block,
                    diff,
                } => ("q-close", "close", Some((*d, *block)), Some(diff.clone())),
                Verdict::NotFound => ("q-none", "not found in the archive", None, None),
            };
            out.push(QuoteView {
                text: doc.body.blocks[b].text[q.start..q.end].to_string(),
                verdict,
                label,
                source: source
                    .map(|(d, block)| context(archive, d, block, 0, 0, root))
                    .map(|mut c| {
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

/// Writes a body without paragraph numbers (entity and event descriptions).
pub fn plain_body(body: &Body, writer: &mut BlockWriter<'_>) -> String {
    let mut html = String::new();
    for block in &body.blocks {
        let inner = writer.block(block, &[], &[]);
        match &block.kind {
            BlockKind::Paragraph | BlockKind::Note => html.push_str(&format!("<p>{inner}</p>\n")),
            BlockKind::Heading(l) => html.push_str(&format!("<h{l}>{inner}</h{l}>\n")),
            BlockKind::ListItem { .. } => html.push_str(&format!("<ul><li>{inner}</li></ul>\n")),
            _ => html.push_str(&inner),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_around_a_mention() {
        let t = "First one. We met in Kiev today, he said. Last.";
        let at = t.find("Kiev").unwrap();
        assert_eq!(
            sentence_html(t, at, at + 4),
            "We met in <mark>Kiev</mark> today, he said."
        );
        assert_eq!(
            sentence_html("A <b> Kiev", 6, 10),
            "A &lt;b&gt; <mark>Kiev</mark>"
        );
    }
}
