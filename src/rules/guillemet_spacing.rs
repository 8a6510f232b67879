//! Guillemets with French spacing, or glued to the wrong word, in English text.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::source::Span;
use crate::text::quotes::{QuoteMark, Side};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// In English text, a space inside guillemets (`« Europe »`, French
    /// typography) and a guillemet glued to the word on its outer side,
    /// which usually means it sits on the wrong side of a space:
    /// `there is always the possibility »of reaching an agreement`.
    ///
    /// ## Why it matters
    /// Translation from French, Spanish or Russian carries the source's
    /// quotation typography over; a misplaced closing mark also cuts the
    /// quotation in the wrong place.
    ///
    /// ## Example
    /// Flagged: `« Europe »`. Instead: `“Europe”` (or at least `«Europe»`).
    ///
    /// ## False positives
    /// German-style quotes that open with `»` and close with `«` are
    /// recognised within a paragraph and left alone.
    ///
    /// ## Fix safety
    /// Removing the space inside the marks is safe. Moving a glued mark
    /// across the space (`possibility »of` to `possibility» of`) is unsafe:
    /// the quotation may really end elsewhere.
    pub const GUILLEMET_SPACING = RuleMeta {
        code: "MT017",
        name: "guillemet-spacing",
        severity: Severity::Warning,
        summary: "Spaces inside guillemets (`« Europe »`) or a guillemet glued to the wrong word (`»of`).",
    };
}

pub struct GuillemetSpacing;

fn is_inline_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

impl Rule for GuillemetSpacing {
    fn meta(&self) -> &RuleMeta {
        &GUILLEMET_SPACING
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        check_marks(doc, true, out);
    }
}

/// The rule's check. With `by_sides`, a mark whose neighbours' sides (found
/// with the marks) rule out every finding is passed over without reading
/// the text around it: a space run needs whitespace on that side (the side
/// is then `Space`), and a closer glued to a word needs a letter or digit
/// after it (`Text`). Without, every guillemet is read (the tests'
/// reference).
fn check_marks(doc: &Document, by_sides: bool, out: &mut Vec<Diagnostic>) {
    let text = doc.text();
    // The guillemets in order, each looked at with the one after it
    // (no list of them is kept).
    let mut marks = doc
        .quotes
        .iter()
        .filter(|q| matches!(q.ch, '«' | '»'))
        .peekable();
    // Offsets asked in order (each mark, then the next).
    let mut paragraphs = doc.paragraph_cursor();
    while let Some(q) = marks.next() {
        let here = paragraphs.of(q.span().start);
        let partner = marks
            .peek()
            .copied()
            .filter(|n| paragraphs.of(n.span().start) == here);
        match (q.ch, partner.map(|p| p.ch)) {
            // German `»gut«`: not this rule's business.
            ('»', Some('«')) => {
                marks.next();
            }
            ('«', Some('»')) => {
                let close = partner.expect("matched Some above");
                let gap = if !by_sides || q.right() == Side::Space {
                    space_run(&text[q.span().end..], false)
                } else {
                    0
                };
                if gap > 0 && gap < close.span().start - q.span().end {
                    let gap = Span::new(q.span().end, q.span().end + gap);
                    out.push(
                        GUILLEMET_SPACING
                            .diagnostic(Span::new(q.span().start, gap.end), "space after `«`")
                            .with_fix(Fix::replace(Applicability::Safe, gap, "")),
                    );
                }
                if !by_sides || may_report_closer(text, close) {
                    check_closer(doc, close.span(), true, out);
                }
                marks.next();
            }
            ('»', _) if !by_sides || may_report_closer(text, q) => {
                check_closer(doc, q.span(), false, out);
            }
            _ => {}
        }
    }
}

/// Whether [`check_closer`] can report closer `q`: whitespace before it
/// or a letter or digit after it. A left side of `Space` is also an
/// opening bracket, dash or quote mark (`«»`), so the char before is read
/// then, which costs less than the check.
fn may_report_closer(text: &str, q: &QuoteMark) -> bool {
    q.right() == Side::Text
        || (q.left() == Side::Space
            && text[..q.span().start]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace))
}

/// Length in bytes of the run of inline spaces at the start (or, with
/// `rev`, the end) of `s`, provided text follows the run on the same line.
fn space_run(s: &str, rev: bool) -> usize {
    if rev {
        space_run_of(s.chars().rev())
    } else {
        space_run_of(s.chars())
    }
}

fn space_run_of(mut chars: impl Iterator<Item = char>) -> usize {
    let mut n = 0;
    loop {
        match chars.next() {
            Some(c) if is_inline_space(c) => n += c.len_utf8(),
            Some(c) if !c.is_whitespace() => return n,
            _ => return 0,
        }
    }
}

/// A closing `»`: space before it (when `paired`, French spacing) and a word
/// glued after it (the mark belongs on the other side of the space).
fn check_closer(doc: &Document, span: Span, paired: bool, out: &mut Vec<Diagnostic>) {
    let text = doc.text();
    let gap = space_run(&text[..span.start], true);
    let glued = text[span.end..]
        .chars()
        .next()
        .is_some_and(crate::text::chars::is_alphanumeric);
    let gap_span = Span::new(span.start - gap, span.start);
    if gap > 0 && glued {
        out.push(
            GUILLEMET_SPACING
                .diagnostic(
                    Span::new(gap_span.start, span.end),
                    "`»` stands before the space and is glued to the next word",
                )
                .with_fix(Fix::new(
                    Applicability::Unsafe,
                    vec![
                        Edit {
                            span: gap_span,
                            replacement: "".into(),
                        },
                        Edit {
                            span: Span::new(span.end, span.end),
                            replacement: " ".into(),
                        },
                    ],
                )),
        );
    } else if gap > 0 && paired {
        out.push(
            GUILLEMET_SPACING
                .diagnostic(Span::new(gap_span.start, span.end), "space before `»`")
                .with_fix(Fix::replace(Applicability::Safe, gap_span, "")),
        );
    } else if glued && gap == 0 && span.start > 0 {
        out.push(GUILLEMET_SPACING.diagnostic(span, "`»` glued to the next word"));
    }
}

#[cfg(test)]
mod tests {
    use super::GuillemetSpacing;
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn flags_french_spacing() {
        flags(
            &GuillemetSpacing,
            "He spoke of « Europe » today.",
            &["« ", " »"],
        );
    }

    #[test]
    fn flags_a_closer_on_the_wrong_side_of_a_space() {
        flags(
            &GuillemetSpacing,
            "«We have said it. I must say that there is always the possibility »of reaching an agreement, he said.",
            &[" »"],
        );
    }

    #[test]
    fn flags_a_closer_glued_to_the_next_word() {
        flags(&GuillemetSpacing, "the «reset»policy", &["»"]);
    }

    #[test]
    fn removes_french_spacing_safely() {
        fixes(
            &GuillemetSpacing,
            "He spoke of « Europe » today.",
            "He spoke of «Europe» today.",
        );
    }

    #[test]
    fn passes_tight_guillemets() {
        passes(
            &GuillemetSpacing,
            "He spoke of «Europe», «Asia» and («Africa»).",
        );
    }

    #[test]
    fn passes_german_guillemets() {
        passes(&GuillemetSpacing, "Er sagte »gut« und »schön«.");
    }

    /// Passing over marks by their sides changes no finding: random text
    /// of guillemets, spaces, letters, digits and punctuation.
    #[test]
    fn marks_passed_over_by_their_sides_report_nothing() {
        let pieces = [
            "«", "»", "« ", " »", " ", "\u{A0}", "\u{202F}", "\n", "a", "Europe", "9", ".", ",",
            "(", ")", "“", "”", "\"", "—", "é", "\t", "\u{2028}", "%", "#",
        ];
        let mut next = crate::test_rng::below(0x5851_F42D_4C95_7F2D);
        let mut found = 0;
        for _ in 0..20_000 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 16);
            let doc = crate::text::Document::from_text(&text);
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            super::check_marks(&doc, true, &mut fast);
            super::check_marks(&doc, false, &mut slow);
            assert_eq!(fast, slow, "{text:?}");
            found += fast.len();
        }
        assert!(found > 2000, "{found}");
    }

    #[test]
    fn passes_guillemets_at_line_edges_and_alone() {
        passes(&GuillemetSpacing, "«\n\n»\n\nThe marks «» are guillemets.");
    }
}
