//! Text: Arabic sentence splitting, tokens and normalisation.
//!
//! Takes plain text and gives [`Span`]s (byte ranges of sentences in the original text),
//! word tokens, and normalised forms for comparison. Normalisation is for analysis only:
//! everything shown to a reader is the original text.

pub mod lexicon;
mod packed;
mod split;
mod ws;

pub use packed::key_of as term_key;
pub use split::{
    Layout, Span, SplitOptions, detect_layout, sentence_strs, sentence_text, sentences,
    split_sentences,
};
pub use ws::{collapse_spaces_into, ws_words};

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Arabic diacritics (tashkeel), Quranic annotation marks and tatweel: dropped by
/// [`normalize`].
pub fn is_tashkeel(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}')
}

/// Unicode format characters that carry no letters (BOM, ZWNJ, ZWJ, bidi marks and
/// embeddings): dropped by [`normalize`].
pub fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{0600}'..='\u{0605}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}')
}

fn needs_nfkc(c: char) -> bool {
    // Arabic presentation forms A and B, and other compatibility characters.
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Fold one character for comparison; `None` drops it.
fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    // The Arabic block, by table: most characters of the text land here.
    if let Some(i) = (c as u32).checked_sub(0x0600).filter(|&i| i < 0x100) {
        let folded = ARABIC_FOLD[i as usize];
        return (folded != 0).then(|| char::from_u32(folded as u32).unwrap_or(c));
    }
    if is_format_char(c) {
        return None;
    }
    Some(match c {
        // Cased scripts (Latin, Greek, Cyrillic, Armenian) sit below Hebrew and Arabic.
        _ if c < '\u{0590}' && c.is_uppercase() => c.to_lowercase().next().unwrap_or(c),
        _ => c,
    })
}

/// U+0600–U+06FF folded: 0 drops the character (tashkeel, tatweel, Quranic marks, the
/// Arabic letter mark), else the code point it becomes.
const ARABIC_FOLD: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = 0x0600 + i as u16;
        i += 1;
    }
    let mut i = 0x10;
    while i <= 0x1A {
        t[i] = 0;
        i += 1;
    }
    let mut i = 0x4B;
    while i <= 0x5F {
        t[i] = 0;
        i += 1;
    }
    let mut i = 0xD6;
    while i <= 0xED {
        t[i] = 0;
        i += 1;
    }
    let mut i = 0;
    while i <= 0x05 {
        t[i] = 0; // Arabic number signs (format characters)
        i += 1;
    }
    t[0x70] = 0; // superscript alef
    t[0x40] = 0; // tatweel
    t[0x1C] = 0; // Arabic letter mark
    t[0x23] = 0x0627; // أ
    t[0x25] = 0x0627; // إ
    t[0x22] = 0x0627; // آ
    t[0x71] = 0x0627; // ٱ
    t[0x49] = 0x064A; // ى
    t[0xCC] = 0x064A; // ی
    t[0x29] = 0x0647; // ة
    t[0xA9] = 0x0643; // ک
    let mut d = 0;
    while d < 10 {
        t[0x60 + d] = 0x30 + d as u16; // Arabic-Indic digits
        t[0xF0 + d] = 0x30 + d as u16; // Extended Arabic-Indic digits
        d += 1;
    }
    t
};

/// Normalise text for comparison: NFKC for presentation forms, tashkeel, tatweel and format
/// characters removed, `أ إ آ ٱ → ا`, `ى → ي`, `ة → ه`, Arabic-Indic digits to ASCII,
/// lower case.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into a buffer (cleared first), to reuse its allocation.
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    if let Fold::NeedsNfkc = fold_runs(text, |piece| {
        match piece {
            Folded::Same(run) => out.push_str(run),
            Folded::Char(c) => out.push(c),
        }
        true
    }) {
        out.clear();
        out.extend(text.nfkc().filter_map(fold_char));
    }
}

/// How [`fold_each`] ended.
enum Fold {
    Done,
    /// The callback asked to stop.
    Stopped,
    /// A character needs NFKC first (presentation forms): text to fold another way.
    NeedsNfkc,
}

/// The index in the Arabic block (U+0600..U+06FF) of the character at byte `i`, when it is
/// one: the two-byte sequences led by 0xD8..=0xDB.
#[inline]
fn arabic_at(bytes: &[u8], i: usize) -> Option<usize> {
    let b = bytes[i];
    (0xD8..=0xDB)
        .contains(&b)
        .then(|| (usize::from(b & 0x03) << 6) | usize::from(bytes[i + 1] & 0x3F))
}

/// What [`fold_runs`] gives: a run of text that folding leaves as it is, or the folded
/// form of one character.
enum Folded<'a> {
    Same(&'a str),
    Char(char),
}

/// Call `f` with `text` folded as [`normalize`] folds it (dropped characters left out), in
/// order, while it returns `true`: runs that folding leaves unchanged are given whole (most
/// of a text), changed characters one by one. ASCII and the Arabic block are folded from
/// their bytes; a character that needs NFKC stops the pass.
fn fold_runs<'a>(text: &'a str, mut f: impl FnMut(Folded<'a>) -> bool) -> Fold {
    let bytes = text.as_bytes();
    let (mut i, mut run) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        // The character's length and what it folds to (`None`: dropped).
        let (len, folded) = if b < 0x80 {
            if !b.is_ascii_uppercase() {
                i += 1;
                continue;
            }
            (1, Some(b.to_ascii_lowercase() as char))
        } else if let Some(index) = arabic_at(bytes, i) {
            let to = ARABIC_FOLD[index];
            if usize::from(to) == 0x0600 + index {
                i += 2;
                continue;
            }
            (
                2,
                (to != 0).then(|| char::from_u32(u32::from(to)).unwrap_or('\u{FFFD}')),
            )
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            if needs_nfkc(c) {
                // What came before is given first, as a pass char by char would have.
                if run < i && !f(Folded::Same(&text[run..i])) {
                    return Fold::Stopped;
                }
                return Fold::NeedsNfkc;
            }
            let to = fold_char(c);
            if to == Some(c) {
                i += c.len_utf8();
                continue;
            }
            (c.len_utf8(), to)
        };
        if run < i && !f(Folded::Same(&text[run..i])) {
            return Fold::Stopped;
        }
        if let Some(c) = folded
            && !f(Folded::Char(c))
        {
            return Fold::Stopped;
        }
        i += len;
        run = i;
    }
    if run < i && !f(Folded::Same(&text[run..i])) {
        return Fold::Stopped;
    }
    Fold::Done
}

/// [`fold_runs`] one character at a time.
fn fold_each(text: &str, mut f: impl FnMut(char) -> bool) -> Fold {
    fold_runs(text, |piece| match piece {
        Folded::Same(run) => run.chars().all(&mut f),
        Folded::Char(c) => f(c),
    })
}

/// Words of a text: UAX #29 word boundaries (unicode-segmentation), keeping the words with
/// a letter or digit. Text made only of ASCII, Arabic letters and common punctuation, as
/// normalised news text is, takes a fast path that gives the same words (a property test
/// checks it against unicode-segmentation).
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w));
    out
}

/// Call `f` with each word of [`words`], without collecting them.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    thread_local! {
        static SPANS: std::cell::RefCell<Vec<(usize, usize)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    SPANS.with_borrow_mut(|spans| {
        spans.clear();
        // One pass: the fast path gives up at the first character it does not know.
        if fast_words(text, |w| {
            let start = w.as_ptr() as usize - text.as_ptr() as usize;
            spans.push((start, start + w.len()));
        }) {
            for &(a, b) in spans.iter() {
                f(&text[a..b]);
            }
        } else {
            text.unicode_words().for_each(f);
        }
    });
}

/// The first `N` of [`words`] (empty strings where the text has fewer): the general path
/// stops after them.
pub fn first_words<const N: usize>(text: &str) -> [&str; N] {
    let mut out = [""; N];
    let mut n = 0;
    let fast = fast_words(text, |w| {
        if n < N {
            out[n] = w;
            n += 1;
        }
    });
    if !fast {
        out = [""; N];
        for (slot, w) in out.iter_mut().zip(text.unicode_words()) {
            *slot = w;
        }
    }
    out
}

/// Word-break classes of UAX #29, for the characters the fast path knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Digit,
    /// ExtendNumLet: `_`.
    Under,
    /// MidLetter: `:`.
    MidLetter,
    /// MidNumLet and Single_Quote: `.` `'`.
    MidNumLet,
    /// MidNum: `,` `;` `،`.
    MidNum,
    Other,
}

const fn wb_class(c: char) -> Option<Wb> {
    Some(match c {
        'a'..='z' | 'A'..='Z' => Wb::Letter,
        '0'..='9' => Wb::Digit,
        '_' => Wb::Under,
        ':' => Wb::MidLetter,
        '.' | '\'' => Wb::MidNumLet,
        ',' | ';' | '\u{060C}' => Wb::MidNum,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' => Wb::Letter,
        _ if c.is_ascii() => Wb::Other,
        '\u{061B}' | '\u{061F}' | '\u{00A0}' | '\u{00AB}' | '\u{00BB}' | '\u{2013}'
        | '\u{2014}' | '\u{201C}' | '\u{201D}' | '\u{2026}' => Wb::Other,
        _ => return None,
    })
}

/// [`wb_class`] of ASCII (0..0x80) and of the Arabic block (0x80..0x180), by table.
const WB_TABLE: [Option<Wb>; 0x180] = {
    let mut t = [None; 0x180];
    let mut i = 0;
    while i < 0x180 {
        let code = if i < 0x80 { i } else { 0x0600 + i - 0x80 };
        t[i] = match char::from_u32(code as u32) {
            Some(c) => wb_class(c),
            None => None,
        };
        i += 1;
    }
    t
};

/// [`wb_class`], by table for ASCII and the Arabic block.
#[inline]
fn wb_of(c: char) -> Option<Wb> {
    match c as usize {
        u @ 0..0x80 => WB_TABLE[u],
        u @ 0x0600..0x0700 => WB_TABLE[0x80 + u - 0x0600],
        _ => wb_class(c),
    }
}

/// The UAX #29 word-break rules of the fast path, fed one character at a time with its
/// byte range; words come out as byte ranges.
#[derive(Default)]
struct WordBreaker {
    /// The word being read: its range so far, its last class, whether it holds a letter
    /// or digit (a word of `_` alone is not a word).
    word: Option<(usize, usize, Wb, bool)>,
    /// A middle character (`.` `:` `،` ...) after the word, waiting for the next one.
    pending: Option<Wb>,
}

impl WordBreaker {
    fn feed(&mut self, class: Wb, start: usize, end: usize, emit: &mut impl FnMut(usize, usize)) {
        let wordish = |w: Wb| matches!(w, Wb::Letter | Wb::Digit | Wb::Under);
        if let Some((word_start, _, last, alnum)) = self.word {
            match self.pending.take() {
                Some(mid) if joins(last, mid, class) => {
                    self.word = Some((word_start, end, class, true));
                    return;
                }
                Some(_) => self.finish(emit),
                None if wordish(class) => {
                    self.word = Some((word_start, end, class, alnum || class != Wb::Under));
                    return;
                }
                None if matches!(class, Wb::MidLetter | Wb::MidNumLet | Wb::MidNum) => {
                    self.pending = Some(class);
                    return;
                }
                None => {
                    self.finish(emit);
                    return;
                }
            }
        }
        if wordish(class) {
            self.word = Some((start, end, class, class != Wb::Under));
        }
    }

    /// End the word being read, if any (a pending middle character stays outside it).
    fn finish(&mut self, emit: &mut impl FnMut(usize, usize)) {
        if let Some((start, end, _, true)) = self.word.take() {
            emit(start, end);
        }
        self.pending = None;
    }
}

/// Whether a middle character of class `mid` between `last` and `next` stays inside the
/// word: WB6/7, letter (MidLetter | MidNumLet) letter; WB11/12, digit (MidNum | MidNumLet)
/// digit.
fn joins(last: Wb, mid: Wb, next: Wb) -> bool {
    match next {
        Wb::Letter => last == Wb::Letter && matches!(mid, Wb::MidLetter | Wb::MidNumLet),
        Wb::Digit => last == Wb::Digit && matches!(mid, Wb::MidNum | Wb::MidNumLet),
        _ => false,
    }
}

/// UAX #29 words of `text`, or `false` as soon as a character has no [`wb_class`] (the
/// words given to `f` before that are then to be discarded).
fn fast_words<'a>(text: &'a str, mut f: impl FnMut(&'a str)) -> bool {
    let mut breaker = WordBreaker::default();
    let mut emit = |a: usize, b: usize| f(&text[a..b]);
    for (i, c) in text.char_indices() {
        let Some(class) = wb_of(c) else {
            return false;
        };
        breaker.feed(class, i, i + c.len_utf8(), &mut emit);
    }
    breaker.finish(&mut emit);
    true
}

/// A letter ([`char::is_alphabetic`]), with the fast paths of [`is_word_char`]: the
/// Arabic block's digits are its only characters that are word characters but not letters.
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match c {
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => false,
        '\u{0600}'..='\u{06FF}' => is_word_char(c),
        _ => c.is_alphabetic(),
    }
}

/// A letter or digit (what the scorer's `[^\W_]` matches), with fast paths for ASCII and
/// the Arabic block before the general Unicode tables.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c {
        // The table knows the block's letters and separators; the characters a word count
        // ignores (tashkeel and the like) are asked of Unicode.
        '\u{0600}'..='\u{06FF}' => match ARABIC_WORD[c as usize - 0x0600] {
            0 => c.is_alphanumeric(),
            w => w == 1,
        },
        ' ' | '\u{A0}' | '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// How [`word_count`] sees each character of the Arabic block: 0 ignored (tashkeel,
/// tatweel, format marks, as the scorer deletes them), 1 part of a word, 2 a separator.
const ARABIC_WORD: [u8; 256] = {
    let mut t = [1u8; 256];
    let ranges: [(usize, usize, u8); 18] = [
        (0x00, 0x05, 0),
        (0x06, 0x0F, 2),
        (0x10, 0x1A, 0),
        (0x1B, 0x1F, 2),
        (0x1C, 0x1C, 0),
        (0x40, 0x40, 0),
        (0x4B, 0x5F, 0),
        (0x6A, 0x6D, 2),
        (0x70, 0x70, 0),
        (0xD4, 0xD4, 2),
        (0xD6, 0xED, 0),
        (0xFD, 0xFE, 2),
        (0x0C, 0x0C, 2),
        (0x0D, 0x0D, 2),
        (0x1E, 0x1E, 2),
        (0x1F, 0x1F, 2),
        (0x1D, 0x1D, 2),
        (0x1B, 0x1B, 2),
    ];
    let mut r = 0;
    while r < ranges.len() {
        let (a, b, v) = ranges[r];
        let mut i = a;
        while i <= b {
            t[i] = v;
            i += 1;
        }
        r += 1;
    }
    t
};

/// Counts runs of word characters, fed one character's verdict at a time.
#[derive(Default)]
struct WordRuns {
    count: usize,
    in_word: bool,
}

impl WordRuns {
    #[inline]
    fn feed(&mut self, word: bool) {
        self.count += usize::from(word & !self.in_word);
        self.in_word = word;
    }
}

/// The number of words in a text, counted as the benchmark's scorer counts them: maximal
/// runs of letters and digits after normalisation.
pub fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut runs = WordRuns::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let w = if b < 0x80 {
            i += 1;
            b.is_ascii_alphanumeric()
        } else if let Some(index) = arabic_at(bytes, i) {
            i += 2;
            match ARABIC_WORD[index] {
                0 => continue,
                1 => true,
                _ => false,
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if is_tashkeel(c) || is_format_char(c) {
                continue;
            }
            is_word_char(c)
        };
        runs.feed(w);
    }
    runs.count
}

const PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];
const SUFFIXES: [&str; 10] = ["هما", "كما", "ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// A light stemmer for normalised Arabic words: one conjunction (و ف), one article form
/// and one common suffix, each removed only when a stem of three letters or more remains.
/// Non-Arabic words are returned unchanged.
pub fn light_stem(word: &str) -> &str {
    let Some(first) = word.chars().next().filter(|&c| is_arabic_letter(c)) else {
        return word;
    };
    // Whether `w` has at least `n` characters, looking no further.
    let at_least = |w: &str, n: usize| w.chars().nth(n - 1).is_some();
    let mut w = word;
    // Every prefix begins with و ب ك ف ل ا and every suffix ends with ا ه ن ت ي: test that
    // letter before trying each affix.
    if matches!(first, 'و' | 'ب' | 'ك' | 'ف' | 'ل' | 'ا') {
        for p in PREFIXES {
            if let Some(rest) = w.strip_prefix(p)
                && at_least(rest, 3)
            {
                w = rest;
                break;
            }
        }
        if w.len() == word.len() {
            // No article: a bare conjunction.
            for p in ["و", "ف"] {
                if let Some(rest) = w.strip_prefix(p)
                    && at_least(rest, 4)
                {
                    w = rest;
                    break;
                }
            }
        }
    }
    if matches!(w.chars().next_back(), Some('ا' | 'ه' | 'ن' | 'ت' | 'ي')) {
        for s in SUFFIXES {
            if let Some(rest) = w.strip_suffix(s)
                && at_least(rest, 3)
            {
                w = rest;
                break;
            }
        }
    }
    w
}

pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Call `f` with each content term of a sentence, in order: normalised, stop words,
/// one-letter words and bare numbers left out, light-stemmed when `stem` is set. Returns
/// the sentence's [`word_count`], counted in the same pass.
pub fn for_each_content_term(sentence: &str, stem: bool, f: impl FnMut(&str)) -> usize {
    for_each_term(sentence, stem, false, f)
}

/// [`for_each_content_term`], with numbers ("2024", "15") kept when `numbers` is set: they
/// tell two events apart.
pub fn for_each_term(sentence: &str, stem: bool, numbers: bool, f: impl FnMut(&str)) -> usize {
    read_terms(sentence, &mut Strings { stem, numbers, f })
}

/// [`for_each_term`] giving each term's [`term_key`] instead of its text: a word of few
/// Arabic letters is looked up, stemmed and keyed packed, without a string or a hash.
pub fn for_each_term_key(sentence: &str, stem: bool, numbers: bool, f: impl FnMut(u64)) -> usize {
    read_terms(sentence, &mut Keys { stem, numbers, f })
}

/// What the chunked reading of a sentence hands on.
trait TermSink {
    /// A word of Arabic letters as written (two bytes each); whether some of them fold;
    /// the folded letters packed (meaningful up to [`packed::MAX_LETTERS`] letters);
    /// `normal`, a buffer to fold into.
    fn letters(&mut self, word: &str, folds: bool, key: u64, normal: &mut String);
    /// A normalised word of the general path.
    fn word(&mut self, w: &str);
}

/// The terms of [`for_each_term`] as text.
struct Strings<F> {
    stem: bool,
    numbers: bool,
    f: F,
}

impl<F: FnMut(&str)> TermSink for Strings<F> {
    fn letters(&mut self, word: &str, folds: bool, key: u64, normal: &mut String) {
        letter_term_folded(word, folds, key, self.stem, normal).map(&mut self.f);
    }
    fn word(&mut self, w: &str) {
        as_term(w, self.stem, self.numbers).map(&mut self.f);
    }
}

/// The terms of [`for_each_term`] as keys.
struct Keys<F> {
    stem: bool,
    numbers: bool,
    f: F,
}

impl<F: FnMut(u64)> TermSink for Keys<F> {
    #[inline]
    fn letters(&mut self, word: &str, folds: bool, key: u64, normal: &mut String) {
        let n = word.len() / 2;
        if n <= packed::MAX_LETTERS {
            packed::term(key, n, self.stem).map(&mut self.f);
        } else if let Some(t) = letter_term_folded(word, folds, key, self.stem, normal) {
            (self.f)(term_key(t));
        }
    }
    fn word(&mut self, w: &str) {
        if let Some(t) = as_term(w, self.stem, self.numbers) {
            (self.f)(term_key(t));
        }
    }
}

/// [`letter_term`] of a word of Arabic letters, folded into `normal` first if it must be.
fn letter_term_folded<'a>(
    word: &'a str,
    folds: bool,
    key: u64,
    stem: bool,
    normal: &'a mut String,
) -> Option<&'a str> {
    if folds {
        fold_letters(word, normal);
        let normal: &'a String = normal;
        letter_term(normal, key, stem)
    } else {
        letter_term(word, key, stem)
    }
}

/// Words never span whitespace, so the sentence is read a whitespace-separated chunk at a
/// time: a chunk of plain Arabic letters (most of them) is one word, folded by table
/// without the word-break rules; any other chunk takes the general path. Returns the
/// sentence's [`word_count`].
fn read_terms(sentence: &str, sink: &mut impl TermSink) -> usize {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = const {
            std::cell::RefCell::new(Scratch {
                normal: String::new(),
                spans: Vec::new(),
                bare: String::new(),
            })
        };
    }
    SCRATCH.with_borrow_mut(|scratch| {
        let bytes = sentence.as_bytes();
        let (mut count, mut i) = (0, 0);
        while i < bytes.len() {
            if bytes[i].is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let (end, letters) = chunk_at(bytes, i);
            count += read_chunk(&sentence[i..end], letters, sink, scratch);
            i = end;
        }
        count
    })
}

/// One whitespace-free chunk of [`read_terms`]: its words handed to `sink`, and how many.
#[inline]
fn read_chunk(
    chunk: &str,
    letters: Letters,
    sink: &mut impl TermSink,
    scratch: &mut Scratch,
) -> usize {
    let Scratch {
        normal,
        spans,
        bare,
    } = scratch;
    if let Letters::Yes { folds, key } = letters {
        sink.letters(chunk, folds, key, normal);
    } else if let Some((a, b, folds, key)) = punctuated_letters(chunk.as_bytes()) {
        sink.letters(&chunk[a..b], folds, key, normal);
    } else if chunk.bytes().all(|b| b.is_ascii_digit()) {
        // A number: one word, as written.
        sink.word(chunk);
    } else if let Some((folds, key)) = marked_letters(chunk, bare) {
        sink.letters(bare, folds, key, normal);
    } else if marks_only(chunk) {
        return 0;
    } else {
        let count = chunk_words(chunk, normal, spans);
        for &(a, b) in spans.iter() {
            sink.word(&normal[a..b]);
        }
        return count;
    }
    1
}

/// A chunk of Arabic letters with marks that [`normalize`] drops among them, tashkeel or
/// tatweel ("أعمالاً", "تُرسل", "تسـعة"): its letters alone into `bare`, whether some of
/// them fold, and their packed key (as [`letters_from`] gives it). `None` unless the chunk
/// is only such letters and marks, a letter among them.
fn marked_letters(chunk: &str, bare: &mut String) -> Option<(bool, u64)> {
    let b = chunk.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    bare.clear();
    let mut packed = Packing::default();
    for (k, pair) in b.chunks_exact(2).enumerate() {
        if packed.push(pair) {
            // Every pair before is a two-byte character: this one starts at a boundary.
            bare.push_str(&chunk[2 * k..2 * k + 2]);
        } else if !(pair[0] == 0xD9 && matches!(pair[1], 0x80 | 0x8B..=0x9F)) {
            // Not U+0640 (tatweel) nor U+064B..U+065F (tashkeel).
            return None;
        }
    }
    (!bare.is_empty()).then_some((packed.folds(), packed.key))
}

/// The buffers [`read_terms`] reuses from one sentence to the next: the normalised text of
/// a chunk and its words' ranges (the general path), and a word's letters without its
/// marks.
struct Scratch {
    normal: String,
    spans: Vec<(usize, usize)>,
    bare: String,
}

/// A chunk of punctuation alone (". « » ، -"): no word at all, nothing to normalise.
fn marks_only(chunk: &str) -> bool {
    chunk.chars().all(|c| {
        c.is_ascii_punctuation()
            || matches!(
                c,
                '،' | '؛' | '؟' | '·' | '«' | '»' | '“' | '”' | '–' | '—' | '…'
            )
    })
}

/// The first word of `text` when its first whitespace-separated chunk is a word of Arabic
/// letters (U+0620..U+063F, U+0641..U+064A), bare or between quotes, brackets or
/// punctuation ("ذلك،", "«ومن"): then the chunk's only word and the first of [`words`].
/// With it, the [`term_key`] of the word [`normalize`]d when it has at most ten letters
/// (beyond, the key is not meaningful), and where the chunk ends.
pub fn leading_letter_word(text: &str) -> Option<LeadingWord> {
    let b = text.as_bytes();
    match chunk_at(b, 0) {
        (0, _) => None,
        (end, Letters::Yes { key, .. }) => Some(LeadingWord {
            word: 0..end,
            key,
            chunk_end: end,
        }),
        (end, Letters::No) => {
            let (a, z, _, key) = punctuated_letters(&b[..end])?;
            Some(LeadingWord {
                word: a..z,
                key,
                chunk_end: end,
            })
        }
    }
}

/// What [`leading_letter_word`] finds: the word's bytes in the text, its key, and where
/// its chunk ends.
pub struct LeadingWord {
    pub word: std::ops::Range<usize>,
    pub key: u64,
    pub chunk_end: usize,
}

/// What a chunk is made of.
enum Letters {
    /// Arabic letters: whether some fold (أ إ آ ى ة), and the folded letters packed.
    Yes { folds: bool, key: u64 },
    /// Something else.
    No,
}

/// The end of the whitespace-free chunk that starts at `start`, and whether it is made
/// only of Arabic letters (U+0620..U+063F, U+0641..U+064A): then it is one word for the
/// word-break rules and for [`word_count`], and folds by table.
fn chunk_at(b: &[u8], start: usize) -> (usize, Letters) {
    let (i, folds, key) = letters_from(b, start);
    if i == b.len() || b[i].is_ascii_whitespace() {
        return (i, Letters::Yes { folds, key });
    }
    let end = b[i..]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(b.len(), |k| i + k);
    (end, Letters::No)
}

/// Where the run of Arabic letters (U+0620..U+063F, U+0641..U+064A) that starts at
/// `start` ends, whether some of its letters fold (أ إ آ ى ة), and its folded letters
/// packed (the last [`packed::MAX_LETTERS`] of them).
#[inline]
fn letters_from(b: &[u8], start: usize) -> (usize, bool, u64) {
    let mut i = start;
    let mut packed = Packing::default();
    for pair in b[start..].chunks_exact(2) {
        if !packed.push(pair) {
            break;
        }
        i += 2;
    }
    (i, packed.folds(), packed.key)
}

/// Arabic letters packed as they are read, two bytes each ([`packed::code`]s, six bits a
/// letter, the last [`packed::MAX_LETTERS`] of them meaningful), and the [`FOLDS`] bits met.
#[derive(Default)]
struct Packing {
    kinds: u8,
    key: u64,
}

impl Packing {
    /// Add the two bytes `pair` when they write a letter ([`PAIR_CODE`]); whether they do.
    #[inline]
    fn push(&mut self, pair: &[u8]) -> bool {
        let letter = PAIR_CODE[usize::from(u16::from_be_bytes([pair[0], pair[1]]))];
        if letter != 0 {
            self.kinds |= letter;
            self.key = self.key << 6 | u64::from(letter & CODE);
        }
        letter != 0
    }

    /// Whether some of the letters fold (أ إ آ ى ة).
    fn folds(&self) -> bool {
        self.kinds & FOLDS != 0
    }
}

/// A chunk that is one word of Arabic letters between quotes, brackets or punctuation
/// ("«العمل»", "العمال،", "(الاجور)."): the letters' byte range and whether some fold.
/// None of these marks joins letters into a word unless letters stand on both sides
/// (UAX #29), and a chunk ends at whitespace, so the letters are its only word.
fn punctuated_letters(b: &[u8]) -> Option<(usize, usize, bool, u64)> {
    let mark_at = |i: usize| -> usize {
        match b[i] {
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'"' | b'(' | b')' => 1,
            0xD8 if matches!(b.get(i + 1), Some(0x8C | 0x9B | 0x9F)) => 2,
            0xC2 if matches!(b.get(i + 1), Some(0xAB | 0xBB)) => 2,
            0xE2 if b
                .get(i + 1..i + 3)
                .is_some_and(|t| matches!(t, [0x80, 0x9C | 0x9D])) =>
            {
                3
            }
            _ => 0,
        }
    };
    // Where the run of marks from `i` ends.
    let marks_end = |mut i: usize| {
        while i < b.len() {
            match mark_at(i) {
                0 => break,
                n => i += n,
            }
        }
        i
    };
    let start = marks_end(0);
    let (stop, folds, key) = letters_from(b, start);
    (stop > start && marks_end(stop) == b.len()).then_some((start, stop, folds, key))
}

/// [`as_term`] of a word of Arabic letters (two bytes each, already folded) whose letters
/// pack to `key` ([`letters_from`]): no digits, and its length in letters is half its
/// length in bytes. A word that packs is looked up and stemmed packed; a longer one is
/// longer than any stop word.
fn letter_term(w: &str, key: u64, stem: bool) -> Option<&str> {
    let n = w.len() / 2;
    if n <= packed::MAX_LETTERS {
        packed::term_letters(key, n, stem).map(|(a, b)| &w[2 * a..2 * b])
    } else {
        Some(if stem { light_stem(w) } else { w })
    }
}

/// [`for_each_term`] by the general path alone, the whole sentence at once (no chunks):
/// the reference the chunked reading must agree with, kept for tests and benchmarks.
#[doc(hidden)]
pub fn for_each_term_general(
    sentence: &str,
    stem: bool,
    numbers: bool,
    mut f: impl FnMut(&str),
) -> usize {
    let (mut normal, mut spans) = (String::new(), Vec::new());
    let count = chunk_words(sentence, &mut normal, &mut spans);
    for &(a, b) in &spans {
        if let Some(t) = as_term(&normal[a..b], stem, numbers) {
            f(t);
        }
    }
    count
}

/// A normalised word as a term: stop words, one-letter words and bare numbers (unless
/// kept) are not terms; the rest light-stemmed when `stem` is set.
fn as_term(w: &str, stem: bool, numbers: bool) -> Option<&str> {
    if w.bytes().all(|b| b.is_ascii_digit()) {
        return numbers.then_some(w);
    }
    let mut chars = w.chars();
    if chars.next().is_none() || chars.next().is_none() || lexicon::is_stopword(w) {
        return None;
    }
    Some(if stem { light_stem(w) } else { w })
}

/// The words of a chunk of text by the general path: `normal` receives the chunk
/// [`normalize`]d, `spans` its words; the result is the chunk's [`word_count`].
fn chunk_words(chunk: &str, normal: &mut String, spans: &mut Vec<(usize, usize)>) -> usize {
    normal_words(chunk, normal, spans).unwrap_or_else(|| {
        // Characters the one-pass path does not know: normalise, then segment.
        normalize_into(chunk, normal);
        spans.clear();
        let base = normal.as_ptr() as usize;
        for_each_word(normal, |w| {
            let start = w.as_ptr() as usize - base;
            spans.push((start, start + w.len()));
        });
        word_count(chunk)
    })
}

/// A chunk of Arabic letters ([`chunk_at`]) [`normalize`]d into `out`: the letters that
/// fold are replaced, the runs between them copied.
fn fold_letters(chunk: &str, out: &mut String) {
    out.clear();
    let mut copied = 0;
    for (k, p) in chunk.as_bytes().chunks_exact(2).enumerate() {
        let index = block_index(p[0], p[1]);
        let folded = ARABIC_FOLD[index];
        if usize::from(folded) != 0x0600 + index {
            out.push_str(&chunk[copied..2 * k]);
            out.push(char::from_u32(u32::from(folded)).unwrap_or('\u{FFFD}'));
            copied = 2 * k + 2;
        }
    }
    out.push_str(&chunk[copied..]);
}

/// The bits of a [`LETTER_CODE`] entry that hold the folded letter's [`packed::code`].
const CODE: u8 = 0x3F;
/// The bit of a [`LETTER_CODE`] entry set for a letter that [`normalize`] changes.
const FOLDS: u8 = 0x40;

/// U+0600..U+067F: 0 for what is not a letter of U+0620..U+063F, U+0641..U+064A; for a
/// letter, the [`packed::code`] of its folded form, with [`FOLDS`] if it folds (أ إ آ ى ة).
const LETTER_CODE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0x20;
    while i <= 0x4A {
        if i != 0x40 {
            let folded = ARABIC_FOLD[i] as usize - 0x0600;
            assert!(
                matches!(folded, 0x20..=0x3F | 0x41..=0x4A),
                "a letter folds to a letter"
            );
            t[i] = packed::code(folded) | if folded == i { 0 } else { FOLDS };
        }
        i += 1;
    }
    t
};

/// [`LETTER_CODE`] by the two bytes of UTF-8 that write the letter (D8/D9 80..BF), read as
/// a big-endian `u16`; 0 for every other pair of bytes. One look-up a letter, without
/// testing the bytes first.
static PAIR_CODE: [u8; 1 << 16] = {
    let mut t = [0u8; 1 << 16];
    let mut lead = 0xD8;
    while lead <= 0xD9 {
        let mut next = 0x80;
        while next <= 0xBF {
            t[(lead << 8) | next] = LETTER_CODE[block_index(lead as u8, next as u8)];
            next += 1;
        }
        lead += 1;
    }
    t
};

/// The index in U+0600..U+067F of the character written as the two bytes `lead` (D8 or
/// D9) and `next`.
#[inline]
const fn block_index(lead: u8, next: u8) -> usize {
    ((lead & 1) as usize) << 6 | (next & 0x3F) as usize
}

/// The words of [`normalize`]d text in one pass over the original: [`fold_each`] feeds a
/// [`WordBreaker`]. `out` receives the normalised text, `spans` the words' byte ranges in
/// it; the result is the text's [`word_count`] (folding drops what the count ignores and
/// keeps letters and digits letters and digits). `None` (`out` and `spans` then to be
/// discarded) when a character needs NFKC or its folded form has no [`wb_class`].
fn normal_words(text: &str, out: &mut String, spans: &mut Vec<(usize, usize)>) -> Option<usize> {
    out.clear();
    spans.clear();
    let mut breaker = WordBreaker::default();
    let mut emit = |a: usize, b: usize| spans.push((a, b));
    let mut runs = WordRuns::default();
    let folded = fold_each(text, |c| {
        let Some(class) = wb_of(c) else {
            return false;
        };
        let start = out.len();
        out.push(c);
        breaker.feed(class, start, out.len(), &mut emit);
        runs.feed(is_word_char(c));
        true
    });
    breaker.finish(&mut emit);
    matches!(folded, Fold::Done).then_some(runs.count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_arabic_variants() {
        assert_eq!(normalize("إِلَى"), "الي");
        assert_eq!(normalize("مدرسةٌ"), "مدرسه");
        assert_eq!(normalize("آخر أخبار"), "اخر اخبار");
        assert_eq!(normalize("٢٠٢٤"), "2024");
        assert_eq!(normalize("العـــمل"), "العمل");
        assert_eq!(normalize("ILO"), "ilo");
        // Presentation form of lam-alef folds to two letters.
        assert_eq!(normalize("\u{FEFB}"), "لا");
        assert_eq!(normalize("عمل \u{FEFB}"), "عمل لا");
        assert_eq!(normalize("ÉCOLE Straße"), "école straße");
    }

    #[test]
    fn word_count_matches_scorer_tokens() {
        assert_eq!(word_count("قال الوزير: إن 3.5% من العمال، (تقريباً)"), 8);
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("مَدْرَسَة"), 1);
    }

    #[test]
    fn light_stem_strips_clitics_and_suffixes() {
        assert_eq!(light_stem("والعمال"), "عمال");
        assert_eq!(light_stem("للعمال"), "عمال");
        // A leading و is taken for the conjunction: consistent, which is what similarity needs.
        assert_eq!(light_stem("وزارات"), "زار");
        assert_eq!(light_stem("الوزارات"), "وزار");
        assert_eq!(light_stem("المنظمه"), "منظم");
        assert_eq!(light_stem("ilo"), "ilo");
        // Too short to strip.
        assert_eq!(light_stem("وهو"), "وهو");
    }

    #[test]
    fn content_terms_drop_stop_words() {
        let mut t = Vec::new();
        for_each_content_term(
            "قال الوزير إن العمال في المصانع",
            true,
            |w| t.push(w.to_owned()),
        );
        assert_eq!(t, vec!["وزير", "عمال", "مصانع"]);
    }

    #[test]
    fn is_word_char_is_letter_or_digit_across_the_arabic_block() {
        for cp in 0x0600u32..0x0700 {
            let c = char::from_u32(cp).unwrap();
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{cp:04X}");
        }
    }

    #[test]
    fn is_letter_is_alphabetic_across_the_arabic_block_and_ascii() {
        for cp in (0u32..0x80).chain(0x0600..0x0700) {
            let c = char::from_u32(cp).unwrap();
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{cp:04X}");
        }
    }

    #[test]
    fn word_count_agrees_with_the_general_rule_on_the_arabic_block() {
        // Every character of the block, between two letters: counted as the general rule
        // (tashkeel and format characters ignored, letters and digits joined) counts it.
        for cp in 0x0600u32..0x0700 {
            let c = char::from_u32(cp).unwrap();
            let s = format!("ب{c}ب");
            let expected = if is_tashkeel(c) || is_format_char(c) || c.is_alphanumeric() {
                1
            } else {
                2
            };
            assert_eq!(word_count(&s), expected, "U+{cp:04X}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Strings of `len` characters drawn from `alphabet`.
        fn string_of(
            alphabet: &'static [char],
            len: std::ops::Range<usize>,
        ) -> impl Strategy<Value = String> {
            proptest::collection::vec(proptest::sample::select(alphabet), len)
                .prop_map(|v| v.into_iter().collect())
        }

        const ALPHABET: &[char] = &[
            'ا', 'ل', 'م', 'و', 'ب', 'ي', 'ء', 'ئ', 'a', 'Z', '1', '9', '_', ':', '.', '\'', ',',
            ';', '،', '؛', '؟', ' ', ' ', '\n', '\u{a0}', '«', '»', '“', '”', '…', '–', '-', '(',
            ')', '!',
        ];

        proptest! {
            #[test]
            fn fast_words_agree_with_unicode_segmentation(
                s in string_of(ALPHABET, 0..60)
            ) {
                let expected: Vec<&str> = s.unicode_words().collect();
                prop_assert!(s.chars().all(|c| wb_class(c).is_some()));
                let mut got = Vec::new();
                prop_assert!(fast_words(&s, |w| got.push(w)));
                prop_assert_eq!(got, expected);
            }
        }

        const FOLD_ALPHABET: &[char] = &[
            'ا', 'أ', 'إ', 'آ', 'ٱ', 'ى', 'ی', 'ة', 'ک', 'ك', 'ـ', '\u{064E}', '\u{0651}',
            '\u{0670}', '٣', '۵', '\u{0600}', '\u{061C}', 'a', 'Z', 'É', 'é', 'Σ', '\u{200F}',
            '\u{200C}', '\u{FEFF}', '\u{FEFB}', '\u{FB51}', 'ß', '中', '😀', ' ', '\n', '.',
        ];

        proptest! {
            #[test]
            fn normalize_folds_char_by_char(
                s in string_of(FOLD_ALPHABET, 0..40)
            ) {
                let expected: String = if s.chars().any(needs_nfkc) {
                    s.nfkc().filter_map(fold_char).collect()
                } else {
                    s.chars().filter_map(fold_char).collect()
                };
                prop_assert_eq!(normalize(&s), expected);
            }

            #[test]
            fn word_count_counts_scorer_tokens(
                s in string_of(FOLD_ALPHABET, 0..40)
            ) {
                // The scorer: delete tashkeel and format characters, then count maximal
                // runs of letters and digits.
                let kept: String = s
                    .chars()
                    .filter(|&c| !is_tashkeel(c) && !is_format_char(c) && c != 'ـ')
                    .collect();
                let expected = kept
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .count();
                prop_assert_eq!(word_count(&s), expected);
            }
        }

        /// The stemmer's rule written plainly, character by character.
        fn stem_by_rule(word: &str) -> String {
            let chars: Vec<char> = word.chars().collect();
            if !chars.first().is_some_and(|&c| is_arabic_letter(c)) {
                return word.to_string();
            }
            let as_chars = |s: &str| s.chars().collect::<Vec<char>>();
            let mut w = chars.clone();
            if let Some(p) = PREFIXES
                .iter()
                .map(|p| as_chars(p))
                .find(|p| w.starts_with(p) && w.len() - p.len() >= 3)
            {
                w.drain(..p.len());
            } else if let Some(p) = ["و", "ف"]
                .iter()
                .map(|p| as_chars(p))
                .find(|p| w.starts_with(p) && w.len() - p.len() >= 4)
            {
                w.drain(..p.len());
            }
            if let Some(s) = SUFFIXES
                .iter()
                .map(|s| as_chars(s))
                .find(|s| w.ends_with(s) && w.len() - s.len() >= 3)
            {
                w.truncate(w.len() - s.len());
            }
            w.into_iter().collect()
        }

        const STEM_ALPHABET: &[char] = &[
            'و', 'ب', 'ك', 'ف', 'ل', 'ا', 'ه', 'ن', 'ت', 'ي', 'م', 'ع', 'a',
        ];

        proptest! {
            #[test]
            fn light_stem_follows_its_rule(
                w in string_of(STEM_ALPHABET, 1..9)
            ) {
                prop_assert_eq!(light_stem(&w), stem_by_rule(&w));
            }
        }

        const TERM_ALPHABET: &[char] = &[
            'ا', 'أ', 'ل', 'ة', 'ى', 'و', '\u{064E}', 'ـ', '٣', '1', 'A', 'b', '_', ':', '.', '\'',
            ',', '،', '؛', ' ', '\n', '«', '…', '-', 'é', '\u{200F}', '\u{FEFB}', '%', '٪',
        ];

        proptest! {
            #[test]
            fn one_pass_words_match_normalise_then_segment(
                s in string_of(TERM_ALPHABET, 0..50)
            ) {
                let normal = normalize(&s);
                let expected = words(&normal);
                prop_assert_eq!(for_each_term(&s, true, false, |_| ()), word_count(&s));
                let (mut out, mut spans) = (String::new(), Vec::new());
                if let Some(count) = normal_words(&s, &mut out, &mut spans) {
                    let got: Vec<&str> = spans.iter().map(|&(a, b)| &out[a..b]).collect();
                    prop_assert_eq!(got, expected);
                    prop_assert_eq!(count, word_count(&s));
                } else {
                    // Only text the fast path cannot read falls back.
                    let fast = fast_words(&normal, |_| ());
                    prop_assert!(s.chars().any(needs_nfkc) || !fast);
                }
            }
        }

        const CHUNK_ALPHABET: &[char] = &[
            'ا', 'أ', 'إ', 'آ', 'ل', 'ة', 'ى', 'و', 'ي', 'ك', 'ب', 'ء', 'ؠ', 'ؿ', 'ـ', '\u{064E}',
            '\u{0670}', '٣', '1', 'A', 'b', '_', ':', '.', '\'', ',', '،', ' ', ' ', ' ', '\n',
            '\t', '\r', '\u{a0}', '«', '…', '-', 'é', '\u{200F}', '\u{FEFB}', '\u{FDFA}', '»', '"',
            '(', ')', '؛', '؟', '!', '?', ';', '“', '”', 'ؤ', 'ر', 'م',
        ];

        proptest! {
            #[test]
            fn words_between_marks_match_the_general_path(
                s in "([«\"(“]{0,2}[اأإآلةىوبكيؤرمـ]{0,6}[.،؛؟!»\")“”:;,?٣1]{0,3}[ابل]{0,2} ){1,8}",
                stem: bool,
            ) {
                terms_match_the_general_path(&s, stem, false)?;
            }

            #[test]
            fn chunks_of_marks_hold_no_word(
                s in "[!-/:-@\\[-`{-~،؛؟·«»“”–—…]{1,6}",
            ) {
                prop_assert!(marks_only(&s));
                prop_assert_eq!(word_count(&s), 0);
                prop_assert!(words(&normalize(&s)).is_empty());
            }

            #[test]
            fn first_words_are_the_words_first(s in string_of(CHUNK_ALPHABET, 0..30)) {
                let all = words(&s);
                let want: Vec<&str> = (0..3).map(|k| all.get(k).copied().unwrap_or("")).collect();
                prop_assert_eq!(first_words::<3>(&s).to_vec(), want);
            }

            #[test]
            fn a_leading_letter_word_is_the_first_word(s in string_of(CHUNK_ALPHABET, 0..20)) {
                if let Some(LeadingWord { word, key, chunk_end: end }) = leading_letter_word(&s) {
                    let w = &s[word];
                    prop_assert_eq!(words(&s).first().copied(), Some(w));
                    prop_assert_eq!(words(&s[..end]), vec![w]);
                    prop_assert!(s[end..].chars().next().is_none_or(|c| c.is_ascii_whitespace()));
                    if w.len() <= 20 {
                        prop_assert_eq!(key, term_key(&normalize(w)));
                    }
                }
            }

            #[test]
            fn marked_words_and_numbers_match_the_general_path(
                s in "([اأإآلةىوبكيؤرم\u{0640}\u{064B}-\u{0652}\u{065F}\u{0660}\u{0670}]{1,14}[.،»]{0,1} |[0-9]{1,5} |[0-9٠-٩]{1,3}[.,%]?[0-9]{0,2} ){1,6}",
                stem: bool,
                numbers: bool,
            ) {
                terms_match_the_general_path(&s, stem, numbers)?;
            }

            #[test]
            fn long_words_match_the_general_path(
                s in "([اأإآلةىوبكيؤرم]{8,14}[.،»]{0,1} ){1,4}",
                stem: bool,
            ) {
                terms_match_the_general_path(&s, stem, false)?;
            }

            #[test]
            fn chunked_terms_match_the_general_path(
                s in string_of(CHUNK_ALPHABET, 0..60),
                stem: bool,
                numbers: bool,
            ) {
                terms_match_the_general_path(&s, stem, numbers)?;
            }
        }

        /// [`for_each_term`] gives the terms and word count of [`for_each_term_general`], and
        /// [`for_each_term_key`] their keys.
        fn terms_match_the_general_path(
            s: &str,
            stem: bool,
            numbers: bool,
        ) -> Result<(), proptest::test_runner::TestCaseError> {
            let (mut got, mut expected) = (Vec::new(), Vec::new());
            let count = for_each_term(s, stem, numbers, |t| got.push(t.to_owned()));
            let reference =
                for_each_term_general(s, stem, numbers, |t| expected.push(t.to_owned()));
            let mut keys = Vec::new();
            let key_count = for_each_term_key(s, stem, numbers, |k| keys.push(k));
            let expected_keys: Vec<u64> = expected.iter().map(|t| term_key(t)).collect();
            prop_assert_eq!(got, expected);
            prop_assert_eq!(count, reference);
            prop_assert_eq!(keys, expected_keys);
            prop_assert_eq!(key_count, reference);
            Ok(())
        }

        #[test]
        fn other_scripts_take_the_general_path() {
            assert_eq!(wb_class('é'), None);
            assert!(!fast_words("عمل école", |_| {}));
            assert!(
                !fast_words("عملـ", |_| {}),
                "tatweel is not in the fast path"
            );
            assert!(fast_words("عمل، نعم؟", |_| {}));
            assert_eq!(words("عمل école été"), vec!["عمل", "école", "été"]);
            assert_eq!(words("école été"), vec!["école", "été"]);
        }
    }
}
