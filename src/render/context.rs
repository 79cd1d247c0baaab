//! What rendering a page needs, in two values instead of parameters threaded through
//! every function: the [`SiteCx`] (the archive, the compiled templates, the highlighter,
//! the prepared citations; one per build) and the [`PageCx`] (one page: where it sits,
//! so every link can be written relative to it).

use std::collections::BTreeMap;
use std::path::PathBuf;

use tera::{Context, Tera};

use crate::cite::Citations;
use crate::diag::{Diagnostic, Pos};
use crate::model::{AnnotationId, BlockRef, DocId, EntityId, EventId, paths};
use crate::output::Page;
use crate::render::html::highlight::Highlighter;
use crate::render::views::{LinkView, site_view};
use crate::resolve::links::Target;
use crate::resolve::{Archive, TaxonomyKind};

/// One build's rendering context.
pub struct SiteCx<'a> {
    pub archive: &'a Archive,
    pub tera: Tera,
    pub highlighter: Highlighter,
    pub cites: &'a Citations,
    /// Raw captures, by path below the archive root.
    pub attachments: &'a BTreeMap<PathBuf, Vec<u8>>,
}

/// One page: its folder below the site root (`documents/x/`) and the relative path
/// back to the root (`../../`).
pub struct PageCx<'a> {
    pub site: &'a SiteCx<'a>,
    pub archive: &'a Archive,
    pub root: String,
    pub dir: String,
}

impl<'a> SiteCx<'a> {
    /// The context of a page in folder `dir` (`""` for the root).
    pub fn page(&'a self, dir: &str) -> PageCx<'a> {
        PageCx {
            site: self,
            archive: self.archive,
            root: paths::root_for_depth(dir.matches('/').count()),
            dir: dir.to_string(),
        }
    }

    /// The context of a page in `dir` whose links start from `root` (the 404 page,
    /// served at any depth, and the feed, whose links are absolute).
    pub fn page_at(&'a self, dir: &str, root: &str) -> PageCx<'a> {
        PageCx {
            site: self,
            archive: self.archive,
            root: root.to_string(),
            dir: dir.to_string(),
        }
    }

    /// The template's directory, for diagnostics.
    pub fn theme_dir(&self) -> String {
        format!("themes/{}/templates", self.archive.site.theme)
    }
}

impl PageCx<'_> {
    pub fn doc_href(&self, doc: DocId) -> String {
        paths::doc_dir(&self.root, &self.archive.docs[doc].doc.slug)
    }

    pub fn event_href(&self, event: EventId) -> String {
        paths::event_dir(&self.root, &self.archive.events[event].event.slug)
    }

    pub fn annotation_href(&self, a: AnnotationId) -> String {
        paths::annotation_dir(&self.root, &self.archive.annotations[a].annotation.id)
    }

    pub fn term_href(&self, kind: TaxonomyKind, slug: &str) -> String {
        paths::term_dir(&self.root, kind.key(), slug)
    }

    pub fn entity_href(&self, e: EntityId) -> String {
        let e = &self.archive.entities[e].entity;
        self.term_href(e.kind, &e.slug)
    }

    /// The link to an entity under its name.
    pub fn entity_link(&self, e: EntityId) -> LinkView {
        LinkView {
            name: self.archive.entities[e].entity.name.clone(),
            href: self.entity_href(e),
        }
    }

    /// The permalink of a block (the document's page when the block has no number).
    pub fn block_href(&self, at: BlockRef) -> String {
        let page = self.doc_href(at.doc);
        match self.archive.anchor(at) {
            Some(a) => format!("{page}#{}", a.id),
            None => page,
        }
    }

    /// Links for names of a taxonomy (names without a term page link to the taxonomy
    /// index).
    pub fn term_links(&self, kind: TaxonomyKind, names: &[String]) -> Vec<LinkView> {
        names.iter().map(|n| self.term_link(kind, n)).collect()
    }

    pub fn term_link(&self, kind: TaxonomyKind, name: &str) -> LinkView {
        LinkView {
            name: name.to_string(),
            href: match self.archive.term_for(kind, name) {
                Some(t) => self.term_href(kind, &t.slug),
                None => format!("{}{}/", self.root, kind.key()),
            },
        }
    }

    /// Where a resolved link goes from this page. `from_doc` is the document whose body
    /// holds the link; `own_page` whether this page is that document's own.
    pub fn link(&self, target: &Target, from_doc: Option<DocId>, own_page: bool) -> Option<String> {
        let anchor = |a: &Option<String>| a.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
        Some(match target {
            Target::Document { doc, anchor: a } => format!("{}{}", self.doc_href(*doc), anchor(a)),
            Target::Entity(e) => self.entity_href(*e),
            Target::Event(e) => self.event_href(*e),
            Target::Anchor(a) => match (from_doc, own_page) {
                (Some(d), false) => format!("{}#{a}", self.doc_href(d)),
                _ => format!("#{a}"),
            },
            Target::Unchanged => return None,
        })
    }

    /// The context every template gets: `site`, `root`, `nav`, `page_path`,
    /// `canonical` (absent when `base_url` has no host).
    pub fn tera_context(&self) -> Context {
        let archive = self.archive;
        let mut cx = Context::new();
        cx.insert("site", &site_view(archive));
        cx.insert("root", &self.root);
        cx.insert("page_path", &self.dir);
        // A canonical URL must be absolute: none when base_url is only a path.
        let base = &archive.site.base_url;
        let canonical = base.contains("://").then(|| format!("{base}{}", self.dir));
        cx.insert("canonical", &canonical);
        let root = &self.root;
        let mut nav = vec![
            LinkView {
                name: "Documents".into(),
                href: root.clone(),
            },
            LinkView {
                name: "Timeline".into(),
                href: format!("{root}timeline/"),
            },
        ];
        if !archive.events.is_empty() {
            nav.push(LinkView {
                name: "Events".into(),
                href: format!("{root}events/"),
            });
        }
        if !archive.annotations.is_empty() {
            nav.push(LinkView {
                name: "Annotations".into(),
                href: format!("{root}annotations/"),
            });
        }
        for tax in &archive.taxonomies {
            if !tax.terms.is_empty() && tax.kind != TaxonomyKind::Kinds {
                nav.push(LinkView {
                    name: tax.kind.title().into(),
                    href: format!("{root}{}/", tax.kind.key()),
                });
            }
        }
        cx.insert("nav", &nav);
        cx
    }

    /// Renders `template` with `cx` into the file `path`.
    pub fn render(&self, template: &str, path: &str, cx: &Context) -> Result<Page, Diagnostic> {
        let html = self.site.tera.render(template, cx).map_err(|e| {
            Diagnostic::error(
                format!("{}/{template}", self.site.theme_dir()),
                Pos::START,
                format!("could not render {path}: {}", error_chain(&e)),
            )
            .help("a template used a value the page does not have, or a filter failed")
        })?;
        Ok(Page {
            path: path.to_string(),
            bytes: html.into_bytes(),
        })
    }
}

/// A Tera error with its causes (Tera 1 puts the useful part in the sources).
pub fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}
