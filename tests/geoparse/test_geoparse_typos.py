"""Typos of large places' names in news copy ("Damacsus" for Damascus), with the built-in
gazetteer: corrected only for a lone capitalised word no entry carries, after a locational
preposition, one letter from a large place's own name inside the word, and scored as a loose
match. Sentences are written for these tests."""

from __future__ import annotations

from geo.gazetteer.index import Gazetteer, _one_edit_apart
from geo.geoparse.parser import RESPELLED_QUALITY, geoparse


def test_one_edit_apart_is_damerau_distance_one() -> None:
    assert _one_edit_apart("damascs", "damascus")  # a letter dropped
    assert _one_edit_apart("baghadd", "baghdad")  # two letters swapped
    assert _one_edit_apart("damascos", "damascus")  # a letter substituted
    assert not _one_edit_apart("damascus", "damascus")
    assert not _one_edit_apart("dmascsu", "damascus")


def test_a_typo_of_a_large_city_is_respelled() -> None:
    gz = Gazetteer.open()
    assert gz.respelled("Baghadd") == "baghdad"
    assert gz.respelled("Baghdad") is None  # a name already
    assert gz.respelled("Romanian") is None  # an adjective: the difference is at the end
    assert gz.respelled("Bagdd") is None  # too short to trust


def test_a_misspelt_city_after_a_preposition_is_a_loose_match() -> None:
    text = ("Iraqi police said a car bomb exploded in a market 10 km south of Baghadd on Monday, "
            "killing five people near Mosul and Kirkuk.")
    place = next(t for t in geoparse(text) if t.text == "Baghadd")
    assert place.country_code == "IQ" and place.name == "Baghdad"
    # the resolver's name part of a loose match: 1.5 * (quality - 1)
    assert place.explain[0].score_parts["name"] == round(1.5 * (RESPELLED_QUALITY - 1.0), 4)


def test_a_typo_of_a_city_in_a_country_the_article_never_points_to_is_not_believed() -> None:
    text = ("Iraqi forces near Mosul and Kirkuk shelled militant positions outside Jacksen on "
            "Monday, officers in Tikrit said.")
    assert all(t.country_code == "IQ" for t in geoparse(text))


def test_a_misspelt_word_without_a_preposition_is_left_alone() -> None:
    text = "Baghadd officials said on Monday that the road to Mosul had reopened."
    assert "Baghadd" not in [t.text for t in geoparse(text)]
