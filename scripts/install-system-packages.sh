#!/usr/bin/env bash
# The system programs the tests need, each only when it is missing:
#   chromium   the browser tests (Playwright drives it; Playwright's own browser download is not used) and the
#              dashboard's "Download PDF"; an installed Chrome or Chromium is used as it is
#   Java 17    Spark (klantlab pyramid --engine spark and its tests)
# On Debian/Ubuntu they are installed with apt-get (as root, or with sudo without a password); apt-get waits up
# to APT_LOCK_WAIT_S seconds (default 600) for another apt or dpkg process to finish, instead of failing at once.
# Elsewhere (macOS, Windows/WSL without root) it says what to install, and with CI=true it fails.
set -euo pipefail
APT_LOCK_WAIT_S="${APT_LOCK_WAIT_S:-600}"
# The browser the browser tests drive where apt-get is (Debian's package).
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

has_browser() {
  for name in chromium chromium-browser google-chrome google-chrome-stable chrome; do
    if command -v "$name" >/dev/null; then return 0; fi
  done
  for app in "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" \
             "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
    if [ -x "$app" ]; then return 0; fi
  done
  return 1
}

missing=()
# Where apt-get is, the browser tests drive Debian's /usr/bin/chromium; elsewhere any Chrome or Chromium does.
if command -v apt-get >/dev/null; then
  if [ ! -x "$CHROMIUM_PATH" ]; then missing+=(chromium); fi
elif ! has_browser; then
  missing+=(chromium)
fi
if ! command -v java >/dev/null; then
  missing+=(openjdk-17-jre-headless)
fi
if [ "${#missing[@]}" = "0" ]; then
  exit 0
fi

apt_get() {
  # Another apt or dpkg process (an unattended upgrade, a second install) holds a lock: wait for it, bounded.
  # DPkg::Lock::Timeout makes apt-get wait for the dpkg lock itself; the package lists' lock (apt-get update) is
  # waited for here, by trying again every 5 s.
  local deadline=$((SECONDS + APT_LOCK_WAIT_S)) log status
  log="$(mktemp)"
  while true; do
    status=0
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get -o "DPkg::Lock::Timeout=${APT_LOCK_WAIT_S}" "$@" 2>&1 | tee "$log" || status=${PIPESTATUS[0]}
    if [ "$status" = "0" ] || ! grep -qi "lock" "$log" || [ "$SECONDS" -ge "$deadline" ]; then
      rm -f "$log"
      return "$status"
    fi
    echo "apt is busy (another apt or dpkg process); trying again in 5 s ..."
    sleep 5
  done
}

if command -v apt-get >/dev/null && [ "$(id -u)" = "0" ]; then
  echo "Installing Debian packages for the tests: ${missing[*]} (waiting up to ${APT_LOCK_WAIT_S} s for apt) ..."
  sudo_cmd=()
  apt_get update -q
  apt_get install -y -q "${missing[@]}"
elif command -v apt-get >/dev/null && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  echo "Installing Debian packages for the tests with sudo: ${missing[*]} ..."
  sudo_cmd=(sudo)
  apt_get update -q
  apt_get install -y -q "${missing[@]}"
else
  if command -v apt-get >/dev/null; then
    how="sudo apt-get install ${missing[*]}"
  elif command -v brew >/dev/null; then
    how="brew install --cask chromium; brew install openjdk@17"
  else
    how="install Chrome or Chromium, and Java 17"
  fi
  echo "Ontbrekende programma's: ${missing[*]}. Installeer ze zo: ${how}." \
       "Zonder browser worden de browsertests overgeslagen, zonder Java de Spark-tests." >&2
  echo "Missing programs: ${missing[*]}. Install them with: ${how}." \
       "Without a browser the browser tests are skipped, without Java the Spark tests." >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
