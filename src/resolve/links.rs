//! Links between the archive's pages: wikilinks (`[[Vladimir Putin]]`,
//! `[[2022-04-26-putin-guterres-meeting#p14|as he said]]`) and Markdown links to content
//! files (`documents/x.md#p3`) resolve to permalinks. A target or paragraph that does
//! not exist is an error at the link's place.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, did_you_mean};
use crate::model::{DocId, EntityId, EventId, IdSlice, IdVec};
use crate::parse::body::Body;
use crate::parse::document::Document;
use crate::parse::entity::{Entity, Event};
use crate::resolve::TaxonomyKind;
use crate::resolve::addresses::Addresses;

use super::entities::Registry;

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Document {
        doc: DocId,
        anchor: Option<String>,
    },
    Entity(EntityId),
    Event(EventId),
    /// An anchor on the same page.
    Anchor(String),
    /// Outside the archive's pages (a web address, a file beside the page).
    Unchanged,
}

/// What links resolve against, with the lookups by name and by file made once.
pub struct LinkIndex<'a> {
    pub docs: &'a IdSlice<DocId, Document>,
    pub addresses: &'a IdSlice<DocId, Addresses>,
    pub entities: &'a IdSlice<EntityId, Entity>,
    pub events: &'a IdSlice<EventId, Event>,
    pub registry: &'a Registry,
    doc_slugs: HashMap<&'a str, DocId>,
    event_slugs: HashMap<&'a str, EventId>,
    /// Content files by path: documents, entities and events.
    files: HashMap<&'a Path, Target>,
    /// Per document: the ids of its paragraphs, live and removed.
    anchor_ids: IdVec<DocId, HashSet<&'a str>>,
    /// Comparisons left for "did you mean" on broken links: thousands of broken
    /// links among thousands of names would otherwise cost their product.
    suggestions_left: std::cell::Cell<usize>,
}

impl<'a> LinkIndex<'a> {
    pub fn new(
        docs: &'a IdSlice<DocId, Document>,
        addresses: &'a IdSlice<DocId, Addresses>,
        entities: &'a IdSlice<EntityId, Entity>,
        events: &'a IdSlice<EventId, Event>,
        registry: &'a Registry,
    ) -> Self {
        let mut files: HashMap<&Path, Target> = HashMap::new();
        for (i, e) in events.iter_enumerated() {
            files.insert(&e.path, Target::Event(i));
        }
        for (i, e) in entities.iter_enumerated() {
            if let Some(p) = &e.path {
                files.insert(p, Target::Entity(i));
            }
        }
        for (i, d) in docs.iter_enumerated() {
            files.insert(
                &d.path,
                Target::Document {
                    doc: i,
                    anchor: None,
                },
            );
        }
        LinkIndex {
            docs,
            addresses,
            entities,
            events,
            registry,
            doc_slugs: docs
                .iter_enumerated()
                .map(|(i, d)| (d.slug.as_str(), i))
                .rev()
                .collect(),
            event_slugs: events
                .iter_enumerated()
                .map(|(i, e)| (e.slug.as_str(), i))
                .rev()
                .collect(),
            files,
            anchor_ids: addresses
                .iter()
                .map(|a| {
                    a.per_block
                        .iter()
                        .flatten()
                        .map(|a| a.id.as_str())
                        .chain(a.removed.iter().map(|r| r.id.as_str()))
                        .collect()
                })
                .collect(),
            suggestions_left: std::cell::Cell::new(1_000_000),
        }
    }

    /// The document with this file name (without `.md`).
    pub fn doc(&self, slug: &str) -> Option<DocId> {
        self.doc_slugs.get(slug).copied()
    }
}

/// Resolves the links of one body. `self_doc` is the document the body belongs to, if
/// any (for `#p3` links to its own paragraphs).
pub fn resolve(
    body: &Body,
    path: &Path,
    self_doc: Option<DocId>,
    ix: &LinkIndex<'_>,
) -> (HashMap<String, Target>, Vec<Diagnostic>) {
    let mut targets = HashMap::new();
    let mut diags = Vec::new();
    for link in &body.links {
        if targets.contains_key(&link.dest) {
            continue;
        }
        let result = if link.wiki {
            ix.wiki(&link.dest, self_doc)
        } else {
            ix.markdown(&link.dest, path, self_doc)
        };
        match result {
            Ok(t) => {
                targets.insert(link.dest.clone(), t);
            }
            Err((message, help)) => {
                diags.push(Diagnostic::error(path, link.pos, message).help(help));
            }
        }
    }
    (targets, diags)
}

pub(crate) type Failure = (String, String);

impl LinkIndex<'_> {
    pub(crate) fn wiki(&self, dest: &str, self_doc: Option<DocId>) -> Result<Target, Failure> {
        let (name, anchor) = split_anchor(dest);
        if name.is_empty() {
            return self.same_page(anchor, self_doc, dest);
        }
        if let Some(doc) = self.doc(name) {
            return self.doc_anchor(doc, anchor, dest);
        }
        if let Some(&ev) = self.event_slugs.get(name) {
            return Ok(Target::Event(ev));
        }
        for kind in [
            TaxonomyKind::People,
            TaxonomyKind::Places,
            TaxonomyKind::Organizations,
        ] {
            if let Some(e) = self.registry.lookup(kind, name) {
                return Ok(Target::Entity(e));
            }
        }
        let count = self.docs.len() + self.events.len() + self.entities.len();
        let left = self.suggestions_left.get().checked_sub(count);
        let known: Vec<&str> = match left {
            None => Vec::new(),
            Some(left) => {
                self.suggestions_left.set(left);
                self.docs
                    .iter()
                    .map(|d| d.slug.as_str())
                    .chain(self.events.iter().map(|e| e.slug.as_str()))
                    .chain(
                        self.entities
                            .iter()
                            .filter(|e| !e.is_stub())
                            .flat_map(Entity::spellings),
                    )
                    .collect()
            }
        };
        Err((
            format!("broken link [[{dest}]]: no document, event or entity is called `{name}`"),
            match did_you_mean(name, &known) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "link a document by its file name (without .md), an entity by its name or alias, or an event by its file name".into(),
            },
        ))
    }

    fn markdown(
        &self,
        dest: &str,
        path: &Path,
        self_doc: Option<DocId>,
    ) -> Result<Target, Failure> {
        let is_external =
            dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("//");
        if is_external {
            return Ok(Target::Unchanged);
        }
        let (file, anchor) = split_anchor(dest);
        if file.is_empty() {
            return self.same_page(anchor, self_doc, dest);
        }
        if !file.ends_with(".md") {
            return Ok(Target::Unchanged);
        }
        // Relative to the linking file, or to content/.
        let from_file = normalise(&path.parent().unwrap_or(Path::new("")).join(file));
        let from_content = normalise(&Path::new("content").join(file));
        for candidate in [from_file, from_content].into_iter().flatten() {
            match self.files.get(candidate.as_path()) {
                Some(Target::Document { doc, .. }) => return self.doc_anchor(*doc, anchor, dest),
                Some(t) => return Ok(t.clone()),
                None => {}
            }
        }
        Err((
            format!("broken link to `{dest}`: no such content file"),
            "link to a file under content/ (e.g. ../documents/2022-04-26-x.md#p3), or use a wikilink [[2022-04-26-x#p3]]".into(),
        ))
    }

    fn same_page(
        &self,
        anchor: Option<&str>,
        self_doc: Option<DocId>,
        dest: &str,
    ) -> Result<Target, Failure> {
        let anchor = anchor.unwrap_or("");
        match self_doc {
            Some(doc) => self
                .doc_anchor(doc, Some(anchor), dest)
                .map(|_| Target::Anchor(anchor.to_string())),
            None => Ok(Target::Anchor(anchor.to_string())),
        }
    }

    fn doc_anchor(&self, doc: DocId, anchor: Option<&str>, dest: &str) -> Result<Target, Failure> {
        if let Some(a) = anchor
            && !a.is_empty()
        {
            let anchors = &self.addresses[doc].per_block;
            let is_footnote = a
                .strip_prefix("fn-")
                .and_then(|n| n.parse::<usize>().ok())
                .is_some_and(|n| n >= 1 && n <= self.docs[doc].body.footnotes.len());
            let known = self.anchor_ids.get(doc).is_some_and(|ids| ids.contains(a));
            if !is_footnote && !known {
                let count = anchors.iter().flatten().count();
                return Err((
                    format!(
                        "broken link `{dest}`: {} has no paragraph #{a}",
                        self.docs[doc].slug
                    ),
                    if count == 0 {
                        "the document has no numbered paragraphs".into()
                    } else {
                        format!("its paragraphs are #p1 to #p{count}")
                    },
                ));
            }
        }
        Ok(Target::Document {
            doc,
            anchor: anchor.filter(|a| !a.is_empty()).map(str::to_string),
        })
    }
}

fn split_anchor(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (dest.trim(), None),
    }
}

/// `content/documents/../people/x.md` → `content/people/x.md`; `None` if it leaves the
/// archive.
fn normalise(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::Normal(n) => out.push(n),
            _ => return None,
        }
    }
    Some(out)
}
