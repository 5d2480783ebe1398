"""Unknown items of a list of villages, placed by the known items beside them, and quarters
named "the X Quarter of <town>": sentences written for these tests, a small stand-in gazetteer."""

from __future__ import annotations

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.parser import Geoparser

ENTRIES = {
    "Iraq": [C(99237, "Iraq", 33.0, 44.0, "IQ", "PCLI", 38_000_000)],
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_000_000)],
    "Mosul": [C(99072, "Mosul", 36.335, 43.119, "IQ", "PPLA", 1_739_800)],
    "Qaraqosh": [C(7200001, "Qaraqosh", 36.27, 43.38, "IQ", "PPL", 50_000)],
    "Karamlis": [C(7200002, "Karamlis", 36.30, 43.41, "IQ", "PPL", 5_000)],
    "Sinjar": [C(94298, "Sinjar", 36.32, 41.88, "IQ", "PPL", 38_000)],
    "Tabqa": [C(163270, "Al-Tabqa", 35.83, 38.55, "SY", "PPL", 69_000)],
}


@pytest.fixture(scope="module")
def gp():
    return Geoparser(FakeGazetteer(ENTRIES, {"Iraqi": "IQ"}))


def by_text(toponyms):
    return {t.text: t for t in toponyms}


def test_unknown_village_of_a_list_lies_between_its_known_neighbours(gp):
    text = ("Iraqi troops east of Mosul retook Qaraqosh, Bazwaya, Karamlis and other villages "
            "on Sunday, officials said.")
    t = by_text(gp.parse_text(text))["Bazwaya"]
    assert t.geonameid is None and t.geo_precision == 2
    assert (round(t.lat, 3), round(t.lon, 3)) == (36.285, 43.395)
    assert t.relation == "estimated: listed with Qaraqosh and Karamlis"


def test_known_neighbours_far_apart_place_no_unknown_item(gp):
    text = ("Fighting near Mosul spread to the villages of Qaraqosh, Bazwaya and Sinjar, "
            "officials said.")
    assert "Bazwaya" not in by_text(gp.parse_text(text))


def test_a_list_not_announced_as_villages_places_nothing(gp):
    text = "Aid reached Mosul. Convoys left Qaraqosh, Bazwaya and Karamlis on Monday."
    assert "Bazwaya" not in by_text(gp.parse_text(text))


def test_a_list_of_shopping_centres_is_no_list_of_villages(gp):
    text = ("A bomb in Mosul set fire to the Qaraqosh and Bazwaya shopping centres in the "
            "villages east of the city.")
    assert "Bazwaya" not in by_text(gp.parse_text(text))


def test_known_neighbour_far_from_the_article_places_nothing(gp):
    text = ("Syrian forces near Tabqa took the villages of Qaraqosh and Bazwaya on Monday.")
    assert "Bazwaya" not in by_text(gp.parse_text(text))


def test_named_quarter_of_a_town_lies_in_the_town(gp):
    text = "Kurdish fighters captured the First Quarter of the town of Tabqa on Monday."
    t = by_text(gp.parse_text(text))["First Quarter"]
    assert (t.lat, t.lon) == (35.83, 38.55) and t.geo_precision == 2
    assert t.relation == "estimated: part of Al-Tabqa"
