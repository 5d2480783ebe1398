"""The output stage of :func:`geo.runner.pipeline.run`: every file of the contract from a :class:`RunStore`.

Nothing here holds the whole event table or every mention at once. What it does hold grows
with the number of reports, not with their text: a few columns per report while linking
incidents, and the control events without their sentences while estimating areas; everything
else is one chunk at a time:

1. the results are decoded into the store, places counted on the way (:class:`PlaceTally`);
2. reports are linked into incidents from a few columns per event (:class:`geo.runner.store.Report`)
   and each incident's row is made from its reports, one incident at a time; the rows are kept
   (one table for the map and the incidents layer) with at most ``MAP_EVIDENCE`` sentences each,
   the whole evidence of longer incidents waiting in the store;
3. the control estimate reads what the control events say of who held a place, taken from them
   (without their sentences) while they were decoded;
4. events, places and incidents are written chunk by chunk (:class:`geo.io.exports.LayerWriter`);
5. the map is drawn from the incidents (one marker per real-world event, however many articles
   report it) with a few evidence sentences each, and from the places with a few mentions each.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.control.estimate import (
    ControlObservation,
    areas_of_timelines,
    control_observation,
    timelines_of_observations,
    with_inferred_priors,
)
from geo.events.incidents import assign_incidents, incident_row, incidents_gdf
from geo.io.exports import (
    LayerWriter,
    PlaceTally,
    admin1_names,
    events_frame,
    events_frame_of_rows,
    places_gdf,
    write_parquet,
)
from geo.maps.page import make_map
from geo.records import CONTROL_CHANGE, CONTROL_STATE, Event
from geo.runner.codec import EVENT_FIELDS
from geo.runner.store import RunStore, incident_chunk_bounds

#: per incident, the reports whose sentences the map's popup shows (the files keep them all)
MAP_EVIDENCE = 5
#: per place, the mentions the map's popup is given (it shows their sources and the count)
MAP_MENTIONS = 20
#: categories the control estimate and the places' control history read
CONTROL_CATEGORIES = (CONTROL_CHANGE, CONTROL_STATE)
#: where an event's field list (geo.runner.codec.event_row) holds its manifest columns and article
_META, _SOURCE = EVENT_FIELDS.index("meta"), EVENT_FIELDS.index("source")
#: places written per chunk, at most
CHUNK_PLACES = 2000
#: mentions written per chunk of places (a chunk ends at the place that reaches it)
CHUNK_MENTIONS = 100_000


def write_run_outputs(tmp: Path, store: RunStore, cached: Callable[[str], bytes | None] | None, summary: Any,
                      title: str, *, parquet_dir: Path | None = None) -> None:
    """Decode the run's results and write every output file into ``tmp``.

    ``summary`` (a :class:`geo.runner.pipeline.RunSummary`) takes the counts; ``cached`` fetches the
    results recorded by cache key; ``parquet_dir`` also gets the event table as GeoParquet.
    """

    tally = PlaceTally()
    # what the control estimate reads of the control events, taken as they are decoded (not
    # read back and decoded again), without their sentences
    observations: list[ControlObservation] = []

    def on_event(event: Event) -> None:
        tally.add_event(event)
        if event.category in CONTROL_CATEGORIES:
            obs = control_observation(event, evidence=False)
            if obs is not None:
                observations.append(obs)

    loaded = store.load(cached, on_mention=tally.add_mention, on_event=on_event)
    summary.toponyms, summary.events = loaded.toponyms, loaded.events
    summary.events_by_category = dict(loaded.events_by_category)
    summary.places = tally.resolved()

    _link_incidents(store)
    map_incidents = _incident_rows(store, summary)

    # the places list what was reported; the areas also count who held a place before losing
    # it: one set of observations for both
    timelines = timelines_of_observations(observations)
    control_gdf = areas_of_timelines(with_inferred_priors(timelines))
    summary.control_areas = len(control_gdf)

    with LayerWriter(tmp) as writer:
        articles = _write_events(writer, store, sorted(loaded.meta_keys), parquet_dir)
        map_places = _write_places(writer, store, tally, timelines)
        writer.write("control", control_gdf)
        _write_incidents(writer, store, map_incidents)
    make_map(map_incidents, map_places, control_gdf, tmp / "map.html", title=title,
             articles=articles)
    (tmp / "summary.json").write_text(json.dumps(summary.to_json(), indent=1, sort_keys=True) + "\n",
                                      encoding="utf-8")


def _link_incidents(store: RunStore) -> None:

    rows, reports = store.reports()
    incident_of = assign_incidents(reports)
    store.set_incidents((incident_of[r.event_id], seq) for seq, r in zip(rows, reports))


def _incident_rows(store: RunStore, summary: Any) -> gpd.GeoDataFrame:
    """Every incident's row, sorted as the incidents layer, with its governorate and its
    evidence cut to ``MAP_EVIDENCE`` reports: what the map draws and, with the whole evidence of
    the few longer incidents (kept in the store), what the layer holds. One table for both, so
    no row is encoded, stored and decoded again, nor framed twice."""

    rows = []
    longer: list[tuple[str, list[dict[str, Any]]]] = []
    summary.incidents = summary.merged_incidents = 0
    for incident_id, reports in store.incident_groups():
        row = incident_row(incident_id, reports)
        summary.incidents += 1
        summary.merged_incidents += row["n_sources"] > 1
        if len(row["evidence"]) > MAP_EVIDENCE:
            longer.append((incident_id, row["evidence"]))
            row["evidence"] = row["evidence"][:MAP_EVIDENCE]
            if len(longer) >= 2000:
                store.add_evidence(longer)
                longer = []
        rows.append(row)
    store.add_evidence(longer)
    return _with_admin1(incidents_gdf(rows))


def _write_events(writer: LayerWriter, store: RunStore, meta_keys: list[str],
                  parquet_dir: Path | None) -> dict[str, dict[str, str]]:
    """Write the events layer chunk by chunk; return each article's manifest columns (its
    outlet and URL, for the map's feed), gathered on the way."""

    part = 0
    written = False
    articles: dict[str, dict[str, str]] = {}
    for rows, incidents in store.event_row_chunks():
        for row in rows:
            meta, source = row[_META], row[_SOURCE]
            if meta and source not in articles:
                articles[source] = {k: v for k, v in meta.items() if k in ("outlet", "title", "url")}
        frame = events_frame_of_rows(rows, meta_keys=meta_keys)
        # the stored rows come in the order events_frame sorts events by (date_start, event_id)
        frame.insert(1, "incident_id", incidents)
        writer.write("events", frame)
        if parquet_dir is not None:
            part = len(write_parquet(frame, parquet_dir, first_part=part)) + part
        written = True
    if not written:
        empty = events_frame([], meta_keys=meta_keys)
        empty.insert(1, "incident_id", [])
        writer.write("events", empty)
        if parquet_dir is not None:
            write_parquet(empty, parquet_dir)
    return articles


def _write_places(writer: LayerWriter, store: RunStore, tally: PlaceTally, timelines: dict) -> gpd.GeoDataFrame:
    """Write the places layer chunk by chunk; return the map's places (mentions cut short).

    A chunk ends at ``CHUNK_PLACES`` places or ``CHUNK_MENTIONS`` mentions: a town named in
    every other article brings tens of thousands of mentions of its own.
    """

    for_map = []
    rows: list[dict[str, Any]] = []
    mentions = 0
    for key in tally.places():
        row = tally.row(key, store.mentions_of(key), timelines.get(key, []))
        rows.append(row)
        mentions += len(row["mentions"])
        for_map.append({**row, "mentions": row["mentions"][:MAP_MENTIONS]})
        if len(rows) >= CHUNK_PLACES or mentions >= CHUNK_MENTIONS:
            writer.write("places", places_gdf(rows))
            rows, mentions = [], 0
    if rows or not for_map:
        writer.write("places", places_gdf(rows))
    return places_gdf(for_map)


def _write_incidents(writer: LayerWriter, store: RunStore, incidents: gpd.GeoDataFrame) -> None:
    """Write the incidents layer chunk by chunk from the map's incidents, each chunk with the
    whole evidence of its incidents."""

    bounds = incident_chunk_bounds(incidents["n_reports"].tolist())
    if not bounds:
        writer.write("incidents", incidents)
    for first, stop in bounds:
        chunk = incidents.iloc[first:stop]
        longer = chunk["incident_id"][chunk["n_reports"] > MAP_EVIDENCE].tolist()
        if longer:
            whole = store.evidence_of(longer)
            chunk = chunk.copy()
            chunk["evidence"] = [whole.get(i, e) for i, e in zip(chunk["incident_id"], chunk["evidence"])]
        writer.write("incidents", chunk)


def _with_admin1(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Governorates as the events export names them (the user's polygons, else the gazetteer)."""

    if len(gdf):
        gdf["admin1"] = admin1_names(gdf)
    return gdf
