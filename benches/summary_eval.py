#!/usr/bin/env python3
"""Score extractive summaries side by side: digest, lead, leadfill (and summa), with a paired
bootstrap interval for digest - leadfill and the rate of summaries holding a junk unit.

Used by benches/news.sh and benches/easc.sh. Inputs:
  --data D.jsonl    {"id", "text", "words", "refs"} lines (the bench set)
  --units U.jsonl   `digest split --jsonl` of D: the sentence units lead and leadfill take
  --pred NAME=P     a system's {"id", "sentences"} lines (repeatable; the first is "digest")
  --slice NAME=RE   also score the articles whose id matches RE (repeatable)
  --write-baselines DIR  write DIR/lead.jsonl and DIR/leadfill.jsonl
Lead: the opening units while the summary stays within the budget; the first that would
cross it stops. Leadfill: the opening units, skipping one that does not fit and filling the
budget (the rule digest applies to its own ranking). Both keep the first unit even when it
alone is over budget. Words are counted as digest counts them (UAX #29 words with a letter
or digit; a number such as 1,500 or a site name such as a.b is one word).
"""
import argparse
import json
import re
import sys
from pathlib import Path

# UAX #29 words, as digest counts them, closely enough: letters/digits joined by . , ' ’ :
WORD = re.compile(r"[^\W_]+(?:[.,'’:][^\W_]+)*")
LETTER = re.compile(r"[^\W_]")
QUESTION_END = re.compile(r"[؟?][\s»\"”’')\]]*$")
# Openers that point back to the sentence before (a pronoun, a demonstrative, a
# connective): a unit that starts so needs its predecessor in the summary.
BACKREF = re.compile(
    r"^(?:و|ف)?(?:هو|هي|هم|هما|هن|هذا|هذه|ذلك|تلك|هؤلاء|أولئك|هناك|هنا|كما|لكن|لكنه|لكنها|"
    r"بينما|فيما|إلا|غير أن|بيد|لذلك|لذا|وعليه|عليه|عليهم|بالتالي|مع ذلك|أيضا|أيضاً|"
    r"من جهته|من جهتها|من جانبه|من جانبها|أضاف|أضافت|تابع|تابعت|تابعوا)(?=[\s،,.:]|$)"
)


def words(s):
    return len(WORD.findall(s))


def budget_pick(units, budget, order, fill):
    """Units taken in `order` under the budget rule; indices in document order."""
    chosen, total = [], 0
    for i in order:
        w = words(units[i])
        if chosen and total + w > budget:
            if fill:
                continue
            break
        chosen.append(i)
        total += w
        if total >= budget:
            break
    return sorted(chosen)


def junk_kinds(units, picked):
    """The kinds of junk among the picked units (indices into units)."""
    kinds = set()
    chosen = set(picked)
    for i in picked:
        u = units[i].strip()
        if not LETTER.search(u):
            kinds.add("noword")
        elif words(u) <= 3:
            kinds.add("short")
        # A question headline or subheading: a short question (a long one is a sentence of
        # the story; news leads often ask one).
        if QUESTION_END.search(u) and words(u) < 12:
            kinds.add("question")
        # The first unit has nothing before it to lean on (it leans on the title).
        if i > 0 and BACKREF.match(u) and (i - 1) not in chosen:
            kinds.add("backref")
    return kinds


def locate(units, sentences):
    """Indices of a system's sentences among the units (in order, each unit used once);
    a sentence that is not a unit (another splitter) gets its own index past the end."""
    out, used, extra = [], set(), len(units)
    for s in sentences:
        hit = next((i for i, u in enumerate(units) if u == s and i not in used), None)
        if hit is None:
            out.append(extra)
            extra += 1
        else:
            used.add(hit)
            out.append(hit)
    return out


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--units", required=True)
    ap.add_argument("--pred", action="append", default=[])
    ap.add_argument("--slice", action="append", default=[])
    ap.add_argument("--rouge", required=True, help="path to rouge_ar.py")
    ap.add_argument("--bootstrap", type=int, default=2000)
    a = ap.parse_args()
    sys.path.insert(0, str(Path(a.rouge).parent))
    import rouge_ar

    data = load(a.data)
    units = {str(r["id"]): r["sentences"] for r in load(a.units)}
    systems = {}
    for spec in a.pred:
        name, path = spec.split("=", 1)
        systems[name] = {str(r["id"]): r["sentences"] for r in load(path)}
    lead, fill = {}, {}
    for d in data:
        u = units[str(d["id"])]
        order = range(len(u))
        lead[str(d["id"])] = [u[i] for i in budget_pick(u, d["words"], order, False)]
        fill[str(d["id"])] = [u[i] for i in budget_pick(u, d["words"], order, True)]
    systems["lead"], systems["leadfill"] = lead, fill

    ref_toks = {str(d["id"]): [rouge_ar.tokenize(r) for r in d["refs"]] for d in data}
    per = {}  # system -> id -> (r1, r2, rl)
    junk = {}  # system -> id -> set of kinds
    for name, preds in systems.items():
        per[name], junk[name] = {}, {}
        for d in data:
            k = str(d["id"])
            sents = preds.get(k, [])
            s = rouge_ar.score_multi(" ".join(sents), None, ref_tokens=ref_toks[k])["mean"]
            per[name][k] = tuple(100 * s[t]["f"] for t in rouge_ar.TYPES)
            if name == "summa":
                # summa's units are its own: judge them as they stand.
                junk[name][k] = junk_kinds(sents, list(range(len(sents)))) - {"backref"}
            else:
                junk[name][k] = junk_kinds(units[k] + sents, locate(units[k], sents))

    slices = [("all", None)] + [tuple(s.split("=", 1)) for s in a.slice]
    first = next(iter(systems))
    for label, pattern in slices:
        ids = [str(d["id"]) for d in data if pattern is None or re.search(pattern, str(d["id"]))]
        if not ids:
            continue
        print(f"== {label}: {len(ids)} articles")
        print(f"{'system':10s} {'R-1':>6s} {'R-2':>6s} {'R-L':>6s} {'junk%':>6s}  "
              "noword% short% question% backref%")
        for name in systems:
            m = [sum(per[name][k][j] for k in ids) / len(ids) for j in range(3)]
            kinds = [junk[name][k] for k in ids]
            rate = lambda kind: 100 * sum(kind in s for s in kinds) / len(ids)
            any_junk = 100 * sum(bool(s) for s in kinds) / len(ids)
            print(f"{name:10s} {m[0]:6.2f} {m[1]:6.2f} {m[2]:6.2f} {any_junk:6.2f}  "
                  f"{rate('noword'):6.2f} {rate('short'):6.2f} {rate('question'):9.2f} "
                  f"{rate('backref'):8.2f}")
        for other in ("leadfill", "lead"):
            for j, t in enumerate(("R-1", "R-2", "R-L")):
                diffs = [per[first][k][j] - per[other][k][j] for k in ids]
                lo, hi = bootstrap(diffs, a.bootstrap)
                mean = sum(diffs) / len(diffs)
                print(f"{first} - {other} {t}: {mean:+.2f} (95% paired bootstrap {lo:+.2f} .. {hi:+.2f})")
        print(f"score[{label}]: " + " ".join(
            f"{name}_r1={sum(per[name][k][0] for k in ids) / len(ids):.2f}" for name in systems))


def bootstrap(diffs, rounds):
    """95% interval of the mean difference over articles resampled with replacement."""
    import numpy as np

    rng = np.random.default_rng(13)
    d = np.asarray(diffs)
    means = d[rng.integers(0, len(d), size=(rounds, len(d)))].mean(axis=1)
    return np.percentile(means, 2.5), np.percentile(means, 97.5)


if __name__ == "__main__":
    main()
