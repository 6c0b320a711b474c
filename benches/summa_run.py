#!/usr/bin/env python3
"""summa TextRank (Barrios et al. 2016) on {"id", "text", "words"} lines, under the bench
budget rule applied to summa's own sentences and scores: in score order while the word count
stays within the budget (the first that would cross it stops; the best is always kept),
output in document order. Writes {"id", "sentences"} lines."""
import json
import sys

from summa.summarizer import summarize

from summary_eval import words


def main():
    for line in open(sys.argv[1], encoding="utf-8"):
        if not line.strip():
            continue
        d = json.loads(line)
        try:
            scored = summarize(d["text"], ratio=1.0, language="arabic", scores=True)
        except Exception:  # summa fails on texts it cannot split; score as empty
            scored = []
        pos = {s: i for i, (s, _) in enumerate(scored)}
        order = sorted(range(len(scored)), key=lambda i: -scored[i][1])
        chosen, total = [], 0
        for i in order:
            w = words(scored[i][0])
            if chosen and total + w > d["words"]:
                break
            chosen.append(i)
            total += w
        out = [scored[i][0] for i in sorted(chosen, key=lambda i: pos[scored[i][0]])]
        print(json.dumps({"id": d["id"], "sentences": out}, ensure_ascii=False))


if __name__ == "__main__":
    main()
