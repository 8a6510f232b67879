//! A space between a word and the punctuation mark that follows it.

use super::code_lines::CodeLines;
use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::scan::{after_byte, for_each_byte_of, TokenCursor};
use crate::text::tokens::{Token, TokenKind};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// One space between a word and a following `,` `.` `;` `:` `!` or `?`:
    /// `the talks , he said`, `in Geneva .`, `what now ?`.
    ///
    /// ## Why it matters
    /// Machine translation detokenizes badly and web scraping joins text
    /// nodes with a space; English never puts a space there.
    ///
    /// ## Example
    /// Flagged: `the talks , he said`. Instead: `the talks, he said`.
    ///
    /// ## False positives
    /// Left alone: ellipses (`and so on ...`), a dot starting a name or an
    /// extension (`.NET`, `.com`, `.5`), a mark after other punctuation
    /// (`? !`), a mark at a line start (list markers), emoticons (`:)`),
    /// ratios and times with spaces (`3 : 2`), aligned columns (two or more
    /// spaces, tabs, no-break spaces), lines that look like code
    /// (`a ? b : c`), and documents that consistently use French spacing
    /// before `; : ! ?`.
    ///
    /// ## Fix safety
    /// Removing the space is safe.
    pub const SPACE_BEFORE_PUNCTUATION = RuleMeta {
        code: "MT010",
        name: "space-before-punctuation",
        severity: Severity::Warning,
        summary: "A space before `,` `.` `;` `:` `!` or `?` (`the talks , he said`).",
    };
}

pub struct SpaceBeforePunctuation;

/// Characters that mark a line as code rather than prose.
const CODE_MARKS: &[char] = &['=', '{', '}', '<', '>', '_', '`', '\\', '|', '#', '&', '$'];

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

/// Whether a mark after token `prev` follows text directly: a word, a
/// number or a closing quote or bracket.
pub(super) fn follows_text(doc: &Document, prev: &Token) -> bool {
    match prev.kind() {
        TokenKind::Word | TokenKind::Number => true,
        TokenKind::Punct => is_closer(doc.token_text(prev)),
        _ => false,
    }
}

/// `, . ; : ! ?`: the marks this rule and its neighbours look for.
pub(super) const MARKS: &[u8] = b",.;:!?";

/// Whether `b` is one of [`MARKS`].
pub(super) fn is_mark(b: u8) -> bool {
    (b == b',') | (b == b'.') | (b == b';') | (b == b':') | (b == b'!') | (b == b'?')
}

impl Rule for SpaceBeforePunctuation {
    fn meta(&self) -> &RuleMeta {
        &SPACE_BEFORE_PUNCTUATION
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let bytes = text.as_bytes();
        let mut code = CodeLines::new(CODE_MARKS);
        let toks = &doc.tokens;
        // Every mark right after a space; the tokens decide the rest. `, .`
        // by their pairs with the space (far rarer than the marks), the
        // rarer `; : ! ?` by one scan that also counts French spacing.
        let mut count = FrenchCount::new(doc);
        let mut candidates = after_byte(bytes, b' ', b",.");
        for_each_byte_of(bytes, b";:!?", |at| {
            count.add(at);
            if at > 0 && bytes[at - 1] == b' ' {
                candidates.push(at);
            }
        });
        candidates.sort_unstable();
        let french = count.uses_french_spacing();
        let mut cursor = TokenCursor::new(toks);
        for at in candidates {
            let Some(k) = cursor.starting_at(at) else {
                continue;
            };
            if k < 2 {
                continue;
            }
            let (prev, space, mark) = (&toks[k - 2], &toks[k - 1], &toks[k]);
            if space.kind() != TokenKind::Space
                || space.span().len() != 1
                || mark.kind() != TokenKind::Punct
            {
                continue;
            }
            // The mark alone (a combining character may follow it).
            if doc.token_text(mark).len() != 1 {
                continue;
            }
            out.extend(judge(doc, prev, space, mark, &mut || french, &mut code));
        }
    }
}

/// The verdict on one candidate: the mark token `mark` (one of `, . ; : ! ?`)
/// after the single space `space` after `prev`. `french` says whether the
/// document uses French spacing (asked only when it matters).
fn judge(
    doc: &Document,
    prev: &Token,
    space: &Token,
    mark: &Token,
    french: &mut dyn FnMut() -> bool,
    code: &mut CodeLines,
) -> Option<Diagnostic> {
    let text = doc.text();
    let m = doc.token_text(mark);
    if !follows_text(doc, prev) {
        return None;
    }
    // What follows the mark: end, whitespace, a closer, or `?!`.
    let rest = &text[mark.span().end..];
    let next = rest.chars().next();
    let ends = next.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '"' | '”' | '’' | ')' | ']' | '»' | '!' | '?')
    });
    if !ends {
        return None; // `.NET`, `.com`, `,word`
    }
    if matches!(m, ":" | ";") && matches!(next, Some(')' | '(' | ']' | '[')) {
        return None; // :) ;(
    }
    if m == "." && rest.starts_with("..") {
        return None;
    }
    if m == ":"
        && prev.kind() == TokenKind::Number
        && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
    {
        return None; // 3 : 2
    }
    if matches!(m, ";" | ":" | "!" | "?") && french() {
        return None;
    }
    if code.is_code(doc, mark.span().start) {
        return None;
    }
    Some(
        SPACE_BEFORE_PUNCTUATION
            .diagnostic(
                Span::new(space.span().start, mark.span().end),
                format!("space before `{m}`"),
            )
            .with_fix(Fix::replace(Applicability::Safe, space.span(), "")),
    )
}

/// Whether `; : ! ?` after a word are mostly preceded by a space (French
/// typography), counted over the whole document.
#[cfg(test)]
fn uses_french_spacing(doc: &Document) -> bool {
    let mut count = FrenchCount::new(doc);
    for_each_byte_of(doc.text().as_bytes(), b";:!?", |at| count.add(at));
    count.uses_french_spacing()
}

/// The count behind French spacing: `; : ! ?` after a word with a space
/// before them and without, given the offset of every one of those marks
/// in the document, in order.
struct FrenchCount<'a> {
    bytes: &'a [u8],
    toks: &'a [Token],
    cursor: TokenCursor<'a>,
    spaced: usize,
    tight: usize,
}

impl<'a> FrenchCount<'a> {
    fn new(doc: &'a Document) -> FrenchCount<'a> {
        FrenchCount {
            bytes: doc.text().as_bytes(),
            toks: &doc.tokens,
            cursor: TokenCursor::new(&doc.tokens),
            spaced: 0,
            tight: 0,
        }
    }

    /// Counts the mark at byte `at`.
    fn add(&mut self, at: usize) {
        if at == 0 {
            return;
        }
        // The common cases from the bytes alone (the tokens are UAX #29
        // words). Between ASCII characters that are not both letters or
        // digits, the mark is a token of its own: UAX #29 joins `:` and `;`
        // only between those, and only a non-ASCII character can attach.
        // Then the character before it tells the token before it: a letter
        // belongs to a word, a line break to a newline token, other ASCII
        // punctuation but `_` is a punctuation token.
        let before = self.bytes[at - 1];
        let after = self.bytes.get(at + 1).copied().unwrap_or(b' ');
        let alnum = |b: u8| b.is_ascii_alphanumeric();
        if at >= 2 && before.is_ascii() && after.is_ascii() && !(alnum(before) && alnum(after)) {
            match before {
                b'a'..=b'z' | b'A'..=b'Z' => {
                    self.tight += 1;
                    return;
                }
                // One space after a letter is a token of its own.
                b' ' if self.bytes[at - 2].is_ascii_alphabetic() => {
                    self.spaced += 1;
                    return;
                }
                b'\n' | b'\r' => return,
                _ if before != b'_' && before.is_ascii_punctuation() => return,
                _ => {}
            }
        }
        let Some(i) = self.cursor.starting_at(at).filter(|&i| i >= 1) else {
            return;
        };
        if self.toks[i].kind() != TokenKind::Punct || self.toks[i].span().len() != 1 {
            return;
        }
        match self.toks[i - 1].kind() {
            TokenKind::Space if i >= 2 && self.toks[i - 2].is_word() => self.spaced += 1,
            TokenKind::Word => self.tight += 1,
            _ => {}
        }
    }

    /// Whether the document uses French spacing: the marks are mostly
    /// preceded by a space.
    fn uses_french_spacing(&self) -> bool {
        self.spaced >= 3 && self.spaced > self.tight
    }
}

/// Calls `f` on `count` texts glued from random `pieces` (a fixed seed), for
/// tests that a fast path agrees with the slow one it replaced.
#[cfg(test)]
pub(super) fn for_random_texts(pieces: &[&str], count: usize, mut f: impl FnMut(&str)) {
    let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
    let mut text = String::new();
    for _ in 0..count {
        text.clear();
        for _ in 0..1 + next(60) {
            text.push_str(pieces[next(pieces.len())]);
        }
        f(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::for_random_texts;
    use super::*;
    use crate::rules::test_support::{fixes, flags, passes};

    /// The token-by-token candidate loop the byte scan replaced, judging
    /// each candidate with the rule's own `judge` (what the test checks is
    /// the candidate search and the French-spacing count).
    fn reference(doc: &Document, out: &mut Vec<Diagnostic>) {
        let mut code = CodeLines::new(CODE_MARKS);
        let toks = &doc.tokens;
        let mut french: Option<bool> = None;
        for i in 1..toks.len().saturating_sub(1) {
            let (prev, space, mark) = (&toks[i - 1], &toks[i], &toks[i + 1]);
            if space.kind() != TokenKind::Space
                || doc.token_text(space) != " "
                || mark.kind() != TokenKind::Punct
                || !matches!(doc.token_text(mark), "," | "." | ";" | ":" | "!" | "?")
            {
                continue;
            }
            let mut french = || *french.get_or_insert_with(|| reference_french(doc));
            out.extend(judge(doc, prev, space, mark, &mut french, &mut code));
        }
    }

    fn reference_french(doc: &Document) -> bool {
        let (mut spaced, mut tight) = (0, 0);
        for (i, t) in doc.tokens.iter().enumerate().skip(1) {
            if t.kind() != TokenKind::Punct || !matches!(doc.token_text(t), ";" | ":" | "!" | "?") {
                continue;
            }
            match doc.tokens[i - 1].kind() {
                TokenKind::Space if i >= 2 && doc.tokens[i - 2].is_word() => spaced += 1,
                TokenKind::Word => tight += 1,
                _ => {}
            }
        }
        spaced >= 3 && spaced > tight
    }

    #[test]
    fn byte_scan_agrees_with_the_token_loop() {
        let pieces = [
            "word", "Word", "3", "12", " ", " ", "  ", "\t", "\n", ",", ".", ";", ":", "!", "?",
            "”", "\"", ")", "(", "]", "[", "=", "\u{a0}", "...", "é", "’", "U.S", "3.5", "1;2",
            "_", "3D", "\u{301}", "x:y", "\r\n", "/",
        ];
        // Spaced marks often enough to count as French typography.
        let french_pieces = [
            "mot", "mot ", "3", " ", " ", " ;", " :", " !", " ?", ";", ":", "!", "?", "\n", "_",
            "é", "\u{301}", ")", "::", "\t",
        ];
        let (mut found, mut frenchs) = (0, 0);
        let mut agree = |text: &str| {
            let doc = Document::from_text(text);
            let mut fast = Vec::new();
            SpaceBeforePunctuation.check(&doc, &mut fast);
            let mut slow = Vec::new();
            reference(&doc, &mut slow);
            assert_eq!(fast, slow, "on {text:?}");
            let french = uses_french_spacing(&doc);
            assert_eq!(french, reference_french(&doc), "on {text:?}");
            frenchs += usize::from(french);
            found += fast.len();
        };
        for_random_texts(&pieces, 8000, &mut agree);
        for_random_texts(&french_pieces, 4000, &mut agree);
        assert!(found > 100, "the texts should hold findings: {found}");
        assert!(frenchs > 100, "and French spacing: {frenchs}");
    }

    #[test]
    fn flags_a_space_before_each_mark() {
        flags(
            &SpaceBeforePunctuation,
            "the talks , he said . Fine.",
            &[" ,", " ."],
        );
        flags(
            &SpaceBeforePunctuation,
            "Why ? Because: yes; no! Go.",
            &[" ?"],
        );
        flags(&SpaceBeforePunctuation, "Yes ; and: fine! Go? No.", &[" ;"]);
        flags(
            &SpaceBeforePunctuation,
            "Note : fine! Go? No; yes.",
            &[" :"],
        );
        flags(&SpaceBeforePunctuation, "Stop ! Go? No; yes: now.", &[" !"]);
    }

    #[test]
    fn flags_after_a_closing_quote() {
        flags(
            &SpaceBeforePunctuation,
            "It was “absolutely perfect” .",
            &[" ."],
        );
    }

    #[test]
    fn removes_the_space() {
        fixes(
            &SpaceBeforePunctuation,
            "in Geneva , on Monday .",
            "in Geneva, on Monday.",
        );
    }

    #[test]
    fn passes_ellipses_and_dotted_names() {
        passes(
            &SpaceBeforePunctuation,
            "and so on ... We use .NET and the .com domain, at .5 percent.",
        );
    }

    #[test]
    fn passes_marks_after_other_marks_and_at_line_starts() {
        passes(
            &SpaceBeforePunctuation,
            "What? ! Really?\n. a dotted list\n, and so\n: a colon line",
        );
    }

    #[test]
    fn passes_emoticons_ratios_and_columns() {
        passes(
            &SpaceBeforePunctuation,
            "Nice :) and :-( at 3 : 2, a ratio.\nName    : value\nKey\t: value",
        );
    }

    #[test]
    fn passes_code_lines() {
        passes(
            &SpaceBeforePunctuation,
            "x = a ? b : c;\nif (x) { return y ; }",
        );
    }

    #[test]
    fn passes_consistent_french_spacing() {
        passes(
            &SpaceBeforePunctuation,
            "Il dit : oui ! Vraiment ? Oui ; enfin.",
        );
    }

    #[test]
    fn passes_no_break_spaces() {
        passes(&SpaceBeforePunctuation, "Il dit\u{a0}: oui\u{202f}!");
    }

    #[test]
    fn passes_normal_prose() {
        passes(
            &SpaceBeforePunctuation,
            "“Hi,” she said; then: “Go!” (He went.) The U.S. economy grew 3.5% in 2021 — see example.com.",
        );
    }
}
