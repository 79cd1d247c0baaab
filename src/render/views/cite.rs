//! "Cite this" on a document page, the downloadable citation files beside it, the
//! data the paragraph menus use, and the metadata reference managers read in the
//! page's `<head>` (Highwire Press, Dublin Core, schema.org).

use serde::Serialize;
use serde_json::json;

use crate::cite::{LOCATOR, Record, bibtex, ris};
use crate::model::{DocId, paths};
use crate::render::context::PageCx;
use crate::render::html::{escape, fragments};
use crate::render::views::{display_date, iso};

#[derive(Debug, Serialize)]
pub struct CiteView {
    pub styles: Vec<StyleView>,
    pub bibtex: String,
    pub ris: String,
    pub csl_json: String,
    /// For the paragraph menus: JSON with per-style citation templates.
    pub data: String,
    /// "Republished by The Saker (27 April 2022)": said beside the citations, which
    /// name the original.
    pub republished: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StyleView {
    pub key: &'static str,
    pub title: &'static str,
    pub reference: String,
    pub reference_html: String,
}

/// The cite view of a document: its prepared citations, the BibTeX, RIS and CSL-JSON
/// files beside its page, and the data of the paragraph menus.
pub fn cite(cx: &PageCx<'_>, doc: DocId) -> CiteView {
    let c = &cx.site.cites.docs[doc];
    let r = &c.record;
    let mut styles = Vec::new();
    let mut templates = Vec::new();
    for (s, f) in &c.styles {
        templates.push(json!({ "key": s.key(), "title": s.title(), "citation": f.citation, "reference": f.reference }));
        styles.push(StyleView {
            key: s.key(),
            title: s.title(),
            reference: f.reference.clone(),
            reference_html: fragments::citation(&f.reference_runs),
        });
    }
    let item = r.csl_json();
    let mut with_locator = item.clone();
    with_locator["locator"] = json!(LOCATOR);
    with_locator["label"] = json!("paragraph");
    let data = json!({
        "permalink": paths::doc_dir(&cx.archive.site.base_url, &r.id),
        "locator": LOCATOR,
        "styles": templates,
        "bibtex": bibtex(r, Some(LOCATOR)),
        "ris": ris(r, Some(LOCATOR)),
        "csl": serde_json::to_string_pretty(&json!([with_locator])).unwrap_or_default(),
    });
    let [bib, ris_file, csl] = crate::cite::files(r);
    CiteView {
        styles,
        bibtex: bib.1,
        ris: ris_file.1,
        csl_json: csl.1,
        data: escape::json_in_script(&data),
        republished: (!r.republished.is_empty()).then(|| {
            r.republished
                .iter()
                .map(|(p, d)| match d {
                    Some(d) => format!("{p} ({})", display_date(*d)),
                    None => p.clone(),
                })
                .collect::<Vec<_>>()
                .join("; ")
        }),
    }
}

/// The `<head>` metadata of a document page.
#[derive(Debug, Serialize)]
pub struct HeadView {
    /// `(attribute, key, content)` of `<meta>` tags: `attribute` is `name` or
    /// `property` (Open Graph).
    pub metas: Vec<(&'static str, &'static str, String)>,
    /// The schema.org JSON-LD block.
    pub json_ld: String,
}

/// What reference managers read in a document page's `<head>`, chosen so Zotero's
/// Embedded Metadata translator files each kind as the right item (see ARCHITECTURE.md,
/// "Metadata for reference managers"):
///
/// - a news report: `DC.type=newspaperArticle` (the decisive signal) with its paper as
///   `prism.publicationName` → a newspaper article in that paper, bylines as authors;
/// - anything else (a transcript, a statement): `og:type=website` with its publisher
///   as `prism.publicationName` → a web page of the publisher's site.
///
/// No `citation_*` tags (Zotero reads `citation_title` alone as a journal article), no
/// publisher or source tags (Zotero files them as the publication or prints them
/// twice), and a corporate author is never a creator (Zotero would split "President
/// of Russia" into a person's names).
pub fn head(cx: &PageCx<'_>, doc: DocId) -> HeadView {
    let archive = cx.archive;
    let r = &cx.site.cites.docs[doc].record;
    let summary = archive.docs[doc].doc.meta.summary.as_deref();
    let page = paths::doc_dir(&archive.site.base_url, &r.id);
    HeadView {
        metas: reference_metas(r, summary, &page),
        json_ld: escape::json_in_script(&json_ld(r, summary, &page, &archive.site)),
    }
}

fn reference_metas(
    r: &Record,
    summary: Option<&str>,
    page: &str,
) -> Vec<(&'static str, &'static str, String)> {
    let mut metas = vec![("property", "og:title", r.title.clone())];
    if r.kind.is_news() {
        metas.push(("property", "og:type", "article".into()));
        metas.push(("name", "DC.type", "newspaperArticle".into()));
    } else {
        metas.push(("property", "og:type", "website".into()));
    }
    metas.push(("name", "DC.title", r.title.clone()));
    // Personal authors only, family name first so no reader splits them wrongly.
    for a in &r.authors {
        let inverted = match a.trim().rsplit_once(' ') {
            Some((given, family)) => format!("{family}, {given}"),
            None => a.clone(),
        };
        metas.push(("name", "DC.creator", inverted));
    }
    if let Some(p) = &r.publisher {
        metas.push(("name", "prism.publicationName", p.clone()));
        metas.push(("property", "og:site_name", p.clone()));
    }
    metas.push(("name", "DC.date", iso(r.date)));
    metas.push(("name", "DC.language", r.language.clone()));
    if page.contains("://") {
        metas.push(("property", "og:url", page.to_string()));
    }
    if let Some(s) = summary {
        metas.push(("name", "DC.description", s.to_string()));
    }
    metas
}

/// schema.org for search engines and other readers (Zotero does not read it).
fn json_ld(
    r: &Record,
    summary: Option<&str>,
    page: &str,
    site: &crate::parse::config::SiteConfig,
) -> serde_json::Value {
    let schema_type = if r.kind.is_news() {
        "NewsArticle"
    } else if r.kind.is_primary_record() {
        "Article"
    } else {
        "CreativeWork"
    };
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": schema_type,
        "headline": r.title,
        "name": r.title,
        "datePublished": iso(r.date),
        "inLanguage": r.language,
        "url": page,
        "genre": r.kind,
        "isPartOf": { "@type": "WebSite", "name": site.title, "url": site.base_url },
    });
    if let Some(p) = &r.publisher {
        ld["publisher"] = json!({ "@type": "Organization", "name": p });
    }
    if let Some(p) = r.corporate_author() {
        ld["author"] = json!({ "@type": "Organization", "name": p });
    }
    if !r.authors.is_empty() {
        let people: Vec<_> = (r.authors.iter())
            .map(|a| json!({ "@type": "Person", "name": a }))
            .collect();
        ld["author"] = json!(people);
    }
    if let Some(u) = &r.url {
        ld["isBasedOn"] = json!(u);
        ld["sameAs"] = json!(u);
    }
    if let Some(a) = r.accessed {
        ld["dateCreated"] = json!(iso(a));
    }
    if let Some(s) = summary {
        ld["description"] = json!(s);
    }
    ld
}
