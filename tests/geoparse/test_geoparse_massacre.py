"""A killing named with a word before "massacre" ("the Kellmore massacre") is no cue that a place
is meant: news names massacres after a club, a shopping centre, a killer, a holiday or a faction
as often as after a village, and a one-word name of a small village, here or abroad, is believed
only with a cue. Sentences are written for these tests; the places are made up.
"""

from __future__ import annotations

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.parser import Geoparser

ENTRIES = {
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    # small places whose names are also a killer's, a shopping centre's, a holiday's, a faction's
    "Kellmore": [C(7300001, "Kellmore", 42.10, -93.40, "US", "PPL", 300, "IA")],
    "Brightwater": [C(7300002, "Brightwater", 49.80, -97.10, "CA", "PPL", 150, "03")],
    "Halloween": [C(7300003, "Halloween", 38.20, -84.60, "US", "PPL", 80, "KY")],
    "Qasra": [C(7300004, "Qasra", 35.61, 36.59, "SY", "PPL", 0, "12")],
}
DEMONYMS = {"Syrian": "SY"}


def places(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.name) for t in Geoparser(FakeGazetteer(ENTRIES, DEMONYMS)).parse_text(text)]


@pytest.mark.parametrize("sentence", [
    "The Kellmore massacre was in 1969, the jury heard.",
    "Survivors of the Brightwater massacre testified on Tuesday.",
    "The Halloween massacre shook the league for years.",
    "The Qasra massacres were condemned by the opposition.",
])
def test_a_name_before_massacre_alone_is_no_place(sentence):
    assert places(sentence) == []


def test_a_massacre_with_its_place_named_keeps_the_place():
    assert ("Qasra", "Qasra") in places("Residents of Qasra village buried the victims of the massacre.")
