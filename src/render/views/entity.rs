//! An entity's page: every paragraph that mentions it, with the sentence in context
//! and a link to the paragraph's permalink (grouped by document, newest first), who
//! speaks about it, the entities mentioned with it and the spellings the sources use
//! (counted in the resolve stage), and its events.

use serde::Serialize;

use crate::model::{BlockRef, EntityId};
use crate::render::context::PageCx;
use crate::render::html::blocks::BlockWriter;
use crate::render::html::fragments::{Excerpt, excerpt};
use crate::render::views::body::{self, plain_body};
use crate::render::views::{ContextView, DocSummary, LinkView, display_date, summaries};
use crate::resolve::TaxonomyKind;

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

/// How many co-occurring entities a page lists.
const COOCCURRING_SHOWN: usize = 12;

fn singular(kind: TaxonomyKind) -> &'static str {
    match kind {
        TaxonomyKind::People => "Person",
        TaxonomyKind::Places => "Place",
        TaxonomyKind::Organizations => "Organisation",
        TaxonomyKind::Tags => "Tag",
        TaxonomyKind::Kinds => "Kind",
    }
}

pub fn entity(cx: &PageCx<'_>, e: EntityId) -> EntityView {
    let r = &cx.archive.entities[e];
    let entity = &r.entity;
    let links = |dest: &str| r.links.get(dest).and_then(|t| cx.link(t, None, false));
    let mut writer = BlockWriter::new(&cx.site.highlighter, &entity.body.footnotes, &links);
    let mut by_doc: Vec<DocMentions> = Vec::new();
    let mut last_doc = None;
    for s in excerpts(cx, e) {
        if last_doc != Some(s.at.doc) {
            last_doc = Some(s.at.doc);
            let m = &cx.archive.docs[s.at.doc].doc.meta;
            by_doc.push(DocMentions {
                title: m.title.clone(),
                href: cx.doc_href(s.at.doc),
                date_display: display_date(m.date),
                publisher: m.source.publisher.clone(),
                mentions: Vec::new(),
            });
        }
        let here = by_doc.last_mut().expect("pushed above");
        here.mentions
            .push(body::context_marked(cx, s.at, s.excerpt, &s.marks));
    }
    let stats = &r.stats;
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
        listed_in: summaries(cx, stats.listed_in.iter().copied()),
        speakers: stats
            .speakers
            .iter()
            .map(|(name, count)| Count {
                href: Some(cx.term_link(TaxonomyKind::People, name).href),
                name: name.clone(),
                count: *count,
            })
            .collect(),
        cooccurring: stats
            .cooccurring
            .iter()
            .take(COOCCURRING_SHOWN)
            .map(|&(o, count)| Count {
                name: cx.archive.entities[o].entity.name.clone(),
                href: Some(cx.entity_href(o)),
                count,
            })
            .collect(),
        spellings: stats
            .spellings
            .iter()
            .map(|(name, count)| Count {
                name: name.clone(),
                href: None,
                count: *count,
            })
            .collect(),
        events: r
            .events
            .iter()
            .map(|&ev| LinkView {
                name: cx.archive.events[ev].event.title.clone(),
                href: cx.event_href(ev),
            })
            .collect(),
    }
}

/// Mentions of an entity shown in one excerpt of a paragraph.
struct Shown {
    at: BlockRef,
    excerpt: Excerpt,
    marks: Vec<(usize, usize)>,
}

/// The excerpts that show an entity's mentions, in order. A mention inside the words
/// the excerpt before it shows joins that excerpt, so a paragraph that repeats a name
/// shows it once (and a page's size follows the paragraphs, not the mentions).
fn excerpts(cx: &PageCx<'_>, e: EntityId) -> Vec<Shown> {
    let mut out: Vec<Shown> = Vec::new();
    for m in &cx.archive.entities[e].mentions {
        let mention = &cx.archive.docs[m.at.doc].blocks[m.at.block].mentions[m.index];
        match out.last_mut() {
            Some(s) if s.at == m.at && mention.end <= s.excerpt.to => {
                s.marks.push((mention.start, mention.end));
            }
            _ => out.push(Shown {
                at: m.at,
                excerpt: excerpt(
                    &cx.archive.docs[m.at.doc].doc.body.blocks[m.at.block].text,
                    mention.start,
                    mention.end,
                ),
                marks: vec![(mention.start, mention.end)],
            }),
        }
    }
    out
}
