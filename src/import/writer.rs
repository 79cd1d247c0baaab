//! The import's only contact with the disk: saves the document and its raw capture in
//! `content/documents/`, never overwriting a document unless asked, and then keeping
//! the old file as a backup. A capture imported before (same SHA-256) is refused.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::parse::document::sha256_hex;
use crate::parse::frontmatter;
use crate::source::{DOCUMENTS_DIR, is_ignored};

use super::{Imported, document_text};

/// What was written.
#[derive(Debug)]
pub struct Written {
    pub document: PathBuf,
    pub capture: PathBuf,
    /// Where the replaced document was kept, with `--force`.
    pub backup: Option<PathBuf>,
}

/// Saves `imported` (made from `capture`, read from `capture_path`) under `root`.
/// `captured` is today's date, recorded as the capture's date.
#[allow(clippy::too_many_arguments)]
pub fn write(
    root: &Path,
    capture_path: &Path,
    capture: &[u8],
    imported: &Imported,
    slug: Option<&str>,
    force: bool,
    captured: &str,
) -> Result<Written, Error> {
    let date = imported.meta.date.ok_or_else(|| {
        Error::Message(format!(
            "{}: no date found in the capture\n  help: give it with --date YYYY-MM-DD (the date of the original publication or of the event)",
            capture_path.display()
        ))
    })?;
    let slug = slug.map_or_else(|| short_slug(&imported.meta.title), str::to_string);
    let name = format!("{}-{slug}", date.format("%Y-%m-%d"));
    // The name becomes two file names: it must be a slug, whatever the caller passed.
    if let Err(why) = crate::model::slug::check(&name) {
        return Err(Error::Message(format!(
            "{}: `{name}` cannot be a document's file name: {why}; nothing was written\n  help: {}",
            capture_path.display(),
            crate::model::slug::help(
                &slug,
                crate::model::slug::MAX_LEN - crate::model::slug::DATE_PREFIX_LEN
            )
        )));
    }
    let dir = root.join(DOCUMENTS_DIR);
    if let Some(outside) = crate::source::outside_root(root, &dir) {
        return Err(Error::Message(format!(
            "{} leads to {}, outside the archive; nothing was written\n  help: make {DOCUMENTS_DIR} a folder of the archive rather than a symbolic link",
            dir.display(),
            outside.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let sha = sha256_hex(capture);
    let doc_path = dir.join(format!("{name}.md"));
    let capture_name = format!("{name}.capture.txt");
    let capture_out = dir.join(&capture_name);
    if let Some(existing) = imported_before(&dir, &sha)?
        && !(force && existing == doc_path)
    {
        return Err(Error::Message(format!(
            "{}: this capture was already imported as {} (same SHA-256)\n  help: edit that document; to import it again under the same name, add --force",
            capture_path.display(),
            existing.display()
        )));
    }
    let mut backup = None;
    if doc_path.exists() {
        if !force {
            return Err(Error::Message(format!(
                "{} already exists; nothing was written\n  help: choose another name with --slug, or replace it with --force (the old file is kept as a backup)",
                doc_path.display()
            )));
        }
        let b = free_backup_name(&doc_path);
        std::fs::rename(&doc_path, &b).map_err(|e| Error::io(&doc_path, e))?;
        if capture_out.exists() {
            let cb = free_backup_name(&capture_out);
            std::fs::rename(&capture_out, &cb).map_err(|e| Error::io(&capture_out, e))?;
        }
        backup = Some(b);
    }
    crate::output::write_file(&capture_out, capture)?;
    crate::output::write_file(
        &doc_path,
        document_text(imported, Some((&capture_name, &sha, captured))).as_bytes(),
    )?;
    Ok(Written {
        document: doc_path,
        capture: capture_out,
        backup,
    })
}

/// The document whose front matter records this capture hash, if any.
fn imported_before(dir: &Path, sha: &str) -> Result<Option<PathBuf>, Error> {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !name.ends_with(".md") || is_ignored(&name) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        let recorded = frontmatter::split(&text)
            .ok()
            .and_then(|s| frontmatter::parse(s.yaml).ok())
            .and_then(|v| {
                v.get("capture")?
                    .get("sha256")?
                    .as_str()
                    .map(str::to_lowercase)
            });
        if recorded.as_deref() == Some(sha) {
            return Ok(Some(entry.into_path()));
        }
    }
    Ok(None)
}

/// `x.md` → `x.md.bak`, or `x.md.1.bak`, … whichever is free.
fn free_backup_name(path: &Path) -> PathBuf {
    let base = path.to_string_lossy().into_owned();
    let first = PathBuf::from(format!("{base}.bak"));
    if !first.exists() {
        return first;
    }
    (1..)
        .map(|n| PathBuf::from(format!("{base}.{n}.bak")))
        .find(|p| !p.exists())
        .expect("some number is free")
}

/// A slug of at most sixty characters, cut at a word (a single longer word is cut).
pub fn short_slug(title: &str) -> String {
    const MAX: usize = 60;
    let full = crate::model::slug::slugify(title);
    let mut out = String::new();
    for part in full.split('-') {
        if !out.is_empty() && out.len() + part.len() + 1 > MAX {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    if out.len() > MAX {
        out = crate::model::slug::slugify_within(&out, MAX);
    }
    if out.is_empty() {
        "document".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_and_cut_at_words() {
        assert_eq!(
            short_slug("Putin defends Ukraine invasion in meeting with UN chief"),
            "putin-defends-ukraine-invasion-in-meeting-with-un-chief"
        );
        let long = short_slug(
            "President Putin and UN Secretary-General Antonio Guterres: Meeting in the Kremlin about many matters",
        );
        assert!(long.len() <= 60, "{long}");
        assert!(!long.ends_with('-'));
        assert_eq!(short_slug("Заявление о мосте"), "zaiavlenie-o-moste");
        assert_eq!(short_slug("!!!"), "document");
        assert_eq!(short_slug("../../.. ./."), "document");
        let one_word = short_slug(&"a".repeat(300));
        assert!(one_word.len() <= 60, "{one_word}");
        assert_eq!(crate::model::slug::check(&one_word), Ok(()));
    }
}
