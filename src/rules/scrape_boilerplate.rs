//! Lines that belong to the web page, not the article: navigation, comment
//! forms, newsletter calls, credits, datelines and site names. The phrase
//! list lives in `lints/data/boilerplate.txt`; line shape and position
//! decide, so the same words inside a sentence are never flagged.

use super::{Rule, RuleMeta};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;
use crate::text::Document;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use regex::Regex;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// Whole lines of web-page chrome left in scraped articles: related-link
    /// lines (`See also`, `Read also: …`, `Related Posts`, `You may also
    /// like`), comment forms (`Leave a Reply`, `Your email address will not be
    /// published.`), newsletter and social calls (`… News To Your Inbox!`,
    /// `We don’t spam!`, `Share this:`), `Tags:` lines, photo captions with
    /// credits (`… Photo: Agency`, `… / Reuters`), credit lines (`Editor:
    /// Name`, `Source Link`), bylines (`by time news`; a writer's name is not flagged), author bios at the
    /// end, and at the top of the document datelines (`Tuesday, May 21,
    /// 2024`), breadcrumbs (`Home » World`) and site names after a title
    /// (`Title | Politics news | DW`, reported from the first `|`).
    ///
    /// ## Why it matters
    /// Such lines are not part of the article. Left in, they get translated,
    /// indexed and read as if the author wrote them, and they pollute corpora
    /// built from scraped text.
    ///
    /// ## Example
    /// Flagged: a line `Leave a Reply` after the last paragraph. Instead:
    /// delete the line.
    ///
    /// ## False positives
    /// A phrase must make up the whole line, or begin it followed by a
    /// separator (`:`, a no-break space, `|`, a dash), or begin a short line;
    /// `see also the appendix` or `leave a reply` inside a paragraph is not
    /// flagged. Datelines, breadcrumbs and site names count only in the first
    /// three lines. Section headings such as `Background` are not in the list.
    pub const SCRAPE_BOILERPLATE = RuleMeta {
        code: "MT030",
        name: "scrape-boilerplate",
        severity: Severity::Warning,
        summary: "Web-page chrome left in the text (`Related Posts`, `Leave a Reply`, captions, datelines).",
    };
}

pub struct ScrapeBoilerplate;

/// The phrase list, by section of `lints/data/boilerplate.txt`.
struct Phrases {
    whole_line: FxHashSet<String>,
    /// Bit `n` set when some `whole_line` phrase is `n` bytes long (bit 63:
    /// 63 bytes or more), so most lines skip the hash lookup.
    whole_line_lengths: u64,
    /// The most words of any `whole_line` phrase.
    whole_line_words: usize,
    start: AhoCorasick,
    /// The first two bytes of the `start` patterns, ASCII-lowercased.
    start_heads: Heads,
    sentence: AhoCorasick,
    /// The first two bytes of the `sentence` patterns, ASCII-lowercased.
    sentence_heads: Heads,
    end: Vec<String>,
}

/// The first two bytes of every pattern of an automaton, ASCII-lowercased,
/// as a set of 65,536 bits (one per pair), or `None` when a pattern is
/// shorter: a line whose first two bytes are none of them can match no
/// pattern at its start (the automata match ASCII letters
/// case-insensitively and every other byte exactly).
type Heads = Option<Box<[u64; 1024]>>;

/// The bit of [`Heads`] for a line or pattern starting `a`, `b`.
fn head_bit(a: u8, b: u8) -> usize {
    usize::from(u16::from_le_bytes([
        a.to_ascii_lowercase(),
        b.to_ascii_lowercase(),
    ]))
}

/// Whether `line` may start with a pattern that has one of `heads`.
fn may_start_with(heads: &Heads, line: &str) -> bool {
    let Some(heads) = heads else {
        return true;
    };
    match line.as_bytes() {
        &[a, b, ..] => {
            let bit = head_bit(a, b);
            heads[bit / 64] >> (bit % 64) & 1 != 0
        }
        _ => false,
    }
}

static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let mut sections: [Vec<String>; 4] = Default::default();
    let mut current = None;
    for line in include_str!("../../lints/data/boilerplate.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        current = match line {
            "[line]" => Some(0),
            "[start]" => Some(1),
            "[sentence]" => Some(2),
            "[end]" => Some(3),
            _ => {
                let i = current.expect("boilerplate.txt: phrase before any [section]");
                sections[i].push(normalise(line));
                continue;
            }
        };
    }
    let [line, start, sentence, end] = sections;
    let (start, start_heads) = anchored_automaton(&start);
    let (sentence, sentence_heads) = anchored_automaton(&sentence);
    Phrases {
        whole_line_words: line.iter().map(|l| l.split(' ').count()).max().unwrap_or(0),
        whole_line_lengths: line.iter().fold(0, |bits, l| bits | length_bit(l.len())),
        whole_line: line.into_iter().collect(),
        start,
        start_heads,
        sentence,
        sentence_heads,
        end,
    }
});

/// The [`Phrases::whole_line_lengths`] bit of a string of `len` bytes.
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// Case-insensitive, anchored at the line start; apostrophes in either
/// form. With the [`Heads`] of its patterns.
fn anchored_automaton(phrases: &[String]) -> (AhoCorasick, Heads) {
    let mut all = Vec::new();
    for p in phrases {
        all.push(p.clone());
        if p.contains('\'') {
            all.push(p.replace('\'', "\u{2019}"));
        }
    }
    let heads = all.iter().try_fold(Box::new([0u64; 1024]), |mut bits, p| {
        let &[a, b, ..] = p.as_bytes() else {
            return None;
        };
        let bit = head_bit(a, b);
        bits[bit / 64] |= 1 << (bit % 64);
        Some(bits)
    });
    // A contiguous NFA, not a DFA: it builds several times faster (once per
    // process) and runs only on the few lines that pass the `Heads` test.
    let automaton = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(&all)
        .expect("boilerplate automaton within size limits");
    (automaton, heads)
}

/// Lowercase, straight apostrophes, single spaces.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_into(s, &mut out);
    out
}

/// [`normalise`] into `out` (cleared first), reusing its buffer.
fn normalise_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        if single_spaced(s.as_bytes()) {
            out.push_str(s);
            out.make_ascii_lowercase();
            return;
        }
        // `split_whitespace` on ASCII splits at tab, line feed, vertical
        // tab, form feed, carriage return and space.
        let is_ws = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if is_ws(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !is_ws(bytes[i]) {
                i += 1;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s[start..i]);
        }
        out.make_ascii_lowercase();
        return;
    }
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
            continue;
        }
        out.extend(
            word.chars()
                .map(|c| if c == '\u{2019}' { '\'' } else { c })
                .flat_map(char::to_lowercase),
        );
    }
}

/// Whether ASCII `bytes` have no white space but single spaces between
/// words: then [`normalise`] only lowercases them. Written as folds
/// without early exits, which the compiler vectorises.
fn single_spaced(bytes: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    // Tab, line feed, vertical tab, form feed, carriage return.
    let control = |b: u8| b.wrapping_sub(b'\t') < 5;
    let bad = bytes.iter().zip(&bytes[1..]).fold(false, |bad, (&a, &b)| {
        bad | (a == b' ') & (b == b' ') | control(a)
    });
    !bad && first != b' ' && last != b' ' && !control(last)
}

static COUNT_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\(\d+\)$|^\d+\s+").expect("valid count regex"));

const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let day = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day";
    Regex::new(&format!(
        r"(?i)^(?:{day},?\s+)?(?:(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS}))(?:,?\s+\d{{4}})?(?:,?\s+\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?)?$|^{day},?\s+\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}$"
    ))
    .expect("valid dateline regex")
});

/// Whether [`DATELINE`] may match `line`: it starts with a digit, or
/// with the first three letters of a day or month name in any case. A
/// non-ASCII byte among the first three lets the line through (a Unicode
/// digit, or `ſ`, which case folding equates with `s`).
///
/// Every document's first lines are tested for a dateline, and building
/// the regex costs 5 M instructions (more than checking a short file):
/// with this test a run whose top lines cannot be datelines never builds it.
fn may_be_dateline(line: &str) -> bool {
    const HEADS: [&[u8; 3]; 19] = [
        b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun", b"jan", b"feb", b"mar", b"apr",
        b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
    ];
    let b = line.as_bytes();
    if b.first().is_some_and(|c| c.is_ascii_digit()) || b.iter().take(3).any(|c| !c.is_ascii()) {
        return true;
    }
    let Some(head) = b.get(..3) else {
        return false;
    };
    let lower = [
        head[0].to_ascii_lowercase(),
        head[1].to_ascii_lowercase(),
        head[2].to_ascii_lowercase(),
    ];
    HEADS.iter().any(|h| **h == lower)
}

static BREADCRUMB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Home(?:\s*[»>›/|]\s*\S|[A-Z][a-z])").expect("valid breadcrumb regex")
});

/// A site byline (`by time news`, `By Staff`); a writer's name is article
/// metadata and stays clean (`By Rebecca Lindgren`).
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^by\s+(?:[\w.'’-]+\s+){0,3}(?:news|staff|desk|team|editorial)$")
        .expect("valid byline regex")
});

/// A caption credit at the end of a line: `… Photo: Agency Name`,
/// `… (Photo by Name)`; for `… / Reuters` see [`SLASH_CREDIT`].
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[.!?]\s+|\s)(?:Photo|Photograph|Image|Picture|Credit|Foto)s?:\s*\S+(?:\s+\S+){0,5}$|\((?:Photo|Image)s?(?: by|:)\s[^()]{1,60}\)$",
    )
    .expect("valid credit regex")
});

/// A credit after a slash at the end of a line, `… / Reuters`: the
/// pattern `\s/\s*W(?:\s+W){0,3}$` with `W` = `\p{Lu}[\w.&-]*`, one to
/// four capitalised words. Written `(?:\s*W)+` its automaton holds `W`
/// once instead of four times (the Unicode classes made it the costliest
/// regex to build, about 15 M instructions, paid on every run that meets a
/// candidate line); [`is_credit`] counts the words. The two forms agree:
/// two `W` with nothing between are one `W` (`\p{Lu}` is within `\w`),
/// and `W` holds no white space.
static SLASH_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s/(?:\s*\p{Lu}[\w.&-]*)+$").expect("valid slash credit regex"));

/// Whether a caption credit ends `line`: [`CREDIT`] matches, or the slash
/// credit `\s/\s*W(?:\s+W){0,3}$` (see [`SLASH_CREDIT`]) does.
fn is_credit(line: &str) -> bool {
    if CREDIT.is_match(line) {
        return true;
    }
    // A slash credit's words hold no slash: it follows the last slash.
    let Some(i) = line.rfind('/') else {
        return false;
    };
    // `split_whitespace` splits at `\s` (both are Unicode `White_Space`).
    line[i + 1..].split_whitespace().nth(4).is_none() && SLASH_CREDIT.is_match(line)
}

static AUTHOR_BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\p{Lu}[\w'’-]+(?:\s+\p{Lu}[\w'’-]+){1,2}) is (?:a |an |the )?(?:[a-z-]+ ){0,3}(?:editor|writer|journalist|reporter|correspondent|contributor|author|columnist)\b",
    )
    .expect("valid bio regex")
});

impl Rule for ScrapeBoilerplate {
    fn meta(&self) -> &RuleMeta {
        &SCRAPE_BOILERPLATE
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let lines = &doc.source.lines;
        // Non-blank lines, trimmed.
        let spans: Vec<Span> = (0..lines.line_count())
            .map(|i| trim(text, lines.line_content(text, i)))
            .filter(|s| !s.is_empty())
            .collect();
        let count = spans.len();
        let mut norm = String::new();
        for (n, &span) in spans.iter().enumerate() {
            let line = &text[span.range()];
            if line.len() > 2000 {
                continue;
            }
            let top = n < 3;
            let bottom = count - n <= 12;
            if let Some((span, why)) = classify(line, span, top, bottom, &mut norm) {
                out.push(
                    SCRAPE_BOILERPLATE.diagnostic(span, format!("{why}: not part of the article")),
                );
                // "George Holan" on its own line above "George Holan is chief editor …".
                if why == "author bio" && n > 0 {
                    let prev = spans[n - 1];
                    let name = AUTHOR_BIO
                        .captures(line)
                        .and_then(|c| c.get(1))
                        .map(|m| m.as_str());
                    if name == Some(&text[prev.range()]) {
                        out.push(
                            SCRAPE_BOILERPLATE
                                .diagnostic(prev, "author name line: not part of the article"),
                        );
                    }
                }
            }
        }
    }
}

/// Why `line` (at `span`) is boilerplate, and which part of it. `norm` is
/// a buffer for the normalised line.
fn classify(
    line: &str,
    span: Span,
    top: bool,
    bottom: bool,
    norm: &mut String,
) -> Option<(Span, &'static str)> {
    let phrases = &*PHRASES;
    // `words`, and those not made of trailing punctuation alone: trimming
    // the end removes only the latter, the count regex at most two words,
    // so a line with many real words can be no `whole_line` phrase.
    // Counted up to ten words: only the rare lines that may match a
    // `sentence` phrase or a credit need to know about fifteen.
    let (words, real_words) = count_words(line, 10, phrases.whole_line_words + 2);
    let short = || words <= 10 || count_words(line, SHORT_LINE, 0).0 <= SHORT_LINE;
    let mut bare = std::borrow::Cow::Borrowed("");
    if words <= 10 || real_words <= phrases.whole_line_words + 2 {
        normalise_into(line, norm);
        let trimmed = norm.trim_end_matches(TRAILING);
        // The count regex can only match before a closing `)` or after a digit.
        bare = if trimmed.ends_with(')')
            || trimmed.starts_with(|c: char| crate::text::chars::is_numeric(c))
        {
            COUNT_SUFFIX.replace_all(trimmed, "")
        } else {
            std::borrow::Cow::Borrowed(trimmed)
        };
        if phrases.whole_line_lengths & length_bit(bare.len()) != 0
            && phrases.whole_line.contains(bare.as_ref())
        {
            return Some((span, "navigation or form line"));
        }
    }
    let input = Input::new(line).anchored(Anchored::Yes);
    let start = if may_start_with(&phrases.start_heads, line) {
        phrases.start.find(input.clone())
    } else {
        None
    };
    if let Some(m) = start {
        let rest = &line[m.end()..];
        let first = rest.chars().next();
        let separator = match first {
            None => true,
            Some(c) => matches!(c, ':' | '\u{A0}' | '|' | '»' | '>' | '›' | '–' | '—' | '-'),
        };
        // "See also Scots paramedic sacked …": a headline after a related-link label.
        let headline = first == Some(' ')
            && matches!(
                &line[..m.end()].to_ascii_lowercase()[..],
                "see also" | "read also" | "also read" | "also see"
            )
            && rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && !line.ends_with('.');
        if separator || headline {
            return Some((span, "related-link or credit line"));
        }
    }
    if may_start_with(&phrases.sentence_heads, line) && short() {
        if let Some(m) = phrases.sentence.find(input) {
            let after = line[m.end()..].chars().next();
            if !after.is_some_and(crate::text::chars::is_alphanumeric) {
                return Some((span, "comment-form, newsletter or share line"));
            }
        }
    }
    if words <= 10 {
        for p in &phrases.end {
            if let Some(head) = bare.strip_suffix(p.as_str()) {
                if head.is_empty() || head.ends_with(' ') || head.ends_with('.') {
                    return Some((span, "newsletter line"));
                }
            }
        }
    }
    if top {
        if may_be_dateline(line) && DATELINE.is_match(line) {
            return Some((span, "site dateline"));
        }
        if line.starts_with("Home") && BREADCRUMB.is_match(line) {
            return Some((span, "breadcrumb"));
        }
        if let Some(i) = site_suffix(line) {
            return Some((
                Span::new(span.start + i, span.end),
                "site name after the title",
            ));
        }
    }
    // `by` has no case variant outside ASCII, so a byline starts `by`.
    let by = line
        .as_bytes()
        .get(..2)
        .is_some_and(|h| h.eq_ignore_ascii_case(b"by"));
    if (top || bottom) && words <= 6 && by && BYLINE.is_match(line) {
        return Some((span, "byline"));
    }
    if !line.ends_with('.')
        && credit_candidate(line)
        && (short() || count_words(line, CAPTION_WORDS, 0).0 <= CAPTION_WORDS)
        && is_credit(line)
    {
        return Some((span, "photo caption or credit"));
    }
    if bottom && bio_candidate(line) && AUTHOR_BIO.is_match(line) {
        return Some((span, "author bio"));
    }
    None
}

/// Characters a line may end in that `classify` trims before looking up
/// whole-line phrases.
const TRAILING: [char; 7] = [':', '.', '!', '…', ' ', '»', '>'];

/// The most words of a line `classify` matches phrases in; only a caption
/// may be longer.
const SHORT_LINE: usize = 15;

/// The most words of a photo caption.
const CAPTION_WORDS: usize = 60;

/// The whitespace-separated words of `line` (as `str::split_whitespace`
/// splits them), and how many of those are not made of [`TRAILING`]
/// characters alone. Counting stops once the words exceed `most_words` and
/// the real words exceed `real_limit`, so a long paragraph costs no more
/// than its first words. ASCII is read eight bytes at a time; from the
/// first eight bytes holding a non-ASCII one, a character scan goes on
/// (decoding only non-ASCII characters).
fn count_words(line: &str, most_words: usize, real_limit: usize) -> (usize, usize) {
    if let Some(counts) = surely_long(line, most_words, real_limit) {
        return counts;
    }
    count_words_exactly(line, most_words, real_limit)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Lower bounds of the words and real words of `line`, once they exceed
/// `most_words` and `real_limit` (`None` if they never do, or the line is
/// too short for the fast count to pay; then [`count_words_exactly`]
/// counts). A long paragraph, most lines of prose, is settled here at a
/// fraction of the cost of the exact count.
///
/// Only the words that begin after an ASCII space (or at the line start)
/// with an ASCII byte from `?` up (a letter, most of all) are counted: each
/// begins a word of the exact count, and a real one (its first character is
/// neither white space nor a trailing mark). The count stands for both
/// bounds, so it must exceed both limits.
fn surely_long(line: &str, most_words: usize, real_limit: usize) -> Option<(usize, usize)> {
    let need = most_words.max(real_limit);
    let bytes = line.as_bytes();
    // Each counted word after the first takes a space and a byte; and a
    // line of few bytes a word is left to the exact count at once.
    if bytes.len() <= 4 * need + 4 {
        return None;
    }
    let mut count = 0;
    // The high bit of lane 0 when the byte before the next eight is a
    // space (the line start counts as one).
    let mut after_space = 0x80;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        count += word_starts(lanes(chunk), &mut after_space);
        if count > need {
            return Some((count, count));
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        count += word_starts(lanes_at(rest, 0), &mut after_space);
    }
    (count > need).then_some((count, count))
}

/// Eight bytes as little-endian lanes.
#[inline]
fn lanes(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().unwrap_or_default())
}

/// The lanes of `v` that begin a word [`surely_long`] counts: a byte from
/// `?` (0x3f) to 0x7f after a space. `after_space` carries the high bit of
/// lane 0 when the byte before `v` is a space, and is updated for the next
/// lanes.
#[inline]
fn word_starts(v: u64, after_space: &mut u64) -> usize {
    // Every sum below stays within its lane (low seven bits plus at most
    // 0x7f). A lane is a space when `v ^ 0x20` is zero: then neither its
    // low bits added to 0x7f nor its own high bit set the high bit.
    let x = v ^ (LO * u64::from(b' '));
    let space = !(((x & !HI) + !HI) | x) & HI;
    let letter = ((v & !HI) + LO * u64::from(0x80 - b'?')) & !v & HI;
    let starts = (space << 8 | *after_space) & letter;
    *after_space = space >> 56;
    lanes_set(starts)
}

/// The number of lanes of `bits` (high bits only) that are set: their
/// ones, summed into the top lane by the multiplication (no popcount
/// instruction on baseline x86-64).
#[inline]
fn lanes_set(bits: u64) -> usize {
    ((bits >> 7).wrapping_mul(LO) >> 56) as usize
}

/// The eight bytes at `at` as little-endian lanes, padded with spaces
/// past the end of `bytes`.
#[inline]
fn lanes_at(bytes: &[u8], at: usize) -> u64 {
    let lanes: [u8; 8] = match bytes.get(at..at + 8) {
        Some(chunk) => chunk.try_into().unwrap_or_default(),
        None => {
            let mut lanes = [b' '; 8];
            lanes[..bytes.len() - at].copy_from_slice(&bytes[at..]);
            lanes
        }
    };
    u64::from_le_bytes(lanes)
}

/// The exact [`count_words`], eight ASCII bytes at a time.
fn count_words_exactly(line: &str, most_words: usize, real_limit: usize) -> (usize, usize) {
    let bytes = line.as_bytes();
    let mut count = WordCount::default();
    // `pending`: the bytes read so far end in white space and trailing
    // marks only (or there are none), so a word character next begins a
    // real word. The line start counts as white space.
    let (mut after_ws, mut pending) = (true, true);
    let mut at = 0;
    while at < bytes.len() {
        let v = lanes_at(bytes, at);
        if v & HI != 0 {
            break;
        }
        // Every lane is below 0x80, so no sum below carries into the next
        // lane; a lane's high bit then says whether it is at least `b` for
        // `v + (0x80 - b)`, and whether it differs from `b` for
        // `(v ^ b) + 0x7f`.
        let at_least = |b: u8| v + LO * u64::from(0x80 - b);
        let not = |b: u8| (v ^ (LO * u64::from(b))) + LO * 0x7f;
        // Tab, line feed, vertical tab, form feed, carriage return, space
        // (padding past the end of the line is white space too).
        let ws = ((at_least(0x09) & !at_least(0x0e)) | !not(b' ')) & HI;
        let trailing = !(not(b':') & not(b'.') & not(b'!') & not(b'>')) & HI;
        let word_char = !(ws | trailing) & HI;
        // A word begins at a lane that is no white space after one that is.
        let starts = ((ws << 8) | u64::from(after_ws) << 7) & !ws & HI;
        // Real words begin at the first word character after white space
        // and trailing marks: a one added to the lane after white space
        // carries through a run of trailing-mark lanes (all ones) to the
        // lane after it.
        let marks = (trailing >> 7) * 0xff;
        let (sum, carry) = marks.overflowing_add(((ws << 1) | u64::from(pending)) & LO);
        let real_starts = (sum & LO) << 7 & word_char;
        count.words += lanes_set(starts);
        count.real_words += lanes_set(real_starts);
        after_ws = ws >> 63 != 0;
        pending = after_ws || carry;
        at += 8;
        if count.words > most_words && count.real_words > real_limit {
            return (count.words, count.real_words);
        }
    }
    if at >= bytes.len() {
        return (count.words, count.real_words);
    }
    count.in_word = !after_ws;
    count.real = count.in_word && !pending;
    count.scan(line, at, most_words, real_limit)
}

/// The state of [`count_words`] between characters.
#[derive(Default)]
struct WordCount {
    words: usize,
    real_words: usize,
    /// The last character read is no white space.
    in_word: bool,
    /// The current word has a character that is no trailing mark.
    real: bool,
}

impl WordCount {
    /// Counts on from byte `at` of `line` (a char boundary), one character
    /// at a time.
    fn scan(mut self, line: &str, at: usize, most: usize, real_limit: usize) -> (usize, usize) {
        // 0: a word character, 1: white space, 2: a trailing mark.
        const ASCII: [u8; 128] = {
            let mut class = [0; 128];
            let mut b = 0;
            while b < 128 {
                class[b] = match b as u8 {
                    b'\t'..=b'\r' | b' ' => 1,
                    b':' | b'.' | b'!' | b'>' => 2,
                    _ => 0,
                };
                b += 1;
            }
            class
        };
        let bytes = line.as_bytes();
        let mut i = at;
        while i < bytes.len() {
            let b = bytes[i];
            let class = if b < 0x80 {
                i += 1;
                ASCII[usize::from(b)]
            } else {
                let c = line[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                if c.is_whitespace() {
                    1
                } else {
                    2 * u8::from(TRAILING.contains(&c))
                }
            };
            if class == 1 {
                if self.in_word && self.words > most && self.real_words > real_limit {
                    break;
                }
                self.in_word = false;
                self.real = false;
                continue;
            }
            self.words += usize::from(!self.in_word);
            self.in_word = true;
            if class == 0 && !self.real {
                self.real_words += 1;
                self.real = true;
            }
        }
        (self.words, self.real_words)
    }
}

/// Whether `CREDIT` can match `line`: each of its branches needs a shape
/// that is cheap to look for (a label and a colon followed by one to six
/// words; a slash after white space followed by one to four capitalised
/// words; `(Photo` or `(Image` and a final `)`), and the regex (whose lazy DFA keeps growing
/// on prose) runs only on the few lines that have one. Necessary, not
/// sufficient: the regex still decides.
fn credit_candidate(line: &str) -> bool {
    // `… (Photo by Name)`
    if line.ends_with(')') && (line.contains("(Photo") || line.contains("(Image")) {
        return true;
    }
    // `… Photo: Agency Name`: the label, a colon, then one to six words.
    // `… / Reuters`: white space, a slash, then one to four words, each
    // starting with a capital (`\p{Lu}` is within `char::is_uppercase`).
    // Both need at most six words after the mark, so the marks are visited
    // from the end of the line and the visit stops at the first with more
    // (every mark before it has at least as many words after it).
    for i in memchr::memrchr2_iter(b':', b'/', line.as_bytes()) {
        let words = line[i + 1..].split_whitespace().take(7).count();
        if words > 6 {
            break;
        }
        if credit_mark(line, i, words) {
            return true;
        }
    }
    false
}

/// Whether the `:` or `/` at byte `i` of `line`, followed by `words` (one
/// to six) whitespace-separated words, has the shape of a [`CREDIT`] match.
fn credit_mark(line: &str, i: usize, words: usize) -> bool {
    if words == 0 {
        return false;
    }
    if line.as_bytes()[i] == b':' {
        let head = &line[..i];
        let head = head.strip_suffix('s').unwrap_or(head);
        return ["Photo", "Photograph", "Image", "Picture", "Credit", "Foto"]
            .iter()
            .any(|w| head.ends_with(w));
    }
    words <= 4
        && line[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace)
        && line[i + 1..]
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Whether `AUTHOR_BIO` can match `line`: it needs the literal ` is ` and a
/// role word. Necessary, not sufficient: the regex (compiled only for a
/// line that passes) still decides.
fn bio_candidate(line: &str) -> bool {
    line.contains(" is ")
        && [
            "editor",
            "writer",
            "journalist",
            "reporter",
            "correspondent",
            "contributor",
            "author",
            "columnist",
        ]
        .iter()
        .any(|role| line.contains(role))
}

/// `Title | Section news | Site`: the offset of the first ` | ` when every
/// segment after it is short and the line has no final period.
fn site_suffix(line: &str) -> Option<usize> {
    let i = line.find(" | ")?;
    let tail = &line[i + 3..];
    let short = tail.split(" | ").all(|seg| {
        let w = seg.split_whitespace().count();
        (1..=6).contains(&w)
    });
    (short && !line.ends_with('.')).then_some(i + 1)
}

fn trim(text: &str, span: Span) -> Span {
    let s = &text[span.range()];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.start + s.trim_end().len();
    Span::new(start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::ScrapeBoilerplate;
    use crate::rules::test_support::{flags, passes};

    /// A line `may_be_dateline` turns away never matches the dateline
    /// regex; lines built from day and month names in mixed case, digits
    /// (ASCII and not), `ſ` and other words. It turns ordinary lines away.
    #[test]
    fn dateline_filter_never_hides_a_dateline() {
        let pieces = [
            "Monday",
            "TUESDAY",
            "wednesday",
            "Thurs",
            "friday",
            "ſaturday",
            "Sunday",
            "Mon",
            "January",
            "february",
            "MARCH",
            "April",
            "May",
            "june",
            "July",
            "Auguſt",
            "September",
            "oct",
            "November",
            "December",
            "Decemb",
            "12",
            "3",
            "٣",
            "1st",
            "22nd",
            "of",
            ", ",
            " ",
            "  ",
            "2024",
            "10:30",
            " am",
            "p.m.",
            "/",
            "-",
            ".",
            "Home",
            "The",
            "M",
            "Ju",
            "e",
            "é",
            "news",
        ];
        let mut next = crate::test_rng::below(0xda7e_11e5);
        let (mut matched, mut kept) = (0, 0);
        for _ in 0..30_000 {
            // Dateline-shaped lines (day, date, year, time), each part
            // present or not, in random case, or pieces drawn at random.
            let line = if next(3) > 0 {
                let mut parts: Vec<&str> = Vec::new();
                for group in [
                    &pieces[..8],
                    &[", ", " ", ""][..],
                    &pieces[8..21],
                    &[" ", "  ", ""][..],
                    &pieces[21..26],
                    &[", 2024", " 1999", ""][..],
                    &[" 10:30", ", 9:05 p.m.", ""][..],
                ] {
                    if next(4) > 0 {
                        parts.push(group[next(group.len())]);
                    }
                }
                if !parts.is_empty() && next(4) == 0 {
                    let j = next(parts.len());
                    parts.swap(0, j);
                }
                let line: String = parts.concat();
                match next(3) {
                    0 => line.to_uppercase(),
                    1 => line.to_lowercase(),
                    _ => line,
                }
            } else {
                crate::test_rng::text_of(&mut next, &pieces, 7)
            };
            let is = super::DATELINE.is_match(&line);
            assert!(!is || super::may_be_dateline(&line), "{line:?}");
            matched += usize::from(is);
            kept += usize::from(super::may_be_dateline(&line));
        }
        assert!(matched > 100, "{matched} datelines generated");
        assert!(kept < 30_000, "the filter turned nothing away");
        for line in ["Hello.", "The talks ended.", "Moscow, Reuters", "Ju"] {
            assert!(!super::may_be_dateline(line), "{line:?}");
        }
    }

    /// `credit_candidate` as first written: every `:` and `/` of the line
    /// tested in order.
    fn credit_candidate_reference(line: &str) -> bool {
        if line.ends_with(')') && (line.contains("(Photo") || line.contains("(Image")) {
            return true;
        }
        let label = line.match_indices(':').any(|(i, _)| {
            let head = &line[..i];
            let head = head.strip_suffix('s').unwrap_or(head);
            ["Photo", "Photograph", "Image", "Picture", "Credit", "Foto"]
                .iter()
                .any(|w| head.ends_with(w))
                && (1..=6).contains(&line[i + 1..].split_whitespace().take(7).count())
        });
        label
            || line.match_indices('/').any(|(i, _)| {
                line[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_whitespace)
                    && (1..=4).contains(&line[i + 1..].split_whitespace().take(5).count())
                    && line[i + 1..]
                        .split_whitespace()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            })
    }

    #[test]
    fn credit_candidate_agrees_with_a_scan_of_every_mark() {
        let pieces = [
            "Photo",
            "Photos",
            "Credit",
            "Foto",
            "photo",
            ":",
            "/",
            " / ",
            " ",
            "\u{a0}",
            "\u{2003}",
            "Reuters",
            "AP",
            "news",
            "Émile",
            "élan",
            "a",
            "b c",
            "(Photo by X)",
            ")",
            "x:y",
            "//",
            "\t",
        ];
        let mut next = crate::test_rng::below(11);
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..next(24) {
                line.push_str(pieces[next(pieces.len())]);
            }
            assert_eq!(
                super::credit_candidate(&line),
                credit_candidate_reference(&line),
                "{line:?}"
            );
        }
    }

    const ARTICLE: &str = "The talks resumed on Monday.\n\nBoth sides said progress was made.\n\n";

    #[test]
    fn flags_navigation_and_comment_form_lines() {
        let text = format!("{ARTICLE}Related Posts\n\nLeave a Reply\n\nYour email address will not be published.\n");
        flags(
            &ScrapeBoilerplate,
            &text,
            &[
                "Related Posts",
                "Leave a Reply",
                "Your email address will not be published.",
            ],
        );
    }

    #[test]
    fn flags_see_also_with_no_break_space_and_read_also_lines() {
        let text = format!("{ARTICLE}See also\u{a0} Scots paramedic sacked\n\nRead also: NATO talks concluded. Stoltenberg: “risk”\n\nSee also:\n\nYou may also like\n\nLeave a Comment\n");
        flags(
            &ScrapeBoilerplate,
            &text,
            &[
                "See also\u{a0} Scots paramedic sacked",
                "Read also: NATO talks concluded. Stoltenberg: “risk”",
                "See also:",
                "You may also like",
                "Leave a Comment",
            ],
        );
    }

    #[test]
    fn flags_credit_and_newsletter_lines() {
        let text = format!("{ARTICLE}Editor: Marco Badea\n\nSource Link\n\nBrasov-Romania News To Your Inbox!\n\nWe don’t spam! Read our privacy policy for more info.\n\nComments (0)\n\nTags: Russia, NATO\n");
        flags(
            &ScrapeBoilerplate,
            &text,
            &[
                "Editor: Marco Badea",
                "Source Link",
                "Brasov-Romania News To Your Inbox!",
                "We don’t spam! Read our privacy policy for more info.",
                "Comments (0)",
                "Tags: Russia, NATO",
            ],
        );
    }

    #[test]
    fn flags_captions_with_credits() {
        let text = format!("{ARTICLE}The minister at a press conference in Moscow. Photo: Profimedia Images\n\nPutin meets his minister. / Reuters\n\nCrowds gather outside. (Photo by Jane Doe)\n");
        flags(
            &ScrapeBoilerplate,
            &text,
            &[
                "The minister at a press conference in Moscow. Photo: Profimedia Images",
                "Putin meets his minister. / Reuters",
                "Crowds gather outside. (Photo by Jane Doe)",
            ],
        );
    }

    #[test]
    fn flags_top_of_page_chrome() {
        flags(
            &ScrapeBoilerplate,
            "Friday, March 24\n\nTitle here\n\nText.",
            &["Friday, March 24"],
        );
        flags(
            &ScrapeBoilerplate,
            "Tuesday, May 21, 2024\nHomeGlobalRussia sees a deal\n\nText.",
            &["Tuesday, May 21, 2024", "HomeGlobalRussia sees a deal"],
        );
        flags(
            &ScrapeBoilerplate,
            "Lavrov sees chances | Politics news from Germany | DW\n\nby time news\n\nText.",
            &["| Politics news from Germany | DW", "by time news"],
        );
        flags(
            &ScrapeBoilerplate,
            "Home » World » Europe\n\nTitle\n\nText.",
            &["Home » World » Europe"],
        );
    }

    #[test]
    fn flags_author_bio_and_its_name_line() {
        let text = format!("{ARTICLE}George Holan\n\nGeorge Holan is chief editor at Plainsmen Post and has articles published widely.\n");
        flags(
            &ScrapeBoilerplate,
            &text,
            &[
                "George Holan",
                "George Holan is chief editor at Plainsmen Post and has articles published widely.",
            ],
        );
    }

    #[test]
    fn passes_phrases_inside_sentences() {
        passes(&ScrapeBoilerplate, "For details, see also the appendix. He decided to read also the minutes.\nSee also the appendix for the full list of sources.\nLeave a reply to her letter, the lawyer told him, and wait.\nRead more carefully than before: the clause was changed.");
    }

    #[test]
    fn passes_headings_and_titles() {
        passes(&ScrapeBoilerplate, "Russia sees options for dialogue with the US\n\nBackground\n\nThe talks began in January.\n\nWhat happens next\n\nThe ministers meet again on Friday.\n");
    }

    #[test]
    fn passes_dates_in_sentences_and_lower_down() {
        passes(&ScrapeBoilerplate, "Title\n\nOn Friday, March 24 the talks resumed.\n\nMore text.\n\nMore text.\n\nFriday, March 24\n\nText.\n\nText.\n\nText.\n\nText.\n\nText.\n\nText.\n\nText.\n\nText.\n\nText.\n\nText.\n\nText.\n\nText.");
    }

    #[test]
    fn passes_slashes_and_pipes_in_prose() {
        passes(&ScrapeBoilerplate, "Title of the piece\n\nThe and/or clause and the 24/7 service ran all year.\n\nUse a | b when either works.");
    }

    #[test]
    fn passes_bylines_in_sentences_and_empty_text() {
        passes(&ScrapeBoilerplate, "");
        passes(
            &ScrapeBoilerplate,
            "By the end of the week the talks had stalled.\n\nBy Friday, nothing.",
        );
        passes(
            &ScrapeBoilerplate,
            "Jury convicts couple\n\nBy Rebecca Lindgren\n\nNEWARK — A jury convicted them.",
        );
    }

    #[test]
    fn passes_quotes_of_the_phrases_in_a_story() {
        passes(&ScrapeBoilerplate, "Title\n\nThe site asked readers to “leave a reply” below the story, and many did.\n\nShe said: “See also what happened in 2014.”");
    }

    #[test]
    fn passes_chrome_words_in_article_sentences() {
        passes(
            &ScrapeBoilerplate,
            "Title\n\nComments from readers poured in after the story ran.\n\nTags are sold separately.\n\nHe showed the Photo: a crowd outside parliament at dawn.",
        );
    }

    /// Lines built from pieces that exercise white space, trailing marks and
    /// every CREDIT branch.
    fn random_lines(n: usize) -> Vec<String> {
        let pieces = [
            " ",
            "  ",
            "\t",
            "\r",
            "\u{b}",
            "\u{c}",
            "\u{1c}",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "\u{85}",
            "a",
            "Word",
            "…",
            ":",
            ".",
            "!",
            "»",
            ">",
            "›",
            "/",
            " / ",
            "/ ",
            "(",
            ")",
            "(Photo by ",
            "(Images: ",
            "Photo",
            "Photos:",
            "Photograph:",
            "Image",
            "Picture:",
            "Credits:",
            "Foto",
            "s",
            "Reuters",
            "É",
            "ß",
            "ǅ",
            "Ⅷ",
            "1",
            "é",
            "😀",
        ];
        let mut next = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        (0..n)
            .map(|_| {
                let len = next(90);
                (0..len).map(|_| pieces[next(pieces.len())]).collect()
            })
            .collect()
    }

    /// Mostly ASCII lines, long enough for the eight-byte scan.
    fn ascii_lines(n: usize) -> Vec<String> {
        let pieces = [
            " ",
            " ",
            " ",
            "  ",
            "\t",
            "\r",
            "\u{b}",
            "\u{c}",
            "\u{1c}",
            "\u{1f}",
            "\u{7f}",
            "a",
            "Word",
            "word",
            "_",
            "@",
            "A",
            "Z",
            "z",
            "1",
            "…",
            ":",
            ".",
            "!",
            ">",
            "-",
            "?",
            "/",
            " / ",
            "(",
            ")",
            "Photo:",
            "(Photo by ",
            "Reuters",
            "See also",
            "by",
            "By ",
            "is ",
            " is ",
            "editor",
            "news",
            "é",
            "\u{a0}",
        ];
        let mut next = crate::test_rng::below(0x1234_5678_9abc_def1);
        (0..n)
            .map(|_| {
                let len = next(120);
                // Non-ASCII pieces (the last two) are rare.
                let ascii = pieces.len() - 2;
                (0..len)
                    .map(|_| {
                        pieces[if next(50) == 0 {
                            next(pieces.len())
                        } else {
                            next(ascii)
                        }]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn normalise_fast_path_matches_split_whitespace() {
        let reference = |s: &str| {
            let words: Vec<String> = s
                .split_whitespace()
                .map(|w| {
                    w.chars()
                        .map(|c| if c == '\u{2019}' { '\'' } else { c })
                        .flat_map(char::to_lowercase)
                        .collect()
                })
                .collect();
            words.join(" ")
        };
        let mut buf = String::from("stale");
        for line in random_lines(5_000).iter().chain(&ascii_lines(5_000)) {
            super::normalise_into(line, &mut buf);
            assert_eq!(buf, reference(line), "{line:?}");
        }
    }

    /// Lines of words joined by single spaces (the fast path of
    /// `normalise_into`), some with one flaw that rules it out.
    #[test]
    fn normalise_of_single_spaced_lines_matches_split_whitespace() {
        let words = [
            "Leave", "a", "REPLY", "x", ":", "Tags:", "»", "(0)", "it's", "A1",
        ];
        let flaws = [
            " ", "  ", "\t", "\r", "\n", "\u{b}", "\u{c}", "\u{1c}", "é", "’",
        ];
        let mut next = crate::test_rng::below(0x5eed_1234_abcd_0001);
        let mut fast = 0;
        let mut buf = String::new();
        for _ in 0..20_000 {
            let n = next(12);
            let mut line = (0..n)
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(" ");
            if next(3) == 0 {
                let mut at = next(line.len() + 1);
                while !line.is_char_boundary(at) {
                    at -= 1;
                }
                line.insert_str(at, flaws[next(flaws.len())]);
            }
            fast += usize::from(line.is_ascii() && super::single_spaced(line.as_bytes()));
            super::normalise_into(&line, &mut buf);
            let want: Vec<String> = line
                .split_whitespace()
                .map(|w| w.replace('\u{2019}', "'").to_lowercase())
                .collect();
            assert_eq!(buf, want.join(" "), "{line:?}");
        }
        assert!(fast > 5_000, "only {fast} lines took the fast path");
    }

    #[test]
    fn phrase_heads_keep_every_match() {
        let phrases = &*super::PHRASES;
        let mut lines = ascii_lines(5_000);
        lines.extend(random_lines(5_000));
        // Every phrase, in three cases, alone and before text.
        let raw = include_str!("../../lints/data/boilerplate.txt");
        for p in raw
            .lines()
            .filter(|l| !l.starts_with(['#', '[']) && !l.is_empty())
        {
            for p in [p.to_string(), p.to_uppercase(), p.replace('\'', "\u{2019}")] {
                lines.push(format!("{p}: x"));
                lines.push(p);
            }
        }
        let mut matched = 0;
        for line in &lines {
            let input = aho_corasick::Input::new(line).anchored(aho_corasick::Anchored::Yes);
            for (ac, heads) in [
                (&phrases.start, &phrases.start_heads),
                (&phrases.sentence, &phrases.sentence_heads),
            ] {
                if ac.find(input.clone()).is_some() {
                    matched += 1;
                    assert!(super::may_start_with(heads, line), "{line:?}");
                }
            }
        }
        assert!(matched > 100, "only {matched} lines matched");
    }

    #[test]
    fn bylines_start_with_ascii_by() {
        // `(?i)` could let a non-ASCII character stand for `b` or `y`.
        let by = regex::Regex::new("(?i)^[by]$").expect("valid");
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            if by.is_match(c.encode_utf8(&mut [0; 4])) {
                assert!("bByY".contains(c), "{c:?}");
            }
        }
    }

    #[test]
    fn bio_candidate_holds_wherever_the_bio_regex_matches() {
        // A name, ` is `, an article, some words, a role, a tail; each with
        // near misses.
        let parts: [&[&str]; 9] = [
            &["George", "Ana", "María", "O’Neil", "x", "Ǆx", "ǅy"],
            &[" ", "  ", "\u{a0}", ""],
            &["Holan", "Lee", "de", "Ⅷ", "Ünal"],
            &["", " Smith", " smith"],
            &[" is ", " is", "is ", "  is "],
            &["", "a ", "an ", "the ", "The "],
            &[
                "",
                "chief ",
                "senior co-",
                "chief senior ",
                "a b c ",
                "Big ",
            ],
            &[
                "editor",
                "writer",
                "journalist",
                "reporter",
                "correspondent",
                "contributor",
                "author",
                "columnist",
                "edito",
                "Editor",
            ],
            &["", ".", "s", " at the Post", "x", "_"],
        ];
        let mut next = crate::test_rng::below(0x0bad_cafe_dead_beef);
        let mut matched = 0;
        for _ in 0..20_000 {
            let line: String = parts.iter().map(|p| p[next(p.len())]).collect();
            if super::AUTHOR_BIO.is_match(&line) {
                matched += 1;
                assert!(super::bio_candidate(&line), "{line:?}");
            }
        }
        assert!(matched > 100, "only {matched} lines matched");
    }

    /// Words and real words (not only trailing marks) of `line`, as
    /// `split_whitespace` sees them: the reference for the fast counters.
    fn reference_count(line: &str) -> (usize, usize) {
        let words = line.split_whitespace().count();
        let real = line
            .split_whitespace()
            .filter(|w| !w.chars().all(|c| super::TRAILING.contains(&c)))
            .count();
        (words, real)
    }

    #[test]
    fn count_words_agrees_with_split_whitespace() {
        for line in random_lines(20_000).iter().chain(&ascii_lines(20_000)) {
            let (words, real) = reference_count(line);
            for most in [super::SHORT_LINE, super::CAPTION_WORDS] {
                for limit in [0, 3, 6, 12] {
                    let (w, r) = super::count_words(line, most, limit);
                    if words <= most || real <= limit {
                        assert_eq!((w, r), (words, real), "{line:?}");
                    } else {
                        assert!(w > most && r > limit, "{line:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn surely_long_gives_lower_bounds_past_the_limits() {
        let mut settled = 0;
        for line in random_lines(20_000).iter().chain(&ascii_lines(20_000)) {
            let (words, real) = reference_count(line);
            for most in [0, 3, super::SHORT_LINE] {
                for limit in [0, 3, 6] {
                    if let Some((w, r)) = super::surely_long(line, most, limit) {
                        assert!(w > most && r > limit, "{line:?}");
                        assert!(w <= words && r <= real, "{line:?}: {w} {r}");
                        settled += 1;
                    }
                }
            }
        }
        assert!(
            settled > 10_000,
            "the fast count should settle many lines: {settled}"
        );
    }

    /// The caption credit regex as one piece, the slash branch with its
    /// four words spelled out: what `is_credit` must agree with.
    fn reference_credit() -> regex::Regex {
        regex::Regex::new(
            r"(?:^|[.!?]\s+|\s)(?:Photo|Photograph|Image|Picture|Credit|Foto)s?:\s*\S+(?:\s+\S+){0,5}$|\((?:Photo|Image)s?(?: by|:)\s[^()]{1,60}\)$|\s/\s*\p{Lu}[\w.&-]*(?:\s+\p{Lu}[\w.&-]*){0,3}$",
        )
        .expect("valid reference regex")
    }

    #[test]
    fn credit_candidate_holds_wherever_the_credit_regex_matches() {
        let credit = reference_credit();
        let mut lines = random_lines(20_000);
        lines.extend(ascii_lines(20_000));
        let mut matched = 0;
        for line in &lines {
            if credit.is_match(line) {
                matched += 1;
                assert!(super::credit_candidate(line), "{line:?}");
            }
        }
        // The pieces must reach the regex often enough to mean something.
        assert!(matched > 500, "only {matched} lines matched");
    }

    /// Slash credits of one to six capitalised words (`W` glued or apart,
    /// Unicode spaces and capitals, dots and dashes inside), with a few
    /// spoilers, as lines end.
    fn slash_lines(n: usize) -> Vec<String> {
        let words = [
            "Reuters",
            "AP",
            "É",
            "A.B",
            "X-Y",
            "Q&A",
            "Z_1",
            "ǅx",
            "Ⅷ",
            "a",
            "É\u{301}",
            "😀",
            "/",
            "Ab/",
            "",
            "Xx",
        ];
        let gaps = [
            " ", "  ", "\t", "\u{a0}", "\u{2003}", "\u{85}", "\u{200b}", "",
        ];
        let heads = [
            "Text /",
            "Text / ",
            "x /",
            "/",
            "a\u{3000}/",
            "x/",
            "a / b /",
        ];
        let mut next = crate::test_rng::below(0x0bad_5eed_1234_5678);
        (0..n)
            .map(|_| {
                let mut line = heads[next(heads.len())].to_string();
                for k in 0..1 + next(6) {
                    // Mostly spaces and real words, so that many lines
                    // are credits.
                    let pick = |next: &mut dyn FnMut(usize) -> usize, of: &[&'static str], real| {
                        of[if next(8) == 0 {
                            next(of.len())
                        } else {
                            next(real)
                        }]
                    };
                    if k > 0 || next(2) == 0 {
                        line.push_str(pick(&mut next, &gaps, 6));
                    }
                    line.push_str(pick(&mut next, &words, 7));
                }
                if next(8) == 0 {
                    line.push_str(gaps[next(gaps.len())]);
                }
                line
            })
            .collect()
    }

    #[test]
    fn is_credit_agrees_with_the_one_piece_regex() {
        let credit = reference_credit();
        let mut lines = random_lines(20_000);
        lines.extend(ascii_lines(20_000));
        lines.extend(slash_lines(40_000));
        let (mut matched, mut long) = (0, 0);
        for line in &lines {
            let want = credit.is_match(line);
            assert_eq!(super::is_credit(line), want, "{line:?}");
            matched += usize::from(want);
            // Slash lines of five or six words the count must turn down.
            long += usize::from(!want && super::SLASH_CREDIT.is_match(line) && line.contains(" /"));
        }
        assert!(matched > 10_000, "only {matched} lines matched");
        assert!(long > 2_000, "only {long} long slash lines");
    }

    /// What [`super::is_credit`] relies on: `\s` is `char::is_whitespace`,
    /// and `\p{Lu}` is within `\w`, for every char.
    #[test]
    fn regex_classes_agree_with_char_methods() {
        let space = regex::Regex::new(r"^\s$").expect("valid");
        let upper = regex::Regex::new(r"^\p{Lu}$").expect("valid");
        let word = regex::Regex::new(r"^\w$").expect("valid");
        let mut buf = [0; 4];
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(space.is_match(s), c.is_whitespace(), "{c:?}");
            assert!(!upper.is_match(s) || word.is_match(s), "{c:?}");
        }
    }

    #[test]
    fn passes_short_article_lines_with_colons() {
        passes(
            &ScrapeBoilerplate,
            "Title\n\nThe minister said: “We are ready.”\n\nEditorial standards matter: they always have.\n\nRelated reading is listed below the notes.",
        );
    }
}
