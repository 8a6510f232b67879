//! `path:line:col: severity[rule] message`: the shape editors' problem
//! matchers parse. Columns are 1-based characters.

use super::{one_line, Locator};
use crate::FileReport;
use std::io::{self, Write};

pub fn write_short(out: &mut dyn Write, reports: &[&FileReport]) -> io::Result<()> {
    for r in reports {
        let mut locator = Locator::new(&r.source);
        for d in &r.diagnostics {
            let at = locator.char_range(d.span);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                r.source.name,
                at.line,
                at.column,
                d.severity,
                d.rule(),
                one_line(&d.message)
            )?;
        }
    }
    Ok(())
}
