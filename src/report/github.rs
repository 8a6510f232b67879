//! GitHub Actions workflow commands, one line per finding:
//! `::warning file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`.
//! Messages escape `%`, CR and LF; properties also escape `:` and `,`.

use super::Locator;
use crate::diagnostic::Severity;
use crate::FileReport;
use std::io::{self, Write};

pub fn write_github(out: &mut dyn Write, reports: &[&FileReport]) -> io::Result<()> {
    for r in reports {
        let mut locator = Locator::new(&r.source);
        for d in &r.diagnostics {
            let at = locator.char_range(d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
                escape_property(&r.source.name),
                at.line,
                at.end_line,
                at.column,
                at.end_column,
                escape_property(&format!("{} ({})", d.rule(), d.code())),
                escape_data(&d.message),
            )?;
        }
    }
    Ok(())
}

/// Escapes a command's message (`%`, CR, LF).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
        assert_eq!(escape_property("C:\\a,b%"), "C%3A\\a%2Cb%25");
    }
}
