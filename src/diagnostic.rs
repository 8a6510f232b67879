//! What a rule reports: a primary span with a message, optional secondary
//! labels, and an optional fix. Rendering lives in `report/`, never here.

use crate::source::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Severity, String> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("`{s}` is not a severity (info, warning, error)")),
        }
    }
}

/// Whether a fix can be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The meaning cannot change: whitespace, a stray mark, NFC, an entity.
    Safe,
    /// A word changes; applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    pub applicability: Applicability,
    /// Non-overlapping edits, sorted by span.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, edits)
    }
    pub fn unsafe_(edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Unsafe, edits)
    }
    pub fn new(applicability: Applicability, mut edits: Vec<Edit>) -> Fix {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Fix {
            applicability,
            edits,
        }
    }
    /// One edit replacing `span` with `replacement`.
    pub fn replace(
        applicability: Applicability,
        span: Span,
        replacement: impl Into<String>,
    ) -> Fix {
        Fix::new(
            applicability,
            vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        )
    }
    /// The smallest span covering every edit.
    pub fn span(&self) -> Option<Span> {
        let first = self.edits.first()?;
        Some(
            self.edits
                .iter()
                .fold(first.span, |acc, e| acc.cover(e.span)),
        )
    }
}

/// A secondary span that explains the primary one ("also spelled here").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    pub span: Span,
    pub message: Message,
}

/// A finding's or label's text: borrowed when it is a fixed phrase, so a
/// rule that reports thousands of times does not allocate each time.
pub type Message = std::borrow::Cow<'static, str>;

/// A finding's labels. Nearly every finding has none or one, and one is
/// held inline: a rule reporting 100k findings with a label allocates no
/// 100k label vectors (each an allocation, a free and a fresh 48 bytes of
/// memory). It reads as a slice; equality, hashing and `Debug` are the
/// slice's, as they were when this was a `Vec<Label>`.
pub type Labels = smallvec::SmallVec<[Label; 1]>;

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The rule's stable kebab-case name, e.g. `repeated-word`.
    pub rule: &'static str,
    /// The rule's stable code, e.g. `MT002`.
    pub code: &'static str,
    pub severity: Severity,
    pub message: Message,
    pub span: Span,
    pub labels: Labels,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    #[inline]
    pub fn with_label(mut self, span: Span, message: impl Into<Message>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, RandomState};

    /// `Labels` reads, compares, hashes and prints as the `Vec<Label>` it
    /// replaced, however many labels it holds.
    #[test]
    fn labels_behave_like_a_vector() {
        let hasher = RandomState::new();
        for n in 0..5 {
            let all: Vec<Label> = (0..n)
                .map(|k| Label {
                    span: Span::new(k, k + 1),
                    message: format!("label {k}").into(),
                })
                .collect();
            let mut labels = Labels::new();
            for l in &all {
                labels.push(l.clone());
            }
            assert_eq!(labels.as_slice(), all.as_slice());
            assert_eq!(labels, Labels::from(all.clone()));
            assert_eq!(labels, all.iter().cloned().collect::<Labels>());
            assert_eq!(format!("{labels:?}"), format!("{all:?}"));
            assert_eq!(hasher.hash_one(&labels), hasher.hash_one(&all));
            assert_eq!(labels.clone().into_vec(), all);
            assert_eq!((&labels).into_iter().count(), n);
            for l in &mut labels {
                l.span.start += 1;
            }
            assert!(labels
                .iter()
                .zip(&all)
                .all(|(a, b)| a.span.start == b.span.start + 1));
            assert_ne!(labels.is_empty(), n > 0);
        }
    }
}
