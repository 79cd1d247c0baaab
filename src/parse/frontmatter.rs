//! YAML front matter: splitting it from the Markdown body, parsing it, finding where a
//! key is written, and writing it back.
//!
//! This is the only module that names `serde_yaml` (archived upstream): it hands the rest
//! of the program plain `serde_json::Value`s, so swapping the YAML crate touches one file.

use serde_json::{Map, Value};

use crate::diag::Pos;

/// A file cut into its front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text between the fences.
    pub yaml: &'a str,
    /// How many lines come before the YAML in the file (the opening fence: 1).
    pub yaml_line_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub pos: Pos,
    pub message: &'static str,
    pub help: &'static str,
}

/// Cuts `text` at its `---` fences. A leading byte-order mark is allowed.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err(SplitError {
            pos: Pos::START,
            message: "missing front matter",
            help: "start the file with a line `---`, the YAML fields (title, date, …), and another `---`",
        });
    }
    let yaml_start = start + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line_offset: 1,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(SplitError {
        pos: Pos::START,
        message: "front matter is not closed",
        help: "end the YAML fields with a line `---` before the Markdown body",
    })
}

/// A YAML syntax error, placed within the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

/// Parses YAML into a JSON-like value (mapping keys become strings).
pub fn parse(yaml: &str) -> Result<Value, YamlError> {
    let v: serde_yaml::Value = serde_yaml::from_str(yaml).map_err(|e| {
        let pos = e
            .location()
            .map_or(Pos::START, |l| Pos::new(l.line(), l.column()));
        // serde_yaml appends " at line X column Y"; we print the position ourselves.
        let msg = e.to_string();
        let message = msg
            .split(" at line ")
            .next()
            .unwrap_or(&msg)
            .trim()
            .to_string();
        YamlError { pos, message }
    })?;
    Ok(to_json(v))
}

fn to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().map_or(Value::Null, Value::from)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    other => scalar_text(&other),
                };
                out.insert(key, to_json(v));
            }
            Value::Object(out)
        }
        Y::Tagged(t) => to_json(t.value),
    }
}

fn scalar_text(v: &serde_yaml::Value) -> String {
    serde_yaml::to_string(v)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Serialises a value as YAML (used to write front matter).
pub fn to_yaml<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// One step of a path to a key: a mapping key or the n-th item of a sequence.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// Where the value of the key at `path` is written in `yaml` (block or flow style),
/// falling back to the nearest parent that can be found. The result is within the YAML
/// text; shift it by [`Split::yaml_line_offset`] for the file.
pub fn locate(yaml: &str, path: &[Step<'_>]) -> Pos {
    let lines: Vec<(usize, &str)> = yaml
        .split_inclusive('\n')
        .scan(0, |off, l| {
            let start = *off;
            *off += l.len();
            Some((start, l))
        })
        .collect();
    let mut range = 0..lines.len();
    let mut found = Pos::START;
    let mut indent_floor: Option<usize> = None;
    for step in path {
        let mut hit = None;
        let mut items_seen = 0;
        for i in range.clone() {
            let (start, line) = lines[i];
            let body = line.trim_end();
            let indent = body.len() - body.trim_start().len();
            if indent_floor.is_some_and(|f| indent <= f) && !body.trim().is_empty() {
                // Left the parent's block (unless this is the parent's own line).
                if i != range.start {
                    break;
                }
            }
            let content = body.trim_start();
            match step {
                Step::Key(key) => {
                    let content = content.strip_prefix("- ").unwrap_or(content);
                    if let Some(rest) = content.strip_prefix(key)
                        && rest.starts_with(':')
                    {
                        let value_col = body.len() - rest[1..].trim_start().len();
                        hit = Some((i, start + value_col, indent));
                        break;
                    }
                    // Flow style: `parent: {key: value}` on one line.
                    if let Some(at) = find_flow_key(body, key) {
                        hit = Some((i, start + at, indent));
                        break;
                    }
                }
                Step::Item(n) => {
                    if content.starts_with('-') {
                        if items_seen == *n {
                            hit = Some((i, start + indent, indent));
                            break;
                        }
                        items_seen += 1;
                    }
                }
            }
        }
        match hit {
            Some((i, offset, indent)) => {
                found = Pos::of_offset(yaml, offset);
                indent_floor = Some(indent);
                range = i..lines.len();
            }
            None => break,
        }
    }
    found
}

/// Where `text` is written in the value of the top-level `key` (an item of a flow or
/// block list, or a scalar), else where the key's value starts.
pub fn locate_text(yaml: &str, key: &str, text: &str) -> Pos {
    let key_pos = locate(yaml, &[Step::Key(key)]);
    let lines: Vec<&str> = yaml.lines().collect();
    let mut offset: usize = yaml
        .lines()
        .take(key_pos.line - 1)
        .map(|l| l.len() + 1)
        .sum();
    for (i, line) in lines.iter().enumerate().skip(key_pos.line - 1) {
        // Stop at the next top-level key.
        if i >= key_pos.line && !line.starts_with([' ', '-', '\t']) && !line.trim().is_empty() {
            break;
        }
        let from = if i == key_pos.line - 1 { key.len() } else { 0 };
        if let Some(at) = line.get(from..).and_then(|l| l.find(text)) {
            return Pos::of_offset(yaml, offset + from + at);
        }
        offset += line.len() + 1;
    }
    key_pos
}

/// Where each of `texts` is written in the value of the top-level `key`, as
/// [`locate_text`] would place it, in one pass over the value: the texts are looked
/// for in order, each after the one before (a list's names are written in order), so
/// a list of thousands of names costs its length, not its length squared.
pub fn locate_texts(yaml: &str, key: &str, texts: &[&str]) -> Vec<Pos> {
    let key_pos = locate(yaml, &[Step::Key(key)]);
    let lines = crate::diag::LineIndex::new(yaml);
    let mut locator = crate::diag::Locator::new(&lines, yaml);
    // The value: from after the key on its line to the next top-level key.
    let mut start = None;
    let mut end = yaml.len();
    let mut offset = 0;
    for (i, line) in yaml.split_inclusive('\n').enumerate() {
        if i + 1 == key_pos.line {
            start = Some((offset + key.len()).min(offset + line.len()));
        } else if i + 1 > key_pos.line
            && !line.starts_with([' ', '-', '\t'])
            && !line.trim().is_empty()
        {
            end = offset;
            break;
        }
        offset += line.len();
    }
    let Some(start) = start.filter(|s| yaml.is_char_boundary(*s)) else {
        return texts.iter().map(|_| key_pos).collect();
    };
    let value = &yaml[start..end.max(start)];
    let mut cursor = 0;
    texts
        .iter()
        .map(|text| {
            let found = value[cursor..].find(text).map(|at| cursor + at);
            match found {
                Some(at) => {
                    cursor = at + text.len();
                    locator.pos(start + at)
                }
                None => key_pos,
            }
        })
        .collect()
}

fn find_flow_key(line: &str, key: &str) -> Option<usize> {
    let mut search = 0;
    while let Some(i) = line[search..].find(key) {
        let at = search + i;
        let before = line[..at].trim_end().chars().last();
        let after = &line[at + key.len()..];
        if matches!(before, Some('{' | ',')) && after.trim_start().starts_with(':') {
            return Some(at);
        }
        search = at + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fences_and_keeps_offsets() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nB").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "B");
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors() {
        assert_eq!(split("# Hi").unwrap_err().message, "missing front matter");
        assert_eq!(
            split("---\ntitle: A\n").unwrap_err().message,
            "front matter is not closed"
        );
    }

    #[test]
    fn yaml_errors_are_placed() {
        let e = parse("title: A\npeople: [a\n").unwrap_err();
        assert!(e.pos.line >= 2, "{e:?}");
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn locates_nested_keys_and_items() {
        let y = "title: A\nsource:\n  url: x\n  publisher: P\nrepublished:\n  - publisher: Q\n    date: 2022-01-01\n  - publisher: R\n    date: bad\n";
        assert_eq!(locate(y, &[Step::Key("title")]), Pos::new(1, 8));
        assert_eq!(
            locate(y, &[Step::Key("source"), Step::Key("publisher")]),
            Pos::new(4, 14)
        );
        let p = locate(
            y,
            &[Step::Key("republished"), Step::Item(1), Step::Key("date")],
        );
        assert_eq!(p, Pos::new(9, 11));
    }

    #[test]
    fn locates_flow_style_keys() {
        let y = "source: {url: x, publisher: P}\n";
        assert_eq!(
            locate(y, &[Step::Key("source"), Step::Key("publisher")]),
            Pos::new(1, 18)
        );
    }

    #[test]
    fn texts_are_located_in_one_pass_as_one_at_a_time() {
        let y = "title: T\npeople: [Anna Berg, Bo Li]\nplaces:\n  - Kyiv\n  - Lviv\ntags: [x]\n";
        for (key, texts) in [
            ("people", vec!["Anna Berg", "Bo Li"]),
            ("places", vec!["Kyiv", "Lviv"]),
        ] {
            let one_by_one: Vec<Pos> = texts.iter().map(|t| locate_text(y, key, t)).collect();
            assert_eq!(locate_texts(y, key, &texts), one_by_one);
        }
        // A name inside an earlier one is found where it is written.
        let y = "people: [Vladimir Putin, Putin]\n";
        assert_eq!(
            locate_texts(y, "people", &["Vladimir Putin", "Putin"]),
            vec![Pos::new(1, 10), Pos::new(1, 26)]
        );
    }
}
