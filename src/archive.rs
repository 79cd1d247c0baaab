//! The resolve stage: the whole archive at once.
//!
//! Takes the parsed documents and decides everything that needs all of them: their
//! order, each block's paragraph anchor, the taxonomy terms (people, places,
//! organisations, tags, kinds) with their URLs, and the timeline. After this stage
//! every permalink is known, so rendering is a pure function of the [`Archive`].

use std::collections::BTreeMap;

use chrono::Datelike;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Pos};
use crate::document::Document;

/// The resolved archive.
#[derive(Debug, Clone)]
pub struct Archive {
    pub site: SiteConfig,
    /// Newest first (then by slug), the order of every listing.
    pub docs: Vec<Document>,
    /// Per document, per block: its paragraph anchor, if the block is numbered.
    pub anchors: Vec<Vec<Option<Anchor>>>,
    pub taxonomies: Vec<Taxonomy>,
    pub timeline: Vec<Year>,
}

/// A paragraph's address within its document: `id` is the fragment (`p14`), `label`
/// the number shown (`14`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: String,
    pub label: String,
}

/// The kinds of taxonomy, in the order the site shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaxonomyKind {
    People,
    Places,
    Organizations,
    Tags,
    Kinds,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 5] = [
        TaxonomyKind::People,
        TaxonomyKind::Places,
        TaxonomyKind::Organizations,
        TaxonomyKind::Tags,
        TaxonomyKind::Kinds,
    ];

    /// The URL folder and front matter field.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::People => "people",
            TaxonomyKind::Places => "places",
            TaxonomyKind::Organizations => "organizations",
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Kinds => "kinds",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            TaxonomyKind::People => "People",
            TaxonomyKind::Places => "Places",
            TaxonomyKind::Organizations => "Organisations",
            TaxonomyKind::Tags => "Tags",
            TaxonomyKind::Kinds => "Kinds",
        }
    }

    /// The names a document gives for this taxonomy (speakers count as people).
    fn names(self, doc: &Document) -> Vec<&str> {
        let m = &doc.meta;
        match self {
            TaxonomyKind::People => m
                .speakers
                .iter()
                .chain(&m.people)
                .map(String::as_str)
                .collect(),
            TaxonomyKind::Places => m.places.iter().map(String::as_str).collect(),
            TaxonomyKind::Organizations => m.organizations.iter().map(String::as_str).collect(),
            TaxonomyKind::Tags => m.tags.iter().map(String::as_str).collect(),
            TaxonomyKind::Kinds => vec![m.kind.as_str()],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Sorted by name, case-insensitively.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// The term a name refers to, if any.
    pub fn term(&self, name: &str) -> Option<&Term> {
        let slug = term_slug(name);
        self.terms.iter().find(|t| t.slug == slug)
    }
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Indices into [`Archive::docs`], newest first.
    pub docs: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// Newest month first.
    pub months: Vec<Month>,
}

#[derive(Debug, Clone)]
pub struct Month {
    pub month: u32,
    pub docs: Vec<usize>,
}

/// Resolves the archive. Errors (duplicate addresses) are returned with the archive so
/// `check` can print them all.
pub fn resolve(site: SiteConfig, mut docs: Vec<Document>) -> (Archive, Vec<Diagnostic>) {
    docs.sort_by(|a, b| {
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let diags = duplicate_slugs(&docs);
    let anchors = docs.iter().map(sequential_anchors).collect();
    let taxonomies = TaxonomyKind::ALL
        .iter()
        .map(|&kind| Taxonomy {
            kind,
            terms: terms(kind, &docs),
        })
        .collect();
    let timeline = timeline(&docs);
    let archive = Archive {
        site,
        docs,
        anchors,
        taxonomies,
        timeline,
    };
    (archive, diags)
}

fn duplicate_slugs(docs: &[Document]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &Document> = BTreeMap::new();
    let mut diags = Vec::new();
    let mut by_path: Vec<&Document> = docs.iter().collect();
    by_path.sort_by(|a, b| a.path.cmp(&b.path));
    for doc in by_path {
        if let Some(first) = seen.get(doc.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &doc.path,
                    Pos::START,
                    format!(
                        "duplicate document address `{}`: {} has it too",
                        doc.slug,
                        first.path.display()
                    ),
                )
                .help(
                    "two documents cannot share a file name, even in different folders; rename one",
                ),
            );
        } else {
            seen.insert(&doc.slug, doc);
        }
    }
    diags
}

/// `p1`, `p2`, … for the numbered blocks, in order.
fn sequential_anchors(doc: &Document) -> Vec<Option<Anchor>> {
    let mut n = 0;
    doc.body
        .blocks
        .iter()
        .map(|b| {
            b.kind.is_numbered().then(|| {
                n += 1;
                Anchor {
                    id: format!("p{n}"),
                    label: n.to_string(),
                }
            })
        })
        .collect()
}

/// The URL-safe form of a term name (transliterated: "Erdoğan" → "erdogan").
pub fn term_slug(name: &str) -> String {
    let s = slug::slugify(name);
    if s.is_empty() { "term".into() } else { s }
}

fn terms(kind: TaxonomyKind, docs: &[Document]) -> Vec<Term> {
    let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        for name in kind.names(doc) {
            let slug = term_slug(name);
            let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                name: name.to_string(),
                slug,
                docs: Vec::new(),
            });
            if term.docs.last() != Some(&i) {
                term.docs.push(i);
            }
        }
    }
    let mut terms: Vec<Term> = by_slug.into_values().collect();
    terms.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    terms
}

fn timeline(docs: &[Document]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let (y, m) = (doc.meta.date.year(), doc.meta.date.month());
        if years.last().is_none_or(|last| last.year != y) {
            years.push(Year {
                year: y,
                months: Vec::new(),
            });
        }
        let year = years.last_mut().expect("pushed above");
        if year.months.last().is_none_or(|last| last.month != m) {
            year.months.push(Month {
                month: m,
                docs: Vec::new(),
            });
        }
        year.months.last_mut().expect("pushed above").docs.push(i);
    }
    years
}

#[cfg(test)]
mod tests;
