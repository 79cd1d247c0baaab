//! `scholia import`: the test captures under `tests/fixtures/import/` (other sites,
//! chrome, date formats, languages and label styles than the seeds) against their
//! expected documents, scored as the quality measurement does; and the writer's
//! contract (capture kept, never overwrite, duplicates refused).

use std::collections::BTreeSet;
use std::path::Path;

use scholia::parse::frontmatter;
use serde_json::Value;

use crate::common::*;

struct Doc {
    meta: Value,
    body: String,
}

fn parse(text: &str) -> Doc {
    let split = frontmatter::split(text).expect("front matter");
    Doc {
        meta: frontmatter::parse(split.yaml).expect("yaml"),
        body: split.body.trim().to_string(),
    }
}

fn tokens(body: &str) -> Vec<String> {
    body.replace("**", " ")
        .replace('\\', "")
        .split_whitespace()
        .filter(|t| *t != "-")
        .map(str::to_string)
        .collect()
}

fn token_f1(got: &str, want: &str) -> f64 {
    let (g, w) = (tokens(got), tokens(want));
    let mut pool: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for t in &w {
        *pool.entry(t).or_insert(0) += 1;
    }
    let mut hit = 0;
    for t in &g {
        if let Some(n) = pool.get_mut(t.as_str())
            && *n > 0
        {
            *n -= 1;
            hit += 1;
        }
    }
    if g.is_empty() || w.is_empty() {
        return if g == w { 1.0 } else { 0.0 };
    }
    let (p, r) = (hit as f64 / g.len() as f64, hit as f64 / w.len() as f64);
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn paragraphs(body: &str) -> Vec<String> {
    body.split("\n\n")
        .flat_map(|p| p.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|p| !p.trim().is_empty())
        .collect()
}

fn labels(body: &str) -> Vec<String> {
    paragraphs(body)
        .iter()
        .filter_map(|p| {
            p.strip_prefix("**")
                .and_then(|r| r.split_once(":**"))
                .map(|(l, _)| l.to_string())
        })
        .collect()
}

fn field(meta: &Value, path: &[&str]) -> Value {
    let mut v = meta;
    for p in path {
        match v.get(p) {
            Some(x) => v = x,
            None => return Value::Null,
        }
    }
    v.clone()
}

#[test]
fn test_captures_meet_the_quality_bar() {
    let dir = repo().join("tests/fixtures/import");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "at least 15 test captures");
    let (mut f1s, mut recalls, mut meta_ok, mut meta_n, mut turns_ok, mut turns_n, mut exact) =
        (vec![], vec![], 0, 0, 0, 0, 0);
    let mut report = String::new();
    for name in &names {
        let path = dir.join(name);
        let out = scholia(&[
            "import",
            "--stdout",
            "--root",
            dir.to_str().unwrap(),
            path.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let got_text = String::from_utf8(out.stdout).unwrap();
        let want_text = std::fs::read_to_string(path.with_extension("md")).unwrap();
        if got_text == want_text {
            exact += 1;
        }
        let (got, want) = (parse(&got_text), parse(&want_text));
        let f1 = token_f1(&got.body, &want.body);
        let got_paras: BTreeSet<String> = paragraphs(&got.body).into_iter().collect();
        let want_paras = paragraphs(&want.body);
        let recall = want_paras.iter().filter(|p| got_paras.contains(*p)).count() as f64
            / want_paras.len().max(1) as f64;
        let fields: [&[&str]; 7] = [
            &["title"],
            &["date"],
            &["source", "url"],
            &["source", "publisher"],
            &["republished"],
            &["speakers"],
            &["kind"],
        ];
        let mut wrong = Vec::new();
        for f in fields {
            meta_n += 1;
            if field(&got.meta, f) == field(&want.meta, f) {
                meta_ok += 1;
            } else {
                wrong.push(f.join("."));
            }
        }
        let (gl, wl) = (labels(&got.body), labels(&want.body));
        turns_n += wl.len();
        turns_ok += wl.iter().zip(&gl).filter(|(a, b)| a == b).count();
        report.push_str(&format!(
            "{name:32} F1 {f1:.3}  paragraphs {recall:.2}  wrong metadata: {wrong:?}\n"
        ));
        f1s.push(f1);
        recalls.push(recall);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let meta = meta_ok as f64 / meta_n as f64;
    let turns = if turns_n == 0 {
        1.0
    } else {
        turns_ok as f64 / turns_n as f64
    };
    report.push_str(&format!(
        "mean token F1 {:.3}, paragraph recall {:.3}, metadata {meta:.3}, speaker turns {turns:.3}, exact documents {exact}/{}\n",
        mean(&f1s),
        mean(&recalls),
        names.len()
    ));
    println!("{report}");
    assert!(mean(&f1s) >= 0.98, "{report}");
    assert!(mean(&recalls) >= 0.95, "{report}");
    assert!(meta >= 0.90, "{report}");
    assert!(turns >= 0.95, "{report}");
}

#[test]
fn import_writes_the_document_and_the_capture_and_never_overwrites() {
    let tmp = archive(&[("site.toml", "title = \"T\"\n")]);
    let root = tmp.path().to_str().unwrap();
    let capture = repo().join("tests/fixtures/import/15-long-label.txt");
    let o = scholia(&["import", "--root", root, capture.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = tmp
        .path()
        .join("content/documents/2022-04-26-joint-press-conference-following-talks.md");
    let kept = tmp
        .path()
        .join("content/documents/2022-04-26-joint-press-conference-following-talks.capture.txt");
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        std::fs::read(&capture).unwrap()
    );
    let text = std::fs::read_to_string(&doc).unwrap();
    assert!(text.contains("capture:\n  file: 2022-04-26-joint-press-conference-following-talks.capture.txt\n  sha256: "), "{text}");
    // The archive builds with the imported document, its hash checked.
    build(tmp.path());
    // The same capture again is refused, even under another name.
    let again = scholia(&[
        "import",
        "--root",
        root,
        "--slug",
        "other",
        capture.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already imported as"),
        "{}",
        stderr(&again)
    );
    // A hand-edited document is not overwritten without --force…
    std::fs::write(
        &doc,
        text.replace("Ladies and gentlemen", "Ladies and gentlemen (edited)"),
    )
    .unwrap();
    let other = write_capture(
        tmp.path(),
        "Joint press conference following talks\n\nApril 26, 2022\n\nA different capture of the same event, long enough to be prose.\n",
    );
    let o = scholia(&["import", "--root", root, other.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("already exists; nothing was written"),
        "{}",
        stderr(&o)
    );
    assert!(std::fs::read_to_string(&doc).unwrap().contains("(edited)"));
    // …and with --force the edited file is kept as a backup.
    let o = scholia(&["import", "--force", "--root", root, other.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let backup = doc.with_extension("md.bak");
    assert!(
        std::fs::read_to_string(backup)
            .unwrap()
            .contains("(edited)")
    );
    build(tmp.path());
}

fn write_capture(dir: &Path, text: &str) -> std::path::PathBuf {
    let p = dir.join("capture-2.txt");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn stdout_writes_nothing_and_explain_gives_reasons() {
    let tmp = archive(&[("site.toml", "title = \"T\"\n")]);
    let capture = repo().join("tests/fixtures/import/06-news-article.txt");
    let o = scholia(&[
        "import",
        "--stdout",
        "--explain",
        "--root",
        tmp.path().to_str().unwrap(),
        capture.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(!tmp.path().join("content").exists());
    let err = stderr(&o);
    assert!(
        err.contains("dropped (photo caption or credit): Trucks wait at a checkpoint"),
        "{err}"
    );
    assert!(
        err.contains("rejoined: paragraph cut by a line break"),
        "{err}"
    );
    assert!(err.contains("dropped (author bio)"), "{err}");
}
