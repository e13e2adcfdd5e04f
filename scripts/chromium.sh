#!/usr/bin/env bash
# The browser tour needs Chromium: install Debian's package when it is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    echo "setup: chromium: $(command -v chromium)"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "setup: FAILED: chromium is missing; run: sudo apt-get install chromium" >&2
    exit 1
fi
echo "setup: chromium: installing Debian's package (about a minute)"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || { echo "setup: FAILED: apt-get install chromium; run it by hand to see why" >&2; exit 1; }
