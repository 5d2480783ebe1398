"""The map's legend and title box, and the mapped estimate a claim is set beside.

All text is escaped; the legend lists only the sides and attack types that the map draws, so it
stays short on a small corpus and complete on a large one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from typing import Any

import shapely

from geo.control.claims import AreaIndex, claim_day, claim_side
from geo.maps.layers import (
    CONTESTED_COLOUR,
    area_opacity,
    as_count,
    date_ms,
    is_incident,
    iso,
    missing,
    parse_control,
    reach_text,
    wide_window,
)
from geo.maps.style import ATTACK_STYLES, OTHER_ATTACK, SIDES, attack_style, side_of
from geo.records import ATTACK, CONTROL_CHANGE, CONTROL_STATE


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
    # the distinct names first: 20,000 events name a few hundred actors
    actors = {row.get(col) for row, _ in events if row.get("category") != ATTACK
              for col in ("gained_by", "lost_by", "holder", "actor1")}
    keys = {side_of(actor).key for actor in actors if not missing(actor)}
    for row, _ in places:
        keys.update(side_of(e.get("holder")).key for e in parse_control(row.get("control")))
    keys.update(side_of(r.get("holder")).key for r, _ in areas if not _contested(r))
    return [k for k in SIDES if k in keys]


def legend_html(events: list, places: list, areas: list, counts: dict[str, int], persist_days: int,
                dots: bool = False) -> str:
    """The legend, folded by a click on its title: side colours, what each marker means (town
    dots, flags, the eye of a report of who holds a place, claim labels, attack glyphs and the
    size scale), how time and place uncertainty look, and what 'estimate' means."""
    parts = ['<details class="tt-legend" id="tt-legend" open><summary>Legend</summary>']
    sides = _sides_used(events, places, areas)
    if sides:
        parts.append("<b>Sides (who holds / gained)</b>")
        for key in sides:
            side = SIDES[key]
            parts.append(f'<div><span class="sw" style="background:{side.colour}"></span>{escape(side.label)}</div>')
    parts += _marker_rows(events, counts, dots)
    styles = {}
    for row, _ in events:
        if row.get("category") == ATTACK:
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
        parts += _area_rows(areas)
    if counts.get("Location uncertainty"):
        parts.append("<div>Dashed grey: the event is only located<br>near a place or to a region.</div>")
    parts.append("</details>")
    return "".join(parts)


def _contested(row: dict[str, Any]) -> bool:
    return row.get("status") == "contested"


def _area_rows(areas: list) -> list[str]:
    """How to read the control areas: the method, the shading, contested ground, blank ground."""
    reach = reach_text(areas[0][0].get("method")) if areas else "60 km"
    grey = SIDES["unknown"].colour
    rows = ["<b>Control areas (estimate)</b>",
            (f'<div><span class="sw" style="background:{grey};opacity:{area_opacity(1.0)}"></span>'
             f'<span class="sw" style="background:{grey};opacity:{area_opacity(0.1)}"></span>'
             "stronger: more, fresher reports;<br>fainter: few or old ones</div>")]
    if any(_contested(row) for row, _ in areas):
        rows.append(f'<div><span class="sw" style="background:{CONTESTED_COLOUR};opacity:0.5;'
                    f'border:1px dashed {CONTESTED_COLOUR}"></span>contested: within 5 km of another<br>'
                    "holder's ground, or reports disagree</div>")
    rows.append(f"<div>Each country divided among the places<br>with a known holder (nearest place), "
                f"no<br>farther than {escape(reach)}: blank ground is unknown.<br>"
                "Each estimate holds until the next.</div>")
    return rows


def _marker_rows(events: list, counts: dict[str, int], dots: bool) -> list[str]:
    """What the markers other than the attacks mean, for the layers the map has."""
    grey, rows = SIDES["unknown"].colour, []
    if counts.get("Control of places"):
        rows.append(f'<div><span class="sw" style="background:{grey}"></span>a town, in its holder\'s colour '
                    "then</div>")
        rows.append('<div><span class="sw" style="background:#fff;border:2px dashed #e0001b"></span>'
                    "reports of its holder conflict</div>")
    categories = {str(row.get("category")) for row, _ in events}
    if counts.get("Control changes") and CONTROL_CHANGE in categories:
        rows.append(f'<div><span class="ic tt-key-flag" style="background:{grey}"><i class="fa-solid fa-flag"></i>'
                    "</span>place taken: fill the gainer, ring the loser</div>")
    if counts.get("Control changes") and CONTROL_STATE in categories:
        rows.append(f'<div><span class="ic" style="background:{grey}"><i class="fa-solid fa-eye"></i></span>'
                    "a report of who holds a place</div>")
    if counts.get("Claims"):
        rows.append('<div><span class="tt-claim tt-key-claim"><i class="fa-solid fa-bullhorn"></i> lost 40 %</span>'
                    " a figure an article states<br>(its popup sets it beside the mapped estimate)</div>")
    if any(wide_window(row) for row, _ in events):
        rows.append('<div><span class="ic tt-key-vague" style="background:#999"></span>'
                    "faded, dashed: the day is not known;<br>drawn over its whole window</div>")
    if any(counts.get(name) for name in ("Attacks", "Control changes", "Claims")):
        rows.append('<div><span class="tt-key-cluster">12</span>that many events close together at this zoom<br>'
                    "(click to zoom in; single markers from zoom 10)</div>")
        rows.append("<div>The list on the right: the events on the map<br>at the slider's date, newest first; "
                    "its filters<br>act on map and list, a click flies to the event.</div>")
    if rows:
        rows.insert(0, "<b>Markers</b>")
    return rows


def area_index(areas: Sequence[tuple[dict[str, Any], shapely.Geometry]]) -> AreaIndex:
    """The control areas of a map (properties, geometry) indexed for its claims."""
    return AreaIndex((_day(props.get("date")), props.get("holder"), geom) for props, geom in areas
                     if not _contested(props))


def mapped_estimate(row: dict[str, Any], areas: AreaIndex | Sequence[tuple[dict[str, Any], shapely.Geometry]]
                    ) -> str | None:
    """The mapped area of the claim's side in the claim's country on (or before) its date.

    For "ISIS lost 40% of its territory in Iraq" this gives the estimated ISIS area in Iraq on the
    last mapped date not after the claim, and its change from the largest mapped extent before
    it, so the reader can set the stated figure beside what the articles' places support. The
    rule is the claims table's (:mod:`geo.control.claims`). ``areas`` is an
    :class:`~geo.control.claims.AreaIndex` (pass one when there are many claims), or the
    (properties, geometry) pairs of the map's areas.
    """
    index = areas if isinstance(areas, AreaIndex) else area_index(areas)
    day = claim_day(row)
    if isinstance(day, datetime):  # a pandas Timestamp, as read back from a GeoJSON: a day, comparable
        day = day.date()
    side = claim_side(*(None if missing(row.get(k)) else row.get(k)
                        for k in ("lost_by", "holder", "actor1", "actor2")))
    if day is None or not index:
        return None
    code = row.get("country_code")
    estimate = index.estimate(side, None if missing(code) else str(code), day, str(row.get("metric") or ""))
    if estimate is None:
        return None
    where = f" in {estimate.clipped_to}" if estimate.clipped_to else ""
    text = f"≈{estimate.area_km2:,.0f} km²{where} on {estimate.estimate_date.isoformat()}"
    if estimate.peak_date != estimate.estimate_date and estimate.peak_area_km2 > 0:
        change = 100 * (estimate.area_km2 - estimate.peak_area_km2) / estimate.peak_area_km2
        text += (f"; mapped peak {estimate.peak_area_km2:,.0f} km² on {estimate.peak_date.isoformat()}"
                 f" ({change:+.0f}%)")
    return text + " (estimate)"


def _day(value: object) -> date | None:
    ms = date_ms(value)
    return None if ms is None else date.fromisoformat(iso(ms))
