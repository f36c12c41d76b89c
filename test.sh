#!/usr/bin/env bash
# Runs Imagehub's whole test suite, first installing what the tests need when it is missing:
# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium, never a downloaded one).
set -euo pipefail
cd "$(dirname "$0")"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -x "${IMAGEHUB_TEST_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "test.sh: installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y chromium || { as_root apt-get update && as_root apt-get install -y chromium; }
fi

exec mvn -B test "$@"
