//! SARIF 2.1.0 as GitHub code scanning accepts it: every enabled rule in
//! `tool.driver.rules`, one result per finding with a `%SRCROOT%`-relative
//! URI, UTF-16 columns, and a line-independent `partialFingerprints` entry.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleMeta;
use crate::source::{Source, Span};
use crate::{FileReport, Linter};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// The `partialFingerprints` key; bump the version if the recipe changes.
const FINGERPRINT_KEY: &str = "mtlint/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn write_sarif(
    out: &mut dyn Write,
    reports: &[&FileReport],
    linter: &Linter,
) -> io::Result<()> {
    let cwd = std::env::current_dir().ok();
    let log = build(reports, linter, cwd.as_deref());
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn build<'a>(reports: &[&'a FileReport], linter: &'a Linter, cwd: Option<&Path>) -> Log<'a> {
    let metas: Vec<(&RuleMeta, Severity)> = linter.rules().collect();
    let index: HashMap<&str, usize> = metas
        .iter()
        .enumerate()
        .map(|(i, (m, _))| (m.code, i))
        .collect();
    let rules = metas
        .iter()
        .map(|(m, severity)| {
            let explanation = m.explanation_text();
            ReportingDescriptor {
                id: m.code,
                name: m.name,
                short_description: Text {
                    text: m.summary.to_owned(),
                },
                full_description: Text {
                    text: section(&explanation, "What it flags")
                        .unwrap_or_else(|| m.summary.to_owned()),
                },
                help: Help {
                    text: explanation.clone(),
                    markdown: explanation,
                },
                default_configuration: Configuration {
                    level: level(*severity),
                },
            }
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let artifact = artifact_location(&r.source.name, cwd);
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for d in &r.diagnostics {
            // A finding of a rule the linter does not list (cannot happen for
            // findings the linter made) would break `ruleIndex`; skip it.
            let Some(&rule_index) = index.get(d.code()) else {
                continue;
            };
            let hash = fingerprint(&r.source, d);
            let nth = seen.entry(hash).or_insert(0);
            *nth += 1;
            let related_locations = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| Location {
                    id: Some(i + 1),
                    physical_location: PhysicalLocation {
                        artifact_location: artifact.clone(),
                        region: region(&r.source, l.span),
                    },
                    message: Some(Text {
                        text: l.message.to_string(),
                    }),
                })
                .collect();
            results.push(SarifResult {
                rule_id: d.code(),
                rule_index,
                level: level(d.severity),
                message: Text {
                    text: d.message.to_string(),
                },
                locations: vec![Location {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: artifact.clone(),
                        region: region(&r.source, d.span),
                    },
                    message: None,
                }],
                related_locations,
                partial_fingerprints: BTreeMap::from([(
                    FINGERPRINT_KEY,
                    format!("{hash:016x}:{nth}"),
                )]),
            });
        }
    }
    let mut base_ids = BTreeMap::new();
    if let Some(cwd) = cwd {
        base_ids.insert(
            SRCROOT,
            ArtifactLocation {
                uri: file_uri(cwd, true),
                uri_base_id: None,
            },
        );
    }
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "mtlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            original_uri_base_ids: base_ids,
            column_kind: "utf16CodeUnits",
            results,
        }],
    }
}

/// The body of a `## heading` section of a rule's explanation, on one line.
fn section(explanation: &str, heading: &str) -> Option<String> {
    let mut lines = explanation
        .lines()
        .skip_while(|l| l.trim() != format!("## {heading}"));
    lines.next()?;
    let body: Vec<&str> = lines
        .take_while(|l| !l.starts_with("## "))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!body.is_empty()).then(|| body.join(" "))
}

/// 1-based lines and 1-based UTF-16 columns, plus the byte range.
fn region(source: &Source, span: Span) -> Region {
    let start = source.lines.position(&source.text, span.start);
    let end = source.lines.position(&source.text, span.end);
    Region {
        start_line: start.line + 1,
        start_column: start.utf16_col + 1,
        end_line: end.line + 1,
        end_column: end.utf16_col + 1,
        byte_offset: span.start,
        byte_length: span.len(),
    }
}

/// A hash of the rule, the flagged text and a few characters on either side
/// within its lines (whitespace collapsed): stable when unrelated lines move. Identical
/// findings are told apart by their occurrence number.
fn fingerprint(source: &Source, d: &Diagnostic) -> u64 {
    const CONTEXT: usize = 16;
    let text = &source.text;
    // Context stops at the line ends, so edits on other lines never matter.
    let first = source.lines.line_of(d.span.start);
    let last = source.lines.line_of(d.span.end);
    let line_start = source.lines.line_span(first).start;
    let line_end = source.lines.line_content(text, last).end.max(d.span.end);
    let before: String = text[line_start..d.span.start]
        .chars()
        .rev()
        .take(CONTEXT)
        .collect();
    let after: String = text[d.span.end..line_end].chars().take(CONTEXT).collect();
    let mut h = Fnv::new();
    h.write(d.code().as_bytes());
    h.write(b"\0");
    h.write(collapse(&before.chars().rev().collect::<String>()).as_bytes());
    h.write(b"\0");
    h.write(collapse(source.slice(d.span)).as_bytes());
    h.write(b"\0");
    h.write(collapse(&after).as_bytes());
    h.finish()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a, 64-bit: tiny and stable across Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The result's artifact: relative to `%SRCROOT%` (the current directory)
/// when the path lies under it, else an absolute `file://` URI.
fn artifact_location(name: &str, cwd: Option<&Path>) -> ArtifactLocation {
    let path = Path::new(name);
    let relative: Option<PathBuf> = if path.is_absolute() {
        cwd.and_then(|c| path.strip_prefix(c).ok())
            .map(Path::to_path_buf)
    } else if path.components().any(|c| c == Component::ParentDir) {
        cwd.and_then(|c| {
            let joined = normalize(&c.join(path));
            joined.strip_prefix(c).ok().map(Path::to_path_buf)
        })
    } else {
        Some(
            path.components()
                .filter(|c| *c != Component::CurDir)
                .collect(),
        )
    };
    match relative {
        Some(rel) => ArtifactLocation {
            uri: encode_path(&rel),
            uri_base_id: Some(SRCROOT),
        },
        None => {
            let absolute = match cwd {
                Some(c) if !path.is_absolute() => normalize(&c.join(path)),
                _ => path.to_path_buf(),
            };
            ArtifactLocation {
                uri: file_uri(&absolute, false),
                uri_base_id: None,
            }
        }
    }
}

/// Resolves `.` and `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn file_uri(path: &Path, dir: bool) -> String {
    let mut encoded = encode_path(path);
    if !encoded.starts_with('/') {
        encoded.insert(0, '/');
    }
    if dir && !encoded.ends_with('/') {
        encoded.push('/');
    }
    format!("file://{encoded}")
}

/// Percent-encodes a path for a URI, `/`-separated.
fn encode_path(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::RootDir => parts.push(String::new()),
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            other => parts.push(encode_segment(&other.as_os_str().to_string_lossy())),
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() && path.has_root() {
        "/".to_owned()
    } else {
        joined
    }
}

fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_relative_to_srcroot() {
        let cwd = Path::new("/repo");
        let a = artifact_location("./seeds/a b.txt", Some(cwd));
        assert_eq!(a.uri, "seeds/a%20b.txt");
        assert_eq!(a.uri_base_id, Some(SRCROOT));
        let b = artifact_location("/repo/x/y.txt", Some(cwd));
        assert_eq!(b.uri, "x/y.txt");
        let c = artifact_location("/elsewhere/z.txt", Some(cwd));
        assert_eq!(c.uri, "file:///elsewhere/z.txt");
        assert_eq!(c.uri_base_id, None);
        let d = artifact_location("../out.txt", Some(cwd));
        assert_eq!(d.uri, "file:///out.txt");
    }

    #[test]
    fn fingerprints_ignore_line_moves_and_count_repeats() {
        let linter = Linter::new();
        let a = linter.check_text("a.txt", "So I I would go.\n");
        let b = linter.check_text("a.txt", "New line.\n\nSo I I would go.\n");
        let fa = fingerprint(&a.source, &a.diagnostics[0]);
        let fb = fingerprint(&b.source, &b.diagnostics[0]);
        assert_eq!(fa, fb);
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let linter = Linter::new();
        let r = linter.check_text("a.txt", "😀 I I would.");
        let log = build(&[&r], &linter, Some(Path::new("/repo")));
        let result = &log.runs[0].results[0];
        let region = &result.locations[0].physical_location.region;
        assert_eq!((region.start_column, region.end_column), (4, 7));
        assert_eq!(region.byte_offset, 5);
        assert_eq!(
            log.runs[0].tool.driver.rules[result.rule_index].id,
            result.rule_id
        );
    }

    #[test]
    fn full_description_is_the_what_it_flags_section() {
        let text = "## What it flags\nThe same word\ntwice.\n\n## Why\nx\n";
        assert_eq!(
            section(text, "What it flags").as_deref(),
            Some("The same word twice.")
        );
    }
}
