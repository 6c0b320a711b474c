//! The view: a [`Digest`] with every label a reader sees written (dates by region,
//! digits, counted nouns), the stories' in-page anchors, and the stories grouped into
//! sections. Templates and the `.json` file receive it.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::labels::{self, Case};
use crate::config::{Digits, GroupBy, Region};
use crate::digest::{Digest, Source, Story};
use crate::text;

/// How the newsletter is written: the reader-facing choices of `digest.toml`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Presentation {
    pub region: Region,
    pub digits: Digits,
    pub group_by: GroupBy,
}

/// The heading of the highlights section.
pub const HIGHLIGHTS_HEADING: &str = "أبرز ما في الأسبوع";
/// The heading of stories that name no Arab country, when grouped by country.
pub const NO_COUNTRY_HEADING: &str = "إقليمي ودولي";

/// Heading ids as GitHub writes them (github-slugger): lower case, everything but
/// letters, marks, numbers, `_`, `-` and spaces removed, spaces made `-`, and a repeated
/// id numbered `-1`, `-2`… in document order. The HTML page gives its headings the same
/// ids, so one link works on GitHub and in the page; cmark-gfm and pulldown-cmark show
/// the heading as written, with nothing added.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    /// The slug holds only letters, digits, tashkeel, '-' and '_': templates may write it
    /// unescaped (`{{{anchor}}}`), which keeps long-token breaks out of link targets.
    pub fn slug(&mut self, heading: &str) -> String {
        let base: String = heading
            .trim()
            .chars()
            .flat_map(char::to_lowercase)
            .filter(|&c| {
                c.is_alphanumeric() || text::is_tashkeel(c) || matches!(c, '_' | '-' | ' ')
            })
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let n = self.seen.entry(base.clone()).or_insert(0);
        let slug = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        // A numbered id may itself be taken later by a heading written that way.
        if slug != base {
            self.seen.entry(slug.clone()).or_insert(1);
        }
        slug
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ViewSource {
    pub name: Option<String>,
    pub title: String,
    pub url: Option<String>,
    pub date: NaiveDate,
    pub date_label: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ViewStory {
    /// 1, 2, 3… in the order shown.
    pub number: usize,
    /// The heading's id: the link target of highlights.
    pub anchor: String,
    pub title: String,
    pub title_from_text: bool,
    pub source: Option<String>,
    pub place: Option<String>,
    pub country: Option<String>,
    pub country_code: Option<String>,
    /// "الرباط، المغرب": the place and the country, each once (the place alone when the
    /// stories are grouped by country); empty if neither is known.
    pub place_label: String,
    pub url: Option<String>,
    pub date: NaiveDate,
    pub date_label: String,
    pub sentences: Vec<String>,
    pub keywords: Vec<String>,
    /// "المصدر" or "المصادر".
    pub sources_label: String,
    pub sources: Vec<ViewSource>,
    /// The sources that have a name: what the newsletter lists.
    pub named_sources: Vec<ViewSource>,
    pub source_count: usize,
    /// "مصدران", "3 مصادر".
    pub source_count_label: String,
    pub centrality: f64,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ViewHighlight {
    pub text: String,
    pub story: usize,
    pub anchor: String,
    pub story_title: String,
}

/// A section of stories: every story, or one country's.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The country's name (and "إقليمي ودولي" for stories naming none); null when the
    /// stories are not grouped.
    pub heading: Option<String>,
    pub anchor: Option<String>,
    pub country_code: Option<String>,
    /// "قصتان".
    pub count_label: String,
    pub stories: Vec<ViewStory>,
}

/// Everything the `.json` file holds; the templates receive it with `sections`.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub title: String,
    pub week: String,
    pub year: i32,
    pub week_number: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// "27 مايو – 2 يونيو 2024".
    pub range_label: String,
    /// "الأسبوع 22 من عام 2024".
    pub week_label: String,
    pub article_count: usize,
    pub story_count: usize,
    /// "مقالان", "3 مقالات", "12 مقالاً".
    pub article_count_label: String,
    /// "قصة واحدة", "3 قصص", "12 قصة".
    pub story_count_label: String,
    /// "قصتان من مقالين".
    pub counts_label: String,
    pub more_stories: usize,
    /// The closing sentence counting the stories not shown; empty when all are shown.
    pub more_stories_label: String,
    pub grouped: bool,
    pub highlights: Vec<ViewHighlight>,
    pub stories: Vec<ViewStory>,
}

/// The templates' context: the view and its sections.
#[derive(Serialize)]
pub struct Context<'a> {
    #[serde(flatten)]
    pub view: &'a View,
    pub sections: Vec<Section>,
}

fn view_source(s: &Source, p: Presentation) -> ViewSource {
    ViewSource {
        name: s.name.clone(),
        title: s.title.clone(),
        url: s.url.clone(),
        date: s.date,
        date_label: labels::date(s.date, p.region, p.digits),
        path: s.path.clone(),
    }
}

fn place_label(place: Option<&str>, country: Option<&str>) -> String {
    match (place, country) {
        (Some(p), Some(c)) if text::normalize(p) != text::normalize(c) => format!("{p}، {c}"),
        (Some(p), _) => p.to_owned(),
        (None, Some(c)) => c.to_owned(),
        (None, None) => String::new(),
    }
}

fn view_story(s: &Story, number: usize, p: Presentation) -> ViewStory {
    ViewStory {
        number,
        anchor: String::new(),
        title: s.title.clone(),
        title_from_text: s.title_from_text,
        source: s.source.clone(),
        place: s.place.clone(),
        country: s.country.clone(),
        country_code: s.country_code.clone(),
        // Grouped by country, the section's heading already says it.
        place_label: match p.group_by {
            GroupBy::Country => s.place.clone().unwrap_or_default(),
            GroupBy::None => place_label(s.place.as_deref(), s.country.as_deref()),
        },
        url: s.url.clone(),
        date: s.date,
        date_label: labels::date(s.date, p.region, p.digits),
        sentences: s.sentences.clone(),
        keywords: s.keywords.clone(),
        sources_label: if s.sources.iter().filter(|x| x.name.is_some()).count() > 1 {
            "المصادر"
        } else {
            "المصدر"
        }
        .to_owned(),
        sources: s.sources.iter().map(|x| view_source(x, p)).collect(),
        // A source is shown by its outlet's name; one without a name is left out rather
        // than repeated by its title.
        named_sources: s
            .sources
            .iter()
            .filter(|x| x.name.is_some())
            .map(|x| view_source(x, p))
            .collect(),
        source_count: s.source_count,
        source_count_label: labels::count(
            s.source_count,
            labels::SOURCE,
            Case::Nominative,
            p.digits,
        ),
        centrality: s.centrality,
        path: s.path.clone(),
    }
}

/// Groups of story indices in the order shown: one group, or one per country ordered by
/// its most important story, the stories naming no country last.
fn groups(digest: &Digest, by: GroupBy) -> Vec<(Option<usize>, Vec<usize>)> {
    let all: Vec<usize> = (0..digest.stories.len()).collect();
    if by == GroupBy::None {
        return vec![(None, all)];
    }
    let mut out: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    let mut none = Vec::new();
    for i in all {
        let code = &digest.stories[i].country_code;
        if code.is_none() {
            none.push(i);
            continue;
        }
        match out
            .iter_mut()
            .find(|(first, _)| digest.stories[first.unwrap()].country_code == *code)
        {
            Some((_, v)) => v.push(i),
            None => out.push((Some(i), vec![i])),
        }
    }
    if !none.is_empty() {
        out.push((None, none));
    }
    out
}

/// The view of a digest, and its sections.
pub fn build(digest: &Digest, p: Presentation) -> (View, Vec<Section>) {
    let d = p.digits;
    let mut slugs = Slugger::default();
    slugs.slug(&digest.title);
    if !digest.highlights.is_empty() {
        slugs.slug(HIGHLIGHTS_HEADING);
    }
    let grouped = p.group_by != GroupBy::None;
    // Display number of each digest story (its index in `digest.stories`).
    let mut shown_as = vec![0usize; digest.stories.len()];
    let mut sections = Vec::new();
    let mut number = 0;
    for (first, members) in groups(digest, p.group_by) {
        let count_label = labels::count(members.len(), labels::STORY, Case::Nominative, d);
        let heading = grouped.then(|| match first {
            Some(i) => digest.stories[i].country.clone().unwrap_or_default(),
            None => NO_COUNTRY_HEADING.to_owned(),
        });
        let anchor = heading
            .as_ref()
            .map(|h| slugs.slug(&format!("{h} ({count_label})")));
        let stories = members
            .iter()
            .map(|&i| {
                number += 1;
                shown_as[i] = number;
                let mut v = view_story(&digest.stories[i], number, p);
                v.anchor = slugs.slug(&format!("{number}. {}", text_of(&v.title)));
                v
            })
            .collect();
        sections.push(Section {
            heading,
            anchor,
            country_code: first.and_then(|i| digest.stories[i].country_code.clone()),
            count_label,
            stories,
        });
    }
    let stories: Vec<ViewStory> = {
        let mut v: Vec<ViewStory> = sections.iter().flat_map(|s| s.stories.clone()).collect();
        v.sort_by_key(|s| s.number);
        v
    };
    let highlights = digest
        .highlights
        .iter()
        .map(|h| {
            let s = &stories[shown_as[h.story - 1] - 1];
            ViewHighlight {
                text: h.text.clone(),
                story: s.number,
                anchor: s.anchor.clone(),
                story_title: s.title.clone(),
            }
        })
        .collect();
    let view = View {
        title: digest.title.clone(),
        week: digest.week.clone(),
        year: digest.year,
        week_number: digest.week_number,
        start: digest.start,
        end: digest.end,
        range_label: labels::range(digest.start, digest.end, p.region, d),
        week_label: labels::week(digest.week_number, digest.year, d),
        article_count: digest.article_count,
        story_count: digest.story_count,
        article_count_label: labels::count(
            digest.article_count,
            labels::ARTICLE,
            Case::Nominative,
            d,
        ),
        story_count_label: labels::count(digest.story_count, labels::STORY, Case::Nominative, d),
        counts_label: labels::stories_from_articles(digest.story_count, digest.article_count, d),
        more_stories: digest.more_stories,
        more_stories_label: match digest.more_stories {
            0 => String::new(),
            n => labels::more_stories(n, d),
        },
        grouped,
        highlights,
        stories,
    };
    (view, sections)
}

/// A value as its heading shows it (what the Markdown escape leaves of it once rendered).
fn text_of(s: &str) -> String {
    super::escape_text(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        let mut s = Slugger::default();
        assert_eq!(
            s.slug("1. الحكومة والنقابات توقعان اتفاق الحوار الاجتماعي"),
            "1-الحكومة-والنقابات-توقعان-اتفاق-الحوار-الاجتماعي"
        );
        assert_eq!(
            s.slug("مصر: رفع الأجور (6000 جنيه)، قرار!"),
            "مصر-رفع-الأجور-6000-جنيه-قرار"
        );
        assert_eq!(s.slug("Hello World"), "hello-world");
        assert_eq!(s.slug("Hello World"), "hello-world-1");
        assert_eq!(s.slug("hello world"), "hello-world-2");
    }

    #[test]
    fn place_and_country_each_once() {
        assert_eq!(
            place_label(Some("الرباط"), Some("المغرب")),
            "الرباط، المغرب"
        );
        assert_eq!(place_label(Some("تونس"), Some("تونس")), "تونس");
        assert_eq!(place_label(None, Some("مصر")), "مصر");
        assert_eq!(place_label(None, None), "");
    }
}
