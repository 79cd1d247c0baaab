//! A document's page: its facts (source, republication chain, capture, people, places,
//! event), its body, footnotes, annotations, quotations and backlinks.

use serde::Serialize;

use crate::model::DocId;
use crate::render::context::PageCx;
use crate::render::html::blocks::BlockWriter;
use crate::render::views::annotations::AnnotationView;
use crate::render::views::body::{
    self, BodyPage, DocAnnotations, FootnoteView, QuoteView, SectionView,
};
use crate::render::views::{ContextView, LinkView, display_date, iso, published_capture};
use crate::resolve::TaxonomyKind;

/// A document page.
#[derive(Debug, Serialize)]
pub struct DocumentView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub date: String,
    pub date_display: String,
    pub kind: LinkView,
    pub language: &'a str,
    pub summary: Option<&'a str>,
    pub source: SourceView<'a>,
    pub republished: Vec<RepublicationView<'a>>,
    pub capture: Option<CaptureView<'a>>,
    /// A Wayback Machine lookup of the original's address.
    pub wayback: Option<String>,
    pub speakers: Vec<LinkView>,
    pub people: Vec<LinkView>,
    pub places: Vec<LinkView>,
    pub organizations: Vec<LinkView>,
    pub tags: Vec<LinkView>,
    pub event: Option<LinkView>,
    /// The body, cut into speaker turns and narration.
    pub sections: Vec<SectionView>,
    pub footnotes: Vec<FootnoteView>,
    /// Paragraphs of other documents that link here.
    pub backlinks: Vec<ContextView>,
    /// The document's quotations and what the archive holds of them.
    pub quotes: Vec<QuoteView>,
    /// Annotations anchored in the text, in reading order.
    pub annotations: Vec<AnnotationView>,
    /// Annotations whose words are no longer in the text.
    pub orphans: Vec<AnnotationView>,
    /// The kinds of annotation on this page (name, CSS class), for the legend.
    pub annotation_kinds: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
pub struct SourceView<'a> {
    pub url: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub authors: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct RepublicationView<'a> {
    pub publisher: &'a str,
    pub url: Option<&'a str>,
    pub date: Option<String>,
    pub date_display: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CaptureView<'a> {
    pub file: &'a str,
    pub sha256: &'a str,
    /// The raw file, byte for byte.
    pub href: String,
    /// The capture shown as text, highlighted.
    pub page_href: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
}

/// The view of a document's page.
pub fn document<'a>(cx: &'a PageCx<'a>, doc: DocId) -> DocumentView<'a> {
    let archive = cx.archive;
    let r = &archive.docs[doc];
    let m = &r.doc.meta;
    let entities = |kind: TaxonomyKind| -> Vec<LinkView> {
        r.entities
            .iter()
            .filter(|&&e| archive.entities[e].entity.kind == kind)
            .map(|&e| cx.entity_link(e))
            .collect()
    };
    let links = |dest: &str| r.links.get(dest).and_then(|t| cx.link(t, Some(doc), true));
    let mut writer = BlockWriter::new(&cx.site.highlighter, &r.doc.body.footnotes, &links);
    let (list, anchored, orphans) = super::annotations::document_notes(cx, doc);
    let page = BodyPage {
        id_prefix: "",
        number_base: String::new(),
    };
    let notes = DocAnnotations {
        list: &list,
        views: &anchored,
    };
    let (sections, footnotes) = body::document_body(cx, doc, &mut writer, &page, &notes);
    let mut annotation_kinds: Vec<(String, String)> = anchored
        .iter()
        .chain(&orphans)
        .map(|n| (n.kind.clone(), n.kind_class.clone()))
        .collect();
    annotation_kinds
        .sort_by_key(|(k, _)| archive.site.annotation_kinds.iter().position(|x| x == k));
    annotation_kinds.dedup();
    DocumentView {
        slug: &r.doc.slug,
        title: &m.title,
        date: iso(m.date),
        date_display: display_date(m.date),
        kind: cx.term_link(TaxonomyKind::Kinds, m.kind.name()),
        language: m.language.as_deref().unwrap_or(&archive.site.language),
        summary: m.summary.as_deref(),
        source: SourceView {
            url: m.source.url.as_deref(),
            publisher: m.source.publisher.as_deref(),
            authors: &m.source.authors,
        },
        republished: m
            .republished
            .iter()
            .map(|x| RepublicationView {
                publisher: &x.publisher,
                url: x.url.as_deref(),
                date: x.date.map(iso),
                date_display: x.date.map(display_date),
            })
            .collect(),
        capture: m.capture.as_ref().map(|c| CaptureView {
            file: &c.file,
            sha256: &c.sha256,
            href: published_capture(&c.file),
            page_href: "capture/".into(),
            date: c.date.map(iso),
            date_display: c.date.map(display_date),
        }),
        wayback: m
            .source
            .url
            .as_ref()
            .map(|u| format!("https://web.archive.org/web/*/{u}")),
        speakers: cx.term_links(TaxonomyKind::People, &m.speakers),
        people: entities(TaxonomyKind::People),
        places: entities(TaxonomyKind::Places),
        organizations: entities(TaxonomyKind::Organizations),
        tags: cx.term_links(TaxonomyKind::Tags, &m.tags),
        event: r.event.map(|e| LinkView {
            name: archive.events[e].event.title.clone(),
            href: cx.event_href(e),
        }),
        sections,
        footnotes,
        backlinks: body::backlinks(cx, doc),
        annotations: anchored,
        orphans,
        annotation_kinds,
        quotes: body::quotations(cx, doc),
    }
}
