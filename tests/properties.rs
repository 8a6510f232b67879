//! Properties over arbitrary input: the full default linter never panics,
//! every span (primary, label, fix edit) lies within the text on char
//! boundaries, and line index positions round-trip to byte offsets.

use mtlint::{Linter, Source};
use proptest::prelude::*;
use std::sync::LazyLock;

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::new);

/// Strings built from pieces typical of MT prose and its damage.
fn prose() -> impl Strategy<Value = String> {
    let pieces = vec![
        "I",
        "I",
        "the",
        "The",
        "word",
        "U.S.",
        "don’t",
        "3.5",
        " ",
        " ",
        "  ",
        ",",
        ".",
        ".,",
        "!",
        "?",
        "\"",
        "“",
        "”",
        "‘",
        "’",
        "«",
        "»",
        "(",
        ")",
        "-",
        "—",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\t",
        "😀",
        "👍🏽",
        "e\u{301}",
        "\u{301}",
        "é",
        "ß",
        "İ",
        "\u{FEFF}",
        "\u{200B}",
        "\u{1A}",
        "â€™",
        "Москва",
        "東京",
        "a",
        "had",
        "that",
        "invasionwhich",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..80).prop_map(|v| v.concat())
}

fn check_spans(source: Source) -> Result<(), TestCaseError> {
    let report = LINTER.check_source(source);
    let text = &report.source.text;
    prop_assert_eq!(text.len(), report.source.bytes().len());
    let on_boundaries = |start: usize, end: usize| {
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    for d in &report.diagnostics {
        prop_assert!(
            on_boundaries(d.span.start, d.span.end),
            "{:?} in {:?}",
            d,
            text
        );
        for l in &d.labels {
            prop_assert!(
                on_boundaries(l.span.start, l.span.end),
                "label {:?} in {:?}",
                l,
                text
            );
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                prop_assert!(
                    on_boundaries(e.span.start, e.span.end),
                    "edit {:?} in {:?}",
                    e,
                    text
                );
            }
        }
    }
    Ok(())
}

fn check_round_trip(text: &str) -> Result<(), TestCaseError> {
    let source = Source::from_text("p.txt", text);
    let lines = &source.lines;
    let bytes = text.as_bytes();
    for (offset, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        // The LF of a CRLF is inside a line terminator: not a position.
        if offset > 0 && bytes.get(offset) == Some(&b'\n') && bytes[offset - 1] == b'\r' {
            continue;
        }
        let p = lines.position(text, offset);
        prop_assert_eq!(
            lines.offset_utf16(text, p.line, p.utf16_col),
            offset,
            "utf16 {:?}",
            p
        );
        prop_assert_eq!(
            lines.offset_chars(text, p.line, p.char_col),
            offset,
            "chars {:?}",
            p
        );
        prop_assert!(p.char_col <= p.utf16_col && p.utf16_col <= p.byte_col);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spans_of_arbitrary_strings_are_on_char_boundaries(text in any::<String>()) {
        check_spans(Source::from_text("p.txt", &text))?;
    }

    #[test]
    fn spans_of_prose_are_on_char_boundaries(text in prose()) {
        check_spans(Source::from_text("p.txt", &text))?;
    }

    #[test]
    fn spans_of_arbitrary_bytes_are_on_char_boundaries(bytes in any::<Vec<u8>>()) {
        check_spans(Source::new("p.txt", bytes))?;
    }

    #[test]
    fn positions_round_trip_in_arbitrary_strings(text in any::<String>()) {
        check_round_trip(&text)?;
    }

    #[test]
    fn positions_round_trip_in_prose(text in prose()) {
        check_round_trip(&text)?;
    }
}
