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
