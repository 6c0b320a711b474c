#!/usr/bin/env python3
"""Fit the ranker's feature weights (data/rank_weights.tsv) as a small model of each unit's
own ROUGE-1, and choose between fits on held-out months.

Data: the news dev set, time-split inside it: articles dated before --val-month (ids end in
YYYYMMDD) are the fit part, the rest the validation part. For every unit, its features as
digest computes them (examples/rank_features.rs: `rank::feature_rows` under the article's
budget) and its own ROUGE-1 F1 against the reference (rouge_ar.py, mean over refs).

Models (weights only; an intercept does not change a ranking):
  ridge   least squares of the unit's ROUGE-1 (x100) on the features, L2 penalty --l2
  logit   conditional logit: softmax over an article's units, fitted by gradient descent on
          cross-entropy against a target that puts weight exp(R-1 / T) on each unit
          (T -> 0: the best single unit, the oracle label), L2 penalty --l2
Every fit is then run through digest itself (`digest summarize --jsonl` with the weights as
--param, so selection, redundancy and the unit rules are the shipped ones) and scored on
ROUGE-1 of the fit and validation parts; EASC dev is scored too, for the report only.
The best fit on the validation part is printed as a weights file.

Needs numpy (pip install numpy); builds digest and the example first.
Usage: python3 benches/fit_model.py --data NEWS.jsonl --rouge rouge_ar.py [--easc EASC.jsonl]
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from summary_eval import load  # noqa: E402

BIN = "target/release/digest"
# The model shipped before this fit (data/rank_weights.tsv, fit A of fit_weights.py).
SHIPPED = {"position": 0.2, "centrality": 0.5, "title": 0.2}
# Feature groups fitted beside the shipped model's score. The title's features are zero
# without a title (EASC), so a fit that adds only them leaves EASC summaries unchanged.
GROUPS = {
    "title": ["title", "title_recall", "title_top", "first_title"],
    "title+position": ["title", "title_recall", "title_top", "first_title", "first", "second",
                       "third", "early"],
    "title+length": ["title", "title_recall", "title_top", "first_title", "budget_fit",
                     "over_budget", "half_budget", "first_short"],
}
DUMP = "target/release/examples/rank_features"


def run(args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def dump(data_path, tmp):
    """Units and feature rows of every article: {id: (units, rows)}, and the feature names."""
    units_path = Path(tmp) / (Path(data_path).stem + ".units.jsonl")
    units_path.write_text(run([BIN, "split", "--jsonl", data_path]), encoding="utf-8")
    units = {str(r["id"]): r["sentences"] for r in load(units_path)}
    out = run([DUMP, data_path, str(units_path)]).splitlines()
    names = json.loads(out[0])["features"]
    rows = {}
    for line in out[1:]:
        r = json.loads(line)
        rows[r["id"]] = (units[r["id"]], np.array(r["rows"], dtype=float).reshape(-1, len(names)))
    return names, rows


class R1:
    """Mean ROUGE-1 F1 x 100 (mean over refs), as rouge_ar.py scores it."""

    def __init__(self, rouge, data):
        self.rouge = rouge
        self.refs = {str(d["id"]): [rouge.tokenize(r) for r in d["refs"]] for d in data}

    def __call__(self, k, text):
        s = self.rouge.score_multi(text, None, ref_tokens=self.refs[k])
        return 100 * s["mean"]["rouge1"]["f"]


def stack(rows, ids, r1):
    X, y, seg = [], [], [0]
    for k in ids:
        units, feats = rows[k]
        if len(units) == 0:
            continue
        X.append(feats)
        y.append([r1(k, u) for u in units])
        seg.append(seg[-1] + len(units))
    return np.vstack(X), np.concatenate([np.array(v) for v in y]), np.array(seg)


def ridge(X, y, l2):
    Xc = np.hstack([X, np.ones((len(X), 1))])
    A = Xc.T @ Xc + l2 * len(X) * np.diag([1.0] * X.shape[1] + [0.0])
    return np.linalg.solve(A, Xc.T @ y)[:-1]


def softmax_seg(z, seg):
    out = np.empty_like(z)
    for a, b in zip(seg[:-1], seg[1:]):
        e = np.exp(z[a:b] - z[a:b].max())
        out[a:b] = e / e.sum()
    return out


def logit(X, y, seg, temp, l2, steps=1500, lr=0.05):
    if temp > 0:
        target = softmax_seg(y / temp, seg)
    else:
        target = np.zeros_like(y)
        for a, b in zip(seg[:-1], seg[1:]):
            target[a + int(np.argmax(y[a:b]))] = 1.0
    docs = len(seg) - 1
    w = np.zeros(X.shape[1])
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):  # Adam
        p = softmax_seg(X @ w, seg)
        g = X.T @ (p - target) / docs + l2 * w
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def summarize(data_path, names, w, extra=()):
    args = [BIN, "summarize", "--jsonl", data_path]
    for n, x in zip(names, w):
        args += ["--param", f"{n}={x:.6g}"]
    for kv in extra:
        args += ["--param", kv]
    return {str(o["id"]): " ".join(o["sentences"]) for o in map(json.loads, run(args).splitlines())}


def evaluate(data_path, names, w, r1, parts, extra=()):
    out = summarize(data_path, names, w, extra)
    return {p: sum(r1(k, out[k]) for k in ids) / len(ids) for p, ids in parts.items()}


def weights_file(names, w, recipe):
    head = "".join(f"# {line}\n" if line else "#\n" for line in recipe)
    return head + "".join(f"{n}\t{x:.4g}\n" for n, x in zip(names, w))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--rouge", required=True)
    ap.add_argument("--easc")
    ap.add_argument("--val-month", default="201804")
    a = ap.parse_args()
    sys.path.insert(0, str(Path(a.rouge).parent))
    import rouge_ar

    run(["cargo", "build", "--release", "-q", "--bin", "digest", "--example", "rank_features"])
    data = load(a.data)
    r1 = R1(rouge_ar, data)
    val = [str(d["id"]) for d in data if str(d["id"])[-8:-2] >= a.val_month]
    fit_ids = [str(d["id"]) for d in data if str(d["id"])[-8:-2] < a.val_month]
    with tempfile.TemporaryDirectory() as tmp:
        names, rows = dump(a.data, tmp)
        X, y, seg = stack(rows, fit_ids, r1)
        # Scale each feature by its spread on the fit part so that one L2 penalty fits all.
        sd = X.std(axis=0)
        sd[sd == 0] = 1.0
        Xs = X / sd
        print(f"fit part: {len(fit_ids)} articles, {len(X)} units; validation: {len(val)}")
        fits = {}
        for l2 in (1e-4, 1e-3, 1e-2):
            fits[f"ridge l2={l2:g}"] = ridge(Xs, y, l2) / sd
        for temp in (0, 2, 5, 10):
            for l2 in (1e-3, 1e-2):
                fits[f"logit T={temp} l2={l2:g}"] = logit(Xs, y, seg, temp, l2) / sd
        # The shipped model's score as one input beside a few features: the weights found
        # for it and for them are folded back into one weight per feature.
        base = np.array([SHIPPED.get(n, 0.0) for n in names])
        for group, extra in GROUPS.items():
            cols = [names.index(n) for n in extra]
            Z = np.hstack([(X @ base)[:, None], X[:, cols]])
            zsd = Z.std(axis=0)
            zsd[zsd == 0] = 1.0
            for temp in (0, 5):
                for l2 in (1e-3, 1e-2):
                    v = logit(Z / zsd, y, seg, temp, l2) / zsd
                    w = v[0] * base
                    w[cols] += v[1:]
                    fits[f"shipped+{group} T={temp} l2={l2:g}"] = w
        parts = {"fit": fit_ids, "val": val}
        easc = load(a.easc) if a.easc else []
        r1_easc = R1(rouge_ar, easc) if easc else None
        results = []
        for name, w in fits.items():
            w = w / np.abs(w).max()  # a ranking does not depend on the scale
            s = evaluate(a.data, names, w, r1, parts)
            if easc:
                s.update(evaluate(a.easc, names, w, r1_easc,
                                  {"easc": [str(d["id"]) for d in easc]}))
            results.append((s["val"], name, w, s))
            print(f"{name:24s} fit {s['fit']:.2f}  val {s['val']:.2f}"
                  + (f"  easc {s['easc']:.2f}" if easc else ""), flush=True)
            print("   " + " ".join(f"{n}={x:.3g}" for n, x in zip(names, w)), flush=True)
        best = max(results, key=lambda r: r[0])
        print(f"best on validation: {best[1]}")
        print(weights_file(names, best[2], [f"fit: {best[1]}", str(best[3])]))


if __name__ == "__main__":
    main()
