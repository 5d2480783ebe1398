"""Control timelines, estimated areas of control, and claims beside the estimates."""

from __future__ import annotations

import dataclasses
import math
import random
from datetime import date, timedelta

import pyproj
import pytest
import shapely
from _event_factory import make_event

from geo.control.estimate import (
    ControlObservation,
    areas_of_timelines,
    change_dates,
    claims_vs_estimates,
    control_areas,
    control_observation,
    control_timelines,
    holder_at,
    snapshot_dates,
    timelines_of_observations,
    with_inferred_priors,
)
from geo.gazetteer.boundaries import country_outline
from geo.records import Event

GEOD = pyproj.Geod(ellps="WGS84")

# (name, lat, lon, geonameid, country): GeoNames coordinates of real towns
MOSUL = ("Mosul", 36.335, 43.11889, 99072, "IQ")
SINJAR = ("Sinjar", 36.3209, 41.87656, 94298, "IQ")
RAMADI = ("Ramadi", 33.42056, 43.30778, 388349, "IQ")
FALLUJAH = ("Fallujah", 33.34913, 43.78599, 98717, "IQ")
KOBANI = ("Kobani", 36.89095, 38.35347, 170063, "SY")
TAL_ABYAD = ("Tal Abyad", 36.69648, 38.95382, 163270, "SY")
RAQQA = ("Raqqa", 35.95283, 39.00788, 172955, "SY")
PALMYRA = ("Palmyra", 34.5624, 38.28402, 163345, "SY")
BARTELLA = ("Bartella", 36.35222, 43.37917, 99434, "IQ")


def event(i, category, where, d0, d1=None, source="ap_2016.txt", **kw):
    return make_event(i, category, where, d0, d1, source, **kw)


def war_events() -> list[Event]:
    """A small, realistic 2014-2016 sequence: ISIS takes towns, others retake them."""
    return [
        event(1, "control_change", MOSUL, date(2014, 6, 10), gained_by="ISIS", lost_by="Iraqi army",
              evidence="ISIS militants overran Mosul on June 10 as Iraqi soldiers fled."),
        event(2, "control_change", SINJAR, date(2014, 8, 3), gained_by="Islamic State",
              lost_by="Peshmerga"),
        event(3, "control_state", RAQQA, date(2014, 1, 14), holder="ISIS"),
        event(4, "control_state", FALLUJAH, date(2014, 1, 4), holder="ISIS"),
        event(5, "control_change", KOBANI, date(2015, 1, 26), gained_by="Kurdish forces",
              lost_by="ISIS", source="reuters_2015.txt"),
        event(6, "control_change", TAL_ABYAD, date(2015, 6, 15), date(2015, 6, 16),
              gained_by="YPG", lost_by="ISIS"),
        event(7, "control_change", SINJAR, date(2015, 11, 13), gained_by="Peshmerga",
              lost_by="ISIS", source="reuters_2015.txt"),
        event(8, "control_change", RAMADI, date(2015, 12, 28), gained_by="Iraqi forces",
              lost_by="ISIS"),
        event(9, "control_change", PALMYRA, date(2016, 3, 27), gained_by="Syrian government forces",
              lost_by="ISIS"),
        event(10, "attack", ("Damascus", 33.444, 36.341, 170654, "SY"), date(2016, 2, 21),
              event_type="Explosions/Remote violence", sub_event_type="Suicide bomb",
              actor1="ISIS", killed=83, wounded=100),
        event(11, "claim", ("Iraq", 33.0, 44.0, 99237, "IQ"), date(2016, 1, 1), date(2016, 1, 31),
              event_type="Strategic developments", sub_event_type="Other", geo_precision=3,
              metric="territory_lost_pct", value=40.0, unit="%", actor1="ISIS",
              evidence="The US military said ISIS had lost 40% of its territory in Iraq."),
    ]


def test_timelines_group_by_place_and_order_by_date():
    timelines = control_timelines(war_events())
    assert set(timelines) == {MOSUL[3], SINJAR[3], RAQQA[3], FALLUJAH[3], KOBANI[3],
                              TAL_ABYAD[3], RAMADI[3], PALMYRA[3]}
    sinjar = timelines[SINJAR[3]]
    assert [(o.date, o.holder, o.side, o.kind) for o in sinjar] == [
        (date(2014, 8, 3), "Islamic State", "isis", "change"),
        (date(2015, 11, 13), "Peshmerga", "kurdish", "change")]
    assert sinjar[1].previous == "ISIS" and sinjar[1].source == "reuters_2015.txt"
    assert all(isinstance(o, ControlObservation) and not o.conflicting
               for obs in timelines.values() for o in obs)
    # same result whatever order the articles came in
    shuffled = war_events()
    random.Random(3).shuffle(shuffled)
    assert control_timelines(shuffled) == timelines


def test_conflicting_reports_are_kept_and_flagged():
    events = [
        event(1, "control_state", MOSUL, date(2016, 11, 1), date(2016, 12, 10), holder="ISIS",
              source="ibt.txt"),
        event(2, "control_change", MOSUL, date(2016, 11, 20), date(2016, 11, 30),
              gained_by="Iraqi forces", lost_by="ISIS", source="wire.txt"),
        # an earlier, non-overlapping report is history, not a conflict
        event(3, "control_change", MOSUL, date(2014, 6, 10), gained_by="ISIS", source="old.txt"),
    ]
    timeline = control_timelines(events)[MOSUL[3]]
    assert [(o.event_id, o.conflicting) for o in timeline] == [
        ("ev003", False), ("ev001", True), ("ev002", True)]
    assert holder_at(timeline, date(2016, 11, 25)).holder == "Iraqi forces"
    assert holder_at(timeline, date(2015, 1, 1)).holder == "ISIS"
    assert holder_at(timeline, date(2014, 1, 1)) is None


def test_prior_holder_is_inferred_only_when_asked_and_never_beats_a_report():
    events = [
        event(1, "control_change", KOBANI, date(2015, 1, 26), gained_by="Kurdish forces",
              lost_by="ISIS"),
        # Sinjar: the report before the change already names the loser, nothing to infer
        event(2, "control_change", SINJAR, date(2014, 8, 3), gained_by="ISIS"),
        event(3, "control_change", SINJAR, date(2015, 11, 13), gained_by="Peshmerga",
              lost_by="ISIS"),
        # Ramadi: a report 100 days before the loss bounds the inferred holding
        event(4, "control_state", RAMADI, date(2015, 9, 19), holder="Iraqi forces"),
        event(5, "control_change", RAMADI, date(2015, 12, 28), gained_by="Iraqi forces",
              lost_by="ISIS"),
    ]
    assert all(o.kind != "prior" for obs in control_timelines(events).values() for o in obs)
    timelines = control_timelines(events, infer_prior=True)
    kobani = timelines[KOBANI[3]]
    assert [(o.kind, o.holder, o.date, o.event_id) for o in kobani] == [
        ("prior", "ISIS", date(2014, 1, 26), "ev001"),
        ("change", "Kurdish forces", date(2015, 1, 26), "ev001")]
    assert holder_at(kobani, date(2014, 12, 1)).side == "isis"
    assert [o.kind for o in timelines[SINJAR[3]]] == ["change", "change"]
    ramadi = timelines[RAMADI[3]]
    assert [(o.kind, o.date) for o in ramadi] == [
        ("state", date(2015, 9, 19)), ("prior", date(2015, 9, 20)),
        ("change", date(2015, 12, 28))]


def test_same_day_disagreement_goes_to_the_side_more_sources_report():
    day = date(2015, 6, 15)
    events = [
        event(1, "control_change", TAL_ABYAD, day, gained_by="YPG", source="a.txt"),
        event(2, "control_change", TAL_ABYAD, day, gained_by="Kurdish forces", source="b.txt"),
        event(3, "control_state", TAL_ABYAD, day, holder="ISIS", source="c.txt"),
    ]
    for order in (events, events[::-1]):
        timeline = control_timelines(order)[TAL_ABYAD[3]]
        assert holder_at(timeline, day).side == "kurdish"
        assert all(o.conflicting for o in timeline)


def test_change_dates_are_the_days_a_holder_changes():
    timelines = control_timelines(war_events())
    days = change_dates(timelines)
    assert days[0] == date(2014, 1, 4) and days[-1] == date(2016, 3, 27)
    assert date(2015, 11, 13) in days and len(days) == len(set(days)) == 9
    # a second report repeating the same holder is no change
    repeat = [*war_events(), event(20, "control_state", RAQQA, date(2015, 3, 1), holder="ISIS")]
    assert date(2015, 3, 1) not in change_dates(control_timelines(repeat))


def _geodesic_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def _held(areas):
    return areas[areas["status"] == "held"]


def _places_of(areas, side: str) -> list[str]:
    """The places behind all areas of a side (each held area lists its own)."""
    return sorted(p for places in areas.loc[areas["side"] == side, "places"] for p in places)


def test_areas_one_row_per_connected_area_with_true_area():
    areas = control_areas(war_events())
    assert areas.crs.equals("EPSG:4326")
    held = _held(areas)
    # a place stands behind one held area on a date
    assert not held.explode("places").duplicated(["date", "places"]).any()
    assert list(areas["date"]) == sorted(areas["date"])
    assert areas["estimate"].all() and set(areas["method"]) == {"voronoi-country-60km"}
    assert areas.geometry.is_valid.all()
    assert set(areas.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    for row in areas.itertuples():
        assert row.area_km2 == pytest.approx(_geodesic_km2(row.geometry), rel=1e-3)
        # never more than the n discs of 60 km radius behind it
        assert 0 < row.area_km2 <= row.n_places * math.pi * 60**2 * 1.01
        assert len(row.places) == row.n_places
    # Fallujah alone, far from any border: its cell is the whole 60 km reach
    first = held[held["side"] == "isis"].iloc[0]
    assert (first["date"], first["places"]) == ("2014-01-04", ["Fallujah"])
    assert first["area_km2"] == pytest.approx(math.pi * 60**2, rel=0.01)
    # "ISIS overran Mosul, the Iraqi army fled": the army counts as Mosul's holder the year before
    assert areas.iloc[0][["date", "side", "places"]].tolist() == [
        "2013-06-10", "government", ["Mosul"]]
    last = areas[areas["date"] == "2016-03-27"]
    assert set(last["side"]) == {"isis", "kurdish", "government", "contested"}
    assert _places_of(last, "kurdish") == ["Kobani", "Sinjar", "Tal Abyad"]
    assert _places_of(last, "isis") == ["Fallujah", "Mosul", "Raqqa"]  # Sinjar and Ramadi lost
    holders = {h for hs in last.loc[last["side"] == "kurdish", "holders"] for h in hs.split("; ")}
    assert holders == {"Kurdish forces", "Peshmerga", "YPG"}


def test_cells_stop_at_the_border_and_split_between_neighbours():
    areas = control_areas(war_events(), dates=["2015-02-01"])
    kurdish = shapely.union_all(areas.loc[areas["side"] == "kurdish", "geometry"].values)
    turkey = country_outline(["TR"])
    # Kobani sits on the Turkish border: its cell stays in Syria
    assert _geodesic_km2(shapely.intersection(kurdish, turkey)) < 1.0
    assert _geodesic_km2(kurdish) < 0.75 * math.pi * 60**2
    # Mosul and Bartella, 23 km apart, held by different sides: cells meet halfway, no overlap,
    # and a band of contested ground lies between them
    events = [event(1, "control_state", MOSUL, date(2016, 10, 1), holder="ISIS"),
              event(2, "control_change", BARTELLA, date(2016, 10, 20), gained_by="Iraqi forces")]
    split = control_areas(events, dates=[date(2016, 10, 25)]).set_index("side")
    isis, gov = split.loc["isis", "geometry"], split.loc["government", "geometry"]
    contested = split.loc["contested", "geometry"]
    assert isis.contains(shapely.Point(MOSUL[2], MOSUL[1]))
    assert gov.contains(shapely.Point(BARTELLA[2], BARTELLA[1]))
    assert _geodesic_km2(shapely.intersection(isis, gov)) < 0.01
    assert contested.intersects(shapely.LineString([(MOSUL[2], MOSUL[1]), (BARTELLA[2], BARTELLA[1])]))
    assert sorted(split.loc["contested", "places"]) == ["Bartella", "Mosul"]
    total = split["area_km2"].sum()
    assert total < 2 * math.pi * 60**2 * 0.8  # the two discs overlap; the cells do not


def test_holders_of_unknown_side_keep_their_own_areas():
    day = date(2016, 1, 10)
    events = [event(1, "control_change", SINJAR, day, gained_by="ground forces"),
              event(2, "control_change", MOSUL, day, gained_by="Yazidi volunteers"),
              event(3, "control_change", RAMADI, day, gained_by="Peshmerga")]
    areas = _held(control_areas(events, dates=[day]))
    assert list(zip(areas["side"], areas["holder"])) == [
        ("kurdish", "Kurdish forces / SDF"), ("unknown", "Yazidi volunteers"),
        ("unknown", "ground forces")]
    assert list(areas["n_places"]) == [1, 1, 1]


def test_dates_argument_and_unknown_before_first_report():
    areas = control_areas(war_events(), dates=[date(2013, 1, 1), "2015-07-01"])
    assert set(areas["date"]) == {"2015-07-01"}
    # Palmyra and Ramadi count for ISIS too: it lost them within the following year
    assert _places_of(areas, "isis") == ["Fallujah", "Mosul", "Palmyra", "Ramadi", "Raqqa", "Sinjar"]
    reported_only = control_areas(war_events(), dates=["2015-07-01"], infer_prior=False)
    assert _places_of(reported_only, "isis") == ["Fallujah", "Mosul", "Raqqa", "Sinjar"]
    assert set(areas["time_ms"]) == {1435708800000}


def test_areas_from_timelines_made_once_equal_those_from_the_events():
    """A run lists the reported holders of places and maps the areas with inferred priors: both
    from one set of observations, the same as each made from the events."""
    events = war_events()
    reported = control_timelines(events)
    assert with_inferred_priors(reported) == control_timelines(events, infer_prior=True)
    assert control_timelines(events) == reported  # left as it was
    areas = areas_of_timelines(with_inferred_priors(reported), dates=["2015-07-01", "2016-01-01"])
    expected = control_areas(events, dates=["2015-07-01", "2016-01-01"])
    assert areas.drop(columns="geometry").equals(expected.drop(columns="geometry"))
    assert areas.geometry.geom_equals_exact(expected.geometry, 0).all()


def test_regions_and_unlocated_places_draw_no_cell():
    events = [event(1, "control_state", ("Syria", 35.0, 38.0, 163843, "SY"), date(2015, 1, 1),
                    holder="ISIS", geo_precision=3),
              event(2, "control_state", ("Somewhere", None, None, None, None), date(2015, 1, 1),
                    holder="ISIS")]
    areas = control_areas(events)
    assert len(areas) == 0 and "area_km2" in areas.columns and areas.crs.equals("EPSG:4326")
    assert len(control_areas([])) == 0


def test_areas_are_deterministic():
    a = control_areas(war_events())
    shuffled = war_events()
    random.Random(7).shuffle(shuffled)
    b = control_areas(shuffled)
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    assert all(x.equals_exact(y, 0) for x, y in zip(a.geometry, b.geometry))


def test_claims_set_beside_the_mapped_estimate():
    events = war_events()
    table = claims_vs_estimates(events, control_areas(events))
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["metric"], row["value"], row["region"], row["side"]) == (
        "territory_lost_pct", 40.0, "IQ", "isis")
    assert row["date"] == "2016-01-31" and row["estimate_date"] == "2015-12-28"
    # in Iraq ISIS held Fallujah, Mosul, Sinjar and (the year before it lost it) Ramadi; by
    # the claim's date it had lost Sinjar and Ramadi
    assert row["estimated_peak_date"] == "2014-12-28"
    assert 0 < row["estimated_area_km2"] < row["estimated_peak_area_km2"]
    expected = 100 * (row["estimated_peak_area_km2"] - row["estimated_area_km2"]) / row[
        "estimated_peak_area_km2"]
    assert row["estimated_value"] == pytest.approx(expected, abs=0.1)
    assert row["n_places"] == 2 and "estimate from 2 place(s) in IQ" in row["note"]


def test_claim_without_side_or_map_is_explained():
    claim = event(1, "claim", ("Syria", 35.0, 38.0, 163843, "SY"), date(2015, 12, 31),
                  event_type="Strategic developments", sub_event_type="Other", geo_precision=3,
                  metric="territory_lost_pct", value=14.0, unit="%", actor1="ISIS")
    table = claims_vs_estimates([claim], control_areas([claim]))
    assert math.isnan(table.iloc[0]["estimated_value"])
    assert "no mapped area" in table.iloc[0]["note"]
    anonymous = event(2, "claim", ("Iraq", 33.0, 44.0, 99237, "IQ"), date(2016, 1, 31),
                      metric="area_km2", value=2400.0, unit="km2")
    assert "no side" in claims_vs_estimates([anonymous], control_areas([])).iloc[0]["note"]


def test_many_change_dates_thin_to_the_last_of_each_month():
    days = [date(2015, 1, 1) + timedelta(days=3 * i) for i in range(200)]  # 20 months
    assert snapshot_dates(days, 500) == days
    monthly = snapshot_dates(days, 60)
    assert len(monthly) == 20 and monthly[0] == date(2015, 1, 31) and monthly[-1] == days[-1]
    quarterly = snapshot_dates(days, 12)
    assert len(quarterly) == 7 and quarterly[0] == date(2015, 3, 29)
    # the areas use the thinned dates; the final state is always among them
    events = [event(i, "control_change", (f"Village {i}", 35.0 + i * 0.01, 40.0 + i * 0.02, i,
                                          "SY"), d, gained_by=["ISIS", "SDF"][i % 2])
              for i, d in enumerate(days[:40])]
    areas = control_areas(events, max_dates=5)
    assert areas["date"].nunique() <= 5 and areas["date"].max() == days[39].isoformat()


def test_conflict_flags_match_the_pairwise_rule():
    """The sweep that flags conflicting reports says what comparing every pair says."""
    from dataclasses import replace

    from geo.control.estimate import ControlObservation, _flag_conflicts, _side_key
    from geo.events.sides import side_of

    def pairwise(items):
        return [replace(a, conflicting=True) if any(
            _side_key(a) != _side_key(b) and a.date <= b.date_end and b.date <= a.date_end
            for j, b in enumerate(items) if i != j) else a for i, a in enumerate(items)]

    rng = random.Random(11)
    holders = ["ISIS", "Iraqi forces", "Kurdish forces", "a local militia", "A local militia"]
    for _ in range(500):
        items = []
        for i in range(rng.randint(0, 12)):
            day = date(2015, 5, 1) + timedelta(days=rng.randint(0, 20))
            holder = rng.choice(holders)
            items.append(ControlObservation(
                place_key=1, place="Ramadi", date=day, date_end=day + timedelta(days=rng.choice([0, 0, 1, 3, 10])),
                holder=holder, side=side_of(holder).key, kind="change", event_id=str(i), source=f"{i}.txt",
                previous=None, lat=33.42, lon=43.31, country_code="IQ", geo_precision=1, time_precision=1,
                evidence="...", conflicting=False))
        assert _flag_conflicts(items) == pairwise(items)


def test_timelines_of_observations_taken_while_decoding_equal_the_timelines_of_the_events():
    """The run takes each control event's observation as it decodes it (without its sentence),
    instead of reading the control events back: the same timelines as from the events."""
    tell_qasra = ("Tell Qasra", 35.61, 40.74, 9_900_001, "SY")
    wadi_harun = ("Wadi Harun", 35.20, 40.31, 9_900_002, "SY")
    events = [
        event(1, "control_change", tell_qasra, date(2016, 3, 2), gained_by="Free Legion", lost_by="ISIS",
              evidence="Free Legion fighters drove ISIS out of Tell Qasra on Wednesday."),
        event(2, "attack", tell_qasra, date(2016, 3, 4), actor1="ISIS"),
        event(3, "control_state", wadi_harun, date(2016, 3, 5), holder="ISIS",
              evidence="Wadi Harun remains in the hands of ISIS, residents said."),
        event(4, "control_state", tell_qasra, date(2016, 3, 3), holder="ISIS", source="wire_b.txt"),
        event(5, "control_change", ("", None, None, None, None), date(2016, 3, 6), gained_by="ISIS"),
    ]
    taken = [control_observation(e, evidence=False) for e in events]
    assert taken[1] is None and taken[4] is None
    blanked = [dataclasses.replace(e, evidence="") for e in events]
    assert timelines_of_observations(o for o in taken if o is not None) == control_timelines(blanked)
    assert all(o.evidence == "" for items in control_timelines(blanked).values() for o in items)
    assert control_observation(events[0]).evidence.startswith("Free Legion fighters")


def test_a_control_event_that_says_nothing_of_when_is_on_no_timeline():
    tell_qasra = ("Tell Qasra", 36.41, 40.02, 9100001, "SY")
    dated = event(1, "control_change", tell_qasra, date(2016, 3, 2), gained_by="Free Legion", lost_by="ISIS")
    undated = dataclasses.replace(event(2, "control_change", tell_qasra, date(2016, 3, 9), gained_by="ISIS",
                                        lost_by="Free Legion"), date_start=None, date_end=None, time_precision=3)
    claim = dataclasses.replace(event(3, "claim", ("Syria", 35.0, 38.0, 163843, "SY"), date(2016, 3, 9),
                                      metric="territory_share", value=40.0, unit="percent", lost_by="ISIS"),
                                date_start=None, date_end=None)
    assert control_observation(undated) is None
    (timeline,) = control_timelines([dated, undated]).values()
    assert [o.holder for o in timeline] == ["Free Legion"]  # not retaken at some unknown time after
    assert claims_vs_estimates([dated, undated, claim], control_areas([dated, undated])).empty
