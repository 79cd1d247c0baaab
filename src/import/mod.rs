//! `scholia import`: a raw capture in, a document of the archive out.
//!
//! A pure pipeline: normalise the characters, cut into blocks, tell the main text from
//! the page furniture, read the metadata, name the speakers, and write the Markdown.
//! Every dropped or changed block is recorded with its reason for `--explain`. Only
//! [`writer`] touches the disk.

mod classify;
pub mod dates;
mod emit;
mod metadata;
mod normalize;
pub mod rules;
mod segment;
mod speakers;
mod text;
pub mod writer;

use chrono::NaiveDate;
use serde::Serialize;

use classify::{Meta, Verdict};
pub use rules::{ImportConfig, ImportRules};
use segment::{Block, Shape};
use speakers::{Label, Namer};

/// What the command line may fix for a capture.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub kind: Option<String>,
    pub date: Option<NaiveDate>,
}

/// The imported document.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub meta: ImportedMeta,
    /// The Markdown body: paragraphs separated by blank lines.
    pub body: String,
    /// Every block dropped or changed, and every metadata decision, with its reason.
    pub explain: Vec<String>,
}

/// Front matter, in the order it is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedMeta {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    pub kind: String,
    pub language: String,
    #[serde(skip_serializing_if = "ImportedSource::is_empty")]
    pub source: ImportedSource,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub republished: Vec<ImportedCopy>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
}

impl ImportedSource {
    fn is_empty(&self) -> bool {
        self.url.is_none() && self.publisher.is_none() && self.authors.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedCopy {
    pub publisher: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// Imports one capture.
pub fn import(raw: &str, opts: &ImportOptions, config: &ImportConfig) -> Imported {
    let (normal, mut explain) = normalize::normalize(raw);
    let rules = config.for_capture(&normal);
    let blocks = segment::segment(&normal);
    let (mut verdicts, region) = classify::classify(&blocks);
    for (b, v) in blocks.iter().zip(verdicts.iter_mut()) {
        if let Some(p) = rules.drop.iter().find(|p| p.is_match(b.plain.trim())) {
            *v = Verdict::Chrome(format!("dropped by a site.toml rule: {}", p.as_str()));
        }
    }
    let found = metadata::extract(&blocks, &verdicts, region, &rules);
    if let Some(t) = found.title_block {
        verdicts[t] = Verdict::Meta(Meta::Title);
    }
    let markdown = is_markdown(&normal);
    let assembled = assemble(&blocks, &verdicts, markdown, &mut explain);
    let title = found
        .title
        .clone()
        .unwrap_or_else(|| first_words(&assembled.plain_start));
    let namer_labels: Vec<Label> = assembled.labels.iter().map(|(_, l)| l.clone()).collect();
    let namer = Namer::new(&normal, &title, &namer_labels);
    let names: Vec<String> = namer_labels
        .iter()
        .map(|l| {
            rules
                .speakers
                .get(&l.raw)
                .cloned()
                .unwrap_or_else(|| namer.name(l))
        })
        .collect();
    let body = assembled.render(&names);
    let mut speakers_list: Vec<String> = Vec::new();
    for n in &names {
        if !speakers::is_role(n) && n != "Answer" && !speakers_list.contains(n) {
            speakers_list.push(n.clone());
        }
    }
    for ((at, label), name) in assembled.labels.iter().zip(&names) {
        if *name != label.raw {
            explain.push(format!("line {at}: speaker `{}` named {name}", label.raw));
        }
    }
    for (b, v) in blocks.iter().zip(&verdicts) {
        match v {
            Verdict::Chrome(reason) => explain.push(format!(
                "line {}: dropped ({reason}): {}",
                b.line,
                excerpt(&b.plain)
            )),
            Verdict::Meta(m) => explain.push(format!(
                "line {}: metadata ({}): {}",
                b.line,
                meta_name(*m),
                excerpt(&b.plain)
            )),
            Verdict::Content => {}
        }
    }
    let kind = opts
        .kind
        .clone()
        .unwrap_or_else(|| guess_kind(&title, !assembled.labels.is_empty()));
    let language = text::language(&body).to_string();
    let meta = ImportedMeta {
        title,
        date: opts.date.or(found.date),
        kind,
        language,
        source: ImportedSource {
            url: found.source_url.clone(),
            publisher: rules.publisher.clone().or(found.publisher.clone()),
            authors: found.authors.clone(),
        },
        republished: rules
            .republisher
            .clone()
            .or(found.republisher.clone())
            .map(|publisher| ImportedCopy {
                publisher,
                url: None,
                date: found.page_date,
            })
            .into_iter()
            .collect(),
        speakers: speakers_list,
    };
    explain.sort_by_key(|l| line_of(l));
    Imported {
        meta,
        body,
        explain,
    }
}

fn meta_name(m: Meta) -> &'static str {
    match m {
        Meta::Title => "title",
        Meta::Date => "date",
        Meta::Url => "source URL",
        Meta::Byline => "byline",
    }
}

fn line_of(explain: &str) -> usize {
    explain
        .strip_prefix("line ")
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn excerpt(s: &str) -> String {
    let t: String = s.chars().take(70).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

fn first_words(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().take(12).collect();
    if words.is_empty() {
        "Untitled".into()
    } else {
        words.join(" ")
    }
}

/// A capture that carries Markdown of its own (links, bold, `#` headings).
pub fn is_markdown(text: &str) -> bool {
    text.contains("](")
        || text.lines().any(|l| {
            l.starts_with("# ")
                || l.starts_with("## ")
                || (l.starts_with("**") && l.matches("**").count() >= 2)
        })
}

fn guess_kind(title: &str, has_turns: bool) -> String {
    let t = title.to_lowercase();
    if has_turns {
        if t.contains("interview") || t.contains("интервью") {
            return "interview".into();
        }
        return "transcript".into();
    }
    if [
        "statement",
        "press release",
        "communiqué",
        "declaration",
        "заявление",
        "заява",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        return "statement".into();
    }
    "article".into()
}

/// The kept blocks, ready to write.
struct Assembled {
    /// (Markdown text, shape, index into `labels` of the turn it opens).
    parts: Vec<(String, Shape, Option<usize>)>,
    /// The labels, with the capture line each was found on.
    labels: Vec<(usize, Label)>,
    plain_start: String,
}

fn assemble(
    blocks: &[Block],
    verdicts: &[Verdict],
    markdown: bool,
    explain: &mut Vec<String>,
) -> Assembled {
    let md = |s: &str| {
        if markdown {
            emit::inline(s)
        } else {
            emit::literal(s)
        }
    };
    let mut out = Assembled {
        parts: Vec::new(),
        labels: Vec::new(),
        plain_start: String::new(),
    };
    // The label opening each kept paragraph, and how often each is used (to accept
    // one-word labels that recur).
    let found: Vec<Option<Label>> = blocks
        .iter()
        .zip(verdicts)
        .map(|(b, v)| {
            (*v == Verdict::Content && b.shape == Shape::Para)
                .then(|| speakers::parse_label(&b.text))
                .flatten()
        })
        .collect();
    let mut label_counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in found.iter().flatten() {
        *label_counts.entry(l.raw.as_str()).or_insert(0) += 1;
    }
    let all_text: String = blocks
        .iter()
        .map(|b| b.plain.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut pending: Option<usize> = None;
    let mut dropped_since_last = false;
    let mut last_plain = String::new();
    for ((b, v), label) in blocks.iter().zip(verdicts).zip(&found) {
        if *v != Verdict::Content {
            dropped_since_last = true;
            continue;
        }
        if out.plain_start.is_empty() {
            out.plain_start = b.plain.clone();
        }
        let label = label.clone().filter(|l| {
            speakers::accept(
                l,
                label_counts.get(l.raw.as_str()).copied().unwrap_or(0),
                &all_text,
            )
        });
        let (text, label_index) = match label {
            Some(l) => {
                let rest = l.rest.clone();
                let ts = l.timestamp.clone();
                out.labels.push((b.line, l));
                let index = out.labels.len() - 1;
                if rest.is_empty() {
                    pending = Some(index);
                    continue;
                }
                let rest_md = md(&rest);
                let text = match ts {
                    Some(t) => format!("\\[{t}\\] {rest_md}"),
                    None => rest_md,
                };
                (text, Some(index))
            }
            None => (md(&b.text), pending.take()),
        };
        // A paragraph cut in two by removed furniture (or by a line break) is rejoined.
        if let Some((prev_text, Shape::Para, _)) = out.parts.last_mut()
            && b.shape == Shape::Para
            && label_index.is_none()
            && !text::ends_sentence(&last_plain)
            && !last_plain.is_empty()
            && text::starts_lowercase(&b.plain)
        {
            prev_text.push(' ');
            prev_text.push_str(&text);
            explain.push(format!(
                "line {}: rejoined: paragraph cut {}",
                b.line,
                if dropped_since_last {
                    "by a removed block"
                } else {
                    "by a line break"
                }
            ));
            last_plain = b.plain.clone();
            dropped_since_last = false;
            continue;
        }
        last_plain = b.plain.clone();
        dropped_since_last = false;
        out.parts.push((text, b.shape.clone(), label_index));
    }
    if let Some(i) = pending {
        out.parts.push((String::new(), Shape::Para, Some(i)));
    }
    out
}

impl Assembled {
    /// The Markdown body, with each turn's label written as `**Full Name:**`.
    fn render(&self, names: &[String]) -> String {
        let mut out = String::new();
        let mut prev: Option<&Shape> = None;
        for (text, shape, label) in &self.parts {
            let same_list = matches!((prev, shape), (Some(Shape::Item { ordered: a }), Shape::Item { ordered: b }) if a == b);
            if !out.is_empty() {
                out.push_str(if same_list { "\n" } else { "\n\n" });
            }
            let label = label.map(|i| format!("**{}:**", emit::literal(&names[i])));
            match shape {
                Shape::Heading(level) => out.push_str(&format!(
                    "{} {}",
                    "#".repeat((*level).clamp(2, 6) as usize),
                    text
                )),
                Shape::Item { ordered: false } => out.push_str(&format!("- {text}")),
                Shape::Item { ordered: true } => out.push_str(&format!("1. {text}")),
                Shape::Rule => out.push_str("---"),
                Shape::Para => match label {
                    Some(l) if text.is_empty() => out.push_str(&l),
                    Some(l) => out.push_str(&format!("{l} {text}")),
                    None => out.push_str(text),
                },
            }
            prev = Some(shape);
        }
        out.push('\n');
        out
    }
}

/// The document as `--stdout` prints it and the writer saves it: YAML front matter, a
/// blank line, the Markdown body. `capture` is added when the capture is kept.
pub fn document_text(imported: &Imported, capture: Option<(&str, &str, &str)>) -> String {
    #[derive(Serialize)]
    struct Front<'a> {
        #[serde(flatten)]
        meta: &'a ImportedMeta,
        #[serde(skip_serializing_if = "Option::is_none")]
        capture: Option<CaptureRef<'a>>,
    }
    #[derive(Serialize)]
    struct CaptureRef<'a> {
        file: &'a str,
        sha256: &'a str,
        date: &'a str,
    }
    let front = Front {
        meta: &imported.meta,
        capture: capture.map(|(file, sha256, date)| CaptureRef { file, sha256, date }),
    };
    format!(
        "---\n{}---\n\n{}",
        crate::parse::frontmatter::to_yaml(&front),
        imported.body
    )
}

#[cfg(test)]
mod tests;
