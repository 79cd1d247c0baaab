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
use crate::render::Page;

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
    let out = target.path();
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Err(Error::Message(format!(
            "{} cannot be an output folder",
            out.display()
        )));
    };
    let name = name.to_string_lossy();
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    // Removed on every early return; kept only once swapped in.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.building-"))
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    write_all(staging.path(), pages)?;
    swap::swap_in(fs, staging, out, parent, &name)
}

fn write_all(dir: &Path, pages: &[Page]) -> Result<(), Error> {
    // Folders first (sequentially, they are few), then the files in parallel.
    let mut targets = Vec::with_capacity(pages.len());
    let mut folders: Vec<PathBuf> = Vec::new();
    for page in pages {
        let rel = safe_relative(&page.path).ok_or_else(|| {
            Error::Message(format!(
                "refusing to write outside the output folder: {:?}",
                page.path
            ))
        })?;
        let target = dir.join(rel);
        if let Some(p) = target.parent() {
            folders.push(p.to_path_buf());
        }
        targets.push(target);
    }
    folders.sort();
    folders.dedup();
    for f in &folders {
        std::fs::create_dir_all(f).map_err(|e| Error::io(f, e))?;
    }
    targets
        .par_iter()
        .zip(pages.par_iter())
        .try_for_each(|(target, page)| {
            std::fs::write(target, &page.bytes).map_err(|e| Error::io(target, e))
        })?;
    // Last, so that no page can take its place.
    let marker = dir.join(MARKER);
    std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))
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
