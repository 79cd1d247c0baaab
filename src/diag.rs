//! Diagnostics: every problem Scholia reports, with `path:line:col`, a severity and a
//! help line.
//!
//! Stages never stop at the first problem: they push into a [`Diagnostics`] list and the
//! pipeline decides at the end whether errors make the run fail. Positions are 1-based
//! and counted in characters (not bytes), as editors show them.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is. Errors fail a build; warnings and notes are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the archive root where possible.
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, pos, message)
    }

    pub fn warning(path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, pos, message)
    }

    pub fn new(
        severity: Severity,
        path: impl Into<PathBuf>,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            path: path.into(),
            line: pos.line,
            col: pos.col,
            message: message.into(),
            help: None,
        }
    }

    /// Adds the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.severity,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }

    /// The position of byte `offset` in `text` (clamped to the text's end and to a
    /// character boundary).
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Pos { line, col }
    }

    /// This position moved down by `lines` (for text embedded at a line offset).
    pub fn shifted(self, lines: usize) -> Pos {
        Pos {
            line: self.line + lines,
            col: self.col,
        }
    }
}

/// Line starts of a text, for placing many byte offsets quickly.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` of `text` (the text this index was made from).
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        Pos::new(line, text[start..end].chars().count() + 1)
    }
}

/// Places many offsets of one text. Consecutive offsets on one line cost only the
/// distance between them ([`LineIndex::pos`] counts from the line's start, which made
/// a long line with many links quadratic).
pub struct Locator<'a> {
    lines: &'a LineIndex,
    text: &'a str,
    last: Option<(usize, Pos)>,
}

impl<'a> Locator<'a> {
    pub fn new(lines: &'a LineIndex, text: &'a str) -> Self {
        Locator {
            lines,
            text,
            last: None,
        }
    }

    /// The position of byte `offset` of the text.
    pub fn pos(&mut self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.starts.partition_point(|&s| s <= offset);
        let pos = match self.last {
            Some((at, p)) if p.line == line && at <= offset => {
                Pos::new(line, p.col + self.text[at..offset].chars().count())
            }
            _ => self.lines.pos(self.text, offset),
        };
        self.last = Some((offset, pos));
        pos
    }
}

/// A growing list of diagnostics.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorted by path, then position, then severity: the order a person fixes them in,
    /// and the same order on every run whatever the thread scheduling was.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The Levenshtein distance between two sequences (characters, words…). Slices, not
/// collections: `strsim::generic_levenshtein` would need each window of words copied.
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A "did you mean" help line, or a list of what is allowed when nothing is close.
pub fn suggestion(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("expected one of: {}", candidates.join(", ")),
    }
}

/// A path shown relative to `root` when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "ab\nсd\nxyz";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, 3), Pos::new(2, 1));
        // "с" is two bytes: the byte after it is the second character.
        assert_eq!(Pos::of_offset(text, 5), Pos::new(2, 2));
        assert_eq!(Pos::of_offset(text, 4), Pos::new(2, 1));
        assert_eq!(Pos::of_offset(text, 100), Pos::new(3, 4));
    }

    #[test]
    fn line_index_agrees_with_the_slow_way() {
        let text = "ab\nсd\n\nxyz\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            assert_eq!(
                index.pos(text, offset),
                Pos::of_offset(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn locator_agrees_with_the_slow_way_in_any_order() {
        let text = "ab\nсd ef\n\nxyz\n";
        let index = LineIndex::new(text);
        let mut locator = Locator::new(&index, text);
        let forward = 0..=text.len();
        for offset in forward.clone().chain(forward.rev()).chain([3, 9, 4, 8]) {
            assert_eq!(
                locator.pos(offset),
                Pos::of_offset(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn suggests_close_names_only() {
        let fields = ["title", "date", "people"];
        assert_eq!(did_you_mean("titel", &fields), Some("title"));
        assert_eq!(did_you_mean("peopel", &fields), Some("people"));
        assert_eq!(did_you_mean("zzz", &fields), None);
        assert_eq!(
            suggestion("zzz", &fields),
            "expected one of: title, date, people"
        );
    }

    #[test]
    fn displays_path_line_col_severity_and_help() {
        let d = Diagnostic::error("a.md", Pos::new(3, 7), "bad date").help("use YYYY-MM-DD");
        assert_eq!(
            d.to_string(),
            "a.md:3:7: error: bad date\n  help: use YYYY-MM-DD"
        );
    }
}
