"""The JavaScript, CSS and fonts of map.html: shipped copies, lookup, and inlining into the page.

The page needs Leaflet, leaflet.timeline (with moment.js for its dates) and Font Awesome's solid
glyphs. The exact versions it references are in :data:`PACKAGES`; their files ship with the
package in ``geo/maps/vendor/`` (taken from the npm registry by ``scripts/refresh_map_assets.py``,
each with its licence; ``geo/maps/vendor/README.md`` says where each comes from). By default they
are written into map.html (:func:`inline_assets`), so the page opens on a machine without a
network; ``make_map(..., assets="cdn")`` writes links to the public CDNs folium uses instead, and
a ``node_modules`` folder holding the same versions works as a source too.

:func:`local_file` maps a CDN URL to its copy, refusing other versions; the browser test answers
a CDN page's requests with it.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import re
from pathlib import Path

from geo.errors import OutputError

#: the copies shipped with the package (``scripts/refresh_map_assets.py`` writes them)
SHIPPED = Path(__file__).resolve().parent / "vendor"

#: npm package -> (version, the files of it the page uses); what the refresh script keeps
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "leaflet": ("1.9.3", ("dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png",
                          "dist/images/layers-2x.png", "dist/images/marker-icon.png")),
    # published without a minified build; jsDelivr minifies on request (see _existing)
    "leaflet.timeline": ("1.6.0", ("dist/leaflet.timeline.js",)),
    "moment": ("2.18.1", ("min/moment.min.js",)),
    # the glyph classes and the solid face only: the map uses no brand or regular glyph
    "@fortawesome/fontawesome-free": ("6.2.0", ("css/fontawesome.min.css", "css/solid.min.css",
                                                "webfonts/fa-solid-900.woff2")),
}


def cdn_url(package: str, rel: str) -> str:
    """The jsDelivr URL of a shipped file (the version the page uses)."""
    return f"https://cdn.jsdelivr.net/npm/{package}@{PACKAGES[package][0]}/{rel}"


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
    """The copy (under ``root``, default :data:`SHIPPED`) of a CDN URL, or None.

    None for an unknown URL, a version other than the installed one, or a path that would leave
    the package.
    """
    root = SHIPPED if root is None else Path(root)
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
        if target.suffix not in _MIME:
            return m.group(0)
        if not target.is_file() or (target.suffix == ".ttf" and target.with_suffix(".woff2").is_file()):
            # a fallback face the copies leave out (Font Awesome's TrueType files, ~1 MB): every
            # browser that runs Leaflet 1.9 reads the WOFF2 listed first, and an empty data: URL
            # asks nothing of the network
            return f'url("data:{_MIME[target.suffix]};base64,")'

        data = base64.b64encode(target.read_bytes()).decode("ascii")
        return f'url("data:{_MIME[target.suffix]};base64,{data}")'

    return _CSS_URL.sub(embed, css)


def inline_assets(html: str, root: str | os.PathLike[str] = SHIPPED) -> str:
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
                              "(the shipped copies: scripts/refresh_map_assets.py; or a node_modules folder)")
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
