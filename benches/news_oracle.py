#!/usr/bin/env python3
"""How much room there is above lead on the news dev set, and where it is.

For each article, on digest's own units (`digest split --jsonl`) and under the budget rule
of benches/summary_eval.py (units taken while the summary stays within the reference's
length; the first pick is kept even when it alone is over), this scores:
  lead          the opening units, stopping at the first that does not fit
  best single   the one unit with the highest ROUGE-1 F1 against the reference
  greedy oracle units added one at a time, each the fitting unit that raises ROUGE-1 most,
                stopping when none raises it
and counts how often the first unit is the best single unit, where the best single unit
sits (index), and how long the first unit is when it is not the best. Mean ROUGE-1 F1 x 100,
mean over refs, as rouge_ar.py scores it.

Usage: python3 benches/news_oracle.py --data NEWS.jsonl --units UNITS.jsonl --rouge rouge_ar.py
           [--slice NAME=RE ...]
"""
import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from summary_eval import budget_pick, load, words  # noqa: E402


def r1(rouge, text, refs):
    return 100 * rouge.score_multi(text, None, ref_tokens=refs)["mean"]["rouge1"]["f"]


def greedy(rouge, units, budget, refs):
    chosen, total, best = [], 0, 0.0
    while True:
        cands = []
        for i, u in enumerate(units):
            if i in chosen or (chosen and total + words(u) > budget):
                continue
            text = " ".join(units[j] for j in sorted(chosen + [i]))
            cands.append((r1(rouge, text, refs), -i, i))
        if not cands:
            break
        score, _, i = max(cands)
        if score <= best:
            break
        chosen.append(i)
        total += words(units[i])
        best = score
        if total >= budget:
            break
    return best, sorted(chosen)


def article(rouge, d, units):
    refs = [rouge.tokenize(r) for r in d["refs"]]
    b = d["words"]
    lead = budget_pick(units, b, range(len(units)), False)
    single = [r1(rouge, u, refs) for u in units] or [0.0]
    best_i = max(range(len(single)), key=lambda i: (single[i], -i))
    g, g_set = greedy(rouge, units, b, refs)
    return {
        "lead": r1(rouge, " ".join(units[i] for i in lead), refs),
        "first": single[0],
        "single": single[best_i],
        "single_i": best_i,
        "greedy": g,
        "greedy_set": g_set,
        "lead_set": lead,
        "first_words": words(units[0]) if units else 0,
        "budget": b,
    }


def report(label, rows):
    n = len(rows)
    mean = lambda k: sum(r[k] for r in rows) / n
    print(f"== {label}: {n} articles")
    print(f"lead R-1 {mean('lead'):.2f}   first unit alone {mean('first'):.2f}   "
          f"best single unit {mean('single'):.2f}   greedy oracle {mean('greedy'):.2f}")
    pos = Counter(min(r["single_i"], 6) for r in rows)
    print("best single unit at index: " + "  ".join(
        f"{'6+' if k == 6 else k}: {100 * pos[k] / n:.1f}%" for k in sorted(pos)))
    same = sum(r["greedy_set"] == r["lead_set"] for r in rows)
    has0 = sum(0 in r["greedy_set"] for r in rows)
    print(f"greedy oracle = lead's units: {100 * same / n:.1f}%   "
          f"greedy oracle holds unit 0: {100 * has0 / n:.1f}%")
    gain = [r["single"] - r["lead"] for r in rows]
    big = [r for r in rows if r["single"] - r["lead"] >= 5]
    print(f"best single - lead: mean {sum(gain) / n:+.2f}; >= 5 points in "
          f"{100 * len(big) / n:.1f}% of articles")
    not0 = [r for r in rows if r["single_i"] != 0]
    if not0:
        short = sum(r["first_words"] < 12 for r in not0)
        print(f"when unit 0 is not the best single: its length < 12 words in "
              f"{100 * short / len(not0):.1f}% (all articles: "
              f"{100 * sum(r['first_words'] < 12 for r in rows) / n:.1f}%); "
              f"headroom there (best single - lead) {sum(r['single'] - r['lead'] for r in not0) / len(not0):+.2f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--units", required=True)
    ap.add_argument("--rouge", required=True)
    ap.add_argument("--slice", action="append", default=[])
    a = ap.parse_args()
    sys.path.insert(0, str(Path(a.rouge).parent))
    import rouge_ar

    units = {str(r["id"]): r["sentences"] for r in load(a.units)}
    rows = []
    for d in load(a.data):
        r = article(rouge_ar, d, units[str(d["id"])])
        r["id"] = str(d["id"])
        rows.append(r)
    report("all", rows)
    for spec in a.slice:
        name, pattern = spec.split("=", 1)
        report(name, [r for r in rows if re.search(pattern, r["id"])])


if __name__ == "__main__":
    main()
