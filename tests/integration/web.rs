//! What the browser tests share: a static file server for built sites on 127.0.0.1,
//! chromedriver started on a free port, and a headless Chromium session over WebDriver
//! (fantoccini), plus the raw WebDriver commands fantoccini has no method for
//! (Chromium's DevTools protocol and its browser log).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// A page the server answers at `/__blank.html` without a file: an empty document of
/// the sites' origin, for tests that load pages into frames.
pub const BLANK: &str = "/__blank.html";

/// A static file server on 127.0.0.1 for a folder of built sites; returns its port.
/// It serves until the test process ends.
pub fn serve(dir: PathBuf) -> u16 {
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
    let raw = request
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/");
    let path = percent_decode(raw);
    let mut file = dir.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let found = if path == BLANK {
        Ok(b"<!DOCTYPE html><html><head><title>frames</title></head><body></body></html>".to_vec())
    } else if path.split('/').any(|p| p == "..") {
        Err(())
    } else {
        std::fs::read(&file).map_err(|_| ())
    };
    let (status, body) = match found {
        Ok(b) => ("200 OK", b),
        Err(()) => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt" | "bib" | "ris") => "text/plain; charset=utf-8",
        _ if status.starts_with("404") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    // The theme's files are the same on every page: the browser may keep them.
    let cache = if kind.starts_with("text/css") || kind.starts_with("text/javascript") {
        "Cache-Control: max-age=600\r\n"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{cache}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// `%XX` escapes of a request path, decoded (invalid ones are kept as written).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
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

pub fn start_driver() -> Driver {
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
        profile: tempfile::tempdir().unwrap(),
    }
}

/// A headless Chromium session with a fresh profile.
pub async fn browser(driver: &Driver) -> Client {
    browser_with(driver, &[], json!({})).await
}

/// A headless Chromium session with a fresh profile, more command-line flags and more
/// capabilities (merged into the standard ones).
pub async fn browser_with(driver: &Driver, extra_args: &[&str], extra_caps: Value) -> Client {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("chromium is not installed: run .ci/test");
    let mut args = vec![
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--no-first-run".into(),
        format!("--user-data-dir={}", driver.profile.path().display()),
    ];
    args.extend(extra_args.iter().map(std::string::ToString::to_string));
    let mut caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args },
    });
    if let (Value::Object(c), Value::Object(extra)) = (&mut caps, extra_caps) {
        c.extend(extra);
    }
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session")
}

/// A WebDriver command fantoccini has no method for: `POST /session/{id}/{path}`.
#[derive(Debug)]
pub struct SessionPost {
    pub path: &'static str,
    pub body: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Runs `source` in every new document (every frame) before the page's own scripts,
/// through Chromium's DevTools protocol: no Content-Security-Policy applies to it.
pub async fn on_every_document(c: &Client, source: &str) {
    c.issue_cmd(SessionPost {
        path: "goog/cdp/execute",
        body: json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": source },
        }),
    })
    .await
    .expect("Page.addScriptToEvaluateOnNewDocument");
}

/// The browser's log since the last call (console messages, script errors, CSP
/// reports); needs the `goog:loggingPrefs` capability `{"browser": "ALL"}`.
pub async fn browser_log(c: &Client) -> Vec<String> {
    let v = c
        .issue_cmd(SessionPost {
            path: "se/log",
            body: json!({ "type": "browser" }),
        })
        .await
        .expect("the browser log");
    v.as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    format!(
                        "{} {}: {}",
                        e["level"].as_str().unwrap_or(""),
                        e["source"].as_str().unwrap_or(""),
                        e["message"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
