//! `--fix`: apply fixes, re-lint, repeat until nothing changes (bounded),
//! then write the file atomically. Only edit spans change, so a BOM and the
//! line endings survive; a file that changed since it was read is left alone.

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::fix::apply_fixes;
use std::io::Write;
use std::path::Path;

/// At most this many lint-and-fix passes per file.
pub const MAX_PASSES: usize = 10;

/// The result of fixing one text.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// Findings of the final text (what is left to report).
    pub diagnostics: Vec<Diagnostic>,
    /// Of those, how many carry a fix that was not applied (unsafe without
    /// `--unsafe-fixes`, or one that kept overlapping another).
    pub fixable_remaining: usize,
}

impl Fixed {
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

/// Fixes `text` with `lint` (which must apply the same masking, suppression
/// and filters as a normal check) until no fix applies or [`MAX_PASSES`].
/// A leading BOM is never touched.
pub fn fix_text(text: &str, unsafe_fixes: bool, lint: impl Fn(&str) -> Vec<Diagnostic>) -> Fixed {
    let mut current = text.to_owned();
    let mut applied = 0;
    let mut diagnostics = lint(&current);
    for _ in 0..MAX_PASSES {
        let protect = if current.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let usable: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.edits.iter().all(|e| e.span.start >= protect))
            })
            .cloned()
            .collect();
        let out = apply_fixes(&current, &usable, unsafe_fixes);
        if out.applied == 0 || out.text == current {
            break;
        }
        applied += out.applied;
        current = out.text;
        diagnostics = lint(&current);
    }
    let fixable_remaining = diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| !f.edits.is_empty()))
        .count();
    Fixed {
        text: current,
        applied,
        diagnostics,
        fixable_remaining,
    }
}

/// A unified diff of `old` → `new` for `--diff` (empty when equal).
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Replaces `path` with `new`: a temporary file in the same directory with
/// the original permissions, renamed over it. Refuses (an `Io` error of kind
/// `Other`) when the file's bytes are no longer `original`.
pub fn write_atomic(path: &Path, original: &[u8], new: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let meta = std::fs::metadata(path).map_err(io(path))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io(path))?;
    tmp.write_all(new).map_err(io(path))?;
    tmp.as_file().sync_all().map_err(io(path))?;
    std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(io(path))?;
    let now = std::fs::read(path).map_err(io(path))?;
    if now != original {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("file changed since it was read; not overwritten"),
        });
    }
    tmp.persist(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Fix, Severity};
    use crate::source::Span;
    use crate::Linter;

    fn lint(text: &str) -> Vec<Diagnostic> {
        Linter::new().check_text("t", text).diagnostics
    }

    /// A toy rule: every run of two spaces becomes one (safe), every `teh` becomes `the` (unsafe).
    fn toy(text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, _) in text.match_indices("  ") {
            out.push(diag(i, i + 2, " ", Applicability::Safe));
        }
        for (i, _) in text.match_indices("teh") {
            out.push(diag(i, i + 3, "the", Applicability::Unsafe));
        }
        out
    }

    fn diag(s: usize, e: usize, r: &str, a: Applicability) -> Diagnostic {
        Diagnostic {
            meta: crate::rules::RuleMeta::leaked("toy", "MT999"),
            severity: Severity::Warning,
            message: "".into(),
            span: Span::new(s, e),
            labels: Default::default(),
            fix: Some(Box::new(Fix::replace(a, Span::new(s, e), r.to_owned()))),
        }
    }

    #[test]
    fn repeats_until_nothing_changes() {
        let f = fix_text("a     b", false, toy);
        assert_eq!(f.text, "a b");
        assert!(f.applied >= 3, "{}", f.applied);
        assert!(f.diagnostics.is_empty());
    }

    #[test]
    fn unsafe_fixes_need_the_flag() {
        let f = fix_text("teh  cat", false, toy);
        assert_eq!(f.text, "teh cat");
        assert_eq!(f.fixable_remaining, 1);
        assert_eq!(fix_text("teh  cat", true, toy).text, "the cat");
    }

    #[test]
    fn doubled_word_is_an_unsafe_fix() {
        assert_eq!(
            fix_text("Press the the button.", false, lint).text,
            "Press the the button."
        );
        assert_eq!(
            fix_text("Press the the button.", true, lint).text,
            "Press the button."
        );
    }

    #[test]
    fn keeps_bom_and_line_endings() {
        let t = "\u{feff}Press  the\r\nbutton  now.\r\n";
        let f = fix_text(t, false, toy);
        assert_eq!(f.text, "\u{feff}Press the\r\nbutton now.\r\n");
        // A fix that would remove the BOM is refused.
        let bom_killer = |s: &str| {
            if s.starts_with('\u{feff}') {
                vec![diag(0, 3, "", Applicability::Safe)]
            } else {
                vec![]
            }
        };
        assert_eq!(fix_text("\u{feff}x", false, bom_killer).text, "\u{feff}x");
    }

    #[test]
    fn is_bounded_when_fixes_never_converge() {
        let grow = |s: &str| vec![diag(s.len(), s.len(), "x", Applicability::Safe)];
        let f = fix_text("", false, grow);
        assert_eq!(f.text.len(), MAX_PASSES);
    }

    #[test]
    fn diff_shows_changes_only() {
        assert_eq!(unified_diff("a.txt", "x\n", "x\n"), "");
        let d = unified_diff("a.txt", "one\ntwo  words\n", "one\ntwo words\n");
        assert!(
            d.contains("--- a/a.txt") && d.contains("+++ b/a.txt"),
            "{d}"
        );
        assert!(d.contains("-two  words\n+two words\n"), "{d}");
    }

    #[test]
    fn writes_atomically_and_keeps_permissions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        write_atomic(&p, b"old", b"new").expect("written");
        assert_eq!(std::fs::read(&p).expect("read"), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("ls").count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn refuses_a_file_that_changed_since_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "changed").expect("write");
        assert!(write_atomic(&p, b"old", b"new").is_err());
        assert_eq!(std::fs::read(&p).expect("read"), b"changed");
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("ls").count(),
            1,
            "no temp file left"
        );
    }
}
