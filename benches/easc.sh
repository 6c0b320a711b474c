#!/usr/bin/env bash
# ROUGE on the shared EASC dev set: digest summarize --jsonl with each article's word budget,
# beside lead and leadfill (the opening sentences under the same budget rule, leadfill
# skipping one that does not fit) with a paired bootstrap interval and the junk-unit rates
# (benches/summary_eval.py); the last line is rouge_ar.py's score line for digest.
# Extra arguments go to `digest summarize` (for ablations).
# Usage: benches/easc.sh [--shared DIR] [summarize flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
if [ "${1:-}" = "--shared" ]; then shared=$2; shift 2; fi
easc="$shared/bench/easc"
cargo build --release -q
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
target/release/digest summarize --jsonl "$easc/dev.jsonl" "$@" > "$tmp/pred.jsonl"
target/release/digest split --jsonl "$easc/dev.jsonl" > "$tmp/units.jsonl"
python3 benches/summary_eval.py --data "$easc/dev.jsonl" --units "$tmp/units.jsonl" \
    --rouge "$easc/rouge_ar.py" --pred "digest=$tmp/pred.jsonl"
python3 "$easc/rouge_ar.py" --pred "$tmp/pred.jsonl" --data "$easc/dev.jsonl" | tail -n 1
