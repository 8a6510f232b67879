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
/// Files are rendered in parallel (on the current rayon pool) and written
/// in order through the [`ReportWriter`] that `check` streams with, so the
/// two cannot differ.
pub fn write_reports(
    out: &mut dyn Write,
    format: Format,
    reports: &[&FileReport],
    linter: &Linter,
    color: bool,
) -> io::Result<()> {
    let Some(mut writer) = ReportWriter::new(format) else {
        return sarif::write_sarif(out, reports, linter);
    };
    writer.begin(out)?;
    crate::ordered::ordered(
        reports.iter(),
        crate::ordered::default_window(),
        |r| render_file(format, r, color),
        |piece| writer.file(out, piece?),
    )?;
    writer.finish(out)
}

/// What one file adds to a format's output, rendered on its own (on any
/// thread) by [`render_file`] and written in file order by a
/// [`ReportWriter`].
#[derive(Debug)]
pub enum Piece {
    /// Output text (`human`, `short`, `jsonl`, `github`; `json`'s array
    /// elements).
    Text(Chunks),
    /// `statistics` only counts.
    Counts(statistics::Counts),
}

/// Renders the findings of one file in `format` (not SARIF, whose log is
/// built whole: [`ReportWriter::new`] has no writer for it).
pub fn render_file(format: Format, r: &FileReport, color: bool) -> io::Result<Piece> {
    let mut text = Chunks::default();
    match format {
        Format::Human => {
            let mut buf = if color {
                Buffer::ansi()
            } else {
                Buffer::no_color()
            };
            pretty::write_pretty(&mut buf, &r.source, &r.diagnostics, &Config::default())?;
            text.0.push(buf.into_inner());
        }
        Format::Short => short::write_short(&mut text, &[r])?,
        Format::Json => json::write_elements(&mut text, r)?,
        Format::Jsonl => json::write_jsonl(&mut text, &[r])?,
        Format::Github => github::write_github(&mut text, &[r])?,
        Format::Statistics => {
            let mut counts = statistics::Counts::default();
            counts.add(r);
            return Ok(Piece::Counts(counts));
        }
        Format::Sarif => {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "SARIF is written whole (write_reports)",
            ))
        }
    }
    Ok(Piece::Text(text))
}

/// Output text kept in pieces of up to a megabyte: a file with a finding
/// every few bytes renders tens of megabytes, and one growing vector would
/// copy it over and over and, while it doubles, hold up to three times
/// that.
#[derive(Debug, Default)]
pub struct Chunks(Vec<Vec<u8>>);

impl Chunks {
    const MAX: usize = 1 << 20;

    /// The bytes held.
    pub fn len(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Vec::is_empty)
    }
}

impl Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.0.last_mut() {
            Some(last) if last.capacity() - last.len() >= bytes.len() => {
                last.extend_from_slice(bytes)
            }
            _ => {
                // Each new piece twice the last, up to `MAX`.
                let last = self.0.last().map_or(0, Vec::capacity);
                let mut chunk = Vec::with_capacity(bytes.len().max((2 * last).min(Self::MAX)));
                chunk.extend_from_slice(bytes);
                self.0.push(chunk);
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes a format's output a file at a time: [`ReportWriter::begin`], the
/// [`Piece`] of each file in output order, then [`ReportWriter::finish`].
#[derive(Debug)]
pub struct ReportWriter {
    format: Format,
    json: json::JsonArray,
    counts: statistics::Counts,
}

impl ReportWriter {
    /// The writer for `format`; `None` for SARIF, whose one log object is
    /// built from every file at once.
    pub fn new(format: Format) -> Option<ReportWriter> {
        (format != Format::Sarif).then(|| ReportWriter {
            format,
            json: json::JsonArray::default(),
            counts: statistics::Counts::default(),
        })
    }

    pub fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Json => self.json.begin(out),
            _ => Ok(()),
        }
    }

    /// Writes (or, for `statistics`, counts) the next file's piece.
    pub fn file(&mut self, out: &mut dyn Write, piece: Piece) -> io::Result<()> {
        match (self.format, piece) {
            (_, Piece::Counts(counts)) => {
                self.counts.merge(counts);
                Ok(())
            }
            (Format::Json, Piece::Text(elements)) => self.json.file(out, &elements.0),
            (_, Piece::Text(text)) => text.0.iter().try_for_each(|c| out.write_all(c)),
        }
    }

    /// Writes the next file straight from its report, without a piece in
    /// between where the format allows (`short`, `json`, `jsonl`,
    /// `github`): for a file with very many findings, whose piece would be
    /// larger than its report.
    pub fn report(&mut self, out: &mut dyn Write, r: &FileReport, color: bool) -> io::Result<()> {
        match self.format {
            Format::Short => short::write_short(out, &[r]),
            Format::Json => self.json.report(out, r),
            Format::Jsonl => json::write_jsonl(out, &[r]),
            Format::Github => github::write_github(out, &[r]),
            format => self.file(out, render_file(format, r, color)?),
        }
    }

    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Json => self.json.finish(out),
            Format::Statistics => std::mem::take(&mut self.counts).write(out),
            _ => Ok(()),
        }
    }
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
