//! Which sentence units may stand in a summary on their own.
//!
//! A summary line is a sentence a reader understands alone: not a unit without words, not
//! a fragment of three words or fewer, not a subheading: a short question ("ما الذي تغير؟")
//! or a short line without a final mark, such as a related-story headline (a long question
//! is a sentence of the story, as news leads often ask one); and not a sentence that opens by
//! pointing back ("وهو ما…", "كما أن ذلك…", "وأضاف…") unless the sentence before it is in
//! the summary too.

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
    // Most units open with words of Arabic letters alone, each then one of the words.
    let Some(first) = text::leading_letter_word(sentence) else {
        return leans_back_by_words(sentence);
    };
    if first.len() > LONGEST {
        return false;
    }
    let rest = sentence[first.len()..].trim_start_matches(|c: char| c.is_ascii_whitespace());
    let at = sentence.len() - rest.len();
    let second = text::leading_letter_word(rest).filter(|w| at + w.len() <= READ);
    let decided = with_buffers(|a, b| {
        text::normalize_letters_into(first, a);
        b.clear();
        match second {
            Some(w) if w.len() <= LONGEST => text::normalize_letters_into(w, b),
            Some(_) => {}
            // The second word is needed only when the first may open a pair.
            None if opener(a, |w| LEANING_PAIRS.iter().any(|&(p, _)| p == w)) => return None,
            None => {}
        }
        Some(leaning_opening(a, b))
    });
    decided.unwrap_or_else(|| leans_back_by_words(sentence))
}

/// Whether normalised opening words `a` `b` lean back: `a` (after one و or ف) an opener
/// alone or with `b`.
fn leaning_opening(a: &str, b: &str) -> bool {
    opener(a, |w| {
        LEANING.contains(&w) || LEANING_PAIRS.contains(&(w, b))
    })
}

/// Whether `word`, or `word` after one و or ف, is such.
fn opener(word: &str, is: impl Fn(&str) -> bool) -> bool {
    is(word) || word.strip_prefix(['و', 'ف']).is_some_and(is)
}

/// How far into a unit its opening words are looked for (bytes).
const READ: usize = 64;
/// No opener is longer than "وبالتالي" (16 bytes): a longer first word cannot lean.
const LONGEST: usize = 16;

/// Two reusable strings.
fn with_buffers<T>(f: impl FnOnce(&mut String, &mut String) -> T) -> T {
    thread_local! {
        static WORDS: std::cell::RefCell<(String, String)> =
            const { std::cell::RefCell::new((String::new(), String::new())) };
    }
    WORDS.with_borrow_mut(|(a, b)| f(a, b))
}

/// [`leans_back`] from the unit's first two words.
fn leans_back_by_words(sentence: &str) -> bool {
    // The opening words are all that matter: look no further than the first bytes.
    let mut end = sentence.len().min(READ);
    while !sentence.is_char_boundary(end) {
        end -= 1;
    }
    let mut first: [&str; 2] = ["", ""];
    let mut n = 0;
    text::for_each_word(&sentence[..end], |w| {
        if n < 2 {
            first[n] = w;
            n += 1;
        }
    });
    if first[0].is_empty() || first[0].len() > LONGEST {
        return false;
    }
    with_buffers(|a, b| {
        text::normalize_into(first[0], a);
        b.clear();
        if first[1].len() <= LONGEST {
            text::normalize_into(first[1], b);
        }
        leaning_opening(a, b)
    })
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
            s in "[«(]?(و|ف)?(هو|هذا|ذلك|غير|بيد|من|مع|الى|إلى|في|كما|أضاف|تابعت|العمال|بالتالي|وبالتالي|هولندا|أ|ـ)[»،.]?( |\n|  )(أن|ان|ذلك|جهته|جانبها|العمل|المقابل|ـ)?[ .،]?(قال|العمال)?",
        ) {
            proptest::prop_assert_eq!(leans_back(&s), leans_back_by_words(&s), "{}", s);
        }
    }
}
