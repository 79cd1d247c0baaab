//! Views of entity and event pages.
//!
//! An entity page shows every paragraph that mentions the entity, with the sentence in
//! context and a link to the paragraph's permalink (grouped by document, newest
//! first), who speaks about it, the entities mentioned with it, and the spellings the
//! sources use. An event page shows its documents side by side, its participants and a
//! short timeline.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::render::html::blocks::BlockWriter;
use crate::render::html::highlight::Highlighter;
use crate::render::views::body::{self, BodyPage, Excerpt, excerpt, plain_body};
use crate::render::views::{
    ContextView, DocSummary, FootnoteView, LinkView, SectionView, display_date, doc_href,
    event_href, iso, summary, term_href, term_links,
};
use crate::resolve::{Archive, TaxonomyKind};

#[derive(Debug, Serialize)]
pub struct EntityView {
    pub name: String,
    pub kind: &'static str,
    pub kind_title: &'static str,
    pub category: Option<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    pub aliases: Vec<String>,
    /// No file describes it yet.
    pub stub: bool,
    pub body_html: String,
    /// Mentions, grouped by document, newest document first.
    pub mentions: Vec<DocMentions>,
    /// Documents that list it in their front matter without mentioning it.
    pub listed_in: Vec<DocSummary>,
    pub speakers: Vec<Count>,
    pub cooccurring: Vec<Count>,
    pub spellings: Vec<Count>,
    pub events: Vec<LinkView>,
}

#[derive(Debug, Serialize)]
pub struct DocMentions {
    pub title: String,
    pub href: String,
    pub date_display: String,
    pub publisher: Option<String>,
    pub mentions: Vec<ContextView>,
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub name: String,
    pub href: Option<String>,
    pub count: usize,
}

fn singular(kind: TaxonomyKind) -> &'static str {
    match kind {
        TaxonomyKind::People => "Person",
        TaxonomyKind::Places => "Place",
        TaxonomyKind::Organizations => "Organisation",
        TaxonomyKind::Tags => "Tag",
        TaxonomyKind::Kinds => "Kind",
    }
}

pub fn entity(archive: &Archive, e: usize, highlighter: &Highlighter, root: &str) -> EntityView {
    let entity = &archive.entities[e];
    let links = |dest: &str| {
        archive.entity_links[e]
            .get(dest)
            .and_then(|t| body::href(archive, t, root, None, false))
    };
    let mut writer = BlockWriter::new(highlighter, &entity.body.footnotes, &links);
    let mut by_doc: Vec<DocMentions> = Vec::new();
    let mut last_doc = None;
    let mut speakers: BTreeMap<String, usize> = BTreeMap::new();
    let mut spellings: BTreeMap<String, usize> = BTreeMap::new();
    let mut with: BTreeMap<usize, usize> = BTreeMap::new();
    let mut shown = excerpts(archive, e).into_iter().peekable();
    for &(d, b, k) in &archive.entity_mentions[e] {
        let doc = &archive.docs[d];
        let m = &archive.mentions[d][b][k];
        let block = &doc.body.blocks[b];
        if last_doc != Some(d) {
            last_doc = Some(d);
            by_doc.push(DocMentions {
                title: doc.meta.title.clone(),
                href: doc_href(root, &doc.slug),
                date_display: display_date(doc.meta.date),
                publisher: doc.meta.source.publisher.clone(),
                mentions: Vec::new(),
            });
            for &other in archive.doc_mentioned[d].iter().filter(|&&o| o != e) {
                *with.entry(other).or_insert(0) += 1;
            }
            let this_doc = by_doc.last_mut().expect("pushed above");
            while let Some(s) = shown.next_if(|s| s.doc == d) {
                this_doc.mentions.push(body::context_marked(
                    archive, d, s.block, s.excerpt, &s.marks, root,
                ));
            }
        }
        if let Some(t) = block.turn {
            *speakers
                .entry(doc.body.turns[t].speaker.clone())
                .or_insert(0) += 1;
        }
        *spellings
            .entry(block.text[m.start..m.end].to_string())
            .or_insert(0) += 1;
    }
    // The documents naming it (its term's) that do not mention it.
    let listed_in = archive.taxonomies[entity.kind as usize]
        .entity_term(e)
        .map_or(&[][..], |t| &t.docs)
        .iter()
        .filter(|&&d| archive.doc_mentioned[d].binary_search(&e).is_err())
        .map(|&d| summary(&archive.docs[d], root))
        .collect();
    let mut cooccurring: Vec<Count> = with
        .into_iter()
        .map(|(o, count)| {
            let other = &archive.entities[o];
            Count {
                name: other.name.clone(),
                href: Some(term_href(root, other.kind, &other.slug)),
                count,
            }
        })
        .collect();
    cooccurring.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    cooccurring.truncate(12);
    EntityView {
        name: entity.name.clone(),
        kind: entity.kind.key(),
        kind_title: singular(entity.kind),
        category: entity.category.clone(),
        description: entity.description.clone(),
        wikidata: entity.wikidata.clone(),
        aliases: entity.aliases.clone(),
        stub: entity.is_stub(),
        body_html: plain_body(&entity.body, &mut writer),
        mentions: by_doc,
        listed_in,
        speakers: speakers
            .into_iter()
            .map(|(name, count)| {
                let href = term_links(
                    archive,
                    TaxonomyKind::People,
                    std::slice::from_ref(&name),
                    root,
                )
                .remove(0)
                .href;
                Count {
                    name,
                    href: Some(href),
                    count,
                }
            })
            .collect(),
        cooccurring,
        spellings: spellings
            .into_iter()
            .map(|(name, count)| Count {
                name,
                href: None,
                count,
            })
            .collect(),
        events: archive.entity_events[e]
            .iter()
            .map(|&i| &archive.events[i])
            .map(|ev| LinkView {
                name: ev.title.clone(),
                href: event_href(root, &ev.slug),
            })
            .collect(),
    }
}

/// Mentions of an entity shown in one excerpt of a paragraph.
struct Shown {
    doc: usize,
    block: usize,
    excerpt: Excerpt,
    marks: Vec<(usize, usize)>,
}

/// The excerpts that show entity `e`'s mentions, in order. A mention inside the words
/// the excerpt before it shows joins that excerpt, so a paragraph that repeats a name
/// shows it once (and a page's size follows the paragraphs, not the mentions).
fn excerpts(archive: &Archive, e: usize) -> Vec<Shown> {
    let mut out: Vec<Shown> = Vec::new();
    for &(d, b, k) in &archive.entity_mentions[e] {
        let m = &archive.mentions[d][b][k];
        match out.last_mut() {
            Some(s) if s.doc == d && s.block == b && m.end <= s.excerpt.to => {
                s.marks.push((m.start, m.end));
            }
            _ => out.push(Shown {
                doc: d,
                block: b,
                excerpt: excerpt(&archive.docs[d].body.blocks[b].text, m.start, m.end),
                marks: vec![(m.start, m.end)],
            }),
        }
    }
    out
}

#[derive(Debug, Serialize)]
pub struct EventView {
    pub title: String,
    pub date: String,
    pub date_display: String,
    pub place: Option<LinkView>,
    pub participants: Vec<LinkView>,
    pub summary: Option<String>,
    pub body_html: String,
    /// The event's documents, each with its whole body, side by side.
    pub documents: Vec<EventDocument>,
    pub timeline: Vec<TimelineItem>,
}

#[derive(Debug, Serialize)]
pub struct EventDocument {
    pub title: String,
    pub href: String,
    pub kind: String,
    pub publisher: Option<String>,
    pub date_display: String,
    pub sections: Vec<SectionView>,
    pub footnotes: Vec<FootnoteView>,
}

#[derive(Debug, Serialize)]
pub struct TimelineItem {
    pub date: String,
    pub date_display: String,
    pub label: String,
    pub href: Option<String>,
}

pub fn event(archive: &Archive, ev: usize, highlighter: &Highlighter, root: &str) -> EventView {
    let event = &archive.events[ev];
    let links = |dest: &str| {
        archive.event_links[ev]
            .get(dest)
            .and_then(|t| body::href(archive, t, root, None, false))
    };
    let mut writer = BlockWriter::new(highlighter, &event.body.footnotes, &links);
    let entity_link = |i: usize| {
        let e = &archive.entities[i];
        LinkView {
            name: e.name.clone(),
            href: term_href(root, e.kind, &e.slug),
        }
    };
    let (participants, place) = &archive.event_refs[ev];
    let docs = &archive.event_docs[ev];
    let mut timeline = vec![TimelineItem {
        date: iso(event.date),
        date_display: display_date(event.date),
        label: event.title.clone(),
        href: None,
    }];
    let documents = docs
        .iter()
        .enumerate()
        .map(|(k, &d)| {
            let doc = &archive.docs[d];
            let href = doc_href(root, &doc.slug);
            timeline.push(TimelineItem {
                date: iso(doc.meta.date),
                date_display: display_date(doc.meta.date),
                label: format!(
                    "{} ({})",
                    doc.meta.title,
                    doc.meta
                        .source
                        .publisher
                        .as_deref()
                        .unwrap_or(&doc.meta.kind)
                ),
                href: Some(href.clone()),
            });
            for r in &doc.meta.republished {
                if let Some(date) = r.date {
                    timeline.push(TimelineItem {
                        date: iso(date),
                        date_display: display_date(date),
                        label: format!("Republished by {}: {}", r.publisher, doc.meta.title),
                        href: Some(href.clone()),
                    });
                }
            }
            let doc_links = |dest: &str| {
                archive.doc_links[d]
                    .get(dest)
                    .and_then(|t| body::href(archive, t, root, Some(d), false))
            };
            let mut doc_writer = BlockWriter::new(highlighter, &doc.body.footnotes, &doc_links);
            let prefix = format!("d{}-", k + 1);
            let page = BodyPage {
                root,
                id_prefix: &prefix,
                number_base: href.clone(),
            };
            let (sections, footnotes) = body::document_body(
                archive,
                d,
                &mut doc_writer,
                &page,
                &body::DocNotes {
                    list: &[],
                    views: &[],
                },
            );
            EventDocument {
                title: doc.meta.title.clone(),
                href,
                kind: doc.meta.kind.clone(),
                publisher: doc.meta.source.publisher.clone(),
                date_display: display_date(doc.meta.date),
                sections,
                footnotes,
            }
        })
        .collect();
    timeline.sort_by(|a, b| a.date.cmp(&b.date));
    EventView {
        title: event.title.clone(),
        date: iso(event.date),
        date_display: display_date(event.date),
        place: place.map(entity_link),
        participants: participants.iter().map(|&p| entity_link(p)).collect(),
        summary: event.summary.clone(),
        body_html: plain_body(&event.body, &mut writer),
        documents,
        timeline,
    }
}
