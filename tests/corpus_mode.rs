//! `mtlint corpus` and `mtlint names` end to end.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mtlint");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

const RECORDS: &str = "{\"id\":\"mt\",\"text\":\"At this stage I I would go.\"}\n\
{\"id\":\"clean\",\"text\":\"The committee met on Tuesday.\"}\n\
not json at all\n\
{\"id\":7,\"body\":\"no text field\"}\n";

#[test]
fn corpus_writes_one_ordered_result_per_record_and_skips_malformed_lines() {
    let out = run(&["corpus"], RECORDS.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(stdout.starts_with("{\"id\":\"mt\",\"words\":"), "{stdout}");
    assert_eq!(lines[0]["rules"]["repeated-word"], 1);
    assert_eq!(
        lines[0]["spans"][0],
        serde_json::json!([14, 17, "repeated-word"])
    );
    assert_eq!(lines[1]["id"], "clean");
    assert_eq!(lines[1]["score"], 0.0);
    let stderr = String::from_utf8(out.stderr).expect("utf8");
    assert!(stderr.contains("-:3: malformed record"), "{stderr}");
    assert!(
        stderr.contains("-:4: malformed record: no string field `text`"),
        "{stderr}"
    );
}

#[test]
fn corpus_strict_fails_on_a_malformed_line() {
    let out = run(&["corpus", "--strict"], RECORDS.as_bytes());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn corpus_reads_gzip_shards_and_filters_by_density() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shard.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).expect("create"),
        flate2::Compression::fast(),
    );
    gz.write_all(RECORDS.as_bytes()).expect("write");
    gz.finish().expect("finish");
    let out = run(
        &[
            "corpus",
            "--max-density",
            "0",
            "--emit-input",
            path.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf8"),
        "{\"id\":\"clean\",\"text\":\"The committee met on Tuesday.\"}\n"
    );
}

#[test]
fn corpus_attributes_use_the_dolma_layout() {
    let out = run(
        &["corpus", "--attributes"],
        "{\"id\":\"x\",\"text\":\"😀 I I go.\"}\n".as_bytes(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["id"], "x");
    assert_eq!(
        v["attributes"]["mtlint__repeated_word"],
        serde_json::json!([[2, 5, 1.0]])
    );
}

#[test]
fn names_prints_each_cluster_with_counts_per_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a.txt"),
        "President Zelensky spoke. Zelensky left.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.txt"),
        "President Zelenskyy arrived in Kyiv.\n",
    )
    .expect("write");
    let out = run(
        &[
            "names",
            "--format",
            "json",
            dir.path().to_str().expect("dir"),
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        text.contains("Zelensky") && text.contains("Zelenskyy"),
        "{text}"
    );
    let seeds = run(
        &[
            "names",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/seeds/003_bdfe5bcd94cda810.txt"
            ),
        ],
        b"",
    );
    let table = String::from_utf8(seeds.stdout).expect("utf8");
    assert!(table.contains("Riabkov / Ryakov / Ryakhkov"), "{table}");
}

#[test]
fn names_across_files_reports_drift_between_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = "President Volodymyr Zelenskyy spoke on Monday. Zelenskyy said talks would go on. Later Zelenskyy left.\n";
    let b = "President Volodymyr Zelensky arrived in Warsaw on Tuesday.\n";
    std::fs::write(dir.path().join("a.txt"), a).expect("write");
    std::fs::write(dir.path().join("b.txt"), b).expect("write");
    let d = dir.path().to_str().expect("dir");
    let alone = run(&["check", "--format", "short", d], b"");
    let alone = String::from_utf8(alone.stdout).expect("utf8");
    assert!(
        !alone.contains("name-variant"),
        "each file is consistent on its own: {alone}"
    );
    let pooled = run(
        &["check", "--format", "short", "--names-across-files", d],
        b"",
    );
    let pooled = String::from_utf8(pooled.stdout).expect("utf8");
    assert!(
        pooled.contains("b.txt:1:21: warning[name-variant]"),
        "{pooled}"
    );
    assert!(!pooled.contains("a.txt:"), "{pooled}");

    // Pooled findings obey the file's configuration: a severity override
    // applies, and a rule turned off stays off.
    std::fs::write(
        dir.path().join("mtlint.toml"),
        "[rules]\nname-variant = \"error\"\n",
    )
    .expect("write");
    let as_error = run(
        &["check", "--format", "short", "--names-across-files", d],
        b"",
    );
    let as_error = String::from_utf8(as_error.stdout).expect("utf8");
    assert!(
        as_error.contains("b.txt:1:21: error[name-variant]"),
        "{as_error}"
    );
    std::fs::write(
        dir.path().join("mtlint.toml"),
        "[rules]\nname-variant = \"off\"\n",
    )
    .expect("write");
    let off = run(
        &["check", "--format", "short", "--names-across-files", d],
        b"",
    );
    let off = String::from_utf8(off.stdout).expect("utf8");
    assert!(!off.contains("name-variant"), "{off}");
}
