//! The XSS suite's archives: every vector written into every field (see `xss_fields`),
//! built with the real binary. A build that rejects files is fine when it names each
//! one with a diagnostic: the named files are set aside and the rest built again, so
//! one rejected field never hides the others. Everything is built once per test run,
//! under `CARGO_TARGET_TMPDIR/xss`, and shared by the suite's tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::{copy_tree, repo, scholia, stderr, write};
use crate::xss::checked::{checked, import};
use crate::xss::fields::*;
use crate::xss::vectors::VECTORS;

/// One diagnostic of a build, as printed.
#[derive(Debug, Clone)]
pub struct Diag {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub severity: String,
    pub message: String,
    pub help: Option<String>,
}

/// A vector written into a field: the file (relative to the archive) and its line.
#[derive(Debug, Clone)]
pub struct Placement {
    pub v: usize,
    pub f: u32,
    pub file: String,
    pub line: usize,
}

/// One archive of the suite and what became of it.
#[derive(Debug, Default)]
pub struct Archive {
    pub name: String,
    pub root: PathBuf,
    /// The built site (absent if nothing could be built).
    pub out: Option<PathBuf>,
    pub placements: Vec<Placement>,
    /// Files the build named with errors, set aside, and their diagnostics, by round.
    pub rejected: BTreeMap<String, (usize, Vec<Diag>)>,
    /// Build failures that named no content file (site.toml, a panic): the whole archive.
    pub failure: Option<String>,
    /// Exit codes of every build round.
    pub exits: Vec<i32>,
}

impl Archive {
    pub fn new(name: &str, base: &Path) -> Archive {
        let root = base.join("archives").join(name);
        copy_tree(&repo().join("themes/default"), &root.join("themes/default"));
        Archive {
            name: name.into(),
            root,
            ..Archive::default()
        }
    }

    /// Writes a file and records the placements whose markers it holds, each at the
    /// first line that has its marker.
    pub fn file(&mut self, rel: &str, text: &str, placed: &[(usize, u32)]) {
        write(&self.root, rel, text);
        for &(v, f) in placed {
            let m = marker(v, f);
            let line = text
                .lines()
                .position(|l| l.contains(&m))
                .map_or(0, |i| i + 1);
            self.placements.push(Placement {
                v,
                f,
                file: rel.into(),
                line,
            });
        }
    }

    /// The diagnostics that set a placement aside with its file (or with site.toml).
    pub fn rejection(&self, p: &Placement) -> Option<&[Diag]> {
        self.rejected
            .get(&p.file)
            .or_else(|| self.rejected.get("site.toml"))
            .map(|(_, d)| d.as_slice())
    }
}

/// Everything the suite built.
pub struct Suite {
    pub base: PathBuf,
    /// The built sites, each in `base/sites/<archive name>`.
    pub sites: PathBuf,
    pub archives: Vec<Archive>,
    /// What `scholia import` said, and which captures it did not import.
    pub import_log: String,
}

/// Builds the suite once per test process.
pub fn suite() -> &'static Suite {
    static SUITE: OnceLock<Suite> = OnceLock::new();
    SUITE.get_or_init(make)
}

fn make() -> Suite {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("xss");
    let _ = std::fs::remove_dir_all(&base);
    let sites = base.join("sites");
    std::fs::create_dir_all(&sites).unwrap();
    let n = VECTORS.len();
    let mut archives = vec![checked(&base, n)];
    // The feed lists the newest 50 documents: an archive per 45 vectors puts every
    // title in a feed.
    for (k, chunk) in (0..n).collect::<Vec<_>>().chunks(45).enumerate() {
        archives.push(content(&base, k, chunk));
    }
    let mut import_log = String::new();
    for (k, chunk) in (0..n).collect::<Vec<_>>().chunks(CHUNK).enumerate() {
        archives.push(site_fields(&base, k, chunk));
        let (a, log) = import(&base, k, chunk);
        archives.push(a);
        import_log += &log;
    }
    for v in 0..n {
        for f in [65, 66] {
            archives.push(site_checked(&base, v, f));
        }
    }
    // Two builds at a time: the machine is shared.
    let queue = std::sync::Mutex::new(archives.iter_mut().collect::<Vec<_>>());
    // The lock is held only while taking the next archive.
    let next = || queue.lock().unwrap().pop();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while let Some(a) = next() {
                    build_clean(a, &sites);
                }
            });
        }
    });
    Suite {
        base,
        sites,
        archives,
        import_log,
    }
}

/// Builds `a` into `sites/<name>`, setting aside the files each failed round names.
fn build_clean(a: &mut Archive, sites: &Path) {
    let out = sites.join(&a.name);
    for round in 1..=5 {
        let o = scholia(&[
            "build",
            "--quiet",
            "--root",
            a.root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let code = o.status.code().unwrap_or(-1);
        a.exits.push(code);
        if o.status.success() {
            a.out = Some(out);
            return;
        }
        let text = stderr(&o);
        let diags = parse_diagnostics(&text);
        let named: BTreeSet<String> = diags
            .iter()
            .filter(|d| {
                d.severity == "error" && (d.file.starts_with("content/") || d.file == "site.toml")
            })
            .map(|d| d.file.clone())
            .collect();
        if code != 1 || named.is_empty() {
            a.failure = Some(format!("exit {code}: {}", tail(&text, 1200)));
            return;
        }
        for file in named {
            let mine: Vec<Diag> = diags.iter().filter(|d| d.file == file).cloned().collect();
            if file == "site.toml" {
                // Nothing can be built without it.
                a.rejected.insert(file, (round, mine));
                return;
            }
            let _ = std::fs::remove_file(a.root.join(&file));
            a.rejected.insert(file, (round, mine));
        }
    }
    a.failure = Some("still failing after 5 rounds of setting files aside".into());
}

fn tail(s: &str, n: usize) -> String {
    let start = s.len().saturating_sub(n);
    let start = (start..s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len());
    s[start..].to_string()
}

/// Whether a line starts a diagnostic: `path:line:col: severity: `.
fn is_header(line: &str) -> bool {
    ["error", "warning", "note"].iter().any(|s| {
        line.split_once(&format!(": {s}: "))
            .is_some_and(|(place, _)| {
                let mut parts = place.rsplitn(3, ':');
                parts.next().is_some_and(|c| c.parse::<usize>().is_ok())
                    && parts.next().is_some_and(|l| l.parse::<usize>().is_ok())
            })
    })
}

/// `path:line:col: severity: message` lines, each with the `  help:` line after it.
pub fn parse_diagnostics(text: &str) -> Vec<Diag> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some((head, message)) = ["error", "warning", "note"]
            .iter()
            .find_map(|s| l.split_once(&format!(": {s}: ")).map(|(h, m)| ((h, *s), m)))
        else {
            continue;
        };
        let ((place, severity), message) = (head, message);
        let mut parts = place.rsplitn(3, ':');
        let (Some(col), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(line), Ok(col)) = (line.parse(), col.parse()) else {
            continue;
        };
        // A message may run over several lines (it quotes the content); the help
        // line follows it.
        let mut message = message.to_string();
        let mut help = None;
        for next in &lines[i + 1..] {
            if let Some(h) = next.strip_prefix("  help: ") {
                help = Some(h.to_string());
                break;
            }
            if is_header(next) {
                break;
            }
            message.push('\n');
            message.push_str(next);
        }
        out.push(Diag {
            file: file.to_string(),
            line,
            col,
            severity: severity.to_string(),
            message,
            help,
        });
    }
    out
}

pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn date(v: usize) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(v as u64);
    d.format("%Y-%m-%d").to_string()
}

/// Documents, entities, events and annotations, one set per vector; the names that
/// get pages of their own (people, places, tags…) a few vectors each.
fn content(base: &Path, k: usize, vs: &[usize]) -> Archive {
    let mut a = Archive::new(&format!("content-{k}"), base);
    write(
        &a.root,
        "site.toml",
        "title = \"XSS suite\"\nbase_url = \"https://archive.example.org/\"\n",
    );
    for &v in vs {
        let x = |f: u32| value(v, f);
        let slug = format!("doc-v{v:03}");
        let capture = format!(
            "Captured page v{v:03}\n\n{}\n\nThe end of the capture.\n",
            x(11)
        );
        let capture_name = format!("{slug}.capture.txt");
        write(
            &a.root,
            &format!("content/documents/{capture_name}"),
            &capture,
        );
        let fm = format!(
            "---\ntitle: {}\ndate: {}\nkind: transcript\nsummary: {}\nsource:\n  url: https://example.org/{slug}\n  publisher: {}\n  authors:\n    - {}\nrepublished:\n  - publisher: {}\n    url: https://mirror.example.org/{slug}\n    date: {}\ncapture:\n  file: {capture_name}\n  sha256: {}\n  date: 2026-11-23\nevent: event-v{v:03}\n---\n",
            yaml(&x(1)),
            date(v),
            yaml(&x(2)),
            yaml(&x(3)),
            yaml(&x(4)),
            yaml(&x(5)),
            date(v + 1),
            sha256(capture.as_bytes()),
        );
        let body = format!(
            "{para}\n\n**{label}:** The speaker's words in turn v{v:03}.\n\n## {heading}\n\n- {item}\n- A second item.\n\n| column | other |\n| --- | --- |\n| {cell} | plain |\n\n> {quote}\n\n~~~{info}\n{code}\n~~~\n\nA sentence with a note[^n].\n\n[^n]: {foot}\n\n[{ltext}](https://example.org/) and [a titled link](https://example.org/ \"{ltitle}\") and ![{alt}](i.png \"{ititle}\").\n\nSee [[{slug}|{wiki}]].\n\nHe said \"{said}\" that day.\n\nMentioned: {alias} today.\n\n{prefix} {aquote} {suffix}\n\nThe anchor words v{v:03} are here.\n",
            para = x(12),
            label = one_line(&x(13)),
            heading = one_line(&x(14)),
            item = one_line(&x(15)),
            cell = one_line(&x(16)).replace('|', "\\|"),
            quote = one_line(&x(17)),
            info = one_line(&x(18)),
            code = x(19),
            foot = one_line(&x(20)),
            ltext = one_line(&x(21)),
            ltitle = md_title(&x(22)),
            alt = one_line(&x(23)),
            ititle = md_title(&x(24)),
            wiki = one_line(&x(25)),
            said = one_line(&x(26)),
            alias = one_line(&x(31)),
            prefix = one_line(&x(55)),
            aquote = one_line(&x(54)),
            suffix = one_line(&x(56)),
        );
        let doc_fields: Vec<(usize, u32)> = (1..=5).chain(11..=26).map(|f| (v, f)).collect();
        a.file(
            &format!("content/documents/{slug}.md"),
            &(fm + "\n" + &body),
            &doc_fields,
        );
        let kind = ["people", "places", "organizations"][v % 3];
        a.file(
            &format!("content/{kind}/entity-v{v:03}.md"),
            &format!(
                "---\nname: {}\naliases: [{}]\nkind: {}\ndescription: {}\n---\n{}\n",
                yaml(&x(30)),
                yaml(&x(31)),
                yaml(&x(32)),
                yaml(&x(33)),
                x(34)
            ),
            &[(v, 30), (v, 31), (v, 32), (v, 33), (v, 34)],
        );
        a.file(
            &format!("content/events/event-v{v:03}.md"),
            &format!(
                "---\ntitle: {}\ndate: {}\nsummary: {}\n---\n{}\n",
                yaml(&x(40)),
                date(v),
                yaml(&x(43)),
                x(44)
            ),
            &[(v, 40), (v, 43), (v, 44)],
        );
        a.file(
            &format!("content/annotations/{slug}/a.md"),
            &format!(
                "---\ntarget: {slug}\nquote: {}\nprefix: {}\nsuffix: {}\nkind: context\nauthor: {}\ndate: 2026-11-23\ntitle: {}\nsources: [{}, \"https://example.org/source\"]\n---\n{}\n",
                yaml(&one_line(&x(54))),
                yaml(&format!("{} ", one_line(&x(55)))),
                yaml(&format!(" {}", one_line(&x(56)))),
                yaml(&x(51)),
                yaml(&x(50)),
                yaml(&x(52)),
                x(53)
            ),
            &[(v, 50), (v, 51), (v, 52), (v, 53), (v, 54), (v, 55), (v, 56)],
        );
    }
    // Names become pages of their own (a stub per name), so the vectors share them:
    // each name holds a few vectors, as many as keep its address a usable file name.
    let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
    for &v in vs {
        let mut with = groups.last().unwrap().clone();
        with.push(v);
        let joined: Vec<String> = with.iter().map(|&v| value(v, 42)).collect();
        if slug::slugify(joined.join(" ¦ ")).len() > 150 && with.len() > 1 {
            groups.push(vec![v]);
        } else {
            *groups.last_mut().unwrap() = with;
        }
    }
    for (k, vs) in groups.iter().enumerate() {
        let joined = |f: u32| {
            yaml(
                &vs.iter()
                    .map(|&v| value(v, f))
                    .collect::<Vec<_>>()
                    .join(" ¦ "),
            )
        };
        let placed = |fs: &[u32]| -> Vec<(usize, u32)> {
            vs.iter()
                .flat_map(|&v| fs.iter().map(move |&f| (v, f)))
                .collect()
        };
        a.file(
            &format!("content/documents/names-{k:02}.md"),
            &format!(
                "---\ntitle: Names {k:02}\ndate: 2021-06-01\nspeakers: [{}]\npeople: [{}]\nplaces: [{}]\norganizations: [{}]\ntags: [{}]\nevent: names-{k:02}\n---\nThe names of chunk {k:02}.\n",
                joined(6),
                joined(7),
                joined(8),
                joined(9),
                joined(10),
            ),
            &placed(&[6, 7, 8, 9, 10]),
        );
        a.file(
            &format!("content/events/names-{k:02}.md"),
            &format!(
                "---\ntitle: Names {k:02}\ndate: 2021-06-01\nplace: {}\nparticipants: [{}]\n---\n",
                joined(41),
                joined(42),
            ),
            &placed(&[41, 42]),
        );
    }
    a
}

/// A plain document for archives whose vectors are elsewhere.
pub const PLAIN_DOC: &str = "---\ntitle: A plain document\ndate: 2022-03-01\nsource:\n  publisher: Plain Publisher\n---\nThe anchor words are here.\n\nA second paragraph of the plain document.\n";

/// How many vectors share a `site.toml` (site fields, import rules).
pub const CHUNK: usize = 20;

/// `site.toml` text fields, [`CHUNK`] vectors to an archive (each field holds them all).
fn site_fields(base: &Path, k: usize, vs: &[usize]) -> Archive {
    let mut a = Archive::new(&format!("site-{k:02}"), base);
    let joined = |f: u32| {
        vs.iter()
            .map(|&v| value(v, f))
            .collect::<Vec<_>>()
            .join(" ¦ ")
    };
    let kinds: Vec<String> = vs.iter().map(|&v| toml_str(&value(v, 64))).collect();
    let toml = format!(
        "title = {}\ndescription = {}\nauthor = {}\nlicense = {}\nbase_url = \"https://archive.example.org/\"\n\n[annotations]\nkinds = [{}]\n",
        toml_str(&joined(60)),
        toml_str(&joined(61)),
        toml_str(&joined(62)),
        toml_str(&joined(63)),
        kinds.join(", ")
    );
    let placed: Vec<(usize, u32)> = vs
        .iter()
        .flat_map(|&v| [60, 61, 62, 63, 64].map(|f| (v, f)))
        .collect();
    a.file("site.toml", &toml, &placed);
    write(&a.root, "content/documents/doc-plain.md", PLAIN_DOC);
    for &v in vs {
        write(
            &a.root,
            &format!("content/annotations/doc-plain/k-v{v:03}.md"),
            &format!(
                "---\ntarget: doc-plain\nquote: anchor words\nkind: {}\nauthor: Archivist\ndate: 2026-11-23\n---\nA note of a hostile kind.\n",
                yaml(&value(v, 64))
            ),
        );
    }
    a
}

/// A `site.toml` value with a validator (`base_url`, `language`), one archive each.
fn site_checked(base: &Path, v: usize, f: u32) -> Archive {
    let key = if f == 65 { "base_url" } else { "language" };
    let mut a = Archive::new(&format!("{key}-v{v:03}"), base);
    a.file(
        "site.toml",
        &format!("title = \"Plain\"\n{key} = {}\n", toml_str(&value(v, f))),
        &[(v, f)],
    );
    write(&a.root, "content/documents/doc-plain.md", PLAIN_DOC);
    a
}
