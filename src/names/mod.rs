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
    pub fn from_map<'a>(entries: impl IntoIterator<Item = (&'a String, &'a Vec<String>)>) -> Glossary {
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
        table.add(file, &mentions(doc));
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

    let mut rejected: Vec<String> = Vec::new();
    for s in table.spellings() {
        if let Some(preferred) = glossary.preferred_for(&s.text) {
            rejected.push(s.text.clone());
            for o in &s.occurrences {
                out[o.file].push(
                    GLOSSARY_NAME
                        .diagnostic(o.span, format!("the glossary spells `{}` as `{preferred}`", s.text))
                        .with_fix(Fix::replace(Applicability::Unsafe, o.span, preferred)),
                );
            }
        }
    }
    if !rejected.is_empty() {
        table.remove(&rejected.iter().map(String::as_str).collect());
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

fn report_cluster(cluster: &Cluster, glossary: &Glossary, pooled: bool, names: &[&str], out: &mut [Vec<Diagnostic>]) {
    let spellings = &cluster.spellings;
    let listing = list_spellings(spellings);
    // A glossary's preferred spelling wins whatever the counts.
    let preferred = spellings.iter().position(|s| glossary.preferred.contains(&s.text));
    let top = spellings[0].count();
    let tied = preferred.is_none() && spellings.get(1).is_some_and(|s| s.count() == top);

    if tied {
        let counts: Vec<String> = spellings.iter().map(|s| format!("`{}` {}×", s.text, s.count())).collect();
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
                .filter_map(|(_, o)| o.occurrences.iter().find(|x| x.file == first.file).map(|x| (o, x)));
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
        let files: Vec<&str> = dominant.per_file().iter().map(|(f, _)| names.get(*f).copied().unwrap_or("?")).collect();
        format!(
            "{listing} look like one name; the checked files mostly write `{}` ({}×, in {})",
            dominant.text,
            dominant.count(),
            join_and(&files)
        )
    } else {
        format!("{listing} look like one name; this text mostly writes `{}` ({}×)", dominant.text, dominant.count())
    };
    for (i, s) in spellings.iter().enumerate() {
        if i == dominant_idx {
            continue;
        }
        for occ in &s.occurrences {
            let mut d = NAME_VARIANT
                .diagnostic(occ.span, message.clone())
                .with_fix(Fix::replace(Applicability::Unsafe, occ.span, dominant.text.clone()));
            let mut labels = 0;
            for x in dominant.occurrences.iter().filter(|x| x.file == occ.file).take(MAX_LABELS) {
                d = d.with_label(x.span, format!("spelled `{}` here", dominant.text));
                labels += 1;
            }
            for (j, o) in spellings.iter().enumerate() {
                if j == dominant_idx || labels >= MAX_LABELS {
                    continue;
                }
                if let Some(x) = o.occurrences.iter().find(|x| x.file == occ.file && x.span != occ.span) {
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
        let width = spellings.iter().map(|s| s.text.chars().count()).max().unwrap_or(0);
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
        let clustered: HashSet<&str> = clusters.iter().flat_map(|c| c.spellings.iter().map(|s| s.text.as_str())).collect();
        let mut singles: Vec<Spelling> = table
            .spellings()
            .iter()
            .filter(|s| !s.compound && !clustered.contains(s.text.as_str()))
            .cloned()
            .collect();
        singles.sort_by(|a, b| b.count().cmp(&a.count()).then_with(|| a.text.cmp(&b.text)));
        rows.extend(singles.into_iter().map(|s| vec![s]));
    }
    rows
}

/// Spans of a cluster's spellings in one file, for callers that render
/// their own output.
pub fn spans_in_file(spelling: &Spelling, file: usize) -> Vec<Span> {
    spelling.occurrences.iter().filter(|o| o.file == file).map(|o| o.span).collect()
}
