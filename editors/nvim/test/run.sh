#!/usr/bin/env bash
# Runs the headless end-to-end test (e2e.lua) twice per Neovim given: once set up with the
# README snippet for that version, once with require('copydesk').setup(). Exits non-zero
# when any run fails.
#
#   COPYDESK_BIN=target/release/copydesk editors/nvim/test/run.sh [NVIM ...]
#
# NVIM defaults to `nvim` (Debian's 0.7.2 on CI machines).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${COPYDESK_BIN:?set COPYDESK_BIN to the copydesk binary}"
export COPYDESK_BIN

status=0
for nvim in "${@:-nvim}"; do
  for setup in snippet module; do
    echo "== $nvim ($("$nvim" --version | head -1)), set-up: $setup"
    if ! COPYDESK_E2E_SETUP=$setup timeout 300 "$nvim" --headless --clean -u NONE \
        -c "luafile $here/e2e.lua" </dev/null; then
      status=1
    fi
  done
done
exit $status
