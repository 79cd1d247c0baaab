//! Taxonomies (people, places, organisations, tags, kinds) and the timeline: how the
//! archive's documents are grouped for its listings.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;

use crate::model::{DocId, EntityId, IdSlice, IdVec};
use crate::parse::document::Document;
use crate::parse::entity::Entity;

/// The kinds of taxonomy, in the order the site shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaxonomyKind {
    People,
    Places,
    Organizations,
    Tags,
    Kinds,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 5] = [
        TaxonomyKind::People,
        TaxonomyKind::Places,
        TaxonomyKind::Organizations,
        TaxonomyKind::Tags,
        TaxonomyKind::Kinds,
    ];

    /// The URL folder and front matter field.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::People => "people",
            TaxonomyKind::Places => "places",
            TaxonomyKind::Organizations => "organizations",
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Kinds => "kinds",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            TaxonomyKind::People => "People",
            TaxonomyKind::Places => "Places",
            TaxonomyKind::Organizations => "Organisations",
            TaxonomyKind::Tags => "Tags",
            TaxonomyKind::Kinds => "Kinds",
        }
    }

    /// The names a document gives for this taxonomy (speakers count as people).
    fn names(self, doc: &Document) -> Vec<&str> {
        let m = &doc.meta;
        match self {
            TaxonomyKind::People => m
                .speakers
                .iter()
                .chain(&m.people)
                .map(String::as_str)
                .collect(),
            TaxonomyKind::Places => m.places.iter().map(String::as_str).collect(),
            TaxonomyKind::Organizations => m.organizations.iter().map(String::as_str).collect(),
            TaxonomyKind::Tags => m.tags.iter().map(String::as_str).collect(),
            TaxonomyKind::Kinds => vec![m.kind.name()],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Sorted by name, case-insensitively.
    pub terms: Vec<Term>,
    /// Term indices by slug and by entity (pages look terms up for every speaker turn).
    by_slug: HashMap<String, usize>,
    by_entity: HashMap<EntityId, usize>,
}

impl Taxonomy {
    pub fn new(kind: TaxonomyKind, terms: Vec<Term>) -> Self {
        let mut by_slug = HashMap::new();
        let mut by_entity = HashMap::new();
        for (i, t) in terms.iter().enumerate() {
            by_slug.entry(t.slug.clone()).or_insert(i);
            if let Some(e) = t.entity {
                by_entity.entry(e).or_insert(i);
            }
        }
        Taxonomy {
            kind,
            terms,
            by_slug,
            by_entity,
        }
    }

    /// The term a name refers to, if any.
    pub fn term(&self, name: &str) -> Option<&Term> {
        self.by_slug.get(&term_slug(name)).map(|&i| &self.terms[i])
    }

    /// The term of an entity, if any.
    pub fn entity_term(&self, entity: EntityId) -> Option<&Term> {
        self.by_entity.get(&entity).map(|&i| &self.terms[i])
    }
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Indices into [`Archive::docs`], newest first.
    pub docs: Vec<DocId>,
    /// For people, places and organisations: the entity.
    pub entity: Option<EntityId>,
}

#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// Newest month first.
    pub months: Vec<Month>,
}

#[derive(Debug, Clone)]
pub struct Month {
    pub month: u32,
    pub docs: Vec<DocId>,
}

/// The URL-safe form of a term name (transliterated: "Erdoğan" → "erdogan"), a valid
/// slug of bounded length whatever the name (it becomes a folder of the site).
pub fn term_slug(name: &str) -> String {
    let s = crate::model::slug::slugify(name);
    if s.is_empty() { "term".into() } else { s }
}

pub(super) fn terms(
    kind: TaxonomyKind,
    docs: &IdSlice<DocId, Document>,
    entities: &IdSlice<EntityId, Entity>,
    doc_entities: &IdSlice<DocId, Vec<EntityId>>,
) -> Vec<Term> {
    if matches!(
        kind,
        TaxonomyKind::People | TaxonomyKind::Places | TaxonomyKind::Organizations
    ) {
        // Each entity's documents, from one pass over the documents' lists.
        let mut entity_docs: IdVec<EntityId, Vec<DocId>> =
            entities.iter().map(|_| Vec::new()).collect();
        for (d, list) in doc_entities.iter_enumerated().take(docs.len()) {
            for &e in list {
                if entities[e].kind == kind && entity_docs[e].last() != Some(&d) {
                    entity_docs[e].push(d);
                }
            }
        }
        let mut terms: Vec<Term> = entities
            .iter()
            .zip(entity_docs)
            .enumerate()
            .map(|(i, x)| (EntityId::from(i), x))
            .filter(|(_, (e, _))| e.kind == kind)
            .map(|(i, (e, docs))| Term {
                name: e.name.clone(),
                slug: e.slug.clone(),
                docs,
                entity: Some(i),
            })
            .collect();
        terms.sort_by_cached_key(|t| (t.name.to_lowercase(), t.slug.clone()));
        return terms;
    }
    let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
    for (i, doc) in docs.iter_enumerated() {
        for name in kind.names(doc) {
            let slug = term_slug(name);
            let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                name: name.to_string(),
                slug,
                docs: Vec::new(),
                entity: None,
            });
            if term.docs.last() != Some(&i) {
                term.docs.push(i);
            }
        }
    }
    let mut terms: Vec<Term> = by_slug.into_values().collect();
    terms.sort_by_cached_key(|t| (t.name.to_lowercase(), t.slug.clone()));
    terms
}

pub(super) fn timeline(docs: &IdSlice<DocId, Document>) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (i, doc) in docs.iter_enumerated() {
        let (y, m) = (doc.meta.date.year(), doc.meta.date.month());
        if years.last().is_none_or(|last| last.year != y) {
            years.push(Year {
                year: y,
                months: Vec::new(),
            });
        }
        let year = years.last_mut().expect("pushed above");
        if year.months.last().is_none_or(|last| last.month != m) {
            year.months.push(Month {
                month: m,
                docs: Vec::new(),
            });
        }
        year.months.last_mut().expect("pushed above").docs.push(i);
    }
    years
}
