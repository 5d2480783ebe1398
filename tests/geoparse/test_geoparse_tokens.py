"""The atoms of a text: kinds, case, sentence and line openings, headline lines, and the
lookups that find atoms by offset or by spelling; and the nearest-point distance resolution
measures anchors with (the fast paths of recognition and resolution must say exactly what the
plain code said)."""

from __future__ import annotations

from geo.geoparse.tokens import atom_at, atoms_spelt, tokenize
from geo.text.sentences import sentence_spans


def _texts(atoms):
    return [a.text for a in atoms]


def test_kinds_and_case_of_atoms():
    atoms = tokenize("U.S. jets hit ISIS's 3,200 fighters near al-Qaim.")
    kinds = {a.text: (a.kind, a.cap, a.allcaps) for a in atoms}
    assert kinds["U.S."] == ("abbr", True, False)
    assert kinds["jets"] == ("word", False, False)
    assert kinds["ISIS"] == ("word", True, True)
    assert kinds["'s"] == ("poss", False, False)
    assert kinds["3,200"] == ("num", False, False)
    assert kinds["-"] == ("punct", False, False)


def test_sentences_and_lines_open_with_a_word():
    text = ("Rebels shelled the town. \"Troops then advanced,\" he said.\n"
            "- Kurdish forces held the ridge\n"
            "12 killed in the blast")
    atoms = {a.text: a for a in tokenize(text)}
    assert atoms["Rebels"].initial and atoms["Rebels"].sentence == 0
    assert atoms["Troops"].initial and atoms["Troops"].sentence == 1  # after the opening quote
    assert atoms["Kurdish"].initial  # a line after a dash opens with a word
    assert not atoms["12"].initial and atoms["killed"].initial  # its sentence's first word
    assert atoms["killed"].line == 2 and atoms["killed"].sentence == 3


def test_sentence_numbers_are_those_of_the_splitters_spans():
    # the tokeniser numbers sentences as it reads: each atom must be in the span it is numbered by
    text = ("Gunmen attacked a checkpoint near Tell Qasra on Monday, killing 4 soldiers. The U.S. "
            "Army said on Tuesday that 12 more were wounded.\n\n3 killed in Wadi Harun\n"
            "- residents fled to the hills; \"It was chaos,\" one said.  Mortars hit the market "
            "again.Shelling resumed at dawn...\n   \n(AFP) Clashes spread east")
    spans = sentence_spans(text)
    atoms = tokenize(text)
    for a in atoms:
        s, e = spans[a.sentence]
        assert s <= a.start < e, a
    firsts = {a.sentence: a for a in reversed(atoms) if a.kind in ("word", "abbr")}
    assert all(a.initial for a in firsts.values())


def test_headline_lines_and_semicolons_end_headlines():
    text = ("Clashes Erupt Around Northern Villages Overnight\n"
            "Government Troops Retake Hilltop Positions;army units shelled the valley at dawn\n"
            "Fighters Seized Three More Villages Near Town.")
    atoms = tokenize(text)
    by_text = {a.text: a for a in atoms}
    assert by_text["Erupt"].headline and by_text["Overnight"].headline
    assert by_text["Retake"].headline and not by_text["shelled"].headline
    assert not by_text["Seized"].headline  # ends in a full stop: prose


def test_atom_at_and_atoms_spelt():
    text = "The Syrian CAPITAL and the Iraqi capital; capitalism is no capital."
    atoms = tokenize(text)
    found = atoms_spelt(text, atoms, "capital")
    assert _texts(atoms[k] for k in found) == ["CAPITAL", "capital", "capital"]
    assert atom_at(atoms, text.index("Syrian")) == 1
    assert atom_at(atoms, text.index("Syrian") + 1) is None
    assert atoms_spelt(text, atoms, "damascus") == []


def test_atoms_spelt_when_lower_case_changes_the_length():
    text = "İdlib and the Syrian capital"  # "İ" lower-cases to two characters
    atoms = tokenize(text)
    assert [atoms[k].text for k in atoms_spelt(text, atoms, "capital")] == ["capital"]


def test_nearest_km_is_the_least_distance_km_to_the_bit():
    import random

    from geo.geom import distance_km, nearest_km

    rng = random.Random(7)
    for _ in range(2000):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        points = [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(rng.randint(1, 5))]
        points.append((lat + rng.uniform(-1e-6, 1e-6), lon))  # a near-identical point
        assert nearest_km(lat, lon, points) == min(distance_km(lat, lon, a, b) for a, b in points)


def test_points_with_their_cosines_give_the_same_distance_to_the_bit():
    import random

    from geo.geom import distance_km, nearest_km_to, with_cosines

    rng = random.Random(11)
    # anywhere on Earth, and clustered as an article's towns are (distances a few metres apart)
    scattered = [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(40)]
    clustered = [(36 + rng.uniform(0, 0.01), 43 + rng.uniform(0, 0.01)) for _ in range(40)]
    for points, spread in ((scattered, 90.0), (clustered, 0.02)):
        prepared = with_cosines(points)  # once, for every origin below
        for _ in range(2000):
            lat, lon = points[0][0] + rng.uniform(-spread, spread), points[0][1] + rng.uniform(-spread, spread)
            lat = max(-90.0, min(90.0, lat))
            assert nearest_km_to(lat, lon, prepared) == min(distance_km(lat, lon, a, b) for a, b in points)


def test_a_mangled_apostrophe_is_no_letter_of_the_word():
    text = "Itâ s the stateâ s busiest road, Ohioâ€™s officials said, near Sao Tomâ."
    atoms = tokenize(text)
    assert {"It", "state", "Ohio"} <= set(_texts(atoms))
    assert all(text[a.start:a.end] == a.text for a in atoms)
    assert "Tomâ" in _texts(atoms)  # a letter of the name where no apostrophe follows
