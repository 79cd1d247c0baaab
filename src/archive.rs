//! The resolve stage: the whole archive at once.
//!
//! Takes the parsed documents, entities and events and decides everything that needs
//! all of them: the documents' order, each block's paragraph anchor, the entities under
//! every spelling and their mentions, links and backlinks, events, verified quotations,
//! the taxonomy terms and the timeline. After this stage every permalink is known, so
//! rendering is a pure function of the [`Archive`].

pub mod entities;
pub mod links;
pub mod mentions;
pub mod notes;
pub mod quotes;
pub mod taxonomy;

pub use taxonomy::{Month, Taxonomy, TaxonomyKind, Term, Year, term_slug};

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::anchors;
use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Pos, did_you_mean};
use crate::document::Document;
use crate::entity::{Entity, Event};
use entities::Registry;
use links::{LinkIndex, Target};
use mentions::Mention;
use quotes::Quote;

/// The resolved archive.
#[derive(Debug, Clone)]
pub struct Archive {
    pub site: SiteConfig,
    /// Newest first (then by slug), the order of every listing.
    pub docs: Vec<Document>,
    /// Per document, per block: its paragraph anchor, if the block is numbered.
    pub anchors: Vec<Vec<Option<Anchor>>>,
    /// Per document: addresses of removed paragraphs.
    pub removed: Vec<Vec<RemovedAnchor>>,
    /// The anchors lock after this build.
    pub lock: anchors::LockFile,
    /// Whether the lock differs from the one read.
    pub lock_changed: bool,
    pub taxonomies: Vec<Taxonomy>,
    pub timeline: Vec<Year>,
    /// People, places and organisations, with stubs for names no file describes.
    pub entities: Vec<Entity>,
    pub registry: Registry,
    /// Oldest first.
    pub events: Vec<Event>,
    /// Per event: its participants and place (entity indices).
    pub event_refs: Vec<(Vec<usize>, Option<usize>)>,
    /// Per document: its event.
    pub doc_event: Vec<Option<usize>>,
    /// Per event: its documents, in the archive's order.
    pub event_docs: Vec<Vec<usize>>,
    /// Per entity: the events it takes part in or is the place of, oldest first.
    pub entity_events: Vec<Vec<usize>>,
    /// Per document: its entities, from front matter and from mentions.
    pub doc_entities: Vec<Vec<usize>>,
    /// Per document: the entities its text mentions, sorted.
    pub doc_mentioned: Vec<Vec<usize>>,
    /// Per document, per block: entity mentions.
    pub mentions: Vec<Vec<Vec<Mention>>>,
    /// Per entity: where it is mentioned (document, block, mention index).
    pub entity_mentions: Vec<Vec<(usize, usize, usize)>>,
    /// Resolved link targets, per page body.
    pub doc_links: Vec<HashMap<String, Target>>,
    pub entity_links: Vec<HashMap<String, Target>>,
    pub event_links: Vec<HashMap<String, Target>>,
    /// Per document: the blocks of other documents that link to it (document, block).
    pub backlinks: Vec<Vec<(usize, usize)>>,
    /// Per document, per block: quotations and their verdicts.
    pub quotes: Vec<Vec<Vec<Quote>>>,
    /// Annotations, sorted by id, and where each anchored.
    pub annotations: Vec<crate::annotation::Annotation>,
    pub notes: notes::Notes,
}

/// A paragraph's address within its document: `id` is the fragment (`p14`), `label`
/// the number shown (`14`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: String,
    pub label: String,
    /// The date the paragraph's text was last found changed, if it ever was.
    pub revised: Option<String>,
}

/// An address whose paragraph was removed: it resolves to a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedAnchor {
    pub id: String,
    pub label: String,
    pub date: String,
    /// The live addresses it stood between.
    pub after: Option<String>,
    pub before: Option<String>,
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
    pub annotations: Vec<crate::annotation::Annotation>,
}

/// Resolves the archive. Problems (duplicate addresses, unknown names, broken links,
/// orphaned annotations…) are returned with the archive so `check` can print them all.
pub fn resolve(inputs: Inputs) -> (Archive, Vec<Diagnostic>) {
    let Inputs {
        site,
        mut docs,
        entities,
        mut events,
        lock: old_lock,
        today,
        annotations,
    } = inputs;
    docs.sort_by(|a, b| {
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.slug.cmp(&b.slug)));
    let mut diags = duplicate_slugs(&docs);
    let empty = Vec::new();
    let permanent: Vec<_> = docs
        .par_iter()
        .map(|d| permanent_anchors(d, old_lock.documents.get(&d.slug).unwrap_or(&empty), &today))
        .collect();
    let mut lock = anchors::LockFile {
        version: 1,
        documents: old_lock.documents.clone(),
        annotations: BTreeMap::new(),
    };
    let mut anchors: Vec<Vec<Option<Anchor>>> = Vec::with_capacity(docs.len());
    let mut removed = Vec::with_capacity(docs.len());
    for (doc, (a, r, l)) in docs.iter().zip(permanent) {
        anchors.push(a);
        removed.push(r);
        if l.is_empty() {
            lock.documents.remove(&doc.slug);
        } else {
            lock.documents.insert(doc.slug.clone(), l);
        }
    }

    let (resolved, d) = entities::resolve(entities, &docs, &events);
    diags.extend(d);
    let entities::Resolved {
        entities,
        registry,
        doc_refs,
        event_refs,
    } = resolved;
    let doc_event = doc_events(&docs, &events, &mut diags);
    let mentions = mentions::find(&docs, &entities, &doc_refs, site.mentions);
    let doc_entities = doc_entity_lists(&doc_refs, &mentions);
    let no_refs = vec![Vec::new(); docs.len()];
    let doc_mentioned = doc_entity_lists(&no_refs, &mentions);
    let mut event_docs = vec![Vec::new(); events.len()];
    for (d, e) in doc_event.iter().enumerate() {
        if let Some(e) = e {
            event_docs[*e].push(d);
        }
    }
    let mut entity_events = vec![Vec::new(); entities.len()];
    for (ev, (participants, place)) in event_refs.iter().enumerate() {
        for &e in participants.iter().chain(place) {
            if entity_events[e].last() != Some(&ev) {
                entity_events[e].push(ev);
            }
        }
    }
    let entity_mentions = entity_mention_index(&mentions, entities.len());
    let ix = LinkIndex::new(&docs, &anchors, &removed, &entities, &events, &registry);
    let mut resolve_links =
        |body: &crate::body::Body, path: &std::path::Path, self_doc: Option<usize>| {
            let (targets, d) = links::resolve(body, path, self_doc, &ix);
            diags.extend(d);
            targets
        };
    let doc_links: Vec<_> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| resolve_links(&d.body, &d.path, Some(i)))
        .collect();
    let entity_links: Vec<_> = entities
        .iter()
        .map(|e| {
            resolve_links(
                &e.body,
                e.path.as_deref().unwrap_or(std::path::Path::new("")),
                None,
            )
        })
        .collect();
    let event_links: Vec<_> = events
        .iter()
        .map(|e| resolve_links(&e.body, &e.path, None))
        .collect();
    let notes = notes::resolve(
        &annotations,
        &docs,
        &anchors,
        &old_lock.annotations,
        &ix,
        &mut diags,
    );
    lock.annotations = notes.lock.clone();
    let lock_changed =
        lock.documents != old_lock.documents || lock.annotations != old_lock.annotations;
    let backlinks = backlinks(&docs, &doc_links);
    let quotes = quotes::check(&docs, &doc_event);
    diags.extend(quote_notes(&docs, &quotes));
    let taxonomies = TaxonomyKind::ALL
        .iter()
        .map(|&kind| Taxonomy::new(kind, taxonomy::terms(kind, &docs, &entities, &doc_entities)))
        .collect();
    let timeline = taxonomy::timeline(&docs);
    let archive = Archive {
        site,
        docs,
        anchors,
        removed,
        lock,
        lock_changed,
        taxonomies,
        timeline,
        entities,
        registry,
        events,
        event_refs,
        doc_event,
        event_docs,
        entity_events,
        doc_entities,
        doc_mentioned,
        mentions,
        entity_mentions,
        doc_links,
        entity_links,
        event_links,
        backlinks,
        quotes,
        annotations,
        notes,
    };
    (archive, diags)
}

/// Each document's event; an unknown event is an error at its name.
fn doc_events(
    docs: &[Document],
    events: &[Event],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<usize>> {
    let by_slug: HashMap<&str, usize> = events
        .iter()
        .enumerate()
        .rev()
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

/// Front matter entities and mentioned ones, per document.
fn doc_entity_lists(doc_refs: &[Vec<usize>], mentions: &[Vec<Vec<Mention>>]) -> Vec<Vec<usize>> {
    doc_refs
        .iter()
        .zip(mentions)
        .map(|(refs, blocks)| {
            let mut all: Vec<usize> = refs
                .iter()
                .copied()
                .chain(blocks.iter().flatten().map(|m| m.entity))
                .collect();
            all.sort_unstable();
            all.dedup();
            all
        })
        .collect()
}

fn entity_mention_index(
    mentions: &[Vec<Vec<Mention>>],
    n: usize,
) -> Vec<Vec<(usize, usize, usize)>> {
    let mut out = vec![Vec::new(); n];
    for (d, blocks) in mentions.iter().enumerate() {
        for (b, ms) in blocks.iter().enumerate() {
            for (k, m) in ms.iter().enumerate() {
                out[m.entity].push((d, b, k));
            }
        }
    }
    out
}

/// For each document, the blocks of other documents that link to it.
fn backlinks(docs: &[Document], doc_links: &[HashMap<String, Target>]) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); docs.len()];
    for (d, doc) in docs.iter().enumerate() {
        for (b, block) in doc.body.blocks.iter().enumerate() {
            for e in &block.events {
                if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) = e
                    && let Some(Target::Document { doc: to, .. }) =
                        doc_links[d].get(dest_url.as_ref())
                    && *to != d
                    // Pushed in order, so a repeat is the last one.
                    && out[*to].last() != Some(&(d, b))
                {
                    out[*to].push((d, b));
                }
            }
        }
    }
    out
}

/// A note per quotation the archive does not hold.
fn quote_notes(docs: &[Document], quotes: &[Vec<Vec<Quote>>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (doc, blocks) in docs.iter().zip(quotes) {
        for (block, qs) in doc.body.blocks.iter().zip(blocks) {
            for q in qs {
                if q.verdict == quotes::Verdict::NotFound {
                    let text: String = block.text[q.start..q.end].chars().take(60).collect();
                    out.push(
                        Diagnostic::new(
                            crate::diag::Severity::Note,
                            &doc.path,
                            Pos::new(block.line, 1),
                            format!("quotation not found in the archive: \"{text}\""),
                        )
                        .help("not an error: the archive holds no source for these words"),
                    );
                }
            }
        }
    }
    out
}

fn duplicate_slugs(docs: &[Document]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &Document> = BTreeMap::new();
    let mut diags = Vec::new();
    let mut by_path: Vec<&Document> = docs.iter().collect();
    by_path.sort_by(|a, b| a.path.cmp(&b.path));
    for doc in by_path {
        if let Some(first) = seen.get(doc.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &doc.path,
                    Pos::START,
                    format!(
                        "duplicate document address `{}`: {} has it too",
                        doc.slug,
                        first.path.display()
                    ),
                )
                .help(
                    "two documents cannot share a file name, even in different folders; rename one",
                ),
            );
        } else {
            seen.insert(&doc.slug, doc);
        }
    }
    diags
}

/// Each numbered block's permanent address, matched against the lock; the removed
/// addresses that still resolve to a note; and the document's new lock entries.
fn permanent_anchors(
    doc: &Document,
    locked: &[anchors::Locked],
    today: &str,
) -> (
    Vec<Option<Anchor>>,
    Vec<RemovedAnchor>,
    Vec<anchors::Locked>,
) {
    let texts: Vec<&str> = doc
        .body
        .blocks
        .iter()
        .filter(|b| b.kind.is_numbered())
        .map(|b| b.text.as_str())
        .collect();
    let prints = anchors::prints(&texts, locked);
    let matched = anchors::assign(&prints, locked, today);
    let mut assigned = matched.assigned.into_iter();
    let per_block = doc
        .body
        .blocks
        .iter()
        .map(|b| {
            let a = if b.kind.is_numbered() {
                assigned.next()
            } else {
                None
            };
            a.map(|a| Anchor {
                label: label_of(&a.id),
                id: a.id,
                revised: a.revised,
            })
        })
        .collect();
    let removed = matched
        .lock
        .iter()
        .filter_map(|l| {
            Some(RemovedAnchor {
                id: l.id.clone(),
                label: label_of(&l.id),
                date: l.removed.clone()?,
                after: l.after.clone(),
                before: l.before.clone(),
            })
        })
        .collect();
    (per_block, removed, matched.lock)
}

/// `p14a` → `14a`.
fn label_of(id: &str) -> String {
    id.strip_prefix('p').unwrap_or(id).to_string()
}

#[cfg(test)]
mod tests;
