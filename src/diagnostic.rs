//! What a rule reports: a primary span with a message, optional secondary
//! labels, and an optional fix. Rendering lives in `report/`, never here.

use crate::rules::RuleMeta;
use crate::source::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Severity, String> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("`{s}` is not a severity (info, warning, error)")),
        }
    }
}

/// Whether a fix can be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The meaning cannot change: whitespace, a stray mark, NFC, an entity.
    Safe,
    /// A word changes; applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    /// Borrowed when it is fixed text (`&amp;` becomes `&`, a zero-width
    /// space becomes nothing), so such a fix allocates no string.
    pub replacement: Message,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    pub applicability: Applicability,
    /// Non-overlapping edits, sorted by span.
    pub edits: Edits,
}

impl Fix {
    pub fn safe(edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, edits)
    }
    pub fn unsafe_(edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Unsafe, edits)
    }
    pub fn new(applicability: Applicability, mut edits: Vec<Edit>) -> Fix {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Fix {
            applicability,
            edits: edits.into(),
        }
    }
    /// One edit replacing `span` with `replacement`: held inline, no vector.
    pub fn replace(
        applicability: Applicability,
        span: Span,
        replacement: impl Into<Message>,
    ) -> Fix {
        Fix {
            applicability,
            edits: Edits::one(Edit {
                span,
                replacement: replacement.into(),
            }),
        }
    }
    /// The smallest span covering every edit.
    pub fn span(&self) -> Option<Span> {
        let first = self.edits.first()?;
        Some(
            self.edits
                .iter()
                .fold(first.span, |acc, e| acc.cover(e.span)),
        )
    }
}

/// A secondary span that explains the primary one ("also spelled here").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    pub span: Span,
    pub message: Message,
}

/// A finding's or label's text: borrowed when it is a fixed phrase, so a
/// rule that reports thousands of times does not allocate each time.
pub type Message = std::borrow::Cow<'static, str>;

/// A finding's labels, read as a slice. Nearly every finding has none or
/// one: those are held inline, so a rule reporting 100k findings with a
/// label allocates no 100k label vectors (each an allocation, a free and a
/// fresh 48 bytes of memory).
pub type Labels = OneOrMany<Label>;

/// A fix's edits, read as a slice: nearly every fix has one, held inline,
/// so a fix costs one allocation (its box), not three.
pub type Edits = OneOrMany<Edit>;

/// A short list held inline while it has none or one item, in a vector
/// from two. Equality, hashing and `Debug` are the slice's, as they were
/// when [`Labels`] and [`Edits`] were vectors.
#[derive(Clone)]
pub struct OneOrMany<T>(Store<T>);

#[derive(Clone)]
enum Store<T> {
    Empty,
    One(T),
    Many(Vec<T>),
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany::new()
    }
}

impl<T> OneOrMany<T> {
    pub const fn new() -> Self {
        OneOrMany(Store::Empty)
    }

    pub const fn one(item: T) -> Self {
        OneOrMany(Store::One(item))
    }

    #[inline]
    pub fn push(&mut self, item: T) {
        match &mut self.0 {
            Store::Empty => self.0 = Store::One(item),
            Store::One(_) => self.spill(item),
            Store::Many(all) => all.push(item),
        }
    }

    /// A second item: both move to a vector.
    #[cold]
    fn spill(&mut self, item: T) {
        if let Store::One(first) = std::mem::replace(&mut self.0, Store::Empty) {
            self.0 = Store::Many(vec![first, item]);
        }
    }

    pub fn as_slice(&self) -> &[T] {
        match &self.0 {
            Store::Empty => &[],
            Store::One(item) => std::slice::from_ref(item),
            Store::Many(all) => all,
        }
    }

    pub fn as_mut_slice(&mut self) -> &mut [T] {
        match &mut self.0 {
            Store::Empty => &mut [],
            Store::One(item) => std::slice::from_mut(item),
            Store::Many(all) => all,
        }
    }

    pub fn into_vec(self) -> Vec<T> {
        match self.0 {
            Store::Empty => Vec::new(),
            Store::One(item) => vec![item],
            Store::Many(all) => all,
        }
    }
}

impl<T> std::ops::Deref for OneOrMany<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> std::ops::DerefMut for OneOrMany<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T: PartialEq> PartialEq for OneOrMany<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq> Eq for OneOrMany<T> {}

impl<T: std::hash::Hash> std::hash::Hash for OneOrMany<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl<T: fmt::Debug> fmt::Debug for OneOrMany<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt(f)
    }
}

/// A vector of one item is held inline (its allocation freed).
impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(mut all: Vec<T>) -> Self {
        match all.len() {
            0 => OneOrMany::new(),
            1 => OneOrMany::one(all.pop().expect("one item")),
            _ => OneOrMany(Store::Many(all)),
        }
    }
}

impl<T> FromIterator<T> for OneOrMany<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut list = OneOrMany::new();
        for item in iter {
            list.push(item);
        }
        list
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<'a, T> IntoIterator for &'a mut OneOrMany<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_mut_slice().iter_mut()
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

/// One finding.
#[derive(Clone)]
pub struct Diagnostic {
    /// The rule that reported it: one pointer for its name and code
    /// ([`Diagnostic::rule`], [`Diagnostic::code`]) instead of two
    /// `&'static str` (16 bytes less per finding). Compared and hashed by
    /// value, never by address: a rule's findings may point at different
    /// copies of its metadata.
    pub meta: &'static RuleMeta,
    pub severity: Severity,
    pub message: Message,
    pub span: Span,
    pub labels: Labels,
    /// Boxed: most findings have none, and a `Diagnostic` is 24 bytes
    /// smaller for it (128 instead of 152). A file with a finding every few
    /// bytes holds 100k of them, and every fresh page they fill costs a
    /// page fault.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// The rule's stable kebab-case name, e.g. `repeated-word`.
    #[inline]
    pub fn rule(&self) -> &'static str {
        self.meta.name
    }
    /// The rule's stable code, e.g. `MT002`.
    #[inline]
    pub fn code(&self) -> &'static str {
        self.meta.code
    }
    #[inline]
    pub fn with_label(mut self, span: Span, message: impl Into<Message>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(Box::new(fix));
        self
    }
}

/// Same rule (name and code), severity, message, span, labels and fix: as
/// when the name and code were fields of their own. Findings of one rule
/// usually share the address of its metadata, tested first.
impl PartialEq for Diagnostic {
    fn eq(&self, other: &Diagnostic) -> bool {
        (std::ptr::eq(self.meta, other.meta)
            || (self.rule() == other.rule() && self.code() == other.code()))
            && self.severity == other.severity
            && self.message == other.message
            && self.span == other.span
            && self.labels == other.labels
            && self.fix == other.fix
    }
}

impl Eq for Diagnostic {}

impl std::hash::Hash for Diagnostic {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.rule().hash(state);
        self.code().hash(state);
        self.severity.hash(state);
        self.message.hash(state);
        self.span.hash(state);
        self.labels.hash(state);
        self.fix.hash(state);
    }
}

/// Prints as it did when the rule's name and code were fields of their own.
impl fmt::Debug for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diagnostic")
            .field("rule", &self.rule())
            .field("code", &self.code())
            .field("severity", &self.severity)
            .field("message", &self.message)
            .field("span", &self.span)
            .field("labels", &self.labels)
            .field("fix", &self.fix)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleMeta;
    use std::hash::{BuildHasher, RandomState};

    /// A file's findings are held until its report is written, so a file
    /// with a finding every few bytes holds millions: the layout must not
    /// grow back silently.
    #[test]
    fn a_finding_stays_small() {
        assert_eq!(std::mem::size_of::<Diagnostic>(), 104);
        assert_eq!(std::mem::size_of::<Labels>(), 40);
    }

    /// A finding with a fix built whole is the one built by steps.
    #[test]
    fn a_fixed_finding_is_built_as_by_steps() {
        let meta = RuleMeta::leaked("one", "MT001");
        let span = Span::new(3, 8);
        let fix = || Fix::replace(Applicability::Unsafe, Span::new(4, 5), "x");
        let whole = meta.fixed(span, "message", fix());
        let steps = meta.diagnostic(span, "message").with_fix(fix());
        assert_eq!(whole, steps);
        assert_eq!(format!("{whole:?}"), format!("{steps:?}"));
        assert_ne!(whole, meta.diagnostic(span, "message"));
    }

    /// A finding compares, hashes and prints as the struct it was when the
    /// rule's name and code were two fields: by name and code, whatever
    /// copy of the metadata it points at.
    #[test]
    fn a_finding_compares_by_rule_name_and_code() {
        let hasher = RandomState::new();
        let metas = [
            RuleMeta::leaked("one", "MT001"),
            RuleMeta::leaked("one", "MT001"),
            RuleMeta::leaked("one", "MT002"),
            RuleMeta::leaked("two", "MT001"),
        ];
        let findings: Vec<(Diagnostic, String)> = (0..metas.len() * 2)
            .map(|k| {
                let meta = metas[k / 2];
                let mut d = meta.diagnostic(Span::new(0, 1), "m");
                if k % 2 == 1 {
                    d.severity = Severity::Error;
                }
                // The reference: the fields a finding had, printed.
                let fields = format!(
                    "Diagnostic {{ rule: {:?}, code: {:?}, severity: {:?}, message: {:?}, span: {:?}, labels: [], fix: None }}",
                    meta.name, meta.code, d.severity, d.message, d.span
                );
                (d, fields)
            })
            .collect();
        for (a, fa) in &findings {
            assert_eq!(&format!("{a:?}"), fa);
            for (b, fb) in &findings {
                assert_eq!(a == b, fa == fb, "{fa} against {fb}");
                if a == b {
                    assert_eq!(hasher.hash_one(a), hasher.hash_one(b));
                }
            }
        }
    }

    /// `Labels` reads, compares, hashes and prints as the `Vec<Label>` it
    /// replaced, however many labels it holds.
    #[test]
    fn labels_behave_like_a_vector() {
        let hasher = RandomState::new();
        for n in 0..5 {
            let all: Vec<Label> = (0..n)
                .map(|k| Label {
                    span: Span::new(k, k + 1),
                    message: format!("label {k}").into(),
                })
                .collect();
            let mut labels = Labels::new();
            for l in &all {
                labels.push(l.clone());
            }
            assert_eq!(labels.as_slice(), all.as_slice());
            assert_eq!(labels, Labels::from(all.clone()));
            assert_eq!(labels, all.iter().cloned().collect::<Labels>());
            assert_eq!(format!("{labels:?}"), format!("{all:?}"));
            assert_eq!(hasher.hash_one(&labels), hasher.hash_one(&all));
            assert_eq!(labels.clone().into_vec(), all);
            assert_eq!((&labels).into_iter().count(), n);
            for l in &mut labels {
                l.span.start += 1;
            }
            assert!(labels
                .iter()
                .zip(&all)
                .all(|(a, b)| a.span.start == b.span.start + 1));
            assert_ne!(labels.is_empty(), n > 0);
        }
    }
}
