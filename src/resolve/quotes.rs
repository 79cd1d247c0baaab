//! Quote verification: text a document puts in quotation marks ("…", “…”, «…», „…“)
//! is looked for in the other documents of the archive, the documents of its own event
//! first.
//!
//! Words are compared after folding case, quote and dash styles and the punctuation
//! around words. A quotation found word for word is *verbatim*; one found with a few
//! words changed (at least five words long, three in four the same) is *close*, with
//! the difference; otherwise it is *not found in the archive*, which says nothing about
//! whether it is true. Editorial notes are the editor's words, not the speaker's, so
//! they are not sources. An inverted index keeps this near-linear in the archive size.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Pos, Severity};
use crate::model::{BlockRef, DocId, EventId, IdSlice, IdVec};
use crate::parse::body::BlockKind;
use crate::parse::document::Document;

/// A quotation in a block's plain text (`start..end` is inside the marks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Verbatim {
        at: BlockRef,
    },
    /// Found with small differences: `diff` shows the archive's words, with `[-…-]`
    /// for words the quotation lacks and `{+…+}` for words it adds.
    Close {
        at: BlockRef,
        diff: String,
    },
    NotFound,
}

type Place = (u32, u32);

/// Checks every quotation of every document: per document, per block.
///
/// Only the words that quotations use are indexed (as 64-bit hashes), so an archive
/// with few quotations costs little more than one pass over its words, and one with
/// none costs nothing.
pub fn check(
    docs: &IdSlice<DocId, Document>,
    doc_event: &IdSlice<DocId, Option<EventId>>,
) -> IdVec<DocId, Vec<Vec<Quote>>> {
    let (docs, doc_event) = (&docs.raw, &doc_event.raw);
    let found: Vec<Vec<Vec<(usize, usize)>>> = docs
        .par_iter()
        .map(|d| {
            d.body
                .blocks
                .iter()
                .map(|b| {
                    if matches!(b.kind, BlockKind::Code { .. }) {
                        Vec::new()
                    } else {
                        spans(&b.text)
                    }
                })
                .collect()
        })
        .collect();
    let mut wanted: HashSet<u64> = HashSet::new();
    for (doc, blocks) in docs.iter().zip(&found) {
        for (block, spans) in doc.body.blocks.iter().zip(blocks) {
            for &(a, b) in spans {
                wanted.extend(hashes(&block.text[a..b]));
            }
        }
    }
    if wanted.is_empty() {
        return found
            .iter()
            .map(|blocks| blocks.iter().map(|_| Vec::new()).collect())
            .collect::<Vec<_>>()
            .into();
    }
    let postings: Vec<Vec<(u64, Place)>> = docs
        .par_iter()
        .enumerate()
        .map(|(d, doc)| {
            let mut out = Vec::new();
            for (b, block) in doc.body.blocks.iter().enumerate() {
                if !is_source(&block.kind) {
                    continue;
                }
                let mut seen: Vec<u64> = hashes(&block.text)
                    .into_iter()
                    .filter(|h| wanted.contains(h))
                    .collect();
                seen.sort_unstable();
                seen.dedup();
                out.extend(seen.into_iter().map(|h| (h, (d as u32, b as u32))));
            }
            out
        })
        .collect();
    let mut index: HashMap<u64, Vec<Place>> = HashMap::new();
    for (h, place) in postings.into_iter().flatten() {
        index.entry(h).or_default().push(place);
    }
    let cx = Cx {
        docs,
        doc_event,
        index: &index,
    };
    docs.par_iter()
        .zip(found.par_iter())
        .enumerate()
        .map(|(d, (doc, blocks))| {
            doc.body
                .blocks
                .iter()
                .zip(blocks)
                .map(|(b, spans)| {
                    spans
                        .iter()
                        .map(|&(start, end)| Quote {
                            start,
                            end,
                            verdict: cx.verdict(d, &b.text[start..end]),
                        })
                        .collect()
                })
                .collect()
        })
        .collect::<Vec<_>>()
        .into()
}

/// A note per quotation the archive does not hold.
pub fn not_found_notes(
    docs: &IdSlice<DocId, Document>,
    quotes: &IdSlice<DocId, Vec<Vec<Quote>>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (doc, blocks) in docs.iter().zip(quotes) {
        for (block, qs) in doc.body.blocks.iter().zip(blocks) {
            for q in qs.iter().filter(|q| q.verdict == Verdict::NotFound) {
                let text: String = block.text[q.start..q.end].chars().take(60).collect();
                out.push(
                    Diagnostic::new(
                        Severity::Note,
                        &doc.path,
                        Pos::new(block.line, 1),
                        format!("quotation not found in the archive: \"{text}\""),
                    )
                    .help("not an error: the archive holds no source for these words"),
                );
            }
        }
    }
    out
}

fn is_source(kind: &BlockKind) -> bool {
    !matches!(
        kind,
        BlockKind::Editorial | BlockKind::Heading(_) | BlockKind::Code { .. } | BlockKind::Rule
    )
}

struct Cx<'a> {
    docs: &'a [Document],
    doc_event: &'a [Option<EventId>],
    index: &'a HashMap<u64, Vec<Place>>,
}

impl Cx<'_> {
    fn block_tokens(&self, (d, b): Place) -> Vec<String> {
        tokenize(&self.docs[d as usize].body.blocks[b as usize].text)
    }

    fn verdict(&self, doc: usize, quote: &str) -> Verdict {
        let q = tokenize(quote);
        if q.is_empty() {
            return Verdict::NotFound;
        }
        // The best 20 candidates' words are kept for the search for a close match.
        let mut best_candidates: Vec<(Place, Vec<String>)> = Vec::new();
        for place in self.candidates(doc, &q) {
            let tokens = self.block_tokens(place);
            if contains(&tokens, &q) {
                return Verdict::Verbatim {
                    at: block_ref(place),
                };
            }
            if best_candidates.len() < 20 {
                best_candidates.push((place, tokens));
            }
        }
        if q.len() < 5 {
            return Verdict::NotFound;
        }
        let mut best: Option<(f64, Place, String)> = None;
        for (place, tokens) in best_candidates {
            if let Some((score, diff)) = closest_window(&tokens, &q)
                && best.as_ref().is_none_or(|(s, _, _)| score > *s)
            {
                best = Some((score, place, diff));
            }
        }
        match best {
            Some((score, place, diff)) if score >= 0.75 => Verdict::Close {
                at: block_ref(place),
                diff,
            },
            _ => Verdict::NotFound,
        }
    }

    /// Blocks of other documents holding most of the quotation's rarer words, those of
    /// the same event first.
    fn candidates(&self, doc: usize, q: &[String]) -> Vec<Place> {
        let mut hits: HashMap<Place, usize> = HashMap::new();
        let mut distinct: Vec<u64> = q.iter().map(|t| hash(t)).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut used: usize = 0;
        for t in &distinct {
            let Some(postings) = self.index.get(t) else {
                continue;
            };
            if postings.len() > 5_000 && distinct.len() > 1 {
                continue;
            }
            used += 1;
            for p in postings {
                if p.0 as usize != doc {
                    *hits.entry(*p).or_insert(0) += 1;
                }
            }
        }
        let need = (used * 3).div_ceil(5).max(1);
        let event = self.doc_event[doc];
        let mut out: Vec<(Place, usize)> = hits.into_iter().filter(|(_, n)| *n >= need).collect();
        out.sort_by_key(|((d, b), n)| {
            let same_event = event.is_some() && self.doc_event[*d as usize] == event;
            (
                !same_event,
                std::cmp::Reverse(*n),
                self.docs[*d as usize].meta.date,
                *d,
                *b,
            )
        });
        out.into_iter().map(|(p, _)| p).collect()
    }
}

fn block_ref((d, b): Place) -> BlockRef {
    BlockRef::new(DocId::from(d as usize), b as usize)
}

fn hash(token: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    token.hash(&mut h);
    h.finish()
}

fn hashes(text: &str) -> Vec<u64> {
    tokenize(text).iter().map(|t| hash(t)).collect()
}

/// The byte ranges inside quotation marks.
pub fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let pairs = [('“', '”'), ('«', '»'), ('„', '“')];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Closing marks not found after some point are not found after any later one:
    // remembered, so unmatched opening marks cost one scan, not one each.
    let mut exhausted: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let close = if c == '"' {
            Some('"')
        } else {
            pairs.iter().find(|(o, _)| *o == c).map(|(_, cl)| *cl)
        }
        .filter(|cl| !exhausted.contains(cl));
        let found = close.and_then(|close| {
            let j = chars[i + 1..].iter().position(|(_, x)| *x == close);
            if j.is_none() {
                exhausted.push(close);
            }
            Some(j? + i + 1)
        });
        if let Some(j) = found {
            let (start, end) = (at + c.len_utf8(), chars[j].0);
            let inner = &text[start..end];
            if inner.chars().any(char::is_alphabetic) && inner.chars().count() <= 600 {
                out.push((start, end));
            }
            i = j + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// Lowercased words, with quote, apostrophe and dash styles folded and the
/// punctuation around words dropped.
pub fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '―'))
        .map(|w| {
            w.chars()
                .map(|c| match c {
                    '’' | '‘' | '`' | '´' => '\'',
                    c => c,
                })
                .collect::<String>()
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn contains(hay: &[String], needle: &[String]) -> bool {
    needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The window of `hay` most like `q` (word-level edit distance), its similarity and a
/// readable difference; `None` when no window could be close (three in four words).
///
/// One pass of approximate matching (Sellers) first gives, for each word of `hay`, the
/// least distance of `q` to any stretch ending there; windows ending where that is
/// already too far for a close match are not measured. Measuring every window made a
/// long candidate paragraph cost its length times the quotation's squared.
fn closest_window(hay: &[String], q: &[String]) -> Option<(f64, String)> {
    // A close match has a score of 0.75: at most a quarter of the longer side differs,
    // and windows are at most two words longer than the quotation.
    let most = (q.len() + 2) / 4;
    let near = least_distances(hay, q);
    let mut best: Option<(usize, usize, usize)> = None;
    for len in q.len().saturating_sub(2).max(1)..=q.len() + 2 {
        if len > hay.len() {
            break;
        }
        for start in 0..=hay.len() - len {
            if near[start + len - 1] > most {
                continue;
            }
            let d = crate::diag::edit_distance(&hay[start..start + len], q);
            if best.is_none_or(|(bd, _, _)| d < bd) {
                best = Some((d, start, len));
            }
        }
    }
    let (d, start, len) = best?;
    let score = 1.0 - d as f64 / q.len().max(len) as f64;
    Some((score, diff(&hay[start..start + len], q)))
}

/// For each word of `hay`, the least edit distance between `q` and a stretch of `hay`
/// ending with it (Sellers' algorithm).
fn least_distances(hay: &[String], q: &[String]) -> Vec<usize> {
    let mut col: Vec<usize> = (0..=q.len()).collect();
    let mut out = Vec::with_capacity(hay.len());
    for t in hay {
        let mut diagonal = col[0];
        col[0] = 0;
        for i in 1..=q.len() {
            let above = col[i];
            col[i] = (diagonal + usize::from(&q[i - 1] != t))
                .min(above + 1)
                .min(col[i - 1] + 1);
            diagonal = above;
        }
        out.push(col[q.len()]);
    }
    out
}

/// The archive's words with `[-missing-]` and `{+added+}` marks for the quotation's.
fn diff(source: &[String], quote: &[String]) -> String {
    use similar::{Algorithm, ChangeTag, capture_diff_slices};
    let mut out = Vec::with_capacity(source.len().max(quote.len()));
    for op in capture_diff_slices(Algorithm::Myers, source, quote) {
        for change in op.iter_changes(source, quote) {
            let word = change.value();
            out.push(match change.tag() {
                ChangeTag::Equal => word.clone(),
                ChangeTag::Delete => format!("[-{word}-]"),
                ChangeTag::Insert => format!("{{+{word}+}}"),
            });
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests;
