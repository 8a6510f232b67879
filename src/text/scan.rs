//! Scanning helpers shared by the document passes and the rules: find the
//! few bytes a rule cares about without walking the text char by char, and
//! map those offsets back to tokens without a binary search per offset.
//!
//! - [`next_non_ascii`]: the next byte ≥ 0x80, eight bytes at a time.
//! - [`char_starts_with_lead`]: every char starting with one of a few rare
//!   lead bytes, by SIMD `memchr` (best when the bytes are rare).
//! - [`for_each_byte`]: every byte matching a predicate, 32 at a time.
//! - [`for_each_byte_of`]: every byte of a set of up to six, by SIMD
//!   `memchr` (for sets such as `, . ; : ! ?` it beats [`for_each_byte`]).
//! - [`after_byte`]: every byte of a set right after a given byte, by SIMD
//!   `memmem` (best when the pairs are rare).
//! - [`for_each_selected`]: every byte picked by bit-mask tests on 64-byte
//!   [`Block`]s, which may look at the bytes after it (best when the bytes
//!   tested are too frequent for `memchr`, as punctuation is in prose).
//! - [`TokenCursor`]: token lookups for offsets that never decrease.

use super::tokens::Token;

/// The offset of the first non-ASCII byte at or after `from`: thirty-two
/// bytes at a time (four words OR-ed together, one test), then the word
/// that holds it.
pub fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
    let mut i = from;
    while i + 32 <= bytes.len() {
        if (word(i) | word(i + 8) | word(i + 16) | word(i + 24)) & HIGH != 0 {
            break;
        }
        i += 32;
    }
    while i + 8 <= bytes.len() {
        let high = word(i) & HIGH;
        if high != 0 {
            return Some(i + (high.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..bytes.len()).find(|&j| bytes[j] >= 0x80)
}

/// Offsets of the chars of `text` whose first byte is one of `leads`
/// (each an ASCII byte or a UTF-8 lead byte, never a continuation byte),
/// in order. Uses SIMD `memchr`, so a rule looking for a few rare
/// characters skips the rest of the text almost for free.
pub fn char_starts_with_lead(text: &str, leads: &[u8]) -> Vec<usize> {
    debug_assert!(leads.iter().all(|b| !(0x80..0xC0).contains(b)));
    let bytes = text.as_bytes();
    let mut out: Vec<usize> = Vec::new();
    for group in leads.chunks(3) {
        match *group {
            [a] => out.extend(memchr::memchr_iter(a, bytes)),
            [a, b] => out.extend(memchr::memchr2_iter(a, b, bytes)),
            [a, b, c] => out.extend(memchr::memchr3_iter(a, b, c, bytes)),
            _ => {}
        }
    }
    if leads.len() > 3 {
        // Each group's offsets are already ascending: the stable sort finds
        // those runs and merges them in linear time.
        out.sort();
    }
    out
}

/// Calls `f` with the offset of every byte of `bytes` that `is` accepts, in
/// order. Thirty-two bytes at a time go through a bit mask the compiler
/// vectorises, so the text is not walked byte by byte, nor token by token.
#[inline]
pub fn for_each_byte(bytes: &[u8], is: impl Fn(u8) -> bool, mut f: impl FnMut(usize)) {
    let mut chunks = bytes.chunks_exact(32);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut mask = 0u32;
        for (k, &b) in chunk.iter().enumerate() {
            mask |= u32::from(is(b)) << k;
        }
        while mask != 0 {
            f(base + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        base += 32;
    }
    for (k, &b) in chunks.remainder().iter().enumerate() {
        if is(b) {
            f(base + k);
        }
    }
}

/// One SIMD `memchr` search for one, two or three bytes.
enum Finder<'a> {
    One(memchr::Memchr<'a>),
    Two(memchr::Memchr2<'a>),
    Three(memchr::Memchr3<'a>),
}

impl<'a> Finder<'a> {
    fn new(group: &[u8], bytes: &'a [u8]) -> Finder<'a> {
        match *group {
            [a] => Finder::One(memchr::memchr_iter(a, bytes)),
            [a, b] => Finder::Two(memchr::memchr2_iter(a, b, bytes)),
            [a, b, c] => Finder::Three(memchr::memchr3_iter(a, b, c, bytes)),
            _ => unreachable!("a group holds one to three bytes"),
        }
    }

    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            Finder::One(it) => it.next(),
            Finder::Two(it) => it.next(),
            Finder::Three(it) => it.next(),
        }
    }
}

/// Calls `f` with the offset of every byte of `bytes` that is one of `set`
/// (one to six distinct bytes), in order. SIMD `memchr` searches for at
/// most two groups of three, merged; for a set of marks that are a few
/// percent of the text this costs a fraction of [`for_each_byte`].
pub fn for_each_byte_of(bytes: &[u8], set: &[u8], mut f: impl FnMut(usize)) {
    assert!(
        (1..=6).contains(&set.len()),
        "one to six bytes, not {}",
        set.len()
    );
    debug_assert!(set.iter().enumerate().all(|(i, b)| !set[..i].contains(b)));
    let (first, second) = set.split_at(set.len().min(3));
    let mut a = Finder::new(first, bytes);
    if second.is_empty() {
        while let Some(i) = a.next() {
            f(i);
        }
        return;
    }
    let mut b = Finder::new(second, bytes);
    // The two groups are disjoint, so their offsets never tie. One call
    // site for `f`, so that it is inlined.
    let (mut x, mut y) = (a.next(), b.next());
    loop {
        let at = match (x, y) {
            (Some(i), Some(j)) if i < j => {
                x = a.next();
                i
            }
            (_, Some(j)) => {
                y = b.next();
                j
            }
            (Some(i), None) => {
                x = a.next();
                i
            }
            (None, None) => return,
        };
        f(at);
    }
}

/// The offsets of every byte of `bytes` that is one of `seconds` and comes
/// right after the byte `first` (which must not be one of `seconds`, so
/// that no two pairs overlap), ascending: one SIMD `memmem` search per
/// pair, so a pair rarer than its bytes (` ,` against `,`) costs little.
pub fn after_byte(bytes: &[u8], first: u8, seconds: &[u8]) -> Vec<usize> {
    assert!(!seconds.contains(&first), "pairs of {first} would overlap");
    let mut out: Vec<usize> = Vec::new();
    for &second in seconds {
        out.extend(memchr::memmem::find_iter(bytes, &[first, second]).map(|i| i + 1));
    }
    if seconds.len() > 1 {
        out.sort_unstable();
    }
    out
}

/// Sixty-four bytes, tested all at once: each test gives a bit mask, bit
/// `k` for byte `k`. On x86-64 the tests are SSE2 compares (part of every
/// x86-64 CPU), sixteen bytes per instruction; elsewhere, plain loops.
#[derive(Clone, Copy)]
pub struct Block(block::Bytes);

impl Block {
    #[inline(always)]
    pub fn new(bytes: &[u8; 64]) -> Block {
        Block(block::load(bytes))
    }

    /// The bytes `x` for which one of `tests`, each a pair `(byte, bits)`,
    /// has `x | bits == byte`: `(b'.', 0)` is `.` alone, `(b'.', 2)` is `,`
    /// and `.` (0x2C and 0x2E), one compare for both.
    #[inline(always)]
    pub fn any_of(&self, tests: &[(u8, u8)]) -> u64 {
        block::any_of(&self.0, tests)
    }

    /// The bytes ≥ 0x80 (the bytes of non-ASCII characters).
    #[inline(always)]
    pub fn non_ascii(&self) -> u64 {
        block::non_ascii(&self.0)
    }

    /// [`Block::any_of`] and [`Block::non_ascii`] in one mask (cheaper than
    /// the two OR-ed).
    #[inline(always)]
    pub fn non_ascii_or_any_of(&self, tests: &[(u8, u8)]) -> u64 {
        block::non_ascii_or_any_of(&self.0, tests)
    }

    /// The bytes ≤ `max`.
    #[inline(always)]
    pub fn at_most(&self, max: u8) -> u64 {
        block::at_most(&self.0, max)
    }
}

/// The mask of the bytes `k` ahead (1 to 63) of each byte of a block, from
/// the masks of the block (`here`) and of the block after it (`next`).
#[inline(always)]
pub fn ahead(here: u64, next: u64, k: u32) -> u64 {
    debug_assert!((1..64).contains(&k));
    (here >> k) | (next << (64 - k))
}

/// Calls `f` with each offset `hits` yields (a `memchr` search of `bytes`
/// for some lead bytes, ascending) while they are sparse; once
/// `dense_after` hits have come more than one in 64 bytes on average, the
/// rest of `bytes` after the last hit is tested block by block instead, with
/// [`for_each_selected`]'s `classify` and `select` (which must pick at least
/// the bytes the search finds). In prose such bytes (curly quotes, dashes)
/// are hundreds of bytes apart and the search costs next to nothing; in
/// text thick with them each stop of the search costs more than a block
/// test. `f` filters the offsets the same way on both paths.
#[inline]
pub fn for_each_sparse_then_selected<const N: usize>(
    bytes: &[u8],
    hits: impl Iterator<Item = usize>,
    dense_after: usize,
    classify: impl Fn(&Block) -> [u64; N],
    select: impl Fn(&[u64; N], &[u64; N]) -> u64,
    mut f: impl FnMut(usize),
) {
    for (n, i) in hits.enumerate() {
        f(i);
        if n + 1 >= dense_after && i < 64 * (n + 1) {
            let from = i + 1;
            for_each_selected(&bytes[from..], classify, select, |k| f(from + k));
            return;
        }
    }
}

/// Calls `f` with the offset of every byte of `bytes` that `select` picks,
/// in order. `classify` turns each [`Block`] of 64 bytes into `N` bit masks
/// (bit `k` for byte `k`), once; `select` gets the masks of a block and of
/// the block after it (see [`ahead`]) and returns the mask of the bytes to
/// report. Past the end of `bytes` the blocks read as NUL bytes, and bits
/// past the end are dropped.
///
/// No search restarts per byte found, so bytes every few dozen bytes (the
/// marks `,` and `.` in prose) cost little more than rare ones, and a test
/// of the bytes after a mark drops most marks before `f` is called.
#[inline]
pub fn for_each_selected<const N: usize>(
    bytes: &[u8],
    classify: impl Fn(&Block) -> [u64; N],
    select: impl Fn(&[u64; N], &[u64; N]) -> u64,
    mut f: impl FnMut(usize),
) {
    let mut rest = bytes;
    let mut next_block = || match rest.split_first_chunk::<64>() {
        Some((block, after)) => {
            rest = after;
            classify(&Block::new(block))
        }
        None => {
            let mut padded = [0u8; 64];
            padded[..rest.len()].copy_from_slice(rest);
            rest = &[];
            classify(&Block::new(&padded))
        }
    };
    let mut here = next_block();
    let mut base = 0;
    while base < bytes.len() {
        let next = next_block();
        let mut picked = select(&here, &next);
        let left = bytes.len() - base;
        if left < 64 {
            picked &= (1u64 << left) - 1;
        }
        while picked != 0 {
            f(base + picked.trailing_zeros() as usize);
            picked &= picked - 1;
        }
        here = next;
        base += 64;
    }
}

/// [`Block`]'s bytes and tests: SSE2 (part of the x86-64 baseline) through
/// `safe_arch`'s safe wrappers of the intrinsics.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod block {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, m128i, min_u8_m128i,
        move_mask_i8_m128i, set_splat_i8_m128i, zeroed_m128i,
    };

    pub type Bytes = [m128i; 4];

    #[inline(always)]
    pub fn load(bytes: &[u8; 64]) -> Bytes {
        std::array::from_fn(|k| {
            // Always sixteen bytes: the fallback is never taken.
            let sixteen = bytes[16 * k..16 * k + 16].try_into().unwrap_or(&[0; 16]);
            load_unaligned_m128i(sixteen)
        })
    }

    /// The bit mask of the high bits of the bytes of `v`.
    #[inline(always)]
    fn high_bits(v: &Bytes) -> u64 {
        let m = |k: usize| u64::from(move_mask_i8_m128i(v[k]) as u32 & 0xFFFF);
        m(0) | m(1) << 16 | m(2) << 32 | m(3) << 48
    }

    #[inline(always)]
    pub fn any_of(v: &Bytes, tests: &[(u8, u8)]) -> u64 {
        any_of_from(v, tests, |_| zeroed_m128i())
    }

    #[inline(always)]
    pub fn non_ascii_or_any_of(v: &Bytes, tests: &[(u8, u8)]) -> u64 {
        // The high bit of each byte is its own hit.
        any_of_from(v, tests, |x| x)
    }

    /// The tests' hits OR-ed into `start(x)` for each vector `x`.
    #[inline(always)]
    fn any_of_from(v: &Bytes, tests: &[(u8, u8)], start: impl Fn(m128i) -> m128i) -> u64 {
        // Each vector named, not `v.map`: an array `map` is not always
        // inlined, and a call per block (through `try_map`) cost a rule 6 M
        // instructions on 2 MB of prose in one build.
        let test = |x: m128i| {
            let mut hit = start(x);
            for &(byte, bits) in tests {
                let y = if bits == 0 {
                    x
                } else {
                    bitor_m128i(x, set_splat_i8_m128i(bits as i8))
                };
                hit = bitor_m128i(hit, cmp_eq_mask_i8_m128i(y, set_splat_i8_m128i(byte as i8)));
            }
            hit
        };
        high_bits(&[test(v[0]), test(v[1]), test(v[2]), test(v[3])])
    }

    #[inline(always)]
    pub fn non_ascii(v: &Bytes) -> u64 {
        high_bits(v)
    }

    #[inline(always)]
    pub fn at_most(v: &Bytes, max: u8) -> u64 {
        let test =
            |x: m128i| cmp_eq_mask_i8_m128i(min_u8_m128i(x, set_splat_i8_m128i(max as i8)), x);
        high_bits(&[test(v[0]), test(v[1]), test(v[2]), test(v[3])])
    }
}

/// [`Block`]'s bytes and tests: plain loops.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
mod block {
    pub type Bytes = [u8; 64];

    #[inline(always)]
    pub fn load(bytes: &[u8; 64]) -> Bytes {
        *bytes
    }

    fn mask(v: &Bytes, is: impl Fn(u8) -> bool) -> u64 {
        v.iter()
            .enumerate()
            .fold(0, |m, (k, &b)| m | u64::from(is(b)) << k)
    }

    #[inline(always)]
    pub fn any_of(v: &Bytes, tests: &[(u8, u8)]) -> u64 {
        mask(v, |b| tests.iter().any(|&(byte, bits)| b | bits == byte))
    }

    #[inline(always)]
    pub fn non_ascii(v: &Bytes) -> u64 {
        mask(v, |b| b >= 0x80)
    }

    #[inline(always)]
    pub fn non_ascii_or_any_of(v: &Bytes, tests: &[(u8, u8)]) -> u64 {
        non_ascii(v) | any_of(v, tests)
    }

    #[inline(always)]
    pub fn at_most(v: &Bytes, max: u8) -> u64 {
        mask(v, |b| b <= max)
    }
}

/// Looks tokens up by byte offset, for offsets that never decrease: it
/// gallops forward from the last token found, so a lookup touches only
/// tokens near the previous one (a binary search over all tokens misses
/// the cache at every step).
pub struct TokenCursor<'a> {
    tokens: &'a [Token],
    /// Every token before this one ends at or before the last offset.
    at: usize,
}

impl<'a> TokenCursor<'a> {
    pub fn new(tokens: &'a [Token]) -> TokenCursor<'a> {
        TokenCursor { tokens, at: 0 }
    }

    /// The index of the token holding byte `offset` (the number of tokens
    /// when none does).
    pub fn containing(&mut self, offset: usize) -> usize {
        let t = self.tokens;
        let (mut lo, mut hi, mut step) = (self.at, self.at, 1);
        while hi < t.len() && t[hi].span().end <= offset {
            lo = hi + 1;
            hi = lo + step;
            step *= 2;
        }
        let hi = hi.min(t.len());
        let i = lo + t[lo..hi].partition_point(|x| x.span().end <= offset);
        self.at = i;
        i
    }

    /// The index of the token starting at byte `offset`, if one does.
    pub fn starting_at(&mut self, offset: usize) -> Option<usize> {
        let i = self.containing(offset);
        self.tokens
            .get(i)
            .is_some_and(|t| t.span().start == offset)
            .then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `for_each_byte_of` finds exactly what `for_each_byte` finds with the
    /// same set as a predicate, on random bytes dense in the set, for sets
    /// of every size and texts of every length around the SIMD widths.
    #[test]
    fn for_each_byte_of_agrees_with_for_each_byte() {
        let sets: [&[u8]; 8] = [
            b".",
            b"?!",
            b".!?",
            b";:!?",
            b",.;:!",
            b",.;:!?",
            b"?!;:.,",
            &[0x80, b'a', 0xFF, b' ', 0],
        ];
        let alphabet = b",.;:!? a\n\x80\xFF\x00xyz";
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        let mut checked = 0;
        for len in (0..200).chain([511, 512, 513, 1000, 4099]) {
            for _ in 0..20 {
                let bytes: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                for set in sets {
                    let mut fast = Vec::new();
                    for_each_byte_of(&bytes, set, |i| fast.push(i));
                    let mut slow = Vec::new();
                    for_each_byte(&bytes, |b| set.contains(&b), |i| slow.push(i));
                    assert_eq!(fast, slow, "set {set:?} on {bytes:?}");
                    checked += fast.len();
                }
            }
        }
        assert!(
            checked > 100_000,
            "the texts should hold the bytes: {checked}"
        );
    }

    /// `Block`'s tests agree with byte-by-byte ones, and
    /// `for_each_selected` with a loop over the bytes and the two after
    /// each, on random bytes of every length around the block width.
    #[test]
    fn for_each_selected_agrees_with_a_byte_loop() {
        let alphabet = b",.;:!? a\n\x80\xFF\x00\x7Fxyz\xE2";
        let mut next = crate::test_rng::below(0xD1B5_4A32_D192_ED03);
        let tests: &[(u8, u8)] = &[(b'.', 2), (b';', 1), (b'?', 0), (0xE2, 0)];
        let is = |b: u8| tests.iter().any(|&(byte, bits)| b | bits == byte);
        let mut checked = 0;
        for len in (0..300).chain([511, 512, 513, 4099]) {
            for _ in 0..10 {
                let bytes: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                let mut fast = Vec::new();
                for_each_selected(
                    &bytes,
                    |b| {
                        [
                            b.any_of(tests),
                            b.non_ascii(),
                            b.any_of(&[(b' ', 0)]),
                            b.at_most(b'\n'),
                            b.non_ascii_or_any_of(&[(b'a', 0), (b'z', 2)]),
                        ]
                    },
                    |h, n| {
                        h[0] & (ahead(h[1], n[1], 1)
                            | (ahead(h[2], n[2], 1) & ahead(h[0], n[0], 2))
                            | ahead(!h[0], !n[0], 63)
                            | (ahead(h[3], n[3], 5) & h[1])
                            | ahead(h[4], n[4], 3))
                            // NUL bytes past the end are never picked.
                            | (h[3] & !ahead(h[2], n[2], 1))
                    },
                    |i| fast.push(i),
                );
                let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
                let slow: Vec<usize> = (0..len)
                    .filter(|&i| {
                        (is(at(i))
                            && (at(i + 1) >= 0x80
                                || (at(i + 1) == b' ' && is(at(i + 2)))
                                || !is(at(i + 63))
                                || (at(i + 5) <= b'\n' && at(i) >= 0x80)
                                || matches!(at(i + 3), b'a' | b'x' | b'z' | 0x80..)))
                            || (at(i) <= b'\n' && at(i + 1) != b' ')
                    })
                    .collect();
                assert_eq!(fast, slow, "on {bytes:?}");
                checked += fast.len();
            }
        }
        assert!(checked > 10_000, "the texts should hold picks: {checked}");
    }

    /// `for_each_sparse_then_selected` reports every `E2` byte followed by
    /// `80`, as a loop over the bytes does, whether it switches to blocks
    /// at once, never, or after a few hits, and whatever the density.
    #[test]
    fn sparse_then_selected_agrees_with_a_byte_loop() {
        let mut next = crate::test_rng::below(0x9FB2_1C65_1E98_DF25);
        let mut switched = 0;
        for len in (0..200).chain([1000, 4099]) {
            for thin in [1, 4, 40, 200] {
                // One byte in `thin` is an E2, followed by 80 or not.
                let bytes: Vec<u8> = (0..len)
                    .map(|_| match next(thin) {
                        0 => 0xE2,
                        _ => b"a \x80\x80\x9C"[next(5)],
                    })
                    .collect();
                let slow: Vec<usize> = (0..len)
                    .filter(|&i| bytes[i] == 0xE2 && bytes.get(i + 1) == Some(&0x80))
                    .collect();
                for dense_after in [1, 3, 64, usize::MAX] {
                    let mut fast = Vec::new();
                    // The search stops early when the blocks take over.
                    let mut searched = 0;
                    for_each_sparse_then_selected(
                        &bytes,
                        memchr::memchr_iter(0xE2, &bytes).inspect(|_| searched += 1),
                        dense_after,
                        |b| [b.any_of(&[(0xE2, 0)]), b.any_of(&[(0x80, 0)])],
                        |h, n| h[0] & ahead(h[1], n[1], 1),
                        |i| {
                            if bytes.get(i + 1) == Some(&0x80) {
                                fast.push(i);
                            }
                        },
                    );
                    switched +=
                        usize::from(searched < bytes.iter().filter(|&&b| b == 0xE2).count());
                    assert_eq!(fast, slow, "dense after {dense_after} on {bytes:?}");
                }
            }
        }
        assert!(
            switched > 100,
            "some runs should reach the block scan: {switched}"
        );
    }

    /// `after_byte` finds exactly the offsets a byte-by-byte loop finds.
    #[test]
    fn after_byte_agrees_with_a_byte_loop() {
        let alphabet = b",.;:!?  aa\n\x80";
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        let mut checked = 0;
        for len in (0..100).chain([511, 512, 513, 4099]) {
            for _ in 0..20 {
                let bytes: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                for (first, seconds) in [
                    (b' ', &b",.;:!?"[..]),
                    (b' ', b"?"),
                    (b'.', b",;"),
                    (b'a', b"\n. \x80"),
                ] {
                    let fast = after_byte(&bytes, first, seconds);
                    let slow: Vec<usize> = (1..bytes.len())
                        .filter(|&i| bytes[i - 1] == first && seconds.contains(&bytes[i]))
                        .collect();
                    assert_eq!(fast, slow, "{first} then {seconds:?} in {bytes:?}");
                    checked += fast.len();
                }
            }
        }
        assert!(
            checked > 10_000,
            "the texts should hold the pairs: {checked}"
        );
    }
}
