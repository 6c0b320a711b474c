//! The boilerplate filter and the metadata found in the text itself.
//!
//! Reads the lines of a scraped article and sorts each one: title, dateline, labelled date,
//! source line, web boilerplate (from `data/boilerplate.txt`), or body. A related-articles
//! marker ends the article. When unsure, a line is kept.

use chrono::NaiveDate;

use super::dates::{self, LabelKind};
use crate::lexicon;
use crate::text::normalize;

/// What the lines of an article turned out to be.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub title: Option<String>,
    /// Body lines in order; blank lines kept so paragraphs stay visible.
    pub body: Vec<String>,
    pub removed: Vec<String>,
    pub source: Option<String>,
    pub place: Option<String>,
    pub labelled_date: Option<(LabelKind, NaiveDate)>,
}

/// Normalised for matching: [`normalize`], spaces collapsed, punctuation and symbols
/// trimmed from both ends.
fn norm_line(line: &str) -> String {
    let n = normalize(line);
    let n = n.trim_matches(|c: char| !c.is_alphanumeric());
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

fn ends_like_sentence(line: &str) -> bool {
    line.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| ".!?؟…»\"”".contains(c))
}

/// Longer than any marker, label, dateline or title: certainly body text.
fn is_long(line: &str) -> bool {
    line.len() > 400 && word_count(line) > 40
}

/// A body paragraph: long enough that it cannot be page furniture.
fn is_paragraph(line: &str) -> bool {
    word_count(line) >= 8
}

/// Does the line start with `marker` as a whole phrase, followed by nothing or by a
/// separator (":" "-" "|")?
fn starts_with_marker(norm: &str, raw_norm: &str, marker: &str) -> bool {
    if norm == marker {
        return true;
    }
    let Some(rest) = raw_norm
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .strip_prefix(marker)
    else {
        return false;
    };
    let rest = rest.trim_start();
    rest.starts_with([':', '-', '|', '–', '—', '»', '>'])
}

fn is_tail_marker(line: &str) -> bool {
    let norm = norm_line(line);
    let raw = normalize(line);
    lexicon::boilerplate()
        .tail
        .iter()
        .any(|m| starts_with_marker(&norm, &raw, m))
}

fn is_url(token: &str) -> bool {
    let t = token.to_ascii_lowercase();
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.")
}

/// Page furniture that is dropped wherever it stands.
fn is_boilerplate(line: &str) -> bool {
    let bp = lexicon::boilerplate();
    let norm = norm_line(line);
    let trimmed = line.trim();
    if norm.is_empty() {
        // Only punctuation or symbols ("***", "|", "»").
        return !trimmed.is_empty();
    }
    if bp.line.contains(&norm) || bp.prefix.iter().any(|p| norm.starts_with(p.as_str())) {
        return true;
    }
    // Bare URL.
    if !trimmed.contains(char::is_whitespace) && is_url(trimmed) {
        return true;
    }
    // A messenger invitation: a short line with a Telegram or WhatsApp link.
    let lower = trimmed.to_lowercase();
    if word_count(trimmed) <= 20
        && ["t.me/", "telegram.me/", "wa.me/", "whatsapp.com/"]
            .iter()
            .any(|h| lower.contains(h))
    {
        return true;
    }
    // A share bar: every word names a network or a share action.
    let words: Vec<&str> = norm
        .split(|c: char| c.is_whitespace() || "|/•·-".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.len() <= 12 && words.iter().all(|w| bp.share.contains(*w))
}

fn is_breadcrumb(line: &str) -> bool {
    let norm = norm_line(line);
    let raw = normalize(line);
    word_count(line) <= 10
        && lexicon::boilerplate()
            .breadcrumb
            .iter()
            .any(|m| starts_with_marker(&norm, &raw, m))
}

/// A closing credit in brackets, "(أ ف ب)" or "(رويترز)": the agency.
fn agency_credit(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    (!inner.is_empty() && word_count(inner) <= 4 && !inner.contains(['(', ')']))
        .then(|| inner.to_owned())
}

/// A byline at the top: "كتب: محمد علي", "بقلم فلان", "إعداد: …".
fn is_byline(line: &str) -> bool {
    let norm = normalize(line.trim());
    word_count(line) <= 6
        && ["كتب", "كتبت", "بقلم", "اعداد", "تقرير", "حوار"]
            .iter()
            .any(|p| {
                norm.strip_prefix(p)
                    .is_some_and(|r| r.starts_with([':', ' ', '：']))
            })
}

/// "المصدر: زنقة 20" → "زنقة 20".
fn source_line(line: &str) -> Option<String> {
    let t = line.trim();
    for label in ["المصدر", "مصدر الخبر", "Source", "source"] {
        if let Some(rest) = t.strip_prefix(label) {
            let rest = rest.trim_start();
            if let Some(value) = rest.strip_prefix([':', '：', '-', '–']) {
                let value = value.trim().trim_end_matches(['.', '،', ',']).trim();
                if !value.is_empty() && word_count(value) <= 8 {
                    return Some(value.to_owned());
                }
            }
        }
    }
    None
}

/// "بيروت-سانا" → (سانا, بيروت); "مجلة المغرب تحت المجهر/ الرباط" → (…, الرباط);
/// "زنقة 20 ا الرباط" → (زنقة 20, الرباط). One side must be a known place.
fn dateline(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    if word_count(t) > 8 || ends_like_sentence(t) || t.contains(['،', ',']) {
        return None;
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
            return Some((b.to_owned(), a.to_owned()));
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
fn inline_dateline(line: &str) -> Option<(Option<String>, String)> {
    let t = line.trim_start();
    let places = lexicon::places();
    // The longest known place of up to three words at the start, ending before a dash,
    // a bracket or a space.
    let mut place_end = None;
    let mut ends: Vec<usize> = t
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
        .collect();
    ends.dedup();
    for &e in ends.iter().take(6) {
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
        && word_count(&inner[..close]) <= 4
    {
        return Some((Some(inner[..close].trim().to_owned()), place));
    }
    if let Some(inner) = rest.strip_prefix('(') {
        let close = inner.find(')')?;
        let source = inner[..close].trim();
        return (word_count(source) <= 4 && !source.is_empty())
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
        && word_count(&after[..colon]) <= 4
        && colon > 0
    {
        return Some((Some(after[..colon].trim().to_owned()), place));
    }
    Some((None, place))
}

/// The first paragraph's dateline, if any, gives the place and (unless known) the source.
fn note_inline_dateline(out: &mut Cleaned, paragraph: &str) {
    if let Some((source, place)) = inline_dateline(paragraph) {
        out.place.get_or_insert(place);
        if out.source.is_none() {
            out.source = source;
        }
    }
}

/// A title: a line of a few words, not a whole paragraph.
fn is_title_like(line: &str) -> bool {
    let words = word_count(line);
    (2..=30).contains(&words) && line.chars().count() <= 250
}

/// Sort the lines of an article. `known_title` is the title from front matter, if any.
pub fn clean(text: &str, known_title: Option<&str>) -> Cleaned {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut out = Cleaned::default();

    // The related-articles tail: from its marker on, nothing belongs to the article.
    let mut cut = lines.len();
    let mut seen_paragraph = false;
    for (i, line) in lines.iter().enumerate() {
        if seen_paragraph && !is_long(line) && is_tail_marker(line) {
            cut = i;
            break;
        }
        seen_paragraph |= is_paragraph(line);
    }

    let mut title = None;
    let known_norm = known_title.map(norm_line);
    let mut in_header = true; // before the first body paragraph
    let mut header_lines = 0usize;
    let mut body: Vec<&str> = Vec::new();
    // Removed lines with their line index, so the list can be given in document order.
    let mut removed: Vec<(usize, String)> = Vec::new();
    let mut body_idx: Vec<usize> = Vec::new();
    for (idx, &line) in lines[..cut].iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            body.push("");
            body_idx.push(idx);
            continue;
        }
        if is_long(trimmed) {
            // Page furniture, markers, date and source lines are short; a long line is
            // body (or, before any paragraph, a body that has no title).
            if in_header {
                in_header = false;
                note_inline_dateline(&mut out, trimmed);
            }
            body.push(line);
            body_idx.push(idx);
            continue;
        }
        if is_boilerplate(trimmed) || is_tail_marker(trimmed) {
            removed.push((idx, trimmed.to_owned()));
            continue;
        }
        // A date line is short: a sentence that merely starts with "بتاريخ" is body.
        if word_count(trimmed) <= 12
            && let Some((kind, date)) = dates::labelled_date(trimmed)
            && (date.is_some() || word_count(trimmed) <= 6)
        {
            if let Some(date) = date
                && out.labelled_date.is_none_or(|(k, _)| kind < k)
            {
                out.labelled_date = Some((kind, date));
            }
            removed.push((idx, trimmed.to_owned()));
            continue;
        }
        if let Some(src) = source_line(trimmed) {
            out.source = Some(src);
            removed.push((idx, trimmed.to_owned()));
            continue;
        }
        if in_header {
            header_lines += 1;
            if header_lines <= 6
                && let Some((source, place)) = dateline(trimmed)
            {
                out.place.get_or_insert(place);
                if out.source.is_none() {
                    out.source = Some(source);
                }
                removed.push((idx, trimmed.to_owned()));
                continue;
            }
            if is_byline(trimmed) {
                removed.push((idx, trimmed.to_owned()));
                continue;
            }
            if title.is_none() && known_title.is_none() {
                if is_breadcrumb(trimmed) || word_count(trimmed) == 1 {
                    removed.push((idx, trimmed.to_owned()));
                    continue;
                }
                if is_title_like(trimmed) && !is_paragraph_run(trimmed) {
                    title = Some(trimmed.to_owned());
                    continue;
                }
            } else if title.is_none() {
                // Front matter gave the title: drop breadcrumbs, labels and its repetition.
                if is_breadcrumb(trimmed)
                    || word_count(trimmed) == 1
                    || known_norm.as_deref() == Some(norm_line(trimmed).as_str())
                {
                    removed.push((idx, trimmed.to_owned()));
                    continue;
                }
            }
            if is_paragraph(trimmed) {
                in_header = false;
                note_inline_dateline(&mut out, trimmed);
            }
        }
        body.push(line);
        body_idx.push(idx);
    }
    for (idx, line) in lines.iter().enumerate().skip(cut) {
        if !line.trim().is_empty() {
            removed.push((idx, line.trim().to_owned()));
        }
    }

    // A byline or sign-off after the last paragraph ("مهند سليمان", "المملكة المغربية").
    while let Some(&last) = body.last() {
        let t = last.trim();
        let idx = body_idx.pop().expect("one index a body line");
        body.pop();
        if t.is_empty() {
            continue;
        }
        let short =
            word_count(t) <= 3 && !ends_like_sentence(t) && !t.chars().any(char::is_numeric);
        let agency = agency_credit(t);
        let paragraph_before = body.iter().any(|l| is_paragraph(l));
        if (short || agency.is_some()) && paragraph_before {
            // "(أ ف ب)", "(رويترز)": the agency the text came from.
            if let Some(a) = agency
                && out.source.is_none()
            {
                out.source = Some(a);
            }
            removed.push((idx, t.to_owned()));
        } else {
            body.push(last);
            body_idx.push(idx);
            break;
        }
    }
    removed.sort_by_key(|(i, _)| *i);
    out.removed = removed.into_iter().map(|(_, l)| l).collect();
    while body.first().is_some_and(|l| l.trim().is_empty()) {
        body.remove(0);
    }
    // Collapse runs of blank lines.
    let mut collapsed: Vec<String> = Vec::new();
    for l in body {
        if l.trim().is_empty() && collapsed.last().is_some_and(|p| p.trim().is_empty()) {
            continue;
        }
        collapsed.push(l.to_owned());
    }
    out.body = collapsed;
    out.title = title;
    out
}

/// A title never ends in the middle of a sentence that runs on: it is not followed on the
/// same line by more sentences.
fn is_paragraph_run(line: &str) -> bool {
    let t = line.trim();
    let inner_ends = t
        .char_indices()
        .filter(|&(i, c)| ".!?؟".contains(c) && i + c.len_utf8() < t.len())
        .filter(|&(i, c)| t[i + c.len_utf8()..].starts_with(' '))
        .count();
    inner_ends >= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARA: &str =
        "بحث وزير العمل اليوم مع ممثلي النقابات سبل تحسين ظروف العمال في القطاع الخاص.";

    #[test]
    fn related_tail_is_cut_with_everything_after_it() {
        let text = format!("عنوان الخبر هنا\n{PARA}\nإقرأ أيضاً:\nخبر آخر عن ليبيا\n{PARA}");
        let c = clean(&text, None);
        assert_eq!(c.title.as_deref(), Some("عنوان الخبر هنا"));
        assert_eq!(c.body, vec![PARA.to_string()]);
        assert_eq!(c.removed, vec!["إقرأ أيضاً:", "خبر آخر عن ليبيا", PARA]);
    }

    #[test]
    fn tail_marker_with_a_headline_on_the_same_line() {
        let text = format!("{PARA}\nاقرأ أيضا: البطالة ترتفع في المنطقة");
        let c = clean(&text, Some("عنوان"));
        assert_eq!(c.body, vec![PARA.to_string()]);
    }

    #[test]
    fn marker_words_inside_a_sentence_do_not_cut() {
        let line = "انظر أيضا كيف تطورت الأجور خلال عشر سنوات في المنطقة العربية كلها.";
        let text = format!("عنوان الخبر هنا\n{PARA}\n{line}");
        let c = clean(&text, None);
        assert_eq!(c.body.len(), 2);
    }

    #[test]
    fn breadcrumbs_labels_comment_forms_and_share_lines_are_dropped() {
        let text = format!(
            "الرئيسية > أخبار > اقتصاد\nمقدمة\nعنوان الخبر هنا\nفيسبوك تويتر واتساب\n{PARA}\n\
شارك هذا المقال\nاترك تعليقاً\nلن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *\n\
https://example.com/x\nمتابعة أخبار سانا على تلغرام https://t.me/SyrianArabNewsAgency\nزر الذهاب إلى الأعلى\n{PARA}"
        );
        let c = clean(&text, None);
        assert_eq!(c.title.as_deref(), Some("عنوان الخبر هنا"));
        assert_eq!(c.body, vec![PARA.to_string(), PARA.to_string()]);
        assert_eq!(c.removed.len(), 9, "{:#?}", c.removed);
    }

    #[test]
    fn datelines_give_source_and_place() {
        for (line, source, place) in [
            ("بيروت-سانا", "سانا", "بيروت"),
            ("زنقة 20 ا الرباط", "زنقة 20", "الرباط"),
            (
                "مجلة المغرب تحت المجهر/ الرباط",
                "مجلة المغرب تحت المجهر",
                "الرباط",
            ),
            ("القاهرة - أ ش أ", "أ ش أ", "القاهرة"),
        ] {
            let c = clean(&format!("عنوان الخبر هنا\n{line}\n{PARA}"), None);
            assert_eq!(c.source.as_deref(), Some(source), "{line}");
            assert_eq!(c.place.as_deref(), Some(place), "{line}");
            assert_eq!(c.body, vec![PARA.to_string()]);
        }
    }

    #[test]
    fn source_line_wins_over_dateline() {
        let c = clean(
            &format!("عنوان الخبر هنا\nبيروت-سانا\n{PARA}\nالمصدر: وكالة الأنباء"),
            None,
        );
        assert_eq!(c.source.as_deref(), Some("وكالة الأنباء"));
    }

    #[test]
    fn labelled_date_prefers_publication_over_update() {
        let text =
            format!("عنوان الخبر هنا\nآخر تحديث: 30 مايو 2024\nتاريخ النشر: 28 مايو 2024\n{PARA}");
        let c = clean(&text, None);
        let (kind, date) = c.labelled_date.unwrap();
        assert_eq!(kind, LabelKind::Published);
        assert_eq!(date.to_string(), "2024-05-28");
    }

    #[test]
    fn long_first_line_is_body_not_title() {
        let long = PARA.repeat(3);
        let c = clean(&format!("مقدمة\n{long}"), None);
        assert_eq!(c.title, None);
        assert_eq!(c.removed, vec!["مقدمة"]);
        assert_eq!(c.body, vec![long]);
    }

    #[test]
    fn byline_after_the_last_paragraph_is_dropped_but_a_real_sentence_is_kept() {
        let c = clean(&format!("عنوان الخبر هنا\n{PARA}\nمهند سليمان"), None);
        assert_eq!(c.removed, vec!["مهند سليمان"]);
        let c = clean(
            &format!("عنوان الخبر هنا\n{PARA}\nوانتهى الاجتماع مساء."),
            None,
        );
        assert!(c.removed.is_empty());
    }

    #[test]
    fn datelines_opening_the_first_paragraph() {
        for (para, source, place) in [
            (
                "جنيف-سانا حذرت الأمم المتحدة اليوم من تباطؤ حاد بسوق العمل في العالم.",
                Some("سانا"),
                "جنيف",
            ),
            (
                "القاهرة (رويترز) - قال وزير العمل إن الحكومة سترفع الحد الأدنى للأجور.",
                Some("رويترز"),
                "القاهرة",
            ),
            (
                "الرباط - و م ع: أعلنت وزارة الشغل اليوم عن برنامج جديد لتشغيل الشباب.",
                Some("و م ع"),
                "الرباط",
            ),
            (
                "لندن ــ في اجتماع صندوق النقد الدولي الأخير ناقش الوزراء سوق العمل.",
                None,
                "لندن",
            ),
        ] {
            let c = clean(&format!("عنوان الخبر هنا\n{para}"), None);
            assert_eq!(c.source.as_deref(), source, "{para}");
            assert_eq!(c.place.as_deref(), Some(place), "{para}");
            assert_eq!(c.body, vec![para.to_string()], "the sentence is kept whole");
        }
        // A paragraph that merely starts with a place name is no dateline.
        let c = clean(
            "عنوان الخبر هنا\nبيروت مدينة كبيرة يعمل فيها آلاف العمال في قطاع الخدمات.",
            None,
        );
        assert_eq!(c.place, None);
    }

    #[test]
    fn bylines_and_agency_credits() {
        let c = clean(
            &format!("عنوان الخبر هنا\nكتب: محمد علي\n{PARA}\n(أ ف ب)"),
            None,
        );
        assert_eq!(c.removed, vec!["كتب: محمد علي", "(أ ف ب)"]);
        assert_eq!(c.source.as_deref(), Some("أ ف ب"));
        assert_eq!(c.body, vec![PARA.to_string()]);
        // A sentence that starts with "بتاريخ" stays in the body.
        let s = "بتاريخ 12 مارس 2020 أعلنت الوزارة عن خطة لتشغيل الشباب في المدن الكبرى والقرى.";
        let c = clean(&format!("عنوان الخبر هنا\n{PARA}\n{s}"), None);
        assert_eq!(c.body.len(), 2);
        assert!(c.labelled_date.is_none());
    }
}
