//! Where checking meets the file system: finding the configuration that
//! governs a path and building the checker for it. The CLI, the language
//! server and corpus mode all check through a [`Checker`], so one file gives
//! the same findings everywhere.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Edit};
use crate::error::{Error, Result};
use crate::markdown;
use crate::names::Glossary;
use crate::rules::glossary_name::{GlossaryName, GLOSSARY_NAME};
use crate::rules::name_variant::{NameVariant, NAME_VARIANT};
use crate::source::{Source, Span};
use crate::{FileReport, Level, Linter};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use crate::config::{find_config, CONFIG_NAMES};

/// A linter configured for one directory: its [`Config`], and one [`Linter`]
/// per combination of `[[overrides]]` that some path has needed.
pub struct Checker {
    config: Arc<Config>,
    linter: Linter,
    by_overrides: Mutex<HashMap<Vec<usize>, Arc<Linter>>>,
}

impl Checker {
    /// The checker for files in `dir` (defaults when there is no
    /// configuration, or when it is broken: the CLI reports that through
    /// [`Checker::load`]; an editor keeps linting).
    pub fn for_dir(dir: Option<&Path>) -> Checker {
        dir.and_then(|d| Checker::load(d).ok())
            .unwrap_or_else(|| Checker::new(Config::default()).expect("the defaults are valid"))
    }

    /// The checker for the configuration governing `dir`.
    pub fn load(dir: &Path) -> Result<Checker> {
        Checker::new(Config::discover(dir)?)
    }

    pub fn new(config: Config) -> Result<Checker> {
        let linter = build_linter(&config, &config.levels)?;
        Ok(Checker {
            config: Arc::new(config),
            linter,
            by_overrides: Mutex::new(HashMap::new()),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The linter for paths no override matches.
    pub fn linter(&self) -> &Linter {
        &self.linter
    }

    /// The linter for `path`, with its `[[overrides]]` applied.
    pub fn linter_for(&self, path: Option<&Path>) -> Arc<Linter> {
        let key = path
            .map(|p| self.config.overrides_for(p))
            .unwrap_or_default();
        let mut cache = self.by_overrides.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(l) = cache.get(&key) {
            return Arc::clone(l);
        }
        let levels = self.config.levels_for(path);
        // Levels were validated when the configuration was read.
        let linter =
            Arc::new(build_linter(&self.config, &levels).unwrap_or_else(|_| Linter::new()));
        cache.insert(key, Arc::clone(&linter));
        linter
    }

    /// Checks one input; `path` (when known) decides the overrides and
    /// whether it is Markdown. Suppression comments and `ignore-patterns`
    /// are applied.
    pub fn check_bytes(&self, name: &str, path: Option<&Path>, bytes: Vec<u8>) -> FileReport {
        self.check_source(Source::new(name, bytes), path)
    }

    /// [`Checker::check_bytes`] for a source already built (such as one
    /// from [`Source::from_shared`]).
    pub fn check_source(&self, source: Source, path: Option<&Path>) -> FileReport {
        let linter = self.linter_for(path);
        let markdown = path.is_some_and(markdown::is_markdown);
        let mut report = if markdown {
            let (doc, suppressions) = markdown::document(source);
            let mut diagnostics = linter.check_document(&doc);
            markdown::filter_suppressed(&suppressions, &mut diagnostics);
            FileReport {
                source: doc.source,
                diagnostics,
            }
        } else {
            linter.check_source(source)
        };
        self.config
            .filter_ignored(&report.source.text, &mut report.diagnostics);
        report
    }

    /// The findings for `text` as [`Checker::check_bytes`] reports them
    /// (what the fix loop re-lints after each pass).
    pub fn lint_text(&self, name: &str, path: Option<&Path>, text: &str) -> Vec<Diagnostic> {
        self.check_bytes(name, path, text.as_bytes().to_vec())
            .diagnostics
    }
}

/// The registry with the configuration's glossary and lint packs, at `levels`.
fn build_linter(config: &Config, levels: &HashMap<String, Level>) -> Result<Linter> {
    let mut rules = crate::registry();
    if !config.names.is_empty() {
        let glossary = Glossary::from_map(&config.names);
        for r in &mut rules {
            if r.meta().code == GLOSSARY_NAME.code {
                *r = Box::new(GlossaryName {
                    glossary: glossary.clone(),
                });
            } else if r.meta().code == NAME_VARIANT.code {
                *r = Box::new(NameVariant {
                    glossary: glossary.clone(),
                });
            }
        }
    }
    rules.extend(config.pack_rules.boxed());
    Linter::with_rules(rules, levels).map_err(|message| Error::Config {
        path: config.path.clone().unwrap_or_default(),
        text: String::new(),
        span: None,
        message,
    })
}

/// Every checker a run needs, by configuration file (or one `--config`
/// for everything). Paths are made absolute before discovery and matching,
/// so a configuration in a parent of the working directory is found too.
pub struct Workspace {
    cwd: PathBuf,
    explicit: Option<Arc<Checker>>,
    by_config: Mutex<HashMap<Option<PathBuf>, Arc<Checker>>>,
    /// The configuration file found for each directory a file was in. A run
    /// reads the file system once per directory instead of once per file
    /// (each search looks for every configuration name in every parent:
    /// 20 `stat` calls per file in a directory three levels deep).
    config_of_dir: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl Workspace {
    /// A workspace rooted at the working directory; `config` is `--config`.
    pub fn new(config: Option<&Path>) -> Result<Workspace> {
        let cwd = std::env::current_dir().map_err(|source| Error::Io {
            path: PathBuf::from("."),
            source,
        })?;
        let explicit = match config {
            Some(p) => {
                let mut config = Config::load(p)?;
                config.root = normalize(&cwd.join(&config.root));
                Some(Arc::new(Checker::new(config)?))
            }
            None => None,
        };
        Ok(Workspace {
            cwd,
            explicit,
            by_config: Mutex::new(HashMap::new()),
            config_of_dir: Mutex::new(HashMap::new()),
        })
    }

    /// `path` made absolute against the working directory, `.`/`..` removed.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        normalize(&self.cwd.join(path))
    }

    /// The checker for a file (`None`: standard input, governed by the
    /// working directory's configuration).
    pub fn checker_for(&self, file: Option<&Path>) -> Result<Arc<Checker>> {
        if let Some(c) = &self.explicit {
            return Ok(Arc::clone(c));
        }
        let dir = match file {
            Some(f) => self
                .absolute(f)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| self.cwd.clone()),
            None => self.cwd.clone(),
        };
        let key = self.config_of(dir);
        if let Some(c) = self
            .by_config
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(Arc::clone(c));
        }
        let config = match &key {
            Some(p) => {
                // Shown relative to the working directory in messages.
                let shown = p.strip_prefix(&self.cwd).unwrap_or(p);
                let mut config = Config::load(shown)?;
                config.root = normalize(&self.cwd.join(&config.root));
                config
            }
            None => Config::defaults_at(&self.cwd),
        };
        let checker = Arc::new(Checker::new(config)?);
        self.by_config
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::clone(&checker));
        Ok(checker)
    }

    /// [`find_config`] for `dir`, searched once per run.
    fn config_of(&self, dir: PathBuf) -> Option<PathBuf> {
        let lock = || self.config_of_dir.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(&dir) {
            return found.clone();
        }
        // Searched without the lock held: another thread may search the same
        // directory meanwhile, and finds the same file.
        let found = find_config(&dir);
        lock().insert(dir, found.clone());
        found
    }

    /// Loads the configuration of every file (and of standard input) up
    /// front, so a broken configuration is reported once, before checking.
    pub fn prepare<'a>(&self, files: impl IntoIterator<Item = Option<&'a Path>>) -> Vec<Error> {
        let mut errors: Vec<Error> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for f in files {
            if let Err(e) = self.checker_for(f) {
                if seen.insert(e.to_string()) {
                    errors.push(e);
                }
            }
        }
        errors
    }
}

/// Removes `.` and resolves `..` lexically (no file system access).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The edit that turns `rule` off in a configuration file's text: a line in
/// its `[rules]` table, which is added when missing. `None` when the rule is
/// already mentioned there (the user set it on purpose).
pub fn disable_rule_edit(config: &str, rule: &str) -> Option<Edit> {
    let line = format!("{rule} = \"off\"\n");
    let mut offset = 0;
    let mut in_rules = false;
    for l in config.split_inclusive('\n') {
        let t = l.trim();
        if t.starts_with('[') {
            if in_rules {
                break;
            }
            in_rules = t == "[rules]";
            offset += l.len();
            if in_rules {
                // Insert right under the header.
                let at = offset;
                let rest = &config[at..];
                let mentioned = rest
                    .lines()
                    .take_while(|x| !x.trim_start().starts_with('['))
                    .any(|x| {
                        x.split('=')
                            .next()
                            .is_some_and(|k| k.trim().trim_matches('"') == rule)
                    });
                if mentioned {
                    return None;
                }
                let newline = if config[..at].ends_with('\n') {
                    ""
                } else {
                    "\n"
                };
                return Some(Edit {
                    span: Span::new(at, at),
                    replacement: format!("{newline}{line}").into(),
                });
            }
            continue;
        }
        offset += l.len();
    }
    let sep = if config.is_empty() || config.ends_with("\n\n") {
        ""
    } else if config.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    Some(Edit {
        span: Span::new(config.len(), config.len()),
        replacement: format!("{sep}[rules]\n{line}").into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(config: &str, rule: &str) -> Option<String> {
        disable_rule_edit(config, rule).map(|e| {
            let mut s = config.to_owned();
            s.replace_range(e.span.range(), &e.replacement);
            s
        })
    }

    #[test]
    fn adds_a_line_under_an_existing_rules_table() {
        assert_eq!(
            apply("[rules]\nfoo = \"error\"\n[check]\n", "repeated-word").as_deref(),
            Some("[rules]\nrepeated-word = \"off\"\nfoo = \"error\"\n[check]\n")
        );
    }

    #[test]
    fn adds_a_rules_table_when_missing() {
        assert_eq!(
            apply("[check]\nexclude = []\n", "x").as_deref(),
            Some("[check]\nexclude = []\n\n[rules]\nx = \"off\"\n")
        );
        assert_eq!(apply("", "x").as_deref(), Some("[rules]\nx = \"off\"\n"));
    }

    #[test]
    fn leaves_a_rule_the_user_already_set() {
        assert_eq!(apply("[rules]\nx = \"error\"\n", "x"), None);
    }

    #[test]
    fn finds_the_nearest_config_upward() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).expect("mkdir");
        assert_eq!(find_config(&sub), None.or_else(|| find_config(dir.path())));
        std::fs::write(dir.path().join("a/.mtlint.toml"), "").expect("write");
        assert_eq!(find_config(&sub), Some(dir.path().join("a/.mtlint.toml")));
    }

    #[test]
    fn each_file_gets_its_nearest_config_however_often_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for d in ["a/b", "c", "d"] {
            std::fs::create_dir_all(root.join(d)).expect("mkdir");
        }
        std::fs::write(root.join("a/.mtlint.toml"), "").expect("write");
        std::fs::write(root.join("c/.mtlint.toml"), "").expect("write");
        let ws = Workspace::new(None).expect("workspace");
        let expect = |file: &str| find_config(root.join(file).parent().expect("dir"));
        // Each directory twice, interleaved, so later answers come from the
        // cache; each must still be the nearest configuration's checker.
        for file in ["a/b/1.txt", "c/1.txt", "a/1.txt", "d/1.txt"].repeat(2) {
            let checker = ws.checker_for(Some(&root.join(file))).expect("checker");
            assert_eq!(checker.config().path, expect(file), "{file}");
        }
        assert_eq!(
            expect("a/b/1.txt").as_deref(),
            Some(root.join("a/.mtlint.toml").as_path())
        );
        let a = ws.checker_for(Some(&root.join("a/b/2.txt"))).expect("a");
        let b = ws.checker_for(Some(&root.join("a/3.txt"))).expect("b");
        assert!(Arc::ptr_eq(&a, &b), "one checker per configuration file");
    }
}
