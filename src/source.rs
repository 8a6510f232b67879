//! A checked file as it is on disk: its bytes, a UTF-8 view of the same
//! length, and a line index. Spans are byte ranges into the *original* bytes,
//! end-exclusive; invalid UTF-8 bytes are replaced one-for-one by U+001A
//! (SUBSTITUTE) in the view so that every offset stays valid for both.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::{Arc, OnceLock};
use yoke::Yoke;

/// A byte range into the file as on disk, end-exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    /// True when the two spans share at least one byte (or, for an empty
    /// span, when it lies inside the other).
    pub fn overlaps(&self, other: Span) -> bool {
        if self.is_empty() || other.is_empty() {
            return self.start <= other.end && other.start <= self.end;
        }
        self.start < other.end && other.start < self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// The byte that stands in, in [`Source::text`], for each byte of invalid UTF-8.
pub const SUBSTITUTE: char = '\u{1A}';

/// The text of a [`Source`]: its own `String`, a `&'static str`, or text
/// held by an owner shared with the caller (such as a memory-mapped file,
/// see [`Source::from_shared`], unmapped when the last source holding it
/// is dropped). It reads as a `&str` (it dereferences to `str`), and
/// reading it is a plain load whatever holds the text: the `&str` is kept
/// inline beside its owner ([`yoke`]). Rules read the text in their inner
/// loops, where a call through a trait object (what an
/// `Arc<dyn AsRef<str>>` took here before) cost 1.8% of a run, and a
/// `match` on who owns it 0.4-0.75% of the instructions. Windows and clones
/// share the owner.
#[derive(Clone)]
pub struct Text(Yoke<&'static str, Option<TextOwner>>);

/// What holds the text of a shared source: any owner that reads as a
/// `&str` (the binary's memory map, a `String`), dropped with the last
/// source that holds it.
pub type TextOwner = Arc<dyn AsRef<str> + Send + Sync>;

impl Text {
    /// `owner`'s whole text.
    fn shared(owner: TextOwner) -> Text {
        let text = Yoke::<&'static str, TextOwner>::attach_to_cart(owner, |o| o.as_ref());
        Text(text.wrap_cart_in_option())
    }

    /// The part `range` of this text, sharing its owner.
    fn part(&self, range: Range<usize>) -> Text {
        Text(self.0.map_project_cloned(|all, _| &all[range]))
    }

    /// The text as an owned `String` (a copy).
    pub fn into_string(self) -> String {
        (*self.0.get()).to_owned()
    }
}

impl Deref for Text {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.0.get()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::shared(Arc::new(s))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        **self == **other
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

/// One input: its display name, the bytes as read, and a same-length UTF-8 view.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    /// The bytes as on disk with every byte of an invalid UTF-8 sequence
    /// replaced by [`SUBSTITUTE`]; same length, so spans index both this and
    /// [`Source::bytes`]. Reads as a `&str`.
    pub text: Text,
    /// The bytes as read when they are not valid UTF-8 (otherwise `text`
    /// holds them unchanged, and a second copy would only cost memory).
    original: Option<Vec<u8>>,
    /// Where the invalid UTF-8 bytes were, one span per maximal invalid run.
    pub invalid_utf8: Vec<Span>,
    pub lines: LineIndex,
}

impl Source {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Source {
        let (text, original, invalid_utf8) = match String::from_utf8(bytes) {
            Ok(text) => (text, None, Vec::new()),
            Err(e) => {
                let bytes = e.into_bytes();
                let (text, invalid) = decode_lossless(&bytes);
                (text, Some(bytes), invalid)
            }
        };
        let lines = LineIndex::new(&text);
        Source {
            name: name.into(),
            text: text.into(),
            original,
            invalid_utf8,
            lines,
        }
    }

    /// A source whose text lives for the whole run (a `&'static str`),
    /// read in place instead of copied. Its windows ([`Source::window`])
    /// borrow from it too.
    pub fn from_static(name: impl Into<String>, text: &'static str) -> Source {
        Source::valid(name, Text(Yoke::new_owned(text)))
    }

    /// A source whose text `owner` holds (a file memory-mapped by the
    /// caller, already known to be valid UTF-8): read in place instead of
    /// copied, and released when this source and every window of it are
    /// dropped. Checked like any other source.
    pub fn from_shared(name: impl Into<String>, owner: TextOwner) -> Source {
        Source::valid(name, Text::shared(owner))
    }

    /// A source of text that was valid UTF-8 as it came (nothing
    /// substituted), with its line index.
    fn valid(name: impl Into<String>, text: Text) -> Source {
        let lines = LineIndex::new(&text);
        Source {
            name: name.into(),
            text,
            original: None,
            invalid_utf8: Vec::new(),
            lines,
        }
    }

    /// The part `span` of this source (char boundaries in the text) as a
    /// source of its own, with the same name. Valid UTF-8 is not checked
    /// again.
    pub fn window(&self, span: Span) -> Source {
        if self.original.is_some() {
            return Source::new(self.name.clone(), self.bytes()[span.range()].to_vec());
        }
        let text = self.text.part(span.range());
        let lines = self.lines.window(&self.text, span);
        Source {
            name: self.name.clone(),
            text,
            original: None,
            invalid_utf8: Vec::new(),
            lines,
        }
    }

    pub fn from_text(name: impl Into<String>, text: &str) -> Source {
        Source::new(name, text.as_bytes().to_vec())
    }

    /// The bytes as on disk (or as received on stdin).
    pub fn bytes(&self) -> &[u8] {
        self.original.as_deref().unwrap_or(self.text.as_bytes())
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Starts with a UTF-8 byte-order mark.
    pub fn has_bom(&self) -> bool {
        self.bytes().starts_with(b"\xEF\xBB\xBF")
    }
}

/// Decodes `bytes`, replacing each byte of an invalid sequence by one
/// [`SUBSTITUTE`] so the result has the same length and offsets.
fn decode_lossless(bytes: &[u8]) -> (String, Vec<Span>) {
    let mut out = String::with_capacity(bytes.len());
    let mut invalid: Vec<Span> = Vec::new();
    let mut pos = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        pos += chunk.valid().len();
        let bad = chunk.invalid();
        if !bad.is_empty() {
            for _ in bad {
                out.push(SUBSTITUTE);
            }
            match invalid.last_mut() {
                Some(last) if last.end == pos => last.end = pos + bad.len(),
                _ => invalid.push(Span::new(pos, pos + bad.len())),
            }
            pos += bad.len();
        }
    }
    debug_assert_eq!(out.len(), bytes.len());
    (out, invalid)
}

/// A position in a file, every column kind at once. All fields are 0-based;
/// renderers add 1 where their format counts from one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    /// Bytes from the line start.
    pub byte_col: usize,
    /// Unicode scalar values from the line start.
    pub char_col: usize,
    /// UTF-16 code units from the line start.
    pub utf16_col: usize,
}

/// Maps byte offsets to lines and columns. A line ends after `\n`, after a
/// `\r` not followed by `\n`, or after `\r\n`.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Byte offset of each line's first byte; always starts with 0.
    starts: Vec<usize>,
    /// Column data, worked out on the first [`LineIndex::position`]: most
    /// indexes (a window of a large file, a check rendered as statistics)
    /// never convert an offset to a column.
    columns: OnceLock<Columns>,
    len: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Columns {
    /// Whether each line is pure ASCII (then every column equals the byte column).
    ascii: Vec<bool>,
    /// Column counts at char boundaries every [`CHECKPOINT`] bytes inside
    /// non-ASCII lines, so a position costs at most that many bytes of
    /// counting however long the line is.
    checkpoints: Vec<Checkpoint>,
}

/// Bytes between column checkpoints within a line.
const CHECKPOINT: usize = 256;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Checkpoint {
    offset: usize,
    /// Chars and UTF-16 units from the line start to `offset`.
    chars: usize,
    utf16: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 64 + 1);
        starts.push(0);
        if memchr::memchr(b'\r', bytes).is_none() {
            // Most texts: one SIMD search for one byte costs less per line.
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            return LineIndex {
                starts,
                columns: OnceLock::new(),
                len: bytes.len(),
            };
        }
        let mut line_start = 0;
        // Jump from terminator to terminator.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if i < line_start {
                continue; // the `\n` of a `\r\n` already taken
            }
            let mut next = i + 1;
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                next += 1;
            }
            starts.push(next);
            line_start = next;
        }
        LineIndex {
            starts,
            columns: OnceLock::new(),
            len: bytes.len(),
        }
    }

    /// The index of `text[span]` (`text` being what this index was built
    /// from), taken from this index's line starts instead of scanning the
    /// text again: what [`LineIndex::new`] would build from the slice.
    pub fn window(&self, text: &str, span: Span) -> LineIndex {
        let bytes = text.as_bytes();
        let first = self.starts.partition_point(|&s| s <= span.start);
        let last = self.starts.partition_point(|&s| s <= span.end);
        let mut starts = Vec::with_capacity(last - first + 2);
        starts.push(0);
        starts.extend(self.starts[first..last].iter().map(|&s| s - span.start));
        // A `\r\n` cut by the window's end: the slice ends its line at the
        // `\r`, the whole text only after the `\n`.
        if span.end > span.start
            && bytes[span.end - 1] == b'\r'
            && bytes.get(span.end) == Some(&b'\n')
        {
            starts.push(span.len());
        }
        LineIndex {
            starts,
            columns: OnceLock::new(),
            len: span.len(),
        }
    }

    /// The column data of `text`, which this index was built from; only
    /// non-ASCII lines longer than a checkpoint interval are walked byte by
    /// byte.
    fn columns(&self, text: &str) -> &Columns {
        self.columns.get_or_init(|| {
            let bytes = text.as_bytes();
            let mut columns = Columns {
                ascii: vec![true; self.starts.len()],
                checkpoints: Vec::new(),
            };
            // Jump from one non-ASCII byte to the next rather than testing
            // each line (a large file's lines are short and mostly ASCII,
            // and a test per line cost a full pass of small calls); line
            // terminators are ASCII, so the byte lies in its line's content.
            let mut from = 0;
            while let Some(at) = crate::text::scan::next_non_ascii(bytes, from) {
                let line = self.line_of(at);
                columns.ascii[line] = false;
                let content = self.line_content(text, line);
                if content.len() > CHECKPOINT {
                    let s = &bytes[content.range()];
                    add_checkpoints(s, content.start, &mut columns.checkpoints);
                }
                from = self.line_span(line).end;
            }
            columns
        })
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line containing `offset` (an offset at a line end belongs to that line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of 0-based `line`, including its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        Span::new(start, end)
    }

    /// Byte range of 0-based `line` without its terminator.
    pub fn line_content(&self, text: &str, line: usize) -> Span {
        let span = self.line_span(line);
        let s = &text.as_bytes()[span.range()];
        let mut end = span.end;
        if s.ends_with(b"\r\n") {
            end -= 2;
        } else if s.ends_with(b"\n") || s.ends_with(b"\r") {
            end -= 1;
        }
        Span::new(span.start, end)
    }

    /// The position of byte `offset` in `text` (which must be the text this
    /// index was built from). `offset` is clamped to the text and moved back
    /// to a char boundary.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let byte_col = offset - start;
        let columns = self.columns(text);
        if columns.ascii[line] {
            return Position {
                line,
                byte_col,
                char_col: byte_col,
                utf16_col: byte_col,
            };
        }
        // Start from the last checkpoint on this line before `offset`.
        let k = columns.checkpoints.partition_point(|c| c.offset <= offset);
        let (from, mut char_col, mut utf16_col) =
            match k.checked_sub(1).map(|k| columns.checkpoints[k]) {
                Some(c) if c.offset >= start => (c.offset, c.chars, c.utf16),
                _ => (start, 0, 0),
            };
        for c in text[from..offset].chars() {
            char_col += 1;
            utf16_col += c.len_utf16();
        }
        Position {
            line,
            byte_col,
            char_col,
            utf16_col,
        }
    }

    /// The byte offset of 0-based (`line`, `utf16_col`), as LSP clients send
    /// positions. Columns past the line end clamp to the end of its content; a
    /// column inside a surrogate pair rounds down to the character start.
    pub fn offset_utf16(&self, text: &str, line: usize, utf16_col: usize) -> usize {
        self.offset_by(text, line, utf16_col, char::len_utf16)
    }

    /// The byte offset of 0-based (`line`, `char_col`).
    pub fn offset_chars(&self, text: &str, line: usize, char_col: usize) -> usize {
        self.offset_by(text, line, char_col, |_| 1)
    }

    fn offset_by(
        &self,
        text: &str,
        line: usize,
        col: usize,
        width: impl Fn(char) -> usize,
    ) -> usize {
        if line >= self.starts.len() {
            return text.len();
        }
        let content = self.line_content(text, line);
        let mut seen = 0;
        for (i, c) in text[content.range()].char_indices() {
            let w = width(c);
            if seen + w > col {
                return content.start + i;
            }
            seen += w;
        }
        content.end
    }
}

/// Column checkpoints every [`CHECKPOINT`] bytes of one line (`line`, which
/// starts at byte `start` of the text and holds no line terminator).
fn add_checkpoints(line: &[u8], start: usize, checkpoints: &mut Vec<Checkpoint>) {
    let (mut chars, mut utf16, mut last_mark) = (0usize, 0usize, 0usize);
    for (i, &b) in line.iter().enumerate() {
        if b & 0xC0 != 0x80 {
            // A char starts here: record a checkpoint now and then.
            if i - last_mark >= CHECKPOINT {
                checkpoints.push(Checkpoint {
                    offset: start + i,
                    chars,
                    utf16,
                });
                last_mark = i;
            }
            chars += 1;
            utf16 += if b >= 0xF0 { 2 } else { 1 };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(text: &str, offset: usize) -> (usize, usize, usize, usize) {
        let p = LineIndex::new(text).position(text, offset);
        (p.line, p.byte_col, p.char_col, p.utf16_col)
    }

    #[test]
    fn ascii_positions() {
        let t = "ab\ncd";
        assert_eq!(pos(t, 0), (0, 0, 0, 0));
        assert_eq!(pos(t, 2), (0, 2, 2, 2));
        assert_eq!(pos(t, 3), (1, 0, 0, 0));
        assert_eq!(pos(t, 5), (1, 2, 2, 2));
    }

    #[test]
    fn emoji_counts_two_utf16_units() {
        let t = "a😀b";
        // 😀 is 4 bytes, 1 char, 2 UTF-16 units.
        assert_eq!(pos(t, 5), (0, 5, 2, 3));
    }

    #[test]
    fn combining_mark_is_its_own_scalar() {
        let t = "e\u{301}x";
        assert_eq!(pos(t, 3), (0, 3, 2, 2));
    }

    #[test]
    fn crlf_and_cr_only_line_ends() {
        let t = "a\r\nb\rc\nd";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(pos(t, 3), (1, 0, 0, 0));
        assert_eq!(pos(t, 5), (2, 0, 0, 0));
        assert_eq!(pos(t, 7), (3, 0, 0, 0));
        assert_eq!(idx.line_content(t, 0), Span::new(0, 1));
    }

    #[test]
    fn bom_counts_as_one_char() {
        let t = "\u{FEFF}Hi";
        assert_eq!(pos(t, 3), (0, 3, 1, 1));
    }

    #[test]
    fn long_non_ascii_lines_use_checkpoints_correctly() {
        let t = format!("é\n{}x😀", "aé😀".repeat(3000));
        let idx = LineIndex::new(&t);
        assert!(idx.columns.get().is_none(), "columns are built on demand");
        assert!(!idx.columns(&t).checkpoints.is_empty());
        for (off, _) in t.char_indices().step_by(97) {
            let p = idx.position(&t, off);
            let line_start = idx.line_span(p.line).start;
            let before = &t[line_start..off];
            assert_eq!(p.char_col, before.chars().count());
            assert_eq!(p.utf16_col, before.encode_utf16().count());
            assert_eq!(idx.offset_utf16(&t, p.line, p.utf16_col), off);
        }
    }

    /// The column data found by jumping between non-ASCII bytes equals a
    /// test of every line, on texts of short and long lines, ASCII and not,
    /// with every kind of line end (and windows of them).
    #[test]
    fn columns_equal_a_test_of_every_line() {
        let reference = |idx: &LineIndex, text: &str| {
            let mut columns = Columns::default();
            for line in 0..idx.line_count() {
                let content = idx.line_content(text, line);
                let s = &text.as_bytes()[content.range()];
                columns.ascii.push(s.is_ascii());
                if !s.is_ascii() && s.len() > CHECKPOINT {
                    add_checkpoints(s, content.start, &mut columns.checkpoints);
                }
            }
            columns
        };
        let pieces = [
            "a", "word ", "é", "😀", "\n", "\r\n", "\r", "\n\n", "x\u{301}",
        ];
        let mut below = crate::test_rng::below(0x05ee_dc01);
        for round in 0..300 {
            let mut text = String::new();
            let len = below(if round % 10 == 0 { 3000 } else { 120 });
            for _ in 0..len {
                // Long runs of one piece make lines over a checkpoint interval.
                let piece = pieces[below(pieces.len())];
                let times = if below(8) == 0 { 1 + below(300) } else { 1 };
                text.push_str(&piece.repeat(times));
            }
            let idx = LineIndex::new(&text);
            assert_eq!(idx.columns(&text), &reference(&idx, &text), "{text:?}");
            let (a, b) = (below(text.len() + 1), below(text.len() + 1));
            let (mut a, mut b) = (a.min(b), a.max(b));
            while !text.is_char_boundary(a) {
                a -= 1;
            }
            while !text.is_char_boundary(b) {
                b -= 1;
            }
            let w = idx.window(&text, Span::new(a, b));
            let wt = &text[a..b];
            assert_eq!(w.columns(wt), &reference(&w, wt), "{wt:?}");
        }
    }

    #[test]
    fn utf16_round_trip() {
        let t = "x😀é\nß😀y";
        let idx = LineIndex::new(t);
        for (off, _) in t.char_indices() {
            let p = idx.position(t, off);
            assert_eq!(idx.offset_utf16(t, p.line, p.utf16_col), off);
            assert_eq!(idx.offset_chars(t, p.line, p.char_col), off);
        }
    }

    /// Static and shared sources read like owned ones, and so do their
    /// windows and windows of windows; a window's index, taken from the
    /// whole text's, equals the index built from the window's text, for
    /// every span of texts dense in `\r`, `\n` and `\r\n` (including spans
    /// that cut a `\r\n`). A shared text's owner lives exactly as long as
    /// the sources (and clones and windows) that read it.
    #[test]
    fn static_and_shared_sources_and_their_windows_read_like_owned_ones() {
        let alphabet = ["a", "\r", "\n", "\r\n", "é", " ", "😀"];
        let mut next = crate::test_rng::below(0x51a7_1c5e);
        for len in [0, 1, 5, 40, 300] {
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let owned = Source::from_text("t", &text);
            let owner: TextOwner = Arc::new(text.clone());
            let held = Arc::downgrade(&owner);
            let sources = [
                Source::from_static("t", text.clone().leak()),
                Source::from_shared("t", owner),
            ];
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let mut span = || {
                let a = bounds[next(bounds.len())];
                let b = bounds[next(bounds.len())].max(a);
                Span::new(a, b)
            };
            for shared in &sources {
                assert_eq!(shared.text, owned.text);
                assert_eq!(shared.bytes(), owned.bytes());
                assert_eq!(shared.text.clone().into_string(), text);
                assert_eq!(shared.clone().text.as_ptr(), shared.text.as_ptr());
                for _ in 0..20 {
                    let span = span();
                    let (a, b) = (span.start, span.end);
                    let (w, v) = (shared.window(span), owned.window(span));
                    assert_eq!(w.text, v.text, "{span:?}");
                    assert_eq!(*w.text, text[a..b]);
                    // The window of a static or shared source is the same
                    // memory, and so is a window of that window.
                    assert_eq!(w.text.as_ptr(), shared.text[a..].as_ptr());
                    let inner = Span::new(0, w.text.len());
                    let ww = w.clone().window(inner);
                    assert_eq!((ww.text.as_ptr(), &*ww.text), (w.text.as_ptr(), &*w.text));
                    assert_eq!((w.lines.starts, w.lines.len), (v.lines.starts, v.lines.len));
                }
            }
            // Windows and clones hold the owner; the last one releases it.
            let window = sources[1].window(Span::new(0, text.len()));
            let copy = window.clone();
            drop(sources);
            assert!(held.upgrade().is_some());
            drop(window);
            assert_eq!(*copy.text, text);
            drop(copy);
            assert!(held.upgrade().is_none(), "the owner outlived every source");
        }
    }

    #[test]
    fn window_index_equals_an_index_of_the_slice() {
        let alphabet = ["a", "\r", "\n", "\r\n", "é", " "];
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        let mut checked = 0;
        for len in 0..40 {
            for _ in 0..10 {
                let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                let whole = LineIndex::new(&text);
                let bounds: Vec<usize> = (0..=text.len())
                    .filter(|&i| text.is_char_boundary(i))
                    .collect();
                for &a in &bounds {
                    for &b in bounds.iter().filter(|&&b| b >= a) {
                        let span = Span::new(a, b);
                        let got = whole.window(&text, span);
                        let want = LineIndex::new(&text[a..b]);
                        assert_eq!(
                            (got.starts, got.len),
                            (want.starts, want.len),
                            "{text:?} {span:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// Texts without `\r` take a `\n`-only search; it finds the line
    /// starts the general search finds (forced by one `\r` at the end).
    #[test]
    fn line_starts_without_cr_match_the_general_search() {
        let alphabet = ["a", "\n", "\n\n", "é", " ", "word "];
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        for len in (0..300).step_by(7) {
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let fast = LineIndex::new(&text);
            let mut general = LineIndex::new(&format!("{text}\r")).starts;
            assert_eq!(general.pop(), Some(text.len() + 1));
            assert_eq!(fast.starts, general, "{text:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_substituted_byte_for_byte() {
        let s = Source::new("x", b"ab\xFF\xFEcd\xC3".to_vec());
        assert_eq!(s.text.len(), s.bytes().len());
        assert_eq!(s.invalid_utf8, vec![Span::new(2, 4), Span::new(6, 7)]);
        assert_eq!(&s.text[4..6], "cd");
    }
}
