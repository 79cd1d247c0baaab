//! Label styles and how speakers get their full names.

use super::*;

fn label(s: &str) -> Option<Label> {
    parse_label(s)
}

fn name_all(text: &str, title: &str) -> Vec<String> {
    let labels: Vec<Label> = text.split("\n\n").filter_map(parse_label).collect();
    let namer = Namer::new(text, title, &labels);
    labels.iter().map(|l| namer.name(l)).collect()
}

#[test]
fn label_styles() {
    let l = label("**President of Russia Vladimir Putin:**").unwrap();
    assert_eq!(
        (l.raw.as_str(), l.rest.as_str()),
        ("President of Russia Vladimir Putin", "")
    );
    let l = label("**Vladimir Putin**: Yes, of course.").unwrap();
    assert_eq!(
        (l.raw.as_str(), l.rest.as_str()),
        ("Vladimir Putin", "Yes, of course.")
    );
    let l = label("JEN PSAKI: Good afternoon.").unwrap();
    assert_eq!(l.raw, "JEN PSAKI");
    let l = label("Sergey Lavrov (retranslated): We are ready.").unwrap();
    assert_eq!(
        (l.raw.as_str(), l.paren_name.as_deref()),
        ("Sergey Lavrov", None)
    );
    let l = label("QUESTION (Jane Roe, Daily Planet): Thank you.").unwrap();
    assert_eq!(l.paren_name.as_deref(), Some("Jane Roe"));
    let l = label("Q: And the second point?").unwrap();
    assert_eq!(l.raw, "Q");
    let l = label("Spokesman: Next question.").unwrap();
    assert_eq!(l.raw, "Spokesman");
    let l = label("Anna Kim: [00:12:31] We start now.").unwrap();
    assert_eq!(
        (l.timestamp.as_deref(), l.rest.as_str()),
        (Some("00:12:31"), "We start now.")
    );
}

#[test]
fn sentences_with_colons_are_not_labels() {
    for s in [
        "The big picture: Guterres said that while",
        "What they're saying: Putin praised the UN",
        "Why It Matters: this is title case",
        "Note: the figures are provisional.",
        "Photo: Sergei Chirikov/AFP",
        "Updated: 3 May",
        "He said: we will not go.",
        "**Important to note**: nothing here",
    ] {
        assert!(label(s).is_none(), "{s}");
    }
}

#[test]
fn titles_are_stripped_using_the_capture_itself() {
    let text = "**President of Russia Vladimir Putin:** Hello.\n\n**Vladimir Putin:** Again.\n\nPRESIDENT OF TURKEY RECEP TAYYIP ERDOĞAN: Thank you.\n\nRecep Tayyip Erdoğan said more.";
    assert_eq!(
        name_all(text, ""),
        vec!["Vladimir Putin", "Vladimir Putin", "Recep Tayyip Erdoğan"]
    );
}

#[test]
fn surnames_and_roles_get_full_names_from_the_introduction() {
    let text = "Press briefing by Department Spokesman Ned Price. Foreign Minister Anna Berg attended.\n\nMR. PRICE: Good afternoon.\n\nSpokesman: Next.\n\nBERG: Thank you.\n\nQUESTION (Sam Lee, Wire): A question.\n\nMODERATOR: Last one.";
    assert_eq!(
        name_all(text, ""),
        vec![
            "Ned Price",
            "Ned Price",
            "Anna Berg",
            "Sam Lee",
            "Moderator"
        ]
    );
}

#[test]
fn q_and_a_name_the_interviewee() {
    let text = "Q: How are you?\n\nA: Fine.";
    assert_eq!(
        name_all(text, "An interview with Maria Lopez, the mayor"),
        vec!["Question", "Maria Lopez"]
    );
    assert_eq!(name_all(text, "Notes"), vec!["Question", "Answer"]);
}

#[test]
fn title_case_keeps_particles_small() {
    assert_eq!(title_case("MINISTRY OF EXAMPLES"), "Ministry of Examples");
    assert_eq!(title_case("jean de la fontaine"), "Jean de la Fontaine");
}
