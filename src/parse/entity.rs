//! Entities (people, places, organisations) and events: the parse stage for
//! `content/people/`, `content/places/`, `content/organizations/` and
//! `content/events/`.
//!
//! An entity has a name and every spelling a source may use (`aliases`); an event
//! groups the documents of one occasion. Both have a Markdown body like documents.

use std::path::PathBuf;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::parse::body::Body;
use crate::parse::config::Limits;
use crate::parse::document::{Read, gather, read_fields};
use crate::parse::frontmatter::Step;
use crate::resolve::TaxonomyKind;
use crate::source::SourceFile;

/// A person, place or organisation.
#[derive(Debug, Clone)]
pub struct Entity {
    pub slug: String,
    /// `None` for a stub made for a name no file describes.
    pub path: Option<PathBuf>,
    pub kind: TaxonomyKind,
    pub name: String,
    pub aliases: Vec<String>,
    /// A finer kind: city, country, head of state, agency…
    pub category: Option<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    pub body: Body,
}

impl Entity {
    /// A page for a name that documents use but no file describes.
    pub fn stub(kind: TaxonomyKind, name: &str, slug: String) -> Entity {
        Entity {
            slug,
            path: None,
            kind,
            name: name.to_string(),
            aliases: Vec::new(),
            category: None,
            description: None,
            wikidata: None,
            body: Body::default(),
        }
    }

    pub fn is_stub(&self) -> bool {
        self.path.is_none()
    }

    /// The name and every alias.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// An event: an occasion that documents report on.
#[derive(Debug, Clone)]
pub struct Event {
    pub slug: String,
    pub path: PathBuf,
    pub title: String,
    pub date: NaiveDate,
    pub place: Option<String>,
    pub participants: Vec<String>,
    pub summary: Option<String>,
    pub body: Body,
}

const ENTITY_FIELDS: &[&str] = &["name", "aliases", "kind", "description", "wikidata"];
const EVENT_FIELDS: &[&str] = &["title", "date", "place", "participants", "summary"];

/// Parses every entity and event file of the archive.
pub fn parse_tree(
    tree: &crate::source::SourceTree,
    limits: &Limits,
) -> (Vec<Entity>, Vec<Event>, Vec<Diagnostic>) {
    let mut entities = Vec::new();
    let mut diags = Vec::new();
    for (files, kind) in [
        (&tree.people, TaxonomyKind::People),
        (&tree.places, TaxonomyKind::Places),
        (&tree.organizations, TaxonomyKind::Organizations),
    ] {
        let (e, d) = parse_entities(files, kind, limits);
        entities.extend(e);
        diags.extend(d);
    }
    let (events, d) = parse_events(&tree.events, limits);
    diags.extend(d);
    (entities, events, diags)
}

/// Parses the entity files of one kind, in parallel.
pub fn parse_entities(
    files: &[SourceFile],
    kind: TaxonomyKind,
    limits: &Limits,
) -> (Vec<Entity>, Vec<Diagnostic>) {
    gather(
        files
            .par_iter()
            .map(|f| parse_entity(f, kind, limits))
            .collect(),
    )
}

/// Parses the event files, in parallel.
pub fn parse_events(files: &[SourceFile], limits: &Limits) -> (Vec<Event>, Vec<Diagnostic>) {
    gather(files.par_iter().map(|f| parse_event(f, limits)).collect())
}

pub fn parse_entity(
    file: &SourceFile,
    kind: TaxonomyKind,
    limits: &Limits,
) -> (Option<Entity>, Vec<Diagnostic>) {
    let (read, diags) = read_fields(file, limits, ENTITY_FIELDS, |r, map| {
        let name = r.required_string(
            map,
            "name",
            "add `name: …`, the spelling the archive uses for its page",
        );
        let aliases = r.string_list(map, "aliases");
        let category = r.optional_string(map, &[], "kind");
        let description = r.optional_string(map, &[], "description");
        let wikidata = r.optional_string(map, &[], "wikidata");
        if let Some(q) = &wikidata
            && !(q.starts_with('Q') && q.len() > 1 && q[1..].chars().all(|c| c.is_ascii_digit()))
        {
            r.error(
                &[Step::Key("wikidata")],
                format!("not a Wikidata item id: {q:?}"),
                "write the id alone, e.g. Q7747",
            );
        }
        (name, aliases, category, description, wikidata)
    });
    let entity = read.and_then(|Read { slug, body, fields }| {
        let (name, aliases, category, description, wikidata) = fields;
        Some(Entity {
            slug,
            path: Some(file.path.clone()),
            kind,
            name: name?,
            aliases,
            category,
            description,
            wikidata,
            body,
        })
    });
    (entity, diags)
}

pub fn parse_event(file: &SourceFile, limits: &Limits) -> (Option<Event>, Vec<Diagnostic>) {
    let (read, diags) = read_fields(file, limits, EVENT_FIELDS, |r, map| {
        (
            r.required_string(map, "title", "add `title: …`, the event's name"),
            r.required_date(
                map,
                "date",
                "add `date: YYYY-MM-DD`, the day the event began",
            ),
            r.optional_string(map, &[], "place"),
            r.string_list(map, "participants"),
            r.optional_string(map, &[], "summary"),
        )
    });
    let event = read.and_then(|Read { slug, body, fields }| {
        let (title, date, place, participants, summary) = fields;
        Some(Event {
            slug,
            path: file.path.clone(),
            title: title?,
            date: date?,
            place,
            participants,
            summary,
            body,
        })
    });
    (event, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_have_names_aliases_and_bodies() {
        let (e, d) = parse_entity(
            &SourceFile::new(
                "content/places/kyiv.md",
                "---\nname: Kyiv\naliases: [Kiev, Київ, Киев]\nkind: city\nwikidata: Q1899\n---\nThe capital of Ukraine.\n",
            ),
            TaxonomyKind::Places,
            &Limits::default(),
        );
        assert!(d.is_empty(), "{d:?}");
        let e = e.unwrap();
        assert_eq!(
            e.spellings().collect::<Vec<_>>(),
            vec!["Kyiv", "Kiev", "Київ", "Киев"]
        );
        assert_eq!(e.category.as_deref(), Some("city"));
        assert_eq!(e.body.blocks[0].text, "The capital of Ukraine.");
    }

    #[test]
    fn entity_problems_are_placed() {
        let (e, d) = parse_entity(
            &SourceFile::new("content/people/x.md", "---\nnmae: X\nwikidata: 42\n---\n"),
            TaxonomyKind::People,
            &Limits::default(),
        );
        assert!(e.is_none());
        let shown: Vec<String> = d.iter().map(std::string::ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(
            shown[0].starts_with(
                "content/people/x.md:2:1: error: unknown field `nmae`\n  help: did you mean `name`?"
            ),
            "{}",
            shown[0]
        );
        assert!(shown.iter().any(|s| s.contains("not a Wikidata item id")));
    }

    #[test]
    fn events_need_a_title_and_a_date() {
        let (e, d) = parse_event(
            &SourceFile::new(
                "content/events/e.md",
                "---\ntitle: Talks\ndate: 2022-04-26\nplace: Moscow\nparticipants: [A, B]\n---\nBody.\n",
            ),
            &Limits::default(),
        );
        assert!(d.is_empty());
        assert_eq!(e.unwrap().participants, vec!["A", "B"]);
        let (e, d) = parse_event(
            &SourceFile::new("content/events/e.md", "---\ntitle: Talks\n---\n"),
            &Limits::default(),
        );
        assert!(e.is_none());
        assert!(d[0].message.contains("`date`"));
    }
}
