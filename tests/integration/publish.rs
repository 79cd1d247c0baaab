//! Publishing: atomic replacement, a failed build keeps the old site, byte-identical
//! output, `init` scaffolds a buildable archive, and the output folder is guarded.

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
