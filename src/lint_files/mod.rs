//! Data rules: `lints/*.toml` files turned into [`Rule`]s. Built-in files are
//! compiled in from the one list [`BUILTIN_FILES`]; packs named in
//! configuration go through the same [`load_pack`].
//!
//! [`RuleMeta`] holds `&'static str`, so the strings of a loaded file are
//! leaked (`Box::leak`) once at load. Built-ins load once per process (a
//! `LazyLock`); a configured pack is loaded once per run, so nothing grows.

mod pattern;
mod phrase;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::rules::{Rule, RuleMeta};
use crate::text::Document;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use toml::Spanned;

/// Every built-in lint file: its path relative to the crate root and its text.
/// A test checks that this list matches `lints/*.toml` on disk.
pub const BUILTIN_FILES: &[(&str, &str)] = &[(
    "lints/mt-hallucination.toml",
    include_str!("../../lints/mt-hallucination.toml"),
)];

/// The schema of one lint file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintFile {
    pub code: Spanned<String>,
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    pub severity: Spanned<String>,
    pub summary: String,
    pub message: String,
    #[serde(default)]
    pub explanation: Option<String>,
    #[serde(default)]
    pub default_enabled: Option<bool>,
    /// `kind = "pattern"`: the one regular expression.
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    /// `kind = "pattern"`: optional replacement (`$1` expands groups).
    #[serde(default)]
    pub replace: Option<String>,
    /// `kind = "phrase"`: the phrases.
    #[serde(default)]
    pub entry: Vec<Entry>,
    #[serde(default)]
    pub test: Vec<TestCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Entry {
    pub find: Spanned<String>,
    #[serde(default)]
    pub suggest: Option<String>,
}

/// A `[[test]]` case: with `output` or `flags` the rule must fire; with
/// neither, the input must stay clean.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TestCase {
    pub input: String,
    #[serde(default)]
    pub output: Option<String>,
    #[serde(default)]
    pub flags: Option<Vec<String>>,
}

enum Matcher {
    Phrase(phrase::Phrases),
    Pattern(pattern::Pattern),
}

/// A rule defined by a lint file.
pub struct DataRule {
    /// Leaked, as its strings are: every finding points at it.
    meta: &'static RuleMeta,
    /// The message template with `{found}` and `{suggest}`.
    message: &'static str,
    matcher: Matcher,
}

impl Rule for DataRule {
    fn meta(&self) -> &RuleMeta {
        self.meta
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        match &self.matcher {
            Matcher::Phrase(p) => p.check(self.meta, self.message, doc, out),
            Matcher::Pattern(p) => p.check(self.meta, self.message, doc, out),
        }
    }
}

/// Built-in data rules are loaded once and shared by reference.
struct Builtin(&'static DataRule);

impl Rule for Builtin {
    fn meta(&self) -> &RuleMeta {
        self.0.meta()
    }
    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        self.0.check(doc, out);
    }
}

static BUILTIN: LazyLock<Vec<DataRule>> = LazyLock::new(|| {
    BUILTIN_FILES
        .iter()
        .map(|(path, text)| match parse(Path::new(path), text) {
            Ok((_, rule)) => rule,
            // The built-in files are tested; a broken one is a build bug.
            Err(e) => panic!("built-in lint file {path} is invalid: {e:?}"),
        })
        .collect()
});

/// Every built-in data rule, in the order of [`BUILTIN_FILES`].
pub fn builtin() -> Vec<Box<dyn Rule>> {
    BUILTIN
        .iter()
        .map(|r| Box::new(Builtin(r)) as Box<dyn Rule>)
        .collect()
}

/// Loads one lint file (a pack named in configuration). `path` is used for
/// error messages; the file's name must match its `name`.
pub fn load_pack(path: &Path, text: &str) -> Result<Vec<Box<dyn Rule>>, Error> {
    let (_, rule) = parse(path, text)?;
    Ok(vec![Box::new(rule)])
}

fn config_error(
    path: &Path,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: impl Into<String>,
) -> Error {
    Error::Config {
        path: PathBuf::from(path),
        text: text.to_owned(),
        span,
        message: message.into(),
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Parses and validates a lint file into its schema and its rule.
fn parse(path: &Path, text: &str) -> Result<(LintFileInfo, DataRule), Error> {
    let file: LintFile = toml::from_str(text)
        .map_err(|e| config_error(path, text, e.span(), e.message().to_owned()))?;
    let err = |span: std::ops::Range<usize>, msg: String| config_error(path, text, Some(span), msg);

    let code = file.code.get_ref();
    let valid_code =
        code.len() == 5 && code.starts_with("MT") && code[2..].bytes().all(|b| b.is_ascii_digit());
    if !valid_code {
        return Err(err(
            file.code.span(),
            format!("`{code}` is not a rule code (`MT` and three digits)"),
        ));
    }
    let name = file.name.get_ref();
    let kebab = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !kebab {
        return Err(err(
            file.name.span(),
            format!("`{name}` is not a kebab-case rule name"),
        ));
    }
    if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
        if stem != name {
            return Err(err(
                file.name.span(),
                format!("the rule name `{name}` must equal the file name `{stem}`"),
            ));
        }
    }
    let severity: Severity = file
        .severity
        .get_ref()
        .parse()
        .map_err(|m: String| err(file.severity.span(), m))?;
    let needs_suggest = file.message.contains("{suggest}");
    let matcher = match file.kind.get_ref().as_str() {
        "phrase" => {
            if let Some(p) = &file.pattern {
                return Err(err(
                    p.span(),
                    "`pattern` belongs to `kind = \"pattern\"`".into(),
                ));
            }
            if file.replace.is_some() {
                return Err(err(
                    file.kind.span(),
                    "`replace` belongs to `kind = \"pattern\"`".into(),
                ));
            }
            if file.entry.is_empty() {
                return Err(err(
                    file.kind.span(),
                    "a phrase rule needs at least one `[[entry]]`".into(),
                ));
            }
            let mut entries = Vec::new();
            for e in &file.entry {
                if phrase::normalise(e.find.get_ref()).trim().is_empty() {
                    return Err(err(e.find.span(), "`find` is empty".into()));
                }
                if needs_suggest && e.suggest.is_none() {
                    return Err(err(
                        e.find.span(),
                        "the message uses `{suggest}` but this entry has no `suggest`".into(),
                    ));
                }
                entries.push((e.find.get_ref().clone(), e.suggest.clone()));
            }
            Matcher::Phrase(phrase::Phrases::new(entries))
        }
        "pattern" => {
            if !file.entry.is_empty() {
                return Err(err(
                    file.kind.span(),
                    "`[[entry]]` belongs to `kind = \"phrase\"`".into(),
                ));
            }
            let Some(pat) = &file.pattern else {
                return Err(err(
                    file.kind.span(),
                    "a pattern rule needs `pattern`".into(),
                ));
            };
            if needs_suggest && file.replace.is_none() {
                return Err(err(
                    pat.span(),
                    "the message uses `{suggest}` but the rule has no `replace`".into(),
                ));
            }
            let p = pattern::Pattern::new(pat.get_ref(), file.replace.clone())
                .map_err(|m| err(pat.span(), m))?;
            Matcher::Pattern(p)
        }
        other => {
            return Err(err(
                file.kind.span(),
                format!("`{other}` is not a kind (phrase, pattern)"),
            ))
        }
    };
    let info = LintFileInfo {
        finds: file
            .entry
            .iter()
            .map(|e| e.find.get_ref().clone())
            .collect(),
        tests: file.test,
    };
    let explanation = file.explanation.unwrap_or_else(|| file.summary.clone());
    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        code: leak(file.code.into_inner()),
        name: leak(file.name.into_inner()),
        severity,
        default_enabled: file.default_enabled.unwrap_or(true),
        summary: leak(file.summary),
        explanation: leak(explanation),
    }));
    Ok((
        info,
        DataRule {
            meta,
            message: leak(file.message),
            matcher,
        },
    ))
}

/// What the canonical-form and per-file tests need beyond the rule.
#[cfg_attr(not(test), allow(dead_code))]
struct LintFileInfo {
    finds: Vec<String>,
    tests: Vec<TestCase>,
}

/// Fills `{found}` and `{suggest}` in a message template.
fn render_message(template: &str, found: &str, suggest: Option<&str>) -> String {
    template
        .replace("{found}", found)
        .replace("{suggest}", suggest.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_fixes;
    use crate::rules::test_support::check;

    fn parsed() -> Vec<(&'static str, LintFileInfo, DataRule)> {
        BUILTIN_FILES
            .iter()
            .map(|(path, text)| {
                let (info, rule) =
                    parse(Path::new(path), text).unwrap_or_else(|e| panic!("{path}: {e:?}"));
                (*path, info, rule)
            })
            .collect()
    }

    #[test]
    fn builtin_list_matches_lints_directory() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lints");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("lints/ exists")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
            .map(|p| {
                format!(
                    "lints/{}",
                    p.file_name().expect("file name").to_string_lossy()
                )
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = BUILTIN_FILES.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert_eq!(
            listed, on_disk,
            "BUILTIN_FILES must list exactly lints/*.toml"
        );
    }

    #[test]
    fn every_file_passes_its_own_tests() {
        for (path, info, rule) in parsed() {
            for case in &info.tests {
                let found = check(&rule, &case.input);
                if let Some(expected) = &case.flags {
                    let got: Vec<&str> =
                        found.iter().map(|d| &case.input[d.span.range()]).collect();
                    assert_eq!(&got, expected, "{path}: flags on {:?}", case.input);
                }
                if let Some(output) = &case.output {
                    assert!(
                        !found.is_empty(),
                        "{path}: nothing flagged in {:?}",
                        case.input
                    );
                    let fixed = apply_fixes(&case.input, &found, true).text;
                    assert_eq!(&fixed, output, "{path}: fix of {:?}", case.input);
                }
                if case.flags.is_none() && case.output.is_none() {
                    let got: Vec<&str> =
                        found.iter().map(|d| &case.input[d.span.range()]).collect();
                    assert!(
                        found.is_empty(),
                        "{path}: should stay clean: {:?}, found {got:?}",
                        case.input
                    );
                }
            }
        }
    }

    #[test]
    fn files_are_in_canonical_form() {
        let mut codes: Vec<&str> = crate::rules::all_rules()
            .iter()
            .map(|r| r.meta().code)
            .collect();
        for (path, info, rule) in parsed() {
            let keys: Vec<String> = info.finds.iter().map(|f| phrase::normalise(f)).collect();
            for pair in keys.windows(2) {
                assert!(
                    pair[0] < pair[1],
                    "{path}: entries not sorted or duplicated: {:?} then {:?}",
                    pair[0],
                    pair[1]
                );
            }
            assert!(
                info.tests
                    .iter()
                    .any(|t| t.output.is_none() && t.flags.is_none()),
                "{path}: needs at least one clean [[test]] (no output, no flags)"
            );
            assert!(
                info.tests
                    .iter()
                    .any(|t| t.output.is_some() || t.flags.is_some()),
                "{path}: needs at least one [[test]] that flags"
            );
            let stem = Path::new(path)
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("stem");
            assert_eq!(rule.meta().name, stem);
            codes.push(rule.meta().code);
        }
        let mut sorted = codes.clone();
        sorted.sort();
        let before = sorted.len();
        sorted.dedup();
        assert_eq!(before, sorted.len(), "rule codes must be unique: {codes:?}");
    }

    #[test]
    fn builtin_loads_every_file() {
        assert_eq!(builtin().len(), BUILTIN_FILES.len());
    }

    const PACK: &str = r#"
code = "MT190"
name = "house-style"
kind = "phrase"
severity = "info"
summary = "House style."
message = "`{found}`: write `{suggest}`."
[[entry]]
find = "e-mail"
suggest = "email"
[[test]]
input = "Send an e-mail."
output = "Send an email."
[[test]]
input = "Send an email."
"#;

    #[test]
    fn loads_a_pack_and_fixes() {
        let rules = load_pack(Path::new("packs/house-style.toml"), PACK).expect("valid pack");
        assert_eq!(rules[0].meta().code, "MT190");
        let found = check(rules[0].as_ref(), "An E-mail came.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "`E-mail`: write `Email`.");
    }

    #[test]
    fn rejects_unknown_field_with_span() {
        let bad = PACK.replace("summary =", "sumary =");
        match load_pack(Path::new("house-style.toml"), &bad) {
            Err(Error::Config {
                span: Some(span),
                message,
                ..
            }) => {
                assert!(bad[span].contains("sumary"), "{message}");
            }
            other => panic!("expected a config error, got {:?}", other.map(|r| r.len())),
        }
    }

    #[test]
    fn rejects_name_not_matching_file() {
        match load_pack(Path::new("other.toml"), PACK) {
            Err(Error::Config {
                span: Some(span),
                message,
                ..
            }) => {
                assert_eq!(&PACK[span], "\"house-style\"");
                assert!(message.contains("other"));
            }
            other => panic!("expected a config error, got {:?}", other.map(|r| r.len())),
        }
    }

    #[test]
    fn rejects_bad_regex_and_bad_kind() {
        let pat = r#"
code = "MT191"
name = "p"
kind = "pattern"
severity = "warning"
summary = "s"
message = "m"
pattern = "(unclosed"
"#;
        assert!(matches!(
            load_pack(Path::new("p.toml"), pat),
            Err(Error::Config { span: Some(_), .. })
        ));
        let kind = pat.replace("\"pattern\"\nseverity", "\"fuzzy\"\nseverity");
        assert!(matches!(
            load_pack(Path::new("p.toml"), &kind),
            Err(Error::Config { span: Some(_), .. })
        ));
    }

    #[test]
    fn pattern_pack_flags_and_replaces() {
        let pat = r#"
code = "MT192"
name = "p"
kind = "pattern"
severity = "warning"
summary = "s"
message = "`{found}` → `{suggest}`"
pattern = '\b(\d+) percents\b'
replace = "$1 percent"
"#;
        let rules = load_pack(Path::new("p.toml"), pat).expect("valid");
        let found = check(rules[0].as_ref(), "It rose 5 percents today.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "`5 percents` → `5 percent`");
        assert_eq!(
            apply_fixes("It rose 5 percents today.", &found, true).text,
            "It rose 5 percent today."
        );
    }
}
