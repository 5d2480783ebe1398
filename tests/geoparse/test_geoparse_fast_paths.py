"""The quick ways of the geoparser's hot paths must make exactly what the plain ones make."""

from __future__ import annotations

import dataclasses

import pytest

from geo.records import Toponym

FIELDS: dict[str, object] = {
    "source": "dispatch.txt", "start": 12, "end": 22, "text": "Tell Qasra", "name": "Tall Qasrah",
    "lat": 36.1, "lon": 38.2, "geonameid": 123, "country_code": "SY", "admin1": "09",
    "feature_class": "P", "feature_code": "PPL", "population": 800, "geo_precision": 2,
    "score": 0.8123, "relation": "south of", "region": None, "embedded_in": None,
    "stands_for": None, "explain": (),
}


def test_toponym_from_every_field_is_the_record_init_makes():
    quick, plain = Toponym.from_fields(**FIELDS), Toponym(**FIELDS)
    assert quick == plain and hash(quick) == hash(plain)
    assert list(vars(quick).items()) == list(vars(plain).items())
    assert dataclasses.asdict(quick) == dataclasses.asdict(plain)
    assert quick.to_json() == plain.to_json()
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.start = 0  # type: ignore[misc]


def test_toponym_from_some_fields_goes_through_init():
    some = {k: FIELDS[k] for k in ("source", "start", "end", "text")}
    assert Toponym.from_fields(**some) == Toponym(**some)
    reordered = dict(reversed(FIELDS.items()))
    assert list(vars(Toponym.from_fields(**reordered))) == list(vars(Toponym(**FIELDS)))
    with pytest.raises(TypeError):
        Toponym.from_fields(**FIELDS, town="Wadi Harun")
