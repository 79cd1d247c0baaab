//! Publishing: atomic replacement, a failed build keeps the old site, byte-identical
//! output, `init` scaffolds a buildable archive, and the output folder is guarded: only
//! a new, empty or Scholia-made folder is replaced (others with `--force`), never the
//! archive, a folder holding it, its content, the home folder or through a link.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    let before = snapshot(&out);
    write(
        tmp.path(),
        "content/documents/broken.md",
        "---\ntitle: [\n---\n",
    );
    let o = scholia(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot(&out), before);
    // No staging folders are left beside it.
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let (_ta, a) = build_shipped();
    let (_tb, b) = build_shipped();
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (path, bytes) in &sa {
        assert!(bytes == &sb[path], "{path} differs between builds");
    }
}

#[test]
fn a_rebuild_removes_pages_of_deleted_documents() {
    let tmp = fixture("basic");
    let out = build(tmp.path());
    assert!(
        out.join("documents/2021-11-20-statement/index.html")
            .exists()
    );
    std::fs::remove_file(tmp.path().join("content/documents/2021-11-20-statement.md")).unwrap();
    build(tmp.path());
    assert!(!out.join("documents/2021-11-20-statement").exists());
}

#[test]
fn init_scaffolds_an_archive_that_builds_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-archive");
    let o = scholia(&["init", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let check = scholia(&["check", "--root", dir.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out = build(&dir);
    let html = page(
        &out,
        "documents/2024-01-15-example-press-briefing/index.html",
    );
    assert_eq!(
        texts(&html, "section.turn > .speaker"),
        vec!["Jane Doe", "Ana Silva", "Jane Doe"]
    );
    let again = scholia(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists and is not empty"));
}

#[test]
fn the_output_folder_may_not_be_the_archive() {
    let tmp = fixture("basic");
    let root = tmp.path().to_str().unwrap();
    for out in [
        root.to_string(),
        tmp.path().join("content").to_string_lossy().into_owned(),
    ] {
        let o = scholia(&["build", "--root", root, "--out", &out]);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(stderr(&o).contains("refusing to replace"), "{}", stderr(&o));
    }
    assert!(
        tmp.path()
            .join("content/documents/2021-11-20-statement.md")
            .exists()
    );
}

/// The marker every published site carries.
const MARKER: &str = ".scholia-site";

/// `scholia build --root ROOT --out OUT [--force]`.
fn build_into(root: &Path, out: &Path, force: bool) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    if force {
        args.push("--force");
    }
    scholia(&args)
}

/// A refusal: exit code 1, the folder named, a help line.
fn assert_refused(o: &Output, out: &Path) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{}: {err}", out.display());
    assert!(err.contains(&out.display().to_string()), "{err}");
    assert!(err.contains("\n  help: "), "{err}");
}

/// The entries of `dir` left by a build beside its output folder.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-") || n.contains(".old-"))
        .collect()
}

/// A folder holding an archive (`archive/`, the basic fixture) and other things.
fn nested() -> (tempfile::TempDir, PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("archive");
    copy_tree(&repo().join("tests/fixtures/basic"), &root);
    copy_tree(&repo().join("themes/default"), &root.join("themes/default"));
    (outer, root)
}

#[test]
fn a_folder_scholia_did_not_make_is_refused_and_left_alone() {
    let (outer, root) = nested();
    let victim = outer.path().join("victim");
    write(&victim, "keep.txt", "mine");
    let o = build_into(&root, &victim, false);
    assert_refused(&o, &victim);
    assert!(
        stderr(&o).contains("not a folder Scholia made"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(victim.join("keep.txt")).unwrap(),
        "mine"
    );
    assert_eq!(snapshot(&victim).len(), 1);
    assert!(leftovers(outer.path()).is_empty());
}

#[test]
fn an_empty_or_earlier_built_folder_is_replaced() {
    let (outer, root) = nested();
    let out = outer.path().join("site");
    std::fs::create_dir(&out).unwrap();
    let o = build_into(&root, &out, false);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("index.html").is_file());
    assert!(out.join(MARKER).is_file());
    // A stray file in a site Scholia made goes with the rest at the next build.
    write(&out, "stray.html", "x");
    let o = build_into(&root, &out, false);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("stray.html").exists());
    assert!(out.join("index.html").is_file());
    assert!(leftovers(outer.path()).is_empty());
}

#[test]
fn force_replaces_a_folder_scholia_did_not_make() {
    let (outer, root) = nested();
    let victim = outer.path().join("victim");
    write(&victim, "keep.txt", "mine");
    let o = build_into(&root, &victim, true);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!victim.join("keep.txt").exists());
    assert!(victim.join("index.html").is_file());
    assert!(victim.join(MARKER).is_file());
    assert!(leftovers(outer.path()).is_empty());
}

#[test]
fn force_never_replaces_the_archive_what_holds_it_or_its_content() {
    let (outer, root) = nested();
    write(outer.path(), "sentinel.txt", "here");
    let link = outer.path().join("link");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    let before = snapshot(outer.path());
    for out in [
        root.clone(),
        outer.path().to_path_buf(),
        root.join("content"),
        root.join("content/documents"),
        root.join("themes"),
        link.clone(),
    ] {
        for force in [true, false] {
            let o = build_into(&root, &out, force);
            assert_refused(&o, &out);
            assert!(stderr(&o).contains("refusing to replace"), "{}", stderr(&o));
        }
    }
    assert_eq!(snapshot(outer.path()), before);
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(leftovers(outer.path()).is_empty() && leftovers(&root).is_empty());
}

#[test]
fn force_never_replaces_the_home_folder() {
    let (outer, root) = nested();
    let home = outer.path().join("home/someone");
    write(&home, "notes.txt", "mine");
    for out in [home.clone(), outer.path().join("home")] {
        let o = assert_cmd::Command::cargo_bin("scholia")
            .unwrap()
            .env("HOME", &home)
            .args(["build", "--force", "--root", root.to_str().unwrap()])
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_refused(&o, &out);
        assert!(stderr(&o).contains("home folder"), "{}", stderr(&o));
    }
    assert_eq!(
        std::fs::read_to_string(home.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_linked_output_folder_is_refused() {
    let (outer, root) = nested();
    let real = outer.path().join("real");
    assert!(build_into(&root, &real, false).status.success());
    let before = snapshot(&real);
    let link = outer.path().join("site");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for force in [false, true] {
        let o = build_into(&root, &link, force);
        assert_refused(&o, &link);
        assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    }
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(snapshot(&real), before);
    assert!(leftovers(outer.path()).is_empty());
}

/// Makes a folder refuse new entries until dropped. Root ignores file modes, so as root
/// this needs the immutable attribute (`chattr +i`); otherwise `chmod 555` does.
struct ReadOnly(PathBuf);

impl ReadOnly {
    fn new(dir: &Path) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        let guard = ReadOnly(dir.to_path_buf());
        let _ = std::process::Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .output();
        if !can_write(dir) {
            return Some(guard);
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        (!can_write(dir)).then_some(guard)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .output();
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

fn can_write(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = std::fs::write(&probe, "").is_ok();
    let _ = std::fs::remove_file(probe);
    ok
}

#[test]
fn a_read_only_output_folder_or_parent_keeps_the_old_site_and_leaves_nothing() {
    let (outer, root) = nested();
    let parent = outer.path().join("parent");
    let out = parent.join("public");
    assert!(build_into(&root, &out, false).status.success());
    let before = snapshot(&out);
    // A rebuild would change the site.
    let doc = "documents/2021-11-20-statement/index.html";
    assert!(out.join(doc).is_file());
    std::fs::remove_file(root.join("content/documents/2021-11-20-statement.md")).unwrap();
    for locked in [&parent, &out] {
        let Some(guard) = ReadOnly::new(locked) else {
            eprintln!(
                "skipped: {} cannot be made read-only here (root without chattr)",
                locked.display()
            );
            return;
        };
        let o = build_into(&root, &out, false);
        assert_refused(&o, &out);
        assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
        assert_eq!(snapshot(&out), before, "{}", locked.display());
        assert!(leftovers(&parent).is_empty(), "{:?}", leftovers(&parent));
        drop(guard);
    }
    // Writable again, the same build goes through: the folder was the only obstacle.
    let o = build_into(&root, &out, false);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join(doc).exists());
    assert!(leftovers(&parent).is_empty());
}

#[test]
fn an_output_folder_below_a_file_fails_cleanly() {
    let (outer, root) = nested();
    write(outer.path(), "file", "mine");
    let out = outer.path().join("file/public");
    let o = build_into(&root, &out, true);
    assert_refused(&o, &out);
    assert!(
        stderr(&o).contains("is a file, not a folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(outer.path().join("file")).unwrap(),
        "mine"
    );
    assert!(leftovers(outer.path()).is_empty());
}
