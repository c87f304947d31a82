#!/usr/bin/env bash
# Installs what is missing, builds KLOE Workbook and opens the bundled sample
# review in your workbook (KLOE_DB, or the platform data directory).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cargo build --release --locked --quiet
kloe=target/release/kloe
id=$("$kloe" sample --if-missing | awk '{print $NF}')
echo
"$kloe" show "$id" | head -n 12
echo "…"
echo
"$kloe" status "$id"
echo
echo "The command line is at $kloe; try \`$kloe --help\`."
