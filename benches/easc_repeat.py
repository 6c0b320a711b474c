#!/usr/bin/env python3
"""The EASC dev texts repeated, as `digest summarize --jsonl` lines with their word budgets:
the input of the summarise speed benches. Usage: easc_repeat.py EASC_DEV_JSONL REPEATS"""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for r in range(int(sys.argv[2])):
    for d in rows:
        print(json.dumps({"id": f"{d['id']}-{r}", "text": d["text"], "words": d["words"]},
                         ensure_ascii=False))
