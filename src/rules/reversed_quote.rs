//! An opening quotation mark written where a quotation closes, or a
//! closing mark where one opens.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::text::quote_roles::Role;
use crate::text::quotes::QuotePosition;
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A curly quotation mark facing the wrong way: an opening mark `“` that
    /// closes a quotation (`solving the problems of missiles“, as well as`,
    /// `military transparency“.`), a closing mark `”` at the start of a word
    /// (`he said ”we will`), and an opening single mark `‘` right after a
    /// word (`the treaty‘,`).
    ///
    /// ## Why it matters
    /// Machine translation from languages whose quotation marks differ
    /// (`„…“`, `«…»`) often maps both marks to `“`. The text then looks
    /// unfinished to a reader and breaks every tool that pairs quotes.
    ///
    /// ## Example
    /// Flagged: `measures “have to do with missiles“, as well`. Instead:
    /// `measures “have to do with missiles”, as well`.
    ///
    /// ## False positives
    /// `“` closing a quotation that opened with `„` is the German convention,
    /// not an error. Apostrophes are never flagged: `’` at a word start
    /// (`’90s`, `rock ’n’ roll`) and `’` after a word (`the Joneses’ house`).
    ///
    /// ## Fix safety
    /// Replacing the mark is safe when it pairs with an opener in the same
    /// paragraph (or, for `”` at a word start, when no quotation is open);
    /// otherwise it is offered as unsafe.
    pub const REVERSED_QUOTE = RuleMeta {
        code: "MT014",
        name: "reversed-quote",
        severity: Severity::Warning,
        summary: "An opening quotation mark where one closes (`missiles“,`), or the reverse.",
    };
}

pub struct ReversedQuote;

impl Rule for ReversedQuote {
    fn meta(&self) -> &RuleMeta {
        &REVERSED_QUOTE
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let quotes = doc.roled_quotes();
        let mut uses_left_double: Option<bool> = None;
        for (k, q) in quotes.iter().enumerate() {
            if !q.by_position {
                continue;
            }
            let prev = k
                .checked_sub(1)
                .map(|p| &quotes[p])
                .filter(|p| p.paragraph == q.paragraph);
            let prev_open = prev.filter(|p| p.role == Role::Open);
            match (q.ch, q.role) {
                ('“', Role::Close) => {
                    // German/Czech `„…“`.
                    if prev_open.is_some_and(|p| p.ch == '„') {
                        continue;
                    }
                    let certain = prev_open.is_some_and(|p| p.ch == '“');
                    out.push(report(q.span(), '“', '”', "closes a quotation", certain));
                }
                ('”', Role::Open) => {
                    // Swedish/Finnish `”…”` is not English; still, stay silent
                    // when the document never uses `“`.
                    if !*uses_left_double
                        .get_or_insert_with(|| doc.quotes.iter().any(|m| m.ch == '“'))
                    {
                        continue;
                    }
                    let certain = prev.is_none_or(|p| p.role == Role::Close);
                    out.push(report(q.span(), '”', '“', "opens a quotation", certain));
                }
                _ => {}
            }
        }
        // Single quotes: only `‘` glued to the end of a word is certain.
        let text = doc.text();
        for m in &doc.quotes {
            if m.ch != '‘' || m.position != QuotePosition::Closing {
                continue;
            }
            let after_letter = text[..m.span().start]
                .chars()
                .next_back()
                .is_some_and(crate::text::chars::is_alphabetic);
            let next = text[m.span().end..].chars().next();
            let ends = next.is_none_or(|c| {
                c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')')
            });
            if after_letter && ends {
                out.push(report(m.span(), '‘', '’', "closes a quotation", false));
            }
        }
    }
}

fn report(
    span: crate::source::Span,
    found: char,
    right: char,
    role: &str,
    certain: bool,
) -> Diagnostic {
    let applicability = if certain {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    REVERSED_QUOTE
        .diagnostic(span, format!("`{found}` {role}; expected `{right}`"))
        .with_fix(Fix::replace(applicability, span, right.to_string()))
}

#[cfg(test)]
mod tests {
    use super::ReversedQuote;
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn flags_opening_marks_that_close() {
        flags(
            &ReversedQuote,
            "measures “have to do with missiles“, as well as “the reduction of risks and transparency“.",
            &["“", "“"],
        );
    }

    #[test]
    fn flags_a_closing_mark_at_a_word_start() {
        flags(
            &ReversedQuote,
            "He said ”we will not wait” and left. “Fine,” she said.",
            &["”"],
        );
    }

    #[test]
    fn flags_an_opening_single_mark_after_a_word() {
        flags(
            &ReversedQuote,
            "the so-called ‘treaty‘, signed in 1997",
            &["‘"],
        );
    }

    #[test]
    fn fixes_paired_marks_safely() {
        fixes(
            &ReversedQuote,
            "as direct neighbors“, said Peskov, who spoke of “common sense“.",
            "as direct neighbors”, said Peskov, who spoke of “common sense”.",
        );
    }

    #[test]
    fn passes_well_formed_quotes() {
        passes(
            &ReversedQuote,
            "“Hi,” she said. “Where?” (“Here.”) The word “no”—and “yes”.",
        );
    }

    #[test]
    fn passes_the_german_convention() {
        passes(&ReversedQuote, "Er sagte: „Wir kommen“, und ging.");
    }

    #[test]
    fn passes_apostrophes() {
        passes(
            &ReversedQuote,
            "In the ’90s rock ’n’ roll played at the Joneses’ house. Russia’s envoy said ‘fine’ at two o’clock.",
        );
    }

    #[test]
    fn passes_straight_quotes_and_guillemets() {
        passes(
            &ReversedQuote,
            "He said \"go\" and \"stop\", then «bon» and »gut«.",
        );
    }

    #[test]
    fn passes_quotes_after_dashes_and_brackets() {
        passes(
            &ReversedQuote,
            "It was—“so they said”—a [“draft”] and (“final”).",
        );
    }
}
