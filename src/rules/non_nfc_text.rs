//! Text not in Unicode Normalization Form C. The quick check decides most
//! documents without allocating; only then is each cluster (a starter and
//! the marks after it) compared with its NFC form.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::Document;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;
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
        let text = doc.text();
        report(text, non_ascii_clusters(text, doc.non_ascii_runs()), out);
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
/// left out must be ones the quick check says `Yes` to (single ASCII
/// characters among them), which are never reported and end a run
/// wherever they stand.
fn report(text: &str, spans: impl Iterator<Item = Span>, out: &mut Vec<Diagnostic>) {
    let mut seen = Seen::default();
    let mut run: Option<(Span, String)> = None;
    let flush = |run: &mut Option<(Span, String)>, out: &mut Vec<Diagnostic>| {
        if let Some((span, nfc)) = run.take() {
            // What `format!("`{}` is not in NFC", ..)` writes, without
            // the formatting machinery.
            const TAIL: &str = "` is not in NFC";
            let mut message = String::with_capacity(1 + span.len() + TAIL.len());
            message.push('`');
            message.push_str(&text[span.range()]);
            message.push_str(TAIL);
            out.push(
                NON_NFC_TEXT
                    .diagnostic(span, message)
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
/// every cluster left out is a single ASCII character or a cluster the
/// quick check says is NFC (a lone [`plain_starter`] among them).
///
/// A stretch the quick check says is NFC is left out whole: each of its
/// clusters starts at a starter (the check's state after one is a fresh
/// start's) or at the stretch's start (after an ASCII character, also a
/// fresh start), so the check says `Yes` to each of them, and to the ASCII
/// character before the stretch with its first cluster. Those clusters
/// would only end a run of findings, and an ASCII character does that too.
fn non_ascii_clusters<'a>(text: &'a str, runs: &'a [Span]) -> impl Iterator<Item = Span> + 'a {
    let undecided = runs.iter().filter(|run| !is_quick_yes(&text[run.range()]));
    undecided.flat_map(move |run| {
        let base = run.start.saturating_sub(1);
        clusters_to_check(&text[base..run.end])
            .map(move |s| Span::new(base + s.start, base + s.end))
    })
}

/// The [`clusters`] of `text` but those that are a lone
/// [`plain_starter`] (NFC on their own).
fn clusters_to_check(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut iter = text.char_indices();
    let mut ahead = iter.next().map(|(i, c)| (i, c, plain_starter(c)));
    std::iter::from_fn(move || loop {
        let (start, c, mut lone_plain) = ahead?;
        let mut end = start + c.len_utf8();
        ahead = iter.next().map(|(i, c)| (i, c, plain_starter(c)));
        // `joins_previous`, with the plain test already made.
        while let Some((i, next, plain)) = ahead {
            if plain || !(class_of(next) != 0 || matches!(next, '\u{1161}'..='\u{11C2}')) {
                break;
            }
            lone_plain = false;
            end = i + next.len_utf8();
            ahead = iter.next().map(|(i, c)| (i, c, plain_starter(c)));
        }
        if !lone_plain {
            return Some(Span::new(start, end));
        }
    })
}

/// Spans of a starter plus the characters that may compose with it:
/// combining marks and Hangul medial and final jamo. (The reference the
/// tests hold [`clusters_to_check`] to.)
#[cfg(test)]
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

#[cfg(test)]
fn joins_previous(c: char) -> bool {
    !plain_starter(c) && (class_of(c) != 0 || matches!(c, '\u{1161}'..='\u{11C2}'))
}

/// `is_nfc_quick(s) == Yes`. Plain starters leave the check as a fresh
/// start does (combining class 0, quick check `Yes`), so only the other
/// chars are looked up, and the first one that is not `Yes` settles it
/// (`is_nfc_quick` reads on to tell `Maybe` from `No`).
///
/// ASCII and the plain starters of General Punctuation (U+2002–U+206F:
/// `E2 80 82`–`E2 81 AF`, curly quotes and dashes) are told from their
/// bytes, without decoding, and two-byte chars decoded from theirs.
fn is_quick_yes(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut last_class = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            last_class = 0;
            i += 1;
            continue;
        }
        if b == 0xE2
            && match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(&t)) => t >= 0x82,
                (Some(0x81), Some(&t)) => t <= 0xAF,
                _ => false,
            }
        {
            last_class = 0;
            i += 3;
            continue;
        }
        // Two-byte chars (below U+0800: Latin, Greek, Cyrillic, `«`) are
        // decoded from their bytes.
        let c = match (b, bytes.get(i + 1)) {
            (0xC2..=0xDF, Some(&b1)) => {
                char::from_u32(u32::from(b & 0x1F) << 6 | u32::from(b1 & 0x3F)).unwrap_or_default()
            }
            _ => s[i..].chars().next().unwrap_or_default(),
        };
        i += c.len_utf8();
        if plain_starter(c) {
            last_class = 0;
            continue;
        }
        let class = class_of(c);
        if last_class > class && class != 0 {
            return false;
        }
        if !quick_yes_char(c) {
            return false;
        }
        last_class = class;
    }
    true
}

/// The end of the scalar values answered from [`BELOW`].
const TABLED: u32 = 0x530;

/// Normalisation data of the scalar values below [`TABLED`] (ASCII,
/// Latin, combining marks, Greek, Cyrillic), filled once from the
/// `unicode-normalization` tables, whose lookups (a perfect hash for the
/// combining class, a tree of ranges for the quick check) cost dozens of
/// instructions a char.
struct Below {
    /// One bit per scalar value: an NFC starter (class 0, quick check `Yes`).
    plain: [u64; TABLED as usize / 64 + 1],
    /// One bit per scalar value: the NFC quick check says `Yes`.
    quick_yes: [u64; TABLED as usize / 64 + 1],
    /// The canonical combining class.
    class: [u8; TABLED as usize],
}

static BELOW: LazyLock<Below> = LazyLock::new(|| {
    let mut below = Below {
        plain: [0; TABLED as usize / 64 + 1],
        quick_yes: [0; TABLED as usize / 64 + 1],
        class: [0; TABLED as usize],
    };
    for c in (0..TABLED).filter_map(char::from_u32) {
        let (word, bit) = (c as usize / 64, 1 << (c as u32 % 64));
        let class = canonical_combining_class(c);
        let yes = is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
        below.class[c as usize] = class;
        if yes {
            below.quick_yes[word] |= bit;
        }
        if yes && class == 0 {
            below.plain[word] |= bit;
        }
    }
    below
});

/// Bit `c` of `table`, for `c` below [`TABLED`].
#[inline]
fn bit(table: &[u64], c: char) -> bool {
    table[c as usize / 64] >> (c as u32 % 64) & 1 != 0
}

/// `canonical_combining_class(c)`, from [`BELOW`] when it holds `c`.
#[inline]
fn class_of(c: char) -> u8 {
    if (c as u32) < TABLED {
        BELOW.class[c as usize]
    } else {
        canonical_combining_class(c)
    }
}

/// Whether the NFC quick check says `Yes` to `c` alone.
#[inline]
fn quick_yes_char(c: char) -> bool {
    if (c as u32) < TABLED {
        bit(&BELOW.quick_yes, c)
    } else {
        is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
    }
}

/// Chars of common blocks (ASCII, Latin, Greek, Cyrillic, most general
/// punctuation, CJK, emoji) that are NFC starters: canonical combining
/// class 0 and NFC quick check `Yes`, so a string of them is NFC (checked
/// for every char of the ranges by a test), and none is a Hangul jamo.
#[inline]
fn plain_starter(c: char) -> bool {
    if (c as u32) < TABLED {
        return bit(&BELOW.plain, c);
    }
    matches!(
        c,
        '\u{2002}'..='\u{206F}' | '\u{4E00}'..='\u{9FFF}' | '\u{1F300}'..='\u{1FAFF}'
    )
}

#[cfg(test)]
mod tests {
    /// The stretch-by-stretch scan reports what a scan of every cluster of
    /// the whole text reports.
    #[test]
    fn non_ascii_clusters_report_as_all_clusters_do() {
        let pieces = [
            "a",
            " ",
            "\n",
            "\r\n",
            "e\u{301}",
            "\u{301}",
            "\u{327}",
            "é",
            "Å",
            "\u{212B}",
            "한",
            "\u{1100}",
            "\u{1161}",
            "\u{11A8}",
            "\u{1A}",
            "x",
            "ß",
            "\u{344}",
            "中",
            "\u{327}\u{301}",
            "\u{301}\u{327}",
            "\u{34F}",
            "ру́",
            "Ω",
            "\u{200B}",
            "😀",
        ];
        let mut next = crate::test_rng::below(7);
        let mut reported = 0;
        for _ in 0..20_000 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 12);
            let (mut all, mut fast) = (Vec::new(), Vec::new());
            super::report(&text, super::clusters(&text), &mut all);
            let runs = crate::text::non_ascii_runs(text.as_bytes());
            super::report(&text, super::non_ascii_clusters(&text, &runs), &mut fast);
            assert_eq!(fast, all, "{text:?}");
            let lone_plain = |s: &crate::source::Span| {
                let mut chars = text[s.range()].chars();
                chars.next().is_some_and(super::plain_starter) && chars.next().is_none()
            };
            let checked: Vec<_> = super::clusters(&text).filter(|s| !lone_plain(s)).collect();
            assert_eq!(super::clusters_to_check(&text).collect::<Vec<_>>(), checked);
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

    /// The quick check that stops at the first char not `Yes` agrees with
    /// `is_nfc_quick` on random text of plain starters, marks in and out
    /// of canonical order, singletons and jamo.
    #[test]
    fn is_quick_yes_agrees_with_is_nfc_quick() {
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let pieces = [
            "a", " ", "e", "\u{301}", "\u{327}", "\u{31B}", "\u{344}", "\u{340}", "é", "Å",
            "\u{212B}", "Ω", "\u{374}", "\u{37E}", "у", "\u{483}", "한", "\u{1100}", "\u{1161}",
            "\u{11A8}", "\u{34F}", "\u{200B}", "😀", "\u{FB2A}", "\u{0958}", "中", "\u{1A}",
            // The edges of the ranges told from their bytes.
            "\u{80}", "\u{2FF}", "\u{300}", "\u{3FF}", "\u{400}", "\u{47F}", "\u{480}", "\u{483}",
            "\u{2000}", "\u{2001}", "\u{2002}", "\u{203F}", "\u{2040}", "\u{206F}", "\u{2070}",
            "\u{20D0}", "“", "”", "«", "—",
        ];
        let mut next = crate::test_rng::below(13);
        let (mut yes, mut not) = (0, 0);
        for _ in 0..20_000 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 8);
            let want = is_nfc_quick(text.chars()) == IsNormalized::Yes;
            assert_eq!(super::is_quick_yes(&text), want, "{text:?}");
            if want {
                yes += 1;
            } else {
                not += 1;
            }
        }
        assert!(yes > 2000 && not > 2000, "{yes} {not}");
    }

    /// The tabled combining classes and quick check answers are the
    /// library's, for every scalar value the table holds and beyond.
    #[test]
    fn tabled_answers_are_the_librarys() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let mut marks = 0;
        for c in (0..0x800).filter_map(char::from_u32) {
            assert_eq!(super::class_of(c), canonical_combining_class(c), "{c:?}");
            let yes = is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
            assert_eq!(super::quick_yes_char(c), yes, "{c:?}");
            marks += usize::from(super::class_of(c) != 0);
        }
        assert!(marks > 150, "{marks}");
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
                assert!(!('\u{1161}'..='\u{11C2}').contains(&c), "{c:?}");
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            }
        }
        assert!(plain > 20_000, "{plain}");
        for c in ['a', 'é', 'Ω', 'у', 'ĳ', '—', '中', '😀'] {
            assert!(super::plain_starter(c), "{c:?}");
        }
        // What `is_quick_yes` tells from the bytes.
        for c in ('\0'..='\u{7F}').chain('\u{2002}'..='\u{206F}') {
            assert!(super::plain_starter(c), "{c:?}");
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
