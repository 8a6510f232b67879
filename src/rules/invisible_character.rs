//! Zero-width, soft-hyphen and bidi control characters left in prose.
//! Joiners between emoji (family and profession sequences) and between
//! letters of scripts that need them are part of the text, not damage.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Message, Severity};
use crate::source::Span;
use crate::text::scan::{ahead, for_each_sparse_then_selected, Block};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// Invisible characters inside or next to words: zero-width space
    /// (U+200B), zero-width non-joiner and joiner (U+200C/D), word joiner
    /// (U+2060), soft hyphen (U+00AD), left-to-right and right-to-left marks
    /// (U+200E/F), bidi embeddings, overrides and isolates (U+202A–202E,
    /// U+2066–2069), and a byte-order mark (U+FEFF) anywhere but at the very
    /// start of the file.
    ///
    /// ## Why it matters
    /// They come from web pages and word processors, not from writers. They
    /// split words for search and spell checking (`Lav\u{200B}rov` is not
    /// `Lavrov`), and bidi overrides can reorder what a reader sees.
    ///
    /// ## Example
    /// Flagged: `Lav<U+200B>rov`. Instead: `Lavrov`.
    ///
    /// ## False positives
    /// A zero-width joiner inside an emoji sequence (`👩‍💻`), joiners between
    /// letters of non-Latin scripts (Persian, Indic), and a byte-order mark
    /// at offset 0 are allowed.
    ///
    /// ## Fix safety
    /// Safe: removing the characters changes no visible text.
    pub const INVISIBLE_CHARACTER = RuleMeta {
        code: "MT033",
        name: "invisible-character",
        severity: Severity::Warning,
        summary: "Zero-width, soft-hyphen and bidi control characters in prose.",
    };
}

pub struct InvisibleCharacter;

impl Rule for InvisibleCharacter {
    fn meta(&self) -> &RuleMeta {
        &INVISIBLE_CHARACTER
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let mut found = Vec::new();
        if !doc.non_ascii_runs().is_empty() {
            for_each_invisible(text, DENSE_AFTER, |i, c| found.push((i, c)));
        }
        // At most one finding for each character found (runs are one).
        out.reserve(found.len());
        report_runs(text, found.into_iter(), out);
    }
}

/// Lead bytes found one by one before [`for_each_invisible`] checks how
/// dense they are.
const DENSE_AFTER: usize = 64;

/// Calls `f` with the offset of each flagged invisible char of `text`, in
/// order. Every invisible char starts with `C2`, `E2` or `EF`; while those
/// bytes are sparse (prose) SIMD `memchr` finds them, and after
/// `dense_after` of them found more than one in 64 bytes (text thick with
/// curly quotes, dashes or guillemets, where each stop of the search costs
/// more) the rest is tested block by block ([`for_each_sparse_then_selected`]),
/// where a lead byte is picked only when its next bytes come close to a
/// pattern of [`is_invisible`] (tested on the blocks' byte masks). Each
/// lead byte found is looked at through its next two bytes, and decoded
/// only when they are one of the patterns: a curly quote (`E2 80 9C`, the
/// lead byte of `U+200B`, `E2 80 8B`) costs a few compares.
fn for_each_invisible(text: &str, dense_after: usize, mut f: impl FnMut(usize, char)) {
    let bytes = text.as_bytes();
    let look_at = |at: usize| {
        let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
        let candidate = match bytes[at] {
            0xC2 => next(1) == 0xAD,
            0xE2 => matches!(
                (next(1), next(2)),
                (0x80, 0x8B..=0x8F | 0xAA..=0xAE) | (0x81, 0xA0 | 0xA6..=0xA9)
            ),
            0xEF => next(1) == 0xBB && next(2) == 0xBF,
            _ => false,
        };
        if !candidate {
            return;
        }
        let c = text[at..].chars().next().unwrap_or_default();
        if is_invisible(c) && !allowed(text, at, c) {
            f(at, c);
        }
    };
    for_each_sparse_then_selected(
        bytes,
        memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes),
        dense_after,
        |b: &Block| {
            if b.non_ascii() == 0 {
                [0; 7]
            } else {
                [
                    b.any_of(&[(0xE2, 0)]),
                    b.any_of(&[(0xC2, 0)]),
                    b.any_of(&[(0xEF, 0)]),
                    // `E2 80` and `E2 81`.
                    b.any_of(&[(0x81, 1)]),
                    // Third bytes 88-8F and A0-AF (a curly quote's 9C or
                    // 9D is neither).
                    b.any_of(&[(0x8F, 7), (0xAF, 0x0F)]),
                    b.any_of(&[(0xAD, 0)]),
                    b.any_of(&[(0xBB, 0)]),
                ]
            }
        },
        // The lead bytes whose next bytes may make one of the patterns
        // `look_at` tests, so that the curly quotes, dashes and guillemets
        // of text thick with them stop nowhere.
        |here, next| {
            let ahead = |m: usize, k| ahead(here[m], next[m], k);
            (here[0] & ahead(3, 1) & ahead(4, 2))
                | (here[1] & ahead(5, 1))
                | (here[2] & ahead(6, 1))
        },
        look_at,
    );
}

/// Reports the flagged chars `found` (offsets ascending), adjacent ones
/// as one finding.
fn report_runs(text: &str, found: impl Iterator<Item = (usize, char)>, out: &mut Vec<Diagnostic>) {
    let mut run: Option<(Span, char)> = None;
    for (i, c) in found {
        let end = i + c.len_utf8();
        match &mut run {
            Some((r, _)) if r.end == i => r.end = end,
            _ => {
                if let Some((r, first)) = run.take() {
                    out.push(report(text, r, first));
                }
                run = Some((Span::new(i, end), c));
            }
        }
    }
    if let Some((r, first)) = run {
        out.push(report(text, r, first));
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn allowed(text: &str, i: usize, c: char) -> bool {
    match c {
        // A byte-order mark at the very start is an encoding signature.
        '\u{FEFF}' => i == 0,
        '\u{200C}' | '\u{200D}' => {
            let before = text[..i].chars().next_back();
            let after = text[i + c.len_utf8()..].chars().next();
            match (before, after) {
                // "👩‍💻": ZWJ inside an emoji sequence.
                (Some(b), Some(a)) if c == '\u{200D}' && is_emoji_part(b) && is_emoji_part(a) => {
                    true
                }
                // Persian and Indic orthography use joiners between letters.
                (Some(b), Some(a)) => non_latin_letter(b) && non_latin_letter(a),
                _ => false,
            }
        }
        _ => false,
    }
}

fn is_emoji_part(c: char) -> bool {
    matches!(c, '\u{2190}'..='\u{2BFF}' | '\u{FE0F}' | '\u{1F000}'..='\u{1FAFF}' | '\u{E0020}'..='\u{E007F}')
}

fn non_latin_letter(c: char) -> bool {
    (crate::text::chars::is_alphabetic(c) || is_combining(c)) && c > '\u{24F}'
}

fn is_combining(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) != 0
        || matches!(c, '\u{0900}'..='\u{0DFF}' | '\u{0600}'..='\u{06FF}')
}

fn report(text: &str, span: Span, first: char) -> Diagnostic {
    // Removing it from between "\r" and "\n" would join two line ends into one CRLF.
    if text[..span.start].ends_with('\r') && text[span.end..].starts_with('\n') {
        return INVISIBLE_CHARACTER.diagnostic(span, message(first));
    }
    INVISIBLE_CHARACTER.fixed(
        span,
        message(first),
        Fix::replace(Applicability::Safe, span, ""),
    )
}

/// `invisible <name> (U+XXXX)`: a fixed phrase for each character the
/// rule knows by name, so a file full of them allocates no message.
fn message(c: char) -> Message {
    match c {
        '\u{AD}' => "invisible soft hyphen (U+00AD)".into(),
        '\u{200B}' => "invisible zero-width space (U+200B)".into(),
        '\u{200C}' => "invisible zero-width non-joiner (U+200C)".into(),
        '\u{200D}' => "invisible zero-width joiner (U+200D)".into(),
        '\u{200E}' => "invisible directional mark (U+200E)".into(),
        '\u{200F}' => "invisible directional mark (U+200F)".into(),
        '\u{2060}' => "invisible word joiner (U+2060)".into(),
        '\u{FEFF}' => "invisible byte-order mark (U+FEFF)".into(),
        _ => format!("invisible bidi control character (U+{:04X})", c as u32).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::InvisibleCharacter;

    /// The rule as it was before the byte patterns: every char starting
    /// with `C2`, `E2` or `EF` (SIMD `memchr`) decoded and tested.
    fn reference(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let found = crate::text::char_starts_with_lead(text, &[0xC2, 0xE2, 0xEF])
            .into_iter()
            .filter_map(|i| {
                let c = text[i..].chars().next()?;
                (super::is_invisible(c) && !super::allowed(text, i, c)).then_some((i, c))
            });
        let mut out = Vec::new();
        super::report_runs(text, found, &mut out);
        out
    }

    /// The byte patterns find what decoding every candidate char finds,
    /// on random text dense in invisible characters, their byte
    /// neighbours (curly quotes, dashes, spaces, `…`, `Â`, `ï»`) and the
    /// contexts that allow a joiner.
    #[test]
    fn byte_patterns_find_what_decoding_finds() {
        let mut pieces: Vec<String> = ["a", " ", "\r", "\n", "😀", "👩", "می", "क्", "é", "Ω"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // Every char of the lead bytes' neighbourhoods the patterns test.
        pieces.extend(
            ('\u{80}'..='\u{FF}')
                .chain('\u{2000}'..='\u{206F}')
                .chain('\u{FE00}'..='\u{FEFF}')
                .chain('\u{FF00}'..='\u{FF0F}')
                .map(String::from),
        );
        let mut next = crate::test_rng::below(17);
        let mut found = 0;
        for round in 0..30_000 {
            // Half the texts favour the invisible characters themselves.
            let pieces_in_text = if round % 3 == 0 { 60 } else { 10 };
            let text: String = (0..next(pieces_in_text))
                .map(|_| {
                    if round % 2 == 0 && next(3) == 0 {
                        let invisible = [
                            "\u{AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}",
                            "\u{202A}", "\u{202E}", "\u{2060}", "\u{2066}", "\u{2069}", "\u{FEFF}",
                        ];
                        invisible[next(invisible.len())].to_string()
                    } else {
                        pieces[next(pieces.len())].clone()
                    }
                })
                .collect();
            let want = reference(&text);
            found += want.len();
            // Block by block from the first lead byte, and never.
            for dense_after in [1, usize::MAX] {
                let mut flagged = Vec::new();
                super::for_each_invisible(&text, dense_after, |i, c| flagged.push((i, c)));
                let mut fast = Vec::new();
                super::report_runs(&text, flagged.into_iter(), &mut fast);
                assert_eq!(fast, want, "{text:?}");
            }
            let mut checked = Vec::new();
            let doc = crate::text::Document::from_text(&text);
            super::Rule::check(&InvisibleCharacter, &doc, &mut checked);
            assert_eq!(checked, want, "{text:?}");
        }
        assert!(found > 10_000, "only {found}");
    }

    #[test]
    fn fixed_messages_match_the_formatted_one() {
        for c in [
            '\u{AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{2060}',
            '\u{FEFF}', '\u{202A}', '\u{2066}',
        ] {
            let name = match c {
                '\u{AD}' => "soft hyphen",
                '\u{200B}' => "zero-width space",
                '\u{200C}' => "zero-width non-joiner",
                '\u{200D}' => "zero-width joiner",
                '\u{200E}' | '\u{200F}' => "directional mark",
                '\u{2060}' => "word joiner",
                '\u{FEFF}' => "byte-order mark",
                _ => "bidi control character",
            };
            assert_eq!(
                super::message(c),
                format!("invisible {name} (U+{:04X})", c as u32)
            );
        }
    }
    use crate::rules::test_support::{check, fixes, flags, passes};

    #[test]
    fn offers_no_fix_that_would_join_cr_and_lf() {
        let found = check(&InvisibleCharacter, "a\r\u{200B}\nb");
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn flags_zero_width_space_inside_a_word() {
        flags(&InvisibleCharacter, "Lav\u{200B}rov said", &["\u{200B}"]);
    }

    #[test]
    fn flags_soft_hyphen_and_bidi_override() {
        flags(
            &InvisibleCharacter,
            "inter\u{AD}national \u{202E}abc\u{202C}",
            &["\u{AD}", "\u{202E}", "\u{202C}"],
        );
    }

    #[test]
    fn flags_bom_in_the_middle_and_merges_runs() {
        flags(
            &InvisibleCharacter,
            "one\u{FEFF}\u{200B} two",
            &["\u{FEFF}\u{200B}"],
        );
    }

    #[test]
    fn allows_leading_bom() {
        passes(&InvisibleCharacter, "\u{FEFF}Title\nText.");
    }

    #[test]
    fn allows_zwj_in_emoji_sequences() {
        passes(
            &InvisibleCharacter,
            "Coders 👩\u{200D}💻 and families 👨\u{200D}👩\u{200D}👧 and ❤\u{FE0F}\u{200D}🔥.",
        );
    }

    #[test]
    fn allows_joiners_in_persian_and_indic_words() {
        passes(&InvisibleCharacter, "می\u{200C}خواهم and क्\u{200D}ष");
    }

    #[test]
    fn passes_plain_text() {
        passes(
            &InvisibleCharacter,
            "Plain text with “quotes”, café and 😀.",
        );
    }

    #[test]
    fn removes_them() {
        fixes(
            &InvisibleCharacter,
            "Lav\u{200B}rov in\u{AD}side\u{200D}x",
            "Lavrov insidex",
        );
    }
}
