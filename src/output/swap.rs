//! Swapping a finished staging folder in for the output folder, so that at every moment
//! (a failed call, a crash, `kill -9`) the previous site or the new one is complete, and
//! a failure we see leaves no staging folder behind.
//!
//! Where the system exchanges two folders in one call (Linux `renameat2` with
//! `RENAME_EXCHANGE`), the swap is that call: the output folder is never missing. Else
//! (or if the file system refuses it) the old folder is renamed aside into a
//! `.NAME.old-*` folder and the new one renamed in; a crash between the two leaves the
//! previous site complete in that folder. Every file-system call goes through [`Fs`], so
//! the tests can make each one fail in turn.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Pos};
use crate::error::Error;

/// The calls the swap makes.
pub(super) trait Fs {
    /// Exchanges two existing folders atomically.
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_tree(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
pub(super) struct System;

impl Fs for System {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    fn exchange(&self, _: &Path, _: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn remove_tree(&self, path: &Path) -> io::Result<()> {
        remove_tree(path)
    }
}

/// Puts the folder `staging` (complete, beside `out`) in the place of `out`. On success
/// returns a warning if the previous site could not be removed (the new one is in place
/// all the same); on failure the previous site is at `out` as it was, and the staging
/// folder is gone, unless the error says where the previous site was kept.
pub(super) fn swap_in(
    fs: &dyn Fs,
    staging: tempfile::TempDir,
    out: &Path,
    parent: &Path,
    name: &str,
) -> Result<Option<Diagnostic>, Error> {
    let exists = match std::fs::symlink_metadata(out) {
        Ok(_) => true,
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(Error::io(out, e)),
    };
    if !exists {
        // `staging` removes itself if the rename fails.
        fs.rename(staging.path(), out)
            .map_err(|e| Error::io(out, e))?;
        let _ = staging.keep();
        return Ok(None);
    }
    if fs.exchange(staging.path(), out).is_ok() {
        // The staging folder now holds the previous site.
        let old = staging.keep();
        return Ok(remove_old(fs, &old));
    }
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}.old-"))
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    let old_site = old.path().join(name);
    fs.rename(out, &old_site).map_err(|e| Error::io(out, e))?;
    if let Err(e) = fs.rename(staging.path(), out) {
        return match fs.rename(&old_site, out) {
            // The previous site is back; both temporary folders remove themselves.
            Ok(()) => Err(Error::io(out, e)),
            Err(back) => {
                // Never remove the only copy of the previous site.
                let kept = old.keep().join(name);
                Err(Error::Message(format!(
                    "{}: could not put the new site in place ({e}) nor the previous one back ({back}); the previous site is complete in {}\n  help: move {} back to {}",
                    out.display(),
                    kept.display(),
                    kept.display(),
                    out.display()
                )))
            }
        };
    }
    let _ = staging.keep();
    Ok(remove_old(fs, &old.keep()))
}

/// Removes the folder holding the previous site; a failure is only a warning, since the
/// new site is already in place.
fn remove_old(fs: &dyn Fs, old: &Path) -> Option<Diagnostic> {
    let e = fs.remove_tree(old).err()?;
    Some(
        Diagnostic::warning(
            old,
            Pos::START,
            format!("the new site is in place, but the previous one could not be removed: {e}"),
        )
        .help(format!("remove {} by hand", old.display())),
    )
}

/// Removes a folder tree, its first two levels in parallel (a site has thousands of
/// document folders side by side).
pub(super) fn remove_tree(path: &Path) -> io::Result<()> {
    fn children(dir: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
        std::fs::read_dir(dir)?
            .map(|e| {
                let e = e?;
                Ok((e.path(), e.file_type()?.is_dir()))
            })
            .collect()
    }
    let mut level: Vec<(PathBuf, bool)> = Vec::new();
    for (p, is_dir) in children(path)? {
        if is_dir {
            level.extend(children(&p)?);
        } else {
            level.push((p, false));
        }
    }
    level.par_iter().try_for_each(|(p, is_dir)| {
        if *is_dir {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        }
    })?;
    std::fs::remove_dir_all(path)
}
