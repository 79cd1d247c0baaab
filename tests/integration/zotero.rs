//! The reference-manager rules for a page's `<head>`, encoded: a model of how Zotero's
//! Embedded Metadata translator (zotero/translators `Embedded Metadata.js`, which hands
//! Dublin Core, Open Graph and PRISM tags to `RDF.js`) picks an item type, a container
//! title and creators. Each document kind must come out as the right item: a transcript
//! as a web page of its publisher's site with no invented person, a news report as a
//! newspaper article in its paper with its bylines.
//!
//! The decision order modelled (see the translator's `init()` and RDF's `detectType`):
//! a "hard" Highwire tag (`citation_journal_title`…) wins; else a firm `og:type`
//! (`website`); else `DC.type`; else `citation_title` makes a journal article; else a
//! page with any RDF tag is a web page. `og:type=article` is only a guess and never
//! wins. The container title is `prism.publicationName`, else `DC.source`, else
//! `og:site_name`. A creator is split into a person's names: there is no tag for an
//! institution.

use std::collections::BTreeMap;

use scraper::Html;

use crate::common::*;

#[derive(Debug, PartialEq)]
struct Item {
    item_type: &'static str,
    title: Option<String>,
    container: Option<String>,
    /// (last name, first name) as Zotero splits them.
    creators: Vec<(String, String)>,
    date: Option<String>,
}

/// Every `<meta>` of the head, by `name` (or `property` when there is no name), as EM
/// reads them.
fn head_tags(html: &Html) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in html.select(&sel("head meta")) {
        let v = m.value();
        let Some(key) = v.attr("name").or_else(|| v.attr("property")) else {
            continue;
        };
        out.entry(key.to_string())
            .or_default()
            .push(v.attr("content").unwrap_or("").to_string());
    }
    out
}

/// Whether a key is a Dublin Core, Open Graph, PRISM or other RDF tag EM passes on.
fn is_rdf(key: &str) -> bool {
    let prefix = key
        .split(['.', ':', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        prefix.as_str(),
        "dc" | "dcterms" | "og" | "prism" | "article" | "eprints" | "z" | "bib" | "bibo"
    )
}

fn zotero_reads(html: &Html) -> Item {
    let tags = head_tags(html);
    let get = |k: &str| tags.get(k).and_then(|v| v.first()).cloned();
    let lower = |k: &str| get(k).map(|v| v.to_ascii_lowercase());
    let hard = [
        ("citation_journal_title", "journalArticle"),
        ("citation_technical_report_institution", "report"),
        ("citation_conference_title", "conferencePaper"),
        ("citation_book_title", "bookSection"),
        ("citation_dissertation_institution", "thesis"),
    ]
    .into_iter()
    .find(|(k, _)| tags.contains_key(*k))
    .map(|(_, t)| t);
    let dc_type = lower("DC.type").and_then(|t| match t.as_str() {
        "newspaperarticle" | "news item" | "newsitem" => Some("newspaperArticle"),
        "report" => Some("report"),
        "document" => Some("document"),
        "webpage" => Some("webpage"),
        _ => None,
    });
    let og_type = lower("og:type").and_then(|t| (t == "website").then_some("webpage"));
    let default = if tags.contains_key("citation_title") {
        Some("journalArticle")
    } else if tags.keys().any(|k| is_rdf(k)) {
        Some("webpage")
    } else {
        None
    };
    let item_type = hard
        .or(og_type)
        .or(dc_type)
        .or(default)
        .expect("a page with metadata");
    let container = get("prism.publicationName")
        .or_else(|| get("DC.source"))
        .or_else(|| get("og:site_name"));
    let creators = ["DC.creator", "citation_author"]
        .iter()
        .flat_map(|k| tags.get(*k).cloned().unwrap_or_default())
        .map(|name| match name.split_once(", ") {
            Some((last, first)) => (last.to_string(), first.to_string()),
            None => match name.rsplit_once(' ') {
                Some((first, last)) => (last.to_string(), first.to_string()),
                None => (name.clone(), String::new()),
            },
        })
        .collect();
    Item {
        item_type,
        title: get("citation_title")
            .or_else(|| get("DC.title"))
            .or_else(|| get("og:title")),
        container,
        creators,
        date: get("DC.date"),
    }
}

#[test]
fn the_model_follows_the_translators_order() {
    let page = |head: &str| Html::parse_document(&format!("<html><head>{head}</head></html>"));
    let citation_alone = page(r#"<meta name="citation_title" content="T">"#);
    assert_eq!(zotero_reads(&citation_alone).item_type, "journalArticle");
    let website_wins = page(
        r#"<meta name="citation_title" content="T"><meta property="og:type" content="website">"#,
    );
    assert_eq!(zotero_reads(&website_wins).item_type, "webpage");
    let article_is_a_guess = page(
        r#"<meta name="citation_title" content="T"><meta property="og:type" content="article">"#,
    );
    assert_eq!(
        zotero_reads(&article_is_a_guess).item_type,
        "journalArticle"
    );
    let corporate = page(r#"<meta name="DC.creator" content="President of Russia">"#);
    assert_eq!(
        zotero_reads(&corporate).creators,
        vec![("Russia".to_string(), "President of".to_string())]
    );
}

#[test]
fn a_transcript_is_a_web_page_of_its_publishers_site_with_no_invented_author() {
    let (_tmp, out) = build_shipped();
    let html = page(
        &out,
        "documents/2022-04-26-putin-guterres-meeting/index.html",
    );
    assert_eq!(
        zotero_reads(&html),
        Item {
            item_type: "webpage",
            title: Some(
                "President Putin and UN Secretary-General Antonio Guterres: Meeting".into()
            ),
            container: Some("President of Russia".into()),
            creators: vec![],
            date: Some("2022-04-26".into()),
        }
    );
    let tags = head_tags(&html);
    for k in ["citation_title", "DC.publisher", "DC.source", "author"] {
        assert!(!tags.contains_key(k), "{k} would mislead Zotero");
    }
}

#[test]
fn a_news_report_is_a_newspaper_article_in_its_paper_with_its_bylines() {
    let (_tmp, out) = build_shipped();
    let axios = page(
        &out,
        "documents/2022-04-26-putin-defends-ukraine-invasion/index.html",
    );
    let item = zotero_reads(&axios);
    assert_eq!(item.item_type, "newspaperArticle");
    assert_eq!(item.container.as_deref(), Some("Axios"));
    assert_eq!(item.creators, vec![], "the shipped report has no byline");
    // With bylines: each is a person, family name first.
    let tmp = fixture("basic");
    let doc = tmp
        .path()
        .join("content/documents/2023-05-02-harbour-briefing.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    let text = text
        .replacen("kind: transcript", "kind: article", 1)
        .replacen(
            "  authors: [Press Office]",
            "  authors: [Dave Lawler, Ana María Silva]",
            1,
        );
    std::fs::write(&doc, text).unwrap();
    let built = build(tmp.path());
    let item = zotero_reads(&page(
        &built,
        "documents/2023-05-02-harbour-briefing/index.html",
    ));
    assert_eq!(item.item_type, "newspaperArticle");
    assert_eq!(
        item.creators,
        vec![
            ("Lawler".to_string(), "Dave".to_string()),
            ("Silva".to_string(), "Ana María".to_string())
        ]
    );
}
