"""A killing named after where it happened ("the Qasra massacre") names that place.

A one-word name of a small village is believed only with a cue that a place is meant; news names
a massacre after its place, so the noun after the name is such a cue. Sentences are written for
these tests; the village is made up.
"""

from __future__ import annotations

from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.parser import Geoparser

ENTRIES = {
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Qasra": [C(7300001, "Qasra", 35.61, 36.59, "SY", "PPL", 0, "12")],
}
DEMONYMS = {"Syrian": "SY", "Armenian": "AM"}


def places(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.name) for t in Geoparser(FakeGazetteer(ENTRIES, DEMONYMS)).parse_text(text)]


def test_the_place_a_massacre_is_named_after_is_a_place():
    assert ("Qasra", "Qasra") in places("The death toll of Qasra massacre rises to 14, most of them children.")
    assert ("Qasra", "Qasra") in places("Survivors of the Qasra massacres buried their dead on Friday.")


def test_without_the_cue_a_small_village_s_name_alone_is_not_believed():
    assert places("Qasra rises to speak at the council, most of the members said.") == []


def test_a_people_s_massacre_names_no_place():
    assert places("Historians recalled the Armenian massacres of a century ago.") == []
