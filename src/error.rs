//! The one library error type. Variants carry what a user needs to act:
//! a path, and for configuration or lint-file problems a byte span.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A configuration or lint-pack file that does not parse or validate.
    #[error("{path}: {message}")]
    Config {
        path: PathBuf,
        /// The file's text, so the error can be rendered with a snippet.
        text: String,
        span: Option<std::ops::Range<usize>>,
        message: String,
    },
    #[error("{0}")]
    Usage(String),
}

pub type Result<T> = std::result::Result<T, Error>;
