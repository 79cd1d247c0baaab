//! Blocks over the size limit, found before the Markdown parser sees them.
//!
//! pulldown-cmark builds the tree of a whole document before giving its first event,
//! at about fifty bytes per cell or item: a 10 MB table of tiny cells took half a
//! gigabyte before the block limit could be checked on its events. This scan finds,
//! in one pass over the lines, stretches that certainly belong to one block and are
//! over the limit; they are reported and blanked (spaces, the line breaks kept, so
//! every other offset and line stays where it was) before parsing.
//!
//! A stretch is a run of non-blank lines none of which could start a block of its own:
//! a new stretch begins after a blank line, at a line opening with a block marker
//! (`#`, `>`, `-`, `*`, `+`, `=`, `_`, `` ` ``, `~`, `<`, `[`, `1.`, `1)`), at the
//! line after such a line (a heading or a rule is one line), and where the indentation
//! crosses four spaces (indented code). Every line of a stretch therefore continues the
//! block its first line is in: a stretch is never larger than its block. The scan
//! only finds the obvious cases (a giant paragraph or table); the exact check is on the
//! parsed events.

/// A stretch of one block over the limit: its byte offset in the text and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Oversized {
    pub at: usize,
    pub size: usize,
}

/// The stretches of `text` over `max` bytes, and the text with them blanked (`None`
/// when there are none).
pub(super) fn blank(text: &str, max: usize) -> Option<(String, Vec<Oversized>)> {
    let found = stretches(text)
        .into_iter()
        .filter(|s| s.size > max)
        .collect::<Vec<_>>();
    if found.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for s in &found {
        for b in &mut bytes[s.at..s.at + s.size] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Only ASCII bytes replaced whole runs of lines, so it is still UTF-8.
    let blanked = String::from_utf8(bytes).expect("whole lines were replaced by spaces");
    Some((blanked, found))
}

/// Every stretch of `text` (see the module's comment).
fn stretches(text: &str) -> Vec<Oversized> {
    let mut out = Vec::new();
    let mut current: Option<Oversized> = None;
    let mut after_marker = false;
    let mut was_indented = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches([' ', '\t']);
        let indent = content.len() - trimmed.len();
        let blank = trimmed.is_empty();
        let indented = indent >= 4;
        let marker = !indented && starts_block(trimmed);
        let new = blank || marker || after_marker || indented != was_indented;
        if new && let Some(s) = current.take() {
            out.push(s);
        }
        if !blank {
            let s = current.get_or_insert(Oversized {
                at: offset,
                size: 0,
            });
            s.size = offset + content.len() - s.at;
        }
        after_marker = marker;
        was_indented = indented;
        offset += line.len();
    }
    out.extend(current);
    out
}

/// Whether a line (without its indentation) could open a block other than a
/// paragraph or a table row.
fn starts_block(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    line.starts_with(['#', '>', '-', '*', '+', '=', '_', '`', '~', '<', '['])
        || (digits > 0 && line[digits..].starts_with(['.', ')']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(text: &str) -> Vec<(usize, usize)> {
        stretches(text).iter().map(|s| (s.at, s.size)).collect()
    }

    #[test]
    fn a_table_or_paragraph_is_one_stretch() {
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(sizes(table), vec![(0, table.len() - 1)]);
        assert_eq!(sizes("one\ntwo\n\nthree\n"), vec![(0, 7), (9, 5)]);
    }

    #[test]
    fn markers_headings_and_code_start_new_stretches() {
        // A heading is one line: the paragraph after it is a stretch of its own.
        assert_eq!(sizes("# Title\nText\nmore\n"), vec![(0, 7), (8, 9)]);
        // Items, quotations and fences each begin one.
        assert_eq!(sizes("- a\n- b\n"), vec![(0, 3), (4, 3)]);
        assert_eq!(sizes("```\ncode\n```\n"), vec![(0, 3), (4, 4), (9, 3)]);
        // Indented code and the paragraph after it are apart.
        assert_eq!(sizes("    code\nText\n"), vec![(0, 8), (9, 4)]);
        assert_eq!(sizes("1. one\n2) two\n"), vec![(0, 6), (7, 6)]);
    }

    #[test]
    fn oversized_stretches_are_blanked_in_place() {
        let text = "Short.\n\n| a | b |\n| - | - |\n| é | 2 |\n\nAfter.\n";
        let (blanked, found) = blank(text, 12).unwrap();
        let table = "| a | b |\n| - | - |\n| é | 2 |";
        assert_eq!(
            found,
            vec![Oversized {
                at: 8,
                size: table.len()
            }]
        );
        assert_eq!(blanked.len(), text.len(), "é is two bytes, two spaces");
        assert!(blanked.starts_with("Short.\n\n "));
        assert!(blanked.ends_with("\n\nAfter.\n"));
        assert_eq!(blanked.lines().count(), text.lines().count());
        assert_eq!(blank(text, 100), None);
    }
}
