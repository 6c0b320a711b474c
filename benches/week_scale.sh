#!/usr/bin/env bash
# A busy week at scale: generates N articles (default 10000) dated in 2024-W22 from the
# EASC dev texts (shuffled paragraphs, one in ten a reworded copy of another) and times
# `digest build` on them: best time and highest peak RSS of three runs.
# Usage: [DIGEST_BIN=path] benches/week_scale.sh [shared dir] [articles]
# (DIGEST_BIN: time another build, such as an old commit's, on the same generated input.)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
n=${2:-10000}
cargo build --release -q
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
echo "input: $tmp/in" >&2
python3 - "$shared/bench/easc/dev.jsonl" "$n" "$tmp/in" <<'PY'
import json, os, random, re, sys
random.seed(7)
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
text = " ".join(r["text"].replace("\n", " ") for r in rows)
sentences = [s.strip() + "." for s in re.split(r"[.!؟?]", text) if len(s.split()) >= 8]
vocab = [w for w in text.split() if w.isalpha()]
n, out = int(sys.argv[2]), sys.argv[3]
os.makedirs(out)
days = ["2024-05-27", "2024-05-28", "2024-05-29", "2024-05-30", "2024-05-31", "2024-06-01", "2024-06-02"]
def fresh():
    # A new article: 6 to 14 corpus sentences, a third of their words swapped for others,
    # so articles differ as real ones do (about 3 KB each).
    out = []
    for s in random.sample(sentences, random.randint(6, 14)):
        words = [w if random.random() > 0.33 else random.choice(vocab) for w in s.split()]
        out.append(" ".join(words))
    return "\n\n".join(" ".join(out[i:i + 3]) for i in range(0, len(out), 3))
made = []
for i in range(n):
    if made and i % 10 == 9:
        # A second outlet's report of an earlier story: reordered paragraphs, a new lead.
        paras = made[random.randrange(len(made))].split("\n\n")
        random.shuffle(paras)
        body = "\n\n".join(paras)
    else:
        body = fresh()
        made.append(body)
    title = re.sub(r"[^\w ]", "", " ".join(body.split()[:8]))
    with open(f"{out}/{i:05d}.md", "w", encoding="utf-8") as f:
        f.write(f"---\ntitle: \"{title}\"\ndate: {random.choice(days)}\nsource: مصدر {i % 50}\n---\n{body}\n")
PY
size=$(du -sh "$tmp/in" | cut -f1)
best="" rss=0
for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "${DIGEST_BIN:-target/release/digest}" build --week 2024-W22 \
        --input "$tmp/in" --out "$tmp/out" > /dev/null 2> "$tmp/log"
    read -r t m < "$tmp/time"
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
done
echo "articles=$n input=$size cores=$(nproc) best_of_3=${best}s peak_rss=$((rss / 1024))MiB $(tail -n 1 "$tmp/log")"
