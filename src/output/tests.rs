//! Publishing: the marker, and the swap under every failure it can meet (each
//! file-system call made to fail in turn).

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;

use super::swap::{Fs, System};
use super::*;

fn page(path: &str, text: &str) -> Page {
    Page {
        path: path.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// A target below a temporary folder, as a build would check it.
fn target(tmp: &tempfile::TempDir, name: &str) -> Target {
    check_target(tmp.path(), &tmp.path().join(name), false, None).unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
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
    let out = target(&tmp, "public");
    publish(&out, &[page("a/index.html", "one"), page("gone.html", "x")]).unwrap();
    let again = target(&tmp, "public");
    let warning = publish(&again, &[page("a/index.html", "two")]).unwrap();
    assert!(warning.is_none());
    assert_eq!(read(&out.path().join("a/index.html")), "two");
    assert!(!out.path().join("gone.html").exists());
    assert_eq!(names(tmp.path()), vec!["public"]);
}

#[test]
fn every_site_carries_the_same_marker() {
    let tmp = tempfile::tempdir().unwrap();
    let out = target(&tmp, "public");
    // A page cannot take the marker's place.
    publish(&out, &[page(MARKER, "forged"), page("index.html", "x")]).unwrap();
    let first = read(&out.path().join(MARKER));
    assert_eq!(first, MARKER_TEXT);
    publish(&out, &[page("index.html", "y")]).unwrap();
    assert_eq!(read(&out.path().join(MARKER)), first);
}

#[test]
fn a_bad_page_leaves_the_old_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = target(&tmp, "public");
    publish(&out, &[page("index.html", "old")]).unwrap();
    let err = publish(
        &out,
        &[page("index.html", "new"), page("../escape.html", "x")],
    );
    assert!(err.is_err());
    assert_eq!(read(&out.path().join("index.html")), "old");
    assert!(!tmp.path().join("escape.html").exists());
    assert_eq!(names(tmp.path()), vec!["public"]);
}

/// The real file system, except that the calls named in `fail` fail: `"exchange"`,
/// `"remove"`, or `"rename#N"` for the Nth rename.
struct Faulty {
    fail: &'static [&'static str],
    calls: RefCell<HashMap<&'static str, usize>>,
}

impl Faulty {
    fn new(fail: &'static [&'static str]) -> Self {
        Faulty {
            fail,
            calls: RefCell::default(),
        }
    }

    fn fails(&self, op: &'static str) -> io::Result<()> {
        let mut calls = self.calls.borrow_mut();
        let n = calls.entry(op).or_default();
        *n += 1;
        let numbered = format!("{op}#{n}");
        if self.fail.iter().any(|f| *f == op || *f == numbered) {
            return Err(io::Error::other(format!("injected {numbered}")));
        }
        Ok(())
    }
}

impl Fs for Faulty {
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        self.fails("exchange")?;
        System.exchange(a, b)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.fails("rename")?;
        System.rename(from, to)
    }
    fn remove_tree(&self, path: &Path) -> io::Result<()> {
        self.fails("remove")?;
        System.remove_tree(path)
    }
}

/// A temporary folder with an old site in `public`, and the result of publishing a new
/// one over it with the given calls failing.
fn republish(
    fail: &'static [&'static str],
) -> (tempfile::TempDir, Result<Option<Diagnostic>, Error>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = target(&tmp, "public");
    publish(&out, &[page("index.html", "old"), page("a/old.html", "o")]).unwrap();
    let result = publish_with(
        &Faulty::new(fail),
        &out,
        &[page("index.html", "new"), page("b/new.html", "n")],
    );
    (tmp, result)
}

fn assert_old_site(dir: &Path) {
    assert_eq!(read(&dir.join("index.html")), "old");
    assert_eq!(read(&dir.join("a/old.html")), "o");
    assert!(dir.join(MARKER).is_file());
    assert!(!dir.join("b").exists());
}

fn assert_new_site(dir: &Path) {
    assert_eq!(read(&dir.join("index.html")), "new");
    assert_eq!(read(&dir.join("b/new.html")), "n");
    assert!(!dir.join("a").exists());
}

#[test]
fn without_the_exchange_call_the_old_site_is_renamed_aside_then_removed() {
    let (tmp, result) = republish(&["exchange"]);
    assert!(result.unwrap().is_none());
    assert_new_site(&tmp.path().join("public"));
    assert_eq!(names(tmp.path()), vec!["public"]);
}

#[test]
fn a_failed_rename_of_the_old_site_keeps_it_and_cleans_up() {
    let (tmp, result) = republish(&["exchange", "rename#1"]);
    assert!(
        result
            .unwrap_err()
            .to_string()
            .contains("injected rename#1")
    );
    assert_old_site(&tmp.path().join("public"));
    assert_eq!(names(tmp.path()), vec!["public"]);
}

#[test]
fn a_failed_rename_of_the_new_site_puts_the_old_one_back_and_cleans_up() {
    let (tmp, result) = republish(&["exchange", "rename#2"]);
    assert!(
        result
            .unwrap_err()
            .to_string()
            .contains("injected rename#2")
    );
    assert_old_site(&tmp.path().join("public"));
    assert_eq!(names(tmp.path()), vec!["public"]);
}

#[test]
fn if_the_old_site_cannot_be_put_back_it_is_kept_and_named() {
    let (tmp, result) = republish(&["exchange", "rename#2", "rename#3"]);
    let message = result.unwrap_err().to_string();
    // The only copy of the previous site is never removed: it is where the error says.
    let left = names(tmp.path());
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(".public.old-"), "{left:?}");
    let kept = tmp.path().join(&left[0]).join("public");
    assert_old_site(&kept);
    assert!(message.contains(&kept.display().to_string()), "{message}");
    assert!(message.contains("help: move"), "{message}");
}

#[test]
fn a_previous_site_that_cannot_be_removed_is_a_warning_not_a_failure() {
    for fail in [&["remove"][..], &["exchange", "remove"][..]] {
        let (tmp, result) = republish(fail);
        let warning = result.unwrap().expect("a warning");
        assert_new_site(&tmp.path().join("public"));
        assert_eq!(warning.severity, crate::diag::Severity::Warning);
        // The warning names the folder left behind, which holds the previous site.
        assert!(warning.path.exists(), "{fail:?}");
        let left = warning
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let expected = if fail.contains(&"exchange") || !cfg!(target_os = "linux") {
            ".public.old-"
        } else {
            // Linux exchanged the two folders in one call: the staging folder got the
            // previous site.
            ".public.building-"
        };
        assert!(left.starts_with(expected), "{fail:?}: {left}");
        assert!(warning.help.unwrap().contains("remove"));
    }
}

#[test]
fn a_failed_first_publish_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = target(&tmp, "public");
    let result = publish_with(&Faulty::new(&["rename#1"]), &out, &[page("x.html", "x")]);
    assert!(result.is_err());
    assert!(names(tmp.path()).is_empty());
}
