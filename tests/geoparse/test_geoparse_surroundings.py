"""The land around a town ("Idlib countryside", "the Homs desert") as evidence for the places in it.

A report that names a governorate's seat with "countryside" or "desert" means the governorate's
land, so a namesake village there is the one meant; "X village in the eastern countryside of Y"
puts X on that side of Y. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.context import annotate
from geo.geoparse.parser import Geoparser
from geo.geoparse.recognize import recognize

ENTRIES = {
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Homs": [C(169577, "Homs", 34.72682, 36.72339, "SY", "PPLA", 775_404, "11")],
    "Deir Ezzor": [C(170794, "Deir ez-Zor", 35.33588, 40.14084, "SY", "PPLA", 242_565, "07")],
    # two namesakes: the gazetteer ranks the one near Aleppo first (it has people)
    "Sukhna": [C(7100001, "As Sakhanah", 36.21578, 38.0631, "SY", "PPL", 900, "09"),
               C(7100002, "As Sukhnah", 34.88533, 38.8711, "SY", "PPL", 0, "11")],
    # two namesakes in one governorate: one west of its seat (nearer), one south-east of it
    "Qaffa": [C(7100003, "Qafa", 35.42, 39.48, "SY", "PPL", 0, "07"),
               C(7100004, "Al Qafah", 34.58, 40.93, "SY", "PPL", 0, "07")],
}
DEMONYMS = {"Syrian": "SY"}


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser(FakeGazetteer(ENTRIES, DEMONYMS))


def resolved(gp: Geoparser, text: str) -> dict[str, str]:
    return {t.text: t.name for t in gp.parse_text(text)}


@pytest.mark.parametrize("text", [
    "Jihadists attacked regime posts around Sukhna in the Homs desert overnight.",
    "Jihadists attacked regime posts around Sukhna, and jets struck the Homs countryside.",
    "Jets struck the countryside of Homs as jihadists attacked regime posts around Sukhna.",
])
def test_a_seat_whose_surroundings_are_meant_names_its_governorate(gp, text):
    assert resolved(gp, text)["Sukhna"] == "As Sukhnah"


def test_without_the_surroundings_the_gazetteers_ranking_decides(gp):
    assert resolved(gp, "Jihadists attacked regime posts around Sukhna overnight.")["Sukhna"] == "As Sakhanah"


@pytest.mark.parametrize("side, expected", [("eastern", "Al Qafah"), ("western", "Qafa")])
def test_a_village_in_one_side_of_a_towns_countryside_lies_on_that_side(gp, side, expected):
    text = f"A mortar round hit Qaffa village in the {side} countryside of Deir Ezzor, a monitor said."
    assert resolved(gp, text)["Qaffa"] == expected


def test_the_countryside_named_contains_the_village_before_it():
    gz = FakeGazetteer(ENTRIES, DEMONYMS)
    rec = recognize("Shelling hit Qaffa village in the south-eastern countryside of Deir Ezzor.", gz)
    annotate(rec)
    qaffa, deir = rec.mentions
    assert qaffa.container == 1 and qaffa.stated_bearing == 135.0
    assert deir.relation == "southeastern countryside of" and deir.surroundings


def test_a_village_beside_a_countryside_is_not_in_it():
    gz = FakeGazetteer(ENTRIES, DEMONYMS)
    rec = recognize("Jets bombed Qaffa, then clashes spread to the eastern countryside of Deir Ezzor.", gz)
    annotate(rec)
    assert rec.mentions[0].container is None
