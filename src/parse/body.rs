//! The Markdown body of a document, parsed into top-level blocks.
//!
//! Each block keeps its pulldown-cmark events (owned), its plain text and its line, so
//! the archive-wide stages can number, link and annotate blocks before the single render
//! pass. The dialect on top of CommonMark (DESIGN.md) is read here: a paragraph starting
//! `**Name:**` opens a speaker turn, a paragraph that is one parenthesis (`*(…)*`) is an
//! editorial note of the source, and list items are blocks of their own so each gets
//! its paragraph number. Raw HTML is turned into text (captures are untrusted) and
//! links with unsafe schemes lose their link, each with a warning.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, LineIndex, Locator};
use crate::parse::config::{Limits, format_size};

/// A parsed body.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub turns: Vec<Turn>,
    /// Footnotes in the order they are numbered.
    pub footnotes: Vec<Footnote>,
    /// Every link of the body, where it is written, for checking its target.
    pub links: Vec<LinkRef>,
}

/// A link as written: `[[target]]`, `[[target#p3|label]]` or `[label](path.md#p3)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub wiki: bool,
    pub pos: crate::diag::Pos,
}

/// One top-level block (a list contributes one block per item).
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// For paragraphs, notes and list items, the inline content only; for the other
    /// kinds the whole element.
    pub events: Vec<Event<'static>>,
    /// The plain text, as [`plain_text`] gives it.
    pub text: String,
    /// 1-based line in the document file.
    pub line: usize,
    /// Index into [`Body::turns`] of the speaker turn this block belongs to.
    pub turn: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// An editorial note of the source, e.g. `*(The President left the hall.)*`.
    Editorial,
    /// A heading, already moved one level down (the page title is the `<h1>`).
    Heading(u8),
    /// An item of the `list`-th list of the body.
    ListItem {
        list: usize,
        ordered: bool,
        start: Option<u64>,
    },
    Table,
    Quote,
    Code {
        lang: Option<String>,
        code: String,
    },
    Rule,
}

impl BlockKind {
    /// Whether blocks of this kind get a paragraph number.
    pub fn is_numbered(&self) -> bool {
        !matches!(self, BlockKind::Heading(_) | BlockKind::Rule)
    }
}

/// A speaker turn: from a `**Name:**` label to the next label, heading or rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub speaker: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Footnote {
    pub label: String,
    pub number: usize,
    pub events: Vec<Event<'static>>,
    pub line: usize,
}

/// The pulldown-cmark options of the dialect: GFM extras, no smart punctuation.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// Where the body sits in its file, for diagnostics.
pub struct BodyInput<'a> {
    pub path: &'a Path,
    /// The whole file.
    pub file: &'a str,
    pub lines: &'a LineIndex,
    /// Byte offset of the body in the file.
    pub offset: usize,
}

/// Parses a body with the default [`Limits`].
pub fn parse(input: &BodyInput<'_>) -> (Body, Vec<Diagnostic>) {
    parse_limited(input, &Limits::default())
}

/// Parses a body. Problems are warnings, except a block larger than
/// `limits.max_block_size`: an error, and the block is left out.
///
/// The Markdown is read as a stream, one top-level element at a time, and each block
/// keeps the events it was given (moved, never copied): memory is the blocks' and one
/// element's, and a block over the limit is skipped before its events are kept.
pub fn parse_limited(input: &BodyInput<'_>, limits: &Limits) -> (Body, Vec<Diagnostic>) {
    let mut body_text = &input.file[input.offset..];
    let mut cx = Cx {
        input,
        locator: Locator::new(input.lines, input.file),
        diags: Vec::new(),
        links: Vec::new(),
        dropped_links: Vec::new(),
        warned: false,
        max_block: limits.max_block_size,
    };
    // Blocks certainly over the limit are blanked before the parser builds its tree.
    let blanked = oversize::blank(body_text, limits.max_block_size);
    if let Some((text, found)) = &blanked {
        for o in found {
            cx.too_large(o.at, o.size, "paragraph or table", "at least ");
        }
        body_text = text;
    }
    let mut events = Parser::new_ext(body_text, options()).into_offset_iter();
    let mut body = Body::default();
    let mut turn: Option<usize> = None;
    let mut lists = 0;
    let mut defs: BTreeMap<String, (Vec<Event<'static>>, usize)> = BTreeMap::new();
    'body: while let Some((first, range)) = cx.next(&mut events) {
        let line = cx.line(range.start);
        match first {
            Event::Start(Tag::List(start)) => {
                let stop = cx.list(&mut events, &mut body, (lists, start, turn), limits);
                lists += 1;
                if stop {
                    break 'body;
                }
            }
            Event::Rule => {
                turn = None;
                body.blocks
                    .push(block(BlockKind::Rule, Vec::new(), line, None));
            }
            Event::Start(tag) => {
                let what = match &tag {
                    Tag::Table(_) => "table",
                    Tag::BlockQuote(_) => "block quotation",
                    Tag::CodeBlock(_) => "code block",
                    Tag::FootnoteDefinition(_) => "footnote",
                    Tag::Heading { .. } => "heading",
                    _ => "paragraph",
                };
                let Some(element) = cx.element(&mut events, Event::Start(tag), range, what) else {
                    continue;
                };
                top_level(&mut body, &mut turn, &mut defs, element, line);
            }
            // Sanitising turned HTML blocks into paragraphs; nothing else reaches the top.
            _ => {}
        }
        if body.blocks.len() > limits.max_document_blocks {
            // The block just added was one too many: nothing after it is read.
            cx.too_many_blocks(line, limits.max_document_blocks);
            break;
        }
    }
    body.footnotes = Cx::number_footnotes(&body.blocks, defs);
    body.links = std::mem::take(&mut cx.links);
    (body, cx.diags)
}

/// The events between an element's start and end.
fn strip_ends(mut events: Vec<Event<'static>>) -> Vec<Event<'static>> {
    events.pop();
    if !events.is_empty() {
        events.remove(0);
    }
    events
}

/// Adds a top-level element (not a list or a rule) to the body: a paragraph (maybe
/// opening a speaker turn), a heading, a table, a quotation, code or a footnote.
fn top_level(
    body: &mut Body,
    turn: &mut Option<usize>,
    defs: &mut BTreeMap<String, (Vec<Event<'static>>, usize)>,
    element: Vec<Event<'static>>,
    line: usize,
) {
    match &element[0] {
        Event::Start(Tag::Paragraph) => {
            let (label, rest) = split_speaker_label(strip_ends(element));
            if let Some(speaker) = label {
                body.turns.push(Turn { speaker, line });
                *turn = Some(body.turns.len() - 1);
            }
            if !rest.is_empty() {
                let kind = if is_note(&rest) {
                    BlockKind::Editorial
                } else {
                    BlockKind::Paragraph
                };
                body.blocks.push(block(kind, rest, line, *turn));
            }
        }
        Event::Start(Tag::Heading { level, .. }) => {
            let level = demote(*level);
            *turn = None;
            body.blocks.push(block(
                BlockKind::Heading(level),
                strip_ends(element),
                line,
                None,
            ));
        }
        Event::Start(Tag::Table(_)) => {
            body.blocks
                .push(block(BlockKind::Table, element, line, *turn));
        }
        Event::Start(Tag::BlockQuote(_)) => {
            body.blocks
                .push(block(BlockKind::Quote, element, line, *turn));
        }
        Event::Start(Tag::CodeBlock(kind)) => {
            let lang = match kind {
                pulldown_cmark::CodeBlockKind::Fenced(info) => {
                    info.split_whitespace().next().map(str::to_string)
                }
                pulldown_cmark::CodeBlockKind::Indented => None,
            };
            let code: String = element
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            body.blocks
                .push(block(BlockKind::Code { lang, code }, element, line, *turn));
        }
        Event::Start(Tag::FootnoteDefinition(label)) => {
            let label = label.to_string();
            defs.insert(label, (strip_ends(element), line));
        }
        _ => {}
    }
}

type OffsetIter<'t> = pulldown_cmark::OffsetIter<'t, pulldown_cmark::DefaultBrokenLinkCallback>;

struct Cx<'a, 'b> {
    input: &'a BodyInput<'b>,
    locator: Locator<'b>,
    diags: Vec<Diagnostic>,
    links: Vec<LinkRef>,
    /// For each open link: whether it was dropped (so is its end).
    dropped_links: Vec<bool>,
    /// Whether this block already has its raw HTML warning: an HTML block arrives line
    /// by line, and inline tags come in pairs.
    warned: bool,
    max_block: usize,
}

impl Cx<'_, '_> {
    /// A list, item by item: each item is a block of its own (with its own number),
    /// and the block limit counts items. Returns whether the document's block limit
    /// was passed (nothing after it is read).
    fn list(
        &mut self,
        events: &mut OffsetIter<'_>,
        body: &mut Body,
        (list, start, turn): (usize, Option<u64>, Option<usize>),
        limits: &Limits,
    ) -> bool {
        let ordered = start.is_some();
        let mut first_item = true;
        while let Some((e, r)) = self.next(events) {
            match e {
                Event::End(TagEnd::List(_)) => break,
                Event::Start(Tag::Item) => {
                    let item_line = self.line(r.start);
                    let Some(inner) = self.element(events, e, r, "list item") else {
                        continue;
                    };
                    let kind = BlockKind::ListItem {
                        list,
                        ordered,
                        start: if first_item { start } else { None },
                    };
                    first_item = false;
                    body.blocks
                        .push(block(kind, strip_ends(inner), item_line, turn));
                    if body.blocks.len() > limits.max_document_blocks {
                        self.too_many_blocks(item_line, limits.max_document_blocks);
                        return true;
                    }
                }
                other => {
                    self.element(events, other, r, "list item");
                }
            }
        }
        false
    }

    fn pos(&mut self, body_offset: usize) -> crate::diag::Pos {
        self.locator.pos(self.input.offset + body_offset)
    }

    fn line(&mut self, body_offset: usize) -> usize {
        self.pos(body_offset).line
    }

    fn warn(&mut self, body_offset: usize, message: String, help: &str) {
        let pos = self.pos(body_offset);
        self.diags
            .push(Diagnostic::warning(self.input.path, pos, message).help(help));
    }

    /// The next event, sanitised, with its range in the body.
    fn next(&mut self, events: &mut OffsetIter<'_>) -> Option<(Event<'static>, Range<usize>)> {
        loop {
            let (e, range) = events.next()?;
            if let Some(e) = self.sanitise(e.into_static(), range.start) {
                return Some((e, range));
            }
        }
    }

    /// The events of the element `first` opens, through its end (or `first` alone if
    /// it opens nothing). An element of more than `max_block` bytes of Markdown is
    /// read past unkept and reported, and gives `None`.
    fn element(
        &mut self,
        events: &mut OffsetIter<'_>,
        first: Event<'static>,
        range: Range<usize>,
        what: &str,
    ) -> Option<Vec<Event<'static>>> {
        if !matches!(first, Event::Start(_)) {
            return Some(vec![first]);
        }
        if range.len() > self.max_block {
            self.too_large(range.start, range.len(), what, "");
            // Skipped unread: its start and end events are balanced, raw or not.
            let mut depth = 1usize;
            for (e, _) in events.by_ref() {
                match e {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
            }
            return None;
        }
        let mut out = vec![first];
        let mut depth = 1usize;
        while depth > 0 {
            let Some((e, _)) = self.next(events) else {
                break;
            };
            match e {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            out.push(e);
        }
        Some(out)
    }

    /// Reports the block at `line` as one more than `max`.
    fn too_many_blocks(&mut self, line: usize, max: usize) {
        self.diags.push(
            Diagnostic::error(
                self.input.path,
                crate::diag::Pos::new(line, 1),
                format!("this document has more than {max} blocks (paragraphs, list items, headings, tables…); this is the first one past the limit"),
            )
            .help(format!(
                "split it into several documents, or raise `max_document_blocks` under [limits] in site.toml (the default is {})",
                Limits::DEFAULT_DOCUMENT_BLOCKS
            )),
        );
    }

    /// Reports a block of `size` bytes at `at`, over the limit.
    fn too_large(&mut self, at: usize, size: usize, what: &str, at_least: &str) {
        let pos = self.pos(at);
        self.diags.push(
            Diagnostic::error(
                self.input.path,
                pos,
                format!(
                    "this {what} is {at_least}{} of Markdown, more than the limit of {} for one block",
                    format_size(size),
                    format_size(self.max_block)
                ),
            )
            .help(format!(
                "split it into smaller blocks, or raise `max_block_size` under [limits] in site.toml (in bytes; the default is {})",
                Limits::DEFAULT_BLOCK_SIZE
            )),
        );
    }

    /// Numbers footnotes by first reference; unreferenced ones follow in label order.
    fn number_footnotes(
        blocks: &[Block],
        mut defs: BTreeMap<String, (Vec<Event<'static>>, usize)>,
    ) -> Vec<Footnote> {
        let mut out = Vec::new();
        for b in blocks {
            for e in &b.events {
                if let Event::FootnoteReference(label) = e
                    && let Some((events, line)) = defs.remove(label.as_ref())
                {
                    let number = out.len() + 1;
                    out.push(Footnote {
                        label: label.to_string(),
                        number,
                        events,
                        line,
                    });
                }
            }
        }
        for (label, (events, line)) in defs {
            out.push(Footnote {
                number: out.len() + 1,
                label,
                events,
                line,
            });
        }
        out
    }
}

fn block(kind: BlockKind, events: Vec<Event<'static>>, line: usize, turn: Option<usize>) -> Block {
    let text = plain_text(&events);
    Block {
        kind,
        events,
        text,
        line,
        turn,
    }
}

fn demote(level: HeadingLevel) -> u8 {
    (level as u8 + 1).min(6)
}

/// The text an event contributes to its block's plain text. Every stage that maps text
/// offsets back to events uses this one function.
pub fn event_text<'e>(e: &'e Event<'_>) -> &'e str {
    match e {
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => t,
        Event::SoftBreak | Event::HardBreak => "\n",
        Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_)) => {
            "\n"
        }
        _ => "",
    }
}

/// The plain text of some events (structure boundaries become newlines, trimmed).
pub fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        s.push_str(event_text(e));
    }
    s.trim_end().to_string()
}

pub use crate::render::html::escape::is_safe_url;

mod dialect;
mod oversize;
mod sanitise;
#[cfg(test)]
mod tests;

pub use dialect::is_speaker_name;
use dialect::{is_note, split_speaker_label};
