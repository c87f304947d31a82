#!/usr/bin/env bash
# The full crash-safety run: a writer doing autosaves, imports, merges,
# reorders and status changes is killed with SIGKILL at random moments,
# 200 times (or as many as the first argument says), and the workbook is
# checked after every kill. Prints the figures RELIABILITY.md records.
set -euo pipefail
cd "$(dirname "$0")/.."
KLOE_KILL_CYCLES="${1:-200}" cargo test --release -p kloe --test core crash::killed_writers_lose_nothing -- --nocapture 2>&1 | grep -E "kill harness|test result|panicked"
