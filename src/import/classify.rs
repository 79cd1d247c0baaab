//! Telling the main text from the page around it.
//!
//! Each block is judged by evidence: link density, words and function words, sentence
//! shape, capitals, repetition, and patterns of page furniture (counters, share and
//! subscribe prompts, captions and credits, cookie banners, footers, widget titles).
//! A keyword alone never drops a block: prompts need a second sign (a link, "our",
//! "your", capitals, or being tiny), and a heading that reads like a widget title is
//! dropped only when no prose follows it.
//!
//! Then the main text is the run of blocks with the best score (prose counts for it,
//! furniture against it); inside that run, stretches of non-prose blocks that carry
//! furniture evidence are sidebars cut into the text, and go. An elision mark (`<...>`)
//! followed by no more real prose ends the excerpt; a comments header ends the text.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::segment::{Block, Shape};
use super::text;

/// What became of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Content,
    Chrome(String),
    Meta(Meta),
}

/// Blocks that carry metadata rather than text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meta {
    Title,
    Date,
    Url,
    Byline,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid pattern"));
    };
}

re!(
    COUNTER,
    r"(?i)\b\d[\d,.\s]*\s*(views?|comments?|likes?|shares?|reads?|replies|responses|просмотр\w*|коммент\w*)\b|[👁📅💬❤🔗🕒⏱]"
);
re!(
    SHARE_WORD,
    r"(?i)^(share|shares|tweet|email|e-mail|print|facebook|twitter|x|telegram|whatsapp|linkedin|reddit|vk|vkontakte|pinterest|copy|link|save|bookmark|this|article|on|via|поделиться|partager|sur|teilen|compartir|en|condividi|su|в)$"
);
re!(
    PROMPT,
    r"(?i)\b(subscribe|sign up|signup|newsletter|follow us|join us|get the latest|donate|support (us|our)|become a (member|patron)|download (our|the) app|подпис\w+)\b"
);
re!(
    PROMPT_SECOND_SIGN,
    r"(?i)\b(our|your|you|us|here|now|free|today)\b|[!]"
);
re!(COOKIE, r"(?i)\bcookies?\b");
re!(
    COOKIE_SECOND,
    r"(?i)\b(accept|consent|agree|privacy|settings|preferences|browsing|akzeptieren|zustimmen|einstellungen|accepter|paramètres|aceptar|configuración|accetta|принять|согласен)\b"
);
re!(
    CAPTION,
    r"(?i)(^|[\s(])(photo|photograph|image|picture|illustration|credit|pictured|фото)\s*:|\b(getty images|via getty|/afp|afp/|/reuters|reuters/|ap photo|/ap\b|shutterstock|epa-efe|/tass|tass/|ria novosti|photo by)\b"
);
re!(
    FOOTER,
    r"(?i)©|\ball rights reserved\b|\bprivacy policy\b|\bterms of (use|service)\b|\bcookie policy\b|\bcontact us\b|\bвсе права защищены\b"
);
re!(
    TEXT_SIZE,
    r"(?i)^(a[-+]?\s*){2,3}$|\b(text|font) size\b|\bprint version\b|версия для печати|размер шрифта"
);
re!(
    SHORT_CHROME,
    r"(?i)^(advertisement|advert|ad|sponsored( content)?|skip to (main )?content|back to top|menu|search|share|print|read more|continue reading|show more|load more|more|next|previous|prev|reply|home|log ?in|sign in|register|close|listen|watch|play|share this( page| article| story| post)?|print this( page| article)?|listen to this( article| story)?|related|реклама|далее|читать далее|поделиться|ссылка на материал|teilen|partager|imprimer)[.:!»›>]*$"
);
re!(
    EMAIL_HEADER,
    r"^(From|To|Cc|Bcc|Subject|Date|Sent|Reply-To|Message-ID|От|Кому|Тема|Дата):\s"
);
/// The start of a line naming where a text comes from (`Source:`, `Originally
/// published at`, `Via`); the metadata reads its URL.
pub const SOURCE_PREFIX: &str = r"(?i)^(source|original(ly published)?( at| in| on)?|republished from|reposted from|cross-posted from|via|источник)\s*:?\s*";
/// A source line that is the prefix and a single link.
static SOURCE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"{SOURCE_PREFIX}\S+$")).expect("valid pattern"));
re!(
    DATE_WORDS,
    r"(?i)^(published|posted|updated|aired|issued|released|on|at|am|pm|a\.m\.|p\.m\.|uhr|года|г|le|de|den|um|h|heure|the|of|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|\p{Lu}{2,4}|\d+)$"
);
re!(
    COMMENTS_HEADER,
    r"(?i)^(\d+\s+)?(comments?|responses?|replies|thoughts on .{1,80}|leave a (comment|reply)|join the (discussion|conversation)|discussion|reader comments|комментари\w*)\s*(\(\d+\))?:?$"
);
/// The start of a byline; the metadata reads the names after it.
pub const BY_PREFIX: &str = r"^(?i:by|written by|автор:?|text:)\s+";
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{BY_PREFIX}\p{{Lu}}[\p{{L}}.'’-]*(\s+(\p{{Lu}}[\p{{L}}.'’-]*|and|&|,|и))*\s*(,.{{0,40}})?$"
    ))
    .expect("valid pattern")
});
re!(
    BIO,
    r"(?i)^\p{Lu}[\p{L}-]+(\s+\p{Lu}[\p{L}-]+){0,3}\s+is\s+(a|an|the)\s+[\w\s,-]{0,60}\b(reporter|correspondent|editor|writer|journalist|columnist|contributor|author|producer)\b"
);
re!(
    RELATED,
    r"(?i)^(related( (articles|stories|posts|news|coverage))?|read also|also read|read more|see also|more (from|on|stories|news)\b.*|popular( posts| now)?\b.*|most (read|popular|viewed|shared)\b.*|trending\b.*|recommended( for you)?|you (may|might) also like|latest( news| posts)?|top stories|editor'?s picks|читайте также|популярное|по теме)$"
);
re!(
    ELISION,
    r"^(<\s*(\.\.\.|…)\s*>|\[\s*(\.\.\.|…)\s*\]|\(\s*(\.\.\.|…)\s*\)|\.\.\.|…)$"
);
re!(NAV_SPLIT, r"\s+[|·•»›>/]\s+|\s+\|\s*|\s*\|\s+|\s{2,}");

/// The verdict for every block, and the main-text range (first, last) if any.
pub fn classify(blocks: &[Block]) -> (Vec<Verdict>, Option<(usize, usize)>) {
    let repeats = repetitions(blocks);
    let mut verdicts: Vec<Verdict> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            local(
                b,
                repeats.get(b.plain.as_str()).copied().unwrap_or(0) > 1,
                next_is_prose(blocks, i),
            )
        })
        .collect();
    let scores: Vec<f64> = blocks
        .iter()
        .zip(&verdicts)
        .map(|(b, v)| score(b, v))
        .collect();
    let Some((start, end)) = best_run(&scores) else {
        return (verdicts, None);
    };
    let mut end = extend_over_boxes(blocks, &verdicts, end);
    // An elision mark with no real prose after it ends the excerpt.
    if let Some(e) = (start..blocks.len()).find(|&i| ELISION.is_match(blocks[i].plain.trim())) {
        let prose_after = blocks[e + 1..].iter().filter(|b| is_substantial(b)).count();
        if prose_after < 2 {
            end = e;
            verdicts[e] = Verdict::Content;
        }
    }
    // A comments header or an e-mail signature after the start of the text ends it.
    if let Some(c) = (start + 1..=end).find(|&i| {
        (blocks[i].words() <= 8 && COMMENTS_HEADER.is_match(blocks[i].plain.trim()))
            || blocks[i].text.trim() == "--"
    }) {
        end = c - 1;
    }
    drop_sidebars(blocks, &mut verdicts, start, end);
    for (i, v) in verdicts.iter_mut().enumerate() {
        if (i < start || i > end) && *v == Verdict::Content {
            *v = Verdict::Chrome(if i < start {
                "page header: before the main text".into()
            } else {
                "page footer: after the main text".into()
            });
        }
    }
    (verdicts, Some((start, end)))
}

/// What the block itself shows, before any context.
fn local(b: &Block, repeated: bool, prose_follows: bool) -> Verdict {
    let plain = b.plain.trim();
    let words = b.words();
    let chrome = |r: &str| Verdict::Chrome(r.to_string());
    if b.shape == Shape::Rule {
        return Verdict::Content;
    }
    if text::is_url_only(&b.text).is_some()
        || (SOURCE_LINE.is_match(plain) && !text::urls(&b.text).is_empty())
    {
        return Verdict::Meta(Meta::Url);
    }
    if EMAIL_HEADER.is_match(plain) {
        return chrome("e-mail header");
    }
    if is_date_line(plain) {
        return Verdict::Meta(Meta::Date);
    }
    if words <= 12 && BYLINE.is_match(plain) {
        return Verdict::Meta(Meta::Byline);
    }
    let link_density = b.link_density();
    if link_density >= 0.5 && words <= 40 {
        return chrome(&format!(
            "navigation: link{} ({} words)",
            if b.link_chars > 0 { "s" } else { "" },
            words
        ));
    }
    if let Some(n) = nav_items(plain) {
        return chrome(&format!("navigation: {n} short items"));
    }
    if is_menu_words(plain) {
        return chrome("navigation: a row of section names");
    }
    if words <= 20 && COUNTER.is_match(plain) && !text::ends_sentence(plain) {
        return chrome("counter: views, comments or dates of the page");
    }
    if SHORT_CHROME.is_match(plain) {
        return chrome("page furniture: a control or prompt");
    }
    if TEXT_SIZE.is_match(plain) {
        return chrome("text-size or print widget");
    }
    if words <= 40 && CAPTION.is_match(plain) {
        return chrome("photo caption or credit");
    }
    if words <= 60 && COOKIE.is_match(plain) && COOKIE_SECOND.is_match(plain) {
        return chrome("cookie banner");
    }
    if words <= 25 && FOOTER.is_match(plain) {
        return chrome("page footer: copyright or legal links");
    }
    if words <= 25
        && PROMPT.is_match(plain)
        && (b.link_chars > 0
            || words <= 4
            || text::caps_ratio(plain) > 0.7
            || PROMPT_SECOND_SIGN.is_match(plain))
    {
        return chrome("share or subscribe prompt");
    }
    if words <= 8 && is_share_row(plain) {
        return chrome("share buttons");
    }
    if words <= 8 && RELATED.is_match(plain.trim_end_matches(':')) {
        return chrome("list title: related or popular items");
    }
    if words <= 60 && BIO.is_match(plain) {
        return chrome("author bio");
    }
    if words <= 10 && text::caps_ratio(plain) > 0.8 && !text::ends_sentence(plain) && !prose_follows
    {
        return chrome("widget title in capitals");
    }
    if repeated && !is_prose(b) {
        return chrome("repeated on the page");
    }
    Verdict::Content
}

/// Running prose: several words, shaped like sentences, few links.
fn is_prose(b: &Block) -> bool {
    let w = text::words(&b.plain);
    b.link_density() < 0.3
        && matches!(b.shape, Shape::Para | Shape::Item { .. })
        && ((w.len() >= 5 && text::ends_sentence(&b.plain))
            || (w.len() >= 12 && text::stopword_density(&w) >= 0.2))
}

/// Prose long enough that text after an elision mark must be more of the document.
fn is_substantial(b: &Block) -> bool {
    let w = text::words(&b.plain);
    is_prose(b) && w.len() >= 30 && text::stopword_density(&w) >= 0.25 && b.link_chars == 0
}

fn next_is_prose(blocks: &[Block], i: usize) -> bool {
    blocks[i + 1..]
        .iter()
        .find(|b| b.shape != Shape::Rule)
        .is_some_and(is_prose)
}

fn score(b: &Block, v: &Verdict) -> f64 {
    match v {
        Verdict::Chrome(_) => -(3.0 + b.words() as f64 / 2.0),
        Verdict::Meta(_) => 0.0,
        Verdict::Content if b.shape == Shape::Rule => -0.5,
        Verdict::Content if is_label(&b.text) => 1.0,
        Verdict::Content if is_prose(b) => b.words() as f64,
        Verdict::Content if text::ends_sentence(&b.plain) || b.plain.trim_end().ends_with(',') => {
            0.5
        }
        Verdict::Content => -0.5,
    }
}

/// Furniture that marks the end of an article (rather than a box inside it).
fn ends_article(v: &Verdict) -> bool {
    matches!(v, Verdict::Chrome(r) if r.starts_with("page footer") || r.starts_with("list title") || r.starts_with("author bio") || r.starts_with("e-mail"))
}

/// Moves the end of the text past boxes cut into it (a newsletter prompt, a sidebar)
/// when real prose follows them and nothing between marks the end of the article.
fn extend_over_boxes(blocks: &[Block], verdicts: &[Verdict], mut end: usize) -> usize {
    loop {
        let Some(next) = (end + 1..blocks.len())
            .find(|&i| is_prose(&blocks[i]) && verdicts[i] == Verdict::Content)
        else {
            return end;
        };
        let gap = end + 1..next;
        if gap.clone().any(|i| {
            ends_article(&verdicts[i])
                || COMMENTS_HEADER.is_match(blocks[i].plain.trim())
                || blocks[i].text.trim() == "--"
        }) {
            return end;
        }
        let run_end = (next..blocks.len())
            .take_while(|&i| !matches!(verdicts[i], Verdict::Chrome(_)))
            .last()
            .unwrap_or(next);
        let words: usize = (end + 1..=run_end)
            .filter(|&i| verdicts[i] == Verdict::Content)
            .map(|i| blocks[i].words())
            .sum();
        if words < 12 {
            return end;
        }
        end = run_end;
    }
}

/// The contiguous run with the highest total score (Kadane).
fn best_run(scores: &[f64]) -> Option<(usize, usize)> {
    let mut best: Option<(f64, usize, usize)> = None;
    let mut sum = 0.0;
    let mut start = 0;
    for (i, &s) in scores.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += s;
        if sum > 0.0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, i));
        }
    }
    best.map(|(_, s, e)| (s, e))
}

/// Inside the main text, a stretch of non-prose blocks with furniture evidence is a
/// sidebar cut into the text: all of it goes.
fn drop_sidebars(blocks: &[Block], verdicts: &mut [Verdict], start: usize, end: usize) {
    let mut i = start;
    while i <= end {
        if is_prose(&blocks[i]) || is_label(&blocks[i].text) {
            i += 1;
            continue;
        }
        let run_end = (i..=end)
            .find(|&j| is_prose(&blocks[j]) || is_label(&blocks[j].text))
            .map_or(end, |j| j - 1);
        let evidence = (i..=run_end).any(|j| matches!(verdicts[j], Verdict::Chrome(_)));
        // The head of a sentence the sidebar cut ("The mission will" … "continue its
        // work") belongs to the text.
        let mut from = i;
        if run_end < end
            && verdicts[i] == Verdict::Content
            && blocks[i].shape == Shape::Para
            && !text::ends_sentence(&blocks[i].plain)
            && text::starts_lowercase(&blocks[run_end + 1].plain)
        {
            from = i + 1;
        }
        if evidence && from <= run_end {
            for v in &mut verdicts[from..=run_end] {
                if *v == Verdict::Content {
                    *v = Verdict::Chrome("sidebar inside the text".into());
                }
            }
        }
        i = run_end + 1;
    }
}

fn repetitions(blocks: &[Block]) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for b in blocks {
        if !b.plain.is_empty() {
            *counts.entry(b.plain.as_str()).or_insert(0) += 1;
        }
    }
    counts
}

/// A line that is mostly a date (perhaps with a weekday, time, time zone, a place or a
/// section name).
pub fn is_date_line(plain: &str) -> bool {
    let found = super::dates::find_all(plain, &[]);
    if found.is_empty() || plain.chars().count() > 90 {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for f in &found {
        rest.push_str(&plain[at..f.start]);
        rest.push(' ');
        at = f.end;
    }
    rest.push_str(&plain[at..]);
    let words = text::words(&rest);
    let other = words
        .iter()
        .filter(|w| !DATE_WORDS.is_match(w) && !w.contains(':'))
        .count();
    other <= 2 && words.len() <= 6
}

/// `Politics Culture Science Podcasts`: four or more capitalised words and nothing else.
fn is_menu_words(plain: &str) -> bool {
    let words = text::words(plain);
    words.len() >= 4
        && words.len() <= 12
        && !plain.contains([',', '.', ':', '!', '?', '"', '“'])
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && text::stopword_density(&words) == 0.0
}

/// A speaker label at the start of a block.
pub fn is_label(text: &str) -> bool {
    super::speakers::parse_label(text).is_some()
}

/// `Home | News | World` and similar: three or more short items between separators.
fn nav_items(plain: &str) -> Option<usize> {
    let parts: Vec<&str> = NAV_SPLIT
        .split(plain)
        .filter(|p| !p.trim().is_empty())
        .collect();
    (parts.len() >= 3
        && parts.iter().all(|p| text::words(p).len() <= 4)
        && !text::ends_sentence(plain))
    .then_some(parts.len())
}

fn is_share_row(plain: &str) -> bool {
    let words = text::words(plain);
    !words.is_empty()
        && words.iter().filter(|w| SHARE_WORD.is_match(w)).count() * 10 >= words.len() * 7
        && words
            .iter()
            .any(|w| !matches!(w.to_lowercase().as_str(), "this" | "on" | "via" | "link"))
}

#[cfg(test)]
mod tests;
