#!/usr/bin/env bash
# Make sure Debian's Chromium is present for the browser tests (tests/test_browser.py).
# Idempotent: does nothing when the browser is installed; installs it with apt-get only when it is
# missing and we are root. Otherwise it says how to install it and leaves the decision to the
# tests (a skip with a reason, or a failure when CI=true).
set -euo pipefail

browser="${KIT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
    echo "browser tests: using $browser"
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "browser tests: $browser is missing; install it with 'sudo apt-get install chromium'" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium
echo "browser tests: installed $(command -v chromium)"
