//! `site.toml`: the archive's settings.
//!
//! The raw form mirrors the file (`deny_unknown_fields`, so a typo is an error, not a
//! silently ignored key); [`SiteConfig::parse`] turns it into the validated model the
//! rest of the pipeline reads. Errors carry `site.toml:line:col` and a help line.

use serde::Deserialize;

use crate::diag::{Diagnostic, Pos, suggestion};

/// The validated settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Absolute URL (or `/`-rooted path) of the published archive, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/archive/`), used where links must be
    /// absolute (the 404 page is served at any depth).
    pub base_path: String,
    pub language: String,
    pub theme: String,
    pub output_dir: String,
    pub author: Option<String>,
    pub license: Option<String>,
    pub highlight: HighlightConfig,
    /// Rules for `scholia import`.
    pub import: crate::import::ImportConfig,
    /// Which entity mentions become links.
    pub mentions: crate::resolve::mentions::LinkPolicy,
    /// The annotation kinds: the built-in ones and those of `[annotations] kinds`.
    pub annotation_kinds: Vec<String>,
    /// Bounds on what one file or block may cost to build.
    pub limits: Limits,
}

/// `[limits]`: how large one content file or one block may be. Building takes memory
/// in proportion to the Markdown (a table of tiny cells costs the most, about a hundred
/// times its size), so input past these bounds is an error at its place that names
/// the setting, not a build that exhausts the machine. The defaults are far above any
/// real archive's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Bytes of one content file: a document, an entity, an event or an annotation.
    pub max_document_size: usize,
    /// Bytes of Markdown of one block: a paragraph, list item, table, block quotation
    /// or code block.
    pub max_block_size: usize,
    /// Blocks of one file (each costs a few kilobytes on its way to the page).
    pub max_document_blocks: usize,
}

impl Limits {
    pub const DEFAULT_DOCUMENT_SIZE: usize = 10 * 1024 * 1024;
    pub const DEFAULT_BLOCK_SIZE: usize = 1024 * 1024;
    pub const DEFAULT_DOCUMENT_BLOCKS: usize = 50_000;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_size: Self::DEFAULT_DOCUMENT_SIZE,
            max_block_size: Self::DEFAULT_BLOCK_SIZE,
            max_document_blocks: Self::DEFAULT_DOCUMENT_BLOCKS,
        }
    }
}

/// A size for messages: `1 MiB`, `2.5 MiB`, `300 KiB`, `12 bytes`.
pub fn format_size(bytes: usize) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    let (value, unit) = if b >= KIB * KIB {
        (b / (KIB * KIB), "MiB")
    } else if b >= KIB {
        (b / KIB, "KiB")
    } else {
        return format!("{bytes} bytes");
    };
    let text = format!("{value:.1}");
    format!("{} {unit}", text.strip_suffix(".0").unwrap_or(&text))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotationsConfig {
    #[serde(default)]
    kinds: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MentionsConfig {
    #[serde(default)]
    link: crate::resolve::mentions::LinkPolicy,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HighlightConfig {
    /// A syntect theme name for the light colour scheme.
    pub light_theme: String,
    /// A syntect theme name for the dark colour scheme.
    pub dark_theme: String,
}

impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig {
            light_theme: "InspiredGitHub".into(),
            dark_theme: "base16-ocean.dark".into(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_output_dir")]
    output_dir: String,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    license: Option<String>,
    #[serde(default)]
    highlight: HighlightConfig,
    #[serde(default)]
    import: crate::import::ImportConfig,
    #[serde(default)]
    mentions: MentionsConfig,
    #[serde(default)]
    annotations: AnnotationsConfig,
    #[serde(default)]
    limits: Limits,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> String {
    "public".into()
}

/// The file name, as shown in diagnostics.
pub const FILE_NAME: &str = "site.toml";

impl SiteConfig {
    /// Parses and validates the text of `site.toml`.
    pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| vec![toml_error(text, &e)])?;
        let mut problems = Vec::new();
        let base_url = normalise_base_url(&raw.base_url).unwrap_or_else(|help| {
            problems.push(
                Diagnostic::error(
                    FILE_NAME,
                    key_pos(text, "base_url"),
                    format!("`base_url` is not a usable URL: {:?}", raw.base_url),
                )
                .help(help),
            );
            "/".into()
        });
        problems.extend(value_problems(text, &raw));
        if !problems.is_empty() {
            return Err(problems);
        }
        let base_path = base_path_of(&base_url);
        let builtin = crate::parse::annotation::BUILTIN_KINDS;
        let extra = (raw.annotations.kinds.iter()).filter(|k| !builtin.contains(&k.as_str()));
        Ok(SiteConfig {
            title: raw.title,
            description: raw.description,
            base_url,
            base_path,
            language: raw.language,
            theme: raw.theme,
            output_dir: raw.output_dir,
            author: raw.author,
            license: raw.license,
            highlight: raw.highlight,
            import: raw.import,
            mentions: raw.mentions.link,
            annotation_kinds: (builtin.iter().map(|k| (*k).to_string()))
                .chain(extra.cloned())
                .collect(),
            limits: raw.limits,
        })
    }
}

/// Highlighting themes must be ones syntect ships.
fn highlight_problems(text: &str, h: &HighlightConfig) -> Vec<Diagnostic> {
    let defaults = HighlightConfig::default();
    if h.light_theme == defaults.light_theme && h.dark_theme == defaults.dark_theme {
        return Vec::new();
    }
    let names = crate::render::html::highlight::theme_names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    [
        ("light_theme", &h.light_theme),
        ("dark_theme", &h.dark_theme),
    ]
    .into_iter()
    .filter(|(_, name)| !names.contains(&name.as_str()))
    .map(|(key, name)| {
        Diagnostic::error(
            FILE_NAME,
            key_pos(text, key),
            format!("unknown highlighting theme {name:?}"),
        )
        .help(suggestion(name, &names))
    })
    .collect()
}

/// Turns a toml error into a diagnostic, with a "did you mean" for unknown keys.
fn toml_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    let pos = e
        .span()
        .map_or(Pos::START, |span| Pos::of_offset(text, span.start));
    let message = e.message().trim().to_string();
    let help = unknown_field_help(&message)
        .unwrap_or_else(|| "see the README's \"site.toml\" section for every setting".into());
    Diagnostic::error(FILE_NAME, pos, message).help(help)
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" message, the suggestion.
pub(crate) fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    if expected.is_empty() {
        return None;
    }
    Some(suggestion(field, &expected))
}

/// Where `key = …` is written at the start of a line (for semantic errors serde cannot
/// place).
fn key_pos(text: &str, key: &str) -> Pos {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let value = rest.trim_start()[1..].trim_start();
            let at = offset + line.len() - value.len();
            return Pos::of_offset(text, at);
        }
        offset += line.len();
    }
    Pos::START
}

/// Where a pattern is written (its first occurrence as a quoted string).
fn pattern_pos(text: &str, pattern: &str, key: &str) -> Pos {
    let quoted = toml::Value::String(pattern.to_string()).to_string();
    text.find(&quoted)
        .or_else(|| text.find(pattern))
        .map_or_else(|| key_pos(text, key), |i| Pos::of_offset(text, i))
}

/// Everything wrong with the settings' values, each at its key.
fn value_problems(text: &str, raw: &RawConfig) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if raw.title.trim().is_empty() {
        problems.push(
            Diagnostic::error(FILE_NAME, key_pos(text, "title"), "`title` is empty")
                .help("give the archive a name, e.g. title = \"My archive\""),
        );
    }
    if !is_language_tag(&raw.language) {
        problems.push(
            Diagnostic::error(
                FILE_NAME,
                key_pos(text, "language"),
                format!("`language` is not a language tag: {:?}", raw.language),
            )
            .help("use a BCP 47 tag such as \"en\", \"ru\" or \"pt-BR\""),
        );
    }
    // The theme is a folder name under themes/: checked before it is joined.
    if let Err(why) = crate::model::slug::check_file_name(&raw.theme) {
        problems.push(
            Diagnostic::error(
                FILE_NAME,
                key_pos(text, "theme"),
                format!("`theme` must be a folder name under themes/: {why}"),
            )
            .help("use a plain name such as \"default\" (ASCII letters, digits, `-`, `_` and `.`)"),
        );
    }
    if let Err(why) = check_output_dir(&raw.output_dir) {
        problems.push(
            Diagnostic::error(
                FILE_NAME,
                key_pos(text, "output_dir"),
                format!("`output_dir` must be a folder inside the archive: {why}"),
            )
            .help(
                "the default is \"public\"; to build somewhere else, use `scholia build --out DIR`",
            ),
        );
    }
    problems.extend(highlight_problems(text, &raw.highlight));
    for (key, value) in [
        ("max_document_size", raw.limits.max_document_size),
        ("max_block_size", raw.limits.max_block_size),
        ("max_document_blocks", raw.limits.max_document_blocks),
    ] {
        if value == 0 {
            problems.push(
                Diagnostic::error(FILE_NAME, key_pos(text, key), format!("`{key}` is 0"))
                    .help("a limit is a number above 0; leave it out for the default"),
            );
        }
    }
    for (key, pattern, error) in raw.import.invalid_patterns() {
        problems.push(
            Diagnostic::error(FILE_NAME, pattern_pos(text, &pattern, key), format!("import rule `{key}` is not a valid pattern: {error}"))
                .help("patterns are regular expressions (Rust regex syntax); escape `.` `(` `[` to match them literally"),
        );
    }
    problems
}

fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok = url.starts_with('/')
        || ((url.starts_with("https://") || url.starts_with("http://"))
            && url.split("://").nth(1).is_some_and(|rest| {
                !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace)
            }));
    if !ok || url.contains(['"', '<', '>', '\'']) {
        return Err(
            "use an absolute URL such as \"https://example.org/archive/\", or \"/\"".into(),
        );
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

fn base_path_of(base_url: &str) -> String {
    match base_url.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(i) => rest[i..].to_string(),
            None => "/".into(),
        },
        None => base_url.to_string(),
    }
}

/// A loose BCP 47 check: letters and digits in dash-separated parts.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `output_dir` is joined to the archive's root: a relative path of plain folder names
/// (`public`, `site/public`), so that a site.toml cannot send the build, which replaces
/// its output folder, anywhere else.
fn check_output_dir(dir: &str) -> Result<(), crate::model::slug::Invalid> {
    if dir.starts_with(['/', '\\']) || std::path::Path::new(dir).is_absolute() {
        return Err(crate::model::slug::Invalid::Absolute);
    }
    dir.strip_suffix('/')
        .unwrap_or(dir)
        .split('/')
        .try_for_each(crate::model::slug::check_file_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let c = SiteConfig::parse("title = \"A\"\n").unwrap();
        assert_eq!(c.base_url, "/");
        assert_eq!(c.base_path, "/");
        assert_eq!(c.language, "en");
        assert_eq!(c.theme, "default");
        assert_eq!(c.output_dir, "public");
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_a_path() {
        let c = SiteConfig::parse("title = \"A\"\nbase_url = \"https://x.org/arch\"\n").unwrap();
        assert_eq!(c.base_url, "https://x.org/arch/");
        assert_eq!(c.base_path, "/arch/");
    }

    #[test]
    fn unknown_key_is_placed_and_gets_a_suggestion() {
        let errs = SiteConfig::parse("title = \"A\"\ntitel = \"B\"\n").unwrap_err();
        let d = &errs[0];
        assert_eq!((d.line, d.col), (2, 1));
        assert!(
            d.message.starts_with("unknown field `titel`"),
            "{}",
            d.message
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn wrong_type_is_placed() {
        let errs = SiteConfig::parse("title = 3\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (1, 9));
        assert!(errs[0].message.contains("string"), "{}", errs[0].message);
    }

    #[test]
    fn highlighting_themes_are_checked() {
        let errs =
            SiteConfig::parse("title = \"A\"\n[highlight]\ndark_theme = \"base16-ocean.drak\"\n")
                .unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (3, 14));
        assert_eq!(
            errs[0].help.as_deref(),
            Some("did you mean `base16-ocean.dark`?")
        );
    }

    #[test]
    fn theme_and_output_dir_stay_inside_the_archive() {
        for (toml, line_col, reason) in [
            (
                "theme = \"../../etc\"\n",
                (2, 9),
                "it starts with `.` or contains `..`",
            ),
            ("theme = \"a/b\"\n", (2, 9), "it contains `/`"),
            (
                "output_dir = \"../x\"\n",
                (2, 14),
                "it starts with `.` or contains `..`",
            ),
            (
                "output_dir = \"/tmp/x\"\n",
                (2, 14),
                "it is an absolute path",
            ),
            ("output_dir = \"\"\n", (2, 14), "it is empty"),
        ] {
            let errs = SiteConfig::parse(&format!("title = \"A\"\n{toml}")).unwrap_err();
            assert_eq!(errs.len(), 1, "{toml}: {errs:?}");
            assert_eq!((errs[0].line, errs[0].col), line_col, "{toml}");
            assert!(errs[0].message.contains(reason), "{toml}: {}", errs[0]);
            assert!(errs[0].help.is_some());
        }
        let c = SiteConfig::parse("title = \"A\"\noutput_dir = \"site/public/\"\n").unwrap();
        assert_eq!(c.output_dir, "site/public/");
    }

    #[test]
    fn limits_have_defaults_and_are_checked() {
        let c = SiteConfig::parse("title = \"A\"\n").unwrap();
        assert_eq!(c.limits, Limits::default());
        let c = SiteConfig::parse("title = \"A\"\n[limits]\nmax_block_size = 2048\n").unwrap();
        assert_eq!(c.limits.max_block_size, 2048);
        assert_eq!(c.limits.max_document_size, Limits::DEFAULT_DOCUMENT_SIZE);
        let errs =
            SiteConfig::parse("title = \"A\"\n[limits]\nmax_document_size = 0\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (3, 21));
        let errs = SiteConfig::parse("title = \"A\"\n[limits]\nmax_blok_size = 1\n").unwrap_err();
        assert_eq!(
            errs[0].help.as_deref(),
            Some("did you mean `max_block_size`?")
        );
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(format_size(10 * 1024 * 1024), "10 MiB");
        assert_eq!(format_size(1536 * 1024), "1.5 MiB");
        assert_eq!(format_size(300 * 1024), "300 KiB");
        assert_eq!(format_size(12), "12 bytes");
    }

    #[test]
    fn semantic_errors_are_all_reported_with_positions() {
        let errs =
            SiteConfig::parse("title = \"A\"\nbase_url = \"ftp://x\"\nlanguage = \"english!\"\n")
                .unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!((errs[0].line, errs[0].col), (2, 12));
        assert_eq!((errs[1].line, errs[1].col), (3, 12));
    }
}
