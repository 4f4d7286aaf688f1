#!/usr/bin/env bash
# Bad-input sizes that are too slow for `cargo test`: a 100 MB draft and a single line of
# 1,000,000 characters. Prints the time, throughput and peak memory of `copydesk check`
# (JSON to /dev/null) and of `check --fix` on a copy. A benchmark, not CI: the tests run the
# same shapes at 20 MB (tests/cli_input.rs).
#
#   scripts/bench/large_input.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/../.."

SIZE_MB=${1:-100}
cargo build --release --locked --quiet
BIN=$PWD/target/release/copydesk
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A paragraph of our own copy with one of each artifact, repeated to the size asked for.
python3 - "$WORK" "$SIZE_MB" <<'EOF'
import sys
work, size = sys.argv[1], int(sys.argv[2]) * 1_000_000
para = ("Published On 21 Jan 202521 Jan 2025\n\n"
        "The council met on Monday and the the vote was close, officials said. Residents "
        "(opens in a new window) were not told.\n\nAdvertisement\n\nA caption [Jo Lee/Reuters]\n\n"
        "Crews worked through the night to restore power to about 40,000 homes, the operator "
        "said in a statement on its website, adding that repairs would take days.\n\n")
with open(f"{work}/big.txt", "w") as f:
    f.write(para * (size // len(para) + 1))
sentence = "Officials said the café plan would go ahead, and the mayor told reporters it was the the end — for now. "
line = sentence * (1_000_000 // len(sentence) + 1)
with open(f"{work}/long.txt", "w") as f:
    f.write(line[:1_000_000])
EOF

run() {
  local label=$1 file=$2
  shift 2
  local bytes start end status=0
  bytes=$(wc -c < "$file")
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" "$@" "$file" > /dev/null || status=$?
  end=$(date +%s%N)
  awk -v l="$label" -v b="$bytes" -v ns=$((end - start)) -v kb="$(tail -n 1 "$WORK/rss")" -v s="$status" \
    'BEGIN { printf "%-34s %7.1f MB  %6.2f s  %7.1f MB/s  peak RSS %6.0f MB  exit %d\n", l, b / 1e6, ns / 1e9, (b / 1e6) / (ns / 1e9), kb / 1024, s }'
}

echo "== $(nproc) cores; load average:$(uptime | sed 's/.*load average://')"
run "check, ${SIZE_MB} MB draft" "$WORK/big.txt" check --format json
cp "$WORK/big.txt" "$WORK/big-fix.txt"
run "check --fix, ${SIZE_MB} MB draft" "$WORK/big-fix.txt" check --fix --format concise
run "check, 1,000,000-character line" "$WORK/long.txt" check --format json
run "check (full format), same line" "$WORK/long.txt" check --format full
