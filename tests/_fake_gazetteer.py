"""A gazetteer over a small table of candidates, with the interface the geoparser uses.

Rule tests resolve against it so that what they assert depends on the rule, not on the
contents of GeoNames.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from geo.records import Candidate
from geo.text.fold import fold


class FakeGazetteer:
    """The agreed Gazetteer interface over ``entries`` (name -> candidates) and ``demonyms``."""

    max_name_tokens = 4

    def __init__(self, entries: Mapping[str, Sequence[Candidate]],
                 demonyms: Mapping[str, str | None],
                 villages: Mapping[str, Sequence[Candidate]] | None = None) -> None:
        self.entries = entries
        self.demonyms = demonyms
        #: "Qaryat X" entries under X: offered only when the text calls X a village
        self.villages = {fold(k): list(v) for k, v in (villages or {}).items()}
        self.index: dict[str, list[Candidate]] = {}
        for name, cands in entries.items():
            self.index.setdefault(fold(name), []).extend(cands)

    def is_name(self, text: str) -> bool:
        return fold(text) in self.index or fold(text) in self.villages

    def opens_name(self, text: str) -> bool:
        key = fold(text)
        return bool(key) and any(k.startswith(key + " ") for k in self.index)

    def candidates(self, name, country=None, near=None, limit=10, villages=False):
        cands = sorted(self.index.get(fold(name), []), key=lambda c: -c.population)
        if villages or not cands:
            cands += self.villages.get(fold(name), [])
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


#: the GeoNames feature class of the feature codes the rule tests use (P for anything else)
_FEATURE_CLASS = {"PCLI": "A", "ADM1": "A", "ADM2": "A", "MT": "T", "DAM": "S", "AIRB": "S", "AIRP": "S",
                  "STM": "H", "OCN": "H", "SEA": "H"}


def C(gid, name, lat, lon, cc, fcode, pop=0, admin1=None, quality=1.0):
    """One gazetteer entry for a test table; ``quality`` below 1 marks a loose spelling match."""
    c = Candidate(geonameid=gid, name=name, lat=lat, lon=lon, country_code=cc, admin1=admin1,
                  feature_class=_FEATURE_CLASS.get(fcode, "P"), feature_code=fcode, population=pop)
    return replace(c, score_parts={"name": quality}) if quality != 1.0 else c
