"""The one wire format of an article's result: what workers send, the cache keeps, the run reads.

An article's result is its toponyms and events as compressed JSON: each record a list of its
fields in record order (dates as ISO strings), so the bytes a worker returns are the bytes the
cache stores and the run store decodes, and nothing is re-encoded on the way. Toponyms come
back as :class:`ToponymRow` (their fields by name, without the ``explain`` trace), events as
:class:`geo.records.Event`.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import operator
import typing
import zlib
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from geo.records import Event, Toponym

TOPONYM_FIELDS = tuple(f.name for f in dataclasses.fields(Toponym) if f.name != "explain")
EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))


def _date_fields(cls) -> frozenset[str]:
    hints = typing.get_type_hints(cls)
    return frozenset(name for name, hint in hints.items()
                     if hint is date or date in typing.get_args(hint))


_EVENT_DATES = _date_fields(Event)
_EVENT_DATE_INDEXES = tuple(i for i, f in enumerate(EVENT_FIELDS) if f in _EVENT_DATES)
# every field of a record in one call (a long article has tens of thousands of records)
_toponym_fields = operator.attrgetter(*TOPONYM_FIELDS)
_event_fields = operator.attrgetter(*EVENT_FIELDS)


class ToponymRow(NamedTuple):
    """A toponym as the wire carries it: its fields by name (``TOPONYM_FIELDS``)."""

    source: str
    start: int
    end: int
    text: str
    name: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    country_code: str | None
    admin1: str | None
    feature_class: str | None
    feature_code: str | None
    population: int | None
    geo_precision: int
    score: float
    relation: str | None
    region: str | None
    embedded_in: str | None = None
    stands_for: str | None = None


if ToponymRow._fields != TOPONYM_FIELDS:  # a field added to Toponym must be added here too
    raise RuntimeError(f"ToponymRow fields {ToponymRow._fields} differ from Toponym's {TOPONYM_FIELDS}")


def event_row(e: Event) -> list:
    """An event as a JSON-ready list: its fields in record order, dates as ISO strings."""
    row = list(_event_fields(e))
    for i in _EVENT_DATE_INDEXES:
        if row[i] is not None:
            row[i] = row[i].isoformat()
    return row


def event_from_row(row: typing.Sequence) -> Event:
    """The inverse of :func:`event_row`.

    The fields go in by position, not by name: a run decodes every event three times over
    (linking, control, the exports), and a dictionary of keyword arguments per event cost a
    third of the decoding.
    """
    values = list(row)
    for i in _EVENT_DATE_INDEXES:
        if i < len(values) and values[i] is not None:
            values[i] = iso_day(values[i])
    if len(values) != len(EVENT_FIELDS) or _EVENT_SLOT_SETTERS is None:
        return Event(*values)
    event = _new_object(Event)
    for set_slot, value in zip(_EVENT_SLOT_SETTERS, values):
        set_slot(event, value)
    return event


#: the setters of an Event's slots, in field order: a frozen dataclass's ``__init__`` sets
#: each of its fields through ``object.__setattr__`` by name, a third of the cost of decoding an event
#: (done some 13,000 times per megabyte of text); with every field given it does nothing else,
#: which the slots' own setters do faster. None if Event ever checks its fields on the way in.
_EVENT_SLOT_SETTERS = (None if hasattr(Event, "__post_init__")
                       else tuple(vars(Event)[name].__set__ for name in EVENT_FIELDS))
_new_object = object.__new__


#: a stored event's fields by name (``EVENT_FIELDS``), a plain tuple: what making an incident's row
#: reads (:func:`geo.events.incidents.incident_row`), without the record being built
EventView = collections.namedtuple("EventView", EVENT_FIELDS)  # type: ignore[misc]
_make_view = EventView._make


def event_view(row: list) -> typing.Any:
    """A field list of :func:`event_row` (every field there) as an :data:`EventView`, dates made
    days again: the same values by the same names as ``event_from_row(row)``, for readers that
    only read them, at a fraction of the cost (the record sets each of its slots one call
    at a time). ``row`` itself is changed (its dates)."""
    for i in _EVENT_DATE_INDEXES:
        if row[i] is not None:
            row[i] = iso_day(row[i])
    return _make_view(row)


@lru_cache(maxsize=4096)
def iso_day(iso: str) -> date:
    # a corpus names a few thousand distinct days: one date object each, not one per event
    return date.fromisoformat(iso)


def encode_result(toponyms: typing.Sequence, events: typing.Sequence[Event]) -> bytes:
    """Toponyms and events as compressed JSON (field lists in record order, dates ISO)."""
    tops = [list(_toponym_fields(t)) for t in toponyms]
    data = json.dumps({"t": tops, "e": [event_row(e) for e in events]}, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(data.encode("utf-8"), 3)


def decode_result(blob: bytes) -> tuple[list[list], list[Event]]:
    """The inverse of :func:`encode_result`: toponym field lists (``TOPONYM_FIELDS`` order)
    and :class:`Event` records."""
    toponyms, rows = decode_rows(blob)
    return toponyms, [event_from_row(row) for row in rows]


def decode_rows(blob: bytes) -> tuple[list[list], list[list]]:
    """Toponym and event field lists of an encoded result (:func:`event_row` is the event
    list of an event): what the run store keeps as it is, without re-encoding its events."""
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    return data["t"], data["e"]
