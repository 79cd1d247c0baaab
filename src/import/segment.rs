//! Cutting a normalised capture into blocks: paragraphs, headings, list items, rules.
//!
//! A browser copy puts each paragraph on one line, so every line is a block; e-mail
//! and PDF text is hard-wrapped, so lines of one paragraph are joined back. Which of
//! the two a capture is, is read from its line lengths.

use std::sync::LazyLock;

use regex::Regex;

use super::text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Para,
    Heading(u8),
    Item { ordered: bool },
    Rule,
}

#[derive(Debug, Clone)]
pub struct Block {
    /// The block's text as captured (Markdown-ish), lines joined, markers removed.
    pub text: String,
    /// `text` without link syntax and emphasis markers.
    pub plain: String,
    /// Characters of `plain` that were inside links.
    pub link_chars: usize,
    /// 1-based line of the capture where the block starts.
    pub line: usize,
    pub shape: Shape,
}

impl Block {
    pub fn new(text: String, line: usize, shape: Shape) -> Self {
        let (plain, link_chars) = text::plain(&text);
        Block {
            text,
            plain,
            link_chars,
            line,
            shape,
        }
    }

    pub fn link_density(&self) -> f64 {
        let n = self.plain.chars().count();
        if n == 0 {
            0.0
        } else {
            self.link_chars as f64 / n as f64
        }
    }

    pub fn words(&self) -> usize {
        text::words(&self.plain).len()
    }
}

static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:([-*+•·◦▪●‣])|(\d{1,3})[.)])\s+(.*)$").expect("valid"));
static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*?)\s*#*\s*$").expect("valid"));
static RULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([-*_=])(?:\s*[-*_=]){2,}\s*$").expect("valid"));
/// A line that starts a new block even inside a hard-wrapped paragraph: a label
/// (`Name:`, `**Name:**`) or a timestamp.
static BLOCK_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\*\*[^*]{1,80}\*\*|[\p{Lu}][\p{L}.'’ -]{0,60}(?:\([^)]{1,60}\))?:(?:\s|$)|\[\d{1,2}:\d{2}(?::\d{2})?\])").expect("valid")
});

/// The blocks of a text.
pub fn segment(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let wrap = wrap_width(&lines);
    let mut blocks: Vec<Block> = Vec::new();
    // The block being built: its lines, first line number, shape.
    let mut open: Option<(Vec<String>, usize, Shape)> = None;
    let close = |open: &mut Option<(Vec<String>, usize, Shape)>, blocks: &mut Vec<Block>| {
        if let Some((parts, line, shape)) = open.take() {
            let text = join_wrapped(&parts);
            if !text.trim().is_empty() {
                blocks.push(Block::new(text, line, shape));
            }
        }
    };
    for (i, raw) in lines.iter().enumerate() {
        let number = i + 1;
        let line = raw.trim_end();
        if line.trim().is_empty() {
            close(&mut open, &mut blocks);
            continue;
        }
        if RULE.is_match(line) || line.trim() == "--" {
            close(&mut open, &mut blocks);
            blocks.push(Block::new(line.trim().to_string(), number, Shape::Rule));
            continue;
        }
        if let Some(c) = HEADING.captures(line) {
            close(&mut open, &mut blocks);
            blocks.push(Block::new(
                c[2].to_string(),
                number,
                Shape::Heading(c[1].len() as u8),
            ));
            continue;
        }
        if let Some(c) = ITEM.captures(line)
            && !(c.get(2).is_some() && starts_with_month(&c[3]))
        {
            close(&mut open, &mut blocks);
            open = Some((
                vec![c[3].to_string()],
                number,
                Shape::Item {
                    ordered: c.get(2).is_some(),
                },
            ));
            continue;
        }
        let continues = match (&open, wrap) {
            (Some((parts, _, shape)), Some(width)) => {
                let prev = parts.last().map_or("", String::as_str);
                let prev_ends_paragraph =
                    prev.chars().count() * 10 < width * 7 && text::ends_sentence(prev);
                matches!(shape, Shape::Para | Shape::Item { .. })
                    && !prev_ends_paragraph
                    && !BLOCK_START.is_match(line)
            }
            // Unwrapped text: an indented line continues a list item.
            (Some((_, _, Shape::Item { .. })), None) => {
                raw.starts_with("  ") && !ITEM.is_match(line)
            }
            _ => false,
        };
        if continues {
            if let Some((parts, _, _)) = &mut open {
                parts.push(line.trim().to_string());
            }
        } else {
            close(&mut open, &mut blocks);
            open = Some((vec![line.trim().to_string()], number, Shape::Para));
        }
    }
    close(&mut open, &mut blocks);
    blocks
}

/// `26. April 2022` is a date, not the 26th item of a list.
fn starts_with_month(rest: &str) -> bool {
    let first = rest.split_whitespace().next().unwrap_or("");
    super::dates::find_all(&format!("1 {first} 2000"), &[]).len() == 1
}

/// The wrap width of a hard-wrapped text, or `None` when lines are paragraphs.
fn wrap_width(lines: &[&str]) -> Option<usize> {
    let mut lengths: Vec<usize> = lines
        .iter()
        .map(|l| l.trim_end().chars().count())
        .filter(|&n| n >= 30)
        .collect();
    if lengths.len() < 6 {
        return None;
    }
    lengths.sort_unstable();
    let width = lengths[lengths.len() * 9 / 10];
    if width > 100 {
        return None;
    }
    let near = lengths.iter().filter(|&&n| n * 4 >= width * 3).count();
    (near * 2 >= lengths.len()).then_some(width)
}

/// Joins the lines of one paragraph: a space between lines, none after a hyphen that
/// ends a line inside a word (`self-` + `determination`).
fn join_wrapped(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        if out.is_empty() {
            out.push_str(part);
            continue;
        }
        let hyphen_in_word = out.ends_with('-')
            && out.chars().rev().nth(1).is_some_and(char::is_alphabetic)
            && part.chars().next().is_some_and(char::is_lowercase);
        if !hyphen_in_word {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<(Shape, String)> {
        segment(text)
            .into_iter()
            .map(|b| (b.shape, b.text))
            .collect()
    }

    #[test]
    fn browser_copies_have_a_block_per_line() {
        let b = shapes(
            "Title here\n\nFirst paragraph is long enough to be prose.\nSecond one.\n  • Item one\n  • Item two\n---\n## Sidebar\n",
        );
        assert_eq!(
            b,
            vec![
                (Shape::Para, "Title here".into()),
                (
                    Shape::Para,
                    "First paragraph is long enough to be prose.".into()
                ),
                (Shape::Para, "Second one.".into()),
                (Shape::Item { ordered: false }, "Item one".into()),
                (Shape::Item { ordered: false }, "Item two".into()),
                (Shape::Rule, "---".into()),
                (Shape::Heading(2), "Sidebar".into()),
            ]
        );
    }

    #[test]
    fn hard_wrapped_text_is_unwrapped_into_paragraphs() {
        let text = "Dear colleagues, the meeting of the committee will take place in the\nlarge hall on Monday. We expect all members to attend and to bring the\nself-\ndetermination papers that were circulated last week by the secretariat\nof the organisation.\nA second paragraph begins here after a short line and it goes on and\non until the end of the text.\n\nJANE DOE: This is a label line that must start its own block because\nit is a speaker turn in the transcript.\n";
        let b = shapes(text);
        assert_eq!(b.len(), 3, "{b:#?}");
        assert!(b[0].1.contains("in the large hall"));
        assert!(b[0].1.contains("self-determination papers"));
        assert!(b[0].1.ends_with("by the secretariat of the organisation."));
        assert_eq!(
            b[1].1,
            "A second paragraph begins here after a short line and it goes on and on until the end of the text."
        );
        assert!(b[2].1.starts_with("JANE DOE: This is a label"));
        assert!(b[2].1.ends_with("in the transcript."));
    }

    #[test]
    fn numbered_items_and_headings() {
        let b = shapes("# Title\n1. First\n2) Second\n");
        assert_eq!(b[0], (Shape::Heading(1), "Title".into()));
        assert_eq!(b[1], (Shape::Item { ordered: true }, "First".into()));
        assert_eq!(b[2], (Shape::Item { ordered: true }, "Second".into()));
    }
}
