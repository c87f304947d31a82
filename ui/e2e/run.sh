#!/usr/bin/env bash
# Builds the screens for the browser tests and runs the main officer flow in
# Chromium against the real core: the test server (kloe-test-server) answers
# the screens' commands from a workbook holding the sample review.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p kloe --features test-server --bin kloe-test-server --bin kloe
npx vite build --mode e2e --outDir e2e/dist --emptyOutDir >/dev/null
node e2e/browser.mjs
