//! Name spellings the `[names]` glossary rejects; the work is done by
//! [`crate::names`].

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::{check_names, Glossary};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A name spelled as a variant the `[names]` glossary of the
    /// configuration lists: with `Ryabkov = ["Riabkov", "Ryakhkov"]`, every
    /// `Riabkov` and `Ryakhkov`.
    ///
    /// ## Why it matters
    /// A newsroom or translation project fixes one spelling per name; the
    /// glossary catches the others even when a text is consistently wrong.
    ///
    /// ## Example
    /// With `Ryabkov = ["Riabkov"]`: flagged `Sergei Riabkov`. Instead:
    /// `Sergei Ryabkov`.
    ///
    /// ## False positives
    /// None beyond the glossary itself: only exact listed spellings of
    /// capitalised names are flagged. With no glossary the rule is silent.
    ///
    /// ## Fix safety
    /// Replacing the variant with the preferred spelling is offered as an
    /// unsafe fix, since a variant may name someone else.
    pub const GLOSSARY_NAME = RuleMeta {
        code: "MT051",
        name: "glossary-name",
        severity: Severity::Warning,
        summary: "A name spelled as a variant the `[names]` glossary rejects.",
    };
}

/// The rule with its glossary (empty in the default registry).
#[derive(Default)]
pub struct GlossaryName {
    pub glossary: Glossary,
}

impl Rule for GlossaryName {
    fn meta(&self) -> &RuleMeta {
        &GLOSSARY_NAME
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if self.glossary.is_empty() {
            return;
        }
        for findings in check_names(&[doc], &self.glossary) {
            out.extend(
                findings
                    .into_iter()
                    .filter(|d| d.code() == GLOSSARY_NAME.code),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::GlossaryName;
    use crate::names::Glossary;
    use crate::rules::test_support::{check, fixes, flags, passes};

    fn rule() -> GlossaryName {
        let mut glossary = Glossary::new();
        glossary.add("Ryabkov", &["Riabkov", "Ryakhkov", "Ryakov"]);
        GlossaryName { glossary }
    }

    #[test]
    fn flags_every_listed_variant() {
        flags(
            &rule(),
            "Sergei Riabkov said. Riabkov left. Sergei Ryakhkov came.",
            &["Riabkov", "Riabkov", "Ryakhkov"],
        );
    }

    #[test]
    fn suggests_the_preferred_spelling() {
        fixes(&rule(), "Sergei Riabkov said.", "Sergei Ryabkov said.");
        let found = check(&rule(), "Riabkov said.");
        assert_eq!(
            found[0].message,
            "the glossary spells `Riabkov` as `Ryabkov`"
        );
    }

    #[test]
    fn allows_the_preferred_spelling() {
        passes(&rule(), "Sergei Ryabkov said. Ryabkov left.");
    }

    #[test]
    fn allows_anything_without_a_glossary() {
        passes(
            &GlossaryName::default(),
            "Sergei Riabkov said. Sergei Ryakov left.",
        );
    }
}
