#!/usr/bin/env python3
"""The ablation table of benches/ablation.sh, digest only and without bootstrap (a few
seconds a row instead of minutes): mean ROUGE-1/2/L F1 (x100, mean over refs, rouge_ar.py)
of `digest summarize --jsonl` on news dev (all, Jan-Mar fit part, April validation part)
and EASC dev, for the shipped model, position only, centrality only, each feature removed
and each unused feature added. For intervals and the baselines use benches/news.sh and
benches/easc.sh on a row's flags.

Usage: python3 benches/ablation_quick.py [--shared DIR] [--bin target/release/digest]
"""
import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from summary_eval import load  # noqa: E402


def features():
    """Feature names and the shipped weights, from data/rank_weights.tsv."""
    text = (Path(__file__).parent.parent / "data" / "rank_weights.tsv").read_text("utf-8")
    rows = [l.split() for l in text.splitlines() if l.strip() and not l.startswith("#")]
    return {name: float(w) for name, w in rows}


def rows_of(shipped):
    zero = [f"{f}=0" for f in shipped]
    used = [f for f, w in shipped.items() if w != 0]
    rows = [("shipped model", []),
            ("position only", zero + ["position=1"]),
            ("first only", zero + ["first=1"]),
            ("centrality only (TextRank, position-personalised teleport)",
             zero + ["centrality=1"]),
            ("centrality only (plain TextRank: damping .85, no prior)",
             zero + ["centrality=1", "position_prior=0", "damping=0.85"]),
            ("title only (cosine)", zero + ["title=1"]),
            ("title only (idf-weighted title recall)", zero + ["title_recall=1"])]
    rows += [(f"- {f}", [f"{f}=0"]) for f in used]
    rows += [("- redundancy (MMR)", ["redundancy=0"]),
             ("- whole units (junk filter)", ["whole_units=false"])]
    for f, w in shipped.items():
        if w == 0:
            rows += [(f"+ {f}={x}", [f"{f}={x}"]) for x in (0.2, -0.2)]
    return rows


class Scorer:
    def __init__(self, rouge, path):
        self.rouge, self.path = rouge, path
        self.data = load(path)
        self.refs = {str(d["id"]): [rouge.tokenize(r) for r in d["refs"]] for d in self.data}

    def __call__(self, binary, params, slices):
        args = [binary, "summarize", "--jsonl", self.path]
        for kv in params:
            args += ["--param", kv]
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        per = {}
        for o in map(json.loads, out.splitlines()):
            k = str(o["id"])
            s = self.rouge.score_multi(" ".join(o["sentences"]), None, ref_tokens=self.refs[k])
            per[k] = [100 * s["mean"][t]["f"] for t in self.rouge.TYPES]
        cells = []
        for pattern in slices:
            ids = [k for k in per if re.search(pattern, k)]
            cells.append("/".join(f"{sum(per[k][j] for k in ids) / len(ids):.2f}"
                                  for j in range(3)))
        return cells


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--bin", default="target/release/digest")
    a = ap.parse_args()
    rouge_path = Path(a.shared) / "bench" / "easc" / "rouge_ar.py"
    sys.path.insert(0, str(rouge_path.parent))
    import rouge_ar

    news = Scorer(rouge_ar, str(Path(a.shared) / "bench" / "news" / "dev.jsonl"))
    easc = Scorer(rouge_ar, str(Path(a.shared) / "bench" / "easc" / "dev.jsonl"))
    print("| model | news all R-1/R-2/R-L | Jan-Mar (fit) | April (validation) | EASC dev |")
    print("|---|---|---|---|---|")
    for name, params in rows_of(features()):
        cells = news(a.bin, params, ["", "-20180[123]", "-201804"]) + easc(a.bin, params, [""])
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
