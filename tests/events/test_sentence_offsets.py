"""A toponym moved into its sentence's offsets is the toponym ``dataclasses.replace`` makes."""

from __future__ import annotations

from dataclasses import replace

from geo.events.extract import _shifted
from geo.records import Toponym


def test_shifted_toponym_equals_the_replaced_one_and_leaves_the_original() -> None:
    town = Toponym("a.txt", 120, 125, "Hit", name="Hit", lat=33.64, lon=42.83, geonameid=97990, country_code="IQ",
                   feature_code="PPL", population=30000, geo_precision=2, relation="west_of", score=0.8)
    moved = _shifted(town, 100)
    assert moved == replace(town, start=20, end=25)
    assert (town.start, town.end) == (120, 125)
    assert hash(moved) == hash(replace(town, start=20, end=25))
