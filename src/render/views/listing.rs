//! Listing pages: the timeline (documents by year and month) and the taxonomies (an
//! index of terms, and a page per term listing its documents).

use serde::Serialize;

use crate::render::context::PageCx;
use crate::render::views::{DocSummary, month_name, summaries};
use crate::resolve::Taxonomy;

#[derive(Serialize)]
pub struct YearView {
    pub year: i32,
    pub count: usize,
    pub months: Vec<MonthView>,
}

#[derive(Serialize)]
pub struct MonthView {
    pub month: u32,
    pub name: String,
    pub docs: Vec<DocSummary>,
}

/// The timeline: years newest first, then months.
pub fn timeline(cx: &PageCx<'_>) -> Vec<YearView> {
    cx.archive
        .timeline
        .iter()
        .map(|y| YearView {
            year: y.year,
            count: y.months.iter().map(|m| m.docs.len()).sum(),
            months: y
                .months
                .iter()
                .map(|m| MonthView {
                    month: m.month,
                    name: month_name(m.month).into(),
                    docs: summaries(cx, m.docs.iter().copied()),
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub href: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct TaxView<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub href: String,
    pub terms: Vec<TermView<'a>>,
}

/// A taxonomy with its terms.
pub fn taxonomy_view<'a>(cx: &PageCx<'_>, tax: &'a Taxonomy) -> TaxView<'a> {
    let key = tax.kind.key();
    TaxView {
        key,
        title: tax.kind.title(),
        href: format!("{}{key}/", cx.root),
        terms: tax
            .terms
            .iter()
            .map(|t| TermView {
                name: &t.name,
                href: cx.term_href(tax.kind, &t.slug),
                count: t.docs.len(),
            })
            .collect(),
    }
}

/// One term of a taxonomy.
pub fn term<'a>(
    cx: &PageCx<'_>,
    tax: &'a Taxonomy,
    index: usize,
) -> (TermView<'a>, Vec<DocSummary>) {
    let t = &tax.terms[index];
    (
        TermView {
            name: &t.name,
            href: cx.term_href(tax.kind, &t.slug),
            count: t.docs.len(),
        },
        summaries(cx, t.docs.iter().copied()),
    )
}
