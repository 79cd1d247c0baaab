//! "Cite this" on a document page, the downloadable citation files beside it, the
//! data the paragraph menus use, and the metadata reference managers read in the
//! page's `<head>` (Highwire Press, Dublin Core, schema.org).

use serde::Serialize;
use serde_json::json;

use crate::cite::{LOCATOR, bibtex, ris};
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
    /// `(name, content)` of `<meta>` tags, Highwire Press then Dublin Core.
    pub metas: Vec<(&'static str, String)>,
    /// The schema.org JSON-LD block.
    pub json_ld: String,
}

pub fn head(cx: &PageCx<'_>, doc: DocId) -> HeadView {
    let archive = cx.archive;
    let r = &cx.site.cites.docs[doc].record;
    let doc = &archive.docs[doc].doc;
    let mut metas: Vec<(&'static str, String)> = vec![("citation_title", r.title.clone())];
    for a in &r.authors {
        metas.push(("citation_author", a.clone()));
    }
    metas.push((
        "citation_publication_date",
        r.date.format("%Y/%m/%d").to_string(),
    ));
    metas.push(("citation_date", r.date.format("%Y/%m/%d").to_string()));
    if let Some(p) = &r.publisher {
        metas.push(("citation_publisher", p.clone()));
    }
    let page = paths::doc_dir(&archive.site.base_url, &doc.slug);
    metas.push(("citation_public_url", page.clone()));
    metas.push(("citation_fulltext_html_url", page.clone()));
    metas.push(("citation_language", r.language.clone()));
    if let Some(s) = &doc.meta.summary {
        metas.push(("citation_abstract", s.clone()));
    }
    metas.push(("DC.title", r.title.clone()));
    metas.extend(r.authors.iter().map(|a| ("DC.creator", a.clone())));
    if let Some(p) = r.corporate_author() {
        metas.push(("DC.creator", p.to_string()));
    }
    if let Some(p) = &r.publisher {
        metas.push(("DC.publisher", p.clone()));
    }
    metas.push(("DC.date", iso(r.date)));
    // The DCMI type of the page: a text; `DC.format` says which kind.
    metas.push(("DC.type", "Text".into()));
    metas.push(("DC.format", "text/html".into()));
    metas.push(("DC.identifier", page.clone()));
    if let Some(u) = &r.url {
        metas.push(("DC.source", u.clone()));
    }
    metas.push(("DC.language", r.language.clone()));
    if let Some(s) = &doc.meta.summary {
        metas.push(("DC.description", s.clone()));
    }
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
        "isPartOf": { "@type": "WebSite", "name": archive.site.title, "url": archive.site.base_url },
    });
    if let Some(p) = &r.publisher {
        ld["publisher"] = json!({ "@type": "Organization", "name": p });
    }
    if let Some(p) = r.corporate_author() {
        ld["author"] = json!({ "@type": "Organization", "name": p });
    }
    if !r.authors.is_empty() {
        ld["author"] = json!(
            r.authors
                .iter()
                .map(|a| json!({ "@type": "Person", "name": a }))
                .collect::<Vec<_>>()
        );
    }
    if let Some(u) = &r.url {
        ld["isBasedOn"] = json!(u);
        ld["sameAs"] = json!(u);
    }
    if let Some(a) = r.accessed {
        ld["dateCreated"] = json!(iso(a));
    }
    if let Some(s) = &doc.meta.summary {
        ld["description"] = json!(s);
    }
    HeadView {
        metas,
        json_ld: escape::json_in_script(&ld),
    }
}
