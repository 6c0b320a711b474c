//! The gazetteer of the Arab region (`data/gazetteer.txt`): which country a place name, a
//! national adjective, a news outlet or a web domain belongs to.
//!
//! Text is matched word by word after normalisation, longest name first, with a leading
//! conjunction or preposition (و ف ب ل ك, "لل") tried off each first word, so "بالرباط" and
//! "وللمغرب" are found.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::text;

/// One country of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2: "MA".
    pub code: &'static str,
    /// The name shown: "المغرب".
    pub name: &'static str,
    /// A member of the League of Arab States; the others are listed so that a story about
    /// them is not given an Arab country it merely mentions.
    pub arab: bool,
}

pub struct Gazetteer {
    pub countries: Vec<Country>,
    /// Normalised place names and adjectives (words joined by one space) → country index.
    places: FxHashMap<String, usize>,
    /// Normalised outlet names → country index.
    sources: HashMap<String, usize>,
    /// Country-code domains ("ma") → country index.
    domains: HashMap<String, usize>,
    /// The first word of each place name → the most words a name opening with it has.
    first_words: FxHashMap<String, usize>,
    /// The endings of the first words, to pass over most words without normalising them.
    endings: Endings,
    fold: Fold,
    /// The most words any place name has.
    longest: usize,
}

const SOURCE: &str = include_str!("../data/gazetteer.txt");

fn normalised_words(s: &str) -> Vec<String> {
    text::words(s).iter().map(|w| text::normalize(w)).collect()
}

fn parse() -> Gazetteer {
    let mut g = Gazetteer {
        countries: Vec::new(),
        places: FxHashMap::default(),
        first_words: FxHashMap::default(),
        sources: HashMap::new(),
        domains: HashMap::new(),
        longest: 1,
        endings: Endings([0; 512]),
        fold: Fold::new(),
    };
    for (n, line) in SOURCE.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let (code, name) = head
                .split_once(' ')
                .expect("data/gazetteer.txt: [CODE name]");
            g.countries.push(Country {
                code,
                name,
                arab: true,
            });
            continue;
        }
        let at = g.countries.len().checked_sub(1).expect("a country first");
        let (kind, names) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("data/gazetteer.txt:{}: kind: names", n + 1));
        for name in names
            .split(['،', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let key = normalised_words(name).join(" ");
            match kind.trim() {
                "country" | "adjective" | "city" => {
                    let n = key.split(' ').count();
                    g.longest = g.longest.max(n);
                    let first = key.split(' ').next().unwrap_or("").to_owned();
                    let most = g.first_words.entry(first).or_insert(0);
                    *most = (*most).max(n);
                    g.places.entry(key).or_insert(at);
                }
                "source" => {
                    g.sources.entry(key).or_insert(at);
                }
                "domain" => {
                    g.domains.insert(name.to_ascii_lowercase(), at);
                }
                "region" => g.countries[at].arab = name != "outside",
                other => panic!("data/gazetteer.txt:{}: unknown kind {other}", n + 1),
            }
        }
    }
    for first in g.first_words.keys() {
        g.endings.insert(first);
        if let Some(rest) = first.strip_prefix("ال") {
            g.endings.insert(&format!("لل{rest}"));
        }
    }
    g
}

/// The gazetteer, read once.
pub fn get() -> &'static Gazetteer {
    static CELL: OnceLock<Gazetteer> = OnceLock::new();
    CELL.get_or_init(parse)
}

/// Call `f` with each reading of a word without one leading clitic: the word itself, then
/// without و ف, then (of both) without ب ل ك, or with "لل" standing for "ل" + "ال".
/// Readings shorter than two letters are left out.
fn for_each_reading(word: &str, mut f: impl FnMut(&str)) {
    let mut emit = |w: &str| {
        if w.chars().nth(1).is_some() {
            f(w);
        }
    };
    let rest = word.strip_prefix(['و', 'ف']);
    emit(word);
    if let Some(r) = rest {
        emit(r);
    }
    let mut al = String::new();
    for w in std::iter::once(word).chain(rest) {
        if let Some(r) = w.strip_prefix("لل") {
            al.clear();
            al.push_str("ال");
            al.push_str(r);
            emit(&al);
        }
        if let Some(r) = w.strip_prefix(['ب', 'ل', 'ك']) {
            emit(r);
        }
    }
}

/// How normalisation folds each character of ASCII and of the Arabic block (U+0600 to
/// U+06FF), which it folds one by one (a property test checks it): the character it
/// becomes, or [`Fold::DROPPED`].
struct Fold([u32; 0x180]);

impl Fold {
    const DROPPED: u32 = u32::MAX;
    /// A character outside the table (or folded into more than one).
    const UNKNOWN: u32 = u32::MAX - 1;

    /// The table, as [`text::normalize`] folds each character alone.
    fn new() -> Fold {
        let mut t = [0; 0x180];
        for (i, f) in t.iter_mut().enumerate() {
            let code = if i < 0x80 { i } else { 0x0600 + i - 0x80 };
            let c = char::from_u32(code as u32).expect("ASCII and the Arabic block");
            let folded = text::normalize(c.encode_utf8(&mut [0; 4]));
            let mut chars = folded.chars();
            *f = match (chars.next(), chars.next()) {
                (None, _) => Self::DROPPED,
                (Some(f), None) => f as u32,
                _ => Self::UNKNOWN,
            };
        }
        Fold(t)
    }

    /// The last character of `bytes` (UTF-8, not empty) folded, with its length in bytes.
    fn last(&self, bytes: &[u8]) -> (u32, usize) {
        match bytes {
            [.., b] if b.is_ascii() => (self.0[usize::from(*b)], 1),
            // Two bytes led by 0xD8..=0xDB: U+0600..=U+06FF.
            [.., a @ 0xD8..=0xDB, b] => {
                let index = usize::from(a & 0x03) << 6 | usize::from(b & 0x3F);
                (self.0[0x80 + index], 2)
            }
            _ => (Self::UNKNOWN, 1),
        }
    }
}

/// How many letters of a word's end [`Endings`] compares.
const ENDING: usize = 4;

/// Word endings of two to [`ENDING`] letters, hashed into bits. A reading of a word without
/// its clitic ends as the word does ("لل" read "ال" ends as it too), so a word whose
/// endings all miss the endings of the first words (and of their "لل" forms) has no reading
/// among them. Two endings may share a bit: the look-up then turns the word down.
struct Endings([u64; 512]);

impl Endings {
    /// The hash of an ending one letter longer than the one hashed into `h`.
    fn step(h: u32, c: u32) -> u32 {
        (h.rotate_left(5) ^ c).wrapping_mul(0x9E37_79B1)
    }

    fn has(&self, h: u32) -> bool {
        let bit = (h >> 17) as usize;
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Add the ending of a normalised word (its last [`ENDING`] letters, or all of a
    /// shorter word of two letters or more).
    fn insert(&mut self, word: &str) {
        let letters = word.chars().rev().take(ENDING);
        if word.chars().nth(1).is_some() {
            let bit = (letters.fold(0, |h, c| Self::step(h, c as u32)) >> 17) as usize;
            self.0[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// Whether one of the endings of the word `raw` normalises to is in the set (or the
    /// word has a character `fold` does not know).
    fn any_of(&self, raw: &str, fold: &Fold) -> bool {
        let (mut h, mut n, mut rest) = (0, 0, raw.as_bytes());
        while !rest.is_empty() {
            let (f, len) = fold.last(rest);
            rest = &rest[..rest.len() - len];
            match f {
                Fold::DROPPED => continue,
                Fold::UNKNOWN => return true,
                f => h = Self::step(h, f),
            }
            n += 1;
            if n >= 2 && self.has(h) {
                return true;
            }
            if n == ENDING {
                break;
            }
        }
        false
    }
}

/// `s` without the tashkeel, tatweel and direction marks that follow an Arabic letter. The
/// word rules (UAX #29) read such a mark as part of the letter before it (WB4) and tatweel
/// as one more letter (ALetter), and normalisation drops them, so the normalised words are
/// the same; but the text then takes the word splitter's fast path, where they would send
/// it to the Unicode tables.
fn without_marks(s: &str) -> Cow<'_, str> {
    // The two bytes that open each mark (and a few other characters): most texts have none.
    let opens_mark = |(&a, &b): (&u8, &u8)| {
        (a == 0xD8) & (matches!(b, 0x90..=0x9A) | (b == 0x9C))
            | (a == 0xD9) & (matches!(b, 0x80 | 0x8B..=0x9F) | (b == 0xB0))
            | (a == 0x80) & matches!(b, 0x8E | 0x8F)
    };
    let bytes = s.as_bytes();
    let next = bytes.get(1..).unwrap_or_default();
    let maybe = bytes
        .iter()
        .zip(next)
        .fold(false, |any, p| any | opens_mark(p));
    if !maybe {
        return Cow::Borrowed(s);
    }
    let mark = |c: char| {
        matches!(c, '\u{0610}'..='\u{061A}' | '\u{061C}' | '\u{0640}'
            | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{200E}' | '\u{200F}')
    };
    let letter = |c: char| {
        let u = c as u32;
        (u.wrapping_sub(0x0620) < 0x20) | (u.wrapping_sub(0x0641) < 10)
    };
    let (mut out, mut kept, mut after_letter) = (String::with_capacity(s.len()), 0, false);
    for (i, c) in s.char_indices() {
        if after_letter && mark(c) {
            out.push_str(&s[kept..i]);
            kept = i + c.len_utf8();
        } else {
            after_letter = letter(c);
        }
    }
    out.push_str(&s[kept..]);
    Cow::Owned(out)
}

/// The words of a text, each normalised when it is first needed. The buffers are kept
/// from text to text, one set per thread.
#[derive(Default)]
struct Words {
    /// Each word's byte range in the text.
    raw: Vec<Range<usize>>,
    /// The normalised words, one after another.
    joined: String,
    /// Where each word is in `joined`, once normalised.
    spans: Vec<Option<Range<usize>>>,
    one: String,
}

impl Words {
    fn split(&mut self, s: &str) {
        self.raw.clear();
        self.joined.clear();
        text::for_each_word(s, |w| {
            let start = w.as_ptr() as usize - s.as_ptr() as usize;
            self.raw.push(start..start + w.len());
        });
        self.spans.clear();
        self.spans.resize(self.raw.len(), None);
    }

    /// Normalise the words of `range` not normalised yet (of `s`, the text split).
    fn normalise(&mut self, s: &str, range: Range<usize>) {
        for k in range {
            if self.spans[k].is_none() {
                text::normalize_into(&s[self.raw[k].clone()], &mut self.one);
                let start = self.joined.len();
                self.joined.push_str(&self.one);
                self.spans[k] = Some(start..self.joined.len());
            }
        }
    }

    /// Word `k` normalised (by [`Words::normalise`]).
    fn get(&self, k: usize) -> &str {
        &self.joined[self.spans[k].clone().expect("normalised")]
    }
}

/// Buffers of [`Gazetteer::place_at`], reused from word to word.
#[derive(Default)]
struct Buffers {
    /// The readings of a word that open a name, one after another.
    opening: String,
    /// Each such reading in `opening`, with the most words a name opening with it has.
    readings: Vec<(Range<usize>, usize)>,
    key: String,
}

thread_local! {
    static BUFFERS: RefCell<(Words, Buffers)> = RefCell::default();
}

impl Gazetteer {
    /// Every place named in `s`, as country indices in order of mention (a multi-word
    /// name counts once, for its longest reading).
    pub fn places_in(&self, s: &str) -> Vec<usize> {
        let s = without_marks(s);
        BUFFERS.with_borrow_mut(|(words, buffers)| {
            words.split(&s);
            let mut found = Vec::new();
            let mut i = 0;
            while i < words.raw.len() {
                let hit = if self.endings.any_of(&s[words.raw[i].clone()], &self.fold) {
                    self.place_at(&s, words, i, buffers)
                } else {
                    None
                };
                match hit {
                    Some((c, len)) => {
                        found.push(c);
                        i += len;
                    }
                    None => i += 1,
                }
            }
            found
        })
    }

    /// The longest place name opening at word `i`: its country and its length in words.
    fn place_at(
        &self,
        s: &str,
        words: &mut Words,
        i: usize,
        b: &mut Buffers,
    ) -> Option<(usize, usize)> {
        // The readings of the first word that open a name, each with the most words such
        // a name has: only those lengths can match (most words open none).
        words.normalise(s, i..i + 1);
        b.opening.clear();
        b.readings.clear();
        for_each_reading(words.get(i), |r| {
            let most = match self.first_words.get(r) {
                _ if r.contains(' ') => Some(self.longest),
                most => most.copied(),
            };
            if let Some(most) = most {
                let start = b.opening.len();
                b.opening.push_str(r);
                b.readings.push((start..b.opening.len(), most));
            }
        });
        let most = b.readings.iter().map(|r| r.1).max()?;
        let longest = self.longest.min(most).min(words.raw.len() - i);
        words.normalise(s, i + 1..i + longest);
        (1..=longest).rev().find_map(|len| {
            b.readings.iter().find_map(|(first, most)| {
                if len > *most {
                    return None;
                }
                b.key.clear();
                b.key.push_str(&b.opening[first.clone()]);
                for k in i + 1..i + len {
                    b.key.push(' ');
                    b.key.push_str(words.get(k));
                }
                self.places.get(&b.key).map(|&c| (c, len))
            })
        })
    }

    /// The country of a news outlet, if the gazetteer knows it.
    pub fn source_country(&self, name: &str) -> Option<usize> {
        self.sources.get(&normalised_words(name).join(" ")).copied()
    }

    /// The country of a link's country-code domain ("https://www.hespress.ma/…" → MA).
    pub fn url_country(&self, url: &str) -> Option<usize> {
        let host = url
            .split("://")
            .nth(1)?
            .split(['/', '?', '#', ':'])
            .next()?;
        let tld = host.rsplit('.').next()?.to_ascii_lowercase();
        self.domains.get(&tld).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(i: usize) -> &'static str {
        get().countries[i].code
    }

    fn codes(s: &str) -> Vec<&'static str> {
        get().places_in(s).into_iter().map(code).collect()
    }

    #[test]
    fn every_arab_league_member_is_there() {
        let g = get();
        assert_eq!(g.countries.iter().filter(|c| c.arab).count(), 22);
        assert!(g.countries.iter().any(|c| c.code == "PH" && !c.arab));
        for c in ["MA", "EG", "SA", "PS", "KM", "YE"] {
            assert!(g.countries.iter().any(|x| x.code == c), "{c}");
        }
    }

    #[test]
    fn places_with_clitics_spellings_and_several_words() {
        assert_eq!(codes("اجتمعوا بالرباط ثم في الدار البيضاء"), ["MA", "MA"]);
        assert_eq!(codes("وزير العمل الأردني في عمّان"), ["JO", "JO"]);
        assert_eq!(codes("زيارة إلى سلطنة عمان ومسقط"), ["OM", "OM"]);
        assert_eq!(codes("الإسكندرية والاسكندرية"), ["EG", "EG"]);
        assert_eq!(codes("للمملكة العربية السعودية"), ["SA"]);
        assert_eq!(codes("الحكومة قررت رفع الأجور"), Vec::<&str>::new());
    }

    #[test]
    fn outlets_and_domains() {
        let g = get();
        assert_eq!(g.source_country("هسبريس").map(code), Some("MA"));
        assert_eq!(g.source_country("سانا").map(code), Some("SY"));
        assert_eq!(g.source_country("صحيفة مجهولة"), None);
        assert_eq!(
            g.url_country("https://www.example.com.eg/x?y=1").map(code),
            Some("EG")
        );
        assert_eq!(g.url_country("https://example.org/eg"), None);
    }

    #[test]
    fn places_under_tashkeel_tatweel_and_marks() {
        assert_eq!(codes("اجتمعوا بِالرِّبَاطِ ثم في الدّار البيضـاء"), ["MA", "MA"]);
        assert_eq!(codes("\u{200F}وللمملكة\u{200F} العربية السعودية"), ["SA"]);
        assert_eq!(codes("زيارة ﷺ مصر"), ["EG"]);
    }

    /// `places_in` as it was before the endings filter, marks stripping and lazy
    /// normalisation: every word normalised, every reading looked up.
    fn places_in_reference(g: &Gazetteer, s: &str) -> Vec<usize> {
        let (mut joined, mut spans, mut one) = (String::new(), Vec::new(), String::new());
        text::for_each_word(s, |w| {
            text::normalize_into(w, &mut one);
            let start = joined.len();
            joined.push_str(&one);
            spans.push(start..joined.len());
        });
        let word = |k: usize| &joined[spans[k].clone()];
        let mut found = Vec::new();
        let (mut key, mut readings) = (String::new(), Vec::<(String, usize)>::new());
        let mut i = 0;
        while i < spans.len() {
            readings.clear();
            for_each_reading(word(i), |r| {
                let most = match g.first_words.get(r) {
                    _ if r.contains(' ') => Some(g.longest),
                    most => most.copied(),
                };
                if let Some(most) = most {
                    readings.push((r.to_owned(), most));
                }
            });
            let hit = (1..=g.longest.min(spans.len() - i)).rev().find_map(|len| {
                readings.iter().find_map(|(first, most)| {
                    if len > *most {
                        return None;
                    }
                    key.clear();
                    key.push_str(first);
                    for k in i + 1..i + len {
                        key.push(' ');
                        key.push_str(word(k));
                    }
                    g.places.get(&key).map(|&c| (c, len))
                })
            });
            match hit {
                Some((c, len)) => {
                    found.push(c);
                    i += len;
                }
                None => i += 1,
            }
        }
        found
    }

    #[test]
    fn cases_the_property_tests_found_agree_with_the_reference() {
        // An empty text, a two-letter first word, tatweel after punctuation.
        for s in ["", "أم القيوين ", "المغرب'ـ ", "\nَمصر ـمصر"] {
            assert_eq!(get().places_in(s), places_in_reference(get(), s), "{s:?}");
        }
        assert_eq!(codes("أم القيوين"), ["AE"]);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// The place names of the data file as written (hamza, ta marbuta, several words).
        fn names() -> Vec<&'static str> {
            SOURCE
                .lines()
                .filter_map(|l| l.split_once(':'))
                .filter(|(kind, _)| matches!(kind.trim(), "country" | "adjective" | "city"))
                .flat_map(|(_, names)| names.split(['،', '|']).map(str::trim))
                .filter(|n| !n.is_empty())
                .collect()
        }

        fn string_of(
            alphabet: &'static [char],
            len: Range<usize>,
        ) -> impl Strategy<Value = String> {
            proptest::collection::vec(proptest::sample::select(alphabet), len)
                .prop_map(|v| v.into_iter().collect())
        }

        const LETTERS: &[char] = &[
            'ا', 'أ', 'إ', 'آ', 'ل', 'م', 'و', 'ف', 'ب', 'ك', 'ي', 'ى', 'ة', 'ه', 'ر', 'ع', 'ن',
            'س', 'ء', 'ئ', 'ـ', 'ک', 'ی',
        ];

        /// Tashkeel, tatweel, direction and format marks, presentation forms, NFKC
        /// ligatures with spaces, and characters that leave the word splitter's fast path.
        const MARKS: &[char] = &[
            '\u{064E}', '\u{0651}', '\u{064B}', '\u{0652}', '\u{0670}', '\u{0610}', '\u{061C}',
            'ـ', '\u{200F}', '\u{200E}', '\u{200C}', '\u{200D}', '\u{200B}', '\u{FEFF}',
            '\u{00AD}', '\u{FDFA}', '\u{FEFB}', '\u{FB51}', '·', 'é', 'Σ', '٣', '\u{0600}', '😀',
        ];

        const SEPARATORS: &[char] = &[
            ' ', ' ', ' ', '\n', '\u{A0}', '.', ':', ',', '،', '؛', '؟', '«', '»', '(', ')', '-',
            '_', '\'', '1', 'a',
        ];

        /// A sentence of gazetteer names behind clitics, other Arabic words, separators and
        /// marks, pieced together with or without spaces.
        fn sentence() -> impl Strategy<Value = String> {
            let clitic = proptest::sample::select(
                &["", "", "و", "ف", "ب", "ل", "ك", "لل", "وب", "فل", "ولل"][..],
            );
            let name =
                (clitic, proptest::sample::select(names())).prop_map(|(c, n)| format!("{c}{n}"));
            let piece = prop_oneof![
                4 => name,
                3 => string_of(LETTERS, 1..7),
                4 => string_of(SEPARATORS, 1..3),
                2 => string_of(MARKS, 1..3),
            ];
            proptest::collection::vec(piece, 0..16).prop_map(|v| v.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4000))]

            #[test]
            fn places_in_agrees_with_the_reference(s in sentence()) {
                let g = get();
                prop_assert_eq!(g.places_in(&s), places_in_reference(g, &s));
            }

            #[test]
            fn without_marks_keeps_the_normalised_words(s in sentence()) {
                let normalised = |t: &str| -> Vec<String> {
                    text::words(t).into_iter().map(text::normalize).collect()
                };
                prop_assert_eq!(normalised(&without_marks(&s)), normalised(&s));
            }

            #[test]
            fn fold_table_normalises_as_normalize(s in sentence()) {
                let fold = &get().fold;
                let (mut folded, mut rest, mut known) = (Vec::new(), s.as_bytes(), true);
                while !rest.is_empty() {
                    let (f, len) = fold.last(rest);
                    rest = &rest[..rest.len() - len];
                    known &= f != Fold::UNKNOWN;
                    folded.extend(char::from_u32(f));
                }
                let folded: String = folded.into_iter().rev().collect();
                prop_assert!(!known || folded == text::normalize(&s));
            }
        }
    }
}
