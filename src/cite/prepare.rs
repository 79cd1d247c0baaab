//! Every citation the site shows, formatted once before rendering: each document in
//! every CSL style (its reference, and its in-text or note citation with a paragraph
//! placeholder the page's script fills in), and each annotation. Formatting is pure;
//! the cache of an earlier build is read, and the next build's cache returned, as
//! values.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::{AnnotationId, DocId, IdVec};
use crate::resolve::Archive;

use super::{CiteCache, Citer, Formatted, Record, Style, annotation_item, record};

/// The locator a document's citations are formatted with: the paragraph menus put the
/// paragraph's number in its place (the page's data names it, so the script does not
/// repeat it).
pub const LOCATOR: &str = "999999";

/// A document's citations.
#[derive(Debug, Clone)]
pub struct DocCitations {
    pub record: Record,
    /// Each CSL style, formatted with [`LOCATOR`], in the order pages show them.
    pub styles: Styled,
}

/// Every citation of the site, and the cache for the next build.
#[derive(Debug)]
pub struct Citations {
    pub docs: IdVec<DocId, DocCitations>,
    /// Each annotation's reference in every CSL style.
    pub annotations: IdVec<AnnotationId, Styled>,
    pub cache: CiteCache,
    /// Whether `cache` differs from the one given.
    pub cache_changed: bool,
}

/// A citation in every CSL style, in the order pages show them.
pub type Styled = Vec<(Style, Formatted)>;

/// Formats every citation of the archive, reusing `cache` where it holds one.
pub fn prepare(archive: &Archive, citer: &Citer, cache: &CiteCache) -> Citations {
    let docs: Vec<(DocCitations, Entries)> = archive
        .docs
        .keys()
        .collect::<Vec<DocId>>()
        .into_par_iter()
        .map(|d| {
            let record = record(archive, d);
            let (styles, next) = every_style(citer, cache, &record.csl_json(), Some(LOCATOR));
            (DocCitations { record, styles }, next)
        })
        .collect();
    let annotations: Vec<(Styled, Entries)> = archive
        .annotations
        .keys()
        .collect::<Vec<AnnotationId>>()
        .into_par_iter()
        .map(|a| every_style(citer, cache, &annotation_item(archive, a), None))
        .collect();
    let mut entries = BTreeMap::new();
    let docs: IdVec<DocId, DocCitations> = docs
        .into_iter()
        .map(|(c, next)| {
            entries.extend(next);
            c
        })
        .collect();
    let annotations: IdVec<AnnotationId, Styled> = annotations
        .into_iter()
        .map(|(c, next)| {
            entries.extend(next);
            c
        })
        .collect();
    let cache_changed = entries != cache.entries;
    Citations {
        docs,
        annotations,
        cache: CiteCache { entries },
        cache_changed,
    }
}

/// Cache entries by key.
type Entries = BTreeMap<String, Formatted>;

/// An item in every CSL style, and the cache entries it used.
fn every_style(
    citer: &Citer,
    cache: &CiteCache,
    item: &serde_json::Value,
    locator: Option<&str>,
) -> (Styled, Entries) {
    let mut next = BTreeMap::new();
    let styles = Style::CSL
        .iter()
        .filter_map(|&s| {
            cache
                .format(citer, &mut next, item, s, locator)
                .map(|f| (s, f))
        })
        .collect();
    (styles, next)
}
