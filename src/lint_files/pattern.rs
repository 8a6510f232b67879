//! `kind = "pattern"`: one regular expression per file, with an optional
//! replacement (`$1` expands capture groups) offered as an unsafe fix.

use super::render_message;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rules::RuleMeta;
use crate::source::Span;
use crate::text::Document;
use regex::Regex;

pub(super) struct Pattern {
    regex: Regex,
    replace: Option<String>,
}

impl Pattern {
    pub(super) fn new(pattern: &str, replace: Option<String>) -> Result<Pattern, String> {
        let regex = Regex::new(pattern).map_err(|e| format!("invalid regular expression: {e}"))?;
        Ok(Pattern { regex, replace })
    }

    pub(super) fn check(
        &self,
        meta: &'static RuleMeta,
        template: &str,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = doc.text();
        for caps in self.regex.captures_iter(text) {
            let m = caps.get(0).expect("group 0 always matches");
            if m.is_empty() {
                continue;
            }
            let span = Span::new(m.start(), m.end());
            let suggest = self.replace.as_ref().map(|r| {
                let mut s = String::new();
                caps.expand(r, &mut s);
                s
            });
            let mut d = meta.diagnostic(
                span,
                render_message(template, m.as_str(), suggest.as_deref()),
            );
            if let Some(s) = suggest {
                d = d.with_fix(Fix::replace(Applicability::Unsafe, span, s));
            }
            out.push(d);
        }
    }
}
