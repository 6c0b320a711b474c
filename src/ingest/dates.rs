//! Publication dates in Arabic and English news text.
//!
//! Finds the first *complete* date (day, month and year) in a text: Arabic month names of
//! every region (from `data/months.tsv`), UN-style double names ("تموز/يوليو"), English
//! names with ordinals, numeric day/month/year and year-month-day, ISO 8601 with a time.
//! A bare year, a range of years, a law number or a day and month without a year is not a
//! date: no date is better than a wrong one.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};

use crate::text::normalize;
use crate::text::{self, lexicon};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num {
        value: u32,
        digits: usize,
    },
    /// A word: its byte range in the normalised text.
    Word(usize, usize),
    Punct(char),
}

/// The normalised text and its tokens (words as ranges of it: no string a word).
fn tokenize(text: &str) -> (String, Vec<Tok>) {
    let normal = normalize(text);
    let mut out = Vec::new();
    let mut chars = normal.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        if c.is_ascii_digit() {
            let (mut value, mut digits) = (0u32, 0usize);
            while let Some(&(_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                value = value
                    .saturating_mul(10)
                    .saturating_add(d as u32 - '0' as u32);
                digits += 1;
                chars.next();
            }
            out.push(Tok::Num { value, digits });
        } else if text::is_letter(c) {
            let mut end = at;
            while let Some(&(k, d)) = chars.peek().filter(|&&(_, d)| text::is_letter(d)) {
                end = k + d.len_utf8();
                chars.next();
            }
            out.push(Tok::Word(at, end));
        } else {
            if !c.is_whitespace() {
                out.push(Tok::Punct(c));
            }
            chars.next();
        }
    }
    (normal, out)
}

struct Scanner<'a> {
    toks: &'a [Tok],
    /// The normalised text the words are ranges of.
    text: &'a str,
}

impl Scanner<'_> {
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        match self.toks.get(i) {
            Some(Tok::Num { value, digits }) => Some((*value, *digits)),
            _ => None,
        }
    }

    fn word(&self, i: usize) -> Option<&str> {
        match self.toks.get(i) {
            Some(&Tok::Word(a, b)) => Some(&self.text[a..b]),
            _ => None,
        }
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.toks.get(i) {
            Some(Tok::Punct(c)) => Some(*c),
            _ => None,
        }
    }

    /// Skip one optional punctuation token among `set`.
    fn skip_punct(&self, i: usize, set: &str) -> usize {
        match self.punct(i) {
            Some(c) if set.contains(c) => i + 1,
            _ => i,
        }
    }

    /// A month name starting at token `i`: (month, index after it). A UN-style second name
    /// after "/" must name the same month.
    fn month(&self, i: usize) -> Option<(u32, usize)> {
        let (m, next) = self.single_month(i)?;
        if self.punct(next) == Some('/')
            && let Some((m2, after)) = self.single_month(next + 1)
        {
            return (m2 == m).then_some((m, after));
        }
        Some((m, next))
    }

    fn single_month(&self, i: usize) -> Option<(u32, usize)> {
        let first = self.word(i)?;
        lexicon::months()
            .starting_with(first)
            .iter()
            .find(|name| {
                name.words[1..]
                    .iter()
                    .enumerate()
                    .all(|(k, w)| self.word(i + 1 + k) == Some(w.as_str()))
            })
            .map(|name| (name.month, i + name.words.len()))
    }

    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let (y, digits) = self.num(i)?;
        (digits == 4 && (1900..=2100).contains(&y)).then_some((y as i32, i + 1))
    }

    fn day(&self, i: usize) -> Option<(u32, usize)> {
        let (d, digits) = self.num(i)?;
        if !(digits <= 2 && (1..=31).contains(&d)) {
            return None;
        }
        let mut next = i + 1;
        if matches!(self.word(next), Some("st" | "nd" | "rd" | "th")) {
            next += 1;
        }
        Some((d, next))
    }

    /// "28 مايو 2024", "28th, May 2024", "4 يونيو عام 2021", "1 تموز/يوليو 2024".
    fn day_month_year(&self, i: usize) -> Option<(i32, u32, u32)> {
        let (d, next) = self.day(i)?;
        // "28 مايو 2024", "28, May 2024", "28-May-2024", "28/مايو/2024", "28 من مايو 2024".
        let mut next = self.skip_punct(next, ",،-/.");
        if matches!(self.word(next), Some("من" | "of")) {
            next += 1;
        }
        let (m, next) = self.month(next)?;
        let mut next = self.skip_punct(next, ",،-/.");
        if matches!(self.word(next), Some("عام" | "سنه")) {
            next += 1;
        }
        let (y, _) = self.year(next)?;
        Some((y, m, d))
    }

    /// "March 3, 2024", "May 28th 2024".
    fn month_day_year(&self, i: usize) -> Option<(i32, u32, u32)> {
        let (m, next) = self.month(i)?;
        let (d, next) = self.day(next)?;
        let next = self.skip_punct(next, ",،");
        let (y, _) = self.year(next)?;
        Some((y, m, d))
    }

    /// "2024-05-28", "2024/5/28", "28/05/2024", "28-5-2024", "12.05.2024".
    fn numeric(&self, i: usize) -> Option<(i32, u32, u32)> {
        let (a, da) = self.num(i)?;
        let sep = self.punct(i + 1).filter(|c| "/-.".contains(*c))?;
        let (b, db) = self.num(i + 2)?;
        if self.punct(i + 3) != Some(sep) || db > 2 {
            return None;
        }
        let (c, dc) = self.num(i + 4)?;
        // A fourth part ("1.2.3.4") is a version or an address, not a date.
        if self.punct(i + 5) == Some(sep) && self.num(i + 6).is_some() {
            return None;
        }
        if da == 4 && dc <= 2 {
            Some((self.year(i)?.0, b, c))
        } else if dc == 4 && da <= 2 {
            Some((self.year(i + 4)?.0, b, a))
        } else {
            None
        }
    }
}

/// The first complete, valid date in `text`.
pub fn find_date(text: &str) -> Option<NaiveDate> {
    let (normal, toks) = tokenize(text);
    let sc = Scanner {
        toks: &toks,
        text: &normal,
    };
    (0..toks.len()).find_map(|i| {
        let (y, m, d) = sc
            .day_month_year(i)
            .or_else(|| sc.month_day_year(i))
            .or_else(|| sc.numeric(i))?;
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

/// Words that tie a date to the report itself when they stand just before it.
const ANCHORS: &[&str] = &[
    "اليوم",
    "امس",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
];

/// Words that make a nearby date something else: a birth date, a deadline, a start, a
/// next or last week's event, a range.
const NOT_THE_REPORT: &[&str] = &[
    "مواليد",
    "ولد",
    "حتي",
    "منذ",
    "قبل",
    "بعد",
    "اعتبارا",
    "ابتداء",
    "بدءا",
    "نهايه",
    "بدايه",
    "مطلع",
    "القادم",
    "المقبل",
    "الماضي",
    "المنصرم",
    "الموافق",
    "موعد",
    "مهله",
    "عام",
    "سنه",
];

/// Words of intent or plan: the date after them is an event to come ("أعلنت عزمها تنظيم
/// مسيرة يوم 1 مايو"), not the report's.
const INTENT: &[&str] = &[
    "عزم",
    "تعتزم",
    "يعتزم",
    "تنوي",
    "ينوي",
    "المقرر",
    "مقرر",
    "تنظيم",
    "دعت",
    "دعوه",
    "المرتقب",
    "يرتقب",
    "تستعد",
    "يستعد",
    "تنطلق",
    "ينطلق",
    "موعدا",
];

/// A date in a lede that is anchored to the report: "أعلنت الوزارة اليوم الأحد 12 يناير
/// 2025" — "اليوم", "أمس" or a weekday just before the date, with nothing that makes it a
/// birth date, deadline, range or another day's event. The first such date, or none.
pub fn anchored_date(text: &str) -> Option<NaiveDate> {
    let (normal, toks) = tokenize(text);
    let sc = Scanner {
        toks: &toks,
        text: &normal,
    };
    (0..toks.len()).find_map(|i| {
        let (y, m, d) = sc.day_month_year(i).or_else(|| sc.numeric(i))?;
        let before: Vec<&str> = (i.saturating_sub(4)..i)
            .filter_map(|k| sc.word(k))
            .collect();
        // "يوم 04 يونيو 2021": the day named just before the date.
        let anchored = before.iter().rev().take(2).any(|w| ANCHORS.contains(w))
            || before.last() == Some(&"يوم");
        // A verb in the future tense ("ستنطلق", "سيعقد") makes it a coming event.
        let future = (i.saturating_sub(10)..i)
            .filter_map(|k| sc.word(k))
            .any(|w| {
                ((w.starts_with("سي") || w.starts_with("ست")) && w.chars().count() >= 5)
                    || INTENT.iter().any(|p| w.starts_with(p))
            });
        let contradicted = future
            || before.iter().any(|w| NOT_THE_REPORT.contains(w))
            || matches!(sc.word(i.saturating_sub(1)), Some("من" | "الي" | "و"));
        if !anchored || contradicted {
            return None;
        }
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

/// A date in a URL's path: "/2013/8/3/", "/2015/07/25/article", "/20150806/",
/// "/2013/middle_east/8/3/" (a section between the year and the month), "/2024-05-27-…".
pub fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url.split(['?', '#']).next()?;
    let path = path.split_once("://").map_or(path, |(_, rest)| rest);
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = |s: &str| -> Option<i32> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|y| (1995..=2100).contains(y))
    };
    for (i, seg) in segs.iter().enumerate() {
        if let Some(y) = year(seg) {
            // The year, then the month and the day, with at most one section between.
            for skip in 0..=1 {
                let (Some(m), Some(d)) = (
                    segs.get(i + 1 + skip).and_then(|s| num(s)),
                    segs.get(i + 2 + skip).and_then(|s| num(s)),
                ) else {
                    continue;
                };
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Some(date);
                }
            }
        }
        let compact = seg
            .split(['-', '_', '.'])
            .find(|p| p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()));
        if let Some(c) = compact
            && let Ok(date) = NaiveDate::parse_from_str(c, "%Y%m%d")
            && (1995..=2100).contains(&date.year())
        {
            return Some(date);
        }
        if let Some(head) = seg.get(..10)
            && let Ok(date) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
        {
            return Some(date);
        }
    }
    None
}

/// A date given as a value in front matter or a crawler's JSON: ISO 8601 date or date-time
/// (the date as written, in its own offset), else any form [`find_date`] knows.
pub fn parse_date_value(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(v) {
        return Some(dt.date_naive());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(v, fmt) {
            return Some(dt.date());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(d);
    }
    // "20220419": a compact date in a <meta> tag.
    if v.len() == 8
        && v.bytes().all(|b| b.is_ascii_digit())
        && let Ok(d) = NaiveDate::parse_from_str(v, "%Y%m%d")
    {
        return Some(d);
    }
    find_date(v)
}

/// Does the line speak of an update anywhere ("…، آخر تحديث 14:00")? Its date is then
/// not a publication date.
pub fn mentions_update(line: &str) -> bool {
    let norm = normalize(line);
    lexicon::date_labels()
        .updated
        .iter()
        .filter(|l| l.chars().count() > 5)
        .any(|l| norm.contains(l.as_str()))
}

/// Which kind of label opens a line, if any, and the rest of the line after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LabelKind {
    Published,
    Updated,
}

/// A line such as "تاريخ النشر: 28th, May 2024 GMT": the label's kind and the date, when
/// the line names one.
pub fn labelled_date(line: &str) -> Option<(LabelKind, Option<NaiveDate>)> {
    let norm = normalize(line.trim());
    let labels = lexicon::date_labels();
    let kinds = [
        (LabelKind::Published, &labels.published),
        (LabelKind::Updated, &labels.updated),
    ];
    for (kind, list) in kinds {
        for label in list.iter() {
            let Some(rest) = norm.strip_prefix(label.as_str()) else {
                continue;
            };
            // The label must stand as words of its own: "التاريخ" is not "التاريخية".
            let rest_trim = rest.trim_start();
            if !(rest.is_empty()
                || rest.starts_with(char::is_whitespace)
                || rest_trim.starts_with([':', '：', '-', '|']))
            {
                continue;
            }
            let rest = rest_trim.trim_start_matches([':', '：', '-', '|']);
            return Some((kind, find_date(rest)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_dates_in_a_lede() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(
            anchored_date("أعلنت وزارة العمل اليوم الأحد 12 يناير 2025 عن زيادة الأجور."),
            d(2025, 1, 12)
        );
        assert_eq!(
            anchored_date("قالت النقابة أمس 3/4/2024 إن الإضراب مستمر."),
            d(2024, 4, 3)
        );
        assert_eq!(
            anchored_date("شارك الوزير في الاجتماع الافتراضي، يوم 04 يونيو 2021، على هامش المؤتمر."),
            d(2021, 6, 4)
        );
        for text in [
            "الوزير من مواليد 12 يناير 1965 في القاهرة.",
            "يستمر التسجيل حتى نهاية شهر مارس 2025.",
            "يبدأ التطبيق السبت القادم 16 شوال 1436هـ الموافق 1 أغسطس 2015م.",
            "وقعت الاتفاقية في 12 يناير 2020 بين الطرفين.",
            "تعقد الجمعية يوم الخميس الماضي 3 مارس 2022 اجتماعها.",
            "ستنطلق الدورة التدريبية يوم 12 مارس 2025 في العاصمة.",
            "أعلنت النقابات عزمها تنظيم مسيرة كبرى يوم 1 مايو 2024 في العاصمة.",
            "نظمت الوزارة ندوة يومي 25 و 26 يونيو 2024 بالجامعة.",
        ] {
            assert_eq!(anchored_date(text), None, "{text}");
        }
    }

    #[test]
    fn dates_in_url_paths() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        for (url, date) in [
            (
                "http://arabic.example.com/2013/middle_east/8/3/syria.clashes/index.html",
                d(2013, 8, 3),
            ),
            (
                "https://www.example.com/2015/07/25/article_976098.html",
                d(2015, 7, 25),
            ),
            ("https://example.net/news/20150806/story", d(2015, 8, 6)),
            (
                "https://example.org/ar/2024-05-27-workers-strike",
                d(2024, 5, 27),
            ),
            ("https://example.org/article/164913/title", None),
            ("https://example.org/2024/strike", None),
            ("https://example.org/منحة-البطالة-مليون", None),
        ] {
            assert_eq!(url_date(url), date, "{url}");
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn arabic_month_names_of_every_region() {
        assert_eq!(find_date("يوم 04 يونيو 2021، وذلك"), d(2021, 6, 4));
        assert_eq!(find_date("في 3 إبريل 2024"), d(2024, 4, 3));
        assert_eq!(find_date("في 3 أبريل 2024"), d(2024, 4, 3));
        assert_eq!(find_date("الخميس 12 كانون الثاني 2023"), d(2023, 1, 12));
        assert_eq!(find_date("12 كانون الأول 2023"), d(2023, 12, 12));
        assert_eq!(find_date("1 تشرين الثاني 2022"), d(2022, 11, 1));
        assert_eq!(find_date("5 حزيران 2024"), d(2024, 6, 5));
        assert_eq!(find_date("الرباط في 27 ماي 2024"), d(2024, 5, 27));
        assert_eq!(find_date("15 يوليوز 2024"), d(2024, 7, 15));
        assert_eq!(find_date("3 غشت 2023"), d(2023, 8, 3));
        assert_eq!(find_date("20 شتنبر 2023"), d(2023, 9, 20));
        assert_eq!(find_date("7 نونبر 2023"), d(2023, 11, 7));
        assert_eq!(find_date("9 دجنبر 2023"), d(2023, 12, 9));
        assert_eq!(find_date("10 جوان 2024"), d(2024, 6, 10));
        assert_eq!(find_date("١٥ مارس ٢٠٢٤"), d(2024, 3, 15));
        assert_eq!(find_date("يوم 4 يونيو عام 2021"), d(2021, 6, 4));
        assert_eq!(find_date("يومي 25 و 26 يونيو 2024م"), d(2024, 6, 26));
    }

    #[test]
    fn un_style_double_month_names() {
        assert_eq!(find_date("في 1 تموز/يوليو 2024"), d(2024, 7, 1));
        assert_eq!(find_date("في 1 تموز/أغسطس 2024"), None);
    }

    #[test]
    fn english_dates() {
        assert_eq!(find_date("28th, May 2024 GMT"), d(2024, 5, 28));
        assert_eq!(find_date("March 3, 2024"), d(2024, 3, 3));
        assert_eq!(find_date("Published 1 Feb 2024"), d(2024, 2, 1));
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(find_date("2024-05-28"), d(2024, 5, 28));
        assert_eq!(find_date("28/05/2024"), d(2024, 5, 28));
        assert_eq!(find_date("2024/5/28"), d(2024, 5, 28));
        assert_eq!(find_date("12.05.2024"), d(2024, 5, 12));
        assert_eq!(find_date("2024-05-28T10:30:00+03:00"), d(2024, 5, 28));
        assert_eq!(find_date("٢٨/٠٥/٢٠٢٤"), d(2024, 5, 28));
    }

    #[test]
    fn hijri_date_gives_its_gregorian_equivalent() {
        assert_eq!(
            find_date("الأربعاء 15 جمادى الأولى 1445 هـ الموافق 29 نوفمبر 2023"),
            d(2023, 11, 29)
        );
    }

    #[test]
    fn rejects_what_is_not_a_complete_date() {
        assert_eq!(find_date("31 فبراير 2024"), None);
        assert_eq!(find_date("عام 2024"), None);
        assert_eq!(find_date("البرنامج الحكومي 2021-2026 و2023- 2026"), None);
        assert_eq!(find_date("القانون رقم 65.99"), None);
        assert_eq!(find_date("منذ 3 ساعات"), None);
        assert_eq!(find_date("أمس الإثنين 27 ماي الجاري"), None);
        assert_eq!(find_date("الإصدار 1.2.2024.5"), None);
        assert_eq!(find_date("الدورة 109 لمؤتمر العمل"), None);
    }

    #[test]
    fn value_forms() {
        assert_eq!(parse_date_value("2024-05-28"), d(2024, 5, 28));
        assert_eq!(
            parse_date_value("2024-05-28T23:30:00-04:00"),
            d(2024, 5, 28)
        );
        assert_eq!(parse_date_value("2024-05-28 10:00:00"), d(2024, 5, 28));
        assert_eq!(parse_date_value("28 مايو 2024"), d(2024, 5, 28));
        assert_eq!(parse_date_value("soon"), None);
    }

    #[test]
    fn labelled_lines() {
        assert_eq!(
            labelled_date("تاريخ النشر: 28th, May 2024 GMT"),
            Some((LabelKind::Published, d(2024, 5, 28)))
        );
        assert_eq!(
            labelled_date("آخر تحديث: 29 مايو 2024"),
            Some((LabelKind::Updated, d(2024, 5, 29)))
        );
        assert_eq!(
            labelled_date("نشر في 3 مارس 2024"),
            Some((LabelKind::Published, d(2024, 3, 3)))
        );
        assert_eq!(labelled_date("التاريخية للعمال 3 مارس 2024"), None);
        assert_eq!(labelled_date("وزارة العمل"), None);
    }

    #[test]
    fn weekdays_times_and_punctuation_around_dates() {
        assert_eq!(find_date("الثلاثاء 28 مايو 2024 - 10:30 ص"), d(2024, 5, 28));
        assert_eq!(
            find_date("10:30 الثلاثاء، 28 أيار/مايو، 2024"),
            d(2024, 5, 28)
        );
        assert_eq!(
            find_date("Tuesday, May 28th, 2024 at 10:30"),
            d(2024, 5, 28)
        );
        assert_eq!(find_date("28 May, 2024"), d(2024, 5, 28));
        assert_eq!(find_date("نُشر في 28/05/2024 الساعة 10:30"), d(2024, 5, 28));
        assert_eq!(find_date("2024-05-28 10:30:00"), d(2024, 5, 28));
        assert_eq!(find_date("Tue, 28 May 2024 10:30:00 GMT"), d(2024, 5, 28));
        assert_eq!(find_date("28-May-2024"), d(2024, 5, 28));
        assert_eq!(find_date("28/مايو/2024"), d(2024, 5, 28));
        assert_eq!(find_date("1 يناير/كانون الثاني 2024"), d(2024, 1, 1));
        assert_eq!(find_date("5-6 مايو 2024"), d(2024, 5, 6));
        assert_eq!(find_date("في 28 من مايو 2024"), d(2024, 5, 28));
        assert_eq!(find_date("the 28th of May 2024"), d(2024, 5, 28));
    }

    #[test]
    fn every_month_name_of_every_region() {
        let names = [
            ("يناير", 1),
            ("فبراير", 2),
            ("مارس", 3),
            ("أبريل", 4),
            ("مايو", 5),
            ("يونيو", 6),
            ("يوليو", 7),
            ("أغسطس", 8),
            ("سبتمبر", 9),
            ("أكتوبر", 10),
            ("نوفمبر", 11),
            ("ديسمبر", 12),
            ("كانون الثاني", 1),
            ("شباط", 2),
            ("آذار", 3),
            ("نيسان", 4),
            ("أيار", 5),
            ("حزيران", 6),
            ("تموز", 7),
            ("آب", 8),
            ("أيلول", 9),
            ("تشرين الأول", 10),
            ("تشرين الثاني", 11),
            ("كانون الأول", 12),
            ("ماي", 5),
            ("يوليوز", 7),
            ("غشت", 8),
            ("شتنبر", 9),
            ("نونبر", 11),
            ("دجنبر", 12),
            ("جانفي", 1),
            ("فيفري", 2),
            ("أفريل", 4),
            ("جوان", 6),
            ("جويلية", 7),
            ("أوت", 8),
        ];
        for (name, month) in names {
            assert_eq!(
                find_date(&format!("في 9 {name} 2023")),
                d(2023, month, 9),
                "{name}"
            );
        }
    }

    #[test]
    fn hijri_numeric_and_two_digit_years_are_not_taken() {
        assert_eq!(find_date("1445/05/15"), None);
        assert_eq!(find_date("28/05/24"), None);
        assert_eq!(find_date("15 ذو القعدة 1445 هـ"), None);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "28",
        "5",
        "2024",
        "1445",
        "31",
        "٢٠٢٤",
        "مايو",
        "ماي",
        "كانون",
        "الثاني",
        "تموز",
        "/",
        "يوليو",
        "-",
        ".",
        ":",
        "،",
        ",",
        "th",
        "May",
        "هـ",
        "م",
        "عام",
        " ",
        " ",
        "الموافق",
        "T10",
        "+03:00",
        "0",
        "99",
        "فبراير",
    ];

    proptest! {
        #[test]
        fn any_text_gives_a_valid_date_or_none(
            parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
            noise in any::<String>(),
        ) {
            let text = parts.concat() + &noise;
            if let Some(d) = find_date(&text) {
                prop_assert!((1900..=2100).contains(&d.year()));
            }
            let _ = parse_date_value(&text);
            let _ = labelled_date(&text);
        }
    }
}
