//! Writing a kept block as Markdown that renders to exactly the captured words.
//!
//! The capture's own inline markup (emphasis, bold, links) is read with pulldown-cmark
//! and written back; every other character that Markdown would interpret is escaped.
//! Links to nowhere (`#`, `javascript:`) keep their text only; images are dropped.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Inline Markdown for a piece of plain captured text: every character kept literally.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text.trim());
    escape_line_start(&out)
}

/// Inline Markdown for a piece of captured text that is itself Markdown (a capture with
/// links, bold labels or `#` headings): its markup is kept, the rest escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_image = 0usize;
    let mut links: Vec<Option<String>> = Vec::new();
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        if in_image > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => in_image += 1,
                Event::End(TagEnd::Image) => in_image -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Text(t) => escape_into(&mut out, &t),
            Event::Code(c) => {
                let fence = if c.contains('`') { "``" } else { "`" };
                out.push_str(&format!("{fence}{c}{fence}"));
            }
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => out.push('*'),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => out.push_str("**"),
            Event::Start(Tag::Strikethrough) | Event::End(TagEnd::Strikethrough) => {
                out.push_str("~~");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let keep = dest_url.starts_with("http://")
                    || dest_url.starts_with("https://")
                    || dest_url.starts_with("mailto:");
                if keep {
                    out.push('[');
                    links.push(Some(dest_url.to_string()));
                } else {
                    links.push(None);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(url)) = links.pop() {
                    out.push_str(&format!(
                        "]({})",
                        url.replace(' ', "%20").replace(')', "%29")
                    ));
                }
            }
            Event::Start(Tag::Image { .. }) => in_image = 1,
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => escape_into(&mut out, &h),
            Event::FootnoteReference(f) => escape_into(&mut out, &format!("[^{f}]")),
            _ => {}
        }
    }
    escape_line_start(out.trim())
}

fn escape_into(out: &mut String, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("\\&"),
            c => out.push(c),
        }
    }
}

fn looks_like_entity(after: &[char]) -> bool {
    let name: String = after
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && after.get(name.chars().count()) == Some(&';')
}

/// A paragraph must not start like a heading, list item, quote or rule.
fn escape_line_start(s: &str) -> String {
    let mut chars = s.char_indices();
    let Some((_, first)) = chars.next() else {
        return String::new();
    };
    let needs = match first {
        '#' | '>' | '=' => true,
        '-' | '+' => s[1..].starts_with(' ') || s.chars().all(|c| c == first || c == ' '),
        c if c.is_ascii_digit() => {
            let digits = s.chars().take_while(char::is_ascii_digit).count();
            digits <= 9
                && (s[digits..].starts_with(". ")
                    || s[digits..].starts_with(") ")
                    || s.len() == digits + 1 && s.ends_with(['.', ')']))
        }
        _ => false,
    };
    if !needs {
        return s.to_string();
    }
    if first.is_ascii_digit() {
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        return format!("{}\\{}", &s[..digits], &s[digits..]);
    }
    format!("\\{s}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::LineIndex;
    use crate::parse::body;
    use std::path::Path;

    /// The plain text our own parser reads back from the emitted Markdown.
    fn round_trip(md: &str) -> String {
        let lines = LineIndex::new(md);
        let (b, _) = body::parse(&body::BodyInput {
            path: Path::new("x.md"),
            file: md,
            lines: &lines,
            offset: 0,
        });
        b.blocks
            .iter()
            .map(|b| b.text.clone())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn special_characters_survive_a_round_trip() {
        for text in [
            "A * B _c_ [00:12:31] <...> x > y ~tilde~ a\\b `tick` AT&T &amp; done **x**",
            "# not a heading",
            "- not a list",
            "1. not a list either",
            "2022. A year to remember",
            "> not a quote",
            "---",
            "=== equals",
            "+ plus",
            "Kyiv’s “quoted” — «да» 1,300",
        ] {
            let md = literal(text);
            assert_eq!(round_trip(&md), text, "{md}");
        }
    }

    #[test]
    fn markup_in_the_capture_is_kept_and_dead_links_dropped() {
        assert_eq!(inline("*(The President left.)*"), "*(The President left.)*");
        assert_eq!(
            inline("[About](#) and [source](https://x.org/a)"),
            "About and [source](https://x.org/a)"
        );
        assert_eq!(inline("![logo](https://x.org/l.png)Text"), "Text");
        assert_eq!(inline("**Bold** words"), "**Bold** words");
    }
}
