//! Speaker labels: finding them in any of the usual styles and naming each speaker in
//! full.
//!
//! Styles: `**Name:**`, `Name:`, `NAME:`, `President of Russia Vladimir Putin:`,
//! `Name (retranslated):`, `Q:`/`A:`, `QUESTION (Name, Outlet):`, `Spokesman:`, with an
//! optional `[00:12:31]` timestamp. A label is accepted when it looks like a name (its
//! words capitalised, none of them a function word), is written in capitals, is a
//! speaking role, or recurs. The full name comes from the capture itself: a longer
//! label or mention ending in the same words, the name beside a role ("Spokesman Ned
//! Price"), or an introduction ("interview with …").

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::text;

/// A label found at the start of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label as written, cleaned of markup (`President of Russia Vladimir Putin`).
    pub raw: String,
    /// A name given in parentheses (`QUESTION (Jane Roe, Outlet)`).
    pub paren_name: Option<String>,
    pub timestamp: Option<String>,
    /// The text after the label.
    pub rest: String,
}

static BOLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\*\*\s*(?P<label>[^*]{1,100}?)\s*(?P<c1>:)?\s*\*\*\s*(?P<c2>:)?\s*(?P<rest>.*)$")
        .expect("valid")
});
static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<label>[\p{Lu}][\p{L}\p{M}.'’\- ]{0,80}?)\s*(?P<paren>\([^)]{1,80}\))?\s*:(?:\s+(?P<rest>.*))?$").expect("valid")
});
static TIMESTAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\[?(?P<t>\d{1,2}:\d{2}(?::\d{2})?)\]?\s*").expect("valid"));

/// Words that name a speaking role rather than a person.
const ROLES: &[&str] = &[
    "q",
    "a",
    "question",
    "answer",
    "questions",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "moderator",
    "interviewer",
    "host",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "president",
    "speaker",
    "participant",
    "reporter",
    "journalist",
    "audience",
    "voice",
    "translator",
    "interpreter",
    "narrator",
    "anchor",
    "correspondent",
    "minister",
    "secretary",
    "ambassador",
    "prime minister",
    "the president",
    "the secretary",
    "the chair",
    "press secretary",
    "unidentified",
    "announcer",
    "operator",
    "вопрос",
    "ответ",
];

/// Titles and honorifics that come before a name.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "president",
    "vice",
    "prime",
    "minister",
    "foreign",
    "secretary",
    "general",
    "secretary-general",
    "un",
    "deputy",
    "ambassador",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "chancellor",
    "press",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chairman",
    "chair",
    "director",
    "judge",
    "justice",
    "commissioner",
    "king",
    "queen",
    "pope",
    "his",
    "her",
    "excellency",
    "majesty",
    "holiness",
    "the",
    "chief",
    "head",
    "leader",
    "colonel",
    "col",
    "major",
    "gen",
    "admiral",
    "captain",
    "lieutenant",
    "sergeant",
    "premier",
    "speaker",
    "federal",
    "state",
    "assistant",
    "senior",
    "adviser",
    "advisor",
    "special",
    "envoy",
    "high",
    "representative",
    "council",
    "member",
    "mp",
    "hon",
    "honourable",
    "honorable",
    "rt",
    "first",
    "lady",
];

/// Words that never appear in a speaker's name, so `Why it matters:` or `Key
/// takeaways:` are not labels.
const NOT_NAME: &[&str] = &[
    "why",
    "what",
    "how",
    "when",
    "where",
    "note",
    "notes",
    "update",
    "updated",
    "source",
    "sources",
    "background",
    "context",
    "details",
    "summary",
    "watch",
    "read",
    "more",
    "key",
    "takeaways",
    "bottom",
    "line",
    "photo",
    "image",
    "credit",
    "editor's",
    "editors",
    "correction",
    "related",
    "share",
    "tags",
    "topics",
    "posted",
    "published",
    "filed",
    "subject",
    "re",
    "date",
    "time",
    "location",
    "place",
    "tel",
    "fax",
    "email",
    "phone",
    "address",
    "category",
    "categories",
    "section",
    "warning",
    "disclaimer",
    "up",
    "yes",
    "no",
    "news",
    "in",
    "out",
    "next",
    "previous",
    "it",
    "this",
    "that",
    "they",
    "we",
    "here",
    "there",
    "tl;dr",
    "fact",
    "facts",
    "p.s",
    "ps",
];

/// Reads a label off the start of a block's text (a timestamp may come first).
pub fn parse_label(text: &str) -> Option<Label> {
    let t = text.trim();
    if let Some(c) = TIMESTAMP.captures(t)
        && t.starts_with('[')
    {
        let mut label = parse_label(&t[c.get(0).expect("match").end()..])?;
        label.timestamp = label.timestamp.or_else(|| Some(c["t"].to_string()));
        return Some(label);
    }
    let (label, paren, rest, bold) = if let Some(c) = BOLD.captures(t) {
        if c.name("c1").is_none() && c.name("c2").is_none() {
            return None;
        }
        let label = c["label"].to_string();
        let (label, paren) = split_paren(&label);
        (label, paren, c["rest"].to_string(), true)
    } else if let Some(c) = PLAIN.captures(t) {
        let paren = c
            .name("paren")
            .map(|p| p.as_str().trim_matches(['(', ')']).to_string());
        (
            c["label"].trim().to_string(),
            paren,
            c.name("rest")
                .map_or(String::new(), |r| r.as_str().to_string()),
            false,
        )
    } else {
        return None;
    };
    let (timestamp, rest) = match TIMESTAMP.captures(&rest) {
        Some(c) if rest.trim_start().starts_with('[') || c["t"].len() >= 5 => (
            Some(c["t"].to_string()),
            rest[c.get(0).expect("match").end()..].to_string(),
        ),
        _ => (None, rest),
    };
    if !plausible(&label, bold) {
        return None;
    }
    let paren_name = paren.filter(|p| {
        let first = p.split(',').next().unwrap_or("").trim();
        looks_like_name(first)
    });
    let paren_name = paren_name.map(|p| p.split(',').next().unwrap_or("").trim().to_string());
    Some(Label {
        raw: label,
        paren_name,
        timestamp,
        rest: rest.trim().to_string(),
    })
}

fn split_paren(label: &str) -> (String, Option<String>) {
    match (label.find('('), label.rfind(')')) {
        (Some(a), Some(b)) if a < b => (
            label[..a].trim().to_string(),
            Some(label[a + 1..b].to_string()),
        ),
        _ => (label.trim().to_string(), None),
    }
}

/// Whether a label can be a speaker (on its own, before counting recurrences).
fn plausible(label: &str, bold: bool) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    let max = if bold { 12 } else { 9 };
    if words.is_empty() || words.len() > max || label.chars().count() > 90 {
        return false;
    }
    let lower = label.to_lowercase();
    if ROLES.contains(&lower.as_str()) {
        return true;
    }
    if words
        .iter()
        .any(|w| NOT_NAME.contains(&w.to_lowercase().trim_end_matches(['.', ','])))
        && !is_caps(label)
    {
        return false;
    }
    if is_caps(label) {
        return !words
            .iter()
            .any(|w| NOT_NAME.contains(&w.to_lowercase().as_str()));
    }
    words.iter().enumerate().all(|(i, w)| {
        let first = w.chars().next().unwrap_or(' ');
        first.is_uppercase() || (i > 0 && is_particle(w))
    })
}

fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "of" | "the"
            | "de"
            | "da"
            | "di"
            | "du"
            | "van"
            | "von"
            | "der"
            | "den"
            | "al"
            | "bin"
            | "la"
            | "le"
            | "y"
            | "and"
            | "for"
            | "on"
            | "to"
            | "ibn"
            | "el"
    )
}

fn is_caps(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 1 && text::caps_ratio(s) > 0.95
}

fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) || is_particle(w))
}

/// Whether a label seen `count` times in the capture is taken as a speaker: a one-word
/// label needs capitals, a speaking role, a second use, or a fuller name in the text
/// ending with it (`Price` after "Ned Price"), so `From:` or `Source:` are not turns.
pub fn accept(label: &Label, count: usize, text: &str) -> bool {
    // `В.Путин`: an initial and a surname count as a full name.
    let words: Vec<&str> = label
        .raw
        .split([' ', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() != 1
        || label.paren_name.is_some()
        || count >= 2
        || is_role(&label.raw)
        || is_caps(&label.raw)
    {
        return true;
    }
    let surname = regex::escape(words[0]);
    Regex::new(&format!(r"\p{{Lu}}[\p{{Ll}}\p{{M}}'’\-]+\s+{surname}\b"))
        .is_ok_and(|r| r.is_match(text))
}

pub fn is_role(name: &str) -> bool {
    ROLES.contains(&name.to_lowercase().as_str())
}

/// Full names for the labels of a capture. `text` is the whole capture (for names
/// mentioned in introductions); `title` helps name an interviewee.
pub struct Namer<'a> {
    text: &'a str,
    title: &'a str,
    /// Capitalised sequences of two to four words in the capture, with counts.
    names: HashMap<String, usize>,
    /// Labels as written, for the longest form of a name.
    labels: Vec<String>,
}

static NAME_SEQ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\p{Lu}[\p{Ll}\p{M}'’\-]+(?:\s+(?:(?:de|da|van|von|der|al|bin|la|le|el)\s+)?\p{Lu}[\p{Ll}\p{M}'’\-]+){1,3}\b").expect("valid")
});

impl<'a> Namer<'a> {
    pub fn new(text: &'a str, title: &'a str, labels: &[Label]) -> Self {
        let mut names = HashMap::new();
        for m in NAME_SEQ.find_iter(text) {
            let words: Vec<&str> = m.as_str().split_whitespace().collect();
            // Every run of two or more words ending anywhere in the sequence.
            for start in 0..words.len() {
                for end in start + 2..=words.len() {
                    *names.entry(words[start..end].join(" ")).or_insert(0) += 1;
                }
            }
        }
        Namer {
            text,
            title,
            names,
            labels: labels.iter().map(|l| l.raw.clone()).collect(),
        }
    }

    /// The full name for a label.
    pub fn name(&self, label: &Label) -> String {
        if let Some(n) = &label.paren_name {
            return n.clone();
        }
        let raw = strip_honorific(&label.raw);
        let lower = raw.to_lowercase();
        match lower.as_str() {
            "q" | "question" | "questions" | "вопрос" => return "Question".into(),
            "a" | "answer" | "ответ" => {
                return self.interviewee().unwrap_or_else(|| "Answer".into());
            }
            _ => {}
        }
        if is_role(&raw) {
            return self.role_holder(&raw).unwrap_or_else(|| title_case(&raw));
        }
        let cased = if is_caps(&raw) {
            self.recase(&raw)
        } else {
            raw.clone()
        };
        let words: Vec<&str> = cased.split_whitespace().collect();
        if words.len() == 1 {
            return self.expand_surname(words[0]).unwrap_or(cased);
        }
        self.strip_titles(&words)
    }

    /// "VLADIMIR PUTIN" written as the capture writes it elsewhere, else in title case.
    fn recase(&self, caps: &str) -> String {
        let want = caps.to_lowercase();
        self.names
            .keys()
            .filter(|n| n.to_lowercase() == want)
            .max_by_key(|n| self.names[*n])
            .cloned()
            .or_else(|| {
                // The surname alone, expanded.
                let last = caps.split_whitespace().last()?;
                let full = self.expand_surname(&title_case(last))?;
                full.to_lowercase().ends_with(&want).then_some(full)
            })
            .unwrap_or_else(|| title_case(caps))
    }

    /// The longest trailing part of a long label that the capture uses as a name on its
    /// own (`President of Russia Vladimir Putin` → `Vladimir Putin`).
    fn strip_titles(&self, words: &[&str]) -> String {
        let n = words.len();
        let titled = |from: usize| {
            words[from..]
                .iter()
                .any(|w| TITLES.contains(&w.to_lowercase().as_str()))
        };
        // Another label is the name alone.
        for len in (2..n.min(5)).rev() {
            let candidate = words[n - len..].join(" ");
            if self.labels.iter().any(|l| strip_honorific(l) == candidate) && !titled(n - len) {
                return candidate;
            }
        }
        // The shortest ending the capture also uses without the word before it.
        for len in 2..n.min(5) {
            let candidate = words[n - len..].join(" ");
            let count = |s: &str| self.names.get(s).copied().unwrap_or(0);
            if count(&candidate) > count(&words[n - len - 1..].join(" ")) && !titled(n - len) {
                return candidate;
            }
        }
        // No evidence: drop leading titles and an "of Place" part.
        let mut start = 0;
        if let Some(of) = words.iter().rposition(|w| *w == "of") {
            start = (of + 2).min(n.saturating_sub(2));
        }
        while start + 2 < n && TITLES.contains(&words[start].to_lowercase().trim_end_matches('.')) {
            start += 1;
        }
        words[start..].join(" ")
    }

    /// The one full name in the capture that ends with this surname.
    fn expand_surname(&self, surname: &str) -> Option<String> {
        let suffix = format!(" {}", surname.to_lowercase());
        let mut best: Option<(&String, usize)> = None;
        for (name, &count) in &self.names {
            let words = name.split_whitespace().count();
            if words <= 3
                && name.to_lowercase().ends_with(&suffix)
                && !name
                    .split_whitespace()
                    .any(|w| TITLES.contains(&w.to_lowercase().as_str()))
                && best.is_none_or(|(b, c)| count > c || (count == c && name.len() > b.len()))
            {
                best = Some((name, count));
            }
        }
        best.map(|(n, _)| n.clone())
    }

    /// "Spokesman Ned Price", "Ned Price, the spokesman".
    fn role_holder(&self, role: &str) -> Option<String> {
        let role = regex::escape(
            role.trim_start_matches("The ")
                .trim_start_matches("the ")
                .trim_start_matches("THE "),
        );
        let name = r"(\p{Lu}[\p{Ll}\p{M}'’\-]+(?:\s+\p{Lu}[\p{Ll}\p{M}'’\-]+){1,2})";
        let before = Regex::new(&format!(r"(?i:\b{role})\s+{name}")).ok()?;
        let after = Regex::new(&format!(
            r"{name},\s+(?i:(?:the\s+)?[\w\s]{{0,30}}{role})\b"
        ))
        .ok()?;
        let found = before
            .captures(self.text)
            .map(|c| c[1].to_string())
            .or_else(|| after.captures(self.text).map(|c| c[1].to_string()))?;
        // "President Biden" gives a surname only: expand it.
        let words: Vec<&str> = found.split_whitespace().collect();
        Some(if words.len() == 1 {
            self.expand_surname(words[0]).unwrap_or(found)
        } else {
            found
        })
    }

    /// The person interviewed, from the title or introduction.
    fn interviewee(&self) -> Option<String> {
        let re = Regex::new(r"(?i:interview(?:ed)?\s+(?:with|of)|conversation with|talks? (?:to|with)|speaks? (?:to|with))\s+(?:[\p{Ll}\s]{0,20})?(\p{Lu}[\p{Ll}\p{M}'’\-]+(?:\s+\p{Lu}[\p{Ll}\p{M}'’\-]+){1,3})").ok()?;
        re.captures(self.title)
            .or_else(|| re.captures(self.text))
            .map(|c| self.strip_titles(&c[1].split_whitespace().collect::<Vec<_>>()))
    }
}

/// `Mr. Price` → `Price`, `Dr Jane Roe` → `Jane Roe`.
fn strip_honorific(label: &str) -> String {
    let mut words: Vec<&str> = label.split_whitespace().collect();
    while words.len() > 1
        && matches!(
            words[0].to_lowercase().trim_end_matches('.'),
            "mr" | "mrs" | "ms" | "miss" | "dr" | "prof" | "sir" | "dame" | "madam" | "mme" | "m"
        )
    {
        words.remove(0);
    }
    words.join(" ")
}

/// "MINISTRY OF EXAMPLES" → "Ministry of Examples".
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && is_particle(&lower) {
                return lower;
            }
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
