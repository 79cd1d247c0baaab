//! Block events to HTML: the only place Markdown becomes markup.
//!
//! pulldown-cmark's writer does the work; this adapter numbers footnote references
//! document-wide (blocks are written separately, so the writer's own numbering would
//! restart), points links at their resolved permalinks, applies standoff markup
//! (mention links, quotation verdicts) and sends fenced code to syntect.

use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event, Tag, html};

use crate::parse::body::{Block, BlockKind, Footnote};
use crate::render::html::escape::html as escape;
use crate::render::html::highlight::Highlighter;
use crate::render::html::spans::{self, Marker, Span};

/// Where a link written in the Markdown goes on this page (`None`: as written).
pub type LinkFn<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Writes the blocks of one document; footnote reference ids are unique per document.
pub struct BlockWriter<'a> {
    highlighter: &'a Highlighter,
    numbers: BTreeMap<&'a str, usize>,
    /// How many times each footnote has been referenced so far.
    seen: BTreeMap<usize, usize>,
    links: LinkFn<'a>,
}

impl<'a> BlockWriter<'a> {
    pub fn new(highlighter: &'a Highlighter, footnotes: &'a [Footnote], links: LinkFn<'a>) -> Self {
        BlockWriter {
            highlighter,
            numbers: footnotes
                .iter()
                .map(|f| (f.label.as_str(), f.number))
                .collect(),
            seen: BTreeMap::new(),
            links,
        }
    }

    /// The HTML of a block's content (for paragraphs, notes, list items and headings
    /// the inline content; for the rest the whole element), with standoff markup.
    pub fn block(&mut self, block: &Block, marks: &[Span], markers: &[Marker]) -> String {
        match &block.kind {
            BlockKind::Code { lang, code } => self.highlighter.highlight(code, lang.as_deref()),
            BlockKind::Rule => String::new(),
            _ if marks.is_empty() && markers.is_empty() => self.events(&block.events),
            _ => self.events(&spans::apply(&block.events, marks, markers)),
        }
    }

    /// The HTML of a footnote's body.
    pub fn footnote(&mut self, footnote: &Footnote) -> String {
        self.events(&footnote.events)
    }

    fn events(&mut self, events: &[Event<'static>]) -> String {
        let mut out = String::with_capacity(events.len() * 24);
        let mapped = events.iter().map(|e| match e {
            Event::FootnoteReference(label) => {
                Event::InlineHtml(CowStr::from(self.reference(label)))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match (self.links)(dest_url) {
                Some(href) => Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(href),
                    title: title.clone(),
                    id: id.clone(),
                }),
                None => e.clone(),
            },
            other => other.clone(),
        });
        html::push_html(&mut out, mapped);
        out
    }

    fn reference(&mut self, label: &str) -> String {
        let Some(&n) = self.numbers.get(label) else {
            // Undefined (already warned about): shown as written.
            return escape(&format!("[^{label}]"));
        };
        let count = self.seen.entry(n).or_insert(0);
        *count += 1;
        let id = if *count == 1 {
            format!("fnref-{n}")
        } else {
            format!("fnref-{n}-{count}")
        };
        format!(
            "<sup class=\"fnref\"><a id=\"{id}\" href=\"#fn-{n}\" role=\"doc-noteref\">{n}</a></sup>"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::LineIndex;
    use crate::parse::body::{BodyInput, parse};
    use std::path::Path;

    fn render(md: &str) -> Vec<String> {
        let lines = LineIndex::new(md);
        let (body, _) = parse(&BodyInput {
            path: Path::new("x.md"),
            file: md,
            lines: &lines,
            offset: 0,
        });
        let h = Highlighter::new();
        let none = |_: &str| None;
        let mut w = BlockWriter::new(&h, &body.footnotes, &none);
        let mut out: Vec<String> = body.blocks.iter().map(|b| w.block(b, &[], &[])).collect();
        out.extend(body.footnotes.iter().map(|f| w.footnote(f)));
        out
    }

    #[test]
    fn footnotes_are_numbered_across_blocks_with_unique_ids() {
        let out = render("A[^b].\n\nB[^a] and again[^b].\n\n[^a]: Note a.\n[^b]: Note b.\n");
        assert_eq!(
            out[0],
            "A<sup class=\"fnref\"><a id=\"fnref-1\" href=\"#fn-1\" role=\"doc-noteref\">1</a></sup>."
        );
        assert!(
            out[1].contains("id=\"fnref-2\" href=\"#fn-2\""),
            "{}",
            out[1]
        );
        assert!(
            out[1].contains("id=\"fnref-1-2\" href=\"#fn-1\""),
            "{}",
            out[1]
        );
        assert_eq!(out[2], "<p>Note b.</p>\n");
        assert_eq!(out[3], "<p>Note a.</p>\n");
    }

    #[test]
    fn raw_html_and_scripts_come_out_as_text() {
        let out = render("<script>alert(1)</script>\n\nHi <b onclick=\"x()\">there</b>\n");
        assert_eq!(out[0], "&lt;script&gt;alert(1)&lt;/script&gt;\n");
        assert_eq!(out[1], "Hi &lt;b onclick=\"x()\"&gt;there&lt;/b&gt;");
    }

    #[test]
    fn text_is_not_made_typographic() {
        let out = render("He said \"no\" -- it's 'fine'...\n");
        assert_eq!(out[0], "He said \"no\" -- it's 'fine'...");
    }

    #[test]
    fn code_is_highlighted() {
        let out = render("```rust\nfn x() {}\n```\n");
        assert!(
            out[0].starts_with("<pre class=\"code\" data-lang=\"rust\">"),
            "{}",
            out[0]
        );
    }
}
