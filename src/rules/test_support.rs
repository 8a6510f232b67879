//! Helpers that make a rule's tests read like its specification.

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::fix::apply_fixes;
use crate::text::Document;

/// Runs one rule on `text`.
pub fn check(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
    let doc = Document::from_text(text);
    let mut out = Vec::new();
    rule.check(&doc, &mut out);
    out.sort_by_key(|d| (d.span.start, d.span.end));
    for d in &out {
        assert!(d.span.end <= text.len(), "span out of bounds: {:?}", d.span);
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    out
}

/// Asserts that `rule` flags exactly `expected` (the texts of the primary spans, in order).
#[track_caller]
pub fn flags(rule: &dyn Rule, text: &str, expected: &[&str]) {
    let found: Vec<&str> = check(rule, text)
        .iter()
        .map(|d| &text[d.span.range()])
        .collect();
    assert_eq!(
        found,
        expected,
        "findings of `{}` on {text:?}",
        rule.meta().name
    );
}

/// Asserts that `rule` reports nothing on `text`.
#[track_caller]
pub fn passes(rule: &dyn Rule, text: &str) {
    let found = check(rule, text);
    assert!(
        found.is_empty(),
        "`{}` should pass {text:?} but reported: {:#?}",
        rule.meta().name,
        found
            .iter()
            .map(|d| (&text[d.span.range()], &d.message))
            .collect::<Vec<_>>()
    );
}

/// Applies every fix (unsafe included) and asserts the result, then that
/// the fixed text is clean for this rule.
#[track_caller]
pub fn fixes(rule: &dyn Rule, text: &str, expected: &str) {
    let found = check(rule, text);
    assert!(
        found.iter().any(|d| d.fix.is_some()),
        "no fix offered on {text:?}"
    );
    let fixed = apply_fixes(text, &found, true).text;
    assert_eq!(fixed, expected);
    passes(rule, &fixed);
}

/// The findings rendered as a user sees them, without colour.
pub fn render(rule: &dyn Rule, text: &str) -> String {
    let found = check(rule, text);
    let source = crate::source::Source::from_text("test.txt", text);
    crate::report::pretty::render_to_string(&source, &found)
}

/// For a rule's cheap pre-filter on word tokens: over `count` random
/// texts glued from `pieces`, asserts that `filter` lets through every
/// word token that `matches` accepts, and returns how many word tokens
/// matched and how many did not (so a test can check both were common).
pub fn assert_filter_admits(
    pieces: &[&str],
    count: usize,
    matches: impl Fn(&str) -> bool,
    filter: impl Fn(&Document, &crate::text::tokens::Token) -> bool,
) -> (usize, usize) {
    let (mut matched, mut other) = (0, 0);
    super::space_before_punctuation::for_random_texts(pieces, count, |text| {
        let doc = Document::from_text(text);
        for t in doc.tokens.iter().filter(|t| t.is_word()) {
            if matches(doc.token_text(t)) {
                matched += 1;
                assert!(filter(&doc, t), "{:?} in {text:?}", doc.token_text(t));
            } else {
                other += 1;
            }
        }
    });
    (matched, other)
}
