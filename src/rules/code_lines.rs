//! Which lines look like code rather than prose, decided once per line and
//! cached, so that a rule asking for every finding on a one-megabyte line
//! stays linear.

use crate::text::Document;
use std::collections::HashMap;

pub struct CodeLines<'a> {
    marks: &'a [char],
    verdicts: HashMap<usize, bool>,
}

impl<'a> CodeLines<'a> {
    /// A line is code when it contains any of `marks`.
    pub fn new(marks: &'a [char]) -> CodeLines<'a> {
        CodeLines {
            marks,
            verdicts: HashMap::new(),
        }
    }

    /// Whether the line holding byte `offset` of `doc` looks like code.
    pub fn is_code(&mut self, doc: &Document, offset: usize) -> bool {
        let line = doc.source.lines.line_of(offset);
        let marks = self.marks;
        *self.verdicts.entry(line).or_insert_with(|| {
            let text = doc.text();
            text[doc.source.lines.line_content(text, line).range()].contains(marks)
        })
    }
}
