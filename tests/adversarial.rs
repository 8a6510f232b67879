//! Hostile inputs a linter meets in repositories and crawls. Each must check
//! cleanly in the library (valid spans, fixes that splice exactly) and in the
//! binary (exit 0 or 1, never 2 or a panic). Inputs are generated here, not
//! committed. Timing is measured in the benchmark, not asserted here.

mod support;

use std::io::Write;
use std::process::Command;
use std::sync::LazyLock;
use support::{check, fix_round, ALL, DEFAULT};

/// A small deterministic generator (xorshift64*), so inputs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

const PROSE: &str = "At this stage I would propose more talks, he said. The minister said that “the plan” was ready; \
the head of the delegation, Mr. Lavrov, did not agree.";

/// Checks `bytes` with every rule (library) and through the binary.
fn survive(name: &str, bytes: &[u8]) {
    let report = check(&ALL, name, bytes);
    fix_round(&report.source.text, &report.diagnostics, true);
    fix_round(&report.source.text, &report.diagnostics, false);
    binary(name, bytes, "jsonl");
    // The renderers see a prefix: a debug build renders megabytes slowly.
    let mut cut = bytes.len().min(64 << 10);
    while cut < bytes.len() && (bytes[cut] & 0xC0) == 0x80 {
        cut += 1;
    }
    binary(name, &bytes[..cut], "human");
    binary(name, &bytes[..cut], "short");
}

static BINARY_HAS_CHECK: LazyLock<bool> = LazyLock::new(binary_has_check);

fn binary_has_check() -> bool {
    let out = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .arg("--help")
        .output()
        .expect("run mtlint --help");
    String::from_utf8_lossy(&out.stdout).contains("check")
}

/// Runs `mtlint check --format jsonl` on the input as a file: exit 0 or 1,
/// and every reported span inside the file.
fn binary(name: &str, bytes: &[u8], format: &str) {
    if !*BINARY_HAS_CHECK {
        eprintln!("note: this build's binary has no `check` command; library only for {name}");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(format!("{name}.txt"));
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("write input");
    {
        let out = Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .args(["check", "--color", "never", "--format", format])
            .arg(&path)
            .output()
            .expect("run mtlint check");
        let code = out.status.code();
        assert!(
            matches!(code, Some(0) | Some(1)),
            "{name}: `mtlint check --format {format}` exited {code:?}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
                .chars()
                .take(2000)
                .collect::<String>()
        );
        if format == "jsonl" {
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
                let (s, e) = (&v["span"]["start"], &v["span"]["end"]);
                let (s, e) = (
                    s.as_u64().expect("start") as usize,
                    e.as_u64().expect("end") as usize,
                );
                assert!(
                    s <= e && e <= bytes.len(),
                    "{name}: span {s}..{e} outside {} bytes",
                    bytes.len()
                );
            }
        }
    }
}

#[test]
fn random_bytes() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let bytes: Vec<u8> = (0..1 << 20).map(|_| rng.next() as u8).collect();
    survive("random-bytes", &bytes);
}

#[test]
fn a_two_megabyte_word() {
    let mut rng = Rng(7);
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    let mut bytes: Vec<u8> = b"The word is ".to_vec();
    bytes.extend((0..2 << 20).map(|_| rng.pick(letters)));
    bytes.extend_from_slice(b" and it ends here.\n");
    survive("two-mb-word", &bytes);
    // The same word capitalised and glued to a sentence, without spaces.
    let caps: Vec<u8> = bytes.iter().map(|b| b.to_ascii_uppercase()).collect();
    survive("two-mb-word-caps", &caps);
}

#[test]
fn a_hundred_thousand_quote_marks() {
    let mut rng = Rng(11);
    let marks = [
        "\"", "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "``", "''",
    ];
    let mut s = String::new();
    for i in 0..100_000 {
        s.push_str(rng.pick(&marks));
        if i % 7 == 0 {
            s.push_str(rng.pick(&["word", " ", "said ", ". ", "\n"]));
        }
    }
    survive("quotes", s.as_bytes());
    survive("quotes-only", "“".repeat(100_000).as_bytes());
}

#[test]
fn carriage_return_line_ends() {
    let s = format!("{PROSE}\r\r").repeat(2_000) + "the the end\rlast line";
    survive("cr-only", s.as_bytes());
    survive("crs-only", "\r".repeat(200_000).as_bytes());
    survive(
        "mixed-ends",
        format!("{PROSE}\r\n{PROSE}\r{PROSE}\n\r")
            .repeat(500)
            .as_bytes(),
    );
}

#[test]
fn nul_bytes() {
    let mut bytes = Vec::new();
    for (i, w) in PROSE.split(' ').cycle().take(20_000).enumerate() {
        bytes.extend_from_slice(w.as_bytes());
        bytes.push(if i % 5 == 0 { 0 } else { b' ' });
    }
    bytes.extend(std::iter::repeat_n(0u8, 1 << 16));
    survive("nul", &bytes);
}

#[test]
fn only_whitespace() {
    let mut rng = Rng(13);
    let ws = [
        " ", "\t", "\n", "\r\n", "\r", "\u{A0}", "\u{2003}", "\u{3000}", "\u{200B}", "\u{FEFF}",
        "\u{2028}", "\x0B", "\x0C",
    ];
    let mut s = String::new();
    while s.len() < 1 << 20 {
        s.push_str(rng.pick(&ws));
    }
    survive("whitespace", s.as_bytes());
    survive("spaces", " ".repeat(1 << 20).as_bytes());
    survive("newlines", "\n".repeat(1 << 20).as_bytes());
    survive("empty", b"");
    survive("bom-only", "\u{FEFF}".as_bytes());
}

#[test]
fn mixed_scripts_and_combining_marks() {
    let mut rng = Rng(17);
    let scripts = [
        "a",
        "B",
        "с",
        "Р",
        "ο",
        "Ω",
        "ب",
        "ש",
        "中",
        "한",
        "क",
        "ि",
        "ก",
        "ـ",
        "𝐀",
        "😀",
        "🇺",
        "\u{200D}",
        "\u{301}",
        "\u{308}",
        "\u{20DD}",
        "\u{FE0F}",
        "\u{1F3FD}",
        "\u{202E}",
        "\u{2066}",
        "1",
        ".",
        "’",
    ];
    let mut s = String::new();
    for i in 0..60_000 {
        s.push_str(rng.pick(&scripts));
        if i % 9 == 0 {
            s.push(' ');
        }
    }
    // Zalgo: thousands of combining marks on one base letter, inside a sentence.
    s.push_str(" The word e");
    for i in 0..10_000u32 {
        s.push(char::from_u32(0x300 + i % 0x70).expect("combining mark"));
    }
    s.push_str(" ended the the sentence.\n");
    survive("mixed-scripts", s.as_bytes());
}

#[test]
fn a_hundred_thousand_distinct_names() {
    let syllables = [
        "ka", "lo", "mi", "ra", "ven", "tor", "sa", "bel", "dri", "nu", "pe", "zan", "ol", "ri",
        "gu", "fe", "ha", "jo", "qui", "we",
    ];
    let name = |mut n: usize| {
        let mut s = String::new();
        for _ in 0..4 {
            s.push_str(syllables[n % syllables.len()]);
            n /= syllables.len();
        }
        let mut c = s.chars();
        let first = c.next().expect("non-empty").to_ascii_uppercase();
        format!("{first}{}", c.as_str())
    };
    let mut s = String::new();
    for i in (0..100_000).step_by(2) {
        s.push_str(&format!("{} met {} on Tuesday. ", name(i), name(i + 1)));
        if i % 40 == 0 {
            s.push('\n');
        }
    }
    survive("names", s.as_bytes());
}

/// Above the windowing threshold, one long line of multi-byte text and
/// invalid bytes with no line break: windows are cut at char boundaries.
#[test]
fn a_window_cut_inside_one_long_line() {
    let mut rng = Rng(19);
    let pieces: [&[u8]; 8] = [
        b"word ",
        "é".as_bytes(),
        "😀".as_bytes(),
        b"\xE2\x82",
        b"\xFF",
        b"the the ",
        "“".as_bytes(),
        b". ",
    ];
    let mut bytes = Vec::new();
    while bytes.len() < mtlint::WINDOW_THRESHOLD + (1 << 19) {
        bytes.extend_from_slice(rng.pick(&pieces));
    }
    let report = check(&DEFAULT, "window", &bytes);
    fix_round(&report.source.text, &report.diagnostics, false);
}
