//! `cargo bench --bench build`: builds a synthetic archive (10,000 documents of about
//! 1,550 words by default) several times and prints the median, beside a baseline that
//! only reads the files, renders them with pulldown-cmark and writes the HTML.
//!
//! Options (environment): `SCHOLIA_BENCH_DOCS` (documents, default 10000),
//! `SCHOLIA_BENCH_RUNS` (runs, default 5).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

fn main() {
    let docs: usize = env_or("SCHOLIA_BENCH_DOCS", 10_000);
    let runs: usize = env_or("SCHOLIA_BENCH_RUNS", 5);
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("archive");
    let words = generate(&root, docs);
    println!(
        "synthetic archive: {docs} documents, {:.0} words each on average",
        words as f64 / docs as f64
    );

    let out = tmp.path().join("public");
    let scholia = median(runs, || {
        let report = scholia::run(&scholia::Options {
            root: &root,
            out: Some(out.clone()),
            progress: &|| {},
            on_start: &|_| {},
            locked: false,
            force: false,
        })
        .expect("the synthetic archive builds");
        assert_eq!(report.documents, docs);
        let stages: Vec<String> = report
            .timings
            .iter()
            .map(|(s, t)| format!("{s} {:.2}", t.as_secs_f64()))
            .collect();
        println!("  stages (s): {}", stages.join(", "));
    });
    let base_out = tmp.path().join("baseline");
    let baseline = median(runs, || baseline_build(&root, &base_out));
    println!(
        "scholia build:  median {:.2} s over {runs} runs",
        scholia.as_secs_f64()
    );
    println!(
        "baseline (read + pulldown-cmark + write): median {:.2} s",
        baseline.as_secs_f64()
    );
    println!(
        "ratio scholia / baseline: {:.2}",
        scholia.as_secs_f64() / baseline.as_secs_f64()
    );
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Reads every document, renders its body with pulldown-cmark, writes one file each.
fn baseline_build(root: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/documents"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
        let dir = out.join(path.file_stem().unwrap());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), html).unwrap();
    });
}

const VOCABULARY: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "is",
    "we",
    "it",
    "for",
    "on",
    "with",
    "as",
    "this",
    "was",
    "are",
    "be",
    "by",
    "have",
    "not",
    "they",
    "at",
    "from",
    "our",
    "their",
    "security",
    "agreement",
    "talks",
    "humanitarian",
    "corridors",
    "council",
    "minister",
    "president",
    "situation",
    "international",
    "sovereignty",
    "negotiations",
    "civilians",
    "organisation",
    "question",
    "statement",
    "government",
    "territory",
    "people",
    "said",
    "would",
    "which",
    "there",
    "been",
    "will",
    "were",
    "what",
    "about",
    "issue",
    "Charter",
];
const PEOPLE: &[&str] = &[
    "Ana Silva",
    "Jan Kowalski",
    "Li Wei",
    "Omar Haddad",
    "Eva Novak",
    "Kofi Mensah",
    "Sara Cohen",
    "Ivan Petrov",
];
const PLACES: &[&str] = &[
    "Kyiv", "Geneva", "Istanbul", "Moscow", "Vienna", "Minsk", "Ankara", "Warsaw",
];

/// Writes the archive; returns the number of body words.
fn generate(root: &Path, docs: usize) -> usize {
    let dir = root.join("content/documents");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Benchmark\"\nbase_url = \"https://bench.example/\"\n",
    )
    .unwrap();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.unwrap();
        let target = root
            .join("themes/default")
            .join(entry.path().strip_prefix(&theme).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    (0..docs)
        .into_par_iter()
        .map(|i| {
            let (text, words) = document(i);
            std::fs::write(dir.join(format!("doc-{i:05}.md")), text).unwrap();
            words
        })
        .sum()
}

fn document(i: usize) -> (String, usize) {
    // Seeded: the same archive every run.
    let mut rng = fastrand::Rng::with_seed(i as u64 + 1);
    let speakers = [
        PEOPLE[rng.usize(..PEOPLE.len())],
        PEOPLE[rng.usize(..PEOPLE.len())],
    ];
    let mut text = format!(
        "---\ntitle: \"Synthetic document {i}\"\ndate: {}-{:02}-{:02}\nkind: {}\nsource:\n  url: https://source.example/{i}\n  publisher: Source {}\nspeakers: [{}, {}]\nplaces: [{}]\ntags: [tag-{}]\n---\n\n",
        1990 + rng.usize(..35),
        1 + rng.usize(..12),
        1 + rng.usize(..28),
        if i.is_multiple_of(2) {
            "transcript"
        } else {
            "article"
        },
        rng.usize(..50),
        speakers[0],
        speakers[1],
        PLACES[rng.usize(..PLACES.len())],
        rng.usize(..200),
    );
    let mut words = 0;
    let mut paragraph: usize = 0;
    while words < 1_550 {
        if paragraph.is_multiple_of(6) {
            text.push_str(&format!("**{}:** ", speakers[paragraph / 6 % 2]));
        }
        if paragraph % 9 == 4 {
            for _ in 0..3 {
                text.push_str("- ");
                words += sentence(&mut rng, &mut text, 12);
                text.push('\n');
            }
        } else {
            for _ in 0..3 + rng.usize(..3) {
                let n = 8 + rng.usize(..14);
                words += sentence(&mut rng, &mut text, n);

                text.push(' ');
            }
            if paragraph == 3 {
                text.push_str("[^1]");
            }
            text.push('\n');
        }
        text.push('\n');
        paragraph += 1;
    }
    text.push_str("[^1]: A note on the source.\n");
    (text, words)
}

fn sentence(rng: &mut fastrand::Rng, out: &mut String, n: usize) -> usize {
    for w in 0..n {
        let word = VOCABULARY[rng.usize(..VOCABULARY.len())];
        if w == 0 {
            let mut c = word.chars();
            if let Some(first) = c.next() {
                out.extend(first.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push('.');
    n
}
