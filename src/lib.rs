//! mtlint: find the artifacts machine translation leaves in English text.
//!
//! The library checks a [`Source`] (bytes as on disk) with a [`Linter`] and
//! returns [`Diagnostic`]s whose spans are byte ranges into those bytes.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod diagnostic;
pub mod error;
pub mod fix;
pub mod lint_files;
pub mod report;
pub mod rules;
pub mod source;
pub mod text;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
pub use error::{Error, Result};
pub use rules::{Rule, RuleMeta};
pub use source::{Source, Span};
pub use text::Document;

use std::collections::HashMap;

/// The level a rule runs at: off, or a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Level, String> {
        match s {
            "off" => Ok(Level::Off),
            other => other
                .parse()
                .map(Level::On)
                .map_err(|_| format!("`{s}` is not a level (off, info, warning, error)")),
        }
    }
}

/// Every rule mtlint knows, enabled or not: coded rules, then data rules.
pub fn registry() -> Vec<Box<dyn Rule>> {
    let mut all = rules::all_rules();
    all.extend(lint_files::builtin());
    all
}

/// Finds a rule by name (`repeated-word`) or code (`MT002`, case-insensitive).
pub fn find_rule<'a>(rules: &'a [Box<dyn Rule>], key: &str) -> Option<&'a dyn Rule> {
    rules
        .iter()
        .find(|r| r.meta().name == key || r.meta().code.eq_ignore_ascii_case(key))
        .map(|r| r.as_ref())
}

/// The findings for one checked input.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: Source,
    pub diagnostics: Vec<Diagnostic>,
}

/// A configured set of rules, shared read-only across threads.
pub struct Linter {
    rules: Vec<(Box<dyn Rule>, Severity)>,
}

impl Default for Linter {
    fn default() -> Linter {
        Linter::new()
    }
}

impl Linter {
    /// Every rule that is on by default, at its default severity.
    pub fn new() -> Linter {
        Linter::with_levels(&HashMap::new()).expect("no levels, no unknown rule")
    }

    /// Rules at the given levels (keys are rule names or codes); rules not
    /// mentioned keep their defaults. An unknown key is an error.
    pub fn with_levels(levels: &HashMap<String, Level>) -> std::result::Result<Linter, String> {
        Linter::with_rules(registry(), levels)
    }

    /// Like [`Linter::with_levels`] over an explicit rule list (the registry
    /// plus lint packs loaded from configuration).
    pub fn with_rules(
        all: Vec<Box<dyn Rule>>,
        levels: &HashMap<String, Level>,
    ) -> std::result::Result<Linter, String> {
        for key in levels.keys() {
            if find_rule(&all, key).is_none() {
                return Err(format!("unknown rule `{key}` (see `mtlint rules`)"));
            }
        }
        let mut rules = Vec::new();
        for rule in all {
            let meta = *rule.meta();
            let level = levels
                .get(meta.name)
                .or_else(|| levels.iter().find(|(k, _)| k.eq_ignore_ascii_case(meta.code)).map(|(_, v)| v))
                .copied();
            let level = level.unwrap_or(if meta.default_enabled {
                Level::On(meta.severity)
            } else {
                Level::Off
            });
            if let Level::On(severity) = level {
                rules.push((rule, severity));
            }
        }
        Ok(Linter { rules })
    }

    /// The enabled rules with their effective severities.
    pub fn rules(&self) -> impl Iterator<Item = (&RuleMeta, Severity)> {
        self.rules.iter().map(|(r, s)| (r.meta(), *s))
    }

    /// Runs every enabled rule on `doc`. Findings are sorted by position,
    /// carry their effective severity, and never lie in masked regions.
    pub fn check_document(&self, doc: &Document) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        let mut out = Vec::new();
        for (rule, severity) in &self.rules {
            out.clear();
            rule.check(doc, &mut out);
            for mut d in out.drain(..) {
                if doc.is_masked(d.span) {
                    continue;
                }
                d.severity = *severity;
                all.push(d);
            }
        }
        all.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
        all.dedup();
        all
    }

    /// Checks one plain-text input.
    pub fn check_source(&self, source: Source) -> FileReport {
        let doc = Document::new(source);
        let diagnostics = self.check_document(&doc);
        FileReport {
            source: doc.source,
            diagnostics,
        }
    }

    /// Convenience: checks a string.
    pub fn check_text(&self, name: &str, text: &str) -> FileReport {
        self.check_source(Source::from_text(name, text))
    }
}

/// Whether `bytes` look like a binary file: a NUL byte in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}
