//! Words, numbers, punctuation and whitespace with byte spans, in one pass
//! over the text using Unicode word boundaries (UAX #29), so `U.S`,
//! `don’t`, `3.5` and `example.com` each stay one token.

use crate::source::Span;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum TokenKind {
    /// Contains at least one letter: `word`, `U.S`, `don’t`, `3D`.
    Word = 0,
    /// Digits, possibly with inner `.`/`,`: `3.5`, `1,200`.
    Number = 1,
    /// Horizontal whitespace.
    Space = 2,
    /// Whitespace containing at least one line break.
    Newline = 3,
    /// One punctuation or symbol character (quotes included).
    Punct = 4,
    /// Control and format characters (BOM, U+001A for invalid bytes, ...).
    Other = 5,
}

/// One token in eight bytes: its start, and one word packing its length
/// (the low 24 bits), kind (3 bits) and [`shape`] bits (4 bits). About
/// fifteen rules stream the whole token array, and at 0.37 tokens a byte a
/// 1 MiB window's array is larger than a core's L2 cache, so its size is
/// memory traffic. Documents are at most [`MAX_DOCUMENT`] bytes; a token
/// longer than [`MAX_TOKEN`] bytes is cut into pieces of that length at
/// most, of the same kind and shape (the CLI's windows are far smaller).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    start: u32,
    meta: u32,
}

const LEN_MASK: u32 = (1 << 24) - 1;
const KIND_SHIFT: u32 = 24;
const SHAPE_SHIFT: u32 = 27;

/// The longest token (see [`Token`]).
pub const MAX_TOKEN: usize = LEN_MASK as usize;

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("span", &self.span())
            .field("kind", &self.kind())
            .field("shape", &self.shape())
            .finish()
    }
}

/// Byte-shape bits of a token ([`Token::shape`]).
pub mod shape {
    /// Every byte is an ASCII lowercase letter: `word`.
    pub const LOWER: u8 = 1;
    /// Some byte is an ASCII capital: `Word`, `iPhone`, `U.S`.
    pub const HAS_UPPER: u8 = 2;
    /// Every byte is an ASCII letter: `Word`, `word`, `WORD`.
    pub const LETTERS: u8 = 4;
    /// Some byte is not ASCII: `café`, `don’t`.
    pub const NON_ASCII: u8 = 8;

    /// The shape bits of `bytes` (non-empty).
    pub fn of(bytes: &[u8]) -> u8 {
        let mut bits = LOWER | LETTERS;
        for &b in bytes {
            if !b.is_ascii_lowercase() {
                bits &= !LOWER;
            }
            if !b.is_ascii_alphabetic() {
                bits &= !LETTERS;
            }
            if b.is_ascii_uppercase() {
                bits |= HAS_UPPER;
            }
            if !b.is_ascii() {
                bits |= NON_ASCII;
            }
        }
        if bytes.is_empty() {
            0
        } else {
            bits
        }
    }
}

/// The longest text [`tokenize`] takes; longer text is cut at a char
/// boundary before it (the CLI checks large files in windows far smaller).
pub const MAX_DOCUMENT: usize = u32::MAX as usize;

/// `text` cut at the last char boundary within [`MAX_DOCUMENT`] bytes: what
/// the shared passes that keep 32-bit offsets (tokens, quote marks) read.
pub fn within_max_document(text: &str) -> &str {
    let mut cut = text.len().min(MAX_DOCUMENT);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

impl Token {
    #[inline(always)]
    fn pack(start: usize, len: usize, kind: TokenKind, shape: u8) -> Token {
        debug_assert!(start + len <= MAX_DOCUMENT && len <= MAX_TOKEN && shape < 16);
        Token {
            start: start as u32,
            meta: len as u32 | (kind as u32) << KIND_SHIFT | (shape as u32) << SHAPE_SHIFT,
        }
    }
    /// The token's kind.
    #[inline(always)]
    pub fn kind(&self) -> TokenKind {
        match (self.meta >> KIND_SHIFT) & 7 {
            0 => TokenKind::Word,
            1 => TokenKind::Number,
            2 => TokenKind::Space,
            3 => TokenKind::Newline,
            4 => TokenKind::Punct,
            _ => TokenKind::Other,
        }
    }
    fn set_kind(&mut self, kind: TokenKind) {
        self.meta = self.meta & !(7 << KIND_SHIFT) | (kind as u32) << KIND_SHIFT;
    }
    /// Moves the token's end to `end` (at most [`MAX_TOKEN`] bytes after
    /// its start).
    fn set_end(&mut self, end: usize) {
        debug_assert!(end - self.start() <= MAX_TOKEN);
        self.meta = self.meta & !LEN_MASK | (end - self.start()) as u32;
    }
    fn add_shape(&mut self, shape: u8) {
        self.meta |= (shape as u32) << SHAPE_SHIFT;
    }
    /// The [`shape`] bits of the token's bytes.
    #[inline]
    pub fn shape(&self) -> u8 {
        (self.meta >> SHAPE_SHIFT) as u8
    }
    /// Whether the token has every one of the [`shape`] `bits`.
    #[inline]
    pub fn has_shape(&self, bits: u8) -> bool {
        self.shape() & bits == bits
    }
    /// The token's byte range in the document.
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start(), self.end())
    }
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }
    #[inline]
    pub fn end(&self) -> usize {
        self.start() + self.len()
    }
    #[inline]
    pub fn len(&self) -> usize {
        (self.meta & LEN_MASK) as usize
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    #[inline]
    pub fn is_word(&self) -> bool {
        self.meta >> KIND_SHIFT & 7 == TokenKind::Word as u32
    }
    #[inline]
    pub fn is_space(&self) -> bool {
        matches!(self.kind(), TokenKind::Space | TokenKind::Newline)
    }
}

/// Tokenizes `text`. Runs of plain ASCII take a fast path that yields
/// exactly the tokens of the UAX #29 path ([`tokenize_uax29`]); any stretch
/// holding a non-ASCII character goes through UAX #29 itself, cut at points
/// where UAX #29 always breaks (ASCII whitespace followed by ASCII non-space),
/// so the result is identical for every input. Curly quotes, guillemets,
/// primes, dashes and the ellipsis between ASCII text also take the fast
/// path (see [`standalone_at`]).
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_with_runs(text, &super::non_ascii_runs(text.as_bytes()))
}

/// [`tokenize`], given the text's [`non_ascii_runs`](super::non_ascii_runs).
pub fn tokenize_with_runs(text: &str, non_ascii: &[Span]) -> Vec<Token> {
    let text = within_max_document(text);
    let b = text.as_bytes();
    let n = b.len();
    // Prose has about 0.37 tokens a byte (a word and a space every 5.5
    // bytes): n/3 fell short and doubled the vector, copying it, near the
    // end of every document. Pages never written are never touched.
    let mut tokens = Vec::with_capacity(n / 2);
    let mut high = super::NonAsciiCursor::new(non_ascii);
    let mut pos = 0;
    while pos < n {
        let Some(q) = high.next_from(pos).filter(|&q| q < n) else {
            ascii_tokens(b, pos, n, &mut tokens);
            break;
        };
        if let Some(len) = standalone_at(b, q) {
            if pos < q {
                ascii_tokens(b, pos, q, &mut tokens);
            }
            // This mark and every one right after it (`“““`, `»″`), each
            // a punctuation token of its own ([`push`] merges only white
            // space). `standalone_at` checked what follows each; a mark
            // is read once, as the follower and then as the mark.
            let (mut at, mut len) = (q, len);
            let mut follower = standalone_len(b, q + len);
            loop {
                let kind = standalone_kind(b, at, len);
                tokens.push(Token::pack(at, len, kind, shape::NON_ASCII));
                at += len;
                let Some(next) = follower else { break };
                let after = at + next;
                follower = standalone_len(b, after);
                if !(after == n || b[after] < 0x80 || follower.is_some()) {
                    break;
                }
                len = next;
            }
            pos = at;
            continue;
        }
        // The last safe cut at or before the non-ASCII byte.
        let a = (pos + 1..q)
            .rev()
            .find(|&p| is_safe_cut(b, p))
            .unwrap_or(pos);
        ascii_tokens(b, pos, a, &mut tokens);
        // The first safe cut after it.
        let end = (q + 1..n).find(|&p| is_safe_cut(b, p)).unwrap_or(n);
        uax29_tokens(&text[a..end], a, &mut tokens);
        pos = end;
    }
    tokens
}

/// The reference tokenizer: UAX #29 word boundaries over the whole text.
#[doc(hidden)]
pub fn tokenize_uax29(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 3);
    uax29_tokens(text, 0, &mut tokens);
    tokens
}

fn uax29_tokens(text: &str, offset: usize, tokens: &mut Vec<Token>) {
    for (start, piece) in text.split_word_bound_indices() {
        let (kind, shape) = (classify(piece), shape::of(piece.as_bytes()));
        if piece.len() > MAX_TOKEN {
            push_long(tokens, piece.as_bytes(), offset + start, kind, shape);
            continue;
        }
        let span = Span::new(offset + start, offset + start + piece.len());
        push(tokens, span, kind, shape);
    }
}

/// Appends a token longer than [`MAX_TOKEN`], whose bytes are `bytes`
/// from offset `at`, as pieces of that length at most, cut at char
/// boundaries (never before a UTF-8 continuation byte).
#[cold]
fn push_long(tokens: &mut Vec<Token>, bytes: &[u8], at: usize, kind: TokenKind, shape: u8) {
    let mut start = 0;
    while start < bytes.len() {
        let mut end = (start + MAX_TOKEN).min(bytes.len());
        while end < bytes.len() && bytes[end] & 0xC0 == 0x80 {
            end -= 1;
        }
        tokens.push(Token::pack(at + start, end - start, kind, shape));
        start = end;
    }
}

/// Characters that UAX #29 word-break rules treat as Other (no rule joins
/// it to anything, WB999): the punctuation `“ ” „ ‟ « » ‹ › ′ ″ – — …`
/// and the zero-width space U+200B. Not `‘ ’`, which are MidNumLet
/// (`don’t`), nor the joiners U+200C and U+200D (Extend, ZWJ).
#[inline]
fn standalone_len(b: &[u8], at: usize) -> Option<usize> {
    match *b.get(at)? {
        0xC2 => matches!(b.get(at + 1), Some(0xAB | 0xBB)).then_some(2),
        0xE2 => (b.get(at + 1) == Some(&0x80)
            && matches!(
                b.get(at + 2),
                Some(
                    0x8B | 0x93
                        | 0x94
                        | 0x9C
                        | 0x9D
                        | 0x9E
                        | 0x9F
                        | 0xA6
                        | 0xB2
                        | 0xB3
                        | 0xB9
                        | 0xBA
                )
            ))
        .then_some(3),
        _ => None,
    }
}

/// The kind of the [`standalone_len`] character of `len` bytes at `at`:
/// the zero-width space is a format character (what [`classify`] gives
/// it), the rest are punctuation.
#[inline]
fn standalone_kind(b: &[u8], at: usize, len: usize) -> TokenKind {
    if len == 3 && b[at + 2] == 0x8B {
        TokenKind::Other
    } else {
        TokenKind::Punct
    }
}

/// The length of a [`standalone_len`] mark at `at` that is a token of its
/// own: UAX #29 breaks before it always, and after it unless an Extend,
/// Format or ZWJ character follows (WB4), so the next character must be
/// ASCII, another such mark, or the end of the text. Text after it then
/// segments as from the start of a text: no rule looks back past an Other.
fn standalone_at(b: &[u8], at: usize) -> Option<usize> {
    let len = standalone_len(b, at)?;
    let next = at + len;
    (next == b.len() || b[next] < 0x80 || standalone_len(b, next).is_some()).then_some(len)
}

/// Appends a token, merging adjacent whitespace: UAX #29 keeps "\r\n"
/// together but splits runs of newlines and of spaces around them.
#[inline]
fn push(tokens: &mut Vec<Token>, span: Span, kind: TokenKind, shape: u8) {
    if let Some(last) = tokens.last_mut() {
        if is_ws(kind) && is_ws(last.kind()) && span.end - last.start() <= MAX_TOKEN {
            last.set_end(span.end);
            // White space has no LOWER or LETTERS bit to lose.
            last.add_shape(shape);
            if kind == TokenKind::Newline {
                last.set_kind(TokenKind::Newline);
            }
            return;
        }
    }
    tokens.push(Token::pack(span.start, span.len(), kind, shape));
}

/// A position where UAX #29 always breaks, whatever surrounds it: after an
/// ASCII whitespace character and before an ASCII non-whitespace one (no
/// rule joins whitespace to a following letter, digit or punctuation mark,
/// and no rule looks back across whitespace).
#[inline]
fn is_safe_cut(b: &[u8], p: usize) -> bool {
    p < b.len() && b[p] < 0x80 && !is_ascii_ws(b[p]) && is_ascii_ws(b[p - 1])
}

/// `char::is_whitespace` for ASCII: tab, line feed, vertical tab, form
/// feed, carriage return, space.
#[inline]
const fn is_ascii_ws(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ')
}

/// Byte classes for the ASCII fast path, one table lookup per byte.
/// The low three bits are arranged so that a word's [`shape`] is
/// `(flags ^ (NOT_LOWER | NOT_ALPHA)) & 7` once the bits of its bytes are
/// or-ed together: a byte that is no ASCII lowercase letter, an ASCII
/// capital, a byte that is no ASCII letter.
const NOT_LOWER: u16 = 1;
const UPPER: u16 = 2;
const NOT_ALPHA: u16 = 4;
/// Letters, digits and `_` (UAX #29 ALetter, Numeric, ExtendNumLet): any two
/// adjacent ones stay in one token (WB5, WB8-WB10, WB13a/b).
const WORD: u16 = 8;
const ALPHA: u16 = 16;
const DIGIT: u16 = 32;
const WS: u16 = 64;
const NL: u16 = 128;
/// `:`, `.` and `'`, which may join two letters (WB6/WB7).
const MID_LETTER: u16 = 256;
const _: () = assert!(
    NOT_LOWER == shape::LOWER as u16
        && UPPER == shape::HAS_UPPER as u16
        && NOT_ALPHA == shape::LETTERS as u16
);

static CLASS: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_lowercase() {
            t[c] = WORD | ALPHA;
        } else if b.is_ascii_uppercase() {
            t[c] = WORD | ALPHA | UPPER | NOT_LOWER;
        } else if b.is_ascii_digit() {
            t[c] = WORD | DIGIT | NOT_LOWER | NOT_ALPHA;
        } else if b == b'_' {
            t[c] = WORD | NOT_LOWER | NOT_ALPHA;
        } else if b == b'\n' || b == b'\r' {
            t[c] = WS | NL | NOT_LOWER | NOT_ALPHA;
        } else if is_ascii_ws(b) {
            t[c] = WS | NOT_LOWER | NOT_ALPHA;
        } else if b == b':' || b == b'.' || b == b'\'' {
            t[c] = MID_LETTER | NOT_LOWER | NOT_ALPHA;
        } else {
            t[c] = NOT_LOWER | NOT_ALPHA;
        }
        c += 1;
    }
    while c < 256 {
        t[c] = NOT_LOWER | NOT_ALPHA;
        c += 1;
    }
    t
};

/// The [`shape`] bits of a word whose bytes' [`CLASS`] bits or to `flags`.
#[inline]
fn word_shape(flags: u16) -> u8 {
    (flags ^ (NOT_LOWER | NOT_ALPHA)) as u8 & (shape::LOWER | shape::HAS_UPPER | shape::LETTERS)
}

const LANES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// For eight ASCII bytes read little-endian: the high bit of each lane
/// holding a letter, and of each lane holding a capital.
#[inline]
fn letter_lanes(x: u64) -> (u64, u64) {
    // Fold case, then test 0x61 <= y <= 0x7A: ASCII lanes stay below 0x80
    // through both additions, so no carry leaves a lane.
    let y = x | (0x20 * LANES);
    let letters = (y + 0x1F * LANES) & !(y + 0x05 * LANES) & HIGH;
    // A letter is a capital when bit 5 (moved to bit 7) is clear.
    (letters, letters & !(x << 2))
}

/// Appends the token `b[start..end]`.
#[inline(always)]
fn push_new(
    tokens: &mut Vec<Token>,
    b: &[u8],
    start: usize,
    end: usize,
    kind: TokenKind,
    shape: u8,
) {
    if end - start > MAX_TOKEN {
        return push_long(tokens, &b[start..end], start, kind, shape);
    }
    tokens.push(Token::pack(start, end - start, kind, shape));
}

/// UAX #29 word boundaries for `b[start..end]`, all ASCII.
fn ascii_tokens(b: &[u8], start: usize, end: usize, tokens: &mut Vec<Token>) {
    // Bounded by the slice itself, so `b[i]` after `i < end` needs no check.
    let b = &b[..end];
    let end = b.len();
    debug_assert!(b[start..].is_ascii());
    let mut i = start;
    // UAX #29 splits runs of white space that [`push`] merges: white space
    // here may continue a white-space token before it. Inside the range a
    // white-space token always takes the whole run, so only the first
    // token can merge.
    if i < end && CLASS[b[i] as usize] & WS != 0 {
        if let Some(last) = tokens.last_mut().filter(|t| is_ws(t.kind())) {
            let mut flags = 0;
            let limit = end.min(last.start() + MAX_TOKEN);
            while i < limit && CLASS[b[i] as usize] & WS != 0 {
                flags |= CLASS[b[i] as usize];
                i += 1;
            }
            last.set_end(i);
            if flags & NL != 0 {
                last.set_kind(TokenKind::Newline);
            }
        }
    }
    while i < end {
        let mut class = CLASS[b[i] as usize];
        if class & ALPHA != 0 {
            i = letters_and_spaces(b, i, tokens);
            let Some(&c) = b.get(i) else {
                break;
            };
            class = CLASS[c as usize];
        }
        let c = b[i];
        let from = i;
        if class & WORD != 0 {
            let mut flags = class;
            // Capitals among the letters read eight at a time.
            let mut upper = 0;
            'word: loop {
                // Letters eight at a time while the token has a letter (a
                // run of letters after digits alone must set ALPHA).
                if flags & ALPHA != 0 {
                    while let Some(chunk) = b.get(i..i + 8) {
                        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
                        let (letters, capitals) = letter_lanes(x);
                        let stop = !letters & HIGH;
                        if stop == 0 {
                            upper |= capitals;
                            i += 8;
                            continue;
                        }
                        // The lanes before the first non-letter.
                        upper |= capitals & ((stop & stop.wrapping_neg()) - 1);
                        let after = CLASS[(x >> (stop.trailing_zeros() & !7)) as u8 as usize];
                        i += stop.trailing_zeros() as usize / 8;
                        // After a letter read here, the token ends unless a
                        // word byte follows, or `:`, `.` or `'` before a
                        // letter (a mark joins digits only after a digit).
                        if stop & 0x80 == 0
                            && after & WORD == 0
                            && (after & MID_LETTER == 0
                                || b.get(i + 1).is_none_or(|&n| CLASS[n as usize] & ALPHA == 0))
                        {
                            break 'word;
                        }
                        break;
                    }
                }
                // Digits, `_`, and letters near the end of the range.
                while i < end {
                    let f = CLASS[b[i] as usize];
                    if f & WORD == 0 {
                        break;
                    }
                    flags |= f;
                    i += 1;
                }
                // WB6/WB7: letter (MidLetter | MidNumLetQ) letter;
                // WB11/WB12: digit (MidNum | MidNumLetQ) digit.
                // The mark is tested first: after most words it is a space.
                if i + 1 < end && matches!(b[i], b':' | b'.' | b'\'' | b',' | b';') {
                    let (p, d, nx) = (b[i - 1], b[i], b[i + 1]);
                    let letters = matches!(d, b':' | b'.' | b'\'')
                        && p.is_ascii_alphabetic()
                        && nx.is_ascii_alphabetic();
                    let digits = matches!(d, b',' | b';' | b'.' | b'\'')
                        && p.is_ascii_digit()
                        && nx.is_ascii_digit();
                    if letters || digits {
                        // The joining mark is no letter.
                        flags |= CLASS[nx as usize] | NOT_LOWER | NOT_ALPHA;
                        i += 2;
                        continue;
                    }
                }
                break;
            }
            if upper != 0 {
                flags |= UPPER | NOT_LOWER;
            }
            if flags & ALPHA != 0 {
                push_new(tokens, b, from, i, TokenKind::Word, word_shape(flags));
            } else if flags & DIGIT != 0 {
                // Digits, `_` and marks have no shape bit.
                push_new(tokens, b, from, i, TokenKind::Number, 0);
            } else {
                push_new(tokens, b, from, i, TokenKind::Punct, 0);
            }
            // The common single space after a word.
            if i + 1 < end && b[i] == b' ' && CLASS[b[i + 1] as usize] & WS == 0 {
                push_new(tokens, b, i, i + 1, TokenKind::Space, 0);
                i += 1;
            }
            continue;
        }
        i += 1;
        let kind = if class & WS != 0 {
            let mut flags = class;
            while i < end && CLASS[b[i] as usize] & WS != 0 {
                flags |= CLASS[b[i] as usize];
                i += 1;
            }
            if flags & NL != 0 {
                TokenKind::Newline
            } else {
                TokenKind::Space
            }
        } else if c.is_ascii_control() {
            TokenKind::Other
        } else {
            TokenKind::Punct
        };
        // Never white space after white space: no merging needed. White
        // space and marks have no shape bit.
        push_new(tokens, b, from, i, kind, 0);
    }
}

/// The common case of prose, `word word, word`: from `i`, the start of a
/// token at an ASCII letter, pushes each run of ASCII letters that ends
/// the token (the byte after it joins no letters: not a letter, digit or
/// `_`, and not `:`, `.` or `'` before a letter), and the single space
/// after it when a letter follows (two tokens, one capacity check), and
/// returns where it stopped: at the start of a token it did not take (a
/// word holding another byte, a word near the end of the range, or the
/// token after a word that is not a single space before a letter), for
/// [`ascii_tokens`] to go on from. UAX #29 never joins a letter to a
/// space, nor a space to a letter.
#[inline(never)]
fn letters_and_spaces(b: &[u8], mut i: usize, tokens: &mut Vec<Token>) -> usize {
    loop {
        let mut j = i;
        let mut upper = 0;
        // The word's letters eight at a time, with a byte to spare for the
        // one after the byte that ends the word.
        let (stop, x, w) = loop {
            let Some(w) = b.get(j..j + 9) else {
                return i;
            };
            let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            let (letters, capitals) = letter_lanes(x);
            let stop = !letters & HIGH;
            if stop != 0 {
                upper |= capitals & ((stop & stop.wrapping_neg()) - 1);
                break (stop, x, w);
            }
            upper |= capitals;
            j += 8;
            // A long word goes back to `ascii_tokens`, which reads it
            // again: at most this many bytes twice.
            if j - i >= 64 {
                return i;
            }
        };
        let lane = (stop.trailing_zeros() / 8) as usize;
        let end = j + lane;
        let after = (x >> (lane * 8)) as u8;
        let class = CLASS[after as usize];
        let next = CLASS[w[lane + 1] as usize];
        // The first lane of a chunk may end the word only after whole
        // chunks of letters.
        if end == i || class & WORD != 0 || (class & MID_LETTER != 0 && next & ALPHA != 0) {
            return i;
        }
        let shape = if upper != 0 {
            shape::HAS_UPPER | shape::LETTERS
        } else {
            shape::LOWER | shape::LETTERS
        };
        let word = Token::pack(i, end - i, TokenKind::Word, shape);
        if after == b' ' && next & ALPHA != 0 {
            let space = Token::pack(end, 1, TokenKind::Space, 0);
            tokens.extend_from_slice(&[word, space]);
            i = end + 1;
            continue;
        }
        // `word, word` and `word. Word`: a printable mark (here no word
        // byte, so a punctuation token of its own: it joins no letters when
        // a space follows), one space, then a letter.
        if w[lane + 1] == b' '
            && (b'!'..=b'~').contains(&after)
            && b.get(end + 2)
                .is_some_and(|&c| CLASS[c as usize] & ALPHA != 0)
        {
            let mark = Token::pack(end, 1, TokenKind::Punct, 0);
            let space = Token::pack(end + 1, 1, TokenKind::Space, 0);
            tokens.extend_from_slice(&[word, mark, space]);
            i = end + 2;
            continue;
        }
        tokens.push(word);
        return end;
    }
}

fn is_ws(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::Space | TokenKind::Newline)
}

fn classify(piece: &str) -> TokenKind {
    let mut chars = piece.chars();
    let first = match chars.next() {
        Some(c) => c,
        None => return TokenKind::Other,
    };
    if first.is_whitespace() {
        if piece.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
            return TokenKind::Newline;
        }
        if piece.chars().all(char::is_whitespace) {
            return TokenKind::Space;
        }
    }
    if piece.chars().any(super::chars::is_alphabetic) {
        return TokenKind::Word;
    }
    if piece.chars().any(super::chars::is_numeric) {
        return TokenKind::Number;
    }
    if first.is_control() || is_format(first) {
        return TokenKind::Other;
    }
    TokenKind::Punct
}

/// Finds the tokens that are line breaks or punctuation marks (the only
/// tokens that can end a sentence), at or after a given index, in order.
/// Kinds are read 64 tokens at a time into a bit mask with no branch per
/// token; prose has such a token every ten or so, so one mask serves
/// several calls.
pub struct BreaksAndMarks<'a> {
    tokens: &'a [Token],
    /// The first token the mask covers (`usize::MAX` before the first).
    base: usize,
    /// Bit `k` set: token `base + k` is a line break or a mark.
    mask: u64,
}

impl<'a> BreaksAndMarks<'a> {
    pub fn new(tokens: &'a [Token]) -> BreaksAndMarks<'a> {
        // No mask yet: the first call reads one.
        BreaksAndMarks {
            tokens,
            base: usize::MAX,
            mask: 0,
        }
    }

    /// The index of the first line break or mark at or after `from`.
    #[inline]
    pub fn next_from(&mut self, mut from: usize) -> Option<usize> {
        loop {
            if from >= self.base && from - self.base < 64 {
                let m = self.mask & (u64::MAX << (from - self.base));
                if m != 0 {
                    return Some(self.base + m.trailing_zeros() as usize);
                }
                from = self.base + 64;
            }
            let block = self.tokens.get(from..)?;
            if block.is_empty() {
                return None;
            }
            self.base = from;
            self.mask = Self::block_mask(&block[..block.len().min(64)]);
        }
    }

    #[inline(never)]
    fn block_mask(block: &[Token]) -> u64 {
        const _: () = assert!(TokenKind::Punct as u32 == TokenKind::Newline as u32 + 1);
        kind_mask(block, TokenKind::Newline, TokenKind::Punct)
    }
}

/// Bit `k` set when token `block[k]` (at most 64 of them) has a kind from
/// `first` to `last` (in the order of [`TokenKind`]'s values). A whole
/// block of 64 is read sixteen tokens at a time with SSE2 compares: the
/// kind bytes of sixteen tokens are packed into one vector, with no
/// variable shift per token.
#[inline]
pub fn kind_mask(block: &[Token], first: TokenKind, last: TokenKind) -> u64 {
    debug_assert!(block.len() <= 64 && first as u8 <= last as u8);
    match block.try_into() {
        Ok(whole) => kind_mask64(whole, first as u8, last as u8 - first as u8),
        Err(_) => kind_mask_plain(block, first as u8, last as u8 - first as u8),
    }
}

/// [`kind_mask`] one token at a time: kinds `first..=first + span`.
#[inline]
fn kind_mask_plain(block: &[Token], first: u8, span: u8) -> u64 {
    let mut mask = 0;
    for (k, t) in block.iter().enumerate() {
        let kind = ((t.meta >> KIND_SHIFT) & 7) as u8;
        mask |= u64::from(kind.wrapping_sub(first) <= span) << k;
    }
    mask
}

/// [`kind_mask`] of a whole block: SSE2 through `safe_arch`. The meta
/// words of four tokens make one vector; shifting them right by 24 leaves
/// each token's byte of kind and shape bits (below 0x80: bit 31 of a meta
/// word is never set), and two packs gather sixteen such bytes into one
/// vector for a byte compare.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn kind_mask64(block: &[Token; 64], first: u8, span: u8) -> u64 {
    use safe_arch::{
        bitand_m128i, cmp_eq_mask_i8_m128i, min_u8_m128i, move_mask_i8_m128i, pack_i16_to_i8_m128i,
        pack_i32_to_i16_m128i, set_splat_i8_m128i, sub_i8_m128i,
    };
    const _: () = assert!(KIND_SHIFT == 24 && SHAPE_SHIFT == KIND_SHIFT + 3);
    let (seven, first, span) = (
        set_splat_i8_m128i(7),
        set_splat_i8_m128i(first as i8),
        set_splat_i8_m128i(span as i8),
    );
    let mut mask = 0;
    for g in 0..4 {
        let s: &[Token; 16] = block[16 * g..16 * g + 16]
            .try_into()
            .expect("sixteen tokens");
        let lo = pack_i32_to_i16_m128i(kind_bytes4(s, 0), kind_bytes4(s, 4));
        let hi = pack_i32_to_i16_m128i(kind_bytes4(s, 8), kind_bytes4(s, 12));
        let bytes = pack_i16_to_i8_m128i(lo, hi);
        let rel = sub_i8_m128i(bitand_m128i(bytes, seven), first);
        let hit = cmp_eq_mask_i8_m128i(min_u8_m128i(rel, span), rel);
        mask |= u64::from(move_mask_i8_m128i(hit) as u32 & 0xFFFF) << (16 * g);
    }
    mask
}

/// The kind-and-shape bytes of tokens `s[k..k + 4]` as four `i32` lanes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn kind_bytes4(s: &[Token; 16], k: usize) -> safe_arch::m128i {
    let metas = [s[k].meta, s[k + 1].meta, s[k + 2].meta, s[k + 3].meta];
    safe_arch::shr_imm_u32_m128i::<24>(safe_arch::m128i::from(metas))
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn kind_mask64(block: &[Token; 64], first: u8, span: u8) -> u64 {
    kind_mask_plain(block, first, span)
}

/// Unicode format characters that carry no text of their own.
pub fn is_format(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (&text[t.span().range()], t.kind()))
            .collect()
    }

    #[test]
    fn keeps_abbreviations_decimals_and_contractions_whole() {
        let k = kinds("U.S. 3.5 don’t example.com");
        let words: Vec<&str> = k
            .iter()
            .filter(|(_, k)| *k != TokenKind::Space)
            .map(|(s, _)| *s)
            .collect();
        assert_eq!(words, vec!["U.S", ".", "3.5", "don’t", "example.com"]);
        assert!(k.contains(&("3.5", TokenKind::Number)));
    }

    #[test]
    fn merges_whitespace_and_marks_newlines() {
        let k = kinds("a \r\n\n b");
        assert_eq!(
            k,
            vec![
                ("a", TokenKind::Word),
                (" \r\n\n ", TokenKind::Newline),
                ("b", TokenKind::Word)
            ]
        );
    }

    #[test]
    fn breaks_and_marks_finds_what_a_plain_scan_finds() {
        let mut below = crate::test_rng::below(0x51_7CC1_B727_220A);
        let pieces = ["word", " ", "\n\n", ".", ",", "“", "3", "\u{1}", "é", "x"];
        for len in [0, 1, 63, 64, 65, 130, 400] {
            let text: String = (0..len).map(|_| pieces[below(pieces.len())]).collect();
            let toks = tokenize(&text);
            let plain = |from: usize| {
                (from..toks.len())
                    .find(|&i| matches!(toks[i].kind(), TokenKind::Newline | TokenKind::Punct))
            };
            let mut scan = BreaksAndMarks::new(&toks);
            let mut from = 0;
            // Forward steps of varied length, as the splitter takes them,
            // and one step back.
            while from <= toks.len() + 1 {
                assert_eq!(scan.next_from(from), plain(from), "from {from} of {len}");
                from += 1 + below(9);
            }
            assert_eq!(scan.next_from(0), plain(0));
        }
    }

    #[test]
    fn kind_masks_match_a_test_of_every_token() {
        use TokenKind::*;
        let kinds = [Word, Number, Space, Newline, Punct, Other];
        let mut below = crate::test_rng::below(0x2F0A_77C3_9B15_D6E1);
        for round in 0..3_000 {
            // Whole blocks of 64 mostly (the vector path), and shorter ones.
            let n = if round % 3 == 0 { below(65) } else { 64 };
            let block: Vec<Token> = (0..n)
                .map(|_| {
                    let len = [0, 1, 5, MAX_TOKEN][below(4)];
                    let start =
                        below(1 << 20) + [0, u32::MAX as usize - (1 << 21) - MAX_TOKEN][below(2)];
                    Token::pack(start, len, kinds[below(6)], below(16) as u8)
                })
                .collect();
            for a in 0..kinds.len() {
                for b in a..kinds.len() {
                    let want = block
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| (a..=b).contains(&(t.kind() as usize)))
                        .fold(0u64, |m, (k, _)| m | 1 << k);
                    assert_eq!(
                        kind_mask(&block, kinds[a], kinds[b]),
                        want,
                        "{a} {b} {block:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn packs_every_kind_shape_and_length() {
        use TokenKind::*;
        for kind in [Word, Number, Space, Newline, Punct, Other] {
            for shape in 0..16 {
                for (start, len) in [
                    (0, 0),
                    (7, 1),
                    (1 << 20, 12),
                    (u32::MAX as usize - MAX_TOKEN, MAX_TOKEN),
                ] {
                    let t = Token::pack(start, len, kind, shape);
                    assert_eq!((t.start(), t.len(), t.end()), (start, len, start + len));
                    assert_eq!((t.kind(), t.shape()), (kind, shape));
                    assert_eq!(t.is_word(), kind == Word);
                }
            }
        }
        let mut t = Token::pack(5, 1, Space, 0);
        t.set_end(9);
        t.set_kind(Newline);
        t.add_shape(shape::NON_ASCII);
        assert_eq!(
            (t.span(), t.kind(), t.shape()),
            (Span::new(5, 9), Newline, shape::NON_ASCII)
        );
    }

    /// The lengths and kinds of `text`'s tokens, after checking that they
    /// tile it at char boundaries and are no longer than [`MAX_TOKEN`].
    fn tiled_lengths(text: &str) -> Vec<(usize, TokenKind)> {
        let toks = tokenize(text);
        let mut pos = 0;
        for t in &toks {
            assert_eq!(t.start(), pos);
            assert!(t.len() <= MAX_TOKEN && text.is_char_boundary(t.end()));
            pos = t.end();
        }
        assert_eq!(pos, text.len());
        toks.iter().map(|t| (t.len(), t.kind())).collect()
    }

    #[test]
    fn cuts_tokens_longer_than_the_limit() {
        use TokenKind::*;
        // ASCII: the fast path.
        let long = MAX_TOKEN + 5;
        let text = format!("{}{}end", "a".repeat(long), " ".repeat(long));
        assert_eq!(
            tiled_lengths(&text),
            vec![
                (MAX_TOKEN, Word),
                (5, Word),
                (MAX_TOKEN, Space),
                (5, Space),
                (3, Word)
            ]
        );
        // Non-ASCII: UAX #29 pieces, cut at a char boundary.
        let n = MAX_TOKEN / 2 + 3;
        let text = format!("{} x", "é".repeat(n));
        assert_eq!(
            tiled_lengths(&text),
            vec![
                (MAX_TOKEN - 1, Word),
                (2 * n - (MAX_TOKEN - 1), Word),
                (1, Space),
                (1, Word)
            ]
        );
    }

    #[test]
    fn spans_tile_the_text() {
        let text = "\u{FEFF}Hi, “you” — 😀 x\u{301}!";
        let toks = tokenize(text);
        let mut pos = 0;
        for t in &toks {
            assert_eq!(t.span().start, pos);
            pos = t.span().end;
        }
        assert_eq!(pos, text.len());
        assert_eq!(toks[0].kind(), TokenKind::Other);
    }

    #[test]
    fn shapes_describe_the_token_bytes() {
        let text = "word Word iPhone U.S it's café 3.5 _ \u{a0} WORD x\u{301}";
        let got: Vec<(&str, u8)> = tokenize(text)
            .iter()
            .filter(|t| !t.is_space())
            .map(|t| (&text[t.span().range()], t.shape()))
            .collect();
        use shape::*;
        assert_eq!(
            got,
            vec![
                ("word", LOWER | LETTERS),
                ("Word", LETTERS | HAS_UPPER),
                ("iPhone", LETTERS | HAS_UPPER),
                ("U.S", HAS_UPPER),
                ("it's", 0),
                ("café", NON_ASCII),
                ("3.5", 0),
                ("_", 0),
                ("WORD", LETTERS | HAS_UPPER),
                ("x\u{301}", NON_ASCII),
            ]
        );
        let spaces: Vec<u8> = tokenize(text)
            .iter()
            .filter(|t| t.is_space())
            .map(|t| t.shape())
            .collect();
        assert!(spaces.contains(&NON_ASCII) && spaces.contains(&0));
    }

    /// `standalone_len` as first written, with slice patterns.
    fn standalone_len_reference(b: &[u8], at: usize) -> Option<usize> {
        match b.get(at..)? {
            [0xC2, 0xAB | 0xBB, ..] => Some(2),
            [0xE2, 0x80, 0x8B | 0x93 | 0x94 | 0x9C | 0x9D | 0x9E | 0x9F | 0xA6 | 0xB2 | 0xB3 | 0xB9 | 0xBA, ..] => {
                Some(3)
            }
            _ => None,
        }
    }

    #[test]
    fn standalone_len_agrees_with_the_slice_patterns() {
        for b0 in [0xC2, 0xE2, 0xE3, 0x80, b'a'] {
            for b1 in 0..=255u8 {
                for b2 in 0..=255u8 {
                    let b = [b'x', b0, b1, b2];
                    for end in 1..=4 {
                        assert_eq!(
                            standalone_len(&b[..end], 1),
                            standalone_len_reference(&b[..end], 1),
                            "{:?}",
                            &b[..end]
                        );
                    }
                }
            }
        }
    }

    /// Runs of marks that are tokens of their own (`“““`, `»″”`), taken
    /// one after another without looking for the next non-ASCII byte,
    /// and what may follow them.
    #[test]
    fn runs_of_standalone_marks_match_uax29() {
        let pieces = [
            "“", "”", "«", "»", "″", "\u{200b}", "—", "…", "’", "é", "\u{301}", "\u{200d}", "a",
            " ", "\"", "\n", "\u{feff}",
        ];
        let mut next = crate::test_rng::below(0x6C8E_9CF5_7098_2B13);
        for _ in 0..3000 {
            // Mostly marks, so that runs are long.
            let text: String = (0..next(40))
                .map(|_| {
                    pieces[if next(4) == 0 {
                        next(pieces.len())
                    } else {
                        next(7)
                    }]
                })
                .collect();
            assert_eq!(tokenize(&text), tokenize_uax29(&text), "{text:?}");
        }
    }

    #[test]
    fn fast_path_matches_uax29_around_non_ascii_punctuation() {
        let marks = [
            "“", "”", "„", "‟", "«", "»", "‹", "›", "′", "″", "–", "—", "…", "‘", "’", "·",
            "\u{2024}", "\u{a0}", "\u{200b}",
        ];
        let sides = [
            "", "a", "Z", "7", "_", " ", "\n", ".", ",", "'", "\u{301}", "\u{200d}", "\u{200c}",
            "\u{feff}", "é", "“", "’", "—", "😀", "🇫", "א", "ア",
        ];
        for m in marks {
            for l in sides {
                for r in sides {
                    for text in [
                        format!("{l}{m}{r}"),
                        format!("x{l}{m}{r}y"),
                        format!("1{l}{m}{m}{r}2"),
                    ] {
                        assert_eq!(tokenize(&text), tokenize_uax29(&text), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn fast_path_matches_uax29_on_tricky_ascii() {
        for text in [
            "a:b a.b.c 1,2;3.4'5 a'b a_b __ _1 1_ a. .a 1. ,1 a1b2 x::y 1,,2 a..b",
            "\t\x0b\x0c \r\n\r\r\n\x1a\x7f\x00 end",
            "“Hi,” he said. don’t café x\u{301} \u{301}a  \u{3000}b 🇫🇷🇩🇪x a\u{200d}b",
            "US$ 3.5% e.g. U.S. example.com it's 'quoted' \"dq\" א\"ב a\u{a0}b",
            "“““a”” «»″′ a—b 1–2 x…y „q‟ ‹s› “\u{301}x —\u{200d}y ”é «😀» 🇫—🇷 a’—’b —’s",
            "—",
            "“",
            "a“",
            "“a",
            "1″",
            "″1",
            "…\u{200c}",
            "«\u{feff}»",
        ] {
            assert_eq!(tokenize(text), tokenize_uax29(text), "{text:?}");
        }
    }

    /// The tokens of `text` are UAX #29's, and each token's shape is the
    /// one computed from its bytes.
    fn tokens_and_shapes_match_uax29(text: &str) {
        let tokens = tokenize(text);
        assert_eq!(tokens, tokenize_uax29(text), "{text:?}");
        for t in &tokens {
            assert_eq!(
                t.shape(),
                shape::of(&text.as_bytes()[t.span().range()]),
                "{text:?}"
            );
        }
    }

    /// Every ASCII byte at every position of a run of letters longer than
    /// two eight-byte reads, before and after a mark that may join, and
    /// every capital position: the letters-eight-at-a-time path against
    /// UAX #29, shapes included.
    #[test]
    fn word_fast_path_matches_uax29_exhaustively() {
        let check = tokens_and_shapes_match_uax29;
        for len in 1..20 {
            for at in 0..len + 2 {
                for c in 0u8..128 {
                    let mut w = vec![b'k'; len + 2];
                    w[at] = c;
                    let w = String::from_utf8(w).unwrap();
                    for text in [
                        w.clone(),
                        format!("{w} x"),
                        format!(" {w}  y"),
                        format!("{w}’"),
                        format!("a{w}.b x"),
                        format!("A{w}:b"),
                        format!("{w}'"),
                    ] {
                        check(&text);
                    }
                }
            }
        }
    }

    /// A word, every ASCII byte, then a space or not and every kind of byte
    /// after it, the word ending at every offset of an eight-byte read: the
    /// `word, word` path (a mark, a space, a letter) against UAX #29,
    /// shapes included.
    #[test]
    fn mark_space_letter_path_matches_uax29_exhaustively() {
        let check = tokens_and_shapes_match_uax29;
        for len in 1..12 {
            let word = &"wOrdsandmorewords"[..len];
            for c in 0u8..128 {
                let c = c as char;
                for tail in [
                    "x", "Xy z", "", " x", "\tx", "1", "_a", "'a", ".", "’", "é b",
                ] {
                    for lead in ["", "a ", "Bc, ", "1 "] {
                        check(&format!("{lead}{word}{c} {tail}"));
                        check(&format!("{lead}{word}{c}{tail}"));
                        check(&format!("{lead}{word}{c} {tail} {word}{c} {tail}"));
                    }
                }
            }
        }
    }

    /// Marks joining digits after letters, digits and joins, landing at
    /// every offset of an eight-byte read.
    #[test]
    fn joins_after_letters_match_uax29_at_every_offset() {
        for letters in 0..18 {
            for digits in 1..11 {
                for tail in [",9,8 end", ";7.6'5:x", ".b.c'd e", "_z,1", ":q."] {
                    let text = format!(
                        "{}{}{tail} padding words",
                        "Ab".repeat(letters / 2 + 1),
                        "3".repeat(digits)
                    );
                    let text = &text[letters % 2..];
                    assert_eq!(tokenize(text), tokenize_uax29(text), "{text:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_words_match_uax29(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "word", "Word", "WORD", "abcdefgh", "ABCDEFGHIJ", "xYzxYzxYz",
                    "7", "42", "_", ":", ".", ",", ";", "'", "-", " ", "  ", "\n", "\r\n", "\t",
                    "@", "`", "[", "{", "\x7f", "\x00", "’", "“", "é",
                ]),
                0..60,
            )
        ) {
            let text: String = parts.concat();
            let tokens = tokenize(&text);
            proptest::prop_assert_eq!(&tokens, &tokenize_uax29(&text));
            for t in &tokens {
                proptest::prop_assert_eq!(t.shape(), shape::of(&text.as_bytes()[t.span().range()]));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_matches_uax29(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "q", "7", "0", "_", ":", ".", ",", ";", "'", "\"", "-", "!", "(",
                    " ", "  ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1a", "\x7f",
                    "’", "‘", "“", "”", "é", "\u{301}", "\u{200d}", "\u{200b}", "\u{a0}",
                    "\u{3000}", "\u{2003}", "\u{2028}", "\u{85}", "\u{feff}", "😀", "🇫",
                    "🇷", "א", "ア", "中", "٣", "Ω", "\u{ad}", "\u{2024}", "\u{ff0e}", "·",
                    "„", "‟", "«", "»", "‹", "›", "′", "″", "–", "—", "…", "\u{301}", "\u{200c}",
                ]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let tokens = tokenize(&text);
            proptest::prop_assert_eq!(&tokens, &tokenize_uax29(&text));
            for t in &tokens {
                proptest::prop_assert_eq!(t.shape(), shape::of(&text.as_bytes()[t.span().range()]));
            }
        }
    }
}
