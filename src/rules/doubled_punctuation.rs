//! Two sentence or clause marks where one belongs: `..`, `.,`, `,,`, `. .`.

use super::code_lines::CodeLines;
use super::space_before_punctuation::{follows_text, is_mark, MARKS};
use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::lexicon;
use crate::text::scan::{ahead, for_each_selected, Block, TokenCursor};
use crate::text::tokens::{Token, TokenKind};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// Two punctuation marks where one belongs: a doubled period (`..`), a
    /// period and a comma or semicolon (`examine them., added`), a comma
    /// before a period (`Moscow,.`), doubled commas or semicolons (`,,`),
    /// a stray second period after a space (`by the Kremlin. .`), and a
    /// period after `?` or `!` (`really?.`).
    ///
    /// ## Why it matters
    /// Machine translation and post-editing leave a mark from the source
    /// sentence behind when they re-punctuate; the doubled mark is visible
    /// noise to every reader.
    ///
    /// ## Example
    /// Flagged: `we will not examine them., added the head`. Instead: `we
    /// will not examine them, added the head`.
    ///
    /// ## False positives
    /// An abbreviation's period followed by a comma is correct English and
    /// never flagged (`etc.,` `U.S.,` `Inc.,` `e.g.,` `a.m.,` `Jr.,`): only
    /// a lowercase dictionary word before `.,` counts. Ellipses (`...`,
    /// `...,`, `. . .`), `?!`, `!!`, `??`, `?,` and `!,` (`Yahoo!,`), `::`,
    /// paths and ranges (`../`, `1..5`) and lines that look like code are
    /// left alone.
    ///
    /// ## Fix safety
    /// Dropping an exact duplicate (`,,` `;;` `. .`) is safe. For `..` and
    /// for mixed pairs the fix removes one mark and is unsafe: `..` may be a
    /// clipped ellipsis, and which mark was meant is a guess.
    pub const DOUBLED_PUNCTUATION = RuleMeta {
        code: "MT011",
        name: "doubled-punctuation",
        severity: Severity::Warning,
        summary: "Doubled or mixed punctuation (`..`, `.,`, `,,`, `. .`).",
    };
}

pub struct DoubledPunctuation;

/// Abbreviations whose period may be followed by a comma or semicolon.
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "assn", "ave", "bros", "ca", "cf", "co", "corp", "dept", "dr", "eds", "esp",
    "est", "etc", "ft", "inc", "incl", "jr", "lb", "lbs", "ltd", "misc", "mr", "mrs", "ms", "no",
    "nos", "oz", "pp", "sr", "st", "viz", "vol", "vs", "yr", "yrs",
];

/// The marks `,` `.` `;` `:` `!` `?` as [`Block::any_of`] tests: `,` and
/// `.` are 0x2C and 0x2E, `:` and `;` 0x3A and 0x3B.
const MARK_TESTS: &[(u8, u8)] = &[(b'.', 2), (b';', 1), (b'!', 0), (b'?', 0)];

// The tests pass exactly the bytes of `MARKS`.
const _: () = {
    let mut x = 0;
    while x < 256 {
        let (mut in_marks, mut i) = (false, 0);
        while i < MARKS.len() {
            in_marks |= MARKS[i] as usize == x;
            i += 1;
        }
        let (mut passes, mut j) = (false, 0);
        while j < MARK_TESTS.len() {
            passes |= (x as u8 | MARK_TESTS[j].1) == MARK_TESTS[j].0;
            j += 1;
        }
        assert!(
            in_marks == passes,
            "MARK_TESTS must pass the bytes of MARKS"
        );
        x += 1;
    }
};

const CODE_MARKS: &[char] = &['=', '{', '}', '<', '>', '_', '`', '\\', '|', '#'];

fn mark(doc: &Document, t: Option<&Token>) -> Option<char> {
    let t = t?;
    if t.kind() != TokenKind::Punct {
        return None;
    }
    let c = doc.token_text(t).chars().next()?;
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?').then_some(c)
}

impl Rule for DoubledPunctuation {
    fn meta(&self) -> &RuleMeta {
        &DOUBLED_PUNCTUATION
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let mut code = CodeLines::new(CODE_MARKS);
        let toks = &doc.tokens;
        let bytes = doc.text().as_bytes();
        // The first token not yet consumed by a pair or a run of marks.
        let mut next = 1;
        let mut cursor = TokenCursor::new(toks);
        // A pair needs a mark byte then a mark, or a space and a mark, or a
        // character that may join the first mark's token (a combining
        // accent); the tokens decide the rest. Marks are dense in prose
        // (one byte in forty), pairs rare: a bit-mask test per 64 bytes
        // finds the marks with a mark or a non-ASCII byte after them, or a
        // mark two bytes on (whatever is between: testing for the space
        // costs more than the few `e.g.` it drops).
        let classify = |b: &Block| [b.any_of(MARK_TESTS), b.non_ascii_or_any_of(MARK_TESTS)];
        let select =
            |h: &[u64; 2], n: &[u64; 2]| h[0] & (ahead(h[1], n[1], 1) | ahead(h[0], n[0], 2));
        for_each_selected(bytes, classify, select, |at| {
            let pair = match bytes.get(at + 1) {
                None => false,
                Some(b' ') => bytes.get(at + 2).is_some_and(|&b| is_mark(b)),
                Some(&b) if b < 0x80 => is_mark(b),
                // A character that may join the mark's token.
                Some(_) => {
                    !doc.text()[at + 1..].starts_with(['”', '’', '“', '‘', '»', '«', '…', '—', '–'])
                }
            };
            if !pair {
                return;
            }
            let Some(i) = cursor.starting_at(at).filter(|&i| i >= next) else {
                return;
            };
            let Some(a) = mark(doc, toks.get(i)) else {
                return;
            };
            // Where the second mark is: adjacent, or after one space.
            let (j, spaced) = match mark(doc, toks.get(i + 1)) {
                Some(_) => (i + 1, false),
                None if toks.get(i + 1).is_some_and(|t| doc.token_text(t) == " ")
                    && mark(doc, toks.get(i + 2)).is_some() =>
                {
                    (i + 2, true)
                }
                None => return,
            };
            let Some(b) = mark(doc, toks.get(j)) else {
                return;
            };
            let found = self.judge(doc, i, j, a, b, spaced);
            let span = Span::new(toks[i].span().start, toks[j].span().end);
            next = j + 1;
            // Runs of marks (`...`, `?!?`) are skipped whole.
            while mark(doc, toks.get(next)).is_some() {
                next += 1;
            }
            let Some((message, fix)) = found else {
                return;
            };
            if code.is_code(doc, span.start) {
                return;
            }
            let mut d = DOUBLED_PUNCTUATION.diagnostic(span, message);
            if let Some(fix) = fix {
                d = d.with_fix(fix);
            }
            out.push(d);
        });
    }
}

impl DoubledPunctuation {
    /// Whether marks `a` (token `i`) and `b` (token `j`) are an artifact,
    /// with the message and fix to report.
    fn judge(
        &self,
        doc: &Document,
        i: usize,
        j: usize,
        a: char,
        b: char,
        spaced: bool,
    ) -> Option<(String, Option<Fix>)> {
        let toks = &doc.tokens;
        let text = doc.text();
        // The first mark must follow text directly, and start no run.
        let prev = &toks[i - 1];
        if !follows_text(doc, prev) {
            return None;
        }
        // The second mark must end the run: whitespace, end or a closer after it.
        let rest = &text[toks[j].span().end..];
        let after = rest.chars().next();
        let ends = after
            .is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '”' | '’' | ')' | ']' | '»'));
        if !ends {
            return None; // `..`-ranges and paths, `...`, `.,.`
        }
        let first = toks[i].span();
        let second = toks[j].span();
        let drop_second = Span::new(
            if spaced {
                toks[i + 1].span().start
            } else {
                second.start
            },
            second.end,
        );
        if a == b && matches!(a, ',' | ';') {
            return Some((
                format!("doubled `{a}`"),
                Some(Fix::replace(Applicability::Safe, drop_second, "")),
            ));
        }
        if matches!(a, '!' | '?') && matches!(b, '!' | '?' | ',' | ':' | ';') {
            return None; // ?! !! ?? and `Yahoo!,`
        }
        if a == ':' && b == ':' {
            return None;
        }
        if a == '.' && b == '.' {
            // `. . .` is a spaced ellipsis.
            if spaced && (rest.starts_with(" .") || text[..first.start].ends_with(". ")) {
                return None;
            }
            if spaced {
                return Some((
                    "stray second `.`".into(),
                    Some(Fix::replace(Applicability::Safe, drop_second, "")),
                ));
            }
            return Some((
                "doubled `.`".into(),
                Some(Fix::replace(Applicability::Unsafe, drop_second, "")),
            ));
        }
        if a == '.' && prev.is_word() && !is_plain_word(doc.token_text(prev)) {
            return None; // etc., U.S., Inc., e.g., a.m.,
        }
        if a == '.' && prev.kind() == TokenKind::Number {
            return None; // `No. 3.,` and clipped decimals are too unsure.
        }
        // `them.,` keeps the comma, `Moscow,.` keeps the period.
        let comma_like = |c: char| matches!(c, ',' | ';' | ':');
        let drop = if (a == '.' && comma_like(b)) || (comma_like(a) && b == '.') {
            first
        } else {
            second
        };
        Some((
            format!("`{a}` followed by `{b}`"),
            Some(Fix::replace(Applicability::Unsafe, drop, "")),
        ))
    }
}

/// Short words that are never abbreviations; other words of under four
/// letters may be (`vet.,` `gen.,` `sub.,`).
const SHORT_WORDS: &[&str] = &[
    "all", "be", "day", "do", "end", "go", "her", "him", "it", "law", "me", "now", "off", "on",
    "one", "out", "say", "see", "so", "too", "two", "up", "us", "war", "way", "yet", "you",
];

/// A lowercase dictionary word, not an abbreviation.
fn is_plain_word(word: &str) -> bool {
    (word.chars().count() >= 4 || SHORT_WORDS.contains(&word))
        && word
            .chars()
            .all(|c| c.is_lowercase() || c == '’' || c == '\'')
        && !ABBREVIATIONS.contains(&word)
        && lexicon::level_exact(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::space_before_punctuation::for_random_texts;
    use super::*;
    use crate::rules::test_support::{fixes, flags, passes};

    /// The token-by-token loop the byte scan replaced.
    fn reference(doc: &Document, out: &mut Vec<Diagnostic>) {
        let mut code = CodeLines::new(CODE_MARKS);
        let toks = &doc.tokens;
        let mut i = 1;
        while i < toks.len() {
            let Some(a) = mark(doc, toks.get(i)) else {
                i += 1;
                continue;
            };
            // Where the second mark is: adjacent, or after one space.
            let (j, spaced) = match mark(doc, toks.get(i + 1)) {
                Some(_) => (i + 1, false),
                None if toks.get(i + 1).is_some_and(|t| doc.token_text(t) == " ")
                    && mark(doc, toks.get(i + 2)).is_some() =>
                {
                    (i + 2, true)
                }
                None => {
                    i += 1;
                    continue;
                }
            };
            let b = mark(doc, toks.get(j)).expect("checked above");
            let found = DoubledPunctuation.judge(doc, i, j, a, b, spaced);
            let span = Span::new(toks[i].span().start, toks[j].span().end);
            i = j + 1;
            // Runs of marks (`...`, `?!?`) are skipped whole.
            while mark(doc, toks.get(i)).is_some() {
                i += 1;
            }
            let Some((message, fix)) = found else {
                continue;
            };
            if code.is_code(doc, span.start) {
                continue;
            }
            let mut d = DOUBLED_PUNCTUATION.diagnostic(span, message);
            if let Some(fix) = fix {
                d = d.with_fix(fix);
            }
            out.push(d);
        }
    }

    #[test]
    fn byte_scan_agrees_with_the_token_loop() {
        let pieces = [
            "word", "them", "etc", "U.S", "3", "3.5", " ", " ", "  ", "\n", ",", ".", ";", ":",
            "!", "?", "”", "\"", ")", "=", "…", "é", "’", ". .", "..", ",,", "1;2", "\u{301}",
            "\u{200D}", "«", "\u{a0}",
        ];
        let mut found = 0;
        for_random_texts(&pieces, 4000, |text| {
            let doc = Document::from_text(text);
            let mut fast = Vec::new();
            DoubledPunctuation.check(&doc, &mut fast);
            let mut slow = Vec::new();
            reference(&doc, &mut slow);
            assert_eq!(fast, slow, "on {text:?}");
            found += fast.len();
        });
        assert!(found > 100, "the texts should hold findings: {found}");
    }

    #[test]
    fn flags_period_comma_after_a_word() {
        flags(
            &DoubledPunctuation,
            "we will not examine them., added the head of diplomacy.",
            &[".,"],
        );
    }

    #[test]
    fn flags_a_stray_spaced_period() {
        flags(
            &DoubledPunctuation,
            "orchestrated by the Kremlin. .\n\nNext.",
            &[". ."],
        );
    }

    #[test]
    fn flags_doubled_and_mixed_marks() {
        flags(
            &DoubledPunctuation,
            "It ended.. Then Moscow,. Then Kiev,, and Minsk;; and Riga;, and really?. Yes.",
            &["..", ",.", ",,", ";;", ";,", "?."],
        );
    }

    #[test]
    fn fixes_exact_duplicates_safely() {
        fixes(
            &DoubledPunctuation,
            "Kiev,, Minsk and the Kremlin. .",
            "Kiev, Minsk and the Kremlin.",
        );
    }

    #[test]
    fn passes_abbreviations_before_a_comma() {
        passes(
            &DoubledPunctuation,
            "Apples, pears, etc., and the U.S., Acme Inc., e.g., at 10 a.m., with Martin Luther King Jr., and Smith et al., vs. Jones.",
        );
        passes(
            &DoubledPunctuation,
            "Solidago compositum ad us. vet., Ubichinon compositum.",
        );
    }

    #[test]
    fn passes_ellipses() {
        passes(
            &DoubledPunctuation,
            "Wait... what? Well..., fine. And so . . . nothing. Wait…. Then . . . more.",
        );
    }

    #[test]
    fn passes_interrobangs_and_exclamations() {
        passes(
            &DoubledPunctuation,
            "What?! No!! Really?? Yes!? He worked at Yahoo!, then left.",
        );
    }

    #[test]
    fn passes_paths_ranges_and_code() {
        passes(
            &DoubledPunctuation,
            "Run cd ../src and take items 1..5 from std::io.\nfor (;;) { x = a,,b; }",
        );
    }

    #[test]
    fn passes_ordinary_punctuation() {
        passes(
            &DoubledPunctuation,
            "“Go,” he said. (See above.) It cost $3.50, or 3.5%. Done: yes; no.",
        );
    }
}
