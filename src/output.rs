//! Publishing: writes the rendered files into a fresh folder beside the output folder,
//! in parallel, and swaps it in only when every file was written. A failed build leaves
//! the previous site untouched.
//!
//! The output folder is replaced whole, so it must be one Scholia may replace
//! ([`check_target`], checked before any work is done): every publish writes the
//! [`MARKER`] file at its top, and only a folder holding it (or a new or empty one) is
//! replaced without `--force`.
//!
//! Every output path is checked to stay inside the output folder (no `..`, no absolute
//! path), whatever the content asked for.

mod guard;
mod swap;

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::error::Error;

pub use guard::check_target;

/// The file at the top of every published site that marks the folder as Scholia's.
pub const MARKER: &str = ".scholia-site";

/// The marker's text: fixed, so that builds stay byte-identical.
const MARKER_TEXT: &str = "This folder was made by `scholia build`, which replaces it whole at every build: keep nothing else in it.\n";

/// An output folder that passed [`check_target`]: where it really is (symbolic links
/// above it resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    path: PathBuf,
}

impl Target {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// One output file, with its path below the output folder written with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where the build puts its files as it makes them: the disk ([`DiskSink`], a staging
/// folder swapped in at the end) or memory ([`MemorySink`], for `serve` and tests).
/// A page given to a sink is the sink's: the build keeps no copy.
pub trait Sink: Sync {
    fn put(&self, page: Page) -> Result<(), Error>;
}

/// Takes every page and keeps none (`scholia check` renders to find every problem but
/// writes nothing).
pub struct NullSink;

impl Sink for NullSink {
    fn put(&self, page: Page) -> Result<(), Error> {
        safe_relative(&page.path).ok_or_else(|| outside(&page.path))?;
        Ok(())
    }
}

/// The site in memory, by path.
#[derive(Debug, Default)]
pub struct MemorySink {
    pages: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    pub fn new() -> Self {
        Self::default()
    }

    /// The files put so far, by path.
    pub fn into_pages(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.pages
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, page: Page) -> Result<(), Error> {
        safe_relative(&page.path).ok_or_else(|| outside(&page.path))?;
        self.pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(page.path, page.bytes);
        Ok(())
    }
}

/// Writes files into a fresh folder beside the output folder as they come; [`finish`]
/// adds the marker and swaps the folder in. Dropped unfinished (a failed build), the
/// staging folder is removed and the previous site stays as it was.
///
/// [`finish`]: DiskSink::finish
pub struct DiskSink {
    staging: tempfile::TempDir,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    /// Folders made so far (a site has thousands of files in few folders per page).
    folders: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl DiskSink {
    /// A staging folder for a new site at `target`.
    pub fn stage(target: &Target) -> Result<DiskSink, Error> {
        let out = target.path();
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(Error::Message(format!(
                "{} cannot be an output folder",
                out.display()
            )));
        };
        let name = name.to_string_lossy().into_owned();
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        // Removed on every early return; kept only once swapped in.
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(parent)
            .map_err(|e| Error::io(parent, e))?;
        Ok(DiskSink {
            staging,
            out: out.to_path_buf(),
            parent: parent.to_path_buf(),
            name,
            folders: std::sync::Mutex::new(std::collections::HashSet::new()),
        })
    }

    /// Writes the marker (last, so that no page can take its place) and swaps the new
    /// site in. Returns a warning if the previous site could not be removed.
    pub fn finish(self) -> Result<Option<Diagnostic>, Error> {
        self.finish_with(&swap::System)
    }

    fn finish_with(self, fs: &dyn swap::Fs) -> Result<Option<Diagnostic>, Error> {
        let marker = self.staging.path().join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        swap::swap_in(fs, self.staging, &self.out, &self.parent, &self.name)
    }
}

impl Sink for DiskSink {
    fn put(&self, page: Page) -> Result<(), Error> {
        let rel = safe_relative(&page.path).ok_or_else(|| outside(&page.path))?;
        let target = self.staging.path().join(rel);
        if let Some(dir) = target.parent() {
            let new = self
                .folders
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(dir.to_path_buf());
            if new {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
        }
        std::fs::write(&target, &page.bytes).map_err(|e| Error::io(&target, e))
    }
}

fn outside(path: &str) -> Error {
    Error::Message(format!(
        "refusing to write outside the output folder: {path:?}"
    ))
}

/// Writes `pages` (and the marker) as the new content of `target`, atomically with
/// respect to failures. Returns a warning if the previous site could not be removed.
pub fn publish(target: &Target, pages: &[Page]) -> Result<Option<Diagnostic>, Error> {
    publish_with(&swap::System, target, pages)
}

fn publish_with(
    fs: &dyn swap::Fs,
    target: &Target,
    pages: &[Page],
) -> Result<Option<Diagnostic>, Error> {
    let sink = DiskSink::stage(target)?;
    pages.par_iter().try_for_each(|p| sink.put(p.clone()))?;
    sink.finish_with(fs)
}

/// Writes one file atomically (a temporary file in the same folder, renamed over it).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// `path` as a relative path of normal components only.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(n) => out.push(n),
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

#[cfg(test)]
mod tests;
