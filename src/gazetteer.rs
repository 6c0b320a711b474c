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

/// A word without one leading clitic: و ف then ب ل ك, or "لل" standing for "ل" + "ال".
fn unprefixed(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    let mut stems = vec![word];
    if let Some(rest) = word.strip_prefix(['و', 'ف']) {
        out.push(rest.to_owned());
        stems.push(rest);
    }
    for w in stems {
        if let Some(rest) = w.strip_prefix("لل") {
            out.push(format!("ال{rest}"));
        }
        if let Some(rest) = w.strip_prefix(['ب', 'ل', 'ك']) {
            out.push(rest.to_owned());
        }
    }
    out.retain(|w| w.chars().count() >= 2);
    out
}

impl Gazetteer {
    /// Every place named in `s`, as country indices in order of mention (a multi-word
    /// name counts once, for its longest reading).
    pub fn places_in(&self, s: &str) -> Vec<usize> {
        let words = normalised_words(s);
        let mut found = Vec::new();
        let mut key = String::new();
        let mut i = 0;
        while i < words.len() {
            // Each reading of the first word with the most words a name opening with it
            // has: only those lengths can match (most words open no name at all).
            let readings: Vec<(String, usize)> = unprefixed(&words[i])
                .into_iter()
                .filter_map(|r| {
                    let most = match self.first_words.get(&r) {
                        _ if r.contains(' ') => self.longest,
                        Some(&n) => n,
                        None => return None,
                    };
                    Some((r, most))
                })
                .collect();
            let hit = (1..=self.longest.min(words.len() - i))
                .rev()
                .find_map(|len| {
                    readings.iter().find_map(|(first, most)| {
                        if len > *most {
                            return None;
                        }
                        key.clear();
                        key.push_str(first);
                        for w in &words[i + 1..i + len] {
                            key.push(' ');
                            key.push_str(w);
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
