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
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, LineIndex};

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
    Note,
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

/// Parses a body. Problems are warnings: a body always parses.
pub fn parse(input: &BodyInput<'_>) -> (Body, Vec<Diagnostic>) {
    let body_text = &input.file[input.offset..];
    let mut cx = Cx {
        input,
        warnings: Vec::new(),
        links: Vec::new(),
    };
    let events: Vec<(Event<'static>, usize)> = Parser::new_ext(body_text, options())
        .into_offset_iter()
        .map(|(e, r)| (e.into_static(), r.start))
        .collect();
    let events = cx.sanitise(events);

    let mut body = Body::default();
    let mut turn: Option<usize> = None;
    let mut lists = 0;
    let mut defs: BTreeMap<String, (Vec<Event<'static>>, usize)> = BTreeMap::new();
    let mut i = 0;
    while i < events.len() {
        let end = matching_end(&events, i);
        let slice = &events[i..=end];
        let line = cx.line(slice[0].1);
        let evs = || slice.iter().map(|(e, _)| e.clone());
        match &slice[0].0 {
            Event::Start(Tag::Paragraph) => {
                let inner: Vec<Event<'static>> = evs().skip(1).take(slice.len() - 2).collect();
                let (label, rest) = split_speaker_label(inner);
                if let Some(speaker) = label {
                    body.turns.push(Turn { speaker, line });
                    turn = Some(body.turns.len() - 1);
                }
                if !rest.is_empty() {
                    let kind = if is_note(&rest) {
                        BlockKind::Note
                    } else {
                        BlockKind::Paragraph
                    };
                    body.blocks.push(block(kind, rest, line, turn));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = demote(*level);
                turn = None;
                let inner: Vec<_> = evs().skip(1).take(slice.len() - 2).collect();
                body.blocks
                    .push(block(BlockKind::Heading(level), inner, line, None));
            }
            Event::Start(Tag::List(start)) => {
                let ordered = start.is_some();
                let mut first = true;
                for (a, b) in items(slice) {
                    let item_line = cx.line(slice[a].1);
                    let inner: Vec<_> = slice[a + 1..b].iter().map(|(e, _)| e.clone()).collect();
                    let kind = BlockKind::ListItem {
                        list: lists,
                        ordered,
                        start: if first { *start } else { None },
                    };
                    first = false;
                    body.blocks.push(block(kind, inner, item_line, turn));
                }
                lists += 1;
            }
            Event::Start(Tag::Table(_)) => {
                body.blocks
                    .push(block(BlockKind::Table, evs().collect(), line, turn))
            }
            Event::Start(Tag::BlockQuote(_)) => {
                body.blocks
                    .push(block(BlockKind::Quote, evs().collect(), line, turn))
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    pulldown_cmark::CodeBlockKind::Indented => None,
                };
                let code: String = slice
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                body.blocks.push(block(
                    BlockKind::Code { lang, code },
                    evs().collect(),
                    line,
                    turn,
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let inner: Vec<_> = evs().skip(1).take(slice.len() - 2).collect();
                defs.insert(label.to_string(), (inner, line));
            }
            Event::Rule => {
                turn = None;
                body.blocks
                    .push(block(BlockKind::Rule, Vec::new(), line, None));
            }
            // Sanitising turned HTML blocks into paragraphs; nothing else reaches the top.
            _ => {}
        }
        i = end + 1;
    }
    body.footnotes = Cx::number_footnotes(&body.blocks, defs);
    body.links = std::mem::take(&mut cx.links);
    (body, cx.warnings)
}

struct Cx<'a, 'b> {
    input: &'a BodyInput<'b>,
    warnings: Vec<Diagnostic>,
    links: Vec<LinkRef>,
}

impl Cx<'_, '_> {
    fn line(&self, body_offset: usize) -> usize {
        self.input
            .lines
            .pos(self.input.file, self.input.offset + body_offset)
            .line
    }

    fn warn(&mut self, body_offset: usize, message: String, help: &str) {
        let pos = self
            .input
            .lines
            .pos(self.input.file, self.input.offset + body_offset);
        self.warnings
            .push(Diagnostic::warning(self.input.path, pos, message).help(help));
    }

    /// Raw HTML becomes text; links and images with unsafe schemes lose the link.
    fn sanitise(&mut self, events: Vec<(Event<'static>, usize)>) -> Vec<(Event<'static>, usize)> {
        let mut out = Vec::with_capacity(events.len());
        let mut dropped_links: Vec<bool> = Vec::new();
        // One warning per block: an HTML block arrives line by line, and inline tags
        // come in pairs.
        let mut warned = false;
        for (e, at) in events {
            match e {
                Event::Start(Tag::HtmlBlock) => {
                    warned = false;
                    out.push((Event::Start(Tag::Paragraph), at));
                }
                Event::End(TagEnd::HtmlBlock) => out.push((Event::End(TagEnd::Paragraph), at)),
                Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) => {
                    warned = false;
                    out.push((e, at));
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    if !warned {
                        let shown: String = html.trim().chars().take(40).collect();
                        self.warn(at, format!("raw HTML is not rendered: `{shown}`"), "it is shown as text; write Markdown instead (captures are untrusted, so HTML is never passed through)");
                        warned = true;
                    }
                    out.push((Event::Text(html), at));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let unsafe_link = !is_safe_url(&dest_url);
                    if unsafe_link {
                        self.warn(
                            at,
                            format!("link to an unsafe address removed: `{dest_url}`"),
                            "only http, https, mailto and relative links are kept",
                        );
                    } else {
                        let pos = self
                            .input
                            .lines
                            .pos(self.input.file, self.input.offset + at);
                        self.links.push(LinkRef {
                            dest: dest_url.to_string(),
                            wiki: matches!(link_type, pulldown_cmark::LinkType::WikiLink { .. }),
                            pos,
                        });
                        out.push((
                            Event::Start(Tag::Link {
                                link_type,
                                dest_url,
                                title,
                                id,
                            }),
                            at,
                        ));
                    }
                    dropped_links.push(unsafe_link);
                }
                Event::End(TagEnd::Link) => {
                    if !dropped_links.pop().unwrap_or(false) {
                        out.push((e, at));
                    }
                }
                Event::Start(Tag::Image { ref dest_url, .. }) if !is_safe_url(dest_url) => {
                    self.warn(
                        at,
                        format!("image with an unsafe address removed: `{dest_url}`"),
                        "only http, https and relative image addresses are kept",
                    );
                    out.push((
                        Event::Start(Tag::Image {
                            link_type: pulldown_cmark::LinkType::Inline,
                            dest_url: CowStr::Borrowed(""),
                            title: CowStr::Borrowed(""),
                            id: CowStr::Borrowed(""),
                        }),
                        at,
                    ));
                }
                other => out.push((other, at)),
            }
        }
        out
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

/// The index of the event that closes the element opened at `start` (itself for a
/// lone event).
fn matching_end<T>(events: &[(Event<'_>, T)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return i;
        }
    }
    events.len() - 1
}

/// The `(start, end)` indices of the items directly inside a list slice.
fn items<T>(slice: &[(Event<'_>, T)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 1;
    while i + 1 < slice.len() {
        let end = matching_end(slice, i);
        if matches!(slice[i].0, Event::Start(Tag::Item)) {
            out.push((i, end));
        }
        i = end + 1;
    }
    out
}

fn demote(level: HeadingLevel) -> u8 {
    (level as u8 + 1).min(6)
}

/// Splits a `**Name:**` (or `**Name**:`) label off the start of a paragraph.
fn split_speaker_label(inner: Vec<Event<'static>>) -> (Option<String>, Vec<Event<'static>>) {
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
    // Drop the space or line break between the label and the words.
    while let Some(first) = rest.first_mut() {
        match first {
            Event::SoftBreak | Event::HardBreak => {
                rest.remove(0);
            }
            Event::Text(t) if t.trim_start().is_empty() => {
                rest.remove(0);
            }
            Event::Text(t) => {
                let trimmed = t.trim_start().to_string();
                *first = Event::Text(trimmed.into());
                break;
            }
            _ => break,
        }
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
fn is_note(inner: &[Event<'_>]) -> bool {
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

pub use crate::render::escape::is_safe_url;

#[cfg(test)]
mod tests;
