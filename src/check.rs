//! Checking many inputs at once: read each, skip binaries, lint in parallel
//! (on the current rayon pool), and return the results sorted by path so the
//! output never depends on thread timing.

use crate::error::Error;
use crate::report::{self, Format, Piece, ReportWriter};
use crate::source::{Source, TextOwner};
use crate::walk::{self, Selection};
use crate::workspace::{Checker, Workspace};
use crate::{looks_binary, Diagnostic, FileReport, Severity};
use rayon::prelude::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One thing to check.
#[derive(Clone, Debug)]
pub enum Input {
    /// A file on disk, displayed as its path.
    File(PathBuf),
    /// Standard input, displayed as `name`.
    Stdin { name: String },
    /// Bytes already in memory (an editor buffer, a test).
    Memory { name: String, bytes: Vec<u8> },
}

impl Input {
    /// The name findings are reported under.
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin { name } | Input::Memory { name, .. } => name.clone(),
        }
    }
}

/// The display name of standard input when `--stdin-filename` is not given.
pub const STDIN_NAME: &str = "<stdin>";

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome {
    Checked(FileReport),
    /// Looked binary (a NUL byte in the first 8 KiB); not checked.
    SkippedBinary,
    /// Could not be read.
    Failed(Error),
}

/// One input's result, under its display name.
#[derive(Debug)]
pub struct InputResult {
    pub name: String,
    pub outcome: Outcome,
}

/// The inputs named on a command line: `-` is standard input (once), files
/// are taken as named, directories are walked with `selection`. Paths that
/// cannot be found or walked come back as errors beside the inputs.
pub fn collect_inputs(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    selection: &Selection,
) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut on_disk = Vec::new();
    let mut stdin_seen = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if !stdin_seen {
                stdin_seen = true;
                inputs.push(Input::Stdin {
                    name: stdin_name.unwrap_or(STDIN_NAME).to_owned(),
                });
            }
        } else {
            on_disk.push(path.clone());
        }
    }
    let (files, errors) = walk::discover(&on_disk, selection);
    inputs.extend(files.into_iter().map(Input::File));
    (inputs, errors)
}

/// Reads and checks every input in parallel. Results are sorted by name
/// (path order, component by component); findings within a file are sorted
/// by offset already.
pub fn run_check(checker: &Checker, inputs: Vec<Input>) -> Vec<InputResult> {
    let mut results: Vec<InputResult> = inputs
        .into_par_iter()
        .map(|input| {
            let name = input.name();
            // The path decides how the input is parsed (e.g. Markdown).
            let path = match &input {
                Input::File(p) => Some(p.clone()),
                Input::Stdin { name } if name == STDIN_NAME => None,
                Input::Stdin { name } | Input::Memory { name, .. } => Some(PathBuf::from(name)),
            };
            let outcome = read_and_check(checker, &name, path.as_deref(), input);
            InputResult { name, outcome }
        })
        .collect();
    sort_by_name(&mut results);
    results
}

/// Reads `input` and checks it, unless it is unreadable or looks binary.
fn read_and_check(checker: &Checker, name: &str, path: Option<&Path>, input: Input) -> Outcome {
    match read_input(input) {
        Ok(bytes) if looks_binary(&bytes) => Outcome::SkippedBinary,
        Ok(bytes) => Outcome::Checked(checker.check_bytes(name, path, bytes)),
        Err(e) => Outcome::Failed(e),
    }
}

/// Report order: by path (component-wise, so `a/b` sorts before `a-b`),
/// then by the name as written.
fn sort_by_name(results: &mut [InputResult]) {
    results.sort_by(|a, b| by_name(&a.name, &b.name));
}

fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    Path::new(a).cmp(Path::new(b)).then(a.cmp(b))
}

/// Like [`run_check`], each input checked by the [`Checker`] its
/// configuration gives (standard input: the working directory's, with
/// `--stdin-filename` deciding overrides and Markdown).
///
/// [`Checker`]: crate::workspace::Checker
pub fn run_check_in(ws: &Workspace, inputs: Vec<Input>) -> Vec<InputResult> {
    run_check_mapped(ws, inputs, None)
}

/// Opens a file as text held in place instead of read into memory (the
/// binary memory-maps files; the library itself has no `unsafe`). The
/// owner is dropped (the file unmapped) with the file's report: a streamed
/// check holds only the files it has not written yet.
/// `None` means: read the file as usual (too small, not UTF-8, looks
/// binary, or mapping failed), so every error is still reported by the
/// normal read.
pub type MapFile = dyn Fn(&Path) -> Option<TextOwner> + Sync;

/// [`run_check_in`], with files that `map` opens checked in place instead
/// of read.
pub fn run_check_mapped(
    ws: &Workspace,
    inputs: Vec<Input>,
    map: Option<&MapFile>,
) -> Vec<InputResult> {
    let mut results: Vec<InputResult> = inputs
        .into_par_iter()
        .map(|input| check_input(ws, input, map))
        .collect();
    sort_by_name(&mut results);
    results
}

/// Reads and checks one input with the [`Checker`] its configuration
/// gives.
///
/// [`Checker`]: crate::workspace::Checker
fn check_input(ws: &Workspace, input: Input, map: Option<&MapFile>) -> InputResult {
    let name = input.name();
    let path = input_path(&input);
    let outcome = match ws.checker_for(path.as_deref()) {
        Err(e) => Outcome::Failed(e),
        Ok(checker) => {
            let abs = path.map(|p| ws.absolute(&p));
            let mapped = match (&input, map) {
                (Input::File(p), Some(map)) => map(p),
                _ => None,
            };
            match mapped {
                Some(text) => Outcome::Checked(
                    checker.check_source(Source::from_shared(name.clone(), text), abs.as_deref()),
                ),
                None => read_and_check(&checker, &name, abs.as_deref(), input),
            }
        }
    };
    InputResult { name, outcome }
}

/// How [`check_streamed`] writes.
#[derive(Clone, Copy, Debug)]
pub struct StreamOptions {
    /// Any format but SARIF (see [`ReportWriter::new`]).
    ///
    /// [`ReportWriter::new`]: crate::report::ReportWriter::new
    pub format: Format,
    /// Only for `human`.
    pub color: bool,
    /// Findings at or above this level are counted in [`Tally::failing`].
    pub fail_on: Severity,
    /// At most this many inputs are being checked or wait to be written.
    pub window: usize,
    /// Beyond one input a thread and one more, an input is started only
    /// while that many plus one, each holding as much memory as the
    /// heaviest so far (its findings, or its rendered output, and its
    /// text), stay within this many bytes ([`STREAM_WEIGHT`]; see
    /// [`Limit`]).
    ///
    /// [`Limit`]: crate::ordered::Limit
    pub weight: usize,
    /// Files with at least this many findings are not rendered on a worker
    /// but written straight from their report by the writing thread
    /// ([`WRITE_DIRECT`]).
    pub write_direct: usize,
}

/// What [`check_streamed`] counted over the files it wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub totals: Totals,
    /// Findings at or above [`StreamOptions::fail_on`].
    pub failing: usize,
}

/// The [`StreamOptions::write_direct`] `check` uses: rendered apart, the
/// text of a file with very many findings would take about twice the
/// memory of its report (`jsonl`: about 350 bytes a finding) and be held
/// whole.
pub const WRITE_DIRECT: usize = 1 << 16;

/// The [`StreamOptions::weight`] `check` uses. Light files (a 1 MiB file
/// with a few hundred findings holds about 1.1 MB) keep the whole window;
/// on 160 copies of a 390 KB file with 110k findings each (11.8 MB held
/// each), two threads hold three files instead of eight.
pub const STREAM_WEIGHT: usize = 32 << 20;

impl Streamed {
    /// About how much memory this holds: the text of a report written
    /// directly and its findings, or the rendered output.
    fn weight(&self) -> usize {
        match self {
            Streamed::Written {
                piece: Ok(Piece::Text(text)),
                ..
            } => text.len(),
            Streamed::Direct { report, .. } => {
                report.source.text.len()
                    + report.diagnostics.capacity() * std::mem::size_of::<Diagnostic>()
            }
            _ => 0,
        }
    }
}

/// One input's share of a streamed check, made on a worker.
enum Streamed {
    Written {
        piece: std::io::Result<Piece>,
        tally: Tally,
    },
    /// Very many findings (see [`StreamOptions::write_direct`]), made on
    /// the pool's thread `made_on`.
    Direct {
        report: FileReport,
        tally: Tally,
        made_on: Option<usize>,
    },
    /// Skipped or failed: the caller is told.
    NotChecked(InputResult),
}

/// Checks `inputs` in parallel (on the current rayon pool) and writes each
/// file's findings to `out` as soon as it and every file before it are done,
/// in the order [`run_check_mapped`] returns them, byte for byte what
/// [`write_reports`] writes for those results. At most
/// [`StreamOptions::window`] inputs are held at once, so memory does not
/// grow with the number of files. Each input that is skipped or fails is
/// handed to `note` in its place in that order, after `out` is flushed (so
/// messages on standard error interleave with the output in order). `tally`
/// counts what was written, also when writing fails; then no further input
/// is started, and the error is returned.
///
/// Call from outside the rayon pool (see [`ordered`]).
///
/// [`write_reports`]: crate::report::write_reports
/// [`ordered`]: crate::ordered::ordered
pub fn check_streamed(
    ws: &Workspace,
    inputs: Vec<Input>,
    map: Option<&MapFile>,
    opts: &StreamOptions,
    out: &mut dyn Write,
    note: &mut dyn FnMut(&InputResult),
    tally: &mut Tally,
) -> std::io::Result<()> {
    let Some(mut writer) = ReportWriter::new(opts.format) else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "SARIF cannot be streamed",
        ));
    };
    let mut named: Vec<(String, Input)> = inputs.into_iter().map(|i| (i.name(), i)).collect();
    named.sort_by(|a, b| by_name(&a.0, &b.0));
    // Findings written by this thread, handed back to the worker that
    // made them (by its index in the pool), which frees them when it
    // starts its next input: mimalloc frees fastest, and reuses memory
    // soonest, on the thread that allocated it. Freed here, 100k findings
    // took its slower cross-thread path (10% of checking `&amp;`×80,000);
    // freed on any worker, two threads over 160 copies of quotes.txt grew
    // from 132 to 188 MB peak RSS as freed memory piled up in the other
    // worker's heap.
    let returned: Arc<Returned> = Arc::new(
        (0..rayon::current_num_threads())
            .map(|_| Mutex::default())
            .collect(),
    );
    let check_one = |input: Input| match check_input(ws, input, map) {
        InputResult {
            outcome: Outcome::Checked(report),
            ..
        } => {
            let tally = Tally {
                totals: Totals::of([&report]),
                failing: report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity >= opts.fail_on)
                    .count(),
            };
            // `statistics` renders counts: nothing to write directly.
            if report.diagnostics.len() >= opts.write_direct && opts.format != Format::Statistics {
                let made_on = rayon::current_thread_index();
                return Streamed::Direct {
                    report,
                    tally,
                    made_on,
                };
            }
            let piece = report::render_file(opts.format, &report, opts.color);
            Streamed::Written { piece, tally }
        }
        other => Streamed::NotChecked(other),
    };
    let work = |(_, input): (String, Input)| {
        free_returned(&returned);
        check_one(input)
    };
    writer.begin(out)?;
    let limit = crate::ordered::Limit {
        items: opts.window,
        always: rayon::current_num_threads() + 1,
        weight: opts.weight,
    };
    let streamed =
        crate::ordered::ordered_weighed(named, &limit, work, Streamed::weight, |done| match done {
            Streamed::Written { piece, tally: t } => {
                tally.totals.add(&t.totals);
                tally.failing += t.failing;
                writer.file(out, piece?)
            }
            Streamed::Direct {
                report,
                tally: t,
                made_on,
            } => {
                tally.totals.add(&t.totals);
                tally.failing += t.failing;
                let written = writer.report(out, &report, opts.color);
                let FileReport {
                    source,
                    diagnostics,
                } = report;
                // The text goes now (a mapped file is unmapped): the window
                // bounds how many are held.
                drop(source);
                // The findings go back to their worker (see `returned`), unless
                // two already wait there: then they are freed here, so that
                // what waits stays bounded.
                if let Some(slot) = made_on.and_then(|i| returned.get(i)) {
                    let mut waiting = slot.lock().unwrap_or_else(|e| e.into_inner());
                    if waiting.len() < 2 {
                        waiting.push(diagnostics);
                    }
                }
                written
            }
            Streamed::NotChecked(result) => {
                out.flush()?;
                note(&result);
                Ok(())
            }
        });
    // What is still handed back is freed by its workers too, beside what
    // this thread does next (which, in the binary, is to exit).
    rayon::spawn_broadcast(move |_| free_returned(&returned));
    streamed?;
    writer.finish(out)
}

/// Findings handed back to the pool's workers, by thread index.
type Returned = Vec<Mutex<Vec<Vec<Diagnostic>>>>;

/// Frees what was handed back to the calling worker.
fn free_returned(returned: &Returned) {
    let slot = rayon::current_thread_index().and_then(|i| returned.get(i));
    if let Some(slot) = slot {
        let back = std::mem::take(&mut *slot.lock().unwrap_or_else(|e| e.into_inner()));
        drop(back);
    }
}

/// The path an input's configuration and overrides are looked up by:
/// the file, or the name given to standard input or a buffer.
pub fn input_path(input: &Input) -> Option<PathBuf> {
    match input {
        Input::File(p) => Some(p.clone()),
        Input::Stdin { name } | Input::Memory { name, .. } => {
            (name != STDIN_NAME).then(|| PathBuf::from(name))
        }
    }
}

/// Reads one input's bytes (standard input is read to the end).
pub fn read_input(input: Input) -> Result<Vec<u8>, Error> {
    match input {
        Input::File(path) => std::fs::read(&path).map_err(|source| Error::Io { path, source }),
        Input::Stdin { .. } => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Io {
                    path: PathBuf::from("-"),
                    source,
                })?;
            Ok(bytes)
        }
        Input::Memory { bytes, .. } => Ok(bytes),
    }
}

/// Counts of findings by severity, and of files checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

impl Totals {
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a FileReport>) -> Totals {
        let mut t = Totals::default();
        for r in reports {
            t.files += 1;
            for d in &r.diagnostics {
                match d.severity {
                    Severity::Error => t.errors += 1,
                    Severity::Warning => t.warnings += 1,
                    Severity::Info => t.infos += 1,
                }
            }
        }
        t
    }

    /// Adds the counts of `other`.
    pub fn add(&mut self, other: &Totals) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.files += other.files;
    }

    pub fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// `12 problems (1 error, 10 warnings, 1 info) in 5 files`.
    pub fn summary(&self) -> String {
        fn n(count: usize, one: &str, many: &str) -> String {
            format!("{count} {}", if count == 1 { one } else { many })
        }
        format!(
            "{} ({}, {}, {}) in {}",
            n(self.problems(), "problem", "problems"),
            n(self.errors, "error", "errors"),
            n(self.warnings, "warning", "warnings"),
            n(self.infos, "info", "infos"),
            n(self.files, "file", "files"),
        )
    }
}

/// Whether any finding is at or above `level`.
pub fn fails_at<'a>(reports: impl IntoIterator<Item = &'a FileReport>, level: Severity) -> bool {
    reports
        .into_iter()
        .any(|r| r.diagnostics.iter().any(|d| d.severity >= level))
}

/// Replaces each report's name-spelling findings by findings computed over
/// all the reports together (`--names-across-files`), so drift between files
/// is reported in each file that holds a minority spelling.
pub fn pool_names(
    ws: &Workspace,
    reports: &mut [(&str, &mut FileReport)],
    glossary: &crate::names::Glossary,
) {
    const NAME_RULES: [&str; 2] = ["name-variant", "glossary-name"];
    // Each file is read as its own check read it: Markdown masked, with its
    // suppression comments.
    let prepared: Vec<_> = reports
        .iter()
        .map(|(name, r)| {
            let path = (*name != "-").then(|| Path::new(*name));
            if path.is_some_and(crate::markdown::is_markdown) {
                crate::markdown::document(r.source.clone())
            } else {
                (crate::Document::new(r.source.clone()), Vec::new())
            }
        })
        .collect();
    let refs: Vec<&crate::Document> = prepared.iter().map(|(d, _)| d).collect();
    let pooled = crate::names::check_names(&refs, glossary);
    for (((name, report), found), (doc, suppressions)) in
        reports.iter_mut().zip(pooled).zip(&prepared)
    {
        let path = (*name != "-").then(|| Path::new(*name));
        let checker = ws.checker_for(path).ok();
        let linter = checker.as_ref().map(|c| c.linter_for(path));
        // The file's own levels decide: a rule turned off for it stays off,
        // and a changed severity applies to pooled findings too.
        let severity_of = |rule: &str| match &linter {
            Some(l) => l.rules().find(|(m, _)| m.name == rule).map(|(_, s)| s),
            None => crate::registry()
                .iter()
                .find(|r| r.meta().name == rule && r.meta().default_enabled)
                .map(|r| r.meta().severity),
        };
        let mut found: Vec<crate::Diagnostic> = found
            .into_iter()
            .filter(|d| !doc.is_masked(d.span))
            .filter_map(|mut d| {
                d.severity = severity_of(d.rule())?;
                Some(d)
            })
            .collect();
        crate::markdown::filter_suppressed(suppressions, &mut found);
        if let Some(c) = &checker {
            c.config().filter_ignored(&report.source.text, &mut found);
        }
        report
            .diagnostics
            .retain(|d| !NAME_RULES.contains(&d.rule()));
        report.diagnostics.extend(found);
        report.diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code()).cmp(&(b.span.start, b.span.end, b.code()))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_uses_singular_and_plural() {
        let t = Totals {
            errors: 1,
            warnings: 10,
            infos: 1,
            files: 5,
        };
        assert_eq!(
            t.summary(),
            "12 problems (1 error, 10 warnings, 1 info) in 5 files"
        );
        let one = Totals {
            errors: 0,
            warnings: 1,
            infos: 0,
            files: 1,
        };
        assert_eq!(
            one.summary(),
            "1 problem (0 errors, 1 warning, 0 infos) in 1 file"
        );
    }

    #[test]
    fn memory_inputs_are_checked_and_sorted() {
        let checker = Checker::for_dir(None);
        let results = run_check(
            &checker,
            vec![
                Input::Memory {
                    name: "b.txt".into(),
                    bytes: b"I I would.".to_vec(),
                },
                Input::Memory {
                    name: "a.txt".into(),
                    bytes: b"bin\0ary".to_vec(),
                },
            ],
        );
        assert_eq!(results[0].name, "a.txt");
        assert!(matches!(results[0].outcome, Outcome::SkippedBinary));
        match &results[1].outcome {
            Outcome::Checked(r) => {
                assert!(r.diagnostics.iter().any(|d| d.rule() == "repeated-word"))
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn mapped_files_are_checked_as_if_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = "So I I would.\n\nThe talks ended.\n".repeat(3);
        for name in ["a.txt", "b.txt"] {
            std::fs::write(dir.path().join(name), &text).expect("write");
        }
        let ws = Workspace::new(None).expect("workspace");
        let inputs = || {
            ["a.txt", "b.txt", "missing.txt"]
                .map(|n| Input::File(dir.path().join(n)))
                .to_vec()
        };
        // Maps a.txt only: b.txt and the missing file take the read path.
        let map = |p: &Path| -> Option<TextOwner> {
            if !p.ends_with("a.txt") {
                return None;
            }
            // What the mapping holds is what is checked: a line that is
            // not on disk shows that.
            let text = std::fs::read_to_string(p).ok()? + "They they left.\n";
            Some(std::sync::Arc::new(text))
        };
        let mapped = run_check_mapped(&ws, inputs(), Some(&map));
        let read = run_check_in(&ws, inputs());
        assert_eq!(mapped.len(), 3);
        for (m, r) in mapped.iter().zip(&read) {
            assert_eq!(m.name, r.name);
            match (&m.outcome, &r.outcome) {
                (Outcome::Checked(m), Outcome::Checked(r)) if m.source.name.ends_with("a.txt") => {
                    assert_eq!(
                        *m.source.text,
                        r.source.text.to_string() + "They they left.\n"
                    );
                    assert_eq!(m.diagnostics[..3], r.diagnostics[..]);
                    assert_eq!(m.diagnostics.len(), 4);
                    assert_eq!(m.source.slice(m.diagnostics[3].span), "They they");
                }
                (Outcome::Checked(m), Outcome::Checked(r)) => {
                    assert_eq!(m.source.text, r.source.text);
                    assert_eq!(m.diagnostics, r.diagnostics);
                    assert_eq!(m.diagnostics.len(), 3);
                }
                (Outcome::Failed(_), Outcome::Failed(_)) => {
                    assert!(m.name.ends_with("missing.txt"))
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    /// A directory of many files (with findings, none, binary, invalid
    /// UTF-8, empty, CRLF, Markdown, a directory named like a text file, a
    /// dangling link) and a missing file.
    fn mixed_inputs(dir: &Path) -> Vec<Input> {
        let write =
            |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
        for i in 0..60 {
            let text = match i % 4 {
                0 => format!("File {i} has has words , and “quotes\" here.\n\nMore more.\n"),
                1 => "Plain words end here.\n".to_owned(),
                2 => format!("Line {i} one one.\r\nLine two ,done.\r\n").repeat(i),
                _ => "The the talks ended .\n\n".repeat(3 * i),
            };
            write(&format!("f{i:02}.txt"), text.as_bytes());
        }
        write("bin.txt", b"bin\0ary I I\n");
        write("bad.txt", b"Bad \xff\xfe bytes here here.\n");
        write("empty.txt", b"");
        write("doc.md", b"# Title\n\nSome some `code code` text.\n");
        std::fs::create_dir(dir.join("dir.txt")).expect("mkdir");
        write("dir.txt/inner.txt", b"Inner inner text.\n");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("link.txt")).expect("symlink");
        let (mut inputs, errors) =
            collect_inputs(&[dir.to_path_buf()], None, &Selection::default());
        assert!(errors.is_empty(), "{errors:?}");
        inputs.push(Input::File(dir.join("missing.txt")));
        // Not in name order, as a walk may give them.
        inputs.reverse();
        inputs
    }

    /// What a result that was not written leaves: its name and kind.
    fn noted(r: &InputResult) -> String {
        match &r.outcome {
            Outcome::Checked(_) => format!("checked {}", r.name),
            Outcome::SkippedBinary => format!("binary {}", r.name),
            Outcome::Failed(e) => format!("failed {}: {e}", r.name),
        }
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
    }

    /// The reports of the inputs that were checked.
    fn checked(results: &[InputResult]) -> Vec<&FileReport> {
        results
            .iter()
            .filter_map(|r| match &r.outcome {
                Outcome::Checked(report) => Some(report),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn streamed_output_equals_the_batch_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let inputs = mixed_inputs(dir.path());
        let ws = Workspace::new(None).expect("workspace");
        let linter = crate::Linter::new();
        let formats = [
            (Format::Human, false),
            (Format::Human, true),
            (Format::Short, false),
            (Format::Json, false),
            (Format::Jsonl, false),
            (Format::Github, false),
            (Format::Statistics, false),
        ];
        for threads in [1, 3] {
            let pool = pool(threads);
            let results = pool.install(|| run_check_in(&ws, inputs.clone()));
            let reports = checked(&results);
            assert!(reports.len() > 60);
            let batch_notes: Vec<String> = results
                .iter()
                .filter(|r| !matches!(r.outcome, Outcome::Checked(_)))
                .map(noted)
                .collect();
            // The binary file and the missing one (walks pass over links).
            assert_eq!(batch_notes.len(), 2, "{batch_notes:?}");
            for (format, color) in formats {
                let mut batch = Vec::new();
                pool.install(|| {
                    report::write_reports(&mut batch, format, &reports, &linter, color)
                })
                .expect("batch");
                for (window, write_direct, weight) in [
                    (1, WRITE_DIRECT, usize::MAX),
                    (2, 0, usize::MAX),
                    (8, WRITE_DIRECT, usize::MAX),
                    (3, 5, usize::MAX),
                    (8, 5, 0),
                    (8, WRITE_DIRECT, 600),
                ] {
                    let opts = StreamOptions {
                        format,
                        color,
                        fail_on: Severity::Warning,
                        window,
                        weight,
                        write_direct,
                    };
                    let mut streamed = Vec::new();
                    let mut notes = Vec::new();
                    let mut tally = Tally::default();
                    pool.install(|| {
                        check_streamed(
                            &ws,
                            inputs.clone(),
                            None,
                            &opts,
                            &mut streamed,
                            &mut |r| notes.push(noted(r)),
                            &mut tally,
                        )
                    })
                    .expect("streamed");
                    let what =
                        format!("{format:?} color {color}, {threads} threads, window {window}, weight {weight}, direct from {write_direct}");
                    assert!(streamed == batch, "{what}");
                    assert_eq!(notes, batch_notes, "{what}");
                    assert_eq!(tally.totals, Totals::of(reports.iter().copied()), "{what}");
                    let failing = reports
                        .iter()
                        .flat_map(|r| &r.diagnostics)
                        .filter(|d| d.severity >= Severity::Warning)
                        .count();
                    assert_eq!(tally.failing, failing, "{what}");
                }
            }
        }
    }

    /// Files opened in place (the binary's memory maps, here strings) are
    /// released as soon as they are written: while writing, no more than
    /// the window's worth are held, and none is left at the end. Findings
    /// are those of reading the files.
    #[test]
    fn a_streamed_check_releases_each_mapped_text_once_written() {
        use std::sync::{Arc, Mutex, Weak};
        let dir = tempfile::tempdir().expect("tempdir");
        let inputs: Vec<Input> = (0..40)
            .map(|i| {
                let p = dir.path().join(format!("f{i:02}.txt"));
                std::fs::write(&p, format!("File {i} said the the thing.\n")).expect("write");
                Input::File(p)
            })
            .collect();
        let ws = Workspace::new(None).expect("workspace");
        type Opened = Arc<Mutex<Vec<Weak<dyn AsRef<str> + Send + Sync>>>>;
        let opened: Opened = Arc::default();
        let alive = |opened: &Opened| {
            let opened = opened.lock().expect("lock");
            opened.iter().filter(|w| w.strong_count() > 0).count()
        };
        let map = {
            let opened = Arc::clone(&opened);
            move |path: &Path| -> Option<TextOwner> {
                let owner: TextOwner = Arc::new(std::fs::read_to_string(path).ok()?);
                opened.lock().expect("lock").push(Arc::downgrade(&owner));
                Some(owner)
            }
        };
        /// Counts the texts still held at each write.
        struct Watch<'a, F: Fn() -> usize> {
            out: Vec<u8>,
            alive: F,
            most: &'a mut usize,
        }
        impl<F: Fn() -> usize> Write for Watch<'_, F> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                *self.most = (*self.most).max((self.alive)());
                self.out.write(buf)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let pool = pool(2);
        let read: Vec<u8> = {
            let mut out = Vec::new();
            let results = pool.install(|| run_check_in(&ws, inputs.clone()));
            let reports = checked(&results);
            let linter = crate::Linter::new();
            report::write_reports(&mut out, Format::Jsonl, &reports, &linter, false)
                .expect("write");
            out
        };
        assert_eq!(read.iter().filter(|&&b| b == b'\n').count(), 40);
        for write_direct in [usize::MAX, 1] {
            opened.lock().expect("lock").clear();
            let window = 3;
            let opts = StreamOptions {
                format: Format::Jsonl,
                color: false,
                fail_on: Severity::Warning,
                window,
                weight: usize::MAX,
                write_direct,
            };
            let mut most = 0;
            let mut out = Watch {
                out: Vec::new(),
                alive: || alive(&opened),
                most: &mut most,
            };
            let mut tally = Tally::default();
            pool.install(|| {
                check_streamed(
                    &ws,
                    inputs.clone(),
                    Some(&map),
                    &opts,
                    &mut out,
                    &mut |_| {},
                    &mut tally,
                )
            })
            .expect("streamed");
            assert_eq!(out.out, read, "direct from {write_direct}");
            assert_eq!(opened.lock().expect("lock").len(), 40);
            // Checked (on a worker) and not yet rendered or written, or
            // being written from its report (holding its text): dropped
            // right after.
            assert!(most <= window, "{most} texts held at once");
            if write_direct == 1 {
                assert!(most >= 1, "{most} texts at a write");
            }
            assert_eq!(alive(&opened), 0, "a text outlived its report");
        }
    }
}
