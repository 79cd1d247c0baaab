//! Helpers: copy a fixture into a temporary folder with the default theme, run the
//! binary, read and parse the output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use scraper::{Html, Selector};
use walkdir::WalkDir;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary archive: a copy of `tests/fixtures/NAME` plus the default theme.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures").join(name), tmp.path());
    copy_tree(
        &repo().join("themes/default"),
        &tmp.path().join("themes/default"),
    );
    tmp
}

/// A temporary archive made of the given files (path, text) plus the default theme.
pub fn archive(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(tmp.path(), path, text);
    }
    copy_tree(
        &repo().join("themes/default"),
        &tmp.path().join("themes/default"),
    );
    tmp
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn scholia(args: &[&str]) -> Output {
    Command::cargo_bin("scholia")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Builds `root` into `root/public`; panics with the diagnostics on failure.
pub fn build(root: &Path) -> PathBuf {
    let out = scholia(&["build", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    root.join("public")
}

pub fn page(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The JSON inside the first element matching `selector` (a `<script>` data block).
pub fn json_in(html: &Html, selector: &str) -> serde_json::Value {
    let el = html
        .select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector}"));
    serde_json::from_str(&el.text().collect::<String>()).unwrap()
}

/// The trimmed text of every element matching `selector`, without the quotation
/// verdict badges the build adds beside quotations (`sup.qv`).
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector))
        .map(|e| {
            e.descendants()
                .filter_map(|n| {
                    let inside_badge = n.ancestors().any(|a| {
                        a.value().as_element().is_some_and(|el| {
                            el.has_class("qv", scraper::CaseSensitivity::CaseSensitive)
                        })
                    });
                    n.value()
                        .as_text()
                        .filter(|_| !inside_badge)
                        .map(|t| t.to_string())
                })
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

pub fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    html.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every file of a tree with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The only scripts of a page are the theme's own and its data blocks: nothing from
/// the content runs.
pub fn assert_only_our_scripts(html: &Html) {
    assert_eq!(
        html.select(&sel(".doc-body script, main script")).count(),
        0
    );
    for s in html.select(&sel("script")) {
        let ours = s
            .value()
            .attr("src")
            .is_some_and(|src| src.ends_with("scholia.js"))
            || matches!(
                s.value().attr("type"),
                Some("application/json" | "application/ld+json")
            );
        assert!(ours, "unexpected script: {}", s.html());
    }
}

/// The shipped archive built into a temporary folder (with `--locked`: its committed
/// paragraph addresses must stand). Keep the folder alive while using the site.
pub fn build_shipped() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = scholia(&[
        "build",
        "--locked",
        "--root",
        repo().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}
