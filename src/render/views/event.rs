//! An event's page (its documents side by side, its participants and place, a short
//! timeline) and the index of events.

use serde::Serialize;

use crate::model::EventId;
use crate::render::context::PageCx;
use crate::render::html::blocks::BlockWriter;
use crate::render::views::body::{
    self, BodyPage, DocAnnotations, FootnoteView, SectionView, plain_body,
};
use crate::render::views::{LinkView, display_date, iso};

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

pub fn event(cx: &PageCx<'_>, ev: EventId) -> EventView {
    let r = &cx.archive.events[ev];
    let event = &r.event;
    let links = |dest: &str| r.links.get(dest).and_then(|t| cx.link(t, None, false));
    let mut writer = BlockWriter::new(&cx.site.highlighter, &event.body.footnotes, &links);
    let mut timeline = vec![TimelineItem {
        date: iso(event.date),
        date_display: display_date(event.date),
        label: event.title.clone(),
        href: None,
    }];
    let documents = r
        .docs
        .iter()
        .enumerate()
        .map(|(k, &d)| {
            let doc = &cx.archive.docs[d].doc;
            let m = &doc.meta;
            let href = cx.doc_href(d);
            timeline.push(TimelineItem {
                date: iso(m.date),
                date_display: display_date(m.date),
                label: format!(
                    "{} ({})",
                    m.title,
                    m.source.publisher.as_deref().unwrap_or(m.kind.name())
                ),
                href: Some(href.clone()),
            });
            for x in &m.republished {
                if let Some(date) = x.date {
                    timeline.push(TimelineItem {
                        date: iso(date),
                        date_display: display_date(date),
                        label: format!("Republished by {}: {}", x.publisher, m.title),
                        href: Some(href.clone()),
                    });
                }
            }
            let doc_links = |dest: &str| {
                cx.archive.docs[d]
                    .links
                    .get(dest)
                    .and_then(|t| cx.link(t, Some(d), false))
            };
            let mut doc_writer =
                BlockWriter::new(&cx.site.highlighter, &doc.body.footnotes, &doc_links);
            let prefix = format!("d{}-", k + 1);
            let page = BodyPage {
                id_prefix: &prefix,
                number_base: href.clone(),
            };
            let (sections, footnotes) =
                body::document_body(cx, d, &mut doc_writer, &page, &DocAnnotations::default());
            EventDocument {
                title: m.title.clone(),
                href,
                kind: m.kind.to_string(),
                publisher: m.source.publisher.clone(),
                date_display: display_date(m.date),
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
        place: r.place.map(|p| cx.entity_link(p)),
        participants: r.participants.iter().map(|&p| cx.entity_link(p)).collect(),
        summary: event.summary.clone(),
        body_html: plain_body(&event.body, &mut writer),
        documents,
        timeline,
    }
}

/// An event in the index of events.
#[derive(Debug, Serialize)]
pub struct EventItem {
    pub title: String,
    pub href: String,
    pub date: String,
    pub date_display: String,
    pub summary: Option<String>,
    pub documents: usize,
}

/// The index of events, newest first.
pub fn index(cx: &PageCx<'_>) -> Vec<EventItem> {
    cx.archive
        .events
        .iter_enumerated()
        .rev()
        .map(|(i, r)| EventItem {
            title: r.event.title.clone(),
            href: cx.event_href(i),
            date: iso(r.event.date),
            date_display: display_date(r.event.date),
            summary: r.event.summary.clone(),
            documents: r.docs.len(),
        })
        .collect()
}
