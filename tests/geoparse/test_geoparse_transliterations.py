"""A name the gazetteer spells otherwise only in its vowels, in news about an Arab country.

"Kabani" for Kabanah: folding keeps them apart, and the only entry folding finds is a namesake
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

KABANAH = C(7200001, "Kabanah", 35.717, 36.233, "SY", "PPL", 0, "02")
ENTRIES = {
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Homs": [C(169577, "Homs", 34.72682, 36.72339, "SY", "PPLA", 775_404, "11")],
    # a village abroad that lists a spelling folding takes for the name
    "Kabani": [replace(C(7200002, "Krasnaya", 49.2, 38.2, "UA", "PPL", 1_500, "14"), score_parts={"name": 0.87})],
}
DEMONYMS = {"Syrian": "SY"}


class TransliteratingGazetteer(FakeGazetteer):
    """The fake gazetteer with the consonant fallback over one Syrian entry."""

    def transliterations(self, name: str, country: str) -> list[Candidate]:
        if country == "SY" and consonants(fold(name)) == consonants(fold(KABANAH.name)):
            return [replace(KABANAH, score_parts={"name": 0.85})]
        return []


def parser(corpus: CorpusContext | None = None) -> Geoparser:
    return Geoparser(TransliteratingGazetteer(ENTRIES, DEMONYMS), corpus=corpus)


def test_the_country_of_the_text_brings_its_entry_of_the_same_consonants():
    (kabani,) = [t for t in parser().parse_text("Syrian regime forces tried to advance in Kabani area.") if t.text == "Kabani"]
    assert kabani.name == "Kabanah"


def test_a_lone_headline_reads_as_its_collection_not_as_its_own_namesake():
    # the lone name's namesake abroad must not make its own country the focus
    gp = parser(CorpusContext())
    for _ in range(20):
        gp.parse_text("Shelling hit Homs in Syria overnight.")
    (kabani,) = gp.parse_text("Regime forces continue their attacks on positions in Kabani hills.")
    assert kabani.name == "Kabanah"


def test_without_the_country_the_spelling_abroad_is_all_there_is():
    found = parser().parse_text("Forces tried to advance in Kabani area.")
    assert [t.name for t in found] in ([], ["Krasnaya"])
