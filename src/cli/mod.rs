//! The command line: one `Args` struct and one `run` per subcommand.
//!
//! Exit codes: 0 success, 1 the content has errors (or a file could not be read or
//! written), 2 a usage error (clap's own).

pub mod init;

use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::{Error, Options, Report};

#[derive(Debug, Parser)]
#[command(name = "scholia", version, about = "Turns captures of primary sources into an annotated, cross-linked, citable static archive", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the archive into a static site (atomically: a failed build keeps the old site)
    Build(BuildArgs),
    /// Run the whole pipeline without writing, and report every problem
    Check(CheckArgs),
    /// Create a new archive with the default theme and an example document
    Init(InitArgs),
    /// Clean raw captures into documents (kept beside their raw capture)
    Import(ImportArgs),
    /// Print the citation of a document or of one of its paragraphs
    Cite(CiteArgs),
}

#[derive(Debug, clap::Args)]
pub struct CiteArgs {
    /// A document's address, with a paragraph if wanted: 2022-04-26-x or 2022-04-26-x#p14
    #[arg(value_name = "DOC[#pN]")]
    pub target: String,
    /// The citation style
    #[arg(long, value_enum, default_value = "apa")]
    pub style: crate::cite::Style,
    /// The archive's folder (the one holding site.toml)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The archive's folder (the one holding site.toml)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Where to write the site [default: output_dir from site.toml, below the root]. It
    /// is replaced whole, so it must be new, empty or made by Scholia (it holds a
    /// .scholia-site marker)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace the output folder even if Scholia did not make it. Never the archive, a
    /// folder holding it, its content/ or themes/, your home folder or /
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors
    #[arg(long, short)]
    pub quiet: bool,
    /// Print how long each stage took
    #[arg(long)]
    pub timings: bool,
    /// Fail instead of updating content/anchors.lock (the committed addresses must stand)
    #[arg(long)]
    pub locked: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The archive's folder (the one holding site.toml)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Raw captures: text copied or saved from web pages
    #[arg(required = true, value_name = "CAPTURE")]
    pub captures: Vec<PathBuf>,
    /// The archive's folder (its site.toml may hold import rules)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The document's kind (transcript, article, statement, …) instead of the guess
    #[arg(long, value_name = "K", value_parser = parse_kind)]
    pub kind: Option<String>,
    /// The file name (without date and .md) instead of one made from the title
    #[arg(long, value_name = "S", value_parser = parse_slug)]
    pub slug: Option<String>,
    /// The date (YYYY-MM-DD) instead of the one found in the capture
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// Print the document instead of writing anything
    #[arg(long)]
    pub stdout: bool,
    /// Print every block dropped or changed, with the reason (on stderr)
    #[arg(long)]
    pub explain: bool,
    /// Replace an existing document (the old file is kept as a .bak backup)
    #[arg(long)]
    pub force: bool,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::parse::meta::parse_iso_date(s)
        .ok_or_else(|| format!("not a date: {s:?} (use YYYY-MM-DD)"))
}

/// `--slug` becomes part of two file names (`YYYY-MM-DD-<slug>.md` and its capture):
/// a usage error unless it is a slug.
fn parse_slug(s: &str) -> Result<String, String> {
    let max = crate::model::slug::MAX_LEN - crate::model::slug::DATE_PREFIX_LEN;
    crate::model::slug::check_within(s, max)
        .map(|()| s.to_string())
        .map_err(|why| {
            format!(
                "not a usable slug: {why}\n  help: {} (the file is YYYY-MM-DD-<slug>.md in content/documents/)",
                crate::model::slug::help(s, max)
            )
        })
}

/// `--kind` becomes the address of its taxonomy page.
fn parse_kind(s: &str) -> Result<String, String> {
    crate::model::slug::check(s)
        .map(|()| s.to_string())
        .map_err(|why| {
            format!(
                "not a usable kind: {why}\n  help: e.g. transcript, article, statement; {}",
                crate::model::slug::help(s, crate::model::slug::MAX_LEN)
            )
        })
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create (it must not exist or be empty)
    pub dir: PathBuf,
}

/// Parses the arguments, runs the command and returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
        Command::Init(args) => init(&args),
        Command::Import(args) => import(&args),
        Command::Cite(args) => cite(&args),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{}", render_error(&e));
            1
        }
    }
}

fn render_error(e: &Error) -> String {
    match e {
        Error::Content(_) => e.to_string(),
        other => format!("error: {other}"),
    }
}

fn build(args: &BuildArgs) -> Result<(), Error> {
    let started = Instant::now();
    let out = crate::output_dir(&args.root, args.out.as_deref())?;
    let bar = ProgressBar::hidden();
    let on_start = |n: usize| {
        // Only long builds get a bar; indicatif draws nothing when stderr is no terminal.
        if n >= 200 && !args.quiet {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(n as u64);
            bar.set_style(
                ProgressStyle::with_template("rendering {bar:30} {pos}/{len} documents")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        }
    };
    let progress = || bar.inc(1);
    let report = crate::run(&Options {
        root: &args.root,
        out: Some(out.clone()),
        progress: &progress,
        on_start: &on_start,
        locked: args.locked,
        force: args.force,
    });
    bar.finish_and_clear();
    let report = report?;
    print_diagnostics(&report, args.quiet);
    if args.timings {
        for (stage, time) in &report.timings {
            eprintln!("{stage:>8}: {:.3} s", time.as_secs_f64());
        }
    }
    if !args.quiet {
        eprintln!(
            "built {} document{} into {} ({} files) in {:.2} s",
            report.documents,
            plural(report.documents),
            out.strip_prefix(".").unwrap_or(&out).display(),
            report.pages,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn check(args: &CheckArgs) -> Result<(), Error> {
    let started = Instant::now();
    let report = crate::run(&Options {
        root: &args.root,
        out: None,
        progress: &|| {},
        on_start: &|_| {},
        locked: false,
        force: false,
    })?;
    print_diagnostics(&report, false);
    let count = |s: crate::diag::Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let (warnings, notes) = (
        count(crate::diag::Severity::Warning),
        count(crate::diag::Severity::Note),
    );
    eprintln!(
        "checked {} document{}: no errors, {warnings} warning{}, {notes} note{} ({:.2} s)",
        report.documents,
        plural(report.documents),
        plural(warnings),
        plural(notes),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn init(args: &InitArgs) -> Result<(), Error> {
    crate::cli::init::scaffold(&args.dir)?;
    eprintln!(
        "created an archive in {}; build it with `scholia build --root {}`",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}

fn import(args: &ImportArgs) -> Result<(), Error> {
    if args.slug.is_some() && args.captures.len() > 1 {
        return Err(Error::Message(
            "--slug names one document: give one capture with it".into(),
        ));
    }
    let config = match crate::source::read_config(&args.root) {
        Ok(text) => {
            crate::parse::config::SiteConfig::parse(&text)
                .map_err(Error::Content)?
                .import
        }
        Err(_) => crate::import::ImportConfig::default(),
    };
    let opts = crate::import::ImportOptions {
        kind: args.kind.clone(),
        date: args.date,
    };
    for path in &args.captures {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        if matches!(text, std::borrow::Cow::Owned(_)) {
            eprintln!(
                "{}: warning: not valid UTF-8; unreadable bytes were replaced for cleaning (the capture is kept as it is)",
                path.display()
            );
        }
        let imported = crate::import::import(&text, &opts, &config);
        if args.explain {
            for line in &imported.explain {
                eprintln!("{}: {line}", path.display());
            }
        }
        if args.stdout {
            print!("{}", crate::import::document_text(&imported, None));
            continue;
        }
        let written = crate::import::writer::write(
            &args.root,
            path,
            &bytes,
            &imported,
            args.slug.as_deref(),
            args.force,
            &crate::today(),
        )?;
        if let Some(b) = &written.backup {
            eprintln!("kept the replaced document as {}", b.display());
        }
        eprintln!(
            "imported {} -> {} (capture kept as {})",
            path.display(),
            written.document.display(),
            written.capture.display()
        );
    }
    Ok(())
}

fn cite(args: &CiteArgs) -> Result<(), Error> {
    let mut clock = crate::Clock::default();
    let (_, archive, diags) = crate::load(&args.root, &|_| {}, &mut clock)?;
    // Only errors stop a citation; warnings are `check`'s business.
    crate::fail_on_errors(diags.into_iter().filter(|d| d.is_error()).collect())?;
    let (slug, para) = match args.target.split_once('#') {
        Some((s, p)) => (s, Some(p)),
        None => (args.target.as_str(), None),
    };
    let slug = slug
        .trim_end_matches(".md")
        .rsplit('/')
        .next()
        .unwrap_or(slug);
    let Some(index) = archive.docs.iter().position(|d| d.slug == slug) else {
        let slugs: Vec<&str> = archive.docs.iter().map(|d| d.slug.as_str()).collect();
        return Err(Error::Message(format!(
            "no document `{slug}` in the archive\n  help: {}",
            crate::diag::suggestion(slug, &slugs)
        )));
    };
    let label = match para {
        None => None,
        Some(p) => {
            let live = archive.anchors[index]
                .iter()
                .flatten()
                .find(|a| a.id == p || a.label == p);
            let removed = archive.removed[index]
                .iter()
                .find(|r| r.id == p || r.label == p);
            match (live, removed) {
                (Some(a), _) => Some(a.label.clone()),
                (None, Some(r)) => {
                    eprintln!(
                        "note: ¶{} was removed on {}; citing the address as published",
                        r.label, r.date
                    );
                    Some(r.label.clone())
                }
                (None, None) => {
                    let n = archive.anchors[index].iter().flatten().count();
                    return Err(Error::Message(format!(
                        "{slug} has no paragraph `{p}`\n  help: its paragraphs are p1 to p{n} (as in the page's margin)"
                    )));
                }
            }
        }
    };
    let record = crate::render::views::cite::record(&archive, index);
    let text = match args.style {
        crate::cite::Style::Bibtex => crate::cite::bibtex(&record, label.as_deref()),
        crate::cite::Style::Ris => crate::cite::ris(&record, label.as_deref()),
        crate::cite::Style::CslJson => {
            let mut item = record.csl_json();
            if let Some(l) = &label {
                item["locator"] = serde_json::json!(l);
                item["label"] = serde_json::json!("paragraph");
            }
            serde_json::to_string_pretty(&serde_json::json!([item])).unwrap_or_default() + "\n"
        }
        style => {
            let citer = crate::cite::Citer::new();
            let f = citer
                .format(&record.csl_json(), style, label.as_deref())
                .ok_or_else(|| {
                    Error::Message(format!(
                        "could not format the citation in {}",
                        style.title()
                    ))
                })?;
            let permalink = crate::render::views::cite::permalink(&archive, index);
            match &label {
                Some(l) => {
                    let id = archive.anchors[index]
                        .iter()
                        .flatten()
                        .find(|a| &a.label == l)
                        .map_or(format!("p{l}"), |a| a.id.clone());
                    format!("{}\n{}\n{permalink}#{id}\n", f.citation, f.reference)
                }
                None => format!("{}\n", f.reference),
            }
        }
    };
    print!("{text}");
    Ok(())
}

fn print_diagnostics(report: &Report, quiet: bool) {
    if quiet {
        return;
    }
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
