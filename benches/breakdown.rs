//! Where the time goes: Document passes and each default rule, timed once on
//! a file (default: the 8 MiB sample of the benchmark corpus), windowed like
//! `Linter::check_source`. Not a criterion bench; run it by hand:
//!
//!     cargo bench --bench breakdown -- [FILE]
use mtlint::text::{quotes, sentences, tokens};
use mtlint::{Document, Source};
use std::time::{Duration, Instant};

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "/work/bench-corpus/sample-8MiB.txt".to_string());
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("breakdown: cannot read {path}; pass a file");
        return;
    };
    let linter = mtlint::Linter::new();
    let rules: Vec<_> = mtlint::registry()
        .into_iter()
        .filter(|r| r.meta().default_enabled)
        .collect();
    let mut passes: Vec<(&str, Duration)> = Vec::new();
    let mut per_rule = vec![Duration::ZERO; rules.len()];
    let mut add = |name: &'static str, d: Duration| match passes.iter_mut().find(|p| p.0 == name) {
        Some(p) => p.1 += d,
        None => passes.push((name, d)),
    };
    // One-time initialisation (phrase automata, regexes), timed apart so
    // the first window does not charge it to one rule.
    let t = Instant::now();
    let mut warm = Vec::new();
    let warm_doc = Document::new(Source::new("warm-up", b"Warm up. See also\n".to_vec()));
    for r in &rules {
        r.check(&warm_doc, &mut warm);
    }
    add("one-time init (rules on a tiny text)", t.elapsed());
    let total = Instant::now();
    let mut windows = Vec::new();
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        let cut = rest
            .iter()
            .skip(1 << 20)
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| (1 << 20) + i + 1);
        windows.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    for chunk in windows {
        let t = Instant::now();
        let source = Source::new(path.clone(), chunk.to_vec());
        add("Source::new", t.elapsed());
        let text = source.text.clone();
        let t = Instant::now();
        let toks = tokens::tokenize(&text);
        add("tokenize", t.elapsed());
        let t = Instant::now();
        let reference = tokens::tokenize_uax29(&text);
        add("tokenize_uax29 (reference)", t.elapsed());
        assert!(toks == reference, "fast tokenizer differs from UAX #29");
        let t = Instant::now();
        let _ = sentences::split_sentences(&text, &toks);
        add("sentences", t.elapsed());
        let t = Instant::now();
        let _ = quotes::find_quotes(&text);
        add("quotes", t.elapsed());
        let t = Instant::now();
        let doc = Document::new(source);
        add("Document::new", t.elapsed());
        let t = Instant::now();
        let _ = doc.word_count("the");
        add("word_counts (lazy)", t.elapsed());
        let mut out = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            out.clear();
            let t = Instant::now();
            r.check(&doc, &mut out);
            per_rule[i] += t.elapsed();
        }
    }
    let all = total.elapsed();
    let t = Instant::now();
    let n = linter
        .check_source(Source::new(path.clone(), bytes.clone()))
        .diagnostics
        .len();
    let check = t.elapsed();
    let mb = bytes.len() as f64 / 1e6;
    println!("{path}: {mb:.1} MB; check_source {check:.2?} ({:.1} MB/s, {n} findings); breakdown total {all:.2?}", mb / check.as_secs_f64());
    for (name, d) in passes {
        println!(
            "  {name:<28} {d:>10.2?}  {:>7.1} MB/s",
            mb / d.as_secs_f64()
        );
    }
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(per_rule[i]));
    for i in order {
        let d = per_rule[i];
        println!(
            "  {:<28} {d:>10.2?}  {:>7.1} MB/s",
            rules[i].meta().name,
            mb / d.as_secs_f64()
        );
    }
}
