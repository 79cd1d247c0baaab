//! The one error type for what stops a command: IO failures (always with the path) and
//! content problems (a list of diagnostics).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The content has errors; every one is listed (warnings may be among them).
    Content(Vec<Diagnostic>),
    /// Anything else, already phrased for the user.
    Message(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Content(diags) => {
                for d in diags {
                    writeln!(f, "{d}")?;
                }
                let errors = diags.iter().filter(|d| d.is_error()).count();
                write!(f, "{errors} error{}", if errors == 1 { "" } else { "s" })
            }
            Error::Message(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}
