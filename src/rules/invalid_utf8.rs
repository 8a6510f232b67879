//! Bytes that are not UTF-8. Reported at their exact offsets; the rest of
//! the file is still linted (the bytes read as U+001A in the text view).

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// Byte sequences that are not valid UTF-8, at their exact position.
    ///
    /// ## Why it matters
    /// Text that went through a pipeline with the wrong encoding, or was cut
    /// in the middle of a character, is damaged: readers see `�` or worse,
    /// and tools downstream may refuse the whole file.
    ///
    /// ## Example
    /// A Windows-1252 byte `0x93` (a curly quote) inside an otherwise UTF-8 file.
    ///
    /// ## False positives
    /// None for UTF-8 files. Files in another encoding (Latin-1, UTF-16) are
    /// flagged throughout: convert them to UTF-8 first (`iconv -f latin1 -t utf-8`).
    pub const INVALID_UTF8 = RuleMeta {
        code: "MT001",
        name: "invalid-utf8",
        severity: Severity::Error,
        summary: "Bytes that are not valid UTF-8.",
    };
}

pub struct InvalidUtf8;

impl Rule for InvalidUtf8 {
    fn meta(&self) -> &RuleMeta {
        &INVALID_UTF8
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for &span in &doc.source.invalid_utf8 {
            let bytes: Vec<String> = doc.source.bytes()[span.range()]
                .iter()
                .take(8)
                .map(|b| format!("0x{b:02X}"))
                .collect();
            let more = if span.len() > 8 { " …" } else { "" };
            out.push(
                INVALID_UTF8.diagnostic(span, format!("invalid UTF-8: {}{more}", bytes.join(" "))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Source, Span};

    fn check(bytes: &[u8]) -> Vec<Diagnostic> {
        let doc = Document::new(Source::new("t", bytes.to_vec()));
        let mut out = Vec::new();
        InvalidUtf8.check(&doc, &mut out);
        out
    }

    #[test]
    fn flags_the_exact_bytes() {
        let d = check(b"caf\xE9 ok \xFF\xFE");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].span, Span::new(3, 4));
        assert_eq!(d[0].message, "invalid UTF-8: 0xE9");
        assert_eq!(d[1].span, Span::new(8, 10));
    }

    #[test]
    fn passes_valid_utf8() {
        assert!(check("café – “ok” 😀".as_bytes()).is_empty());
    }
}
