"""The word lists of the geoparser (``geo/geoparse/data/``), read once per process.

Each list is evidence a careful reader uses to keep or drop a place-name candidate; the files
and their sources are described in ``geo/geoparse/data/README.md``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    out = []
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@dataclass(frozen=True)
class WordLists:
    """All lists, in the forms the recogniser looks them up in."""

    first_names: frozenset[str]
    #: title (lower case, words joined by one space) -> True when it counts in lower case too
    titles: dict[str, bool]
    title_max_words: int
    #: first words of titles of several words ("prime" of "prime minister")
    title_first_words: frozenset[str]
    #: last words of the titles ("minister" of "prime minister", "president"): a word before a
    #: name that is none of them starts no title, whatever precedes it
    title_last_words: frozenset[str]
    org_words: frozenset[str]
    #: organisation names as tuples of tokens, longest first
    org_names: tuple[tuple[str, ...], ...]
    #: first token -> organisation names starting with it
    org_names_by_first: dict[str, tuple[tuple[str, ...], ...]]
    common_words: frozenset[str]
    never_places: frozenset[str]


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    """Read the lists (cached for the life of the process)."""
    titles: dict[str, bool] = {}
    for line in _lines("titles.txt"):
        lower_too = line.endswith("*")
        titles[line.rstrip("* ").lower()] = lower_too
    org_names = sorted(
        {tuple(name.replace("-", " - ").split()) for name in _lines("org_names.txt")},
        key=len,
        reverse=True,
    )
    common = frozenset(w for line in _lines("common_words.txt") for w in line.lower().split())
    return WordLists(
        first_names=frozenset(_lines("first_names.txt")),
        titles=titles,
        title_max_words=max(len(t.split()) for t in titles),
        title_first_words=frozenset(t.split()[0] for t in titles if " " in t),
        title_last_words=frozenset(t.rpartition(" ")[2] for t in titles),
        org_words=frozenset(_lines("org_words.txt")),
        org_names=tuple(org_names),
        org_names_by_first={
            first: tuple(n for n in org_names if n[0] == first) for first in {n[0] for n in org_names}
        },
        common_words=common,
        never_places=frozenset(w for line in _lines("never_places.txt") for w in line.lower().split()),
    )


@dataclass(frozen=True)
class HomeGroups:
    """Armed groups that fight in one country only (``home_groups.csv``): one pattern finds
    them all; the name as matched (folded to lower case where case does not matter) gives the
    country."""

    pattern: re.Pattern[str]
    #: name as written (acronyms) or in lower case -> country code
    country_of: dict[str, str]

    def country(self, matched: str) -> str | None:
        return self.country_of.get(matched) or self.country_of.get(matched.lower())


@lru_cache(maxsize=1)
def home_groups() -> HomeGroups:
    """Read ``home_groups.csv`` (cached for the life of the process)."""
    with open(DATA / "home_groups.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    exact = [r["name"] for r in rows if r["match_case"] == "yes"]
    loose = [r["name"] for r in rows if r["match_case"] != "yes"]
    country_of = {(r["name"] if r["match_case"] == "yes" else r["name"].lower()): r["country"] for r in rows}

    def alternation(names: list[str]) -> str:
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

    # a whole name: not inside a longer word or hyphenated compound ("SDF-held" counts: the
    # hyphen follows it)
    pattern = re.compile(rf"(?<![\w-])(?:{alternation(exact)}|(?i:{alternation(loose)}))(?!\w)")
    return HomeGroups(pattern=pattern, country_of=country_of)
