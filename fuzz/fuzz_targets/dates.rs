//! The date parser never panics and never returns a date outside 1900–2100.
#![no_main]

use chrono::Datelike;
use digest::ingest::dates::{find_date, labelled_date, parse_date_value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(d) = find_date(text) {
        assert!((1900..=2100).contains(&d.year()));
    }
    let _ = parse_date_value(text);
    let _ = labelled_date(text);
});
