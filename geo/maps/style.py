"""Colours, icons and sizes of the map: who is which side, what each attack type looks like.

The side colours follow the convention analysts already read on the Wikipedia Syrian and Iraqi
civil war maps (government red, rebels green, ISIS black, Kurdish/SDF yellow, Turkish-backed
light green); sides we cannot tell are grey, never guessed. Attack sub-types are the ACLED
sub-event types; the glyphs are Font Awesome 6 (free, solid) names, which folium already loads.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Side:
    """A party to the war as the map colours it."""

    key: str
    label: str
    colour: str
    text_colour: str


SIDES: dict[str, Side] = {
    s.key: s
    for s in (
        Side("government", "Government (Syria, Iraq) and allies", "#d7191c", "#ffffff"),
        Side("rebels", "Rebels / opposition", "#1a9641", "#ffffff"),
        Side("isis", "ISIS", "#111111", "#ffffff"),
        Side("kurdish", "Kurdish forces / SDF", "#f5d800", "#111111"),
        Side("turkish", "Turkish-backed forces", "#a6d96a", "#111111"),
        Side("coalition", "US-led coalition", "#2b83ba", "#ffffff"),
        Side("unknown", "Unknown / other", "#8c8c8c", "#ffffff"),
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


@dataclass(frozen=True)
class AttackStyle:
    """How one ACLED sub-event type of attack is drawn."""

    label: str
    colour: str
    icon: str  # Font Awesome 6 solid glyph name, without the "fa-" prefix


#: ACLED sub-event types (lower case) -> style; anything else gets ``OTHER_ATTACK``
ATTACK_STYLES: dict[str, AttackStyle] = {
    "suicide bomb": AttackStyle("Suicide bomb", "#b2182b", "person-burst"),
    "chemical weapon": AttackStyle("Chemical weapon", "#762a83", "skull-crossbones"),
    "air/drone strike": AttackStyle("Air/drone strike", "#2166ac", "plane"),
    "shelling/artillery/missile attack": AttackStyle("Shelling / artillery / missile", "#e66101", "explosion"),
    "remote explosive/landmine/ied": AttackStyle("Remote explosive / IED", "#8c510a", "burst"),
    "grenade": AttackStyle("Grenade", "#bf812d", "bomb"),
    "armed clash": AttackStyle("Armed clash", "#d6604d", "crosshairs"),
    "attack": AttackStyle("Attack (on civilians)", "#c51b7d", "person-rifle"),
    "abduction/forced disappearance": AttackStyle("Abduction", "#4d4d4d", "user-lock"),
    "mass grave": AttackStyle("Mass grave", "#40004b", "skull"),
}
OTHER_ATTACK = AttackStyle("Other attack", "#666666", "circle-exclamation")


def attack_style(sub_event_type: object) -> AttackStyle:
    """The drawing style of an attack sub-event type (case-insensitive)."""
    if isinstance(sub_event_type, str):
        return ATTACK_STYLES.get(sub_event_type.strip().lower(), OTHER_ATTACK)
    return OTHER_ATTACK


def attack_diameter(killed: object) -> int:
    """Marker diameter in pixels: area grows with the dead (sqrt), clamped to stay readable."""
    try:
        n = float(killed)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        n = 0.0
    if math.isnan(n) or n < 0:
        n = 0.0
    return int(min(56, 16 + 4 * math.sqrt(n)))


#: radius (metres) drawn around a place when the text only locates an event near it (2) or in a
#: region/country (3) and no polygon for that region is known
UNCERTAINTY_RADIUS_M = {2: 25_000, 3: 100_000}
