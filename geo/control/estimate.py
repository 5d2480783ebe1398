"""Who held which place when, and estimated areas of control for any date.

Three steps, each usable alone:

1. :func:`control_timelines` turns ``control_change`` and ``control_state`` events into one
   date-ordered list of :class:`ControlObservation` per place. Reports that disagree are all kept
   and marked ``conflicting``; nothing is thrown away.
2. :func:`control_areas` divides, for a date, each country among the places with a known
   holder. **Method ``voronoi-country-<N>km``** (the geometry: :mod:`geo.control.tessellation`):

   - the places (geo_precision 1 or 2) whose holder is known at that date: their latest
     observation on or before it; on a tie the side more sources report, then the more recent
     report; a side that lost a place counts as its holder in the 365 days before the loss,
     unless an earlier report says otherwise;
   - per country (the place's gazetteer country code, else where it lies; the shipped Natural
     Earth 1:50m outlines, simplified by 250 m), the Voronoi cells of its places, clipped to
     the outline: the whole country is shared among them;
   - but no cell reaches farther than N km (default 60) from its place: farther ground is
     unknown and left out, so empty desert is not painted as held;
   - **contested** ground: a band along each edge between cells of different holders (5 km
     each side, at most a quarter of the way to either town), and the whole cell of a place
     about which reports name different sides within 14 days of each other;
   - the rest dissolved by holder and cut into connected areas, each with the places behind
     it and how many and how old their reports are (``n_reports``, ``last_report_date``,
     ``age_days``, ``confidence``, see :func:`place_confidence`); areas in km², measured in
     the equal-area projection (the true area on the WGS 84 ellipsoid).

   With ``dates=None`` the dates are the days on which some holder changes or a dispute starts
   or ends; past 60 of them, the last of each month (then quarter, then year). Every row says
   how many places it rests on and is flagged ``estimate``: a handful of towns named in news
   reports is not a front line.
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
import shapely

from geo.control.claims import AreaIndex, claim_side
from geo.control.tessellation import Area, Tessellation
from geo.events.sides import SIDES, side_of
from geo.gazetteer.boundaries import countries
from geo.geom import epoch_ms
from geo.records import CLAIM, CONTROL_CHANGE, CONTROL_STATE, Event, place_key

#: default reach, in km: ground farther than this from every place with a known holder is
#: left out (unknown) rather than painted as held by the nearest town
REACH_KM = 60.0
#: the former name of :data:`REACH_KM`
MAX_KM = REACH_KM
#: default half-width, in km, of the contested band along an edge between different holders
CONTESTED_KM = 5.0
#: default days a report keeps speaking after its last day: reports about one place that name
#: different sides within this many days make its ground contested
CONFLICT_DAYS = 14
#: days over which the weight of a report halves (see :func:`place_confidence`)
HALF_LIFE_DAYS = 90
#: how far back, in days, a holding inferred from "X lost the place" reaches (control_areas)
PRIOR_DAYS = 365
#: default most dates estimated (see snapshot_dates)
MAX_DATES = 60
#: ``status`` of an area: ground of one holder, or ground in dispute
HELD, CONTESTED = "held", "contested"
#: categories that say who holds a place
CONTROL_CATEGORIES = (CONTROL_CHANGE, CONTROL_STATE)

#: ``date`` for annotations inside :class:`ControlObservation`, whose field ``date`` hides it
_Day = date

#: the fields of one estimated area as the cell builder writes them
_AREA_FIELDS = ["date", "holder", "side", "status", "area_km2", "method", "n_places", "places",
                "holders", "n_reports", "last_report_date", "age_days", "confidence", "estimate",
                "time_ms", "geometry"]
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
    observations = (control_observation(event) for event in events)
    out = timelines_of_observations(obs for obs in observations if obs is not None)
    return with_inferred_priors(out, prior_days) if infer_prior else out


def timelines_of_observations(observations: Iterable[ControlObservation]
                              ) -> dict[int | str, list[ControlObservation]]:
    """:func:`control_timelines` of the observations of its events (:func:`control_observation`,
    in the events' order), made while they were decoded for something else."""
    grouped: dict[int | str, list[ControlObservation]] = defaultdict(list)
    for obs in observations:
        grouped[obs.place_key].append(obs)
    out: dict[int | str, list[ControlObservation]] = {}
    # geonameids (int) first in numeric order, then unresolved names: never compare int to str
    for key in sorted(grouped, key=lambda k: (isinstance(k, str), k if isinstance(k, str) else
                                              f"{k:020d}")):
        out[key] = _flag_conflicts(sorted(grouped[key], key=_order))
    return out


def with_inferred_priors(timelines: dict[int | str, list[ControlObservation]], prior_days: int = PRIOR_DAYS
                         ) -> dict[int | str, list[ControlObservation]]:
    """``control_timelines(events, infer_prior=True)`` from ``control_timelines(events)``: the
    run needs both (the places list what was reported, the areas also what a loss implies) and
    makes the observations once. ``timelines`` is left as it is."""
    return {key: sorted(items + _priors(items, prior_days), key=_order) for key, items in timelines.items()}


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
                  max_km: float = REACH_KM, contested_km: float = CONTESTED_KM,
                  conflict_days: int = CONFLICT_DAYS, max_dates: int = MAX_DATES,
                  infer_prior: bool = True) -> gpd.GeoDataFrame:
    """Estimated areas of control: each country divided among its places with a known holder.

    Parameters
    ----------
    events
        Events of any category; control events are used (see :func:`control_timelines`).
    dates
        Dates (``date`` or ISO strings) to estimate for; default every date on which some
        place's holder changes or a dispute about one starts or ends, thinned by
        :func:`snapshot_dates` to at most ``max_dates``.
    max_km
        Reach: ground farther than this from every place with a known holder is left out.
    contested_km
        Half-width of the contested band along an edge between cells of different holders.
    conflict_days
        Reports about one place that name different sides within this many days make its
        ground contested.
    max_dates
        Most dates estimated when ``dates`` is not given.
    infer_prior
        Count a place as held by the side that lost it in the year before the change (see
        :func:`control_timelines`); without it a side's lost ground never appears on the map.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per connected area of one holder on one date (``status`` ``held``), and one
        per date for all contested ground (``status`` ``contested``, ``holder`` "Contested",
        ``side`` ``contested``). Columns ``date`` (ISO string), ``valid_from`` (the date),
        ``valid_to`` (the next estimate's date, None for the last: an area holds from one
        until the next), ``holder`` (the side's label; for a holder of no known side, its own
        name), ``side`` (key: ``isis``, ``kurdish``, ... ``unknown``), ``status``,
        ``area_km2`` (true area), ``method``, ``n_places``, ``places`` (place names),
        ``holders`` (holder names as reported), ``n_reports`` (reports behind its places'
        holders), ``last_report_date`` (the latest of them on or before the date),
        ``age_days`` (days from it to the date), ``confidence`` (0..1, the mean of
        :func:`place_confidence` over its places), ``estimate`` (always True), ``time_ms``
        (epoch ms of the date), geometry; EPSG:4326, sorted by date, status (held first),
        side, holder, places.
    """
    return areas_of_timelines(control_timelines(events, infer_prior=infer_prior), dates, max_km=max_km,
                              contested_km=contested_km, conflict_days=conflict_days, max_dates=max_dates)


def areas_of_timelines(timelines: dict[int | str, list[ControlObservation]],
                       dates: Iterable[date | str] | None = None, *, max_km: float = REACH_KM,
                       contested_km: float = CONTESTED_KM, conflict_days: int = CONFLICT_DAYS,
                       max_dates: int = MAX_DATES) -> gpd.GeoDataFrame:
    """:func:`control_areas` of the events' :func:`control_timelines` already made (with the
    inferred priors, :func:`with_inferred_priors`, for what :func:`control_areas` does by default)."""
    mappable = {k: obs for k, obs in timelines.items() if _mappable(obs[-1])}
    index = _Index(mappable)
    evidence = _Evidence(mappable, conflict_days)
    days = (snapshot_dates(index.change_dates() + evidence.turning_days(), max_dates) if dates is None
            else sorted({_as_date(d) for d in dates}))
    if not mappable or not days:
        return _empty_areas()
    builder = _AreaBuilder(mappable, max_km, contested_km, evidence)
    rows = []
    for day in days:
        rows.extend(sorted(builder.areas(day, index.held(day)), key=_row_order))
    if not rows:
        return _empty_areas()
    gdf = gpd.GeoDataFrame(rows, columns=_AREA_FIELDS, geometry="geometry", crs=4326)
    return _with_validity(gdf)[CONTROL_COLUMNS].reset_index(drop=True)


def _row_order(row: list) -> tuple:
    # status (held first), side, holder, then the places: each place is in one held area
    return (row[3] != HELD, row[2], row[1], row[7], row[4])


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
    if "status" in control_gdf.columns:  # contested ground is no side's
        control_gdf = control_gdf[control_gdf["status"] != CONTESTED]
    areas = AreaIndex(zip(map(_as_date, control_gdf["date"]), control_gdf["side"],
                          control_gdf.geometry.values)) if len(control_gdf) else AreaIndex([])
    methods = dict(zip(control_gdf["date"], control_gdf["method"])) if len(control_gdf) else {}
    rows = []
    for claim in claims:
        claimed_on = claim.date_end
        if claimed_on is None:
            continue  # a claim at no known date cannot be set beside the areas of a date
        side = claim_side(claim.lost_by, claim.holder, claim.actor1, claim.actor2)
        row: dict[str, object] = {
            "event_id": claim.event_id, "source": claim.source, "date": claimed_on.isoformat(),
            "region": claim.country_code, "place": claim.place, "metric": claim.metric,
            "value": claim.value, "unit": claim.unit, "side": side, "estimate_date": None,
            "estimated_area_km2": np.nan, "estimated_peak_date": None,
            "estimated_peak_area_km2": np.nan, "estimated_value": np.nan, "n_places": 0,
            "method": None, "note": "",
        }
        estimate = areas.estimate(side, claim.country_code, claimed_on, claim.metric or "")
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

def control_observation(event: Event, *, evidence: bool = True) -> ControlObservation | None:
    """What a control event says of who held its place (None for any other event, or one without
    a place or a holder); without its evidence sentence when ``evidence`` is false (what the
    areas need, and all a run keeps of its control events while estimating them)."""
    if event.category == CONTROL_CHANGE:
        holder, kind, previous = event.gained_by, "change", event.lost_by
    elif event.category == CONTROL_STATE:
        holder, kind, previous = event.holder, "state", None
    else:
        return None
    key = event_place_key(event)
    if key is None or not holder or event.date_start is None or event.date_end is None:
        return None  # (no date: a holding at no known time is on no timeline)
    return ControlObservation(
        place_key=key, place=event.place, date=event.date_start, date_end=event.date_end,
        holder=holder, side=side_of(holder).key, kind=kind, event_id=event.event_id,
        source=event.source, previous=previous, lat=event.lat, lon=event.lon,
        country_code=event.country_code, geo_precision=event.geo_precision,
        time_precision=event.time_precision, evidence=event.evidence if evidence else "")


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


class _Evidence:
    """Per place, the reports that stand behind its holder on a day, and the days on which
    reports about it disagree (the place's ground is then contested)."""

    def __init__(self, timelines: dict[int | str, list[ControlObservation]], conflict_days: int):
        self.timelines = timelines
        self.days = {k: [o.date for o in obs] for k, obs in timelines.items()}
        self.disputes = {k: _dispute_spans(obs, conflict_days) for k, obs in timelines.items()}
        self._starts = {k: [s for s, _ in spans] for k, spans in self.disputes.items()}
        self._support: dict[tuple[int | str, int], tuple[int, date]] = {}

    def support(self, key: int | str, day: date, decided: ControlObservation) -> tuple[int, date]:
        """How many reports name the deciding side since a report last named another, and the
        date of the one nearest ``day`` (the latest on or before it; for a holding inferred
        from a later report of its loss, that report)."""
        n = bisect.bisect_right(self.days[key], day)
        cached = self._support.get((key, n))  # the first n reports decide: same n, same answer
        if cached is not None:
            return cached
        side, count, dates = _side_key(decided), 0, []
        for obs in reversed(self.timelines[key][:n]):
            if _side_key(obs) != side:
                if obs.date == decided.date:
                    continue  # a report of the same day that the deciding one outvoted
                break
            count += 1
            # a "prior" holding rests on the report of the loss, the day after it ends
            dates.append(obs.date_end + timedelta(days=1) if obs.kind == "prior" else obs.date)
        before = [d for d in dates if d <= day]
        result = (count, max(before) if before else min(dates))
        self._support[(key, n)] = result
        return result

    def disputed(self, key: int | str, day: date) -> bool:
        """True when reports about the place name different sides within the conflict window."""
        k = bisect.bisect_right(self._starts[key], day) - 1
        return k >= 0 and day <= self.disputes[key][k][1]

    def turning_days(self) -> list[date]:
        """The days a dispute starts, and the days after one ends: the map must change then."""
        return sorted({d for spans in self.disputes.values() for s, e in spans
                       for d in (s, e + timedelta(days=1))})


def _dispute_spans(timeline: Sequence[ControlObservation], conflict_days: int) -> list[tuple[date, date]]:
    """The spans of days on which reports about one place name different sides.

    A report speaks from its first day until ``conflict_days`` after its last; where reports of
    two sides speak on the same day the place is disputed. "Prior" holdings are inferred, not
    reported, and never dispute anything.
    """
    by_side: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for obs in timeline:
        if obs.kind != "prior":
            by_side[_side_key(obs)].append((obs.date, obs.date_end + timedelta(days=conflict_days)))
    if len(by_side) < 2:
        return []
    merged = {side: _merge_spans(spans) for side, spans in by_side.items()}
    overlaps = []
    sides = sorted(merged)
    for i, first in enumerate(sides):
        for second in sides[i + 1:]:
            overlaps.extend(_overlap_spans(merged[first], merged[second]))
    return _merge_spans(overlaps)


def _merge_spans(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    out: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _overlap_spans(a: list[tuple[date, date]], b: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """The days two sorted lists of disjoint spans share (a merge walk)."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start <= end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def place_confidence(n_reports: int, age_days: int) -> float:
    """How far a place's holder can be trusted: ``(1 - 0.5**n_reports) * 0.5**(age_days / 90)``.

    One report gives 0.5, two 0.75, three 0.875; the weight halves every
    :data:`HALF_LIFE_DAYS` days between the estimate's date and the nearest report.
    """
    return (1.0 - 0.5 ** n_reports) * 0.5 ** (age_days / HALF_LIFE_DAYS)


class _AreaBuilder:
    """The rows of ``control_areas`` for one date after another (geometry: :mod:`geo.control.tessellation`)."""

    def __init__(self, timelines: dict[int | str, list[ControlObservation]], max_km: float,
                 contested_km: float, evidence: _Evidence):
        self.keys = list(timelines)
        self.position = {k: i for i, k in enumerate(self.keys)}
        first = [timelines[k][-1] for k in self.keys]
        lons = np.array([o.lon for o in first], float)
        lats = np.array([o.lat for o in first], float)
        outlines = _country_outlines(lons, lats, [o.country_code for o in first])
        self.tessellation = Tessellation(lons, lats, outlines, max_km, contested_km)
        self.points = dict(zip(self.keys, self.tessellation.points))
        self.method = f"voronoi-country-{max_km:g}km"
        self.evidence = evidence

    def areas(self, day: date, held: dict[int | str, ControlObservation]) -> list[list[object]]:
        keys = _one_per_location(held, self.points)
        if not keys:
            return []
        split = self.tessellation.split(
            np.array([self.position[k] for k in keys], dtype=int),
            np.array([_side_key(held[k]) for k in keys], dtype=object),
            np.array([self.evidence.disputed(k, day) for k in keys], dtype=bool))
        return ([self._row(day, HELD, area, held) for area in split.held]
                + [self._row(day, CONTESTED, area, held) for area in split.contested])

    def _row(self, day: date, status: str, area: Area, held: dict[int | str, ControlObservation]) -> list[object]:
        keys = [self.keys[i] for i in area.places]
        reports = [self.evidence.support(k, day, held[k]) for k in keys]
        nearest = [d for _, d in reports]
        before = [d for d in nearest if d <= day]
        last = max(before) if before else min(nearest)
        confidence = float(np.mean([place_confidence(n, abs((day - d).days)) for n, d in reports]))
        first = held[keys[0]]
        if status == CONTESTED:
            side, label = CONTESTED, "Contested"
        else:  # holders of no known side are never merged: each keeps its own name and area
            side = first.side
            label = SIDES[side].label if side != "unknown" else first.holder
        names = sorted({held[k].place or str(k) for k in keys})
        holders = "; ".join(sorted({held[k].holder for k in keys}))
        return [day.isoformat(), label, side, status, round(area.km2, 1), self.method, len(keys), names,
                holders, sum(n for n, _ in reports), last.isoformat(), abs((day - last).days),
                round(confidence, 2), True, epoch_ms(day), area.geometry]

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
