//! Applying fixes to a text. Fixes whose edits overlap an already accepted
//! fix are skipped (a later pass may apply them); nothing outside the edit
//! spans ever changes.

use crate::diagnostic::{Applicability, Diagnostic, Fix};

/// What applying one round of fixes did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    pub text: String,
    pub applied: usize,
    /// Fixes not applied because they overlapped one that was.
    pub skipped_overlap: usize,
}

/// Whether `fix` may be applied under the chosen safety level.
pub fn allowed(fix: &Fix, unsafe_fixes: bool) -> bool {
    fix.applicability == Applicability::Safe || unsafe_fixes
}

/// Applies every allowed, non-overlapping fix in `diagnostics` to `text`.
/// Edit spans must lie on char boundaries of `text` (rules guarantee it).
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> FixOutcome {
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_deref())
        .filter(|f| allowed(f, unsafe_fixes) && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.span().map(|s| (s.start, s.end)));
    let mut accepted = Vec::new();
    let mut last_end: Option<usize> = None;
    let mut skipped_overlap = 0;
    for fix in fixes {
        let span = fix.span().expect("non-empty edits");
        let valid = fix.edits.iter().all(|e| {
            e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        if !valid {
            skipped_overlap += 1;
            continue;
        }
        match last_end {
            Some(end) if span.start < end || (span.start == end && span.is_empty()) => {
                skipped_overlap += 1
            }
            _ => {
                last_end = Some(span.end);
                accepted.push(fix);
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for fix in &accepted {
        for edit in &fix.edits {
            out.push_str(&text[pos..edit.span.start]);
            out.push_str(&edit.replacement);
            pos = edit.span.end;
        }
    }
    out.push_str(&text[pos..]);
    FixOutcome {
        text: out,
        applied: accepted.len(),
        skipped_overlap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::Span;

    fn diag(start: usize, end: usize, repl: &str, app: Applicability) -> Diagnostic {
        Diagnostic {
            meta: crate::rules::RuleMeta::leaked("t", "MT000"),
            severity: Severity::Warning,
            message: "".into(),
            span: Span::new(start, end),
            labels: Default::default(),
            fix: Some(Box::new(Fix::replace(
                app,
                Span::new(start, end),
                repl.to_owned(),
            ))),
        }
    }

    #[test]
    fn applies_safe_and_skips_unsafe_unless_asked() {
        let d = [
            diag(0, 1, "A", Applicability::Safe),
            diag(4, 5, "C", Applicability::Unsafe),
        ];
        assert_eq!(apply_fixes("a b c", &d, false).text, "A b c");
        assert_eq!(apply_fixes("a b c", &d, true).text, "A b C");
    }

    #[test]
    fn skips_overlapping_fixes() {
        let d = [
            diag(0, 3, "x", Applicability::Safe),
            diag(2, 4, "y", Applicability::Safe),
        ];
        let out = apply_fixes("abcdef", &d, false);
        assert_eq!(out.text, "xdef");
        assert_eq!((out.applied, out.skipped_overlap), (1, 1));
    }
}
