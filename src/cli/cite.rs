//! `scholia cite DOC[#pN]`: a citation on the terminal, as the document's page gives it.

use std::path::PathBuf;

use crate::Error;

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

pub(crate) fn cite(args: &CiteArgs) -> Result<(), Error> {
    let inputs = crate::read(&args.root)?;
    let resolved = crate::build::parse_and_resolve(&inputs, &mut crate::Clock::start())?;
    // Only errors stop a citation; warnings are `check`'s business.
    crate::fail_on_errors(
        resolved
            .diagnostics
            .into_iter()
            .filter(super::super::diag::Diagnostic::is_error)
            .collect(),
    )?;
    let citer = crate::cite::Citer::new();
    let (text, note) = crate::cite::cite_text(&resolved.archive, &citer, &args.target, args.style)
        .map_err(|e| Error::Message(format!("{}\n  help: {}", e.message, e.help)))?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    print!("{text}");
    Ok(())
}
