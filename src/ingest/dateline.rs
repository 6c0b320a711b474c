//! Datelines, bylines, source lines and agency credits: who wrote a report, from where.
//!
//! "بيروت-سانا", "الدمام – واس:", "(دبي - الخليج)", "اليوم (جدة)" on a line of their own,
//! "القاهرة (رويترز) - قال …" opening the first paragraph, "(أ ف ب)" closing the last one,
//! "كتب: محمد علي" above it. A dateline's place must be a known one (`data/places.txt`).

use chrono::NaiveDate;

use super::dates;
use super::furniture::{at_most_words, ends_like_sentence, norm_line};
use crate::text::lexicon;
use crate::text::normalize;

/// A closing credit in brackets, "(أ ف ب)" or "(رويترز)": the agency.
pub(super) fn agency_credit(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    (!inner.is_empty() && at_most_words(inner, 4) && !inner.contains(['(', ')']))
        .then(|| inner.to_owned())
}

/// A byline at the top: "كتب: محمد علي", "بقلم فلان", "إعداد: …".
pub(super) fn is_byline(line: &str) -> bool {
    let norm = normalize(line.trim());
    at_most_words(line, 6)
        && ["كتب", "كتبت", "بقلم", "اعداد", "تقرير", "حوار"]
            .iter()
            .any(|p| {
                norm.strip_prefix(p)
                    .is_some_and(|r| r.starts_with([':', ' ', '：']))
            })
}

/// "المصدر: زنقة 20" → "زنقة 20".
pub(super) fn source_line(line: &str) -> Option<String> {
    let t = line.trim();
    for label in ["المصدر", "مصدر الخبر", "Source", "source"] {
        if let Some(rest) = t.strip_prefix(label) {
            let rest = rest.trim_start();
            if let Some(value) = rest.strip_prefix([':', '：', '-', '–']) {
                let value = value.trim().trim_end_matches(['.', '،', ',']).trim();
                if !value.is_empty() && at_most_words(value, 8) {
                    return Some(value.to_owned());
                }
            }
        }
    }
    None
}

/// "بيروت-سانا" → (سانا, بيروت); "مجلة المغرب تحت المجهر/ الرباط" → (…, الرباط);
/// "زنقة 20 ا الرباط" → (زنقة 20, الرباط). One side must be a known place.
pub(super) fn dateline(line: &str) -> Option<(String, String)> {
    let t = line.trim().trim_end_matches([':', '：']).trim();
    let t = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(t)
        .trim();
    if !at_most_words(t, 8) || ends_like_sentence(t) || t.contains(['،', ',']) {
        return None;
    }
    // "اليوم (جدة)": the paper, then its city in brackets.
    if let Some((a, b)) = t.strip_suffix(')').and_then(|x| x.split_once('('))
        && lexicon::places().contains(&norm_line(b))
        && !a.trim().is_empty()
    {
        return Some((a.trim().to_owned(), b.trim().to_owned()));
    }
    for sep in [" ا ", " | ", "|", "/", " - ", "-", "–", "—"] {
        let Some((a, b)) = t.split_once(sep) else {
            continue;
        };
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let places = lexicon::places();
        if places.contains(&norm_line(a)) {
            // "دمشق-سانا 15 آذار 2024": the agency, without the date after it.
            let source: Vec<&str> = b
                .split_whitespace()
                .take_while(|w| !w.chars().any(|c| c.is_numeric()))
                .collect();
            if source.is_empty() {
                return None;
            }
            return Some((source.join(" "), a.to_owned()));
        }
        if places.contains(&norm_line(b)) {
            return Some((a.to_owned(), b.to_owned()));
        }
    }
    None
}

/// A dateline opening the first paragraph: "جنيف-سانا حذرت …" (سانا, جنيف),
/// "القاهرة (رويترز) - قال …" (رويترز, القاهرة), "الرباط - و م ع: …" (و م ع, الرباط),
/// "لندن ــ في اجتماع …" (no source, لندن). The place must be a known one.
pub(super) fn inline_dateline(line: &str) -> Option<(Option<String>, String)> {
    let t = line.trim_start();
    let places = lexicon::places();
    // The longest known place of up to three words at the start, ending before a dash,
    // a bracket or a space.
    let mut place_end = None;
    // The first six word ends (increasing, so distinct): the scan stops there.
    let ends = t
        .char_indices()
        .filter(|&(_, c)| c.is_whitespace() || "-–—ـ(".contains(c))
        .map(|(i, _)| i)
        // Word ends only: the place is letters up to there.
        .filter(|&i| {
            t[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() && c != 'ـ')
        })
        .take(6);
    for e in ends {
        if places.contains(&norm_line(&t[..e])) {
            place_end = Some(e);
        }
    }
    let e = place_end?;
    let place = t[..e].trim().to_owned();
    let mut rest = t[e..].trim_start();
    // "عمان 12 أيار (بترا) -", "القاهرة في 28 مايو /أ ش أ/": skip the date.
    let months = lexicon::months();
    loop {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let norm = normalize(&rest[..word_end]);
        let filler = norm == "في"
            || (!norm.is_empty() && norm.chars().all(|c| c.is_ascii_digit()))
            || !months.starting_with(&norm).is_empty()
            || norm == "الثاني"
            || norm == "الاول";
        if !filler || word_end == rest.len() {
            break;
        }
        rest = rest[word_end..].trim_start();
    }
    if let Some(inner) = rest.strip_prefix('/')
        && let Some(close) = inner.find('/')
        && at_most_words(&inner[..close], 4)
    {
        return Some((Some(inner[..close].trim().to_owned()), place));
    }
    if let Some(inner) = rest.strip_prefix('(') {
        let close = inner.find(')')?;
        let source = inner[..close].trim();
        return (at_most_words(source, 4) && !source.is_empty())
            .then(|| (Some(source.to_owned()), place));
    }
    let attached = !t[e..].starts_with(char::is_whitespace);
    let after_dash = rest.trim_start_matches(['-', '–', '—', 'ـ']);
    if after_dash.len() == rest.len() {
        return None;
    }
    if attached && !after_dash.starts_with(char::is_whitespace) {
        // "جنيف-سانا حذرت": the word after the dash is the agency.
        let source = after_dash.split_whitespace().next()?;
        return Some((Some(source.trim_end_matches([':', '،']).to_owned()), place));
    }
    // "الرباط - و م ع: …": a short agency name closed by a colon.
    let after = after_dash.trim_start();
    if let Some(colon) = after.find(':')
        && at_most_words(&after[..colon], 4)
        && colon > 0
    {
        return Some((Some(after[..colon].trim().to_owned()), place));
    }
    Some((None, place))
}

/// The date a dateline carries, on its own line ("دمشق-سانا 15 آذار 2024") or opening the
/// first paragraph ("عمّان 3 شباط 2022 (بترا) –").
pub(super) fn dateline_date(line: &str) -> Option<NaiveDate> {
    if dateline(line).is_some() {
        return dates::find_date(line);
    }
    inline_dateline(line)?;
    let head: Vec<&str> = line.split_whitespace().take(6).collect();
    dates::find_date(&head.join(" "))
}

/// A source as found in the text, tidied, or `None` when it names no outlet: a person
/// ("صالح الزهراني", "مراسل …"), a date, a clock time, a number, a credit or an end marker.
pub(super) fn outlet_name(raw: &str) -> Option<String> {
    let first = raw.split(" | ").next().unwrap_or(raw);
    let s = first
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
        .trim();
    if s.is_empty() || !s.chars().any(char::is_alphabetic) || !at_most_words(s, 6) {
        return None;
    }
    if dates::find_date(s).is_some() || s.chars().filter(|c| c.is_numeric()).count() > 2 {
        return None;
    }
    let norm = normalize(s);
    let words: Vec<&str> = norm.split_whitespace().collect();
    let first_word = words[0].trim_start_matches('و');
    let person = words.len() >= 2
        && (lexicon::given_names().contains(first_word) || first_word.starts_with("عبد"));
    let role = [
        "مراسل",
        "محرر",
        "كتب",
        "بقلم",
        "تصوير",
        "اعداد",
        "النهايه",
        "انتهي",
        "خاص",
        "متابعات",
    ]
    .iter()
    .any(|r| norm.starts_with(r));
    (!person && !role).then(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_not_people_dates_or_markers() {
        for (raw, want) in [
            ("واس", Some("واس")),
            ("الوئام :", Some("الوئام")),
            ("«مسقط نيوز» | تصوير: سالم البلوشي", Some("مسقط نيوز")),
            ("سكاي نيوز عربية", Some("سكاي نيوز عربية")),
            ("زنقة 20", Some("زنقة 20")),
            ("صالح الزهراني", None),
            ("عبدالرحمن جمال", None),
            ("مراسل الموقع في جيبوتي", None),
            ("2 ماي 2023", None),
            ("14:32", None),
            ("النهاية", None),
            ("خاص", None),
        ] {
            assert_eq!(outlet_name(raw).as_deref(), want, "{raw}");
        }
    }
}
