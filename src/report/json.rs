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
            rule: Cow::Borrowed(d.rule),
            code: Cow::Borrowed(d.code),
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
    write_findings::<true>(out, reports)
}

pub fn write_jsonl(out: &mut dyn Write, reports: &[&FileReport]) -> io::Result<()> {
    write_findings::<false>(out, reports)
}

/// Writes every finding as `serde_json` would write its [`Finding`]: one
/// array, pretty-printed, when `PRETTY`, else one compact object per line.
/// Written by hand because files with a finding every few bytes spent most
/// of their time in serde's generic path (a dynamic write per piece, each
/// key escaped byte by byte); `writer_matches_serde_json` holds the bytes
/// equal.
fn write_findings<const PRETTY: bool>(
    out: &mut dyn Write,
    reports: &[&FileReport],
) -> io::Result<()> {
    // Output is gathered in one reused buffer and handed on in large pieces.
    const FLUSH_AT: usize = 1 << 15;
    let mut w = JsonWriter::<PRETTY> {
        buf: Vec::with_capacity(FLUSH_AT + 4096),
        depth: 0,
        heads: Recent::new(),
        labels: Recent::new(),
        replacements: Recent::new(),
    };
    let mut path = Vec::new();
    let mut empty = true;
    if PRETTY {
        w.open(b'[');
    }
    for r in reports {
        // The path is the same for each finding of a file: escaped once.
        path.clear();
        push_str(&mut path, &r.source.name)?;
        w.heads.clear();
        let mut locator = Locator::new(&r.source);
        for d in &r.diagnostics {
            let at = locator.char_range(d.span);
            if PRETTY {
                w.item(empty);
            }
            empty = false;
            w.finding(&path, d, at)?;
            if !PRETTY {
                w.buf.push(b'\n');
            }
            if w.buf.len() >= FLUSH_AT {
                out.write_all(&w.buf)?;
                w.buf.clear();
            }
        }
    }
    if PRETTY {
        w.close(b']', empty);
        w.buf.push(b'\n');
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
            same(r, d.rule) && same(c, d.code) && s == d.severity && same(m, &d.message)
        };
        if let Some(head) = self.heads.find(hit) {
            self.buf.extend_from_slice(head);
        } else {
            let from = self.buf.len();
            self.key(true, b"\"path\":");
            self.buf.extend_from_slice(path);
            self.str_member(b"\"rule\":", d.rule)?;
            self.str_member(b"\"code\":", d.code)?;
            self.str_member(b"\"severity\":", d.severity.as_str())?;
            self.str_member(b"\"message\":", &d.message)?;
            let head = self.heads.insert((d.rule, d.code, d.severity, &d.message));
            head.extend_from_slice(&self.buf[from..]);
        }
        if !PRETTY {
            return self.compact_tail(d, at);
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

impl<'a, const PRETTY: bool> JsonWriter<'a, PRETTY> {
    /// The compact form (`!PRETTY`) of a finding from its `"span"` on:
    /// what [`JsonWriter::finding`] writes member by member, with the
    /// punctuation between two values written as one piece.
    fn compact_tail(&mut self, d: &'a Diagnostic, at: CharRange) -> io::Result<()> {
        debug_assert!(!PRETTY);
        let b = &mut self.buf;
        b.extend_from_slice(b",\"span\":{\"start\":");
        push_usize(b, d.span.start);
        b.extend_from_slice(b",\"end\":");
        push_usize(b, d.span.end);
        b.extend_from_slice(b"},\"line\":");
        push_usize(b, at.line);
        b.extend_from_slice(b",\"column\":");
        push_usize(b, at.column);
        b.extend_from_slice(b",\"end_line\":");
        push_usize(b, at.end_line);
        b.extend_from_slice(b",\"end_column\":");
        push_usize(b, at.end_column);
        b.extend_from_slice(b",\"labels\":[");
        for (i, l) in d.labels.iter().enumerate() {
            let open: &[u8] = if i == 0 { b"{" } else { b",{" };
            b.extend_from_slice(open);
            b.extend_from_slice(b"\"span\":{\"start\":");
            push_usize(b, l.span.start);
            b.extend_from_slice(b",\"end\":");
            push_usize(b, l.span.end);
            b.extend_from_slice(b"},\"message\":");
            self.labels.push_str(b, &l.message)?;
            b.push(b'}');
        }
        match &d.fix {
            None => b.extend_from_slice(b"],\"fix\":null}"),
            Some(fix) => {
                b.extend_from_slice(b"],\"fix\":");
                self.fix_object(fix)?;
                self.close(b'}', false);
            }
        }
        Ok(())
    }
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
    let digits = eight_digits(n);
    // Leading zero digits are the low bytes (the first in memory).
    let zeros = if padded {
        0
    } else {
        ((digits.trailing_zeros() / 8) as usize).min(7)
    };
    let ascii = (digits | 0x3030_3030_3030_3030) >> (8 * zeros);
    let end = buf.len() + 8 - zeros;
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
        let span = |next: &mut dyn FnMut(usize) -> usize| {
            let s = next(text.len() + 1);
            Span::new(s, s + next(5))
        };
        let mut reports = Vec::new();
        for (i, name) in ["plain.txt", "dir/\"quoted\" \\ name\t.txt", "ру́с.md", ""]
            .iter()
            .enumerate()
        {
            let mut diagnostics = Vec::new();
            for _ in 0..60 {
                let start = next(text.len() + 1);
                let end = start + next(text.len() + 2 - start);
                let mut d = Diagnostic {
                    rule: ["unbalanced-quote", "a\"b"][next(2)],
                    code: ["MT013", ""][next(2)],
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
                            replacement: strings[next(strings.len())].to_owned(),
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
