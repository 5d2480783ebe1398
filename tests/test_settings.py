"""Where territory finds its files: the user's folder and the data it ships."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from geo import settings
from geo.errors import MissingDataError


def test_home_follows_territory_home_and_expands_the_tilde(monkeypatch, tmp_path):
    monkeypatch.setenv("TERRITORY_HOME", "~/somewhere")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert settings.home() == tmp_path / "somewhere"
    assert settings.cache_dir() == tmp_path / "somewhere" / "cache"
    assert settings.home("/explicit") == Path("/explicit")


def test_home_without_the_variable_is_the_platform_data_folder(monkeypatch):
    monkeypatch.delenv("TERRITORY_HOME", raising=False)
    assert settings.home().name == "territory"


def test_the_country_outlines_ship_with_the_package():
    path = settings.country_outlines_file()
    assert path.name == "ne_50m_countries.geojson" and path.stat().st_size > 1_000_000


def test_a_missing_shipped_file_is_an_error_that_names_it():
    with pytest.raises(MissingDataError, match=r"no_such_table\.csv.*reinstall"):
        settings.shipped_file("geo.gazetteer", "data", "no_such_table.csv")


def test_every_curated_table_is_found_through_the_package():
    for package, name in [("geo.gazetteer", "governorates.csv"), ("geo.gazetteer", "aliases.csv"),
                          ("geo.events", "triggers.csv"), ("geo.events", "actors.csv")]:
        assert settings.shipped_file(package, "data", name).is_file()


@pytest.fixture
def collector_restored():
    """The test process's collector as it was: frozen objects back, the old thresholds."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_a_settled_process_keeps_its_start_up_heap_out_of_the_collector(collector_restored):
    gc.set_threshold(700, 10, 10)
    settings.settle_process()
    assert gc.get_freeze_count() > 0  # the modules imported so far
    assert gc.get_threshold() == (settings.YOUNG_GC_THRESHOLD, 10, 10)
    # garbage made afterwards is still collected
    cycle: list = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1


def test_only_the_command_line_settles_its_process(monkeypatch):
    from geo.cli import main as cli

    calls = []
    monkeypatch.setattr(cli, "settle_process", lambda: calls.append(True))
    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])  # a caller's argv: its process is not the command's
    assert calls == []
    monkeypatch.setattr(sys, "argv", ["territory", "run", "--help"])
    with pytest.raises(SystemExit):
        cli.main()
    assert calls == [True]
