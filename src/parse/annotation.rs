//! Annotation files: the parse stage for `content/annotations/<document>/<name>.md`.
//!
//! An annotation is a standoff note: the source text stays verbatim, and the note
//! names the words it is about (`quote`, with optional `prefix`/`suffix` to tell
//! repeats apart and a `paragraph` hint), its `kind`, `author`, `date`, optional
//! `sources` (web addresses or `[[document#p3]]`), and a Markdown body.

use std::path::PathBuf;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diag::{Diagnostic, Pos, suggestion};
use crate::parse::body::Body;
use crate::parse::config::Limits;
use crate::parse::document::{Read, gather, read_fields};
use crate::parse::fields::Fields;
use crate::parse::frontmatter::{self, Step};
use crate::source::SourceFile;
use serde_json::{Map, Value};

/// The kinds every archive knows; site.toml can add more.
pub const BUILTIN_KINDS: &[&str] = &["context", "fact-check", "correction", "translation"];

const FIELDS: &[&str] = &[
    "target",
    "quote",
    "prefix",
    "suffix",
    "paragraph",
    "kind",
    "author",
    "date",
    "sources",
    "title",
];

#[derive(Debug, Clone)]
pub struct Annotation {
    /// `<document>/<name>`: its address and its key in the lock.
    pub id: String,
    pub path: PathBuf,
    pub target: String,
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// A paragraph address (`p14`) to prefer.
    pub paragraph: Option<String>,
    pub kind: String,
    pub author: String,
    pub date: NaiveDate,
    pub sources: Vec<String>,
    pub title: Option<String>,
    pub body: Body,
    /// Where `quote:`, `target:` and `sources:` are written, for diagnostics.
    pub quote_pos: Pos,
    pub target_pos: Pos,
    pub sources_pos: Pos,
}

/// Parses every annotation file, in parallel. `kinds` are the allowed kinds.
pub fn parse_all(
    files: &[SourceFile],
    kinds: &[String],
    limits: &Limits,
) -> (Vec<Annotation>, Vec<Diagnostic>) {
    let (mut out, diags) = gather(files.par_iter().map(|f| parse(f, kinds, limits)).collect());
    out.sort_by(|a, b| a.id.cmp(&b.id));
    (out, diags)
}

pub fn parse(
    file: &SourceFile,
    kinds: &[String],
    limits: &Limits,
) -> (Option<Annotation>, Vec<Diagnostic>) {
    let (read, mut diags) = read_fields(file, limits, FIELDS, |r, map| fields(r, map, kinds));
    let id = match address(file) {
        Ok(id) => Some(id),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let annotation = read.zip(id).and_then(
        |(
            Read {
                body, fields: f, ..
            },
            id,
        )| {
            let [quote_pos, target_pos, sources_pos] = f.positions;
            Some(Annotation {
                id,
                path: file.path.clone(),
                quote_pos,
                target_pos,
                sources_pos,
                target: f.target?,
                quote: f.quote?,
                prefix: f.prefix,
                suffix: f.suffix,
                paragraph: f.paragraph,
                kind: f.kind?,
                author: f.author?,
                date: f.date?,
                sources: f.sources,
                title: f.title,
                body,
            })
        },
    );
    (annotation, diags)
}

/// The front matter's fields, each checked where it is.
struct Found {
    target: Option<String>,
    quote: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    paragraph: Option<String>,
    kind: Option<String>,
    author: Option<String>,
    date: Option<NaiveDate>,
    sources: Vec<String>,
    title: Option<String>,
    positions: [Pos; 3],
}

fn fields(r: &mut Fields<'_>, map: &Map<String, Value>, kinds: &[String]) -> Found {
    let target = r.required_string(
        map,
        "target",
        "add `target:` with the annotated document's file name (without .md)",
    );
    if let Some(t) = &target
        && let Err(why) = crate::model::slug::check(t)
    {
        r.error(
            &[Step::Key("target")],
            format!("`target` must be a document's address (its file name without .md): {why}"),
            crate::model::slug::help(t, crate::model::slug::MAX_LEN),
        );
    }
    let quote = r.required_string(
        map,
        "quote",
        "add `quote:` with the exact words the note is about",
    );
    let kind = r.required_string(map, "kind", "add `kind:` (context, fact-check, correction, translation, or one of site.toml's [annotations] kinds)");
    if let Some(k) = &kind
        && !kinds.iter().any(|x| x == k)
    {
        let names: Vec<&str> = kinds.iter().map(String::as_str).collect();
        r.error(
            &[Step::Key("kind")],
            format!("unknown annotation kind `{k}`"),
            format!(
                "{}; add new kinds in site.toml: [annotations] kinds = [\"{k}\"]",
                suggestion(k, &names)
            ),
        );
    }
    let pos = |r: &Fields<'_>, key: &str| {
        frontmatter::locate(r.yaml, &[Step::Key(key)]).shifted(r.yaml_line_offset)
    };
    Found {
        target,
        quote,
        prefix: r.optional_string(map, &[], "prefix"),
        suffix: r.optional_string(map, &[], "suffix"),
        paragraph: r.optional_string(map, &[], "paragraph"),
        kind,
        author: r.required_string(map, "author", "add `author:`, who wrote the note"),
        date: r.required_date(
            map,
            "date",
            "add `date: YYYY-MM-DD`, when the note was written",
        ),
        sources: r.string_list(map, "sources"),
        title: r.optional_string(map, &[], "title"),
        positions: [pos(r, "quote"), pos(r, "target"), pos(r, "sources")],
    }
}

/// The annotation's id, `<folder>/<name>`, which is its address: the name was checked
/// as a slug with the file; the folder is checked here.
fn address(file: &SourceFile) -> Result<String, Diagnostic> {
    let part = |p: Option<&std::ffi::OsStr>| {
        p.map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let name = part(file.path.file_stem());
    let folder = part(file.path.parent().and_then(|p| p.file_name()));
    crate::model::slug::check(&folder).map_err(|why| {
        Diagnostic::error(
            &file.path,
            Pos::START,
            format!("the folder `{folder}` of this annotation is not a usable address: {why}"),
        )
        .help(format!(
            "name the folder after the annotated document; {}",
            crate::model::slug::help(&folder, crate::model::slug::MAX_LEN)
        ))
    })?;
    Ok(format!("{folder}/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> Vec<String> {
        BUILTIN_KINDS
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("content/annotations/doc-a/icj-opinion.md", text)
    }

    #[test]
    fn a_full_annotation_parses() {
        let (a, d) = parse(
            &file(
                "---\ntarget: doc-a\nquote: \"the International Court decided\"\nprefix: \"this is what \"\nparagraph: p26\nkind: context\nauthor: A. Archivist\ndate: 2026-11-23\nsources: [\"https://www.icj-cij.org/case/141\", \"[[doc-b#p3]]\"]\n---\nThe Court gave an advisory opinion on 22 July 2010.\n",
            ),
            &kinds(),
            &Limits::default(),
        );
        assert!(d.is_empty(), "{d:?}");
        let a = a.unwrap();
        assert_eq!(a.id, "doc-a/icj-opinion");
        assert_eq!(a.quote_pos, Pos::new(3, 8));
        assert_eq!(a.sources.len(), 2);
        assert_eq!(
            a.body.blocks[0].text,
            "The Court gave an advisory opinion on 22 July 2010."
        );
    }

    #[test]
    fn targets_and_folders_must_be_addresses() {
        let (a, d) = parse(
            &file("---\ntarget: ../x\nquote: q\nkind: context\nauthor: A\ndate: 2026-11-23\n---\n"),
            &kinds(),
            &Limits::default(),
        );
        assert!(a.is_none());
        let shown: Vec<String> = d.iter().map(std::string::ToString::to_string).collect();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(
            shown[0].starts_with("content/annotations/doc-a/icj-opinion.md:2:9: error: `target` must be a document's address (its file name without .md): it contains `.`\n  help: "),
            "{}",
            shown[0]
        );
        let (a, d) = parse(
            &SourceFile::new(
                "content/annotations/Doc A/n.md",
                "---\ntarget: doc-a\nquote: q\nkind: context\nauthor: A\ndate: 2026-11-23\n---\n",
            ),
            &kinds(),
            &Limits::default(),
        );
        assert!(a.is_none());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .starts_with("the folder `Doc A` of this annotation is not a usable address"),
            "{}",
            d[0]
        );
    }

    #[test]
    fn unknown_kinds_and_missing_fields_are_placed() {
        let (a, d) = parse(
            &file("---\ntarget: doc-a\nquote: x\nkind: contxt\ndate: 2026-11-23\n---\n"),
            &kinds(),
            &Limits::default(),
        );
        assert!(a.is_none());
        let shown: Vec<String> = d.iter().map(std::string::ToString::to_string).collect();
        assert!(shown.iter().any(|s| s.starts_with("content/annotations/doc-a/icj-opinion.md:4:7: error: unknown annotation kind `contxt`\n  help: did you mean `context`?")), "{shown:?}");
        assert!(
            shown
                .iter()
                .any(|s| s.contains("missing required field `author`")),
            "{shown:?}"
        );
    }
}
