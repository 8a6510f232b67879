//! The embedded English word list (SCOWL up to size 70, see
//! `lints/lexicon/README.md`), with each word's SCOWL size level as a
//! frequency proxy: 10 is the most common words, 70 the rarest included.
//! Lookups never allocate for ASCII words up to 64 bytes.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

static WORDS_TXT: &str = include_str!("../../lints/lexicon/words.txt");

static LEXICON: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut map = FxHashMap::with_capacity_and_hasher(200_000, Default::default());
    for line in WORDS_TXT.lines() {
        if let Some((word, level)) = line.split_once('\t') {
            if let Ok(level) = level.trim().parse::<u8>() {
                map.entry(word)
                    .and_modify(|l: &mut u8| *l = (*l).min(level))
                    .or_insert(level);
            }
        }
    }
    map
});

/// The SCOWL level of `word` exactly as written (`Paris`, `paris` differ).
pub fn level_exact(word: &str) -> Option<u8> {
    // `’` is E2 80 99: test for its lead byte before searching for it.
    if word.as_bytes().contains(&0xE2) && word.contains('’') {
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
            let straight = std::str::from_utf8(&buf[..n]).expect("whole chars copied");
            return LEXICON.get(straight).copied();
        }
        return LEXICON.get(word.replace('’', "'").as_str()).copied();
    }
    LEXICON.get(word).copied()
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
    LEXICON.len()
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
    fn rejects_glued_words_and_nonsense() {
        assert!(!contains("invasionwhich"));
        assert!(!contains("foreverbut"));
        assert!(!contains("xqzv"));
    }
}
