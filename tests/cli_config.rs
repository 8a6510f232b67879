//! Configuration, Markdown, suppression, baselines, fixes and CI gating,
//! end to end through the `mtlint` binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const REPEATED: &str = "Press the the button.\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn mtlint_in(dir: &Path, args: &[&str]) -> Run {
    mtlint_stdin(dir, args, None)
}

fn mtlint_stdin(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mtlint");
    if let Some(bytes) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, text).expect("write fixture");
    path
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

/// `file:line:col: severity[rule]` lines of `--format short`.
fn short(run: &Run) -> Vec<&str> {
    run.stdout.lines().filter(|l| !l.is_empty()).collect()
}

// ---------------------------------------------------------------- config

#[test]
fn broken_config_exits_2_and_points_at_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "mtlint.toml",
        "[rules]\nrepeated-word = \"error\"\n\n[check]\nexclud = [\"x\"]\n",
    );
    write(dir.path(), "a.txt", REPEATED);
    let r = mtlint_in(dir.path(), &["check", "a.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("exclud"), "names the key: {}", r.stderr);
    assert!(
        r.stderr.contains("mtlint.toml:5:1"),
        "points at line 5: {}",
        r.stderr
    );
    assert!(r.stderr.contains("^^^^^^"), "underlines it: {}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing checked: {}", r.stdout);
}

#[test]
fn unknown_rule_and_bad_level_are_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", REPEATED);
    write(
        dir.path(),
        "mtlint.toml",
        "[rules]\nrepeated-wrd = \"error\"\n",
    );
    let r = mtlint_in(dir.path(), &["check", "a.txt"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown rule `repeated-wrd`") && r.stderr.contains("mtlint.toml:2:1"),
        "{}",
        r.stderr
    );
    write(
        dir.path(),
        "mtlint.toml",
        "[rules]\nrepeated-word = \"loud\"\n",
    );
    let r = mtlint_in(dir.path(), &["check", "a.txt"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`loud` is not a level") && r.stderr.contains("mtlint.toml:2:17"),
        "{}",
        r.stderr
    );
}

#[test]
fn config_in_a_parent_directory_applies() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        ".mtlint.toml",
        "[rules]\nrepeated-word = \"off\"\n",
    );
    let sub = dir.path().join("deep/er");
    write(&sub, "a.txt", REPEATED);
    let r = mtlint_in(&sub, &["check", "a.txt"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // From the top, the same config governs the file.
    let r = mtlint_in(dir.path(), &["check", "deep/er/a.txt"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn config_levels_change_severity_and_exit_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", REPEATED);
    write(dir.path(), "mtlint.toml", "[rules]\nMT002 = \"info\"\n");
    let r = mtlint_in(dir.path(), &["check", "--format", "short", "a.txt"]);
    assert_eq!(r.code, 0, "info is below the default --fail-on warning");
    assert!(r.stdout.contains("info[repeated-word]"), "{}", r.stdout);
    let r = mtlint_in(dir.path(), &["check", "--fail-on", "info", "a.txt"]);
    assert_eq!(r.code, 1);
}

#[test]
fn explicit_config_path_wins_over_discovery() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", REPEATED);
    write(
        dir.path(),
        "mtlint.toml",
        "[rules]\nrepeated-word = \"error\"\n",
    );
    write(
        dir.path(),
        "ci/quiet.toml",
        "[rules]\nrepeated-word = \"off\"\n",
    );
    assert_eq!(mtlint_in(dir.path(), &["check", "a.txt"]).code, 1);
    let r = mtlint_in(dir.path(), &["check", "--config", "ci/quiet.toml", "a.txt"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = mtlint_in(dir.path(), &["check", "--config", "missing.toml", "a.txt"]);
    assert_eq!(r.code, 2);
}

#[test]
fn overrides_apply_per_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "mtlint.toml",
        "[[overrides]]\npaths = [\"drafts/**\"]\nrules = { repeated-word = \"off\" }\n",
    );
    write(dir.path(), "drafts/a.txt", REPEATED);
    write(dir.path(), "final/a.txt", REPEATED);
    let r = mtlint_in(dir.path(), &["check", "--format", "short", "."]);
    assert_eq!(short(&r).len(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("final"), "{}", r.stdout);
}

#[test]
fn include_and_exclude_filter_walked_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "mtlint.toml",
        "[check]\ninclude = [\"**/*.md\"]\nexclude = [\"vendor/**\"]\n",
    );
    write(dir.path(), "a.txt", REPEATED);
    write(dir.path(), "b.md", REPEATED);
    write(dir.path(), "vendor/c.md", REPEATED);
    let r = mtlint_in(dir.path(), &["check", "--format", "short", "."]);
    let lines = short(&r);
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(lines[0].contains("b.md"), "{}", r.stdout);
    // Named explicitly, an excluded file is still checked.
    let r = mtlint_in(dir.path(), &["check", "--format", "short", "vendor/c.md"]);
    assert_eq!(short(&r).len(), 1, "{}", r.stdout);
}

#[test]
fn show_config_prints_the_effective_configuration_and_its_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "mtlint.toml",
        "[rules]\nrepeated-word = \"error\"\n[names]\nRyabkov = [\"Riabkov\"]\n",
    );
    let r = mtlint_in(dir.path(), &["check", "--show-config"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("# configuration: ") && r.stdout.contains("mtlint.toml"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("repeated-word = \"error\"  # MT002, configured"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Ryabkov = [\"Riabkov\"]"), "{}", r.stdout);
    let empty = tempfile::tempdir().expect("tempdir");
    let r = mtlint_in(empty.path(), &["check", "--show-config"]);
    assert!(r.stdout.contains("built-in defaults"), "{}", r.stdout);
}

#[test]
fn ignore_patterns_silence_matches() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "mtlint.toml",
        "[check]\nignore-patterns = [\"(?i)press the the\"]\n",
    );
    write(
        dir.path(),
        "a.txt",
        "Press the the button. It is is here.\n",
    );
    let r = mtlint_in(dir.path(), &["check", "--format", "short", "a.txt"]);
    let lines = short(&r);
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(lines[0].contains(":1:26:"), "{}", r.stdout);
}

// ---------------------------------------------------------------- markdown

#[test]
fn markdown_code_is_never_flagged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = "---\ntitle: the the\n---\n\n# Title\n\nUse `the the` inline.\n\n```text\nthe the\n```\n\n    is is\n\n<div>to to</div>\n\nSee [the docs](https://example.com/to/to) or <https://x.org/be/be>.\n";
    write(dir.path(), "doc.md", md);
    let r = mtlint_in(dir.path(), &["check", "doc.md"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // The same text as plain text has findings.
    write(dir.path(), "doc.txt", md);
    assert_eq!(mtlint_in(dir.path(), &["check", "doc.txt"]).code, 1);
}

#[test]
fn markdown_spans_point_into_the_original_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "doc.md",
        "# Head\n\n`code` and [link text](http://x.y/z) then the the end.\n",
    );
    let r = mtlint_in(dir.path(), &["check", "--format", "short", "doc.md"]);
    assert_eq!(
        short(&r),
        vec!["doc.md:3:43: warning[repeated-word] `the` is repeated"],
        "{}",
        r.stdout
    );
}

#[test]
fn suppression_comments_in_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = "One the the.\n\n<!-- mtlint-disable -->\nTwo is is.\n<!-- mtlint-enable -->\n\n<!-- mtlint-disable repeated-word, MT001 -->\nThree to to.\n<!-- mtlint-enable -->\n\n<!-- mtlint-disable-next-line repeated-word -->\nFour be be.\nFive we we.\n";
    write(dir.path(), "doc.md", md);
    let r = mtlint_in(dir.path(), &["check", "--format", "short", "doc.md"]);
    let lines = short(&r);
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(lines[0].starts_with("doc.md:1:5:"), "{}", r.stdout);
    assert!(lines[1].starts_with("doc.md:13:6:"), "{}", r.stdout);
}

#[test]
fn stdin_filename_decides_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = mtlint_stdin(
        dir.path(),
        &["check", "--stdin-filename", "x.md", "-"],
        Some(b"Use `the the` here.\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = mtlint_stdin(dir.path(), &["check", "-"], Some(b"Use `the the` here.\n"));
    assert_eq!(r.code, 1, "{}", r.stdout);
}

// ---------------------------------------------------------------- baseline

#[test]
fn baseline_silences_old_findings_and_reports_new_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", "Intro.\n\nPress the the button.\n");
    let r = mtlint_in(
        dir.path(),
        &["check", "--write-baseline", "mtlint-baseline.json", "a.txt"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = read(&dir.path().join("mtlint-baseline.json"));
    assert!(
        json.contains("\"version\": 1") && json.contains("\"fingerprint\""),
        "{json}"
    );

    let r = mtlint_in(
        dir.path(),
        &["check", "--baseline", "mtlint-baseline.json", "a.txt"],
    );
    assert_eq!(r.code, 0, "old finding silenced: {}", r.stdout);

    // An unrelated edit above and a new finding below.
    std::fs::write(
        &a,
        "A new opening line.\n\nIntro.\n\nPress the the button.\n\nThen it is is done.\n",
    )
    .expect("write");
    let r = mtlint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--baseline",
            "mtlint-baseline.json",
            "a.txt",
        ],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        short(&r),
        vec!["a.txt:7:9: warning[repeated-word] `is` is repeated"],
        "{}",
        r.stdout
    );
}

#[test]
fn broken_baseline_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", REPEATED);
    write(dir.path(), "b.json", "{\"version\": 1, \"findings\": [}");
    let r = mtlint_in(dir.path(), &["check", "--baseline", "b.json", "a.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid baseline"), "{}", r.stderr);
}

// ---------------------------------------------------------------- fixes

#[test]
fn diff_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", REPEATED);
    let r = mtlint_in(dir.path(), &["check", "--diff", "--unsafe-fixes", "a.txt"]);
    assert_eq!(read(&a), REPEATED, "--diff must not write");
    assert!(
        r.stdout.contains("--- a/a.txt\n+++ b/a.txt\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("-Press the the button.\n+Press the button.\n"),
        "{}",
        r.stdout
    );
    assert_eq!(r.code, 1, "a diff means changes are pending");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("ls").count(),
        1,
        "no temp files"
    );
}

#[test]
fn fix_leaves_the_doubled_word_and_unsafe_fixes_remove_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", REPEATED);
    let r = mtlint_in(dir.path(), &["check", "--fix", "a.txt"]);
    assert_eq!(read(&a), REPEATED, "doubled word is an unsafe fix");
    assert_eq!(r.code, 1, "the finding remains");
    assert!(r.stderr.contains("fixed 0 problems"), "{}", r.stderr);
    assert!(
        r.stderr.contains("--unsafe-fixes"),
        "hints at unsafe fixes: {}",
        r.stderr
    );

    let r = mtlint_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "a.txt"]);
    assert_eq!(read(&a), "Press the button.\n");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("fixed 1 problems in 1 files; 0 fixable findings remain"),
        "{}",
        r.stderr
    );
}

#[test]
fn fix_keeps_bom_line_endings_and_permissions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "\u{feff}Press the the button.\r\nSecond line.\r\n";
    let a = write(dir.path(), "a.txt", text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let r = mtlint_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "a.txt"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(read(&a), "\u{feff}Press the button.\r\nSecond line.\r\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&a).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn fix_respects_markdown_code_and_suppression() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = "Keep `the the` and\n\n<!-- mtlint-disable-next-line -->\nkeep is is too, fix to to.\n\nFix be be.\n";
    let a = write(dir.path(), "a.md", md);
    mtlint_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "a.md"]);
    assert_eq!(
        read(&a),
        "Keep `the the` and\n\n<!-- mtlint-disable-next-line -->\nkeep is is too, fix to to.\n\nFix be.\n"
    );
}

// ---------------------------------------------------------------- gating

#[test]
fn max_findings_allows_up_to_n() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a.txt",
        "Press the the button. It is is here.\n",
    );
    assert_eq!(
        mtlint_in(dir.path(), &["check", "--max-findings", "2", "a.txt"]).code,
        0
    );
    assert_eq!(
        mtlint_in(dir.path(), &["check", "--max-findings", "1", "a.txt"]).code,
        1
    );
    assert_eq!(
        mtlint_in(
            dir.path(),
            &[
                "check",
                "--max-findings",
                "1",
                "--fail-on",
                "error",
                "a.txt"
            ]
        )
        .code,
        0
    );
    assert_eq!(
        mtlint_in(dir.path(), &["check", "--exit-zero", "a.txt"]).code,
        0
    );
}

#[test]
fn pre_commit_hook_is_declared() {
    let hooks = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"));
    assert!(
        hooks.contains("id: mtlint") && hooks.contains("entry: mtlint check"),
        "{hooks}"
    );
}

#[test]
fn lint_packs_add_rules_that_levels_can_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "style/house-style.toml",
        "code = \"MT190\"\nname = \"house-style\"\nkind = \"phrase\"\nseverity = \"info\"\nsummary = \"House style.\"\nmessage = \"`{found}`: write `{suggest}`.\"\n[[entry]]\nfind = \"e-mail\"\nsuggest = \"email\"\n[[test]]\ninput = \"Send an e-mail.\"\noutput = \"Send an email.\"\n[[test]]\ninput = \"Send an email.\"\n",
    );
    write(
        dir.path(),
        "mtlint.toml",
        "[rules]\nhouse-style = \"error\"\n[check]\nlint-packs = [\"style/house-style.toml\"]\n",
    );
    write(dir.path(), "a.txt", "Send an e-mail today.\n");
    let r = mtlint_in(dir.path(), &["check", "--format", "short", "a.txt"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("a.txt:1:9: error[house-style]"),
        "{}",
        r.stdout
    );
    // A broken pack is a configuration error pointing into the pack.
    write(
        dir.path(),
        "style/house-style.toml",
        "code = \"MT190\"\nname = 3\n",
    );
    let r = mtlint_in(dir.path(), &["check", "a.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("house-style.toml:2"), "{}", r.stderr);
}
