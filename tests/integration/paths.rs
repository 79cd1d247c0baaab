//! Input that becomes a file path is validated first: `--slug`, a title, a document's
//! `kind` and `capture.file`, the theme, an annotation's `target`, long tags; symbolic
//! links out of the archive are not read, and loops among them do not stop the walk.
//! Every refusal is a diagnostic with a help line, never an OS error, and nothing is
//! written or read outside the archive.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::common::*;

const SITE: &str = "title = \"T\"\n";

/// A capture `import` can read: a title line, a date and two sentences of prose.
const CAPTURE: &str = "Talks in Moscow\n\n26 April 2022\n\nThe two delegations met in the afternoon and discussed the situation at length. They agreed to meet again soon.\n";

/// An archive in a folder of its own inside a temporary folder, so that anything
/// written beside the archive (or above it) shows in a listing of the outer folder.
struct Nest {
    outer: tempfile::TempDir,
}

impl Nest {
    fn new(files: &[(&str, &str)]) -> Nest {
        let outer = tempfile::tempdir().unwrap();
        for (path, text) in files {
            write(&outer.path().join("archive"), path, text);
        }
        copy_tree(
            &repo().join("themes/default"),
            &outer.path().join("archive/themes/default"),
        );
        Nest { outer }
    }

    fn root(&self) -> PathBuf {
        self.outer.path().join("archive")
    }

    fn root_str(&self) -> String {
        self.root().to_str().unwrap().to_string()
    }

    /// Every path below the outer folder (files, folders and links), relative to it.
    fn listing(&self) -> BTreeSet<String> {
        WalkDir::new(self.outer.path())
            .min_depth(1)
            .into_iter()
            .map(|e| {
                e.unwrap()
                    .path()
                    .strip_prefix(self.outer.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }
}

fn doc(front: &str) -> String {
    format!("---\ntitle: A document\ndate: 2022-04-26\n{front}---\nSome text.\n")
}

/// The lines of `err` that are diagnostics (`path:line:col: severity: …`), each with
/// the help line that follows it.
fn diagnostics(err: &str) -> Vec<(String, Option<String>)> {
    let lines: Vec<&str> = err.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("  help: ") {
            continue;
        }
        let help = lines
            .get(i + 1)
            .and_then(|l| l.strip_prefix("  help: "))
            .map(str::to_string);
        out.push((line.to_string(), help));
    }
    out
}

/// Asserts no message of the operating system about a path made it to the user.
fn assert_no_os_error(err: &str) {
    for os in [
        "File name too long",
        "No such file or directory",
        "os error",
    ] {
        assert!(!err.contains(os), "an OS error reached the user:\n{err}");
    }
}

#[test]
fn import_refuses_a_slug_that_is_not_one_and_writes_nothing() {
    let nest = Nest::new(&[("site.toml", SITE)]);
    let capture = nest.outer.path().join("capture.txt");
    std::fs::write(&capture, CAPTURE).unwrap();
    let before = nest.listing();
    let long = "a".repeat(300);
    for slug in [
        "../../../escaped",
        "/abs",
        "a/b",
        "..",
        "",
        long.as_str(),
        "Upper",
        "réunion",
        "two words",
    ] {
        let o = scholia(&[
            "import",
            "--root",
            &nest.root_str(),
            "--slug",
            slug,
            capture.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{slug:?}: {err}");
        assert!(err.contains("not a usable slug: it "), "{slug:?}: {err}");
        assert!(
            err.contains("\n  help: use lowercase letters a-z, digits and dashes"),
            "{slug:?}: {err}"
        );
        assert_no_os_error(&err);
        assert_eq!(nest.listing(), before, "{slug:?} wrote something");
    }
    // A slug that is one is taken, and writes into content/documents/ only.
    let o = scholia(&[
        "import",
        "--root",
        &nest.root_str(),
        "--slug",
        "talks",
        capture.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let added: Vec<String> = nest.listing().difference(&before).cloned().collect();
    assert_eq!(
        added,
        vec![
            "archive/content",
            "archive/content/documents",
            "archive/content/documents/2022-04-26-talks.capture.txt",
            "archive/content/documents/2022-04-26-talks.md",
        ]
    );
}

#[test]
fn import_refuses_a_kind_that_is_not_a_slug() {
    let nest = Nest::new(&[("site.toml", SITE)]);
    let capture = nest.outer.path().join("capture.txt");
    std::fs::write(&capture, CAPTURE).unwrap();
    let before = nest.listing();
    for kind in ["../../x", "Press Release", &"k".repeat(300)] {
        let o = scholia(&[
            "import",
            "--root",
            &nest.root_str(),
            "--kind",
            kind,
            capture.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{kind}: {err}");
        assert!(err.contains("not a usable kind: it "), "{err}");
        assert!(err.contains("\n  help: "), "{err}");
        assert_eq!(nest.listing(), before);
    }
}

#[test]
fn a_title_of_dots_and_slashes_gets_a_safe_slug() {
    let nest = Nest::new(&[("site.toml", SITE)]);
    let capture = nest.outer.path().join("capture.txt");
    std::fs::write(
        &capture,
        CAPTURE.replace("Talks in Moscow", "../../../.. / . /.."),
    )
    .unwrap();
    let before = nest.listing();
    let o = scholia(&[
        "import",
        "--root",
        &nest.root_str(),
        capture.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let added: Vec<String> = nest.listing().difference(&before).cloned().collect();
    assert_eq!(
        added,
        vec![
            "archive/content",
            "archive/content/documents",
            "archive/content/documents/2022-04-26-document.capture.txt",
            "archive/content/documents/2022-04-26-document.md",
        ]
    );
    // And the archive builds with it.
    build(&nest.root());
}

#[test]
fn a_kind_that_is_not_a_slug_is_placed_before_any_path_is_made() {
    let long = "k".repeat(300);
    for (kind, reason) in [
        (long.as_str(), "it is 300 bytes long (at most 100)"),
        ("\"../../x\"", "it contains `.`"),
        ("a/b", "it contains `/`: it must be one name, not a path"),
        ("press release", "it contains the character ' '"),
        ("Transcript", "it contains `T`"),
    ] {
        let nest = Nest::new(&[
            ("site.toml", SITE),
            ("content/documents/a.md", &doc(&format!("kind: {kind}\n"))),
        ]);
        let before = nest.listing();
        let o = scholia(&["build", "--root", &nest.root_str()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{kind}: {err}");
        let d = diagnostics(&err);
        assert_eq!(d.len(), 2, "{kind}: {err}"); // the error, then "1 error"
        assert_eq!(
            d[0].0,
            format!(
                "content/documents/a.md:4:7: error: `kind` must be a lowercase word (or words joined by dashes): {reason}"
            )
        );
        assert!(
            d[0].1.as_deref().is_some_and(|h| h.contains("transcript")),
            "{err}"
        );
        assert_no_os_error(&err);
        assert_eq!(nest.listing(), before, "{kind}: the failed build wrote");
    }
}

#[test]
fn a_capture_file_that_is_not_beside_the_document_is_refused_and_never_read() {
    for file in ["../../site.toml", "/etc/passwd", "../../../secret.txt"] {
        let nest = Nest::new(&[
            ("site.toml", SITE),
            (
                "content/documents/a.md",
                &doc(&format!(
                    "capture:\n  file: {file}\n  sha256: {}\n",
                    "0".repeat(64)
                )),
            ),
        ]);
        std::fs::write(nest.outer.path().join("secret.txt"), "SECRET-CAPTURE").unwrap();
        let o = scholia(&["build", "--root", &nest.root_str()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        let d = diagnostics(&err);
        assert!(
            d[0].0.starts_with(
                "content/documents/a.md:5:9: error: `capture.file` must be the name of a file beside the document: it "
            ),
            "{file}: {err}"
        );
        assert!(
            d[0].1
                .as_deref()
                .is_some_and(|h| h.contains("file name only")),
            "{err}"
        );
        assert!(
            !err.contains("SECRET-CAPTURE") && !err.contains("root:"),
            "{err}"
        );
        assert!(!nest.root().join("public").exists());
    }
}

#[test]
fn a_theme_name_that_is_a_path_is_refused() {
    let nest = Nest::new(&[("site.toml", "title = \"T\"\ntheme = \"../../etc\"\n")]);
    let o = scholia(&["check", "--root", &nest.root_str()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let d = diagnostics(&err);
    assert_eq!(
        d[0].0,
        "site.toml:2:9: error: `theme` must be a folder name under themes/: it starts with `.` or contains `..`"
    );
    assert!(d[0].1.as_deref().is_some_and(|h| h.contains("\"default\"")));
    assert_no_os_error(&err);
}

#[test]
fn an_annotation_target_that_is_a_path_is_refused() {
    let nest = Nest::new(&[
        ("site.toml", SITE),
        ("content/documents/a.md", &doc("")),
        (
            "content/annotations/a/note.md",
            "---\ntarget: ../x\nquote: Some text\nkind: context\nauthor: A\ndate: 2026-11-23\n---\nA note.\n",
        ),
    ]);
    let o = scholia(&["check", "--root", &nest.root_str()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let d: Vec<_> = diagnostics(&err)
        .into_iter()
        .filter(|(l, _)| l.contains(": error: "))
        .collect();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(
        d[0].0,
        "content/annotations/a/note.md:2:9: error: `target` must be a document's address (its file name without .md): it contains `.`"
    );
    assert!(d[0].1.is_some(), "{err}");
}

#[test]
fn a_very_long_tag_makes_a_bounded_folder_name() {
    let tag = "word ".repeat(120);
    let nest = Nest::new(&[
        ("site.toml", SITE),
        (
            "content/documents/a.md",
            &doc(&format!("tags: [\"{tag}\", \"{tag} more\"]\n")),
        ),
    ]);
    let out = build(&nest.root());
    let html = page(&out, "documents/a/index.html");
    let hrefs: Vec<String> = html
        .select(&sel(".doc-facts a"))
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("/tags/"))
        .map(str::to_string)
        .collect();
    assert_eq!(hrefs.len(), 2, "{hrefs:?}");
    assert_ne!(hrefs[0], hrefs[1], "two tags became one page");
    for href in &hrefs {
        let folder = href.trim_start_matches("../../tags/").trim_end_matches('/');
        assert!(!folder.contains('/') && folder.len() <= 100, "{href}");
        assert!(
            out.join("tags").join(folder).join("index.html").is_file(),
            "{href}"
        );
    }
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Every file of the built site, as text.
#[cfg(unix)]
fn site_texts(out: &Path) -> Vec<(String, String)> {
    snapshot(out)
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_archive_are_skipped_with_a_warning() {
    let nest = Nest::new(&[
        ("site.toml", SITE),
        (
            "content/documents/real.md",
            "---\ntitle: Real\ndate: 2022-01-03\n---\nReal text.\n",
        ),
        // A file elsewhere in the archive, linked in: read.
        (
            "shared/inside.md",
            "---\ntitle: Shared inside\ndate: 2022-01-02\n---\nShared text.\n",
        ),
        // A hidden file of the archive (a clone's credentials live in .git).
        (".git/config", "url = https://HIDDEN-TOKEN@example.org/x\n"),
    ]);
    let outer = nest.outer.path();
    let root = nest.root();
    write(
        outer,
        "secret.md",
        "---\ntitle: SECRET TITLE\ndate: 2022-01-01\n---\nSECRET-BODY.\n",
    );
    write(outer, "secret-folder/leak.md", &doc(""));
    // A whole folder of the content, linked from elsewhere.
    write(
        outer,
        "people-elsewhere/secret-person.md",
        "---\nname: SECRET PERSON\n---\nSECRET-BIO.\n",
    );
    symlink(outer.join("people-elsewhere"), root.join("content/people"));
    let docs = root.join("content/documents");
    symlink(outer.join("secret.md"), docs.join("leak.md"));
    symlink(outer.join("secret-folder"), docs.join("folder"));
    symlink("../../shared/inside.md", docs.join("inside.md"));
    symlink("../../.git/config", docs.join("config.txt"));
    symlink(
        outer.join("secret.md"),
        root.join("themes/default/static/leak.css"),
    );
    let o = scholia(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let real_outer = std::fs::canonicalize(outer).unwrap();
    let real_root = std::fs::canonicalize(&root).unwrap();
    let warnings: Vec<String> = diagnostics(&err)
        .into_iter()
        .filter(|(l, _)| l.contains(": warning: "))
        .map(|(l, h)| {
            assert!(h.is_some(), "{l}");
            l
        })
        .collect();
    assert_eq!(
        warnings,
        vec![
            format!(
                "content/documents/config.txt:1:1: warning: `config.txt` is a symbolic link to {}, a hidden file of the archive; it was not read",
                real_root.join(".git/config").display()
            ),
            format!(
                "content/documents/folder:1:1: warning: `folder` is a symbolic link to {}, outside the archive; it was not read",
                real_outer.join("secret-folder").display()
            ),
            format!(
                "content/documents/leak.md:1:1: warning: `leak.md` is a symbolic link to {}, outside the archive; it was not read",
                real_outer.join("secret.md").display()
            ),
            format!(
                "content/people:1:1: warning: `people` is a symbolic link to {}, outside the archive; it was not read",
                real_outer.join("people-elsewhere").display()
            ),
            format!(
                "themes/default/static/leak.css:1:1: warning: `leak.css` is a symbolic link to {}, outside the archive; it was not read",
                real_outer.join("secret.md").display()
            ),
        ]
    );
    let out = root.join("public");
    let index = page(&out, "index.html");
    assert_eq!(
        texts(&index, ".doclist .doc-title"),
        vec!["Real", "Shared inside"]
    );
    for (path, text) in site_texts(&out) {
        for secret in ["SECRET", "HIDDEN-TOKEN"] {
            assert!(!text.contains(secret), "{path} holds {secret}");
        }
    }
    assert!(!out.join("leak.css").exists());
    assert!(!out.join("people/secret-person").exists());
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_skipped_and_the_walk_ends() {
    let nest = Nest::new(&[
        ("site.toml", SITE),
        (
            "content/documents/real.md",
            "---\ntitle: Real\ndate: 2022-01-03\n---\nReal text.\n",
        ),
    ]);
    let docs = nest.root().join("content/documents");
    symlink(".", docs.join("here"));
    symlink("self.md", docs.join("self.md"));
    symlink("b.md", docs.join("a.md"));
    symlink("a.md", docs.join("b.md"));
    let o = scholia(&["check", "--root", &nest.root_str()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let warnings: Vec<String> = diagnostics(&err)
        .into_iter()
        .map(|(l, _)| l)
        .filter(|l| l.contains(": warning: "))
        .collect();
    for (link, what) in [
        (
            "content/documents/a.md",
            "`a.md` is a symbolic link to b.md, which cannot be followed",
        ),
        (
            "content/documents/b.md",
            "`b.md` is a symbolic link to a.md, which cannot be followed",
        ),
        (
            "content/documents/here",
            "`here` is a symbolic link to content/documents, a folder it is in (a loop); it was not read",
        ),
        (
            "content/documents/self.md",
            "`self.md` is a symbolic link to self.md, which cannot be followed",
        ),
    ] {
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(&format!("{link}:1:1: warning: {what}"))),
            "{link}: {err}"
        );
    }
    assert!(err.contains("checked"), "{err}");
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_link_out_of_the_archive() {
    // `import` into a documents folder that is a link out of the archive.
    let nest = Nest::new(&[("site.toml", SITE)]);
    let outer = nest.outer.path();
    std::fs::create_dir_all(outer.join("elsewhere")).unwrap();
    std::fs::create_dir_all(nest.root().join("content")).unwrap();
    symlink(
        outer.join("elsewhere"),
        nest.root().join("content/documents"),
    );
    let capture = outer.join("capture.txt");
    std::fs::write(&capture, CAPTURE).unwrap();
    let o = scholia(&[
        "import",
        "--root",
        &nest.root_str(),
        capture.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("outside the archive; nothing was written"),
        "{err}"
    );
    assert!(err.contains("\n  help: "), "{err}");
    assert_eq!(
        std::fs::read_dir(outer.join("elsewhere")).unwrap().count(),
        0
    );

    // `build` keeps its citation cache in .scholia/: a link out is not written through.
    let nest = Nest::new(&[("site.toml", SITE), ("content/documents/a.md", &doc(""))]);
    let outer = nest.outer.path();
    std::fs::create_dir_all(outer.join("cache-elsewhere")).unwrap();
    symlink(outer.join("cache-elsewhere"), nest.root().join(".scholia"));
    let o = scholia(&["build", "--root", &nest.root_str()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(".scholia/cache/citations.json:1:1: warning: not updated: it leads to "),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(outer.join("cache-elsewhere"))
            .unwrap()
            .count(),
        0
    );
    assert!(nest.root().join("public/documents/a/index.html").is_file());
}
