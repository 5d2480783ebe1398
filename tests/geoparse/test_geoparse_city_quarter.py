""""Rebels seize X neighbourhood": a neighbourhood of the city X, not a neighbourhood named X that
the gazetteer lacks. Sentences are written for these tests; the places are made up."""

from __future__ import annotations

from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.parser import Geoparser

SEAT = C(7500001, "Tell Qasra", 35.20, 37.10, "SY", "PPLA", 300_000, "10")
HAMLET_ABROAD = C(7500002, "Wadi Harun", 30.10, 31.20, "EG", "PPL", 900, "05")
ENTRIES = {
    "Tell Qasra": [SEAT],
    "Wadi Harun": [HAMLET_ABROAD],
}


def parse(text: str) -> list[tuple[str, int | None]]:
    return [(t.text, t.geonameid) for t in Geoparser(FakeGazetteer(ENTRIES, {})).parse_text(text)]


def test_a_seat_before_neighbourhood_is_the_city_it_lies_in() -> None:
    text = "Rebels Seize Tell Qasra Neighborhood\nAt least seven civilians were killed in Tell Qasra on Tuesday."
    assert parse(text) == [("Tell Qasra", SEAT.geonameid), ("Tell Qasra", SEAT.geonameid)]


def test_a_hamlet_abroad_named_like_a_neighbourhood_is_still_left_out() -> None:
    text = "Troops pushed into Tell Qasra. They reached the Wadi Harun neighborhood on Monday."
    assert [g for name, g in parse(text) if name == "Wadi Harun"] in ([], [None])
