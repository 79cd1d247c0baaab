//! The XSS suite: every vector of `xss_vectors` (over a hundred) in every field that
//! reaches the output (`xss_fields`), built with the real binary (`xss_archives`);
//! every page loaded in headless Chromium with dialogs, console and errors hooked and
//! the live DOM queried (`xss_browser`); every feed and sitemap parsed as XML and every
//! JSON block parsed as JSON (`xss_data`). Zero may run or be injected; a field may
//! reject a vector instead, with a diagnostic at the field.
//!
//! A failure names the vector, the field and the page. The full reports are written
//! to `target/tmp/xss/report-*.txt`.

mod archives;
mod browser;
mod checked;
mod data;
mod fields;
mod vectors;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::xss::archives::{Archive, Diag, suite};
use crate::xss::browser::{Finding, allowed_tags, scan};
use crate::xss::data::{Problem, json_problems, xml_problems};
use crate::xss::fields::{FIELDS, Group, markers_in, placement_of};
use crate::xss::vectors::{Category, VECTORS};

/// `#17 img-onerror [Handler] in title`.
fn name(marker: u32) -> String {
    match placement_of(marker) {
        Some((v, f)) => format!(
            "vector #{v} {} [{}] in {}",
            VECTORS[v].name, VECTORS[v].category, f.name
        ),
        None => format!("marker {marker}"),
    }
}

/// Writes a report beside the built sites and fails with its first lines.
fn fail(file: &str, report: &str) -> ! {
    let path = suite().base.join(file);
    std::fs::write(&path, report).unwrap();
    let shown: Vec<&str> = report.lines().take(160).collect();
    panic!(
        "{}\n… the whole report: {}",
        shown.join("\n"),
        path.display()
    );
}

fn builds_that_broke(archives: &[Archive]) -> String {
    let mut s = String::new();
    for a in archives.iter().filter(|a| a.failure.is_some()) {
        let _ = writeln!(
            s,
            "archive {} could not be built and named no file: {}",
            a.name,
            a.failure.as_deref().unwrap_or("")
        );
    }
    s
}

#[test]
fn xss_suite_has_over_a_hundred_distinct_vectors_of_every_kind() {
    let templates: BTreeSet<&str> = VECTORS.iter().map(|v| v.template).collect();
    assert!(
        templates.len() >= 100,
        "{} distinct vectors",
        templates.len()
    );
    let names: BTreeSet<&str> = VECTORS.iter().map(|v| v.name).collect();
    assert_eq!(names.len(), VECTORS.len(), "vector names are unique");
    for v in VECTORS {
        assert!(v.template.contains("{M}"), "{} carries no marker", v.name);
        assert_eq!(
            markers_in(&v.with_marker("801701")),
            vec![801701],
            "{}: its marker must stand apart from other digits",
            v.name
        );
    }
    use Category::*;
    for c in [
        Script, Handler, JsonLd, Url, Markdown, Attribute, Svg, MathMl, Css, Xml, Parser,
    ] {
        assert!(VECTORS.iter().any(|v| v.category == c), "no {c} vector");
    }
    let ids: BTreeSet<u32> = FIELDS.iter().map(|f| f.id).collect();
    assert_eq!(ids.len(), FIELDS.len(), "field numbers are unique");
}

#[tokio::test(flavor = "current_thread")]
async fn xss_no_vector_runs_or_is_injected_in_any_page() {
    let s = suite();
    let pages: Vec<String> = walkdir::WalkDir::new(&s.sites)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(&s.sites)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(pages.len() > 1000, "only {} pages were built", pages.len());
    let allowed = allowed_tags(&crate::common::repo().join("themes/default"));
    let start = std::time::Instant::now();
    let findings: Vec<Finding> = scan(&s.sites, &pages, &allowed)
        .await
        .into_iter()
        .filter(|f| f.kind != "console" || !markers_in(&f.detail).is_empty())
        .collect();
    let elapsed = start.elapsed().as_secs();
    let broke = builds_that_broke(&s.archives);
    if findings.is_empty() && broke.is_empty() {
        return;
    }
    let mut by_placement: BTreeMap<u32, Vec<&Finding>> = BTreeMap::new();
    let mut unattributed = Vec::new();
    for f in &findings {
        let ms = markers_in(&f.detail);
        if ms.is_empty() {
            unattributed.push(f);
        }
        for m in ms {
            by_placement.entry(m).or_default().push(f);
        }
    }
    let ran: Vec<u32> = by_placement
        .iter()
        .filter(|(_, fs)| fs.iter().any(|f| f.executed()))
        .map(|(m, _)| *m)
        .collect();
    let mut r = String::new();
    let _ = writeln!(
        r,
        "XSS: {} pages of {} archives loaded in {elapsed} s: {} placements (vector in field) ran, {} injected markup, {} findings name no vector",
        pages.len(),
        s.archives.len(),
        ran.len(),
        by_placement.len(),
        unattributed.len()
    );
    r += &broke;
    let _ = writeln!(r, "\nBy field (vector numbers; * = it ran):");
    for field in FIELDS {
        let hit: Vec<String> = by_placement
            .keys()
            .filter_map(|m| placement_of(*m).map(|p| (m, p)))
            .filter(|(_, (_, f))| f.id == field.id)
            .map(|(m, (v, _))| format!("{v}{}", if ran.contains(m) { "*" } else { "" }))
            .collect();
        if !hit.is_empty() {
            let _ = writeln!(
                r,
                "  {:<32} {:>3}: {}",
                field.name,
                hit.len(),
                hit.join(" ")
            );
        }
    }
    let _ = writeln!(r, "\nEach placement (first finding, and how many pages):");
    for (m, fs) in by_placement.iter() {
        let first = fs.iter().find(|f| f.executed()).unwrap_or(&fs[0]);
        let pages: BTreeSet<&str> = fs.iter().map(|f| f.page.as_str()).collect();
        let kinds: BTreeSet<&str> = fs.iter().map(|f| f.kind.as_str()).collect();
        let _ = writeln!(
            r,
            "  {}: {} on {} page(s) [{}]\n      {}: {}",
            name(*m),
            if ran.contains(m) { "RAN" } else { "injected" },
            pages.len(),
            kinds.into_iter().collect::<Vec<_>>().join(", "),
            first.page,
            first.detail.chars().take(240).collect::<String>()
        );
    }
    // Findings without a marker on a page where a vector is named are most often
    // parts of that vector's markup (the <button> of its <form>): only the others
    // are listed.
    let named_pages: BTreeSet<&str> = by_placement
        .values()
        .flatten()
        .map(|f| f.page.as_str())
        .collect();
    let shadowed = unattributed
        .iter()
        .filter(|f| named_pages.contains(f.page.as_str()))
        .count();
    unattributed.retain(|f| !named_pages.contains(f.page.as_str()));
    if !unattributed.is_empty() {
        let _ = writeln!(
            r,
            "\nFindings that name no vector, on pages where no vector is named ({shadowed} more are on pages that name one):"
        );
        let of_page = regex::Regex::new(r"-v(\d{3})\b").unwrap();
        for f in &unattributed {
            // The page of a vector's document, entity or event names the vector.
            let vector = of_page
                .captures(&f.page)
                .and_then(|c| c[1].parse::<usize>().ok())
                .filter(|v| *v < VECTORS.len())
                .map(|v| format!("vector #{v} {} (field unknown) ", VECTORS[v].name))
                .unwrap_or_default();
            let _ = writeln!(
                r,
                "  {vector}{} [{}]: {}",
                f.page,
                f.kind,
                f.detail.chars().take(240).collect::<String>()
            );
        }
    }
    fail("report-browser.txt", &r);
}

fn problems_report(title: &str, count: usize, problems: &[Problem]) -> String {
    let mut r = format!("{title}: {count} checked, {} problems\n", problems.len());
    let mut by_field: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for p in problems {
        for m in &p.markers {
            if let Some((v, f)) = placement_of(*m) {
                by_field.entry(f.name).or_default().insert(v);
            }
        }
    }
    for (field, vs) in &by_field {
        let list: Vec<String> = vs.iter().map(std::string::ToString::to_string).collect();
        let _ = writeln!(r, "  {field:<32} {:>3}: {}", vs.len(), list.join(" "));
    }
    for p in problems {
        let names: Vec<String> = p.markers.iter().map(|m| name(*m)).collect();
        let _ = writeln!(
            r,
            "  {}: {}\n      {}",
            p.place,
            p.detail.chars().take(300).collect::<String>(),
            if names.is_empty() {
                "(names no vector)".to_string()
            } else {
                names.join("; ")
            }
        );
    }
    r
}

#[test]
fn xss_every_feed_and_sitemap_is_well_formed_xml_with_its_text_intact() {
    let s = suite();
    let (count, problems) = xml_problems(&s.archives);
    assert!(count > 10, "only {count} XML files were built");
    let broke = builds_that_broke(&s.archives);
    if !problems.is_empty() || !broke.is_empty() {
        fail(
            "report-xml.txt",
            &(broke + &problems_report("XML files", count, &problems)),
        );
    }
}

#[test]
fn xss_every_json_block_and_citation_file_parses_with_the_fields_intact() {
    let s = suite();
    let (count, problems) = json_problems(&s.archives);
    assert!(
        count > 1000,
        "only {count} JSON blocks and files were found"
    );
    let broke = builds_that_broke(&s.archives);
    if !problems.is_empty() || !broke.is_empty() {
        fail(
            "report-json.txt",
            &(broke + &problems_report("JSON blocks and files", count, &problems)),
        );
    }
}

fn shown(d: &Diag) -> String {
    format!(
        "{}:{}:{}: {}: {}",
        d.file, d.line, d.col, d.severity, d.message
    )
}

/// A field that rejects a vector must fail the build with an error that has a help
/// line, at the file (and, for checked fields, the line) where the vector is; a build
/// never panics; every field of free text is tested: some vector in it reached the
/// output.
#[test]
fn xss_a_rejected_vector_fails_the_build_with_a_diagnostic_and_every_field_is_reached() {
    let s = suite();
    let mut r = builds_that_broke(&s.archives);
    let mut reached: BTreeSet<u32> = BTreeSet::new();
    for e in walkdir::WalkDir::new(&s.sites).into_iter().flatten() {
        if e.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
            reached.extend(markers_in(&text));
        }
    }
    let mut rejected_by_field: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reached_by_field: BTreeMap<u32, usize> = BTreeMap::new();
    for a in &s.archives {
        for (round, code) in a.exits.iter().enumerate() {
            if *code != 0 && *code != 1 {
                let _ = writeln!(
                    r,
                    "{}: build round {} exited with {code}",
                    a.name,
                    round + 1
                );
            }
        }
        for (file, (_, diags)) in &a.rejected {
            if !diags
                .iter()
                .any(|d| d.severity == "error" && d.help.is_some())
            {
                let _ = writeln!(
                    r,
                    "{}: {file} was rejected without an error with a help line",
                    a.name
                );
            }
        }
        for p in &a.placements {
            let m: u32 = crate::xss::fields::marker(p.v, p.f).parse().unwrap();
            let field = crate::xss::fields::field(p.f);
            if let Some(diags) = a.rejection(p) {
                *rejected_by_field.entry(field.name).or_default() += 1;
                let checked = matches!(field.group, Group::Checked | Group::SiteChecked);
                let at_line = diags
                    .iter()
                    .any(|d| d.severity == "error" && d.file == p.file && d.line == p.line);
                if checked && !at_line {
                    let said: Vec<String> = diags.iter().map(shown).collect();
                    let _ = writeln!(
                        r,
                        "{} ({}:{}): rejected, but no error is at the field's line: {}",
                        name(m),
                        p.file,
                        p.line,
                        said.join(" | ")
                    );
                }
            } else if reached.contains(&m) {
                *reached_by_field.entry(p.f).or_default() += 1;
            }
        }
    }
    for f in FIELDS {
        // A checked field may keep a value off the pages (a hint) or reject it.
        let free = matches!(f.group, Group::Content | Group::Site | Group::Import);
        let got = reached_by_field.get(&f.id).copied().unwrap_or(0);
        let rejected = rejected_by_field.get(f.name).copied().unwrap_or(0);
        if free && got == 0 {
            let _ = writeln!(
                r,
                "field {:?}: no vector placed in it reached the output ({rejected} rejected): the suite does not test it",
                f.name
            );
        }
    }
    let mut counts = String::from("\nRejected placements by field:\n");
    for (f, n) in &rejected_by_field {
        let _ = writeln!(counts, "  {f:<32} {n}");
    }
    eprintln!("xss:{counts}");
    if !r.is_empty() {
        let _ = writeln!(counts, "\nscholia import said:\n{}", s.import_log);
        fail("report-diagnostics.txt", &(r + &counts));
    }
}
