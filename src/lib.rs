//! Scholia: a static-site generator for annotated, cross-linked, citable archives of
//! primary sources.
//!
//! The build is a pipeline of stages, each a value in and a value out, with IO only at
//! the ends (DESIGN.md):
//!
//! ```text
//! source (read) -> document (parse, parallel) -> archive (resolve) -> render -> output
//! ```
//!
//! [`run`] runs them in order; the stages never call each other.

pub mod cite;
pub mod cli;
pub mod diag;
pub mod error;
pub mod import;
pub mod model;
pub mod output;
pub mod parse;
pub mod render;
pub mod resolve;
pub mod source;

use std::path::{Path, PathBuf};

use diag::Diagnostic;
pub use error::Error;
use parse::config::SiteConfig;
use parse::{annotation, document, entity};
use resolve::anchors;

/// What a run should do.
pub struct Options<'a> {
    pub root: &'a Path,
    /// Where to publish; `None` checks without writing.
    pub out: Option<PathBuf>,
    /// Called once per document rendered.
    pub progress: &'a (dyn Fn() + Sync),
    /// Called once the number of documents is known.
    pub on_start: &'a dyn Fn(usize),
    /// Refuse to change `content/anchors.lock` (for CI: the published addresses are
    /// exactly the committed ones).
    pub locked: bool,
    /// Replace the output folder even if Scholia did not make it (never the archive,
    /// the home folder or `/`: see [`output::check_target`]).
    pub force: bool,
}

/// What a successful run did.
#[derive(Debug)]
pub struct Report {
    pub documents: usize,
    pub pages: usize,
    /// Warnings and notes (errors fail the run).
    pub diagnostics: Vec<Diagnostic>,
    pub out: Option<PathBuf>,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Runs the pipeline: read, parse, resolve, render and (with `out`) publish.
pub fn run(opts: &Options<'_>) -> Result<Report, Error> {
    // Before any work: a folder the build may not replace stops it here.
    let target = match &opts.out {
        Some(out) => Some(output::check_target(
            opts.root,
            out,
            opts.force,
            std::env::var_os("HOME").as_deref().map(Path::new),
        )?),
        None => None,
    };
    let mut clock = Clock::default();
    clock.lap("start");
    let (tree, archive, mut diags) = load(opts.root, opts.on_start, &mut clock)?;
    if archive.lock_changed {
        let message =
            "paragraph addresses changed: content/anchors.lock is updated by `scholia build`";
        if opts.locked {
            diags.push(
                Diagnostic::error(anchors::LOCK_PATH, diag::Pos::START, message)
                    .help("run `scholia build` without --locked and commit content/anchors.lock"),
            );
        } else if opts.out.is_none() {
            diags.push(Diagnostic::new(
                diag::Severity::Note,
                anchors::LOCK_PATH,
                diag::Pos::START,
                message,
            ));
        }
    }
    let mut diagnostics = fail_on_errors(diags)?;
    let citer = cite::Citer::new().with_cache(
        tree.cite_cache
            .as_deref()
            .map(cite::CiteCache::parse)
            .unwrap_or_default(),
    );
    let pages = render::render(
        &archive,
        &tree.theme,
        &tree.attachments,
        &citer,
        opts.progress,
    )
    .map_err(Error::Content)?;
    clock.lap("render");
    if let Some(target) = &target {
        diagnostics.extend(output::publish(target, &pages)?);
        if archive.lock_changed {
            let lock = archive.lock.render();
            write_inside(opts.root, anchors::LOCK_PATH, &lock, &mut diagnostics)?;
        }
        // The citations, kept for the next build (formatting them is the slowest step).
        let (cache, changed) = citer.cache();
        if changed {
            let text = cache.render();
            write_inside(opts.root, cite::CiteCache::PATH, &text, &mut diagnostics)?;
        }
        clock.lap("write");
    }
    Ok(Report {
        documents: archive.docs.len(),
        pages: pages.len(),
        diagnostics,
        out: opts.out.clone(),
        timings: clock.laps,
    })
}

/// Reads, parses and resolves the archive at `root`: what rendering and `scholia cite`
/// start from. Diagnostics are returned, not judged.
pub fn load(
    root: &Path,
    on_start: &dyn Fn(usize),
    clock: &mut Clock,
) -> Result<(source::SourceTree, resolve::Archive, Vec<Diagnostic>), Error> {
    let site_toml = source::read_config(root)?;
    let site = SiteConfig::parse(&site_toml).map_err(Error::Content)?;
    let mut tree = source::read(root, site_toml, &site.theme)?;
    on_start(tree.documents.len());
    clock.lap("read");
    let mut diags = std::mem::take(&mut tree.diagnostics);
    let (docs, d) = document::parse_all(&tree, &site.limits);
    diags.extend(d);
    let (entities, events, d) = entity::parse_tree(&tree, &site.limits);
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
    let (archive, resolve_diags) = resolve::resolve(resolve::Inputs {
        site,
        docs,
        entities,
        events,
        lock,
        today: today(),
        annotations,
    });
    diags.extend(resolve_diags);
    clock.lap("resolve");
    Ok((tree, archive, diags))
}

/// Writes one of the archive's own files (`rel` below `root`), but never through a
/// symbolic link that leads out of the archive: that is a warning instead.
fn write_inside(
    root: &Path,
    rel: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    let path = root.join(rel);
    match source::outside_root(root, &path) {
        None => output::write_file(&path, text.as_bytes()),
        Some(real) => {
            diagnostics.push(
                Diagnostic::warning(
                    rel,
                    diag::Pos::START,
                    format!(
                        "not updated: it leads to {}, outside the archive",
                        real.display()
                    ),
                )
                .help("make it (and its folder) part of the archive rather than a symbolic link"),
            );
            Ok(())
        }
    }
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

/// The output folder a build of `root` writes to: `--out` if given, else the
/// configured `output_dir` below the root.
pub fn output_dir(root: &Path, out: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(out) = out {
        return Ok(out.to_path_buf());
    }
    let text = source::read_config(root)?;
    let site = SiteConfig::parse(&text).map_err(Error::Content)?;
    Ok(root.join(site.output_dir))
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
#[derive(Default)]
pub struct Clock {
    last: Option<std::time::Instant>,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Clock {
    pub fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        if let Some(last) = self.last {
            self.laps.push((name, now - last));
        }
        self.last = Some(now);
    }
}
