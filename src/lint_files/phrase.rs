//! `kind = "phrase"`: fixed phrases found with one Aho-Corasick automaton per
//! file, over a *normalised* copy of the text (lowercase, curly and straight
//! apostrophes and quotes alike, whitespace runs as one space) whose byte
//! offsets map back to the original.
//!
//! Normalising the whole text is the slow part, so only *segments* around
//! candidate positions are normalised: a second automaton finds, in an
//! ASCII-lowercased copy of the text (same offsets), one ASCII fragment of
//! every phrase and those characters whose lowercase contains ASCII (`İ`, the
//! Kelvin sign) that can supply a fragment's bytes, the only ways the
//! normalised text can hold the fragment. Each segment
//! reaches further than the longest phrase on both sides, so every match of
//! the whole-text search lies inside one segment, and the matches found per
//! segment are exactly those of the whole-text search.

use super::render_message;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rules::RuleMeta;
use crate::source::Span;
use crate::text::Document;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// The characters at or above U+0080 whose lowercase contains an ASCII
/// character (a test checks the list against every `char`). The candidate
/// search looks for those that can supply a fragment's bytes ([`supplies`]).
const LOWERCASE_TO_ASCII: [&str; 2] = ["\u{130}", "\u{212A}"];

pub(super) struct Phrases {
    automaton: AhoCorasick,
    /// `(find, suggest)`, in automaton pattern order.
    entries: Vec<(String, Option<String>)>,
    /// Finds the candidate positions in the original text, with the length
    /// of its longest pattern; `None` when some phrase has no ASCII fragment
    /// (then the whole text is normalised).
    candidates: Option<(AhoCorasick, usize)>,
    /// The length in bytes of the longest normalised phrase.
    longest: usize,
}

impl Phrases {
    pub(super) fn new(entries: Vec<(String, Option<String>)>) -> Phrases {
        let keys: Vec<String> = entries
            .iter()
            .map(|(f, _)| normalise(f).trim().to_owned())
            .collect();
        // Contiguous NFAs, not DFAs: they build several times faster (a
        // one-time cost per process), and the search runs only on short
        // segments and on the prefilter's candidates.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .expect("phrase automaton within size limits");
        let fragments: Option<Vec<&str>> = keys.iter().map(|k| fragment(k)).collect();
        let candidates = fragments.and_then(|mut f| {
            let extra: Vec<&str> = LOWERCASE_TO_ASCII
                .into_iter()
                .filter(|c| f.iter().any(|frag| supplies(&c.to_lowercase(), frag)))
                .collect();
            f.extend(extra);
            let longest = f.iter().map(|f| f.len()).max().unwrap_or(0);
            // Case-sensitive over a lowercased copy: several times faster
            // than an ASCII-case-insensitive search (which cannot use the
            // packed Teddy prefilter).
            let automaton = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::LeftmostFirst)
                .build(&f)
                .ok()?;
            Some((automaton, longest))
        });
        Phrases {
            automaton,
            entries,
            candidates,
            longest: keys.iter().map(String::len).max().unwrap_or(0),
        }
    }

    pub(super) fn check(
        &self,
        meta: &'static RuleMeta,
        template: &str,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = doc.text();
        match &self.candidates {
            Some((candidates, longest)) => {
                let hits = candidate_hits(text, candidates, *longest);
                for segment in segments(text, &hits, self.longest + 1, *longest) {
                    self.check_segment(meta, template, text, segment, out);
                }
            }
            None => self.check_segment(meta, template, text, Span::new(0, text.len()), out),
        }
    }

    /// Reports the matches in `segment` of `text`.
    fn check_segment(
        &self,
        meta: &'static RuleMeta,
        template: &str,
        text: &str,
        segment: Span,
        out: &mut Vec<Diagnostic>,
    ) {
        let (norm, map) = normalise_with_map(&text[segment.range()]);
        for m in self.automaton.find_iter(&norm) {
            let span = Span::new(segment.start + map[m.start()], segment.start + map[m.end()]);
            if !on_word_boundaries(text, span) {
                continue;
            }
            let found = &text[span.range()];
            let (_, suggest) = &self.entries[m.pattern().as_usize()];
            let suggest = suggest.as_deref().map(|s| match_case(found, s));
            let mut d = meta.diagnostic(span, render_message(template, found, suggest.as_deref()));
            if let Some(s) = suggest {
                d = d.with_fix(Fix::replace(Applicability::Unsafe, span, s));
            }
            out.push(d);
        }
    }
}

/// The longest run of a normalised phrase that is ASCII and neither
/// whitespace nor a quotation mark: in the normalised text such bytes come
/// only from the same ASCII characters (any case) or from a character in
/// [`LOWERCASE_TO_ASCII`].
fn fragment(key: &str) -> Option<&str> {
    key.split(|c: char| !c.is_ascii() || c.is_ascii_whitespace() || c == '\'' || c == '"')
        .max_by_key(|f| f.len())
        .filter(|f| !f.is_empty())
}

/// Whether `lower` (the lowercase of a [`LOWERCASE_TO_ASCII`] character)
/// can supply bytes of an occurrence of `fragment` in the normalised text:
/// some alignment overlaps the two and they agree on every shared byte.
/// `İ` lowercases to `i` and a combining dot, so it can only end a
/// fragment's occurrence (with `i`); the Kelvin sign is a plain `k`. A
/// character that cannot is left out of the candidate search: most
/// fragments then are long, and the packed search compares more bytes at
/// once (fewer false candidates).
fn supplies(lower: &str, fragment: &str) -> bool {
    let (l, f) = (lower.as_bytes(), fragment.as_bytes());
    // `lower` starts at `f[start]` (`start` may be negative).
    let starts = 1 - l.len() as isize..f.len() as isize;
    starts.into_iter().any(|start| {
        (0..l.len() as isize).all(|i| {
            let at = start + i;
            at < 0 || at >= f.len() as isize || f[at as usize] == l[i as usize]
        })
    })
}

/// The hits of `candidates` in `text` ASCII-lowercased, as
/// `find_iter` over a lowercased copy of the whole text reports them
/// (leftmost-first, not overlapping), with the length in bytes of its
/// longest pattern. The copy is made one block at a time into a buffer that
/// stays in cache; a block reaches `longest - 1` bytes past the hits it
/// reports, so every hit starting in it is whole, and the next block starts
/// at the end of the last hit if that lies further.
fn candidate_hits(text: &str, candidates: &AhoCorasick, longest: usize) -> Vec<(usize, usize)> {
    candidate_hits_in_blocks(text, candidates, longest, 1 << 15)
}

/// [`candidate_hits`] with blocks of `block` bytes (at least one).
fn candidate_hits_in_blocks(
    text: &str,
    candidates: &AhoCorasick,
    longest: usize,
    block: usize,
) -> Vec<(usize, usize)> {
    let block = block.max(1);
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    let mut lower = Vec::with_capacity(block + longest);
    let mut from = 0;
    while from < bytes.len() {
        // Hits start before `stop`.
        let stop = bytes.len().min(from + block);
        let end = bytes.len().min(stop + longest.saturating_sub(1));
        lower.clear();
        lower.extend(bytes[from..end].iter().map(u8::to_ascii_lowercase));
        let mut next = stop;
        for m in candidates.find_iter(&lower) {
            if from + m.start() >= stop {
                break;
            }
            hits.push((from + m.start(), from + m.end()));
            next = next.max(from + m.end());
        }
        from = next;
    }
    hits
}

/// Disjoint, sorted spans of `text` (on char boundaries) that hold every
/// hit (from [`candidate_hits`]) with at least `reach` non-whitespace
/// characters (each one or more normalised bytes) on both sides, or up to
/// the text's ends.
///
/// The search is leftmost-first and does not overlap: a hit it skips starts
/// inside the hit before it and ends at most `longest` (the longest
/// candidate pattern) characters after that one's end, so reaching that much
/// further to the right covers the skipped hit too.
fn segments(text: &str, hits: &[(usize, usize)], reach: usize, longest: usize) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for &(start, end) in hits {
        let stop = out.last().map_or(0, |s| s.end);
        let lo = walk_back(text, start, reach, stop);
        let hi = walk_forward(text, end, reach + longest);
        match out.last_mut() {
            // Later hits never reach further back than earlier ones, so the
            // merged segment still covers this hit's window.
            Some(last) if lo <= last.end => last.end = last.end.max(hi),
            _ => out.push(Span::new(lo, hi)),
        }
    }
    out
}

/// The offset `reach` non-whitespace characters before `from`, or `stop`
/// (or 0) if that comes first.
fn walk_back(text: &str, from: usize, reach: usize, stop: usize) -> usize {
    let mut pos = from;
    let mut count = 0;
    for c in text[..from].chars().rev() {
        if pos <= stop || count >= reach {
            break;
        }
        pos -= c.len_utf8();
        count += usize::from(!c.is_whitespace());
    }
    pos
}

/// The offset `reach` non-whitespace characters after `from`, or the end.
fn walk_forward(text: &str, from: usize, reach: usize) -> usize {
    let mut pos = from;
    let mut count = 0;
    for c in text[from..].chars() {
        if count >= reach {
            break;
        }
        pos += c.len_utf8();
        count += usize::from(!c.is_whitespace());
    }
    pos
}

/// The normalised form phrases are compared in.
pub(super) fn normalise(s: &str) -> String {
    normalise_with_map(s).0
}

/// `s` normalised, and for every byte of the result (plus one past the end)
/// the offset in `s` of the character it came from.
fn normalise_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut in_space = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // ASCII: `char::is_whitespace` is tab to carriage return and space.
            if matches!(b, b'\t'..=b'\r' | b' ') {
                if !in_space {
                    out.push(' ');
                    map.push(i);
                }
                in_space = true;
            } else {
                in_space = false;
                out.push(b.to_ascii_lowercase() as char);
                map.push(i);
            }
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().expect("i is a char boundary");
        let this = i;
        i += c.len_utf8();
        let i = this;
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                map.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let before = out.len();
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => out.push('"'),
            _ => out.extend(c.to_lowercase()),
        }
        map.extend(std::iter::repeat_n(i, out.len() - before));
    }
    map.push(s.len());
    (out, map)
}

fn on_word_boundaries(text: &str, span: Span) -> bool {
    let word = |c: char| crate::text::chars::is_alphanumeric(c);
    let found = &text[span.range()];
    let starts_word = found.chars().next().is_some_and(word);
    let ends_word = found.chars().next_back().is_some_and(word);
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    (!starts_word || !before.is_some_and(word)) && (!ends_word || !after.is_some_and(word))
}

/// Capitalises `suggest` when the found text starts with a capital.
fn match_case(found: &str, suggest: &str) -> String {
    let upper = found.chars().next().is_some_and(char::is_uppercase);
    let mut chars = suggest.chars();
    match chars.next() {
        Some(first) if upper && first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => suggest.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, flags, passes};
    use crate::rules::Rule;

    struct R(Phrases);
    const META: RuleMeta = RuleMeta {
        code: "MT199",
        name: "t",
        severity: crate::diagnostic::Severity::Warning,
        default_enabled: true,
        summary: "",
        explanation: "",
    };
    impl Rule for R {
        fn meta(&self) -> &RuleMeta {
            &META
        }
        fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
            self.0.check(&META, "`{found}`", doc, out)
        }
    }

    fn rule(finds: &[&str]) -> R {
        R(Phrases::new(
            finds.iter().map(|f| (f.to_string(), None)).collect(),
        ))
    }

    #[test]
    fn matches_case_apostrophe_and_whitespace_insensitively() {
        let r = rule(&["we don't spam"]);
        flags(&r, "WE  DON’T\nspam!", &["WE  DON’T\nspam"]);
    }

    #[test]
    fn flags_only_on_word_boundaries() {
        let r = rule(&["know more"]);
        flags(&r, "Know more. I know more.", &["Know more", "know more"]);
        passes(&r, "I know moreover. Unknow more.");
    }

    #[test]
    fn spans_map_back_through_multibyte_lowercase() {
        let r = rule(&["i̇stanbul"]);
        let found = check(&r, "In İstanbul today");
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn passes_empty_text() {
        passes(&rule(&["x"]), "");
    }

    #[test]
    fn lowercase_to_ascii_lists_every_such_char() {
        let found: Vec<String> = (0x80..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii()))
            .map(String::from)
            .collect();
        assert_eq!(found, LOWERCASE_TO_ASCII);
    }

    #[test]
    fn fragments_avoid_spaces_quotes_and_non_ascii() {
        assert_eq!(fragment("we don't spam"), Some("spam"));
        assert_eq!(fragment("thank you for watching!"), Some("watching!"));
        assert_eq!(fragment("i\u{307}stanbul"), Some("stanbul"));
        assert_eq!(fragment("\u{2019}\u{2019}"), None);
    }

    /// Findings as `(span, message)`, from the segment search or, with the
    /// candidate automaton removed, from normalising the whole text.
    fn findings(finds: &[&str], text: &str, whole: bool) -> Vec<(Span, String)> {
        let mut r = rule(finds);
        if whole {
            r.0.candidates = None;
        }
        check(&r, text)
            .into_iter()
            .map(|d| (d.span, d.message.into_owned()))
            .collect()
    }

    #[test]
    fn segments_find_what_the_whole_text_search_finds() {
        let finds = [
            "Amara.org community",
            "It simply came to our notice then.",
            "Thank you for watching!",
            "Thanks for watching!",
            "we don't spam",
            "know more",
            "taxi",
            "i\u{307}stanbul",
            "kk",
            "a \"b\" c",
        ];
        let pieces = [
            "Amara",
            ".org",
            "AMARA.ORG",
            "community",
            "It",
            "simply",
            "SIMPLY",
            "came",
            "to",
            "our",
            "notice",
            "then.",
            "thank",
            "Thanks",
            "you",
            "for",
            "watching!",
            "WATCHING",
            "we",
            "don\u{2019}t",
            "don't",
            "spam",
            "know",
            "more",
            "İstanbul",
            "stanbul",
            "TAX",
            "\u{130}",
            "\u{212A}",
            "k",
            "a",
            "\"b\"",
            "\u{201C}b\u{201D}",
            "c",
            "x",
            "ß",
            "é",
            " ",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{A0}",
            "\u{2003}",
            "\n\n   ",
            ".",
            "!",
            ",",
            "\u{2019}",
        ];
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        let mut flagged = 0;
        for _ in 0..3000 {
            let len = 1 + next(80);
            let mut text = String::new();
            for _ in 0..len {
                text.push_str(pieces[next(pieces.len())]);
                // Long whitespace runs stretch segments past their count.
                if next(40) == 0 {
                    text.push_str(&" ".repeat(next(200)));
                }
            }
            let fast = findings(&finds, &text, false);
            let whole = findings(&finds, &text, true);
            assert_eq!(fast, whole, "on {text:?}");
            flagged += fast.len();
        }
        assert!(
            flagged > 100,
            "the generator should produce matches: {flagged}"
        );
    }

    #[test]
    fn lowercase_to_ascii_chars_supply_only_matching_fragment_bytes() {
        let dotted = "\u{130}".to_lowercase();
        assert!(supplies(&dotted, "taxi"));
        assert!(supplies(&dotted, "i"));
        assert!(!supplies(&dotted, "it"));
        assert!(!supplies(&dotted, "stanbul"));
        let kelvin = "\u{212A}".to_lowercase();
        assert!(supplies(&kelvin, "kk"));
        assert!(supplies(&kelvin, "clock"));
        assert!(!supplies(&kelvin, "notice"));
    }

    #[test]
    fn block_search_finds_what_the_whole_copy_search_finds() {
        let frags = [
            "community",
            "ads",
            "doomsday",
            "watching!",
            "\u{130}",
            "\u{212A}",
            "aa",
        ];
        let candidates = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(frags)
            .expect("small automaton");
        let longest = frags.iter().map(|f| f.len()).max().unwrap_or(0);
        let pieces = [
            "Community",
            "COMM",
            "unity",
            "ADS",
            "ad",
            "s",
            "aaa",
            "a",
            "Doomsday",
            "watching",
            "!",
            "\u{130}",
            "\u{212A}",
            "é",
            " ",
            "\n",
            "x",
        ];
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        let mut found = 0;
        for _ in 0..2000 {
            let text: String = (0..next(40)).map(|_| pieces[next(pieces.len())]).collect();
            let lower = text.to_ascii_lowercase();
            let whole: Vec<(usize, usize)> = candidates
                .find_iter(&lower)
                .map(|m| (m.start(), m.end()))
                .collect();
            for block in [1, 2, 3, 5, 8, 13, 1 << 15] {
                let got = candidate_hits_in_blocks(&text, &candidates, longest, block);
                assert_eq!(got, whole, "block {block} on {text:?}");
            }
            found += whole.len();
        }
        assert!(found > 1000, "the generator should produce hits: {found}");
    }

    #[test]
    fn capitalises_suggestion_after_capital() {
        assert_eq!(match_case("Make a photo", "take a photo"), "Take a photo");
        assert_eq!(match_case("make a photo", "take a photo"), "take a photo");
    }
}
