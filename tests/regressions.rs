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

/// non-nfc-text replaced an invalid byte (read as U+001A) together with the
/// combining mark after it, so a fix would have written U+001A over the
/// original byte.
#[test]
fn non_nfc_text_leaves_invalid_bytes_alone() {
    survives(&[0x80, 0xCD, 0x80]);
    let report = check(&ALL, "x", &[b'a', 0x80, 0xCD, 0x80, b' ']);
    let fixes: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "non-nfc-text")
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| &f.edits)
        .map(|e| (e.span.start, e.span.end, e.replacement.as_str()))
        .collect();
    assert_eq!(fixes, vec![(2, 4, "\u{300}")]);
}
