//! Finding the article inside what a scraper saved.
//!
//! A page flattened to text is mostly furniture: menus, headline lists, widgets, footers.
//! The article is the dense run of prose under the headline. This module sorts the lines:
//! 1. each line on its own: furniture (`furniture`), a line seen in many files of the same
//!    folder, prose, or a short line;
//! 2. the body is the run of lines with the most prose once furniture and short lines
//!    count against it (a maximum-sum segment), cut at a related-content marker;
//! 3. above the body, the header: the headline (`title`), and between it and the body the
//!    date line, dateline, byline and source line;
//! 4. inside the body, lines that are never sentences (credits, datelines, runs of
//!    headline-like lines, "read also" boxes) go too.
//!
//! Every dropped line is listed in `removed`, in document order.

use chrono::NaiveDate;

use super::DateFrom;
use super::dateline::{self, agency_credit, inline_dateline, is_byline, source_line};
use super::dates::{self, LabelKind};
use super::furniture::{
    at_most_words, ends_like_sentence, is_aside_marker, is_breadcrumb, is_furniture,
    is_tail_marker, norm_line, with_norm_line, words_up_to,
};
use super::title::{is_byline_shaped, is_date_line, is_headline};

/// What the lines of an article turned out to be.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub title: Option<String>,
    /// Body lines in order; blank lines kept so paragraphs stay visible.
    pub body: Vec<String>,
    pub removed: Vec<String>,
    pub source: Option<String>,
    pub place: Option<String>,
    /// The report's own date, from the header zone or an anchored lede, and its rule.
    pub header_date: Option<(NaiveDate, DateFrom)>,
}

/// Lines that many files of one folder share (menus, footers): furniture of the site.
pub trait SiteLines {
    fn is_site_line(&self, line: &str) -> bool;
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Blank,
    Junk,
    Short,
    Prose,
}

/// A body paragraph: long enough, and shaped like prose, that it cannot be a menu item or
/// a headline in a list.
fn is_prose(line: &str) -> bool {
    let words = words_up_to(line, 16);
    let punctuated = ends_like_sentence(line) || line.contains(['،', '؛', ',']);
    words >= 16 || (words >= 8 && punctuated)
}

fn classify(line: &str, site: Option<&dyn SiteLines>) -> Kind {
    let t = line.trim();
    if t.is_empty() {
        Kind::Blank
    } else if is_furniture(t) || site.is_some_and(|s| s.is_site_line(t)) {
        Kind::Junk
    } else if is_prose(t) {
        Kind::Prose
    } else {
        Kind::Short
    }
}

/// The weight of a line in the search for the body: prose counts for its length, short
/// lines and furniture against it.
fn weight(kind: Kind, line: &str) -> i64 {
    let chars = line.chars().count() as i64;
    match kind {
        Kind::Blank => 0,
        Kind::Prose => chars,
        Kind::Short => -(20 + chars / 3),
        Kind::Junk => -(30 + chars / 2),
    }
}

/// The first and last line of the maximum-weight run (Kadane); `None` without prose.
fn body_span(lines: &[&str], kinds: &[Kind]) -> Option<(usize, usize)> {
    let (mut best, mut best_span) = (0i64, None);
    let (mut sum, mut start) = (0i64, 0usize);
    for (i, (&line, &kind)) in lines.iter().zip(kinds).enumerate() {
        if sum <= 0 {
            sum = 0;
            start = i;
        }
        sum += weight(kind, line);
        if kind == Kind::Prose && sum > best {
            best = sum;
            best_span = Some((start, i));
        }
    }
    // Start on the first line that is not blank or furniture.
    best_span.map(|(s, e)| {
        let s = (s..=e).find(|&i| kinds[i] != Kind::Blank).unwrap_or(s);
        (s, e)
    })
}

/// A list item: a line opening with a bullet or a number ("- …", "• …", "1. …", "2) …").
fn is_bulleted(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with(['-', '•', '*', '–', '·', '▪', '◦']) {
        return true;
    }
    let digits = t.chars().take_while(|c| c.is_numeric()).count();
    digits > 0
        && digits <= 2
        && t.chars()
            .nth(digits)
            .is_some_and(|c| matches!(c, '.' | ')' | '-'))
}

/// The article's lists: the short lines between two paragraphs are the article's own when
/// the paragraph before introduces them (it ends with ":") or each opens with a bullet or a
/// number. The body's run is widened over such lists, on both sides, to the paragraphs
/// beyond them.
fn widen(lines: &[&str], kinds: &[Kind], start: usize, end: usize) -> (usize, usize) {
    // `gap`: the non-blank lines between two paragraphs, in document order; `before`: the
    // paragraph above them.
    let is_list = |gap: &[usize], before: usize| -> bool {
        let colon = |i: usize| lines[i].trim_end().ends_with([':', '：']);
        let items_only = gap.iter().all(|&i| {
            kinds[i] == Kind::Short && !is_tail_marker(lines[i]) && !is_aside_marker(lines[i])
        });
        let introduced = colon(before) || gap.first().is_some_and(|&g| colon(g));
        !gap.is_empty()
            && gap.len() <= 12
            && items_only
            && (introduced || gap.iter().all(|&i| is_bulleted(lines[i])))
    };
    let gap_between = |a: usize, b: usize| -> Vec<usize> {
        (a + 1..b).filter(|&i| kinds[i] != Kind::Blank).collect()
    };
    let (mut start, mut end) = (start, end);
    while let Some(p) = (0..start).rev().find(|&i| kinds[i] == Kind::Prose) {
        if !is_list(&gap_between(p, start), p) {
            break;
        }
        // The paragraphs right above the list join the body too.
        start = (0..=p)
            .rev()
            .take_while(|&i| matches!(kinds[i], Kind::Prose | Kind::Blank))
            .filter(|&i| kinds[i] == Kind::Prose)
            .last()
            .unwrap_or(p);
    }
    while let Some(q) = (end + 1..lines.len()).find(|&i| kinds[i] == Kind::Prose) {
        if !is_list(&gap_between(end, q), end) {
            break;
        }
        end = (q..lines.len())
            .take_while(|&i| matches!(kinds[i], Kind::Prose | Kind::Blank))
            .filter(|&i| kinds[i] == Kind::Prose)
            .last()
            .unwrap_or(q);
    }
    (start, end)
}

/// Sort the lines of an article. `known_title` is the title from metadata, if any;
/// `site` tells which lines the other files of the folder share.
pub fn clean(text: &str, known_title: Option<&str>, site: Option<&dyn SiteLines>) -> Cleaned {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let kinds: Vec<Kind> = lines.iter().map(|l| classify(l, site)).collect();
    let mut sorter = Sorter {
        out: Cleaned::default(),
        removed: Vec::new(),
        known: known_title.map(norm_line),
    };
    let Some((start, end)) = body_span(&lines, &kinds) else {
        return sorter.without_prose(&lines, &kinds, known_title.is_none());
    };
    let (start, end) = widen(&lines, &kinds, start, end);
    let (start, title_at) = sorter.header(&lines, start, known_title.is_none());
    let end = sorter.body_end(&lines, &kinds, start, end);
    let body = sorter.body(&lines, &kinds, start, end);
    sorter.after_body(&lines, end);
    for (i, line) in lines.iter().enumerate() {
        let outside = i < start || i > end;
        if outside && Some(i) != title_at && !line.trim().is_empty() {
            sorter.removed.push((i, line.trim().to_owned()));
        }
    }
    sorter.finish(body)
}

struct Sorter {
    out: Cleaned,
    removed: Vec<(usize, String)>,
    known: Option<String>,
}

impl Sorter {
    /// Walk up from the body's first line: date lines, datelines and bylines between the
    /// headline and the body give metadata; the headline is the best of the lines above
    /// that can be one ([`pick_title`]). A headline the span took in (a question, a long
    /// headline) is found at its start. Returns where the body starts and the title's line.
    fn header(&mut self, lines: &[&str], start: usize, find_title: bool) -> (usize, Option<usize>) {
        let mut start = start;
        let mut title_at = None;
        loop {
            let more_prose = || lines[start + 1..].iter().any(|l| is_prose(l));
            if start >= lines.len() {
                break;
            } else if self.header_line(lines[start]) || self.is_known_title(lines[start]) {
                start += 1;
            } else if find_title
                && title_at.is_none()
                && opens_as_headline(lines, start)
                && more_prose()
            {
                title_at = Some(start);
                start += 1;
            } else {
                break;
            }
        }
        let mut candidates = Vec::new();
        let mut seen = 0;
        for i in (0..title_at.unwrap_or(start)).rev() {
            let t = lines[i].trim();
            if t.is_empty() {
                continue;
            }
            seen += 1;
            if seen > 12 || self.is_known_title(t) {
                break; // Lines above the headline are the masthead's.
            }
            if header_meta(t).is_some() {
                continue;
            }
            if find_title && title_at.is_none() && is_headline(t) {
                candidates.push(i);
            }
        }
        if title_at.is_none() {
            title_at = pick_title(lines, &candidates, start);
        }
        if let Some(i) = title_at {
            self.out.title = Some(lines[i].trim().to_owned());
        }
        // With a known title, its line on the page is where the header starts.
        let header_top = title_at.or_else(|| {
            (0..start)
                .rev()
                .take(16)
                .find(|&i| self.is_known_title(lines[i]))
        });
        self.header_metadata(lines, header_top, start);
        (start, title_at)
    }

    /// Take `raw` as the source if it names an outlet; a labelled source line overrides
    /// what a dateline said.
    fn source(&mut self, raw: String, overrides: bool) {
        if let Some(name) = dateline::outlet_name(&raw)
            && (overrides || self.out.source.is_none())
        {
            self.out.source = Some(name);
        }
    }

    fn is_known_title(&self, t: &str) -> bool {
        self.known
            .as_deref()
            .is_some_and(|k| with_norm_line(t, |n| n == k))
    }

    /// A date line, dateline, byline or source line: metadata, taken and not body.
    fn header_line(&mut self, t: &str) -> bool {
        match header_meta(t) {
            Some(meta) => {
                self.take(meta, true);
                true
            }
            None => false,
        }
    }

    fn take(&mut self, meta: Meta, dates: bool) {
        match meta {
            Meta::Source(src) => self.source(src, true),
            Meta::Dateline(source, place, date) => {
                self.out.place.get_or_insert(place);
                self.source(source, false);
                if let Some(d) = date.filter(|_| dates) {
                    self.out.header_date.get_or_insert((d, DateFrom::Dateline));
                }
            }
            Meta::Date(Some(d)) if dates => {
                self.out.header_date.get_or_insert(d);
            }
            Meta::Date(_) | Meta::Other => {}
        }
    }

    /// Metadata from the lines between the headline and the body; without a date there,
    /// the edition line just above the headline. A date further up is the masthead's
    /// "today".
    fn header_metadata(&mut self, lines: &[&str], title_at: Option<usize>, start: usize) {
        let from = title_at.map_or(start.saturating_sub(4), |t| t + 1);
        for line in &lines[from..start] {
            if let Some(meta) = header_meta(line) {
                self.take(meta, true);
            }
        }
        let Some(t) = title_at.filter(|_| self.out.header_date.is_none()) else {
            return;
        };
        let above = (0..t)
            .rev()
            .filter(|&i| !lines[i].trim().is_empty())
            .take(2);
        for i in above {
            if let Some(meta @ Meta::Date(_)) = header_meta(lines[i])
                && is_edition_line(lines[i])
            {
                self.take(meta, true);
            }
        }
    }

    /// The body ends at a related-content marker, or at a "read also" box that no
    /// paragraph follows.
    fn body_end(&self, lines: &[&str], kinds: &[Kind], start: usize, end: usize) -> usize {
        for i in start..=end {
            let t = lines[i];
            if kinds[i] == Kind::Prose && !at_most_words(t, 14) {
                continue;
            }
            let aside_ends = is_aside_marker(t) && !continues_after(lines, kinds, start, i, end);
            if is_tail_marker(t) || aside_ends {
                return i.saturating_sub(1).max(start);
            }
        }
        end
    }

    /// The lines of the body, with what is never a sentence taken out.
    fn body(
        &mut self,
        lines: &[&str],
        kinds: &[Kind],
        start: usize,
        end: usize,
    ) -> Vec<(usize, String)> {
        let mut body: Vec<(usize, String)> = Vec::new();
        let mut in_aside = false;
        let mut seen_prose = false;
        for i in start..=end {
            let t = lines[i].trim();
            let kind = kinds[i];
            if kind == Kind::Prose && !self.is_known_title(t) {
                in_aside = false;
                if !seen_prose {
                    self.lede(t);
                }
                seen_prose = true;
                body.push((i, lines[i].to_owned()));
                continue;
            }
            if kind == Kind::Blank {
                body.push((i, String::new()));
                continue;
            }
            let list_run = short_run(kinds, i) >= 3 && !in_article_list(lines, kinds, i);
            let known_repeat = self.is_known_title(t);
            in_aside |= is_aside_marker(t);
            let drop = kind == Kind::Junk
                || in_aside
                || list_run
                || known_repeat
                || (!seen_prose && self.header_line(t))
                || self.credit(t);
            if drop {
                self.removed.push((i, t.to_owned()));
            } else {
                body.push((i, lines[i].to_owned()));
            }
        }
        self.trim_tail(&mut body);
        body
    }

    /// The first paragraph: a dateline opening it gives place, source and maybe the date;
    /// a date anchored to the report ("اليوم الأحد 12 يناير 2025") is the report's date.
    fn lede(&mut self, t: &str) {
        if let Some((source, place)) = inline_dateline(t) {
            self.out.place.get_or_insert(place);
            if let Some(source) = source {
                self.source(source, false);
            }
            if let Some(d) = dateline::dateline_date(t) {
                self.out.header_date.get_or_insert((d, DateFrom::Dateline));
            }
        }
        if let Some(d) = dates::anchored_date(t) {
            self.out.header_date.get_or_insert((d, DateFrom::Lede));
        }
    }

    /// "(أ ف ب)", a dateline or a source line standing alone inside the body.
    fn credit(&mut self, t: &str) -> bool {
        if let Some(src) = source_line(t) {
            self.source(src, true);
            return true;
        }
        if let Some((source, place)) = dateline::dateline(t) {
            self.out.place.get_or_insert(place);
            self.source(source, false);
            return true;
        }
        if let Some(a) = agency_credit(t) {
            self.source(a, false);
            return true;
        }
        false
    }

    /// The few lines after the body, up to a related-content marker: a source line or an
    /// agency credit names the source.
    fn after_body(&mut self, lines: &[&str], end: usize) {
        let after = lines[end + 1..]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty());
        for t in after.take(5) {
            if is_tail_marker(t) || is_aside_marker(t) {
                break;
            }
            if let Some(src) = source_line(t).or_else(|| agency_credit(t)) {
                self.source(src, true);
            }
        }
    }

    /// A byline, sign-off or credit after the last paragraph ("مهند سليمان", "(رويترز)").
    fn trim_tail(&mut self, body: &mut Vec<(usize, String)>) {
        while let Some((idx, last)) = body.pop() {
            let t = last.trim();
            if t.is_empty() {
                continue;
            }
            let short =
                at_most_words(t, 3) && !ends_like_sentence(t) && !t.chars().any(char::is_numeric);
            let paragraph_before = body.iter().any(|(_, l)| is_prose(l));
            if short && paragraph_before {
                if let Some(a) = agency_credit(t) {
                    self.source(a, false);
                }
                self.removed.push((idx, t.to_owned()));
            } else {
                body.push((idx, last));
                break;
            }
        }
    }

    /// No prose at all (a short note, a caption): keep what is not furniture.
    fn without_prose(mut self, lines: &[&str], kinds: &[Kind], find_title: bool) -> Cleaned {
        let mut body = Vec::new();
        for (i, (&line, &kind)) in lines.iter().zip(kinds).enumerate() {
            let t = line.trim();
            if kind == Kind::Blank {
                continue;
            }
            let title_here =
                find_title && self.out.title.is_none() && body.is_empty() && is_headline(t);
            if title_here && lines.len() > 1 {
                self.out.title = Some(t.to_owned());
                continue;
            }
            let marker = is_tail_marker(t) || is_aside_marker(t);
            if kind == Kind::Junk || marker || self.is_known_title(t) || self.header_line(t) {
                self.removed.push((i, t.to_owned()));
                continue;
            }
            body.push((i, line.to_owned()));
        }
        self.finish(body)
    }

    fn finish(mut self, body: Vec<(usize, String)>) -> Cleaned {
        self.removed.sort_by_key(|(i, _)| *i);
        self.out.removed = self.removed.into_iter().map(|(_, l)| l).collect();
        let mut collapsed: Vec<String> = Vec::new();
        for (_, l) in body {
            let blank = l.trim().is_empty();
            if blank && collapsed.last().is_none_or(|p| p.trim().is_empty()) {
                continue;
            }
            collapsed.push(l);
        }
        while collapsed.last().is_some_and(|l| l.trim().is_empty()) {
            collapsed.pop();
        }
        self.out.body = collapsed;
        self.out
    }
}

/// A print edition's line: "العدد 9421 - الأربعاء 29 أبريل 2026". A bare date above a
/// headline is more often the last item of a list of other stories.
fn is_edition_line(t: &str) -> bool {
    let norm = crate::text::normalize(t);
    norm.split_whitespace().any(|w| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphanumeric()),
            "العدد"
                | "عدد"
                | "الاحد"
                | "الاثنين"
                | "الثلاثاء"
                | "الاربعاء"
                | "الخميس"
                | "الجمعه"
                | "السبت"
        )
    })
}

/// What a line of the header says.
enum Meta {
    Source(String),
    /// Source, place and the date a dateline may carry.
    Dateline(String, String, Option<NaiveDate>),
    /// A date line: the publication date it gives, if it gives one.
    Date(Option<(NaiveDate, DateFrom)>),
    /// A byline, furniture, a breadcrumb, a one-word label.
    Other,
}

/// Is this line part of the header (date, dateline, byline, source, label), and what
/// does it say?
fn header_meta(t: &str) -> Option<Meta> {
    let t = t.trim();
    // A sentence is never a header line, even one that opens with a dateline.
    let parts_short = t.split('|').all(|p| at_most_words(p, 16));
    if t.is_empty() || !parts_short || (is_prose(t) && ends_like_sentence(t)) {
        return None;
    }
    if let Some(src) = source_line(t) {
        return Some(Meta::Source(src));
    }
    if let Some((source, place)) = dateline::dateline(t) {
        return Some(Meta::Dateline(source, place, dateline::dateline_date(t)));
    }
    if is_date_line(t) || t.split('|').any(is_date_line) {
        return Some(Meta::Date(publication_date(t)));
    }
    let other = is_byline(t) || is_furniture(t) || is_breadcrumb(t) || words_up_to(t, 2) == 1;
    other.then_some(Meta::Other)
}

/// The publication date a date line gives: "نشر: … | آخر تحديث: …" gives the first part's;
/// a part that speaks of an update gives none.
fn publication_date(t: &str) -> Option<(NaiveDate, DateFrom)> {
    t.split('|')
        .find_map(|part| match dates::labelled_date(part) {
            Some((LabelKind::Published, Some(d))) => Some((d, DateFrom::Labelled)),
            Some(_) => None,
            None if dates::mentions_update(part) => None,
            None => dates::find_date(part).map(|d| (d, DateFrom::Header)),
        })
}

/// A headline the body's run took in: headline-shaped, and either not a closed sentence
/// or followed by a dateline, byline or date line.
fn opens_as_headline(lines: &[&str], i: usize) -> bool {
    let t = lines[i].trim();
    let next = lines[i + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty());
    let meta_follows =
        next.is_some_and(|l| is_date_line(l) || is_byline(l) || dateline::dateline(l).is_some());
    is_headline(t) && at_most_words(t, 20) && (!t.ends_with('.') || meta_follows)
}

/// The most headline-like of the candidate lines (nearest the body first). The headline
/// stands above the date line or byline (a photo caption stands below them), above its
/// deck (a second headline-like line right under it), is often repeated on the page, and
/// is longer than a menu item.
fn pick_title(lines: &[&str], candidates: &[usize], start: usize) -> Option<usize> {
    let prev_line = |i: usize| (0..i).rev().find(|&j| !lines[j].trim().is_empty());
    let next_line = |i: usize| (i + 1..start).find(|&j| !lines[j].trim().is_empty());
    let score = |i: usize| -> i64 {
        let t = lines[i].trim();
        let key = norm_line(t);
        let repeated = lines
            .iter()
            .enumerate()
            .any(|(j, l)| j != i && norm_line(l) == key);
        let meta_below = lines[i + 1..start].iter().any(|l| match header_meta(l) {
            Some(Meta::Other) => is_byline(l) || is_byline_shaped(l),
            Some(_) => true,
            None => false,
        });
        let has_deck = next_line(i).is_some_and(|j| candidates.contains(&j));
        let is_deck = prev_line(i).is_some_and(|j| candidates.contains(&j));
        let distance = candidates.iter().position(|&c| c == i).unwrap_or(0) as i64;
        let words = words_up_to(t, 15) as i64;
        words + 4 * i64::from(repeated) + 6 * i64::from(meta_below) + 5 * i64::from(has_deck)
            - 6 * i64::from(is_deck)
            - 2 * distance
    };
    candidates.iter().copied().max_by_key(|&i| (score(i), i))
}

/// Does the article go on after the "read also" box at line `at`? When the first paragraph
/// after it carries on the report — it opens with a connective ("و…", "ف…", "من جانبه",
/// "كما") as later paragraphs of a news story do — or shares much of the article's
/// vocabulary. Another story pasted after the box opens with a lede of its own.
fn continues_after(lines: &[&str], kinds: &[Kind], start: usize, at: usize, end: usize) -> bool {
    let Some(next) = (at + 1..=end).find(|&i| kinds[i] == Kind::Prose) else {
        return false;
    };
    if opens_with_connective(lines[next]) {
        return true;
    }
    let words = |range: std::ops::RangeInclusive<usize>| -> std::collections::HashSet<String> {
        range
            .filter(|&i| kinds[i] == Kind::Prose)
            .flat_map(|i| {
                crate::text::normalize(lines[i])
                    .split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.chars().count() >= 4)
            .collect()
    };
    let (before, after) = (words(start..=at), words(next..=end));
    let shared = before.intersection(&after).count();
    !before.is_empty() && shared * 100 >= 20 * before.len().min(after.len())
}

/// Paragraph openings that carry a report on: an attached conjunction or a linking phrase.
fn opens_with_connective(line: &str) -> bool {
    let norm = crate::text::normalize(line.trim());
    let first = norm.split_whitespace().next().unwrap_or("");
    // Nouns that merely begin with و or ف ("وزارة", "فريق") open ledes too.
    const NOUNS: &[&str] = &[
        "وزير",
        "وزيره",
        "وزاره",
        "وزارات",
        "وكاله",
        "وفد",
        "وحده",
        "وسائل",
        "ولايه",
        "وثيقه",
        "وظائف",
        "وظيفه",
        "وضع",
        "وقف",
        "واشنطن",
        "ولي",
        "فريق",
        "فرنسا",
        "فلسطين",
        "فصائل",
    ];
    let attached = (first.starts_with('و') || first.starts_with('ف'))
        && first.chars().count() >= 3
        && !NOUNS.contains(&first);
    let phrases = [
        "من جانبه",
        "من جانبها",
        "من جهته",
        "من جهتها",
        "بدوره",
        "بدورها",
        "كما",
        "الي ذلك",
        "في المقابل",
        "في غضون ذلك",
    ];
    attached || phrases.iter().any(|p| norm.starts_with(p))
}

/// Is line `i` part of a list the article introduces ("وتشمل الشروط ما يلي:") or bullets?
fn in_article_list(lines: &[&str], kinds: &[Kind], i: usize) -> bool {
    if is_bulleted(lines[i]) || lines[i].trim_end().ends_with([':', '：']) {
        return true;
    }
    // Up the run of short lines to the line that opens it.
    let opener = (0..i).rev().find(|&j| {
        kinds[j] == Kind::Prose || (kinds[j] != Kind::Blank && lines[j].trim_end().ends_with(':'))
    });
    opener.is_some_and(|j| lines[j].trim_end().ends_with([':', '：']))
        && (opener.unwrap() + 1..i).all(|j| kinds[j] != Kind::Junk)
}

/// How many short or furniture lines stand together around line `i` (blank lines do not
/// break a run): three or more in a row are a menu or a list of headlines.
fn short_run(kinds: &[Kind], i: usize) -> usize {
    let short = |k: &Kind| matches!(k, Kind::Short | Kind::Junk);
    let count = |it: &mut dyn Iterator<Item = &Kind>| {
        it.filter(|k| **k != Kind::Blank)
            .take_while(|k| short(k))
            .count()
    };
    let before = count(&mut kinds[..i].iter().rev());
    let after = count(&mut kinds[i + 1..].iter());
    before + 1 + after
}

#[cfg(test)]
mod tests;
