//! Prime marks (`″`, `′`, `‶`) standing where quotation marks belong.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::scan::{ahead, for_each_sparse_then_selected, Block};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A prime or double prime used as a quotation mark around words:
    /// `chances to agree on ″security guarantees″`, `the ′reset′ policy`.
    ///
    /// ## Why it matters
    /// Primes mark feet, inches, minutes and seconds. Translation engines and
    /// OCR substitute them for quotation marks; search, quote pairing and
    /// screen readers then see no quotation at all.
    ///
    /// ## Example
    /// Flagged: `on ″security guarantees″`. Instead: `on “security guarantees”`.
    ///
    /// ## False positives
    /// Primes after digits are measurements and coordinates (`5′11″`,
    /// `40°26′46″N`) and are never flagged, nor primes after a single
    /// letter (`f′(x)`, `A′`).
    ///
    /// ## Fix safety
    /// When an opening and a closing prime pair up in one paragraph, both are
    /// replaced safely with curly quotes (straight ones if the document
    /// mostly uses `"`); a lone prime gets an unsafe suggestion.
    pub const PRIME_AS_QUOTE = RuleMeta {
        code: "MT015",
        name: "prime-as-quote",
        severity: Severity::Warning,
        summary: "A prime (`″`, `′`) used as a quotation mark (`″security guarantees″`).",
    };
}

pub struct PrimeAsQuote;

/// The primes [`prime_offsets`] finds (by their bytes; this is the test's
/// reference).
#[cfg(test)]
fn is_prime(c: char) -> bool {
    matches!(c, '′' | '″' | '‴' | '‵' | '‶' | '‷')
}

fn is_double(c: char) -> bool {
    matches!(c, '″' | '‶')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
}

impl Rule for PrimeAsQuote {
    fn meta(&self) -> &RuleMeta {
        &PRIME_AS_QUOTE
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        // Each prime is looked at as it is found: a file of 20k primes
        // (none of them a quotation mark) kept no list of their offsets,
        // which grew by doubling into fresh memory.
        let mut found: Vec<(Span, char, Role)> = Vec::new();
        for_each_prime(text.as_bytes(), |i| {
            let Some(c) = text[i..].chars().next() else {
                return;
            };
            let span = Span::new(i, i + c.len_utf8());
            let before = &text[..i];
            let prev = before.chars().next_back();
            let next = text[span.end..].chars().next();
            if prev.is_some_and(crate::text::chars::is_numeric) {
                return; // 5′11″, 40°26′46″N
            }
            let prev_letter = prev.is_some_and(crate::text::chars::is_alphabetic);
            let next_letter = next.is_some_and(crate::text::chars::is_alphabetic);
            if prev_letter && !next.is_some_and(crate::text::chars::is_alphanumeric) {
                // A single-letter word before the prime is a variable: f′(x), A′.
                let word_len = before
                    .chars()
                    .rev()
                    .take_while(|c| crate::text::chars::is_alphanumeric(*c))
                    .count();
                if word_len >= 2 {
                    found.push((span, c, Role::Close));
                }
            } else if next_letter
                && prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–'))
            {
                found.push((span, c, Role::Open));
            }
        });
        if found.is_empty() {
            return;
        }
        // Counted only when a prime is reported (one pass over the marks).
        let (mut straight, mut curly) = (0usize, 0usize);
        for q in &doc.quotes {
            straight += usize::from(q.ch == '"');
            curly += usize::from(q.ch == '“' || q.ch == '”');
        }
        let prefer_straight = straight > curly;
        for (k, &(span, c, role)) in found.iter().enumerate() {
            let paired = match role {
                Role::Open => found
                    .get(k + 1)
                    .is_some_and(|n| n.2 == Role::Close && same_para(doc, span, n.0)),
                Role::Close => {
                    k > 0 && found[k - 1].2 == Role::Open && same_para(doc, found[k - 1].0, span)
                }
            };
            let replacement = match (is_double(c), role, prefer_straight) {
                (true, _, true) => "\"",
                (true, Role::Open, false) => "“",
                (true, Role::Close, false) => "”",
                (false, _, true) => "'",
                (false, Role::Open, false) => "‘",
                (false, Role::Close, false) => "’",
            };
            let applicability = if paired {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            let what = if role == Role::Open {
                "opening"
            } else {
                "closing"
            };
            out.push(
                PRIME_AS_QUOTE
                    .diagnostic(
                        span,
                        format!("prime `{c}` used as an {what} quotation mark"),
                    )
                    .with_fix(Fix::replace(applicability, span, replacement)),
            );
        }
    }
}

/// E2 bytes found one by one before [`for_each_prime`] checks how dense
/// they are.
const DENSE_AFTER: usize = 64;

/// Calls `f` with the offset of each prime of `bytes` (U+2032–U+2037, the
/// bytes E2 80 B2–B7), in order. In prose E2 bytes (curly quotes, dashes) are a few
/// hundred bytes apart and a `memchr` search for them costs next to
/// nothing; where they come more than one in 64 bytes (text thick with
/// curly quotes) each stop of the search costs more than testing the rest
/// block by block, every 64-byte block with a non-ASCII byte for the three
/// bytes at once ([`for_each_sparse_then_selected`]).
fn for_each_prime(bytes: &[u8], mut f: impl FnMut(usize)) {
    let is_prime_at =
        |i: usize| bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xB2..=0xB7));
    for_each_sparse_then_selected(
        bytes,
        memchr::memchr_iter(0xE2, bytes),
        DENSE_AFTER,
        |b: &Block| {
            if b.non_ascii() == 0 {
                [0; 3]
            } else {
                // E2, 80, and B0–B7.
                [
                    b.any_of(&[(0xE2, 0)]),
                    b.any_of(&[(0x80, 0)]),
                    b.any_of(&[(0xB7, 0x07)]),
                ]
            }
        },
        |here, next| here[0] & ahead(here[1], next[1], 1) & ahead(here[2], next[2], 2),
        |i| {
            if is_prime_at(i) {
                f(i);
            }
        },
    );
}

/// The offsets [`for_each_prime`] calls with, in a vector.
#[cfg(test)]
fn prime_offsets(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    for_each_prime(bytes, |i| out.push(i));
    out
}

fn same_para(doc: &Document, a: Span, b: Span) -> bool {
    doc.paragraph_of(a.start) == doc.paragraph_of(b.start)
}

#[cfg(test)]
mod tests {
    use super::PrimeAsQuote;

    /// The char-by-char scan [`super::for_each_prime`] must agree with.
    fn prime_offsets_reference(text: &str) -> Vec<usize> {
        text.char_indices()
            .filter(|&(_, c)| super::is_prime(c))
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn prime_offsets_agree_with_a_char_scan() {
        let pieces = [
            "a", "word ", " ", "\n", "′", "″", "‴", "‵", "‶", "‷", "“", "”", "‘", "’", "‱", "⁗",
            "—", "…", "é", "€", "\u{2038}", "\u{2031}", "😀", "«",
        ];
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        for _ in 0..3000 {
            let mut text = String::new();
            // Long texts thick with E2 bytes take the block scan after
            // `DENSE_AFTER` of them; short or thin ones do not.
            let dense = next(2) == 0;
            for _ in 0..next(if dense { 1500 } else { 200 }) {
                let k = next(pieces.len());
                // Mostly ASCII, so that some 64-byte blocks are.
                let ascii = next(if dense { 2 } else { 4 }) > 0;
                text.push_str(pieces[if ascii { k % 4 } else { k }]);
            }
            assert_eq!(
                super::prime_offsets(text.as_bytes()),
                prime_offsets_reference(&text),
                "{text:?}"
            );
        }
        // Every char from U+2000 to U+20FF, at every offset in a block.
        for pad in 0..64 {
            let text: String = " ".repeat(pad)
                + &(0x2000..0x2100u32)
                    .filter_map(char::from_u32)
                    .collect::<String>();
            assert_eq!(
                super::prime_offsets(text.as_bytes()),
                prime_offsets_reference(&text)
            );
        }
    }
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn flags_double_primes_around_words() {
        flags(
            &PrimeAsQuote,
            "Lavrov sees chances to agree with the West on ″security guarantees″ | Politics",
            &["″", "″"],
        );
    }

    #[test]
    fn flags_single_primes_and_reversed_primes() {
        flags(
            &PrimeAsQuote,
            "the ′reset′ policy and the ‶new start″ treaty",
            &["′", "′", "‶", "″"],
        );
    }

    #[test]
    fn fixes_a_pair_to_curly_quotes() {
        fixes(
            &PrimeAsQuote,
            "on ″security guarantees″.",
            "on “security guarantees”.",
        );
    }

    #[test]
    fn fixes_to_straight_quotes_when_the_document_uses_them() {
        fixes(
            &PrimeAsQuote,
            "He said \"no\" to ″security guarantees″.",
            "He said \"no\" to \"security guarantees\".",
        );
    }

    #[test]
    fn passes_measurements_and_coordinates() {
        passes(
            &PrimeAsQuote,
            "He is 5′11″ tall; the port lies at 40°26′46″N 79°58′56″W; a 3′ gap.",
        );
    }

    #[test]
    fn passes_math_primes() {
        passes(
            &PrimeAsQuote,
            "Let f′(x) be the derivative, and A′ the image of A; then x″ follows.",
        );
    }

    #[test]
    fn passes_ordinary_quotes() {
        passes(
            &PrimeAsQuote,
            "“security guarantees” and ‘reset’ and \"start\" and don't.",
        );
    }
}
