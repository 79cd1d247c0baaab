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

pub mod archive;
pub mod body;
pub mod cli;
pub mod config;
pub mod diag;
pub mod document;
pub mod entity;
pub mod error;
pub mod fields;
pub mod frontmatter;
pub mod highlight;
pub mod import;
pub mod init;
pub mod meta;
pub mod output;
pub mod render;
pub mod source;
pub mod theme;

use std::path::{Path, PathBuf};

use config::SiteConfig;
use diag::Diagnostic;
pub use error::Error;

/// What a run should do.
pub struct Options<'a> {
    pub root: &'a Path,
    /// Where to publish; `None` checks without writing.
    pub out: Option<PathBuf>,
    /// Called once per document rendered.
    pub progress: &'a (dyn Fn() + Sync),
    /// Called once the number of documents is known.
    pub on_start: &'a dyn Fn(usize),
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
    let mut clock = Clock::default();
    clock.lap("start");
    let site_toml = source::read_config(opts.root)?;
    let site = SiteConfig::parse(&site_toml).map_err(Error::Content)?;
    let out = opts.out.clone();
    let tree = source::read(opts.root, site_toml, &site.theme)?;
    (opts.on_start)(tree.documents.len());
    clock.lap("read");
    let (docs, mut diags) = document::parse_all(&tree);
    let mut entities = Vec::new();
    for (files, kind) in [
        (&tree.people, archive::TaxonomyKind::People),
        (&tree.places, archive::TaxonomyKind::Places),
        (&tree.organizations, archive::TaxonomyKind::Organizations),
    ] {
        let (e, d) = entity::parse_entities(files, kind);
        entities.extend(e);
        diags.extend(d);
    }
    let (events, d) = entity::parse_events(&tree.events);
    diags.extend(d);
    clock.lap("parse");
    let (archive, resolve_diags) = archive::resolve(site, docs, entities, events);
    clock.lap("resolve");
    diags.extend(resolve_diags);
    let diagnostics = fail_on_errors(diags)?;
    let pages = render::render(&archive, &tree.theme, &tree.attachments, opts.progress)
        .map_err(Error::Content)?;
    clock.lap("render");
    if let Some(out) = &out {
        output::publish(out, &pages)?;
        clock.lap("write");
    }
    Ok(Report {
        documents: archive.docs.len(),
        pages: pages.len(),
        diagnostics,
        out,
        timings: clock.laps,
    })
}

/// Stage timings for `--timings`.
#[derive(Default)]
struct Clock {
    last: Option<std::time::Instant>,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Clock {
    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        if let Some(last) = self.last {
            self.laps.push((name, now - last));
        }
        self.last = Some(now);
    }
}

/// The sorted diagnostics, or an error carrying all of them when any is an error.
fn fail_on_errors(diags: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
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
