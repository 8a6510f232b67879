//! `kind = "phrase"`: fixed phrases found with one Aho-Corasick automaton per
//! file, over a *normalised* copy of the text (lowercase, curly and straight
//! apostrophes and quotes alike, whitespace runs as one space) whose byte
//! offsets map back to the original.

use super::render_message;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rules::RuleMeta;
use crate::source::Span;
use crate::text::Document;
use aho_corasick::{AhoCorasick, MatchKind};

pub(super) struct Phrases {
    automaton: AhoCorasick,
    /// `(find, suggest)`, in automaton pattern order.
    entries: Vec<(String, Option<String>)>,
}

impl Phrases {
    pub(super) fn new(entries: Vec<(String, Option<String>)>) -> Phrases {
        let keys: Vec<String> = entries
            .iter()
            .map(|(f, _)| normalise(f).trim().to_owned())
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .expect("phrase automaton within size limits");
        Phrases { automaton, entries }
    }

    pub(super) fn check(
        &self,
        meta: &RuleMeta,
        template: &str,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = doc.text();
        let (norm, map) = normalise_with_map(text);
        for m in self.automaton.find_iter(&norm) {
            let span = Span::new(map[m.start()], map[m.end()]);
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
    let word = |c: char| c.is_alphanumeric();
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
    fn capitalises_suggestion_after_capital() {
        assert_eq!(match_case("Make a photo", "take a photo"), "Take a photo");
        assert_eq!(match_case("make a photo", "take a photo"), "take a photo");
    }
}
