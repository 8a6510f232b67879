//! The embedded English word list (SCOWL up to size 70, see
//! `lints/lexicon/README.md`), with each word's SCOWL size level as a
//! frequency proxy: 10 is the most common words, 70 the rarest included.
//! `build.rs` turns the list into an open-addressing hash table at compile
//! time (layout in `lexicon_hash.rs`), so nothing is built at start-up.
//! Lookups never allocate for ASCII words up to 64 bytes.

#[path = "lexicon_hash.rs"]
#[allow(dead_code)] // `lexicon_slot` is for build.rs
mod table;

/// The table's slots, [`table::SLOT_BYTES`] each; a power of two of them.
static SLOTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon_slots.bin"));
/// The words, back to back; slots hold offsets into it.
static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon_words.bin"));
/// The pre-filter, [`table::FILTER_WORDS`] little-endian `u64`s (see
/// [`table::filter_bits`]).
static FILTER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon_filter.bin"));

/// Whether the filter lets a word hashed `hash` through: false when the
/// word is surely not listed, so its probe of the large table (a likely
/// cache miss) is skipped.
#[inline]
fn may_be_listed(hash: u64) -> bool {
    let (w, bits) = table::filter_bits(hash);
    let at = w * 8;
    FILTER
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .is_none_or(|b| u64::from_le_bytes(b) & bits == bits)
}

fn slot(i: usize) -> u64 {
    let at = i * table::SLOT_BYTES;
    SLOTS
        .get(at..at + table::SLOT_BYTES)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// The level stored for exactly these bytes.
fn lookup(word: &[u8]) -> Option<u8> {
    let slots = SLOTS.len() / table::SLOT_BYTES;
    if slots == 0 || word.is_empty() || word.len() > 255 {
        return None;
    }
    let hash = table::lexicon_hash(word);
    if !may_be_listed(hash) {
        return None;
    }
    probe(word, hash, hash as usize & (slots - 1))
}

/// [`lookup`] of two words at once: both home slots are read before
/// either probe compares anything, so the two (likely) cache misses of a
/// word that is not common overlap instead of following one another.
fn lookup_pair(a: &[u8], b: &[u8]) -> (Option<u8>, Option<u8>) {
    let slots = SLOTS.len() / table::SLOT_BYTES;
    let valid = |w: &[u8]| slots != 0 && !w.is_empty() && w.len() <= 255;
    if !valid(a) || !valid(b) {
        return (lookup(a), lookup(b));
    }
    let mask = slots - 1;
    let (ha, hb) = (table::lexicon_hash(a), table::lexicon_hash(b));
    let (ia, ib) = (ha as usize & mask, hb as usize & mask);
    // A word the filter rejects reads no slot; an empty home slot answers
    // at once; the loads are independent.
    let sa = if may_be_listed(ha) { slot(ia) } else { 0 };
    let sb = if may_be_listed(hb) { slot(ib) } else { 0 };
    let la = if sa == 0 { None } else { probe(a, ha, ia) };
    let lb = if sb == 0 { None } else { probe(b, hb, ib) };
    (la, lb)
}

/// The linear probe for `word` (hashed `hash`) from slot `i`.
fn probe(word: &[u8], hash: u64, mut i: usize) -> Option<u8> {
    let slots = SLOTS.len() / table::SLOT_BYTES;
    let mask = slots - 1;
    // The table is at most half full, so an empty slot ends every probe.
    for _ in 0..slots {
        let s = slot(i);
        if s == 0 {
            return None;
        }
        if s >> 48 == hash >> 48 && (s >> 32) & 0xff == word.len() as u64 {
            let at = (s & 0xffff_ffff) as usize;
            if WORDS.get(at..at + word.len()) == Some(word) {
                return Some((s >> 40) as u8);
            }
        }
        i = (i + 1) & mask;
    }
    None
}

/// The SCOWL level of `word` exactly as written (`Paris`, `paris` differ).
pub fn level_exact(word: &str) -> Option<u8> {
    // `’` is E2 80 99: an ASCII word (nearly every word) holds none, and a
    // word-at-a-time ASCII test is cheaper than searching for its lead byte.
    if !word.is_ascii() && word.as_bytes().contains(&0xE2) && word.contains('’') {
        let mut buf = [0u8; 64];
        if word.len() <= buf.len() {
            let mut n = 0;
            for (i, c) in word.char_indices() {
                let bytes = if c == '’' {
                    b"'"
                } else {
                    &word.as_bytes()[i..i + c.len_utf8()]
                };
                buf[n..n + bytes.len()].copy_from_slice(bytes);
                n += bytes.len();
            }
            return lookup(&buf[..n]);
        }
        return lookup(word.replace('’', "'").as_bytes());
    }
    lookup(word.as_bytes())
}

/// [`level_exact`] of two ASCII words (a word and its lowercase form, say),
/// their probes overlapped: `None` for a word that is not ASCII (which
/// holds no `’` to fold, so the bytes are looked up as they are).
pub fn level_exact_ascii_pair(a: &[u8], b: &[u8]) -> (Option<u8>, Option<u8>) {
    if !a.is_ascii() || !b.is_ascii() {
        return (None, None);
    }
    lookup_pair(a, b)
}

/// [`level_exact_ascii_pair`] of `word` and its ASCII lowercase form
/// (`Paris` and `paris`); `None` for a word that is not ASCII, is empty
/// or is longer than 64 bytes (the caller looks such words up itself). Both
/// hashes come from one pass over `word`, the lowercase packed words made
/// from the same loads, and the lowercase copy is written only when its
/// probe reaches the table (most made-up names stop at the filter).
pub fn level_exact_ascii_and_lowercase(word: &[u8]) -> Option<(Option<u8>, Option<u8>)> {
    let slots = SLOTS.len() / table::SLOT_BYTES;
    if slots == 0 || word.is_empty() || word.len() > 64 || !word.is_ascii() {
        return None;
    }
    let mask = slots - 1;
    let (ha, hl) = hash_with_lowercase(word);
    let (ia, il) = (ha as usize & mask, hl as usize & mask);
    let sa = if may_be_listed(ha) { slot(ia) } else { 0 };
    let sl = if may_be_listed(hl) { slot(il) } else { 0 };
    let la = if sa == 0 { None } else { probe(word, ha, ia) };
    let ll = if sl == 0 {
        None
    } else {
        let mut buf = [0u8; 64];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        probe(lower, hl, il)
    };
    Some((la, ll))
}

/// [`table::lexicon_hash`] of an ASCII `word` and of its ASCII lowercase
/// form, in one pass: each chunk is packed once and lowercased as a `u64`.
#[inline]
fn hash_with_lowercase(word: &[u8]) -> (u64, u64) {
    let k = table::HASH_K;
    let seed = (word.len() as u64).wrapping_mul(k);
    let (h, l) = word.chunks(8).fold((seed, seed), |(h, l), c| {
        let p = table::pack(c);
        (
            (h.rotate_left(26) ^ p).wrapping_mul(k),
            (l.rotate_left(26) ^ lowercase_packed(p)).wrapping_mul(k),
        )
    });
    (h ^ (h >> 29), l ^ (l >> 29))
}

/// `x`'s bytes (each below 0x80) ASCII-lowercased: 0x20 set in each byte
/// in `A..=Z`. No byte's sum carries into the next: 0x7f + 0x3f < 0x100.
#[inline]
fn lowercase_packed(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Bit 7 of a byte of `x + 0x3f` is set from `A` (0x41) on, of
    // `x + 0x25` from `[` (0x5b) on: they differ exactly for `A..=Z`.
    let upper = ((x + ONES * 0x3f) ^ (x + ONES * 0x25)) & (ONES * 0x80);
    x | (upper >> 2)
}

/// [`level_exact`] of an ASCII word given as bytes; `None` for any other.
pub fn level_exact_ascii(word: &[u8]) -> Option<u8> {
    if !word.is_ascii() {
        return None;
    }
    lookup(word)
}

/// The SCOWL level of `word` as written or, failing that, in lowercase
/// (so a capitalised sentence-initial `The` is found as `the`).
pub fn level(word: &str) -> Option<u8> {
    if let Some(l) = level_exact(word) {
        return Some(l);
    }
    if !word.chars().any(char::is_uppercase) {
        return None;
    }
    let mut buf = [0u8; 64];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let lower = std::str::from_utf8(lower).expect("ASCII stays UTF-8");
        return level_exact(lower);
    }
    level_exact(&word.to_lowercase())
}

/// Calls `f` with `word.to_lowercase()`, without allocating for ASCII
/// words up to 64 bytes.
pub fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return f(std::str::from_utf8(lower).expect("ASCII stays UTF-8"));
    }
    f(&word.to_lowercase())
}

/// Whether `word` (or its lowercase form) is an English word or listed name.
pub fn contains(word: &str) -> bool {
    level(word).is_some()
}

/// Whether the lexicon lists `word` capitalised (a proper noun such as `Paris`).
pub fn is_listed_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && level_exact(word).is_some()
}

/// Number of entries, for diagnostics and tests.
pub fn len() -> usize {
    (0..SLOTS.len() / table::SLOT_BYTES)
        .filter(|&i| slot(i) != 0)
        .count()
}

/// The words of the lexicon's source list, in its order (tests compare
/// lookups against it).
#[cfg(test)]
pub(crate) fn listed_words() -> impl Iterator<Item = &'static str> {
    include_str!("../../lints/lexicon/words.txt")
        .lines()
        .filter_map(|l| l.split('\t').next())
}

/// A random word of up to 11 bytes from `letters`, drawn with `below`
/// ([`crate::test_rng::below`]): mostly not in the lexicon.
#[cfg(test)]
pub(crate) fn random_word(below: &mut impl FnMut(usize) -> usize, letters: &[u8]) -> String {
    let len = below(12);
    (0..len)
        .map(|_| char::from(letters[below(letters.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_common_words_and_their_capitalised_forms() {
        assert!(level("the").is_some_and(|l| l <= 10));
        assert_eq!(level("The"), level("the"));
        assert!(contains("invasion"));
        assert!(contains("which"));
        assert!(len() > 100_000);
    }

    #[test]
    fn curly_apostrophes_match_straight_entries() {
        assert_eq!(level("don’t"), level("don't"));
        assert!(contains("don't"));
    }

    #[test]
    fn table_holds_every_listed_word_at_its_lowest_level_and_nothing_else() {
        let mut listed = std::collections::HashMap::new();
        for line in include_str!("../../lints/lexicon/words.txt").lines() {
            if let Some((word, level)) = line.split_once('\t') {
                if let Ok(level) = level.trim().parse::<u8>() {
                    let l = listed.entry(word).or_insert(level);
                    *l = (*l).min(level);
                }
            }
        }
        for (word, level) in &listed {
            assert_eq!(lookup(word.as_bytes()), Some(*level), "{word}");
            // A near miss is absent unless it is listed itself.
            let tail: String = word.chars().skip(1).collect();
            for near in [format!("{word}q"), format!("q{word}"), tail] {
                assert_eq!(
                    lookup(near.as_bytes()),
                    listed.get(near.as_str()).copied(),
                    "{near}"
                );
            }
        }
        assert_eq!(len(), listed.len());
        assert_eq!(lookup(b""), None);
        assert_eq!(lookup(&[b'a'; 300]), None);
    }

    #[test]
    fn hash_packs_every_length_like_byte_by_byte() {
        // The packing the table was first built with.
        let reference = |word: &[u8]| {
            const K: u64 = 0xf135_7aea_2e62_a9c5;
            let h = word
                .chunks(8)
                .fold((word.len() as u64).wrapping_mul(K), |h, c| {
                    let x = c
                        .iter()
                        .enumerate()
                        .fold(0u64, |x, (i, &b)| x | u64::from(b) << (8 * i));
                    (h.rotate_left(26) ^ x).wrapping_mul(K)
                });
            h ^ (h >> 29)
        };
        let text: Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37) ^ 0xA5).collect();
        for start in 0..8 {
            for end in start..text.len() {
                let word = &text[start..end];
                assert_eq!(table::lexicon_hash(word), reference(word), "{word:?}");
            }
        }
    }

    #[test]
    fn paired_and_byte_lookups_agree_with_level_exact() {
        let mut below = crate::test_rng::below(0x51_7cc1_b727_220a);
        let mut words: Vec<String> = listed_words().step_by(97).map(str::to_owned).collect();
        for _ in 0..3000 {
            words.push(random_word(&mut below, b"aeiKqzv'-Ab"));
        }
        words.extend(["", "don’t", "Zürich", "é"].map(str::to_owned));
        words.push("a".repeat(300));
        for (i, a) in words.iter().enumerate() {
            let b = &words[(i * 7 + 3) % words.len()];
            let ascii = |w: &str| if w.is_ascii() { level_exact(w) } else { None };
            assert_eq!(level_exact_ascii(a.as_bytes()), ascii(a), "{a:?}");
            assert_eq!(
                level_exact_ascii_pair(a.as_bytes(), b.as_bytes()),
                if a.is_ascii() && b.is_ascii() {
                    (level_exact(a), level_exact(b))
                } else {
                    (None, None)
                },
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn word_and_lowercase_lookup_agrees_with_two_lookups() {
        // Every ASCII byte in every place of a packed word lowercases as
        // `to_ascii_lowercase` does.
        for b in 0..0x80u8 {
            for at in 0..8 {
                let word: Vec<u8> = (0..8u8)
                    .map(|i| {
                        if i == at {
                            b
                        } else {
                            b"aZ@[`{Az"[usize::from(i)]
                        }
                    })
                    .collect();
                assert_eq!(
                    lowercase_packed(table::pack(&word)),
                    table::pack(&word.to_ascii_lowercase()),
                    "{word:?}"
                );
            }
        }
        let mut below = crate::test_rng::below(0x9e37_79b9_7f4a_7c15);
        let mut words: Vec<Vec<u8>> = Vec::new();
        for w in listed_words().step_by(13) {
            let mut v = w.as_bytes().to_vec();
            words.push(v.clone());
            if let Some(first) = v.first_mut() {
                *first = first.to_ascii_uppercase();
            }
            words.push(v.clone());
            words.push(v.to_ascii_uppercase());
        }
        for _ in 0..20_000 {
            let len = below(70);
            words.push((0..len).map(|_| b"aeizqAEIZQ@[`{'-"[below(16)]).collect());
        }
        words.extend(["", "Zürich", "DON’T", "É"].map(|w| w.as_bytes().to_vec()));
        for w in &words {
            let lower = w.to_ascii_lowercase();
            if w.is_ascii() {
                assert_eq!(
                    hash_with_lowercase(w),
                    (table::lexicon_hash(w), table::lexicon_hash(&lower)),
                    "{:?}",
                    String::from_utf8_lossy(w)
                );
            }
            let plain = (!w.is_empty() && w.len() <= 64 && w.is_ascii())
                .then(|| level_exact_ascii_pair(w, &lower));
            assert_eq!(
                level_exact_ascii_and_lowercase(w),
                plain,
                "{:?}",
                String::from_utf8_lossy(w)
            );
        }
    }

    /// [`lookup`] without the filter: the plain probe of the table.
    fn lookup_unfiltered(word: &[u8]) -> Option<u8> {
        let slots = SLOTS.len() / table::SLOT_BYTES;
        if word.is_empty() || word.len() > 255 {
            return None;
        }
        let hash = table::lexicon_hash(word);
        probe(word, hash, hash as usize & (slots - 1))
    }

    #[test]
    fn filter_passes_every_listed_word_and_changes_no_answer() {
        let listed: Vec<&str> = listed_words().collect();
        for w in &listed {
            assert!(may_be_listed(table::lexicon_hash(w.as_bytes())), "{w}");
        }
        // Near misses of listed words and random letters: the filtered
        // lookups answer as the plain probe does, alone and in pairs.
        let mut below = crate::test_rng::below(0x3c6e_f372_fe94_f82b);
        let mut words: Vec<Vec<u8>> = Vec::new();
        for w in listed.iter().step_by(7) {
            let mut v = w.as_bytes().to_vec();
            let i = below(v.len() + 1);
            match below(3) {
                0 if i < v.len() => v[i] = b"aeiouKzq'"[below(9)],
                1 if i < v.len() => {
                    v.remove(i);
                }
                _ => v.insert(i, b"aeiouKzq'"[below(9)]),
            }
            words.push(w.as_bytes().to_vec());
            words.push(v);
        }
        for _ in 0..20_000 {
            let len = 1 + below(14);
            let mut w: Vec<u8> = (0..len).map(|_| b'a' + below(26) as u8).collect();
            if below(2) == 0 {
                w[0] = w[0].to_ascii_uppercase();
            }
            words.push(w);
        }
        let (mut unlisted, mut passed) = (0usize, 0usize);
        for (i, w) in words.iter().enumerate() {
            let want = lookup_unfiltered(w);
            assert_eq!(lookup(w), want, "{:?}", String::from_utf8_lossy(w));
            let other = &words[(i * 13 + 5) % words.len()];
            assert_eq!(
                lookup_pair(w, other),
                (want, lookup_unfiltered(other)),
                "{:?} {:?}",
                String::from_utf8_lossy(w),
                String::from_utf8_lossy(other)
            );
            if want.is_none() {
                unlisted += 1;
                passed += usize::from(may_be_listed(table::lexicon_hash(w)));
            }
        }
        // The filter is worth its read: it stops nearly every unlisted word.
        assert!(
            passed * 10 < unlisted,
            "{passed} of {unlisted} unlisted words passed"
        );
    }

    #[test]
    fn rejects_glued_words_and_nonsense() {
        assert!(!contains("invasionwhich"));
        assert!(!contains("foreverbut"));
        assert!(!contains("xqzv"));
    }
}
