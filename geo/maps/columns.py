"""The event layers' popups and feed entries built column by column, not event by event.

A map of 20,000 reports asked the same questions 20,000 times (the date text of a date pair,
the escaped name of an actor, the source line of an article): here each group of columns that
makes one piece of a popup or of the feed is worked out once per distinct value of that group,
with the same functions of :mod:`geo.maps.layers` that build one event's (so the text, and its
escaping, is the same), and the pieces are then put together per event. An incidents frame
(one row per incident, its reports nested) is built alike (:func:`incident_popups`,
:func:`incident_feed_entries`): only what reads its nested reports (the quoted sentences, the
outlets, a toll the sources disagree on) is worked out per incident.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from geo.maps.layers import (
    CLAIM,
    CONTROL_CHANGE,
    CONTROL_STATE,
    _incident_evidence,
    _incident_rows,
    _int_text,
    _place,
    _report_outlet,
    _source_line,
    _text,
    _toll,
    _when,
    as_count,
    category_rows,
    escape,
    event_note,
    event_outlets,
    event_type_text,
    feed_actors,
    feed_what,
    json_list,
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
    title, table, note = _popup_common(columns, n)
    toll = per_distinct(_toll_pairs, columns, ("category", "killed", "wounded"), n)
    evidence = per_distinct(lambda r: "" if missing(r["evidence"]) else escape(str(r["evidence"])),
                            columns, ("evidence",), n)
    source = per_distinct(lambda r: escape(_source_line(r)), columns, ("source", "outlet", "title", "published"), n)
    return [[t, [*rows, *x], e, s, o] for t, rows, x, e, s, o in zip(title, table, toll, evidence, source, note)]


def _popup_common(columns: Columns, n: int) -> tuple[list[str], list[list[Pair]], list[str]]:
    """What a report's popup and an incident's share: the title, the table's rows down to the
    category's (date, type, place, region, who did what) and the note."""
    date = per_distinct(lambda r: _pairs([("Date", _when(r))]), columns, _DATE, n)
    kind = per_distinct(lambda r: _pairs([("Type", event_type_text(r))]), columns,
                        ("event_type", "sub_event_type"), n)
    place = per_distinct(lambda r: _pairs([("Place", _place(r))]), columns, ("place", "mention"), n)
    region = per_distinct(lambda r: _pairs([("Region", r["admin1"])]), columns, ("admin1",), n)
    block = per_distinct(lambda r: _pairs(category_rows(r)), columns, _CATEGORY, n)
    title = per_distinct(_title, columns, ("sub_event_type", "category"), n)
    note = per_distinct(lambda r: escape(event_note(r) or ""), columns, ("geo_precision", *_DATE), n)
    return title, [[*d, *k, *p, *g, *b] for d, k, p, g, b in zip(date, kind, place, region, block)], note


#: an incident's figures, as :func:`geo.maps.layers._toll` reads them
_INCIDENT_TOLL = ("category", *(f"{f}_{k}" for f in ("killed", "wounded") for k in ("best", "low", "high")))


def incident_popups(columns: Columns, n: int) -> list[list[Any]]:
    """Each incident's popup (a row of an incidents frame), as :func:`geo.maps.layers.event_popup`
    makes it: its reports' sentences and the "… and K more" line in place of a report's
    sentence and source."""
    title, table, note = _popup_common(columns, n)
    toll = per_distinct(_plain_incident_toll, columns, _INCIDENT_TOLL, n)
    evidence, n_reports = columns.get("evidence") or [None] * n, columns.get("n_reports") or [None] * n
    for i in [i for i, pairs in enumerate(toll) if pairs is None]:
        # the sources disagree: the text says how many gave a figure (read from the reports)
        row = {key: (columns.get(key) or [None] * n)[i] for key in _INCIDENT_TOLL}
        toll[i] = _incident_toll_pairs({**row, "incident_id": "", "n_reports": n_reports[i], "evidence": evidence[i]})
    sources = per_distinct(lambda r: _pairs(_incident_rows(r)), columns,
                           ("n_sources", "n_reports", "first_reported"), n)
    quoted = [_incident_evidence({"evidence": e, "n_reports": k}) for e, k in zip(evidence, n_reports)]
    return [[t, [*rows, *x, *c], q[0], q[1], o]
            for t, rows, x, c, q, o in zip(title, table, toll, sources, quoted, note)]


def _plain_incident_toll(row: dict[str, Any]) -> tuple[Pair, ...] | None:
    """An incident's Killed and Wounded rows; None when a figure is a range, whose text reads
    the incident's reports."""
    for field in ("killed", "wounded"):
        best, low, high = (_int_text(row[f"{field}_{k}"]) for k in ("best", "low", "high"))
        if best and low and high and low != high:
            return None
    # without a range the toll is the best estimate; ``n_reports`` marks the row as an incident's
    return _incident_toll_pairs({**row, "incident_id": "", "n_reports": None, "evidence": None})


def _incident_toll_pairs(row: dict[str, Any]) -> tuple[Pair, ...]:
    if _text(row["category"]) in _NO_TOLL:
        return ()
    return _pairs([("Killed", _toll(row, "killed")), ("Wounded", _toll(row, "wounded"))])


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
    outlet = per_distinct(lambda r: _report_outlet(r, articles.get(_text(r["source"])) or {}),
                          columns, _FEED_OUTLET, n)
    return _feed(columns, n, place_names, outlet, "killed", "wounded")


def incident_feed_entries(columns: Columns, n: int, articles: dict[str, dict[str, Any]],
                          place_names: dict[str, str]) -> Columns:
    """:func:`feed_entries` of an incidents frame: the outlets of every article reporting an
    incident (one list per distinct set of articles), its best estimates of the dead and wounded."""
    outlets: dict[tuple[str, ...], tuple[list[str], list[str], int]] = {}
    outlet = []
    for sources, evidence in zip(columns.get("sources") or [None] * n, columns.get("evidence") or [None] * n):
        row = {"incident_id": "", "n_reports": None, "sources": sources, "evidence": evidence}
        # the outlets are those of the articles named in ``sources`` (the reports' only without it)
        key = tuple(json_list(sources))
        if not key or not all(type(s) is str for s in key):
            outlet.append(event_outlets(row, articles))
            continue
        found = outlets.get(key)
        if found is None:
            found = outlets[key] = event_outlets(row, articles)
        outlet.append(found)
    return _feed(columns, n, place_names, outlet, "killed_best", "wounded_best")


def _feed(columns: Columns, n: int, place_names: dict[str, str], outlet: list[tuple[list[str], list[str], int]],
          killed_key: str, wounded_key: str) -> Columns:
    category = per_distinct(lambda r: escape(_text(r["category"])), columns, ("category",), n)
    what = per_distinct(feed_what, columns, ("sub_event_type", *_CATEGORY), n)
    where = per_distinct(lambda r: escape(_text(r["mention"]) or place_names.get(place_key(r["geonameid"]), "")
                                          or _text(r["place"])), columns, ("mention", "geonameid", "place"), n)
    when = per_distinct(lambda r: escape(_when(r)), columns, _DATE, n)
    actors = per_distinct(feed_actors, columns, ("actor1", "actor2", "gained_by", "lost_by", "holder"), n)
    killed = per_distinct(lambda r: as_count(r[killed_key]), columns, (killed_key,), n)
    wounded = per_distinct(lambda r: as_count(r[wounded_key]), columns, (wounded_key,), n)
    return {"k": category, "w": what, "pl": where, "dt": when, "a": actors, "o": [o for o, _, _ in outlet],
            "ou": [ou for _, ou, _ in outlet], "kd": killed, "wd": wounded,
            "om": [more or None for _, _, more in outlet]}
