//! Input that once exhausted memory or time, at a reduced but still revealing size:
//! a paragraph of thousands of mentions, a big table, thousands of entities and tags,
//! and files past the `[limits]` of site.toml. The assertions are about the output and
//! the errors, never about seconds (tests/bench/blowup.sh measures those).

use crate::common::*;

const SITE: &str = "title = \"Limits\"\n";

fn doc(title: &str, front: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2022-01-01\n{front}---\n\n{body}")
}

/// The words of the first element matching `selector`, without its paragraph number.
fn words(html: &scraper::Html, selector: &str) -> String {
    let el = html.select(&sel(selector)).next().expect(selector);
    el.descendants()
        .filter(|n| {
            !n.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| e.has_class("pnum", scraper::CaseSensitivity::CaseSensitive))
            })
        })
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect()
}

const PUTIN: &str = "---\nname: Vladimir Putin\naliases: [Putin]\n---\nPresident of Russia.\n";

#[test]
fn a_paragraph_of_thousands_of_mentions_links_each_and_shows_each_once() {
    let putin = "Putin ".repeat(3000);
    let body = format!("{}\n\nLater, Vladimir Putin spoke.\n", putin.trim_end());
    let tmp = archive(&[
        ("site.toml", &format!("{SITE}[mentions]\nlink = \"all\"\n")),
        ("content/people/vladimir-putin.md", PUTIN),
        (
            "content/documents/2022-01-01-mentions.md",
            &doc("Mentions", "", &body),
        ),
    ]);
    let out = build(tmp.path());

    // Every mention is a link to the entity, and the words are the source's.
    let d = page(&out, "documents/2022-01-01-mentions/index.html");
    let links = attrs(&d, "#p1 a.mention", "href");
    assert_eq!(links.len(), 3000);
    assert!(links.iter().all(|h| h == "../../people/vladimir-putin/"));
    assert_eq!(
        words(&d, "#p1"),
        words_in(&body),
        "the words are the source's"
    );

    // The entity page marks every mention exactly once, in excerpts of bounded size.
    let e = page(&out, "people/vladimir-putin/index.html");
    assert_eq!(e.select(&sel(".contexts mark")).count(), 3001);
    let contexts = texts(&e, ".contexts li");
    assert!(contexts.len() > 1, "{}", contexts.len());
    for c in &contexts {
        assert!(
            c.chars().count() < 600,
            "an excerpt of {} characters",
            c.len()
        );
    }
    // A cut sentence says so.
    assert!(contexts[1].contains('…'), "{}", contexts[1]);
    let facts = texts(&e, ".doc-facts dd");
    assert!(
        facts.contains(&"Putin (3000), Vladimir Putin (1)".to_string()),
        "{facts:?}"
    );
}

#[test]
fn by_default_only_the_first_mention_of_a_section_is_linked() {
    let tmp = archive(&[
        ("site.toml", SITE),
        ("content/people/vladimir-putin.md", PUTIN),
        (
            "content/documents/2022-01-01-mentions.md",
            &doc("Mentions", "", &"Putin ".repeat(2000)),
        ),
    ]);
    let out = build(tmp.path());
    let d = page(&out, "documents/2022-01-01-mentions/index.html");
    assert_eq!(texts(&d, ".doc-body a.mention"), vec!["Putin"]);
}

/// The first paragraph of a body, as a page shows its text.
fn words_in(body: &str) -> String {
    body.split("\n\n").next().unwrap().to_string()
}

fn table(rows: usize) -> String {
    let mut t = String::from("| n | name |\n| --- | --- |\n");
    for i in 0..rows {
        t.push_str(&format!("| {i} | row {i} |\n"));
    }
    t
}

#[test]
fn a_big_table_renders_whole() {
    let body = format!("Before.\n\n{}\nAfter.\n", table(3000));
    let tmp = archive(&[
        ("site.toml", SITE),
        (
            "content/documents/2022-01-01-table.md",
            &doc("Table", "", &body),
        ),
    ]);
    let out = build(tmp.path());
    let d = page(&out, "documents/2022-01-01-table/index.html");
    assert_eq!(d.select(&sel(".doc-body table tbody tr")).count(), 3000);
    assert_eq!(
        texts(&d, ".doc-body table tbody tr:last-child td"),
        vec!["2999", "row 2999"]
    );
    assert_eq!(words(&d, "#p3"), "After.");
}

#[test]
fn a_table_over_the_block_limit_is_an_error_at_its_line() {
    let t = table(500);
    let body = format!("Before.\n\n{t}\nAfter.\n");
    let tmp = archive(&[
        (
            "site.toml",
            &format!("{SITE}[limits]\nmax_block_size = 4096\n"),
        ),
        (
            "content/documents/2022-01-01-table.md",
            &doc("Table", "", &body),
        ),
    ]);
    let o = scholia(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // Front matter (4 lines), a blank line, "Before.", a blank line: the table is on line 8.
    let expected = format!(
        "content/documents/2022-01-01-table.md:8:1: error: this paragraph or table is at least {:.1} KiB of Markdown, more than the limit of 4 KiB for one block\n  help: split it into smaller blocks, or raise `max_block_size` under [limits] in site.toml (in bytes; the default is 1048576)\n",
        (t.len() - 1) as f64 / 1024.0
    );
    assert!(err.contains(&expected), "{err}\nexpected:\n{expected}");
    assert!(!tmp.path().join("public").exists(), "nothing is published");
}

#[test]
fn a_file_over_the_size_limit_is_an_error_naming_the_setting() {
    let tmp = archive(&[
        (
            "site.toml",
            &format!("{SITE}[limits]\nmax_document_size = 2048\n"),
        ),
        (
            "content/documents/2022-01-01-long.md",
            &doc("Long", "", &"A sentence of the document.\n\n".repeat(100)),
        ),
        (
            "content/documents/2022-01-02-short.md",
            &doc("Short", "", "Short, and it links to [[2022-01-01-long]].\n"),
        ),
    ]);
    let o = scholia(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/documents/2022-01-01-long.md:1:1: error: this file is 2.9 KiB, more than the limit of 2 KiB for one file\n  help: split it into several documents, or raise `max_document_size` under [limits] in site.toml (in bytes; the default is 10485760)\n"),
        "{err}"
    );
    // Its front matter still stands: the link to it is not reported broken.
    assert!(!err.contains("broken link"), "{err}");
    assert!(err.ends_with("1 error\n"), "{err}");
}

#[test]
fn blocks_past_the_count_limit_are_an_error_naming_the_setting() {
    let items: String = (1..=150).map(|i| format!("- item {i}\n")).collect();
    let tmp = archive(&[
        (
            "site.toml",
            &format!("{SITE}[limits]\nmax_document_blocks = 100\n"),
        ),
        (
            "content/documents/2022-01-01-list.md",
            &doc("List", "", &items),
        ),
    ]);
    let o = scholia(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // Item 101 is on line 106 (front matter and a blank line before the list).
    assert!(
        err.contains("content/documents/2022-01-01-list.md:106:1: error: this document has more than 100 blocks"),
        "{err}"
    );
    assert!(
        err.contains("raise `max_document_blocks` under [limits] in site.toml"),
        "{err}"
    );
}

#[test]
fn a_long_list_keeps_every_address() {
    let items: String = (1..=3000).map(|i| format!("- item {i}\n")).collect();
    let tmp = archive(&[
        ("site.toml", SITE),
        (
            "content/documents/2022-01-01-list.md",
            &doc("List", "", &items),
        ),
    ]);
    let out = build(tmp.path());
    let d = page(&out, "documents/2022-01-01-list/index.html");
    let ids = attrs(&d, ".doc-body li[id]", "id");
    let expected: Vec<String> = (1..=3000).map(|n| format!("p{n}")).collect();
    assert_eq!(ids, expected);
    // Items inserted before the first get letters after the address before them,
    // not ever longer ones.
    let inserted: String = (1..=30).map(|i| format!("- new {i}\n")).collect();
    write(
        tmp.path(),
        "content/documents/2022-01-01-list.md",
        &doc("List", "", &format!("{inserted}{items}")),
    );
    let out = build(tmp.path());
    let d = page(&out, "documents/2022-01-01-list/index.html");
    let ids = attrs(&d, ".doc-body li[id]", "id");
    assert_eq!(&ids[..3], &["p0a", "p0b", "p0c"]);
    assert_eq!(&ids[25..31], &["p0z", "p0aa", "p0ab", "p0ac", "p0ad", "p1"]);
    assert_eq!(ids.len(), 3030);
}

#[test]
fn thousands_of_people_and_tags_each_get_their_page() {
    let mut files: Vec<(String, String)> = vec![("site.toml".into(), SITE.into())];
    for i in 1..=1000 {
        files.push((
            format!("content/people/person-{i}.md"),
            format!("---\nname: Person Number{i}\n---\nA person.\n"),
        ));
    }
    for d in 1..=20 {
        let tags: Vec<String> = (1..=50)
            .map(|t| format!("tag-{}", (d - 1) * 50 + t))
            .collect();
        files.push((
            format!("content/documents/2022-01-01-doc-{d}.md"),
            doc(
                &format!("Document {d}"),
                &format!("tags: [{}]\npeople: [Person Number{d}]\n", tags.join(", ")),
                "Person Number1 was there.\n",
            ),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let tmp = archive(&borrowed);
    let out = build(tmp.path());

    let people = page(&out, "people/index.html");
    assert_eq!(people.select(&sel("main li a")).count(), 1000);
    let tags = page(&out, "tags/index.html");
    assert_eq!(tags.select(&sel("main li a")).count(), 1000);

    // A term page: its documents, and a way back to the index, not every other term.
    let t = page(&out, "tags/tag-777/index.html");
    assert_eq!(texts(&t, "h1"), vec!["tag-777"]);
    assert_eq!(attrs(&t, ".breadcrumb a", "href"), vec!["../../tags/"]);
    assert_eq!(
        attrs(&t, "main a[href*='documents/']", "href"),
        vec!["../../documents/2022-01-01-doc-16/"]
    );
    assert_eq!(t.select(&sel("a[href*='tags/tag-']")).count(), 0);

    // An entity page: named by one document, mentioned in all twenty.
    let p = page(&out, "people/person-1/index.html");
    assert_eq!(texts(&p, "h1"), vec!["Person Number1"]);
    assert_eq!(p.select(&sel(".mention-doc")).count(), 20);
    let p7 = page(&out, "people/person-7/index.html");
    assert_eq!(
        texts(&p7, "section[aria-labelledby=listed-heading] li a"),
        vec!["Document 7"]
    );
}
