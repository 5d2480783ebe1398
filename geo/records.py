"""Plain typed records passed from one pipeline stage to the next.

Data flows one way::

    corpus -> Article -> geoparse -> Toponym -> events -> Event -> control -> exports, maps

Every record is a frozen dataclass of plain values so that stages stay independent and the
records can be compared, cached and serialised without knowing who made them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Final, Literal

#: the four kinds of event (``Event.category``); the words of the output contract
CONTROL_CHANGE: Final = "control_change"
CONTROL_STATE: Final = "control_state"
ATTACK: Final = "attack"
CLAIM: Final = "claim"
Category = Literal["control_change", "control_state", "attack", "claim"]
CATEGORIES: Final = (CONTROL_CHANGE, CONTROL_STATE, ATTACK, CLAIM)


@dataclass(frozen=True)
class Article:
    """One article of a corpus.

    Parameters
    ----------
    id
        The file name (the article's id in every output).
    text
        The article text, decoded and, for HTML, reduced to its main text.
    published
        Publication date, from the manifest or inferred from the text.
    published_estimated
        True when ``published`` was inferred rather than given.
    path
        Where the article was read from, if it came from a file.
    meta
        Extra manifest columns (``outlet``, ``title``, ``url``, ...), carried into every record.
    """

    id: str
    text: str
    published: date | None = None
    published_estimated: bool = True
    path: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry that a name may refer to, with the parts of its score."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str | None
    feature_class: str
    feature_code: str
    population: int
    score: float = 0.0
    score_parts: dict[str, float] = field(default_factory=dict)
    matched_name: str = ""
    source: str = ""


@dataclass(frozen=True)
class Toponym:
    """One occurrence of a place name in an article, resolved where possible.

    ``start``/``end`` are Python string offsets: ``article.text[start:end] == text``.
    ``geo_precision`` is 1 for the place itself, 2 for near/part of it ("south of Baghdad"),
    3 for a region or country. ``region`` names a polygon that :mod:`geo.gazetteer.regions` can draw
    (``None`` for points). ``embedded_in`` marks a place named only inside an organisation's
    or facility's name.
    """

    source: str
    start: int
    end: int
    text: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country_code: str | None = None
    admin1: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    population: int | None = None
    geo_precision: int = 1
    score: float = 0.0
    relation: str | None = None
    region: str | None = None
    #: the organisation or facility name the place is part of ("Texas" of "the Texas Department
    #: of Transportation"); None for a place named in its own right. Events and maps ignore
    #: embedded places: nothing happens at Texas because its transport department speaks
    embedded_in: str | None = None
    #: "government" where a country or capital acts or speaks ("Washington condemned the
    #: attack"): a place named, where nothing happens; events and maps ignore it too
    stands_for: str | None = None
    explain: tuple[Candidate, ...] = ()

    @classmethod
    def from_fields(cls, **values: Any) -> Toponym:
        """The same record as ``Toponym(**values)``, made without the frozen dataclass's
        ``__init__`` when ``values`` name every field in the declared order.

        That ``__init__`` sets each of the twenty fields through ``object.__setattr__`` (some
        40,000 machine instructions a toponym, four times a dictionary update), and the
        geoparser makes one toponym per occurrence of a name: tens of thousands in a long
        article. Any other ``values`` go through ``__init__`` (its defaults, its errors)."""
        if tuple(values) != _TOPONYM_FIELDS:
            return cls(**values)
        toponym = object.__new__(cls)
        toponym.__dict__.update(values)
        return toponym

    def at(self, start: int, end: int, text: str) -> Toponym:
        """The same place read the same way at another occurrence of its name: this record with
        ``start``, ``end`` and ``text`` replaced (as :func:`dataclasses.replace` would make it,
        without its ``__init__``: see :meth:`from_fields`)."""
        toponym = object.__new__(type(self))
        values = toponym.__dict__
        values.update(self.__dict__)
        values["start"], values["end"], values["text"] = start, end, text
        return toponym

    def to_json(self) -> dict[str, Any]:
        """The record as ``../shared/CONTRACT.md`` lists it for ``territory geoparse``."""
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": self.name,
            "lat": None if self.lat is None else round(self.lat, 6),
            "lon": None if self.lon is None else round(self.lon, 6),
            "geonameid": self.geonameid,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "feature_code": self.feature_code,
            "geo_precision": self.geo_precision,
            "score": round(self.score, 4),
        }
        if self.relation:
            out["relation"] = self.relation
        if self.region:
            out["region"] = self.region
        if self.embedded_in is not None:
            out["embedded"] = True
            out["embedded_in"] = self.embedded_in
        if self.stands_for is not None:
            out["stands_for"] = self.stands_for
        return out



#: the names of a toponym's fields, in their declared order (:meth:`Toponym.from_fields`)
_TOPONYM_FIELDS: Final = tuple(f.name for f in fields(Toponym))

@dataclass(frozen=True, slots=True)
class Event:
    """One (what, where, when) that an article states, traced to its sentence.

    Slotted: a run may hold tens of thousands of events at once (the control estimate), and
    a slotted record takes a fifth of the memory of one with a ``__dict__``.

    Field names are those of ``../shared/CONTRACT.md``; ``meta`` carries the manifest columns.
    ``action`` refines a control change beyond ACLED's sub-event type (``siege_broken``).
    """

    event_id: str
    category: str
    event_type: str
    sub_event_type: str
    #: None, both, only when neither the text nor a publication date says when (precision 3)
    date_start: date | None
    date_end: date | None
    time_precision: int
    place: str | None
    mention: str
    lat: float | None
    lon: float | None
    source: str
    evidence: str
    evidence_start: int
    evidence_end: int
    geonameid: int | None = None
    country_code: str | None = None
    admin1: str | None = None
    geo_precision: int = 1
    region: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    gained_by: str | None = None
    lost_by: str | None = None
    holder: str | None = None
    action: str | None = None
    killed: int | None = None
    wounded: int | None = None
    casualty_breakdown: str | None = None
    metric: str | None = None
    value: float | None = None
    value_low: float | None = None
    value_high: float | None = None
    unit: str | None = None
    published: date | None = None
    published_estimated: bool = True
    meta: dict[str, str] = field(default_factory=dict)


def place_key(geonameid: int | None, *names: str | None) -> int | str | None:
    """The key a place is tracked by: its geonameid, else the first name given, else None.

    Every stage that groups reports by place asks this (drafts of one article, incidents
    across articles, control timelines, the places table), so one town is one key everywhere.

    Examples
    --------
    >>> place_key(99072, "Mosul"), place_key(None, None, "Mosul"), place_key(None)
    (99072, 'Mosul', None)
    """
    if geonameid is not None:
        return int(geonameid)
    return next((n for n in names if n), None)
