// The lexicon's hash table layout, shared by `build.rs` (which includes this
// file to build the table at compile time) and `text::lexicon` (which
// probes it). Changing anything here rebuilds the table.

/// Slots of the table are `u64`: byte offset of the word in the word blob
/// (bits 0..32), its length (32..40), its SCOWL level (40..48) and the top
/// 16 bits of its hash (48..64). 0 is an empty slot (no word is empty).
pub const SLOT_BYTES: usize = 8;

/// The multiplier of [`lexicon_hash`].
pub const HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

/// A fast multiplicative hash of a word's bytes, eight at a time, each
/// group packed little-endian by [`pack`] (no `memcpy` for short words).
#[inline]
pub fn lexicon_hash(word: &[u8]) -> u64 {
    let h = word
        .chunks(8)
        .fold((word.len() as u64).wrapping_mul(HASH_K), |h, c| {
            (h.rotate_left(26) ^ pack(c)).wrapping_mul(HASH_K)
        });
    h ^ (h >> 29)
}

/// Up to eight bytes as a little-endian `u64`, byte `i` at bits `8 * i`,
/// zero above the last byte.
#[inline]
pub fn pack(c: &[u8]) -> u64 {
    let le32 = |s: &[u8]| <[u8; 4]>::try_from(s).map_or(0, |b| u64::from(u32::from_le_bytes(b)));
    // A whole chunk is one load; four to seven bytes are two overlapping
    // loads, which put the shared bytes in the same places.
    match c.len() {
        8 => <[u8; 8]>::try_from(c).map_or(0, u64::from_le_bytes),
        n @ 4..=7 => le32(&c[..4]) | le32(&c[n - 4..]) << (8 * (n - 4)),
        _ => c
            .iter()
            .enumerate()
            .fold(0u64, |x, (i, &b)| x | u64::from(b) << (8 * i)),
    }
}

/// The pre-filter in front of the table: `FILTER_WORDS` little-endian
/// `u64`s of bits (128 KiB, which stays in a core's L2 cache while the
/// 4 MiB table does not), three bits set for each listed word, all three
/// in one `u64`. A word with any of its bits clear is surely not listed,
/// so the common miss (a made-up name, a glued word) costs no read of the
/// table.
pub const FILTER_WORDS: usize = 1 << 14;

/// Which filter `u64` a word hashed `hash` sets, and its bits there. Uses
/// hash bits the slot index (the low bits) does not.
#[inline]
pub fn filter_bits(hash: u64) -> (usize, u64) {
    let word = (hash >> 24) as usize & (FILTER_WORDS - 1);
    let bit = |shift: u32| 1u64 << ((hash >> shift) & 63);
    (word, bit(38) | bit(44) | bit(50))
}

/// Packs a slot (see [`SLOT_BYTES`]).
pub fn lexicon_slot(offset: usize, len: usize, level: u8, hash: u64) -> u64 {
    assert!(offset <= u32::MAX as usize && (1..256).contains(&len));
    offset as u64 | (len as u64) << 32 | u64::from(level) << 40 | (hash >> 48) << 48
}
