//! A phrase of two to five words immediately repeated (`in the region in
//! the region`), the multi-word form of a looping decoder. Single-word
//! doubles belong to `repeated-word` (MT002) and are left to it.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::sentences::line_breaks;
use crate::text::tokens::{shape, Token, TokenKind};
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

/// A word or number token, as scanned for repeats.
#[derive(Clone, Copy)]
struct Entry {
    token: u32,
    /// [`key`] of the token.
    key: u32,
}

/// Marks the key of a word with non-ASCII bytes: such words are always
/// compared in full.
const NON_ASCII: u32 = 1 << 31;

/// A fingerprint of an ASCII word that ignores case (its length and first,
/// second and last bytes): words equal up to ASCII case have equal keys, so
/// unequal keys rule out a repeat without reading the words again.
/// Non-ASCII words all get [`NON_ASCII`] (their lowercase may equal an
/// ASCII word's).
#[cfg(test)]
fn key(word: &[u8]) -> u32 {
    if word.len() >= 2 && !word.is_ascii() {
        return NON_ASCII;
    }
    ascii_key(word)
}

/// [`key`] of a word known to be ASCII (or of one byte).
fn ascii_key(word: &[u8]) -> u32 {
    let [first, .., last] = word else {
        // One byte (or none).
        return word.first().map_or(0, |&b| u32::from(b | 0x20));
    };
    // `| 0x20` lowercases letters; other bytes may collide, which only costs
    // a comparison.
    let len = u32::try_from(word.len().min(0x7f)).unwrap_or(0x7f);
    len << 24
        | u32::from(first | 0x20) << 16
        | u32::from(word[1] | 0x20) << 8
        | u32::from(last | 0x20)
}

/// An entry whose key no word has (the key of a one-byte word is below
/// 0x80, that of a longer ASCII word has its length in the top byte):
/// pads a run for the scan.
const PAD: Entry = Entry {
    token: u32::MAX,
    key: 0x00ff_ffff,
};

/// Keys that allow the words to be the same: equal, or one is non-ASCII.
fn may_match(a: u32, b: u32) -> bool {
    a == b || (a | b) & NON_ASCII != 0
}

impl Rule for RepeatedPhrase {
    fn meta(&self) -> &RuleMeta {
        &REPEATED_PHRASE
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        // A repeat lies within one run of words, each separated from the
        // next by one whitespace token with at most one line break: word
        // tokens `first, first + 2, ..`. The scan walks each run once with
        // a cheap filter and hands only the runs that may hold a repeat to
        // `scan_run`.
        let toks = &doc.tokens[..];
        let bytes = doc.text().as_bytes();
        let mut run: Vec<Entry> = Vec::new();
        let mut i = 0;
        while let Some(t) = toks.get(i) {
            if !is_word(t) {
                i += 1;
                continue;
            }
            let first = i;
            let mut filter = RepeatFilter::new();
            i = run_end(doc, bytes, i, &mut filter);
            if filter.may_repeat() {
                check_run(doc, first, i, &mut run, out);
            }
            i += 1;
        }
    }
}

/// Pushes the words of the run that begins at word token `i` (see
/// `check`) into `filter`, and returns the token index of its last word.
/// The loop every word goes through: kept small, the rare rest elsewhere.
#[inline]
fn run_end(doc: &Document, bytes: &[u8], i: usize, filter: &mut RepeatFilter) -> usize {
    let toks = &doc.tokens[..];
    // `rest[0]` is the run's last word so far.
    let mut rest = &toks[i..];
    while let [word, gap, next, ..] = rest {
        filter.push(quick_key(bytes, word));
        if !(is_word(next) && joins(doc, gap)) {
            return toks.len() - rest.len();
        }
        rest = &rest[2..];
    }
    // The run reaches the last or next-to-last token.
    if let [word, ..] = rest {
        filter.push(quick_key(bytes, word));
    }
    toks.len() - rest.len()
}

/// Reports the repeats in the run of word tokens `first..=last` (every
/// second token), which the filter let through; `run` is a buffer.
#[inline(never)]
fn check_run(
    doc: &Document,
    first: usize,
    last: usize,
    run: &mut Vec<Entry>,
    out: &mut Vec<Diagnostic>,
) {
    let bytes = doc.text().as_bytes();
    run.clear();
    run.extend((first..=last).step_by(2).map(|t| Entry {
        // Tokens are at most `MAX_DOCUMENT` bytes apart.
        token: t as u32,
        key: key_of(bytes, &doc.tokens[t]),
    }));
    scan_run(doc, run, out);
}

/// The finding for a phrase at `start..end_first` written `copies` times in
/// a row up to `end_last`: the fix drops every copy after the first.
fn finding(
    doc: &Document,
    start: usize,
    end_first: usize,
    end_last: usize,
    copies: usize,
) -> Diagnostic {
    let phrase = doc.text()[start..end_first].replace('\n', " ");
    let times = if copies == 2 {
        String::new()
    } else {
        format!(" {copies} times")
    };
    REPEATED_PHRASE
        .diagnostic(
            Span::new(start, end_last),
            format!("`{phrase}` is repeated{times}"),
        )
        .with_fix(Fix::replace(
            Applicability::Unsafe,
            Span::new(end_first, end_last),
            "",
        ))
}

/// A word or number: the tokens a phrase is made of.
#[inline]
fn is_word(t: &Token) -> bool {
    matches!(t.kind(), TokenKind::Word | TokenKind::Number)
}

/// Whether white space token `t` joins the words on its sides into one run:
/// spaces, or at most one line break.
#[inline]
fn joins(doc: &Document, t: &Token) -> bool {
    match t.kind() {
        TokenKind::Space => true,
        TokenKind::Newline => one_line_break(doc, t),
        _ => false,
    }
}

/// Whether line break token `t` holds a single line break: kept out of
/// the per-word loop of `check` (a line break ends one line in forty words).
#[inline(never)]
fn one_line_break(doc: &Document, t: &Token) -> bool {
    line_breaks(doc.token_text(t)) < 2
}

/// [`key`] of word token `t`, read through its shape.
fn key_of(bytes: &[u8], t: &Token) -> u32 {
    // The shape says whether the word is ASCII without a scan.
    if t.shape() & shape::NON_ASCII != 0 {
        NON_ASCII
    } else {
        bytes.get(t.span().range()).map_or(NON_ASCII, ascii_key)
    }
}

/// A fingerprint below 0x80 of an ASCII word for the run filter, from its
/// length and first byte: words equal up to ASCII case have equal quick
/// keys. `None` for a word with non-ASCII bytes (see [`NON_ASCII`]).
#[inline]
fn quick_key(bytes: &[u8], t: &Token) -> Option<u8> {
    if t.shape() & shape::NON_ASCII != 0 {
        return None;
    }
    // `| 0x20` lowercases letters, as in `ascii_key`.
    let first = bytes.get(t.start()).map_or(0, |&b| b | 0x20);
    // Truncation keeps equal lengths equal; keys stay below 0x80.
    Some((first ^ (t.len() as u8) << 2) & 0x7f)
}

/// Whether the words pushed so far (one run) may hold a repeat.
///
/// A repeat of `n` words at word `j` (see [`repeats_at`]) needs words `j`
/// and `j + 1` to equal words `j + n` and `j + n + 1` (`n >= MIN_N = 2`).
/// So the quick keys of some two consecutive words equal those of the two
/// words `n` before them, or a word is non-ASCII (its key is not compared,
/// and the run is let through). The filter keeps the key pairs of the last
/// words, sixteen bits a pair, and compares each new pair with the pairs
/// `MIN_N..=MAX_N` (four) words back at once.
struct RepeatFilter {
    /// The key pair ending at the last word (the last word's key in the
    /// low byte).
    pair: u64,
    /// Sixteen-bit lane `d - MIN_N` holds the key pair ending `d` words
    /// before the next word, for `d` in `MIN_N..=MAX_N`.
    pairs: u64,
    /// High bits of the lanes where some pair matched, or all when a
    /// word was non-ASCII.
    found: u64,
}

const _: () = assert!(MAX_N - MIN_N + 1 == 4, "four pair lanes fill a u64");

/// One in each sixteen-bit lane.
const ONES: u64 = 0x0001_0001_0001_0001;

impl RepeatFilter {
    fn new() -> RepeatFilter {
        // Keys are below 0x80: a pair with a byte 0xff stands for words
        // before the run's start and matches no pair of the run.
        RepeatFilter {
            pair: 0xffff,
            pairs: u64::MAX,
            found: 0,
        }
    }

    #[inline]
    fn push(&mut self, key: Option<u8>) {
        let Some(k) = key else {
            self.found = u64::MAX;
            return;
        };
        let pair = (self.pair << 8 | u64::from(k)) & 0xffff;
        // `pairs` has a lane equal to `pair` exactly when `x` has a zero
        // lane, and then `(x - ONES) & !x` has some lane's high bit set
        // (the test is exact for whether any lane is zero).
        let x = self.pairs ^ (pair * ONES);
        self.found |= x.wrapping_sub(ONES) & !x;
        self.pairs = self.pairs << 16 | self.pair;
        self.pair = pair;
    }

    fn may_repeat(&self) -> bool {
        self.found & ONES << 15 != 0
    }
}

/// Reports the repeats in `run`, the words of one run (see `check`);
/// appends [`PAD`] entries to it.
fn scan_run(doc: &Document, run: &mut Vec<Entry>, out: &mut Vec<Diagnostic>) {
    let len = run.len();
    // The shortest repeat has two copies of `MIN_N` words.
    if len < 2 * MIN_N {
        return;
    }
    // Every position tested below has `MAX_N - MIN_N + 1` entries after its
    // first `MIN_N`, padded or not.
    run.extend([PAD; MAX_N + 1 - 2 * MIN_N]);
    let padded = &run[..];
    let words = &padded[..len];
    let toks = &doc.tokens;
    let mut j = 0;
    // Words `j..` number at least `2 * MIN_N`.
    while j + 2 * MIN_N <= len {
        // Adjacency and keys rule out nearly every position, tested
        // without a branch per phrase length: the first word against the
        // words `MIN_N..=MAX_N` ahead (a padding entry only adds a
        // candidate that `repeats_at` then rules out).
        let window: &[Entry; MAX_N + 1] = padded[j..j + MAX_N + 1]
            .try_into()
            .expect("a window of MAX_N + 1 entries");
        let k = window[0].key;
        let ahead = &window[MIN_N..];
        let same = ahead.iter().fold(false, |any, x| any | (x.key == k));
        let wild = ahead.iter().fold(k, |any, x| any | x.key) & NON_ASCII != 0;
        if !(same | wild) {
            j += 1;
            continue;
        }
        let Some(n) = (MIN_N..=MAX_N).find(|&n| repeats_at(doc, words, j, n)) else {
            j += 1;
            continue;
        };
        // A longer loop (`of the x of the x of the x`) is one finding.
        let mut copies = 2;
        while repeats_at(doc, words, j + (copies - 1) * n, n) {
            copies += 1;
        }
        let first: Vec<Word> = words[j..j + n].iter().map(|e| word(doc, e)).collect();
        if !is_allowed(&first) && !is_heading_then_text(doc, words, j, n) {
            let tok = |e: &Entry| toks[e.token as usize].span();
            let (start, end_first) = (tok(&words[j]).start, tok(&words[j + n - 1]).end);
            let end_last = tok(&words[j + copies * n - 1]).end;
            out.push(finding(doc, start, end_first, end_last, copies));
        }
        j += copies * n;
    }
}

fn word<'a>(doc: &'a Document, e: &Entry) -> Word<'a> {
    let t = &doc.tokens[e.token as usize];
    Word {
        text: doc.token_text(t),
        number: t.kind() == TokenKind::Number,
    }
}

/// Whether words `j..j + n` of a run (see `check`) are followed directly by
/// the same `n` words, spelled the same except for the case of the first
/// letter (`in the region In the region`, but not `the Pattern Field The
/// pattern field`).
fn repeats_at(doc: &Document, words: &[Entry], j: usize, n: usize) -> bool {
    j + 2 * n <= words.len()
        && (0..n).all(|k| may_match(words[j + k].key, words[j + n + k].key))
        && word(doc, &words[j]).same_lower(&word(doc, &words[j + n]))
        && (1..n).all(|k| {
            let text = |e: &Entry| doc.token_text(&doc.tokens[e.token as usize]);
            text(&words[j + k]) == text(&words[j + n + k])
        })
}

/// A heading or label followed by a sentence that starts with the same
/// words: `Configuration options⏎Configuration options are written`,
/// `the root cgroup The root cgroup of`.
fn is_heading_then_text(doc: &Document, words: &[Entry], j: usize, n: usize) -> bool {
    let capital = |e: &Entry| {
        doc.token_text(&doc.tokens[e.token as usize])
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    if !capital(&words[j]) && capital(&words[j + n]) {
        return true;
    }
    let gap = &doc.tokens[words[j + n - 1].token as usize + 1];
    let first = words[j].token as usize;
    let line_start = first == 0 || doc.tokens[first - 1].kind() == TokenKind::Newline;
    // `Hard disks⏎Hard disks can be used`, or the same run into one line.
    line_start && (gap.kind() == TokenKind::Newline || capital(&words[j + n]))
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
    use super::{key, may_match, RepeatFilter, RepeatedPhrase, MAX_N, MIN_N};
    use crate::diagnostic::Diagnostic;
    use crate::rules::test_support::{fixes, flags, passes};
    use crate::text::Document;

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

    proptest::proptest! {
        /// Words with the same lowercase never have keys that rule them out.
        #[test]
        fn keys_keep_every_repeat(
            a in "[a-zA-Z0-9'’ΣσςİiKk\u{212A}ß-]{0,8}",
            flips in proptest::collection::vec(proptest::bool::ANY, 8),
        ) {
            let b: String = a
                .chars()
                .zip(flips.iter().cycle())
                .map(|(c, &f)| if f { c.to_uppercase().next().unwrap_or(c) } else { c })
                .collect();
            if a.to_lowercase() == b.to_lowercase() {
                proptest::prop_assert!(may_match(key(a.as_bytes()), key(b.as_bytes())));
            }
            let kelvin = key("\u{212A}".as_bytes());
            proptest::prop_assert!(may_match(key(b"k"), kelvin));
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        passes(&RepeatedPhrase, "");
        passes(&RepeatedPhrase, "a b");
        passes(&RepeatedPhrase, "😀 😀 x\u{301} y x\u{301} z");
    }

    /// A plain reading of the rule: every word in turn, adjacency tested
    /// pair by pair and words compared in full (no runs, no keys).
    fn reference(doc: &Document) -> Vec<Diagnostic> {
        use super::*;
        let toks = &doc.tokens;
        let words: Vec<Entry> = (0..toks.len())
            .filter(|&i| matches!(toks[i].kind(), TokenKind::Word | TokenKind::Number))
            .map(|i| Entry {
                token: i as u32,
                key: 0,
            })
            .collect();
        let text = |k: usize| doc.token_text(&toks[words[k].token as usize]);
        let adjacent = |k: usize| {
            let (a, b) = (words[k].token as usize, words[k + 1].token as usize);
            a + 2 == b
                && (toks[a + 1].kind() == TokenKind::Space
                    || (toks[a + 1].kind() == TokenKind::Newline
                        && line_breaks(doc.token_text(&toks[a + 1])) < 2))
        };
        let repeats = |j: usize, n: usize| {
            j + 2 * n <= words.len()
                && (j..j + 2 * n - 1).all(adjacent)
                && text(j).to_lowercase() == text(j + n).to_lowercase()
                && (1..n).all(|k| text(j + k) == text(j + n + k))
        };
        let mut out = Vec::new();
        let mut j = 0;
        while j < words.len() {
            let Some(n) = (MIN_N..=MAX_N).find(|&n| repeats(j, n)) else {
                j += 1;
                continue;
            };
            let mut copies = 2;
            while repeats(j + (copies - 1) * n, n) {
                copies += 1;
            }
            let first: Vec<Word> = words[j..j + n].iter().map(|e| word(doc, e)).collect();
            if !is_allowed(&first) && !is_heading_then_text(doc, &words, j, n) {
                let tok = |k: usize| toks[words[k].token as usize].span();
                let (start, end_first) = (tok(j).start, tok(j + n - 1).end);
                let end_last = tok(j + copies * n - 1).end;
                out.push(super::finding(doc, start, end_first, end_last, copies));
            }
            j += copies * n;
        }
        out
    }

    /// The run filter lets through every run where two consecutive words
    /// may match the two words the same distance `MIN_N..=MAX_N` before,
    /// on random key sequences from a small alphabet (non-ASCII words
    /// included), and no other run of ASCII words.
    #[test]
    fn filter_keeps_every_pair_match() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        let (mut kept, mut extra) = (0, 0);
        for _ in 0..50_000 {
            let len = next(14) as usize;
            let alphabet = 2 + next(6);
            let keys: Vec<Option<u8>> = (0..len)
                .map(|_| match next(alphabet + 1) {
                    0 if next(8) == 0 => None,
                    k => Some([0, 1, 0x7f, 0x20, 0x3f, 0x41, 0x61][k as usize % 7]),
                })
                .collect();
            let same = |a: usize, b: usize| match (keys[a], keys[b]) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            };
            let want = (1..len).any(|p| {
                (MIN_N..=MAX_N).any(|d| p > d && same(p, p - d) && same(p - 1, p - 1 - d))
            });
            let mut filter = RepeatFilter::new();
            for &k in &keys {
                filter.push(k);
            }
            let got = filter.may_repeat();
            assert!(got || !want, "{keys:?}");
            // A non-ASCII word lets its run through.
            if keys.iter().all(Option::is_some) {
                kept += usize::from(want);
                extra += usize::from(got && !want);
            }
        }
        assert!(kept > 5_000, "{kept}");
        assert_eq!(extra, 0, "{extra} of {kept}");
    }

    /// Random texts of few distinct words, so that repeats of every
    /// length are common.
    #[test]
    fn matches_the_reference_scan() {
        let words = [
            "the", "The", "of", "in", "In", "a", "on", "and", "so", "region", "Region", "\u{212A}",
            "k", "K", "ß", "SS", "Σ", "σ", "ς", "café", "CAFÉ", "4", "16", "x\u{301}",
        ];
        let gaps = [
            " ", " ", " ", " ", " ", " ", "  ", "\n", "\n\n", "\r\n", " \n ", "\t", "\u{a0}", ", ",
            ". ", "", "-", "😀",
        ];
        let mut next = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        let mut found = 0;
        for _ in 0..20_000 {
            // Short texts from a few words repeat; longer ones reach loops.
            let most = 5 + next(words.len() - 6);
            let vocabulary = 2 + next(most);
            let mut text = String::new();
            for _ in 0..next(40) {
                text.push_str(words[next(vocabulary)]);
                // Mostly one space, so that runs of words are long.
                text.push_str(if next(3) == 0 {
                    gaps[next(gaps.len())]
                } else {
                    " "
                });
            }
            let doc = Document::from_text(&text);
            let mut got = Vec::new();
            super::Rule::check(&RepeatedPhrase, &doc, &mut got);
            let want = reference(&doc);
            assert_eq!(got, want, "{text:?}");
            found += want.len();
        }
        // The texts must hold repeats often enough to mean something.
        assert!(found > 1000, "only {found} findings");
    }
}
