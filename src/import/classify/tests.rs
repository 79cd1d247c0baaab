//! Evidence-based judgements: furniture goes, prose that merely contains a furniture
//! word stays, sidebars cut into the text go as a whole.

use super::*;
use crate::import::segment::segment;

fn kept(text: &str) -> Vec<String> {
    let blocks = segment(text);
    let (verdicts, _) = classify(&blocks);
    blocks
        .iter()
        .zip(&verdicts)
        .filter(|(_, v)| **v == Verdict::Content)
        .map(|(b, _)| b.plain.clone())
        .collect()
}

const PROSE: &str = "The council met on Tuesday and agreed to extend the mission for six months, officials said after the meeting.";

#[test]
fn furniture_words_alone_do_not_drop_prose() {
    let text = format!(
        "{PROSE}\n\nSubscribe-and-forget contracts drew complaints, the regulator said in its report on the market.\n\nComments from the minister were published later in the day by the ministry.\n\nSubscribe to our newsletter!\n\n{PROSE}\n"
    );
    let k = kept(&text);
    assert_eq!(k.len(), 4, "{k:?}");
    assert!(k.iter().all(|b| !b.starts_with("Subscribe to our")));
}

#[test]
fn a_sidebar_inside_the_text_goes_as_a_whole() {
    let text = format!(
        "{PROSE}\n\nThe mission will\n\n## POPULAR\n\n[One](#)\n\n[Two](#)\n\ncontinue its work in the north of the country until the end of the year.\n\n{PROSE}\n"
    );
    let k = kept(&text);
    assert_eq!(
        k,
        vec![
            PROSE.to_string(),
            "The mission will".into(),
            "continue its work in the north of the country until the end of the year.".into(),
            PROSE.to_string()
        ]
    );
}

#[test]
fn an_elision_mark_ends_the_excerpt() {
    let text = format!(
        "{PROSE}\n\n{PROSE}\n\n<...>\n\nClick on the icon for an explanation of the feast.\n\n### Books\n\n[Order](#)\n"
    );
    let k = kept(&text);
    assert_eq!(k.last().map(String::as_str), Some("<...>"));
}

#[test]
fn comments_end_the_text() {
    let text = format!(
        "{PROSE}\n\n{PROSE}\n\n3 Comments\n\nJohn: I think this is a very long comment about the mission and the council.\n"
    );
    assert_eq!(kept(&text).len(), 2);
}

#[test]
fn date_lines() {
    assert!(is_date_line("April 26, 2022"));
    assert!(is_date_line("Tuesday 26 April 2022 13:40 MSK"));
    assert!(is_date_line("Apr 26, 2022 - World"));
    assert!(!is_date_line("Department Press Briefing – April 26, 2022"));
    assert!(!is_date_line(
        "The talks of April 26, 2022 failed because nobody came to them"
    ));
}
