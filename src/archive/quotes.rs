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

use std::collections::HashMap;

use rayon::prelude::*;

use crate::body::BlockKind;
use crate::document::Document;

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
        doc: usize,
        block: usize,
    },
    /// Found with small differences: `diff` shows the archive's words, with `[-…-]`
    /// for words the quotation lacks and `{+…+}` for words it adds.
    Close {
        doc: usize,
        block: usize,
        diff: String,
    },
    NotFound,
}

type Place = (u32, u32);

/// Checks every quotation of every document: per document, per block.
pub fn check(docs: &[Document], doc_event: &[Option<usize>]) -> Vec<Vec<Vec<Quote>>> {
    let tokens: Vec<Vec<Vec<String>>> = docs
        .par_iter()
        .map(|d| {
            d.body
                .blocks
                .iter()
                .map(|b| {
                    if is_source(&b.kind) {
                        tokenize(&b.text)
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        })
        .collect();
    let mut index: HashMap<&str, Vec<Place>> = HashMap::new();
    for (d, blocks) in tokens.iter().enumerate() {
        for (b, toks) in blocks.iter().enumerate() {
            let mut seen: Vec<&str> = toks.iter().map(String::as_str).collect();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                index.entry(t).or_default().push((d as u32, b as u32));
            }
        }
    }
    let cx = Cx {
        docs,
        doc_event,
        tokens: &tokens,
        index: &index,
    };
    docs.par_iter()
        .enumerate()
        .map(|(d, doc)| {
            doc.body
                .blocks
                .iter()
                .map(|b| {
                    if matches!(b.kind, BlockKind::Code { .. }) {
                        Vec::new()
                    } else {
                        cx.quotes(d, &b.text)
                    }
                })
                .collect()
        })
        .collect()
}

fn is_source(kind: &BlockKind) -> bool {
    !matches!(
        kind,
        BlockKind::Note | BlockKind::Heading(_) | BlockKind::Code { .. } | BlockKind::Rule
    )
}

struct Cx<'a> {
    docs: &'a [Document],
    doc_event: &'a [Option<usize>],
    tokens: &'a [Vec<Vec<String>>],
    index: &'a HashMap<&'a str, Vec<Place>>,
}

impl Cx<'_> {
    fn quotes(&self, doc: usize, text: &str) -> Vec<Quote> {
        spans(text)
            .into_iter()
            .map(|(start, end)| Quote {
                start,
                end,
                verdict: self.verdict(doc, &text[start..end]),
            })
            .collect()
    }

    fn verdict(&self, doc: usize, quote: &str) -> Verdict {
        let q = tokenize(quote);
        if q.is_empty() {
            return Verdict::NotFound;
        }
        let candidates = self.candidates(doc, &q);
        for &(d, b) in &candidates {
            if contains(&self.tokens[d as usize][b as usize], &q) {
                return Verdict::Verbatim {
                    doc: d as usize,
                    block: b as usize,
                };
            }
        }
        if q.len() < 5 {
            return Verdict::NotFound;
        }
        let mut best: Option<(f64, Place, String)> = None;
        for &(d, b) in candidates.iter().take(20) {
            if let Some((score, diff)) = closest_window(&self.tokens[d as usize][b as usize], &q)
                && best.as_ref().is_none_or(|(s, _, _)| score > *s)
            {
                best = Some((score, (d, b), diff));
            }
        }
        match best {
            Some((score, (d, b), diff)) if score >= 0.75 => Verdict::Close {
                doc: d as usize,
                block: b as usize,
                diff,
            },
            _ => Verdict::NotFound,
        }
    }

    /// Blocks of other documents holding most of the quotation's rarer words, those of
    /// the same event first.
    fn candidates(&self, doc: usize, q: &[String]) -> Vec<Place> {
        let mut hits: HashMap<Place, usize> = HashMap::new();
        let mut distinct: Vec<&str> = q.iter().map(String::as_str).collect();
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

/// The byte ranges inside quotation marks.
pub fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let pairs = [('“', '”'), ('«', '»'), ('„', '“')];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let close = if c == '"' {
            Some('"')
        } else {
            pairs.iter().find(|(o, _)| *o == c).map(|(_, cl)| *cl)
        };
        if let Some(close) = close
            && let Some(j) = chars[i + 1..]
                .iter()
                .position(|(_, x)| *x == close)
                .map(|j| j + i + 1)
        {
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
/// readable difference.
fn closest_window(hay: &[String], q: &[String]) -> Option<(f64, String)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for len in q.len().saturating_sub(2).max(1)..=q.len() + 2 {
        if len > hay.len() {
            break;
        }
        for start in 0..=hay.len() - len {
            let d = distance(&hay[start..start + len], q);
            if best.is_none_or(|(bd, _, _)| d < bd) {
                best = Some((d, start, len));
            }
        }
    }
    let (d, start, len) = best?;
    let score = 1.0 - d as f64 / q.len().max(len) as f64;
    Some((score, diff(&hay[start..start + len], q)))
}

fn distance(a: &[String], b: &[String]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The archive's words with `[-missing-]` and `{+added+}` marks for the quotation's.
fn diff(source: &[String], quote: &[String]) -> String {
    let (n, m) = (source.len(), quote.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if source[i] == quote[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && source[i] == quote[j] {
            out.push(source[i].clone());
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("[-{}-]", source[i]));
            i += 1;
        } else {
            out.push(format!("{{+{}+}}", quote[j]));
            j += 1;
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests;
