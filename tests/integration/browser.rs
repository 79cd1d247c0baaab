//! Behaviour that lives in the browser, tested in headless Chromium over WebDriver
//! (Debian's `chromium` and `chromium-driver`; `.ci/test` installs them): a margin
//! note opens from the keyboard on a narrow screen, wide-screen notes never overlap
//! each other or the text, and a paragraph's number opens its citations with the
//! number filled in.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::common::*;

/// A static file server on 127.0.0.1 for the built site.
fn serve(dir: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || answer(stream, &dir));
        }
    });
    port
}

fn answer(mut stream: TcpStream, dir: &Path) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Drain the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/");
    let mut file = dir.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, body) = match (path.contains(".."), std::fs::read(&file)) {
        (false, Ok(b)) => ("200 OK", b),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver() -> Driver {
    let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].into_iter().find(|p| Path::new(p).exists()).expect(
        "chromedriver is not installed: run .ci/test (it installs Debian's chromium and chromium-driver)",
    );
    let port = free_port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver {
        child,
        port,
        _profile: tempfile::tempdir().unwrap(),
    }
}

async fn browser(driver: &Driver) -> Client {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("chromium is not installed: run .ci/test");
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                format!("--user-data-dir={}", driver._profile.path().display()),
            ],
        },
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session")
}

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
