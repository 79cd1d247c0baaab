//! Whole-site snapshots: every file the build writes for each fixture archive (and the
//! shipped archive), compared byte for byte with the reviewed copy committed under
//! `tests/snapshots/<name>/`. A refactor proves with these that it changed nothing it
//! did not mean to.
//!
//! After a deliberate change, review the difference and record it:
//! `SCHOLIA_BLESS=1 cargo test --test integration snapshots`, then `git diff
//! tests/snapshots` shows every changed byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;

/// The fixed clock of the snapshot builds (2026-11-23), so dates of revisions and
/// removals do not depend on the day the test runs.
const EPOCH: &str = "1795392000";

fn built(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = root.join("public");
    let o = assert_cmd::Command::cargo_bin("scholia")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    snapshot(&out)
}

fn compare(name: &str, site: &BTreeMap<String, Vec<u8>>) {
    let dir = repo().join("tests/snapshots").join(name);
    if std::env::var_os("SCHOLIA_BLESS").is_some() {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        for (rel, bytes) in site {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        return;
    }
    assert!(
        dir.is_dir(),
        "no snapshot for {name}: run with SCHOLIA_BLESS=1 and review tests/snapshots/{name}"
    );
    let committed = snapshot(&dir);
    let mut problems = Vec::new();
    for rel in committed.keys().filter(|k| !site.contains_key(*k)) {
        problems.push(format!("no longer written: {rel}"));
    }
    for (rel, bytes) in site {
        match committed.get(rel) {
            None => problems.push(format!("new file: {rel}")),
            Some(old) if old != bytes => problems.push(first_difference(rel, old, bytes)),
            Some(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "the site built from {name} differs from tests/snapshots/{name} in {} files \
         (if intended, rerun with SCHOLIA_BLESS=1 and review the diff):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The first differing line of a file, old and new.
fn first_difference(rel: &str, old: &[u8], new: &[u8]) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    let (n, (a, b)) = old
        .lines()
        .chain(std::iter::repeat(""))
        .zip(new.lines().chain(std::iter::repeat("")))
        .enumerate()
        .find(|(_, (a, b))| a != b)
        .unwrap_or((0, ("", "")));
    let cut = |s: &str| s.chars().take(300).collect::<String>();
    format!(
        "changed: {rel}, line {}\n  - {}\n  + {}",
        n + 1,
        cut(a),
        cut(b)
    )
}

fn fixture_snapshot(name: &str) {
    let tmp = fixture(name);
    compare(name, &built(tmp.path()));
}

#[test]
fn snapshot_basic() {
    fixture_snapshot("basic");
}

#[test]
fn snapshot_linked() {
    fixture_snapshot("linked");
}

#[test]
fn snapshot_annotated() {
    fixture_snapshot("annotated");
}

/// The shipped archive, copied so the build's cache and lock stay out of the checkout.
#[test]
fn snapshot_shipped() {
    let tmp = tempfile::tempdir().unwrap();
    for part in ["site.toml", "content", "themes"] {
        let from: PathBuf = repo().join(part);
        if from.is_dir() {
            copy_tree(&from, &tmp.path().join(part));
        } else {
            std::fs::copy(&from, tmp.path().join(part)).unwrap();
        }
    }
    compare("shipped", &built(tmp.path()));
}
