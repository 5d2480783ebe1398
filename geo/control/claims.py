"""Claims about territory set beside the mapped estimate: one rule, for the table and the map.

A claim ("ISIS lost 40% of its territory in Iraq") is an event of category ``claim`` with a
``metric`` such as ``territory_lost_pct``, ``territory_held_pct``, ``area_km2`` or
``territory_lost_km2``. Whoever sets it beside the estimated areas asks the same three things,
answered here once:

- its **side**: that of ``lost_by``, ``holder``, ``actor1`` or ``actor2``, the first given
  (:func:`claim_side`);
- its **date**: ``date_end``, the day the figure holds as of (:func:`claim_day`);
- the **estimate**: the area of that side in the claim's country on the last mapped date not
  after the claim, and the side's largest mapped extent up to then (the earliest date within
  0.1 % of the largest: the same places give the same area on two dates up to the
  simplification's noise), and the estimate in the claim's own metric (:class:`AreaIndex`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import shapely
from pyproj import Geod

from geo.events.sides import side_of
from geo.gazetteer.boundaries import country_outline

_GEOD = Geod(ellps="WGS84")
#: two mapped areas within this fraction of each other are the same extent
PEAK_TOLERANCE = 0.001


@dataclass(frozen=True, slots=True)
class ClaimEstimate:
    """The mapped estimate beside one claim."""

    estimate_date: date
    area_km2: float
    peak_date: date
    peak_area_km2: float
    #: the estimate in the claim's own metric (NaN when the metric has no mapped counterpart)
    value: float
    #: the country outline the areas were clipped to (None: the whole mapped area)
    clipped_to: str | None


def claim_side(lost_by: object = None, holder: object = None, actor1: object = None,
               actor2: object = None) -> str | None:
    """The side a claim is about, or None when no actor says which.

    Examples
    --------
    >>> claim_side(lost_by="Islamic State", actor1="US-led coalition")
    'isis'
    >>> claim_side() is None
    True
    """
    for actor in (lost_by, holder, actor1, actor2):
        if isinstance(actor, str) and actor.strip():
            return side_of(actor).key
    return None


def geodesic_km2(geom: shapely.Geometry) -> float:
    """Area on the WGS 84 ellipsoid, in km²."""
    return 0.0 if geom.is_empty else abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6


class AreaIndex:
    """The control areas indexed once by side and date, for many claims.

    A claim needs the areas of its side on the last mapped date not after it and the side's
    largest mapped extent before then. Scanning every area for every claim was 25 M steps for
    5,000 claims and 5,000 areas; here each claim costs a bisection, and each (side, country,
    date) area is unioned and measured at most once, in date order, keeping the running peak.

    ``areas`` are (date, holder or side, geometry) triples; holders are grouped by
    :func:`geo.events.sides.side_of`, so a side key itself ("isis") works as a holder. Areas
    without a date or a geometry are left out.
    """

    def __init__(self, areas: Iterable[tuple[date | None, object, shapely.Geometry | None]]) -> None:
        by_side: dict[str, dict[date, list[shapely.Geometry]]] = {}
        sides: dict[str, str] = {}  # holder name -> side key, one regex match per name
        for day, holder, geom in areas:
            if day is None or geom is None:
                continue
            name = holder if isinstance(holder, str) else ""
            if name not in sides:
                sides[name] = side_of(holder).key
            by_side.setdefault(sides[name], {}).setdefault(day, []).append(geom)
        self._dates = {side: sorted(days) for side, days in by_side.items()}
        self._geoms = by_side
        # (side, country) -> km² per date, computed in date order as far as a claim needed,
        # and the position of the peak so far
        self._sizes: dict[tuple[str, str], list[float]] = {}
        self._peaks: dict[tuple[str, str], list[int]] = {}
        self._outlines: dict[str, shapely.Geometry | None] = {}
        self._outline_areas: dict[str, float] = {}

    def __bool__(self) -> bool:
        return bool(self._dates)

    def estimate(self, side: str | None, country_code: str | None, day: date,
                 metric: str = "") -> ClaimEstimate | None:
        """The estimate for a claim of ``side`` in ``country_code`` as of ``day``.

        None when the side is unknown or nothing of it is mapped on or before ``day``.
        """
        if side in (None, "unknown") or side not in self._dates:
            return None
        k = bisect_right(self._dates[side], day) - 1
        if k < 0:
            return None
        code = country_code or ""
        size, peak_k = self._size(side, code, k)
        peak = self._size(side, code, peak_k)[0]
        if size == 0.0 and peak == 0.0:
            return None
        outline = self._outline(code)
        return ClaimEstimate(self._dates[side][k], round(size, 1), self._dates[side][peak_k],
                             round(peak, 1), in_metric(metric, size, peak, lambda: self._outline_km2(code)),
                             code if outline is not None else None)

    def _outline_km2(self, code: str) -> float:
        """The area of a country's outline, measured once (a claim of the share held asks for it)."""
        if code not in self._outline_areas:
            outline = self._outline(code)
            self._outline_areas[code] = geodesic_km2(outline) if outline is not None else 0.0
        return self._outline_areas[code]

    def _outline(self, code: str) -> shapely.Geometry | None:
        if code not in self._outlines:
            self._outlines[code] = country_outline([code]) if code else None
        return self._outlines[code]

    def _size(self, side: str, code: str, k: int) -> tuple[float, int]:
        sizes = self._sizes.setdefault((side, code), [])
        peaks = self._peaks.setdefault((side, code), [])
        outline = self._outline(code)
        while len(sizes) <= k:
            geom = shapely.union_all(self._geoms[side][self._dates[side][len(sizes)]])
            sizes.append(geodesic_km2(geom.intersection(outline) if outline is not None else geom))
            best = peaks[-1] if peaks else 0
            peaks.append(len(sizes) - 1 if sizes[-1] > sizes[best] * (1 + PEAK_TOLERANCE) else best)
        return sizes[k], peaks[k]


def in_metric(metric: str, current: float, peak: float, region_km2: Callable[[], float]) -> float:
    """The mapped estimate in a claim's metric: percent lost or held, km² held or lost.
    ``region_km2``: the area of the claim's country (0 when unknown), asked only for a share held."""
    if metric.endswith("lost_pct"):
        return round(100.0 * (peak - current) / peak, 1) if peak else float("nan")
    if metric.endswith("held_pct"):
        region = region_km2()
        return round(100.0 * current / region, 1) if region else float("nan")
    if metric.endswith("lost_km2"):
        return round(peak - current, 1)
    if metric.endswith("km2"):
        return round(current, 1)
    return float("nan")


def claim_day(row: Mapping[str, object]) -> date | None:
    """The day a claim's figure holds as of: its ``date_end`` (else its start or publication)."""
    for key in ("date_end", "date_start", "published"):
        value = row.get(key)
        if isinstance(value, date):
            return value
        if isinstance(value, str) and len(value) >= 10:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None
