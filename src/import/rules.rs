//! Per-source import rules from `site.toml`, on top of the general heuristics:
//!
//! ```toml
//! [import]
//! date_formats = ["%d/%m/%Y"]            # chrono formats tried on whole lines
//! [import.publishers]                    # the original's publisher by URL domain
//! "kremlin.ru" = "President of Russia"
//! [[import.sources]]                     # rules for captures matching a pattern
//! match = "example\\.org"               # a regex searched in the capture
//! drop = ["^Listen to this article$"]    # regexes: matching blocks are dropped
//! date_formats = ["%Y年%m月%d日"]
//! publisher = "Example"                  # the original's publisher
//! republisher = "Example Mirror"         # the site the copy comes from
//! [import.sources.speakers]              # label as written → full name
//! "THE PRESIDENT" = "Jane Doe"
//! ```

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportConfig {
    #[serde(default)]
    pub date_formats: Vec<String>,
    #[serde(default)]
    pub publishers: BTreeMap<String, String>,
    #[serde(default)]
    pub sources: Vec<SourceRule>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRule {
    #[serde(rename = "match")]
    pub pattern: String,
    #[serde(default)]
    pub drop: Vec<String>,
    #[serde(default)]
    pub date_formats: Vec<String>,
    #[serde(default)]
    pub speakers: BTreeMap<String, String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub republisher: Option<String>,
}

/// The rules that apply to one capture.
#[derive(Debug, Clone, Default)]
pub struct ImportRules {
    pub date_formats: Vec<String>,
    pub publishers: BTreeMap<String, String>,
    pub drop: Vec<Regex>,
    pub speakers: BTreeMap<String, String>,
    pub publisher: Option<String>,
    pub republisher: Option<String>,
}

impl ImportConfig {
    /// The patterns that do not compile, as (key, pattern, error).
    pub fn invalid_patterns(&self) -> Vec<(&'static str, String, String)> {
        let mut out = Vec::new();
        for s in &self.sources {
            if let Err(e) = Regex::new(&s.pattern) {
                out.push(("match", s.pattern.clone(), e.to_string()));
            }
            for d in &s.drop {
                if let Err(e) = Regex::new(d) {
                    out.push(("drop", d.clone(), e.to_string()));
                }
            }
        }
        out
    }

    /// Merges the general rules with those of every source whose pattern the capture
    /// matches.
    pub fn for_capture(&self, capture: &str) -> ImportRules {
        let mut rules = ImportRules {
            date_formats: self.date_formats.clone(),
            publishers: self.publishers.clone(),
            ..ImportRules::default()
        };
        for s in &self.sources {
            if !Regex::new(&s.pattern).is_ok_and(|r| r.is_match(capture)) {
                continue;
            }
            rules.date_formats.extend(s.date_formats.iter().cloned());
            rules
                .drop
                .extend(s.drop.iter().filter_map(|d| Regex::new(d).ok()));
            rules.speakers.extend(s.speakers.clone());
            rules.publisher = s.publisher.clone().or(rules.publisher);
            rules.republisher = s.republisher.clone().or(rules.republisher);
        }
        rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_matching_sources_apply() {
        let config: ImportConfig = toml::from_str(
            "date_formats = [\"%d/%m/%Y\"]\n[[sources]]\nmatch = \"example\\\\.org\"\ndrop = [\"^Listen$\"]\npublisher = \"Example\"\n[sources.speakers]\n\"THE PRESIDENT\" = \"Jane Doe\"\n",
        )
        .unwrap();
        let r = config.for_capture("from example.org");
        assert_eq!(r.publisher.as_deref(), Some("Example"));
        assert_eq!(r.speakers["THE PRESIDENT"], "Jane Doe");
        assert!(r.drop[0].is_match("Listen"));
        let r = config.for_capture("elsewhere");
        assert!(r.publisher.is_none() && r.drop.is_empty());
        assert_eq!(r.date_formats, vec!["%d/%m/%Y"]);
    }

    #[test]
    fn bad_patterns_are_listed() {
        let config: ImportConfig =
            toml::from_str("[[sources]]\nmatch = \"(\"\ndrop = [\"[\"]\n").unwrap();
        assert_eq!(config.invalid_patterns().len(), 2);
    }
}
