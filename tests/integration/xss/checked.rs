//! Two of the XSS suite's archives: fields with a validator, one file per vector and
//! field (a rejection must name the file and the line), and captures that go through
//! `scholia import` before they are built.

use std::path::Path;

use crate::common::{scholia, stderr, write};
use crate::xss::archives::{Archive, Diag, PLAIN_DOC, Placement, date, sha256};
use crate::xss::fields::*;

/// Fields with a validator, each vector in its own file.
pub fn checked(base: &Path, n: usize) -> Archive {
    let mut a = Archive::new("checked", base);
    write(
        &a.root,
        "site.toml",
        "title = \"Checked fields\"\nbase_url = \"https://archive.example.org/\"\n",
    );
    write(&a.root, "content/documents/doc-base.md", PLAIN_DOC);
    write(
        &a.root,
        "content/events/event-base.md",
        "---\ntitle: A plain event\ndate: 2022-03-01\n---\n",
    );
    for v in 0..n {
        for f in 80..=91 {
            document_field(&mut a, v, f);
        }
        let x = |f: u32| yaml(&value(v, f));
        a.file(
            &format!("content/people/c92-v{v:03}.md"),
            &format!("---\nname: Person c92 v{v:03}\nwikidata: {}\n---\n", x(92)),
            &[(v, 92)],
        );
        a.file(
            &format!("content/events/c93-v{v:03}.md"),
            &format!("---\ntitle: Event c93 v{v:03}\ndate: {}\n---\n", x(93)),
            &[(v, 93)],
        );
        for f in 94..=97 {
            let line = |k: u32, plain: &str| {
                if k == f { x(f) } else { plain.to_string() }
            };
            let paragraph = if f == 95 {
                format!("paragraph: {}\n", x(95))
            } else {
                String::new()
            };
            a.file(
                &format!("content/annotations/doc-base/c{f}-v{v:03}.md"),
                &format!(
                    "---\ntarget: {}\nquote: anchor words\n{paragraph}kind: {}\nauthor: Archivist\ndate: {}\n---\nA note.\n",
                    line(94, "doc-base"),
                    line(96, "context"),
                    line(97, "2026-11-23"),
                ),
                &[(v, f)],
            );
        }
    }
    a
}

/// A document with vector `v` in the checked document field `f`.
fn document_field(a: &mut Archive, v: usize, f: u32) {
    let slug = format!("c{f}-v{v:03}");
    let x = yaml(&value(v, f));
    let capture = |a: &mut Archive, name: &str| -> String {
        let text = format!("Capture of {slug}.\n");
        write(&a.root, &format!("content/documents/{name}"), &text);
        sha256(text.as_bytes())
    };
    let mut fm = format!("title: Checked {slug}\n");
    fm += &format!("date: {}\n", if f == 82 { x.clone() } else { date(v) });
    let mut body = "The words of the checked document.\n".to_string();
    match f {
        80 => fm += &format!("source:\n  url: {x}\n"),
        81 => fm += &format!("republished:\n  - publisher: Mirror\n    url: {x}\n"),
        83 => fm += &format!("republished:\n  - publisher: Mirror\n    date: {x}\n"),
        84 => {
            let name = format!("{slug}.capture.txt");
            let sha = capture(a, &name);
            fm += &format!("capture:\n  file: {name}\n  sha256: {sha}\n  date: {x}\n");
        }
        85 => fm += &format!("kind: {x}\n"),
        86 => fm += &format!("language: {x}\n"),
        87 => {
            // A capture file by the hostile name, when the system allows that name.
            let name = value(v, f);
            let usable = !name.is_empty()
                && name.len() < 250
                && !name.contains(['/', '\0'])
                && name != "."
                && name != "..";
            let sha = if usable {
                capture(a, &name)
            } else {
                "0".repeat(64)
            };
            fm += &format!("capture:\n  file: {x}\n  sha256: {sha}\n");
        }
        88 => {
            let name = format!("{slug}.capture.txt");
            capture(a, &name);
            fm += &format!("capture:\n  file: {name}\n  sha256: {x}\n");
        }
        89 => fm += &format!("event: {x}\n"),
        90 => body += &format!("\nSee [[{}]] here.\n", one_line(&value(v, f))),
        91 => body += &format!("\nSee [[doc-base#{}]] here.\n", one_line(&value(v, f))),
        _ => {}
    }
    a.file(
        &format!("content/documents/{slug}.md"),
        &format!("---\n{fm}---\n{body}"),
        &[(v, f)],
    );
}

/// Captures with vectors in the headline, the text and speaker labels, and import
/// rules in site.toml naming publishers and speakers with vectors; imported with
/// `scholia import`, then built like the others. A capture the import refuses (with
/// an error) is set aside and the rest imported.
pub fn import(base: &Path, k: usize, vs: &[usize]) -> (Archive, String) {
    let mut a = Archive::new(&format!("import-{k:02}"), base);
    let mut toml = String::from(
        "title = \"Imported captures\"\nbase_url = \"https://archive.example.org/\"\n",
    );
    let mut captures = Vec::new();
    for &v in vs {
        toml += &format!(
            "\n[[import.sources]]\nmatch = {}\npublisher = {}\nrepublisher = {}\n[import.sources.speakers]\n\"THE MINISTER\" = {}\n",
            toml_str(&format!("Wire-v{v:03}\\b")),
            toml_str(&value(v, 73)),
            toml_str(&value(v, 74)),
            toml_str(&value(v, 75)),
        );
        let published = chrono::NaiveDate::parse_from_str(&date(v), "%Y-%m-%d")
            .unwrap()
            .format("%B %-d, %Y");
        let capture = format!(
            "Wire-v{v:03} Daily Ledger\nSections  World  Business  Tech  Opinion\n\nWorld\nConvoy v{v:03} {} reaches the port after weeks of talks\n\nBy Priya Natarajan\nPublished 9:12 AM, {published}\n\nA convoy of 40 trucks carrying food and medicine reached the port city on Monday, the first to arrive in nearly three weeks, aid officials said.\n\nThe convoy left the capital on Saturday {} after negotiators agreed on a route that avoided the heaviest fighting.\n\nTHE MINISTER: We are relieved, but this is only a start, the minister told reporters on Monday.\n\n{}: Residents described long queues for water and bread, and said that electricity had been cut for most of the week.\n\n© 2022 Daily Ledger Media. All rights reserved.\n",
            one_line(&value(v, 70)),
            value(v, 71),
            one_line(&value(v, 72)),
        );
        let rel = format!("captures/cap-v{v:03}.txt");
        write(&a.root, &rel, &capture);
        captures.push((v, rel));
    }
    write(&a.root, "site.toml", &toml);
    // The import stops at the first capture it refuses: that one is set aside with
    // its error, and the import goes on with the rest.
    let mut log = String::new();
    let mut left: Vec<&(usize, String)> = captures.iter().collect();
    while !left.is_empty() {
        let paths: Vec<String> = left
            .iter()
            .map(|(_, rel)| a.root.join(rel).to_string_lossy().into_owned())
            .collect();
        let mut args = vec!["import", "--root", a.root.to_str().unwrap()];
        args.extend(paths.iter().map(String::as_str));
        let o = scholia(&args);
        let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
        log += &format!("{}: exit {:?}\n{said}", a.name, o.status.code());
        if o.status.success() {
            break;
        }
        let done = left
            .iter()
            .take_while(|(_, rel)| said.contains(&format!("{rel} -> ")))
            .count();
        let Some((_, refused)) = left.get(done) else {
            break;
        };
        let diag = Diag {
            file: refused.clone(),
            line: 0,
            col: 0,
            severity: if said.contains("error: ") {
                "error"
            } else {
                "none"
            }
            .into(),
            message: said
                .lines()
                .find(|l| l.starts_with("error: "))
                .unwrap_or("")
                .into(),
            help: said
                .lines()
                .find_map(|l| l.strip_prefix("  help: "))
                .map(str::to_string),
        };
        a.rejected.insert(refused.clone(), (0, vec![diag]));
        left.drain(..=done);
    }
    // Each capture's fields live in the document it became (found by the capture
    // kept beside it).
    let docs = a.root.join("content/documents");
    let imported: Vec<(String, String)> = std::fs::read_dir(&docs)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
                .map(|e| {
                    (
                        format!("content/documents/{}", e.file_name().to_string_lossy()),
                        std::fs::read_to_string(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for (v, rel) in &captures {
        let v = *v;
        let token = format!("Wire-v{v:03} ");
        let home = imported.iter().find(|(file, _)| {
            let capture = a.root.join(file.replace(".md", ".capture.txt"));
            std::fs::read_to_string(capture).is_ok_and(|c| c.contains(&token))
        });
        for f in 70..=75 {
            let (file, line) = match home {
                Some((file, text)) => (
                    file.clone(),
                    text.lines()
                        .position(|l| l.contains(&marker(v, f)))
                        .map_or(0, |i| i + 1),
                ),
                None => (rel.clone(), 0),
            };
            a.placements.push(Placement { v, f, file, line });
        }
    }
    (a, log)
}
