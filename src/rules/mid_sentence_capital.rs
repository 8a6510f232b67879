//! A common word capitalised in the middle of a sentence.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::text::lexicon;
use crate::text::tokens::TokenKind;
use crate::text::Document;
use std::collections::HashMap;
use std::sync::OnceLock;

declare_rule! {
    /// ## What it flags
    /// A very common English word written with a capital in the middle of a
    /// sentence, after a lowercase word, a comma or a closing bracket:
    /// `while Fears of an invasion grow`, `(OSCE) On Thursday`.
    ///
    /// ## Why it matters
    /// Machine translation carries capitals over from source sentence
    /// boundaries it merged, or from languages that capitalise nouns.
    ///
    /// ## Example
    /// Flagged: `while Fears of an invasion grow`. Instead: `while fears of an invasion grow`.
    ///
    /// ## False positives
    /// This is the rule most prone to false positives, so it is off by
    /// default. It only considers words among the most common in the lexicon
    /// (SCOWL size ≤ 20) that the lexicon does not list as names, and skips:
    /// words after a determiner (`the Government`, institutional style),
    /// after `:`, quotes, opening brackets, dashes or a line start; words in a
    /// Title Case run (`the Cold War`, `Prime Minister`, `Ministry of
    /// Defence`); lines in Title Case (headlines); and any capitalised word
    /// the document uses mid-sentence more than once (`Windows`, `Mother`).
    ///
    /// ## Fix safety
    /// Lowercasing is offered as an unsafe fix.
    pub const MID_SENTENCE_CAPITAL = RuleMeta {
        code: "MT019",
        name: "mid-sentence-capital",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "A common word capitalised mid-sentence (`while Fears of an invasion`).",
    };
}

pub struct MidSentenceCapital;

/// Words after which a capitalised noun is institutional style (`the Court`).
const DETERMINERS: &[&str] = &[
    "a", "an", "any", "each", "every", "her", "his", "its", "my", "our", "that", "the", "their",
    "these", "this", "those", "your",
];

/// Words that may sit inside a Title Case name: `Ministry of Defence`.
const NAME_JOINERS: &[&str] = &["and", "de", "for", "in", "of", "on", "the", "to"];

/// The most common words only (SCOWL size levels).
const MAX_LEVEL: u8 = 20;
/// A capitalised form listed at or below this level is a name (`Thursday`).
const NAME_LEVEL: u8 = 50;

fn is_capitalised(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

fn is_name(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && lexicon::level_exact(w).is_some_and(|l| l <= NAME_LEVEL)
}

impl Rule for MidSentenceCapital {
    fn meta(&self) -> &RuleMeta {
        &MID_SENTENCE_CAPITAL
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let toks = &doc.tokens;
        let mut headlines: HashMap<usize, bool> = HashMap::new();
        let mid_counts: OnceLock<HashMap<&str, u32>> = OnceLock::new();
        for sentence in &doc.sentences {
            let first = sentence.tokens.start;
            for k in sentence.tokens.clone() {
                let t = &toks[k];
                if k == first || !t.is_word() {
                    continue;
                }
                let w = doc.token_text(t);
                if w.len() < 2 || !is_capitalised(w) || is_name(w) {
                    continue;
                }
                let lower = w.to_lowercase();
                if lexicon::level_exact(&lower).is_none_or(|l| l > MAX_LEVEL) {
                    continue;
                }
                // What precedes: a lowercase non-determiner word, `,` or `)`, on the same line.
                let Some(p) = doc.prev_non_space(k) else {
                    continue;
                };
                if toks[p + 1..k]
                    .iter()
                    .any(|g| g.kind() == TokenKind::Newline)
                {
                    continue;
                }
                let prev = doc.token_text(&toks[p]);
                let prev_ok = match toks[p].kind() {
                    TokenKind::Word => {
                        prev.chars().next().is_some_and(char::is_lowercase)
                            && !DETERMINERS.contains(&prev)
                    }
                    TokenKind::Punct => match prev {
                        "," => !after_speech(doc, p),
                        ")" => !after_marker(doc, p),
                        _ => false,
                    },
                    _ => false,
                };
                if !prev_ok
                    || in_title_run(doc, k)
                    || *headlines
                        .entry(doc.source.lines.line_of(t.span().start))
                        .or_insert_with(|| title_case_line(doc, t.span().start))
                {
                    continue;
                }
                let counts = mid_counts.get_or_init(|| count_mid_sentence_capitals(doc));
                if counts.get(w).copied().unwrap_or(0) > 1 {
                    continue;
                }
                out.push(
                    MID_SENTENCE_CAPITAL
                        .diagnostic(t.span(), format!("`{w}` is capitalised mid-sentence"))
                        .with_fix(Fix::replace(Applicability::Unsafe, t.span(), lower)),
                );
            }
        }
    }
}

/// Days and months: a capitalised word before one is no Title Case run (`On Thursday`).
const DATES: &[&str] = &[
    "April",
    "August",
    "December",
    "February",
    "Friday",
    "January",
    "July",
    "June",
    "March",
    "May",
    "Monday",
    "November",
    "October",
    "Saturday",
    "September",
    "Sunday",
    "Thursday",
    "Tuesday",
    "Wednesday",
];

/// Whether the word at `k` belongs to a name: a capitalised word, number or
/// hyphen next to it (skipping joiners like `of`): `President Vladimir`,
/// `Terminal B`, `Local 1411`, `Whole-Earth`, `Ministry of Defence`.
fn in_title_run(doc: &Document, k: usize) -> bool {
    let toks = &doc.tokens;
    let text = doc.text();
    if text[toks[k].span().end..].starts_with('-') || text[..toks[k].span().start].ends_with('-') {
        return true;
    }
    let neighbour = |mut i: usize, forward: bool| -> bool {
        loop {
            let next = if forward {
                doc.next_non_space(i)
            } else {
                doc.prev_non_space(i)
            };
            let Some(n) = next else { return false };
            if forward && toks[n].kind() == TokenKind::Number {
                return true;
            }
            if !toks[n].is_word() {
                return false;
            }
            let w = doc.token_text(&toks[n]);
            if NAME_JOINERS.contains(&w) {
                i = n;
                continue;
            }
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            return cap && !(forward && DATES.contains(&w));
        }
    };
    neighbour(k, false) || neighbour(k, true)
}

/// Speech verbs: after `said,` a capital starts unquoted direct speech.
const SPEECH: &[&str] = &[
    "answered", "asked", "cried", "replied", "said", "saith", "say", "says", "told", "unto",
    "wrote", "writes",
];

/// Whether the clause before the comma at token `comma` holds a speech verb.
fn after_speech(doc: &Document, comma: usize) -> bool {
    for t in doc.tokens[..comma].iter().rev() {
        match t.kind() {
            TokenKind::Word if SPEECH.contains(&doc.token_text(t).to_lowercase().as_str()) => {
                return true;
            }
            TokenKind::Punct if !matches!(doc.token_text(t), "’" | "'" | "-") => return false,
            TokenKind::Newline => return false,
            _ => {}
        }
    }
    false
}

/// Tokens searched back for the `(` of an aside.
const MAX_ASIDE: usize = 40;

/// Whether the `)` at token `close` ends a stage direction or list marker
/// (`(Laughter) And`, `1) The`) rather than a mid-sentence aside (`(OSCE) On`).
fn after_marker(doc: &Document, close: usize) -> bool {
    let toks = &doc.tokens;
    // Look back on the same line only, so the search stays short.
    let mut open = None;
    for i in (close.saturating_sub(MAX_ASIDE)..close).rev() {
        match toks[i].kind() {
            TokenKind::Newline => break,
            TokenKind::Punct if doc.token_text(&toks[i]) == "(" => {
                open = Some(i);
                break;
            }
            _ => {}
        }
    }
    let Some(open) = open else { return true };
    let inner = &doc.text()[toks[open].span().end..toks[close].span().start];
    if inner.chars().count() <= 2 {
        return true;
    }
    match doc.prev_non_space(open) {
        None => true,
        Some(p) => {
            toks[p + 1..open]
                .iter()
                .any(|t| t.kind() == TokenKind::Newline)
                || matches!(doc.token_text(&toks[p]), "." | "!" | "?" | ")" | ":")
        }
    }
}

/// Whether the line holding `offset` is mostly capitalised words (a
/// headline). Names and acronyms do not count either way.
fn title_case_line(doc: &Document, offset: usize) -> bool {
    let text = doc.text();
    let line = doc.source.lines.line_of(offset);
    let span = doc.source.lines.line_content(text, line);
    let (mut caps, mut words) = (0, 0);
    for w in text[span.range()]
        .split(|c: char| !crate::text::chars::is_alphabetic(c))
        .filter(|w| w.len() >= 4)
    {
        if is_name(w) || w.chars().all(char::is_uppercase) {
            continue;
        }
        words += 1;
        caps += usize::from(w.chars().next().is_some_and(char::is_uppercase));
    }
    words > 0 && caps * 3 >= words * 2
}

/// Capitalised words and how often each occurs other than first in its sentence.
fn count_mid_sentence_capitals(doc: &Document) -> HashMap<&str, u32> {
    let mut counts = HashMap::new();
    for s in &doc.sentences {
        for t in &doc.tokens[s.tokens.start + 1..s.tokens.end] {
            if t.is_word() {
                let w = doc.token_text(t);
                if is_capitalised(w) {
                    *counts.entry(w).or_insert(0) += 1;
                }
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::MidSentenceCapital;
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn flags_a_capitalised_common_word() {
        flags(
            &MidSentenceCapital,
            "Lavrov informed Putin on Monday that there are possibilities of agreement, while Fears of an invasion grow.",
            &["Fears"],
        );
    }

    #[test]
    fn flags_after_a_closing_bracket() {
        flags(
            &MidSentenceCapital,
            "Following the failure of three rounds of talks this week, in Geneva (Monday) and at the Organization for Security and Cooperation in Europe (OSCE) On Thursday, he threatened that Moscow could deploy.",
            &["On"],
        );
    }

    #[test]
    fn lowercases_as_an_unsafe_fix() {
        fixes(
            &MidSentenceCapital,
            "It grew, while Fears of war rose.",
            "It grew, while fears of war rose.",
        );
    }

    #[test]
    fn passes_names_and_title_case_runs() {
        passes(
            &MidSentenceCapital,
            "He met the Prime Minister and the Foreign Minister after the Cold War, in the United States on Thursday, at the Ministry of Defence.",
        );
    }

    #[test]
    fn passes_institutional_capitals_after_determiners() {
        passes(
            &MidSentenceCapital,
            "Yesterday the Government said that the Court and the Council would meet.",
        );
    }

    #[test]
    fn passes_headlines() {
        passes(
            &MidSentenceCapital,
            "Russia Sees Options for Dialogue with the West\n\nBody text.",
        );
    }

    #[test]
    fn passes_after_colons_quotes_and_line_starts() {
        passes(
            &MidSentenceCapital,
            "He said: Leave now. She wrote “Never again” and\nThen left. I think so.",
        );
    }

    #[test]
    fn passes_names_titles_and_stage_directions() {
        passes(
            &MidSentenceCapital,
            "He informed President Vladimir Putin, met Judge Patricia Hale in Fort Lee and waited in Terminal B near Local 1411.",
        );
        passes(
            &MidSentenceCapital,
            "(Laughter) And there is more. The aims are: 1) The crisis and 2) Tobacco use.",
        );
        passes(
            &MidSentenceCapital,
            "And they said unto her, Surely we will return. And she said, Behold, thy sister.",
        );
    }

    #[test]
    fn passes_words_used_consistently() {
        passes(
            &MidSentenceCapital,
            "Install it on Windows first. It runs on Windows and Linux.",
        );
    }

    #[test]
    fn passes_sentence_starts_and_lowercase_text() {
        passes(
            &MidSentenceCapital,
            "The talks ended. Fears grew, and prices rose.",
        );
    }
}
