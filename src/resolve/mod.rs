//! The resolve stage: the whole archive at once.
//!
//! Takes the parsed documents, entities, events and annotations and decides everything
//! that needs all of them: the documents' order, each block's permanent address, the
//! entities under every spelling and their mentions, links and backlinks, events,
//! verified quotations, where annotations anchor, the taxonomy terms, the timeline and
//! the entities' statistics. The result is an [`Archive`] of typed arenas; after this
//! stage every permalink is known, so rendering is a pure function of it.

pub mod addresses;
pub mod anchors;
pub mod annotations;
pub mod entities;
pub mod links;
pub mod mentions;
pub mod quotes;
pub mod selector;
pub mod stats;
pub mod taxonomy;

pub use addresses::{Anchor, RemovedAnchor};
pub use taxonomy::{Taxonomy, TaxonomyKind, Term, Year, term_slug};

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Pos, did_you_mean};
use crate::model::{AnnotationId, BlockRef, DocId, EntityId, EventId, IdSlice, IdVec};
use crate::parse::annotation::Annotation;
use crate::parse::config::SiteConfig;
use crate::parse::document::Document;
use crate::parse::entity::{Entity, Event};
use entities::Registry;
use links::{LinkIndex, Target};
use mentions::Mention;
use quotes::Quote;

/// The resolved archive: typed arenas, each item with what the resolve stage learnt
/// about it.
#[derive(Debug, Clone)]
pub struct Archive {
    pub site: SiteConfig,
    /// Newest first (then by slug), the order of every listing.
    pub docs: IdVec<DocId, ResolvedDoc>,
    /// People, places and organisations (by kind, then name), with stubs for names no
    /// file describes.
    pub entities: IdVec<EntityId, ResolvedEntity>,
    /// Oldest first.
    pub events: IdVec<EventId, ResolvedEvent>,
    /// By id.
    pub annotations: IdVec<AnnotationId, ResolvedAnnotation>,
    pub registry: Registry,
    /// One per [`TaxonomyKind`], in the order of [`TaxonomyKind::ALL`].
    pub taxonomies: Vec<Taxonomy>,
    pub timeline: Vec<Year>,
}

/// A document and everything resolved about it.
#[derive(Debug, Clone)]
pub struct ResolvedDoc {
    pub doc: Document,
    /// Per block of the body (same order): its address, mentions, quotations and the
    /// annotations citing it.
    pub blocks: Vec<BlockFacts>,
    /// Addresses of removed paragraphs, which resolve to a note.
    pub removed: Vec<RemovedAnchor>,
    /// Where each link of the body goes.
    pub links: HashMap<String, Target>,
    /// Blocks of other documents that link here, in archive order.
    pub backlinks: Vec<BlockRef>,
    pub event: Option<EventId>,
    /// Its entities: named in the front matter or mentioned, sorted.
    pub entities: Vec<EntityId>,
    /// The annotations that target it, in id order.
    pub annotations: Vec<AnnotationId>,
}

/// What the resolve stage knows of one block.
#[derive(Debug, Clone, Default)]
pub struct BlockFacts {
    /// Its permanent address, if the block is numbered.
    pub anchor: Option<Anchor>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    /// Annotations that cite this block as a source.
    pub cited_by: Vec<AnnotationId>,
}

/// An entity, where it is mentioned and what the archive says around it.
#[derive(Debug, Clone)]
pub struct ResolvedEntity {
    pub entity: Entity,
    pub links: HashMap<String, Target>,
    /// Every mention, in archive order.
    pub mentions: Vec<MentionRef>,
    /// The events it takes part in or is the place of, oldest first.
    pub events: Vec<EventId>,
    pub stats: stats::EntityStats,
}

/// A mention: the block, and its index in that block's [`BlockFacts::mentions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionRef {
    pub at: BlockRef,
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct ResolvedEvent {
    pub event: Event,
    pub links: HashMap<String, Target>,
    pub participants: Vec<EntityId>,
    pub place: Option<EntityId>,
    /// Its documents, in archive order.
    pub docs: Vec<DocId>,
}

#[derive(Debug, Clone)]
pub struct ResolvedAnnotation {
    pub annotation: Annotation,
    /// The target document, if it exists.
    pub doc: Option<DocId>,
    pub anchored: selector::Anchored,
    /// Its `[[…]]` sources, resolved, by source string.
    pub sources: Vec<(String, Target)>,
    pub links: HashMap<String, Target>,
}

impl Archive {
    /// The term a name refers to in a taxonomy (by any spelling, for entities).
    pub fn term_for(&self, kind: TaxonomyKind, name: &str) -> Option<&Term> {
        let tax = &self.taxonomies[kind as usize];
        match self.registry.lookup(kind, name) {
            Some(e) => tax.entity_term(e),
            None => tax.term(name),
        }
    }

    /// The document with this address (file name without `.md`).
    pub fn doc_by_slug(&self, slug: &str) -> Option<DocId> {
        self.docs.position(|d| d.doc.slug == slug)
    }

    /// A block's address, if it is numbered.
    pub fn anchor(&self, at: BlockRef) -> Option<&Anchor> {
        self.docs[at.doc].blocks.get(at.block)?.anchor.as_ref()
    }
}

/// What the resolve stage reads besides the content.
pub struct Inputs {
    pub site: SiteConfig,
    pub docs: Vec<Document>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    /// The anchors lock read from disk (empty on a first build).
    pub lock: anchors::LockFile,
    /// Today's date, `YYYY-MM-DD`, for dating removals and revisions.
    pub today: String,
    pub annotations: Vec<Annotation>,
}

/// What the resolve stage gives: the archive, the anchors lock this build records
/// (and whether it differs from the one read), and every problem found.
pub struct Resolved {
    pub archive: Archive,
    pub lock: anchors::LockFile,
    pub lock_changed: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves the archive. Problems (duplicate addresses, unknown names, broken links,
/// orphaned annotations…) are returned with it so `check` can print them all.
pub fn resolve(inputs: Inputs) -> Resolved {
    let Inputs {
        site,
        docs,
        entities,
        events,
        lock: old_lock,
        today,
        annotations,
    } = inputs;
    let (docs, events, annotations) = in_archive_order(docs, events, annotations);
    let mut diags = addresses::duplicate_slugs(docs.iter());
    let (addresses, mut lock) = paragraph_addresses(&docs, &old_lock, &today);
    let (named, d) = entities::resolve(entities, &docs, &events);
    diags.extend(d);
    let doc_event = doc_events(&docs, &events, &mut diags);
    let mentions = mentions::find(&docs, &named.entities, &named.doc_refs, site.mentions);
    let ix = LinkIndex::new(&docs, &addresses, &named.entities, &events, &named.registry);
    let links = BodyLinks::resolve(&ix, &mut diags);
    let placed = annotations::resolve(
        &annotations,
        &docs,
        &addresses,
        &old_lock.annotations,
        &ix,
        &mut diags,
    );
    drop(ix);
    lock.annotations = placed.lock;
    let lock_changed =
        lock.documents != old_lock.documents || lock.annotations != old_lock.annotations;
    let quotes = quotes::check(&docs, &doc_event);
    diags.extend(quotes::not_found_notes(&docs, &quotes));
    let archive = assemble(
        site,
        Parts {
            docs,
            named,
            events,
            annotations,
            per_doc: Grouped {
                addresses,
                mentions,
                quotes,
                links: links.docs,
                event: doc_event,
            },
            entity_links: links.entities,
            event_links: links.events,
            placed: placed.annotations,
        },
    );
    Resolved {
        archive,
        lock,
        lock_changed,
        diagnostics: diags,
    }
}

/// The items as typed arenas in the archive's order: documents newest first (then by
/// slug), events oldest first, annotations by id.
fn in_archive_order(
    mut docs: Vec<Document>,
    mut events: Vec<Event>,
    mut annotations: Vec<Annotation>,
) -> (
    IdVec<DocId, Document>,
    IdVec<EventId, Event>,
    IdVec<AnnotationId, Annotation>,
) {
    docs.sort_by(|a, b| {
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.slug.cmp(&b.slug)));
    annotations.sort_by(|a, b| a.id.cmp(&b.id));
    (docs.into(), events.into(), annotations.into())
}

/// Each document's paragraph addresses, and the lock with the documents' entries
/// updated (the annotations' entries are added later).
fn paragraph_addresses(
    docs: &IdSlice<DocId, Document>,
    old: &anchors::LockFile,
    today: &str,
) -> (IdVec<DocId, addresses::Addresses>, anchors::LockFile) {
    let empty = Vec::new();
    let addresses: IdVec<DocId, addresses::Addresses> = docs
        .raw
        .par_iter()
        .map(|d| addresses::assign(d, old.documents.get(&d.slug).unwrap_or(&empty), today))
        .collect::<Vec<_>>()
        .into();
    let mut lock = anchors::LockFile {
        version: 1,
        documents: old.documents.clone(),
        annotations: BTreeMap::new(),
    };
    for (doc, a) in docs.iter().zip(&addresses) {
        if a.lock.is_empty() {
            lock.documents.remove(&doc.slug);
        } else {
            lock.documents.insert(doc.slug.clone(), a.lock.clone());
        }
    }
    (addresses, lock)
}

/// Where the links of every body go: documents', entities' and events'.
struct BodyLinks {
    docs: IdVec<DocId, HashMap<String, Target>>,
    entities: IdVec<EntityId, HashMap<String, Target>>,
    events: IdVec<EventId, HashMap<String, Target>>,
}

impl BodyLinks {
    fn resolve(ix: &LinkIndex<'_>, diags: &mut Vec<Diagnostic>) -> BodyLinks {
        let mut one =
            |body: &crate::parse::body::Body, path: &std::path::Path, self_doc: Option<DocId>| {
                let (targets, d) = links::resolve(body, path, self_doc, ix);
                diags.extend(d);
                targets
            };
        let docs = (ix.docs.iter_enumerated())
            .map(|(i, d)| one(&d.body, &d.path, Some(i)))
            .collect();
        let no_path = std::path::Path::new("");
        let entities = (ix.entities.iter())
            .map(|e| one(&e.body, e.path.as_deref().unwrap_or(no_path), None))
            .collect();
        let events = (ix.events.iter())
            .map(|e| one(&e.body, &e.path, None))
            .collect();
        BodyLinks {
            docs,
            entities,
            events,
        }
    }
}

/// The resolve passes' results, before they are grouped per item.
struct Parts {
    docs: IdVec<DocId, Document>,
    named: entities::Resolved,
    events: IdVec<EventId, Event>,
    annotations: IdVec<AnnotationId, Annotation>,
    per_doc: Grouped,
    entity_links: IdVec<EntityId, HashMap<String, Target>>,
    event_links: IdVec<EventId, HashMap<String, Target>>,
    placed: IdVec<AnnotationId, annotations::Placed>,
}

/// The archive from the resolve passes' results: cross-indexes, taxonomies, the
/// timeline and entity statistics made, and every item grouped with its facts.
fn assemble(site: SiteConfig, parts: Parts) -> Archive {
    let Parts {
        docs,
        named,
        events,
        annotations,
        per_doc,
        entity_links,
        event_links,
        placed,
    } = parts;
    let entities::Resolved {
        entities,
        registry,
        doc_refs,
        event_refs,
    } = named;
    let view = stats::PerDoc {
        docs: &docs,
        refs: &doc_refs,
        mentions: &per_doc.mentions,
        links: &per_doc.links,
        event: &per_doc.event,
    };
    let indexes = stats::Indexes::new(&view, &event_refs, entities.len());
    let taxonomies: Vec<Taxonomy> = (TaxonomyKind::ALL.iter())
        .map(|&kind| {
            let terms = taxonomy::terms(kind, &docs, &entities, &indexes.doc_entities);
            Taxonomy::new(kind, terms)
        })
        .collect();
    let timeline = taxonomy::timeline(&docs);
    let entity_stats = stats::entities(&view, &indexes, &entities, &taxonomies);
    let docs = per_doc.documents(docs, &indexes, &placed);
    let entities = (entities.into_iter().zip(entity_links))
        .zip(indexes.entity_mentions)
        .zip(indexes.entity_events)
        .zip(entity_stats)
        .map(
            |((((entity, links), mentions), events), stats)| ResolvedEntity {
                entity,
                links,
                mentions,
                events,
                stats,
            },
        )
        .collect();
    let events = (events.into_iter().zip(event_links))
        .zip(event_refs)
        .zip(indexes.event_docs)
        .map(|(((event, links), refs), docs)| ResolvedEvent {
            event,
            links,
            participants: refs.participants,
            place: refs.place,
            docs,
        })
        .collect();
    let annotations = (annotations.into_iter().zip(placed))
        .map(|(annotation, p)| ResolvedAnnotation {
            annotation,
            doc: p.doc,
            anchored: p.anchored,
            sources: p.sources,
            links: p.links,
        })
        .collect();
    Archive {
        site,
        docs,
        entities,
        events,
        annotations,
        registry,
        taxonomies,
        timeline,
    }
}

/// The per-document results of the resolve passes, before they are grouped into
/// [`ResolvedDoc`]s.
struct Grouped {
    addresses: IdVec<DocId, addresses::Addresses>,
    mentions: IdVec<DocId, Vec<Vec<Mention>>>,
    quotes: IdVec<DocId, Vec<Vec<Quote>>>,
    links: IdVec<DocId, HashMap<String, Target>>,
    event: IdVec<DocId, Option<EventId>>,
}

impl Grouped {
    /// Groups the results per document, with the annotations that target each and the
    /// ones citing each block.
    fn documents(
        self,
        docs: IdVec<DocId, Document>,
        indexes: &stats::Indexes,
        placed: &IdSlice<AnnotationId, annotations::Placed>,
    ) -> IdVec<DocId, ResolvedDoc> {
        let mut by_doc: IdVec<DocId, Vec<AnnotationId>> = docs.iter().map(|_| Vec::new()).collect();
        let mut cited: HashMap<BlockRef, Vec<AnnotationId>> = HashMap::new();
        for (a, p) in placed.iter_enumerated() {
            if let Some(d) = p.doc {
                by_doc[d].push(a);
            }
            for b in &p.cites {
                cited.entry(*b).or_default().push(a);
            }
        }
        docs.into_iter_enumerated()
            .zip(self.addresses)
            .zip(self.mentions)
            .zip(self.quotes)
            .zip(self.links)
            .zip(self.event)
            .zip(by_doc)
            .map(
                |(((((((d, doc), addr), mentions), quotes), links), event), annotations)| {
                    let blocks = addr
                        .per_block
                        .into_iter()
                        .zip(mentions)
                        .zip(quotes)
                        .enumerate()
                        .map(|(b, ((anchor, mentions), quotes))| BlockFacts {
                            anchor,
                            mentions,
                            quotes,
                            cited_by: cited.remove(&BlockRef::new(d, b)).unwrap_or_default(),
                        })
                        .collect();
                    ResolvedDoc {
                        doc,
                        blocks,
                        removed: addr.removed,
                        links,
                        backlinks: indexes.backlinks[d].clone(),
                        event,
                        entities: indexes.doc_entities[d].clone(),
                        annotations,
                    }
                },
            )
            .collect()
    }
}

/// Each document's event; an unknown event is an error at its name.
fn doc_events(
    docs: &IdSlice<DocId, Document>,
    events: &IdSlice<EventId, Event>,
    diags: &mut Vec<Diagnostic>,
) -> IdVec<DocId, Option<EventId>> {
    let by_slug: HashMap<&str, EventId> = events
        .iter_enumerated()
        .map(|(i, e)| (e.slug.as_str(), i))
        .collect();
    docs.iter()
        .map(|doc| {
            let name = doc.meta.event.as_deref()?;
            let found = by_slug.get(name).copied();
            if found.is_none() {
                let pos = doc
                    .refs
                    .iter()
                    .find(|r| r.field == "event")
                    .map_or(Pos::START, |r| r.pos);
                let slugs: Vec<&str> = events.iter().map(|e| e.slug.as_str()).collect();
                let help = match did_you_mean(name, &slugs) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("add content/events/{name}.md with the event's title and date"),
                };
                diags.push(
                    Diagnostic::error(&doc.path, pos, format!("unknown event `{name}`")).help(help),
                );
            }
            found
        })
        .collect()
}

#[cfg(test)]
mod tests;
