"""The layered, time-aware map of a corpus: ``map.html`` (folium / Leaflet).

What it shows, each an entry of the layer control:

- base layers: OpenStreetMap tiles, or an offline outline-only base drawn from the shipped
  Natural Earth country outlines (so the map reads without a network);
- **Control of places** — each town's holder over time (the Wikipedia war-map convention:
  government red, rebels green, ISIS black, Kurdish/SDF yellow, Turkish-backed light green);
- **Control areas (estimate)** — the estimated areas of control by holder for each date;
- **Control changes** — who took a place from whom (flag in the gainer's colour);
- **Attacks** — colour and icon by ACLED sub-event type, size by the dead;
- **Claims** — stated figures ("lost 40% of its territory") with the mapped estimate beside them;
- **Location uncertainty** — the region polygon, or a circle, for events located only near a
  place (precision 2) or to a region (3);
- places mentioned, governorates/districts the user added (when present), events without a date.

The events may be reports (one per article sentence) or incidents (``geo.events.incidents.incidents_frame``:
the reports of one real-world event merged), which is what the map is meant to show: one attack
told by five wires is one marker, sized by the best estimate of its dead, whose popup gives the
range the sources report and each report's sentence and source.

One time slider (leaflet.timeline) drives every dated layer. Every popup gives date, actors,
casualties, the evidence sentence and its source, HTML-escaped. Output is deterministic: folium's
random element ids are replaced by sequential ones, so the same frames give the same bytes.

Beside the map, the feed (:mod:`geo.maps.feed`, ``territoryFeed`` in :mod:`geo.maps.js`) lists
the events of the slider's date, newest first, with filters by category, actor and outlet that
act on map and list; a click flies to the marker; the page's address keeps date and filters.
Below zoom 10 the events of one screen cell are drawn as one count. The point layers are written
packed (:mod:`geo.maps.pack`: columns over one string table, in JSON blocks), which keeps a page
of 20,000 events near 7 MB instead of 20.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import re
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.map import FitBounds
from folium.template import Template

from geo.errors import BoundaryError, OutputError
from geo.gazetteer.boundaries import admin, countries
from geo.gazetteer.regions import region_geometry
from geo.io.exports import is_arrow_text, text_values
from geo.maps import js
from geo.maps.ascii import ascii_html
from geo.maps.assets import SHIPPED, cdn_url, inline_assets
from geo.maps.base import TIER_ZOOM, label_features
from geo.maps.columns import (
    Columns,
    event_popups,
    feed_entries,
    incident_feed_entries,
    incident_popups,
    per_distinct,
    pick,
    reports_frame,
)
from geo.maps.feed import feed_html
from geo.maps.layers import (
    ATTACK_MARKER_COLUMNS,
    CONTROL_MARKER_COLUMNS,
    DAY_MS,
    Feature,
    article_name,
    attack_feature,
    attack_marker,
    claim_feature,
    control_area_features,
    control_event_feature,
    control_marker,
    date_ms,
    evidence_index,
    finite_points,
    geometry_json,
    interval,
    parse_control,
    place_control_features,
    place_feature,
    place_key,
    point_coordinates,
    uncertainty_feature,
    wide_window,
)
from geo.maps.legend import area_index, header_html, legend_html, mapped_estimate
from geo.maps.pack import StringTable, pack_points, packable
from geo.maps.timeline import Timeline, TimelineSlider
from geo.records import ATTACK, CLAIM, CONTROL_CHANGE, CONTROL_STATE
from geo.settings import new_file_mode

__all__ = ["CDN", "ICON_LIMIT", "OUTLINE_BASE", "PERSIST_DAYS", "make_map"]

#: how long (days) an attack, control change or claim stays on the map after its last day
PERSIST_DAYS = 30
#: above this many attacks, control changes and claims, draw them as canvas dots, not icons
ICON_LIMIT = 3000

#: ``make_map(..., assets=CDN)``: link the JavaScript and CSS from public CDNs, do not inline them
CDN = "cdn"
#: the default base layer's name in the layer control
OUTLINE_BASE = "Outline and towns (offline)"
_BASE_PANE = "territoryBase"
_LABEL_PANE = "territoryLabels"
#: above this many places with a known holder their names are not written on the map
_MAX_LABELS = 300
#: above this many distinct dates the slider shows no tick marks
_MAX_TICKS = 400


def make_map(events_gdf: gpd.GeoDataFrame | None, places_gdf: gpd.GeoDataFrame | None,
             control_gdf: gpd.GeoDataFrame | None, path: str | os.PathLike[str], *,
             title: str = "territory", persist_days: int = PERSIST_DAYS,
             icon_limit: int = ICON_LIMIT, assets: str | os.PathLike[str] | None = None,
             articles: Mapping[str, Mapping[str, Any]] | None = None) -> Path:
    """Write the layered, time-aware map of events, places and control areas to ``path``.

    Parameters
    ----------
    events_gdf
        Either incidents (``geo.events.incidents.incidents_frame``, told apart by its ``incident_id`` and
        ``n_reports`` columns): one marker each, sized by ``killed_best``, the popup listing
        the reports of ``evidence`` (a list of ``{source, event_id, published, evidence,
        killed, wounded}``, which may be cut short: ``n_reports`` says how many there are);
        ``evidence``, ``sources`` and ``event_ids`` may be lists or their JSON text.
        Or reports (EPSG:4326 points) with the columns of the output contract (``category``,
        ``sub_event_type``, ``date_start``, ``date_end``, actors, ``killed``, ``evidence``, ...).
    places_gdf
        Distinct places (points) with ``name``, ``mentions`` and ``control`` (a list of
        ``{date, holder, event_id}``, or its JSON text); ``n_mentions``, when present, is the
        number of mentions (``mentions`` may then be cut short).
    control_gdf
        Estimated areas of control: (Multi)Polygons with ``date``, ``holder``, ``area_km2``,
        ``method``, ``n_places``.
    path
        The HTML file to write (its folder is created; replaced atomically).
    title
        Shown at the top of the map and as the page title (escaped).
    persist_days
        How long an attack, control change or claim stays visible after its last day.
    icon_limit
        Above this many attacks, control changes and claims they are drawn as canvas dots (same
        colours and sizes) instead of icons, which keeps the slider responsive.
    assets
        Where the page's JavaScript, CSS and fonts come from. Default: the copies shipped in
        ``geo/maps/vendor`` are written into the page (about 0.6 MB), which then opens without a
        network. ``"cdn"`` (:data:`CDN`): links to the public CDNs folium uses instead (a smaller
        file that needs a network). A folder: a ``node_modules`` with the same npm packages,
        inlined. The ``TERRITORY_MAP_ASSETS`` environment variable sets the default.
    articles
        Article id (the ``source`` of a report) -> its manifest columns (``outlet``, ``url``,
        ``title``): the feed beside the map names each event's outlets and links their URLs. A
        report's own ``outlet``/``url`` columns serve too; incidents name their articles only.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    # The map is built of some two million small lists, dicts and strings that never form
    # cycles: the cyclic collector's passes over them were a sixth of the build (scripts/bench_map.py)
    with _no_cycle_collection():
        return _make_map(events_gdf, places_gdf, control_gdf, Path(path), title=title, persist_days=persist_days,
                         icon_limit=icon_limit, assets=assets, articles=articles)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector off for the block (reference counting still frees everything
    that is dropped), and back to how it was after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _make_map(events_gdf: gpd.GeoDataFrame | None, places_gdf: gpd.GeoDataFrame | None,
              control_gdf: gpd.GeoDataFrame | None, path: Path, *, title: str, persist_days: int,
              icon_limit: int, assets: str | os.PathLike[str] | None,
              articles: Mapping[str, Mapping[str, Any]] | None) -> Path:
    events, event_columns = _event_records(events_gdf)
    places = _records(places_gdf)
    areas = _records(control_gdf)
    # an event's time span, worked out once per distinct set of its dates
    spans = per_distinct(lambda row: interval(row, persist_days), event_columns, _SPAN_COLUMNS, len(events))
    known = {str(k): dict(v) for k, v in (articles or {}).items()}
    # an incident has no word of its own for its place: the one its articles use most
    names = {place_key(row.get("geonameid")): article_name(row) for row, _ in places
             if parse_control(row.get("mentions"))}
    # a frame of reports: each piece worked out once per distinct value (geo.maps.columns)
    columnwise = reports_frame(event_columns)
    feeds = (feed_entries if columnwise else incident_feed_entries)(event_columns, len(events), known, names)
    popups = (event_popups if columnwise else incident_popups)(event_columns, len(events))
    end_ms = _end_ms(spans, places, areas, persist_days)

    fmap = _base_map(events, places, areas)
    payloads = _Payloads()
    timelines: list[tuple[Timeline, list[Feature]]] = []
    counts: dict[str, int] = {}

    def timeline(name: str, layer_data: list[Feature] | tuple[list[Feature], Columns], show: bool = True,
                 **options: Any) -> None:
        # a layer's features, or its features and more of their properties as columns (the list's)
        features, extra = layer_data if isinstance(layer_data, tuple) else (layer_data, None)
        counts[name] = len(features)
        if not features:
            return
        layer = Timeline(payloads.ref({"type": "FeatureCollection", "features": features}, extra=extra),
                         on_each_feature=js.ON_EACH, **options)
        layer.layer_name = name
        layer.show = show
        layer.add_to(fmap)
        timelines.append((layer, features))

    _outline_base(fmap, events, places, areas)
    _admin_overlays(fmap, events, places, areas)

    timeline("Control areas (estimate)", _area_features(areas, end_ms), style=js.AREA_STYLE)
    regions: list[dict[str, Any]] = []
    timeline("Location uncertainty", _uncertainty_features(events, spans, regions, feeds),
             point_to_layer=js.UNCERTAINTY_MARKER, style=js.UNCERTAINTY_STYLE, dedupe=True)
    named = {str(e.get("event_id")) for row, _ in places for e in parse_control(row.get("control"))}
    timeline("Control of places", _place_control_features(places, end_ms, evidence_index(events, named)),
             dots=js.PLACE_DOT)
    if columnwise:
        attacks = _marker_layer(events, spans, feeds, popups, {ATTACK}, event_columns,
                                attack_marker, ATTACK_MARKER_COLUMNS)
        changes = _marker_layer(events, spans, feeds, popups, {CONTROL_CHANGE, CONTROL_STATE}, event_columns,
                                control_marker, CONTROL_MARKER_COLUMNS)
    else:
        attacks = _event_features(events, spans, feeds, popups, {ATTACK}, attack_feature)
        changes = _event_features(events, spans, feeds, popups, {CONTROL_CHANGE, CONTROL_STATE},
                                  control_event_feature)
    # Icons are DOM nodes: past a few thousand, each slider move rebuilds hundreds of them (about
    # a second at 20,000 events, scripts/bench_map.py); canvas dots keep colour and size.
    claims = _claim_features(events, spans, feeds, areas)
    dots = len(attacks[0]) + len(changes[0]) + len(claims[0]) > icon_limit
    # cluster: counted per place at low zoom with the other event layers (js.FEED_SCRIPT)
    timeline("Attacks", attacks, point_to_layer=js.ATTACK_DOT if dots else js.ATTACK_MARKER, cluster=True)
    timeline("Control changes", changes, point_to_layer=js.CONTROL_DOT if dots else js.CONTROL_MARKER,
             cluster=True)
    timeline("Claims", claims, point_to_layer=js.CLAIM_DOT if dots else js.CLAIM_MARKER, cluster=True)
    _static_overlays(fmap, events, spans, places, counts, payloads)

    slider = _add_slider(fmap, timelines, _opening_time(spans, end_ms), end_ms)
    _Feed(slider, [layer for layer, _ in timelines], persist_days).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    root = _figure(fmap)
    root.header.add_child(_Verbatim(js.FAILURE_SCRIPT), name="territory_failure")
    root.header.add_child(_Verbatim(js.CSS), name="territory_css")
    root.header.add_child(_Verbatim(js.POPUP_SCRIPT), name="territory_popup")
    regions_js = f"<script>var territoryRegions = {json.dumps(payloads.ref_raw(regions))};</script>"
    root.header.add_child(_Verbatim(regions_js), name="territory_regions")
    root.html.add_child(_Verbatim(js.FAILURE_HTML), name="territory_failure")
    # before the map's script: the string table and territoryUnpack that its layers call, the
    # slider's patched redraw, the feed
    strings_js = f"<script>var territoryStrings = {json.dumps(payloads.ref_strings())};</script>"
    root.html.add_child(_Verbatim(js.UNPACK_SCRIPT + strings_js + js.FEED_SCRIPT), name="territory_data")
    root.html.add_child(_Verbatim(feed_html(events, feeds)), name="territory_feed")
    root.html.add_child(_Verbatim(header_html(title, events, spans)), name="territory_header")
    root.html.add_child(_Verbatim(legend_html(events, places, areas, counts, persist_days, dots)),
                        name="territory_legend")
    root.html.add_child(_Verbatim(js.LEGEND_SCRIPT), name="territory_legend_control")
    return _write(fmap, path, title, payloads, _asset_source(assets))


def _asset_source(assets: str | os.PathLike[str] | None) -> Path | None:
    """Where the page's JavaScript and CSS are inlined from; None: linked from the CDNs."""
    if assets is None:
        assets = os.environ.get("TERRITORY_MAP_ASSETS") or SHIPPED
    if str(assets) == CDN:
        return None
    return Path(assets)


# --- inputs -----------------------------------------------------------------------------------

#: columns of the events' contract the map never reads (offsets into the text, the times again
#: as milliseconds, the coordinates again): not turned into 20,000 dicts' entries
_UNREAD_EVENT_COLUMNS = ("time_ms", "time_end_ms", "lat", "lon", "evidence_start", "evidence_end",
                         "mention_start", "mention_end", "casualty_breakdown", "inferred_role",
                         "published_estimated", "value_low", "value_high", "action")


#: what :func:`geo.maps.layers.interval` reads of an event
_SPAN_COLUMNS = ("date_start", "date_end", "published", "first_reported")


def _records(gdf: gpd.GeoDataFrame | None, skip: tuple[str, ...] = ()
             ) -> list[tuple[dict[str, Any], shapely.Geometry]]:
    """Rows as (properties, geometry) in WGS 84, dropping rows without a usable geometry (and
    the columns ``skip``)."""
    rows, _ = _table(gdf, skip)
    return rows


def _table(gdf: gpd.GeoDataFrame | None, skip: tuple[str, ...] = ()
           ) -> tuple[list[tuple[dict[str, Any], shapely.Geometry]], Columns]:
    """:func:`_records` and the same rows' cells column by column (name -> values)."""
    if gdf is None or len(gdf) == 0:
        return [], {}
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise OutputError(f"map.html: expected a GeoDataFrame, got {type(gdf).__name__}")
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    table = gdf.drop(columns=[gdf.geometry.name, *(c for c in skip if c in gdf.columns)])
    # column by column: DataFrame.to_dict("records") boxes every cell of an Arrow string column
    # one at a time (3 s at 20,000 events); tolist() converts a column at once, to the same values
    names = [str(c) for c in table.columns]
    cells = [_column_values(table[c]) for c in table.columns]
    keep = finite_points(gdf.geometry.values)
    # the shapes as a numpy array of objects: iterating the GeometryArray itself checks the type
    # of each element (20,000 isinstance calls through abc)
    shapes = np.asarray(gdf.geometry.values, dtype=object)
    if not keep.all():
        cells = [[v for v, k in zip(values, keep.tolist()) if k] for values in cells]
        shapes = shapes[keep]
    geoms = shapes.tolist()
    # each row's dict made by map() over the columns zipped: no Python frame per row (20,000 rows)
    props = list(map(dict, map(zip, itertools.repeat(names), zip(*cells)))) if cells else [{} for _ in geoms]
    return list(zip(props, geoms)), dict(zip(names, cells))


def _event_records(gdf: gpd.GeoDataFrame | None
                   ) -> tuple[list[tuple[dict[str, Any], list[float]]], Columns]:
    """The events as (properties, ``[lon, lat]``) and their columns: every event is drawn at a
    point, and the coordinates of all of them are taken at once
    (:func:`geo.maps.layers.point_coordinates`)."""
    rows, columns = _table(gdf, skip=_UNREAD_EVENT_COLUMNS)
    return list(zip([row for row, _ in rows], point_coordinates([geom for _, geom in rows]))), columns


def _column_values(column: pd.Series) -> list[Any]:
    """A column's cells as Python values, every missing one (NaN, NaT, ``pd.NA``) as None: a
    frame read back from a file has NaN where the pipeline's own has None, and the map reads
    both alike (``row.get("gained_by") or row.get("actor1")``); a None is also the cheapest
    value to test, some twenty times per event."""
    if is_arrow_text(column.dtype):
        return text_values(column)
    if not column.hasnans:
        return column.tolist()
    return column.astype(object).where(column.notna(), None).tolist()


def _end_ms(spans: list[tuple[int, int] | None], places: list, areas: list, persist_days: int) -> int:
    """The end of the time axis: the last event's window, or a window after the last report."""
    ends = [s[1] for s in spans if s is not None]
    for row, _ in places:
        dates = (date_ms(e.get("date")) for e in parse_control(row.get("control")))
        ends += [ms + persist_days * DAY_MS for ms in dates if ms is not None]
    ends += [ms + persist_days * DAY_MS for ms in (date_ms(r.get("date")) for r, _ in areas) if ms is not None]
    return max(ends) if ends else 0


# --- layers -----------------------------------------------------------------------------------

def _event_features(events: list, spans: list, feeds: Columns, popups: list, categories: set[str],
                    build: Callable[..., Feature]) -> tuple[list[Feature], Columns]:
    """The layer's features and, as columns beside them, what the list shows and the filters
    read of each (:func:`geo.maps.layers.feed_props`)."""
    rows = [i for i, ((row, _), span) in enumerate(zip(events, spans))
            if span is not None and str(row.get("category")) in categories]
    return [build(events[i][0], events[i][1], spans[i], popups[i]) for i in rows], pick(feeds, rows)


def _marker_layer(events: list, spans: list, feeds: Columns, popups: list, categories: set[str],
                  columns: Columns, marker: Callable[[dict[str, Any]], dict[str, Any]],
                  marker_columns: tuple[str, ...]) -> tuple[list[Feature], Columns]:
    """:func:`_event_features` of a frame of reports, column by column: each feature holds its
    point and time span, and its marker's look (``marker``, e.g. :func:`geo.maps.layers.attack_marker`,
    asked once per distinct value of ``marker_columns``), its popup, whether its day is unknown and
    its list entry come beside as columns: the same properties as the per-event features."""
    n = len(events)
    rows = [i for i, ((row, _), span) in enumerate(zip(events, spans))
            if span is not None and str(row.get("category")) in categories]
    looks = per_distinct(marker, columns, marker_columns, n)
    wide = per_distinct(lambda row: 1 if wide_window(row) else None, columns, _WIDE_COLUMNS, n)
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": events[i][1]},
                 "properties": {"start": spans[i][0], "end": spans[i][1]}} for i in rows]
    picked = [looks[i] for i in rows]
    extra = {key: [look[key] for look in picked] for key in (picked[0] if picked else ())}
    extra.update({"q": [popups[i] for i in rows], "u": [wide[i] for i in rows], **pick(feeds, rows)})
    return features, extra


#: what :func:`geo.maps.layers.wide_window` reads of an event
_WIDE_COLUMNS = ("date_start", "date_end", "time_precision")


def _claim_features(events: list, spans: list, feeds: Columns, areas: list) -> tuple[list[Feature], Columns]:
    index = area_index(areas)  # once for every claim: the areas by side and date
    rows = [i for i, ((row, _), span) in enumerate(zip(events, spans))
            if span is not None and row.get("category") == CLAIM]
    return ([claim_feature(events[i][0], events[i][1], spans[i], mapped_estimate(events[i][0], index))
             for i in rows], pick(feeds, rows))


def _uncertainty_features(events: list, spans: list, regions: list[dict[str, Any]],
                          feeds: Columns) -> tuple[list[Feature], Columns]:
    """Uncertainty shapes; each distinct region polygon is appended to ``regions`` once."""
    region_geometry = _region_lookup()
    index: dict[str, int | None] = {}
    features, rows = [], []
    for i, ((row, where), span) in enumerate(zip(events, spans)):
        if span is None:
            continue
        key = row.get("region")
        if region_geometry and isinstance(key, str) and key not in index:
            shape = region_geometry(key)
            index[key] = None
            if shape is not None:
                # ~1 km tolerance: the shape says "somewhere in here", not a boundary to survey
                regions.append(geometry_json(shapely.simplify(shape, 0.01, preserve_topology=True)))
                index[key] = len(regions) - 1
        feature = uncertainty_feature(row, where, span, index.get(key) if isinstance(key, str) else None)
        if feature is not None:
            features.append(feature)
            rows.append(i)
    # the filters' keys only: the shape follows its event in and out of a filter
    return features, pick({k: feeds[k] for k in ("k", "a", "o")}, rows)


def _region_lookup() -> Callable[[str], shapely.Geometry | None] | None:
    """The shape of a region key (``geo.gazetteer.regions``); a key with no shape gives None (a circle)."""
    def lookup(key: str) -> shapely.Geometry | None:
        geom = region_geometry(key)
        return geom if isinstance(geom, shapely.Geometry) and not geom.is_empty else None

    return lookup


def _place_control_features(places: list, end_ms: int, evidence: dict[str, tuple[object, str]]) -> list[Feature]:
    held = [(row, geom) for row, geom in places if parse_control(row.get("control"))]
    # permanent labels are DOM nodes: name the towns of a corpus, not the thousands of a big one
    label = _held_labelled(places)
    return [f for row, geom in held for f in place_control_features(row, _point(geom), end_ms, label, evidence)]


def _area_features(areas: list, end_ms: int) -> list[Feature]:
    return control_area_features([r for r, _ in areas], [g for _, g in areas], end_ms)


def _point(geom: shapely.Geometry) -> shapely.Geometry:
    return geom if geom.geom_type == "Point" else geom.representative_point()


def _static_overlays(fmap: folium.Map, events: list, spans: list, places: list, counts: dict[str, int],
                     payloads: _Payloads) -> None:
    """Layers without time: every place mentioned, and events the text gave no date for."""
    mentioned = [place_feature(row, _point(geom)) for row, geom in places]
    counts["Places mentioned"] = len(mentioned)
    if mentioned:
        folium.GeoJson(payloads.ref({"type": "FeatureCollection", "features": mentioned}, later=True),
                       name="Places mentioned",
                       marker=None, show=False, point_to_layer=js.MENTION_MARKER,
                       on_each_feature=js.ON_EACH).add_to(fmap)
    undated = []
    for (row, where), span in zip(events, spans):
        if span is None:
            build = attack_feature if row.get("category") == ATTACK else control_event_feature
            undated.append(build(row, where, None))
    counts["Undated events"] = len(undated)
    if undated:
        folium.GeoJson(payloads.ref({"type": "FeatureCollection", "features": undated}, later=True),
                       name="Undated events",
                       show=False, point_to_layer=js.UNDATED_MARKER, on_each_feature=js.ON_EACH).add_to(fmap)


def _bounds(events: list, places: list, areas: list) -> tuple[float, float, float, float] | None:
    """Where the war is: the 5th-95th percentile box of the event (else place) locations.

    Percentiles rather than the full extent because a corpus about Iraq and Syria also mentions
    Washington, Paris and Moscow, and the full extent would open the map on half the world.
    Control areas are included whole (they are estimates around the mapped places).
    """
    points = [where for _, where in events] or point_coordinates([g for _, g in places])
    boxes = []
    if points:
        xy = np.array(points, dtype=float)
        lo, hi = np.percentile(xy, 5, axis=0), np.percentile(xy, 95, axis=0)
        boxes.append((lo[0], lo[1], hi[0], hi[1]))
    if areas:
        boxes.append(tuple(shapely.total_bounds([g for _, g in areas])))
    if not boxes:
        return None
    b = np.array(boxes, dtype=float)
    return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())


def _base_map(events: list, places: list, areas: list) -> folium.Map:
    # prefer_canvas: circle markers and polygons go to one <canvas> instead of thousands of SVG
    # nodes, which is what keeps 20,000 events responsive (see scripts/bench_map.py)
    # without data: the whole world (fit_bounds below frames the data when there is some)
    fmap = folium.Map(location=[20.0, 0.0], zoom_start=2, tiles=None, prefer_canvas=True)
    # only what the page uses, at the versions shipped in geo/maps/vendor (folium's defaults also
    # load Bootstrap, jQuery, awesome-markers and every Font Awesome face)
    fmap.default_js = [("leaflet", cdn_url("leaflet", "dist/leaflet.js"))]
    fmap.default_css = [("leaflet_css", cdn_url("leaflet", "dist/leaflet.css")),
                        ("fontawesome_css", cdn_url("@fortawesome/fontawesome-free", "css/fontawesome.min.css")),
                        ("fontawesome_solid_css", cdn_url("@fortawesome/fontawesome-free", "css/solid.min.css"))]
    bounds = _bounds(events, places, areas)
    if bounds is not None:
        minx, miny, maxx, maxy = bounds
        pad = 0.3  # degrees, so markers at the edge are not cut by the frame
        # room for the title (top), the layer control and the legend under it (right, about
        # 300 px wide) and the time slider (bottom)
        fit = FitBounds([[miny - pad, minx - pad], [maxy + pad, maxx + pad]],
                        padding_top_left=(20, 50), padding_bottom_right=(310, 110))
        # at once, not animated from the world view: an animated zoom drew every layer twice,
        # at the start and again when the zoom ended (~0.1 s of the first draw at 20,000 events)
        fit.options["animate"] = False
        fit.add_to(fmap)
    return fmap


def _view_box(events: list, places: list, areas: list, margin: float = 8.0) -> shapely.Geometry:
    """The data's box plus ``margin`` degrees; the world when there is no data."""
    bounds = _bounds(events, places, areas)
    if bounds is None:
        return shapely.box(-180, -90, 180, 90)
    return shapely.box(bounds[0] - margin, bounds[1] - margin, bounds[2] + margin, bounds[3] + margin)


def _outline_base(fmap: folium.Map, events: list, places: list, areas: list) -> None:
    """The default base, drawn from shipped data: country outlines around the data (clipped so
    the page stays small) and the names of the main towns of the view; OpenStreetMap's tiles are
    the other base, for a machine with a network."""
    world = countries()
    box = _view_box(events, places, areas)
    near = world[world.intersects(box)]
    # A pane of its own between the tiles (200) and the overlays (400): with the canvas renderer
    # every vector layer of a pane shares one canvas, and an opaque base drawn into the overlay
    # canvas would paint over the markers when the user switches to it.
    folium.map.CustomPane(_BASE_PANE, z_index=250, pointer_events=False).add_to(fmap)
    # names above the areas and dots (400), below the markers (600): they say where, never catch a click
    folium.map.CustomPane(_LABEL_PANE, z_index=450, pointer_events=False).add_to(fmap)
    base = folium.FeatureGroup(name=OUTLINE_BASE, overlay=False, show=True)
    if not near.empty:
        # ~1 km tolerance: an outline to read the map by, not a border survey; halves the bytes
        clipped = shapely.simplify(near.geometry.intersection(box).values, 0.01, preserve_topology=True)
        near = near.assign(geometry=shapely.set_precision(clipped, 1e-4))
        folium.GeoJson(near[["name", "geometry"]].to_json(drop_id=True), name="countries",
                       style_function=lambda _: {"color": "#6b6b6b", "weight": 1, "fillColor": "#f4f1ea",
                                                 "fillOpacity": 1, "pane": _BASE_PANE},
                       control=False).add_to(base)
    labels = label_features(places, _view_box(events, places, areas, margin=1.0),
                            held_labelled=_held_labelled(places))
    # the names of each zoom tier as a layer of its own; those above the opening tier are put on
    # the map when the reader first zooms in to them (_ZoomTiers): 136 labels of 150 are hidden
    # at a country's zoom, and making their markers was ~0.05 s of the first draw
    tiers = []
    for tier in range(len(TIER_ZOOM)):
        features = [f for f in labels if f["properties"]["k"] == tier]
        if features:
            layer = folium.GeoJson({"type": "FeatureCollection", "features": features}, name=f"towns {tier}",
                                   control=False, show=tier == 0, marker=None, point_to_layer=js.TOWN_LABEL)
            layer.add_to(base)
            tiers.append((TIER_ZOOM[tier], layer))
    base.add_to(fmap)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", show=False).add_to(fmap)
    _ZoomTiers(base, [(zoom, layer) for zoom, layer in tiers if zoom > 0]).add_to(fmap)


def _held_labelled(places: list) -> bool:
    """True when the places with a holder get their name beside their dot (not past _MAX_LABELS)."""
    return sum(1 for row, _ in places if parse_control(row.get("control"))) <= _MAX_LABELS


class _Verbatim(Element):
    """HTML put on the page as it is. branca's ``Element(text)`` compiles its text as a Jinja
    template, so an outlet, actor or title that read ``{{ ... }}`` would run as template code
    when the page is rendered; this element's text is never parsed. Jinja drops one trailing
    newline of a template, and so does this (the same page as before, byte for byte)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._html = html[:-1] if html.endswith("\n") else html

    def render(self, **kwargs) -> str:
        return self._html


class _ZoomTiers(MacroElement):
    """Sets ``tt-hide-N`` classes on the map for the zoom tiers of the town labels (CSS hides the
    tiers above the zoom), so a country view names a dozen towns and a close view many; a tier's
    labels are made when the zoom first reaches it (``later``: its layer, not yet on the base)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (map, base, later) {
                function tiers() {
                    var zoom = map.getZoom(), box = map.getContainer();
                    box.classList.toggle('tt-hide-1', zoom < {{ this.zooms[1] }});
                    box.classList.toggle('tt-hide-2', zoom < {{ this.zooms[2] }});
                    later = later.filter(function (tier) {
                        if (zoom < tier[0]) { return true; }
                        base.addLayer(tier[1]);
                        return false;
                    });
                }
                map.on('zoomend', tiers);
                tiers();
            })({{ this._parent.get_name() }}, {{ this.base.get_name() }},
               [{% for zoom, layer in this.later %}[{{ zoom }}, {{ layer.get_name() }}]
                {%- if not loop.last %}, {% endif %}{% endfor %}]);
        {% endmacro %}
    """)

    def __init__(self, base: folium.FeatureGroup, later: list[tuple[int, folium.GeoJson]]) -> None:
        super().__init__()
        self._name = "ZoomTiers"
        self.zooms = TIER_ZOOM
        self.base = base
        self.later = later


def _admin_overlays(fmap: folium.Map, events: list, places: list, areas: list) -> None:
    """Governorates and districts the user added with ``territory boundaries add`` (if any)."""
    box = _view_box(events, places, areas, margin=1.0)
    for level, name, weight in ((1, "Governorates / provinces", 1.2), (2, "Districts", 0.6)):
        try:
            frame = admin(level)
        except BoundaryError as exc:  # the user's own file: named on stderr, the map goes on
            warnings.warn(f"{exc}; the map is drawn without these boundaries", stacklevel=2)
            frame = None
        if frame is None or frame.empty:
            continue
        frame = frame[frame.intersects(box)]
        if frame.empty:
            continue
        # folium's tooltip inserts the value as HTML: the names come from a user's file, escape them
        frame = frame.assign(geometry=shapely.simplify(frame.geometry.values, 0.005),
                             name=frame["name"].map(lambda v: escape(str(v)) if v is not None else "")
                             ).sort_values(["name"])
        folium.GeoJson(frame[["name", "geometry"]].to_json(drop_id=True), name=name, show=level == 1,
                       style_function=lambda _, w=weight: {"color": "#7a5c8f", "weight": w, "fill": False,
                                                           "dashArray": "3 3"},
                       tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False)).add_to(fmap)


# --- output -----------------------------------------------------------------------------------

def _fix_ids(root: Element) -> None:
    """Replace folium's random element ids by sequential ones, in tree order (deterministic)."""
    counter = 0
    seen: set[int] = set()

    def visit(element: Element) -> None:
        nonlocal counter
        if id(element) in seen:
            return
        seen.add(id(element))
        counter += 1
        element._id = f"{counter:032x}"
        for extra in ("header", "html", "script"):
            child = getattr(element, extra, None) if isinstance(element, Figure) else None
            if isinstance(child, Element):
                visit(child)
        for child in list(element._children.values()):
            visit(child)

    visit(root)


def _add_slider(fmap: folium.Map, timelines: list[tuple[Timeline, list[Feature]]], opening: int | None,
                end_ms: int) -> TimelineSlider | None:
    """One slider for every dated layer, from the earliest start to ``end_ms``, set to ``opening``."""
    if not timelines:
        return None
    starts = {int(f["properties"]["start"]) for _, features in timelines for f in features}
    # tick marks are one <option> per distinct date: helpful on a corpus, a wall at scale
    slider = TimelineSlider(auto_play=False, date_options="YYYY-MM-DD", start=min(starts), end=end_ms,
                            show_ticks=len(starts) <= _MAX_TICKS, enable_keyboard_controls=True,
                            playback_duration=30000)
    slider.add_timelines(*(layer for layer, _ in timelines)).add_to(fmap)
    if opening is not None:
        _SliderAt(slider, opening).add_to(fmap)
    return slider


class _Feed(MacroElement):
    """Starts the feed beside the map (``territoryFeed`` in :mod:`geo.maps.js`) once the layers
    and the slider are built and the slider is at its opening date: the list, its filters, the
    clusters of the event layers and the date and filters kept in the URL."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            territoryFeed.start({{ this._parent.get_name() }}, {{ this.slider_name }},
                [{% for layer in this.layers %}{{ layer.get_name() }}{% if not loop.last %}, {% endif %}{% endfor %}],
                {persist: {{ this.persist_days }}});
        {% endmacro %}
    """)

    def __init__(self, slider: TimelineSlider | None, layers: list[Timeline], persist_days: int) -> None:
        super().__init__()
        self._name = "Feed"
        self.slider = slider
        self.layers = layers
        self.persist_days = int(persist_days)

    @property
    def slider_name(self) -> str:
        return self.slider.get_name() if self.slider is not None else "null"


def _opening_time(spans: list[tuple[int, int] | None], end_ms: int) -> int | None:
    """The map opens on the latest reported situation: the start of the last dated event."""
    starts = [s[0] for s in spans if s is not None]
    return min(max(starts), end_ms) if starts else None


class _SliderAt(MacroElement):
    """Moves the time slider to ``ms`` once the page has built it (leaflet.timeline opens at the
    start, where a corpus often shows one lonely marker)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this.slider.get_name() }}.setTime({{ this.ms }});
        {% endmacro %}
    """)

    def __init__(self, slider: TimelineSlider, ms: int) -> None:
        super().__init__()
        self._name = "SliderAt"
        self.slider = slider
        self.ms = int(ms)


class _Payloads:
    """The layers' GeoJSON, kept out of folium's templates and put into the page at the end.

    folium renders each element's script and then compiles that text again as a Jinja template
    (branca's MacroElement); with the data inline that costs seconds per 10 MB. The layers get
    a small placeholder object instead, which :meth:`fill` swaps for the data in the rendered page.
    """

    _PATTERN = re.compile(r'\{[^{}]*"__territory_payload__": (\d+)[^{}]*\}')

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.strings = StringTable()

    def ref(self, data: dict[str, Any], later: bool = False, extra: Columns | None = None) -> dict[str, Any]:
        """A layer's placeholder; a layer of points goes in packed (:mod:`geo.maps.pack`), unpacked
        by the page's ``territoryUnpack`` into the same GeoJSON. ``later``: a layer hidden when the
        page opens, unpacked when the reader first turns it on (``territoryLater``). ``extra``: more
        properties of the features as columns (points only)."""
        features = data.get("features", [])
        if not packable(features):
            if extra:
                raise ValueError("map.html: extra columns are for a layer of points")
            self.items.append(data)
        else:
            self.items.append(_Packed(pack_points(features, self.strings, extra), later))
        return {"type": "FeatureCollection", "features": [], "__territory_payload__": len(self.items) - 1}

    def ref_strings(self) -> dict[str, Any]:
        """A placeholder for the packed layers' string table (complete once every layer is in)."""
        self.items.append(self.strings)
        return {"__territory_payload__": len(self.items) - 1}

    def ref_raw(self, data: Any) -> dict[str, Any]:
        """A placeholder for any JSON value (not a layer), for page-level data."""
        self.items.append(data)
        return {"__territory_payload__": len(self.items) - 1}

    def fill(self, html: str) -> str:
        """The page with each placeholder replaced by its data. The packed layers and the string
        table go into JSON blocks at the top of the body (read by the page's ``territoryData``:
        JSON.parse is faster than the browser's parser of the same JavaScript literal); the
        other payloads are written in place."""
        blocks: list[str] = []

        def text(m: re.Match[str]) -> str:
            item = self.items[int(m.group(1))]
            if isinstance(item, (_Packed, StringTable)):
                data = item.layer if isinstance(item, _Packed) else item.strings
                blocks.append(f'<script type="application/json" id="tt-data-{m.group(1)}">{script_json(data)}</script>')
                call = f"territoryData({int(m.group(1))})"
                if isinstance(item, _Packed):
                    return f"territoryLater({int(m.group(1))})" if item.later else f"territoryUnpack({call})"
                return call
            return script_json(item)

        html = self._PATTERN.sub(text, html)
        if blocks and "<body>" not in html:
            raise OutputError("map.html: internal error, the page has no <body> for its data")
        return html.replace("<body>", "<body>\n" + "\n".join(blocks), 1)


class _Packed:
    """A packed point layer among the payloads (written as a call of the page's ``territoryUnpack``)."""

    def __init__(self, layer: dict[str, Any], later: bool = False) -> None:
        self.layer = layer
        self.later = later


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no entities;
    in ASCII, as the whole page is (:mod:`geo.maps.ascii`)."""
    # no cycles in the page's data: not checked for (a set of every list and dict of 5 MB of data)
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False, check_circular=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, code)
    return text


def _figure(fmap: folium.Map) -> Figure:
    """The page a map is drawn on (folium puts every map on a :class:`branca.element.Figure`)."""
    root = fmap.get_root()
    if not isinstance(root, Figure):
        raise TypeError(f"a folium map on a {type(root).__name__}, not on a page")
    return root


def _write(fmap: folium.Map, path: Path, title: str, payloads: _Payloads,
           assets: str | os.PathLike[str] | None) -> Path:
    root = _figure(fmap)
    root.title = escape(title)  # branca writes the <title> as given
    _fix_ids(root)
    html = root.render()
    if assets is not None:  # before the data goes in: the page is small then
        html = inline_assets(html, assets)
    # ASCII before the data goes in (which script_json writes in ASCII): 1 MB to scan, not 5
    html = payloads.fill(ascii_html(html))
    # a plain search first: the pattern's scan of a 7 MB page took 60 ms
    if "__territory_payload__" in html and payloads._PATTERN.search(html):
        raise OutputError(f"{path}: internal error, a map layer was left without its data")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".map-", suffix=".html", dir=path.parent)
        # mkstemp makes the file 0600: give it the mode every other output has (the umask's)
        os.fchmod(fd, new_file_mode())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(html)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write the map: {exc.strerror or exc}") from exc
    return path
