"""The public face a notebook user reaches for: ``import geo`` and go."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import geo

DISPATCH = (
    "Kurdish fighters recaptured the Syrian town of Tal Abyad from Islamic State militants on "
    "16 June 2015, cutting a supply line to Raqqa. A suicide car bomb killed 12 people in "
    "Hasakah the same day."
)


def test_import_geo_is_light_and_names_load_their_stage_on_use():
    code = ("import sys, geo; assert 'geopandas' not in sys.modules, 'import geo loaded geopandas'; "
            "geo.control_areas; assert 'geopandas' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_geoparse_command_never_loads_geopandas():
    # its start-up is paid per process: reading articles and writing JSON needs no frames
    code = ("import sys; import geo.cli.geoparse, geo.io; geo.io.read_article; "
            "assert 'geopandas' not in sys.modules, 'territory geoparse loaded geopandas'; "
            "geo.io.write_outputs; assert 'geopandas' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_geoparse_command_loads_neither_frames_nor_maps_nor_the_casualty_expressions():
    # every `territory geoparse` pays its imports before reading a word: the casualty and
    # quantity expressions of geo.text.numbers (half a second to compile), pandas and the map
    # belong to `territory run` only
    code = ("import sys, geo.cli.geoparse; "
            "loaded = {'geo.text.numbers', 'geo.text.dates', 'pandas', 'folium', 'geopandas', 'pyogrio', 'geo.events'} & set(sys.modules); "
            "assert not loaded, loaded")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_worker_process_never_loads_the_writers_or_the_map():
    # a spawned worker (-j N) imports geo.runner.workers, and with it geo.runner: the map and
    # the writers are the parent's, and were two seconds of every worker's start-up; the parent
    # loads them only when it writes the outputs (a re-run finding them up to date never does)
    code = ("import sys, geo.runner.workers, geo.runner; "
            "assert not {'folium', 'geo.maps.page', 'geo.io.exports', 'geo.runner.outputs'} & set(sys.modules); "
            "geo.runner.run; assert 'geo.runner.pipeline' in sys.modules; "
            "assert not {'folium', 'pandas', 'geopandas', 'geo.runner.outputs'} & set(sys.modules); "
            "import geo.runner.outputs")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_run_and_its_writers_load_the_extraction_only_where_articles_are_read():
    # the parent of -j N workers (and a re-run served from the cache) geoparses and extracts
    # nothing: the trigger and casualty expressions are compiled by the workers alone
    code = ("import sys, geo.runner.pipeline, geo.runner.outputs, geo.events; geo.events.side_of; "
            "extraction = {'geo.events.extract', 'geo.events.triggers', 'geo.text.numbers', 'geo.geoparse.parser'}; "
            "assert not extraction & set(sys.modules), extraction & set(sys.modules); "
            "from geo.runner.workers import process_article, geoparser_for; "
            "assert not extraction & set(sys.modules); "
            "geo.events.extract_events; assert 'geo.text.numbers' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_map_takes_folium_s_timeline_without_every_other_plugin():
    code = ("import sys, geo.maps.page as page; assert 'folium.plugins' not in sys.modules; "
            "assert page.Timeline.__name__ == 'Timeline' and page.TimelineSlider.__name__ == 'TimelineSlider'; "
            "import folium.plugins; assert page.Timeline.__mro__[1] is folium.GeoJson")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_public_name_of_io_resolves():
    import geo.io

    for name in geo.io.__all__:
        assert getattr(geo.io, name) is not None, name
    assert set(geo.io.__all__) <= set(dir(geo.io))


def test_every_public_name_resolves():
    for name in geo.__all__:
        assert getattr(geo, name) is not None, name
    assert set(geo.__all__) <= set(dir(geo))


def test_a_notebook_flow_from_text_to_map(tmp_path):
    article = geo.Article("dispatch", DISPATCH, published=date(2015, 6, 17))
    places = geo.Geoparser().parse(article)
    assert {"Tal Abyad", "Raqqa", "Hasakah"} <= {t.text for t in places}
    events = geo.extract_events(article, places)
    captures = [e for e in events if e.category == "control_change"]
    assert captures and captures[0].date_start == date(2015, 6, 16)
    assert any(e.category == "attack" and e.killed == 12 for e in events)
    frame = geo.events_frame(events)
    areas = geo.control_areas(events)
    out = geo.make_map(frame, geo.places_frame(places, events), areas, tmp_path / "map.html")
    assert out.is_file() and "Tal Abyad" in out.read_text(encoding="utf-8")


def test_errors_share_one_base_class():
    for name in ("InputFileError", "CorpusError", "ManifestError", "GazetteerError", "BoundaryError",
                 "OutputError", "MissingDataError"):
        assert issubclass(getattr(geo, name), geo.TerritoryError)


def test_geo_run_stays_the_function_after_its_stage_is_imported():
    code = "import geo.runner.pipeline, geo; assert callable(geo.run), geo.run"
    subprocess.run([sys.executable, "-c", code], check=True)
