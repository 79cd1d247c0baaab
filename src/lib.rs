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

pub(crate) mod build;
pub(crate) mod cite;
pub mod cli;
pub mod diag;
pub(crate) mod emit;
pub mod error;
pub(crate) mod import;
pub(crate) mod model;
pub mod output;
pub mod parse;
pub(crate) mod render;
pub(crate) mod resolve;
pub(crate) mod source;

use std::path::{Path, PathBuf};

pub use build::{BuildOutput, Clock, Inputs, fail_on_errors, today};
use diag::Diagnostic;
pub use error::Error;
use parse::config::SiteConfig;
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

/// Runs the pipeline with IO at its ends: checks the output folder, reads the
/// archive, builds it into a staging folder (or, without `out`, into nothing) and
/// publishes it, then records the anchors lock and the citation cache.
pub fn run(opts: &Options<'_>) -> Result<Report, Error> {
    let home = std::env::var_os("HOME");
    let target = (opts.out.as_ref())
        .map(|out| output::check_target(opts.root, out, opts.force, home.as_deref().map(Path::new)))
        .transpose()?;
    let started = std::time::Instant::now();
    let inputs = read(opts.root)?;
    (opts.on_start)(inputs.tree.documents.len());
    let read_time = started.elapsed();
    let settings = build::Settings {
        locked: opts.locked,
        publishing: target.is_some(),
        progress: opts.progress,
    };
    let mut built = match &target {
        None => build::build(&inputs, &output::NullSink, &settings)?,
        Some(target) => {
            let sink = output::DiskSink::stage(target)?;
            let mut built = build::build(&inputs, &sink, &settings)?;
            let written = std::time::Instant::now();
            built.diagnostics.extend(sink.finish()?);
            let (lock, cache) = (built.lock.take(), built.cite_cache.take());
            record(opts.root, lock, cache, &mut built.diagnostics)?;
            built.timings.push(("write", written.elapsed()));
            built
        }
    };
    built.timings.insert(0, ("read", read_time));
    Ok(Report {
        documents: built.documents,
        pages: built.pages,
        diagnostics: built.diagnostics,
        out: opts.out.clone(),
        timings: built.timings,
    })
}

/// Reads everything a build of `root` needs.
pub fn read(root: &Path) -> Result<Inputs, Error> {
    let site_toml = source::read_config(root)?;
    let site = SiteConfig::parse(&site_toml).map_err(Error::Content)?;
    let tree = source::read(root, site_toml, &site.theme)?;
    Ok(Inputs {
        tree,
        site,
        today: today(),
    })
}

/// Records the anchors lock and the citation cache a build changed.
fn record(
    root: &Path,
    lock: Option<String>,
    cache: Option<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    if let Some(lock) = lock {
        write_inside(root, anchors::LOCK_PATH, &lock, diagnostics)?;
    }
    // The citations, kept for the next build.
    if let Some(cache) = cache {
        write_inside(root, cite::CiteCache::PATH, &cache, diagnostics)?;
    }
    Ok(())
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
