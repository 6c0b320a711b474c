//! Which sentence units may stand in a summary on their own.
//!
//! A summary line is a sentence a reader understands alone: not a unit without words, not
//! a fragment of three words or fewer, not a subheading: a short question ("ما الذي تغير؟")
//! or a short line without a final mark, such as a related-story headline (a long question
//! is a sentence of the story, as news leads often ask one); and not a sentence that opens by
//! pointing back ("وهو ما…", "كما أن ذلك…", "وأضاف…") unless the sentence before it is in
//! the summary too.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::text;

/// Fewer words than this is a fragment.
const MIN_WORDS: usize = 4;
/// A question, or a line without a final mark, with fewer words than this reads as a heading.
const HEADING_WORDS: usize = 12;

/// Openers (normalised, after one و or ف) that lean on the sentence before: pronouns and
/// demonstratives, connectives, and reporting verbs with no subject of their own.
const LEANING: &[&str] = &[
    "هو",
    "هي",
    "هم",
    "هما",
    "هن",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هؤلاء",
    "اولئك",
    "هناك",
    "هنا",
    "كما",
    "لكن",
    "لكنه",
    "لكنها",
    "لكنهم",
    "بينما",
    "فيما",
    "الا",
    "لذلك",
    "لذا",
    "عليه",
    "عليهم",
    "بالتالي",
    "ايضا",
    "اضاف",
    "اضافت",
    "تابع",
    "تابعت",
    "مضي",
    "مضت",
    "بدوره",
    "بدورها",
    "بدورهم",
];
/// Two-word openers that lean on the sentence before.
const LEANING_PAIRS: &[(&str, &str)] = &[
    ("غير", "ان"),
    ("بيد", "ان"),
    ("مع", "ذلك"),
    ("الي", "ذلك"),
    ("من", "جهته"),
    ("من", "جهتها"),
    ("من", "جانبه"),
    ("من", "جانبها"),
    ("في", "المقابل"),
];

/// Whether a unit can be a summary line at all (its neighbours aside).
pub fn stands_alone(sentence: &str, words: usize) -> bool {
    if words < MIN_WORDS {
        return false;
    }
    let end = sentence
        .trim_end()
        .trim_end_matches(['»', '"', '”', '’', '\'', ')', ']']);
    match end.chars().next_back() {
        Some('؟' | '?') => words >= HEADING_WORDS,
        Some('.' | '!' | '…' | '۔') => true,
        _ => words >= HEADING_WORDS,
    }
}

/// Whether a unit opens by pointing back to the sentence before it.
pub fn leans_back(sentence: &str) -> bool {
    // Most units open with words of Arabic letters, bare or between marks, each then one of
    // the words, keyed as the word normalised. A word counts when it ends within the bytes
    // read.
    let Some(first) = text::leading_letter_word(sentence).filter(|f| f.word.end <= READ) else {
        return leans_back_by_words(sentence);
    };
    if first.word.len() > LONGEST {
        return false;
    }
    let rest = sentence[first.chunk_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
    let at = sentence.len() - rest.len();
    let a = first.key;
    let b = match text::leading_letter_word(rest).filter(|w| at + w.word.end <= READ) {
        Some(second) if second.word.len() <= LONGEST => second.key,
        Some(_) => NO_WORD,
        // The second word is needed only when the first may open a pair.
        None if openers().pairs.iter().any(|&(p, _)| p == a) => {
            return leans_back_by_words(sentence);
        }
        None => NO_WORD,
    };
    openers().lean(a, b)
}

/// How far into a unit its opening words are looked for (bytes).
const READ: usize = 64;
/// No opener is longer than "وبالتالي" (16 bytes): a longer first word cannot lean.
const LONGEST: usize = 16;
/// The key of no word, for a missing second word: the key of the empty word.
const NO_WORD: u64 = 0;

/// The openers by [`text::term_key`]: each as listed, and after و or ف.
struct Openers {
    alone: FxHashSet<u64>,
    pairs: Vec<(u64, u64)>,
}

impl Openers {
    /// Whether opening words keyed `a` `b` lean back: `a` (after one و or ف) an opener
    /// alone or with `b`.
    fn lean(&self, a: u64, b: u64) -> bool {
        self.alone.contains(&a) || self.pairs.contains(&(a, b))
    }
}

fn openers() -> &'static Openers {
    static CELL: OnceLock<Openers> = OnceLock::new();
    CELL.get_or_init(|| {
        let forms = |w: &str| ["", "و", "ف"].map(|c| text::term_key(&format!("{c}{w}")));
        Openers {
            alone: LEANING.iter().flat_map(|w| forms(w)).collect(),
            pairs: LEANING_PAIRS
                .iter()
                .flat_map(|&(p, b)| forms(p).map(|a| (a, text::term_key(b))))
                .collect(),
        }
    })
}

/// [`leans_back`] from the unit's first two words.
fn leans_back_by_words(sentence: &str) -> bool {
    // The opening words are all that matter: look no further than the first bytes.
    let mut end = sentence.len().min(READ);
    while !sentence.is_char_boundary(end) {
        end -= 1;
    }
    let first: [&str; 2] = text::first_words(&sentence[..end]);
    if first[0].is_empty() || first[0].len() > LONGEST {
        return false;
    }
    let a = text::term_key(&text::normalize(first[0]));
    let b = if first[1].len() <= LONGEST {
        text::term_key(&text::normalize(first[1]))
    } else {
        NO_WORD
    };
    openers().lean(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alone(s: &str) -> bool {
        stands_alone(s, text::word_count(s))
    }

    #[test]
    fn fragments_questions_and_headings_do_not_stand_alone() {
        assert!(alone("أعلنت الوزارة خطة جديدة لتشغيل الشباب."));
        assert!(!alone("_____"));
        assert!(!alone("وقال الوزير ذلك."));
        assert!(!alone("ما الذي تغير في سوق العمل؟"));
        assert!(!alone("«هل تنجح الخطة؟»"));
        // A question of the story's own, not a subheading.
        assert!(alone(
            "بعد أعوام من الانتظار وافقت الحكومة على رفع الأجور فهل يكفي ذلك لمواجهة الغلاء؟"
        ));
        assert!(!alone("العمال المهاجرون يواجهون شتاء قاسيا"));
        // A long line without a final mark is a sentence whose mark was lost.
        assert!(alone(
            "أعلنت الوزارة اليوم خطة جديدة لتشغيل الشباب في المدن الكبرى تشمل التدريب والدعم"
        ));
    }

    #[test]
    fn back_pointing_openers() {
        assert!(leans_back("وهو ما أكده المتحدث باسم النقابة أيضا."));
        assert!(leans_back("كما أن ذلك يرفع الكلفة على الشركات."));
        assert!(leans_back("وأضاف أن الخطة تبدأ الشهر المقبل."));
        assert!(leans_back("غير أن النقابات رفضت العرض."));
        assert!(leans_back("«ومن جهته» قال المدير إن العرض مقبول."));
        assert!(!leans_back("وقال وزير العمل إن الخطة تبدأ الشهر المقبل."));
        assert!(!leans_back("هولندا ترفع الحد الأدنى للأجور."));
        assert!(!leans_back(""));
        // A conjunction, then the first word of a pair.
        assert!(leans_back("ومن جهته قال المدير إن العرض مقبول."));
        assert!(leans_back("فمع ذلك بقيت الأجور على حالها."));
        assert!(!leans_back("ومن العمال من رفض العرض."));
    }

    proptest::proptest! {
        #[test]
        fn the_first_word_alone_decides_as_the_two_words_do(
            s in "[«(]?(و|ف)?(هو|هذا|ذلك|غير|بيد|من|مع|الى|إلى|في|كما|أضاف|تابعت|العمال|بالتالي|وبالتالي|هولندا|أ|ـ)[»،.]?( |\n|  )[«(]?(أن|ان|ذلك|جهته|جانبها|العمل|المقابل|ـ)?[ .،]?(قال|العمال)?",
        ) {
            proptest::prop_assert_eq!(leans_back(&s), leans_back_by_words(&s), "{}", s);
        }
    }
}
