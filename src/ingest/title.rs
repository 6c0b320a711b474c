//! Which line of a page is its headline.
//!
//! A headline is a short line near the top that is not navigation, a date or a time, a
//! masthead, an edition or a section label, a byline or a dateline. ".." and
//! abbreviations ("د.") inside it do not end it; a line that is a whole sentence of a
//! lede (long, closed by a full stop) or several sentences is not a headline. When no line
//! qualifies there is no title, and the lede stays in the body.

use super::dateline;
use super::dates;
use super::furniture::{at_most_words, is_breadcrumb, is_furniture, norm_line, words_up_to};
use crate::text::lexicon;

/// Could this line be a headline?
pub(super) fn is_headline(line: &str) -> bool {
    let t = line.trim();
    let words = words_up_to(t, 31);
    if !(3..=30).contains(&words) || t.chars().count() > 250 {
        return false;
    }
    if is_furniture(t) || is_breadcrumb(t) || dateline::is_byline(t) || opens_with_home(t) {
        return false;
    }
    if dateline::dateline(t).is_some() || dateline::source_line(t).is_some() {
        return false;
    }
    if is_date_line(t) || t.ends_with(':') || is_byline_shaped(t) {
        return false;
    }
    !is_lede_sentence(t) && sentence_ends_inside(t) == 0 && letters_share(t) >= 0.5
}

/// "عين اليوم – متابعات", "الدمام: إيمان الخطاف", "متعب الروقي من جدة", "الرياض : واس":
/// a few words on each side of a dash, a colon or "من" — who and where, not what.
pub(super) fn is_byline_shaped(t: &str) -> bool {
    if !at_most_words(t, 6) {
        return false;
    }
    for sep in [" – ", " - ", " — ", ":", " من ", "/", "|"] {
        if let Some((a, b)) = t.split_once(sep) {
            let (a, b) = (words_up_to(a, 4), words_up_to(b, 4));
            if (1..=3).contains(&a) && (1..=3).contains(&b) {
                return true;
            }
        }
    }
    false
}

/// "الرئيسية سياسة اقتصاد مجتمع": a menu that opens with the home link.
fn opens_with_home(t: &str) -> bool {
    let first = norm_line(t).split_whitespace().next().map(str::to_owned);
    first.is_some_and(|w| lexicon::boilerplate().breadcrumb.contains(&w))
}

/// A line made of a date, a time, a weekday or a label with a date: no headline.
pub(super) fn is_date_line(line: &str) -> bool {
    // Only asked whether at most 16.
    let words = words_up_to(line, 17);
    match dates::labelled_date(line) {
        Some((_, Some(_))) if words <= 16 => return true,
        Some((_, None)) if words <= 4 => return true,
        _ => {}
    }
    let Some(first) = dates::find_date(line) else {
        return false;
    };
    // "15 نوفمبر 2021 - 11:12 ص | رام الله": a line that opens with its date.
    let head: Vec<&str> = line.split_whitespace().take(4).collect();
    if words <= 16 && dates::find_date(&head.join(" ")) == Some(first) {
        return true;
    }
    // "الرياض 10 رمضان 1440 هـ الموافق 15 مايو 2019 م واس": a place, then the date.
    let places = lexicon::places();
    if words <= 16
        && line
            .split_whitespace()
            .next()
            .is_some_and(|w| places.contains(&norm_line(w)))
    {
        let second = line.split_whitespace().nth(1).unwrap_or("");
        if second.chars().next().is_some_and(|c| c.is_numeric()) {
            return true;
        }
    }
    // What is left once date words, numbers and separators are gone is at most a few
    // words ("آخر تحديث", "بتوقيت", a weekday).
    let months = lexicon::months();
    let rest = norm_line(line)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| months.starting_with(w).is_empty())
        .count();
    rest <= 4
}

/// A long line closed by a full stop is the opening sentence of a story, not its headline.
fn is_lede_sentence(t: &str) -> bool {
    let closed = t.ends_with('.') && !t.ends_with("..");
    closed && words_up_to(t, 18) >= 18
}

/// Sentence ends inside the line, followed by more words: ". " "؟ " "! " ("..", "…" and
/// an abbreviation's dot such as "د." do not count).
pub(super) fn sentence_ends_inside(t: &str) -> usize {
    let abbr = &lexicon::abbreviations().abbreviations;
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    let mut n = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        if !".!?؟".contains(c) || next != Some(' ') || k + 2 >= chars.len() {
            continue;
        }
        if c == '.' && (prev == Some('.') || prev == Some('.')) {
            continue;
        }
        let word = t[..i].split_whitespace().next_back().unwrap_or("");
        if c == '.' && (word.chars().count() <= 2 || abbr.contains(format!("{word}.").as_str())) {
            continue;
        }
        n += 1;
    }
    n
}

/// Share of letters among the line's non-space characters.
fn letters_share(t: &str) -> f64 {
    let (mut letters, mut all) = (0usize, 0usize);
    for c in t.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters as f64 / all.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_and_what_is_not_one() {
        for line in [
            "عمال الموانئ.. إضراب مفتوح حتى تحقيق المطالب",
            "د. سعاد حسن: البطالة بين الخريجين تتراجع",
            "«العمل» تبدأ المرحلة الثامنة من حماية الأجور",
            "الحكومة ترفع الحد الأدنى للأجور 20%",
        ] {
            assert!(is_headline(line), "{line}");
        }
        for line in [
            "أخبار وطنية",
            "الرئيسية سياسة اقتصاد مجتمع جهات رياضة",
            "الرئيسية > أخبار",
            "الثلاثاء 24 نوفمبر 2026",
            "2026-01-08 | 12:42",
            "آخر تحديث: 3 مايو 2024 - 14:00",
            "رئيس التحرير: فلان الفلاني",
            "الطبعة: العربية",
            "تجاوز إلى المحتوى الرئيسي",
            "بيروت - سانا",
            "كتب: محمد علي",
            "الجزيرة - سعود الشيباني:",
            "عين اليوم – متابعات",
            "الدمام: إيمان الخطاف",
            "متعب الروقي من جدة",
            "أعلنت وزارة العمل اليوم عن برنامج جديد لتشغيل الشباب العاطلين عن العمل في المدن الكبرى والقرى النائية خلال هذا العام.",
            "ارتفعت البطالة. وقال الوزير إن الحكومة ستتحرك.",
        ] {
            assert!(!is_headline(line), "{line}");
        }
    }

    #[test]
    fn date_lines() {
        assert!(is_date_line("الجمعة 8 فيفري 2019"));
        assert!(is_date_line("نشر في 3 مارس 2024"));
        assert!(is_date_line(
            "15 نوفمبر 2021 - 11:12 ص | رام الله - القدس اليوم"
        ));
        assert!(is_date_line(
            "العدد 9421 - الأربعاء 29 أبريل 2026 - الصفحة: اقتصاد (11)"
        ));
        assert!(is_date_line(
            "الرياض 10 رمضان 1440 هـ الموافق 15 مايو 2019 م واس"
        ));
        assert!(!is_date_line(
            "الحكومة تقر زيادة الأجور في 3 مارس 2024 بعد مفاوضات طويلة مع النقابات"
        ));
    }
}
