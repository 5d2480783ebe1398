"""How far "south of X" lies from X when the text gives no distance: a city's belt, or a town's
nearer land. Sentences are written for these tests; the places are made up.
"""

from __future__ import annotations

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.geom import distance_km
from geo.geoparse.parser import DEFAULT_OFFSET_KM, SEAT_COUNTRYSIDE_KM, TOWN_OFFSET_KM, Geoparser

#: a governorate's seat, a large town that is no seat, a small town, and a town of unknown
#: population (0 in the gazetteer, as for most places of the countries mapped, cities among them)
SEAT = C(7400001, "Tell Qasra", 35.20, 37.10, "SY", "PPLA", 300_000, "10")
LARGE_TOWN = C(7400002, "Ayn Basrun", 35.90, 37.60, "SY", "PPL", 150_000, "09")
SMALL_TOWN = C(7400003, "Wadi Harun", 35.50, 36.80, "SY", "PPL", 4_000, "10")
UNKNOWN_SIZE = C(7400004, "Kafr Basil", 35.80, 36.40, "SY", "PPL", 0, "12")
CAPITAL = C(7400005, "Dar Nimra", 33.90, 36.90, "SY", "PPLC", 1_500_000, "13")
ENTRIES = {
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Tell Qasra": [SEAT],
    "Ayn Basrun": [LARGE_TOWN],
    "Wadi Harun": [SMALL_TOWN],
    "Kafr Basil": [UNKNOWN_SIZE],
    "Dar Nimra": [CAPITAL],
}


def moved_km(sentence: str, place: C) -> float:
    (t,) = [t for t in Geoparser(FakeGazetteer(ENTRIES, {})).parse_text(sentence) if t.text == place.name]
    assert t.relation is not None and t.geo_precision == 2
    return distance_km(place.lat, place.lon, t.lat, t.lon)


@pytest.mark.parametrize("place", [CAPITAL, LARGE_TOWN, UNKNOWN_SIZE])
def test_south_of_a_city_or_of_a_place_of_unknown_size_is_a_city_s_belt(place):
    assert moved_km(f"Jets struck rebel positions south of {place.name} on Monday.", place) == \
        pytest.approx(DEFAULT_OFFSET_KM, abs=0.5)


def test_south_of_a_governorate_seat_is_its_countryside_on_that_side():
    # a seat often lies near its governorate's edge: a city's belt put the point in the next one
    assert moved_km("Jets struck rebel positions south of Tell Qasra on Monday.", SEAT) == \
        pytest.approx(SEAT_COUNTRYSIDE_KM, abs=0.5)


def test_south_of_a_small_town_is_the_land_next_to_it():
    assert moved_km("Jets struck rebel positions south of Wadi Harun on Monday.", SMALL_TOWN) == \
        pytest.approx(TOWN_OFFSET_KM, abs=0.5)


def test_a_side_of_a_small_town_s_countryside_is_as_near():
    sentence = "Shelling hit the eastern countryside of Wadi Harun overnight."
    assert moved_km(sentence, SMALL_TOWN) == pytest.approx(TOWN_OFFSET_KM, abs=0.5)


def test_a_side_of_a_seat_s_countryside_stays_nearer_than_its_belt():
    # the seat's countryside is its governorate's land, which often ends within a city's belt
    sentence = "Shelling hit the northern countryside of Tell Qasra overnight."
    assert moved_km(sentence, SEAT) == pytest.approx(SEAT_COUNTRYSIDE_KM, abs=0.5)
    assert TOWN_OFFSET_KM < SEAT_COUNTRYSIDE_KM < DEFAULT_OFFSET_KM


def test_a_distance_the_text_states_is_kept():
    assert moved_km("Jets struck a convoy 15 km south of Wadi Harun on Monday.", SMALL_TOWN) == \
        pytest.approx(15, abs=0.5)
