//! The parse stage: one source file in, one [`Document`] (or its diagnostics) out.
//!
//! Front matter and body are parsed independently, so a file with a bad date still
//! reports its body's problems too. Runs in parallel over the archive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::body::{self, Body, BodyInput};
use crate::diag::{Diagnostic, LineIndex, Pos};
use crate::frontmatter;
use crate::meta::{self, DocMeta, MetaInput};
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
}

/// Parses every document of the tree in parallel. Documents with errors are left out;
/// the diagnostics say why.
pub fn parse_all(tree: &SourceTree) -> (Vec<Document>, Vec<Diagnostic>) {
    let results: Vec<(Option<Document>, Vec<Diagnostic>)> = tree
        .documents
        .par_iter()
        .map(|file| parse(file, &tree.attachments))
        .collect();
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    for (doc, d) in results {
        docs.extend(doc);
        diags.extend(d);
    }
    (docs, diags)
}

/// Parses one file. `attachments` are the other files of the documents folder.
pub fn parse(
    file: &SourceFile,
    attachments: &BTreeMap<PathBuf, Vec<u8>>,
) -> (Option<Document>, Vec<Diagnostic>) {
    let path = file.path.as_path();
    let mut diags = Vec::new();
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
            return (None, diags);
        }
    };
    let lines = LineIndex::new(&file.text);
    let (body, body_diags) = body::parse(&BodyInput {
        path,
        file: &file.text,
        lines: &lines,
        offset: split.body_offset,
    });
    let meta = match frontmatter::parse(split.yaml) {
        Err(e) => {
            diags.push(
                Diagnostic::error(path, e.pos.shifted(split.yaml_line_offset), format!("invalid YAML: {}", e.message))
                    .help("check the indentation and quote values that contain `:` or start with a special character"),
            );
            None
        }
        Ok(value) => {
            let dir = path.parent().unwrap_or(Path::new(""));
            let sibling = |name: &str| {
                attachments
                    .get(&dir.join(name))
                    .map(|bytes| sha256_hex(bytes))
            };
            let (meta, d) = meta::validate(
                &value,
                &MetaInput {
                    path,
                    yaml: split.yaml,
                    yaml_line_offset: split.yaml_line_offset,
                    sibling_sha256: &sibling,
                },
            );
            diags.extend(d);
            meta
        }
    };
    diags.extend(body_diags);
    let doc = match (slug, meta) {
        (Some(slug), Some(meta)) => Some(Document {
            slug,
            path: path.to_path_buf(),
            meta,
            body,
        }),
        _ => None,
    };
    (doc, diags)
}

/// The slug is the file name without `.md`; it becomes a URL and a folder name, so it
/// must be lowercase ASCII letters, digits and dashes.
fn slug_of(path: &Path) -> Result<String, Diagnostic> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ok = !stem.is_empty()
        && !stem.starts_with('-')
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(stem)
    } else {
        let suggested = slug::slugify(&stem);
        Err(Diagnostic::error(
            path,
            Pos::START,
            format!("file name `{stem}.md` is not a usable address"),
        )
        .help(format!(
            "rename the file to `{}.md` (lowercase letters, digits and dashes)",
            if suggested.is_empty() {
                "document"
            } else {
                &suggested
            }
        )))
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

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            text: text.into(),
        }
    }

    #[test]
    fn parses_a_document() {
        let (doc, diags) = parse(
            &file(
                "content/documents/a-b.md",
                "---\ntitle: T\ndate: 2022-04-26\n---\n\nHello.\n",
            ),
            &BTreeMap::new(),
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
            &file(
                "content/documents/Bad Name.md",
                "---\ntitle: T\ndate: 26.04.2022\n---\n<b>x</b>\n",
            ),
            &BTreeMap::new(),
        );
        assert!(doc.is_none());
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
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
            &file("d.md", "---\ntitle: T\npeople: [a\n---\n"),
            &BTreeMap::new(),
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
