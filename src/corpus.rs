//! Corpus mode: lint the text field of every JSONL record and write one
//! result line per record, in input order. Records are read in bounded
//! batches and linted in parallel, so memory does not grow with the number
//! of records. Malformed lines are reported and skipped (or fatal with
//! `strict`).
//!
//! The document score (0–1) is `1 − exp(−w / 4)`, where `w` is the weighted
//! number of findings per 1,000 words, smoothed for short texts:
//! `w = 1000 × Σ weight / (words + 200)`. A finding weighs 1, except
//! `scrape-boilerplate` (web residue, weak evidence of MT) and info-level
//! findings, which weigh 0.25. About 4 weighted findings per 1,000 words
//! give 0.63; clean text gives 0.

use crate::text::tokens::TokenKind;
use crate::{Diagnostic, Document, Linter, Severity, Source};
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;

/// What to write for each kept record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Emit {
    /// The result object (`id`, `words`, `findings`, `density`, `score`, `rules`, `spans`).
    #[default]
    Results,
    /// Dolma attributes: `{"id", "attributes": {"mtlint__<rule>": [[start, end, score]], ...}}`
    /// with character offsets.
    Attributes,
    /// The input line itself, unchanged (for filtering a corpus).
    Input,
}

#[derive(Clone, Debug)]
pub struct CorpusOptions {
    pub text_field: String,
    pub id_field: String,
    /// Keep only records whose score is at least this.
    pub min_score: Option<f64>,
    /// Keep only records whose density (findings per 1,000 words) is at most this.
    pub max_density: Option<f64>,
    pub emit: Emit,
    /// Malformed lines abort the run instead of being skipped.
    pub strict: bool,
    /// Records per parallel batch.
    pub batch: usize,
}

impl Default for CorpusOptions {
    fn default() -> CorpusOptions {
        CorpusOptions {
            text_field: "text".into(),
            id_field: "id".into(),
            min_score: None,
            max_density: None,
            emit: Emit::Results,
            strict: false,
            batch: 1024,
        }
    }
}

/// Totals for one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CorpusStats {
    pub records: u64,
    pub kept: u64,
    pub malformed: u64,
    pub findings: u64,
    pub words: u64,
}

/// The per-document numbers corpus mode reports.
#[derive(Clone, Debug, PartialEq)]
pub struct DocScore {
    pub words: usize,
    pub findings: usize,
    pub density: f64,
    pub score: f64,
}

/// Scores one linted document (see the module documentation for the formula).
pub fn score(doc: &Document, diagnostics: &[Diagnostic]) -> DocScore {
    let words = doc
        .tokens
        .iter()
        .filter(|t| matches!(t.kind(), TokenKind::Word | TokenKind::Number))
        .count();
    let weight: f64 = diagnostics
        .iter()
        .map(|d| {
            if d.rule() == "scrape-boilerplate" || d.severity == Severity::Info {
                0.25
            } else {
                1.0
            }
        })
        .sum();
    let w = 1000.0 * weight / (words as f64 + 200.0);
    let density = if words == 0 {
        0.0
    } else {
        1000.0 * diagnostics.len() as f64 / words as f64
    };
    DocScore {
        words,
        findings: diagnostics.len(),
        density: round3(density),
        score: round3(1.0 - (-w / 4.0).exp()),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Opens a shard, decompressing `.gz` and `.zst` by extension; `-` is stdin.
pub fn open_shard(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path == Path::new("-") {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(path)?)
    };
    let name = path.to_string_lossy();
    let reader: Box<dyn Read + Send> = if name.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else if name.ends_with(".zst") {
        Box::new(
            ruzstd::decoding::StreamingDecoder::new(raw)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?,
        )
    } else {
        raw
    };
    Ok(Box::new(io::BufReader::with_capacity(1 << 16, reader)))
}

enum Outcome {
    Line(Option<String>, usize, usize),
    Malformed(String),
}

/// Lints every record of `input` (named `shard` in messages) and writes the
/// kept results to `out`; malformed lines are reported on `err`.
pub fn run<R: BufRead, W: Write, E: Write>(
    linter: &Linter,
    shard: &str,
    mut input: R,
    out: &mut W,
    err: &mut E,
    opts: &CorpusOptions,
    stats: &mut CorpusStats,
) -> crate::Result<()> {
    let io_err = |e: io::Error| crate::Error::Io {
        path: shard.into(),
        source: e,
    };
    let mut line_no: u64 = 0;
    loop {
        let mut batch: Vec<(u64, Vec<u8>)> = Vec::with_capacity(opts.batch);
        while batch.len() < opts.batch.max(1) {
            let mut buf = Vec::new();
            if input.read_until(b'\n', &mut buf).map_err(io_err)? == 0 {
                break;
            }
            line_no += 1;
            while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                buf.pop();
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            batch.push((line_no, buf));
        }
        if batch.is_empty() {
            return Ok(());
        }
        let outcomes: Vec<(u64, Outcome)> = batch
            .par_iter()
            .map(|(n, line)| (*n, process(linter, line, *n, opts)))
            .collect();
        for (n, outcome) in outcomes {
            match outcome {
                Outcome::Line(line, words, findings) => {
                    stats.records += 1;
                    stats.words += words as u64;
                    stats.findings += findings as u64;
                    if let Some(line) = line {
                        stats.kept += 1;
                        out.write_all(line.as_bytes()).map_err(io_err)?;
                        out.write_all(b"\n").map_err(io_err)?;
                    }
                }
                Outcome::Malformed(why) => {
                    stats.malformed += 1;
                    let message = format!("{shard}:{n}: malformed record: {why}");
                    if opts.strict {
                        return Err(crate::Error::Usage(message));
                    }
                    writeln!(err, "mtlint: {message} (skipped)").map_err(io_err)?;
                }
            }
        }
    }
}

fn process(linter: &Linter, line: &[u8], line_no: u64, opts: &CorpusOptions) -> Outcome {
    let record: Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => return Outcome::Malformed(e.to_string()),
    };
    let Some(obj) = record.as_object() else {
        return Outcome::Malformed("not a JSON object".into());
    };
    let Some(text) = obj.get(&opts.text_field).and_then(Value::as_str) else {
        return Outcome::Malformed(format!("no string field `{}`", opts.text_field));
    };
    let id = obj
        .get(&opts.id_field)
        .cloned()
        .unwrap_or(Value::from(line_no));
    let doc = Document::new(Source::from_text(id_label(&id), text));
    let diagnostics = linter.check_document(&doc);
    let s = score(&doc, &diagnostics);
    let keep = opts.min_score.is_none_or(|m| s.score >= m)
        && opts.max_density.is_none_or(|m| s.density <= m);
    if !keep {
        return Outcome::Line(None, s.words, s.findings);
    }
    let value = match opts.emit {
        Emit::Input => {
            return Outcome::Line(
                Some(String::from_utf8_lossy(line).into_owned()),
                s.words,
                s.findings,
            )
        }
        Emit::Results => results_json(id, &s, &diagnostics),
        Emit::Attributes => attributes_json(id, text, &s, &diagnostics),
    };
    Outcome::Line(Some(value.to_string()), s.words, s.findings)
}

fn id_label(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn results_json(id: Value, s: &DocScore, diagnostics: &[Diagnostic]) -> Value {
    let mut rules: BTreeMap<&str, u64> = BTreeMap::new();
    for d in diagnostics {
        *rules.entry(d.rule()).or_default() += 1;
    }
    let spans: Vec<Value> = diagnostics
        .iter()
        .map(|d| json!([d.span.start, d.span.end, d.rule()]))
        .collect();
    json!({
        "id": id,
        "words": s.words,
        "findings": s.findings,
        "density": s.density,
        "score": s.score,
        "rules": rules,
        "spans": spans,
    })
}

fn attributes_json(id: Value, text: &str, s: &DocScore, diagnostics: &[Diagnostic]) -> Value {
    // Dolma attribute spans count characters, not bytes.
    let mut offsets: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| [d.span.start, d.span.end])
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut char_at: BTreeMap<usize, usize> = BTreeMap::new();
    let (mut chars, mut next) = (0usize, 0usize);
    for (byte, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        while next < offsets.len() && offsets[next] <= byte {
            char_at.insert(offsets[next], chars);
            next += 1;
        }
        chars += 1;
    }
    let total_chars = text.chars().count();
    let mut attrs = Map::new();
    for d in diagnostics {
        let key = format!("mtlint__{}", d.rule().replace('-', "_"));
        let span = json!([char_at[&d.span.start], char_at[&d.span.end], 1.0]);
        match attrs.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
            Value::Array(a) => a.push(span),
            _ => unreachable!("attribute values are arrays"),
        }
    }
    attrs.insert("mtlint__score".into(), json!([[0, total_chars, s.score]]));
    attrs.insert(
        "mtlint__density".into(),
        json!([[0, total_chars, s.density]]),
    );
    json!({ "id": id, "attributes": attrs })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_str(input: &str, opts: &CorpusOptions) -> (String, String, CorpusStats) {
        let linter = Linter::new();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut stats = CorpusStats::default();
        run(
            &linter,
            "shard.jsonl",
            input.as_bytes(),
            &mut out,
            &mut err,
            opts,
            &mut stats,
        )
        .expect("run");
        (
            String::from_utf8(out).expect("utf8"),
            String::from_utf8(err).expect("utf8"),
            stats,
        )
    }

    #[test]
    fn writes_one_result_per_record_in_order() {
        let input =
            "{\"id\":\"a\",\"text\":\"I I would go.\"}\n{\"id\":\"b\",\"text\":\"All is well.\"}\n";
        let (out, err, stats) = run_str(
            input,
            &CorpusOptions {
                batch: 1,
                ..Default::default()
            },
        );
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["id"], "a");
        assert_eq!(lines[0]["rules"]["repeated-word"], 1);
        assert_eq!(lines[0]["spans"][0], json!([0, 3, "repeated-word"]));
        assert!(lines[0]["score"].as_f64().expect("score") > 0.0);
        assert_eq!(lines[1]["id"], "b");
        assert_eq!(lines[1]["findings"], 0);
        assert_eq!(lines[1]["score"], 0.0);
        assert!(err.is_empty());
        assert_eq!(stats.records, 2);
    }

    #[test]
    fn skips_malformed_lines_with_their_number() {
        let input = "{\"text\":\"ok\"}\nnot json\n{\"id\":1}\n{\"text\":\"fine\"}\n";
        let (out, err, stats) = run_str(input, &CorpusOptions::default());
        assert_eq!(out.lines().count(), 2);
        assert!(err.contains("shard.jsonl:2: malformed record"), "{err}");
        assert!(
            err.contains("shard.jsonl:3: malformed record: no string field `text`"),
            "{err}"
        );
        assert_eq!(stats.malformed, 2);
        // A missing id falls back to the line number.
        assert!(out.lines().nth(1).expect("second").contains("\"id\":4"));
    }

    #[test]
    fn strict_makes_malformed_lines_fatal() {
        let linter = Linter::new();
        let opts = CorpusOptions {
            strict: true,
            ..Default::default()
        };
        let mut stats = CorpusStats::default();
        let r = run(
            &linter,
            "s",
            "oops\n".as_bytes(),
            &mut Vec::new(),
            &mut Vec::new(),
            &opts,
            &mut stats,
        );
        assert!(r.is_err());
    }

    #[test]
    fn filters_by_score_and_density() {
        let input = "{\"id\":1,\"text\":\"I I would go.\"}\n{\"id\":2,\"text\":\"All is well.\"}\n";
        let clean = CorpusOptions {
            max_density: Some(0.0),
            emit: Emit::Input,
            ..Default::default()
        };
        let (out, _, stats) = run_str(input, &clean);
        assert_eq!(out, "{\"id\":2,\"text\":\"All is well.\"}\n");
        assert_eq!((stats.records, stats.kept), (2, 1));
        let mt = CorpusOptions {
            min_score: Some(0.1),
            ..Default::default()
        };
        let (out, _, _) = run_str(input, &mt);
        assert_eq!(out.lines().count(), 1);
        assert!(out.contains("\"id\":1"));
    }

    #[test]
    fn attributes_use_character_offsets() {
        let input = "{\"id\":\"x\",\"text\":\"é😀 I I go.\"}\n";
        let opts = CorpusOptions {
            emit: Emit::Attributes,
            ..Default::default()
        };
        let (out, _, _) = run_str(input, &opts);
        let v: Value = serde_json::from_str(out.trim()).expect("json");
        // "é😀 " is 3 chars (7 bytes); "I I" spans chars 3..6.
        assert_eq!(
            v["attributes"]["mtlint__repeated_word"],
            json!([[3, 6, 1.0]])
        );
        assert_eq!(v["attributes"]["mtlint__score"][0][1], 10);
    }
}
