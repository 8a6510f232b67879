//! Character classes with fast answers for the characters that dominate
//! text: ASCII, Latin-1 punctuation and the General Punctuation block
//! (curly quotes, dashes, primes, invisible characters). Everything else
//! goes to the standard library's Unicode tables, whose lookups cost a
//! binary search each (they were a quarter of the time on quote-heavy
//! input). Same answers as `char::is_alphanumeric` and friends; the tests
//! compare every scalar value.

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
    } else {
        !is_plain_symbol(c) && c.is_alphanumeric()
    }
}

/// [`char::is_alphabetic`], faster on ASCII and punctuation.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        !is_plain_symbol(c) && c.is_alphabetic()
    }
}

/// [`char::is_numeric`], faster on ASCII and punctuation.
#[inline]
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
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
