//! Citations: what a citation says about a document ([`Record`]), formatted by
//! hayagriva's CSL engine with the official styles (APA 7, Chicago notes and
//! author-date, MLA 9, Harvard) and written as BibTeX, RIS and CSL-JSON.
//!
//! The citation names the original (its publisher, date and URL), where the style
//! allows the copy it was captured from ("republished by"), the archive's copy, and the
//! access date (when the capture was made). A paragraph citation carries the locator
//! `para. 14`. [`prepare`] formats every citation the site shows once, before
//! rendering, so the render stage only reads them.

mod bibtex;
mod cache;
pub(crate) mod csl;
mod lookup;
mod prepare;
mod record;
mod ris;

pub use bibtex::bibtex;
pub use cache::CiteCache;
pub use csl::{Citer, Formatted, Run};
pub use lookup::cite_text;
pub use prepare::{Citations, LOCATOR, prepare};
pub use record::{annotation_item, record};
pub use ris::ris;

use chrono::{Datelike, NaiveDate};
use hayagriva::archive::ArchivedStyle;
use serde_json::{Value, json};

/// The citation styles offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    Apa,
    Chicago,
    ChicagoAuthorDate,
    Mla,
    Harvard,
    Bibtex,
    Ris,
    CslJson,
}

impl Style {
    /// The CSL-formatted styles, in the order pages show them.
    pub const CSL: [Style; 5] = [
        Style::Apa,
        Style::Chicago,
        Style::ChicagoAuthorDate,
        Style::Mla,
        Style::Harvard,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Style::Apa => "apa",
            Style::Chicago => "chicago",
            Style::ChicagoAuthorDate => "chicago-author-date",
            Style::Mla => "mla",
            Style::Harvard => "harvard",
            Style::Bibtex => "bibtex",
            Style::Ris => "ris",
            Style::CslJson => "csl-json",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Style::Apa => "APA (7th edition)",
            Style::Chicago => "Chicago (notes and bibliography)",
            Style::ChicagoAuthorDate => "Chicago (author-date)",
            Style::Mla => "MLA (9th edition)",
            Style::Harvard => "Harvard (Cite Them Right)",
            Style::Bibtex => "BibTeX",
            Style::Ris => "RIS",
            Style::CslJson => "CSL-JSON",
        }
    }

    pub(crate) fn archived(self) -> Option<ArchivedStyle> {
        Some(match self {
            Style::Apa => ArchivedStyle::AmericanPsychologicalAssociation,
            Style::Chicago => ArchivedStyle::ChicagoNotes,
            Style::ChicagoAuthorDate => ArchivedStyle::ChicagoAuthorDate,
            Style::Mla => ArchivedStyle::ModernLanguageAssociation,
            Style::Harvard => ArchivedStyle::HarvardCiteThemRight,
            _ => return None,
        })
    }
}

/// What a citation says about a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// A citation key: the document's slug.
    pub id: String,
    pub kind: crate::model::Kind,
    pub title: String,
    /// Personal authors, as written ("Dave Lawler").
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub date: NaiveDate,
    /// The original's address.
    pub url: Option<String>,
    /// The archive's copy: its permalink, when the site's base_url is absolute.
    pub archive_url: Option<String>,
    pub archive_name: String,
    /// When the capture was made.
    pub accessed: Option<NaiveDate>,
    /// Copies the capture came from: publisher and date.
    pub republished: Vec<(String, Option<NaiveDate>)>,
    pub language: String,
}

impl Record {
    /// Official texts (transcripts, statements) are authored by their publisher when no
    /// person is named; news reports without a byline are cited by title.
    fn author_names(&self) -> Vec<Value> {
        if !self.authors.is_empty() {
            return self.authors.iter().map(|a| person(a)).collect();
        }
        self.corporate_author()
            .map(|p| json!({ "literal": p }))
            .into_iter()
            .collect()
    }

    /// The publisher, standing as author of an official text that names no person.
    pub fn corporate_author(&self) -> Option<&str> {
        self.publisher
            .as_deref()
            .filter(|_| self.authors.is_empty() && !self.kind.is_news())
    }

    pub(crate) fn note(&self) -> String {
        let copies: Vec<String> = self
            .republished
            .iter()
            .map(|(p, d)| match d {
                Some(d) => format!("republished by {p}, {}", d.format("%-d %B %Y")),
                None => format!("republished by {p}"),
            })
            .collect();
        let mut parts = Vec::new();
        if !copies.is_empty() {
            parts.push(capitalise(&copies.join("; ")));
        }
        match &self.archive_url {
            Some(u) => parts.push(format!("Archived copy: {u}")),
            None => parts.push(format!("Archived in {}", self.archive_name)),
        }
        parts.join(". ")
    }

    /// The CSL-JSON item.
    pub fn csl_json(&self) -> Value {
        let mut item = json!({
            "id": self.id,
            "type": if self.kind.is_news() { "article-newspaper" } else { "webpage" },
            "title": self.title,
            "issued": { "date-parts": [date_parts(self.date)] },
            "archive": self.archive_name,
            "language": self.language,
        });
        let map = item.as_object_mut().expect("an object");
        if let Some(u) = self.url.as_ref().or(self.archive_url.as_ref()) {
            map.insert("URL".into(), json!(u));
        }
        if let Some(a) = &self.archive_url {
            map.insert(
                "archive_location".into(),
                json!(format!("archived copy: {a}")),
            );
        }
        let authors = self.author_names();
        if !authors.is_empty() {
            map.insert("author".into(), Value::Array(authors));
        }
        if let Some(p) = &self.publisher {
            // The site or paper the original appeared in.
            map.insert("container-title".into(), json!(p));
        }
        if !self.kind.is_news() && self.kind != crate::model::Kind::Document {
            map.insert("genre".into(), json!(capitalise(self.kind.name())));
        }
        if let Some(a) = self.accessed {
            map.insert("accessed".into(), json!({ "date-parts": [date_parts(a)] }));
        }
        map.insert("note".into(), json!(self.note()));
        item
    }
}

/// `[year, month, day]` of a date, as CSL-JSON writes it.
pub fn date_parts(d: NaiveDate) -> [i64; 3] {
    [d.year().into(), d.month().into(), d.day().into()]
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// "Dave Lawler" → family "Lawler", given "Dave"; one word stays literal.
pub fn person(name: &str) -> Value {
    match name.trim().rsplit_once(' ') {
        Some((given, family)) => json!({ "family": family, "given": given }),
        None => json!({ "literal": name }),
    }
}

/// The citation files published beside a document's page: `cite.bib`, `cite.ris` and
/// `cite.json` (CSL-JSON), each with its text.
pub fn files(r: &Record) -> [(&'static str, String); 3] {
    let csl = serde_json::to_string_pretty(&json!([r.csl_json()])).unwrap_or_default() + "\n";
    [
        ("cite.bib", bibtex(r, None)),
        ("cite.ris", ris(r, None)),
        ("cite.json", csl),
    ]
}

#[cfg(test)]
mod tests;
