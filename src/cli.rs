//! Command-line arguments: clap derive structs only, no logic.

use clap::{Args, Parser, Subcommand, ValueEnum};
use mtlint::report::rule_table::TableFormat;
use mtlint::report::Format;
use mtlint::Severity;
use std::path::PathBuf;

/// A fast linter for machine-translated English text.
#[derive(Debug, Parser)]
#[command(name = "mtlint", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories (default: the current directory).
    Check(CheckArgs),
    /// List every rule: code, name, default severity, summary.
    Rules(RulesArgs),
    /// Print a rule's full documentation.
    Explain(ExplainArgs),
    /// Run the language server on stdin/stdout.
    Lsp,
    Names(NamesArgs),
    Corpus(CorpusArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to check; `-` reads standard input. Directories
    /// are walked recursively, honouring `.gitignore`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Colour in `human` output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// Exit 1 when a finding is at or above this severity (info, warning, error).
    #[arg(long, default_value = "warning", value_name = "LEVEL")]
    pub fail_on: Severity,

    /// Exit 0 even when there are findings (errors reading files still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Read every file into memory. By default files over 4 MiB are
    /// memory-mapped instead (not with `--fix` or `--diff`), which is faster;
    /// a file truncated by another program while mapped can stop mtlint.
    #[arg(long)]
    pub no_mmap: bool,

    /// Which files to check inside directories (repeatable; `!` excludes).
    /// Default: `*.txt`, `*.md` and files without an extension. Files named
    /// on the command line are always checked.
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,

    /// The name to report standard input under.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Pool proper-name mentions across all checked files, so one file's
    /// `Zelensky` and another's `Zelenskyy` are reported as drift.
    #[arg(long)]
    pub names_across_files: bool,

    /// Use this configuration file instead of the nearest `mtlint.toml` or
    /// `.mtlint.toml`.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Print the effective configuration and where it came from, then exit.
    #[arg(long)]
    pub show_config: bool,

    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Apply safe fixes (whitespace, punctuation spacing, NFC, entities).
    #[arg(long)]
    pub fix: bool,

    /// With `--fix` or `--diff`: also apply fixes that change words.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what `--fix` would change; write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Exit 1 only when more than N findings at or above `--fail-on` remain.
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Table format (`markdown` is the README's table).
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule name (`repeated-word`) or code (`MT002`).
    #[arg(value_name = "NAME|CODE")]
    pub rule: String,
}

/// Print the table of proper names and their spellings, per file.
#[derive(Debug, Args)]
pub struct NamesArgs {
    /// Files or directories (directories are walked like `check` does); `-` is stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = NamesFormat::Text)]
    pub format: NamesFormat,
    /// Also list names written only one way (a starting point for a glossary).
    #[arg(long)]
    pub all: bool,
    /// Which files to check inside directories (gitignore-style, repeatable).
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NamesFormat {
    Text,
    Json,
}

/// Lint the text field of JSONL records and write one result per record.
#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// JSONL shards (`.jsonl`, `.jsonl.gz`, `.jsonl.zst`); `-` or none reads stdin.
    #[arg(value_name = "SHARD")]
    pub shards: Vec<PathBuf>,
    /// The field holding the document text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// The field holding the document id (the line number when missing).
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    /// Keep only documents whose score is at least S (0–1).
    #[arg(long, value_name = "S")]
    pub min_score: Option<f64>,
    /// Keep only documents with at most D findings per 1,000 words.
    #[arg(long, value_name = "D")]
    pub max_density: Option<f64>,
    /// Write Dolma attributes (character offsets) instead of results.
    #[arg(long, conflicts_with = "emit_input")]
    pub attributes: bool,
    /// Write the kept input records unchanged (filter a corpus).
    #[arg(long = "emit-input")]
    pub emit_input: bool,
    /// Make a malformed line fatal (exit 2) instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (0 = all cores).
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,
}
