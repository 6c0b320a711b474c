//! The splitter never panics, and its spans tile the input: in order, on character
//! boundaries, with only whitespace between them.
#![no_main]

use digest::text::{Layout, SplitOptions, sentence_text, split_sentences};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for layout in [Layout::Auto, Layout::Lines, Layout::Wrapped] {
        for semicolon in [false, true] {
            let spans = split_sentences(text, &SplitOptions { layout, semicolon });
            let mut pos = 0;
            for sp in &spans {
                assert!(sp.start >= pos && sp.start < sp.end && sp.end <= text.len());
                assert!(text[pos..sp.start].chars().all(char::is_whitespace));
                let shown = sentence_text(text, *sp);
                let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                assert_eq!(squash(&shown), squash(&text[sp.start..sp.end]));
                pos = sp.end;
            }
            assert!(text[pos..].chars().all(char::is_whitespace));
        }
    }
});
