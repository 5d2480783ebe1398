"""The map's legend and title box, and the mapped estimate a claim is set beside.

All text is escaped; the legend lists only the sides and attack types that the map draws, so it
stays short on a small corpus and complete on a large one.
"""

from __future__ import annotations

from html import escape
from typing import Any

import shapely
from pyproj import Geod

from geo._maps_layers import date_ms, iso, missing, parse_control
from geo._maps_style import ATTACK_STYLES, OTHER_ATTACK, SIDES, attack_style, side_of

_GEOD = Geod(ellps="WGS84")


def header_html(title: str, events: list, spans: list) -> str:
    """The title box: the title and the period and number of events mapped."""
    dated = [s for s in spans if s is not None]
    period = f"{iso(min(s[0] for s in dated))} – {iso(max(s[0] for s in dated))}" if dated else "no dated events"
    return (f'<div class="tt-header"><b>{escape(title)}</b> <small>{len(events)} events · '
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
    if styles:
        parts.append("<b>Attacks (size: killed)</b>")
        order = [s.label for s in ATTACK_STYLES.values()] + [OTHER_ATTACK.label]
        for label in sorted(styles, key=order.index):
            style = styles[label]
            parts.append(f'<div><span class="ic" style="background:{style.colour}">'
                         f'<i class="fa-solid fa-{style.icon}"></i></span>{escape(label)}</div>')
    parts.append("<b>Notes</b>")
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


def mapped_estimate(row: dict[str, Any], areas: list, cache: dict[tuple, str | None] | None = None) -> str | None:
    """The mapped area of the claim's actor in the claim's country on (or before) its date.

    For "ISIS lost 40% of its territory in Iraq" this gives the estimated ISIS area in Iraq on the
    last mapped date not after the claim, and its change from the largest mapped extent before
    it, so the reader can set the stated figure beside what the articles' places support.
    """
    ms = date_ms(row.get("date_start")) or date_ms(row.get("published"))
    side = side_of(row.get("actor1")).key
    if ms is None or side == "unknown" or not areas:
        return None
    by_date: dict[int, list[shapely.Geometry]] = {}
    for area, geom in areas:
        d = date_ms(area.get("date"))
        if d is not None and d <= ms and side_of(area.get("holder")).key == side:
            by_date.setdefault(d, []).append(geom)
    if not by_date:
        return None
    # claims about the same side and country since the same mapped date share one answer
    key = (side, str(row.get("country_code")), max(by_date))
    if cache is not None and key in cache:
        return cache[key]
    outline = _outline(row.get("country_code"))
    last = max(by_date)

    def km2(d: int) -> float:
        geom = shapely.union_all(by_date[d])
        return _geodesic_km2(geom.intersection(outline) if outline is not None else geom)

    # claims of "lost 40%" speak of the group's largest extent, so compare with the mapped peak
    sizes = {d: km2(d) for d in sorted(by_date)}
    peak = max(sizes, key=lambda d: (sizes[d], -d))
    where = f" in {row.get('country_code')}" if outline is not None else ""
    text = f"≈{sizes[last]:,.0f} km²{where} on {iso(last)}"
    if peak != last and sizes[peak] > 0:
        change = 100 * (sizes[last] - sizes[peak]) / sizes[peak]
        text += f"; mapped peak {sizes[peak]:,.0f} km² on {iso(peak)} ({change:+.0f}%)"
    text += " (estimate)"
    if cache is not None:
        cache[key] = text
    return text


def _outline(code: object) -> shapely.Geometry | None:
    if missing(code):
        return None
    try:
        from geo.boundaries import country_outline

        return country_outline([str(code)])
    except Exception:  # noqa: BLE001 - without outlines the estimate is for all mapped area
        return None
