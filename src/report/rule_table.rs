//! The rule table for `mtlint rules`: aligned text, a Markdown table (the
//! README's), or JSON. Opt-in rules show their severity with `(opt-in)`.

use crate::rules::RuleMeta;
use serde::Serialize;
use std::io::{self, Write};

/// How `mtlint rules` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Serialize)]
struct Row<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    default_enabled: bool,
    summary: &'a str,
}

fn severity_cell(m: &RuleMeta) -> String {
    if m.default_enabled {
        m.severity.to_string()
    } else {
        format!("{} (opt-in)", m.severity)
    }
}

pub fn write_rule_table(
    out: &mut dyn Write,
    rules: &[&RuleMeta],
    format: TableFormat,
) -> io::Result<()> {
    match format {
        TableFormat::Text => {
            let name_w = rules.iter().map(|m| m.name.len()).max().unwrap_or(0).max(4);
            let sev_w = rules
                .iter()
                .map(|m| severity_cell(m).len())
                .max()
                .unwrap_or(0)
                .max(8);
            writeln!(
                out,
                "{:<6} {:<name_w$} {:<sev_w$} SUMMARY",
                "CODE", "NAME", "SEVERITY"
            )?;
            for m in rules {
                writeln!(
                    out,
                    "{:<6} {:<name_w$} {:<sev_w$} {}",
                    m.code,
                    m.name,
                    severity_cell(m),
                    m.summary
                )?;
            }
            Ok(())
        }
        TableFormat::Markdown => {
            writeln!(out, "| Code | Name | Default severity | Summary |")?;
            writeln!(out, "|------|------|------------------|---------|")?;
            for m in rules {
                writeln!(
                    out,
                    "| {} | `{}` | {} | {} |",
                    m.code,
                    m.name,
                    severity_cell(m),
                    m.summary.replace('|', "\\|")
                )?;
            }
            Ok(())
        }
        TableFormat::Json => {
            let rows: Vec<Row> = rules
                .iter()
                .map(|m| Row {
                    code: m.code,
                    name: m.name,
                    severity: m.severity.as_str(),
                    default_enabled: m.default_enabled,
                    summary: m.summary,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        }
    }
}

/// `mtlint explain`: a heading, the severity, then the rule's documentation.
pub fn write_explanation(out: &mut dyn Write, m: &RuleMeta) -> io::Result<()> {
    writeln!(out, "# {} {}", m.code, m.name)?;
    writeln!(out)?;
    writeln!(out, "{}", m.summary)?;
    writeln!(out)?;
    writeln!(out, "Default severity: {}", severity_cell(m))?;
    writeln!(out)?;
    write!(out, "{}", m.explanation_text())
}
