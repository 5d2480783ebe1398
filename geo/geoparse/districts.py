"""Parts of a town the gazetteer does not hold: "the Karrada district of Baghdad", "the Huz
neighbourhood", "liberated the Citadel and Basatin districts".

War reporting follows urban fighting street by street, naming quarters that no gazetteer lists,
or lists only as a same-named village elsewhere ("al-Shuhada" is a hundred hamlets). Such a name
is still informative: a district lies inside its town, a few kilometres from the town's point.
When the words around a name announce a part of a town and the gazetteer offers nothing near
that town, the name is placed at the town (``geo_precision`` 2, relation "estimated: part of").

The town is the one the text names with it ("the X district of Baghdad", "X neighbourhood in
southern Ramadi"); failing that, for "neighbourhood" and "quarter" (which only ever name parts
of towns) and for a "district" whose gazetteer match is only a small place far away, the town
the article mentions most.
"""

from __future__ import annotations

from collections.abc import Callable

from geo.geom import distance_km
from geo.geoparse.context import DIRECTION_WORDS, opens_phrase
from geo.geoparse.mentions import PlaceSpan, Recognition
from geo.geoparse.resolve import NAME_EXACT_ALTERNATE, Group, is_admin1, is_country
from geo.geoparse.tokens import Atom

__all__ = ["PART_RADIUS_KM", "town_parts"]

#: words that name a part of a town and nothing else
_QUARTER_WORDS = frozenset(
    "neighbourhood neighbourhoods neighborhood neighborhoods quarter quarters".split())
#: "district" names a part of a town in city fighting, but also an administrative area
#: ("Sinjar district") that the gazetteer holds
_DISTRICT_WORDS = frozenset(("district", "districts"))
_PART_WORDS = _QUARTER_WORDS | _DISTRICT_WORDS
#: the "part word" of "Mosul's Old City": the possessive names the town the place is part of
POSSESSIVE = "'s"
#: feature classes of gazetteer entries a town's possessive may stand for (settlements and
#: sites); "Mosul's Tigris" or "Iraq's Anbar" names a river or area, not a part of a town
_PART_CLASSES = frozenset("PS")
#: words of which a name made ("the Old Town", "the new town", "the city centre") names a part of
#: the article's town: after "the", no town of its own (a town called so is written without it)
_QUARTER_NAME_WORDS = frozenset("old new city town centre center quarter".split())
#: the part word such a name counts with: it only ever names part of a town, as "quarter" does
_QUARTER_NAME = "quarter"
#: words that end a name's phrase rather than describe the part word after them
_FUNCTION_WORDS = frozenset("and or of in on at to from by with the a an".split())
#: a gazetteer entry this close to the town may be the district itself (km)
PART_RADIUS_KM = 15.0
#: a "district" whose entry lies this close to another place of the article is that entry (km)
DISTRICT_NEAR_KM = 50.0
#: an administrative district is named after a town of some size; a "district" whose only
#: match is a smaller place away from the article's town is a quarter the gazetteer lacks
_DISTRICT_TOWN_MIN_POPULATION = 20_000


def town_parts(rec: Recognition, of_mention: dict[int, Group],
               implausible: Callable[[Group], str | None]) -> dict[int, Group]:
    """Mention index -> the group of the town it is a part of, for the mentions to place there.

    ``implausible(group)`` says why a group's winner is not believable (None when it is).
    """
    atoms = rec.atoms
    by_start = {m.i: n for n, m in enumerate(rec.mentions) if m.kind == "name"}
    by_end = {m.j: n for n, m in enumerate(rec.mentions) if m.kind == "name"}
    main: Group | None = None
    main_done = False
    out: dict[int, Group] = {}
    for n, m in enumerate(rec.mentions):
        if m.kind != "name":
            continue
        word = _part_word(atoms, m)
        if word is None:
            continue
        group = of_mention.get(n)
        if word == POSSESSIVE:
            stated = by_end.get(m.i - 2)
            if _word(atoms, m.j + 1) == "," and m.j + 2 < len(atoms) and atoms[m.j + 2].cap:
                continue  # "Acme's Springfield, Ill.": the text places it itself
            if group is None or group.best is None or group.best.feature_class not in _PART_CLASSES \
                    or implausible(group) is not None:
                continue  # only a believable settlement or site is moved; the rest stays as it was
        else:
            stated = _stated_town(atoms, m, by_start)
        town = of_mention.get(stated) if stated is not None else None
        if town is not None and not _is_town(town, implausible):
            town = None
        if town is None and word == POSSESSIVE:
            continue  # "Syria's Idlib": a country's possessive says nothing of a town
        if town is None and (word in _QUARTER_WORDS or _small_or_missing(group)):
            if not main_done:
                main, main_done = _main_town(rec, of_mention, implausible), True
            town = main
            # the town is only a guess: an entry near any of the article's places stands
            radius = PART_RADIUS_KM if word in _QUARTER_WORDS else DISTRICT_NEAR_KM
            if town is not None and _near_other_places(rec, n, of_mention, implausible, radius):
                continue
        if town is None or town is group:
            continue
        if group is not None and group.best is not None and implausible(group) is None \
                and _km(group.best, town) <= PART_RADIUS_KM:
            continue  # the gazetteer holds it where the text puts it
        out[n] = town
    return _with_repeats(rec, of_mention, out)


def _with_repeats(rec: Recognition, of_mention: dict[int, Group], parts: dict[int, Group]) -> dict[int, Group]:
    """Later bare mentions of a part placed at its town ("Mosul's Old City" ... "the Old
    City") are that part too, not the namesake the gazetteer offers."""
    placed = {id(of_mention[n]): town for n, town in parts.items() if n in of_mention}
    if not placed:
        return parts
    out = dict(parts)
    for n, m in enumerate(rec.mentions):
        g = of_mention.get(n)
        if n not in out and m.kind == "name" and g is not None and id(g) in placed \
                and _part_word(rec.atoms, m) is None:  # "Jerusalem's Old City" has its own town
            out[n] = placed[id(g)]
    return out


def _part_word(atoms: list[Atom], m: PlaceSpan) -> str | None:
    """The word that makes ``m`` a part of a town: 'the Huz neighbourhood', 'the district of
    Talia', 'the Citadel and Basatin districts', 'Zanjali, a district'."""
    after = _word(atoms, m.j + 1)
    if after in _PART_WORDS:
        return after
    if m.i >= 2 and atoms[m.i - 1].kind == "poss" and atoms[m.i - 2].cap:
        return POSSESSIVE  # "Mosul's Old City"
    if _names_a_quarter(atoms, m):
        return _QUARTER_NAME
    nxt = m.j + 2
    if nxt < len(atoms) and _word(atoms, nxt) in _PART_WORDS and atoms[m.j + 1].kind == "word" \
            and atoms[m.j + 1].text.islower() and after not in _FUNCTION_WORDS:
        return _word(atoms, nxt)  # "the Karrada shopping district"
    # "the Citadel and Basatin districts": the plural after the last name covers the list
    if after in ("and", ",") and m.j + 2 < len(atoms) and atoms[m.j + 2].cap:
        k = m.j + 3
        while k < len(atoms) and atoms[k].cap and atoms[k].kind == "word":
            k += 1
        if _word(atoms, k) in ("districts", "neighbourhoods", "neighborhoods", "quarters"):
            return _word(atoms, k)
    k = m.i - 1
    if _word(atoms, k) in ("-",) and _word(atoms, k - 1) in ("al", "el"):
        k -= 2
    if _word(atoms, k) == "the":
        k -= 1
    if _word(atoms, k) == "of" and _word(atoms, k - 1) in _PART_WORDS and opens_phrase(atoms, k - 2):
        return _word(atoms, k - 1)  # "the (southern) district of Talia", not "Karrada district of Baghdad"
    plural = _plural_part_word_before_list(atoms, m.i)
    if plural:
        return plural  # "the neighbourhoods of A, B, Quds and Karama": each item is a part of the town
    # "Zanjali, a district on the west side of Mosul"
    if after == "," and _word(atoms, m.j + 2) in ("a", "an", "the"):
        noun = _word(atoms, m.j + 3)
        if noun in DIRECTION_WORDS:
            noun = _word(atoms, m.j + 4)
        if noun in _PART_WORDS:
            return noun
    return None


#: the plural part words that may introduce a list of a town's parts
_PLURAL_PART_WORDS = frozenset(("districts", "neighbourhoods", "neighborhoods", "quarters"))
#: the tokens a quarter's name may hold besides capitalised words ("al-Karama", "Hay al-Quds")
_NAME_GLUE = frozenset(("-", "al", "el", "'", "’"))


def _plural_part_word_before_list(atoms: list[Atom], i: int) -> str | None:
    """'the neighbourhoods of A, B, C and D': the plural part word that opens the list of which
    the name starting at atom ``i`` is a later item (names only between them, at most twelve)."""
    k = i - 1
    items = 0
    while items < 12 and _word(atoms, k) in (",", "and"):
        k -= 1
        if _word(atoms, k) == ",":
            k -= 1  # ", and"
        start = k
        while k >= 0 and (atoms[k].cap or _word(atoms, k) in _NAME_GLUE):
            k -= 1
        if k == start:
            return None  # a separator with no name before it: not a list of names
        items += 1
    if items and _word(atoms, k) == "of" and _word(atoms, k - 1) in _PLURAL_PART_WORDS:
        return _word(atoms, k - 1)
    return None


def _names_a_quarter(atoms: list[Atom], m: PlaceSpan) -> bool:
    """'the Old Town', 'the city centre': a name of two or more words, all of which say what
    part of a town it is, after 'the' (the gazetteer's namesakes, another city's old
    quarter or a hamlet called so, are not the quarter of this article's town)."""
    words = [_word(atoms, k) for k in range(m.i, m.j + 1)]
    return len(words) >= 2 and set(words) <= _QUARTER_NAME_WORDS and _word(atoms, m.i - 1) == "the"


def _stated_town(atoms: list[Atom], m: PlaceSpan, by_start: dict[int, int]) -> int | None:
    """The mention of the town the text puts ``m`` in, right after the part word: 'the X
    district of Baghdad', 'X neighbourhood in southern Ramadi', 'Zanjali, a district on the
    west side of Mosul' (not 'the Makhmour district south of Erbil': that only locates it)."""
    k = m.j + 1
    while k < len(atoms) and _word(atoms, k) not in _PART_WORDS and k <= m.j + 4:
        k += 1
    if _word(atoms, k) not in _PART_WORDS:
        return None
    k += 1
    if _word(atoms, k) == "on" and _word(atoms, k + 1) == "the" and _word(atoms, k + 3) in ("side", "part", "edge"):
        k += 4  # "on the west side of Mosul"
    if _word(atoms, k) not in ("of", "in"):
        return None
    k += 1
    while _word(atoms, k) == "the" or _word(atoms, k) in DIRECTION_WORDS:
        k += 1
    return by_start.get(k)


def _small_or_missing(group: Group | None) -> bool:
    """Does the gazetteer hold nothing that could give its name to an administrative district
    (an admin area, or a town of some size spelt as written)?"""
    if group is None:
        return True
    for c in group.candidates:
        if c.score_parts.get("name", 1.0) < NAME_EXACT_ALTERNATE:
            continue
        if is_country(c) or is_admin1(c) or c.feature_code.startswith("ADM") \
                or c.population >= _DISTRICT_TOWN_MIN_POPULATION:
            return False
    return True


def _near_other_places(rec: Recognition, n: int, of_mention: dict[int, Group],
                       implausible: Callable[[Group], str | None], radius_km: float) -> bool:
    """Is the believable winner of mention ``n`` within ``radius_km`` of another place named in
    its sentence, or within :data:`PART_RADIUS_KM` of any place of the article?"""
    group = of_mention.get(n)
    if group is None or group.best is None or implausible(group) is not None:
        return False
    sentence = rec.atoms[rec.mentions[n].i].sentence
    for x, m in enumerate(rec.mentions):
        g = of_mention.get(x)
        if g is None or g is group or g.best is None or is_country(g.best) or is_admin1(g.best) \
                or implausible(g) is not None:
            continue
        km = _km(group.best, g)
        if km <= PART_RADIUS_KM or (km <= radius_km and rec.atoms[m.i].sentence == sentence):
            return True
    return False


def _is_town(group: Group, implausible: Callable[[Group], str | None]) -> bool:
    c = group.best
    return c is not None and c.feature_class == "P" and implausible(group) is None


def _main_town(rec: Recognition, of_mention: dict[int, Group],
               implausible: Callable[[Group], str | None]) -> Group | None:
    """The town the article mentions most (the first of equals): where its districts lie."""
    counts: dict[int, int] = {}
    first: dict[int, int] = {}
    groups: dict[int, Group] = {}
    for n, m in enumerate(rec.mentions):
        g = of_mention.get(n)
        if g is None or m.kind != "name" or _part_word(rec.atoms, m):
            continue
        key = id(g)
        groups[key] = g
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, n)
    towns = [k for k, g in groups.items() if _is_town(g, implausible)]
    if not towns:
        return None
    return groups[min(towns, key=lambda k: (-counts[k], first[k]))]


def _km(c, town: Group) -> float:
    assert town.best is not None
    return distance_km(c.lat, c.lon, town.best.lat, town.best.lon)


def _word(atoms: list[Atom], k: int) -> str:
    return atoms[k].lowered if 0 <= k < len(atoms) else ""
