//! Bad input: every problem is reported at `path:line:col` with a help line, the exit
//! code says what happened, and nothing panics.

use crate::common::*;

const SITE: &str = "title = \"T\"\n";

fn check(files: &[(&str, &str)]) -> (i32, String) {
    let tmp = archive(files);
    let out = scholia(&["check", "--root", tmp.path().to_str().unwrap()]);
    (out.status.code().unwrap(), stderr(&out))
}

#[test]
fn malformed_yaml_is_placed_in_the_file() {
    let (code, err) = check(&[
        ("site.toml", SITE),
        (
            "content/documents/a.md",
            "---\ntitle: \"Unclosed\ndate: 2022-01-01\n---\nText.\n",
        ),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/documents/a.md:4:1: error: invalid YAML: found unexpected end of stream\n  help: check the indentation and quote values that contain `:` or start with a special character\n1 error\n"
    );
}

#[test]
fn missing_title_bad_date_and_unknown_field_are_all_reported() {
    let (code, err) = check(&[
        ("site.toml", SITE),
        (
            "content/documents/a.md",
            "---\ndate: 2022-02-30\nspeaker: [X]\n---\nText.\n",
        ),
        (
            "content/documents/b.md",
            "---\ntitle: B\ndate: April 26, 2022\nsource:\n  publsher: P\n---\n",
        ),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "\
content/documents/a.md:1:1: error: missing required field `title`
  help: add `title: \"…\"` with the document's title
content/documents/a.md:2:7: error: not a valid date: \"2022-02-30\"
  help: write the date as YYYY-MM-DD, e.g. 2022-04-26
content/documents/a.md:3:1: error: unknown field `speaker`
  help: did you mean `speakers`?
content/documents/b.md:3:7: error: not a valid date: \"April 26, 2022\"
  help: write the date as YYYY-MM-DD, e.g. 2022-04-26
content/documents/b.md:5:3: error: unknown field `publsher`
  help: did you mean `publisher`?
5 errors
"
    );
}

#[test]
fn duplicate_slugs_are_reported() {
    let doc = "---\ntitle: A\ndate: 2022-01-01\n---\n";
    let (code, err) = check(&[
        ("site.toml", SITE),
        ("content/documents/x.md", doc),
        ("content/documents/2022/x.md", doc),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/documents/x.md:1:1: error: duplicate document address `x`: content/documents/2022/x.md has it too\n  help: two documents cannot share a file name, even in different folders; rename one\n1 error\n"
    );
}

#[test]
fn raw_script_is_a_warning_and_is_escaped_in_the_page() {
    let tmp = archive(&[
        ("site.toml", SITE),
        (
            "content/documents/a.md",
            "---\ntitle: A\ndate: 2022-01-01\n---\n\nSafe.\n\n<script>alert('x')</script>\n",
        ),
    ]);
    let out = scholia(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.starts_with("content/documents/a.md:8:1: warning: raw HTML is not rendered: `<script>alert('x')</script>`\n  help: it is shown as text; write Markdown instead (captures are untrusted, so HTML is never passed through)\nbuilt 1 document into "),
        "{err}"
    );
    let html = page(&tmp.path().join("public"), "documents/a/index.html");
    assert_only_our_scripts(&html);
    assert_eq!(texts(&html, "#p2"), vec!["2<script>alert('x')</script>"]);
}

#[test]
fn a_capture_that_changed_is_an_error() {
    let (code, err) = check(&[
        ("site.toml", SITE),
        ("content/documents/a.capture.txt", "changed"),
        (
            "content/documents/a.md",
            "---\ntitle: A\ndate: 2022-01-01\ncapture:\n  file: a.capture.txt\n  sha256: 0000000000000000000000000000000000000000000000000000000000000000\n---\n",
        ),
    ]);
    assert_eq!(code, 1);
    assert!(err.starts_with("content/documents/a.md:6:11: error: capture a.capture.txt does not match its sha256 (the file's is "), "{err}");
}

#[test]
fn site_toml_unknown_key_and_wrong_type() {
    let (code, err) = check(&[(
        "site.toml",
        "title = \"T\"\nbase_ulr = \"https://x.org/\"\n",
    )]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("site.toml:2:1: error: unknown field `base_ulr`, expected one of"),
        "{err}"
    );
    assert!(
        err.contains("\n  help: did you mean `base_url`?\n"),
        "{err}"
    );
    let (code, err) = check(&[("site.toml", "title = \"T\"\nlanguage = 7\n")]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("site.toml:2:12: error: invalid type: integer `7`, expected a string"),
        "{err}"
    );
}

#[test]
fn missing_front_matter_and_bad_file_names() {
    let (code, err) = check(&[
        ("site.toml", SITE),
        ("content/documents/Notes Draft.md", "# Just Markdown\n"),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "\
content/documents/Notes Draft.md:1:1: error: file name `Notes Draft.md` is not a usable address: it contains `N`
  help: rename the file to `notes-draft.md` (lowercase letters, digits and dashes, at most 100 bytes)
content/documents/Notes Draft.md:1:1: error: missing front matter
  help: start the file with a line `---`, the YAML fields (title, date, …), and another `---`
2 errors
"
    );
}

#[test]
fn no_site_toml_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = scholia(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: ") && err.contains("site.toml: No such file"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2_and_help_and_version_exit_0() {
    assert_eq!(scholia(&["build", "--nonsense"]).status.code(), Some(2));
    assert_eq!(scholia(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(scholia(&[]).status.code(), Some(2));
    for cmd in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["init", "--help"],
    ] {
        let o = scholia(cmd);
        assert_eq!(o.status.code(), Some(0), "{cmd:?}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Usage: scholia"),
            "{cmd:?}"
        );
    }
    let v = scholia(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&v.stdout),
        format!("scholia {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_broken_theme_template_names_the_template() {
    let tmp = archive(&[("site.toml", SITE)]);
    write(
        tmp.path(),
        "themes/default/templates/index.html",
        "{% extends \"base.html\" %}{% block main %}{{ nosuch.value }}{% endblock main %}",
    );
    let out = scholia(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "themes/default/templates/index.html:1:1: error: could not render index.html: "
        ),
        "{err}"
    );
    assert!(err.contains("nosuch"), "{err}");
}
