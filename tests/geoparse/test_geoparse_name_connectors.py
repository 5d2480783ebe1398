"""Place names written with lower-case connectors or a possessive inside them, and datelines
after a headline on the same line, read against a small invented gazetteer.

Names and sentences are invented for these tests, in the style of wire and local news.
"""

from __future__ import annotations

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.parser import Geoparser

ENTRIES = {
    "Bay of Tarrow": [C(9200001, "Bay of Tarrow", 14.0, 88.0, "", "BAY")],
    "Tarrow": [C(9200002, "Tarrow", 5.0, 45.0, "SO", "ADM1", 300_000, "04")],
    "Bay": [C(9200003, "Bay", 2.7, 43.5, "SO", "ADM1", 700_000, "05")],
    "Kelby upon Marn": [C(9200004, "Kelby upon Marn", 53.0, -1.0, "GB", "PPL", 90_000, "ENG")],
    "Kelby": [C(9200005, "Kelby", -33.0, 151.0, "AU", "PPL", 12_000, "02")],
    "Marn": [C(9200006, "Marn", 41.0, -80.0, "US", "PPL", 3_000, "PA")],
    "Dorran's Haven": [C(9200007, "Dorran’s Haven", 21.4, 92.0, "BD", "PPL", 250_000, "84")],
    "Dorran": [C(9200008, "Dorran", 38.1, -0.9, "ES", "PPL", 5_000, "60")],
    "Haven": [C(9200009, "Haven", 38.2, -0.8, "ES", "PPL", 2_000, "60")],
    "Vellish": [C(9200010, "Vellish", 33.0, 44.0, "IQ", "PPLA", 900_000, "07")],
    "Ostrava Lane": [C(9200011, "Ostrava Lane", 17.8, 31.0, "ZW", "PPLC", 1_500_000, "05")],
    "Lady Mira's County": [C(9200012, "Lady Mira's County", 39.0, -76.0, "US", "ADM2", 0, "MD")],
}


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser(FakeGazetteer(ENTRIES, {}))


def texts(gp: Geoparser, text: str) -> list[str]:
    return [t.text for t in gp.parse_text(text)]


def test_a_name_with_of_inside_is_one_place(gp):
    assert texts(gp, "Two fishermen drowned in the Bay of Tarrow on Sunday.") == ["Bay of Tarrow"]


def test_a_name_with_upon_inside_is_one_place(gp):
    assert texts(gp, "The factory in Kelby upon Marn will close.") == ["Kelby upon Marn"]


def test_a_possessive_inside_a_known_name_is_one_place(gp):
    assert texts(gp, "Heavy rain fell on Dorran's Haven overnight.") == ["Dorran's Haven"]


def test_a_possessive_before_a_name_the_gazetteer_does_not_join_stays_two_places(gp):
    assert texts(gp, "Officials in Vellish's Tarrow district said.") == ["Vellish", "Tarrow"]


def test_a_place_named_after_a_person_is_no_person(gp):
    assert texts(gp, "Farms in Lady Mira's County were flooded.") == ["Lady Mira's County"]


def test_a_dateline_with_a_date_and_credit_after_a_headline_on_the_same_line(gp):
    text = "Ruling party wins majority. OSTRAVA LANE, August 1 (Wirenews) -- The party won 109 seats."
    assert texts(gp, text) == ["OSTRAVA LANE"]


def test_a_dateline_with_a_longer_credit_before_a_dash(gp):
    text = "Talks resume. VELLISH (Channel 9 News) – The minister spoke on Tuesday."
    assert texts(gp, text) == ["VELLISH"]


def test_a_buildings_name_with_of_inside_is_not_joined():
    entries = dict(ENTRIES)
    entries["Grand Hall of Tarrow"] = [C(9200013, "Grand Hall of Tarrow", 5.0, 45.0, "SO", "AIRP")]
    gp = Geoparser(FakeGazetteer(entries, {}))
    assert "Grand Hall of Tarrow" not in texts(gp, "Crowds gathered at the Grand Hall of Tarrow on Friday.")


def test_a_town_heading_a_court_named_with_a_plural_possessive_is_embedded(gp):
    found = gp.parse_text("The two men appeared at Vellish Magistrates' Court on Monday.")
    assert [(t.text, t.embedded_in) for t in found] == [("Vellish", "Vellish Magistrates' Court")]
