//! Which files a `check` run reads: explicitly named files always, and under
//! directories (recursively, honouring `.gitignore`) the files the selection
//! picks: `*.txt`, `*.md` and extension-less files, or the `--glob` patterns.

use crate::error::Error;
use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Which files under a directory are checked.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Selection {
    /// A selection from `--glob` patterns. A pattern matches a file's name or
    /// its path relative to the directory walked; a leading `!` excludes. With
    /// only exclusions, the default selection applies to what is left.
    pub fn from_globs(globs: &[String]) -> Result<Selection, Error> {
        if globs.is_empty() {
            return Ok(Selection::default());
        }
        let mut include = GlobSetBuilder::new();
        let mut exclude = GlobSetBuilder::new();
        let (mut n_include, mut n_exclude) = (0, 0);
        for pattern in globs {
            let (negated, body) = match pattern.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, pattern.as_str()),
            };
            let glob = Glob::new(body)
                .map_err(|e| Error::Usage(format!("invalid --glob `{pattern}`: {e}")))?;
            if negated {
                exclude.add(glob);
                n_exclude += 1;
            } else {
                include.add(glob);
                n_include += 1;
            }
        }
        let build = |b: GlobSetBuilder| {
            b.build()
                .map_err(|e| Error::Usage(format!("invalid --glob: {e}")))
        };
        Ok(Selection {
            include: if n_include > 0 {
                Some(build(include)?)
            } else {
                None
            },
            exclude: if n_exclude > 0 {
                Some(build(exclude)?)
            } else {
                None
            },
        })
    }

    /// Whether a file found under a walked directory is checked; `relative`
    /// is its path relative to that directory.
    pub fn selects(&self, relative: &Path) -> bool {
        let name = relative.file_name().map(Path::new).unwrap_or(relative);
        let matches = |set: &GlobSet| set.is_match(relative) || set.is_match(name);
        if self.exclude.as_ref().is_some_and(matches) {
            return false;
        }
        match &self.include {
            Some(set) => matches(set),
            None => default_selects(relative),
        }
    }
}

/// `*.txt`, `*.md`, or no extension at all.
fn default_selects(path: &Path) -> bool {
    match path.extension() {
        None => true,
        Some(ext) => ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("md"),
    }
}

/// The files to check under `paths`, sorted and without duplicates, plus one
/// error per path that is missing or could not be walked (never fatal).
pub fn discover(paths: &[PathBuf], selection: &Selection) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = BTreeSet::new();
    let mut errors = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(source) => {
                errors.push(Error::Io {
                    path: root.clone(),
                    source,
                });
                continue;
            }
        };
        if !meta.is_dir() {
            // Named explicitly: checked whatever its extension.
            files.insert(root.clone());
            continue;
        }
        let walker = WalkBuilder::new(root)
            .require_git(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let path = entry.path();
                    let relative = path.strip_prefix(root).unwrap_or(path);
                    if selection.selects(relative) {
                        files.insert(path.to_path_buf());
                    }
                }
                Err(e) => errors.push(walk_error(root, e)),
            }
        }
    }
    (files.into_iter().collect(), errors)
}

fn walk_error(root: &Path, e: ignore::Error) -> Error {
    let path = walk_error_path(&e).unwrap_or(root).to_path_buf();
    let message = e.to_string();
    let source = match e.into_io_error() {
        Some(io) => io,
        None => std::io::Error::other(message),
    };
    Error::Io { path, source }
}

fn walk_error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_selection_takes_txt_md_and_bare_names() {
        let s = Selection::default();
        assert!(s.selects(Path::new("a/b.txt")));
        assert!(s.selects(Path::new("README.md")));
        assert!(s.selects(Path::new("notes")));
        assert!(!s.selects(Path::new("main.rs")));
        assert!(!s.selects(Path::new("x.json")));
    }

    #[test]
    fn globs_replace_the_default() {
        let s = Selection::from_globs(&["*.rst".to_owned()]).expect("valid");
        assert!(s.selects(Path::new("doc/a.rst")));
        assert!(!s.selects(Path::new("a.txt")));
    }

    #[test]
    fn negated_globs_exclude_from_the_default() {
        let s = Selection::from_globs(&["!draft*".to_owned()]).expect("valid");
        assert!(s.selects(Path::new("a.txt")));
        assert!(!s.selects(Path::new("sub/draft1.txt")));
    }

    #[test]
    fn invalid_glob_is_a_usage_error() {
        assert!(matches!(
            Selection::from_globs(&["a[".to_owned()]),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn discovers_sorted_and_respects_gitignore() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).expect("mkdir");
        for name in ["b.txt", "a.md", "sub/c", "skip.rs", "ignored.txt"] {
            std::fs::write(d.join(name), "x").expect("write");
        }
        std::fs::write(d.join(".gitignore"), "ignored.txt\n").expect("write");
        let (files, errors) = discover(&[d.to_path_buf()], &Selection::default());
        assert!(errors.is_empty());
        let names: Vec<_> = files
            .iter()
            .map(|p| {
                p.strip_prefix(d)
                    .expect("under dir")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.md", "b.txt", "sub/c"]);
    }

    #[test]
    fn missing_path_is_an_error_not_fatal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("x.rs");
        std::fs::write(&file, "x").expect("write");
        let missing = dir.path().join("nope.txt");
        let (files, errors) = discover(&[missing.clone(), file.clone()], &Selection::default());
        assert_eq!(files, [file]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("nope.txt"));
    }
}
