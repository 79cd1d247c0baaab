//! The build as stages, each a value in and a value out: parse (per file, in
//! parallel), resolve (the whole archive), cite (every citation, formatted once),
//! render (every page, into a sink). [`build`] runs them on inputs already read; it
//! touches no disk itself, so `serve` and the tests run it into memory.

use std::time::{Duration, Instant};

use crate::cite::{self, CiteCache, Citer};
use crate::diag::{self, Diagnostic, Pos, Severity};
use crate::error::Error;
use crate::output::Sink;
use crate::parse::config::SiteConfig;
use crate::parse::{annotation, document, entity};
use crate::render::{self, RenderError, context::SiteCx};
use crate::resolve::{self, Resolved, anchors};
use crate::source::SourceTree;

/// Everything a build reads, in memory.
pub struct Inputs {
    pub tree: SourceTree,
    pub site: SiteConfig,
    /// Today, `YYYY-MM-DD`, for dating removed and revised paragraphs.
    pub today: String,
}

/// How a build behaves.
pub struct Settings<'a> {
    /// Refuse to change the anchors lock (the published addresses must stand).
    pub locked: bool,
    /// Whether the pages are published (else a changed lock is only noted).
    pub publishing: bool,
    /// Called once per document page rendered.
    pub progress: &'a (dyn Fn() + Sync),
}

/// What a build made besides its pages, which went to the sink.
#[derive(Debug)]
pub struct BuildOutput {
    pub documents: usize,
    pub pages: usize,
    /// The anchors lock to record, when it changed.
    pub lock: Option<String>,
    /// The citation cache to keep for the next build, when it changed.
    pub cite_cache: Option<String>,
    /// Warnings and notes (errors fail the build).
    pub diagnostics: Vec<Diagnostic>,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Parses, resolves, formats the citations and renders every page into `sink`.
pub fn build(
    inputs: &Inputs,
    sink: &dyn Sink,
    settings: &Settings<'_>,
) -> Result<BuildOutput, Error> {
    let mut clock = Clock::start();
    let resolved = parse_and_resolve(inputs, &mut clock)?;
    let diagnostics = judge(resolved.diagnostics, resolved.lock_changed, settings)?;
    let cache = (inputs.tree.cite_cache.as_deref())
        .map(CiteCache::parse)
        .unwrap_or_default();
    let archive = resolved.archive;
    let cites = cite::prepare(&archive, &Citer::new(), &cache);
    clock.lap("cite");
    let tera = render::compile(&inputs.tree.theme, &archive.site.theme).map_err(Error::Content)?;
    let cx = SiteCx {
        archive: &archive,
        tera,
        highlighter: render::html::highlight::Highlighter::new(),
        cites: &cites,
        attachments: &inputs.tree.attachments,
    };
    let pages =
        render::render(&cx, &inputs.tree.theme, sink, settings.progress).map_err(|e| match e {
            RenderError::Content(d) => Error::Content(d),
            RenderError::Output(e) => e,
        })?;
    clock.lap("render");
    Ok(BuildOutput {
        documents: archive.docs.len(),
        pages,
        lock: resolved.lock_changed.then(|| resolved.lock.render()),
        cite_cache: cites.cache_changed.then(|| cites.cache.render()),
        diagnostics,
        timings: clock.laps,
    })
}

/// Parses every file and resolves the archive: what rendering and `scholia cite` start
/// from. Diagnostics are returned, not judged.
pub fn parse_and_resolve(inputs: &Inputs, clock: &mut Clock) -> Result<Resolved, Error> {
    let (tree, site) = (&inputs.tree, &inputs.site);
    let mut diags = tree.diagnostics.clone();
    let (docs, d) = document::parse_all(tree, &site.limits);
    diags.extend(d);
    let (entities, events, d) = entity::parse_tree(tree, &site.limits);
    diags.extend(d);
    let (annotations, d) =
        annotation::parse_all(&tree.annotations, &site.annotation_kinds, &site.limits);
    diags.extend(d);
    let lock = match &tree.anchors_lock {
        None => anchors::LockFile::default(),
        Some(text) => anchors::LockFile::parse(text).map_err(|(pos, m)| {
            Error::Content(vec![Diagnostic::error(anchors::LOCK_PATH, pos, format!("the anchors lock is damaged: {m}")).help(
                "restore it from version control (git checkout content/anchors.lock); deleting it renumbers every paragraph",
            )])
        })?,
    };
    clock.lap("parse");
    let mut resolved = resolve::resolve(resolve::Inputs {
        site: site.clone(),
        docs,
        entities,
        events,
        lock,
        today: inputs.today.clone(),
        annotations,
    });
    diags.append(&mut resolved.diagnostics);
    resolved.diagnostics = diags;
    clock.lap("resolve");
    Ok(resolved)
}

/// The build's diagnostics, sorted, with the anchors lock's change said; an error
/// carrying all of them when any is an error.
fn judge(
    mut diags: Vec<Diagnostic>,
    lock_changed: bool,
    settings: &Settings<'_>,
) -> Result<Vec<Diagnostic>, Error> {
    if lock_changed {
        let message =
            "paragraph addresses changed: content/anchors.lock is updated by `scholia build`";
        if settings.locked {
            diags.push(
                Diagnostic::error(anchors::LOCK_PATH, Pos::START, message)
                    .help("run `scholia build` without --locked and commit content/anchors.lock"),
            );
        } else if !settings.publishing {
            diags.push(Diagnostic::new(
                Severity::Note,
                anchors::LOCK_PATH,
                Pos::START,
                message,
            ));
        }
    }
    fail_on_errors(diags)
}

/// The sorted diagnostics, or an error carrying all of them when any is an error.
pub fn fail_on_errors(diags: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
    let mut all = diag::Diagnostics::new();
    all.extend(diags);
    let failed = all.has_errors();
    let sorted = all.sorted();
    if failed {
        Err(Error::Content(sorted))
    } else {
        Ok(sorted)
    }
}

/// Today as `YYYY-MM-DD`: from `SOURCE_DATE_EPOCH` when set (reproducible builds),
/// else the system clock.
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    chrono::DateTime::from_timestamp(secs, 0)
        .map_or_else(|| "1970-01-01".into(), |d| d.format("%Y-%m-%d").to_string())
}

/// Stage timings for `--timings`.
pub struct Clock {
    last: Instant,
    pub laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    pub fn start() -> Self {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Records the time since the last lap under `name`.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}
