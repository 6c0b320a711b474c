//! Terms as numbers: a word of at most [`MAX_LETTERS`] Arabic letters packed six bits a
//! letter into a `u64`, so that the ranker's term path looks up stop words, strips affixes
//! and keys its vocabulary with integer operations instead of strings and hashes.
//!
//! A letter of U+0620..U+063F, U+0641..U+064A (index 0x20..0x4A in the Arabic block) has the
//! code `index - 0x1F` (1..43): codes are never 0, so a packed word's length is part of its
//! value, and ten letters take 60 bits.

use std::hash::BuildHasher;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::lexicon::{self, STOPWORD_MAX_BYTES};

/// The longest word that packs.
pub(super) const MAX_LETTERS: usize = 10;

/// The code of the letter at `index` in the Arabic block (0x20..=0x4A, not 0x40).
pub(super) const fn code(index: usize) -> u8 {
    (index - 0x1F) as u8
}

/// Letters packed, first letter in the highest bits.
const fn pack(indices: &[usize]) -> u64 {
    let mut key = 0;
    let mut k = 0;
    while k < indices.len() {
        key = key << 6 | code(indices[k]) as u64;
        k += 1;
    }
    key
}

/// The low `letters` letters of a packed word.
const fn mask(letters: usize) -> u64 {
    (1 << (6 * letters)) - 1
}

/// The key of a normalised term: its letters packed when it is a word of at most
/// [`MAX_LETTERS`] letters of U+0620..U+064A (not tatweel); otherwise its hash with the top
/// bit set, which no packed word has. Two different terms get different keys unless their
/// 63-bit hashes collide.
pub fn key_of(term: &str) -> u64 {
    packs(term).unwrap_or_else(|| rustc_hash::FxBuildHasher.hash_one(term) | 1 << 63)
}

fn packs(term: &str) -> Option<u64> {
    let b = term.as_bytes();
    if !b.len().is_multiple_of(2) || b.len() > 2 * MAX_LETTERS {
        return None;
    }
    b.chunks_exact(2).try_fold(0, |key, p| {
        let index = usize::from(p[0] & 1) << 6 | usize::from(p[1] & 0x3F);
        let letter = p[0] & 0xFE == 0xD8
            && p[1] & 0xC0 == 0x80
            && (0x20..=0x4A).contains(&index)
            && index != 0x40;
        letter.then(|| key << 6 | u64::from(code(index)))
    })
}

/// The content term of a packed normalised word of `n` letters (1..=[`MAX_LETTERS`]): none
/// for a one-letter word or a stop word; light-stemmed when `stem` is set.
#[inline]
pub(super) fn term(key: u64, n: usize, stem: bool) -> Option<u64> {
    term_letters(key, n, stem).map(|(a, b)| letters(key, n, a, b))
}

/// [`term`] as the range `a..b` of the word's letters that it keeps.
#[inline]
pub(super) fn term_letters(key: u64, n: usize, stem: bool) -> Option<(usize, usize)> {
    if n < 2 || (2 * n <= STOPWORD_MAX_BYTES && stopwords().contains(key)) {
        return None;
    }
    Some(if stem { light_stem(key, n) } else { (0, n) })
}

/// The letters `a..b` of a packed word of `n` letters, packed on their own.
fn letters(key: u64, n: usize, a: usize, b: usize) -> u64 {
    (key >> (6 * (n - b))) & mask(b - a)
}

/// The stop words that pack, packed, behind a one-bit-per-slot filter: most words are not
/// stop words, and the filter tells most of them so without the set.
struct Stopwords {
    filter: Box<[u64; FILTER_BITS / 64]>,
    set: FxHashSet<u64>,
}

const FILTER_BITS: usize = 1 << 15;

impl Stopwords {
    /// The filter's bit for a key: the top bits of a multiplicative hash.
    fn bit(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS.trailing_zeros())) as usize
    }

    fn contains(&self, key: u64) -> bool {
        let bit = Self::bit(key);
        self.filter[bit / 64] >> (bit % 64) & 1 != 0 && self.set.contains(&key)
    }
}

fn stopwords() -> &'static Stopwords {
    static CELL: OnceLock<Stopwords> = OnceLock::new();
    CELL.get_or_init(|| {
        let set: FxHashSet<u64> = lexicon::stopwords()
            .iter()
            .filter_map(|w| packs(w))
            .collect();
        let mut filter = Box::new([0u64; FILTER_BITS / 64]);
        for &key in &set {
            let bit = Stopwords::bit(key);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        Stopwords { filter, set }
    })
}

// Letters by their index in the Arabic block.
const WAW: usize = 0x48;
const BEH: usize = 0x28;
const KAF: usize = 0x43;
const FEH: usize = 0x41;
const LAM: usize = 0x44;
const ALEF: usize = 0x27;
const HEH: usize = 0x47;
const NOON: usize = 0x46;
const TEH: usize = 0x2A;
const YEH: usize = 0x4A;
const MEEM: usize = 0x45;

// [`super::light_stem`]'s affixes packed. Of the prefixes the first that fits is taken
// (وال بال كال فال, then لل ال), of the suffixes the longest (هما كما, then ها ان ات ون
// ين يه, then ه ي); only one affix of each length can match a word.
const WAL: u64 = pack(&[WAW, ALEF, LAM]);
const BAL: u64 = pack(&[BEH, ALEF, LAM]);
const KAL: u64 = pack(&[KAF, ALEF, LAM]);
const FAL: u64 = pack(&[FEH, ALEF, LAM]);
const LL: u64 = pack(&[LAM, LAM]);
const AL: u64 = pack(&[ALEF, LAM]);
const W: u64 = pack(&[WAW]);
const F: u64 = pack(&[FEH]);
const HMA: u64 = pack(&[HEH, MEEM, ALEF]);
const KMA: u64 = pack(&[KAF, MEEM, ALEF]);
const HA: u64 = pack(&[HEH, ALEF]);
const AN: u64 = pack(&[ALEF, NOON]);
const AT: u64 = pack(&[ALEF, TEH]);
const WN: u64 = pack(&[WAW, NOON]);
const YN: u64 = pack(&[YEH, NOON]);
const YH: u64 = pack(&[YEH, HEH]);
const H: u64 = pack(&[HEH]);
const Y: u64 = pack(&[YEH]);

/// [`super::light_stem`] of a packed word of `n` letters (2..=[`MAX_LETTERS`]), as the
/// range of letters it keeps: a prefix is stripped when three letters are left after it, a
/// suffix when three are left.
///
/// Without branches: whether a word starts with "ال" is a coin toss, which a branch
/// predictor loses. Every affix is tested and the longest that fits is taken; of the
/// affixes that fit one word, the longest is the one the first-match rule takes (وال and
/// و both fit "والعمل"; يه and ه both fit "عليه"), so the two rules agree.
fn light_stem(key: u64, n: usize) -> (usize, usize) {
    // The first `len` letters; the whole word when it is shorter, which then matches no
    // affix of `len` letters (a packed word's length is part of its value).
    let head = |len: usize| key >> (6 * n.saturating_sub(len));
    let (h3, h2, h1) = (head(3), head(2), head(1));
    let p3 = (n >= 6) & ((h3 == WAL) | (h3 == BAL) | (h3 == KAL) | (h3 == FAL));
    let p2 = (n >= 5) & ((h2 == LL) | (h2 == AL));
    let p1 = (n >= 5) & ((h1 == W) | (h1 == F));
    let start = longest(p3, p2, p1);
    let len = n - start;
    let (t3, t2, t1) = (key & mask(3), key & mask(2), key & mask(1));
    let c3 = (len >= 6) & ((t3 == HMA) | (t3 == KMA));
    let c2 =
        (len >= 5) & ((t2 == HA) | (t2 == AN) | (t2 == AT) | (t2 == WN) | (t2 == YN) | (t2 == YH));
    let c1 = (len >= 4) & ((t1 == H) | (t1 == Y));
    let cut = longest(c3, c2, c1);
    (start, n - cut)
}

/// The length of the longest of three affixes (of three, two and one letters) that fit,
/// 0 when none does; without branches.
fn longest(three: bool, two: bool, one: bool) -> usize {
    (3 * usize::from(three))
        .max(2 * usize::from(two))
        .max(usize::from(one))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn string_of(
        alphabet: &'static [char],
        len: impl Into<proptest::collection::SizeRange>,
    ) -> BoxedStrategy<String> {
        proptest::collection::vec(proptest::sample::select(alphabet), len)
            .prop_map(|v| v.into_iter().collect())
            .boxed()
    }

    const LETTERS: &[char] = &[
        'ا', 'ل', 'و', 'ف', 'ب', 'ك', 'ه', 'ن', 'ت', 'ي', 'م', 'ر', 'ع', 'ؠ', 'ؿ', 'ء', 'ئ',
    ];

    proptest! {
        #[test]
        fn packed_stem_is_light_stem(
            w in "(وال|بال|كال|فال|لل|ال|و|ف|ب)?[ابلرعمنهتيوك]{0,6}(هما|كما|ها|ان|ات|ون|ين|يه|ه|ي|ما)?"
                .prop_filter("2 to 10 letters", |w| (2..=MAX_LETTERS).contains(&w.chars().count()))
        ) {
            let n = w.chars().count();
            let key = key_of(&w);
            let (a, b) = light_stem(key, n);
            prop_assert_eq!(letters(key, n, a, b), key_of(crate::text::light_stem(&w)));
        }

        #[test]
        fn packed_stem_of_any_letters_is_light_stem(w in string_of(LETTERS, 2..=MAX_LETTERS)) {
            let n = w.chars().count();
            let key = key_of(&w);
            let (a, b) = light_stem(key, n);
            prop_assert_eq!(letters(key, n, a, b), key_of(crate::text::light_stem(&w)));
        }

        #[test]
        fn packed_words_are_told_apart(
            a in string_of(LETTERS, 0..12),
            b in string_of(LETTERS, 0..12),
        ) {
            prop_assert_eq!(key_of(&a) == key_of(&b), a == b);
        }
    }

    #[test]
    fn what_packs() {
        assert_eq!(key_of("ب"), u64::from(code(BEH)));
        assert_eq!(
            key_of("ال"),
            u64::from(code(ALEF)) << 6 | u64::from(code(LAM))
        );
        assert_eq!(key_of("ابراهيمابراهيم") >> 63, 1, "eleven letters hash");
        for other in ["", "عمـل", "2024", "abc", "عمل ", "مَن", "ٱ"] {
            assert_eq!(key_of(other) >> 63, u64::from(!other.is_empty()), "{other}");
        }
    }

    #[test]
    fn stop_words_that_pack_are_found() {
        for w in lexicon::stopwords() {
            if let Some(key) = packs(w) {
                assert_eq!(term(key, w.len() / 2, false), None, "{w}");
            }
        }
        assert!(stopwords().set.len() * 10 >= lexicon::stopwords().len() * 9);
        let work = key_of("العمال");
        assert_eq!(term(work, 6, false), Some(work));
        assert_eq!(term(work, 6, true), Some(key_of("عمال")));
    }
}
