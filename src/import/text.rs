//! Measurements of a piece of capture text that the cleaning judges by: words,
//! stopword density, link density, sentence shape, capitals, language.

use std::sync::LazyLock;

use regex::Regex;

static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+[^)]*)?\)").expect("valid"));
static AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(https?://[^>\s]+)>").expect("valid"));
static BARE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"https?://[^\s<>)\]]+").expect("valid"));

/// Text with Markdown link syntax reduced to the link text, `*` and `` ` `` removed,
/// and how many of its characters were inside links.
pub fn plain(text: &str) -> (String, usize) {
    let mut link_chars = 0;
    let without_links = MD_LINK.replace_all(text, |c: &regex::Captures<'_>| {
        link_chars += c[1].chars().count();
        c[1].to_string()
    });
    let without_auto = AUTOLINK.replace_all(&without_links, |c: &regex::Captures<'_>| {
        link_chars += c[1].chars().count();
        c[1].to_string()
    });
    let mut out = String::with_capacity(without_auto.len());
    for ch in without_auto.chars() {
        if ch != '*' && ch != '`' {
            out.push(ch);
        }
    }
    (out.trim().to_string(), link_chars)
}

/// The URLs of a text (Markdown links, autolinks and bare URLs), in order.
pub fn urls(text: &str) -> Vec<String> {
    let mut out: Vec<String> = MD_LINK
        .captures_iter(text)
        .map(|c| c[2].to_string())
        .filter(|u| u.starts_with("http"))
        .collect();
    for m in BARE_URL.find_iter(text) {
        let u = m
            .as_str()
            .trim_end_matches(['.', ',', ';', '>'])
            .to_string();
        if !out.contains(&u) {
            out.push(u);
        }
    }
    out
}

/// Whether the whole text is one URL (bare, `<…>` or a Markdown link to itself).
pub fn is_url_only(text: &str) -> Option<String> {
    let t = text.trim().trim_start_matches('<').trim_end_matches('>');
    if BARE_URL
        .find(t)
        .is_some_and(|m| m.start() == 0 && m.end() == t.len())
    {
        return Some(t.to_string());
    }
    let c = MD_LINK.captures(text.trim())?;
    let whole = c.get(0)?;
    (whole.as_str().len() == text.trim().len()
        && c[2].starts_with("http")
        && (c[1].starts_with("http") || c[1].is_empty()))
    .then(|| c[2].to_string())
}

pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

const STOPWORDS: &[&str] = &[
    // English
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "an",
    "that",
    "is",
    "it",
    "for",
    "on",
    "with",
    "as",
    "was",
    "are",
    "be",
    "by",
    "at",
    "this",
    "we",
    "they",
    "he",
    "she",
    "i",
    "you",
    "not",
    "have",
    "has",
    "had",
    "from",
    "or",
    "but",
    "which",
    "were",
    "been",
    "their",
    "our",
    "his",
    "her",
    "its",
    "will",
    "would",
    "there",
    "what",
    "all",
    "if",
    "so",
    "no",
    "do",
    "can",
    "about",
    "who",
    "them",
    "us",
    "my",
    "said",
    "also",
    "than",
    "into",
    "after",
    "more",
    // Russian / Ukrainian
    "и",
    "в",
    "во",
    "не",
    "что",
    "на",
    "с",
    "со",
    "как",
    "а",
    "то",
    "все",
    "она",
    "так",
    "его",
    "но",
    "да",
    "ты",
    "к",
    "у",
    "же",
    "вы",
    "за",
    "бы",
    "по",
    "только",
    "ее",
    "мне",
    "было",
    "вот",
    "от",
    "меня",
    "еще",
    "нет",
    "о",
    "из",
    "ему",
    "это",
    "мы",
    "они",
    "для",
    "при",
    "этом",
    "был",
    "была",
    "были",
    "будет",
    "есть",
    "також",
    "і",
    "та",
    "що",
    "не",
    "на",
    "з",
    "до",
    "це",
    "як",
    "від",
    "для",
    // French, German, Spanish, Italian, Portuguese
    "le",
    "la",
    "les",
    "des",
    "et",
    "est",
    "une",
    "du",
    "que",
    "qui",
    "pour",
    "dans",
    "pas",
    "sur",
    "der",
    "die",
    "und",
    "den",
    "das",
    "ist",
    "nicht",
    "mit",
    "sich",
    "ein",
    "eine",
    "auf",
    "el",
    "los",
    "las",
    "y",
    "en",
    "del",
    "que",
    "por",
    "con",
    "una",
    "para",
    "il",
    "di",
    "che",
    "non",
    "per",
    "sono",
    "um",
    "uma",
    "não",
    "os",
    "as",
    "do",
    "da",
    "em",
];

/// The share of words that are function words: high in running prose, low in menus,
/// titles and lists of names.
pub fn stopword_density(words: &[&str]) -> f64 {
    if words.is_empty() {
        return 0.0;
    }
    let hits = words
        .iter()
        .filter(|w| STOPWORDS.contains(&w.to_lowercase().as_str()))
        .count();
    hits as f64 / words.len() as f64
}

/// Ends like a sentence (or a quotation of one).
pub fn ends_sentence(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', '»', ')', '*', '_']);
    t.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Starts like the continuation of a sentence cut in two.
pub fn starts_lowercase(text: &str) -> bool {
    text.trim_start()
        .trim_start_matches(['*', '_'])
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | '–' | '—'))
}

/// The share of letters that are capitals.
pub fn caps_ratio(text: &str) -> f64 {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return 0.0;
    }
    letters.iter().filter(|c| c.is_uppercase()).count() as f64 / letters.len() as f64
}

/// A BCP 47 tag guessed from the letters and function words.
pub fn language(text: &str) -> &'static str {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count().max(1);
    let cyrillic = text
        .chars()
        .filter(|c| ('\u{0400}'..='\u{04ff}').contains(c))
        .count();
    if cyrillic * 2 > letters {
        let ukrainian = text
            .chars()
            .filter(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є'))
            .count();
        return if ukrainian * 200 > cyrillic {
            "uk"
        } else {
            "ru"
        };
    }
    let w: Vec<String> = words(text).iter().map(|w| w.to_lowercase()).collect();
    let count = |list: &[&str]| w.iter().filter(|x| list.contains(&x.as_str())).count();
    let scores = [
        (
            "en",
            count(&["the", "and", "of", "to", "is", "that", "with"]),
        ),
        (
            "fr",
            count(&["le", "les", "des", "et", "est", "une", "du", "pour"]),
        ),
        (
            "de",
            count(&["der", "die", "und", "das", "ist", "nicht", "mit"]),
        ),
        (
            "es",
            count(&["el", "los", "las", "y", "del", "por", "con", "una"]),
        ),
        (
            "it",
            count(&["il", "di", "che", "non", "per", "sono", "della"]),
        ),
        (
            "pt",
            count(&["os", "uma", "não", "em", "da", "para", "com"]),
        ),
    ];
    scores
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or("en", |(l, _)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_measured_and_removed() {
        let (p, n) = plain("[ALL NEWS](#) | [WATCH](#) 2022-04-22 | **bold**");
        assert_eq!(p, "ALL NEWS | WATCH 2022-04-22 | bold");
        assert_eq!(n, 13);
        let (p, n) = plain("<http://en.kremlin.ru/events/president/news/68287>");
        assert_eq!(p, "http://en.kremlin.ru/events/president/news/68287");
        assert_eq!(n, p.chars().count());
    }

    #[test]
    fn url_only_lines() {
        assert_eq!(
            is_url_only("<http://x.org/a>").as_deref(),
            Some("http://x.org/a")
        );
        assert_eq!(
            is_url_only("https://x.org/a").as_deref(),
            Some("https://x.org/a")
        );
        assert_eq!(
            is_url_only("[https://x.org/a](https://x.org/a)").as_deref(),
            Some("https://x.org/a")
        );
        assert_eq!(is_url_only("See https://x.org/a"), None);
    }

    #[test]
    fn shapes() {
        assert!(ends_sentence("He said \"no.\""));
        assert!(!ends_sentence("Mr Secretary-General,"));
        assert!(starts_lowercase("happened whenever"));
        assert!(!starts_lowercase("Happened"));
        assert!(caps_ratio("SAKER ARCHIVES") > 0.99);
    }

    #[test]
    fn languages() {
        assert_eq!(language("Мост закроется на ремонт в понедельник."), "ru");
        assert_eq!(
            language("Міст закриється на ремонт і буде відкритий."),
            "uk"
        );
        assert_eq!(language("The bridge will close and it is not open."), "en");
        assert_eq!(
            language("Le pont est fermé pour les travaux et la sécurité."),
            "fr"
        );
    }
}
