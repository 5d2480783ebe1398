"""Open a map.html in headless Chromium with no network: the CDN files come from npm copies.

Used by the browser test, the map benchmark and the screenshot script. folium's pages load
Leaflet and its plugins from CDNs (jsDelivr, cdnjs, code.jquery.com); ``scripts/ci_browser_setup.sh``
installs the same versions from the npm registry into ``tests/.browser_assets/node_modules`` and
:func:`local_file` maps each CDN URL to its copy. Anything else (map tiles) is aborted, so a run
never touches the network and a missing copy shows up as an unserved URL, not a silent fetch.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
#: where ci_browser_setup.sh puts the npm packages (override with TERRITORY_BROWSER_ASSETS)
ASSETS = Path(os.environ.get("TERRITORY_BROWSER_ASSETS", REPO / "tests" / ".browser_assets" / "node_modules"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

_JSDELIVR = re.compile(r"^https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_JQUERY = re.compile(r"^https://code\.jquery\.com/jquery-([0-9.]+)(\.min)?\.js$")
_CDNJS = re.compile(r"^https://cdnjs\.cloudflare\.com/ajax/libs/([^/]+)/([^/]+)/(.+)$")
#: cdnjs library -> (npm package, folders of the package the cdnjs files sit in)
_CDNJS_PACKAGES = {
    "Leaflet.awesome-markers": ("drmonty-leaflet-awesome-markers", ("js", "css")),
    "moment.js": ("moment", ("min", "")),
    "leaflet.markercluster": ("leaflet.markercluster", ("dist",)),
}
_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml",
          ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".html": "text/html"}


def chromium_path() -> str | None:
    """Debian's chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _version(package: str) -> str | None:
    meta = ASSETS / package / "package.json"
    if not meta.is_file():
        return None
    return json.loads(meta.read_text(encoding="utf-8")).get("version")


def _existing(base: Path, rel: str) -> Path | None:
    candidates = [rel]
    # jsDelivr minifies on request: X.min.js is served from X.js when the package has no .min
    if rel.endswith((".min.js", ".min.css")):
        candidates.append(rel.replace(".min.", ".", 1))
    for candidate in candidates:
        path = (base / candidate).resolve()
        if path.is_file() and base.resolve() in path.parents:
            return path
    return None


def local_file(url: str) -> Path | None:
    """The npm copy of a CDN URL that folium emits, or None (unknown URL or version mismatch)."""
    url = url.split("?", 1)[0].split("#", 1)[0]
    if m := _JSDELIVR.match(url):
        package, version, rel = m.groups()
        return _existing(ASSETS / package, rel) if _version(package) == version else None
    if m := _JQUERY.match(url):
        version, minified = m.groups()
        if _version("jquery") != version:
            return None
        return _existing(ASSETS / "jquery" / "dist", f"jquery{minified or ''}.js")
    if m := _CDNJS.match(url):
        library, version, rel = m.groups()
        if library not in _CDNJS_PACKAGES:
            return None
        package, folders = _CDNJS_PACKAGES[library]
        if _version(package) != version:
            return None
        for folder in folders:
            found = _existing(ASSETS / package / folder, rel)
            if found is not None:
                return found
    return None


def cdn_urls(html: str) -> list[str]:
    """The script and stylesheet URLs a page references."""
    return sorted(set(re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)))


@dataclass
class PageLog:
    """What happened while the page ran."""

    errors: list[str] = field(default_factory=list)        # uncaught exceptions
    console_errors: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)       # CDN URLs answered from npm copies
    unserved: list[str] = field(default_factory=list)     # CDN-looking URLs we had no copy of
    aborted: list[str] = field(default_factory=list)      # everything else (tiles)


def _route_handler(log: PageLog):
    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):  # the map itself, opened as a user double-clicking it would
            route.continue_()
            return
        path = local_file(url)
        if path is not None:
            log.served.append(url)
            route.fulfill(status=200, content_type=_TYPES.get(path.suffix, "application/octet-stream"),
                          body=path.read_bytes(), headers={"Access-Control-Allow-Origin": "*"})
            return
        if re.match(r"^https://(cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|code\.jquery\.com)/", url):
            log.unserved.append(url)
        else:
            log.aborted.append(url)
        route.abort()

    return handle


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's, driven by Playwright) for one or more pages.

    Raises ``RuntimeError`` when chromium is missing (callers decide whether that is a skip or a
    failure). Playwright's sync API allows one of these per thread at a time: share it.
    """
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("chromium is not installed (run scripts/ci_browser_setup.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_map(html_path: str | os.PathLike[str], *, browser: Any = None, viewport: tuple[int, int] = (1280, 860),
             init_script: str | None = None, timeout_ms: int = 60_000) -> Iterator[tuple[Any, PageLog]]:
    """Open ``html_path`` offline in ``browser`` (else a new :func:`chromium`); yield ``(page, log)``.

    The page has fired ``load`` when this yields: every script ran and the layers are on the map.
    """
    if browser is None:
        with chromium() as own:
            with open_map(html_path, browser=own, viewport=viewport, init_script=init_script,
                          timeout_ms=timeout_ms) as opened:
                yield opened
        return
    log = PageLog()
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.on("pageerror", lambda exc: log.errors.append(str(exc)))
        page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
        page.route("**/*", _route_handler(log))
        if init_script:
            page.add_init_script(init_script)
        # file:// rather than answering a made-up URL from the route: Playwright passes a fulfilled
        # body through its protocol, which for a 50 MB page costs a minute and skews the benchmark
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        yield page, log
    finally:
        context.close()
