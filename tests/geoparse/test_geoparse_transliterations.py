"""A name the gazetteer spells otherwise only in its vowels, in news about an Arab country.

"Marjani" for Marjanah: folding keeps them apart, and the only entry folding finds is a namesake
abroad. Where the text or its collection is about the country, the entry of the same consonants
(``Gazetteer.transliterations``) joins the candidates. Sentences are written for these tests.
"""

from __future__ import annotations

from dataclasses import replace

from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.corpus import CorpusContext
from geo.geoparse.parser import Geoparser
from geo.records import Candidate
from geo.text.fold import consonants, fold

MARJANAH = C(7200001, "Marjanah", 35.717, 36.233, "SY", "PPL", 0, "02")
#: villages only the consonant fallback finds (made up), and one in the United States
ZAWAYRIYAH = C(7200003, "Az Zawayriyah", 33.56, 36.44, "SY", "PPL", 0, "08")
QUSAYBAH = C(7200004, "Al Qusaybah", 32.63, 36.34, "SY", "PPL", 0, "06")
SMITHVALE = C(7200005, "Smithvale", 40.0, -90.0, "US", "PPL", 0, "IL")
ENTRIES = {
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Homs": [C(169577, "Homs", 34.72682, 36.72339, "SY", "PPLA", 775_404, "11")],
    "Daraa Province": [C(170000, "Daraa", 32.85, 36.22, "SY", "ADM1", 1_000_000, "06")],
    "Idlib Province": [C(169388, "Idlib", 35.8, 36.6, "SY", "ADM1", 1_500_000, "12")],
    "Illinois": [C(4896861, "Illinois", 40.0, -89.0, "US", "ADM1", 12_800_000, "IL")],
    # a village abroad that lists a spelling folding takes for the name
    "Marjani": [replace(C(7200002, "Krasnaya", 49.2, 38.2, "UA", "PPL", 1_500, "14"), score_parts={"name": 0.87})],
}
DEMONYMS = {"Syrian": "SY"}


class TransliteratingGazetteer(FakeGazetteer):
    """The fake gazetteer with the consonant fallback over one Syrian entry."""

    def transliterations(self, name: str, country: str) -> list[Candidate]:
        # any country: the parser, not this stand-in, keeps the fallback to Arabic-script ones
        return [replace(c, score_parts={"name": 0.85}) for c in (MARJANAH, ZAWAYRIYAH, QUSAYBAH, SMITHVALE)
                if c.country_code == country and consonants(fold(name)) == consonants(fold(c.name))]


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
