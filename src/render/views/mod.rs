//! The typed views templates receive, one module per kind of page. Each page's context
//! is built from these structs only, so a theme author can read here exactly what a
//! template may use.
//!
//! Links are written relative to the page (`root` is `../../` on a document page) so
//! the archive works from any sub-path and from disk; canonical URLs use `base_url`.

pub mod annotations;
pub mod body;
pub mod cite;
pub mod document;
pub mod entity;
pub mod event;
pub mod listing;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::DocId;
use crate::render::context::PageCx;
use crate::resolve::Archive;

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

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// "26 April 2022".
pub fn display_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// The English name of a month (1–12).
pub fn month_name(month: u32) -> &'static str {
    u8::try_from(month)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or("", |m| m.name())
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

/// A document as listings show it.
pub fn summary(cx: &PageCx<'_>, doc: DocId) -> DocSummary {
    let m = &cx.archive.docs[doc].doc.meta;
    DocSummary {
        title: m.title.clone(),
        href: cx.doc_href(doc),
        date: iso(m.date),
        date_display: display_date(m.date),
        kind: m.kind.to_string(),
        publisher: m.source.publisher.clone(),
        summary: m.summary.clone(),
        language: m.language.clone(),
    }
}

pub fn summaries(cx: &PageCx<'_>, docs: impl IntoIterator<Item = DocId>) -> Vec<DocSummary> {
    docs.into_iter().map(|d| summary(cx, d)).collect()
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

/// A kind of annotation as a CSS class suffix.
pub fn kind_class(kind: &str) -> String {
    let s = slug::slugify(kind);
    if s.is_empty() { "other".into() } else { s }
}
