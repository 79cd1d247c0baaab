//! Every page of the site as a value: [`plan`] lists them from the archive before
//! anything is rendered, and each [`Route`] knows its folder, its file and its
//! template. To add a kind of page: a variant here, its view in `views/`, its arm in
//! `render::page`, and its template in the theme.

use crate::model::{AnnotationId, DocId, EventId, paths};
use crate::resolve::{Archive, TaxonomyKind};

/// A page rendered from a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    Home,
    Timeline,
    /// A document's page (its citation files are emitted beside it).
    Document(DocId),
    /// A document's raw capture shown as highlighted text.
    Capture(DocId),
    /// A taxonomy's index: people, places, organisations, tags, kinds.
    Taxonomy(TaxonomyKind),
    /// A term of a taxonomy (an entity's page for people, places and organisations),
    /// by its index in the taxonomy.
    Term(TaxonomyKind, usize),
    Events,
    Event(EventId),
    Annotations,
    Annotation(AnnotationId),
    NotFound,
    /// The Atom feed, when the theme has an `atom.xml` template.
    Feed,
}

impl Route {
    /// The page's folder below the site root (`documents/x/`), or for a page that is
    /// not a folder's index, its path.
    pub fn dir(&self, archive: &Archive) -> String {
        match *self {
            Route::Home => String::new(),
            Route::Timeline => "timeline/".into(),
            Route::Document(d) => paths::doc_dir("", &archive.docs[d].doc.slug),
            Route::Capture(d) => {
                format!("{}capture/", paths::doc_dir("", &archive.docs[d].doc.slug))
            }
            Route::Taxonomy(k) => format!("{}/", k.key()),
            Route::Term(k, t) => {
                paths::term_dir("", k.key(), &archive.taxonomies[k as usize].terms[t].slug)
            }
            Route::Events => "events/".into(),
            Route::Event(e) => paths::event_dir("", &archive.events[e].event.slug),
            Route::Annotations => "annotations/".into(),
            Route::Annotation(a) => {
                paths::annotation_dir("", &archive.annotations[a].annotation.id)
            }
            Route::NotFound => "404.html".into(),
            Route::Feed => "atom.xml".into(),
        }
    }

    /// The file the page is written to.
    pub fn path(&self, archive: &Archive) -> String {
        match self {
            Route::NotFound | Route::Feed => self.dir(archive),
            _ => format!("{}index.html", self.dir(archive)),
        }
    }

    /// The theme template that renders it.
    pub fn template(&self, archive: &Archive) -> &'static str {
        match *self {
            Route::Home => "index.html",
            Route::Timeline => "timeline.html",
            Route::Document(_) => "document.html",
            Route::Capture(_) => "capture.html",
            Route::Taxonomy(_) => "taxonomy.html",
            Route::Term(k, t) => match archive.taxonomies[k as usize].terms[t].entity {
                Some(_) => "entity.html",
                None => "term.html",
            },
            Route::Events => "events.html",
            Route::Event(_) => "event.html",
            Route::Annotations => "annotations.html",
            Route::Annotation(_) => "annotation.html",
            Route::NotFound => "404.html",
            Route::Feed => "atom.xml",
        }
    }
}

/// Every page of the archive, in a fixed order. `feed` says whether the theme has a
/// feed template; `captured` whether a document's raw capture was read.
pub fn plan(archive: &Archive, feed: bool, captured: impl Fn(DocId) -> bool) -> Vec<Route> {
    let mut routes = Vec::with_capacity(archive.docs.len() * 2 + 16);
    for d in archive.docs.keys() {
        routes.push(Route::Document(d));
        if captured(d) {
            routes.push(Route::Capture(d));
        }
    }
    routes.extend([Route::Home, Route::Timeline, Route::NotFound]);
    if !archive.annotations.is_empty() {
        routes.push(Route::Annotations);
        routes.extend(archive.annotations.keys().map(Route::Annotation));
    }
    for tax in &archive.taxonomies {
        routes.push(Route::Taxonomy(tax.kind));
        routes.extend((0..tax.terms.len()).map(|t| Route::Term(tax.kind, t)));
    }
    routes.push(Route::Events);
    routes.extend(archive.events.keys().map(Route::Event));
    if feed {
        routes.push(Route::Feed);
    }
    routes
}
