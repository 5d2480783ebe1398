"""A last-resort match of Arabic-script names by their consonants (Gazetteer.transliterations).

The index is a tiny one written here in the gazetteer's own tables, of made-up villages, so
that what is asserted depends on the rule, not on the contents of GeoNames.
"""

from __future__ import annotations

import sqlite3

import pytest

from geo.gazetteer.index import Gazetteer
from geo.text.fold import fold, normalize

#: made-up villages: one Syrian name, a namesake of its consonants spelt less like the queries
#: far off, three equally like one query far apart (two of them in one governorate), and the
#: first name again abroad
PLACES = [
    (999100001, "Al Mushayrifah", 35.10, 36.60, "SY", "12"),
    (999100002, "Mashrafah", 33.20, 38.90, "SY", "08"),
    (999100003, "Al Kubaniyah", 36.20, 37.10, "SY", "09"),
    (999100004, "Al Kabaniyah", 34.10, 38.20, "SY", "11"),
    (999100005, "Mushayrifah", 38.50, 39.20, "TR", "62"),
    (999100006, "Al Kibaniyah", 35.00, 37.20, "SY", "11"),
]


@pytest.fixture(scope="module")
def gz(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("transliterations") / "gazetteer.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,"
        " cc TEXT NOT NULL, admin1 TEXT, fclass TEXT NOT NULL, fcode TEXT NOT NULL, pop INTEGER NOT NULL,"
        " source TEXT NOT NULL, base REAL);"
        "CREATE TABLE name(key TEXT NOT NULL, id INTEGER NOT NULL, norm TEXT NOT NULL, kind INTEGER NOT NULL,"
        " PRIMARY KEY(key, id, norm)) WITHOUT ROWID;"
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);")
    for gid, name, lat, lon, cc, admin1 in PLACES:
        con.execute("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, 'P', 'PPL', 0, 'test', 0.0)",
                    (gid, name, lat, lon, cc, admin1))
        con.execute("INSERT INTO name VALUES (?, ?, ?, 0)", (fold(name), gid, normalize(name)))
    con.execute("INSERT INTO meta VALUES ('max_name_tokens', '3')")
    con.commit()
    con.close()
    return Gazetteer(path)


def test_a_name_folding_misses_finds_the_entry_of_its_consonants(gz):
    assert not gz.is_name("al-Mshirfa")  # folding alone does not find it
    (found,) = gz.transliterations("al-Mshirfa", "SY")
    assert found.geonameid == 999100001
    assert found.score_parts["name"] < 0.97  # a loose match, never taken for an exact one


def test_only_in_countries_named_in_arabic_script(gz):
    assert gz.transliterations("Mshirfa", "TR") == []


def test_two_places_spelt_about_as_like_it_give_nothing(gz):
    assert gz.transliterations("Kbaniya", "SY") == []


def test_too_few_consonants_say_nothing(gz):
    assert gz.transliterations("Aya", "SY") == []


#: points the text names: 12 km from Al Kabaniyah, 18 km from Al Kibaniyah, and a place in the
#: governorate of Al Kubaniyah but 66 km from it
NEAR_KABANIYAH = (34.20, 38.25)
NEAR_KIBANIYAH = (35.10, 37.35)
FAR_IN_KUBANIYAH_S_GOVERNORATE = (36.60, 37.65)


def test_of_places_spelt_as_like_it_the_one_near_a_place_the_text_names(gz):
    (found,) = gz.transliterations("Kbaniya", "SY", near=(NEAR_KABANIYAH,))
    assert found.geonameid == 999100004
    (found,) = gz.transliterations("Kbaniya", "SY", near=(NEAR_KIBANIYAH, FAR_IN_KUBANIYAH_S_GOVERNORATE))
    assert found.geonameid == 999100006


def test_two_near_places_the_text_names_is_still_no_telling_which(gz):
    assert gz.transliterations("Kbaniya", "SY", near=(NEAR_KABANIYAH, NEAR_KIBANIYAH)) == []


def test_a_shared_governorate_far_from_every_place_named_is_no_sign(gz):
    # the governorate of one of the three is named, but that village lies 66 km off
    assert gz.transliterations("Kbaniya", "SY", near=(FAR_IN_KUBANIYAH_S_GOVERNORATE,)) == []
