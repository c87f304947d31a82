#!/usr/bin/env bash
# Builds the Linux packages of KLOE Workbook: a .deb and an .rpm, in
# target/release/bundle/{deb,rpm}/. Each holds the app and the `kloe`
# command, the desktop entry and icons, the file types it opens, the shell
# completions and the manual page. (An AppImage needs a download while it
# is built, so it is not made here.) Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
(cd ui && npm run build --silent)
cargo build --release --locked -p kloe --bin kloe

# What the package holds beside the app, made from the command line's own
# definitions: the command, its completions and its manual page.
stage=target/package
rm -rf "$stage"
mkdir -p "$stage/completions"
cp target/release/kloe "$stage/kloe"
"$stage/kloe" completions bash > "$stage/completions/kloe.bash"
"$stage/kloe" completions zsh > "$stage/completions/_kloe"
"$stage/kloe" completions fish > "$stage/completions/kloe.fish"
"$stage/kloe" man --dir "$stage/man"
gzip -9n "$stage"/man/*.1

# The app, built in release and bundled (src-tauri/tauri.linux.conf.json
# says what goes where).
(cd src-tauri && npx --prefix ../ui tauri build --ci --bundles deb,rpm)
ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
