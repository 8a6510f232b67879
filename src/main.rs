//! The `mtlint` binary: parse arguments, call the library, map the result to
//! an exit code (0 clean, 1 findings, 2 usage/config/I/O error). Output goes
//! through a locked, buffered stdout; a closed pipe ends the run quietly.

mod cli;

use clap::Parser;
use cli::{
    CheckArgs, Cli, ColorChoice, Command, CorpusArgs, ExplainArgs, NamesArgs, NamesFormat,
    RulesArgs,
};
use mtlint::check::{self, Outcome};
use mtlint::report::{self, rule_table};
use mtlint::walk::Selection;
use mtlint::workspace::Checker;
use mtlint::FileReport;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
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
    let cwd = std::env::current_dir().ok();
    let checker = Checker::for_dir(cwd.as_deref());
    let paths = if args.paths.is_empty() {
        vec![".".into()]
    } else {
        args.paths.clone()
    };
    let (inputs, walk_errors) =
        check::collect_inputs(&paths, args.stdin_filename.as_deref(), &selection);
    let results = check::run_check(&checker, inputs);

    let mut had_error = !walk_errors.is_empty();
    for e in &walk_errors {
        complain(format!("error: {e}"));
    }
    let mut reports: Vec<&FileReport> = Vec::new();
    for r in &results {
        match &r.outcome {
            Outcome::Checked(report) => reports.push(report),
            Outcome::SkippedBinary => complain(format!("skipping binary file {}", r.name)),
            Outcome::Failed(e) => {
                had_error = true;
                complain(format!("error: {e}"));
            }
        }
    }

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    };
    if with_stdout(|out| report::write_reports(out, args.format, &reports, checker.linter(), color))
        .is_err()
    {
        return EXIT_ERROR;
    }
    if args.format == report::Format::Human {
        complain_plain(&check::Totals::of(reports.iter().copied()).summary());
    }

    if had_error {
        EXIT_ERROR
    } else if !args.exit_zero && check::fails_at(reports.iter().copied(), args.fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
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
    let checker = Checker::for_dir(cwd.as_deref());
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
