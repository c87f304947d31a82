#!/usr/bin/env bash
# Installs what is missing and runs every check and test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --tests
# The screens: type check, unit tests, and the build the desktop shell embeds.
(cd ui && npm run check && npm test && npm run build)
cargo fmt --all --check
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked -p kloe --features test-server --all-targets -- -D warnings
cargo test --locked --workspace
# The main officer flow in Chromium, against the real core.
ui/e2e/run.sh
# The real app under Xvfb: the sample on first run, an edit that survives a restart.
cargo build --locked -p kloe-workbook
node ui/e2e/app.mjs
# The Linux package as a user meets it: built, installed with apt, opened
# from the desktop, and removed again.
./scripts/package-test.sh
