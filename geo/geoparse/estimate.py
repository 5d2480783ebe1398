"""Places the gazetteer lacks but the text locates: "Hasansham, 30 kilometers east of Mosul".

News copy often introduces a small place by its position relative to a well-known one. When the
gazetteer holds no entry for the small place, that apposition is still enough for an estimate:
the point lies the stated distance (or, without a figure, the default distance) in the stated
direction from the known place. Such toponyms carry no ``geonameid``, ``geo_precision`` 2 and the
relation "estimated", and every later occurrence of the same name in the article shares them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from geo.geoparse.context import _UNITS, DIRECTION_WORDS, apposition_fillers_ok, list_span, settlement_list
from geo.geoparse.mentions import PlaceSpan
from geo.geoparse.people import name_sequence
from geo.geoparse.tokens import PARTICLES, Atom, GazetteerLike, atoms_where, joined
from geo.geoparse.words import WordLists

#: how far after the name the "<N km> <direction> of <place>" may end, in atoms
_WINDOW = 14
#: words that may stand between the name's comma and the distance ("a largely Christian town")
_FILLER_OK = re.compile(r"^[a-z][a-z'’-]*$")


def _capitalised(a: Atom) -> bool:
    return a.cap


def _capitalised_word(a: Atom) -> bool:
    return a.cap and a.kind == "word"


class NamesByFirstAtom:
    """The gazetteer names among an article's mentions, by the atom each starts at: the names
    of one list are found by a search, not by a pass over every mention of the article (a pass
    per item made an article of many lists quadratic)."""

    def __init__(self, mentions: list[PlaceSpan]) -> None:
        pairs = sorted((m.i, x) for x, m in enumerate(mentions) if m.kind == "name")
        self.firsts = [i for i, _ in pairs]
        self.indices = [x for _, x in pairs]

    def starting_within(self, lo: int, hi: int) -> list[int]:
        """Indices (in mention order) of the names that start at atoms ``lo`` to ``hi``."""
        return sorted(self.indices[bisect_left(self.firsts, lo):bisect_right(self.firsts, hi)])


def estimated_mentions(text: str, atoms: list[Atom], kept: list[PlaceSpan], blocked: set[int],
                       words: WordLists, gz: GazetteerLike) -> list[PlaceSpan]:
    """Mentions of unknown names that an apposition locates relative to a kept mention.

    ``blocked`` holds atoms already explained (gazetteer names, people, organisations).
    """
    by_start = {m.i: m for m in kept}
    kept_names = NamesByFirstAtom(kept)
    out: list[PlaceSpan] = []
    k = 0
    n = len(atoms)
    # both tests below want a capitalised word: most atoms are not, and are passed over unseen
    for opening in atoms_where(atoms, _capitalised_word):
        if opening < k:
            continue  # inside the last name read
        k = opening
        if not _name_start(atoms[k], k, blocked, words, gz) and not _quarter_start(text, atoms, k, blocked):
            continue
        j = name_sequence(text, atoms, k)
        if any(x in blocked for x in range(k, j + 1)) or j + 1 >= n:
            k = j + 1
            continue
        located = _locate(atoms, j + 2, by_start) if atoms[j + 1].text == "," else None
        if located is not None:
            anchor, direction, distance = located
            relation = f"{direction} of"
        elif atoms[j].lowered in QUARTER_NOUNS:
            anchor, relation, distance = _quarter_of(atoms, j, by_start), "part of", None
        else:
            anchor = _introduced_in(atoms, k, j, by_start)
            relation, distance = "in", None
            if anchor is None:
                anchor, relation = _listed_with(atoms, k, j, kept, kept_names), LISTED_WITH
        if anchor is None:
            k = j + 1
            continue
        i = k
        if k >= 2 and atoms[k - 1].text == "-" and atoms[k - 2].lowered in PARTICLES \
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


#: lower-case nouns that make a name before them a site inside a town ("the Nour market"):
#: the name is the site's, and a same-named village elsewhere is not it
SITE_NOUNS = frozenset("market marketplace bazaar souk square".split())
#: nouns between "in the" and the host's name ("in the district of Sadr City")
_HOST_NOUNS = frozenset("town city village district neighbourhood neighborhood area quarter".split())


def site_mentions(text: str, atoms: list[Atom], kept: list[PlaceSpan]) -> list[PlaceSpan]:
    """'the Nour market in the district of Adil': a known name followed by a site noun the
    gazetteer does not hold with it, which the sentence puts in a named place, becomes an
    estimated mention of the whole ("Nour market") in that place; every other occurrence of
    the same site shares it. The name's own mentions are left to the caller to drop."""
    by_start = {m.i: m for m in kept if m.kind == "name"}
    sites: list[tuple[PlaceSpan, PlaceSpan | None]] = []
    for m in kept:
        k = m.j + 1
        if m.kind != "name" or _word(atoms, k) not in SITE_NOUNS or not joined(text, atoms[m.j], atoms[k]):
            continue
        sites.append((m, _host_after(atoms, k + 1, by_start)))
    hosts = {text[m.start:atoms[m.j + 1].end].lower(): host for m, host in sites if host is not None}
    out = []
    for m, host in sites:
        end = atoms[m.j + 1].end
        host = host or hosts.get(text[m.start:end].lower())
        if host is None:
            continue
        site = PlaceSpan(m.start, end, text[m.start:end], m.i, m.j + 1, kind="estimated", relation="in")
        site.anchor = host
        site.cue = True
        out.append(site)
    return out


def _host_after(atoms: list[Atom], q: int, by_start: dict[int, PlaceSpan]) -> PlaceSpan | None:
    """The place named after 'in [the] [district of]' from atom ``q``."""
    return _place_after(atoms, q, "in", _HOST_NOUNS, by_start)


def _place_after(atoms: list[Atom], q: int, word: str, nouns: frozenset[str],
                 by_start: dict[int, PlaceSpan]) -> PlaceSpan | None:
    """The place named after '<word> [the] [<noun> of]' from atom ``q`` ("in the district of X",
    "of the town of X"), or None."""
    if _word(atoms, q) != word:
        return None
    q += 1
    if _word(atoms, q) == "the":
        q += 1
    if _word(atoms, q) in nouns and _word(atoms, q + 1) == "of":
        q += 2
    return by_start.get(q)


#: the relation of a name placed by the other items of its list ("Garma, Albu Khanafar and Kubaisa")
LISTED_WITH = "listed with"
#: last words of a name that make it a quarter of a town: "the First Quarter of Tabqa"
QUARTER_NOUNS = frozenset("quarter neighbourhood neighborhood district".split())


def _quarter_start(text: str, atoms: list[Atom], k: int, blocked: set[int]) -> bool:
    """'the First Quarter of ...', 'the Old Neighbourhood of ...': a capitalised ordinary word
    opening a name that ends in a quarter noun and is followed by 'of'."""
    a = atoms[k]
    if not (a.cap and a.kind == "word") or k in blocked or a.allcaps or a.headline:
        return False
    j = name_sequence(text, atoms, k)
    return j > k and atoms[j].lowered in QUARTER_NOUNS and _word(atoms, j + 1) == "of"


def _quarter_of(atoms: list[Atom], j: int, by_start: dict[int, PlaceSpan]) -> PlaceSpan | None:
    """The town after 'the X Quarter of [the town of] <town>'."""
    return _place_after(atoms, j + 1, "of", _SETTLEMENT_NOUNS, by_start)


def _listed_with(atoms: list[Atom], k: int, j: int, kept: list[PlaceSpan],
                 kept_names: NamesByFirstAtom) -> PlaceSpan | None:
    """The nearest known name of the list the unknown name at atoms ``k``..``j`` belongs to
    ("Garma, Albu Khanafar, Kubaisa and other small towns"); the resolver weighs the nearest
    on each side (see :func:`list_neighbours`). ``kept_names``: ``kept``'s names by first atom."""
    head, tail = list_span(atoms, k, j)
    if (head == k and tail == j) or _names_buildings(atoms, tail) \
            or not settlement_list(atoms, k, j, (head, tail)):
        return None  # only a list the text says is one of villages or towns
    inside = [kept[x] for x in kept_names.starting_within(head, tail) if kept[x].j <= tail]
    return min(inside, key=lambda m: abs(m.i - k), default=None)


#: nouns after a list that make its names those of buildings or groups, not places ("the
#: Nour and Salam shopping centres", "the Jubur and Obeid tribes")
_BUILDING_HEADS = frozenset(
    "center centers centre centres mall malls hospital hospitals hotel hotels school schools "
    "company companies tribe tribes clan clans brigade brigades battalion battalions families "
    "restaurant restaurants store stores shop shops building buildings tower towers".split())


def _names_buildings(atoms: list[Atom], tail: int) -> bool:
    """Is the list ending at atom ``tail`` one of buildings or groups ("... shopping centers")?"""
    return any(_word(atoms, q) in _BUILDING_HEADS for q in (tail + 1, tail + 2)
               if q < len(atoms) and atoms[q].kind == "word" and atoms[q].text.islower()
               and (q == tail + 1 or atoms[tail + 1].text.islower()))


def list_neighbours(atoms: list[Atom], mentions: list[PlaceSpan], n: int,
                    names: NamesByFirstAtom | None = None,
                    span: tuple[int, int] | None = None) -> tuple[list[int], list[int]]:
    """Indices of the gazetteer names of mention ``n``'s list before it (nearest first) and
    after it (nearest first). ``names``: the article's, for a long article (else every mention
    is looked at); ``span``: the mention's :func:`list_span`, when known."""
    m = mentions[n]
    head, tail = span if span is not None else list_span(atoms, m.i, m.j)
    if (head == m.i and tail == m.j) or _names_buildings(atoms, tail) \
            or not settlement_list(atoms, m.i, m.j, (head, tail)):
        return [], []
    # every name of the list starts within it (at or after its head, by its tail)
    inside = range(len(mentions)) if names is None else names.starting_within(head, tail)
    before = [x for x in inside if mentions[x].kind == "name" and head <= mentions[x].i and mentions[x].j < m.i]
    after = [x for x in inside if mentions[x].kind == "name" and m.j < mentions[x].i and mentions[x].j <= tail]
    return before[::-1], after


def _word(atoms: list[Atom], k: int) -> str:
    return atoms[k].lowered if 0 <= k < len(atoms) else ""


#: nouns that announce a settlement's name: "the town of X", "the village of X"
_SETTLEMENT_NOUNS = frozenset("town village city hamlet settlement suburb district".split())


def _introduced_in(atoms: list[Atom], k: int, j: int, by_start: dict[int, PlaceSpan]) -> PlaceSpan | None:
    """'the village of Hasansham in Nineveh province', 'the town of Kalak, Iraq,': a name
    announced as a settlement and placed in a known place right after it."""
    p = k - 1
    if p >= 2 and atoms[p].text == "-" and atoms[p - 1].lowered in PARTICLES:
        p -= 2  # "the town of al-Rai"
    if not (p >= 1 and atoms[p].text == "of" and atoms[p - 1].lowered in _SETTLEMENT_NOUNS):
        return None
    q = j + 1
    if q < len(atoms) and atoms[q].text in ("in", ","):
        q += 1
        if q < len(atoms) and atoms[q].lowered == "the":
            q += 1
        return by_start.get(q)
    return None


def _name_start(a: Atom, k: int, blocked: set[int], words: WordLists, gz: GazetteerLike) -> bool:
    if not (a.cap and a.kind == "word") or k in blocked or a.allcaps or a.headline:
        return False
    low = a.lowered
    if a.initial and low in words.common_words:
        return False
    if low in words.never_places or low in words.titles or low in words.common_words:
        return False
    return not a.demonym and a.text not in words.first_names


def _locate(atoms: list[Atom], k: int, by_start: dict[int, PlaceSpan]):
    """From atom ``k`` on: '[a ... town] [N km [(M miles)]] <direction> of [the] <place>'."""
    n = len(atoms)
    for d in range(k, min(n - 2, k + _WINDOW)):
        word = atoms[d].lowered
        if atoms[d].kind == "punct" and atoms[d].text not in "()-":
            return None
        if word in DIRECTION_WORDS and not word.endswith("ern") and word != "central" \
                and atoms[d + 1].text == "of":
            target = d + 2
            if target < n and atoms[target].lowered == "the":
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
        if a.kind == "word" and (_FILLER_OK.match(a.text) or a.lowered in PARTICLES):
            continue
        return False
    return apposition_fillers_ok([a.lowered for a in atoms[k:d]])


def _distance(atoms: list[Atom], d: int) -> float | None:
    """'20 kilometers (12 miles) southeast': the first figure with a unit before the direction."""
    k = d - 1
    if k >= 0 and atoms[k].text == ")":
        while k >= 0 and atoms[k].text != "(":
            k -= 1
        k -= 1
    if k >= 1 and atoms[k].lowered in _UNITS and atoms[k - 1].kind == "num":
        try:
            return float(atoms[k - 1].text.replace(",", "")) * _UNITS[atoms[k].lowered]
        except ValueError:
            return None
    return None


def _repeats(text: str, atoms: list[Atom], found: list[PlaceSpan], blocked: set[int]) -> list[PlaceSpan]:
    """Later bare occurrences of an estimated name share its estimate."""
    if not found:
        return []
    first = {m.text.lower(): m for m in found}
    # the names by their length in atoms, each with its rank in ``first``: at an atom, one
    # lookup per length, not one comparison per name (an article of thousands of estimated
    # names made that quadratic); the earliest name that fits wins, as in ``first``'s order
    by_size: dict[int, dict[str, tuple[int, PlaceSpan]]] = {}
    for rank, (name, m) in enumerate(first.items()):
        by_size.setdefault(m.j - m.i, {})[name] = (rank, m)
    taken = {m.i for m in found}
    out = []
    for k in atoms_where(atoms, _capitalised):
        a = atoms[k]
        if k in taken or k in blocked:
            continue
        fits = []
        for size, names in by_size.items():
            if k + size < len(atoms):
                hit = names.get(text[a.start:atoms[k + size].end].lower())
                if hit is not None and (k + size + 1 >= len(atoms) or not atoms[k + size + 1].cap
                                        or not joined(text, atoms[k + size], atoms[k + size + 1])):
                    fits.append(hit)
        if not fits:
            continue
        m = min(fits, key=lambda hit: hit[0])[1]
        end = atoms[k + m.j - m.i].end
        twin = PlaceSpan(a.start, end, text[a.start:end], k, k + m.j - m.i, kind="estimated",
                         relation=m.relation, distance_km=m.distance_km)
        twin.anchor = m.anchor
        twin.cue = True
        out.append(twin)
    return out
