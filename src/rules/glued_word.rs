//! Two words run together where a space was lost (`invasionwhich`). The
//! decision rests on a function word at the seam: content+content joins are
//! too often legitimate compounds (`livestream`) to flag.

use super::word_classes::{is_in, LEFT_SEAM, PREFIX_LIKE, RIGHT_SEAM};
use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::lexicon;
use crate::text::tokens::shape;
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A lowercase word that is not an English word but splits into two,
    /// one of them a function word: `invasionwhich`, `foreverbut`, `deadand`,
    /// `saidthat`, `theinvasion`.
    ///
    /// ## Why it matters
    /// Scraped and machine-translated text loses spaces at line and tag
    /// boundaries. Spell checkers often stay silent on long glued tokens, and
    /// readers stumble on them.
    ///
    /// ## Example
    /// Flagged: `since the Russian invasionwhich the United States`.
    /// Instead: `since the Russian invasion, which the United States`.
    ///
    /// ## False positives
    /// Only words of seven letters or more that are absent from the lexicon
    /// and used once in the document are considered. Compounds of two content
    /// words (`livestream`, `cyberattack`), words formed with a common prefix or
    /// suffix (`counterproposal`, `jobless`), hyphenated parts and words with
    /// digits are never flagged. A rare real word that happens to end in a
    /// function word can still be reported.
    ///
    /// ## Fix safety
    /// Inserting the space is an unsafe fix: the split is a guess, and a comma
    /// may also be missing.
    pub const GLUED_WORD = RuleMeta {
        code: "MT003",
        name: "glued-word",
        severity: Severity::Warning,
        summary: "Two words glued together (`invasionwhich`, `foreverbut`).",
    };
}

pub struct GluedWord;

/// Shortest token considered: shorter joins are mostly real words.
const MIN_LEN: usize = 7;
/// The content side must be at least this common (SCOWL size level).
const MAX_CONTENT_LEVEL: u8 = 50;

/// Derivational prefixes: `prefix + word` is a legitimate compound.
const PREFIXES: &[&str] = &[
    "anti", "auto", "bio", "co", "counter", "cyber", "de", "dis", "eco", "geo", "hyper", "inter",
    "intra", "macro", "mega", "micro", "mid", "mini", "mis", "multi", "neo", "non", "out", "over",
    "post", "pre", "pro", "proto", "pseudo", "re", "self", "semi", "sub", "super", "tele", "trans",
    "ultra", "un", "under",
];

/// Derivational and inflectional suffixes: `word + suffix` is a real word.
const SUFFIXES: &[&str] = &[
    "ability", "able", "al", "ally", "d", "dom", "ed", "er", "ers", "es", "esque", "est", "ful",
    "hood", "ible", "ing", "ings", "ish", "ism", "ist", "ists", "ity", "ization", "ize", "ized",
    "less", "like", "ly", "ment", "ness", "s", "ship", "ward", "wards", "wise",
];

impl Rule for GluedWord {
    fn meta(&self) -> &RuleMeta {
        &GLUED_WORD
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        // A word the document uses twice is a word: only words seen once
        // are candidates, listed from the document's word counts (those
        // too short to be considered left out without reading them).
        for i in doc.words_seen_once_at_least(MIN_LEN) {
            let i = i as usize;
            let t = &doc.tokens[i];
            if !t.is_word() || t.len() < MIN_LEN || !t.has_shape(shape::LOWER) {
                continue;
            }
            let word = doc.token_text(t);
            // Every test here is pure; the cheapest and most often decisive
            // come first.
            if is_joined_to_neighbour(doc, i) || lexicon::contains(word) || is_derived(word) {
                continue;
            }
            // `new zealand`, `francis`: a proper noun written in lowercase.
            if lexicon::level_exact(&capitalise(word)).is_some() {
                continue;
            }
            let Some(k) = best_split(doc, word) else {
                continue;
            };
            let (left, right) = word.split_at(k);
            let seam = t.span().start + k;
            debug_assert!(text.is_char_boundary(seam));
            out.push(
                GLUED_WORD
                    .diagnostic(
                        t.span(),
                        format!("`{word}` looks like `{left} {right}` glued together"),
                    )
                    .with_fix(Fix::replace(
                        Applicability::Unsafe,
                        Span::new(seam, seam),
                        " ",
                    )),
            );
        }
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Hyphenated compounds, paths, handles, markup and identifiers
/// (`recvfrom(2)`, `*unixfrom*`) are not prose words.
fn is_joined_to_neighbour(doc: &Document, i: usize) -> bool {
    let joins = |j: usize| {
        matches!(
            doc.token_text(&doc.tokens[j]),
            "-" | "‐" | "_" | "/" | "\\" | "@" | "#" | "." | "=" | "<" | ">" | "*" | "`" | "$"
        )
    };
    let before = i > 0 && joins(i - 1);
    let after = doc
        .tokens
        .get(i + 1)
        .is_some_and(|t| match doc.token_text(t) {
            // A full stop ends a sentence unless text follows it directly.
            "." => doc.tokens.get(i + 2).is_some_and(|n| !n.is_space()),
            "(" => true,
            _ => joins(i + 1),
        });
    before || after
}

/// `cyberwar`, `jobless`: a known word plus a derivational affix.
fn is_derived(word: &str) -> bool {
    let known = |w: &str| w.len() >= 3 && lexicon::contains(w);
    PREFIXES
        .iter()
        .any(|p| word.strip_prefix(p).is_some_and(known))
        || SUFFIXES.iter().any(|s| {
            word.strip_suffix(s).is_some_and(|stem| {
                // `stopped` -> `stop`, `making` -> `make`
                known(stem)
                    || known(&format!("{stem}e"))
                    || (stem.len() > 3
                        && stem.as_bytes()[stem.len() - 1] == stem.as_bytes()[stem.len() - 2]
                        && known(&stem[..stem.len() - 1]))
            })
        })
}

/// The split point of the most plausible `content + function word` or
/// `function word + content` reading, if any.
fn best_split(doc: &Document, word: &str) -> Option<usize> {
    // One side must be a seam word, so only the splits near either end can
    // qualify: a 2 MB token costs a few dozen splits, not two million.
    let longest = |list: &[&str]| list.iter().map(|w| w.len()).max().unwrap_or(0);
    let n = word.len();
    let head = 2..(longest(LEFT_SEAM) + 1).min(n.saturating_sub(1));
    let tail = n.saturating_sub(longest(RIGHT_SEAM)).max(head.end).max(2)..n.saturating_sub(1);
    best_split_among(doc, word, head.chain(tail))
}

/// Whether `w` can be the content side of a seam.
fn content_known(doc: &Document, w: &str) -> bool {
    let level = lexicon::level_exact(w);
    // Three-letter sides only when very common (`war`, `day`), not `boo`.
    let long_enough = w.len() >= 4 || (w.len() == 3 && level.is_some_and(|l| l <= 20));
    long_enough
        && !is_in(PREFIX_LIKE, w)
        && (level.is_some_and(|l| l <= MAX_CONTENT_LEVEL) || doc.word_count(w) > 0)
}

/// The best of the splits `ks` (increasing), as [`best_split`] judges them.
fn best_split_among(doc: &Document, word: &str, ks: impl Iterator<Item = usize>) -> Option<usize> {
    let mut best: Option<(u8, usize)> = None;
    for k in ks {
        let (left, right) = word.split_at(k);
        let content = if is_in(RIGHT_SEAM, right) && content_known(doc, left) {
            left
        } else if is_in(LEFT_SEAM, left) && content_known(doc, right) && !is_derived(right) {
            right
        } else {
            continue;
        };
        let level = lexicon::level_exact(content).unwrap_or(MAX_CONTENT_LEVEL);
        if best.is_none_or(|(l, _)| level < l) {
            best = Some((level, k));
        }
    }
    best.map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::GluedWord;
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn splits_near_the_ends_find_what_every_split_finds() {
        use crate::text::Document;
        let doc = Document::from_text(
            "The invasion began. Negotiations and talks continued while the sides met again.",
        );
        let parts = [
            "the",
            "which",
            "and",
            "that",
            "would",
            "invasion",
            "talks",
            "negotiations",
            "met",
            "again",
            "sides",
            "x",
            "because",
            "although",
            "withoutwhich",
            "aaaa",
            "parliament",
        ];
        // Every pair and triple of parts.
        let mut found = 0;
        for a in parts {
            for b in parts {
                for c in [""].iter().chain(&parts) {
                    let word = format!("{a}{b}{c}");
                    let every = super::best_split_among(&doc, &word, 2..word.len() - 1);
                    assert_eq!(super::best_split(&doc, &word), every, "{word}");
                    found += usize::from(every.is_some());
                }
            }
        }
        assert!(found > 100, "only {found} splits found");
        let long = format!("{}which", "a".repeat(100_000));
        assert_eq!(
            super::best_split(&doc, &long),
            super::best_split_among(&doc, &long, 2..long.len() - 1)
        );
    }

    #[test]
    fn flags_content_word_plus_function_word() {
        flags(
            &GluedWord,
            "It will drag on foreverbut at this stage. The Russian invasionwhich the US fears.",
            &["foreverbut", "invasionwhich"],
        );
    }

    #[test]
    fn flags_short_content_words() {
        flags(
            &GluedWord,
            "He was deadand buried. She saidthat it was over. It is what they hopedthat.",
            &["deadand", "saidthat", "hopedthat"],
        );
    }

    #[test]
    fn flags_function_word_first() {
        flags(
            &GluedWord,
            "They fear theinvasion will come.",
            &["theinvasion"],
        );
    }

    #[test]
    fn inserts_the_space() {
        fixes(
            &GluedWord,
            "the Russian invasionwhich the US fears",
            "the Russian invasion which the US fears",
        );
    }

    #[test]
    fn allows_content_compounds() {
        passes(
            &GluedWord,
            "A cyberattack hit the livestream; the counterproposal failed.",
        );
    }

    #[test]
    fn allows_prefixed_and_suffixed_words() {
        passes(
            &GluedWord,
            "The cyberwarfare unit was leaderless; a nonpartisan, businesslike review.",
        );
    }

    #[test]
    fn allows_dictionary_words_ending_in_function_words() {
        passes(
            &GluedWord,
            "Nevertheless, whatsoever happened therewith, the standby crackdown and takeover.",
        );
    }

    #[test]
    fn allows_words_repeated_in_the_document() {
        passes(
            &GluedWord,
            "The kinaseand assay failed. A second kinaseand assay worked.",
        );
    }

    #[test]
    fn allows_unknown_words_without_a_function_word_seam() {
        passes(
            &GluedWord,
            "The photobiomodulation and transcriptomics data, plus a ransomware gang.",
        );
    }

    #[test]
    fn allows_hyphenated_identifiers_and_digits() {
        passes(
            &GluedWord,
            "the anti-invasionwhich vote, file my_saidthat.txt and codec2saidthat, \
             call recvfrom(2) with *unixfrom* and `closefrom`",
        );
    }

    #[test]
    fn allows_latin_names_and_lowercased_proper_nouns() {
        passes(
            &GluedWord,
            "the mouflon (Ovis orientalis) and 1,774 new zealand teenagers",
        );
    }

    #[test]
    fn allows_particle_compounds() {
        passes(
            &GluedWord,
            "a drivethrough, anywhen, afterwhile, a downwith",
        );
    }

    #[test]
    fn allows_short_and_capitalised_tokens() {
        passes(&GluedWord, "Deadand is a town. Tothe end. inthe");
    }

    #[test]
    fn never_panics_on_odd_input() {
        passes(&GluedWord, "");
        passes(&GluedWord, "ééééééééé \u{1A}\u{1A} 😀😀😀 x\u{301}");
    }
}
