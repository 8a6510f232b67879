//! A lowercase word glued to a capitalised one (`negotiationsLavrov`), where
//! a space or a closing quote was lost. camelCase identifiers and brands
//! share the shape, so the right-hand side must be a name or a sentence start.

use super::word_classes::is_in;
use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::lexicon;
use crate::text::Document;
use rustc_hash::FxHashSet as HashSet;

declare_rule! {
    /// ## What it flags
    /// A lowercase word run into a capitalised name or sentence start:
    /// `negotiationsLavrov`, `moveLavrov`, `saidThe`.
    ///
    /// ## Why it matters
    /// Scrapers drop the space, quote or line break between a quotation and
    /// its attribution, or between two sentences. The result reads as one
    /// unknown word and hides a missing quote or full stop.
    ///
    /// ## Example
    /// Flagged: `now is the time for things to moveLavrov told a news conference`.
    /// Instead: `now is the time for things to move,” Lavrov told a news conference`.
    ///
    /// ## False positives
    /// The left part must be an English word and the right part a listed
    /// proper noun, a capitalised word used on its own elsewhere in the
    /// document, or a capitalised function word (`The`, `But`). camelCase
    /// identifiers (`getElementById`, `onClick`, `toString`), brands
    /// (`iPhone`, `eBay`, `macOS`, `easyJet`), name particles (`deGrasse`) and
    /// tokens repeated in the document are not flagged.
    ///
    /// ## Fix safety
    /// Inserting a space at the seam is an unsafe fix: a comma, quote mark or
    /// full stop is often missing as well.
    pub const GLUED_CAPITAL = RuleMeta {
        code: "MT004",
        name: "glued-capital",
        severity: Severity::Warning,
        summary: "A word glued to a following capitalised name (`negotiationsLavrov`).",
    };
}

pub struct GluedCapital;

/// Identifier verbs and short words that start camelCase names (`getName`, `onClick`).
const IDENT_PREFIXES: &[&str] = &[
    "add", "as", "by", "can", "create", "delete", "did", "do", "find", "for", "from", "get",
    "handle", "has", "hide", "if", "in", "init", "is", "load", "make", "my", "new", "of", "old",
    "on", "open", "parse", "read", "remove", "render", "set", "should", "show", "the", "to",
    "update", "use", "with", "write",
];

/// Lowercase name particles before a capital: `deGrasse`, `vanDyke`, `bin Laden`.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "el", "ibn",
    "la", "le", "mac", "mc", "ten", "ter", "van", "von",
];

/// Brands whose lowercase start is part of the name.
const BRANDS: &[&str] = &["airBaltic", "easyJet", "smartHome", "youGov"];

/// Capitalised function words that begin a sentence glued to the previous one.
const SENTENCE_STARTS: &[&str] = &[
    "And", "But", "He", "However", "It", "She", "That", "The", "There", "These", "They", "This",
    "We", "When", "While",
];

impl Rule for GluedCapital {
    fn meta(&self) -> &RuleMeta {
        &GLUED_CAPITAL
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        // Capitalised tokens of the document, built on the first candidate only.
        let mut capitalised: Option<HashSet<&str>> = None;
        // `single_hump` needs an ASCII capital after an ASCII lowercase start.
        for &i in doc.words_with_inner_capital() {
            let i = i as usize;
            let t = &doc.tokens[i];
            if !doc.text().as_bytes()[t.start()].is_ascii_lowercase() {
                continue;
            }
            let token = doc.token_text(t);
            let word = strip_possessive(token);
            let Some(k) = single_hump(word) else {
                continue;
            };
            let (left, right) = word.split_at(k);
            if !left_is_word(left) || BRANDS.contains(&word) || in_code(doc, i) {
                continue;
            }
            if lexicon::contains(word) || doc.word_count(word) > 1 {
                continue;
            }
            if !right_is_name_or_start(doc, right, &mut capitalised) {
                continue;
            }
            let seam = t.span().start + k;
            out.push(
                GLUED_CAPITAL
                    .diagnostic(
                        Span::new(t.span().start, t.span().start + word.len()),
                        format!("`{left}` and `{right}` are glued together"),
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

fn strip_possessive(token: &str) -> &str {
    token
        .strip_suffix("’s")
        .or_else(|| token.strip_suffix("'s"))
        .unwrap_or(token)
}

/// For `[a-z]{2,}[A-Z][a-z]+` (ASCII only), the index of the capital.
fn single_hump(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    let k = b.iter().position(|c| !c.is_ascii_lowercase())?;
    let rest_ok = b.len() > k + 1 && b[k + 1..].iter().all(u8::is_ascii_lowercase);
    (k >= 2 && b[k].is_ascii_uppercase() && rest_ok).then_some(k)
}

fn left_is_word(left: &str) -> bool {
    if is_in(IDENT_PREFIXES, left) || is_in(NAME_PARTICLES, left) {
        return false;
    }
    lexicon::level_exact(left).is_some_and(|l| left.len() >= 3 || l <= 20)
}

/// Identifiers sit right after `.`, `_`, `$`, `#`, `@`, `/`, `<`, `{`, `[`,
/// `=` or right before `(`, `_`, `=`, `[`, `{`, `<`, `/`, or a `.` that is
/// not followed by a space (`user.firstName`, `toString()`).
fn in_code(doc: &Document, i: usize) -> bool {
    let text_at = |j: usize| doc.tokens.get(j).map(|t| doc.token_text(t));
    let before = i > 0
        && matches!(
            text_at(i - 1),
            Some("." | "_" | "$" | "#" | "@" | "/" | "<" | "{" | "[" | "=")
        );
    let after = match text_at(i + 1) {
        Some("(" | "_" | "=" | "[" | "{" | "<" | "/") => true,
        Some(".") => doc.tokens.get(i + 2).is_some_and(|t| !t.is_space()),
        _ => false,
    };
    before || after
}

/// The document's words that start with an ASCII capital, possessive
/// stripped. `right` parts are ASCII (`[A-Z][a-z]+`), so only words with an
/// ASCII capital can equal one: the set is built from
/// [`Document::words_with_capital`], not from every token.
fn capitalised_tokens(doc: &Document) -> HashSet<&str> {
    doc.words_with_capital()
        .iter()
        .map(|&i| doc.token_text(&doc.tokens[i as usize]))
        .filter(|w| w.as_bytes()[0].is_ascii_uppercase())
        .map(strip_possessive)
        .collect()
}

/// Whether `right` is a sentence start or a name: listed, or used on its
/// own in `doc` (looked up in [`capitalised_tokens`], built into
/// `capitalised` on first need).
fn right_is_name_or_start<'a>(
    doc: &'a Document,
    right: &str,
    capitalised: &mut Option<HashSet<&'a str>>,
) -> bool {
    if SENTENCE_STARTS.contains(&right) {
        return true;
    }
    // A capitalised common word (`Jet`, `Book`) is more likely a brand than a seam.
    if lexicon::level_exact(&right.to_ascii_lowercase()).is_some() {
        return false;
    }
    lexicon::is_listed_capitalised(right)
        || (may_be_capitalised_token(doc, right)
            && capitalised
                .get_or_insert_with(|| capitalised_tokens(doc))
                .contains(right))
}

/// Whether [`capitalised_tokens`] may hold `right`: some word of `doc` is
/// `right`, `right's` or `right’s` in some case. The document's word counts
/// answer without building the set, which most documents then never need.
fn may_be_capitalised_token(doc: &Document, right: &str) -> bool {
    doc.word_count(right) > 0
        || doc.word_count(&format!("{right}'s")) > 0
        || doc.word_count(&format!("{right}\u{2019}s")) > 0
}

#[cfg(test)]
mod tests {
    use super::GluedCapital;
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn word_count_gate_keeps_every_capitalised_token() {
        use super::{capitalised_tokens, may_be_capitalised_token};
        use crate::text::Document;
        let pieces = [
            "Lavrov",
            "lavrov",
            "LAVROV",
            "Lavrov's",
            "Lavrov’s",
            "lavrov's",
            "LavroV’S",
            "Kyiv",
            "Kyivs",
            "Kyiv’s",
            "the",
            "The",
            "And",
            "Sáo",
            "Ab",
            "ab's",
            "x",
            "negotiationsLavrov",
        ];
        let rights = [
            "Lavrov",
            "Kyiv",
            "Kyivs",
            "The",
            "And",
            "Ab",
            "Ba",
            "Negotiations",
        ];
        let mut next = crate::test_rng::below(7);
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..6 {
                text.push_str(pieces[next(pieces.len())]);
                text.push_str([" ", ". ", "\n", ", "][next(4)]);
            }
            let doc = Document::from_text(&text);
            let set = capitalised_tokens(&doc);
            for right in rights {
                if set.contains(right) {
                    assert!(may_be_capitalised_token(&doc, right), "{right} in {text:?}");
                }
            }
        }
    }

    #[test]
    fn flags_word_glued_to_a_name_used_elsewhere() {
        flags(
            &GluedCapital,
            "Lavrov spoke. Progress was expressed in the negotiationsLavrov said. \
             It is time for things to moveLavrov told reporters.",
            &["negotiationsLavrov", "moveLavrov"],
        );
    }

    #[test]
    fn flags_word_glued_to_a_listed_place() {
        flags(
            &GluedCapital,
            "troops massed near borderRussia denied it",
            &["borderRussia"],
        );
    }

    #[test]
    fn flags_lost_sentence_break() {
        flags(
            &GluedCapital,
            "He said it was overThe talks ended.",
            &["overThe"],
        );
    }

    #[test]
    fn spans_exclude_the_possessive() {
        flags(
            &GluedCapital,
            "Lavrov arrived. It was the ministerLavrov’s turn.",
            &["ministerLavrov"],
        );
    }

    #[test]
    fn a_name_counts_when_used_capitalised_elsewhere_even_as_a_possessive() {
        flags(
            &GluedCapital,
            "Ryabkov’s aide spoke. It was in the negotiationsRyabkov said.",
            &["negotiationsRyabkov"],
        );
        flags(
            &GluedCapital,
            "Ryabkov's aide spoke. It was in the negotiationsRyabkov said.",
            &["negotiationsRyabkov"],
        );
        passes(
            &GluedCapital,
            "ryabkov spoke. It was in the negotiationsRyabkov said.",
        );
    }

    #[test]
    fn inserts_the_space() {
        fixes(
            &GluedCapital,
            "Lavrov spoke. Things must moveLavrov told them.",
            "Lavrov spoke. Things must move Lavrov told them.",
        );
    }

    #[test]
    fn allows_brands() {
        passes(
            &GluedCapital,
            "Buy an iPhone on eBay, run macOS or iOS, fly easyJet or airBaltic, use JavaScript, \
             PowerShell, YouTube, GitHub, PlayStation, WhatsApp, LinkedIn and a MacBook.",
        );
    }

    #[test]
    fn allows_names_with_particles() {
        passes(
            &GluedCapital,
            "McDonald, DiCaprio, LaGuardia, DeSantis, McConnell, O'Brien, Neil deGrasse Tyson, \
             vanDyke and daVinci.",
        );
    }

    #[test]
    fn allows_camel_case_identifiers() {
        passes(
            &GluedCapital,
            "Call getElementById or document.querySelector, set onClick, use toString(), \
             the isEmpty flag and user.firstName = x.",
        );
    }

    #[test]
    fn allows_capitalised_common_words() {
        passes(
            &GluedCapital,
            "the smartThings hub, a webKit build, the ownCloud server",
        );
    }

    #[test]
    fn allows_unknown_right_parts() {
        passes(&GluedCapital, "the dataFrame and the proxyQux object");
    }

    #[test]
    fn allows_repeated_tokens() {
        passes(
            &GluedCapital,
            "The studioRussia brand. Later studioRussia grew.",
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        passes(&GluedCapital, "");
        passes(&GluedCapital, "aB ab abC x\u{301}Y 😀Ab moveÉmile");
    }
}
