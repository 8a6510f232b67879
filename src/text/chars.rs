//! Character classes with fast answers for the characters that dominate
//! text: ASCII, Latin-1 punctuation and the General Punctuation block
//! (curly quotes, dashes, primes, invisible characters). Everything else
//! goes to the standard library's Unicode tables, whose lookups cost a
//! binary search each (they were a quarter of the time on quote-heavy
//! input). Below U+0530 (Latin, IPA, combining marks, Greek, Cyrillic)
//! the answers come from bit tables filled once from the standard library.
//! Same answers as `char::is_alphanumeric` and friends; the tests compare
//! every scalar value.

use std::sync::LazyLock;

/// The end of the scalar values answered from [`TABLES`]: the Latin,
/// Greek and Cyrillic blocks (and the marks between them) that mixed-script
/// text is made of.
const TABLED: u32 = 0x530;

/// One bit per scalar value below [`TABLED`] for each class.
struct Tables {
    alphabetic: [u64; TABLED as usize / 64 + 1],
    alphanumeric: [u64; TABLED as usize / 64 + 1],
    numeric: [u64; TABLED as usize / 64 + 1],
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut t = Tables {
        alphabetic: [0; TABLED as usize / 64 + 1],
        alphanumeric: [0; TABLED as usize / 64 + 1],
        numeric: [0; TABLED as usize / 64 + 1],
    };
    for c in (0..TABLED).filter_map(char::from_u32) {
        let (word, bit) = (c as usize / 64, 1u64 << (c as u32 % 64));
        for (table, yes) in [
            (&mut t.alphabetic, c.is_alphabetic()),
            (&mut t.alphanumeric, c.is_alphanumeric()),
            (&mut t.numeric, c.is_numeric()),
        ] {
            if yes {
                table[word] |= bit;
            }
        }
    }
    t
});

/// Bit `c` of `table`, for `c` below [`TABLED`].
#[inline]
fn bit(table: &[u64], c: char) -> bool {
    table[c as usize / 64] >> (c as u32 % 64) & 1 != 0
}

/// No letter or digit: U+0080–U+00BF except ª ² ³ µ ¹ º ¼ ½ ¾, and all of
/// General Punctuation (U+2000–U+206F).
#[inline]
fn is_plain_symbol(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{A9}'
        | '\u{AB}'..='\u{B1}'
        | '\u{B4}'
        | '\u{B6}'..='\u{B8}'
        | '\u{BB}'
        | '\u{BF}'
        | '\u{2000}'..='\u{206F}')
}

/// [`char::is_alphanumeric`], faster on ASCII and punctuation.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if (c as u32) < TABLED {
        bit(&TABLES.alphanumeric, c)
    } else {
        !is_plain_symbol(c) && c.is_alphanumeric()
    }
}

/// [`char::is_alphabetic`], faster on ASCII and punctuation.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if (c as u32) < TABLED {
        bit(&TABLES.alphabetic, c)
    } else {
        !is_plain_symbol(c) && c.is_alphabetic()
    }
}

/// [`char::is_numeric`], faster on ASCII and punctuation.
#[inline]
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else if (c as u32) < TABLED {
        bit(&TABLES.numeric, c)
    } else {
        !is_plain_symbol(c) && c.is_numeric()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_the_standard_library_on_every_scalar_value() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
        }
    }

    #[test]
    fn the_fast_ranges_are_not_empty() {
        // The shortcut must cover the quote marks it was made for.
        for c in ['“', '”', '„', '«', '»', '″', '—', '\u{200B}', '¿'] {
            assert!(is_plain_symbol(c), "{c:?}");
        }
    }
}
