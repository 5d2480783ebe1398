"""map.html in a real browser: headless Chromium (Debian) driven by Playwright, fully offline.

The maps are written as territory writes them, their JavaScript and CSS inline, and opened with
every request refused: they must draw from the file alone. A map written with ``assets="cdn"``
gets its CDN files from the copies shipped in ``geo/maps/vendor`` (see ``tests/_browser.py``), or
nothing, to see it say why it cannot draw. Without chromium or Playwright the tests skip, unless
``TERRITORY_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where they fail.

Screenshots go to the test's temporary folder; with ``TERRITORY_SCREENSHOTS=1`` they are also
saved as ``maps/browser_test.png`` (the test frames) and ``maps/demo.png`` (the demo corpus, which
the README shows): tests never rewrite tracked files unless asked to.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import _map_frames as frames
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from _browser import (
    cdn_urls,
    chromium,
    chromium_path,
    local_file,
    open_map,
)

from geo.maps.layers import date_ms
from geo.maps.page import CDN, OUTLINE_BASE, make_map
from geo.maps.style import SIDES

REPO = Path(__file__).resolve().parents[2]
MAPS = REPO / "maps"


def _screenshot(page, tmp_path: Path, name: str) -> Path:
    """A screenshot in the test's folder, and in maps/ when TERRITORY_SCREENSHOTS=1 asks for it."""
    path = tmp_path / name
    page.screenshot(path=str(path))
    if os.environ.get("TERRITORY_SCREENSHOTS") == "1":
        shutil.copyfile(path, MAPS / name)
    return path
OVERLAYS = ["Control areas (estimate)", "Location uncertainty", "Control of places", "Attacks",
            "Control changes", "Claims", "Places mentioned", "Undated events"]

# Everything the page's Leaflet map shows, found without knowing folium's variable names.
STATE_JS = """() => {
    const map = Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map)
        .map(k => window[k])[0];
    const out = {markers: 0, dots: [], circles: 0, polygons: 0, visible: []};
    map.eachLayer(l => {
        if (l.territoryDots) {  // the places' holders: one layer drawing every dot
            l.territoryDots().forEach(d => {
                out.dots.push([Math.round(d.latlng.lng * 1e4) / 1e4, Math.round(d.latlng.lat * 1e4) / 1e4,
                               d.options.fillColor]);
                out.visible.push(d.feature.properties.start + ':' + (d.feature.properties.tip || ''));
            });
        }
        else if (l instanceof L.Marker) { out.markers += 1; }
        else if (l instanceof L.Circle) { out.circles += 1; }
        else if (l instanceof L.CircleMarker) {
            const ll = l.getLatLng();
            out.dots.push([Math.round(ll.lng * 1e4) / 1e4, Math.round(ll.lat * 1e4) / 1e4, l.options.fillColor]);
        }
        else if (l instanceof L.Polygon) { out.polygons += 1; }
        if (l.feature && l.feature.properties && l.feature.properties.start !== undefined) {
            out.visible.push(l.feature.properties.start + ':' + (l.feature.properties.tip || ''));
        }
    });
    out.visible.sort();
    return out;
}"""


def _require_browser() -> None:
    problems = []
    if chromium_path() is None:
        problems.append("chromium is not installed")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("playwright is not installed")
    if problems:
        message = "; ".join(problems) + " - run scripts/ci_browser_setup.sh"
        if os.environ.get("TERRITORY_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def test_missing_browser_fails_when_ci_requires_it(monkeypatch):
    import test_browser

    monkeypatch.setattr(test_browser, "chromium_path", lambda: None)
    monkeypatch.setenv("TERRITORY_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="chromium is not installed"):
        _require_browser()
    monkeypatch.setenv("TERRITORY_REQUIRE_BROWSER", "0")
    with pytest.raises(pytest.skip.Exception, match=r"ci_browser_setup\.sh"):
        _require_browser()


def test_cdn_urls_map_only_to_the_shipped_versions():
    assert local_file("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js").name == "leaflet.js"
    assert local_file("https://cdn.jsdelivr.net/npm/leaflet@1.0.0/dist/leaflet.js") is None  # other version
    assert local_file("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/../../../../etc/passwd") is None
    assert local_file("https://example.org/leaflet.js") is None
    # cdnjs files sit in another folder of the npm package; jsDelivr minifies on request
    assert local_file("https://cdnjs.cloudflare.com/ajax/libs/moment.js/2.18.1/moment.min.js").parent.name == "min"
    timeline = local_file("https://cdn.jsdelivr.net/npm/leaflet.timeline@1.6.0/dist/leaflet.timeline.min.js")
    assert timeline is not None and timeline.name in ("leaflet.timeline.min.js", "leaflet.timeline.js")


def _set_time(page, iso_day: str) -> None:
    # fill() on a range input sets the value and fires input/change, as dragging the handle does
    page.locator("input.time-slider").fill(str(date_ms(iso_day)))


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    with chromium() as shared:  # one per module: Playwright's sync API allows one at a time
        yield shared


@pytest.fixture(scope="module")
def map_page(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "map.html"
    make_map(frames.events_frame(), frames.places_frame(), frames.control_frame(), path,
             title="territory test <script>window.__pwned = 3</script>")
    dialogs: list[str] = []
    with open_map(path, browser=browser, serve_cdn=False) as (page, log):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        yield page, log, path.read_text(encoding="utf-8"), dialogs


def test_the_default_map_draws_with_no_request_leaving_the_page(map_page):
    page, log, html, _ = map_page
    assert cdn_urls(html) == [] and "cdn.jsdelivr.net/npm/leaflet@" not in html.split("<body>")[0]
    _set_time(page, "2015-05-20")
    assert page.locator(".tt-attack").count() == 1
    # the Font Awesome glyph came from the inlined font: it has a width
    assert page.locator(".tt-attack i").bounding_box()["width"] > 4
    # the offline base is the one shown: not even a map tile was asked for
    assert log.served == log.unserved == log.aborted == []
    assert page.locator("#tt-fail").is_hidden() and log.errors == []


def test_offline_base_names_the_towns(map_page):
    page, _, _, _ = map_page
    labels = page.locator(".tt-town").all_inner_texts()
    # the corpus's places not named by their own dot, and the big towns around them
    assert "Ramadi" in labels and "Aleppo" in labels
    assert "Kobani" not in labels  # held: named beside its dot in "Control of places"
    assert page.locator(".tt-town", has_text="Aleppo").is_visible()


def test_a_cdn_map_gets_its_files_from_the_shipped_copies(browser, tmp_path):
    path = make_map(frames.events_frame(), frames.places_frame(), frames.control_frame(),
                    tmp_path / "map.html", assets=CDN)
    urls = cdn_urls(path.read_text(encoding="utf-8"))
    assert urls and all(local_file(u) is not None for u in urls), [u for u in urls if local_file(u) is None]
    with open_map(path, browser=browser) as (page, log):
        _set_time(page, "2015-05-20")
        assert log.unserved == [] and set(urls) <= set(log.served) and log.errors == []
        assert page.locator(".tt-attack").count() == 1 and page.locator("#tt-fail").is_hidden()


def test_a_cdn_map_without_a_network_says_why_it_is_blank(browser, tmp_path):
    path = make_map(frames.events_frame(), None, None, tmp_path / "map.html", assets=CDN)
    with open_map(path, browser=browser, serve_cdn=False) as (page, _log):
        message = page.locator("#tt-fail")
        assert message.is_visible()
        assert "Could not load https://cdn.jsdelivr.net/" in message.inner_text()
        assert "offline" in message.inner_text()


def test_no_javascript_errors(map_page):
    page, log, _, _ = map_page
    _set_time(page, "2015-06-20")
    page.locator("button.next").click()
    assert log.errors == []
    # the only console errors allowed are the aborted map tiles
    assert [m for m in log.console_errors if not m.startswith("Failed to load resource")] == []


def test_every_layer_is_in_the_layer_control(map_page):
    page, _, _, _ = map_page
    bases = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    overlays = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [b.strip() for b in bases] == [OUTLINE_BASE, "OpenStreetMap (online)"]
    assert [o.strip() for o in overlays] == OVERLAYS


def test_markers_are_drawn(map_page):
    page, _, _, _ = map_page
    _set_time(page, "2015-05-20")
    state = page.evaluate(STATE_JS)
    # Raqqa (held), Kobani (taken back), Mosul: canvas dots in the holder's colour
    assert [38.3553, 36.8909, SIDES["kurdish"].colour] in state["dots"]
    assert [43.1189, 36.335, SIDES["isis"].colour] in state["dots"]
    assert page.locator(".tt-attack").count() == 1  # the Ramadi bombing, 6 days earlier
    assert page.locator(".tt-control").count() == 1  # the Raqqa report
    assert state["polygons"] >= 2  # control areas of 2015-01-26
    assert page.locator("#tt-legend").is_visible()


def test_static_layers_appear_when_ticked(map_page):
    page, log, _, _ = map_page
    before = page.evaluate(STATE_JS)
    page.get_by_label("Places mentioned").check()
    page.get_by_label("Undated events").check()
    after = page.evaluate(STATE_JS)
    assert len(after["dots"]) - len(before["dots"]) == len(frames.TOWNS)  # one grey dot per place
    assert after["markers"] - before["markers"] == 1  # the undated clash near Sinjar, as an attack
    assert page.locator(".tt-attack .fa-crosshairs").count() == 1
    page.get_by_label("Places mentioned").uncheck()
    page.get_by_label("Undated events").uncheck()
    assert page.evaluate(STATE_JS)["dots"] == before["dots"] and log.errors == []


def test_moving_the_slider_changes_what_is_shown(map_page):
    page, _, _, _ = map_page
    _set_time(page, "2016-03-20")
    before = page.evaluate(STATE_JS)
    _set_time(page, "2016-03-28")
    after = page.evaluate(STATE_JS)
    assert before["visible"] != after["visible"]
    palmyra = [38.2672, 34.5601]
    assert [*palmyra, SIDES["isis"].colour] in before["dots"]
    assert [*palmyra, SIDES["government"].colour] in after["dots"]
    assert page.locator("output.time-text").inner_text() == "2016-03-28"
    # the playback buttons step to the next date something happens
    page.locator("button.next").click()
    assert page.locator("output.time-text").inner_text() > "2016-03-28"


def test_article_markup_in_popups_stays_text(map_page):
    page, log, _, dialogs = map_page
    _set_time(page, "2015-05-20")
    page.locator(".tt-attack").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<script>window.__pwned = 1; alert(1)</script>" in popup.inner_text()
    assert '<img src=x onerror="window.__pwned = 2">' in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert "<script>" in page.locator(".tt-header").inner_text()  # the title, as text
    assert dialogs == [] and log.errors == []


def test_offline_base_and_screenshot(map_page, tmp_path):
    page, log, _, _ = map_page
    # a stable picture: no fading popup, no hover tooltip under the pointer
    page.add_style_tag(content="* { transition: none !important; animation: none !important; }")
    page.evaluate("document.querySelectorAll('.leaflet-popup-close-button').forEach(b => b.click())")
    page.mouse.move(5, 400)
    _set_time(page, "2015-06-20")
    state = page.evaluate(STATE_JS)
    assert state["polygons"] > 2  # country outlines drawn beside the control areas
    assert _screenshot(page, tmp_path, "browser_test.png").stat().st_size > 10_000
    assert log.errors == []


def test_demo_corpus_map_in_the_browser(browser, tmp_path):
    """The README's main command on examples/, opened in Chromium (the README's picture)."""
    for module in ("geo.events.extract", "geo.geoparse.parser", "geo.gazetteer.index"):
        pytest.importorskip(module, reason="the pipeline is not complete in this checkout yet")
    out = tmp_path / "demo"
    # in a process of its own, as a user types it
    done = subprocess.run([sys.executable, "-m", "geo.cli.main", "run", str(REPO / "examples"), "--manifest",
                           str(REPO / "examples" / "manifest.csv"), "-o", str(out), "--quiet"],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    events = json.loads((out / "events.geojson").read_text())["features"]
    assert len(events) >= 10
    with open_map(out / "map.html", browser=browser, serve_cdn=False) as (page, log):
        _set_time(page, "2016-03-28")
        state = page.evaluate(STATE_JS)
        assert state["dots"] and log.errors == []
        assert log.served == log.unserved == log.aborted == []  # no request left the page
        # towns are named as the news name them, not with GeoNames' "Tadmur" and "ʿAyn al ʿArab"
        labels = page.locator(".tt-label").all_inner_texts()
        assert "Palmyra" in labels and "Kobani" in labels and "Tadmur" not in labels
        page.add_style_tag(content="* { transition: none !important; animation: none !important; }")
        page.mouse.move(5, 400)
        _screenshot(page, tmp_path, "demo.png")


def test_map_opens_on_the_latest_situation(browser, tmp_path):
    path = make_map(frames.events_frame(), frames.places_frame(), frames.control_frame(), tmp_path / "map.html")
    with open_map(path, browser=browser) as (page, log):
        assert page.locator("output.time-text").inner_text() == "2016-03-27"  # Palmyra retaken
        palmyra = [38.2672, 34.5601, SIDES["government"].colour]
        assert palmyra in page.evaluate(STATE_JS)["dots"] and log.errors == []


def test_incidents_map_draws_one_attack_with_every_report(browser, tmp_path):
    """The map of merged incidents: one badge for the three wires' bombing, their sentences in
    its popup (the hostile one as text), the number of sources in its hover text."""
    path = make_map(frames.incidents_frame(), frames.places_frame(), frames.control_frame(),
                    tmp_path / "map.html", title="incidents")
    with open_map(path, browser=browser) as (page, log):
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        _set_time(page, "2015-05-20")
        assert page.locator(".tt-attack").count() == 1  # Ramadi: three reports, one incident
        badge = page.locator(".tt-attack").first
        badge.hover()
        tooltip = page.locator(".leaflet-tooltip").filter(has_text="Suicide bomb")
        tooltip.wait_for()
        assert tooltip.inner_text() == "Suicide bomb · 2015-05-14 · Ramadi · 23 killed · 3 sources"
        badge.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "23 (20–23 across 3 sources)" in popup.inner_text()
        assert popup.locator("blockquote.tt-evidence").count() == 3
        assert popup.locator(".tt-source").all_inner_texts()[1] == "reuters.txt · published 2015-05-16 · 23 killed"
        assert "<script>window.__pwned = 1; alert(1)</script>" in popup.inner_text()
        assert popup.locator("img, script").count() == 0 and page.evaluate("window.__pwned") is None
        assert "7 incidents (10 reports)" in page.locator(".tt-header").inner_text()
        _set_time(page, "2016-03-28")
        page.locator("button.next").click()
        assert dialogs == [] and log.errors == []
        assert [m for m in log.console_errors if not m.startswith("Failed to load resource")] == []


def test_an_attack_is_not_drawn_before_its_earliest_day_and_a_vague_one_looks_uncertain(browser, tmp_path):
    events = frames.events_frame()
    strike = events.index[events.sub_event_type == "Air/drone strike"][0]
    # "jets struck Raqqa in recent weeks": a two-month window, no day
    events.loc[strike, ["date_start", "date_end", "time_precision"]] = ["2015-08-01", "2015-09-30", 3]
    path = make_map(events, None, None, tmp_path / "map.html")
    with open_map(path, browser=browser, serve_cdn=False) as (page, log):
        _set_time(page, "2015-05-13")  # the day before the Ramadi bombing
        assert page.locator(".tt-attack").count() == 0
        _set_time(page, "2015-05-14")
        assert page.locator(".tt-attack").count() == 1
        assert page.locator(".tt-attack.tt-uncertain").count() == 0
        _set_time(page, "2015-07-31")  # before the vague strike's window opens
        assert page.locator(".tt-attack .fa-plane").count() == 0
        _set_time(page, "2015-08-15")  # inside it: drawn, as uncertain in time
        assert page.locator(".tt-attack.tt-uncertain .fa-plane").count() == 1
        page.locator(".tt-attack.tt-uncertain").first.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "between 2015-08-01 and 2015-09-30" in popup.inner_text()
        assert log.errors == []


def test_the_legend_folds_and_never_covers_a_popup(browser, tmp_path):
    path = make_map(frames.events_frame(), frames.places_frame(), frames.control_frame(), tmp_path / "map.html")
    with open_map(path, browser=browser, serve_cdn=False) as (page, log):
        legend = page.locator("#tt-legend")
        assert legend.evaluate("e => e.open") and page.get_by_text("place taken").is_visible()
        page.locator("#tt-legend summary").click()
        assert not legend.evaluate("e => e.open") and not page.get_by_text("place taken").is_visible()
        page.locator("#tt-legend summary").click()
        # a legend as large as the map: whatever popup opens lies under it, so the legend folds
        page.add_style_tag(content="#tt-legend[open] { position: fixed !important; left: 0; top: 0; right: 0; bottom: 0;"
                                   " max-height: none !important; }")
        _set_time(page, "2015-05-20")
        page.locator(".tt-attack").first.dispatch_event("click")  # under the legend: no pointer reaches it
        page.locator(".leaflet-popup-content").wait_for()
        assert not legend.evaluate("e => e.open") and log.errors == []


@pytest.mark.parametrize("viewport", [(1280, 800), (1024, 700)])
def test_legend_layer_control_feed_and_slider_never_overlap(browser, tmp_path, viewport):
    """At common window sizes the open legend sits under the layer control, beside the feed and
    above the time slider: each can be clicked, none hides another."""
    path = make_map(frames.events_frame(), frames.places_frame(), frames.control_frame(), tmp_path / "map.html")
    with open_map(path, browser=browser, serve_cdn=False, viewport=viewport) as (page, log):
        boxes = page.evaluate("""() => ['#tt-legend', '.leaflet-control-layers:not(.leaflet-timeline-control)', '#tt-feed', '.leaflet-timeline-control',
                                         '.tt-header', '.leaflet-control-zoom'].map(s => {
            const r = document.querySelector(s).getBoundingClientRect();
            return [s, r.left, r.top, r.right, r.bottom]; })""")
        for k, (a, *ra) in enumerate(boxes):
            for b, *rb in boxes[k + 1:]:
                apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
                assert apart, f"{a} {ra} overlaps {b} {rb} at {viewport}"
        page.locator("#tt-legend summary").click()  # nothing in the way
        assert not page.locator("#tt-legend").evaluate("e => e.open") and log.errors == []


# --- the feed beside the map, its filters, the link in the URL, the clusters -------------------

MAP_JS = "Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map).map(k => window[k])[0]"


def _feed_frame():
    """The test frames with outlets and URLs as a manifest gives them: one outlet with a web
    address, one whose "URL" is a script (never a link), one article with neither."""
    events = frames.events_frame()
    outlets = {"article_0.txt": ("Levant Wire", "https://levant-wire.example/ramadi?id=1&lang=en"),
               "article_1.txt": ("Desert <b>Post</b>", "javascript:window.__pwned = 4"),
               "article_2.txt": (None, None)}
    events["outlet"] = [outlets[s][0] for s in events["source"]]
    events["url"] = [outlets[s][1] for s in events["source"]]
    return events


@pytest.fixture(scope="module")
def feed_map(tmp_path_factory):
    path = tmp_path_factory.mktemp("feed") / "map.html"
    return make_map(_feed_frame(), frames.places_frame(), frames.control_frame(), path)


def _feed_items(page) -> list[str]:
    # the list is first filled after the map's first frame (js.FEED_SCRIPT's showList)
    page.locator("#tt-feed.tt-feed-ready").wait_for(state="attached", timeout=5000)
    return [t.replace("\n", " ") for t in page.locator("#tt-feed .tt-item").all_inner_texts()]


def test_the_feed_lists_the_slider_window_newest_first(browser, feed_map):
    with open_map(feed_map, browser=browser, serve_cdn=False) as (page, log):
        _set_time(page, "2015-05-20")
        items = _feed_items(page)
        # the Ramadi bombing (6 days before) above the Raqqa report (19 days before); Kobani
        # (four months before) has left the window
        assert len(items) == 2, items
        assert items[0].startswith("2015-05-14 – 2015-05-15 Ramadi") and "Suicide bomb" in items[0]
        assert "83 killed, 40 wounded" in items[0]
        assert items[1].startswith("2015-05-01 Raqqa") and "held by Islamic State" in items[1]
        assert "2 events" in page.locator(".tt-feed-count").inner_text()
        # the outlet links the article; a "URL" that is a script is no link, its markup text
        bombing, report = page.locator("#tt-feed .tt-item").all()
        link = bombing.locator("a")
        assert link.inner_text() == "Levant Wire"
        assert link.get_attribute("href") == "https://levant-wire.example/ramadi?id=1&lang=en"
        assert report.locator("a").count() == 0 and "Desert <b>Post</b>" in report.inner_text()
        _set_time(page, "2016-03-28")
        items = _feed_items(page)
        assert len(items) == 2 and "Palmyra" in items[0] and "Taza" in items[1]
        assert log.errors == [] and log.aborted == [] and page.evaluate("window.__pwned") is None


def test_a_filter_changes_map_and_list_together(browser, feed_map):
    with open_map(feed_map, browser=browser, serve_cdn=False) as (page, log):
        _set_time(page, "2015-05-20")
        assert page.locator(".tt-attack").count() == 1 and page.locator(".tt-control").count() == 1
        page.select_option("#tt-f-cat", "attack")
        assert len(_feed_items(page)) == 1 and "Ramadi" in _feed_items(page)[0]
        assert page.locator(".tt-attack").count() == 1 and page.locator(".tt-control").count() == 0
        page.select_option("#tt-f-cat", "")
        page.select_option("#tt-f-actor", "Islamic State")  # the Raqqa report's, not the bombing's "ISIS"
        assert len(_feed_items(page)) == 1 and "Raqqa" in _feed_items(page)[0]
        assert page.locator(".tt-attack").count() == 0 and page.locator(".tt-control").count() == 1
        page.select_option("#tt-f-actor", "")
        page.select_option("#tt-f-outlet", "Desert <b>Post</b>")  # the outlet's name as text
        assert len(_feed_items(page)) == 1 and "Raqqa" in _feed_items(page)[0]
        assert page.locator(".tt-attack").count() == 0 and page.locator(".tt-control").count() == 1
        # the filter holds as the slider moves on
        _set_time(page, "2016-03-28")
        assert _feed_items(page) == [] and page.locator(".tt-attack, .tt-control").count() == 0
        assert log.errors == []


def test_a_click_on_an_item_flies_to_its_marker_and_opens_it(browser, feed_map):
    with open_map(feed_map, browser=browser, serve_cdn=False) as (page, log):
        _set_time(page, "2015-05-20")
        assert page.evaluate(f"{MAP_JS}.getZoom()") < 10
        page.locator("#tt-feed .tt-item", has_text="Ramadi").click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "Suicide bomb" in popup.inner_text() and "Ramadi" in popup.inner_text()
        # the marker is in the middle of the view (the popup's auto-pan may move the centre a
        # few dozen pixels off the marker, by how far it lies from the view's edge)
        in_middle = page.evaluate(f"{MAP_JS}.getBounds().pad(-0.25).contains([33.4258, 43.3058])")
        assert in_middle and page.evaluate(f"{MAP_JS}.getZoom()") >= 10 and log.errors == []


def test_a_marker_bound_on_first_use_opens_on_a_click_or_enter_without_a_hover(browser, feed_map):
    """Popups and tooltips are bound when a marker is first used (js.ON_EACH): the event that
    binds them still opens them, and a marker reached with the keyboard shows its hover text."""
    with open_map(feed_map, browser=browser, serve_cdn=False) as (page, log):
        _set_time(page, "2015-05-20")
        assert page.evaluate(f"{MAP_JS}._container.querySelectorAll('.leaflet-popup').length") == 0
        page.locator(".tt-attack").first.dispatch_event("click")  # no mouse move before it
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "Suicide bomb" in popup.inner_text() and "Ramadi" in popup.inner_text()
        page.evaluate("document.querySelectorAll('.leaflet-popup-close-button').forEach(b => b.click())")
        popup.wait_for(state="detached")
        page.locator(".tt-control").first.focus()  # its hover text, as Leaflet shows a bound one's
        page.locator(".leaflet-tooltip:not(.tt-label)", has_text="Raqqa").wait_for()
        page.keyboard.press("Enter")
        popup.wait_for()
        assert "Raqqa" in popup.inner_text() and log.errors == []


def test_the_url_keeps_the_date_and_filters(browser, feed_map):
    with open_map(feed_map, browser=browser, serve_cdn=False) as (page, _log):
        _set_time(page, "2015-05-20")
        page.select_option("#tt-f-cat", "attack")
        page.select_option("#tt-f-outlet", "Levant Wire")
        fragment = "#date=2015-05-20&cat=attack&outlet=Levant%20Wire"
        # written once the slider and filters rest (a fraction of a second)
        page.wait_for_function(f"location.hash === {json.dumps(fragment)}", timeout=5000)
    # the link, opened by someone else: the same date, filters, list and markers
    with open_map(feed_map, browser=browser, serve_cdn=False, fragment=fragment) as (page, log):
        assert page.locator("output.time-text").inner_text() == "2015-05-20"
        assert page.locator("#tt-f-cat").input_value() == "attack"
        assert page.locator("#tt-f-outlet").input_value() == "Levant Wire"
        assert len(_feed_items(page)) == 1 and "Ramadi" in _feed_items(page)[0]
        assert page.locator(".tt-attack").count() == 1 and page.locator(".tt-control").count() == 0
        assert log.errors == []


def test_events_close_together_are_counted_at_low_zoom_and_single_when_zoomed_in(browser, tmp_path):
    """Thirty shellings around one town on one day: one count at the country view, thirty
    markers close up; the count's click zooms in."""
    events = frames.events_frame()
    taza = events[events.place == "Taza"].iloc[[0] * 30].reset_index(drop=True)
    taza["event_id"] = [f"shell{k:02d}" for k in range(30)]
    taza["geometry"] = [shapely.Point(44.29 + 0.002 * k, 35.30 + 0.001 * k) for k in range(30)]
    path = make_map(gpd.GeoDataFrame(pd.concat([events, taza], ignore_index=True), crs=4326),
                    frames.places_frame(), frames.control_frame(), tmp_path / "map.html")
    with open_map(path, browser=browser, serve_cdn=False) as (page, log):
        _set_time(page, "2016-03-20")
        bubbles = page.locator(".tt-cluster")
        assert bubbles.count() == 1 and bubbles.inner_text() == "31"  # with the Taza attack of the frames
        assert page.locator(".tt-attack .fa-skull-crossbones").count() == 0
        assert len(_feed_items(page)) == 31 + 1  # every event, clustered or not; and Shaddadi (19 Feb)
        bubbles.first.click()
        page.wait_for_function(f"{MAP_JS}.getZoom() >= 10")
        page.wait_for_function("document.querySelectorAll('.tt-cluster').length === 0")
        assert page.locator(".tt-attack .fa-skull-crossbones").count() == 31
        assert log.errors == []


def test_a_place_dot_shows_its_holder_on_hover_and_its_history_on_a_click(browser, tmp_path, monkeypatch):
    """The places' holders are drawn by one layer of dots: the dot under the pointer still gives
    its hover text (when the towns are too many to be named beside their dots) and its popup."""
    import geo.maps.page as page_module

    monkeypatch.setattr(page_module, "_MAX_LABELS", 0)  # as on a map of thousands of places
    path = make_map(frames.events_frame(), frames.places_frame(), frames.control_frame(), tmp_path / "map.html")
    with open_map(path, browser=browser, serve_cdn=False) as (page, log):
        _set_time(page, "2015-05-20")
        assert [43.1189, 36.335, SIDES["isis"].colour] in page.evaluate(STATE_JS)["dots"]
        mosul = page.evaluate(f"""() => {{
            const map = {MAP_JS}, box = map.getContainer().getBoundingClientRect();
            const p = map.latLngToContainerPoint([36.335, 43.1189]);
            return [box.left + p.x, box.top + p.y];
        }}""")
        page.mouse.move(*mosul)
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for()
        assert tooltip.inner_text() == "Mosul: ISIS since 2014-06-10"
        page.wait_for_timeout(100)  # Leaflet reads the pointer over a canvas at most every 32 ms
        page.mouse.move(mosul[0] - 40, mosul[1] + 40)
        page.locator(".leaflet-tooltip").wait_for(state="detached")
        page.mouse.click(*mosul)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "Held by" in popup.inner_text() and "ISIS" in popup.inner_text()
        assert page.locator(".tt-label").count() == 0 and log.errors == []


def test_the_names_of_a_closer_zoom_are_made_when_the_reader_zooms_in(browser, tmp_path):
    path = make_map(frames.events_frame(), frames.places_frame(), frames.control_frame(), tmp_path / "map.html")
    with open_map(path, browser=browser, serve_cdn=False) as (page, log):
        assert page.evaluate(f"{MAP_JS}.getZoom()") < 8
        assert page.locator(".tt-town.tt-tier-0").count() > 0 and page.locator(".tt-town.tt-tier-1").count() == 0
        page.evaluate(f"{MAP_JS}.setView([36.5, 40.75], 8, {{animate: false}})")  # Al Hasakah
        page.locator(".tt-town.tt-tier-1", has_text="Al Hasakah").wait_for()
        assert page.locator(".tt-town.tt-tier-1", has_text="Al Hasakah").is_visible()
        page.evaluate(f"{MAP_JS}.setZoom(6, {{animate: false}})")  # made once, hidden again further out
        assert page.locator(".tt-town.tt-tier-1").count() > 0
        assert not page.locator(".tt-town.tt-tier-1", has_text="Al Hasakah").is_visible() and log.errors == []


# The colour drawn on the canvas at a place's dot, once the next frames are painted.
PIXEL_JS = """async ([lat, lng]) => {
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const map = Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map)
        .map(k => window[k])[0];
    let dots = null;
    map.eachLayer(l => { if (l.territoryDots) { dots = l; } });
    const renderer = dots._renderer, p = map.latLngToLayerPoint([lat, lng]).subtract(renderer._bounds.min);
    return Array.from(renderer._ctx.getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data.slice(0, 3));
}"""


def test_a_slider_step_repaints_the_dot_of_a_town_that_changed_hands(browser, tmp_path):
    # places only: no area or event of the step repaints the canvas around Palmyra for it
    path = make_map(None, frames.places_frame(), None, tmp_path / "map.html")
    palmyra = [34.5601, 38.2672]
    with open_map(path, browser=browser, serve_cdn=False) as (page, log):
        _set_time(page, "2016-03-20")
        held = page.evaluate(PIXEL_JS, palmyra)
        _set_time(page, "2016-03-28")
        retaken = page.evaluate(PIXEL_JS, palmyra)

    def near(rgb: list[int], colour: str) -> bool:
        want = [int(colour[k:k + 2], 16) for k in (1, 3, 5)]
        return all(abs(a - b) <= 24 for a, b in zip(rgb, want))

    assert near(held, SIDES["isis"].colour) and near(retaken, SIDES["government"].colour), (held, retaken)
    assert log.errors == []
