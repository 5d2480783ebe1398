"""The map's legend and title box, and the mapped estimate a claim is set beside.

All text is escaped; the legend lists only the sides and attack types that the map draws, so it
stays short on a small corpus and complete on a large one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from html import escape
from typing import Any

import shapely
from pyproj import Geod

from geo.gazetteer.boundaries import country_outline
from geo.maps.layers import as_count, date_ms, is_incident, iso, missing, parse_control
from geo.maps.style import ATTACK_STYLES, OTHER_ATTACK, SIDES, attack_style, side_of

_GEOD = Geod(ellps="WGS84")


def _reports_merged(events: list) -> int | None:
    """How many reports the incidents mapped merge; None when the rows are reports."""
    if not events or not is_incident(events[0][0]):
        return None
    return sum(as_count(row.get("n_reports")) or 1 for row, _ in events)


def _what(events: list) -> str:
    reports = _reports_merged(events)
    if reports is None:
        return f"{len(events)} events"
    return f"{len(events):,} incidents ({reports:,} reports)"


def header_html(title: str, events: list, spans: list) -> str:
    """The title box: the title and the period and number of events (or incidents) mapped."""
    dated = [s for s in spans if s is not None]
    period = f"{iso(min(s[0] for s in dated))} – {iso(max(s[0] for s in dated))}" if dated else "no dated events"
    return (f'<div class="tt-header"><b>{escape(title)}</b> <small>{escape(_what(events))} · '
            f"{escape(period)}</small></div>")


def _sides_used(events: list, places: list, areas: list) -> list[str]:
    keys = set()
    for row, _ in events:
        for col in ("gained_by", "lost_by", "holder", "actor1"):
            if not missing(row.get(col)) and row.get("category") != "attack":
                keys.add(side_of(row.get(col)).key)
    for row, _ in places:
        keys.update(side_of(e.get("holder")).key for e in parse_control(row.get("control")))
    keys.update(side_of(r.get("holder")).key for r, _ in areas)
    return [k for k in SIDES if k in keys]


def legend_html(events: list, places: list, areas: list, counts: dict[str, int], persist_days: int,
                dots: bool = False) -> str:
    """The legend: side colours, the attack glyphs in use, the size scale, what 'estimate' means."""
    parts = ['<div class="tt-legend" id="tt-legend">']
    sides = _sides_used(events, places, areas)
    if sides:
        parts.append("<b>Control (who holds / gained)</b>")
        for key in sides:
            side = SIDES[key]
            parts.append(f'<div><span class="sw" style="background:{side.colour}"></span>{escape(side.label)}</div>')
    styles = {}
    for row, _ in events:
        if row.get("category") == "attack":
            style = attack_style(row.get("sub_event_type"))
            styles[style.label] = style
    reports = _reports_merged(events)
    if styles:
        parts.append("<b>Attacks (size: killed, best estimate)</b>" if reports is not None
                     else "<b>Attacks (size: killed)</b>")
        order = [s.label for s in ATTACK_STYLES.values()] + [OTHER_ATTACK.label]
        for label in sorted(styles, key=order.index):
            style = styles[label]
            parts.append(f'<div><span class="ic" style="background:{style.colour}">'
                         f'<i class="fa-solid fa-{style.icon}"></i></span>{escape(label)}</div>')
    parts.append("<b>Notes</b>")
    if reports is not None:
        several = sum(1 for row, _ in events if (as_count(row.get("n_sources")) or 0) > 1)
        parts.append(f"<div>One marker per incident: {len(events):,} incidents<br>merge {reports:,} reports "
                     f"({several:,} told by several sources).</div>")
    parts.append(f"<div>Events stay {persist_days} days after their date.</div>")
    if dots:
        parts.append("<div>Many events: attacks, control changes<br>and claims are drawn as dots (same colours).</div>")
    if counts.get("Control areas (estimate)"):
        parts.append("<div>Control areas are estimates from the<br>places with a known holder.</div>")
    if counts.get("Location uncertainty"):
        parts.append("<div>Dashed: the event is only located<br>near a place or to a region.</div>")
    parts.append("</div>")
    return "".join(parts)


def _geodesic_km2(geom: shapely.Geometry) -> float:
    return abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6


class AreaIndex:
    """The control areas indexed once by side and date, for the claims of one map.

    A claim needs the areas of its side on the last mapped date not after it and the side's
    largest mapped extent before then. Looking those up by scanning every area for every claim
    was 25 M steps for 5,000 claims and 5,000 areas; here each claim costs a bisection, and each
    (side, country, date) area is unioned and measured at most once, in date order, keeping the
    running peak.
    """

    def __init__(self, areas: Sequence[tuple[dict[str, Any], shapely.Geometry]]) -> None:
        by_side: dict[str, dict[int, list[shapely.Geometry]]] = {}
        sides: dict[object, str] = {}  # holder name -> side key, one regex match per name
        for area, geom in areas:
            d = date_ms(area.get("date"))
            if d is None or geom is None:
                continue
            holder = area.get("holder")
            key = sides.get(holder) if isinstance(holder, str) else None
            if key is None:
                key = side_of(holder).key
                if isinstance(holder, str):
                    sides[holder] = key
            by_side.setdefault(key, {}).setdefault(d, []).append(geom)
        self._dates = {side: sorted(dates) for side, dates in by_side.items()}
        self._geoms = by_side
        # (side, country) -> km² per date, computed in date order as far as a claim needed;
        # and the index of the largest so far (the earliest of equal sizes)
        self._sizes: dict[tuple[str, str], list[float]] = {}
        self._peaks: dict[tuple[str, str], list[int]] = {}
        self._outlines: dict[str, shapely.Geometry | None] = {}

    def __bool__(self) -> bool:
        return bool(self._dates)

    def last(self, side: str, ms: int) -> int | None:
        """The position of the last mapped date of ``side`` not after ``ms``."""
        k = bisect_right(self._dates.get(side, []), ms) - 1
        return k if k >= 0 else None

    def date(self, side: str, k: int) -> int:
        return self._dates[side][k]

    def outline(self, code: object) -> shapely.Geometry | None:
        key = "" if missing(code) else str(code)
        if key not in self._outlines:
            self._outlines[key] = _outline(code)
        return self._outlines[key]

    def sizes(self, side: str, code: object, k: int) -> tuple[float, int]:
        """km² of ``side`` in country ``code`` on its ``k``-th date, and the position of its peak
        up to then."""
        key = (side, "" if missing(code) else str(code))
        sizes, peaks = self._sizes.setdefault(key, []), self._peaks.setdefault(key, [])
        outline = self.outline(code)
        while len(sizes) <= k:
            geom = shapely.union_all(self._geoms[side][self._dates[side][len(sizes)]])
            sizes.append(_geodesic_km2(geom.intersection(outline) if outline is not None else geom))
            peaks.append(len(sizes) - 1 if not peaks or sizes[-1] > sizes[peaks[-1]] else peaks[-1])
        return sizes[k], peaks[k]


def mapped_estimate(row: dict[str, Any], areas: AreaIndex | Sequence[tuple[dict[str, Any], shapely.Geometry]]
                    ) -> str | None:
    """The mapped area of the claim's actor in the claim's country on (or before) its date.

    For "ISIS lost 40% of its territory in Iraq" this gives the estimated ISIS area in Iraq on the
    last mapped date not after the claim, and its change from the largest mapped extent before
    it, so the reader can set the stated figure beside what the articles' places support.
    ``areas`` is an :class:`AreaIndex`, or the (properties, geometry) pairs to build one from
    (pass the index when there are many claims).
    """
    index = areas if isinstance(areas, AreaIndex) else AreaIndex(areas)
    ms = date_ms(row.get("date_start")) or date_ms(row.get("published"))
    side = side_of(row.get("actor1")).key
    if ms is None or side == "unknown" or not index:
        return None
    k = index.last(side, ms)
    if k is None:
        return None
    code = row.get("country_code")
    size, peak_k = index.sizes(side, code, k)
    peak = index.sizes(side, code, peak_k)[0]
    where = f" in {code}" if index.outline(code) is not None else ""
    text = f"≈{size:,.0f} km²{where} on {iso(index.date(side, k))}"
    if peak_k != k and peak > 0:
        change = 100 * (size - peak) / peak
        text += f"; mapped peak {peak:,.0f} km² on {iso(index.date(side, peak_k))} ({change:+.0f}%)"
    return text + " (estimate)"


def _outline(code: object) -> shapely.Geometry | None:
    if missing(code):
        return None
    try:

        return country_outline([str(code)])
    except Exception:  # noqa: BLE001 - without outlines the estimate is for all mapped area
        return None
