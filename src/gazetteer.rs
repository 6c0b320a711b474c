//! The gazetteer of the Arab region (`data/gazetteer.txt`): which country a place name, a
//! national adjective, a news outlet or a web domain belongs to.
//!
//! Text is matched word by word after normalisation, longest name first, with a leading
//! conjunction or preposition (و ف ب ل ك, "لل") tried off each first word, so "بالرباط" and
//! "وللمغرب" are found.

use std::collections::HashMap;
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

impl Gazetteer {
    /// Every place named in `s`, as country indices in order of mention (a multi-word
    /// name counts once, for its longest reading).
    pub fn places_in(&self, s: &str) -> Vec<usize> {
        // The normalised words, one after another in one string.
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
            // The readings of the first word that open a name, each with the most words
            // such a name has: only those lengths can match (most words open none).
            readings.clear();
            for_each_reading(word(i), |r| {
                let most = match self.first_words.get(r) {
                    _ if r.contains(' ') => Some(self.longest),
                    most => most.copied(),
                };
                if let Some(most) = most {
                    readings.push((r.to_owned(), most));
                }
            });
            let hit = (1..=self.longest.min(spans.len() - i))
                .rev()
                .find_map(|len| {
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
                        self.places.get(&key).map(|&c| (c, len))
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
}
