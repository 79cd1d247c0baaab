//! The XSS suite's checks of machine-read output: every XML file parsed by an XML
//! parser (roxmltree) with the feed's text equal to the fields it comes from, less the
//! characters XML 1.0 forbids; every JSON block of every page and every `cite.json`
//! parsed with serde_json, its strings equal to the fields (escaped, not deleted).

use std::path::Path;

use serde_json::Value;

use crate::xss::archives::Archive;
use crate::xss::fields::{markers_in, xml_text};

/// Something wrong in a file, with the markers that name the vectors involved.
#[derive(Debug, Clone)]
pub struct Problem {
    pub place: String,
    pub detail: String,
    pub markers: Vec<u32>,
}

fn problem(place: String, detail: String, context: &str) -> Problem {
    let mut markers = markers_in(&detail);
    for m in markers_in(context) {
        if !markers.contains(&m) {
            markers.push(m);
        }
    }
    Problem {
        place,
        detail,
        markers,
    }
}

/// `site.toml` as a value.
fn site(root: &Path) -> toml::Value {
    let text = std::fs::read_to_string(root.join("site.toml")).unwrap_or_default();
    toml::Value::Table(toml::from_str(&text).unwrap_or_default())
}

/// The front matter of the document `slug` of an archive, as JSON.
fn front_matter(root: &Path, slug: &str) -> Option<Value> {
    let text = std::fs::read_to_string(root.join(format!("content/documents/{slug}.md"))).ok()?;
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    serde_yaml::from_str(&rest[..end + 1]).ok()
}

fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

fn files(out: &Path, ext: &str) -> Vec<(String, std::path::PathBuf)> {
    let mut found: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, e.into_path())
        })
        .collect();
    found.sort();
    found
}

/// Every XML file of every built archive: well formed, and the feed's text intact.
pub fn xml_problems(archives: &[Archive]) -> (usize, Vec<Problem>) {
    let mut out = Vec::new();
    let mut count = 0;
    for a in archives {
        let Some(site_dir) = &a.out else { continue };
        let config = site(&a.root);
        for (rel, path) in files(site_dir, "xml") {
            count += 1;
            let place = format!("{}/{rel}", a.name);
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            let doc = match roxmltree::Document::parse(&text) {
                Ok(d) => d,
                Err(e) => {
                    out.push(problem(
                        place.clone(),
                        format!("not well-formed XML: {e}"),
                        "",
                    ));
                    // The parser stops at the first error: every character XML forbids
                    // is named, each by the marker of the vector it is in (vectors
                    // joined in one field are separated by " ¦ ").
                    for (row, line) in text.lines().enumerate() {
                        for (i, c) in line.char_indices() {
                            if !xml_text(&c.to_string()).is_empty() {
                                continue;
                            }
                            let from = line[..i].rfind(" ¦ ").map_or(0, |j| j + " ¦ ".len());
                            let to = line[i..].find(" ¦ ").map_or(line.len(), |j| i + j);
                            out.push(problem(
                                place.clone(),
                                format!("a character XML forbids, {c:?}, at {}:{}", row + 1, i + 1),
                                &line[from..to],
                            ));
                        }
                    }
                    continue;
                }
            };
            if rel == "atom.xml" {
                feed(a, &config, &doc, &place, &mut out);
            }
            if rel == "sitemap.xml" {
                sitemap(site_dir, &config, &doc, &place, &mut out);
            }
        }
    }
    (count, out)
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<String> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .map(|c| c.text().unwrap_or("").to_string())
}

fn same(place: &str, what: &str, found: Option<&str>, field: &str, out: &mut Vec<Problem>) {
    let want = xml_text(field);
    if found != Some(want.as_str()) {
        out.push(problem(
            place.to_string(),
            format!("{what} is {found:?}, the field less what XML forbids is {want:?}"),
            field,
        ));
    }
}

fn feed(
    a: &Archive,
    config: &toml::Value,
    doc: &roxmltree::Document,
    place: &str,
    out: &mut Vec<Problem>,
) {
    let root = doc.root_element();
    let title = config.get("title").and_then(|t| t.as_str()).unwrap_or("");
    same(
        place,
        "the feed's <title>",
        child_text(root, "title").as_deref(),
        title,
        out,
    );
    if let Some(d) = config
        .get("description")
        .and_then(|t| t.as_str())
        .filter(|d| !d.is_empty())
    {
        same(
            place,
            "the feed's <subtitle>",
            child_text(root, "subtitle").as_deref(),
            d,
            out,
        );
    }
    for entry in root.children().filter(|c| c.has_tag_name("entry")) {
        let href = entry
            .children()
            .find(|c| c.has_tag_name("link"))
            .and_then(|l| l.attribute("href"))
            .unwrap_or("");
        let Some(slug) = href.trim_end_matches('/').rsplit('/').next() else {
            continue;
        };
        let Some(fm) = front_matter(&a.root, slug) else {
            out.push(problem(
                place.into(),
                format!("an entry links to {href:?}, no document"),
                href,
            ));
            continue;
        };
        let at = format!("{place} (entry {slug})");
        same(
            &at,
            "<title>",
            child_text(entry, "title").as_deref(),
            s(&fm, &["title"]).unwrap_or(""),
            out,
        );
        if let Some(summary) = s(&fm, &["summary"]) {
            same(
                &at,
                "<summary>",
                child_text(entry, "summary").as_deref(),
                summary,
                out,
            );
        }
        let author = entry
            .children()
            .find(|c| c.has_tag_name("author"))
            .and_then(|au| child_text(au, "name"));
        let expected = s(&fm, &["source", "publisher"]).unwrap_or(title);
        same(&at, "<author><name>", author.as_deref(), expected, out);
    }
}

fn sitemap(
    site_dir: &Path,
    config: &toml::Value,
    doc: &roxmltree::Document,
    place: &str,
    out: &mut Vec<Problem>,
) {
    let base = config
        .get("base_url")
        .and_then(|t| t.as_str())
        .unwrap_or("/");
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    for loc in doc.descendants().filter(|n| n.has_tag_name("loc")) {
        let text = loc.text().unwrap_or("");
        let page = text.strip_prefix(base.as_str());
        if !page.is_some_and(|p| site_dir.join(p).join("index.html").is_file()) {
            out.push(problem(
                place.into(),
                format!("<loc>{text}</loc> is not a page of the site under {base}"),
                text,
            ));
        }
    }
}

/// Every JSON block of every page and every `cite.json`: parsed, with the document's
/// fields intact.
pub fn json_problems(archives: &[Archive]) -> (usize, Vec<Problem>) {
    let mut out = Vec::new();
    let mut count = 0;
    let blocks = scraper::Selector::parse(
        "script[type='application/ld+json'], script[type='application/json']",
    )
    .unwrap();
    for a in archives {
        let Some(site_dir) = &a.out else { continue };
        let site_title = site(&a.root)
            .get("title")
            .and_then(|t| t.as_str().map(str::to_string))
            .unwrap_or_default();
        for (rel, path) in files(site_dir, "html") {
            let html = scraper::Html::parse_document(&std::fs::read_to_string(&path).unwrap());
            let slug = rel
                .strip_prefix("documents/")
                .and_then(|r| r.strip_suffix("/index.html"))
                .filter(|s| !s.contains('/'));
            for block in html.select(&blocks) {
                count += 1;
                let text: String = block.text().collect();
                let place = format!(
                    "{}/{rel} <script type={:?}>",
                    a.name,
                    block.value().attr("type").unwrap_or("")
                );
                let value: Value = match serde_json::from_str(&text) {
                    Ok(v) => v,
                    Err(e) => {
                        // The vectors are in the text before the error, not in the rest
                        // of the page a broken block swallowed.
                        let before: Vec<&str> = text.lines().take(e.line()).collect();
                        out.push(problem(place, format!("not JSON: {e}"), &before.join("\n")));
                        continue;
                    }
                };
                let ld = block.value().attr("type") == Some("application/ld+json");
                if let (true, Some(slug)) = (ld, slug)
                    && let Some(fm) = front_matter(&a.root, slug)
                {
                    json_ld(&place, &value, &fm, &site_title, &mut out);
                }
            }
        }
        for (rel, path) in files(site_dir, "json") {
            count += 1;
            let place = format!("{}/{rel}", a.name);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let value: Value = match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => {
                    out.push(problem(place, format!("not JSON: {e}"), &text));
                    continue;
                }
            };
            let slug = rel
                .strip_prefix("documents/")
                .and_then(|r| r.strip_suffix("/cite.json"));
            if let Some(fm) = slug.and_then(|s| front_matter(&a.root, s)) {
                csl(&place, &value[0], &fm, &site_title, &mut out);
            }
        }
    }
    (count, out)
}

fn eq(place: &str, what: &str, found: Option<&str>, want: &str, out: &mut Vec<Problem>) {
    if found != Some(want) {
        out.push(problem(
            place.into(),
            format!("{what} is {found:?}, the field is {want:?}"),
            want,
        ));
    }
}

fn json_ld(place: &str, ld: &Value, fm: &Value, site_title: &str, out: &mut Vec<Problem>) {
    let title = s(fm, &["title"]).unwrap_or("");
    eq(place, "headline", s(ld, &["headline"]), title, out);
    eq(place, "name", s(ld, &["name"]), title, out);
    eq(
        place,
        "isPartOf.name",
        s(ld, &["isPartOf", "name"]),
        site_title,
        out,
    );
    if let Some(summary) = s(fm, &["summary"]) {
        eq(place, "description", s(ld, &["description"]), summary, out);
    }
    if let Some(p) = s(fm, &["source", "publisher"]) {
        eq(
            place,
            "publisher.name",
            s(ld, &["publisher", "name"]),
            p,
            out,
        );
    }
    let authors: Vec<&str> = fm["source"]["authors"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !authors.is_empty() {
        let found: Vec<&str> = ld["author"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["name"].as_str()).collect())
            .unwrap_or_default();
        if found != authors {
            out.push(problem(
                place.into(),
                format!("author names are {found:?}, the field is {authors:?}"),
                &authors.join(" "),
            ));
        }
    }
}

fn csl(place: &str, item: &Value, fm: &Value, site_title: &str, out: &mut Vec<Problem>) {
    eq(
        place,
        "title",
        s(item, &["title"]),
        s(fm, &["title"]).unwrap_or(""),
        out,
    );
    eq(place, "archive", s(item, &["archive"]), site_title, out);
    if let Some(p) = s(fm, &["source", "publisher"]) {
        eq(
            place,
            "container-title",
            s(item, &["container-title"]),
            p,
            out,
        );
    }
    for a in fm["source"]["authors"].as_array().into_iter().flatten() {
        let Some(a) = a.as_str() else { continue };
        let named = item["author"].as_array().into_iter().flatten().any(|p| {
            p["literal"].as_str() == Some(a)
                || match (p["given"].as_str(), p["family"].as_str()) {
                    (Some(g), Some(f)) => format!("{g} {f}") == a.trim(),
                    _ => false,
                }
        });
        if !named {
            out.push(problem(
                place.into(),
                format!("no author is named {a:?}: {}", item["author"]),
                a,
            ));
        }
    }
}
