"""Where territory finds its files: the user's folder and the data it ships."""

from __future__ import annotations

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
