//! Rich, rustc-style diagnostics through codespan-reporting.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Source, Span};
use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config, WriteStyle};
use std::ops::Range;

/// Lines longer than this (bytes) are shown as an excerpt around the
/// finding, so output stays proportional to the findings, not to findings ×
/// line length (100k findings on one long line would print gigabytes).
const LONG_LINE: usize = 400;
/// Bytes of context on each side of a finding in an excerpt.
const CONTEXT: usize = 80;

/// The source as codespan sees it for one finding: lines are those of the
/// [`LineIndex`](crate::source::LineIndex) (so line numbers match the other
/// formats), a long line is cut to `window` plus context, and columns are
/// always counted from the real line start.
struct Excerpt<'s> {
    source: &'s Source,
    window: Span,
}

impl<'s> Excerpt<'s> {
    fn new(source: &'s Source, d: &Diagnostic) -> Excerpt<'s> {
        let window = d.labels.iter().fold(d.span, |acc, l| acc.cover(l.span));
        Excerpt { source, window }
    }
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.source.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.source.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self
            .source
            .lines
            .line_of(byte_index.min(self.source.text.len())))
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        Ok(self
            .source
            .lines
            .position(&self.source.text, byte_index)
            .char_col
            + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let lines = &self.source.lines;
        if line_index >= lines.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: lines.line_count() - 1,
            });
        }
        let full = lines.line_span(line_index);
        if full.len() <= LONG_LINE {
            return Ok(full.range());
        }
        let text = &self.source.text;
        let (mut lo, mut hi) = (
            self.window.start.saturating_sub(CONTEXT).max(full.start),
            (self.window.end + CONTEXT).min(full.end),
        );
        if lo >= hi {
            // A context line the finding does not touch: its beginning.
            (lo, hi) = (full.start, (full.start + 2 * CONTEXT).min(full.end));
        }
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        Ok(lo..hi)
    }
}

fn to_codespan(d: &Diagnostic, source: &Source) -> CsDiagnostic<()> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = vec![CsLabel::primary((), d.span.range()).with_message(primary_label(d))];
    for l in &d.labels {
        labels.push(CsLabel::secondary((), l.span.range()).with_message(l.message.clone()));
    }
    let mut notes = Vec::new();
    if let Some(fix) = &d.fix {
        let edits: Vec<String> = fix
            .edits
            .iter()
            .map(|e| {
                let old = source.slice(e.span);
                if e.replacement.is_empty() {
                    format!("remove `{}`", old.escape_debug())
                } else if old.is_empty() {
                    format!("insert `{}`", e.replacement.escape_debug())
                } else {
                    format!(
                        "replace `{}` with `{}`",
                        old.escape_debug(),
                        e.replacement.escape_debug()
                    )
                }
            })
            .collect();
        notes.push(format!(
            "fix ({}): {}",
            fix.applicability.as_str(),
            edits.join(", ")
        ));
    }
    notes.push(format!(
        "rule {} ({}); `mtlint explain {}` for details",
        d.rule(),
        d.code(),
        d.rule()
    ));
    CsDiagnostic::new(severity)
        .with_message(d.message.clone())
        .with_code(d.rule())
        .with_labels(labels)
        .with_notes(notes)
}

fn primary_label(d: &Diagnostic) -> String {
    match &d.fix {
        Some(_) => "here (fixable)".to_owned(),
        None => String::new(),
    }
}

/// Writes every diagnostic of one file, in order, to a styled writer.
pub fn write_pretty<W: WriteStyle + ?Sized>(
    writer: &mut W,
    source: &Source,
    diagnostics: &[Diagnostic],
    config: &Config,
) -> std::io::Result<()> {
    for d in diagnostics {
        let file = Excerpt::new(source, d);
        term::emit_to_write_style(writer, config, &file, &to_codespan(d, source))
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// The diagnostics as plain text, without colour (tests and snapshots).
pub fn render_to_string(source: &Source, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let file = Excerpt::new(source, d);
        match term::emit_into_string(&Config::default(), &file, &to_codespan(d, source)) {
            Ok(s) => out.push_str(&s),
            Err(e) => out.push_str(&format!("<render error: {e}>\n")),
        }
    }
    out
}
