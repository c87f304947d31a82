#!/usr/bin/env bash
# Installs what is missing and runs every check and test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --tests
cargo fmt --all --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked
