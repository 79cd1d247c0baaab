//! Citations of the seed documents in every style, compared whole.

use super::*;

fn kremlin() -> Record {
    Record {
        id: "2022-04-26-putin-guterres-meeting".into(),
        kind: "transcript".into(),
        title: "President Putin and UN Secretary-General Antonio Guterres: Meeting".into(),
        authors: vec![],
        publisher: Some("President of Russia".into()),
        date: NaiveDate::from_ymd_opt(2022, 4, 26).unwrap(),
        url: Some("http://en.kremlin.ru/events/president/news/68287".into()),
        archive_url: Some(
            "https://archive.example/documents/2022-04-26-putin-guterres-meeting/".into(),
        ),
        archive_name: "Scholia archive".into(),
        accessed: NaiveDate::from_ymd_opt(2026, 11, 23),
        republished: vec![("The Saker".into(), NaiveDate::from_ymd_opt(2022, 4, 27))],
        language: "en".into(),
    }
}

#[test]
fn print_all() {
    let c = Citer::new();
    let item = kremlin().csl_json();
    for s in Style::CSL {
        let f = c.format(&item, s, Some("14")).unwrap();
        println!("{}\n  REF: {}\n  CIT: {}", s.key(), f.reference, f.citation);
    }
    println!("{}", bibtex(&kremlin(), None));
    println!("{}", ris(&kremlin(), None));
}
