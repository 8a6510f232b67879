//! Words, numbers, punctuation and whitespace with byte spans, in one pass
//! over the text using Unicode word boundaries (UAX #29), so `U.S`,
//! `don’t`, `3.5` and `example.com` each stay one token.

use crate::source::Span;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Contains at least one letter: `word`, `U.S`, `don’t`, `3D`.
    Word,
    /// Digits, possibly with inner `.`/`,`: `3.5`, `1,200`.
    Number,
    /// Horizontal whitespace.
    Space,
    /// Whitespace containing at least one line break.
    Newline,
    /// One punctuation or symbol character (quotes included).
    Punct,
    /// Control and format characters (BOM, U+001A for invalid bytes, ...).
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
    pub fn is_space(&self) -> bool {
        matches!(self.kind, TokenKind::Space | TokenKind::Newline)
    }
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 3);
    for (start, piece) in text.split_word_bound_indices() {
        let span = Span::new(start, start + piece.len());
        let kind = classify(piece);
        // UAX #29 keeps "\r\n" together but splits runs of newlines and
        // of spaces around them; merge adjacent whitespace into one token.
        if let Some(last) = tokens.last_mut() {
            let last: &mut Token = last;
            if is_ws(kind) && is_ws(last.kind) {
                last.span.end = span.end;
                if kind == TokenKind::Newline {
                    last.kind = TokenKind::Newline;
                }
                continue;
            }
        }
        tokens.push(Token { span, kind });
    }
    tokens
}

fn is_ws(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::Space | TokenKind::Newline)
}

fn classify(piece: &str) -> TokenKind {
    let mut chars = piece.chars();
    let first = match chars.next() {
        Some(c) => c,
        None => return TokenKind::Other,
    };
    if first.is_whitespace() {
        if piece.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
            return TokenKind::Newline;
        }
        if piece.chars().all(char::is_whitespace) {
            return TokenKind::Space;
        }
    }
    if piece.chars().any(char::is_alphabetic) {
        return TokenKind::Word;
    }
    if piece.chars().any(|c| c.is_numeric()) {
        return TokenKind::Number;
    }
    if first.is_control() || is_format(first) {
        return TokenKind::Other;
    }
    TokenKind::Punct
}

/// Unicode format characters that carry no text of their own.
pub fn is_format(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (&text[t.span.range()], t.kind))
            .collect()
    }

    #[test]
    fn keeps_abbreviations_decimals_and_contractions_whole() {
        let k = kinds("U.S. 3.5 don’t example.com");
        let words: Vec<&str> = k
            .iter()
            .filter(|(_, k)| *k != TokenKind::Space)
            .map(|(s, _)| *s)
            .collect();
        assert_eq!(words, vec!["U.S", ".", "3.5", "don’t", "example.com"]);
        assert!(k.contains(&("3.5", TokenKind::Number)));
    }

    #[test]
    fn merges_whitespace_and_marks_newlines() {
        let k = kinds("a \r\n\n b");
        assert_eq!(
            k,
            vec![
                ("a", TokenKind::Word),
                (" \r\n\n ", TokenKind::Newline),
                ("b", TokenKind::Word)
            ]
        );
    }

    #[test]
    fn spans_tile_the_text() {
        let text = "\u{FEFF}Hi, “you” — 😀 x\u{301}!";
        let toks = tokenize(text);
        let mut pos = 0;
        for t in &toks {
            assert_eq!(t.span.start, pos);
            pos = t.span.end;
        }
        assert_eq!(pos, text.len());
        assert_eq!(toks[0].kind, TokenKind::Other);
    }
}
