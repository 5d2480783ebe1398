"""The map's data: GeoJSON features with time intervals and pre-escaped popups, from the frames.

The events drawn may be reports (one row per article sentence, ``geo.io.exports.events_frame``) or
incidents (the reports of one real-world event merged, ``geo.events.incidents.incidents_frame``): an
incident's popup gives its casualties as best estimate with the range the sources give, the
number of sources and reports, and the evidence sentence of each report shown.

Everything user-supplied (article text, names, actors, sources) is escaped here with
:func:`html.escape` before it reaches the page, so the JavaScript side only ever inserts
finished, safe HTML strings. Times are epoch milliseconds (UTC midnight of the ISO date) because
that is what leaflet.timeline compares.
"""

from __future__ import annotations

import functools
import html
import json
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone
from typing import Any, TypeAlias
from urllib.parse import urlsplit

import numpy as np
import shapely

from geo.geom import epoch_ms
from geo.maps.style import UNCERTAINTY_RADIUS_M, attack_diameter, attack_style, side_of
from geo.records import CLAIM, CONTROL_CHANGE, CONTROL_STATE

DAY_MS = 86_400_000

#: html.escape, remembered: the same place names, actors, labels and outlets are escaped tens of
#: thousands of times on a big map
escape = functools.lru_cache(maxsize=1 << 16)(html.escape)

Feature = dict[str, Any]


def missing(value: object) -> bool:
    """True for None, NaN, NaT, pandas NA and blank strings."""
    if value is None:
        return True
    kind = type(value)
    if kind is str:
        return not value.strip()  # type: ignore[attr-defined]
    if kind is int or kind is bool:  # the common cases first: called a million times at 20,000 events
        return False
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN, NaT and pd.NA are not equal to themselves
    except (TypeError, ValueError):
        return False


def date_ms(value: object) -> int | None:
    """Epoch milliseconds of an ISO date (or datetime/date) at 00:00 UTC; None when unknown."""
    if type(value) is str:  # the common case: a few thousand distinct days among 20,000 events
        return _text_date_ms(value)
    return _date_ms(value)


@functools.lru_cache(maxsize=1 << 16)
def _text_date_ms(value: str) -> int | None:
    return _date_ms(value)


def _date_ms(value: object) -> int | None:
    if missing(value):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    return epoch_ms(value)


@functools.lru_cache(maxsize=1 << 14)
@functools.lru_cache(maxsize=1 << 16)
def iso(ms: int) -> str:
    """The ISO date of epoch milliseconds (UTC); a place's dates are written four times each
    (remembered: a few thousand distinct days among tens of thousands of dates)."""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).date().isoformat()


def _text(value: object) -> str:
    if type(value) is str:  # the common case, without the general test
        return value if value.strip() else ""
    if missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _int_text(value: object) -> str:
    if missing(value):
        return ""
    try:
        return str(int(float(value)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def place_key(value: object) -> str:
    """A GeoNames id as the key that joins an event to its place ("" when missing): read back
    from a file it may be a float or text."""
    return _int_text(value)


def is_incident(row: dict[str, Any]) -> bool:
    """True for a row of ``geo.events.incidents.incidents_frame`` (one incident, many reports).

    ``incident_id`` alone does not tell: the pipeline also writes it into the events frame,
    one row per report, to say which incident each report belongs to.
    """
    return "incident_id" in row and "n_reports" in row


def json_list(value: object) -> list[Any]:
    """A list column as a list: given as a list, tuple or numpy array, or as its JSON text (as
    pyogrio reads a list column back from a GeoPackage/GeoJSON); anything else is empty."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return []
    return list(value) if isinstance(value, (list, tuple)) else []


def as_count(value: object) -> int | None:
    try:
        return None if missing(value) else int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def killed_of(row: dict[str, Any]) -> object:
    """The dead a marker is sized by: an incident's best estimate, else the report's figure."""
    return row.get("killed_best") if is_incident(row) else row.get("killed")


def popup_data(title: str, rows: Iterable[tuple[str, object]], *, evidence: object = None,
               source: object = None, note: str | None = None) -> list[Any]:
    """A popup as escaped pieces: ``[title, [[label, value], ...], evidence, source, note]``.

    Every piece of text goes through :func:`html.escape` here; the page's ``territoryPopup``
    only wraps the pieces in fixed tags. Pieces rather than finished HTML because inside the
    page's ``<script>`` every ``<`` of markup costs six bytes (``\\u003c``): at 20,000 events
    that was a third of the file.
    """
    table = []
    for label, value in rows:
        # a value is mostly text already (28,000 popups of ten rows on a big map): tested inline
        text = (value if value.strip() else "") if type(value) is str else _text(value)
        if text:
            table.append([escape(label), escape(text)])
    return [escape(title), table, "" if missing(evidence) else escape(str(evidence)),
            "" if missing(source) else escape(str(source)), escape(note) if note else ""]


def _round(geom: shapely.Geometry) -> shapely.Geometry:
    # 6 decimals (~0.1 m) as the contract asks; also keeps the page smaller
    return shapely.transform(geom, lambda xy: np.round(xy, 6))


def geometry_json(geom: shapely.Geometry) -> dict[str, Any]:
    """GeoJSON geometry with coordinates rounded to 6 decimals (lon, lat order)."""
    if geom.geom_type == "Point":  # the common case, without a JSON round trip
        return {"type": "Point", "coordinates": [round(float(geom.x), 6), round(float(geom.y), 6)]}
    return json.loads(shapely.to_geojson(_round(geom)))


def _source_line(row: dict[str, Any]) -> str:
    published = _text(row.get("published"))
    bits = [_text(row.get("source")), _text(row.get("outlet")), _text(row.get("title")),
            f"published {published[:10]}" if published else ""]
    return " · ".join(b for b in bits if b)


#: a window longer than this (days) says the text gave no day: the event is drawn as uncertain in time
WIDE_WINDOW_DAYS = 7


def wide_window(row: dict[str, Any]) -> bool:
    """True when the day is not known: time precision 3 (a month, a season, "recently") or a
    window of more than :data:`WIDE_WINDOW_DAYS` days."""
    first, last, precision = row.get("date_start"), row.get("date_end"), row.get("time_precision")
    if type(first) is str and type(last) is str and (precision is None or type(precision) in (int, float)):
        return _wide_text_window(first, last, precision)  # asked three times per event: remembered
    return _wide_window(first, last, precision)


@functools.lru_cache(maxsize=1 << 16)
def _wide_text_window(first: str, last: str, precision: int | None) -> bool:
    return _wide_window(first, last, precision)


def _wide_window(first: object, last: object, time_precision: object) -> bool:
    if missing(first) or missing(last):
        return False
    precision = as_count(time_precision)
    if precision is not None and precision >= 3:
        return True
    if str(first)[:10] == str(last)[:10]:  # the common case, without parsing dates
        return False
    start, end = date_ms(first), date_ms(last)
    return start is not None and end is not None and end - start > WIDE_WINDOW_DAYS * DAY_MS


def _when(row: dict[str, Any]) -> str:
    first, last, precision = row.get("date_start"), row.get("date_end"), row.get("time_precision")
    if type(first) is str and type(last) is str and (precision is None or type(precision) in (int, float)):
        return _text_when(first, last, precision)  # asked by the popup and by the list: remembered
    return _when_of(row)


@functools.lru_cache(maxsize=1 << 16)
def _text_when(first: str, last: str, precision: int | float | None) -> str:
    return _when_of({"date_start": first, "date_end": last, "time_precision": precision})


def _when_of(row: dict[str, Any]) -> str:
    start, end = _text(row.get("date_start"))[:10], _text(row.get("date_end"))[:10]
    if start and end and end != start:
        return f"between {start} and {end}" if wide_window(row) else f"{start} – {end}"
    return start or end or "undated"


def _place(row: dict[str, Any]) -> str:
    place, mention = _text(row.get("place")), _text(row.get("mention"))
    if mention and mention != place:
        return f"{place} (“{mention}”)" if place else mention
    return place


def _metric_label(metric: object) -> str:
    """``territory_lost_pct`` -> ``Territory lost``: the contract's metric names, for reading."""
    text = _text(metric)
    for suffix in ("_pct", "_km2", "_percent"):
        text = text.removesuffix(suffix)
    return text.replace("_", " ").capitalize()


_PRECISION_NOTE = {2: "Located near or in part of the place named.",
                   3: "Located only to a region or country."}


def event_rows(row: dict[str, Any]) -> list[tuple[str, object]]:
    """The popup table of one event."""
    rows: list[tuple[str, object]] = [
        ("Date", _when(row)),
        ("Type", event_type_text(row)),
        ("Place", _place(row)),
        ("Region", row.get("admin1")),
        *category_rows(row),
    ]
    if _text(row.get("category")) not in (CONTROL_CHANGE, CONTROL_STATE, CLAIM):
        rows += [("Killed", _toll(row, "killed")), ("Wounded", _toll(row, "wounded"))]
    if is_incident(row):
        rows += _incident_rows(row)
    return rows


def event_type_text(row: dict[str, Any]) -> str:
    """An event's type and sub-type ("Battles / Armed clash")."""
    return " / ".join(t for t in (_text(row.get("event_type")), _text(row.get("sub_event_type"))) if t)


def category_rows(row: dict[str, Any]) -> list[tuple[str, object]]:
    """The popup rows that depend on an event's category: who took a place from whom, who holds
    it, a claim's figure, an attack's sides (its toll follows them, :func:`event_rows`)."""
    category = _text(row.get("category"))
    if category == CONTROL_CHANGE:
        return [("Gained by", row.get("gained_by") or row.get("actor1")),
                ("Lost by", row.get("lost_by") or row.get("actor2"))]
    if category == CONTROL_STATE:
        return [("Held by", row.get("holder") or row.get("actor1"))]
    if category == CLAIM:
        value = " ".join(t for t in (_text(row.get("value")), _text(row.get("unit"))) if t)
        # the Place row names the area the claim is about; ``region`` is an internal shape key
        return [("Claim", f"{_metric_label(row.get('metric'))}: {value}".strip(": ")),
                ("Actor", row.get("actor1"))]
    return [("Perpetrator", row.get("actor1")), ("Target", row.get("actor2"))]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _toll(row: dict[str, Any], field: str) -> str:
    """A report's figure; for an incident the best estimate and, when the sources differ, their
    range: ``23 (20–30 across 5 sources)`` (UCDP GED's low/best/high)."""
    if not is_incident(row):
        return _int_text(row.get(field))
    best, low, high = (_int_text(row.get(f"{field}_{k}")) for k in ("best", "low", "high"))
    if not best or not low or not high or low == high:
        return best
    entries = parse_control(row.get("evidence"))
    if len(entries) < (as_count(row.get("n_reports")) or 0):
        # the evidence was cut for the map: how many sources gave a figure is not known here
        return f"{best} (sources give {low}–{high})"
    given = len({_text(e.get("source")) for e in entries if not missing(e.get(field))})
    return f"{best} ({low}–{high} across {_plural(given, 'source')})"


def _incident_rows(row: dict[str, Any]) -> list[tuple[str, object]]:
    n_sources, n_reports = as_count(row.get("n_sources")), as_count(row.get("n_reports"))
    rows: list[tuple[str, object]] = []
    if n_sources and n_reports and n_reports > 1:
        rows.append(("Sources", f"{n_sources} ({_plural(n_reports, 'report')})"))
    rows.append(("First reported", _text(row.get("first_reported"))[:10]))
    return rows


#: most report sentences one incident's popup quotes (the pipeline may already pass fewer)
EVIDENCE_LINES = 5


def _report_line(entry: dict[str, Any]) -> str:
    """The source line under one report's sentence: source, publication date, its figures."""
    figures = [f"{_int_text(entry.get(k))} {k}" for k in ("killed", "wounded") if not missing(entry.get(k))]
    return " · ".join(b for b in (_source_line(entry), ", ".join(figures)) if b)


def _incident_evidence(row: dict[str, Any]) -> tuple[list[list[str]], str]:
    """The escaped ``[sentence, source line]`` of the reports shown and the "… and K more" line."""
    entries = parse_control(row.get("evidence"))
    shown = entries[:EVIDENCE_LINES]
    n_reports = max(as_count(row.get("n_reports")) or 0, len(entries))
    more = n_reports - len(shown)
    quotes = [[escape(_text(e.get("evidence"))), escape(_report_line(e))] for e in shown]
    return quotes, escape(f"… and {_plural(more, 'more report')}") if more > 0 else ""


def _precision(row: dict[str, Any]) -> int:
    try:
        return int(row.get("geo_precision") or 1)
    except (TypeError, ValueError):
        return 1


def report_popup(row: dict[str, Any], title: str, rows: list[tuple[str, object]],
                 note: str | None = None) -> list[Any]:
    """The popup of a report (its sentence and source) or of an incident (a list of
    ``[sentence, source line]``, one per report shown, in place of the sentence, and the
    "… and K more reports" line in place of the source)."""
    if not is_incident(row):
        return popup_data(title, rows, evidence=row.get("evidence"), source=_source_line(row), note=note)
    popup = popup_data(title, rows, note=note)
    popup[2], popup[3] = _incident_evidence(row)
    return popup


_WINDOW_NOTE = ("The reports give no day: drawn faded, with a dashed ring, over the whole window "
                "rather than as certain on its first day.")


def event_note(row: dict[str, Any]) -> str | None:
    """What the popup says of how well an event is placed in space and in time."""
    notes = [n for n in (_PRECISION_NOTE.get(_precision(row)), _WINDOW_NOTE if wide_window(row) else None) if n]
    return " ".join(notes) or None


def event_popup(row: dict[str, Any]) -> list[Any]:
    title = _text(row.get("sub_event_type")) or _text(row.get("category")).replace("_", " ").capitalize()
    return report_popup(row, title or "Event", event_rows(row), event_note(row))


def event_tooltip(row: dict[str, Any]) -> str:
    """The hover text of an event (used where the popup pieces are not at hand)."""
    bits = [_text(row.get("date_start"))[:10], _text(row.get("sub_event_type")) or _text(row.get("category")),
            _text(row.get("place"))]
    killed = _int_text(killed_of(row))
    if killed:
        bits.append(f"{killed} killed")
    n_sources = as_count(row.get("n_sources")) if is_incident(row) else None
    if n_sources and n_sources > 1:
        bits.append(f"{n_sources} sources")
    return escape(" · ".join(b for b in bits if b))


def interval(row: dict[str, Any], persist_days: int) -> tuple[int, int] | None:
    """When an event shows on the map: from its first day to ``persist_days`` after its last."""
    start = date_ms(row.get("date_start"))
    if start is None:
        start = date_ms(row.get("published"))
    if start is None:  # an incident: the day its first report was published
        start = date_ms(row.get("first_reported"))
    if start is None:
        return None
    end = date_ms(row.get("date_end"))
    end = max(start, end if end is not None else start)
    return start, end + persist_days * DAY_MS


#: where a feature is: a geometry, or a point's ``[lon, lat]`` already rounded (the page takes the
#: coordinates of 20,000 events from the frame at once, not one shapely call at a time)
Where: TypeAlias = "shapely.Geometry | list[float]"


def _feature(geom: Where, props: dict[str, Any]) -> Feature:
    geometry = {"type": "Point", "coordinates": geom} if isinstance(geom, list) else geometry_json(geom)
    return {"type": "Feature", "geometry": geometry, "properties": props}


def point_coordinates(geoms: Sequence[shapely.Geometry]) -> list[list[float]]:
    """``[lon, lat]`` of each geometry (a point, else its representative point), rounded as
    :func:`geometry_json` rounds them."""
    if not len(geoms):
        return []
    return np.round(shapely.get_coordinates(_points(np.asarray(geoms, dtype=object))), 6).tolist()


def _points(array: np.ndarray) -> np.ndarray:
    """Each geometry as itself when a point, else its representative point (asked only of the others)."""
    others = shapely.get_type_id(array) != 0
    if not others.any():
        return array
    points = array.copy()
    points[others] = shapely.point_on_surface(array[others])
    return points


def finite_points(geoms: Sequence[object]) -> np.ndarray:
    """:func:`finite_point` of each, at once (20,000 events, one shapely call per event before)."""
    array = np.asarray(geoms, dtype=object)
    if not len(array):
        return np.zeros(0, dtype=bool)
    shaped = np.fromiter((isinstance(g, shapely.Geometry) for g in array), dtype=bool, count=len(array))
    ok = shaped.copy()
    ok[shaped] = ~shapely.is_empty(array[shaped])
    if not ok.any():
        return ok
    xy = shapely.get_coordinates(_points(array[ok]))  # one point per geometry
    ok[ok] = np.isfinite(xy).all(axis=1) & (np.abs(xy[:, 0]) <= 180) & (np.abs(xy[:, 1]) <= 90)
    return ok


def _timed(props: dict[str, Any], span: tuple[int, int] | None, row: dict[str, Any]) -> dict[str, Any]:
    if span is not None:
        props["start"], props["end"] = span
    n_sources = as_count(row.get("n_sources")) if is_incident(row) else None
    if n_sources and n_sources > 1:
        props["s"] = n_sources  # the hover text says how many sources report it
    if wide_window(row):
        props["u"] = 1  # drawn as uncertain in time
    return props


#: what :func:`attack_marker` reads of a report
ATTACK_MARKER_COLUMNS = ("sub_event_type", "killed")


def attack_marker(row: dict[str, Any]) -> dict[str, Any]:
    """How an attack's marker is drawn: colour and glyph by sub-type (``c``, ``i``), diameter by
    the dead (``d``)."""
    style = attack_style(row.get("sub_event_type"))
    return {"c": style.colour, "i": style.icon, "d": attack_diameter(killed_of(row))}


def attack_feature(row: dict[str, Any], geom: Where, span: tuple[int, int] | None,
                   popup: list[Any] | None = None) -> Feature:
    """An attack's marker; ``popup`` its :func:`event_popup` when already made (geo.maps.columns)."""
    return _feature(geom, _timed({**attack_marker(row), "q": popup or event_popup(row)}, span, row))


#: what :func:`control_marker` reads of a report
CONTROL_MARKER_COLUMNS = ("category", "holder", "gained_by", "actor1", "lost_by", "actor2")


def control_marker(row: dict[str, Any]) -> dict[str, Any]:
    """How a control change's marker is drawn: the gainer's colour and text colour (``c``,
    ``t``), the loser's (``b``), a flag or, for a report of who holds a place, an eye (``i``)."""
    state = _text(row.get("category")) == CONTROL_STATE
    gainer = side_of(row.get("holder") if state else (row.get("gained_by") or row.get("actor1")))
    loser = side_of(None if state else (row.get("lost_by") or row.get("actor2")))
    return {"c": gainer.colour, "b": loser.colour, "t": gainer.text_colour, "i": "eye" if state else "flag"}


def control_event_feature(row: dict[str, Any], geom: Where, span: tuple[int, int] | None,
                          popup: list[Any] | None = None) -> Feature:
    return _feature(geom, _timed({**control_marker(row), "q": popup or event_popup(row)}, span, row))


def claim_label(row: dict[str, Any]) -> str:
    """The words on a claim's label: what the figure says and the figure ("lost 40 %"), from the
    metric's middle word (``territory_lost_pct`` -> "lost")."""
    figure = " ".join(t for t in (_text(row.get("value")), _text(row.get("unit"))) if t)
    words = [w for w in _text(row.get("metric")).split("_") if w not in ("territory", "pct", "percent", "km2")]
    return " ".join([*words, figure]).strip()


def claim_feature(row: dict[str, Any], geom: Where, span: tuple[int, int] | None,
                  mapped: str | None) -> Feature:
    popup = report_popup(row, "Claim", [*event_rows(row), ("Mapped estimate", mapped)],
                         "Mapped areas are estimates from the places with a known holder." if mapped else None)
    return _feature(geom, _timed({"c": side_of(row.get("actor1")).colour, "l": escape(claim_label(row)),
                                  "q": popup}, span, row))


def uncertainty_feature(row: dict[str, Any], geom: Where, span: tuple[int, int] | None,
                        region: int | None) -> Feature | None:
    """The area an event may lie in: region ``region`` of the page's region table, else a circle.

    Regions are referred to by index because many events share one ("northern Syria", a
    country); the page holds each region's polygon once.
    """
    precision = _precision(row)
    if precision not in UNCERTAINTY_RADIUS_M:
        return None
    tip = escape(f"{_text(row.get('place')) or 'place'}: {_PRECISION_NOTE[precision].lower()}")
    props: dict[str, Any] = {"tip": tip, "p": precision}
    if region is not None:
        props["g"] = region
    else:
        props["r"] = UNCERTAINTY_RADIUS_M[precision]
    return _feature(geom, _timed(props, span, {}))


def parse_control(value: object) -> list[dict[str, Any]]:
    """A list-of-dicts column (``control``, ``mentions``, an incident's ``evidence``) as a list,
    also from JSON text."""
    return [v for v in json_list(value) if isinstance(v, dict)]


#: what a control entry's ``kind`` says happened
_KIND = {"change": "taken", "state": "reported holding"}


def evidence_index(events: Sequence[tuple[dict[str, Any], Any]],
                   wanted: set[str] | None = None) -> dict[str, tuple[object, str]]:
    """event_id -> (evidence sentence, source line), to say why a town changed colour.

    From reports, or from incidents: each report an incident quotes gives its own sentence; the
    reports it no longer quotes (the pipeline cuts an incident's evidence for the map) get the
    first quoted report's sentence, marked as from the same incident, so a town's history keeps
    a sentence for every change. ``wanted``: only these reports (those the places' histories
    name; most attacks are in none), else all.
    """
    index: dict[str, tuple[object, str]] = {}
    for row, _ in events:
        if not is_incident(row):
            event_id = row.get("event_id")
            if not missing(event_id) and (wanted is None or str(event_id) in wanted):
                index[str(event_id)] = (row.get("evidence"), _source_line(row))
            continue
        entries = [e for e in parse_control(row.get("evidence")) if not missing(e.get("event_id"))]
        if wanted is not None and wanted.isdisjoint([*map(str, json_list(row.get("event_ids"))),
                                                     *(str(e["event_id"]) for e in entries)]):
            continue
        for entry in entries:
            index[str(entry["event_id"])] = (entry.get("evidence"), _source_line(entry))
        if entries:
            same = (entries[0].get("evidence"), f"same incident: {_source_line(entries[0])}")
            for event_id in json_list(row.get("event_ids")):
                index.setdefault(str(event_id), same)
    return index


def place_control_features(row: dict[str, Any], geom: shapely.Geometry, end_ms: int,
                           label: bool = False,
                           evidence: dict[str, tuple[object, str]] | None = None) -> list[Feature]:
    """One feature per stretch of time a place had one holder: [report date, next report date).

    The popup quotes the report that set the holder (from ``evidence``, see
    :func:`evidence_index`) and lists the place's whole history, conflicting reports flagged.
    With ``label`` the place's name is shown beside the dot (property ``n``). The name is the one
    its articles use most (:func:`article_name`); the popup gives the gazetteer's and the others.
    """
    evidence = evidence or {}
    name, names = article_name(row), _name_rows(row)
    ordered = sorted(((date_ms(e.get("date")), e) for e in parse_control(row.get("control"))),
                     key=lambda pair: (pair[0] is None, pair[0] or 0, _text(pair[1].get("event_id"))))
    entries = [(ms, e) for ms, e in ordered if ms is not None]
    history = [(iso(ms), _history_line(e, evidence)) for ms, e in entries]
    features = []
    for k, (ms, entry) in enumerate(entries):
        nxt = entries[k + 1][0] if k + 1 < len(entries) else end_ms
        if nxt <= ms:  # two reports on the same day: the later one in the list wins the day
            continue
        holder = _text(entry.get("holder")) or "unknown"
        conflicting = entry.get("conflicting") is True
        quote, source = evidence.get(_text(entry.get("event_id")), (None, ""))
        valid = (f"{iso(ms)} until {iso(nxt)} (the next report)" if k + 1 < len(entries)
                 else f"since {iso(ms)} (the latest report)")
        rows = [("Held by", holder), ("Valid", valid), *names, ("Country", row.get("country_code")),
                *history_window(history, k)]
        note = "Reports of who held it conflict around this date." if conflicting else None
        props = {"start": ms, "end": nxt, "endExclusive": True, "c": side_of(entry.get("holder")).colour,
                 "q": popup_data(name or "Place", rows, evidence=quote, source=source, note=note)}
        if conflicting:
            props["x"] = 1  # drawn with a dashed red ring
        if label:
            props["n"] = escape(name)
        else:
            props["tip"] = escape(f"{name}: {holder} since {iso(ms)}")
        features.append(_feature(geom, props))
    return features


#: most history lines one popup of a place lists (around the stretch it belongs to)
HISTORY_LINES = 12


def history_window(history: list[tuple[str, str]], k: int, size: int = HISTORY_LINES) -> list[tuple[str, str]]:
    """At most ``size`` lines of a place's history around its entry ``k``, with a line saying how
    many earlier and later reports are left out (``places.geojson`` keeps them all).

    Every stretch of a place is one feature with its own popup: the whole history in each makes
    the map quadratic in the reports per town (a town of 2,000 reports in a 10,000-article
    archive: 2,000 popups of 2,000 lines, a 270 MB map.html).
    """
    if len(history) <= size:
        return history
    lo = max(0, min(k - size // 2, len(history) - size))
    rows = [("…", f"{lo} earlier report(s)")] if lo else []
    rows += history[lo:lo + size]
    later = len(history) - lo - size
    if later:
        rows.append(("…", f"{later} later report(s)"))
    return rows


def _history_line(entry: dict[str, Any], evidence: dict[str, tuple[object, str]]) -> str:
    holder = _text(entry.get("holder")) or "unknown"
    kind = _KIND.get(_text(entry.get("kind")), "")
    source = evidence.get(_text(entry.get("event_id")), (None, ""))[1].split(" · ")[0]
    text = f"{holder} ({kind})" if kind else holder
    if entry.get("conflicting") is True:
        text += " ⚠ conflicting"
    return f"{text} · {source}" if source else text


def spellings(row: dict[str, Any]) -> list[tuple[str, int]]:
    """The words the articles use for a place, most used first: ``[(text, count), ...]``.

    From ``mentions`` (each with the ``text`` of the article); ties keep the order of first use.
    A word in capitals ("KIRKUK", a dateline) counts as the name it is ("Kirkuk").
    """
    counts: dict[str, int] = {}
    for mention in parse_control(row.get("mentions")):
        text = " ".join(_text(mention.get("text")).split())
        if text.isupper() and len(text) > 3:  # not an acronym like "UAE"
            text = text.title()
        if text:
            counts[text] = counts.get(text, 0) + 1
    return sorted(counts.items(), key=lambda pair: -pair[1])


def _names(row: dict[str, Any]) -> tuple[str, list[str]]:
    """The label of a place (the articles' most used name, capitalised as a name is; else the
    gazetteer's) and its other names (the gazetteer's, then the articles' other spellings)."""
    mentions = row.get("mentions")
    # asked some six times per place while a map is built (label, popups, list): remembered by
    # the place's name and mentions (as read from a file, their JSON text)
    key = mentions if isinstance(mentions, str) else tuple(_text(m.get("text")) for m in parse_control(mentions))
    shown, others = _names_of(_text(row.get("name")), key)
    return shown, list(others)


@functools.lru_cache(maxsize=1 << 14)
def _names_of(gazetteer: str, mentions: str | tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """:func:`_names` of a place's name and its mentions' JSON text or texts."""
    given = mentions if isinstance(mentions, str) else [{"text": text} for text in mentions]
    shown, others = _names_from(gazetteer, [text for text, _count in spellings({"mentions": given})])
    return shown, tuple(others)


def _names_from(gazetteer: str, written: list[str]) -> tuple[str, list[str]]:
    shown = next((text for text in written if text[:1].isupper()), gazetteer)
    others: list[str] = []
    for name in [gazetteer, *written]:
        if name and name != shown and name not in others:
            others.append(name)
    return shown, others


def article_name(row: dict[str, Any]) -> str:
    """The name a place is labelled with: the one its articles use most ("Palmyra", not
    GeoNames' "Tadmur"), capitalised as a name is; else the gazetteer's name."""
    return _names(row)[0]


def other_names(row: dict[str, Any]) -> list[str]:
    """The gazetteer's name and the articles' other spellings: every name but the label's."""
    return _names(row)[1]


def _name_rows(row: dict[str, Any]) -> list[tuple[str, object]]:
    """The popup rows that say what else a place is called: the gazetteer's name, other spellings."""
    shown, others = _names(row)
    gazetteer = _text(row.get("name"))
    rows: list[tuple[str, object]] = []
    if gazetteer and gazetteer != shown:
        rows.append(("Gazetteer name", gazetteer))
    spelt = [n for n in others if n != gazetteer]
    if spelt:
        rows.append(("Also written", ", ".join(spelt)))
    return rows


def place_feature(row: dict[str, Any], geom: Where) -> Feature:
    mentions = parse_control(row.get("mentions"))  # same shape: a list of dicts, maybe as JSON
    sources = sorted({_text(m.get("source")) for m in mentions if isinstance(m, dict)} - {""})
    count = _mention_count(row, mentions)
    # more articles than named: more than 8, or mentions cut short for the map
    more = len(sources) > 8 or count > len(mentions)
    rows = [*_name_rows(row), ("GeoNames id", _int_text(row.get("geonameid"))), ("Country", row.get("country_code")),
            ("Feature", row.get("feature_code")), ("Mentions", str(count)),
            ("Articles", ", ".join(sources[:8]) + (" …" if more and sources else ""))]
    name = article_name(row)
    return _feature(geom, {"q": popup_data(name or "Place", rows), "tip": escape(name)})


def _mention_count(row: dict[str, Any], mentions: list[dict[str, Any]]) -> int:
    """``n_mentions`` when the frame has it: the pipeline may cut ``mentions`` short for the map."""
    n = as_count(row.get("n_mentions"))
    return n if n is not None else len(mentions)


#: contested ground: purple (no side's colour), drawn with a dashed edge
CONTESTED_COLOUR = "#984ea3"
#: fill opacity of an area of confidence 0 and the most a confidence of 1 adds
AREA_OPACITY, AREA_OPACITY_RANGE = 0.08, 0.42
#: how the areas are made, for popups and the legend (geo.control.estimate, method voronoi-country)
AREA_METHOD_NOTE = ("An estimate, not a surveyed front line: each country divided among the places "
                    "with a known holder (the nearest place's holder, no farther than {reach}), "
                    "contested within 5 km of another holder's ground or where reports disagree "
                    "within 14 days; stronger colour, more and fresher reports.")


def reach_text(method: object) -> str:
    """``voronoi-country-60km`` -> "60 km" (the reach the method string names)."""
    text = _text(method)
    tail = text.rsplit("-", 1)[-1]
    return f"{tail[:-2]} km" if tail.endswith("km") and tail[:-2].replace(".", "").isdigit() else "a set distance"


def area_opacity_value(confidence: object) -> float:
    """An area's confidence as a number in 0..1 (NaN when not given)."""
    try:
        value = float(confidence)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return min(max(value, 0.0), 1.0) if not math.isnan(value) else math.nan


def area_opacity(confidence: object) -> float:
    """The fill opacity of an area: fainter the fewer and older its reports (0.3 unknown)."""
    value = area_opacity_value(confidence)
    return 0.3 if math.isnan(value) else round(AREA_OPACITY + AREA_OPACITY_RANGE * value, 2)


def _area_rows(row: dict[str, Any], valid: str, area_text: str) -> list[tuple[str, object]]:
    places = [str(p) for p in json_list(row.get("places"))]
    shown = ", ".join(places[:8]) + (f" and {len(places) - 8} more" if len(places) > 8 else "")
    n_reports = as_count(row.get("n_reports"))
    latest = _text(row.get("last_report_date"))[:10]
    age = as_count(row.get("age_days"))
    reports = ""
    if n_reports is not None:
        reports = _plural(n_reports, "report")
        if latest:
            reports += f", nearest {latest}" + (f" ({age} days from the estimate)" if age is not None else "")
    confidence = row.get("confidence")
    contested = _text(row.get("status")) == "contested"
    n_places = _int_text(row.get("n_places"))
    return [("Contested between" if contested else "Held by", row.get("holders") if contested else row.get("holder")),
            ("Valid", valid), ("Area (estimate)", area_text),
            ("Places behind it", f"{n_places}: {shown}" if shown else n_places),
            ("Reports", reports),
            ("Confidence", "" if missing(confidence) else f"{area_opacity_value(confidence):.2f} (0–1)"),
            ("Method", row.get("method"))]


def control_area_features(rows: Sequence[dict[str, Any]], geoms: Sequence[shapely.Geometry],
                          end_ms: int) -> list[Feature]:
    """Control-area polygons, each shown from its date until the next date the frame has:
    held ground in its holder's colour, as opaque as its reports are many and fresh
    (``confidence``), contested ground purple with a dashed edge."""
    dates = sorted({ms for ms in (date_ms(r.get("date")) for r in rows) if ms is not None})
    following = {d: (dates[k + 1] if k + 1 < len(dates) else end_ms) for k, d in enumerate(dates)}
    features = []
    for row, geom in zip(rows, geoms):
        ms = date_ms(row.get("date"))
        if ms is None or geom is None or geom.is_empty or following[ms] <= ms:
            continue
        contested = _text(row.get("status")) == "contested"
        area = row.get("area_km2")
        area_text = f"{float(area):,.0f} km²" if area is not None and not missing(area) else ""
        valid = (f"{iso(ms)} until {iso(following[ms])} (the next estimate)" if following[ms] != end_ms
                 else f"since {iso(ms)} (the latest estimate)")
        title = "Contested ground" if contested else f"Estimated area of control: {_text(row.get('holder'))}"
        props: dict[str, Any] = {
            "start": ms, "end": following[ms], "endExclusive": True,
            "c": CONTESTED_COLOUR if contested else side_of(row.get("holder")).colour,
            "o": area_opacity(row.get("confidence")),
            "q": popup_data(title, _area_rows(row, valid, area_text),
                            note=AREA_METHOD_NOTE.format(reach=reach_text(row.get("method")))),
            "tip": escape(f"{'Contested' if contested else _text(row.get('holder'))} (estimate) {area_text}"),
        }
        if contested:
            props["x"] = 1
        features.append(_feature(geom, props))
    return features


def finite_point(geom: object) -> bool:
    """True for a non-empty geometry whose representative point has finite lon/lat in range."""
    if geom is None or not isinstance(geom, shapely.Geometry):
        return False
    shape: shapely.Geometry = geom  # what isinstance proved (shapely has no type information)
    if shape.is_empty:
        return False
    pt = shape if shape.geom_type == "Point" else shape.representative_point()
    x, y = pt.x, pt.y
    return math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90


# --- the feed beside the map ------------------------------------------------------------------

#: the feed's names of the categories (the category filter's choices)
CATEGORY_LABELS = {"attack": "Attacks", CONTROL_CHANGE: "Control changes",
                   CONTROL_STATE: "Reports of who holds a place", CLAIM: "Claims"}
#: what one item of the feed is, when it has no sub-event type
_CATEGORY_ITEM = {"attack": "Attack", CONTROL_CHANGE: "Control change", CONTROL_STATE: "Report of who holds",
                  CLAIM: "Claim"}
#: most outlets one feed item names (an incident told by fifty articles names five and a count)
FEED_OUTLETS = 5

_ACTOR_KEYS = ("actor1", "actor2", "gained_by", "lost_by", "holder")


def safe_url(value: object) -> str:
    """An article's URL fit for an ``href``, escaped; "" for anything but an absolute http(s) URL
    (a ``javascript:`` or ``data:`` URL in a manifest must never become a link)."""
    # an article's URL comes back for each of its events: checked once
    return _safe_url(value) if type(value) is str else _safe_url(_text(value))


@functools.lru_cache(maxsize=1 << 16)
def _safe_url(value: str) -> str:
    text = _text(value).strip()
    if not text or any(c.isspace() or ord(c) < 32 for c in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return escape(text, quote=True)


def _outlet_name(meta: dict[str, Any], source: str) -> str:
    return _text(meta.get("outlet")) or _text(meta.get("title")) or source


def event_outlets(row: dict[str, Any], articles: dict[str, dict[str, Any]] | None = None
                  ) -> tuple[list[str], list[str], int]:
    """The outlets of an event's articles (escaped), their URLs (escaped, "" when none or unsafe)
    and how many more articles there are than named.

    A report carries its manifest columns (``outlet``, ``url``) itself; an incident names its
    articles in ``sources``, looked up in ``articles`` (article id -> manifest columns).
    """
    articles = articles or {}
    if not is_incident(row):
        return _report_outlet(row, articles.get(_text(row.get("source"))) or {})
    sources = [_text(s) for s in json_list(row.get("sources"))] or \
        [_text(e.get("source")) for e in parse_control(row.get("evidence"))]
    metas = [(s, articles.get(s, {})) for s in sources if s]
    seen: dict[str, str] = {}
    for source, meta in metas:
        name = _outlet_name(meta, source)
        if name and (name not in seen or not seen[name]):
            seen[name] = safe_url(meta.get("url"))
    names = list(seen)
    shown = names[:FEED_OUTLETS]
    return [escape(n) for n in shown], [seen[n] for n in shown], len(names) - len(shown)


def _report_outlet(row: dict[str, Any], meta: dict[str, Any]) -> tuple[list[str], list[str], int]:
    """:func:`event_outlets` of a report: its own ``outlet``/``title``/``url`` before its
    article's manifest columns ``meta`` (one per event of 20,000: without merging dicts)."""
    def first(key: str) -> object:
        value = row.get(key)
        return meta.get(key) if missing(value) else value

    name = _text(first("outlet")) or _text(first("title")) or _text(row.get("source"))
    return ([escape(name)], [safe_url(first("url"))], 0) if name else ([], [], 0)


def feed_props(row: dict[str, Any], articles: dict[str, dict[str, Any]] | None = None,
               place_names: dict[str, str] | None = None) -> dict[str, Any]:
    """What the feed lists of an event and what its filters read, all escaped: category (``k``),
    what happened (``w``), the place as the article names it (``pl``), the date (``dt``), dead and
    wounded (``kd``, ``wd``), actors (``a``), outlets (``o``) with their URLs (``ou``) and the
    number of articles not named (``om``). The place is the report's own word (``mention``), else
    the name the articles use most for it (``place_names``: geonameid -> :func:`article_name`, an
    incident has no single word), else the gazetteer's."""
    category = _text(row.get("category"))
    outlets, urls, more = event_outlets(row, articles)
    props: dict[str, Any] = {"k": escape(category), "w": feed_what(row),
                             "pl": escape(_text(row.get("mention"))
                                          or (place_names or {}).get(place_key(row.get("geonameid")), "")
                                          or _text(row.get("place"))),
                             "dt": escape(_when(row)), "a": feed_actors(row), "o": outlets, "ou": urls}
    killed, wounded = as_count(killed_of(row)), as_count(row.get("wounded_best" if is_incident(row) else "wounded"))
    return with_feed_counts(props, killed, wounded, more)


def with_feed_counts(props: dict[str, Any], killed: int | None, wounded: int | None,
                     more: Any) -> dict[str, Any]:
    """A feed entry with its dead, wounded and further outlets, each only when known (the page
    tells an unknown toll from a toll of none by the key's absence)."""
    if killed is not None:
        props["kd"] = killed
    if wounded is not None:
        props["wd"] = wounded
    if more:
        props["om"] = more
    return props


def feed_what(row: dict[str, Any]) -> str:
    """What happened, as the feed says it (escaped): the attack type, who took a place from whom,
    who holds it, a claim's figure."""
    category = _text(row.get("category"))
    if category == CLAIM:
        what = f"Claim: {claim_label(row)}"
    else:
        what = _text(row.get("sub_event_type")) or _CATEGORY_ITEM.get(category, category.replace("_", " "))
    if category == CONTROL_CHANGE:
        gained, lost = _text(row.get("gained_by") or row.get("actor1")), _text(row.get("lost_by") or row.get("actor2"))
        what += f" ({gained} from {lost})" if gained and lost else f" ({gained})" if gained else ""
    elif category == CONTROL_STATE and _text(row.get("holder") or row.get("actor1")):
        what += f" (held by {_text(row.get('holder') or row.get('actor1'))})"
    return escape(what)


def feed_actors(row: dict[str, Any]) -> list[str]:
    """Every actor an event names, escaped, each once (what the actor filter reads)."""
    actors: list[str] = []
    for key in _ACTOR_KEYS:
        actor = _text(row.get(key))
        if actor and escape(actor) not in actors:
            actors.append(escape(actor))
    return actors
