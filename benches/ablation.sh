#!/usr/bin/env bash
# Ablation of the ranker on news dev (all, Jan-Mar fit part, April validation part) and EASC
# dev: digest R-1/R-2/R-L for the shipped model, position only, centrality only, each
# feature removed and each unused feature added. Uses benches/news.sh and benches/easc.sh
# (minutes a row; benches/ablation_quick.py gives the digest columns in seconds a row).
# Usage: benches/ablation.sh [--shared DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=(--shared ../shared)
if [ "${1:-}" = "--shared" ]; then shared=(--shared "$2"); fi
zero=()
for f in $(grep -v '^#' data/rank_weights.tsv | cut -f1); do
    zero+=(--param "$f=0")
done
run() {
    local name=$1
    shift
    local news easc
    news=$(NO_SUMMA=1 bash benches/news.sh "${shared[@]}" "$@" 2>&1 |
        awk '/^== /{sl=$2} /^digest  /{printf "%s %s/%s/%s  ", sl, $2, $3, $4}')
    easc=$(bash benches/easc.sh "${shared[@]}" "$@" 2>&1 |
        awk '/^digest  /{printf "%s/%s/%s", $2, $3, $4}')
    echo "$name | $news | easc $easc"
}
run "shipped model"
run "shipped + fill_threshold 0.2" --param fill_threshold=0.2
run "position only" "${zero[@]}" --param position=1
run "centrality only (TextRank, position-personalised teleport)" "${zero[@]}" --param centrality=1
run "centrality only (plain TextRank: damping .85, no prior)" "${zero[@]}" --param centrality=1 \
    --param position_prior=0 --param damping=0.85
run "- position" --param position=0
run "- centrality" --param centrality=0
run "- title" --param title=0
run "- redundancy (MMR)" --param redundancy=0
run "- whole units (junk filter)" --param whole_units=false
for f in first=0.2 length=0.2 long=-0.2 numbers=0.2 forward=0.2 backward=-0.2 budget_fit=0.2 \
    second=0.2 third=0.2 early=0.2 title_top=0.2 title_recall=0.2 longest_lead=0.2 \
    over_budget=-0.2 half_budget=0.2 quote=-0.2 first_title=0.2 first_short=-0.2; do
    run "+ $f" --param "$f"
done
