#!/usr/bin/env bash
# One huge article: the EASC dev texts repeated into a single .md of about 50 MiB, dated in
# 2024-W22, built with `digest build`; prints the best time and the peak RSS of three runs
# (the issue's bound: 150 MiB).
# Usage: benches/big_article.sh [shared dir] [MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
mib=${2:-50}
cargo build --release -q
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
mkdir "$tmp/in"
python3 - "$shared/bench/easc/dev.jsonl" "$mib" "$tmp/in/big.md" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
text = "\n\n".join(r["text"] for r in rows)
want, parts, size = int(sys.argv[2]) * 1024 * 1024, [], 0
while size < want:
    parts.append(text)
    size += len(text.encode())
with open(sys.argv[3], "w", encoding="utf-8") as f:
    f.write('---\ntitle: "مقال طويل جدا"\ndate: 2024-05-28\nsource: مصدر\n---\n')
    f.write("\n\n".join(parts) + "\n")
PY
best="" rss=0
for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" target/release/digest build --week 2024-W22 \
        --input "$tmp/in" --out "$tmp/out" > /dev/null 2> "$tmp/log"
    read -r t m < "$tmp/time"
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
done
echo "article=$(du -h "$tmp/in/big.md" | cut -f1) cores=$(nproc) best_of_3=${best}s peak_rss=$((rss / 1024))MiB"
