//! Words mixing Latin letters with Cyrillic or Greek look-alikes (`Russiа`
//! with a Cyrillic `а`). Greek letters that are not Latin look-alikes
//! (`μm`, `Ω`, `β-blocker`) mark scientific usage and are left alone.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A word that mixes Latin letters with Cyrillic or Greek letters that
    /// look the same: `Russiа` (Cyrillic `а`), `Lаvrоv`, `ΝΑΤΟ` written with
    /// two Latin letters.
    ///
    /// ## Why it matters
    /// The word looks right but is a different string: search, spell checking
    /// and name matching all miss it. Such words come from OCR, from
    /// keyboards switched mid-word, and from spam that evades filters.
    ///
    /// ## Example
    /// Flagged: `Russiа` (the last letter is U+0430). Instead: `Russia`.
    ///
    /// ## False positives
    /// Words written wholly in Cyrillic or Greek are not flagged, nor Greek
    /// letters used as symbols next to Latin ones (`μm`, `Ωcm`, `βeta`
    /// uses `β`, which has no Latin twin, so the word is left alone).
    ///
    /// ## Fix safety
    /// When Latin letters are the majority and every foreign letter has a
    /// Latin twin, mapping them to Latin is offered as an unsafe fix.
    pub const MIXED_SCRIPT_WORD = RuleMeta {
        code: "MT035",
        name: "mixed-script-word",
        severity: Severity::Warning,
        summary: "A word mixing Latin letters with Cyrillic or Greek look-alikes (`Russiа`).",
    };
}

pub struct MixedScriptWord;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Other,
}

fn script(c: char) -> Script {
    match c {
        'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{24F}'
            if crate::text::chars::is_alphabetic(c) && c != '×' && c != '÷' =>
        {
            Script::Latin
        }
        '\u{400}'..='\u{52F}' if crate::text::chars::is_alphabetic(c) => Script::Cyrillic,
        '\u{370}'..='\u{3FF}' if crate::text::chars::is_alphabetic(c) => Script::Greek,
        _ => Script::Other,
    }
}

/// The Latin letter a Cyrillic or Greek letter is indistinguishable from.
fn latin_twin(c: char) -> Option<char> {
    let t = match c {
        // Cyrillic
        'а' => 'a',
        'в' => 'B',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'һ' => 'h',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' => 'Y',
        'Х' => 'X',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        // Greek
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        'ο' => 'o',
        _ => return None,
    };
    // 'в' looks like a small-capital B only; it is not a safe twin.
    (c != 'в').then_some(t)
}

impl Rule for MixedScriptWord {
    fn meta(&self) -> &RuleMeta {
        &MIXED_SCRIPT_WORD
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if doc.text().is_ascii() {
            return;
        }
        for i in doc.non_ascii_words() {
            let t = &doc.tokens[i];
            let word = doc.token_text(t);
            let (mut latin, mut cyrillic, mut greek) = (0, 0, 0);
            for c in word.chars() {
                match script(c) {
                    Script::Latin => latin += 1,
                    Script::Cyrillic => cyrillic += 1,
                    Script::Greek => greek += 1,
                    Script::Other => {}
                }
            }
            let foreign = cyrillic + greek;
            if latin == 0 || foreign == 0 {
                continue;
            }
            // Greek letters without a Latin twin are symbols (μm, βeta, Ωcm).
            let greek_symbol = word
                .chars()
                .any(|c| script(c) == Script::Greek && latin_twin(c).is_none());
            if greek_symbol {
                continue;
            }
            let mut d = MIXED_SCRIPT_WORD.diagnostic(
                t.span(),
                format!(
                    "`{word}` mixes Latin with {}",
                    if cyrillic > 0 {
                        "Cyrillic letters"
                    } else {
                        "Greek letters"
                    }
                ),
            );
            let all_twins = word.chars().all(|c| {
                script(c) == Script::Latin || script(c) == Script::Other || latin_twin(c).is_some()
            });
            if latin > foreign && all_twins {
                let fixed: String = word
                    .chars()
                    .map(|c| {
                        if script(c) == Script::Latin {
                            c
                        } else {
                            latin_twin(c).unwrap_or(c)
                        }
                    })
                    .collect();
                d = d.with_fix(Fix::replace(Applicability::Unsafe, t.span(), fixed));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MixedScriptWord;
    use crate::rules::test_support::{check, fixes, flags, passes};

    #[test]
    fn flags_cyrillic_look_alikes_in_latin_words() {
        flags(
            &MixedScriptWord,
            "Russiа and Lаvrоv met",
            &["Russiа", "Lаvrоv"],
        );
    }

    #[test]
    fn flags_latin_in_a_cyrillic_word_without_fix() {
        flags(&MixedScriptWord, "в Pоссии", &["Pоссии"]);
        assert!(check(&MixedScriptWord, "в Pоссии")[0].fix.is_none());
    }

    #[test]
    fn flags_greek_capitals_posing_as_latin() {
        flags(&MixedScriptWord, "the NΑTO summit", &["NΑTO"]);
    }

    #[test]
    fn passes_pure_cyrillic_and_greek_words() {
        passes(&MixedScriptWord, "Москва and Αθήνα and Lavrov");
    }

    #[test]
    fn passes_greek_symbols_in_units_and_science() {
        passes(
            &MixedScriptWord,
            "a 5 μm film, 10 Ωcm, α-helix, βeta, ΔT, the γ-ray",
        );
    }

    #[test]
    fn passes_accented_latin() {
        passes(&MixedScriptWord, "Zürich, São Paulo, Łódź, Dvořák");
    }

    #[test]
    fn maps_look_alikes_to_latin() {
        fixes(&MixedScriptWord, "Russiа and Lаvrоv", "Russia and Lavrov");
    }
}
