#!/usr/bin/env bash
# Throughput of `copydesk check` with and without the `boilerplate-block` rule, in MB/s.
#
# The bench pages (../shared/bench/pages-dev, 91 real news pages) are copied 100 times into a
# temporary folder, so that start-up does not dominate, and checked with all default rules:
# once with a copydesk.toml in that folder turning the rule off (`[rules] boilerplate-block =
# "off"`), once with the defaults. Each run is repeated (RUNS, default 3) and the fastest
# kept; the figures are wall-clock MB/s and CPU-time (user + system) MB/s, since the machine
# may be shared. Not part of CI.
#
# usage: scripts/bench/throughput.sh [PAGES_DIR] [COPIES]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
pages="${1:-$repo/../shared/bench/pages-dev}"
copies="${2:-100}"
runs="${RUNS:-3}"
(cd "$repo" && cargo build --release --quiet)
bin="$repo/target/release/copydesk"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$copies"); do
  mkdir -p "$work/pages/$i"
  cp "$pages"/*.txt "$work/pages/$i/"
done
bytes=$(cat "$work"/pages/*/*.txt | wc -c)
files=$(find "$work/pages" -name '*.txt' | wc -l)
printf '%d files, %.1f MB, %d runs each (fastest kept)\n' "$files" "$(echo "$bytes / 1000000" | bc -l)" "$runs"

measure() { # $1 = label; runs `copydesk check` in $work/pages, prints MB/s
  local best_wall="" best_cpu=""
  for _ in $(seq 1 "$runs"); do
    local t
    # GNU time writes its figures to a file (the command's own stderr is discarded); `check`
    # exits 1 when it reports findings, which is not a failure of the measurement.
    /usr/bin/time -o "$work/time" -f '%e %U %S' "$bin" check --format concise . > /dev/null 2>/dev/null || true
    t=$(tail -1 "$work/time")
    read -r wall user sys <<< "$t"
    local cpu
    cpu=$(echo "$user + $sys" | bc -l)
    if [[ -z $best_wall ]] || (( $(echo "$wall < $best_wall" | bc -l) )); then best_wall=$wall; fi
    if [[ -z $best_cpu ]] || (( $(echo "$cpu < $best_cpu" | bc -l) )); then best_cpu=$cpu; fi
  done
  printf '%-32s %7.1f MB/s wall (%.2f s)   %7.1f MB/s CPU (%.2f s)\n' "$1" \
    "$(echo "$bytes / 1000000 / $best_wall" | bc -l)" "$best_wall" \
    "$(echo "$bytes / 1000000 / $best_cpu" | bc -l)" "$best_cpu"
}

cd "$work/pages"
printf '[rules]\nboilerplate-block = "off"\n' > copydesk.toml
if ! "$bin" check --format concise "1/$(ls 1 | head -1)" > /dev/null 2> "$work/err"; then
  if grep -qi "error" "$work/err"; then
    echo "this binary rejects the config (no boilerplate-block rule or no [rules] support):" >&2
    cat "$work/err" >&2
    exit 2
  fi
fi
measure "before (boilerplate-block off)"
rm copydesk.toml
measure "after (all default rules)"
