//! Rich, rustc-style diagnostics through codespan-reporting.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Source;
use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, WriteStyle};

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
        d.rule, d.code, d.rule
    ));
    CsDiagnostic::new(severity)
        .with_message(d.message.clone())
        .with_code(d.rule)
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
    let file = SimpleFile::new(source.name.as_str(), source.text.as_str());
    for d in diagnostics {
        term::emit_to_write_style(writer, config, &file, &to_codespan(d, source))
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// The diagnostics as plain text, without colour (tests and snapshots).
pub fn render_to_string(source: &Source, diagnostics: &[Diagnostic]) -> String {
    let file = SimpleFile::new(source.name.as_str(), source.text.as_str());
    let mut out = String::new();
    for d in diagnostics {
        match term::emit_into_string(&Config::default(), &file, &to_codespan(d, source)) {
            Ok(s) => out.push_str(&s),
            Err(e) => out.push_str(&format!("<render error: {e}>\n")),
        }
    }
    out
}
