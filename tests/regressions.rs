//! Inputs that once broke an invariant (found by the fuzzers, the property
//! tests or the adversarial set), kept so they never break it again.

mod support;

use support::{check, fix_until_stable, ALL, DEFAULT};

fn survives(bytes: &[u8]) {
    let report = check(&ALL, "regression.txt", bytes);
    support::fix_round(&report.source.text, &report.diagnostics, true);
    fix_until_stable(&ALL, &String::from_utf8_lossy(bytes), true, 10);
    fix_until_stable(&DEFAULT, &String::from_utf8_lossy(bytes), false, 10);
}

/// html-entity sliced the text one byte after a multi-byte whitespace
/// (NBSP) while looking for a URL around the entity: a panic.
#[test]
fn html_entity_after_a_no_break_space() {
    survives("the\u{a0}&amp; ".as_bytes());
    survives("&amp;\u{3000}x".as_bytes());
}

/// non-nfc-text replaced an invalid byte (read as U+001A) together with the
/// combining mark after it, so a fix would have written U+001A over the
/// original byte.
#[test]
fn non_nfc_text_leaves_invalid_bytes_alone() {
    survives(&[0x80, 0xCD, 0x80]);
    let report = check(&ALL, "x", &[b'a', 0x80, 0xCD, 0x80, b' ']);
    let fixes: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule() == "non-nfc-text")
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| &f.edits)
        .map(|e| (e.span.start, e.span.end, e.replacement.as_ref()))
        .collect();
    assert_eq!(fixes, vec![(2, 4, "\u{300}")]);
}

/// lowercase-sentence-start scanned the whole line for code marks once per
/// sentence: quadratic on a long line of short sentences (36 KB took 22 s in
/// a debug build). Findings stay the same with the per-line cache.
#[test]
fn lowercase_sentence_start_on_one_long_line() {
    let text = "it ended. the talks went on. ".repeat(2_000);
    let report = check(&DEFAULT, "long.txt", text.as_bytes());
    let starts = report
        .diagnostics
        .iter()
        .filter(|d| d.rule() == "lowercase-sentence-start")
        .count();
    assert!(starts >= 3_000, "{starts}");
    let with_code = format!("{text} x = y;");
    let report = check(&DEFAULT, "code.txt", with_code.as_bytes());
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.rule() != "lowercase-sentence-start"));
}

/// Reporting positions counted chars from the line start for every finding:
/// quadratic on a long non-ASCII line with many findings (100k quote marks
/// hung `mtlint check`). The line index now keeps column checkpoints; the
/// columns it reports are unchanged.
#[test]
fn positions_on_a_long_non_ascii_line() {
    let text = "é the the “quote ".repeat(1_000);
    let report = check(&DEFAULT, "long.txt", text.as_bytes());
    assert!(report.diagnostics.len() > 1_000);
    for d in &report.diagnostics {
        let p = report
            .source
            .lines
            .position(&report.source.text, d.span.start);
        assert_eq!(p.line, 0);
        assert_eq!(p.char_col, text[..d.span.start].chars().count());
        assert_eq!(p.utf16_col, text[..d.span.start].encode_utf16().count());
    }
}

/// The human format printed the whole line for every finding: 100k quote
/// marks on one line meant ~30 GB of output (it looked like a hang). Long
/// lines are now shown as an excerpt around the finding, with the real
/// column in the header.
#[test]
fn human_output_on_a_long_line_is_an_excerpt() {
    let line = "é said “so” the the end, ".repeat(400);
    let source = mtlint::Source::from_text("long.txt", &format!("Intro.\n{line}\nshort\n"));
    let report = DEFAULT.check_source(source);
    let found = report.diagnostics.len();
    assert!(found >= 400, "{found}");
    let out = mtlint::report::pretty::render_to_string(&report.source, &report.diagnostics);
    assert!(
        out.len() < found * 1_500,
        "{} bytes for {found} findings",
        out.len()
    );
    let last = report.diagnostics.last().expect("findings");
    let col = line[..last.span.start - "Intro.\n".len()].chars().count() + 1;
    assert!(
        out.contains(&format!("long.txt:2:{col}")),
        "no header with column {col}"
    );
}
