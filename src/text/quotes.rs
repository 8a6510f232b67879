//! Every quotation-mark character with the position it stands in, decided
//! from its neighbours: before a word (opening position), after a word or
//! punctuation (closing position), between letters (inside a word, i.e. an
//! apostrophe for `’`/`'`), or alone. Rules decide what is wrong; this pass
//! only describes.

use super::scan::{for_each_selected, Block};
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuotePosition {
    /// Preceded by start, whitespace or an opening bracket; followed by text.
    Opening,
    /// Preceded by text; followed by end, whitespace or punctuation.
    Closing,
    /// Letters (or digits) on both sides: `don’t`, `O’Brien`.
    Inside,
    /// Whitespace or nothing on both sides.
    Isolated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QuoteMark {
    pub span: Span,
    pub ch: char,
    pub position: QuotePosition,
}

impl QuoteMark {
    /// Double-quote family (as opposed to single quotes and apostrophes).
    pub fn is_double(&self) -> bool {
        matches!(
            self.ch,
            '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '″' | '‶' | '〝' | '〞' | '＂'
        )
    }
}

/// Whether `c` is a quotation mark (or a prime or apostrophe that may serve as one).
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '„'
            | '‚'
            | '‟'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '″'
            | '‶'
            | '〝'
            | '〞'
            | '＂'
    )
}

/// Every byte a quotation mark can start with (the list [`is_lead`] is
/// tested against).
#[cfg(test)]
const LEADS: [u8; 6] = [b'"', b'\'', 0xC2, 0xE2, 0xE3, 0xEF];

/// Whether `b` is a byte a quotation mark can start with, as a test the
/// compiler vectorizes.
#[inline]
fn is_lead(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | 0xC2 | 0xE2 | 0xE3 | 0xEF)
}

/// Marks found before [`find_quotes`], if they are dense, counts how many
/// more there can be.
const DENSE: usize = 4096;

pub fn find_quotes(text: &str) -> Vec<QuoteMark> {
    let bytes = text.as_bytes();
    let mut out: Vec<QuoteMark> = Vec::new();
    // Every quote mark starts with `"` or `'` or, if it is not ASCII, one of
    // the bytes 0xC2 0xE2 0xE3 0xEF, tested only in the 64-byte blocks
    // that hold a non-ASCII byte (one in twenty in English prose). The
    // tests let `#` and `&` through too (0x23 and 0x26, with `"` 0x22 and
    // `'` 0x27), which `is_quote` drops.
    let classify = |b: &Block| {
        let ascii = b.any_of(&[(b'\'', 5)]);
        if b.non_ascii() == 0 {
            [ascii]
        } else {
            [ascii | b.any_of(&[(0xC2, 0), (0xE3, 1), (0xEF, 0)])]
        }
    };
    for_each_selected(
        bytes,
        classify,
        |h, _| h[0],
        |i| {
            // Every selected byte starts a char (none is a continuation).
            let Some((c, len)) = char_at(bytes, i) else {
                return;
            };
            if is_quote(c) {
                if out.len() == out.capacity() && out.len() >= DENSE && i < 16 * out.len() {
                    // Text thick with marks (one in 16 bytes or more, never
                    // prose): room for a mark at each lead byte left, so
                    // the vector grows once more instead of doubling into
                    // fresh memory again and again (page faults and copies
                    // cost more than finding the marks).
                    let leads = bytes[i..].iter().filter(|&&b| is_lead(b)).count();
                    out.reserve(leads);
                }
                // The char before: the previous mark's when it ends here
                // (text thick with marks), else decoded.
                let prev = match out.last() {
                    Some(m) if m.span.end == i => Some(m.ch),
                    _ => char_before(bytes, i),
                };
                out.push(QuoteMark {
                    span: Span::new(i, i + len),
                    ch: c,
                    position: position(prev, char_at(bytes, i + len).map(|(c, _)| c)),
                });
            }
        },
    );
    out
}

/// The char starting at byte `i` of `bytes` (valid UTF-8) and its length,
/// unless `i` is the end or inside a char.
#[inline(always)]
pub(crate) fn char_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let b0 = *bytes.get(i)?;
    if b0 < 0x80 {
        return Some((char::from(b0), 1));
    }
    let cont = |k: usize| u32::from(bytes[i + k] & 0x3F);
    let (c, len) = match b0 {
        0x80..=0xBF => return None,
        0xC0..=0xDF => ((u32::from(b0 & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => ((u32::from(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            (u32::from(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    };
    char::from_u32(c).map(|c| (c, len))
}

/// The char ending at byte `i` of `bytes` (valid UTF-8), `i` a char boundary.
#[inline(always)]
pub(crate) fn char_before(bytes: &[u8], i: usize) -> Option<char> {
    let last = *bytes[..i].last()?;
    if last < 0x80 {
        return Some(char::from(last));
    }
    let mut start = i - 1;
    while start > 0 && (bytes[start] as i8) < -0x40 {
        start -= 1;
    }
    char_at(bytes, start).map(|(c, _)| c)
}

fn position(prev: Option<char>, next: Option<char>) -> QuotePosition {
    // Each test once (they are pure); the order of the cases below is the
    // classification.
    // The cheap tests first (`is_whitespace` looks non-ASCII chars up in a
    // table; marks are mostly next to marks or ASCII).
    let opens_before = match prev {
        None => true,
        Some(c) => {
            is_quote(c)
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '\u{FEFF}')
                || c.is_whitespace()
        }
    };
    let next_alphanumeric = next.is_some_and(super::chars::is_alphanumeric);
    // Anything but a letter or digit closes, a quote mark included.
    let closes_after = match next {
        None => true,
        Some(c) => !next_alphanumeric || is_quote(c) || c.is_whitespace(),
    };
    let wordish_prev = prev.is_some_and(super::chars::is_alphanumeric);
    if wordish_prev && next_alphanumeric {
        QuotePosition::Inside
    } else if opens_before && !closes_after {
        QuotePosition::Opening
    } else if !opens_before && closes_after {
        QuotePosition::Closing
    } else if opens_before && closes_after {
        QuotePosition::Isolated
    } else {
        // Text on both sides but not letters: `word"(`, `."word`. Treat as
        // closing when text precedes, the common MT case (`partners".Baerbock`).
        QuotePosition::Closing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(text: &str) -> Vec<(char, QuotePosition)> {
        find_quotes(text)
            .into_iter()
            .map(|q| (q.ch, q.position))
            .collect()
    }

    #[test]
    fn classifies_by_neighbours() {
        use QuotePosition::*;
        assert_eq!(
            positions("“Hi,” she said"),
            vec![('“', Opening), ('”', Closing)]
        );
        assert_eq!(positions("don’t"), vec![('’', Inside)]);
        assert_eq!(positions("missiles“, as"), vec![('“', Closing)]);
        assert_eq!(positions("a \" b"), vec![('"', Isolated)]);
        assert_eq!(positions("(“x”)"), vec![('“', Opening), ('”', Closing)]);
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    #[test]
    fn char_at_and_before_decode_like_the_standard_library() {
        let text: String = (0..=0x10FFFFu32)
            .step_by(7)
            .filter_map(char::from_u32)
            .chain("a\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}“”😀".chars())
            .collect();
        let bytes = text.as_bytes();
        for i in 0..=bytes.len() {
            let at = text
                .get(i..)
                .and_then(|s| s.chars().next())
                .map(|c| (c, c.len_utf8()));
            assert_eq!(char_at(bytes, i), at, "{i}");
            if text.is_char_boundary(i) {
                assert_eq!(char_before(bytes, i), text[..i].chars().next_back(), "{i}");
            }
        }
    }

    /// The straightforward char-by-char scan the fast path must agree with.
    fn reference(text: &str) -> Vec<QuoteMark> {
        let mut out = Vec::new();
        let mut prev: Option<char> = None;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let next = iter.peek().map(|&(_, n)| n);
            if is_quote(c) {
                out.push(QuoteMark {
                    span: Span::new(i, i + c.len_utf8()),
                    ch: c,
                    position: position(prev, next),
                });
            }
            prev = Some(c);
        }
        out
    }

    /// `position` as first written, each neighbour test in every case.
    fn position_reference(prev: Option<char>, next: Option<char>) -> QuotePosition {
        let opens_before = |c: Option<char>| match c {
            None => true,
            Some(c) => {
                c.is_whitespace()
                    || matches!(c, '(' | '[' | '{' | '—' | '–' | '\u{FEFF}')
                    || is_quote(c)
            }
        };
        let closes_after = |c: Option<char>| match c {
            None => true,
            Some(c) => {
                c.is_whitespace()
                    || (!crate::text::chars::is_alphanumeric(c) && !is_quote(c))
                    || is_quote(c)
            }
        };
        let wordish = |c: Option<char>| c.is_some_and(crate::text::chars::is_alphanumeric);
        if wordish(prev) && wordish(next) {
            QuotePosition::Inside
        } else if opens_before(prev) && !closes_after(next) {
            QuotePosition::Opening
        } else if !opens_before(prev) && closes_after(next) {
            QuotePosition::Closing
        } else if opens_before(prev) && closes_after(next) {
            QuotePosition::Isolated
        } else {
            QuotePosition::Closing
        }
    }

    /// Every pair of neighbours from a set of telling characters (and
    /// none), and every char below U+3100 on either side of a few.
    #[test]
    fn position_agrees_with_the_reference() {
        let chars: Vec<Option<char>> = std::iter::once(None)
            .chain(
                "aZ09 \t\n\u{a0}\u{2003}([{—–\u{FEFF}\"'“”‘’„‚‟‛«»‹›″‶〝〞＂.,!?)é😀\u{301}\u{200b}ß_-"
                    .chars()
                    .map(Some),
            )
            .collect();
        for &p in &chars {
            for &n in &chars {
                assert_eq!(position(p, n), position_reference(p, n), "{p:?} {n:?}");
            }
        }
        for c in (0..0x3100).filter_map(char::from_u32) {
            for &o in &chars[..8] {
                assert_eq!(position(Some(c), o), position_reference(Some(c), o));
                assert_eq!(position(o, Some(c)), position_reference(o, Some(c)));
            }
        }
    }

    #[test]
    fn agrees_with_the_char_by_char_scan() {
        let pieces = [
            "a", "Z", " ", "\n", "\"", "'", "“", "”", "‘", "’", "„", "‚", "‟", "‛", "«", "»", "‹",
            "›", "″", "‶", "〝", "〞", "＂", "é", "—", "…", "€", "😀", "(", ".", "\u{1A}", "ß",
            "Ω",
        ];
        let mut seed = 12345u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 13) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            assert_eq!(find_quotes(&text), reference(&text), "{text:?}");
        }
        assert!((0..=255u8).all(|b| is_lead(b) == LEADS.contains(&b)));
        // Past `DENSE` marks, where the vector makes room for the rest.
        let text: String = (0..4 * DENSE)
            .map(|k| pieces[(k * 7 + k / 5) % pieces.len()])
            .collect();
        let found = find_quotes(&text);
        assert!(found.len() > 2 * DENSE);
        assert_eq!(found, reference(&text));
    }

    /// Texts of several 64-byte blocks, some ASCII only, some not.
    #[test]
    fn agrees_with_the_char_by_char_scan_on_long_texts() {
        let pieces = [
            "a", "word ", " ", "\n", "\"", "'", "#", "&", "“", "”", "’", "«", "»", "＂", "〝", "é",
            "—", "€",
        ];
        let mut next = crate::test_rng::below(0x5851_F42D_4C95_7F2D);
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..next(300) {
                // Mostly ASCII, so that whole blocks are.
                let k = next(pieces.len());
                text.push_str(pieces[if next(8) == 0 { k } else { k % 8 }]);
            }
            assert_eq!(find_quotes(&text), reference(&text), "{text:?}");
        }
    }
}
