"""Shipped country outlines, `territory boundaries add`, and admin1 lookup for points."""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from geo.cli.boundaries import main as boundaries_main
from geo.errors import BoundaryError
from geo.gazetteer import boundaries

WOF_ADMIN1 = "boundaries/wof_admin1_regions_iq_sy_jo_lb_tr.geojson.gz"

# real town coordinates (GeoNames)
MOSUL = (43.11889, 36.335)
RAQQA = (39.00788, 35.95283)
RAMADI = (43.30778, 33.42056)
MEDITERRANEAN = (33.5, 34.0)


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private TERRITORY_HOME so added boundaries never leak into other tests."""
    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def wof_admin1(shared_data_dir):
    path = shared_data_dir / WOF_ADMIN1
    if not path.is_file():
        pytest.skip(f"{path} missing")
    return path


def test_countries_are_lonlat_outlines_with_iso_codes():
    table = boundaries.countries()
    assert table.crs.equals("EPSG:4326")
    assert {"name", "iso_a2", "iso_a3", "geometry"} <= set(table.columns)
    iraq = table[table["iso_a2"] == "IQ"].geometry.iloc[0]
    syria = table[table["iso_a2"] == "SY"].geometry.iloc[0]
    assert iraq.contains(shapely.Point(MOSUL)) and iraq.contains(shapely.Point(RAMADI))
    assert syria.contains(shapely.Point(RAQQA)) and not iraq.contains(shapely.Point(RAQQA))
    assert table.geometry.is_valid.all()


def test_country_outlines_read_again_from_the_kept_copy_are_the_same(home, monkeypatch):
    boundaries._countries_cached.cache_clear()
    read = boundaries.pyogrio.read_dataframe
    try:
        shipped = boundaries.countries()  # read with GDAL, kept in the home folder
        assert (home / "country_outlines.json").is_file()
        boundaries._countries_cached.cache_clear()
        monkeypatch.setattr(boundaries.pyogrio, "read_dataframe", lambda *a, **k: pytest.fail("read the file again"))
        kept = boundaries.countries()
        pd.testing.assert_frame_equal(shipped.drop(columns="geometry"), kept.drop(columns="geometry"))
        assert shapely.equals_exact(shipped.geometry.values, kept.geometry.values, 0).all()
        assert kept.crs.equals("EPSG:4326")
        # a damaged copy is read around, from the shipped file
        (home / "country_outlines.json").write_text("{not json", encoding="utf-8")
        boundaries._countries_cached.cache_clear()
        monkeypatch.setattr(boundaries.pyogrio, "read_dataframe", read)
        assert len(boundaries.countries()) == len(shipped)
    finally:
        boundaries._countries_cached.cache_clear()


def test_no_admin_layer_until_added(home):
    assert boundaries.admin(1) is None
    # without polygons every point gets None, so callers keep the gazetteer's admin1
    assert boundaries.admin1_for_points([MOSUL[0]], [MOSUL[1]]) == [None]


def test_add_wof_admin1_from_gzipped_geojson(home, wof_admin1, capsys):
    assert boundaries_main(["add", str(wof_admin1), "--level", "1"]) == 0
    assert "admin-1" in capsys.readouterr().out
    stored = boundaries.admin(1)
    assert stored is not None and stored.crs.equals("EPSG:4326")
    assert list(stored.columns[:6]) == boundaries.ADMIN_COLUMNS
    iq = stored[stored["country_code"] == "IQ"]
    # 19 current governorates; the superseded At-Ta'mim (is_current 0) is dropped
    assert "Ninawa" in set(iq["name"]) and "At-Ta'mim" not in set(iq["name"])
    assert len(iq) == 19
    assert stored.geometry.is_valid.all()
    assert (stored["source"] == wof_admin1.name).all()
    # governorates get the GeoNames admin-1 code that regions and the gazetteer use
    codes = dict(zip(stored["name"], stored["code"]))
    assert (codes["Ninawa"], codes["Al-Anbar"], codes["Ar Raqqah"]) == ("IQ.15", "IQ.01", "SY.04")
    assert pd.isna(codes["Halabja"])  # a governorate since 2014: no code in GeoNames' table
    assert stored.set_index("name").loc["Ninawa", "source_id"] == "85672429"  # its WOF id

    lons = [MOSUL[0], RAQQA[0], RAMADI[0], MEDITERRANEAN[0], None, float("nan")]
    lats = [MOSUL[1], RAQQA[1], RAMADI[1], MEDITERRANEAN[1], 36.0, 36.0]
    assert boundaries.admin1_for_points(lons, lats) == [
        "Ninawa", "Ar Raqqah", "Al-Anbar", None, None, None]


def test_adding_the_same_file_twice_replaces_not_duplicates(home, wof_admin1, capsys):
    boundaries.add_boundaries(wof_admin1, 1)
    first = len(boundaries.admin(1))
    boundaries.add_boundaries(wof_admin1, 1)
    assert len(boundaries.admin(1)) == first
    assert boundaries_main(["list"]) == 0
    out = capsys.readouterr().out
    assert f"admin1: {first} units" in out and wof_admin1.name in out
    assert boundaries_main(["remove", "--level", "1"]) == 0
    assert boundaries.admin(1) is None


def _geoboundaries_zip(tmp_path):
    """A zipped shapefile shaped like a geoBoundaries ADM2 download, in Web Mercator."""
    districts = gpd.GeoDataFrame(
        {"shapeName": ["Mosul", "Sinjar"], "shapeGroup": ["IRQ", "IRQ"],
         "shapeID": ["IRQ-ADM2-1", "IRQ-ADM2-2"], "shapeType": ["ADM2", "ADM2"]},
        geometry=[shapely.box(42.6, 35.9, 43.6, 36.7), shapely.box(41.3, 36.0, 42.4, 36.7)],
        crs=4326).to_crs(3857)
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    pyogrio.write_dataframe(districts, shp_dir / "geoBoundaries-IRQ-ADM2.shp")
    archive = tmp_path / "geoBoundaries-IRQ-ADM2-all.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in sorted(shp_dir.iterdir()):
            zf.write(part, part.name)
    return archive


def test_add_zipped_shapefile_reprojects_and_maps_iso3(home, tmp_path):
    rows = boundaries.add_boundaries(_geoboundaries_zip(tmp_path), 2)
    assert list(rows["name"]) == ["Mosul", "Sinjar"]
    assert set(rows["country_code"]) == {"IQ"}  # shapeGroup IRQ -> IQ
    assert list(rows["source_id"]) == ["IRQ-ADM2-1", "IRQ-ADM2-2"]
    minx, miny, maxx, maxy = boundaries.admin(2).total_bounds
    assert 41 < minx < maxx < 44 and 35 < miny < maxy < 37  # back in lon/lat
    assert boundaries.admin1_for_points([MOSUL[0]], [MOSUL[1]], level=2) == ["Mosul"]
    assert boundaries.admin(1) is None


def test_name_field_and_country_options(home, tmp_path):
    path = tmp_path / "units.geojson"
    gdf = gpd.GeoDataFrame({"label": ["Ninewa"]}, geometry=[shapely.box(41, 35, 44, 37)], crs=4326)
    pyogrio.write_dataframe(gdf, path)
    with pytest.raises(BoundaryError, match=r"no name column.*--name-field") as err:
        boundaries.add_boundaries(path, 1)
    assert str(path) in str(err.value)
    rows = boundaries.add_boundaries(path, 1, name_field="label", country="iq")
    assert rows["name"].tolist() == ["Ninewa"] and rows["country_code"].tolist() == ["IQ"]


def test_multi_layer_geopackage_picks_the_layer_of_the_level(home, tmp_path):
    """OCHA publishes one GeoPackage with adm0..adm3 layers (irq_admbnda_adm1_cso ...)."""
    path = tmp_path / "irq_adm_cso_itos.gpkg"
    for lvl, names in [(1, ["Ninewa", "Anbar"]), (2, ["Mosul", "Sinjar", "Ramadi"])]:
        gdf = gpd.GeoDataFrame(
            {f"ADM{lvl}_EN": names, f"ADM{lvl}_PCODE": [f"IQG{i:02d}" for i in range(len(names))],
             "ADM0_PCODE": ["IQ"] * len(names)},
            geometry=[shapely.box(40 + i, 33, 41 + i, 34) for i in range(len(names))], crs=4326)
        pyogrio.write_dataframe(gdf, path, layer=f"irq_admbnda_adm{lvl}_cso_20190603")
    assert boundaries.add_boundaries(path, 2)["name"].tolist() == ["Mosul", "Ramadi", "Sinjar"]
    rows = boundaries.add_boundaries(path, 1)
    assert rows["name"].tolist() == ["Anbar", "Ninewa"]
    assert rows["source_id"].tolist() == ["IQG01", "IQG00"]
    assert rows["code"].tolist() == ["IQ.01", "IQ.15"]  # matched to GeoNames by name
    with pytest.raises(BoundaryError, match=r"2 layers.*--layer"):
        boundaries.read_boundary_file(path)  # no level: cannot choose


@pytest.mark.parametrize("content, problem", [
    (None, "no such file"),
    ("Mosul,Ninawa\n", "GDAL cannot read it"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Mosul"},
         "geometry": {"type": "Point", "coordinates": list(MOSUL)}}]}), "holds no polygons"),
])
def test_bad_files_name_the_file_and_the_problem(home, tmp_path, content, problem):
    path = tmp_path / "bad.geojson"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BoundaryError, match=problem) as err:
        boundaries.add_boundaries(path, 1)
    assert err.value.path == str(path)
    assert boundaries.admin(1) is None


def test_cli_reports_bad_file_as_error(home, tmp_path, capsys):
    from geo.cli.main import main

    assert main(["boundaries", "add", str(tmp_path / "missing.zip"), "--level", "2"]) == 1
    err = capsys.readouterr().err
    assert "missing.zip" in err and "no such file" in err
    with pytest.raises(SystemExit):
        boundaries_main(["add", str(tmp_path / "x.geojson"), "--level", "3"])
