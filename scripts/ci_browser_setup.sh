#!/usr/bin/env bash
# What the map's browser test (tests/test_browser.py) and scripts/bench_map.py need beyond Python:
# Debian's chromium (Playwright drives it). The map's JavaScript and CSS ship with the package
# (geo/maps/vendor, refreshed by scripts/refresh_map_assets.py), so nothing comes from npm here.
# Idempotent: a second run with everything in place returns in well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- Chromium (Debian package; Playwright drives it via executable_path) ---------------------
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
fi
