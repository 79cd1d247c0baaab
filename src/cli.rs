//! The command line: one `Args` struct and one `run` per subcommand.
//!
//! Exit codes: 0 success, 1 the content has errors (or a file could not be read or
//! written), 2 a usage error (clap's own).

use std::path::{Path, PathBuf};
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
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The archive's folder (the one holding site.toml)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Where to write the site [default: output_dir from site.toml, below the root]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The archive's folder (the one holding site.toml)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
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
    guard_output(&args.root, &out)?;
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
    });
    bar.finish_and_clear();
    let report = report?;
    print_diagnostics(&report, args.quiet);
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
    })?;
    print_diagnostics(&report, false);
    eprintln!(
        "checked {} document{}: no errors, {} warning{} ({:.2} s)",
        report.documents,
        plural(report.documents),
        report.diagnostics.len(),
        plural(report.diagnostics.len()),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn init(args: &InitArgs) -> Result<(), Error> {
    crate::init::scaffold(&args.dir)?;
    eprintln!(
        "created an archive in {}; build it with `scholia build --root {}`",
        args.dir.display(),
        args.dir.display()
    );
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

/// Refuses an output folder whose replacement would destroy the archive itself: the
/// root or a folder above it, the content or themes, or anything holding a site.toml.
fn guard_output(root: &Path, out: &Path) -> Result<(), Error> {
    let root_abs = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let out_abs = resolved(out);
    let protected = [root_abs.join("content"), root_abs.join("themes")];
    let dangerous = root_abs.starts_with(&out_abs)
        || protected.iter().any(|p| out_abs.starts_with(p))
        || out.join("site.toml").exists();
    if dangerous {
        return Err(Error::Message(format!(
            "refusing to replace {}: it holds the archive itself\n  help: choose an output folder of its own, e.g. --out public",
            out.display()
        )));
    }
    Ok(())
}

/// `path` made absolute with symbolic links resolved as far as the path exists.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            resolved(parent).join(name)
        }
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}
