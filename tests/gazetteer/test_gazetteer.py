"""The built-in gazetteer (cities500 + countries + curated tables): spellings, ranking, API.

The index is built once per test session in ``$TERRITORY_HOME`` (``.territory_home``, see
conftest) and reused by later runs while its sources are unchanged.
"""

from __future__ import annotations

import gzip
import json
import pickle
import sqlite3

import pytest

from geo.gazetteer import build, rank
from geo.gazetteer.index import Gazetteer
from geo.geom import distance_km

#: GeoNames ids of the places the issue's spellings must reach (from cities500)
ASH_SHADDADAH, AR_RAQQAH, DEIR_EZ_ZOR, AYN_AL_ARAB = 172837, 172955, 170794, 172256
TALL_ABYAD, TADMUR, MOSUL, FALLUJAH, QAYYARAH, TALL_AFAR = 163750, 163808, 99072, 99454, 99003, 90393
TAZAH_KHURMATU, TAZA_MOROCCO = 90199, 2529317


@pytest.fixture(scope="session")
def gz() -> Gazetteer:
    return Gazetteer.open()


SPELLINGS = [
    ("SY", ASH_SHADDADAH, ["Shaddadeh", "Ash Shaddadah", "al-Shaddadi", "Shaddadi"]),
    ("SY", AR_RAQQAH, ["Raqqa", "Raqqah", "Ar-Raqqa", "al-Raqqah", "Rakka"]),
    ("SY", DEIR_EZ_ZOR, ["Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr", "Deir Ezzor"]),
    ("SY", AYN_AL_ARAB, ["Kobani", "Kobane", "Ayn al-Arab", "Ain al-Arab"]),
    ("SY", TALL_ABYAD, ["Tal Abyad", "Tell Abyad", "Tall Abyad"]),
    ("SY", TADMUR, ["Palmyra", "Tadmur", "Tadmor"]),
    ("IQ", MOSUL, ["Mosul", "al-Mawsil", "Al Mosul"]),
    ("IQ", FALLUJAH, ["Fallujah", "Falluja", "al-Fallujah"]),
    ("IQ", QAYYARAH, ["Qayyarah", "Qayara", "Qaiyara", "al-Qayyarah"]),
    ("IQ", TALL_AFAR, ["Tal Afar", "Tall Afar", "Tel Afar", "Tal'afar"]),
]


@pytest.mark.parametrize("country, gid, spelling",
                         [(c, g, s) for c, g, ss in SPELLINGS for s in ss])
def test_each_spelling_reaches_the_right_place_given_the_country(gz, country, gid, spelling):
    best = gz.candidates(spelling, country=country)[0]
    assert best.geonameid == gid, (spelling, best)


@pytest.mark.parametrize("spelling", ["Kobani", "Raqqa", "Deir ez-Zor", "Mosul", "Fallujah",
                                      "Ash Shaddadah", "Tall Afar", "Tal Abyad", "Tadmur"])
def test_news_spellings_are_listed_without_a_country(gz, spelling):
    gids = {gid for _, gid, ss in SPELLINGS if spelling in ss}
    assert gids & {c.geonameid for c in gz.candidates(spelling, limit=5)}


@pytest.mark.parametrize("spelling, code", [
    ("Mount Sinjar", "MT"), ("Jabal Sinjar", "MT"), ("Sinjar Mountains", "MT"),
    ("Tishrin Dam", "DAM"), ("Mosul Dam", "DAM"),
])
def test_curated_landmarks(gz, spelling, code):
    best = gz.candidates(spelling, country="IQ" if "Tishrin" not in spelling else "SY")[0]
    assert best.feature_code == code
    assert best.source == "curated:landmarks"


def test_sinjar_mountain_and_town_are_distinct(gz):
    town = gz.candidates("Sinjar", country="IQ")[0]
    mountain = gz.candidates("Mount Sinjar", country="IQ")[0]
    assert (town.feature_class, mountain.feature_class) == ("P", "T")
    assert distance_km(town.lat, town.lon, mountain.lat, mountain.lon) < 30


@pytest.mark.parametrize("spelling, country, code", [
    ("Ghab Plain", "SY", "PLN"), ("Sahl al-Ghab", "SY", "PLN"), ("Jabal al-Akrad", "SY", "MTS"),
    ("Jabal Turkman", "SY", "MTS"), ("Qalamoun mountains", "SY", "MTS"), ("Jebel Zawiya", "SY", "MTS"),
    ("Wadi Barada", "SY", "VAL"), ("Lake Qattinah", "SY", "RSV"), ("Great Zab", "IQ", "STM"),
    ("Wadi Houran", "IQ", "WAD"), ("Lake Razzaza", "IQ", "LK"), ("Mount Maqloub", "IQ", "MT"),
    ("Yarmouk Basin", "SY", "AREA"), ("Yarmuk Pocket", "SY", "AREA"),
])
def test_war_regions_plains_ranges_and_valleys(gz, spelling, country, code):
    best = gz.candidates(spelling, country=country)[0]
    assert (best.source, best.feature_code, best.country_code) == ("curated:landmarks", code, country)


def test_a_lake_does_not_shadow_the_town_named_like_it(gz):
    # "Lake Habbaniyah" reaches bare "Habbaniyah" only as a partial name: the town keeps it
    best = gz.candidates("Habbaniyah", country="IQ")[0]
    assert (best.feature_class, best.name) == ("P", "Habbaniyah")
    assert gz.candidates("Lake Habbaniyah", country="IQ")[0].feature_code == "LK"


def test_every_landmark_row_names_its_source_and_lies_in_its_country(gz):
    from shapely.geometry import Point, shape

    from geo.gazetteer import sources
    from tests.conftest import REPO

    outlines = json.loads((REPO / "boundaries" / "ne_50m_countries.geojson").read_text())
    shapes = {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in outlines["features"]
              if f["properties"]["iso_a2"]}
    governorates = {(r["country_code"], r["admin1"]) for r in sources.read_curated("governorates.csv")}
    for row in sources.read_curated("landmarks.csv"):
        assert row["source"].startswith("https://"), row["key"]
        code = row["country_code"]
        if code in shapes:
            # within 20 km of the coarse outline: a border range's point, a river's mouth, the
            # Golan (Natural Earth draws the Israeli-held part outside Syria)
            point = Point(float(row["lon"]), float(row["lat"]))
            assert shapes[code].distance(point) * 111 < 20, row["key"]
        if code in ("IQ", "SY") and row["admin1"]:
            assert (code, row["admin1"]) in governorates, row["key"]


@pytest.mark.parametrize("spelling", ["Sayyida Zaynab", "Sayyidah Zaynab", "Sayeda Zainab"])
def test_sayyida_zaynab_is_the_town_south_of_damascus(gz, spelling):
    best = gz.candidates(spelling, country="SY")[0]
    assert best.feature_class == "P"
    assert distance_km(best.lat, best.lon, 33.51, 36.29) < 15  # Damascus


def test_taza_with_iraq_is_tazah_khurmatu(gz):
    best = gz.candidates("Taza", country="IQ")[0]
    assert best.geonameid == TAZAH_KHURMATU
    assert best.score_parts["name"] == rank.NAME_PARTIAL_EXACT


def test_taza_alone_lists_the_moroccan_city_first(gz):
    cands = gz.candidates("Taza")
    assert cands[0].geonameid == TAZA_MOROCCO
    assert TAZAH_KHURMATU in [c.geonameid for c in cands]


def test_pop_zero_exact_match_is_not_ranked_away(gz):
    # GeoNames gives Ash Shaddadah population 0; an exact spelling still scores well.
    best = gz.candidates("Ash Shaddadah")[0]
    assert best.geonameid == ASH_SHADDADAH and best.population == 0
    assert best.score >= 0.6


@pytest.mark.parametrize("name, code", [
    ("Iraq", "IQ"), ("Syria", "SY"), ("Libya", "LY"), ("Egypt", "EG"), ("Indonesia", "ID"),
    ("Mali", "ML"), ("Philippines", "PH"), ("the Philippines", "PH"), ("Somalia", "SO"),
    ("Bangladesh", "BD"), ("Turkey", "TR"), ("the United States", "US"), ("U.S.", "US"),
    ("Britain", "GB"), ("United Kingdom", "GB"), ("Jordan", "JO"), ("Lebanon", "LB"),
    ("Iran", "IR"), ("Saudi Arabia", "SA"), ("Russia", "RU"), ("France", "FR"), ("UAE", "AE"),
])
def test_countries_rank_first_for_their_names(gz, name, code):
    best = gz.candidates(name)[0]
    assert (best.feature_code, best.country_code) == ("PCLI", code)
    assert gz.country_code_for_name(name) == code


def test_country_points_lie_inside_the_country(gz):
    from shapely.geometry import Point, shape

    from tests.conftest import REPO

    outlines = json.loads((REPO / "boundaries" / "ne_50m_countries.geojson").read_text())
    shapes = {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in outlines["features"]
              if f["properties"]["iso_a2"]}
    for code in ["IQ", "SY", "LY", "US", "FR", "ID", "PH", "CL", "NO", "HR", "KW"]:
        country = gz.country(code)
        assert country is not None and country.feature_code == "PCLI"
        # inside, or (an archipelago's point, like GeoNames' for the Philippines) just off a coast
        assert shapes[code].distance(Point(country.lon, country.lat)) * 111 < 50, code
    iraq = gz.country("iq")
    assert distance_km(iraq.lat, iraq.lon, 33.0, 44.0) < 400
    assert gz.country("ZZ") is None and gz.country("") is None


@pytest.mark.parametrize("name", ["Asia", "Europe", "Africa"])
def test_continents(gz, name):
    best = gz.candidates(name)[0]
    assert best.feature_code == "CONT"


@pytest.mark.parametrize("spelling", ["Anbar", "Al Anbar", "al-Anbar province", "Anbar Governorate",
                                      "al-Anbar"])
def test_governorate_variants(gz, spelling):
    best = gz.candidates(spelling, country="IQ")[0]
    assert (best.feature_code, best.country_code, best.admin1) == ("ADM1", "IQ", "01")


@pytest.mark.parametrize("spelling, admin1", [
    ("Nineveh province", "15"), ("Ninawa", "15"), ("Salahuddin", "18"), ("Salah al-Din", "18"),
    ("Raqqa province", "04"), ("Deir ez-Zor Governorate", "07"), ("Diyala", "10"),
    ("Homs province", "11"), ("Rif Dimashq", "08"),
])
def test_more_governorates(gz, spelling, admin1):
    best = gz.candidates(spelling)[0]
    assert (best.feature_code, best.admin1) == ("ADM1", admin1)


@pytest.mark.parametrize("city", ["Raqqa", "Basra", "Homs", "Aleppo", "Kirkuk", "Deir ez-Zor"])
def test_a_bare_capital_name_is_the_city_not_the_governorate(gz, city):
    assert gz.candidates(city)[0].feature_class == "P"


def test_capitals_carry_pplc_and_governorate_capitals_ppla(gz):
    assert gz.candidates("Baghdad")[0].feature_code == "PPLC"
    assert gz.candidates("Damascus")[0].feature_code == "PPLC"
    assert gz.candidates("Ramadi")[0].feature_code == "PPLA"


def test_near_picks_the_nearer_namesake(gz):
    # Two Sinjars: the Iraqi town by the mountain and a Syrian village in Idlib.
    east = gz.candidates("Sinjar", near=(36.3, 41.9))[0]
    west = gz.candidates("Sinjar", near=(35.6, 36.9))[0]
    assert (east.country_code, west.country_code) == ("IQ", "SY")
    assert east.score_parts["distance_km"] < 50


def test_country_ranks_down_but_keeps_other_countries(gz):
    cands = gz.candidates("Paris", country="IQ")
    assert cands and cands[0].score_parts["country"] == rank.COUNTRY_MISMATCH
    assert cands[0].country_code == "FR"


def test_scores_and_parts(gz):
    cands = gz.candidates("Raqqa", country="SY", near=(36.0, 39.0))
    assert cands == sorted(cands, key=lambda c: -c.score)
    for c in cands:
        assert 0.0 <= c.score <= 1.0
        assert {"name", "feature", "population", "prominence", "country", "near",
                "distance_km"} <= set(c.score_parts)
    assert cands[0].matched_name


@pytest.mark.parametrize("junk", ["", "   ", "---", "Xqzzvvbk", "Ghostville Nowhereshire", "'"])
def test_unknown_names_give_nothing(gz, junk):
    assert gz.candidates(junk) == []


def test_odd_arguments_do_not_raise(gz):
    assert gz.candidates("Mosul", limit=0) == []
    assert gz.candidates(None) == []  # type: ignore[arg-type]
    assert gz.candidates("Mosul", country="iq")[0].geonameid == MOSUL


def test_is_name(gz):
    assert gz.is_name("Mosul") and gz.is_name("Deir ez-Zor") and gz.is_name("Shaddadeh")
    assert gz.is_name("Dayr az Zawr", exact=True)
    assert not gz.is_name("Shaddadeh", exact=True)  # only the folded key matches
    assert not gz.is_name("Xqzzvvbk") and not gz.is_name("")


def test_opens_name_tells_whether_a_longer_name_begins_so(gz):
    # "Tall Tamr" begins with "Tal", folded as the names are ("Tell" is "Tal")
    assert gz.opens_name("Tal") and gz.opens_name("Tell")
    assert not gz.opens_name("Tall Tamr")  # the whole name, which goes on no further
    assert not gz.opens_name("Xqzzvvbk of") and not gz.opens_name("")
    assert 3 <= gz.max_name_tokens <= 8  # long formal alternates are left out


def test_demonyms(gz):
    assert gz.demonym("Syrian") == "SY"
    assert gz.demonym("Iraqi") == "IQ"
    assert gz.demonym("Iraqis") == "IQ"
    assert gz.demonym("Turkish") == "TR"
    assert gz.demonym("American") == "US"
    assert gz.demonym("Kurdish") is None and gz.demonym("Kurd") is None
    assert gz.demonym("Mosul") is None


def test_get_and_pickle(gz):
    assert gz.get(MOSUL).name == "Mosul"
    assert gz.get(123456789012) is None
    again = pickle.loads(pickle.dumps(gz))
    assert again.candidates("Kobani", country="SY")[0].geonameid == AYN_AL_ARAB


def test_deterministic(gz):
    fresh = Gazetteer(gz.path)
    for name in ["Tal Abyad", "Taza", "Paris", "Springfield"]:
        assert fresh.candidates(name) == gz.candidates(name)


def test_governorate_centres_lie_in_their_governorates(gz, shared_data_dir):
    """The curated centres against the user's Who's On First admin-1 polygons (not shipped)."""
    from shapely.geometry import Point, shape

    path = shared_data_dir / "boundaries" / "wof_admin1_regions_iq_sy_jo_lb_tr.geojson.gz"
    data = json.loads(gzip.decompress(path.read_bytes()))
    polys = {}
    for f in data["features"]:
        p = f["properties"]
        if p.get("country") in ("IQ", "SY") and p.get("is_current") in (1, "1", None):
            polys.setdefault(p["country"], []).append(shape(f["geometry"]))
    from geo.gazetteer.sources import read_curated

    wrong = []
    for row in read_curated("governorates.csv"):
        c = gz.candidates(row["name"], country=row["country_code"])[0]
        assert c.feature_code == "ADM1" and c.admin1 == row["admin1"]
        point = Point(float(row["lon"]), float(row["lat"]))
        # Which polygon holds it must be the one holding the governorate's capital.
        capital = gz.get(int(row["capital_geonameid"]))
        cap_point = Point(capital.lon, capital.lat)
        holder = [g for g in polys[row["country_code"]] if g.contains(point)]
        if not holder or not holder[0].buffer(0.05).contains(cap_point):
            wrong.append(row["name"])
    assert wrong == []


@pytest.mark.parametrize("written, indexed, close", [
    ("Shaddadeh", "Ash Shaddadah", True), ("Deir al-Zour", "Deir ez Zor", True),
    ("Ain al-Arab", "Ayn al Arab", True), ("Tal Abyad", "Tall Abyad", True),
    ("Hol", "Al Hulah", False), ("Qayyarah", "Kayar", False),
])
def test_folded_matches_are_graded_by_how_alike_the_spellings_are(written, indexed, close):
    from geo.text.fold import fold, normalize

    assert fold(written) == fold(indexed)
    q = rank.folded_quality(normalize(written), normalize(indexed))
    assert rank.NAME_FOLDED_MIN <= q <= rank.NAME_FOLDED_MAX < rank.NAME_EXACT_OTHER
    assert (q >= rank.NAME_FOLDED_CLOSE) == close


def test_a_respelling_is_close_but_not_exact(gz):
    best = gz.candidates("Shaddadeh", country="SY")[0]
    assert rank.NAME_FOLDED_CLOSE <= best.score_parts["name"] < rank.NAME_EXACT_OTHER
    assert gz.candidates("Ash Shaddadah")[0].score_parts["name"] == rank.NAME_EXACT_PRIMARY


@pytest.mark.parametrize("written, indexed, same", [
    ("al shaddadah", "ash shaddadah", True), ("abu al duhur", "abu ad duhur", True),
    ("sharm al sheikh", "sharm el sheikh", True), ("al raqqah", "ar raqqah", True),
    ("al sukhnah", "sukhnah", False),  # an article dropped is folding's business
    ("al qaffa", "ash qafah", False), ("as sukhnah", "as sukhnah", False),
    ("tal al", "tal as", False),  # an article before nothing is no article
])
def test_only_the_form_of_the_arabic_article_may_differ_in_a_same_spelling(written, indexed, same):
    from geo.gazetteer.index import same_but_the_article

    assert same_but_the_article(written, indexed) == same


def test_a_name_written_with_al_matches_its_assimilated_form_better_than_a_respelling(gz):
    from geo.gazetteer.index import NAME_SAME_BUT_THE_ARTICLE

    best = gz.candidates("Al-Shaddadah", country="SY")[0]
    assert best.name == "Ash Shaddādah"
    assert best.score_parts["name"] == NAME_SAME_BUT_THE_ARTICLE
    assert rank.NAME_FOLDED_MAX < NAME_SAME_BUT_THE_ARTICLE < rank.NAME_EXACT_OTHER


@pytest.mark.parametrize("name, country, expect", [
    ("Paris", "FR", "Paris"), ("Sharm el-Sheikh", "EG", "Sharm el-Sheikh"),
    ("Sharm al-Sheikh", "EG", "Sharm el-Sheikh"), ("Ar Raqqah", "SY", "Ar Raqqah"),
    ("Tazah Khurmatu", "IQ", "Tāzah Khūrmātū"), ("Ankara", "TR", "Ankara"),
])
def test_builtin_cities_worldwide(gz, name, country, expect):
    best = gz.candidates(name)[0]
    assert (best.name, best.country_code) == (expect, country)


def test_lookup_command_answers_taza(gz, capsys):
    from geo.cli.main import main as territory

    assert territory(["gazetteer", "lookup", "Taza", "--country", "IQ", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "Tāzah Khūrmātū [IQ.13]" in out and "name=0.75" in out
    assert territory(["gazetteer", "lookup", "Taza"]) == 0
    out = capsys.readouterr().out
    assert " 1. " in out and "Taza [MA." in out.splitlines()[0]
    assert "Tāzah Khūrmātū" in out


@pytest.mark.parametrize("name, code", [("Middle East", "RGN"), ("Levant", "RGN"),
                                        ("Sinai", "PEN"), ("Euphrates", "STM")])
def test_curated_regions_beat_same_named_villages_abroad(gz, name, code):
    # cities500 has villages called Middle East and Levant in the United States
    assert gz.candidates(name)[0].feature_code == code


def test_places_of_no_one_country_are_not_out_of_the_country(gz):
    best = gz.candidates("Middle East", country="IQ")[0]
    assert best.feature_code == "RGN" and best.score_parts["country"] == 1.0
    assert gz.candidates("Asia", country="SY")[0].score_parts["country"] == 1.0


@pytest.mark.parametrize("written", ["Mosul's", "Mosul’s", "Mosul city", "Mosul City"])
def test_possessives_and_a_trailing_city_are_set_aside(gz, written):
    assert gz.candidates(written, country="IQ")[0].geonameid == MOSUL


def test_a_name_ending_in_s_apostrophe_is_kept_when_it_exists(gz):
    assert gz.candidates("St. John's", country="CA")[0].name == "St. John's"


def test_countries_whose_towns_mostly_lack_a_figure_are_known():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE place(cc TEXT, fclass TEXT, pop INTEGER)")
    rows = [("SY", "P", 0)] * 30 + [("SY", "P", 90_000)] * 2 \
        + [("US", "P", 1200)] * 30 + [("US", "P", 0)] * 2 \
        + [("MC", "P", 0)] * 3 + [("SY", "A", 5)] * 50  # too few towns to tell; not towns
    con.executemany("INSERT INTO place VALUES (?, ?, ?)", rows)
    assert build._population_unknown_countries(con) == ["SY"]


def test_the_index_says_where_a_population_of_zero_is_unknown(gz):
    assert "SY" in gz.population_unknown_in and not {"US", "FR", "GB"} & gz.population_unknown_in
