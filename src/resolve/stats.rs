//! The archive's cross-indexes and the entities' statistics, made once in the resolve
//! stage from the per-document results: each document's entities, each entity's
//! mentions and events, each event's documents, backlinks; and for each entity who
//! speaks about it, the spellings the sources use, the entities mentioned with it and
//! the documents that name it without mentioning it.

use std::collections::{BTreeMap, HashMap};

use crate::model::{BlockRef, DocId, EntityId, EventId, IdSlice, IdVec};
use crate::parse::document::Document;
use crate::parse::entity::Entity;

use super::entities::EventRefs;
use super::links::Target;
use super::mentions::Mention;
use super::{MentionRef, Taxonomy};

/// Lookups in both directions, made in one pass over the per-document results.
pub struct Indexes {
    /// Per document: front matter entities and mentioned ones, sorted.
    pub doc_entities: IdVec<DocId, Vec<EntityId>>,
    /// Per document: the entities its text mentions, sorted.
    pub doc_mentioned: IdVec<DocId, Vec<EntityId>>,
    pub entity_mentions: IdVec<EntityId, Vec<MentionRef>>,
    pub entity_events: IdVec<EntityId, Vec<EventId>>,
    pub event_docs: IdVec<EventId, Vec<DocId>>,
    pub backlinks: IdVec<DocId, Vec<BlockRef>>,
}

/// What the indexes are made from.
pub struct PerDoc<'a> {
    pub docs: &'a IdSlice<DocId, Document>,
    pub refs: &'a IdSlice<DocId, Vec<EntityId>>,
    pub mentions: &'a IdSlice<DocId, Vec<Vec<Mention>>>,
    pub links: &'a IdSlice<DocId, HashMap<String, Target>>,
    pub event: &'a IdSlice<DocId, Option<EventId>>,
}

impl Indexes {
    pub fn new(
        per_doc: &PerDoc<'_>,
        event_refs: &IdSlice<EventId, EventRefs>,
        entities: usize,
    ) -> Indexes {
        let mut doc_entities = IdVec::new();
        let mut doc_mentioned = IdVec::new();
        let mut entity_mentions: IdVec<EntityId, Vec<MentionRef>> =
            (0..entities).map(|_| Vec::new()).collect();
        for ((d, refs), blocks) in per_doc.refs.iter_enumerated().zip(per_doc.mentions) {
            let mut mentioned: Vec<EntityId> = Vec::new();
            for (b, ms) in blocks.iter().enumerate() {
                for (index, m) in ms.iter().enumerate() {
                    entity_mentions[m.entity].push(MentionRef {
                        at: BlockRef::new(d, b),
                        index,
                    });
                    mentioned.push(m.entity);
                }
            }
            mentioned.sort_unstable();
            mentioned.dedup();
            let mut all: Vec<EntityId> = refs.iter().chain(&mentioned).copied().collect();
            all.sort_unstable();
            all.dedup();
            doc_entities.push(all);
            doc_mentioned.push(mentioned);
        }
        let mut event_docs: IdVec<EventId, Vec<DocId>> =
            event_refs.iter().map(|_| Vec::new()).collect();
        for (d, e) in per_doc.event.iter_enumerated() {
            if let Some(e) = e {
                event_docs[*e].push(d);
            }
        }
        let mut entity_events: IdVec<EntityId, Vec<EventId>> =
            (0..entities).map(|_| Vec::new()).collect();
        for (ev, refs) in event_refs.iter_enumerated() {
            for &e in refs.participants.iter().chain(&refs.place) {
                if entity_events[e].last() != Some(&ev) {
                    entity_events[e].push(ev);
                }
            }
        }
        Indexes {
            doc_entities,
            doc_mentioned,
            entity_mentions,
            entity_events,
            event_docs,
            backlinks: backlinks(per_doc.docs, per_doc.links),
        }
    }
}

/// For each document, the blocks of other documents that link to it.
fn backlinks(
    docs: &IdSlice<DocId, Document>,
    doc_links: &IdSlice<DocId, HashMap<String, Target>>,
) -> IdVec<DocId, Vec<BlockRef>> {
    let mut out: IdVec<DocId, Vec<BlockRef>> = docs.iter().map(|_| Vec::new()).collect();
    for (d, doc) in docs.iter_enumerated() {
        for (b, block) in doc.body.blocks.iter().enumerate() {
            for e in &block.events {
                if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) = e
                    && let Some(Target::Document { doc: to, .. }) =
                        doc_links[d].get(dest_url.as_ref())
                    && *to != d
                    // Pushed in order, so a repeat is the last one.
                    && out[*to].last() != Some(&BlockRef::new(d, b))
                {
                    out[*to].push(BlockRef::new(d, b));
                }
            }
        }
    }
    out
}

/// What an entity page says about the entity besides its mentions.
#[derive(Debug, Clone, Default)]
pub struct EntityStats {
    /// Who speaks the paragraphs that mention it, with how many mentions, by name.
    pub speakers: Vec<(String, usize)>,
    /// The spellings the sources use, with counts, in order.
    pub spellings: Vec<(String, usize)>,
    /// Entities mentioned in the same documents, most frequent first.
    pub cooccurring: Vec<(EntityId, usize)>,
    /// Documents that name it (in front matter) without mentioning it.
    pub listed_in: Vec<DocId>,
}

/// Each entity's statistics.
pub fn entities(
    per_doc: &PerDoc<'_>,
    ix: &Indexes,
    entities: &IdSlice<EntityId, Entity>,
    taxonomies: &[Taxonomy],
) -> IdVec<EntityId, EntityStats> {
    entities
        .iter_enumerated()
        .map(|(e, entity)| {
            let mut speakers: BTreeMap<String, usize> = BTreeMap::new();
            let mut spellings: BTreeMap<String, usize> = BTreeMap::new();
            let mut with: BTreeMap<EntityId, usize> = BTreeMap::new();
            let mut last_doc = None;
            for m in &ix.entity_mentions[e] {
                let doc = &per_doc.docs[m.at.doc];
                let block = &doc.body.blocks[m.at.block];
                let mention = &per_doc.mentions[m.at.doc][m.at.block][m.index];
                if last_doc != Some(m.at.doc) {
                    last_doc = Some(m.at.doc);
                    for &other in ix.doc_mentioned[m.at.doc].iter().filter(|&&o| o != e) {
                        *with.entry(other).or_insert(0) += 1;
                    }
                }
                if let Some(t) = block.turn {
                    *speakers
                        .entry(doc.body.turns[t].speaker.clone())
                        .or_insert(0) += 1;
                }
                *spellings
                    .entry(block.text[mention.start..mention.end].to_string())
                    .or_insert(0) += 1;
            }
            let listed_in = taxonomies[entity.kind as usize]
                .entity_term(e)
                .map_or(&[][..], |t| &t.docs)
                .iter()
                .copied()
                .filter(|&d| ix.doc_mentioned[d].binary_search(&e).is_err())
                .collect();
            let mut cooccurring: Vec<(EntityId, usize)> = with.into_iter().collect();
            cooccurring.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| entities[a.0].name.cmp(&entities[b.0].name))
            });
            EntityStats {
                speakers: speakers.into_iter().collect(),
                spellings: spellings.into_iter().collect(),
                cooccurring,
                listed_in,
            }
        })
        .collect()
}
