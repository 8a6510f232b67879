//! Property tests: on generated prose-like text and on arbitrary bytes, every
//! finding's spans lie in the text on char boundaries, fixes apply without
//! touching bytes outside their edits and converge, and the line index
//! round-trips byte offsets through line/column/UTF-16 positions.

mod support;

use mtlint::source::LineIndex;
use proptest::prelude::*;
use support::{check, fix_until_stable, ALL, DEFAULT};

/// Pieces of prose and of what MT and scraping leave in it.
const VOCAB: &[&str] = &[
    // function words and common words
    "the",
    "The",
    "a",
    "an",
    "A",
    "of",
    "and",
    "to",
    "in",
    "is",
    "was",
    "that",
    "which",
    "but",
    "he",
    "she",
    "they",
    "I",
    "it",
    "said",
    "would",
    "not",
    "on",
    "for",
    "with",
    "as",
    "at",
    "said.",
    "minister",
    "government",
    "talks",
    "week",
    "people",
    "forever",
    "invasion",
    // names, Cyrillic look-alikes, glued forms
    "Lavrov",
    "Ryabkov",
    "Riabkov",
    "Ryakov",
    "Zelensky",
    "Zelenskyy",
    "Moscow",
    "U.S.",
    "Mr.",
    "Dr.",
    "Xi",
    "Jinping",
    "Li",
    "Ukraine",
    "NATO",
    "Кremlin",
    "Мoscow",
    "Lavrоv",
    "invasionwhich",
    "moveLavrov",
    "HomeWorldRussia",
    "foreverbut",
    // repeats and mojibake
    "the the",
    "I I",
    "in the region in the region",
    "â€™",
    "Ã©",
    "\u{FFFD}",
    "don’t",
    "it's",
    "a chances",
    "an unit",
    // quotes of all kinds
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "‚",
    "‹",
    "›",
    "「",
    "」",
    "``",
    "''",
    // punctuation
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "...",
    "…",
    ".,",
    ",.",
    "!!",
    "?!",
    "-",
    "–",
    "—",
    "(",
    ")",
    "[",
    "]",
    "/",
    "&",
    "%",
    "*",
    "#",
    // digits
    "3.5",
    "1,000",
    "2024",
    "42",
    "1st",
    "0",
    "$5",
    "10%",
    // emoji, combining marks, other scripts
    "😀",
    "👍🏽",
    "🇺🇦",
    "e\u{301}",
    "a\u{308}\u{304}",
    "\u{301}",
    "Ω",
    "中国",
    "مرحبا",
    "Ελλάδα",
    // whitespace and invisibles
    "\u{A0}",
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{AD}",
    "\t",
    "\u{2028}",
    // entities and markup residue
    "&amp;",
    "&nbsp;",
    "&#8217;",
    "&quot;",
    "<br>",
    "Leave a Reply",
    "Share this:",
    "Read more",
    "http://example.com/a?b=c",
    "info@example.com",
];

const SEPARATORS: &[&str] = &[
    " ", " ", " ", " ", " ", "  ", "", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\u{A0}", "\t",
    " \n",
];

fn prose() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(
            (
                prop::sample::select(VOCAB),
                prop::sample::select(SEPARATORS),
            ),
            0..120,
        ),
    )
        .prop_map(|(bom, parts)| {
            let mut s = String::new();
            if bom {
                s.push('\u{FEFF}');
            }
            for (w, sep) in parts {
                s.push_str(w);
                s.push_str(sep);
            }
            s
        })
}

/// Prose with a few raw bytes (often invalid UTF-8) dropped in.
fn damaged_prose() -> impl Strategy<Value = Vec<u8>> {
    (
        prose(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
    )
        .prop_map(|(text, inserts)| {
            let mut bytes = text.into_bytes();
            for (at, b) in inserts {
                let i = at.index(bytes.len() + 1);
                bytes.insert(i, b);
            }
            bytes
        })
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn prose_spans_are_in_bounds(text in prose()) {
        check(&ALL, "prose.txt", text.as_bytes());
    }

    #[test]
    fn damaged_prose_spans_are_in_bounds(bytes in damaged_prose()) {
        check(&ALL, "damaged.txt", &bytes);
    }

    #[test]
    fn arbitrary_bytes_spans_are_in_bounds(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&ALL, "bytes.bin", &bytes);
    }

    #[test]
    fn arbitrary_strings_spans_are_in_bounds(text in "\\PC{0,300}") {
        check(&ALL, "string.txt", text.as_bytes());
    }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn safe_fixes_converge(text in prose()) {
        fix_until_stable(&DEFAULT, &text, false, 10);
    }

    #[test]
    fn all_fixes_of_all_rules_converge(text in prose()) {
        fix_until_stable(&ALL, &text, true, 10);
    }

    #[test]
    fn fixes_on_damaged_text_converge(bytes in damaged_prose()) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        fix_until_stable(&ALL, &text, true, 10);
    }
}

/// Char-boundary offsets that are not inside a line terminator (the second
/// byte of a CRLF maps back to the terminator's start, by design).
fn probe_offsets(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .filter(|&i| !(i > 0 && b[i - 1] == b'\r' && b.get(i) == Some(&b'\n')))
        .collect()
}

fn assert_line_index(text: &str) {
    let idx = LineIndex::new(text);
    let breaks = {
        let b = text.as_bytes();
        let mut n = 0;
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\n' || b[i] == b'\r' {
                n += 1;
                if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            i += 1;
        }
        n
    };
    assert_eq!(idx.line_count(), breaks + 1);
    // Lines tile the text.
    let mut end = 0;
    for line in 0..idx.line_count() {
        let span = idx.line_span(line);
        assert_eq!(span.start, end);
        let content = idx.line_content(text, line);
        assert!(span.contains(content));
        assert!(!text[content.range()].contains(['\n', '\r']));
        end = span.end;
    }
    assert_eq!(end, text.len());
    for off in probe_offsets(text) {
        let p = idx.position(text, off);
        let span = idx.line_span(p.line);
        assert!(span.start <= off && (off < span.end || off == text.len() || span.is_empty()));
        assert_eq!(p.byte_col, off - span.start);
        let before = &text[span.start..off];
        assert_eq!(p.char_col, before.chars().count());
        assert_eq!(p.utf16_col, before.encode_utf16().count());
        assert_eq!(
            idx.offset_utf16(text, p.line, p.utf16_col),
            off,
            "utf16 round trip at {off}"
        );
        assert_eq!(
            idx.offset_chars(text, p.line, p.char_col),
            off,
            "char round trip at {off}"
        );
    }
    // Off a char boundary, positions round down; past the end, they clamp.
    for off in 0..=text.len() + 2 {
        let p = idx.position(text, off);
        let mut b = off.min(text.len());
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        assert_eq!(p, idx.position(text, b));
    }
    // A column inside a surrogate pair rounds down to the char start; a column
    // past the end clamps to the line's content end.
    for line in 0..idx.line_count() {
        let content = idx.line_content(text, line);
        let units: usize = text[content.range()].encode_utf16().count();
        assert_eq!(idx.offset_utf16(text, line, units + 5), content.end);
        let mut seen = 0;
        for (i, c) in text[content.range()].char_indices() {
            for k in 0..c.len_utf16() {
                assert_eq!(idx.offset_utf16(text, line, seen + k), content.start + i);
            }
            seen += c.len_utf16();
        }
    }
    assert_eq!(idx.offset_utf16(text, idx.line_count() + 3, 0), text.len());
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn line_index_round_trips_on_prose(text in prose()) {
        assert_line_index(&text);
    }

    #[test]
    fn line_index_round_trips_on_any_string(text in "(\\PC|[\r\n]){0,200}") {
        assert_line_index(&text);
    }

    #[test]
    fn source_text_mirrors_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let s = mtlint::Source::new("b", bytes.clone());
        prop_assert_eq!(s.text.len(), bytes.len());
        // Valid stretches are copied; every invalid byte is one substitute.
        let mut prev_end = 0;
        for inv in &s.invalid_utf8 {
            prop_assert!(inv.start >= prev_end && inv.end <= bytes.len() && !inv.is_empty());
            prop_assert!(s.text[inv.range()].bytes().all(|b| b == 0x1A));
            prop_assert_eq!(&s.text.as_bytes()[prev_end..inv.start], &bytes[prev_end..inv.start]);
            prev_end = inv.end;
        }
        prop_assert_eq!(&s.text.as_bytes()[prev_end..], &bytes[prev_end..]);
        assert_line_index(&s.text);
    }
}

/// Long lines (the line index keeps column checkpoints every 1 KiB): sampled
/// offsets agree with counting from the line start.
fn assert_long_line_positions(text: &str, probes: &[prop::sample::Index]) {
    let idx = LineIndex::new(text);
    for probe in probes {
        let mut off = probe.index(text.len() + 1);
        while !text.is_char_boundary(off) {
            off -= 1;
        }
        let p = idx.position(text, off);
        let start = idx.line_span(p.line).start;
        let before = &text[start..off];
        assert_eq!(p.byte_col, off - start);
        assert_eq!(p.char_col, before.chars().count(), "char column at {off}");
        assert_eq!(
            p.utf16_col,
            before.encode_utf16().count(),
            "UTF-16 column at {off}"
        );
    }
}

proptest! {
    #![proptest_config(config(100))]

    #[test]
    fn line_index_positions_on_long_lines(
        words in prop::collection::vec(
            prop::sample::select(&["word", "é", "😀", "中国", "e\u{301}", " ", "\n", "\r\n", "\r", "abc "][..]),
            0..3000,
        ),
        newline_every in 50usize..5000,
        probes in prop::collection::vec(any::<prop::sample::Index>(), 50),
    ) {
        // Mostly without line breaks, so lines run over many checkpoints.
        let text: String = words
            .iter()
            .enumerate()
            .map(|(i, w)| if w.contains(['\n', '\r']) && i % newline_every != 0 { " " } else { *w })
            .collect();
        assert_long_line_positions(&text, &probes);
        // An ASCII head before the first non-ASCII char.
        let text = format!("{}{text}", "a".repeat(3000));
        assert_long_line_positions(&text, &probes);
    }
}
