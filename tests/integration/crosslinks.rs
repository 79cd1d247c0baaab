//! The cross-linked archive: entities under every spelling, mentions in context,
//! links and backlinks, events, verified quotations.

use crate::common::*;

const TRANSCRIPT: &str = "documents/2023-03-01-talks-transcript/index.html";
const REPORT: &str = "documents/2023-03-02-talks-report/index.html";

#[test]
fn mentions_link_to_entities_and_keep_the_source_spelling() {
    let tmp = fixture("linked");
    let out = build(tmp.path());
    let t = page(&out, TRANSCRIPT);
    // "Kiev" stays "Kiev" and links to the page named Kyiv; the first mention of the turn only.
    let kyiv: Vec<(String, String)> = t
        .select(&sel(".doc-body a.mention.places"))
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        kyiv,
        vec![
            ("Geneva".into(), "../../places/geneva/".into()),
            ("Kiev".into(), "../../places/kyiv/".into())
        ]
    );
    assert_eq!(
        texts(&t, "#p2"),
        vec!["2We want the Red Cross to reach every village, and Kiev's mayor agrees."]
    );
    // No mention inside a link, a URL or a wikilink: the report's second paragraph has
    // only its own two links.
    let r = page(&out, REPORT);
    assert_eq!(
        attrs(&r, "#p2 a:not(.pnum)", "href"),
        vec!["https://kyiv.example/Kiev", "../../places/kyiv/"]
    );
    assert_eq!(r.select(&sel("#p2 a.mention")).count(), 0);
    // Mentioned entities join the document's lists even when front matter omits them.
    assert_eq!(
        texts(&r, ".doc-facts dd"),
        vec![
            "Anna Berg, Ana Berg",
            "International Committee of the Red Cross",
            "Talks in Geneva"
        ]
    );
}

#[test]
fn entity_pages_show_every_mention_in_context() {
    let tmp = fixture("linked");
    let out = build(tmp.path());
    let p = page(&out, "people/anna-berg/index.html");
    assert_eq!(texts(&p, "h1"), vec!["Anna Berg"]);
    assert_eq!(
        texts(&p, ".mention-doc h3"),
        vec![
            "Minister wants Red Cross access",
            "Talks in Geneva: transcript"
        ]
    );
    assert_eq!(
        attrs(&p, ".contexts .para", "href"),
        // The speaker label of the transcript's first turn is not text, so not a mention.
        vec![
            "../../documents/2023-03-02-talks-report/#p1",
            "../../documents/2023-03-01-talks-transcript/#p3"
        ]
    );
    assert_eq!(texts(&p, ".contexts mark"), vec!["Anna Berg", "Berg"]);
    let contexts = texts(&p, ".contexts li");
    assert_eq!(contexts[1], "¶3 Anna Berg: Berg's team stays until Friday.");
    // Who speaks about it, and the spellings seen.
    assert_eq!(
        texts(&p, "section[aria-labelledby=speakers-heading] li"),
        vec!["Anna Berg (1 mention)"]
    );
    let facts = texts(&p, ".doc-facts dd");
    assert!(
        facts.contains(&"Anna Berg (1), Berg (1)".to_string()),
        "{facts:?}"
    );
    // The entity's own body links resolve to permalinks.
    assert_eq!(
        attrs(&p, ".entity-body a", "href"),
        vec!["../../documents/2023-03-01-talks-transcript/#p2"]
    );
    // Co-occurring entities.
    assert!(texts(&p, "section[aria-labelledby=with-heading] a").contains(&"Geneva".to_string()));
}

#[test]
fn unknown_names_are_reported_with_a_suggestion_and_get_a_stub_page() {
    let tmp = fixture("linked");
    let o = scholia(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(
        err.contains("content/documents/2023-03-02-talks-report.md:5:10: warning: `Ana Berg` in `people` is not in the archive's people\n  help: did you mean `Anna Berg`? Otherwise add content/people/ana-berg.md (it gets a stub page until then)\n"),
        "{err}"
    );
    assert!(
        err.contains("note: quotation not found in the archive: \"until the end of the month\""),
        "{err}"
    );
    let out = build(tmp.path());
    let stub = page(&out, "people/ana-berg/index.html");
    assert_eq!(texts(&stub, "h1"), vec!["Ana Berg"]);
    assert_eq!(stub.select(&sel(".stub")).count(), 1);
}

#[test]
fn wikilinks_and_content_links_resolve_and_documents_list_their_backlinks() {
    let tmp = fixture("linked");
    let out = build(tmp.path());
    let r = page(&out, REPORT);
    assert_eq!(
        attrs(&r, "#p1 a:not(.pnum):not(.mention):not([title])", "href"),
        vec![
            "../../documents/2023-03-01-talks-transcript/#p2",
            "../../documents/2023-03-01-talks-transcript/#p1"
        ]
    );
    let t = page(&out, TRANSCRIPT);
    assert_eq!(
        attrs(&t, ".backlinks a", "href"),
        vec!["../../documents/2023-03-02-talks-report/#p1"]
    );
}

#[test]
fn broken_links_and_anchors_are_errors_at_their_place() {
    let tmp = fixture("linked");
    write(
        tmp.path(),
        "content/documents/2023-03-03-broken.md",
        "---\ntitle: B\ndate: 2023-03-03\n---\n\nSee [[2023-03-01-talks-transcript#p9]], [[Anna Bergg]] and\n[this](../people/nobody.md).\n",
    );
    let o = scholia(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        "content/documents/2023-03-03-broken.md:6:5: error: broken link `2023-03-01-talks-transcript#p9`: 2023-03-01-talks-transcript has no paragraph #p9\n  help: its paragraphs are #p1 to #p3\n",
        "content/documents/2023-03-03-broken.md:6:41: error: broken link [[Anna Bergg]]: no document, event or entity is called `Anna Bergg`\n  help: did you mean `Anna Berg`?\n",
        "content/documents/2023-03-03-broken.md:7:1: error: broken link to `../people/nobody.md`: no such content file\n",
    ] {
        assert!(err.contains(expected), "missing:\n{expected}\nin:\n{err}");
    }
}

#[test]
fn event_pages_show_documents_side_by_side_with_participants_and_timeline() {
    let tmp = fixture("linked");
    let out = build(tmp.path());
    let e = page(&out, "events/2023-03-01-geneva-talks/index.html");
    assert_eq!(texts(&e, "h1"), vec!["Talks in Geneva"]);
    assert_eq!(texts(&e, ".participants a"), vec!["Anna Berg", "Jon Tall"]);
    assert_eq!(
        texts(&e, ".side-by-side .column h3"),
        vec![
            "Minister wants Red Cross access",
            "Talks in Geneva: transcript"
        ]
    );
    // Each column's numbers link to its document's permalinks; ids stay unique.
    assert_eq!(
        attrs(&e, ".side-by-side .column:nth-of-type(2) .pnum", "href")[0],
        "../../documents/2023-03-01-talks-transcript/#p1"
    );
    let ids = attrs(&e, "[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len());
    assert_eq!(texts(&e, ".event-timeline li").len(), 3);
    let index = page(&out, "events/index.html");
    assert_eq!(texts(&index, ".doc-title"), vec!["Talks in Geneva"]);
    // Documents name their event.
    let t = page(&out, TRANSCRIPT);
    assert!(
        attrs(&t, ".doc-facts a", "href")
            .contains(&"../../events/2023-03-01-geneva-talks/".to_string())
    );
}

#[test]
fn quotations_are_verified_against_the_other_documents() {
    let tmp = fixture("linked");
    let out = build(tmp.path());
    let r = page(&out, REPORT);
    assert_eq!(
        texts(&r, ".quotations li .verdict"),
        vec!["verbatim", "not found in the archive"]
    );
    assert_eq!(
        attrs(&r, "#p1 sup.qv a", "href"),
        vec!["../../documents/2023-03-01-talks-transcript/#p2"]
    );
}

#[test]
fn the_seed_archive_links_axios_quotes_of_putin_to_the_transcript() {
    let (_tmp, out) = build_shipped();
    let axios = page(
        &out,
        "documents/2022-04-26-putin-defends-ukraine-invasion/index.html",
    );
    let verdicts: Vec<(String, String)> = axios
        .select(&sel(".quotations li"))
        .map(|li| {
            let q = li
                .select(&sel("q"))
                .next()
                .unwrap()
                .text()
                .collect::<String>();
            let href = li
                .select(&sel(".verdict + a"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .unwrap_or("")
                .to_string();
            (q, href)
        })
        .collect();
    let kremlin = "../../documents/2022-04-26-putin-guterres-meeting/";
    let find = |q: &str| {
        verdicts.iter().find(|(t, _)| t == q).map_or_else(
            || panic!("{q} not listed: {verdicts:?}"),
            |(_, h)| h.clone(),
        )
    };
    assert_eq!(find("provocation"), format!("{kremlin}#p18"));
    assert_eq!(find("human shields."), format!("{kremlin}#p36"));
    // Guterres's words: the transcript only summarises them (its editorial note is not
    // a source), so they are not found, which is not "false".
    for q in [
        "arrived in Moscow with a pragmatic approach.",
        "humanitarian contact group",
        "so no one will have an excuse to sabotage those corridors.",
    ] {
        assert_eq!(find(q), "", "{q}");
    }
    assert!(
        texts(&axios, ".quotations .q-none .verdict")
            .iter()
            .all(|v| v == "not found in the archive")
    );
    // The Kremlin's "Kiev" links to Kyiv's page, spelled as the source spells it.
    let k = page(
        &out,
        "documents/2022-04-26-putin-guterres-meeting/index.html",
    );
    let kiev: Vec<String> = k
        .select(&sel("a.mention[href='../../places/kyiv/']"))
        .map(|a| a.text().collect())
        .collect();
    assert!(
        !kiev.is_empty() && kiev.iter().all(|t| t == "Kiev"),
        "{kiev:?}"
    );
}

#[test]
fn every_mention_can_be_linked_by_configuration() {
    let tmp = fixture("linked");
    let site = std::fs::read_to_string(tmp.path().join("site.toml")).unwrap();
    write(
        tmp.path(),
        "site.toml",
        &format!("{site}[mentions]\nlink = \"all\"\n"),
    );
    let out = build(tmp.path());
    let t = page(&out, TRANSCRIPT);
    assert_eq!(
        texts(&t, ".doc-body a.mention[href='../../places/kyiv/']"),
        vec!["Kiev", "Kiev"]
    );
}
