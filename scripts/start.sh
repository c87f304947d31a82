#!/usr/bin/env bash
# Installs what is missing, builds KLOE Workbook and opens it on your
# workbook (KLOE_DB, or the platform data directory); on first run that
# holds the bundled sample review.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
(cd ui && npm run build --silent)
cargo build --release --locked -p kloe -p kloe-workbook
exec target/release/kloe-workbook
