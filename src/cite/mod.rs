//! Citations: a document as a CSL-JSON item, formatted by hayagriva's CSL engine with
//! the official styles (APA 7, Chicago notes and author-date, MLA 9, Harvard), and
//! written as BibTeX and RIS.
//!
//! The citation names the original (its publisher, date and URL), where the style
//! allows the copy it was captured from ("republished by"), the archive's copy, and the
//! access date (when the capture was made). A paragraph citation carries the locator
//! `para. 14`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use chrono::{Datelike, NaiveDate};
use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::json as csl_json;
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style as CslStyle};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
    LocatorPayload, SpecificLocator,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The citation styles offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    Apa,
    Chicago,
    ChicagoAuthorDate,
    Mla,
    Harvard,
    Bibtex,
    Ris,
    CslJson,
}

impl Style {
    /// The CSL-formatted styles, in the order pages show them.
    pub const CSL: [Style; 5] = [
        Style::Apa,
        Style::Chicago,
        Style::ChicagoAuthorDate,
        Style::Mla,
        Style::Harvard,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Style::Apa => "apa",
            Style::Chicago => "chicago",
            Style::ChicagoAuthorDate => "chicago-author-date",
            Style::Mla => "mla",
            Style::Harvard => "harvard",
            Style::Bibtex => "bibtex",
            Style::Ris => "ris",
            Style::CslJson => "csl-json",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Style::Apa => "APA (7th edition)",
            Style::Chicago => "Chicago (notes and bibliography)",
            Style::ChicagoAuthorDate => "Chicago (author-date)",
            Style::Mla => "MLA (9th edition)",
            Style::Harvard => "Harvard (Cite Them Right)",
            Style::Bibtex => "BibTeX",
            Style::Ris => "RIS",
            Style::CslJson => "CSL-JSON",
        }
    }

    fn archived(self) -> Option<ArchivedStyle> {
        Some(match self {
            Style::Apa => ArchivedStyle::AmericanPsychologicalAssociation,
            Style::Chicago => ArchivedStyle::ChicagoNotes,
            Style::ChicagoAuthorDate => ArchivedStyle::ChicagoAuthorDate,
            Style::Mla => ArchivedStyle::ModernLanguageAssociation,
            Style::Harvard => ArchivedStyle::HarvardCiteThemRight,
            _ => return None,
        })
    }
}

/// What a citation says about a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// A citation key: the document's slug.
    pub id: String,
    pub kind: String,
    pub title: String,
    /// Personal authors, as written ("Dave Lawler").
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub date: NaiveDate,
    /// The original's address.
    pub url: Option<String>,
    /// The archive's copy: its permalink, when the site's base_url is absolute.
    pub archive_url: Option<String>,
    pub archive_name: String,
    /// When the capture was made.
    pub accessed: Option<NaiveDate>,
    /// Copies the capture came from: publisher and date.
    pub republished: Vec<(String, Option<NaiveDate>)>,
    pub language: String,
}

impl Record {
    /// Official texts (transcripts, statements) are authored by their publisher when no
    /// person is named; news reports without a byline are cited by title.
    fn author_names(&self) -> Vec<Value> {
        if !self.authors.is_empty() {
            return self.authors.iter().map(|a| person(a)).collect();
        }
        self.corporate_author()
            .map(|p| json!({ "literal": p }))
            .into_iter()
            .collect()
    }

    /// The publisher, standing as author of an official text that names no person.
    pub fn corporate_author(&self) -> Option<&str> {
        self.publisher
            .as_deref()
            .filter(|_| self.authors.is_empty() && self.kind != "article")
    }

    fn note(&self) -> String {
        let copies: Vec<String> = self
            .republished
            .iter()
            .map(|(p, d)| match d {
                Some(d) => format!("republished by {p}, {}", d.format("%-d %B %Y")),
                None => format!("republished by {p}"),
            })
            .collect();
        let mut parts = Vec::new();
        if !copies.is_empty() {
            parts.push(capitalise(&copies.join("; ")));
        }
        match &self.archive_url {
            Some(u) => parts.push(format!("Archived copy: {u}")),
            None => parts.push(format!("Archived in {}", self.archive_name)),
        }
        parts.join(". ")
    }

    /// The CSL-JSON item.
    pub fn csl_json(&self) -> Value {
        let mut item = json!({
            "id": self.id,
            "type": if self.kind == "article" { "article-newspaper" } else { "webpage" },
            "title": self.title,
            "issued": { "date-parts": [date_parts(self.date)] },
            "archive": self.archive_name,
            "language": self.language,
        });
        let map = item.as_object_mut().expect("an object");
        if let Some(u) = self.url.as_ref().or(self.archive_url.as_ref()) {
            map.insert("URL".into(), json!(u));
        }
        if let Some(a) = &self.archive_url {
            map.insert(
                "archive_location".into(),
                json!(format!("archived copy: {a}")),
            );
        }
        let authors = self.author_names();
        if !authors.is_empty() {
            map.insert("author".into(), Value::Array(authors));
        }
        if let Some(p) = &self.publisher {
            // The site or paper the original appeared in.
            map.insert("container-title".into(), json!(p));
        }
        if self.kind != "article" && self.kind != "document" {
            map.insert("genre".into(), json!(capitalise(&self.kind)));
        }
        if let Some(a) = self.accessed {
            map.insert("accessed".into(), json!({ "date-parts": [date_parts(a)] }));
        }
        map.insert("note".into(), json!(self.note()));
        item
    }
}

/// `[year, month, day]` of a date, as CSL-JSON writes it.
pub fn date_parts(d: NaiveDate) -> [i64; 3] {
    [d.year().into(), d.month().into(), d.day().into()]
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// "Dave Lawler" → family "Lawler", given "Dave"; one word stays literal.
pub fn person(name: &str) -> Value {
    match name.trim().rsplit_once(' ') {
        Some((given, family)) => json!({ "family": family, "given": given }),
        None => json!({ "literal": name }),
    }
}

/// The CSL styles and locales, loaded once per build.
pub struct Citer {
    styles: Vec<(Style, IndependentStyle)>,
    locales: Vec<Locale>,
    /// Citations formatted by earlier builds, by [`cache_key`].
    known: HashMap<String, Formatted>,
    /// The citations this build used (found or formatted), for the next build's cache.
    used: Mutex<BTreeMap<String, Formatted>>,
}

/// The key of a formatted citation: a hash of everything its text depends on.
fn cache_key(item: &Value, style: Style, locator: Option<&str>) -> String {
    let digest = Sha256::digest(
        format!(
            "{}\0{}\0{}\0{}",
            CACHE_VERSION,
            item,
            style.key(),
            locator.unwrap_or("")
        )
        .as_bytes(),
    );
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Bump when the formatting changes, so cached citations are not reused.
const CACHE_VERSION: &str = "scholia-cite-2";

/// The citation cache, as stored between builds.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct CiteCache {
    pub entries: BTreeMap<String, Formatted>,
}

impl CiteCache {
    pub const PATH: &'static str = ".scholia/cache/citations.json";

    /// Parses a stored cache; a damaged or outdated one is simply empty.
    pub fn parse(text: &str) -> CiteCache {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn render(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Default for Citer {
    fn default() -> Self {
        Self::new()
    }
}

/// A formatted citation: the reference (bibliography entry) as plain text and as
/// styled runs, and the in-text or note citation as plain text. No HTML: the render
/// stage writes the runs as HTML through its escaper.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Formatted {
    pub reference: String,
    pub reference_runs: Vec<Run>,
    pub citation: String,
}

/// A piece of a formatted reference: its text, the style's formatting, and the
/// address when the style made it a link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Run {
    pub text: String,
    #[serde(default)]
    pub face: Face,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// The formatting a CSL style gives a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Face {
    pub italic: bool,
    pub bold: bool,
    pub small_caps: bool,
    pub underline: bool,
    /// Superscript (`Some(true)`) or subscript (`Some(false)`).
    pub raised: Option<bool>,
}

impl Face {
    fn of(f: &hayagriva::Formatting) -> Face {
        use hayagriva::citationberg::{
            FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign,
        };
        Face {
            italic: f.font_style == FontStyle::Italic,
            bold: f.font_weight == FontWeight::Bold,
            small_caps: f.font_variant == FontVariant::SmallCaps,
            underline: f.text_decoration == TextDecoration::Underline,
            raised: match f.vertical_align {
                VerticalAlign::Sup => Some(true),
                VerticalAlign::Sub => Some(false),
                _ => None,
            },
        }
    }
}

/// The runs of hayagriva's formatted output: its structure, not its HTML (which pastes
/// the item's strings unescaped). Adjacent runs with the same face and link merge.
fn runs(children: &hayagriva::ElemChildren) -> Vec<Run> {
    fn walk(children: &hayagriva::ElemChildren, out: &mut Vec<Run>) {
        for child in &children.0 {
            let (text, face, link) = match child {
                hayagriva::ElemChild::Text(t) => (&t.text, Face::of(&t.formatting), None),
                hayagriva::ElemChild::Markup(m) => (m, Face::default(), None),
                hayagriva::ElemChild::Link { text, url } => {
                    (&text.text, Face::of(&text.formatting), Some(url))
                }
                hayagriva::ElemChild::Elem(e) => {
                    walk(&e.children, out);
                    continue;
                }
                hayagriva::ElemChild::Transparent { .. } => continue,
            };
            match out.last_mut() {
                Some(last) if last.face == face && last.link.as_ref() == link => {
                    last.text.push_str(text)
                }
                _ => out.push(Run {
                    text: text.clone(),
                    face,
                    link: link.cloned(),
                }),
            }
        }
    }
    let mut out = Vec::new();
    walk(children, &mut out);
    out
}

impl Citer {
    pub fn new() -> Self {
        let styles = Style::CSL
            .iter()
            .filter_map(|&s| match s.archived()?.get() {
                CslStyle::Independent(style) => Some((s, style)),
                CslStyle::Dependent(_) => None,
            })
            .collect();
        // Only English locale files: the engine searches every file it is given on each
        // request, and citations are written in English.
        let locales = hayagriva::archive::locales()
            .into_iter()
            .filter(|l| l.lang.as_ref().is_some_and(|c| c.0.starts_with("en")))
            .collect();
        Citer {
            styles,
            locales,
            known: HashMap::new(),
            used: Mutex::new(BTreeMap::new()),
        }
    }

    /// Formats a CSL-JSON item in a CSL style; `locator` is a paragraph label.
    pub fn format(&self, item: &Value, style: Style, locator: Option<&str>) -> Option<Formatted> {
        let key = cache_key(item, style, locator);
        let formatted = match self.known.get(&key) {
            Some(f) => f.clone(),
            None => self.format_uncached(item, style, locator)?,
        };
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, formatted.clone());
        Some(formatted)
    }

    /// Starts from the citations of an earlier build.
    pub fn with_cache(mut self, cache: CiteCache) -> Self {
        self.known = cache.entries.into_iter().collect();
        self
    }

    /// The citations this build used: the next build's cache, and whether it differs
    /// from the one given.
    pub fn cache(&self) -> (CiteCache, bool) {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let changed = used.len() != self.known.len()
            || used.iter().any(|(k, v)| self.known.get(k) != Some(v));
        (CiteCache { entries: used }, changed)
    }

    fn format_uncached(
        &self,
        item: &Value,
        style: Style,
        locator: Option<&str>,
    ) -> Option<Formatted> {
        let csl = &self.styles.iter().find(|(s, _)| *s == style)?.1;
        let entry: csl_json::Item = serde_json::from_value(item.clone()).ok()?;
        let locale = Some(LocaleCode::en_us());
        let mut driver: BibliographyDriver<'_, csl_json::Item> = BibliographyDriver::new();
        let mut cite_item = CitationItem::new(&entry, None, locale.clone(), false, None);
        if let Some(l) = locator {
            cite_item.locator = Some(SpecificLocator(Locator::Paragraph, LocatorPayload::Str(l)));
        }
        driver.citation(CitationRequest::new(
            vec![cite_item],
            csl,
            locale.clone(),
            &self.locales,
            Some(1),
        ));
        let result = driver.finish(BibliographyRequest::new(csl, locale, &self.locales));
        let write = |e: &hayagriva::ElemChildren, f: BufWriteFormat| {
            let mut s = String::new();
            e.write_buf(&mut s, f).ok()?;
            Some(s)
        };
        let citation = write(&result.citations.first()?.citation, BufWriteFormat::Plain)?;
        let (reference, reference_runs) =
            match result.bibliography.as_ref().and_then(|b| b.items.first()) {
                Some(item) => (
                    write(&item.content, BufWriteFormat::Plain)?,
                    runs(&item.content),
                ),
                None => (citation.clone(), runs(&result.citations.first()?.citation)),
            };
        Some(Formatted {
            reference,
            reference_runs,
            citation,
        })
    }
}

/// Text as a BibTeX field value: TeX's special characters as commands, and braces as
/// `\textbraceleft{}`/`\textbraceright{}` (BibTeX counts every brace, escaped or not,
/// so `\{` would unbalance the field).
fn tex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An address as a verbatim BibTeX field: braces, spaces and backslashes
/// percent-encoded, so the field stays balanced and the address unchanged in meaning.
fn tex_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            ' ' => out.push_str("%20"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// BibTeX, readable by BibTeX, biblatex and reference managers: `@article` for news
/// reports (with the paper as `journal`), `@misc` for the rest. Every value is one
/// braced group; a corporate author is braced again so it is not split into names.
pub fn bibtex(r: &Record, locator: Option<&str>) -> String {
    let article = r.kind == "article";
    let mut fields: Vec<(&str, String)> = vec![("title", format!("{{{}}}", tex(&r.title)))];
    if let Some(p) = r.corporate_author() {
        fields.push(("author", format!("{{{}}}", tex(p))));
    } else if !r.authors.is_empty() {
        let names: Vec<String> = r
            .authors
            .iter()
            .map(|a| match a.trim().rsplit_once(' ') {
                Some((given, family)) => format!("{}, {}", tex(family), tex(given)),
                None => format!("{{{}}}", tex(a)),
            })
            .collect();
        fields.push(("author", names.join(" and ")));
    }
    fields.push(("date", r.date.format("%Y-%m-%d").to_string()));
    fields.push(("year", r.date.format("%Y").to_string()));
    fields.push(("month", r.date.format("%-m").to_string()));
    if let Some(p) = &r.publisher {
        if article {
            fields.push(("journal", tex(p)));
            fields.push(("journaltitle", tex(p)));
            fields.push(("entrysubtype", "newspaper".into()));
        } else {
            fields.push(("publisher", tex(p)));
            fields.push(("organization", tex(p)));
        }
    }
    if let Some(url) = r.url.as_ref().or(r.archive_url.as_ref()) {
        let url = tex_url(url);
        fields.push(("howpublished", format!("\\url{{{url}}}")));
        fields.push(("url", url));
    }
    if let Some(a) = r.accessed {
        fields.push(("urldate", a.format("%Y-%m-%d").to_string()));
    }
    if let Some(l) = locator {
        fields.push(("pages", format!("para. {}", tex(l))));
    }
    fields.push(("note", tex(&r.note())));
    fields.push(("langid", tex(&r.language)));
    let body: Vec<String> = fields
        .into_iter()
        .map(|(k, v)| format!("  {k} = {{{v}}}"))
        .collect();
    let kind = if article { "article" } else { "misc" };
    format!("@{kind}{{{},\n{}\n}}\n", r.id, body.join(",\n"))
}

/// RIS, as reference managers import it.
pub fn ris(r: &Record, locator: Option<&str>) -> String {
    let mut lines = vec![format!(
        "TY  - {}",
        if r.kind == "article" { "NEWS" } else { "ELEC" }
    )];
    lines.push(format!("TI  - {}", r.title));
    if let Some(p) = r.corporate_author() {
        lines.push(format!("AU  - {p}"));
    } else {
        for a in &r.authors {
            lines.push(format!(
                "AU  - {}",
                match a.rsplit_once(' ') {
                    Some((given, family)) => format!("{family}, {given}"),
                    None => a.clone(),
                }
            ));
        }
    }
    lines.push(format!("PY  - {}", r.date.format("%Y")));
    lines.push(format!("DA  - {}", r.date.format("%Y/%m/%d/")));
    if let Some(p) = &r.publisher {
        lines.push(format!("PB  - {p}"));
        lines.push(format!("T2  - {p}"));
    }
    if let Some(u) = r.url.as_ref().or(r.archive_url.as_ref()) {
        lines.push(format!("UR  - {u}"));
    }
    if let Some(a) = r.accessed {
        lines.push(format!("Y2  - {}", a.format("%Y/%m/%d/")));
    }
    if let Some(l) = locator {
        lines.push(format!("SP  - para. {l}"));
    }
    lines.push(format!("N1  - {}", r.note()));
    lines.push(format!("LA  - {}", r.language));
    lines.push(format!("DB  - {}", r.archive_name));
    lines.push("ER  - ".into());
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests;
