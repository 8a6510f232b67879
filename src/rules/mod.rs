//! Coded rules, one file each, and the one registry of them ([`all_rules`]).
//! A rule sees the whole [`Document`] with its shared passes already
//! computed; it never tokenizes again and never prints.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;
use crate::text::Document;

pub mod invalid_utf8;
pub mod repeated_word;
// glued words, looped phrases, MT grammar (MT003–MT009)
pub mod article_number_mismatch;
pub mod article_possessive_name;
pub mod glued_breadcrumb;
pub mod glued_capital;
pub mod glued_word;
pub mod modal_to;
pub mod repeated_phrase;
pub mod word_classes;
// punctuation, quotes, sentence case (MT010–MT029)
pub mod code_lines;
pub mod doubled_punctuation;
pub mod guillemet_spacing;
pub mod lowercase_sentence_start;
pub mod mid_sentence_capital;
pub mod missing_space_after_sentence;
pub mod mixed_quote_styles;
pub mod prime_as_quote;
pub mod reversed_quote;
pub mod space_before_punctuation;
pub mod unbalanced_quote;
// encoding damage, boilerplate, hallucinations (MT030–MT049)
pub mod html_entity;
pub mod invisible_character;
pub mod mixed_script_word;
pub mod mojibake;
pub mod non_nfc_text;
pub mod replacement_character;
pub mod scrape_boilerplate;
// name-spelling drift (MT050–MT059)
pub mod glossary_name;
pub mod name_variant;

#[cfg(test)]
pub mod test_support;

/// Everything a user or a renderer needs to know about a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// `MT` plus three digits; stable, never reused.
    pub code: &'static str,
    /// Kebab-case noun phrase naming the artifact, e.g. `repeated-word`.
    pub name: &'static str,
    /// The default severity; configuration can override it.
    pub severity: Severity,
    /// Whether the rule runs without being switched on in configuration.
    pub default_enabled: bool,
    /// One line for `mtlint rules`, the README table and SARIF `shortDescription`.
    pub summary: &'static str,
    /// Markdown documentation (the rule's doc comment) for `mtlint explain`.
    pub explanation: &'static str,
}

impl RuleMeta {
    /// A finding of this rule at its default severity, without labels or fix.
    pub fn diagnostic(
        &'static self,
        span: Span,
        message: impl Into<crate::diagnostic::Message>,
    ) -> Diagnostic {
        self.finding(span, message.into(), crate::diagnostic::Labels::new(), None)
    }

    /// A finding of this rule with a fix, built whole: what
    /// `diagnostic(..).with_fix(..)` gives, without moving the finding
    /// through that call by value (a rule with a fix for each of 100k
    /// findings copied each one through the stack twice).
    pub fn fixed(
        &'static self,
        span: Span,
        message: impl Into<crate::diagnostic::Message>,
        fix: crate::diagnostic::Fix,
    ) -> Diagnostic {
        self.finding(
            span,
            message.into(),
            crate::diagnostic::Labels::new(),
            Some(Box::new(fix)),
        )
    }

    /// The one place a finding of this rule is put together, whole, at its
    /// default severity. Rules with many findings call it (or
    /// [`RuleMeta::fixed`]) rather than chaining `with_label` / `with_fix`:
    /// each step of that chain moves the 104-byte finding by value, and on
    /// 90k unbalanced quotes the copies (and a load of bytes just stored)
    /// were a third of the rule's cycles.
    #[inline(always)]
    pub(crate) fn finding(
        &'static self,
        span: Span,
        message: crate::diagnostic::Message,
        labels: crate::diagnostic::Labels,
        fix: Option<Box<crate::diagnostic::Fix>>,
    ) -> Diagnostic {
        Diagnostic {
            meta: self,
            severity: self.severity,
            message,
            span,
            labels,
            fix,
        }
    }

    /// A rule named `name` with code `code`, for tests that build findings
    /// by hand: leaked, as a finding holds its rule's metadata for good.
    #[cfg(test)]
    pub(crate) fn leaked(name: &'static str, code: &'static str) -> &'static RuleMeta {
        Box::leak(Box::new(RuleMeta {
            code,
            name,
            severity: Severity::Warning,
            default_enabled: true,
            summary: "",
            explanation: "",
        }))
    }

    /// The explanation with the one leading space of each doc-comment line removed.
    pub fn explanation_text(&self) -> String {
        let mut out = String::new();
        for line in self.explanation.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim_end().to_owned() + "\n"
    }
}

/// A lint rule. Rules are stateless across documents and run in parallel.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;
    /// Appends this rule's findings on `doc` to `out`, at the rule's default severity.
    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>);
}

/// Declares a rule's metadata; the doc comment becomes its `explanation`,
/// so `mtlint explain`, the README and rustdoc read the same text.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        $vis:vis const $NAME:ident = RuleMeta {
            code: $code:expr,
            name: $name:expr,
            severity: $severity:expr,
            $(default_enabled: $enabled:expr,)?
            summary: $summary:expr $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        $vis const $NAME: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            code: $code,
            name: $name,
            severity: $severity,
            default_enabled: $crate::declare_rule!(@enabled $($enabled)?),
            summary: $summary,
            explanation: concat!($($doc, "\n"),*),
        };
    };
    (@enabled) => { true };
    (@enabled $e:expr) => { $e };
}

/// Every coded rule, in code order. Adding a rule means adding one line here.
pub fn all_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(invalid_utf8::InvalidUtf8),
        Box::new(repeated_word::RepeatedWord),
        // glued words, looped phrases, MT grammar (MT003–MT009)
        Box::new(glued_word::GluedWord),
        Box::new(glued_capital::GluedCapital),
        Box::new(glued_breadcrumb::GluedBreadcrumb),
        Box::new(repeated_phrase::RepeatedPhrase),
        Box::new(article_number_mismatch::ArticleNumberMismatch),
        Box::new(modal_to::ModalTo),
        Box::new(article_possessive_name::ArticlePossessiveName),
        // punctuation, quotes, sentence case (MT010–MT029)
        Box::new(space_before_punctuation::SpaceBeforePunctuation),
        Box::new(doubled_punctuation::DoubledPunctuation),
        Box::new(missing_space_after_sentence::MissingSpaceAfterSentence),
        Box::new(unbalanced_quote::UnbalancedQuote),
        Box::new(reversed_quote::ReversedQuote),
        Box::new(prime_as_quote::PrimeAsQuote),
        Box::new(mixed_quote_styles::MixedQuoteStyles),
        Box::new(guillemet_spacing::GuillemetSpacing),
        Box::new(lowercase_sentence_start::LowercaseSentenceStart),
        Box::new(mid_sentence_capital::MidSentenceCapital),
        // encoding damage, boilerplate, hallucinations (MT030–MT049)
        Box::new(scrape_boilerplate::ScrapeBoilerplate),
        Box::new(mojibake::Mojibake),
        Box::new(replacement_character::ReplacementCharacter),
        Box::new(invisible_character::InvisibleCharacter),
        Box::new(non_nfc_text::NonNfcText),
        Box::new(mixed_script_word::MixedScriptWord),
        Box::new(html_entity::HtmlEntity),
        // name-spelling drift (MT050–MT059)
        Box::new(name_variant::NameVariant::default()),
        Box::new(glossary_name::GlossaryName::default()),
    ]
}
