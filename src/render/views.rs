//! The typed views templates receive. Each page's context is built from these structs
//! only, so a theme author can read here exactly what a template may use.
//!
//! Links are written relative to the page (`root` is `../../` on a document page) so
//! the archive works from any sub-path and from disk; canonical URLs use `base_url`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::archive::{Anchor, Archive, TaxonomyKind};
use crate::body::BlockKind;
use crate::document::Document;
use crate::render::blocks::BlockWriter;

/// Site-wide values, on every page as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub author: Option<&'a str>,
    pub license: Option<&'a str>,
}

/// A link: a name and where it goes.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub name: String,
    pub href: String,
}

/// A document in a listing.
#[derive(Debug, Serialize)]
pub struct DocSummary<'a> {
    pub title: &'a str,
    pub href: String,
    pub date: String,
    pub date_display: String,
    pub kind: &'a str,
    pub publisher: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub language: Option<&'a str>,
}

/// A document page.
#[derive(Debug, Serialize)]
pub struct DocumentView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub date: String,
    pub date_display: String,
    pub kind: LinkView,
    pub language: &'a str,
    pub summary: Option<&'a str>,
    pub source: SourceView<'a>,
    pub republished: Vec<RepublicationView<'a>>,
    pub capture: Option<CaptureView<'a>>,
    pub speakers: Vec<LinkView>,
    pub people: Vec<LinkView>,
    pub places: Vec<LinkView>,
    pub organizations: Vec<LinkView>,
    pub tags: Vec<LinkView>,
    pub event: Option<&'a str>,
    /// The body, cut into speaker turns and narration.
    pub sections: Vec<SectionView>,
    pub footnotes: Vec<FootnoteView>,
}

#[derive(Debug, Serialize)]
pub struct SourceView<'a> {
    pub url: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub authors: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct RepublicationView<'a> {
    pub publisher: &'a str,
    pub url: Option<&'a str>,
    pub date: Option<String>,
    pub date_display: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CaptureView<'a> {
    pub file: &'a str,
    pub sha256: &'a str,
    pub href: String,
}

/// Consecutive blocks of one speaker turn (`speaker` set) or of narration.
#[derive(Debug, Serialize)]
pub struct SectionView {
    pub speaker: Option<LinkView>,
    pub blocks: Vec<BlockView>,
}

/// One rendered block. `kind` is paragraph, note, heading, list, table, quote, code or
/// rule; lists carry their items.
#[derive(Debug, Serialize)]
pub struct BlockView {
    pub kind: &'static str,
    pub anchor: Option<String>,
    pub number: Option<String>,
    pub html: String,
    pub level: u8,
    pub ordered: bool,
    pub start: Option<u64>,
    pub items: Vec<ItemView>,
    /// Which list of the body the items belong to.
    #[serde(skip)]
    pub list: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub anchor: Option<String>,
    pub number: Option<String>,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct FootnoteView {
    pub number: usize,
    pub html: String,
}

/// `../` once per folder level of a page below the site root.
pub fn root_for_depth(depth: usize) -> String {
    "../".repeat(depth)
}

pub fn doc_href(root: &str, slug: &str) -> String {
    format!("{root}documents/{slug}/")
}

pub fn term_href(root: &str, kind: TaxonomyKind, slug: &str) -> String {
    format!("{root}{}/{slug}/", kind.key())
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// "26 April 2022".
pub fn display_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

pub fn site_view(archive: &Archive) -> SiteView<'_> {
    let s = &archive.site;
    SiteView {
        title: &s.title,
        description: &s.description,
        base_url: &s.base_url,
        language: &s.language,
        author: s.author.as_deref(),
        license: s.license.as_deref(),
    }
}

pub fn summary<'a>(doc: &'a Document, root: &str) -> DocSummary<'a> {
    let m = &doc.meta;
    DocSummary {
        title: &m.title,
        href: doc_href(root, &doc.slug),
        date: iso(m.date),
        date_display: display_date(m.date),
        kind: &m.kind,
        publisher: m.source.publisher.as_deref(),
        summary: m.summary.as_deref(),
        language: m.language.as_deref(),
    }
}

/// Links for names of a taxonomy (names without a term page are left without a link
/// target of their own: they link to the taxonomy index).
fn term_links(
    archive: &Archive,
    kind: TaxonomyKind,
    names: &[String],
    root: &str,
) -> Vec<LinkView> {
    let tax = &archive.taxonomies[kind as usize];
    names
        .iter()
        .map(|name| LinkView {
            name: name.clone(),
            href: match tax.term(name) {
                Some(t) => term_href(root, kind, &t.slug),
                None => format!("{root}{}/", kind.key()),
            },
        })
        .collect()
}

/// The view of document `index` of the archive.
pub fn document<'a>(
    archive: &'a Archive,
    index: usize,
    writer: &mut BlockWriter<'_>,
    root: &str,
) -> DocumentView<'a> {
    let doc = &archive.docs[index];
    let m = &doc.meta;
    let anchors = &archive.anchors[index];
    let people = |names: &[String]| term_links(archive, TaxonomyKind::People, names, root);
    DocumentView {
        slug: &doc.slug,
        title: &m.title,
        date: iso(m.date),
        date_display: display_date(m.date),
        kind: term_links(
            archive,
            TaxonomyKind::Kinds,
            std::slice::from_ref(&m.kind),
            root,
        )
        .remove(0),
        language: m.language.as_deref().unwrap_or(&archive.site.language),
        summary: m.summary.as_deref(),
        source: SourceView {
            url: m.source.url.as_deref(),
            publisher: m.source.publisher.as_deref(),
            authors: &m.source.authors,
        },
        republished: m
            .republished
            .iter()
            .map(|r| RepublicationView {
                publisher: &r.publisher,
                url: r.url.as_deref(),
                date: r.date.map(iso),
                date_display: r.date.map(display_date),
            })
            .collect(),
        capture: m.capture.as_ref().map(|c| CaptureView {
            file: &c.file,
            sha256: &c.sha256,
            href: c.file.clone(),
        }),
        speakers: people(&m.speakers),
        people: people(&m.people),
        places: term_links(archive, TaxonomyKind::Places, &m.places, root),
        organizations: term_links(archive, TaxonomyKind::Organizations, &m.organizations, root),
        tags: term_links(archive, TaxonomyKind::Tags, &m.tags, root),
        event: m.event.as_deref(),
        sections: sections(archive, doc, anchors, writer, root),
        footnotes: doc
            .body
            .footnotes
            .iter()
            .map(|f| FootnoteView {
                number: f.number,
                html: writer.footnote(f),
            })
            .collect(),
    }
}

fn sections(
    archive: &Archive,
    doc: &Document,
    anchors: &[Option<Anchor>],
    writer: &mut BlockWriter<'_>,
    root: &str,
) -> Vec<SectionView> {
    let mut out: Vec<(Option<usize>, SectionView)> = Vec::new();
    for (block, anchor) in doc.body.blocks.iter().zip(anchors) {
        if out.last().is_none_or(|(turn, _)| *turn != block.turn) {
            let speaker = block.turn.map(|t| {
                let name = &doc.body.turns[t].speaker;
                term_links(
                    archive,
                    TaxonomyKind::People,
                    std::slice::from_ref(name),
                    root,
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
        let html = writer.block(block);
        let (anchor_id, number) = match anchor {
            Some(a) => (Some(a.id.clone()), Some(a.label.clone())),
            None => (None, None),
        };
        if let BlockKind::ListItem {
            list,
            ordered,
            start,
        } = &block.kind
        {
            let item = ItemView {
                anchor: anchor_id,
                number,
                html,
            };
            // Items of one list stay in one list element.
            if let Some(last) = blocks.last_mut()
                && last.list == Some(*list)
            {
                last.items.push(item);
                continue;
            }
            blocks.push(BlockView {
                kind: "list",
                anchor: None,
                number: None,
                html: String::new(),
                level: 0,
                ordered: *ordered,
                start: *start,
                items: vec![item],
                list: Some(*list),
            });
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
            anchor: anchor_id,
            number,
            html,
            level,
            ordered: false,
            start: None,
            items: Vec::new(),
            list: None,
        });
    }
    out.into_iter().map(|(_, s)| s).collect()
}
