//! Tests of the body dialect: turns, notes, list items, sanitising, footnotes.

use super::*;
use crate::parse::config::Limits;

fn parse_md(md: &str) -> (Body, Vec<Diagnostic>) {
    let lines = LineIndex::new(md);
    parse(&BodyInput {
        path: Path::new("doc.md"),
        file: md,
        lines: &lines,
        offset: 0,
    })
}

fn kinds(body: &Body) -> Vec<(BlockKind, String, Option<usize>)> {
    body.blocks
        .iter()
        .map(|b| (b.kind.clone(), b.text.clone(), b.turn))
        .collect()
}

#[test]
fn speaker_labels_open_turns_that_run_to_the_next_label() {
    let (body, diags) = parse_md(
        "Intro.\n\n**Vladimir Putin:** Mr Secretary-General,\n\nI am happy.\n\n**António Guterres**: Thank you.\n",
    );
    assert!(diags.is_empty());
    assert_eq!(
        body.turns,
        vec![
            Turn {
                speaker: "Vladimir Putin".into(),
                line: 3
            },
            Turn {
                speaker: "António Guterres".into(),
                line: 7
            },
        ]
    );
    assert_eq!(
        kinds(&body),
        vec![
            (BlockKind::Paragraph, "Intro.".into(), None),
            (
                BlockKind::Paragraph,
                "Mr Secretary-General,".into(),
                Some(0)
            ),
            (BlockKind::Paragraph, "I am happy.".into(), Some(0)),
            (BlockKind::Paragraph, "Thank you.".into(), Some(1)),
        ]
    );
}

#[test]
fn a_label_alone_on_its_paragraph_opens_a_turn_without_a_block() {
    let (body, _) = parse_md("**President of Russia Vladimir Putin:**\n\nMr Secretary-General,\n");
    assert_eq!(body.turns[0].speaker, "President of Russia Vladimir Putin");
    assert_eq!(body.blocks.len(), 1);
    assert_eq!(body.blocks[0].turn, Some(0));
}

#[test]
fn bold_that_is_not_a_label_stays_text() {
    let (body, _) = parse_md(
        "**Important:** this is a sentence that ends. It is long, but a label? **No.**\n\n**This is a whole bold sentence, not a name.**: x\n\n**Note** without colon.\n",
    );
    // The first one is a label by shape ("Important:"): it is short and ends in a colon.
    assert_eq!(body.turns.len(), 1);
    assert_eq!(body.blocks.len(), 3);
    assert!(
        body.blocks[1]
            .text
            .starts_with("This is a whole bold sentence")
    );
    assert!(body.blocks[2].text.starts_with("Note without colon"));
    let (body, _) = parse_md("**Too, many. Words: here.**: x\n");
    assert!(body.turns.is_empty());
}

#[test]
fn headings_and_rules_end_a_turn_and_are_not_numbered() {
    let (body, _) = parse_md("**A B:** Hi.\n\n# Part two\n\nNarration.\n\n---\n\nMore.\n");
    assert_eq!(
        kinds(&body),
        vec![
            (BlockKind::Paragraph, "Hi.".into(), Some(0)),
            (BlockKind::Heading(2), "Part two".into(), None),
            (BlockKind::Paragraph, "Narration.".into(), None),
            (BlockKind::Rule, "".into(), None),
            (BlockKind::Paragraph, "More.".into(), None),
        ]
    );
    assert!(!BlockKind::Heading(2).is_numbered());
    assert!(BlockKind::Editorial.is_numbered());
}

#[test]
fn editorial_notes_are_whole_parentheses() {
    let (body, _) = parse_md(
        "*(In his remarks, the Secretary-General (Guterres) spoke.)*\n\n*(Antonio Guterres noted that the United Nations did not recognise Kosovo).*\n\n(Applause.)\n\n[Laughter]\n\n(This) is not a note (really).\n\nNor is this (one\n",
    );
    let k: Vec<BlockKind> = body.blocks.iter().map(|b| b.kind.clone()).collect();
    assert_eq!(
        k,
        vec![
            BlockKind::Editorial,
            BlockKind::Editorial,
            BlockKind::Editorial,
            BlockKind::Editorial,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
        ]
    );
}

#[test]
fn every_list_item_is_a_block_and_lists_are_told_apart() {
    let (body, _) = parse_md("- one\n- two\n\nText.\n\n3. three\n4. four\n");
    let k: Vec<BlockKind> = body.blocks.iter().map(|b| b.kind.clone()).collect();
    assert_eq!(
        k,
        vec![
            BlockKind::ListItem {
                list: 0,
                ordered: false,
                start: None
            },
            BlockKind::ListItem {
                list: 0,
                ordered: false,
                start: None
            },
            BlockKind::Paragraph,
            BlockKind::ListItem {
                list: 1,
                ordered: true,
                start: Some(3)
            },
            BlockKind::ListItem {
                list: 1,
                ordered: true,
                start: None
            },
        ]
    );
    assert_eq!(body.blocks[1].text, "two");
    assert_eq!(body.blocks[4].line, 7);
}

#[test]
fn tables_quotes_and_code_are_blocks() {
    let (body, _) =
        parse_md("| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n\n```rust\nfn x() {}\n```\n");
    assert_eq!(body.blocks[0].kind, BlockKind::Table);
    assert_eq!(body.blocks[1].kind, BlockKind::Quote);
    assert_eq!(
        body.blocks[2].kind,
        BlockKind::Code {
            lang: Some("rust".into()),
            code: "fn x() {}\n".into()
        }
    );
}

#[test]
fn raw_html_becomes_text_with_one_warning_per_block() {
    let (body, diags) =
        parse_md("Before.\n\n<script>\nalert(1)\n</script>\n\nA <b>bold</b> claim.\n");
    assert_eq!(body.blocks[1].kind, BlockKind::Paragraph);
    assert_eq!(body.blocks[1].text, "<script>\nalert(1)\n</script>");
    assert_eq!(body.blocks[2].text, "A <b>bold</b> claim.");
    let shown: Vec<String> = diags.iter().map(std::string::ToString::to_string).collect();
    assert_eq!(
        shown,
        vec![
            "doc.md:3:1: warning: raw HTML is not rendered: `<script>`\n  help: it is shown as text; write Markdown instead (captures are untrusted, so HTML is never passed through)",
            "doc.md:7:3: warning: raw HTML is not rendered: `<b>`\n  help: it is shown as text; write Markdown instead (captures are untrusted, so HTML is never passed through)",
        ]
    );
}

#[test]
fn unsafe_links_lose_the_link_but_keep_the_words() {
    let (body, diags) =
        parse_md("[click](javascript:alert(1)) and [ok](https://x.org) and [rel](../a.md#p3)\n");
    let links = body.blocks[0]
        .events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Link { .. })))
        .count();
    assert_eq!(links, 2);
    assert_eq!(body.blocks[0].text, "click and ok and rel");
    assert_eq!(diags.len(), 1);
    assert!(diags[0].message.contains("javascript:alert(1)"));
}

#[test]
fn safe_urls() {
    for ok in [
        "https://x.org",
        "http://x",
        "mailto:a@b",
        "../a.md",
        "#p3",
        "a/b:c",
        "?q=a:b",
    ] {
        assert!(is_safe_url(ok), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        "JavaScript:x",
        "data:text/html,x",
        "vbscript:x",
    ] {
        assert!(!is_safe_url(bad), "{bad}");
    }
}

#[test]
fn footnotes_number_by_first_reference_then_the_unused() {
    let (body, diags) =
        parse_md("A[^z] B[^a] C[^missing]\n\n[^a]: Alpha.\n[^z]: Zed.\n[^unused]: Never cited.\n");
    let order: Vec<(&str, usize)> = body
        .footnotes
        .iter()
        .map(|f| (f.label.as_str(), f.number))
        .collect();
    assert_eq!(order, vec![("z", 1), ("a", 2), ("unused", 3)]);
    assert!(diags.is_empty());
    // An undefined reference is not a footnote: its text stays as written.
    assert!(
        body.blocks[0].text.ends_with("C[^missing]"),
        "{}",
        body.blocks[0].text
    );
}

#[test]
fn words_are_kept_exactly() {
    let text = "He said \"no\" -- it's 'fine'... <...> 1/2 (c) Erdoğan – “quoted”";
    let (body, _) = parse_md(text);
    assert_eq!(body.blocks[0].text, text);
}

fn parse_limited_md(md: &str, limits: &Limits) -> (Body, Vec<Diagnostic>) {
    let lines = LineIndex::new(md);
    parse_limited(
        &BodyInput {
            path: Path::new("doc.md"),
            file: md,
            lines: &lines,
            offset: 0,
        },
        limits,
    )
}

#[test]
fn a_block_over_the_size_limit_is_an_error_and_left_out() {
    let limits = Limits {
        max_block_size: 64,
        ..Limits::default()
    };
    // A quotation of many short lines: each line opens with `>`, so only the parsed
    // element shows its size.
    let quote = "> a line of the quotation\n".repeat(10);
    let md = format!("Before.\n\n{quote}\nAfter [[x]].\n");
    let (body, diags) = parse_limited_md(&md, &limits);
    let texts: Vec<&str> = body.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["Before.", "After x."]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        diags[0].to_string(),
        format!(
            "doc.md:3:1: error: this block quotation is {} bytes of Markdown, more than the limit of 64 bytes for one block\n  help: split it into smaller blocks, or raise `max_block_size` under [limits] in site.toml (in bytes; the default is 1048576)",
            quote.len()
        )
        .trim_end()
    );
    // The link after it is still found, at its place.
    assert_eq!(body.links[0].pos, crate::diag::Pos::new(14, 7));
}

#[test]
fn a_giant_paragraph_or_table_is_reported_before_parsing() {
    let limits = Limits {
        max_block_size: 100,
        ..Limits::default()
    };
    let table = format!("| a | b |\n|---|---|\n{}", "| 1 | 2 |\n".repeat(20));
    let md = format!("Intro.\n\n{table}\nOutro.\n");
    let (body, diags) = parse_limited_md(&md, &limits);
    assert!(body.blocks.iter().all(|b| b.kind != BlockKind::Table));
    assert_eq!(body.blocks.last().unwrap().text, "Outro.");
    assert_eq!(body.blocks.last().unwrap().line, 26);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].to_string().starts_with(
            "doc.md:3:1: error: this paragraph or table is at least 219 bytes of Markdown"
        ),
        "{}",
        diags[0]
    );
}

#[test]
fn blocks_past_the_count_limit_are_an_error() {
    let limits = Limits {
        max_document_blocks: 3,
        ..Limits::default()
    };
    let (body, diags) = parse_limited_md("One.\n\n- a\n- b\n- c\n- d\n\nFive.\n", &limits);
    assert_eq!(body.blocks.len(), 4);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]
            .to_string()
            .starts_with("doc.md:5:1: error: this document has more than 3 blocks"),
        "{}",
        diags[0]
    );
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap()
            .contains("raise `max_document_blocks` under [limits]")
    );
    // Within the limit, nothing is said.
    let (_, diags) = parse_limited_md("One.\n\nTwo.\n", &limits);
    assert!(diags.is_empty());
}
