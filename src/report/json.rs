//! `json` (one array) and `jsonl` (one object per line) share one finding
//! shape, a public contract documented in the README: byte spans into the
//! file as on disk, 1-based lines, 1-based columns in characters.

use super::{CharRange, Locator};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
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
        rule_members: Vec::new(),
        rule_of: None,
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

/// Appends JSON text shaped like `serde_json`'s compact (`PRETTY == false`)
/// or pretty (two-space indent) output. Callers say which member or element
/// comes first and which array is empty, so the compact form keeps no state.
struct JsonWriter<const PRETTY: bool> {
    buf: Vec<u8>,
    /// Open arrays and objects, for the pretty indent.
    depth: usize,
    /// The rule, code and severity members last written, and for which
    /// finding's: consecutive findings mostly share them.
    rule_members: Vec<u8>,
    rule_of: Option<(&'static str, &'static str, Severity)>,
}

impl<const PRETTY: bool> JsonWriter<PRETTY> {
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
    fn item(&mut self, first: bool) {
        if !first {
            self.buf.push(b',');
        }
        if PRETTY {
            self.newline();
        }
    }

    /// `key` is the quoted key and its colon, e.g. `"path":`.
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

    fn int_member(&mut self, key: &[u8], value: usize) {
        self.key(false, key);
        push_usize(&mut self.buf, value);
    }

    /// `"span":{"start":…,"end":…}`.
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
    fn spanned_texts<T>(
        &mut self,
        items: &[T],
        key: &[u8],
        part: impl Fn(&T) -> (Span, &str),
    ) -> io::Result<()> {
        self.open(b'[');
        for (i, item) in items.iter().enumerate() {
            let (span, text) = part(item);
            self.item(i == 0);
            self.open(b'{');
            self.span_member(true, span);
            self.str_member(key, text)?;
            self.close(b'}', false);
        }
        self.close(b']', items.is_empty());
        Ok(())
    }

    /// One finding; `path` is the file's name already as a JSON string.
    fn finding(&mut self, path: &[u8], d: &Diagnostic, at: CharRange) -> io::Result<()> {
        self.open(b'{');
        self.key(true, b"\"path\":");
        self.buf.extend_from_slice(path);
        let same = |a: &str, b: &str| {
            a.len() == b.len() && (std::ptr::eq(a.as_ptr(), b.as_ptr()) || a == b)
        };
        let rule_of = Some((d.rule, d.code, d.severity));
        if matches!(self.rule_of, Some((r, c, s)) if same(r, d.rule) && same(c, d.code) && s == d.severity)
        {
            self.buf.extend_from_slice(&self.rule_members);
        } else {
            let from = self.buf.len();
            self.str_member(b"\"rule\":", d.rule)?;
            self.str_member(b"\"code\":", d.code)?;
            self.str_member(b"\"severity\":", d.severity.as_str())?;
            self.rule_members.clear();
            self.rule_members.extend_from_slice(&self.buf[from..]);
            self.rule_of = rule_of;
        }
        self.str_member(b"\"message\":", &d.message)?;
        self.span_member(false, d.span);
        self.int_member(b"\"line\":", at.line);
        self.int_member(b"\"column\":", at.column);
        self.int_member(b"\"end_line\":", at.end_line);
        self.int_member(b"\"end_column\":", at.end_column);
        self.key(false, b"\"labels\":");
        self.spanned_texts(&d.labels, b"\"message\":", |l| (l.span, &l.message))?;
        self.key(false, b"\"fix\":");
        match &d.fix {
            None => self.buf.extend_from_slice(b"null"),
            Some(fix) => {
                self.open(b'{');
                self.key(true, b"\"applicability\":");
                push_str(&mut self.buf, fix.applicability.as_str())?;
                self.key(false, b"\"edits\":");
                self.spanned_texts(&fix.edits, b"\"replacement\":", |e| {
                    (e.span, &e.replacement)
                })?;
                self.close(b'}', false);
            }
        }
        self.close(b'}', false);
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

/// Appends `n` in decimal, two digits at a time.
fn push_usize(buf: &mut Vec<u8>, mut n: usize) {
    const PAIRS: &[u8; 200] = b"\
        0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    while n >= 100 {
        let pair = 2 * (n % 100);
        n /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[2 * n..2 * n + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + n as u8;
    }
    buf.extend_from_slice(&digits[at..]);
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
                    labels: Vec::new(),
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
        for n in [0, 1, 9, 10, 99, 100, 12345, u32::MAX as usize, usize::MAX] {
            let mut buf = Vec::new();
            push_usize(&mut buf, n);
            assert_eq!(buf, n.to_string().as_bytes());
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
