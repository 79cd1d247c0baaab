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
fn official_styles_format_the_original_with_a_paragraph_locator() {
    let c = Citer::new();
    let item = kremlin().csl_json();
    let apa = c.format(&item, Style::Apa, Some("14")).unwrap();
    assert_eq!(apa.citation, "(President of Russia, 2022, para. 14)");
    assert_eq!(
        apa.reference,
        "President of Russia. (2022, April 26). President Putin and UN Secretary-General Antonio Guterres: Meeting [Transcript]. Scholia archive (archived copy: https://archive.example/documents/2022-04-26-putin-guterres-meeting/). President of Russia. http://en.kremlin.ru/events/president/news/68287"
    );
    let mla = c.format(&item, Style::Mla, Some("14")).unwrap();
    assert_eq!(mla.citation, "(President of Russia, par. 14)");
    let harvard = c.format(&item, Style::Harvard, None).unwrap();
    assert!(
        harvard
            .reference
            .ends_with("(Accessed: November 23, 2026)."),
        "{}",
        harvard.reference
    );
}

#[test]
fn the_cache_returns_the_same_citations_without_reformatting() {
    let item = kremlin().csl_json();
    let first = Citer::new();
    let fresh: Vec<Formatted> = Style::CSL
        .iter()
        .map(|&s| first.format(&item, s, Some("3")).unwrap())
        .collect();
    let (cache, changed) = first.cache();
    assert!(changed);
    let stored = CiteCache::parse(&cache.render());
    let second = Citer::new().with_cache(stored);
    let again: Vec<Formatted> = Style::CSL
        .iter()
        .map(|&s| second.format(&item, s, Some("3")).unwrap())
        .collect();
    assert_eq!(again, fresh);
    assert!(!second.cache().1, "everything came from the cache");
    // A different item is a different key.
    let mut other = kremlin();
    other.title = "Another title".into();
    assert_ne!(
        second
            .format(&other.csl_json(), Style::Apa, Some("3"))
            .unwrap(),
        fresh[0]
    );
    assert!(second.cache().1);
}

#[test]
fn bibtex_and_ris_carry_the_original_and_the_copy() {
    let r = kremlin();
    let bib = bibtex(&r, Some("14"));
    assert!(
        bib.starts_with("@misc{2022-04-26-putin-guterres-meeting,\n  title = {President Putin"),
        "{bib}"
    );
    assert!(bib.contains("  pages = {para. 14},\n"));
    assert!(bib.contains(
        "  note = {Republished by The Saker, 27 April 2022. Archived copy: https://archive.example/"
    ));
    let ris = ris(&r, None);
    assert!(ris.starts_with("TY  - ELEC\nTI  - President Putin"));
    assert!(ris.contains("\nY2  - 2026/11/23/\n"));
    assert!(ris.ends_with("ER  - \n"));
}
