//! Behaviour that lives in the browser, tested in headless Chromium over WebDriver
//! (Debian's `chromium` and `chromium-driver`; `.ci/test` installs them): a margin
//! note opens from the keyboard on a narrow screen, wide-screen notes never overlap
//! each other or the text, and a paragraph's number opens its citations with the
//! number filled in.

use fantoccini::Locator;
use serde_json::json;

use crate::common::*;
use crate::web::{browser, serve, start_driver};

const PAGE: &str = "documents/2022-04-26-putin-guterres-meeting/";

#[tokio::test(flavor = "current_thread")]
async fn a_margin_note_opens_from_the_keyboard_on_a_narrow_screen() {
    let (_tmp, site) = build_shipped();
    let port = serve(site);
    let driver = start_driver();
    let c = browser(&driver).await;
    c.set_window_size(400, 900).await.unwrap();
    c.goto(&format!("http://127.0.0.1:{port}/{PAGE}"))
        .await
        .unwrap();
    let reference = c.find(Locator::Css("a.annot-ref")).await.unwrap();
    let note_id = reference.attr("aria-controls").await.unwrap().unwrap();
    let note = c.find(Locator::Id(&note_id)).await.unwrap();
    assert!(
        !note.is_displayed().await.unwrap(),
        "folded away on a narrow screen"
    );
    // Reach it with the keyboard and press Enter.
    c.execute(
        "document.querySelector('a.annot-ref').focus(); return document.activeElement.className;",
        vec![],
    )
    .await
    .unwrap();
    reference.send_keys("\u{E007}").await.unwrap();
    assert!(
        note.is_displayed().await.unwrap(),
        "Enter opens the note in place"
    );
    assert_eq!(
        reference.attr("aria-expanded").await.unwrap().as_deref(),
        Some("true")
    );
    let focused = c
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!(note_id), "focus moves to the opened note");
    // Enter again folds it.
    reference.send_keys("\u{E007}").await.unwrap();
    assert!(!note.is_displayed().await.unwrap());
    c.close().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn wide_screen_notes_sit_in_the_margin_without_overlapping() {
    let (_tmp, site) = build_shipped();
    let port = serve(site);
    let driver = start_driver();
    let c = browser(&driver).await;
    c.set_window_size(1600, 1200).await.unwrap();
    c.goto(&format!("http://127.0.0.1:{port}/{PAGE}"))
        .await
        .unwrap();
    let rects = c
        .execute(
            "const r = e => { const b = e.getBoundingClientRect(); return [b.left, b.top + scrollY, b.right, b.bottom + scrollY]; };
             return { notes: [...document.querySelectorAll('.doc-body aside.sidenote')].map(r),
                      text: [...document.querySelectorAll('.doc-body p.numbered')].map(r) };",
            vec![],
        )
        .await
        .unwrap();
    let boxes = |k: &str| -> Vec<[f64; 4]> {
        rects[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| serde_json::from_value(b.clone()).unwrap())
            .collect()
    };
    let (notes, text) = (boxes("notes"), boxes("text"));
    assert!(notes.len() >= 12, "{} notes", notes.len());
    let overlap =
        |a: &[f64; 4], b: &[f64; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    for (i, a) in notes.iter().enumerate() {
        assert!(a[3] - a[1] > 10.0, "note {i} is shown");
        for (j, b) in notes.iter().enumerate().skip(i + 1) {
            assert!(!overlap(a, b), "notes {i} and {j} overlap: {a:?} {b:?}");
        }
        for t in &text {
            assert!(!overlap(a, t), "note {i} covers the text: {a:?} {t:?}");
        }
    }
    c.close().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_paragraph_number_opens_its_citations_with_its_number_filled_in() {
    let (_tmp, site) = build_shipped();
    let port = serve(site);
    let driver = start_driver();
    let c = browser(&driver).await;
    c.set_window_size(1400, 900).await.unwrap();
    c.goto(&format!("http://127.0.0.1:{port}/{PAGE}#p3"))
        .await
        .unwrap();
    let number = c
        .find(Locator::Css(".doc-body a.pnum[href='#p3']"))
        .await
        .unwrap();
    let label = number.text().await.unwrap();
    assert_eq!(label, "3");
    number.click().await.unwrap();
    let menu = c.find(Locator::Css(".pmenu")).await.unwrap();
    assert_eq!(
        menu.attr("aria-label").await.unwrap().as_deref(),
        Some("Paragraph 3")
    );
    let copies: Vec<String> = {
        let mut out = Vec::new();
        for b in menu.find_all(Locator::Css("button.copy")).await.unwrap() {
            out.push(b.attr("data-copy").await.unwrap().unwrap_or_default());
        }
        out
    };
    // A link, five styles, BibTeX, RIS and CSL-JSON.
    assert_eq!(copies.len(), 9, "{copies:?}");
    assert!(copies[0].ends_with(&format!("{PAGE}#p3")), "{}", copies[0]);
    for text in &copies[1..] {
        assert!(!text.contains("999999"), "placeholder left in {text}");
    }
    assert!(copies[1].contains("para. 3"), "{}", copies[1]);
    assert!(copies[6].contains("para. 3"), "BibTeX: {}", copies[6]);
    assert!(
        copies[8].contains("\"locator\": \"3\""),
        "CSL-JSON: {}",
        copies[8]
    );
    // Escape closes the menu and gives the focus back to the number.
    c.execute(
        "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));",
        vec![],
    )
    .await
    .unwrap();
    assert!(c.find_all(Locator::Css(".pmenu")).await.unwrap().is_empty());
    let focused = c
        .execute(
            "return document.activeElement.getAttribute('href');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(focused, json!("#p3"));
    c.close().await.unwrap();
}
