//! Annotations: anchoring statuses reported by `check`, highlights and margin notes in
//! the HTML (nested and overlapping), orphans listed apart, cross-document citations,
//! annotation pages and the index, and anchors kept through edits.

use crate::common::*;

const BRIEFING: &str = "documents/2023-06-01-briefing/index.html";

#[test]
fn check_lists_every_annotation_with_its_status_and_place() {
    let tmp = fixture("annotated");
    let o = scholia(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    for line in [
        "content/annotations/2023-06-01-briefing/gone.md:3:8: warning: annotation is orphaned: its quoted words are no longer in 2023-06-01-briefing\n",
        "content/annotations/2023-06-01-briefing/order.md:3:8: note: annotation anchored (exact) at ¶1 of 2023-06-01-briefing: \"I have issued an order to stop the assault\"\n",
        "content/annotations/2023-06-01-briefing/repeated.md:3:8: note: annotation anchored (exact) at ¶3 of 2023-06-01-briefing: \"if there are any\"\n",
        "content/annotations/2023-06-01-briefing/typo.md:3:8: note: annotation anchored (fuzzy) at ¶2 of 2023-06-01-briefing: \"They can come out, just like this\"\n",
        "content/annotations/2023-06-02-report/isolated.md:3:8: note: annotation anchored (exact) at ¶1 of 2023-06-02-report: \"the plant was isolated\"\n",
    ] {
        assert!(err.contains(line), "missing:\n{line}in:\n{err}");
    }
}

#[test]
fn highlights_nest_and_notes_sit_beside_their_paragraph() {
    let tmp = fixture("annotated");
    let out = build(tmp.path());
    let html = page(&out, BRIEFING);
    // The words stay the source's: highlights and reference numbers add no words.
    assert_eq!(
        texts(&html, "#p1 mark.annot"),
        vec![
            "I have issued an order to stop the assault",
            "stop the assault"
        ]
    );
    assert_eq!(
        html.select(&sel("#p1 mark.annot mark.annot.k-fact-check"))
            .count(),
        1,
        "the nested note's words are inside the outer highlight"
    );
    let p1: String = html.select(&sel("#p1")).next().unwrap().text().collect();
    assert_eq!(
        p1,
        "1The plant has been fully isolated. I have issued an order to stop the assault12."
    );
    // The repeated phrase: the suffix chose the third paragraph, not the second.
    assert_eq!(
        texts(&html, "#p3 mark.annot.k-legal"),
        vec!["if there are any"]
    );
    assert_eq!(html.select(&sel("#p2 mark.k-legal")).count(), 0);
    // Margin notes come just before their paragraph, numbered in reading order.
    let notes: Vec<(String, String)> = html
        .select(&sel(".doc-body aside.sidenote"))
        .map(|a| {
            (
                a.value().attr("id").unwrap().to_string(),
                a.select(&sel(".note-num")).next().unwrap().text().collect(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        vec![
            ("note-order".into(), "1".into()),
            ("note-stop".into(), "2".into()),
            ("note-typo".into(), "3".into()),
            ("note-repeated".into(), "4".into())
        ]
    );
    let refs = attrs(&html, "#p1 a.annot-ref", "aria-controls");
    assert_eq!(refs, vec!["note-order", "note-stop"]);
    // Fuzzy anchors say so.
    assert_eq!(texts(&html, "#note-typo .note-status"), vec!["(fuzzy)"]);
    // A legend of the kinds on the page.
    assert_eq!(
        texts(&html, ".legend .legend-item"),
        vec!["context", "fact-check", "correction", "legal"]
    );
}

#[test]
fn orphans_are_listed_apart_and_every_annotation_has_a_page() {
    let tmp = fixture("annotated");
    let out = build(tmp.path());
    let html = page(&out, BRIEFING);
    assert_eq!(texts(&html, ".annotations > ol > li").len(), 4);
    let orphans = texts(&html, ".annotations .orphans li q");
    assert_eq!(orphans, vec!["The humanitarian corridors are effective"]);
    assert_eq!(
        html.select(&sel(".doc-body #note-gone")).count(),
        0,
        "an orphan is not attached to any words"
    );
    let gone = page(&out, "annotations/2023-06-01-briefing/gone/index.html");
    assert_eq!(gone.select(&sel(".stub")).count(), 1);
    let order = page(&out, "annotations/2023-06-01-briefing/order/index.html");
    assert_eq!(
        texts(&order, ".context mark"),
        vec!["I have issued an order to stop the assault"]
    );
    assert_eq!(
        attrs(&order, ".doc-facts a", "href")[0],
        "../../../documents/2023-06-01-briefing/#p1"
    );
    let apa = texts(&order, ".cite .reference");
    assert_eq!(apa.len(), 5);
    assert!(
        apa[0].starts_with("Archivist, A. (2023, July 1)."),
        "{}",
        apa[0]
    );
    let index = page(&out, "annotations/index.html");
    assert_eq!(
        texts(&index, "h2 .legend-item"),
        vec![
            "context",
            "fact-check",
            "correction",
            "translation",
            "legal"
        ]
    );
    assert_eq!(index.select(&sel("tbody tr")).count(), 6);
}

#[test]
fn paragraphs_cited_by_annotations_say_so() {
    let tmp = fixture("annotated");
    let out = build(tmp.path());
    let report = page(&out, "documents/2023-06-02-report/index.html");
    assert_eq!(
        texts(&report, "#p1 + .cited-by a"),
        vec!["fact-check annotation on “Briefing on the plant”"]
    );
    let briefing = page(&out, BRIEFING);
    assert_eq!(
        attrs(&briefing, ".cited-by a", "href"),
        vec!["../../annotations/2023-06-02-report/isolated/"]
    );
    // The note's own links resolve to permalinks.
    assert_eq!(
        attrs(&report, "#note-isolated .note-body a", "href"),
        vec!["../../documents/2023-06-01-briefing/#p1"]
    );
}

#[test]
fn annotations_stay_attached_through_edits_and_removed_words_orphan() {
    let tmp = fixture("annotated");
    build(tmp.path());
    let lock = std::fs::read_to_string(tmp.path().join("content/anchors.lock")).unwrap();
    assert!(
        lock.contains("\"2023-06-01-briefing/repeated\" = \"p3\""),
        "{lock}"
    );
    // A paragraph inserted at the top, and the ordered words edited away.
    let doc = tmp.path().join("content/documents/2023-06-01-briefing.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    let edited = text
        .replace(
            "**Anna Berg:** The plant",
            "**Anna Berg:** Good morning.\n\nThe plant",
        )
        .replace(
            "I have issued an order to stop the assault.",
            "The assault continues.",
        );
    std::fs::write(&doc, edited).unwrap();
    let out = build(tmp.path());
    let html = page(&out, BRIEFING);
    // The repeated phrase stays on the same paragraph, whose address did not change.
    assert_eq!(
        texts(&html, "#p3 mark.annot.k-legal"),
        vec!["if there are any"]
    );
    // Removed words orphan the annotations on them, never reattach them elsewhere.
    let orphans = texts(&html, ".annotations .orphans li q");
    assert_eq!(
        orphans,
        vec![
            "The humanitarian corridors are effective",
            "I have issued an order to stop the assault",
            "stop the assault"
        ]
    );
    assert_eq!(
        html.select(&sel(
            ".doc-body mark.k-context, .doc-body mark.k-fact-check"
        ))
        .count(),
        0
    );
}
