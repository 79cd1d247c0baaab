//! Reading the archive from disk: the first stage, and with `output` the only one of
//! the build that touches the file system.
//!
//! It walks `content/` and the theme with walkdir, skips hidden files and editor
//! backups, and returns every file's text or bytes keyed by its path relative to the
//! archive root, so later stages are pure functions of this value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::Error;

/// Everything the build reads.
#[derive(Debug, Clone)]
pub struct SourceTree {
    pub root: PathBuf,
    /// The text of `site.toml`.
    pub site_toml: String,
    /// Markdown documents under `content/documents/`, sorted by path.
    pub documents: Vec<SourceFile>,
    /// Other files under `content/documents/` (raw captures), by path relative to the
    /// root.
    pub attachments: BTreeMap<PathBuf, Vec<u8>>,
    /// Entity files under `content/people/`, `content/places/`, `content/organizations/`.
    pub people: Vec<SourceFile>,
    pub places: Vec<SourceFile>,
    pub organizations: Vec<SourceFile>,
    /// Event files under `content/events/`.
    pub events: Vec<SourceFile>,
    /// Annotation files under `content/annotations/`.
    pub annotations: Vec<SourceFile>,
    pub theme: ThemeFiles,
    /// The text of `content/anchors.lock`, if the archive has one.
    pub anchors_lock: Option<String>,
    /// Citations formatted by the last build (`.scholia/cache/citations.json`).
    pub cite_cache: Option<String>,
}

/// A text file, with its path relative to the archive root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// A theme's files: templates (by name, e.g. `document.html`) and static files (by
/// path below `static/`).
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    pub templates: Vec<(String, String)>,
    pub statics: Vec<(String, Vec<u8>)>,
}

pub const DOCUMENTS_DIR: &str = "content/documents";

/// Reads `site.toml` only (the configuration decides the theme to read).
pub fn read_config(root: &Path) -> Result<String, Error> {
    let path = root.join(crate::config::FILE_NAME);
    std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))
}

/// Reads the whole archive.
pub fn read(root: &Path, site_toml: String, theme: &str) -> Result<SourceTree, Error> {
    let docs_dir = root.join(DOCUMENTS_DIR);
    let mut md = Vec::new();
    let mut other = Vec::new();
    if docs_dir.is_dir() {
        for path in walk(&docs_dir)? {
            if path.extension().is_some_and(|e| e == "md") {
                md.push(path);
            } else {
                other.push(path);
            }
        }
    }
    let documents = md
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
            Ok(SourceFile {
                path: relative(root, p),
                text,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let attachments = other
        .par_iter()
        .map(|p| {
            Ok((
                relative(root, p),
                std::fs::read(p).map_err(|e| Error::io(p, e))?,
            ))
        })
        .collect::<Result<BTreeMap<_, _>, Error>>()?;
    Ok(SourceTree {
        root: root.to_path_buf(),
        site_toml,
        documents,
        attachments,
        people: read_markdown(root, "content/people")?,
        places: read_markdown(root, "content/places")?,
        organizations: read_markdown(root, "content/organizations")?,
        events: read_markdown(root, "content/events")?,
        annotations: read_markdown(root, "content/annotations")?,
        theme: read_theme(root, theme)?,
        anchors_lock: read_optional(&root.join(crate::anchors::LOCK_PATH))?,
        cite_cache: read_optional(&root.join(crate::cite::CiteCache::PATH))?,
    })
}

fn read_optional(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// The Markdown files below `root/rel` (none if the folder does not exist).
fn read_markdown(root: &Path, rel: &str) -> Result<Vec<SourceFile>, Error> {
    let dir = root.join(rel);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    walk(&dir)?
        .into_par_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
            Ok(SourceFile {
                path: relative(root, &p),
                text,
            })
        })
        .collect()
}

fn read_theme(root: &Path, theme: &str) -> Result<ThemeFiles, Error> {
    let dir = root.join("themes").join(theme);
    let templates_dir = dir.join("templates");
    if !templates_dir.is_dir() {
        return Err(Error::Message(format!(
            "{}: theme `{theme}` has no templates folder\n  help: set `theme` in site.toml to a folder under themes/, or run `scholia init` to get the default theme",
            relative(root, &templates_dir).display()
        )));
    }
    let mut out = ThemeFiles::default();
    for path in walk(&templates_dir)? {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        out.templates
            .push((slash_path(&templates_dir, &path), text));
    }
    let static_dir = dir.join("static");
    if static_dir.is_dir() {
        for path in walk(&static_dir)? {
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            out.statics.push((slash_path(&static_dir, &path), bytes));
        }
    }
    Ok(out)
}

/// Files below `dir`, sorted, without hidden files, hidden folders or editor backups.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let entries = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in entries {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, e.into())
        })?;
        if entry.file_type().is_file() {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

/// Hidden files and the backups and swap files editors leave behind.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".bak", ".orig", ".tmp", ".rej"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A path below `base` written with `/`, whatever the platform.
fn slash_path(base: &Path, path: &Path) -> String {
    relative(base, path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_hidden_files_and_backups() {
        for name in [
            ".git",
            ".x.md.swp",
            "a.md~",
            "#a.md#",
            "a.md.bak",
            "a.md.orig",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["a.md", "a.capture.txt", "2022-04-26-x.md"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
