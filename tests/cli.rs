//! End-to-end tests of the `digest` binary: golden outputs for the seed corpus and the
//! command-line contract. `DIGEST_BLESS=1 cargo test` rewrites the golden files.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root so `seeds/...` paths are stable.
fn digest(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_digest"))
        .args(args)
        .current_dir(root())
        .env_remove("DIGEST_WEEK")
        .env_remove("DIGEST_INPUT")
        .env_remove("DIGEST_OUT")
        .env_remove("DIGEST_TEMPLATES")
        .output()
        .expect("run digest")
}

fn digest_stdin(args: &[&str], input: &str) -> Output {
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
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
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

const GOLDEN_WEEKS: [&str; 3] = ["2021-W22", "2024-W22", "2024-W26"];

/// Every output the golden folder should hold: relative path → bytes.
fn golden_outputs() -> Vec<(PathBuf, Vec<u8>)> {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().to_str().unwrap();
    let mut produced = Vec::new();
    for week in GOLDEN_WEEKS {
        let o = digest(&["build", "--week", week, "--out", out_dir]);
        assert!(o.status.success(), "build {week}: {}", stderr(&o));
        for ext in ["md", "html"] {
            let name = format!("{week}.{ext}");
            produced.push((
                PathBuf::from(&name),
                fs::read(tmp.path().join(&name)).unwrap(),
            ));
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
        ("000", Some("2021-06-04"), Some("text"), None),
        ("001", Some("2024-05-28"), Some("labelled"), Some("زنقة 20")),
        (
            "002",
            Some("2024-06-26"),
            Some("text"),
            Some("مجلة المغرب تحت المجهر"),
        ),
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

#[test]
fn week_22_holds_no_sentence_of_the_libya_story() {
    let tmp = tempfile::tempdir().unwrap();
    let o = digest(&[
        "build",
        "--week",
        "2024-W22",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
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
        assert_eq!(
            stdout(&o),
            format!("{out}/2024-W22.md\n{out}/2024-W22.html\n"),
            "one written path per line"
        );
        assert!(stderr(&o).contains("003_79c9667c132087d8.txt: no publication date found"));
    }
    for name in ["2024-W22.md", "2024-W22.html"] {
        assert_eq!(
            fs::read(a.path().join(name)).unwrap(),
            fs::read(b.path().join(name)).unwrap()
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
        "2024-06-26",
        "--out",
        out,
    ]);
    assert!(stdout(&o).contains("2024-W26.md"), "{}", stderr(&o));
}

#[test]
fn empty_week_exits_3_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = digest(&[
        "build",
        "--week",
        "2024-W30",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(err.contains("no article is dated in 2024-W30"), "{err}");
    assert!(
        err.contains("5 scanned") && err.contains("2 without a date"),
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
    let tmp = tempfile::tempdir().unwrap();
    let o = digest(&[
        "build",
        "--week",
        "2024-W26",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(tmp.path().join("2024-W26.html")).unwrap();
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
    assert!(titles[0].contains("أحمد بلفاطمي"));
    assert!(html.contains("24 – 30 يونيو 2024"));
}

#[test]
fn article_text_cannot_inject_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("evil.md"),
        "---\ntitle: \"# <script>alert(1)</script> [x](javascript:alert(2))\"\ndate: 2024-05-28\n\
source: \"<img src=x onerror=alert(3)>\"\nurl: \"javascript:alert(4)\"\n---\n\
وزارة العمل تعلن <script>alert(5)</script> برنامجا جديدا لتشغيل الشباب في المدن الكبرى.\n\
# عنوان مزروع في النص مع رابط [انقر هنا](http://evil.example) وصورة ![x](http://evil.example/x.png) للعمال.\n\
وزارة العمل تؤكد أن البرنامج الجديد لتشغيل الشباب يبدأ الشهر المقبل في المدن الكبرى.\n",
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
    let tpl = tmp.path().join("tpl");
    fs::create_dir(&tpl).unwrap();
    fs::write(
        tpl.join("story.md.hbs"),
        "### {{title}} ({{date}})\n{{#each sentences}}{{this}}\n{{/each}}\n",
    )
    .unwrap();
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

    let bad = tmp.path().join("bad");
    fs::create_dir(&bad).unwrap();
    fs::write(bad.join("digest.md.hbs"), "# {{title}\n{{#each stories}}\n").unwrap();
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
