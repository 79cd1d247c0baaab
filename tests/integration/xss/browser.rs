//! Loads every page of the XSS suite's sites in headless Chromium and reports what ran
//! or was injected.
//!
//! Hooks (`tests/fixtures/xss/hooks.js`) are installed in every document before its
//! scripts run, through the DevTools protocol, so a Content-Security-Policy cannot
//! stop them; they record dialogs, console messages, script errors and CSP reports.
//! Pages load in batches, side by side in same-origin frames of a blank page (one
//! session for the whole run), and each frame's live DOM is queried
//! (`inspect.js`). A batch that does not come back (a real dialog opened, the blank
//! page was navigated away) is loaded again page by page at the top level. After
//! every batch, the browser's own log is read for messages naming a marker and for
//! dialogs the browser refused to show.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use fantoccini::Client;
use fantoccini::wd::TimeoutConfiguration;
use serde_json::{Value, json};

use crate::web::{BLANK, Driver, browser_log, browser_with, on_every_document, serve};

const HOOKS: &str = include_str!("../../fixtures/xss/hooks.js");
const INSPECT: &str = include_str!("../../fixtures/xss/inspect.js");
const FRAMES: &str = include_str!("../../fixtures/xss/frames.js");

/// Pages loaded side by side.
const BATCH: usize = 20;
/// How long a page may run its timers after it has loaded, in milliseconds.
const SETTLE: u64 = 60;

/// Something found on a page.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The page, relative to the folder of sites (`content/documents/doc-v001/index.html`).
    pub page: String,
    /// `dialog`, `native-dialog`, `console`, `script-error`, `browser-log` (something
    /// ran), `csp` (a policy stopped something), or `element`, `script`, `handler`,
    /// `url`, `style`, `marked`, `json`, `structure`, `navigated`, `load`, `probe`
    /// (the DOM, or the page could not be checked).
    pub kind: String,
    pub detail: String,
}

impl Finding {
    /// Whether this says a script ran (rather than what the DOM holds).
    pub fn executed(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "dialog" | "native-dialog" | "console" | "script-error" | "browser-log"
        )
    }
}

/// The tags a page may have: those of the theme's templates, those `scholia.js`
/// creates, and those the Markdown renderer and the highlighter write.
pub fn allowed_tags(theme: &Path) -> Vec<String> {
    let mut tags: BTreeSet<String> = [
        "html",
        "head",
        "body",
        "p",
        "em",
        "strong",
        "a",
        "img",
        "code",
        "pre",
        "span",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "blockquote",
        "del",
        "input",
        "hr",
        "br",
        "sup",
        "div",
        "q",
        "mark",
        // The faces of a formatted citation (render/cite_view.rs `runs_html`).
        "i",
        "b",
        "u",
        "sub",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let tag = regex::Regex::new(r"<([a-zA-Z][a-zA-Z0-9-]*)").unwrap();
    let created = regex::Regex::new(r#"createElement\("([a-z]+)"\)"#).unwrap();
    for entry in walkdir::WalkDir::new(theme).into_iter().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let pattern = match entry.path().extension().and_then(|e| e.to_str()) {
            Some("html") => &tag,
            Some("js") => &created,
            _ => continue,
        };
        for c in pattern.captures_iter(&text) {
            tags.insert(c[1].to_ascii_lowercase());
        }
    }
    tags.into_iter().collect()
}

/// Loads every page (paths relative to `sites`) and returns what was found.
pub async fn scan(sites: &Path, pages: &[String], allowed: &[String]) -> Vec<Finding> {
    let port = serve(sites.to_path_buf());
    let origin = format!("http://127.0.0.1:{port}");
    let driver = crate::web::start_driver();
    let c = session(&driver).await;
    let mut findings = Vec::new();
    c.goto(&format!("{origin}{BLANK}")).await.unwrap();
    let script = format!("{INSPECT}\n{FRAMES}");
    let start = std::time::Instant::now();
    for (i, batch) in pages.chunks(BATCH).enumerate() {
        if i % 50 == 0 {
            eprintln!(
                "xss: {} of {} pages loaded, {} s",
                i * BATCH,
                pages.len(),
                start.elapsed().as_secs()
            );
        }
        let urls: Vec<String> = batch.iter().map(|p| format!("{origin}/{p}")).collect();
        let result = c
            .execute_async(&script, vec![json!(urls), json!(allowed), json!(SETTLE)])
            .await;
        match result {
            Ok(Value::Array(results)) if results.len() == batch.len() => {
                for (page, r) in batch.iter().zip(&results) {
                    collect(page, r, &mut findings);
                }
            }
            other => {
                let why = match other {
                    Ok(v) => format!("unexpected result {v}"),
                    Err(e) => e.to_string(),
                };
                findings.extend(native_dialog(&c, &batch.join(", ")).await);
                for (page, url) in batch.iter().zip(&urls) {
                    one_by_one(&c, page, url, allowed, &mut findings).await;
                }
                eprintln!("xss: a batch did not come back ({why}); loaded page by page");
                let _ = c.goto(&format!("{origin}{BLANK}")).await;
            }
        }
        for entry in browser_log(&c).await {
            if let Some(f) = log_finding(&entry, batch) {
                findings.push(f);
            }
        }
    }
    let _ = c.close().await;
    findings
}

async fn session(driver: &Driver) -> Client {
    // Every host but this one fails at once: no page waits for the network.
    let c = browser_with(
        driver,
        &["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        json!({
            "goog:loggingPrefs": { "browser": "ALL" },
            "unhandledPromptBehavior": "ignore",
        }),
    )
    .await;
    c.update_timeouts(TimeoutConfiguration::new(
        Some(Duration::from_secs(600)),
        Some(Duration::from_secs(60)),
        Some(Duration::from_secs(0)),
    ))
    .await
    .unwrap();
    on_every_document(&c, HOOKS).await;
    c
}

/// Loads one page at the top level, dismissing any dialog it opens, and inspects it.
async fn one_by_one(c: &Client, page: &str, url: &str, allowed: &[String], out: &mut Vec<Finding>) {
    if let Err(e) = c.goto(url).await {
        out.push(Finding {
            page: page.into(),
            kind: "load".into(),
            detail: format!("loading it failed: {e}"),
        });
    }
    tokio::time::sleep(Duration::from_millis(SETTLE)).await;
    out.extend(native_dialog(c, page).await);
    let script = format!("{INSPECT}\nreturn inspect(window, arguments[0], arguments[1]);");
    match c.execute(&script, vec![json!(url), json!(allowed)]).await {
        Ok(r) => collect(page, &r, out),
        Err(e) => out.push(Finding {
            page: page.into(),
            kind: "probe".into(),
            detail: format!("the page could not be inspected: {e}"),
        }),
    }
}

/// Any real dialog left open (one the hooks did not catch), dismissed.
async fn native_dialog(c: &Client, page: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for _ in 0..20 {
        match c.get_alert_text().await {
            Ok(text) => {
                out.push(Finding {
                    page: page.into(),
                    kind: "native-dialog".into(),
                    detail: format!("a dialog opened: {text:?}"),
                });
                let _ = c.dismiss_alert().await;
            }
            Err(_) => break,
        }
    }
    out
}

fn collect(page: &str, r: &Value, out: &mut Vec<Finding>) {
    for key in ["findings", "log"] {
        for f in r[key].as_array().into_iter().flatten() {
            out.push(Finding {
                page: page.into(),
                kind: f["kind"].as_str().unwrap_or("?").into(),
                detail: f["detail"].as_str().unwrap_or("").into(),
            });
        }
    }
}

/// A browser log entry worth reporting: one naming a marker, a dialog the browser
/// refused to open, or a script a Content-Security-Policy blocked.
fn log_finding(entry: &str, batch: &[String]) -> Option<Finding> {
    // Network errors name the addresses pages asked for, which may hold a marker
    // without anything having run; console and script messages count.
    let from_script = entry.contains(" console-api: ") || entry.contains(" javascript: ");
    let marked = from_script && !crate::xss::fields::markers_in(entry).is_empty();
    let dialog = entry.contains("Ignored call to 'alert()'")
        || entry.contains("Ignored call to 'confirm()'")
        || entry.contains("Ignored call to 'prompt()'");
    let blocked =
        entry.contains("Refused to execute") || entry.contains("Refused to load the script");
    if !(marked || dialog || blocked) {
        return None;
    }
    let page = batch
        .iter()
        .find(|p| entry.contains(p.trim_end_matches("index.html")))
        .cloned()
        .unwrap_or_else(|| format!("one of {}", batch.join(", ")));
    let kind = if dialog {
        "native-dialog"
    } else if blocked {
        "csp"
    } else {
        "browser-log"
    };
    Some(Finding {
        page,
        kind: kind.into(),
        detail: entry.to_string(),
    })
}
