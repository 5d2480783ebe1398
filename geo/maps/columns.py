"""The event layers' popups and feed entries built column by column, not event by event.

A map of 20,000 reports asked the same questions 20,000 times (the date text of a date pair,
the escaped name of an actor, the source line of an article): here each group of columns that
makes one piece of a popup or of the feed is worked out once per distinct value of that group,
with the same functions of :mod:`geo.maps.layers` that build one event's (so the text, and its
escaping, is the same), and the pieces are then put together per event. An incidents frame
(one row per incident, its reports nested) keeps the per-event path (:func:`reports_frame`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from geo.maps.layers import (
    CLAIM,
    CONTROL_CHANGE,
    CONTROL_STATE,
    _int_text,
    _place,
    _report_outlet,
    _source_line,
    _text,
    _when,
    as_count,
    category_rows,
    escape,
    event_note,
    event_type_text,
    feed_actors,
    feed_what,
    missing,
    place_key,
)

#: a popup's table row as it is packed: escaped label and escaped text
Pair = list[str]
Columns = dict[str, list[Any]]

_NO_TOLL = (CONTROL_CHANGE, CONTROL_STATE, CLAIM)


def reports_frame(columns: Columns) -> bool:
    """True for a frame of reports (one event per row); an incidents frame has both
    ``incident_id`` and ``n_reports`` (:func:`geo.maps.layers.is_incident`)."""
    return not ("incident_id" in columns and "n_reports" in columns)


def per_distinct(build: Callable[[dict[str, Any]], Any], columns: Columns, keys: Sequence[str], n: int) -> list[Any]:
    """``build`` of each event, asked once per distinct value of the columns ``keys`` (a row of
    only those keys is what ``build`` reads)."""
    cells = [columns.get(k) or [None] * n for k in keys]
    if len(keys) == 1:
        return _per_value(build, keys[0], cells[0])
    rows = list(zip(*cells))
    # the distinct values found and looked up by dict and map, not a Python loop per event:
    # some twenty columns of 20,000 events are asked for while a map is built
    try:
        distinct: dict[tuple[Any, ...], Any] = dict.fromkeys(rows)
    except TypeError:  # an unhashable cell (a list): each row worked out for itself
        return [build(dict(zip(keys, row))) for row in rows]
    for row in distinct:
        distinct[row] = build(dict(zip(keys, row)))
    return list(map(distinct.__getitem__, rows))


def _per_value(build: Callable[[dict[str, Any]], Any], key: str, cells: list[Any]) -> list[Any]:
    """:func:`per_distinct` of one column, its values the keys themselves."""
    try:
        distinct: dict[Any, Any] = dict.fromkeys(cells)
    except TypeError:  # unhashable
        return [build({key: cell}) for cell in cells]
    for cell in distinct:
        distinct[cell] = build({key: cell})
    return list(map(distinct.__getitem__, cells))


def _pairs(rows: list[tuple[str, object]]) -> tuple[Pair, ...]:
    """Popup rows as :func:`geo.maps.layers.popup_data` keeps them: escaped, the empty ones left out."""
    out = []
    for label, value in rows:
        text = (value if value.strip() else "") if type(value) is str else _text(value)
        if text:
            out.append([escape(label), escape(text)])
    return tuple(out)


_DATE = ("date_start", "date_end", "time_precision")
_CATEGORY = ("category", "gained_by", "actor1", "lost_by", "actor2", "holder", "value", "unit", "metric")


def event_popups(columns: Columns, n: int) -> list[list[Any]]:
    """Each report's popup, as :func:`geo.maps.layers.event_popup` makes it."""
    date = per_distinct(lambda r: _pairs([("Date", _when(r))]), columns, _DATE, n)
    kind = per_distinct(lambda r: _pairs([("Type", event_type_text(r))]), columns,
                        ("event_type", "sub_event_type"), n)
    place = per_distinct(lambda r: _pairs([("Place", _place(r))]), columns, ("place", "mention"), n)
    region = per_distinct(lambda r: _pairs([("Region", r["admin1"])]), columns, ("admin1",), n)
    block = per_distinct(lambda r: _pairs(category_rows(r)), columns, _CATEGORY, n)
    toll = per_distinct(_toll_pairs, columns, ("category", "killed", "wounded"), n)
    title = per_distinct(_title, columns, ("sub_event_type", "category"), n)
    evidence = per_distinct(lambda r: "" if missing(r["evidence"]) else escape(str(r["evidence"])),
                            columns, ("evidence",), n)
    source = per_distinct(lambda r: escape(_source_line(r)), columns, ("source", "outlet", "title", "published"), n)
    note = per_distinct(lambda r: escape(event_note(r) or ""), columns, ("geo_precision", *_DATE), n)
    return [[t, [*d, *k, *p, *g, *b, *x], e, s, o] for t, d, k, p, g, b, x, e, s, o
            in zip(title, date, kind, place, region, block, toll, evidence, source, note)]


def _toll_pairs(row: dict[str, Any]) -> tuple[Pair, ...]:
    if _text(row["category"]) in _NO_TOLL:
        return ()
    return _pairs([("Killed", _int_text(row["killed"])), ("Wounded", _int_text(row["wounded"]))])


def _title(row: dict[str, Any]) -> str:
    title = _text(row["sub_event_type"]) or _text(row["category"]).replace("_", " ").capitalize()
    return escape(title or "Event")


_FEED_OUTLET = ("outlet", "title", "url", "source")


#: the keys of a list entry (:func:`geo.maps.layers.feed_props`), in its order
FEED_KEYS = ("k", "w", "pl", "dt", "a", "o", "ou", "kd", "wd", "om")


def feed_columns(entries: Sequence[dict[str, Any]]) -> Columns:
    """List entries (:func:`geo.maps.layers.feed_props`) as columns, None where an entry lacks a key."""
    return {key: [entry.get(key) for entry in entries] for key in FEED_KEYS}


def pick(columns: Columns, rows: Sequence[int]) -> Columns:
    """The cells of these rows of each column."""
    return {key: [values[i] for i in rows] for key, values in columns.items()}


def feed_entries(columns: Columns, n: int, articles: dict[str, dict[str, Any]],
                 place_names: dict[str, str]) -> Columns:
    """Each report's entry of the list, as :func:`geo.maps.layers.feed_props` makes it, as
    columns (:func:`feed_columns`): the map's packer takes them as they are, no dict per event."""
    category = per_distinct(lambda r: escape(_text(r["category"])), columns, ("category",), n)
    what = per_distinct(feed_what, columns, ("sub_event_type", *_CATEGORY), n)
    where = per_distinct(lambda r: escape(_text(r["mention"]) or place_names.get(place_key(r["geonameid"]), "")
                                          or _text(r["place"])), columns, ("mention", "geonameid", "place"), n)
    when = per_distinct(lambda r: escape(_when(r)), columns, _DATE, n)
    actors = per_distinct(feed_actors, columns, ("actor1", "actor2", "gained_by", "lost_by", "holder"), n)
    outlet = per_distinct(lambda r: _report_outlet(r, articles.get(_text(r["source"])) or {}),
                          columns, _FEED_OUTLET, n)
    killed = per_distinct(lambda r: as_count(r["killed"]), columns, ("killed",), n)
    wounded = per_distinct(lambda r: as_count(r["wounded"]), columns, ("wounded",), n)
    return {"k": category, "w": what, "pl": where, "dt": when, "a": actors, "o": [o for o, _, _ in outlet],
            "ou": [ou for _, ou, _ in outlet], "kd": killed, "wd": wounded,
            "om": [more or None for _, _, more in outlet]}
