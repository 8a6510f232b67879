//! Which double quotation marks open and which close, decided per
//! paragraph from each mark's neighbours and, where the neighbours cannot
//! tell (`word"word`, a lone `"`), from whether a quotation is open. Shared
//! by the quote rules so that they agree on every mark; primes and single
//! quotes are left out (apostrophes make single quotes ambiguous).

use crate::source::Span;
#[cfg(test)]
use crate::text::chars::is_alphanumeric;
use crate::text::quotes::{packed_span, Side};
use crate::text::Document;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Open,
    Close,
}

/// A double quotation mark and the role it plays: 16 bytes (a file of
/// 100k marks holds 1.6 MB of them, each page touched fresh).
#[derive(Clone, Copy, Debug)]
pub struct RoledQuote {
    /// Where the mark starts ([`QuoteMark`]'s start).
    start: u32,
    /// The mark.
    pub ch: char,
    /// Index of the paragraph the mark is in (`u32::MAX` outside any;
    /// shared passes stop at 4 GiB, so no paragraph has that index).
    pub paragraph: u32,
    pub role: Role,
    /// Whether the neighbours decided the role (as opposed to the mark's
    /// shape or the open/closed state).
    pub by_position: bool,
    /// The mark's length in bytes.
    len: u8,
}

impl RoledQuote {
    /// The mark's bytes.
    #[inline]
    pub fn span(&self) -> Span {
        packed_span(self.start, self.len)
    }
}

/// Quote marks balanced by these rules: the double-quote family without primes.
pub fn is_balanced_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '＂')
}

/// The role of `c` when its shape alone decides.
#[cfg(test)]
fn role_by_shape(c: char, open: bool) -> Role {
    match c {
        '“' | '„' | '‟' | '«' => Role::Open,
        '”' | '»' => Role::Close,
        _ if open => Role::Close,
        _ => Role::Open,
    }
}

/// What the shape of a mark tells [`roled_quotes`], from one `match`.
#[derive(Clone, Copy)]
enum Shape {
    /// Not a balanced mark.
    Other,
    /// A guillemet: the role of its shape, whatever its neighbours.
    Guillemet(Role),
    /// A curly or low mark: the neighbours decide, else the shape.
    Curly(Role),
    /// A straight mark: the neighbours decide, else whether a quotation
    /// is open.
    Straight,
}

#[inline]
fn shape(c: char) -> Shape {
    match c {
        '“' | '„' | '‟' => Shape::Curly(Role::Open),
        '”' => Shape::Curly(Role::Close),
        '"' | '＂' => Shape::Straight,
        '«' => Shape::Guillemet(Role::Open),
        '»' => Shape::Guillemet(Role::Close),
        _ => Shape::Other,
    }
}

/// Every balanced double quotation mark of `doc` with its role, in order.
/// (The same as [`roled_quotes_reference`], with one `match` on each mark
/// and the paragraph looked up only when a mark is past the last one
/// found: a file of 130k marks spent 64 instructions a mark.)
pub fn roled_quotes(doc: &Document) -> Vec<RoledQuote> {
    let marks = &doc.quotes;
    // Counting the balanced marks first cost more (2.5 M instructions on
    // 150k marks) than the unused room saves.
    let mut out = Vec::with_capacity(marks.len());
    let mut open = false;
    let mut paragraph = u32::MAX;
    // The paragraph of each mark, found moving forward (marks are in text
    // order); `within` holds the first and last offsets of the last one
    // found (none when `1 > 0`).
    let mut paragraphs = doc.paragraph_cursor();
    let mut within = (1, 0);
    for mark in marks {
        let shape = shape(mark.ch);
        if matches!(shape, Shape::Other) {
            continue;
        }
        let start = mark.span().start;
        if !(within.0 <= start && start <= within.1) {
            let p = paragraphs.of(start);
            within = p.map_or((1, 0), |p| (doc.paragraphs[p].start, doc.paragraphs[p].end));
            let p = p.map_or(u32::MAX, |p| p as u32);
            if p != paragraph {
                paragraph = p;
                open = false;
            }
        }
        // Guillemets keep the role of their shape; MT017 reports their
        // spacing. The sides of the neighbours were found with the marks.
        let positional = match shape {
            Shape::Guillemet(_) => None,
            _ => match (mark.left(), mark.right()) {
                (Side::Space, Side::Text) => Some(Role::Open),
                (Side::Text, Side::Space | Side::Punct) | (Side::Punct, Side::Space) => {
                    Some(Role::Close)
                }
                _ => None,
            },
        };
        let role = positional.unwrap_or(match shape {
            Shape::Guillemet(role) | Shape::Curly(role) => role,
            _ if open => Role::Close,
            _ => Role::Open,
        });
        open = role == Role::Open;
        out.push(RoledQuote {
            start: start as u32,
            len: mark.span().len() as u8,
            ch: mark.ch,
            paragraph,
            role,
            by_position: positional.is_some(),
        });
    }
    out
}

/// [`roled_quotes`] as first written, the tests' reference.
#[cfg(test)]
fn roled_quotes_reference(doc: &Document) -> Vec<RoledQuote> {
    let marks = &doc.quotes;
    let mut out = Vec::with_capacity(marks.len());
    let mut open = false;
    let mut paragraph = u32::MAX;
    for mark in marks {
        if !is_balanced_mark(mark.ch) {
            continue;
        }
        let p = doc
            .paragraph_of(mark.span().start)
            .map_or(u32::MAX, |p| p as u32);
        if p != paragraph {
            paragraph = p;
            open = false;
        }
        let positional = if matches!(mark.ch, '«' | '»') {
            None
        } else {
            match (mark.left(), mark.right()) {
                (Side::Space, Side::Text) => Some(Role::Open),
                (Side::Text, Side::Space | Side::Punct) | (Side::Punct, Side::Space) => {
                    Some(Role::Close)
                }
                _ => None,
            }
        };
        let role = positional.unwrap_or_else(|| role_by_shape(mark.ch, open));
        open = role == Role::Open;
        let span = mark.span();
        out.push(RoledQuote {
            start: span.start as u32,
            len: span.len() as u8,
            ch: mark.ch,
            paragraph,
            role,
            by_position: positional.is_some(),
        });
    }
    out
}

/// Whether a `“` closing a quotation is the German/Czech convention (`„…“`)
/// rather than a reversed mark: the quotation it closes opened with `„`.
pub fn low_nine_opened(opener: Option<&RoledQuote>) -> bool {
    opener.is_some_and(|o| o.ch == '„')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::quotes::{left_side, right_side};

    fn roles(text: &str) -> Vec<(char, Role)> {
        let doc = Document::from_text(text);
        roled_quotes(&doc)
            .into_iter()
            .map(|q| (q.ch, q.role))
            .collect()
    }

    #[test]
    fn decides_by_neighbours_then_shape_then_state() {
        use Role::*;
        assert_eq!(roles("“Hi,” she said"), vec![('“', Open), ('”', Close)]);
        assert_eq!(roles("missiles“, as"), vec![('“', Close)]);
        assert_eq!(roles("said,“We"), vec![('“', Open)]);
        assert_eq!(
            roles("the \"ultimatums\"and"),
            vec![('"', Open), ('"', Close)]
        );
        assert_eq!(
            roles("a \"b\"c\"d"),
            vec![('"', Open), ('"', Close), ('"', Open)]
        );
        assert_eq!(roles("possibility »of"), vec![('»', Close)]);
    }

    /// The sides as first written, whitespace tested first.
    fn left_reference(c: Option<char>) -> Side {
        match c {
            None => Side::Space,
            Some(c) if c.is_whitespace() => Side::Space,
            Some('(' | '[' | '{' | '—' | '–' | '‘' | '“' | '„' | '«' | '\u{FEFF}') => {
                Side::Space
            }
            Some(c) if is_alphanumeric(c) || c == '%' => Side::Text,
            Some(_) => Side::Punct,
        }
    }

    fn right_reference(c: Option<char>) -> Side {
        match c {
            None => Side::Space,
            Some(c) if c.is_whitespace() => Side::Space,
            Some(c) if is_alphanumeric(c) => Side::Text,
            Some('(' | '[' | '‘' | '\'' | '$' | '£' | '€' | '¿' | '¡' | '#' | '@' | '…') => {
                Side::Text
            }
            Some(_) => Side::Punct,
        }
    }

    #[test]
    fn sides_agree_with_the_reference_on_every_scalar_value() {
        let all = std::iter::once(None).chain((0..=0x10FFFF).filter_map(char::from_u32).map(Some));
        for c in all {
            assert!(left_side(c) == left_reference(c), "{c:?}");
            assert!(right_side(c) == right_reference(c), "{c:?}");
        }
        // The sides found with each mark are those of its neighbours.
        let text = "a“b” (\"x\"%) «y» ’„z“ —\"q\"\u{FEFF}“ …”$ ”\n“";
        let doc = Document::from_text(text);
        assert!(doc.quotes.len() > 12);
        for m in &doc.quotes {
            let prev = text[..m.span().start].chars().next_back();
            let next = text[m.span().end..].chars().next();
            assert!(m.left() == left_reference(prev), "{m:?}");
            assert!(m.right() == right_reference(next), "{m:?}");
        }
    }

    #[test]
    fn paragraphs_and_neighbours_agree_with_a_search_per_mark() {
        let text = "“a” \"b\"\"c\" «d»\n\n„e“ x\"y\n\n\n”f“ ““”” \"\"\n\n«»";
        let doc = Document::from_text(text);
        let roled = roled_quotes(&doc);
        assert!(roled.len() > 10);
        // The balanced marks, with the marks' spans, in 16 bytes each.
        let balanced: Vec<_> = doc
            .quotes
            .iter()
            .filter(|m| is_balanced_mark(m.ch))
            .collect();
        assert_eq!(roled.len(), balanced.len());
        for (q, m) in roled.iter().zip(balanced) {
            assert_eq!((q.span(), q.ch), (m.span(), m.ch));
        }
        assert_eq!(std::mem::size_of::<RoledQuote>(), 16);
        for q in &roled {
            assert_eq!(
                q.paragraph,
                doc.paragraph_of(q.span().start)
                    .map_or(u32::MAX, |p| p as u32)
            );
        }
    }

    #[test]
    fn roles_agree_with_the_reference_on_random_text() {
        let pieces = [
            "\"", "“", "”", "„", "‟", "«", "»", "＂", "″", "’", "'", " ", "  ", "\n", "\n\n",
            "\n \n", "a", "word", "9", ".", ",", "(", "—", "é", "\u{A0}",
        ];
        let mut next = crate::test_rng::below(0x2F6B_1C3D_94E5_A7F1);
        let mut roled = 0;
        for _ in 0..20_000 {
            let text = crate::test_rng::text_of(&mut next, &pieces, 40);
            let doc = Document::from_text(&text);
            let fast = roled_quotes(&doc);
            let slow = roled_quotes_reference(&doc);
            let key = |q: &RoledQuote| (q.span(), q.ch, q.paragraph, q.role, q.by_position);
            assert_eq!(
                fast.iter().map(key).collect::<Vec<_>>(),
                slow.iter().map(key).collect::<Vec<_>>(),
                "{text:?}"
            );
            roled += fast.len();
        }
        assert!(roled > 50_000, "{roled}");
    }

    #[test]
    fn state_resets_per_paragraph() {
        use Role::*;
        assert_eq!(roles("x \"a\n\nb\"c"), vec![('"', Open), ('"', Open)]);
    }
}
