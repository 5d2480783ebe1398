"""Who is which side: the parties of the war the control estimates and the map group actors into.

Sides we cannot tell are ``unknown``, never guessed. The map gives each side its colour
(:mod:`geo.maps.style`); nothing here knows how a side is drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Side:
    """A party to the war: a key the exports and the map share, and a label for people."""

    key: str
    label: str


SIDES: dict[str, Side] = {
    s.key: s
    for s in (
        Side("government", "Government (Syria, Iraq) and allies"),
        Side("rebels", "Rebels / opposition"),
        Side("isis", "ISIS"),
        Side("kurdish", "Kurdish forces / SDF"),
        Side("turkish", "Turkish-backed forces"),
        Side("coalition", "US-led coalition"),
        Side("unknown", "Unknown / other"),
    )
}

# Keyword rules, first match wins, so the specific ("Free Syrian Army", "Turkish-backed") come
# before the general ("army", "Syrian"). Matched case-insensitively on word boundaries against
# the actor string the extractor wrote; sources: the usual names in English-language reporting
# of 2014-2016 (Wikipedia "List of armed groups in the Syrian civil war" / "... Iraqi civil war").
_SIDE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("isis", ("isis", "isil", "islamic state", "daesh", "da'esh")),
    ("turkish", ("turkish[- ]backed", "euphrates shield", "tfsa", "turkey", "turkish",
                 "turkish army", "turkish forces", "syrian national army")),
    ("kurdish", ("kurds?", "kurdish", "ypg", "ypj", "sdf", "syrian democratic forces",
                 "peshmerga", "pkk", "krg", "asayish")),
    ("rebels", ("rebels?", "free syrian army", "fsa", "opposition", "insurgents?", "nusra",
                "al-nusra", "jabhat", "ahrar al-sham", "jaysh al-islam", "army of conquest",
                "islamic front")),
    ("coalition", ("coalition", "u\\.?s\\.?(-led)?", "united states", "american", "pentagon",
                   "french", "british", "nato")),
    ("government", ("government", "regime", "assad", "syrian", "iraqi", "army", "troops",
                    "soldiers", "security forces", "hezbollah", "hizbollah", "russia", "russian",
                    "iran", "iranian", "popular mobili[sz]ation", "hashd", "shia",
                    "shiite", "counter[- ]terrorism service", "police", "baghdad", "damascus",
                    "saa", "ndf", "tiger forces")),
)
_SIDE_PATTERNS = tuple(
    (key, re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)) for key, words in _SIDE_RULES
)


def side_of(actor: object) -> Side:
    """The side an actor name belongs to (case-insensitive); ``unknown`` when unsure.

    Examples
    --------
    >>> side_of("Islamic State").key, side_of("Kurdish YPG").key, side_of(None).key
    ('isis', 'kurdish', 'unknown')
    """
    if not isinstance(actor, str) or not actor.strip():
        return SIDES["unknown"]
    # "IS" only in capitals: lower-case "is" is the verb
    if re.search(r"\bIS\b", actor):
        return SIDES["isis"]
    for key, pattern in _SIDE_PATTERNS:
        if pattern.search(actor):
            return SIDES[key]
    return SIDES["unknown"]
