"""A gazetteer over a small table of candidates, with the interface the geoparser uses.

Rule tests resolve against it so that what they assert depends on the rule, not on the
contents of GeoNames.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from geo.records import Candidate
from geo.text.fold import fold


class FakeGazetteer:
    """The agreed Gazetteer interface over ``entries`` (name -> candidates) and ``demonyms``."""

    max_name_tokens = 4

    def __init__(self, entries: Mapping[str, Sequence[Candidate]],
                 demonyms: Mapping[str, str | None]) -> None:
        self.entries = entries
        self.demonyms = demonyms
        self.index: dict[str, list[Candidate]] = {}
        for name, cands in entries.items():
            self.index.setdefault(fold(name), []).extend(cands)

    def is_name(self, text: str) -> bool:
        return fold(text) in self.index

    def candidates(self, name, country=None, near=None, limit=10):
        cands = sorted(self.index.get(fold(name), []), key=lambda c: -c.population)
        if country:
            cands = [c for c in cands if c.country_code == country]
        return cands[:limit]

    def demonym(self, word):
        return self.demonyms.get(word)

    def country(self, code):
        for cands in self.entries.values():
            for c in cands:
                if c.country_code == code and c.feature_code == "PCLI":
                    return c
        return None
