"""Many reports of one event: which reports are linked, what an incident says, and end to end."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date

from geo.events.incidents import (
    INCIDENT_COLUMNS,
    assign_incidents,
    casualty_range,
    incident_row,
    incidents_frame,
)
from geo.records import Event
from geo.runner.pipeline import run

HILLA = {"place": "Al Hillah", "geonameid": 99347, "lat": 32.46367, "lon": 44.41963, "country_code": "IQ"}
MUSAYYIB = {"place": "Al Musayyib", "geonameid": 95788, "lat": 32.77866, "lon": 44.29003, "country_code": "IQ"}
PALMYRA = {"place": "Palmyra", "geonameid": 170761, "lat": 34.56032, "lon": 38.26837, "country_code": "SY"}

# Three wires on the truck bomb at a Hilla checkpoint, as agencies write them.
WIRES = {
    "reuters.txt": (
        "HILLA, Iraq (Reuters) - A suicide bomber drove a fuel tanker packed with explosives into a "
        "checkpoint at the northern entrance of Hilla on Sunday, killing at least 47 people and "
        "wounding 65, police and medical sources said.\n\nIslamic State claimed responsibility for "
        "the attack in a statement circulated online.\n"
    ),
    "ap.txt": (
        "BAGHDAD (AP) - A suicide truck bomb tore through a security checkpoint in the Iraqi city of "
        "Hilla on Sunday, killing 60 people, officials said.\n\nThe Islamic State group said it "
        "carried out the bombing.\n"
    ),
    "afp.txt": (
        "BAGHDAD (AFP) - A suicide bombing at a checkpoint in Hilla on Sunday killed 60 people and "
        "wounded more than 70, officials said on Monday.\n"
    ),
}
WIRE_MANIFEST = "file,published,outlet\nreuters.txt,2016-03-06,Reuters\nap.txt,2016-03-06,AP\nafp.txt,2016-03-07,AFP\n"


def report(event_id: str, source: str, day: date, *, end: date | None = None, category: str = "attack",
           sub: str = "Suicide bomb", where: dict = HILLA, precision: int = 1, **fields) -> Event:
    """An event record as the extractor makes it, for one report in one article."""
    etype = {"attack": "Explosions/Remote violence", "control_change": "Battles"}.get(category, "Strategic developments")
    if sub == "Attack":
        etype = "Violence against civilians"
    return Event(event_id=event_id, category=category, event_type=etype, sub_event_type=sub,
                 date_start=day, date_end=end or day, time_precision=1 if end is None else 3,
                 mention=where["place"], source=source, evidence=f"sentence of {source}",
                 evidence_start=0, evidence_end=20, geo_precision=precision, published=end or day,
                 **where, **fields)


def groups(events: list[Event]) -> list[set[str]]:
    incident_of = assign_incidents(events)
    by: dict[str, set[str]] = {}
    for event_id, incident in incident_of.items():
        by.setdefault(incident, set()).add(event_id)
    return sorted(by.values(), key=lambda g: sorted(g))


def test_five_reports_of_one_bombing_are_one_incident_with_every_source():
    day = date(2016, 3, 6)
    events = [report(f"e{i}", f"wire{i}.txt", day, killed=k, actor1=a)
              for i, (k, a) in enumerate([(47, "ISIS"), (60, None), (60, "ISIS"), (52, None), (None, None)])]
    assert groups(events) == [{"e0", "e1", "e2", "e3", "e4"}]
    inc = incidents_frame(events).iloc[0]
    assert inc["n_sources"] == 5 and inc["sources"] == [f"wire{i}.txt" for i in range(5)]
    assert (inc["killed_low"], inc["killed_best"], inc["killed_high"]) == (47, 60, 60)
    assert inc["actor1"] == "ISIS"
    assert [e["source"] for e in inc["evidence"]] == sorted(inc["sources"])


def test_different_kind_day_place_or_side_stay_apart():
    day = date(2016, 3, 6)
    events = [
        report("bomb", "a.txt", day),
        report("strike", "b.txt", day, sub="Air/drone strike"),  # an air strike is no bombing
        report("next_day", "c.txt", date(2016, 3, 7)),  # windows do not overlap
        report("elsewhere", "d.txt", day, where=MUSAYYIB),  # another town, both precise
        report("taken", "e.txt", day, category="control_change", sub="Non-state actor overtakes territory",
               gained_by="ISIS", lost_by="Syrian army", where=PALMYRA),
        report("retaken", "f.txt", day, category="control_change", sub="Government regains territory",
               gained_by="Syrian army", lost_by="ISIS", where=PALMYRA),
    ]
    assert all(len(g) == 1 for g in groups(events))


def test_generic_killing_report_joins_the_bombing_it_describes():
    day = date(2016, 3, 6)
    events = [report("bomb", "a.txt", day, killed=47), report("killed", "b.txt", day, sub="Attack", killed=50)]
    assert groups(events) == [{"bomb", "killed"}]
    inc = incidents_frame(events).iloc[0]
    assert inc["sub_event_type"] == "Suicide bomb" and inc["event_type"] == "Explosions/Remote violence"


def test_a_report_near_a_town_joins_one_at_the_town_within_the_distance():
    day = date(2016, 3, 6)
    south = dict(HILLA, lat=HILLA["lat"] - 0.15, geonameid=None, place="Al Hillah")  # ~17 km south
    events = [report("in", "a.txt", day), report("near", "b.txt", day, where=south, precision=2),
              report("far", "c.txt", day, where=MUSAYYIB, precision=2)]  # ~40 km away
    assert groups(events) == [{"far"}, {"in", "near"}]


def test_conflicting_actors_are_never_glued_by_a_vague_report():
    day = date(2016, 3, 6)
    events = [report("isis", "a.txt", day, actor1="ISIS"), report("vague", "b.txt", day),
              report("nusra", "c.txt", day, actor1="al-Nusra Front")]
    found = groups(events)
    assert len(found) == 2 and not any({"isis", "nusra"} <= g for g in found)


def test_vague_windows_do_not_chain_two_captures_a_year_apart():
    events = [
        report("2015", "a.txt", date(2015, 5, 21), category="control_change", gained_by="ISIS", where=PALMYRA,
               sub="Non-state actor overtakes territory"),
        report("vague", "b.txt", date(2015, 1, 1), end=date(2016, 12, 31), category="control_change",
               gained_by="ISIS", where=PALMYRA, sub="Non-state actor overtakes territory"),
        report("2016", "c.txt", date(2016, 12, 11), category="control_change", gained_by="ISIS", where=PALMYRA,
               sub="Non-state actor overtakes territory"),
    ]
    found = groups(events)
    assert not any({"2015", "2016"} <= g for g in found)


def test_incidents_do_not_depend_on_input_order():
    day = date(2016, 3, 6)
    events = [report(f"e{i}", f"s{i % 4}.txt", day, killed=10 + i, actor1=None if i % 2 else "ISIS")
              for i in range(12)]
    events += [report(f"m{i}", f"s{i}.txt", day, where=MUSAYYIB) for i in range(3)]
    expected = assign_incidents(events)
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    assert assign_incidents(shuffled) == expected
    a = incidents_frame(events).drop(columns="geometry").to_json()
    b = incidents_frame(shuffled).drop(columns="geometry").to_json()
    assert a == b


def test_casualty_range_best_is_the_most_reported_else_the_lower_median():
    assert casualty_range({"a": 47, "b": 60, "c": 60}) == (47, 60, 60)
    assert casualty_range({"a": 10, "b": 30, "c": 12}) == (10, 12, 30)
    assert casualty_range({"a": 65, "b": 70}) == (65, 65, 70)
    assert casualty_range({"a": 12, "b": 12, "c": None}) == (12, 12, 12)
    assert casualty_range({"a": 9}) == (9, 9, 9)
    assert casualty_range({"a": None}) == (None, None, None)


def test_one_source_counts_its_largest_toll_once():
    day = date(2016, 3, 6)
    events = [report("lede", "a.txt", day, killed=30), report("update", "a.txt", day, killed=47),
              report("other", "b.txt", day, killed=40)]
    inc = incidents_frame(events).iloc[0]
    assert inc["n_sources"] == 2 and inc["n_reports"] == 3
    assert (inc["killed_low"], inc["killed_best"], inc["killed_high"]) == (40, 40, 47)


def test_three_wires_on_the_hilla_bombing_end_to_end(tmp_path):
    corpus = tmp_path / "wires"
    corpus.mkdir()
    for name, text in WIRES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(WIRE_MANIFEST, encoding="utf-8")
    out = tmp_path / "out"
    summary = run([corpus], out, manifest=tmp_path / "manifest.csv", cache=False)
    events = json.loads((out / "events.geojson").read_text())["features"]
    attacks = [f["properties"] for f in events if f["properties"]["category"] == "attack"]
    assert {p["source"] for p in attacks} == set(WIRES)
    assert len({p["incident_id"] for p in attacks}) == 1  # each report keeps its own feature ...
    incidents = json.loads((out / "incidents.geojson").read_text())["features"]
    merged = [f["properties"] for f in incidents if f["properties"]["n_sources"] > 1]
    assert len(merged) == 1  # ... and the merged layer has one attack with three sources
    inc = merged[0]
    assert inc["sources"] == sorted(WIRES) and inc["incident_id"] == attacks[0]["incident_id"]
    assert (inc["killed_low"], inc["killed_best"], inc["killed_high"]) == (47, 60, 60)
    assert inc["date_start"] == inc["date_end"] == "2016-03-06"
    assert {e["evidence"] for e in inc["evidence"]} == {p["evidence"] for p in attacks}
    assert list(incidents[0]["properties"]) == list(INCIDENT_COLUMNS)
    assert summary.merged_incidents == 1
    import geopandas

    layer = geopandas.read_file(out / "territory.gpkg", layer="incidents")
    assert len(layer) == len(incidents) and json.loads(layer["sources"].iloc[0])


def test_an_incident_of_one_report_is_that_report():
    alone = report("e1", "wire.txt", date(2016, 3, 6), end=date(2016, 3, 8), killed=47, wounded=65,
                   actor1="Islamic State")
    row = incident_row("inc1", [alone])
    assert (row["date_start"], row["date_end"], row["time_precision"]) == ("2016-03-06", "2016-03-08", 3)
    assert (row["place"], row["sub_event_type"], row["actor1"]) == ("Al Hillah", "Suicide bomb", "Islamic State")
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (47, 47, 47)
    assert (row["n_sources"], row["n_reports"], row["sources"], row["event_ids"]) == (1, 1, ["wire.txt"], ["e1"])
    assert row["first_reported"] == "2016-03-08" and row["evidence"][0]["killed"] == 47


def test_an_incident_of_one_report_takes_what_the_many_report_rules_would_give():
    """One report's actors and figures are taken directly: the same as the rules for many
    reports (first actor named, the sources' range) give for one, missing figures included."""
    from geo.events.incidents import _add_actors_and_figures

    for alone in (report("e1", "wire.txt", date(2016, 3, 6), killed=47, wounded=None, actor1="Islamic State"),
                  report("e2", "wire.txt", date(2016, 3, 6), killed=None, wounded=3, actor2="Iraqi police")):
        row = incident_row("inc1", [alone])
        general: dict = {}
        _add_actors_and_figures(general, [alone])
        assert {k: row[k] for k in general} == general


def test_reports_that_say_nothing_of_when_are_incidents_of_their_own():
    day = date(2016, 3, 6)
    undated = [replace(report(f"u{i}", f"log{i}.txt", day, killed=4), date_start=None, date_end=None,
                       time_precision=3, published=None) for i in range(2)]
    events = [report("dated", "a.txt", day, killed=47), *undated]
    # the same kind at the same place: the dated report does not swallow them, nor they each other
    assert groups(events) == [{"dated"}, {"u0"}, {"u1"}]
    row = incident_row("one", [undated[0]])
    assert (row["date_start"], row["date_end"], row["time_ms"], row["time_end_ms"]) == (None, None, None, None)
    assert row["time_precision"] == 3 and row["killed_best"] == 4
    assert len(incidents_frame(events)) == 3
