"""Control areas as a country divided among its places: cells that cover the country within
reach, never overlap, hold their towns, dissolve by holder, and leave contested ground where
holders meet or reports disagree; each area says how many and how old its reports are."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pyproj
import pytest
import shapely
from _event_factory import make_event

from geo.control.estimate import control_areas, place_confidence
from geo.control.tessellation import SIMPLIFY_M
from geo.gazetteer.boundaries import country_outline
from geo.io.exports import to_geojson

GEOD = pyproj.Geod(ellps="WGS84")
DAY = date(2016, 5, 1)

# made-up villages on the plain west of the Tigris (lat, lon inside Iraq), about 25-40 km apart
WEST = [("Qaryat Alif", 35.20, 42.60), ("Qaryat Ba", 35.45, 42.85), ("Qaryat Ta", 35.10, 42.95)]
EAST = [("Qaryat Tha", 35.30, 43.55), ("Qaryat Jim", 35.05, 43.40)]
LONE = ("Qaryat Ha", 32.40, 41.20)  # far out in the western desert, 200 km from the others


def where(i, name, lat, lon):
    return (name, lat, lon, 900_000 + i, "IQ")


def town_events(extra=()):
    events = []
    for i, (name, lat, lon) in enumerate(WEST):
        events.append(make_event(i, "control_state", where(i, name, lat, lon), DAY - timedelta(days=10 * i),
                                 holder="ISIS", source=f"west{i}.txt"))
    for i, (name, lat, lon) in enumerate(EAST, start=10):
        events.append(make_event(i, "control_change", where(i, name, lat, lon), DAY - timedelta(days=i),
                                 gained_by="Iraqi forces", source=f"east{i}.txt"))
    events.append(make_event(20, "control_state", where(20, *LONE), DAY - timedelta(days=200), holder="ISIS"))
    return [*events, *extra]


def km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def reach(towns, km=60.0):
    """The union of the towns' 60 km discs (geodesic circles as polygons)."""
    discs = []
    for _, lat, lon in towns:
        lons, lats, _ = GEOD.fwd([lon] * 72, [lat] * 72, list(range(0, 360, 5)), [km * 1000] * 72)
        discs.append(shapely.Polygon(zip(lons, lats)))
    return shapely.union_all(discs)


def point(town):
    return shapely.Point(town[2], town[1])


def test_cells_cover_the_country_within_reach_without_overlap():
    areas = control_areas(town_events(), dates=[DAY])
    geoms = list(areas.geometry)
    for i, a in enumerate(geoms):
        for b in geoms[i + 1:]:
            assert km2(shapely.intersection(a, b)) < 0.5  # touching, not overlapping
    covered = shapely.union_all(geoms)
    expected = shapely.intersection(reach([*WEST, *EAST, LONE]), country_outline(["IQ"]))
    # equal up to the outline's simplification and the discs' polygons
    assert km2(shapely.symmetric_difference(covered, expected)) < 0.01 * km2(expected)
    # nothing claimed beyond the reach: the empty desert between the lone village and the rest
    desert = shapely.Point(42.0, 33.8)
    assert not covered.intersects(desert.buffer(0.1))
    assert SIMPLIFY_M < 1000  # the outline the cells stop at is the country's, to within a km


def test_each_town_lies_in_its_holders_area_and_same_holders_dissolve():
    areas = control_areas(town_events(), dates=[DAY])
    held = areas[areas["status"] == "held"]
    by_place = {p: row for row in held.itertuples() for p in row.places}
    assert set(by_place) == {t[0] for t in [*WEST, *EAST, LONE]}
    for town in WEST:
        assert by_place[town[0]].side == "isis" and by_place[town[0]].geometry.contains(point(town))
    for town in EAST:
        assert by_place[town[0]].side == "government" and by_place[town[0]].geometry.contains(point(town))
    # the three western villages touch: one area; the lone one is apart: an area of its own
    west = by_place[WEST[0][0]]
    assert sorted(west.places) == sorted(t[0] for t in WEST) and west.geometry.geom_type == "Polygon"
    assert by_place[LONE[0]].places == [LONE[0]]
    assert sorted(held["side"]) == ["government", "isis", "isis"]


def test_ground_between_different_holders_is_contested():
    areas = control_areas(town_events(), dates=[DAY])
    contested = areas[areas["status"] == "contested"]
    assert len(contested) == 1
    row = contested.iloc[0]
    assert (row["holder"], row["side"]) == ("Contested", "contested")
    # between the two fronts, halfway from Qaryat Ba to Qaryat Tha
    mid = shapely.Point((WEST[1][2] + EAST[0][2]) / 2, (WEST[1][1] + EAST[0][1]) / 2)
    assert row.geometry.contains(mid)
    assert not row.geometry.intersects(point(LONE).buffer(0.3))  # nobody contests the lone one
    assert set(row["places"]) <= {t[0] for t in [*WEST, *EAST]}
    # a band about 10 km wide along a front some 60 km long
    assert 300 < row["area_km2"] < 2000


def test_reports_that_disagree_within_days_make_a_town_contested_until_they_age():
    alif = where(0, *WEST[0])
    claim = make_event(30, "control_state", alif, DAY - timedelta(days=3), holder="Iraqi forces",
                       source="other_outlet.txt")
    areas = control_areas(town_events([claim]), dates=[DAY, DAY + timedelta(days=30)])
    now, later = (areas[areas["date"] == d.isoformat()] for d in (DAY, DAY + timedelta(days=30)))
    town = point(WEST[0])
    contested = now[now["status"] == "contested"].iloc[0]
    assert contested.geometry.contains(town) and WEST[0][0] in contested["places"]
    assert not any(g.contains(town) for g in now.loc[now["status"] == "held", "geometry"])
    # a month on, the latest report (ISIS, on DAY itself) holds the town again
    held_later = later[later["status"] == "held"]
    assert any(row.geometry.contains(town) and row.side == "isis" for row in held_later.itertuples())


def test_the_dates_include_the_day_a_dispute_ends():
    alif = where(0, *WEST[0])
    claim = make_event(30, "control_state", alif, DAY - timedelta(days=3), holder="Iraqi forces")
    days = set(control_areas(town_events([claim]))["date"])
    # the two reports speak 14 days past their day: the Iraqi one (3 days before DAY) stops
    # speaking 11 days after DAY, and the areas are estimated again the day after
    assert {DAY.isoformat(), (DAY + timedelta(days=12)).isoformat()} <= days


def test_areas_are_shaded_by_how_many_and_how_old_their_reports_are():
    again = make_event(31, "control_state", where(10, *EAST[0]), DAY - timedelta(days=2),
                       holder="Iraqi army", source="third.txt")
    areas = control_areas(town_events([again]), dates=[DAY])
    held = areas[areas["status"] == "held"].set_index("side", drop=False)
    assert held["confidence"].between(0, 1).all()
    gov = held.loc["government"]
    assert gov["n_reports"] == 3 and gov["last_report_date"] == (DAY - timedelta(days=2)).isoformat()
    assert gov["age_days"] == 2
    lone = held[held["places"].map(lambda p: p == [LONE[0]])].iloc[0]
    assert (lone["n_reports"], lone["age_days"]) == (1, 200)
    assert lone["confidence"] == pytest.approx(place_confidence(1, 200), abs=0.01)
    assert lone["confidence"] < gov["confidence"]
    assert place_confidence(1, 0) == 0.5 and place_confidence(3, 0) > place_confidence(2, 0)
    assert place_confidence(2, 90) == pytest.approx(place_confidence(2, 0) / 2)


def test_exports_are_rfc7946_and_the_same_bytes_whatever_the_input_order():
    events = town_events()
    text = to_geojson(control_areas(events))
    shuffled = list(events)
    random.Random(3).shuffle(shuffled)
    assert to_geojson(control_areas(shuffled)) == text
    features = json.loads(text)["features"]
    assert {f["properties"]["status"] for f in features} == {"held", "contested"}
    for feature in features:
        props = feature["properties"]
        assert {"n_reports", "last_report_date", "age_days", "confidence", "valid_from", "valid_to"} <= set(props)
        geom = shapely.from_geojson(json.dumps(feature["geometry"]))
        for polygon in shapely.get_parts(geom):
            assert polygon.exterior.is_ccw
            assert all(not ring.is_ccw for ring in polygon.interiors)
