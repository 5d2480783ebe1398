"""Armed actors named in war reporting, normalised to canonical names.

The alias table ``geo/events/data/actors.csv`` (one row per alias, each with its source) maps the
many names of each party ("ISIL", "Daesh", "the jihadis" -> ISIS; "Syrian Democratic Forces" ->
SDF; "the regime" -> Syrian government forces) to one name. Acronyms match only in capitals so
that "IS" the group is not "is" the verb.

Examples
--------
>>> [(a.text, a.name) for a in find_actors("Daesh fighters fled as the SDF advanced.")]
[('Daesh', 'ISIS'), ('SDF', 'SDF')]
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from geo import settings
from geo.text.gate import AnyFragment, literal_openers, sentence_cache

_TABLE = "actors.csv"


@dataclass(frozen=True)
class ActorMention:
    """One actor named at ``[start, end)`` of the searched text.

    ``supporting`` is True when the text names the actor only as a backer of someone else
    ("U.S.-backed", "backed by coalition airstrikes"), which makes it neither winner nor loser.
    """

    start: int
    end: int
    text: str
    name: str
    state: bool
    supporting: bool = False


@dataclass(frozen=True)
class _Alias:
    alias: str
    name: str
    match_case: bool
    state: bool


@lru_cache(maxsize=1)
def aliases() -> tuple[_Alias, ...]:
    """The alias table, longest alias first (so "U.S.-led coalition" wins over "U.S.")."""
    path = settings.shipped_file("geo.events", "data", _TABLE)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [
            _Alias(r["alias"].strip(), r["canonical"].strip(), r["match_case"].strip() == "yes", r["kind"].strip() == "state")
            for r in csv.DictReader(fh)
        ]
    return tuple(sorted(rows, key=lambda a: (-len(a.alias), a.alias)))


def canonical_names() -> list[str]:
    """Every canonical actor name, sorted."""
    return sorted({a.name for a in aliases()})


def normalise(name: str) -> str | None:
    """The canonical name for an alias ("Daesh" -> "ISIS"), or None when unknown."""
    for a in aliases():
        if (a.alias == name) if a.match_case else (a.alias.lower() == name.strip().lower()):
            return a.name
    return None


def is_state(name: str | None) -> bool:
    """True when the canonical ``name`` is a state's forces (per the alias table)."""
    return name in _state_names()


@lru_cache(maxsize=1)
def _state_names() -> frozenset[str]:
    return frozenset(a.name for a in aliases() if a.state)


@lru_cache(maxsize=1)
def _lookup() -> dict[tuple[str, bool], _Alias]:
    lookup: dict[tuple[str, bool], _Alias] = {}
    for a in aliases():
        lookup.setdefault((a.alias if a.match_case else a.alias.lower(), a.match_case), a)
    return lookup


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cased = [re.escape(a.alias) for a in aliases() if a.match_case]
    uncased = [a.alias for a in aliases() if not a.match_case]
    # An alias must stand alone: no letter either side ("IS" in "ISIS", "US" in "USA"); a
    # trailing "'s" possessive is fine.
    wrap = r"(?<![A-Za-z])(?:{})(?![A-Za-z]|\.[A-Za-z])"
    return re.compile(wrap.format("|".join(cased))), re.compile(wrap.format(_by_first_letter(uncased)), re.I)


def _by_first_letter(names: list[str]) -> str:
    """The alternation of ``names`` (case-blind) with each first letter written once ("i(?:sis|raqi
    army)|k(?:urds)"): the same matches as the plain list, in the same order of preference within
    a letter (two letters cannot both match), and every position of an article is not tried
    against every name (four times faster on a long article)."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[:1].lower(), []).append(re.escape(name[1:]))
    return "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items())


_SUPPORT_BEFORE = re.compile(
    r"(?:backed\s+by|supported\s+by|cover\s+of|help\s+of|support\s+(?:of|from)|aided\s+by|assisted\s+by|"
    r"with\s+the\s+help\s+of|envoy\s+to)\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,2}(?:(?:and|as\s+well\s+as)\s+(?:[\w'’.-]+\s+){0,2})?$",
    re.I,
)
#: the words one of which every match of ``_SUPPORT_BEFORE`` holds (read off it): the stretch
#: before an actor is searched only when it holds one ("with", "backed", ...), the expression
#: being tried at each of its positions
_SUPPORT_WORD = AnyFragment(*literal_openers(_SUPPORT_BEFORE.pattern))
#: "U.S.-backed SDF", "coalition airstrikes": the actor backs someone else from the air or behind.
_SUPPORT_AFTER = re.compile(
    r"^(?:[-‐](?:backed|supported|trained|armed|allied|led)\b|\s+(?:and\s+\w+\s+)?(?:air\s*strikes?|air\s+raids?|"
    r"warplanes|jets|air\s+power|air\s+support|aircraft|drones?|bombers)\b)",
    re.I,
)


def find_actors(text: str) -> list[ActorMention]:
    """Every actor named in ``text`` in text order, overlaps resolved to the longest alias."""
    return list(_find_actors(text))


#: one match of an alias expression: start, end, the text matched, and whether the expression
#: is the case-sensitive one
_AliasMatch = tuple[int, int, str, bool]


@sentence_cache
def _find_actors(text: str) -> tuple[ActorMention, ...]:
    return _mentions(text, _alias_matches(text))


def _alias_matches(text: str) -> list[_AliasMatch]:
    """The matches of the case-sensitive alias expression, then those of the case-blind one."""
    cased, uncased = _patterns()
    return [(m.start(), m.end(), m.group(), True) for m in cased.finditer(text)] + \
        [(m.start(), m.end(), m.group(), False) for m in uncased.finditer(text)]


def _mentions(text: str, found: Sequence[_AliasMatch]) -> tuple[ActorMention, ...]:
    """The actors of ``text`` from its alias matches (:func:`_alias_matches`)."""
    lookup = _lookup()
    hits: list[ActorMention] = []
    # Leftmost, then longest, wins; one sweep keeps this linear on long texts.
    found = sorted(found, key=lambda x: (x[0], x[0] - x[1]))
    last_end = -1
    for start, end, group, is_cased in found:
        if start < last_end:
            continue
        key = (group if is_cased else group.lower(), is_cased)
        alias = lookup.get(key)
        if alias is None:
            continue
        if is_cased and group == "IS" and not _plausible_is(text, start, end):
            continue
        supporting = bool(_SUPPORT_AFTER.match(text[end: end + 40])) or _supported_before(text[max(0, start - 40): start])
        hits.append(ActorMention(start, end, group, alias.name, alias.state, supporting))
        last_end = end
    hits.sort(key=lambda h: h.start)
    return tuple(hits)


#: what an alias expression looks at past a match's end (a letter, or a full stop and a letter)
#: and before its start (a letter): a sentence next to one of these is read on its own
#: (with the four characters a case-blind ``[A-Za-z]`` takes for ASCII letters: "ſ", the Kelvin
#: sign, "ı", "İ")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\u017f\u212a\u0131\u0130")


class TextActors:
    r"""The actors of a whole text, and of each of its sentences from the same matches.

    A long article's sentences were each searched again with both alias expressions; the
    matches of the whole text that lie in a sentence are the sentence's own, unless one runs
    across its start or end (a search of the sentence alone stops there) or the letters just
    outside it decide a match's edge (``(?<![A-Za-z])``, ``(?![A-Za-z]|\.[A-Za-z])``): such a
    sentence is searched on its own. What the mentions are made of (a backer before or after,
    "IS" among capitals) is read from the sentence either way.

    >>> actors = TextActors("The SDF took Raqqa. ISIS fled to Deir ez-Zor.")
    >>> [(a.text, a.start) for a in actors.within(20, 45)] == [(a.text, a.start) for a in find_actors("ISIS fled to Deir ez-Zor.")]
    True
    """

    def __init__(self, text: str) -> None:
        self.text = text
        found = _alias_matches(text)
        self.mentions = list(_mentions(text, found))
        self._found = sorted(found, key=lambda x: x[0])
        self._starts = [x[0] for x in self._found]
        # the furthest end of the matches up to each one: a match before a sentence that runs into it
        self._reach: list[int] = []
        furthest = -1
        for _start, end, _group, _cased in self._found:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def within(self, start: int, end: int) -> list[ActorMention]:
        """:func:`find_actors` of ``text[start:end]``, offsets local to it."""
        text = self.text
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        inside = self._found[lo:hi]
        crossed = (lo > 0 and self._reach[lo - 1] > start) or any(x[1] > end for x in inside)
        letter_before = start > 0 and text[start - 1] in _ASCII_LETTERS
        letter_after = end < len(text) and (text[end] in _ASCII_LETTERS
                                            or (text[end] == "." and text[end + 1:end + 2] in _ASCII_LETTERS))
        if crossed or letter_before or letter_after:
            return find_actors(text[start:end])
        # the sentence's matches of each expression in order, the case-sensitive ones first, as
        # :func:`_alias_matches` lists them
        local = [(s - start, e - start, group, cased) for s, e, group, cased in inside if cased] + \
            [(s - start, e - start, group, cased) for s, e, group, cased in inside if not cased]
        return list(_mentions(text[start:end], local))


def _supported_before(before: str) -> bool:
    """``_SUPPORT_BEFORE.search(before)``, not run on a stretch without one of its words."""
    return _SUPPORT_WORD.search(before) and _SUPPORT_BEFORE.search(before) is not None


def _plausible_is(text: str, start: int, end: int) -> bool:
    """"IS" the group, not the verb in an all-capitals headline ("ISIS IS LOSING")."""
    window = text[max(0, start - 20): end + 20]
    letters = [c for c in window if c.isalpha()]
    return not letters or sum(c.isupper() for c in letters) / len(letters) < 0.8


#: "the army", "army troops": a country's army named without its country
#: (a mention starts at "army", as an actor named with its article starts at its name: "by the X")
_BARE_ARMY = re.compile(r"\b(?:(?<=the\s)army|army\s+(?:troops|units|soldiers|forces))\b", re.I)
#: a capitalised word right before: "Ruritanian army troops" names another army
_NAMED_BEFORE = re.compile(r"[A-Z][\w.-]*\s+$")
_ARMY_WORD = AnyFragment("army")
#: the words of a state's ground force named with its country ("Turkish troops", "Iraqi army")
_GROUND_FORCE = re.compile(r"\b(?:army|armies|troops|forces|soldiers)\b", re.I)


def national_army_mentions(text: str, country_code: str | None, known: Sequence[ActorMention]) -> list[ActorMention]:
    """Each bare "the army" of ``text`` not already inside a named actor ("the Iraqi army"), as
    the army of the country where the event is (``country_code`` of its place): a report says
    "the army" of the country it is about. None when that country's army is not in the table, or
    when the sentence names another state's ground force: that is the army it goes on to cite."""
    if not country_code or not _ARMY_WORD.search(text):
        return []
    name = _army_of(country_code)
    if name is None or any(a.state and a.name != name and _GROUND_FORCE.search(a.text) for a in known):
        return []  # "Turkish troops shelled X; the army said": the army is the one named
    return [ActorMention(m.start(), m.end(), m.group(), name, True) for m in _BARE_ARMY.finditer(text)
            if not any(a.start < m.end() and m.start() < a.end for a in known)
            and (m.group().lower() == "army" or not _NAMED_BEFORE.search(text, max(0, m.start() - 30), m.start()))]


@lru_cache(maxsize=64)
def _army_of(country_code: str) -> str | None:
    """The canonical actor of "<demonym> army" ("Iraqi army" -> Iraqi forces) for a country, its
    demonym read from the gazetteer's curated table."""
    path = settings.shipped_file("geo.gazetteer", "data", "demonyms.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        demonyms = [r["word"].strip() for r in csv.DictReader(fh) if r["country_code"].strip() == country_code]
    return next((n for n in (normalise(f"{d} army") for d in demonyms) if n is not None), None)
