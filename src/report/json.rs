//! `json` (one array) and `jsonl` (one object per line) share one finding
//! shape, a public contract documented in the README: byte spans into the
//! file as on disk, 1-based lines, 1-based columns in characters.

use super::{CharRange, Locator};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::Span;
use crate::FileReport;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::{self, Write};

/// One finding as serialized. Field order is the documented order. The
/// strings borrow from the report when written (no copy per finding) and
/// are owned when read back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding<'a> {
    pub path: Cow<'a, str>,
    pub rule: Cow<'a, str>,
    pub code: Cow<'a, str>,
    pub severity: Severity,
    pub message: Cow<'a, str>,
    pub span: JsonSpan,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub labels: Vec<JsonLabel<'a>>,
    pub fix: Option<JsonFix<'a>>,
}

/// A byte range, end-exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSpan {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonLabel<'a> {
    pub span: JsonSpan,
    pub message: Cow<'a, str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonFix<'a> {
    pub applicability: Applicability,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonEdit<'a> {
    pub span: JsonSpan,
    pub replacement: Cow<'a, str>,
}

impl From<Span> for JsonSpan {
    fn from(s: Span) -> JsonSpan {
        JsonSpan {
            start: s.start,
            end: s.end,
        }
    }
}

impl<'a> Finding<'a> {
    pub fn new(report: &'a FileReport, d: &'a Diagnostic) -> Finding<'a> {
        Finding::at(report, d, CharRange::of(&report.source, d.span))
    }

    /// The finding, with its line and columns already located.
    pub fn at(report: &'a FileReport, d: &'a Diagnostic, at: CharRange) -> Finding<'a> {
        Finding {
            path: Cow::Borrowed(&report.source.name),
            rule: Cow::Borrowed(d.rule),
            code: Cow::Borrowed(d.code),
            severity: d.severity,
            message: Cow::Borrowed(&d.message),
            span: d.span.into(),
            line: at.line,
            column: at.column,
            end_line: at.end_line,
            end_column: at.end_column,
            labels: d
                .labels
                .iter()
                .map(|l| JsonLabel {
                    span: l.span.into(),
                    message: Cow::Borrowed(&l.message),
                })
                .collect(),
            fix: d.fix.as_ref().map(|f| JsonFix {
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        span: e.span.into(),
                        replacement: Cow::Borrowed(&e.replacement),
                    })
                    .collect(),
            }),
        }
    }
}

/// Every finding of `reports`, in output order.
pub fn findings<'a>(reports: &[&'a FileReport]) -> Vec<Finding<'a>> {
    reports
        .iter()
        .flat_map(|r| {
            let mut locator = Locator::new(&r.source);
            r.diagnostics
                .iter()
                .map(move |d| Finding::at(r, d, locator.char_range(d.span)))
        })
        .collect()
}

pub fn write_json(out: &mut dyn Write, reports: &[&FileReport]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &findings(reports))?;
    writeln!(out)
}

pub fn write_jsonl(out: &mut dyn Write, reports: &[&FileReport]) -> io::Result<()> {
    // Each line is built in a reused buffer and written whole: serde_json
    // writes many small pieces, each a dynamic call into `out`.
    let mut line = Vec::with_capacity(512);
    for r in reports {
        let mut locator = Locator::new(&r.source);
        for d in &r.diagnostics {
            line.clear();
            let at = locator.char_range(d.span);
            serde_json::to_writer(&mut line, &Finding::at(r, d, at))?;
            line.push(b'\n');
            out.write_all(&line)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    #[test]
    fn finding_has_byte_span_and_char_columns() {
        let report = Linter::new().check_text("t.txt", "Café au lait.\nNaïve I I would.");
        let found = findings(&[&report]);
        let f = found
            .iter()
            .find(|f| f.rule == "repeated-word")
            .expect("a finding");
        assert_eq!(f.span, JsonSpan { start: 22, end: 25 });
        assert_eq!((f.line, f.column, f.end_line, f.end_column), (2, 7, 2, 10));
        let text = serde_json::to_string(f).expect("serializes");
        let keys: Vec<&str> = [
            "path",
            "rule",
            "code",
            "severity",
            "message",
            "span",
            "line",
            "column",
            "end_line",
            "end_column",
            "labels",
            "fix",
        ]
        .to_vec();
        let mut at = 0;
        for k in keys {
            let pos = text.find(&format!("\"{k}\":")).expect("key present");
            assert!(pos >= at, "key {k} out of order in {text}");
            at = pos;
        }
        assert_eq!(
            serde_json::from_str::<Finding>(&text).expect("round trip"),
            *f
        );
    }
}
