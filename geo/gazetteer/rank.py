"""How the gazetteer ranks the places a name may refer to.

A candidate's score is a product of explainable parts, each in [0, 1]::

    score = name * (0.6 + 0.4 * prominence) * country * near

``name``
    how well the name matched: the entry's own name exactly (1.0), one of its alternate or
    curated names exactly (0.97), the same only after :func:`geo.text.fold.fold` (0.75 to 0.91 by how
    alike the two spellings are, the Arabic article aside: *Shaddadeh*/*Ash Shaddadah* 0.89,
    *Hol*/*Hulah* 0.83; below 0.85 is a loose match), or the query is only the first word(s)
    of one of the entry's names (0.75 when those words are spelt the same: "Taza" for "Taza
    Khurmatu"; 0.6 after folding). Callers may rely on these bands: 1.0-0.97 exact, 0.85-0.91
    a close respelling, below 0.85 a loose or partial match.
``prominence``
    the mean of ``feature`` (country, continent, ocean, capital 0.9-1.0; sea 0.85; governorate,
    state or province 0.8; provincial capital 0.75; landmark 0.7; district 0.6; town 0.4) and
    ``population`` (log10 scale, 10 million -> 1.0; a first-order division counts the people of
    its cities500 towns). It only scales the score between 0.6 and 1.0, so a village of unknown
    population (common for Syria: population 0) still scores well when its name matches exactly.
    Curated landmarks count as feature 0.85 and population 0.5 at least: they are listed for
    being significant (the Middle East, Mount Sinjar), unlike a same-named village abroad.
``country``
    1.0 when the caller's country matches, none was given or the place belongs to no one
    country (a continent, the Middle East); 0.35 otherwise.
``near``
    ``0.4 + 0.6 * exp(-km / 300)`` from the caller's ``near`` point, 1.0 when none was given.
"""

from __future__ import annotations

import math

from geo.geom import distance_km
from geo.text.fold import strip_articles

NAME_EXACT_PRIMARY = 1.0
NAME_EXACT_OTHER = 0.97
NAME_FOLDED_MIN = 0.75
NAME_FOLDED_MAX = 0.91
#: a folded match below this is a loose one (few letters in common with the name written)
NAME_FOLDED_CLOSE = 0.85
NAME_PARTIAL_EXACT = 0.75
#: the entry's name without its generic first word ("Qaryat Shamsat" for "Shamsat"): as good as
#: a close respelling, below an exact alternate
NAME_GENERIC_OFF = 0.88
NAME_PARTIAL = 0.6

COUNTRY_MISMATCH = 0.35
CURATED_LANDMARKS = "curated:landmarks"
#: first-order divisions of every country, from ``admin1.csv``
CURATED_ADMIN1 = "curated:admin1"
#: oceans, seas, gulfs and straits, from ``marine.csv``
CURATED_MARINE = "curated:marine"
#: curated entries of no population that are notable for being listed
_NOTABLE = frozenset({CURATED_LANDMARKS, CURATED_MARINE})
CURATED_FEATURE = 0.85
CURATED_POPULATION = 0.5
NEAR_SCALE_KM = 300.0

_FEATURE = {
    "PCLI": 1.0, "PCLD": 0.9, "PCLF": 0.9, "PCLS": 0.9, "PCLIX": 0.9, "TERR": 0.85, "CONT": 1.0,
    "PPLC": 0.9, "ADM1": 0.8, "PPLA": 0.75, "RGN": 0.7, "ADM2": 0.6, "PPLA2": 0.6, "PPLG": 0.7,
    "PPLA3": 0.5, "ADM3": 0.5, "PPL": 0.4, "PPLX": 0.3, "PPLL": 0.3, "PPLQ": 0.2, "PPLH": 0.2,
    "OCN": 1.0, "SEA": 0.85, "GULF": 0.75,
}
#: curated landmarks and anything else of these classes: mountains, dams, bases, rivers, regions
_CLASS = {"T": 0.7, "S": 0.6, "H": 0.65, "L": 0.6, "A": 0.6, "P": 0.4, "V": 0.3, "R": 0.3, "U": 0.3}


def folded_quality(written: str, indexed: str) -> float:
    """Name quality of a match that only folding made: how alike the two spellings are.

    Both are :func:`geo.text.fold.normalize` results; the Arabic article is set aside first, since
    news drops or adds it freely. ``difflib``'s ratio: twice the matching letters over the total.
    """
    from difflib import SequenceMatcher


    ratio = SequenceMatcher(None, strip_articles(written), strip_articles(indexed)).ratio()
    return round(NAME_FOLDED_MIN + (NAME_FOLDED_MAX - NAME_FOLDED_MIN) * ratio, 4)


def feature_weight(fclass: str, fcode: str, source: str = "") -> float:
    """Importance of a kind of place, from its GeoNames feature class and code.

    Entries of the curated landmark table count at least :data:`CURATED_FEATURE`: they are
    listed for being significant in the region's news, unlike a same-named village abroad.
    """
    weight = _FEATURE[fcode] if fcode in _FEATURE else _CLASS.get(fclass, 0.3)
    if source == CURATED_LANDMARKS:
        weight = max(weight, CURATED_FEATURE)
    return weight


def population_weight(pop: int, source: str = "") -> float:
    """log10 population scaled so 10 million is 1.0 (and 0 is 0).

    A curated landmark or sea has no population (a mountain, a region, a gulf); it counts as a
    mid-sized place (:data:`CURATED_POPULATION`) rather than an empty one.
    """
    if pop <= 0:
        return CURATED_POPULATION if source in _NOTABLE else 0.0
    return min(1.0, math.log10(pop + 1) / 7.0)


def base_weight(fclass: str, fcode: str, pop: int, source: str = "") -> float:
    """``0.6 + 0.4 * prominence``: the part of the score fixed per place (stored in the index)."""
    return 0.6 + 0.4 * (0.5 * feature_weight(fclass, fcode, source)
                        + 0.5 * population_weight(pop, source))


def near_weight(dist_km: float) -> float:
    return 0.4 + 0.6 * math.exp(-dist_km / NEAR_SCALE_KM)


def fast_score(name_q: float, base: float, cc: str, lat: float, lon: float, country: str | None,
               near: tuple[float, float] | None) -> float:
    """The score of :func:`score` without building its parts (for ranking many candidates)."""
    total = name_q * base
    if country and cc and cc != country:
        total *= COUNTRY_MISMATCH
    if near is not None:
        total *= near_weight(distance_km(near[0], near[1], lat, lon))
    return total


def score(name_q: float, fclass: str, fcode: str, pop: int, cc: str, lat: float, lon: float,
          country: str | None, near: tuple[float, float] | None,
          source: str = "") -> tuple[float, dict[str, float]]:
    """The score of one candidate and its parts (see the module docstring)."""
    feature = feature_weight(fclass, fcode, source)
    population = population_weight(pop, source)
    prominence = 0.5 * feature + 0.5 * population
    parts = {"name": name_q, "feature": feature, "population": round(population, 4),
             "prominence": round(prominence, 4)}
    total = name_q * base_weight(fclass, fcode, pop, source)
    if country:
        # places of no one country (continents, the Middle East) are not out of the country
        parts["country"] = 1.0 if cc == country or not cc else COUNTRY_MISMATCH
        total *= parts["country"]
    if near is not None:
        dist = distance_km(near[0], near[1], lat, lon)
        parts["distance_km"] = round(dist, 1)
        parts["near"] = round(near_weight(dist), 4)
        total *= near_weight(dist)
    return total, parts
