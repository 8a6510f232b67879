//! `--fix` on disk: the binary rewrites a file to exactly what the library's
//! fix loop produces (BOM and line endings kept), a second run changes
//! nothing, and a write that cannot happen leaves the original intact and is
//! reported (exit 2).

mod support;

use mtlint::fixer::write_atomic;
use std::path::Path;
use std::process::{Command, Output};
use support::{fix_until_stable, DEFAULT};

fn mtlint(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run mtlint")
}

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("UTF-8 seed"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn fix_rewrites_exactly_what_the_library_produces_and_is_idempotent() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in seeds() {
        let lf = text.replace("\r\n", "\n");
        for (kind, variant) in [
            ("lf", lf.clone()),
            ("bom-crlf", format!("\u{FEFF}{}", lf.replace('\n', "\r\n"))),
        ] {
            for unsafe_fixes in [false, true] {
                let file = format!("{kind}-{unsafe_fixes}-{name}");
                let path = dir.path().join(&file);
                std::fs::write(&path, &variant).expect("write");
                let mut args = vec!["check", "--fix", "--format", "short"];
                if unsafe_fixes {
                    args.push("--unsafe-fixes");
                }
                args.push(&file);
                let out = mtlint(&args, dir.path());
                assert!(
                    matches!(out.status.code(), Some(0 | 1)),
                    "{file}: exit {:?}: {}",
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr)
                );
                let fixed = std::fs::read_to_string(&path).expect("read back");
                let expected = fix_until_stable(&DEFAULT, &variant, unsafe_fixes, 10);
                assert_eq!(
                    fixed, expected,
                    "{file}: the CLI's fix differs from the library's"
                );
                assert_eq!(
                    fixed.starts_with('\u{FEFF}'),
                    kind.starts_with("bom"),
                    "{file}: BOM"
                );
                if kind == "bom-crlf" {
                    assert!(
                        !fixed.replace("\r\n", "").contains(['\r', '\n']),
                        "{file}: line ends"
                    );
                }
                let again = mtlint(&args, dir.path());
                assert!(matches!(again.status.code(), Some(0 | 1)));
                assert_eq!(
                    std::fs::read_to_string(&path).expect("read"),
                    fixed,
                    "{file}: second --fix changed it"
                );
            }
        }
    }
}

#[test]
fn invalid_utf8_files_are_not_rewritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = b"Press  the the button.\xE9 Done  now.\n".to_vec();
    std::fs::write(dir.path().join("bad.txt"), &bytes).expect("write");
    let out = mtlint(&["check", "--fix", "--unsafe-fixes", "bad.txt"], dir.path());
    assert!(out.status.code().is_some_and(|c| c <= 2), "no crash");
    assert_eq!(
        std::fs::read(dir.path().join("bad.txt")).expect("read"),
        bytes
    );
}

#[test]
fn a_read_only_file_stays_intact_and_the_error_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ro.txt");
    let text = "Press the the button  now.\n";
    std::fs::write(&path, text).expect("write");
    let sub = dir.path();
    let mut perms = std::fs::metadata(sub).expect("meta").permissions();
    // The atomic writer replaces the file through its directory: make both read-only.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod file");
    perms.set_mode(0o555);
    std::fs::set_permissions(sub, perms.clone()).expect("chmod dir");
    let root_ignores_modes = std::fs::File::create(sub.join("probe")).is_ok();
    let out = mtlint(&["check", "--fix", "--unsafe-fixes", "ro.txt"], sub);
    perms.set_mode(0o755);
    std::fs::set_permissions(sub, perms).expect("restore");
    if root_ignores_modes {
        eprintln!("note: running as root, permissions do not stop writes; skipped");
        return;
    }
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("ro.txt"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
}

#[test]
fn a_write_into_a_directory_fails_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("was-a-file.txt");
    std::fs::create_dir(&target).expect("mkdir");
    std::fs::write(target.join("inside.txt"), "keep").expect("write");
    let err = write_atomic(&target, b"old", b"new").expect_err("a directory is not overwritten");
    assert!(err.to_string().contains("was-a-file.txt"), "{err}");
    assert_eq!(
        std::fs::read_to_string(target.join("inside.txt")).expect("read"),
        "keep"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("moving.txt");
    std::fs::write(&path, "changed underneath").expect("write");
    let err = write_atomic(&path, b"as it was read", b"fixed").expect_err("refused");
    assert!(err.to_string().contains("changed"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "changed underneath"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("ls").count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn a_temporary_file_that_cannot_be_created_leaves_the_original() {
    // A directory that cannot take a new entry stands in for a full disk:
    // the temporary file cannot be created, so nothing is replaced.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.txt");
    std::fs::write(&path, "original").expect("write");
    let missing_dir = dir.path().join("gone").join("doc.txt");
    assert!(write_atomic(&missing_dir, b"original", b"new").is_err());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "original");
}
