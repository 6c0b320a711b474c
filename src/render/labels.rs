//! Labels: how numbers, dates and counts are written in the newsletter.
//!
//! The digest hands plain data (dates as dates, counts as numbers); everything a reader
//! sees in Arabic is written here, once: dates by region, digits, week ranges, and counted
//! nouns with the number agreement Arabic asks for ([`count`]). English counts for the log
//! are here too ([`english_count`]).

use chrono::{Datelike, NaiveDate};

use crate::config::{Digits, Region};
use crate::text::lexicon;

/// Write the digits of `s` as `digits` asks.
pub fn localise_digits(s: &str, digits: Digits) -> String {
    match digits {
        Digits::Western => s.to_owned(),
        Digits::Arabic => s
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
                c => c,
            })
            .collect(),
    }
}

fn month_name(d: NaiveDate, region: Region) -> &'static str {
    lexicon::month_display_name(d.month(), region.months_key())
}

/// "28 مايو 2024" (standard), "28 ماي 2024" (Maghreb), "28 أيار 2024" (Levant).
pub fn date(d: NaiveDate, region: Region, digits: Digits) -> String {
    let s = format!("{} {} {}", d.day(), month_name(d, region), d.year());
    localise_digits(&s, digits)
}

/// "27 مايو – 2 يونيو 2024", "3 – 9 يونيو 2024", "30 ديسمبر 2024 – 5 يناير 2025".
pub fn range(a: NaiveDate, b: NaiveDate, region: Region, digits: Digits) -> String {
    let s = if a.year() != b.year() {
        format!(
            "{} – {}",
            date(a, region, Digits::Western),
            date(b, region, Digits::Western)
        )
    } else if a.month() != b.month() {
        format!(
            "{} {} – {} {} {}",
            a.day(),
            month_name(a, region),
            b.day(),
            month_name(b, region),
            b.year()
        )
    } else {
        let m = month_name(b, region);
        format!("{} – {} {m} {}", a.day(), b.day(), b.year())
    };
    localise_digits(&s, digits)
}

/// "الأسبوع 22 من عام 2024".
pub fn week(week_number: u32, year: i32, digits: Digits) -> String {
    localise_digits(&format!("الأسبوع {week_number} من عام {year}"), digits)
}

/// A countable noun in the forms Arabic numbers govern.
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    /// One: "مقال واحد", "قصة واحدة".
    pub one: &'static str,
    /// Two, in the nominative and in the genitive/accusative: "مقالان" / "مقالين".
    pub two: &'static str,
    pub two_oblique: &'static str,
    /// After 3–10: the plural, "مقالات".
    pub plural: &'static str,
    /// After 11–99: the singular accusative, "مقالاً".
    pub accusative: &'static str,
    /// After 100, 101, 102, 1000…: the singular genitive, "مقال".
    pub genitive: &'static str,
}

pub const ARTICLE: Noun = Noun {
    one: "مقال واحد",
    two: "مقالان",
    two_oblique: "مقالين",
    plural: "مقالات",
    accusative: "مقالاً",
    genitive: "مقال",
};

pub const STORY: Noun = Noun {
    one: "قصة واحدة",
    two: "قصتان",
    two_oblique: "قصتين",
    plural: "قصص",
    accusative: "قصة",
    genitive: "قصة",
};

pub const SOURCE: Noun = Noun {
    one: "مصدر واحد",
    two: "مصدران",
    two_oblique: "مصدرين",
    plural: "مصادر",
    accusative: "مصدراً",
    genitive: "مصدر",
};

/// The grammatical case the count stands in: the subject of a phrase, or after a
/// preposition ("من مقالين").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Nominative,
    Genitive,
}

/// The one function that writes a counted noun: "لا مقالات", "مقال واحد", "مقالان" /
/// "مقالين", "3 مقالات", "11 مقالاً", "100 مقال", "101 مقال", "103 مقالات". The number
/// decides by its last two digits, as in CLDR's Arabic plural rules (zero, one, two, few
/// 3–10, many 11–99, other).
pub fn count(n: usize, noun: Noun, case: Case, digits: Digits) -> String {
    let num = localise_digits(&n.to_string(), digits);
    match (n, n % 100) {
        (0, _) => format!("لا {}", noun.plural),
        (1, _) => noun.one.to_owned(),
        (2, _) if case == Case::Nominative => noun.two.to_owned(),
        (2, _) => noun.two_oblique.to_owned(),
        (_, 3..=10) => format!("{num} {}", noun.plural),
        (_, 11..=99) => format!("{num} {}", noun.accusative),
        _ => format!("{num} {}", noun.genitive),
    }
}

/// "4 قصص من 6 مقالات", "قصتان من مقالين".
pub fn stories_from_articles(stories: usize, articles: usize, digits: Digits) -> String {
    format!(
        "{} من {}",
        count(stories, STORY, Case::Nominative, digits),
        count(articles, ARTICLE, Case::Genitive, digits)
    )
}

/// The sentence closing a newsletter that could not show every story, its adjective and
/// pronoun agreeing with the number: "وقصتان أخريان هذا الأسبوع لم تتسع لهما النشرة."
pub fn more_stories(n: usize, digits: Digits) -> String {
    let (other, them) = if n == 2 {
        ("أخريان", "لهما")
    } else {
        ("أخرى", "لها")
    };
    let counted = match n {
        1 => "قصة".to_owned(),
        _ => count(n, STORY, Case::Nominative, digits),
    };
    format!("و{counted} {other} هذا الأسبوع لم تتسع {them} النشرة.")
}

/// "1 story", "2 stories": counts in the English log.
pub fn english_count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn counted_nouns_by_number_and_case() {
        let w = Digits::Western;
        let table: &[(usize, &str, &str, &str)] = &[
            (0, "لا مقالات", "لا مقالات", "لا قصص"),
            (1, "مقال واحد", "مقال واحد", "قصة واحدة"),
            (2, "مقالان", "مقالين", "قصتان"),
            (3, "3 مقالات", "3 مقالات", "3 قصص"),
            (4, "4 مقالات", "4 مقالات", "4 قصص"),
            (5, "5 مقالات", "5 مقالات", "5 قصص"),
            (6, "6 مقالات", "6 مقالات", "6 قصص"),
            (7, "7 مقالات", "7 مقالات", "7 قصص"),
            (8, "8 مقالات", "8 مقالات", "8 قصص"),
            (9, "9 مقالات", "9 مقالات", "9 قصص"),
            (10, "10 مقالات", "10 مقالات", "10 قصص"),
            (11, "11 مقالاً", "11 مقالاً", "11 قصة"),
            (12, "12 مقالاً", "12 مقالاً", "12 قصة"),
            (100, "100 مقال", "100 مقال", "100 قصة"),
            (101, "101 مقال", "101 مقال", "101 قصة"),
            (102, "102 مقال", "102 مقال", "102 قصة"),
            (103, "103 مقالات", "103 مقالات", "103 قصص"),
            (111, "111 مقالاً", "111 مقالاً", "111 قصة"),
        ];
        for &(n, nominative, genitive, story) in table {
            assert_eq!(count(n, ARTICLE, Case::Nominative, w), nominative, "{n}");
            assert_eq!(count(n, ARTICLE, Case::Genitive, w), genitive, "{n}");
            assert_eq!(count(n, STORY, Case::Nominative, w), story, "{n}");
        }
        assert_eq!(count(2, STORY, Case::Genitive, w), "قصتين");
        assert_eq!(count(2, SOURCE, Case::Nominative, w), "مصدران");
        assert_eq!(count(4, STORY, Case::Nominative, Digits::Arabic), "٤ قصص");
    }

    #[test]
    fn phrases_built_on_counts_agree() {
        let w = Digits::Western;
        assert_eq!(stories_from_articles(2, 2, w), "قصتان من مقالين");
        assert_eq!(stories_from_articles(4, 6, w), "4 قصص من 6 مقالات");
        assert_eq!(stories_from_articles(1, 1, w), "قصة واحدة من مقال واحد");
        assert_eq!(stories_from_articles(12, 101, w), "12 قصة من 101 مقال");
        assert_eq!(
            more_stories(1, w),
            "وقصة أخرى هذا الأسبوع لم تتسع لها النشرة."
        );
        assert_eq!(
            more_stories(2, w),
            "وقصتان أخريان هذا الأسبوع لم تتسع لهما النشرة."
        );
        assert_eq!(
            more_stories(7, w),
            "و7 قصص أخرى هذا الأسبوع لم تتسع لها النشرة."
        );
        assert_eq!(english_count(1, "story", "stories"), "1 story");
        assert_eq!(english_count(0, "story", "stories"), "0 stories");
        assert_eq!(english_count(2, "article", "articles"), "2 articles");
    }

    #[test]
    fn dates_and_ranges() {
        let (s, w) = (Region::Standard, Digits::Western);
        assert_eq!(date(d(2024, 5, 28), s, w), "28 مايو 2024");
        assert_eq!(
            range(d(2024, 5, 27), d(2024, 6, 2), s, w),
            "27 مايو – 2 يونيو 2024"
        );
        assert_eq!(
            range(d(2024, 6, 3), d(2024, 6, 9), s, w),
            "3 – 9 يونيو 2024"
        );
        assert_eq!(
            range(d(2024, 12, 30), d(2025, 1, 5), s, w),
            "30 ديسمبر 2024 – 5 يناير 2025"
        );
        assert_eq!(week(22, 2024, Digits::Arabic), "الأسبوع ٢٢ من عام ٢٠٢٤");
    }

    #[test]
    fn regions_and_digits() {
        let day = d(2024, 7, 28);
        assert_eq!(
            date(day, Region::Maghreb, Digits::Western),
            "28 يوليوز 2024"
        );
        assert_eq!(date(day, Region::Levant, Digits::Western), "28 تموز 2024");
        assert_eq!(
            date(d(2024, 1, 3), Region::Maghreb, Digits::Western),
            "3 يناير 2024"
        );
        assert_eq!(date(day, Region::Standard, Digits::Arabic), "٢٨ يوليو ٢٠٢٤");
        assert_eq!(
            range(
                d(2024, 5, 27),
                d(2024, 6, 2),
                Region::Levant,
                Digits::Arabic
            ),
            "٢٧ أيار – ٢ حزيران ٢٠٢٤"
        );
    }
}
