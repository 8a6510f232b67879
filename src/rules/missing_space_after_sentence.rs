//! A sentence end glued to the next sentence, or a quotation mark glued to
//! a word: `homes.In`, `partners".Baerbock`, `ultimatums"and`, `said,“We`.

use super::code_lines::CodeLines;
use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::lexicon;
use crate::text::quote_roles::{is_balanced_mark, Role};
use crate::text::quotes::Side;
use crate::text::scan::{ahead, for_each_selected, Block, TokenCursor};
use crate::text::tokens::{Token, TokenKind};
use crate::text::Document;

declare_rule! {
    /// ## What it flags
    /// A missing space where one sentence or quotation ends and the next
    /// begins: a full stop, `?` or `!` glued to a capitalised word
    /// (`destroyed homes.In the east`, `partners".Baerbock said`), a
    /// punctuation mark glued to an opening quotation mark (`said,“We`), and
    /// a double quotation mark glued to words on both sides
    /// (`the ultimatums"and threats`).
    ///
    /// ## Why it matters
    /// Scraping drops the whitespace between HTML elements and translation
    /// engines drop it around quotes. Readers stumble, and tokenizers, spell
    /// checkers and sentence splitters read one long garbled word.
    ///
    /// ## Example
    /// Flagged: `in their homes.In the east`. Instead: `in their homes. In the east`.
    ///
    /// ## False positives
    /// Domains, file names and identifiers are left alone: the part before
    /// the dot must be a lowercase dictionary word and the part after a plain
    /// capitalised word (`example.com`, `Node.js`, `os.path`, `String.format`,
    /// `ASP.NET`, `e.g`, `U.S`, `Ph.D` never match). Titles (`Mr.Smith`),
    /// abbreviations and initials before the stop, ellipses (`wait...What`),
    /// list numbers (`1.Introduction`), and lines that look like code are
    /// skipped.
    ///
    /// ## Fix safety
    /// Inserting the space is safe when both sides are dictionary words or
    /// the quotation mark's direction is known (`“`, `”`); around a straight
    /// `"` whose direction is guessed from pairing, the fix is unsafe.
    pub const MISSING_SPACE_AFTER_SENTENCE = RuleMeta {
        code: "MT012",
        name: "missing-space-after-sentence",
        severity: Severity::Warning,
        summary: "A sentence end or quotation mark glued to the next word (`homes.In`, `ultimatums\"and`).",
    };
}

pub struct MissingSpaceAfterSentence;

/// Titles after which a glued capitalised name is normal (`Mr.Smith`).
const TITLES: &[&str] = &[
    "Capt", "Col", "Dr", "Gen", "Gov", "Hon", "Jr", "Lt", "Messrs", "Mr", "Mrs", "Ms", "No",
    "Prof", "Rev", "Sen", "Sgt", "Sr", "St", "vs",
];

const CODE_MARKS: &[char] = &['=', '{', '}', '<', '>', '_', '`', '\\', '|', '#', '/', '@'];

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

fn is_closer_char(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

/// `In`, `The`, `Baerbock`, `I`, `A`: a capital then only lowercase letters.
fn is_capitalised_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_lowercase() || c == '’' || c == '\'')
}

fn insert_space(at: usize, safe: bool) -> Fix {
    let applicability = if safe {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    Fix::replace(applicability, Span::new(at, at), " ")
}

impl Rule for MissingSpaceAfterSentence {
    fn meta(&self) -> &RuleMeta {
        &MISSING_SPACE_AFTER_SENTENCE
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let mut found: Vec<Diagnostic> = Vec::new();
        let mut after_punctuation: Vec<Diagnostic> = Vec::new();
        self.glued_at_stops(doc, &mut found, &mut after_punctuation);
        found.append(&mut after_punctuation);
        self.glued_quotes(doc, &mut found);
        let mut code = CodeLines::new(CODE_MARKS);
        found.retain(|d| !code.is_code(doc, d.span.start));
        found.sort_by_key(|d| (d.span.start, d.span.end));
        found.dedup_by_key(|d| d.span);
        out.extend(found);
    }
}

impl MissingSpaceAfterSentence {
    /// One scan over the `.` `!` `?` bytes for [`Self::glued_inside_word`]
    /// (its findings to `inside`) and [`Self::glued_after_punctuation`] (to
    /// `after`).
    fn glued_at_stops(
        &self,
        doc: &Document,
        inside: &mut Vec<Diagnostic>,
        after: &mut Vec<Diagnostic>,
    ) {
        let bytes = doc.text().as_bytes();
        let mut inside_word = self.glued_inside_word(doc, inside);
        let mut after_punctuation = self.glued_after_punctuation(doc, after);
        // Both judges pass over a mark with a space, a line break or another
        // control byte after it (two marks in three in prose) without a
        // trace: a bit-mask test per 64 bytes drops those before the judges
        // are called.
        let classify = |b: &Block| {
            [
                b.any_of(&[(b'.', 0), (b'!', 0), (b'?', 0)]),
                b.at_most(b' '),
            ]
        };
        let select = |h: &[u64; 2], n: &[u64; 2]| h[0] & !ahead(h[1], n[1], 1);
        for_each_selected(bytes, classify, select, |at| {
            if bytes[at] == b'.' {
                inside_word(at);
            }
            after_punctuation(at);
        });
    }

    /// `homes.In`: UAX #29 keeps a dot between letters inside one word
    /// token. The judge of each `.` at the offset given, in order.
    fn glued_inside_word<'a>(
        &self,
        doc: &'a Document,
        out: &'a mut Vec<Diagnostic>,
    ) -> impl FnMut(usize) + 'a {
        let text = doc.text();
        let bytes = text.as_bytes();
        let toks = &doc.tokens;
        // Word tokens already judged: each is judged once, by its first dot.
        let mut next = 0;
        let mut cursor = TokenCursor::new(toks);
        // Only a dot after a lowercase letter and before a capital can be
        // the one.
        move |at| {
            let lower_before = at > 0 && {
                let b = bytes[at - 1];
                !b.is_ascii() || b.is_ascii_lowercase()
            };
            if !lower_before
                || !text[at + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                return;
            }
            let k = cursor.containing(at);
            if k < next || toks.get(k).is_none_or(|t| !t.is_word()) {
                return;
            }
            next = k + 1;
            out.extend(glued_dot_finding(doc, &toks[k]));
        }
    }

    /// `partners".Baerbock`, `Why?Because`, `2022.The`: a run of sentence
    /// marks and closers between a word and a capitalised word. The judge of
    /// each `.` `!` `?` at the offset given, in order.
    fn glued_after_punctuation<'a>(
        &'a self,
        doc: &'a Document,
        out: &'a mut Vec<Diagnostic>,
    ) -> impl FnMut(usize) + 'a {
        let text = doc.text();
        let bytes = text.as_bytes();
        let toks = &doc.tokens;
        let in_run = |t: &Token| {
            t.kind() == TokenKind::Punct && {
                let p = doc.token_text(t);
                matches!(p, "." | "!" | "?" | "…") || is_closer(p)
            }
        };
        // The end of the last run of run characters looked at, and whether
        // a capital follows it; a run is looked at once however long.
        let (mut chars_end, mut glued) = (0, false);
        // The first token after the last run judged.
        let mut next = 1;
        let mut cursor = TokenCursor::new(toks);
        move |at| {
            if at >= chars_end && matches!(bytes.get(at + 1), Some(b' ' | b'\n')) {
                // The common case: the run is this one mark.
                chars_end = at + 1;
                glued = false;
            } else if at >= chars_end {
                let rest = &text[at..];
                let skipped = rest.len()
                    - rest
                        .trim_start_matches(|c: char| {
                            matches!(c, '.' | '!' | '?' | '…') || is_closer_char(c)
                        })
                        .len();
                chars_end = at + skipped;
                glued = text[chars_end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
            }
            // Only a capitalised word can follow the run (tokens of
            // the run are characters of it).
            if !glued {
                return;
            }
            let Some(k) = cursor.starting_at(at).filter(|&k| k >= next) else {
                return;
            };
            if !in_run(&toks[k]) {
                return;
            }
            // The whole run of marks and closers, as tokens.
            let mut start = k;
            while start > 1 && in_run(&toks[start - 1]) {
                start -= 1;
            }
            let mut j = k;
            while j < toks.len() && in_run(&toks[j]) {
                j += 1;
            }
            next = j;
            self.judge_run(doc, start, j, out);
        }
    }

    /// The run of marks and closers `toks[start..j]`, glued to the word
    /// `toks[j]`.
    fn judge_run(&self, doc: &Document, start: usize, j: usize, out: &mut Vec<Diagnostic>) {
        let toks = &doc.tokens;
        let mut terminal = false;
        let mut ellipsis = false;
        let mut last: Option<&str> = None;
        for t in &toks[start..j] {
            let p = doc.token_text(t);
            match p {
                "." | "!" | "?" => {
                    ellipsis |= p == "." && last == Some(".");
                    terminal = true;
                }
                "…" => ellipsis = true,
                _ => {}
            }
            last = Some(p);
        }
        if !terminal || ellipsis || j >= toks.len() || !toks[j].is_word() {
            return;
        }
        let next = doc.token_text(&toks[j]);
        if !is_capitalised_word(next) {
            return;
        }
        let prev = &toks[start - 1];
        let ok = match prev.kind() {
            TokenKind::Word => {
                let w = doc.token_text(prev);
                w.chars().count() >= 2 && !w.contains('.') && !TITLES.contains(&w)
            }
            // `1.Introduction` is a list number.
            TokenKind::Number => doc.token_text(prev).len() >= 3,
            TokenKind::Punct => is_closer(doc.token_text(prev)),
            _ => false,
        };
        // A closer alone (`"and` without a stop) is glued_quotes' business.
        if !ok {
            return;
        }
        let run = Span::new(toks[start].span().start, toks[j - 1].span().end);
        out.push(
            MISSING_SPACE_AFTER_SENTENCE
                .diagnostic(
                    Span::new(run.start, toks[j].span().end),
                    format!("no space after `{}` before `{next}`", doc.slice(run)),
                )
                .with_fix(insert_space(run.end, true)),
        );
    }

    /// `said,“We` and `ultimatums"and`: a double quotation mark glued to a
    /// word on its outer side.
    fn glued_quotes(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        // Only a mark with a letter after it and a letter or a clause mark
        // before it can be reported; without one, the roles are not needed.
        // A letter after the mark makes its right side text (found with
        // the marks): marks followed by a space or a mark, as in a run of
        // them, are dropped before any char is decoded.
        let candidate = doc.quotes.iter().any(|q| {
            q.right() == Side::Text
                && is_balanced_mark(q.ch)
                && !matches!(q.ch, '«' | '»')
                && text[q.span().end..]
                    .chars()
                    .next()
                    .is_some_and(crate::text::chars::is_alphabetic)
                && text[..q.span().start].chars().next_back().is_some_and(|c| {
                    crate::text::chars::is_alphabetic(c)
                        || matches!(c, ',' | '.' | ':' | ';' | '!' | '?')
                })
        });
        if candidate {
            self.report_glued_quotes(doc, out);
        }
    }

    /// Reports every double quotation mark glued to a word on its outer
    /// side, working out all quote roles.
    fn report_glued_quotes(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        for q in doc.roled_quotes() {
            if matches!(q.ch, '«' | '»') {
                continue; // guillemet-spacing
            }
            let before = &text[..q.span().start];
            let after = &text[q.span().end..];
            let prev = before.chars().next_back();
            let next = after.chars().next();
            let certain = q.ch != '"';
            let letters_both = prev.is_some_and(crate::text::chars::is_alphabetic)
                && next.is_some_and(crate::text::chars::is_alphabetic);
            if letters_both {
                // `ultimatums"and` / `said“We`.
                let (at, msg) = match q.role {
                    Role::Close => (q.span().end, "no space after the closing quotation mark"),
                    Role::Open => (q.span().start, "no space before the opening quotation mark"),
                };
                let word_start = before.len()
                    - before
                        .chars()
                        .rev()
                        .take_while(|c| crate::text::chars::is_alphanumeric(*c))
                        .map(char::len_utf8)
                        .sum::<usize>();
                let word_end = q.span().end
                    + after
                        .chars()
                        .take_while(|c| crate::text::chars::is_alphanumeric(*c))
                        .map(char::len_utf8)
                        .sum::<usize>();
                out.push(
                    MISSING_SPACE_AFTER_SENTENCE
                        .diagnostic(Span::new(word_start, word_end), msg)
                        .with_fix(insert_space(at, certain)),
                );
                continue;
            }
            // `said,“We`: clause mark, opening quote, word.
            let mark_before = prev.filter(|c| matches!(c, ',' | '.' | ':' | ';' | '!' | '?'));
            if q.role == Role::Open && next.is_some_and(crate::text::chars::is_alphabetic) {
                if let Some(m) = mark_before {
                    let before_mark = before[..before.len() - m.len_utf8()].chars().next_back();
                    if before_mark.is_some_and(crate::text::chars::is_alphanumeric)
                        && (certain || !matches!(m, '.' | '!' | '?'))
                    {
                        let start = q.span().start - m.len_utf8();
                        out.push(
                            MISSING_SPACE_AFTER_SENTENCE
                                .diagnostic(
                                    Span::new(start, q.span().end),
                                    format!(
                                        "no space between `{m}` and the opening quotation mark"
                                    ),
                                )
                                .with_fix(insert_space(q.span().start, certain)),
                        );
                    }
                }
            }
        }
    }
}

/// The finding for word token `t` when it is two words glued at a dot
/// (`homes.In`), as UAX #29 keeps a dot between letters in one token.
fn glued_dot_finding(doc: &Document, t: &Token) -> Option<Diagnostic> {
    let text = doc.text();
    let w = doc.token_text(t);
    let (left, right) = w.split_once('.')?;
    if right.contains('.') || left.chars().count() < 2 || !left.chars().all(char::is_lowercase) {
        return None;
    }
    if !is_capitalised_word(right) || lexicon::level_exact(left).is_none() {
        return None;
    }
    // `www.Example`, `mail@host.Com`, `x.Foo(`: addresses and calls.
    let before = text[..t.span().start].chars().next_back();
    let after = text[t.span().end..].chars().next();
    if before.is_some_and(|c| matches!(c, '.' | '/' | '@' | ':' | '\\'))
        || after.is_some_and(|c| {
            matches!(c, '(' | '.' | '/' | '@' | ':' | '\\')
                && !text[t.span().end..].starts_with(". ")
        })
    {
        return None;
    }
    let dot = t.span().start + left.len();
    let safe = lexicon::level(right).is_some();
    Some(
        MISSING_SPACE_AFTER_SENTENCE
            .diagnostic(
                Span::new(t.span().start, t.span().end),
                format!("no space after `.` before `{right}`"),
            )
            .with_fix(insert_space(dot + 1, safe)),
    )
}

#[cfg(test)]
mod tests {
    use super::super::space_before_punctuation::for_random_texts;
    use super::*;
    use crate::rules::test_support::{fixes, flags, passes};

    /// The token-by-token rule the byte scans replaced.
    struct Reference;

    impl Rule for Reference {
        fn meta(&self) -> &RuleMeta {
            &MISSING_SPACE_AFTER_SENTENCE
        }

        fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
            let mut found: Vec<Diagnostic> = Vec::new();
            self.glued_inside_word(doc, &mut found);
            self.glued_after_punctuation(doc, &mut found);
            // Every quote, without the candidate pre-check.
            MissingSpaceAfterSentence.report_glued_quotes(doc, &mut found);
            let mut code = CodeLines::new(CODE_MARKS);
            found.retain(|d| !code.is_code(doc, d.span.start));
            found.sort_by_key(|d| (d.span.start, d.span.end));
            found.dedup_by_key(|d| d.span);
            out.extend(found);
        }
    }

    impl Reference {
        /// `homes.In`: UAX #29 keeps a dot between letters inside one word token.
        fn glued_inside_word(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
            for t in doc.tokens.iter().filter(|t| t.is_word()) {
                out.extend(super::glued_dot_finding(doc, t));
            }
        }

        /// `partners".Baerbock`, `Why?Because`, `2022.The`: a run of sentence
        /// marks and closers between a word and a capitalised word.
        fn glued_after_punctuation(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
            let toks = &doc.tokens;
            let mut i = 1;
            while i < toks.len() {
                if toks[i].kind() != TokenKind::Punct {
                    i += 1;
                    continue;
                }
                let start = i;
                let mut j = i;
                let mut terminal = false;
                let mut ellipsis = false;
                let mut last: Option<&str> = None;
                while j < toks.len() && toks[j].kind() == TokenKind::Punct {
                    let p = doc.token_text(&toks[j]);
                    match p {
                        "." | "!" | "?" => {
                            ellipsis |= p == "." && last == Some(".");
                            terminal = true;
                        }
                        "…" => ellipsis = true,
                        _ if is_closer(p) => {}
                        _ => break,
                    }
                    last = Some(p);
                    j += 1;
                }
                i = j.max(i + 1);
                if !terminal || ellipsis || j >= toks.len() || j == start || !toks[j].is_word() {
                    continue;
                }
                let next = doc.token_text(&toks[j]);
                if !is_capitalised_word(next) {
                    continue;
                }
                let prev = &toks[start - 1];
                let ok = match prev.kind() {
                    TokenKind::Word => {
                        let w = doc.token_text(prev);
                        w.chars().count() >= 2 && !w.contains('.') && !TITLES.contains(&w)
                    }
                    // `1.Introduction` is a list number.
                    TokenKind::Number => doc.token_text(prev).len() >= 3,
                    TokenKind::Punct => is_closer(doc.token_text(prev)),
                    _ => false,
                };
                // A closer alone (`"and` without a stop) is glued_quotes' business.
                if !ok {
                    continue;
                }
                let run = Span::new(toks[start].span().start, toks[j - 1].span().end);
                out.push(
                    MISSING_SPACE_AFTER_SENTENCE
                        .diagnostic(
                            Span::new(run.start, toks[j].span().end),
                            format!("no space after `{}` before `{next}`", doc.slice(run)),
                        )
                        .with_fix(insert_space(run.end, true)),
                );
            }
        }
    }

    /// The candidate check drops a mark whose right side is not text
    /// before it decodes the char after it: sound only if every letter
    /// makes the right side text.
    #[test]
    fn a_letter_after_a_mark_makes_its_right_side_text() {
        use crate::text::quotes::right_side;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if crate::text::chars::is_alphabetic(c) {
                assert!(right_side(Some(c)) == Side::Text, "{c:?}");
            }
        }
    }

    #[test]
    fn byte_scans_agree_with_the_token_loops() {
        let pieces = [
            "homes", "In", "The", "word", "Mr", "e", "g", "U.S", "3", "2022", "homes.In", "x.Foo",
            "www", " ", " ", "  ", "\n", "\n\n", ".", "!", "?", "…", "\"", "“", "”", "’", "'", ")",
            "]", "»", "«", ",", ":", "(", "/", "=", "é", "É", "İ", "a.B.C",
        ];
        let mut found = 0;
        for_random_texts(&pieces, 6000, |text| {
            let doc = Document::from_text(text);
            let mut fast = Vec::new();
            MissingSpaceAfterSentence.check(&doc, &mut fast);
            let mut slow = Vec::new();
            Reference.check(&doc, &mut slow);
            assert_eq!(fast, slow, "on {text:?}");
            found += fast.len();
        });
        assert!(found > 100, "the texts should hold findings: {found}");
    }

    #[test]
    fn flags_a_stop_glued_inside_a_word() {
        flags(
            &MissingSpaceAfterSentence,
            "Shells hit their homes.In the east, fighting went on.",
            &["homes.In"],
        );
    }

    #[test]
    fn flags_a_quote_and_stop_glued_to_the_next_sentence() {
        flags(
            &MissingSpaceAfterSentence,
            "relations with \"partners\".Baerbock said so. Why?Because it ended in 2022.The end.",
            &["\".Baerbock", "?Because", ".The"],
        );
    }

    #[test]
    fn flags_quotes_glued_to_words() {
        flags(
            &MissingSpaceAfterSentence,
            "the \"ultimatums\"and threats; he said,“We will go.”",
            &["ultimatums\"and", ",“"],
        );
        flags(
            &MissingSpaceAfterSentence,
            "he called it “nonsense”and left",
            &["nonsense”and"],
        );
    }

    #[test]
    fn inserts_the_space() {
        fixes(
            &MissingSpaceAfterSentence,
            "their homes.In the east. He said,“We go.” It was “nonsense”and more.",
            "their homes. In the east. He said, “We go.” It was “nonsense” and more.",
        );
    }

    #[test]
    fn passes_domains_files_and_identifiers() {
        passes(
            &MissingSpaceAfterSentence,
            "See example.com, www.Example.org and Node.js, report.pdf, config.toml, os.path, String.format, ASP.NET.",
        );
    }

    #[test]
    fn passes_abbreviations_and_titles() {
        passes(
            &MissingSpaceAfterSentence,
            "The U.S.Army, e.g.The case, Ph.D.Thesis, Mr.Smith and J.R.R.Tolkien.",
        );
    }

    #[test]
    fn passes_ellipses_and_list_numbers() {
        passes(
            &MissingSpaceAfterSentence,
            "Wait...What? Then…Nothing.\n1.Introduction\n2.Methods",
        );
    }

    #[test]
    fn passes_code_lines() {
        passes(
            &MissingSpaceAfterSentence,
            "call obj.Method() then x = \"a\"+\"b\" and self.Value = 1",
        );
    }

    #[test]
    fn passes_ordinary_prose() {
        passes(
            &MissingSpaceAfterSentence,
            "“Hi,” she said. “Go!” He went (quickly). It cost 3.5 percent. Don’t stop. The “Cold War” ended.",
        );
    }

    #[test]
    fn passes_inch_marks_and_apostrophes() {
        passes(
            &MissingSpaceAfterSentence,
            "A 5\"x7\" print of rock ’n’ roll in the ’90s, Russia’s.",
        );
    }
}
