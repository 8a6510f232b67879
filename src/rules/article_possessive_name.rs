//! `the` before a possessive proper noun that takes no article (`the
//! Russia’s chances`). Names that do take one (`the Kremlin`, `the Hague`)
//! are told apart by the lexicon, a guard list and the document's own usage.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::lexicon;
use crate::text::tokens::{shape, Token, TokenKind};
use crate::text::{Document, Indexed};
use rustc_hash::FxHashSet as HashSet;

declare_rule! {
    /// ## What it flags
    /// `the` directly before the possessive of a name that takes no article:
    /// `the Russia’s chances`, `the Washington’s influence`, `the Obama's plan`.
    ///
    /// ## Why it matters
    /// Translating from languages that mark possession with a preposition
    /// (`las posibilidades de Rusia`) or that use articles with country names,
    /// MT keeps the article when it switches to the English `’s` form.
    ///
    /// ## Example
    /// Flagged: `the Russia’s chances`. Instead: `Russia’s chances`.
    ///
    /// ## False positives
    /// Names that are also common words take an article and are not flagged
    /// (`the Queen’s`, `the Bank’s`, `the Court’s`, `the Kremlin’s`, `the
    /// Pentagon’s`, `the Guardian’s`, `the Times’s`), nor are acronyms (`the
    /// EU’s`), names listed as taking an article (`the Hague’s`, `the
    /// Vatican’s`, `the Taliban’s`, rivers, seas and regions such as `the
    /// Sahel’s`), or any name the document also writes as `the Name` without
    /// a possessive (`the Donbas`), nor eponymous terms (`the Broca's area`,
    /// `the Parkinson's patients`). The name must be a listed proper noun or
    /// appear elsewhere in the document without `the`.
    ///
    /// ## Fix safety
    /// Removing `the` is an unsafe fix: rarely, the name belongs to a longer
    /// title that does take an article.
    pub const ARTICLE_POSSESSIVE_NAME = RuleMeta {
        code: "MT009",
        name: "article-possessive-name",
        severity: Severity::Warning,
        summary: "`the` before a possessive name (`the Russia’s chances`).",
    };
}

pub struct ArticlePossessiveName;

/// Proper nouns that take `the` and are not common words in the lexicon.
const THE_NAMES: &[&str] = &[
    "Acropolis",
    "Algarve",
    "Alhambra",
    "Antarctic",
    "Atlantic",
    "Baltic",
    "Bosphorus",
    "Bronx",
    "Bundesbank",
    "Bundestag",
    "Caribbean",
    "Caucasus",
    "Colosseum",
    "Congo",
    "Crimea",
    "Danube",
    "Donbas",
    "Donbass",
    "Euphrates",
    "Gambia",
    "Ganges",
    "Guggenheim",
    "Hague",
    "Kaaba",
    "Knesset",
    "Koran",
    "Levant",
    "Louvre",
    "Maghreb",
    "Mediterranean",
    "Mekong",
    "Midwest",
    "Mississippi",
    "Negev",
    "Nile",
    "Parthenon",
    "Politburo",
    "Prado",
    "Punjab",
    "Quran",
    "Rada",
    "Reichstag",
    "Rhine",
    "Riviera",
    "Ruhr",
    "Sahara",
    "Sahel",
    "Sinai",
    "Smithsonian",
    "Sorbonne",
    "Sudan",
    "Taliban",
    "Talmud",
    "Thames",
    "Tigris",
    "Torah",
    "Uffizi",
    "Vatican",
    "Volga",
    "Yangtze",
    "Yukon",
];

/// Heads of eponymous terms, where `the` belongs to the whole term (`the
/// Broca's area`, `the Parkinson's patients`).
const EPONYM_HEADS: &[&str] = &[
    "area",
    "cohort",
    "constant",
    "criteria",
    "disease",
    "disorder",
    "effect",
    "equation",
    "hypothesis",
    "index",
    "law",
    "lymphoma",
    "method",
    "number",
    "palsy",
    "paradox",
    "patients",
    "principle",
    "ratio",
    "rule",
    "sarcoma",
    "scale",
    "score",
    "sign",
    "syndrome",
    "test",
    "theorem",
];

impl Rule for ArticlePossessiveName {
    fn meta(&self) -> &RuleMeta {
        &ARTICLE_POSSESSIVE_NAME
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let toks = &doc.tokens;
        // Names the document writes with `the` (non-possessive) and bare, built lazily.
        let mut usage: Option<Usage> = None;
        for &i in doc.positions(Indexed::The) {
            let i = i as usize;
            let (Some(art), Some(gap), Some(name_tok)) =
                (toks.get(i), toks.get(i + 1), toks.get(i + 2))
            else {
                continue;
            };
            if gap.kind() != TokenKind::Space
                || !name_tok.is_word()
                || !may_be_possessive_name(doc, name_tok)
                || !matches!(doc.token_text(art), "the" | "The")
            {
                continue;
            }
            let Some(name) = possessive_name(doc.token_text(name_tok)) else {
                continue;
            };
            if lexicon::level_exact(&name.to_ascii_lowercase()).is_some()
                || THE_NAMES.contains(&name)
            {
                continue;
            }
            // `the Broca's area`; `the Rubik's Cube`, `the Queen's English`:
            // the article belongs to the whole term.
            let head = doc.next_non_space(i + 2).map(|j| doc.token_text(&toks[j]));
            if head.is_some_and(|h| {
                EPONYM_HEADS.contains(&h) || h.chars().next().is_some_and(char::is_uppercase)
            }) {
                continue;
            }
            if is_demonym(name) {
                continue; // `the Egyptian's hand`: a person, not a country
            }
            let usage = usage.get_or_insert_with(|| Usage::of(doc));
            if usage.with_article.contains(name) {
                continue;
            }
            if !lexicon::is_listed_capitalised(name) && !usage.bare.contains(name) {
                continue;
            }
            out.push(
                ARTICLE_POSSESSIVE_NAME
                    .diagnostic(
                        Span::new(art.span().start, name_tok.span().end),
                        format!("`{name}` takes no article: drop `{}`", doc.token_text(art)),
                    )
                    .with_fix(Fix::replace(
                        Applicability::Unsafe,
                        Span::new(art.span().start, name_tok.span().start),
                        "",
                    )),
            );
        }
    }
}

/// `Egyptian`, `Chinese`, `Frenchman`, `Israeli`: nouns for people take `the`.
fn is_demonym(name: &str) -> bool {
    const OTHERS: &[&str] = &[
        "Afghan",
        "African",
        "American",
        "Bangladeshi",
        "Cuban",
        "Dominican",
        "German",
        "Iraqi",
        "Israeli",
        "Kenyan",
        "Kuwaiti",
        "Mexican",
        "Moroccan",
        "Nepali",
        "Omani",
        "Pakistani",
        "Qatari",
        "Saudi",
        "Somali",
        "Thai",
        "Tibetan",
        "Yemeni",
    ];
    ["ian", "ean", "ese", "man", "ite"]
        .iter()
        .any(|s| name.ends_with(s))
        || OTHERS.contains(&name)
}

/// `Russia’s` -> `Russia`, for a capitalised ASCII name of three letters or
/// more (so not `EU’s`, `McCain’s`).
/// Whether `possessive_name` may hold for the token's text: a possessive
/// name starts with an ASCII capital and ends in `s`, which the token's
/// shape and last byte tell before any text is compared.
fn may_be_possessive_name(doc: &Document, token: &Token) -> bool {
    token.has_shape(shape::HAS_UPPER) && doc.text().as_bytes()[token.end() - 1] == b's'
}

fn possessive_name(token: &str) -> Option<&str> {
    let name = token
        .strip_suffix("’s")
        .or_else(|| token.strip_suffix("'s"))?;
    let b = name.as_bytes();
    let ok = b.len() >= 3 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase);
    ok.then_some(name)
}

struct Usage<'a> {
    /// Names written `the Name` without a possessive somewhere.
    with_article: HashSet<&'a str>,
    /// Names written without `the` before them somewhere (possessive or not).
    bare: HashSet<&'a str>,
}

impl<'a> Usage<'a> {
    fn of(doc: &'a Document) -> Usage<'a> {
        let mut with_article = HashSet::default();
        let mut bare = HashSet::default();
        let mut prev_word: Option<&str> = None;
        for t in &doc.tokens {
            match t.kind() {
                TokenKind::Word => {
                    let w = doc.token_text(t);
                    let after_the = matches!(prev_word, Some("the" | "The"));
                    prev_word = Some(w);
                    // Only capitalised words are ever looked up (see
                    // `possessive_name`).
                    if !w.as_bytes()[0].is_ascii_uppercase() {
                        continue;
                    }
                    if let Some(name) = possessive_name(w) {
                        if !after_the {
                            bare.insert(name);
                        }
                    } else if after_the {
                        with_article.insert(w);
                    } else {
                        bare.insert(w);
                    }
                }
                TokenKind::Space | TokenKind::Newline => {}
                _ => prev_word = None,
            }
        }
        Usage { with_article, bare }
    }
}

#[cfg(test)]
mod tests {
    use super::ArticlePossessiveName;
    use super::{may_be_possessive_name, possessive_name};
    use crate::rules::test_support::{assert_filter_admits, fixes, flags, passes};

    /// The shape test before `possessive_name` lets every possessive name
    /// through.
    #[test]
    fn may_be_possessive_name_admits_every_possessive_name() {
        let pieces = [
            "Russia’s",
            "Kyiv's",
            "Abs",
            "Ab’s",
            "EU’s",
            "Smiths’",
            "russia’s",
            "Élysée’s",
            "Russia",
            "’s",
            "'s",
            "’",
            "'",
            "s",
            "S",
            "x",
            "é",
            " ",
            " ",
            " ",
            "\n",
            ".",
        ];
        let (names, other) = assert_filter_admits(
            &pieces,
            4000,
            |w| possessive_name(w).is_some(),
            may_be_possessive_name,
        );
        assert!(names > 500 && other > 5_000, "{names} {other}");
    }

    #[test]
    fn flags_country_and_city_possessives() {
        flags(
            &ArticlePossessiveName,
            "He doubted the Russia’s chances and the Washington’s influence.",
            &["the Russia’s", "the Washington’s"],
        );
    }

    #[test]
    fn flags_names_known_from_the_document() {
        flags(
            &ArticlePossessiveName,
            "Zelenskyy spoke. The Zelenskyy's office said no.",
            &["The Zelenskyy's"],
        );
    }

    #[test]
    fn drops_the_article() {
        fixes(
            &ArticlePossessiveName,
            "the Russia’s chances",
            "Russia’s chances",
        );
    }

    #[test]
    fn allows_names_that_are_common_words() {
        passes(
            &ArticlePossessiveName,
            "the Queen’s speech, the President’s plan, the Kremlin’s view, the Pentagon’s budget, \
             the King’s, the Bank’s, the Church’s, the Senate’s, the Court’s, the Guardian’s, \
             the Times’s.",
        );
    }

    #[test]
    fn allows_names_that_take_an_article() {
        passes(
            &ArticlePossessiveName,
            "the Hague’s courts, the Vatican’s bank, the Taliban’s rule, the Thames’s banks",
        );
    }

    #[test]
    fn allows_names_the_document_writes_with_the() {
        passes(
            &ArticlePossessiveName,
            "Fighting in the Donbas grew. The Donbas’s mines closed.",
        );
    }

    #[test]
    fn allows_plural_possessives_and_acronyms() {
        passes(
            &ArticlePossessiveName,
            "the Netherlands’ ports, the United States’ role, the Smiths’ house, the EU’s plan, \
             the BBC's report, the McCains' farm",
        );
    }

    #[test]
    fn allows_people_named_by_nationality() {
        passes(
            &ArticlePossessiveName,
            "Egypt is far. In the Egyptian's hand was a spear; the Frenchman's hat, the Israeli's car.",
        );
    }

    #[test]
    fn allows_possessives_inside_titles() {
        passes(
            &ArticlePossessiveName,
            "Rubik made the Rubik's Cube; Achilles had the Achilles' heel.",
        );
    }

    #[test]
    fn allows_eponymous_terms() {
        passes(
            &ArticlePossessiveName,
            "stimulation of the Broca's area in the Parkinson's patients with the Hodgkin's lymphoma",
        );
    }

    #[test]
    fn allows_unknown_names_seen_nowhere_else() {
        passes(&ArticlePossessiveName, "the Qwertyx's plan");
    }

    #[test]
    fn allows_possessives_without_article() {
        passes(
            &ArticlePossessiveName,
            "Russia’s chances and Washington's influence",
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        passes(&ArticlePossessiveName, "");
        passes(&ArticlePossessiveName, "the ’s the 's the É’s 😀");
    }
}
