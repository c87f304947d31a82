#!/usr/bin/env bash
# Measures the release app's start, memory, save latency, outline
# scrolling, and typing while the workbook is busy, under Xvfb (see
# ui/e2e/measure.mjs); prints the figures that BENCHMARKS.md records.
# ONLY=large skips the starts and measures the 2,000-question review only. Needs the packages `scripts/install-deps.sh --tests`
# installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run build --silent)
cargo build --release --locked -p kloe -p kloe-workbook
node ui/e2e/measure.mjs
