//! Finding every mention of every entity in the documents' text.
//!
//! One Aho-Corasick automaton holds every spelling of every entity (leftmost-longest,
//! so "Donetsk People's Republic" wins over "Donetsk"). A match counts only at word
//! boundaries (a possessive is fine, a longer word is not), not inside a URL, a link or
//! code, and with the case of its first letter as in the spelling (so "turkey" is not
//! Turkey). The text is never changed: the mention records where the source's own
//! spelling is, and rendering puts a link around it.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;

use crate::model::{DocId, EntityId, IdSlice, IdVec};
use crate::parse::body::{Block, BlockKind, event_text};
use crate::parse::document::Document;
use crate::parse::entity::Entity;

/// A mention in a block's plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
    /// Whether the page links this mention (the first of its entity in a section or
    /// speaker turn, by default).
    pub linked: bool,
}

/// Which mentions become links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum LinkPolicy {
    /// The first mention of each entity in each section or speaker turn.
    #[default]
    FirstPerSection,
    All,
    None,
}

/// Finds mentions in every block of every document: per document, per block.
pub fn find(
    docs: &IdSlice<DocId, Document>,
    entities: &IdSlice<EntityId, Entity>,
    doc_refs: &IdSlice<DocId, Vec<EntityId>>,
    policy: LinkPolicy,
) -> IdVec<DocId, Vec<Vec<Mention>>> {
    let mut patterns: Vec<&str> = Vec::new();
    let mut owners: Vec<Vec<EntityId>> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, e) in entities.iter_enumerated() {
        for s in e.spellings() {
            if s.trim().is_empty() {
                continue;
            }
            let p = *index.entry(s).or_insert_with(|| {
                patterns.push(s);
                owners.push(Vec::new());
                patterns.len() - 1
            });
            if !owners[p].contains(&i) {
                owners[p].push(i);
            }
        }
    }
    let Ok(automaton) = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&patterns)
    else {
        return docs
            .iter()
            .map(|d| vec![Vec::new(); d.body.blocks.len()])
            .collect();
    };
    let matcher = Matcher {
        automaton,
        patterns,
        owners,
    };
    docs.raw
        .par_iter()
        .zip(doc_refs.raw.par_iter())
        .map(|(doc, refs)| matcher.document(doc, refs, policy))
        .collect::<Vec<_>>()
        .into()
}

struct Matcher<'a> {
    automaton: AhoCorasick,
    patterns: Vec<&'a str>,
    owners: Vec<Vec<EntityId>>,
}

impl Matcher<'_> {
    fn document(&self, doc: &Document, refs: &[EntityId], policy: LinkPolicy) -> Vec<Vec<Mention>> {
        let mut linked: HashSet<(usize, EntityId)> = HashSet::new();
        let mut section = 0usize;
        let mut last_turn = None;
        doc.body
            .blocks
            .iter()
            .map(|block| {
                if matches!(block.kind, BlockKind::Heading(_) | BlockKind::Rule)
                    || block.turn != last_turn
                {
                    section += 1;
                }
                last_turn = block.turn;
                if matches!(block.kind, BlockKind::Code { .. }) {
                    return Vec::new();
                }
                let mut found = self.block(block, refs);
                for m in &mut found {
                    m.linked = match policy {
                        LinkPolicy::None => false,
                        LinkPolicy::All => true,
                        LinkPolicy::FirstPerSection => linked.insert((section, m.entity)),
                    } && !matches!(block.kind, BlockKind::Heading(_));
                }
                found
            })
            .collect()
    }

    /// The mentions of one block. Matches come in order, so the ranges they must avoid
    /// and the token each sits in are each looked at once: linear in the block.
    fn block(&self, block: &Block, refs: &[EntityId]) -> Vec<Mention> {
        let text = block.text.as_str();
        // Worked out at the first match: most blocks have none.
        let mut excluded: Option<Vec<(usize, usize)>> = None;
        let mut next_excluded = 0;
        let mut url = UrlCache::default();
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let pattern = self.patterns[m.pattern().as_usize()];
            if !at_word_boundaries(text, start, end)
                || !same_initial_case(&text[start..end], pattern)
            {
                continue;
            }
            let excluded = excluded.get_or_insert_with(|| excluded_ranges(&block.events));
            while excluded
                .get(next_excluded)
                .is_some_and(|&(_, b)| b <= start)
            {
                next_excluded += 1;
            }
            if excluded.get(next_excluded).is_some_and(|&(a, _)| a < end) || url.in_url(text, start)
            {
                continue;
            }
            let owners = &self.owners[m.pattern().as_usize()];
            let entity = match owners.as_slice() {
                [one] => *one,
                many => match many
                    .iter()
                    .filter(|e| refs.binary_search(e).is_ok())
                    .collect::<Vec<_>>()
                    .as_slice()
                {
                    [one] => **one,
                    _ => continue,
                },
            };
            out.push(Mention {
                start,
                end,
                entity,
                linked: false,
            });
        }
        out
    }
}

/// Plain-text ranges inside links and inline code, sorted and merged.
fn excluded_ranges(events: &[Event<'_>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut link_start: Option<usize> = None;
    for e in events {
        match e {
            Event::Start(Tag::Link { .. }) => link_start = Some(pos),
            Event::End(TagEnd::Link) => {
                if let Some(s) = link_start.take() {
                    out.push((s, pos));
                }
            }
            Event::Code(c) => out.push((pos, pos + c.len())),
            _ => {}
        }
        pos += event_text(e).len();
    }
    out.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (a, b) in out {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn same_initial_case(found: &str, pattern: &str) -> bool {
    match (found.chars().next(), pattern.chars().next()) {
        (Some(a), Some(b)) if b.is_alphabetic() => a.is_uppercase() == b.is_uppercase(),
        _ => true,
    }
}

/// Whether the whitespace-delimited token around an offset is a URL or an e-mail
/// address, remembering the last token: offsets come in order, so each token is read
/// once however many matches it holds.
#[derive(Default)]
struct UrlCache {
    token: Option<(usize, usize, bool)>,
}

impl UrlCache {
    fn in_url(&mut self, text: &str, at: usize) -> bool {
        if let Some((start, end, url)) = self.token
            && start <= at
            && at < end
        {
            return url;
        }
        let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        let token = &text[start..end];
        let url = token.contains("://") || token.starts_with("www.") || token.contains('@');
        self.token = Some((start, end, url));
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::document::parse;
    use crate::parse::entity::Entity;
    use crate::resolve::TaxonomyKind;
    use crate::source::SourceFile;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn entity(name: &str, aliases: &[&str]) -> Entity {
        let mut e = Entity::stub(TaxonomyKind::Places, name, name.to_lowercase());
        e.aliases = aliases
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        e.path = Some(PathBuf::from("x"));
        e
    }

    fn mentions(body: &str, policy: LinkPolicy) -> Vec<Vec<(String, usize, bool)>> {
        let text = format!("---\ntitle: T\ndate: 2022-01-01\n---\n{body}");
        let (doc, _) = parse(
            &SourceFile::new("d/a.md", text),
            &BTreeMap::new(),
            &crate::parse::config::Limits::default(),
        );
        let doc = doc.unwrap();
        let entities = vec![
            entity("Kyiv", &["Kiev", "Київ"]),
            entity("Donetsk", &[]),
            entity("Donetsk People's Republic", &["DPR"]),
            entity("Turkey", &[]),
        ];
        let docs: IdVec<DocId, Document> = vec![doc.clone()].into();
        let entities: IdVec<EntityId, Entity> = entities.into();
        let refs: IdVec<DocId, Vec<EntityId>> = vec![vec![]].into();
        let found = find(&docs, &entities, &refs, policy);
        found[DocId::from(0)]
            .iter()
            .zip(&doc.body.blocks)
            .map(|(ms, b)| {
                ms.iter()
                    .map(|m| {
                        (
                            b.text[m.start..m.end].to_string(),
                            usize::from(m.entity),
                            m.linked,
                        )
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn spellings_boundaries_and_case() {
        let found = mentions(
            "Kiev's mayor met the Donetsk People's Republic envoy in KIEV, not in Kievan Rus or kiev; turkey and Turkey. Київ.\n",
            LinkPolicy::All,
        );
        assert_eq!(
            found[0],
            vec![
                ("Kiev".into(), 0, true),
                ("Donetsk People's Republic".into(), 2, true),
                ("KIEV".into(), 0, true),
                ("Turkey".into(), 3, true),
                ("Київ".into(), 0, true),
            ]
        );
    }

    #[test]
    fn a_no_break_space_is_whitespace_between_tokens() {
        // The token around a match starts after the space's two bytes, not inside it.
        let found = mentions("In\u{a0}Kyiv and Kyiv\u{a0}today.\n", LinkPolicy::All);
        assert_eq!(found[0].len(), 2);
    }

    #[test]
    fn not_in_links_urls_or_code() {
        let found = mentions(
            "See [Kyiv](https://x.org), https://kyiv.example/Kyiv, `Kyiv` and Kyiv.\n",
            LinkPolicy::All,
        );
        assert_eq!(found[0].len(), 1);
    }

    #[test]
    fn first_mention_per_section_or_turn_is_linked() {
        let found = mentions(
            "Kyiv and Kyiv.\n\nKyiv again.\n\n**A B:** Kyiv.\n\n**C D:** Kyiv, Kyiv.\n\n## Part\n\nKyiv.\n",
            LinkPolicy::FirstPerSection,
        );
        let linked: Vec<Vec<bool>> = found
            .iter()
            .map(|b| b.iter().map(|m| m.2).collect())
            .collect();
        assert_eq!(
            linked,
            vec![
                vec![true, false],
                vec![false],
                vec![true],
                vec![true, false],
                vec![],
                vec![true]
            ]
        );
    }
}
