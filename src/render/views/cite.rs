//! "Cite this" on a document page, the downloadable citation files beside it, the
//! data the paragraph menus use, and the metadata reference managers read in the
//! page's `<head>` (Highwire Press, Dublin Core, schema.org).

use serde::Serialize;
use serde_json::json;

use crate::cite::{Citer, Record, Run, Style, bibtex, ris};
use crate::render::Page;
use crate::render::html::escape;
use crate::render::views::{display_date, doc_href, iso};
use crate::resolve::Archive;

/// The sentinel a paragraph citation's locator is rendered with; the page's script
/// puts the paragraph's number in its place.
pub const LOCATOR: &str = "999999";

/// The citation record of document `index`.
pub fn record(archive: &Archive, index: usize) -> Record {
    let doc = &archive.docs[index];
    let m = &doc.meta;
    Record {
        id: doc.slug.clone(),
        kind: m.kind.clone(),
        title: m.title.clone(),
        authors: m.source.authors.clone(),
        publisher: m.source.publisher.clone(),
        date: m.date,
        url: m.source.url.clone(),
        archive_url: Some(permalink(archive, index)).filter(|u| u.contains("://")),
        archive_name: archive.site.title.clone(),
        accessed: m.capture.as_ref().and_then(|c| c.date),
        republished: m
            .republished
            .iter()
            .map(|r| (r.publisher.clone(), r.date))
            .collect(),
        language: m
            .language
            .clone()
            .unwrap_or_else(|| archive.site.language.clone()),
    }
}

/// The document page's address under the site's `base_url`.
pub fn permalink(archive: &Archive, index: usize) -> String {
    doc_href(&archive.site.base_url, &archive.docs[index].slug)
}

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

/// The cite view of document `index`, and the files `cite.bib`, `cite.ris` and
/// `cite.json` to publish beside its page.
pub fn cite(archive: &Archive, index: usize, r: &Record, citer: &Citer) -> (CiteView, Vec<Page>) {
    let item = r.csl_json();
    let mut styles = Vec::new();
    let mut templates = Vec::new();
    for s in Style::CSL {
        if let Some(f) = citer.format(&item, s, Some(LOCATOR)) {
            templates.push(json!({ "key": s.key(), "title": s.title(), "citation": f.citation, "reference": f.reference }));
            styles.push(StyleView {
                key: s.key(),
                title: s.title(),
                reference: f.reference,
                reference_html: runs_html(&f.reference_runs),
            });
        }
    }
    let csl_json = serde_json::to_string_pretty(&json!([item])).unwrap_or_default() + "\n";
    let mut with_locator = item.clone();
    with_locator["locator"] = json!(LOCATOR);
    with_locator["label"] = json!("paragraph");
    let data = json!({
        "permalink": permalink(archive, index),
        "locator": LOCATOR,
        "styles": templates,
        "bibtex": bibtex(r, Some(LOCATOR)),
        "ris": ris(r, Some(LOCATOR)),
        "csl": serde_json::to_string_pretty(&json!([with_locator])).unwrap_or_default(),
    });
    let view = CiteView {
        styles,
        bibtex: bibtex(r, None),
        ris: ris(r, None),
        csl_json: csl_json.clone(),
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
    };
    let dir = doc_href("", &archive.docs[index].slug);
    let files = vec![
        Page {
            path: format!("{dir}cite.bib"),
            bytes: view.bibtex.clone().into_bytes(),
        },
        Page {
            path: format!("{dir}cite.ris"),
            bytes: view.ris.clone().into_bytes(),
        },
        Page {
            path: format!("{dir}cite.json"),
            bytes: csl_json.into_bytes(),
        },
    ];
    (view, files)
}

/// A formatted reference as HTML: each run's text escaped, its face as elements, its
/// link kept only when the address is safe.
pub fn runs_html(runs: &[Run]) -> String {
    let mut out = String::new();
    for run in runs {
        let f = run.face;
        let tags: Vec<(&str, &str)> = [
            (f.italic, ("<i>", "</i>")),
            (f.bold, ("<b>", "</b>")),
            (f.small_caps, ("<span class=\"small-caps\">", "</span>")),
            (f.underline, ("<u>", "</u>")),
            (f.raised == Some(true), ("<sup>", "</sup>")),
            (f.raised == Some(false), ("<sub>", "</sub>")),
        ]
        .into_iter()
        .filter_map(|(on, t)| on.then_some(t))
        .collect();
        let link = run.link.as_deref().filter(|u| escape::is_safe_url(u));
        if let Some(u) = link {
            out.push_str(&format!("<a href=\"{}\">", escape::html(u)));
        }
        tags.iter().for_each(|(open, _)| out.push_str(open));
        out.push_str(&escape::html(&run.text));
        tags.iter().rev().for_each(|(_, close)| out.push_str(close));
        if link.is_some() {
            out.push_str("</a>");
        }
    }
    out
}

/// The `<head>` metadata of a document page.
#[derive(Debug, Serialize)]
pub struct HeadView {
    /// `(name, content)` of `<meta>` tags, Highwire Press then Dublin Core.
    pub metas: Vec<(&'static str, String)>,
    /// The schema.org JSON-LD block.
    pub json_ld: String,
}

pub fn head(archive: &Archive, index: usize, r: &Record) -> HeadView {
    let doc = &archive.docs[index];
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
    let page = permalink(archive, index);
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
    let schema_type = match r.kind.as_str() {
        "article" => "NewsArticle",
        "transcript" | "interview" | "statement" | "speech" => "Article",
        _ => "CreativeWork",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::Face;

    #[test]
    fn runs_are_escaped_and_only_safe_links_kept() {
        let run = |text: &str, italic: bool, link: Option<&str>| Run {
            text: text.into(),
            face: Face {
                italic,
                ..Face::default()
            },
            link: link.map(Into::into),
        };
        let html = runs_html(&[
            run("A<img src=x onerror=alert(1)>. ", false, None),
            run("T</i><script>", true, None),
            run(" x", false, Some("javascript:alert(1)")),
            run(" y", false, Some("https://e.org/?a=\"b\"")),
        ]);
        assert_eq!(
            html,
            "A&lt;img src=x onerror=alert(1)&gt;. <i>T&lt;/i&gt;&lt;script&gt;</i> x<a href=\"https://e.org/?a=&quot;b&quot;\"> y</a>"
        );
    }
}
