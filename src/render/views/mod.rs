//! The typed views templates receive. Each page's context is built from these structs
//! only, so a theme author can read here exactly what a template may use.
//!
//! Links are written relative to the page (`root` is `../../` on a document page) so
//! the archive works from any sub-path and from disk; canonical URLs use `base_url`.

pub mod annotations;
pub mod body;
pub mod cite;
pub mod pages;

use chrono::NaiveDate;
use serde::Serialize;

use crate::parse::document::Document;
use crate::render::html::blocks::BlockWriter;
use crate::resolve::{Archive, TaxonomyKind};
use body::BodyPage;

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
pub struct DocSummary {
    pub title: String,
    pub href: String,
    pub date: String,
    pub date_display: String,
    pub kind: String,
    pub publisher: Option<String>,
    pub summary: Option<String>,
    pub language: Option<String>,
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
    /// A Wayback Machine lookup of the original's address.
    pub wayback: Option<String>,
    pub speakers: Vec<LinkView>,
    pub people: Vec<LinkView>,
    pub places: Vec<LinkView>,
    pub organizations: Vec<LinkView>,
    pub tags: Vec<LinkView>,
    pub event: Option<LinkView>,
    /// The body, cut into speaker turns and narration.
    pub sections: Vec<SectionView>,
    pub footnotes: Vec<FootnoteView>,
    /// Paragraphs of other documents that link here.
    pub backlinks: Vec<ContextView>,
    /// The document's quotations and what the archive holds of them.
    pub quotes: Vec<QuoteView>,
    /// Annotations anchored in the text, in reading order.
    pub annotations: Vec<crate::render::views::annotations::NoteView>,
    /// Annotations whose words are no longer in the text.
    pub orphans: Vec<crate::render::views::annotations::NoteView>,
    /// The kinds of annotation on this page (name, CSS class), for the legend.
    pub note_kinds: Vec<(String, String)>,
}

/// A paragraph elsewhere, with its words around the point of interest.
#[derive(Debug, Serialize)]
pub struct ContextView {
    pub title: String,
    /// The paragraph's permalink.
    pub href: String,
    pub number: Option<String>,
    pub speaker: Option<String>,
    /// The sentence, escaped, with the point of interest in `<mark>`.
    pub context_html: String,
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
    /// The raw file, byte for byte.
    pub href: String,
    /// The capture shown as text, highlighted.
    pub page_href: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
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
    /// Margin notes of annotations anchored in this block.
    pub notes: Vec<crate::render::views::annotations::NoteView>,
    /// Annotations that cite this block as a source.
    pub cited_by: Vec<LinkView>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub anchor: Option<String>,
    pub href: Option<String>,
    pub revised: Option<String>,
    pub notes: Vec<crate::render::views::annotations::NoteView>,
    pub cited_by: Vec<LinkView>,
    pub number: Option<String>,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct FootnoteView {
    pub number: usize,
    pub html: String,
}

/// The name a raw capture is published under: as it is when it is plain text or
/// Markdown, else with `.txt` added, so a capture saved as `.html` or `.svg` is served
/// as text and never runs as a page of the site.
pub fn published_capture(file: &str) -> String {
    let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("txt" | "md") => file.to_string(),
        _ => format!("{file}.txt"),
    }
}

/// `../` once per folder level of a page below the site root.
pub fn root_for_depth(depth: usize) -> String {
    "../".repeat(depth)
}

pub fn doc_href(root: &str, slug: &str) -> String {
    format!("{root}documents/{slug}/")
}

pub fn event_href(root: &str, slug: &str) -> String {
    format!("{root}events/{slug}/")
}

pub fn annotation_href(root: &str, id: &str) -> String {
    format!("{root}annotations/{id}/")
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

pub fn summary(doc: &Document, root: &str) -> DocSummary {
    let m = &doc.meta;
    DocSummary {
        title: m.title.clone(),
        href: doc_href(root, &doc.slug),
        date: iso(m.date),
        date_display: display_date(m.date),
        kind: m.kind.clone(),
        publisher: m.source.publisher.clone(),
        summary: m.summary.clone(),
        language: m.language.clone(),
    }
}

/// Links for names of a taxonomy (names without a term page are left without a link
/// target of their own: they link to the taxonomy index).
pub fn term_links(
    archive: &Archive,
    kind: TaxonomyKind,
    names: &[String],
    root: &str,
) -> Vec<LinkView> {
    names
        .iter()
        .map(|name| LinkView {
            name: name.clone(),
            href: match archive.term_for(kind, name) {
                Some(t) => term_href(root, kind, &t.slug),
                None => format!("{root}{}/", kind.key()),
            },
        })
        .collect()
}

/// The view of document `index` of the archive.
pub fn document<'a>(
    notes: (
        &[crate::render::views::annotations::Numbered],
        Vec<crate::render::views::annotations::NoteView>,
        Vec<crate::render::views::annotations::NoteView>,
    ),
    archive: &'a Archive,
    index: usize,
    writer: &mut BlockWriter<'_>,
    root: &str,
) -> DocumentView<'a> {
    let doc = &archive.docs[index];
    let m = &doc.meta;
    let people = |names: &[String]| term_links(archive, TaxonomyKind::People, names, root);
    let entities = |kind: TaxonomyKind| -> Vec<LinkView> {
        archive.doc_entities[index]
            .iter()
            .map(|&e| &archive.entities[e])
            .filter(|e| e.kind == kind)
            .map(|e| LinkView {
                name: e.name.clone(),
                href: term_href(root, kind, &e.slug),
            })
            .collect()
    };
    let page = BodyPage {
        root,
        id_prefix: "",
        number_base: String::new(),
    };
    let (list, anchored, orphans) = notes;
    let (sections, footnotes) = body::document_body(
        archive,
        index,
        writer,
        &page,
        &body::DocNotes {
            list,
            views: &anchored,
        },
    );
    let mut note_kinds: Vec<(String, String)> = anchored
        .iter()
        .chain(&orphans)
        .map(|n| (n.kind.clone(), n.kind_class.clone()))
        .collect();
    note_kinds.sort_by_key(|(k, _)| archive.site.annotation_kinds.iter().position(|x| x == k));
    note_kinds.dedup();
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
            href: published_capture(&c.file),
            page_href: "capture/".into(),
            date: c.date.map(iso),
            date_display: c.date.map(display_date),
        }),
        wayback: m
            .source
            .url
            .as_ref()
            .map(|u| format!("https://web.archive.org/web/*/{u}")),
        speakers: people(&m.speakers),
        people: entities(TaxonomyKind::People),
        places: entities(TaxonomyKind::Places),
        organizations: entities(TaxonomyKind::Organizations),
        tags: term_links(archive, TaxonomyKind::Tags, &m.tags, root),
        event: archive.doc_event[index].map(|e| LinkView {
            name: archive.events[e].title.clone(),
            href: event_href(root, &archive.events[e].slug),
        }),
        sections,
        footnotes,
        backlinks: body::backlinks(archive, index, root),
        annotations: anchored,
        orphans,
        note_kinds,
        quotes: body::quotations(archive, index, root),
    }
}
