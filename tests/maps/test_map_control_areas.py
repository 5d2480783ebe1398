"""The map's control-area layer: held ground shaded by its reports, contested ground dashed, the
method in the legend; and drawn so in Chromium."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "control"))

from test_control_tessellation import DAY, town_events

from geo.control.estimate import control_areas
from geo.io.exports import events_frame, places_frame
from geo.maps.layers import CONTESTED_COLOUR, area_opacity, control_area_features
from geo.maps.legend import legend_html
from geo.maps.page import make_map
from geo.maps.style import SIDES


def _areas():
    return control_areas(town_events(), dates=[DAY - timedelta(days=40), DAY])


def _pairs(gdf):
    return list(zip(gdf.drop(columns="geometry").to_dict("records"), gdf.geometry))


def test_areas_are_shaded_by_confidence_and_contested_ground_is_dashed():
    areas = _areas()
    rows, geoms = [r for r, _ in _pairs(areas)], list(areas.geometry)
    features = control_area_features(rows, geoms, end_ms=10**13)
    assert len(features) == len(areas)
    for row, feature in zip(rows, features):
        props = feature["properties"]
        assert props["o"] == area_opacity(row["confidence"])
        if row["status"] == "contested":
            assert (props["c"], props["x"]) == (CONTESTED_COLOUR, 1)
            assert props["q"][0] == "Contested ground"
        else:
            assert props["c"] == SIDES[row["side"]].colour and "x" not in props
        table = dict(props["q"][1])
        assert "report" in table["Reports"] and "(0–1)" in table["Confidence"]
        assert "60 km" in props["q"][4]  # the method, with its reach, in every popup
    assert area_opacity(1.0) > area_opacity(0.5) > area_opacity(0.0) > 0
    assert area_opacity(None) == 0.3  # a frame from before the confidence column


def test_the_legend_says_how_areas_are_made_and_contested_ground_is_no_side():
    pairs = _pairs(_areas())
    html = legend_html([], [], pairs, {"Control areas (estimate)": len(pairs)}, 30)
    assert "contested" in html and CONTESTED_COLOUR in html
    assert "60 km: blank ground is unknown" in html and "fresher reports" in html
    assert SIDES["unknown"].label not in html  # "Contested" is not an unknown side


def test_the_map_draws_held_and_contested_areas(tmp_path):
    from _browser import open_map
    from test_browser import STATE_JS, _require_browser, _set_time

    _require_browser()
    events = town_events()
    path = make_map(events_frame(events), places_frame([], events), control_areas(events),
                    tmp_path / "map.html")
    with open_map(path, serve_cdn=False) as (page, log):
        _set_time(page, DAY.isoformat())
        state = page.evaluate(STATE_JS)
        styles = page.evaluate("""() => {
            const map = Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map)
                .map(k => window[k])[0];
            const out = [];
            map.eachLayer(l => {
                if (l instanceof L.Polygon && l.feature && l.feature.properties.start !== undefined) {
                    out.push([l.options.fillColor, l.options.fillOpacity, l.options.dashArray]);
                }
            });
            return out;
        }""")
    assert not log.errors and state["polygons"] >= 3
    dashed = [s for s in styles if s[2] == "4 4"]
    assert dashed and all(s[0] == CONTESTED_COLOUR for s in dashed)
    opacities = {s[1] for s in styles if s[0] == SIDES["isis"].colour}
    assert len(opacities) >= 2  # the lone village's old report is fainter than the fresh ones
