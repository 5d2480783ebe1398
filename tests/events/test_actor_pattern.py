"""The actor names, written with each first letter once, match what the plain list matches."""

from __future__ import annotations

import re

from geo.events.actors import _patterns, aliases

SENTENCES = [
    "Iraqi troops and Kurdish Peshmerga units retook the town from Islamic State militants on Sunday.",
    "The Syrian Democratic Forces (SDF), backed by U.S.-led coalition airstrikes, entered the city.",
    "ISIL fighters withdrew as the Iraqi army and the Popular Mobilization Forces advanced; daesh lost it.",
    "islamic state of iraq and syria, ISIS-held, the kurds' YPG, Turkish-backed rebels, al-Nusra Front.",
    "KURDISH FIGHTERS ENTER KOBANI as iraqi security forces.and Hezbollah hold the road",
]


def test_names_by_first_letter_match_what_the_plain_list_matches() -> None:
    plain = re.compile(r"(?<![A-Za-z])(?:{})(?![A-Za-z]|\.[A-Za-z])".format(
        "|".join(re.escape(a.alias) for a in aliases() if not a.match_case)), re.I)
    _, uncased = _patterns()
    for sent in SENTENCES:
        assert [m.span() for m in uncased.finditer(sent)] == [m.span() for m in plain.finditer(sent)], sent
        assert uncased.findall(sent), sent
