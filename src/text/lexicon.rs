//! The project's word lists, read from the data files in `data/` at compile time.
//!
//! Each file has a header saying what it holds and where it came from. Entries are
//! normalised here with [`crate::text::normalize`], so the files can be written in
//! ordinary spelling. Sections are introduced by a line `[name]`; `#` starts a comment.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::normalize;

/// Lines of a data file grouped by `[section]`, comments and blank lines dropped.
fn sections(source: &'static str) -> FxHashMap<&'static str, Vec<&'static str>> {
    let mut out: FxHashMap<&'static str, Vec<&'static str>> = FxHashMap::default();
    let mut current = "";
    for line in source.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name;
            continue;
        }
        out.entry(current).or_default().push(line);
    }
    out
}

/// A section's entries, normalised, longest first (the longest matching marker decides).
fn longest_first(sections: &FxHashMap<&'static str, Vec<&'static str>>, key: &str) -> Vec<String> {
    let mut v: Vec<String> = sections
        .get(key)
        .into_iter()
        .flatten()
        .map(|l| normalize(l))
        .collect();
    v.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
    v.dedup();
    v
}

fn normalised_set(lines: &[&str]) -> FxHashSet<String> {
    lines.iter().map(|l| normalize(l)).collect()
}

/// A month name: its normalised words and the month number.
#[derive(Debug, Clone)]
pub struct MonthName {
    pub words: Vec<String>,
    pub month: u32,
}

pub struct Months {
    /// Keyed by the first normalised word of the name.
    by_first_word: FxHashMap<String, Vec<MonthName>>,
}

impl Months {
    pub fn starting_with(&self, word: &str) -> &[MonthName] {
        self.by_first_word
            .get(word)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// The rows of `data/months.tsv`: (name as written, month, region).
fn month_rows() -> &'static [(&'static str, u32, &'static str)] {
    static CELL: OnceLock<Vec<(&'static str, u32, &'static str)>> = OnceLock::new();
    CELL.get_or_init(|| {
        include_str!("../../data/months.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let mut c = l.split('\t').map(str::trim);
                let name = c.next().expect("data/months.tsv: name");
                let month = c
                    .next()
                    .and_then(|m| m.parse().ok())
                    .expect("data/months.tsv: month number");
                (name, month, c.next().unwrap_or(""))
            })
            .collect()
    })
}

pub fn months() -> &'static Months {
    static CELL: OnceLock<Months> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut by_first_word: FxHashMap<String, Vec<MonthName>> = FxHashMap::default();
        for &(name, month, _) in month_rows() {
            let words: Vec<String> = normalize(name)
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            let entry = by_first_word.entry(words[0].clone()).or_default();
            entry.push(MonthName { words, month });
            // Longest names first, so "كانون الثاني" is tried before a bare "كانون".
            entry.sort_by_key(|m| std::cmp::Reverse(m.words.len()));
        }
        Months { by_first_word }
    })
}

/// The name to print for a month (1–12) in a region of `data/months.tsv`: the first name
/// listed for that month and region, else the standard one.
pub fn month_display_name(month: u32, region: &str) -> &'static str {
    let table = month_rows();
    let find = |r: &str| {
        table
            .iter()
            .find(|(_, m, reg)| *m == month && *reg == r)
            .map(|e| e.0)
    };
    find(region).or_else(|| find("standard")).unwrap_or("")
}

/// No stop word is longer than this many bytes (checked by a test), so longer words skip
/// the look-up.
pub const STOPWORD_MAX_BYTES: usize = 16;

/// Whether a normalised word is a stop word (a word longer than any stop word is not
/// looked up).
#[inline]
pub fn is_stopword(word: &str) -> bool {
    word.len() <= STOPWORD_MAX_BYTES && stopwords().contains(word)
}

pub fn stopwords() -> &'static FxHashSet<String> {
    static CELL: OnceLock<FxHashSet<String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let lines: Vec<&str> = include_str!("../../data/stopwords_ar.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        lines.iter().map(|l| normalize(l)).collect()
    })
}

pub struct Abbreviations {
    /// Written forms (not normalised: the splitter compares raw text).
    pub abbreviations: FxHashSet<&'static str>,
    pub era: FxHashSet<&'static str>,
}

pub fn abbreviations() -> &'static Abbreviations {
    static CELL: OnceLock<Abbreviations> = OnceLock::new();
    CELL.get_or_init(|| {
        let s = sections(include_str!("../../data/abbreviations.txt"));
        let get = |k: &str| -> FxHashSet<&'static str> {
            s.get(k).into_iter().flatten().copied().collect()
        };
        Abbreviations {
            abbreviations: get("abbreviation"),
            era: get("era"),
        }
    })
}

pub struct Boilerplate {
    pub tail: Vec<String>,
    pub aside: Vec<String>,
    pub credit: Vec<String>,
    /// Finds any of the `[contains]` phrases in one pass over a line.
    pub contains_any: aho_corasick::AhoCorasick,
    pub line: FxHashSet<String>,
    pub prefix: Vec<String>,
    pub share: FxHashSet<String>,
    pub breadcrumb: Vec<String>,
}

pub fn boilerplate() -> &'static Boilerplate {
    static CELL: OnceLock<Boilerplate> = OnceLock::new();
    CELL.get_or_init(|| {
        let s = sections(include_str!("../../data/boilerplate.txt"));
        let list = |k: &str| longest_first(&s, k);
        Boilerplate {
            tail: list("tail"),
            aside: list("aside"),
            credit: list("credit"),
            contains_any: aho_corasick::AhoCorasick::new(list("contains"))
                .expect("the boilerplate phrases make an automaton"),
            line: list("line").into_iter().collect(),
            prefix: list("prefix"),
            share: list("share").into_iter().collect(),
            breadcrumb: list("breadcrumb"),
        }
    })
}

/// A one-entry-a-line word list (comments after '#'), normalised.
fn word_set(source: &'static str) -> FxHashSet<String> {
    let lines: Vec<&str> = source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    normalised_set(&lines)
}

pub fn places() -> &'static FxHashSet<String> {
    static CELL: OnceLock<FxHashSet<String>> = OnceLock::new();
    CELL.get_or_init(|| word_set(include_str!("../../data/places.txt")))
}

/// Common given names (`data/given_names.txt`), normalised: a byline's person.
pub fn given_names() -> &'static FxHashSet<String> {
    static CELL: OnceLock<FxHashSet<String>> = OnceLock::new();
    CELL.get_or_init(|| word_set(include_str!("../../data/given_names.txt")))
}

pub struct DateLabels {
    pub published: Vec<String>,
    pub updated: Vec<String>,
}

pub fn date_labels() -> &'static DateLabels {
    static CELL: OnceLock<DateLabels> = OnceLock::new();
    CELL.get_or_init(|| {
        let s = sections(include_str!("../../data/date_labels.txt"));
        let list = |k: &str| longest_first(&s, k);
        DateLabels {
            published: list("published"),
            updated: list("updated"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_and_normalise() {
        assert_eq!(months().starting_with("ابريل")[0].month, 4);
        assert_eq!(months().starting_with("كانون")[0].words.len(), 2);
        assert!(stopwords().contains("الي"), "إلى is normalised to الي");
        assert!(stopwords().iter().all(|w| w.len() <= STOPWORD_MAX_BYTES));
        assert!(stopwords().iter().all(|w| is_stopword(w)));
        for w in [
            "العمل",
            "الي ",
            "ال",
            "",
            "الأجور",
            "وزارة",
            "في في",
            "abcdefghijklmnopq",
        ] {
            assert_eq!(is_stopword(w), stopwords().contains(w), "{w}");
        }
        assert!(boilerplate().aside.iter().any(|t| t == "اقرا ايضا"));
        assert!(places().contains("الرباط"));
        assert!(abbreviations().abbreviations.contains("أ.د"));
        assert!(date_labels().published.iter().any(|l| l == "تاريخ النشر"));
    }
}
