//! UTF-8 text that was decoded as Windows-1252 or Latin-1 (`â€™`, `Ã©`).
//! Every candidate is verified by re-encoding it to single bytes and
//! decoding those as UTF-8; only an exact round trip gets a fix.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// Runs of characters that are UTF-8 bytes shown through the wrong
    /// encoding (Windows-1252 or Latin-1): `donâ€™t` for `don’t`, `cafÃ©` for
    /// `café`, `Â ` for a no-break space, `ðŸ˜€` for an emoji, and double
    /// encodings such as `ÃƒÂ©`. A truncated `â€` (its third byte lost) is
    /// flagged without a fix.
    ///
    /// ## Why it matters
    /// A scraper or pipeline read UTF-8 with the wrong codec. Readers see
    /// garbage, and every later tool (spell checkers, search) sees words
    /// that do not exist.
    ///
    /// ## Example
    /// Flagged: `Russiaâ€™s response`. Instead: `Russia’s response`.
    ///
    /// ## False positives
    /// A candidate must decode to a plausible character (Latin letters,
    /// punctuation, symbols, emoji); Cyrillic or Greek results need at least
    /// two damaged characters in a row. Genuine text such as a German `ß“`
    /// does not decode to anything plausible and stays clean.
    ///
    /// ## Fix safety
    /// Safe when the run round-trips exactly: the fix restores the bytes the
    /// author wrote. `Â` before a plain space (the no-break space already
    /// flattened) is removed as an unsafe fix.
    pub const MOJIBAKE = RuleMeta {
        code: "MT031",
        name: "mojibake",
        severity: Severity::Error,
        summary: "UTF-8 text decoded as Windows-1252/Latin-1 (`â€™`, `Ã©`).",
    };
}

pub struct Mojibake;

impl Rule for Mojibake {
    fn meta(&self) -> &RuleMeta {
        &MOJIBAKE
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if doc.non_ascii_runs().is_empty() {
            return;
        }
        check_text(doc.text(), out);
    }
}

/// Every finding starts with a character in U+00C2–U+00F4 (the lead byte
/// of a UTF-8 sequence read as one byte, or the `â` of `â€` and the `Â` of
/// `Â `), and those are encoded `C3 82`–`C3 B4`: only the chars starting
/// with the byte `C3` are looked at, found by SIMD `memchr`. Text without
/// Latin-1 letters (curly quotes, Cyrillic, emoji) costs one pass of it.
fn check_text(text: &str, out: &mut Vec<Diagnostic>) {
    // The end of the last finding: a `C3` inside it is not looked at.
    let mut done = 0;
    for i in memchr::memchr_iter(0xC3, text.as_bytes()) {
        if i < done {
            continue;
        }
        if let Some(d) = finding_at(text, i) {
            done = d.span.end;
            out.push(d);
        }
    }
}

/// The finding starting at char boundary `i`, if one does.
fn finding_at(text: &str, i: usize) -> Option<Diagnostic> {
    // A run of damaged characters, decoded one sequence at a time.
    let start = i;
    let mut end = i;
    let mut decoded = String::new();
    let mut count = 0;
    let mut foreign_script = false;
    while let Some((next, ch)) = decode_at(text, end) {
        foreign_script |= ('\u{370}'..='\u{4FF}').contains(&ch);
        decoded.push(ch);
        end = next;
        count += 1;
    }
    if count > 0 && !(foreign_script && count < 2) {
        let span = Span::new(start, end);
        let fixed = undo_repeatedly(decoded);
        return Some(
            MOJIBAKE
                .diagnostic(
                    span,
                    format!("mojibake: `{}` should read `{fixed}`", &text[span.range()]),
                )
                .with_fix(Fix::replace(Applicability::Safe, span, fixed)),
        );
    }
    flattened_or_truncated(text, i)
}

/// `â€` whose third byte was lost, and `Â` before a flattened no-break space.
fn flattened_or_truncated(text: &str, i: usize) -> Option<Diagnostic> {
    let rest = &text[i..];
    if rest.starts_with("â€") {
        let span = Span::new(i, i + "â€".len());
        return Some(MOJIBAKE.diagnostic(
            span,
            "mojibake: `â€` is the start of a damaged quote or dash",
        ));
    }
    if rest.starts_with("Â ") {
        let before = text[..i].chars().next_back();
        if !before.is_some_and(crate::text::chars::is_alphabetic) {
            let span = Span::new(i, i + "Â".len());
            return Some(
                MOJIBAKE
                    .diagnostic(span, "mojibake: `Â` left over from a no-break space")
                    .with_fix(Fix::replace(Applicability::Unsafe, span, "")),
            );
        }
    }
    None
}

/// Double encodings (`ÃƒÂ©`) decode to mojibake again; undo up to three layers.
fn undo_repeatedly(mut s: String) -> String {
    for _ in 0..3 {
        let mut next = String::new();
        let mut i = 0;
        let mut changed = false;
        while i < s.len() {
            if let Some((end, ch)) = decode_at(&s, i) {
                next.push(ch);
                i = end;
                changed = true;
            } else {
                let c = s[i..]
                    .chars()
                    .next()
                    .expect("i is a char boundary inside s");
                next.push(c);
                i += c.len_utf8();
            }
        }
        if !changed {
            break;
        }
        s = next;
    }
    s
}

/// If the characters at `i` are one UTF-8 sequence read as single bytes,
/// the offset after them and the character they encode.
fn decode_at(text: &str, i: usize) -> Option<(usize, char)> {
    let mut chars = text[i..].chars();
    let lead = single_byte(chars.next()?)?;
    let n = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut bytes = vec![lead];
    let mut end = i + text[i..].chars().next()?.len_utf8();
    for _ in 0..n {
        let c = chars.next()?;
        let b = single_byte(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        bytes.push(b);
        end += c.len_utf8();
    }
    let ch = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    plausible(ch).then_some((end, ch))
}

/// Characters a damaged run plausibly stood for.
fn plausible(c: char) -> bool {
    matches!(c,
        '\u{A0}'..='\u{24F}'      // Latin-1 and Latin Extended
        | '\u{370}'..='\u{4FF}'   // Greek and Cyrillic (need two in a row)
        | '\u{2000}'..='\u{27BF}' // punctuation, currency, symbols, dingbats
        | '\u{FE00}'..='\u{FE0F}' // variation selectors (emoji presentation)
        | '\u{FEFF}'
        | '\u{1F000}'..='\u{1FAFF}' // emoji
    )
}

/// The one byte a character stands for when UTF-8 was read as
/// Windows-1252 (or Latin-1 for the C1 range), if it is not ASCII.
fn single_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::Mojibake;
    use crate::rules::test_support::{fixes, flags, passes};

    /// The rule as it was before the `C3` search: every non-ASCII char is
    /// a possible start.
    fn reference(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            if c.is_ascii() {
                i += 1;
                continue;
            }
            match super::finding_at(text, i) {
                Some(d) => {
                    i = d.span.end;
                    out.push(d);
                }
                None => i += c.len_utf8(),
            }
        }
        out
    }

    /// Only chars starting with `C3` are looked at, yet the findings are
    /// those of trying every non-ASCII char, on random text dense in
    /// damaged sequences, their pieces and look-alikes.
    #[test]
    fn c3_starts_find_what_every_char_finds() {
        let pieces = [
            "â€™",
            "â€œ",
            "â€",
            "Ã©",
            "Ã",
            "Â ",
            "Â",
            "Â\u{a0}",
            "ðŸ˜€",
            "ðŸ",
            "Ð",
            "Ñ\u{81}",
            "Ðœ",
            "ÃƒÂ©",
            "€",
            "™",
            "ƒ",
            "œ",
            "\u{9d}",
            "“",
            "’",
            "é",
            "ß",
            "ô",
            "õ",
            "Á",
            "Ÿ",
            "Ω",
            "д",
            "😀",
            "a",
            " ",
            "x",
            "\n",
            "\u{1a}",
        ];
        let mut next = crate::test_rng::below(31);
        let mut found = 0;
        for _ in 0..20_000 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 10);
            let mut fast = Vec::new();
            super::check_text(&text, &mut fast);
            let want = reference(&text);
            found += want.len();
            assert_eq!(fast, want, "{text:?}");
        }
        assert!(found > 10_000, "only {found}");
    }

    #[test]
    fn flags_apostrophe_and_quotes() {
        flags(
            &Mojibake,
            "Russiaâ€™s â€œkey issuesâ€\u{9d}",
            &["â€™", "â€œ", "â€\u{9d}"],
        );
    }

    #[test]
    fn flags_accented_letters() {
        flags(&Mojibake, "a cafÃ© in ZÃ¼rich", &["Ã©", "Ã¼"]);
    }

    #[test]
    fn flags_emoji_and_cyrillic_runs() {
        flags(
            &Mojibake,
            "ok ðŸ˜€ and ÐœÐ¾Ñ\u{81}ÐºÐ²Ð°!",
            &["ðŸ˜€", "ÐœÐ¾Ñ\u{81}ÐºÐ²Ð°"],
        );
    }

    #[test]
    fn flags_truncated_quote_without_fix() {
        flags(&Mojibake, "he said â€ nothing", &["â€"]);
    }

    #[test]
    fn passes_real_accents_and_punctuation() {
        passes(
            &Mojibake,
            "Café, naïve, Zürich, São Paulo, “quoted” — and don’t… 😀",
        );
    }

    #[test]
    fn passes_german_quotes_after_eszett() {
        passes(&Mojibake, "„Der Fuß“ und „GRÜN“, «Ça va», ÅLAND’s");
    }

    #[test]
    fn passes_french_and_spanish() {
        passes(
            &Mojibake,
            "Él dijo: «¡Ésta es la cuestión!» À bientôt, ÉLODIE.",
        );
    }

    #[test]
    fn passes_cyrillic_and_icelandic() {
        passes(&Mojibake, "Москва, Þór, Ðoàn, Ñandú”");
    }

    #[test]
    fn fixes_exact_round_trips() {
        fixes(&Mojibake, "donâ€™t cafÃ©", "don’t café");
    }

    #[test]
    fn fixes_double_encoding() {
        fixes(&Mojibake, "cafÃƒÂ©", "café");
    }

    #[test]
    fn fixes_flattened_no_break_space() {
        fixes(
            &Mojibake,
            "See alsoÂ\u{a0}x and Â y",
            "See also\u{a0}x and  y",
        );
    }
}
