"""Local copies of the CDN files a folium map references: lookup, and inlining into the page.

folium's pages load Leaflet and its plugins from CDNs (jsDelivr, cdnjs, code.jquery.com). The same
versions are on the npm registry; ``scripts/ci_browser_setup.sh`` installs them into
``tests/.browser_assets/node_modules`` (any ``node_modules`` folder with those packages works).
:func:`local_file` maps a CDN URL to its copy, refusing other versions; the browser test serves
the copies instead of the network, and :func:`inline_assets` writes them into map.html so that it
opens on a machine without a network (``make_map(..., assets=DIR)`` or ``TERRITORY_MAP_ASSETS``).
"""

from __future__ import annotations

import base64
import functools
import json
import os
import re
from pathlib import Path

from geo.errors import OutputError

REPO = Path(__file__).resolve().parents[2]
#: where ci_browser_setup.sh puts the npm packages (override with TERRITORY_BROWSER_ASSETS)
ASSETS = Path(os.environ.get("TERRITORY_BROWSER_ASSETS", REPO / "tests" / ".browser_assets" / "node_modules"))

_JSDELIVR = re.compile(r"^https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_JQUERY = re.compile(r"^https://code\.jquery\.com/jquery-([0-9.]+)(\.min)?\.js$")
_CDNJS = re.compile(r"^https://cdnjs\.cloudflare\.com/ajax/libs/([^/]+)/([^/]+)/(.+)$")
#: cdnjs library -> (npm package, folders of the package the cdnjs files sit in)
_CDNJS_PACKAGES = {
    "Leaflet.awesome-markers": ("drmonty-leaflet-awesome-markers", ("js", "css")),
    "moment.js": ("moment", ("min", "")),
    "leaflet.markercluster": ("leaflet.markercluster", ("dist",)),
}
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif", ".woff2": "font/woff2",
         ".woff": "font/woff", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject"}


def _version(root: Path, package: str) -> str | None:
    meta = root / package / "package.json"
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


def local_file(url: str, root: Path | None = None) -> Path | None:
    """The npm copy (under ``root``, default :data:`ASSETS`) of a CDN URL, or None.

    None for an unknown URL, a version other than the installed one, or a path that would leave
    the package.
    """
    root = ASSETS if root is None else Path(root)
    url = url.split("?", 1)[0].split("#", 1)[0]
    if m := _JSDELIVR.match(url):
        package, version, rel = m.groups()
        return _existing(root / package, rel) if _version(root, package) == version else None
    if m := _JQUERY.match(url):
        version, minified = m.groups()
        if _version(root, "jquery") != version:
            return None
        return _existing(root / "jquery" / "dist", f"jquery{minified or ''}.js")
    if m := _CDNJS.match(url):
        library, version, rel = m.groups()
        if library not in _CDNJS_PACKAGES:
            return None
        package, folders = _CDNJS_PACKAGES[library]
        if _version(root, package) != version:
            return None
        for folder in folders:
            found = _existing(root / package / folder, rel)
            if found is not None:
                return found
    return None


def cdn_urls(html: str) -> list[str]:
    """The script and stylesheet URLs a page references."""
    return sorted(set(re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)))


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _style_element(path: Path, _match: re.Match[str]) -> str:
    """The ``<style>`` element that replaces the ``<link>`` to ``path`` (an ``re.sub`` replacement)."""
    return f"<style>{_css_with_data_urls(path)}</style>"


def _css_with_data_urls(path: Path) -> str:
    """A stylesheet with the fonts and images it points to written in as data: URLs."""
    css = path.read_text(encoding="utf-8")

    def embed(m: re.Match[str]) -> str:
        ref = m.group(2).split("?", 1)[0].split("#", 1)[0]
        if ref.startswith(("data:", "http:", "https:", "//")):
            return m.group(0)
        target = (path.parent / ref).resolve()
        if not target.is_file() or target.suffix not in _MIME:
            return m.group(0)
        if target.suffix == ".ttf" and target.with_suffix(".woff2").is_file():
            # every browser that runs Leaflet 1.9 reads the WOFF2 listed first: the TrueType
            # fallback would only double the page (Font Awesome's fonts are ~1 MB as TTF)
            return 'url("data:font/ttf;base64,")'

        data = base64.b64encode(target.read_bytes()).decode("ascii")
        return f'url("data:{_MIME[target.suffix]};base64,{data}")'

    return _CSS_URL.sub(embed, css)


def inline_assets(html: str, root: str | os.PathLike[str]) -> str:
    """``html`` with every CDN script and stylesheet replaced by its local copy, written inline.

    Raises
    ------
    OutputError
        A file the page needs has no copy under ``root`` (names the URL and the folder).
    """
    root = Path(root)
    for url in cdn_urls(html):
        path = local_file(url, root)
        if path is None:
            raise OutputError(f"{root}: no local copy of {url} for an offline map "
                              "(install it with scripts/ci_browser_setup.sh or npm)")
        if path.suffix == ".js":
            # a "</script" inside the code would end the element early
            code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
            html = html.replace(f'<script src="{url}"></script>', f"<script>{code}</script>")
        else:
            html = re.sub(rf'<link rel="stylesheet" href="{re.escape(url)}"\s*/?>',
                          functools.partial(_style_element, path), html)
    left = cdn_urls(html)
    if left:
        raise OutputError(f"{root}: could not inline {left[0]} for an offline map")
    return html
