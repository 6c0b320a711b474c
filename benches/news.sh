#!/usr/bin/env bash
# ROUGE on the shared news dev set (BBC Arabic, one-sentence BBC summaries): digest beside
# lead, leadfill and summa (when pip has it) under the same budget rule, with a paired
# bootstrap interval for digest - leadfill and digest - lead, the junk-unit rates, and the
# February-March (fit) and April (validation) slices. Extra arguments go to
# `digest summarize` (for ablations: --param KEY=VALUE).
# Usage: benches/news.sh [--shared DIR] [--data FILE] [summarize flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
data=""
while [ $# -gt 0 ]; do
    case "$1" in
        --shared) shared=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        *) break ;;
    esac
done
data=${data:-$shared/bench/news/dev.jsonl}
cargo build --release -q
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=target/release/digest
"$bin" summarize --jsonl "$data" "$@" > "$tmp/digest.jsonl"
"$bin" split --jsonl "$data" > "$tmp/units.jsonl"
preds=(--pred "digest=$tmp/digest.jsonl")
if [ -z "${NO_SUMMA:-}" ] && python3 -c "import summa" 2>/dev/null; then
    python3 benches/summa_run.py "$data" > "$tmp/summa.jsonl"
    preds+=(--pred "summa=$tmp/summa.jsonl")
else
    echo "summa: not installed (pip install summa) or NO_SUMMA set; left out"
fi
python3 benches/summary_eval.py --data "$data" --units "$tmp/units.jsonl" \
    --rouge "$shared/bench/easc/rouge_ar.py" "${preds[@]}" \
    --slice 'jan-mar=-20180[123]' --slice 'april=-201804'
