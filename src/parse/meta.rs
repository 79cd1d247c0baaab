//! Document front matter: from the parsed YAML value to the validated [`DocMeta`].
//!
//! Every problem in a file is collected (unknown fields with a suggestion, wrong types,
//! bad dates, a capture whose hash does not match), each placed at the key it concerns.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::diag::Diagnostic;
use crate::parse::config::is_language_tag;
use crate::parse::fields::{Fields, type_name};
pub use crate::parse::fields::{is_web_url, parse_iso_date};
use crate::parse::frontmatter::Step;

/// A document's metadata, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocMeta {
    pub title: String,
    pub date: NaiveDate,
    pub kind: crate::model::Kind,
    /// `None` means "the site's language".
    pub language: Option<String>,
    pub source: Source,
    pub republished: Vec<Republication>,
    pub capture: Option<Capture>,
    pub speakers: Vec<String>,
    pub people: Vec<String>,
    pub places: Vec<String>,
    pub organizations: Vec<String>,
    pub tags: Vec<String>,
    pub event: Option<String>,
    pub summary: Option<String>,
}

/// The original publication.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Source {
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub authors: Vec<String>,
}

/// A copy of the original, where it was captured from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Republication {
    pub publisher: String,
    pub url: Option<String>,
    pub date: Option<NaiveDate>,
}

/// The raw capture kept beside the document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capture {
    /// A file name in the document's folder.
    pub file: String,
    pub sha256: String,
    /// When the capture was made (the citation's access date).
    pub date: Option<NaiveDate>,
}

pub const DOCUMENT_FIELDS: &[&str] = &[
    "title",
    "date",
    "kind",
    "language",
    "source",
    "republished",
    "capture",
    "speakers",
    "people",
    "places",
    "organizations",
    "tags",
    "event",
    "summary",
];
const SOURCE_FIELDS: &[&str] = &["url", "publisher", "authors"];
const REPUBLISHED_FIELDS: &[&str] = &["publisher", "url", "date"];
const CAPTURE_FIELDS: &[&str] = &["file", "sha256", "date"];

/// What [`validate`] needs besides the YAML.
pub struct MetaInput<'a> {
    /// The file, for diagnostics.
    pub path: &'a std::path::Path,
    pub yaml: &'a str,
    pub yaml_line_offset: usize,
    /// SHA-256 (lowercase hex) of a sibling file by name, if it exists.
    pub sibling_sha256: &'a dyn Fn(&str) -> Option<String>,
}

/// Validates a front matter value. Returns the metadata when there were no errors, and
/// every diagnostic found either way.
pub fn validate(value: &Value, input: &MetaInput<'_>) -> (Option<DocMeta>, Vec<Diagnostic>) {
    let mut r = Fields {
        path: input.path,
        yaml: input.yaml,
        yaml_line_offset: input.yaml_line_offset,
        problems: Vec::new(),
    };
    let empty = Map::new();
    let Some(map) = r.root(value, &empty) else {
        return (None, r.problems);
    };
    r.unknown_fields(map, &[], DOCUMENT_FIELDS);

    let title = r.required_string(map, "title", "add `title: \"…\"` with the document's title");
    let date = r.required_date(
        map,
        "date",
        "add `date: YYYY-MM-DD`, the date of the original publication or of the event",
    );
    let kind = r
        .optional_string(map, &[], "kind")
        .unwrap_or_else(|| "document".into());
    // The kind is the address of its taxonomy page (`kinds/<kind>/`).
    if let Err(why) = crate::model::slug::check(&kind) {
        r.error(
            &[Step::Key("kind")],
            format!("`kind` must be a lowercase word (or words joined by dashes): {why}"),
            format!(
                "e.g. transcript, article, statement, press-release; {}",
                crate::model::slug::help(&kind, crate::model::slug::MAX_LEN)
            ),
        );
    }
    let language = r.optional_string(map, &[], "language");
    if let Some(l) = &language
        && !is_language_tag(l)
    {
        r.error(
            &[Step::Key("language")],
            format!("`language` is not a language tag: {l:?}"),
            "use a BCP 47 tag such as en, ru or pt-BR",
        );
    }
    let source = r.source(map);
    let republished = r.republished(map);
    let capture = r.capture(map, input.sibling_sha256);
    let speakers = r.string_list(map, "speakers");
    let people = r.string_list(map, "people");
    let places = r.string_list(map, "places");
    let organizations = r.string_list(map, "organizations");
    let tags = r.string_list(map, "tags");
    let event = r.optional_string(map, &[], "event");
    if let Some(e) = &event
        && let Err(why) = crate::model::slug::check(e)
    {
        r.error(
            &[Step::Key("event")],
            format!("`event` must be an event's address (its file name without .md): {why}"),
            crate::model::slug::help(e, crate::model::slug::MAX_LEN),
        );
    }
    let summary = r.optional_string(map, &[], "summary");

    let has_errors = r.problems.iter().any(Diagnostic::is_error);
    let meta = match (title, date, has_errors) {
        (Some(title), Some(date), false) => Some(DocMeta {
            title,
            date,
            kind: crate::model::Kind::from_name(&kind),
            language,
            source,
            republished,
            capture,
            speakers,
            people,
            places,
            organizations,
            tags,
            event,
            summary,
        }),
        _ => None,
    };
    (meta, r.problems)
}

impl Fields<'_> {
    fn source(&mut self, map: &Map<String, Value>) -> Source {
        let Some(v) = map.get("source") else {
            return Source::default();
        };
        let path = [Step::Key("source")];
        let Some(m) = self.mapping(
            v,
            &path,
            "write `source:` with `url:`, `publisher:` and `authors:` below it",
        ) else {
            return Source::default();
        };
        self.unknown_fields(m, &path, SOURCE_FIELDS);
        let authors = match m.get("authors") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(other) => {
                self.error(
                    &[Step::Key("source"), Step::Key("authors")],
                    format!(
                        "`authors` must be a list of names, found {}",
                        type_name(other)
                    ),
                    "write `authors: [Name One, Name Two]`",
                );
                Vec::new()
            }
        };
        Source {
            url: self.url(m, &path),
            publisher: self.optional_string(m, &path, "publisher"),
            authors,
        }
    }

    fn republished(&mut self, map: &Map<String, Value>) -> Vec<Republication> {
        let items = match map.get("republished") {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.error(
                    &[Step::Key("republished")],
                    format!("`republished` must be a list, found {}", type_name(other)),
                    "write one `- publisher: …` item per copy",
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = [Step::Key("republished"), Step::Item(i)];
            let Some(m) = self.mapping(
                item,
                &path,
                "write `- publisher: …` with optional `url:` and `date:`",
            ) else {
                continue;
            };
            self.unknown_fields(m, &path, REPUBLISHED_FIELDS);
            let publisher = self.optional_string(m, &path, "publisher");
            let url = self.url(m, &path);
            let date = m.get("date").and_then(|d| {
                let mut p = path.to_vec();
                p.push(Step::Key("date"));
                self.date(d, &p)
            });
            match publisher {
                Some(publisher) => out.push(Republication {
                    publisher,
                    url,
                    date,
                }),
                None => self.error(
                    &path,
                    "a republication needs a `publisher`",
                    "name the site the copy was captured from",
                ),
            }
        }
        out
    }

    fn capture(
        &mut self,
        map: &Map<String, Value>,
        sibling_sha256: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Capture> {
        let v = map.get("capture")?;
        let path = [Step::Key("capture")];
        let m = self.mapping(
            v,
            &path,
            "write `capture:` with `file:` and `sha256:` below it",
        )?;
        self.unknown_fields(m, &path, CAPTURE_FIELDS);
        let file = self.optional_string(m, &path, "file");
        let sha = self.optional_string(m, &path, "sha256");
        let file_path = [Step::Key("capture"), Step::Key("file")];
        let sha_path = [Step::Key("capture"), Step::Key("sha256")];
        let (Some(file), Some(sha)) = (file, sha) else {
            self.error(
                &path,
                "`capture` needs both `file` and `sha256`",
                "`scholia import` writes both; or compute the hash with `sha256sum`",
            );
            return None;
        };
        // Checked before any path is made of it: the name is looked up beside the
        // document and becomes a file of the document's output folder.
        if let Err(why) = crate::model::slug::check_capture_name(&file) {
            self.error(
                &file_path,
                format!("`capture.file` must be the name of a file beside the document: {why}"),
                format!(
                    "keep the capture in the same folder as the document; {}",
                    crate::model::slug::FILE_NAME_HELP
                ),
            );
            return None;
        }
        let sha = sha.to_ascii_lowercase();
        match (sibling_sha256)(&file) {
            None => self.error(&file_path, format!("capture file not found: {file}"), "keep the raw capture beside the document, or remove `capture`"),
            Some(actual) if actual != sha => self.error(
                &sha_path,
                format!("capture {file} does not match its sha256 (the file's is {actual})"),
                "the capture must stay byte for byte as captured; restore it, or record the new hash if the capture was replaced on purpose",
            ),
            Some(_) => {}
        }
        let date = m
            .get("date")
            .and_then(|d| self.date(d, &[Step::Key("capture"), Step::Key("date")]));
        Some(Capture {
            file,
            sha256: sha,
            date,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::frontmatter;
    use std::path::Path;

    fn check(yaml: &str) -> (Option<DocMeta>, Vec<Diagnostic>) {
        let value = frontmatter::parse(yaml).unwrap();
        let sha = |name: &str| (name == "c.txt").then(|| "ab".repeat(32));
        let input = MetaInput {
            path: Path::new("d.md"),
            yaml,
            yaml_line_offset: 1,
            sibling_sha256: &sha,
        };
        validate(&value, &input)
    }

    fn lines(d: &[Diagnostic]) -> Vec<String> {
        d.iter().map(std::string::ToString::to_string).collect()
    }

    #[test]
    fn full_front_matter_validates() {
        let (meta, diags) = check(
            "title: T\ndate: 2022-04-26\nkind: transcript\nlanguage: en\nsource:\n  url: http://en.kremlin.ru/x\n  publisher: P\nrepublished:\n  - publisher: Q\n    date: 2022-04-27\ncapture:\n  file: c.txt\n  sha256: ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\nspeakers: [A B]\npeople: [A B]\n",
        );
        assert!(diags.is_empty(), "{:?}", lines(&diags));
        let m = meta.unwrap();
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2022, 4, 26).unwrap());
        assert_eq!(m.republished[0].publisher, "Q");
        assert_eq!(m.capture.unwrap().sha256, "ab".repeat(32));
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let (meta, diags) = check("titel: T\ndate: 2022-02-30\npeople: Putin\n");
        assert!(meta.is_none());
        assert_eq!(
            lines(&diags),
            vec![
                "d.md:2:1: error: unknown field `titel`\n  help: did you mean `title`?",
                "d.md:1:1: error: missing required field `title`\n  help: add `title: \"…\"` with the document's title",
                "d.md:3:7: error: not a valid date: \"2022-02-30\"\n  help: write the date as YYYY-MM-DD, e.g. 2022-04-26",
                "d.md:4:9: error: `people` must be a list, found text\n  help: write `people: [First, Second]` or one `- item` per line",
            ]
        );
    }

    #[test]
    fn capture_hash_and_name_are_checked() {
        let (_, diags) =
            check("title: T\ndate: 2022-01-01\ncapture:\n  file: c.txt\n  sha256: 00\n");
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].message.contains("does not match its sha256"),
            "{}",
            diags[0]
        );
        assert_eq!((diags[0].line, diags[0].col), (6, 11));
        let (_, diags) =
            check("title: T\ndate: 2022-01-01\ncapture:\n  file: ../etc/passwd\n  sha256: 00\n");
        assert!(
            diags[0]
                .message
                .contains("must be the name of a file beside the document"),
            "{}",
            diags[0]
        );
    }

    #[test]
    fn kinds_and_events_must_be_slugs_before_they_become_paths() {
        let long = "k".repeat(300);
        for (kind, reason) in [
            (long.as_str(), "it is 300 bytes long (at most 100)"),
            ("\"../../x\"", "it contains `.`"),
            ("a/b", "it contains `/`"),
            ("two words", "it contains the character ' '"),
            ("Transcript", "it contains `T`"),
        ] {
            let (meta, diags) = check(&format!("title: T\ndate: 2022-01-01\nkind: {kind}\n"));
            assert!(meta.is_none(), "{kind}");
            assert_eq!(diags.len(), 1, "{kind}: {:?}", lines(&diags));
            assert_eq!((diags[0].line, diags[0].col), (4, 7), "{kind}");
            assert!(diags[0].message.contains(reason), "{kind}: {}", diags[0]);
            assert!(diags[0].help.is_some());
        }
        let (meta, diags) = check("title: T\ndate: 2022-01-01\nevent: ../x\n");
        assert!(meta.is_none());
        assert_eq!((diags[0].line, diags[0].col), (4, 8));
        assert!(
            diags[0]
                .message
                .starts_with("`event` must be an event's address")
        );
    }

    #[test]
    fn capture_names_are_single_safe_file_names() {
        for (file, reason) in [
            ("../../site.toml", "it starts with `.` or contains `..`"),
            ("/etc/passwd", "it is an absolute path"),
            ("a/b.txt", "it contains `/`"),
            ("index.html", "the build writes a file of that name"),
        ] {
            let (_, diags) = check(&format!(
                "title: T\ndate: 2022-01-01\ncapture:\n  file: {file}\n  sha256: 00\n"
            ));
            assert_eq!(diags.len(), 1, "{file}: {:?}", lines(&diags));
            assert_eq!((diags[0].line, diags[0].col), (5, 9), "{file}");
            assert!(diags[0].message.contains(reason), "{file}: {}", diags[0]);
        }
    }

    #[test]
    fn strict_dates() {
        assert!(parse_iso_date("2022-04-26").is_some());
        for bad in [
            "2022-4-26",
            "26.04.2022",
            "2022-13-01",
            "2022-04-26T10:00",
            "",
        ] {
            assert!(parse_iso_date(bad).is_none(), "{bad}");
        }
    }
}
