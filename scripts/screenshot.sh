#!/usr/bin/env bash
# Render a digest's HTML in headless Chromium to a PNG, to see what a reader sees.
# Installs Debian's chromium if it is missing.
# Usage: scripts/screenshot.sh FILE.html [OUT.png] [WIDTHxHEIGHT]
set -euo pipefail
html=$1
png=${2:-${html%.html}.png}
size=${3:-800,2000}
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --screenshot="$png" --window-size="${size/x/,}" \
    "file://$(realpath "$html")" 2>/dev/null
echo "$png"
