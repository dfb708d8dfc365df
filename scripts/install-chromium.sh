#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright drives /usr/bin/chromium;
# Playwright's own browser download is not used).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian chromium for the browser tests ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q chromium
elif command -v sudo >/dev/null && command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then
  sudo DEBIAN_FRONTEND=noninteractive apt-get update -q
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
else
  echo "chromium ontbreekt: installeer het pakket 'chromium' (Debian/Ubuntu: apt-get install chromium);" \
       "zonder chromium worden de browsertests overgeslagen." >&2
  echo "chromium is missing: install the package 'chromium'; without it the browser tests are skipped." >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
