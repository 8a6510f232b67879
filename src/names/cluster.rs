//! The name table and its clustering. Spellings are bucketed by skeleton
//! key (transliteration and diacritic variants), by exonym, by letters
//! without separators (`Amir-Abdollahian`/`Amir Abdollahian`) and by a
//! one-deletion neighbourhood of the skeleton (MT corruptions such as
//! `Ryakov` for `Riabkov`), so no step compares all pairs of names.

use super::key::{ascii_skeleton, is_ascii_letter, pack_ascii};
use super::key::{is_pinyin_like, letters, one_edit_position, skeletons, skeletons_into};
use super::mentions::{Joiner, Mention, NamePart, PartKind};
use crate::source::Span;
use crate::text::lexicon;
use hashbrown::{hash_table, HashTable};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::LazyLock;

/// One occurrence of a spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub file: usize,
    pub span: Span,
}

/// A distinct spelling with every place it occurs.
#[derive(Clone, Debug)]
pub struct Spelling {
    pub text: String,
    pub occurrences: Vec<Occurrence>,
    /// Whether this is a two-word unit (`Amir Abdollahian`), compared only
    /// for separators.
    pub compound: bool,
}

/// A distinct single-word spelling as the table keeps it: its text is a
/// range of the table's one text buffer, its occurrences are counted here
/// and listed in the table's one occurrence list, so adding a spelling
/// allocates nothing. 32 bytes.
#[derive(Clone, Debug)]
struct Entry {
    /// `NameTable::text[start..end]` (the table's text stays far below
    /// 4 GiB: it holds each distinct spelling once).
    start: u32,
    end: u32,
    /// Occurrences (saturating; no text has four billion of one name).
    count: u32,
    /// [`NameTable::seq`] of its first occurrence: spellings and two-word
    /// units are ordered by it.
    first: u32,
    /// Lowercased neighbouring words inside the mention (first names,
    /// titles), as ids of the table's interned context words: shared context is
    /// evidence for a one-edit variant.
    context: IdSet,
}

/// A set of small ids: inline while it holds two (nearly always), then a
/// short vector, then a hash set once large, so neither the common case
/// allocates nor a name with thousands of neighbours goes quadratic. The
/// larger forms sit behind one pointer, so the set is 16 bytes.
#[derive(Clone, Debug, Default)]
enum IdSet {
    #[default]
    Empty,
    /// One or two ids, kept inline (a name's neighbours within one mention
    /// are at most two words, so most spellings never allocate here).
    Pair([u32; 2], u8),
    Many(Box<ManyIds>),
}

/// An [`IdSet`] of more than two ids.
#[derive(Clone, Debug)]
enum ManyIds {
    Small(Vec<u32>),
    Large(FxHashSet<u32>),
}

impl IdSet {
    const SMALL: usize = 8;

    fn insert(&mut self, id: u32) {
        match self {
            IdSet::Empty => *self = IdSet::Pair([id, 0], 1),
            IdSet::Pair(ids, n) if ids[..usize::from(*n)].contains(&id) => {}
            IdSet::Pair(ids, n) if *n == 1 => {
                ids[1] = id;
                *n = 2;
            }
            IdSet::Pair(ids, _) => {
                *self = IdSet::Many(Box::new(ManyIds::Small(vec![ids[0], ids[1], id])));
            }
            IdSet::Many(many) => match &mut **many {
                ManyIds::Small(v) if v.contains(&id) => {}
                ManyIds::Small(v) if v.len() < Self::SMALL => v.push(id),
                ManyIds::Small(v) => {
                    let mut set: FxHashSet<u32> = v.iter().copied().collect();
                    set.insert(id);
                    **many = ManyIds::Large(set);
                }
                ManyIds::Large(set) => {
                    set.insert(id);
                }
            },
        }
    }

    fn contains(&self, id: u32) -> bool {
        match self {
            IdSet::Empty => false,
            IdSet::Pair(ids, n) => ids[..usize::from(*n)].contains(&id),
            IdSet::Many(many) => match &**many {
                ManyIds::Small(v) => v.contains(&id),
                ManyIds::Large(set) => set.contains(&id),
            },
        }
    }

    /// How many ids the set holds.
    fn len(&self) -> usize {
        match self {
            IdSet::Empty => 0,
            IdSet::Pair(_, n) => usize::from(*n),
            IdSet::Many(many) => match &**many {
                ManyIds::Small(v) => v.len(),
                ManyIds::Large(set) => set.len(),
            },
        }
    }

    /// Calls `f` with each id, as [`IdSet::iter`] lists them (without
    /// boxing an iterator).
    fn for_each(&self, mut f: impl FnMut(u32)) {
        match self {
            IdSet::Empty => {}
            IdSet::Pair(ids, n) => ids[..usize::from(*n)].iter().for_each(|&id| f(id)),
            IdSet::Many(many) => match &**many {
                ManyIds::Small(v) => v.iter().for_each(|&id| f(id)),
                ManyIds::Large(set) => set.iter().for_each(|&id| f(id)),
            },
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        match self {
            IdSet::Empty => Box::new(std::iter::empty()),
            IdSet::Pair(ids, n) => Box::new(ids[..usize::from(*n)].iter().copied()),
            IdSet::Many(many) => match &**many {
                ManyIds::Small(v) => Box::new(v.iter().copied()),
                ManyIds::Large(set) => Box::new(set.iter().copied()),
            },
        }
    }
}

/// One occurrence as the table keeps it (16 bytes, not 32): the spelling
/// id and the file id fit 32 bits each, as [`NameTable::clusters`] assumes
/// of ids anyway, and so do token offsets.
#[derive(Clone, Debug)]
struct Occ {
    id: u32,
    file: u32,
    span: [u32; 2],
}

/// A span as two `u32`s (token offsets fit 32 bits; saturating).
fn span32(span: Span) -> [u32; 2] {
    [id32(span.start), id32(span.end)]
}

/// The span of [`span32`].
fn span_of(span: [u32; 2]) -> Span {
    Span::new(span[0] as usize, span[1] as usize)
}

/// One occurrence of a two-word unit (`Amir Abdollahian`), kept aside
/// until clustering. A unit matters only when another unit has the same
/// letters (a separator variant), which nearly none has, so units are not
/// interned as they come: clustering buckets them by the hash of their
/// letters and looks only at those whose hash another unit shares. A unit
/// holds no copy of its text: its two words are ids ([`LOOSE_BIT`]) and its
/// letters' hash is worked out from theirs as it is added
/// ([`unit_hash`]). 28 bytes.
#[derive(Clone, Debug)]
struct Unit {
    /// The first word, with [`HYPHEN_BIT`] when a hyphen (not a space)
    /// joins the second.
    first: u32,
    /// The second word (a name part).
    second: u32,
    file: u32,
    /// [`NameTable::seq`] of this occurrence.
    seq: u32,
    /// The span's start and end ([`span32`]).
    span: [u32; 2],
    /// The key of the [`row`] of the hash of the unit's letters.
    key: u32,
}

/// A word of a [`Unit`] is a spelling id (below `1 << 30`: no table holds
/// a billion spellings), or with this bit the index of a text in
/// [`NameTable::loose`] (a title, or a spelling since removed).
const LOOSE_BIT: u32 = 1 << 30;

/// On [`Unit::first`]: a hyphen joins the unit's words.
const HYPHEN_BIT: u32 = 1 << 31;

/// The hash of a spelling's text kept in [`NameTable::by_text`]: Fx,
/// folded to 32 bits.
fn text_hash(text: &str) -> u32 {
    let h = FxBuildHasher.hash_one(text);
    ((h >> 32) ^ h) as u32
}

/// A 32-bit hash spread over the 64 bits the hash table reads (its low
/// bits pick a bucket, its top seven are the tag).
fn widen(hash: u32) -> u64 {
    u64::from(hash) << 32 | u64::from(hash)
}

/// A small id as `u32`, saturating (no table holds four billion spellings
/// or files).
fn id32(id: usize) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

impl Spelling {
    pub fn count(&self) -> usize {
        self.occurrences.len()
    }

    /// `(file, count)` for each file the spelling occurs in, by file id.
    pub fn per_file(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for o in &self.occurrences {
            match out.iter_mut().find(|(f, _)| *f == o.file) {
                Some((_, n)) => *n += 1,
                None => out.push((o.file, 1)),
            }
        }
        out.sort();
        out
    }
}

/// How two spellings of one cluster are linked (the strongest link found).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Link {
    /// A known exonym pair from the data pack (`Kiev`/`Kyiv`).
    Exonym,
    /// Same letters, different hyphen or space.
    Separator,
    /// Same skeleton: transliteration or diacritics.
    Transliteration,
    /// One edit apart, with supporting evidence.
    OneEdit,
}

/// A group of spellings judged to be one name, most frequent first.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub spellings: Vec<Spelling>,
}

/// Spellings of names from one or many documents.
#[derive(Clone, Debug, Default)]
pub struct NameTable {
    /// The distinct single-word spellings, by id (first-seen order).
    entries: Vec<Entry>,
    /// The texts of all spellings, one after another.
    text: String,
    /// Every occurrence of a single-word spelling with its id, in the
    /// order added.
    occurrences: Vec<Occ>,
    /// Every occurrence of a two-word unit, in the order added. The
    /// distinct units follow the single-word spellings in the id space of
    /// [`NameTable::texts`], in first-seen order.
    units: Vec<Unit>,
    /// Ranges of `text` holding the words of units that are no spelling
    /// of the table (titles, removed spellings), by index ([`LOOSE_BIT`]).
    loose: Vec<[u32; 2]>,
    /// Occurrences added so far, single words and units together.
    seq: u32,
    /// Spelling ids by their text (hashed with Fx; the text itself lives
    /// only in `text`).
    /// Each entry is `(id, hash)` in 8 bytes ([`text_hash`]), so growing
    /// the table hashes no text.
    by_text: HashTable<(u32, u32)>,
    /// Context words that are no spelling of the table (titles), interned
    /// by their lowercase form.
    words: ContextWords,
}

/// Lowercased context words, interned: word -> id (short ASCII words in
/// `short` by [`pack_ascii`], the rest by text; the ids count both), and
/// each id's lowercase text.
#[derive(Clone, Debug, Default)]
struct ContextWords {
    long: FxHashMap<String, u32>,
    short: FxHashMap<u128, u32>,
    texts: Vec<String>,
}

/// The context id of a word interned in [`ContextWords`] has this bit set;
/// a context id without it is the spelling id of a name part.
const WORD_BIT: u32 = 1 << 31;

/// Known exonym pairs: `Kiev = Kyiv` lines, `#` comments.
static EXONYMS_TXT: &str = include_str!("../../lints/data/exonyms.txt");

/// Lowercased spelling → the group id of its exonym line.
static EXONYMS: LazyLock<FxHashMap<String, usize>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (group, line) in EXONYMS_TXT.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        for name in line.split('=') {
            let name = name.trim();
            if !name.is_empty() {
                map.insert(name.to_lowercase(), group);
            }
        }
    }
    map
});

/// [`EXONYMS`] entries of at most 15 ASCII bytes, by [`pack_ascii`].
static EXONYMS_SHORT: LazyLock<FxHashMap<u128, usize>> = LazyLock::new(|| {
    EXONYMS
        .iter()
        .filter_map(|(name, &g)| Some((pack_ascii(name.as_bytes(), false)?, g)))
        .collect()
});

/// A bit for each key of [`EXONYMS_SHORT`] ([`exonym_bit`]): most
/// spellings are ruled out by one bit test, not a hash-map lookup.
static EXONYM_FILTER: LazyLock<[u64; 16]> = LazyLock::new(|| {
    let mut bits = [0u64; 16];
    for &key in EXONYMS_SHORT.keys() {
        let bit = exonym_bit(key);
        bits[bit / 64] |= 1 << (bit % 64);
    }
    bits
});

/// The bit of [`EXONYM_FILTER`] for packed key `key`: ten bits of a hash
/// of both its halves.
fn exonym_bit(key: u128) -> usize {
    let h =
        ((key as u64) ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 54) as usize
}

/// The exonym group of a spelling (looked up lowercased).
fn exonym_group(text: &str) -> Option<usize> {
    // Lowercase ASCII is ASCII of the same length: a short ASCII spelling
    // is listed only if its packed lowercase is.
    if let Some(key) = pack_ascii(text.as_bytes(), true) {
        let bit = exonym_bit(key);
        if EXONYM_FILTER[bit / 64] & 1 << (bit % 64) == 0 {
            return None;
        }
        return EXONYMS_SHORT.get(&key).copied();
    }
    lexicon::with_lowercase(text, |lower| EXONYMS.get(lower).copied())
}

/// Buckets bigger than this are degenerate (thousands of near-identical
/// tokens); they are skipped so clustering stays linear.
const MAX_BUCKET: usize = 16;

/// Shortest skeleton for one-edit matching: short names (`Iran`/`Iraq`)
/// are too often distinct names one letter apart.
const MIN_EDIT_LEN: usize = 5;

/// Longest skeleton indexed for one-edit matching (bounds the index size).
const MAX_EDIT_LEN: usize = 32;

impl NameTable {
    pub fn new() -> NameTable {
        NameTable::default()
    }

    /// Adds the name spellings of one file's mentions.
    pub fn add(&mut self, file: usize, mentions: &[Mention]) {
        for m in mentions {
            self.add_parts(file, &m.parts);
        }
    }

    /// Makes room for about `parts` more name parts (each a spelling and a
    /// two-word unit at most), so the table grows without copying itself.
    pub fn reserve(&mut self, parts: usize) {
        self.entries.reserve(parts);
        self.occurrences.reserve(parts);
        self.units.reserve(parts);
        self.by_text.reserve(parts, |&(_, hash)| widen(hash));
    }

    /// Adds the name spellings of one mention (its parts) of a file.
    pub fn add_parts(&mut self, file: usize, parts: &[NamePart]) {
        if parts.len() > 2 {
            // A long mention (a list of names in one run) adds up to a
            // spelling and a unit per part: room for them at once, not by
            // doubling.
            self.entries.reserve(parts.len());
            self.occurrences.reserve(parts.len());
            self.units.reserve(parts.len());
            self.by_text.reserve(parts.len(), |&(_, hash)| widen(hash));
        }
        if parts.len() > 64 {
            // Each part's text at most once (a new spelling, or a title
            // before a name).
            let bytes: usize = parts.iter().map(|p| p.text.len()).sum();
            self.text.reserve(bytes);
        }
        // The part before part `i`, when it is no particle: its context
        // id (a name part's is its spelling id, a title's its interned
        // word, only when a name is next to it) and its spelling id.
        let mut before: Option<(u32, Option<usize>)> = None;
        // [`letters_hash_power`] of the part before part `i`, when worked
        // out for a unit it ends: each part of a run is hashed once.
        let mut carried: Option<(u64, u64)> = None;
        for (i, p) in parts.iter().enumerate() {
            let prev_context = before.take();
            let prev_hash = carried.take();
            match p.kind {
                PartKind::Particle => continue,
                PartKind::Title => {
                    // A title is context for the names on either side.
                    let prev_name = prev_context.and_then(|(_, id)| id);
                    let next_name = parts.get(i + 1).is_some_and(|n| n.kind == PartKind::Name);
                    if prev_name.is_none() && !next_name {
                        before = Some((0, None));
                        continue;
                    }
                    let word_id = self.words.intern(p.text) | WORD_BIT;
                    if let Some(prev) = prev_name {
                        self.entries[prev].context.insert(word_id);
                    }
                    before = Some((word_id, None));
                    continue;
                }
                PartKind::Name => {}
            }
            let id = self.spelling_id(p.text);
            self.push(id, file, p.span);
            let context = id32(id) & !WORD_BIT;
            // The neighbours are each other's context.
            if let Some((prev_context, prev_id)) = prev_context {
                if prev_id.is_some() || prev_context & WORD_BIT != 0 {
                    self.entries[id].context.insert(prev_context);
                }
                if let Some(prev_id) = prev_id {
                    self.entries[prev_id].context.insert(context);
                }
            }
            before = Some((context, Some(id)));
            let prev = (i > 0 && parts[i - 1].kind != PartKind::Particle).then(|| &parts[i - 1]);
            // Two-word units for separator variants, set aside.
            if let Some(prev) = prev {
                // The word before is a name part (its spelling) or a title
                // (kept as a loose text).
                let first = match prev_context.and_then(|(_, id)| id) {
                    Some(prev_id) => id32(prev_id),
                    None => self.push_loose(prev.text),
                };
                let joiner = if p.joiner == Joiner::Hyphen {
                    HYPHEN_BIT
                } else {
                    0
                };
                let first_hash = prev_hash.unwrap_or_else(|| letters_hash_power(prev.text));
                let hash = letters_hash_power(p.text);
                carried = Some(hash);
                self.units.push(Unit {
                    first: first | joiner,
                    second: id32(id),
                    file: id32(file),
                    seq: self.seq,
                    span: span32(Span::new(prev.span.start, p.span.end)),
                    key: row_key32(unit_hash(first_hash, hash.0)),
                });
                self.seq = self.seq.saturating_add(1);
            }
        }
    }

    /// Keeps `word` as a loose text of a unit; its [`LOOSE_BIT`] id.
    fn push_loose(&mut self, word: &str) -> u32 {
        let start = id32(self.text.len());
        self.text.push_str(word);
        self.loose.push([start, id32(self.text.len())]);
        id32(self.loose.len() - 1) | LOOSE_BIT
    }

    /// The id of a single-word spelling, a new id when it is new.
    fn spelling_id(&mut self, text: &str) -> usize {
        let hash = text_hash(text);
        let (entries, all) = (&self.entries, &self.text);
        let entry = self.by_text.entry(
            widen(hash),
            |&(id, h)| {
                let e = &entries[id as usize];
                h == hash && all.get(e.start as usize..e.end as usize) == Some(text)
            },
            |&(_, hash)| widen(hash),
        );
        match entry {
            hash_table::Entry::Occupied(e) => e.get().0 as usize,
            hash_table::Entry::Vacant(e) => {
                let id = self.entries.len();
                e.insert((id32(id), hash));
                let start = id32(self.text.len());
                self.text.push_str(text);
                self.entries.push(Entry {
                    start,
                    end: id32(self.text.len()),
                    count: 0,
                    // The occurrence about to be pushed.
                    first: self.seq,
                    context: IdSet::Empty,
                });
                id
            }
        }
    }

    /// Records one occurrence of spelling `id`.
    fn push(&mut self, id: usize, file: usize, span: Span) {
        let count = &mut self.entries[id].count;
        *count = count.saturating_add(1);
        self.seq = self.seq.saturating_add(1);
        self.occurrences.push(Occ {
            id: id32(id),
            file: id32(file),
            span: span32(span),
        });
    }

    /// The text of spelling `id`.
    fn text_of(&self, id: usize) -> &str {
        let e = &self.entries[id];
        self.text
            .get(e.start as usize..e.end as usize)
            .unwrap_or("")
    }

    fn count_of(&self, id: usize) -> usize {
        self.entries[id].count as usize
    }

    /// The text of a unit's word ([`LOOSE_BIT`]; a [`HYPHEN_BIT`] is
    /// ignored).
    fn unit_word(&self, word: u32) -> &str {
        let word = word & !HYPHEN_BIT;
        if word & LOOSE_BIT == 0 {
            return self.text_of(word as usize);
        }
        let range = self.loose.get((word & !LOOSE_BIT) as usize);
        range
            .and_then(|r| self.text.get(r[0] as usize..r[1] as usize))
            .unwrap_or("")
    }

    /// The first word, the separator and the second word of unit `u`.
    fn unit_pieces(&self, u: &Unit) -> [&str; 3] {
        let sep = if u.first & HYPHEN_BIT != 0 { "-" } else { " " };
        [self.unit_word(u.first), sep, self.unit_word(u.second)]
    }

    /// The text of unit occurrence `k`.
    /// The text of unit `u` in `text` (cleared first), so a loop over
    /// units reuses one buffer.
    fn unit_text_into(&self, u: &Unit, text: &mut String) {
        text.clear();
        for piece in self.unit_pieces(u) {
            text.push_str(piece);
        }
    }

    fn unit_text_of(&self, k: usize) -> String {
        self.unit_pieces(&self.units[k]).concat()
    }

    /// The distinct two-word units in first-seen order, each as the
    /// indices of its occurrences (the first one's text is the unit's).
    /// Units are told apart by text, with no copy of it kept but the one
    /// being looked up.
    fn distinct_units(&self) -> Vec<Vec<usize>> {
        let mut index: HashTable<(u32, u32)> = HashTable::new();
        let mut out: Vec<Vec<usize>> = Vec::new();
        let mut text = String::new();
        for (k, u) in self.units.iter().enumerate() {
            self.unit_text_into(u, &mut text);
            let hash = text_hash(&text);
            let same = |&(d, h): &(u32, u32)| {
                let [a, sep, b] = self.unit_pieces(&self.units[out[d as usize][0]]);
                // The lengths add up, so three pieces in place are all.
                h == hash
                    && text.len() == a.len() + sep.len() + b.len()
                    && text.starts_with(a)
                    && text[a.len()..].starts_with(sep)
                    && text.ends_with(b)
            };
            match index.find(widen(hash), same) {
                Some(&(d, _)) => out[d as usize].push(k),
                None => {
                    index.insert_unique(widen(hash), (id32(out.len()), hash), |&(_, h)| widen(h));
                    out.push(vec![k]);
                }
            }
        }
        out
    }

    /// The occurrences of unit occurrence indices `ks`.
    fn unit_occurrences(&self, ks: &[usize]) -> Vec<Occurrence> {
        ks.iter()
            .map(|&k| Occurrence {
                file: self.units[k].file as usize,
                span: span_of(self.units[k].span),
            })
            .collect()
    }

    /// How many distinct spellings the table holds (single words and
    /// two-word units).
    pub fn len(&self) -> usize {
        self.entries.len() + self.distinct_units().len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.units.is_empty()
    }

    /// The texts of every distinct spelling (ids): the single words in
    /// first-seen order, then the two-word units in first-seen order.
    pub fn texts(&self) -> impl Iterator<Item = Cow<'_, str>> + '_ {
        let units = self.distinct_units();
        (0..self.entries.len())
            .map(|id| Cow::Borrowed(self.text_of(id)))
            .chain(
                units
                    .into_iter()
                    .map(|ks| Cow::Owned(self.unit_text_of(ks[0]))),
            )
    }

    /// Spellings `ids` (as [`NameTable::texts`] numbers them), in that
    /// order, each with its occurrences (in the order added): one pass
    /// over the occurrences for all of them.
    pub fn spellings_of(&self, ids: &[usize]) -> Vec<Spelling> {
        let n = self.entries.len();
        let units = if ids.iter().any(|&id| id >= n) {
            self.distinct_units()
        } else {
            Vec::new()
        };
        // Each id's place in `out` (`u32::MAX`: not asked for).
        let mut slot = vec![u32::MAX; n];
        let mut out: Vec<Spelling> = Vec::with_capacity(ids.len());
        for (k, &id) in ids.iter().enumerate() {
            if id >= n {
                let ks = &units[id - n];
                out.push(Spelling {
                    text: self.unit_text_of(ks[0]),
                    occurrences: self.unit_occurrences(ks),
                    compound: true,
                });
                continue;
            }
            slot[id] = id32(k);
            out.push(Spelling {
                text: self.text_of(id).to_owned(),
                occurrences: Vec::with_capacity(self.count_of(id)),
                compound: false,
            });
        }
        for occ in &self.occurrences {
            if let Some(s) = slot
                .get(occ.id as usize)
                .and_then(|&k| out.get_mut(k as usize))
            {
                s.occurrences.push(Occurrence {
                    file: occ.file as usize,
                    span: span_of(occ.span),
                });
            }
        }
        out
    }

    /// Every distinct spelling, as [`NameTable::texts`] orders them.
    pub fn spellings(&self) -> Vec<Spelling> {
        let ids: Vec<usize> = (0..self.len()).collect();
        self.spellings_of(&ids)
    }

    /// Removes spellings (exact text) from the table, e.g. glossary variants
    /// reported by their own rule.
    pub fn remove(&mut self, texts: &HashSet<&str>) {
        let mut new_id = vec![usize::MAX; self.entries.len()];
        let mut kept = 0;
        for (id, slot) in new_id.iter_mut().enumerate() {
            if !texts.contains(self.text_of(id)) {
                *slot = kept;
                kept += 1;
            }
        }
        // Context ids that are spelling ids follow their spelling to its
        // new id; a removed spelling is still a neighbouring word, interned.
        let remap: Vec<u32> = (0..self.entries.len())
            .map(|id| match new_id[id] {
                usize::MAX => {
                    let e = &self.entries[id];
                    let text = self.text.get(e.start as usize..e.end as usize);
                    self.words.intern(text.unwrap_or("")) | WORD_BIT
                }
                new => id32(new),
            })
            .collect();
        self.remove_units(texts, &new_id);
        let mut id = 0;
        self.entries.retain(|_| {
            id += 1;
            new_id[id - 1] != usize::MAX
        });
        for e in &mut self.entries {
            let old = std::mem::take(&mut e.context);
            for w in old.iter() {
                let w = if w & WORD_BIT != 0 {
                    w
                } else {
                    remap.get(w as usize).copied().unwrap_or(w)
                };
                e.context.insert(w);
            }
        }
        self.occurrences
            .retain_mut(|occ| match new_id[occ.id as usize] {
                usize::MAX => false,
                id => {
                    occ.id = id32(id);
                    true
                }
            });
        self.by_text.clear();
        for id in 0..self.entries.len() {
            let hash = text_hash(self.text_of(id));
            self.by_text
                .insert_unique(widen(hash), (id32(id), hash), |&(_, hash)| widen(hash));
        }
    }

    /// For [`NameTable::remove`], before the spellings are renumbered
    /// (`new_id`, `usize::MAX` for a removed one): drops the units whose
    /// text is in `texts`; a word of the others follows its spelling to
    /// its new id, or keeps its text as a loose one when the spelling goes.
    fn remove_units(&mut self, texts: &HashSet<&str>, new_id: &[usize]) {
        let mut units = std::mem::take(&mut self.units);
        let mut text = String::new();
        units.retain(|u| {
            self.unit_text_into(u, &mut text);
            !texts.contains(text.as_str())
        });
        // The loose id of each removed spelling a unit holds, made once.
        let mut loose: FxHashMap<usize, u32> = FxHashMap::default();
        for u in &mut units {
            for word in [&mut u.first, &mut u.second] {
                let (id, flags) = (*word & !(HYPHEN_BIT | LOOSE_BIT), *word & HYPHEN_BIT);
                if *word & LOOSE_BIT != 0 {
                    continue;
                }
                let id = id as usize;
                *word = flags
                    | match new_id[id] {
                        usize::MAX => *loose.entry(id).or_insert_with(|| {
                            let e = &self.entries[id];
                            self.loose.push([e.start, e.end]);
                            id32(self.loose.len() - 1) | LOOSE_BIT
                        }),
                        new => id32(new),
                    };
            }
        }
        self.units = units;
    }

    /// Groups of two or more spellings that look like one name, each sorted
    /// by count (then first occurrence), in order of first occurrence.
    pub fn clusters(&self) -> Vec<Cluster> {
        self.clusters_by(OneEditBy::Auto)
    }

    /// [`NameTable::clusters`], finding one-edit pairs as `by` says.
    fn clusters_by(&self, by: OneEditBy) -> Vec<Cluster> {
        let n = self.entries.len();
        let mut uf = UnionFind::new(n);

        // Rows of (32-bit key hash, spelling id) packed in a u64 (see
        // [`row`]), sorted once; equal hashes are candidates and every
        // candidate pair is verified, so a hash collision costs a
        // comparison, never a false link. Plain integers sort several
        // times faster than tuples.
        // Transliteration and diacritic variants: shared skeleton key.
        // Sized up front: a skeleton has at most a char per byte of its
        // spelling, so the letters of the single words bound every list.
        let single_bytes: usize = self
            .entries
            .iter()
            .map(|e| (e.end - e.start) as usize + 1)
            .sum();
        let mut by_key: Vec<u64> = Vec::with_capacity(n);
        // Exonyms.
        let mut by_exonym: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        // The skeletons, and which of them are indexed for one-edit
        // matching (a bit per id).
        let mut sk = Skeletons {
            text: Vec::with_capacity(single_bytes),
            starts: Vec::with_capacity(n + 1),
        };
        sk.starts.push(0);
        let mut indexed: Vec<u64> = vec![0; n.div_ceil(64)];
        // The one-deletion rows of the frequent spellings (see
        // [`NameTable::link_one_edit_candidates`]).
        let mut frequent: Vec<u64> = Vec::new();
        let mut sk_chars: Vec<char> = Vec::new();
        let (mut scratch, mut primary, mut german) = (String::new(), String::new(), String::new());
        let mut ascii = [0u8; 64];

        for id in 0..n {
            let text = self.text_of(id);
            let id32 = u32::try_from(id).unwrap_or(u32::MAX);
            let often = self.entries[id].count >= FREQUENT;
            // The skeleton's hash; its one-deletion rows when it is
            // indexed for one-edit matching and frequent.
            let (full, len) = if let Some(len) = ascii_skeleton(text, &mut ascii) {
                // ASCII: no German-umlaut key.
                german.clear();
                let sk_bytes = &ascii[..len];
                sk.text.extend_from_slice(sk_bytes);
                let full = hash_letters(sk_bytes);
                if often && (MIN_EDIT_LEN..=MAX_EDIT_LEN).contains(&len) {
                    push_deletions(sk_bytes, full, id32, &mut frequent);
                }
                (full, len)
            } else {
                skeletons_into(text, &mut scratch, &mut primary, &mut german);
                sk_chars.clear();
                sk_chars.extend(primary.chars());
                sk.text.extend_from_slice(primary.as_bytes());
                let full = hash_letters(&sk_chars[..]);
                if often && (MIN_EDIT_LEN..=MAX_EDIT_LEN).contains(&sk_chars.len()) {
                    push_deletions(&sk_chars[..], full, id32, &mut frequent);
                }
                (full, sk_chars.len())
            };
            if (MIN_EDIT_LEN..=MAX_EDIT_LEN).contains(&len) {
                indexed[id / 64] |= 1 << (id % 64);
            }
            by_key.push(row(full, id32));
            if !german.is_empty() {
                by_key.push(row(hash_chars(german.chars()), id32));
            }
            if let Some(g) = exonym_group(text) {
                by_exonym.entry(g).or_default().push(id);
            }
            sk.starts
                .push(u32::try_from(sk.text.len()).unwrap_or(u32::MAX));
        }

        for ids in by_exonym.values() {
            for w in ids.windows(2) {
                uf.union(w[0], w[1]);
            }
        }
        sort_rows(&mut by_key);
        for run in by_key
            .chunk_by(|&x, &y| row_key(x) == row_key(y))
            .filter(|r| r.len() >= 2 && r.len() <= MAX_BUCKET)
        {
            each_pair(run, |a, b| {
                if a < n && b < n && a != b && self.transliteration_variants(a, b) {
                    uf.union(a, b);
                }
            });
        }
        // One-edit variants: the partition is the closure of the links,
        // whichever way and order they are found.
        let found = by != OneEditBy::Rows
            && self.link_one_edit_candidates(
                &sk,
                &indexed,
                &mut frequent,
                &mut uf,
                by == OneEditBy::Candidates,
            );
        if !found {
            self.link_one_edit_rows(&sk, &indexed, single_bytes, &mut uf);
        }
        // Ids fit 32 bits ([`id32`]): half the memory of `usize`s.
        let roots: Vec<u32> = (0..n).map(|id| id32(uf.find(id))).collect();
        let mut sizes = vec![0u32; n];
        for &r in &roots {
            sizes[r as usize] += 1;
        }
        // A root is the smallest id of its group (see [`UnionFind::union`]),
        // so sorting members by root orders the groups by first occurrence.
        let mut members: Vec<(usize, usize)> = roots
            .iter()
            .enumerate()
            .filter(|&(_, &r)| sizes[r as usize] >= 2)
            .map(|(id, &r)| (r as usize, id))
            .collect();
        members.sort_by_key(|&(r, _)| r);
        let mut groups: Vec<Vec<usize>> = members
            .chunk_by(|x, y| x.0 == y.0)
            .map(|g| g.iter().map(|&(_, id)| id).collect())
            .collect();
        let mut ids: Vec<usize> = Vec::with_capacity(members.len());
        for g in &mut groups {
            g.sort_by_key(|&id| (std::cmp::Reverse(self.count_of(id)), id));
            ids.extend_from_slice(g);
        }
        let mut spellings = self.spellings_of(&ids).into_iter();
        // Each cluster with the first occurrence of its spellings, which
        // orders single-word and unit clusters alike (a root is the
        // smallest id of its group, the first seen).
        let mut clusters: Vec<(u32, Cluster)> = groups
            .iter()
            .map(|g| {
                let first = self.entries[g.iter().copied().min().unwrap_or(0)].first;
                let spellings = spellings.by_ref().take(g.len()).collect();
                (first, Cluster { spellings })
            })
            .collect();
        clusters.extend(self.unit_clusters());
        clusters.sort_by_key(|&(first, _)| first);
        clusters.into_iter().map(|(_, c)| c).collect()
    }

    /// Clusters of two-word units that differ in separators only, each
    /// with the first occurrence of its spellings. Units are bucketed by
    /// the hash of their letters; only units whose hash another unit
    /// shares are looked at, and those are told apart by text here, so a
    /// unit is never interned. A bucket lists its distinct units in
    /// first-seen order and links neighbours in it, as single words are
    /// linked.
    fn unit_clusters(&self) -> Vec<(u32, Cluster)> {
        // The rows of [`row`], whose keys the units hold.
        let mut rows: Vec<u64> = (0..self.units.len())
            .map(|k| u64::from(self.units[k].key) << 32 | u64::from(id32(k)))
            .collect();
        sort_rows(&mut rows);
        let mut out = Vec::new();
        // One bucket's distinct texts, first seen first, with their
        // occurrences.
        let mut distinct: Vec<(String, Vec<usize>)> = Vec::new();
        for run in rows.chunk_by(|&x, &y| row_key(x) == row_key(y)) {
            if run.len() < 2 {
                continue;
            }
            distinct.clear();
            for &r in run {
                let k = row_id(r);
                let text = self.unit_text_of(k);
                match distinct.iter_mut().find(|(t, _)| *t == text) {
                    Some((_, ks)) => ks.push(k),
                    None => distinct.push((text, vec![k])),
                }
                if distinct.len() > MAX_BUCKET {
                    break;
                }
            }
            if distinct.len() < 2 || distinct.len() > MAX_BUCKET {
                continue;
            }
            let mut uf = UnionFind::new(distinct.len());
            for x in 1..distinct.len() {
                if separator_variants(&distinct[x - 1].0, &distinct[x].0) {
                    uf.union(x - 1, x);
                }
            }
            let roots: Vec<usize> = (0..distinct.len()).map(|x| uf.find(x)).collect();
            for root in 0..distinct.len() {
                let mut group: Vec<usize> =
                    (0..distinct.len()).filter(|&x| roots[x] == root).collect();
                if group.len() < 2 {
                    continue;
                }
                // The root is the group's first member, the first seen.
                let first = self.units[distinct[root].1[0]].seq;
                group.sort_by_key(|&x| (std::cmp::Reverse(distinct[x].1.len()), x));
                let spellings = group
                    .iter()
                    .map(|&x| Spelling {
                        text: distinct[x].0.clone(),
                        occurrences: self.unit_occurrences(&distinct[x].1),
                        compound: true,
                    })
                    .collect();
                out.push((first, Cluster { spellings }));
            }
        }
        out
    }

    /// Links one-edit variants as first done: every indexed spelling's
    /// one-deletion rows ([`push_deletions`]), sorted ([`sort_rows`]);
    /// each bucket of two to [`MAX_BUCKET`] spellings is compared pair by
    /// pair. The reference of [`NameTable::link_one_edit_candidates`],
    /// and its fallback when context groups are large.
    #[inline(never)]
    fn link_one_edit_rows(
        &self,
        sk: &Skeletons,
        indexed: &[u64],
        capacity: usize,
        uf: &mut UnionFind,
    ) {
        let n = self.entries.len();
        let mut deletions: Vec<u64> = Vec::with_capacity(capacity);
        for id in (0..n).filter(|&id| is_set(indexed, id)) {
            sk.push_rows(id, &mut deletions);
        }
        sort_rows(&mut deletions);
        for run in deletions.chunk_by(|&x, &y| row_key(x) == row_key(y)) {
            if run.len() < 2 || run.len() > MAX_BUCKET {
                continue;
            }
            each_pair(run, |a, b| {
                if a < n && b < n && a != b && !uf.same(a, b) && self.one_edit_by(sk, a, b) {
                    uf.union(a, b);
                }
            });
        }
    }

    /// [`NameTable::one_edit_variants`] of spellings `a` and `b` with their
    /// skeletons from `sk`.
    fn one_edit_by(&self, sk: &Skeletons, a: usize, b: usize) -> bool {
        let (mut ka, mut kb) = (['\0'; MAX_EDIT_LEN], ['\0'; MAX_EDIT_LEN]);
        let (na, nb) = (sk.chars(a, &mut ka), sk.chars(b, &mut kb));
        self.one_edit_variants(a, b, &ka[..na], &kb[..nb])
    }

    /// Links the same one-edit variants as [`NameTable::link_one_edit_rows`]
    /// without sorting every spelling's deletion rows; false (nothing
    /// linked) when the context groups are too large for it to pay, unless
    /// `force`.
    ///
    /// There a pair `a < b` is linked when [`NameTable::one_edit_variants`]
    /// holds and some row key ([`row_key32`]) both have is had by two to
    /// [`MAX_BUCKET`] indexed spellings. `one_edit_variants` needs
    /// [`NameTable::supported`]: a shared context word up to case, or one
    /// spelling [`FREQUENT`] (and three times the other). So the
    /// candidates are
    /// 1. the spellings sharing a key with a frequent spelling: the rows of
    ///    the frequent spellings (`frequent`, [`push_deletions`]) are a
    ///    small table, probed with every indexed spelling's keys;
    /// 2. the spellings sharing a context word up to case: grouped by the
    ///    hash of its lowercase text ([`NameTable::context_key`]), a small
    ///    group compared pair by pair, a larger one through its own
    ///    deletion rows.
    ///
    /// Pairs [`may_be_one_edit`] rules out are dropped. Then one pass over
    /// every indexed spelling's keys counts the spellings of each key of
    /// the table and of each key a candidate pair of the second kind
    /// shares, and a candidate is linked when a key it shares has a
    /// bucket of two to [`MAX_BUCKET`] and it passes `one_edit_variants`.
    #[inline(never)]
    fn link_one_edit_candidates(
        &self,
        sk: &Skeletons,
        indexed: &[u64],
        frequent: &mut Vec<u64>,
        uf: &mut UnionFind,
        force: bool,
    ) -> bool {
        let n = self.entries.len();
        let spellings = (0..n).filter(|&id| is_set(indexed, id));
        let n_indexed: usize = indexed.iter().map(|w| w.count_ones() as usize).sum();
        // With many frequent spellings (as in prose: a tenth or more) the
        // count pass costs about what sorting all rows costs.
        if !force && frequent.len() > n_indexed {
            #[cfg(test)]
            count_path(0);
            return false;
        }
        let near = |a: usize, b: usize| may_be_one_edit(sk.bytes(a), sk.bytes(b));
        // Each indexed spelling once in the group of each of its context
        // words, as (group key, id) rows; a group lists its ids in order.
        // `near` holds only for skeletons alike in their first byte and
        // last two, so a group is the spellings sharing a context word
        // and those three bytes ([`near_class`]): fewer and smaller
        // groups, the same pairs that pass `near`, and a row whose key no
        // other row has is dropped unsorted ([`sort_rows`]).
        let members: usize = spellings
            .clone()
            .map(|id| self.entries[id].context.len())
            .sum();
        let mut groups: Vec<u64> = Vec::with_capacity(members);
        // The context key of each spelling, worked out when first met (a
        // name part is the context of the parts on either side of it).
        let (mut keys, mut known) = (vec![0u32; n], vec![0u64; n.div_ceil(64)]);
        for id in spellings.clone() {
            let Some(class) = near_class(sk.bytes(id)) else {
                continue;
            };
            self.entries[id].context.for_each(|w| {
                let context = match (keys.get_mut(w as usize), known.get_mut(w as usize / 64)) {
                    (Some(key), Some(bits)) if w & WORD_BIT == 0 => {
                        let bit = 1u64 << (w % 64);
                        if *bits & bit == 0 {
                            *key = self.context_key(w);
                            *bits |= bit;
                        }
                        *key
                    }
                    _ => self.context_key(w),
                };
                let key = row_key32(u64::from(context) << 32 | class);
                groups.push(u64::from(key) << 32 | id as u64);
            });
        }
        drop((keys, known));
        sort_rows(&mut groups);
        let same_key = |x: &u64, y: &u64| row_key(*x) == row_key(*y);
        let in_large: usize = groups
            .chunk_by(same_key)
            .map(<[u64]>::len)
            .filter(|&len| len > PAIRWISE_GROUP)
            .sum();
        if !force && in_large > n_indexed {
            #[cfg(test)]
            count_path(0);
            return false;
        }
        let mut pairs: Vec<u64> = Vec::new();
        let mut local: Vec<u64> = Vec::new();
        for group in groups.chunk_by(same_key).filter(|g| g.len() >= 2) {
            if group.len() <= PAIRWISE_GROUP {
                each_pair(group, |a, b| {
                    if near(a, b) {
                        pairs.push(pair(a, b));
                    }
                });
                continue;
            }
            #[cfg(test)]
            count_path(1);
            // A key's bucket in the group is no larger than its bucket
            // over all spellings: a bucket of more than [`MAX_BUCKET`]
            // links nothing.
            local.clear();
            for &r in group {
                sk.push_rows(row_id(r), &mut local);
            }
            sort_rows(&mut local);
            for run in local
                .chunk_by(same_key)
                .filter(|r| (2..=MAX_BUCKET).contains(&r.len()))
            {
                each_pair(run, |a, b| {
                    if near(a, b) {
                        pairs.push(pair(a, b));
                    }
                });
            }
        }
        drop(groups);
        pairs.sort_unstable();
        pairs.dedup();
        // The pairs of the second kind that pass, each with the keys both
        // spellings have (`shared[start..end]`).
        let mut passed: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut shared: Vec<u32> = Vec::new();
        for &p in &pairs {
            let (a, b) = unpair(p);
            if uf.same(a, b) {
                continue;
            }
            if self.one_edit_by(sk, a, b) {
                let mut keys_a = [0u32; MAX_EDIT_LEN + 1];
                let mut len_a = 0;
                sk.for_each_key(a, |key| {
                    keys_a[len_a] = key;
                    len_a += 1;
                });
                let start = shared.len();
                sk.for_each_key(b, |key| {
                    if keys_a[..len_a].contains(&key) && !shared[start..].contains(&key) {
                        shared.push(key);
                    }
                });
                passed.push((a, b, start, shared.len()));
            }
        }
        // The keys to count: every key of a frequent spelling (with the
        // frequent spellings that have it, `frequent[start..start + len]`)
        // and every key of `shared`.
        frequent.sort_unstable();
        frequent.dedup();
        let mut slots: Vec<KeySlot> = Vec::new();
        let mut index: FxHashMap<u32, u32> = FxHashMap::default();
        index.reserve(frequent.len() + shared.len());
        let mut start = 0;
        for run in frequent.chunk_by(same_key) {
            index.insert(row_key(run[0]) as u32, id32(slots.len()));
            slots.push(KeySlot {
                count: 0,
                last: u32::MAX,
                start: id32(start),
                len: id32(run.len()),
            });
            start += run.len();
        }
        for &key in &shared {
            index.entry(key).or_insert_with(|| {
                slots.push(KeySlot {
                    count: 0,
                    last: u32::MAX,
                    start: 0,
                    len: 0,
                });
                id32(slots.len() - 1)
            });
        }
        if slots.is_empty() {
            return true;
        }
        #[cfg(test)]
        count_path(2);
        // A bit per slot of a filter that most keys miss, in front of the
        // index (the keys are mixed hashes: their top bits place them).
        let bits = (slots.len() * 16).next_power_of_two().max(4096);
        let shift = 32 - bits.trailing_zeros();
        let mut filter = vec![0u64; bits / 64];
        for &key in index.keys() {
            let bit = (key >> shift) as usize;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        // Frequent pairs sharing a key, with the key: (pair, key).
        let mut found: Vec<(u64, u32)> = Vec::new();
        for id in spellings {
            let id32 = id32(id);
            sk.for_each_key(id, |key| {
                let bit = (key >> shift) as usize;
                if filter[bit / 64] & (1 << (bit % 64)) == 0 {
                    return;
                }
                let Some(&s) = index.get(&key) else {
                    return;
                };
                let slot = &mut slots[s as usize];
                if slot.last == id32 {
                    return; // a key twice in one spelling's rows
                }
                slot.last = id32;
                slot.count += 1;
                let (start, len) = (slot.start as usize, slot.len as usize);
                if len > MAX_BUCKET {
                    return;
                }
                for &r in &frequent[start..start + len] {
                    let f = row_id(r);
                    if f != id && near(id.min(f), id.max(f)) {
                        found.push((pair(id.min(f), id.max(f)), key));
                    }
                }
            });
        }
        let linking = |key: u32| {
            index
                .get(&key)
                .is_some_and(|&s| (2..=MAX_BUCKET).contains(&(slots[s as usize].count as usize)))
        };
        for &(a, b, start, end) in &passed {
            if shared[start..end].iter().any(|&key| linking(key)) {
                uf.union(a, b);
            }
        }
        pairs.clear();
        pairs.extend(
            found
                .iter()
                .filter(|&&(_, key)| linking(key))
                .map(|&(p, _)| p),
        );
        pairs.sort_unstable();
        pairs.dedup();
        for &p in &pairs {
            let (a, b) = unpair(p);
            if !uf.same(a, b) && self.one_edit_by(sk, a, b) {
                uf.union(a, b);
            }
        }
        true
    }

    /// A hash of the lowercase text of context id `w` (a name part's
    /// spelling or an interned word): [`NameTable::shared_context`] holds
    /// only for spellings with context ids of one key. (An interned word
    /// is lowercase already, and lowercasing again changes no text.)
    fn context_key(&self, w: u32) -> u32 {
        if w & WORD_BIT == 0 {
            if let Some(key) = self.short_caseless_hash(w as usize) {
                return key;
            }
        }
        let text = if w & WORD_BIT != 0 {
            let word = self.words.texts.get((w & !WORD_BIT) as usize);
            word.map_or("", String::as_str)
        } else {
            self.text_of(w as usize)
        };
        if text.is_ascii() {
            // ASCII lowercases in place, and [`caseless_hash`] ignores case.
            caseless_hash(text.as_bytes())
        } else {
            caseless_hash(text.to_lowercase().as_bytes())
        }
    }

    /// [`caseless_hash`] of the text of spelling `id` when it is ASCII of
    /// 1 to 16 bytes and 16 bytes of the table's text start with it (all
    /// but the last spellings): the two words it hashes read straight from
    /// the table's text and masked to its length, with no copy and no
    /// separate ASCII test. `None` for any other spelling.
    #[inline]
    fn short_caseless_hash(&self, id: usize) -> Option<u32> {
        let e = self.entries.get(id)?;
        let (start, len) = (e.start as usize, e.end.wrapping_sub(e.start) as usize);
        let window: &[u8; 16] = self
            .text
            .as_bytes()
            .get(start..start + 16)?
            .try_into()
            .ok()?;
        if len == 0 || len > 16 {
            return None;
        }
        let x = u128::from_le_bytes(*window) & (u128::MAX >> (8 * (16 - len)));
        if x & (0x80 * (u128::MAX / 0xff)) != 0 {
            return None; // not ASCII
        }
        let (lo, hi) = (x as u64, (x >> 64) as u64);
        let h = caseless_step(len as u64, lo);
        let h = if len > 8 { caseless_step(h, hi) } else { h };
        Some(caseless_finish(h))
    }

    fn transliteration_variants(&self, a: usize, b: usize) -> bool {
        let (sa, sb) = (self.text_of(a), self.text_of(b));
        let ka = skeletons(sa);
        if !skeletons(sb).iter().any(|k| ka.contains(k)) {
            return false; // a hash collision
        }
        if letters(sa) == letters(sb) {
            // Case-only differences (`McCain`/`Mccain`) are not name drift.
            return false;
        }
        if is_derivation(sa, sb) {
            return false;
        }
        // Two established names (`Mohammed`, `Mohamed`) may be two people:
        // require a shared first name or title, or a lopsided count.
        if listed(sa) && listed(sb) {
            return self.supported(a, b);
        }
        true
    }

    fn one_edit_variants(&self, a: usize, b: usize, ka: &[char], kb: &[char]) -> bool {
        if ka == kb {
            return false; // handled by the skeleton buckets
        }
        let Some(pos) = one_edit_position(ka, kb) else {
            return false;
        };
        let long = ka.len().max(kb.len());
        // Edits in the first letter or the last three are derivations,
        // genders and different places (`Sweden`/`Swedes`, `Ivanov`/`Ivanova`).
        if pos == 0 || pos + 3 > long {
            return false;
        }
        // Cheap evidence first: most one-edit pairs are unrelated names
        // without a shared first name or a lopsided count.
        if !self.supported(a, b) {
            return false;
        }
        let (sa, sb) = (self.text_of(a), self.text_of(b));
        let (ca, cb) = (self.count_of(a), self.count_of(b));
        // The rarer spelling must be no word or listed name of its own.
        let (rare, common) = if ca <= cb { (sa, sb) } else { (sb, sa) };
        if listed(rare) || (ca == cb && listed(common)) {
            return false;
        }
        // A rare spelling beside a frequent established name (`Sanità` beside
        // `Santa`) is another name; only a shared first name or title links them.
        if listed(common) && !self.shared_context(a, b) {
            return false;
        }
        if is_derivation(sa, sb) || is_gendered_pair(sa, sb) {
            return false;
        }
        // `Yonggang`/`Yungang`: different Chinese names, one letter apart.
        !(is_pinyin_like(sa) && is_pinyin_like(sb))
    }

    /// Whether spellings `a` and `b` share a neighbouring word, up to case.
    fn shared_context(&self, a: usize, b: usize) -> bool {
        let (ca, cb) = (&self.entries[a].context, &self.entries[b].context);
        if ca.iter().any(|w| cb.contains(w)) {
            return true;
        }
        // Different ids may still be one word: two spellings of a name
        // part that differ in case (`McCain`, `Mccain`), or a name part
        // and a title (`May`).
        let (na, nb) = (ca.iter().count(), cb.iter().count());
        if na * nb <= 64 {
            return ca
                .iter()
                .any(|w| cb.iter().any(|v| self.same_context_word(w, v)));
        }
        let (small, large) = if na <= nb { (ca, cb) } else { (cb, ca) };
        let lower: FxHashSet<String> = small.iter().map(|w| self.context_lowercase(w)).collect();
        large
            .iter()
            .any(|v| lower.contains(&self.context_lowercase(v)))
    }

    /// Whether context ids `w` and `v` are one word up to case.
    fn same_context_word(&self, w: u32, v: u32) -> bool {
        let text = |id: u32| {
            if id & WORD_BIT != 0 {
                let word = self.words.texts.get((id & !WORD_BIT) as usize);
                word.map_or("", String::as_str)
            } else {
                self.text_of(id as usize)
            }
        };
        let (tw, tv) = (text(w), text(v));
        if tw.is_ascii() && tv.is_ascii() {
            // ASCII lowercases to ASCII of the same length.
            return tw.eq_ignore_ascii_case(tv);
        }
        tw.to_lowercase() == tv.to_lowercase()
    }

    /// The lowercase text of a context id.
    fn context_lowercase(&self, w: u32) -> String {
        if w & WORD_BIT != 0 {
            return self
                .words
                .texts
                .get((w & !WORD_BIT) as usize)
                .cloned()
                .unwrap_or_default();
        }
        self.text_of(w as usize).to_lowercase()
    }

    /// A shared neighbouring word (first name, title), or one spelling rare
    /// against a frequent one.
    fn supported(&self, a: usize, b: usize) -> bool {
        if self.shared_context(a, b) {
            return true;
        }
        let (ca, cb) = (self.count_of(a), self.count_of(b));
        let (lo, hi) = (ca.min(cb), ca.max(cb));
        hi >= 3 && lo * 3 <= hi
    }
}

impl ContextWords {
    /// The id of `word` lowercased, a new id when it is new. Short ASCII
    /// words (lowercase of ASCII is ASCII) go by their packed bytes, every
    /// other word by its lowercase text, so one word always lands in the
    /// same table.
    fn intern(&mut self, word: &str) -> u32 {
        let next = id32(self.texts.len());
        let (long, short, texts) = (&mut self.long, &mut self.short, &mut self.texts);
        lexicon::with_lowercase(word, |lower| {
            let key =
                pack_ascii(word.as_bytes(), true).or_else(|| pack_ascii(lower.as_bytes(), false));
            let id = match key {
                Some(key) => *short.entry(key).or_insert(next),
                None => *long.entry(lower.to_owned()).or_insert(next),
            };
            if id == next {
                texts.push(lower.to_owned());
            }
            id
        })
    }
}

/// The chars of [`letters`]`(text)` hashed by [`hash_chars`], without
/// building them.
#[cfg(test)]
fn letters_hash(text: &str) -> u64 {
    letters_hash_power(text).0
}

/// [`letters_hash`] of `text`, and [`POLY_BASE`] to the power of the
/// number of chars it hashed: the hash of `text`, a separator without
/// letters and another text is this hash plus this power times the other
/// text's ([`unit_hash`]).
#[inline(never)]
fn letters_hash_power(text: &str) -> (u64, u64) {
    // [`hash_chars`] over the lowercased letters, a byte at a time from
    // the last (Horner's rule, as there), as if the text were ASCII: every
    // byte's step is worked out and kept only for a letter, so the loop
    // has no branch, and the bytes are or-ed together to tell afterwards
    // (no pass before) whether they were ASCII.
    let (mut hash, mut letters, mut all) = (0u64, 0u32, 0u8);
    for &b in text.as_bytes().iter().rev() {
        let term = u64::from(b | 0x20) + 1;
        let next = hash.wrapping_mul(POLY_BASE).wrapping_add(term);
        let letter = is_ascii_letter(b);
        hash = if letter { next } else { hash };
        letters += u32::from(letter);
        all |= b;
    }
    if all.is_ascii() {
        return (hash, base_power(letters));
    }
    let letters = text
        .chars()
        .filter(|c| crate::text::chars::is_alphabetic(*c));
    let (mut hash, mut power) = (0u64, 1u64);
    for c in letters.flat_map(char::to_lowercase) {
        hash = hash.wrapping_add(poly_term(c).wrapping_mul(power));
        power = power.wrapping_mul(POLY_BASE);
    }
    (hash, power)
}

/// [`POLY_BASE`] to the power `n` (wrapping): from a table up to a
/// word's usual length.
fn base_power(n: u32) -> u64 {
    /// `POLY_BASE^i` for `i < 64`.
    const POWERS: [u64; 64] = {
        let mut powers = [1u64; 64];
        let mut i = 1;
        while i < 64 {
            powers[i] = powers[i - 1].wrapping_mul(POLY_BASE);
            i += 1;
        }
        powers
    };
    match POWERS.get(n as usize) {
        Some(&p) => p,
        None => POLY_BASE.wrapping_pow(n),
    }
}

/// [`letters_hash`] of two words joined by a separator without letters,
/// from [`letters_hash_power`] of the first and [`letters_hash`] of the
/// second: the second word's chars come after the first's, each term one
/// power of the base further.
fn unit_hash(first: (u64, u64), second: u64) -> u64 {
    first.0.wrapping_add(first.1.wrapping_mul(second))
}

/// The one-deletion rows of skeleton `sk` (hashed `full`) of spelling `id`:
/// one per deleted letter, and the whole skeleton. Substitutions meet at
/// the same deletion, insertions meet the shorter skeleton itself.
#[inline(never)]
fn push_deletions<L: Copy + Into<u32>>(sk: &[L], full: u64, id: u32, rows: &mut Vec<u64>) {
    for_each_deletion(sk, full, |hash| rows.push(row(hash, id)));
}

/// Calls `f` with the hash of each one-deletion of skeleton `sk` (hashed
/// `full`), in order of the deleted letter, then with `full` (the whole
/// skeleton; its place among a spelling's rows does not matter, as
/// sorting orders them by key).
#[inline]
fn for_each_deletion<L: Copy + Into<u32>>(sk: &[L], full: u64, mut f: impl FnMut(u64)) {
    let Some(&first) = sk.first() else {
        return;
    };
    // Deleting the first letter: `full` is its term plus the base times
    // the rest's hash, and the base is odd, so invertible: no second pass
    // over the letters.
    let mut deleted = full
        .wrapping_sub(letter_term(first))
        .wrapping_mul(POLY_BASE_INVERSE);
    // Deleting letter `p + 1` instead of letter `p` moves letter `p` into
    // place `p` and drops letter `p + 1` from it, so each deletion's hash
    // follows from the last in one step.
    let mut power = 1u64;
    for (p, &c) in sk.iter().enumerate() {
        f(deleted);
        if let Some(&next) = sk.get(p + 1) {
            let change = letter_term(c).wrapping_sub(letter_term(next));
            deleted = deleted.wrapping_add(change.wrapping_mul(power));
            power = power.wrapping_mul(POLY_BASE);
        }
    }
    f(full);
}

/// A sortable candidate row: the hash, mixed and folded to 32 bits, above
/// the id.
fn row(hash: u64, id: u32) -> u64 {
    let hash = (hash ^ (hash >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (((hash >> 32) ^ (hash & 0xFFFF_FFFF)) << 32) | u64::from(id)
}

/// Calls `f` with the ids of each pair of rows of `run`, in order.
fn each_pair(run: &[u64], mut f: impl FnMut(usize, usize)) {
    for (x, &a) in run.iter().enumerate() {
        for &b in &run[x + 1..] {
            f(row_id(a), row_id(b));
        }
    }
}

/// The 32-bit key of a row of `hash` ([`row`]).
fn row_key32(hash: u64) -> u32 {
    (row(hash, 0) >> 32) as u32
}

/// A 32-bit hash of `bytes` with bit 5 of every byte set, so ASCII text
/// and its lowercase form hash alike: eight bytes at a time.
fn caseless_hash(bytes: &[u8]) -> u32 {
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = caseless_step(h, u64::from_le_bytes(w.try_into().unwrap_or([0; 8])));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = caseless_step(h, u64::from_le_bytes(last));
    }
    caseless_finish(h)
}

/// One 8-byte word (little-endian, zero-padded) into [`caseless_hash`]'s
/// state `h`.
#[inline]
fn caseless_step(h: u64, word: u64) -> u64 {
    const CASE: u64 = 0x2020_2020_2020_2020;
    (h ^ (word | CASE)).wrapping_mul(POLY_BASE).rotate_left(23)
}

/// [`caseless_hash`]'s state mixed and folded to 32 bits.
#[inline]
fn caseless_finish(h: u64) -> u32 {
    let h = (h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    ((h >> 32) ^ h) as u32
}

/// How [`NameTable::clusters_by`] finds one-edit pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OneEditBy {
    /// Candidates, or sorted rows when the context groups are large.
    Auto,
    /// [`NameTable::link_one_edit_rows`] always.
    Rows,
    /// [`NameTable::link_one_edit_candidates`] always.
    Candidates,
}

/// A spelling this frequent supports a one-edit variant by count alone
/// ([`NameTable::supported`]: three times the rarer one's count, at least
/// three).
const FREQUENT: u32 = 3;

/// A context group of at most this many spellings is compared pair by
/// pair ([`NameTable::link_one_edit_candidates`]).
const PAIRWISE_GROUP: usize = 12;

/// The primary skeletons of the single spellings, one after another:
/// spelling `id`'s is `text[starts[id]..starts[id + 1]]` (UTF-8, a byte
/// per ASCII letter, not a `char`): one buffer, not a vector per spelling.
struct Skeletons {
    text: Vec<u8>,
    starts: Vec<u32>,
}

impl Skeletons {
    fn bytes(&self, id: usize) -> &[u8] {
        let (a, b) = (self.starts[id] as usize, self.starts[id + 1] as usize);
        self.text.get(a..b).unwrap_or(&[])
    }

    /// The skeleton of spelling `id` (one of at most [`MAX_EDIT_LEN`]
    /// chars, indexed for one-edit matching) as chars, in `buf`; its length.
    fn chars(&self, id: usize, buf: &mut [char; MAX_EDIT_LEN]) -> usize {
        let bytes = self.bytes(id);
        let mut n = 0;
        if bytes.is_ascii() {
            for (slot, &c) in buf.iter_mut().zip(bytes) {
                *slot = char::from(c);
                n += 1;
            }
        } else {
            let text = std::str::from_utf8(bytes).unwrap_or("");
            for (slot, c) in buf.iter_mut().zip(text.chars()) {
                *slot = c;
                n += 1;
            }
        }
        n
    }

    /// Calls `f` with the row key ([`row_key32`]) of each one-deletion row
    /// of indexed spelling `id` ([`for_each_deletion`]), in that order.
    #[inline]
    fn for_each_key(&self, id: usize, mut f: impl FnMut(u32)) {
        let bytes = self.bytes(id);
        if bytes.is_ascii() {
            for_each_deletion(bytes, hash_letters(bytes), |h| f(row_key32(h)));
        } else {
            let mut buf = ['\0'; MAX_EDIT_LEN];
            let n = self.chars(id, &mut buf);
            let sk = &buf[..n];
            for_each_deletion(sk, hash_letters(sk), |h| f(row_key32(h)));
        }
    }

    /// Pushes a row (key above id, as [`row`] packs them) for each key of
    /// [`Skeletons::for_each_key`] of spelling `id`.
    fn push_rows(&self, id: usize, rows: &mut Vec<u64>) {
        self.for_each_key(id, |key| rows.push(u64::from(key) << 32 | id as u64));
    }
}

#[cfg(test)]
thread_local! {
    /// How often [`NameTable::link_one_edit_candidates`] fell back, met a
    /// large context group and counted keys (the tests' coverage).
    static PATHS: std::cell::Cell<[usize; 3]> = const { std::cell::Cell::new([0; 3]) };
}

/// Counts a path of [`PATHS`].
#[cfg(test)]
fn count_path(path: usize) {
    PATHS.with(|p| {
        let mut v = p.get();
        v[path] += 1;
        p.set(v);
    });
}

/// A key to count in [`NameTable::link_one_edit_candidates`]: how many
/// spellings have it (the last one counted), and the frequent spellings
/// that have it (`frequent[start..start + len]`).
struct KeySlot {
    count: u32,
    last: u32,
    start: u32,
    len: u32,
}

/// Whether bit `id` of `bits` is set.
fn is_set(bits: &[u64], id: usize) -> bool {
    bits[id / 64] >> (id % 64) & 1 != 0
}

/// Spellings `a < b` as one sortable integer.
fn pair(a: usize, b: usize) -> u64 {
    u64::from(id32(a)) << 32 | u64::from(id32(b))
}

/// The spellings of [`pair`].
fn unpair(p: u64) -> (usize, usize) {
    ((p >> 32) as usize, (p & 0xFFFF_FFFF) as usize)
}

/// Whether skeletons `a` and `b` (UTF-8) may be one-edit variants as
/// [`NameTable::one_edit_variants`] takes them: an edit at `pos` in
/// neither the first letter nor the last three of the longer skeleton
/// leaves the first letter and the last two alike, and the char counts
/// differ by at most one. A necessary condition, tested on bytes.
fn may_be_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (Some(fa), Some(fb)) = (a.first(), b.first()) else {
        return false;
    };
    if fa != fb || a.len() < 2 || b.len() < 2 || a[a.len() - 2..] != b[b.len() - 2..] {
        return false;
    }
    // Only for ASCII are the byte counts the char counts.
    !(a.is_ascii() && b.is_ascii()) || a.len().abs_diff(b.len()) <= 1
}

/// The first byte and the last two of skeleton `sk` (UTF-8) as one
/// number: two skeletons [`may_be_one_edit`] lets through have the same.
/// `None` for a skeleton of fewer than two bytes, which it lets through
/// with none.
fn near_class(sk: &[u8]) -> Option<u64> {
    let (&first, [.., a, b]) = (sk.first()?, sk) else {
        return None;
    };
    Some(u64::from(first) << 16 | u64::from(*a) << 8 | u64::from(*b))
}

/// Which 32-bit row keys were marked twice or more, up to collisions: a
/// key marked twice always answers yes, a key marked once answers yes when
/// another key shares its slot. Each slot's "seen once" and "seen twice"
/// bits sit in adjacent words, so a key touches one cache line.
struct TwiceFilter {
    /// Pairs of words: "seen once", then "seen twice".
    seen: Vec<u64>,
    /// A key's slot is the top bits of the key times this odd number:
    /// filters with different ones share no pattern of collisions.
    mult: u32,
    /// 32 less the slot count's log (the slots are a power of two, at
    /// least 64).
    shift: u32,
}

impl TwiceFilter {
    /// A filter of at least `per_key` slots for each of `keys` keys,
    /// placing a key by `mult` (odd).
    fn new(keys: usize, per_key: usize, mult: u32) -> TwiceFilter {
        let slots = (keys * per_key).next_power_of_two().clamp(64, 1 << 31);
        TwiceFilter {
            seen: vec![0; 2 * (slots / 64)],
            mult,
            shift: 32 - slots.trailing_zeros(),
        }
    }

    /// The word of a key's "seen once" bit and that bit.
    #[inline]
    fn slot(&self, key: u32) -> (usize, u64) {
        let h = (u64::from(key.wrapping_mul(self.mult)) >> self.shift) as usize;
        (2 * (h / 64), 1u64 << (h % 64))
    }

    #[inline]
    fn mark(&mut self, key: u32) {
        let (w, b) = self.slot(key);
        if let [once, twice] = &mut self.seen[w..w + 2] {
            *twice |= *once & b;
            *once |= b;
        }
    }

    #[inline]
    fn twice(&self, key: u32) -> bool {
        let (w, b) = self.slot(key);
        self.seen[w + 1] & b != 0
    }
}

/// Sorts rows pushed in ascending id order and drops repeats. A stable
/// radix sort on the 32-bit key keeps each key's ids in push order, so the
/// result equals a full sort of the rows.
///
/// Rows whose key no other row has are dropped first: they would form
/// runs of one, which every bucket loop skips, and most rows (deletion
/// neighbourhoods of distinct names) are such. A row is kept when a
/// [`TwiceFilter`] of all keys says its key was seen twice, so every row
/// of a shared key is kept, with some unique ones (harmless). The first
/// filter is small (two to four slots a row: 800k rows, 100k distinct
/// names, take 512 KiB, which stays in the L2 cache) and keeps about a
/// third of the unique rows; a second one over the rows kept, four to
/// eight slots a row and placing keys differently, keeps about a sixth of
/// those, so the radix sort orders few rows.
fn sort_rows(rows: &mut Vec<u64>) {
    debug_assert!(rows.windows(2).all(|w| row_id(w[0]) <= row_id(w[1])));
    for (per_key, mult) in [(2, 1), (4, 0x9E37_79B1)] {
        if rows.len() >= 64 {
            let key = |r: u64| row_key(r) as u32;
            let mut filter = TwiceFilter::new(rows.len(), per_key, mult);
            for &r in rows.iter() {
                filter.mark(key(r));
            }
            // `retain` without its branch per row (about a third of
            // the rows stay, at random: a branch mispredicts often):
            // each row is written to the next free place, which moves on
            // only when the row stays.
            let mut kept = 0;
            for i in 0..rows.len() {
                let r = rows[i];
                rows[kept] = r;
                kept += usize::from(filter.twice(key(r)));
            }
            rows.truncate(kept);
        }
    }
    radsort::sort_by_key(rows, |&r| row_key(r) as u32);
    rows.dedup();
}

fn row_key(row: u64) -> u64 {
    row >> 32
}

fn row_id(row: u64) -> usize {
    (row & 0xFFFF_FFFF) as usize
}

/// A polynomial hash of chars, `Σ poly_term(c_i) · POLY_BASE^i` (wrapping):
/// a deletion-neighbourhood key without allocating. Unlike a chained hash,
/// deleting one char changes it by a closed form, so all one-deletion
/// hashes of a word take linear time. [`row`] mixes it. Worked out from
/// the last char by Horner's rule: one multiplication per char.
fn hash_chars(chars: impl DoubleEndedIterator<Item = char>) -> u64 {
    chars.rev().fold(0u64, |hash, c| {
        hash.wrapping_mul(POLY_BASE).wrapping_add(poly_term(c))
    })
}

/// [`hash_chars`] of a skeleton's letters, as chars or as the bytes of an
/// ASCII skeleton (a byte is the char of the same code).
#[inline]
fn hash_letters<L: Copy + Into<u32>>(sk: &[L]) -> u64 {
    sk.iter().rev().fold(0u64, |hash, &c| {
        hash.wrapping_mul(POLY_BASE).wrapping_add(letter_term(c))
    })
}

/// [`poly_term`] of a letter given as a char or an ASCII byte.
#[inline]
fn letter_term<L: Into<u32>>(c: L) -> u64 {
    u64::from(c.into()) + 1
}

/// An odd multiplier (the golden ratio in 64 bits).
const POLY_BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// The inverse of [`POLY_BASE`] modulo 2^64 (an odd number has one):
/// Newton's iteration `x (2 - b x)`, from `x = b` (right in the low three
/// bits of an odd `b`), doubles the right bits each step.
const POLY_BASE_INVERSE: u64 = {
    let mut x = POLY_BASE;
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(POLY_BASE.wrapping_mul(x)));
        i += 1;
    }
    assert!(x.wrapping_mul(POLY_BASE) == 1);
    x
};

/// What one char adds to [`hash_chars`], before its power of the base: never
/// zero, so a char of code 0 still counts.
#[inline]
fn poly_term(c: char) -> u64 {
    u64::from(u32::from(c)) + 1
}

/// `Amir-Abdollahian`/`Amir Abdollahian`; but two English words
/// (`African-American`/`African American`, `China-Japan`) hyphenate by
/// grammar, not by drift.
fn separator_variants(text: &str, other: &str) -> bool {
    letters(text) == letters(other)
        && text
            .split([' ', '-', '\u{2010}', '\u{2011}'])
            .any(|part| !part.is_empty() && !listed(part))
        && text.to_lowercase() != other.to_lowercase()
}

/// Whether the lexicon knows the spelling (as a word or a listed name).
fn listed(text: &str) -> bool {
    lexicon::level_exact(text).is_some()
        || lexicon::with_lowercase(text, |lower| lexicon::level_exact(lower).is_some())
}

/// Demonyms, plurals and adjectives: one spelling is the other plus an
/// English suffix (`Russia`/`Russian`/`Russians`, `Ukraine`/`Ukrainian`).
fn is_derivation(a: &str, b: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "s", "es", "n", "ns", "an", "ans", "ian", "ians", "ean", "eans", "ese", "i", "is", "ish",
        "ic", "ite", "ites", "er", "ers", "ern", "ist", "ists", "ism",
    ];
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    let (short, long) = if la.len() <= lb.len() {
        (la, lb)
    } else {
        (lb, la)
    };
    // `Ukraine`/`Ukrainian`: compare without a final `e` or `a` of the stem.
    let suffixed = |stem: &str, min: usize| {
        !stem.is_empty()
            && long
                .strip_prefix(stem)
                .is_some_and(|rest| rest.len() >= min && SUFFIXES.contains(&rest))
    };
    // `Ukraine`/`Ukrainian`, `Italy`/`Italian`: the stem drops a final vowel
    // before a suffix of two letters or more (but `Dmitry`/`Dmitri` is no derivation).
    suffixed(&short, 1)
        || (short.ends_with(['e', 'a', 'y']) && suffixed(&short[..short.len() - 1], 2))
}

/// Slavic and Baltic surnames change their ending with gender: `Ivanov`/
/// `Ivanova`, `Kowalski`/`Kowalska`, `Zelensky`/`Zelenskaya`.
fn is_gendered_pair(a: &str, b: &str) -> bool {
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    let (short, long) = if la.len() <= lb.len() {
        (la, lb)
    } else {
        (lb, la)
    };
    if long.strip_prefix(short.as_str()) == Some("a") {
        return true;
    }
    let stem = |s: &str| s.trim_end_matches(['a', 'i', 'y', 'j']).to_owned();
    let ends_a = |s: &str| s.ends_with('a') || s.ends_with("aya") || s.ends_with("aja");
    stem(&short) == stem(&long) && (ends_a(&short) != ends_a(&long))
}

/// Union-find over ids that fit 32 bits (as every id of the table does),
/// so the parents take half the memory of `usize`s.
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).map(id32).collect(),
        }
    }
    fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.parent[root] as usize != root {
            root = self.parent[root] as usize;
        }
        let mut x = x;
        while self.parent[x] as usize != root {
            let next = self.parent[x] as usize;
            self.parent[x] = id32(root);
            x = next;
        }
        root
    }
    fn same(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = id32(ra.min(rb));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The runs of two or more rows with one key, as the bucket loops see them.
    fn shared_runs(rows: &[u64]) -> Vec<Vec<u64>> {
        rows.chunk_by(|&x, &y| row_key(x) == row_key(y))
            .filter(|r| r.len() >= 2)
            .map(<[u64]>::to_vec)
            .collect()
    }

    #[test]
    fn sorted_rows_keep_every_shared_run() {
        // Rows as `clusters` pushes them, over key ranges from crowded
        // (every key shared) to sparse (nearly every key unique).
        for keys in [7u64, 997, 100_003, 1 << 40] {
            let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ keys;
            let mut rows = Vec::new();
            for id in 0..3000u32 {
                for _ in 0..(id % 5) {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    rows.push(row(state % keys, id));
                }
            }
            let mut want = rows.clone();
            want.sort_unstable_by_key(|&r| (row_key(r), row_id(r)));
            want.dedup();
            sort_rows(&mut rows);
            assert_eq!(shared_runs(&rows), shared_runs(&want), "{keys} keys");
            // Nearly every key unique: the two filters drop all but a few
            // percent of those rows (two filters placing keys alike
            // would keep a third).
            if keys == 1 << 40 {
                assert!(
                    rows.len() * 12 < want.len(),
                    "{} of {}",
                    rows.len(),
                    want.len()
                );
            }
        }
    }

    #[test]
    fn radix_sorted_rows_equal_fully_sorted_rows() {
        // Rows as `clusters` pushes them: ids ascending, a few keys each,
        // with repeats and colliding keys.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut rows = Vec::new();
        for id in 0..5000u32 {
            for _ in 0..(id % 4) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                rows.push(row(state % 997, id));
            }
        }
        let mut want = rows.clone();
        want.sort_unstable();
        want.dedup();
        sort_rows(&mut rows);
        // Keys held by one row alone may be dropped; the rest is in order.
        assert!(rows.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(shared_runs(&rows), shared_runs(&want));
    }

    #[test]
    fn deletion_rows_equal_hashes_of_the_deleted_strings() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for len in 1..=34 {
            for _ in 0..50 {
                let sk: Vec<char> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        // Every fourth skeleton ASCII only.
                        let k = if len % 4 == 0 { 4 } else { 7 };
                        ['a', 'b', 'k', '\0', 'é', 'ß', 'ž'][(state % k) as usize]
                    })
                    .collect();
                let full = hash_chars(sk.iter().copied());
                let mut rows = Vec::new();
                push_deletions(&sk, full, 7, &mut rows);
                let mut want: Vec<u64> = (0..sk.len())
                    .map(|p| {
                        let rest = sk[..p].iter().chain(&sk[p + 1..]).copied();
                        row(hash_chars(rest), 7)
                    })
                    .collect();
                want.push(row(full, 7));
                assert_eq!(rows, want, "{sk:?}");
                // An ASCII skeleton as bytes hashes and deletes as its chars.
                if sk.iter().all(char::is_ascii) {
                    let bytes: Vec<u8> = sk.iter().map(|&c| c as u8).collect();
                    assert_eq!(hash_letters(&bytes), full, "{sk:?}");
                    let mut byte_rows = Vec::new();
                    push_deletions(&bytes, full, 7, &mut byte_rows);
                    assert_eq!(byte_rows, want, "{sk:?}");
                }
            }
        }
    }

    #[test]
    fn id_sets_grow_from_small_to_large_without_losing_ids() {
        let mut set = IdSet::default();
        assert!(!set.contains(3));
        for id in (0..40).chain(0..40) {
            set.insert(id);
            assert!(set.contains(id));
        }
        assert!(matches!(&set, IdSet::Many(m) if matches!(**m, ManyIds::Large(_))));
        let mut pair = IdSet::default();
        for id in [7, 9, 7, 9] {
            pair.insert(id);
        }
        assert!(
            matches!(pair, IdSet::Pair([7, 9], 2)),
            "two ids stay inline"
        );
        let mut ids: Vec<u32> = set.iter().collect();
        ids.sort_unstable();
        assert_eq!(ids, (0..40).collect::<Vec<_>>());
        assert!(!set.contains(40));
    }

    /// [`hash_chars`] as first written: a power of the base per char.
    fn hash_chars_reference(chars: impl Iterator<Item = char>) -> u64 {
        let (mut hash, mut power) = (0u64, 1u64);
        for c in chars {
            hash = hash.wrapping_add(poly_term(c).wrapping_mul(power));
            power = power.wrapping_mul(POLY_BASE);
        }
        hash
    }

    #[test]
    fn polynomial_hashes_agree_with_the_reference() {
        let mut below = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        let alphabet: Vec<char> = "aZk -’'éÉßİ\0x".chars().collect();
        for len in 0..80 {
            for _ in 0..40 {
                let text: String = (0..len).map(|_| alphabet[below(alphabet.len())]).collect();
                assert_eq!(
                    hash_chars(text.chars()),
                    hash_chars_reference(text.chars()),
                    "{text:?}"
                );
                let lower = text
                    .chars()
                    .filter(|c| crate::text::chars::is_alphabetic(*c))
                    .flat_map(char::to_lowercase);
                assert_eq!(letters_hash(&text), hash_chars_reference(lower), "{text:?}");
                let ascii: String = text.chars().filter(char::is_ascii).collect();
                let lower = ascii
                    .chars()
                    .filter(|c| c.is_ascii_alphabetic())
                    .map(|c| c.to_ascii_lowercase());
                let letters = lower.clone().count();
                assert_eq!(
                    letters_hash(&ascii),
                    hash_chars_reference(lower),
                    "{ascii:?}"
                );
                let power = POLY_BASE.wrapping_pow(u32::try_from(letters).unwrap_or(0));
                assert_eq!(letters_hash_power(&ascii).1, power, "{ascii:?}");
            }
        }
    }

    #[test]
    fn unit_hashes_agree_with_hashing_the_joined_text() {
        let mut below = crate::test_rng::below(0x6a09_e667_f3bc_c908);
        // Letters, capitals, non-letters, and chars that lowercase to two
        // (`İ`) or are letters outside ASCII.
        let alphabets: [Vec<char>; 3] = [
            "aZkqQ".chars().collect(),
            "aZk’'.0é".chars().collect(),
            "aZk -’'éÉßİ\0xЖж\u{301}".chars().collect(),
        ];
        let reference = |text: &str| {
            let lower = text
                .chars()
                .filter(|c| crate::text::chars::is_alphabetic(*c))
                .flat_map(char::to_lowercase);
            hash_chars_reference(lower)
        };
        for len in 0..70 {
            for round in 0..60 {
                let alphabet = &alphabets[round % 3];
                let b_len = below(12);
                let mut word = |n: usize| -> String {
                    (0..n).map(|_| alphabet[below(alphabet.len())]).collect()
                };
                let (a, b) = (word(len), word(b_len));
                let (hash, power) = letters_hash_power(&a);
                assert_eq!(hash, reference(&a), "{a:?}");
                let count = a
                    .chars()
                    .filter(|c| crate::text::chars::is_alphabetic(*c))
                    .flat_map(char::to_lowercase)
                    .count();
                let mut want_power = 1u64;
                for _ in 0..count {
                    want_power = want_power.wrapping_mul(POLY_BASE);
                }
                assert_eq!(power, want_power, "{a:?}");
                for sep in [" ", "-"] {
                    let joined = format!("{a}{sep}{b}");
                    let hash = unit_hash((hash, power), letters_hash_power(&b).0);
                    assert_eq!(hash, reference(&joined), "{joined:?}");
                    assert_eq!(hash, letters_hash(&joined), "{joined:?}");
                }
            }
        }
    }

    /// The context sets as first kept: for each single spelling, the
    /// lowercase texts of the words next to it in its mentions.
    fn contexts_reference(doc: &crate::text::Document) -> HashMap<String, HashSet<String>> {
        let mut out: HashMap<String, HashSet<String>> = HashMap::new();
        for m in crate::names::mentions(doc) {
            let parts = &m.parts;
            for (i, p) in parts.iter().enumerate() {
                if p.kind != PartKind::Name {
                    continue;
                }
                let set = out.entry(p.text.to_owned()).or_default();
                let prev =
                    (i > 0 && parts[i - 1].kind != PartKind::Particle).then(|| &parts[i - 1]);
                let next = parts.get(i + 1).filter(|n| n.kind != PartKind::Particle);
                for w in [prev, next].into_iter().flatten() {
                    set.insert(w.text.to_lowercase());
                }
            }
        }
        out
    }

    #[test]
    fn shared_context_agrees_with_lowercase_neighbour_sets() {
        let vocabulary = [
            "Sergei",
            "McCain",
            "Mccain",
            "May",
            "Minister",
            "Foreign",
            "bin",
            "al",
            "Riabkov",
            "Ryakov",
            "Zürich",
            "Ölund",
            "Olund",
            "KElvin",
            "\u{212A}elvin",
            "Kelvin",
            "Paris",
            "Will",
            "the",
            "said",
            "Deputy",
            "O’Neill",
            "Kqzvte",
            "Kqzvto",
        ];
        let seps = [" ", " ", " ", "-", ". ", ", ", "\n"];
        for seed in 0..12u64 {
            let mut below = crate::test_rng::below(0x2545_f491_4f6c_dd1d ^ seed);
            let mut text = String::new();
            // Short texts keep the context sets small (compared pair by
            // pair), long ones make them large (compared through a set).
            for _ in 0..[12, 40, 400][seed as usize % 3] {
                text.push_str(vocabulary[below(vocabulary.len())]);
                text.push_str(seps[below(seps.len())]);
            }
            let doc = crate::text::Document::from_text(&text);
            let mut table = crate::names::name_table(&[&doc]);
            let check = |table: &NameTable, want: &HashMap<String, HashSet<String>>| {
                let singles: Vec<usize> = (0..table.len())
                    .filter(|&id| id < table.entries.len())
                    .collect();
                for &a in &singles {
                    for &b in &singles {
                        let (ta, tb) = (table.text_of(a), table.text_of(b));
                        let expect = !want[ta].is_disjoint(&want[tb]);
                        assert_eq!(table.shared_context(a, b), expect, "{ta} {tb} in {text:?}");
                    }
                }
            };
            let want = contexts_reference(&doc);
            check(&table, &want);
            // Removing spellings keeps them as neighbouring words.
            let gone: HashSet<&str> = ["Mccain", "Ryakov", "Sergei", "May"].into_iter().collect();
            table.remove(&gone);
            check(&table, &want);
        }
    }

    #[test]
    fn large_context_sets_compare_like_small_ones() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!("Zq{}x Riabkov. ", "ab".repeat(i % 40)));
            text.push_str(&format!("Riabkov Qz{}y. ", "ba".repeat(i % 37)));
            text.push_str(&format!("Ryakov QZ{}y. ", "BA".repeat(i % 37)));
            text.push_str(&format!("Rjabkov Xq{}y. ", "ab".repeat(i % 37)));
        }
        let doc = crate::text::Document::from_text(&text);
        let table = crate::names::name_table(&[&doc]);
        let want = contexts_reference(&doc);
        let id = |t: &str| table.texts().position(|x| x == t).unwrap_or(usize::MAX);
        // Small sets, one word in two cases.
        let small = crate::text::Document::from_text(
            "Riabkov McCain. Ryakov Mccain. Rjabkov Zq. Zürich Ölund. Zuerich ÖLund.",
        );
        let small = crate::names::name_table(&[&small]);
        let sid = |t: &str| small.texts().position(|x| x == t).unwrap_or(usize::MAX);
        assert!(small.shared_context(sid("Riabkov"), sid("Ryakov")));
        assert!(!small.shared_context(sid("Riabkov"), sid("Rjabkov")));
        assert!(small.shared_context(sid("Zürich"), sid("Zuerich")));
        let (a, b, c) = (id("Riabkov"), id("Ryakov"), id("Rjabkov"));
        assert!(table.entries[a].context.iter().count() > 64);
        // Only case tells the neighbours of `Riabkov` and `Ryakov` apart.
        assert!(table.shared_context(a, b) && table.shared_context(b, a));
        assert!(!table.shared_context(a, c) && !table.shared_context(c, b));
        assert!(!want["Riabkov"].is_disjoint(&want["Ryakov"]));
        assert!(want["Rjabkov"].is_disjoint(&want["Ryakov"]));
    }

    /// A spelling as [`spellings_reference`] lists it: whether it is a
    /// unit, its text, its occurrences, its first occurrence's index.
    type RefSpelling = (bool, String, Vec<Occurrence>, usize);
    /// A cluster's first occurrence and its spellings' texts and occurrences.
    type RefCluster = (usize, Vec<(String, Vec<Occurrence>)>);

    /// The table's spellings as first kept, every two-word unit interned
    /// beside the single words: for each spelling (unit or not, text) in
    /// first-seen order, its occurrences and the index of its first
    /// occurrence among all occurrences added.
    fn spellings_reference(docs: &[&crate::text::Document]) -> Vec<RefSpelling> {
        let mut out: Vec<RefSpelling> = Vec::new();
        let mut index: HashMap<(bool, String), usize> = HashMap::new();
        let mut seq = 0;
        let mut add = |unit: bool, text: String, file: usize, span: Span| {
            let k = *index.entry((unit, text.clone())).or_insert_with(|| {
                out.push((unit, text, Vec::new(), seq));
                out.len() - 1
            });
            out[k].2.push(Occurrence { file, span });
            seq += 1;
        };
        for (file, doc) in docs.iter().enumerate() {
            for m in crate::names::mentions(doc) {
                let parts = &m.parts;
                for (i, p) in parts.iter().enumerate() {
                    if p.kind != PartKind::Name {
                        continue;
                    }
                    add(false, p.text.to_owned(), file, p.span);
                    if i > 0 && parts[i - 1].kind != PartKind::Particle {
                        let prev = &parts[i - 1];
                        let sep = if p.joiner == Joiner::Hyphen { "-" } else { " " };
                        let span = Span::new(prev.span.start, p.span.end);
                        add(true, format!("{}{sep}{}", prev.text, p.text), file, span);
                    }
                }
            }
        }
        out
    }

    /// Unit clusters as first found: units bucketed by their letters, a
    /// bucket of two to [`MAX_BUCKET`] distinct units (first seen first)
    /// linking neighbours that are separator variants; each cluster most
    /// frequent first, with the first occurrence of its spellings.
    fn unit_clusters_reference(spellings: &[RefSpelling]) -> Vec<RefCluster> {
        let mut buckets: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, s) in spellings.iter().enumerate().filter(|(_, s)| s.0) {
            let l = letters(&s.1);
            match buckets.iter_mut().find(|(k, _)| *k == l) {
                Some((_, b)) => b.push(i),
                None => buckets.push((l, vec![i])),
            }
        }
        let mut out = Vec::new();
        for (_, b) in buckets
            .iter()
            .filter(|(_, b)| (2..=MAX_BUCKET).contains(&b.len()))
        {
            let mut group = vec![b[0]];
            let mut flush = |group: &mut Vec<usize>| {
                if group.len() >= 2 {
                    let first = group.iter().map(|&i| spellings[i].3).min().unwrap_or(0);
                    group.sort_by_key(|&i| (std::cmp::Reverse(spellings[i].2.len()), i));
                    let members = group
                        .iter()
                        .map(|&i| (spellings[i].1.clone(), spellings[i].2.clone()))
                        .collect();
                    out.push((first, members));
                }
                group.clear();
            };
            for w in b.windows(2) {
                if !separator_variants(&spellings[w[0]].1, &spellings[w[1]].1) {
                    flush(&mut group);
                }
                group.push(w[1]);
            }
            flush(&mut group);
        }
        out.sort_by_key(|c| c.0);
        out
    }

    #[test]
    fn units_agree_with_interning_every_unit() {
        let vocabulary = [
            "Amir",
            "Abdollahian",
            "AmirAbdollahian",
            "Al",
            "Sisi",
            "al",
            "Assad",
            "Jong",
            "Un",
            "un",
            "Saint",
            "Martin",
            "Le",
            "Pen",
            "Ben",
            "Gurion",
            "Abu",
            "Dhabi",
            "bin",
            "Salman",
            "Van",
            "Dyke",
            "Vandyke",
            "Sergei",
            "Riabkov",
            "Ryakov",
            "Kim",
            "AMIR",
            "Ami",
            "Rabdollahian",
            "Minister",
            "the",
            "said",
            "Zürich",
            "Zu",
            "Rich",
            "Aa",
            "A",
            "Aaa",
        ];
        // Units of the same letters split, cased and joined many ways:
        // buckets of two to many more than [`MAX_BUCKET`] distinct units.
        let same_letters = [
            "Qx", "Qxq", "Qxqx", "Xq", "Xqx", "Xqxq", "QxQ", "XQx", "QxQx", "QXqx", "QxqX", "XqXq",
        ];
        let seps = [
            " ", " ", "-", "-", "\u{2010}", "  ", ". ", ", ", "\n", "’s ",
        ];
        let mut seen_units = 0;
        for seed in 0..40u64 {
            let mut below = crate::test_rng::below(0x9E37_79B9_7F4A_7C15 ^ seed);
            let mut texts = Vec::new();
            for _ in 0..1 + seed % 3 {
                let mut text = String::new();
                for _ in 0..[30, 200, 1500][below(3)] {
                    // A few words often, so buckets fill past MAX_BUCKET.
                    let n = if below(2) == 0 { 8 } else { vocabulary.len() };
                    if seed % 2 == 1 && below(4) != 0 {
                        text.push_str(same_letters[below(same_letters.len())]);
                    } else {
                        text.push_str(vocabulary[below(n)]);
                    }
                    text.push_str(seps[below(seps.len())]);
                }
                texts.push(text);
            }
            let docs: Vec<crate::text::Document> = texts
                .iter()
                .map(|t| crate::text::Document::from_text(t))
                .collect();
            let refs: Vec<&crate::text::Document> = docs.iter().collect();
            let mut table = crate::names::name_table(&refs);
            let mut want = spellings_reference(&refs);
            for round in 0..2 {
                // Ids: single words first seen first, then units so.
                let mut ordered: Vec<&RefSpelling> = want.iter().filter(|s| !s.0).collect();
                ordered.extend(want.iter().filter(|s| s.0));
                let texts: Vec<Cow<str>> = table.texts().collect();
                let want_texts: Vec<&str> = ordered.iter().map(|s| s.1.as_str()).collect();
                assert_eq!(texts, want_texts, "{seed} {round}");
                assert_eq!(table.len(), want.len());
                let got = table.spellings();
                for (g, w) in got.iter().zip(&ordered) {
                    assert_eq!((g.compound, &g.text, &g.occurrences), (w.0, &w.1, &w.2));
                }
                // Unit clusters, and every cluster in first-seen order.
                let clusters = table.clusters();
                let units: Vec<(String, Vec<Occurrence>)> = clusters
                    .iter()
                    .filter(|c| c.spellings[0].compound)
                    .flat_map(|c| {
                        c.spellings
                            .iter()
                            .map(|s| (s.text.clone(), s.occurrences.clone()))
                    })
                    .collect();
                let want_units: Vec<(String, Vec<Occurrence>)> = unit_clusters_reference(&want)
                    .into_iter()
                    .flat_map(|c| c.1)
                    .collect();
                assert_eq!(units, want_units, "{seed} {round}");
                seen_units += units.len();
                let first = |c: &Cluster| {
                    c.spellings
                        .iter()
                        .filter_map(|s| want.iter().find(|w| w.0 == s.compound && w.1 == s.text))
                        .map(|w| w.3)
                        .min()
                };
                let firsts: Vec<Option<usize>> = clusters.iter().map(first).collect();
                assert!(firsts.iter().all(Option::is_some));
                assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{seed} {firsts:?}");
                // Then without a few spellings, units among them.
                let gone: HashSet<&str> = ["Amir Abdollahian", "Al-Sisi", "Riabkov", "Jong Un"]
                    .into_iter()
                    .collect();
                table.remove(&gone);
                want.retain(|s| !gone.contains(s.1.as_str()));
            }
        }
        // The texts make unit clusters to compare.
        assert!(seen_units > 100, "{seen_units}");
    }

    /// Clusters as texts and occurrences, to compare.
    fn cluster_texts(clusters: &[Cluster]) -> Vec<Vec<(String, Vec<Occurrence>)>> {
        clusters
            .iter()
            .map(|c| {
                c.spellings
                    .iter()
                    .map(|s| (s.text.clone(), s.occurrences.clone()))
                    .collect()
            })
            .collect()
    }

    /// A random name of `alphabet`, or a one-edit variant of one of
    /// `bases` (an edit anywhere, inner ones most often).
    fn generated_name(
        below: &mut impl FnMut(usize) -> usize,
        alphabet: &[char],
        bases: &[Vec<char>],
    ) -> String {
        let mut w: Vec<char> = if bases.is_empty() || below(3) == 0 {
            (0..5 + below(5))
                .map(|_| alphabet[below(alphabet.len())])
                .collect()
        } else {
            bases[below(bases.len())].clone()
        };
        for _ in 0..below(3) {
            let p = below(w.len());
            let c = alphabet[below(alphabet.len())];
            match below(3) {
                0 => w[p] = c,
                1 => w.insert(p, c),
                _ if w.len() > 4 => {
                    w.remove(p);
                }
                _ => {}
            }
        }
        let mut out: String = w[0].to_uppercase().collect();
        out.extend(&w[1..]);
        out
    }

    #[test]
    fn one_edit_candidates_link_as_the_deletion_rows() {
        let contexts = [
            "Sergei",
            "SERGEI",
            "Sergej",
            "McCain",
            "Mccain",
            "MCCAIN",
            "Minister",
            "Mr",
            "President",
            "Kelvin",
            "\u{212A}elvin",
            "Ölund",
            "ÖLUND",
            "May",
            "General",
        ];
        let seps = [". ", ". ", " and ", ", ", "\n", " ", " said. "];
        let alphabets = ["abkr", "kvraz", "abkré", "ozbkvr", "abcdefghiklmnoprstuvz"];
        let mut linked = 0;
        for seed in 0..400u64 {
            let mut below = crate::test_rng::below(0x6A09_E667_F3BC_C909 ^ seed);
            let alphabet: Vec<char> = alphabets[seed as usize % alphabets.len()].chars().collect();
            let bases: Vec<Vec<char>> = (0..1 + below(6))
                .map(|_| {
                    (0..6 + below(4))
                        .map(|_| alphabet[below(alphabet.len())])
                        .collect()
                })
                .collect();
            // A pool of names, each used one to six times or more.
            let mut pool: Vec<String> = (0..5 + below(60))
                .map(|_| generated_name(&mut below, &alphabet, &bases))
                .collect();
            let alike = pool.len();
            if seed % 4 == 3 {
                // Ten to twenty-four spellings one letter apart at one
                // place: deletion buckets around [`MAX_BUCKET`].
                let base = &bases[0];
                let p = 1 + below(base.len() - 4);
                for c in ('a'..='z').take(10 + below(15)) {
                    let mut w = base.clone();
                    w[p] = c;
                    let mut name: String = w[0].to_uppercase().collect();
                    name.extend(&w[1..]);
                    pool.push(name);
                }
            }
            let mut text = String::new();
            for _ in 0..[20, 80, 400][below(3)] {
                // A context word before, after or none; several pool names
                // in a row sometimes; names repeated to make frequent ones.
                let context = contexts[below(if seed % 2 == 0 { 4 } else { contexts.len() })];
                match below(4) {
                    0 => text.push_str(&format!("{context} ")),
                    1 if seed % 3 == 0 => text.push_str("Mr "),
                    _ => {}
                }
                for k in 0..1 + below(2) {
                    if k > 0 {
                        text.push(' ');
                    }
                    let name = &pool[below(pool.len()).min(below(pool.len()))];
                    text.push_str(name);
                }
                if below(4) == 0 {
                    text.push_str(&format!(" {context}"));
                }
                text.push_str(seps[below(seps.len())]);
            }
            if seed % 8 == 7 {
                // The spellings one letter apart each after one word: a
                // context group of more than [`PAIRWISE_GROUP`] skeletons
                // alike in the bytes [`near_class`] reads.
                for name in &pool[alike..] {
                    text.push_str(&format!("General {name}. "));
                }
            }
            let doc = crate::text::Document::from_text(&text);
            let mut table = crate::names::name_table(&[&doc]);
            for round in 0..2 {
                let want = cluster_texts(&table.clusters_by(OneEditBy::Rows));
                let got = cluster_texts(&table.clusters_by(OneEditBy::Candidates));
                assert_eq!(got, want, "{seed} {round} {text:?}");
                assert_eq!(cluster_texts(&table.clusters()), want, "{seed} {round}");
                linked += want.iter().filter(|c| c.len() >= 2).count();
                // Then without a few spellings.
                let gone: HashSet<&str> = pool.iter().take(3).map(String::as_str).collect();
                table.remove(&gone);
            }
        }
        // The texts link names, and exercise every path.
        let [fallbacks, large, streams] = PATHS.with(std::cell::Cell::get);
        assert!(linked > 200, "{linked}");
        assert!(
            fallbacks > 5 && large > 20 && streams > 100,
            "{fallbacks} {large} {streams}"
        );
    }

    #[test]
    fn may_be_one_edit_holds_for_every_inner_one_edit_pair() {
        let mut below = crate::test_rng::below(0xBB67_AE85_84CA_A73B);
        let alphabet: Vec<char> = "abké\u{212A}ß".chars().collect();
        let mut inner = 0;
        for _ in 0..200_000 {
            let a: Vec<char> = (0..below(9))
                .map(|_| alphabet[below(alphabet.len())])
                .collect();
            let mut b = a.clone();
            for _ in 0..below(3) {
                let c = alphabet[below(alphabet.len())];
                match below(3) {
                    0 if !b.is_empty() => {
                        let p = below(b.len());
                        b[p] = c;
                    }
                    1 => b.insert(below(b.len() + 1), c),
                    _ if !b.is_empty() => {
                        b.remove(below(b.len()));
                    }
                    _ => {}
                }
            }
            // The letter test of [`NameTable::one_edit_variants`].
            let long = a.len().max(b.len());
            let passes =
                a != b && one_edit_position(&a, &b).is_some_and(|pos| pos != 0 && pos + 3 <= long);
            let (sa, sb): (String, String) = (a.iter().collect(), b.iter().collect());
            if passes {
                inner += 1;
                assert!(may_be_one_edit(sa.as_bytes(), sb.as_bytes()), "{sa} {sb}");
            }
            // Context groups split by [`near_class`] keep every pair
            // `may_be_one_edit` lets through together.
            if may_be_one_edit(sa.as_bytes(), sb.as_bytes()) {
                let class = near_class(sa.as_bytes());
                assert!(class.is_some(), "{sa}");
                assert_eq!(class, near_class(sb.as_bytes()), "{sa} {sb}");
            }
        }
        assert!(inner > 10_000, "{inner}");
    }

    #[test]
    fn short_caseless_hashes_equal_the_hash_of_the_text() {
        // Spellings of 0 to 20 bytes, ASCII or not, read through the fast
        // path (ASCII of 1 to 16 bytes with 16 bytes of text from its
        // start) or not: the context key is the hash of the lowercase text.
        let mut below = crate::test_rng::below(0x510E_527F_ADE6_82D1);
        let alphabet: Vec<char> = "aZkQ'’-éÉ\u{212A}ß\0~".chars().collect();
        let mut fast = 0;
        for round in 0..200 {
            let mut table = NameTable::new();
            for _ in 0..1 + below(40) {
                let ascii = round % 3 != 0 || below(2) == 0;
                let len = below(21);
                let text: String = (0..len)
                    .map(|_| alphabet[below(if ascii { 5 } else { alphabet.len() })])
                    .filter(|c| !ascii || c.is_ascii())
                    .collect();
                table.spelling_id(&text);
            }
            for id in 0..table.entries.len() {
                let text = table.text_of(id);
                let want = caseless_hash(text.to_lowercase().as_bytes());
                assert_eq!(table.context_key(id32(id)), want, "{text:?}");
                if let Some(key) = table.short_caseless_hash(id) {
                    assert_eq!(key, want, "{text:?}");
                    fast += 1;
                }
            }
        }
        assert!(fast > 1000, "{fast}");
    }

    #[test]
    fn exonym_filter_changes_no_group() {
        // Every listed name in three cases, and random short words (some
        // a letter away from a listed name): the filtered lookup answers
        // as the map of lowercased names.
        let reference = |text: &str| EXONYMS.get(&text.to_lowercase()).copied();
        let mut texts: Vec<String> = Vec::new();
        for name in EXONYMS.keys() {
            let mut capital: Vec<char> = name.chars().collect();
            capital[0] = capital[0].to_ascii_uppercase();
            texts.extend([
                name.clone(),
                name.to_uppercase(),
                capital.into_iter().collect(),
            ]);
        }
        let mut below = crate::test_rng::below(0x1F83_D9AB_FB41_BD6B);
        let names: Vec<&String> = EXONYMS.keys().collect();
        let alphabet: Vec<char> = "aeikvoKLM-é".chars().collect();
        for _ in 0..20_000 {
            let mut w: Vec<char> = if below(2) == 0 {
                names[below(names.len())].chars().collect()
            } else {
                (0..1 + below(16)).map(|_| alphabet[below(6)]).collect()
            };
            let p = below(w.len());
            w[p] = alphabet[below(alphabet.len())];
            texts.push(w.into_iter().collect());
        }
        let mut listed = 0;
        for text in &texts {
            assert_eq!(exonym_group(text), reference(text), "{text:?}");
            listed += usize::from(reference(text).is_some());
        }
        assert!(listed > 3 * EXONYMS.len(), "{listed}");
    }

    #[test]
    fn lowercase_changes_no_lowercase_text() {
        // [`NameTable::context_key`] hashes an interned (lowercase) word
        // as it is and compares it with lowercased spellings.
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a{c}"), format!("a{c}a")] {
                let lower = text.to_lowercase();
                assert_eq!(lower.to_lowercase(), lower, "{c:?}");
            }
        }
    }

    #[test]
    fn derivations() {
        assert!(is_derivation("Russia", "Russian"));
        assert!(is_derivation("Russia", "Russians"));
        assert!(is_derivation("Ukraine", "Ukrainian"));
        assert!(is_derivation("Iran", "Iranian"));
        assert!(!is_derivation("Riabkov", "Ryakov"));
        assert!(!is_derivation("Dmitry", "Dmitri"));
    }

    #[test]
    fn gendered_pairs() {
        assert!(is_gendered_pair("Ivanov", "Ivanova"));
        assert!(is_gendered_pair("Kowalski", "Kowalska"));
        assert!(is_gendered_pair("Lavrov", "Lavrova"));
        assert!(!is_gendered_pair("Riabkov", "Ryakov"));
    }
}
