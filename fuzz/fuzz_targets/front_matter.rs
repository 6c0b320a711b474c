//! Any text as the front matter of a `.md` file (YAML or TOML, chosen by the first byte):
//! parsed or refused with a message naming the file, never a panic, and in bounded time
//! (libFuzzer's `-timeout` catches a parse that grows with the square of the input, as
//! 160,000 `[` once did). When it parses, the body is the text after the block.
#![no_main]

use std::path::Path;

use digest::ingest::split_front_matter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let marker = if kind & 1 == 0 { "---" } else { "+++" };
    let block = String::from_utf8_lossy(rest);
    let text = format!("{marker}\n{block}\n{marker}\nنص الخبر.\n");
    match split_front_matter(&text, Path::new("fuzz.md")) {
        Ok((_, body)) => assert!(text.ends_with(&body)),
        Err(e) => assert!(e.to_string().starts_with("fuzz.md:"), "{e}"),
    }
});
