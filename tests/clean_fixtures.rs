//! Human-written prose in `tests/fixtures/clean/` must stay silent under the
//! default rule set: any finding there is a false positive until shown
//! otherwise. The set must hold at least 20,000 words.

use mtlint::{Linter, Source};

#[test]
fn default_rules_report_nothing_on_clean_prose() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/clean");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("clean fixtures dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let linter = Linter::new();
    let mut words = 0;
    let mut problems = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).expect("readable fixture");
        let name = path
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let report = linter.check_source(Source::new(name.clone(), bytes));
        words += report.source.text.split_whitespace().count();
        for d in &report.diagnostics {
            let p = report
                .source
                .lines
                .position(&report.source.text, d.span.start);
            problems.push(format!(
                "{name}:{}:{}: {}[{}] {} `{}`",
                p.line + 1,
                p.char_col + 1,
                d.severity,
                d.rule(),
                d.message,
                report.source.slice(d.span)
            ));
        }
    }
    assert!(
        words >= 20_000,
        "only {words} words of clean prose in {} files",
        paths.len()
    );
    assert!(
        problems.is_empty(),
        "{} false positives:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
