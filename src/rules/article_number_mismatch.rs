//! `a`/`an` before a plural noun (`a chances`). The hard part is the plural
//! used as a modifier (`a sales team`), so the plural must end its phrase.

use super::word_classes::{is_in, PHRASE_BOUNDARY};
use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;
use crate::text::lexicon;
use crate::text::tokens::{shape, Token, TokenKind};
use crate::text::{Document, Indexed};

declare_rule! {
    /// ## What it flags
    /// The article `a` or `an` directly before a plural noun that ends its
    /// phrase: `there is always a chances”`, `we reached an agreements with`.
    ///
    /// ## Why it matters
    /// Machine translation from languages without articles, or with a
    /// different number system, mixes a singular article with a plural noun.
    /// Human writers almost never do.
    ///
    /// ## Example
    /// Flagged: `there is always a chances`. Instead: `there is always a chance`
    /// or `there are always chances`.
    ///
    /// ## False positives
    /// Only a word whose singular is a common English word counts as a plural,
    /// and only when punctuation or a function word follows it, so plural
    /// modifiers (`a sales team`, `an arms race`, `a sports car`) pass. Nouns
    /// that end in `s` in the singular (`a series`, `a species`, `a news
    /// conference`, `a means`, `a crisis`, `a bus`, `a process`, `a status`)
    /// and adjectives (`a famous`, `a serious`) are not plurals here; nor is a
    /// letter used as a label (`vitamin a levels`). No fix is offered: either
    /// the article or the plural may be the error.
    pub const ARTICLE_NUMBER_MISMATCH = RuleMeta {
        code: "MT007",
        name: "article-number-mismatch",
        severity: Severity::Warning,
        summary: "`a`/`an` before a plural noun (`a chances`).",
    };
}

pub struct ArticleNumberMismatch;

/// Words that look plural but are singular, uncountable or not nouns.
const NOT_PLURAL: &[&str] = &[
    "alms",
    "always",
    "besides",
    "billiards",
    "cosmos",
    "crossroads",
    "darts",
    "gallows",
    "headquarters",
    "innings",
    "kudos",
    "means",
    "mews",
    "news",
    "odds",
    "perhaps",
    "premises",
    "series",
    "sometimes",
    "species",
    "summons",
    "sweepstakes",
    "thanks",
    "towards",
    "ways",
    "whereabouts",
    "works",
    "yes",
];

/// Nouns after which `a` is a label, not an article (`vitamin a`, `type a`).
const LABEL_NOUNS: &[&str] = &[
    "appendix",
    "class",
    "column",
    "exhibit",
    "figure",
    "grade",
    "group",
    "hepatitis",
    "influenza",
    "option",
    "part",
    "person",
    "phase",
    "plan",
    "point",
    "row",
    "schedule",
    "section",
    "table",
    "type",
    "vitamin",
];

/// Singulars must be at least this common (SCOWL size level).
const MAX_SINGULAR_LEVEL: u8 = 35;

impl Rule for ArticleNumberMismatch {
    fn meta(&self) -> &RuleMeta {
        &ARTICLE_NUMBER_MISMATCH
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let toks = &doc.tokens;
        // Every `a` and `an` in any case, in token order.
        let mut articles: Vec<u32> = [Indexed::A, Indexed::An]
            .iter()
            .flat_map(|&w| doc.positions(w).iter().copied())
            .collect();
        articles.sort_unstable();
        for i in articles {
            let i = i as usize;
            let (Some(art), Some(gap), Some(noun)) =
                (toks.get(i), toks.get(i + 1), toks.get(i + 2))
            else {
                continue;
            };
            if gap.kind() != TokenKind::Space || !noun.is_word() || !may_be_plural(doc, noun) {
                continue;
            }
            let article = doc.token_text(art);
            // Capital `A` can be a name or variable (`A tries to lock`); `An` cannot.
            let lowercase = matches!(article, "a" | "an");
            let sentence_initial = article == "An" && starts_sentence(doc, i);
            if !(lowercase || sentence_initial) || is_option_letter(doc, i) {
                continue;
            }
            let word = doc.token_text(noun);
            if !is_plural(word) || !ends_phrase(doc, i + 2) || follows_label_noun(doc, i) {
                continue;
            }
            out.push(ARTICLE_NUMBER_MISMATCH.diagnostic(
                Span::new(art.span().start, noun.span().end),
                format!("`{article}` is singular but `{word}` is plural"),
            ));
        }
    }
}

/// A lowercase word that is the regular plural of a common noun.
/// Whether `is_plural` may hold for the token's text: it asks for four
/// lowercase ASCII letters or more ending in `s`, which the token's shape
/// and last byte tell without reading the article or the noun's text.
fn may_be_plural(doc: &Document, noun: &Token) -> bool {
    noun.has_shape(shape::LOWER) && noun.len() >= 4 && doc.text().as_bytes()[noun.end() - 1] == b's'
}

fn is_plural(word: &str) -> bool {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    // `class`, `bus`, `crisis`, `famous`, `politics` are singular.
    if !word.ends_with('s')
        || ["ss", "us", "is", "ics"].iter().any(|e| word.ends_with(e))
        || NOT_PLURAL.contains(&word)
        || !lexicon::contains(word)
    {
        return false;
    }
    let common =
        |w: &str| w.len() >= 3 && lexicon::level_exact(w).is_some_and(|l| l <= MAX_SINGULAR_LEVEL);
    let stem = &word[..word.len() - 1];
    if common(stem) {
        return true;
    }
    if let Some(stem) = word.strip_suffix("es") {
        if common(stem) {
            return true;
        }
    }
    word.strip_suffix("ies")
        .is_some_and(|stem| common(&format!("{stem}y")))
}

/// The plural is the head of its phrase: punctuation (not a possessive
/// apostrophe or hyphen), the end of the text or a function word follows.
fn ends_phrase(doc: &Document, noun: usize) -> bool {
    let Some(next) = doc.tokens.get(noun + 1) else {
        return true;
    };
    if next.kind() == TokenKind::Punct {
        // `a kids’ party`, `a sales-driven firm`, `a curses/termcap package`
        return !matches!(doc.token_text(next), "’" | "'" | "-" | "‐" | "/");
    }
    let Some(j) = doc.next_non_space(noun) else {
        return true;
    };
    let t = &doc.tokens[j];
    match t.kind() {
        TokenKind::Word => is_in(PHRASE_BOUNDARY, &doc.token_text(t).to_lowercase()),
        TokenKind::Punct => true,
        _ => false,
    }
}

/// `-a implies -n`: a command-line option, not an article.
fn is_option_letter(doc: &Document, i: usize) -> bool {
    i > 0 && matches!(doc.token_text(&doc.tokens[i - 1]), "-" | "‐" | "−")
}

fn starts_sentence(doc: &Document, i: usize) -> bool {
    doc.sentence_of(doc.tokens[i].span().start)
        .is_some_and(|s| doc.sentences[s].span.start == doc.tokens[i].span().start)
}

fn follows_label_noun(doc: &Document, i: usize) -> bool {
    doc.prev_non_space(i).is_some_and(|j| {
        let t = &doc.tokens[j];
        t.is_word() && LABEL_NOUNS.contains(&doc.token_text(t).to_lowercase().as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::ArticleNumberMismatch;
    use super::{is_plural, may_be_plural};
    use crate::rules::test_support::{assert_filter_admits, flags, passes};

    /// The shape test before `is_plural` lets every plural through.
    #[test]
    fn may_be_plural_admits_every_plural() {
        let pieces = [
            "chances",
            "policies",
            "wishes",
            "agreements",
            "problems",
            "cats",
            "dogs",
            "boxes",
            "cities",
            "news",
            "works",
            "Chances",
            "PROBLEMS",
            "bus",
            "s",
            "es",
            "ies",
            "a",
            "é",
            "’",
            "'",
            "-",
            ".",
            "1",
            " ",
            " ",
            " ",
            "\n",
        ];
        let (plural, other) = assert_filter_admits(&pieces, 4000, is_plural, may_be_plural);
        assert!(plural > 2_000 && other > 10_000, "{plural} {other}");
    }

    #[test]
    fn flags_article_before_plural_at_phrase_end() {
        flags(
            &ArticleNumberMismatch,
            "I must say that there is always a chances”, Lavrov said.",
            &["a chances"],
        );
    }

    #[test]
    fn flags_an_before_plural_followed_by_function_word() {
        flags(
            &ArticleNumberMismatch,
            "They reached an agreements with Kyiv. It is a problems of trust.",
            &["an agreements", "a problems"],
        );
    }

    #[test]
    fn flags_ies_and_es_plurals_and_sentence_start() {
        flags(
            &ArticleNumberMismatch,
            "An policies of this kind fail. He has a wishes.",
            &["An policies", "a wishes"],
        );
    }

    #[test]
    fn allows_plural_modifiers() {
        passes(
            &ArticleNumberMismatch,
            "a sales team, an arms race, a sports car, a savings account, a jobs report, \
             a weapons system, a customs officer, a goods train",
        );
    }

    #[test]
    fn allows_singular_nouns_in_s() {
        passes(
            &ArticleNumberMismatch,
            "a series of talks, a species of bird, a means to an end, a lens, a bus, a gas, \
             a process, a class, a crisis, a thesis, a basis, a status, a virus, a campus, \
             a census, a chess set, a summons, a crossroads.",
        );
    }

    #[test]
    fn allows_news_and_thanks() {
        passes(
            &ArticleNumberMismatch,
            "a news conference and a thanks to all, with a ways to go and a yes or no.",
        );
    }

    #[test]
    fn allows_adjectives_and_adverbs_in_s() {
        passes(
            &ArticleNumberMismatch,
            "a famous, serious and previous case; a sometimes difficult talk; a various lot",
        );
    }

    #[test]
    fn allows_few_lot_numbers_and_names() {
        passes(
            &ArticleNumberMismatch,
            "a few, a lot, a 1990s band, an 80s hit, a Jones, a US plan, a Russia’s",
        );
    }

    #[test]
    fn allows_possessive_and_hyphenated_plurals() {
        passes(
            &ArticleNumberMismatch,
            "a kids’ party, a girls' school, a sales-driven firm",
        );
    }

    #[test]
    fn allows_options_and_capital_a_as_a_name() {
        passes(
            &ArticleNumberMismatch,
            "Now -a implies -n. A tries to grab the lock. Is there a curses/termcap package?",
        );
    }

    #[test]
    fn allows_letters_used_as_labels() {
        passes(
            &ArticleNumberMismatch,
            "Vitamin a levels fell. In type a cases it is. Plan A costs less.",
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        passes(&ArticleNumberMismatch, "");
        passes(&ArticleNumberMismatch, "a");
        passes(&ArticleNumberMismatch, "a é 😀 an x\u{301}s");
    }
}
