//! Reading front matter fields with every problem collected and placed: unknown fields
//! with a suggestion, wrong types, missing required fields, bad dates and URLs. Shared
//! by documents, entities and events.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Pos, suggestion};
use crate::parse::frontmatter::{self, Step};

pub(crate) struct Fields<'a> {
    pub path: &'a Path,
    pub yaml: &'a str,
    pub yaml_line_offset: usize,
    pub problems: Vec<Diagnostic>,
}

impl Fields<'_> {
    /// The front matter as a mapping of fields (empty front matter is an empty
    /// mapping); anything else is an error.
    pub(crate) fn root<'v>(
        &mut self,
        value: &'v Value,
        empty: &'v Map<String, Value>,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(m) => Some(m),
            Value::Null => Some(empty),
            _ => {
                self.error(
                    &[],
                    "front matter is not a mapping of fields",
                    "write `field: value` lines, e.g. `title: \"…\"`",
                );
                None
            }
        }
    }

    pub(crate) fn pos(&self, path: &[Step<'_>]) -> Pos {
        if path.is_empty() {
            return Pos::START;
        }
        frontmatter::locate(self.yaml, path).shifted(self.yaml_line_offset)
    }

    pub(crate) fn error(
        &mut self,
        path: &[Step<'_>],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let pos = self.pos(path);
        self.problems
            .push(Diagnostic::error(self.path, pos, message).help(help));
    }

    pub(crate) fn unknown_fields(
        &mut self,
        map: &Map<String, Value>,
        parent: &[Step<'_>],
        known: &[&str],
    ) {
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                let mut path = parent.to_vec();
                path.push(Step::Key(key));
                let pos = frontmatter::locate(self.yaml, &path);
                // Point at the key itself, not its value.
                let pos = key_start(self.yaml, pos, key).shifted(self.yaml_line_offset);
                self.problems.push(
                    Diagnostic::error(self.path, pos, format!("unknown field `{key}`"))
                        .help(suggestion(key, known)),
                );
            }
        }
    }

    pub(crate) fn required_string(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        help: &str,
    ) -> Option<String> {
        match map.get(key) {
            None => {
                self.error(&[], format!("missing required field `{key}`"), help);
                None
            }
            Some(_) => {
                let s = self.optional_string(map, &[], key)?;
                if s.trim().is_empty() {
                    self.error(&[Step::Key(key)], format!("`{key}` is empty"), help);
                    return None;
                }
                Some(s)
            }
        }
    }

    /// A required date field; `help` says what the date is.
    pub(crate) fn required_date(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        help: &str,
    ) -> Option<NaiveDate> {
        match map.get(key) {
            None => {
                self.error(&[], format!("missing required field `{key}`"), help);
                None
            }
            Some(v) => self.date(v, &[Step::Key(key)]),
        }
    }

    /// A string field (numbers and booleans are taken as their text).
    pub(crate) fn optional_string(
        &mut self,
        map: &Map<String, Value>,
        parent: &[Step<'_>],
        key: &str,
    ) -> Option<String> {
        let mut path = parent.to_vec();
        path.push(Step::Key(key));
        match map.get(key)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.error(
                    &path,
                    format!("`{key}` must be text, found {}", type_name(other)),
                    "write it as a quoted string",
                );
                None
            }
        }
    }

    pub(crate) fn string_list(&mut self, map: &Map<String, Value>, key: &str) -> Vec<String> {
        match map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        other => self.error(
                            &[Step::Key(key), Step::Item(i)],
                            format!(
                                "item {} of `{key}` must be a non-empty name, found {}",
                                i + 1,
                                type_name(other)
                            ),
                            "write each item as text",
                        ),
                    }
                }
                out
            }
            Some(other) => {
                self.error(
                    &[Step::Key(key)],
                    format!("`{key}` must be a list, found {}", type_name(other)),
                    format!("write `{key}: [First, Second]` or one `- item` per line"),
                );
                Vec::new()
            }
        }
    }

    pub(crate) fn date(&mut self, v: &Value, path: &[Step<'_>]) -> Option<NaiveDate> {
        let text = match v {
            Value::String(s) => s.trim().to_string(),
            other => {
                self.error(
                    path,
                    format!(
                        "a date must be written YYYY-MM-DD, found {}",
                        type_name(other)
                    ),
                    "e.g. 2022-04-26",
                );
                return None;
            }
        };
        match parse_iso_date(&text) {
            Some(d) => Some(d),
            None => {
                self.error(
                    path,
                    format!("not a valid date: {text:?}"),
                    "write the date as YYYY-MM-DD, e.g. 2022-04-26",
                );
                None
            }
        }
    }

    pub(crate) fn url(&mut self, map: &Map<String, Value>, parent: &[Step<'_>]) -> Option<String> {
        let url = self.optional_string(map, parent, "url")?;
        if !is_web_url(&url) {
            let mut path = parent.to_vec();
            path.push(Step::Key("url"));
            self.error(
                &path,
                format!("not a web address: {url:?}"),
                "use a full http:// or https:// URL",
            );
            return None;
        }
        Some(url)
    }

    pub(crate) fn mapping<'v>(
        &mut self,
        v: &'v Value,
        path: &[Step<'_>],
        help: &str,
    ) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            Value::Null => None,
            other => {
                self.error(
                    path,
                    format!("expected a mapping of fields, found {}", type_name(other)),
                    help,
                );
                None
            }
        }
    }
}

/// Moves a located value position back to the start of its key on the same line.
pub(crate) fn key_start(yaml: &str, value_pos: Pos, key: &str) -> Pos {
    let line = yaml.lines().nth(value_pos.line - 1).unwrap_or("");
    match line.find(key) {
        Some(i) => Pos::new(value_pos.line, line[..i].chars().count() + 1),
        None => value_pos,
    }
}

/// `YYYY-MM-DD`, strictly (four-digit year, two-digit month and day, a real day).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

pub fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r.contains(char::is_whitespace)
            && !r.contains(['"', '<', '>'])
    })
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
