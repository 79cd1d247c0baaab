//! Publishing: writes the rendered files into a fresh folder beside the output folder,
//! in parallel, and swaps it in only when every file was written. A failed build leaves
//! the previous site untouched.
//!
//! Every output path is checked to stay inside the output folder (no `..`, no absolute
//! path), whatever the content asked for.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::render::Page;

/// Writes `pages` as the new content of `out`, atomically with respect to failures.
pub fn publish(out: &Path, pages: &[Page]) -> Result<(), Error> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.building-"))
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    write_all(staging.path(), pages)?;
    swap_in(staging, out, &parent, &name)
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
        })
}

/// Replaces `out` by the staging folder: the old folder is moved aside first, then
/// removed once the new one is in place.
fn swap_in(staging: tempfile::TempDir, out: &Path, parent: &Path, name: &str) -> Result<(), Error> {
    let staged = staging.keep();
    if out.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)
            .map_err(|e| Error::io(parent, e))?
            .keep();
        let old_target = old.join(name);
        std::fs::rename(out, &old_target).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staged);
            Error::io(out, e)
        })?;
        if let Err(e) = std::fs::rename(&staged, out) {
            // Put the old site back rather than leave nothing.
            let _ = std::fs::rename(&old_target, out);
            let _ = std::fs::remove_dir_all(&staged);
            let _ = std::fs::remove_dir_all(&old);
            return Err(Error::io(out, e));
        }
        remove_tree(&old).map_err(|e| Error::io(&old, e))?;
    } else {
        std::fs::rename(&staged, out).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staged);
            Error::io(out, e)
        })?;
    }
    Ok(())
}

/// Removes a folder tree, its first two levels in parallel (a site has thousands of
/// document folders side by side).
fn remove_tree(path: &Path) -> std::io::Result<()> {
    fn children(dir: &Path) -> std::io::Result<Vec<(PathBuf, bool)>> {
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
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn rejects_paths_that_leave_the_folder() {
        assert!(safe_relative("a/b.html").is_some());
        for bad in ["../x", "/etc/passwd", "a/../../x", "", "./"] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn replaces_the_old_site_and_leaves_no_staging_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        publish(&out, &[page("a/index.html", "one"), page("gone.html", "x")]).unwrap();
        publish(&out, &[page("a/index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("gone.html").exists());
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["public".to_string()]);
    }

    #[test]
    fn a_bad_page_leaves_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        publish(&out, &[page("index.html", "old")]).unwrap();
        let err = publish(
            &out,
            &[page("index.html", "new"), page("../escape.html", "x")],
        );
        assert!(err.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!tmp.path().join("escape.html").exists());
    }
}
