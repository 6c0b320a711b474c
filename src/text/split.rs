//! The sentence splitter, tuned to Arabic news text.
//!
//! Two passes: the text is cut into units (lines, or paragraphs of hard-wrapped lines),
//! then each unit is cut after end marks (`. ! ? ؟ … ۔`, optionally `؛`) unless the mark
//! belongs to a number, an abbreviation, an initial, a URL or a quotation.

use std::borrow::Cow;

use serde::Serialize;

use super::lexicon;
use crate::text::{is_arabic_letter, is_tashkeel, is_word_char, normalize};

/// A sentence: a byte range of the original text, without surrounding whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// How line breaks are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Decide from the text itself ([`detect_layout`]).
    #[default]
    Auto,
    /// One paragraph (or headline, dateline, list item) a line: a line break ends a unit.
    Lines,
    /// Hard-wrapped paragraphs: a single line break is a space; a blank line, an indented
    /// line, a list item or a short line starts a new unit.
    Wrapped,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SplitOptions {
    pub layout: Layout,
    /// Treat the Arabic semicolon `؛` as a sentence end (it usually joins clauses).
    pub semicolon: bool,
}

/// Split `text` into sentences. The spans are in order, do not overlap, and only
/// whitespace lies outside them.
pub fn split_sentences(text: &str, opts: &SplitOptions) -> Vec<Span> {
    split_laid_out(text, opts).1
}

/// [`split_sentences`], with the layout it read the text in.
fn split_laid_out(text: &str, opts: &SplitOptions) -> (Layout, Vec<Span>) {
    let all = lines(text);
    let layout = match opts.layout {
        Layout::Auto => layout_of(text, &all),
        l => l,
    };
    // Sized for sentences of about a hundred bytes, so that the list rarely grows.
    let mut out = Vec::with_capacity(text.len() / 96 + 1);
    for (start, end) in units(text, layout, all) {
        split_unit(text, start, end, opts, &mut out);
    }
    (layout, out)
}

/// The sentences of `text` as shown to readers: [`split_sentences`], then
/// [`sentence_text`] of each span. Pieces without a letter or digit (separator lines such
/// as "_____" or "* * *", a lone mark) are not sentences and are left out.
pub fn sentences(text: &str, opts: &SplitOptions) -> Vec<String> {
    sentence_strs(text, opts)
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// [`sentences`], borrowing from `text` where a sentence is its slice unchanged (no line
/// break inside it).
pub fn sentence_strs<'a>(text: &'a str, opts: &SplitOptions) -> Vec<Cow<'a, str>> {
    let (layout, spans) = split_laid_out(text, opts);
    // A sentence of a text read a line at a time never holds a line break.
    let within_lines = layout != Layout::Wrapped;
    // Allocated once: nearly every piece is a sentence.
    let mut out = Vec::with_capacity(spans.len());
    out.extend(
        spans
            .into_iter()
            .filter(|sp| {
                // An Arabic letter answers at once; other scripts ask Unicode.
                let piece = &text[sp.start..sp.end];
                piece
                    .chars()
                    .any(|c| is_arabic_letter(c) || c.is_alphanumeric())
            })
            .map(|sp| {
                if within_lines {
                    Cow::Borrowed(&text[sp.start..sp.end])
                } else {
                    sentence_str(text, sp)
                }
            }),
    );
    out
}

/// The text of a sentence as shown to readers: the original slice, with each run of
/// whitespace that contains a line break replaced by one space.
pub fn sentence_text(text: &str, span: Span) -> String {
    sentence_str(text, span).into_owned()
}

/// [`sentence_text`], borrowed when the slice has no line break.
fn sentence_str(text: &str, span: Span) -> Cow<'_, str> {
    let s = &text[span.start..span.end];
    let bytes = s.as_bytes();
    let Some(first) = memchr::memchr2(b'\n', b'\r', bytes) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut at = first;
    loop {
        // The whitespace run around this break: back to the last non-space since `copied`,
        // on to the next non-space.
        let run_start = copied + s[copied..at].trim_end_matches(char::is_whitespace).len();
        let run_end = s.len() - s[at..].trim_start_matches(char::is_whitespace).len();
        out.push_str(&s[copied..run_start]);
        out.push(' ');
        copied = run_end;
        match memchr::memchr2(b'\n', b'\r', &bytes[copied..]) {
            Some(k) => at = copied + k,
            None => break,
        }
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// Lines of the text as byte ranges (without the line break), blank lines included.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 256);
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            // The \n of a \r\n, taken with its \r.
            continue;
        }
        out.push((start, i));
        start = i + 1;
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            start += 1;
        }
    }
    out.push((start, text.len()));
    out
}

fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

fn ends_with_terminal(s: &str) -> bool {
    s.trim_end().chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '؟' | '…' | '۔' | ':' | '»' | '"' | '”' | ')'
        )
    })
}

/// A list item marker at the start of a line: `- `, `• `, `* `, `1. `, `1) `, `١- `.
fn starts_with_list_marker(line: &str) -> bool {
    let t = line.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('-' | '•' | '*' | '–' | '▪' | '●' | '◦') => {
            return chars.next().is_some_and(char::is_whitespace);
        }
        Some(c) if is_numeric(c) => {}
        _ => return false,
    }
    let rest = t.trim_start_matches(is_numeric);
    let mut rest = rest.chars();
    matches!(rest.next(), Some('.' | ')' | '-' | '/'))
        && rest.next().is_some_and(char::is_whitespace)
}

/// The width text is wrapped at: the 90th percentile of sorted non-blank line lengths.
fn wrap_width(sorted: &[usize]) -> usize {
    if sorted.is_empty() {
        return 0;
    }
    sorted[(sorted.len() * 9 / 10).saturating_sub(1)]
}

/// Whether the text is hard-wrapped (most lines near one width, running on into the next
/// line) or holds one paragraph a line.
pub fn detect_layout(text: &str) -> Layout {
    layout_of(text, &lines(text))
}

/// Characters in a line, capped: anything over 121 counts as 121 (a line of more than
/// 484 bytes is certainly longer than that, so long paragraphs are not counted).
fn capped_chars(line: &str) -> usize {
    if line.len() > 484 {
        121
    } else {
        line.chars().count().min(121)
    }
}

fn layout_of(text: &str, all: &[(usize, usize)]) -> Layout {
    let lens: Vec<Option<usize>> = all
        .iter()
        .map(|&(s, e)| {
            let l = &text[s..e];
            (!is_blank(l)).then(|| capped_chars(l.trim_end()))
        })
        .collect();
    let mut sorted: Vec<usize> = lens.iter().flatten().copied().collect();
    if sorted.len() < 4 {
        return Layout::Lines;
    }
    sorted.sort_unstable();
    let width = wrap_width(&sorted);
    if !(30..=120).contains(&width) {
        return Layout::Lines;
    }
    let (mut followed, mut full, mut running_on) = (0usize, 0usize, 0usize);
    for i in 0..all.len() - 1 {
        let (Some(len), Some(_)) = (lens[i], lens[i + 1]) else {
            continue;
        };
        let next = &text[all[i + 1].0..all[i + 1].1];
        if next.starts_with(char::is_whitespace) || starts_with_list_marker(next) {
            continue;
        }
        followed += 1;
        if len * 10 >= width * 7 {
            full += 1;
        }
        if !ends_with_terminal(&text[all[i].0..all[i].1]) {
            running_on += 1;
        }
    }
    if followed >= 3 && full * 10 >= followed * 6 && running_on * 2 >= followed {
        Layout::Wrapped
    } else {
        Layout::Lines
    }
}

/// Units of text within which sentences are looked for: non-blank lines, or paragraphs.
fn units(text: &str, layout: Layout, all: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    if layout != Layout::Wrapped {
        let mut all = all;
        all.retain(|&(s, e)| !is_blank(&text[s..e]));
        return all;
    }
    let mut widths: Vec<usize> = all
        .iter()
        .filter(|&&(s, e)| !is_blank(&text[s..e]))
        .map(|&(s, e)| capped_chars(text[s..e].trim_end()))
        .collect();
    widths.sort_unstable();
    let width = wrap_width(&widths);
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut prev_short = false;
    for (s, e) in all {
        let line = &text[s..e];
        if is_blank(line) {
            out.extend(open.take());
            continue;
        }
        let starts_new =
            line.starts_with(char::is_whitespace) || starts_with_list_marker(line) || prev_short;
        match open {
            Some((os, _)) if !starts_new => open = Some((os, e)),
            _ => {
                out.extend(open.take());
                open = Some((s, e));
            }
        }
        prev_short = capped_chars(line.trim_end()) * 2 < width;
    }
    out.extend(open);
    out
}

fn is_closer(c: char) -> bool {
    matches!(c, '»' | '"' | '”' | '’' | '\'' | ')' | ']' | '}' | '›')
}

fn is_end_mark(c: char, opts: &SplitOptions) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔') || (opts.semicolon && c == '؛')
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn next_char(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

/// The whitespace-delimited token that ends at byte `i`, without opening punctuation.
fn token_before(s: &str, lo: usize, i: usize) -> (&str, usize) {
    // Back a byte at a time; a character that is not ASCII is decoded only when its lead
    // byte may start whitespace (U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000).
    let b = s.as_bytes();
    let mut start = i;
    while start > lo {
        let x = b[start - 1];
        if x.is_ascii() {
            if char::from(x).is_whitespace() {
                break;
            }
            start -= 1;
            continue;
        }
        let mut lead = start - 1;
        while !s.is_char_boundary(lead) {
            lead -= 1;
        }
        if matches!(b[lead], 0xC2 | 0xE1 | 0xE2 | 0xE3)
            && s[lead..start]
                .chars()
                .next()
                .is_some_and(char::is_whitespace)
        {
            break;
        }
        start = lead;
    }
    let tok = s[start..i].trim_start_matches(['«', '"', '“', '‘', '\'', '(', '[', '{']);
    (tok, start)
}

fn is_number(tok: &str) -> bool {
    !tok.is_empty() && tok.chars().all(|c| is_numeric(c) || c == ',' || c == '٬')
}

/// Is `tok` (the word before a period) an abbreviation or an initial?
fn is_abbreviation(tok: &str) -> bool {
    let abbr = lexicon::abbreviations();
    if abbr.abbreviations.contains(tok) {
        return true;
    }
    // The conjunction و written onto an initial: "وج." "وأ.د.".
    if let Some(rest) = tok.strip_prefix('و')
        && !rest.is_empty()
        && (abbr.abbreviations.contains(rest) || is_initial(rest))
    {
        return true;
    }
    is_initial(tok)
}

/// A single letter, or dotted initials such as "ق.م", "U.S", "ش.م.م".
fn is_initial(tok: &str) -> bool {
    is_one_letter(tok) || (tok.contains('.') && tok.split('.').all(is_one_letter))
}

/// One letter, possibly with diacritics or tatweel ("هـ").
fn is_one_letter(p: &str) -> bool {
    let mut letters = p.chars().filter(|c| !is_tashkeel(*c));
    matches!((letters.next(), letters.next()), (Some(c), None) if c.is_alphabetic())
}

/// Does the period at `i` end a sentence, judged by the token before it?
fn period_ends_sentence(s: &str, lo: usize, i: usize) -> bool {
    let (tok, tok_start) = token_before(s, lo, i);
    if tok.is_empty() {
        return true;
    }
    if is_number(tok) {
        // "1." at the start of a line is a list marker.
        let line_start = s[lo..tok_start]
            .rfind(['\n', '\r'])
            .map_or(lo, |j| lo + j + 1);
        return !is_blank(&s[line_start..tok_start]);
    }
    if !is_abbreviation(tok) {
        return true;
    }
    // An era marker after a year ends the sentence: "عام 1783 م. اتسعت".
    if lexicon::abbreviations().era.contains(tok) {
        let before = s[lo..tok_start].trim_end();
        let (prev, _) = token_before(s, lo, lo + before.len());
        return is_number(prev);
    }
    false
}

/// Can a sentence start after the end mark(s) that finish at `k`?
fn next_allows_boundary(s: &str, k: usize, hi: usize) -> bool {
    let rest = &s[k..hi];
    let Some(first) = rest.chars().next() else {
        return true;
    };
    if !first.is_whitespace() {
        return false;
    }
    match rest.chars().find(|c| !c.is_whitespace()) {
        None => true,
        Some(c) => !(c.is_lowercase() || matches!(c, '،' | ',' | ';' | ':' | '؛') || is_closer(c)),
    }
}

/// Byte index of the next character at or after `from` that the splitter acts on: end
/// marks, quotes and bullets. A byte scan, [`BLOCK`] bytes at a time where none is a
/// candidate.
fn next_candidate(b: &[u8], from: usize, hi: usize) -> Option<usize> {
    let mut i = from;
    while i < hi {
        // A block at a time past text with no candidate byte (most of it).
        let block_end = (i + BLOCK).min(hi);
        if block_end == i + BLOCK && !may_hold_candidate(&b[i..block_end]) {
            i = block_end;
            continue;
        }
        if let Some(at) = candidate_in(b, from, i, block_end, hi) {
            return Some(at);
        }
        i = block_end;
    }
    None
}

/// The bytes [`next_candidate`] tests at once.
const BLOCK: usize = 16;

/// The bytes [`next_candidate`] stops at, with their class. 1: an ASCII candidate. 2: the
/// lead byte of « » · (C2 ..) or of … “ ” • and the geometric bullets (E2 ..), rare in
/// Arabic text. 3: the last byte of ؛ ؟ (D8 9B, D8 9F) or ۔ (DB 94): matching on it rather
/// than on the lead byte D8, which starts half the letters of the alphabet, keeps the scan
/// fast.
const CANDIDATES: [(u8, u8); 9] = [
    (b'.', 1),
    (b'!', 1),
    (b'?', 1),
    (b'"', 1),
    (0xC2, 2),
    (0xE2, 2),
    (0x9B, 3),
    (0x9F, 3),
    (0x94, 3),
];

/// Whether a block of [`BLOCK`] bytes holds one of the bytes [`next_candidate`] stops at.
/// Every byte is compared with every candidate, without branches, over a block of fixed
/// length: the compiler turns it into a few vector compares.
fn may_hold_candidate(block: &[u8]) -> bool {
    let Ok(block) = <&[u8; BLOCK]>::try_from(block) else {
        return true;
    };
    // Byte lanes (0 or 0xFF), not `bool`s: these the compiler keeps in vector registers.
    let mut hits = [0u8; BLOCK];
    for (hit, &x) in hits.iter_mut().zip(block) {
        *hit = CANDIDATES
            .iter()
            .fold(0, |h, &(v, _)| h | (u8::from(x == v)).wrapping_neg());
    }
    hits.iter().fold(0, |acc, &h| acc | h) != 0
}

/// [`next_candidate`] byte by byte over `i..end` (a candidate's trail byte may look back
/// to `from`, its lead byte ahead to `hi`).
fn candidate_in(b: &[u8], from: usize, mut i: usize, end: usize, hi: usize) -> Option<usize> {
    const CLASS: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut k = 0;
        while k < CANDIDATES.len() {
            t[CANDIDATES[k].0 as usize] = CANDIDATES[k].1;
            k += 1;
        }
        t
    };
    while i < end {
        match CLASS[b[i] as usize] {
            0 => {}
            1 => return Some(i),
            2 if i + 1 < hi => {
                let y = b[i + 1];
                let hit = if b[i] == 0xC2 {
                    y == 0xAB || y == 0xBB || y == 0xB7
                } else {
                    y == 0x80 || y == 0x96 || y == 0x97
                };
                if hit {
                    return Some(i);
                }
            }
            3 if i > from => {
                let lead = b[i - 1];
                let hit = if b[i] == 0x94 {
                    lead == 0xDB
                } else {
                    lead == 0xD8
                };
                if hit {
                    return Some(i - 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn split_unit(s: &str, lo: usize, hi: usize, opts: &SplitOptions, out: &mut Vec<Span>) {
    let bytes = s.as_bytes();
    let mut sent_start = lo;
    // Whether the current sentence has a letter or digit, known up to `word_checked`.
    let mut has_word = false;
    let mut word_checked = lo;
    let mut has_word_before = |i: usize, sent_start: usize, has_word: &mut bool| {
        if !*has_word {
            let from = word_checked.max(sent_start);
            *has_word = s[from..i].chars().any(is_word_char);
            word_checked = i;
        }
        *has_word
    };
    let mut quote_depth: u32 = 0;
    let mut ascii_quote_open = false;
    let mut dateline = dateline_start(s, lo, hi);
    let mut pos = lo;
    loop {
        let cand = next_candidate(bytes, pos, hi);
        if let Some(d) = dateline
            && cand.is_none_or(|c| c >= d)
        {
            dateline = None;
            if has_word_before(d, sent_start, &mut has_word) {
                // A headline run into its dateline: "الصين لن تنهار لندن ــ في اجتماع …".
                push_trimmed(s, sent_start, d, out);
                sent_start = d;
                has_word = false;
            }
        }
        let Some(i) = cand else { break };
        let c = s[i..].chars().next().expect("candidate is a char start");
        pos = i + c.len_utf8();
        if is_bullet(c) {
            if prev_char(s, i).is_some_and(char::is_whitespace)
                && next_char(s, pos).is_some_and(char::is_whitespace)
                && has_word_before(i, sent_start, &mut has_word)
            {
                // An inline list: "التالية: · أولا · ثانيا".
                push_trimmed(s, sent_start, i, out);
                sent_start = i;
                has_word = false;
            }
            continue;
        }
        match c {
            '«' | '“' => quote_depth += 1,
            '»' | '”' => quote_depth = quote_depth.saturating_sub(1),
            '"' => ascii_quote_open = !ascii_quote_open,
            _ => {}
        }
        if !is_end_mark(c, opts) || !has_word_before(i, sent_start, &mut has_word) {
            continue;
        }
        // The run of end marks and closing quotes/brackets that ends here.
        let mut k = pos;
        let mut dots = usize::from(c == '.');
        for d in s[k..hi].chars() {
            if !(is_end_mark(d, opts) || is_closer(d)) {
                break;
            }
            match d {
                '.' => dots += 1,
                '»' | '”' => quote_depth = quote_depth.saturating_sub(1),
                '"' => ascii_quote_open = !ascii_quote_open,
                _ => {}
            }
            k += d.len_utf8();
        }
        // A spaced ellipsis, ". . .": the dots and the single spaces between them.
        if c == '.' && dots == 1 {
            let mut j = k;
            let mut more = 0;
            while s[j..hi].starts_with(" .") {
                j += 2;
                more += 1;
            }
            if more >= 2 {
                dots += more;
                k = j;
            }
        }
        pos = k;
        let ellipsis = c == '…' || dots >= 2;
        let single_period = c == '.' && k == i + 1;
        let next = next_char(s, k).filter(|_| k < hi);
        let boundary = if ellipsis {
            quote_depth == 0
                && !ascii_quote_open
                && next_allows_boundary(s, k, hi)
                && !ellipsis_continues(s, lo, i, k, hi, dots)
        } else if (quote_depth > 0 || ascii_quote_open) && quote_goes_on(s, k, hi, ascii_quote_open)
        {
            // «نحن مستعدون. والقرار للحكومة» وفق البيان: the sentence runs past the quote.
            false
        } else if single_period {
            let prev = prev_char(s, i);
            match next {
                Some(n) if is_numeric(n) && prev.is_some_and(is_numeric) => false,
                Some(n) if !n.is_whitespace() => {
                    // "الاجتماع.وبدأ": a missing space, unless the word is an initial or the
                    // dot joins a site name ("العربية.نت").
                    is_arabic_letter(n)
                        && prev.is_some_and(is_arabic_letter)
                        && !is_abbreviation(token_before(s, lo, i).0)
                        && !is_domain_suffix(word_after(s, k, hi))
                }
                _ => {
                    period_ends_sentence(s, lo, i)
                        && next_allows_boundary(s, k, hi)
                        && !date_goes_on(s, lo, i, k, hi)
                        && !initial_in_name(s, lo, i, k, hi)
                }
            }
        } else {
            match next {
                Some(n) if is_arabic_letter(n) && c != '.' => true,
                _ => next_allows_boundary(s, k, hi),
            }
        };
        if boundary {
            push_trimmed(s, sent_start, k, out);
            sent_start = k;
            has_word = false;
            quote_depth = 0;
            ascii_quote_open = false;
        }
    }
    push_trimmed(s, sent_start, hi, out);
}

/// The word that starts after the whitespace at `k` (up to the next space or mark).
fn word_after(s: &str, k: usize, hi: usize) -> &str {
    let rest = s[k..hi].trim_start();
    let end = rest
        .find(|c: char| !(is_word_char(c) || is_tashkeel(c)))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// [`char::is_numeric`], answering the Arabic letters U+0620..U+064A (none is a number)
/// without the Unicode tables.
fn is_numeric(c: char) -> bool {
    !matches!(c, '\u{0620}'..='\u{064A}') && c.is_numeric()
}

/// Top-level domains as Arabic sites write them after a dot: "العربية.نت", "مصراوي.كوم".
fn is_domain_suffix(word: &str) -> bool {
    matches!(
        normalize(word).as_str(),
        "نت" | "كوم" | "اورغ" | "اورج" | "انفو"
    )
}

/// Words after an ellipsis that carry on the clause before it ("إن المفاوضات... لم تنته
/// بعد"): negations and particles that do not open an Arabic sentence.
const CONTINUE_AFTER_ELLIPSIS: &[&str] =
    &["لم", "لن", "لا", "حتي", "او", "ام", "بل", "الا", "كي", "لكي"];
/// Words before an ellipsis that cannot end a sentence: particles and prepositions that
/// need what follows ("وصل الوفد إلى... العاصمة").
const OPEN_BEFORE_ELLIPSIS: &[&str] = &[
    "ان", "في", "من", "علي", "الي", "عن", "مع", "بين", "و", "او", "ثم", "لكن", "حتي", "الذي",
    "التي", "ما",
];

/// Does the clause run on across the ellipsis that spans `i..k`? Judged by the words on
/// either side; two dots ("..") inside a unit are a pause, as in headlines.
fn ellipsis_continues(s: &str, lo: usize, i: usize, k: usize, hi: usize, dots: usize) -> bool {
    if dots == 2 && s[k..hi].trim_start().starts_with(char::is_alphabetic) {
        return true;
    }
    let next = normalize(word_after(s, k, hi));
    let (before, _) = token_before(s, lo, i);
    let before = normalize(before.trim_end_matches(['.', '…']));
    CONTINUE_AFTER_ELLIPSIS.contains(&next.as_str())
        || OPEN_BEFORE_ELLIPSIS.contains(&before.as_str())
}

/// Inside a quotation, does the sentence go on after it closes? Looks ahead (a bounded
/// distance) for the closing mark and at what follows it: a word, not an end mark.
/// With `ascii`, the quotation is one opened by a straight '"', closed by the next one.
fn quote_goes_on(s: &str, k: usize, hi: usize, ascii: bool) -> bool {
    const LOOK_AHEAD: usize = 600;
    let mut depth = 0u32;
    for (j, c) in s[k..hi].char_indices() {
        if j > LOOK_AHEAD {
            return false;
        }
        match c {
            '«' | '“' => depth += 1,
            '»' | '”' if depth > 0 => depth -= 1,
            '»' | '”' | '"' if (c == '"') == ascii => {
                let after = s[k + j + c.len_utf8()..hi].trim_start();
                return after.starts_with(|n: char| n.is_alphabetic() && !n.is_lowercase());
            }
            _ => {}
        }
    }
    false
}

/// A Hijri date whose era mark is followed by its Gregorian equivalent: "1446 هـ. الموافق
/// 1 أبريل" (the period after the era mark does not end the sentence).
fn date_goes_on(s: &str, lo: usize, i: usize, k: usize, hi: usize) -> bool {
    let (tok, _) = token_before(s, lo, i);
    if !lexicon::abbreviations().era.contains(tok) {
        return false;
    }
    let next = normalize(word_after(s, k, hi));
    matches!(
        next.as_str(),
        "الموافق" | "الموافقه" | "الموافقين" | "الموافقان" | "ويوافق"
    ) || s[k..hi].trim_start().starts_with(['(', '/', '-', '–'])
}

/// Latin letters as Arabic writes their names in transliterated initials ("جون إف.
/// كينيدي", "جورج دبليو. بوش"), with and without hamza. Letter names that are also common
/// Arabic words (إن، أو، في) are left out.
#[rustfmt::skip]
const LETTER_NAMES: &[&str] = &[
    "إيه", "ايه", "بي", "سي", "دي", "إي", "اي", "آي", "إف", "اف", "جي", "إتش", "اتش", "جيه",
    "كيه", "إل", "إم", "ام", "كيو", "آر", "ار", "إس", "اس", "تي", "يو", "دبليو", "إكس", "اكس",
    "واي", "زد",
];

/// Is the period at `i` after a transliterated initial inside a name: a letter name
/// after a word that is not one (so "بي بي سي." still ends a sentence), with a word after?
fn initial_in_name(s: &str, lo: usize, i: usize, k: usize, hi: usize) -> bool {
    // No letter name is longer than "دبليو" (10 bytes).
    let is_letter_name = |t: &str| t.len() <= 10 && LETTER_NAMES.contains(&t);
    let (tok, tok_start) = token_before(s, lo, i);
    if !is_letter_name(tok) || word_after(s, k, hi).is_empty() {
        return false;
    }
    let before = s[lo..tok_start].trim_end();
    let (prev, _) = token_before(s, lo, lo + before.len());
    !prev.is_empty() && prev.chars().all(char::is_alphabetic) && !is_letter_name(prev)
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '·' | '▪' | '●' | '◦' | '■')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | 'ـ')
}

/// Where a dateline ("لندن ــ", "هونولولو–", "كليرمونت، كاليفورنيا ــ") starts, when one
/// follows a headline at the start of a unit: the place must be a known place name (from
/// `data/places.txt`) and come within the first words, before any end mark.
fn dateline_start(s: &str, lo: usize, hi: usize) -> Option<usize> {
    const MAX_WORDS: usize = 25;
    if !may_hold_dateline(&s.as_bytes()[lo..hi]) {
        return None;
    }
    // Whitespace-separated tokens with their byte ranges.
    let mut toks: Vec<(usize, usize)> = Vec::with_capacity(MAX_WORDS + 2);
    let mut start = None;
    for (j, c) in s[lo..hi].char_indices() {
        let i = lo + j;
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                toks.push((st, i));
            }
            if toks.len() > MAX_WORDS {
                break;
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start
        && toks.len() <= MAX_WORDS
    {
        toks.push((st, hi));
    }
    // Agency datelines need a bracket or a slash among the first words.
    let bracket = toks.iter().any(|&(a, _)| s[a..].starts_with(['(', '/']));
    for (k, &(ts, te)) in toks.iter().enumerate() {
        let tok = &s[ts..te];
        if tok.contains(['.', '!', '?', '؟', '…']) {
            return None;
        }
        // The place ends where a dash begins: inside this token ("بيروت-سانا",
        // "لندنــ") or as the next token ("لندن ــ").
        let dash_at = tok
            .char_indices()
            .find(|&(j, c)| j > 0 && is_dash(c))
            .map(|(j, _)| j);
        let next_is_dash = toks
            .get(k + 1)
            .is_some_and(|&(ns, ne)| s[ns..ne].chars().all(is_dash));
        let place_end = match dash_at {
            Some(j) => ts + j,
            None if next_is_dash => te,
            // "عمان 12 أيار (بترا) -", "القاهرة في 28 مايو /أ ش أ/", "لندن (رويترز) -":
            // a place, maybe a date, then the agency.
            None if bracket && agency_follows(s, &toks[k + 1..]) => te,
            None => continue,
        };
        if let Some(place_start) = known_place_ending(s, &toks[..=k], place_end) {
            let before: Vec<&(usize, usize)> =
                toks.iter().take_while(|t| t.1 <= place_start).collect();
            // A headline does not end in a preposition or a comma: "… في بيروت - …" is prose.
            let ends_headline = before.last().is_some_and(|&&(a, b)| {
                let w = normalize(&s[a..b]);
                !w.ends_with(['،', ',', ':']) && !super::lexicon::stopwords().contains(&w)
            });
            return ends_headline.then_some(place_start);
        }
    }
    None
}

/// Whether the opening words of a unit (as many as [`dateline_start`] reads, counted
/// generously) hold a dash (`-` `–` `—` `ـ`), a bracket or a slash: without one, no
/// dateline ends there. A byte scan, [`BLOCK`] bytes at a time, to skip the word-by-word
/// look in most units.
fn may_hold_dateline(b: &[u8]) -> bool {
    let mut scan = DashScan::default();
    let mut i = 0;
    while let Some(block) = b.get(i..i + BLOCK) {
        // The block after the two bytes before it (before the text, what the byte scan
        // starts from).
        let mut window = [0; BLOCK + 2];
        (window[0], window[1]) = (scan.prev2, scan.prev);
        window[2..].copy_from_slice(block);
        let (gaps, dashes) = dash_masks(&window);
        // The gaps before the block's first dash, or all of its gaps.
        let before = match dashes.trailing_zeros() {
            32 => gaps,
            first => gaps & ((1 << first) - 1),
        };
        scan.gaps += before.count_ones() as usize;
        if scan.gaps > DashScan::TOKENS {
            return false;
        }
        if dashes != 0 {
            return true;
        }
        (scan.prev2, scan.prev) = (window[BLOCK], window[BLOCK + 1]);
        i += BLOCK;
    }
    scan.bytes(&b[i..]).unwrap_or(false)
}

/// [`may_hold_dateline`] a byte at a time: the gaps between tokens so far and the two
/// bytes before.
struct DashScan {
    gaps: usize,
    prev: u8,
    prev2: u8,
}

impl Default for DashScan {
    fn default() -> Self {
        DashScan {
            gaps: 0,
            prev: b' ',
            prev2: b' ',
        }
    }
}

impl DashScan {
    /// dateline_start reads 26 tokens; counting only ASCII whitespace between them reads
    /// at least as far.
    const TOKENS: usize = 27;

    /// The answer, once `bytes` give it.
    fn bytes(&mut self, bytes: &[u8]) -> Option<bool> {
        bytes.iter().find_map(|&x| self.byte(x))
    }

    fn byte(&mut self, x: u8) -> Option<bool> {
        let found = if x.is_ascii_whitespace() && !self.prev.is_ascii_whitespace() {
            self.gaps += 1;
            (self.gaps > Self::TOKENS).then_some(false)
        } else {
            is_dash_byte(self.prev2, self.prev, x).then_some(true)
        };
        (self.prev2, self.prev) = (self.prev, x);
        found
    }
}

/// Whether byte `x`, after `prev2` and `prev`, ends a dash, a bracket or a slash: - ( /,
/// ـ (tatweel, D9 80), – or — (E2 80 93, E2 80 94).
fn is_dash_byte(prev2: u8, prev: u8, x: u8) -> bool {
    (x == b'-')
        | (x == b'(')
        | (x == b'/')
        | ((x == 0x80) & (prev == 0xD9))
        | (((x == 0x93) | (x == 0x94)) & (prev == 0x80) & (prev2 == 0xE2))
}

/// For the [`BLOCK`] bytes after the first two of `window`, a bit each: whether it is
/// whitespace that follows a token (a gap), and whether [`is_dash_byte`]. Without
/// branches, over byte lanes the compiler keeps in vector registers.
fn dash_masks(window: &[u8; BLOCK + 2]) -> (u32, u32) {
    // `u8::is_ascii_whitespace` as compares, which the compiler can put in vector lanes
    // (a test holds the two equal for every byte).
    let ws = |c: u8| (c == b' ') | (c == b'\t') | (c == b'\n') | (c == 0x0C) | (c == b'\r');
    let (mut gaps, mut dashes) = ([0u8; BLOCK], [0u8; BLOCK]);
    for k in 0..BLOCK {
        let (prev2, prev, x) = (window[k], window[k + 1], window[k + 2]);
        gaps[k] = u8::from(ws(x) & !ws(prev)).wrapping_neg();
        dashes[k] = u8::from(is_dash_byte(prev2, prev, x)).wrapping_neg();
    }
    (lane_bits(gaps), lane_bits(dashes))
}

/// The top bit of each lane, lane k at bit k.
fn lane_bits(lanes: [u8; BLOCK]) -> u32 {
    // Eight lanes' top bits gathered into one byte by a multiply.
    let half = |h: u64| {
        (((h & 0x8080_8080_8080_8080) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
    };
    let v = u128::from_le_bytes(lanes);
    half(v as u64) | half((v >> 64) as u64) << 8
}

/// After a place: an optional "في" and date (numbers, month names), then an agency in
/// brackets or between slashes ("(بترا)", "/أ ش أ/"), within six words.
fn agency_follows(s: &str, rest: &[(usize, usize)]) -> bool {
    let months = super::lexicon::months();
    for (k, &(a, b)) in rest.iter().enumerate().take(6) {
        let tok = &s[a..b];
        if tok.starts_with('/') {
            // "/أ ش أ/": closed by a slash within four words.
            return rest[k..]
                .iter()
                .take(4)
                .any(|&(x, y)| s[x..y].ends_with('/'));
        }
        if tok.starts_with('(') {
            // "(بترا) -": closed within three words and followed by a dash.
            let Some(close) = rest[k..]
                .iter()
                .take(3)
                .position(|&(x, y)| s[x..y].contains(')'))
            else {
                return false;
            };
            let (x, y) = rest[k + close];
            let after_bracket = &s[x..y][s[x..y].rfind(')').map_or(0, |p| p + 1)..];
            return after_bracket.chars().any(is_dash)
                || rest
                    .get(k + close + 1)
                    .is_some_and(|&(x, y)| s[x..y].chars().all(is_dash));
        }
        let norm = normalize(tok);
        let filler = norm == "في"
            || norm
                .trim_end_matches(['،', ','])
                .chars()
                .all(|c| c.is_ascii_digit())
            || !months
                .starting_with(norm.trim_end_matches(['،', ',']))
                .is_empty()
            || norm == "الثاني"
            || norm == "الاول";
        if !filler {
            return false;
        }
    }
    false
}

/// The start of the longest known place name (up to three words, or "مدينة، بلد") that
/// ends at `end`, inside the last of `toks`.
fn known_place_ending(s: &str, toks: &[(usize, usize)], end: usize) -> Option<usize> {
    let places = super::lexicon::places();
    let clean = |a: usize, b: usize| {
        normalize(&s[a..b])
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let is_place = |a: usize, b: usize| {
        let name = clean(a, b);
        // "كمبريدج/أكسفورد": two places.
        places.contains(&name)
            || (name.contains('/') && name.split('/').all(|p| places.contains(p)))
    };
    let n = toks.len();
    let direct = (1..=3.min(n))
        .rev()
        .map(|words| n - words)
        .find(|&k| is_place(toks[k].0, end));
    let k = match direct {
        Some(k) => k,
        // "واشنطن، العاصمة ــ": a place, a comma, and one word naming its part or state.
        None if n >= 2 => {
            let (ps, pe) = toks[n - 2];
            let prev = &s[ps..pe];
            ((prev.ends_with('،') || prev.ends_with(',')) && is_place(ps, pe)).then_some(n - 2)?
        }
        None => return None,
    };
    // "كليرمونت، كاليفورنيا": a city before its region or country.
    if k > 0 {
        let (ps, pe) = toks[k - 1];
        let prev = &s[ps..pe];
        if (prev.ends_with('،') || prev.ends_with(',')) && is_place(ps, pe) {
            return Some(ps);
        }
    }
    Some(toks[k].0)
}

fn push_trimmed(s: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &s[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead == piece.len() {
        return;
    }
    out.push(Span {
        start: start + lead,
        end: end - trail,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        split_sentences(text, &SplitOptions::default())
            .into_iter()
            .map(|sp| sentence_text(text, sp))
            .collect()
    }

    #[test]
    fn splits_on_arabic_and_latin_end_marks() {
        assert_eq!(
            split("قال الوزير كلمة. هل انتهى الاجتماع؟ نعم! وبدأ العمل"),
            vec![
                "قال الوزير كلمة.",
                "هل انتهى الاجتماع؟",
                "نعم!",
                "وبدأ العمل"
            ]
        );
    }

    #[test]
    fn never_splits_on_comma_and_by_default_not_on_semicolon() {
        assert_eq!(split("أولا، ثانيا؛ ثالثا."), vec!["أولا، ثانيا؛ ثالثا."]);
        let opts = SplitOptions {
            semicolon: true,
            ..SplitOptions::default()
        };
        let t = "أولا؛ ثانيا.";
        let got: Vec<_> = split_sentences(t, &opts)
            .into_iter()
            .map(|s| &t[s.start..s.end])
            .collect();
        assert_eq!(got, vec!["أولا؛", "ثانيا."]);
    }

    #[test]
    fn end_mark_followed_by_quote_or_bracket() {
        assert_eq!(
            split("قال: «انتهى العمل.» ثم غادر. (وهذا مهم.) نعم"),
            vec!["قال: «انتهى العمل.»", "ثم غادر.", "(وهذا مهم.)", "نعم"]
        );
    }

    #[test]
    fn numbers_dates_and_law_references_are_not_boundaries() {
        assert_eq!(
            split(
                "ارتفع بنسبة 3.5 في المئة و٣٫٥ أيضا في 12.05.2024 وفق القانون رقم 65.99 للفترة 2023- 2026. انتهى"
            ),
            vec![
                "ارتفع بنسبة 3.5 في المئة و٣٫٥ أيضا في 12.05.2024 وفق القانون رقم 65.99 للفترة 2023- 2026.",
                "انتهى"
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_are_not_boundaries() {
        assert_eq!(
            split("التقى د. محمد وأ.د. سعاد في ص.ب. 12 عام 300 ق.م وج. علي وJ. Smith. ثم انصرفوا."),
            vec![
                "التقى د. محمد وأ.د. سعاد في ص.ب. 12 عام 300 ق.م وج. علي وJ. Smith.",
                "ثم انصرفوا."
            ]
        );
    }

    #[test]
    fn era_marker_after_a_year_ends_a_sentence() {
        assert_eq!(
            split("نشرت أعماله عام 1783 م. اتسعت شهرته."),
            vec!["نشرت أعماله عام 1783 م.", "اتسعت شهرته."]
        );
    }

    #[test]
    fn urls_and_emails_are_not_boundaries() {
        assert_eq!(
            split("زوروا www.sana.sy أو https://t.me/x.y وراسلوا info@ilo.org. شكرا"),
            vec![
                "زوروا www.sana.sy أو https://t.me/x.y وراسلوا info@ilo.org.",
                "شكرا"
            ]
        );
    }

    #[test]
    fn missing_space_after_period_between_arabic_words() {
        assert_eq!(
            split("انتهى الاجتماع.وبدأ العمل"),
            vec!["انتهى الاجتماع.", "وبدأ العمل"]
        );
    }

    #[test]
    fn ellipsis_ends_a_sentence_but_not_inside_a_quotation() {
        assert_eq!(
            split("وانتظر العمال طويلا… ثم عادوا. قال: «نحن هنا... وسنبقى» وغادر."),
            vec![
                "وانتظر العمال طويلا…",
                "ثم عادوا.",
                "قال: «نحن هنا... وسنبقى» وغادر."
            ]
        );
    }

    #[test]
    fn spaced_ellipsis_is_one_mark() {
        assert_eq!(
            split("وانتظر العمال طويلا . . . ثم عادوا."),
            vec!["وانتظر العمال طويلا . . .", "ثم عادوا."]
        );
        assert_eq!(split("انتهى. . وبدأ"), vec!["انتهى.", ". وبدأ"]);
    }

    #[test]
    fn lines_without_punctuation_stand_alone() {
        let text =
            "عنوان الخبر\nبيروت-سانا\nبحث الوزير الأمر اليوم. وأكد أهميته.\n- بند أول\n- بند ثان";
        assert_eq!(
            split(text),
            vec![
                "عنوان الخبر",
                "بيروت-سانا",
                "بحث الوزير الأمر اليوم.",
                "وأكد أهميته.",
                "- بند أول",
                "- بند ثان"
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text = "كان المفترض أن تكون المشاركة العربية في القمة الاولى للدول العربية ودول\n\
اللاتينية افضل مما جاءت عليه فقد غاب عنها العديد من القادة العرب لظروف وأسباب\n\
متباينة، كما أن مستوى مشاركة بعضها قد اقتصر على وزراء الخارجية. وليس هذا هو\n\
المأخذ الوحيد على هذه المشاركة العربية بل إن هذا يعكس ضعف الاهتمام العربي بهذا\n\
المؤتمر.\n\
 واذا أخذنا طبيعة الظروف الدولية الحالية والمستقبلية بالاعتبار فإن ربط الفكرة\n\
بقمة باندونغ ليس فهما خاطئا لأهدافها";
        assert_eq!(detect_layout(text), Layout::Wrapped);
        let got = split(text);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[0].ends_with("وزراء الخارجية."));
        assert!(got[0].contains("ودول اللاتينية"));
        assert!(got[1].starts_with("وليس هذا") && got[1].ends_with("المؤتمر."));
        assert!(got[2].starts_with("واذا أخذنا"));
    }

    #[test]
    fn numbered_and_bulleted_items_start_sentences_in_wrapped_text() {
        let text = "هذه فقرة طويلة مكتوبة بأسطر ملفوفة عند عرض ثابت تقريبا كما في الصحف\n\
الورقية القديمة وهي تستمر على أكثر من سطر واحد دون علامة ترقيم في النهاية\n\
وتستمر هنا أيضا حتى تصل الى القائمة التالية من البنود المرقمة والنقاط وما\n\
يليها من كلام قليل آخر يكمل هذه الفقرة الأولى قبل أن تبدأ القائمة المرقمة\n\
1. البند الأول من القائمة\n\
2. البند الثاني من القائمة\n\
• نقطة أخيرة";
        let got = split(text);
        assert_eq!(got.len(), 4, "{got:#?}");
        assert_eq!(got[1], "1. البند الأول من القائمة");
        assert_eq!(got[3], "• نقطة أخيرة");
    }

    #[test]
    fn list_number_at_line_start_is_not_a_sentence_end() {
        assert_eq!(split("1. البند الأول"), vec!["1. البند الأول"]);
        assert_eq!(
            split("في عام 2024. بدأ العمل"),
            vec!["في عام 2024.", "بدأ العمل"]
        );
    }

    #[test]
    fn urdu_full_stop_and_repeated_marks() {
        assert_eq!(split("انتهى۔ حقا؟! نعم"), vec!["انتهى۔", "حقا؟!", "نعم"]);
    }

    #[test]
    fn spans_keep_byte_ranges() {
        let t = "  أولا.  ثانيا. ";
        let spans = split_sentences(t, &SplitOptions::default());
        assert_eq!(&t[spans[0].start..spans[0].end], "أولا.");
        assert_eq!(&t[spans[1].start..spans[1].end], "ثانيا.");
    }

    #[test]
    fn headline_run_into_a_dateline_is_split_before_the_place() {
        assert_eq!(
            split("الصين لن تنهار لندن ــ في اجتماع صندوق النقد الدولي قال الوزير."),
            vec![
                "الصين لن تنهار",
                "لندن ــ في اجتماع صندوق النقد الدولي قال الوزير."
            ]
        );
        assert_eq!(
            split("لماذا تسقط الأسوار هونولولو–دعونا نبدأ بالسؤال."),
            vec!["لماذا تسقط الأسوار", "هونولولو–دعونا نبدأ بالسؤال."]
        );
        assert_eq!(
            split("عنوان الخبر كليرمونت، كاليفورنيا ــ إن التباطؤ واضح."),
            vec!["عنوان الخبر", "كليرمونت، كاليفورنيا ــ إن التباطؤ واضح."]
        );
        assert_eq!(
            split("عامل الخوف واشنطن، العاصمة ــ بعد مرور عام."),
            vec!["عامل الخوف", "واشنطن، العاصمة ــ بعد مرور عام."]
        );
        assert_eq!(
            split("محور أوروبا كمبريدج/أكسفورد ــ إن ما أطلقت عليه."),
            vec!["محور أوروبا", "كمبريدج/أكسفورد ــ إن ما أطلقت عليه."]
        );
    }

    #[test]
    fn agency_datelines_after_a_headline() {
        assert_eq!(
            split(
                "وزير العمل يفتتح ملتقى التشغيل عمان 12 أيار (بترا) - افتتح وزير العمل اليوم الملتقى."
            ),
            vec![
                "وزير العمل يفتتح ملتقى التشغيل",
                "عمان 12 أيار (بترا) - افتتح وزير العمل اليوم الملتقى."
            ]
        );
        assert_eq!(
            split("ارتفاع البطالة القاهرة في 28 مايو /أ ش أ/ أعلن الجهاز المركزي ارتفاع البطالة."),
            vec![
                "ارتفاع البطالة",
                "القاهرة في 28 مايو /أ ش أ/ أعلن الجهاز المركزي ارتفاع البطالة."
            ]
        );
        assert_eq!(
            split("إضراب عمال النقل لندن (رويترز) - أضرب عمال النقل اليوم."),
            vec!["إضراب عمال النقل", "لندن (رويترز) - أضرب عمال النقل اليوم."]
        );
        // A place in prose, after a preposition, or with a bracket and no dash, is no
        // dateline.
        for prose in [
            "عمان (الأردن) مدينة كبيرة.",
            "عقد الاجتماع في عمان (الأردن) - وهو الأول من نوعه.",
            "قال إن الاجتماع عقد في بيروت - وهو الأول.",
            "عقد الاجتماع في عمان (الأردن) يوم الثلاثاء.",
        ] {
            assert_eq!(split(prose), vec![prose]);
        }
    }

    #[test]
    fn dateline_at_the_start_or_a_dash_in_prose_is_not_a_boundary() {
        assert_eq!(
            split("بيروت-سانا بحث الوزير الأمر."),
            vec!["بيروت-سانا بحث الوزير الأمر."]
        );
        assert_eq!(
            split("قال الوزير ــ وهو يبتسم ــ إن العمل مستمر."),
            vec!["قال الوزير ــ وهو يبتسم ــ إن العمل مستمر."]
        );
        // A place after the first sentence is prose, not a dateline.
        assert_eq!(
            split("انتهى الاجتماع. وزار الوفد بيروت - العاصمة اللبنانية."),
            vec!["انتهى الاجتماع.", "وزار الوفد بيروت - العاصمة اللبنانية."]
        );
    }

    #[test]
    fn inline_bullets_start_sentences() {
        assert_eq!(
            split("الجمل التالية: · الأولى هنا · الثانية هنا"),
            vec!["الجمل التالية:", "· الأولى هنا", "· الثانية هنا"]
        );
    }

    #[test]
    fn ellipsis_that_closes_a_quotation_ends_the_sentence() {
        assert_eq!(
            split("قال \"حتى تخلف كامل تأثيرها...\" الواقع أن الجملة مهمة."),
            vec!["قال \"حتى تخلف كامل تأثيرها...\"", "الواقع أن الجملة مهمة."]
        );
    }

    #[test]
    fn year_after_a_conjunction_is_not_an_initial() {
        // Regression: "و2007" has one letter, but it is not an initial.
        assert_eq!(
            split("بين عامي 2005 و2007. والواقع أن المراقبين"),
            vec!["بين عامي 2005 و2007.", "والواقع أن المراقبين"]
        );
    }

    #[test]
    fn hijri_date_followed_by_its_gregorian_equivalent() {
        assert_eq!(
            split("عقد المؤتمر في 12 رمضان 1445 هـ. الموافق 22 مارس 2024 في الرباط."),
            vec!["عقد المؤتمر في 12 رمضان 1445 هـ. الموافق 22 مارس 2024 في الرباط."]
        );
        // The era mark still ends a sentence when a new one follows.
        assert_eq!(
            split("توفي الشاعر عام 1300 هـ. وترك ديوانا كبيرا."),
            vec!["توفي الشاعر عام 1300 هـ.", "وترك ديوانا كبيرا."]
        );
    }

    #[test]
    fn transliterated_initials_inside_names() {
        assert_eq!(
            split("زار الرئيس جون إف. كينيدي برلين. وألقى خطابا."),
            vec!["زار الرئيس جون إف. كينيدي برلين.", "وألقى خطابا."]
        );
        assert_eq!(
            split("فاز جورج دبليو. بوش بالانتخابات."),
            vec!["فاز جورج دبليو. بوش بالانتخابات."]
        );
        // A broadcaster's initials at the end of a sentence still end it.
        assert_eq!(
            split("قال المدير لبي بي سي. ثم غادر القاعة."),
            vec!["قال المدير لبي بي سي.", "ثم غادر القاعة."]
        );
    }

    #[test]
    fn ellipsis_inside_a_sentence_is_judged_by_its_neighbours() {
        assert_eq!(
            split("قال الوسيط إن المحادثات... لم تصل إلى اتفاق بعد."),
            vec!["قال الوسيط إن المحادثات... لم تصل إلى اتفاق بعد."]
        );
        assert_eq!(
            split("سافر الوفد إلى... العاصمة في الصباح."),
            vec!["سافر الوفد إلى... العاصمة في الصباح."]
        );
        // An ellipsis before a new sentence still ends the first.
        assert_eq!(
            split("وانتظر العمال طويلا... وفي النهاية صدر القرار."),
            vec!["وانتظر العمال طويلا...", "وفي النهاية صدر القرار."]
        );
    }

    #[test]
    fn full_stop_inside_a_quotation_the_sentence_goes_on_after() {
        assert_eq!(
            split("قالت النقابة: «نرفض القرار. والإضراب قائم» بحسب بيانها. وانتهى الاجتماع."),
            vec![
                "قالت النقابة: «نرفض القرار. والإضراب قائم» بحسب بيانها.",
                "وانتهى الاجتماع."
            ]
        );
        // Straight quotes too.
        assert_eq!(
            split("قال الوزير: \"الخطة جاهزة. والتمويل متوفر\" في مؤتمر صحفي. ثم غادر."),
            vec![
                "قال الوزير: \"الخطة جاهزة. والتمويل متوفر\" في مؤتمر صحفي.",
                "ثم غادر."
            ]
        );
        // When the quotation ends the sentence, its sentences stay apart.
        assert_eq!(
            split("قال المدير: «انتهى العمل. نعود غدا». ثم غادر."),
            vec!["قال المدير: «انتهى العمل.", "نعود غدا».", "ثم غادر."]
        );
    }

    #[test]
    fn site_names_keep_their_dot() {
        assert_eq!(
            split("نشر موقع الجزيرة.نت تقريرا عن الأجور. وعلقت الوزارة."),
            vec!["نشر موقع الجزيرة.نت تقريرا عن الأجور.", "وعلقت الوزارة."]
        );
    }

    #[test]
    fn two_dots_inside_a_headline_are_a_pause() {
        assert_eq!(
            split("الأجور في الخليج.. أرقام جديدة"),
            vec!["الأجور في الخليج.. أرقام جديدة"]
        );
    }

    #[test]
    fn separator_lines_are_not_sentences() {
        let text = "ارتفعت الأجور هذا العام.\n_____\n* * *\nوتراجعت البطالة.";
        assert_eq!(
            sentences(text, &SplitOptions::default()),
            vec!["ارتفعت الأجور هذا العام.", "وتراجعت البطالة."]
        );
    }

    #[test]
    fn arabic_letters_are_alphanumeric() {
        for c in '\u{0620}'..='\u{064A}' {
            assert!(c.is_alphanumeric(), "U+{:04X}", c as u32);
            assert!(!c.is_numeric(), "U+{:04X}", c as u32);
        }
        assert!(is_numeric('٣') && is_numeric('7') && !is_numeric('ع'));
        assert!(!is_word_char('،') && is_word_char('é') && is_word_char('٣'));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Characters that exercise every rule: Arabic and Latin letters, digits, end marks,
        /// quotes, dashes, bullets, whitespace of every kind.
        const ALPHABET: &[char] = &[
            'ا', 'ل', 'م', 'و', 'ب', 'ي', 'ر', 'ت', 'ن', 'د', 'ق', 'ص', 'ج', 'ه', 'ـ', 'َ', 'a',
            'B', 'x', '1', '2', '٣', '.', '.', '.', '!', '?', '؟', '…', '۔', '؛', '،', ',', ':',
            '«', '»', '"', '“', '”', '(', ')', '-', '–', '—', '•', '·', '/', '@', ' ', ' ', ' ',
            '\n', '\n', '\r', '\t', '\u{a0}', '\u{200f}', 'é', '😀',
        ];

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                proptest::collection::vec(proptest::sample::select(ALPHABET), 0..300)
                    .prop_map(|v| v.into_iter().collect::<String>()),
                any::<String>(),
            ]
        }

        fn non_space(s: &str) -> String {
            s.chars().filter(|c| !c.is_whitespace()).collect()
        }

        proptest! {
            #[test]
            fn spans_tile_the_input_and_keep_every_character(t in text(), semicolon in any::<bool>()) {
                for layout in [Layout::Auto, Layout::Lines, Layout::Wrapped] {
                    let opts = SplitOptions { layout, semicolon };
                    let spans = split_sentences(&t, &opts);
                    let mut pos = 0;
                    for sp in &spans {
                        prop_assert!(sp.start >= pos && sp.start < sp.end && sp.end <= t.len());
                        prop_assert!(t.is_char_boundary(sp.start) && t.is_char_boundary(sp.end));
                        prop_assert!(t[pos..sp.start].chars().all(char::is_whitespace));
                        let piece = &t[sp.start..sp.end];
                        prop_assert_eq!(piece.trim(), piece);
                        let shown = sentence_text(&t, *sp);
                        prop_assert_eq!(non_space(&shown), non_space(piece));
                        prop_assert!(!shown.contains('\n'));
                        pos = sp.end;
                    }
                    prop_assert!(t[pos..].chars().all(char::is_whitespace));
                }
            }

            #[test]
            fn shown_text_turns_each_broken_whitespace_run_into_one_space(t in text()) {
                // Reference: maximal runs of whitespace or not; a whitespace run holding a
                // line break becomes one space, other runs stay.
                let mut expected = String::new();
                let flush = |run: &str, out: &mut String| {
                    if run.starts_with(char::is_whitespace) && run.contains(['\n', '\r']) {
                        out.push(' ');
                    } else {
                        out.push_str(run);
                    }
                };
                let mut run = String::new();
                for c in t.chars() {
                    if run.starts_with(char::is_whitespace) != c.is_whitespace() && !run.is_empty() {
                        flush(&run, &mut expected);
                        run.clear();
                    }
                    run.push(c);
                }
                flush(&run, &mut expected);
                let span = Span { start: 0, end: t.len() };
                prop_assert_eq!(sentence_text(&t, span), expected);
            }

            #[test]
            fn the_dateline_filter_finds_one_mark_among_words(
                words in proptest::collection::vec(
                    prop_oneof![Just("عمل"), Just("a"), Just("«"), Just("“")], 0..40),
                gaps in proptest::collection::vec(prop_oneof![Just(" "), Just("  "), Just("\t"), Just("\n"), Just("\u{a0}")], 40),
                mark in proptest::sample::select(&['-', '(', '/', 'ـ', '–', '—', ')', '.'][..]),
                at in 0usize..40,
            ) {
                let mut t = String::new();
                for (k, w) in words.iter().enumerate() {
                    if k == at {
                        t.push(mark);
                    }
                    t.push_str(w);
                    t.push_str(gaps[k]);
                }
                prop_assert_eq!(may_hold_dateline(t.as_bytes()), holds_dateline_mark(&t));
            }

            #[test]
            fn the_dateline_filter_reads_blocks_as_it_reads_bytes(
                b in proptest::collection::vec(
                    prop_oneof![
                        30 => proptest::sample::select(&[b'a', b' ', b'\n', 0xD8, 0xA7][..]),
                        1 => proptest::sample::select(
                            &[b'-', b'(', b'/', 0xD9, 0x80, 0xE2, 0x93, 0x94, b'\t'][..]),
                    ],
                    0..400,
                ),
            ) {
                prop_assert_eq!(may_hold_dateline(&b), DashScan::default().bytes(&b).unwrap_or(false));
            }

            #[test]
            fn a_block_holds_a_candidate_when_one_of_its_bytes_is(
                block in proptest::collection::vec(
                    prop_oneof![any::<u8>(), proptest::sample::select(&[b'.', 0x9F, 0xE2, 0xD8][..])],
                    BLOCK,
                ),
            ) {
                let expected = block.iter().any(|x| CANDIDATES.iter().any(|&(v, _)| v == *x));
                prop_assert_eq!(may_hold_candidate(&block), expected);
            }

            #[test]
            fn the_dateline_filter_hides_no_dateline(t in text()) {
                if dateline_start(&t, 0, t.len()).is_some() {
                    prop_assert!(may_hold_dateline(t.as_bytes()));
                }
                prop_assert_eq!(may_hold_dateline(t.as_bytes()), holds_dateline_mark(&t));
            }
        }

        proptest! {
            #[test]
            fn the_token_before_is_found_as_by_characters(
                t in "[a \t\u{b}\u{85}\u{a0}\u{1680}\u{2009}\u{200b}\u{3000}عمل«.é中😀]{0,16}",
                lo_at in 0usize..16,
                i_at in 0usize..16,
            ) {
                let bounds: Vec<usize> = (0..=t.len()).filter(|&k| t.is_char_boundary(k)).collect();
                let lo = bounds[lo_at.min(bounds.len() - 1)];
                let i = bounds[i_at.min(bounds.len() - 1)].max(lo);
                let start = t[lo..i]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(lo, |(j, c)| lo + j + c.len_utf8());
                prop_assert_eq!(token_before(&t, lo, i).1, start);
            }
        }

        #[test]
        fn a_gap_is_ascii_whitespace_after_a_token_for_every_pair_of_bytes() {
            for prev in 0..=u8::MAX {
                for x in 0..=u8::MAX {
                    let mut window = [b'a'; BLOCK + 2];
                    (window[1], window[2]) = (prev, x);
                    let gap = x.is_ascii_whitespace() && !prev.is_ascii_whitespace();
                    assert_eq!(dash_masks(&window).0 & 1 == 1, gap, "{prev:#x} {x:#x}");
                }
            }
        }

        /// [`may_hold_dateline`] by its rule, a character at a time: a dash, bracket or slash
        /// before the 28th run of ASCII whitespace that follows a token.
        fn holds_dateline_mark(t: &str) -> bool {
            let mut gaps = 0;
            let mut prev_space = true;
            for c in t.chars() {
                if matches!(c, '-' | '(' | '/' | 'ـ' | '–' | '—') {
                    return true;
                }
                let space = c.is_ascii_whitespace();
                if space && !prev_space {
                    gaps += 1;
                    if gaps > 27 {
                        return false;
                    }
                }
                prev_space = space;
            }
            false
        }
    }
}
