//! Standoff markup: wrapping ranges of a block's plain text in HTML (a mention's link,
//! a highlight) and inserting markers at offsets (a quotation's verdict), without
//! touching the words and without breaking the nesting of the Markdown's own elements.
//!
//! Within a text event, ranges open and close like a stack, so nested ranges become
//! nested elements; a range that crosses another, or crosses the Markdown's own
//! elements (emphasis, links), is closed and reopened around them, so the HTML stays
//! well formed.

use pulldown_cmark::{CowStr, Event};

use crate::body::event_text;

/// A range of the plain text to wrap in `open` … `close`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub open: String,
    pub close: String,
}

/// HTML to insert at an offset of the plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub at: usize,
    pub html: String,
}

/// The events with the spans and markers applied. Spans given first are outermost
/// where they overlap.
pub fn apply(events: &[Event<'static>], spans: &[Span], markers: &[Marker]) -> Vec<Event<'static>> {
    if spans.is_empty() && markers.is_empty() {
        return events.to_vec();
    }
    let mut out = Vec::with_capacity(events.len() + spans.len() * 3 + markers.len());
    let mut pos = 0usize;
    let mut placed = vec![false; markers.len()];
    for e in events {
        let len = event_text(e).len();
        match e {
            Event::Text(t) => {
                let (a, b) = (pos, pos + len);
                // Cut points: span edges and markers inside this text.
                let mut cuts: Vec<usize> = spans
                    .iter()
                    .flat_map(|s| [s.start, s.end])
                    .chain(markers.iter().map(|m| m.at))
                    .filter(|&c| c > a && c < b)
                    .collect();
                cuts.push(a);
                cuts.push(b);
                cuts.sort_unstable();
                cuts.dedup();
                // Open spans, outermost first. A span closing while others opened after
                // it are still open closes them too, and they reopen: markup stays well
                // nested, and properly nested ranges stay single elements.
                let mut open: Vec<usize> = Vec::new();
                for w in cuts.windows(2) {
                    let (x, y) = (w[0], w[1]);
                    let covering: Vec<usize> = (0..spans.len())
                        .filter(|&k| {
                            spans[k].start <= x
                                && y <= spans[k].end
                                && spans[k].start < spans[k].end
                        })
                        .collect();
                    // Keep the longest prefix of the open stack that still covers this piece.
                    let keep = open.iter().take_while(|k| covering.contains(k)).count();
                    for &k in open[keep..].iter().rev() {
                        out.push(Event::InlineHtml(CowStr::from(spans[k].close.clone())));
                    }
                    open.truncate(keep);
                    place_markers(&mut out, markers, &mut placed, x);
                    for k in covering {
                        if !open.contains(&k) {
                            out.push(Event::InlineHtml(CowStr::from(spans[k].open.clone())));
                            open.push(k);
                        }
                    }
                    out.push(Event::Text(CowStr::from(t[x - a..y - a].to_string())));
                }
                for &k in open.iter().rev() {
                    out.push(Event::InlineHtml(CowStr::from(spans[k].close.clone())));
                }
                place_markers(&mut out, markers, &mut placed, b);
            }
            other => {
                out.push(other.clone());
                if len > 0 {
                    place_markers(&mut out, markers, &mut placed, pos + len);
                }
            }
        }
        pos += len;
    }
    // Markers past the end (the text was trimmed) go last.
    for (m, done) in markers.iter().zip(&placed) {
        if !done {
            out.push(Event::InlineHtml(CowStr::from(m.html.clone())));
        }
    }
    out
}

fn place_markers(
    out: &mut Vec<Event<'static>>,
    markers: &[Marker],
    placed: &mut [bool],
    at: usize,
) {
    for (i, m) in markers.iter().enumerate() {
        if !placed[i] && m.at == at {
            placed[i] = true;
            out.push(Event::InlineHtml(CowStr::from(m.html.clone())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn render(md: &str, spans: &[Span], markers: &[Marker]) -> String {
        let events: Vec<Event<'static>> = Parser::new(md).map(Event::into_static).collect();
        let mut out = String::new();
        html::push_html(&mut out, apply(&events, spans, markers).into_iter());
        out
    }

    fn span(start: usize, end: usize, tag: &str) -> Span {
        Span {
            start,
            end,
            open: format!("<{tag}>"),
            close: format!("</{tag}>"),
        }
    }

    #[test]
    fn wraps_a_range_inside_one_text() {
        assert_eq!(
            render("See Kiev today.", &[span(4, 8, "a")], &[]),
            "<p>See <a>Kiev</a> today.</p>\n"
        );
    }

    #[test]
    fn a_range_across_emphasis_stays_well_nested() {
        // Plain text: "one two three"; the range covers "e two th".
        assert_eq!(
            render("one *two* three", &[span(2, 10, "mark")], &[]),
            "<p>on<mark>e </mark><em><mark>two</mark></em><mark> th</mark>ree</p>\n"
        );
    }

    #[test]
    fn markers_and_nested_spans() {
        assert_eq!(
            render(
                "\"human shields\" he said",
                &[span(1, 14, "q"), span(1, 6, "a")],
                &[Marker {
                    at: 15,
                    html: "<sup>1</sup>".into()
                }]
            ),
            "<p>\"<q><a>human</a> shields</q>\"<sup>1</sup> he said</p>\n"
        );
    }

    #[test]
    fn crossing_ranges_are_split_to_stay_well_nested() {
        // "abcdefgh": one range covers "abcdef", another "defgh".
        assert_eq!(
            render("abcdefgh", &[span(0, 6, "x"), span(3, 8, "y")], &[]),
            "<p><x>abc<y>def</y></x><y>gh</y></p>\n"
        );
    }

    #[test]
    fn words_are_unchanged() {
        let md = "A *b* **c** `d` [e](https://x) f";
        let plain = render(md, &[], &[]);
        assert_eq!(
            render(md, &[span(0, 1, "i")], &[])
                .replace("<i>", "")
                .replace("</i>", ""),
            plain
        );
    }
}
