"""Who held which place when, and estimated areas of control for any date.

Three steps, each usable alone:

1. :func:`control_timelines` turns ``control_change`` and ``control_state`` events into one
   date-ordered list of :class:`ControlObservation` per place. Reports that disagree are all kept
   and marked ``conflicting``; nothing is thrown away.
2. :func:`control_areas` estimates, for a date, the area each side holds. **Method
   ``voronoi-clipped-<N>km``**:

   - the places (geo_precision 1 or 2) whose holder is known at that date: their latest
     observation on or before it; on a tie the side more sources report, then the more recent
     report; a side that lost a place counts as its holder in the 365 days before the loss,
     unless an earlier report says otherwise;
   - their Voronoi cells in a Lambert azimuthal equal-area projection centred on the places;
   - each cell clipped to the outline of the place's country (its gazetteer country code, else
     where it lies; the shipped Natural Earth 1:50m outlines, simplified by 250 m) and to a
     disc of N km (default 50) around the place;
   - the cells dissolved by side; the area geodesic (``pyproj.Geod`` on WGS 84), in km².

   With ``dates=None`` the dates are the days on which some holder changes; past 60 of them,
   the last of each month (then quarter, then year). Every row says how many places it rests
   on and is flagged ``estimate``: a handful of towns named in news reports is not a front
   line.
3. :func:`claims_vs_estimates` sets claims ("ISIS lost 40% of its territory in Iraq") beside
   the mapped estimate for the same country, side and date.

Sides (``isis``, ``kurdish``, ``government``, ...) come from :func:`geo.events.sides.side_of`, so
"SDF", "YPG" and "Kurdish forces" fill one area and the map colours it once.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo.control.claims import AreaIndex, claim_side
from geo.events.sides import SIDES, side_of
from geo.gazetteer.boundaries import countries
from geo.geom import epoch_ms
from geo.records import CLAIM, CONTROL_CHANGE, CONTROL_STATE, Event, place_key

#: default maximum distance, in km, that a place's cell may reach
MAX_KM = 50.0
#: how far back, in days, a holding inferred from "X lost the place" reaches (control_areas)
PRIOR_DAYS = 365
#: default most dates estimated (see snapshot_dates)
MAX_DATES = 60
#: tolerance, in metres, of the simplification of the country outlines that clip the areas:
#: far below what a handful of towns can say about a front line, and it keeps the exports small
SIMPLIFY_M = 250.0
#: categories that say who holds a place
CONTROL_CATEGORIES = (CONTROL_CHANGE, CONTROL_STATE)
_GEOD = pyproj.Geod(ellps="WGS84")

#: ``date`` for annotations inside :class:`ControlObservation`, whose field ``date`` hides it
_Day = date

#: the fields of one estimated area as the cell builder writes them
_AREA_FIELDS = ["date", "holder", "side", "area_km2", "method", "n_places", "places",
                "holders", "estimate", "time_ms", "geometry"]
#: the columns of ``control.geojson``: an area is valid from its date until the next estimate
CONTROL_COLUMNS = ["date", "valid_from", "valid_to", *_AREA_FIELDS[1:]]


@dataclass(frozen=True, slots=True)
class ControlObservation:
    """One report of who held a place, traced to its event and article.

    ``date`` is the event's ``date_start`` (the convention of the events layer and ACLED: the
    first day the text allows), ``date_end`` its last possible day. ``kind`` is ``"change"``
    (``holder`` gained it from ``previous``), ``"state"`` (``holder`` held it then) or
    ``"prior"`` (inferred, not reported: ``holder`` lost it in the change ``event_id``).
    ``conflicting`` is true when another report on the same place overlaps in time and names a
    different side.
    """

    place_key: int | str
    place: str | None
    date: _Day
    date_end: _Day
    holder: str
    side: str
    kind: str
    event_id: str
    source: str
    previous: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    geo_precision: int = 1
    time_precision: int = 1
    evidence: str = ""
    conflicting: bool = False

    def to_json(self) -> dict[str, object]:
        """The short form ``places.geojson`` lists under ``control``."""
        return {"date": self.date.isoformat(), "holder": self.holder, "event_id": self.event_id}


def event_place_key(event: Event) -> int | str | None:
    """The key an event's place is tracked by (:func:`geo.records.place_key`)."""
    return place_key(event.geonameid, event.place)


def control_timelines(events: Iterable[Event], *, infer_prior: bool = False,
                      prior_days: int = PRIOR_DAYS) -> dict[int | str, list[ControlObservation]]:
    """One date-ordered list of control reports per place.

    Parameters
    ----------
    events
        Any events; only ``control_change`` (holder = ``gained_by``) and ``control_state``
        (holder = ``holder``) events with a place and a holder are used.
    infer_prior
        Also add, for each change that names who lost the place (``lost_by``), an observation
        of kind ``"prior"``: the loser held it from ``prior_days`` before the change (or from
        the day after the place's previous report, if later) until the change. "Kurdish forces
        retook Kobani from ISIS" says ISIS held Kobani before; without this, territory a side
        lost never shows as once held. Off by default: places list only what was reported.
    prior_days
        How far back an inferred prior holding reaches.

    Returns
    -------
    dict
        geonameid (or place name when unresolved) -> observations sorted by date, then kind,
        then event id. Disagreeing reports are all kept and flagged ``conflicting``.
    """
    grouped: dict[int | str, list[ControlObservation]] = defaultdict(list)
    for event in events:
        obs = _observation(event)
        if obs is not None:
            grouped[obs.place_key].append(obs)
    out: dict[int | str, list[ControlObservation]] = {}
    # geonameids (int) first in numeric order, then unresolved names: never compare int to str
    for key in sorted(grouped, key=lambda k: (isinstance(k, str), k if isinstance(k, str) else
                                              f"{k:020d}")):
        items = _flag_conflicts(sorted(grouped[key], key=_order))
        if infer_prior:
            items = sorted(items + _priors(items, prior_days), key=_order)
        out[key] = items
    return out


def _order(obs: ControlObservation) -> tuple:
    return (obs.date, obs.date_end, obs.kind, obs.event_id)


def _priors(items: list[ControlObservation], prior_days: int) -> list[ControlObservation]:
    priors = []
    dates = [o.date for o in items]  # items are in date order: the last earlier one by bisection
    for obs in items:
        if obs.kind != "change" or not obs.previous:
            continue
        side = side_of(obs.previous).key
        key = side if side != "unknown" else f"unknown:{obs.previous.casefold()}"
        n_earlier = bisect.bisect_left(dates, obs.date)
        last = items[n_earlier - 1] if n_earlier else None
        if last is not None and _side_key(last) == key:
            continue  # the reports already say the loser held it
        start = obs.date - timedelta(days=prior_days)
        if last is not None:
            start = max(start, last.date + timedelta(days=1))
        if start >= obs.date:
            continue
        priors.append(replace(obs, date=start, date_end=obs.date - timedelta(days=1),
                              holder=obs.previous, side=side, kind="prior", previous=None,
                              conflicting=False))
    return priors


def holder_at(timeline: Sequence[ControlObservation], day: date) -> ControlObservation | None:
    """The observation that decides who held the place on ``day`` (``None``: unknown).

    The latest reports dated on or before ``day`` decide; when they disagree, the side named by
    more distinct sources wins, then the report whose window ends later, then the event id (so
    the answer never depends on input order).
    """
    before = [o for o in timeline if o.date <= day]
    if not before:
        return None
    latest = max(o.date for o in before)
    return _decide([o for o in before if o.date == latest])


def _decide(tied: Sequence[ControlObservation]) -> ControlObservation:
    """Of reports dated the same day, the one that speaks for the place (see holder_at)."""
    if len(tied) == 1:
        return tied[0]
    reported = [o for o in tied if o.kind != "prior"]
    tied = reported or tied  # what an article says beats what we inferred
    if len(tied) == 1:
        return tied[0]
    votes: Counter[str] = Counter()
    for side, sources in _sources_by_side(tied).items():
        votes[side] = len(sources)
    return min(tied, key=lambda o: (-votes[_side_key(o)], -o.date_end.toordinal(), o.event_id))


class _Index:
    """Per place, the deciding report of each report date, for bisecting by day.

    ``holder_at`` on every place for every date is quadratic; this does the same in
    O(log n) per lookup.
    """

    def __init__(self, timelines: dict[int | str, list[ControlObservation]]):
        self.days: dict[int | str, list[date]] = {}
        self.decided: dict[int | str, list[ControlObservation]] = {}
        for key, obs in timelines.items():
            by_day: dict[date, list[ControlObservation]] = defaultdict(list)
            for o in obs:
                by_day[o.date].append(o)
            days = sorted(by_day)
            self.days[key] = days
            self.decided[key] = [_decide(by_day[d]) for d in days]

    def at(self, key: int | str, day: date) -> ControlObservation | None:
        i = bisect.bisect_right(self.days[key], day)
        return self.decided[key][i - 1] if i else None

    def held(self, day: date) -> dict[int | str, ControlObservation]:
        return {k: o for k in self.days if (o := self.at(k, day)) is not None}

    def change_dates(self) -> list[date]:
        changes = set()
        for key, days in self.days.items():
            previous = None
            for day, obs in zip(days, self.decided[key]):
                if _side_key(obs) != previous:
                    changes.add(day)
                previous = _side_key(obs)
        return sorted(changes)


def change_dates(timelines: dict[int | str, list[ControlObservation]]) -> list[date]:
    """Every date on which the holder of some place changes (or first becomes known)."""
    return _Index(timelines).change_dates()


def snapshot_dates(days: Sequence[date], max_dates: int) -> list[date]:
    """At most ``max_dates`` of ``days``: all of them if few, else the last of each month,
    quarter or year (the first of those that is few enough), so the map's slider and the
    exports stay small for a large corpus while every period's final state is kept."""
    days = sorted(set(days))
    if len(days) <= max_dates:
        return days
    for months in (1, 3, 12):
        last: dict[tuple[int, int], date] = {}
        for d in days:
            last[(d.year, (d.month - 1) // months)] = d
        if len(last) <= max_dates or months == 12:
            return sorted(last.values())
    return days  # unreachable: the yearly pass returns


def control_areas(events: Iterable[Event], dates: Iterable[date | str] | None = None, *,
                  max_km: float = MAX_KM, max_dates: int = MAX_DATES,
                  infer_prior: bool = True) -> gpd.GeoDataFrame:
    """Estimated areas of control, one (Multi)Polygon per (date, holder).

    Parameters
    ----------
    events
        Events of any category; control events are used (see :func:`control_timelines`).
    dates
        Dates (``date`` or ISO strings) to estimate for; default every date on which some
        place's holder changes, thinned by :func:`snapshot_dates` to at most ``max_dates``.
    max_km
        How far from a place its cell may reach.
    max_dates
        Most dates estimated when ``dates`` is not given.
    infer_prior
        Count a place as held by the side that lost it in the year before the change (see
        :func:`control_timelines`); without it a side's lost ground never appears on the map.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``date`` (ISO string), ``holder`` (the side's label; for a holder of no known
        side, its own name), ``side`` (key: ``isis``, ``kurdish``, ... ``unknown``), ``area_km2``
        (geodesic), ``method``, ``n_places``, ``places`` (list of place names), ``holders``
        (the holder names as reported), ``estimate`` (always True), ``time_ms`` (epoch ms of
        the date), ``valid_from`` (the date) and ``valid_to`` (the next estimate's date, None
        for the last: the area holds from one until the next), geometry; EPSG:4326, sorted by
        date, side, holder.
    """
    timelines = control_timelines(events, infer_prior=infer_prior)
    mappable = {k: obs for k, obs in timelines.items() if _mappable(obs[-1])}
    index = _Index(mappable)
    days = (snapshot_dates(index.change_dates(), max_dates) if dates is None
            else sorted({_as_date(d) for d in dates}))
    if not mappable or not days:
        return _empty_areas()
    cells = _CellBuilder(mappable, max_km)
    rows = []
    for day in days:
        rows.extend(cells.areas(day, index.held(day)))
    if not rows:
        return _empty_areas()
    gdf = gpd.GeoDataFrame(rows, columns=_AREA_FIELDS, geometry="geometry", crs=4326)
    gdf = _with_validity(gdf)[CONTROL_COLUMNS]
    return gdf.sort_values(["date", "side", "holder"], kind="stable").reset_index(drop=True)


def _with_validity(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``valid_from`` (the estimate's date) and ``valid_to`` (the next estimate's date, when this
    one stops holding; None for the last, which still holds): every side is estimated again on
    each date, so an area lasts until the next date, whether it changed or not."""
    days = sorted(set(gdf["date"]))
    following: dict[str, str | None] = {d: (days[k + 1] if k + 1 < len(days) else None) for k, d in enumerate(days)}
    return gdf.assign(valid_from=gdf["date"], valid_to=gdf["date"].map(following))


def claims_vs_estimates(events: Iterable[Event], control_gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each claim about territory beside the mapped estimate for the same country, side, date.

    The rule (side, date, estimate, metric) is :mod:`geo.control.claims`, the one the map's
    popups use too. ``n_places`` counts the side's places in that country behind the estimate.

    Returns
    -------
    pandas.DataFrame
        One row per claim, sorted by date and event id. Estimates are NaN where the map has
        nothing for that side and country; ``note`` says why.
    """
    cols = ["event_id", "source", "date", "region", "place", "metric", "value", "unit", "side",
            "estimate_date", "estimated_area_km2", "estimated_peak_date",
            "estimated_peak_area_km2", "estimated_value", "n_places", "method", "note"]
    events = list(events)
    claims = [e for e in events if e.category == CLAIM and e.metric]
    index = _Index(control_timelines(events, infer_prior=True))
    areas = AreaIndex(zip(map(_as_date, control_gdf["date"]), control_gdf["side"],
                          control_gdf.geometry.values)) if len(control_gdf) else AreaIndex([])
    methods = dict(zip(control_gdf["date"], control_gdf["method"])) if len(control_gdf) else {}
    rows = []
    for claim in claims:
        side = claim_side(claim.lost_by, claim.holder, claim.actor1, claim.actor2)
        row: dict[str, object] = {
            "event_id": claim.event_id, "source": claim.source, "date": claim.date_end.isoformat(),
            "region": claim.country_code, "place": claim.place, "metric": claim.metric,
            "value": claim.value, "unit": claim.unit, "side": side, "estimate_date": None,
            "estimated_area_km2": np.nan, "estimated_peak_date": None,
            "estimated_peak_area_km2": np.nan, "estimated_value": np.nan, "n_places": 0,
            "method": None, "note": "",
        }
        estimate = areas.estimate(side, claim.country_code, claim.date_end, claim.metric or "")
        if not claim.country_code or side in (None, "unknown"):
            row["note"] = "claim names no country or no side to compare with"
        elif estimate is None or estimate.clipped_to is None:
            row["note"] = "no mapped area of that side in that country on or before the claim's date"
        else:
            day = estimate.estimate_date.isoformat()
            # the places behind the estimate in this country, not in the side's whole area
            n_places = sum(1 for o in index.held(estimate.estimate_date).values()
                           if o.side == side and o.country_code == claim.country_code and _mappable(o))
            row.update(estimate_date=day, estimated_area_km2=estimate.area_km2,
                       estimated_peak_date=estimate.peak_date.isoformat(),
                       estimated_peak_area_km2=estimate.peak_area_km2, estimated_value=estimate.value,
                       n_places=n_places, method=methods.get(day),
                       note=(f"estimate from {n_places} place(s) in {claim.country_code} with a known "
                             "holder; the mapped area covers only places the corpus names"))
        rows.append(row)
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


# -- timelines ---------------------------------------------------------------------------------

def _observation(event: Event) -> ControlObservation | None:
    if event.category == CONTROL_CHANGE:
        holder, kind, previous = event.gained_by, "change", event.lost_by
    elif event.category == CONTROL_STATE:
        holder, kind, previous = event.holder, "state", None
    else:
        return None
    key = event_place_key(event)
    if key is None or not holder:
        return None
    return ControlObservation(
        place_key=key, place=event.place, date=event.date_start, date_end=event.date_end,
        holder=holder, side=side_of(holder).key, kind=kind, event_id=event.event_id,
        source=event.source, previous=previous, lat=event.lat, lon=event.lon,
        country_code=event.country_code, geo_precision=event.geo_precision,
        time_precision=event.time_precision, evidence=event.evidence)


def _side_key(obs: ControlObservation) -> str:
    # an unknown side is only "the same" as a report naming the same holder
    return obs.side if obs.side != "unknown" else f"unknown:{obs.holder.casefold()}"


def _sources_by_side(items: Iterable[ControlObservation]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for o in items:
        out[_side_key(o)].add(o.source)
    return out


def _flag_conflicts(items: list[ControlObservation]) -> list[ControlObservation]:
    """Flag each report whose window overlaps that of a report naming another side.

    A sweep over the reports in date order (a town reported thousands of times in an archive
    made the pairwise test quadratic: minutes at 100,000 articles). ``b`` overlaps ``a`` when
    it starts by ``a``'s start and ends on or after it, or starts within ``a``'s window.
    """
    order = sorted(range(len(items)), key=lambda i: items[i].date)
    starts = [items[i].date for i in order]
    sides = [_side_key(items[i]) for i in order]
    # run_end[k]: the first position after k whose side differs from that at k
    run_end = [len(order)] * len(order)
    for k in range(len(order) - 2, -1, -1):
        run_end[k] = run_end[k + 1] if sides[k + 1] == sides[k] else k + 1
    clash = [False] * len(items)
    latest: dict[str, date] = {}  # side -> latest end among the reports started so far
    k = 0
    while k < len(order):
        same_day = k
        while same_day < len(order) and starts[same_day] == starts[k]:
            latest[sides[same_day]] = max(latest.get(sides[same_day], date.min), items[order[same_day]].date_end)
            same_day += 1
        for pos in range(k, same_day):
            a = items[order[pos]]
            side = sides[pos]
            # started by a's start (itself included: it shares a's side) and still going
            clash[order[pos]] = any(s != side and end >= a.date for s, end in latest.items())
            if not clash[order[pos]]:
                # started after a's start but within its window: any other side there?
                last = bisect.bisect_right(starts, a.date_end)
                clash[order[pos]] = same_day < last and (sides[same_day] != side or run_end[same_day] < last)
        k = same_day
    return [replace(a, conflicting=True) if c else a for a, c in zip(items, clash)]


# -- areas -------------------------------------------------------------------------------------

def _mappable(obs: ControlObservation) -> bool:
    # geo_precision 3 is a region or a country: no town to draw a cell around
    return (obs.lat is not None and obs.lon is not None and obs.geo_precision <= 2
            and -90 <= obs.lat <= 90 and -180 <= obs.lon <= 180)


class _CellBuilder:
    """Voronoi cells of the places known on a date, clipped, dissolved by side.

    Clipping each cell to its own disc and then dissolving is slow for thousands of places.
    The same result comes cheaper: a point of place i's Voronoi region that lies within
    ``max_km`` of *any* known place lies within ``max_km`` of i (it is nearer to i than to any
    other place), so the union of a side's cells equals, per country, the union of its regions
    (a coverage: fast) intersected with the country outline and with the union of all known
    places' discs, which only grows and is kept up to date incrementally.
    """

    def __init__(self, timelines: dict[int | str, list[ControlObservation]], max_km: float):
        self.keys = list(timelines)
        first = {k: timelines[k][-1] for k in self.keys}
        lons = np.array([first[k].lon for k in self.keys], float)
        lats = np.array([first[k].lat for k in self.keys], float)
        self.method = f"voronoi-clipped-{max_km:g}km"
        # an equal-area projection centred on the data keeps cell shapes and the max-distance
        # discs close to true across the few hundred km of one war
        lon0, lat0 = float(np.round(np.mean(lons), 3)), float(np.round(np.mean(lats), 3))
        crs = pyproj.CRS.from_proj4(f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m")
        self.fwd = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
        self.inv = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
        x, y = self.fwd.transform(lons, lats)
        points = shapely.points(x, y)
        self.points = dict(zip(self.keys, points))
        discs = shapely.buffer(points, max_km * 1000.0, quad_segs=16)
        self.discs = dict(zip(self.keys, discs))
        outlines = _country_outlines(lons, lats, [first[k].country_code for k in self.keys])
        # project each distinct country once; a place's country is an index into that list
        self.countries: list[shapely.Geometry] = []
        seen: dict[int, int] = {}
        self.country_of: dict[int | str, int | None] = {}
        for key, outline in zip(self.keys, outlines):
            if outline is None:
                self.country_of[key] = None
                continue
            if id(outline) not in seen:
                seen[id(outline)] = len(self.countries)
                # simplified here, once, rather than every dissolved area: the same border
                # then gives the same vertices on every date, so an area that did not change
                # keeps its exact size
                projected = shapely.transform(outline, self._fwd_coords)
                self.countries.append(shapely.simplify(projected, SIMPLIFY_M))
            self.country_of[key] = seen[id(outline)]
        self._known: set[int | str] = set()
        self._disc_union: shapely.Geometry = shapely.Polygon()
        self._last: tuple[tuple[int | str, ...], np.ndarray] | None = None

    def _fwd_coords(self, xy: np.ndarray) -> np.ndarray:
        return np.column_stack(self.fwd.transform(xy[:, 0], xy[:, 1]))

    def _inv_coords(self, xy: np.ndarray) -> np.ndarray:
        return np.column_stack(self.inv.transform(xy[:, 0], xy[:, 1]))

    def areas(self, day: date, held: dict[int | str, ControlObservation]) -> list[list[object]]:
        keys = _one_per_location(held, self.points)
        if not keys:
            return []
        regions = self._regions(keys)
        reach = self._reach(keys)
        by_side: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            by_side[_side_key(held[key])].append(i)
        rows = []
        for group in sorted(by_side):
            idx = by_side[group]
            side = held[keys[idx[0]]].side
            geom = self._dissolve([keys[i] for i in idx], regions[idx], reach)
            geom = shapely.transform(geom, self._inv_coords)
            geom = shapely.orient_polygons(_polygonal(shapely.make_valid(geom)))
            if geom.is_empty:
                continue
            area = abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6
            names = sorted({held[keys[i]].place or str(keys[i]) for i in idx})
            holders = sorted({held[keys[i]].holder for i in idx})
            # holders of no known side are never merged: each keeps its own name and area
            label = SIDES[side].label if side != "unknown" else held[keys[idx[0]]].holder
            rows.append([day.isoformat(), label, side, round(area, 1), self.method, len(idx),
                         names, "; ".join(holders), True, epoch_ms(day), geom])
        return rows

    def _regions(self, keys: list[int | str]) -> np.ndarray:
        """Voronoi regions of the known places (reused while the set of places is the same)."""
        if self._last is not None and self._last[0] == tuple(keys):
            return self._last[1]
        pts = np.array([self.points[k] for k in keys], dtype=object)
        bounds = shapely.bounds([self.discs[k] for k in keys])
        frame = shapely.box(bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(),
                            bounds[:, 3].max())
        if len(keys) == 1:
            regions = np.array([frame], dtype=object)
        else:
            regions = shapely.get_parts(shapely.voronoi_polygons(
                shapely.multipoints(pts), extend_to=frame, ordered=True))
            if len(regions) != len(keys):  # GEOS drops none for distinct points; guard anyway
                regions = np.array([next(r for r in regions if r.covers(p)) for p in pts],
                                   dtype=object)
            # the diagram reaches past the frame; cut it so every region is finite and small
            regions = shapely.intersection(regions, frame)
        self._last = (tuple(keys), regions)
        return regions

    def _reach(self, keys: list[int | str]) -> shapely.Geometry:
        """Union of the discs of all known places, grown with each newly known place."""
        new = [k for k in keys if k not in self._known]
        if set(keys) < self._known or set(keys) != self._known | set(new):
            # the set shrank (explicit dates out of order): start again
            self._known, self._disc_union, new = set(), shapely.Polygon(), list(keys)
        if new:
            self._disc_union = shapely.union_all([self._disc_union, *[self.discs[k] for k in new]])
            self._known |= set(new)
        return self._disc_union

    def _dissolve(self, keys: list[int | str], regions: np.ndarray,
                  reach: shapely.Geometry) -> shapely.Geometry:
        by_country: dict[int | None, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            by_country[self.country_of[key]].append(i)
        pieces = []
        for country in sorted(by_country, key=lambda c: -1 if c is None else c):
            part = regions[by_country[country]]
            try:  # regions of one Voronoi diagram are a clean coverage
                merged = shapely.coverage_union_all(part)
            except shapely.errors.GEOSException:
                merged = shapely.union_all(part)
            merged = shapely.intersection(merged, reach)
            if country is not None:
                merged = shapely.intersection(merged, self.countries[country])
            pieces.append(_polygonal(merged))
        return pieces[0] if len(pieces) == 1 else shapely.union_all(pieces)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a geometry (intersections can add slivers of lines or points)."""
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


def _one_per_location(held: dict[int | str, ControlObservation],
                      points: dict[int | str, shapely.Geometry]) -> list[int | str]:
    # two places at one coordinate (a town and its district seat) would give Voronoi no cell to
    # split; the more recent report speaks for the spot
    best: dict[tuple[float, float], int | str] = {}
    for key in sorted(held, key=lambda k: (held[k].date, held[k].event_id)):
        p = points[key]
        best[(round(p.x, 1), round(p.y, 1))] = key
    return sorted(best.values(), key=lambda k: (isinstance(k, str), str(k)))


def _country_outlines(lons: np.ndarray, lats: np.ndarray,
                      codes: Sequence[str | None]) -> list[shapely.Geometry | None]:
    """The outline of each point's country (by its country code, else by position)."""
    table = countries()
    pts = gpd.GeoDataFrame(geometry=shapely.points(lons, lats), crs=4326)
    joined = gpd.sjoin(pts, table[["iso_a2", "geometry"]], how="left", predicate="intersects")
    joined = joined[~joined.index.duplicated(keep="first")]
    geoms = table.geometry.values
    by_code = dict(zip(table["iso_a2"], range(len(table))))
    out: list[shapely.Geometry | None] = []
    for i, code in enumerate(codes):
        # the gazetteer's country code first: a 1:50m outline can put a border town such as
        # one on the Syrian-Turkish railway line on the wrong side
        hit = joined["index_right"].iloc[i]
        if code in by_code:
            out.append(geoms[by_code[code]])
        elif pd.notna(hit):
            out.append(geoms[int(hit)])
        else:
            out.append(None)
    return out


def _empty_areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: [] for c in CONTROL_COLUMNS if c != "geometry"},
                            geometry=gpd.GeoSeries([], crs=4326), crs=4326)


def _as_date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# -- claims ------------------------------------------------------------------------------------
