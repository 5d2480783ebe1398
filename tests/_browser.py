"""Open a map.html in headless Chromium with no network.

Used by the browser test and the map benchmark. A map written as territory writes it by default
carries its JavaScript and CSS inline and asks for nothing; one written with ``assets="cdn"``
loads them from CDNs (jsDelivr, cdnjs), and those requests are answered from the copies shipped
in ``geo/maps/vendor`` (:func:`local_file` maps each CDN URL to its copy), unless the test asks
for a page with no network at all (``serve_cdn=False``). Anything else (map tiles) is aborted, so
a run never touches the network and a missing copy shows up as an unserved URL, not a silent fetch.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.maps.assets import SHIPPED, cdn_urls, local_file

__all__ = ["CHROMIUM_ARGS", "SHIPPED", "PageLog", "cdn_urls", "chromium", "chromium_path", "local_file", "open_map"]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml",
          ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".html": "text/html"}


def chromium_path() -> str | None:
    """Debian's chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageLog:
    """What happened while the page ran."""

    errors: list[str] = field(default_factory=list)        # uncaught exceptions
    console_errors: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)       # CDN URLs answered from the shipped copies
    unserved: list[str] = field(default_factory=list)     # CDN-looking URLs we had no copy of
    aborted: list[str] = field(default_factory=list)      # everything else (tiles)


def _route_handler(log: PageLog, serve_cdn: bool):
    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):  # the map itself, opened as a user double-clicking it would
            route.continue_()
            return
        path = local_file(url) if serve_cdn else None
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
             init_script: str | None = None, timeout_ms: int = 60_000,
             serve_cdn: bool = True, fragment: str = "") -> Iterator[tuple[Any, PageLog]]:
    """Open ``html_path`` offline in ``browser`` (else a new :func:`chromium`); yield ``(page, log)``.

    ``serve_cdn=False``: CDN requests are refused too, as on a machine without a network.
    ``fragment``: opened with this ``#...`` after the file's URL, as a link someone sent.

    The page has fired ``load`` when this yields: every script ran and the layers are on the map.
    """
    if browser is None:
        with chromium() as own, open_map(html_path, browser=own, viewport=viewport, init_script=init_script,
                                         timeout_ms=timeout_ms, serve_cdn=serve_cdn, fragment=fragment) as opened:
            yield opened
        return
    log = PageLog()
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.on("pageerror", lambda exc: log.errors.append(str(exc)))
        page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
        page.route("**/*", _route_handler(log, serve_cdn))
        if init_script:
            page.add_init_script(init_script)
        # file:// rather than answering a made-up URL from the route: Playwright passes a fulfilled
        # body through its protocol, which for a 50 MB page costs a minute and skews the benchmark
        page.goto(Path(html_path).resolve().as_uri() + fragment, wait_until="load")
        yield page, log
    finally:
        context.close()
