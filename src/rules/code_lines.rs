//! Which lines look like code rather than prose, decided once per line and
//! cached, so that a rule asking for every finding on a one-megabyte line
//! stays linear.

use crate::source::Span;
use crate::text::Document;
use rustc_hash::FxHashMap;

pub struct CodeLines<'a> {
    marks: &'a [char],
    /// Which bytes are marks, when every mark is ASCII (an ASCII byte of
    /// UTF-8 text is always a whole char, so the lines are searched byte
    /// by byte).
    ascii: Option<[bool; 256]>,
    verdicts: FxHashMap<usize, bool>,
    /// The line span and verdict of the last lookup: callers mostly ask
    /// about offsets on the line they asked about last, which then costs
    /// neither the line search nor the hash lookup.
    last: Option<(Span, bool)>,
}

impl<'a> CodeLines<'a> {
    /// A line is code when it contains any of `marks`.
    pub fn new(marks: &'a [char]) -> CodeLines<'a> {
        let ascii = marks.iter().all(char::is_ascii).then(|| {
            let mut table = [false; 256];
            for &m in marks {
                table[m as usize] = true;
            }
            table
        });
        CodeLines {
            marks,
            ascii,
            verdicts: FxHashMap::default(),
            last: None,
        }
    }

    /// Whether the line holding byte `offset` of `doc` looks like code.
    pub fn is_code(&mut self, doc: &Document, offset: usize) -> bool {
        if let Some((span, verdict)) = self.last {
            if span.start <= offset && offset < span.end {
                return verdict;
            }
        }
        let lines = &doc.source.lines;
        let line = lines.line_of(offset);
        let marks = self.marks;
        let ascii = &self.ascii;
        let verdict = *self.verdicts.entry(line).or_insert_with(|| {
            let text = doc.text();
            let content = &text[lines.line_content(text, line).range()];
            match ascii {
                Some(table) => contains_byte_of(table, content.as_bytes()),
                None => content.contains(marks),
            }
        });
        self.last = Some((lines.line_span(line), verdict));
        verdict
    }
}

/// Whether `bytes` holds a byte that `table` marks, sixteen bytes a step
/// without a branch per byte.
fn contains_byte_of(table: &[bool; 256], bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        if chunk
            .iter()
            .fold(false, |hit, &b| hit | table[usize::from(b)])
        {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| table[usize::from(b)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte table agrees with `str::contains(&[char])` on random texts
    /// and mark sets, ASCII and not.
    #[test]
    fn byte_search_agrees_with_char_search() {
        let pieces = [
            "a", "word ", " ", "=", "{", "}", "<", ">", "_", "`", "\\", "|", "#", "&", "$", "/",
            "@", "é", "😀", "—", "\u{ff1d}", ".", "\t", "\u{7f}", "x\u{301}", "\n",
        ];
        let sets: [&[char]; 4] = [
            &['=', '{', '}', '<', '>', '_', '`', '\\', '|', '#'],
            &['=', '{', '}', '<', '>', '_', '`', '\\', '|', '#', '&', '$'],
            &['/', '@', '\u{7f}'],
            &['=', '\u{ff1d}', '—'],
        ];
        let mut next = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        let (mut yes, mut no) = (0, 0);
        for _ in 0..20_000 {
            let mut text = String::new();
            let len = next(60);
            // Mostly prose, so that long lines without marks are common.
            for _ in 0..len {
                text.push_str(if next(12) == 0 {
                    pieces[next(pieces.len())]
                } else {
                    pieces[next(2)]
                });
            }
            for marks in sets {
                let doc = Document::from_text(&text);
                let mut code = CodeLines::new(marks);
                let got = code.is_code(&doc, 0);
                let first_line = text.split(['\n', '\r']).next().unwrap_or("");
                let want = first_line.contains(marks);
                assert_eq!(got, want, "{marks:?} in {text:?}");
                if want {
                    yes += 1;
                } else {
                    no += 1;
                }
            }
        }
        assert!(yes > 10_000 && no > 10_000, "{yes} {no}");
    }

    /// The last-line shortcut answers as a fresh lookup does, for offsets
    /// asked in any order on texts of many lines (line ends and the text
    /// end included).
    #[test]
    fn cached_verdicts_agree_with_fresh_lookups() {
        let pieces = [
            "word ", "a", " ", "=", "#", "é", "\n", "\r\n", "\r", "\n\n", ".",
        ];
        let marks: &[char] = &['=', '#'];
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        let (mut yes, mut no) = (0, 0);
        for _ in 0..2_000 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 40);
            let doc = Document::from_text(&text);
            let mut code = CodeLines::new(marks);
            let offsets: Vec<usize> = (0..=text.len())
                .filter(|&o| text.is_char_boundary(o))
                .collect();
            for _ in 0..30 {
                let o = offsets[next(offsets.len())];
                let want = CodeLines::new(marks).is_code(&doc, o);
                assert_eq!(code.is_code(&doc, o), want, "{o} in {text:?}");
                if want {
                    yes += 1;
                } else {
                    no += 1;
                }
            }
        }
        assert!(yes > 5_000 && no > 5_000, "{yes} {no}");
    }
}
