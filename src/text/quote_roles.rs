//! Which double quotation marks open and which close, decided per
//! paragraph from each mark's neighbours and, where the neighbours cannot
//! tell (`word"word`, a lone `"`), from whether a quotation is open. Shared
//! by the quote rules so that they agree on every mark; primes and single
//! quotes are left out (apostrophes make single quotes ambiguous).

use crate::text::chars::is_alphanumeric;
use crate::text::quotes::{char_at, char_before, is_quote, QuoteMark};
use crate::text::Document;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Open,
    Close,
}

/// A double quotation mark and the role it plays.
#[derive(Clone, Copy, Debug)]
pub struct RoledQuote {
    /// Index into `doc.quotes`.
    pub index: usize,
    pub mark: QuoteMark,
    pub role: Role,
    /// Whether the neighbours decided the role (as opposed to the mark's
    /// shape or the open/closed state).
    pub by_position: bool,
    /// Index of the paragraph the mark is in.
    pub paragraph: usize,
}

/// Quote marks balanced by these rules: the double-quote family without primes.
pub fn is_balanced_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '＂')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Space,
    Text,
    Punct,
}

// The cheap tests first: `is_whitespace` looks non-ASCII chars up in a
// table, and no whitespace char is alphanumeric, in the lists or a quote
// mark (the neighbour of a mark is often a mark).
fn left_side(c: Option<char>) -> Side {
    let Some(c) = c else { return Side::Space };
    if matches!(
        c,
        '(' | '[' | '{' | '—' | '–' | '‘' | '“' | '„' | '«' | '\u{FEFF}'
    ) {
        Side::Space
    } else if is_alphanumeric(c) || c == '%' {
        Side::Text
    } else if !is_quote(c) && c.is_whitespace() {
        Side::Space
    } else {
        Side::Punct
    }
}

fn right_side(c: Option<char>) -> Side {
    let Some(c) = c else { return Side::Space };
    if is_alphanumeric(c)
        || matches!(
            c,
            '(' | '[' | '‘' | '\'' | '$' | '£' | '€' | '¿' | '¡' | '#' | '@' | '…'
        )
    {
        Side::Text
    } else if !is_quote(c) && c.is_whitespace() {
        Side::Space
    } else {
        Side::Punct
    }
}

/// The role of `c` when its shape alone decides.
fn role_by_shape(c: char, open: bool) -> Role {
    match c {
        '“' | '„' | '‟' | '«' => Role::Open,
        '”' | '»' => Role::Close,
        _ if open => Role::Close,
        _ => Role::Open,
    }
}

/// Every balanced double quotation mark of `doc` with its role, in order.
pub fn roled_quotes(doc: &Document) -> Vec<RoledQuote> {
    let text = doc.text();
    let mut out = Vec::with_capacity(doc.quotes.len());
    let bytes = text.as_bytes();
    let marks = &doc.quotes;
    let paragraphs = &doc.paragraphs;
    let mut open = false;
    let mut paragraph = usize::MAX;
    // The paragraph of each mark, found moving forward (marks are in text
    // order): `doc.paragraph_of` without a search per mark.
    let mut at = 0;
    for (index, mark) in marks.iter().enumerate() {
        if !is_balanced_mark(mark.ch) {
            continue;
        }
        let offset = mark.span.start;
        while at < paragraphs.len() && paragraphs[at].end < offset {
            at += 1;
        }
        let p = if at < paragraphs.len() && paragraphs[at].start <= offset {
            at
        } else {
            usize::MAX
        };
        if p != paragraph {
            paragraph = p;
            open = false;
        }
        // A neighbour that is a mark itself is known, not decoded.
        let prev = match index.checked_sub(1).map(|k| &marks[k]) {
            Some(m) if m.span.end == offset => Some(m.ch),
            _ => char_before(bytes, offset),
        };
        let next = match marks.get(index + 1) {
            Some(m) if m.span.start == mark.span.end => Some(m.ch),
            _ => char_at(bytes, mark.span.end).map(|(c, _)| c),
        };
        let (l, r) = (left_side(prev), right_side(next));
        // Guillemets keep the role of their shape; MT017 reports their spacing.
        let positional = if matches!(mark.ch, '«' | '»') {
            None
        } else {
            match (l, r) {
                (Side::Space, Side::Text) => Some(Role::Open),
                (Side::Text, Side::Space | Side::Punct) | (Side::Punct, Side::Space) => {
                    Some(Role::Close)
                }
                _ => None,
            }
        };
        let role = positional.unwrap_or_else(|| role_by_shape(mark.ch, open));
        open = role == Role::Open;
        out.push(RoledQuote {
            index,
            mark: *mark,
            role,
            by_position: positional.is_some(),
            paragraph,
        });
    }
    out
}

/// Whether a `“` closing a quotation is the German/Czech convention (`„…“`)
/// rather than a reversed mark: the quotation it closes opened with `„`.
pub fn low_nine_opened(opener: Option<&RoledQuote>) -> bool {
    opener.is_some_and(|o| o.mark.ch == '„')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(char, Role)> {
        let doc = Document::from_text(text);
        roled_quotes(&doc)
            .into_iter()
            .map(|q| (q.mark.ch, q.role))
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
    }

    #[test]
    fn paragraphs_and_neighbours_agree_with_a_search_per_mark() {
        let text = "“a” \"b\"\"c\" «d»\n\n„e“ x\"y\n\n\n”f“ ““”” \"\"\n\n«»";
        let doc = Document::from_text(text);
        let roled = roled_quotes(&doc);
        assert!(roled.len() > 10);
        for q in &roled {
            assert_eq!(
                q.paragraph,
                doc.paragraph_of(q.mark.span.start).unwrap_or(usize::MAX)
            );
        }
    }

    #[test]
    fn state_resets_per_paragraph() {
        use Role::*;
        assert_eq!(roles("x \"a\n\nb\"c"), vec![('"', Open), ('"', Open)]);
    }
}
