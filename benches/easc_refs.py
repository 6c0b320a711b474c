#!/usr/bin/env python3
"""How the EASC reference summaries were cut, and what that costs a summariser.

The reference summaries hold each chosen sentence at most 255 characters long: longer
sentences were cut there and closed with a full stop (a text field of 255 characters in
the tool that collected them, it seems). Words of a chosen sentence past its 255th
character can never match a reference. This script measures both:

  python3 benches/easc_refs.py [--shared DIR] [--pred PRED.jsonl]

- how many reference sentences end at the limit, and how many of those are a cut-off
  prefix of a longer sentence of the article;
- with --pred (lines of {"id", "sentences"}), the share of predicted words that lie past
  the 255th character of their sentence.

Comparisons use the scorer's normalisation with whitespace removed, because the
references also lost the line breaks of wrapped newspaper text.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter

LIMIT = 255


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../shared"))
    ap.add_argument("--pred")
    args = ap.parse_args()
    easc = os.path.join(args.shared, "bench", "easc")
    sys.path.insert(0, easc)
    from rouge_ar import normalize, tokenize

    def squash(s):
        return re.sub(r"\s+", "", normalize(s))

    data = [json.loads(l) for l in open(os.path.join(easc, "dev.jsonl"), encoding="utf-8")]
    lengths = Counter()
    at_limit = cut = total = 0
    for d in data:
        article = [squash(s) for s in re.split(r"[.؟!]", d["text"].replace("\n", ""))]
        for ref in d["refs"]:
            for seg in ref.split("."):
                seg = seg.strip()
                if not seg:
                    continue
                total += 1
                lengths[min(len(seg) // 10 * 10, 300)] += 1
                if LIMIT - 2 <= len(seg) <= LIMIT:
                    at_limit += 1
                    s = squash(seg)
                    cut += any(a.startswith(s) and len(a) > len(s) for a in article)
    print("reference sentences by length (characters, bins of 10):")
    for k in sorted(lengths):
        print(f"  {k:>3}{'+' if k == 300 else ' '} {lengths[k]}")
    print(f"reference sentences: {total}; {at_limit} end at {LIMIT - 2}-{LIMIT} characters; "
          f"{cut} of them are the start of a longer sentence of the article")

    if args.pred:
        words = past = long_sentences = sentences = 0
        for line in open(args.pred, encoding="utf-8"):
            for s in json.loads(line)["sentences"]:
                n = len(tokenize(s))
                sentences += 1
                words += n
                if len(s) > LIMIT:
                    long_sentences += 1
                    past += n - len(tokenize(s[:LIMIT]))
        print(f"predicted sentences: {sentences}, {long_sentences} longer than {LIMIT} characters; "
              f"words past character {LIMIT}: {past} of {words} ({100 * past / max(words, 1):.1f}%)")


if __name__ == "__main__":
    main()
