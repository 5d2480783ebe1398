"""The world tables of the built-in gazetteer: first-order divisions, country points, seas.

Sentences are written for these tests. The built-in index is built once per session (see
conftest); geoparsing runs on it end to end.
"""

from __future__ import annotations

import csv

import pytest

from geo.gazetteer import sources
from geo.gazetteer.index import Gazetteer
from geo.geom import distance_km
from geo.geoparse.parser import geoparse

KENTUCKY, MANITOBA, KERALA, CALIFORNIA = 6254925, 6065171, 1267254, 5332921


@pytest.fixture(scope="session")
def gz() -> Gazetteer:
    return Gazetteer.open()


def _resolved(text: str) -> dict[str, tuple]:
    """Mention text -> (geonameid, feature code, country, lat, lon) of its resolution."""
    return {t.text: (t.geonameid, t.feature_code, t.country_code, t.lat, t.lon)
            for t in geoparse(text)}


def test_every_curated_world_row_names_its_source():
    for table in ("admin1.csv", "countries.csv", "marine.csv"):
        rows = sources.read_curated(table)
        assert rows, table
        assert all(r["source"] for r in rows), table


def test_states_provinces_and_an_ocean_resolve_in_running_text():
    found = _resolved(
        "Floodwaters cut roads across Kentucky on Monday, while firefighters in Manitoba "
        "battled three blazes and monsoon rains lashed Kerala. A cargo ship that left Lisbon "
        "sank in the Atlantic Ocean on Sunday.")
    assert found["Kentucky"][:2] == (KENTUCKY, "ADM1")
    assert found["Manitoba"][:2] == (MANITOBA, "ADM1")
    assert found["Kerala"][:2] == (KERALA, "ADM1")
    assert found["Atlantic Ocean"][1] == "OCN"


def test_a_bare_state_name_prefers_the_state_to_its_namesake_towns(gz):
    best = gz.candidates("California")[0]
    assert (best.geonameid, best.feature_code) == (CALIFORNIA, "ADM1")
    assert gz.candidates("Florida")[0].country_code == "US"
    assert gz.candidates("Texas")[0].country_code == "US"


def test_ap_abbreviations_of_states_reach_the_state(gz):
    assert gz.candidates("Ky.")[0].geonameid == KENTUCKY
    assert gz.candidates("Calif.")[0].geonameid == CALIFORNIA
    assert gz.candidates("W.Va.")[0].name == "West Virginia"
    found = _resolved("A tornado tore the roof off a school in Fresno, Calif., on Tuesday.")
    assert found["Calif."][0] == CALIFORNIA


def test_abbreviations_that_are_words_are_not_indexed(gz):
    # "Mass." (Massachusetts), "Man." (Manitoba), "Miss." (Mississippi) are left out
    assert all(c.feature_code != "ADM1" for c in gz.candidates("Mass", limit=5))
    found = _resolved("The Mass was said in the ruined cathedral on Sunday.")
    assert found.get("Mass", (None, None))[1] != "ADM1"


def test_a_country_resolves_at_its_table_point(gz):
    row = next(r for r in sources.read_curated("countries.csv") if r["country_code"] == "RU")
    found = _resolved("Forest fires in Russia burned through another village on Friday.")
    lat, lon = found["Russia"][3:]
    assert distance_km(lat, lon, float(row["lat"]), float(row["lon"])) < 5


def test_a_town_named_like_a_state_keeps_its_local_context():
    found = _resolved("Police in the town of Florida, north of Montevideo, said the gunman "
                      "fled toward the coast.")
    assert found["Florida"][1:3] == ("PPL", "UY")


def test_a_division_variant_never_names_a_big_city_elsewhere():
    # Leningrad Oblast is also called "Saint Petersburg" by some sources: the city keeps it
    with sources.curated_path("admin1.csv").open(encoding="utf-8") as fh:
        rows = {r["geonameid"]: r for r in csv.DictReader(fh)}
    assert "Saint Petersburg" not in rows["536199"]["variants"].split("|")


def test_iraqi_governorates_stay_those_of_the_curated_table(gz):
    best = gz.candidates("Anbar province")[0]
    assert best.source == "curated:governorates"


# --- US counties and surveyed country centres -------------------------------------------------


def test_every_county_row_names_its_source_and_lies_in_the_united_states() -> None:
    rows = sources.read_curated("us_counties.csv")
    assert len(rows) > 3000
    for row in rows:
        assert row["source"], row
        lat, lon = float(row["lat"]), float(row["lon"])
        # the fifty states and DC span Hawaii to Maine, the Aleutians past 180 degrees
        assert 18 < lat < 72 and (lon < -60 or lon > 170), row
        assert len(row["state"]) == 2 and row["name"][0].isupper(), row


def test_a_county_is_indexed_under_its_full_name_in_its_state(gz: Gazetteer) -> None:
    counties = [c for c in gz.candidates("Fayette County", limit=40) if c.feature_code == "ADM2"]
    states = {c.admin1 for c in counties}
    assert {"KY", "PA", "OH"} <= states
    assert all(c.country_code == "US" for c in counties)


def test_a_named_state_steers_a_county_shared_by_many_states() -> None:
    text = ("Road crews in Kentucky worked through the night. Fayette County officials said the "
            "snow would close schools again on Friday, the third closure in Kentucky this month.")
    found = _resolved(text)
    assert found["Fayette County"][1] == "ADM2"
    assert distance_km(found["Fayette County"][3], found["Fayette County"][4], 38.04, -84.46) < 60


def test_country_points_of_surveyed_centres() -> None:
    rows = {r["country_code"]: r for r in sources.read_curated("countries.csv")}
    us, au = rows["US"], rows["AU"]
    # the contiguous centre near Lebanon, Kansas, and the Lambert centre of Australia
    assert distance_km(float(us["lat"]), float(us["lon"]), 39.83, -98.58) < 5
    assert distance_km(float(au["lat"]), float(au["lon"]), -25.61, 134.35) < 5
    assert "Survey" in us["source"] and "Geoscience Australia" in au["source"]


# --- counties and boroughs of the United Kingdom ----------------------------------------------


def test_every_british_county_row_names_its_source_and_lies_in_the_united_kingdom() -> None:
    rows = sources.read_curated("gb_counties.csv")
    assert len(rows) > 100
    ids = [row["geonameid"] for row in rows if row["geonameid"]]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["source"] and row["admin1"] in {"ENG", "SCT", "WLS", "NIR"}, row
        lat, lon = float(row["lat"]), float(row["lon"])
        assert 49.8 < lat < 61 and -8.7 < lon < 1.8, row
        assert int(row["population"]) >= 0


def test_a_british_county_named_alone_is_the_county_not_a_namesake_town_abroad() -> None:
    text = ("Flooding closed roads across Somerset and Wiltshire on Tuesday, and schools in "
            "Lambeth shut early.")
    found = _resolved(text)
    for name in ("Somerset", "Wiltshire", "Lambeth"):
        assert found[name][1:3] == ("ADM2", "GB"), (name, found[name])
    assert distance_km(found["Wiltshire"][3], found["Wiltshire"][4], 51.33, -1.92) < 40
