//! Proper-name mentions: runs of capitalised words (`Deputy Foreign Minister
//! Sergei Riabkov`), with particles (`bin Salman`, `al-Assad`) and hyphens
//! (`Amir-Abdollahian`) inside. Read from the shared tokens; dictionary
//! words stay in a mention as context (titles) but are never names.

use crate::source::Span;
use crate::text::lexicon;
use crate::text::tokens::TokenKind;
use crate::text::Document;
use unicode_normalization::char::is_combining_mark;

/// What a word inside a mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartKind {
    /// A capitalised word that is not an English dictionary word (or is a
    /// name the lexicon lists capitalised): a candidate for variant checks.
    Name,
    /// A capitalised dictionary word: a title or part of an organisation
    /// (`Minister`, `Foreign`); context only.
    Title,
    /// A lowercase name particle: `bin`, `al`, `von`, `de`.
    Particle,
}

/// How a part is attached to the part before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Joiner {
    /// First part of the mention.
    None,
    Space,
    Hyphen,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamePart {
    /// The word without a possessive `’s`.
    pub span: Span,
    pub text: String,
    pub kind: PartKind,
    pub joiner: Joiner,
}

/// One proper-name mention: at least one [`PartKind::Name`] part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub parts: Vec<NamePart>,
}

impl Mention {
    /// The text of the mention as written (possessive excluded).
    pub fn text<'a>(&self, doc: &'a Document) -> &'a str {
        doc.slice(self.span)
    }
}

/// Lowercase words that join a name (`Mohammed bin Salman`, `al-Assad`).
const PARTICLES: &[&str] = &[
    "al", "bin", "bint", "ibn", "abu", "el", "ul", "von", "van", "der", "den", "de", "da", "di",
    "du", "del", "della", "dos", "das", "le", "la",
];

/// Capitalised function words that never belong to a name, even in a
/// title-case headline.
const NEVER_IN_NAME: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "all",
    "also",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "because",
    "before",
    "both",
    "but",
    "by",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "i",
    "if",
    "in",
    "is",
    "it",
    "its",
    "last",
    "my",
    "no",
    "not",
    "of",
    "on",
    "or",
    "our",
    "she",
    "so",
    "some",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "was",
    "we",
    "were",
    "what",
    "when",
    "while",
    "who",
    "why",
    "will",
    "with",
    "you",
    "your",
];

/// Finds every proper-name mention in `doc`, in text order.
pub fn mentions(doc: &Document) -> Vec<Mention> {
    let sentence_initial = sentence_initial_tokens(doc);
    let toks = &doc.tokens;
    let mut out = Vec::new();
    let mut current: Vec<NamePart> = Vec::new();
    // Index of the last token that belongs to `current`.
    let mut last_tok = 0usize;

    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.kind != TokenKind::Word {
            i += 1;
            continue;
        }
        let joiner = if current.is_empty() {
            Joiner::None
        } else {
            joiner_between(doc, last_tok, i)
        };
        if joiner == Joiner::None && !current.is_empty() {
            flush(&mut current, &mut out);
        }
        let joiner = if current.is_empty() {
            Joiner::None
        } else {
            joiner
        };
        let text = doc.token_text(t);
        match classify(doc, text, sentence_initial.get(i).copied().unwrap_or(false)) {
            Some(PartKind::Particle) => {
                // A particle only joins when a capitalised word follows it.
                let next_cap = doc
                    .next_non_space(i)
                    .map(|n| {
                        let n = if is_hyphen(doc.token_text(&toks[n]))
                            && toks[i].span.end == toks[n].span.start
                        {
                            n + 1
                        } else {
                            n
                        };
                        n < toks.len()
                            && toks[n].kind == TokenKind::Word
                            && is_capitalised(doc.token_text(&toks[n]))
                    })
                    .unwrap_or(false);
                if next_cap {
                    current.push(part(t.span, text, PartKind::Particle, joiner));
                    last_tok = i;
                } else {
                    flush(&mut current, &mut out);
                }
            }
            Some(kind) => {
                let (span, text) = strip_possessive(t.span, text);
                let possessive = span != t.span;
                current.push(part(span, text, kind, joiner));
                last_tok = i;
                // `Lavrov’s deputy`: the possessive ends the name.
                if possessive {
                    flush(&mut current, &mut out);
                }
            }
            None => flush(&mut current, &mut out),
        }
        i += 1;
    }
    flush(&mut current, &mut out);
    out
}

fn part(span: Span, text: &str, kind: PartKind, joiner: Joiner) -> NamePart {
    NamePart {
        span,
        text: text.to_owned(),
        kind,
        joiner,
    }
}

/// Ends the current run; keeps it when it holds a name.
fn flush(current: &mut Vec<NamePart>, out: &mut Vec<Mention>) {
    // A trailing particle never ends a name.
    while current.last().is_some_and(|p| p.kind == PartKind::Particle) {
        current.pop();
    }
    if current.iter().any(|p| p.kind == PartKind::Name) {
        let span = Span::new(current[0].span.start, current[current.len() - 1].span.end);
        if let Some(first) = current.first_mut() {
            first.joiner = Joiner::None;
        }
        out.push(Mention {
            span,
            parts: std::mem::take(current),
        });
    } else {
        current.clear();
    }
}

/// How word token `b` attaches to word token `a` before it: one space, or
/// a hyphen with no space around it; anything else ends the mention.
fn joiner_between(doc: &Document, a: usize, b: usize) -> Joiner {
    let toks = &doc.tokens;
    match b - a {
        2 => {
            let gap = &toks[a + 1];
            let gap_text = doc.token_text(gap);
            if gap.kind == TokenKind::Space && gap_text.chars().count() == 1 {
                Joiner::Space
            } else if gap.kind == TokenKind::Punct && is_hyphen(gap_text) {
                Joiner::Hyphen
            } else {
                Joiner::None
            }
        }
        _ => Joiner::None,
    }
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "\u{2010}" | "\u{2011}")
}

/// First letter uppercase, at least two letters, not all capitals (an
/// acronym or a shouted headline).
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    // Some later letter is lowercase.
    chars.any(|c| c.is_alphabetic() && c.is_lowercase())
}

fn classify(doc: &Document, word: &str, sentence_initial: bool) -> Option<PartKind> {
    // Letters with inner apostrophes or hyphens only: `O’Brien`, not `III:Ag` or `U.S`.
    if word
        .chars()
        .any(|c| !(c.is_alphabetic() || c == '\'' || c == '’' || is_combining_mark(c)))
    {
        return None;
    }
    if !is_capitalised(word) {
        return PARTICLES.contains(&word).then_some(PartKind::Particle);
    }
    let bare = strip_possessive(Span::new(0, word.len()), word).1;
    lexicon::with_lowercase(bare, |lower| {
        classify_capitalised(doc, bare, lower, sentence_initial)
    })
}

fn classify_capitalised(
    doc: &Document,
    bare: &str,
    lower: &str,
    sentence_initial: bool,
) -> Option<PartKind> {
    if NEVER_IN_NAME.contains(&lower) {
        return None;
    }
    if lexicon::is_listed_capitalised(bare) {
        // `May`, `Will` open sentences as words, not names.
        let common_lowercase = lexicon::level_exact(lower).is_some_and(|l| l <= 35);
        if sentence_initial && common_lowercase && !occurs_mid_sentence(doc, bare) {
            return Some(PartKind::Title);
        }
        return Some(PartKind::Name);
    }
    if lexicon::level_exact(lower).is_some() {
        return Some(PartKind::Title);
    }
    // Hyphenated or apostrophised words the lexicon lists by their parts.
    Some(PartKind::Name)
}

/// Whether `word` also appears capitalised somewhere not at a sentence start.
fn occurs_mid_sentence(doc: &Document, word: &str) -> bool {
    // The document's word counts are case-insensitive; a second occurrence
    // is enough evidence that the capitalised word is a name.
    doc.word_count(word) > 1
}

/// `Lavrov’s` → `Lavrov`; `Lavrovs’`-style plurals are left alone.
fn strip_possessive(span: Span, text: &str) -> (Span, &str) {
    for suffix in ["’s", "'s", "’S", "'S"] {
        if let Some(stem) = text.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (Span::new(span.start, span.start + stem.len()), stem);
            }
        }
    }
    (span, text)
}

/// For each token, whether it is the first word of its sentence (after
/// opening quotes, brackets or dashes) or the first word of a line.
fn sentence_initial_tokens(doc: &Document) -> Vec<bool> {
    let mut initial = vec![false; doc.tokens.len()];
    for s in &doc.sentences {
        if let Some(i) = s.tokens.clone().find(|&i| {
            doc.tokens[i].kind == TokenKind::Word || doc.tokens[i].kind == TokenKind::Number
        }) {
            initial[i] = true;
        }
    }
    // Headlines and list items start lines without ending a sentence.
    let mut line_start = true;
    for (i, t) in doc.tokens.iter().enumerate() {
        match t.kind {
            TokenKind::Newline => line_start = true,
            TokenKind::Word | TokenKind::Number => {
                if line_start {
                    initial[i] = true;
                }
                line_start = false;
            }
            _ => {}
        }
    }
    initial
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let doc = Document::from_text(text);
        mentions(&doc)
            .iter()
            .map(|m| m.text(&doc).to_owned())
            .collect()
    }

    #[test]
    fn finds_multi_word_names_with_titles() {
        assert_eq!(
            names("said Deputy Foreign Minister Sergei Riabkov in Geneva."),
            ["Deputy Foreign Minister Sergei Riabkov", "Geneva"]
        );
    }

    #[test]
    fn keeps_hyphens_and_particles() {
        assert_eq!(
            names("met Amir-Abdollahian and Mohammed bin Salman."),
            ["Amir-Abdollahian", "Mohammed bin Salman"]
        );
        assert_eq!(names("the crown prince bin Salman spoke"), ["bin Salman"]);
        assert_eq!(names("the regime of al-Assad fell"), ["al-Assad"]);
    }

    #[test]
    fn drops_possessive() {
        let doc = Document::from_text("as Lavrov’s deputy said");
        let m = mentions(&doc);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].parts[0].text, "Lavrov");
    }

    #[test]
    fn sentence_initial_common_words_are_not_names() {
        let doc = Document::from_text("The talks ended. However, nothing changed.");
        assert!(mentions(&doc).is_empty());
    }

    #[test]
    fn dictionary_words_are_titles_not_names() {
        let doc = Document::from_text("the Foreign Ministry said");
        assert!(mentions(&doc).is_empty());
    }

    #[test]
    fn acronyms_and_numbers_are_not_names() {
        let doc = Document::from_text("the NATO and OSCE summit in 2024");
        assert!(mentions(&doc).is_empty());
    }

    #[test]
    fn never_panics() {
        for t in [
            "",
            "A",
            "Ä-",
            "-Ä",
            "bin",
            "bin Ä",
            "Ab\u{1A}c",
            "🙂 Ab’s",
            "al-",
            "X-Y-Z",
        ] {
            let _ = mentions(&Document::from_text(t));
        }
    }
}
