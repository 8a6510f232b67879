//! Sentence and paragraph boundaries over the shared tokens.
//! A sentence ends at `.`, `!`, `?` or `…` (plus closing quotes and
//! brackets) before whitespace, unless the period belongs to a title
//! (`Dr.`), an initial (`J.`), a Latin abbreviation (`e.g.`), or an
//! abbreviation (`U.S.`, `a.m.`, `etc.`) or ellipsis followed by a
//! lowercase word. A lowercase word after any other period *does* start a
//! new sentence: that is exactly the MT artifact `he said. the head`.
//! A blank line always ends a sentence and a paragraph.

use super::tokens::{BreaksAndMarks, Token, TokenKind};
use crate::source::{LineIndex, Span};
use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Indices into the document's tokens, from the first non-space token
    /// to one past the last.
    pub tokens: Range<usize>,
}

/// Titles and Latin abbreviations after which a period never ends a sentence.
const NEVER_ENDS: &[&str; 33] = &[
    "Adm", "Capt", "Col", "Cmdr", "Dr", "Drs", "Fr", "Gen", "Gov", "Hon", "Lt", "Maj", "Messrs",
    "Mr", "Mrs", "Ms", "Mt", "Pres", "Prof", "Rep", "Reps", "Rev", "Sen", "Sens", "Sgt", "Sr",
    "St", "Supt", "cf", "e.g", "i.e", "viz", "vs",
];

/// Abbreviations that end a sentence only when a capitalised word follows.
const MAY_END: &[&str; 37] = &[
    "Apr", "Aug", "Ave", "Blvd", "Co", "Corp", "Dec", "Dept", "Est", "Feb", "Fig", "Inc", "Jan",
    "Jr", "Jul", "Jun", "Ltd", "Mar", "No", "Nos", "Nov", "Oct", "Rd", "Sep", "Sept", "approx",
    "ca", "ed", "eds", "et al", "etc", "fig", "no", "op", "pp", "vol", "vols",
];

pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‽')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '″'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '„' | '(' | '[' | '{' | '″'
    )
}

fn first_char(text: &str, t: &Token) -> char {
    text[t.span().range()].chars().next().unwrap_or(' ')
}

/// Number of line breaks in a whitespace token (`\r\n` counts once).
pub fn line_breaks(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let b = text.as_bytes();
    // Prose has a sentence every forty tokens or so: sized up front, the
    // vector is not regrown (and copied) a dozen times per document.
    let mut out = Vec::with_capacity(tokens.len() / 32 + 1);
    // Tokens before `from` are in closed sentences; a sentence is closed
    // from its first to its last content token, found only then, so the
    // loop visits only line breaks and punctuation, which alone can end
    // a sentence.
    let mut from = 0;
    let mut candidates = BreaksAndMarks::new(tokens);
    let mut i = 0;
    while let Some(next) = candidates.next_from(i) {
        i = next;
        let t = &tokens[i];
        match t.kind() {
            // Two line breaks take two bytes.
            TokenKind::Newline if t.len() >= 2 && line_breaks(&text[t.span().range()]) >= 2 => {
                close(&mut out, tokens, from, i);
                from = i + 1;
            }
            TokenKind::Punct if starts_terminal(b, t) => {
                let mut j = i + 1;
                while j < tokens.len()
                    && tokens[j].kind() == TokenKind::Punct
                    && (is_terminal(first_char(text, &tokens[j]))
                        || is_closer(first_char(text, &tokens[j])))
                {
                    j += 1;
                }
                if (j == tokens.len() || tokens[j].is_space()) && ends_sentence(text, tokens, i, j)
                {
                    close(&mut out, tokens, from, j);
                    from = j;
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    close(&mut out, tokens, from, tokens.len());
    out
}

/// Whether a token counts towards a sentence (white space and control or
/// format characters do not).
fn is_content(t: &Token) -> bool {
    !matches!(
        t.kind(),
        TokenKind::Space | TokenKind::Newline | TokenKind::Other
    )
}

/// Appends the sentence from the first to the last content token of
/// `tokens[from..to]`, if there is one.
fn close(out: &mut Vec<Sentence>, tokens: &[Token], from: usize, to: usize) {
    let Some(first) = tokens[from..to].iter().position(is_content) else {
        return;
    };
    let s = from + first;
    let e = s + tokens[s..to].iter().rposition(is_content).unwrap_or(0);
    out.push(Sentence {
        span: Span::new(tokens[s].start(), tokens[e].end()),
        tokens: s..e + 1,
    });
}

/// `is_terminal(first_char(text, t))` from the token's first bytes.
#[inline]
fn starts_terminal(b: &[u8], t: &Token) -> bool {
    let s = t.start();
    !t.is_empty()
        && match b.get(s) {
            Some(b'.' | b'!' | b'?') => true,
            // `…` U+2026 and `‽` U+203D.
            Some(0xE2) => matches!(b.get(s + 1..s + 3), Some([0x80, 0xA6 | 0xBD])),
            _ => false,
        }
}

/// Whether terminal punctuation at token `i` (with closers up to `j`) ends a sentence.
fn ends_sentence(text: &str, tokens: &[Token], i: usize, j: usize) -> bool {
    let c = first_char(text, &tokens[i]);
    let ellipsis = c == '…'
        || (c == '.' && i + 1 < j && first_char(text, &tokens[i + 1]) == '.')
        || (c == '.'
            && i > 0
            && tokens[i - 1].kind() == TokenKind::Punct
            && first_char(text, &tokens[i - 1]) == '.');
    if ellipsis {
        return next_is_capitalised(text, tokens, j);
    }
    if c != '.' || i == 0 {
        return true;
    }
    let prev = &tokens[i - 1];
    if !prev.is_word() {
        return true;
    }
    let word = &text[prev.span().range()];
    let key = word_key(word);
    if key.is_some_and(|k| NEVER_ENDS_KEYS.binary_search(&k).is_ok()) {
        return false;
    }
    let mut chars = word.chars();
    let single_capital =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    if single_capital {
        // An initial: "J. R. R. Tolkien".
        return false;
    }
    if word.contains('.') || key.is_some_and(|k| MAY_END_KEYS.binary_search(&k).is_ok()) {
        return next_is_capitalised(text, tokens, j);
    }
    true
}

/// A word of at most seven bytes as a number: its length in the low byte,
/// then its bytes. Longer words are in neither list.
fn word_key(word: &str) -> Option<u64> {
    let w = word.as_bytes();
    if w.len() > 7 {
        return None;
    }
    let mut k = [0u8; 8];
    k[0] = w.len() as u8;
    k[1..=w.len()].copy_from_slice(w);
    Some(u64::from_le_bytes(k))
}

/// [`word_key`] of each word of a list, sorted for binary search.
const fn sorted_keys<const N: usize>(list: &[&str; N]) -> [u64; N] {
    let mut keys = [0u64; N];
    let mut i = 0;
    while i < N {
        let w = list[i].as_bytes();
        assert!(w.len() <= 7);
        let mut k = w.len() as u64;
        let mut j = 0;
        while j < w.len() {
            k |= (w[j] as u64) << (8 * (j + 1));
            j += 1;
        }
        keys[i] = k;
        i += 1;
    }
    // Insertion sort.
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
}

static NEVER_ENDS_KEYS: [u64; NEVER_ENDS.len()] = sorted_keys(NEVER_ENDS);
static MAY_END_KEYS: [u64; MAY_END.len()] = sorted_keys(MAY_END);

/// The next word after `j` (skipping whitespace and opening marks) starts with a capital.
fn next_is_capitalised(text: &str, tokens: &[Token], j: usize) -> bool {
    for t in &tokens[j.min(tokens.len())..] {
        match t.kind() {
            TokenKind::Space | TokenKind::Other => continue,
            TokenKind::Newline => {
                if line_breaks(&text[t.span().range()]) >= 2 {
                    return true;
                }
                continue;
            }
            TokenKind::Punct if is_opener(first_char(text, t)) => continue,
            TokenKind::Word => return first_char(text, t).is_uppercase(),
            _ => return false,
        }
    }
    true
}

/// Paragraphs: maximal runs of non-blank lines.
pub fn split_paragraphs(text: &str, lines: &LineIndex) -> Vec<Span> {
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    for line in 0..lines.line_count() {
        let content = lines.line_content(text, line);
        let blank = text[content.range()]
            .chars()
            .all(|c| c.is_whitespace() || c == '\u{FEFF}');
        if blank {
            if let Some(p) = current.take() {
                out.push(p);
            }
        } else {
            current = Some(match current {
                Some(p) => Span::new(p.start, content.end),
                None => content,
            });
        }
    }
    if let Some(p) = current {
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;

    fn sentences(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        split_sentences(text, &tokens)
            .into_iter()
            .map(|s| &text[s.span.range()])
            .collect()
    }

    /// The splitter before it learned to skip tokens: the reference.
    fn reference_split(text: &str, tokens: &[Token]) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut last_content = 0;
        let close = |out: &mut Vec<Sentence>, start: &mut Option<usize>, end: usize| {
            if let Some(s) = start.take() {
                out.push(Sentence {
                    span: Span::new(tokens[s].span().start, tokens[end - 1].span().end),
                    tokens: s..end,
                });
            }
        };
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            match t.kind() {
                TokenKind::Newline => {
                    if line_breaks(&text[t.span().range()]) >= 2 {
                        close(&mut out, &mut start, last_content + 1);
                    }
                    i += 1;
                    continue;
                }
                TokenKind::Space | TokenKind::Other => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            if start.is_none() {
                start = Some(i);
            }
            last_content = i;
            if t.kind() == TokenKind::Punct && is_terminal(first_char(text, t)) {
                let mut j = i + 1;
                while j < tokens.len()
                    && tokens[j].kind() == TokenKind::Punct
                    && (is_terminal(first_char(text, &tokens[j]))
                        || is_closer(first_char(text, &tokens[j])))
                {
                    j += 1;
                }
                if (j == tokens.len() || tokens[j].is_space()) && reference_ends(text, tokens, i, j)
                {
                    close(&mut out, &mut start, j);
                }
                last_content = j - 1;
                i = j;
                continue;
            }
            i += 1;
        }
        close(&mut out, &mut start, last_content + 1);
        out
    }

    fn reference_ends(text: &str, tokens: &[Token], i: usize, j: usize) -> bool {
        let c = first_char(text, &tokens[i]);
        let ellipsis = c == '…'
            || (c == '.' && i + 1 < j && first_char(text, &tokens[i + 1]) == '.')
            || (c == '.'
                && i > 0
                && tokens[i - 1].kind() == TokenKind::Punct
                && first_char(text, &tokens[i - 1]) == '.');
        if ellipsis {
            return next_is_capitalised(text, tokens, j);
        }
        if c != '.' || i == 0 {
            return true;
        }
        let prev = &tokens[i - 1];
        if !prev.is_word() {
            return true;
        }
        let word = &text[prev.span().range()];
        if NEVER_ENDS.contains(&word) {
            return false;
        }
        let mut chars = word.chars();
        if matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase()) {
            return false;
        }
        if word.contains('.') || MAY_END.contains(&word) {
            return next_is_capitalised(text, tokens, j);
        }
        true
    }

    #[test]
    fn every_listed_abbreviation_is_found_and_no_other_word() {
        for w in NEVER_ENDS.iter().chain(MAY_END) {
            let k = word_key(w);
            assert!(k.is_some(), "{w}");
            let k = k.unwrap();
            assert_eq!(
                NEVER_ENDS_KEYS.binary_search(&k).is_ok(),
                NEVER_ENDS.contains(w),
                "{w}"
            );
            assert_eq!(
                MAY_END_KEYS.binary_search(&k).is_ok(),
                MAY_END.contains(w),
                "{w}"
            );
        }
        for w in [
            "", "D", "DR", "dr", "Drs.", "Mrs\0", "Messrsx", "Inc\0", "vol ", "e.g.",
        ] {
            let k = word_key(w);
            assert!(
                k.is_none_or(|k| NEVER_ENDS_KEYS.binary_search(&k).is_err()
                    && MAY_END_KEYS.binary_search(&k).is_err()),
                "{w:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_the_reference_splitter(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Dr", "e.g", "etc", "Inc", "U.S", "J", "the", "The", "word", "3.5", "Mr",
                    "vs", "approx", "Messrs", ".", ".", "...", "…", "‽", "!", "?", "\"", "'",
                    "”", "’", "»", ")", "]", "“", "(", "«", " ", " ", "  ", "\n", "\n\n",
                    "\r\n\r\n", "\r\r", " \n \n ", "\u{feff}", "\u{200b}", "\u{2028}",
                    "é", ",", "-", "\x01",
                ]),
                0..50,
            )
        ) {
            let text: String = parts.concat();
            let tokens = tokenize(&text);
            proptest::prop_assert_eq!(
                split_sentences(&text, &tokens),
                reference_split(&text, &tokens)
            );
        }
    }

    #[test]
    fn splits_on_period_question_and_exclamation() {
        assert_eq!(
            sentences("One. Two? Three! Four"),
            vec!["One.", "Two?", "Three!", "Four"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            sentences("Dr. Smith met J. R. R. Tolkien at 10 a.m. on Friday, e.g. at home. The U.S. team won."),
            vec!["Dr. Smith met J. R. R. Tolkien at 10 a.m. on Friday, e.g. at home.", "The U.S. team won."]
        );
    }

    #[test]
    fn abbreviation_before_capital_ends_sentence() {
        assert_eq!(
            sentences("He moved to the U.S. Then he left."),
            vec!["He moved to the U.S.", "Then he left."]
        );
    }

    #[test]
    fn lowercase_after_plain_period_is_a_new_sentence() {
        assert_eq!(
            sentences("he said. the head of diplomacy"),
            vec!["he said.", "the head of diplomacy"]
        );
    }

    #[test]
    fn ellipsis_before_lowercase_continues() {
        assert_eq!(
            sentences("Well... maybe not. Yes… and no."),
            vec!["Well... maybe not.", "Yes… and no."]
        );
    }

    #[test]
    fn closing_quote_belongs_to_the_sentence() {
        assert_eq!(sentences("“Go.” She left."), vec!["“Go.”", "She left."]);
    }

    #[test]
    fn decimals_urls_and_emails_do_not_split() {
        assert_eq!(
            sentences("It rose 3.5 percent, see example.com or mail a@b.org now. Next."),
            vec![
                "It rose 3.5 percent, see example.com or mail a@b.org now.",
                "Next."
            ]
        );
    }

    #[test]
    fn blank_line_ends_sentence_and_paragraph() {
        let text = "A title\n\nBody text\ncontinues.\r\n\r\nLast";
        assert_eq!(
            sentences(text),
            vec!["A title", "Body text\ncontinues.", "Last"]
        );
        let lines = LineIndex::new(text);
        let paras: Vec<&str> = split_paragraphs(text, &lines)
            .into_iter()
            .map(|s| &text[s.range()])
            .collect();
        assert_eq!(paras, vec!["A title", "Body text\ncontinues.", "Last"]);
    }
}
