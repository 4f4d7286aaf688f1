#!/usr/bin/env bash
# Throughput and cold start of `copydesk check`, against proselint. A benchmark, not CI.
#
#   scripts/bench/throughput_peers.sh [PAGES_DIR]
#
# 1. Builds the release binary.
# 2. copydesk: copies the pages (default ../shared/bench/pages-dev, *.txt) COPIES times
#    (default 100) into a temporary folder, so start-up does not dominate, and times
#    `copydesk check --format json` over it (best of RUNS, default 3): MB/s wall, plus the CPU
#    time it used (MB per CPU-second) because the machine may be shared.
# 3. proselint (PyPI, pinned, in a venv this script creates under target/bench/): times
#    `proselint check` once over the same pages (one copy) and prints MB/s and the ratio. If
#    it cannot be installed it is reported as not installed; nothing is made up.
# 4. Cold start: `copydesk check` of a one-line draft, with hyperfine when it is installed
#    (Debian: apt-get install hyperfine), else a loop of 50 runs timed with date +%s%N.
#
# Targets (issue 6): >= 50 MB/s with all default rules on 2 cores; >= 100x proselint; a cold
# check of a small draft <= 15 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."

PAGES=${1:-../shared/bench/pages-dev}
COPIES=${COPIES:-100}
RUNS=${RUNS:-3}
PROSELINT_VERSION=0.16.0
VENV=target/bench/proselint-venv

[ -d "$PAGES" ] || { echo "no pages folder at $PAGES" >&2; exit 2; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
rate() { awk -v b="$1" -v ns="$2" 'BEGIN { printf "%.1f", (b / 1e6) / (ns / 1e9) }'; }

echo "== machine: $(nproc) cores; load average:$(uptime | sed 's/.*load average://')"
echo "== building the release binary"
cargo build --release --locked --quiet
BIN=$PWD/target/release/copydesk

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# --- copydesk over the pages copied COPIES times -----------------------------------------
mkdir -p "$WORK/pages"
for i in $(seq 1 "$COPIES"); do
  mkdir "$WORK/pages/$i"
  cp "$PAGES"/*.txt "$WORK/pages/$i/"
done
files=$(find "$WORK/pages" -type f | wc -l)
bytes=$(find "$WORK/pages" -type f -exec cat {} + | wc -c)
echo "== copydesk check: $files files, $(mb "$bytes") MB (the pages x $COPIES), best of $RUNS"
best_ns=
best_cpu=
for _ in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  # Exit code 1 (findings) is expected; 2 would be an error.
  status=0
  /usr/bin/time -f "%U %S" -o "$WORK/cpu" "$BIN" check --format json "$WORK/pages" > /dev/null || status=$?
  end=$(date +%s%N)
  [ "$status" -le 1 ] || { echo "copydesk failed with exit code $status" >&2; exit 2; }
  ns=$((end - start))
  # /usr/bin/time may write "Command exited with non-zero status 1" first.
  cpu=$(tail -n 1 "$WORK/cpu" | awk '{ printf "%.3f", $1 + $2 }')
  if [ -z "$best_ns" ] || [ "$ns" -lt "$best_ns" ]; then best_ns=$ns; best_cpu=$cpu; fi
done
copydesk_rate=$(rate "$bytes" "$best_ns")
echo "copydesk: $(awk -v ns="$best_ns" 'BEGIN { printf "%.2f", ns / 1e9 }') s wall, ${best_cpu} s CPU -> $copydesk_rate MB/s wall, $(awk -v b="$bytes" -v c="$best_cpu" 'BEGIN { printf "%.1f", (b / 1e6) / c }') MB per CPU-second (target: >= 50 MB/s)"

# --- proselint over the pages, once ----------------------------------------------------------
page_bytes=$(cat "$PAGES"/*.txt | wc -c)
proselint_rate=
if [ ! -x "$VENV/bin/proselint" ]; then
  echo "== installing proselint $PROSELINT_VERSION into $VENV"
  mkdir -p "$(dirname "$VENV")"
  if python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet "proselint==$PROSELINT_VERSION"; then
    :
  else
    echo "proselint: not installed (venv or pip failed); no comparison"
  fi
fi
if [ -x "$VENV/bin/proselint" ]; then
  n=$(ls "$PAGES"/*.txt | wc -l)
  echo "== proselint $("$VENV/bin/proselint" version 2>/dev/null | tr -d '\n'): $n pages, $(mb "$page_bytes") MB, one run"
  start=$(date +%s%N)
  "$VENV/bin/proselint" check "$PAGES"/*.txt > /dev/null 2>&1 || true
  end=$(date +%s%N)
  proselint_rate=$(rate "$page_bytes" $((end - start)))
  echo "proselint: $(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }') s -> $proselint_rate MB/s"
  echo "ratio copydesk / proselint: $(awk -v a="$copydesk_rate" -v b="$proselint_rate" 'BEGIN { printf "%.0f", a / b }')x (target: >= 100x)"
fi

# --- cold start on a one-line draft -----------------------------------------------------------
printf 'The council met on Monday.\n' > "$WORK/one.txt"
echo "== cold start: copydesk check of a one-line draft"
if command -v hyperfine > /dev/null; then
  hyperfine --warmup 5 --runs 100 --shell=none --export-json "$WORK/cold.json" "$BIN check $WORK/one.txt" > /dev/null
  python3 - "$WORK/cold.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"hyperfine, 100 runs: mean {r['mean'] * 1e3:.2f} ms, median {r['median'] * 1e3:.2f} ms, "
      f"min {r['min'] * 1e3:.2f} ms (target: <= 15 ms)")
EOF
else
  total=0
  for _ in $(seq 1 50); do
    start=$(date +%s%N)
    "$BIN" check "$WORK/one.txt" > /dev/null
    end=$(date +%s%N)
    total=$((total + end - start))
  done
  echo "loop of 50 runs (hyperfine not installed): mean $(awk -v t="$total" 'BEGIN { printf "%.2f", t / 50 / 1e6 }') ms (target: <= 15 ms)"
fi
