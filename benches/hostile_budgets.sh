#!/usr/bin/env bash
# Time and memory budgets for hostile inputs (issue 14), against the release build.
# Each case is generated here, built once, and must finish within its budget (seconds);
# the script fails on the first case over budget.
#   benches/hostile_budgets.sh            # all cases
# Prints: case, seconds, peak memory (MB), budget.
set -euo pipefail
cd "$(dirname "$0")/.."
# DIGEST_BIN measures another build (how the "before" numbers were taken).
if [ -z "${DIGEST_BIN:-}" ]; then cargo build --release --quiet; fi
bin="${DIGEST_BIN:-$PWD/target/release/digest}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import os, sys
t = sys.argv[1]
def art(d, name, fm, body):
    os.makedirs(f"{t}/{d}", exist_ok=True)
    open(f"{t}/{d}/{name}", "w").write(fm + body)
body = "أعلنت وزارة العمل اليوم عن برنامج جديد لتشغيل الشباب. وقال الوزير إن البرنامج يبدأ الشهر المقبل.\n"
ok = "---\ndate: 2024-05-28\ntitle: خبر عادي\n---\n"
art("deep160k", "ok.md", ok, body)
art("deep160k", "deep.md", "---\ndate: 2024-05-28\ntitle: " + "[" * 160_000 + "\n---\n", body)
art("deep1m", "ok.md", ok, body)
art("deep1m", "deep.md", "+++\ntitle = " + "{a=" * (1 << 20) + "\n+++\n", body)
laughs = ["---", "date: 2024-05-28", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
prev = "a"
for n in "bcdefghi":
    laughs.append(f"{n}: &{n} [" + ",".join(["*" + prev] * 9) + "]"); prev = n
laughs += ["title: *i", "---", ""]
art("laughs", "ok.md", ok, body)
art("laughs", "laughs.md", "\n".join(laughs), body)
art("title200k", "a.md", "---\ndate: 2024-05-28\ntitle: " + "كلمة " * 200_000 + "\n---\n", body)
art("word30m", "ok.md", ok, body)
art("word30m", "word.md", "---\ndate: 2024-05-29\n---\n", "ب" * (15 << 20) + "\n")
os.makedirs(f"{t}/feed70m", exist_ok=True)
with open(f"{t}/feed70m/big.jsonl", "w") as f:
    pad = "ح" * 300
    for i in range(1, 100_001):
        if i == 50_000:
            f.write("\0\n"); continue
        d = "2024-05-28" if i % 1000 == 7 else "2024-01-10"
        f.write('{"title":"خبر رقم %d","date":"%s","text":"نص الخبر رقم %d عن سوق العمل %s. وجملة ثانية رقم %d."}\n' % (i, d, i, pad, i))
PY

# A template looping over the stories four deep, over 40 stories.
mkdir -p "$tmp/nested/in" "$tmp/nested/templates"
for i in $(seq 0 39); do
  printf -- '---\ndate: 2024-05-28\ntitle: خبر رقم %s عن الأجور في القطاع %s\n---\nقالت الوزارة في البيان رقم %s إن القطاع يشغل %s عاملا. وأضافت أن الأجور سترتفع في القطاع %s.\n' \
    "$i" "$i" "$i" "$((i * 37 + 11))" "$i" > "$tmp/nested/in/s$i.md"
done
printf '{{#each stories}}{{#each ../stories}}{{#each ../../stories}}{{#each ../../../stories}}%s{{/each}}{{/each}}{{/each}}{{/each}}' \
  "$(printf 'x%.0s' $(seq 1 2000))" > "$tmp/nested/templates/digest.md.hbs"

fail=0
time_case() { # wraps the build in GNU time writing to the .err file
  local name=$1 budget=$2 input=$3; shift 3
  /usr/bin/time -f '%e %M' -a -o "$tmp/$name.time" timeout 300 "$bin" build --week 2024-W22 --input "$input" \
    --out "$tmp/out-$name" "$@" >/dev/null 2>"$tmp/$name.err" || true
  local line; line=$(tail -1 "$tmp/$name.time")
  local secs=${line% *} kb=${line#* }
  printf '%-12s %7.2f s %6d MB  budget %s s  %s\n' "$name" "$secs" "$((kb / 1024))" "$budget" \
    "$(grep -m1 -o 'error: .\{0,70\}' "$tmp/$name.err" || true)"
  if awk -v s="$secs" -v b="$budget" 'BEGIN { exit !(s > b) }'; then
    echo "  over budget"; fail=1
  fi
}
time_case deep160k 1 "$tmp/deep160k"
time_case deep1m 2 "$tmp/deep1m"
time_case laughs 1 "$tmp/laughs"
time_case title200k 2 "$tmp/title200k"
time_case word30m 20 "$tmp/word30m"
time_case feed70m 60 "$tmp/feed70m"
time_case nested 10 "$tmp/nested/in" --templates "$tmp/nested/templates"
eml=$(stat -L -c %s "$tmp/out-title200k/2024-W22.eml" 2>/dev/null || echo 0)
echo "title200k .eml: $eml bytes (budget 200000)"
[ "$eml" -gt 0 ] && [ "$eml" -lt 200000 ] || fail=1
exit $fail
