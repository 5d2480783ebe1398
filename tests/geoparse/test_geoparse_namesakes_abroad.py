"""A namesake in another country does not win over the place the report is about only because
the gazetteer records its population (sentences written for the test)."""

from __future__ import annotations

from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.parser import Geoparser
from geo.geoparse.resolve import UNRECORDED_POPULATION, Group, _unrecorded_here, counted_population

ENTRIES = {
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Turkey": [C(298795, "Turkey", 39.0, 35.0, "TR", "PCLI", 82_319_724)],
    "Tell Harun": [C(900003, "Tell Harun", 35.93, 36.63, "SY", "PPLA", 128_000, admin1="12")],
    # a Syrian village without a figure, and a town abroad spelt alike with one
    "Tell Qasra": [C(900001, "Tel Kasra", 38.61, 27.43, "TR", "PPL", 103_000, quality=0.9),
                   C(900002, "Tall Qasra", 35.95, 36.10, "SY", "PPL", 0, admin1="12", quality=0.9)],
}
DEMONYMS = {"Syrian": "SY", "Turkish": "TR"}
REPORT = ("Syrian government forces recaptured the strategic town of Tell Qasra, near the border "
          "with Turkey in the northwest, state television said. Rebels had held the town since "
          "they took it from the army in Tell Harun last year.")


def _parser(unknown: frozenset[str]) -> Geoparser:
    gz = FakeGazetteer(ENTRIES, DEMONYMS)
    gz.population_unknown_in = unknown  # type: ignore[attr-defined]
    return Geoparser(gz)


def _country_of(gp: Geoparser, text: str, name: str) -> str | None:
    return next(t for t in gp.parse_text(text) if t.text == name).country_code


def test_a_town_without_a_figure_where_towns_mostly_have_none_is_not_a_hamlet():
    # GeoNames gives 0 to nearly every Syrian town: 0 there says nothing of its size
    assert _country_of(_parser(frozenset({"SY"})), REPORT, "Tell Qasra") == "SY"


def test_where_figures_are_recorded_a_town_without_one_stays_small():
    # the same report, with a gazetteer that records Syrian populations: the 0 is a hamlet's
    assert _country_of(_parser(frozenset()), REPORT, "Tell Qasra") == "TR"


LIST_ENTRIES = {
    "Iraq": [C(99237, "Iraq", 33.0, 44.0, "IQ", "PCLI", 38_000_000)],
    "Qasr Minar": [C(900010, "Qasr Minar", 36.34, 43.13, "IQ", "PPLA", 1_500_000)],
    "Tell Qasra": [C(900011, "Tell Qasra", 36.20, 43.20, "IQ", "PPL")],
    "Wadi Harun": [C(900012, "Wadi Harun", 36.24, 43.26, "IQ", "PPL")],
}
LIST_REPORT = "Iraqi forces liberated the villages of Tell Qasra, Wadi Harun and Ain Dabsa south of Qasr Minar on Sunday."
#: the only "Ain Dabsa" the gazetteer knows lies 600 km away from the other villages of the list
FAR_DABSA = C(900013, "Ayn Dibsah", 31.00, 46.50, "IQ", "PPL", quality=0.9)


def _dabsa(entry) -> int | None:
    gp = Geoparser(FakeGazetteer({**LIST_ENTRIES, "Ain Dabsa": [entry]}, {"Iraqi": "IQ"}))
    return next((t.geonameid for t in gp.parse_text(LIST_REPORT) if t.text == "Ain Dabsa"), None)


def test_a_loose_spelling_far_from_the_other_places_of_its_list_is_not_the_place_meant():
    assert _dabsa(FAR_DABSA) != FAR_DABSA.geonameid


def test_a_list_item_named_exactly_keeps_its_reading_however_far():
    exact = C(900013, "Ain Dabsa", 31.00, 46.50, "IQ", "PPL")
    assert _dabsa(exact) == exact.geonameid


#: a Turkish border town listing its Syrian twin's name among its alternates, the twin, and a
#: Syrian namesake of the twin far from the border
TWIN = C(900021, "Kizilpinar", 36.847, 40.050, "TR", "PPL", 31_000, quality=0.88)
BORDER_TOWN = C(900022, "Ras Tamra", 36.850, 40.071, "SY", "PPL", admin1="01")
FAR_NAMESAKE = C(900023, "Ras Tamra", 35.300, 37.083, "SY", "PPL", admin1="10")
HEADLINE = "Turkish warplanes bombard the outskirts of Ras Tamra city"


def _ras_tamra(*entries) -> int | None:
    gp = Geoparser(FakeGazetteer({**ENTRIES, "Ras Tamra": list(entries)}, DEMONYMS))
    return next(t.geonameid for t in gp.parse_text(HEADLINE) if t.text == "Ras Tamra")


def test_a_name_reached_only_as_a_border_towns_alias_is_its_twin_that_bears_it():
    assert _ras_tamra(TWIN, FAR_NAMESAKE, BORDER_TOWN) == BORDER_TOWN.geonameid


def test_the_twin_may_bear_the_name_as_another_spelling_closer_than_the_alias():
    # "Ras Tamra" written as one of the twin's other spellings, matched after folding, but
    # closer than the alias the town abroad carries
    respelt = C(BORDER_TOWN.geonameid, "Ra's Tamrah", BORDER_TOWN.lat, BORDER_TOWN.lon, "SY", "PPL",
                admin1="01", quality=0.95)
    assert _ras_tamra(TWIN, FAR_NAMESAKE, respelt) == BORDER_TOWN.geonameid


def test_a_namesake_far_from_the_alias_holder_is_no_twin():
    assert _ras_tamra(TWIN, FAR_NAMESAKE) == TWIN.geonameid


def test_of_a_names_namesakes_in_one_country_the_one_a_border_town_abroad_is_named_after_is_meant():
    # the report is plainly Syrian (an armed group that fights only there): the winner is one of
    # the Syrian namesakes, and the one facing the Turkish town that took its name is the one
    gp = Geoparser(FakeGazetteer({**ENTRIES, "Ras Tamra": [TWIN, FAR_NAMESAKE, BORDER_TOWN]}, DEMONYMS))
    said = gp.parse_text("Clashes continue in Ras Tamra and the death toll of the SDF rises to 40")
    assert next(t.geonameid for t in said if t.text == "Ras Tamra") == BORDER_TOWN.geonameid


def test_an_armed_group_that_fights_in_one_country_says_where_the_report_is():
    # a village of one name in Jordan with a population figure and in Syria without one
    entries = {**ENTRIES, "Kafr Dabsa": [C(900031, "Kafr Dabsa", 30.73, 35.60, "JO", "PPL", 7_000),
                                          C(900032, "Kafr Dabsa", 35.02, 40.46, "SY", "PPL", admin1="09")]}
    gp = Geoparser(FakeGazetteer(entries, DEMONYMS))
    bare = "Unidentified gunmen assassinate a member of the council near Kafr Dabsa city"
    assert next(t.country_code for t in gp.parse_text(bare) if t.text == "Kafr Dabsa") == "JO"
    sdf = "Unidentified gunmen assassinate a member of the SDF near Kafr Dabsa city"
    assert next(t.country_code for t in gp.parse_text(sdf) if t.text == "Kafr Dabsa") == "SY"


def test_where_a_namesake_in_the_same_country_has_a_figure_the_others_zero_is_small():
    # of a name's Iraqi readings, one of the few Iraqi towns with a figure: the gazetteer knows
    # which is the town, and the village's 0 counts as 0; a Syrian namesake's stays unknown
    village = C(900041, "Kani Sur", 35.97, 43.85, "IQ", "PPL")
    town = C(900042, "Kani Surat", 35.30, 44.30, "IQ", "PPL", 21_000, quality=0.875)
    syrian = C(900043, "Kani Sur", 36.50, 40.70, "SY", "PPL")
    group = Group(key="kani sur", mentions=[], candidates=[village, town, syrian])
    unknown = _unrecorded_here(group, frozenset({"IQ", "SY"}))
    assert counted_population(village, unknown) == 0 and counted_population(town, unknown) == 21_000
    assert counted_population(syrian, unknown) == UNRECORDED_POPULATION


def test_a_respelt_capital_abroad_gives_way_to_the_exact_name_where_the_article_is():
    # "northern Harran" (a peninsula of the article's country) also folds to a capital abroad
    entries = {
        "Veloria": [C(910001, "Veloria", 15.0, 44.0, "VL", "PCLI", 30_000_000)],
        "Harran": [C(910002, "Haran", 15.35, 44.2, "VL", "PPLC", 1_900_000, quality=0.86),
                   C(910003, "Harran Peninsula", 29.5, 33.8, "EG", "PEN", 0, quality=0.97)],
    }
    gp = Geoparser(FakeGazetteer(entries, {"Egyptian": "EG"}))
    (harran,) = [t for t in gp.parse_text("Egyptian troops fought militants in northern Harran on Tuesday.")
                 if t.text == "Harran"]
    assert harran.country_code == "EG"
    # with nothing in the article for that country, the capital's population still decides
    (alone,) = [t for t in Geoparser(FakeGazetteer(entries, {})).parse_text("Troops fought militants in northern Harran.")
                if t.text == "Harran"]
    assert alone.country_code == "VL"
