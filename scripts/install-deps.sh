#!/usr/bin/env bash
# Installs what KLOE Workbook needs and is missing (with --tests, what its
# tests need too): Debian/Ubuntu packages
# (with apt, as root or through sudo) and the Rust crates. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# A C compiler for the bundled SQLite; WebKitGTK and friends for the
# desktop window; Node.js and npm for building its screens.
APT_PACKAGES=(build-essential ca-certificates pkg-config libwebkit2gtk-4.1-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev)
# With --tests, the readers that check the Word export: xmllint (ISO/IEC
# 29500 schemas), pandoc, and LibreOffice with poppler to turn it into a
# PDF and read that back; Chromium for the browser tests; Xvfb,
# WebKitWebDriver, ImageMagick (screenshots) and Python (to forge a partner's
# file) for the real app's; for trying the installed package, what a
# desktop has to find file types and menu entries (xdg-utils,
# shared-mime-info, desktop-file-utils, and mimetype for xdg-mime without a
# desktop session), a session bus, man, bash completion, xdotool to see the
# window, and rpm to look into the .rpm.
if [ "${1:-}" = "--tests" ]; then
  APT_PACKAGES+=(libxml2-utils unzip pandoc libreoffice-writer-nogui poppler-utils fonts-liberation2 chromium
    xvfb webkit2gtk-driver imagemagick python3
    xdg-utils shared-mime-info desktop-file-utils libfile-mimeinfo-perl dbus man-db bash-completion xdotool rpm)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install these packages with your system's package manager: ${missing[*]}" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is needed: install it from https://rustup.rs, then run this command again." >&2
  exit 1
fi
cargo fetch --locked --quiet
if ! command -v npm >/dev/null 2>&1; then
  echo "Node.js (with npm) is needed to build the application's screens: install Node.js 20 or later, then run this command again." >&2
  exit 1
fi
(cd ui && npm ci --no-audit --no-fund --loglevel=error)
# The WebDriver bridge for tests of the real app.
if [ "${1:-}" = "--tests" ] && ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi
