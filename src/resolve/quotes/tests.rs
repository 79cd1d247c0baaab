//! Quotations: found word for word, found with changes, or not in the archive.

use std::collections::BTreeMap;

use super::*;
use crate::parse::document::parse;
use crate::source::SourceFile;

fn doc(slug: &str, body: &str) -> Document {
    let text = format!("---\ntitle: T\ndate: 2022-01-01\n---\n{body}");
    parse(
        &SourceFile::new(format!("d/{slug}.md"), text),
        &BTreeMap::new(),
        &crate::parse::config::Limits::default(),
    )
    .0
    .unwrap()
}

fn at(doc: usize, block: usize) -> BlockRef {
    BlockRef::new(DocId::from(doc), block)
}

fn verdicts(docs: &[Document]) -> Vec<(String, Verdict)> {
    let docs: IdVec<DocId, Document> = docs.to_vec().into();
    let events: IdVec<DocId, Option<EventId>> = docs.iter().map(|_| None).collect();
    let found = check(&docs, &events);
    let mut out = Vec::new();
    for (d, blocks) in found.iter_enumerated() {
        for (b, qs) in blocks.iter().enumerate() {
            for q in qs {
                out.push((
                    docs[d].body.blocks[b].text[q.start..q.end].to_string(),
                    q.verdict.clone(),
                ));
            }
        }
    }
    out
}

#[test]
fn verbatim_close_and_not_found() {
    let docs = vec![
        doc(
            "report",
            "He spoke of a \u{201c}provocation\u{201d} and of \"human shields.\" He said \"we are not detaining anyone at all today\" and \"we will win\".\n",
        ),
        doc(
            "transcript",
            "*(He said we will win.)*\n\nWe faced a provocation in the town. It is a crime to keep civilians as human shields.\n\nThey can go anywhere; we are not detaining them at all today.\n",
        ),
    ];
    let v = verdicts(&docs);
    assert_eq!(
        v[0],
        ("provocation".into(), Verdict::Verbatim { at: at(1, 1) })
    );
    assert_eq!(
        v[1],
        ("human shields.".into(), Verdict::Verbatim { at: at(1, 1) })
    );
    match &v[2].1 {
        Verdict::Close { at: a, diff } if *a == at(1, 2) => assert_eq!(
            diff,
            "we are not detaining [-them-] {+anyone+} at all today"
        ),
        other => panic!("{other:?}"),
    }
    // Only in an editorial note: the editor's words, not a source.
    assert_eq!(v[3], ("we will win".into(), Verdict::NotFound));
}

#[test]
fn quotation_marks_of_several_styles() {
    let t = "«да» and „ja“ and “yes” and \"oui\", but not 'single' or a \"lonely mark";
    let found: Vec<&str> = spans(t).into_iter().map(|(a, b)| &t[a..b]).collect();
    assert_eq!(found, vec!["да", "ja", "yes", "oui"]);
}

#[test]
fn words_fold_case_quotes_and_dashes() {
    assert_eq!(
        tokenize("Russia’s “Special” operation—now."),
        vec!["russia's", "special", "operation", "now"]
    );
}

/// The first `closest_window`, kept as the reference: every window measured.
fn closest_window_reference(hay: &[String], q: &[String]) -> Option<(f64, String)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for len in q.len().saturating_sub(2).max(1)..=q.len() + 2 {
        if len > hay.len() {
            break;
        }
        for start in 0..=hay.len() - len {
            let d = crate::diag::edit_distance(&hay[start..start + len], q);
            if best.is_none_or(|(bd, _, _)| d < bd) {
                best = Some((d, start, len));
            }
        }
    }
    let (d, start, len) = best?;
    let score = 1.0 - d as f64 / q.len().max(len) as f64;
    Some((score, diff(&hay[start..start + len], q)))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Whenever the reference finds a close window, the filtered search finds the same.
    #[test]
    fn filtered_windows_find_what_every_window_finds(
        hay in proptest::collection::vec(proptest::sample::select(vec!["a", "b", "c", "d", "e"]), 0..40),
        q in proptest::collection::vec(proptest::sample::select(vec!["a", "b", "c", "d", "e"]), 1..10),
    ) {
        let hay: Vec<String> = hay.iter().map(std::string::ToString::to_string).collect();
        let q: Vec<String> = q.iter().map(std::string::ToString::to_string).collect();
        let close = |r: Option<(f64, String)>| r.filter(|(score, _)| *score >= 0.75);
        proptest::prop_assert_eq!(close(closest_window(&hay, &q)), close(closest_window_reference(&hay, &q)));
    }
}
