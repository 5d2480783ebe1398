"""General news read against a small invented gazetteer: a state's name that holds a given
name before its governor's title, and a division's initials written without their dots.

Names and sentences are invented for these tests, in the style of wire and local news.
"""

from __future__ import annotations

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse import recognize
from geo.geoparse.parser import Geoparser

ENTRIES = {
    # invented states whose second word is a given name (as "Maria" is)
    "North Maria": [C(9100001, "North Maria", 35.5, -79.0, "US", "ADM1", 9_000_000, "NM")],
    "West Rosa": [C(9100002, "West Rosa", 38.6, -80.6, "US", "ADM1", 1_800_000, "WR")],
    "Harlow Springs": [C(9100003, "Harlow Springs", 39.7, -84.2, "US", "PPL", 140_000, "OH")],
    # a small town abroad named like the end of a region's name, the region's own towns, and
    # a large city whose west side the news names so
    "Merrow": [C(9100008, "Merrow", 38.8, -77.4, "US", "PPL", 7_500, "VA")],
    "Garrowby": [C(9100009, "Garrowby", 53.8, -1.4, "GB", "PPL", 11_000, "ENG")],
    "Skelby": [C(9100010, "Skelby", 54.0, -2.0, "GB", "PPL", 15_000, "ENG")],
    "Tavrin": [C(9100011, "Tavrin", 36.3, 43.1, "IQ", "PPLA", 1_700_000, "15")],
    "Pellucid": [C(9100013, "Pellucid Ocean", -10.0, -140.0, "", "OCN", 0)],
    "Tell Qasra": [C(9100012, "Tell Qasra", 36.5, 40.7, "SY", "PPL", 20_000, "03")],
    # an invented province and the undotted initials its table abbreviation gives
    "Upper Keswa": [C(9100004, "Upper Keswa", -31.0, 147.0, "AU", "ADM1", 8_000_000, "02")],
    "UKQ": [C(9100004, "Upper Keswa", -31.0, 147.0, "AU", "ADM1", 8_000_000, "02")],
    "SKT": [C(9100005, "Skarn Territory", -35.4, 149.0, "AU", "ADM1", 400_000, "01")],
}


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser(FakeGazetteer(ENTRIES, {}))


def texts(gp: Geoparser, text: str) -> list[str]:
    return [t.text for t in gp.parse_text(text)]


def test_a_state_before_a_governors_title_is_the_state_even_when_it_holds_a_given_name(gp):
    text = ("North Maria Gov. Jane Roe said the storm was coming. West Rosa Governor John Doe "
            "agreed, and Defense Secretary Ann Major said troops were ready in Harlow Springs.")
    assert texts(gp, text) == ["North Maria", "West Rosa", "Harlow Springs"]


def test_a_person_named_after_a_title_inside_a_run_of_capitals_is_still_a_person(gp):
    assert texts(gp, "Governor Maria Roe visited Harlow Springs.") == ["Harlow Springs"]


@pytest.fixture
def initials(monkeypatch):
    # the division table's dotted abbreviations, as the invented provinces would have them
    monkeypatch.setattr(recognize, "undotted_division_initials", lambda: frozenset({"UKQ", "SKT"}))


def test_initials_of_a_division_without_their_dots_are_the_division(gp, initials):
    found = gp.parse_text("Forty homes burned in UKQ on Tuesday as crews from SKT drove north.")
    assert [(t.text, t.name) for t in found] == [("UKQ", "Upper Keswa"), ("SKT", "Skarn Territory")]


def test_initials_on_a_line_of_capitals_stay_out(gp, initials):
    assert texts(gp, "UKQ FIRES SPREAD AS CREWS TIRE") == []


def test_undotted_initials_come_only_from_dotted_abbreviations_of_three_letters_or_more():
    found = recognize.undotted_division_initials()
    assert all(len(a) >= 3 and a.isupper() and "." not in a for a in found)


def test_the_end_of_a_compass_compound_is_no_small_town_abroad(gp):
    text = ("Plans were approved for a depot at Garrowby. Listen to highlights from West Merrow "
            "on the radio, and North Merrow Council will buy homes in Skelby.")
    assert texts(gp, text) == ["Garrowby", "Skelby"]


def test_a_compass_word_before_a_known_town_or_in_its_own_country_keeps_it(gp):
    # a large city's side, and a small town in the country the article is about
    assert texts(gp, "Troops entered West Tavrin as shelling hit Tell Qasra.") == ["Tavrin", "Tell Qasra"]
    # an ocean's part is read at the ocean, as before
    assert texts(gp, "Storms crossed the South Pellucid toward Skelby.") == ["Pellucid", "Skelby"]
    # an article about nowhere else: nothing to weigh the town against
    assert texts(gp, "Storms hit Northern Merrow on Friday.") == ["Merrow"]


def test_the_last_word_of_a_longer_name_alone_later_is_no_small_town_abroad(gp):
    # (a given name the word lists do not hold: no person evidence but the longer name)
    text = ("Skelby beat Garrowby as Olawumi Merrow scored twice. Skelby led until Merrow's "
            "second goal, and Merrow later thanked the crowd.")
    assert texts(gp, text) == ["Skelby", "Garrowby", "Skelby"]


def test_the_last_word_of_a_longer_name_stays_a_place_in_the_articles_country(gp):
    text = "Crowds cheered as Olawumi Garrowby won the race in Skelby, and fans in Garrowby sang."
    assert texts(gp, text) == ["Skelby", "Garrowby"]
