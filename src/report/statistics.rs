//! `statistics`: how many findings each rule produced, most frequent first,
//! with how many of them carry a fix. A quick overview of a large tree (and
//! the cheapest output, so it also measures checking without rendering).

use crate::FileReport;
use std::io::{self, Write};

pub fn write_statistics(out: &mut dyn Write, reports: &[&FileReport]) -> io::Result<()> {
    let mut counts = Counts::default();
    for r in reports {
        counts.add(r);
    }
    counts.write(out)
}

/// Findings counted per rule code, with how many carry a fix: one file's
/// (counted on any thread) or, merged in output order, all files'.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// (code, rule name, findings, fixable), in the order codes were first
    /// seen.
    rows: Vec<(&'static str, &'static str, usize, usize)>,
}

impl Counts {
    /// Counts the findings of `r`.
    pub fn add(&mut self, r: &FileReport) {
        // Counted in a short list (one entry per code, and a file has few
        // rules), searched by address first (a rule's findings share its
        // `&'static str`, so a pointer compare finds the row), then by text:
        // each code has one entry, named after its first finding.
        let rows = &mut self.rows;
        for d in &r.diagnostics {
            let e = match rows.iter().position(|e| same_address(e.0, d.code())) {
                Some(i) => &mut rows[i],
                None => match rows.iter().position(|e| e.0 == d.code()) {
                    Some(i) => &mut rows[i],
                    None => {
                        rows.push((d.code(), d.rule(), 0, 0));
                        let last = rows.len() - 1;
                        &mut rows[last]
                    }
                },
            };
            e.2 += 1;
            e.3 += usize::from(d.fix.is_some());
        }
    }

    /// Adds the counts of a later file: a code first seen there keeps the
    /// name it has there, as if its findings had been counted here.
    pub fn merge(&mut self, later: Counts) {
        for row in later.rows {
            match self.rows.iter_mut().find(|e| e.0 == row.0) {
                Some(e) => {
                    e.2 += row.2;
                    e.3 += row.3;
                }
                None => self.rows.push(row),
            }
        }
    }

    /// The table, most frequent first.
    pub fn write(mut self, out: &mut dyn Write) -> io::Result<()> {
        // Most frequent first; ties by code, so the order is stable.
        self.rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
        for (code, name, n, fixable) in self.rows {
            writeln!(out, "{n:>7}  {code:<6} {name:<30} {fixable} fixable")?;
        }
        Ok(())
    }
}

/// Whether `a` and `b` are the same string in memory.
#[inline]
fn same_address(a: &str, b: &str) -> bool {
    std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Linter, Source};
    use std::collections::BTreeMap;

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

    /// The map search per finding the counting list replaced.
    fn reference(reports: &[&FileReport]) -> String {
        let mut counts: BTreeMap<&str, (&str, usize, usize)> = BTreeMap::new();
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            let e = counts.entry(d.code()).or_insert((d.rule(), 0, 0));
            e.1 += 1;
            e.2 += usize::from(d.fix.is_some());
        }
        let mut rows: Vec<_> = counts.into_iter().collect();
        rows.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
        rows.iter()
            .map(|(code, (name, n, fixable))| {
                format!("{n:>7}  {code:<6} {name:<30} {fixable} fixable\n")
            })
            .collect()
    }

    #[test]
    fn counts_like_a_map_search_per_finding() {
        use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
        use crate::Span;
        // Equal codes at different addresses, and one code under two names.
        let codes: Vec<&'static str> = ["MT001", "MT002", "MT001", "MT003"]
            .iter()
            .map(|c| &*Box::leak(c.to_string().into_boxed_str()))
            .collect();
        let rules = ["one", "two", "uno", "three"];
        let metas: Vec<_> = (0..codes.len())
            .map(|k| crate::rules::RuleMeta::leaked(rules[k], codes[k]))
            .collect();
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        for _ in 0..200 {
            let mut reports = Vec::new();
            for _ in 0..next(3) + 1 {
                let mut report = Linter::new().check_text("a.txt", "");
                for _ in 0..next(40) {
                    let k = next(codes.len());
                    let span = Span::new(0, 0);
                    let mut d = Diagnostic {
                        meta: metas[k],
                        severity: Severity::Warning,
                        message: "m".into(),
                        span,
                        labels: Default::default(),
                        fix: None,
                    };
                    if next(2) == 0 {
                        d = d.with_fix(Fix::replace(Applicability::Safe, span, "x"));
                    }
                    report.diagnostics.push(d);
                }
                reports.push(report);
            }
            let refs: Vec<&FileReport> = reports.iter().collect();
            let mut out = Vec::new();
            write_statistics(&mut out, &refs).expect("write to a Vec");
            assert_eq!(String::from_utf8(out).expect("UTF-8"), reference(&refs));
        }
    }
}
