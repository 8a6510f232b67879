//! Recall on the seeds: every hand-listed artifact in
//! `tests/fixtures/seeds_expected.jsonl` (a copy of shared/seeds/expected.jsonl)
//! is credited when a default-rule finding overlaps its key span. The core
//! items outside GARBLE (which needs a language model) must be caught at
//! 85% or better.

use mtlint::{Linter, Source, Span};
use std::collections::BTreeMap;

#[derive(serde::Deserialize)]
struct Item {
    id: String,
    doc: String,
    cat: String,
    tier: String,
    start: usize,
    end: usize,
}

#[test]
fn seeds_recall_of_core_items_outside_garble_is_at_least_85_percent() {
    let root = env!("CARGO_MANIFEST_DIR");
    let expected = std::fs::read_to_string(format!("{root}/tests/fixtures/seeds_expected.jsonl"))
        .expect("expected.jsonl");
    let items: Vec<Item> = expected
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("valid item"))
        .collect();
    let linter = Linter::new();
    let mut findings: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    for item in &items {
        if findings.contains_key(&item.doc) {
            continue;
        }
        let bytes = std::fs::read(format!("{root}/seeds/{}", item.doc)).expect("seed file");
        let report = linter.check_source(Source::new(item.doc.clone(), bytes));
        findings.insert(
            item.doc.clone(),
            report.diagnostics.iter().map(|d| d.span).collect(),
        );
    }
    // category -> (caught, total), core tier only
    let mut by_cat: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    let (mut caught, mut total) = (0, 0);
    for item in &items {
        let key = Span::new(item.start, item.end);
        let hit = findings[&item.doc].iter().any(|s| s.overlaps(key));
        if item.tier == "core" {
            let e = by_cat.entry(&item.cat).or_default();
            e.1 += 1;
            if hit {
                e.0 += 1;
            }
            if item.cat != "GARBLE" {
                total += 1;
                if hit {
                    caught += 1;
                } else {
                    missed.push(item.id.as_str());
                }
            }
        }
    }
    eprintln!("seeds recall, core tier, by category:");
    for (cat, (c, t)) in &by_cat {
        eprintln!("  {cat:<7} {c:>3}/{t:<3}");
    }
    let recall = caught as f64 / total as f64;
    eprintln!(
        "core outside GARBLE: {caught}/{total} = {:.1}%; missed: {missed:?}",
        recall * 100.0
    );
    assert!(
        recall >= 0.85,
        "recall {:.1}% < 85%; missed {missed:?}",
        recall * 100.0
    );
}
