//! Ingest: files on disk to [`Article`]s.
//!
//! Reads `.txt` and `.md` files (UTF-8 with or without BOM, UTF-16 with BOM, or a legacy
//! Arabic encoding such as Windows-1256, detected) and crawler `.jsonl` files, splits off
//! YAML (`---`) or TOML (`+++`) front matter, strips web boilerplate and finds the title,
//! source, place and publication date. Gives articles whose body is split into sentences.

mod article;
pub mod clean;
mod dateline;
pub mod dates;
mod decode;
mod feed;
mod frontmatter;
mod furniture;
mod html;
mod jsonl;
mod site;
mod text;
mod title;
mod walk;

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result, shown};

pub use article::parse_article;
pub use dates::url_date;
pub use decode::{decode, decode_noting};
pub use frontmatter::split_front_matter;
pub use html::{article_from_html, fragment_to_text};
pub use site::FolderLines;
pub use walk::{list_inputs, list_inputs_with};

/// Where an article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateFrom {
    /// Front matter or a crawler record's date field.
    FrontMatter,
    /// A page's own metadata: JSON-LD, OpenGraph, `<meta>` date tags, `<time>`.
    Metadata,
    /// The date in the page's URL path.
    Url,
    /// A feed item's own date.
    Feed,
    /// A labelled line: "تاريخ النشر: …".
    Labelled,
    /// A date line between the headline and the body.
    Header,
    /// A dateline carrying the date: "عمّان 3 شباط 2022 (بترا) –".
    Dateline,
    /// A date in the lede tied to the report: "اليوم الأحد 12 يناير 2025".
    Lede,
}

impl DateFrom {
    /// The rule's name, as `inspect` and the JSON output give it.
    pub fn label(self) -> &'static str {
        match self {
            DateFrom::FrontMatter => "front matter",
            DateFrom::Metadata => "page metadata",
            DateFrom::Url => "url",
            DateFrom::Feed => "feed",
            DateFrom::Labelled => "labelled",
            DateFrom::Header => "date line under the headline",
            DateFrom::Dateline => "dateline",
            DateFrom::Lede => "lede",
        }
    }
}

/// One article, cleaned. Its sentences are read with [`Article::sentences`]: most are
/// kept as places in the body, not as copies of it.
#[derive(Debug, Clone)]
pub struct Article {
    /// The path as the user gave it (with `#N` for line N of a `.jsonl` file).
    pub path: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub date_from: Option<DateFrom>,
    pub source: Option<String>,
    pub place: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// The cleaned body text.
    pub body: String,
    /// Sentences of the body (the title excluded).
    sentences: Sentences,
    /// Lines dropped as boilerplate or taken as metadata.
    pub removed: Vec<String>,
}

/// An article's sentences: a sentence that is a slice of the body is kept as its place
/// there; one that is not (a line break inside it is shown as a space) in `own`.
#[derive(Debug, Clone, Default)]
struct Sentences {
    /// Start and end of each sentence; a start with [`OWN`] set is a place in `own`.
    spans: Vec<(u32, u32)>,
    own: String,
}

/// The mark of a sentence kept in [`Sentences::own`].
const OWN: u32 = 1 << 31;

impl Sentences {
    /// `list`, whose borrowed items are slices of `body`, kept by place.
    fn new(body: &str, list: &[std::borrow::Cow<'_, str>]) -> Sentences {
        let mut s = Sentences::default();
        let base = body.as_ptr() as usize;
        for sentence in list {
            let at = (sentence.as_ptr() as usize).wrapping_sub(base);
            let in_body = matches!(sentence, std::borrow::Cow::Borrowed(_))
                && at <= body.len()
                && body.len() - at >= sentence.len();
            if in_body && body.len() < OWN as usize {
                s.spans.push((at as u32, (at + sentence.len()) as u32));
            } else {
                s.push_own(sentence);
            }
        }
        s
    }

    fn push_own(&mut self, sentence: &str) {
        let start = self.own.len() as u32;
        self.own.push_str(sentence);
        assert!(
            self.own.len() < OWN as usize,
            "an article's sentences are under 2 GB"
        );
        self.spans.push((start | OWN, self.own.len() as u32));
    }

    fn get<'a>(&'a self, body: &'a str, i: usize) -> &'a str {
        let (start, end) = self.spans[i];
        if start & OWN != 0 {
            &self.own[(start & !OWN) as usize..end as usize]
        } else {
            &body[start as usize..end as usize]
        }
    }
}

impl Article {
    /// The sentences of the body, in order.
    pub fn sentences(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.sentences.spans.len()).map(|i| self.sentence(i))
    }

    /// Sentence `i` (panics past the last, as indexing does).
    pub fn sentence(&self, i: usize) -> &str {
        self.sentences.get(&self.body, i)
    }

    pub fn sentence_count(&self) -> usize {
        self.sentences.spans.len()
    }
}

/// An article as `inspect` and the JSON output write it: its sentences as a list.
#[derive(Serialize)]
struct ArticleView<'a> {
    path: &'a str,
    title: &'a Option<String>,
    date: &'a Option<NaiveDate>,
    date_from: &'a Option<DateFrom>,
    source: &'a Option<String>,
    place: &'a Option<String>,
    url: &'a Option<String>,
    tags: &'a [String],
    body: &'a str,
    sentences: Vec<&'a str>,
    removed: &'a [String],
}

impl Serialize for Article {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        ArticleView {
            path: &self.path,
            title: &self.title,
            date: &self.date,
            date_from: &self.date_from,
            source: &self.source,
            place: &self.place,
            url: &self.url,
            tags: &self.tags,
            body: &self.body,
            sentences: self.sentences().collect(),
            removed: &self.removed,
        }
        .serialize(s)
    }
}

/// Metadata given with the text: front matter or a crawler's JSON fields.
#[derive(Debug, Default, Clone)]
pub struct Given {
    pub title: Option<String>,
    pub date: Option<String>,
    /// Where `date` comes from, when not front matter.
    pub date_from: Option<DateFrom>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
}

/// A problem with one input that does not stop the others.
#[derive(Debug)]
pub struct Warning {
    pub message: String,
}

/// Files larger than this are not articles (a log, a dump): skipped with a warning.
/// A `.jsonl` feed has no size limit: it is streamed, each line limited on its own.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How the input folder is walked.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The output folder (canonical), never read as input.
    pub exclude: Option<std::path::PathBuf>,
    /// Read files that links point to outside the input folder.
    pub follow_outside_links: bool,
}

/// Read one file: a text article, or every line of a `.jsonl` file.
pub fn read_file(path: &Path, display: &str, warnings: &mut Vec<Warning>) -> Result<Vec<Article>> {
    read_file_in(path, display, None, warnings)
}

/// [`read_file`] among other files: `folder` knows the lines the folder's files share.
pub fn read_file_in(
    path: &Path,
    display: &str,
    folder: Option<&site::FolderLines>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Article>> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::Other(format!(
            "{}: not a regular file; skipped",
            shown(path)
        )));
    }
    if path.extension().is_some_and(|e| e == "jsonl") {
        let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let reader = std::io::BufReader::with_capacity(1 << 20, file);
        return jsonl::read_jsonl(reader, display, warnings).map_err(|e| Error::io(path, e));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Other(format!(
            "{}: {} MB is larger than an article can be ({} MB); skipped",
            shown(path),
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
    {
        return Ok(vec![html::read(&bytes, path, display, warnings)?]);
    }
    if feed::has_feed_extension(path) {
        return feed::read_feed(&bytes, path, display, warnings);
    }
    let mut text = decode_noting(&bytes, path, warnings)?;
    // The file's bytes are not kept while its text is read (a large file is held once).
    drop(bytes);
    if text.contains('\r') {
        text = decode::normalise_newlines(&text);
    }
    let shared = folder.map(|f| f.for_file(path));
    let site = shared.as_ref().map(|s| s as &dyn clean::SiteLines);
    Ok(vec![text::read(text, path, display, site, warnings)?])
}

/// All articles below `dir`, read in parallel and returned in path order; files that
/// cannot be read are reported (in path order) and skipped.
pub fn read_dir(dir: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<Article>> {
    read_dir_with(dir, &ReadOptions::default(), warnings)
}

/// [`read_dir`], walking the folder as `opts` says.
pub fn read_dir_with(
    dir: &Path,
    opts: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Article>> {
    use rayon::prelude::*;
    let paths = list_inputs_with(dir, opts, warnings)?;
    let folder = site::FolderLines::count(&paths);
    let results: Vec<(Vec<Article>, Vec<Warning>)> = paths
        .par_iter()
        .map(|path| {
            let mut w = Vec::new();
            let display = shown(path);
            match read_file_in(path, &display, Some(&folder), &mut w) {
                Ok(articles) => (articles, w),
                Err(e) => {
                    w.push(Warning {
                        message: e.to_string(),
                    });
                    (Vec::new(), w)
                }
            }
        })
        .collect();
    let mut out = Vec::new();
    for (mut articles, mut w) in results {
        out.append(&mut articles);
        warnings.append(&mut w);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_article_in_utf8_and_windows_1256_gives_the_same_result() {
        let article = "وزارة العمل تطلق برنامجا لتشغيل الشباب\r\n\r\nتاريخ النشر: 28 مايو 2024\r\n\
الرباط - أعلنت وزارة العمل اليوم عن برنامج جديد لتشغيل الشباب العاطلين في المدن الكبرى. \
وقال الوزير إن البرنامج يبدأ الشهر المقبل.\r\nالمصدر: وكالة الأنباء\r\nإقرأ أيضاً:\r\nخبر آخر\r\n";
        let dir = tempfile::tempdir().unwrap();
        let utf8 = dir.path().join("a.txt");
        let cp = dir.path().join("b.txt");
        fs::write(&utf8, article).unwrap();
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(article);
        assert!(!unmappable);
        fs::write(&cp, &bytes).unwrap();
        let mut w = Vec::new();
        let a = read_file(&utf8, "x", &mut w).unwrap().remove(0);
        let b = read_file(&cp, "x", &mut w).unwrap().remove(0);
        assert!(w.is_empty());
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
        assert_eq!(a.date.unwrap().to_string(), "2024-05-28");
        assert_eq!(a.source.as_deref(), Some("وكالة الأنباء"));
        assert_eq!(a.sentence_count(), 2);
    }

    #[test]
    fn sentences_are_kept_as_places_in_the_body_unless_a_line_break_is_inside() {
        // Hard-wrapped lines: sentences run over line breaks, shown with a space.
        let body = "قال وزير العمل إن الحكومة ستطلق برنامجا جديدا لدعم العمال في المصانع والورش الصغيرة خلال العام\n\
المقبل وإن البرنامج يشمل تدريب الشباب على المهن الحديثة في كل المحافظات ومنح قروض صغيرة لهم\n\
بشروط ميسرة. وأضاف الوزير أن النقابات شاركت في إعداد البرنامج منذ البداية وأن الحوار معها مستمر\n\
حول الأجور وساعات العمل والتأمين الصحي للعاملين في القطاع الخاص والعام على حد سواء هذا العام\n\
أيضا. وأكد أن التمويل مضمون من الموازنة العامة للدولة ومن شركاء التنمية الدوليين في المنطقة كلها.";
        let given = Given {
            title: Some("برنامج لدعم العمال".into()),
            ..Given::default()
        };
        let a = parse_article("s.txt", given, body, &mut Vec::new());
        let list: Vec<&str> = a.sentences().collect();
        assert_eq!(a.sentence_count(), list.len());
        let (mut borrowed, mut own) = (0, 0);
        for (i, s) in list.iter().enumerate() {
            assert_eq!(a.sentence(i), *s);
            assert!(!s.contains('\n'), "{s:?}");
            // A sentence found as it is in the body is a slice of the body itself.
            let in_body = a.body.as_bytes().as_ptr_range().contains(&s.as_ptr());
            assert_eq!(in_body, a.body.contains(s), "{s:?}");
            if in_body {
                borrowed += 1;
            } else {
                own += 1;
            }
        }
        assert!(borrowed >= 1 && own >= 1, "{list:?}");
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["sentences"], serde_json::json!(list));
    }

    #[test]
    fn a_site_name_after_a_bar_leaves_the_title() {
        let body = "وزارة العمل تطلق برنامجا لتشغيل الشباب | الجزيرة نت\nأطلقت وزارة العمل اليوم برنامجا جديدا لتشغيل الشباب في المدن الكبرى.";
        let a = parse_article("t.txt", Given::default(), body, &mut Vec::new());
        assert_eq!(
            a.title.as_deref(),
            Some("وزارة العمل تطلق برنامجا لتشغيل الشباب")
        );
        assert_eq!(a.source.as_deref(), Some("الجزيرة نت"));
        let (t, site) = article::split_site_suffix("مصر.. قانون العمل الجديد – العربية.نت");
        assert_eq!(
            (t.as_str(), site.as_deref()),
            ("مصر.. قانون العمل الجديد", Some("العربية.نت"))
        );
        let (t, site) = article::split_site_suffix("مصر - ارتفاع البطالة");
        assert_eq!((t.as_str(), site), ("مصر - ارتفاع البطالة", None));
    }

    #[test]
    fn bad_front_matter_date_is_a_warning_not_a_guess() {
        let mut w = Vec::new();
        let given = Given {
            date: Some("31 فبراير 2024".into()),
            ..Given::default()
        };
        let a = parse_article("x.md", given, "نشر في 3 مارس 2024 خبر.", &mut w);
        assert_eq!(a.date, None);
        assert_eq!(w.len(), 1);
        assert!(w[0].message.starts_with("x.md:"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const LINES: &[&str] = &[
        "---",
        "+++",
        "title: عنوان",
        "date: 2024-05-28",
        "الرئيسية",
        "إقرأ أيضاً:",
        "بيروت-سانا",
        "تاريخ النشر: 28 مايو 2024",
        "المصدر: سانا",
        "اترك تعليقاً",
        "https://t.me/x",
        "",
        "وزارة العمل تطلق برنامجا لتشغيل الشباب في المدن الكبرى والقرى النائية هذا العام.",
        "- بند",
        "مقدمة",
        "\u{202E}",
        "\r",
        "{{x}}",
        "<script>",
    ];

    proptest! {
        #[test]
        fn any_file_is_parsed_or_refused_without_panic_and_keeps_its_text(
            lines in proptest::collection::vec(proptest::sample::select(LINES), 0..30),
            noise in any::<String>(),
        ) {
            let text = lines.join("\n") + &noise;
            let path = Path::new("p.md");
            let text = decode::normalise_newlines(&text);
            let Ok((given, body)) = split_front_matter(&text, path) else {
                return Ok(());
            };
            let mut w = Vec::new();
            let a = parse_article("p.md", given, body, &mut w);
            // Every sentence is text of the cleaned body (only whitespace may differ), and
            // the cleaned body is made of the file's lines.
            let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let body_squashed = squash(&a.body);
            for line in a.body.lines() {
                prop_assert!(body.contains(line));
            }
            for s in a.sentences() {
                prop_assert!(body_squashed.contains(&squash(s)), "{s:?}");
            }
        }

        #[test]
        fn any_bytes_decode_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut w = Vec::new();
            if let Ok(text) = decode_noting(&bytes, Path::new("b.txt"), &mut w) {
                prop_assert!(!text.contains('\0'));
            }
        }
    }
}
