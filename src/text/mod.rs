//! The [`Document`]: a [`Source`] plus every shared pass (tokens, sentences,
//! paragraphs, quotation marks), computed once and read by all rules.
//! Regions no rule may see (Markdown code, front matter) are *masked*: the
//! view that rules read has them blanked byte-for-byte, so offsets into the
//! view are offsets into the file.

pub mod chars;
pub mod lexicon;
pub mod quote_roles;
pub mod quotes;
pub mod scan;
pub mod sentences;
pub mod tokens;
mod word_table;

use crate::source::{Source, Span};
use quotes::QuoteMark;
use rustc_hash::FxHashMap;
pub use scan::{char_starts_with_lead, next_non_ascii};
use sentences::Sentence;
use std::sync::OnceLock;
use tokens::{Token, TokenKind};
use word_table::{Seen, ShortTable};

/// The kind of markup a document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Plain,
    Markdown,
}

pub struct Document {
    pub source: Source,
    pub format: Format,
    /// `source.text` with masked regions replaced by spaces (newlines kept);
    /// `None` when nothing is masked.
    view: Option<String>,
    /// Regions no rule reports in, sorted and disjoint.
    pub masked: Vec<Span>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Span>,
    pub quotes: Vec<QuoteMark>,
    /// The maximal runs of non-ASCII bytes, in order ([`non_ascii_runs`]).
    non_ascii: Vec<Span>,
    word_index: OnceLock<WordIndex>,
    roled_quotes: OnceLock<Vec<quote_roles::RoledQuote>>,
}

impl Document {
    /// A plain-text document with nothing masked.
    pub fn new(source: Source) -> Document {
        Document::with_mask(source, Format::Plain, Vec::new())
    }

    /// A document whose `masked` regions (sorted, disjoint, on char
    /// boundaries) are hidden from every rule.
    pub fn with_mask(source: Source, format: Format, mut masked: Vec<Span>) -> Document {
        masked.retain(|s| !s.is_empty());
        masked.sort();
        let view = if masked.is_empty() {
            None
        } else {
            let mut v = source.text.as_bytes().to_vec();
            for span in &masked {
                for b in &mut v[span.range()] {
                    if *b != b'\n' && *b != b'\r' {
                        *b = b' ';
                    }
                }
            }
            // Whole masked regions were replaced by ASCII, so this cannot fail.
            Some(String::from_utf8(v).expect("masking replaces whole chars with ASCII"))
        };
        let text: &str = view.as_deref().unwrap_or(&source.text);
        let non_ascii = non_ascii_runs(text.as_bytes());
        let tokens = tokens::tokenize_with_runs(text, &non_ascii);
        let sentences = sentences::split_sentences(text, &tokens);
        let paragraphs = sentences::split_paragraphs(text, &source.lines);
        let quotes = quotes::find_quotes(text);
        Document {
            source,
            format,
            view,
            masked,
            tokens,
            sentences,
            paragraphs,
            quotes,
            non_ascii,
            word_index: OnceLock::new(),
            roled_quotes: OnceLock::new(),
        }
    }

    /// Convenience for tests and the library API.
    pub fn from_text(text: &str) -> Document {
        Document::new(Source::from_text("<text>", text))
    }

    /// The text rules read: the file's text with masked regions blanked.
    pub fn text(&self) -> &str {
        self.view.as_deref().unwrap_or(&self.source.text)
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text()[span.range()]
    }

    pub fn token_text(&self, t: &Token) -> &str {
        &self.text()[t.span().range()]
    }

    /// Every balanced double quotation mark with its role, worked out on
    /// first use and shared by the quote rules.
    pub fn roled_quotes(&self) -> &[quote_roles::RoledQuote] {
        self.roled_quotes
            .get_or_init(|| quote_roles::roled_quotes(self))
    }

    /// Indices of word tokens, in order.
    pub fn word_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_word())
            .map(|(i, _)| i)
    }

    /// How often the word occurs in this document, case-insensitively. The
    /// document is its own lexicon: a token used elsewhere in it is a word.
    pub fn word_count(&self, word: &str) -> u32 {
        self.word_index().counts.get(word)
    }

    /// Indices of the word tokens whose word, in any case, occurs nowhere
    /// else in the document, in order: the tokens for which
    /// [`word_count`](Self::word_count) is 1, listed from the counts table
    /// instead of looked up token by token.
    pub fn words_seen_once(&self) -> Vec<u32> {
        self.word_index().counts.once(0, &self.tokens)
    }

    /// [`words_seen_once`](Self::words_seen_once), only those of at least
    /// `min_len` bytes: the length of a short word is in its key, so the
    /// shorter ones are passed over without reading their tokens (a random
    /// read each, most of what listing them cost a rule that wants only
    /// long words), and the list to sort is shorter.
    pub fn words_seen_once_at_least(&self, min_len: usize) -> Vec<u32> {
        self.word_index().counts.once(min_len, &self.tokens)
    }

    /// Token indices `a`, in order, of the word pairs `a`, white space,
    /// `a + 2` whose two words may be the same up to case: every pair of
    /// words equal up to case is listed, and a few more (two long or
    /// non-ASCII words of the same length), so a rule about doubled words
    /// tests these instead of every token.
    pub fn doubled_word_candidates(&self) -> &[u32] {
        &self.word_index().doubled
    }

    /// Indices of the word tokens that are `word`, in any case, in order.
    /// Rules about these few function words visit their occurrences
    /// instead of every token.
    pub fn positions(&self, word: Indexed) -> &[u32] {
        &self.word_index().positions[word as usize]
    }

    /// Indices of the word tokens holding an ASCII capital
    /// ([`tokens::shape::HAS_UPPER`]), in order.
    pub fn words_with_capital(&self) -> &[u32] {
        &self.word_index().with_capital
    }

    /// Indices of the word tokens holding an ASCII capital after their
    /// first byte (`iPhone`, `negotiationsLavrov`, `HomeGlobal`), in order:
    /// the words that may be glued at a capital. A few in a thousand in
    /// prose.
    pub fn words_with_inner_capital(&self) -> &[u32] {
        &self.word_index().with_inner_capital
    }

    /// The word counts and position lists, built together in one pass over
    /// the tokens on first use.
    fn word_index(&self) -> &WordIndex {
        self.word_index.get_or_init(|| self.build_word_index())
    }

    /// Kept out of line: it runs once per document, and a profile then
    /// shows its cost under its own name.
    #[inline(never)]
    fn build_word_index(&self) -> WordIndex {
        let mut index = WordIndex::default();
        // About one distinct word per thirty-three tokens in a 1 MiB
        // window: room for twice that keeps the table under 40% full, so a
        // new word's linear probe ends after one or two slots (sized for
        // the words themselves, it was 72% full and a new word probed about
        // seven slots).
        index.counts.short = ShortTable::for_tokens(self.tokens.len());
        // About one token in fifteen is a capitalised word in prose.
        index.with_capital.reserve(self.tokens.len() / 12);
        let mut buf = String::new();
        let bytes = self.text().as_bytes();
        // The last word token: its index, and the two halves of its short
        // key, or 0 and 0 (no key is 0: its low half holds the word's first
        // byte, its high half the word's length).
        let (mut prev, mut prev_lo, mut prev_hi) = (usize::MAX - 2, 0u64, 0u64);
        // Word tokens found 64 at a time from their kinds
        // (`tokens::kind_mask`): no branch per token on its kind.
        for (b, block) in self.tokens.chunks(64).enumerate() {
            let mut words = tokens::kind_mask(block, TokenKind::Word, TokenKind::Word);
            while words != 0 {
                let k = words.trailing_zeros() as usize;
                words &= words - 1;
                let i = 64 * b + k;
                let t = block[k];
                let (start, n) = (t.start(), t.len());
                // Short ASCII words straight from the bytes: no UTF-8
                // boundary checks, no ASCII scan.
                let raw = if n <= 15 && t.shape() & tokens::shape::NON_ASCII == 0 {
                    WordCounts::ascii_raw(bytes, start, n)
                } else {
                    None
                };
                let Some((lo, hi)) = raw else {
                    self.add_other_word(
                        &mut index,
                        i,
                        &mut buf,
                        &mut prev,
                        &mut prev_lo,
                        &mut prev_hi,
                    );
                    continue;
                };
                let (lo, hi) = if t.has_shape(tokens::shape::HAS_UPPER) {
                    index.with_capital.push(i as u32);
                    // A capital after the first byte: in a lane of `lo`
                    // but the first, or anywhere in `hi`.
                    if (capitals8(lo) & !0x80) | capitals8(hi) != 0 {
                        index.with_inner_capital.push(i as u32);
                    }
                    (lowercase_ascii8(lo), lowercase_ascii8(hi))
                } else {
                    (lo, hi)
                };
                let hi = hi | (n as u64) << 56;
                // Equal keys: equal low halves first, which two different
                // words seldom have. A last word without a key (`prev_lo`
                // 0, never a key's low half) may still be equal.
                if lo == prev_lo {
                    if hi == prev_hi && self.follows(prev, i) {
                        index.doubled.push(prev as u32);
                    }
                } else if prev_lo == 0
                    && self.follows(prev, i)
                    && may_be_equal(&self.tokens[prev], &t)
                {
                    index.doubled.push(prev as u32);
                }
                (prev, prev_lo, prev_hi) = (i, lo, hi);
                // Without a branch on the word's length or bytes, which
                // a short word in prose makes hard to foretell.
                let w = Indexed::number_of_short(lo);
                if w != 0 {
                    index.positions[w - 1].push(i as u32);
                }
                index.counts.short.add_halves(lo, hi, i as u32);
            }
        }
        index
    }

    /// [`Self::build_word_index`] for word token `i` when it is not a short
    /// ASCII word with sixteen readable bytes from its start: a word of 16
    /// bytes or more, a non-ASCII word, or a short word near the end of the
    /// text. `prev`, `prev_lo` and `prev_hi` are as there.
    #[inline(never)]
    fn add_other_word(
        &self,
        index: &mut WordIndex,
        i: usize,
        buf: &mut String,
        prev: &mut usize,
        prev_lo: &mut u64,
        prev_hi: &mut u64,
    ) {
        let t = &self.tokens[i];
        let bytes = self.text().as_bytes();
        if t.has_shape(tokens::shape::HAS_UPPER) {
            index.with_capital.push(i as u32);
            if bytes[t.start() + 1..t.span().end]
                .iter()
                .any(u8::is_ascii_uppercase)
            {
                index.with_inner_capital.push(i as u32);
            }
        }
        if t.len() <= 15 && t.shape() & tokens::shape::NON_ASCII == 0 {
            // Near the end of the text: no sixteen bytes to read.
            let key = WordCounts::short_key(&bytes[t.span().range()])
                .expect("a short ASCII word has a short key");
            let (lo, hi) = (key as u64, (key >> 64) as u64);
            if (lo == *prev_lo && hi == *prev_hi || *prev_lo == 0)
                && self.follows(*prev, i)
                && (lo == *prev_lo || may_be_equal(&self.tokens[*prev], t))
            {
                index.doubled.push(*prev as u32);
            }
            (*prev, *prev_lo, *prev_hi) = (i, lo, hi);
            let w = Indexed::number_of_short(lo);
            if w != 0 {
                index.positions[w - 1].push(i as u32);
            }
            index.counts.short.add_halves(lo, hi, i as u32);
            return;
        }
        if self.follows(*prev, i) && may_be_equal(&self.tokens[*prev], t) {
            index.doubled.push(*prev as u32);
        }
        (*prev, *prev_lo, *prev_hi) = (i, 0, 0);
        index.counts.add(self.token_text(t), i as u32, buf);
    }

    /// Whether word token `prev` and word token `i` are a candidate doubled
    /// pair, given that they may be equal (see `doubled_word_candidates`):
    /// `i` follows `prev` after one space token.
    #[inline(always)]
    fn follows(&self, prev: usize, i: usize) -> bool {
        prev + 2 == i && self.tokens[prev + 1].is_space()
    }

    /// The maximal runs of non-ASCII bytes of the text, in order: found
    /// once per document, so rules that look only at non-ASCII text skip
    /// the rest without scanning it again.
    pub fn non_ascii_runs(&self) -> &[Span] {
        &self.non_ascii
    }

    /// A cursor over [`Self::non_ascii_runs`] that finds the next
    /// non-ASCII byte from an offset, as [`next_non_ascii`] on the text does.
    pub fn non_ascii_cursor(&self) -> NonAsciiCursor<'_> {
        NonAsciiCursor::new(&self.non_ascii)
    }

    /// Indices of the word tokens holding a non-ASCII character, in order.
    pub fn non_ascii_words(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cursor = scan::TokenCursor::new(&self.tokens);
        // The first token not looked at yet: a word may hold several runs.
        let mut next = 0;
        for run in &self.non_ascii {
            // The tokens holding a byte of the run, one step each (a run
            // of 50k quote marks is 50k tokens).
            let mut k = cursor.containing(run.start).max(next);
            while let Some(t) = self.tokens.get(k).filter(|t| t.start() < run.end) {
                if t.is_word() {
                    out.push(k);
                }
                k += 1;
            }
            next = k;
        }
        out
    }

    /// Index of the paragraph containing `offset`, if any.
    pub fn paragraph_of(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.end < offset);
        (i < self.paragraphs.len() && self.paragraphs[i].start <= offset).then_some(i)
    }

    /// A cursor answering [`Self::paragraph_of`] for offsets that never
    /// decrease, one step forward at a time instead of a search each.
    pub fn paragraph_cursor(&self) -> ParagraphCursor<'_> {
        ParagraphCursor {
            paragraphs: &self.paragraphs,
            at: 0,
        }
    }

    /// Index of the sentence containing `offset`, if any.
    pub fn sentence_of(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        (i < self.sentences.len() && self.sentences[i].span.start <= offset).then_some(i)
    }

    /// Whether `span` overlaps a masked region, or touches one with a
    /// punctuation or space edge. A mask is blanked to spaces, so a finding
    /// about punctuation right next to it (`[text](url).` seen as
    /// `[text      .`) is about the blank, not the text; words next to a mask
    /// (`<b>to to</b>`) are still reported.
    pub fn is_masked(&self, span: Span) -> bool {
        let i = self.masked.partition_point(|m| m.end < span.start);
        let Some(m) = self.masked.get(i) else {
            return false;
        };
        if m.start > span.end {
            return false;
        }
        if m.overlaps(span) && !(m.end == span.start || m.start == span.end) {
            return true;
        }
        let text = self.text();
        let not_word = |c: Option<char>| c.is_none_or(|c| !chars::is_alphanumeric(c));
        let touches_start = m.end == span.start && not_word(text[span.range()].chars().next());
        let touches_end = m.start == span.end && not_word(text[span.range()].chars().next_back());
        touches_start
            || touches_end
            || self.masked.get(i + 1).is_some_and(|n| {
                n.start == span.end && not_word(text[span.range()].chars().next_back())
            })
    }

    /// The nearest non-whitespace token before token `i`.
    pub fn prev_non_space(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| !self.tokens[j].is_space())
    }

    /// The nearest non-whitespace token after token `i`.
    pub fn next_non_space(&self, i: usize) -> Option<usize> {
        (i + 1..self.tokens.len()).find(|&j| !self.tokens[j].is_space())
    }
}

/// See [`Document::paragraph_cursor`].
pub struct ParagraphCursor<'a> {
    paragraphs: &'a [Span],
    /// Every paragraph before this one ends before the last offset asked.
    at: usize,
}

impl ParagraphCursor<'_> {
    /// [`Document::paragraph_of`]`(offset)`, for `offset` at or after the
    /// last one asked (an earlier offset searches afresh).
    #[inline]
    pub fn of(&mut self, offset: usize) -> Option<usize> {
        let ps = self.paragraphs;
        if self.at > 0 && ps[self.at - 1].end >= offset {
            self.at = ps.partition_point(|p| p.end < offset);
        }
        while self.at < ps.len() && ps[self.at].end < offset {
            self.at += 1;
        }
        (self.at < ps.len() && ps[self.at].start <= offset).then_some(self.at)
    }
}

/// See [`Document::non_ascii_cursor`].
pub struct NonAsciiCursor<'a> {
    runs: &'a [Span],
    /// Every run before this one ends at or before the last offset asked.
    at: usize,
}

impl<'a> NonAsciiCursor<'a> {
    /// A cursor over `runs`, maximal runs of non-ASCII bytes in order
    /// ([`non_ascii_runs`]).
    pub fn new(runs: &'a [Span]) -> NonAsciiCursor<'a> {
        NonAsciiCursor { runs, at: 0 }
    }

    /// The first offset at or after `from` holding a non-ASCII byte. Steps
    /// forward from the last answer, so a scan that moves forward costs
    /// one step per run; an offset before the last one searches afresh.
    #[inline]
    pub fn next_from(&mut self, from: usize) -> Option<usize> {
        if self.at > 0 && self.runs[self.at - 1].end > from {
            self.at = self.runs.partition_point(|r| r.end <= from);
        }
        while self.runs.get(self.at).is_some_and(|r| r.end <= from) {
            self.at += 1;
        }
        self.runs.get(self.at).map(|r| r.start.max(from))
    }
}

/// The maximal runs of bytes >= 0x80 in `bytes`, in order: ASCII text is
/// skipped eight bytes at a time ([`next_non_ascii`]).
pub fn non_ascii_runs(bytes: &[u8]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = next_non_ascii(bytes, from) {
        let end = next_ascii(bytes, start);
        out.push(Span::new(start, end));
        from = end;
    }
    out
}

/// The first offset at or after `from` holding an ASCII byte (the length
/// of `bytes` when none does): eight bytes at a time, for long runs of
/// non-ASCII text (50k curly quotes in a row are 150 KB).
fn next_ascii(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut words = bytes[from..].chunks_exact(8);
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        // The high bit of each byte that is ASCII.
        let ascii = !x & 0x8080_8080_8080_8080;
        if ascii != 0 {
            return i + (ascii.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    words
        .remainder()
        .iter()
        .position(u8::is_ascii)
        .map_or(bytes.len(), |k| i + k)
}

/// Whether word tokens `a` and `b`, one of them without a short key, may
/// be the same word up to case: anything but two ASCII words of different
/// lengths. (Two words with short keys are equal up to case exactly when
/// their keys are.)
#[inline]
fn may_be_equal(a: &Token, b: &Token) -> bool {
    (a.shape() | b.shape()) & tokens::shape::NON_ASCII != 0 || a.len() == b.len()
}

/// Function words whose occurrences [`Document::positions`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indexed {
    A,
    An,
    The,
    To,
}

/// The low half of [`WordCounts::short_key`] for a word of at most eight
/// bytes: its bytes, first byte lowest.
const fn lo_of(w: &[u8]) -> u64 {
    let mut lo = 0;
    let mut i = 0;
    while i < w.len() {
        lo |= (w[i] as u64) << (8 * i);
        i += 1;
    }
    lo
}

impl Indexed {
    pub const ALL: [Indexed; 4] = [Indexed::A, Indexed::An, Indexed::The, Indexed::To];

    pub fn word(self) -> &'static str {
        match self {
            Indexed::A => "a",
            Indexed::An => "an",
            Indexed::The => "the",
            Indexed::To => "to",
        }
    }

    /// `1 + Indexed as usize` of the indexed word whose
    /// [`WordCounts::short_key`] has the low half `lo`, or 0 for none: as
    /// [`of_short`](Self::of_short), for a word of any length (the low half
    /// of a longer word's key holds more bytes, none of them 0), computed
    /// without a branch.
    #[inline(always)]
    fn number_of_short(lo: u64) -> usize {
        const _: () = assert!(
            Indexed::A as usize == 0
                && Indexed::An as usize == 1
                && Indexed::The as usize == 2
                && Indexed::To as usize == 3
        );
        // A multiplier whose top two bits of the product put `a`, `an`,
        // `the` and `to` in slots 0 to 3 (found by a search; checked at
        // compile time): one multiplication, one load and one compare.
        const M: u64 = 0x7217_54ef_2904_aced;
        const KEYS: [u64; 4] = [lo_of(b"a"), lo_of(b"an"), lo_of(b"the"), lo_of(b"to")];
        const _: () = {
            let mut k = 0;
            while k < 4 {
                assert!((KEYS[k].wrapping_mul(M) >> 62) as usize == k);
                k += 1;
            }
        };
        let slot = (lo.wrapping_mul(M) >> 62) as usize;
        usize::from(KEYS[slot] == lo) * (slot + 1)
    }

    /// The indexed word whose [`WordCounts::short_key`] has the low half
    /// `lo`, given that the word has at most three bytes (its
    /// key's high half is then its length alone, and `lo` holds its bytes
    /// up to the first zero).
    #[cfg(test)]
    fn of_short(lo: u64) -> Option<Indexed> {
        const A: u64 = lo_of(b"a");
        const AN: u64 = lo_of(b"an");
        const THE: u64 = lo_of(b"the");
        const TO: u64 = lo_of(b"to");
        match lo {
            A => Some(Indexed::A),
            AN => Some(Indexed::An),
            THE => Some(Indexed::The),
            TO => Some(Indexed::To),
            _ => None,
        }
    }

    /// The indexed word whose [`WordCounts::short_key`] is `key`.
    #[cfg(test)]
    fn of_key(key: u128) -> Option<Indexed> {
        const fn key_of(w: &[u8]) -> u128 {
            let mut key = (w.len() as u128) << 120;
            let mut i = 0;
            while i < w.len() {
                key |= (w[i] as u128) << (8 * i);
                i += 1;
            }
            key
        }
        const A: u128 = key_of(b"a");
        const AN: u128 = key_of(b"an");
        const THE: u128 = key_of(b"the");
        const TO: u128 = key_of(b"to");
        match key {
            A => Some(Indexed::A),
            AN => Some(Indexed::An),
            THE => Some(Indexed::The),
            TO => Some(Indexed::To),
            _ => None,
        }
    }
}

/// What [`Document::word_index`] builds in its one pass over the tokens.
#[derive(Default)]
struct WordIndex {
    counts: WordCounts,
    /// Token indices of each [`Indexed`] word, by `Indexed as usize`.
    positions: [Vec<u32>; 4],
    /// Token indices of word tokens with an ASCII capital.
    with_capital: Vec<u32>,
    /// Those of them with an ASCII capital after their first byte.
    with_inner_capital: Vec<u32>,
    /// Token indices `a` of the pairs word `a`, white space, word `a + 2`
    /// whose words have equal short keys or [`may_be_equal`].
    doubled: Vec<u32>,
}

/// Case-insensitive word counts. Short ASCII words (nearly all of them) are
/// keyed by their lowercase bytes packed into an integer, so counting a
/// token neither allocates nor calls `memcmp`.
/// Each word also keeps the index of its last token, so the words seen
/// only once can be listed without a second pass over the tokens.
#[derive(Default)]
struct WordCounts {
    short: ShortTable,
    long: FxHashMap<Box<str>, Seen>,
}

impl WordCounts {
    /// The packed key of a lowercased ASCII word of at most 15 bytes: its
    /// bytes, then its length in the last byte.
    /// The bytes are read as (overlapping) whole integers, not copied
    /// byte by byte, which is most of what counting a word costs.
    #[inline]
    fn short_key(b: &[u8]) -> Option<u128> {
        let n = b.len();
        let le64 = |s: &[u8]| u64::from_le_bytes(s.try_into().expect("8 bytes"));
        let le32 = |s: &[u8]| u64::from(u32::from_le_bytes(s.try_into().expect("4 bytes")));
        let (lo, hi) = match n {
            16.. => return None,
            // The last eight bytes, shifted so byte 8 lands at the bottom.
            9..=15 => (le64(&b[..8]), le64(&b[n - 8..]) >> (8 * (16 - n))),
            8 => (le64(b), 0),
            // Two overlapping reads put the shared bytes in the same places.
            4..=7 => (le32(&b[..4]) | le32(&b[n - 4..]) << (8 * (n - 4)), 0),
            _ => (
                b.iter()
                    .enumerate()
                    .fold(0, |x, (i, &c)| x | u64::from(c) << (8 * i)),
                0,
            ),
        };
        if (lo | hi) & 0x8080_8080_8080_8080 != 0 {
            return None;
        }
        let hi = hi | (n as u64) << 56;
        Some(u128::from(lowercase_ascii8(lo)) | (u128::from(lowercase_ascii8(hi)) << 64))
    }

    /// The bytes of the ASCII word of `n` (1..=15) bytes at
    /// `bytes[start..]` as (`lo`, `hi`) of a [`short_key`](Self::short_key)
    /// before lowercasing and without the length: two whole-integer reads
    /// and a mask. `None` when sixteen bytes are not readable there.
    #[inline(always)]
    fn ascii_raw(bytes: &[u8], start: usize, n: usize) -> Option<(u64, u64)> {
        debug_assert!((1..=15).contains(&n) && bytes[start..start + n].is_ascii());
        let b = bytes.get(start..start + 16)?;
        let le64 = |s: &[u8]| u64::from_le_bytes(s.try_into().expect("8 bytes"));
        // Masks without a branch on the length (a word of nine bytes or
        // more comes one time in ten, unforetold): `n.min(8)` bytes of the
        // first read and `n - 8` (maybe none) of the second.
        let lo = le64(&b[..8]) & (u64::MAX >> (64 - 8 * n.min(8)));
        let hi = le64(&b[8..]) & !(u64::MAX << (8 * n.saturating_sub(8)));
        Some((lo, hi))
    }

    /// The short key of lowercase bytes `lo`, `hi` of a word of `n` bytes.
    #[cfg(test)]
    fn key_from(lo: u64, hi: u64, n: usize) -> u128 {
        u128::from(lo) | u128::from(hi | (n as u64) << 56) << 64
    }

    /// [`short_key`](Self::short_key) of the ASCII word of `n` (1..=15)
    /// bytes at `bytes[start..]`, given whether it holds a capital, as
    /// the word index computes it.
    #[cfg(test)]
    fn ascii_key(bytes: &[u8], start: usize, n: usize, upper: bool) -> Option<u128> {
        let Some((lo, hi)) = Self::ascii_raw(bytes, start, n) else {
            return Self::short_key(&bytes[start..start + n]);
        };
        Some(if upper {
            Self::key_from(lowercase_ascii8(lo), lowercase_ascii8(hi), n)
        } else {
            Self::key_from(lo, hi, n)
        })
    }

    fn add(&mut self, word: &str, token: u32, buf: &mut String) {
        if let Some(key) = Self::short_key(word.as_bytes()) {
            self.short.add(key, token);
            return;
        }
        let lower = lowercase_into(word, buf);
        match self.long.get_mut(lower) {
            Some(seen) => seen.add(token),
            None => {
                self.long.insert(
                    lower.into(),
                    Seen {
                        count: 1,
                        last: token,
                    },
                );
            }
        }
    }

    /// Token indices of the words that occur once, of at least `min_len`
    /// bytes, in order.
    fn once(&self, min_len: usize, tokens: &[Token]) -> Vec<u32> {
        let short = self.short.once_at_least(min_len);
        let long = (self.long.values())
            .filter(|s| s.count == 1 && tokens[s.last as usize].len() >= min_len)
            .map(|s| s.last);
        // The indices come in hash-table order; each is a distinct token
        // (a token is counted once, in one table), so marking them in a
        // bit per token and reading the marks in order sorts them. A
        // comparison sort cost 10 M instructions on 100k distinct words.
        let mut marks = vec![0u64; tokens.len().div_ceil(64)];
        for t in short.chain(long) {
            let (word, bit) = (t as usize / 64, 1u64 << (t % 64));
            debug_assert!(marks[word] & bit == 0, "token {t} listed twice");
            marks[word] |= bit;
        }
        let mut out = Vec::new();
        for (i, &word) in marks.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                out.push((i * 64) as u32 + rest.trailing_zeros());
                rest &= rest - 1;
            }
        }
        out
    }

    fn get(&self, word: &str) -> u32 {
        if let Some(key) = Self::short_key(word.as_bytes()) {
            return self.short.get(key).map_or(0, |s| s.count);
        }
        let mut buf = String::new();
        self.long
            .get(lowercase_into(word, &mut buf))
            .map_or(0, |s| s.count)
    }
}

/// ASCII-lowercases eight ASCII bytes at once (SWAR): a byte gets 0x20
/// added when it lies in `A..=Z`.
#[inline(always)]
fn lowercase_ascii8(x: u64) -> u64 {
    x | (capitals8(x) >> 2)
}

/// The high bit of each byte of eight ASCII bytes that lies in `A..=Z`.
#[inline(always)]
fn capitals8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Every byte is below 0x80, so these sums never carry into the next byte.
    let at_least_a = x + ONES * (0x80 - u64::from(b'A'));
    let above_z = x + ONES * (0x80 - u64::from(b'Z') - 1);
    at_least_a & !above_z & (ONES * 0x80)
}

/// `word.to_lowercase()`: borrowed when lowercasing changes nothing, else
/// written into `buf` (reused across calls, so no allocation for ASCII).
fn lowercase_into<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return word;
        }
        buf.clear();
        buf.push_str(word);
        buf.make_ascii_lowercase();
        return buf;
    }
    // Only uppercase and titlecase letters have lowercase mappings.
    if !word.chars().any(|c| c.is_uppercase() || is_titlecase(c)) {
        return word;
    }
    buf.clear();
    // `str::to_lowercase` (final sigma included) for the rare non-ASCII word.
    buf.push_str(&word.to_lowercase());
    buf
}

/// Unicode titlecase letters (category Lt): `ǅ`, `ᾈ`.
fn is_titlecase(c: char) -> bool {
    matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}' | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}' | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_into_matches_to_lowercase_on_every_char() {
        let mut buf = String::new();
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            for w in [format!("{c}"), format!("a{c}b"), format!("ΟΔΟΣ{c}")] {
                assert_eq!(lowercase_into(&w, &mut buf), w.to_lowercase(), "{c:?}");
            }
        }
    }

    fn doc(text: &str, mask: Span) -> Document {
        Document::with_mask(
            Source::from_text("t.md", text),
            Format::Markdown,
            vec![mask],
        )
    }

    #[test]
    fn word_counts_are_case_insensitive_for_short_long_and_non_ascii_words() {
        let d = Document::from_text(
            "The the THE. Internationalisation internationalisation. Straße STRASSE straße. Ünïcode ünïcode.",
        );
        assert_eq!(d.word_count("the"), 3);
        assert_eq!(d.word_count("tHe"), 3);
        assert_eq!(d.word_count("internationalisation"), 2);
        assert_eq!(d.word_count("INTERNATIONALISATION"), 2);
        assert_eq!(d.word_count("straße"), 2);
        assert_eq!(d.word_count("strasse"), 1);
        assert_eq!(d.word_count("ÜNÏCODE"), 2);
        assert_eq!(d.word_count("th"), 0);
        assert_eq!(d.word_count("thee"), 0);
        assert_eq!(d.word_count(""), 0);
    }

    #[test]
    fn positions_and_capitals_match_a_scan_of_every_token() {
        let text = "The the THE tHe thé theé then a A an AN An ano to TO To tot \
                    to'a \"the\" a-b The_x Ünïcode iPhone NATO x. A. An 1a the";
        let d = Document::from_text(text);
        for w in Indexed::ALL {
            let want: Vec<u32> = d
                .word_indices()
                .filter(|&i| d.token_text(&d.tokens[i]).to_ascii_lowercase() == w.word())
                .map(|i| i as u32)
                .collect();
            assert!(!want.is_empty(), "{w:?}");
            assert_eq!(d.positions(w), want, "{w:?}");
        }
        let capitals: Vec<u32> = d
            .word_indices()
            .filter(|&i| {
                d.token_text(&d.tokens[i])
                    .bytes()
                    .any(|b| b.is_ascii_uppercase())
            })
            .map(|i| i as u32)
            .collect();
        assert_eq!(d.words_with_capital(), capitals);
        let inner: Vec<u32> = d
            .word_indices()
            .filter(|&i| {
                d.token_text(&d.tokens[i])
                    .bytes()
                    .skip(1)
                    .any(|b| b.is_ascii_uppercase())
            })
            .map(|i| i as u32)
            .collect();
        assert!(!inner.is_empty());
        assert_eq!(d.words_with_inner_capital(), inner);
        assert_eq!(d.positions(Indexed::The).len(), 6);
    }

    /// The word index built in one pass over the word tokens, against a
    /// plain scan of every token, on random text: words of every length
    /// around the short-key limit, with capitals first, inside and last,
    /// non-ASCII words, doubled words and words near the end of the text
    /// (where sixteen bytes cannot be read).
    #[test]
    fn word_index_matches_a_scan_of_every_token() {
        let mut below = crate::test_rng::below(0x6C07_8965_D3A1_4B2F);
        let pieces = [
            "a",
            "A",
            "an",
            "AN",
            "the",
            "The",
            "tHe",
            "to",
            "To",
            "at",
            "x",
            "iPhone",
            "NATO",
            "word",
            "Word",
            "worD",
            "abcdefgh",
            "abcdefgH",
            "Abcdefghi",
            "abcdefghI",
            "abcdefghijklmno",
            "abcdefghijklmnO",
            "abcdefghijklmnop",
            "ABCDEFGHIJKLMNOP",
            "café",
            "Café",
            "CAFÉ",
            "Ünïcode",
            "x'y",
            "1a",
            "a1B",
            "3",
            " ",
            " ",
            " ",
            "  ",
            "\n",
            ".",
            ",",
            "-",
            "“",
        ];
        for round in 0..400 {
            let len = [0, 1, 2, 5, 20, 80, 300][round % 7];
            let text: String = (0..len).map(|_| pieces[below(pieces.len())]).collect();
            let d = Document::from_text(&text);
            let words: Vec<usize> = d.word_indices().collect();
            let text_of = |i: usize| d.token_text(&d.tokens[i]);
            let with = |test: &dyn Fn(&str) -> bool| -> Vec<u32> {
                words
                    .iter()
                    .filter(|&&i| test(text_of(i)))
                    .map(|&i| i as u32)
                    .collect()
            };
            assert_eq!(
                d.words_with_capital(),
                with(&|w| w.bytes().any(|b| b.is_ascii_uppercase())),
                "{text:?}"
            );
            assert_eq!(
                d.words_with_inner_capital(),
                with(&|w| w.bytes().skip(1).any(|b| b.is_ascii_uppercase())),
                "{text:?}"
            );
            for w in Indexed::ALL {
                assert_eq!(
                    d.positions(w),
                    with(&|x| x.to_ascii_lowercase() == w.word()),
                    "{text:?}"
                );
            }
            let doubled: Vec<u32> = words
                .iter()
                .filter(|&&a| {
                    let b = a + 2;
                    if !(d.tokens.get(b).is_some_and(Token::is_word) && d.tokens[a + 1].is_space())
                    {
                        return false;
                    }
                    let short = |i: usize| WordCounts::short_key(text_of(i).as_bytes());
                    match (short(a), short(b)) {
                        (Some(x), Some(y)) => x == y,
                        _ => may_be_equal(&d.tokens[a], &d.tokens[b]),
                    }
                })
                .map(|&a| a as u32)
                .collect();
            assert_eq!(d.doubled_word_candidates(), doubled, "{text:?}");
            for &i in &words {
                let w = text_of(i).to_lowercase();
                let count = words
                    .iter()
                    .filter(|&&j| text_of(j).to_lowercase() == w)
                    .count();
                assert_eq!(d.word_count(text_of(i)), count as u32, "{text:?} {w}");
            }
        }
    }

    #[test]
    fn indexed_words_are_found_from_the_low_half_of_short_keys() {
        for word in [
            "a",
            "an",
            "the",
            "to",
            "b",
            "at",
            "tha",
            "tO",
            "",
            "x'",
            "_",
            "A",
            "The",
            "thea",
            "theater",
            "tothe",
            "anabcdef",
            "aaaaaaaaa",
            "thethethethethe",
            "to_",
            "a1",
        ] {
            let Some(key) = WordCounts::short_key(word.as_bytes()) else {
                continue;
            };
            assert_eq!(
                Indexed::of_short(key as u64),
                Indexed::of_key(key),
                "{word}"
            );
            assert_eq!(
                Indexed::number_of_short(key as u64),
                Indexed::of_key(key).map_or(0, |w| w as usize + 1),
                "{word}"
            );
        }
        // Every word of one to three letters, digits or `_`.
        let bytes: Vec<u8> = (b'a'..=b'z').chain(b'0'..=b'9').chain([b'_']).collect();
        let mut words: Vec<Vec<u8>> = vec![vec![]];
        for _ in 0..3 {
            words = (words.iter())
                .flat_map(|w| bytes.iter().map(move |&c| [w.as_slice(), &[c]].concat()))
                .chain(words.iter().cloned())
                .collect();
            words.sort();
            words.dedup();
        }
        for word in words.iter().filter(|w| !w.is_empty()) {
            let key = WordCounts::short_key(word).expect("short");
            assert_eq!(
                Indexed::number_of_short(key as u64),
                Indexed::of_key(key).map_or(0, |w| w as usize + 1),
                "{word:?}"
            );
        }
    }

    #[test]
    fn words_seen_once_are_the_words_counted_once() {
        let text = "Once twice TWICE Twice thrice-thrice ünïque Ünïque ÜNÏQUE solo \
                    averyveryverylongwordindeed AVeryVeryVeryLongWordIndeed \
                    anotherveryverylongwordhere 1a 1A x'y 42 café Straße strasse";
        let d = Document::from_text(text);
        let want: Vec<u32> = d
            .word_indices()
            .filter(|&i| d.word_count(d.token_text(&d.tokens[i])) == 1)
            .map(|i| i as u32)
            .collect();
        let words: Vec<&str> = want
            .iter()
            .map(|&i| d.token_text(&d.tokens[i as usize]))
            .collect();
        assert_eq!(
            words,
            [
                "Once",
                "solo",
                "anotherveryverylongwordhere",
                "x'y",
                "café",
                "Straße",
                "strasse"
            ]
        );
        assert_eq!(d.words_seen_once(), want);
    }

    #[test]
    fn words_seen_once_at_least_a_length_are_the_long_words_seen_once() {
        let mut below = crate::test_rng::below(0x1B87_3593_C2B2_AE35);
        let pieces = [
            "a",
            "ab",
            "Abc",
            "abcdef",
            "abcdefg",
            "ABCDEFG",
            "abcdefgh",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "abcdefghijklmnopQ",
            "café",
            "cafés",
            "Ünïcode",
            "x'y",
            "1a2b3c4",
            " ",
            " ",
            " ",
            ".",
            "\n",
        ];
        for round in 0..300 {
            let len = [1, 5, 30, 200][round % 4];
            let text: String = (0..len).map(|_| pieces[below(pieces.len())]).collect();
            let d = Document::from_text(&text);
            let once = d.words_seen_once();
            // In order, each once: the words counted once, token by token.
            let counted_once: Vec<u32> = d
                .word_indices()
                .filter(|&i| d.word_count(d.token_text(&d.tokens[i])) == 1)
                .map(|i| i as u32)
                .collect();
            assert_eq!(once, counted_once, "{text:?}");
            for min_len in [0, 1, 3, 7, 8, 15, 16, 17] {
                let want: Vec<u32> = once
                    .iter()
                    .copied()
                    .filter(|&i| d.tokens[i as usize].len() >= min_len)
                    .collect();
                assert_eq!(
                    d.words_seen_once_at_least(min_len),
                    want,
                    "{text:?} {min_len}"
                );
            }
        }
    }

    #[test]
    fn short_keys_are_the_lowercased_bytes_and_length() {
        let reference = |word: &str| {
            let b = word.as_bytes();
            if b.len() > 15 || !b.is_ascii() {
                return None;
            }
            let mut key = [0u8; 16];
            for (k, c) in key.iter_mut().zip(b) {
                *k = c.to_ascii_lowercase();
            }
            key[15] = b.len() as u8;
            Some(u128::from_le_bytes(key))
        };
        let alphabet = [
            "a", "Z", "m", "Q", "0", "'", "-", "_", "@", "[", "`", "{", "é", "\u{7f}",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 18) as usize;
            let word: String = (0..len)
                .map(|i| alphabet[((state >> (3 * i)) % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(
                WordCounts::short_key(word.as_bytes()),
                reference(&word),
                "{word:?}"
            );
        }
        assert!(WordCounts::short_key(b"abcdefghijklmnO").is_some());
    }

    #[test]
    fn ascii_keys_equal_short_keys_anywhere_in_the_text() {
        let alphabet = b"aZmQ0'-_@[`{\x7f ";
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 1 + (state % 40) as usize;
            let text: Vec<u8> = (0..len)
                .map(|i| alphabet[((state >> (i % 60)) as usize + i * 7) % alphabet.len()])
                .collect();
            for start in 0..len {
                for n in 1..=15.min(len - start) {
                    let word = &text[start..start + n];
                    let upper = word.iter().any(u8::is_ascii_uppercase);
                    assert_eq!(
                        WordCounts::ascii_key(&text, start, n, upper),
                        WordCounts::short_key(word),
                        "{:?}",
                        String::from_utf8_lossy(word)
                    );
                }
            }
        }
    }

    #[test]
    fn lowercase_ascii8_lowercases_exactly_the_capitals() {
        for b in 0u8..0x80 {
            for pos in 0..8 {
                let mut bytes = *b"aZ@[`{09";
                bytes[pos] = b;
                let mut want = bytes;
                want.make_ascii_lowercase();
                assert_eq!(
                    lowercase_ascii8(u64::from_le_bytes(bytes)).to_le_bytes(),
                    want
                );
            }
        }
    }

    #[test]
    fn next_non_ascii_finds_the_first_high_byte_anywhere() {
        for len in 0..100 {
            for at in 0..len {
                let mut b = vec![b'a'; len];
                b[at] = 0xC3;
                // `from` may lie past the end (name mentions ask so).
                for from in 0..=len + 1 {
                    let want = (from..len).find(|&j| b[j] >= 0x80);
                    assert_eq!(next_non_ascii(&b, from), want, "{len} {at} {from}");
                }
            }
            assert_eq!(next_non_ascii(&vec![b'a'; len], 0), None);
        }
    }

    #[test]
    fn char_starts_with_lead_lists_every_match_in_order() {
        let text = "a\"b’c«d»e＂f〝g'h";
        let leads = [b'"', b'\'', 0xC2, 0xE2, 0xE3, 0xEF];
        let want: Vec<usize> = text
            .char_indices()
            .filter(|(i, _)| leads.contains(&text.as_bytes()[*i]))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(char_starts_with_lead(text, &leads), want);
        assert_eq!(want.len(), 7);
        assert_eq!(char_starts_with_lead(text, &[0xE2]), vec![3]);
    }

    #[test]
    fn the_paragraph_cursor_answers_as_paragraph_of() {
        let pieces = ["a", " ", "\n", "\n\n", "\r\n\r\n", "word", "\n \n", "“"];
        let mut next = crate::test_rng::below(0x1B87_3593_CC9E_2D51);
        for _ in 0..2000 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 30);
            let d = Document::from_text(&text);
            let mut cursor = d.paragraph_cursor();
            let mut offset = 0;
            while offset <= text.len() {
                assert_eq!(
                    cursor.of(offset),
                    d.paragraph_of(offset),
                    "{text:?} {offset}"
                );
                // Mostly forward, now and then the same offset or back.
                offset = match next(8) {
                    0 => offset.saturating_sub(next(6)),
                    1 => offset,
                    _ => offset + 1 + next(3),
                };
            }
        }
    }

    #[test]
    fn non_ascii_words_are_the_word_tokens_with_a_high_byte() {
        let d = Document::from_text("café and naïve “quotes” — Ωmega. x😀y plain é");
        let want: Vec<usize> = d
            .word_indices()
            .filter(|&i| !d.token_text(&d.tokens[i]).is_ascii())
            .collect();
        assert_eq!(d.non_ascii_words(), want);
        assert_eq!(want.len(), 4, "café naïve Ωmega é");
        // Random texts: words holding several runs (`aébéc`), runs over
        // several tokens (`“““`, `é é`), runs at either end.
        let pieces = [
            "a", "b", " ", "\n", "é", "“", "»″", "😀", "\u{301}", "word ", "Ωx", "-", "’", ".",
        ];
        let mut next = crate::test_rng::below(0x2F1E_88A3_0B7C_55D1);
        for _ in 0..3000 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 30);
            let d = Document::from_text(&text);
            let want: Vec<usize> = d
                .word_indices()
                .filter(|&i| !d.token_text(&d.tokens[i]).is_ascii())
                .collect();
            assert_eq!(d.non_ascii_words(), want, "{text:?}");
        }
    }

    #[test]
    fn next_ascii_finds_the_first_low_byte_anywhere() {
        let mut next = crate::test_rng::below(0x5BD1_E995_27D4_EB2F);
        for _ in 0..3000 {
            // Long runs of high bytes, now and then a low one.
            let len = next(80);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if next(12) == 0 {
                        next(128) as u8
                    } else {
                        0x80 + next(128) as u8
                    }
                })
                .collect();
            for from in 0..=len {
                let want = bytes[from..]
                    .iter()
                    .position(u8::is_ascii)
                    .map_or(len, |k| from + k);
                assert_eq!(next_ascii(&bytes, from), want, "{bytes:?} {from}");
            }
        }
    }

    #[test]
    fn document_finds_non_ascii_bytes_as_the_byte_scan_does() {
        let mut below = crate::test_rng::below(0xA076_1D64_78BD_642F);
        let pieces = ["a", " ", "\n", "é", "“", "😀", "\u{301}", "word ", "Ωx"];
        for len in [0, 1, 5, 40, 200] {
            let text: String = (0..len).map(|_| pieces[below(pieces.len())]).collect();
            let d = Document::from_text(&text);
            let runs = d.non_ascii_runs();
            // The runs are maximal, in order, and hold only high bytes.
            for (k, r) in runs.iter().enumerate() {
                assert!(text.as_bytes()[r.range()].iter().all(|&b| b >= 0x80));
                assert!(r.start == 0 || text.as_bytes()[r.start - 1] < 0x80);
                assert!(r.end == text.len() || text.as_bytes()[r.end] < 0x80);
                assert!(k == 0 || runs[k - 1].end < r.start);
            }
            // Forward, then from every offset after a far one (the
            // cursor searches afresh when asked about an earlier offset).
            let mut cursor = d.non_ascii_cursor();
            let far = d.non_ascii_cursor().next_from(text.len() / 2);
            for from in (0..=text.len() + 1).chain(0..=text.len()) {
                if from == 0 {
                    cursor.next_from(far.unwrap_or(0));
                }
                assert_eq!(
                    cursor.next_from(from),
                    next_non_ascii(text.as_bytes(), from.min(text.len())),
                    "{text:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn punctuation_touching_a_mask_counts_as_masked() {
        // "[text](url)." with the URL masked: the "." touches the mask.
        let d = doc("[text](url).", Span::new(6, 11));
        assert!(d.is_masked(Span::new(11, 12)));
        assert!(d.is_masked(Span::new(7, 9)));
    }

    #[test]
    fn words_touching_a_mask_are_still_reported() {
        let d = doc("<b>to to</b> ok", Span::new(0, 3));
        assert!(!d.is_masked(Span::new(3, 8)));
        assert!(!d.is_masked(Span::new(13, 15)));
    }
}
