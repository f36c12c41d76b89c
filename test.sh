#!/usr/bin/env bash
# Runs Imagehub's whole test suite, first installing what the tests need when it is missing:
# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium, never a downloaded one), and moto,
# the AWS emulator the AWS tests point the real SDK at (a Python package; $IMAGEHUB_TEST_MOTO may name it instead).
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

if [ -z "${IMAGEHUB_TEST_MOTO:-}" ] && ! command -v moto_server >/dev/null 2>&1; then
  echo "test.sh: installing moto 5.2.1 (the AWS emulator) with pip"
  if ! python3 -m pip install --quiet 'moto[server]==5.2.1'; then
    echo "test.sh: could not install moto. The AWS tests need it: install it with" >&2
    echo "  python3 -m pip install 'moto[server]==5.2.1'" >&2
    echo "or set IMAGEHUB_TEST_MOTO to a moto_server executable, then run ./test.sh again." >&2
    exit 1
  fi
  hash -r
  if ! command -v moto_server >/dev/null 2>&1; then
    echo "test.sh: moto is installed but moto_server is not on the PATH (pip's script directory," >&2
    echo "e.g. ~/.local/bin): add it to the PATH or set IMAGEHUB_TEST_MOTO to it." >&2
    exit 1
  fi
fi

exec mvn -B test "$@"
