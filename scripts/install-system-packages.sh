#!/usr/bin/env bash
# The Debian packages the tests need, each only when it is missing:
#   chromium                 the browser tests (Playwright drives /usr/bin/chromium; Playwright's own
#                            browser download is not used) and the chart pictures of the exports
#   openjdk-17-jre-headless  Java for Spark (klantlab pyramid --engine spark and its tests)
set -euo pipefail
missing=()
if [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if ! command -v java >/dev/null; then
  missing+=(openjdk-17-jre-headless)
fi
if [ "${#missing[@]}" = "0" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages for the tests: ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
elif command -v sudo >/dev/null && command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then
  sudo DEBIAN_FRONTEND=noninteractive apt-get update -q
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
else
  echo "Ontbrekende pakketten: ${missing[*]} (Debian/Ubuntu: apt-get install ${missing[*]});" \
       "zonder chromium worden de browsertests overgeslagen, zonder Java de Spark-tests." >&2
  echo "Missing packages: ${missing[*]}; without chromium the browser tests are skipped," \
       "without Java the Spark tests." >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
