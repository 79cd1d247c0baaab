//! Every field of an archive that reaches a page, feed, sitemap, citation file or JSON
//! block, as the XSS suite places its vectors in them, and the marker of each
//! placement: `8VVVFF`, the vector's index and the field's number, so anything found
//! in the output names both.

use crate::xss::vectors::VECTORS;

/// Which archive a field is tested in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// A document's front matter and body, its entity, event and annotation: one set
    /// of files per vector in one archive (names that get a page each, such as
    /// `people`, hold a few vectors each).
    Content,
    /// `site.toml` text: an archive per twenty vectors (each field holds them all).
    Site,
    /// `site.toml` values that are checked: an archive per vector.
    SiteChecked,
    /// Captures through `scholia import` (with import rules in `site.toml`, an archive
    /// per twenty vectors), then built.
    Import,
    /// Fields with a validator (dates, slugs, kinds, addresses): a file per vector and
    /// field, so one rejection hides nothing else.
    Checked,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub id: u32,
    pub name: &'static str,
    pub group: Group,
}

macro_rules! fields {
    ($($id:literal $group:ident $name:literal;)*) => {
        pub const FIELDS: &[Field] = &[$(Field { id: $id, name: $name, group: Group::$group }),*];
    };
}

fields! {
    1 Content "title";
    2 Content "summary";
    3 Content "source.publisher";
    4 Content "source.authors";
    5 Content "republished.publisher";
    6 Content "speakers";
    7 Content "people";
    8 Content "places";
    9 Content "organizations";
    10 Content "tags";
    11 Content "capture text";
    12 Content "body paragraph";
    13 Content "body speaker label";
    14 Content "body heading";
    15 Content "body list item";
    16 Content "body table cell";
    17 Content "body blockquote";
    18 Content "body code info string";
    19 Content "body code";
    20 Content "body footnote";
    21 Content "body link text";
    22 Content "body link title";
    23 Content "body image alt";
    24 Content "body image title";
    25 Content "body wikilink label";
    26 Content "body quotation";
    30 Content "entity name";
    31 Content "entity alias";
    32 Content "entity kind";
    33 Content "entity description";
    34 Content "entity body";
    40 Content "event title";
    41 Content "event place";
    42 Content "event participants";
    43 Content "event summary";
    44 Content "event body";
    50 Content "annotation title";
    51 Content "annotation author";
    52 Content "annotation sources";
    53 Content "annotation body";
    54 Content "annotation quote";
    55 Content "annotation prefix";
    56 Content "annotation suffix";
    60 Site "site.toml title";
    61 Site "site.toml description";
    62 Site "site.toml author";
    63 Site "site.toml license";
    64 Site "site.toml annotation kinds";
    65 SiteChecked "site.toml base_url";
    66 SiteChecked "site.toml language";
    70 Import "import: capture headline";
    71 Import "import: capture paragraph";
    72 Import "import: capture speaker label";
    73 Import "import: rule publisher";
    74 Import "import: rule republisher";
    75 Import "import: rule speaker name";
    80 Checked "source.url";
    81 Checked "republished.url";
    82 Checked "date";
    83 Checked "republished.date";
    84 Checked "capture.date";
    85 Checked "kind";
    86 Checked "language";
    87 Checked "capture.file";
    88 Checked "capture.sha256";
    89 Checked "event (reference)";
    90 Checked "body wikilink target";
    91 Checked "body wikilink paragraph";
    92 Checked "entity wikidata";
    93 Checked "event date";
    94 Checked "annotation target";
    95 Checked "annotation paragraph";
    96 Checked "annotation kind";
    97 Checked "annotation date";
}

pub fn field(id: u32) -> &'static Field {
    FIELDS
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no field {id}"))
}

/// The marker of vector `v` in field `f`.
pub fn marker(v: usize, f: u32) -> String {
    assert!(v < 1000 && f < 100);
    (800_000 + v as u32 * 100 + f).to_string()
}

/// The vector and field a marker names, if it is one of ours.
pub fn placement_of(marker: u32) -> Option<(usize, &'static Field)> {
    let rest = marker.checked_sub(800_000)?;
    let v = (rest / 100) as usize;
    let f = FIELDS.iter().find(|f| f.id == rest % 100)?;
    (v < VECTORS.len() && rest < 100_000).then_some((v, f))
}

/// Every marker in a text (six digits starting with 8, not inside a longer number).
pub fn markers_in(text: &str) -> Vec<u32> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 6 <= b.len() {
        let run = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 0 {
            i += 1;
            continue;
        }
        if run == 6
            && b[i] == b'8'
            && let Ok(m) = text[i..i + 6].parse::<u32>()
            && placement_of(m).is_some()
            && !out.contains(&m)
        {
            out.push(m);
        }
        i += run;
    }
    out
}

/// Vector `v` placed in field `f`: the attack with its marker.
pub fn value(v: usize, f: u32) -> String {
    VECTORS[v].with_marker(&marker(v, f))
}

/// A YAML double-quoted scalar holding `s` exactly (every character YAML does not
/// allow raw is written as an escape).
pub fn yaml(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            ' '..='~' => out.push(c),
            '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A TOML basic string on one line holding `s` exactly.
pub fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{0}'..='\u{1F}' | '\u{7F}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` on one line (for Markdown constructs that end at a line break).
pub fn one_line(s: &str) -> String {
    s.replace('\n', " ")
}

/// `s` as the text of a Markdown link title in double quotes.
pub fn md_title(s: &str) -> String {
    one_line(s).replace('\\', "\\\\").replace('"', "\\\"")
}

/// The characters XML 1.0 forbids, removed; line ends as an XML parser reads them.
pub fn xml_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        })
        .collect()
}
