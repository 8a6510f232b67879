//! A space between a word and the punctuation mark that follows it.

use super::code_lines::CodeLines;
use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::tokens::TokenKind;
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// One space between a word and a following `,` `.` `;` `:` `!` or `?`:
    /// `the talks , he said`, `in Geneva .`, `what now ?`.
    ///
    /// ## Why it matters
    /// Machine translation detokenizes badly and web scraping joins text
    /// nodes with a space; English never puts a space there.
    ///
    /// ## Example
    /// Flagged: `the talks , he said`. Instead: `the talks, he said`.
    ///
    /// ## False positives
    /// Left alone: ellipses (`and so on ...`), a dot starting a name or an
    /// extension (`.NET`, `.com`, `.5`), a mark after other punctuation
    /// (`? !`), a mark at a line start (list markers), emoticons (`:)`),
    /// ratios and times with spaces (`3 : 2`), aligned columns (two or more
    /// spaces, tabs, no-break spaces), lines that look like code
    /// (`a ? b : c`), and documents that consistently use French spacing
    /// before `; : ! ?`.
    ///
    /// ## Fix safety
    /// Removing the space is safe.
    pub const SPACE_BEFORE_PUNCTUATION = RuleMeta {
        code: "MT010",
        name: "space-before-punctuation",
        severity: Severity::Warning,
        summary: "A space before `,` `.` `;` `:` `!` or `?` (`the talks , he said`).",
    };
}

pub struct SpaceBeforePunctuation;

/// Characters that mark a line as code rather than prose.
const CODE_MARKS: &[char] = &['=', '{', '}', '<', '>', '_', '`', '\\', '|', '#', '&', '$'];

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

impl Rule for SpaceBeforePunctuation {
    fn meta(&self) -> &RuleMeta {
        &SPACE_BEFORE_PUNCTUATION
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let mut code = CodeLines::new(CODE_MARKS);
        let toks = &doc.tokens;
        let mut french: Option<bool> = None;
        for i in 1..toks.len().saturating_sub(1) {
            let (prev, space, mark) = (&toks[i - 1], &toks[i], &toks[i + 1]);
            if space.kind != TokenKind::Space
                || doc.token_text(space) != " "
                || mark.kind != TokenKind::Punct
            {
                continue;
            }
            let m = doc.token_text(mark);
            if !matches!(m, "," | "." | ";" | ":" | "!" | "?") {
                continue;
            }
            let prev_ok = match prev.kind {
                TokenKind::Word | TokenKind::Number => true,
                TokenKind::Punct => is_closer(doc.token_text(prev)),
                _ => false,
            };
            if !prev_ok {
                continue;
            }
            // What follows the mark: end, whitespace, a closer, or `?!`.
            let rest = &text[mark.span.end..];
            let next = rest.chars().next();
            let ends = next.is_none_or(|c| {
                c.is_whitespace() || matches!(c, '"' | '”' | '’' | ')' | ']' | '»' | '!' | '?')
            });
            if !ends {
                continue; // `.NET`, `.com`, `,word`
            }
            if matches!(m, ":" | ";") && matches!(next, Some(')' | '(' | ']' | '[')) {
                continue; // :) ;(
            }
            if m == "." && rest.starts_with("..") {
                continue;
            }
            if m == ":"
                && prev.kind == TokenKind::Number
                && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
            {
                continue; // 3 : 2
            }
            if matches!(m, ";" | ":" | "!" | "?")
                && *french.get_or_insert_with(|| uses_french_spacing(doc))
            {
                continue;
            }
            if code.is_code(doc, mark.span.start) {
                continue;
            }
            out.push(
                SPACE_BEFORE_PUNCTUATION
                    .diagnostic(
                        Span::new(space.span.start, mark.span.end),
                        format!("space before `{m}`"),
                    )
                    .with_fix(Fix::replace(Applicability::Safe, space.span, "")),
            );
        }
    }
}

/// Whether `; : ! ?` after a word are mostly preceded by a space (French
/// typography), counted over the whole document.
fn uses_french_spacing(doc: &Document) -> bool {
    let (mut spaced, mut tight) = (0, 0);
    for (i, t) in doc.tokens.iter().enumerate().skip(1) {
        if t.kind != TokenKind::Punct || !matches!(doc.token_text(t), ";" | ":" | "!" | "?") {
            continue;
        }
        match doc.tokens[i - 1].kind {
            TokenKind::Space if i >= 2 && doc.tokens[i - 2].kind == TokenKind::Word => spaced += 1,
            TokenKind::Word => tight += 1,
            _ => {}
        }
    }
    spaced >= 3 && spaced > tight
}

#[cfg(test)]
mod tests {
    use super::SpaceBeforePunctuation;
    use crate::rules::test_support::{fixes, flags, passes};

    #[test]
    fn flags_a_space_before_each_mark() {
        flags(
            &SpaceBeforePunctuation,
            "the talks , he said . Fine.",
            &[" ,", " ."],
        );
        flags(
            &SpaceBeforePunctuation,
            "Why ? Because: yes; no! Go.",
            &[" ?"],
        );
        flags(&SpaceBeforePunctuation, "Yes ; and: fine! Go? No.", &[" ;"]);
        flags(
            &SpaceBeforePunctuation,
            "Note : fine! Go? No; yes.",
            &[" :"],
        );
        flags(&SpaceBeforePunctuation, "Stop ! Go? No; yes: now.", &[" !"]);
    }

    #[test]
    fn flags_after_a_closing_quote() {
        flags(
            &SpaceBeforePunctuation,
            "It was “absolutely perfect” .",
            &[" ."],
        );
    }

    #[test]
    fn removes_the_space() {
        fixes(
            &SpaceBeforePunctuation,
            "in Geneva , on Monday .",
            "in Geneva, on Monday.",
        );
    }

    #[test]
    fn passes_ellipses_and_dotted_names() {
        passes(
            &SpaceBeforePunctuation,
            "and so on ... We use .NET and the .com domain, at .5 percent.",
        );
    }

    #[test]
    fn passes_marks_after_other_marks_and_at_line_starts() {
        passes(
            &SpaceBeforePunctuation,
            "What? ! Really?\n. a dotted list\n, and so\n: a colon line",
        );
    }

    #[test]
    fn passes_emoticons_ratios_and_columns() {
        passes(
            &SpaceBeforePunctuation,
            "Nice :) and :-( at 3 : 2, a ratio.\nName    : value\nKey\t: value",
        );
    }

    #[test]
    fn passes_code_lines() {
        passes(
            &SpaceBeforePunctuation,
            "x = a ? b : c;\nif (x) { return y ; }",
        );
    }

    #[test]
    fn passes_consistent_french_spacing() {
        passes(
            &SpaceBeforePunctuation,
            "Il dit : oui ! Vraiment ? Oui ; enfin.",
        );
    }

    #[test]
    fn passes_no_break_spaces() {
        passes(&SpaceBeforePunctuation, "Il dit\u{a0}: oui\u{202f}!");
    }

    #[test]
    fn passes_normal_prose() {
        passes(
            &SpaceBeforePunctuation,
            "“Hi,” she said; then: “Go!” (He went.) The U.S. economy grew 3.5% in 2021 — see example.com.",
        );
    }
}
