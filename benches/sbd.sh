#!/usr/bin/env bash
# Sentence-boundary scores on the shared SBD dev set, with paragraph breaks and on one line.
# Usage: benches/sbd.sh [path/to/shared]   (default: ../shared beside the repo)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
sbd="$shared/bench/sbd"
cargo build --release -q
bin=target/release/digest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for mode in paragraphs oneline; do
    flag=()
    [ "$mode" = oneline ] && flag=(--oneline)
    python3 "$sbd/score_sbd.py" input --gold "$sbd/dev.jsonl" "${flag[@]}" > "$tmp/in.jsonl"
    "$bin" split --jsonl "$tmp/in.jsonl" > "$tmp/pred.jsonl"
    printf '%-11s ' "$mode"
    python3 "$sbd/score_sbd.py" score --gold "$sbd/dev.jsonl" --pred "$tmp/pred.jsonl" "${flag[@]}" | tail -n 1
done
