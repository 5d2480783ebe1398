"""Colours, icons and sizes of the map: who is which side, what each attack type looks like.

The side colours follow the convention analysts already read on the Wikipedia Syrian and Iraqi
civil war maps (government red, rebels green, ISIS black, Kurdish/SDF yellow, Turkish-backed
light green); sides we cannot tell are grey, never guessed. Attack sub-types are the ACLED
sub-event types; the glyphs are Font Awesome 6 (free, solid) names, which folium already loads.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from geo.events import sides


@dataclass(frozen=True)
class SideStyle:
    """A side as the map draws it."""

    key: str
    label: str
    colour: str
    text_colour: str


#: fill and text colour of each side (the convention of the Wikipedia war maps)
_SIDE_COLOURS = {
    "government": ("#d7191c", "#ffffff"),
    "rebels": ("#1a9641", "#ffffff"),
    "isis": ("#111111", "#ffffff"),
    "kurdish": ("#f5d800", "#111111"),
    "turkish": ("#a6d96a", "#111111"),
    "coalition": ("#2b83ba", "#ffffff"),
    "unknown": ("#8c8c8c", "#ffffff"),
}
SIDES: dict[str, SideStyle] = {
    key: SideStyle(key, side.label, *_SIDE_COLOURS[key]) for key, side in sides.SIDES.items()
}


def side_of(actor: object) -> SideStyle:
    """How the side of ``actor`` is drawn (see :func:`geo.events.sides.side_of`)."""
    if isinstance(actor, str):
        return _side_of_name(actor)
    return SIDES[sides.side_of(actor).key]


@functools.lru_cache(maxsize=4096)
def _side_of_name(actor: str) -> SideStyle:
    # a big map asks for the same few hundred actor names tens of thousands of times
    return SIDES[sides.side_of(actor).key]


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
