#!/usr/bin/env bash
# Boilerplate-removal score of `copydesk check --fix` on the bench pages: the whole set, the
# tuning half and the check half (scripts/bench/split.py). Builds the release binary first.
#
# usage: scripts/bench/boilerplate.sh [PAGES_DIR] [BINARY]
#   PAGES_DIR defaults to ../shared/bench/pages-dev next to the repository; BINARY defaults to
#   the freshly built target/release/copydesk (pass another binary to compare).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
pages="${1:-$repo/../shared/bench/pages-dev}"
pages="$(cd "$pages" && pwd)"
scorer="$(dirname "$pages")/score_boilerplate.py"
if [[ $# -ge 2 ]]; then
  bin="$(realpath "$2")"
else
  (cd "$repo" && cargo build --release --quiet)
  bin="$repo/target/release/copydesk"
fi
halves="$(mktemp -d)"
trap 'rm -rf "$halves"' EXIT
python3 "$repo/scripts/bench/split.py" "$pages" "$halves" 2>/dev/null
for part in whole tune check; do
  dir="$pages"
  [[ $part != whole ]] && dir="$halves/$part"
  printf '%-6s ' "$part"
  python3 "$scorer" "$dir" "'$bin' check --fix {dir} > /dev/null"
done
