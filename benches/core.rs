//! Criterion micro-benchmarks: the tokenizer, `Document::new`, the full
//! default rule set and name clustering.
//!
//!     cargo bench --bench core [-- FILTER]
//!
//! The text is `$MTLINT_BENCH_FILE`, else the 1 MiB sample of the benchmark
//! corpus (`benches/bench.sh`), else the seed texts repeated to 1 MiB.
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use mtlint::names::{check_names, Glossary};
use mtlint::text::tokens;
use mtlint::{Document, Linter, Source};
use std::hint::black_box;
use std::time::Duration;

fn sample() -> String {
    let candidates = [
        std::env::var("MTLINT_BENCH_FILE").unwrap_or_default(),
        "/work/bench-corpus/sample-1MiB.txt".to_string(),
        "target/bench-corpus/sample-1MiB.txt".to_string(),
    ];
    for path in candidates.iter().filter(|p| !p.is_empty()) {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
    }
    let mut seeds = String::new();
    if let Ok(dir) = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")) {
        for entry in dir.flatten() {
            seeds.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
            seeds.push_str("\n\n");
        }
    }
    if seeds.trim().is_empty() {
        seeds = "The committee met on Tuesday and agreed the plan.\n\n".to_string();
    }
    seeds.repeat((1 << 20) / seeds.len() + 1)
}

/// `n` distinct capitalised pseudo-names, twelve to a line.
fn random_names(n: usize) -> String {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (consonants, vowels) = (b"bcdfghklmnprstvz", b"aeiou");
    let mut out = String::with_capacity(n * 10);
    for i in 0..n {
        for j in 0..3 + (next() % 3) as usize {
            let c = consonants[(next() % 16) as usize];
            out.push(if j == 0 { c.to_ascii_uppercase() } else { c } as char);
            out.push(vowels[(next() % 5) as usize] as char);
        }
        out.push_str(if i % 12 == 11 { ".\n" } else { " " });
    }
    out
}

fn benches(c: &mut Criterion) {
    let text = sample();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("tokenize", |b| {
        b.iter(|| tokens::tokenize(black_box(&text)))
    });
    g.bench_function("tokenize_uax29", |b| {
        b.iter(|| tokens::tokenize_uax29(black_box(&text)))
    });
    g.bench_function("document_new", |b| {
        b.iter_batched(
            || Source::from_text("bench.txt", &text),
            Document::new,
            BatchSize::LargeInput,
        )
    });
    let linter = Linter::new();
    g.bench_function("check_default_rules", |b| {
        b.iter_batched(
            || Source::from_text("bench.txt", &text),
            |s| linter.check_source(s),
            BatchSize::LargeInput,
        )
    });
    g.finish();

    let names = random_names(100_000);
    let doc = Document::from_text(&names);
    let mut g = c.benchmark_group("names");
    g.throughput(Throughput::Bytes(names.len() as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("check_names_100k_distinct", |b| {
        b.iter(|| check_names(&[&doc], &Glossary::new()))
    });
    g.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
