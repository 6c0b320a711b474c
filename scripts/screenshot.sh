#!/usr/bin/env bash
# Render a digest's HTML (a week's page, the archive's index.html, or the HTML part of a
# .eml) in headless Chromium to a PNG, to see what a reader sees.
# Installs Debian's chromium if it is missing.
# Usage: scripts/screenshot.sh FILE.html|FILE.eml [OUT.png] [WIDTHxHEIGHT]
#   e.g. scripts/screenshot.sh out/2024-W22.html /tmp/w22-800.png 800x2400
#        scripts/screenshot.sh out/2024-W22.eml /tmp/w22-mail-390.png 390x3000
set -euo pipefail
file=$1
png=${2:-${file%.*}.png}
size=${3:-800x2000}
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
html=$file
if [[ $file == *.eml ]]; then
    # The text/html part, decoded, as a mail client would show it.
    html=$work/part.html
    python3 - "$file" "$html" <<'PY'
import email, sys
from email import policy
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
part = msg.get_body(preferencelist=("html",))
open(sys.argv[2], "w", encoding="utf-8").write(part.get_content())
PY
fi
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" --screenshot="$png" \
    --window-size="${size/x/,}" "file://$(realpath "$html")" 2>/dev/null
echo "$png"
