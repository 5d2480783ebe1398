"""Events, places and areas of control as GIS files that open as they are.

:func:`events_frame`, :func:`places_frame` and :func:`geo.control.estimate.control_areas` build
GeoDataFrames (EPSG:4326); :func:`write_outputs` writes them as

- ``events.geojson``, ``places.geojson``, ``control.geojson``: RFC 7946 (longitude/latitude, no
  ``crs`` member, 6 decimals, exterior rings counter-clockwise, ISO 8601 dates, lists as JSON
  arrays), byte-for-byte the same for the same input;
- ``territory.gpkg``: the three layers with real GeoPackage ``DATE`` fields, so QGIS's Temporal
  Controller picks up ``date_start``/``date`` as is; lists are stored as JSON text;
- ``events.csv``: one row per event with ACLED's column names where ACLED has one
  (``event_id_cnty``, ``event_date``, ``year``, ``actor1``, ``latitude``, ``notes``,
  ``fatalities``, ...) followed by ours. ``fatalities`` is empty, not 0, when the text gives no
  figure.

Events and control areas have ``time_ms``, the epoch milliseconds (UTC midnight) of their date,
which kepler.gl and time-slider tools read without configuration.

In QGIS: *Layer > Add Layer > Add Vector Layer*, pick ``territory.gpkg`` and its layers; then
*Layer Properties > Temporal*: "Separate Fields for Start and End Date/Time", ``date_start`` and
``date_end`` (events), ``valid_from`` and ``valid_to`` (control: each area holds until the next
estimate; the last has no end), and the Temporal Controller's slider moves through the war
(the recipe of maps/README.md).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import operator
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.raw
import shapely

from geo.control.estimate import control_timelines, event_place_key
from geo.errors import OutputError
from geo.gazetteer.boundaries import admin1_for_points, admin1_name, countries
from geo.geom import epoch_ms
from geo.records import Event, Toponym

#: contract columns of an event, in the order every export uses
EVENT_COLUMNS = [
    "event_id", "category", "event_type", "sub_event_type", "date_start", "date_end",
    "time_precision", "time_ms", "time_end_ms", "place", "mention", "geonameid", "country_code",
    "admin1", "geo_precision", "region", "lat", "lon", "actor1", "actor2", "gained_by", "lost_by",
    "holder", "action", "killed", "wounded", "casualty_breakdown", "metric", "value", "value_low",
    "value_high", "unit", "source", "published", "published_estimated", "evidence",
    "evidence_start", "evidence_end", "mention_start", "mention_end",
]
PLACE_COLUMNS = [
    "geonameid", "name", "country_code", "admin1", "feature_code", "lat", "lon", "n_mentions",
    "mentions", "holder", "holder_date", "control",
]
#: columns that hold ISO dates; written as DATE fields to GeoPackage
DATE_COLUMNS = {"date_start", "date_end", "published", "date", "holder_date", "event_date", "valid_from", "valid_to",
                "last_report_date"}
_INT_COLUMNS = {"time_precision", "time_ms", "time_end_ms", "geonameid", "geo_precision",
                "killed", "wounded", "evidence_start", "evidence_end", "mention_start",
                "mention_end", "n_mentions", "n_places", "year", "n_reports", "age_days"}
_FLOAT_COLUMNS = {"lat", "lon", "value", "value_low", "value_high", "area_km2", "confidence"}

#: events.csv: (ACLED name, our column); ACLED's names first, then ours
_CSV_ACLED = [
    ("event_id_cnty", "event_id"), ("event_date", "date_start"), ("year", None),
    ("time_precision", "time_precision"), ("disorder_type", None), ("event_type", "event_type"),
    ("sub_event_type", "sub_event_type"), ("actor1", "actor1"), ("actor2", "actor2"),
    ("iso", None), ("country", "country_code"), ("admin1", "admin1"), ("location", "place"),
    ("latitude", "lat"), ("longitude", "lon"), ("geo_precision", "geo_precision"),
    ("source", "source"), ("notes", "evidence"), ("fatalities", "killed"),
]
#: ACLED's disorder types for its event types (ACLED codebook 2023)
_DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Demonstrations",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}
#: what QGIS shows as each GeoPackage layer's description
LAYER_DESCRIPTIONS = {
    "events": "Events extracted from the articles by territory: one point per event, with the "
              "sentence that states it (evidence) and its article (source).",
    "places": "Places the articles name, resolved offline: mentions and reported holders.",
    "control": "ESTIMATED areas of control per date: each country divided among the places with "
               "a known holder (nearest place, within the reach in the 'method' field; farther "
               "ground unknown), contested ground where holders meet or reports disagree "
               "(status), shaded by n_reports/age_days/confidence; see geo/io/README.md. Not a "
               "surveyed front line.",
    "incidents": "Reports of the same event merged (geo/merge.py): one point per incident with "
                 "every source article, and casualties as low/best/high across the reports.",
}
#: GDAL writes the GeoPackage ``last_change`` timestamp from this option; fixing it makes the
#: file byte-for-byte reproducible
_FIXED_GPKG_TIME = "2000-01-01T00:00:00.000Z"


def events_frame(events: Iterable[Event], *, admin_polygons: bool = True,
                 meta_keys: Sequence[str] | None = None) -> gpd.GeoDataFrame:
    """The events as a GeoDataFrame, one Point (or empty geometry) per event.

    Parameters
    ----------
    events
        Extracted events.
    admin_polygons
        Fill ``admin1`` from the admin-1 polygons the user added with ``territory boundaries
        add`` (falling back on the gazetteer's ``admin1`` where a point falls in none).
    meta_keys
        The manifest columns to give a column each (default: those these events carry); a run
        that writes its events chunk by chunk passes the corpus's, so every chunk has the same
        columns.

    Returns
    -------
    geopandas.GeoDataFrame
        ``EVENT_COLUMNS`` (dates as ISO strings, ``time_ms``/``time_end_ms`` epoch ms of
        ``date_start``/``date_end``) then the manifest columns (``meta``), sorted by
        ``date_start``, events of one day in the order given (the corpus's, then the article's:
        the order a reader meets them, not the arbitrary order of their hashed ids); EPSG:4326.
    """
    events = list(events)
    if meta_keys is None:
        meta_keys = sorted({k for e in events for k in (e.meta or {})})
    return _events_gdf([_event_row(e, meta_keys) for e in events], meta_keys, admin_polygons)


def events_frame_of_rows(rows: Iterable[Sequence[Any]], *, meta_keys: Sequence[str],
                         admin_polygons: bool = True) -> gpd.GeoDataFrame:
    """:func:`events_frame` of events given as their field lists: every field of
    :class:`~geo.records.Event` in record order, dates as ISO text (the run's wire format,
    :func:`geo.runner.codec.event_row`). The same table, without making a record of each event
    only to read its fields back and write its dates as text again."""
    return _events_gdf([_wire_event_row(row, meta_keys) for row in rows], meta_keys, admin_polygons)


def _events_gdf(rows: list[tuple], meta_keys: Sequence[str], admin_polygons: bool) -> gpd.GeoDataFrame:
    """The frame of :func:`events_frame` from its rows (``EVENT_COLUMNS`` then the manifest columns)."""
    columns = EVENT_COLUMNS + [_meta_name(k) for k in meta_keys]
    # rows as tuples in column order: pandas reads them a column at a time, not key by key
    df = pd.DataFrame(rows, columns=columns)
    if len(df):
        df["admin1"] = admin1_names(df, admin_polygons)
    df = _typed(df)
    geometry = _points(df["lon"], df["lat"])
    gdf = gpd.GeoDataFrame(df, geometry=geometry, crs=4326)
    return gdf.sort_values(["date_start"], kind="stable").reset_index(drop=True)


def places_frame(toponyms: Iterable[Toponym], events: Iterable[Event]) -> gpd.GeoDataFrame:
    """One Point per distinct resolved place, with its mentions and its control reports.

    Parameters
    ----------
    toponyms
        Every resolved (or unresolved: skipped) place-name occurrence of the corpus.
    events
        The events; control events fill ``control`` (and ``holder``/``holder_date``, the latest
        report), and event places no toponym covers are added.

    Returns
    -------
    geopandas.GeoDataFrame
        ``PLACE_COLUMNS``: ``mentions`` is a list of ``{source, start, end, text}``,
        ``control`` a list of ``{date, holder, event_id, kind, conflicting}``; sorted by name
        then geonameid; EPSG:4326.
    """

    events = list(events)
    tally = PlaceTally()
    mentions: dict[int | str, list[dict[str, Any]]] = defaultdict(list)
    for t in toponyms:
        key = tally.add_mention(t)
        if key is not None:
            mentions[key].append({"source": t.source, "start": t.start, "end": t.end, "text": t.text})
    for e in events:
        tally.add_event(e)
    timelines = control_timelines(events)
    return places_gdf([tally.row(key, mentions[key], timelines.get(key, [])) for key in tally.places()])


class PlaceTally:
    """The distinct places of a corpus, counted as its mentions and events come in.

    Keeps per place what ``places.geojson`` shows apart from the list of mentions (its first
    resolution, how often each name was used), so a run can count places
    mention by mention while the mentions themselves wait on disk.
    """

    def __init__(self) -> None:
        self._info: dict[int | str, dict[str, Any]] = {}
        self._names: dict[int | str, Counter] = defaultdict(Counter)
        #: places only events name (no mention resolved them): first event's resolution, name
        self._event_places: dict[int | str, tuple[dict[str, Any], str]] = {}

    def add_mention(self, t: Any) -> int | str | None:
        """Count a mention (a :class:`~geo.records.Toponym` or a record with its fields);
        returns the key of its place, or None when it has no usable coordinates or is only
        part of an organisation's name (``embedded_in``) or stands for a government
        (``stands_for``): such places are not counted."""
        if t.lat is None or t.lon is None or (t.geonameid is None and not t.name):
            return None
        if getattr(t, "embedded_in", None) is not None or getattr(t, "stands_for", None) is not None:
            return None  # "the Paris Public Library", "Washington said": nothing on the map at either
        key = int(t.geonameid) if t.geonameid is not None else t.name
        self._names[key][t.name or t.text] += 1
        if key not in self._info:
            self._info[key] = {"geonameid": t.geonameid, "country_code": t.country_code,
                               "admin1": t.admin1, "feature_code": t.feature_code,
                               "lat": t.lat, "lon": t.lon}
        return key

    def add_event(self, e: Event) -> None:
        """Note an event's place, kept when no mention resolves it (a located event must have
        its place on the places layer)."""

        key = event_place_key(e)
        if key is None or e.lat is None or e.lon is None or e.geo_precision > 2 or key in self._event_places:
            return
        self._event_places[key] = ({"geonameid": e.geonameid, "country_code": e.country_code,
                                    "admin1": e.admin1, "feature_code": None, "lat": e.lat, "lon": e.lon},
                                   e.place or e.mention)

    def name(self, key: int | str) -> str:
        """The place's most frequent name (ties: alphabetical, so input order never shows)."""
        if key in self._info:
            return sorted(self._names[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return self._event_places[key][1]

    def places(self) -> list[int | str]:
        """Every place, in the order of ``places.geojson`` (name, then geonameid)."""
        keys = list(self._info) + [k for k in self._event_places if k not in self._info]

        def order(key: int | str) -> str:
            gid = self._info[key]["geonameid"] if key in self._info else self._event_places[key][0]["geonameid"]
            return f"{self.name(key)}\x00{'' if gid is None else int(gid)}"

        return sorted(keys, key=order)

    def resolved(self) -> int:
        """How many distinct geonameids the mentions resolved to."""
        return sum(1 for info in self._info.values() if info["geonameid"] is not None)

    def row(self, key: int | str, mentions: list[dict[str, Any]], timeline: Sequence[Any]) -> dict[str, Any]:
        """The place's ``PLACE_COLUMNS`` values; ``mentions`` sorted here by source and offset."""
        info = self._info[key] if key in self._info else self._event_places[key][0]
        ms = sorted(mentions, key=lambda m: (m["source"], m["start"], m["end"]))
        latest = timeline[-1] if timeline else None
        return {**info, "name": self.name(key), "n_mentions": len(ms),
                "mentions": ms, "holder": latest.holder if latest else None,
                "holder_date": latest.date.isoformat() if latest else None,
                "control": [{**o.to_json(), "kind": o.kind, "conflicting": o.conflicting} for o in timeline]}

def places_gdf(rows: Iterable[dict[str, Any]]) -> gpd.GeoDataFrame:
    """Place rows (:meth:`PlaceTally.row`) as a typed GeoDataFrame, sorted by name then
    geonameid; EPSG:4326."""
    df = pd.DataFrame(list(rows), columns=PLACE_COLUMNS)
    if len(df):
        df["admin1"] = admin1_names(df, True)
    df = _typed(df)
    gdf = gpd.GeoDataFrame(df, geometry=_points(df["lon"], df["lat"]), crs=4326)
    order = gdf["name"].astype(str) + "\x00" + gdf["geonameid"].astype("string").fillna("")
    return gdf.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


def write_outputs(out_dir: str | os.PathLike[str], events_gdf: gpd.GeoDataFrame,
                  places_gdf: gpd.GeoDataFrame, control_gdf: gpd.GeoDataFrame,
                  extra_layers: dict[str, gpd.GeoDataFrame] | None = None) -> dict[str, Path]:
    """Write the GeoJSON, CSV and GeoPackage exports of the contract into ``out_dir``.

    ``extra_layers`` (e.g. ``{"incidents": gdf}`` from :mod:`geo.events.incidents`) are written the same
    way: ``<name>.geojson`` and a layer of ``territory.gpkg`` after the three above. For tables
    too large for memory, write them chunk by chunk with :class:`LayerWriter`.

    Returns
    -------
    dict
        file name -> path written.

    Raises
    ------
    OutputError
        A file cannot be written.
    """
    layers = {"events": events_gdf, "places": places_gdf, "control": control_gdf, **(extra_layers or {})}
    with LayerWriter(out_dir) as writer:
        for name, gdf in layers.items():
            writer.write(name, gdf)
    return writer.written


class LayerWriter:
    """Write layers chunk by chunk: ``<layer>.geojson``, a layer of ``territory.gpkg`` each, and
    ``events.csv`` for the ``events`` layer.

    Each :meth:`write` appends rows to a layer; a layer's chunks must come in its final order
    and have the same columns. The files are byte-for-byte what one call with the whole table
    writes, so the exports of a run that streams its events do not depend on the chunk size.
    Layers go into the GeoPackage in the order they are first written.

    Parameters
    ----------
    out_dir
        The folder (created if missing); files of the same names are replaced.

    Examples
    --------
    >>> with LayerWriter(folder) as writer:                          # doctest: +SKIP
    ...     for chunk in chunks:
    ...         writer.write("events", chunk)
    """

    def __init__(self, out_dir: str | os.PathLike[str]) -> None:
        self.out = Path(out_dir)
        self.written: dict[str, Path] = {}
        self._geojson: dict[str, TextIO] = {}
        #: layers with a feature written (the next one needs a separating comma)
        self._started: set[str] = set()
        self._csv: TextIO | None = None
        self._gpkg = self.out / "territory.gpkg"
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            if self._gpkg.exists():
                self._gpkg.unlink()
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write the exports ({exc})") from exc

    def write(self, name: str, gdf: gpd.GeoDataFrame) -> None:
        """Append ``gdf``'s rows to layer ``name`` (its first call creates the layer)."""
        try:
            self._write_geojson(name, gdf)
            if name == "events":
                self._write_csv(gdf)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write the exports ({exc})") from exc
        write_gpkg(self._gpkg, {name: gdf}, replace=False)
        self.written[self._gpkg.name] = self._gpkg

    def _write_geojson(self, name: str, gdf: gpd.GeoDataFrame) -> None:
        lines = feature_lines(gdf)
        fh = self._geojson.get(name)
        if fh is None:
            path = self.out / f"{name}.geojson"
            fh = self._geojson[name] = path.open("w", encoding="utf-8", newline="\n")
            fh.write(_FC_HEAD)
            self.written[path.name] = path
        if lines:
            fh.write((",\n" if name in self._started else "") + ",\n".join(lines))
            self._started.add(name)

    def _write_csv(self, gdf: gpd.GeoDataFrame) -> None:
        fh, first = self._csv, self._csv is None
        if fh is None:
            path = self.out / "events.csv"
            fh = self._csv = path.open("w", encoding="utf-8", newline="")
            self.written[path.name] = path
        if first or len(gdf):
            write_events_csv(gdf, fh, header=first)

    def close(self) -> None:
        """Finish every file (the GeoJSON collections' closing brackets)."""
        try:
            for fh in self._geojson.values():
                fh.write(_FC_TAIL)
                fh.close()
            if self._csv is not None:
                self._csv.close()
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write the exports ({exc})") from exc
        finally:
            self._geojson, self._csv = {}, None

    def __enter__(self) -> LayerWriter:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()
        else:  # the files are incomplete anyway: close them without raising over the error
            for fh in [*self._geojson.values(), self._csv]:
                if fh is not None:
                    fh.close()


# -- GeoJSON -----------------------------------------------------------------------------------

_FC_HEAD = '{"type":"FeatureCollection","features":[\n'
_FC_TAIL = "\n]}\n"


def to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """An RFC 7946 FeatureCollection, one feature per line, stable across runs."""
    return _FC_HEAD + ",\n".join(feature_lines(gdf)) + _FC_TAIL


def feature_lines(gdf: gpd.GeoDataFrame) -> list[str]:
    """One GeoJSON Feature per row, as text (what :func:`to_geojson` joins).

    The properties are the text ``json.dumps(dict(row), ensure_ascii=False, separators=(",",
    ":"), allow_nan=False)`` gives, made a column at a time (:func:`_json_texts`) and put together
    with one format string per row: a long article's tens of thousands of events and incidents
    are not sent through the encoder one dictionary at a time.
    """
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs(4326)
    props = [c for c in gdf.columns if c != gdf.geometry.name]
    geoms = _rfc7946_geometries(np.asarray(gdf.geometry.values, dtype=object))
    if not all(type(c) is str for c in props) or len(set(props)) != len(props):
        return _feature_lines_by_rows(gdf, props, geoms)  # what a dictionary would make of such names
    fields = ",".join(f"{_escape_braces(_encode_text(c))}:{{}}" for c in props)
    template = f'{{{{"type":"Feature","properties":{{{{{fields}}}}},"geometry":{{}}}}}}'
    columns = [_json_texts(_json_column(gdf[c])) for c in props]
    return [template.format(*values) for values in zip(*columns, geoms)]


def _feature_lines_by_rows(gdf: gpd.GeoDataFrame, props: list, geoms: list[str]) -> list[str]:
    rows = zip(*(_json_column(gdf[c]) for c in props)) if props else ((),) * len(gdf)
    lines = []
    for geom, values in zip(geoms, rows):
        properties = _JSON_ENCODE(dict(zip(props, values)))
        lines.append(f'{{"type":"Feature","properties":{properties},"geometry":{geom}}}')
    return lines


#: the encoder of the GeoJSON properties (made once, not per feature)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
#: how that encoder writes a string (the C function where there is one)
_encode_text = json.encoder.encode_basestring


#: lists and dicts as JSON text in the GeoPackage, the CSV and Parquet (``json.dumps(value,
#: ensure_ascii=False)``, with the encoder made once instead of per value)
_TEXT_JSON = json.JSONEncoder(ensure_ascii=False)


def _one_shot(encoder: json.JSONEncoder) -> Callable[[Any], str]:
    """``encoder.encode`` of a list, dict or bool, without making a new C encoder per call:
    ``JSONEncoder.encode`` builds one each time (2 of its 6 microseconds per value, for the tens
    of thousands of evidence lists and casualty breakdowns of a long article). The same C
    function writes the text, so it is the same text, and the same errors (NaN with
    ``allow_nan`` false, a value JSON has no form for). No circular-reference check: the values
    come from records and JSON, which hold no cycles (a check's table would also keep the ids of
    a value that failed half-way, and refuse a later value that reused them)."""
    make = getattr(json.encoder, "c_make_encoder", None)  # the C accelerator (None without it)
    if make is None or encoder.indent is not None or encoder.sort_keys or encoder.skipkeys:
        return encoder.encode
    text = json.encoder.encode_basestring_ascii if encoder.ensure_ascii else _encode_text
    write = make(None, encoder.default, text, None, encoder.key_separator, encoder.item_separator, False, False,
                 encoder.allow_nan)

    def encode(value: Any) -> str:
        return "".join(write(value, 0))

    return encode


#: ``_JSON.encode`` and ``_TEXT_JSON.encode``, one C encoder each for the whole run
_JSON_ENCODE = _one_shot(_JSON)
_TEXT_ENCODE = _one_shot(_TEXT_JSON)


def _json_of(value: Any, encode: Callable[[Any], str], comma: str) -> str:
    """``encode(value)`` (``_JSON_ENCODE`` or ``_TEXT_ENCODE``; ``comma``: its item separator),
    written directly for what most rows hold, an empty dictionary or a list of strings (an
    event's casualty breakdown, an incident's sources and event ids)."""
    kind = type(value)
    if kind is list and all(type(item) is str for item in value):
        return "[" + comma.join(map(_encode_text, value)) + "]"
    if kind is dict and not value:
        return "{}"
    return encode(value)


def _escape_braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _json_texts(values: list[Any]) -> list[str]:
    """Each value (as :func:`_json_column` gives them) as ``_JSON`` writes it: a column of one
    kind (text, whole numbers, finite decimals, with or without nulls) in one pass of the
    matching function, anything else value by value (lists and dicts through the encoder, which
    refuses what it would refuse in a dictionary: NaN, infinity)."""
    kinds = set(map(type, values))
    nulls = type(None) in kinds
    kinds.discard(type(None))
    if len(kinds) == 1 and (kinds <= {str, int} or (float in kinds and all(map(math.isfinite, filter(None, values))))):
        write = {str: _encode_text, int: int.__repr__, float: float.__repr__}[kinds.pop()]
        return [write(v) if v is not None else "null" for v in values] if nulls else list(map(write, values))
    return [_json_text(v) for v in values]


def _json_text(v: Any) -> str:
    kind = type(v)
    if kind is str:
        return _encode_text(v)
    if v is None:
        return "null"
    if kind is int:
        return int.__repr__(v)
    if kind is float and math.isfinite(v):
        return float.__repr__(v)
    return _json_of(v, _JSON_ENCODE, ",")  # bool, lists, dicts; NaN and infinity raise as in the encoder


def _json_column(series: pd.Series) -> list[Any]:
    """The column's values as JSON takes them (:func:`_json_value`), converted a column at a
    time: plain numbers in one step, not value by value (tens of thousands of events)."""
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else None
    if kind in ("i", "u", "b"):
        return series.to_numpy().tolist()
    if kind == "f":
        return [None if math.isnan(v) else v for v in series.to_numpy().tolist()]
    if series.dtype.kind in ("i", "u", "b"):  # pandas' nullable Int64 and boolean: ints and bools, None
        return series.to_numpy(dtype=object, na_value=None).tolist()
    if is_arrow_text(series.dtype):  # text held in Arrow: Arrow gives its strings, and None, at once
        return text_values(series)
    # text as it is, and missing text (NaN) as null, without nine tests; read through NumPy, as
    # stepping through a column of pandas' Arrow-backed text costs a microsecond a value
    return [v if type(v) is str or v is None else None if type(v) is float and math.isnan(v) else _json_value(v)
            for v in _objects(series)]


def _rfc7946_geometries(geoms: np.ndarray) -> list[str]:
    """GeoJSON geometry text: 6 decimals, exterior rings counter-clockwise, null if empty."""
    geoms = np.array([None if g is None or g.is_empty else g for g in geoms], dtype=object)
    present = np.array([g is not None for g in geoms], dtype=bool)
    out = np.full(len(geoms), "null", dtype=object)
    if not present.any():
        return out.tolist()
    original = shapely.force_2d(geoms[present])
    shapes = shapely.transform(original, lambda xy: np.round(xy, 6))
    polygonal = np.isin(shapely.get_type_id(shapes), (3, 6))
    # rounding to 6 decimals (10 cm) rarely breaks a ring; when it does, snap to the grid
    for i in np.flatnonzero(polygonal & ~shapely.is_valid(shapes)):
        shapes[i] = _snapped(original[i])
    if polygonal.any():
        shapes[polygonal] = shapely.orient_polygons(shapes[polygonal], exterior_cw=False)
    # GEOS writes the shortest decimal that reads back as the rounded double
    out[present] = shapely.to_geojson(shapes)
    return out.tolist()


def _snapped(geom: shapely.Geometry) -> shapely.Geometry:
    """A polygon on the 6-decimal grid that is valid (snap rounding, else repair)."""
    try:
        return shapely.set_precision(shapely.make_valid(geom), 1e-6)
    except shapely.errors.GEOSException:
        # GEOS cannot snap every shape; repair the rounded one and keep its polygons
        def round6(xy: np.ndarray) -> np.ndarray:
            return np.round(xy, 6)

        repaired = shapely.make_valid(shapely.transform(geom, round6))
        parts = [p for p in shapely.get_parts(shapely.get_parts(repaired))
                 if p.geom_type == "Polygon"]
        # repair can add crossing points with more decimals: the contract's 6 decimals win
        return shapely.transform(shapely.multipolygons(parts), round6) if parts else shapely.Polygon()


def _json_value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return value
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.ndarray):
        return [_json_value(v) for v in value.tolist()]
    return str(value)


# -- CSV ---------------------------------------------------------------------------------------

def events_csv(events_gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """The events table with ACLED's column names first, then the rest of ours."""
    df = pd.DataFrame(events_gdf.drop(columns=events_gdf.geometry.name))
    out = pd.DataFrame(index=df.index)
    used = set()
    names, numeric = _country_tables()
    for acled, ours in _CSV_ACLED:
        if acled == "year":
            out[acled] = pd.to_numeric(df["date_start"].str[:4], errors="coerce").astype("Int64")
        elif acled == "disorder_type":
            out[acled] = df["event_type"].map(_DISORDER)
        elif acled == "iso":  # ACLED's iso is the ISO 3166 numeric code
            out[acled] = df["country_code"].map(numeric).astype("Int64")
        elif acled == "country":
            out[acled] = df["country_code"].map(names)
        else:
            out[acled] = df[ours]
            used.add(ours)
    rest = [c for c in df.columns if c not in used]
    for col in rest:
        out[col] = df[col].map(_csv_value) if df[col].dtype == object else df[col]
    return out


def write_events_csv(events_gdf: gpd.GeoDataFrame, fh: TextIO, *, header: bool = True) -> None:
    """Write :func:`events_csv` of the events to ``fh``: the bytes ``events_csv(events_gdf).to_csv(fh,
    index=False, header=header, lineterminator="\\n")`` writes (but for text cells a spreadsheet
    would run as formulas: :func:`inert_in_spreadsheets`), made a column at a time from the
    values the GeoJSON reads (:func:`_json_column`) and sent to the same :mod:`csv` writer pandas
    uses, without building a second table of tens of thousands of rows and formatting it cell by
    cell in pandas (a tenth of the output stage of a long article)."""
    names, columns = _csv_columns(events_gdf)
    writer = csv.writer(fh, lineterminator="\n")
    if header:
        writer.writerow(inert_in_spreadsheets(names))
    writer.writerows(zip(*map(inert_in_spreadsheets, columns)))


#: what a spreadsheet takes for the start of a formula in a cell it opens (OWASP, "CSV Injection")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
#: a text cell that is a plain number ("-3", "+1.5e3") or a lone dash, as a manifest's columns
#: hold them: a spreadsheet reads it as that number or text, and runs nothing
_INERT_AS_IT_IS = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|-")


def inert_in_spreadsheets(cells: list[Any]) -> list[Any]:
    """A text column's cells (or a header's names) with those a spreadsheet would run as a formula
    made inert by a leading apostrophe (the mark Excel, LibreOffice and Google Sheets read as
    "this is text").

    Article text, file names and a manifest's columns are untrusted, and events.csv is what a
    newsroom opens in a spreadsheet: a sentence or a file name that opens with "=HYPERLINK(...)"
    would otherwise run there. Numbers (cells of their own type, or text that is only a number)
    and a lone "-" are left as they are: a reader in pandas or R still gets the number."""
    if not any(_runs_as_formula(cell) for cell in cells):
        return cells
    return ["'" + cell if _runs_as_formula(cell) else cell for cell in cells]


def _runs_as_formula(cell: Any) -> bool:
    return type(cell) is str and cell.startswith(FORMULA_LEADS) and _INERT_AS_IT_IS.fullmatch(cell) is None


def _csv_columns(events_gdf: gpd.GeoDataFrame) -> tuple[list[str], list[list[Any]]]:
    """The names and cells of :func:`events_csv`'s columns (missing values as "" or None)."""
    names, columns, used = [], [], set()
    country_names, numeric = _country_tables()
    for acled, ours in _CSV_ACLED:
        if acled == "year":
            cells = [_csv_year(d) for d in _json_column(events_gdf["date_start"])]
        elif acled == "disorder_type":
            cells = [_DISORDER.get(t, "") if type(t) is str else "" for t in _json_column(events_gdf["event_type"])]
        elif acled == "iso":  # ACLED's iso is the ISO 3166 numeric code
            cells = [str(numeric[c]) if c in numeric else "" for c in _json_column(events_gdf["country_code"])]
        elif acled == "country":
            cells = [country_names.get(c) or "" for c in _json_column(events_gdf["country_code"])]
        else:
            cells = _csv_cells(events_gdf[ours])
            used.add(ours)
        names.append(acled)
        columns.append(cells)
    for col in events_gdf.columns:
        if col not in used and col != events_gdf.geometry.name:
            names.append(col)
            columns.append(_csv_cells(events_gdf[col]))
    return names, columns


def _csv_year(day: Any) -> str:
    """The year of an ISO day as ``pd.to_numeric(day[:4])`` reads it ("" when it is none)."""
    try:
        return str(int(day[:4])) if type(day) is str and day[:4].isdigit() else ""
    except ValueError:
        return ""


def _csv_cells(series: pd.Series) -> list[Any]:
    """A column's cells as pandas writes them to CSV: the values the GeoJSON reads
    (:func:`_json_column`, missing ones None) as they are, for the csv module writes None as ""
    and a number or boolean as its ``str``, as pandas does; lists and dicts as JSON text
    (:func:`_csv_value`)."""
    values = _json_column(series)
    if not set(map(type, values)).isdisjoint((list, dict)):
        return [_csv_value(v) for v in values]
    return values


def _country_tables() -> tuple[dict[str, str], dict[str, int]]:
    table = countries()
    table = table[table["iso_a2"].notna()]
    numeric = pd.to_numeric(table["iso_n3"], errors="coerce")
    return (dict(zip(table["iso_a2"], table["name"])),
            {k: int(v) for k, v in zip(table["iso_a2"], numeric) if not pd.isna(v)})


def _csv_value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return _json_of(value, _TEXT_ENCODE, ", ")
    return value


# -- GeoPackage --------------------------------------------------------------------------------

def write_gpkg(path: Path, layers: dict[str, gpd.GeoDataFrame], *, replace: bool = True) -> None:
    """Write the layers into one GeoPackage with DATE fields, reproducibly.

    With ``replace`` false an existing file is kept and rows are appended to a layer that is
    already there (how :class:`LayerWriter` writes a table chunk by chunk).
    """
    if replace and path.exists():
        path.unlink()
    old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_GPKG_TIME})
    try:
        for name, gdf in layers.items():
            _write_layer(path, name, gdf, append=path.exists())
    except Exception as exc:
        raise OutputError(f"{path}: cannot write layer ({exc})") from exc
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": old})


def _write_layer(path: Path, name: str, gdf: gpd.GeoDataFrame, append: bool) -> None:
    geom_col = gdf.geometry.name
    fields = [col for col in gdf.columns if col != geom_col]
    geoms = gdf.geometry.values
    kinds = set(_objects(gdf.geometry.dropna().geom_type)) - {None}
    polygonal = bool(kinds & {"Polygon", "MultiPolygon"}) or name == "control"
    if polygonal:
        geoms = shapely.orient_polygons(np.asarray(geoms, dtype=object), exterior_cw=False)
    geoms = np.asarray(geoms, dtype=object)
    # one call for the column (the same bytes as geometry by geometry); empty ones have none
    wkb = shapely.to_wkb(geoms)
    wkb[shapely.is_empty(geoms)] = None
    options = {"DESCRIPTION": LAYER_DESCRIPTIONS.get(name, name)}
    if not polygonal and len(wkb) and "geometry" not in fields and _arrow_writes():
        # the same file, feature by feature in GDAL rather than field by field from Python: a
        # third of the time for the tens of thousands of events and incidents of a long article
        columns = [_arrow_column(col, gdf[col]) for col in fields]
        pyogrio.raw.write_arrow(_arrow_table(wkb, columns, fields), str(path), layer=name, driver="GPKG",
                                geometry_name="geometry", geometry_type="Point", crs="EPSG:4326",
                                append=append, layer_options=options)
        return
    arrays = [_gpkg_array(col, gdf[col]) for col in fields]
    pyogrio.raw.write(str(path), wkb, [values for values, _ in arrays], fields,
                      field_mask=[mask for _, mask in arrays], layer=name, driver="GPKG",
                      geometry_type="MultiPolygon" if polygonal else "Point", crs="EPSG:4326",
                      promote_to_multi=polygonal, append=append, encoding="UTF-8", layer_options=options)


@lru_cache(maxsize=1)
def _arrow_writes() -> bool:
    """Whether layers can go to GDAL as Arrow tables (pyarrow installed, GDAL 3.8 or later)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return pyogrio.__gdal_version__ >= (3, 8, 0)


def _arrow_column(col: str, series: pd.Series):
    """A column as :func:`_gpkg_array` makes it, as an Arrow array: text as strings, masked values
    and missing dates as nulls. Text that pandas already holds in Arrow goes over as it is
    (missing text is null there too), not value by value through Python and back."""
    import pyarrow as pa

    if is_arrow_text(series.dtype):
        text = pa.array(series.array)
        if col not in DATE_COLUMNS:
            return text.cast(pa.string())
        try:  # ISO days, as the exports write them, read by Arrow; anything else as pandas reads it
            return text.cast(pa.date32())
        except pa.ArrowInvalid:
            pass
    values, mask = _gpkg_array(col, series)
    return pa.array(values.tolist(), type=pa.string()) if values.dtype == object else pa.array(values, mask=mask)


def is_arrow_text(dtype: Any) -> bool:
    """Whether a column of this dtype is text that pandas holds in Arrow (pandas 3's default)."""
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def text_values(series: pd.Series) -> list[str | None]:
    """A column of text that pandas holds in Arrow as Python strings, missing ones as None: five
    times faster than through NumPy objects and a test per value."""
    import pyarrow as pa

    return pa.array(series.array).to_pylist()


def _arrow_table(wkb: np.ndarray, columns: list, fields: list[str]):
    """The columns (:func:`_arrow_column`) and the WKB geometries as an Arrow table."""
    import pyarrow as pa

    columns = [*columns, pa.array(wkb.tolist(), type=pa.binary())]
    schema = pa.schema([*(pa.field(f, c.type) for f, c in zip(fields, columns)),
                        pa.field("geometry", pa.binary(), metadata={b"ARROW:extension:name": b"geoarrow.wkb"})])
    return pa.Table.from_arrays(columns, schema=schema)


def _gpkg_array(col: str, series: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    if col in DATE_COLUMNS:
        return pd.to_datetime(series, errors="coerce").to_numpy().astype("datetime64[D]"), None
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.fillna(False).to_numpy(bool), series.isna().to_numpy()
    if col in _INT_COLUMNS or pd.api.types.is_integer_dtype(series.dtype):
        num = pd.to_numeric(series, errors="coerce")
        return num.fillna(0).to_numpy("int64"), num.isna().to_numpy()
    if pd.api.types.is_float_dtype(series.dtype):
        return series.to_numpy("float64", na_value=np.nan), None
    values = np.array([v if type(v) is str or v is None else _gpkg_text(v) for v in _objects(series)], dtype=object)
    return values, None


def _objects(series: pd.Series) -> list[Any]:
    """The column's values as Python objects (missing text as NaN, missing numbers as
    ``pd.NA``: what stepping through the column gives), twenty times faster than stepping
    through a column of Arrow-backed text."""
    return series.to_numpy(dtype=object).tolist()


def _gpkg_text(value: Any) -> str | None:
    if isinstance(value, (list, dict)):
        return _json_of(value, _TEXT_ENCODE, ", ")
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return str(value)


# -- helpers -----------------------------------------------------------------------------------

#: the columns an event record holds (the others are computed), fetched in one call
_EVENT_ATTRS = [c for c in EVENT_COLUMNS if c in Event.__dataclass_fields__]
_event_attrs = operator.attrgetter(*_EVENT_ATTRS)
#: where each of ``EVENT_COLUMNS`` is found in an event's attributes (None: computed)
_ATTR_INDEX = [_EVENT_ATTRS.index(c) if c in _EVENT_ATTRS else None for c in EVENT_COLUMNS]
_DATE_ATTRS = [_EVENT_ATTRS.index(c) for c in ("date_start", "date_end", "published")]


def _event_row(e: Event, meta_keys: Sequence[str]) -> tuple:
    """The event's values in the order of ``EVENT_COLUMNS``, then its manifest columns."""
    attrs = list(_event_attrs(e))
    for i in _DATE_ATTRS:
        attrs[i] = attrs[i].isoformat() if attrs[i] else None
    computed = {"time_ms": epoch_ms(e.date_start), "time_end_ms": epoch_ms(e.date_end)}
    meta = e.meta or {}
    return (*(attrs[i] if i is not None else computed[c] for c, i in zip(EVENT_COLUMNS, _ATTR_INDEX)),
            *(meta.get(k) for k in meta_keys))


#: an event's fields in record order: the positions of the wire's field lists
_RECORD_FIELDS = [f.name for f in dataclasses.fields(Event)]
#: ``EVENT_COLUMNS`` up to the two computed ones (``time_ms``, ``time_end_ms``) and after them,
#: fetched from a field list in one call each
_TIME_COLUMNS = EVENT_COLUMNS.index("time_ms")
_wire_head = operator.itemgetter(*(_RECORD_FIELDS.index(c) for c in EVENT_COLUMNS[:_TIME_COLUMNS]))
_wire_tail = operator.itemgetter(*(_RECORD_FIELDS.index(c) for c in EVENT_COLUMNS[_TIME_COLUMNS + 2:]))
_WIRE_START, _WIRE_END = _RECORD_FIELDS.index("date_start"), _RECORD_FIELDS.index("date_end")
_WIRE_META = _RECORD_FIELDS.index("meta")
if EVENT_COLUMNS[_TIME_COLUMNS + 1] != "time_end_ms" or any(
        c not in _RECORD_FIELDS for c in EVENT_COLUMNS if c not in ("time_ms", "time_end_ms")):
    raise RuntimeError("EVENT_COLUMNS: every column but time_ms, time_end_ms (in this order) is an Event field")


def _wire_event_row(row: Sequence[Any], meta_keys: Sequence[str]) -> tuple:
    """:func:`_event_row` of an event given as its field list (dates already ISO text)."""
    meta = row[_WIRE_META] or {}
    return (*_wire_head(row), _iso_epoch_ms(row[_WIRE_START]), _iso_epoch_ms(row[_WIRE_END]),
            *_wire_tail(row), *(meta.get(k) for k in meta_keys))


@lru_cache(maxsize=4096)
def _iso_epoch_ms(iso: str | None) -> int | None:
    # a corpus names a few thousand distinct days (None: an event that says nothing of when)
    return epoch_ms(date.fromisoformat(iso)) if iso is not None else None


def admin1_names(df: pd.DataFrame, use_polygons: bool = True) -> list[str | None]:
    """Governorate per event: the user's polygons first, else the gazetteer's admin-1 code
    turned into a name (the curated governorate table), else whatever the extractor gave."""

    found = (admin1_for_points(df["lon"].tolist(), df["lat"].tolist()) if use_polygons
             else [None] * len(df))
    out: list[str | None] = []
    for polygon, code, cc in zip(found, _objects(df["admin1"]), _objects(df["country_code"])):
        if polygon is not None:
            out.append(polygon)
        elif isinstance(code, str) and code:
            # a bare GeoNames code ("11") means nothing alone; "FR.11" can be looked up
            name = admin1_name(cc, code)
            bare = cc and "." not in code and len(code) <= 3
            out.append(name or (f"{cc}.{code}" if bare else code))
        else:
            out.append(None)
    return out


def _meta_name(key: str) -> str:
    # a manifest column must never overwrite a contract field of the same name
    return f"meta_{key}" if key in EVENT_COLUMNS or key == "geometry" else key


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    for col in df.columns:
        if col in _INT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        elif col in ("lat", "lon"):  # the same 6 decimals as the geometry
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64").round(6)
        elif col in _FLOAT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
        elif col == "published_estimated":
            df[col] = df[col].astype("boolean")
    return df


def _points(lons: pd.Series, lats: pd.Series) -> gpd.array.GeometryArray:
    lon = lons.to_numpy("float64", na_value=np.nan)
    lat = lats.to_numpy("float64", na_value=np.nan)
    ok = ~(np.isnan(lon) | np.isnan(lat))
    geoms = np.full(len(lon), None, dtype=object)
    geoms[ok] = shapely.points(lon[ok], lat[ok])
    return gpd.array.from_shapely(geoms, crs=4326)


#: events per GeoParquet part file
PARQUET_ROWS = 100_000


def write_parquet(events_gdf, folder: Path, rows: int = PARQUET_ROWS, *, first_part: int = 0) -> list[Path]:
    """The event table as GeoParquet parts ``part-00000.parquet``, ... of ``rows`` events each.

    ``first_part`` numbers the first part written, for a table written chunk by chunk: a run
    writes one part (or more) per chunk of events it reads back.

    Events are in ``date_start`` order, so each part covers a stretch of time and readers that
    filter on dates skip whole parts. Read it back with ``geopandas.read_parquet(folder)`` or
    ``dask_geopandas.read_parquet(folder)``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    frame = events_gdf.copy()
    # lists and dicts are JSON text, as in the GeoPackage: Parquet columns need one type
    for col in frame.columns:
        if frame[col].dtype == object and col != frame.geometry.name:
            frame[col] = frame[col].map(
                lambda v: _json_of(v, _TEXT_ENCODE, ", ") if isinstance(v, (list, dict)) else v)
    for n, first in enumerate(range(0, max(len(frame), 1), rows)):
        path = folder / f"part-{first_part + n:05d}.parquet"
        frame.iloc[first:first + rows].to_parquet(path, index=False, compression="zstd")
        written.append(path)
    return written
