//! Markdown input: the regions no rule may see (code, HTML, URLs, front
//! matter) and the `<!-- mtlint-disable … -->` suppression comments. Link
//! *text* stays linted; only its destination is masked. Spans are byte
//! offsets into the original file, from pulldown-cmark's offset iterator.

use crate::diagnostic::Diagnostic;
use crate::source::{Source, Span};
use crate::text::{Document, Format};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Which rules a suppressed region silences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleSet {
    All,
    /// All rules except these (names or codes, lowercase).
    AllExcept(BTreeSet<String>),
    /// Only these (names or codes, lowercase).
    Only(BTreeSet<String>),
}

impl RuleSet {
    fn contains(&self, d: &Diagnostic) -> bool {
        let hit = |set: &BTreeSet<String>| {
            set.contains(d.rule()) || set.contains(&d.code().to_ascii_lowercase())
        };
        match self {
            RuleSet::All => true,
            RuleSet::AllExcept(s) => !hit(s),
            RuleSet::Only(s) => hit(s),
        }
    }
}

/// A region where some rules are silenced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub span: Span,
    pub rules: RuleSet,
}

/// What the Markdown pass found in one file.
#[derive(Clone, Debug, Default)]
pub struct Markdown {
    /// Sorted, disjoint regions hidden from rules.
    pub masked: Vec<Span>,
    pub suppressions: Vec<Suppression>,
}

/// Builds the masked [`Document`] for a Markdown source.
pub fn document(source: Source) -> (Document, Vec<Suppression>) {
    let md = analyze(&source.text);
    (
        Document::with_mask(source, Format::Markdown, md.masked),
        md.suppressions,
    )
}

/// Whether a path is Markdown, by extension.
pub fn is_markdown(path: &std::path::Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown" | "mdown" | "mkd")
    )
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*mtlint-(disable-next-line|disable|enable)\b([^>]*?)\s*-->")
        .expect("valid regex")
});

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>]*[^\s<>.,;:!?'\x22)\]]")
        .expect("valid regex")
});

/// Finds masked regions and suppression comments in Markdown `text`.
pub fn analyze(text: &str) -> Markdown {
    let mut masked = Vec::new();
    let mut comments: Vec<Span> = Vec::new();
    let front = front_matter(text);
    if let Some(f) = front {
        masked.push(f);
    }
    let body_start = front.map_or(0, |f| f.end);
    let body = &text[body_start..];
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let parser = Parser::new_ext(body, opts);
    let mut iter = parser.into_offset_iter();
    // Per open link/image: (its range, end of the last child event).
    let mut links: Vec<(std::ops::Range<usize>, Option<usize>, bool)> = Vec::new();
    let shift = |r: std::ops::Range<usize>| Span::new(r.start + body_start, r.end + body_start);
    for (event, range) in iter.by_ref() {
        let in_link_child = !matches!(event, Event::End(TagEnd::Link | TagEnd::Image));
        if in_link_child {
            if let Some(l) = links.last_mut() {
                if range.start >= l.0.start && range.end <= l.0.end && range != l.0 {
                    l.1 = Some(l.1.map_or(range.end, |e: usize| e.max(range.end)));
                }
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(_))
            | Event::Start(Tag::HtmlBlock)
            | Event::Start(Tag::MetadataBlock(_)) => {
                masked.push(shift(range.clone()));
                if matches!(event, Event::Start(Tag::HtmlBlock)) {
                    comments.push(shift(range));
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                masked.push(shift(range))
            }
            Event::InlineHtml(_) | Event::Html(_) => {
                masked.push(shift(range.clone()));
                comments.push(shift(range));
            }
            Event::Start(Tag::Link { link_type, .. }) => {
                let auto = matches!(
                    link_type,
                    pulldown_cmark::LinkType::Autolink | pulldown_cmark::LinkType::Email
                );
                links.push((range, None, auto));
            }
            Event::Start(Tag::Image { .. }) => links.push((range, None, false)),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((r, last_child, auto)) = links.pop() {
                    match last_child {
                        // `[text](url)`: mask from after the text to the end.
                        Some(end) if !auto && end < r.end => masked.push(shift(end..r.end)),
                        Some(_) if !auto => {}
                        _ => masked.push(shift(r)),
                    }
                }
            }
            // Bare URLs in prose; the text may be unescaped, so search the source slice.
            Event::Text(t) if t.contains("://") || t.contains("www.") => {
                let src = &body[range.clone()];
                for m in BARE_URL.find_iter(src) {
                    masked.push(shift(range.start + m.start()..range.start + m.end()));
                }
            }
            _ => {}
        }
    }
    for (_, def) in iter.reference_definitions().iter() {
        masked.push(shift(def.span.clone()));
    }
    let suppressions = suppressions(text, &comments);
    Markdown {
        masked: merge(masked),
        suppressions,
    }
}

/// YAML (`---`) or TOML (`+++`) front matter at the very top (after a BOM).
fn front_matter(text: &str) -> Option<Span> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let fence = if rest.starts_with("---") {
        "---"
    } else if rest.starts_with("+++") {
        "+++"
    } else {
        return None;
    };
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != fence {
        return None;
    }
    let mut pos = first_end + 1;
    while pos < rest.len() {
        let line_end = rest[pos..].find('\n').map_or(rest.len(), |i| pos + i + 1);
        let line = rest[pos..line_end].trim_end();
        if line == fence || (fence == "---" && line == "...") {
            return Some(Span::new(start, start + line_end));
        }
        pos = line_end;
    }
    None
}

fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| !s.is_empty());
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Reads suppression directives from the HTML regions `comments` (never
/// from code), in order, and turns them into suppressed regions.
fn suppressions(text: &str, comments: &[Span]) -> Vec<Suppression> {
    let mut directives: Vec<(Span, &str, Vec<String>)> = Vec::new();
    let mut seen = BTreeSet::new();
    for c in comments {
        if !seen.insert((c.start, c.end)) {
            continue;
        }
        for m in DIRECTIVE.captures_iter(&text[c.range()]) {
            let whole = m.get(0).expect("group 0");
            let kind = m.get(1).map_or("", |g| g.as_str());
            let rules = m
                .get(2)
                .map_or("", |g| g.as_str())
                .split([',', ' ', '\t', '\n'])
                .map(|r| r.trim().to_ascii_lowercase())
                .filter(|r| !r.is_empty())
                .collect();
            directives.push((
                Span::new(c.start + whole.start(), c.start + whole.end()),
                kind,
                rules,
            ));
        }
    }
    directives.sort_by_key(|d| d.0);
    directives.dedup_by_key(|d| d.0);

    let mut out = Vec::new();
    let mut all = false;
    let mut except: BTreeSet<String> = BTreeSet::new();
    let mut only: BTreeSet<String> = BTreeSet::new();
    let mut open_at = 0;
    let flush = |out: &mut Vec<Suppression>,
                 from: usize,
                 to: usize,
                 all: bool,
                 except: &BTreeSet<String>,
                 only: &BTreeSet<String>| {
        if from >= to {
            return;
        }
        let span = Span::new(from, to);
        if all {
            let rules = if except.is_empty() {
                RuleSet::All
            } else {
                RuleSet::AllExcept(except.clone())
            };
            out.push(Suppression { span, rules });
        } else if !only.is_empty() {
            out.push(Suppression {
                span,
                rules: RuleSet::Only(only.clone()),
            });
        }
    };
    for (span, kind, rules) in directives {
        if kind == "disable-next-line" {
            let line_end = text[span.end..]
                .find('\n')
                .map_or(text.len(), |i| span.end + i + 1);
            let next_end = text[line_end..]
                .find('\n')
                .map_or(text.len(), |i| line_end + i + 1);
            let set = if rules.is_empty() {
                RuleSet::All
            } else {
                RuleSet::Only(rules.into_iter().collect())
            };
            out.push(Suppression {
                span: Span::new(line_end, next_end),
                rules: set,
            });
            continue;
        }
        flush(&mut out, open_at, span.start, all, &except, &only);
        open_at = span.end;
        match (kind, rules.is_empty()) {
            ("disable", true) => {
                all = true;
                except.clear();
                only.clear();
            }
            ("disable", false) => {
                for r in rules {
                    if all {
                        except.remove(&r);
                    } else {
                        only.insert(r);
                    }
                }
            }
            ("enable", true) => {
                all = false;
                except.clear();
                only.clear();
            }
            _ => {
                for r in rules {
                    only.remove(&r);
                    if all {
                        except.insert(r);
                    }
                }
            }
        }
    }
    flush(&mut out, open_at, text.len(), all, &except, &only);
    out
}

/// Drops findings silenced by a suppression comment. A finding is silenced
/// when its start lies in a region whose rule set names its rule (by name or code).
pub fn filter_suppressed(suppressions: &[Suppression], diagnostics: &mut Vec<Diagnostic>) {
    if suppressions.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        !suppressions.iter().any(|s| {
            s.span.start <= d.span.start && d.span.start < s.span.end && s.rules.contains(d)
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;
    use crate::Linter;

    fn masked_text(text: &str) -> Vec<&str> {
        analyze(text)
            .masked
            .iter()
            .map(|s| &text[s.range()])
            .collect()
    }

    /// What the default linter reports in `text` read as Markdown, after suppression.
    fn findings(text: &str) -> Vec<String> {
        let (doc, sup) = document(Source::from_text("t.md", text));
        let mut d = Linter::new().check_document(&doc);
        filter_suppressed(&sup, &mut d);
        d.iter().map(|d| text[d.span.range()].to_owned()).collect()
    }

    #[test]
    fn masks_fenced_and_indented_code() {
        let t = "Text here.\n\n```\nthe the\n```\n\n    is is\n\nMore the the.\n";
        assert_eq!(findings(t), vec!["the the"]);
        let m = masked_text(t);
        assert_eq!(m[0], "```\nthe the\n```");
    }

    #[test]
    fn masks_inline_code() {
        assert_eq!(masked_text("Use `the the` here."), vec!["`the the`"]);
        assert!(findings("Use `the the` here.").is_empty());
    }

    #[test]
    fn keeps_link_text_and_masks_the_url() {
        let t = "See [the the docs](https://example.com/is/is \"to to\") now.";
        assert_eq!(
            masked_text(t),
            vec!["](https://example.com/is/is \"to to\")"]
        );
        assert_eq!(findings(t), vec!["the the"]);
    }

    #[test]
    fn masks_autolinks_bare_urls_and_reference_definitions() {
        let t = "Go <https://x.org/is/is> or https://y.org/be/be.\n\n[r]: https://z.org/to/to\n";
        let m = masked_text(t);
        assert!(m.contains(&"<https://x.org/is/is>"), "{m:?}");
        assert!(m.contains(&"https://y.org/be/be"), "{m:?}");
        assert!(
            m.iter().any(|s| s.starts_with("[r]: https://z.org")),
            "{m:?}"
        );
    }

    #[test]
    fn masks_html_and_front_matter() {
        let t = "---\ntitle: the the\n---\n# Title\n\n<div>is is</div>\n\nText <b>to to</b> ok.\n";
        let m = masked_text(t);
        assert_eq!(m[0], "---\ntitle: the the\n---\n");
        assert!(m.contains(&"<div>is is</div>\n"), "{m:?}");
        assert!(m.contains(&"<b>"), "{m:?}");
        assert_eq!(findings(t), vec!["to to"]);
    }

    #[test]
    fn front_matter_must_be_closed_and_at_the_top() {
        assert_eq!(front_matter("---\nno end\n"), None);
        assert_eq!(front_matter("x\n---\na\n---\n"), None);
        assert_eq!(
            front_matter("+++\na = 1\n+++\nbody"),
            Some(Span::new(0, 14))
        );
    }

    #[test]
    fn disable_and_enable_all_rules() {
        let t = "One the the.\n\n<!-- mtlint-disable -->\n\nTwo is is.\n\n<!-- mtlint-enable -->\n\nThree to to.\n";
        assert_eq!(findings(t), vec!["the the", "to to"]);
    }

    #[test]
    fn disable_named_rules_by_name_or_code() {
        let t = "<!-- mtlint-disable repeated-word, MT001 -->\n\nTwo is is.\n";
        assert!(findings(t).is_empty());
        let t = "<!-- mtlint-disable mt002 -->\n\nTwo is is.\n";
        assert!(findings(t).is_empty());
        let t = "<!-- mtlint-disable other-rule -->\n\nTwo is is.\n";
        assert_eq!(findings(t), vec!["is is"]);
    }

    #[test]
    fn disable_next_line_covers_only_that_line() {
        let t = "<!-- mtlint-disable-next-line repeated-word -->\nTwo is is.\nThree to to.\n";
        assert_eq!(findings(t), vec!["to to"]);
    }

    #[test]
    fn inline_comment_disables_until_enable() {
        let t = "A <!-- mtlint-disable --> the the <!-- mtlint-enable --> is is.";
        assert_eq!(findings(t), vec!["is is"]);
    }

    #[test]
    fn enable_one_rule_inside_disable_all() {
        let t = "<!-- mtlint-disable -->\n<!-- mtlint-enable repeated-word -->\n\nis is\n";
        assert_eq!(findings(t), vec!["is is"]);
    }

    #[test]
    fn directives_in_code_are_ignored() {
        let t = "```\n<!-- mtlint-disable -->\n```\n\nTwo is is.\n";
        assert_eq!(findings(t), vec!["is is"]);
        let t = "`<!-- mtlint-disable -->` and is is.\n";
        assert_eq!(findings(t), vec!["is is"]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "",
            "---",
            "\u{feff}---\na\n---\n",
            "[a](",
            "<!--",
            "```",
            "<!-- mtlint-disable-next-line -->",
            "é\u{301}`x`😀[y](z)",
            "![](x) [](y) <a@b.c>",
        ] {
            let md = analyze(t);
            for s in &md.masked {
                assert!(
                    t.is_char_boundary(s.start) && t.is_char_boundary(s.end) && s.end <= t.len()
                );
            }
            let _ = findings(t);
        }
    }
}
