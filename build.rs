//! Builds the lexicon's hash table from `lints/lexicon/words.txt` at compile
//! time, so the program does not parse 135,000 words and fill a hash map
//! on every start (about 30 ms).

use std::collections::BTreeMap;
use std::path::Path;

include!("src/text/lexicon_hash.rs");

fn main() {
    println!("cargo::rerun-if-changed=lints/lexicon/words.txt");
    println!("cargo::rerun-if-changed=src/text/lexicon_hash.rs");
    let text = std::fs::read_to_string("lints/lexicon/words.txt")
        .expect("lints/lexicon/words.txt is readable UTF-8");
    // `word<TAB>level`; the lowest level wins for a word listed twice, and
    // lines without a numeric level are skipped.
    let mut words: BTreeMap<&str, u8> = BTreeMap::new();
    for line in text.lines() {
        if let Some((word, level)) = line.split_once('\t') {
            if let Ok(level) = level.trim().parse::<u8>() {
                words
                    .entry(word)
                    .and_modify(|l| *l = (*l).min(level))
                    .or_insert(level);
            }
        }
    }
    let slots_len = (words.len() * 2).next_power_of_two().max(2);
    let mask = slots_len - 1;
    let mut slots = vec![0u64; slots_len];
    let mut blob = Vec::new();
    let mut filter = vec![0u64; FILTER_WORDS];
    for (word, level) in words {
        assert!(
            !word.is_empty() && word.len() < 256,
            "lexicon word of {} bytes",
            word.len()
        );
        let hash = lexicon_hash(word.as_bytes());
        let (w, bits) = filter_bits(hash);
        filter[w] |= bits;
        let mut i = hash as usize & mask;
        while slots[i] != 0 {
            i = (i + 1) & mask;
        }
        slots[i] = lexicon_slot(blob.len(), word.len(), level, hash);
        blob.extend_from_slice(word.as_bytes());
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    let slot_bytes: Vec<u8> = slots.iter().flat_map(|s| s.to_le_bytes()).collect();
    assert_eq!(slot_bytes.len(), slots_len * SLOT_BYTES);
    std::fs::write(out.join("lexicon_slots.bin"), slot_bytes).expect("write lexicon slots");
    std::fs::write(out.join("lexicon_words.bin"), blob).expect("write lexicon words");
    let filter_bytes: Vec<u8> = filter.iter().flat_map(|w| w.to_le_bytes()).collect();
    std::fs::write(out.join("lexicon_filter.bin"), filter_bytes).expect("write lexicon filter");
}
