//! From a goods description to the terms a model sees.
//!
//! Traders write "ROUTER WIFI6 TP-LINK AX1500 20PCS", "Chaussures cuir homme", "televisor LED
//! 55in": mixed case, accents or none, units glued to numbers, typos. Two kinds of terms cover
//! that, as in scikit-learn's `TfidfVectorizer` unions that the benchmark compares with:
//!
//! * **words** and **word pairs** (`analyzer="word"`, `ngram_range=(1, 2)`): what the text says;
//! * **character n-grams of 3 to 5 characters inside each word, padded with a space at both
//!   ends** (`analyzer="char_wb"`): what survives a typo, an inflection or another language's
//!   spelling ("televisor" and "television" share " tel", "tele", "elevi", …).
//!
//! Normalisation: Unicode NFKD with combining marks dropped (accents folded), lower case, and
//! every character that is not a letter or a digit a separator. Terms are identified by a 64-bit
//! hash of (kind, text) while counting, so that a million descriptions are counted without a
//! string per n-gram; the vocabulary keeps the text of the terms it selects.

use std::hash::Hasher;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The longest description read, in bytes: a declaration's goods description is a line, not a
/// document, and a longer field is cut (at a character boundary) rather than allowed to cost
/// time and memory without bound.
pub const MAX_TEXT_BYTES: usize = 4096;

/// Character n-gram lengths.
pub const CHAR_MIN: usize = 3;
pub const CHAR_MAX: usize = 5;

/// What kind of term a feature is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    /// A word.
    Word,
    /// Two consecutive words, joined by a space.
    WordPair,
    /// 3 to 5 characters of a word padded with a space at both ends.
    Chars,
}

impl Kind {
    /// The block of the feature vector the kind belongs to: words and pairs are one block,
    /// character n-grams the other; each block is normalised to unit length by itself.
    pub fn block(self) -> usize {
        match self {
            Kind::Word | Kind::WordPair => 0,
            Kind::Chars => 1,
        }
    }

    fn tag(self) -> u8 {
        match self {
            Kind::Word => 1,
            Kind::WordPair => 2,
            Kind::Chars => 3,
        }
    }
}

/// The description folded to lower-case, accent-free words separated by single spaces, at most
/// [`MAX_TEXT_BYTES`] long (decomposition can lengthen a text: the result is bounded too).
pub fn normalize(text: &str) -> String {
    let text = cut(text, MAX_TEXT_BYTES);
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            let lower = c.to_lowercase();
            let space = usize::from(gap && !out.is_empty());
            let bytes: usize = lower.clone().map(char::len_utf8).sum();
            if out.len() + space + bytes > MAX_TEXT_BYTES {
                break;
            }
            if space == 1 {
                out.push(' ');
            }
            gap = false;
            out.extend(lower);
        } else {
            gap = true;
        }
    }
    out
}

/// `text` cut to at most `max` bytes at a character boundary.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The hash that identifies a term while counting and in the model's lookup table; its top two
/// bits are the kind's tag ([`kind_of`]).
pub fn term_hash(kind: Kind, text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    (h.finish() >> 2) | (u64::from(kind.tag()) << 62)
}

/// The kind of term a [`term_hash`] belongs to.
pub fn kind_of(hash: u64) -> Kind {
    match hash >> 62 {
        1 => Kind::Word,
        2 => Kind::WordPair,
        _ => Kind::Chars,
    }
}

/// Calls `each(kind, hash, text)` for every term occurrence of a normalised description, in
/// order. Words are single-space separated after [`normalize`], so a word pair is a slice of
/// the description itself; only the padded word of the character n-grams is built.
pub fn for_each_term(normalized: &str, mut each: impl FnMut(Kind, u64, &str)) {
    let mut previous_start: Option<usize> = None;
    let mut padded = String::new();
    let mut bounds: Vec<usize> = Vec::new();
    let mut start = 0;
    for word in normalized.split(' ') {
        let end = start + word.len();
        if !word.is_empty() {
            each(Kind::Word, term_hash(Kind::Word, word), word);
            if let Some(prev) = previous_start {
                let pair = &normalized[prev..end];
                each(Kind::WordPair, term_hash(Kind::WordPair, pair), pair);
            }
            previous_start = Some(start);
            char_grams(word, &mut padded, &mut bounds, &mut each);
        }
        start = end + 1;
    }
}

/// The 3- to 5-character n-grams of ` word `.
fn char_grams(
    word: &str,
    padded: &mut String,
    bounds: &mut Vec<usize>,
    each: &mut impl FnMut(Kind, u64, &str),
) {
    padded.clear();
    padded.push(' ');
    padded.push_str(word);
    padded.push(' ');
    bounds.clear();
    bounds.extend(padded.char_indices().map(|(i, _)| i));
    bounds.push(padded.len());
    let chars = bounds.len() - 1;
    for n in CHAR_MIN..=CHAR_MAX.min(chars) {
        for first in 0..=chars - n {
            let gram = &padded[bounds[first]..bounds[first + n]];
            each(Kind::Chars, term_hash(Kind::Chars, gram), gram);
        }
    }
}

/// How a term is shown to an analyst: words as they are, character n-grams with their word
/// boundaries as `_` (`_rou`, `ter_`).
pub fn display(kind: Kind, text: &str) -> String {
    match kind {
        Kind::Word | Kind::WordPair => text.to_string(),
        Kind::Chars => text.replace(' ', "_"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_case_accents_and_punctuation() {
        assert_eq!(
            normalize("  ALGODÓN, 100%  Coton-Bio! "),
            "algodon 100 coton bio"
        );
        assert_eq!(normalize("TP-LINK AX1500 20PCS"), "tp link ax1500 20pcs");
        assert_eq!(normalize("Ｔｖ　ＬＥＤ"), "tv led"); // full-width forms (NFKD)
        assert_eq!(normalize("電視機 55\""), "電視機 55");
        assert_eq!(normalize("---"), "");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn long_text_is_cut_at_a_character_boundary() {
        let text = "é".repeat(MAX_TEXT_BYTES); // two bytes each
        let n = normalize(&text);
        assert_eq!(n.chars().count(), MAX_TEXT_BYTES / 2);
    }

    #[test]
    fn terms_are_words_pairs_and_padded_character_grams() {
        let mut terms = Vec::new();
        for_each_term("led tv", |k, h, t| {
            assert_eq!(h, term_hash(k, t));
            terms.push((k, t.to_string()));
        });
        let of = |kind: Kind| -> Vec<String> {
            terms
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, t)| t.clone())
                .collect()
        };
        assert_eq!(of(Kind::Word), ["led", "tv"]);
        assert_eq!(of(Kind::WordPair), ["led tv"]);
        // " led " has 5 characters: 3 of length 3, 2 of 4, 1 of 5; " tv " has 4: 2 and 1
        assert_eq!(
            of(Kind::Chars),
            [" le", "led", "ed ", " led", "led ", " led ", " tv", "tv ", " tv "]
        );
    }

    #[test]
    fn character_grams_respect_multibyte_characters() {
        let mut grams = Vec::new();
        for_each_term("電視機", |k, _, t| {
            if k == Kind::Chars {
                grams.push(t.to_string());
            }
        });
        assert!(grams.contains(&"電視機".to_string()));
        assert!(grams.contains(&" 電視機 ".to_string()));
    }

    #[test]
    fn kinds_hash_apart() {
        assert_ne!(term_hash(Kind::Word, "tv"), term_hash(Kind::Chars, "tv"));
        for kind in [Kind::Word, Kind::WordPair, Kind::Chars] {
            assert_eq!(kind_of(term_hash(kind, "tv")), kind);
        }
    }
}
