//! Anchoring against exact, repeated, edited, deleted and reordered text.

use super::*;

fn sel(quote: &str) -> Selector {
    Selector {
        quote: quote.into(),
        prefix: None,
        suffix: None,
        hint: None,
    }
}

const TEXT: [&str; 3] = [
    "The Azovstal plant has been fully isolated. I have issued instructions, an order to stop the assault.",
    "The civilians in Azovstal, if there are any, can do this as well. They can come out, just like that.",
    "It is a crime to keep civilians, if there are any there, as human shields.",
];

fn words(a: &Anchored, blocks: &[&str]) -> String {
    let (b, s, e) = a.place.unwrap();
    blocks[b][s..e].to_string()
}

#[test]
fn exact_quotes_anchor_where_they_are() {
    let a = anchor(&TEXT, &sel("an order to stop the assault"));
    assert_eq!((a.status, a.place.map(|p| p.0)), (Status::Exact, Some(0)));
    assert_eq!(words(&a, &TEXT), "an order to stop the assault");
}

#[test]
fn prefix_and_suffix_choose_among_repeats() {
    // "if there are any" occurs in blocks 1 and 2.
    let mut s = sel("if there are any");
    s.suffix = Some(" there, as human".into());
    let a = anchor(&TEXT, &s);
    assert_eq!(a.place.map(|p| p.0), Some(2));
    s.suffix = None;
    s.prefix = Some("civilians in Azovstal, ".into());
    assert_eq!(anchor(&TEXT, &s).place.map(|p| p.0), Some(1));
    // Without context, the hint decides.
    let mut s = sel("if there are any");
    s.hint = Some(2);
    let a = anchor(&TEXT, &s);
    assert_eq!((a.status, a.place.map(|p| p.0)), (Status::Exact, Some(2)));
}

#[test]
fn moved_text_is_found_and_flagged() {
    let mut s = sel("human shields");
    s.hint = Some(0);
    let a = anchor(&TEXT, &s);
    assert_eq!((a.status, a.place.map(|p| p.0)), (Status::Moved, Some(2)));
    // Reordered blocks: the same words, found in their new place.
    let reordered = [TEXT[2], TEXT[0], TEXT[1]];
    let mut s = sel("an order to stop the assault");
    s.hint = Some(0);
    let a = anchor(&reordered, &s);
    assert_eq!((a.status, a.place.map(|p| p.0)), (Status::Moved, Some(1)));
}

#[test]
fn case_spacing_and_quote_styles_are_folded() {
    let blocks = ["He said “we   Are not detaining them” today."];
    let a = anchor(&blocks, &sel("\"we are not detaining them\""));
    assert_eq!(a.status, Status::Moved);
    assert_eq!(words(&a, &blocks), "“we   Are not detaining them”");
}

#[test]
fn a_corrected_typo_still_anchors_as_fuzzy() {
    let edited = [
        TEXT[0],
        "The civilians in Azovstal, if there are any, can do this as well. They can come out, just like this.",
        TEXT[2],
    ];
    let a = anchor(&edited, &sel("They can come out, just like that"));
    assert_eq!(a.status, Status::Fuzzy);
    assert_eq!(words(&a, &edited), "They can come out, just like this");
    assert!(a.score >= FUZZY && a.score < 1.0);
}

#[test]
fn removed_words_orphan_rather_than_attach_elsewhere() {
    let edited = [TEXT[0], "The civilians can leave.", TEXT[2]];
    let a = anchor(&edited, &sel("They can come out, just like that"));
    assert_eq!((a.status, a.place), (Status::Orphaned, None));
    // Partly overlapping words elsewhere are not enough either.
    let a = anchor(&TEXT, &sel("keep civilians in the plant as a shield"));
    assert_eq!(a.status, Status::Orphaned);
}
