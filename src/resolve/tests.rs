//! Tests of the resolve stage: order, anchors, terms, timeline, duplicate addresses.

use std::collections::BTreeMap;

use super::*;
use crate::parse::document::parse;
use crate::source::SourceFile;

fn doc(path: &str, front: &str, body: &str) -> Document {
    let text = format!("---\n{front}\n---\n{body}");
    let (d, diags) = parse(
        &SourceFile::new(path, text),
        &BTreeMap::new(),
        &crate::parse::config::Limits::default(),
    );
    assert!(diags.is_empty(), "{diags:?}");
    d.unwrap()
}

fn inputs(docs: Vec<Document>) -> Inputs {
    Inputs {
        site: site(),
        docs,
        entities: vec![],
        events: vec![],
        lock: crate::resolve::anchors::LockFile::default(),
        today: "2026-01-01".into(),
        annotations: vec![],
    }
}

fn site() -> SiteConfig {
    SiteConfig::parse("title = \"T\"\n").unwrap()
}

#[test]
fn documents_are_ordered_newest_first_then_by_slug() {
    let docs = vec![
        doc("d/b.md", "title: B\ndate: 2022-04-26", ""),
        doc("d/old.md", "title: O\ndate: 2021-01-01", ""),
        doc("d/a.md", "title: A\ndate: 2022-04-26", ""),
    ];
    let r = resolve(inputs(docs));
    assert!(r.diagnostics.is_empty());
    let archive = r.archive;
    let slugs: Vec<&str> = archive.docs.iter().map(|d| d.doc.slug.as_str()).collect();
    assert_eq!(slugs, vec!["a", "b", "old"]);
    type Months = Vec<(u32, Vec<usize>)>;
    let ids = |d: &[crate::model::DocId]| d.iter().map(|&i| usize::from(i)).collect::<Vec<_>>();
    let years: Vec<(i32, Months)> = archive
        .timeline
        .iter()
        .map(|y| {
            (
                y.year,
                y.months.iter().map(|m| (m.month, ids(&m.docs))).collect(),
            )
        })
        .collect();
    assert_eq!(
        years,
        vec![(2022, vec![(4, vec![0, 1])]), (2021, vec![(1, vec![2])])]
    );
}

#[test]
fn numbered_blocks_get_sequential_anchors() {
    let d = doc(
        "d/a.md",
        "title: A\ndate: 2022-01-01",
        "# H\n\nOne.\n\n- two\n- three\n\n---\n\nFour.\n",
    );
    let archive = resolve(inputs(vec![d])).archive;
    let ids: Vec<Option<String>> = archive.docs[crate::model::DocId::from(0)]
        .blocks
        .iter()
        .map(|b| b.anchor.as_ref().map(|a| a.id.clone()))
        .collect();
    assert_eq!(
        ids,
        vec![
            None,
            Some("p1".into()),
            Some("p2".into()),
            Some("p3".into()),
            None,
            Some("p4".into())
        ]
    );
}

#[test]
fn terms_merge_by_slug_count_documents_and_include_speakers() {
    let docs = vec![
        doc(
            "d/a.md",
            "title: A\ndate: 2022-01-02\nspeakers: [Recep Tayyip Erdoğan]\npeople: [Vladimir Putin]\nkind: transcript",
            "",
        ),
        doc(
            "d/b.md",
            "title: B\ndate: 2022-01-01\npeople: [vladimir putin, Recep Tayyip Erdogan]",
            "",
        ),
    ];
    let archive = resolve(inputs(docs)).archive;
    let people = &archive.taxonomies[TaxonomyKind::People as usize];
    let terms: Vec<(&str, &str, Vec<usize>)> = people
        .terms
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.slug.as_str(),
                t.docs.iter().map(|&d| usize::from(d)).collect(),
            )
        })
        .collect();
    assert_eq!(
        terms,
        vec![
            ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan", vec![0, 1]),
            ("Vladimir Putin", "vladimir-putin", vec![0, 1]),
        ]
    );
    let kinds = &archive.taxonomies[TaxonomyKind::Kinds as usize];
    let names: Vec<&str> = kinds.terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["document", "transcript"]);
}

#[test]
fn duplicate_slugs_are_errors_naming_both_files() {
    let docs = vec![
        doc("content/documents/x.md", "title: A\ndate: 2022-01-01", ""),
        doc(
            "content/documents/sub/x.md",
            "title: B\ndate: 2022-01-01",
            "",
        ),
    ];
    let diags = resolve(inputs(docs)).diagnostics;
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].to_string(),
        "content/documents/x.md:1:1: error: duplicate document address `x`: content/documents/sub/x.md has it too\n  help: two documents cannot share a file name, even in different folders; rename one"
    );
}
