//! `json` (one array) and `jsonl` (one object per line) share one finding
//! shape, a public contract documented in the README: byte spans into the
//! file as on disk, 1-based lines, 1-based columns in characters.

use super::{CharRange, Locator};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::FileReport;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::{self, Write};

/// One finding as serialized. Field order is the documented order. The
/// strings borrow from the report when written (no copy per finding) and
/// are owned when read back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding<'a> {
    pub path: Cow<'a, str>,
    pub rule: Cow<'a, str>,
    pub code: Cow<'a, str>,
    pub severity: Severity,
    pub message: Cow<'a, str>,
    pub span: JsonSpan,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub labels: Vec<JsonLabel<'a>>,
    pub fix: Option<JsonFix<'a>>,
}

/// A byte range, end-exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSpan {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonLabel<'a> {
    pub span: JsonSpan,
    pub message: Cow<'a, str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonFix<'a> {
    pub applicability: Applicability,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonEdit<'a> {
    pub span: JsonSpan,
    pub replacement: Cow<'a, str>,
}

impl From<Span> for JsonSpan {
    fn from(s: Span) -> JsonSpan {
        JsonSpan {
            start: s.start,
            end: s.end,
        }
    }
}

impl<'a> Finding<'a> {
    pub fn new(report: &'a FileReport, d: &'a Diagnostic) -> Finding<'a> {
        Finding::at(report, d, CharRange::of(&report.source, d.span))
    }

    /// The finding, with its line and columns already located.
    pub fn at(report: &'a FileReport, d: &'a Diagnostic, at: CharRange) -> Finding<'a> {
        Finding {
            path: Cow::Borrowed(&report.source.name),
            rule: Cow::Borrowed(d.rule()),
            code: Cow::Borrowed(d.code()),
            severity: d.severity,
            message: Cow::Borrowed(&d.message),
            span: d.span.into(),
            line: at.line,
            column: at.column,
            end_line: at.end_line,
            end_column: at.end_column,
            labels: d
                .labels
                .iter()
                .map(|l| JsonLabel {
                    span: l.span.into(),
                    message: Cow::Borrowed(&l.message),
                })
                .collect(),
            fix: d.fix.as_ref().map(|f| JsonFix {
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        span: e.span.into(),
                        replacement: Cow::Borrowed(&e.replacement),
                    })
                    .collect(),
            }),
        }
    }
}

/// Every finding of `reports`, in output order.
pub fn findings<'a>(reports: &[&'a FileReport]) -> Vec<Finding<'a>> {
    reports
        .iter()
        .flat_map(|r| {
            let mut locator = Locator::new(&r.source);
            r.diagnostics
                .iter()
                .map(move |d| Finding::at(r, d, locator.char_range(d.span)))
        })
        .collect()
}

pub fn write_json(out: &mut dyn Write, reports: &[&FileReport]) -> io::Result<()> {
    let mut array = JsonArray::default();
    array.begin(out)?;
    for r in reports {
        array.report(out, r)?;
    }
    array.finish(out)
}

/// `json`'s one array, written a file at a time: each file's findings are
/// rendered apart ([`write_elements`], on any thread) and joined here.
#[derive(Debug, Default)]
pub struct JsonArray {
    /// Whether an element was written (the next file's goes after a comma).
    any: bool,
}

impl JsonArray {
    pub fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    /// Writes one file's elements, as [`write_elements`] rendered them
    /// apart (in pieces).
    pub fn file(&mut self, out: &mut dyn Write, pieces: &[Vec<u8>]) -> io::Result<()> {
        if pieces.iter().all(Vec::is_empty) {
            return Ok(());
        }
        self.comma(out)?;
        pieces.iter().try_for_each(|p| out.write_all(p))
    }

    /// Writes one file's elements straight from its report.
    pub fn report(&mut self, out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        if r.diagnostics.is_empty() {
            return Ok(());
        }
        self.comma(out)?;
        write_elements(out, r)
    }

    /// The comma before a file's elements, unless they are the first.
    fn comma(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.any {
            out.write_all(b",")?;
        }
        self.any = true;
        Ok(())
    }

    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.any { b"\n]\n" } else { b"]\n" })
    }
}

pub fn write_jsonl(out: &mut dyn Write, reports: &[&FileReport]) -> io::Result<()> {
    let mut w = LineWriter::new();
    for r in reports {
        w.file(&r.source.name)?;
        let mut locator = Locator::new(&r.source);
        for d in &r.diagnostics {
            w.finding(out, d, locator.char_range(d.span))?;
        }
    }
    w.flush(out)
}

/// Appends the findings of `r` as elements of `json`'s array, as
/// `serde_json` pretty-prints them: each on a new line and indented, with
/// commas between them but none before the first (see [`JsonArray`]).
/// Written by hand because files with a finding every few bytes spent most
/// of their time in serde's generic path (a dynamic write per piece, each
/// key escaped byte by byte); `writer_matches_serde_json` holds the bytes
/// equal.
/// Output is gathered in one buffer and handed on in pieces of 32 KiB, so
/// a file with millions of findings is never held as text.
pub fn write_elements(out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
    const FLUSH_AT: usize = 1 << 15;
    let mut w = JsonWriter::<true> {
        buf: Vec::with_capacity(FLUSH_AT + 4096),
        // Inside the array.
        depth: 1,
        heads: Recent::new(),
        labels: Recent::new(),
        replacements: Recent::new(),
    };
    // The path is the same for each finding of a file: escaped once.
    let mut path = Vec::new();
    push_str(&mut path, &r.source.name)?;
    let mut locator = Locator::new(&r.source);
    for (i, d) in r.diagnostics.iter().enumerate() {
        let at = locator.char_range(d.span);
        w.item(i == 0);
        w.finding(&path, d, at)?;
        if w.buf.len() >= FLUSH_AT {
            out.write_all(&w.buf)?;
            w.buf.clear();
        }
    }
    out.write_all(&w.buf)
}

/// Whether two strings are equal, by address first: consecutive findings
/// mostly share their rule and their message, a `&'static str`.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && (std::ptr::eq(a.as_ptr(), b.as_ptr()) || a == b)
}

/// The JSON text last written for a few keys, so that what repeats from
/// one finding to the next (its rule and message, a label's message) is
/// copied, not built and escaped again. Findings of a few rules interleave,
/// hence more than one entry; a miss replaces the entries in turn.
struct Recent<K> {
    keys: [Option<K>; 4],
    json: [Vec<u8>; 4],
    next: usize,
}

impl<K: Copy> Recent<K> {
    fn new() -> Recent<K> {
        Recent {
            keys: [None; 4],
            json: Default::default(),
            next: 0,
        }
    }

    /// The JSON text of the first key `hit` accepts.
    #[inline]
    fn find(&self, hit: impl Fn(K) -> bool) -> Option<&[u8]> {
        let i = self.keys.iter().position(|k| k.is_some_and(&hit))?;
        Some(&self.json[i])
    }

    /// The index of the first key `hit` accepts.
    #[inline]
    fn position(&self, hit: impl Fn(K) -> bool) -> Option<usize> {
        self.keys.iter().position(|k| k.is_some_and(&hit))
    }

    /// The index of the entry [`Recent::insert`] gave last.
    fn last(&self) -> usize {
        (self.next + self.keys.len() - 1) % self.keys.len()
    }

    /// An emptied entry for `key`, to write its JSON text into.
    fn insert(&mut self, key: K) -> &mut Vec<u8> {
        let i = self.next;
        self.next = (i + 1) % self.keys.len();
        self.keys[i] = Some(key);
        self.json[i].clear();
        &mut self.json[i]
    }

    fn clear(&mut self) {
        self.keys = [None; 4];
    }
}

impl<'a> Recent<&'a str> {
    /// The index of the entry for `s`, made as `before`, `s` as a JSON
    /// string and `after` when there is none.
    #[inline]
    fn index_of(&mut self, s: &'a str, before: &[u8], after: &[u8]) -> io::Result<usize> {
        if let Some(i) = self.position(|k| same(k, s)) {
            return Ok(i);
        }
        let json = self.insert(s);
        json.extend_from_slice(before);
        push_str(json, s)?;
        json.extend_from_slice(after);
        Ok(self.last())
    }

    /// Appends `s` as a JSON string to `buf`, from an entry when it has one.
    fn push_str(&mut self, buf: &mut Vec<u8>, s: &'a str) -> io::Result<()> {
        match self.find(|k| same(k, s)) {
            Some(json) => buf.extend_from_slice(json),
            None => {
                let json = self.insert(s);
                push_str(json, s)?;
                buf.extend_from_slice(json);
            }
        }
        Ok(())
    }
}

/// The members a finding's head is made of, from `"path"` to `"message"`.
type Head<'a> = (&'static str, &'static str, Severity, &'a str);

/// Appends JSON text shaped like `serde_json`'s compact (`PRETTY == false`)
/// or pretty (two-space indent) output. Callers say which member or element
/// comes first and which array is empty, so the compact form keeps no state.
struct JsonWriter<'a, const PRETTY: bool> {
    buf: Vec<u8>,
    /// Open arrays and objects, for the pretty indent.
    depth: usize,
    /// The members from `"path"` through `"message"` last written, by rule,
    /// code, severity and message (cleared when the path changes).
    heads: Recent<Head<'a>>,
    /// Label messages and fix replacements last written.
    labels: Recent<&'a str>,
    replacements: Recent<&'a str>,
}

impl<'a, const PRETTY: bool> JsonWriter<'a, PRETTY> {
    fn open(&mut self, bracket: u8) {
        self.buf.push(bracket);
        if PRETTY {
            self.depth += 1;
        }
    }

    fn close(&mut self, bracket: u8, empty: bool) {
        if PRETTY {
            self.depth -= 1;
            if !empty {
                self.newline();
            }
        }
        self.buf.push(bracket);
    }

    fn newline(&mut self) {
        self.buf.push(b'\n');
        for _ in 0..self.depth {
            self.buf.extend_from_slice(b"  ");
        }
    }

    /// Before each member or element.
    #[inline]
    fn item(&mut self, first: bool) {
        if !first {
            self.buf.push(b',');
        }
        if PRETTY {
            self.newline();
        }
    }

    /// `key` is the quoted key and its colon, e.g. `"path":`.
    #[inline]
    fn key(&mut self, first: bool, key: &[u8]) {
        self.item(first);
        self.buf.extend_from_slice(key);
        if PRETTY {
            self.buf.push(b' ');
        }
    }

    fn str_member(&mut self, key: &[u8], value: &str) -> io::Result<()> {
        self.key(false, key);
        push_str(&mut self.buf, value)
    }

    #[inline]
    fn int_member(&mut self, key: &[u8], value: usize) {
        self.key(false, key);
        push_usize(&mut self.buf, value);
    }

    /// `"span":{"start":…,"end":…}`.
    #[inline]
    fn span_member(&mut self, first: bool, span: Span) {
        self.key(first, b"\"span\":");
        self.open(b'{');
        self.key(true, b"\"start\":");
        push_usize(&mut self.buf, span.start);
        self.int_member(b"\"end\":", span.end);
        self.close(b'}', false);
    }

    /// A list of objects `{"span":…,<key><text>}`, one per item: a
    /// finding's labels (`"message"`) and its fix's edits (`"replacement"`).
    /// `texts` picks the cache of the last text written under `key`.
    fn spanned_texts<T>(
        &mut self,
        items: &'a [T],
        key: &[u8],
        texts: fn(&mut Self) -> (&mut Recent<&'a str>, &mut Vec<u8>),
        part: impl Fn(&'a T) -> (Span, &'a str),
    ) -> io::Result<()> {
        self.open(b'[');
        for (i, item) in items.iter().enumerate() {
            let (span, text) = part(item);
            self.item(i == 0);
            self.open(b'{');
            self.span_member(true, span);
            self.key(false, key);
            let (cache, buf) = texts(self);
            cache.push_str(buf, text)?;
            self.close(b'}', false);
        }
        self.close(b']', items.is_empty());
        Ok(())
    }

    /// One finding; `path` is the file's name already as a JSON string.
    fn finding(&mut self, path: &[u8], d: &'a Diagnostic, at: CharRange) -> io::Result<()> {
        self.buf.reserve(512);
        self.open(b'{');
        let hit = |(r, c, s, m): Head| {
            same(r, d.rule()) && same(c, d.code()) && s == d.severity && same(m, &d.message)
        };
        if let Some(head) = self.heads.find(hit) {
            self.buf.extend_from_slice(head);
        } else {
            let from = self.buf.len();
            self.key(true, b"\"path\":");
            self.buf.extend_from_slice(path);
            self.str_member(b"\"rule\":", d.rule())?;
            self.str_member(b"\"code\":", d.code())?;
            self.str_member(b"\"severity\":", d.severity.as_str())?;
            self.str_member(b"\"message\":", &d.message)?;
            let head = self
                .heads
                .insert((d.rule(), d.code(), d.severity, &d.message));
            head.extend_from_slice(&self.buf[from..]);
        }
        self.span_member(false, d.span);
        self.int_member(b"\"line\":", at.line);
        self.int_member(b"\"column\":", at.column);
        self.int_member(b"\"end_line\":", at.end_line);
        self.int_member(b"\"end_column\":", at.end_column);
        self.key(false, b"\"labels\":");
        self.spanned_texts(
            &d.labels,
            b"\"message\":",
            |w| (&mut w.labels, &mut w.buf),
            |l| (l.span, &l.message),
        )?;
        self.key(false, b"\"fix\":");
        match &d.fix {
            None => self.buf.extend_from_slice(b"null"),
            Some(fix) => self.fix_object(fix)?,
        }
        self.close(b'}', false);
        Ok(())
    }

    /// A fix as `{"applicability", "edits"}`.
    fn fix_object(&mut self, fix: &'a Fix) -> io::Result<()> {
        self.open(b'{');
        self.key(true, b"\"applicability\":");
        push_str(&mut self.buf, fix.applicability.as_str())?;
        self.key(false, b"\"edits\":");
        self.spanned_texts(
            &fix.edits,
            b"\"replacement\":",
            |w| (&mut w.replacements, &mut w.buf),
            |e| (e.span, &e.replacement),
        )?;
        self.close(b'}', false);
        Ok(())
    }
}

/// Writes `jsonl`: what [`JsonWriter`] writes with `PRETTY == false`, but
/// into a buffer that is kept at its full length and filled through a
/// cursor, so that each piece is one bounds check and a copy, not a
/// capacity check, a length update and often a call. The pieces that
/// repeat from one finding to the next (everything up to `"span"`, a
/// label's message) are copied from [`Recent`] entries.
struct LineWriter<'a> {
    /// Output so far is `buf[..pos]`; `buf` is never shortened.
    buf: Vec<u8>,
    pos: usize,
    /// The file's name as a JSON string.
    path: Vec<u8>,
    /// `{"path":…,"message":…,"span":{"start":`, by rule, code, severity
    /// and message (cleared when the path changes).
    heads: Recent<Head<'a>>,
    /// `},"message":…}` after a label's span, by message.
    labels: Recent<&'a str>,
    /// `},"replacement":…}]}}` and the line break after the span of a
    /// fix's one edit, by replacement.
    edits: Recent<&'a str>,
    /// Writes the fixes of more than one edit, then they are copied.
    fixes: JsonWriter<'a, false>,
    /// The entry of `heads` the previous finding used: tried first.
    hot: usize,
    /// Numbers written for the previous finding, which the next one's are
    /// mostly a small step from.
    last: Written,
}

/// The numbers of the previous finding (all below [`SMALL`]) that the next
/// finding's are written from: findings come sorted, so the next start is
/// a few bytes on, its line mostly the same, its column a few characters
/// on, and a label's span mostly near the finding's.
#[derive(Clone, Copy)]
struct Written {
    start: Digits,
    end: Digits,
    line: Digits,
    column: Digits,
    label_start: Digits,
}

impl Written {
    fn new() -> Written {
        let zero = Digits::of(0);
        Written {
            start: zero,
            end: zero,
            line: Digits::of(1),
            column: Digits::of(1),
            label_start: zero,
        }
    }
}

/// What the fixed-size pieces of a finding can take at most besides its
/// head: six numbers of up to 20 digits and the keys between them.
const TAIL_ROOM: usize = 256;
/// The same for one label besides its message.
const LABEL_ROOM: usize = 96;

impl<'a> LineWriter<'a> {
    /// Output is handed on when this much has gathered.
    const FLUSH_AT: usize = 1 << 15;

    fn new() -> LineWriter<'a> {
        LineWriter {
            buf: vec![0; Self::FLUSH_AT + 4096],
            pos: 0,
            path: Vec::new(),
            heads: Recent::new(),
            labels: Recent::new(),
            edits: Recent::new(),
            fixes: JsonWriter {
                buf: Vec::new(),
                depth: 0,
                heads: Recent::new(),
                labels: Recent::new(),
                replacements: Recent::new(),
            },
            hot: 0,
            last: Written::new(),
        }
    }

    /// Before the findings of the file named `name`.
    fn file(&mut self, name: &str) -> io::Result<()> {
        self.path.clear();
        push_str(&mut self.path, name)?;
        self.heads.clear();
        Ok(())
    }

    fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&self.buf[..self.pos])?;
        self.pos = 0;
        Ok(())
    }

    /// Makes room for `need` more bytes at `pos`.
    #[inline]
    fn room(&mut self, out: &mut dyn Write, need: usize) -> io::Result<()> {
        if self.pos + need > self.buf.len() {
            self.grow(out, need)?;
        }
        Ok(())
    }

    #[cold]
    fn grow(&mut self, out: &mut dyn Write, need: usize) -> io::Result<()> {
        self.flush(out)?;
        if need > self.buf.len() {
            self.buf.resize(need, 0);
        }
        Ok(())
    }

    /// Copies `bytes` to `pos`, which has room for them.
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        put_at(&mut self.buf, &mut self.pos, bytes);
    }

    /// One finding and its line break.
    fn finding(&mut self, out: &mut dyn Write, d: &'a Diagnostic, at: CharRange) -> io::Result<()> {
        let hit = |(r, c, s, m): Head| {
            same(r, d.rule()) && same(c, d.code()) && s == d.severity && same(m, &d.message)
        };
        // Mostly the previous finding's head, the very same strings.
        let identical = |(r, c, s, m): Head| {
            std::ptr::eq(r, d.rule())
                && std::ptr::eq(c, d.code())
                && s == d.severity
                && std::ptr::eq(m, &*d.message)
        };
        let i = match self.heads.keys[self.hot]
            .is_some_and(identical)
            .then_some(self.hot)
        {
            Some(i) => i,
            None => match self.heads.position(hit) {
                Some(i) => i,
                None => {
                    let head = self
                        .heads
                        .insert((d.rule(), d.code(), d.severity, &d.message));
                    head.extend_from_slice(b"{\"path\":");
                    head.extend_from_slice(&self.path);
                    head.extend_from_slice(b",\"rule\":");
                    push_str(head, d.rule())?;
                    head.extend_from_slice(b",\"code\":");
                    push_str(head, d.code())?;
                    head.extend_from_slice(b",\"severity\":");
                    push_str(head, d.severity.as_str())?;
                    head.extend_from_slice(b",\"message\":");
                    push_str(head, &d.message)?;
                    head.extend_from_slice(b",\"span\":{\"start\":");
                    self.heads.last()
                }
            },
        };
        self.hot = i;
        self.room(out, self.heads.json[i].len() + TAIL_ROOM)?;
        put_at(&mut self.buf, &mut self.pos, &self.heads.json[i]);
        let tail: &mut [u8; TAIL_ROOM] = (&mut self.buf[self.pos..self.pos + TAIL_ROOM])
            .try_into()
            .expect("room was made");
        self.pos += put_tail(tail, d.span, at, &mut self.last);
        for (k, l) in d.labels.iter().enumerate() {
            let i = self.labels.index_of(&l.message, b"},\"message\":", b"}")?;
            let json_len = self.labels.json[i].len();
            self.room(out, json_len + LABEL_ROOM)?;
            let room: &mut [u8; LABEL_ROOM] = (&mut self.buf[self.pos..self.pos + LABEL_ROOM])
                .try_into()
                .expect("room was made");
            self.pos += put_label_span(room, k == 0, l.span, &mut self.last);
            put_at(&mut self.buf, &mut self.pos, &self.labels.json[i]);
        }
        match &d.fix {
            None => {
                self.room(out, 16)?;
                self.put(b"],\"fix\":null}\n");
            }
            // Most fixes are one edit (a mark removed, a word replaced):
            // written like a label, its replacement's JSON text copied.
            Some(fix) if fix.edits.len() == 1 => {
                let edit = &fix.edits[0];
                let i = self
                    .edits
                    .index_of(&edit.replacement, b"},\"replacement\":", b"}]}}\n")?;
                let json_len = self.edits.json[i].len();
                self.room(out, json_len + FIX_ROOM)?;
                let room: &mut [u8; FIX_ROOM] = (&mut self.buf[self.pos..self.pos + FIX_ROOM])
                    .try_into()
                    .expect("room was made");
                self.pos += put_edit_span(room, fix.applicability, edit.span, &self.last);
                put_at(&mut self.buf, &mut self.pos, &self.edits.json[i]);
            }
            Some(fix) => {
                self.fixes.buf.clear();
                self.fixes.buf.extend_from_slice(b"],\"fix\":");
                self.fixes.fix_object(fix)?;
                self.fixes.buf.extend_from_slice(b"}\n");
                self.room(out, self.fixes.buf.len())?;
                put_at(&mut self.buf, &mut self.pos, &self.fixes.buf);
            }
        }
        if self.pos >= Self::FLUSH_AT {
            self.flush(out)?;
        }
        Ok(())
    }
}

/// Copies fixed-size pieces into a buffer of `N` bytes: `N` is the bound
/// the caller made room for, and indexes stay below it.
struct Cursor<'b, const N: usize> {
    buf: &'b mut [u8; N],
    pos: usize,
}

impl<const N: usize> Cursor<'_, N> {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        self.buf[self.pos..self.pos + bytes.len()].copy_from_slice(bytes);
        self.pos += bytes.len();
    }

    #[inline(always)]
    fn digits(&mut self, d: Digits) {
        self.buf[self.pos..self.pos + 8].copy_from_slice(&d.ascii.to_le_bytes());
        // The mask tells the compiler what a length can be (1 to 8), so
        // that it can drop the bounds checks of the pieces after.
        self.pos += d.len & 15;
    }

    #[inline(always)]
    fn usize(&mut self, n: usize) {
        self.pos = put_usize(self.buf, self.pos, n);
    }
}

/// Numbers below this are written by the fast path (all below 10⁸, and an
/// `or` of them tells whether all are).
const SMALL: usize = 1 << 26;

/// A number below [`SMALL`] and its decimal digits as [`ascii_digits`]
/// gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Digits {
    n: usize,
    ascii: u64,
    len: usize,
    /// The shift of the last digit's byte in `ascii`, and how much that
    /// digit can rise (9 less the digit).
    shift: u32,
    room: usize,
}

impl Digits {
    #[inline(always)]
    fn of(n: usize) -> Digits {
        let (ascii, len) = ascii_digits(n as u32);
        Digits::from_ascii(n, ascii, len)
    }

    #[inline(always)]
    fn from_ascii(n: usize, ascii: u64, len: usize) -> Digits {
        let shift = 8 * (len as u32 - 1);
        let room = 9 - ((ascii >> shift) & 0xF) as usize;
        Digits {
            n,
            ascii,
            len,
            shift,
            room,
        }
    }

    /// The digits of `n` (below [`SMALL`]) when `n` only adds to the last
    /// digit of `self`: that digit is raised instead of converting `n`.
    #[inline(always)]
    fn step(self, n: usize) -> Option<Digits> {
        let step = n.wrapping_sub(self.n);
        (step <= self.room).then(|| Digits {
            n,
            ascii: self.ascii + ((step as u64) << self.shift),
            room: self.room - step,
            ..self
        })
    }

    /// The digits of `n` (below [`SMALL`]), raised from `self` when they
    /// can be.
    #[inline(always)]
    fn after(self, n: usize) -> Digits {
        match self.step(n) {
            Some(d) => d,
            None => Digits::of(n),
        }
    }
}

/// What [`put_tail`] writes between a finding's six numbers: span start,
/// span end, line, column, end line, end column.
const TAIL_KEYS: [&[u8]; 5] = [
    b",\"end\":",
    b"},\"line\":",
    b",\"column\":",
    b",\"end_line\":",
    b",\"end_column\":",
];

/// Writes a finding from its span's start value through `"labels":[`,
/// returns the bytes written. Each number below [`SMALL`] is raised from
/// one written before when it can be ([`Written`]).
#[inline(always)]
fn put_tail(buf: &mut [u8; TAIL_ROOM], span: Span, at: CharRange, last: &mut Written) -> usize {
    let mut c = Cursor { buf, pos: 0 };
    let values = [
        span.start,
        span.end,
        at.line,
        at.column,
        at.end_line,
        at.end_column,
    ];
    if values.iter().fold(0, |all, v| all | v) < SMALL {
        let start = last.start.after(span.start);
        let end = start.after(span.end);
        let line = last.line.after(at.line);
        let column = last.column.after(at.column);
        let digits = [
            start,
            end,
            line,
            column,
            line.after(at.end_line),
            column.after(at.end_column),
        ];
        c.digits(digits[0]);
        for (key, d) in TAIL_KEYS.iter().zip(&digits[1..]) {
            c.put(key);
            c.digits(*d);
        }
        *last = Written {
            start,
            end,
            line,
            column,
            label_start: last.label_start,
        };
    } else {
        c.usize(values[0]);
        for (key, &n) in TAIL_KEYS.iter().zip(&values[1..]) {
            c.put(key);
            c.usize(n);
        }
    }
    c.put(b",\"labels\":[");
    c.pos
}

/// Writes a label from its start through its span's end value, returns the
/// bytes written. Its start is raised from the finding's end or the last
/// label's start when it can be.
#[inline(always)]
fn put_label_span(
    buf: &mut [u8; LABEL_ROOM],
    first: bool,
    span: Span,
    last: &mut Written,
) -> usize {
    let mut c = Cursor { buf, pos: 0 };
    c.put(if first { b"{" } else { b",{" });
    c.put(b"\"span\":{\"start\":");
    if (span.start | span.end) < SMALL {
        let start = match last.end.step(span.start) {
            Some(d) => d,
            None => last.label_start.after(span.start),
        };
        c.digits(start);
        c.put(b",\"end\":");
        c.digits(start.after(span.end));
        last.label_start = start;
    } else {
        c.usize(span.start);
        c.put(b",\"end\":");
        c.usize(span.end);
    }
    c.pos
}

/// What [`put_edit_span`] can take at most: its keys and two numbers of up
/// to 20 digits.
const FIX_ROOM: usize = 128;

/// Writes a one-edit fix from `],"fix":` through its edit's span's end
/// value, returns the bytes written. The span is mostly the finding's, so
/// its numbers are raised from the finding's when they can be.
#[inline(always)]
fn put_edit_span(
    buf: &mut [u8; FIX_ROOM],
    applicability: Applicability,
    span: Span,
    last: &Written,
) -> usize {
    let mut c = Cursor { buf, pos: 0 };
    c.put(match applicability {
        Applicability::Safe => {
            b"],\"fix\":{\"applicability\":\"safe\",\"edits\":[{\"span\":{\"start\":"
        }
        Applicability::Unsafe => {
            b"],\"fix\":{\"applicability\":\"unsafe\",\"edits\":[{\"span\":{\"start\":"
        }
    });
    if (span.start | span.end) < SMALL {
        let start = last.start.after(span.start);
        c.digits(start);
        c.put(b",\"end\":");
        c.digits(start.after(span.end));
    } else {
        c.usize(span.start);
        c.put(b",\"end\":");
        c.usize(span.end);
    }
    c.pos
}

/// Copies `bytes` to `buf[*pos..]`, which has room for them, and moves
/// `pos` past them.
#[inline(always)]
fn put_at(buf: &mut [u8], pos: &mut usize, bytes: &[u8]) {
    let end = *pos + bytes.len();
    buf[*pos..end].copy_from_slice(bytes);
    *pos = end;
}

/// Writes `n` in decimal at `buf[pos..]` (which has room for 20 digits)
/// and returns the position after it.
#[inline(always)]
fn put_usize(buf: &mut [u8], pos: usize, n: usize) -> usize {
    if n < EIGHT_DIGITS {
        let (ascii, len) = ascii_digits(n as u32);
        buf[pos..pos + 8].copy_from_slice(&ascii.to_le_bytes());
        pos + len
    } else {
        put_long(buf, pos, n)
    }
}

#[cold]
fn put_long(buf: &mut [u8], pos: usize, n: usize) -> usize {
    let mut digits = Vec::with_capacity(24);
    push_long(&mut digits, n);
    buf[pos..pos + digits.len()].copy_from_slice(&digits);
    pos + digits.len()
}

/// `n` (below 10⁸) in decimal without leading zeros: its ASCII digits as
/// the bytes of a little-endian `u64` (the first digit first, then bytes
/// past the number) and how many there are.
#[inline(always)]
fn ascii_digits(n: u32) -> (u64, usize) {
    let digits = eight_digits(n);
    // Leading zero digits are the low bytes (the first in memory).
    let zeros = ((digits.trailing_zeros() / 8) as usize).min(7);
    ((digits | 0x3030_3030_3030_3030) >> (8 * zeros), 8 - zeros)
}

/// Appends `s` as a JSON string. Most strings need no escape and are copied
/// whole; the rest go through `serde_json`, so escapes are its own.
fn push_str(buf: &mut Vec<u8>, s: &str) -> io::Result<()> {
    if needs_escape(s.as_bytes()) {
        serde_json::to_writer(&mut *buf, s)?;
    } else {
        buf.reserve(s.len() + 2);
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
    }
    Ok(())
}

/// Whether a JSON string of `s` needs an escape: a control character below
/// U+0020, a quote or a backslash (all `serde_json` escapes).
fn needs_escape(s: &[u8]) -> bool {
    #[inline(always)]
    fn special(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }
    // Whole chunks without an early exit, so the test is vectorized.
    let mut chunks = s.chunks_exact(16);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &b| any | special(b)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| special(b))
}

/// 10⁸: the numbers [`push_digits`] writes are below it.
const EIGHT_DIGITS: usize = 100_000_000;

/// Appends `n` in decimal.
#[inline]
fn push_usize(buf: &mut Vec<u8>, n: usize) {
    if n < EIGHT_DIGITS {
        push_digits(buf, n as u32, false);
    } else {
        push_long(buf, n);
    }
}

/// [`push_usize`] for numbers of nine digits or more.
#[cold]
fn push_long(buf: &mut Vec<u8>, n: usize) {
    if n / EIGHT_DIGITS < EIGHT_DIGITS {
        push_digits(buf, (n / EIGHT_DIGITS) as u32, false);
    } else {
        push_long(buf, n / EIGHT_DIGITS);
    }
    push_digits(buf, (n % EIGHT_DIGITS) as u32, true);
}

/// Appends `n` (below 10⁸) in decimal, eight digits when `padded` (leading
/// zeros), else without leading zeros. The digits are computed side by side
/// in one `u64` (SWAR) and appended as eight bytes, then the vector is cut
/// back: a copy of a fixed size is one move where a copy of a varying size
/// is a call to `memcpy`.
#[inline]
fn push_digits(buf: &mut Vec<u8>, n: u32, padded: bool) {
    let (ascii, len) = if padded {
        (eight_digits(n) | 0x3030_3030_3030_3030, 8)
    } else {
        ascii_digits(n)
    };
    let end = buf.len() + len;
    buf.extend_from_slice(&ascii.to_le_bytes());
    buf.truncate(end);
}

/// The eight decimal digits of `n` (below 10⁸, zero-padded), as the bytes
/// of a little-endian `u64` (values 0..=9, most significant first). Each
/// division is a multiply and shift, exact in the range it is used in
/// (`x * 10486 >> 20 == x / 100` for `x < 10⁴`, `x * 103 >> 10 == x / 10`
/// for `x < 100`), done on all lanes at once.
#[inline]
fn eight_digits(n: u32) -> u64 {
    let (hi, lo) = (u64::from(n / 10_000), u64::from(n % 10_000));
    // Two 32-bit lanes of four digits each, the high half first.
    let fours = hi | (lo << 32);
    let hundreds = ((fours * 10486) >> 20) & 0x0000_007F_0000_007F;
    // Four 16-bit lanes of two digits.
    let twos = ((fours - 100 * hundreds) << 16) | hundreds;
    let tens = ((twos * 103) >> 10) & 0x000F_000F_000F_000F;
    // Eight bytes of one digit.
    ((twos - 10 * tens) << 8) | tens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    /// What `write_jsonl` and `write_json` wrote before they were written
    /// by hand: `serde_json` on each [`Finding`].
    fn serde_jsonl(reports: &[&FileReport]) -> Vec<u8> {
        let mut out = Vec::new();
        for f in findings(reports) {
            serde_json::to_writer(&mut out, &f).expect("serializes");
            out.push(b'\n');
        }
        out
    }

    fn serde_json_pretty(reports: &[&FileReport]) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(&findings(reports)).expect("serializes");
        out.push(b'\n');
        out
    }

    #[test]
    fn writer_matches_serde_json() {
        use crate::diagnostic::{Edit, Fix};
        use crate::source::Source;
        let strings = [
            "",
            "plain message",
            "quote \" inside",
            "back\\slash",
            "\\",
            "\"",
            "tab\there",
            "line\nbreak\r\n",
            "\u{0}nul \u{1f} unit \u{7f} del",
            "non-ASCII: “Café” — 😀 ру́сский",
            "separators \u{2028} and \u{2029}",
            "\u{200b}\u{feff}\u{ad}",
            "sixteen bytes ok",
            "sixteen bytes \"k",
            "a long message that runs past sixteen bytes and has a \\ late",
            "a long message that runs past sixteen bytes without any escape",
            "</script>&amp;",
        ];
        let text = "ab “c” d\r\n\r\né😀x\rq\n„end\tof\ttext";
        let mut next = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        let metas = [
            ("unbalanced-quote", "MT013"),
            ("unbalanced-quote", ""),
            ("a\"b", "MT013"),
            ("a\"b", ""),
        ]
        .map(|(name, code)| crate::rules::RuleMeta::leaked(name, code));
        // Offsets in the text, and far past it around where the number
        // writer changes its path (eight digits, `SMALL`, ten digits).
        let offset = |next: &mut dyn FnMut(usize) -> usize| {
            let base = [
                0,
                0,
                0,
                5,
                95,
                9_995,
                99_999_995,
                SMALL - 5,
                999_999_995,
                usize::MAX / 2,
            ][next(10)];
            base + next(text.len() + 1)
        };
        let span = |next: &mut dyn FnMut(usize) -> usize| {
            let s = offset(&mut *next);
            Span::new(s, s + next(12))
        };
        let mut reports = Vec::new();
        for (i, name) in ["plain.txt", "dir/\"quoted\" \\ name\t.txt", "ру́с.md", ""]
            .iter()
            .enumerate()
        {
            let mut diagnostics = Vec::new();
            for _ in 0..60 {
                let start = offset(&mut next);
                let end = start + [next(12), next(text.len() + 2)][next(2)];
                let mut d = Diagnostic {
                    meta: metas[next(4)],
                    severity: [Severity::Info, Severity::Warning, Severity::Error][next(3)],
                    message: strings[next(strings.len())].to_owned().into(),
                    span: Span::new(start, end),
                    labels: Default::default(),
                    fix: None,
                };
                for _ in 0..next(4) {
                    d = d.with_label(span(&mut next), strings[next(strings.len())].to_owned());
                }
                if next(3) > 0 {
                    let edits = (0..next(4))
                        .map(|_| Edit {
                            span: span(&mut next),
                            replacement: strings[next(strings.len())].to_owned().into(),
                        })
                        .collect();
                    let applicability = [Applicability::Safe, Applicability::Unsafe][next(2)];
                    d = d.with_fix(Fix::new(applicability, edits));
                }
                diagnostics.push(d);
            }
            if i == 2 {
                diagnostics.clear();
            }
            reports.push(FileReport {
                source: Source::from_text(*name, text),
                diagnostics,
            });
        }
        reports.push(Linter::new().check_text("lint.txt", "It it said “no. Naïve I I would."));
        let all: Vec<&FileReport> = reports.iter().collect();
        for n in 0..=all.len() {
            for set in [&all[..n], &all[n..]] {
                let mut out = Vec::new();
                write_jsonl(&mut out, set).expect("writes");
                assert_eq!(
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(&serde_jsonl(set))
                );
                let mut out = Vec::new();
                write_json(&mut out, set).expect("writes");
                assert_eq!(
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(&serde_json_pretty(set))
                );
            }
        }
    }

    /// Findings as rules give them (sorted, a few bytes apart, labels
    /// near their finding, on lines of every length) are written as
    /// `serde_json` writes them: the numbers raised from the previous
    /// finding's ([`Written`]) cross every carry and every line change.
    #[test]
    fn writer_matches_serde_json_on_sorted_findings() {
        use crate::diagnostic::{Edit, Fix};
        use crate::source::Source;
        let pieces = [
            "a",
            "bc ",
            "é",
            "😀",
            "“",
            "”",
            "\n",
            "\r\n",
            "\n\n",
            "word ",
            "ру́",
            "0123456789",
        ];
        let mut next = crate::test_rng::below(0x5047_ed11);
        let metas = ["unbalanced-quote", "mixed-quote-styles"]
            .map(|name| crate::rules::RuleMeta::leaked(name, "MT013"));
        let messages = ["not closed", "closed", "quote \" mark"];
        let mut reports = Vec::new();
        for round in 0..40 {
            let mut text = crate::test_rng::text_of(&mut next, &pieces, 3000);
            if round % 4 == 0 {
                // A long line: columns and offsets of five and six digits.
                text = format!("{}\n{text}", "“a”é ".repeat(next(40_000)));
            }
            let n = text.len();
            let mut diagnostics = Vec::new();
            let mut at = 0;
            while at < n + 4 && diagnostics.len() < 3000 {
                at += [0, 1, 2, 3, next(12), next(120), next(2000)][next(7)];
                let len = [0, 1, 2, 3, next(12), next(300)][next(6)];
                let mut d = Diagnostic {
                    meta: metas[next(2)],
                    severity: Severity::Warning,
                    message: messages[next(messages.len())].into(),
                    span: Span::new(at, at + len),
                    labels: Default::default(),
                    fix: None,
                };
                for _ in 0..[0, 1, 1, 1, 2][next(5)] {
                    let start = match next(5) {
                        0 => next(4),
                        1 => at.saturating_sub(next(40)),
                        2 => at + len,
                        _ => at + len + next(30),
                    };
                    let label = Span::new(start, start + [0, 1, 3, next(20)][next(4)]);
                    d = d.with_label(label, messages[next(messages.len())]);
                }
                // Fixes of one edit, mostly over the finding's span, are
                // written from its numbers; a few have two edits.
                if next(2) == 0 {
                    let edit = |span: Span, next: &mut dyn FnMut(usize) -> usize| Edit {
                        span,
                        replacement: ["", "&", "\"", "\u{a0}", "word"][next(5)].into(),
                    };
                    let span = match next(4) {
                        0 => Span::new(at + len, at + len + next(3)),
                        1 => Span::new(at.saturating_sub(next(20)), at + next(12)),
                        _ => d.span,
                    };
                    let mut edits = vec![edit(span, &mut next)];
                    if next(8) == 0 {
                        let after = Span::new(span.end + 1, span.end + 1 + next(3));
                        edits.push(edit(after, &mut next));
                    }
                    let applicability = [Applicability::Safe, Applicability::Unsafe][next(2)];
                    d = d.with_fix(Fix::new(applicability, edits));
                }
                diagnostics.push(d);
            }
            reports.push(FileReport {
                source: Source::from_text(format!("f{round}.txt"), &text),
                diagnostics,
            });
        }
        let all: Vec<&FileReport> = reports.iter().collect();
        for set in [&all[..1], &all[..]] {
            let mut out = Vec::new();
            write_jsonl(&mut out, set).expect("writes");
            let want = serde_jsonl(set);
            if out != want {
                let line = out
                    .split(|&b| b == b'\n')
                    .zip(want.split(|&b| b == b'\n'))
                    .find(|(a, b)| a != b)
                    .map(|(a, b)| (String::from_utf8_lossy(a), String::from_utf8_lossy(b)));
                panic!("{line:?}");
            }
        }
    }

    #[test]
    fn numbers_are_written_as_decimal() {
        let mut buf = b"x".to_vec();
        let mut check = |n: usize| {
            buf.truncate(1);
            push_usize(&mut buf, n);
            assert_eq!(&buf[1..], n.to_string().as_bytes());
        };
        for n in (0..1_000_000).chain((1..20).flat_map(|k| {
            let p = 10usize.pow(k);
            // 10^19 times 2 or 9 is past `usize::MAX`: saturate.
            [
                p - 1,
                p,
                p + 1,
                p.saturating_mul(2) - 1,
                p.saturating_mul(9).saturating_add(9),
            ]
        })) {
            check(n);
        }
        for n in [
            u32::MAX as usize,
            usize::MAX,
            usize::MAX - 1,
            123_456_789_012_345_678,
        ] {
            check(n);
        }
        let mut next = crate::test_rng::below(0x5eed);
        for _ in 0..200_000 {
            check(next(usize::MAX) >> next(64));
        }
    }

    /// The digits written into a fixed buffer, and those raised from a
    /// smaller number's, are `to_string`'s.
    #[test]
    fn digits_in_place_are_decimal() {
        let mut next = crate::test_rng::below(0x00d1_9175);
        let mut numbers = crate::test_rng::below(0x0005_eed2);
        let mut buf = [b'x'; 40];
        let mut check = |n: usize| {
            let end = put_usize(&mut buf, 3, n);
            assert_eq!(&buf[3..end], n.to_string().as_bytes());
            if n < SMALL {
                let (ascii, len) = ascii_digits(n as u32);
                assert_eq!(&ascii.to_le_bytes()[..len], n.to_string().as_bytes());
                assert!(ascii.to_le_bytes()[len..].iter().all(|&b| b == 0), "{n}");
                for m in [0, 1, 2, 5, 9, 10, 11, 99, 1000, next(100), next(SMALL)] {
                    for after in [n.wrapping_add(m), n.wrapping_sub(m)] {
                        if after < SMALL {
                            let d = Digits::from_ascii(n, ascii, len).after(after);
                            assert_eq!(d.n, after);
                            let bytes = d.ascii.to_le_bytes();
                            assert_eq!(&bytes[..d.len], after.to_string().as_bytes(), "{n}");
                            assert!(bytes[d.len..].iter().all(|&b| b == 0), "{n} {after}");
                        }
                    }
                }
            }
        };
        for n in (0..200_000).chain((1..20).flat_map(|k| {
            let p = 10usize.pow(k);
            [p - 1, p, p + 1, p.saturating_mul(9).saturating_add(9)]
        })) {
            check(n);
        }
        for n in [SMALL - 1, SMALL, usize::MAX] {
            check(n);
        }
        for _ in 0..100_000 {
            check(numbers(usize::MAX) >> numbers(64));
        }
    }

    #[test]
    fn finding_has_byte_span_and_char_columns() {
        let report = Linter::new().check_text("t.txt", "Café au lait.\nNaïve I I would.");
        let found = findings(&[&report]);
        let f = found
            .iter()
            .find(|f| f.rule == "repeated-word")
            .expect("a finding");
        assert_eq!(f.span, JsonSpan { start: 22, end: 25 });
        assert_eq!((f.line, f.column, f.end_line, f.end_column), (2, 7, 2, 10));
        let text = serde_json::to_string(f).expect("serializes");
        let keys: Vec<&str> = [
            "path",
            "rule",
            "code",
            "severity",
            "message",
            "span",
            "line",
            "column",
            "end_line",
            "end_column",
            "labels",
            "fix",
        ]
        .to_vec();
        let mut at = 0;
        for k in keys {
            let pos = text.find(&format!("\"{k}\":")).expect("key present");
            assert!(pos >= at, "key {k} out of order in {text}");
            at = pos;
        }
        assert_eq!(
            serde_json::from_str::<Finding>(&text).expect("round trip"),
            *f
        );
    }
}
