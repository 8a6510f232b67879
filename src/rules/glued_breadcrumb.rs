//! Navigation breadcrumbs scraped without their separators
//! (`HomeGlobalRussia`): three or more capitalised dictionary words run
//! together at the start of a line.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::lexicon;
use crate::text::tokens::{shape, TokenKind};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A token at the start of a line made of three or more capitalised
    /// English words with no spaces, the first a site root (`Home`, `News`,
    /// `Main`): `HomeGlobalRussia`, `HomeNewsWorldEurope`.
    ///
    /// ## Why it matters
    /// A page's breadcrumb trail (`Home › Global › Russia`) loses its
    /// separators when scraped and ends up glued to the headline. It is site
    /// navigation, not text, and usually belongs removed.
    ///
    /// ## Example
    /// Flagged: `HomeGlobalRussia sees an agreement with the West`.
    /// Instead: `Russia sees an agreement with the West`.
    ///
    /// ## False positives
    /// Two-part brands (`PowerShell`, `PlayStation`, `JavaScript`) have too few
    /// parts, and PascalCase identifiers (`HandlePowerKey`) lack the root or
    /// sit before `(`, `=` or `:`. All parts but the last must be common
    /// lowercase words, so company names built from surnames
    /// (`GlaxoSmithKline`) pass, as do tokens in the middle of a line.
    ///
    /// No fix is offered: whether to delete the trail or split it is an
    /// editorial choice.
    pub const GLUED_BREADCRUMB = RuleMeta {
        code: "MT005",
        name: "glued-breadcrumb",
        severity: Severity::Warning,
        summary: "Navigation breadcrumbs glued into one word (`HomeGlobalRussia`).",
    };
}

pub struct GluedBreadcrumb;

/// Fewest capitalised parts that make a trail rather than a brand.
const MIN_PARTS: usize = 3;

/// The first crumb of a trail: the site root. PascalCase identifiers
/// (`SystemMaxUse`, `HandlePowerKey`) start with anything else.
const NAV_ROOTS: &[&str] = &["Frontpage", "Home", "Homepage", "News"];

impl Rule for GluedBreadcrumb {
    fn meta(&self) -> &RuleMeta {
        &GLUED_BREADCRUMB
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        // Three `humps` need ASCII letters and capitals after the first.
        for &i in doc.words_with_inner_capital() {
            let i = i as usize;
            let t = &doc.tokens[i];
            if !t.has_shape(shape::LETTERS) || !starts_line(doc, i) {
                continue;
            }
            let word = doc.token_text(t);
            let Some(parts) = humps(word) else {
                continue;
            };
            if parts.len() < MIN_PARTS || !NAV_ROOTS.contains(&parts[0]) || lexicon::contains(word)
            {
                continue;
            }
            // Section names are common words; only the last may be a name
            // (`HomeGlobalRussia`), which keeps out `GlaxoSmithKline`.
            let (last, sections) = parts.split_last().expect("at least three parts");
            let common = |p: &&str| lexicon::level_exact(&p.to_ascii_lowercase()).is_some();
            let next = doc.tokens.get(i + 1).map(|n| doc.token_text(n));
            if matches!(next, Some("(" | "=" | "." | "_" | ":" | "<"))
                || !parts.iter().all(|p| p.len() >= 3)
                || !sections.iter().all(common)
                || !lexicon::contains(last)
            {
                continue;
            }
            out.push(GLUED_BREADCRUMB.diagnostic(
                t.span(),
                format!(
                    "`{word}` looks like navigation (`{}`) glued to the text",
                    parts.join(" › ")
                ),
            ));
        }
    }
}

/// Whether only whitespace or punctuation precedes token `i` on its line.
fn starts_line(doc: &Document, i: usize) -> bool {
    for t in doc.tokens[..i].iter().rev() {
        match t.kind() {
            TokenKind::Newline => return true,
            TokenKind::Word | TokenKind::Number => return false,
            _ => {}
        }
    }
    true
}

/// Splits `HomeGlobalRussia` into `Home`, `Global`, `Russia`; `None` unless
/// the token is ASCII letters in capitalised runs (`[A-Z][a-z]+` repeated).
fn humps(word: &str) -> Option<Vec<&str>> {
    let b = word.as_bytes();
    if !b.first()?.is_ascii_uppercase() || !b.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for k in 1..=b.len() {
        if k == b.len() || b[k].is_ascii_uppercase() {
            if k - start < 2 {
                return None; // `USPolitics`, `HomeA`: no clean split
            }
            parts.push(&word[start..k]);
            start = k;
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::GluedBreadcrumb;
    use crate::rules::test_support::{flags, passes};

    #[test]
    fn flags_breadcrumb_glued_to_headline() {
        flags(
            &GluedBreadcrumb,
            "Monday\nHomeGlobalRussia sees an agreement with the West",
            &["HomeGlobalRussia"],
        );
    }

    #[test]
    fn flags_at_document_start_and_after_punctuation() {
        flags(
            &GluedBreadcrumb,
            "HomeNewsWorldEurope\n» HomeSportFootball results",
            &["HomeNewsWorldEurope", "HomeSportFootball"],
        );
    }

    #[test]
    fn allows_two_part_brands() {
        passes(
            &GluedBreadcrumb,
            "PowerShell scripts\nPlayStation games\nJavaScript code\nYouTube videos",
        );
    }

    #[test]
    fn allows_names_with_non_word_parts() {
        passes(
            &GluedBreadcrumb,
            "GlaxoSmithKline said\nPricewaterhouseCoopers said",
        );
    }

    #[test]
    fn allows_pascal_case_identifiers() {
        passes(
            &GluedBreadcrumb,
            "HandlePowerKey sets it.\nSystemMaxUse limits disk use.\nStartUnitReplace runs.",
        );
    }

    #[test]
    fn allows_api_names_in_code_context() {
        passes(
            &GluedBreadcrumb,
            "HomeKitAccessoryServer(x) starts.\nHomeBridgeConfigPath= sets it.",
        );
    }

    #[test]
    fn allows_mid_line_tokens() {
        passes(&GluedBreadcrumb, "We visited HomeGlobalRussia once.");
    }

    #[test]
    fn allows_acronym_runs() {
        passes(&GluedBreadcrumb, "HomeUSPolitics\nNewsA");
    }

    #[test]
    fn never_panics_on_odd_input() {
        passes(&GluedBreadcrumb, "");
        passes(&GluedBreadcrumb, "ÉcoleNormaleSupérieure\nA\n😀");
    }
}
