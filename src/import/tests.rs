//! The whole import on small captures: contract shape, rejoining, labels.

use super::*;

fn run(text: &str) -> Imported {
    import(text, &ImportOptions::default(), &ImportConfig::default())
}

#[test]
fn the_document_has_the_contract_shape() {
    let i = run(
        "Home | News | World\n\nTalks resume in Geneva\n\nMay 3, 2021\n\nJANE ROE: We are back at the table, and we are hopeful.\n\nJOHN DOE: So are we, and we will stay as long as it takes.\n",
    );
    let doc = document_text(&i, None);
    assert_eq!(
        doc,
        "---\ntitle: Talks resume in Geneva\ndate: 2021-05-03\nkind: transcript\nlanguage: en\nspeakers:\n- Jane Roe\n- John Doe\n---\n\n**Jane Roe:** We are back at the table, and we are hopeful.\n\n**John Doe:** So are we, and we will stay as long as it takes.\n"
    );
}

#[test]
fn options_override_the_guesses_and_explain_lists_drops() {
    let opts = ImportOptions {
        kind: Some("statement".into()),
        date: chrono::NaiveDate::from_ymd_opt(2020, 1, 2),
    };
    let i = import(
        "Menu\n\nA title for the test\n\nThe text of the statement is here, and it is long enough to count.\n",
        &opts,
        &ImportConfig::default(),
    );
    assert_eq!(i.meta.kind, "statement");
    assert_eq!(i.meta.date.unwrap().to_string(), "2020-01-02");
    assert!(
        i.explain
            .iter()
            .any(|l| l.starts_with("line 1: dropped (page furniture")),
        "{:?}",
        i.explain
    );
}

#[test]
fn site_rules_drop_blocks_and_name_speakers() {
    let config: ImportConfig = toml::from_str("[[sources]]\nmatch = \"Example Wire\"\ndrop = [\"^Listen to the audio$\"]\n[sources.speakers]\n\"THE PRESIDENT\" = \"Jane Doe\"\n").unwrap();
    let i = import(
        "Example Wire\n\nRemarks by the President\n\nMay 3, 2021\n\nListen to the audio\n\nTHE PRESIDENT: Thank you all for coming today to this hall.\n",
        &ImportOptions::default(),
        &config,
    );
    assert_eq!(
        i.body,
        "**Jane Doe:** Thank you all for coming today to this hall.\n"
    );
    assert_eq!(i.meta.speakers, vec!["Jane Doe"]);
}
