//! Citations of the seed documents in every style, compared whole.

use std::collections::BTreeMap;

use super::*;

fn kremlin() -> Record {
    Record {
        id: "2022-04-26-putin-guterres-meeting".into(),
        kind: crate::model::Kind::Transcript,
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
    let citer = Citer::new();
    let empty = CiteCache::default();
    let mut next = BTreeMap::new();
    let fresh: Vec<Formatted> = Style::CSL
        .iter()
        .map(|&s| {
            empty
                .format(&citer, &mut next, &item, s, Some("3"))
                .unwrap()
        })
        .collect();
    assert_eq!(next.len(), Style::CSL.len());
    let stored = CiteCache::parse(&CiteCache { entries: next }.render());
    // A cached citation is returned as stored, without the engine: one that could
    // not be formatted proves it.
    let (key, mut kept) = stored
        .entries
        .iter()
        .next()
        .map(|(k, v)| (k.clone(), v.clone()))
        .unwrap();
    kept.reference = "from the cache".into();
    let mut planted = stored;
    planted.entries.insert(key, kept);
    let mut again_next = BTreeMap::new();
    let again: Vec<Formatted> = Style::CSL
        .iter()
        .map(|&s| {
            planted
                .format(&citer, &mut again_next, &item, s, Some("3"))
                .unwrap()
        })
        .collect();
    assert_eq!(
        again
            .iter()
            .filter(|f| f.reference == "from the cache")
            .count(),
        1
    );
    assert_eq!(again_next.len(), Style::CSL.len());
    // A different item is a different key.
    let mut other = kremlin();
    other.title = "Another title".into();
    let f = planted
        .format(
            &citer,
            &mut again_next,
            &other.csl_json(),
            Style::Apa,
            Some("3"),
        )
        .unwrap();
    assert_ne!(f, fresh[0]);
    assert_eq!(again_next.len(), Style::CSL.len() + 1);
}

#[test]
fn bibtex_and_ris_carry_the_original_and_the_copy() {
    let r = kremlin();
    let bib = bibtex(&r, Some("14"));
    assert!(
        bib.starts_with("@misc{2022-04-26-putin-guterres-meeting,\n  title = {{President Putin"),
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

/// The BibTeX a record gives, read back by a real BibLaTeX parser.
fn parse_bibtex(r: &Record) -> biblatex::Entry {
    let bib = bibtex(r, Some("14"));
    let parsed = biblatex::Bibliography::parse(&bib)
        .unwrap_or_else(|e| panic!("does not parse: {e:?}\n{bib}"));
    assert_eq!(parsed.len(), 1, "{bib}");
    parsed.iter().next().unwrap().clone()
}

fn field(e: &biblatex::Entry, key: &str) -> String {
    use biblatex::ChunksExt;
    e.get(key)
        .unwrap_or_else(|| panic!("no {key}"))
        .format_verbatim()
}

#[test]
fn bibtex_parses_back_with_its_fields_whole() {
    use biblatex::ChunksExt;
    let mut r = kremlin();
    r.title = "Braces {x} }{ and \\ \"quotes\" & 100% $5 #1 a_b ~ ^ Київ".into();
    r.publisher = Some("President of {Russia} & Co".into());
    r.url = Some("http://e.org/a?b={c}&d=%20#f".into());
    let e = parse_bibtex(&r);
    assert_eq!(e.key, "2022-04-26-putin-guterres-meeting");
    assert_eq!(e.title().unwrap().format_verbatim(), r.title);
    // The corporate author is one name, not first/von/last.
    let authors = e.author().unwrap();
    assert_eq!(authors.len(), 1);
    assert_eq!(authors[0].name, "President of {Russia} & Co");
    assert_eq!(authors[0].given_name, "");
    assert_eq!(field(&e, "url"), "http://e.org/a?b=%7Bc%7D&d=%20#f");
    assert_eq!(field(&e, "pages"), "para. 14");
    assert_eq!(field(&e, "urldate"), "2026-11-23");

    let mut news = kremlin();
    news.kind = crate::model::Kind::Article;
    news.authors = vec!["Dave Lawler".into(), "Zachary Basu".into()];
    news.publisher = Some("Axios".into());
    let e = parse_bibtex(&news);
    assert_eq!(e.entry_type, biblatex::EntryType::Article);
    let authors = e.author().unwrap();
    assert_eq!(
        authors
            .iter()
            .map(|p| (p.given_name.as_str(), p.name.as_str()))
            .collect::<Vec<_>>(),
        [("Dave", "Lawler"), ("Zachary", "Basu")]
    );
    assert_eq!(field(&e, "journal"), "Axios");
}
