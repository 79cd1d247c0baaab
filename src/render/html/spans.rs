//! Standoff markup: wrapping ranges of a block's plain text in HTML (a mention's link,
//! a highlight) and inserting markers at offsets (a quotation's verdict), without
//! touching the words and without breaking the nesting of the Markdown's own elements.
//!
//! Within a text event, ranges open and close like a stack, so nested ranges become
//! nested elements; a range that crosses another, or crosses the Markdown's own
//! elements (emphasis, links), is closed and reopened around them, so the HTML stays
//! well formed.

use std::collections::BTreeSet;

use pulldown_cmark::{CowStr, Event};

use crate::parse::body::event_text;

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
///
/// One sweep over the text: span edges and markers are sorted once, and each cut
/// point touches only the spans that start or end there (and those closed to keep the
/// nesting), so the work grows with the output, not with cuts times spans (a
/// paragraph of 20,000 linked mentions once took seconds).
pub fn apply(events: &[Event<'static>], spans: &[Span], markers: &[Marker]) -> Vec<Event<'static>> {
    if spans.is_empty() && markers.is_empty() {
        return events.to_vec();
    }
    let mut out = Vec::with_capacity(events.len() + spans.len() * 3 + markers.len());
    let mut sweep = Sweep::new(spans);
    let mut place = Placer::new(markers);
    let edges = edges(&sweep, spans, markers);
    let mut next_edge = 0;
    let mut stack = Stack::new(spans);
    let (mut started, mut ended, mut reopen) = (Vec::new(), Vec::new(), Vec::new());
    let mut pos = 0usize;
    for e in events {
        let len = event_text(e).len();
        let Event::Text(t) = e else {
            out.push(e.clone());
            if len > 0 {
                place.at(&mut out, pos + len);
            }
            pos += len;
            continue;
        };
        let (a, b) = (pos, pos + len);
        let cuts = cuts(t, a, b, &edges, &mut next_edge);
        for (i, w) in cuts.windows(2).enumerate() {
            let (x, y) = (w[0], w[1]);
            sweep.advance(x, &mut started, &mut ended);
            // A span that ended closes every span opened after it too (they reopen
            // below): markup stays well nested, and properly nested ranges stay single
            // elements.
            reopen.clear();
            stack.close_from_first_of(&ended, &sweep, &mut reopen, &mut out);
            place.at(&mut out, x);
            if i == 0 {
                // A text event opens every span that covers its start.
                reopen.clear();
                reopen.extend(sweep.active.iter().copied());
            } else {
                reopen.extend(started.iter().copied());
                reopen.sort_unstable();
                reopen.dedup();
            }
            stack.open(&reopen, &mut out);
            out.push(Event::Text(CowStr::from(t[x - a..y - a].to_string())));
        }
        stack.close_all(&mut out);
        place.at(&mut out, b);
        pos = b;
    }
    place.rest(&mut out);
    out
}

/// Every span edge and marker offset, sorted: the cut points of the text events.
fn edges(sweep: &Sweep, spans: &[Span], markers: &[Marker]) -> Vec<usize> {
    let mut edges: Vec<usize> = (sweep.starts.iter().map(|&k| spans[k].start))
        .chain(sweep.ends.iter().map(|&k| spans[k].end))
        .chain(markers.iter().map(|m| m.at))
        .collect();
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// The cut points of the text `t` at `a..b`: its ends and the edges inside it that fall
/// on a character boundary. `next` moves past the edges used.
fn cuts(t: &str, a: usize, b: usize, edges: &[usize], next: &mut usize) -> Vec<usize> {
    while *next < edges.len() && edges[*next] <= a {
        *next += 1;
    }
    let mut cuts = vec![a];
    while *next < edges.len() && edges[*next] < b {
        let c = edges[*next];
        if t.is_char_boundary(c - a) {
            cuts.push(c);
        }
        *next += 1;
    }
    cuts.push(b);
    cuts
}

/// The open spans, outermost first, and each one's place in that stack.
struct Stack<'a> {
    spans: &'a [Span],
    open: Vec<usize>,
    depth: Vec<Option<usize>>,
}

impl<'a> Stack<'a> {
    fn new(spans: &'a [Span]) -> Self {
        Stack {
            spans,
            open: Vec::new(),
            depth: vec![None; spans.len()],
        }
    }

    /// Closes the outermost of the `ended` spans and every span opened after it; those
    /// still active go into `reopen`.
    fn close_from_first_of(
        &mut self,
        ended: &[usize],
        sweep: &Sweep,
        reopen: &mut Vec<usize>,
        out: &mut Vec<Event<'static>>,
    ) {
        let keep = (ended.iter().filter_map(|&k| self.depth[k]).min()).unwrap_or(self.open.len());
        for &k in self.open[keep..].iter().rev() {
            out.push(Event::InlineHtml(CowStr::from(self.spans[k].close.clone())));
            self.depth[k] = None;
            if sweep.active.contains(&k) {
                reopen.push(k);
            }
        }
        self.open.truncate(keep);
    }

    fn open(&mut self, spans: &[usize], out: &mut Vec<Event<'static>>) {
        for &k in spans {
            self.depth[k] = Some(self.open.len());
            self.open.push(k);
            out.push(Event::InlineHtml(CowStr::from(self.spans[k].open.clone())));
        }
    }

    fn close_all(&mut self, out: &mut Vec<Event<'static>>) {
        for &k in self.open.iter().rev() {
            out.push(Event::InlineHtml(CowStr::from(self.spans[k].close.clone())));
            self.depth[k] = None;
        }
        self.open.clear();
    }
}

/// The spans that cover the current offset, moving forward over the text.
struct Sweep<'s> {
    spans: &'s [Span],
    /// Non-empty spans by start, and by end (ties in the order given).
    starts: Vec<usize>,
    ends: Vec<usize>,
    next_start: usize,
    next_end: usize,
    /// The spans covering the offset, by their order in `spans`.
    active: BTreeSet<usize>,
}

impl<'s> Sweep<'s> {
    fn new(spans: &'s [Span]) -> Self {
        let valid: Vec<usize> = (0..spans.len())
            .filter(|&k| spans[k].start < spans[k].end)
            .collect();
        let mut starts = valid.clone();
        starts.sort_by_key(|&k| spans[k].start);
        let mut ends = valid;
        ends.sort_by_key(|&k| spans[k].end);
        Sweep {
            spans,
            starts,
            ends,
            next_start: 0,
            next_end: 0,
            active: BTreeSet::new(),
        }
    }

    /// Moves to offset `x` (never backwards): `started` gets the spans that cover `x`
    /// and did not cover the last offset, `ended` those that stopped covering.
    fn advance(&mut self, x: usize, started: &mut Vec<usize>, ended: &mut Vec<usize>) {
        started.clear();
        ended.clear();
        while let Some(&k) = self.starts.get(self.next_start)
            && self.spans[k].start <= x
        {
            self.next_start += 1;
            if self.spans[k].end > x {
                self.active.insert(k);
                started.push(k);
            }
        }
        while let Some(&k) = self.ends.get(self.next_end)
            && self.spans[k].end <= x
        {
            self.next_end += 1;
            if self.active.remove(&k) {
                ended.push(k);
            }
        }
    }
}

/// Places markers at the offsets they name, in the order given where they share one.
struct Placer<'m> {
    markers: &'m [Marker],
    /// Marker indices by offset.
    order: Vec<usize>,
    next: usize,
    placed: Vec<bool>,
}

impl<'m> Placer<'m> {
    fn new(markers: &'m [Marker]) -> Self {
        let mut order: Vec<usize> = (0..markers.len()).collect();
        order.sort_by_key(|&i| markers[i].at);
        Placer {
            markers,
            order,
            next: 0,
            placed: vec![false; markers.len()],
        }
    }

    /// Places the markers at `at`; offsets only grow, and a marker whose offset was
    /// passed without being reached (inside code, say) waits for [`Placer::rest`].
    fn at(&mut self, out: &mut Vec<Event<'static>>, at: usize) {
        while let Some(&i) = self.order.get(self.next)
            && self.markers[i].at <= at
        {
            self.next += 1;
            if self.markers[i].at == at {
                self.placed[i] = true;
                out.push(Event::InlineHtml(CowStr::from(
                    self.markers[i].html.clone(),
                )));
            }
        }
    }

    /// Markers past the end (the text was trimmed) or never reached go last.
    fn rest(self, out: &mut Vec<Event<'static>>) {
        for (m, done) in self.markers.iter().zip(&self.placed) {
            if !done {
                out.push(Event::InlineHtml(CowStr::from(m.html.clone())));
            }
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

    /// The first implementation, kept as the reference: for each piece of text, every
    /// span is tested (quadratic, but plainly right).
    fn reference(
        events: &[Event<'static>],
        spans: &[Span],
        markers: &[Marker],
    ) -> Vec<Event<'static>> {
        let mut out = Vec::new();
        let mut pos = 0usize;
        let mut placed = vec![false; markers.len()];
        let place = |out: &mut Vec<Event<'static>>, placed: &mut [bool], at: usize| {
            for (i, m) in markers.iter().enumerate() {
                if !placed[i] && m.at == at {
                    placed[i] = true;
                    out.push(Event::InlineHtml(CowStr::from(m.html.clone())));
                }
            }
        };
        for e in events {
            let len = event_text(e).len();
            if let Event::Text(t) = e {
                let (a, b) = (pos, pos + len);
                let mut cuts: Vec<usize> = spans
                    .iter()
                    .flat_map(|s| [s.start, s.end])
                    .chain(markers.iter().map(|m| m.at))
                    .filter(|&c| c > a && c < b)
                    .collect();
                cuts.extend([a, b]);
                cuts.sort_unstable();
                cuts.dedup();
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
                    let keep = open.iter().take_while(|k| covering.contains(k)).count();
                    for &k in open[keep..].iter().rev() {
                        out.push(Event::InlineHtml(CowStr::from(spans[k].close.clone())));
                    }
                    open.truncate(keep);
                    place(&mut out, &mut placed, x);
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
                place(&mut out, &mut placed, b);
            } else {
                out.push(e.clone());
                if len > 0 {
                    place(&mut out, &mut placed, pos + len);
                }
            }
            pos += len;
        }
        for (m, done) in markers.iter().zip(&placed) {
            if !done {
                out.push(Event::InlineHtml(CowStr::from(m.html.clone())));
            }
        }
        out
    }

    fn html_of(events: Vec<Event<'static>>) -> String {
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn many_adjacent_and_nested_spans() {
        // 2,000 adjacent mentions, each inside one long quotation, with a marker after
        // each: one element per mention, one quotation around them all.
        let md = "Putin ".repeat(2000);
        let events: Vec<Event<'static>> = Parser::new(&md).map(Event::into_static).collect();
        let mut spans = vec![span(0, md.trim_end().len(), "q")];
        spans.extend((0..2000).map(|i| span(i * 6, i * 6 + 5, "a")));
        let markers: Vec<Marker> = (0..2000)
            .map(|i| Marker {
                at: i * 6 + 5,
                html: "<sup>m</sup>".into(),
            })
            .collect();
        let got = html_of(apply(&events, &spans, &markers));
        assert_eq!(got, html_of(reference(&events, &spans, &markers)));
        assert_eq!(got.matches("<q>").count(), 1);
        assert_eq!(got.matches("<a>Putin</a>").count(), 2000);
        assert_eq!(got.matches("<sup>m</sup>").count(), 2000);
        assert!(
            got.ends_with("<a>Putin</a></q><sup>m</sup></p>\n"),
            "{}",
            &got[got.len() - 60..]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// The sweep gives the reference's HTML for any spans and markers, over text with
        /// emphasis, code and links.
        #[test]
        fn sweep_matches_the_reference(
            words in proptest::collection::vec(
                proptest::sample::select(vec!["ab", "c d", "*e*", "**fg**", "`h`", "[i j](x)", " ", "k\nl"]),
                1..12,
            ),
            raw_spans in proptest::collection::vec((0usize..40, 0usize..40, 0usize..3), 0..12),
            raw_markers in proptest::collection::vec(0usize..42, 0..6),
        ) {
            let md: String = words.concat();
            let events: Vec<Event<'static>> = Parser::new(&md).map(Event::into_static).collect();
            let tags = ["x", "y", "z"];
            let spans: Vec<Span> = raw_spans
                .iter()
                .map(|&(a, l, t)| span(a, a + l % 12, tags[t]))
                .collect();
            let markers: Vec<Marker> = raw_markers
                .iter()
                .enumerate()
                .map(|(i, &at)| Marker { at, html: format!("<sup>{i}</sup>") })
                .collect();
            proptest::prop_assert_eq!(
                html_of(apply(&events, &spans, &markers)),
                html_of(reference(&events, &spans, &markers))
            );
        }
    }
}
