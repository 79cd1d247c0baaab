//! Reading the archive from disk: the first stage, and with `output` the only one of
//! the build that touches the file system.
//!
//! It walks `content/` and the theme with walkdir, skips hidden files and editor
//! backups, and returns every file's text or bytes keyed by its path relative to the
//! archive root, so later stages are pure functions of this value. Nothing outside the
//! archive is read: a symbolic link that leads out of it (or loops) is skipped with a
//! warning.

pub mod theme;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Pos};
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
    /// Warnings about what was not read (symbolic links out of the archive, loops).
    pub diagnostics: Vec<Diagnostic>,
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
    let path = root.join(crate::parse::config::FILE_NAME);
    std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))
}

/// Reads the whole archive.
pub fn read(root: &Path, site_toml: String, theme: &str) -> Result<SourceTree, Error> {
    let mut walker = Walker::new(root)?;
    let docs_dir = root.join(DOCUMENTS_DIR);
    let mut md = Vec::new();
    let mut other = Vec::new();
    for path in walker.walk(&docs_dir)? {
        if path.extension().is_some_and(|e| e == "md") {
            md.push(path);
        } else {
            other.push(path);
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
        people: walker.read_markdown("content/people")?,
        places: walker.read_markdown("content/places")?,
        organizations: walker.read_markdown("content/organizations")?,
        events: walker.read_markdown("content/events")?,
        annotations: walker.read_markdown("content/annotations")?,
        theme: walker.read_theme(theme)?,
        anchors_lock: walker.read_optional(crate::resolve::anchors::LOCK_PATH)?,
        cite_cache: walker.read_optional(crate::cite::CiteCache::PATH)?,
        diagnostics: walker.warnings,
    })
}

/// Walks the archive's folders. A symbolic link is followed only when it leads to a
/// file or folder of the archive that is not hidden: a link out of the archive (or to
/// `.git`, `.env`…) would publish what the archive does not hold, so it is skipped
/// with a warning. A link that loops is skipped the same way.
struct Walker<'a> {
    root: &'a Path,
    /// The root with every link resolved.
    real_root: PathBuf,
    warnings: Vec<Diagnostic>,
}

impl<'a> Walker<'a> {
    fn new(root: &'a Path) -> Result<Self, Error> {
        let real_root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        Ok(Walker {
            root,
            real_root,
            warnings: Vec::new(),
        })
    }

    /// The Markdown files below `root/rel` (none if the folder does not exist).
    fn read_markdown(&mut self, rel: &str) -> Result<Vec<SourceFile>, Error> {
        let root = self.root;
        self.walk(&root.join(rel))?
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

    fn read_theme(&mut self, theme: &str) -> Result<ThemeFiles, Error> {
        if let Err(why) = crate::model::slug::check_file_name(theme) {
            return Err(Error::Message(format!(
                "theme `{theme}` is not a folder name: {why}\n  help: set `theme` in site.toml to a folder under themes/"
            )));
        }
        let dir = self.root.join("themes").join(theme);
        let templates_dir = dir.join("templates");
        if let Some(link) = self.link_out(&templates_dir) {
            // Without its templates there is no site: this stops the build.
            let mut d = link;
            d.severity = crate::diag::Severity::Error;
            return Err(Error::Content(vec![d]));
        }
        if !templates_dir.is_dir() {
            return Err(Error::Message(format!(
                "{}: theme `{theme}` has no templates folder\n  help: set `theme` in site.toml to a folder under themes/, or run `scholia init` to get the default theme",
                relative(self.root, &templates_dir).display()
            )));
        }
        let mut out = ThemeFiles::default();
        for path in self.walk(&templates_dir)? {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            out.templates
                .push((slash_path(&templates_dir, &path), text));
        }
        let static_dir = dir.join("static");
        for path in self.walk(&static_dir)? {
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            out.statics.push((slash_path(&static_dir, &path), bytes));
        }
        Ok(out)
    }

    /// A file at `rel` below the root, if it exists (and does not lead out).
    fn read_optional(&mut self, rel: &str) -> Result<Option<String>, Error> {
        let path = self.root.join(rel);
        if let Some(d) = self.link_out(&path) {
            self.warn(d);
            return Ok(None);
        }
        match std::fs::read_to_string(&path) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// Files below `dir`, sorted, without hidden files, hidden folders, editor backups
    /// and links that lead out of the archive. None if `dir` does not exist.
    fn walk(&mut self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let mut out = Vec::new();
        if !dir.is_dir() {
            return Ok(out);
        }
        if let Some(d) = self.link_out(dir) {
            self.warn(d);
            return Ok(out);
        }
        // Links are followed so that walkdir detects the loops among them (a link to
        // a folder above it); the ones that lead out are skipped below.
        let mut entries = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(dir).to_path_buf();
                    if is_link(&path) {
                        self.warn(self.broken_link(&path, e.loop_ancestor()));
                        continue;
                    }
                    return Err(Error::io(&path, e.into()));
                }
            };
            if entry.path_is_symlink()
                && let Some(d) = self.link_out(entry.path())
            {
                self.warn(d);
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_file() {
                out.push(entry.into_path());
            }
        }
        Ok(out)
    }

    /// Keeps a warning once (a link above several folders read is met once per folder).
    fn warn(&mut self, d: Diagnostic) {
        if !self.warnings.contains(&d) {
            self.warnings.push(d);
        }
    }

    /// A warning when `path` (below the root) resolves out of the archive, or into a
    /// hidden file or folder of it while `path` itself is not hidden.
    fn link_out(&self, path: &Path) -> Option<Diagnostic> {
        let real = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(_) if !path.exists() && !is_link(path) => return None,
            Err(_) => return Some(self.broken_link(path, None)),
        };
        let shown = relative(self.root, path);
        let message = match real.strip_prefix(&self.real_root) {
            Err(_) => "outside the archive",
            Ok(inside) if has_ignored_part(inside) && !has_ignored_part(&shown) => {
                "a hidden file of the archive"
            }
            Ok(_) => return None,
        };
        let link = self.first_link(path).unwrap_or_else(|| path.to_path_buf());
        Some(
            Diagnostic::warning(
                relative(self.root, &link),
                Pos::START,
                format!(
                    "`{}` is a symbolic link to {}, {message}; it was not read",
                    name_of(&link),
                    std::fs::canonicalize(&link).unwrap_or(real).display()
                ),
            )
            .help("copy what it points to into the archive, or point the link at a file inside it"),
        )
    }

    /// The warning for a link that cannot be followed: one that loops or leads nowhere.
    fn broken_link(&self, path: &Path, ancestor: Option<&Path>) -> Diagnostic {
        let shown = relative(self.root, path);
        let message = match ancestor {
            Some(a) => format!(
                "`{}` is a symbolic link to {}, a folder it is in (a loop); it was not read",
                name_of(path),
                relative(self.root, a).display()
            ),
            None => {
                let target = std::fs::read_link(path)
                    .map_or_else(|_| "?".into(), |t| t.display().to_string());
                let why = match std::fs::metadata(path) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        "which does not exist".to_string()
                    }
                    Err(e) => format!("which cannot be followed ({e})"),
                    Ok(_) => "which cannot be followed".to_string(),
                };
                format!(
                    "`{}` is a symbolic link to {target}, {why}; it was not read",
                    name_of(path)
                )
            }
        };
        Diagnostic::warning(shown, Pos::START, message)
            .help("remove the link, or point it at a file inside the archive")
    }

    /// The first symbolic link on the way from the root to `path` (the one to blame
    /// when `path` resolves elsewhere).
    fn first_link(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(self.root).ok()?;
        let mut at = self.root.to_path_buf();
        for part in rel.components() {
            at.push(part);
            if is_link(&at) {
                return Some(at);
            }
        }
        None
    }
}

/// Where `path` (below `root`, perhaps not yet existing) really leads, when that is
/// outside `root`: for refusing to write through a symbolic link out of the archive.
pub fn outside_root(root: &Path, path: &Path) -> Option<PathBuf> {
    let real_root = std::fs::canonicalize(root).ok()?;
    // The deepest part of the path that exists decides where the rest would go.
    let existing = path.ancestors().find(|a| a.exists())?;
    let real = std::fs::canonicalize(existing).ok()?;
    (!real.starts_with(&real_root)).then_some(real)
}

fn name_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn has_ignored_part(path: &Path) -> bool {
    path.components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
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
