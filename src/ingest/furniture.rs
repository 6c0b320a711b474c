//! Page furniture: lines that are never part of an article, whatever page they come from.
//!
//! Each test here looks at one line on its own: menus and labels from
//! `data/boilerplate.txt`, share bars, bare links, separators, photo credits, wire end
//! markers, clock times, tag lines, link footers, masthead and edition lines. Where the
//! article is in a page (runs of short lines, repeated lines) is decided in `clean`.

use crate::text::lexicon;
use crate::text::normalize;

/// Normalised for matching: [`normalize`], spaces collapsed, punctuation and symbols
/// trimmed from both ends.
pub(super) fn norm_line(line: &str) -> String {
    let n = normalize(line);
    let n = n.trim_matches(|c: char| !c.is_alphanumeric());
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// Ends with a mark that closes a sentence (an ellipsis "..", "…" does not).
pub(super) fn ends_like_sentence(line: &str) -> bool {
    let t = line.trim_end();
    if t.ends_with("..") {
        return false;
    }
    t.chars()
        .next_back()
        .is_some_and(|c| ".!?؟»\"”".contains(c))
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
    rest.trim_start()
        .starts_with([':', '-', '|', '–', '—', '»', '>', '('])
}

fn marker_in(line: &str, markers: &[String]) -> bool {
    if word_count(line) > 14 {
        return false;
    }
    let norm = norm_line(line);
    let raw = normalize(line);
    markers.iter().any(|m| starts_with_marker(&norm, &raw, m))
}

/// "مقالات ذات صلة", "الأكثر قراءة", "التعليقات": the article is over.
pub(super) fn is_tail_marker(line: &str) -> bool {
    marker_in(line, &lexicon::boilerplate().tail)
}

/// "اقرأ أيضا: …": a box that may stand inside an article as well as after it.
pub(super) fn is_aside_marker(line: &str) -> bool {
    marker_in(line, &lexicon::boilerplate().aside)
}

fn is_url(token: &str) -> bool {
    let t = token.to_ascii_lowercase();
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.")
}

/// Page furniture that is dropped wherever it stands.
pub(super) fn is_furniture(line: &str) -> bool {
    let bp = lexicon::boilerplate();
    let norm = norm_line(line);
    let trimmed = line.trim();
    if norm.is_empty() {
        // Only punctuation or symbols ("***", "_____", "|", "»").
        return !trimmed.is_empty();
    }
    if bp.line.contains(&norm) || bp.prefix.iter().any(|p| norm.starts_with(p.as_str())) {
        return true;
    }
    if !trimmed.contains(char::is_whitespace) && is_url(trimmed) {
        return true;
    }
    is_messenger_invite(trimmed)
        || is_caption(trimmed)
        || is_menu_row(trimmed)
        || is_notice(trimmed)
        || is_share_bar(&norm)
        || is_credit_or_wire(trimmed, &norm)
        || is_counter_or_clock(&norm)
}

/// "الرئيسية | فيديو | العالم | اقتصاد": three or more short items between bars or bullets.
fn is_menu_row(trimmed: &str) -> bool {
    for sep in ['|', '•', '·'] {
        let items: Vec<&str> = trimmed
            .split(sep)
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        if trimmed.matches(sep).count() >= 2 && items.iter().all(|i| word_count(i) <= 6) {
            return true;
        }
    }
    false
}

/// A copyright notice, a disclaimer, a cookie or newsletter box: a `[contains]` phrase
/// anywhere in a line that is not long, or a line opening with "©".
fn is_notice(trimmed: &str) -> bool {
    if trimmed.starts_with('©') || word_count(trimmed) > 60 {
        return word_count(trimmed) <= 25 && trimmed.starts_with('©');
    }
    let raw = normalize(trimmed);
    lexicon::boilerplate()
        .contains
        .iter()
        .any(|p| raw.contains(p.as_str()))
}

/// A photo caption: a short line closed by a bracket that credits a picture, "عمال في
/// الميناء (أرشيف)", "مقر الاتحاد (صورة أرشيفية)", "(تصوير: …)", "(Getty)".
fn is_caption(trimmed: &str) -> bool {
    let Some(inner) = trimmed
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .map(|(_, inner)| normalize(inner))
    else {
        return false;
    };
    word_count(trimmed) <= 30
        && ["ارشيف", "صوره", "تصوير", "getty", "afp", "الصور"]
            .iter()
            .any(|w| inner.contains(w))
}

/// A short line with a Telegram or WhatsApp link.
fn is_messenger_invite(trimmed: &str) -> bool {
    let lower = trimmed.to_lowercase();
    word_count(trimmed) <= 20
        && ["t.me/", "telegram.me/", "wa.me/", "whatsapp.com/"]
            .iter()
            .any(|h| lower.contains(h))
}

/// Every word names a network or a share action.
fn is_share_bar(norm: &str) -> bool {
    let share = &lexicon::boilerplate().share;
    let words: Vec<&str> = norm
        .split(|c: char| c.is_whitespace() || "|/•·-".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.len() <= 12 && words.iter().all(|w| share.contains(*w))
}

/// Photo credits, wire end markers, tag lines, link footers, masthead and edition lines:
/// a short line opening with one of the `[credit]` words of the lexicon.
fn is_credit_or_wire(trimmed: &str, norm: &str) -> bool {
    if trimmed.starts_with("//") || trimmed.ends_with("//") {
        return word_count(trimmed) <= 12;
    }
    let words = word_count(trimmed);
    let raw = normalize(trimmed);
    words <= 16
        && lexicon::boilerplate().credit.iter().any(|c| {
            // "رابط الخبر بصحيفة المدى: …": the label ends at a colon within a few words.
            let labelled = raw.strip_prefix(c.as_str()).is_some_and(|r| {
                r.trim_start().starts_with([':', '-', '|', '–', '/'])
                    || r.split_once(':')
                        .is_some_and(|(head, _)| word_count(head) <= 3)
            });
            let bare = norm
                .strip_prefix(c.as_str())
                .is_some_and(|r| r.is_empty() || (r.starts_with(' ') && words <= 5));
            labelled || (bare && !ends_like_sentence(trimmed))
        })
}

/// "0", "2min", "12:42", "14:32 ت م", "1.2K": counters and clock times.
fn is_counter_or_clock(norm: &str) -> bool {
    let words: Vec<&str> = norm.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    let numeric = |w: &&str| {
        w.chars().any(|c| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || ":.,".contains(c))
    };
    let first_numeric = numeric(&words[0]);
    let rest_short = words[1..]
        .iter()
        .all(|w| w.chars().count() <= 3 || numeric(w));
    first_numeric && rest_short && words.iter().filter(|w| !numeric(w)).count() <= 2
}

/// A breadcrumb or section trail before the headline: "الرئيسية > أخبار".
pub(super) fn is_breadcrumb(line: &str) -> bool {
    word_count(line) <= 10 && marker_in(line, &lexicon::boilerplate().breadcrumb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        for line in [
            "_____",
            "-----",
            "***",
            "فيسبوك تويتر واتساب",
            "https://example.com/x",
            "تصوير: أحمد محمد",
            "// انتهى //",
            "14:32 ت م",
            "0",
            "2min",
            "سمات: العمل، الأجور",
            "رابط الخبر بصحيفة المدى: قانون العمل الجديد",
            "رئيس التحرير: فلان الفلاني",
            "الطبعة: العربية",
            "اترك تعليقاً",
            "جميع الحقوق محفوظة © 2024",
            "عمال أجانب ينتظرون فرص عمل في أحد الشوارع (أرشيف)",
            "مقر الاتحاد العام للشغل (صورة أرشيفية)",
            "الرئيسية | أخبار | اقتصاد | رياضة",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "أعلنت وزارة العمل اليوم عن برنامج جديد.",
            "الحد الأدنى للأجور",
            "12 مليون عامل",
            "تصويرية الأرقام تكشف حجم البطالة في البلاد.",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn markers() {
        assert!(is_tail_marker("مقالات ذات صلة"));
        assert!(is_tail_marker("الأكثر قراءة"));
        assert!(is_tail_marker("التعليقات (3)"));
        assert!(is_aside_marker("اقرأ أيضاً: البطالة ترتفع"));
        assert!(!is_tail_marker(
            "الأكثر قراءة بين الشباب هي الكتب التي تتحدث عن العمل والهجرة والبطالة في المنطقة."
        ));
        assert!(is_breadcrumb("الرئيسية > أخبار > اقتصاد"));
        assert!(ends_like_sentence("انتهى الاجتماع."));
        assert!(!ends_like_sentence("عمال الموانئ.."));
    }
}
