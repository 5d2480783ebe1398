"""The offline base of the map: country outlines and the names of the main towns of its view.

Without tiles a reader still needs to know where things are: the base draws the shipped Natural
Earth country outlines around the data and labels the towns a reader looks for — the places the
corpus names most (in the articles' own spelling) and the big towns of the view (GeoNames
``cities15000``, ``geo/maps/data/towns.csv``) — in three tiers that appear as one zooms in.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from geo.geom import distance_km
from geo.maps.layers import Feature, article_name, as_count, geometry_json, missing, parse_control

TOWNS_FILE = Path(__file__).resolve().parent / "data" / "towns.csv"
#: labels per tier: always shown, from zoom ``TIER_ZOOM[1]``, from ``TIER_ZOOM[2]``
TIER_SIZES = (14, 36, 100)
TIER_ZOOM = (0, 8, 10)
#: a big town this close to a town already named is left out: the same town spelt another way,
#: or a suburb whose name would print over the city's
_SAME_TOWN_KM = 25.0


@dataclass(frozen=True)
class Town:
    name: str
    lon: float
    lat: float
    population: int
    geonameid: int | None = None


@functools.lru_cache(maxsize=1)
def big_towns() -> tuple[Town, ...]:
    """The shipped big towns, most populous first."""
    with TOWNS_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(Town(r["name"], float(r["lon"]), float(r["lat"]), int(r["population"]), int(r["geonameid"]))
                     for r in csv.DictReader(fh))


def _corpus_towns(places: Iterable[tuple[dict[str, Any], shapely.Geometry]], skip_held: bool) -> list[Town]:
    """The corpus's places as towns to label, most mentioned first; ``mentions`` stands for the
    population. With ``skip_held`` the places with a holder are left out (their dot is labelled)."""
    towns = []
    for row, geom in places:
        if skip_held and parse_control(row.get("control")):
            continue
        code = _text_of(row.get("feature_code"))
        if code and not code.startswith("PPL"):  # a country or region is not a town to pin a name on
            continue
        count = as_count(row.get("n_mentions"))
        count = count if count is not None else len(parse_control(row.get("mentions")))
        point = geom if geom.geom_type == "Point" else geom.representative_point()
        gid = as_count(row.get("geonameid"))
        towns.append(Town(article_name(row), float(point.x), float(point.y), count, gid))
    towns.sort(key=lambda t: (-t.population, t.name))
    return towns


def _text_of(value: object) -> str:
    return "" if missing(value) else str(value)


def _near(town: Town, lats: list[float], lons: list[float]) -> bool:
    """True when ``town`` lies within :data:`_SAME_TOWN_KM` of a point of ``lats``/``lons``
    (one array computation: a big corpus names thousands of places)."""
    if not lats:
        return False
    return bool((distance_km(town.lat, town.lon, np.asarray(lats), np.asarray(lons)) < _SAME_TOWN_KM).any())


def label_features(places: list, box: shapely.Geometry, held_labelled: bool) -> list[Feature]:
    """Point features (``n`` escaped name, ``k`` tier) of the towns to name inside ``box``.

    The corpus's places come first, then the big towns not already named, until the tiers are
    full. ``held_labelled``: the places with a holder carry a label of their own on the map.
    """
    minx, miny, maxx, maxy = box.bounds
    corpus = [t for t in _corpus_towns(places, held_labelled) if minx <= t.lon <= maxx and miny <= t.lat <= maxy]
    # held places are named by their own layer: a big town beside them needs no second label
    named = _corpus_towns(places, False) if held_labelled else corpus
    ids = {t.geonameid for t in named if t.geonameid is not None}
    big: list[Town] = []
    lats, lons = [t.lat for t in named], [t.lon for t in named]
    for town in big_towns():
        if len(big) >= sum(TIER_SIZES):
            break
        if minx <= town.lon <= maxx and miny <= town.lat <= maxy and town.geonameid not in ids \
                and not _near(town, lats, lons):
            big.append(town)
            lats.append(town.lat)
            lons.append(town.lon)
    features = []
    for tier, town in _tiers(corpus, big):
        if not missing(town.name):
            features.append({"type": "Feature", "geometry": geometry_json(shapely.Point(town.lon, town.lat)),
                             "properties": {"n": escape(town.name), "k": tier}})
    return features


def _tiers(corpus: list[Town], big: list[Town]) -> list[tuple[int, Town]]:
    """Each tier half the corpus's most-mentioned places, half the biggest towns (one list fills
    in when the other runs out): the first view shows both what the news name and where that is."""
    out: list[tuple[int, Town]] = []
    lists = [list(corpus), list(big)]
    for tier, size in enumerate(TIER_SIZES):
        half = (size + 1) // 2
        take = [lists[0][:half], lists[1][: size - half]]
        short = size - len(take[0]) - len(take[1])
        if short > 0:  # one list ran out: the other gives more
            take = [lists[0][: len(take[0]) + (short if len(lists[0]) > half else 0)],
                    lists[1][: len(take[1]) + (short if len(lists[1]) > size - half else 0)]]
        lists = [lists[0][len(take[0]):], lists[1][len(take[1]):]]
        out += [(tier, t) for t in take[0] + take[1]]
    return out
