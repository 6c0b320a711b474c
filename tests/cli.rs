//! End-to-end tests of the `digest` binary: golden outputs for the seed corpus and the
//! command-line contract. `DIGEST_BLESS=1 cargo test` rewrites the golden files.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mail_parser::MimeHeaders;
use scraper::{Html, Selector};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root so `seeds/...` paths are stable.
fn digest(args: &[&str]) -> Output {
    digest_env(args, &[])
}

/// [`digest`] with these environment variables set (and no others of its own).
fn digest_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_digest"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("DIGEST_WEEK")
        .env_remove("DIGEST_INPUT")
        .env_remove("DIGEST_OUT")
        .env_remove("DIGEST_TEMPLATES")
        .env_remove("DIGEST_TODAY")
        // The .eml's Date: fixed, as for reproducible builds.
        .env("SOURCE_DATE_EPOCH", "1717394400");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run digest")
}

/// `digest build --week WEEK --input INPUT --out OUT EXTRA...`.
fn build_week(week: &str, input: &Path, out: &Path, extra: &[&str]) -> Output {
    build_week_env(week, input, out, extra, &[])
}

fn build_week_env(
    week: &str,
    input: &Path,
    out: &Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Output {
    let mut args = vec![
        "build",
        "--week",
        week,
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    digest_env(&args, env)
}

/// `digest build --week WEEK --out OUT` on the default input folder, `seeds`.
fn build_default_input(week: &str, out: &Path) -> Output {
    digest(&["build", "--week", week, "--out", out.to_str().unwrap()])
}

/// `parent/name`, created with the given files in it.
fn folder(parent: &Path, name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = parent.join(name);
    fs::create_dir(&dir).unwrap();
    for (file, bytes) in files {
        fs::write(dir.join(file), bytes).unwrap();
    }
    dir
}

fn digest_stdin(args: &[&str], input: impl AsRef<[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_digest"))
        .args(args)
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run digest");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_ref())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// `%D8%A7` → "ا": a URL fragment as the browser compares it with ids.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (b[i], s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16))) {
            (b'%', Some(Ok(v))) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn seeds() -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| format!("seeds/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".txt"))
        .collect();
    v.sort();
    v
}

/// (golden subfolder, input folder, week)
const GOLDEN_BUILDS: [(&str, &str, &str); 3] = [
    ("", "seeds", "2021-W22"),
    ("", "seeds", "2024-W22"),
    ("fixture-week/", "tests/fixtures/week", "2024-W22"),
];

const FORMATS: [&str; 5] = ["md", "html", "txt", "eml", "json"];
/// The output folder's archive, rewritten by every build.
const ARCHIVE: [&str; 2] = ["index.html", "feed.xml"];

/// Every output the golden folder should hold: relative path → bytes.
fn golden_outputs() -> Vec<(PathBuf, Vec<u8>)> {
    let tmp = tempfile::tempdir().unwrap();
    let mut produced = Vec::new();
    for (i, (sub, input, week)) in GOLDEN_BUILDS.iter().enumerate() {
        let out = tmp.path().join(i.to_string());
        let o = build_week(week, Path::new(input), &out, &[]);
        assert!(o.status.success(), "build {week}: {}", stderr(&o));
        for ext in FORMATS {
            let name = format!("{week}.{ext}");
            let bytes = fs::read(out.join(&name)).unwrap();
            produced.push((PathBuf::from(format!("{sub}{name}")), bytes));
        }
        if !sub.is_empty() {
            for name in ARCHIVE {
                let bytes = fs::read(out.join(name)).unwrap();
                produced.push((PathBuf::from(format!("{sub}{name}")), bytes));
            }
        }
    }
    for seed in seeds() {
        let o = digest(&["inspect", "--format", "json", &seed]);
        assert!(o.status.success(), "inspect {seed}: {}", stderr(&o));
        let stem = Path::new(&seed)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        produced.push((PathBuf::from(format!("inspect/{stem}.json")), o.stdout));
    }
    produced
}

fn files_below(dir: &Path, base: &Path, out: &mut BTreeSet<PathBuf>) {
    for e in fs::read_dir(dir).into_iter().flatten() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_below(&p, base, out);
        } else {
            out.insert(p.strip_prefix(base).unwrap().to_owned());
        }
    }
}

#[test]
fn golden_outputs_match() {
    let golden = root().join("golden");
    let produced = golden_outputs();
    if std::env::var_os("DIGEST_BLESS").is_some() {
        let _ = fs::remove_dir_all(&golden);
        for (rel, bytes) in &produced {
            let p = golden.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
        return;
    }
    let mut mismatched = Vec::new();
    for (rel, bytes) in &produced {
        match fs::read(golden.join(rel)) {
            Ok(expected) if expected == *bytes => {}
            Ok(_) => mismatched.push(format!("{} differs", rel.display())),
            Err(_) => mismatched.push(format!("{} is missing", rel.display())),
        }
    }
    let mut on_disk = BTreeSet::new();
    files_below(&golden, &golden, &mut on_disk);
    let expected: BTreeSet<PathBuf> = produced.iter().map(|(r, _)| r.clone()).collect();
    for stray in on_disk.difference(&expected) {
        mismatched.push(format!("{} has no matching output", stray.display()));
    }
    assert!(
        mismatched.is_empty(),
        "golden files out of date (read the diff, then DIGEST_BLESS=1 cargo test):\n{}",
        mismatched.join("\n")
    );
}

fn inspect_json(seed: &str) -> serde_json::Value {
    let o = digest(&["inspect", "--format", "json", seed]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(stdout(&o).trim()).unwrap()
}

#[test]
fn seed_dates_titles_and_sources() {
    let cases = [
        ("000", Some("2021-06-04"), Some("lede"), None),
        ("001", Some("2024-05-28"), Some("labelled"), Some("زنقة 20")),
        // "يومي 25 و 26 يونيو 2024": a range of days, not the report's own date.
        ("002", None, None, Some("مجلة المغرب تحت المجهر")),
        ("003", None, None, None),
        ("004", None, None, Some("سانا")),
    ];
    let seeds = seeds();
    for (prefix, date, from, source) in cases {
        let seed = seeds
            .iter()
            .find(|s| s.starts_with(&format!("seeds/{prefix}_")))
            .unwrap();
        let v = inspect_json(seed);
        assert_eq!(v["date"].as_str(), date, "{seed}");
        assert_eq!(v["date_from"].as_str(), from, "{seed}");
        assert_eq!(v["source"].as_str(), source, "{seed}");
        let sentences = v["sentences"].as_array().unwrap();
        assert!(!sentences.is_empty(), "{seed}");
        // No boilerplate line survives among the sentences.
        for s in sentences {
            let s = s.as_str().unwrap();
            for junk in [
                "إقرأ أيضاً",
                "انظر ايضاً",
                "اترك تعليقاً",
                "t.me/",
                "زر الذهاب",
                "مقالات ذات صلة",
            ] {
                assert!(!s.contains(junk), "{seed}: {s}");
            }
        }
    }
    let v = inspect_json(seeds.iter().find(|s| s.starts_with("seeds/002_")).unwrap());
    assert!(v["title"].as_str().unwrap().contains("أحمد بلفاطمي"));
    assert_eq!(v["removed"][0], "الرئيسية");
    let v = inspect_json(seeds.iter().find(|s| s.starts_with("seeds/003_")).unwrap());
    assert_eq!(
        v["title"],
        serde_json::Value::Null,
        "003's first line is a section label"
    );
}

/// Build `week` of the seed corpus into a fresh folder.
fn build_seeds(week: &str) -> (tempfile::TempDir, Output) {
    let tmp = tempfile::tempdir().unwrap();
    let o = build_default_input(week, tmp.path());
    (tmp, o)
}

#[test]
fn week_22_holds_no_sentence_of_the_libya_story() {
    let (tmp, o) = build_seeds("2024-W22");
    assert!(o.status.success(), "{}", stderr(&o));
    let md = fs::read_to_string(tmp.path().join("2024-W22.md")).unwrap();
    let html = fs::read_to_string(tmp.path().join("2024-W22.html")).unwrap();
    for text in [&md, &html] {
        for libya in ["ليبيا", "البعثة الأممية", "نزع السلاح", "اليونيسف على ضرورة"]
        {
            assert!(!text.contains(libya), "found {libya}");
        }
        assert!(text.contains("28 مايو 2024"));
        assert!(text.contains("27 مايو – 2 يونيو 2024"));
    }
}

#[test]
fn build_prints_paths_and_is_byte_identical_when_repeated() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        let out = dir.path().to_str().unwrap();
        let o = digest(&["build", "--week", "2024-05-28", "--out", out]);
        assert!(o.status.success(), "{}", stderr(&o));
        let expected: String = FORMATS
            .iter()
            .map(|ext| format!("{out}/2024-W22.{ext}\n"))
            .chain(ARCHIVE.iter().map(|name| format!("{out}/{name}\n")))
            .collect();
        assert_eq!(stdout(&o), expected, "one written path per line");
        // Undated seeds are routine: named only with -v.
        assert_eq!(stderr(&o), "", "quiet when all is well");
        let o = digest(&["build", "-v", "--week", "2024-05-28", "--out", out]);
        assert!(stderr(&o).contains("003_79c9667c132087d8.txt: no publication date found"));
        let o = digest(&["build", "--quiet", "--week", "2024-05-28", "--out", out]);
        assert!(o.status.success());
        assert_eq!((stdout(&o), stderr(&o)), (String::new(), String::new()));
    }
    for ext in FORMATS {
        let name = format!("2024-W22.{ext}");
        assert_eq!(
            fs::read(a.path().join(&name)).unwrap(),
            fs::read(b.path().join(&name)).unwrap()
        );
    }
}

#[test]
fn last_and_this_follow_today() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    // Wednesday 2024-06-05: last week is 2024-W22.
    let o = digest(&["build", "--today", "2024-06-05", "--out", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2024-W22.md"));
    let o = digest(&[
        "build",
        "--week",
        "this",
        "--today",
        "2024-05-29",
        "--out",
        out,
    ]);
    assert!(stdout(&o).contains("2024-W22.md"), "{}", stderr(&o));
}

#[test]
fn empty_week_exits_3_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build_default_input("2024-W30", &out);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(err.contains("no article is dated in 2024-W30"), "{err}");
    assert!(
        err.contains("5 scanned") && err.contains("3 without a date"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2_and_runtime_errors_exit_1() {
    let o = digest(&["build", "--week", "2024-W99"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2024 has no ISO week 99"));
    let o = digest(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = digest(&["build", "--week", "2024-W22", "--input", "no/such/folder"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/folder"), "{}", stderr(&o));
}

#[test]
fn html_is_a_complete_right_to_left_page() {
    let (tmp, o) = build_seeds("2024-W22");
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(tmp.path().join("2024-W22.html")).unwrap();
    let doc = Html::parse_document(&html);
    let root = doc.root_element();
    assert_eq!(root.value().attr("lang"), Some("ar"));
    assert_eq!(root.value().attr("dir"), Some("rtl"));
    let charset = Selector::parse("meta[charset]").unwrap();
    assert_eq!(
        doc.select(&charset).next().unwrap().value().attr("charset"),
        Some("utf-8")
    );
    let h1 = Selector::parse("h1").unwrap();
    assert_eq!(doc.select(&h1).count(), 1);
    let h2 = Selector::parse("h2").unwrap();
    let titles: Vec<String> = doc.select(&h2).map(|e| e.text().collect()).collect();
    assert_eq!(titles.len(), 1);
    assert!(titles[0].contains("وزارة التشغيل تلتزم بتعبئة مواردها"));
    assert!(html.contains("27 مايو – 2 يونيو 2024"));
}

#[test]
fn article_text_cannot_inject_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let evil = "---\ntitle: \"# <script>alert(1)</script> [x](javascript:alert(2))\"\ndate: 2024-05-28\n\
source: \"<img src=x onerror=alert(3)>\"\nurl: \"javascript:alert(4)\"\n---\n\
وزارة العمل تعلن <script>alert(5)</script> برنامجا جديدا لتشغيل الشباب في المدن الكبرى.\n\
# عنوان مزروع في النص مع رابط [انقر هنا](http://evil.example) وصورة ![x](http://evil.example/x.png) للعمال.\n\
وزارة العمل تؤكد أن البرنامج الجديد لتشغيل الشباب يبدأ الشهر المقبل في المدن الكبرى.\n";
    let input = folder(tmp.path(), "in", &[("evil.md", evil.as_bytes())]);
    let out = tmp.path().join("out");
    let o = build_week("2024-W22", &input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = fs::read_to_string(out.join("2024-W22.md")).unwrap();
    let html = fs::read_to_string(out.join("2024-W22.html")).unwrap();
    let doc = Html::parse_document(&html);
    for sel in ["script", "img", "a", "h3", "code"] {
        let s = Selector::parse(sel).unwrap();
        assert_eq!(doc.select(&s).count(), 0, "<{sel}> in {html}");
    }
    let any = Selector::parse("*").unwrap();
    for el in doc.select(&any) {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event attribute {name}");
            assert!(!value.contains("javascript:"), "{name}={value}");
        }
    }
    // One h1 (the newsletter) and one h2 (the story): the article's "#" made no heading.
    assert_eq!(doc.select(&Selector::parse("h1").unwrap()).count(), 1);
    assert_eq!(doc.select(&Selector::parse("h2").unwrap()).count(), 1);
    assert!(html.contains("&lt;script&gt;"));
    // In Markdown every markup character from the article is escaped.
    assert!(!md.contains("<script>") && md.contains("\\<script\\>"));
    assert!(!md.contains("](javascript") && !md.contains("](http://evil"));
    assert!(
        md.lines().filter(|l| l.starts_with('#')).count() == 2,
        "{md}"
    );
}

#[test]
fn user_templates_replace_built_in_ones_and_bad_ones_fail_before_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let story = "### {{title}} ({{date}})\n{{#each sentences}}{{this}}\n{{/each}}\n";
    let tpl = folder(tmp.path(), "tpl", &[("story.md.hbs", story.as_bytes())]);
    let out = tmp.path().join("out");
    let args = |t: &Path| {
        vec![
            "build".to_owned(),
            "--week".into(),
            "2024-W22".into(),
            "--templates".into(),
            t.to_str().unwrap().into(),
            "--out".into(),
            out.to_str().unwrap().into(),
        ]
    };
    let a = args(&tpl);
    let o = digest(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let md = fs::read_to_string(out.join("2024-W22.md")).unwrap();
    assert!(
        md.contains("### وزارة التشغيل") && md.contains("(2024-05-28)"),
        "{md}"
    );
    assert!(
        md.starts_with("# النشرة"),
        "digest.md.hbs is still the built-in one"
    );

    let broken = b"# {{title}\n{{#each stories}}\n";
    let bad = folder(tmp.path(), "bad", &[("digest.md.hbs", broken)]);
    fs::remove_dir_all(&out).unwrap();
    let a = args(&bad);
    let o = digest(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("digest.md.hbs"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn split_keeps_the_input_text_and_jsonl_keeps_order_and_ids() {
    let text = "قال الوزير إن 3.5 في المئة من العمال\nبلا عقود. وأضاف: «سنعمل على ذلك.»\nوانتهى.";
    let o = digest_stdin(&["split"], text);
    assert!(o.status.success());
    let lines: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(
        squash(&lines.concat()),
        squash(text),
        "only whitespace may differ"
    );

    let input = "{\"id\":\"b\",\"text\":\"أولا. ثانيا.\"}\n{\"id\":7,\"text\":\"جملة واحدة\"}\n";
    let o = digest_stdin(&["split", "--jsonl"], input);
    assert!(o.status.success(), "{}", stderr(&o));
    let out: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        out[0],
        serde_json::json!({"id": "b", "sentences": ["أولا.", "ثانيا."]})
    );
    assert_eq!(
        out[1],
        serde_json::json!({"id": 7, "sentences": ["جملة واحدة"]})
    );

    let o = digest_stdin(&["split", "--jsonl"], "{\"id\":1}\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("<stdin>:1"), "{}", stderr(&o));

    // Windows line ends are read; a line that is not UTF-8 is named with where it breaks.
    let mut input = b"{\"id\":\"a\",\"text\":\"\xd8\xa3\xd9\x88\xd9\x84\xd8\xa7.\"}\r\n".to_vec();
    input.extend_from_slice(b"{\"id\":\"b\",\"text\":\"\xd8\xa3\xff\"}\r\n");
    let o = digest_stdin(&["split", "--jsonl"], &input);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "{\"id\":\"a\",\"sentences\":[\"أولا.\"]}\n");
    assert!(
        stderr(&o).contains("<stdin>:2: not valid UTF-8 (byte 21 of the line)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn jsonl_keeps_order_across_batches_and_stops_at_a_bad_line() {
    // More lines than one batch holds, with a bad line in the third batch: every line
    // before it comes out, in order, and the error names it.
    let bad = 4500;
    let input: String = (1..=5000)
        .map(|n| {
            if n == bad {
                "{\"id\":\n".to_owned()
            } else {
                format!(
                    "{}\n",
                    serde_json::json!({"id": n, "text": format!("الجملة رقم {n}. وتليها أخرى.")})
                )
            }
        })
        .collect();
    let o = digest_stdin(&["split", "--jsonl"], &input);
    assert_eq!(o.status.code(), Some(1));
    let ids: Vec<u64> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, (1..bad as u64).collect::<Vec<_>>());
    assert!(
        stderr(&o).contains(&format!("<stdin>:{bad}:")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn summarize_respects_budgets_and_document_order() {
    let text = "وزارة العمل تطلق برنامجا لتشغيل الشباب. الطقس معتدل في العاصمة اليوم. \
برنامج تشغيل الشباب يشمل التدريب في وزارة العمل. \
تدريب الشباب في برنامج وزارة العمل يبدأ قريبا.";
    let o = digest_stdin(&["summarize", "--sentences", "2"], text);
    assert!(o.status.success());
    let got: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(got.len(), 2);
    assert!(!got.iter().any(|s| s.contains("الطقس")));
    let pos = |s: &str| text.find(s).unwrap();
    assert!(pos(&got[0]) < pos(&got[1]), "document order");

    let input = format!(
        "{}\n",
        serde_json::json!({"id": "T", "text": text, "words": 9})
    );
    let o = digest_stdin(&["summarize", "--jsonl"], &input);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let sentences = v["sentences"].as_array().unwrap();
    let words: usize = sentences
        .iter()
        .map(|s| s.as_str().unwrap().split_whitespace().count())
        .sum();
    assert!(sentences.len() == 1 || words <= 9, "{v}");
}

#[test]
fn summarize_jsonl_reads_an_optional_title() {
    // Two sentences of equal standing: the title decides between them when it weighs alone.
    let text = "عقدت الحكومة اجتماعها الأسبوعي في العاصمة. \
ناقش الوزراء مشروع قانون الحد الأدنى للأجور في القطاع الخاص.";
    let line = |title: Option<&str>| {
        let mut v = serde_json::json!({"id": 1, "text": text, "sentences": 1});
        if let Some(t) = title {
            v["title"] = t.into();
        }
        format!("{v}\n")
    };
    let args = [
        "summarize",
        "--jsonl",
        "--param",
        "position=0",
        "--param",
        "centrality=0",
        "--param",
        "title=1",
    ];
    let chosen = |title| {
        let o = digest_stdin(&args, line(title));
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        v["sentences"][0].as_str().unwrap().to_owned()
    };
    assert!(chosen(Some("الحد الأدنى للأجور أمام الوزراء")).starts_with("ناقش"));
    assert!(chosen(None).starts_with("عقدت"));
}

fn build_fixture_week(extra: &[&str], env: &[(&str, &str)]) -> (tempfile::TempDir, Output) {
    let tmp = tempfile::tempdir().unwrap();
    let input = Path::new("tests/fixtures/week");
    let o = build_week_env("2024-W22", input, &tmp.path().join("out"), extra, env);
    (tmp, o)
}

#[test]
fn a_week_with_duplicates_merges_them_and_leads_with_highlights() {
    let (tmp, o) = build_fixture_week(&[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("out/2024-W22.json")).unwrap()).unwrap();
    assert_eq!(
        json["article_count"], 6,
        "the other week's article is left out"
    );
    assert_eq!(
        json["story_count"], 4,
        "three reports of one agreement are one story"
    );
    let first = &json["stories"][0];
    assert_eq!(first["source_count"], 3);
    let names: Vec<&str> = first["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["وكالة المغرب العربي للأنباء", "هسبريس", "موقع الأجراء"]
    );
    // Four stories, five highlights at most: the section would repeat every story.
    assert_eq!(json["highlights"].as_array().unwrap().len(), 0);
    let md = fs::read_to_string(tmp.path().join("out/2024-W22.md")).unwrap();
    assert!(!md.contains("أبرز ما في الأسبوع"), "{md}");

    let (tmp, o) = build_fixture_week(&[], &[("DIGEST_HIGHLIGHTS", "2")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("out/2024-W22.json")).unwrap()).unwrap();
    let highlights = json["highlights"].as_array().unwrap();
    assert_eq!(highlights.len(), 2, "{highlights:?}");
    let stories = json["stories"].as_array().unwrap();
    let md = fs::read_to_string(tmp.path().join("out/2024-W22.md")).unwrap();
    let h = md.find("## أبرز ما في الأسبوع").expect("highlights section");
    assert!(h < md.find("## 1.").unwrap(), "highlights come first");
    for hl in highlights {
        let text = hl["text"].as_str().unwrap();
        // No story repeats a highlight among its bullets, in the data or in the page.
        for story in stories {
            assert!(
                !story["sentences"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s == text),
                "{text} is repeated in story {}",
                story["number"]
            );
        }
        assert_eq!(md.matches(text).count(), 1, "{text}");
        let story = &stories[hl["story"].as_u64().unwrap() as usize - 1];
        assert_eq!(hl["anchor"], story["anchor"]);
        let link = format!("](#{})", hl["anchor"].as_str().unwrap());
        assert!(md.contains(&link), "highlights link to their story: {link}");
    }
}

#[test]
fn html_is_email_safe() {
    let (tmp, o) = build_fixture_week(&[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(tmp.path().join("out/2024-W22.html")).unwrap();
    assert!(html.len() < 100_000, "{} bytes", html.len());
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let root = doc.root_element();
    assert_eq!(root.value().attr("lang"), Some("ar"));
    assert_eq!(root.value().attr("dir"), Some("rtl"));
    assert_eq!(
        doc.select(&sel("body")).next().unwrap().value().attr("dir"),
        Some("rtl")
    );
    let tables: Vec<_> = doc.select(&sel("table")).collect();
    assert!(tables.len() >= 2, "table layout");
    for t in &tables {
        assert_eq!(t.value().attr("dir"), Some("rtl"));
        assert_eq!(t.value().attr("role"), Some("presentation"));
    }
    // Styles are inlined: no style sheet is left, and headings carry explicit colours.
    assert_eq!(doc.select(&sel("style")).count(), 0);
    for h in doc.select(&sel("h1, h2")) {
        let style = h.value().attr("style").unwrap_or("");
        assert!(style.contains("color:"), "{style}");
    }
    let body_style = doc
        .select(&sel("body"))
        .next()
        .unwrap()
        .value()
        .attr("style")
        .unwrap();
    assert!(body_style.contains("Tahoma") && body_style.contains("background-color"));
    // Every story has its anchor, and every in-page link points at one.
    let ids: Vec<&str> = doc
        .select(&sel("h2[id]"))
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert_eq!(
        ids[0], "1-الحكومة-والنقابات-توقعان-اتفاق-الحوار-الاجتماعي",
        "GitHub's id for the heading"
    );
    for a in doc.select(&sel("a")) {
        let href = a.value().attr("href").unwrap();
        assert!(
            href.starts_with("https://") || ids.contains(&percent_decode(&href[1..]).as_str()),
            "{href}"
        );
    }
}

#[test]
fn eml_is_a_complete_reproducible_mime_message() {
    let (tmp, o) = build_fixture_week(&[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let raw = fs::read(tmp.path().join("out/2024-W22.eml")).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        msg.subject().unwrap(),
        "النشرة الأسبوعية لسياسات العمل – الأسبوع 22 من عام 2024 (27 مايو – 2 يونيو 2024)"
    );
    assert_eq!(
        msg.header_raw("To").unwrap().trim(),
        "undisclosed-recipients:;"
    );
    assert_eq!(
        msg.header_raw("From").unwrap().trim(),
        "digest <digest@localhost>"
    );
    let id = msg.message_id().unwrap();
    assert!(
        id.starts_with("digest.2024-W22.") && id.ends_with("@localhost"),
        "{id}"
    );
    assert_eq!(msg.date().unwrap().to_rfc3339(), "2024-06-03T06:00:00Z");
    assert!(
        msg.header_raw("Content-Type")
            .unwrap()
            .contains("multipart/alternative")
    );
    assert_eq!(msg.text_body_count(), 1);
    assert_eq!(msg.html_body_count(), 1);
    // text/plain first, text/html last.
    let parts: Vec<String> = msg
        .parts
        .iter()
        .filter_map(|p| p.content_type())
        .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")))
        .collect();
    assert_eq!(parts, ["multipart/alternative", "text/plain", "text/html"]);
    let text = msg.body_text(0).unwrap();
    let txt_file = fs::read_to_string(tmp.path().join("out/2024-W22.txt")).unwrap();
    assert_eq!(text.replace("\r\n", "\n"), txt_file);
    assert!(msg.body_html(0).unwrap().contains("dir=\"rtl\""));
}

#[test]
fn configured_sender_recipients_region_and_digits() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("digest.toml");
    fs::write(
        &cfg,
        "title = \"نشرة النقابة\"\nregion = \"maghreb\"\nfrom = \"نشرة <news@example.org>\"\n\
to = [\"a@example.org\", \"b@example.org\"]\nreply_to = \"editor@example.org\"\n",
    )
    .unwrap();
    let (out, o) = build_fixture_week(
        &["--config", cfg.to_str().unwrap()],
        &[("DIGEST_DIGITS", "arabic")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = fs::read_to_string(out.path().join("out/2024-W22.md")).unwrap();
    assert!(md.starts_with("# نشرة النقابة"));
    assert!(
        md.contains("٢٧ ماي – ٢ يونيو ٢٠٢٤"),
        "Maghreb month names, Arabic digits"
    );
    let raw = fs::read(out.path().join("out/2024-W22.eml")).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let to: Vec<&str> = msg
        .to()
        .unwrap()
        .iter()
        .filter_map(|a| a.address())
        .collect();
    assert_eq!(to, ["a@example.org", "b@example.org"]);
    assert!(msg.message_id().unwrap().ends_with("@example.org"));
    assert!(
        msg.header_raw("Reply-To")
            .unwrap()
            .contains("editor@example.org")
    );

    fs::write(&cfg, "title = \"x\"\nhighlight = 3\n").unwrap();
    let (_, o) = build_fixture_week(&["--config", cfg.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("digest.toml:2") && stderr(&o).contains("highlight"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_writes_config_and_templates_and_keeps_existing_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap();
    let o = digest(&["init", dir]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(tmp.path().join("digest.toml").is_file());
    for t in [
        "digest.md.hbs",
        "story.md.hbs",
        "digest.html.hbs",
        "digest.txt.hbs",
    ] {
        assert!(tmp.path().join("templates").join(t).is_file(), "{t}");
    }
    let o = digest(&["init", dir]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exist"));
    // The written templates work as a --templates folder and change nothing.
    let (a, _) = build_fixture_week(&[], &[]);
    let (b, o) = build_fixture_week(
        &[
            "--templates",
            tmp.path().join("templates").to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for ext in FORMATS {
        let name = format!("out/2024-W22.{ext}");
        assert_eq!(
            fs::read(a.path().join(&name)).unwrap(),
            fs::read(b.path().join(&name)).unwrap()
        );
    }
}

// ---- Bad input, hostile input and process faults ----

const GOOD: &str = "---\ntitle: وزارة العمل تطلق برنامجا لتشغيل الشباب\ndate: 2024-05-28\nsource: سانا\n---\n\
أطلقت وزارة العمل اليوم برنامجا جديدا لتشغيل الشباب العاطلين في المدن الكبرى.\n\
وقال الوزير إن البرنامج يبدأ الشهر المقبل ويشمل عشرة آلاف شاب.\n";

#[test]
fn bad_inputs_are_named_and_the_build_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    let w = |name: &str, bytes: &[u8]| fs::write(input.join(name), bytes).unwrap();
    w("good.md", GOOD.as_bytes());
    w("empty.txt", b"");
    w("spaces.txt", b"  \n\t\n   \n");
    w(
        "furniture.txt",
        "اترك تعليقاً\nشارك\nزر الذهاب إلى الأعلى\n".as_bytes(),
    );
    w("binary.txt", b"PK\x03\x04\x00\x00\x01\x02binary\x00data");
    let mut bad_utf8 = "---\ndate: 2024-05-29\ntitle: مقال فيه بايت تالف\n---\nنقابة العمال تطالب برفع الأجور في القطاع الخاص هذا العام"
        .as_bytes()
        .to_vec();
    bad_utf8.extend_from_slice(b"\xff\xfe");
    bad_utf8.extend_from_slice(" وتدعو الحكومة إلى الحوار.\n".as_bytes());
    w("bad-utf8.md", &bad_utf8);
    let line = "كلمة ".repeat(200_000);
    w(
        "one-line.md",
        format!("---\ndate: 2024-05-30\ntitle: سطر بلا نهاية\n---\n{line}\n").as_bytes(),
    );
    w(
        "malformed.md",
        b"---\ntitle: [unclosed\ndate: 2024-05-28\n---\nbody\n",
    );
    w(
        "impossible.md",
        "---\ndate: 2024-02-31\ntitle: تاريخ مستحيل\n---\nنص.\n".as_bytes(),
    );
    w(
        "feed.jsonl",
        "{\"title\":\"خبر من الزاحف\",\"text\":\"أعلنت النقابة إضرابا عاما في قطاع النقل يوم الخميس.\",\"date\":\"2024-05-31\"}\n{broken\n"
            .as_bytes(),
    );
    // Deep folders, a link loop, a dangling link, a pipe.
    let mut deep = input.clone();
    for i in 0..100 {
        deep = deep.join(format!("d{i}"));
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(
        deep.join("deep.md"),
        GOOD.replace("2024-05-28", "2024-06-01"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&input, input.join("loop")).unwrap();
    std::os::unix::fs::symlink(input.join("no-such-file.txt"), input.join("gone.txt")).unwrap();
    let fifo = input.join("pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );

    let out = tmp.path().join("out");
    let o = build_week("2024-W22", &input, &out, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    for named in [
        "binary.txt: binary data",
        "bad-utf8.md: invalid UTF-8",
        "malformed.md:3: malformed YAML",
        "impossible.md: the given date '2024-02-31' is not a valid date",
        "feed.jsonl:2: invalid JSON",
        "gone.txt",
        "pipe.txt: not a regular file",
    ] {
        assert!(
            err.contains(named),
            "stderr does not name {named:?}:\n{err}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("2024-W22.json")).unwrap()).unwrap();
    let paths: Vec<&str> = json["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["sources"].as_array().unwrap())
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    for kept in [
        "good.md",
        "bad-utf8.md",
        "one-line.md",
        "feed.jsonl#1",
        "deep.md",
    ] {
        assert!(
            paths.iter().any(|p| p.ends_with(kept)),
            "{kept} missing from {paths:?}"
        );
    }
    // The endless line is cut for the newsletter.
    let md = fs::read_to_string(out.join("2024-W22.md")).unwrap();
    assert!(md.len() < 20_000, "{} bytes", md.len());
    assert!(md.contains("كلمة…"));

    // --strict: the same warnings fail the build, and nothing is written.
    let strict_out = tmp.path().join("strict");
    let o = build_week("2024-W22", &input, &strict_out, &["--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--strict: nothing written"),
        "{}",
        stderr(&o)
    );
    assert!(!strict_out.exists());
}

#[test]
#[ignore = "stress: 66 s in the debug build; run by .ci/run against the release build"]
fn a_50_mb_article_is_handled() {
    let tmp = tempfile::tempdir().unwrap();
    let para = "أعلنت وزارة العمل عن برنامج جديد لتشغيل الشباب في المدن الكبرى والقرى. ";
    let body = para.repeat(50 * 1024 * 1024 / para.len());
    let big = format!("---\ndate: 2024-05-28\ntitle: مقال ضخم\n---\n{body}\n");
    let input = folder(tmp.path(), "in", &[("big.md", big.as_bytes())]);
    let out = tmp.path().join("out");
    let o = build_week("2024-W22", &input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = fs::read_to_string(out.join("2024-W22.md")).unwrap();
    assert!(md.contains("مقال ضخم") && md.len() < 20_000);
}

#[test]
#[ignore = "stress: 216 s in the debug build; run by .ci/run against the release build"]
fn a_hundred_thousand_tiny_files() {
    let tmp = tempfile::tempdir().unwrap();
    let input = folder(tmp.path(), "in", &[]);
    for i in 0..100_000 {
        // All but one dated in another week: the build reads them all, the digest has one.
        let date = if i == 0 { "2024-05-28" } else { "2024-01-10" };
        fs::write(
            input.join(format!("{i:06}.md")),
            format!("---\ndate: {date}\ntitle: خبر {i}\n---\nنص قصير رقم {i}.\n"),
        )
        .unwrap();
    }
    let out = tmp.path().join("out");
    let o = build_week("2024-W22", &input, &out, &["-v"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("of 100000 articles"), "{}", stderr(&o));
}

#[test]
fn an_unwritable_output_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-folder");
    fs::write(&file, "x").unwrap();
    let out = file.join("out");
    let o = build_default_input("2024-W22", &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not-a-folder/out"), "{}", stderr(&o));
}

#[test]
fn rerun_rewrites_nothing_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = root().join("tests/fixtures/week");
    assert!(build_week("2024-W22", &input, &out, &[]).status.success());
    let mtime = |ext: &str| {
        fs::metadata(out.join(format!("2024-W22.{ext}")))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before: Vec<_> = FORMATS.iter().map(|e| mtime(e)).collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = build_week("2024-W22", &input, &out, &[]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "", "an unchanged file is routine");
    let o = build_week("2024-W22", &input, &out, &["--verbose"]);
    assert!(
        stderr(&o).contains("2024-W22.md is unchanged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(before, FORMATS.iter().map(|e| mtime(e)).collect::<Vec<_>>());
    let o = build_week("2024-W22", &input, &out, &["--force"]);
    assert!(o.status.success());
    assert!(FORMATS.iter().zip(&before).all(|(e, b)| mtime(e) > *b));
}

#[test]
fn a_second_build_waits_for_the_lock_then_gives_up_with_exit_4() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let lock = fs::File::create(out.join(".digest.lock")).unwrap();
    lock.lock().unwrap();
    let input = root().join("tests/fixtures/week");
    let o = build_week("2024-W22", &input, &out, &["--lock-timeout", "1"]);
    assert_eq!(o.status.code(), Some(4));
    assert!(
        stderr(&o).contains("another digest build holds the lock"),
        "{}",
        stderr(&o)
    );
    assert!(!out.join("2024-W22.md").exists());
    lock.unlock().unwrap();
    // Two builds at once: both finish, the files are whole.
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_digest"))
            .args(["build", "--week", "2024-W22", "--input"])
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .current_dir(root())
            .env("SOURCE_DATE_EPOCH", "1717394400")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    let reference = tmp.path().join("reference");
    assert!(
        build_week("2024-W22", &input, &reference, &[])
            .status
            .success()
    );
    for ext in FORMATS {
        let name = format!("2024-W22.{ext}");
        let got = fs::read(out.join(&name)).unwrap();
        assert_eq!(got, fs::read(reference.join(&name)).unwrap(), "{ext}");
    }
}

#[test]
fn killing_a_build_at_any_moment_leaves_whole_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = root().join("tests/fixtures/week");
    // The folder already holds another week, so the archive changes from one week to two.
    assert!(build_week("2024-W24", &input, &out, &[]).status.success());
    let read_archive = |dir: &Path| -> Vec<Vec<u8>> {
        ARCHIVE
            .iter()
            .map(|n| fs::read(dir.join(n)).unwrap())
            .collect()
    };
    let one_week = read_archive(&out);
    let reference = tmp.path().join("reference");
    assert!(
        build_week("2024-W24", &input, &reference, &[])
            .status
            .success()
    );
    assert!(
        build_week("2024-W22", &input, &reference, &[])
            .status
            .success()
    );
    let two_weeks = read_archive(&reference);
    // A whole newsletter is what a build left alone writes from the same input (the input
    // is given by its full path, which the sources list shows).
    let golden: Vec<Vec<u8>> = FORMATS
        .iter()
        .map(|e| fs::read(reference.join(format!("2024-W22.{e}"))).unwrap())
        .collect();
    for round in 0..40u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_digest"))
            .args(["build", "--force", "--week", "2024-W22", "--input"])
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .current_dir(root())
            .env("SOURCE_DATE_EPOCH", "1717394400")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kills over a build's lifetime (a few to tens of milliseconds).
        std::thread::sleep(std::time::Duration::from_micros(round * 700));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        for (ext, want) in FORMATS.iter().zip(&golden) {
            if let Ok(got) = fs::read(out.join(format!("2024-W22.{ext}"))) {
                assert_eq!(&got, want, "round {round}: {ext} is not whole");
            }
        }
        let archive = read_archive(&out);
        for (i, name) in ARCHIVE.iter().enumerate() {
            assert!(
                archive[i] == one_week[i] || archive[i] == two_weeks[i],
                "round {round}: {name} is neither the old nor the new archive"
            );
        }
    }
}

#[test]
fn the_archive_lists_every_week_newest_first_and_its_feed_parses() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = root().join("tests/fixtures/week");
    assert!(build_week("2024-W22", &input, &out, &[]).status.success());
    let o = build_week("2024-W24", &input, &out, &["-v"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2024-W24: 1 story (1 shown) from 1 of 7 articles"),
        "{}",
        stderr(&o)
    );

    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let doc = Html::parse_document(&index);
    let sel = |s: &str| Selector::parse(s).unwrap();
    assert_eq!(doc.root_element().value().attr("dir"), Some("rtl"));
    let weeks: Vec<&str> = doc
        .select(&sel("h2 a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(weeks, ["2024-W24.html", "2024-W22.html"], "newest first");
    let text: String = doc.root_element().text().collect();
    assert!(
        text.contains("4 قصص") && text.contains("قصة واحدة"),
        "{text}"
    );
    assert!(
        text.contains("الحكومة والنقابات توقعان اتفاق الحوار الاجتماعي"),
        "top headline"
    );

    let xml = fs::read(out.join("feed.xml")).unwrap();
    let raw = String::from_utf8(xml.clone()).unwrap();
    assert!(raw.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\">"));
    let feed = feed_rs::parser::parse(&xml[..]).expect("feed.xml parses");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert!(feed.id.starts_with("urn:uuid:"), "{}", feed.id);
    assert!(
        feed.links
            .iter()
            .any(|l| l.rel.as_deref() == Some("self") && l.href.ends_with("feed.xml"))
    );
    assert!(!feed.authors.is_empty(), "an author for RFC 4287");
    let entries = &feed.entries;
    assert_eq!(entries.len(), 2);
    let updated: Vec<String> = entries
        .iter()
        .map(|e| e.updated.unwrap().to_rfc3339())
        .collect();
    assert_eq!(
        updated,
        ["2024-06-17T06:00:00+00:00", "2024-06-03T06:00:00+00:00"]
    );
    assert_eq!(
        feed.updated.unwrap().to_rfc3339(),
        "2024-06-17T06:00:00+00:00"
    );
    assert!(entries.iter().all(|e| e.id.starts_with("urn:uuid:")));
    assert_ne!(entries[0].id, entries[1].id);
    let content = entries[1]
        .content
        .as_ref()
        .unwrap()
        .body
        .as_deref()
        .unwrap();
    assert!(
        content.contains("<h2"),
        "the newsletter's HTML, unescaped by the parser"
    );
    assert!(content.contains("الحكومة والنقابات توقعان اتفاق الحوار الاجتماعي"));
    assert!(entries[1].links.iter().any(|l| l.href == "2024-W22.html"));

    // Building a week again changes neither ids nor dates: the same folder, the same feed.
    assert!(
        build_week("2024-W22", &input, &out, &["--force"])
            .status
            .success()
    );
    assert_eq!(fs::read(out.join("feed.xml")).unwrap(), xml);
}

#[test]
fn the_text_part_carries_keywords_labelled_sources_and_links() {
    let (tmp, o) = build_fixture_week(&[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(tmp.path().join("out/2024-W22.txt")).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("out/2024-W22.json")).unwrap()).unwrap();
    for story in json["stories"].as_array().unwrap() {
        let heading = format!(
            "{}. {}\n",
            story["number"],
            story["title"].as_str().unwrap()
        );
        let at = text.find(&heading).expect("the story's heading");
        let block = &text[at..];
        let block = &block[..block.find("\n\n").map_or(block.len(), |i| i + 1)];
        let keywords: Vec<&str> = story["keywords"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert!(
            block.contains(&format!("كلمات مفتاحية: {}", keywords.join("، "))),
            "{block}"
        );
        assert!(block.contains(&format!("{}:\n", story["sources_label"].as_str().unwrap())));
        assert!(
            block.contains(story["place_label"].as_str().unwrap()),
            "{block}"
        );
        for source in story["sources"].as_array().unwrap() {
            let name = source["name"].as_str().unwrap();
            let line = match source["url"].as_str() {
                Some(url) => format!("  • {name} – {url}\n"),
                None => format!("  • {name}\n"),
            };
            // A line starting left-to-right gets a right-to-left mark; these start Arabic.
            assert!(block.contains(&line), "{line} in {block}");
        }
    }
}

#[test]
fn group_by_country_gives_one_section_per_country() {
    let (tmp, o) = build_fixture_week(&[], &[("DIGEST_GROUP_BY", "country")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = fs::read_to_string(tmp.path().join("out/2024-W22.md")).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("out/2024-W22.json")).unwrap()).unwrap();
    assert_eq!(json["grouped"], true);
    let codes: Vec<&str> = json["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["country_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["MA", "SY", "EG", "JO"]);
    let order: Vec<usize> = [
        "## المغرب (قصة واحدة)",
        "### 1.",
        "## سوريا",
        "### 2.",
        "## مصر",
        "## الأردن",
    ]
    .iter()
    .map(|h| md.find(h).unwrap_or_else(|| panic!("{h} in {md}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

/// cmark-gfm, as Debian ships it (`.ci/run` installs it).
fn cmark_gfm(md: &str) -> String {
    let mut child = Command::new("cmark-gfm")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("cmark-gfm is installed (apt-get install cmark-gfm; .ci/run does it)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(md.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

/// The element names of an HTML fragment, in document order.
fn tag_sequence(html: &str) -> Vec<String> {
    Html::parse_fragment(html)
        .root_element()
        .descendants()
        .filter_map(|n| n.value().as_element().map(|e| e.name().to_owned()))
        .filter(|n| n != "html")
        .collect()
}

#[test]
fn the_markdown_renders_the_same_in_cmark_gfm_and_pulldown_cmark() {
    for env in [
        [("DIGEST_HIGHLIGHTS", "2")],
        [("DIGEST_GROUP_BY", "country")],
    ] {
        let (tmp, o) = build_fixture_week(&[], &env);
        assert!(o.status.success(), "{}", stderr(&o));
        let md = fs::read_to_string(tmp.path().join("out/2024-W22.md")).unwrap();
        let gfm = cmark_gfm(&md);
        let ours = digest::render::markdown_to_html(&md);
        for html in [&gfm, &ours] {
            assert!(!html.contains("{ #") && !html.contains("{#"), "{html}");
            assert!(!html.contains("raw HTML omitted"), "{html}");
        }
        assert_eq!(tag_sequence(&gfm), tag_sequence(&ours), "{env:?}");
        let gfm_doc = Html::parse_fragment(&gfm);
        let sel = |s: &str| Selector::parse(s).unwrap();
        assert_eq!(gfm_doc.select(&sel("h1")).count(), 1);
        let level = if env[0].0 == "DIGEST_GROUP_BY" {
            "h3"
        } else {
            "h2"
        };
        let headings: Vec<String> = gfm_doc
            .select(&sel(level))
            .map(|h| h.text().collect())
            .filter(|t: &String| t.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        assert_eq!(headings.len(), 4, "{headings:?}");
        assert!(
            headings[0].starts_with("1. الحكومة والنقابات"),
            "{headings:?}"
        );
        // Every source link is a link, and every in-page link names a heading's id.
        let links: Vec<String> = gfm_doc
            .select(&sel("a"))
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect();
        assert!(
            links
                .iter()
                .filter(|l| l.starts_with("https://example.org/"))
                .count()
                >= 5
        );
        let ids: Vec<String> = Html::parse_fragment(&ours)
            .select(&sel("[id]"))
            .map(|e| e.value().attr("id").unwrap().to_owned())
            .collect();
        for l in links.iter().filter(|l| l.starts_with('#')) {
            assert!(ids.contains(&percent_decode(&l[1..])), "{l} not in {ids:?}");
        }
    }
}

#[test]
fn hostile_articles_are_inert_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let hostile = "---\ntitle: \"عنوان\\r\\nBcc: victim@example.org\\n# {{title}} \u{202E}مقلوب\"\ndate: 2024-05-28\n\
source: \"<img src=x onerror=alert(1)>\"\nurl: \"data:text/html,<script>alert(2)</script>\"\n---\n\
وزارة العمل تعلن {{#each stories}}x{{/each}} برنامجا جديدا <script>alert(3)</script> لتشغيل الشباب في المدن الكبرى.\n\
| جدول | مزروع |\n\
وزارة العمل تؤكد [رابط](javascript:alert(4)) أن البرنامج الجديد لتشغيل الشباب يبدأ \u{202E}الشهر المقبل في المدن الكبرى `code`.\n";
    let input = folder(
        tmp.path(),
        "in",
        &[
            ("evil.md", hostile.as_bytes()),
            ("good.md", GOOD.as_bytes()),
        ],
    );
    let out = tmp.path().join("out");
    let o = build_week("2024-W22", &input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |ext: &str| fs::read_to_string(out.join(format!("2024-W22.{ext}"))).unwrap();
    let (md, html, txt, eml) = (read("md"), read("html"), read("txt"), read("eml"));
    // Markup from the article is escaped in Markdown and HTML; in plain text it is just text.
    assert!(!md.contains("<script>") && !html.contains("<script>"));
    for (name, text) in [("md", &md), ("html", &html), ("txt", &txt)] {
        assert!(!text.contains('\u{202E}'), "{name}: bidi override survived");
        assert!(
            !text.contains("null"),
            "{name}: a missing field rendered as null"
        );
        let shown = if name == "md" {
            "\\{\\{\\#each stories\\}\\}x\\{\\{/each\\}\\}"
        } else {
            "{{#each stories}}x{{/each}}"
        };
        assert!(
            text.contains(shown),
            "{name}: handlebars syntax kept as text"
        );
    }
    assert!(!txt.contains("\nBcc:") && !md.contains("\nBcc:"));
    let doc = Html::parse_document(&html);
    for sel in ["script", "img", "table table table", "code"] {
        assert_eq!(
            doc.select(&Selector::parse(sel).unwrap()).count(),
            0,
            "<{sel}>"
        );
    }
    for el in doc.select(&Selector::parse("*").unwrap()) {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event attribute {name}");
            assert!(
                !value.contains("javascript:") && !value.contains("data:"),
                "{name}={value}"
            );
        }
    }
    assert!(
        html.contains("{{#each stories}}x{{/each}}"),
        "handlebars syntax shown as text"
    );
    let msg = mail_parser::MessageParser::default()
        .parse(eml.as_bytes())
        .unwrap();
    assert!(
        msg.header_raw("Bcc").is_none(),
        "no header added from article text"
    );
    let headers_end = eml.find("\r\n\r\n").unwrap();
    assert!(!eml[..headers_end].contains("victim"));
}

#[test]
fn template_errors_name_the_file_and_line_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = root().join("tests/fixtures/week");
    let broken = "{{title}}\n\n{{#each stories}}\n{{title}\n";
    let tpl = folder(tmp.path(), "tpl", &[("digest.txt.hbs", broken.as_bytes())]);
    let o = build_week(
        "2024-W22",
        &input,
        &out,
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("digest.txt.hbs") && err.contains("line"),
        "{err}"
    );
    assert!(!out.exists());
    fs::write(tpl.join("digest.txt.hbs"), "{{title}}\n{{shout title}}\n").unwrap();
    let o = build_week(
        "2024-W22",
        &input,
        &out,
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("shout"), "{}", stderr(&o));
    assert!(
        !out.exists(),
        "nothing written when a template fails to render"
    );
}

#[test]
fn a_file_without_read_permission_is_named_and_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let open_to_all =
        |p: &Path, mode: u32| fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
    open_to_all(tmp.path(), 0o777);
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    open_to_all(&input, 0o755);
    fs::write(input.join("good.md"), GOOD).unwrap();
    open_to_all(&input.join("good.md"), 0o644);
    fs::write(input.join("secret.md"), GOOD).unwrap();
    open_to_all(&input.join("secret.md"), 0o000);
    let out = tmp.path().join("out");
    // Root reads any file: run the build as nobody then (setpriv, util-linux).
    let is_root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = if is_root {
        // A copy nobody can run, whatever the permissions of the checkout's folders.
        let bin = tmp.path().join("digest");
        fs::copy(env!("CARGO_BIN_EXE_digest"), &bin).unwrap();
        open_to_all(&bin, 0o755);
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_digest"))
    };
    let o = cmd
        .args(["build", "--week", "2024-W22", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("secret.md: Permission denied"), "{err}");
    let json = fs::read_to_string(out.join("2024-W22.json")).unwrap();
    assert!(json.contains("good.md") && !json.contains("secret.md"));
}
