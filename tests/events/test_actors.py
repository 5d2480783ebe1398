"""Actor aliases normalised to canonical names, on sentences written here."""

from __future__ import annotations

import pytest

from geo.events.actors import TextActors, canonical_names, find_actors, is_state, normalise


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("ISIL", "ISIS"), ("IS", "ISIS"), ("Islamic State", "ISIS"), ("Daesh", "ISIS"), ("jihadis", "ISIS"),
        ("Syrian Democratic Forces", "SDF"), ("YPG", "YPG"), ("peshmerga", "Peshmerga"),
        ("ISF", "Iraqi forces"), ("Iraqi army", "Iraqi forces"), ("Hashd al-Shaabi", "Popular Mobilization Forces"),
        ("Syrian army", "Syrian government forces"), ("the regime", "Syrian government forces"),
        ("U.S.-led coalition", "US-led coalition"), ("Free Syrian Army", "FSA"), ("Hezbollah", "Hezbollah"),
        ("Turkish-backed rebels", "Turkish-backed rebels"), ("Russian forces", "Russia"),
    ],
)
def test_aliases_normalise(alias: str, name: str) -> None:
    assert normalise(alias) == name


def test_every_issue_actor_is_in_the_table() -> None:
    names = set(canonical_names())
    for needed in ("ISIS", "SDF", "YPG", "Kurdish forces", "Peshmerga", "Iraqi forces", "Popular Mobilization Forces",
                   "Syrian government forces", "US-led coalition", "Russia", "Turkey", "Turkish-backed rebels", "FSA",
                   "Hezbollah"):
        assert needed in names


def test_find_actors_in_a_sentence() -> None:
    text = "Daesh militants shelled the town as the Iraqi army and Shiite militias advanced."
    assert [(a.text, a.name) for a in find_actors(text)] == [
        ("Daesh", "ISIS"), ("Iraqi army", "Iraqi forces"), ("Shiite militias", "Popular Mobilization Forces")]


def test_acronyms_match_only_in_capitals() -> None:
    assert [a.name for a in find_actors("This is what IS wants, said one of us.")] == ["ISIS"]
    assert find_actors("ISIS IS LOSING, THE HEADLINE SAID")[0].text == "ISIS"
    assert len(find_actors("ISIS IS LOSING, THE HEADLINE SAID")) == 1


def test_backers_are_marked_as_supporting() -> None:
    actors = find_actors("The U.S.-backed SDF, under cover of coalition airstrikes, seized the dam.")
    by_name = {a.name: a.supporting for a in actors}
    assert by_name == {"United States": True, "SDF": False, "US-led coalition": True}


def test_the_backed_party_is_not_a_supporter() -> None:
    (kurds, us) = find_actors("Kurdish forces backed by U.S. jets took the town.")
    assert (kurds.name, kurds.supporting) == ("Kurdish forces", False)
    assert (us.name, us.supporting) == ("United States", True)


def test_state_forces() -> None:
    assert is_state("Iraqi forces") and is_state("Syrian government forces")
    assert not is_state("ISIS") and not is_state("SDF")


def test_a_sentences_actors_from_the_whole_texts_matches_are_its_own() -> None:
    # sentences cut where a letter or a full stop beside the cut decides an alias's edge, or
    # where an alias runs across the cut, are searched on their own: the result never differs
    text = ("U.S.-backed SDF fighters took the dam. IS militants fled.ISIS held the town. "
            "The Islamic State lost Tal Abyad, backed by coalition strikes. The Syrian army and the Peshmerga "
            "advanced while ISIS IS LOSING GROUND, said the YPG.Kurdish forces, the IraqiISF and Daesh.")
    actors = TextActors(text)
    assert actors.mentions == list(find_actors(text))
    cuts = sorted({0, len(text), *range(0, len(text), 7), *(i + 1 for i, c in enumerate(text) if c in ". ")})
    for i, start in enumerate(cuts):
        for end in cuts[i + 1:i + 12]:
            assert actors.within(start, end) == find_actors(text[start:end]), (start, end)
