//! Fix safety on real text: every seed and clean fixture, and CRLF, CR and
//! BOM variants of each, fixed until stable (safe fixes, then safe and
//! unsafe). Each round must change only the bytes of its accepted edits,
//! keep the BOM and the line-ending style, and the loop must converge so a
//! second `--fix` run changes nothing.

mod support;

use std::path::{Path, PathBuf};
use support::{check, fix_until_stable, ALL, DEFAULT};

fn texts_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    out.sort();
    out
}

fn inputs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = texts_in(&root.join("seeds"));
    assert!(!files.is_empty(), "the seeds are in the repository");
    files.extend(texts_in(&root.join("tests/fixtures/clean")));
    files.extend(texts_in(&root.join("tests/fixtures/mt")));
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("fixtures are UTF-8");
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                text,
            )
        })
        .collect()
}

/// The text as written, and as Windows, old Mac and BOM-prefixed files would have it.
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let lf = text.replace("\r\n", "\n");
    let crlf = lf.replace('\n', "\r\n");
    vec![
        ("as-is", text.to_string()),
        ("crlf", crlf.clone()),
        ("cr", lf.replace('\n', "\r")),
        ("bom", format!("\u{FEFF}{lf}")),
        ("bom-crlf", format!("\u{FEFF}{crlf}")),
    ]
}

fn fix_everything(unsafe_fixes: bool) {
    let linter = if unsafe_fixes { &*ALL } else { &*DEFAULT };
    for (name, text) in inputs() {
        for (kind, variant) in variants(&text) {
            let fixed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                fix_until_stable(linter, &variant, unsafe_fixes, 10)
            }))
            .unwrap_or_else(|_| panic!("{name} ({kind}, unsafe={unsafe_fixes}) failed; see above"));
            // Line-ending style is that of the input, exactly.
            if kind.contains("crlf") {
                assert!(
                    !fixed.replace("\r\n", "").contains(['\r', '\n']),
                    "{name} ({kind}): mixed line ends"
                );
            }
            if kind == "cr" {
                assert!(!fixed.contains('\n'), "{name} ({kind}): LF introduced");
            }
            // A second run changes nothing.
            let again = fix_until_stable(linter, &fixed, unsafe_fixes, 1);
            assert_eq!(
                again, fixed,
                "{name} ({kind}): second fix run changed the text"
            );
        }
    }
}

#[test]
fn safe_fixes_change_only_their_edits_and_converge() {
    fix_everything(false);
}

#[test]
fn all_fixes_of_all_rules_change_only_their_edits_and_converge() {
    fix_everything(true);
}

/// Invalid bytes are kept as they are: no fix edits them except those of the
/// rules that exist to report them, and splicing edits into the raw bytes
/// keeps every byte outside the edits.
#[test]
fn fixes_keep_invalid_bytes_outside_their_edits() {
    let (name, text) = inputs().into_iter().next().expect("a seed");
    let mut bytes = text.into_bytes();
    // Drop a stray Latin-1 byte after every 500th space.
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 500);
    let mut spaces = 0;
    for b in bytes.drain(..) {
        out.push(b);
        if b == b' ' {
            spaces += 1;
            if spaces % 500 == 0 {
                out.push(0xE9);
            }
        }
    }
    let report = check(&ALL, &name, &out);
    assert!(!report.source.invalid_utf8.is_empty());
    for d in &report.diagnostics {
        let Some(fix) = &d.fix else { continue };
        for e in &fix.edits {
            let touches = report
                .source
                .invalid_utf8
                .iter()
                .any(|inv| inv.overlaps(e.span) && !e.span.is_empty());
            assert!(
                !touches
                    || matches!(
                        d.rule(),
                        "invalid-utf8" | "replacement-character" | "mojibake"
                    ),
                "{} edits invalid bytes at {:?}",
                d.rule(),
                e.span
            );
        }
    }
    let edits = support::accepted_edits(&report.source.text, &report.diagnostics, true);
    let spliced = support::splice(report.source.bytes(), &edits);
    let mut pos = 0;
    let mut at = 0;
    for (s, r) in &edits {
        assert_eq!(&spliced[at..at + (s.start - pos)], &out[pos..s.start]);
        at += s.start - pos + r.len();
        pos = s.end;
    }
    assert_eq!(&spliced[at..], &out[pos..]);
}
