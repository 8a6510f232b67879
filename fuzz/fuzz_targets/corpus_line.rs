//! Arbitrary JSONL through corpus mode, in every emit mode: no panic, never a
//! fatal error outside strict mode, every output line valid JSON, one result
//! per well-formed record, and result spans inside the record's text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::corpus::{run, CorpusOptions, CorpusStats, Emit};
use mtlint::Linter;
use serde_json::Value;
use std::sync::LazyLock;

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::new);

fuzz_target!(|data: &[u8]| {
    for emit in [Emit::Results, Emit::Attributes, Emit::Input] {
        let opts = CorpusOptions {
            emit,
            batch: 3,
            ..CorpusOptions::default()
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut stats = CorpusStats::default();
        run(
            &LINTER,
            "fuzz.jsonl",
            data,
            &mut out,
            &mut err,
            &opts,
            &mut stats,
        )
        .expect("corpus mode never fails outside strict mode on in-memory I/O");
        assert_eq!(stats.kept, stats.records);
        let out = String::from_utf8(out).expect("output is UTF-8");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len() as u64, stats.kept);
        if emit == Emit::Input {
            continue;
        }
        for line in lines {
            let v: Value = serde_json::from_str(line).expect("every output line is JSON");
            assert!(v.get("id").is_some());
        }
    }
    // Single-record form: result spans lie in the text on char boundaries.
    if let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(data) {
        if let Some(text) = obj.get("text").and_then(Value::as_str) {
            let opts = CorpusOptions::default();
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let mut stats = CorpusStats::default();
            let line = serde_json::to_vec(&obj).expect("serialise");
            run(
                &LINTER,
                "one.jsonl",
                &line[..],
                &mut out,
                &mut err,
                &opts,
                &mut stats,
            )
            .expect("no failure");
            let v: Value = serde_json::from_slice(&out).expect("one JSON line");
            for s in v["spans"].as_array().expect("spans") {
                let (a, b) = (
                    s[0].as_u64().expect("start") as usize,
                    s[1].as_u64().expect("end") as usize,
                );
                assert!(
                    a <= b
                        && b <= text.len()
                        && text.is_char_boundary(a)
                        && text.is_char_boundary(b)
                );
            }
        }
    }
});
