"""An estimated area holds from its date until the next estimate: ``valid_from``/``valid_to`` in
the control export, real dates in the GeoPackage, the same span on the map."""

from __future__ import annotations

import json
from itertools import pairwise

import pyogrio
from test_control import war_events

from geo.control.estimate import control_areas
from geo.io.exports import events_frame, places_frame, write_outputs


def test_each_area_is_valid_until_the_next_estimate():
    areas = control_areas(war_events())
    days = sorted(set(areas["date"]))
    assert len(days) > 2
    assert (areas["valid_from"] == areas["date"]).all()
    for day, nxt in pairwise(days):
        assert set(areas.loc[areas["date"] == day, "valid_to"]) == {nxt}
    assert areas.loc[areas["date"] == days[-1], "valid_to"].isna().all()  # the latest still holds
    assert list(areas.columns[:3]) == ["date", "valid_from", "valid_to"]


def test_validity_is_a_real_date_in_the_geopackage_and_text_in_the_geojson(tmp_path):
    events = war_events()
    areas = control_areas(events)
    write_outputs(tmp_path, events_frame(events), places_frame([], events), areas)
    info = pyogrio.read_info(tmp_path / "territory.gpkg", layer="control")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert types["valid_from"].startswith("datetime") and types["valid_to"].startswith("datetime")
    back = json.loads((tmp_path / "control.geojson").read_text())["features"]
    assert {f["properties"]["valid_to"] for f in back} == {*sorted(set(areas["date"]))[1:], None}
