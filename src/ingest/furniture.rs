//! Page furniture: lines that are never part of an article, whatever page they come from.
//!
//! Each test here looks at one line on its own: menus and labels from
//! `data/boilerplate.txt`, share bars, bare links, separators, photo credits, wire end
//! markers, clock times, tag lines, link footers, masthead and edition lines. Where the
//! article is in a page (runs of short lines, repeated lines) is decided in `clean`.

use std::cell::RefCell;

use crate::text::lexicon;
use crate::text::{collapse_spaces_into, is_word_char, normalize, normalize_into, ws_words};

/// Normalised for matching: [`normalize`], spaces collapsed, punctuation and symbols
/// trimmed from both ends.
pub(super) fn norm_line(line: &str) -> String {
    let mut out = String::new();
    collapse_into(&normalize(line), &mut out);
    out
}

/// [`norm_line`] of a [`normalize`]d line, into `out` (cleared first).
fn collapse_into(normalized: &str, out: &mut String) {
    out.clear();
    collapse_spaces_into(normalized.trim_matches(|c: char| !is_word_char(c)), out);
}

/// Call `f` with a cleared buffer of this thread, reused from call to call: lines are
/// classified without allocating. Calls may nest (each takes its own buffer).
fn with_buffer<R>(f: impl FnOnce(&mut String) -> R) -> R {
    thread_local! {
        static POOL: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }
    let mut buf = POOL.with_borrow_mut(Vec::pop).unwrap_or_default();
    buf.clear();
    let r = f(&mut buf);
    // A huge line's buffer is not kept.
    if buf.capacity() <= 1 << 16 {
        POOL.with_borrow_mut(|p| p.push(buf));
    }
    r
}

/// Call `f` with `line` [`normalize`]d and with its [`norm_line`], made in reused buffers.
fn with_normalised<R>(line: &str, f: impl FnOnce(&str, &str) -> R) -> R {
    with_buffer(|raw| {
        normalize_into(line, raw);
        with_buffer(|norm| {
            collapse_into(raw, norm);
            f(raw, norm)
        })
    })
}

/// Call `f` with [`norm_line`] of `line`, made in reused buffers.
pub(super) fn with_norm_line<R>(line: &str, f: impl FnOnce(&str) -> R) -> R {
    with_normalised(line, |_, norm| f(norm))
}

/// The number of whitespace-separated words of `line`, counted up to `cap`: a threshold
/// test need not count a long line to its end.
pub(super) fn words_up_to(line: &str, cap: usize) -> usize {
    ws_words(line).take(cap).count()
}

/// Whether `line` has at most `n` words (counted no further than the one past `n`).
pub(super) fn at_most_words(line: &str, n: usize) -> bool {
    words_up_to(line, n + 1) <= n
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
    if !at_most_words(line, 14) {
        return false;
    }
    with_normalised(line, |raw, norm| {
        markers.iter().any(|m| starts_with_marker(norm, raw, m))
    })
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
    let trimmed = line.trim();
    // The line normalised once ([`normalize`], and [`norm_line`] of it), in reused buffers.
    with_normalised(trimmed, |raw, norm| {
        if line.len() == trimmed.len() {
            furniture(trimmed, raw, norm)
        } else {
            with_norm_line(line, |norm| furniture(trimmed, raw, norm))
        }
    })
}

/// [`is_furniture`] of a trimmed line, its [`normalize`]d form and its [`norm_line`].
fn furniture(trimmed: &str, raw: &str, norm: &str) -> bool {
    let bp = lexicon::boilerplate();
    if norm.is_empty() {
        // Only punctuation or symbols ("***", "_____", "|", "»").
        return !trimmed.is_empty();
    }
    if bp.line.contains(norm) || bp.prefix.iter().any(|p| norm.starts_with(p.as_str())) {
        return true;
    }
    if !trimmed.contains(char::is_whitespace) && is_url(trimmed) {
        return true;
    }
    // Every test below asks at most whether there are more than 60 words.
    let words = words_up_to(trimmed, 61);
    is_messenger_invite(trimmed, words)
        || is_caption(trimmed, words)
        || is_menu_row(trimmed)
        || is_notice(trimmed, raw, words)
        || is_share_bar(norm)
        || is_credit_or_wire(trimmed, raw, norm, words)
        || is_counter_or_clock(norm)
}

/// "الرئيسية | فيديو | العالم | اقتصاد": three or more short items between bars or bullets.
fn is_menu_row(trimmed: &str) -> bool {
    ['|', '•', '·'].into_iter().any(|sep| {
        trimmed.matches(sep).nth(1).is_some()
            && trimmed
                .split(sep)
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .all(|i| at_most_words(i, 6))
    })
}

/// A copyright notice, a disclaimer, a cookie or newsletter box: a `[contains]` phrase
/// anywhere in a line that is not long, or a line opening with "©".
fn is_notice(trimmed: &str, raw: &str, words: usize) -> bool {
    if trimmed.starts_with('©') || words > 60 {
        return words <= 25 && trimmed.starts_with('©');
    }
    lexicon::boilerplate().contains_any.is_match(raw)
}

/// A photo caption: a short line closed by a bracket that credits a picture, "عمال في
/// الميناء (أرشيف)", "مقر الاتحاد (صورة أرشيفية)", "(تصوير: …)", "(Getty)".
fn is_caption(trimmed: &str, words: usize) -> bool {
    let Some(inner) = trimmed
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .map(|(_, inner)| normalize(inner))
    else {
        return false;
    };
    words <= 30
        && ["ارشيف", "صوره", "تصوير", "getty", "afp", "الصور"]
            .iter()
            .any(|w| inner.contains(w))
}

/// A short line with a Telegram or WhatsApp link.
fn is_messenger_invite(trimmed: &str, words: usize) -> bool {
    // Every link looked for has a '/', which no character lower-cases to.
    if words > 20 || !trimmed.contains('/') {
        return false;
    }
    let lower = trimmed.to_lowercase();
    ["t.me/", "telegram.me/", "wa.me/", "whatsapp.com/"]
        .iter()
        .any(|h| lower.contains(h))
}

/// Every word names a network or a share action.
fn is_share_bar(norm: &str) -> bool {
    let share = &lexicon::boilerplate().share;
    let mut words = 0;
    for w in norm
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '/' | '•' | '·' | '-'))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if words > 12 || !share.contains(w) {
            return false;
        }
    }
    words > 0
}

/// Photo credits, wire end markers, tag lines, link footers, masthead and edition lines:
/// a short line opening with one of the `[credit]` words of the lexicon.
fn is_credit_or_wire(trimmed: &str, raw: &str, norm: &str, words: usize) -> bool {
    if trimmed.starts_with("//") || trimmed.ends_with("//") {
        return words <= 12;
    }
    words <= 16
        && lexicon::boilerplate().credit.iter().any(|c| {
            // "رابط الخبر بصحيفة المدى: …": the label ends at a colon within a few words.
            let labelled = raw.strip_prefix(c.as_str()).is_some_and(|r| {
                r.trim_start().starts_with([':', '-', '|', '–', '/'])
                    || r.split_once(':')
                        .is_some_and(|(head, _)| at_most_words(head, 3))
            });
            let bare = norm
                .strip_prefix(c.as_str())
                .is_some_and(|r| r.is_empty() || (r.starts_with(' ') && words <= 5));
            labelled || (bare && !ends_like_sentence(trimmed))
        })
}

/// "0", "2min", "12:42", "14:32 ت م", "1.2K": counters and clock times.
fn is_counter_or_clock(norm: &str) -> bool {
    if norm.split_whitespace().nth(4).is_some() {
        return false;
    }
    let words: Vec<&str> = norm.split_whitespace().collect();
    if words.is_empty() {
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
    at_most_words(line, 10) && marker_in(line, &lexicon::boilerplate().breadcrumb)
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
