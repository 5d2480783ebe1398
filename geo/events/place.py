"""Which place a trigger governs, read off the words between them.

No parser: news sentences put the place a trigger is about in a few fixed positions — the object
after it ("captured the town of X", "the siege of X", "a bombing in X", "airstrikes on X and Y"),
a modifier right before it ("the Brussels bombings"), a sentence-opening locative ("In the town of
X, a chemical attack ...") or, for "fell to" and passives, the subject before it ("X fell to").
The rules below walk those positions and stop at clause boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from geo.events.actors import aliases
from geo.gazetteer.regions import sector_point
from geo.records import Toponym
from geo.text.gate import AnyFragment

#: Where an object noun phrase ends: a new clause or a parenthetical remark.
CLAUSE_BREAK = re.compile(
    r"[;:]|\s[—–]\s|—|–|\s-\s|,\s|\b(?:which|who|whom|whose|while|whereas|where|but|after|before|when|"
    r"until|because|although|though|as|said|says|that|according|since|if|then|so)\b",
    re.I,
)
#: Between two places of one list ("Fallujah in Iraq, Manbij in Syria and ...").
LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as\s+well\s+as)\s+)(?:the\s+)?$", re.I)
#: Prepositions that put a place after an attack word.
LOCATIVE = re.compile(
    r"\b(?:in|on|at|near|outside|inside|against|of|targeting|around|across|into|from|north|south|east|west|"
    r"northeast|northwest|southeast|southwest|over|along)\b",
    re.I,
)
#: The first words of an object that is a person, not a place ("captured the head of the unit").
PERSON_OBJECT = re.compile(
    r"^\s*(?:the\s+|a\s+|an\s+|two\s+|three\s+|several\s+|dozens\s+of\s+|hundreds\s+of\s+|thousands\s+of\s+|"
    r"(?:at\s+least\s+|more\s+than\s+|about\s+|some\s+)?\d[\d,]*\s+)?(?:[A-Z][\w-]*\s+)?"
    r"(?:head|leader|leaders|commander|commanders|chief|members?|fighters?|militants?|prisoners?|hostages?|"
    r"soldiers?|officers?|weapons?|ammunition|documents|suspects?|emir|spokesman|journalists?|"
    r"civilians?|people|men|women|children|control\s+of\s+(?:the\s+)?(?:oil|gas|weapons))\b",
    re.I,
)
#: Objects of "holds"/"controls" that are not territory ("holds a parade in Fallujah").
NON_PLACE_OBJECT = re.compile(
    r"^\s*(?:a|an|the|its|their|his|her|some|several|\d[\d,]*)?\s*(?:\w+\s+)?(?:parade|meeting|meetings|talks|rally|rallies|"
    r"elections?|conference|ceremony|ceremonies|funeral|trial|trials|court|courts|press|news|sway|power|"
    r"oil|wells|fields|revenue|assets|money|cash|banks?|record|view|views|position|belief)\b",
    re.I,
)

#: Capitalised words of war reporting that gazetteers also hold as village names ("Sunni" is a
#: village in India, "Arab" one in Alabama): as adjectives of people they never place an event.
PEOPLE_ADJECTIVES = frozenset(
    "Sunni Sunnis Shiite Shiites Shia Shiia Arab Arabs Kurd Kurds Kurdish Alawite Alawites Christian "
    "Christians Yazidi Yazidis Druze Turkmen Turkoman Assyrian Jihadi Islamist Salafi Wahhabi Muslim "
    "Muslims Western".split()
)
_CALENDAR = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)


def event_point(t: Toponym) -> Toponym:
    """"Fighting in northern Syria": the geoparser gives the name the country's own point and
    the sector as its ``region``; what happens there happens in the sector, and is placed at a
    point inside it (the toponym unchanged for any other place)."""
    if not t.region or not t.region.startswith("sector:"):
        return t
    _, code, direction = t.region.split(":", 2)
    point = sector_point(code, direction)
    return replace(t, lat=point[0], lon=point[1]) if point is not None else t


def plausible(t: Toponym) -> bool:
    """False for a month, a weekday, a people's adjective or an armed group's name ("Daash")
    taken for a place by the geoparser."""
    return _plausible_name(t.text)


@lru_cache(maxsize=4096)
def _plausible_name(text: str) -> bool:
    # by name: a long article names its few places thousands of times, each asked for per sentence
    return text not in PEOPLE_ADJECTIVES and not _CALENDAR.match(text) and text.lower() not in _actor_names()


@lru_cache(maxsize=1)
def _actor_names() -> frozenset[str]:
    return frozenset(a.alias.lower() for a in aliases() if not a.match_case and " " not in a.alias)

#: GeoNames feature codes that are whole countries or water courses: a control change is never
#: coded to a whole country (the text is then a claim) nor to a river line.
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR", "PCLH"})
STREAM_CODES = frozenset({"STM", "STMS", "STMI", "STMX", "STMD", "STMA", "STMC", "STMB", "CNL", "WAD"})


def n_tokens(text: str) -> int:
    """Words in a gap of text: its runs of non-space characters (``str.split`` splits on the
    characters ``\\s`` takes, every code point checked; a C split, not an expression's scan)."""
    return len(text.split())


def is_country(t: Toponym) -> bool:
    """True for a whole country (or any toponym resolved at region precision without a code)."""
    return _country_code(t.feature_code)


def pointable(t: Toponym) -> bool:
    """A place an event can be pinned to: resolved, not a whole country, region or river."""
    if t.lat is None or t.lon is None:
        return False
    return _pointable_kind(t.feature_code, t.geo_precision)


# by feature code: every toponym of a sentence is asked about, again for each of its triggers
@lru_cache(maxsize=512)
def _country_code(feature_code: str | None) -> bool:
    code = (feature_code or "").upper()
    return code in COUNTRY_CODES or code.startswith("PCL")


@lru_cache(maxsize=512)
def _pointable_kind(feature_code: str | None, geo_precision: int) -> bool:
    if _country_code(feature_code) or (feature_code or "").upper() in STREAM_CODES:
        return False
    return geo_precision <= 2


def province(t: Toponym) -> bool:
    """A first-level division (a governorate, a province): where an attack is placed when the
    report names nothing finer (kept at region precision)."""
    return t.lat is not None and t.lon is not None and (t.feature_code or "").upper() == "ADM1"


#: GeoNames codes of named stretches of land that lie within one division, as a rule: an area, a
#: region, a plain, a valley (not a desert nor a mountain range, which span several, nor a country)
AREA_CODES = frozenset({"AREA", "RGN", "PLN", "VAL"})


def named_area(t: Toponym) -> bool:
    """A named stretch of land (:data:`AREA_CODES`) of one country: where an attack is placed when
    the report names it as the object and no town (kept at region precision). A region across
    countries ("attacks in the Middle East") places nothing."""
    return t.lat is not None and t.lon is not None and bool(t.country_code) \
        and (t.feature_code or "").upper() in AREA_CODES


#: a clause break in the gap between a place and the trigger after it
_OBJECT_BREAK = re.compile(r"[;:]|\b(?:which|who|while|but|said|when|after)\b", re.I)


def places_after(
    text: str,
    pos: int,
    tops: Sequence[Toponym],
    *,
    max_gap: int,
    need_locative: bool,
) -> list[Toponym]:
    """Toponyms of the object phrase that starts at ``pos`` (offsets local to ``text``).

    The first must come within ``max_gap`` words without a clause break (and, when
    ``need_locative``, after a preposition); further ones only as items of the same list or
    qualifiers of it ("X in Iraq, Y in Syria and Z"). Countries are returned too, so callers can
    skip them yet keep walking the list.
    """
    items: list[Toponym] = []
    cursor = pos
    started = False
    lead = ""
    for t in tops:
        if t.start < cursor:
            continue
        gap = text[cursor:t.start]
        if not started:
            if n_tokens(_without_settlement_head(gap)) > max_gap or CLAUSE_BREAK.search(_mask_numbers(_without_list_intro(gap))):
                break
            if need_locative and not (LOCATIVE.search(gap) or t.relation):
                break
            if _LOCATED.search(gap):
                break  # "the villages taken on Tuesday lie 100 km east of X": X only says where they are
            items.append(t)
            started = True
            lead = gap
        else:
            kind = _continuation(gap, lead)
            if kind == "stop" and items and items[-1].end == cursor and not pointable(items[-1]) and _qualifier_gap(gap) \
                    and not (named_area(items[-1]) and _OF_GAP.fullmatch(gap)):
                # "the Syrian border town of Jarablus": the country only locates the town; but in
                # "the Eastern Plain of X" the town X only says which plain is meant
                kind = "possessive"
            if kind == "stop" and items and items[-1].end == cursor and _SETTLEMENT_OF.match(gap) \
                    and not settlement(items[-1]):
                kind = "possessive"  # "the Syrian desert town of X": the desert only says where the town is
            if kind == "stop":
                jump = _after_appositive(text, cursor, tops)
                if jump is None:
                    break
                items.append(jump)
                cursor = jump.end
                continue
            if kind == "possessive" and items and items[-1].end == cursor:
                items[-1] = t  # "Iraq's Baiji refinery": the country only locates the place
            elif kind == "item":
                if _OWN_VERB_AFTER.match(text, t.end):
                    break  # "retook A, and B fell to the militants": B opens a clause of its own
                items.append(t)
            # a container ("Fallujah in Iraq") locates the item before it and is no item itself
        cursor = t.end
    return items


#: "(the Syrian desert) town of": a settlement named after an area that only locates it
_SETTLEMENT_OF = re.compile(r"\s+(?:town|city|village|port\s+city|oasis\s+town)\s+of\s+$", re.I)
#: a finite verb right after a place: the place is the subject of a new clause, not a list item
_OWN_VERB_AFTER = re.compile(
    r"\s+(?:fell|falls|was|were|is|are|has|have|had|came|comes|remains|remained|remain)\b", re.I)
#: A verb that tells where the trigger's object lies: the place after it is a reference point.
_LOCATED = re.compile(r"\b(?:lie|lies|(?:is|are|was|were)\s+(?:located|situated))\b", re.I)
_COMPASS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
#: An unnamed settlement or area as the trigger's object, placed by a bearing from a reference or
#: by the road it stands on: "two towns north of X", "large areas north and west of X", "the
#: refinery north of X", "a town on the highway linking X and Y". X and Y only say where the
#: object lies: a change of control or a holding is not theirs (an attack there is placed near
#: them, as monitors place it).
UNNAMED_OBJECT_REFERENCE = re.compile(
    r"\b(?:towns?|villages?|cities|areas|districts|neighbou?rhoods|refinery|refineries|swath?e?s)\s+"
    r"(?:(?:just|some|about|located|situated|lying)\s+)?"
    rf"(?:{_COMPASS}(?:\s+and\s+{_COMPASS})?\s+of|on\s+the\s+(?:main\s+|strategic\s+)?(?:highway|road|route)\s+"
    r"(?:linking|connecting|between|from))\s+(?:the\s+)?$", re.I)


#: "in the northern Iraqi city of", "in the southern countryside of", "on the outskirts of": the
#: words that introduce the place name are no distance from the trigger to it ("an air strike on
#: a court set up by the militants in the northern city of X").
_SETTLEMENT_HEAD = re.compile(
    r"(?<=\s)(?:in|near|at|outside|on)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:city|town|village|district|province|countryside|outskirts|suburbs|vicinity|desert)\s+of\s+$", re.I)
#: "seized several towns, including A, B and C": the list that names the object, not a new clause.
#: "targeted two villages, A and B": a count of places in apposition to the list that names them.
_LIST_INTRO = re.compile(
    r",\s*(?:including|such\s+as|among\s+them|namely)\s+(?:the\s+)?$|"
    r"\b(?:two|three|four|five|six|several|\d+)\s+(?:[\w-]+\s+)?(?:villages|towns|cities|districts|neighbou?rhoods)\s*,\s*$",
    re.I)


def _without_settlement_head(gap: str) -> str:
    # every head ends "... city of", "... province of": a gap without "of" has none to take out
    return _SETTLEMENT_HEAD.sub("", gap) if "of" in gap.lower() else gap


#: "kills a fighter, injures 3 others in X": a headline's second casualty verb after a comma goes on
#: the same clause (the place after it is the first verb's too), no break as a new clause is
_CASUALTY_VERB_LIST = re.compile(r",\s*(?:and\s+)?(?:injur|wound)(?:es|ed|ing|s)\b", re.I)


def _without_list_intro(gap: str) -> str:
    # both forms of a list's introduction, and a listed casualty verb, open on a comma: a gap
    # without one has none
    if "," not in gap:
        return gap
    gap = _CASUALTY_VERB_LIST.sub(" ", _LIST_INTRO.sub(" ", gap))
    unresolved = _UNRESOLVED_FIRST_ITEMS.search(gap)
    if unresolved and _ITEMS_MAY_FOLLOW.search(gap, 0, unresolved.start()):
        return gap[:unresolved.start()] + " "
    return gap


#: Names the gazetteer did not place, opening the list the first resolved item continues:
#: "seized al-Birketa, Tell Qasra and Wadi Harun" (each a capitalised name, maybe after an
#: Arabic article, then a comma).
_UNRESOLVED_FIRST_ITEMS = re.compile(
    r"(?:\s*(?:(?:al|el|ad|ar|as|ash|at|az)-)?(?-i:[A-Z])[\w'’-]*(?:\s+(?:(?:al|el)-)?(?-i:[A-Z])[\w'’-]*){0,3}\s*,)+\s*$")
#: what may stand before such a list: the trigger itself, or its introduction ("towns including")
_ITEMS_MAY_FOLLOW = re.compile(
    r"(?:^|\b(?:including|such\s+as|namely|among\s+them|villages|towns|districts|neighbou?rhoods))\s*$", re.I)


def _after_appositive(text: str, cursor: int, tops: Sequence[Toponym]) -> Toponym | None:
    """The next list item after an appositive: "Fallujah, 40 miles east of Hit, and Qaim",
    "X, 120 km northeast of Y, and nearby Z"."""
    m = re.match(r",\s+([^,;:()]{1,80}?),\s+(?:and\s+|or\s+)?(?:(?:nearby|neighbou?ring)\s+)?"
                 r"(?:the\s+(?:nearby\s+)?(?:town|city|village)s?\s+of\s+)?", text[cursor:])
    if not m or n_tokens(m.group(1)) > 10 or CLAUSE_BREAK.search(m.group(1)):
        return None
    at = cursor + m.end()
    return next((t for t in tops if t.start == at), None)


#: The end of a gap that makes the next toponym a reference point, not a list item.
_REFERENCE_END = re.compile(
    r"\b(?:near|outside|from|around|toward|towards|(?:outskirts|edge|edges|suburbs?|vicinity|north|south|east|west|"
    r"northeast|northwest|southeast|southwest|[a-z]+ern\s+part)\s+of)\s+(?:the\s+)?$",
    re.I,
)


#: gaps between two places of a list or a reference
_POSSESSIVE_ONLY = re.compile(r"^\s*['’]s?\s+$")
_OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?", re.I)
_SERIAL_COMMA = re.compile(r"^\s*,(?=\s*(?:and|or)\s)")
_IN_GAP = re.compile(r"^\s*,?\s*in\s+(?:the\s+)?$", re.I)
_AND = re.compile(r"\band\b", re.I)
_TO_END = re.compile(r"\bto\s+(?:the\s+)?$", re.I)
_FROM_END = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)


def _continuation(gap: str, lead: str) -> str:
    """How a toponym after the first relates to the list: item, container, possessive or stop.

    "X, Y and Z" are items; "X in Iraq" is a container; "Iraq's X" is a possessive; "X near Y"
    or "X, 50 km east of Y" make Y a reference point, which ends the list.
    """
    if LIST_SEP.match(gap):
        return "item"
    if _POSSESSIVE_ONLY.match(gap) or _NAMED_BY_POSSESSOR.match(gap) or _POSSESSOR_S_TOWN_OF.match(gap):
        return "possessive"
    serial = _SERIAL_COMMA.match(gap)
    if serial:
        gap = gap[serial.end():]  # "Mosul, and Saddam Hussein's hometown of Tikrit": a serial comma
    if _IN_GAP.match(gap):
        return "container"
    if _qualifier_gap(gap):
        if _AND.search(gap) and not _REFERENCE_END.search(gap):
            return "item"
        if _TO_END.search(gap) and _FROM_END.search(lead):
            return "item"  # "from Tikrit in the north to Fallujah in the west"
    return "stop"


#: "Iraq's second-largest city, Mosul": the country only says which city the apposition names.
_NAMED_BY_POSSESSOR = re.compile(
    r"^\s*['’]s\s+(?:[\w-]+\s+){0,3}?(?:city|town|village|capital|stronghold|hometown|port|base)\s*,\s*$", re.I)


#: "Tell Qasra's southern town of X": the possessor only says where the town X lies
_POSSESSOR_S_TOWN_OF = re.compile(
    r"^\s*['’]s?\s+(?:[\w-]+\s+){0,3}?(?:city|town|village|suburb|district|neighbou?rhood|port|stronghold|hometown)"
    r"\s+of\s+(?:the\s+)?$", re.I)


def _qualifier_gap(gap: str) -> bool:
    """Words that stay within one list item ("in Iraq", "and the Sunni heartland of the")."""
    return n_tokens(gap) <= 8 and not CLAUSE_BREAK.search(_mask_numbers(gap))


#: a thousands comma and a parenthesis, masked
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d)")
_PARENTHESIS = re.compile(r"\([^()]*\)")


def _mask_numbers(gap: str) -> str:
    """"1,300" and "(502 square miles)" are not clause breaks."""
    if "," in gap:
        gap = _THOUSANDS_COMMA.sub("", gap)
    return _PARENTHESIS.sub(" ", gap) if "(" in gap else gap


def place_before(text: str, pos: int, tops: Sequence[Toponym], *, max_gap: int) -> Toponym | None:
    """The nearest toponym ending before ``pos`` with no clause break in between (a subject)."""
    before = [t for t in tops if t.end <= pos]
    if not before:
        return None
    best = before[-1]
    if re.match(r"^\s*,", text[best.end:pos]):
        # "X, north of Y, was overrun": the subject, not its reference (which may name its
        # country first: "X, 400 km north of the country's capital Y, has been held")
        subject = next((t for t in reversed(before[-4:-1]) if _APPOSED_REFERENCE.match(text[t.end:best.start])), None)
        best = subject or best
    # the words between the subject (or its reference point) and the verb
    gap = text[before[-1].end:pos]
    if re.fullmatch(r"\s*(?:,|\s[-—–]|[—–])\s*which\s+(?:had\s+|has\s+|have\s+|was\s+|is\s+|remains\s+|remained\s+|has\s+been\s+|had\s+been\s+)?"
                    r"(?:still\s+|now\s+|long\s+)?(?:\w+ly\s+)?(?:been\s+)?", gap):
        return best  # "Fallujah, which fell to the militants", "Tikrit - which has been under IS control"
    if n_tokens(gap) > max_gap or _OBJECT_BREAK.search(gap):
        return None
    return best


#: ", 30 km north of", ", near": the place after it is a reference point for the one before.
#: (", located 100 kilometres (60 miles) from": the distance may be told with a verb, in two units)
_APPOSED_REFERENCE = re.compile(
    r"^\s*,\s*(?:(?:which\s+)?(?:located|situated|lying|lies|sits|is)\s+)?(?:(?:about|some|around|roughly|just)\s+)?"
    r"(?:[\d.,]+\s*(?:km|kilometers|kilometres|miles|mi)\s+(?:\([^()]{1,25}\)\s+)?)?"
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|near|outside|close\s+to|from)\s+"
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,3}$", re.I)


#: Unresolved names between two items of a list ("X, Albu Ali, Y"): capitalised words and commas.
_LIST_GAP = re.compile(
    r"^(?:\s*,\s*(?:and\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,3})*\s*(?:,\s*(?:and\s+)?|\s+and\s+)$")


def list_before(text: str, last: Toponym, tops: Sequence[Toponym]) -> list[Toponym]:
    """The earlier items of a list of places that ends with ``last``: "Garma, Kubaisa and Hit fell
    to ISIS" (``last`` is Hit) gives [Garma, Kubaisa]. Unresolved names may sit between items."""
    items: list[Toponym] = []
    cursor = last
    for t in reversed([t for t in tops if t.end <= last.start]):
        if not _LIST_GAP.match(text[t.end:cursor.start]):
            break
        items.insert(0, t)
        cursor = t
    return items


#: what a modifier place may not be parted from its noun by
_PUNCTUATION = re.compile(r"[,;:.()—–-]")
_LINK_WORD = re.compile(r"\b(?:and|or|by|of|to|in)\b", re.I)


def modifier_place(text: str, pos: int, tops: Sequence[Toponym]) -> Toponym | None:
    """A toponym directly modifying the trigger noun ("the March 22 Brussels bombings")."""
    for t in tops:
        if t.end <= pos:
            gap = text[t.end:pos]
            if n_tokens(gap) <= 2 and not _PUNCTUATION.search(gap) and not _LINK_WORD.search(gap):
                return t
    return None


#: a locative that sets a subject's scene: "cells active in X", "a fight in the city of X"
_SCENE_LOCATIVE = re.compile(
    r"\b(?:in|inside|at)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,3}?(?:city|town|village|area|countryside|outskirts)\s+of\s+)?$", re.I)


#: a locative right before a place: "in X", "near the town of X", "in the eastern countryside of X"
_LOCATIVE_RIGHT_BEFORE = re.compile(
    r"\b(?:in|inside|at|near|outside|around|(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?(?:\s+of)?)"
    r"\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}?(?:(?:city|town|village|area|countryside|outskirts|suburbs|vicinity|province)"
    r"\s+of\s+)?$", re.I)


def scene_locative_before(text: str, t: Toponym) -> bool:
    """Is ``t`` brought in by a locative ("in", "near", "north of", "in the countryside of")?"""
    return _LOCATIVE_RIGHT_BEFORE.search(text, max(0, t.start - 60), t.start) is not None


def scene_before(text: str, pos: int, tops: Sequence[Toponym], max_gap: int = 10) -> list[Toponym]:
    """The place a verb's subject is set in, in its own clause: "ISIS cells continue their
    activity in X and kill a member", "a feud between two families in X town kills a farmer". The
    nearest pointable toponym before ``pos`` brought in by "in"/"at", with no clause break and at
    most ``max_gap`` words between it and the verb (a comma ends the subject's clause)."""
    before = [t for t in tops if t.end <= pos and pointable(t)]
    if not before:
        return []
    i = len(before) - 1
    gap = text[before[i].end:pos]
    if n_tokens(gap) > max_gap or CLAUSE_BREAK.search(_mask_numbers(gap)) or "," in gap:
        return []
    # "in X city west of Y province kills": Y only locates X, the subject's place
    while i > 0 and _REFERENCE_END.search(text[before[i - 1].end:before[i].start]) \
            and n_tokens(text[before[i - 1].end:before[i].start]) <= 4:
        i -= 1
    t = before[i]
    return [t] if _SCENE_LOCATIVE.search(text, max(0, t.start - 60), t.start) else []


_STRUCK = re.compile(
    r"^\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:hit|rocked|struck|shaken|targeted|attacked|"
    r"bombed|shelled|pounded)\s+(?:by|with)\s+(?:[\w'’-]+\s+){0,5}$",
    re.I,
)
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'’-]+?)(?:,\s*[A-Z][A-Za-z .]+)?\s*(?:\((?:AP|Reuters|AFP|CNN|Xinhua|dpa)\)\s*)?[-—–:]")


#: "X witnesses heavy shelling", "X town witness a steady rise in shelling": the
#: monitors' verb that makes the place the scene of the attack noun told after it
_WITNESSES = re.compile(
    r"^\s+(?:(?:city|town|village|area|province|countryside)\s+)?witness(?:es|ed)?\s+(?:[\w'’-]+\s+){0,10}$", re.I)


def witness_place(text: str, pos: int, tops: Sequence[Toponym]) -> Toponym | None:
    """The subject of "witnesses" the attack noun at ``pos`` is its object: "X witnesses renewed
    shelling" (the last place of a subject list: "A and B witness clashes")."""
    before = [t for t in tops if t.end <= pos]
    if before and _WITNESSES.match(text[before[-1].end:pos]):
        return before[-1]
    return None


def struck_place(text: str, pos: int, tops: Sequence[Toponym]) -> Toponym | None:
    """The subject of a passive attack verb: "Kirkuk was rocked by a wave of car bombs"."""
    for t in tops:
        if t.end <= pos and _STRUCK.match(text[t.end:pos]):
            return t
    return None


def dateline_place(text: str, span_start: int, tops: Sequence[Toponym]) -> Toponym | None:
    """The dateline city ("KIRKUK, Iraq (AP) — A suicide bomber ...") of the article's first sentence."""
    if span_start != 0:
        return None
    m = _DATELINE.match(text)
    if not m:
        return None
    inside = [t for t in tops if t.start >= m.start(1) and t.end <= m.end(1)]
    if not inside:
        return None
    if any(t.start >= m.end() and place_key(t) != place_key(inside[0]) for t in tops):
        return None  # the sentence names where it happened ("... killed 50 in southern Iraq"): not the dateline
    return inside[0]


#: A sentence that opens with a dateline: "BEIRUT:", "Beirut (AFP) -", "ERBIL, Kurdistan Region –".
_DATELINE_OPENING = re.compile(
    r"^\s*(?P<city>[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,2})(?:,\s*[A-Z][A-Za-z .]+?)?\s*(?:\([^()]{1,25}\)\s*)?(?::|\s[-—–])\s")


def is_dateline(sentence: str, t: Toponym) -> bool:
    """True for the toponym of a dateline opening the sentence (offsets local to it): it says
    where the copy was filed, not where anything happened."""
    m = _DATELINE_OPENING.match(sentence)
    return m is not None and m.start("city") <= t.start and t.end <= m.end("city")


#: an opening "In ...," phrase
_OPENING_PHRASE = re.compile(r"\s*[\"'“‘]?(?:In|At|Near|Outside|Inside|Around)\b[^,]*,")


def opening_place(text: str, pos: int, tops: Sequence[Toponym]) -> Toponym | None:
    """A toponym in a sentence-opening locative that sets the scene of the next clause.

    "In the northern town of Tuz Khurmatu, a chemical attack ..." — the place is in an
    opening "In ..." phrase and the trigger is among the first words after its comma.
    """
    m = _OPENING_PHRASE.match(text)
    if not m or m.end() > pos:
        return None
    if n_tokens(text[m.end():pos]) > 6:
        return None
    inside = [t for t in tops if t.end <= m.end()]
    return inside[-1] if inside else None


#: "the city", "the besieged town", "inside the village": a settlement named earlier, referred back
#: to (not "the city of X", which names it, nor "the city council").
_ANAPHOR = re.compile(
    r"\b(?:the|this)\s+(?:(?:besieged|embattled|strategic|key|whole|entire|northern|southern|eastern|western|ancient|"
    r"historic|border|old|[\w-]+-(?:held|controlled))\s+)?(?:city|town|village)\b"
    r"(?!\s+(?:of|council|centre|center|hall|limits|walls|authorities|police)\b)(?![’']?s?\s+(?-i:[A-Z]))",
    re.I,
)
#: "fighting there", "killed in the area", "stormed the base": a place in or by the settlement the
#: story is at (a base named with its kind, "the army base", is usually a new one) (not the existential "there were", a sentence-opening "There", "the area of X",
#: which names it, nor "the base's commander").
_NEAR_ANAPHOR = re.compile(
    r"(?<=[a-z]\s)there\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|should|must|seems?|"
    r"seemed|appears?|appeared|remains?|remained|exists?|existed|be|being|been)\b)"
    r"|\bthe\s+(?:(?:surrounding|nearby|whole|entire)\s+)?(?:area|base|compound)\b"
    r"(?!\s+(?:of|around|near|between|surrounding|north|south|east|west|in|at|outside)\b)(?![’']?s?\s+(?-i:[A-Z]))(?![’']s)",
    re.I,
)
#: a word every match of :data:`_ANAPHOR`, of :data:`_NEAR_ANAPHOR` holds
_ANAPHOR_WORD = AnyFragment("city", "town", "village")
_NEAR_ANAPHOR_WORD = AnyFragment("there", "area", "base", "compound")
#: "the capital" (not "the capital of X", which names it, nor "the Syrian capital", which the
#: geoparser places in its country, nor "the capital's").
_CAPITAL_ANAPHOR = re.compile(r"\bthe\s+capital\b(?!\s+(?:of|city)\b)(?![’']s?\s+(?-i:[A-Z]))", re.I)


def capital_anaphors(text: str, start: int, end: int, capital: Toponym | None,
                     local: Sequence[Toponym] = ()) -> list[Toponym]:
    """Each "the capital" of ``text[start:end]`` that is no toponym already (``local``, offsets
    local to it), placed at the national capital named right after it ("the capital, X,"), else
    at the one the article names (``capital``), marked near: the reader knows the city, not the
    spot in it."""
    out = []
    for m in _CAPITAL_ANAPHOR.finditer(text, start, end):
        s, e = m.start() - start, m.end() - start
        if any(t.start < e and s < t.end for t in local):
            continue
        # "the capital X", "shelled the capital, X, overnight": the capital named after it is the
        # one meant (the words stay the trigger's object: the name after the comma is not reached)
        named = next((t for t in local if t.start >= e and is_capital(t)
                      and _APPOSED_NAME_GAP.fullmatch(text, m.end(), start + t.start)), None)
        meant = named or capital
        if meant is not None:
            out.append(replace(meant, start=s, end=e, text=m.group(), geo_precision=2, relation=None))
    return out


#: between "the capital" and the name in apposition to it
_APPOSED_NAME_GAP = re.compile(r"\s*,?\s*")


def is_capital(t: Toponym) -> bool:
    """A national capital (GeoNames PPLC)."""
    return (t.feature_code or "").upper() == "PPLC" and pointable(t)


def anaphoric_places(text: str, start: int, end: int, focus: Toponym | None,
                     local: Sequence[Toponym] = ()) -> list[Toponym]:
    """The settlement each "the city"/"the town" of ``text[start:end]`` refers back to: one named
    earlier in the sentence (``local``, offsets local to it), else ``focus`` (the settlement the
    story is at). Placed at the anaphor and marked near (geo_precision 2): the reader knows the
    place, not the spot in it."""
    out = []
    # "there", "the area" point back only from a sentence that names no place of its own ("the
    # offensive in the province ... against the militants there" is about the province)
    # each expression only where the sentence holds a word all its matches hold: most sentences
    # refer back to no settlement, and the expressions are tried at each of their positions
    sentence = text[start:end]
    near = [] if local or not _NEAR_ANAPHOR_WORD.search(sentence) else list(_NEAR_ANAPHOR.finditer(text, start, end))
    settlements = list(_ANAPHOR.finditer(text, start, end)) if _ANAPHOR_WORD.search(sentence) else []
    matches = sorted([*settlements, *near], key=lambda m: m.start())
    for m in matches:
        village = m.group().lower().endswith("village")
        here = [t for t in local if t.end <= m.start() - start and settlement(t) and not (village and _city(t))]
        ref = here[-1] if here else focus
        if ref is not None and not (village and _city(ref)):
            out.append(replace(ref, start=m.start() - start, end=m.end() - start, text=m.group(), geo_precision=2,
                               relation=None))
    return out


#: a place this populous (or a capital of a country or a province) is never "the village"
_CITY_POPULATION = 50_000


def _city(t: Toponym) -> bool:
    """A city, which "the village" cannot refer back to (the village is one the gazetteer lacks)."""
    code = (t.feature_code or "").upper()
    return code in ("PPLC", "PPLA", "PPLA2") or (t.population or 0) >= _CITY_POPULATION


def settlement(t: Toponym) -> bool:
    """A town or city (what "the city" can refer back to)."""
    return pointable(t) and t.geo_precision == 1 and ((t.feature_class or "").upper() == "P"
                                                      or (t.feature_code or "").upper().startswith("PPL"))


def place_key(t: Toponym) -> object:
    """What makes two toponyms the same place for events."""
    return t.geonameid if t.geonameid is not None else (t.name or t.text).lower()
