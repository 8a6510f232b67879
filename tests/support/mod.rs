//! Invariants every check and every fix must keep, whatever the input.
//! Shared by the invariant, adversarial, fix-safety and regression tests.
#![allow(dead_code)]

use mtlint::fix::{allowed, apply_fixes};
use mtlint::{Diagnostic, FileReport, Fix, Linter, Source, Span};
use std::sync::LazyLock;

/// Every rule the registry knows, enabled (off-by-default rules too), so the
/// invariants cover rules users must opt into.
pub static ALL: LazyLock<Linter> = LazyLock::new(|| {
    let levels = mtlint::registry()
        .iter()
        .map(|r| {
            let m = r.meta();
            (m.name.to_string(), mtlint::Level::On(m.severity))
        })
        .collect();
    Linter::with_levels(&levels).expect("registry names are known")
});

/// The default rule set.
pub static DEFAULT: LazyLock<Linter> = LazyLock::new(Linter::new);

fn span_ok(text: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

/// Panics (with the rule and span) when a finding breaks a span invariant:
/// primary span, labels and fix edits in bounds and on char boundaries, fix
/// edits sorted and non-overlapping, no edit splitting a CRLF pair.
pub fn assert_spans(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(
            span_ok(text, d.span),
            "{} ({}): span {:?} out of bounds or off a char boundary (len {})",
            d.rule(),
            d.code(),
            d.span,
            text.len()
        );
        for l in &d.labels {
            assert!(
                span_ok(text, l.span),
                "{} ({}): label {:?} out of bounds or off a char boundary (len {})",
                d.rule(),
                d.code(),
                l.span,
                text.len()
            );
        }
        if let Some(fix) = &d.fix {
            assert_fix(text, d, fix);
        }
    }
}

fn assert_fix(text: &str, d: &Diagnostic, fix: &Fix) {
    let bytes = text.as_bytes();
    let mut prev_end: Option<usize> = None;
    for e in &fix.edits {
        assert!(
            span_ok(text, e.span),
            "{} ({}): fix edit {:?} out of bounds or off a char boundary (len {})",
            d.rule(),
            d.code(),
            e.span,
            text.len()
        );
        if let Some(p) = prev_end {
            assert!(
                e.span.start >= p,
                "{} ({}): fix edits overlap or are unsorted: {:?}",
                d.rule(),
                d.code(),
                fix.edits
            );
        }
        prev_end = Some(e.span.end);
        for cut in [e.span.start, e.span.end] {
            assert!(
                !(cut > 0 && bytes.get(cut - 1) == Some(&b'\r') && bytes.get(cut) == Some(&b'\n')),
                "{} ({}): fix edit {:?} splits a CRLF pair",
                d.rule(),
                d.code(),
                e.span
            );
        }
        assert!(
            !e.replacement.contains('\u{1A}'),
            "{} ({}): fix inserts the invalid-byte substitute",
            d.rule(),
            d.code()
        );
    }
}

/// The edits `apply_fixes` documents it applies: allowed fixes in span order,
/// each skipped when it overlaps one already accepted.
pub fn accepted_edits(
    text: &str,
    diagnostics: &[Diagnostic],
    unsafe_fixes: bool,
) -> Vec<(Span, String)> {
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_deref())
        .filter(|f| allowed(f, unsafe_fixes) && !f.edits.is_empty())
        .filter(|f| f.edits.iter().all(|e| span_ok(text, e.span)))
        .collect();
    fixes.sort_by_key(|f| f.span().map(|s| (s.start, s.end)));
    let mut out = Vec::new();
    let mut last_end: Option<usize> = None;
    for f in fixes {
        let span = f.span().expect("non-empty");
        if let Some(end) = last_end {
            if span.start < end || (span.start == end && span.is_empty()) {
                continue;
            }
        }
        last_end = Some(span.end);
        out.extend(f.edits.iter().map(|e| (e.span, e.replacement.to_string())));
    }
    out
}

/// Applies `edits` (sorted, disjoint byte spans) to `bytes`.
pub fn splice(bytes: &[u8], edits: &[(Span, String)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    for (s, r) in edits {
        out.extend_from_slice(&bytes[pos..s.start]);
        out.extend_from_slice(r.as_bytes());
        pos = s.end;
    }
    out.extend_from_slice(&bytes[pos..]);
    out
}

/// Checks `bytes` with `linter` and asserts the span invariants.
pub fn check(linter: &Linter, name: &str, bytes: &[u8]) -> FileReport {
    let report = linter.check_source(Source::new(name, bytes.to_vec()));
    assert_eq!(report.source.bytes(), bytes, "the source keeps its bytes");
    assert_eq!(report.source.text.len(), bytes.len());
    assert_spans(&report.source.text, &report.diagnostics);
    report
}

/// One round of fixing, checked: the output of `apply_fixes` is exactly the
/// original with the accepted edits spliced in (so no byte outside an edit
/// changed), a UTF-8 BOM survives, and no bare LF or CR appears that was not
/// there. Returns the fixed text and how many fixes were applied.
pub fn fix_round(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let outcome = apply_fixes(text, diagnostics, unsafe_fixes);
    let edits = accepted_edits(text, diagnostics, unsafe_fixes);
    let expected = splice(text.as_bytes(), &edits);
    assert_eq!(
        outcome.text.as_bytes(),
        &expected[..],
        "apply_fixes changed bytes outside the accepted edits"
    );
    assert_preserves_format(text, &outcome.text, diagnostics);
    (outcome.text, outcome.applied)
}

fn line_end_counts(s: &str) -> (usize, usize, usize) {
    let b = s.as_bytes();
    let (mut crlf, mut lf, mut cr) = (0, 0, 0);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                crlf += 1;
                i += 1;
            }
            b'\r' => cr += 1,
            b'\n' => lf += 1,
            _ => {}
        }
        i += 1;
    }
    (crlf, lf, cr)
}

/// A BOM is kept, and no line-ending style appears that the text did not use.
pub fn assert_preserves_format(before: &str, after: &str, diagnostics: &[Diagnostic]) {
    let rules = || {
        diagnostics
            .iter()
            .filter(|d| d.fix.is_some())
            .map(|d| d.rule())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        before.starts_with('\u{FEFF}'),
        after.starts_with('\u{FEFF}'),
        "a fix added or removed the BOM (fixing rules: {:?})",
        rules()
    );
    let (b_crlf, b_lf, b_cr) = line_end_counts(before);
    let (a_crlf, a_lf, a_cr) = line_end_counts(after);
    for (name, b, a) in [
        ("CRLF", b_crlf, a_crlf),
        ("LF", b_lf, a_lf),
        ("CR", b_cr, a_cr),
    ] {
        assert!(
            b > 0 || a == 0,
            "a fix introduced {name} line ends into a text without them (fixing rules: {:?})",
            rules()
        );
    }
}

/// Lints and fixes until nothing changes, checking every round; panics if it
/// has not converged within `rounds`. Returns the final text.
pub fn fix_until_stable(linter: &Linter, text: &str, unsafe_fixes: bool, rounds: usize) -> String {
    let mut current = text.to_string();
    for _ in 0..rounds {
        let report = check(linter, "fix.txt", current.as_bytes());
        let (next, applied) = fix_round(&report.source.text, &report.diagnostics, unsafe_fixes);
        if applied == 0 {
            assert_eq!(next, current, "no fix applied yet the text changed");
            return current;
        }
        current = next;
    }
    panic!(
        "fixes did not converge within {rounds} rounds; last text ({} bytes): {:?}",
        current.len(),
        current.chars().take(300).collect::<String>()
    );
}
