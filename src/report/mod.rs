//! Output formats, one file each. Rules never format; renderers never lint.
//! Every position is computed through `Source.lines`; columns are 1-based in
//! characters except in SARIF, which counts UTF-16 code units.

pub mod github;
pub mod json;
pub mod pretty;
pub mod rule_table;
pub mod sarif;
pub mod short;
pub mod statistics;

use crate::source::{Source, Span};
use crate::{FileReport, Linter};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::Config;
use rayon::prelude::*;
use std::io::{self, Write};

/// How `check` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source snippets (codespan-reporting).
    Human,
    /// `path:line:col: severity[rule] message`, one per line.
    Short,
    /// One JSON array of findings.
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=…::message`).
    Github,
    /// Finding counts per rule, most frequent first.
    Statistics,
}

/// Writes the findings of `reports` (already in output order) in `format`.
/// `linter` supplies the rule list SARIF declares; `color` only affects `human`.
pub fn write_reports(
    out: &mut dyn Write,
    format: Format,
    reports: &[&FileReport],
    linter: &Linter,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => write_human(out, reports, color),
        Format::Short => short::write_short(out, reports),
        Format::Json => json::write_json(out, reports),
        Format::Jsonl => json::write_jsonl(out, reports),
        Format::Sarif => sarif::write_sarif(out, reports, linter),
        Format::Github => github::write_github(out, reports),
        Format::Statistics => statistics::write_statistics(out, reports),
    }
}

/// Renders each file into its own buffer in parallel, then writes them in order.
fn write_human(out: &mut dyn Write, reports: &[&FileReport], color: bool) -> io::Result<()> {
    let config = Config::default();
    let buffers: Vec<io::Result<Buffer>> = reports
        .par_iter()
        .map(|r| {
            let mut buf = if color {
                Buffer::ansi()
            } else {
                Buffer::no_color()
            };
            pretty::write_pretty(&mut buf, &r.source, &r.diagnostics, &config)?;
            Ok(buf)
        })
        .collect();
    for buf in buffers {
        out.write_all(buf?.as_slice())?;
    }
    Ok(())
}

/// Where a span lies, 1-based, with columns in characters (`end_column` is
/// the column just past the last character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CharRange {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl CharRange {
    pub fn of(source: &Source, span: Span) -> CharRange {
        let start = source.lines.position(&source.text, span.start);
        CharRange::from_start(source, span, (start.line, start.char_col))
    }

    /// `start` is the 0-based line and character column of `span.start`.
    fn from_start(source: &Source, span: Span, start: (usize, usize)) -> CharRange {
        // A span without a line break ends on its start line: count its
        // characters instead of locating the end from a line checkpoint.
        let text = &source.text;
        let on_line = (span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end))
        .then(|| chars_on_line(&text.as_bytes()[span.start..span.end]))
        .flatten();
        let end = match on_line {
            Some(chars) => (start.0, start.1 + chars),
            None => {
                let end = source.lines.position(text, span.end);
                (end.line, end.char_col)
            }
        };
        CharRange::from_zero_based(start, end)
    }

    /// The range from 0-based (line, character column) pairs of its start
    /// and end.
    fn from_zero_based(start: (usize, usize), end: (usize, usize)) -> CharRange {
        CharRange {
            line: start.0 + 1,
            column: start.1 + 1,
            end_line: end.0 + 1,
            end_column: end.1 + 1,
        }
    }
}

/// How many characters `s` holds, when it holds no line break.
#[inline]
fn chars_on_line(s: &[u8]) -> Option<usize> {
    let mut chars = 0;
    for &b in s {
        if b == b'\n' || b == b'\r' {
            return None;
        }
        // Every byte but a UTF-8 continuation byte starts a character.
        chars += usize::from((b as i8) >= -0x40);
    }
    Some(chars)
}

/// Finds the [`CharRange`] of spans given mostly in increasing order (as
/// findings are sorted): a span starting shortly after the previous one on
/// the same line is located by counting the characters in between, and
/// its end by counting its own when it ends on that line too.
pub struct Locator<'a> {
    source: &'a Source,
    /// The previous start (at first the start of the text): its offset,
    /// 0-based line and character column.
    last: (usize, (usize, usize)),
    /// Where the line of `last` ends (before its terminator): no offset up
    /// to here is on a later line.
    line_end: usize,
}

impl<'a> Locator<'a> {
    /// The farthest step counted from the previous start, and the longest
    /// span counted; farther ones look the line up (its checkpoints bound
    /// the walk there).
    const STEP: usize = 256;

    pub fn new(source: &'a Source) -> Locator<'a> {
        Locator {
            source,
            last: (0, (0, 0)),
            line_end: source.lines.line_content(&source.text, 0).end,
        }
    }

    #[inline(always)]
    pub fn char_range(&mut self, span: Span) -> CharRange {
        let text = &self.source.text;
        let bytes = text.as_bytes();
        let (o, (line, col)) = self.last;
        let offset = span.start;
        let boundary = text.is_char_boundary(offset);
        let start =
            if o <= offset && offset - o <= Self::STEP && offset <= self.line_end && boundary {
                (line, col + chars_between(bytes, o, offset))
            } else {
                let p = self.source.lines.position(text, offset);
                if boundary {
                    self.line_end = self.source.lines.line_content(text, p.line).end;
                }
                (p.line, p.char_col)
            };
        if !boundary {
            return CharRange::from_start(self.source, span, start);
        }
        self.last = (offset, start);
        let end = if offset <= span.end
            && span.end - offset <= Self::STEP
            && span.end <= self.line_end
            && text.is_char_boundary(span.end)
        {
            (start.0, start.1 + chars_between(bytes, offset, span.end))
        } else {
            let end = self.source.lines.position(text, span.end);
            (end.line, end.char_col)
        };
        CharRange::from_zero_based(start, end)
    }
}

/// How many characters `text[from..to]` holds (`from <= to <= text.len()`),
/// eight bytes at a time: the bytes after `to` are read when the text has
/// them, then masked off.
#[inline(always)]
fn chars_between(text: &[u8], from: usize, to: usize) -> usize {
    let mut chars = to - from;
    let mut at = from;
    while to - at >= 8 {
        chars -= continuations(word_at(text, at));
        at += 8;
    }
    let rest = to - at;
    if rest > 0 {
        if at + 8 <= text.len() {
            // Keep the `rest` low (first) bytes; zeros are no continuation.
            chars -= continuations(word_at(text, at) & ((1 << (8 * rest)) - 1));
        } else {
            chars -= text[at..to].iter().filter(|&&b| (b as i8) < -0x40).count();
        }
    }
    chars
}

/// The eight bytes of `text` from `at`, the first in the low byte.
#[inline(always)]
fn word_at(text: &[u8], at: usize) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&text[at..at + 8]);
    u64::from_le_bytes(bytes)
}

/// How many of the bytes of `word` are UTF-8 continuation bytes
/// (`0b10xx_xxxx`: the high bit set, the next clear).
#[inline(always)]
fn continuations(word: u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let marks = (word & !(word << 1) & HIGH) >> 7;
    // The sum of the bytes lands in the top byte.
    (marks.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// A message on one line: line breaks become spaces.
pub(crate) fn one_line(message: &str) -> String {
    if message.contains(['\n', '\r']) {
        message.replace("\r\n", " ").replace(['\n', '\r'], " ")
    } else {
        message.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::CharRange;
    use crate::source::{Source, Span};

    /// The range of `span` from two full line-index lookups: the reference
    /// for `CharRange::of` and `Locator`.
    fn full_lookup(source: &Source, span: Span) -> CharRange {
        let start = source.lines.position(&source.text, span.start);
        let end = source.lines.position(&source.text, span.end);
        CharRange::from_zero_based((start.line, start.char_col), (end.line, end.char_col))
    }

    #[test]
    fn char_range_counts_short_spans_like_a_full_lookup() {
        let text = format!("ab “c” d\r\n\r\né😀x\rq\n{}\n„end", "aé😀“".repeat(400));
        let source = Source::from_text("t", &text);
        let full = |span: Span| full_lookup(&source, span);
        let n = text.len();
        for start in (0..=n).step_by(3) {
            for len in [0, 1, 2, 3, 4, 7, 20, 500] {
                let span = Span::new(start, (start + len).min(n + 2));
                assert_eq!(CharRange::of(&source, span), full(span), "{span:?}");
            }
        }
        // In order, backwards and jumping about.
        let mut spans: Vec<Span> = (0..=n).map(|s| Span::new(s, (s + 2).min(n))).collect();
        for order in 0..3 {
            match order {
                1 => spans.reverse(),
                2 => spans.sort_by_key(|s| (s.start * 7919) % (n + 1)),
                _ => {}
            }
            let mut locator = super::Locator::new(&source);
            for &span in &spans {
                assert_eq!(locator.char_range(span), full(span), "{span:?}");
            }
        }
    }

    /// The located ranges equal full lookups on random texts with random
    /// spans, mostly ascending (as findings come) with jumps back, empty,
    /// long and off-text spans, and spans across line breaks.
    #[test]
    fn locator_matches_full_lookup_on_random_spans() {
        let pieces = [
            "a", "bc ", "é", "😀", "“", "\n", "\r", "\r\n", "\n\n", "word ", "ру́",
        ];
        let mut next = crate::test_rng::below(0x010c_a7e5);
        for round in 0..300 {
            let mut text = crate::test_rng::text_of(&mut next, &pieces, 200);
            if round % 3 == 0 {
                // One long line, then more text.
                text = format!("{}\n{text}", "aé“ ".repeat(next(300)));
            }
            let source = Source::from_text("t", &text);
            let full = |span: Span| full_lookup(&source, span);
            let n = text.len();
            let mut locator = super::Locator::new(&source);
            let mut at = 0;
            for _ in 0..next(300) {
                at = match next(20) {
                    0 => next(n + 3),
                    1 => at.saturating_sub(next(20)),
                    2 => at + next(600),
                    _ => at + next(12),
                };
                let len = [next(4), next(12), next(300), next(n + 2)][next(4)];
                let span = Span::new(at, at + len);
                assert_eq!(locator.char_range(span), full(span), "{span:?} in {text:?}");
            }
        }
    }

    /// Counting characters eight bytes at a time equals counting them one
    /// by one, for every range of random UTF-8 text (so every alignment and
    /// every distance from the text's end).
    #[test]
    fn chars_between_counts_like_chars() {
        let pieces = [
            "a",
            "é",
            "😀",
            "“",
            "\n",
            "ру́",
            "\u{7ff}",
            "\u{800}",
            "\u{10000}",
        ];
        let mut next = crate::test_rng::below(0x00c0_07e5);
        for _ in 0..200 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 40);
            for from in 0..=text.len() {
                for to in from..=text.len() {
                    let expected = text.as_bytes()[from..to]
                        .iter()
                        .filter(|&&b| (b as i8) >= -0x40)
                        .count();
                    assert_eq!(
                        super::chars_between(text.as_bytes(), from, to),
                        expected,
                        "{from}..{to} of {text:?}"
                    );
                }
            }
        }
    }
}
