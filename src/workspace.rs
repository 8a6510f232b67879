//! Where checking meets the file system: finding the configuration that
//! governs a path and building the checker for it. The CLI, the language
//! server and corpus mode all check through a [`Checker`], so one file gives
//! the same findings everywhere.

use crate::diagnostic::Edit;
use crate::source::{Source, Span};
use crate::{FileReport, Linter};
use std::path::{Path, PathBuf};

/// Configuration file names, in order of preference, searched from a file's
/// directory upward.
pub const CONFIG_NAMES: [&str; 2] = ["mtlint.toml", ".mtlint.toml"];

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

/// A linter configured for one directory.
pub struct Checker {
    linter: Linter,
}

impl Checker {
    /// The checker for files in `dir` (defaults when there is no configuration).
    pub fn for_dir(_dir: Option<&Path>) -> Checker {
        Checker {
            linter: Linter::new(),
        }
    }

    pub fn linter(&self) -> &Linter {
        &self.linter
    }

    /// Checks one input; `path` (when known) decides how it is parsed.
    pub fn check_bytes(&self, name: &str, _path: Option<&Path>, bytes: Vec<u8>) -> FileReport {
        self.linter.check_source(Source::new(name, bytes))
    }
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
                    replacement: format!("{newline}{line}"),
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
        replacement: format!("{sep}[rules]\n{line}"),
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
}
