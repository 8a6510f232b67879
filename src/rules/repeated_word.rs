//! The same word twice in a row, the signature of a looping decoder.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::chars::is_alphabetic;
use crate::text::sentences::line_breaks;
use crate::text::tokens::{shape, Token, TokenKind};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// The same word twice in a row, compared case-insensitively and across a
    /// line break (but not across a blank line): `I I would`, `the the`,
    /// `The the`.
    ///
    /// ## Why it matters
    /// Machine translation decoders repeat tokens when they loop or when two
    /// source words map to the same target word; human writers rarely do,
    /// and spell checkers accept each word on its own.
    ///
    /// ## Example
    /// Flagged: `at this stage I I would propose`. Instead: `at this stage I would propose`.
    ///
    /// ## False positives
    /// Grammatical doubles are allowed: `had had`, `that that`, `is is` after
    /// `what` (`what it is is`), emphatic reduplication (`very very`, `no no`,
    /// `bye bye`), and reduplicated names written with capitals mid-sentence
    /// (`Bora Bora`, `Walla Walla`, `Duran Duran`). Numbers are not words.
    ///
    /// ## Fix safety
    /// Removing the second word is offered as an unsafe fix: it changes the
    /// words of the text, and occasionally the double was intended.
    pub const REPEATED_WORD = RuleMeta {
        code: "MT002",
        name: "repeated-word",
        severity: Severity::Warning,
        summary: "The same word twice in a row (`I I`, `the the`).",
    };
}

pub struct RepeatedWord;

/// Doubles that are grammatical or emphatic in ordinary English.
const ALLOWED: &[&str] = &[
    "bye", "ha", "haha", "hey", "ho", "knock", "la", "many", "much", "no", "oh", "ok", "okay",
    "tsk", "tut", "very", "yeah", "yes",
];

/// Function words: capitalised doubles of these are artifacts, not names.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "he", "her", "his", "i",
    "in", "is", "it", "its", "of", "on", "or", "our", "she", "that", "the", "their", "they",
    "this", "to", "was", "we", "were", "with", "you",
];

impl Rule for RepeatedWord {
    fn meta(&self) -> &RuleMeta {
        &REPEATED_WORD
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let toks = &doc.tokens[..];
        // The document lists the pairs word, white space, word whose words
        // may be equal up to case; the tests below decide.
        let mut next = 0;
        let mut what = WhatScan::default();
        for &first in doc.doubled_word_candidates() {
            let first = first as usize;
            // "the the the" reports once, from the first pair: a pair
            // starting at the second word of a reported one is not tested.
            if first < next {
                continue;
            }
            let (a, gap, b) = (&toks[first], &toks[first + 1], &toks[first + 2]);
            // Candidates never pair ASCII words of different lengths.
            let ascii = (a.shape() | b.shape()) & shape::NON_ASCII == 0;
            if gap.kind() == TokenKind::Newline && line_breaks(doc.token_text(gap)) >= 2 {
                continue;
            }
            let (wa, wb) = (doc.token_text(a), doc.token_text(b));
            if !wa.eq_ignore_ascii_case(wb)
                && (ascii
                    || !may_equal_lowercased(wa, wb)
                    || wa.to_lowercase() != wb.to_lowercase())
            {
                continue;
            }
            let lower = wa.to_lowercase();
            if is_allowed(&lower, wa, wb, || what.after_what(doc, first)) {
                continue;
            }
            out.push(finding(a, b, wa));
            next = first + 3;
        }
    }
}

/// The finding for word `a` repeated as `b`: the span covers both, the fix
/// drops the white space and the second copy.
fn finding(a: &Token, b: &Token, wa: &str) -> Diagnostic {
    REPEATED_WORD
        .diagnostic(
            Span::new(a.span().start, b.span().end),
            format!("`{wa}` is repeated"),
        )
        .with_fix(Fix::replace(
            Applicability::Unsafe,
            Span::new(a.span().end, b.span().end),
            "",
        ))
}

/// A test without allocation that `a` and `b` lowercase alike, true
/// whenever `a.to_lowercase() == b.to_lowercase()`: they lowercase char by
/// char to the same letters once final sigma (which `str::to_lowercase`
/// alone writes `ς`) is read as `σ`.
fn may_equal_lowercased(a: &str, b: &str) -> bool {
    fn lower(w: &str) -> impl Iterator<Item = char> + '_ {
        w.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == 'ς' { 'σ' } else { c })
    }
    lower(a).eq(lower(b))
}

/// Whether the double `wa wb` (lowercased `lower`) is grammatical, emphatic
/// or a name; `after_what` tells whether `what` or `whatever` comes before
/// it in its sentence (asked only for `is is`).
fn is_allowed(lower: &str, wa: &str, wb: &str, after_what: impl FnOnce() -> bool) -> bool {
    // "had had" and "that that" are grammatical.
    if lower == "had" || lower == "that" {
        return true;
    }
    if ALLOWED.contains(&lower) {
        return true;
    }
    // "What it is is a problem": `is is` after `what` in the same sentence.
    if lower == "is" && after_what() {
        return true;
    }
    // Reduplicated names: "Bora Bora", "Walla Walla", "Duran Duran".
    let capitalised =
        |w: &str| w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() > 1;
    capitalised(wa) && capitalised(wb) && !FUNCTION_WORDS.contains(&lower)
}

fn is_what(word: &str) -> bool {
    word.eq_ignore_ascii_case("what") || word.eq_ignore_ascii_case("whatever")
}

/// Whether a word before a candidate, in its sentence, is `what` or
/// `whatever` (words split at every non-letter), for candidates in text
/// order: each sentence's text is read once. A sentence of 100k words with
/// an `is is` every few words was scanned from its start at each of them.
#[derive(Default)]
struct WhatScan {
    /// The sentence scanned so far, and where its last word read (which
    /// may go on past the last candidate) starts.
    at: Option<(usize, usize)>,
    /// Whether a complete word before that one is `what` or `whatever`.
    found: bool,
}

impl WhatScan {
    fn after_what(&mut self, doc: &Document, first: usize) -> bool {
        let start = doc.tokens[first].span().start;
        let Some(s) = doc.sentence_of(start) else {
            return false;
        };
        let resume = match self.at {
            Some((sentence, resume)) if sentence == s && resume <= start => resume,
            _ => {
                self.found = false;
                doc.sentences[s].span.start
            }
        };
        let before = &doc.text()[resume..start];
        let mut words = before.split(|c: char| !is_alphabetic(c));
        // `split` yields at least one piece: the last, which ends at
        // `start`, may be the head of a longer word.
        let mut last = words.next().unwrap_or("");
        for word in words {
            self.found |= is_what(last);
            last = word;
        }
        self.at = Some((s, start - last.len()));
        self.found || is_what(last)
    }
}

#[cfg(test)]
mod tests {
    use super::RepeatedWord;
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn flags_doubled_pronoun() {
        flags(&RepeatedWord, "at this stage I I would propose", &["I I"]);
    }

    #[test]
    fn flags_doubled_article_case_insensitively() {
        flags(
            &RepeatedWord,
            "The the button. Press the the key.",
            &["The the", "the the"],
        );
    }

    #[test]
    fn flags_across_a_line_break() {
        flags(
            &RepeatedWord,
            "we will meet the\nthe minister",
            &["the\nthe"],
        );
    }

    #[test]
    fn reports_a_triple_once() {
        flags(&RepeatedWord, "go to the the the shop", &["the the"]);
    }

    #[test]
    fn allows_had_had_and_that_that() {
        passes(
            &RepeatedWord,
            "She had had enough. He said that that was fine.",
        );
    }

    #[test]
    fn allows_is_is_after_what() {
        passes(&RepeatedWord, "What it is is a problem of scale.");
    }

    #[test]
    fn allows_reduplicated_names() {
        passes(
            &RepeatedWord,
            "They flew to Bora Bora, then Walla Walla, to hear Duran Duran.",
        );
    }

    #[test]
    fn allows_emphatic_doubles() {
        passes(&RepeatedWord, "It was very very cold. No no, bye bye.");
    }

    #[test]
    fn ignores_blank_lines_punctuation_and_numbers() {
        passes(
            &RepeatedWord,
            "the end\n\nthe start. Yes, yes. It cost 10 10 times.",
        );
        passes(&RepeatedWord, "that, that");
    }

    #[test]
    fn removes_the_duplicate() {
        fixes(
            &RepeatedWord,
            "at this stage I I would propose",
            "at this stage I would propose",
        );
    }

    /// Whether a word of the text before token `first`, in its sentence,
    /// is `what` or `whatever`, read from the sentence's start: the
    /// reference for [`super::WhatScan`].
    fn after_what(doc: &crate::text::Document, first: usize) -> bool {
        let start = doc.tokens[first].span().start;
        doc.sentence_of(start).is_some_and(|s| {
            let before = &doc.text()[doc.sentences[s].span.start..start];
            before
                .split(|c: char| !crate::text::chars::is_alphabetic(c))
                .any(super::is_what)
        })
    }

    /// The scan as first written, every window of three tokens in turn:
    /// the reference for `check`, which tests only the document's
    /// doubled-word candidates.
    fn reference(doc: &crate::text::Document) -> Vec<crate::diagnostic::Diagnostic> {
        use super::*;
        let toks = &doc.tokens;
        let mut out = Vec::new();
        let mut i = 0;
        while i + 2 < toks.len() {
            let (a, gap, b) = (&toks[i], &toks[i + 1], &toks[i + 2]);
            i += 1;
            if !a.is_word() || !b.is_word() || !gap.is_space() {
                continue;
            }
            if gap.kind() == TokenKind::Newline && line_breaks(doc.token_text(gap)) >= 2 {
                continue;
            }
            let (wa, wb) = (doc.token_text(a), doc.token_text(b));
            if wa.to_lowercase() != wb.to_lowercase() {
                continue;
            }
            let lower = wa.to_lowercase();
            if is_allowed(&lower, wa, wb, || after_what(doc, i - 1)) {
                continue;
            }
            out.push(finding(a, b, wa));
            i += 2;
        }
        out
    }

    /// The allocation-free pre-test never rules out a pair that lowercases
    /// alike (final sigma included) and does rule out most others.
    #[test]
    fn may_equal_lowercased_keeps_every_equal_pair() {
        let words = [
            "ΟΔΟΣ", "οδος", "οδοσ", "Σ", "ς", "σ", "ΣΑΣ", "σας", "İ", "i̇", "i", "ß", "SS", "ss",
            "\u{212A}", "k", "K", "Straße", "STRASSE", "café", "CAFÉ", "cafe", "ǅ", "ǆ", "Ǆ",
        ];
        let mut ruled_out = 0;
        for a in words {
            for b in words {
                if a.to_lowercase() == b.to_lowercase() {
                    assert!(super::may_equal_lowercased(a, b), "{a} {b}");
                } else if !super::may_equal_lowercased(a, b) {
                    ruled_out += 1;
                }
            }
        }
        assert!(ruled_out > 400, "{ruled_out}");
    }

    /// Random texts of few distinct words, so that repeats are common.
    #[test]
    fn matches_the_reference_scan() {
        let words = [
            "the",
            "The",
            "THE",
            "I",
            "is",
            "what",
            "What",
            "whatever",
            "WHATEVER",
            "whatnot",
            "somewhat",
            "had",
            "very",
            "Bora",
            "bora",
            "Kelvin",
            "\u{212A}",
            "k",
            "K",
            "ß",
            "SS",
            "ss",
            "Σ",
            "σ",
            "ς",
            "café",
            "CAFÉ",
            "a",
            "A",
            "1",
            "10",
            "_",
            "😀",
            "中",
            "x\u{301}",
            "'",
            "’",
            // Longer than a short key (15 bytes): equal length, case or not.
            "internationalization",
            "INTERNATIONALIZATION",
            "internationalisation",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
        ];
        let gaps = [
            " ", " ", " ", " ", " ", " ", "  ", "\n", "\n\n", "\r\n", " \n ", "\t", "\u{a0}", ", ",
            ". ", "", "-", "!",
        ];
        let mut next = crate::test_rng::below(0x9e37_79b9_7f4a_7c15);
        let mut found = 0;
        for _ in 0..20_000 {
            // Texts from a few words repeat often.
            let vocabulary = 2 + next(words.len() - 2);
            let mut text = String::new();
            for _ in 0..next(30) {
                text.push_str(words[next(vocabulary)]);
                text.push_str(gaps[next(gaps.len())]);
            }
            let doc = crate::text::Document::from_text(&text);
            let mut got = Vec::new();
            super::Rule::check(&RepeatedWord, &doc, &mut got);
            let want = reference(&doc);
            assert_eq!(got, want, "{text:?}");
            found += want.len();
        }
        // The texts must hold repeats often enough to mean something.
        assert!(found > 5000, "only {found} findings");
    }
}
