//! A phrase of two to five words immediately repeated (`in the region in
//! the region`), the multi-word form of a looping decoder. Single-word
//! doubles belong to `repeated-word` (MT002) and are left to it.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::sentences::line_breaks;
use crate::text::tokens::TokenKind;
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// The same two to five words twice in a row, separated only by spaces
    /// or a single line break and compared case-insensitively:
    /// `this week this week`, `in the region in the region`.
    ///
    /// ## Why it matters
    /// Machine translation decoders loop over whole phrases as well as single
    /// words. Spell and grammar checkers accept every word, so the loop
    /// survives into published text.
    ///
    /// ## Example
    /// Flagged: `troops remain in the region in the region near the border`.
    /// Instead: `troops remain in the region near the border`.
    ///
    /// ## False positives
    /// Repeats separated by punctuation (`very, very`) or a blank line are not
    /// flagged, nor are capitalised names and titles (`New York, New York`
    /// written without the comma), reduplications around a conjunction
    /// (`on and on and on`, `over and over and over`), `and so on and so on`,
    /// recursive phrases ending in a preposition (`a pointer to a pointer
    /// to`), phrases with numbers, a heading followed by a sentence that
    /// starts with the same words (`Options⏎Options are`), and single
    /// repeated words (see `repeated-word`).
    ///
    /// ## Fix safety
    /// Removing the second copy is an unsafe fix: it changes the words of the
    /// text, and a lyric or chant may repeat on purpose.
    pub const REPEATED_PHRASE = RuleMeta {
        code: "MT006",
        name: "repeated-phrase",
        severity: Severity::Warning,
        summary: "A phrase immediately repeated (`this week this week`).",
    };
}

pub struct RepeatedPhrase;

const MIN_N: usize = 2;
const MAX_N: usize = 5;

/// Repeats that are idiomatic.
const ALLOWED: &[&[&str]] = &[&["and", "so", "on"], &["and", "so", "forth"]];

/// Conjunctions that join a reduplicated word (`on and on`, `round and round`).
const CONJUNCTIONS: &[&str] = &["and", "or", "by", "after", "to"];

/// Prepositions that end a recursive phrase (`a pointer to a pointer to`,
/// `snapshots of snapshots of`): nesting, not a loop.
const NESTING: &[&str] = &[
    "about", "at", "by", "for", "from", "in", "into", "of", "on", "to", "with",
];

struct Word<'a> {
    token: usize,
    text: &'a str,
    number: bool,
}

impl Word<'_> {
    fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    /// `self.lower() == other.lower()` without allocating for ASCII words.
    fn same_lower(&self, other: &Word) -> bool {
        // Equal up to ASCII case means equal lowercase (ASCII letters are
        // cased either way, so even a final sigma lowers alike).
        if self.text.eq_ignore_ascii_case(other.text) {
            return true;
        }
        if self.text.is_ascii() && other.text.is_ascii() {
            return false;
        }
        self.lower() == other.lower()
    }
}

impl Rule for RepeatedPhrase {
    fn meta(&self) -> &RuleMeta {
        &REPEATED_PHRASE
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let words: Vec<Word> = doc
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.kind, TokenKind::Word | TokenKind::Number))
            .map(|(i, t)| {
                let text = doc.token_text(t);
                Word {
                    token: i,
                    text,
                    number: t.kind == TokenKind::Number,
                }
            })
            .collect();
        // adjacent[j]: words j and j + 1 are separated by whitespace only,
        // at most one line break.
        let adjacent: Vec<bool> = words
            .windows(2)
            .map(|w| {
                w[1].token == w[0].token + 2 && {
                    let gap = &doc.tokens[w[0].token + 1];
                    gap.kind == TokenKind::Space
                        || (gap.kind == TokenKind::Newline && line_breaks(doc.token_text(gap)) < 2)
                }
            })
            .collect();
        // run[j]: how many of adjacent[j..] are true in a row.
        let mut run = vec![0u32; adjacent.len() + 1];
        for j in (0..adjacent.len()).rev() {
            if adjacent[j] {
                run[j] = run[j + 1] + 1;
            }
        }
        let mut j = 0;
        while j < words.len() {
            let Some(n) = (MIN_N..=MAX_N).find(|&n| repeats_at(&words, &run, j, n)) else {
                j += 1;
                continue;
            };
            // A longer loop (`of the x of the x of the x`) is one finding.
            let mut copies = 2;
            while repeats_at(&words, &run, j + (copies - 1) * n, n) {
                copies += 1;
            }
            let first = &words[j..j + n];
            if !is_allowed(first) && !is_heading_then_text(doc, &words, j, n) {
                let tok = |w: &Word| doc.tokens[w.token].span;
                let end_first = tok(&first[n - 1]).end;
                let end_last = tok(&words[j + copies * n - 1]).end;
                let phrase = doc.text()[tok(&first[0]).start..end_first].replace('\n', " ");
                let times = if copies == 2 {
                    String::new()
                } else {
                    format!(" {copies} times")
                };
                out.push(
                    REPEATED_PHRASE
                        .diagnostic(
                            Span::new(tok(&first[0]).start, end_last),
                            format!("`{phrase}` is repeated{times}"),
                        )
                        .with_fix(Fix::replace(
                            Applicability::Unsafe,
                            Span::new(end_first, end_last),
                            "",
                        )),
                );
            }
            j += copies * n;
        }
    }
}

/// Whether words `j..j + n` are followed directly by the same `n` words,
/// spelled the same except for the case of the first letter
/// (`in the region In the region`, but not `the Pattern Field The pattern field`).
/// `run[j]` counts the adjacent pairs in a row from word `j`.
fn repeats_at(words: &[Word], run: &[u32], j: usize, n: usize) -> bool {
    j + 2 * n <= words.len()
        && run[j] as usize >= 2 * n - 1
        && words[j].same_lower(&words[j + n])
        && (1..n).all(|k| words[j + k].text == words[j + n + k].text)
}

/// A heading or label followed by a sentence that starts with the same
/// words: `Configuration options⏎Configuration options are written`,
/// `the root cgroup The root cgroup of`.
fn is_heading_then_text(doc: &Document, words: &[Word], j: usize, n: usize) -> bool {
    let capital = |w: &Word| w.text.chars().next().is_some_and(char::is_uppercase);
    if !capital(&words[j]) && capital(&words[j + n]) {
        return true;
    }
    let gap = &doc.tokens[words[j + n - 1].token + 1];
    let line_start =
        words[j].token == 0 || doc.tokens[words[j].token - 1].kind == TokenKind::Newline;
    // `Hard disks⏎Hard disks can be used`, or the same run into one line.
    line_start && (gap.kind == TokenKind::Newline || capital(&words[j + n]))
}

fn is_allowed(phrase: &[Word]) -> bool {
    let lower: Vec<String> = phrase.iter().map(Word::lower).collect();
    let first = &lower[0];
    // Table cells and measurements: `16 bits 4 bits 4 bits`.
    if phrase.iter().any(|w| w.number) {
        return true;
    }
    if lower.last().is_some_and(|w| NESTING.contains(&w.as_str())) {
        return true;
    }
    // `the the the the` is one repeated word: MT002 reports it.
    if lower.iter().all(|w| w == first) {
        return true;
    }
    // Names and titles: `Bora Bora`-like capitalised phrases.
    if phrase
        .iter()
        .all(|w| w.text.chars().next().is_some_and(char::is_uppercase))
    {
        return true;
    }
    // `on and on and on`, `round and round and round`.
    let mut content = lower.iter().filter(|w| !CONJUNCTIONS.contains(&w.as_str()));
    if let Some(c) = content.next() {
        if content.all(|w| w == c) {
            return true;
        }
    }
    ALLOWED
        .iter()
        .any(|a| a.len() == lower.len() && a.iter().zip(&lower).all(|(x, w)| x == w))
}

#[cfg(test)]
mod tests {
    use super::RepeatedPhrase;
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn flags_two_word_loop() {
        flags(
            &RepeatedPhrase,
            "He will travel this week this week to Geneva.",
            &["this week this week"],
        );
    }

    #[test]
    fn flags_longer_loops_case_insensitively() {
        flags(
            &RepeatedPhrase,
            "Troops remain. In the region in the region near the border.",
            &["In the region in the region"],
        );
    }

    #[test]
    fn flags_across_a_single_line_break() {
        flags(
            &RepeatedPhrase,
            "the talks will\ncontinue the talks will\ncontinue tomorrow",
            &["the talks will\ncontinue the talks will\ncontinue"],
        );
    }

    #[test]
    fn reports_a_long_loop_once() {
        flags(
            &RepeatedPhrase,
            "the role of the eye of the eye of the eye in sight",
            &["of the eye of the eye of the eye"],
        );
        fixes(
            &RepeatedPhrase,
            "the role of the eye of the eye of the eye in sight",
            "the role of the eye in sight",
        );
    }

    #[test]
    fn removes_the_second_copy() {
        fixes(
            &RepeatedPhrase,
            "in the region in the region near",
            "in the region near",
        );
    }

    #[test]
    fn allows_repeats_with_punctuation() {
        passes(
            &RepeatedPhrase,
            "It was very, very cold. Thank you, thank you. Go now! Go now!",
        );
    }

    #[test]
    fn allows_heading_followed_by_same_words() {
        passes(
            &RepeatedPhrase,
            "Configuration options\nConfiguration options are written here.\n\
             Hard disks Hard disks can be used. \
             Exceptions for the root cgroup The root cgroup of v2 differs.",
        );
    }

    #[test]
    fn allows_recursive_nesting() {
        passes(
            &RepeatedPhrase,
            "It is a pointer to a pointer to memory, with snapshots of snapshots of snapshots.",
        );
    }

    #[test]
    fn allows_different_inner_case_and_numbers() {
        passes(
            &RepeatedPhrase,
            "See the Pattern Field The pattern field. Use 16 bits 4 bits 4 bits 8 bits.",
        );
    }

    #[test]
    fn allows_blank_line_between_copies() {
        passes(&RepeatedPhrase, "Related posts\n\nRelated posts");
    }

    #[test]
    fn allows_capitalised_names() {
        passes(
            &RepeatedPhrase,
            "They sang New York New York and visited Baden Baden and Bora Bora.",
        );
    }

    #[test]
    fn allows_conjunction_reduplication() {
        passes(
            &RepeatedPhrase,
            "It went on and on and on, round and round and round, and so on and so on.",
        );
    }

    #[test]
    fn leaves_single_words_to_repeated_word() {
        passes(&RepeatedPhrase, "I I would go to the the the the shop");
    }

    #[test]
    fn allows_near_repeats() {
        passes(
            &RepeatedPhrase,
            "He had had enough. What it is is fine. The more the merrier, the sooner the better.",
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        passes(&RepeatedPhrase, "");
        passes(&RepeatedPhrase, "a b");
        passes(&RepeatedPhrase, "😀 😀 x\u{301} y x\u{301} z");
    }
}
