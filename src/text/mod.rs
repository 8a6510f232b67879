//! The [`Document`]: a [`Source`] plus every shared pass (tokens, sentences,
//! paragraphs, quotation marks), computed once and read by all rules.
//! Regions no rule may see (Markdown code, front matter) are *masked*: the
//! view that rules read has them blanked byte-for-byte, so offsets into the
//! view are offsets into the file.

pub mod lexicon;
pub mod quotes;
pub mod sentences;
pub mod tokens;

use crate::source::{Source, Span};
use quotes::QuoteMark;
use rustc_hash::FxHashMap;
use sentences::Sentence;
use std::sync::OnceLock;
use tokens::{Token, TokenKind};

/// The kind of markup a document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Plain,
    Markdown,
}

pub struct Document {
    pub source: Source,
    pub format: Format,
    /// `source.text` with masked regions replaced by spaces (newlines kept);
    /// `None` when nothing is masked.
    view: Option<String>,
    /// Regions no rule reports in, sorted and disjoint.
    pub masked: Vec<Span>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Span>,
    pub quotes: Vec<QuoteMark>,
    word_counts: OnceLock<FxHashMap<Box<str>, u32>>,
}

impl Document {
    /// A plain-text document with nothing masked.
    pub fn new(source: Source) -> Document {
        Document::with_mask(source, Format::Plain, Vec::new())
    }

    /// A document whose `masked` regions (sorted, disjoint, on char
    /// boundaries) are hidden from every rule.
    pub fn with_mask(source: Source, format: Format, mut masked: Vec<Span>) -> Document {
        masked.retain(|s| !s.is_empty());
        masked.sort();
        let view = if masked.is_empty() {
            None
        } else {
            let mut v = source.text.clone().into_bytes();
            for span in &masked {
                for b in &mut v[span.range()] {
                    if *b != b'\n' && *b != b'\r' {
                        *b = b' ';
                    }
                }
            }
            // Whole masked regions were replaced by ASCII, so this cannot fail.
            Some(String::from_utf8(v).expect("masking replaces whole chars with ASCII"))
        };
        let text: &str = view.as_deref().unwrap_or(&source.text);
        let tokens = tokens::tokenize(text);
        let sentences = sentences::split_sentences(text, &tokens);
        let paragraphs = sentences::split_paragraphs(text, &source.lines);
        let quotes = quotes::find_quotes(text);
        Document {
            source,
            format,
            view,
            masked,
            tokens,
            sentences,
            paragraphs,
            quotes,
            word_counts: OnceLock::new(),
        }
    }

    /// Convenience for tests and the library API.
    pub fn from_text(text: &str) -> Document {
        Document::new(Source::from_text("<text>", text))
    }

    /// The text rules read: the file's text with masked regions blanked.
    pub fn text(&self) -> &str {
        self.view.as_deref().unwrap_or(&self.source.text)
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text()[span.range()]
    }

    pub fn token_text(&self, t: &Token) -> &str {
        &self.text()[t.span.range()]
    }

    /// Indices of word tokens, in order.
    pub fn word_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == TokenKind::Word)
            .map(|(i, _)| i)
    }

    /// How often the word occurs in this document, case-insensitively. The
    /// document is its own lexicon: a token used elsewhere in it is a word.
    pub fn word_count(&self, word: &str) -> u32 {
        let counts = self.word_counts.get_or_init(|| {
            let mut m: FxHashMap<Box<str>, u32> = FxHashMap::default();
            let mut buf = String::new();
            for t in &self.tokens {
                if t.kind == TokenKind::Word {
                    let lower = lowercase_into(self.token_text(t), &mut buf);
                    match m.get_mut(lower) {
                        Some(n) => *n += 1,
                        None => {
                            m.insert(lower.into(), 1);
                        }
                    }
                }
            }
            m
        });
        if word.chars().any(char::is_uppercase) {
            let mut buf = String::new();
            counts
                .get(lowercase_into(word, &mut buf))
                .copied()
                .unwrap_or(0)
        } else {
            counts.get(word).copied().unwrap_or(0)
        }
    }

    /// Index of the paragraph containing `offset`, if any.
    pub fn paragraph_of(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.end < offset);
        (i < self.paragraphs.len() && self.paragraphs[i].start <= offset).then_some(i)
    }

    /// Index of the sentence containing `offset`, if any.
    pub fn sentence_of(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        (i < self.sentences.len() && self.sentences[i].span.start <= offset).then_some(i)
    }

    /// Whether `span` overlaps a masked region, or touches one with a
    /// punctuation or space edge. A mask is blanked to spaces, so a finding
    /// about punctuation right next to it (`[text](url).` seen as
    /// `[text      .`) is about the blank, not the text; words next to a mask
    /// (`<b>to to</b>`) are still reported.
    pub fn is_masked(&self, span: Span) -> bool {
        let i = self.masked.partition_point(|m| m.end < span.start);
        let Some(m) = self.masked.get(i) else {
            return false;
        };
        if m.start > span.end {
            return false;
        }
        if m.overlaps(span) && !(m.end == span.start || m.start == span.end) {
            return true;
        }
        let text = self.text();
        let not_word = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let touches_start = m.end == span.start && not_word(text[span.range()].chars().next());
        let touches_end = m.start == span.end && not_word(text[span.range()].chars().next_back());
        touches_start
            || touches_end
            || self.masked.get(i + 1).is_some_and(|n| {
                n.start == span.end && not_word(text[span.range()].chars().next_back())
            })
    }

    /// The nearest non-whitespace token before token `i`.
    pub fn prev_non_space(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| !self.tokens[j].is_space())
    }

    /// The nearest non-whitespace token after token `i`.
    pub fn next_non_space(&self, i: usize) -> Option<usize> {
        (i + 1..self.tokens.len()).find(|&j| !self.tokens[j].is_space())
    }
}

/// `word.to_lowercase()`: borrowed when lowercasing changes nothing, else
/// written into `buf` (reused across calls, so no allocation for ASCII).
fn lowercase_into<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return word;
        }
        buf.clear();
        buf.push_str(word);
        buf.make_ascii_lowercase();
        return buf;
    }
    // Only uppercase and titlecase letters have lowercase mappings.
    if !word.chars().any(|c| c.is_uppercase() || is_titlecase(c)) {
        return word;
    }
    buf.clear();
    // `str::to_lowercase` (final sigma included) for the rare non-ASCII word.
    buf.push_str(&word.to_lowercase());
    buf
}

/// Unicode titlecase letters (category Lt): `ǅ`, `ᾈ`.
fn is_titlecase(c: char) -> bool {
    matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}' | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}' | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_into_matches_to_lowercase_on_every_char() {
        let mut buf = String::new();
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            for w in [format!("{c}"), format!("a{c}b"), format!("ΟΔΟΣ{c}")] {
                assert_eq!(lowercase_into(&w, &mut buf), w.to_lowercase(), "{c:?}");
            }
        }
    }

    fn doc(text: &str, mask: Span) -> Document {
        Document::with_mask(
            Source::from_text("t.md", text),
            Format::Markdown,
            vec![mask],
        )
    }

    #[test]
    fn punctuation_touching_a_mask_counts_as_masked() {
        // "[text](url)." with the URL masked: the "." touches the mask.
        let d = doc("[text](url).", Span::new(6, 11));
        assert!(d.is_masked(Span::new(11, 12)));
        assert!(d.is_masked(Span::new(7, 9)));
    }

    #[test]
    fn words_touching_a_mask_are_still_reported() {
        let d = doc("<b>to to</b> ok", Span::new(0, 3));
        assert!(!d.is_masked(Span::new(3, 8)));
        assert!(!d.is_masked(Span::new(13, 15)));
    }
}
