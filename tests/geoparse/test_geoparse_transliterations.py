"""A name the gazetteer spells otherwise only in its vowels, in news about an Arab country.

"Marjani" for Marjanah: folding keeps them apart, and the only entry folding finds is a namesake
abroad. Where the text or its collection is about the country, the entry of the same consonants
(``Gazetteer.transliterations``) joins the candidates. Sentences are written for these tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.gazetteer.index import _one_place
from geo.geoparse.corpus import CorpusContext
from geo.geoparse.parser import Geoparser
from geo.records import Candidate
from geo.text.fold import consonants, fold

MARJANAH = C(7200001, "Marjanah", 35.717, 36.233, "SY", "PPL", 0, "02")
#: villages only the consonant fallback finds (made up), and one in the United States
ZAWAYRIYAH = C(7200003, "Az Zawayriyah", 33.56, 36.44, "SY", "PPL", 0, "08")
QUSAYBAH = C(7200004, "Al Qusaybah", 32.63, 36.34, "SY", "PPL", 0, "06")
SMITHVALE = C(7200005, "Smithvale", 40.0, -90.0, "US", "PPL", 0, "IL")
#: three villages of one skeleton (made up), spelt equally like "al-Hdira": two in one
#: governorate 50 km apart, one in another
HADIRAH_12 = C(7200006, "Al Hadirah", 35.55, 36.62, "SY", "PPL", 0, "12")
HUDAYRAH_11 = C(7200007, "Hudayrah", 34.60, 36.90, "SY", "PPL", 0, "11")
HUDAYRAH_12 = C(7200019, "Al Hudayrah", 35.95, 36.95, "SY", "PPL", 0, "12")
#: the two halves of a divided village (made up) and a namesake of its bare name far off
QUSAYBAH_WEST = C(7200008, "Qusaybah al Gharbiyah", 35.31, 36.40, "SY", "PPL", 0, "10")
QUSAYBAH_EAST = C(7200009, "Qusaybah ash Sharqiyah", 35.31, 36.43, "SY", "PPL", 0, "10")
#: a village only the consonant fallback finds, with farm silos named after it (made up)
QARAMLAK = C(7200010, "Qaramlak", 36.40, 38.95, "SY", "PPL", 0, "04")
#: a village whose name folding takes for a hamlet's variant spelling in Chile (made up)
TAWMANAH = C(7200011, "Tawmanah", 35.70, 36.25, "SY", "PPL", 0, "02")
#: villages (made up) spelt with the consonants of factions' names (Nusra, Kataib, Hurras, Thuwar)
FACTION_NAMESAKES = (C(7200015, "Nusirah", 35.40, 36.70, "SY", "PPL", 0, "12"),
                     C(7200016, "Kutibah", 35.20, 36.80, "SY", "PPL", 0, "12"),
                     C(7200017, "Hirasah", 35.30, 37.00, "SY", "PPL", 0, "11"),
                     C(7200018, "Thawirah", 35.10, 36.60, "SY", "PPL", 0, "11"))
CONSONANT_ONLY = (MARJANAH, ZAWAYRIYAH, QUSAYBAH, SMITHVALE, HADIRAH_12, HUDAYRAH_11, HUDAYRAH_12,
                  QUSAYBAH_WEST, QUSAYBAH_EAST, QARAMLAK, TAWMANAH, *FACTION_NAMESAKES)
ENTRIES = {
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Homs": [C(169577, "Homs", 34.72682, 36.72339, "SY", "PPLA", 775_404, "11")],
    "Daraa Province": [C(170000, "Daraa", 32.85, 36.22, "SY", "ADM1", 1_000_000, "06")],
    "Idlib Province": [C(169388, "Idlib", 35.8, 36.6, "SY", "ADM1", 1_500_000, "12")],
    "Illinois": [C(4896861, "Illinois", 40.0, -89.0, "US", "ADM1", 12_800_000, "IL")],
    # made up: a town of the governorate of code 11, and the governorate of code 12
    "Tell Qasra": [C(7200013, "Tell Qasra", 34.9, 36.7, "SY", "PPL", 40_000, "11")],
    "Wadi Harun Province": [C(7200014, "Wadi Harun", 35.6, 36.5, "SY", "ADM1", 900_000, "12")],
    # made up: a town 9 km from Al Hadirah, the others 40 km and more away
    "Kafr Sadun": [C(7200020, "Kafr Sadun", 35.60, 36.70, "SY", "PPL", 5_000, "12")],
    # a village abroad that lists a spelling folding takes for the name
    "Marjani": [replace(C(7200002, "Krasnaya", 49.2, 38.2, "UA", "PPL", 1_500, "14"), score_parts={"name": 0.87})],
    "Tawmani": [replace(C(7200012, "Los Tomanes", -35.4, -71.6, "CL", "PPL", 300, "07"), score_parts={"name": 0.7})],
}
DEMONYMS = {"Syrian": "SY", "Russian": "RU"}


class TransliteratingGazetteer(FakeGazetteer):
    """The fake gazetteer with the consonant fallback over one Syrian entry."""

    def transliterations(self, name: str, country: str,
                         near: tuple[tuple[float, float], ...] = ()) -> list[Candidate]:
        # any country: the parser, not this stand-in, keeps the fallback to Arabic-script ones;
        # every entry of the skeleton counts as spelt as like it (the index's tie rule decides)
        tied = tuple(replace(c, score_parts={"name": 0.85}) for c in CONSONANT_ONLY
                     if c.country_code == country and consonants(fold(name)) == consonants(fold(c.name)))
        return _one_place(tied, near)


def parser(corpus: CorpusContext | None = None) -> Geoparser:
    return Geoparser(TransliteratingGazetteer(ENTRIES, DEMONYMS), corpus=corpus)


def test_the_country_of_the_text_brings_its_entry_of_the_same_consonants():
    (marjani,) = [t for t in parser().parse_text("Syrian army units pushed towards Marjani area at dawn.") if t.text == "Marjani"]
    assert marjani.name == "Marjanah"


def test_a_lone_headline_reads_as_its_collection_not_as_its_own_namesake():
    # the lone name's namesake abroad must not make its own country the focus
    gp = parser(CorpusContext())
    for _ in range(20):
        gp.parse_text("Shelling hit Homs in Syria overnight.")
    (marjani,) = gp.parse_text("Army gunners shelled rebel trenches in Marjani hills.")
    assert marjani.name == "Marjanah"


def test_without_the_country_the_spelling_abroad_is_all_there_is():
    found = parser().parse_text("Gunmen gathered in Marjani area.")
    assert [t.name for t in found] in ([], ["Krasnaya"])


def test_a_name_no_entry_carries_is_found_by_its_consonants_in_a_place_position():
    found = parser().parse_text("Government troops entered Al-Zuwayriyya town after a week of shelling, Syrian state media said.")
    assert [(t.text, t.name) for t in found] == [("Al-Zuwayriyya", "Az Zawayriyah")]
    assert found[0].score < 0.5  # a guess: it does not vouch for the collection's country


def test_the_consonant_match_must_lie_in_a_governorate_the_text_names():
    assert ("al-Qsaiba", "Al Qusaybah") in [
        (t.text, t.name) for t in parser().parse_text("Rockets fell on a market in al-Qsaiba, Daraa Province on Friday, medics said.")]
    assert "al-Qsaiba" not in [
        t.text for t in parser().parse_text("Rockets fell on a market in al-Qsaiba, Idlib Province on Friday, medics said.")]


def test_a_name_in_no_place_position_is_left_alone():
    found = parser().parse_text("Syrian officials said Zuwayriyya had agreed to the terms.")
    assert "Zuwayriyya" not in [t.text for t in found]


def test_no_consonant_match_outside_countries_named_in_arabic_script():
    found = parser().parse_text("The crash happened in Smthvale, Illinois police said.")
    assert "Smthvale" not in [t.text for t in found]


def syrian_feed() -> Geoparser:
    """A parser that has read a few reports on Syria (a collection about Syria)."""
    gp = parser(CorpusContext())
    for _ in range(20):
        gp.parse_text("Shelling hit Tell Qasra in Syria overnight.")
    return gp


def names_of(found) -> list[tuple[str, str]]:
    return [(t.text, t.name) for t in found]


def test_silos_named_after_a_village_place_it():
    found = syrian_feed().parse_text("Turkish-backed factions took over Qarmalak silos after a day of fighting.")
    assert ("Qarmalak", "Qaramlak") in names_of(found)


def test_villages_of_one_skeleton_the_one_near_a_place_the_text_names():
    found = syrian_feed().parse_text("Clashes broke out in al-Hdira and Kafr Sadun overnight.")
    assert ("al-Hdira", "Al Hadirah") in names_of(found)


@pytest.mark.parametrize("sentence", [
    "Clashes broke out in al-Hdira at dawn.",
    # a governorate holding two of the three is no sign which (nor a point to measure from)
    "Clashes broke out in al-Hdira and shelling hit Wadi Harun Province.",
    # a town the text names, 38 km and more from each of them (the governorate of one of them)
    "Clashes broke out in al-Hdira and in Tell Qasra.",
])
def test_villages_of_one_skeleton_none_near_a_place_named_give_nothing(sentence):
    assert "al-Hdira" not in [t.text for t in syrian_feed().parse_text(sentence)]


def test_the_side_of_a_divided_village_is_its_arabic_form_not_the_bare_name():
    found = syrian_feed().parse_text("Clashes broke out in Western al-Qsaiba and the shelling continues.")
    assert ("Western al-Qsaiba", "Qusaybah al Gharbiyah") in names_of(found)
    # the bare name's other village of the same consonants (Al Qusaybah, elsewhere) is not it
    assert "Al Qusaybah" not in [t.name for t in found]


@pytest.mark.parametrize("sentence", [
    "Regime forces shelled homes in western al-Qsaiba town on Monday.",
    "Jets hit eastern al-Qsaiba village overnight.",
])
def test_a_lower_case_side_is_a_side_of_the_village_the_bare_name_places(sentence):
    # lower-case, the adjective only says which side of the village: no divided village's part
    assert ("al-Qsaiba", "Al Qusaybah") in names_of(syrian_feed().parse_text(sentence))


def test_demonyms_of_the_actors_do_not_move_a_feed_on_syria_abroad():
    # "Russian warplanes" makes Russia the headline's only country: no place of it is named
    # and the name's loose namesake in Chile is set aside: the consonants find the village
    found = syrian_feed().parse_text("Russian warplanes keep up their raids on Tawmani hills for a second day.")
    assert ("Tawmani", "Tawmanah") in names_of(found)


@pytest.mark.parametrize("sentence, faction", [
    ("Fighters from Nusra east of Tell Qasra pulled back.", "Nusra"),
    ("Fighters of Hurras north of Tell Qasra clashed with the army.", "Hurras"),
    ("Russian jets struck Kataib and the army advanced.", "Kataib"),
    ("Regime warplanes struck Thuwar at dawn.", "Thuwar"),
    ("Regime warplanes struck al-Nusra at dawn.", "al-Nusra"),
    ("Government troops stormed al-Nusra and the army advanced.", "al-Nusra"),
    ("Jets target al-Nusra positions near the border.", "al-Nusra"),
])
def test_a_faction_after_an_attack_verb_or_before_a_bearing_is_no_village(sentence, faction):
    # a verb's object and a name before "east of" are a faction's as often as a place's: the
    # consonant fallback would make each faction the village of its consonants
    assert faction not in [t.text for t in syrian_feed().parse_text(sentence)]
