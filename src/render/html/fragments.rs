//! The small pieces of HTML written in Rust rather than in templates: standoff marks
//! (a mention's link, a quotation's verdict badge, an annotation's highlight and
//! reference), excerpts of paragraphs with words marked, the note a removed paragraph's
//! address resolves to, and a formatted citation. Every string from content goes
//! through [`escape`]; every address is one the render stage made from validated slugs.

use crate::cite::Run;

use super::escape;
use super::spans::Span;

/// A standoff range wrapped in a link to an entity's page.
pub fn mention(start: usize, end: usize, class: &str, href: &str) -> Span {
    Span {
        start,
        end,
        open: format!(
            "<a class=\"mention {}\" href=\"{}\">",
            escape::html(class),
            escape::html(href)
        ),
        close: "</a>".into(),
    }
}

/// A quotation's words, classed by verdict.
pub fn quotation(start: usize, end: usize, class: &str) -> Span {
    Span {
        start,
        end,
        open: format!("<span class=\"quotation {}\">", escape::html(class)),
        close: "</span>".into(),
    }
}

/// The badge after a quotation: its verdict, linked to its source when there is one.
pub fn quotation_badge(class: &str, title: &str, link: Option<(&str, &str)>) -> String {
    match link {
        Some((href, text)) => format!(
            "<sup class=\"qv {}\"><a href=\"{}\" title=\"{}\">{}</a></sup>",
            escape::html(class),
            escape::html(href),
            escape::html(title),
            escape::html(text)
        ),
        None => format!(
            "<sup class=\"qv {}\" title=\"{}\">?</sup>",
            escape::html(class),
            escape::html(title)
        ),
    }
}

/// An annotation's highlight.
pub fn annotation_mark(start: usize, end: usize, kind_class: &str, note: &str) -> Span {
    Span {
        start,
        end,
        open: format!(
            "<mark class=\"annot k-{}\" data-note=\"{}\">",
            escape::html(kind_class),
            escape::html(note)
        ),
        close: "</mark>".into(),
    }
}

/// The numbered reference after an annotation's highlight, opening its margin note.
pub fn annotation_ref(kind_class: &str, note: &str, number: usize, kind: &str) -> String {
    let (k, n) = (escape::html(kind_class), escape::html(note));
    format!(
        "<a class=\"annot-ref k-{k}\" href=\"#note-{n}\" id=\"ref-{n}\" aria-controls=\"note-{n}\" aria-expanded=\"false\" aria-label=\"Annotation {number}, {}\">{number}</a>",
        escape::html(kind)
    )
}

/// What a removed paragraph's address shows: when it was removed, and the live
/// paragraphs it stood between (`(href, label)` each).
pub fn removed_note(label: &str, date: &str, neighbours: &[(String, String)]) -> String {
    let links: Vec<String> = neighbours
        .iter()
        .map(|(href, label)| {
            format!(
                "<a href=\"{}\">¶{}</a>",
                escape::html(href),
                escape::html(label)
            )
        })
        .collect();
    let see = if links.is_empty() {
        String::new()
    } else {
        format!(" See {}.", links.join(" and "))
    };
    format!(
        "¶{} was removed on {}.{see}",
        escape::html(label),
        escape::html(date)
    )
}

/// How far an excerpt reaches on either side of the words it is about, in bytes. A
/// longer sentence is cut at a word, with an ellipsis: an excerpt's size never depends
/// on the paragraph's (one paragraph of 20,000 mentions once made an entity page of
/// gigabytes).
pub const EXCERPT_REACH: usize = 240;

/// The part of a paragraph's text shown around some words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Excerpt {
    pub from: usize,
    pub to: usize,
    /// Whether the sentence goes on before `from` or after `to`.
    pub cut_start: bool,
    pub cut_end: bool,
}

/// The part of `text` shown around `start..end`: its sentence, at most
/// [`EXCERPT_REACH`] bytes either side of it.
pub fn excerpt(text: &str, start: usize, end: usize) -> Excerpt {
    let lo = floor_boundary(text, start.saturating_sub(EXCERPT_REACH));
    let hi = floor_boundary(text, end.saturating_add(EXCERPT_REACH).min(text.len()));
    let (mut from, cut_start) = match text[lo..start].rfind(['.', '?', '!']) {
        Some(i) => (lo + i + 1, false),
        // Cut inside the sentence: start at a word.
        None if lo > 0 => (
            text[lo..start]
                .find(char::is_whitespace)
                .map_or(lo, |i| lo + i),
            true,
        ),
        None => (0, false),
    };
    let (to, cut_end) = match text[end..hi].find(['.', '?', '!']) {
        Some(i) => (end + i + 1, false),
        None if hi < text.len() => (
            text[end..hi]
                .rfind(char::is_whitespace)
                .map_or(hi, |i| end + i),
            true,
        ),
        None => (text.len(), false),
    };
    while from < start
        && text[from..]
            .starts_with(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '’' | '»' | ')'))
    {
        from += text[from..].chars().next().map_or(1, char::len_utf8);
    }
    Excerpt {
        from,
        to,
        cut_start,
        cut_end,
    }
}

/// The sentence of `text` around `start..end`, escaped, the range in `<mark>`.
pub fn sentence_html(text: &str, start: usize, end: usize) -> String {
    marked_html(text, excerpt(text, start, end), &[(start, end)])
}

/// The excerpt of `text`, escaped, with the ranges `marks` (in order, not overlapping,
/// each clamped to the excerpt) in `<mark>`, and an ellipsis where it cuts a sentence.
pub fn marked_html(text: &str, shown: Excerpt, marks: &[(usize, usize)]) -> String {
    let Excerpt { from, to, .. } = shown;
    let mut out = String::with_capacity(to - from + marks.len() * 13 + 8);
    if shown.cut_start {
        out.push('…');
    }
    let mut at = from;
    for &(s, e) in marks {
        let (s, e) = (s.clamp(at, to), e.clamp(at, to));
        out.push_str(&escape::html(&text[at..s]));
        out.push_str("<mark>");
        out.push_str(&escape::html(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape::html(&text[at..to]));
    if shown.cut_end {
        out.push('…');
    }
    out
}

/// The first characters of a paragraph (a backlink's preview), escaped.
pub fn preview(text: &str, chars: usize) -> String {
    let n = text.len();
    escape::html(&text[..n.min(text.char_indices().nth(chars).map_or(n, |(i, _)| i))])
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A formatted reference as HTML: each run's text escaped, its face as elements, its
/// link kept only when the address is safe.
pub fn citation(runs: &[Run]) -> String {
    let mut out = String::new();
    for run in runs {
        let f = run.face;
        let tags: Vec<(&str, &str)> = [
            (f.italic, ("<i>", "</i>")),
            (f.bold, ("<b>", "</b>")),
            (f.small_caps, ("<span class=\"small-caps\">", "</span>")),
            (f.underline, ("<u>", "</u>")),
            (f.raised == Some(true), ("<sup>", "</sup>")),
            (f.raised == Some(false), ("<sub>", "</sub>")),
        ]
        .into_iter()
        .filter_map(|(on, t)| on.then_some(t))
        .collect();
        let link = run.link.as_deref().filter(|u| escape::is_safe_url(u));
        if let Some(u) = link {
            out.push_str(&format!("<a href=\"{}\">", escape::html(u)));
        }
        tags.iter().for_each(|(open, _)| out.push_str(open));
        out.push_str(&escape::html(&run.text));
        tags.iter().rev().for_each(|(_, close)| out.push_str(close));
        if link.is_some() {
            out.push_str("</a>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::csl::Face;

    #[test]
    fn sentences_around_a_mention() {
        let t = "First one. We met in Kiev today, he said. Last.";
        let at = t.find("Kiev").unwrap();
        assert_eq!(
            sentence_html(t, at, at + 4),
            "We met in <mark>Kiev</mark> today, he said."
        );
        assert_eq!(
            sentence_html("A <b> Kiev", 6, 10),
            "A &lt;b&gt; <mark>Kiev</mark>"
        );
    }

    #[test]
    fn citation_runs_are_escaped_and_only_safe_links_kept() {
        let run = |text: &str, italic: bool, link: Option<&str>| Run {
            text: text.into(),
            face: Face {
                italic,
                ..Face::default()
            },
            link: link.map(Into::into),
        };
        let html = citation(&[
            run("A<img src=x onerror=alert(1)>. ", false, None),
            run("T</i><script>", true, None),
            run(" x", false, Some("javascript:alert(1)")),
            run(" y", false, Some("https://e.org/?a=\"b\"")),
        ]);
        assert_eq!(
            html,
            "A&lt;img src=x onerror=alert(1)&gt;. <i>T&lt;/i&gt;&lt;script&gt;</i> x<a href=\"https://e.org/?a=&quot;b&quot;\"> y</a>"
        );
    }

    #[test]
    fn fragments_escape_what_they_are_given() {
        assert_eq!(
            quotation_badge("q-none", "a\"<b>", None),
            "<sup class=\"qv q-none\" title=\"a&quot;&lt;b&gt;\">?</sup>"
        );
        assert_eq!(
            removed_note("3", "2026-01-02", &[("#p2".into(), "2".into())]),
            "¶3 was removed on 2026-01-02. See <a href=\"#p2\">¶2</a>."
        );
    }
}
