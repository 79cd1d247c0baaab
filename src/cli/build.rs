//! `scholia build` and `scholia check`.

use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::{plural, print_diagnostics};
use crate::{Error, Options};

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

pub(crate) fn build(args: &BuildArgs) -> Result<(), Error> {
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

pub(crate) fn check(args: &CheckArgs) -> Result<(), Error> {
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
