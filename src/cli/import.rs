//! `scholia import`: raw captures in, documents written beside their captures.

use std::path::PathBuf;

use crate::Error;

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

pub(crate) fn import(args: &ImportArgs) -> Result<(), Error> {
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
