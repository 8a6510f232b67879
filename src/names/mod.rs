//! Name-spelling drift: one proper name written several ways in a text (or
//! a set of texts), as machine translation through different pivot
//! languages and romanisations leaves it (`Riabkov`/`Ryakov`/`Ryakhkov`).
//! Mentions come from the shared tokens; clustering buckets spellings by
//! keys, never comparing all pairs, so it stays linear in the text.

pub mod cluster;
pub mod key;
pub mod mentions;

pub use cluster::{Cluster, NameTable, Occurrence, Spelling};
pub use mentions::{mentions, Joiner, Mention, NamePart, PartKind};

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rules::glossary_name::GLOSSARY_NAME;
use crate::rules::name_variant::NAME_VARIANT;
use crate::source::Span;
use crate::text::Document;
use std::collections::{HashMap, HashSet};

/// Most secondary labels on one finding.
const MAX_LABELS: usize = 5;

/// Preferred spellings and the variants always flagged for them, from the
/// `[names]` table of the configuration: `Ryabkov = ["Riabkov", "Ryakov"]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Glossary {
    /// Variant spelling → preferred spelling.
    variants: HashMap<String, String>,
    preferred: HashSet<String>,
}

impl Glossary {
    pub fn new() -> Glossary {
        Glossary::default()
    }

    /// Adds a preferred spelling and its variants. A variant equal to the
    /// preferred spelling is ignored.
    pub fn add(&mut self, preferred: &str, variants: &[&str]) -> &mut Glossary {
        self.preferred.insert(preferred.to_owned());
        for v in variants {
            if *v != preferred {
                self.variants.insert((*v).to_owned(), preferred.to_owned());
            }
        }
        self
    }

    /// Builds a glossary from `preferred → variants` pairs (the shape of a
    /// deserialized `[names]` table).
    pub fn from_map<'a>(
        entries: impl IntoIterator<Item = (&'a String, &'a Vec<String>)>,
    ) -> Glossary {
        let mut g = Glossary::new();
        for (preferred, variants) in entries {
            let vs: Vec<&str> = variants.iter().map(String::as_str).collect();
            g.add(preferred, &vs);
        }
        g
    }

    pub fn is_empty(&self) -> bool {
        self.variants.is_empty()
    }

    /// The preferred spelling for a variant, if the glossary lists it.
    pub fn preferred_for(&self, variant: &str) -> Option<&str> {
        self.variants.get(variant).map(String::as_str)
    }
}

/// The name table of several documents (file ids are their indices).
pub fn name_table(docs: &[&Document]) -> NameTable {
    let mut table = NameTable::new();
    for (file, doc) in docs.iter().enumerate() {
        // Every name part but those starting with a non-ASCII letter holds
        // a capital.
        table.reserve(doc.words_with_capital().len());
        mentions::for_each_mention(doc, |_, parts| table.add_parts(file, parts));
    }
    table
}

/// Checks name spellings. With one document, that document alone; with
/// several, mentions are pooled so file A's `Zelensky` meets file B's
/// `Zelenskyy`. Returns one list of findings per document, in order:
/// `name-variant` (MT050) for drift and `glossary-name` (MT051) for
/// spellings the glossary rejects.
pub fn check_names(docs: &[&Document], glossary: &Glossary) -> Vec<Vec<Diagnostic>> {
    let mut out: Vec<Vec<Diagnostic>> = vec![Vec::new(); docs.len()];
    let mut table = name_table(docs);
    let names: Vec<&str> = docs.iter().map(|d| d.source.name.as_str()).collect();

    if !glossary.is_empty() {
        let ids: Vec<usize> = table
            .texts()
            .enumerate()
            .filter(|(_, text)| glossary.preferred_for(text).is_some())
            .map(|(id, _)| id)
            .collect();
        let rejected = table.spellings_of(&ids);
        for s in &rejected {
            let Some(preferred) = glossary.preferred_for(&s.text) else {
                continue;
            };
            for o in &s.occurrences {
                out[o.file].push(
                    GLOSSARY_NAME
                        .diagnostic(
                            o.span,
                            format!("the glossary spells `{}` as `{preferred}`", s.text),
                        )
                        .with_fix(Fix::replace(
                            Applicability::Unsafe,
                            o.span,
                            preferred.to_owned(),
                        )),
                );
            }
        }
        if !rejected.is_empty() {
            table.remove(&rejected.iter().map(|s| s.text.as_str()).collect());
        }
    }

    let pooled = docs.len() > 1;
    for cluster in table.clusters() {
        report_cluster(&cluster, glossary, pooled, &names, &mut out);
    }
    for findings in &mut out {
        findings.sort_by_key(|d| (d.span.start, d.span.end));
    }
    out
}

fn report_cluster(
    cluster: &Cluster,
    glossary: &Glossary,
    pooled: bool,
    names: &[&str],
    out: &mut [Vec<Diagnostic>],
) {
    let spellings = &cluster.spellings;
    let listing = list_spellings(spellings);
    // A glossary's preferred spelling wins whatever the counts.
    let preferred = spellings
        .iter()
        .position(|s| glossary.preferred.contains(&s.text));
    let top = spellings[0].count();
    let tied = preferred.is_none() && spellings.get(1).is_some_and(|s| s.count() == top);

    if tied {
        let counts: Vec<String> = spellings
            .iter()
            .map(|s| format!("`{}` {}×", s.text, s.count()))
            .collect();
        let message = format!(
            "{listing} look like one name; no spelling dominates ({})",
            join_and(&counts)
        );
        for (i, s) in spellings.iter().enumerate() {
            let Some(first) = s.occurrences.first() else {
                continue;
            };
            let mut d = NAME_VARIANT.diagnostic(first.span, message.clone());
            let others = spellings
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, o)| {
                    o.occurrences
                        .iter()
                        .find(|x| x.file == first.file)
                        .map(|x| (o, x))
                });
            for (o, x) in others.take(MAX_LABELS) {
                d = d.with_label(x.span, format!("spelled `{}` here", o.text));
            }
            out[first.file].push(d);
        }
        return;
    }

    let dominant_idx = preferred.unwrap_or(0);
    let dominant = &spellings[dominant_idx];
    let message = if pooled {
        let files: Vec<&str> = dominant
            .per_file()
            .iter()
            .map(|(f, _)| names.get(*f).copied().unwrap_or("?"))
            .collect();
        format!(
            "{listing} look like one name; the checked files mostly write `{}` ({}×, in {})",
            dominant.text,
            dominant.count(),
            join_and(&files)
        )
    } else {
        format!(
            "{listing} look like one name; this text mostly writes `{}` ({}×)",
            dominant.text,
            dominant.count()
        )
    };
    for (i, s) in spellings.iter().enumerate() {
        if i == dominant_idx {
            continue;
        }
        for occ in &s.occurrences {
            let mut d = NAME_VARIANT
                .diagnostic(occ.span, message.clone())
                .with_fix(Fix::replace(
                    Applicability::Unsafe,
                    occ.span,
                    dominant.text.clone(),
                ));
            let mut labels = 0;
            for x in dominant
                .occurrences
                .iter()
                .filter(|x| x.file == occ.file)
                .take(MAX_LABELS)
            {
                d = d.with_label(x.span, format!("spelled `{}` here", dominant.text));
                labels += 1;
            }
            for (j, o) in spellings.iter().enumerate() {
                if j == dominant_idx || labels >= MAX_LABELS {
                    continue;
                }
                if let Some(x) = o
                    .occurrences
                    .iter()
                    .find(|x| x.file == occ.file && x.span != occ.span)
                {
                    d = d.with_label(x.span, format!("spelled `{}` here", o.text));
                    labels += 1;
                }
            }
            out[occ.file].push(d);
        }
    }
}

fn list_spellings(spellings: &[Spelling]) -> String {
    let quoted: Vec<String> = spellings.iter().map(|s| format!("`{}`", s.text)).collect();
    join_and(&quoted)
}

/// `a`, `a and b`, `a, b and c`.
fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", head.join(", "), last.as_ref())
        }
    }
}

/// The name table as text for `mtlint names`: each cluster of variant
/// spellings, each spelling with its count per file. With `all`, names
/// written one way only are listed too (the start of a glossary).
pub fn name_table_text(table: &NameTable, files: &[&str], all: bool) -> String {
    let mut out = String::new();
    for spellings in table_rows(table, all) {
        let width = spellings
            .iter()
            .map(|s| s.text.chars().count())
            .max()
            .unwrap_or(0);
        let head: Vec<&str> = spellings.iter().map(|s| s.text.as_str()).collect();
        out.push_str(&head.join(" / "));
        out.push('\n');
        for s in &spellings {
            let per_file: Vec<String> = s
                .per_file()
                .iter()
                .map(|(f, n)| format!("{}: {n}", files.get(*f).copied().unwrap_or("?")))
                .collect();
            out.push_str(&format!(
                "  {:<width$}  {:>4}×  {}\n",
                s.text,
                s.count(),
                per_file.join(", "),
                width = width
            ));
        }
        out.push('\n');
    }
    out
}

/// The name table as JSON: `{"clusters": [{"spellings": [{"text", "count",
/// "files": [{"file", "count", "spans": [[start, end], ...]}]}]}]}`.
pub fn name_table_json(table: &NameTable, files: &[&str], all: bool) -> serde_json::Value {
    let clusters: Vec<serde_json::Value> = table_rows(table, all)
        .iter()
        .map(|spellings| {
            let spellings: Vec<serde_json::Value> = spellings
                .iter()
                .map(|s| {
                    let files: Vec<serde_json::Value> = s
                        .per_file()
                        .iter()
                        .map(|(f, n)| {
                            let spans: Vec<[usize; 2]> = s
                                .occurrences
                                .iter()
                                .filter(|o| o.file == *f)
                                .map(|o| [o.span.start, o.span.end])
                                .collect();
                            serde_json::json!({
                                "file": files.get(*f).copied().unwrap_or("?"),
                                "count": n,
                                "spans": spans,
                            })
                        })
                        .collect();
                    serde_json::json!({ "text": s.text, "count": s.count(), "files": files })
                })
                .collect();
            serde_json::json!({ "spellings": spellings })
        })
        .collect();
    serde_json::json!({ "clusters": clusters })
}

/// Clusters first, then (with `all`) every other single-word spelling.
fn table_rows(table: &NameTable, all: bool) -> Vec<Vec<Spelling>> {
    let clusters = table.clusters();
    let mut rows: Vec<Vec<Spelling>> = clusters.iter().map(|c| c.spellings.clone()).collect();
    if all {
        let clustered: HashSet<&str> = clusters
            .iter()
            .flat_map(|c| c.spellings.iter().map(|s| s.text.as_str()))
            .collect();
        let mut singles: Vec<Spelling> = table
            .spellings()
            .into_iter()
            .filter(|s| !s.compound && !clustered.contains(s.text.as_str()))
            .collect();
        singles.sort_by(|a, b| b.count().cmp(&a.count()).then_with(|| a.text.cmp(&b.text)));
        rows.extend(singles.into_iter().map(|s| vec![s]));
    }
    rows
}

/// Spans of a cluster's spellings in one file, for callers that render
/// their own output.
pub fn spans_in_file(spelling: &Spelling, file: usize) -> Vec<Span> {
    spelling
        .occurrences
        .iter()
        .filter(|o| o.file == file)
        .map(|o| o.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(findings: &[Diagnostic], text: &str) -> Vec<String> {
        findings
            .iter()
            .map(|d| text[d.span.range()].to_owned())
            .collect()
    }

    #[test]
    fn seed_003_flags_both_corruptions_of_riabkov() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/003_bdfe5bcd94cda810.txt"
        );
        let Ok(bytes) = std::fs::read(path) else {
            return; // seeds are not shipped in the package
        };
        let doc = Document::new(crate::Source::new("003.txt", bytes));
        let found = check_names(&[&doc], &Glossary::new()).remove(0);
        let text = doc.text();
        assert_eq!(texts(&found, text), ["Ryakov", "Ryakhkov"]);
        for d in &found {
            let labels: Vec<&str> = d.labels.iter().map(|l| &text[l.span.range()]).collect();
            assert_eq!(&labels[..3], ["Riabkov", "Riabkov", "Riabkov"]);
            assert_eq!(
                d.fix.as_ref().map(|f| f.edits[0].replacement.as_ref()),
                Some("Riabkov")
            );
        }
    }

    #[test]
    fn seeds_flag_nothing_else() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut total = 0;
        for e in entries.flatten() {
            let Ok(bytes) = std::fs::read(e.path()) else {
                continue;
            };
            let doc = Document::new(crate::Source::new("seed", bytes));
            total += check_names(&[&doc], &Glossary::new())[0].len();
        }
        assert!(total <= 2, "{total} name findings in seeds/");
    }

    #[test]
    fn dmitri_is_consistent_within_one_text() {
        let a = Document::from_text("Kremlin spokesman Dmitri Peskov said. Dmitri Peskov added.");
        let b = Document::from_text("Dmitry Peskov said. Dmitry Peskov added.");
        assert!(check_names(&[&a], &Glossary::new())[0].is_empty());
        assert!(check_names(&[&b], &Glossary::new())[0].is_empty());
        // Pooled, the two texts disagree.
        let pooled = check_names(&[&a, &b], &Glossary::new());
        assert_eq!(pooled[0].len() + pooled[1].len(), 2, "{pooled:#?}");
    }

    #[test]
    fn pools_across_documents() {
        let a = Document::new(crate::Source::from_text(
            "a.txt",
            "President Zelensky spoke in Kyiv.",
        ));
        let b = Document::new(crate::Source::from_text(
            "b.txt",
            "President Zelenskyy spoke. Zelenskyy left. Zelenskyy returned.",
        ));
        assert!(check_names(&[&a], &Glossary::new())[0].is_empty());
        let found = check_names(&[&a, &b], &Glossary::new());
        assert_eq!(texts(&found[0], a.text()), ["Zelensky"]);
        assert!(found[1].is_empty());
        assert!(
            found[0][0]
                .message
                .contains("the checked files mostly write `Zelenskyy` (3×, in b.txt)"),
            "{}",
            found[0][0].message
        );
        assert_eq!(
            found[0][0]
                .fix
                .as_ref()
                .map(|f| f.edits[0].replacement.as_ref()),
            Some("Zelenskyy")
        );
    }

    #[test]
    fn glossary_flags_variants_and_suppresses_their_drift_finding() {
        let mut g = Glossary::new();
        g.add("Ryabkov", &["Riabkov", "Ryakhkov", "Ryakov"]);
        let text = "Sergei Riabkov said. Riabkov left. Riabkov came. Sergei Ryakov added.";
        let doc = Document::from_text(text);
        let found = check_names(&[&doc], &g).remove(0);
        assert_eq!(
            texts(&found, text),
            ["Riabkov", "Riabkov", "Riabkov", "Ryakov"]
        );
        assert!(found.iter().all(|d| d.code() == "MT051"));
        assert!(found.iter().all(|d| d
            .fix
            .as_ref()
            .is_some_and(|f| f.edits[0].replacement == "Ryabkov")));
    }

    #[test]
    fn glossary_preferred_spelling_is_the_fix_target() {
        let mut g = Glossary::new();
        g.add("Zelenskyy", &[]);
        let text = "Zelensky spoke. Zelensky left. Zelenskyy came.";
        let found = check_names(&[&Document::from_text(text)], &g).remove(0);
        assert_eq!(texts(&found, text), ["Zelensky", "Zelensky"]);
    }

    #[test]
    fn name_table_renders_text_and_json() {
        let doc = Document::from_text("Sergei Riabkov. Riabkov. Riabkov. Sergei Ryakov.");
        let table = name_table(&[&doc]);
        let text = name_table_text(&table, &["003.txt"], false);
        assert_eq!(
            text,
            "Riabkov / Ryakov\n  Riabkov     3×  003.txt: 3\n  Ryakov      1×  003.txt: 1\n\n"
        );
        let json = name_table_json(&table, &["003.txt"], false);
        assert_eq!(json["clusters"][0]["spellings"][1]["text"], "Ryakov");
        assert_eq!(json["clusters"][0]["spellings"][0]["files"][0]["count"], 3);
        let all = name_table_text(&table, &["003.txt"], true);
        assert!(all.contains("\nSergei\n  Sergei  "), "{all}");
    }

    /// `n` distinct random capitalised tokens (not words), space separated.
    fn random_names(n: usize) -> String {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let consonants = b"bcdfghklmnprstvz";
        let vowels = b"aeiou";
        let mut out = String::with_capacity(n * 10);
        for i in 0..n {
            let len = 3 + (next() % 3) as usize;
            let mut word = String::new();
            for j in 0..len {
                word.push(consonants[(next() % 16) as usize] as char);
                word.push(vowels[(next() % 5) as usize] as char);
                if j == 0 {
                    word = word.to_uppercase();
                }
            }
            out.push_str(&word);
            out.push_str(if i % 12 == 11 { ".\n" } else { " " });
        }
        out
    }

    #[test]
    fn clusters_many_distinct_names_without_all_pairs() {
        let mut text = random_names(100_000);
        text.push_str("Sergei Riabkov. Riabkov. Riabkov. Sergei Ryakov.\n");
        let doc = Document::from_text(&text);
        let found = check_names(&[&doc], &Glossary::new()).remove(0);
        // Random syllable names collide now and then; the planted variant is found.
        assert!(texts(&found, &text).contains(&"Ryakov".to_owned()));
        assert!(
            found.len() < 200,
            "{} findings on random names",
            found.len()
        );
    }

    #[test]
    #[ignore = "timing: run with --ignored --nocapture"]
    #[allow(clippy::print_stderr)] // the point of this test is the printed time
    fn times_100k_distinct_names() {
        // Near-linear: time per MB stays flat as the number of names grows.
        for n in [25_000, 50_000, 100_000] {
            let text = random_names(n);
            let doc = Document::from_text(&text);
            let start = std::time::Instant::now();
            let found = check_names(&[&doc], &Glossary::new());
            let secs = start.elapsed().as_secs_f64();
            let mb = text.len() as f64 / 1e6;
            eprintln!(
                "{n} names, {mb:.2} MB, {} findings: {secs:.3}s = {:.3}s/MB",
                found[0].len(),
                secs / mb
            );
        }
    }
}
