//! A modal verb followed by `to` and a verb (`should to pack`). `will`,
//! `might`, `can`, `must` and `may` are also nouns or a month (`the will to
//! live`), so those count only after a subject.

use super::word_classes::{is_in, DETERMINERS, SUBJECTS};
use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::lexicon;
use crate::text::tokens::{shape, Token, TokenKind};
use crate::text::{Document, Indexed};

declare_rule! {
    /// ## What it flags
    /// A modal verb directly followed by `to` and a verb: `NATO should to
    /// pack up`, `we must to act`, `they could to win`.
    ///
    /// ## Why it matters
    /// English modals take a bare infinitive. Machine translation from
    /// languages whose modals take an infinitive marker (`sollte zu`, `должны`)
    /// inserts the `to`.
    ///
    /// ## Example
    /// Flagged: `NATO should to pack up`. Instead: `NATO should pack up`.
    ///
    /// ## False positives
    /// `ought to`, `have to`, `need to`, `used to` and `able to` are not
    /// modals here. Noun uses are skipped: `the will to live`, `political will
    /// to act`, `with all his might to`, `a must to see`, `a can to hold`.
    /// `will`, `might`, `can`, `must` and `may` count only after a subject pronoun or
    /// a capitalised name. Elliptic clauses (`did everything they could to
    /// help`, `all we can to stop it`, `as much as it can to`) and `May to June`
    /// are allowed.
    ///
    /// ## Fix safety
    /// Removing `to` is an unsafe fix: occasionally the modal was meant as a
    /// noun or a verb is missing.
    pub const MODAL_TO = RuleMeta {
        code: "MT008",
        name: "modal-to",
        severity: Severity::Warning,
        summary: "A modal verb followed by `to` (`should to pack`).",
    };
}

pub struct ModalTo;

/// Modals that are never nouns.
const PURE_MODALS: &[&str] = &["could", "shall", "should", "would"];
/// Modals that double as nouns (`the will to live`, `his might`, `a must`)
/// or months (`may to june`).
const AMBIGUOUS_MODALS: &[&str] = &["can", "may", "might", "must", "will"];

/// Words that end an elliptic clause before the modal: `everything they
/// could [do] to help`, `as much as we can [do] to`.
const ELLIPSIS_CUES: &[&str] = &[
    "all",
    "anything",
    "as",
    "best",
    "everything",
    "little",
    "more",
    "most",
    "much",
    "nothing",
    "something",
    "utmost",
    "what",
    "whatever",
];

impl Rule for ModalTo {
    fn meta(&self) -> &RuleMeta {
        &MODAL_TO
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let toks = &doc.tokens;
        for &j in doc.positions(Indexed::To) {
            let Some(i) = (j as usize).checked_sub(2) else {
                continue;
            };
            let Some(verb) = toks.get(i + 4) else {
                continue;
            };
            let (modal, to) = (&toks[i], &toks[i + 2]);
            if !modal.is_word()
                || !may_be_modal(modal)
                || !verb.has_shape(shape::LOWER)
                || toks[i + 1].kind() != TokenKind::Space
                || toks[i + 3].kind() != TokenKind::Space
                || !verb.is_word()
            {
                continue;
            }
            let m = doc.token_text(modal);
            let pure = PURE_MODALS.contains(&m);
            let nounish = AMBIGUOUS_MODALS.contains(&m);
            // Capitalised `May` is a month; `Will`, `Can` sentence-initial are rare.
            if !(pure || nounish) {
                continue;
            }
            let v = doc.token_text(verb);
            if !v.bytes().all(|b| b.is_ascii_lowercase()) || !lexicon::contains(v) {
                continue;
            }
            let prev = previous_words(doc, i, 4);
            if prev
                .first()
                .is_some_and(|p| is_in(DETERMINERS, &p.to_lowercase()))
            {
                continue; // `the will to live`, `a must to see`
            }
            if nounish && !prev.first().is_some_and(|p| is_subject(p)) {
                continue;
            }
            if prev
                .iter()
                .skip(1)
                .any(|p| is_in(ELLIPSIS_CUES, &p.to_lowercase()))
            {
                continue;
            }
            out.push(
                MODAL_TO
                    .diagnostic(
                        Span::new(modal.span().start, to.span().end),
                        format!("`{m}` takes a bare infinitive: `{m} {v}`"),
                    )
                    .with_fix(Fix::replace(
                        Applicability::Unsafe,
                        Span::new(modal.span().end, to.span().end),
                        "",
                    )),
            );
        }
    }
}

/// Whether the token may be one of the modals: every modal is three to six
/// lowercase ASCII letters, which the token's shape and length tell before
/// any text is compared. (A verb that must be lowercase ASCII is simply a
/// token of shape [`shape::LOWER`].)
fn may_be_modal(t: &Token) -> bool {
    t.has_shape(shape::LOWER) && (3..=6).contains(&t.len())
}

/// Up to `n` words before token `i` in the same sentence, nearest first.
fn previous_words(doc: &Document, i: usize, n: usize) -> Vec<&str> {
    let mut words = Vec::new();
    let mut j = i;
    while words.len() < n {
        let Some(k) = doc.prev_non_space(j) else {
            break;
        };
        let t = &doc.tokens[k];
        if !t.is_word() {
            break; // punctuation ends the clause
        }
        words.push(doc.token_text(t));
        j = k;
    }
    words
}

/// A subject before a noun-like modal: a pronoun (`they will to`) or a
/// capitalised name that is not a common word (`NATO`, `Lavrov`).
fn is_subject(word: &str) -> bool {
    let lower = word.to_lowercase();
    if is_in(SUBJECTS, &lower) {
        return true;
    }
    word.chars().next().is_some_and(char::is_uppercase) && lexicon::level_exact(&lower).is_none()
}

#[cfg(test)]
mod tests {
    use super::ModalTo;
    use super::{may_be_modal, AMBIGUOUS_MODALS, PURE_MODALS};
    use crate::rules::space_before_punctuation::for_random_texts;
    use crate::rules::test_support::{fixes, flags, passes};
    use crate::text::tokens::shape;
    use crate::text::Document;

    /// The shape tests before the modal and verb text tests let every
    /// modal and every lowercase ASCII verb through.
    #[test]
    fn shape_tests_admit_every_modal_and_verb() {
        let pieces = [
            "could", "shall", "should", "would", "can", "may", "might", "must", "will", "Will",
            "pack", "go", "é", "’", "-", "1", " ", " ", " ", "\n",
        ];
        let (mut modals, mut verbs, mut other) = (0, 0, 0);
        for_random_texts(&pieces, 4000, |text| {
            let doc = Document::from_text(text);
            for t in doc.tokens.iter().filter(|t| t.is_word()) {
                let w = doc.token_text(t);
                if PURE_MODALS.contains(&w) || AMBIGUOUS_MODALS.contains(&w) {
                    modals += 1;
                    assert!(may_be_modal(t), "{w:?} in {text:?}");
                }
                let lower = w.bytes().all(|b| b.is_ascii_lowercase());
                assert_eq!(t.has_shape(shape::LOWER), lower, "{w:?} in {text:?}");
                if lower {
                    verbs += 1;
                } else {
                    other += 1;
                }
            }
        });
        assert!(
            modals > 4_000 && verbs > 10_000 && other > 10_000,
            "{modals} {verbs} {other}"
        );
    }

    #[test]
    fn flags_should_to() {
        flags(
            &ModalTo,
            "Lavrov said NATO should to pack up and leave.",
            &["should to"],
        );
    }

    #[test]
    fn flags_noun_like_modals_after_a_subject() {
        flags(
            &ModalTo,
            "We must to act now. They will to discuss it. NATO can to decide.",
            &["must to", "will to", "can to"],
        );
    }

    #[test]
    fn removes_to() {
        fixes(&ModalTo, "NATO should to pack up.", "NATO should pack up.");
    }

    #[test]
    fn allows_semi_modals() {
        passes(
            &ModalTo,
            "You ought to go. We have to go. They need to go. He used to go. She is able to go.",
        );
    }

    #[test]
    fn allows_will_and_might_as_nouns() {
        passes(
            &ModalTo,
            "The will to live is strong. There is political will to act, a will to win, \
             his will to fight and free will to choose. He pushed with all his might to open it.",
        );
    }

    #[test]
    fn allows_must_and_can_as_nouns() {
        passes(&ModalTo, "It is a must to see. Use a can to hold water.");
    }

    #[test]
    fn allows_elliptic_clauses() {
        passes(
            &ModalTo,
            "They did everything they could to help. We do all we can to stop it. \
             It does as much as it can to reduce costs. She did what she could to calm them.",
        );
    }

    #[test]
    fn allows_the_month_may() {
        passes(&ModalTo, "From May to June prices rose. From may to june.");
    }

    #[test]
    fn allows_would_to_god_and_non_verbs() {
        passes(&ModalTo, "Would to God it were so. It should to 5 rise.");
    }

    #[test]
    fn never_panics_on_odd_input() {
        passes(&ModalTo, "");
        passes(&ModalTo, "should to");
        passes(&ModalTo, "should to é 😀");
    }
}
