//! Any bytes as an article file: decoded or refused, never a panic; every sentence is text
//! of the cleaned body (lines dropped as boilerplate may join the lines around them).
#![no_main]

use std::path::Path;

use digest::ingest::{decode, parse_article, split_front_matter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.md");
    let Ok(text) = decode(data, path) else {
        return;
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let Ok((given, body)) = split_front_matter(&text, path) else {
        return;
    };
    let article = parse_article("fuzz.md", given, &body, &mut Vec::new());
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let all = squash(&article.body);
    for s in &article.sentences {
        assert!(all.contains(&squash(s)));
    }
});
