//! The built site: page structure, paragraph anchors, speaker turns, taxonomies, the
//! 404 page, and links that resolve from any sub-path.

use std::path::Path;

use scraper::Html;

use crate::common::*;

const HARBOUR: &str = "documents/2023-05-02-harbour-briefing/index.html";

#[test]
fn document_page_has_title_metadata_and_semantic_structure() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let html = page(&out, HARBOUR);
    assert_eq!(attrs(&html, "html", "lang"), vec!["en"]);
    assert_eq!(texts(&html, "article h1"), vec!["Briefing on the harbour"]);
    assert_eq!(
        texts(&html, "title"),
        vec!["Briefing on the harbour · Fixture archive"]
    );
    assert_eq!(html.select(&sel("nav")).count(), 1);
    // Headings in order: one h1; the body's "##" became an h3 under the page's h2s? No:
    // body headings move one level down, so "## After the briefing" is an h3.
    assert_eq!(texts(&html, ".doc-body h3"), vec!["After the briefing"]);
    assert_eq!(
        texts(&html, ".doc-facts dd"),
        vec![
            "Ministry of Examples · Press Office",
            "Mirror Site, 3 May 2023",
            "Jan Kowalski, Ana Silva",
            // People: the speakers and the people named, one entry each.
            "Jan Kowalski, Ana Silva",
            "Kyiv, Harbour Town",
            "Ministry of Examples",
            "harbour, briefings",
        ]
    );
    assert_eq!(
        attrs(&html, "link[rel=canonical]", "href"),
        vec!["https://example.org/sub/path/documents/2023-05-02-harbour-briefing/"]
    );
}

#[test]
fn every_numbered_block_has_a_self_linking_anchor_in_order() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let html = page(&out, HARBOUR);
    let ids = attrs(&html, ".doc-body .numbered", "id");
    let expected: Vec<String> = (1..=10).map(|n| format!("p{n}")).collect();
    assert_eq!(ids, expected);
    for n in 1..=10 {
        let link = html
            .select(&sel(&format!("#p{n} > a.pnum")))
            .next()
            .unwrap_or_else(|| panic!("no number link in #p{n}"));
        assert_eq!(link.value().attr("href"), Some(format!("#p{n}").as_str()));
        assert_eq!(link.text().collect::<String>(), n.to_string());
    }
    // The list items are numbered one by one, inside one list.
    assert_eq!(attrs(&html, ".doc-body ul > li", "id"), vec!["p4", "p5"]);
    assert_eq!(attrs(&html, ".doc-body .table", "id"), vec!["p8"]);
    assert_eq!(attrs(&html, ".doc-body .code", "id"), vec!["p10"]);
}

#[test]
fn speaker_turns_show_the_label_once_and_group_their_paragraphs() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let html = page(&out, HARBOUR);
    assert_eq!(
        texts(&html, "section.turn > .speaker"),
        vec!["Jan Kowalski", "Ana Silva", "Jan Kowalski"]
    );
    let turns: Vec<Vec<String>> = html
        .select(&sel("section.turn"))
        .map(|t| {
            t.select(&sel(".numbered"))
                .map(|p| p.value().attr("id").unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        turns,
        vec![vec!["p2", "p3", "p4", "p5"], vec!["p6"], vec!["p7", "p8"]]
    );
    // The label is not repeated inside the paragraph.
    assert_eq!(texts(&html, "#p2"), vec!["2Good morning."]);
    // The speaker's name links to the person's page.
    assert_eq!(
        attrs(&html, "section.turn > .speaker a", "href")[0],
        "../../people/jan-kowalski/"
    );
    // The editorial note stands apart, before any turn.
    assert_eq!(
        texts(&html, ".narrative p.editorial"),
        vec!["1(The briefing began at 10:00.)"]
    );
}

#[test]
fn words_are_unchanged_and_raw_html_is_shown_as_text() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let html = page(&out, HARBOUR);
    assert_eq!(
        texts(&html, "#p6"),
        vec!["6Is the harbour open to \"all\" ships -- even 'large' ones...?"]
    );
    assert_only_our_scripts(&html);
    assert_eq!(
        texts(&html, "#p9"),
        vec!["9Notes on <script>alert(\"x\")</script> follow."]
    );
}

#[test]
fn footnotes_link_both_ways_and_code_is_highlighted() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let html = page(&out, HARBOUR);
    assert_eq!(attrs(&html, "#p3 sup.fnref a", "href"), vec!["#fn-1"]);
    assert_eq!(attrs(&html, "#p3 sup.fnref a", "id"), vec!["fnref-1"]);
    assert_eq!(
        texts(&html, ".footnotes li#fn-1 p"),
        vec!["The announcements were also published in writing."]
    );
    assert_eq!(attrs(&html, "#fn-1 a.fnback", "href"), vec!["#fnref-1"]);
    assert!(
        html.select(&sel("#p10 pre.code span[class^=hl-]"))
            .next()
            .is_some()
    );
    let css = std::fs::read_to_string(out.join("syntax.css")).unwrap();
    assert!(css.contains("prefers-color-scheme: dark"));
}

#[test]
fn provenance_names_the_capture_and_the_capture_is_published_byte_for_byte() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let html = page(&out, HARBOUR);
    let href = attrs(&html, ".provenance a[type='text/plain']", "href");
    assert_eq!(href, vec!["2023-05-02-harbour-briefing.capture.txt"]);
    let published = std::fs::read(
        out.join("documents/2023-05-02-harbour-briefing")
            .join(&href[0]),
    )
    .unwrap();
    let original = std::fs::read(
        tmp.path()
            .join("content/documents/2023-05-02-harbour-briefing.capture.txt"),
    )
    .unwrap();
    assert_eq!(published, original);
    let sha = texts(&html, ".provenance code.hash");
    assert_eq!(sha[0].len(), 64);
}

#[test]
fn home_lists_documents_newest_first_and_skips_hidden_and_backup_files() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let html = page(&out, "index.html");
    assert_eq!(
        texts(&html, ".doclist .doc-title"),
        vec![
            "Briefing on the harbour",
            "Заявление о мосте",
            "Statement on the bridge"
        ]
    );
    assert_eq!(
        attrs(&html, ".doclist .doc-title", "href"),
        vec![
            "documents/2023-05-02-harbour-briefing/",
            "documents/2022-03-01-zayavlenie/",
            "documents/2021-11-20-statement/",
        ]
    );
    let ru = page(&out, "documents/2022-03-01-zayavlenie/index.html");
    assert_eq!(attrs(&ru, "html", "lang"), vec!["ru"]);
}

#[test]
fn timeline_groups_by_year_and_month() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let html = page(&out, "timeline/index.html");
    assert_eq!(texts(&html, "main h2"), vec!["2023", "2022", "2021"]);
    assert_eq!(
        texts(&html, "main h3"),
        vec!["May 2023", "March 2022", "November 2021"]
    );
    assert_eq!(
        texts(&html, "#y2023-5 .doc-title"),
        vec!["Briefing on the harbour"]
    );
}

#[test]
fn taxonomy_pages_list_terms_with_counts_and_their_documents() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let people = page(&out, "people/index.html");
    let terms: Vec<String> = texts(&people, ".terms li");
    assert_eq!(terms, vec!["Ana Silva 2", "Jan Kowalski 1"]);
    let ana = page(&out, "people/ana-silva/index.html");
    assert_eq!(texts(&ana, "h1"), vec!["Ana Silva"]);
    assert_eq!(
        texts(&ana, ".doc-title"),
        vec!["Briefing on the harbour", "Statement on the bridge"]
    );
    let places = page(&out, "places/index.html");
    assert_eq!(
        texts(&places, ".terms a"),
        vec!["Harbour Town", "Kyiv", "Киев"]
    );
    assert!(
        out.join("places/kiev/index.html").exists(),
        "Cyrillic terms get a transliterated address"
    );
    let kinds = page(&out, "kinds/index.html");
    assert_eq!(texts(&kinds, ".terms a"), vec!["statement", "transcript"]);
    for tax in ["organizations", "tags"] {
        assert!(out.join(tax).join("index.html").exists(), "{tax}");
    }
}

#[test]
fn not_found_page_links_from_the_site_path() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let html = page(&out, "404.html");
    assert_eq!(texts(&html, "h1"), vec!["Page not found"]);
    assert!(attrs(&html, "main a", "href").contains(&"/sub/path/".to_string()));
    assert!(
        attrs(&html, "link[rel=stylesheet]", "href").contains(&"/sub/path/style.css".to_string())
    );
}

/// Every relative link and fragment on every page resolves inside the output, as it
/// would when the site is served from any sub-path.
#[test]
fn every_internal_link_and_anchor_resolves() {
    let root = fixture("basic");
    let out = build(root.path());
    check_links(&out);
}

#[test]
fn the_shipped_archive_builds_and_its_links_resolve() {
    let (_tmp, out) = build_shipped();
    check_links(&out);
    let kremlin = page(
        &out,
        "documents/2022-04-26-putin-guterres-meeting/index.html",
    );
    // The transcript: Putin's three turns and the Kremlin's two notes.
    assert_eq!(texts(&kremlin, "section.turn > .speaker").len(), 3);
    assert_eq!(kremlin.select(&sel("p.editorial")).count(), 2);
    let axios = page(
        &out,
        "documents/2022-04-26-putin-defends-ukraine-invasion/index.html",
    );
    assert_eq!(axios.select(&sel(".doc-body li.numbered")).count(), 8);
}

fn check_links(out: &Path) {
    let pages: Vec<String> = snapshot(out)
        .into_keys()
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .collect();
    assert!(!pages.is_empty());
    for rel in &pages {
        let html = page(out, rel);
        let dir = Path::new(rel).parent().unwrap().to_path_buf();
        for href in attrs(&html, "a[href], link[href]", "href") {
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = match href.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (href.clone(), None),
            };
            let target = if path.is_empty() {
                Path::new(rel).to_path_buf()
            } else {
                let mut t = normalise(&dir.join(&path));
                if path.ends_with('/') || t.as_os_str().is_empty() {
                    t = t.join("index.html");
                }
                t
            };
            assert!(
                !href.starts_with('/'),
                "{rel}: absolute link {href} breaks on a sub-path"
            );
            assert!(
                out.join(&target).is_file(),
                "{rel}: broken link {href} -> {}",
                target.display()
            );
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                let t = page(out, target.to_str().unwrap());
                assert!(has_id(&t, &f), "{rel}: no #{f} in {}", target.display());
            }
        }
    }
}

fn has_id(html: &Html, id: &str) -> bool {
    html.select(&sel("[id]"))
        .any(|e| e.value().attr("id") == Some(id))
}

fn normalise(p: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                assert!(out.pop(), "link leaves the site: {}", p.display());
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A capture saved as HTML is published as text: it must never become a page of the
/// site, served from its address without the theme's Content-Security-Policy.
#[test]
fn a_capture_that_is_not_text_is_published_as_text() {
    let tmp = fixture("basic");
    let docs = tmp.path().join("content/documents");
    let old = docs.join("2023-05-02-harbour-briefing.capture.txt");
    let bytes = b"<html><script>alert(1)</script><p>Captured.</p></html>\n";
    std::fs::remove_file(&old).unwrap();
    std::fs::write(docs.join("2023-05-02-harbour-briefing.capture.html"), bytes).unwrap();
    let md = docs.join("2023-05-02-harbour-briefing.md");
    let text = std::fs::read_to_string(&md).unwrap();
    let sha = sha256_hex(bytes);
    let text = text
        .replace(
            "2023-05-02-harbour-briefing.capture.txt",
            "2023-05-02-harbour-briefing.capture.html",
        )
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("sha256:") {
                format!("  sha256: {sha}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&md, text + "\n").unwrap();
    let out = build(tmp.path());
    let dir = out.join("documents/2023-05-02-harbour-briefing");
    assert!(
        !dir.join("2023-05-02-harbour-briefing.capture.html")
            .exists()
    );
    let published =
        std::fs::read(dir.join("2023-05-02-harbour-briefing.capture.html.txt")).unwrap();
    assert_eq!(published, bytes);
    let html = page(&out, HARBOUR);
    assert_eq!(
        attrs(&html, ".provenance a[type='text/plain']", "href"),
        vec!["2023-05-02-harbour-briefing.capture.html.txt"]
    );
    let capture = page(
        &out,
        "documents/2023-05-02-harbour-briefing/capture/index.html",
    );
    assert_eq!(
        attrs(&capture, "a[type='text/plain']", "href"),
        vec!["../2023-05-02-harbour-briefing.capture.html.txt"]
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    scholia::parse::document::sha256_hex(bytes)
}
