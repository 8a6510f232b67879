//! `statistics`: how many findings each rule produced, most frequent first,
//! with how many of them carry a fix. A quick overview of a large tree (and
//! the cheapest output, so it also measures checking without rendering).

use crate::FileReport;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub fn write_statistics(out: &mut dyn Write, reports: &[&FileReport]) -> io::Result<()> {
    // code -> (name, findings, with a fix)
    let mut counts: BTreeMap<&str, (&str, usize, usize)> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let e = counts.entry(d.code).or_insert((d.rule, 0, 0));
        e.1 += 1;
        e.2 += usize::from(d.fix.is_some());
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    // Most frequent first; ties by code, so the order is stable.
    rows.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
    for (code, (name, n, fixable)) in rows {
        writeln!(out, "{n:>7}  {code:<6} {name:<30} {fixable} fixable")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Linter, Source};

    #[test]
    fn counts_each_rule_most_frequent_first() {
        let linter = Linter::new();
        let report = linter.check_source(Source::from_text(
            "a.txt",
            "It it was late . Then then he left . The the end , and more ; fine.",
        ));
        let mut out = Vec::new();
        write_statistics(&mut out, &[&report]).expect("write to a Vec");
        let out = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() >= 2, "{out}");
        let first: Vec<&str> = lines[0].split_whitespace().collect();
        assert_eq!(
            &first[..3],
            &["4", "MT010", "space-before-punctuation"],
            "{out}"
        );
        assert!(out.contains("      3  MT002  repeated-word"), "{out}");
        let total: usize = lines
            .iter()
            .map(|l| {
                l.split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(0)
            })
            .sum();
        assert_eq!(total, report.diagnostics.len());
    }
}
