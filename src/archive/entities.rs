//! The entity registry: every name and alias of every person, place and organisation,
//! and the names documents and events use for them.
//!
//! A name no entity file knows is reported (with the closest known name) and gets a
//! stub entity, so its page exists and nothing silently disappears.

use std::collections::HashMap;

use crate::archive::TaxonomyKind;
use crate::diag::{Diagnostic, Pos, did_you_mean};
use crate::document::Document;
use crate::entity::{Entity, Event};

/// Looks entities up by kind and spelling (case-insensitively).
#[derive(Debug, Clone, Default)]
pub struct Registry {
    by_name: HashMap<(TaxonomyKind, String), usize>,
}

impl Registry {
    pub fn lookup(&self, kind: TaxonomyKind, name: &str) -> Option<usize> {
        self.by_name.get(&(kind, key(name))).copied()
    }
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The entities with stubs added for unknown names, the registry, each document's
/// entities from its front matter (speakers count as people), and each event's
/// participants and place.
pub struct Resolved {
    pub entities: Vec<Entity>,
    pub registry: Registry,
    pub doc_refs: Vec<Vec<usize>>,
    pub event_refs: Vec<(Vec<usize>, Option<usize>)>,
}

/// Builds the registry and resolves the names of documents and events.
pub fn resolve(
    mut entities: Vec<Entity>,
    docs: &[Document],
    events: &[Event],
) -> (Resolved, Vec<Diagnostic>) {
    entities.sort_by(|a, b| {
        (a.kind, a.name.to_lowercase(), &a.slug).cmp(&(b.kind, b.name.to_lowercase(), &b.slug))
    });
    let mut diags = Vec::new();
    let mut registry = Registry::default();
    for (i, e) in entities.iter().enumerate() {
        for spelling in e.spellings() {
            let k = (e.kind, key(spelling));
            match registry.by_name.get(&k) {
                Some(&other) if other != i => diags.push(
                    Diagnostic::warning(
                        e.path.clone().unwrap_or_default(),
                        Pos::START,
                        format!(
                            "`{spelling}` names both {} and {}",
                            entities[other].name, e.name
                        ),
                    )
                    .help("an alias must name one entity; remove it from one of them"),
                ),
                _ => {
                    registry.by_name.insert(k, i);
                }
            }
        }
    }
    let mut r = Resolved {
        entities,
        registry,
        doc_refs: Vec::new(),
        event_refs: Vec::new(),
    };
    let mut stubs = Stubs::new(&r.entities);
    for doc in docs {
        let mut ids = Vec::new();
        for name_ref in &doc.refs {
            let kind = match name_ref.field {
                "speakers" | "people" => TaxonomyKind::People,
                "places" => TaxonomyKind::Places,
                "organizations" => TaxonomyKind::Organizations,
                _ => continue,
            };
            ids.push(r.find_or_stub(
                &mut stubs,
                kind,
                &name_ref.name,
                || (doc.path.clone(), name_ref.pos, name_ref.field),
                &mut diags,
            ));
        }
        ids.sort_unstable();
        ids.dedup();
        r.doc_refs.push(ids);
    }
    for event in events {
        let at = |field: &'static str| move || (event.path.clone(), Pos::START, field);
        let participants = event
            .participants
            .iter()
            .map(|p| {
                r.find_or_stub(
                    &mut stubs,
                    TaxonomyKind::People,
                    p,
                    at("participants"),
                    &mut diags,
                )
            })
            .collect();
        let place = event
            .place
            .as_ref()
            .map(|p| r.find_or_stub(&mut stubs, TaxonomyKind::Places, p, at("place"), &mut diags));
        r.event_refs.push((participants, place));
    }
    (r, diags)
}

/// Comparisons of an unknown name with a known one a build spends on "did you mean"
/// (a fraction of a second): thousands of unknown names among thousands of known ones would
/// otherwise cost their product. Past it, unknown names get the plain help line.
const SUGGESTION_BUDGET: usize = 1_000_000;

/// What making stubs needs to look up, built once: entities by slug, and the known
/// spellings and the suggestion for each unknown name (one scan of the known names
/// per distinct unknown name, not per entity per mention, within a budget).
struct Stubs {
    by_slug: HashMap<(TaxonomyKind, String), usize>,
    known: HashMap<TaxonomyKind, Vec<String>>,
    suggested: HashMap<(TaxonomyKind, String), Option<String>>,
    budget: usize,
}

impl Stubs {
    fn new(entities: &[Entity]) -> Self {
        let mut by_slug = HashMap::new();
        let mut known: HashMap<TaxonomyKind, Vec<String>> = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            by_slug.entry((e.kind, e.slug.clone())).or_insert(i);
            if !e.is_stub() {
                known
                    .entry(e.kind)
                    .or_default()
                    .extend(e.spellings().map(str::to_string));
            }
        }
        Stubs {
            by_slug,
            known,
            suggested: HashMap::new(),
            budget: SUGGESTION_BUDGET,
        }
    }

    fn suggestion(&mut self, kind: TaxonomyKind, name: &str) -> Option<String> {
        let (known, budget) = (&self.known, &mut self.budget);
        self.suggested
            .entry((kind, key(name)))
            .or_insert_with(|| {
                let names: Vec<&str> = known
                    .get(&kind)
                    .map_or_else(Vec::new, |k| k.iter().map(String::as_str).collect());
                *budget = budget.checked_sub(names.len())?;
                did_you_mean(name, &names).map(str::to_string)
            })
            .clone()
    }
}

impl Resolved {
    fn find_or_stub(
        &mut self,
        stubs: &mut Stubs,
        kind: TaxonomyKind,
        name: &str,
        place: impl Fn() -> (std::path::PathBuf, Pos, &'static str),
        diags: &mut Vec<Diagnostic>,
    ) -> usize {
        if let Some(i) = self.registry.lookup(kind, name) {
            return i;
        }
        let (path, pos, field) = place();
        let help = match stubs.suggestion(kind, name) {
            Some(c) => format!(
                "did you mean `{c}`? Otherwise add content/{}/{}.md (it gets a stub page until then)",
                kind.key(),
                super::term_slug(name)
            ),
            None => format!(
                "add content/{}/{}.md with its description and aliases (it gets a stub page until then)",
                kind.key(),
                super::term_slug(name)
            ),
        };
        diags.push(
            Diagnostic::warning(
                path,
                pos,
                format!(
                    "`{name}` in `{field}` is not in the archive's {}",
                    kind.key()
                ),
            )
            .help(help),
        );
        let mut slug = super::term_slug(name);
        // Another spelling of a name already stubbed (Erdoğan, Erdogan) joins it.
        if let Some(&i) = stubs.by_slug.get(&(kind, slug.clone()))
            && self.entities[i].is_stub()
        {
            self.registry.by_name.insert((kind, key(name)), i);
            return i;
        }
        while stubs.by_slug.contains_key(&(kind, slug.clone())) {
            slug.push_str("-2");
        }
        self.entities.push(Entity::stub(kind, name, slug.clone()));
        let i = self.entities.len() - 1;
        stubs.by_slug.insert((kind, slug), i);
        self.registry.by_name.insert((kind, key(name)), i);
        i
    }
}
