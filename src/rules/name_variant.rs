//! One proper name spelled several ways in one text (`Riabkov`, `Ryakov`,
//! `Ryakhkov`); the work is done by [`crate::names`].

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::{check_names, Glossary};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A proper name written in more than one way in the same text:
    /// transliteration variants (`Ryabkov`/`Riabkov`, `Zelensky`/`Zelenskyy`,
    /// `Dmitry`/`Dmitri`, `Mohammed`/`Mohamed`), dropped diacritics
    /// (`Erdoğan`/`Erdogan`, `Schäuble`/`Schaeuble`), a hyphen against a
    /// space (`Amir-Abdollahian`/`Amir Abdollahian`), known exonym pairs
    /// (`Kiev`/`Kyiv`), and one-letter corruptions (`Ryakov` beside
    /// `Riabkov`) when the same first name or title stands next to both or
    /// the odd spelling is rare against a frequent one. Each less frequent
    /// spelling is flagged, with labels on the dominant one.
    ///
    /// ## Why it matters
    /// Machine translation through different pivot languages and
    /// romanisation schemes scatters one name into several spellings. Each
    /// is plausible on its own, so no spell checker sees it, yet readers
    /// wonder whether two people are meant.
    ///
    /// ## Example
    /// Flagged: `Sergei Riabkov said ... Riabkov warned ... Sergei Ryakov added`.
    /// Instead: one spelling throughout, `Sergei Riabkov` (or the usual
    /// English `Ryabkov`, via a `[names]` glossary).
    ///
    /// ## False positives
    /// Words and their derivations (`Russia`/`Russian`, `Sweden`/`Swedes`,
    /// possessives), gendered surnames (`Ivanov`/`Ivanova`), distinct places
    /// close in spelling (`Austria`/`Australia`, `Iran`/`Iraq`) and
    /// dictionary words are never variants. Two different people whose
    /// names differ only in romanisation (`Mohammed bin Salman` and
    /// `Mohamed Salah`) are kept apart only when both spellings are
    /// established names without shared context.
    ///
    /// ## Fix safety
    /// Replacing the spelling with the dominant one is an unsafe fix: the
    /// dominant spelling may itself be the wrong one, and it could be a
    /// different person.
    pub const NAME_VARIANT = RuleMeta {
        code: "MT050",
        name: "name-variant",
        severity: Severity::Warning,
        summary: "One name spelled several ways (`Riabkov`/`Ryakov`).",
    };
}

/// The rule over one document. Glossary variants are left to `glossary-name`.
#[derive(Default)]
pub struct NameVariant {
    pub glossary: Glossary,
}

impl Rule for NameVariant {
    fn meta(&self) -> &RuleMeta {
        &NAME_VARIANT
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for findings in check_names(&[doc], &self.glossary) {
            out.extend(
                findings
                    .into_iter()
                    .filter(|d| d.code() == NAME_VARIANT.code),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NameVariant;
    use crate::names::Glossary;
    use crate::rules::test_support::{check, fixes, flags, passes};

    fn v() -> NameVariant {
        NameVariant {
            glossary: Glossary::new(),
        }
    }

    #[test]
    fn flags_seed_style_corruptions_with_labels_on_the_dominant_spelling() {
        let text = "Deputy Foreign Minister Sergei Ryakov spoke in Geneva. His deputy Sergei Riabkov \
                    agreed. Later Riabkov warned again. Riabkov said more. On Thursday, Sergei Ryakhkov threatened.";
        flags(&v(), text, &["Ryakov", "Ryakhkov"]);
        let found = check(&v(), text);
        for d in &found {
            assert!(
                d.message.contains("mostly writes `Riabkov` (3×)"),
                "{}",
                d.message
            );
            let labelled: Vec<&str> = d.labels.iter().map(|l| &text[l.span.range()]).collect();
            assert_eq!(&labelled[..3], ["Riabkov", "Riabkov", "Riabkov"]);
        }
        assert!(found[0]
            .message
            .starts_with("`Riabkov`, `Ryakov` and `Ryakhkov` look like one name"));
    }

    #[test]
    fn flags_transliteration_variants() {
        flags(
            &v(),
            "Zelensky spoke. Zelensky left. Then Zelenskyy returned.",
            &["Zelenskyy"],
        );
        flags(
            &v(),
            "Zelenskiy spoke. Zelensky left. Zelensky came.",
            &["Zelenskiy"],
        );
        flags(
            &v(),
            "Dmitry Peskov said. Dmitri Peskov added. Dmitry Peskov ended.",
            &["Dmitri"],
        );
        flags(
            &v(),
            "Vassily Nebenzya said. Nebenzia added. Nebenzya ended.",
            &["Nebenzia"],
        );
        flags(
            &v(),
            "Mohammed bin Salman met. Mohamed bin Salman left. Mohammed bin Salman spoke.",
            &["Mohamed"],
        );
        flags(
            &v(),
            "Ryabkov spoke. Riabkov left. Ryabkov came.",
            &["Riabkov"],
        );
    }

    #[test]
    fn flags_diacritic_variants() {
        flags(
            &v(),
            "Erdoğan spoke. Erdogan left. Erdoğan came.",
            &["Erdogan"],
        );
        flags(
            &v(),
            "Sebastião spoke. Sebastiao left. Sebastião came.",
            &["Sebastiao"],
        );
        flags(
            &v(),
            "Schäuble spoke. Schaeuble left. Schäuble came.",
            &["Schaeuble"],
        );
    }

    #[test]
    fn flags_hyphen_against_space() {
        flags(
            &v(),
            "Hossein Amir-Abdollahian spoke. Amir-Abdollahian left. Then Amir Abdollahian came.",
            &["Amir Abdollahian"],
        );
    }

    #[test]
    fn flags_exonyms() {
        flags(
            &v(),
            "Kyiv said. In Kyiv, people left. Kiev was quiet.",
            &["Kiev"],
        );
    }

    #[test]
    fn reports_a_tie_once_per_spelling() {
        let text = "Zelensky spoke. Zelenskyy left.";
        flags(&v(), text, &["Zelensky", "Zelenskyy"]);
        let found = check(&v(), text);
        assert!(found
            .iter()
            .all(|d| d.message.contains("no spelling dominates") && d.fix.is_none()));
    }

    #[test]
    fn fixes_to_the_dominant_spelling() {
        fixes(
            &v(),
            "Zelensky spoke. Zelensky left. Then Zelenskyy returned.",
            "Zelensky spoke. Zelensky left. Then Zelensky returned.",
        );
    }

    #[test]
    fn allows_a_consistent_name() {
        passes(
            &v(),
            "Dmitri Peskov said so. Later Peskov and Dmitri Medvedev agreed.",
        );
    }

    #[test]
    fn allows_derivations() {
        passes(
            &v(),
            "Russia and the Russians. A Russian said Russia's army and Russia’s allies.",
        );
        passes(
            &v(),
            "Ukraine, the Ukrainian army, Ukraine, Ukrainians, Ukraine.",
        );
        passes(&v(), "Sweden, Sweden, Sweden and the Swedes.");
        passes(
            &v(),
            "Lavrov said. Lavrov’s deputy. Lavrov's aide. Lavrov again.",
        );
    }

    #[test]
    fn allows_gendered_surnames() {
        passes(
            &v(),
            "Ivan Ivanov and Maria Ivanova. Ivanov spoke, Ivanov left.",
        );
        passes(
            &v(),
            "Sergei Lavrov and Maria Lavrova. Lavrov spoke, Lavrov left, Lavrov came.",
        );
        passes(
            &v(),
            "Jan Kowalski and Anna Kowalska. Kowalski spoke, Kowalski left.",
        );
    }

    #[test]
    fn allows_distinct_places() {
        passes(&v(), "Austria, Austria, Austria and Australia.");
        passes(&v(), "Slovakia, Slovakia, Slovakia and Slovenia.");
        passes(&v(), "Iran, Iran, Iran and Iraq.");
        passes(&v(), "Niger, Niger, Niger and Nigeria.");
    }

    #[test]
    fn allows_dictionary_words() {
        passes(
            &v(),
            "The Foreign Ministry said. The Forest Ministry, the Foreign Minister.",
        );
        passes(&v(), "Ms Rice and Mr Price. Rice, Rice, Price.");
    }

    #[test]
    fn allows_one_edit_names_without_support() {
        // Two different surnames one letter apart, once each.
        passes(&v(), "Morales spoke to his rival Moreles.");
        passes(&v(), "Tanaka met Takana.");
    }

    #[test]
    fn allows_case_only_differences() {
        passes(&v(), "McCain said. Mccain left.");
    }

    #[test]
    fn allows_empty_and_odd_text() {
        passes(&v(), "");
        passes(&v(), "\u{1A}\u{1A} 🙂 Ä-Ö bin al- -");
    }
}
