//! A sentence that starts in lowercase after a full stop on the same line.

use super::code_lines::CodeLines;
use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::text::lexicon;
use crate::text::tokens::TokenKind;
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A lowercase word starting a sentence right after a full stop on the
    /// same line: `the Russian official said. this dialogue`, `by next
    /// week. writes Washington Post`, `are “far away.” not exhausted`.
    ///
    /// ## Why it matters
    /// Machine translation splits one source sentence in two, or joins an
    /// attribution (`he said the head of diplomacy`) to the wrong sentence;
    /// the lowercase start is the visible seam.
    ///
    /// ## Example
    /// Flagged: `he said. the head of Russian diplomacy`. Instead: `said the
    /// head of Russian diplomacy`, or `he said. The head…`.
    ///
    /// ## False positives
    /// Abbreviations (`U.S.`, `a.m.`, `e.g.`, `etc.`, `approx.`), initials
    /// and ellipses do not end sentences. Only a full stop counts: after `?`
    /// or `!` a lowercase word is normal in dialogue (`“Why?” he asked`).
    /// Lowercase brands and identifiers (`iPhone`, `eBay`, `npm`, `os.path`)
    /// and words the lexicon does not know are allowed, as are sentences
    /// starting a new line (lists, verse, code) and lines that look like code.
    ///
    /// ## Fix safety
    /// Capitalising the word is offered as an unsafe fix: often the full
    /// stop is the real error.
    pub const LOWERCASE_SENTENCE_START = RuleMeta {
        code: "MT018",
        name: "lowercase-sentence-start",
        severity: Severity::Warning,
        summary: "A sentence starting in lowercase after a full stop (`he said. the head`).",
    };
}

pub struct LowercaseSentenceStart;

/// Abbreviations the sentence splitter does not know, after which a full
/// stop may be followed by a lowercase word.
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "art", "avg", "ca", "cf", "ch", "cit", "col", "dept", "eds", "esp", "est",
    "ext", "fig", "ft", "govt", "hr", "hrs", "ibid", "incl", "jr", "lb", "lbs", "max", "min",
    "misc", "mt", "op", "orig", "oz", "para", "pp", "pt", "pts", "ref", "resp", "sec", "sp", "spp",
    "sr", "subsp", "tel", "trans", "var", "viz", "vol", "vs", "yr", "yrs",
];

/// Lowercase words that are names: brands, commands, units.
const LOWERCASE_NAMES: &[&str] = &["cron", "git", "grep", "npm", "pip", "sudo", "vim"];

/// Characters that mark a line as code rather than prose.
const CODE_MARKS: &[char] = &['=', '{', '}', '<', '>', '_', '`', '\\', '|', '#'];

impl Rule for LowercaseSentenceStart {
    fn meta(&self) -> &RuleMeta {
        &LOWERCASE_SENTENCE_START
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let bytes = text.as_bytes();
        let mut code = CodeLines::new(CODE_MARKS);
        for pair in doc.sentences.windows(2) {
            let (prev, sentence) = (&pair[0], &pair[1]);
            // The cheap test first: most sentences start with a capital.
            // One opening with an ASCII byte that is neither a lowercase
            // letter nor one of the [`OPENERS`] `first_word` skips has no
            // lowercase first word, and is dropped without reading its
            // tokens.
            if bytes.get(sentence.span.start).is_some_and(|&c| {
                c.is_ascii()
                    && !c.is_ascii_lowercase()
                    && !OPENERS.iter().any(|o| o.as_bytes() == [c])
            }) {
                continue;
            }
            let Some(w) = first_word(doc, sentence.tokens.clone()) else {
                continue;
            };
            let word = doc.token_text(&doc.tokens[w]);
            if !word.chars().next().is_some_and(char::is_lowercase) {
                continue;
            }
            let gap = &text[prev.span.end..sentence.span.start];
            if gap.contains(['\n', '\r']) || !ends_with_full_stop(doc, prev.tokens.clone()) {
                continue;
            }
            if !is_plain_lowercase_word(word) || LOWERCASE_NAMES.contains(&word) {
                continue;
            }
            // Code: `x.append(y)`, `os.path`, `key=value`.
            let after = &text[doc.tokens[w].span().end..];
            if after.starts_with(['(', '.', '_', '=', ':', '/', '@', '-', '\''])
                && !after.starts_with(". ")
            {
                continue;
            }
            if code.is_code(doc, sentence.span.start) {
                continue;
            }
            let span = doc.tokens[w].span();
            let mut chars = word.chars();
            let capitalised: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            out.push(
                LOWERCASE_SENTENCE_START
                    .diagnostic(span, format!("sentence starts in lowercase: `{word}`"))
                    .with_fix(Fix::replace(Applicability::Unsafe, span, capitalised)),
            );
        }
    }
}

/// Whether the sentence ends with a plain full stop (not `?`, `!`, an
/// ellipsis or an abbreviation's period), possibly followed by closers.
fn ends_with_full_stop(doc: &Document, tokens: std::ops::Range<usize>) -> bool {
    let toks = &doc.tokens[tokens];
    let mut i = toks.len();
    while i > 0 {
        let t = doc.token_text(&toks[i - 1]);
        if matches!(t, "\"" | "”" | "’" | "'" | ")" | "]" | "»") {
            i -= 1;
        } else {
            break;
        }
    }
    if i < 2 || doc.token_text(&toks[i - 1]) != "." {
        return false;
    }
    let before = &toks[i - 2];
    match before.kind() {
        TokenKind::Word => {
            let w = doc.token_text(before);
            let lower = w.to_lowercase();
            // Initials and abbreviations: `J.`, `U.S.`, `approx.`.
            w.chars().count() > 1 && !w.contains('.') && !ABBREVIATIONS.contains(&lower.as_str())
        }
        // A list marker at a line start (`1.`) ends no sentence.
        TokenKind::Number => i > 2 && toks[i - 3].kind() != TokenKind::Newline,
        TokenKind::Punct => matches!(doc.token_text(before), "\"" | "”" | "’" | ")" | "]"),
        _ => false,
    }
}

/// The opening marks that may stand before a sentence's first word.
const OPENERS: [&str; 8] = ["\"", "“", "‘", "'", "(", "[", "«", "„"];

/// The first word of a sentence, after opening quotes and brackets only
/// ([`OPENERS`]).
fn first_word(doc: &Document, tokens: std::ops::Range<usize>) -> Option<usize> {
    for i in tokens {
        let t = &doc.tokens[i];
        match t.kind() {
            TokenKind::Word => return Some(i),
            TokenKind::Punct if OPENERS.contains(&doc.token_text(t)) => {}
            _ => return None,
        }
    }
    None
}

/// A lowercase word of letters the lexicon knows in lowercase: not an
/// identifier (`os.path`), a brand (`iPhone`) or an unknown token.
fn is_plain_lowercase_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_lowercase)
        && chars.all(|c| c.is_lowercase() || c == '’' || c == '\'' || c == '-')
        && lexicon::level_exact(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::space_before_punctuation::for_random_texts;
    use super::*;
    use crate::rules::test_support::{fixes, flags, passes};

    /// The rule as it was before the lowercase test moved first.
    fn reference(doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let mut code = CodeLines::new(CODE_MARKS);
        for pair in doc.sentences.windows(2) {
            let (prev, sentence) = (&pair[0], &pair[1]);
            let gap = &text[prev.span.end..sentence.span.start];
            if gap.contains(['\n', '\r']) || !ends_with_full_stop(doc, prev.tokens.clone()) {
                continue;
            }
            let Some(w) = first_word(doc, sentence.tokens.clone()) else {
                continue;
            };
            let word = doc.token_text(&doc.tokens[w]);
            if !is_plain_lowercase_word(word) || LOWERCASE_NAMES.contains(&word) {
                continue;
            }
            let after = &text[doc.tokens[w].span().end..];
            if after.starts_with(['(', '.', '_', '=', ':', '/', '@', '-', '\''])
                && !after.starts_with(". ")
            {
                continue;
            }
            if code.is_code(doc, sentence.span.start) {
                continue;
            }
            let span = doc.tokens[w].span();
            let mut chars = word.chars();
            let capitalised: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            out.push(
                LOWERCASE_SENTENCE_START
                    .diagnostic(span, format!("sentence starts in lowercase: `{word}`"))
                    .with_fix(Fix::replace(Applicability::Unsafe, span, capitalised)),
            );
        }
    }

    #[test]
    fn agrees_with_the_reference_order() {
        let pieces = [
            "the",
            "this",
            "writes",
            "npm",
            "The",
            "He",
            "said",
            "U.S",
            "approx",
            "Jr",
            "J",
            "2014",
            "1",
            "é",
            "éclair",
            "Éclair",
            "ß",
            " ",
            " ",
            " ",
            "\n",
            ". ",
            ".",
            "? ",
            "! ",
            "... ",
            "…",
            "”",
            "“",
            "\"",
            "(",
            ")",
            "=",
            "os.path",
            "x(",
            "'",
            "‘",
            "«",
            "said. the ",
            "in 2014. it ",
            "“far away.” not ",
            "etc. and ",
            "(in the east). it",
        ];
        let mut found = 0;
        for_random_texts(&pieces, 6000, |text| {
            let doc = Document::from_text(text);
            let mut fast = Vec::new();
            LowercaseSentenceStart.check(&doc, &mut fast);
            let mut slow = Vec::new();
            reference(&doc, &mut slow);
            assert_eq!(fast, slow, "on {text:?}");
            found += fast.len();
        });
        assert!(found > 100, "the texts should hold findings: {found}");
    }

    #[test]
    fn flags_lowercase_after_a_full_stop() {
        flags(
            &LowercaseSentenceStart,
            "the Russian official said. this dialogue, according to TASS. Lavrov expects a reply by next week. writes Washington Post.",
            &["this", "writes"],
        );
    }

    #[test]
    fn flags_lowercase_after_a_closing_quote() {
        flags(
            &LowercaseSentenceStart,
            "the possibilities are “far away.” not exhausted.",
            &["not"],
        );
    }

    #[test]
    fn flags_after_a_number_or_bracket() {
        flags(
            &LowercaseSentenceStart,
            "It happened in 2014. the war began (in the east). it went on.",
            &["the", "it"],
        );
    }

    #[test]
    fn capitalises_as_an_unsafe_fix() {
        fixes(
            &LowercaseSentenceStart,
            "on Monday. the delegation left.",
            "on Monday. The delegation left.",
        );
    }

    #[test]
    fn passes_abbreviations_and_initials() {
        passes(
            &LowercaseSentenceStart,
            "The U.S. team met at 10 a.m. on Friday, e.g. at home, with J. smith, approx. ten people, etc. and more, vs. them.",
        );
    }

    #[test]
    fn passes_ellipses_and_dialogue() {
        passes(
            &LowercaseSentenceStart,
            "Well... maybe. “Why?” he asked. “Stop!” she cried. Wait… what?",
        );
    }

    #[test]
    fn passes_lowercase_brands_and_identifiers() {
        passes(
            &LowercaseSentenceStart,
            "He sold the phone. iPhone sales fell. Then he left. eBay grew. Run the tests. npm installs them. Call it. os.path.join is used.",
        );
    }

    #[test]
    fn passes_new_lines_lists_and_code() {
        passes(
            &LowercaseSentenceStart,
            "Steps:\n- open the file.\nthen close it.\n\nx = 1. y = 2.",
        );
    }

    #[test]
    fn passes_numbered_lists_and_taxonomy() {
        passes(
            &LowercaseSentenceStart,
            "The suite has three layers:\n\n1. unit tests for the core;\n2. unit tests for the UI.",
        );
        passes(
            &LowercaseSentenceStart,
            "Neohexostoma gymnosardae n. sp. is distinguished from its congeners.",
        );
    }

    #[test]
    fn passes_unknown_words_and_numbers() {
        passes(
            &LowercaseSentenceStart,
            "Install it. numpy is required. It costs $5. 3 people came.",
        );
    }

    #[test]
    fn passes_proper_sentences() {
        passes(
            &LowercaseSentenceStart,
            "Russia sees options. The minister said so. “It is fine,” said Putin. (He agreed.) Dr. Smith came.",
        );
    }
}
