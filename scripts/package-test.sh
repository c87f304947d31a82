#!/usr/bin/env bash
# The Linux package, tried as a user meets it: build the .deb (and .rpm),
# install the .deb with apt, find the menu entry and the file types, open a
# partner pack from the desktop (xdg-open) under Xvfb and see partner mode,
# open a second while the app runs, run `kloe --version`, `man kloe` and a
# completion, then remove the package and find nothing of it left but the
# user's workbook. Prints the package's size, the install time and the
# installed app's cold start. Needs root (or sudo) to install.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --tests

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Trying the package needs root or sudo, to install it and remove it again." >&2
    exit 1
  fi
  sudo="sudo"
fi

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
fail=0
check() { # check WHAT COMMAND...: ok or FAIL, as the other tests print
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}

./scripts/package.sh >/dev/null
deb=$(ls target/release/bundle/deb/*.deb)
rpm=$(ls target/release/bundle/rpm/*.rpm)
check "the .rpm holds the app, the kloe command and the file types" \
  bash -c "rpm -qpl '$rpm' | grep -qx /usr/bin/kloe-workbook && rpm -qpl '$rpm' | grep -qx /usr/bin/kloe && rpm -qpl '$rpm' | grep -qx /usr/share/mime/packages/kloe-workbook.xml"

work=$(mktemp -d)
display=:95
app_pids() { pgrep -f '^(/usr/bin/)?kloe-workbook( |$)' || true; }
cleanup() {
  pkill -f '^(/usr/bin/)?kloe-workbook( |$)' 2>/dev/null || true
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
  [ -n "${bus:-}" ] && kill "$bus" 2>/dev/null || true
}
trap cleanup EXIT
# Whatever an earlier run left installed goes first.
$sudo apt-get remove -y kloe-workbook >/dev/null 2>&1 || true

start=$(date +%s.%N)
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "./$deb" >/dev/null
install_s=$(since "$start")
dpkg -L kloe-workbook > "$work/installed.txt"

desktop="/usr/share/applications/KLOE Workbook.desktop"
check "the menu holds KLOE Workbook (a valid desktop entry)" desktop-file-validate "$desktop"
check "the desktop entry opens a file it is given" grep -qx 'Exec=kloe-workbook %f' "$desktop"
check "the icon is installed at every size, and as SVG" \
  bash -c 'for s in 16 24 32 48 64 128 256 512; do test -f /usr/share/icons/hicolor/${s}x${s}/apps/kloe-workbook.png || exit 1; done; test -f /usr/share/icons/hicolor/scalable/apps/kloe-workbook.svg'

# The council's sample, and packs for two partners, as the files a partner
# is e-mailed.
export KLOE_AUTHOR="Package Test"
council="$work/council.kloe"
KLOE_DB=$council kloe sample >/dev/null
KLOE_DB=$council kloe pack export 1 Police -o "$work/police.kloepack" >/dev/null
KLOE_DB=$council kloe pack export 1 PCC -o "$work/pcc.kloepack" >/dev/null
touch "$work/answers.kloeresponse"
cp "$council" "$work/another.kloe"
for pair in kloepack:application/x-kloe-pack kloeresponse:application/x-kloe-response kloe:application/x-kloe-workbook; do
  ext=${pair%%:*}
  type=${pair#*:}
  file=$(ls "$work"/*."$ext" | head -1)
  check "a .$ext file is a $type" test "$(xdg-mime query filetype "$file")" = "$type"
  check "and KLOE Workbook opens it" test "$(xdg-mime query default "$type")" = "KLOE Workbook.desktop"
done

check "kloe --version names the version and the formats" \
  bash -c 'kloe --version | grep -Eq "^kloe [0-9]+\.[0-9]+\.[0-9]+ \(workbook format [0-9]+, pack format [0-9]+\)$"'
check "man kloe shows the manual, and a page for each command" \
  bash -c 'MANPAGER=cat man kloe | grep -q "kloe-pack(1)" && MANPAGER=cat man kloe-pack-respond | grep -q "respond to recommendation"'
check "bash completes kloe's commands" bash -c '
  source /usr/share/bash-completion/completions/kloe
  COMP_WORDS=(kloe pa); COMP_CWORD=1; COMP_LINE="kloe pa"; COMP_POINT=7
  _kloe kloe pa kloe
  printf "%s\n" "${COMPREPLY[@]}" | grep -qx pack'

# The desktop opens a pack: the installed app starts on it, in partner mode.
# A desktop session has a screen and a session bus (over which a second
# start finds the running window).
Xvfb $display -screen 0 1280x860x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY=$display
{ read -r DBUS_SESSION_BUS_ADDRESS; read -r bus; } < <(dbus-daemon --session --fork --print-address=1 --print-pid=1)
export DBUS_SESSION_BUS_ADDRESS
partner="$work/partner.kloe"
copies() { KLOE_DB=$partner kloe reviews --json 2>/dev/null | grep -c '"answering_for": "' || true; }
start=$(date +%s.%N)
KLOE_DB=$partner xdg-open "$work/police.kloepack" >/dev/null 2>&1 &
xdotool search --sync --onlyvisible --name '^KLOE Workbook$' >/dev/null
window_s=$(since "$start")
for _ in $(seq 60); do [ "$(copies)" -ge 1 ] && break; sleep 0.5; done
check "a double-clicked pack opens in partner mode" test "$(copies)" -eq 1
sleep 2
mkdir -p ui/e2e/screenshots
import -window root -display $display ui/e2e/screenshots/package-partner-mode.png
# A second pack while it runs goes to the same window.
KLOE_DB=$partner xdg-open "$work/pcc.kloepack" >/dev/null 2>&1 &
for _ in $(seq 60); do [ "$(copies)" -ge 2 ] && break; sleep 0.5; done
check "a second pack opened while the app runs goes to the open window" test "$(copies)" -eq 2
check "and no second app is started" test "$(app_pids | wc -l)" -eq 1
sleep 2
import -window root -display $display ui/e2e/screenshots/package-second-pack.png
# A workbook opened while it runs becomes the window's workbook.
KLOE_DB=$partner xdg-open "$work/another.kloe" >/dev/null 2>&1 &
holds() { for pid in $(app_pids); do ls -l "/proc/$pid/fd" 2>/dev/null; done | grep -q "$1"; }
released() { ! holds "$1"; }
for _ in $(seq 60); do holds another.kloe && break; sleep 0.5; done
check "a workbook opened while the app runs becomes the open workbook" holds another.kloe
check "in place of the one it had open" released partner.kloe
pkill -f '^(/usr/bin/)?kloe-workbook( |$)' || true
for _ in $(seq 20); do [ -z "$(app_pids)" ] && break; sleep 0.5; done

$sudo apt-get remove -y kloe-workbook >/dev/null
left=""
while read -r path; do
  if [ -f "$path" ] || [ -L "$path" ]; then left="$left $path"; fi
done < "$work/installed.txt"
check "removing the package leaves none of its files behind${left:+ (left:$left)}" test -z "$left"
check "and the file types go with it" test "$(xdg-mime query filetype "$work/police.kloepack")" != application/x-kloe-pack
check "the user's workbook is kept" test -s "$partner"

size=$(stat -c %s "$deb")
echo "Package: $(basename "$deb"), $((size / 1024 / 1024)) MB ($size bytes); installed in ${install_s} s; the installed app showed its window ${window_s} s after the pack was opened"
rm -rf "$work"
exit $fail
