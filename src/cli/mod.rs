//! The command line: one `Args` struct and one `run` per subcommand.
//!
//! Exit codes: 0 success, 1 the content has errors (or a file could not be read or
//! written), 2 a usage error (clap's own).

mod build;
mod cite;
mod import;
pub mod init;

pub use build::{BuildArgs, CheckArgs};
pub use cite::CiteArgs;
pub use import::ImportArgs;
pub use init::InitArgs;

use clap::{Parser, Subcommand};

use crate::{Error, Report};

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

/// Parses the arguments, runs the command and returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::build(&args),
        Command::Check(args) => build::check(&args),
        Command::Init(args) => init::run(&args),
        Command::Import(args) => import::import(&args),
        Command::Cite(args) => cite::cite(&args),
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

pub(crate) fn print_diagnostics(report: &Report, quiet: bool) {
    if quiet {
        return;
    }
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
