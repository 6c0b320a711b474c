#!/usr/bin/env bash
# Whole-path summarisation throughput (read JSON, split, tokenise, rank, select, write JSON)
# on a large input made by repeating the EASC dev texts, on one core and on all cores.
# Usage: benches/summarize_speed.sh [shared dir] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
repeats=${2:-40}
cargo build --release -q
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$shared/bench/easc/dev.jsonl" "$repeats" > "$tmp/in.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for r in range(int(sys.argv[2])):
    for d in rows:
        print(json.dumps({"id": f"{d['id']}-{r}", "text": d["text"], "words": d["words"]}, ensure_ascii=False))
PY
bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$tmp/in.jsonl")
for threads in 1 "$(nproc)"; do
    start=$(date +%s.%N)
    RAYON_NUM_THREADS=$threads target/release/digest summarize --jsonl "$tmp/in.jsonl" > "$tmp/out.jsonl"
    end=$(date +%s.%N)
    python3 -c "import sys; b,s,e,t=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),sys.argv[4]; print(f'threads={t} text={b/1e6:.1f} MB time={e-s:.2f} s throughput={b/1e6/(e-s):.1f} MB/s')" "$bytes" "$start" "$end" "$threads"
done
