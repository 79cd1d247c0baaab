//! Citable: permanent paragraph addresses across edits, cite this, the metadata
//! reference managers read, `scholia cite`, provenance.

use std::collections::BTreeMap;

use scraper::Html;

use crate::common::*;

const DOC: &str = "content/documents/2023-01-05-remarks.md";

fn remarks(paragraphs: &[&str]) -> String {
    format!(
        "---\ntitle: Remarks\ndate: 2023-01-05\nkind: statement\nsource:\n  publisher: City Hall\n---\n\n{}\n",
        paragraphs.join("\n\n")
    )
}

const P1: &str = "The council met on Tuesday to discuss the humanitarian corridors from the city.";
const P2: &str = "Officials said the trucks would return with wounded civilians later in the week.";
const P3: &str = "The minister described the talks as difficult but said they would continue.";
const NEW: &str = "A new opening paragraph about the weather and the harvest this autumn.";

fn build_on(root: &std::path::Path, date: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend(extra);
    assert_cmd::Command::cargo_bin("scholia")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", date)
        .args(&args)
        .output()
        .unwrap()
}

fn ids(html: &Html) -> Vec<String> {
    attrs(html, ".doc-body [id]", "id")
}

#[test]
fn addresses_survive_typos_insertions_and_deletions() {
    let tmp = archive(&[
        (
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        ),
        (DOC, &remarks(&[P1, P2, P3])),
    ]);
    // 2023-02-01 and 2023-03-01 as Unix times.
    let o = build_on(tmp.path(), "1675209600", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lock = std::fs::read_to_string(tmp.path().join("content/anchors.lock")).unwrap();
    assert_eq!(lock.matches("{ id = ").count(), 3, "{lock}");
    let out = tmp.path().join("public");
    assert_eq!(
        ids(&page(&out, "documents/2023-01-05-remarks/index.html")),
        vec!["p1", "p2", "p3"]
    );

    // A new first paragraph, a typo fixed in the second, the third deleted.
    write(
        tmp.path(),
        DOC,
        &remarks(&[NEW, P1, &P2.replace("wounded", "injured")]),
    );
    let locked = build_on(tmp.path(), "1677628800", &["--locked"]);
    assert_eq!(locked.status.code(), Some(1));
    assert!(
        stderr(&locked).contains("content/anchors.lock:1:1: error: paragraph addresses changed"),
        "{}",
        stderr(&locked)
    );
    let o = build_on(tmp.path(), "1677628800", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = page(&out, "documents/2023-01-05-remarks/index.html");
    assert_eq!(ids(&html), vec!["p0a", "p1", "p2", "p3"]);
    assert_eq!(texts(&html, "#p1"), vec![format!("1{P1}")]);
    // The corrected paragraph keeps its address and says it was revised.
    assert_eq!(attrs(&html, "#p2", "data-revised"), vec!["2023-03-01"]);
    assert!(texts(&html, "#p2")[0].contains("injured"));
    // The deleted paragraph's address resolves to a dated note with its neighbours.
    assert_eq!(
        texts(&html, "#p3"),
        vec!["3¶3 was removed on 2023-03-01. See ¶2."]
    );
    assert_eq!(attrs(&html, "#p3 a:not(.pnum)", "href"), vec!["#p2"]);
    // Building again changes nothing: the lock is the input now.
    let before = snapshot(&out);
    let o = build_on(tmp.path(), "1700000000", &["--locked"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before);
}

#[test]
fn check_reports_a_lock_that_would_change_and_a_damaged_lock() {
    let tmp = archive(&[("site.toml", "title = \"T\"\n"), (DOC, &remarks(&[P1]))]);
    let o = scholia(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert!(
        stderr(&o).contains("content/anchors.lock:1:1: note: paragraph addresses changed"),
        "{}",
        stderr(&o)
    );
    assert!(
        !tmp.path().join("content/anchors.lock").exists(),
        "check writes nothing"
    );
    write(
        tmp.path(),
        "content/anchors.lock",
        "version = 1\n[documents]\nx = [ { id = 3 } ]\n",
    );
    let o = scholia(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("content/anchors.lock:3:"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("the anchors lock is damaged"));
}

fn metas(html: &Html) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in html.select(&sel("head meta[name]")) {
        out.entry(m.value().attr("name").unwrap().to_string())
            .or_default()
            .push(m.value().attr("content").unwrap_or("").to_string());
    }
    out
}

#[test]
fn the_head_carries_metadata_reference_managers_read() {
    let (_tmp, out) = build_shipped();
    let html = page(
        &out,
        "documents/2022-04-26-putin-guterres-meeting/index.html",
    );
    let m = metas(&html);
    let one = |k: &str| m.get(k).map(|v| v.join("|")).unwrap_or_default();
    let title = "President Putin and UN Secretary-General Antonio Guterres: Meeting";
    assert_eq!(one("DC.title"), title);
    assert_eq!(one("prism.publicationName"), "President of Russia");
    assert_eq!(one("DC.date"), "2022-04-26");
    assert_eq!(one("DC.language"), "en");
    // Nothing that would make Zotero file a web page as a journal article.
    for k in [
        "citation_title",
        "citation_journal_title",
        "citation_volume",
        "citation_issue",
        "citation_doi",
    ] {
        assert!(!m.contains_key(k), "{k}");
    }
    let ld = json_in(&html, "script[type='application/ld+json']");
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["headline"], title);
    assert_eq!(ld["datePublished"], "2022-04-26");
    assert_eq!(ld["publisher"]["name"], "President of Russia");
    assert_eq!(
        ld["isBasedOn"],
        "http://en.kremlin.ru/events/president/news/68287"
    );
    assert_eq!(
        attrs(
            &html,
            "link[type='application/vnd.citationstyles.csl+json']",
            "href"
        ),
        vec!["cite.json"]
    );
    let axios = metas(&page(
        &out,
        "documents/2022-04-26-putin-defends-ukraine-invasion/index.html",
    ));
    assert!(
        !axios.contains_key("DC.creator"),
        "a report without a byline has no creator"
    );
}

#[test]
fn canonical_and_absolute_permalinks_with_an_absolute_base_url() {
    let tmp = archive(&[
        (
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/arch/\"\n",
        ),
        (DOC, &remarks(&[P1])),
    ]);
    let out = build(tmp.path());
    let html = page(&out, "documents/2023-01-05-remarks/index.html");
    assert_eq!(
        attrs(&html, "link[rel=canonical]", "href"),
        vec!["https://example.org/arch/documents/2023-01-05-remarks/"]
    );
    assert_eq!(
        attrs(&html, "meta[property='og:url']", "content"),
        vec!["https://example.org/arch/documents/2023-01-05-remarks/"]
    );
    let bib = std::fs::read_to_string(out.join("documents/2023-01-05-remarks/cite.bib")).unwrap();
    assert!(
        bib.contains("url = {https://example.org/arch/documents/2023-01-05-remarks/}"),
        "{bib}"
    );
}

#[test]
fn citations_of_the_seeds_match_the_golden_files() {
    let golden = repo().join("tests/golden/cite");
    let mut checked = 0;
    for entry in std::fs::read_dir(&golden).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let parts: Vec<&str> = name.trim_end_matches(".txt").split('.').collect();
        let (target, style) = match parts.as_slice() {
            [doc, style] => (doc.to_string(), *style),
            [doc, para, style] => (format!("{doc}#{para}"), *style),
            _ => panic!("{name}"),
        };
        let o = scholia(&[
            "cite",
            "--root",
            repo().to_str().unwrap(),
            &target,
            "--style",
            style,
        ]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(
            String::from_utf8(o.stdout).unwrap(),
            std::fs::read_to_string(&path).unwrap(),
            "{name}"
        );
        checked += 1;
    }
    assert_eq!(checked, 18);
}

#[test]
fn paragraph_citations_carry_the_locator_and_the_permalink() {
    let o = scholia(&[
        "cite",
        "--root",
        repo().to_str().unwrap(),
        "2022-04-26-putin-guterres-meeting#p18",
        "--style",
        "apa",
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "(President of Russia, 2022, para. 18)");
    assert!(lines[1].starts_with("President of Russia. (2022, April 26). President Putin and UN Secretary-General Antonio Guterres: Meeting [Transcript]."), "{}", lines[1]);
    assert_eq!(
        lines[2],
        "/documents/2022-04-26-putin-guterres-meeting/#p18"
    );
    let o = scholia(&[
        "cite",
        "--root",
        repo().to_str().unwrap(),
        "2022-04-26-putin-guterres-meeting#p18",
        "--style",
        "ris",
    ]);
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("\nSP  - para. 18\n")
    );
    let o = scholia(&[
        "cite",
        "--root",
        repo().to_str().unwrap(),
        "2022-04-26-putin-guterres-meeting",
        "--style",
        "nonesuch",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn pages_offer_the_citations_and_the_files_beside_them() {
    let (_tmp, out) = build_shipped();
    let dir = "documents/2022-04-26-putin-guterres-meeting";
    let html = page(&out, &format!("{dir}/index.html"));
    assert_eq!(
        attrs(&html, ".cite .citation", "data-style"),
        vec!["apa", "chicago", "chicago-author-date", "mla", "harvard"]
    );
    let apa = std::fs::read_to_string(
        repo().join("tests/golden/cite/2022-04-26-putin-guterres-meeting.apa.txt"),
    )
    .unwrap();
    assert_eq!(
        attrs(&html, ".citation[data-style=apa] button.copy", "data-copy"),
        vec![apa.trim_end().to_string()]
    );
    for (file, style) in [
        ("cite.bib", "bibtex"),
        ("cite.ris", "ris"),
        ("cite.json", "csl-json"),
    ] {
        let published = std::fs::read_to_string(out.join(dir).join(file)).unwrap();
        let golden = std::fs::read_to_string(repo().join(format!(
            "tests/golden/cite/2022-04-26-putin-guterres-meeting.{style}.txt"
        )))
        .unwrap();
        assert_eq!(published, golden, "{file}");
    }
    // The paragraph menus' data: every style with the locator placeholder.
    let data = json_in(&html, "#scholia-cite");
    assert_eq!(data["styles"].as_array().unwrap().len(), 5);
    // The script replaces the placeholder the data names.
    assert_eq!(data["locator"], "999999");
    assert!(
        data["styles"][0]["citation"]
            .as_str()
            .unwrap()
            .contains("para. 999999")
    );
}

#[test]
fn provenance_links_the_capture_page_and_the_wayback_machine() {
    let (_tmp, out) = build_shipped();
    let dir = "documents/2022-04-26-putin-guterres-meeting";
    let html = page(&out, &format!("{dir}/index.html"));
    let hrefs = attrs(&html, ".provenance a", "href");
    assert!(
        hrefs.contains(
            &"https://web.archive.org/web/*/http://en.kremlin.ru/events/president/news/68287"
                .to_string()
        ),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"capture/".to_string()));
    assert_eq!(texts(&html, ".provenance time"), vec!["23 November 2026"]);
    let capture = page(&out, &format!("{dir}/capture/index.html"));
    let shown: String = capture
        .select(&sel(".capture pre"))
        .next()
        .unwrap()
        .text()
        .collect();
    let raw = std::fs::read_to_string(repo().join(format!("content/{dir}.capture.txt"))).unwrap();
    assert_eq!(shown, raw, "the capture is shown whole, as text");
    assert!(
        capture
            .select(&sel(".capture span[class^=hl-]"))
            .next()
            .is_some(),
        "highlighted"
    );
}

#[test]
fn every_published_bibtex_file_parses_back() {
    let (_tmp, out) = build_shipped();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_name() != "cite.bib" {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let bib = biblatex::Bibliography::parse(&text)
            .unwrap_or_else(|e| panic!("{}: {e:?}\n{text}", entry.path().display()));
        assert_eq!(bib.len(), 1, "{}", entry.path().display());
        files += 1;
    }
    assert!(files >= 2, "{files} cite.bib files");
}
