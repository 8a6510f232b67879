//! The counts table of short words: an open-addressing hash table keyed by
//! a word's packed lowercase bytes (see `WordCounts::short_key`).
//!
//! A general hash map was most of what counting words cost, and most of
//! that was waiting on memory: a 1 MiB window holds about 11k distinct
//! words, and the tokens streaming past push their entries out of cache.
//! This table keeps an entry in one 24-byte slot (no separate control
//! bytes, so one cache line per probe, not two) and hashes the packed key
//! with two multiplications.

/// How often a word occurs, and the token index of its last occurrence.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(super) struct Seen {
    pub count: u32,
    pub last: u32,
}

impl Seen {
    #[inline]
    pub fn add(&mut self, token: u32) {
        self.count += 1;
        self.last = token;
    }
}

/// One slot: a packed key as two `u64`s (alignment 8 keeps the slot at 24
/// bytes) and its counts. `hi` is never 0 for a key (its top byte is the
/// word's length), so `hi == 0` marks an empty slot.
#[derive(Clone, Copy, Default)]
struct Slot {
    lo: u64,
    hi: u64,
    seen: Seen,
}

/// Counts of packed short-word keys, with linear probing in a
/// power-of-two array kept at most three quarters full.
pub(super) struct ShortTable {
    slots: Vec<Slot>,
    len: usize,
    /// `64 - log2(slots.len())`: a hash's top bits pick its first slot.
    shift: u32,
    /// The number of tokens whose words are added, when known (else 0):
    /// growing then makes room for as many keys as the words so far
    /// foretell, not merely twice as many.
    tokens: usize,
}

impl Default for ShortTable {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl ShortTable {
    /// A table that holds `n` keys without growing.
    pub fn with_capacity(n: usize) -> ShortTable {
        let slots = (n.saturating_mul(4) / 3 + 1).next_power_of_two().max(16);
        ShortTable {
            slots: vec![Slot::default(); slots],
            len: 0,
            shift: 64 - slots.trailing_zeros(),
            tokens: 0,
        }
    }

    /// A table for the words of `tokens` tokens, added with their token
    /// indices in order. About one distinct word per thirty-three tokens
    /// in a 1 MiB window of prose: room for twice that keeps the table
    /// under 40% full, so a new word's linear probe ends after one or two
    /// slots. A text of distinct words (a list of names) outgrows it; it
    /// then grows once to the size the words so far foretell for all the
    /// tokens ([`grow`](Self::grow)), not by doubling again and again.
    pub fn for_tokens(tokens: usize) -> ShortTable {
        ShortTable {
            tokens,
            ..ShortTable::with_capacity(tokens / 16)
        }
    }

    /// The hash of a packed key; its top bits pick the first slot.
    #[inline]
    fn hash(key: u128) -> u64 {
        Self::hash_halves(key as u64, (key >> 64) as u64)
    }

    /// [`hash`](Self::hash) of the key whose halves are `lo` and `hi`.
    #[inline(always)]
    fn hash_halves(lo: u64, hi: u64) -> u64 {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        (lo.wrapping_mul(K) ^ hi).wrapping_mul(K)
    }

    #[inline]
    fn first_slot(&self, hash: u64) -> usize {
        (hash >> self.shift) as usize
    }

    /// Counts one occurrence, at `token`, of `key`.
    #[inline]
    pub fn add(&mut self, key: u128, token: u32) {
        self.add_halves(key as u64, (key >> 64) as u64, token);
    }

    /// [`add`](Self::add) of the key whose low and high halves are `lo`
    /// and `hi`.
    #[inline(always)]
    pub fn add_halves(&mut self, lo: u64, hi: u64, token: u32) {
        debug_assert!(hi != 0);
        let mask = self.slots.len() - 1;
        let mut i = self.first_slot(Self::hash_halves(lo, hi));
        loop {
            let slot = &mut self.slots[i];
            if slot.lo == lo && slot.hi == hi {
                slot.seen.add(token);
                return;
            }
            if slot.hi == 0 {
                *slot = Slot {
                    lo,
                    hi,
                    seen: Seen {
                        count: 1,
                        last: token,
                    },
                };
                self.len += 1;
                if self.len * 4 > self.slots.len() * 3 {
                    self.grow(token);
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// At least doubles the table, and puts every key back. With the
    /// number of tokens known, and `token` the index of the one just
    /// added, room is made for the keys the rate so far foretells
    /// (`len` keys in `token + 1` tokens), at most one per two tokens.
    #[cold]
    fn grow(&mut self, token: u32) {
        let old = std::mem::take(&mut self.slots);
        // `with_capacity(n)` makes room for `n` keys at three quarters
        // full: `old.len() * 3 / 4` keys take twice the slots of `old`.
        let doubled = old.len() * 3 / 4;
        let foretold =
            (self.len as u64).saturating_mul(self.tokens as u64) / (u64::from(token) + 1);
        let foretold = usize::try_from(foretold)
            .unwrap_or(usize::MAX)
            .min(self.tokens / 2);
        let mut bigger = ShortTable::with_capacity(doubled.max(foretold));
        bigger.tokens = self.tokens;
        let mask = bigger.slots.len() - 1;
        for s in old.into_iter().filter(|s| s.hi != 0) {
            let mut i = bigger.first_slot(Self::hash(u128::from(s.lo) | u128::from(s.hi) << 64));
            while bigger.slots[i].hi != 0 {
                i = (i + 1) & mask;
            }
            bigger.slots[i] = s;
        }
        bigger.len = self.len;
        *self = bigger;
    }

    /// The counts of `key`, if it was added.
    pub fn get(&self, key: u128) -> Option<Seen> {
        let (lo, hi) = (key as u64, (key >> 64) as u64);
        let mask = self.slots.len() - 1;
        let mut i = self.first_slot(Self::hash(key));
        loop {
            let slot = &self.slots[i];
            if slot.hi == 0 {
                return None;
            }
            if slot.lo == lo && slot.hi == hi {
                return Some(slot.seen);
            }
            i = (i + 1) & mask;
        }
    }

    /// The counts of every key added, in no particular order.
    #[cfg(test)]
    pub fn values(&self) -> impl Iterator<Item = &Seen> {
        self.slots.iter().filter(|s| s.hi != 0).map(|s| &s.seen)
    }

    /// The tokens of the keys added once whose words have at least
    /// `min_len` bytes (a key's top byte), in no particular order.
    pub fn once_at_least(&self, min_len: usize) -> impl Iterator<Item = u32> + '_ {
        self.slots
            .iter()
            .filter(move |s| s.seen.count == 1 && (s.hi >> 56) as usize >= min_len)
            .map(|s| s.seen.last)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng;
    use std::collections::HashMap;

    #[test]
    fn growing_doubles_the_slots() {
        let mut table = ShortTable::with_capacity(0);
        let mut sizes = vec![table.slots.len()];
        for k in 1..=2_000u128 {
            table.add(k | 1 << 120, 0);
            if table.slots.len() != *sizes.last().unwrap() {
                sizes.push(table.slots.len());
                // Grown at the key that took it past three quarters full.
                let (k, before) = (k as usize, sizes[sizes.len() - 2]);
                assert!(
                    k * 4 > before * 3 && (k - 1) * 4 <= before * 3,
                    "{k} {sizes:?}"
                );
            }
        }
        assert_eq!(sizes, [16, 32, 64, 128, 256, 512, 1024, 2048, 4096]);
    }

    #[test]
    fn a_table_for_tokens_grows_once_to_the_foretold_size() {
        // 100k distinct words, one every other token (a list of names):
        // the first growth, a quarter of the way in, makes room for all.
        let tokens = 200_000usize;
        let mut table = ShortTable::for_tokens(tokens);
        let mut sizes = vec![table.slots.len()];
        let mut reference: HashMap<u128, Seen> = HashMap::new();
        for k in 0..tokens as u32 / 2 {
            let key = u128::from(k) | 7 << 120;
            table.add(key, 2 * k);
            reference.entry(key).or_default().add(2 * k);
            if table.slots.len() != *sizes.last().unwrap() {
                sizes.push(table.slots.len());
            }
        }
        assert_eq!(sizes, [32_768, 262_144]);
        assert_eq!(table.len(), reference.len());
        for (&key, &seen) in &reference {
            assert_eq!(table.get(key), Some(seen));
        }
        // Repeated words foretell few keys: growth is by doubling then.
        let mut table = ShortTable::for_tokens(1_600);
        for token in 0..1_600u32 {
            table.add(u128::from(token % 150) | 1 << 120, token);
        }
        assert_eq!(table.len(), 150);
        assert_eq!(table.slots.len(), 256);
    }

    #[test]
    fn counts_like_a_hash_map_through_growth() {
        // Keys drawn from a small range repeat; some share their low or
        // high half, so probing past equal halves is exercised.
        for (capacity, distinct) in [(0, 40), (10, 3_000), (5_000, 5_000), (100, 20_000)] {
            // Sized by capacity alone, and for the tokens (which grows
            // by the rate of new keys).
            for mut table in [
                ShortTable::with_capacity(capacity),
                ShortTable::for_tokens(60_000),
            ] {
                let mut reference: HashMap<u128, Seen> = HashMap::new();
                let mut below = test_rng::below(7 + capacity as u64);
                for token in 0..60_000u32 {
                    let r = below(distinct) as u128;
                    let key = (r % 97) | ((r / 97 + 1) << 64);
                    table.add(key, token);
                    reference.entry(key).or_default().add(token);
                }
                assert_eq!(table.len(), reference.len());
                for (&key, &seen) in &reference {
                    assert_eq!(table.get(key), Some(seen));
                }
                assert_eq!(table.get(5 | 1 << 120), None);
                let mut got: Vec<(u32, u32)> = table.values().map(|s| (s.count, s.last)).collect();
                let mut want: Vec<(u32, u32)> =
                    reference.values().map(|s| (s.count, s.last)).collect();
                got.sort_unstable();
                want.sort_unstable();
                assert_eq!(got, want);
            }
        }
    }
}
