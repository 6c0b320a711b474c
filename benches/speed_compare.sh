#!/usr/bin/env bash
# Same-run comparison of the summarise path of two builds (issue 17): builds OLD (a commit,
# default the parent of the first speed commit) beside the working tree, then alternates the
# two binaries on the same input (EASC dev repeated), one core and all cores, and reports
# medians and ratios. "One core" is one worker thread (RAYON_NUM_THREADS=1); "pinned" also
# confines the process to one CPU (taskset), so that no other thread of it can run beside
# the worker. With summa installed (pip install summa), also summa TextRank on one core over
# a slice of the same input, to express digest's speed as a multiple of it.
# Usage: [OLD_BIN=path] benches/speed_compare.sh [shared dir] [repeats] [old commit] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
repeats=${2:-120}
old=${3:-6ca92e4}
runs=${4:-5}
cargo build --release -q
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
if [ -n "${OLD_BIN:-}" ]; then
    old_bin=$OLD_BIN # a build of the old commit already at hand
else
    git worktree add -q --detach "$tmp/old" "$old"
    (cd "$tmp/old" && CARGO_TARGET_DIR="$PWD/../old-target" cargo build --release -q)
    old_bin="$tmp/old-target/release/digest"
fi
new_bin=target/release/digest
python3 benches/easc_repeat.py "$shared/bench/easc/dev.jsonl" "$repeats" > "$tmp/in.jsonl"
bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$tmp/in.jsonl")
"$old_bin" summarize --jsonl "$tmp/in.jsonl" > "$tmp/old.out"
"$new_bin" summarize --jsonl "$tmp/in.jsonl" > "$tmp/new.out"
if cmp -s "$tmp/old.out" "$tmp/new.out"; then echo "output: identical"; else echo "output: DIFFERENT"; fi
settings="1 $(nproc)"
command -v taskset > /dev/null && settings="1 pinned $(nproc)"
for threads in $settings; do
    for run in $(seq "$runs"); do
        for which in old new; do
            bin=$old_bin; [ "$which" = new ] && bin=$new_bin
            pin=()
            [ "$threads" = pinned ] && pin=(taskset -c 0)
            start=$(date +%s.%N)
            RAYON_NUM_THREADS=${threads/pinned/1} "${pin[@]}" "$bin" summarize --jsonl "$tmp/in.jsonl" > /dev/null
            end=$(date +%s.%N)
            echo "$threads $which $start $end"
        done
    done
done > "$tmp/times"
summa_mbs=""
if python3 -c "import summa" 2>/dev/null; then
    head -n 204 "$tmp/in.jsonl" > "$tmp/slice.jsonl"
    sbytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$tmp/slice.jsonl")
    start=$(date +%s.%N)
    python3 benches/summa_run.py "$tmp/slice.jsonl" > /dev/null
    end=$(date +%s.%N)
    summa_mbs=$(python3 -c "print($sbytes/1e6/($end-$start))")
fi
python3 - "$bytes" "$tmp/times" "$summa_mbs" <<'PY'
import statistics, sys
b, path, summa = int(sys.argv[1]), sys.argv[2], sys.argv[3]
t = {}
for line in open(path):
    th, which, s, e = line.split()
    t.setdefault((th, which), []).append(float(e) - float(s))
mbs = {k: b / 1e6 / statistics.median(v) for k, v in t.items()}
print(f"input {b/1e6:.1f} MB; medians of {len(next(iter(t.values())))} alternating runs")
for (th, which), v in sorted(t.items()):
    print(f"threads={th} {which}: median {statistics.median(v):.2f} s = {mbs[(th, which)]:.1f} MB/s, best {b/1e6/min(v):.1f} MB/s")
ths = sorted({th for th, _ in t if th != "pinned"}, key=int)
one, many = ths[0], ths[-1]
print(f"one core: new/old = {mbs[(one,'new')]/mbs[(one,'old')]:.2f}x")
if ("pinned", "new") in mbs:
    print(f"pinned to one CPU: new/old = {mbs[('pinned','new')]/mbs[('pinned','old')]:.2f}x")
if many != one:
    print(f"{many} cores/one core: new {mbs[(many,'new')]/mbs[(one,'new')]:.2f}x, old {mbs[(many,'old')]/mbs[(one,'old')]:.2f}x")
if summa:
    s = float(summa)
    print(f"summa one core: {s:.2f} MB/s; new one core = {mbs[(one,'new')]/s:.0f}x summa, old = {mbs[(one,'old')]/s:.0f}x")
PY
