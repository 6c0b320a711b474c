//! Hostile inputs (issue 14): what a folder of scraped files, a template folder or a
//! command line can hold must not stall, corrupt or silently change a newsletter. Each
//! test is named after the failure it pins. The slow stress cases (100,000 files, a 50 MB
//! article, a 70 MB feed, kills during the publish step under strace) are `#[ignore]`d
//! and run against the release build by `.ci/run` (`cargo test --release -- --ignored`).
//!
//! `DIGEST_TEST_BIN=/path/to/digest` runs the same tests against another build (how
//! "failed before the fix" was checked).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    std::env::var_os("DIGEST_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_digest")))
}

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DIGEST_WEEK")
        // The mail's Date: fixed, so two builds of one input give the same files.
        .env("SOURCE_DATE_EPOCH", "1717394400")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Run digest; fail the test if it runs longer than `limit` (it is killed).
fn run_within(limit: Duration, args: &[&str]) -> Output {
    let mut child = cmd(args).spawn().expect("run digest");
    let start = Instant::now();
    // Drain the pipes in threads so a chatty child cannot block on them.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).ok();
        v
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("digest {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

fn run(args: &[&str]) -> Output {
    run_within(Duration::from_secs(120), args)
}

fn build(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--week",
        "2024-W22",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit code 101 is a Rust panic: never acceptable.
fn no_panic(o: &Output) {
    assert_ne!(o.status.code(), Some(101), "panic: {}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, bytes).unwrap();
    p
}

/// A dated article in week 2024-W22 with a title and two sentences of body.
fn article(title: &str, body: &str) -> String {
    format!("---\ndate: 2024-05-28\ntitle: {title}\n---\n{body}\n")
}

const BODY: &str = "أعلنت وزارة العمل اليوم عن برنامج جديد لتشغيل الشباب العاطلين في المدن الكبرى. \
وقال الوزير إن البرنامج يبدأ الشهر المقبل ويشمل عشرة آلاف شاب.";

fn read(out: &Path, ext: &str) -> String {
    fs::read_to_string(out.join(format!("2024-W22.{ext}"))).unwrap()
}

/// `(stories, articles of the week)` from the build's JSON.
fn counts(out: &Path) -> (u64, u64) {
    let v: serde_json::Value = serde_json::from_str(&read(out, "json")).unwrap();
    (
        v["story_count"].as_u64().unwrap(),
        v["article_count"].as_u64().unwrap(),
    )
}

// 1. Quadratic front matter -------------------------------------------------------------

#[test]
fn deeply_nested_front_matter_is_refused_at_once_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(&input, "ok.md", article("خبر عادي", BODY));
    let title = "[".repeat(160_000);
    write(&input, "deep.md", article(&title, BODY));
    let o = run_within(
        Duration::from_secs(20),
        &[
            "build",
            "--week",
            "2024-W22",
            "--input",
            input.to_str().unwrap(),
            "--out",
            tmp.path().join("out").to_str().unwrap(),
        ],
    );
    no_panic(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("deep.md:3: malformed YAML front matter"), "{e}");
    assert!(e.contains("nested more than 64 deep"), "{e}");
}

// 2. Output inside input ----------------------------------------------------------------

#[test]
fn a_build_never_reads_its_own_outputs_back() {
    let tmp = tempfile::tempdir().unwrap();
    let same = tmp.path().join("same");
    write(
        &same,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    let inner = same.join("out");
    for out in [&same, &inner] {
        let first = build(&same, out, &["--force"]);
        assert!(first.status.success(), "{}", stderr(&first));
        let md = read(out, "md");
        let second = build(&same, out, &[]);
        assert!(second.status.success(), "{}", stderr(&second));
        assert_eq!(
            read(out, "md"),
            md,
            "the second run read the first one's output"
        );
        assert_eq!(counts(out), (1, 1), "{}", stderr(&second));
        assert!(!md.contains("## 1. \\#"), "{md}");
    }
}

// 3. Duplicates at scale ----------------------------------------------------------------

#[test]
fn copies_merge_into_one_story_whatever_their_number() {
    let tmp = tempfile::tempdir().unwrap();
    for (n, near) in [(52, false), (501, false), (300, true)] {
        let input = tmp.path().join(format!("in{n}{near}"));
        for i in 0..n {
            // Near-copies: each differs from the others by a number in its last sentence.
            let body = if near {
                format!("{BODY} وبلغ عدد المسجلين حتى الآن {} شابا.", 1000 + i)
            } else {
                BODY.to_owned()
            };
            write(
                &input,
                &format!("{i:04}.md"),
                article("وزارة العمل تطلق برنامجا لتشغيل الشباب", &body),
            );
        }
        let out = tmp.path().join(format!("out{n}{near}"));
        let o = build(&input, &out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            counts(&out).0,
            1,
            "{n} copies (near: {near}): {}",
            stderr(&o)
        );
    }
}

// 4. Silent mojibake --------------------------------------------------------------------

#[test]
fn a_pasted_windows_1256_sentence_is_decoded_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let mut bytes = "---\ndate: 2024-05-28\n---\nوزارة العمل تطلق برنامجا لتشغيل الشباب\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(&encoding_rs::WINDOWS_1256.encode(BODY).0);
    bytes.extend_from_slice("\nوأضاف الوزير أن التسجيل مفتوح للجميع حتى نهاية الشهر.\n".as_bytes());
    write(&input, "mixed.md", &bytes);
    let out = tmp.path().join("out");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = read(&out, "md");
    assert!(md.contains("وزارة العمل تطلق برنامجا"), "{md}");
    assert!(
        md.contains("أعلنت وزارة العمل اليوم"),
        "the pasted sentence: {md}"
    );
    assert!(!md.contains('Ù') && !md.contains('Ø'), "mojibake: {md}");
    assert!(
        stderr(&o).contains("mixed.md: line 5 not UTF-8; decoded as windows-1256"),
        "{}",
        stderr(&o)
    );
    let strict = build(&input, &tmp.path().join("strict"), &["--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

#[test]
fn utf8_once_read_as_windows_1252_is_repaired_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let title = "وزارة العمل تطلق برنامجا لتشغيل الشباب";
    let garbled = encoding_rs::WINDOWS_1252
        .decode(title.as_bytes())
        .0
        .into_owned();
    write(
        &input,
        "scraped.md",
        format!("---\ndate: 2024-05-28\n---\n{garbled}\n{BODY}\n"),
    );
    let out = tmp.path().join("out");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "md").contains(title), "{}", read(&out, "md"));
    assert!(
        stderr(&o).contains("scraped.md: line 4 held UTF-8 read as Windows-1252"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn utf16_without_a_byte_order_mark_is_read_not_called_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let text = article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY);
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    write(&input, "utf16.md", le);
    let out = tmp.path().join("out");
    let o = build(&input, &out, &["--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "md").contains("وزارة العمل تطلق برنامجا"));
}

// 5. A whole crawler feed lost ----------------------------------------------------------

fn feed_line(i: usize) -> String {
    format!(
        "{{\"title\":\"خبر رقم {i} عن سوق العمل\",\"date\":\"{}\",\"text\":\"نص الخبر رقم {i} عن سوق العمل في المدينة. وجملة ثانية عن الأجور رقم {i}.\"}}\n",
        if i % 1000 == 7 {
            "2024-05-28"
        } else {
            "2024-01-10"
        }
    )
}

#[test]
fn a_nul_line_costs_one_line_of_a_feed_not_the_feed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let mut feed = String::new();
    for i in 1..=2000 {
        feed.push_str(&if i == 500 {
            "\0\0\0\n".to_owned()
        } else {
            feed_line(i)
        });
    }
    write(&input, "feed.jsonl", feed);
    let out = tmp.path().join("out");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("feed.jsonl:500: a NUL byte"), "{e}");
    assert_eq!(counts(&out).1, 2, "lines 7 and 1007 are in the week: {e}");
}

#[test]
#[ignore = "stress: a 70 MB feed of 100,000 lines; run by .ci/run against the release build"]
fn a_feed_over_64_mb_with_a_nul_line_is_read_line_by_line() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let mut f = std::io::BufWriter::new(fs::File::create(input.join("big.jsonl")).unwrap());
    let pad = "ح".repeat(300);
    for i in 1..=100_000 {
        let line = if i == 50_000 {
            "\0\n".to_owned()
        } else {
            feed_line(i).replace("وجملة ثانية", &format!("وجملة {pad} ثانية"))
        };
        std::io::Write::write_all(&mut f, line.as_bytes()).unwrap();
    }
    drop(f);
    assert!(fs::metadata(input.join("big.jsonl")).unwrap().len() > 64 << 20);
    let out = tmp.path().join("out");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("big.jsonl:50000: a NUL byte"),
        "{}",
        stderr(&o)
    );
    assert_eq!(counts(&out).1, 100, "{}", stderr(&o));
}

// 6. Blank stories ----------------------------------------------------------------------

#[test]
fn dated_articles_without_text_are_named_not_published_blank() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "good.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    write(&input, "empty.md", "---\ndate: 2024-05-29\n---\n");
    write(
        &input,
        "furniture.md",
        "---\ndate: 2024-05-29\n---\nالرئيسية\nاترك تعليقاً\nإقرأ أيضاً:\n",
    );
    write(
        &input,
        "word.md",
        format!("---\ndate: 2024-05-30\n---\n{}\n", "ب".repeat(1 << 20)),
    );
    let out = tmp.path().join("out");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    for f in ["empty.md", "furniture.md", "word.md"] {
        assert!(e.contains(&format!("{f}: dated 2024-05-")), "{f}: {e}");
    }
    assert_eq!(counts(&out), (1, 1), "{e}");
    let md = read(&out, "md");
    assert!(!md.contains("##  ") && !md.contains(".  {"), "{md}");
    let strict = build(&input, &tmp.path().join("strict"), &["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
#[ignore = "stress: a 30 MB one-word article; run by .ci/run against the release build"]
fn a_30_mb_word_is_not_a_story() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "good.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    write(
        &input,
        "word.md",
        format!("---\ndate: 2024-05-30\n---\n{}\n", "ب".repeat(15 << 20)),
    );
    let out = tmp.path().join("out");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("word.md: dated 2024-05-30"),
        "{}",
        stderr(&o)
    );
    assert_eq!(counts(&out), (1, 1));
}

// 7. The set is not atomic as a set ------------------------------------------------------

const FORMATS: [&str; 5] = ["md", "html", "txt", "eml", "json"];

#[test]
fn a_stray_folder_in_the_set_stops_the_build_before_any_file_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    let out = tmp.path().join("out");
    assert!(build(&input, &out, &[]).status.success());
    let before: Vec<String> = ["md", "html", "txt", "eml"]
        .iter()
        .map(|e| read(&out, e))
        .collect();
    fs::remove_file(out.join("2024-W22.json")).unwrap();
    fs::create_dir(out.join("2024-W22.json")).unwrap();
    write(
        &input,
        "b.md",
        article(
            "النقابات تطالب برفع الحد الأدنى للأجور",
            "طالبت النقابات اليوم برفع الحد الأدنى للأجور في القطاع الخاص. وقالت إن الأسعار ارتفعت كثيرا هذا العام.",
        ),
    );
    let o = build(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2024-W22.json: is a folder"),
        "{}",
        stderr(&o)
    );
    let after: Vec<String> = ["md", "html", "txt", "eml"]
        .iter()
        .map(|e| read(&out, e))
        .collect();
    assert_eq!(before, after, "no file of the set may change");
}

#[test]
fn leftovers_of_killed_builds_are_swept() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    let out = tmp.path().join("out");
    assert!(build(&input, &out, &[]).status.success());
    let stale = [".digest-abc123.tmp", ".digest-builds/bkilled/2024-W22.md"];
    for s in stale {
        write(&out, s, "half");
    }
    assert!(build(&input, &out, &["--force"]).status.success());
    for s in stale {
        assert!(!out.join(s).exists(), "{s} is still there");
    }
}

/// Two inputs giving different digests; builds of them alternate and are killed while
/// they publish (every rename slowed down by strace); afterwards all five files must come
/// from one build.
#[test]
#[ignore = "stress: needs strace; kills builds while they publish; run by .ci/run"]
fn a_kill_while_publishing_leaves_one_whole_set() {
    assert!(
        Command::new("strace")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success()),
        "strace is needed"
    );
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    write(
        &a,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    write(
        &b,
        "b.md",
        article(
            "النقابات تطالب برفع الحد الأدنى للأجور",
            "طالبت النقابات اليوم برفع الحد الأدنى للأجور في القطاع الخاص. وقالت إن الأسعار ارتفعت كثيرا هذا العام.",
        ),
    );
    let reference = |input: &Path, name: &str| -> Vec<Vec<u8>> {
        let out = tmp.path().join(name);
        assert!(build(input, &out, &[]).status.success());
        FORMATS
            .iter()
            .map(|e| fs::read(out.join(format!("2024-W22.{e}"))).unwrap())
            .collect()
    };
    let sets = [reference(&a, "ref-a"), reference(&b, "ref-b")];
    let out = tmp.path().join("out");
    assert!(build(&a, &out, &[]).status.success());
    let mut seen = [0, 0];
    for round in 0..16u64 {
        let input = if round % 2 == 0 { &b } else { &a };
        let mut child = Command::new("strace")
            .args([
                "-f",
                "-o",
                "/dev/null",
                "-e",
                "inject=symlink,symlinkat,rename,renameat,renameat2:delay_exit=300000",
            ])
            .arg(bin())
            .env("SOURCE_DATE_EPOCH", "1717394400")
            .args(["build", "--force", "--week", "2024-W22", "--input"])
            .arg(input)
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(30 + round * 60));
        // strace passes SIGKILL on to the build when it dies itself: kill the build.
        let _ = Command::new("pkill")
            .args(["-KILL", "-P", &child.id().to_string()])
            .status();
        let _ = child.kill();
        let _ = child.wait();
        let got: Vec<Vec<u8>> = FORMATS
            .iter()
            .map(|e| fs::read(out.join(format!("2024-W22.{e}"))).unwrap())
            .collect();
        let which = sets.iter().position(|s| *s == got);
        assert!(
            which.is_some(),
            "round {round}: the published files come from different builds"
        );
        // Round 0 builds b (set 1), round 1 builds a (set 0), …
        let built = 1 - round as usize % 2;
        seen[usize::from(which == Some(built))] += 1;
    }
    // The kills fell both before and after the switch (kept, switched): the test saw both
    // sides of it.
    eprintln!("kills that kept the old set, that left the new one: {seen:?}");
    assert!(seen[0] > 0 && seen[1] > 0, "kept, switched: {seen:?}");
}

// 8. Unbounded output -------------------------------------------------------------------

/// The page's width in Chromium with an 800 px window.
fn chromium_width(html: &str) -> u32 {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("page.html");
    let probe = "<script>document.body.setAttribute('data-width', String(document.documentElement.scrollWidth));</script></body>";
    fs::write(&page, html.replacen("</body>", probe, 1)).unwrap();
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=800,600",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium is needed (.ci/run installs it)");
    let dom = String::from_utf8_lossy(&o.stdout);
    let at = dom.find("data-width=\"").expect("the probe ran") + 12;
    dom[at..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn a_long_url_in_a_sentence_does_not_widen_the_mail() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let url = format!("https://example.org/{}", "segment-of-a-path/".repeat(17));
    let body = format!(
        "أعلنت وزارة العمل اليوم عن برنامج جديد للتشغيل على الرابط {url} لمن يرغب في التسجيل. وقال الوزير إن البرنامج يبدأ الشهر المقبل."
    );
    write(
        &input,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", &body),
    );
    let out = tmp.path().join("out");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let width = chromium_width(&read(&out, "html"));
    assert!(width <= 800, "the page is {width} px wide at 800 px");
    let longest = |s: &str| {
        s.split(|c: char| c.is_whitespace() || c == '\u{200B}')
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
    };
    assert!(
        longest(&read(&out, "txt")) <= 60,
        "an unbreakable run in the text part"
    );
}

#[test]
fn a_title_of_200000_words_is_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let title = "كلمة ".repeat(200_000);
    write(&input, "a.md", article(title.trim(), BODY));
    let source = format!(
        "{{\"title\":\"خبر\",\"date\":\"2024-05-29\",\"source\":\"{}\",\"text\":\"{BODY}\"}}\n",
        "مصدر ".repeat(100_000)
    );
    write(&input, "b.jsonl", source);
    let out = tmp.path().join("out");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let eml = fs::metadata(out.join("2024-W22.eml")).unwrap().len();
    assert!(eml < 200_000, "the .eml is {eml} bytes");
    assert!(read(&out, "md").contains("كلمة كلمة…"));
}

// 10. Panics ----------------------------------------------------------------------------

#[test]
fn weeks_and_days_outside_the_supported_years_are_refused_not_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "far.md",
        "---\ndate: 9999-12-29\ntitle: بعيد\n---\nنص الخبر هنا طويل بما يكفي.\n",
    );
    let out = tmp.path().join("out");
    let (i, o) = (input.to_str().unwrap(), out.to_str().unwrap());
    for args in [
        vec!["build", "--input", i, "--out", o, "--week", "9999-W52"],
        vec!["build", "--input", i, "--out", o, "--week", "262143-W01"],
        vec![
            "build",
            "--input",
            i,
            "--out",
            o,
            "--today",
            "+262142-12-31",
            "--week",
            "this",
        ],
        vec!["build", "--input", i, "--out", o, "--today=-262143-01-01"],
        vec![
            "build",
            "--input",
            i,
            "--out",
            o,
            "--today",
            "9998-12-31",
            "--week",
            "this",
        ],
        vec![
            "build",
            "--input",
            i,
            "--out",
            o,
            "--today",
            "1900-01-02",
            "--week",
            "last",
        ],
    ] {
        let r = run(&args);
        no_panic(&r);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {}", stderr(&r));
        assert!(stderr(&r).contains("1900-9998"), "{args:?}: {}", stderr(&r));
    }
}

// 11. Templates -------------------------------------------------------------------------

fn with_templates(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    let templates = tmp.path().join("templates");
    fs::create_dir(&templates).unwrap();
    for (name, text) in files {
        write(&templates, name, text);
    }
    (tmp, input, templates)
}

fn build_with(input: &Path, templates: &Path, out: &Path) -> Output {
    run_within(
        Duration::from_secs(30),
        &[
            "build",
            "--week",
            "2024-W22",
            "--input",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--templates",
            templates.to_str().unwrap(),
        ],
    )
}

#[test]
fn partials_including_each_other_are_refused_naming_the_partial() {
    let (tmp, input, templates) = with_templates(&[
        ("digest.md.hbs", "{{> loop-a}}"),
        ("loop-a.hbs", "a {{> loop-b}}"),
        ("loop-b.hbs", "b {{> loop-a}}"),
    ]);
    let out = tmp.path().join("out");
    let o = build_with(&input, &templates, &out);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("loop-a.hbs") && e.contains("loop-a → loop-b → loop-a"),
        "{e}"
    );
    assert!(!out.join("2024-W22.md").exists());
}

#[test]
fn a_template_loop_over_loops_is_stopped_by_the_output_bound() {
    let nested = format!(
        "{{{{#each stories}}}}{{{{#each ../stories}}}}{{{{#each ../../stories}}}}{{{{#each ../../../stories}}}}{}{{{{/each}}}}{{{{/each}}}}{{{{/each}}}}{{{{/each}}}}",
        "x".repeat(2000)
    );
    let (tmp, input, templates) = with_templates(&[("digest.md.hbs", &nested)]);
    for i in 0..40 {
        let title = format!("خبر رقم {i} عن الأجور والتشغيل في القطاع رقم {i}");
        let body = format!(
            "قالت الوزارة في البيان رقم {i} إن القطاع رقم {i} يشغل {} عاملا. وأضافت أن الأجور في القطاع رقم {i} سترتفع.",
            i * 37 + 11
        );
        write(&input, &format!("s{i}.md"), article(&title, &body));
    }
    let o = build_with(&input, &templates, &tmp.path().join("out"));
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("output passes 32 MB"), "{}", stderr(&o));
}

#[test]
#[ignore = "stress: waits for the 20 s render time bound; run by .ci/run"]
fn a_template_looping_six_deep_without_output_is_stopped_by_the_time_bound() {
    let mut nested = String::new();
    for depth in 0..6 {
        nested.push_str(&format!("{{{{#each {}stories}}}}", "../".repeat(depth)));
    }
    nested.push_str(&"{{/each}}".repeat(6));
    let (tmp, input, templates) = with_templates(&[("digest.md.hbs", &nested)]);
    for i in 0..40 {
        let title = format!("خبر رقم {i} عن الأجور والتشغيل في القطاع رقم {i}");
        let body = format!(
            "قالت الوزارة في البيان رقم {i} إن القطاع رقم {i} يشغل {} عاملا. وأضافت أن الأجور في القطاع رقم {i} سترتفع.",
            i * 37 + 11
        );
        write(&input, &format!("s{i}.md"), article(&title, &body));
    }
    let started = Instant::now();
    let o = build_with(&input, &templates, &tmp.path().join("out"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("rendering took longer than 20 s"),
        "{}",
        stderr(&o)
    );
    assert!(started.elapsed() < Duration::from_secs(28));
}

#[test]
fn a_config_title_of_100000_characters_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    let config = write(
        tmp.path(),
        "digest.toml",
        format!("title = \"{}\"\n", "ع".repeat(100_000)),
    );
    let o = build(
        &input,
        &tmp.path().join("out"),
        &["--config", config.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("title must be at most 4000 characters"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_render_error_in_a_partial_names_the_partial_file() {
    let (tmp, input, templates) =
        with_templates(&[("story.md.hbs", "{{title}}\n{{no_such_field}}\n")]);
    let o = build_with(&input, &templates, &tmp.path().join("out"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("story.md.hbs, line 2"), "{e}");
}

#[test]
fn a_fifo_template_is_refused_not_waited_for() {
    let (tmp, input, templates) = with_templates(&[]);
    let fifo = templates.join("story.md.hbs");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = build_with(&input, &templates, &tmp.path().join("out"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("story.md.hbs: not a regular file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_template_file_nothing_uses_is_a_warning() {
    let (tmp, input, templates) = with_templates(&[("digest.htm.hbs", "<p>{{title}}</p>")]);
    let o = build_with(&input, &templates, &tmp.path().join("out"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("digest.htm.hbs: no template is named 'digest.htm'"),
        "{}",
        stderr(&o)
    );
}

// 12. Symbolic links out of the input folder --------------------------------------------

#[test]
fn links_to_files_outside_the_input_folder_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    let secret = write(
        tmp.path(),
        "secret.txt",
        "نشر في 28 مايو 2024\nكلمة السر السرية للخادم هي هذه الجملة الطويلة جدا في هذا الملف.\n",
    );
    std::os::unix::fs::symlink(&secret, input.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink(input.join("a.md"), input.join("inside.md")).unwrap();
    let out = tmp.path().join("out");
    let o = build(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("passwd.txt: a link to"),
        "{}",
        stderr(&o)
    );
    for ext in FORMATS {
        assert!(
            !read(&out, ext).contains("كلمة السر"),
            "{ext} publishes the linked file"
        );
    }
    let o = build(
        &input,
        &tmp.path().join("out2"),
        &["--follow-outside-links"],
    );
    assert!(o.status.success());
    assert!(read(&tmp.path().join("out2"), "md").contains("كلمة السر"));
}

// 13. Wrong dates with no warning --------------------------------------------------------

#[test]
fn two_digit_and_hijri_given_dates_are_warnings_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    write(
        &input,
        "two.md",
        format!("---\ndate: 28-05-24\ntitle: خبر\n---\n{BODY}\n"),
    );
    write(
        &input,
        "hijri.md",
        format!("---\ndate: 1445-11-20\ntitle: خبر\n---\n{BODY}\n"),
    );
    let o = build(&input, &tmp.path().join("out"), &[]);
    assert!(o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("two.md: the given date '28-05-24' has a two-digit year"),
        "{e}"
    );
    assert!(
        e.contains("hijri.md: the given date '1445-11-20' has the year 1445: a Hijri date?"),
        "{e}"
    );
}

// 14. Smaller ---------------------------------------------------------------------------

#[test]
fn file_names_cannot_forge_log_lines_and_non_utf8_names_are_kept() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    write(
        &input,
        "x\ndigest: error: forged.md",
        "no date here, just text.\n",
    );
    // Undated articles are named with -v (routine otherwise).
    let o = build(&input, &tmp.path().join("out"), &["-v"]);
    assert!(o.status.success());
    assert!(
        !stderr(&o)
            .lines()
            .any(|l| l.starts_with("digest: error: forged")),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("x\\ndigest: error: forged.md"),
        "{}",
        stderr(&o)
    );
    let raw = input.join(std::ffi::OsStr::from_bytes(b"caf\xe9.md"));
    fs::write(&raw, article("عنوان", BODY)).unwrap();
    let o = cmd(&["inspect", "--format", "json"])
        .arg(&raw)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["path"].as_str().unwrap().contains("caf\\xE9.md"), "{v}");
}

#[test]
fn a_marker_with_spaces_or_a_double_bom_still_opens_front_matter() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "space.md",
        format!("--- \ndate: 2024-05-28\ntitle: عنوان بمسافة\n---\n{BODY}\n"),
    );
    write(
        &input,
        "bom.md",
        "\u{FEFF}\u{FEFF}---\ndate: 2024-05-29\ntitle: النقابات تطالب برفع الأجور\n---\nطالبت النقابات اليوم برفع الحد الأدنى للأجور في القطاع الخاص. وقالت إن الأسعار ارتفعت.\n",
    );
    let out = tmp.path().join("out");
    let o = build(&input, &out, &["--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = read(&out, "md");
    assert!(
        md.contains("عنوان بمسافة") && md.contains("النقابات تطالب برفع الأجور"),
        "{md}"
    );
    assert!(
        !md.contains("title") && !md.contains("date"),
        "front matter as text: {md}"
    );
}

#[test]
fn a_bom_before_a_latin_title_does_not_hide_the_right_to_left_mark() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "a.md",
        article("\u{FEFF}ILO report on youth jobs", BODY),
    );
    let out = tmp.path().join("out");
    assert!(build(&input, &out, &[]).status.success());
    let txt = read(&out, "txt");
    let line = txt
        .lines()
        .find(|l| l.contains("ILO report"))
        .expect("title line");
    assert!(!line.contains('\u{FEFF}'), "{line:?}");
    assert!(
        line.starts_with('\u{200F}'),
        "no right-to-left mark: {line:?}"
    );
}

#[test]
fn flag_errors_say_what_is_wrong() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "a.md",
        article("وزارة العمل تطلق برنامجا لتشغيل الشباب", BODY),
    );
    let file = write(tmp.path(), "file", "x");
    let (i, f) = (input.to_str().unwrap(), file.to_str().unwrap());
    let missing = tmp.path().join("missing");
    let m = missing.to_str().unwrap();
    for (args, want) in [
        (
            vec!["build", "--week", "2024-W22", "--input", i, "--out", f],
            "the output folder",
        ),
        (
            vec!["build", "--week", "2024-W22", "--input", m],
            "the input folder",
        ),
        (
            vec!["build", "--week", "2024-02-30", "--input", i],
            "no day 30 in February 2024",
        ),
        (
            vec!["build", "--today", "2024-13-01", "--input", i],
            "no month 13",
        ),
    ] {
        let o = run(&args);
        no_panic(&o);
        assert!(!o.status.success());
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}

// Stress cases from tests/cli.rs, against the release build -------------------------------

#[test]
#[ignore = "stress: 100,000 files; run by .ci/run against the release build"]
fn a_hundred_thousand_files_with_hostile_ones_among_them() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    for i in 0..100_000 {
        let date = if i == 0 { "2024-05-28" } else { "2024-01-10" };
        fs::write(
            input.join(format!("{i:06}.md")),
            format!("---\ndate: {date}\ntitle: خبر {i}\n---\nنص قصير رقم {i}.\n"),
        )
        .unwrap();
    }
    write(&input, "deep.md", article(&"[".repeat(1 << 20), BODY));
    let out = tmp.path().join("out");
    let o = run_within(
        Duration::from_secs(240),
        &[
            "build",
            "--week",
            "2024-W22",
            "--input",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("deep.md:3: malformed YAML"),
        "{}",
        stderr(&o)
    );
    assert_eq!(counts(&out), (1, 1));
}
