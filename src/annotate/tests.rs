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

/// The first `closest`, kept as the reference: every pair of word boundaries scored.
fn closest_reference(text: &str, q: &[char]) -> Option<(f64, usize, usize)> {
    let starts = word_starts(text);
    let ends = word_ends(text);
    let qlen = q.len();
    let mut best: Option<(f64, usize, usize)> = None;
    for &s in &starts {
        for &e in ends.iter().filter(|&&e| e > s) {
            let len = text[s..e].chars().count();
            if len * 10 < qlen * 7 || len * 10 > qlen * 13 + 20 {
                continue;
            }
            let window: Vec<char> = fold(&text[s..e]).chars().collect();
            let score =
                1.0 - crate::diag::edit_distance(&window, q) as f64 / window.len().max(qlen) as f64;
            if best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, s, e));
            }
        }
    }
    best
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Wherever the reference finds a stretch at least FUZZY similar, the filtered
    /// search finds the same one.
    #[test]
    fn the_filtered_search_finds_what_every_pair_finds(
        words in proptest::collection::vec(
            proptest::sample::select(vec!["the", "court", "Court", "decided", "decide", "in", "July,", "2010", "—", "“opinion”", "İs"]),
            1..30,
        ),
        quote_from in 0usize..30,
        quote_len in 1usize..8,
        typo in 0usize..40,
    ) {
        let text = words.join(" ");
        let picked: Vec<&str> = words.iter().skip(quote_from % words.len()).take(quote_len).copied().collect();
        let mut quote = fold(&picked.join(" "));
        if typo < quote.len() && quote.is_char_boundary(typo) && quote.is_char_boundary(typo + 1) {
            quote.replace_range(typo..typo + 1, "x");
        }
        let q: Vec<char> = quote.chars().collect();
        let want = closest_reference(&text, &q).filter(|(score, _, _)| *score >= FUZZY);
        let got = closest(&text, &q).filter(|(score, _, _)| *score >= FUZZY);
        proptest::prop_assert_eq!(got, want);
    }
}

#[test]
fn a_long_paragraph_is_searched_in_one_pass() {
    // 4,000 words and a quote found nowhere: no stretch is scored, and the answer is
    // the reference's (none similar enough).
    let text = "the court decided in July ".repeat(800);
    let q: Vec<char> = "an unrelated sentence about the harvest this autumn"
        .chars()
        .collect();
    assert_eq!(closest(&text, &q), None);
    let typo: Vec<char> = "the court decidd in july the court".chars().collect();
    let (score, s, e) = closest(&text, &typo).unwrap();
    assert!(score >= FUZZY, "{score}");
    assert_eq!(&text[s..e], "the court decided in July the court");
}
