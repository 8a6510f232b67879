//! More than one system of double quotation marks in one document.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::source::Span;
use crate::text::quote_roles::{Role, RoledQuote};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A document that quotes with English curly marks (`“…”`) and also with
    /// guillemets (`«…»`) or low marks (`„…“`). Each quotation in the
    /// less-used system is reported, with the first quotation in the main
    /// system as a label.
    ///
    /// ## Why it matters
    /// Machine translation copies the quotation marks of the source language
    /// in some sentences and not in others; mixed systems are a reliable sign
    /// of unedited output.
    ///
    /// ## Example
    /// Flagged: `«We have already said it more than once»` in a text that
    /// otherwise writes `“continue and increase”`. Instead: `“We have already
    /// said it more than once”`.
    ///
    /// ## False positives
    /// Straight quotes (`"`) belong to no system and are never counted, so
    /// curly and straight quotes together are not reported. A text that
    /// deliberately quotes French or German with its own marks is reported;
    /// turn the rule off for such texts.
    pub const MIXED_QUOTE_STYLES = RuleMeta {
        code: "MT016",
        name: "mixed-quote-styles",
        severity: Severity::Warning,
        summary: "Curly quotes mixed with «guillemets» or „low quotes“ in one document.",
    };
}

pub struct MixedQuoteStyles;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum System {
    Curly = 0,
    Guillemet = 1,
    LowNine = 2,
}

impl System {
    fn of(c: char) -> Option<System> {
        match c {
            '“' | '”' | '‟' => Some(System::Curly),
            '«' | '»' => Some(System::Guillemet),
            '„' => Some(System::LowNine),
            _ => None,
        }
    }
    fn example(self) -> &'static str {
        match self {
            System::Curly => "“…”",
            System::Guillemet => "«…»",
            System::LowNine => "„…“",
        }
    }
}

/// ``quotation in «…» while this document mostly uses “…”``: one fixed
/// text per pair of systems, so no finding formats its own.
fn message(system: System, main: System) -> Message {
    use System::*;
    match (system, main) {
        (Guillemet, Curly) => "quotation in «…» while this document mostly uses “…”".into(),
        (LowNine, Curly) => "quotation in „…“ while this document mostly uses “…”".into(),
        (Curly, Guillemet) => "quotation in “…” while this document mostly uses «…»".into(),
        (LowNine, Guillemet) => "quotation in „…“ while this document mostly uses «…»".into(),
        (Curly, LowNine) => "quotation in “…” while this document mostly uses „…“".into(),
        (Guillemet, LowNine) => "quotation in «…» while this document mostly uses „…“".into(),
        _ => format!(
            "quotation in {} while this document mostly uses {}",
            system.example(),
            main.example()
        )
        .into(),
    }
}

/// One entry per quotation: the system of the mark that opens it, or of a
/// closer that nothing opened; each with the index of its mark. The walk
/// may start at any mark that starts a quotation: that mark starts one
/// whatever came before it (an opener always does, and a closer does only
/// when nothing is open), and leaves the same state behind.
fn quotations(
    quotes: &[RoledQuote],
    from: usize,
) -> impl Iterator<Item = (Span, System, usize)> + '_ {
    let mut open = false;
    let mut paragraph = u32::MAX;
    quotes[from..].iter().enumerate().filter_map(move |(k, q)| {
        if q.paragraph != paragraph {
            paragraph = q.paragraph;
            open = false;
        }
        let starts = q.role == Role::Open || !open;
        open = q.role == Role::Open;
        if starts {
            System::of(q.ch).map(|system| (q.span(), system, from + k))
        } else {
            None
        }
    })
}

impl Rule for MixedQuoteStyles {
    fn meta(&self) -> &RuleMeta {
        &MIXED_QUOTE_STYLES
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        check_with(doc, true, out);
    }
}

/// The rule's check; without `resume`, the second walk starts at the first
/// mark (the tests' reference).
fn check_with(doc: &Document, resume: bool, out: &mut Vec<Diagnostic>) {
    // Counted in one pass and reported in a second, with nothing kept
    // in between but the first quotation of each system.
    let quotes = doc.roled_quotes();
    let systems = [System::Curly, System::Guillemet, System::LowNine];
    let mut counts = [0usize; 3];
    let mut firsts: [Option<(Span, usize)>; 3] = [None; 3];
    for (span, system, k) in quotations(quotes, 0) {
        let i = system as usize;
        counts[i] += 1;
        firsts[i].get_or_insert((span, k));
    }
    if counts.iter().filter(|&&c| c > 0).count() < 2 {
        return;
    }
    // Ties go to the English system.
    let main = systems
        .iter()
        .max_by_key(|&&s| (counts[s as usize], s == System::Curly))
        .copied()
        .unwrap_or(System::Curly);
    let Some((first_main, _)) = firsts[main as usize] else {
        return;
    };
    out.reserve(counts.iter().sum::<usize>() - counts[main as usize]);
    let mut messages: [Option<Message>; 3] = [None, None, None];
    // The second walk resumes at the first quotation reported, not at
    // the first mark (quotes.txt opens with 50k marks of the main
    // system).
    let from = systems
        .iter()
        .filter(|&&s| s != main && resume)
        .filter_map(|&s| firsts[s as usize].map(|(_, k)| k))
        .min()
        .unwrap_or(0);
    for (span, system, _) in quotations(quotes, from).filter(|q| q.1 != main) {
        let message = messages[system as usize]
            .get_or_insert_with(|| message(system, main))
            .clone();
        out.push(
            MIXED_QUOTE_STYLES
                .diagnostic(span, message)
                .with_label(first_main, "main quotation style"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::MixedQuoteStyles;

    #[test]
    fn fixed_messages_match_the_formatted_ones() {
        use super::System::*;
        for system in [Curly, Guillemet, LowNine] {
            for main in [Curly, Guillemet, LowNine] {
                assert_eq!(
                    super::message(system, main),
                    format!(
                        "quotation in {} while this document mostly uses {}",
                        system.example(),
                        main.example()
                    )
                );
            }
        }
    }
    use crate::rules::test_support::{flags, passes};

    /// Resuming the second walk at the first quotation reported changes no
    /// finding: random text of marks of every system, letters, spaces and
    /// blank lines.
    #[test]
    fn resumed_walk_reports_as_a_walk_from_the_start() {
        let pieces = [
            "“", "”", "«", "»", "„", "‟", "\"", " ", "a", "word", ".", "\n\n", "\n",
        ];
        let mut next = crate::test_rng::below(0x1D87_2B41_7A3C_9E05);
        let mut found = 0;
        for _ in 0..20_000 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 30);
            let doc = crate::text::Document::from_text(&text);
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            super::check_with(&doc, true, &mut fast);
            super::check_with(&doc, false, &mut slow);
            assert!(fast == slow, "{text:?}");
            found += fast.len();
        }
        assert!(found > 5000, "{found}");
    }

    #[test]
    fn flags_guillemets_among_curly_quotes() {
        flags(
            &MixedQuoteStyles,
            "He proposed that talks “continue and increase”.\n\n«We have already said it», he added, and “Russia’s proposals” stand.",
            &["«"],
        );
    }

    #[test]
    fn flags_low_quotes_among_curly_quotes() {
        flags(&MixedQuoteStyles, "“One” and “two” but „three“.", &["„"]);
    }

    #[test]
    fn reports_the_minority_system() {
        flags(
            &MixedQuoteStyles,
            "«Un» et «deux» et «trois» mais “four”.",
            &["“"],
        );
    }

    #[test]
    fn passes_one_system() {
        passes(
            &MixedQuoteStyles,
            "“One,” she said. “Two.”\n\n“Three” and ‘four’.",
        );
        passes(&MixedQuoteStyles, "Er sagte: „Wir kommen“, und „gut“.");
        passes(&MixedQuoteStyles, "«Un» et «deux».");
    }

    #[test]
    fn passes_curly_with_straight_quotes() {
        passes(
            &MixedQuoteStyles,
            "The headline read \"Talks fail\" while he said “we go on”.",
        );
    }

    #[test]
    fn passes_apostrophes_and_primes() {
        passes(
            &MixedQuoteStyles,
            "“It’s 5′11″,” he said of the ’90s rock ’n’ roll star.",
        );
    }
}
