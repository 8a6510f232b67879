//! Proper-name mentions: runs of capitalised words (`Deputy Foreign Minister
//! Sergei Riabkov`), with particles (`bin Salman`, `al-Assad`) and hyphens
//! (`Amir-Abdollahian`) inside. Read from the shared tokens; dictionary
//! words stay in a mention as context (titles) but are never names.

use crate::source::Span;
use crate::text::lexicon;
use crate::text::scan::TokenCursor;
use crate::text::tokens::{shape, Token, TokenKind};
use crate::text::Document;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use unicode_normalization::char::is_combining_mark;

use super::key::pack_ascii;

/// What a word inside a mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartKind {
    /// A capitalised word that is not an English dictionary word (or is a
    /// name the lexicon lists capitalised): a candidate for variant checks.
    Name,
    /// A capitalised dictionary word: a title or part of an organisation
    /// (`Minister`, `Foreign`); context only.
    Title,
    /// A lowercase name particle: `bin`, `al`, `von`, `de`.
    Particle,
}

/// How a part is attached to the part before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Joiner {
    /// First part of the mention.
    None,
    Space,
    Hyphen,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamePart<'a> {
    /// The word without a possessive `’s`.
    pub span: Span,
    pub text: &'a str,
    pub kind: PartKind,
    pub joiner: Joiner,
}

/// One proper-name mention: at least one [`PartKind::Name`] part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention<'a> {
    pub span: Span,
    pub parts: Vec<NamePart<'a>>,
}

impl Mention<'_> {
    /// The text of the mention as written (possessive excluded).
    pub fn text<'a>(&self, doc: &'a Document) -> &'a str {
        doc.slice(self.span)
    }
}

/// Lowercase words that join a name (`Mohammed bin Salman`, `al-Assad`).
static PARTICLES: WordSet = WordSet::new(&[
    "al", "bin", "bint", "ibn", "abu", "el", "ul", "von", "van", "der", "den", "de", "da", "di",
    "du", "del", "della", "dos", "das", "le", "la",
]);

/// Capitalised function words that never belong to a name, even in a
/// title-case headline (lowercased).
static NEVER_IN_NAME: WordSet = WordSet::new(&[
    "a",
    "about",
    "according",
    "after",
    "all",
    "also",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "because",
    "before",
    "both",
    "but",
    "by",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "i",
    "if",
    "in",
    "is",
    "it",
    "its",
    "last",
    "my",
    "no",
    "not",
    "of",
    "on",
    "or",
    "our",
    "she",
    "so",
    "some",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "was",
    "we",
    "were",
    "what",
    "when",
    "while",
    "who",
    "why",
    "will",
    "with",
    "you",
    "your",
]);

/// A small set of short lowercase ASCII words with byte tests in front:
/// which lengths occur for each first byte, and which second letters.
/// Most words fail the tests, so the list is searched for few of them.
struct WordSet {
    words: &'static [&'static str],
    /// Bit `n` of `lengths[b]`: some word of `n` bytes starts with `b`.
    lengths: [u16; 256],
    /// Bit `k` of `seconds[b]`: some word starts with `b` and the `k`th
    /// lowercase letter; bit 26: some word is `b` alone.
    seconds: [u32; 256],
}

impl WordSet {
    /// Panics at compile time on a word that is empty, longer than 15
    /// bytes or not all lowercase ASCII letters.
    const fn new(words: &'static [&'static str]) -> WordSet {
        let mut lengths = [0u16; 256];
        let mut seconds = [0u32; 256];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            assert!(!w.is_empty() && w.len() < 16);
            let mut j = 0;
            while j < w.len() {
                assert!(w[j].is_ascii_lowercase());
                j += 1;
            }
            lengths[w[0] as usize] |= 1 << w.len();
            seconds[w[0] as usize] |= 1 << second_bit(w);
            i += 1;
        }
        WordSet {
            words,
            lengths,
            seconds,
        }
    }

    #[inline]
    fn contains(&self, word: &[u8]) -> bool {
        self.may_contain(word) && self.search(word)
    }

    /// The byte tests alone: false when `word` is surely not listed. Reads
    /// only the length and the first two bytes.
    #[inline]
    fn may_contain(&self, word: &[u8]) -> bool {
        let Some(&first) = word.first() else {
            return false;
        };
        word.len() < 16
            && self.lengths[usize::from(first)] & (1 << word.len()) != 0
            && self.seconds[usize::from(first)] & (1 << second_bit(word)) != 0
    }

    /// The list searched, for the words that pass the byte tests.
    #[inline(never)]
    fn search(&self, word: &[u8]) -> bool {
        // Byte loops, not `==`: a `memcmp` call per listed word of the
        // same length costs more than comparing two-to-five bytes inline.
        self.words.iter().any(|w| {
            let w = w.as_bytes();
            w.len() == word.len() && w.iter().zip(word).all(|(a, b)| a == b)
        })
    }
}

/// Which bit of [`WordSet::seconds`] stands for the second byte of `word`
/// (non-empty): 0–25 for a lowercase letter, 26 for none, 27 for any other
/// byte (which no listed word has).
const fn second_bit(word: &[u8]) -> u32 {
    if word.len() < 2 {
        26
    } else if word[1].is_ascii_lowercase() {
        (word[1] - b'a') as u32
    } else {
        27
    }
}

/// Finds every proper-name mention in `doc`, in text order.
pub fn mentions(doc: &Document) -> Vec<Mention<'_>> {
    let mut out = Vec::new();
    for_each_mention(doc, |span, parts| {
        out.push(Mention {
            span,
            parts: parts.to_vec(),
        });
    });
    out
}

/// Calls `sink` with the span and parts of every proper-name mention in
/// `doc`, in text order: [`mentions`] without a vector per mention.
pub fn for_each_mention<'a>(doc: &'a Document, sink: impl FnMut(Span, &[NamePart<'a>])) {
    LEXICAL.with_borrow_mut(|cache| mentions_with(doc, cache, sink));
}

/// What a word token is in a mention wherever it stands (its part kind with
/// the sentence-start test left open): the same for every occurrence of
/// the word in a document, so worked out once per distinct word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WordClass {
    /// Never a part.
    None,
    Particle,
    Title,
    Name,
    /// A listed name that is also a common word and never capitalised
    /// mid-sentence here: a title at a sentence start, else a name.
    TitleIfInitial,
}

impl WordClass {
    fn kind(self, sentence_initial: impl FnOnce() -> bool) -> Option<PartKind> {
        match self {
            WordClass::None => None,
            WordClass::Particle => Some(PartKind::Particle),
            WordClass::Title => Some(PartKind::Title),
            WordClass::Name => Some(PartKind::Name),
            WordClass::TitleIfInitial => Some(if sentence_initial() {
                PartKind::Title
            } else {
                PartKind::Name
            }),
        }
    }
}

/// Whether word token `t` can classify as a part at all ([`may_be_part`]
/// of its bytes), read from its shape bits where they decide: an ASCII
/// word is a candidate when it is all lowercase letters and a particle, or
/// starts with a capital.
#[inline(always)]
fn is_candidate(t: &Token, bytes: &[u8]) -> bool {
    let s = t.shape();
    if s & shape::NON_ASCII != 0 {
        return may_be_part_non_ascii(t, bytes);
    }
    if s & shape::LOWER != 0 {
        return PARTICLES.contains(&bytes[t.start()..t.end()]);
    }
    s & shape::HAS_UPPER != 0 && bytes[t.start()].is_ascii_uppercase()
}

/// The word tokens that may open a run ([`is_candidate`] with lowercase
/// particles left out, see [`opens_with_particle`]), met in text order:
/// those starting with an ASCII capital, from the document's list of words
/// holding a capital, and those starting with a non-ASCII byte, found by a
/// scan for such bytes. No token is visited that cannot matter.
struct Openers<'d> {
    toks: &'d [Token],
    bytes: &'d [u8],
    /// `Document::words_with_capital`, and the first entry not yet passed.
    capital: &'d [u32],
    next_capital: usize,
    /// The words starting with a non-ASCII byte ([`non_ascii_openers`]),
    /// and the first entry not yet passed.
    high: &'d [u32],
    next_high: usize,
}

impl<'d> Openers<'d> {
    fn new(doc: &'d Document, high: &'d [u32]) -> Openers<'d> {
        Openers {
            toks: &doc.tokens,
            bytes: doc.text().as_bytes(),
            capital: doc.words_with_capital(),
            next_capital: 0,
            high,
            next_high: 0,
        }
    }

    /// The first opener at or after token `from`. `from` never decreases
    /// from one call to the next, so the entries before it are passed for
    /// good.
    #[inline]
    fn next_from(&mut self, from: usize) -> Option<usize> {
        // Words with a later capital (`iPhone`) open no run.
        let (toks, bytes) = (self.toks, self.bytes);
        let opens = |k: usize| {
            toks.get(k)
                .and_then(|t| bytes.get(t.start()))
                .is_some_and(u8::is_ascii_uppercase)
        };
        let capital = loop {
            match self.capital.get(self.next_capital) {
                Some(&k) if (k as usize) < from || !opens(k as usize) => self.next_capital += 1,
                Some(&k) => break k as usize,
                None => break usize::MAX,
            }
        };
        while self
            .high
            .get(self.next_high)
            .is_some_and(|&k| (k as usize) < from)
        {
            self.next_high += 1;
        }
        let high = self
            .high
            .get(self.next_high)
            .map_or(usize::MAX, |&k| k as usize);
        let k = capital.min(high);
        (k != usize::MAX).then_some(k)
    }
}

/// Into `out` (cleared), in order: the word tokens starting with a
/// non-ASCII byte. Rare in English prose, so found through the runs of
/// non-ASCII bytes rather than by visiting every token: the tokens that
/// start inside a run, walked one after another from the token holding
/// the run's first byte (a run of 100k quote marks costs a step per mark,
/// not a search).
fn non_ascii_openers(doc: &Document, out: &mut Vec<u32>) {
    let toks = &doc.tokens;
    out.clear();
    let mut cursor = TokenCursor::new(toks);
    for run in doc.non_ascii_runs() {
        let mut k = cursor.containing(run.start);
        while let Some(t) = toks.get(k) {
            if t.start() >= run.end {
                break;
            }
            if t.start() >= run.start && t.is_word() {
                out.push(k as u32);
            }
            k += 1;
        }
    }
}

/// Whether a particle two tokens before word token `i` opens a run with
/// it: outside a run, a particle is kept only when a capitalised word
/// follows (`next_cap` in [`mentions_with`]) and that word is attached by
/// one space or a hyphen; otherwise the particle is dropped unseen.
#[inline(never)]
fn opens_with_particle(doc: &Document, i: usize, bytes: &[u8]) -> bool {
    let toks = &doc.tokens;
    let (p, gap) = (&toks[i - 2], &toks[i - 1]);
    p.is_word()
        && p.has_shape(shape::LOWER)
        && PARTICLES.contains(&bytes[p.start()..p.end()])
        && match gap.kind() {
            TokenKind::Space => doc.token_text(gap).chars().count() == 1,
            TokenKind::Punct => is_hyphen(doc.token_text(gap)),
            _ => false,
        }
        && is_capitalised(doc.token_text(&toks[i]))
}

#[inline(never)]
fn may_be_part_non_ascii(t: &Token, bytes: &[u8]) -> bool {
    bytes.get(t.span().range()).is_some_and(may_be_part)
}

/// The bytes of an ASCII token of at most 15 bytes packed as
/// [`pack_ascii`] packs them, read with one 16-byte load where the text
/// goes on that far.
#[inline]
fn token_key(t: &Token, bytes: &[u8]) -> Option<u128> {
    let len = t.len();
    if len > 15 || t.shape() & shape::NON_ASCII != 0 {
        return None;
    }
    let Some(window) = bytes.get(t.start()..t.start() + 16) else {
        return pack_ascii(&bytes[t.start()..t.end()], false);
    };
    let mut buf = [0u8; 16];
    buf.copy_from_slice(window);
    let mask = (1u128 << (8 * len)) - 1;
    Some((u128::from_le_bytes(buf) & mask) | ((len as u128) << 120))
}

fn mentions_with<'a>(
    doc: &'a Document,
    cache: &mut LexicalCache,
    mut sink: impl FnMut(Span, &[NamePart<'a>]),
) {
    let toks = &doc.tokens;
    let bytes = doc.text().as_bytes();
    let LexicalCache {
        known,
        known_short,
        seen_short,
        high,
    } = cache;
    let mut known = Known {
        long: known,
        short: known_short,
        lookups: 0,
        hits: 0,
    };
    // The words that may open a run.
    non_ascii_openers(doc, high);
    let mut openers = Openers::new(doc, high);
    // The class of each distinct word of this text: short ASCII words by
    // their packed bytes, others by their text.
    seen_short.clear();
    let mut seen_long: FxHashMap<&'a str, WordClass> = FxHashMap::default();
    // Lookups and hits in `seen_short` and `seen_long`: a text of distinct
    // words (a list of names) stops using them after [`KNOWN_PROBE`]
    // lookups, as [`Known`] does, since a word's class is the same
    // however it is worked out.
    let (mut seen_lookups, mut seen_hits) = (0u32, 0u32);
    let mut current: Vec<NamePart> = Vec::new();
    // Index of the last token that belongs to `current`.
    let mut last_tok = 0usize;
    // How many sentences start at or before the current token.
    let mut sentence = 0usize;
    let mut i = 0usize;

    while i < toks.len() {
        if current.is_empty() {
            // Outside a run only a word that may open one matters: skip to
            // it without testing lowercase words for particles.
            let from = i;
            match openers.next_from(from) {
                Some(k) => i = k,
                None => break,
            }
            // A particle opens a run only right before a capitalised word
            // (`bin Salman`); any other particle met outside a run adds
            // nothing, so only the word before this one can be such.
            if i >= from + 2
                && toks[i - 2].has_shape(shape::LOWER)
                && opens_with_particle(doc, i, bytes)
            {
                i -= 2;
            }
        }
        let t = &toks[i];
        if !t.is_word() {
            i += 1;
            continue;
        }
        // Most words are lowercase and no particle: they end the run, and
        // a byte test tells so without classifying them.
        if !is_candidate(t, bytes) {
            flush(&mut current, &mut sink);
            i += 1;
            continue;
        }
        let text = doc.token_text(t);
        let joiner = if current.is_empty() {
            Joiner::None
        } else {
            joiner_between(doc, last_tok, i)
        };
        if joiner == Joiner::None && !current.is_empty() {
            flush(&mut current, &mut sink);
        }
        let joiner = if current.is_empty() {
            Joiner::None
        } else {
            joiner
        };
        let lexical_of = |bare: &str| known.lexical(bare);
        let letters = t.has_shape(shape::LETTERS);
        let class = if seen_lookups >= KNOWN_PROBE && seen_hits < seen_lookups / 4 {
            word_class(doc, text, letters, lexical_of)
        } else {
            seen_lookups += 1;
            let (class, hit) = match token_key(t, bytes) {
                Some(key) => match seen_short.entry(key) {
                    Entry::Occupied(e) => (*e.get(), true),
                    Entry::Vacant(e) => {
                        (*e.insert(word_class(doc, text, letters, lexical_of)), false)
                    }
                },
                None => match seen_long.entry(text) {
                    Entry::Occupied(e) => (*e.get(), true),
                    Entry::Vacant(e) => {
                        (*e.insert(word_class(doc, text, letters, lexical_of)), false)
                    }
                },
            };
            seen_hits += u32::from(hit);
            class
        };
        let sentence_initial = || is_sentence_initial(doc, i, &mut sentence);
        match class.kind(sentence_initial) {
            Some(PartKind::Particle) => {
                // A particle only joins when a capitalised word follows it.
                let next_cap = doc
                    .next_non_space(i)
                    .map(|n| {
                        let n = if is_hyphen(doc.token_text(&toks[n]))
                            && toks[i].span().end == toks[n].span().start
                        {
                            n + 1
                        } else {
                            n
                        };
                        n < toks.len()
                            && toks[n].is_word()
                            && is_capitalised(doc.token_text(&toks[n]))
                    })
                    .unwrap_or(false);
                if next_cap {
                    current.push(part(t.span(), text, PartKind::Particle, joiner));
                    last_tok = i;
                } else {
                    flush(&mut current, &mut sink);
                }
            }
            Some(kind) => {
                // Only a word with an apostrophe can be possessive.
                let (span, text) = if letters {
                    (t.span(), text)
                } else {
                    strip_possessive(t.span(), text)
                };
                let possessive = span != t.span();
                if current.len() == 256 {
                    // A long run (a list of names): room for every word with
                    // a capital at once, not by doubling.
                    current.reserve(doc.words_with_capital().len());
                }
                current.push(part(span, text, kind, joiner));
                last_tok = i;
                // `Lavrov’s deputy`: the possessive ends the name.
                if possessive {
                    flush(&mut current, &mut sink);
                }
            }
            None => flush(&mut current, &mut sink),
        }
        i += 1;
    }
    flush(&mut current, &mut sink);
    // A text of many distinct words leaves no large table behind.
    if seen_short.capacity() > LEXICAL_CACHE_MAX {
        *seen_short = FxHashMap::default();
    }
}

/// The thread's [`LexicalCache::known`] maps as one document uses them:
/// asked only for a word's first occurrence in the document (later ones
/// answer from `seen_short` or `seen_long`), so it pays only for words
/// that recur across documents. A document whose first occurrences mostly
/// miss it (one long text, a list of distinct names) stops asking it, and
/// filling it, after [`KNOWN_PROBE`] lookups.
struct Known<'c> {
    long: &'c mut FxHashMap<Box<str>, Lexical>,
    short: &'c mut FxHashMap<u128, Lexical>,
    /// Lookups and hits in this document, until the cache is given up.
    lookups: u32,
    hits: u32,
}

/// Lookups a document makes in [`Known`] before it judges the hit rate.
const KNOWN_PROBE: u32 = 4096;

impl Known<'_> {
    /// [`lexical`] of `bare`, through the cache while it pays.
    fn lexical(&mut self, bare: &str) -> Lexical {
        if self.lookups >= KNOWN_PROBE && self.hits < self.lookups / 4 {
            return lexical(bare);
        }
        self.lookups += 1;
        let (l, hit) = lexical_cached(bare, self.long, self.short);
        self.hits += u32::from(hit);
        l
    }
}

/// [`lexical`] through the thread's cache, and whether the cache knew it.
fn lexical_cached(
    bare: &str,
    known: &mut FxHashMap<Box<str>, Lexical>,
    known_short: &mut FxHashMap<u128, Lexical>,
) -> (Lexical, bool) {
    if known.len() + known_short.len() >= LEXICAL_CACHE_MAX {
        known.clear();
        known_short.clear();
    }
    if let Some(key) = pack_ascii(bare.as_bytes(), false) {
        return match known_short.entry(key) {
            Entry::Occupied(e) => (*e.get(), true),
            Entry::Vacant(e) => (*e.insert(lexical(bare)), false),
        };
    }
    if let Some(&l) = known.get(bare) {
        return (l, true);
    }
    let l = lexical(bare);
    known.insert(bare.into(), l);
    (l, false)
}

/// Whether `word` can classify as a part at all: a particle, or a word not
/// starting with a lowercase ASCII letter, digit or symbol. Rules out most
/// words with a byte test; [`word_class`] decides the rest.
fn may_be_part(word: &[u8]) -> bool {
    match word.first() {
        Some(b) if b.is_ascii_lowercase() => PARTICLES.contains(word),
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => true,
        None => false,
    }
}

fn part(span: Span, text: &str, kind: PartKind, joiner: Joiner) -> NamePart<'_> {
    NamePart {
        span,
        text,
        kind,
        joiner,
    }
}

/// Ends the current run; hands it to `sink` when it holds a name.
fn flush<'a>(current: &mut Vec<NamePart<'a>>, sink: &mut impl FnMut(Span, &[NamePart<'a>])) {
    if current.is_empty() {
        return;
    }
    // A trailing particle never ends a name.
    while current.last().is_some_and(|p| p.kind == PartKind::Particle) {
        current.pop();
    }
    if current.iter().any(|p| p.kind == PartKind::Name) {
        let span = Span::new(current[0].span.start, current[current.len() - 1].span.end);
        if let Some(first) = current.first_mut() {
            first.joiner = Joiner::None;
        }
        sink(span, current);
    }
    current.clear();
}

/// How word token `b` attaches to word token `a` before it: one space, or
/// a hyphen with no space around it; anything else ends the mention.
fn joiner_between(doc: &Document, a: usize, b: usize) -> Joiner {
    let toks = &doc.tokens;
    match b - a {
        2 => {
            let gap = &toks[a + 1];
            // A one-byte space (nearly always) is one char without reading it.
            if gap.kind() == TokenKind::Space && gap.len() == 1 {
                return Joiner::Space;
            }
            let gap_text = doc.token_text(gap);
            if gap.kind() == TokenKind::Space && gap_text.chars().count() == 1 {
                Joiner::Space
            } else if gap.kind() == TokenKind::Punct && is_hyphen(gap_text) {
                Joiner::Hyphen
            } else {
                Joiner::None
            }
        }
        _ => Joiner::None,
    }
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "\u{2010}" | "\u{2011}")
}

/// First letter uppercase, at least two letters, not all capitals (an
/// acronym or a shouted headline).
fn is_capitalised(word: &str) -> bool {
    if word.is_ascii() {
        return is_capitalised_ascii(word.as_bytes());
    }
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    // Some later letter is lowercase.
    chars.any(|c| crate::text::chars::is_alphabetic(c) && c.is_lowercase())
}

/// [`is_capitalised`] of an ASCII word.
fn is_capitalised_ascii(bytes: &[u8]) -> bool {
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes[1..].iter().any(u8::is_ascii_lowercase)
}

/// Letters with inner apostrophes only: `O’Brien`, not `III:Ag` or `U.S`.
fn is_name_word(word: &str) -> bool {
    if word.is_ascii() {
        return word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\'');
    }
    word.chars().all(|c| {
        crate::text::chars::is_alphabetic(c) || c == '\'' || c == '’' || is_combining_mark(c)
    })
}

/// What `word` is in a mention wherever it stands. `letters`: the word is
/// known to be ASCII letters only. `lexical` is [`lexical`], perhaps cached.
fn word_class<'a>(
    doc: &Document,
    word: &'a str,
    letters: bool,
    lexical: impl FnOnce(&'a str) -> Lexical,
) -> WordClass {
    if !letters && !is_name_word(word) {
        return WordClass::None;
    }
    // A letters token is ASCII: no scan to find that out.
    let capitalised = if letters {
        is_capitalised_ascii(word.as_bytes())
    } else {
        is_capitalised(word)
    };
    if !capitalised {
        return if PARTICLES.contains(word.as_bytes()) {
            WordClass::Particle
        } else {
            WordClass::None
        };
    }
    let bare = if letters {
        word
    } else {
        strip_possessive(Span::new(0, word.len()), word).1
    };
    if never_in_name(bare, letters) {
        return WordClass::None;
    }
    match lexical(bare) {
        Lexical::ListedName { common_lowercase } => {
            // `May`, `Will` open sentences as words, not names.
            if common_lowercase && !occurs_mid_sentence(doc, bare) {
                WordClass::TitleIfInitial
            } else {
                WordClass::Name
            }
        }
        Lexical::Word => WordClass::Title,
        // Hyphenated or apostrophised words the lexicon lists by their parts.
        Lexical::Unlisted => WordClass::Name,
    }
}

/// Whether `word` lowercased is in [`NEVER_IN_NAME`]. `ascii`: `word` is
/// known to be ASCII.
fn never_in_name(word: &str, ascii: bool) -> bool {
    let bytes = word.as_bytes();
    if bytes.len() <= 16 && (ascii || bytes.is_ascii()) {
        let mut lower = [0u8; 16];
        // The first two letters and the length rule out most words.
        for (l, b) in lower.iter_mut().zip(bytes).take(2) {
            *l = b.to_ascii_lowercase();
        }
        if !NEVER_IN_NAME.may_contain(&lower[..bytes.len()]) {
            return false;
        }
        for (l, b) in lower.iter_mut().zip(bytes).skip(2) {
            *l = b.to_ascii_lowercase();
        }
        return NEVER_IN_NAME.search(&lower[..bytes.len()]);
    }
    lexicon::with_lowercase(word, |lower| NEVER_IN_NAME.contains(lower.as_bytes()))
}

/// The thread's memory of word facts, kept across documents.
#[derive(Default)]
struct LexicalCache {
    /// [`lexical`] of each capitalised word seen (short ASCII words in
    /// `known_short` by [`pack_ascii`]): the word list is a large map whose
    /// lookups miss the CPU cache, and the same capitalised words recur in
    /// every text.
    known: FxHashMap<Box<str>, Lexical>,
    known_short: FxHashMap<u128, Lexical>,
    /// The [`WordClass`] of each short ASCII word of the current document;
    /// kept here so its table is not grown anew for every document.
    seen_short: FxHashMap<u128, WordClass>,
    /// The current document's [`non_ascii_openers`], in a buffer kept
    /// across documents.
    high: Vec<u32>,
}

/// Most words remembered by [`LEXICAL`] before it starts over.
const LEXICAL_CACHE_MAX: usize = 1 << 16;

thread_local! {
    static LEXICAL: RefCell<LexicalCache> = RefCell::new(LexicalCache::default());
}

/// What the word list says about a capitalised word (possessive stripped).
/// The same for every occurrence, so looked up once per distinct word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lexical {
    /// A name the lexicon lists capitalised (`Paris`, `May`), and whether
    /// its lowercase form is a common word.
    ListedName {
        common_lowercase: bool,
    },
    /// A dictionary word written capitalised (`Minister`): a title.
    Word,
    Unlisted,
}

fn lexical(bare: &str) -> Lexical {
    let bytes = bare.as_bytes();
    // The lexicon looked up by bytes: no UTF-8 check of the lowercase copy,
    // no search for a `’` that ASCII cannot hold, and the two lookups of a
    // capitalised word hashed in one pass and overlapped. For ASCII,
    // `char::is_uppercase` is `is_ascii_uppercase`.
    let levels = if bytes.first().is_some_and(u8::is_ascii_uppercase) {
        // Checks for ASCII and length itself.
        lexicon::level_exact_ascii_and_lowercase(bytes)
    } else if bytes.len() <= 64 && bytes.is_ascii() {
        let mut buf = [0u8; 64];
        let lower = &mut buf[..bytes.len()];
        lower.copy_from_slice(bytes);
        lower.make_ascii_lowercase();
        Some((None, lexicon::level_exact_ascii(lower)))
    } else {
        None
    };
    match levels {
        Some((Some(_), low)) => Lexical::ListedName {
            common_lowercase: low.is_some_and(|l| l <= 35),
        },
        Some((None, Some(_))) => Lexical::Word,
        Some((None, None)) => Lexical::Unlisted,
        None => lexical_reference(bare),
    }
}

/// [`lexical`] through `&str` lookups: every word the byte path does not
/// take, and the reference the byte path is tested against.
fn lexical_reference(bare: &str) -> Lexical {
    lexicon::with_lowercase(bare, |lower| {
        if lexicon::is_listed_capitalised(bare) {
            Lexical::ListedName {
                common_lowercase: lexicon::level_exact(lower).is_some_and(|l| l <= 35),
            }
        } else if lexicon::level_exact(lower).is_some() {
            Lexical::Word
        } else {
            Lexical::Unlisted
        }
    })
}

/// Whether `word` also appears capitalised somewhere not at a sentence start.
fn occurs_mid_sentence(doc: &Document, word: &str) -> bool {
    // The document's word counts are case-insensitive; a second occurrence
    // is enough evidence that the capitalised word is a name.
    doc.word_count(word) > 1
}

/// `Lavrov’s` → `Lavrov`; `Lavrovs’`-style plurals are left alone.
fn strip_possessive(span: Span, text: &str) -> (Span, &str) {
    for suffix in ["’s", "'s", "’S", "'S"] {
        if let Some(stem) = text.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (Span::new(span.start, span.start + stem.len()), stem);
            }
        }
    }
    (span, text)
}

/// Whether word token `i` is the first word of its sentence (after opening
/// quotes, brackets or dashes) or the first word of a line (headlines and
/// list items start lines without ending a sentence).
///
/// `sentence` counts the sentences that start at or before an earlier
/// token; it is advanced to `i`.
fn is_sentence_initial(doc: &Document, i: usize, sentence: &mut usize) -> bool {
    let toks = &doc.tokens;
    let counts = |j: usize| matches!(toks[j].kind(), TokenKind::Word | TokenKind::Number);
    // Back to the line break or the word before.
    match (0..i)
        .rev()
        .find(|&j| toks[j].kind() == TokenKind::Newline || counts(j))
    {
        Some(j) if counts(j) => {}
        _ => return true,
    }
    // Sentences are in text order and do not overlap: only the one holding
    // token `i` can start with it.
    let sentences = &doc.sentences;
    while *sentence < sentences.len() && sentences[*sentence].tokens.start <= i {
        *sentence += 1;
    }
    let k = *sentence;
    k > 0 && {
        let s = &doc.sentences[k - 1].tokens;
        s.contains(&i) && !(s.start..i).any(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let doc = Document::from_text(text);
        mentions(&doc)
            .iter()
            .map(|m| m.text(&doc).to_owned())
            .collect()
    }

    /// The mention finder as it was before the streaming and cached version:
    /// every word token classified from scratch.
    fn mentions_reference(doc: &Document) -> Vec<Mention<'_>> {
        let toks = &doc.tokens;
        let bytes = doc.text().as_bytes();
        // `lexical` of the capitalised words of this text, in front of `known`.
        let mut out = Vec::new();
        let mut current: Vec<NamePart> = Vec::new();
        // Index of the last token that belongs to `current`.
        let mut last_tok = 0usize;
        // How many sentences start at or before the current token.
        let mut sentence = 0usize;

        for (i, t) in toks.iter().enumerate() {
            if !t.is_word() {
                continue;
            }
            // Most words are lowercase and no particle: they end the run, and
            // a byte test tells so without classifying them.
            if !bytes.get(t.span().range()).is_some_and(may_be_part) {
                if !current.is_empty() {
                    flush_reference(&mut current, &mut out);
                }
                continue;
            }
            let text = doc.token_text(t);
            let joiner = if current.is_empty() {
                Joiner::None
            } else {
                joiner_between(doc, last_tok, i)
            };
            if joiner == Joiner::None && !current.is_empty() {
                flush_reference(&mut current, &mut out);
            }
            let joiner = if current.is_empty() {
                Joiner::None
            } else {
                joiner
            };
            let lookup = lexical_reference;
            let sentence_initial = || is_sentence_initial(doc, i, &mut sentence);
            match classify_reference(doc, text, sentence_initial, lookup) {
                Some(PartKind::Particle) => {
                    // A particle only joins when a capitalised word follows it.
                    let next_cap = doc
                        .next_non_space(i)
                        .map(|n| {
                            let n = if is_hyphen(doc.token_text(&toks[n]))
                                && toks[i].span().end == toks[n].span().start
                            {
                                n + 1
                            } else {
                                n
                            };
                            n < toks.len()
                                && toks[n].is_word()
                                && is_capitalised(doc.token_text(&toks[n]))
                        })
                        .unwrap_or(false);
                    if next_cap {
                        current.push(part(t.span(), text, PartKind::Particle, joiner));
                        last_tok = i;
                    } else {
                        flush_reference(&mut current, &mut out);
                    }
                }
                Some(kind) => {
                    let (span, text) = strip_possessive(t.span(), text);
                    let possessive = span != t.span();
                    current.push(part(span, text, kind, joiner));
                    last_tok = i;
                    // `Lavrov’s deputy`: the possessive ends the name.
                    if possessive {
                        flush_reference(&mut current, &mut out);
                    }
                }
                None => flush_reference(&mut current, &mut out),
            }
        }
        flush_reference(&mut current, &mut out);
        out
    }

    fn flush_reference<'a>(current: &mut Vec<NamePart<'a>>, out: &mut Vec<Mention<'a>>) {
        while current.last().is_some_and(|p| p.kind == PartKind::Particle) {
            current.pop();
        }
        if current.iter().any(|p| p.kind == PartKind::Name) {
            let span = Span::new(current[0].span.start, current[current.len() - 1].span.end);
            if let Some(first) = current.first_mut() {
                first.joiner = Joiner::None;
            }
            out.push(Mention {
                span,
                parts: current.clone(),
            });
        }
        current.clear();
    }

    fn classify_reference<'a>(
        doc: &Document,
        word: &'a str,
        sentence_initial: impl FnOnce() -> bool,
        lexical: impl FnOnce(&'a str) -> Lexical,
    ) -> Option<PartKind> {
        if !is_name_word(word) {
            return None;
        }
        if !is_capitalised(word) {
            return PARTICLES
                .contains(word.as_bytes())
                .then_some(PartKind::Particle);
        }
        let bare = strip_possessive(Span::new(0, word.len()), word).1;
        if lexicon::with_lowercase(bare, |lower| NEVER_IN_NAME.contains(lower.as_bytes())) {
            return None;
        }
        match lexical(bare) {
            Lexical::ListedName { common_lowercase } => {
                // `May`, `Will` open sentences as words, not names.
                if common_lowercase && sentence_initial() && !occurs_mid_sentence(doc, bare) {
                    Some(PartKind::Title)
                } else {
                    Some(PartKind::Name)
                }
            }
            Lexical::Word => Some(PartKind::Title),
            // Hyphenated or apostrophised words the lexicon lists by their parts.
            Lexical::Unlisted => Some(PartKind::Name),
        }
    }

    /// Texts for the agreement tests: the seeds and random runs of names,
    /// titles, particles, possessives, hyphens, sentence ends and odd words.
    fn agreement_texts() -> Vec<String> {
        let mut texts: Vec<String> = Vec::new();
        for dir in ["/seeds", "/tests/fixtures"] {
            let dir = format!("{}{dir}", env!("CARGO_MANIFEST_DIR"));
            if let Ok(entries) = std::fs::read_dir(dir) {
                for e in entries.flatten() {
                    if let Ok(t) = std::fs::read_to_string(e.path()) {
                        texts.push(t);
                    }
                }
            }
        }
        let pieces = [
            "Sergei",
            "Riabkov",
            "Ryakov",
            "Lavrov’s",
            "Lavrov's",
            "O'Neill",
            "O’Brien",
            "May",
            "Will",
            "The",
            "Foreign",
            "Minister",
            "bin",
            "al",
            "de",
            "della",
            "von",
            "Salman",
            "Amir",
            "Abdollahian",
            "Erdoğan",
            "Ärzte",
            "Øresund",
            "İstanbul",
            "ǅemal",
            "NATO",
            "U.S",
            "III",
            "3D",
            "iPhone",
            "the",
            "said",
            "and",
            "in",
            "über",
            "ñandú",
            "Verylongcapitalisedname",
            "X",
            " ",
            " ",
            " ",
            "  ",
            "-",
            "‐",
            "\n",
            ".",
            ". ",
            ", ",
            "\"",
            "«",
            "(",
            "’s",
            "'S",
            "\u{301}",
            "Ab\u{1A}c",
            "😀",
            "May's",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..400 {
            let mut t = String::new();
            for _ in 0..60 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                t.push_str(pieces[(state % pieces.len() as u64) as usize]);
                if state % 3 == 0 {
                    t.push(' ');
                }
            }
            texts.push(t);
        }
        texts
    }

    #[test]
    fn lexical_byte_path_agrees_with_reference() {
        let mut below = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        let mut words: Vec<String> = lexicon::listed_words()
            .step_by(31)
            .flat_map(|w| {
                let mut cap: Vec<char> = w.chars().collect();
                if let Some(c) = cap.first_mut() {
                    *c = c.to_ascii_uppercase();
                }
                [w.to_owned(), cap.into_iter().collect(), w.to_uppercase()]
            })
            .collect();
        for _ in 0..3000 {
            words.push(lexicon::random_word(&mut below, b"aeiKqzv'-AbMP"));
        }
        words.extend(
            [
                "",
                "May",
                "Will",
                "O’Brien",
                "Zürich",
                "É",
                "Paris",
                "PARIS",
            ]
            .map(str::to_owned),
        );
        words.push("A".repeat(64));
        words.push("A".repeat(65));
        for w in &words {
            assert_eq!(lexical(w), lexical_reference(w), "{w:?}");
        }
    }

    #[test]
    fn mentions_agree_with_reference() {
        for text in agreement_texts() {
            let doc = Document::from_text(&text);
            assert_eq!(mentions(&doc), mentions_reference(&doc), "{text:?}");
            // Twice: the second run answers from the thread's caches.
            assert_eq!(mentions(&doc), mentions_reference(&doc), "{text:?}");
        }
    }

    #[test]
    fn mentions_agree_with_reference_when_the_word_cache_is_given_up() {
        // More distinct capitalised words than [`KNOWN_PROBE`], nearly all
        // new to the cache, then listed names, titles and common words, so
        // the words after the cache is given up are classified directly.
        let mut below = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        let mut text = String::new();
        for i in 0..2 * KNOWN_PROBE {
            text.push(char::from(b'A' + below(26) as u8));
            for _ in 0..3 + below(7) {
                text.push(char::from(b'a' + below(26) as u8));
            }
            text.push_str(match i % 9 {
                0 => ". ",
                1 => ", said ",
                2 => " bin ",
                3 => "’s ",
                _ => " ",
            });
        }
        text.push_str(
            "May said. Will Paris and the Minister of Geneva? Deputy Foreign Minister \
             Sergei Riabkov met Mohammed bin Salman in London. The May talks. In May, \
             Will Smith and John O’Neill’s aide left Moscow for al-Assad’s Damascus.",
        );
        let doc = Document::from_text(&text);
        assert_eq!(mentions(&doc), mentions_reference(&doc));
    }

    /// [`is_candidate`] for a word outside a run, lowercase particles left
    /// out: the test the opener search made of every token.
    fn may_open_run(t: &Token, bytes: &[u8]) -> bool {
        let s = t.shape();
        if s & shape::NON_ASCII != 0 {
            return may_be_part_non_ascii(t, bytes);
        }
        s & shape::HAS_UPPER != 0 && bytes[t.start()].is_ascii_uppercase()
    }

    #[test]
    fn openers_are_the_words_that_may_open_a_run() {
        let mut texts = agreement_texts();
        // Non-ASCII bytes around the 8- and 32-byte steps of the scan,
        // inside, before and after words, and in words of their own.
        for pad in 0..70 {
            let a = "x".repeat(pad);
            texts.push(format!("{a}Ärzte {a}ab’s Öl-Über x中文 «Über» 😀 é{a}É"));
            texts.push(format!("{a} über{a}{}Ωmega", '\u{a0}'));
            texts.push(format!("{a}““Über””Ärzte“ „Öl“’’{a}"));
        }
        let mut high = Vec::new();
        for text in texts {
            let doc = Document::from_text(&text);
            let bytes = doc.text().as_bytes();
            let may_open = |i: usize| {
                let t = &doc.tokens[i];
                t.is_word() && may_open_run(t, bytes)
            };
            non_ascii_openers(&doc, &mut high);
            // From every start, one after another, as the finder asks.
            let mut openers = Openers::new(&doc, &high);
            for from in 0..=doc.tokens.len() {
                let want = (from..doc.tokens.len()).find(|&i| may_open(i));
                assert_eq!(openers.next_from(from), want, "{from} in {text:?}");
            }
            // From the openers alone, skipping the tokens between.
            let mut openers = Openers::new(&doc, &high);
            let mut from = 0;
            while let Some(k) = openers.next_from(from) {
                assert_eq!((from..doc.tokens.len()).find(|&i| may_open(i)), Some(k));
                from = k + 1;
            }
            assert!((from..doc.tokens.len()).all(|i| !may_open(i)), "{text:?}");
        }
    }

    #[test]
    fn candidate_test_agrees_with_the_bytes() {
        for text in agreement_texts() {
            let doc = Document::from_text(&text);
            let bytes = doc.text().as_bytes();
            for t in doc.tokens.iter().filter(|t| t.is_word()) {
                assert_eq!(
                    is_candidate(t, bytes),
                    may_be_part(&bytes[t.span().range()]),
                    "{:?}",
                    doc.token_text(t)
                );
            }
        }
    }

    #[test]
    fn token_keys_equal_packed_bytes() {
        for text in agreement_texts() {
            let doc = Document::from_text(&text);
            let bytes = doc.text().as_bytes();
            for t in doc.tokens.iter() {
                assert_eq!(
                    token_key(t, bytes),
                    pack_ascii(&bytes[t.span().range()], false),
                    "{:?}",
                    doc.token_text(t)
                );
            }
        }
    }

    #[test]
    fn packed_keys_are_distinct_for_distinct_words() {
        let words = [
            "",
            "a",
            "A",
            "ab",
            "ba",
            "a\0",
            "abcdefghijklmno",
            "abcdefghijklmn",
        ];
        for (i, a) in words.iter().enumerate() {
            for (j, b) in words.iter().enumerate() {
                let (ka, kb) = (
                    pack_ascii(a.as_bytes(), false),
                    pack_ascii(b.as_bytes(), false),
                );
                assert_eq!(ka == kb, i == j, "{a:?} {b:?}");
            }
        }
        assert_eq!(pack_ascii(b"Abc", true), pack_ascii(b"aBC", true));
        assert_eq!(pack_ascii(b"abcdefghijklmnop", false), None);
        assert_eq!(pack_ascii("é".as_bytes(), false), None);
    }

    #[test]
    fn finds_multi_word_names_with_titles() {
        assert_eq!(
            names("said Deputy Foreign Minister Sergei Riabkov in Geneva."),
            ["Deputy Foreign Minister Sergei Riabkov", "Geneva"]
        );
    }

    #[test]
    fn keeps_hyphens_and_particles() {
        assert_eq!(
            names("met Amir-Abdollahian and Mohammed bin Salman."),
            ["Amir-Abdollahian", "Mohammed bin Salman"]
        );
        assert_eq!(names("the crown prince bin Salman spoke"), ["bin Salman"]);
        assert_eq!(names("the regime of al-Assad fell"), ["al-Assad"]);
    }

    #[test]
    fn drops_possessive() {
        let doc = Document::from_text("as Lavrov’s deputy said");
        let m = mentions(&doc);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].parts[0].text, "Lavrov");
    }

    #[test]
    fn sentence_initial_common_words_are_not_names() {
        let doc = Document::from_text("The talks ended. However, nothing changed.");
        assert!(mentions(&doc).is_empty());
    }

    #[test]
    fn dictionary_words_are_titles_not_names() {
        let doc = Document::from_text("the Foreign Ministry said");
        assert!(mentions(&doc).is_empty());
    }

    #[test]
    fn acronyms_and_numbers_are_not_names() {
        let doc = Document::from_text("the NATO and OSCE summit in 2024");
        assert!(mentions(&doc).is_empty());
    }

    #[test]
    fn word_sets_agree_with_their_lists() {
        for set in [&PARTICLES, &NEVER_IN_NAME] {
            for w in set.words {
                assert!(set.contains(w.as_bytes()), "{w}");
            }
            let text = "a an al Al bin bint binti ibn abu el ul von van der den de da di du \
                        del della dos das le la the The about abouts according x xx \
                        your yours ü über d dé 🙂";
            for w in text.split(' ') {
                let listed = set.words.contains(&w);
                assert_eq!(set.contains(w.as_bytes()), listed, "{w}");
            }
        }
        assert!(!PARTICLES.contains(b""));
    }

    #[test]
    fn stop_word_test_agrees_with_lowercasing() {
        let mut words: Vec<String> = NEVER_IN_NAME
            .words
            .iter()
            .map(|w| (*w).to_owned())
            .collect();
        words.extend(NEVER_IN_NAME.words.iter().map(|w| w.to_uppercase()));
        words.extend(NEVER_IN_NAME.words.iter().map(|w| format!("{w}s")));
        words.extend(NEVER_IN_NAME.words.iter().map(|w| w[1..].to_owned()));
        for w in [
            "The",
            "THE",
            "ThE",
            "Theo",
            "Th",
            "According",
            "ACCORDINGLY",
            "Über",
            "İt",
            "It’s",
            "",
            "A",
            "Ab",
            "Abcdefghijklmnopq",
            "Sixteenlettersxx",
            "Seventeenletters",
        ] {
            words.push(w.to_owned());
        }
        for w in &words {
            let want = lexicon::with_lowercase(w, |lower| NEVER_IN_NAME.contains(lower.as_bytes()));
            assert_eq!(never_in_name(w, false), want, "{w:?}");
            if w.is_ascii() {
                assert_eq!(never_in_name(w, true), want, "{w:?}");
            }
        }
    }

    #[test]
    fn word_sets_agree_with_their_lists_exhaustively() {
        let alphabet: Vec<u8> = (b'a'..=b'z').chain([b'A', b'\'', b'-', 0xC3]).collect();
        for set in [&PARTICLES, &NEVER_IN_NAME] {
            let listed = |w: &[u8]| set.words.iter().any(|x| x.as_bytes() == w);
            let mut words: Vec<Vec<u8>> = Vec::new();
            // Every word of up to three bytes over the alphabet.
            for &a in &alphabet {
                words.push(vec![a]);
                for &b in &alphabet {
                    words.push(vec![a, b]);
                    for &c in &alphabet {
                        words.push(vec![a, b, c]);
                    }
                }
            }
            // Each listed word with one byte changed, dropped or added.
            for w in set.words {
                let w = w.as_bytes();
                for i in 0..=w.len() {
                    for &x in &alphabet {
                        let mut v = w.to_vec();
                        if i < w.len() {
                            v[i] = x;
                            words.push(v.clone());
                            v.remove(i);
                            words.push(v.clone());
                            v = w.to_vec();
                        }
                        v.insert(i, x);
                        words.push(v);
                    }
                }
            }
            for w in &words {
                assert_eq!(
                    set.contains(w),
                    listed(w),
                    "{:?}",
                    String::from_utf8_lossy(w)
                );
            }
        }
    }

    /// The first-word test as it was: a flag per token from two passes.
    fn sentence_initial_reference(doc: &Document) -> Vec<bool> {
        let mut initial = vec![false; doc.tokens.len()];
        for s in &doc.sentences {
            if let Some(i) = s
                .tokens
                .clone()
                .find(|&i| doc.tokens[i].is_word() || doc.tokens[i].kind() == TokenKind::Number)
            {
                initial[i] = true;
            }
        }
        let mut line_start = true;
        for (i, t) in doc.tokens.iter().enumerate() {
            match t.kind() {
                TokenKind::Newline => line_start = true,
                TokenKind::Word | TokenKind::Number => {
                    if line_start {
                        initial[i] = true;
                    }
                    line_start = false;
                }
                _ => {}
            }
        }
        initial
    }

    #[test]
    fn sentence_initial_agrees_with_reference() {
        let mut texts: Vec<String> = [
            "",
            "May said. Will he? \"May\" I ask. (Will) - May 3 May\nMay be\n\n  Will\r\nMay",
            "1 May. 2. Will 3 «May» ...May...",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten().take(40) {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
        for text in &texts {
            let doc = Document::from_text(text);
            let reference = sentence_initial_reference(&doc);
            let mut sentence = 0;
            for (i, t) in doc.tokens.iter().enumerate() {
                if t.is_word() {
                    assert_eq!(
                        is_sentence_initial(&doc, i, &mut sentence),
                        reference[i],
                        "token {i} of {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn never_panics() {
        for t in [
            "",
            "A",
            "Ä-",
            "-Ä",
            "bin",
            "bin Ä",
            "Ab\u{1A}c",
            "🙂 Ab’s",
            "al-",
            "X-Y-Z",
        ] {
            let _ = mentions(&Document::from_text(t));
        }
    }
}
