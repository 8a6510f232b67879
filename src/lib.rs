//! mtlint: find the artifacts machine translation leaves in English text.
//!
//! The library checks a [`Source`] (bytes as on disk) with a [`Linter`] and
//! returns [`Diagnostic`]s whose spans are byte ranges into those bytes.
#![forbid(unsafe_code)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod check;
pub mod config;
pub mod corpus;
pub mod diagnostic;
pub mod error;
pub mod fix;
pub mod fixer;
pub mod lint_files;
pub mod lsp;
pub mod markdown;
pub mod names;
pub mod ordered;
pub mod report;
pub mod rules;
pub mod source;
#[cfg(test)]
mod test_rng;
pub mod text;
pub mod walk;
pub mod workspace;

pub use diagnostic::{Applicability, Diagnostic, Edit, Edits, Fix, Label, Labels, Severity};
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
                .or_else(|| {
                    levels
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(meta.code))
                        .map(|(_, v)| v)
                })
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
        let mut all: Vec<Diagnostic> = Vec::new();
        for (rule, severity) in &self.rules {
            // Each rule appends to `all` directly; its findings are then
            // filtered in place (no second vector to copy them through,
            // which cost a tenth of the time on inputs with 100k findings).
            let from = all.len();
            rule.check(doc, &mut all);
            if doc.masked.is_empty() {
                // Nothing masked (plain text): no finding to drop.
                for d in &mut all[from..] {
                    d.severity = *severity;
                }
                continue;
            }
            let mut kept = from;
            for j in from..all.len() {
                if !doc.is_masked(all[j].span) {
                    all[j].severity = *severity;
                    // Until a finding is masked, each one stays in place:
                    // no swap (three copies of a `Diagnostic`).
                    if kept != j {
                        all.swap(kept, j);
                    }
                    kept += 1;
                }
            }
            all.truncate(kept);
        }
        all.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code()).cmp(&(b.span.start, b.span.end, b.code()))
        });
        // Equal findings have equal spans: tested first, the rest (rule
        // names and messages, compared as strings) only for the few that
        // share a span.
        all.dedup_by(|a, b| a.span == b.span && a == b);
        all
    }

    /// Checks one plain-text input. Inputs larger than [`WINDOW_THRESHOLD`]
    /// are checked in paragraph-aligned windows of about [`WINDOW_SIZE`]
    /// bytes, in parallel, so memory stays flat however large the file is;
    /// document-level rules then see one window at a time.
    pub fn check_source(&self, source: Source) -> FileReport {
        if source.text.len() <= WINDOW_THRESHOLD {
            let doc = Document::new(source);
            let diagnostics = self.check_document(&doc);
            return FileReport {
                source: doc.source,
                diagnostics,
            };
        }
        use rayon::prelude::*;
        let windows = paragraph_windows(&source.text, WINDOW_SIZE);
        let mut diagnostics: Vec<Diagnostic> = windows
            .par_iter()
            .flat_map_iter(|w| {
                let doc = Document::new(source.window(*w));
                let mut found = self.check_document(&doc);
                for d in &mut found {
                    shift(d, w.start);
                }
                found
            })
            .collect();
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code()).cmp(&(b.span.start, b.span.end, b.code()))
        });
        FileReport {
            source,
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

/// Inputs larger than this are checked in windows (see [`Linter::check_source`]).
pub const WINDOW_THRESHOLD: usize = 4 << 20;
/// The target size of one window.
pub const WINDOW_SIZE: usize = 1 << 20;

/// Splits `text` into consecutive spans of at least `size` bytes that end
/// after a blank line (or, failing that within 4× `size`, after any line
/// break, or at a char boundary), so no window cuts a paragraph when it can
/// be helped.
fn paragraph_windows(text: &str, size: usize) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let min_end = start + size;
        if min_end >= bytes.len() {
            out.push(Span::new(start, bytes.len()));
            break;
        }
        let limit = (start + 4 * size).min(bytes.len());
        let search = &bytes[min_end..limit];
        let end = find_sub(search, b"\n\n")
            .map(|i| min_end + i + 2)
            .or_else(|| {
                search
                    .iter()
                    .position(|&b| b == b'\n')
                    .map(|i| min_end + i + 1)
            })
            .unwrap_or_else(|| {
                let mut e = limit;
                while !text.is_char_boundary(e) {
                    e -= 1;
                }
                e
            });
        out.push(Span::new(start, end));
        start = end;
    }
    out
}

fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn shift(d: &mut Diagnostic, by: usize) {
    let mv = |s: &mut Span| {
        s.start += by;
        s.end += by;
    };
    mv(&mut d.span);
    for l in &mut d.labels {
        mv(&mut l.span);
    }
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            mv(&mut e.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_tile_the_text_at_paragraph_breaks() {
        let para = "word ".repeat(50) + "\n\n";
        let text = para.repeat(100);
        let w = paragraph_windows(&text, 1000);
        assert_eq!(w.first().map(|s| s.start), Some(0));
        assert_eq!(w.last().map(|s| s.end), Some(text.len()));
        for pair in w.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(text[..pair[0].end].ends_with("\n\n"));
        }
    }

    #[test]
    fn large_inputs_report_the_same_spans_as_small_ones() {
        let filler = "The committee met on Tuesday and agreed the plan.\n\n".repeat(100_000);
        let text = format!("{filler}At this stage I I would propose more.\n");
        assert!(text.len() > WINDOW_THRESHOLD);
        let report = Linter::new().check_text("big.txt", &text);
        let repeated: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule() == "repeated-word")
            .map(|d| &text[d.span.range()])
            .collect();
        assert_eq!(repeated, vec!["I I"]);
    }
}
