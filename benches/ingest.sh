#!/usr/bin/env bash
# Ingest dev scores: titles, publication dates, furniture share and body kept, on the real
# pages and crawler texts of ../shared/bench/pages and on the CMS-modelled pages written here
# (tests/fixtures/pages). Usage: bash benches/ingest.sh [SHARED_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared}"
bench="$shared/bench/pages"
cargo build --release --quiet
bin=${DIGEST_BIN:-target/release/digest}
score() { python3 "$bench/score_ingest.py" --bin "$bin" "$@"; }

echo "== real pages (bench/pages: html, text dumps, crawler texts)"
score --gold "$bench/gold.tsv" --dir "$bench/html" --dir "$bench/text" --dir "$bench/corpus" \
    --ref "$bench/ref" | tail -n 1
for kind in html text corpus; do
    printf '   %-6s ' "$kind"
    if [ "$kind" = corpus ]; then
        score --gold "$bench/gold.tsv" --dir "$bench/$kind" | tail -n 1
    else
        score --gold "$bench/gold.tsv" --dir "$bench/$kind" --ref "$bench/ref" | tail -n 1
    fi
done

pages=tests/fixtures/pages
echo "== CMS-modelled pages written here (gold title 'none' counts as a miss: 69/72 is full)"
score --gold "$pages/gold.tsv" --dir "$pages/html" --dir "$pages/text" --dir "$pages/corpus" \
    --ref "$pages/ref" | tail -n 1
for kind in html text; do
    printf '   %-6s ' "$kind"
    score --gold "$pages/gold.tsv" --dir "$pages/$kind" --ref "$pages/ref" | tail -n 1
done
printf '   %-6s ' corpus
score --gold "$pages/gold.tsv" --dir "$pages/corpus" --ref "$pages/ref_corpus" | tail -n 1
