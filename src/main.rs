//! The `mtlint` binary: parse arguments, call the library, map the result to
//! an exit code (0 clean, 1 findings, 2 usage/config/I/O error). Output goes
//! through a locked, buffered stdout; a closed pipe ends the run quietly.

mod cli;

use clap::Parser;
use cli::{CheckArgs, Cli, ColorChoice, Command, ExplainArgs, RulesArgs};
use mtlint::check::{self, Outcome};
use mtlint::report::{self, rule_table};
use mtlint::walk::Selection;
use mtlint::{FileReport, Linter};
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
    let linter = Linter::new();
    let paths = if args.paths.is_empty() {
        vec![".".into()]
    } else {
        args.paths.clone()
    };
    let (inputs, walk_errors) =
        check::collect_inputs(&paths, args.stdin_filename.as_deref(), &selection);
    let results = check::run_check(&linter, inputs);

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
                && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty())
                && std::env::var_os("TERM").map_or(true, |t| t != "dumb")
        }
    };
    if with_stdout(|out| report::write_reports(out, args.format, &reports, &linter, color)).is_err()
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
