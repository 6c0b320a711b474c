//! Dump the ranker's features of every unit, for fitting the model (benches/fit_model.py).
//!
//! Usage: rank_features DATA.jsonl UNITS.jsonl > FEATURES.jsonl
//! DATA holds {"id", "title"?, "words"} lines (the bench set), UNITS `digest split --jsonl`
//! of it; each output line is {"id", "rows"}: one row of features (in the order of
//! `digest::rank::FEATURES`) per unit, under the article's word budget.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};

use digest::rank::{self, Budget, RankParams};
use serde_json::Value;

fn lines(path: &str) -> Vec<Value> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    BufReader::new(file)
        .lines()
        .map(|l| l.expect("readable line"))
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(&l).expect("a JSON line"))
        .collect()
}

fn id(v: &Value) -> String {
    match &v["id"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    assert!(
        args.len() == 3,
        "usage: rank_features DATA.jsonl UNITS.jsonl"
    );
    let units: HashMap<String, Vec<String>> = lines(&args[2])
        .iter()
        .map(|u| {
            (
                id(u),
                serde_json::from_value(u["sentences"].clone()).unwrap(),
            )
        })
        .collect();
    let params = RankParams::default();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", serde_json::json!({ "features": rank::FEATURES })).unwrap();
    for d in lines(&args[1]) {
        let k = id(&d);
        let budget = d["words"]
            .as_u64()
            .map_or(Budget::All, |w| Budget::Words(w as usize));
        let rows = rank::feature_rows(&units[&k], d["title"].as_str(), budget, &params);
        writeln!(out, "{}", serde_json::json!({ "id": k, "rows": rows })).unwrap();
    }
}
