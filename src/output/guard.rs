//! Which folder a build may replace: the output folder is Scholia's only when Scholia
//! made it (DESIGN.md, "Trust boundary").
//!
//! A build replaces its output folder whole, so a wrong `--out` could destroy anything.
//! [`check_target`] decides before any work is done:
//!
//! - never (not even with `--force`): `/`, the home folder or a folder holding it, the
//!   archive root or a folder holding it, `content/` and `themes/` (or a folder holding
//!   them, or inside them), another archive (a folder with a `site.toml`), a file, and a
//!   symbolic link (a build replaces the link's own place, not what it points to);
//! - freely: a folder that does not exist yet, an empty folder, or one holding the
//!   marker file every publish writes ([`super::MARKER`]);
//! - anything else only with `--force`.
//!
//! Paths are compared where they really are: every existing part of `out` with symbolic
//! links resolved, the rest (folders the build will create) appended as written.

use std::io;
use std::path::{Component, Path, PathBuf};

use super::{MARKER, Target};
use crate::error::Error;

/// Checks that a build of the archive at `root` may replace `out` (with `force`: even a
/// folder Scholia did not make), and returns where `out` really is. `home` is the user's
/// home folder (`$HOME`), which is never replaced.
pub fn check_target(
    root: &Path,
    out: &Path,
    force: bool,
    home: Option<&Path>,
) -> Result<Target, Error> {
    let path = locate(out)?;
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(m) => Some(m),
        // Not there (or below a file, which `writable_beside` explains).
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            None
        }
        Err(e) => return Err(Error::io(out, e)),
    };
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        let to = std::fs::read_link(&path).map_or_else(|_| "?".into(), |t| t.display().to_string());
        return Err(Error::Message(format!(
            "refusing to replace {}: it is a symbolic link (to {to}), and a build replaces the link's own place, not what it points to; nothing was written\n  help: give the folder's own path with --out (or output_dir in site.toml), or a new folder",
            out.display()
        )));
    }
    if let Some(reason) = protected(root, &path, home)? {
        let shown = if path == out {
            String::new()
        } else {
            format!(" ({})", path.display())
        };
        return Err(Error::Message(format!(
            "refusing to replace {}{shown}: {reason}; nothing was written\n  help: choose an output folder of its own, e.g. --out public (--force never overrides this)",
            out.display()
        )));
    }
    writable_beside(out, &path)?;
    let Some(meta) = meta else {
        return Ok(Target { path });
    };
    if !meta.is_dir() {
        return Err(Error::Message(format!(
            "refusing to replace {}: it is a file, not a folder; nothing was written\n  help: choose a new or empty folder with --out (or output_dir in site.toml)",
            out.display()
        )));
    }
    if !(force || made_by_scholia(&path) || is_empty(&path).map_err(|e| Error::io(out, e))?) {
        return Err(Error::Message(format!(
            "{} is not a folder Scholia made (it has no {MARKER} marker) and it is not empty; nothing was written\n  help: choose an empty or new folder with --out (or output_dir in site.toml), or pass --force to replace it (a site built by a Scholia older than the marker needs --force once)",
            out.display()
        )));
    }
    // Replacing it means removing what it holds.
    if !writable(&path) {
        return Err(Error::Message(format!(
            "{} is read-only, so what it holds could not be removed; nothing was written\n  help: make it writable again (chmod u+w, or chattr -i if it is immutable), or choose another folder with --out",
            out.display()
        )));
    }
    Ok(Target { path })
}

/// Why replacing `path` (as [`locate`]d) would destroy something that is not a site.
fn protected(root: &Path, path: &Path, home: Option<&Path>) -> Result<Option<String>, Error> {
    if path.parent().is_none() {
        return Ok(Some("it is the root of the file system".into()));
    }
    let root_abs = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let holds = |p: &Path| p.starts_with(path) && p != path;
    if path == root_abs {
        return Ok(Some("it is the archive itself".into()));
    }
    if holds(&root_abs) {
        return Ok(Some(format!(
            "it holds the archive ({})",
            root_abs.display()
        )));
    }
    for name in ["content", "themes"] {
        // Either may be a link to a folder elsewhere: compare where it really is.
        let dir = real(&root_abs.join(name))?;
        if path == dir {
            return Ok(Some(format!("it is the archive's {name}/ folder")));
        }
        if path.starts_with(&dir) {
            return Ok(Some(format!("it is inside the archive's {name}/ folder")));
        }
        if holds(&dir) {
            return Ok(Some(format!("it holds the archive's {name}/ folder")));
        }
    }
    if let Some(home) = home.and_then(|h| std::fs::canonicalize(h).ok()) {
        if path == home {
            return Ok(Some("it is your home folder".into()));
        }
        if holds(&home) {
            return Ok(Some(format!(
                "it holds your home folder ({})",
                home.display()
            )));
        }
    }
    if path.join("site.toml").exists() {
        return Ok(Some("it holds another archive (a site.toml)".into()));
    }
    Ok(None)
}

/// Where `out` really is: absolute, every part but the last with symbolic links
/// resolved as far as the path exists, and `..` taken where it lands (a missing folder
/// is created as written, so `new/..` is the folder holding `new`). The last part is
/// left as it is so that a link there is seen for what it is.
pub(super) fn locate(out: &Path) -> Result<PathBuf, Error> {
    let abs = std::path::absolute(out).map_err(|e| Error::io(out, e))?;
    let parts: Vec<Component> = abs.components().collect();
    let mut path = PathBuf::new();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Component::Prefix(_) | Component::RootDir => path.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                path.pop();
            }
            Component::Normal(name) => {
                path.push(name);
                if i + 1 < parts.len() {
                    path = real(&path)?;
                }
            }
        }
    }
    Ok(path)
}

/// `path` with symbolic links resolved if it exists, else as it is.
fn real(path: &Path) -> Result<PathBuf, Error> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(e) => Err(Error::io(path, e)),
        // A link to nowhere fails here, as it should: nothing can be written through it.
        Ok(_) => std::fs::canonicalize(path).map_err(|e| Error::io(path, e)),
    }
}

/// The build writes its staging folder beside `path`: the nearest existing folder above
/// it must be a folder we may write in.
fn writable_beside(out: &Path, path: &Path) -> Result<(), Error> {
    let Some(dir) = path.ancestors().skip(1).find(|a| a.exists()) else {
        return Ok(());
    };
    if !dir.is_dir() {
        return Err(Error::Message(format!(
            "cannot write {}: {} is a file, not a folder; nothing was written\n  help: choose an output folder whose parent is a folder",
            out.display(),
            dir.display()
        )));
    }
    if !writable(dir) {
        return Err(Error::Message(format!(
            "cannot write {}: {} is read-only; nothing was written\n  help: make it writable (chmod u+w, or chattr -i if it is immutable), or choose another folder with --out",
            out.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// Whether this process may create and remove entries in `dir` (for root too: an
/// immutable folder or a read-only file system says no).
#[cfg(unix)]
fn writable(dir: &Path) -> bool {
    rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(unix))]
fn writable(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

fn made_by_scholia(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn is_empty(dir: &Path) -> io::Result<bool> {
    Ok(std::fs::read_dir(dir)?.next().is_none())
}

#[cfg(all(test, unix))]
mod tests;
