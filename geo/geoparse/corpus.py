"""The collection's context: which countries the documents read so far are about.

A reader going through a folder of reports from one war, or a feed of its daily headlines,
reads "Ariha" or "Hass" in a lone headline as the Syrian town, not Jericho or a Turkish
village, because everything else in the collection is about Syria. A single headline carries
no country evidence of its own; the collection does.

:class:`CorpusContext` keeps, for the documents parsed so far, the share of each country among
their confidently resolved places (each document counts once, however long), and, when the
collection is about one country, offers that country's share to the resolver as a prior (part
``corpus`` of a candidate's score). The resolver weighs it down by the document's own country
evidence, so a long article that names its country is ruled by itself, and a headline with
nothing to go on by the collection.

It also remembers how each name was read where a document settled it with confidence (one
sense per collection): "Kafr Salim", placed in Idlib where a report named Idlib beside it,
is that Kafr Salim in the next bare headline too, not its namesake near Raqqa
(:meth:`CorpusContext.readings`, part ``recalled`` of a candidate's score, weighed down by the
document's own evidence as the country prior is).

It is read in order and grows as it goes: the first documents of a run get a weaker prior (a
pseudo-count of documents with no country keeps the first shares modest), and a document's
answer may depend on those before it in the same run. ``territory geoparse`` uses one context
per run; :class:`geo.geoparse.parser.Geoparser` uses none unless given one.
"""

from __future__ import annotations

from collections.abc import Iterable

from geo.records import Toponym
from geo.text.fold import fold

#: documents with no country assumed before the first one, so that one document cannot make
#: the prior certain: after n documents all about one country its share is n / (n + this)
PSEUDO_DOCUMENTS = 5.0
#: share of the documents the leading country needs for the collection to be about it
CONCENTRATED_SHARE = 0.5
#: a toponym counts towards its document's countries when resolved at least this confidently
MIN_CONFIDENCE = 0.5
#: a name's reading is remembered when resolved at least this confidently: a reading the
#: document's own context settled, not a guess between namesakes
RECALL_MIN_CONFIDENCE = 0.8


class CorpusContext:
    """Running shares of countries over the documents of one collection."""

    def __init__(self) -> None:
        self._shares: dict[str, float] = {}
        self._documents = 0
        #: folded name as written -> place id -> documents that read it so, confidently
        self._readings: dict[str, dict[int, float]] = {}

    @property
    def documents(self) -> int:
        """How many documents with at least one confident place have been added."""
        return self._documents

    def prior(self) -> dict[str, float]:
        """The collection's country and its share of the documents so far, when the collection
        is about one country (a share of at least CONCENTRATED_SHARE); else nothing: a
        world news digest says nothing about where its next story happens."""
        if not self._documents:
            return {}
        total = self._documents + PSEUDO_DOCUMENTS
        code, weight = max(self._shares.items(), key=lambda kv: (kv[1], kv[0]))
        share = weight / total
        return {code: share} if share >= CONCENTRATED_SHARE else {}

    def readings(self, name: str) -> dict[int, float]:
        """The places the collection read ``name`` (folded as written) as, confidently, each
        with its share of those documents; empty when it never read the name so."""
        ids = self._readings.get(name)
        if not ids:
            return {}
        total = sum(ids.values())
        return {gid: n / total for gid, n in ids.items()}

    def add(self, toponyms: Iterable[Toponym]) -> None:
        """Count one document: its confident places' countries, normalised to one vote, and
        the readings of its confidently resolved names (each name once)."""
        counts: dict[str, float] = {}
        toponyms = list(toponyms)
        self._remember(toponyms)
        for t in toponyms:
            if t.country_code and t.geonameid is not None and t.score >= MIN_CONFIDENCE:
                counts[t.country_code] = counts.get(t.country_code, 0.0) + 1.0
        total = sum(counts.values())
        if not total:
            return
        self._documents += 1
        for code, n in counts.items():
            self._shares[code] = self._shares.get(code, 0.0) + n / total

    def _remember(self, toponyms: list[Toponym]) -> None:
        seen: set[str] = set()
        for t in toponyms:
            if t.geonameid is None or t.score < RECALL_MIN_CONFIDENCE:
                continue
            name = fold(t.text)
            if name in seen:
                continue
            seen.add(name)
            ids = self._readings.setdefault(name, {})
            ids[t.geonameid] = ids.get(t.geonameid, 0.0) + 1.0
