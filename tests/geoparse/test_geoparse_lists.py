"""Unknown items of a list of villages, placed by the known items beside them, and quarters
named "the X Quarter of <town>": sentences written for these tests, a small stand-in gazetteer."""

from __future__ import annotations

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.parser import Geoparser

ENTRIES = {
    "Iraq": [C(99237, "Iraq", 33.0, 44.0, "IQ", "PCLI", 38_000_000)],
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_000_000)],
    "Mosul": [C(99072, "Mosul", 36.335, 43.119, "IQ", "PPLA", 1_739_800)],
    "Qaraqosh": [C(7200001, "Qaraqosh", 36.27, 43.38, "IQ", "PPL", 50_000)],
    "Karamlis": [C(7200002, "Karamlis", 36.30, 43.41, "IQ", "PPL", 5_000)],
    "Sinjar": [C(94298, "Sinjar", 36.32, 41.88, "IQ", "PPL", 38_000)],
    "Tabqa": [C(163270, "Al-Tabqa", 35.83, 38.55, "SY", "PPL", 69_000)],
}


@pytest.fixture(scope="module")
def gp():
    return Geoparser(FakeGazetteer(ENTRIES, {"Iraqi": "IQ"}))


def by_text(toponyms):
    return {t.text: t for t in toponyms}


def test_unknown_village_of_a_list_lies_between_its_known_neighbours(gp):
    text = ("Iraqi troops east of Mosul retook Qaraqosh, Bazwaya, Karamlis and other villages "
            "on Sunday, officials said.")
    t = by_text(gp.parse_text(text))["Bazwaya"]
    assert t.geonameid is None and t.geo_precision == 2
    assert (round(t.lat, 3), round(t.lon, 3)) == (36.285, 43.395)
    assert t.relation == "estimated: listed with Qaraqosh and Karamlis"


def test_known_neighbours_far_apart_place_no_unknown_item(gp):
    text = ("Fighting near Mosul spread to the villages of Qaraqosh, Bazwaya and Sinjar, "
            "officials said.")
    assert "Bazwaya" not in by_text(gp.parse_text(text))


def test_a_list_not_announced_as_villages_places_nothing(gp):
    text = "Aid reached Mosul. Convoys left Qaraqosh, Bazwaya and Karamlis on Monday."
    assert "Bazwaya" not in by_text(gp.parse_text(text))


def test_a_list_of_shopping_centres_is_no_list_of_villages(gp):
    text = ("A bomb in Mosul set fire to the Qaraqosh and Bazwaya shopping centres in the "
            "villages east of the city.")
    assert "Bazwaya" not in by_text(gp.parse_text(text))


def test_known_neighbour_far_from_the_article_places_nothing(gp):
    text = ("Syrian forces near Tabqa took the villages of Qaraqosh and Bazwaya on Monday.")
    assert "Bazwaya" not in by_text(gp.parse_text(text))


def test_named_quarter_of_a_town_lies_in_the_town(gp):
    text = "Kurdish fighters captured the First Quarter of the town of Tabqa on Monday."
    t = by_text(gp.parse_text(text))["First Quarter"]
    assert (t.lat, t.lon) == (35.83, 38.55) and t.geo_precision == 2
    assert t.relation == "estimated: part of Al-Tabqa"


# ----------------------------------------------------------------- villages and far namesakes

VILLAGE_ENTRIES = {
    **ENTRIES,
    # a town of the name far south, and an alternate spelling of a big city abroad
    "Hamdin": [C(7200010, "Hamdin", 32.50, 45.80, "IQ", "PPL", 0, quality=0.97)],
    "Ardana": [C(7200011, "Ardanagawa", 35.6, 140.1, "JP", "PPL", 900_000, quality=0.97)],
}
#: "Qaryat Hamdin", which GeoNames holds beside the villages of the list
VILLAGES = {"Hamdin": [C(7200012, "Qaryat Hamdin", 36.29, 43.40, "IQ", "PPL", 0, quality=0.88)]}


@pytest.fixture(scope="module")
def gv():
    return Geoparser(FakeGazetteer(VILLAGE_ENTRIES, {"Iraqi": "IQ"}, VILLAGES))


def test_a_list_of_villages_lets_the_qaryat_entry_beside_it_win(gv):
    text = ("Iraqi troops east of Mosul retook the villages of Qaraqosh, Hamdin and Karamlis "
            "on Sunday, officials said.")
    assert by_text(gv.parse_text(text))["Hamdin"].geonameid == 7200012


def test_a_name_called_a_village_finds_the_qaryat_entry(gv):
    text = "Iraqi troops near Mosul shelled Hamdin village on Sunday."
    assert by_text(gv.parse_text(text))["Hamdin"].geonameid == 7200012


def test_without_the_word_village_the_exact_namesake_stands(gv):
    text = "Iraqi troops shelled the town of Hamdin on Sunday."
    assert by_text(gv.parse_text(text))["Hamdin"].geonameid == 7200010


def test_a_list_item_resolved_to_a_far_foreign_namesake_is_placed_by_its_list(gv):
    text = ("Iraqi forces east of Mosul liberated the villages of Qaraqosh, Karamlis, Ardana "
            "and Bazwaya on Sunday.")
    found = by_text(gv.parse_text(text))
    ardana = found["Ardana"]
    assert ardana.country_code == "IQ" and ardana.geonameid is None
    assert ardana.relation is not None and ardana.relation.startswith("estimated: listed with")
    assert found["Bazwaya"].relation == "estimated: listed with Karamlis"


def test_a_far_namesake_outside_a_list_is_left_alone(gv):
    text = "Iraqi officials flew from Mosul to Ardana on Sunday for talks."
    assert by_text(gv.parse_text(text))["Ardana"].country_code == "JP"


# ------------------------------------------------------------------------- sites inside towns

SITE_ENTRIES = {**ENTRIES, "Nour": [C(7200020, "Nour", 35.9, 38.9, "SY", "PPL", 300)]}


@pytest.fixture(scope="module")
def gs():
    return Geoparser(FakeGazetteer(SITE_ENTRIES, {"Iraqi": "IQ"}))


def test_a_market_the_sentence_puts_in_a_town_lies_in_the_town(gs):
    text = ("A car bomb tore through the Nour market in Qaraqosh on Monday, Iraqi police said. "
            "Shoppers had crowded into Nour market before the holiday, a witness in Mosul said.")
    found = [t for t in gs.parse_text(text) if t.text.startswith("Nour")]
    assert [t.text for t in found] == ["Nour market", "Nour market"]
    assert all((t.lat, t.lon) == (36.27, 43.38) and t.relation == "estimated: in Qaraqosh"
               for t in found)


def test_a_market_not_placed_by_its_sentence_keeps_the_name(gs):
    text = "Iraqi police in Mosul said the Nour market reopened on Monday."
    assert "Nour market" not in by_text(gs.parse_text(text))


def test_the_index_of_names_finds_the_same_list_neighbours_as_a_pass_over_every_mention(gp):
    from geo.geoparse.context import annotate
    from geo.geoparse.estimate import NamesByFirstAtom, list_neighbours
    from geo.geoparse.recognize import recognize

    text = ("Iraqi troops retook Qaraqosh, Bazwaya, Karamlis and other villages on Sunday. "
            "Jets struck the villages of Sinjar, Karamlis and Qaraqosh near Mosul, and the towns "
            "of Tabqa and Mosul were shelled.\nQaraqosh, Sinjar and Karamlis villages emptied.")
    rec = recognize(text, gp.gazetteer)
    annotate(rec)
    names = NamesByFirstAtom(rec.mentions)
    found = [list_neighbours(rec.atoms, rec.mentions, n, names) for n in range(len(rec.mentions))]
    assert found == [list_neighbours(rec.atoms, rec.mentions, n) for n in range(len(rec.mentions))]
    assert sum(1 for before, after in found if before or after) >= 6
