"""General news read against a small invented gazetteer: a state's name that holds a given
name before its governor's title.

Names and sentences are invented for these tests, in the style of wire and local news.
"""

from __future__ import annotations

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.parser import Geoparser

ENTRIES = {
    # invented states whose second word is a given name (as "Maria" is)
    "North Maria": [C(9100001, "North Maria", 35.5, -79.0, "US", "ADM1", 9_000_000, "NM")],
    "West Rosa": [C(9100002, "West Rosa", 38.6, -80.6, "US", "ADM1", 1_800_000, "WR")],
    "Harlow Springs": [C(9100003, "Harlow Springs", 39.7, -84.2, "US", "PPL", 140_000, "OH")],
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

