//! Metadata of a capture: title, date, the original's URL and publisher, the site the
//! copy came from, authors.
//!
//! The page's own furniture tells the site: a name repeated across its widgets, a
//! copyright line, a masthead in capitals. A URL standing alone just before the text of
//! a page with its own furniture marks a copy of that URL. The date of the original is
//! the date line nearest the text; a date in the page's counters or header is the
//! copy's, and "updated" dates are never the original's.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::ImportRules;
use super::classify::{Meta, Verdict};
use super::dates;
use super::segment::{Block, Shape};
use super::speakers::title_case;
use super::text;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub title: Option<String>,
    pub title_block: Option<usize>,
    pub date: Option<NaiveDate>,
    /// A later date of the page (its copy, or its header).
    pub page_date: Option<NaiveDate>,
    pub source_url: Option<String>,
    pub publisher: Option<String>,
    /// The site this copy was captured from, when it is a copy.
    pub republisher: Option<String>,
    pub authors: Vec<String>,
}

static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(updated?|modified|edited|revised|обновлено|изменено)\b").expect("valid")
});
static SOURCE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(super::classify::SOURCE_PREFIX).expect("valid"));
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:©|\([cC]\)|(?i:copyright)\s+(?:©\s*)?\d{4})\s*(?:\d{4}\s*(?:[-–]\s*\d{4})?\s*)?(?:by\s+)?(\p{Lu}[\p{L}&.'’ -]{1,50}?)(?:\s+(?i:copyright))?(?:[.,|]|\s+(?i:all rights|inc\b|ltd\b|llc\b)|\s*,?\s*\d{4}|$)").expect("valid")
});
static BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(super::classify::BY_PREFIX).expect("valid"));

/// Words of page furniture that are never the site's name (month names too, see
/// [`is_furniture`]).
const FURNITURE: &[&str] = &[
    "news",
    "home",
    "about",
    "more",
    "all",
    "search",
    "articles",
    "article",
    "posts",
    "post",
    "blog",
    "message",
    "support",
    "order",
    "now",
    "popular",
    "last",
    "days",
    "books",
    "book",
    "archives",
    "community",
    "free",
    "download",
    "comments",
    "comment",
    "views",
    "menu",
    "contact",
    "privacy",
    "policy",
    "terms",
    "subscribe",
    "share",
    "read",
    "latest",
    "world",
    "politics",
    "business",
    "opinion",
    "video",
    "videos",
    "photos",
    "podcasts",
    "podcast",
    "login",
    "sign",
    "the",
    "and",
    "for",
    "our",
    "this",
    "from",
    "with",
    "briefing",
    "new",
    "update",
    "top",
    "stories",
    "related",
    "follow",
    "newsletter",
    "donate",
    "cookies",
    "tags",
    "topics",
    "categories",
    "category",
    "copyright",
    "pdf",
    "history",
    "live",
    "interview",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "press",
    "media",
    "english",
    "русский",
];

fn is_furniture(word: &str) -> bool {
    FURNITURE.contains(&word) || dates::is_month_name(word)
}

/// A word lowercased without its possessive `'s`, as furniture words are compared.
fn plain_word(w: &str) -> String {
    w.to_lowercase()
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .to_string()
}

/// Reads the metadata. `region` is the main text's range.
pub fn extract(
    blocks: &[Block],
    verdicts: &[Verdict],
    region: Option<(usize, usize)>,
    rules: &ImportRules,
) -> Found {
    let start = region.map_or(0, |r| r.0);
    let mut found = Found::default();
    let (title, title_block) = title(blocks, verdicts, start);
    found.title = title;
    found.title_block = title_block;
    let site = site_name(blocks, verdicts, region, found.title.as_deref());
    found.authors = blocks
        .iter()
        .zip(verdicts)
        .filter(|(_, v)| **v == Verdict::Meta(Meta::Byline))
        .flat_map(|(b, _)| authors(&b.plain))
        .collect();
    found.source_url = source_url(blocks, verdicts, start, title_block);
    let (date, page_date) = dates_of(blocks, verdicts, start, rules);
    found.date = date;
    found.page_date = page_date.filter(|d| Some(*d) != date);
    let url_site = found.source_url.as_deref().and_then(domain);
    let is_copy = match (&found.source_url, &site) {
        (Some(_), Some(site)) => !url_site.as_deref().is_some_and(|d| same_site(site, d)),
        _ => false,
    };
    let rule_publisher = |url: Option<&str>| -> Option<String> {
        let d = url.and_then(domain)?;
        rules
            .publishers
            .iter()
            .find(|(k, _)| d == **k || d.ends_with(&format!(".{k}")))
            .map(|(_, v)| v.clone())
    };
    if is_copy {
        found.publisher = rule_publisher(found.source_url.as_deref());
        found.republisher = site;
    } else {
        found.publisher = rule_publisher(found.source_url.as_deref()).or(site);
        found.page_date = None;
    }
    found
}

/// The first `#` heading before the text, else the most title-like line before it (or
/// opening it): a heading, a line followed by a byline or date, a longer line, a line
/// in mixed case.
fn title(blocks: &[Block], verdicts: &[Verdict], start: usize) -> (Option<String>, Option<usize>) {
    let before = 0..start.min(blocks.len());
    if let Some(i) = before
        .clone()
        .find(|&i| blocks[i].shape == Shape::Heading(1))
    {
        return (Some(clean_title(&blocks[i].plain)), Some(i));
    }
    let last = (start + 1).min(blocks.len().saturating_sub(1));
    let candidate = (0..=last)
        .filter(|&i| {
            let b = &blocks[i];
            let words = text::words(&b.plain)
                .iter()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            let furniture = match &verdicts[i] {
                Verdict::Meta(_) => true,
                Verdict::Chrome(r) => {
                    !(r.starts_with("page header")
                        || r.starts_with("widget title")
                        || r.starts_with("sidebar"))
                }
                Verdict::Content => false,
            };
            !furniture
                && (3..=30).contains(&words)
                && b.link_density() < 0.3
                && !b.plain.trim_end().ends_with(['.', ',', ';'])
                && (i < start || !super::classify::is_label(&b.text))
                && !b.plain.to_lowercase().starts_with("cookie")
                && !(i >= start && b.plain.trim_end().ends_with(':'))
        })
        .max_by_key(|&i| {
            let b = &blocks[i];
            let dated_next = (i + 1..(i + 4).min(blocks.len()))
                .any(|j| matches!(verdicts[j], Verdict::Meta(Meta::Date | Meta::Byline)));
            let mut score = b.words().min(15) as i64;
            if matches!(b.shape, Shape::Heading(_)) {
                score += 10;
            }
            if dated_next {
                score += 8;
            }
            if text::caps_ratio(&b.plain) > 0.8 {
                score -= 8;
            }
            if i >= start {
                score -= 4;
            }
            (score, std::cmp::Reverse(i))
        });
    match candidate {
        Some(i) => (Some(clean_title(&blocks[i].plain)), Some(i)),
        None => (None, None),
    }
}

/// "Title | Site" → "Title".
fn clean_title(t: &str) -> String {
    let t = t.trim().trim_matches('*').trim();
    for sep in [" | ", " — ", " – ", " :: "] {
        if let Some((head, tail)) = t.rsplit_once(sep)
            && text::words(head).len() >= 3
            && text::words(tail).len() <= 4
            && !tail.chars().any(|c| c.is_ascii_digit())
        {
            return head.trim().to_string();
        }
    }
    t.to_string()
}

fn authors(byline: &str) -> Vec<String> {
    let rest = BY.replace(byline.trim(), "");
    let rest = rest.split(',').next().unwrap_or("");
    rest.split(" and ")
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| p.split(" и "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn source_url(
    blocks: &[Block],
    verdicts: &[Verdict],
    start: usize,
    title: Option<usize>,
) -> Option<String> {
    // "Source: https://…" anywhere.
    for b in blocks {
        if SOURCE_LINE.is_match(b.plain.trim())
            && let Some(u) = text::urls(&b.text).into_iter().next()
        {
            return Some(u);
        }
    }
    // A URL alone between the title and the first words of the text.
    let from = title.map_or(0, |t| t + 1);
    (from..=(start + 1).min(blocks.len().saturating_sub(1)))
        .filter(|&i| verdicts.get(i) == Some(&Verdict::Meta(Meta::Url)))
        .find_map(|i| text::is_url_only(&blocks[i].text))
}

/// The original's date and the page's own date.
fn dates_of(
    blocks: &[Block],
    verdicts: &[Verdict],
    start: usize,
    rules: &ImportRules,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    // A date just after "Updated" or "Modified" is never the original's.
    let date_in = |i: usize| -> Option<NaiveDate> {
        let plain = &blocks[i].plain;
        dates::find_all(plain, &rules.date_formats)
            .into_iter()
            .find(|f| {
                let before: String = plain[..f.start]
                    .chars()
                    .rev()
                    .take(30)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let since_separator = before.rsplit(['|', '·', ';']).next().unwrap_or(&before);
                !UPDATED.is_match(since_separator)
            })
            .map(|f| f.date)
    };
    // Date lines, nearest the text first (before it, then just inside it).
    let lines: Vec<usize> = (0..blocks.len())
        .filter(|&i| verdicts[i] == Verdict::Meta(Meta::Date))
        .collect();
    let original_block = lines
        .iter()
        .filter(|&&i| i <= start + 2)
        .max()
        .or(lines.first())
        .copied();
    let original = original_block.and_then(date_in);
    // The page's own date: another date before the text, not in navigation.
    let page = (0..start.min(blocks.len()))
        .rev()
        .filter(|&i| Some(i) != original_block && blocks[i].link_chars == 0)
        .filter(|&i| matches!(&verdicts[i], Verdict::Meta(Meta::Date) | Verdict::Chrome(_)))
        .find_map(date_in);
    let original = original.or_else(|| {
        // No date line: a date in the first words of the text, else the page's.
        (start..blocks.len().min(start + 3))
            .find_map(date_in)
            .or(page)
    });
    (original, page)
}

/// The site's name, from its furniture.
fn site_name(
    blocks: &[Block],
    verdicts: &[Verdict],
    region: Option<(usize, usize)>,
    title: Option<&str>,
) -> Option<String> {
    let chrome: Vec<&Block> = blocks
        .iter()
        .zip(verdicts)
        .filter(|(_, v)| matches!(v, Verdict::Chrome(_)))
        .map(|(b, _)| b)
        .collect();
    // A "From: Organisation" line (not an e-mail address) names the publisher.
    if let Some(from) = blocks[..region.map_or(0, |r| r.0)].iter().find_map(|b| {
        b.plain
            .strip_prefix("From: ")
            .filter(|f| !f.contains('@') && text::words(f).len() <= 6)
    }) {
        return Some(from.trim().to_string());
    }
    // Words are counted in furniture recognised as such, not in whatever merely lies
    // outside the text (a byline, a section name).
    let widgets: Vec<&Block> = blocks
        .iter()
        .zip(verdicts)
        .filter(|(_, v)| matches!(v, Verdict::Chrome(r) if !r.starts_with("page header") && !r.starts_with("page footer: after")))
        .map(|(b, _)| b)
        .filter(|b| title.is_none_or(|t| !t.contains(b.plain.trim())))
        .collect();
    for b in &chrome {
        if let Some(c) = COPYRIGHT.captures(&b.plain) {
            let name = c[1].trim().trim_end_matches(['.', ',']).to_string();
            if text::words(&name).len() <= 5 {
                return Some(name);
            }
        }
    }
    // A masthead: the capture's first block, in capitals, a few words.
    if let Some(first) = blocks.first()
        && region.is_none_or(|r| r.0 > 0)
        && (1..=5).contains(&first.words())
        && text::caps_ratio(&first.plain) > 0.9
        && first.link_chars == 0
        && !first.plain.contains('|')
        && Some(first.plain.as_str()) != title
    {
        return Some(title_case(first.plain.trim()));
    }
    // A word repeated across the furniture's widgets and absent from the text.
    let body: BTreeSet<String> = region
        .map(|(s, e)| {
            (s..=e)
                .filter(|&i| verdicts[i] == Verdict::Content)
                .flat_map(|i| text::words(&blocks[i].plain))
                .map(str::to_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for b in &widgets {
        let words: BTreeSet<String> = text::words(&b.plain)
            .into_iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() >= 3)
            .map(plain_word)
            .filter(|w| {
                !is_furniture(w) && !body.contains(w) && !w.chars().all(|c| c.is_ascii_digit())
            })
            .collect();
        for w in words {
            *counts.entry(w).or_insert(0) += 1;
        }
    }
    let (word, n) = counts
        .into_iter()
        .max_by_key(|(w, n)| (*n, std::cmp::Reverse(w.clone())))?;
    if n < 3 {
        return None;
    }
    Some(title_case(&site_phrase(&widgets, &word)))
}

/// The longest phrase around `word` that the furniture repeats (`front line watch`,
/// `the saker`), without furniture words at its edges.
fn site_phrase(chrome: &[&Block], word: &str) -> String {
    let mut counts: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for b in chrome {
        let words: Vec<String> = text::words(&b.plain)
            .iter()
            .map(|w| plain_word(w))
            .collect();
        let mut seen = BTreeSet::new();
        for (i, w) in words.iter().enumerate() {
            if w != word {
                continue;
            }
            for len in 1..=4 {
                for from in i.saturating_sub(len - 1)..=i {
                    if from + len > words.len() {
                        continue;
                    }
                    let mut phrase: Vec<String> = words[from..from + len].to_vec();
                    while phrase.len() > 1 && is_furniture(&phrase[0]) && phrase[0] != "the" {
                        phrase.remove(0);
                    }
                    while phrase.len() > 1 && is_furniture(&phrase[phrase.len() - 1]) {
                        phrase.pop();
                    }
                    seen.insert(phrase);
                }
            }
        }
        for p in seen {
            *counts.entry(p).or_insert(0) += 1;
        }
    }
    // The longest phrase that always comes with the word, with "the" when the
    // furniture writes it so more than once.
    let word_count = counts.get(&vec![word.to_string()]).copied().unwrap_or(0);
    let phrase = counts
        .iter()
        .filter(|(p, n)| **n == word_count && p.first().is_none_or(|f| f != "the"))
        .max_by_key(|(p, _)| p.len())
        .map_or_else(|| vec![word.to_string()], |(p, _)| p.clone());
    let mut with_the = vec!["the".to_string()];
    with_the.extend(phrase.iter().cloned());
    if counts.get(&with_the).copied().unwrap_or(0) >= 2 {
        with_the.join(" ")
    } else {
        phrase.join(" ")
    }
}

/// `https://en.kremlin.ru/x` → `en.kremlin.ru`.
pub fn domain(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    Some(host.trim_start_matches("www.").to_lowercase())
}

/// Whether a site's name is the domain's (`Example News` and `examplenews.com`).
fn same_site(name: &str, domain: &str) -> bool {
    let squashed: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let squashed = squashed.trim_start_matches("the");
    !squashed.is_empty() && domain.replace(['.', '-'], "").contains(squashed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_and_titles() {
        assert_eq!(
            domain("http://en.kremlin.ru/events/1").as_deref(),
            Some("en.kremlin.ru")
        );
        assert_eq!(
            domain("https://www.example.org:8080/a").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            clean_title("Talks resume in Geneva | Example News"),
            "Talks resume in Geneva"
        );
        assert_eq!(
            clean_title("Why talks failed — a long analysis of the week"),
            "Why talks failed — a long analysis of the week"
        );
        assert!(same_site("The Example Times", "exampletimes.com"));
        assert!(!same_site("The Saker", "en.kremlin.ru"));
    }

    #[test]
    fn bylines_give_authors() {
        assert_eq!(
            authors("By Jane Roe and John Doe, Reuters"),
            vec!["Jane Roe", "John Doe"]
        );
        assert_eq!(authors("Автор: Иван Петров"), vec!["Иван Петров"]);
    }
}
