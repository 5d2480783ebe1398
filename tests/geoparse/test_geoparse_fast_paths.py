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


def test_toponym_at_another_span_is_what_replace_makes():
    first = Toponym(**FIELDS)
    again = first.at(140, 150, "Tell Qasra")
    plain = dataclasses.replace(first, start=140, end=150, text="Tell Qasra")
    assert again == plain and list(vars(again).items()) == list(vars(plain).items())
    assert (first.start, first.end) == (12, 22)  # the first occurrence's record is untouched


def test_toponym_from_some_fields_goes_through_init():
    some = {k: FIELDS[k] for k in ("source", "start", "end", "text")}
    assert Toponym.from_fields(**some) == Toponym(**some)
    reordered = dict(reversed(FIELDS.items()))
    assert list(vars(Toponym.from_fields(**reordered))) == list(vars(Toponym(**FIELDS)))
    with pytest.raises(TypeError):
        Toponym.from_fields(**FIELDS, town="Wadi Harun")


DISPATCH = (
    "Qasrani fighters of the Qasra Brigade entered the town of Tell Qasra on Monday, a spokesman said.\n"
    "Clashes Continue Near Wadi Harun\n"
    "Shelling hit al-Harun and the villages of Birket Nahal and Umm Sarif; the Qasrani commander said "
    "the town of Wadi Harun had fallen. QASRANI units held the road in the Wadi Harun countryside."
)


def test_atoms_where_finds_what_a_pass_over_every_atom_finds():
    from geo.geoparse.tokens import atoms_where, forget_spelling_index, spelling_index, tokenize

    atoms = tokenize(DISPATCH)
    index = spelling_index(atoms)
    assert spelling_index(atoms) is index  # worked out once per list of atoms
    assert sorted(k for at in index.values() for k in at) == list(range(len(atoms)))
    assert list(index) == list(dict.fromkeys(a.text for a in atoms))  # in order of first occurrence
    for test in (lambda a: a.cap, lambda a: a.kind == "word" and a.lowered in ("al", "of"),
                 lambda a: a.cap and a.kind == "word" and not a.allcaps):
        assert atoms_where(atoms, test) == [k for k, a in enumerate(atoms) if test(a)]
    forget_spelling_index()
    assert spelling_index(tokenize(DISPATCH)) == index


def test_recognition_reads_the_same_with_the_index_or_without():
    from geo.geoparse import tokens
    from geo.geoparse.people import _settlement_names

    atoms = tokens.tokenize(DISPATCH)
    plain = {a.text for noun, of, a in zip(atoms, atoms[1:], atoms[2:], strict=False)
             if a.cap and of.text == "of" and noun.lowered in ("town", "villages")}
    assert _settlement_names(atoms) == plain == {"Tell", "Wadi", "Birket"}


class _Demonyms:
    """The demonym lookup of a gazetteer, alone."""

    def demonym(self, word: str) -> str | None:
        return {"Harunite": "HR", "Qasrani": "QS", "Qasranis": "QS"}.get(word)


def test_demonym_votes_once_per_spelling_are_the_votes_of_every_atom():
    from geo.geoparse.mentions import Recognition
    from geo.geoparse.recognize import _demonym_votes
    from geo.geoparse.tokens import tokenize

    text = ("Qasrani troops and Harunite rebels met near Tell Qasra. Two Qasranis were hurt; a Qasrani "
            "officer said Harunite shelling hit the road, and the qasrani border stayed shut.")
    atoms = tokenize(text)
    rec = Recognition(atoms=atoms, mentions=[], persons=set())
    _demonym_votes(atoms, _Demonyms(), rec)
    plain: dict[str, float] = {}
    for a in atoms:
        code = _Demonyms().demonym(a.text) if a.cap and a.kind == "word" else None
        assert a.demonym == code
        if code:
            plain[code] = plain.get(code, 0.0) + 1.0
    assert list(rec.country_votes.items()) == list(plain.items()) == [("QS", 3.0), ("HR", 2.0)]


def _capital_runs_atom_by_atom(text, atoms, words):
    """The runs of capitals as a pass over every atom finds them (what ``_capital_runs`` did)."""
    from geo.geoparse.recognize import RUN_CONNECTORS
    from geo.geoparse.tokens import joined

    runs, cur = [], []

    def close():
        while cur and not atoms[cur[-1]].cap:
            cur.pop()
        if cur:
            runs.append(list(cur))
        cur.clear()

    for k, a in enumerate(atoms):
        if cur and not joined(text, atoms[k - 1], a):
            close()
        is_cap = a.cap and not (a.initial and not a.headline and a.lowered in words.common_words)
        if is_cap or (cur and ((a.kind == "word" and a.lowered in RUN_CONNECTORS)
                               or (a.text in ("-", "&") and a.kind == "punct")
                               or (a.kind == "word" and atoms[k - 1].text == "-" and k + 1 < len(atoms)
                                   and atoms[k + 1].cap and joined(text, a, atoms[k + 1])))):
            cur.append(k)
        elif cur:
            close()
    close()
    return runs


def test_capital_runs_from_the_capitals_are_the_runs_of_every_atom():
    from geo.geoparse.recognize import _capital_runs
    from geo.geoparse.tokens import tokenize
    from geo.geoparse.words import word_lists

    text = (DISPATCH + "\nThe Qasra Parks & Wildlife Department and the Nahal-based Harun Observatory for "
            "Human Rights said the Army of the\nNorth shelled Tell Qasra of the. Today Wadi Harun -")
    atoms = tokenize(text)
    runs = _capital_runs(text, atoms, word_lists())
    assert runs == _capital_runs_atom_by_atom(text, atoms, word_lists())
    named = {" ".join(atoms[k].text for k in run) for run in runs}
    assert {"Birket Nahal and Umm Sarif", "Army", "North", "Tell Qasra"} <= named  # "of the" ends no run


def test_names_written_as_places_are_found_among_their_own_atoms():
    from geo.geoparse.people import _taken_as_place, _written_as_place, after_place_word
    from geo.geoparse.tokens import tokenize

    text = ("Harun said the fighters shelled Qasra. In Harun's car, Nahal told reporters the siege of "
            "Nahal was over; inside Qasra, Sarif was calm.")
    atoms = tokenize(text)
    names = {"Harun", "Qasra", "Nahal", "Sarif"}
    plain = {a.text for k, a in enumerate(atoms)
             if a.text in names and a.cap and not (k + 1 < len(atoms) and atoms[k + 1].kind == "poss")
             and (after_place_word(atoms, k, strict=True) or _taken_as_place(atoms, k))}
    assert _written_as_place(atoms, names) == plain == {"Qasra", "Nahal"}
