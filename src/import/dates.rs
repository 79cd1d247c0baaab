//! Finding dates in capture text, in the formats sites use: `April 26, 2022`,
//! `Apr 26, 2022`, `26 April 2022`, `Tuesday 26 April 2022 13:40 MSK`, `26.04.2022`,
//! `4/26/22`, `2022-04-26T13:40:00+03:00`, `26 апреля 2022`, `26. April 2022`,
//! `26 de abril de 2022`, and user formats (chrono syntax) from site.toml.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// A date found in a text, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

/// Month names by language; the index in each row is the month (0 = January).
const MONTHS: &[[&str; 12]] = &[
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ],
    [
        "jan", "feb", "mar", "apr", "may", "june", "july", "aug", "sept", "oct", "nov", "dec",
    ],
    [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ],
    [
        "янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ],
    [
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
];

fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .find_map(|row| row.iter().position(|m| *m == name))
        .map(|i| i as u32 + 1)
}

static MONTH_ALT: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS.iter().flatten().copied().collect();
    // Longest first, so "september" wins over "sep".
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    names.join("|")
});

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b").expect("valid")
});
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
        *MONTH_ALT
    ))
    .expect("valid")
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:of\s+|de\s+)?({})\.?,?\s+(?:de\s+)?(\d{{4}})\b", *MONTH_ALT)).expect("valid")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,4})([./])(\d{1,2})([./])(\d{4}|\d{2})\b").expect("valid")
});

/// Whether `word` (lowercase) names a month in one of the languages dates are read in.
pub fn is_month_name(word: &str) -> bool {
    MONTHS.iter().any(|row| row.contains(&word))
}

/// Every date in `text`, in order of position, without overlaps.
pub fn find_all(text: &str, formats: &[String]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut push = |date: Option<NaiveDate>, start: usize, end: usize| {
        if let Some(date) = date
            && !found.iter().any(|f| f.start < end && start < f.end)
        {
            found.push(Found { date, start, end });
        }
    };
    for c in ISO.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        push(ymd(&c[1], &c[2], &c[3]), m.start(), m.end());
    }
    for c in MONTH_FIRST.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        push(
            month_number(&c[1]).and_then(|mo| ymd_n(&c[3], mo, &c[2])),
            m.start(),
            m.end(),
        );
    }
    for c in DAY_FIRST.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        push(
            month_number(&c[2]).and_then(|mo| ymd_n(&c[3], mo, &c[1])),
            m.start(),
            m.end(),
        );
    }
    for c in NUMERIC.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        if c[2] != c[4] {
            continue;
        }
        push(numeric(&c[1], &c[2], &c[3], &c[5]), m.start(), m.end());
    }
    for (start, line) in line_offsets(text) {
        for format in formats {
            if let Ok(date) = NaiveDate::parse_from_str(line.trim(), format) {
                let lead = line.len() - line.trim_start().len();
                push(Some(date), start + lead, start + line.trim_end().len());
            }
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |off, line| {
        let start = *off;
        *off += line.len();
        Some((start, line.trim_end_matches('\n')))
    })
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn ymd_n(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?)
}

fn year(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    Some(match y.len() {
        2 if n < 70 => 2000 + n,
        2 => 1900 + n,
        _ => n,
    })
}

/// `26.04.2022` is day.month.year; `4/26/22` is month/day/year unless the first part
/// cannot be a month; `2022/04/26` is year/month/day.
fn numeric(a: &str, sep: &str, b: &str, c: &str) -> Option<NaiveDate> {
    let (a_n, b_n): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    if a.len() == 4 {
        return NaiveDate::from_ymd_opt(a.parse().ok()?, b_n, c.parse().ok()?);
    }
    let y = year(c)?;
    let (month, day) = match sep {
        "." => (b_n, a_n),
        _ if a_n > 12 => (b_n, a_n),
        _ => (a_n, b_n),
    };
    NaiveDate::from_ymd_opt(y, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Option<String> {
        find_all(text, &[]).first().map(|f| f.date.to_string())
    }

    #[test]
    fn common_formats() {
        for (text, want) in [
            ("April 26, 2022", "2022-04-26"),
            ("Apr 26, 2022 - World", "2022-04-26"),
            ("Sept. 3rd, 2021", "2021-09-03"),
            ("26.04.2022", "2022-04-26"),
            ("2022-04-26T13:40:00+03:00", "2022-04-26"),
            ("Posted 4/26/22 at noon", "2022-04-26"),
            ("26/04/2022", "2022-04-26"),
            ("Tuesday 26 April 2022 13:40 MSK", "2022-04-26"),
            ("26 апреля 2022 года, 15:00", "2022-04-26"),
            ("Москва, 3 марта 2021", "2021-03-03"),
            ("26. April 2022", "2022-04-26"),
            ("26 de abril de 2022", "2022-04-26"),
            ("le 26 avril 2022", "2022-04-26"),
            ("the 5th of November 2019", "2019-11-05"),
            ("2022/04/26", "2022-04-26"),
            ("📅 April 27, 2022 | 💬 79 Comments", "2022-04-27"),
        ] {
            assert_eq!(first(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn not_dates() {
        for text in [
            "1,300 of them",
            "Article 51",
            "version 1.2.3",
            "13/13/2022",
            "2022-13-45",
            "May I ask",
        ] {
            assert_eq!(first(text), None, "{text}");
        }
    }

    #[test]
    fn positions_and_order() {
        let f = find_all("WATCH 2022-04-22 | CAFE April 27, 2022", &[]);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].date.to_string(), "2022-04-22");
        assert_eq!((f[1].start, f[1].end), (24, 38));
    }

    #[test]
    fn user_formats_apply_to_whole_lines() {
        let f = find_all("Issued: x\n2022年04月26日\n", &["%Y年%m月%d日".to_string()]);
        assert_eq!(f[0].date.to_string(), "2022-04-26");
    }
}
