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

/// 12 bytes: a file thick with marks holds one for every few bytes of
/// text, each page of them touched fresh (the span is worked out from the
/// start and the mark's length).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QuoteMark {
    /// Where the mark starts (shared passes stop at 4 GiB).
    start: u32,
    pub ch: char,
    pub position: QuotePosition,
    /// The [`Side`]s of the neighbours, left in bits 0-1 and right in
    /// bits 2-3 (in the struct's padding), so that the roles need not
    /// decode them again.
    sides: u8,
    /// The mark's length in bytes (also in the padding).
    len: u8,
}

/// The span of a mark kept as its start and its length in bytes (as
/// [`QuoteMark`] and the roled quotes keep it).
#[inline]
pub(crate) fn packed_span(start: u32, len: u8) -> Span {
    let start = start as usize;
    Span::new(start, start + usize::from(len))
}

impl QuoteMark {
    /// The mark's bytes.
    #[inline]
    pub fn span(&self) -> Span {
        packed_span(self.start, self.len)
    }

    /// How the char before the mark stands to it ([`left_side`]).
    #[inline]
    pub(crate) fn left(&self) -> Side {
        Side::from_bits(self.sides)
    }

    /// How the char after the mark stands to it ([`right_side`]).
    #[inline]
    pub(crate) fn right(&self) -> Side {
        Side::from_bits(self.sides >> 2)
    }

    /// Double-quote family (as opposed to single quotes and apostrophes).
    pub fn is_double(&self) -> bool {
        matches!(
            self.ch,
            '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '″' | '‶' | '〝' | '〞' | '＂'
        )
    }
}

/// Whether `c` is a quotation mark (or a prime or apostrophe that may serve as one).
pub const fn is_quote(c: char) -> bool {
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

/// How many bytes of `bytes` are [`is_lead`]: 64 at a time, as bit masks.
fn count_leads(bytes: &[u8]) -> usize {
    let blocks = bytes.chunks_exact(64);
    let tail = blocks.remainder().iter().filter(|&&b| is_lead(b)).count();
    let masks = blocks.map(|block| {
        let b = Block::new(block.try_into().unwrap_or(&[0; 64]));
        let ascii = b.any_of(&[(b'"', 0), (b'\'', 0)]);
        if b.non_ascii() == 0 {
            ascii
        } else {
            ascii | b.any_of(&[(0xC2, 0), (0xE3, 1), (0xEF, 0)])
        }
    });
    tail + masks.map(|m| m.count_ones() as usize).sum::<usize>()
}

/// Marks found before [`find_quotes`], if they are dense, counts how many
/// more there can be.
const DENSE: usize = 4096;

pub fn find_quotes(text: &str) -> Vec<QuoteMark> {
    // Marks start below 4 GiB, like tokens.
    let bytes = super::tokens::within_max_document(text).as_bytes();
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
    // The char after the last mark (its offset, the char, its length and
    // [`class_of`]), decoded once: in text thick with marks it is the next
    // mark, and the neighbour of the one after.
    let mut ahead: (usize, char, usize, u8) = (usize::MAX, ' ', 0, 0);
    // Where the last mark ended and its own class.
    let mut last: (usize, u8) = (usize::MAX, 0);
    for_each_selected(
        bytes,
        classify,
        |h, _| h[0],
        |i| {
            // Every selected byte starts a char (none is a continuation).
            let (c, len, class) = if ahead.0 == i {
                if ahead.3 & QUOTE == 0 {
                    return;
                }
                (ahead.1, ahead.2, ahead.3)
            } else {
                let Some((c, len)) = char_at(bytes, i) else {
                    return;
                };
                if !is_quote(c) {
                    return;
                }
                (c, len, class_of(c))
            };
            if out.len() == out.capacity() && out.len() >= DENSE && i < 16 * out.len() {
                // Text thick with marks (one in 16 bytes or more, never
                // prose): room for a mark at each lead byte left, so
                // the vector grows once more instead of doubling into
                // fresh memory again and again (page faults and copies
                // cost more than finding the marks).
                let leads = count_leads(&bytes[i..]);
                out.reserve(leads);
            }
            // The char before: the previous mark's when it ends here
            // (text thick with marks), else decoded.
            let prev = if last.0 == i {
                last.1
            } else {
                char_before(bytes, i).map_or(NONE, class_of)
            };
            let end = i + len;
            let next = match char_at(bytes, end) {
                Some((n, n_len)) => {
                    let k = class_of(n);
                    ahead = (end, n, n_len, k);
                    k
                }
                None => NONE,
            };
            last = (end, class);
            out.push(QuoteMark {
                start: i as u32,
                ch: c,
                position: position_of(prev, next),
                sides: sides_of(prev, next),
                len: len as u8,
            });
        },
    );
    out
}

/// How a mark's neighbour stands to it, for the roles: like a space (the
/// mark may open after it, or close before it), like text, or like
/// punctuation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Space = 0,
    Text = 1,
    Punct = 2,
}

impl Side {
    #[inline]
    fn from_bits(bits: u8) -> Side {
        match bits & 3 {
            0 => Side::Space,
            1 => Side::Text,
            _ => Side::Punct,
        }
    }
}

/// Bits of a char's class ([`class_of`]): a letter or digit.
const ALNUM: u8 = 1;
/// A mark after it stands in opening position: start, whitespace, an
/// opening bracket, a dash or a quote mark.
const OPENS: u8 = 2;
/// A quote mark ([`is_quote`]).
const QUOTE: u8 = 64;
/// Bits 2-3: the [`Side`] of the char before a mark ([`left_side`]).
const LEFT: u32 = 2;
/// Bits 4-5: the [`Side`] of the char after a mark ([`right_side`]).
const RIGHT: u32 = 4;
/// The class of the start or the end of the text.
const NONE: u8 = OPENS | (Side::Space as u8) << LEFT | (Side::Space as u8) << RIGHT;

/// The class of `c` from its properties (`alnum`, `ws`, `quote`: whether it
/// is alphanumeric, whitespace, a quote mark; at most one holds).
#[inline(always)]
const fn class_from(c: char, alnum: bool, ws: bool, quote: bool) -> u8 {
    let opens = quote || ws || matches!(c, '(' | '[' | '{' | '—' | '–' | '\u{FEFF}');
    let left = if matches!(
        c,
        '(' | '[' | '{' | '—' | '–' | '‘' | '“' | '„' | '«' | '\u{FEFF}'
    ) {
        Side::Space
    } else if alnum || c == '%' {
        Side::Text
    } else if ws {
        Side::Space
    } else {
        Side::Punct
    };
    let right = if alnum
        || matches!(
            c,
            '(' | '[' | '‘' | '\'' | '$' | '£' | '€' | '¿' | '¡' | '#' | '@' | '…'
        ) {
        Side::Text
    } else if ws {
        Side::Space
    } else {
        Side::Punct
    };
    (alnum as u8)
        | (opens as u8) << 1
        | (left as u8) << LEFT
        | (right as u8) << RIGHT
        | (quote as u8) << 6
}

/// [`class_of`] for each char below U+0100 (ASCII and Latin-1) and, from
/// [`PUNCTUATION`], each of General Punctuation (U+2000–U+206F), where
/// most quote marks are: a lookup instead of the tests.
static CLASSES: [u8; 256 + 0x70] = {
    let mut t = [0u8; 256 + 0x70];
    let mut k = 0;
    while k < t.len() {
        let c = if k < 256 {
            k as u32
        } else {
            PUNCTUATION + k as u32 - 256
        };
        let Some(c) = char::from_u32(c) else {
            panic!("every char below U+0100 or in U+2000..U+2070 is a scalar value")
        };
        let quote = is_quote(c);
        // `char::is_alphanumeric` and `char::is_whitespace` for these
        // chars (the tests compare them): General Punctuation holds no
        // letter or digit.
        let alnum = matches!(c,
            '0'..='9' | 'A'..='Z' | 'a'..='z'
            | 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼'..='¾'
            | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ');
        let ws = matches!(c,
            '\t'..='\r' | ' ' | '\u{85}' | '\u{A0}'
            | '\u{2000}'..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}');
        t[k] = class_from(c, alnum, ws, quote);
        k += 1;
    }
    t
};

/// The first char of General Punctuation, the second part of [`CLASSES`].
const PUNCTUATION: u32 = 0x2000;

/// What `c` tells a quote mark next to it: [`ALNUM`], [`OPENS`], [`QUOTE`]
/// and its [`Side`] on either hand. A table for Latin-1 and General
/// Punctuation; otherwise the cheap tests first (`is_whitespace` looks
/// non-ASCII chars up in a table, and no quote mark or letter is
/// whitespace).
#[inline(always)]
fn class_of(c: char) -> u8 {
    let u = c as u32;
    if u < 256 {
        return CLASSES[u as usize];
    }
    let punctuation = u.wrapping_sub(PUNCTUATION);
    if punctuation < 0x70 {
        return CLASSES[256 + punctuation as usize];
    }
    class_slow(c)
}

/// [`class_of`] by the tests.
#[inline(never)]
fn class_slow(c: char) -> u8 {
    let quote = is_quote(c);
    let alnum = !quote && super::chars::is_alphanumeric(c);
    let ws = !quote && !alnum && c.is_whitespace();
    class_from(c, alnum, ws, quote)
}

#[cfg(test)]
/// The class of `c`, or of the start or end of the text.
fn class_of_opt(c: Option<char>) -> u8 {
    c.map_or(NONE, class_of)
}

#[cfg(test)]
/// The [`Side`] of the char before a mark (`None`: the start).
pub(crate) fn left_side(c: Option<char>) -> Side {
    Side::from_bits(class_of_opt(c) >> LEFT)
}

#[cfg(test)]
/// The [`Side`] of the char after a mark (`None`: the end).
pub(crate) fn right_side(c: Option<char>) -> Side {
    Side::from_bits(class_of_opt(c) >> RIGHT)
}

/// [`QuoteMark::sides`] from the classes of the neighbours.
#[inline]
fn sides_of(prev: u8, next: u8) -> u8 {
    (prev >> LEFT & 3) | (next >> RIGHT & 3) << 2
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

#[cfg(test)]
fn position(prev: Option<char>, next: Option<char>) -> QuotePosition {
    position_of(class_of_opt(prev), class_of_opt(next))
}

/// The position of a mark from the classes of its neighbours.
#[inline]
fn position_of(prev: u8, next: u8) -> QuotePosition {
    // A letter or digit after the mark is the only thing that does not
    // close (no quote mark or whitespace is one).
    let next_alphanumeric = next & ALNUM != 0;
    let opens_before = prev & OPENS != 0;
    if next_alphanumeric {
        if prev & ALNUM != 0 {
            QuotePosition::Inside
        } else if opens_before {
            QuotePosition::Opening
        } else {
            // Text on both sides but not letters: `."word`. Treat as
            // closing when text precedes, the common MT case
            // (`partners".Baerbock`).
            QuotePosition::Closing
        }
    } else if opens_before {
        QuotePosition::Isolated
    } else {
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

    /// The tables answer as the tests do, for every scalar value, and the
    /// tests as the standard library's classes do.
    #[test]
    fn classes_agree_with_the_tests_on_every_scalar_value() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let class = class_of(c);
            assert_eq!(class, class_slow(c), "{c:?}");
            assert_eq!(class & ALNUM != 0, c.is_alphanumeric(), "{c:?}");
            assert_eq!(class & QUOTE != 0, is_quote(c), "{c:?}");
            let opens = c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '\u{FEFF}')
                || is_quote(c);
            assert_eq!(class & OPENS != 0, opens, "{c:?}");
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
                    start: i as u32,
                    ch: c,
                    position: position(prev, next),
                    sides: left_side(prev) as u8 | (right_side(next) as u8) << 2,
                    len: c.len_utf8() as u8,
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
            let found = find_quotes(&text);
            assert_eq!(found, reference(&text), "{text:?}");
            // Each span, worked out from the start, covers its mark.
            for m in &found {
                assert_eq!(text[m.span().range()].chars().collect::<Vec<_>>(), [m.ch]);
            }
        }
        // Packed into 12 bytes.
        assert_eq!(std::mem::size_of::<QuoteMark>(), 12);
        assert!((0..=255u8).all(|b| is_lead(b) == LEADS.contains(&b)));
        // Lead bytes counted by blocks, for every length around a block.
        let all: Vec<u8> = (0..=255u8).cycle().take(700).collect();
        for start in 0..3 {
            for len in 0..all.len() - start {
                let bytes = &all[start..start + len];
                let want = bytes.iter().filter(|&&b| LEADS.contains(&b)).count();
                assert_eq!(count_leads(bytes), want, "{start} {len}");
            }
        }
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
