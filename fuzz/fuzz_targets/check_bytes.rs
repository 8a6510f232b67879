//! Arbitrary bytes through the library's check entry point: no panic, every
//! span, label and fix edit inside the text on char boundaries, fixes that
//! splice exactly and converge when re-linted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::fix::{allowed, apply_fixes};
use mtlint::{Diagnostic, Linter, Source, Span};
use std::sync::LazyLock;

static ALL: LazyLock<Linter> = LazyLock::new(|| {
    let levels = mtlint::registry()
        .iter()
        .map(|r| {
            (
                r.meta().name.to_string(),
                mtlint::Level::On(r.meta().severity),
            )
        })
        .collect();
    Linter::with_levels(&levels).expect("registry names are known")
});

fn span_ok(text: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

fn assert_spans(text: &str, diags: &[Diagnostic]) {
    for d in diags {
        assert!(
            span_ok(text, d.span),
            "{}: span {:?} (len {})",
            d.rule,
            d.span,
            text.len()
        );
        for l in &d.labels {
            assert!(
                span_ok(text, l.span),
                "{}: label {:?} (len {})",
                d.rule,
                l.span,
                text.len()
            );
        }
        if let Some(f) = &d.fix {
            let mut prev = 0;
            for e in &f.edits {
                assert!(
                    span_ok(text, e.span),
                    "{}: edit {:?} (len {})",
                    d.rule,
                    e.span,
                    text.len()
                );
                assert!(
                    e.span.start >= prev,
                    "{}: overlapping edits {:?}",
                    d.rule,
                    f.edits
                );
                prev = e.span.end;
            }
        }
    }
}

/// The edits apply_fixes documents it applies, spliced independently.
fn expected_fix(text: &str, diags: &[Diagnostic], unsafe_fixes: bool) -> String {
    let mut fixes: Vec<_> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| allowed(f, unsafe_fixes) && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.span().map(|s| (s.start, s.end)));
    let (mut out, mut pos, mut last_end) = (String::new(), 0, None);
    for f in fixes {
        let span = f.span().expect("non-empty");
        if matches!(last_end, Some(end) if span.start < end || (span.start == end && span.is_empty()))
        {
            continue;
        }
        last_end = Some(span.end);
        for e in &f.edits {
            out.push_str(&text[pos..e.span.start]);
            out.push_str(&e.replacement);
            pos = e.span.end;
        }
    }
    out.push_str(&text[pos..]);
    out
}

fuzz_target!(|data: &[u8]| {
    let report = ALL.check_source(Source::new("fuzz.txt", data.to_vec()));
    assert_eq!(report.source.text.len(), data.len());
    assert_spans(&report.source.text, &report.diagnostics);
    // Fix until stable: each round splices exactly, the BOM survives, and it
    // converges within 10 rounds.
    let mut text = report.source.text.clone();
    let mut diags = report.diagnostics;
    let bom = text.starts_with('\u{FEFF}');
    for round in 0.. {
        assert!(round < 10, "fixes did not converge: {text:?}");
        let out = apply_fixes(&text, &diags, true);
        assert_eq!(
            out.text,
            expected_fix(&text, &diags, true),
            "bytes outside the edits changed"
        );
        assert_eq!(out.text.starts_with('\u{FEFF}'), bom, "the BOM changed");
        if out.applied == 0 {
            break;
        }
        text = out.text;
        diags = ALL
            .check_source(Source::from_text("fuzz.txt", &text))
            .diagnostics;
        assert_spans(&text, &diags);
    }
});
