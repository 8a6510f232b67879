//! The `mtlint` binary: parse arguments, call the library, map the result to
//! an exit code (0 clean, 1 findings, 2 usage/config/I/O error). Output goes
//! through a locked, buffered stdout; a closed pipe ends the run quietly.

mod cli;

/// mimalloc: linting allocates many small, short-lived strings and tables
/// per document; glibc's malloc spent a tenth of the time on inputs with
/// many distinct names consolidating its free lists. Version 2 (the `v2`
/// feature): against version 3 it ran the 50 MiB corpus in 1.73 s instead
/// of 1.90 s with 105 MB peak RSS instead of 116 MB, and 100k distinct
/// names 9% faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Allocator options, measured on the 50 MiB benchmark corpus (one thread,
/// `--format jsonl`): each 1 MiB window allocates and frees a few MB of
/// tokens and tables. Returning freed memory to the system at once made
/// every window fault its pages back in (0.6 s of system time); never
/// returning it let peak RSS grow. Purging after 100 ms keeps the pages of
/// the previous window for the next one (0.2 s system time).
///
/// Transparent huge pages stay as mimalloc sets them (it advises its arenas
/// `MADV_HUGEPAGE`): on this project's VM every fresh 4 KiB page costs a
/// fault of about 2.4 µs, and one huge page replaces 512 of them. Against
/// the process-wide `PR_SET_THP_DISABLE` this build used before, in
/// alternating runs: 2 MB of prose 35.5 → 29.8 ms (page faults 3,931 → 366),
/// 110k quote marks 32.6 → 22.6 ms, 100k names 61.5 → 47.1 ms, the 50
/// part files with one and two threads unchanged (0.55–0.59 s, 0.29–0.32
/// s), peak RSS 97 → 111 MB there (a huge page is resident whole).
/// `MIMALLOC_ALLOW_THP=0` in the environment turns them off again.
fn tune_allocator() {
    /// `mi_option_purge_delay` in `mimalloc.h` (index 15 in both mimalloc 2
    /// and 3; the crate does not name it).
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a process-wide allocator option; called once at start-up,
    // before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) };
}

/// Files of at least this many bytes are memory-mapped rather than read.
/// Reading copies a file into fresh memory, and each fresh 4 KiB page is a
/// page fault; a mapping faults the page cache in 16 pages at a time. On
/// 50 files of 1 MiB, mapping cut page faults from 26.4k to 9.6k and
/// system time from 0.07-0.09 s to 0.01-0.04 s (one thread); on 400 files
/// of 64 KiB, system time from 38 to 23 ms. On 3,000 files of 8 KiB it
/// made no difference, so small files are read.
const MAP_THRESHOLD: u64 = 64 * 1024;

/// A memory-mapped file known to be valid UTF-8: what [`map_large_file`]
/// hands the library, which reads it as a `&str` and drops it (unmapping
/// the file) with the file's report.
struct MappedText(memmap2::Mmap);

impl AsRef<str> for MappedText {
    fn as_ref(&self) -> &str {
        // SAFETY: `map_large_file` builds a `MappedText` only from a
        // mapping that `std::str::from_utf8` accepted, and the mapping is
        // read-only. Like any memory-mapped reader (ripgrep, git), this
        // trusts that no other program rewrites the file while it is
        // checked; `--no-mmap` turns mapping off.
        unsafe { std::str::from_utf8_unchecked(&self.0) }
    }
}

/// Maps a regular file of at least [`MAP_THRESHOLD`] bytes that is valid
/// UTF-8 and does not look binary; `None` for anything else, which is then
/// read (and its errors reported) as usual. The mapping lives as long as
/// the sources that read it: a streamed check unmaps each file once it is
/// written, so neither resident memory nor the number of mappings grows
/// with the number of files.
fn map_large_file(path: &std::path::Path) -> Option<mtlint::source::TextOwner> {
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() < MAP_THRESHOLD {
        return None;
    }
    // SAFETY: a read-only mapping of a regular file; see `MappedText` for
    // what is assumed about other writers.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    if mtlint::looks_binary(&map) || std::str::from_utf8(&map).is_err() {
        return None;
    }
    Some(std::sync::Arc::new(MappedText(map)))
}

use clap::Parser;
use cli::{
    CheckArgs, Cli, ColorChoice, Command, CorpusArgs, ExplainArgs, NamesArgs, NamesFormat,
    RulesArgs,
};
use mtlint::baseline::Baseline;
use mtlint::check::{self, Input, Outcome};
use mtlint::config::render_error;
use mtlint::fixer::{fix_text, unified_diff, write_atomic};
use mtlint::report::{self, rule_table};
use mtlint::walk::Selection;
use mtlint::workspace::Workspace;
use mtlint::{FileReport, Linter};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    tune_allocator();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not errors.
            return ExitCode::from(if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    let code = match cli.command {
        Command::Check(args) => cmd_check(args),
        Command::Rules(args) => cmd_rules(args),
        Command::Explain(args) => cmd_explain(args),
        Command::Lsp => cmd_lsp(),
        Command::Names(args) => cmd_names(args),
        Command::Corpus(args) => cmd_corpus(args),
    };
    ExitCode::from(code)
}

/// Prints `mtlint: message` on stderr, ignoring a closed stderr.
fn complain(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "mtlint: {message}");
}

/// Runs `write` against buffered stdout. A broken pipe is not an error (the
/// reader has seen enough); any other write error is reported.
fn with_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), ()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            complain(format!("error writing output: {e}"));
            Err(())
        }
    }
}

fn cmd_check(args: CheckArgs) -> u8 {
    if let Err(e) = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build_global()
    {
        complain(format!("error: cannot start {} threads: {e}", args.threads));
        return EXIT_ERROR;
    }
    let selection = match Selection::from_globs(&args.glob) {
        Ok(s) => s,
        Err(e) => {
            complain(format!("error: {e}"));
            return EXIT_ERROR;
        }
    };
    let ws = match Workspace::new(args.config.as_deref()) {
        Ok(ws) => ws,
        Err(e) => return config_error(&e),
    };
    let paths = if args.paths.is_empty() {
        vec![".".into()]
    } else {
        args.paths.clone()
    };
    if args.show_config {
        let first = paths.iter().find(|p| p.as_os_str() != "-");
        let target = first.map(|p| if p.is_dir() { p.join("x") } else { p.clone() });
        return match ws.checker_for(target.as_deref()) {
            Ok(c) => match with_stdout(|out| out.write_all(c.config().describe().as_bytes())) {
                Ok(()) => EXIT_CLEAN,
                Err(()) => EXIT_ERROR,
            },
            Err(e) => config_error(&e),
        };
    }
    let (mut inputs, walk_errors) =
        check::collect_inputs(&paths, args.stdin_filename.as_deref(), &selection);
    let config_errors = ws.prepare(inputs.iter().map(|i| match i {
        Input::File(p) => Some(p.as_path()),
        _ => None,
    }));
    if !config_errors.is_empty() {
        for e in &config_errors {
            config_error(e);
        }
        return EXIT_ERROR;
    }
    // `[check] include/exclude` filter what directory walks found.
    inputs.retain(|i| match i {
        Input::File(p) if !paths.contains(p) => ws
            .checker_for(Some(p))
            .map_or(true, |c| c.config().walk_selects(&ws.absolute(p))),
        _ => true,
    });
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => return config_error(&e),
    };
    // Large files are memory-mapped rather than read: reading copies the
    // file into fresh pages the kernel must first zero, which was about 8%
    // of a one-thread check of a 50 MiB file. `--fix` rewrites files, so it
    // reads them.
    let map: Option<&check::MapFile> = if args.no_mmap || args.fix || args.diff {
        None
    } else {
        Some(&map_large_file)
    };
    let across = args.names_across_files
        || ws
            .checker_for(None)
            .is_ok_and(|c| c.config().names_across_files);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    };
    // What needs every file at once: fixing (and its summary), baselines
    // (read: its counts are consumed in file order; written: one file),
    // names pooled across files, and SARIF's one log object. Everything
    // else is written as it is checked.
    let whole = args.fix
        || args.diff
        || args.baseline.is_some()
        || args.write_baseline.is_some()
        || across
        || args.format == report::Format::Sarif;
    if !whole {
        return check_streamed(&ws, inputs, map, &walk_errors, &args, color);
    }
    let mut results = check::run_check_mapped(&ws, inputs, map);

    let mut had_error = !walk_errors.is_empty();
    for e in &walk_errors {
        complain(format!("error: {e}"));
    }
    if args.fix || args.diff {
        match apply_fixes(&ws, &mut results, &args) {
            Ok(would_change) if args.diff => {
                return if had_error {
                    EXIT_ERROR
                } else if would_change && !args.exit_zero {
                    EXIT_FINDINGS
                } else {
                    EXIT_CLEAN
                };
            }
            Ok(_) => {}
            Err(()) => had_error = true,
        }
    }
    if across {
        let glossary = ws
            .checker_for(None)
            .map(|c| mtlint::names::Glossary::from_map(&c.config().names))
            .unwrap_or_default();
        let mut checked: Vec<(&str, &mut FileReport)> = results
            .iter_mut()
            .filter_map(|r| match &mut r.outcome {
                Outcome::Checked(report) => Some((r.name.as_str(), report)),
                _ => None,
            })
            .collect();
        check::pool_names(&ws, &mut checked, &glossary);
    }
    let mut index = baseline.as_ref().map(Baseline::index);
    let mut recorded = Baseline::new();
    let mut silenced = 0;
    let mut reports: Vec<&FileReport> = Vec::new();
    for r in &mut results {
        if let Outcome::Checked(report) = &mut r.outcome {
            if let Some(index) = &mut index {
                silenced += index.filter(&r.name, &report.source.text, &mut report.diagnostics);
            }
            if args.write_baseline.is_some() {
                recorded.add_file(&r.name, &report.source.text, &report.diagnostics);
            }
        }
    }
    if let Some(path) = &args.write_baseline {
        recorded.sort();
        let n = recorded.findings.len();
        if let Err(e) = std::fs::write(path, recorded.to_json()) {
            complain(format!("error: {}: {e}", path.display()));
            return EXIT_ERROR;
        }
        complain_plain(&format!(
            "wrote {n} findings to baseline {}",
            path.display()
        ));
        return if had_error { EXIT_ERROR } else { EXIT_CLEAN };
    }
    for r in &results {
        had_error |= complain_outcome(r);
        if let Outcome::Checked(report) = &r.outcome {
            reports.push(report);
        }
    }

    let linter = ws.checker_for(None).map_or_else(
        |_| std::sync::Arc::new(Linter::new()),
        |c| c.linter_for(None),
    );
    if with_stdout(|out| report::write_reports(out, args.format, &reports, &linter, color)).is_err()
    {
        return EXIT_ERROR;
    }
    if args.format == report::Format::Human {
        let mut summary = check::Totals::of(reports.iter().copied()).summary();
        if silenced > 0 {
            summary.push_str(&format!("; {silenced} in the baseline not shown"));
        }
        complain_plain(&summary);
    }

    // Whether more findings fail than `--max-findings` allows: counted only
    // that far, and not at all with `--exit-zero`.
    let too_many = || {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.severity >= args.fail_on)
            .nth(args.max_findings.unwrap_or(0))
            .is_some()
    };
    let code = if had_error {
        EXIT_ERROR
    } else if !args.exit_zero && too_many() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    // The process ends next: freeing every report one by one (100k findings
    // on a file with a finding every few bytes) would only delay that.
    drop(reports);
    std::mem::forget(results);
    code
}

/// `check` without the options that need every file at once: each file's
/// findings are written as soon as it and the files before it are checked,
/// with a bounded number of files held, so memory does not grow with the
/// number of files. Output, messages and exit codes are those of the path
/// that holds every file; a closed pipe stops the run at once, with the
/// summary and exit code of what was written.
fn check_streamed(
    ws: &Workspace,
    inputs: Vec<Input>,
    map: Option<&check::MapFile>,
    walk_errors: &[mtlint::Error],
    args: &CheckArgs,
    color: bool,
) -> u8 {
    let mut had_error = !walk_errors.is_empty();
    for e in walk_errors {
        complain(format!("error: {e}"));
    }
    let opts = check::StreamOptions {
        format: args.format,
        color,
        fail_on: args.fail_on,
        window: mtlint::ordered::default_window(),
        weight: check::STREAM_WEIGHT,
        write_direct: check::WRITE_DIRECT,
    };
    let mut tally = check::Tally::default();
    let mut note = |r: &check::InputResult| had_error |= complain_outcome(r);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = check::check_streamed(ws, inputs, map, &opts, &mut out, &mut note, &mut tally)
        .and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            complain(format!("error writing output: {e}"));
            return EXIT_ERROR;
        }
    }
    if args.format == report::Format::Human {
        complain_plain(&tally.totals.summary());
    }
    if had_error {
        EXIT_ERROR
    } else if !args.exit_zero && tally.failing > args.max_findings.unwrap_or(0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Says on stderr that an input was skipped or could not be checked, in
/// the same words on the streamed and the whole-run path; true when that
/// is an error.
fn complain_outcome(r: &check::InputResult) -> bool {
    match &r.outcome {
        Outcome::Checked(_) => false,
        Outcome::SkippedBinary => {
            complain(format!("skipping binary file {}", r.name));
            false
        }
        Outcome::Failed(e) => {
            if matches!(e, mtlint::Error::Config { .. }) {
                config_error(e);
            } else {
                complain(format!("error: {e}"));
            }
            true
        }
    }
}

/// Renders a configuration error (with a snippet when it has a span) and
/// returns the exit code for it.
fn config_error(e: &mtlint::Error) -> u8 {
    let _ = io::stderr().lock().write_all(render_error(e).as_bytes());
    EXIT_ERROR
}

/// `--fix` / `--diff`: fixes every checked file on disk, then writes it
/// (`--fix`) or prints its diff (`--diff`). Checked reports are replaced by
/// the findings that remain. Returns whether any file would change.
fn apply_fixes(
    ws: &Workspace,
    results: &mut [check::InputResult],
    args: &CheckArgs,
) -> Result<bool, ()> {
    let mut applied = 0;
    let mut fixable = 0;
    let mut changed_files = 0;
    let mut failed = false;
    let mut diffs = String::new();
    for r in results.iter_mut() {
        let Outcome::Checked(report) = &mut r.outcome else {
            continue;
        };
        let path = PathBuf::from(&r.name);
        let from_stdin = args.stdin_filename.as_deref() == Some(r.name.as_str())
            && args.paths.iter().any(|p| p.as_os_str() == "-");
        if from_stdin || !path.is_file() || report.diagnostics.iter().all(|d| d.fix.is_none()) {
            continue;
        }
        if !report.source.invalid_utf8.is_empty() {
            complain(format!("{}: not fixed (contains invalid UTF-8)", r.name));
            continue;
        }
        let Ok(checker) = ws.checker_for(Some(&path)) else {
            continue;
        };
        let abs = ws.absolute(&path);
        let fixed = fix_text(&report.source.text, args.unsafe_fixes, |t| {
            checker.lint_text(&r.name, Some(&abs), t)
        });
        fixable += fixed.fixable_remaining;
        if !fixed.changed(&report.source.text) {
            continue;
        }
        changed_files += 1;
        applied += fixed.applied;
        if args.diff {
            diffs.push_str(&unified_diff(&r.name, &report.source.text, &fixed.text));
            continue;
        }
        if let Err(e) = write_atomic(&path, report.source.bytes(), fixed.text.as_bytes()) {
            complain(format!("error: {e}"));
            failed = true;
            continue;
        }
        report.source = mtlint::Source::new(r.name.clone(), fixed.text.into_bytes());
        report.diagnostics = fixed.diagnostics;
    }
    if args.diff {
        if with_stdout(|out| out.write_all(diffs.as_bytes())).is_err() {
            return Err(());
        }
        complain_plain(&format!(
            "{applied} fixes would be applied in {changed_files} files ({fixable} fixable findings would remain)"
        ));
    } else {
        let hint = if fixable > 0 && !args.unsafe_fixes {
            " (some need --unsafe-fixes)"
        } else {
            ""
        };
        complain_plain(&format!(
            "fixed {applied} problems in {changed_files} files; {fixable} fixable findings remain{hint}"
        ));
    }
    if failed {
        Err(())
    } else {
        Ok(changed_files > 0)
    }
}

/// A line on stderr without the `mtlint:` prefix (the human summary).
fn complain_plain(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

fn cmd_rules(args: RulesArgs) -> u8 {
    let registry = mtlint::registry();
    let metas: Vec<&mtlint::RuleMeta> = registry.iter().map(|r| r.meta()).collect();
    match with_stdout(|out| rule_table::write_rule_table(out, &metas, args.format)) {
        Ok(()) => EXIT_CLEAN,
        Err(()) => EXIT_ERROR,
    }
}

fn cmd_explain(args: ExplainArgs) -> u8 {
    let registry = mtlint::registry();
    let Some(rule) = mtlint::find_rule(&registry, &args.rule) else {
        complain(format!(
            "error: unknown rule `{}` (see `mtlint rules`)",
            args.rule
        ));
        return EXIT_ERROR;
    };
    match with_stdout(|out| rule_table::write_explanation(out, rule.meta())) {
        Ok(()) => EXIT_CLEAN,
        Err(()) => EXIT_ERROR,
    }
}

fn cmd_lsp() -> u8 {
    match mtlint::lsp::run_stdio() {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            complain(format!("error: language server: {e}"));
            EXIT_ERROR
        }
    }
}

fn cmd_names(args: NamesArgs) -> u8 {
    let selection = match Selection::from_globs(&args.glob) {
        Ok(s) => s,
        Err(e) => {
            complain(format!("error: {e}"));
            return EXIT_ERROR;
        }
    };
    let paths = if args.paths.is_empty() {
        vec![".".into()]
    } else {
        args.paths.clone()
    };
    let (inputs, errors) = check::collect_inputs(&paths, None, &selection);
    let mut had_error = !errors.is_empty();
    for e in &errors {
        complain(format!("error: {e}"));
    }
    let mut docs = Vec::new();
    for input in inputs {
        let name = input.name();
        match check::read_input(input) {
            Ok(bytes) if mtlint::looks_binary(&bytes) => {
                complain(format!("skipping binary file {name}"))
            }
            Ok(bytes) => docs.push(mtlint::Document::new(mtlint::Source::new(name, bytes))),
            Err(e) => {
                had_error = true;
                complain(format!("error: {e}"));
            }
        }
    }
    let refs: Vec<&mtlint::Document> = docs.iter().collect();
    let files: Vec<&str> = docs.iter().map(|d| d.source.name.as_str()).collect();
    let table = mtlint::names::name_table(&refs);
    let written = with_stdout(|out| match args.format {
        NamesFormat::Text => {
            out.write_all(mtlint::names::name_table_text(&table, &files, args.all).as_bytes())
        }
        NamesFormat::Json => {
            let v = mtlint::names::name_table_json(&table, &files, args.all);
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )
        }
    });
    if written.is_err() || had_error {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}

fn cmd_corpus(args: CorpusArgs) -> u8 {
    use mtlint::corpus::{self, CorpusOptions, CorpusStats, Emit};
    if let Err(e) = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build_global()
    {
        complain(format!("error: cannot start {} threads: {e}", args.threads));
        return EXIT_ERROR;
    }
    let opts = CorpusOptions {
        text_field: args.text_field,
        id_field: args.id_field,
        min_score: args.min_score,
        max_density: args.max_density,
        emit: if args.attributes {
            Emit::Attributes
        } else if args.emit_input {
            Emit::Input
        } else {
            Emit::Results
        },
        strict: args.strict,
        ..CorpusOptions::default()
    };
    let cwd = std::env::current_dir().ok();
    let checker = mtlint::workspace::Checker::for_dir(cwd.as_deref());
    let shards = if args.shards.is_empty() {
        vec![std::path::PathBuf::from("-")]
    } else {
        args.shards
    };
    let mut stats = CorpusStats::default();
    let mut failed = false;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    for shard in &shards {
        let name = shard.display().to_string();
        let reader = match corpus::open_shard(shard) {
            Ok(r) => r,
            Err(e) => {
                complain(format!("error: {name}: {e}"));
                failed = true;
                continue;
            }
        };
        match corpus::run(
            checker.linter(),
            &name,
            reader,
            &mut out,
            &mut err,
            &opts,
            &mut stats,
        ) {
            Ok(()) => {}
            Err(mtlint::Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => {
                return EXIT_CLEAN
            }
            Err(e) => {
                complain(format!("error: {e}"));
                if opts.strict {
                    let _ = out.flush();
                    return EXIT_ERROR;
                }
                failed = true;
            }
        }
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            complain(format!("error writing output: {e}"));
            return EXIT_ERROR;
        }
        _ => {}
    }
    complain_plain(&format!(
        "{} records ({} kept, {} malformed), {} words, {} findings",
        stats.records, stats.kept, stats.malformed, stats.words, stats.findings
    ));
    if failed {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_utf8_text_files_are_mapped() {
        let dir = tempfile::tempdir().expect("tempdir");
        // One byte under the threshold, then exactly at it.
        let line = "Words and more words.\n";
        let mut big = line.repeat(MAP_THRESHOLD as usize / line.len() + 1);
        big.truncate(MAP_THRESHOLD as usize - 1);
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).expect("write");
            p
        };
        assert!(map_large_file(&write("under.txt", big.as_bytes())).is_none());
        big.push('\n');
        let text = write("big.txt", big.as_bytes());
        let mapped = map_large_file(&text).expect("a large UTF-8 file is mapped");
        assert_eq!((*mapped).as_ref(), big);
        let small = write("small.txt", b"Words.\n");
        assert!(map_large_file(&small).is_none());
        let mut bad = big.clone().into_bytes();
        bad.push(0xFF);
        assert!(map_large_file(&write("bad.txt", &bad)).is_none());
        let mut nul = big.into_bytes();
        nul[10] = 0;
        assert!(map_large_file(&write("nul.txt", &nul)).is_none());
        assert!(map_large_file(dir.path()).is_none());
        assert!(map_large_file(&dir.path().join("missing.txt")).is_none());
    }
}
