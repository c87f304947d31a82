#!/usr/bin/env bash
# Builds the screens with the stand-in backend, seeded with the real sample
# review as the core prints it, and runs the browser flow.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -p kloe -- --db "$tmp/w.kloe" sample >/dev/null
npx vite build --mode e2e --outDir e2e/dist --emptyOutDir >/dev/null
cargo run --quiet -p kloe -- --db "$tmp/w.kloe" show 1 --json > e2e/dist/sample.json
node e2e/browser.mjs
