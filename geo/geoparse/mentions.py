"""The records recognition hands to resolution: each kept span, and what one text yielded.

Also the one clue both recognition and the context rules read off the words after a name
("Kobani fell", "Manbij is under siege"), kept here so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.geoparse.tokens import Atom


@dataclass
class PlaceSpan:
    """A span kept as a place mention, with the clues resolution uses."""

    start: int
    end: int
    text: str
    i: int  # first atom
    j: int  # last atom (inclusive)
    kind: str = "name"  # name | capital (demonym + capital) | abbr (country abbreviation)
    country_hint: str | None = None  # from "the Iraqi town of", "Raqqa in Syria"
    container: int | None = None  # index of a mention this one lies in ("Iraq's Mount Sinjar")
    type_hint: str | None = None  # populated | reference | admin | mountain | water | dam | region
    direction_hint: str | None = None  # "northern Iraqi town" -> north
    relation: str | None = None  # "south of", "outskirts of", "northern", ...
    distance_km: float | None = None  # "30 km south of"
    dropped: str | None = None  # reason, when evidence removed it (kept for --explain)
    #: (bearing in degrees, km) from the container, when the text states them ("X, 30 km
    #: south of Y"): the point where X should lie
    stated_offset: tuple[float, float] | None = None
    #: the bearing (degrees) from the container when the text states a direction, with or
    #: without a distance ("Camp X, the army base south of Y")
    stated_bearing: float | None = None
    container_by_comma: bool = False  # "Sinjar, Iraq" (a list "Kobani, Tal Abyad" looks alike)
    #: a typo of a large place's name ("Damacsus"), looked up as ``query``: a loose match
    respelled: bool = False
    #: the text calls it a village ("the villages of A and B", "X village"): the gazetteer's
    #: "Qaryat X" entries stay candidates beside a same-named town
    village: bool = False
    cue: bool = False  # a locational cue: preposition, capture verb, type word, qualifier
    #: the named place an estimated one is placed from ("a village 40 km northeast of Aleppo");
    #: set on kind "estimated" only
    anchor: PlaceSpan | None = None
    #: the name to look up when the gazetteer writes it otherwise ("River Tigris" -> "Tigris
    #: River"); None: the text itself
    query: str | None = None
    #: indices of the other mentions of the same list ("Akhtarin, Turkman Bareh and Sawran"):
    #: the places of one list lie near each other more often than not
    siblings: tuple[int, ...] = ()
    #: the organisation or facility name this place is part of ("Texas" of "the Texas
    #: Department of Transportation"): a place the text names without telling anything
    #: happens there; None for a place named in its own right
    embedded_in: str | None = None
    #: what a country or capital stands for where it acts or speaks ("Washington condemned the
    #: attack", "Russia's ambassador"): "government"; such a place is named, but nothing
    #: happens there
    stands_for: str | None = None
    #: the division noun written after the name, singular ("Idlib province", "Lake and
    #: Porter counties": "province", "county"): the gazetteer may hold the division only
    #: under "<name> Province", the bare name being its capital's
    division_word: str | None = None
    #: the text means the land around the place ("Idlib countryside", "the Homs desert"), which
    #: lies in the place's first-order division: the name also names that division
    surroundings: bool = False


@dataclass
class Recognition:
    """What recognition found in one text."""

    atoms: list[Atom]
    mentions: list[PlaceSpan]
    #: country code -> weight of demonym and qualifier evidence ("Syrian", "Iraqi")
    country_votes: dict[str, float] = field(default_factory=dict)
    persons: set[str] = field(default_factory=set)
    dropped: list[PlaceSpan] = field(default_factory=list)
    #: known names written as the last word of a longer capitalised name the gazetteer lacks
    #: ("Jane Merrow"): standing alone later, they are more likely that name's bearer
    name_ends: set[str] = field(default_factory=set)


_STRICT_STATE_WORDS = frozenset(
    "captured recaptured retaken liberated besieged encircled shelled overrun".split()
)
_STATE_WORDS = frozenset(
    "captured recaptured retaken liberated secured secure surrounded besieged encircled "
    "shelled bombed attacked held controlled under freed cleared overrun lost".split()
)

def control_after(atoms: list[Atom], k: int, strict: bool = False) -> bool:
    """'Kobani fell', 'Tal Tamr was secure', 'Manbij is under siege'.

    ``strict`` accepts only verbs that take nothing but a place ("was recaptured"), for
    words that are also ordinary English ("Hope was lost" is no town)."""
    w = atoms[k].lowered if k < len(atoms) else ""
    if w in ("fell", "falls"):
        return not strict
    if w in ("was", "is", "remains", "remained", "has", "had", "have", "been", "were"):
        nxt = atoms[k + 1].lowered if k + 1 < len(atoms) else ""
        if nxt in ("been", "now", "still", "fully", "largely", "finally"):
            nxt = atoms[k + 2].lowered if k + 2 < len(atoms) else ""
        return nxt in (_STRICT_STATE_WORDS if strict else _STATE_WORDS)
    return False
