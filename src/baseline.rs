//! Baselines: a record of accepted findings, so only new ones are reported.
//! A fingerprint hashes the rule, the flagged text and a few words of context
//! (never line numbers or offsets), so edits elsewhere in a file keep it.

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Words of context taken on each side of a finding.
const CONTEXT_WORDS: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// 64-bit FNV-1a: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Whitespace-collapsed words, so line-ending or reflow changes do not matter.
fn words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split_whitespace()
}

fn ends_sentence(word: &str) -> bool {
    word.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')'])
        .ends_with(['.', '!', '?', '\u{3002}'])
}

/// The fingerprints of a file's findings, in the same order. Identical
/// findings (same rule, text and context) are told apart by their occurrence index.
pub fn fingerprints(text: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let start = d.span.start.min(text.len());
            let end = d.span.end.clamp(start, text.len());
            let flagged = text.get(start..end).unwrap_or("");
            // Context stays inside the finding's sentence, so a sentence
            // added or edited next to it does not change the fingerprint.
            let before: Vec<&str> = text
                .get(..start)
                .map(|b| {
                    words(b)
                        .rev()
                        .take_while(|w| !ends_sentence(w))
                        .take(CONTEXT_WORDS)
                        .collect()
                })
                .unwrap_or_default();
            let mut after: Vec<&str> = Vec::new();
            for w in text
                .get(end..)
                .map(|a| words(a).take(CONTEXT_WORDS))
                .into_iter()
                .flatten()
            {
                after.push(w);
                if ends_sentence(w) {
                    break;
                }
            }
            let flagged: Vec<&str> = words(flagged).collect();
            let base = fnv1a(&[
                d.rule(),
                &flagged.join(" "),
                &before.join(" "),
                &after.join(" "),
            ]);
            let n = seen.entry(base).or_default();
            let idx = *n;
            *n += 1;
            format!("{:016x}", fnv1a(&[&base.to_string(), &idx.to_string()]))
        })
        .collect()
}

impl Baseline {
    pub fn new() -> Baseline {
        Baseline {
            version: 1,
            findings: Vec::new(),
        }
    }

    /// Records every finding of one file.
    pub fn add_file(&mut self, path: &str, text: &str, diagnostics: &[Diagnostic]) {
        for (d, fp) in diagnostics.iter().zip(fingerprints(text, diagnostics)) {
            self.findings.push(Entry {
                path: path.to_owned(),
                rule: d.rule().to_owned(),
                fingerprint: fp,
            });
        }
    }

    /// Stable order, so the file diffs cleanly in version control.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
        });
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a baseline always serialises") + "\n"
    }

    pub fn from_json(path: &Path, text: &str) -> Result<Baseline> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| {
            let line_start: usize = text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum();
            let at = (line_start + e.column().saturating_sub(1)).min(text.len());
            Error::Config {
                path: path.to_path_buf(),
                text: text.to_owned(),
                span: text.is_char_boundary(at).then_some(at..at),
                message: format!("invalid baseline: {e}"),
            }
        })?;
        if b.version != 1 {
            return Err(Error::Config {
                path: path.to_path_buf(),
                text: text.to_owned(),
                span: None,
                message: format!("unsupported baseline version {} (expected 1)", b.version),
            });
        }
        Ok(b)
    }

    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Baseline::from_json(path, &text)
    }

    /// Counts per (path, rule, fingerprint), consumed as findings match.
    pub fn index(&self) -> BaselineIndex {
        let mut counts = HashMap::new();
        for e in &self.findings {
            *counts
                .entry((e.path.clone(), e.rule.clone(), e.fingerprint.clone()))
                .or_insert(0u32) += 1;
        }
        BaselineIndex { counts }
    }
}

/// A baseline prepared for filtering (multiset semantics: each recorded
/// finding silences at most one current finding).
#[derive(Debug, Default)]
pub struct BaselineIndex {
    counts: HashMap<(String, String, String), u32>,
}

impl BaselineIndex {
    /// Keeps the findings of one file that the baseline does not record;
    /// returns how many were silenced.
    pub fn filter(&mut self, path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let fps = fingerprints(text, diagnostics);
        let mut keep = Vec::with_capacity(diagnostics.len());
        let mut silenced = 0;
        for (d, fp) in diagnostics.drain(..).zip(fps) {
            let key = (path.to_owned(), d.rule().to_owned(), fp);
            match self.counts.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    silenced += 1;
                }
                _ => keep.push(d),
            }
        }
        *diagnostics = keep;
        silenced
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    fn lint(text: &str) -> Vec<Diagnostic> {
        Linter::new().check_text("t", text).diagnostics
    }

    fn remaining(old: &str, new: &str) -> Vec<String> {
        let mut b = Baseline::new();
        b.add_file("a.txt", old, &lint(old));
        let b = Baseline::from_json(Path::new("b.json"), &b.to_json()).expect("round trip");
        let mut d = lint(new);
        b.index().filter("a.txt", new, &mut d);
        d.iter().map(|d| new[d.span.range()].to_owned()).collect()
    }

    #[test]
    fn silences_recorded_findings() {
        assert!(remaining("Press the the button.", "Press the the button.").is_empty());
    }

    #[test]
    fn survives_edits_elsewhere_in_the_file() {
        let old = "Intro.\n\nPress the the button now.\n";
        let new = "A new first paragraph\nwith several lines.\n\nIntro.\n\nPress the the button now.\n\nOutro.\n";
        assert!(remaining(old, new).is_empty());
    }

    #[test]
    fn survives_line_ending_changes() {
        assert!(remaining("Press the the\nbutton.", "Press the the\r\nbutton.").is_empty());
    }

    #[test]
    fn reports_a_new_finding() {
        let old = "Press the the button.";
        let new = "Press the the button. Then it is is done.";
        assert_eq!(remaining(old, new), vec!["is is"]);
    }

    #[test]
    fn counts_identical_findings() {
        let old = "the the x. ";
        let new = "the the x. the the x. ";
        assert_eq!(remaining(old, new).len(), 1);
    }

    #[test]
    fn other_paths_are_not_silenced() {
        let t = "Press the the button.";
        let mut b = Baseline::new();
        b.add_file("a.txt", t, &lint(t));
        let mut d = lint(t);
        b.index().filter("b.txt", t, &mut d);
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn rejects_bad_json_and_versions() {
        assert!(Baseline::from_json(Path::new("b"), "{").is_err());
        assert!(Baseline::from_json(Path::new("b"), r#"{"version":2,"findings":[]}"#).is_err());
        assert!(
            Baseline::from_json(Path::new("b"), r#"{"version":1,"findings":[],"x":1}"#).is_err()
        );
    }

    #[test]
    fn fingerprints_never_panic() {
        let d = lint("é the the 😀");
        let _ = fingerprints("", &d);
        let _ = fingerprints("é", &d);
    }
}
