//! Text not in Unicode Normalization Form C. The quick check decides most
//! documents without allocating; only then is each cluster (a starter and
//! the marks after it) compared with its NFC form.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::Document;
use rustc_hash::FxHashMap;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

declare_rule! {
    /// ## What it flags
    /// Characters not in Unicode Normalization Form C: a letter followed by a
    /// combining accent (`e` + U+0301) where a precomposed letter (`é`)
    /// exists, and singletons such as the Ångström sign U+212B.
    ///
    /// ## Why it matters
    /// The text looks right but compares wrong: `café` in NFD does not match
    /// `café` in NFC, so search, spell checking and deduplication miss it.
    /// Decomposed text usually comes from macOS file names or PDF extraction.
    ///
    /// ## Example
    /// Flagged: `cafe\u{301}` (two code points). Instead: `café` (one).
    ///
    /// ## False positives
    /// None: combining marks with no precomposed form stay as they are in
    /// NFC and are not flagged.
    ///
    /// ## Fix safety
    /// Safe: NFC is canonically equivalent, so the text means and shows the same.
    pub const NON_NFC_TEXT = RuleMeta {
        code: "MT034",
        name: "non-nfc-text",
        severity: Severity::Info,
        summary: "Text not in Unicode NFC (decomposed accents).",
    };
}

pub struct NonNfcText;

impl Rule for NonNfcText {
    fn meta(&self) -> &RuleMeta {
        &NON_NFC_TEXT
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let (text, runs) = (doc.text(), doc.non_ascii_runs());
        if quick_nfc(text, runs) {
            return;
        }
        report(text, non_ascii_clusters(text, runs), out);
    }
}

/// The NFC forms of the clusters the quick check could not decide, by
/// cluster: text with decomposed accents repeats a few clusters many times
/// (`e` + U+0301), and each is normalised once. At most [`Seen::MAX`]
/// clusters are kept, so memory stays bounded on any input.
#[derive(Default)]
struct Seen<'a> {
    nfc: FxHashMap<&'a str, Option<Box<str>>>,
}

impl<'a> Seen<'a> {
    const MAX: usize = 4096;

    /// The NFC form of cluster `s` when it differs from `s`.
    fn nfc_of(&mut self, s: &'a str) -> Option<String> {
        if let Some(known) = self.nfc.get(s) {
            return known.as_deref().map(String::from);
        }
        let nfc: String = s.nfc().collect();
        let differs = (nfc != s).then_some(nfc);
        if self.nfc.len() < Self::MAX {
            self.nfc.insert(s, differs.as_deref().map(Box::from));
        }
        differs
    }
}

/// Reports the runs of adjacent clusters among `spans` that are not in NFC.
/// `spans` are clusters of `text` in order ([`clusters`]); the clusters
/// left out must be single ASCII characters, which are never reported and
/// end a run wherever they stand.
fn report(text: &str, spans: impl Iterator<Item = Span>, out: &mut Vec<Diagnostic>) {
    let mut seen = Seen::default();
    let mut run: Option<(Span, String)> = None;
    let flush = |run: &mut Option<(Span, String)>, out: &mut Vec<Diagnostic>| {
        if let Some((span, nfc)) = run.take() {
            out.push(
                NON_NFC_TEXT
                    .diagnostic(span, format!("`{}` is not in NFC", &text[span.range()]))
                    .with_fix(Fix::replace(Applicability::Safe, span, nfc)),
            );
        }
    };
    for mut span in spans {
        // An invalid byte (read as U+001A) never composes; leave it out so
        // a fix cannot write the substitute over the original byte.
        if text[span.range()].starts_with(crate::source::SUBSTITUTE) {
            span.start += 1;
        }
        let s = &text[span.range()];
        // The quick check settles nearly every cluster without building
        // its NFC form: `Yes` means it is NFC already.
        if s.is_ascii() || is_quick_yes(s) {
            flush(&mut run, out);
            continue;
        }
        let Some(nfc) = seen.nfc_of(s) else {
            flush(&mut run, out);
            continue;
        };
        match &mut run {
            Some((r, n)) if r.end == span.start => {
                r.end = span.end;
                n.push_str(&nfc);
            }
            _ => {
                flush(&mut run, out);
                run = Some((span, nfc));
            }
        }
    }
    flush(&mut run, out);
}

/// The [`clusters`] of `text` around its non-ASCII stretches `runs` (the
/// document's [`non_ascii_runs`](Document::non_ascii_runs)): for each
/// stretch, the clusters of it and the ASCII character before it (which a
/// combining mark may join). An ASCII character never joins the character
/// before it, so each stretch's clusters are those of the whole text, and
/// every cluster left out is a single ASCII character.
fn non_ascii_clusters<'a>(text: &'a str, runs: &'a [Span]) -> impl Iterator<Item = Span> + 'a {
    runs.iter().flat_map(move |run| {
        let base = run.start.saturating_sub(1);
        clusters(&text[base..run.end]).map(move |s| Span::new(base + s.start, base + s.end))
    })
}

/// Spans of a starter plus the characters that may compose with it:
/// combining marks and Hangul medial and final jamo.
fn clusters(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, c) = iter.next()?;
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = iter.peek() {
            if !joins_previous(next) {
                break;
            }
            end = i + next.len_utf8();
            iter.next();
        }
        Some(Span::new(start, end))
    })
}

fn joins_previous(c: char) -> bool {
    canonical_combining_class(c) != 0 || matches!(c, '\u{1161}'..='\u{11C2}')
}

/// `is_nfc_quick(s) == Yes`, answered without its table lookups when every
/// char is a [`plain_starter`].
fn is_quick_yes(s: &str) -> bool {
    s.chars().all(plain_starter) || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// Chars of common blocks (Latin, Cyrillic, most general punctuation, CJK,
/// emoji) that are NFC starters: canonical combining class 0 and NFC quick
/// check `Yes`, so a string of them is NFC (checked for every char of the
/// ranges by a test).
fn plain_starter(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{2FF}'
            | '\u{400}'..='\u{482}'
            | '\u{48A}'..='\u{52F}'
            | '\u{2002}'..='\u{206F}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{1F300}'..='\u{1FAFF}'
    )
}

/// The NFC quick check, run only over the non-ASCII stretches `runs` of
/// `text`:
/// an ASCII char is always NFC and has combining class 0, so it resets the
/// check exactly as a fresh start does. `true` means definitely NFC.
fn quick_nfc(text: &str, runs: &[Span]) -> bool {
    runs.iter().all(|run| is_quick_yes(&text[run.range()]))
}

#[cfg(test)]
mod tests {
    /// The stretch-by-stretch scan reports what a scan of every cluster of
    /// the whole text reports.
    #[test]
    fn non_ascii_clusters_report_as_all_clusters_do() {
        let pieces = [
            "a", " ", "\n", "\r\n", "e\u{301}", "\u{301}", "\u{327}", "é", "Å", "\u{212B}", "한",
            "\u{1100}", "\u{1161}", "\u{11A8}", "\u{1A}", "x", "ß", "\u{344}", "中",
        ];
        let mut next = crate::test_rng::below(7);
        let mut reported = 0;
        for _ in 0..5000 {
            let text: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
            let (mut all, mut fast) = (Vec::new(), Vec::new());
            super::report(&text, super::clusters(&text), &mut all);
            let runs = crate::text::non_ascii_runs(text.as_bytes());
            super::report(&text, super::non_ascii_clusters(&text, &runs), &mut fast);
            assert_eq!(fast, all, "{text:?}");
            reported += all.len();
        }
        assert!(reported > 1000, "only {reported}");
    }

    /// The cache of NFC forms answers as normalising each cluster afresh,
    /// on first sight, on repeats, and past its size limit.
    #[test]
    fn cached_nfc_forms_agree_with_fresh_ones() {
        use unicode_normalization::UnicodeNormalization;
        let marks = [
            "\u{301}",
            "\u{327}",
            "\u{301}\u{327}",
            "\u{344}",
            "\u{308}\u{301}",
            "",
        ];
        let bases = ('a'..='z')
            .chain('À'..='ӿ')
            .chain(['\u{212B}', 'Ω', 'ɑ', '\u{1100}']);
        let clusters: Vec<String> = bases
            .flat_map(|b| marks.iter().map(move |m| format!("{b}{m}")))
            .collect();
        assert!(
            clusters.len() > super::Seen::MAX + 500,
            "{}",
            clusters.len()
        );
        let mut seen = super::Seen::default();
        let mut next = crate::test_rng::below(11);
        let mut differ = 0;
        for _ in 0..3 * clusters.len() {
            let s = &clusters[next(clusters.len())];
            let fresh: String = s.nfc().collect();
            let want = (fresh != *s).then_some(fresh);
            differ += usize::from(want.is_some());
            assert_eq!(seen.nfc_of(s), want, "{s:?}");
        }
        assert!(differ > 1000, "{differ}");
    }

    /// Every plain starter is a starter the quick check says `Yes` to.
    #[test]
    fn plain_starters_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let mut plain = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if super::plain_starter(c) {
                plain += 1;
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            }
        }
        assert!(plain > 20_000, "{plain}");
    }

    #[test]
    fn quick_nfc_agrees_with_the_whole_text_check() {
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let pieces = [
            "a",
            " ",
            "e\u{301}",
            "\u{301}",
            "é",
            "\u{327}\u{301}",
            "\u{301}\u{327}",
            "Å",
            "\u{212B}",
            "한",
            "\u{1100}\u{1161}",
            "x",
        ];
        let mut seed = 99u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 9) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(7);
            let whole = is_nfc_quick(text.chars()) == IsNormalized::Yes;
            let runs = crate::text::non_ascii_runs(text.as_bytes());
            assert_eq!(super::quick_nfc(&text, &runs), whole, "{text:?}");
        }
    }

    use super::NonNfcText;
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn flags_decomposed_accents() {
        flags(
            &NonNfcText,
            "cafe\u{301} and nai\u{308}ve",
            &["e\u{301}", "i\u{308}"],
        );
    }

    #[test]
    fn flags_singletons_and_merges_neighbours() {
        flags(
            &NonNfcText,
            "10 \u{212B} and e\u{301}e\u{301}",
            &["\u{212B}", "e\u{301}e\u{301}"],
        );
    }

    #[test]
    fn passes_precomposed_text() {
        passes(&NonNfcText, "café naïve Zürich Ångström 한국어 😀");
    }

    #[test]
    fn passes_marks_without_precomposed_form() {
        passes(&NonNfcText, "q\u{301} and x\u{323}\u{302}");
    }

    #[test]
    fn passes_ascii_and_empty() {
        passes(&NonNfcText, "");
        passes(&NonNfcText, "plain");
    }

    #[test]
    fn fixes_to_nfc() {
        fixes(
            &NonNfcText,
            "cafe\u{301}, \u{1100}\u{1161}\u{11A8}",
            "café, 각",
        );
    }
}
