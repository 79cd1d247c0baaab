//! Names that become file paths, checked in one place before any path is made of them.
//!
//! Content is untrusted (DESIGN.md, "Trust boundary"): a `--slug`, a document's `kind`,
//! `capture.file`, an annotation's `target`, the `theme` of site.toml and every
//! address made from a file name or a term end up as folder and file names of the
//! archive or of the site. Two shapes are allowed:
//!
//! - a **slug** (an address): `[a-z0-9-]`, not empty, no `-` at either end, at most
//!   [`MAX_LEN`] bytes;
//! - a **file name** (a capture beside its document, a theme folder): one path
//!   component of ASCII letters, digits, `-`, `_` and `.`, not starting with `.`, no
//!   `..`, at most [`MAX_FILE_NAME_LEN`] bytes.
//!
//! Callers turn an [`Invalid`] into a diagnostic at the field's place (or a usage error
//! for the command line).

use std::fmt;
use std::path::{Component, Path};

/// The longest slug, in bytes. Addresses are single path components, and the archive
/// adds suffixes to them (`.capture.txt`, `.md.1.bak`): this leaves room under the
/// 255 bytes file systems allow for a name.
pub const MAX_LEN: usize = 100;

/// The longest file name (a capture, a theme folder), in bytes.
pub const MAX_FILE_NAME_LEN: usize = 150;

/// `YYYY-MM-DD-`: what `scholia import` writes before the slug in a file name.
pub const DATE_PREFIX_LEN: usize = "YYYY-MM-DD-".len();

/// What the build writes in a document's output folder: a capture may not be named
/// like one of them (it would replace the page or be replaced by it).
pub const DOCUMENT_FOLDER_NAMES: &[&str] =
    &["index.html", "capture", "cite.bib", "cite.ris", "cite.json"];

/// Why a name cannot become part of a path (phrased to follow "…: ").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    Empty,
    TooLong {
        len: usize,
        max: usize,
    },
    Char(char),
    /// A slug starting or ending with `-`.
    Dash,
    /// A file name starting with `.` or containing `..`.
    Dots,
    /// An absolute path.
    Absolute,
    /// A name the build uses itself.
    Reserved,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Empty => f.write_str("it is empty"),
            Invalid::TooLong { len, max } => {
                write!(f, "it is {len} bytes long (at most {max})")
            }
            Invalid::Char(c @ ('/' | '\\')) => {
                write!(f, "it contains `{c}`: it must be one name, not a path")
            }
            Invalid::Char('\0') => f.write_str("it contains a NUL character"),
            Invalid::Char(c) if c.is_whitespace() || c.is_control() => {
                write!(f, "it contains the character {c:?}")
            }
            Invalid::Char(c) => write!(f, "it contains `{c}`"),
            Invalid::Dash => f.write_str("it starts or ends with `-`"),
            Invalid::Dots => f.write_str("it starts with `.` or contains `..`"),
            Invalid::Absolute => f.write_str("it is an absolute path"),
            Invalid::Reserved => {
                f.write_str("the build writes a file of that name beside the document's page")
            }
        }
    }
}

/// A slug of at most [`MAX_LEN`] bytes.
pub fn check(s: &str) -> Result<(), Invalid> {
    check_within(s, MAX_LEN)
}

/// A slug of at most `max` bytes.
pub fn check_within(s: &str, max: usize) -> Result<(), Invalid> {
    if s.is_empty() {
        return Err(Invalid::Empty);
    }
    if let Some(c) = s
        .chars()
        .find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '-'))
    {
        return Err(Invalid::Char(c));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err(Invalid::Dash);
    }
    if s.len() > max {
        return Err(Invalid::TooLong { len: s.len(), max });
    }
    Ok(())
}

/// The help line for a slug that failed [`check_within`]: what a slug is, with one
/// made from `s` when it has letters or digits.
pub fn help(s: &str, max: usize) -> String {
    let rule = format!("use lowercase letters a-z, digits and dashes, at most {max} bytes");
    let suggested = slugify_within(s, max);
    if suggested.is_empty() || suggested == s {
        rule
    } else {
        format!("{rule}, e.g. `{suggested}`")
    }
}

/// A single file name: one normal path component of a safe set of characters.
pub fn check_file_name(s: &str) -> Result<(), Invalid> {
    if s.is_empty() {
        return Err(Invalid::Empty);
    }
    if s.starts_with(['/', '\\']) || Path::new(s).is_absolute() {
        return Err(Invalid::Absolute);
    }
    if s.starts_with('.') || s.contains("..") {
        return Err(Invalid::Dots);
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(Invalid::Char(c));
    }
    if s.len() > MAX_FILE_NAME_LEN {
        return Err(Invalid::TooLong {
            len: s.len(),
            max: MAX_FILE_NAME_LEN,
        });
    }
    // Implied by the characters allowed; kept so that no later change of the set can
    // let a path through.
    let mut parts = Path::new(s).components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(_)), None) => Ok(()),
        _ => Err(Invalid::Dots),
    }
}

/// A capture's file name: a [file name](check_file_name) the build does not use for
/// its own files in the document's output folder.
pub fn check_capture_name(s: &str) -> Result<(), Invalid> {
    check_file_name(s)?;
    if DOCUMENT_FOLDER_NAMES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(s))
    {
        return Err(Invalid::Reserved);
    }
    Ok(())
}

/// The help line for a file name that failed [`check_file_name`].
pub const FILE_NAME_HELP: &str =
    "give a file name only: ASCII letters, digits, `-`, `_` and `.`, not starting with `.`";

/// `text` as a slug of at most [`MAX_LEN`] bytes, transliterated ("Erdoğan" →
/// "erdogan"); empty when `text` has no letter or digit.
pub fn slugify(text: &str) -> String {
    slugify_within(text, MAX_LEN)
}

/// `text` as a slug of at most `max` bytes. A longer one is cut and ends in a short
/// hash of the whole, so that two long names that differ only at the end stay apart.
pub fn slugify_within(text: &str, max: usize) -> String {
    let full = ::slug::slugify(text);
    if full.len() <= max {
        return full;
    }
    let hash = crate::parse::document::sha256_hex(full.as_bytes());
    let hash = &hash[..8.min(max)];
    // `full` is ASCII, so any byte offset is a character boundary.
    let keep = max.saturating_sub(hash.len() + 1);
    let head = full[..keep].trim_end_matches('-');
    if head.is_empty() {
        hash.to_string()
    } else {
        format!("{head}-{hash}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever a tag or a title holds, its slug is a valid, bounded address (or
        /// empty, and the caller picks a fallback).
        #[test]
        fn any_text_slugifies_to_a_valid_slug(text in "\\PC{0,400}", max in 1usize..=MAX_LEN) {
            let s = slugify_within(&text, max);
            prop_assert!(s.is_empty() || check_within(&s, max).is_ok(), "{:?} -> {:?}", text, s);
        }

        /// A file name that passes the check is one normal component that stays in
        /// its folder.
        #[test]
        fn accepted_file_names_stay_in_their_folder(name in "[a-zA-Z0-9._/\\\\-]{0,20}") {
            if check_file_name(&name).is_ok() {
                let joined = Path::new("base").join(&name);
                prop_assert_eq!(joined.parent(), Some(Path::new("base")));
                prop_assert!(name != "." && name != ".." && !name.contains('/'));
            }
        }
    }

    #[test]
    fn slugs_are_lowercase_ascii_words_and_dashes() {
        for ok in [
            "a",
            "transcript",
            "2022-04-26-putin",
            "a--b",
            &"x".repeat(MAX_LEN),
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        let cases: &[(&str, Invalid)] = &[
            ("", Invalid::Empty),
            ("../../../escaped", Invalid::Char('.')),
            ("/abs", Invalid::Char('/')),
            ("a/b", Invalid::Char('/')),
            ("a\\b", Invalid::Char('\\')),
            ("..", Invalid::Char('.')),
            ("Transcript", Invalid::Char('T')),
            ("réunion", Invalid::Char('é')),
            ("two words", Invalid::Char(' ')),
            ("a\0b", Invalid::Char('\0')),
            ("-a", Invalid::Dash),
            ("a-", Invalid::Dash),
        ];
        for (s, why) in cases {
            assert_eq!(check(s).as_ref(), Err(why), "{s:?}");
        }
        let long = "x".repeat(300);
        assert_eq!(
            check(&long),
            Err(Invalid::TooLong {
                len: 300,
                max: MAX_LEN
            })
        );
        assert_eq!(
            check_within("abcd", 3),
            Err(Invalid::TooLong { len: 4, max: 3 })
        );
    }

    #[test]
    fn reasons_read_as_sentences() {
        assert_eq!(
            Invalid::Char('/').to_string(),
            "it contains `/`: it must be one name, not a path"
        );
        assert_eq!(
            Invalid::TooLong { len: 300, max: 100 }.to_string(),
            "it is 300 bytes long (at most 100)"
        );
        assert_eq!(
            Invalid::Char(' ').to_string(),
            "it contains the character ' '"
        );
    }

    #[test]
    fn help_suggests_a_slug_when_one_can_be_made() {
        assert_eq!(
            help("Réunion à Moscou", MAX_LEN),
            "use lowercase letters a-z, digits and dashes, at most 100 bytes, e.g. `reunion-a-moscou`"
        );
        assert_eq!(
            help("../..", MAX_LEN),
            "use lowercase letters a-z, digits and dashes, at most 100 bytes"
        );
    }

    #[test]
    fn file_names_are_one_safe_component() {
        for ok in [
            "2022-04-26-x.capture.txt",
            "capture_1.txt",
            "a.b.c",
            &"x".repeat(MAX_FILE_NAME_LEN),
        ] {
            assert_eq!(check_file_name(ok), Ok(()), "{ok}");
        }
        let cases: &[(&str, Invalid)] = &[
            ("", Invalid::Empty),
            ("../../site.toml", Invalid::Dots),
            ("..", Invalid::Dots),
            (".", Invalid::Dots),
            (".hidden", Invalid::Dots),
            ("a..b", Invalid::Dots),
            ("/etc/passwd", Invalid::Absolute),
            ("\\share", Invalid::Absolute),
            ("a/b.txt", Invalid::Char('/')),
            ("a\\b.txt", Invalid::Char('\\')),
            ("a\0b", Invalid::Char('\0')),
            ("a b.txt", Invalid::Char(' ')),
            ("é.txt", Invalid::Char('é')),
            ("C:x", Invalid::Char(':')),
        ];
        for (s, why) in cases {
            assert_eq!(check_file_name(s).as_ref(), Err(why), "{s:?}");
        }
        assert_eq!(
            check_file_name(&"x".repeat(MAX_FILE_NAME_LEN + 1)),
            Err(Invalid::TooLong {
                len: MAX_FILE_NAME_LEN + 1,
                max: MAX_FILE_NAME_LEN
            })
        );
    }

    #[test]
    fn captures_may_not_take_the_names_of_the_pages_files() {
        assert_eq!(check_capture_name("index.html"), Err(Invalid::Reserved));
        assert_eq!(check_capture_name("INDEX.HTML"), Err(Invalid::Reserved));
        assert_eq!(check_capture_name("capture"), Err(Invalid::Reserved));
        assert_eq!(check_capture_name("cite.bib"), Err(Invalid::Reserved));
        assert_eq!(check_capture_name("a.capture.txt"), Ok(()));
    }

    #[test]
    fn slugify_is_bounded_and_valid() {
        assert_eq!(slugify("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
        assert_eq!(slugify("../../.."), "");
        let long = "word ".repeat(200);
        let s = slugify(&long);
        assert!(s.len() <= MAX_LEN, "{}", s.len());
        assert_eq!(check(&s), Ok(()));
        // Two long names that differ only past the bound stay apart.
        let other = slugify(&format!("{long} more"));
        assert_ne!(s, other);
        assert_eq!(check(&other), Ok(()));
        let one_word = slugify(&"a".repeat(300));
        assert_eq!(one_word.len(), MAX_LEN);
        assert_eq!(check(&one_word), Ok(()));
        let tiny = slugify_within("abcdefghij", 4);
        assert!(tiny.len() <= 4 && check(&tiny).is_ok(), "{tiny}");
    }

    #[test]
    fn every_slugified_text_passes_the_check() {
        for text in [
            "Tags: war/peace",
            "  --x__y--  ",
            "Київ",
            "ÆØÅ æøå",
            &"-".repeat(300),
            &"ab-".repeat(100),
            "a\0b",
        ] {
            let s = slugify(text);
            assert!(s.is_empty() || check(&s).is_ok(), "{text:?} -> {s:?}");
        }
    }
}
