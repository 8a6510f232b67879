//! Double quotation marks that do not pair up within their paragraph.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Label, Labels, Message, Severity};
use crate::source::Span;
use crate::text::quote_roles::{Role, RoledQuote};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// Within one paragraph, a double quotation mark that opens a quotation
    /// never closed (`has pointed out that “we do not currently see…` and the
    /// paragraph ends), an opening mark while a quotation is already open,
    /// and a closing mark with no quotation open (`security proposals”.`,
    /// `“far away.” not exhausted.”`). Curly (`“ ”`), straight (`"`), low
    /// (`„`) and guillemet (`« »`) marks are balanced together.
    ///
    /// ## Why it matters
    /// Machine translation drops or duplicates quotation marks when it
    /// reorders a sentence, so the reader can no longer tell who said what.
    ///
    /// ## Example
    /// Flagged: `Danilov said that “we do not see an invasion.` (the paragraph
    /// ends). Instead: close the quotation, or drop the opening mark.
    ///
    /// ## False positives
    /// The English convention for a quotation running over several
    /// paragraphs is respected: a paragraph may leave its quotation open when
    /// the next paragraph starts with an opening mark. Apostrophes and single
    /// quotes are not checked (`’90s`, `rock ’n’ roll`, `the Joneses’ house`),
    /// nor primes (see `prime-as-quote`). A straight `"` right after a digit
    /// with no quotation open is an inch mark (`a 5" screen`).
    pub const UNBALANCED_QUOTE = RuleMeta {
        code: "MT013",
        name: "unbalanced-quote",
        severity: Severity::Warning,
        summary: "A quotation mark with no partner in its paragraph (`“we do not see…` never closed).",
    };
}

pub struct UnbalancedQuote;

impl Rule for UnbalancedQuote {
    fn meta(&self) -> &RuleMeta {
        &UNBALANCED_QUOTE
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let quotes = doc.roled_quotes();
        let mut open: Option<&RoledQuote> = None;
        for (k, q) in quotes.iter().enumerate() {
            if open.is_some_and(|o| o.paragraph != q.paragraph) {
                report_unclosed(doc, quotes, open.take(), out);
            }
            match q.role {
                Role::Open => {
                    if let Some(prev) = open {
                        // `prev`, then at most each mark from `q` on.
                        push(
                            out,
                            quotes.len() - k + 1,
                            finding(
                                prev.span(),
                                "this quotation is not closed before the next one opens".into(),
                                Some((q.span(), "the next quotation opens here")),
                            ),
                        );
                    }
                    open = Some(q);
                }
                Role::Close => {
                    if open.take().is_some() {
                        continue;
                    }
                    // An inch mark: `a 5" screen`.
                    if q.ch == '"'
                        && text.as_bytes()[..q.span().start]
                            .last()
                            .is_some_and(|b| b.is_ascii_digit())
                    {
                        continue;
                    }
                    let label = quotes[..k]
                        .last()
                        .filter(|p| p.paragraph == q.paragraph)
                        .map(|last| {
                            (
                                last.span(),
                                "the last quotation in this paragraph closed here",
                            )
                        });
                    // `q`, then at most each mark after it.
                    push(
                        out,
                        quotes.len() - k,
                        finding(q.span(), closing_message(q.ch), label),
                    );
                }
            }
        }
        report_unclosed(doc, quotes, open, out);
    }
}

/// Reports `open` as never closed, unless the next paragraph starts with an
/// opening mark (a quotation running over several paragraphs).
fn report_unclosed(
    doc: &Document,
    quotes: &[RoledQuote],
    open: Option<&RoledQuote>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(o) = open else { return };
    let following = o.paragraph.wrapping_add(1);
    if let Some(next) = doc.paragraphs.get(following as usize) {
        let text = doc.text();
        // Marks are in text order, hence in paragraph order.
        let first = quotes.partition_point(|q| q.paragraph < following);
        let continues = quotes
            .get(first)
            .filter(|q| q.paragraph == following)
            .is_some_and(|q| {
                q.role == Role::Open
                    && q.span().start >= next.start
                    && text[next.start..q.span().start].trim().is_empty()
            });
        if continues {
            return;
        }
    }
    out.push(finding(o.span(), unclosed_message(o.ch), None));
}

/// A finding of this rule with at most one label, built whole by
/// [`RuleMeta::finding`] (as `diagnostic(..).with_label(..)` builds it).
#[inline(always)]
fn finding(span: Span, message: Message, label: Option<(Span, &'static str)>) -> Diagnostic {
    let labels = match label {
        Some((span, message)) => Labels::one(Label {
            span,
            message: Message::Borrowed(message),
        }),
        None => Labels::new(),
    };
    UNBALANCED_QUOTE.finding(span, message, labels, None)
}

/// Appends `d`, the first of at most `left` findings still to come (each
/// mark is reported at most once). When `out` is full it makes room for
/// them all (or doubles, whichever is more): a file with 100k unbalanced
/// marks then moves its findings once instead of at each doubling, where
/// the copies into fresh memory cost more than the rule itself.
fn push(out: &mut Vec<Diagnostic>, left: usize, d: Diagnostic) {
    if out.len() == out.capacity() {
        out.reserve(left);
    }
    out.push(d);
}

/// ``closing `”` with no quotation open``, fixed for the usual marks.
fn closing_message(c: char) -> Message {
    match c {
        '"' => "closing `\"` with no quotation open".into(),
        '”' => "closing `”` with no quotation open".into(),
        '“' => "closing `“` with no quotation open".into(),
        '»' => "closing `»` with no quotation open".into(),
        _ => format!("closing `{c}` with no quotation open").into(),
    }
}

/// ``“` opens a quotation that is never closed``, fixed for the usual marks.
fn unclosed_message(c: char) -> Message {
    match c {
        '"' => "`\"` opens a quotation that is never closed".into(),
        '“' => "`“` opens a quotation that is never closed".into(),
        '„' => "`„` opens a quotation that is never closed".into(),
        '«' => "`«` opens a quotation that is never closed".into(),
        _ => format!("`{c}` opens a quotation that is never closed").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::UnbalancedQuote;

    #[test]
    fn fixed_messages_match_the_formatted_ones() {
        for c in ['"', '“', '”', '„', '‟', '«', '»', '＂'] {
            assert_eq!(
                super::closing_message(c),
                format!("closing `{c}` with no quotation open")
            );
            assert_eq!(
                super::unclosed_message(c),
                format!("`{c}` opens a quotation that is never closed")
            );
        }
    }
    use crate::rules::test_support::{flags, passes};

    #[test]
    fn findings_built_whole_equal_the_ones_built_by_steps() {
        use super::{finding, UNBALANCED_QUOTE};
        use crate::source::Span;
        for (a, b) in [(0, 1), (5, 8), (1 << 20, (1 << 20) + 3)] {
            let span = Span::new(a, b);
            let label = Span::new(b + 1, b + 4);
            let whole = finding(span, "m".into(), Some((label, "l")));
            let steps = UNBALANCED_QUOTE
                .diagnostic(span, "m")
                .with_label(label, "l");
            assert!(whole == steps);
            assert_eq!((whole.rule(), whole.code()), (steps.rule(), steps.code()));
            let whole = finding(span, "m".into(), None);
            assert!(whole == UNBALANCED_QUOTE.diagnostic(span, "m"));
            assert!(whole != steps);
        }
    }

    #[test]
    fn flags_an_opener_never_closed() {
        flags(
            &UnbalancedQuote,
            "He has pointed out that “we do not currently see an invasion.\n\nRelated Posts",
            &["“"],
        );
    }

    #[test]
    fn flags_a_stray_closer() {
        flags(
            &UnbalancedQuote,
            "He said that Moscow has options if the West rejects Russia’s security proposals”.",
            &["”"],
        );
        flags(
            &UnbalancedQuote,
            "The chances are “far away.” not exhausted.” “They should go on,” he said.",
            &["”"],
        );
    }

    #[test]
    fn flags_an_opener_while_one_is_open() {
        flags(
            &UnbalancedQuote,
            "“It simply came to our notice then. Now is the time, Lavrov told a news conference. “The West has been ruled by pride.”",
            &["“"],
        );
    }

    #[test]
    fn flags_odd_straight_quotes() {
        flags(
            &UnbalancedQuote,
            "He said \"yes and she said \"no\".",
            &["\""],
        );
    }

    #[test]
    fn passes_balanced_quotes_of_every_kind() {
        passes(
            &UnbalancedQuote,
            "“Hi,” she said. He replied: \"Fine\". They called it „gut“ and «bon».",
        );
        passes(
            &UnbalancedQuote,
            "measures “have to do with missiles“, as well as “the reduction of risks“.",
        );
    }

    #[test]
    fn passes_a_quotation_over_several_paragraphs() {
        passes(
            &UnbalancedQuote,
            "“We will not withdraw,” he said. “The troops are on our own territory.\n\n“Nobody can tell us where to move them. That is our right.”\n\nThe talks ended.",
        );
        passes(
            &UnbalancedQuote,
            "\"First paragraph of the letter.\n\n\"Second paragraph of it.\"",
        );
    }

    #[test]
    fn passes_apostrophes_and_single_quotes() {
        passes(
            &UnbalancedQuote,
            "In the ’90s they played rock ’n’ roll at the Joneses’ house until two o’clock. ‘Fine,’ said Russia’s envoy.",
        );
    }

    #[test]
    fn passes_inch_marks_and_primes() {
        passes(
            &UnbalancedQuote,
            "a 5\" screen, he is 5′11″ tall, at 40°26′46″N",
        );
    }

    #[test]
    fn passes_nested_single_quotes_in_dialogue() {
        passes(
            &UnbalancedQuote,
            "“She told me, ‘Leave it,’ and left,” Tom said. “Then what?”\n\n“Nothing.”",
        );
    }

    #[test]
    fn passes_quotes_around_punctuation_and_titles() {
        passes(&UnbalancedQuote, "The words “yes” and “no” (and “maybe”) appear in “Hamlet”, “Ulysses” and the film \"Up\".");
    }
}
