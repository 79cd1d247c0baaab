//! Permanent paragraph addresses.
//!
//! Once published, `#p14` must point at the same words for as long as the archive
//! exists. The lock file (`content/anchors.lock`, committed with the content like
//! Cargo.lock) records, per document, each anchor's fingerprint: a hash of its text
//! and a 64-bit SimHash of its character trigrams. On every build the numbered blocks
//! are matched to the lock:
//!
//! 1. **exact**: the same text keeps its anchor, wherever it moved;
//! 2. **similar**: a block whose SimHash is within [`SIMILAR`] bits of an unmatched
//!    anchor between the same matched neighbours (or within [`SIMILAR_ANYWHERE`] bits
//!    anywhere) keeps that anchor and is marked *revised*: a corrected typo keeps its
//!    number;
//! 3. **position**: the only unmatched block between two matched neighbours takes the
//!    only unmatched anchor there if still fairly similar ([`SIMILAR_BY_POSITION`]).
//!
//! A block matching nothing gets a new address after its predecessor (`p14a`, `p14b`,
//! …; `p15` if appended at the end), so its neighbours are never renumbered. An anchor
//! matching nothing is kept as *removed*, with the date and its neighbours, so its
//! address still resolves to a note. Matching is linear in the number of blocks, but
//! for comparisons inside the gaps between matched blocks.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Most differing SimHash bits for a revised block between the same neighbours.
pub const SIMILAR: u32 = 12;
/// Most differing bits for a block matched anywhere in the document (a moved and
/// edited paragraph).
pub const SIMILAR_ANYWHERE: u32 = 8;
/// Most differing bits when position alone singles out the candidate.
pub const SIMILAR_BY_POSITION: u32 = 16;

/// A block's fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Print {
    pub hash: u64,
    pub sim: u64,
}

/// The fingerprint of a text (whitespace-insensitive).
#[cfg(test)]
pub fn print(text: &str) -> Print {
    prints(&[text], &[]).remove(0)
}

/// The fingerprints of texts. An unchanged text's SimHash is taken from the lock
/// (computing it is the costly part), so a rebuild only hashes what changed.
pub fn prints(texts: &[&str], locked: &[Locked]) -> Vec<Print> {
    let known: HashMap<u64, u64> = locked
        .iter()
        .filter_map(|l| {
            let hex = |s: &str| u64::from_str_radix(s, 16).ok();
            Some((hex(&l.hash)?, hex(&l.sim)?))
        })
        .collect();
    texts
        .iter()
        .map(|text| {
            let norm: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let digest = Sha256::digest(norm.as_bytes());
            let hash = u64::from_be_bytes(digest[..8].try_into().expect("eight bytes"));
            let sim = known
                .get(&hash)
                .copied()
                .unwrap_or_else(|| simhash(&norm.to_lowercase()));
            Print { hash, sim }
        })
        .collect()
}

/// SimHash of character trigrams: close texts have close hashes.
fn simhash(text: &str) -> u64 {
    let chars: Vec<char> = text.chars().collect();
    let mut weights = [0i32; 64];
    let mut add = |gram: &[char]| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in gram {
            for b in (*c as u32).to_le_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        // Mix, so neighbouring grams spread over all bits.
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        // Branch-free, so the compiler can vectorise it.
        for (i, w) in weights.iter_mut().enumerate() {
            *w += ((h >> i) & 1) as i32 * 2 - 1;
        }
    };
    if chars.len() < 3 {
        add(&chars);
    } else {
        for gram in chars.windows(3) {
            add(gram);
        }
    }
    weights
        .iter()
        .enumerate()
        .fold(0u64, |acc, (i, w)| if *w > 0 { acc | 1 << i } else { acc })
}

fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// One anchor in the lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locked {
    pub id: String,
    /// Hex of [`Print::hash`].
    pub hash: String,
    /// Hex of [`Print::sim`].
    pub sim: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<String>,
    /// For a removed anchor: the live anchors it stood between.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
}

impl Locked {
    fn print(&self) -> Print {
        Print {
            hash: u64::from_str_radix(&self.hash, 16).unwrap_or(0),
            sim: u64::from_str_radix(&self.sim, 16).unwrap_or(0),
        }
    }
}

/// How a block got its address on this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Same text as locked.
    Same,
    /// Text changed since it was locked (`revised` gives the date it first changed).
    Revised,
    /// A new address.
    New,
}

/// A block's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    pub id: String,
    pub status: Status,
    /// The date the text was last found changed, if ever.
    pub revised: Option<String>,
}

/// The anchors of one document after matching: one per numbered block, and the
/// document's new lock entries (live and removed, in document order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub assigned: Vec<Assigned>,
    pub lock: Vec<Locked>,
}

/// Matches the numbered blocks of a document (their fingerprints, in order) against
/// its locked anchors. `today` dates removals and revisions.
pub fn assign(blocks: &[Print], locked: &[Locked], today: &str) -> Matched {
    let old: Vec<(usize, Print)> = locked
        .iter()
        .enumerate()
        .filter(|(_, l)| l.removed.is_none())
        .map(|(i, l)| (i, l.print()))
        .collect();
    // For each block: the index into `old` it matched, and how.
    let mut matched: Vec<Option<(usize, Status)>> = vec![None; blocks.len()];
    let mut taken = vec![false; old.len()];

    // 1. Exact, in order: each text takes the first of its anchors still free.
    let mut by_hash: HashMap<u64, std::collections::VecDeque<usize>> = HashMap::new();
    for (k, (_, p)) in old.iter().enumerate() {
        by_hash.entry(p.hash).or_default().push_back(k);
    }
    for (b, p) in blocks.iter().enumerate() {
        if let Some(k) = by_hash
            .get_mut(&p.hash)
            .and_then(std::collections::VecDeque::pop_front)
        {
            taken[k] = true;
            matched[b] = Some((k, Status::Same));
        }
    }
    // 2. Similar, within each gap between matched neighbours, then anywhere; 3. by position.
    for (limit, anywhere) in [(SIMILAR, false), (SIMILAR_ANYWHERE, true)] {
        let gaps = Gaps::new(&matched, old.len());
        // The last block this pass matched: the pass goes forward, so it is nearer to
        // any later block than the one matched before the pass.
        let mut latest: Option<usize> = None;
        for b in 0..blocks.len() {
            if matched[b].is_some() {
                continue;
            }
            let range = if anywhere {
                0..old.len()
            } else {
                let before = latest.max(gaps.prev[b]).and_then(|x| matched[x]);
                gaps.anchors(before.map(|(k, _)| k), b)
            };
            let best = range
                .filter(|&k| !taken[k])
                .map(|k| (distance(blocks[b].sim, old[k].1.sim), k))
                .filter(|(d, _)| *d <= limit)
                .min();
            if let Some((_, k)) = best {
                taken[k] = true;
                matched[b] = Some((k, Status::Revised));
                latest = Some(b);
            }
        }
    }
    // A match here leaves nothing unmatched in its gap, so it changes no other block's
    // gap: the gaps as the pass began are the gaps throughout.
    let gaps = Gaps::new(&matched, old.len());
    for b in 0..blocks.len() {
        if matched[b].is_some() || gaps.unmatched_in_gap(b) != 1 {
            continue;
        }
        let before = gaps.prev[b].and_then(|x| matched[x]).map(|(k, _)| k);
        let mut free = gaps.anchors(before, b).filter(|&k| !taken[k]);
        if let (Some(k), None) = (free.next(), free.next())
            && distance(blocks[b].sim, old[k].1.sim) <= SIMILAR_BY_POSITION
        {
            taken[k] = true;
            matched[b] = Some((k, Status::Revised));
        }
    }
    build(blocks, locked, &old, &matched, &taken, today)
}

/// The gaps between matched blocks, found once per pass rather than by a scan per
/// block (which made a first build of a long document quadratic).
struct Gaps {
    /// For each block: the nearest matched block before it.
    prev: Vec<Option<usize>>,
    /// For each block: the anchor of the nearest matched block after it.
    next: Vec<Option<usize>>,
    /// For each block: how many blocks of its gap are unmatched.
    unmatched: Vec<usize>,
    anchors: usize,
}

impl Gaps {
    fn new(matched: &[Option<(usize, Status)>], anchors: usize) -> Self {
        let n = matched.len();
        let mut prev = vec![None; n];
        let mut before = None;
        for (b, m) in matched.iter().enumerate() {
            prev[b] = before;
            if m.is_some() {
                before = Some(b);
            }
        }
        let mut next = vec![None; n];
        let mut after = None;
        for b in (0..n).rev() {
            next[b] = after;
            if let Some((k, _)) = matched[b] {
                after = Some(k);
            }
        }
        // Each run of unmatched blocks is a gap: its length, for each of its blocks.
        let mut unmatched = vec![0; n];
        let mut b = 0;
        while b < n {
            let end = (b..n).find(|&x| matched[x].is_some()).unwrap_or(n);
            unmatched[b..end].fill(end - b);
            b = end + 1;
        }
        Gaps {
            prev,
            next,
            unmatched,
            anchors,
        }
    }

    /// The indices of `old` between the anchor `before` (of the nearest matched block
    /// before `b`) and that of the nearest matched block after `b`.
    fn anchors(&self, before: Option<usize>, b: usize) -> std::ops::Range<usize> {
        let lo = before.map_or(0, |k| k + 1);
        let hi = self.next[b].unwrap_or(self.anchors);
        if lo <= hi { lo..hi } else { 0..0 }
    }

    /// How many blocks are unmatched between the matched blocks around `b`.
    fn unmatched_in_gap(&self, b: usize) -> usize {
        self.unmatched[b]
    }
}

fn build(
    blocks: &[Print],
    locked: &[Locked],
    old: &[(usize, Print)],
    matched: &[Option<(usize, Status)>],
    taken: &[bool],
    today: &str,
) -> Matched {
    let hex = |v: u64| format!("{v:016x}");
    let mut used: HashSet<String> = locked.iter().map(|l| l.id.clone()).collect();
    let mut max_number = locked
        .iter()
        .filter_map(|l| l.id.strip_prefix('p')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    // Blocks after the last matched one are appended: they take the next numbers.
    let last_matched = matched.iter().rposition(Option::is_some);
    // The next letter to try after each base address.
    let mut next_letter: HashMap<String, usize> = HashMap::new();

    let mut assigned: Vec<Assigned> = Vec::with_capacity(blocks.len());
    // The address new blocks follow: the last block's that is not new in this build.
    let mut base: Option<String> = None;
    for (b, p) in blocks.iter().enumerate() {
        let a = match matched[b] {
            Some((k, status)) => {
                let l = &locked[old[k].0];
                let changed = status == Status::Revised && l.hash != hex(p.hash);
                let revised = if changed {
                    Some(today.to_string())
                } else {
                    l.revised.clone()
                };
                base = Some(l.id.clone());
                Assigned {
                    id: l.id.clone(),
                    status: if changed {
                        Status::Revised
                    } else {
                        Status::Same
                    },
                    revised,
                }
            }
            None => {
                // New blocks at the end take the next numbers; others a letter after
                // the address before them (p14a, p14b, …), so no neighbour is
                // renumbered.
                let appended = last_matched.is_none_or(|last| b > last);
                let id = if appended {
                    max_number += 1;
                    format!("p{max_number}")
                } else {
                    let base = base.clone().unwrap_or_else(|| "p0".into());
                    let n = next_letter.entry(base.clone()).or_insert(1);
                    loop {
                        let candidate = format!("{base}{}", letters(*n));
                        *n += 1;
                        if !used.contains(&candidate) {
                            break candidate;
                        }
                    }
                };
                used.insert(id.clone());
                Assigned {
                    id,
                    status: Status::New,
                    revised: None,
                }
            }
        };
        assigned.push(a);
    }
    // The new lock: live anchors in the new order, removed ones after the anchor they
    // followed.
    let mut lock: Vec<Locked> = blocks
        .iter()
        .zip(&assigned)
        .map(|(p, a)| Locked {
            id: a.id.clone(),
            hash: hex(p.hash),
            sim: hex(p.sim),
            revised: a.revised.clone(),
            removed: None,
            after: None,
            before: None,
        })
        .collect();
    let live: HashMap<&str, usize> = assigned
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut removed: Vec<Locked> = locked
        .iter()
        .filter(|l| l.removed.is_some())
        .cloned()
        .collect();
    // Each old anchor's nearest old live anchors before and after it that are still
    // live, from one pass each way.
    let still_live =
        |k: usize| Some(&locked[old[k].0].id).filter(|id| live.contains_key(id.as_str()));
    let mut last = None;
    let after_of: Vec<Option<&String>> = (0..old.len())
        .map(|k| {
            let before_k = last;
            last = still_live(k).or(last);
            before_k
        })
        .collect();
    let mut next = None;
    let mut before_of: Vec<Option<&String>> = (0..old.len())
        .rev()
        .map(|k| {
            let after_k = next;
            next = still_live(k).or(next);
            after_k
        })
        .collect();
    before_of.reverse();
    for (k, (i, _)) in old.iter().enumerate() {
        if taken[k] {
            continue;
        }
        removed.push(Locked {
            removed: Some(today.to_string()),
            after: after_of[k].cloned(),
            before: before_of[k].cloned(),
            ..locked[*i].clone()
        });
    }
    let mut positions: BTreeMap<usize, Vec<Locked>> = BTreeMap::new();
    for r in removed {
        let at = r
            .after
            .as_deref()
            .and_then(|a| live.get(a))
            .map_or(0, |p| p + 1);
        positions.entry(at).or_default().push(r);
    }
    let mut merged = Vec::with_capacity(lock.len() + positions.len());
    for (i, l) in lock.drain(..).enumerate() {
        merged.extend(positions.remove(&i).unwrap_or_default());
        merged.push(l);
    }
    merged.extend(positions.into_values().flatten());
    Matched {
        assigned,
        lock: merged,
    }
}

/// a, b, …, z, aa, ab, …
fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    s.iter().rev().collect()
}

/// The whole lock file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockFile {
    pub version: u32,
    #[serde(default)]
    pub documents: BTreeMap<String, Vec<Locked>>,
    /// Where each annotation anchored last (its paragraph address), so later builds
    /// prefer the same place.
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
}

pub const LOCK_PATH: &str = "content/anchors.lock";

const HEADER: &str = "# Paragraph anchors of this archive, written by `scholia build`.\n# Commit this file with the content: it keeps every published #pN address\n# pointing at the same words (see README, \"Permanent paragraph addresses\").\n";

impl LockFile {
    /// Parses the lock; an error carries its position.
    pub fn parse(text: &str) -> Result<LockFile, (crate::diag::Pos, String)> {
        toml::from_str(text).map_err(|e| {
            let pos = e.span().map_or(crate::diag::Pos::START, |s| {
                crate::diag::Pos::of_offset(text, s.start)
            });
            (pos, e.message().trim().to_string())
        })
    }

    /// The file's text: one line per anchor, so diffs show what moved.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        out.push_str(&format!(
            "version = {}\n\n[documents]\n",
            self.version.max(1)
        ));
        for (slug, anchors) in &self.documents {
            out.push_str(&format!("{} = [\n", toml_key(slug)));
            for a in anchors {
                let mut fields = vec![
                    format!("id = {}", toml_string(&a.id)),
                    format!("hash = {}", toml_string(&a.hash)),
                    format!("sim = {}", toml_string(&a.sim)),
                ];
                for (k, v) in [
                    ("revised", &a.revised),
                    ("removed", &a.removed),
                    ("after", &a.after),
                    ("before", &a.before),
                ] {
                    if let Some(v) = v {
                        fields.push(format!("{k} = {}", toml_string(v)));
                    }
                }
                out.push_str(&format!("  {{ {} }},\n", fields.join(", ")));
            }
            out.push_str("]\n");
        }
        if !self.annotations.is_empty() {
            out.push_str("\n[annotations]\n");
            for (id, paragraph) in &self.annotations {
                out.push_str(&format!("{} = {}\n", toml_key(id), toml_string(paragraph)));
            }
        }
        out
    }
}

/// A string as a one-line TOML basic string (toml_writer's escapes).
fn toml_string(s: &str) -> String {
    use toml_writer::ToTomlValue;
    toml_writer::TomlStringBuilder::new(s)
        .as_basic()
        .to_toml_value()
}

/// A key as a quoted TOML key, whatever it holds.
fn toml_key(s: &str) -> String {
    use toml_writer::ToTomlKey;
    toml_writer::TomlKeyBuilder::new(s).as_basic().to_toml_key()
}

#[cfg(test)]
mod tests;
