//! The dialect read on top of CommonMark: a paragraph opening with `**Name:**` is a
//! speaker's turn, and a paragraph that is one parenthesis is an editorial note.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::plain_text;

/// Splits a `**Name:**` (or `**Name**:`) label off the start of a paragraph.
pub(super) fn split_speaker_label(
    inner: Vec<Event<'static>>,
) -> (Option<String>, Vec<Event<'static>>) {
    if !matches!(inner.first(), Some(Event::Start(Tag::Strong))) {
        return (None, inner);
    }
    let mut label = String::new();
    let mut close = None;
    for (i, e) in inner.iter().enumerate().skip(1) {
        match e {
            Event::Text(t) | Event::Code(t) => label.push_str(t),
            Event::End(TagEnd::Strong) => {
                close = Some(i);
                break;
            }
            _ => return (None, inner),
        }
    }
    let Some(close) = close else {
        return (None, inner);
    };
    let mut rest: Vec<Event<'static>> = inner[close + 1..].to_vec();
    let label = label.trim();
    let name = if let Some(name) = label.strip_suffix(':') {
        name.trim()
    } else if let Some(Event::Text(t)) = rest.first()
        && t.starts_with(':')
    {
        let after = t[1..].to_string();
        rest[0] = Event::Text(after.into());
        label
    } else {
        return (None, inner);
    };
    if !is_speaker_name(name) {
        return (None, inner);
    }
    // Drop the space or line break between the label and the words (at once: one
    // removal at a time would be quadratic in a run of breaks).
    let blank = rest
        .iter()
        .take_while(|e| match e {
            Event::SoftBreak | Event::HardBreak => true,
            Event::Text(t) => t.trim_start().is_empty(),
            _ => false,
        })
        .count();
    rest.drain(..blank);
    if let Some(Event::Text(t)) = rest.first_mut() {
        let trimmed = t.trim_start().to_string();
        *t = trimmed.into();
    }
    (Some(name.to_string()), rest)
}

/// A plausible speaker label: short, with a letter, not a sentence.
pub fn is_speaker_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=10).contains(&words)
        && name.chars().count() <= 80
        && name.chars().any(char::is_alphabetic)
        && !name.ends_with(['.', ',', ';', '!', '?'])
}

/// A note is one parenthesis or bracket enclosing the whole paragraph.
pub(super) fn is_note(inner: &[Event<'_>]) -> bool {
    let text = plain_text(inner);
    let t = text.trim().trim_end_matches('.');
    let (open, close) = match t.chars().next() {
        Some('(') => ('(', ')'),
        Some('[') => ('[', ']'),
        _ => return false,
    };
    if !t.ends_with(close) || t.chars().count() < 3 {
        return false;
    }
    let mut depth = 0i32;
    let n = t.chars().count();
    for (i, c) in t.chars().enumerate() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 && i + 1 < n {
                return false;
            }
        }
    }
    depth == 0
}
