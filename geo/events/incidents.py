"""Many reports of one event: link them into incidents, keep every source, range the tolls.

Five wires report one truck bomb; the map should show one attack with five sources, not five
attacks. :func:`assign_incidents` links the reports (events of :mod:`geo.events.extract`, one per
article sentence) that describe the same real-world event; :func:`incidents_frame` makes one
feature per incident, the way UCDP GED keeps one event with a low, best and high estimate.

Matching rule
-------------
Two reports are of the same incident when all of these hold:

- **what**: the same ``category``; for attacks a compatible kind (a "suicide bomb" and a "car
  bomb" are both bombings; the generic "Attack" of "20 people were killed" goes with any kind;
  an air strike and a bombing never merge); claims the same metric, unit and value;
- **where**: the same place (``geonameid``); when either is only *near* a place
  (``geo_precision`` 2) within ``max_km`` of each other; region- or country-level reports
  (precision 3) only with the same region; reports without coordinates are never merged;
- **when**: their date windows overlap (and the whole incident keeps at least one day that
  every report allows);
- **who**: no conflicting actor: ``actor1``, ``actor2``, ``gained_by``, ``lost_by`` and
  ``holder`` are each the same or unknown on one side.

Links are transitive, but a merge that would put two different named actors or two different
kinds of attack into one incident, or reports with no day in common, is refused, so a chain of
vague reports ("ISIS took Palmyra" some time in 2015-2016) cannot glue two distinct events
together. Reports are taken in a fixed order (date, event id): the result does not depend on
the order of the input. Each report is compared with the incidents still open at its place
(and, for reports near a place, with the incidents of places nearby), not with every earlier
report, so a story told by thousands of articles costs thousands of steps, not millions.

Casualties (UCDP GED style)
---------------------------
Per source, the largest figure any of its reports gives (a later paragraph's updated toll).
Across sources: ``low`` the smallest, ``high`` the largest, ``best`` the figure most sources
give; when no figure is given more often than the others, the median (the lower of the two
middle figures, so ``best`` is always a figure some source reported).

Dates: the intersection of the reports' windows (the days they all allow).
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, cast

from geo.geom import distance_km, epoch_ms
from geo.records import ATTACK, CLAIM, Event, place_key

if TYPE_CHECKING:  # imported where a frame is made: linking reports needs none of them, and a
    # worker or a geoparse-only run that imports geo.events does not pay ~0.5 s for pandas
    import geopandas as gpd

__all__ = ["INCIDENT_COLUMNS", "Linkable", "Reported", "assign_incidents", "casualty_range", "incident_row", "incidents_frame",
           "incidents_gdf"]

#: the default distance within which a report "near X" matches one at or near another place
DEFAULT_MAX_KM = 25.0
#: kinds of attack a reporter may call one another (ACLED sub-event types)
ATTACK_FAMILIES = {
    "Suicide bomb": "bombing",
    "Remote explosive/landmine/IED": "bombing",
    "Grenade": "bombing",
    "Air/drone strike": "air",
    "Shelling/artillery/missile attack": "shelling",
    "Chemical weapon": "chemical",
    "Armed clash": "clash",
}
#: sub-event types that say only that people were attacked: compatible with any kind
GENERIC_ATTACKS = frozenset({"Attack", "", None})
_ACTOR_FIELDS = ("actor1", "actor2", "gained_by", "lost_by", "holder")

INCIDENT_COLUMNS = [
    "incident_id", "category", "event_type", "sub_event_type", "date_start", "date_end",
    "time_precision", "time_ms", "time_end_ms", "place", "geonameid", "country_code", "admin1",
    "geo_precision", "region", "lat", "lon", "actor1", "actor2", "gained_by", "lost_by",
    "holder", "killed_low", "killed_best", "killed_high", "wounded_low", "wounded_best",
    "wounded_high", "metric", "value", "unit", "n_sources", "n_reports", "sources", "event_ids",
    "first_reported", "evidence",
]


class Linkable(Protocol):
    """What linking reports into incidents reads of a report: an :class:`~geo.records.Event`,
    or the few columns of one that :class:`geo.runner.store.Report` keeps."""

    @property
    def event_id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def sub_event_type(self) -> str | None: ...
    @property
    def date_start(self) -> date | None: ...
    @property
    def date_end(self) -> date | None: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...
    @property
    def geonameid(self) -> int | None: ...
    @property
    def region(self) -> str | None: ...
    @property
    def place(self) -> str | None: ...
    @property
    def geo_precision(self) -> int: ...
    @property
    def metric(self) -> str | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def value(self) -> float | None: ...
    # the actors (``_ACTOR_FIELDS``, read by name)
    @property
    def actor1(self) -> str | None: ...
    @property
    def actor2(self) -> str | None: ...
    @property
    def gained_by(self) -> str | None: ...
    @property
    def lost_by(self) -> str | None: ...
    @property
    def holder(self) -> str | None: ...


class _Dated(Linkable, Protocol):
    """A report whose text or publication says when: the only kind linked with others."""

    @property
    def date_start(self) -> date: ...
    @property
    def date_end(self) -> date: ...


class Reported(Linkable, Protocol):
    """What making an incident's row reads of each of its reports (:func:`incident_row`): an
    :class:`~geo.records.Event`, or a stored event's fields by name without the record being built
    (:func:`geo.runner.codec.event_view`)."""

    @property
    def event_type(self) -> str: ...

    @property
    def time_precision(self) -> int: ...

    @property
    def country_code(self) -> str | None: ...

    @property
    def admin1(self) -> str | None: ...

    @property
    def source(self) -> str: ...

    @property
    def published(self) -> date | None: ...

    @property
    def evidence(self) -> str: ...

    @property
    def evidence_start(self) -> int: ...

    @property
    def killed(self) -> int | None: ...

    @property
    def wounded(self) -> int | None: ...


def assign_incidents(events: Iterable[Linkable], *, max_km: float = DEFAULT_MAX_KM) -> dict[str, str]:
    """Which incident each report belongs to.

    Parameters
    ----------
    events
        Reports (events of every article, or any records with the fields of :class:`Linkable`);
        ``event_id`` must be unique.
    max_km
        How far apart two reports may be when either is only near a place.

    Returns
    -------
    dict
        ``event_id`` -> ``incident_id``. An incident id is a digest of its reports' ids, so the
        same reports always make the same id; a report of its own is an incident of one.
    """
    dated: list[_Dated] = []
    undated: list[str] = []
    for e in events:
        if e.date_start is None or e.date_end is None:
            undated.append(e.event_id)
        else:
            dated.append(cast(_Dated, e))
    reports = sorted(dated, key=lambda e: (e.date_start, e.date_end, e.event_id))
    groups = _Groups(reports)
    for block in _blocks(reports).values():
        by_place: dict[Any, list[int]] = defaultdict(list)
        for i in block:
            # a region-level report never joins a town's under the same id
            by_place[(_place_id(reports[i]), reports[i].geo_precision >= 3)].append(i)
        for members in by_place.values():
            _sweep(members, reports, groups)
        _link_near(block, reports, groups, max_km)
    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        by_root[groups.find(i)].append(i)
    out: dict[str, str] = {}
    for idx in by_root.values():
        ids = sorted(reports[i].event_id for i in idx)
        out.update((event_id, _incident_id(ids)) for event_id in ids)
    # a report that says nothing of when is an incident of its own: two reports of the same
    # place with no time cannot be told to be one happening
    out.update((event_id, _incident_id([event_id])) for event_id in undated)
    return out


def _incident_id(event_ids: list[str]) -> str:
    """The digest of an incident's (sorted) report ids."""
    return hashlib.sha1("|".join(event_ids).encode("utf-8")).hexdigest()[:16]


def casualty_range(by_source: Mapping[str, int | None]) -> tuple[int | None, int | None, int | None]:
    """``(low, best, high)`` of the figures the sources give (see the module notes).

    >>> casualty_range({"a.txt": 20, "b.txt": 23, "c.txt": 23, "d.txt": None})
    (20, 23, 23)
    >>> casualty_range({"a.txt": 10, "b.txt": 30, "c.txt": 12})
    (10, 12, 30)
    """
    figures = sorted(int(v) for v in by_source.values() if v is not None)
    if not figures:
        return None, None, None
    if figures[0] == figures[-1]:  # every source told the same figure (most incidents have one report)
        return figures[0], figures[0], figures[0]
    counts = Counter(figures).most_common()
    if len(counts) == 1 or counts[0][1] > counts[1][1]:
        best = counts[0][0]
    else:
        best = figures[(len(figures) - 1) // 2]
    return figures[0], best, figures[-1]


def incidents_frame(events: Iterable[Event], incident_of: Mapping[str, str] | None = None, *,
                    admin1: Mapping[str, str | None] | None = None,
                    max_km: float = DEFAULT_MAX_KM) -> gpd.GeoDataFrame:
    """One Point per incident with every source, the reports' evidence and casualty ranges.

    Parameters
    ----------
    events
        The reports.
    incident_of
        ``event_id`` -> ``incident_id`` (:func:`assign_incidents`, computed when None).
    admin1
        ``event_id`` -> governorate name as the events export resolved it; else the reports'
        own ``admin1``.
    max_km
        Passed to :func:`assign_incidents` when ``incident_of`` is None.

    Returns
    -------
    geopandas.GeoDataFrame
        ``INCIDENT_COLUMNS``; ``sources`` and ``event_ids`` are sorted lists, ``evidence`` a list
        of ``{source, event_id, published, evidence, killed, wounded}`` in order of
        publication; sorted by ``date_start`` then ``incident_id``; EPSG:4326.
    """
    events = list(events)
    if incident_of is None:
        incident_of = assign_incidents(events, max_km=max_km)
    grouped: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        grouped[incident_of[e.event_id]].append(e)
    return incidents_gdf([incident_row(iid, reports, admin1) for iid, reports in grouped.items()])


def incidents_gdf(rows: Iterable[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    """Incident rows (:func:`incident_row`) as a typed GeoDataFrame sorted by ``date_start``
    then ``incident_id``; EPSG:4326."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    df = pd.DataFrame(list(rows), columns=INCIDENT_COLUMNS)
    for col in ("time_precision", "time_ms", "time_end_ms", "geonameid", "geo_precision",
                "killed_low", "killed_best", "killed_high", "wounded_low", "wounded_best",
                "wounded_high", "n_sources", "n_reports"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    for col in ("lat", "lon", "value"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    df["lat"], df["lon"] = df["lat"].round(6), df["lon"].round(6)
    lon = df["lon"].to_numpy("float64", na_value=np.nan)
    lat = df["lat"].to_numpy("float64", na_value=np.nan)
    geoms = gpd.points_from_xy(lon, lat)
    geoms[np.isnan(lon) | np.isnan(lat)] = None
    gdf = gpd.GeoDataFrame(df, geometry=geoms, crs=4326)
    return gdf.sort_values(["date_start", "incident_id"], kind="stable").reset_index(drop=True)


# -- matching ----------------------------------------------------------------------------------

class _Groups:
    """Union-find over report indices that refuses merges of conflicting actors or kinds.

    What a group knows (its one actor per role, its kind, its common days) is kept only for
    groups of more than one report; a report alone reads it off itself. Most reports of a
    large corpus stay alone or are absorbed at once, so this keeps the memory to a few bytes
    per report.
    """

    def __init__(self, reports: Sequence[_Dated]) -> None:
        self.reports = reports
        self.parent = list(range(len(reports)))
        self._known: dict[int, dict[str, Any]] = {}
        self._days: dict[int, tuple[int, int]] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def known(self, root: int) -> dict[str, Any]:
        """Field -> the one known value of the group (None: unknown so far)."""
        found = self._known.get(root)
        if found is None:
            e = self.reports[root]
            found = {**{f: getattr(e, f) for f in _ACTOR_FIELDS}, "kind": _kind(e)}
        return found

    def days(self, root: int) -> tuple[int, int]:
        """The days (ordinals, first and last) every report of the group allows."""
        found = self._days.get(root)
        if found is None:
            e = self.reports[root]
            found = (e.date_start.toordinal(), e.date_end.toordinal())
        return found

    def union(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        ka, kb = self.known(a), self.known(b)
        if any(ka[f] is not None and kb[f] is not None and ka[f] != kb[f] for f in ka):
            return False
        (a_first, a_last), (b_first, b_last) = self.days(a), self.days(b)
        first, last = max(a_first, b_first), min(a_last, b_last)
        if first > last:  # no day that every report allows: two events, however alike
            return False
        root, child = min(a, b), max(a, b)
        self.parent[child] = root
        self._known[root] = {f: ka[f] if ka[f] is not None else kb[f] for f in ka}
        self._days[root] = (first, last)
        self._known.pop(child, None)
        self._days.pop(child, None)
        return True


def _kind(e: Linkable) -> str | None:
    """The kind of attack for the no-conflict rule (None: any kind)."""
    sub = e.sub_event_type
    if e.category != ATTACK or sub is None or sub in GENERIC_ATTACKS:
        return None
    return ATTACK_FAMILIES.get(sub, sub)


def _blocks(reports: Sequence[_Dated]) -> dict[tuple, list[int]]:
    """Reports that may match at all: same category (claims: metric, unit, value)."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, e in enumerate(reports):
        if e.lat is None or e.lon is None or math.isnan(e.lat) or math.isnan(e.lon):
            continue
        key: tuple = (e.category,)
        if e.category == CLAIM:
            key += (e.metric, e.unit, e.value)
        blocks[key].append(i)
    return blocks


def _sweep(members: list[int], reports: Sequence[_Dated], groups: _Groups) -> None:
    """Link the reports of one place (indices in date order) to the incidents still open.

    Each report is tried against one member of every incident whose common days reach its
    first day (the group's checks decide), not against every earlier report: a story told by
    two thousand articles costs two thousand steps, not two million.
    """
    open_roots: list[int] = []
    for i in members:
        first = reports[i].date_start.toordinal()
        seen: dict[int, None] = {}
        for r in open_roots:
            root = groups.find(r)
            if groups.days(root)[1] >= first:  # later reports start later still: closed for good
                seen.setdefault(root, None)
        open_roots = list(seen)
        for root in open_roots:
            groups.union(i, root)
        root = groups.find(i)
        if root not in seen:
            open_roots.append(root)


def _link_near(block: list[int], reports: Sequence[_Dated], groups: _Groups, max_km: float) -> None:
    """Link the incidents of different places within ``max_km`` when one of them holds a
    report only near its place (precision 2).

    Works on the incidents :func:`_sweep` made, one representative report each (its first),
    not on every pair of reports: thousands of reports near one town cost thousands of steps.
    Each near incident is tried only against the incidents of other places nearby whose first
    report's days meet its own (:class:`_NearbyIncidents`): a merge of reports with no day in
    common is refused anyway, and trying every incident of a town the whole war long made a
    long article quadratic.
    """
    roots = sorted({groups.find(i) for i in block if reports[i].geo_precision <= 2})
    near = sorted({groups.find(i) for i in block if reports[i].geo_precision == 2})
    if not near:
        return
    cell_deg = max(max_km / 111.0, 0.01)
    point = {r: _point(reports[r]) for r in roots}  # near is a subset of roots
    cells: dict[tuple[int, int], dict[Any, _NearbyIncidents]] = defaultdict(dict)
    for r in roots:  # in index order, which is the order of first days
        place = _place_id(reports[r])
        of_cell = cells[_cell(point[r], cell_deg)]
        if place not in of_cell:
            of_cell[place] = _NearbyIncidents()
        of_cell[place].add(r, reports[r])
    for g in near:
        a = reports[g]
        a_lat, a_lon = point[g]
        own = _place_id(a)
        first, last = a.date_start.toordinal(), a.date_end.toordinal()
        cx, cy = _cell(point[g], cell_deg)
        for cell in ((cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            by_place = cells.get(cell)
            if not by_place:
                continue
            # the order of the plain scan of the cell (unions refuse by what was merged before)
            candidates = sorted(h for place, incidents in by_place.items() if place != own
                                for h in incidents.meeting(first, last))
            for h in candidates:
                b_lat, b_lon = point[h]
                if groups.find(h) != groups.find(g) and distance_km(a_lat, a_lon, b_lat, b_lon) <= max_km:
                    groups.union(g, h)  # refused when actors, kinds or days disagree


class _NearbyIncidents:
    """The incidents of one place in one cell of :func:`_link_near`, by the days of their first
    report (added in order of first day), for the query "which may share a day with these"."""

    def __init__(self) -> None:
        self.roots: list[int] = []
        self.firsts: list[int] = []
        self.lasts: list[int] = []
        self.longest = 0  # days of the longest window, for the earliest first day that may meet

    def add(self, root: int, report: _Dated) -> None:
        first, last = report.date_start.toordinal(), report.date_end.toordinal()
        self.roots.append(root)
        self.firsts.append(first)
        self.lasts.append(last)
        self.longest = max(self.longest, last - first)

    def meeting(self, first: int, last: int) -> Iterator[int]:
        """The roots whose first report's window meets ``[first, last]`` (a group's days lie in
        the window of each of its reports, so the others cannot merge with it)."""
        lo = bisect.bisect_left(self.firsts, first - self.longest)
        hi = bisect.bisect_right(self.firsts, last)
        for k in range(lo, hi):
            if self.lasts[k] >= first:
                yield self.roots[k]


def _point(e: Linkable) -> tuple[float, float]:
    """``(lat, lon)`` of a report in a block (:func:`_blocks` leaves out the unlocated)."""
    if e.lat is None or e.lon is None:
        raise ValueError(f"{e.event_id}: a report without coordinates has no place among the nearby")
    return e.lat, e.lon


def _cell(point: tuple[float, float], cell_deg: float) -> tuple[int, int]:
    lat, lon = point
    return math.floor(lon / cell_deg), math.floor(lat / cell_deg)


def _place_id(e: Linkable) -> int | str | None:
    return place_key(e.geonameid, e.region, e.place)


# -- incidents ---------------------------------------------------------------------------------

def incident_row(incident_id: str, reports: Sequence[Reported],
                 admin1: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    """One incident's properties (``INCIDENT_COLUMNS``) from its reports.

    ``admin1`` maps ``event_id`` to the governorate the events export resolved; without it the
    reports' own ``admin1``.
    """
    if len(reports) == 1:  # most incidents: the report is the place, the kind and the window
        where = kind = reports[0]
        start, end, precision = where.date_start, where.date_end, where.time_precision
    else:
        reports = sorted(reports, key=lambda e: (e.published or date.max, e.source, e.evidence_start, e.event_id))
        places = Counter(e.geonameid for e in reports)
        where = min(reports, key=lambda e: (e.geo_precision, -places[e.geonameid], e.event_id))
        kind = _specific_kind(reports)
        dated = cast(Sequence[_Dated], reports)  # only reports with a window are linked together
        start, end = _window(dated)
        overlapping = max(e.date_start for e in dated) <= min(e.date_end for e in dated)
        precision = (min if overlapping else max)(e.time_precision for e in reports)
    row: dict[str, Any] = {
        "incident_id": incident_id,
        "category": where.category,
        "event_type": kind.event_type,
        "sub_event_type": kind.sub_event_type,
        "date_start": start.isoformat() if start is not None else None,
        "date_end": end.isoformat() if end is not None else None,
        "time_precision": precision,
        "time_ms": epoch_ms(start),
        "time_end_ms": epoch_ms(end),
        "place": where.place,
        "geonameid": where.geonameid,
        "country_code": where.country_code,
        "admin1": admin1.get(where.event_id, where.admin1) if admin1 is not None else where.admin1,
        "geo_precision": where.geo_precision,
        "region": where.region,
        "lat": where.lat,
        "lon": where.lon,
        "metric": where.metric,
        "value": where.value,
        "unit": where.unit,
    }
    if len(reports) == 1:  # its own actors and figures (what the loops below make of one report)
        for f in _ACTOR_FIELDS:
            row[f] = getattr(where, f)
        for f in ("killed", "wounded"):
            v = getattr(where, f)
            row[f"{f}_low"] = row[f"{f}_best"] = row[f"{f}_high"] = None if v is None else int(v)
    else:
        _add_actors_and_figures(row, reports)
    sources = sorted({e.source for e in reports})
    row.update({
        "n_sources": len(sources),
        "n_reports": len(reports),
        "sources": sources,
        "event_ids": sorted(e.event_id for e in reports),
        "first_reported": next((e.published.isoformat() for e in reports if e.published), None),
        "evidence": [{"source": e.source, "event_id": e.event_id,
                      "published": e.published.isoformat() if e.published else None,
                      "evidence": e.evidence, "killed": e.killed, "wounded": e.wounded}
                     for e in reports],
    })
    return row


def _add_actors_and_figures(row: dict[str, Any], reports: Sequence[Reported]) -> None:
    """Each actor as the first report naming one gives it; the dead and wounded as the range of
    the sources' figures, each source's largest (:func:`casualty_range`)."""
    for f in _ACTOR_FIELDS:
        row[f] = next((getattr(e, f) for e in reports if getattr(e, f) is not None), None)
    for f in ("killed", "wounded"):
        by_source: dict[str, int | None] = {}
        for e in reports:
            v = getattr(e, f)
            if v is not None and (by_source.get(e.source) is None or v > by_source[e.source]):
                by_source[e.source] = v
        row[f"{f}_low"], row[f"{f}_best"], row[f"{f}_high"] = casualty_range(by_source)


def _window(reports: Sequence[_Dated]) -> tuple[date, date]:
    start, end = max(e.date_start for e in reports), min(e.date_end for e in reports)
    if start <= end:
        return start, end
    return min(e.date_start for e in reports), max(e.date_end for e in reports)


def _most_common(reports: Sequence[Reported], field: str) -> Any:
    counts = Counter(getattr(e, field) for e in reports)
    return min(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]


def _specific_kind(reports: Sequence[Reported]) -> Reported:
    """A report of the most reported sub-event type, a specific one ("Suicide bomb") before
    the generic "Attack"; its event type goes with it."""
    specific = [e for e in reports if e.sub_event_type not in GENERIC_ATTACKS] or reports
    sub = _most_common(specific, "sub_event_type")
    return next(e for e in specific if e.sub_event_type == sub)


