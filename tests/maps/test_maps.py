"""map.html without a browser: layers, escaping, time intervals, colours, determinism, errors.

The browser half (does it draw, does the slider work, does injected markup stay inert) is
tests/test_browser.py.
"""

from __future__ import annotations

import json
import re

import _map_frames as frames
import geopandas as gpd
import pytest
import shapely
import shapely.geometry

from geo.errors import OutputError
from geo.maps.assets import PACKAGES, SHIPPED, cdn_urls
from geo.maps.base import big_towns, label_features
from geo.maps.layers import (
    article_name,
    date_ms,
    evidence_index,
    interval,
    other_names,
    place_control_features,
    wide_window,
)
from geo.maps.legend import area_index, mapped_estimate
from geo.maps.pack import unpack_points
from geo.maps.page import CDN, OUTLINE_BASE, make_map
from geo.maps.style import SIDES, attack_diameter, attack_style, side_of


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("map") / "map.html"
    make_map(frames.events_frame(), frames.places_frame(), frames.control_frame(), out,
             title="ISIS <b>2014-2016</b>")
    return out.read_text(encoding="utf-8")


def _layer_data(html: str, call: str) -> list[dict]:
    """The FeatureCollections handed to ``call`` (``L.timeline``, ``.addData``), in page order;
    a packed layer (``territoryUnpack(...)``, geo.maps.pack, or ``territoryLater(...)``) unpacked."""
    blocks = dict(re.findall(r'<script type="application/json" id="tt-data-(\d+)">(.*?)</script>', html, flags=re.S))
    strings = json.loads(blocks[re.search(r"var territoryStrings = territoryData\((\d+)\)", html).group(1)])
    found = re.findall(re.escape(call) + r"\(\s*(?:territoryUnpack\(territoryData\((\d+)\)\)|territoryLater\((\d+)\)|(\{.*?\})),?\s*"
                       r"(?:timeline_|\);)",
                       html, flags=re.S)
    return [unpack_points(json.loads(blocks[block or later]), strings) if block or later else json.loads(data)
            for block, later, data in found]


def _timeline_data(html: str) -> list[dict]:
    """The FeatureCollections handed to L.timeline, in page order."""
    return _layer_data(html, "L.timeline")


def test_every_layer_is_in_the_layer_control(built):
    control = re.search(r"var layer_control_\w+_layers = \{(.*?)\};", built, flags=re.S).group(1)
    for name in ("OpenStreetMap (online)", OUTLINE_BASE, "Control areas (estimate)", "Location uncertainty",
                 "Control of places", "Attacks", "Control changes", "Claims", "Places mentioned"):
        assert json.dumps(name) in control, name


def test_one_slider_drives_all_dated_layers(built):
    assert built.count("L.timelineSliderControl(") == 1
    added = re.findall(r"timeline_slider_\w+\.addTimelines\((timeline_\w+)\)", built)
    declared = re.findall(r"var (timeline_\w+) = L\.timeline\(", built)
    assert sorted(added) == sorted(declared) and len(declared) == 6


def _popups(html: str) -> list[list]:
    return [f["properties"]["q"] for fc in _timeline_data(html) for f in fc["features"] if "q" in f["properties"]]


def test_injected_markup_is_escaped(built):
    assert "<script>window.__pwned" not in built
    assert "onerror=\"window" not in built and "<img src=x" not in built
    assert "ISIS <b>2014" not in built  # the title, in <title> and in the header box
    assert "<title>ISIS &lt;b&gt;2014-2016&lt;/b&gt;</title>" in built
    hostile = [q for q in _popups(built) if "__pwned" in q[2]]
    assert len(hostile) == 1
    assert hostile[0][2] == ("Locals said &lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt; and "
                             "&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;.")
    # inside the page's <script> even the escaped text carries no raw "<" or "&"
    assert "\\u0026lt;script\\u0026gt;window.__pwned" in built


def test_template_syntax_in_untrusted_text_stays_text(tmp_path):
    # the outlet (a manifest's column), the actors (article text) and the title reach the
    # feed, the legend and the header box: written as Jinja, they must not run when the page
    # is rendered ("{{ 7*7 }}" giving 49 would mean "{{ ... __globals__.os ... }}" runs too)
    events = frames.events_frame()
    events["outlet"] = "Raqqa Is Being {{ 7*7 }} Slaughtered {% if true %}Silently{% endif %}"
    events.loc[events["category"] == "attack", "actor1"] = "{{ 6*6 }} Brigade {# note #}"
    out = tmp_path / "map.html"
    make_map(events, frames.places_frame(), frames.control_frame(), out, title="Raqqa {{ 8*8 }}")
    html = out.read_text(encoding="utf-8")
    assert "Raqqa Is Being {{ 7*7 }} Slaughtered {% if true %}Silently{% endif %}" in html
    assert "{{ 6*6 }} Brigade {# note #}" in html
    assert "Raqqa {{ 8*8 }}" in html and "Raqqa 64" not in html
    assert "Being 49" not in html and "36 Brigade" not in html


def test_popups_carry_date_actors_casualties_evidence_and_source(built):
    _title, rows, evidence, source, _note = next(q for q in _popups(built) if q[0] == "Suicide bomb")
    table = dict(rows)
    assert table["Date"] == "2015-05-14 – 2015-05-15" and table["Place"] == "Ramadi"
    assert table["Perpetrator"] == "ISIS" and table["Target"] == "Iraqi security forces"
    assert table["Killed"] == "83" and table["Wounded"] == "40"
    assert "__pwned" in evidence and source == "article_0.txt · published 2016-04-01"
    taza = next(q for q in _popups(built) if q[0] == "Chemical weapon")
    assert taza[4] == "Located near or in part of the place named."


def test_same_frames_give_the_same_bytes(tmp_path):
    a, b = tmp_path / "a" / "map.html", tmp_path / "b" / "map.html"
    for path in (a, b):
        make_map(frames.events_frame(), frames.places_frame(), frames.control_frame(), path)
    assert a.read_bytes() == b.read_bytes()
    assert not re.search(r"_[0-9a-f]{32}\b", a.read_text().replace("0" * 24, "")), "a random folium id survived"


def test_town_changes_colour_when_it_changes_hands():
    kobani = frames.places_frame().iloc[0]
    assert kobani["name"] == "Kobani"
    features = place_control_features(kobani.to_dict(), kobani.geometry, date_ms("2016-06-01"))
    spans = [(f["properties"]["start"], f["properties"]["end"], f["properties"]["c"]) for f in features]
    assert spans == [(date_ms("2014-10-06"), date_ms("2015-01-26"), SIDES["isis"].colour),
                     (date_ms("2015-01-26"), date_ms("2016-06-01"), SIDES["kurdish"].colour)]
    assert all(f["properties"]["endExclusive"] for f in features)


def test_control_read_back_as_json_text_still_draws(tmp_path):
    places = frames.places_frame()
    places["control"] = places["control"].map(json.dumps)  # as pyogrio reads a list column back
    places["mentions"] = places["mentions"].map(json.dumps)
    out = make_map(None, places, None, tmp_path / "map.html")
    fcs = _timeline_data(out.read_text())
    assert len(fcs) == 1 and len(fcs[0]["features"]) == 6  # Kobani 2, Palmyra 2, Raqqa 1, Mosul 1


def test_events_without_a_date_are_kept_on_an_undated_layer(tmp_path):
    events = frames.events_frame()
    events.loc[0, ["date_start", "date_end", "published"]] = None
    html = make_map(events, None, None, tmp_path / "map.html").read_text()
    assert '"Undated events"' in html
    assert interval(events.iloc[0].to_dict(), 30) is None


def test_event_window_runs_from_first_day_to_persist_days_after_last():
    row = {"date_start": "2016-03-08", "date_end": "2016-03-09"}
    assert interval(row, 30) == (date_ms("2016-03-08"), date_ms("2016-04-08"))
    assert interval({"date_start": None, "published": "2016-04-01"}, 0) == (date_ms("2016-04-01"),) * 2


def test_geo_precision_2_and_3_get_an_uncertainty_shape(built):
    shapes = {f["properties"]["p"]: f["properties"] for fc in _timeline_data(built) for f in fc["features"]
              if "p" in f["properties"]}
    assert sorted(shapes) == [2, 3]  # Taza ("near") and the claim about Iraq (a country)
    assert shapes[2]["r"] == 25_000 and "g" not in shapes[2]  # no region: a circle around Taza
    regions = json.loads(re.search(r"var territoryRegions = (\[.*?\]);</script>", built, flags=re.S).group(1))
    iraq = shapely.geometry.shape(regions[shapes[3]["g"]])  # the country's outline, held once
    assert iraq.contains(shapely.Point(44.36, 33.31)) and not iraq.contains(shapely.Point(38.35, 36.89))


def test_projected_input_is_drawn_in_wgs84(tmp_path):
    events = frames.events_frame().to_crs("EPSG:3857")
    html = make_map(events, None, None, tmp_path / "map.html").read_text()
    coords = [f["geometry"]["coordinates"] for fc in _timeline_data(html) for f in fc["features"]
              if f["geometry"]["type"] == "Point"]
    assert [38.3553, 36.8909] in coords  # Kobani, lon/lat, 6 decimals at most


def test_empty_input_still_writes_a_map(tmp_path):
    out = make_map(None, None, None, tmp_path / "sub" / "map.html")
    assert "L.map(" in out.read_text()


def test_unwritable_path_names_the_file(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="file"):
        make_map(frames.events_frame(), None, None, blocker / "map.html")


def test_not_a_geodataframe_is_a_clear_error(tmp_path):
    with pytest.raises(OutputError, match="GeoDataFrame"):
        make_map(frames.events_frame().drop(columns="geometry"), None, None, tmp_path / "map.html")


@pytest.mark.parametrize("actor, side", [
    ("Islamic State", "isis"), ("ISIL militants", "isis"), ("Daesh", "isis"), ("IS", "isis"),
    ("Kurdish People's Protection Units (YPG)", "kurdish"), ("Syrian Democratic Forces", "kurdish"),
    ("peshmerga", "kurdish"), ("Free Syrian Army", "rebels"), ("Syrian rebels", "rebels"),
    ("Turkish-backed rebels", "turkish"), ("Syrian army", "government"), ("Iraqi security forces", "government"),
    ("Hezbollah", "government"), ("US-led coalition", "coalition"), ("gunmen", "unknown"), (None, "unknown"),
])
def test_side_colours_follow_the_war_map_convention(actor, side):
    assert side_of(actor).key == side


def test_war_map_colours():
    assert SIDES["isis"].colour == "#111111" and SIDES["kurdish"].colour == "#f5d800"
    assert SIDES["government"].colour == "#d7191c" and SIDES["rebels"].colour == "#1a9641"


def test_attack_style_and_size():
    assert attack_style("Chemical weapon").icon == "skull-crossbones"
    assert attack_style("suicide bomb").label == "Suicide bomb"
    assert attack_style("something new").label == "Other attack"
    sizes = [attack_diameter(k) for k in (None, 0, 3, 83, 10_000)]
    assert sizes == sorted(sizes) and sizes[0] == 16 and sizes[-1] == 56


def test_claim_is_set_beside_the_mapped_estimate():
    events = frames.events_frame()
    claim = events[events.category == "claim"].iloc[0].to_dict()
    claim["country_code"] = "SY"  # the test polygons lie in Syria
    control = frames.control_frame()
    areas = list(zip(control.drop(columns="geometry").to_dict("records"), control.geometry))
    text = mapped_estimate(claim, areas)
    assert text is not None and "on 2015-01-26" in text and "estimate" in text


def test_user_added_admin_polygons_are_drawn_with_escaped_names(tmp_path, monkeypatch):
    import geo.maps.page

    governorates = gpd.GeoDataFrame(
        {"name": ["Raqqa <img src=x onerror=alert(1)>", "Far away"], "country_code": ["SY", "BR"],
         "code": ["SY11", "BR01"], "geonameid": [163806, None], "source": ["user.geojson"] * 2},
        geometry=[shapely.box(38.0, 35.4, 40.0, 36.6), shapely.box(-50, -10, -49, -9)], crs="EPSG:4326")
    monkeypatch.setattr(geo.maps.page, "admin", lambda level: governorates if level == 1 else None)
    html = make_map(frames.events_frame(), None, None, tmp_path / "map.html").read_text()
    assert '"Governorates / provinces"' in html and '"Districts"' not in html
    assert "<img src=x" not in html and "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    assert "Far away" not in html  # clipped to the map's area


def test_many_events_are_drawn_as_canvas_dots(tmp_path):
    events = frames.events_frame()
    events = events[events.date_start.notna()]  # the undated layer is static: icons always
    few = make_map(events, None, None, tmp_path / "few.html").read_text()
    many = make_map(events, None, None, tmp_path / "many.html", icon_limit=3).read_text()
    assert "tt-attack" in few and "tt-claim" in few and "Math.round(p.d / 4)" not in few
    assert "tt-attack" not in many and "tt-claim\"" not in many and "Math.round(p.d / 4)" in many
    assert "drawn as dots" in many and "drawn as dots" not in few


def test_offline_map_without_the_npm_copies_names_what_is_missing(tmp_path):
    with pytest.raises(OutputError, match=r"no local copy of https://cdn\.jsdelivr\.net/npm/"):
        make_map(frames.events_frame(), None, None, tmp_path / "map.html", assets=tmp_path / "node_modules")
    assert not (tmp_path / "map.html").exists()  # nothing half-written


def test_town_popup_quotes_the_report_that_changed_its_colour():
    events = frames.events_frame()
    index = evidence_index(list(zip(events.drop(columns="geometry").to_dict("records"), events.geometry)))
    kobani = frames.places_frame().iloc[0].to_dict()
    kobani["control"][1]["kind"] = "change"
    features = place_control_features(kobani, shapely.Point(38.3553, 36.8909), date_ms("2016-06-01"),
                                      evidence=index)
    _title, rows, quote, source, note = features[1]["properties"]["q"]
    assert quote.startswith("Kurdish fighters drove the militants out of Kobani")
    assert source == "article_0.txt · published 2016-04-01" and note == ""
    assert ["2015-01-26", "Kurdish YPG (taken) · article_0.txt"] in rows


def test_conflicting_reports_are_flagged():
    mosul = frames.places_frame().iloc[2].to_dict()
    assert mosul["name"] == "Mosul"
    mosul["control"] = mosul["control"] + [
        {"date": "2015-03-01", "holder": "Iraqi army", "event_id": "a", "kind": "state", "conflicting": True},
        {"date": "2015-03-02", "holder": "ISIS", "event_id": "b", "kind": "state", "conflicting": True}]
    features = place_control_features(mosul, shapely.Point(43.1189, 36.335), date_ms("2016-01-01"))
    assert [f["properties"].get("x") for f in features] == [None, 1, 1]
    assert features[1]["properties"]["q"][4] == "Reports of who held it conflict around this date."
    assert ["2015-03-01", "Iraqi army (reported holding) ⚠ conflicting"] in features[1]["properties"]["q"][1]


# --- incidents (geo.events.incidents.incidents_frame): one marker per real-world event -------------------

RAMADI = [43.3058, 33.4258]


def _attacks_at(html: str, coords: list[float]) -> list[dict]:
    return [f["properties"] for fc in _timeline_data(html) for f in fc["features"]
            if f["geometry"]["coordinates"] == coords and "i" in f["properties"]]


@pytest.fixture(scope="module")
def incidents_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("incidents") / "map.html"
    make_map(frames.incidents_frame(), frames.places_frame(), frames.control_frame(), out)
    return out.read_text(encoding="utf-8")


def test_three_reports_of_one_bombing_are_one_attack_with_three_sources(incidents_html, tmp_path):
    (bombing,) = _attacks_at(incidents_html, RAMADI)
    title, rows, quotes, more, _note = bombing["q"]
    table = dict(rows)
    assert title == "Suicide bomb" and table["Place"] == "Ramadi" and table["Date"] == "2015-05-14"
    assert table["Killed"] == "23 (20–23 across 3 sources)"  # best: the figure most sources give
    assert table["Wounded"] == "40 (40–45 across 2 sources)"  # one wire gave no figure
    assert table["Sources"] == "3 (3 reports)" and bombing["s"] == 3
    assert [q[1] for q in quotes] == ["ap.txt · published 2015-05-15 · 20 killed, 40 wounded",
                                      "reuters.txt · published 2015-05-16 · 23 killed",
                                      "afp.txt · published 2015-05-17 · 23 killed, 45 wounded"]
    assert more == ""
    assert bombing["d"] == attack_diameter(23)  # sized by the best estimate, not the sum
    # the same reports drawn one by one would be three attacks on the same spot
    reports = gpd.GeoDataFrame(
        [{**{k: getattr(e, k) for k in ("event_id", "category", "sub_event_type", "date_start", "date_end",
                                        "place", "killed", "source", "evidence")},
          "geometry": shapely.Point(e.lon, e.lat)} for e in frames.incident_events()], crs="EPSG:4326")
    assert len(_attacks_at(make_map(reports, None, None, tmp_path / "map.html").read_text(), RAMADI)) == 3


def test_incident_evidence_stays_inert_text(incidents_html):
    assert "<script>window.__pwned" not in incidents_html and "<img src=x" not in incidents_html
    (bombing,) = _attacks_at(incidents_html, RAMADI)
    hostile = [q for q in bombing["q"][2] if "__pwned" in q[0]]
    assert hostile == [[("Locals said &lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt; and "
                         "&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;."),
                        "reuters.txt · published 2015-05-16 · 23 killed"]]
    assert "\\u0026lt;script\\u0026gt;window.__pwned" in incidents_html


def test_evidence_cut_for_the_map_says_how_many_reports_are_left_out(tmp_path):
    incidents = frames.incidents_frame()
    incidents["evidence"] = incidents["evidence"].map(lambda entries: entries[:1])
    html = make_map(incidents, None, None, tmp_path / "map.html").read_text()
    (bombing,) = _attacks_at(html, RAMADI)
    _title, rows, quotes, more, _note = bombing["q"]
    assert len(quotes) == 1 and more == "… and 2 more reports"
    # which sources gave a figure is no longer known here; the range still is
    assert dict(rows)["Killed"] == "23 (sources give 20–23)" and dict(rows)["Sources"] == "3 (3 reports)"


def test_incidents_read_back_from_a_geopackage_draw_the_same_map(tmp_path, incidents_html):
    incidents = frames.incidents_frame()
    for col in ("evidence", "sources", "event_ids"):  # as geo.io.exports writes list columns
        incidents[col] = incidents[col].map(lambda v: json.dumps(v, ensure_ascii=False))
    incidents.to_file(tmp_path / "incidents.gpkg", engine="pyogrio")
    back = gpd.read_file(tmp_path / "incidents.gpkg", engine="pyogrio")
    assert isinstance(back.loc[0, "evidence"], str)
    html = make_map(back, frames.places_frame(), frames.control_frame(), tmp_path / "map.html").read_text()
    assert html == incidents_html


def test_place_history_quotes_the_reports_of_an_incident():
    incidents = frames.incidents_frame()
    records = list(zip(incidents.drop(columns="geometry").to_dict("records"), incidents.geometry))
    kobani = frames.places_frame().iloc[0].to_dict()
    kobani["control"] = [{"date": "2014-10-06", "holder": "Islamic State", "event_id": "evx"},
                         {"date": "2015-01-26", "holder": "Kurdish YPG", "event_id": "ev010", "kind": "change"}]
    end = date_ms("2016-06-01")
    features = place_control_features(kobani, shapely.Point(38.3553, 36.8909), end, evidence=evidence_index(records))
    _, rows, quote, source, _ = features[1]["properties"]["q"]
    assert quote == "Kurdish forces raised their flag over Kobani on Monday."
    assert source == "bbc.txt · published 2015-01-27"
    # the pipeline passes each incident's evidence cut short: a report no longer quoted gets the
    # sentence of another report of the same incident, said to be so
    for row, _ in records:
        row["evidence"] = row["evidence"][:1]
    features = place_control_features(kobani, shapely.Point(38.3553, 36.8909), end, evidence=evidence_index(records))
    _, rows, quote, source, _ = features[1]["properties"]["q"]
    assert quote.startswith("Kurdish fighters drove the militants out of Kobani")
    assert source == "same incident: article_0.txt · published 2015-01-27"
    assert ["2015-01-26", "Kurdish YPG (taken) · same incident: article_0.txt"] in rows


def test_header_and_legend_count_incidents_and_the_reports_they_merge(incidents_html, built):
    assert "7 incidents (10 reports)" in incidents_html and "10 events" in built
    assert "merge 10 reports (2 told by several sources)" in incidents_html
    assert "size: killed, best estimate" in incidents_html
    assert "One marker per incident" not in built and "size: killed, best estimate" not in built


def test_incident_map_is_deterministic(tmp_path, incidents_html):
    again = make_map(frames.incidents_frame(), frames.places_frame(), frames.control_frame(), tmp_path / "map.html")
    assert again.read_text(encoding="utf-8") == incidents_html


def test_place_popup_counts_every_mention_when_the_list_is_cut(tmp_path):
    places = frames.places_frame()
    places["n_mentions"] = 250  # the pipeline keeps a few mentions per place for the map
    html = make_map(None, places, None, tmp_path / "map.html").read_text()

    def rows(html: str) -> list[dict[str, str]]:  # the "Places mentioned" popups' tables
        return [dict(f["properties"]["q"][1]) for fc in _layer_data(html, "_add") for f in fc["features"]
                if "q" in f["properties"]]

    mentioned = [(r["Mentions"], r["Articles"]) for r in rows(html)]
    assert len(mentioned) == len(frames.TOWNS) and set(mentioned) == {("250", "article_0.txt …")}
    places = places.drop(columns="n_mentions")
    html = make_map(None, places, None, tmp_path / "map.html").read_text()
    assert {r["Mentions"] for r in rows(html)} == {"1"}


def test_claims_find_the_last_mapped_date_and_the_peak_before_it():
    control = frames.control_frame()
    index = area_index(list(zip(control.drop(columns="geometry").to_dict("records"), control.geometry)))
    claim = {"date_start": "2016-04-01", "actor1": "ISIS", "country_code": "SY"}
    text = mapped_estimate(claim, index)
    # ISIS held a smaller box on 2016-03-27 than on 2015-01-26 (the peak)
    assert re.fullmatch(r"≈[\d,]+ km² in SY on 2016-03-27; mapped peak [\d,]+ km² on 2015-01-26 \(-\d+%\) "
                        r"\(estimate\)", text), text
    assert mapped_estimate({**claim, "date_start": "2015-06-01"}, index).endswith("on 2015-01-26 (estimate)")
    assert mapped_estimate({**claim, "date_start": "2014-12-31"}, index) is None  # nothing mapped yet
    assert mapped_estimate({**claim, "actor1": "Free Syrian Army"}, index) is None


def test_reports_that_name_their_incident_are_still_drawn_one_by_one(tmp_path, built):
    # the pipeline writes ``incident_id`` into the events frame too: that alone is not incidents
    events = frames.events_frame()
    events.insert(1, "incident_id", "same")
    html = make_map(events, frames.places_frame(), frames.control_frame(), tmp_path / "map.html",
                    title="ISIS <b>2014-2016</b>").read_text(encoding="utf-8")
    assert html == built


# --- offline by default: the page carries its JavaScript, CSS and fonts -------------------------

def test_the_page_carries_its_scripts_and_styles(built):
    assert cdn_urls(built) == []
    head = built.split("<body>")[0]
    assert "Leaflet" in head and "TimelineSliderControl" in head and "moment" in head
    assert "data:font/woff2;base64," in head  # Font Awesome's solid face, for the markers' glyphs
    assert "bootstrap" not in head.lower()  # folium's default, unused by this page
    assert len(built) < 1_500_000


def test_cdn_links_are_an_option(tmp_path, monkeypatch):
    html = make_map(frames.events_frame(), None, None, tmp_path / "map.html", assets=CDN).read_text()
    urls = cdn_urls(html)
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in urls and len(html) < 200_000
    monkeypatch.setenv("TERRITORY_MAP_ASSETS", CDN)
    assert cdn_urls(make_map(frames.events_frame(), None, None, tmp_path / "env.html").read_text()) == urls


def test_every_shipped_package_has_its_licence_and_version():
    for name, (version, files) in PACKAGES.items():
        folder = SHIPPED / name
        assert json.loads((folder / "package.json").read_text())["version"] == version
        assert any(p.name.upper().startswith("LICENSE") for p in folder.iterdir()), name
        assert all((folder / f).is_file() for f in files), name
    assert (SHIPPED / "README.md").is_file()


def test_a_page_that_cannot_draw_has_a_place_to_say_why(built):
    assert 'id="tt-fail"' in built and "<noscript>" in built
    # the watcher is the first script of the page: it sees every later one fail
    assert built.index("tt-fail-why") < built.index("<script>/* @preserve")


def test_offline_base_is_the_default_and_names_the_main_towns(built):
    control = re.search(r"var layer_control_\w+_layers = \{(.*?)\};", built, flags=re.S).group(1)
    assert control.index(json.dumps(OUTLINE_BASE)) < control.index('"OpenStreetMap (online)"')
    assert "tt-tier-" in built and '"Aleppo"' in built


def test_town_labels_mix_the_corpus_places_and_the_big_towns():
    places = frames.places_frame()
    records = list(zip(places.drop(columns="geometry").to_dict("records"), places.geometry))
    box = shapely.box(35.0, 32.0, 45.0, 38.0)
    labels = label_features(records, box, held_labelled=True)
    names = [f["properties"]["n"] for f in labels]
    assert "Ramadi" in names and "Aleppo" in names and "Baghdad" in names
    assert "Kobani" not in names  # held: its dot carries the name
    assert "Ar Raqqah" not in names  # the corpus's Raqqa is named: the big town by it is the same
    tiers = [f["properties"]["k"] for f in labels]
    assert tiers == sorted(tiers) and tiers[0] == 0
    first = [f["properties"]["n"] for f in labels if f["properties"]["k"] == 0]
    assert "Ramadi" in first and "Aleppo" in first  # the first view: what the news name and where
    assert all(box.contains(shapely.geometry.shape(f["geometry"])) for f in labels)
    assert all(t.population >= 150_000 for t in big_towns())


# --- names as the news write them --------------------------------------------------------------

def test_a_place_is_named_as_its_articles_name_it():
    row = {"name": "Tadmur", "mentions": [
        {"source": "a.txt", "text": "Palmyra"}, {"source": "b.txt", "text": "Tadmur"},
        {"source": "c.txt", "text": "Palmyra"}, {"source": "c.txt", "text": "palmyra"},
        {"source": "d.txt", "text": "PALMYRA"}, {"source": "d.txt", "text": "UAE"}]}
    assert article_name(row) == "Palmyra"
    assert other_names(row) == ["Tadmur", "palmyra", "UAE"]  # a dateline's capitals are the same name
    assert article_name({"name": "Tadmur", "mentions": []}) == "Tadmur"
    assert other_names({"name": "Tadmur"}) == []


def test_towns_are_labelled_with_the_articles_name_and_the_popup_gives_the_others(tmp_path):
    places = frames.places_frame()
    palmyra = places.index[places.name == "Palmyra"][0]
    places.at[palmyra, "name"] = "Tadmur"  # the gazetteer's name; the articles write "Palmyra"
    places.at[palmyra, "mentions"] = [{"source": s, "start": 0, "end": 7, "text": t} for s, t in
                                      (("a.txt", "Palmyra"), ("b.txt", "Palmyra"), ("c.txt", "Tudmur"))]
    html = make_map(None, places, None, tmp_path / "map.html").read_text()
    held = [f["properties"] for fc in _timeline_data(html) for f in fc["features"]
            if f["properties"].get("n") == "Palmyra"]
    assert len(held) == 2 and '"n":"Tadmur"' not in html
    title, rows, *_ = held[0]["q"]
    assert title == "Palmyra"
    assert ["Gazetteer name", "Tadmur"] in rows and ["Also written", "Tudmur"] in rows


# --- honest time -------------------------------------------------------------------------------

def _with_vague_airstrike(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The Raqqa air strike told as "jets struck the city in recent weeks": a two-month window."""
    events = events.copy()
    strike = events.index[events.sub_event_type == "Air/drone strike"][0]
    events.loc[strike, ["date_start", "date_end", "time_precision"]] = ["2015-08-01", "2015-09-30", 3]
    return events


def test_an_event_without_a_day_is_drawn_as_uncertain_and_says_between(tmp_path):
    html = make_map(_with_vague_airstrike(frames.events_frame()), None, None, tmp_path / "map.html").read_text()
    (strike,) = [f["properties"] for fc in _timeline_data(html) for f in fc["features"]
                 if f["properties"].get("i") == "plane"]
    assert strike["u"] == 1 and strike["start"] == date_ms("2015-08-01")  # never before its earliest day
    _title, rows, _evidence, _source, note = strike["q"]
    assert ["Date", "between 2015-08-01 and 2015-09-30"] in rows
    assert "give no day" in note
    bomb = next(f["properties"] for fc in _timeline_data(html) for f in fc["features"]
                if f["properties"].get("i") == "person-burst")
    assert "u" not in bomb  # a two-day window is a known time
    assert ["Date", "2015-05-14 – 2015-05-15"] in bomb["q"][1]


def test_a_wide_window_is_uncertain_whatever_its_precision():
    assert wide_window({"date_start": "2016-01-01", "date_end": "2016-01-20", "time_precision": 2})
    assert not wide_window({"date_start": "2016-01-01", "date_end": "2016-01-05", "time_precision": 2})
    assert wide_window({"date_start": "2016-01-01", "date_end": "2016-01-01", "time_precision": 3})
    assert not wide_window({"date_start": None, "date_end": None, "time_precision": 3})


# --- the legend --------------------------------------------------------------------------------

def test_the_legend_explains_every_marker_and_folds(built):
    legend = re.search(r'<details class="tt-legend" id="tt-legend" open>(.*?)</details>', built, flags=re.S).group(1)
    assert "<summary>Legend</summary>" in legend
    assert "fa-flag" in legend and "place taken: fill the gainer, ring the loser" in legend
    assert "fa-eye" in legend and "a report of who holds a place" in legend
    assert "lost 40 %" in legend and "reports of its holder conflict" in legend
    assert "faded, dashed" not in legend  # no event of the frames lacks its day


def test_a_claim_label_says_what_the_figure_is(built):
    (claim,) = [f["properties"] for fc in _timeline_data(built) for f in fc["features"] if "l" in f["properties"]]
    assert claim["l"] == "lost 40 %"


def test_the_feed_names_an_incidents_place_as_its_articles_do(tmp_path):
    """An incident keeps no word of its own for its place: the list says what the articles say
    most ("Kobani"), not the gazetteer ("ʿAyn al ʿArab"); a report says its own word."""
    from geo.maps.layers import feed_props

    incident = {"incident_id": "i1", "n_reports": 2, "category": "control_change", "place": "ʿAyn al ʿArab",
                "geonameid": 170017.0, "gained_by": "YPG", "lost_by": "ISIS", "date_start": "2015-01-26",
                "date_end": "2015-01-26", "sources": ["a.txt", "b.txt"]}
    articles = {"a.txt": {"outlet": "Levant Wire", "url": "https://levant-wire.example/a"},
                "b.txt": {"outlet": "Levant Wire", "url": "javascript:alert(1)"}}
    feed = feed_props(incident, articles, {"170017": "Kobani"})
    assert feed["pl"] == "Kobani" and feed["w"] == "Control change (YPG from ISIS)"
    assert feed["o"] == ["Levant Wire"] and feed["ou"] == ["https://levant-wire.example/a"]
    report = {"category": "attack", "sub_event_type": "Air/drone strike", "place": "Ar Raqqah", "mention": "Raqqa",
              "source": "c.txt", "outlet": "Desert <b>Post</b>", "url": "data:text/html,x", "killed": 4}
    feed = feed_props(report, {}, {"163915": "Raqqa city"})
    assert feed["pl"] == "Raqqa" and feed["kd"] == 4 and feed["w"] == "Air/drone strike"
    assert feed["o"] == ["Desert &lt;b&gt;Post&lt;/b&gt;"] and feed["ou"] == [""]


def test_popups_and_list_entries_made_column_by_column_are_the_events_own(tmp_path):
    """geo.maps.columns works each piece out once per distinct value: the popups and list entries
    are those the per-event functions make, hostile text escaped the same way; an article's
    manifest columns fill an outlet the report lacks."""
    from geo.maps.columns import event_popups, feed_columns, feed_entries
    from geo.maps.layers import event_popup, feed_props
    from geo.maps.page import _event_records

    events = frames.events_frame()
    events["outlet"] = ["Desert <b>Post</b>", None, "Levant Wire", *[None] * (len(events) - 3)]
    events["url"] = ["javascript:alert(1)", None, "https://levant-wire.example/a?x=1&y=<2>",
                     *[None] * (len(events) - 3)]
    events.loc[events.index[1], "actor2"] = '"><img src=x onerror=alert(3)>'
    rows, columns = _event_records(events)
    articles = {_text_of(rows[1][0]["source"]): {"outlet": "Wire <i>", "url": "https://wire.example/1"}}
    names = {"163915": "Raqqa <city>"}
    assert event_popups(columns, len(rows)) == [event_popup(row) for row, _ in rows]
    assert feed_entries(columns, len(rows), articles, names) == feed_columns([feed_props(row, articles, names)
                                                                              for row, _ in rows])
    text = json.dumps([event_popups(columns, len(rows)), feed_entries(columns, len(rows), articles, names)])
    assert "<img" not in text and "<b>" not in text and "<i>" not in text and "javascript:" not in text
    assert "&lt;img src=x onerror=alert(3)&gt;" in text and "Wire &lt;i&gt;" in text


def test_incident_popups_and_list_entries_made_column_by_column_are_the_incidents_own():
    """An incidents frame (the run's map) is built column by column too: popups with the
    reports' sentences, a toll the sources disagree on (also with the evidence cut for the map),
    the articles' outlets escaped; each equal to what the per-incident functions make."""
    from geo.maps.columns import feed_columns, incident_feed_entries, incident_popups
    from geo.maps.layers import event_popup, feed_props
    from geo.maps.page import _event_records

    incidents = frames.incidents_frame()
    ranged = incidents.index[incidents.killed_low != incidents.killed_high].tolist()
    assert ranged  # the frame has a toll the sources disagree on
    cut = incidents.copy()
    # the pipeline cuts a long incident's evidence for the map: the text then says so
    cut.at[ranged[0], "evidence"] = cut.at[ranged[0], "evidence"][:1]
    articles = {"afp.txt": {"outlet": "Agence <b>", "url": "javascript:alert(1)"},
                "bbc.txt": {"title": "Town retaken", "url": "https://bbc.example/a?x=1&y=2"}}
    names = {"163915": "Raqqa <city>"}
    for frame in (incidents, cut):
        rows, columns = _event_records(frame)
        assert incident_popups(columns, len(rows)) == [event_popup(row) for row, _ in rows]
        assert incident_feed_entries(columns, len(rows), articles, names) == feed_columns(
            [feed_props(row, articles, names) for row, _ in rows])
    rows, columns = _event_records(cut)
    text = json.dumps([incident_popups(columns, len(rows)), incident_feed_entries(columns, len(rows), articles, names)])
    assert "sources give" in text and "Agence &lt;b&gt;" in text and "javascript:" not in text


def _text_of(value: object) -> str:
    return "" if value is None else str(value)


# --- the page at scale ---------------------------------------------------------------------------

def test_a_frame_read_back_with_nan_cells_maps_like_the_pipelines_own(tmp_path):
    """A file read back gives NaN where the pipeline's frame has None: the map reads both alike
    (a control change without ``gained_by`` names its ``actor1`` as the gainer either way)."""
    def gainers(missing_value: object) -> list[str]:
        events = frames.events_frame()
        events["gained_by"] = events["gained_by"].astype(object)
        kobani = events.index[events.place == "Kobani"][0]
        events.loc[kobani, "gained_by"] = missing_value
        html = make_map(events, None, None, tmp_path / "map.html").read_text()
        return sorted(dict(f["properties"]["q"][1]).get("Gained by", "") for fc in _timeline_data(html)
                      for f in fc["features"] if f["properties"].get("i") == "flag")

    assert gainers(float("nan")) == gainers(None)
    assert "Kurdish YPG" in gainers(float("nan"))


def test_layers_hidden_at_opening_get_their_data_when_turned_on(built):
    """Places mentioned and undated events are off when the page opens: their markers are not
    built before the first draw (``territoryLater``), but their data is in the page."""
    assert len(re.findall(r"_add\(territoryLater\(\d+\)\)", built)) == 2
    assert re.search(r"_add\(territoryUnpack", built) is None
    deferred = [fc for fc in _layer_data(built, "_add") if any("tip" in f["properties"] for f in fc["features"])]
    assert {len(fc["features"]) for fc in deferred} >= {len(frames.TOWNS)}  # the places, all there


def _merged(features: list[dict], extra: dict[str, list]) -> list[dict]:
    """Features with their extra columns put back into their properties (None: absent)."""
    return [{**f, "properties": {**f["properties"], **{k: v[i] for k, v in extra.items() if v[i] is not None}}}
            for i, f in enumerate(features)]


def test_marker_layers_made_column_by_column_are_the_per_event_features():
    """The attacks and control changes of a frame of reports are built column by column (their
    look asked once per distinct value): the same features, property for property, as the
    per-event builders make."""
    from geo.maps.columns import event_popups, feed_columns
    from geo.maps.layers import (
        ATTACK_MARKER_COLUMNS,
        CONTROL_MARKER_COLUMNS,
        attack_feature,
        attack_marker,
        control_event_feature,
        control_marker,
        feed_props,
        interval,
    )
    from geo.maps.page import _event_features, _event_records, _marker_layer

    events, columns = _event_records(frames.events_frame())
    spans = [interval(row, 30) for row, _ in events]
    feeds = feed_columns([feed_props(row) for row, _ in events])
    popups = event_popups(columns, len(events))
    for categories, marker, keys, build in (({"attack"}, attack_marker, ATTACK_MARKER_COLUMNS, attack_feature),
                                            ({"control_change", "control_state"}, control_marker,
                                             CONTROL_MARKER_COLUMNS, control_event_feature)):
        by_column = _merged(*_marker_layer(events, spans, feeds, popups, categories, columns, marker, keys))
        by_event = _merged(*_event_features(events, spans, feeds, popups, categories, build))
        assert by_column and by_column == by_event


def test_packed_layers_read_back_as_they_were_written():
    """geo.maps.pack: columns with few distinct strings or lists (enumerated, and joined into one
    index), popups by shape, sparse columns and extra columns all read back to the same features."""
    from geo.maps.pack import StringTable, pack_points

    sides = [("ISIS", "#000000"), ("Syrian army", "#d7191c"), ("SDF", "#ffd92f")]
    features = []
    for k in range(64):
        actor, colour = sides[k % 3]
        rows = [["Date", f"2015-03-{k % 28 + 1:02d}"], ["Place", "Kobani" if k % 2 else "Raqqa"]]
        if k % 5 == 0:
            rows.append(["Killed", str(k)])
        props = {"c": colour, "a": [actor], "start": 86_400_000 * (16_000 + k), "d": 16 + k % 4,
                 "q": [f"Attack {k % 2}", rows, f"A sentence about day {k}.", "report.txt · Wire", ""]}
        if k % 7 == 0:
            props["u"] = 1
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.0 + k / 100, 36.0]},
                         "properties": props})
    extra = {"o": [["Wire"] if k % 2 else None for k in range(64)]}
    strings = StringTable()
    layer = json.loads(json.dumps(pack_points(features, strings, extra)))
    kinds = {col[1] for col in layer["cols"]}
    assert {"E", "p", "d"} <= kinds  # colours and actors joined, popups by shape, days
    assert unpack_points(layer, strings.strings)["features"] == _merged(features, extra)
