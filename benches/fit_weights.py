#!/usr/bin/env python3
"""Fit the ranker's feature weights (data/rank_weights.tsv) by coordinate ascent on ROUGE-1.

Time-based split inside the news dev set: articles dated before --val-month (ids end in
YYYYMMDD) are the fit part, the rest the validation part, used only to report. Each step
tries each weight at its value plus a few offsets, runs `digest summarize --jsonl` on the
fit part with those weights (`--param NAME=VALUE`) and keeps a change only when mean ROUGE-1
F1 rises by more than --min-gain. Prints the weights, the fit and validation scores, and a
weights file on standard output with how it was made.

Usage: python3 benches/fit_weights.py --data NEWS.jsonl --rouge rouge_ar.py
           [--bin target/release/digest] [--val-month 201804] [--passes 2]
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

FEATURES = ["position", "first", "centrality", "title", "length", "long", "numbers",
            "forward", "backward", "budget_fit"]
EXTRA = {"redundancy": [0.0, 0.15, 0.3, 0.5]}
# --fill also tries the fill threshold (a news-only gain: it costs EASC, so it is not shipped)
FILL = {"fill_threshold": [0.0, 0.2, 0.4, 0.6, 0.8]}
STEPS = [-1.0, -0.5, -0.2, 0.2, 0.5, 1.0]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class Scorer:
    def __init__(self, rows, rouge, binary, tmp):
        self.rows, self.rouge, self.bin = rows, rouge, binary
        self.path = Path(tmp) / f"part{id(self)}.jsonl"
        with open(self.path, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        self.refs = {str(r["id"]): [rouge.tokenize(x) for x in r["refs"]] for r in rows}

    def __call__(self, params):
        args = [self.bin, "summarize", "--jsonl", str(self.path)]
        for k, v in params.items():
            args += ["--param", f"{k}={v}"]
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        total = 0.0
        for line in out.splitlines():
            o = json.loads(line)
            s = self.rouge.score_multi(" ".join(o["sentences"]), None,
                                       ref_tokens=self.refs[str(o["id"])])
            total += s["mean"]["rouge1"]["f"]
        return 100 * total / len(self.rows)


def fit(score, start, passes, min_gain, log, extra):
    params = dict(start)
    best = score(params)
    log(f"start {best:.3f} {params}")
    for p in range(passes):
        changed = False
        for name in FEATURES + list(extra):
            values = extra.get(name) or [round(params[name] + d, 3) for d in STEPS]
            for v in values:
                trial = dict(params, **{name: v})
                got = score(trial)
                if got > best + min_gain:
                    best, params, changed = got, trial, True
                    log(f"pass {p + 1} {name}={v}: {best:.3f}")
        if not changed:
            break
    return params, best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--rouge", required=True)
    ap.add_argument("--bin", default="target/release/digest")
    ap.add_argument("--val-month", default="201804")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--min-gain", type=float, default=0.02)
    ap.add_argument("--start", default="", help="NAME=VALUE,... to start from")
    ap.add_argument("--fill", action="store_true", help="also fit fill_threshold")
    a = ap.parse_args()
    sys.path.insert(0, str(Path(a.rouge).parent))
    import rouge_ar

    rows = load(a.data)
    month = lambda r: str(r["id"])[-8:-2]
    fit_rows = [r for r in rows if month(r) < a.val_month]
    val_rows = [r for r in rows if month(r) >= a.val_month]
    log = lambda m: print(m, file=sys.stderr, flush=True)
    start = {f: 0.0 for f in FEATURES} | {"centrality": 1.0, "redundancy": 0.3, "fill_threshold": 0.0}
    for kv in filter(None, a.start.split(",")):
        k, v = kv.split("=")
        start[k] = float(v)
    with tempfile.TemporaryDirectory() as tmp:
        fit_score = Scorer(fit_rows, rouge_ar, a.bin, tmp)
        val_score = Scorer(val_rows, rouge_ar, a.bin, tmp)
        extra = EXTRA | FILL if a.fill else EXTRA
        params, best = fit(fit_score, start, a.passes, a.min_gain, log, extra)
        val = val_score(params)
    log(f"fit R-1 {best:.2f} ({len(fit_rows)} articles), validation R-1 {val:.2f} "
        f"({len(val_rows)} articles)")
    for k, v in params.items():
        print(f"{k}\t{v}")


if __name__ == "__main__":
    main()
