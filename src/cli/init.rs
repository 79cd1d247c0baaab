//! `scholia init DIR`: a new archive that builds as it is, with the default theme, a
//! `site.toml` and one example document (with its raw capture) showing the dialect.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::parse::document::sha256_hex;
use crate::source::theme::DEFAULT_THEME;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create (it must not exist or be empty)
    pub dir: PathBuf,
}

pub(crate) fn run(args: &InitArgs) -> Result<(), Error> {
    scaffold(&args.dir)?;
    eprintln!(
        "created an archive in {}; build it with `scholia build --root {}`",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}

const SITE_TOML: &str = r#"# Settings of this archive. Every key is listed in Scholia's README.
title = "My archive"
description = "Primary sources, annotated and citable."
# The address the site will be published at (links work from any sub-path).
base_url = "https://example.org/"
language = "en"
theme = "default"
output_dir = "public"
"#;

const EXAMPLE_NAME: &str = "2024-01-15-example-press-briefing";

const EXAMPLE_CAPTURE: &str = "Home | News | Briefings\n\nPress briefing on the river clean-up\n15 January 2024\n\nMAYOR: Good morning. The clean-up of the river begins today.\n\nQUESTION (Ana Silva, City Radio): When will it end?\n\nMAYOR: By the summer, if the weather holds.\n\nShare this page\n";

fn example_document(sha: &str) -> String {
    format!(
        r#"---
title: "Press briefing on the river clean-up"
date: 2024-01-15
kind: transcript
language: en
source:
  url: https://example.org/briefings/river-clean-up
  publisher: City Hall
  authors: []
capture:
  file: {EXAMPLE_NAME}.capture.txt
  sha256: {sha}
speakers: [Jane Doe, Ana Silva]
people: [Jane Doe, Ana Silva]
places: [River Town]
tags: [environment]
summary: "An example document: edit it, or import your own captures."
---

*(The Mayor, Jane Doe, opened the briefing.)*

**Jane Doe:** Good morning. The clean-up of the river begins today.[^1]

**Ana Silva:** When will it end?

**Jane Doe:** By the summer, if the weather holds.

[^1]: An archivist's footnote: the capture labels the speaker only as "MAYOR".
"#
    )
}

/// Creates the archive. Refuses a folder that exists and is not empty.
pub fn scaffold(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Message(format!(
                "{} already exists and is not empty\n  help: choose a new folder name; init never overwrites files",
                dir.display()
            )));
        }
    }
    let write = |rel: &str, text: &str| -> Result<(), Error> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))
    };
    write("site.toml", SITE_TOML)?;
    write(".gitignore", "/public/\n/.scholia/\n")?;
    let docs = "content/documents";
    write(
        &format!("{docs}/{EXAMPLE_NAME}.capture.txt"),
        EXAMPLE_CAPTURE,
    )?;
    write(
        &format!("{docs}/{EXAMPLE_NAME}.md"),
        &example_document(&sha256_hex(EXAMPLE_CAPTURE.as_bytes())),
    )?;
    for (path, text) in DEFAULT_THEME {
        write(&format!("themes/default/{path}"), text)?;
    }
    Ok(())
}
