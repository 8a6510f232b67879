//! Closed-class English words (articles, pronouns, conjunctions, auxiliaries)
//! that the word-level rules use to recognise seams and grammar frames.
//! All lists are lowercase and sorted, so lookups are binary searches.

/// Words that, glued to the end of another word, mark a lost space
/// (`invasionwhich`, `foreverbut`). Particles that form real compounds
/// (`up`, `out`, `in`, `on`, `off`, `over`, `down`, `by`, `back`, `away`,
/// `where`, `one`, `body`, `thing`) are deliberately absent.
/// `is` and `are` are absent too: Latin and Italian words end in them
/// (`orientalis`, `cantare`).
pub const RIGHT_SEAM: &[&str] = &[
    "after", "against", "although", "and", "because", "before", "between", "but", "could",
    "during", "from", "had", "has", "have", "however", "into", "said", "should", "than", "that",
    "the", "their", "these", "they", "this", "those", "though", "was", "were", "what", "when",
    "which", "while", "who", "whom", "whose", "will", "with", "without", "would",
];

/// Words that begin real compounds with almost anything (`anywhen`,
/// `afterwhile`, `forsaid`): never the content side of a seam.
pub const PREFIX_LIKE: &[&str] = &[
    "after", "all", "any", "back", "before", "down", "else", "ever", "every", "for", "fore",
    "here", "herein", "how", "nay", "never", "none", "off", "other", "out", "over", "some",
    "thence", "there", "therein", "under", "what", "when", "where", "with",
];

/// Words that, glued to the start of another word, mark a lost space
/// (`theinvasion`, `andthe`). Productive prefixes (`in`, `on`, `out`, `over`,
/// `under`, `up`, `for`, `with`, `by`, `to`, `there`, `here`, `any`, `some`)
/// words that begin many others (`he`, `her`, `his`, `we`, `but`, `has`, `were`,
/// `from`, `between`) are absent; a seam after them is still found from
/// the other side when a right-seam word follows (`fromthe`).
pub const LEFT_SEAM: &[&str] = &[
    "although", "and", "because", "could", "said", "should", "that", "the", "their", "these",
    "they", "this", "those", "was", "which", "would",
];

/// Determiners and possessives: a word after one of these is a noun.
pub const DETERMINERS: &[&str] = &[
    "a", "all", "an", "any", "each", "every", "her", "his", "its", "my", "no", "our", "some",
    "that", "the", "their", "these", "this", "those", "whose", "your",
];

/// Subject pronouns and relative pronouns that can stand before a modal verb.
pub const SUBJECTS: &[&str] = &[
    "he", "i", "it", "she", "that", "they", "we", "which", "who", "you",
];

/// Words that may follow a noun phrase and start the next constituent, used to
/// tell a noun at the end of its phrase (`a chances that`) from a noun
/// modifier (`a sales team`).
pub const PHRASE_BOUNDARY: &[&str] = &[
    "about", "after", "against", "also", "and", "are", "as", "at", "be", "because", "been",
    "before", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
    "have", "if", "in", "into", "is", "may", "might", "must", "nor", "not", "of", "on", "or",
    "over", "should", "since", "so", "than", "that", "the", "then", "to", "under", "until", "was",
    "were", "when", "where", "whether", "which", "while", "who", "will", "with", "without",
    "would",
];

/// Whether `word` (already lowercase) is in the sorted list.
pub fn is_in(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_lowercase_and_unique() {
        for list in [
            RIGHT_SEAM,
            LEFT_SEAM,
            PREFIX_LIKE,
            DETERMINERS,
            SUBJECTS,
            PHRASE_BOUNDARY,
        ] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
            }
            for w in list {
                assert_eq!(*w, w.to_lowercase());
            }
        }
    }
}
