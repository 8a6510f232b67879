//! U+FFFD REPLACEMENT CHARACTER: a decoder already gave up on these bytes.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// Runs of U+FFFD `�`, the character decoders put where bytes could not
    /// be read.
    ///
    /// ## Why it matters
    /// The original character (often a quote, a dash or an accented letter)
    /// is lost; the text needs to be fetched or converted again.
    ///
    /// ## Example
    /// Flagged: `Lavrov said �we are ready�`. Instead: `Lavrov said “we are ready”`.
    ///
    /// ## False positives
    /// Only texts that discuss the character itself.
    pub const REPLACEMENT_CHARACTER = RuleMeta {
        code: "MT032",
        name: "replacement-character",
        severity: Severity::Error,
        summary: "U+FFFD `�` where a character was lost in decoding.",
    };
}

pub struct ReplacementCharacter;

impl Rule for ReplacementCharacter {
    fn meta(&self) -> &RuleMeta {
        &REPLACEMENT_CHARACTER
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let mut run: Option<Span> = None;
        // SIMD `memmem`: `str::match_indices` searches for the character's
        // last byte with core's word-at-a-time `memchr`, about one
        // instruction per byte of text.
        const FFFD: &str = "\u{FFFD}";
        for i in memchr::memmem::find_iter(text.as_bytes(), FFFD) {
            let end = i + FFFD.len();
            match &mut run {
                Some(r) if r.end == i => r.end = end,
                _ => {
                    if let Some(r) = run.take() {
                        out.push(report(r));
                    }
                    run = Some(Span::new(i, end));
                }
            }
        }
        if let Some(r) = run {
            out.push(report(r));
        }
    }
}

fn report(span: Span) -> Diagnostic {
    let n = span.len() / '\u{FFFD}'.len_utf8();
    let what = if n == 1 {
        "a character".to_owned()
    } else {
        format!("{n} characters")
    };
    REPLACEMENT_CHARACTER.diagnostic(
        span,
        format!("replacement character: {what} lost in decoding"),
    )
}

#[cfg(test)]
mod tests {
    use super::ReplacementCharacter;
    use crate::rules::test_support::{flags, passes};

    #[test]
    fn flags_each_run() {
        flags(
            &ReplacementCharacter,
            "said �we are ready�� now",
            &["�", "��"],
        );
    }

    #[test]
    fn passes_clean_text() {
        passes(&ReplacementCharacter, "said “we are ready” now");
    }

    #[test]
    fn passes_empty_text() {
        passes(&ReplacementCharacter, "");
    }
}
