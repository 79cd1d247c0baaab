//! The parse stage: one source file in, one [`Document`] (or its diagnostics) out.
//!
//! Front matter and body are parsed independently, so a file with a bad date still
//! reports its body's problems too. Runs in parallel over the archive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, LineIndex, Pos};
use crate::parse::body::{self, Body, BodyInput};
use crate::parse::config::{Limits, format_size};
use crate::parse::fields::Fields;
use crate::parse::frontmatter;
use crate::parse::meta::{self, DocMeta, MetaInput};
use crate::source::{SourceFile, SourceTree};

/// A parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// From the file name: `2022-04-26-putin-guterres-meeting`.
    pub slug: String,
    /// Relative to the archive root.
    pub path: PathBuf,
    pub meta: DocMeta,
    pub body: Body,
    /// Where each name of `speakers`, `people`, `places`, `organizations` and `event`
    /// is written, for reporting one the archive does not know.
    pub refs: Vec<NameRef>,
}

/// A name in the front matter and its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    pub field: &'static str,
    pub name: String,
    pub pos: Pos,
}

/// The places of the names a document's front matter refers to.
fn name_refs(meta: &DocMeta, yaml: &str, offset: usize) -> Vec<NameRef> {
    let lists: [(&'static str, &[String]); 4] = [
        ("speakers", &meta.speakers),
        ("people", &meta.people),
        ("places", &meta.places),
        ("organizations", &meta.organizations),
    ];
    let mut out = Vec::new();
    for (field, names) in lists {
        let texts: Vec<&str> = names.iter().map(String::as_str).collect();
        for (name, pos) in names
            .iter()
            .zip(frontmatter::locate_texts(yaml, field, &texts))
        {
            out.push(NameRef {
                field,
                name: name.clone(),
                pos: pos.shifted(offset),
            });
        }
    }
    if let Some(event) = &meta.event {
        out.push(NameRef {
            field: "event",
            name: event.clone(),
            pos: frontmatter::locate_text(yaml, "event", event).shifted(offset),
        });
    }
    out
}

/// Parses every document of the tree in parallel. Documents with errors are left out;
/// the diagnostics say why.
pub fn parse_all(tree: &SourceTree, limits: &Limits) -> (Vec<Document>, Vec<Diagnostic>) {
    gather(
        tree.documents
            .par_iter()
            .map(|file| parse(file, &tree.attachments, limits))
            .collect(),
    )
}

/// The items parsed and every file's diagnostics, in file order.
pub(crate) fn gather<T>(results: Vec<(Option<T>, Vec<Diagnostic>)>) -> (Vec<T>, Vec<Diagnostic>) {
    let mut items = Vec::new();
    let mut diags = Vec::new();
    for (item, d) in results {
        items.extend(item);
        diags.extend(d);
    }
    (items, diags)
}

/// Parses one file. `attachments` are the other files of the documents folder.
pub fn parse(
    file: &SourceFile,
    attachments: &BTreeMap<PathBuf, Vec<u8>>,
    limits: &Limits,
) -> (Option<Document>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some(parts) = parts(file, limits, &mut diags) else {
        return (None, diags);
    };
    let path = file.path.as_path();
    let meta = parts.value.as_ref().and_then(|value| {
        let dir = path.parent().unwrap_or(Path::new(""));
        let sibling = |name: &str| {
            attachments
                .get(&dir.join(name))
                .map(|bytes| sha256_hex(bytes))
        };
        let (meta, d) = meta::validate(
            value,
            &MetaInput {
                path,
                yaml: parts.split.yaml,
                yaml_line_offset: parts.split.yaml_line_offset,
                sibling_sha256: &sibling,
            },
        );
        diags.extend(d);
        meta
    });
    diags.extend(parts.body_diags);
    let doc = match (parts.slug, meta) {
        (Some(slug), Some(meta)) => Some(Document {
            slug,
            path: path.to_path_buf(),
            refs: name_refs(&meta, parts.split.yaml, parts.split.yaml_line_offset),
            meta,
            body: parts.body,
        }),
        _ => None,
    };
    (doc, diags)
}

/// A content file cut into its parts; what could not be read is in the diagnostics.
pub(crate) struct Parts<'a> {
    /// From the file name, if usable as an address.
    pub slug: Option<String>,
    /// The front matter, if it is valid YAML.
    pub value: Option<serde_json::Value>,
    pub split: frontmatter::Split<'a>,
    pub body: Body,
    /// The body's own warnings (kept apart so they follow front matter problems).
    pub body_diags: Vec<Diagnostic>,
}

/// Splits, parses the YAML and the Markdown of any content file. `None` when the file
/// has no front matter at all. A file larger than `limits.max_document_size` keeps its
/// front matter but its body is not parsed: an error says so.
pub(crate) fn parts<'a>(
    file: &'a SourceFile,
    limits: &Limits,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parts<'a>> {
    let path = file.path.as_path();
    let slug = match slug_of(path) {
        Ok(s) => Some(s),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let split = match frontmatter::split(&file.text) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(path, e.pos, e.message).help(e.help));
            return None;
        }
    };
    let (body, body_diags) = if file.text.len() > limits.max_document_size {
        let error = Diagnostic::error(
            path,
            Pos::START,
            format!(
                "this file is {}, more than the limit of {} for one file",
                format_size(file.text.len()),
                format_size(limits.max_document_size)
            ),
        )
        .help(format!(
            "split it into several documents, or raise `max_document_size` under [limits] in site.toml (in bytes; the default is {})",
            Limits::DEFAULT_DOCUMENT_SIZE
        ));
        // The front matter is still read (so links to the document resolve), unless it
        // is itself past the limit of a block.
        if split.yaml.len() > limits.max_block_size {
            diags.push(error);
            return None;
        }
        (Body::default(), vec![error])
    } else {
        let lines = LineIndex::new(&file.text);
        body::parse_limited(
            &BodyInput {
                path,
                file: &file.text,
                lines: &lines,
                offset: split.body_offset,
            },
            limits,
        )
    };
    let value = match frontmatter::parse(split.yaml) {
        Err(e) => {
            diags.push(
                Diagnostic::error(path, e.pos.shifted(split.yaml_line_offset), format!("invalid YAML: {}", e.message))
                    .help("check the indentation and quote values that contain `:` or start with a special character"),
            );
            None
        }
        Ok(v) => Some(v),
    };
    Some(Parts {
        slug,
        value,
        split,
        body,
        body_diags,
    })
}

/// What an entity, event or annotation file holds: its slug, body and the fields
/// `read` took from its front matter.
pub(crate) struct Read<R> {
    pub slug: String,
    pub body: Body,
    pub fields: R,
}

/// Reads a content file whose front matter is a mapping of `allowed` fields, with
/// `read` taking the fields it wants. `None` when the file has no usable address or
/// front matter, or any field has an error; the diagnostics say why.
pub(crate) fn read_fields<R>(
    file: &SourceFile,
    limits: &Limits,
    allowed: &[&str],
    read: impl FnOnce(&mut Fields<'_>, &serde_json::Map<String, serde_json::Value>) -> R,
) -> (Option<Read<R>>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some(parts) = parts(file, limits, &mut diags) else {
        return (None, diags);
    };
    let Some(value) = &parts.value else {
        return (None, diags);
    };
    let mut r = Fields {
        path: &file.path,
        yaml: parts.split.yaml,
        yaml_line_offset: parts.split.yaml_line_offset,
        problems: Vec::new(),
    };
    let empty = serde_json::Map::new();
    let Some(map) = r.root(value, &empty) else {
        diags.extend(r.problems);
        return (None, diags);
    };
    r.unknown_fields(map, &[], allowed);
    let fields = read(&mut r, map);
    let ok = r.problems.iter().all(|d| !d.is_error());
    diags.extend(r.problems);
    diags.extend(parts.body_diags);
    let item = parts.slug.filter(|_| ok).map(|slug| Read {
        slug,
        body: parts.body,
        fields,
    });
    (item, diags)
}

/// The slug is the file name without `.md`; it becomes a URL and a folder name, so it
/// must pass [`crate::model::slug::check`]: lowercase ASCII letters, digits and dashes, of a
/// bounded length.
fn slug_of(path: &Path) -> Result<String, Diagnostic> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match crate::model::slug::check(&stem) {
        Ok(()) => Ok(stem),
        Err(why) => {
            let suggested = crate::model::slug::slugify(&stem);
            Err(Diagnostic::error(
                path,
                Pos::START,
                format!("file name `{stem}.md` is not a usable address: {why}"),
            )
            .help(format!(
                "rename the file to `{}.md` (lowercase letters, digits and dashes, at most {} bytes)",
                if suggested.is_empty() {
                    "document"
                } else {
                    &suggested
                },
                crate::model::slug::MAX_LEN
            )))
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_document() {
        let (doc, diags) = parse(
            &SourceFile::new(
                "content/documents/a-b.md",
                "---\ntitle: T\ndate: 2022-04-26\n---\n\nHello.\n",
            ),
            &BTreeMap::new(),
            &Limits::default(),
        );
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        assert_eq!(doc.slug, "a-b");
        assert_eq!(doc.body.blocks[0].text, "Hello.");
        assert_eq!(doc.body.blocks[0].line, 6);
    }

    #[test]
    fn bad_file_name_and_body_problems_are_reported_with_front_matter_errors() {
        let (doc, diags) = parse(
            &SourceFile::new(
                "content/documents/Bad Name.md",
                "---\ntitle: T\ndate: 26.04.2022\n---\n<b>x</b>\n",
            ),
            &BTreeMap::new(),
            &Limits::default(),
        );
        assert!(doc.is_none());
        let lines: Vec<String> = diags.iter().map(std::string::ToString::to_string).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[0].contains("rename the file to `bad-name.md`"),
            "{}",
            lines[0]
        );
        assert!(lines[1].starts_with("content/documents/Bad Name.md:3:7: error: not a valid date"));
        assert!(lines[2].starts_with("content/documents/Bad Name.md:5:1: warning: raw HTML"));
    }

    #[test]
    fn yaml_syntax_errors_are_placed_in_the_file() {
        let (_, diags) = parse(
            &SourceFile::new("d.md", "---\ntitle: T\npeople: [a\n---\n"),
            &BTreeMap::new(),
            &Limits::default(),
        );
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.starts_with("invalid YAML"), "{}", diags[0]);
        assert!(diags[0].line >= 3, "{}", diags[0]);
    }

    #[test]
    fn hashes_are_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
