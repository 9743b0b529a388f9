#!/usr/bin/env bash
# Make Debian's chromium and chromium-driver available for the browser tests.
# Installs them with apt when missing and we are root; otherwise says clearly what to do.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium and chromium-driver for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi
echo "The browser tests need Debian's chromium and chromium-driver:" >&2
echo "    sudo apt-get install chromium chromium-driver" >&2
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: a missing browser is a failure." >&2
  exit 1
fi
echo "Continuing without them: the browser tests will be skipped (outside CI only)." >&2
