//! `mtlint.toml`: rule levels, the name glossary, per-path overrides and what
//! to check. Parsing is strict: an unknown key or a bad value is an error
//! that points at its byte span in the TOML, never a silent no-op.

use crate::error::{Error, Result};
use crate::source::Span;
use crate::{find_rule, Diagnostic, Level, Rule};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// Configuration file names, in order of preference, searched from a file's
/// directory upward.
pub const CONFIG_NAMES: [&str; 2] = ["mtlint.toml", ".mtlint.toml"];

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    names: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    check: RawCheck,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCheck {
    include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    lint_packs: Vec<Spanned<String>>,
    #[serde(default)]
    ignore_patterns: Vec<Spanned<String>>,
    #[serde(default)]
    names_across_files: bool,
}

/// One `[[overrides]]` entry: levels that apply to paths matching its globs.
#[derive(Debug, Clone)]
pub struct Override {
    pub paths: Vec<String>,
    globs: GlobSet,
    pub levels: HashMap<String, Level>,
}

/// The effective configuration, validated.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    /// The directory relative paths and globs are resolved against.
    pub root: PathBuf,
    /// `[rules]`: levels by rule name or code.
    pub levels: HashMap<String, Level>,
    /// `[names]`: preferred spelling → variants that are always flagged.
    pub names: BTreeMap<String, Vec<String>>,
    pub overrides: Vec<Override>,
    /// `[check] include`; `None` means the default (`*.txt`, `*.md`).
    pub include: Option<Vec<String>>,
    pub exclude: Vec<String>,
    include_set: Option<GlobSet>,
    exclude_set: GlobSet,
    /// `[check] lint-packs`, resolved against `root`.
    pub lint_packs: Vec<PathBuf>,
    /// `[check] ignore-patterns`: no finding overlapping a match is reported.
    pub ignore_patterns: Vec<Regex>,
    /// `[check] names-across-files`: pool name mentions over all checked files.
    pub names_across_files: bool,
    /// The rules of `lint_packs`, loaded once and shared by every linter.
    pub pack_rules: PackRules,
}

/// Rules loaded from lint packs, shared (rules are stateless).
#[derive(Clone, Default)]
pub struct PackRules(pub Vec<Arc<dyn Rule>>);

impl std::fmt::Debug for PackRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|r| r.meta().name))
            .finish()
    }
}

impl PackRules {
    /// Each rule as a boxed rule for [`crate::Linter::with_rules`].
    pub fn boxed(&self) -> Vec<Box<dyn Rule>> {
        self.0
            .iter()
            .map(|r| Box::new(Shared(Arc::clone(r))) as Box<dyn Rule>)
            .collect()
    }
}

struct Shared(Arc<dyn Rule>);

impl Rule for Shared {
    fn meta(&self) -> &crate::RuleMeta {
        self.0.meta()
    }
    fn check(&self, doc: &crate::Document, out: &mut Vec<Diagnostic>) {
        self.0.check(doc, out)
    }
}

/// Loads `[check] lint-packs` (the `lints/*.toml` format).
fn load_packs(paths: &[PathBuf]) -> Result<PackRules> {
    let mut rules = Vec::new();
    for pack in paths {
        let text = std::fs::read_to_string(pack).map_err(|source| Error::Io {
            path: pack.clone(),
            source,
        })?;
        for r in crate::lint_files::load_pack(pack, &text)? {
            rules.push(Arc::from(r));
        }
    }
    Ok(PackRules(rules))
}

/// The nearest configuration file in `dir` or one of its parents.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    let mut cur = Some(dir);
    while let Some(d) = cur {
        for name in CONFIG_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        cur = d.parent();
    }
    None
}

impl Config {
    /// The configuration governing files in `dir`: the nearest config file,
    /// or the defaults (rooted at `dir`) when there is none.
    pub fn discover(dir: &Path) -> Result<Config> {
        match find_config(dir) {
            Some(p) => Config::load(&p),
            None => Ok(Config::defaults_at(dir)),
        }
    }

    /// The built-in defaults, with relative globs resolved against `root`.
    pub fn defaults_at(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            ..Config::default()
        }
    }

    /// Reads and validates the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, &text)
    }

    /// Parses and validates `text`, read from `path` (used for the root
    /// directory and in error messages).
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let err = |span: Option<Range<usize>>, message: String| Error::Config {
            path: path.to_path_buf(),
            text: text.to_owned(),
            span,
            message,
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| err(e.span(), e.message().to_owned()))?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        let lint_packs: Vec<PathBuf> = raw
            .check
            .lint_packs
            .iter()
            .map(|p| root.join(p.get_ref()))
            .collect();
        let pack_rules = load_packs(&lint_packs)?;
        let mut registry = crate::registry();
        registry.extend(pack_rules.boxed());
        let levels = parse_levels(&registry, &raw.rules).map_err(|(s, m)| err(Some(s), m))?;
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            overrides.push(Override {
                paths: o.paths.iter().map(|p| p.get_ref().clone()).collect(),
                globs: globs(&o.paths).map_err(|(s, m)| err(Some(s), m))?,
                levels: parse_levels(&registry, &o.rules).map_err(|(s, m)| err(Some(s), m))?,
            });
        }
        let include_set = match &raw.check.include {
            Some(inc) => Some(globs(inc).map_err(|(s, m)| err(Some(s), m))?),
            None => None,
        };
        let exclude_set = globs(&raw.check.exclude).map_err(|(s, m)| err(Some(s), m))?;
        let mut ignore_patterns = Vec::new();
        for p in &raw.check.ignore_patterns {
            let re = Regex::new(p.get_ref())
                .map_err(|e| err(Some(p.span()), format!("invalid regex: {e}")))?;
            ignore_patterns.push(re);
        }
        for (preferred, variants) in &raw.names {
            if preferred.trim().is_empty() || variants.iter().any(|v| v.trim().is_empty()) {
                return Err(err(
                    None,
                    format!("[names] `{preferred}`: names must not be empty"),
                ));
            }
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            lint_packs,
            pack_rules,
            root,
            levels,
            names: raw.names,
            overrides,
            include: raw
                .check
                .include
                .as_ref()
                .map(|v| v.iter().map(|s| s.get_ref().clone()).collect()),
            exclude: raw
                .check
                .exclude
                .iter()
                .map(|s| s.get_ref().clone())
                .collect(),
            include_set,
            exclude_set,
            ignore_patterns,
            names_across_files: raw.check.names_across_files,
        })
    }

    /// `path` relative to the configuration's root, for glob matching.
    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        let p = path.strip_prefix(&self.root).unwrap_or(path);
        p.strip_prefix(".").unwrap_or(p)
    }

    /// The rule levels for `path`: `[rules]`, then every matching override in order.
    pub fn levels_for(&self, path: Option<&Path>) -> HashMap<String, Level> {
        let mut levels = self.levels.clone();
        if let Some(path) = path {
            for i in self.overrides_for(path) {
                levels.extend(
                    self.overrides[i]
                        .levels
                        .iter()
                        .map(|(k, v)| (k.clone(), *v)),
                );
            }
        }
        levels
    }

    /// Indices of the overrides that apply to `path` (a cache key for linters).
    pub fn overrides_for(&self, path: &Path) -> Vec<usize> {
        let rel = self.relative(path);
        (0..self.overrides.len())
            .filter(|&i| self.overrides[i].globs.is_match(rel))
            .collect()
    }

    /// Whether a file found while walking a directory should be checked.
    /// Files named explicitly on the command line are always checked.
    pub fn is_included(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        if self.exclude_set.is_match(rel) {
            return false;
        }
        match &self.include_set {
            Some(set) => set.is_match(rel),
            None => matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "md" | "markdown")
            ),
        }
    }

    /// Whether a file found by walking a directory passes `[check]`:
    /// not excluded, and included when `include` is set (it narrows the
    /// walk's own selection; files named on the command line always pass).
    pub fn walk_selects(&self, path: &Path) -> bool {
        !self.is_excluded(path) && (self.include.is_none() || self.is_included(path))
    }

    /// Whether `path` is excluded by `[check] exclude`.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude_set.is_match(self.relative(path))
    }

    /// Drops findings whose primary span overlaps a match of an `ignore-patterns` regex.
    pub fn filter_ignored(&self, text: &str, diagnostics: &mut Vec<Diagnostic>) {
        if self.ignore_patterns.is_empty() || diagnostics.is_empty() {
            return;
        }
        let mut ignored: Vec<Span> = self
            .ignore_patterns
            .iter()
            .flat_map(|re| re.find_iter(text).map(|m| Span::new(m.start(), m.end())))
            .collect();
        ignored.sort();
        diagnostics.retain(|d| !ignored.iter().any(|s| s.overlaps(d.span)));
    }

    /// The effective configuration as TOML, with where it came from, for
    /// `mtlint check --show-config`.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        match &self.path {
            Some(p) => out.push_str(&format!("# configuration: {}\n", p.display())),
            None => out.push_str("# configuration: built-in defaults (no mtlint.toml found)\n"),
        }
        out.push_str("\n[rules]\n");
        let mut registry = crate::registry();
        registry.extend(self.pack_rules.boxed());
        for rule in &registry {
            let meta = rule.meta();
            let (level, origin) = match level_of(&self.levels, meta) {
                Some(l) => (l, "configured"),
                None if meta.default_enabled => (Level::On(meta.severity), "default"),
                None => (Level::Off, "default, opt-in"),
            };
            out.push_str(&format!(
                "{} = \"{}\"  # {}, {}\n",
                meta.name,
                level_str(level),
                meta.code,
                origin
            ));
        }
        if !self.names.is_empty() {
            out.push_str("\n[names]\n");
            for (k, v) in &self.names {
                out.push_str(&format!("{} = {}\n", toml_key(k), toml_list(v)));
            }
        }
        for o in &self.overrides {
            out.push_str("\n[[overrides]]\n");
            out.push_str(&format!("paths = {}\n", toml_list(&o.paths)));
            let mut rules: Vec<_> = o.levels.iter().collect();
            rules.sort_by_key(|(k, _)| k.as_str());
            let items: Vec<String> = rules
                .iter()
                .map(|(k, v)| format!("{} = \"{}\"", toml_key(k), level_str(**v)))
                .collect();
            out.push_str(&format!("rules = {{ {} }}\n", items.join(", ")));
        }
        out.push_str("\n[check]\n");
        match &self.include {
            Some(i) => out.push_str(&format!("include = {}\n", toml_list(i))),
            None => out
                .push_str("include = [\"**/*.txt\", \"**/*.md\", \"**/*.markdown\"]  # default\n"),
        }
        out.push_str(&format!("exclude = {}\n", toml_list(&self.exclude)));
        let packs: Vec<String> = self
            .lint_packs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        out.push_str(&format!("lint-packs = {}\n", toml_list(&packs)));
        let pats: Vec<String> = self
            .ignore_patterns
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect();
        out.push_str(&format!("ignore-patterns = {}\n", toml_list(&pats)));
        out
    }
}

fn level_of(levels: &HashMap<String, Level>, meta: &crate::RuleMeta) -> Option<Level> {
    levels
        .get(meta.name)
        .or_else(|| {
            levels
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(meta.code))
                .map(|(_, v)| v)
        })
        .copied()
}

fn level_str(l: Level) -> &'static str {
    match l {
        Level::Off => "off",
        Level::On(s) => s.as_str(),
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A key bare when TOML allows it, quoted otherwise.
fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        s.to_owned()
    } else {
        toml_str(s)
    }
}

fn toml_list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", items.join(", "))
}

type SpanError = (Range<usize>, String);

/// Validates a rules table; keys are normalised to rule names.
fn parse_levels(
    registry: &[Box<dyn Rule>],
    table: &BTreeMap<Spanned<String>, Spanned<String>>,
) -> std::result::Result<HashMap<String, Level>, SpanError> {
    let mut out = HashMap::new();
    for (key, value) in table {
        let rule = find_rule(registry, key.get_ref()).ok_or_else(|| {
            (
                key.span(),
                format!("unknown rule `{}` (see `mtlint rules`)", key.get_ref()),
            )
        })?;
        let level: Level = value
            .get_ref()
            .parse()
            .map_err(|m: String| (value.span(), format!("rule `{}`: {m}", key.get_ref())))?;
        out.insert(rule.meta().name.to_owned(), level);
    }
    Ok(out)
}

/// Compiles gitignore-style globs: a pattern without `/` matches in any
/// directory, a leading `/` anchors it at the root, a trailing `/` matches
/// everything below.
fn globs(patterns: &[Spanned<String>]) -> std::result::Result<GlobSet, SpanError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(glob(p.get_ref()).map_err(|e| (p.span(), format!("invalid glob: {e}")))?);
    }
    b.build()
        .map_err(|e| (0..0, format!("invalid glob set: {e}")))
}

fn glob(pattern: &str) -> std::result::Result<Glob, globset::Error> {
    let mut p = pattern.to_owned();
    if let Some(rest) = p.strip_suffix('/') {
        p = format!("{rest}/**");
    }
    let p = if let Some(rest) = p.strip_prefix('/') {
        rest.to_owned()
    } else if !p.trim_end_matches("/**").contains('/') {
        format!("**/{p}")
    } else {
        p
    };
    GlobBuilder::new(&p).literal_separator(true).build()
}

/// Renders a configuration or lint-file error with codespan-reporting,
/// pointing at the offending span; other errors render as one line.
pub fn render_error(error: &Error) -> String {
    match error {
        Error::Config {
            path,
            text,
            span,
            message,
        } => {
            use codespan_reporting::diagnostic::{Diagnostic as Cs, Label};
            use codespan_reporting::files::SimpleFile;
            use codespan_reporting::term;
            let name = path.display().to_string();
            let file = SimpleFile::new(name.as_str(), text.as_str());
            let mut d = Cs::error().with_message(format!("invalid configuration: {message}"));
            match span {
                Some(s) if s.end <= text.len() => {
                    d = d.with_labels(vec![
                        Label::primary((), s.clone()).with_message(first_line(message))
                    ]);
                }
                _ => d = d.with_notes(vec![format!("in {name}")]),
            }
            term::emit_into_string(&term::Config::default(), &file, &d)
                .unwrap_or_else(|e| format!("error: {name}: {message} ({e})\n"))
        }
        other => format!("error: {other}\n"),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("proj/mtlint.toml"), text)
    }

    fn error_at(text: &str) -> (String, String) {
        match parse(text) {
            Err(Error::Config { span, message, .. }) => {
                let span = span.expect("error has a span");
                (text[span].to_owned(), message)
            }
            Err(e) => panic!("unexpected error {e}"),
            Ok(_) => panic!("config should not parse"),
        }
    }

    #[test]
    fn parses_the_documented_schema() {
        let c = parse(
            r#"
[rules]
repeated-word = "error"
MT001 = "off"
[names]
Ryabkov = ["Riabkov", "Ryakhkov", "Ryakov"]
[[overrides]]
paths = ["drafts/**"]
rules = { repeated-word = "off" }
[check]
include = ["**/*.txt", "**/*.md"]
exclude = ["vendor/**"]
ignore-patterns = ["\\bTODO\\b"]
"#,
        )
        .expect("valid config");
        assert_eq!(c.levels["repeated-word"], Level::On(Severity::Error));
        assert_eq!(c.levels["invalid-utf8"], Level::Off);
        assert_eq!(c.names["Ryabkov"].len(), 3);
        assert_eq!(c.ignore_patterns.len(), 1);
    }

    #[test]
    fn a_missing_lint_pack_is_an_error() {
        let e = parse("[check]\nlint-packs = [\"style/house.toml\"]\n").expect_err("missing pack");
        assert!(e.to_string().contains("proj/style/house.toml"), "{e}");
    }

    #[test]
    fn empty_config_is_the_defaults() {
        let c = parse("").expect("valid");
        assert!(c.levels.is_empty() && c.overrides.is_empty());
    }

    #[test]
    fn unknown_top_level_key_points_at_the_key() {
        let (at, msg) = error_at("[rules]\nrepeated-word = \"error\"\n[chek]\ninclude = []\n");
        assert!(at.contains("chek"), "span covers `{at}`");
        assert!(msg.contains("chek"), "{msg}");
    }

    #[test]
    fn unknown_check_key_points_at_the_key() {
        let (at, msg) = error_at("[check]\nincludes = [\"a\"]\n");
        assert!(at.contains("includes"), "span covers `{at}`");
        assert!(msg.contains("includes"), "{msg}");
    }

    #[test]
    fn unknown_rule_points_at_the_rule_name() {
        let (at, msg) = error_at("[rules]\nrepeated-words = \"error\"\n");
        assert_eq!(at, "repeated-words");
        assert!(msg.contains("unknown rule"), "{msg}");
    }

    #[test]
    fn bad_level_points_at_the_value() {
        let (at, msg) = error_at("[rules]\nrepeated-word = \"loud\"\n");
        assert_eq!(at, "\"loud\"");
        assert!(msg.contains("not a level"), "{msg}");
    }

    #[test]
    fn bad_override_level_points_at_the_value() {
        let (at, _) = error_at("[[overrides]]\npaths = [\"a/**\"]\nrules = { MT002 = \"warn\" }\n");
        assert_eq!(at, "\"warn\"");
    }

    #[test]
    fn bad_regex_points_at_the_pattern() {
        let (at, msg) = error_at("[check]\nignore-patterns = [\"(unclosed\"]\n");
        assert_eq!(at, "\"(unclosed\"");
        assert!(msg.contains("regex"), "{msg}");
    }

    #[test]
    fn wrong_type_is_an_error() {
        let (_, msg) = error_at("[check]\ninclude = \"*.txt\"\n");
        assert!(msg.contains("sequence") || msg.contains("array"), "{msg}");
    }

    #[test]
    fn overrides_apply_by_glob() {
        let c = parse("[rules]\nrepeated-word = \"error\"\n[[overrides]]\npaths = [\"drafts/**\"]\nrules = { MT002 = \"off\" }\n")
            .expect("valid");
        let d = c.levels_for(Some(Path::new("proj/drafts/x/a.txt")));
        assert_eq!(d["repeated-word"], Level::Off);
        let n = c.levels_for(Some(Path::new("proj/final/a.txt")));
        assert_eq!(n["repeated-word"], Level::On(Severity::Error));
    }

    #[test]
    fn globs_are_gitignore_style() {
        let c = parse("[check]\ninclude = [\"*.md\"]\nexclude = [\"vendor/\", \"/top.md\"]\n")
            .expect("valid");
        assert!(c.is_included(Path::new("proj/a/b/c.md")));
        assert!(!c.is_included(Path::new("proj/a/b/c.txt")));
        assert!(!c.is_included(Path::new("proj/vendor/x.md")));
        assert!(!c.is_included(Path::new("proj/top.md")));
        assert!(c.is_included(Path::new("proj/sub/top.md")));
    }

    #[test]
    fn default_include_is_text_and_markdown() {
        let c = parse("").expect("valid");
        assert!(c.is_included(Path::new("proj/a.txt")));
        assert!(c.is_included(Path::new("proj/a.md")));
        assert!(!c.is_included(Path::new("proj/a.rs")));
    }

    #[test]
    fn ignore_patterns_drop_overlapping_findings() {
        let c = parse("[check]\nignore-patterns = [\"the the\"]\n").expect("valid");
        let r = crate::Linter::new().check_text("t", "Press the the button. It is is here.");
        let mut d = r.diagnostics;
        assert_eq!(d.len(), 2);
        c.filter_ignored(&r.source.text, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!(&r.source.text[d[0].span.range()], "is is");
    }

    #[test]
    fn finds_the_nearest_config_upward() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(
            dir.path().join("mtlint.toml"),
            "[rules]\nMT002 = \"error\"\n",
        )
        .expect("write");
        let c = Config::discover(&sub).expect("valid");
        assert_eq!(c.path, Some(dir.path().join("mtlint.toml")));
        assert_eq!(c.levels["repeated-word"], Level::On(Severity::Error));
    }

    #[test]
    fn renders_error_with_a_pointer() {
        let e = parse("[rules]\nrepeated-words = \"error\"\n").expect_err("error");
        let s = render_error(&e);
        assert!(s.contains("proj/mtlint.toml:2:1"), "{s}");
        assert!(s.contains("^^^^^^^^^^^^^^"), "{s}");
        assert!(s.contains("unknown rule `repeated-words`"), "{s}");
    }

    #[test]
    fn describe_names_the_source() {
        let c = parse("[rules]\nMT002 = \"error\"\n").expect("valid");
        let s = c.describe();
        assert!(s.contains("# configuration: proj/mtlint.toml"), "{s}");
        assert!(
            s.contains("repeated-word = \"error\"  # MT002, configured"),
            "{s}"
        );
    }
}
