"""Country outlines (shipped) and governorate/district polygons (added by the user).

Country outlines come with the project: Natural Earth 1:50m, public domain, converted from the
npm package ``world-atlas`` by ``scripts/build_country_outlines.py`` into
``boundaries/ne_50m_countries.geojson``.

Admin-1 (governorate, province) and admin-2 (district) polygons are large and come in many
editions, so, like gazetteer dumps, the user adds the ones they trust::

    territory boundaries add wof_admin1_regions.geojson.gz --level 1
    territory boundaries add geoBoundaries-IRQ-ADM2-all.zip --level 2

Any file GDAL reads works (GeoJSON, GeoPackage, zipped shapefile, gzipped GeoJSON). The polygons
are normalised to ``name``, ``country_code``, ``code`` (the GeoNames admin-1 code such as
``IQ.15`` where a governorate of the curated table ``geo/gazetteer/data/governorates.csv``
matches by name or by its centre), ``source_id`` (the file's own id: p-code, shapeID, WOF id),
``geonameid``, ``source`` and stored in
``$TERRITORY_HOME/boundaries/admin{level}.gpkg`` (``TERRITORY_HOME`` defaults to the platform's
user data directory). Adding a file a second time replaces the rows it added before.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo import settings
from geo.errors import BoundaryError

#: where the shipped country outlines live, relative to the repository root

#: the normalised columns every stored admin layer has, in this order
ADMIN_COLUMNS = ["name", "country_code", "code", "source_id", "geonameid", "source"]

#: name columns of the common distributions, most specific first: Who's On First (name: its
#: English default; name_en is sometimes a transliteration such as "H'alab"), geoBoundaries
#: (shapeName), OCHA COD-AB (ADM1_EN / ADM2_EN), GADM (NAME_1 / NAME_2)
_NAME_FIELDS = ("name", "name_en", "shapeName", "ADM{level}_EN", "NAME_{level}", "NAME", "Name")
#: country columns: two-letter (WOF country, OCHA ADM0_PCODE) or three-letter
#: (geoBoundaries shapeGroup, GADM GID_0) ISO codes
_COUNTRY_FIELDS = ("iso_a2", "country", "ADM0_PCODE", "shapeGroup", "GID_0", "ISO", "iso", "iso3")
#: code columns: OCHA p-codes, geoBoundaries ids, GADM ids, WOF ids
_CODE_FIELDS = ("ADM{level}_PCODE", "shapeID", "GID_{level}", "wof_id", "id")
_GEONAMES_FIELDS = ("geonames_id", "geonameid", "gn_id")


def home() -> Path:
    """The directory territory keeps user data in (``TERRITORY_HOME`` or the platform's)."""
    return settings.home()


def admin_path(level: int) -> Path:
    """Where the user's admin-``level`` polygons are stored."""
    _check_level(level)
    return home() / "boundaries" / f"admin{level}.gpkg"


@functools.lru_cache(maxsize=1)
def _countries_cached() -> gpd.GeoDataFrame:
    outlines = settings.country_outlines_file()
    if not outlines.is_file():
        raise BoundaryError(outlines, "the shipped country outlines are missing; run "
                            "scripts/build_country_outlines.py")
    stamp = _stamp(outlines)
    kept = _read_kept_outlines(stamp)
    if kept is not None:
        return kept
    try:
        gdf = pyogrio.read_dataframe(outlines)
    except Exception as exc:  # pyogrio raises several error types for one cause: unreadable
        raise BoundaryError(outlines, f"cannot be read: {exc}") from exc
    gdf = gdf.set_crs(4326, allow_override=True)
    gdf["geometry"] = shapely.make_valid(gdf.geometry.values)
    gdf = gdf.sort_values("iso_a3", kind="stable").reset_index(drop=True)
    _keep_outlines(gdf, stamp)
    return gdf


# The outlines as read and made valid, kept in the user's folder beside the other caches:
# reading the 2 MB GeoJSON with GDAL and mending it took ~0.17 s of CPU at every start of a
# process that draws a map or estimates control areas; the kept copy (WKB) reads in ~0.01 s.
# Keyed by the shipped file's size and modification time, so a rebuilt file is read afresh.

def _kept_outlines_path() -> Path:
    return home() / "country_outlines.json"


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def _read_kept_outlines(stamp: str) -> gpd.GeoDataFrame | None:
    try:
        data = json.loads(_kept_outlines_path().read_text(encoding="utf-8"))
        if data.get("source") != stamp:
            return None
        geoms = shapely.from_wkb([base64.b64decode(w) for w in data["wkb"]])
        frame = pd.DataFrame({k: pd.Series(v, dtype="str") for k, v in data["columns"].items()})
        return gpd.GeoDataFrame(frame, geometry=geoms, crs=4326)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, shapely.errors.ShapelyError):
        return None  # no copy yet, an older one or a damaged one: read the shipped file


def _keep_outlines(gdf: gpd.GeoDataFrame, stamp: str) -> None:
    columns = {str(c): [None if pd.isna(v) else str(v) for v in gdf[c]] for c in gdf.columns if c != "geometry"}
    wkb = [base64.b64encode(w).decode("ascii") for w in shapely.to_wkb(gdf.geometry.values)]
    path = _kept_outlines_path()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"source": stamp, "columns": columns, "wkb": wkb}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only or full home only costs the copy; a half-written one goes
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def countries() -> gpd.GeoDataFrame:
    """Natural Earth 1:50m country outlines shipped with territory.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``name``, ``iso_a2``, ``iso_a3``, ``iso_n3``, geometry; EPSG:4326.
    """
    return _countries_cached().copy()


def country_outline(codes: Sequence[str]) -> shapely.Geometry | None:
    """The union of the outlines of the countries with these ISO 3166 alpha-2 codes."""
    gdf = _countries_cached()
    geoms = gdf.geometry.values[gdf["iso_a2"].isin(list(codes)).to_numpy()]
    return shapely.union_all(geoms) if len(geoms) else None


def admin(level: int) -> gpd.GeoDataFrame | None:
    """The admin-``level`` polygons the user added, or ``None`` when none were added."""
    path = admin_path(level)
    if not path.is_file():
        return None
    return _read_admin(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_admin(path: str, _mtime: int) -> gpd.GeoDataFrame:
    # the mtime is part of the cache key so that a `boundaries add` in the same process shows
    try:
        gdf = pyogrio.read_dataframe(path)
    except Exception as exc:
        raise BoundaryError(path, f"cannot be read: {exc}") from exc
    return gdf


def admin1_for_points(lons: Sequence[float | None], lats: Sequence[float | None],
                      level: int = 1) -> list[str | None]:
    """Name of the admin-``level`` polygon each point falls in.

    Parameters
    ----------
    lons, lats
        Point coordinates (WGS 84); ``None``/NaN gives ``None``.
    level
        1 for governorates/provinces, 2 for districts.

    Returns
    -------
    list of str or None
        One name per point; all ``None`` when the user added no polygons of that level, so that
        callers fall back on the gazetteer's admin1 codes.
    """
    lon = np.asarray(pd.to_numeric(pd.Series(list(lons), dtype=object), errors="coerce"), float)
    lat = np.asarray(pd.to_numeric(pd.Series(list(lats), dtype=object), errors="coerce"), float)
    out: list[str | None] = [None] * len(lon)
    polys = admin(level)
    if polys is None or not len(lon):
        return out
    ok = ~(np.isnan(lon) | np.isnan(lat))
    points = gpd.GeoDataFrame(geometry=shapely.points(lon[ok], lat[ok]), crs=4326)
    points["_i"] = np.flatnonzero(ok)
    # "within" can miss a point on a shared border; "intersects" keeps it and the stable sort
    # plus first-wins keeps the answer deterministic
    joined = gpd.sjoin(points, polys[["name", "geometry"]], how="inner", predicate="intersects")
    joined = joined.sort_values(["_i", "name"], kind="stable").drop_duplicates("_i")
    for i, name in zip(joined["_i"], joined["name"]):
        out[int(i)] = None if pd.isna(name) else str(name)
    return out


def add_boundaries(path: str | os.PathLike[str], level: int, *, name_field: str | None = None,
                   country: str | None = None, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a boundary file and store its polygons as the user's admin-``level`` layer.

    Parameters
    ----------
    path
        Any file GDAL reads: GeoJSON (also ``.geojson.gz``), GeoPackage, zipped shapefile.
    level
        1 (governorates, provinces) or 2 (districts).
    name_field
        Column holding the unit's name; found automatically for Who's On First, geoBoundaries,
        OCHA and GADM files.
    country
        Two-letter country code for every row, when the file has no country column.
    layer
        Layer to read from a file with several; by default the one named ``adm<level>``.

    Returns
    -------
    geopandas.GeoDataFrame
        The rows added (normalised columns, EPSG:4326).

    Raises
    ------
    BoundaryError
        The file cannot be read, holds no polygons, or has no name column.
    """
    _check_level(level)
    src = Path(path)
    gdf = read_boundary_file(src, level, layer)
    rows = normalise(gdf, src, level, name_field=name_field, country=country)
    _store(rows, admin_path(level), src.name)
    return rows


def read_boundary_file(path: Path, level: int | None = None,
                       layer: str | None = None) -> gpd.GeoDataFrame:
    """Read any GDAL vector file, gzipped GeoJSON included, as EPSG:4326 polygons.

    A file with several layers (an OCHA GeoPackage or zip holds adm0 to adm3) is read from
    ``layer``, else from the one layer whose name says ``adm<level>``.
    """
    if not path.exists():
        raise BoundaryError(path, "no such file")
    if path.is_dir():
        raise BoundaryError(path, "is a directory, not a boundary file")
    gdal_path = str(path.resolve())
    if gdal_path.endswith(".gz") and not gdal_path.endswith(".tar.gz"):
        gdal_path = "/vsigzip/" + gdal_path
    try:
        layer = layer or _pick_layer(path, gdal_path, level)
        with warnings.catch_warnings():
            # WOF keeps ids as text that GDAL guesses to be JSON; text is what we want
            warnings.filterwarnings("ignore", message="Could not parse column",
                                    category=UserWarning)
            gdf = pyogrio.read_dataframe(gdal_path, layer=layer)
    except BoundaryError:
        raise
    except Exception as exc:
        raise BoundaryError(path, f"GDAL cannot read it as a vector file ({exc})") from exc
    if not len(gdf) or "geometry" not in gdf:
        raise BoundaryError(path, "holds no features")
    kinds = set(gdf.geometry.dropna().geom_type)
    if not kinds & {"Polygon", "MultiPolygon"}:
        raise BoundaryError(path, f"holds no polygons (found {sorted(kinds) or 'no geometry'})")
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            raise BoundaryError(path, "has no coordinate reference system and is not lon/lat")
        gdf = gdf.set_crs(4326)
    elif not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs(4326)
    return gdf


def _pick_layer(path: Path, gdal_path: str, level: int | None) -> str | None:
    names = [str(n) for n in pyogrio.list_layers(gdal_path)[:, 0]]
    if len(names) <= 1:
        return None
    import re

    wanted = [n for n in names if level is not None
              and re.search(rf"adm(in)?_?{level}(?!\d)", n, re.IGNORECASE)]
    if len(wanted) == 1:
        return wanted[0]
    raise BoundaryError(path, f"holds {len(names)} layers ({', '.join(names)}); pass --layer")


def normalise(gdf: gpd.GeoDataFrame, path: Path, level: int, *, name_field: str | None = None,
              country: str | None = None) -> gpd.GeoDataFrame:
    """Map a boundary file's columns on ``ADMIN_COLUMNS`` and keep valid, current polygons."""
    gdf = gdf[gdf.geometry.notna() & gdf.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    if "is_current" in gdf:  # Who's On First keeps superseded units; 0 means "not any more"
        gdf = gdf[pd.to_numeric(gdf["is_current"], errors="coerce").fillna(-1) != 0]
    if "deprecated" in gdf:
        gdf = gdf[gdf["deprecated"].fillna("").astype(str).str.strip() == ""]
    if "placetype" in gdf and level == 2:
        gdf = gdf[gdf["placetype"].fillna("county").isin(["county", "localadmin", "district"])]
    name_col = name_field or _pick(gdf, _NAME_FIELDS, level)
    if name_col is None or name_col not in gdf:
        raise BoundaryError(path, f"has no name column (looked for {_expand(_NAME_FIELDS, level)}; "
                            f"it has {sorted(c for c in gdf.columns if c != 'geometry')}); "
                            "pass --name-field")
    out = pd.DataFrame(index=gdf.index)
    out["name"] = gdf[name_col].astype("string").str.strip()
    if country:
        out["country_code"] = country.upper()
    else:
        ccol = _pick(gdf, _COUNTRY_FIELDS, level)
        out["country_code"] = _iso2(gdf[ccol]) if ccol else None
    ccode = _pick(gdf, _CODE_FIELDS, level)
    out["source_id"] = gdf[ccode].astype("string") if ccode else None
    gcol = _pick(gdf, _GEONAMES_FIELDS, level)
    # WOF writes 0 for "no GeoNames id"
    if gcol:
        ids = pd.to_numeric(gdf[gcol], errors="coerce").replace(0, np.nan)
        out["geonameid"] = ids.astype("Int64")
    else:
        out["geonameid"] = pd.array([pd.NA] * len(gdf), dtype="Int64")
    out["source"] = path.name
    geoms = shapely.make_valid(gdf.geometry.values)
    # make_valid can return collections with slivers of lines; keep the polygonal part only
    geoms = np.array([_polygonal(g) for g in geoms], dtype=object)
    rows = gpd.GeoDataFrame(out, geometry=geoms, crs=4326)
    rows = rows[rows["name"].notna() & ~rows.geometry.is_empty]
    if not len(rows):
        raise BoundaryError(path, "holds no named, current polygons")
    rows.insert(2, "code", _geonames_codes(rows) if level == 1 else None)
    return rows.sort_values(["country_code", "name", "code"], kind="stable").reset_index(drop=True)


class AdminSummary(TypedDict):
    """What :func:`list_admin` says of one stored level."""

    level: int
    path: str
    units: int
    sources: list[str]
    countries: list[str]


def list_admin() -> list[AdminSummary]:
    """One summary per stored level: level, path, number of units, sources, countries."""
    out: list[AdminSummary] = []
    for level in (1, 2):
        gdf = admin(level)
        if gdf is None:
            continue
        out.append({"level": level, "path": str(admin_path(level)), "units": len(gdf),
                    "sources": sorted(set(gdf["source"].dropna())),
                    "countries": sorted(set(gdf["country_code"].dropna()))})
    return out


def remove_admin(level: int, source: str | None = None) -> int:
    """Drop the admin-``level`` rows of one source file (or all); returns how many went."""
    path = admin_path(level)
    gdf = admin(level)
    if gdf is None:
        return 0
    keep = gdf[gdf["source"] != source] if source else gdf.iloc[0:0]
    gone = len(gdf) - len(keep)
    if len(keep):
        _write_atomic(keep, path)
    else:
        path.unlink()
    return gone


def _store(rows: gpd.GeoDataFrame, path: Path, source: str) -> None:
    old = admin_path_frame(path)
    if old is not None:
        # adding the same file again replaces what it added before instead of duplicating it
        old = old[old["source"] != source]
        rows = pd.concat([old[[*ADMIN_COLUMNS, "geometry"]], rows], ignore_index=True)
        rows = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    rows = rows.sort_values(["country_code", "name", "code", "source"], kind="stable")
    _write_atomic(rows.reset_index(drop=True), path)


def admin_path_frame(path: Path) -> gpd.GeoDataFrame | None:
    """The stored admin layer at ``path``, or ``None``."""
    return _read_admin(str(path), path.stat().st_mtime_ns) if path.is_file() else None


def _write_atomic(rows: gpd.GeoDataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.gpkg")
    if tmp.exists():
        tmp.unlink()
    rows = rows.copy()
    rows["geometry"] = shapely.force_2d(rows.geometry.values)
    rows["geonameid"] = rows["geonameid"].astype("Int64")
    pyogrio.write_dataframe(rows, tmp, layer=path.stem, driver="GPKG", promote_to_multi=True)
    os.replace(tmp, path)
    _read_admin.cache_clear()


@functools.lru_cache(maxsize=1)
def _governorates() -> pd.DataFrame:
    """The curated governorate table (GeoNames admin-1 codes, names, variants, centres)."""
    path = settings.shipped_file("geo.gazetteer", "data", "governorates.csv")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError):  # the table is optional: codes just stay empty
        return pd.DataFrame(columns=["country_code", "admin1", "name", "variants", "lat", "lon"])
    return table


@functools.lru_cache(maxsize=8192)  # called once per event: a table scan each was 2 ms x 100k events
def admin1_name(country_code: str | None, code: str | None) -> str | None:
    """The governorate name of a GeoNames admin-1 code (``"15"`` or ``"IQ.15"``), if known."""
    if not country_code or not code:
        return None
    code = str(code).split(".")[-1]
    table = _governorates()
    hit = table[(table["country_code"] == country_code) & (table["admin1"] == code)]
    return str(hit["name"].iloc[0]) if len(hit) else None


def _norm_name(name: object) -> str:
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"\b(governorate|province|muhafazat|wilayah)\b", " ", text)
    text = re.sub(r"\b(al|ar|as|an|at|ad|az|ash|el)\b[- ]?", " ", text)
    return re.sub(r"[^a-z]", "", text)


def _geonames_codes(rows: gpd.GeoDataFrame) -> list[str | None]:
    # match by name (the table lists the usual spellings), else by the table's centre point
    table = _governorates()
    by_name: dict[tuple[str, str], str] = {}
    centres = []
    for r in table.itertuples():
        code = f"{r.country_code}.{r.admin1}"
        for variant in [r.name, *str(r.variants).split("|")]:
            if variant:
                by_name.setdefault((r.country_code, _norm_name(variant)), code)
        try:
            centres.append((r.country_code, shapely.Point(float(r.lon), float(r.lat)), code))
        except ValueError:
            continue
    out: list[str | None] = []
    for cc, name, geom in zip(rows["country_code"], rows["name"], rows.geometry):
        found = by_name.get((cc, _norm_name(name)))
        if found is None:
            inside = [c for tcc, pt, c in centres if tcc == cc and geom.covers(pt)]
            found = inside[0] if len(inside) == 1 else None
        out.append(found)
    return out


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    if geom is None:
        return shapely.Polygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _expand(fields: Sequence[str], level: int) -> list[str]:
    return [f.format(level=level) for f in fields]


def _pick(gdf: pd.DataFrame, fields: Sequence[str], level: int) -> str | None:
    lower = {c.lower(): c for c in gdf.columns}
    for field in _expand(fields, level):
        col = field if field in gdf.columns else lower.get(field.lower())
        if col is not None and gdf[col].notna().any():
            return col
    return None


def _iso2(codes: pd.Series) -> pd.Series:
    codes = codes.astype("string").str.strip().str.upper()
    if codes.dropna().str.len().eq(2).all():
        return codes
    table = _countries_cached()
    iso3 = dict(zip(table["iso_a3"], table["iso_a2"]))
    return codes.map(lambda c: iso3.get(c, c[:2] if isinstance(c, str) and len(c) == 2 else None)
                     if isinstance(c, str) else None).astype("string")


def _check_level(level: int) -> None:
    if level not in (1, 2):
        raise BoundaryError(f"level {level}", "the admin level must be 1 or 2")
