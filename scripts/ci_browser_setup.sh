#!/usr/bin/env bash
# What the map's browser test (tests/test_browser.py) and scripts/bench_map.py need beyond Python:
# Debian's chromium, and local copies, from the npm registry, of every JavaScript/CSS file that
# folium's map.html references on a CDN. The machines that run the tests are offline, so the test
# answers the CDN requests from these copies (see tests/_browser.py for the URL -> file table).
# Idempotent: a second run with everything in place returns in well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

ASSETS="tests/.browser_assets"   # git-ignored

# --- Chromium (Debian package; Playwright drives it via executable_path) ---------------------
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
fi

# --- npm copies of the CDN files folium 0.20 emits --------------------------------------------
# Versions are the ones in the CDN URLs of a generated map.html (grep '<script src' and
# '<link href'; geo/maps/page.py drops folium's defaults the map does not use: jQuery, Bootstrap's JS,
# awesome-markers). tests/test_browser.py fails if the page asks for a file not found here.
PACKAGE_JSON='{
  "name": "territory-browser-assets",
  "private": true,
  "description": "Local copies of the CDN files folium map.html references (for offline tests).",
  "dependencies": {
    "leaflet": "1.9.3",
    "bootstrap": "5.2.2",
    "@fortawesome/fontawesome-free": "6.2.0",
    "leaflet.timeline": "1.6.0",
    "moment": "2.18.1"
  }
}'
mkdir -p "$ASSETS"
STAMP="$ASSETS/node_modules/.territory-stamp"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$PACKAGE_JSON" ]; then
    echo "browser assets: up to date in $ASSETS"
    exit 0
fi
printf '%s\n' "$PACKAGE_JSON" > "$ASSETS/package.json"
# --ignore-scripts: nothing from the registry runs on this machine; we only need the files.
npm install --prefix "$ASSETS" --no-audit --no-fund --ignore-scripts --no-package-lock \
    --loglevel=error
printf '%s' "$PACKAGE_JSON" > "$STAMP"
echo "browser assets: installed into $ASSETS"
