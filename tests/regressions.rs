//! Inputs that once broke an invariant (found by the fuzzers, the property
//! tests or the adversarial set), kept so they never break it again.

mod support;

use support::{check, fix_until_stable, ALL, DEFAULT};

fn survives(bytes: &[u8]) {
    let report = check(&ALL, "regression.txt", bytes);
    support::fix_round(&report.source.text, &report.diagnostics, true);
    fix_until_stable(&ALL, &String::from_utf8_lossy(bytes), true, 10);
    fix_until_stable(&DEFAULT, &String::from_utf8_lossy(bytes), false, 10);
}

/// html-entity sliced the text one byte after a multi-byte whitespace
/// (NBSP) while looking for a URL around the entity: a panic.
#[test]
fn html_entity_after_a_no_break_space() {
    survives("the\u{a0}&amp; ".as_bytes());
    survives("&amp;\u{3000}x".as_bytes());
}
