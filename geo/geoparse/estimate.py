"""Places the gazetteer lacks but the text locates: "Hasansham, 30 kilometers east of Mosul".

News copy often introduces a small place by its position relative to a well-known one. When the
gazetteer holds no entry for the small place, that apposition is still enough for an estimate:
the point lies the stated distance (or, without a figure, the default distance) in the stated
direction from the known place. Such toponyms carry no ``geonameid``, ``geo_precision`` 2 and the
relation "estimated", and every later occurrence of the same name in the article shares them.
"""

from __future__ import annotations

import re

from geo.geoparse.context import _UNITS, DIRECTION_WORDS, apposition_fillers_ok
from geo.geoparse.mentions import PlaceSpan
from geo.geoparse.people import name_sequence
from geo.geoparse.tokens import PARTICLES, Atom, GazetteerLike, joined
from geo.geoparse.words import WordLists

#: how far after the name the "<N km> <direction> of <place>" may end, in atoms
_WINDOW = 14
#: words that may stand between the name's comma and the distance ("a largely Christian town")
_FILLER_OK = re.compile(r"^[a-z][a-z'’-]*$")


def estimated_mentions(text: str, atoms: list[Atom], kept: list[PlaceSpan], blocked: set[int],
                       words: WordLists, gz: GazetteerLike) -> list[PlaceSpan]:
    """Mentions of unknown names that an apposition locates relative to a kept mention.

    ``blocked`` holds atoms already explained (gazetteer names, people, organisations).
    """
    by_start = {m.i: m for m in kept}
    out: list[PlaceSpan] = []
    k = 0
    n = len(atoms)
    while k < n:
        a = atoms[k]
        if not _name_start(a, k, blocked, words, gz):
            k += 1
            continue
        j = name_sequence(text, atoms, k)
        if any(x in blocked for x in range(k, j + 1)) or j + 1 >= n:
            k = j + 1
            continue
        located = _locate(atoms, j + 2, by_start) if atoms[j + 1].text == "," else None
        if located is not None:
            anchor, direction, distance = located
            relation = f"{direction} of"
        else:
            anchor = _introduced_in(atoms, k, j, by_start)
            relation, distance = "in", None
        if anchor is None:
            k = j + 1
            continue
        i = k
        if k >= 2 and atoms[k - 1].text == "-" and atoms[k - 2].text.lower() in PARTICLES \
                and atoms[k - 2].end == atoms[k - 1].start:
            i = k - 2  # "al-Bab": the article belongs to the name
        start = atoms[i].start
        m = PlaceSpan(start, atoms[j].end, text[start:atoms[j].end], i, j, kind="estimated",
                    relation=relation, distance_km=distance)
        m.anchor = anchor
        m.cue = True
        out.append(m)
        k = j + 1
    return out + _repeats(text, atoms, out, blocked)


#: nouns that announce a settlement's name: "the town of X", "the village of X"
_SETTLEMENT_NOUNS = frozenset("town village city hamlet settlement suburb district".split())


def _introduced_in(atoms: list[Atom], k: int, j: int, by_start: dict[int, PlaceSpan]) -> PlaceSpan | None:
    """'the village of Hasansham in Nineveh province', 'the town of Kalak, Iraq,': a name
    announced as a settlement and placed in a known place right after it."""
    p = k - 1
    if p >= 2 and atoms[p].text == "-" and atoms[p - 1].text.lower() in PARTICLES:
        p -= 2  # "the town of al-Rai"
    if not (p >= 1 and atoms[p].text == "of" and atoms[p - 1].text.lower() in _SETTLEMENT_NOUNS):
        return None
    q = j + 1
    if q < len(atoms) and atoms[q].text in ("in", ","):
        q += 1
        if q < len(atoms) and atoms[q].text.lower() == "the":
            q += 1
        return by_start.get(q)
    return None


def _name_start(a: Atom, k: int, blocked: set[int], words: WordLists, gz: GazetteerLike) -> bool:
    if not (a.cap and a.kind == "word") or k in blocked or a.allcaps or a.headline:
        return False
    low = a.text.lower()
    if a.initial and low in words.common_words:
        return False
    if low in words.never_places or low in words.titles or low in words.common_words:
        return False
    return not a.demonym and a.text not in words.first_names


def _locate(atoms: list[Atom], k: int, by_start: dict[int, PlaceSpan]):
    """From atom ``k`` on: '[a ... town] [N km [(M miles)]] <direction> of [the] <place>'."""
    n = len(atoms)
    for d in range(k, min(n - 2, k + _WINDOW)):
        word = atoms[d].text.lower()
        if atoms[d].kind == "punct" and atoms[d].text not in "()-":
            return None
        if word in DIRECTION_WORDS and not word.endswith("ern") and word != "central" \
                and atoms[d + 1].text == "of":
            target = d + 2
            if target < n and atoms[target].text.lower() == "the":
                target += 1
            anchor = by_start.get(target)
            if anchor is None or not _fillers_ok(atoms, k, d):
                return None
            return anchor, DIRECTION_WORDS[word], _distance(atoms, d)
        if atoms[d].cap and atoms[d].kind == "word":
            return None
    return None


def _fillers_ok(atoms: list[Atom], k: int, d: int) -> bool:
    """Only a description of a place ("a largely Christian town 20 kilometers") between the
    comma and the direction, not a clause ("a suicide bombing")."""
    for a in atoms[k:d]:
        if a.kind == "num" or a.text in "()-":
            continue
        if a.kind == "word" and (_FILLER_OK.match(a.text) or a.text.lower() in PARTICLES):
            continue
        return False
    return apposition_fillers_ok([a.text.lower() for a in atoms[k:d]])


def _distance(atoms: list[Atom], d: int) -> float | None:
    """'20 kilometers (12 miles) southeast': the first figure with a unit before the direction."""
    k = d - 1
    if k >= 0 and atoms[k].text == ")":
        while k >= 0 and atoms[k].text != "(":
            k -= 1
        k -= 1
    if k >= 1 and atoms[k].text.lower() in _UNITS and atoms[k - 1].kind == "num":
        try:
            return float(atoms[k - 1].text.replace(",", "")) * _UNITS[atoms[k].text.lower()]
        except ValueError:
            return None
    return None


def _repeats(text: str, atoms: list[Atom], found: list[PlaceSpan], blocked: set[int]) -> list[PlaceSpan]:
    """Later bare occurrences of an estimated name share its estimate."""
    if not found:
        return []
    first = {m.text.lower(): m for m in found}
    taken = {m.i for m in found}
    out = []
    for k, a in enumerate(atoms):
        if k in taken or k in blocked or not a.cap:
            continue
        for name, m in first.items():
            size = m.j - m.i
            if k + size < len(atoms) and text[a.start:atoms[k + size].end].lower() == name \
                    and (k + size + 1 >= len(atoms) or not atoms[k + size + 1].cap
                         or not joined(text, atoms[k + size], atoms[k + size + 1])):
                twin = PlaceSpan(a.start, atoms[k + size].end, text[a.start:atoms[k + size].end],
                               k, k + size, kind="estimated",
                               relation=m.relation, distance_km=m.distance_km)
                twin.anchor = m.anchor
                twin.cue = True
                out.append(twin)
                break
    return out
