//! The `mtlint` binary end to end: exit codes, every output format, stdin,
//! awkward inputs (invalid UTF-8, BOM + CRLF, binary, empty, a 1 MB line),
//! missing paths, and the `rules`/`explain` subcommands.

use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const REPEATED: &str = "At this stage I I would propose more talks.\n";
const CLEAN: &str = "At this stage I would propose more talks.\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn mtlint_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mtlint"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn mtlint");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        pipe.write_all(bytes).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait for mtlint");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn mtlint(args: &[&str]) -> Run {
    mtlint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, None)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

fn json(run: &Run) -> Vec<Value> {
    match serde_json::from_str(&run.stdout) {
        Ok(Value::Array(items)) => items,
        other => panic!("not a JSON array: {other:?}\n{}", run.stdout),
    }
}

/// 1-based line and 1-based character column of `offset`, computed from
/// the raw bytes independently of the library: lines end at LF, CRLF or a
/// lone CR; each invalid UTF-8 byte counts as one character.
fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut line_start = 0;
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let col = bytes[line_start..offset]
        .utf8_chunks()
        .map(|c| c.valid().chars().count() + c.invalid().len())
        .sum::<usize>();
    (line, col + 1)
}

fn utf16_col(bytes: &[u8], offset: usize) -> usize {
    let line_start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    String::from_utf8_lossy(&bytes[line_start..offset])
        .encode_utf16()
        .count()
        + 1
}

fn field(v: &Value, key: &str) -> usize {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} missing in {v}")) as usize
}

/// Every finding's span, line and columns agree with the file's bytes.
fn assert_positions_agree(findings: &[Value], base: &Path) {
    for f in findings {
        let path = base.join(f["path"].as_str().expect("path"));
        let bytes = std::fs::read(&path).expect("read flagged file");
        let (start, end) = (field(&f["span"], "start"), field(&f["span"], "end"));
        assert!(
            start <= end && end <= bytes.len(),
            "span out of bounds: {f}"
        );
        assert_eq!(
            (field(f, "line"), field(f, "column")),
            line_col(&bytes, start),
            "start of {f}"
        );
        assert_eq!(
            (field(f, "end_line"), field(f, "end_column")),
            line_col(&bytes, end),
            "end of {f}"
        );
        for l in f["labels"].as_array().expect("labels array") {
            assert!(
                field(&l["span"], "end") <= bytes.len(),
                "label out of bounds: {f}"
            );
        }
    }
}

const FINDING_KEYS: [&str; 12] = [
    "path",
    "rule",
    "code",
    "severity",
    "message",
    "span",
    "line",
    "column",
    "end_line",
    "end_column",
    "labels",
    "fix",
];

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_0_when_clean_1_with_findings_2_on_missing_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = write(dir.path(), "clean.txt", CLEAN.as_bytes());
    let bad = write(dir.path(), "bad.txt", REPEATED.as_bytes());
    assert_eq!(mtlint(&["check", s(&clean)]).code, 0);
    assert_eq!(mtlint(&["check", s(&bad)]).code, 1);
    assert_eq!(
        mtlint(&["check", s(&dir.path().join("missing.txt"))]).code,
        2
    );
}

#[test]
fn exit_zero_and_fail_on_change_the_threshold() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = write(dir.path(), "bad.txt", REPEATED.as_bytes());
    assert_eq!(mtlint(&["check", "--exit-zero", s(&bad)]).code, 0);
    // repeated-word is a warning: below `error`, at or above `info`.
    assert_eq!(mtlint(&["check", "--fail-on", "error", s(&bad)]).code, 0);
    assert_eq!(mtlint(&["check", "--fail-on", "info", s(&bad)]).code, 1);
    let invalid = write(dir.path(), "invalid.txt", b"Bad \xFF byte.\n");
    assert_eq!(
        mtlint(&["check", "--fail-on", "error", s(&invalid)]).code,
        1
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(mtlint(&["check", "--no-such-flag"]).code, 2);
    assert_eq!(mtlint(&["check", "--format", "xml", "seeds"]).code, 2);
    assert_eq!(mtlint(&["check", "--fail-on", "fatal", "seeds"]).code, 2);
    assert_eq!(mtlint(&["check", "--glob", "a[", "seeds"]).code, 2);
    assert_eq!(mtlint(&["--version"]).code, 0);
}

#[test]
fn missing_path_is_named_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = write(dir.path(), "bad.txt", REPEATED.as_bytes());
    let missing = dir.path().join("no-such-file.txt");
    let run = mtlint(&["check", "--format", "short", s(&missing), s(&bad)]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-file.txt"), "{}", run.stderr);
    assert!(
        run.stdout.contains("bad.txt:1:15: warning[repeated-word]"),
        "{}",
        run.stdout
    );
}

// ------------------------------------------------------------------- formats

#[test]
fn human_format_renders_snippets_and_a_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "bad.txt", REPEATED.as_bytes());
    write(dir.path(), "clean.txt", CLEAN.as_bytes());
    let run = mtlint_in(dir.path(), &["check", "--color", "never", "."], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("warning[repeated-word]: `I` is repeated"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("bad.txt:1:15"), "{}", run.stdout);
    assert!(run.stdout.contains("I I would"), "{}", run.stdout);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour with --color never"
    );
    assert!(
        run.stderr
            .contains("1 problem (0 errors, 1 warning, 0 infos) in 2 files"),
        "{}",
        run.stderr
    );
    let coloured = mtlint_in(dir.path(), &["check", "--color", "always", "."], None);
    assert!(
        coloured.stdout.contains('\u{1b}'),
        "colour with --color always"
    );
}

#[test]
fn short_format_is_one_problem_matcher_line_per_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a.txt",
        format!("{REPEATED}{REPEATED}").as_bytes(),
    );
    let run = mtlint_in(dir.path(), &["check", "--format", "short", "a.txt"], None);
    assert_eq!(
        run.stdout,
        "a.txt:1:15: warning[repeated-word] `I` is repeated\n\
         a.txt:2:15: warning[repeated-word] `I` is repeated\n"
    );
    assert_eq!(run.stderr, "", "no summary outside human mode");
}

#[test]
fn json_findings_have_the_documented_shape_and_agree_with_the_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Emoji, combining marks, CRLF, a lone CR and curly quotes before findings.
    let text = "Caf\u{65}\u{301} 😀 “quoted” text.\r\nSo I I would.\rAnd the the end 😀 😀.\n";
    write(dir.path(), "mixed.txt", text.as_bytes());
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "json", "mixed.txt"],
        None,
    );
    assert_eq!(run.code, 1);
    let findings = json(&run);
    // Two doubled words, plus the decomposed `é` that non-nfc-text reports.
    let repeated = findings
        .iter()
        .filter(|f| f["rule"] == "repeated-word")
        .count();
    assert_eq!(repeated, 2, "{}", run.stdout);
    assert!(
        findings.iter().any(|f| f["rule"] == "non-nfc-text"),
        "{}",
        run.stdout
    );
    for f in &findings {
        let keys: Vec<&str> = f
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = FINDING_KEYS.to_vec();
        expected.sort_unstable();
        let mut got = keys.clone();
        got.sort_unstable();
        assert_eq!(got, expected);
        if f["rule"] == "repeated-word" {
            assert_eq!(f["severity"], "warning");
            assert_eq!(f["code"], "MT002");
            assert_eq!(f["fix"]["applicability"], "unsafe");
        }
    }
    assert_positions_agree(&findings, dir.path());
    let last = findings.last().expect("findings");
    let start = field(&last["span"], "start");
    let end = field(&last["span"], "end");
    assert_eq!(&text.as_bytes()[start..end], b"the the");
}

#[test]
fn json_over_seeds_agrees_with_the_bytes_and_jsonl_matches() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = mtlint(&["check", "--format", "json", "seeds"]);
    assert_eq!(run.code, 1);
    let findings = json(&run);
    assert!(!findings.is_empty());
    assert_positions_agree(&findings, root);
    let lines = mtlint(&["check", "--format", "jsonl", "seeds"]);
    let from_lines: Vec<Value> = lines
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(from_lines, findings);
}

#[test]
fn json_output_is_sorted_by_path_then_offset() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["b.txt", "a.txt", "c/a.txt", "a-b.txt"] {
        std::fs::create_dir_all(dir.path().join(name).parent().expect("parent")).expect("mkdir");
        write(
            dir.path(),
            name,
            format!("{REPEATED}x\n{REPEATED}").as_bytes(),
        );
    }
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "json", "--threads", "3", "."],
        None,
    );
    let order: Vec<(String, usize)> = json(&run)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path").to_owned(),
                field(&f["span"], "start"),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)).then(a.1.cmp(&b.1)));
    assert_eq!(order.len(), 8);
    assert_eq!(order, sorted);
}

#[test]
fn empty_result_is_an_empty_json_array() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = write(dir.path(), "clean.txt", CLEAN.as_bytes());
    let run = mtlint(&["check", "--format", "json", s(&clean)]);
    assert_eq!(run.code, 0);
    assert!(json(&run).is_empty());
}

#[test]
fn sarif_has_one_result_per_json_finding() {
    let run = mtlint(&["check", "--format", "sarif", "seeds"]);
    assert_eq!(run.code, 1);
    let sarif: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let json_count = json(&mtlint(&["check", "--format", "json", "seeds"])).len();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["columnKind"], "utf16CodeUnits");
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "mtlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert!(ids.contains(&"MT001") && ids.contains(&"MT002"), "{ids:?}");
    for r in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(r[key]["text"].is_string(), "{key} in {r}");
        }
        assert!(r["defaultConfiguration"]["level"].is_string());
    }
    let results = run0["results"].as_array().expect("results");
    assert_eq!(results.len(), json_count);
    for res in results {
        let index = field(res, "ruleIndex");
        assert_eq!(rules[index]["id"], res["ruleId"]);
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(uri.starts_with("seeds/"), "repo-relative uri: {uri}");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(field(&loc["region"], "startLine") >= 1);
        assert!(res["partialFingerprints"]
            .as_object()
            .is_some_and(|o| !o.is_empty()));
    }
}

#[test]
fn sarif_columns_count_utf16_code_units() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "😀😀 é So I I would.\n";
    write(dir.path(), "emoji.txt", text.as_bytes());
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "sarif", "emoji.txt"],
        None,
    );
    let sarif: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    let start = text.find("I I").expect("present");
    assert_eq!(
        field(region, "startColumn"),
        utf16_col(text.as_bytes(), start)
    );
    assert_eq!(
        field(region, "endColumn"),
        utf16_col(text.as_bytes(), start + 3)
    );
    assert_eq!(field(region, "startColumn"), 11); // 😀😀 are 4 units
    let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "emoji.txt");
}

#[test]
fn github_format_prints_one_escaped_command_per_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a,b:c.txt",
        format!("{REPEATED}{REPEATED}").as_bytes(),
    );
    let run = mtlint_in(dir.path(), &["check", "--format", "github", "."], None);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        "::warning file=./a%2Cb%3Ac.txt,line=1,endLine=1,col=15,endColumn=18,\
         title=repeated-word (MT002)::`I` is repeated"
    );
    let seeds_json = json(&mtlint(&["check", "--format", "json", "seeds"])).len();
    let seeds_github = mtlint(&["check", "--format", "github", "seeds"]);
    assert_eq!(seeds_github.stdout.lines().count(), seeds_json);
    assert!(seeds_github.stdout.lines().all(|l| l.starts_with("::")));
}

#[test]
fn statistics_format_counts_findings_per_rule_and_keeps_the_exit_code() {
    let run = mtlint(&["check", "--format", "statistics", "seeds"]);
    assert_eq!(run.code, 1, "findings still fail the run");
    let findings = json(&mtlint(&["check", "--format", "json", "seeds"]));
    let mut total = 0;
    let mut last = usize::MAX;
    for line in run.stdout.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n: usize = cols[0].parse().expect("a count first");
        assert!(n <= last, "most frequent first: {line}");
        last = n;
        let of_rule = findings.iter().filter(|f| f["rule"] == cols[2]).count();
        assert_eq!(n, of_rule, "{line}");
        total += n;
    }
    assert_eq!(total, findings.len());
}

// -------------------------------------------------------------------- inputs

#[test]
fn stdin_is_checked_under_the_given_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = mtlint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "notes/in.txt",
            "-",
        ],
        Some(REPEATED.as_bytes()),
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "notes/in.txt:1:15: warning[repeated-word] `I` is repeated\n"
    );
    let unnamed = mtlint_in(
        dir.path(),
        &["check", "--format", "short", "-"],
        Some(CLEAN.as_bytes()),
    );
    assert_eq!(unnamed.code, 0);
    assert_eq!(unnamed.stdout, "");
}

#[test]
fn invalid_utf8_is_reported_at_its_bytes_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = b"Bad \x93quote\xFF\xFE here. So I I would.\n";
    write(dir.path(), "latin.txt", bytes);
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "json", "latin.txt"],
        None,
    );
    assert_eq!(run.code, 1);
    let findings = json(&run);
    let spans: Vec<(String, usize, usize)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().expect("rule").to_owned(),
                field(&f["span"], "start"),
                field(&f["span"], "end"),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("invalid-utf8".to_owned(), 4, 5),
            ("invalid-utf8".to_owned(), 10, 12),
            ("repeated-word".to_owned(), 22, 25),
        ]
    );
    assert_eq!(findings[0]["severity"], "error");
    assert_positions_agree(&findings, dir.path());
}

#[test]
fn bom_and_crlf_offsets_count_every_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = "\u{FEFF}First line.\r\nSo I I would.\r\n".as_bytes();
    write(dir.path(), "bom.txt", bytes);
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "bom.txt"], None);
    let findings = json(&run);
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    let f = &findings[0];
    // 3 BOM bytes + "First line." (11) + CRLF (2) + "So " (3).
    assert_eq!(field(&f["span"], "start"), 19);
    assert_eq!((field(f, "line"), field(f, "column")), (2, 4));
    assert_positions_agree(&findings, dir.path());
}

#[test]
fn binary_files_are_skipped_with_a_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "image.txt", b"PNG\0\0\x01 I I would");
    write(dir.path(), "ok.txt", REPEATED.as_bytes());
    let run = mtlint_in(dir.path(), &["check", "--format", "short", "."], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("mtlint: skipping binary file ./image.txt"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.starts_with("./ok.txt:"));
}

#[test]
fn empty_file_is_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = write(dir.path(), "empty.txt", b"");
    for format in ["human", "short", "json", "jsonl", "sarif", "github"] {
        let run = mtlint(&["check", "--format", format, s(&empty)]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
    }
}

#[test]
fn one_megabyte_single_line_does_not_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = "word and more words, ".repeat(1 << 20 >> 4);
    text.push_str("then I I would.");
    let big = write(dir.path(), "big.txt", text.as_bytes());
    assert!(text.len() > 1 << 20);
    let run = mtlint(&["check", "--format", "json", s(&big)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = json(&run);
    let f = findings.last().expect("the repeated word");
    assert_eq!(field(f, "line"), 1);
    assert_eq!(field(&f["span"], "start"), text.len() - "I I would.".len());
    let human = mtlint(&["check", "--color", "never", s(&big)]);
    assert_eq!(human.code, 1);
}

#[test]
fn directories_honour_gitignore_and_the_selection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::create_dir_all(d.join("sub")).expect("mkdir");
    for name in [
        "a.txt",
        "b.md",
        "sub/NOTES",
        "code.rs",
        "ignored.txt",
        "doc.rst",
    ] {
        write(d, name, REPEATED.as_bytes());
    }
    write(d, ".gitignore", b"ignored.txt\n");
    let paths = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        json(&mtlint_in(d, &all, None))
            .iter()
            .map(|f| f["path"].as_str().expect("path").to_owned())
            .collect()
    };
    assert_eq!(paths(&["."]), ["./a.txt", "./b.md", "./sub/NOTES"]);
    assert_eq!(paths(&["--glob", "*.rst", "."]), ["./doc.rst"]);
    assert_eq!(paths(&["--glob", "!*.md", "."]), ["./a.txt", "./sub/NOTES"]);
    // Named explicitly: checked whatever the extension.
    assert_eq!(paths(&["code.rs"]), ["code.rs"]);
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = write(dir.path(), "many.txt", REPEATED.repeat(20_000).as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["check", "--format", "short", s(&big)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "quiet on a closed pipe, got: {stderr}");
    assert_ne!(out.status.code(), Some(101), "no panic");
    assert!(out.status.code().is_some(), "not killed by a signal");
}

// ------------------------------------------------------------ rules, explain

#[test]
fn rules_lists_every_rule() {
    let run = mtlint(&["rules"]);
    assert_eq!(run.code, 0);
    for needle in ["MT001", "invalid-utf8", "MT002", "repeated-word", "warning"] {
        assert!(run.stdout.contains(needle), "{needle} in {}", run.stdout);
    }
    let md = mtlint(&["rules", "--format", "markdown"]);
    assert!(md.stdout.starts_with("| Code | Name |"));
    assert!(md.stdout.contains("| MT002 | `repeated-word` | warning |"));
    let rows: Value = serde_json::from_str(&mtlint(&["rules", "--format", "json"]).stdout)
        .expect("rules as JSON");
    assert!(rows.as_array().is_some_and(|r| r.len() >= 2));
}

#[test]
fn explain_accepts_a_name_or_a_code() {
    let by_name = mtlint(&["explain", "repeated-word"]);
    let by_code = mtlint(&["explain", "mt002"]);
    assert_eq!(by_name.code, 0);
    assert_eq!(by_name.stdout, by_code.stdout);
    assert!(by_name.stdout.starts_with("# MT002 repeated-word"));
    assert!(by_name.stdout.contains("## What it flags"));
    assert!(by_name.stdout.contains("## False positives"));
    let unknown = mtlint(&["explain", "no-such-rule"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("no-such-rule"));
}

/// A text over the 4 MiB at which files are checked in windows, with
/// findings at its start, in the middle and at its end.
fn large_text() -> String {
    let para = "The talks went on for hours, and the ministers said little.\n\n";
    let mut text = String::from("So I I would start.\n\n");
    while text.len() < 5 << 20 {
        text.push_str(para);
        if text.len() / para.len() % 9000 == 0 {
            text.push_str("Then the the talks ended.\n\n");
        }
    }
    text.push_str("They said that that was all.\n");
    text
}

#[test]
fn large_files_give_the_same_findings_mapped_or_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = large_text();
    write(dir.path(), "large.txt", text.as_bytes());
    // Mapped too (over 64 KiB), but checked whole rather than in windows.
    let cut = text[..200_000].rfind("\n\n").expect("paragraphs") + 2;
    let medium = format!("{}Then the the talks ended.\n", &text[..cut]);
    write(dir.path(), "medium.txt", medium.as_bytes());
    let mut latin = text.clone().into_bytes();
    latin.extend_from_slice(b"Bad \x93quote here. So I I would.\n");
    write(dir.path(), "latin.txt", &latin);
    let mut binary = text.clone().into_bytes();
    binary[100] = 0;
    write(dir.path(), "binary.txt", &binary);
    for name in ["large.txt", "medium.txt", "latin.txt", "binary.txt"] {
        let mapped = mtlint_in(dir.path(), &["check", "--format", "json", name], None);
        let read = mtlint_in(
            dir.path(),
            &["check", "--no-mmap", "--format", "json", name],
            None,
        );
        assert_eq!(mapped.stdout, read.stdout, "{name}");
        assert_eq!(mapped.stderr, read.stderr, "{name}");
        assert_eq!(mapped.code, read.code, "{name}");
        if name == "binary.txt" {
            assert_eq!(mapped.code, 0);
            assert!(
                mapped.stderr.contains("skipping binary file"),
                "{}",
                mapped.stderr
            );
            continue;
        }
        assert_eq!(mapped.code, 1, "{name}: {}", mapped.stderr);
        let findings = json(&mapped);
        let least = if name == "medium.txt" { 2 } else { 4 };
        assert!(findings.len() >= least, "{name}: {}", findings.len());
        let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
        assert_eq!(
            rules.contains(&"invalid-utf8"),
            name == "latin.txt",
            "{name}: {rules:?}"
        );
        assert_positions_agree(&findings, dir.path());
    }
}

/// A directory of many files for the streamed `check`: findings of every
/// severity level the rules give, clean, binary, invalid UTF-8 (an error),
/// empty and CRLF files.
fn many_files(dir: &Path) {
    for i in 0..40 {
        let text = match i % 4 {
            0 => REPEATED.repeat(i + 1),
            1 => CLEAN.to_owned(),
            2 => format!("Line {i} one one.\r\nLine two ,done.\r\n"),
            _ => "The the talks ended .\n\n".repeat(i),
        };
        write(dir, &format!("f{i:02}.txt"), text.as_bytes());
    }
    write(dir, "bin.txt", b"bin\0ary I I\n");
    write(dir, "bad.txt", b"Bad \xFF byte here here.\n");
    write(dir, "empty.txt", b"");
}

/// `check` streams unless an option needs every file at once; an empty
/// `--baseline` is such an option that changes nothing, so the two paths
/// must print the same output, messages and summary, and exit alike.
#[test]
fn streamed_check_prints_and_exits_like_the_whole_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    many_files(dir.path());
    let clean = tempfile::tempdir().expect("tempdir");
    write(clean.path(), "a.txt", CLEAN.as_bytes());
    let baseline = dir.path().join("empty-baseline.json");
    let wrote = mtlint(&["check", "--write-baseline", s(&baseline), s(clean.path())]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let files = dir.path().join("files");
    std::fs::create_dir(&files).expect("mkdir");
    many_files(&files);
    let missing = dir.path().join("missing.txt");
    let options: [&[&str]; 8] = [
        &[],
        &["--exit-zero"],
        &["--fail-on", "error"],
        &["--fail-on", "info"],
        &["--max-findings", "10"],
        &["--max-findings", "100000"],
        &["--threads", "1"],
        &["--threads", "3", "--max-findings", "100000"],
    ];
    for format in ["human", "short", "jsonl", "json", "statistics"] {
        for extra in options {
            for with_missing in [false, true] {
                let mut args = vec!["check", "--format", format, "--color", "never"];
                args.extend_from_slice(extra);
                args.push(s(&files));
                if with_missing {
                    args.push(s(&missing));
                }
                let streamed = mtlint(&args);
                let mut whole_args = args.clone();
                whole_args.splice(1..1, ["--baseline", s(&baseline)]);
                let whole = mtlint(&whole_args);
                let what = format!("{args:?}");
                assert_eq!(streamed.stdout, whole.stdout, "{what}");
                assert_eq!(streamed.stderr, whole.stderr, "{what}");
                assert_eq!(streamed.code, whole.code, "{what}");
                assert!(streamed.stderr.contains("skipping binary file"), "{what}");
                if format == "human" {
                    assert!(streamed.stderr.contains("problems ("), "{what}");
                }
            }
        }
    }
    // The codes themselves, on the streamed path.
    let code = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "jsonl"];
        args.extend_from_slice(extra);
        args.push(s(&files));
        mtlint(&args).code
    };
    assert_eq!(code(&[]), 1);
    assert_eq!(code(&["--exit-zero"]), 0);
    assert_eq!(code(&["--max-findings", "100000"]), 0);
    // `bad.txt`'s invalid UTF-8 is an error.
    assert_eq!(code(&["--fail-on", "error"]), 1);
    assert_eq!(
        mtlint(&["check", s(&files), s(&missing)]).code,
        2,
        "a missing path is an error"
    );
}

/// A reader that stops early (`mtlint check … | head -1`) ends the run
/// without a panic, with the exit code of the findings written.
#[test]
fn a_closed_pipe_stops_a_streamed_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..200 {
        write(
            dir.path(),
            &format!("f{i:03}.txt"),
            "The the talks ended .\n\n".repeat(2000).as_bytes(),
        );
    }
    for format in ["jsonl", "human"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .args([
                "check",
                "--format",
                format,
                "--color",
                "never",
                s(dir.path()),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn mtlint");
        let mut stdout = child.stdout.take().expect("stdout pipe");
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("wait for mtlint");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert!(
            !stderr.contains("error writing output"),
            "{format}: {stderr}"
        );
    }
}
