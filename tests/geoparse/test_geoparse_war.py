"""Geoparsing rules for war reporting, on sentences written for these tests, with a small
stand-in gazetteer of real GeoNames entries (ids, coordinates, populations) and the namesakes
that trap a geoparser: same-named hamlets hundreds of kilometres from the fighting."""

from __future__ import annotations

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.parser import Geoparser

ENTRIES = {
    "Iraq": [C(99237, "Iraq", 33.0, 44.0, "IQ", "PCLI", 38_433_600)],
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Baghdad": [C(98182, "Baghdad", 33.34058, 44.40088, "IQ", "PPLC", 7_216_000, "07"),
                C(98180, "Baghdad", 33.33, 44.42, "IQ", "ADM1", 7_000_000, "07")],
    "Ramadi": [C(388349, "Ramadi", 33.42056, 43.30778, "IQ", "PPLA", 274_539, "01")],
    "Tal Afar": [C(98860, "Tall 'Afar", 36.37, 42.45, "IQ", "PPL", 92_000, "15")],
    "Mosul": [C(99072, "Mosul", 36.335, 43.11889, "IQ", "PPLA", 1_739_800, "15")],
    "Sinjar": [C(94298, "Sinjar", 36.3209, 41.87656, "IQ", "PPL", 38_294, "15")],
    "Kirkuk": [C(94787, "Kirkuk", 35.46806, 44.39222, "IQ", "PPLA", 601_433, "13")],
    "Daquq": [C(99550, "Daquq", 35.14, 44.45, "IQ", "PPL", 0, "13")],
    # far namesakes of town quarters
    "Huz": [C(7100001, "Hawz Basha", 33.9, 44.0, "IQ", "PPL", 0, "10", quality=0.89)],
    "Karrada": [C(7100002, "Karad", 17.28, 74.2, "IN", "PPL", 55_000, quality=0.88)],
    "Basatin": [C(7100003, "Basatin", 34.6, 44.9, "IQ", "PPL", 0, "10")],
    "Citadel": [C(7100004, "Citadel", 45.0, -79.0, "CA", "PPL", 300)],
    "Atlantic": [C(3411923, "Atlantic Ocean", -4.4, -27.2, "", "OCN"),
                 C(4846834, "Atlantic", 41.40, -95.01, "US", "PPL", 6_792)],
    "Tabqa": [C(163270, "Al-Tabqa", 35.83, 38.55, "SY", "PPL", 69_000, "04")],
    "Tabqa Airbase": [C(7100006, "Tabqa Airbase", 35.75, 38.57, "SY", "AIRB", 0, "04")],
    "Daraa": [C(170903, "Dar`a", 32.85, 36.22, "SY", "ADM1", 1_027_000, "08")],
    "Tal Shihab": [C(7100007, "Tall Shihab", 34.92, 37.50, "SY", "PPL", 200, "11"),
                   C(7100008, "Tall Shihab", 32.69, 35.97, "SY", "PPL", 0, "08")],
    "Mansour": [C(7100005, "Al Mansur", 33.315, 44.35, "IQ", "PPLX", 0, "07")],
    # a namesake town quarter in another country, and one that does lie in its town
    "Old City": [C(7100009, "Old City", 31.777, 35.234, "PS", "PPL", 36_000)],
    # a town of the name far away (written without "the")
    "Old Town": [C(7100014, "Old Town", 44.93, -68.64, "US", "PPL", 7_431)],
    "Qasr Minar": [C(7100015, "Qasr Minar", 35.10, 42.90, "IQ", "PPLA", 300_000, "01")],
    # a village known for the displacement camp beside it
    "Zuhur": [C(7100011, "Zuhur", 36.29, 36.73, "SY", "PPL", 0, "07")],
    # villages that share their names with Baghdad shops
    "Warda": [C(7100012, "Al Warda", 32.1, 45.2, "IQ", "PPL", 0, "12")],
    "Fanar": [C(7100013, "Al Fanar", 30.9, 46.6, "IQ", "PPL", 0, "16")],
    "Sadr City": [C(7100010, "Sadr City", 33.39, 44.46, "IQ", "PPLX", 1_500_000, "07")],
}
DEMONYMS = {"Syrian": "SY", "Iraqi": "IQ", "Kurdish": None}


@pytest.fixture(scope="module")
def gp():
    return Geoparser(FakeGazetteer(ENTRIES, DEMONYMS))


def by_text(toponyms):
    return {t.text: t for t in toponyms}


# ------------------------------------------------------------------------------------------
# quarters of a town the gazetteer lacks

def test_neighbourhood_of_a_named_town_is_placed_at_that_town(gp):
    text = ("Iraqi police said a suicide bomber struck a checkpoint in the Huz neighbourhood of "
            "Ramadi on Saturday, killing four soldiers.")
    t = by_text(gp.parse_text(text))["Huz"]
    assert (t.lat, t.lon) == (33.42056, 43.30778)
    assert t.geo_precision == 2 and t.geonameid is None
    assert t.relation == "estimated: part of Ramadi"


def test_a_towns_possessive_places_its_quarter_in_it_and_so_do_later_mentions(gp):
    text = ("Kurdish-led fighters advanced street by street in Mosul's Old City on Tuesday. "
            "Commanders said the Old City would take weeks to clear.")
    first, again = [t for t in gp.parse_text(text) if t.text == "Old City"]
    for t in (first, again):
        assert (t.lat, t.lon) == (36.335, 43.11889)
        assert t.relation == "estimated: part of Mosul" and t.geonameid is None


def test_the_old_town_of_a_report_on_one_town_is_that_towns(gp):
    # no possessive: "the Old Town" still names a part of the town the report is about, not
    # the namesake quarter of another country's city
    text = ("Iraqi troops pushed into two more districts of western Qasr Minar on Thursday. Militants "
            "remain holed up in the Old Town, where thousands of civilians are trapped.")
    t = by_text(gp.parse_text(text))["Old Town"]
    assert t.country_code == "IQ" and t.relation == "estimated: part of Qasr Minar"


def test_a_possessive_keeps_a_quarter_the_gazetteer_holds_in_that_town(gp):
    found = by_text(gp.parse_text("A truck bomb struck a market in Baghdad's Sadr City on Monday."))
    assert found["Sadr City"].geonameid == 7100010
    # a country's possessive names no town: the place keeps its entry
    assert by_text(gp.parse_text("Syria's Tabqa was shelled."))["Tabqa"].geonameid == 163270
    # nor does a place the text puts somewhere itself right after ("Y's X, Iraq,")
    text = "Officials said the convoy reached Mosul's Tal Afar, Iraq, on Friday."
    assert by_text(gp.parse_text(text))["Tal Afar"].geonameid == 98860


def test_a_camp_the_gazetteer_lacks_lies_where_its_apposition_puts_it(gp):
    text = ("\"We are holding our lines,\" a colonel said by telephone from Camp Saqr, the army "
            "base south of Ramadi, on Thursday.")
    camp = by_text(gp.parse_text(text))["Camp Saqr"]
    assert camp.geonameid is None and camp.geo_precision == 2
    assert camp.relation == "estimated: 25 km from Ramadi"
    assert 33.15 < camp.lat < 33.25 and abs(camp.lon - 43.30778) < 0.01  # 25 km due south
    stated = by_text(gp.parse_text("Troops pulled back to Camp Saqr, 10 km north of Ramadi, at dusk."))
    assert stated["Camp Saqr"].relation == "estimated: 10 km from Ramadi"
    # a bare name with nothing to say where it lies stays out
    assert "Camp Saqr" not in by_text(gp.parse_text("A colonel spoke from Camp Saqr on Thursday."))


def test_a_camp_named_after_a_village_says_the_village_is_a_place(gp):
    assert "Zuhur" in by_text(gp.parse_text("Shells hit Zuhur refugee camp, killing three children."))
    assert "Zuhur" in by_text(gp.parse_text("Shells hit the Zuhur camp on Tuesday."))
    # without the camp, a village of no known population named bare is not taken as the place
    assert "Zuhur" not in by_text(gp.parse_text("Zuhur told reporters the shells kept falling."))


def test_names_before_a_plural_building_noun_are_buildings_not_places(gp):
    text = ("The fire spread through the Warda and Fanar shopping centers in Baghdad, trapping "
            "dozens of shoppers.")
    found = by_text(gp.parse_text(text))
    assert "Warda" not in found and "Fanar" not in found and "Baghdad" in found
    # big places before the plural are where the buildings are
    found = by_text(gp.parse_text("The wounded were taken to Mosul and Kirkuk hospitals."))
    assert "Mosul" in found and "Kirkuk" in found


def test_shopping_district_of_a_city_is_inside_the_city(gp):
    text = ("A car bomb tore through the Karrada shopping district of Baghdad late on Sunday, "
            "Iraqi officials said.")
    found = by_text(gp.parse_text(text))
    assert found["Karrada"].relation == "estimated: part of Baghdad"
    # the city, not the governorate: "district of Baghdad" does not make Baghdad a district
    assert found["Baghdad"].feature_code == "PPLC"


def test_districts_without_a_town_lie_in_the_town_the_article_is_about(gp):
    text = ("Iraqi forces pushed into Tal Afar on Saturday. Counter-terrorism units liberated "
            "the Citadel and Basatin districts, a commander said. Tal Afar lies west of Mosul.")
    found = by_text(gp.parse_text(text))
    for name in ("Citadel", "Basatin"):
        assert found[name].relation == "estimated: part of Tall 'Afar", name


def test_quarter_the_gazetteer_holds_in_its_town_keeps_its_entry(gp):
    text = "Mortar rounds fell on the Mansour district of Baghdad on Monday."
    assert by_text(gp.parse_text(text))["Mansour"].geonameid == 7100005


def test_administrative_district_named_after_a_town_is_not_moved(gp):
    text = ("Bombs exploded in Ramadi on Tuesday. Further north, fighting in Sinjar district "
            "continued, Kurdish officials said.")
    assert by_text(gp.parse_text(text)).get("Sinjar") is None or \
        by_text(gp.parse_text(text))["Sinjar"].geonameid == 94298


def test_district_near_the_places_of_its_sentence_keeps_its_entry(gp):
    text = ("Kurdish fighters advanced on Ramadi. South of Kirkuk, roadside bombs planted in "
            "Daquq district wounded six fighters.")
    assert by_text(gp.parse_text(text))["Daquq"].geonameid == 99550


# ------------------------------------------------------------------------------------------
# seas and oceans

def test_a_bare_ocean_name_is_the_ocean_not_a_small_namesake(gp):
    (t,) = gp.parse_text("Two navy destroyers crossed the Atlantic on their way to the Gulf.")
    assert t.feature_code == "OCN"


# ------------------------------------------------------------------------------------------
# facilities named after a town

def test_an_airport_named_after_a_town_is_the_airfield(gp):
    text = "Government troops were pushed back 40 km from Tabqa airport on Monday."
    (t,) = gp.parse_text(text)
    assert (t.text, t.name, t.feature_code) == ("Tabqa airport", "Tabqa Airbase", "AIRB")
    (t,) = gp.parse_text("Jets took off from Tabqa Military Airbase at dawn.")
    assert (t.text, t.feature_code) == ("Tabqa Military Airbase", "AIRB")


def test_a_facility_the_gazetteer_lacks_leaves_the_town(gp):
    (t,) = gp.parse_text("Shells hit Mosul airport on Friday.")
    assert (t.text, t.name) == ("Mosul", "Mosul")


# ------------------------------------------------------------------------------------------
# the province an article names

def test_a_village_lies_in_the_province_the_article_names(gp):
    text = "Clashes broke out in Daraa province on Monday. A fighter was killed in Tal Shihab."
    found = by_text(gp.parse_text(text))
    assert found["Tal Shihab"].geonameid == 7100008


# ------------------------------------------------------------------------------------------
# the parts of a divided village: "Western X" is the gazetteer's "X al Gharbiyah"

DIVIDED = {
    "Kafr Tal": [C(7200001, "Kafr Tal", 35.10, 36.60, "SY", "PPL", 0, "10")],
    "Kafr Tal al Gharbiyah": [C(7200002, "Kafr Tal al Gharbiyah", 35.40, 36.20, "SY", "PPL", 0, "10")],
    "Huwayjat Sahl ash Sharqi": [C(7200003, "Huwayjat Sahl ash Sharqi", 34.60, 40.80, "SY", "PPL", 0, "07")],
    "Mazraat Nur Fawqani": [C(7200004, "Mazraat Nur Fawqani", 36.30, 37.90, "SY", "PPL", 0, "09")],
    "Aleppo": [C(170063, "Aleppo", 36.20, 37.16, "SY", "PPLA", 1_600_000, "09")],
}


@pytest.mark.parametrize("text, written, gid", [
    ("Regime artillery shelled Western Kafr Tal overnight, killing two farmers.",
     "Western Kafr Tal", 7200002),
    ("Militants attacked an outpost in Eastern Huwayjat Sahl on the river bank.",
     "Eastern Huwayjat Sahl", 7200003),
    ("Tribal fighters entered Upper Mazraat Nur after a week of clashes.", "Upper Mazraat Nur", 7200004),
])
def test_a_direction_before_a_village_names_the_part_the_gazetteer_holds(text, written, gid):
    found = by_text(Geoparser(FakeGazetteer(DIVIDED, DEMONYMS)).parse_text(text))
    assert found[written].geonameid == gid


def test_a_direction_before_a_name_without_such_a_part_stays_a_direction():
    found = by_text(Geoparser(FakeGazetteer(DIVIDED, DEMONYMS)).parse_text(
        "Warplanes pounded Western Aleppo and Kafr Tal on Friday."))
    assert found["Aleppo"].geonameid == 170063 and found["Kafr Tal"].geonameid == 7200001
    assert "Western Aleppo" not in found
