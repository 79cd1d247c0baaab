//! Anchoring standoff annotations to a document's text (the W3C TextQuoteSelector:
//! the quoted words, with optional words before and after them).
//!
//! In order: the exact quote (prefix and suffix choose among repeats, then the place
//! recorded in the lock, then the paragraph hint); the quote with whitespace, case,
//! quotation marks and dashes folded; then the most similar stretch of text, if it is
//! at least [`FUZZY`] similar (a corrected typo still anchors). Below that the
//! annotation is orphaned and reported: it is never attached to other words.
//!
//! Offsets are byte offsets in a block's plain text (`Block::text`).

/// The least similarity (0–1, character edit distance) for a fuzzy anchor.
pub const FUZZY: f64 = 0.85;

/// What an annotation asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// The block index the author or the lock points at, if any.
    pub hint: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The quoted words, where they were expected.
    Exact,
    /// The quoted words, found elsewhere than the hint, or only with case, spaces or
    /// punctuation styles differing.
    Moved,
    /// Words close to the quote (a corrected typo): attached, flagged.
    Fuzzy,
    /// Not found: reported, not attached.
    Orphaned,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Exact => "exact",
            Status::Moved => "moved",
            Status::Fuzzy => "fuzzy",
            Status::Orphaned => "orphaned",
        }
    }
}

/// Where an annotation anchored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchored {
    pub status: Status,
    /// (block, start, end), unless orphaned.
    pub place: Option<(usize, usize, usize)>,
    /// Similarity of the anchored words to the quote (1 for exact).
    pub score: f64,
}

impl Anchored {
    fn orphan() -> Self {
        Anchored {
            status: Status::Orphaned,
            place: None,
            score: 0.0,
        }
    }
}

/// Anchors a selector in the blocks' plain texts.
pub fn anchor(blocks: &[&str], sel: &Selector) -> Anchored {
    if sel.quote.trim().is_empty() {
        return Anchored::orphan();
    }
    // 1. Exact occurrences, ranked by context, then by the hint.
    let mut exact: Vec<(usize, usize)> = Vec::new();
    for (b, text) in blocks.iter().enumerate() {
        exact.extend(text.match_indices(sel.quote.as_str()).map(|(i, _)| (b, i)));
    }
    if let Some((b, i)) = best(&exact, blocks, sel) {
        let status = if sel.hint.is_none_or(|h| h == b) {
            Status::Exact
        } else {
            Status::Moved
        };
        return Anchored {
            status,
            place: Some((b, i, i + sel.quote.len())),
            score: 1.0,
        };
    }
    // 2. The same words, folded.
    let q = fold(&sel.quote);
    let mut folded: Vec<(usize, usize, usize)> = Vec::new();
    for (b, text) in blocks.iter().enumerate() {
        let (f, map) = fold_with_map(text);
        for (i, _) in f.match_indices(q.as_str()) {
            folded.push((
                b,
                map[i],
                map[i + q.len() - 1] + char_len(text, map[i + q.len() - 1]),
            ));
        }
    }
    if let Some(&(b, s, e)) = folded
        .iter()
        .min_by_key(|(b, _, _)| sel.hint.map_or(0, |h| usize::from(h != *b)))
    {
        return Anchored {
            status: Status::Moved,
            place: Some((b, s, e)),
            score: 1.0,
        };
    }
    // 3. The most similar stretch, in blocks sharing most of the quote's words.
    let quote_words: Vec<&str> = q.split_whitespace().collect();
    let q_chars: Vec<char> = q.chars().collect();
    let mut found: Option<(f64, usize, usize, usize)> = None;
    for (b, text) in blocks.iter().enumerate() {
        let folded = fold(text);
        let shared = quote_words.iter().filter(|w| folded.contains(**w)).count();
        if shared * 2 < quote_words.len() {
            continue;
        }
        if let Some((score, s, e)) = closest(text, &q_chars) {
            let better = found.is_none_or(|(fs, fb, _, _)| {
                score > fs + 1e-9
                    || ((score - fs).abs() < 1e-9 && sel.hint == Some(b) && sel.hint != Some(fb))
            });
            if better {
                found = Some((score, b, s, e));
            }
        }
    }
    match found {
        Some((score, b, s, e)) if score >= FUZZY => Anchored {
            status: Status::Fuzzy,
            place: Some((b, s, e)),
            score,
        },
        _ => Anchored::orphan(),
    }
}

/// The exact occurrence whose surroundings best match the prefix and suffix; ties go
/// to the hinted block, then to the first.
fn best(found: &[(usize, usize)], blocks: &[&str], sel: &Selector) -> Option<(usize, usize)> {
    found.iter().copied().max_by_key(|&(b, i)| {
        let text = blocks[b];
        let before = &text[..i];
        let after = &text[i + sel.quote.len()..];
        let pre = sel
            .prefix
            .as_deref()
            .map_or(0, |p| common_suffix(before, p));
        let suf = sel.suffix.as_deref().map_or(0, |s| common_prefix(after, s));
        (
            pre + suf,
            usize::from(sel.hint == Some(b)),
            std::cmp::Reverse((b, i)),
        )
    })
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn char_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(0, char::len_utf8)
}

/// Folds case, whitespace runs, quotation marks and dashes.
fn fold(s: &str) -> String {
    fold_with_map(s).0
}

/// The folded text and, for each of its bytes, the byte of the original it comes from.
fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut last_space = false;
    for (i, c) in s.char_indices() {
        let mapped: Option<char> = match c {
            c if c.is_whitespace() => {
                if last_space {
                    None
                } else {
                    Some(' ')
                }
            }
            '“' | '”' | '„' | '«' | '»' => Some('"'),
            '‘' | '’' | '`' => Some('\''),
            '–' | '—' | '‒' | '―' => Some('-'),
            c => Some(c),
        };
        last_space = c.is_whitespace();
        if let Some(m) = mapped {
            for lc in m.to_lowercase() {
                let before = out.len();
                out.push(lc);
                map.extend(std::iter::repeat_n(i, out.len() - before));
            }
        }
    }
    (out, map)
}

/// The stretch of `text` most similar to the folded quote `q` (character edit
/// distance), starting and ending at word boundaries, with its similarity and byte
/// range, if any could be at least [`FUZZY`] similar.
///
/// Only stretches that could reach [`FUZZY`] are scored: one pass of approximate
/// matching (Sellers) gives, for each place in the text, the least distance of the
/// quote to any stretch ending there, and stretches ending where that is already too
/// far are skipped. Ends are found by binary search in the length window. Scoring every
/// pair of word boundaries made a long paragraph cost its length squared.
fn closest(text: &str, q: &[char]) -> Option<(f64, usize, usize)> {
    let qlen = q.len();
    let (folded, map) = fold_with_map(text);
    // For each folded character: where it comes from, and how close the quote comes
    // to ending there.
    let origins: Vec<usize> = folded.char_indices().map(|(i, _)| map[i]).collect();
    let near = least_distances(&folded.chars().collect::<Vec<_>>(), q);
    // A window is at most 1.3 times the quote plus 2 characters, and folding at most
    // doubles a character ('İ'): more than this many edits cannot be FUZZY similar.
    let longest = qlen.max(2 * ((qlen * 13 + 20) / 10 + 1));
    let too_far = |d: usize| d as f64 > (1.0 - FUZZY) * longest as f64 + 1e-9;
    if near.iter().all(|&d| too_far(d)) {
        return None;
    }
    let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let char_index = |byte: usize| chars.partition_point(|&c| c < byte);
    let starts: Vec<usize> = word_starts(text);
    let ends: Vec<usize> = word_ends(text);
    let end_chars: Vec<usize> = ends.iter().map(|&e| char_index(e)).collect();
    let mut best: Option<(f64, usize, usize)> = None;
    for &s in &starts {
        let sc = char_index(s);
        // Ends whose stretch has 0.7 to 1.3 times the quote's characters (plus 2).
        let lo = end_chars.partition_point(|&ec| ec <= sc || (ec - sc) * 10 < qlen * 7);
        let hi = end_chars.partition_point(|&ec| ec <= sc || (ec - sc) * 10 <= qlen * 13 + 20);
        for &e in &ends[lo..hi.max(lo)] {
            // The last folded character before `e`: no stretch ending there is closer.
            let k = origins.partition_point(|&o| o < e);
            if k == 0 || too_far(near[k - 1]) {
                continue;
            }
            let window: Vec<char> = fold(&text[s..e]).chars().collect();
            let score =
                1.0 - crate::diag::edit_distance(&window, q) as f64 / window.len().max(qlen) as f64;
            if best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, s, e));
            }
        }
    }
    best
}

/// For each character of `text`, the least edit distance between `q` and a stretch
/// of `text` ending with it (Sellers' algorithm: one pass, `q`'s length per character).
fn least_distances(text: &[char], q: &[char]) -> Vec<usize> {
    let mut col: Vec<usize> = (0..=q.len()).collect();
    let mut out = Vec::with_capacity(text.len());
    for &t in text {
        // A stretch may start anywhere: matching nothing of the quote costs nothing.
        let mut diagonal = col[0];
        col[0] = 0;
        for i in 1..=q.len() {
            let above = col[i];
            col[i] = (diagonal + usize::from(q[i - 1] != t))
                .min(above + 1)
                .min(col[i - 1] + 1);
            diagonal = above;
        }
        out.push(col[q.len()]);
    }
    out
}

fn word_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() && !prev.is_some_and(char::is_alphanumeric) {
            out.push(i);
        }
        prev = Some(c);
    }
    out
}

fn word_ends(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|x| x.1);
        if !c.is_whitespace() && !next.is_some_and(char::is_alphanumeric) {
            let end = i + c.len_utf8();
            // A word's end, with trailing punctuation as a second candidate.
            if c.is_alphanumeric() || next.is_none_or(char::is_whitespace) {
                out.push(end);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
