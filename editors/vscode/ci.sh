#!/usr/bin/env bash
# Builds the VS Code extension the way CI does: clean install from package-lock.json,
# type-check, bundle with esbuild, package with vsce. Exits non-zero on the first failure.
# VS Code itself cannot be downloaded here, so the extension is not run; see README.md.
set -euo pipefail
cd "$(dirname "$0")"

# Dependencies' install scripts are not needed (npm 11 skips those not allowed): esbuild's
# binary comes from its @esbuild/<platform> package, and packaging does not sign.
npm ci --no-audit --no-fund
npm run check
npm test
npm run bundle
rm -f copydesk.vsix
npm run package

test -s dist/extension.js
test -s copydesk.vsix
# The package must hold the bundle and the manifest, and no sources or node_modules.
listing=$(python3 -m zipfile -l copydesk.vsix)
grep -q 'extension/dist/extension.js' <<<"$listing"
grep -q 'extension/package.json' <<<"$listing"
if grep -q -e 'extension/node_modules/' -e 'extension/src/' <<<"$listing"; then
  echo "copydesk.vsix contains sources or node_modules" >&2
  exit 1
fi
echo "copydesk.vsix: $(stat -c %s copydesk.vsix) bytes"
