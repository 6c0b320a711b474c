//! Ingest on the CMS-modelled pages of `tests/fixtures/pages` (written here, see its
//! README): no page may get a wrong publication date, and headlines must come out right
//! on nearly all of them. `benches/ingest.sh` prints the full scores.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Gold {
    file: String,
    title: Option<String>,
    date: Option<String>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages")
}

fn gold() -> Vec<Gold> {
    let text = std::fs::read_to_string(fixtures().join("gold.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let opt = |s: &str| (s != "none").then(|| s.to_owned());
            Gold {
                file: cols[0].to_owned(),
                title: opt(cols[1]),
                date: opt(cols[2]),
            }
        })
        .collect()
}

/// Titles compared as a reader would: format characters, spacing and closing
/// punctuation aside.
fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{200D}' | '\u{FEFF}'))
        .collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_end_matches(|c: char| ".,،;؛:!?؟…-–—".contains(c))
        .trim()
        .to_owned()
}

/// `digest inspect --format json` on every file of one folder at once, as a folder is read.
fn inspect(dir: &str) -> Vec<serde_json::Value> {
    let dir = fixtures().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let o = Command::new(env!("CARGO_BIN_EXE_digest"))
        .args(["inspect", "--format", "json"])
        .args(&files)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn no_wrong_dates_and_the_right_headline_on_modelled_pages() {
    let gold = gold();
    let (mut titles, mut right_titles) = (0, 0);
    let mut wrong_dates = Vec::new();
    for dir in ["html", "text", "corpus"] {
        for v in inspect(dir) {
            let path = v["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_str().unwrap();
            let Some(g) = gold.iter().find(|g| g.file == name) else {
                continue;
            };
            if let Some(d) = v["date"].as_str()
                && g.date.as_deref() != Some(d)
            {
                wrong_dates.push(format!("{name}: {d} (gold {:?})", g.date));
            }
            titles += 1;
            let got = v["title"].as_str().map(norm);
            if got == g.title.as_deref().map(norm) {
                right_titles += 1;
            }
        }
    }
    assert_eq!(titles, gold.len(), "every gold file was read");
    assert!(wrong_dates.is_empty(), "wrong dates: {wrong_dates:#?}");
    assert!(
        right_titles * 100 >= titles * 90,
        "{right_titles} of {titles} headlines right"
    );
}
