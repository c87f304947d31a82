#!/usr/bin/env bash
# The full fuzzing run: each target (text importer, Word importer, partner
# pack readers) for 600 seconds, or as many as the first argument says.
# Prints the figures RELIABILITY.md records; a finding is saved under
# target/fuzz-findings/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
KLOE_FUZZ_SECONDS="${1:-600}" cargo test --release -p kloe --test core fuzz:: -- --nocapture 2>&1 | grep -E "^fuzz |test result|panicked|found"
