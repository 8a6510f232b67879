//! HTML character references left in plain text (`&quot;`, `&#39;`).
//! Only references ending in `;` with a known name or a valid number count,
//! and never inside a URL, so `AT&T`, `R&D` and `?a=1&b=2` stay clean.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::Span;
use crate::text::Document;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// HTML character references that were never decoded: named ones such as
    /// `&quot;`, `&amp;`, `&nbsp;`, `&mdash;`, `&rsquo;`, numeric ones such as
    /// `&#39;` and `&#x27;`, and double-escaped ones (`&amp;quot;`).
    ///
    /// ## Why it matters
    /// A scraper took the HTML source instead of the text. Readers see
    /// `Lavrov said &quot;no&quot;` instead of quotation marks.
    ///
    /// ## Example
    /// Flagged: `it&#39;s`. Instead: `it's`.
    ///
    /// ## False positives
    /// A reference must end with `;` and name a known entity or a valid code
    /// point. Ampersands in names (`AT&T`, `R&D`) and inside URLs
    /// (`?a=1&b=2`, even `&amp;` there) are not flagged.
    ///
    /// ## Fix safety
    /// Safe: the fix writes the character the reference stands for
    /// (`&nbsp;` becomes a no-break space).
    pub const HTML_ENTITY = RuleMeta {
        code: "MT036",
        name: "html-entity",
        severity: Severity::Warning,
        summary: "HTML entities left in text (`&quot;`, `&amp;`, `&#39;`).",
    };
}

pub struct HtmlEntity;

/// What the rule looks for, as a regex: the tests' reference for
/// [`next_reference`], which finds the same matches without a search
/// automaton (a text of 80,000 `&amp;` spent a fifth of its time in the
/// regex's forward and reverse searches).
#[cfg(test)]
static ENTITY: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"&(?:amp;)*(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));",
    )
    .expect("valid entity regex")
});

/// The next reference at or after `from`, as [`ENTITY`]'s leftmost-first
/// search finds it: its span and what it names.
///
/// The regex's `(?:amp;)*` is greedy and gives back one repeat when the
/// body after all of them fails, so `&amp;amp;` is one reference (named
/// `amp`) and `&amp;bogus` is `&amp;`.
fn next_reference(text: &str, mut from: usize) -> Option<(Span, Body<'_>)> {
    let bytes = text.as_bytes();
    while let Some(i) = memchr::memchr(b'&', &bytes[from..]) {
        let amp = from + i;
        let mut at = amp + 1;
        while bytes[at..].starts_with(b"amp;") {
            at += 4;
        }
        if let Some((end, body)) = body_at(text, at) {
            return Some((Span::new(amp, end), body));
        }
        if at > amp + 1 {
            return Some((Span::new(amp, at), Body::Name(&text[at - 4..at - 1])));
        }
        from = amp + 1;
    }
    None
}

/// The end and the body of a reference body starting at `at`, right after
/// `&` and its `amp;` repeats: `#` and 1 to 7 digits, `#x` and 1 to 6 hex
/// digits, or a letter and 1 to 31 letters or digits; then `;`.
fn body_at(text: &str, at: usize) -> Option<(usize, Body<'_>)> {
    let b = &text.as_bytes()[at..];
    let run = |from: usize, class: fn(&u8) -> bool| {
        b.get(from..)
            .map_or(0, |rest| rest.iter().take_while(|c| class(c)).count())
    };
    let closed = |end: usize| b.get(end) == Some(&b';');
    match b.first()? {
        b'#' => {
            let digits = run(1, u8::is_ascii_digit);
            if digits > 0 {
                return ((1..=7).contains(&digits) && closed(1 + digits)).then(|| {
                    (
                        at + 2 + digits,
                        Body::Decimal(&text[at + 1..at + 1 + digits]),
                    )
                });
            }
            if !matches!(b.get(1), Some(b'x' | b'X')) {
                return None;
            }
            let hex = run(2, u8::is_ascii_hexdigit);
            ((1..=6).contains(&hex) && closed(2 + hex))
                .then(|| (at + 3 + hex, Body::Hex(&text[at + 2..at + 2 + hex])))
        }
        c if c.is_ascii_alphabetic() => {
            let len = run(0, u8::is_ascii_alphanumeric);
            ((2..=32).contains(&len) && closed(len))
                .then(|| (at + len + 1, Body::Name(&text[at..at + len])))
        }
        _ => None,
    }
}

/// Each [`NAMED`] reference's message and replacement when it is written
/// plainly (`&amp;`), made once: a text of 80,000 `&amp;` formatted both for
/// every finding (about 13% of checking it).
static NAMED_TEXTS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    NAMED
        .iter()
        .map(|(n, c)| {
            (
                format!("HTML entity `&{n};` left in text; write `{c}`"),
                c.to_string(),
            )
        })
        .collect()
});

/// The named references common in scraped text.
const NAMED: &[(&str, char)] = &[
    ("Aacute", 'Á'),
    ("aacute", 'á'),
    ("Acirc", 'Â'),
    ("acirc", 'â'),
    ("acute", '´'),
    ("AElig", 'Æ'),
    ("aelig", 'æ'),
    ("Agrave", 'À'),
    ("agrave", 'à'),
    ("amp", '&'),
    ("apos", '\''),
    ("Aring", 'Å'),
    ("aring", 'å'),
    ("Atilde", 'Ã'),
    ("atilde", 'ã'),
    ("Auml", 'Ä'),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("brvbar", '¦'),
    ("bull", '•'),
    ("Ccedil", 'Ç'),
    ("ccedil", 'ç'),
    ("cedil", '¸'),
    ("cent", '¢'),
    ("circ", 'ˆ'),
    ("copy", '©'),
    ("curren", '¤'),
    ("Dagger", '‡'),
    ("dagger", '†'),
    ("deg", '°'),
    ("divide", '÷'),
    ("Eacute", 'É'),
    ("eacute", 'é'),
    ("Ecirc", 'Ê'),
    ("ecirc", 'ê'),
    ("Egrave", 'È'),
    ("egrave", 'è'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("ETH", 'Ð'),
    ("eth", 'ð'),
    ("Euml", 'Ë'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("gt", '>'),
    ("hellip", '…'),
    ("Iacute", 'Í'),
    ("iacute", 'í'),
    ("Icirc", 'Î'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("Igrave", 'Ì'),
    ("igrave", 'ì'),
    ("iquest", '¿'),
    ("Iuml", 'Ï'),
    ("iuml", 'ï'),
    ("laquo", '«'),
    ("ldquo", '“'),
    ("lrm", '\u{200E}'),
    ("lsaquo", '‹'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("macr", '¯'),
    ("mdash", '—'),
    ("micro", 'µ'),
    ("middot", '·'),
    ("minus", '−'),
    ("nbsp", '\u{A0}'),
    ("ndash", '–'),
    ("not", '¬'),
    ("Ntilde", 'Ñ'),
    ("ntilde", 'ñ'),
    ("Oacute", 'Ó'),
    ("oacute", 'ó'),
    ("Ocirc", 'Ô'),
    ("ocirc", 'ô'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Ograve", 'Ò'),
    ("ograve", 'ò'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("Oslash", 'Ø'),
    ("oslash", 'ø'),
    ("Otilde", 'Õ'),
    ("otilde", 'õ'),
    ("Ouml", 'Ö'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("permil", '‰'),
    ("plusmn", '±'),
    ("pound", '£'),
    ("Prime", '″'),
    ("prime", '′'),
    ("quot", '"'),
    ("raquo", '»'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rlm", '\u{200F}'),
    ("rsaquo", '›'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("sect", '§'),
    ("shy", '\u{AD}'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("szlig", 'ß'),
    ("thinsp", '\u{2009}'),
    ("THORN", 'Þ'),
    ("thorn", 'þ'),
    ("tilde", '˜'),
    ("times", '×'),
    ("trade", '™'),
    ("Uacute", 'Ú'),
    ("uacute", 'ú'),
    ("Ucirc", 'Û'),
    ("ucirc", 'û'),
    ("Ugrave", 'Ù'),
    ("ugrave", 'ù'),
    ("uml", '¨'),
    ("Uuml", 'Ü'),
    ("uuml", 'ü'),
    ("Yacute", 'Ý'),
    ("yacute", 'ý'),
    ("yen", '¥'),
    ("Yuml", 'Ÿ'),
    ("yuml", 'ÿ'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
];

impl Rule for HtmlEntity {
    fn meta(&self) -> &RuleMeta {
        &HTML_ENTITY
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        if !text.contains('&') {
            return;
        }
        // At most one finding for each `&`: room made once. Grown by
        // doubling, the findings of a text thick with references were
        // copied into fresh memory again and again (each fresh 2 MiB page
        // is zeroed): 80,000 `&amp;` took 7% less CPU time with this.
        out.reserve(memchr::memchr_iter(b'&', text.as_bytes()).count());
        // The whitespace-delimited chunk of the last reference and whether
        // it is a URL: references in one chunk share it, so a chunk is
        // scanned once however many references it holds (a run of
        // `&amp;&amp;…` with no space was quadratic before).
        let mut chunk: Option<(Span, bool)> = None;
        let mut from = 0;
        while let Some((span, body)) = next_reference(text, from) {
            from = span.end;
            let entity = &text[span.start..span.end];
            // The index in [`NAMED`] of a named reference written plainly
            // (`&amp;`, not `&amp;amp;`): its message is made already.
            let mut plain = None;
            let decoded = match body {
                Body::Decimal(dec) => dec.parse::<u32>().ok().map(char::from_u32),
                Body::Hex(hex) => u32::from_str_radix(hex, 16).ok().map(char::from_u32),
                Body::Name(name) => match named_index(name) {
                    Some(i) => {
                        if entity.len() == name.len() + 2 {
                            plain = Some(i);
                        }
                        Some(Some(NAMED[i].1))
                    }
                    None => continue,
                },
            };
            let url = match chunk {
                Some((c, url)) if c.start <= span.start && span.end <= c.end => url,
                _ => {
                    let c = chunk_around(text, span);
                    let url = is_url(&text[c.start..c.end]);
                    chunk = Some((c, url));
                    url
                }
            };
            if url {
                continue;
            }
            // Numeric references to NUL, surrogates or past U+10FFFF decode to nothing.
            let d = match (plain, decoded.filter(|c| c.is_some_and(|c| c != '\0'))) {
                (Some(i), _) => {
                    let (message, replacement) = &NAMED_TEXTS[i];
                    HTML_ENTITY.fixed(
                        span,
                        message.as_str(),
                        Fix::replace(Applicability::Safe, span, replacement.as_str()),
                    )
                }
                (None, Some(Some(c))) => HTML_ENTITY.fixed(
                    span,
                    format!("HTML entity `{entity}` left in text; write `{c}`"),
                    Fix::replace(Applicability::Safe, span, c.to_string()),
                ),
                _ => HTML_ENTITY.diagnostic(span, format!("HTML entity `{entity}` left in text")),
            };
            out.push(d);
        }
    }
}

/// What a reference names, after its `&` and any `amp;` repeats
/// (`&amp;quot;` names `quot`): what [`ENTITY`]'s groups capture.
#[derive(Debug, PartialEq)]
enum Body<'a> {
    Decimal(&'a str),
    Hex(&'a str),
    Name(&'a str),
}

/// [`NAMED`]'s names, each packed into a `u64` by [`name_key`], sorted,
/// with its index in [`NAMED`]: looking a name up is a binary search over
/// integers (comparing lowercased bytes was a tenth of checking a text of
/// `&amp;`).
static NAME_KEYS: LazyLock<Vec<(u64, usize)>> = LazyLock::new(|| {
    let mut keys: Vec<(u64, usize)> = NAMED
        .iter()
        .enumerate()
        .filter_map(|(i, (n, _))| Some((name_key(n)?, i)))
        .collect();
    keys.sort_unstable();
    keys
});

/// A name of at most 8 bytes as one integer, its bytes big-endian and
/// zero-padded; longer names have none (no name in [`NAMED`] is longer).
/// Names hold no NUL, so two names share a key only if they are equal.
fn name_key(name: &str) -> Option<u64> {
    let mut bytes = [0u8; 8];
    bytes
        .get_mut(..name.len())?
        .copy_from_slice(name.as_bytes());
    Some(u64::from_be_bytes(bytes))
}

/// The index in [`NAMED`] of `name`, matched exactly (`AMP` is not `amp`).
fn named_index(name: &str) -> Option<usize> {
    let key = name_key(name)?;
    NAME_KEYS
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .map(|j| NAME_KEYS[j].1)
}

/// The whitespace-delimited chunk of text around `span`.
fn chunk_around(text: &str, span: Span) -> Span {
    let start = text[..span.start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[span.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| span.end + i);
    Span::new(start, end)
}

/// Whether a whitespace-delimited chunk is a URL: it has a scheme, starts
/// with `www.`, or has a query string.
fn is_url(chunk: &str) -> bool {
    chunk.contains("://")
        || chunk.starts_with("www.")
        || (chunk.contains('?') && chunk.contains('='))
}

#[cfg(test)]
mod tests {
    use super::{name_key, named_index, next_reference, Body, HtmlEntity, ENTITY, NAMED};
    use crate::rules::test_support::{check, fixes, flags, passes};
    use crate::test_rng::{below, text_of};

    /// The rule as first written: a capturing search, each reference's
    /// URL chunk scanned afresh, names compared through lowercased copies.
    fn reference(text: &str) -> Vec<(usize, usize, String, Option<String>)> {
        let cmp = |a: &str, b: &str| {
            a.to_ascii_lowercase()
                .cmp(&b.to_ascii_lowercase())
                .then_with(|| a.cmp(b))
        };
        let in_url = |start: usize, end: usize| {
            let s = text[..start]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let e = text[end..]
                .find(char::is_whitespace)
                .map_or(text.len(), |i| end + i);
            let chunk = &text[s..e];
            chunk.contains("://")
                || chunk.starts_with("www.")
                || (chunk.contains('?') && chunk.contains('='))
        };
        let mut out = Vec::new();
        for caps in ENTITY.captures_iter(text) {
            let m = caps.get(0).unwrap();
            let decoded = if let Some(dec) = caps.get(1) {
                dec.as_str().parse::<u32>().ok().map(char::from_u32)
            } else if let Some(hex) = caps.get(2) {
                u32::from_str_radix(hex.as_str(), 16)
                    .ok()
                    .map(char::from_u32)
            } else if let Some(name) = caps.get(3) {
                match NAMED.binary_search_by(|(n, _)| cmp(n, name.as_str())) {
                    Ok(i) => Some(Some(NAMED[i].1)),
                    Err(_) => continue,
                }
            } else {
                continue;
            };
            if in_url(m.start(), m.end()) {
                continue;
            }
            let entity = m.as_str();
            let mut message = format!("HTML entity `{entity}` left in text");
            let mut fix = None;
            if let Some(Some(c)) = decoded.filter(|c| c.is_some_and(|c| c != '\0')) {
                message = format!("HTML entity `{entity}` left in text; write `{c}`");
                fix = Some(c.to_string());
            }
            out.push((m.start(), m.end(), message, fix));
        }
        out
    }

    /// The rule's findings as [`reference`] gives them: span, message and
    /// the replacement of the fix's one edit.
    fn findings(text: &str) -> Vec<(usize, usize, String, Option<String>)> {
        check(&HtmlEntity, text)
            .into_iter()
            .map(|d| {
                let fix = d.fix.map(|f| f.edits[0].replacement.to_string());
                (d.span.start, d.span.end, d.message.into_owned(), fix)
            })
            .collect()
    }

    /// Findings, messages and fixes equal the reference's on random text
    /// made of reference pieces, URL pieces and whitespace, including long
    /// runs of references with no space.
    #[test]
    fn agrees_with_the_capturing_reference() {
        let pieces = [
            "&", "amp;", "#", "x", "X", "1", "9", "0", "a", "F", "quot", "AMP", "Eacute", "nbsp",
            ";", " ", "\n", "?", "=", "://", "www.", "é", "&amp;", "&#39;", "&#x27;", "&#xD800;",
            "&#0;", "&zwnj;", "&bogus;",
        ];
        let mut next = below(36);
        for round in 0..3000 {
            let most = if round % 100 == 0 { 400 } else { 40 };
            let text = text_of(&mut next, &pieces, most);
            let got = findings(&text);
            assert_eq!(got, reference(&text), "{text:?}");
        }
    }

    /// Every named reference written plainly gets the message and fix it
    /// would get formatted on the spot (they come from `NAMED_TEXTS`).
    #[test]
    fn plain_named_references_read_their_made_messages() {
        for (n, c) in NAMED {
            let text = format!("x &{n}; y");
            let got = findings(&text);
            assert_eq!(got, reference(&text), "{text:?}");
            assert_eq!(got[0].3.as_deref(), Some(c.to_string().as_str()));
        }
    }

    /// The scanner finds the regex's matches, with the body its groups
    /// capture, on random text dense with reference pieces.
    #[test]
    fn scanner_finds_what_the_regex_finds() {
        let pieces = [
            "&", "amp;", "amp", "#", "x", "X", ";", "1", "9", "0", "a", "F", "g", "Z", "quot",
            "&amp;", "&#", "&#x", "1234567", "abcdef", "é", " ", "&&",
        ];
        let mut next = below(23);
        for round in 0..5000 {
            let most = if round % 100 == 0 { 300 } else { 30 };
            let text = text_of(&mut next, &pieces, most);
            let want: Vec<_> = ENTITY
                .captures_iter(&text)
                .map(|c| {
                    let m = c.get(0).unwrap();
                    let body = match (c.get(1), c.get(2), c.get(3)) {
                        (Some(d), _, _) => Body::Decimal(d.as_str()),
                        (_, Some(h), _) => Body::Hex(h.as_str()),
                        (_, _, Some(n)) => Body::Name(n.as_str()),
                        _ => unreachable!("one group matches"),
                    };
                    (m.start(), m.end(), body)
                })
                .collect();
            let mut got = Vec::new();
            let mut from = 0;
            while let Some((span, body)) = next_reference(&text, from) {
                from = span.end;
                got.push((span.start, span.end, body));
            }
            assert_eq!(got, want, "{text:?}");
        }
        for long in [31, 32, 33] {
            let text = format!("&a{};", "b".repeat(long - 1));
            let found = next_reference(&text, 0).is_some();
            assert_eq!(found, ENTITY.is_match(&text), "{text}");
        }
        for digits in ["&#1234567;", "&#12345678;", "&#x123456;", "&#x1234567;"] {
            let found = next_reference(digits, 0).is_some();
            assert_eq!(found, ENTITY.is_match(digits), "{digits}");
        }
    }

    /// Every name in the table is found at its own index; names that are
    /// not in it, differ in case, or are longer than a key are not.
    #[test]
    fn names_are_looked_up_exactly() {
        for (i, (n, _)) in NAMED.iter().enumerate() {
            assert!(name_key(n).is_some(), "{n} is longer than 8 bytes");
            assert_eq!(named_index(n), Some(i), "{n}");
        }
        for n in [
            "AMP",
            "Amp",
            "ampx",
            "am",
            "Nbsp",
            "eacutee",
            "quotquot",
            "frac123456",
        ] {
            assert_eq!(named_index(n), None, "{n}");
        }
    }

    /// The table stays sorted as [`reference`] searches it:
    /// case-insensitively, then capitals first.
    #[test]
    fn table_is_sorted_for_binary_search() {
        let cmp = |a: &str, b: &str| {
            a.to_ascii_lowercase()
                .cmp(&b.to_ascii_lowercase())
                .then_with(|| a.cmp(b))
        };
        for w in NAMED.windows(2) {
            assert_eq!(
                cmp(w[0].0, w[1].0),
                std::cmp::Ordering::Less,
                "{} then {}",
                w[0].0,
                w[1].0
            );
        }
    }

    #[test]
    fn flags_named_and_numeric_references() {
        flags(
            &HtmlEntity,
            "He said &quot;no&quot; &amp; it&#39;s over&#x27;&mdash;done",
            &["&quot;", "&quot;", "&amp;", "&#39;", "&#x27;", "&mdash;"],
        );
    }

    #[test]
    fn flags_double_escaped_once() {
        flags(&HtmlEntity, "said &amp;quot;no", &["&amp;quot;"]);
    }

    #[test]
    fn flags_invalid_code_point_without_fix() {
        let found = check(&HtmlEntity, "bad &#xD800; ref");
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn passes_ampersands_in_names() {
        passes(
            &HtmlEntity,
            "AT&T and R&D, Procter & Gamble, B&Q; rock&roll",
        );
    }

    #[test]
    fn passes_urls() {
        passes(
            &HtmlEntity,
            "See https://example.com/?a=1&amp;b=2 and www.x.org/p&amp;q and /search?q=a&lang=en;",
        );
    }

    #[test]
    fn passes_unknown_names() {
        passes(&HtmlEntity, "the &foo; macro and &c;");
    }

    #[test]
    fn decodes_them() {
        fixes(
            &HtmlEntity,
            "&quot;it&#39;s&amp;quot; &nbsp;x",
            "\"it's\" \u{a0}x",
        );
    }
}
