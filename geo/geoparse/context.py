"""The words around a mention that help resolve it: qualifiers and relations.

Qualifiers narrow the candidates ("the northern Iraqi town of Taza": a populated place in
Iraq's north; "Iraq's Mount Sinjar": a mountain in Iraq; "Raqqa in Syria"; "Anbar province").
Relations make a mention vague ("south of Baghdad", "the outskirts of Baghdad", "a suburb of
the Syrian capital", "northern Syria"): the resolver keeps the place and lowers the precision.
"""

from __future__ import annotations

import contextlib

from geo.geoparse.mentions import PlaceSpan, Recognition, control_after
from geo.geoparse.people import residence_before
from geo.geoparse.tokens import PARTICLES, Atom

#: direction words as written -> canonical direction (regions.DIRECTIONS)
DIRECTION_WORDS = {
    "north": "north", "south": "south", "east": "east", "west": "west",
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
    "northeast": "northeast", "northeastern": "northeast", "north-east": "northeast",
    "north-eastern": "northeast", "northwest": "northwest", "northwestern": "northwest",
    "north-west": "northwest", "north-western": "northwest", "southeast": "southeast",
    "southeastern": "southeast", "south-east": "southeast", "south-eastern": "southeast",
    "southwest": "southwest", "southwestern": "southwest", "south-west": "southwest",
    "south-western": "southwest", "central": "central",
}
#: canonical direction -> the adjective a relation is written with ("northern")
ADJECTIVES = {
    "north": "northern", "south": "southern", "east": "eastern", "west": "western",
    "northeast": "northeastern", "northwest": "northwestern", "southeast": "southeastern",
    "southwest": "southwestern", "central": "central",
}
#: canonical direction -> compass bearing (degrees clockwise from north)
BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
            "southwest": 225, "west": 270, "northwest": 315}
_ADJECTIVE_DIRECTIONS = {w for w in DIRECTION_WORDS if w.endswith("ern") or w == "central"}

#: type nouns before "of NAME" or after NAME -> the kind of place they announce
TYPE_WORDS = {
    "town": "populated", "city": "populated", "village": "populated", "villages": "populated",
    "hamlet": "populated", "capital": "populated", "suburb": "populated", "neighbourhood":
    "neighbourhood", "neighborhood": "neighbourhood", "quarter": "neighbourhood",
    "district": "admin", "province": "admin",
    "governorate": "admin", "region": "admin", "county": "admin", "subdistrict": "admin",
    "mount": "mountain", "mountain": "mountain", "mountains": "mountain", "jabal": "mountain",
    "jebel": "mountain", "mt": "mountain", "dam": "dam", "river": "water", "lake": "water",
    "valley": "region", "basin": "region", "desert": "region", "resort": "populated", "hub": "populated",
    "crossing": "populated", "port": "populated", "oasis": "populated",
}
_UNITS = {"km": 1.0, "kilometers": 1.0, "kilometres": 1.0, "kilometer": 1.0, "kilometre": 1.0,
          "miles": 1.609, "mile": 1.609, "mi": 1.609}
#: the relation of a place whose countryside is meant ("the countryside of Idlib")
COUNTRYSIDE = "countryside of"
_NEAR_WORDS = {
    ("outskirts", "of"): "outskirts of", ("suburb", "of"): "suburb of",
    ("suburbs", "of"): "suburb of", ("edge", "of"): "outskirts of",
    ("vicinity", "of"): "near", ("countryside", "of"): COUNTRYSIDE,
    ("outside", "of"): "near", ("close", "to"): "near", ("west", "bank"): "near",
    # "the Bustan al-Qasr neighbourhood of Aleppo": Aleppo contains the named part
    ("neighbourhood", "of"): "part of", ("neighborhood", "of"): "part of",
    ("neighbourhoods", "of"): "part of", ("neighborhoods", "of"): "part of",
    ("quarter", "of"): "part of", ("districts", "of"): "part of",
}
_ETHNIC = frozenset("kurdish kurd arab arabic turkmen yazidi shiite shia sunni christian "
                     "assyrian druze alawite armenian circassian".split())
_NEAR_SINGLE = {"near": "near", "outside": "near", "around": "near", "nearby": "near",
                "outskirts": "outskirts of"}


def annotate(rec: Recognition) -> list[tuple[int, int]]:
    """Fill each mention's qualifiers and relation in place. Returns the :func:`list_span` of
    each mention of a gazetteer name (of any other: its own atoms), for callers that ask again."""
    atoms = rec.mentions and rec.atoms
    if not atoms:
        return [(m.i, m.j) for m in rec.mentions]
    for m in rec.mentions:
        if m.kind != "estimated":  # an estimated place's relation is its location
            _type_inside(atoms, m)
            _before(atoms, m)
    for n, m in enumerate(rec.mentions):  # after every relation is known
        if m.kind == "estimated":
            # "al-Bab, 40 km northeast of Aleppo": Aleppo is only the reference point
            if m.anchor is not None:
                m.anchor.relation, m.anchor.distance_km = None, None
            continue
        _after(atoms, rec.mentions, n)
        _possessive_container(atoms, rec.mentions, n)
    # the list each name stands in, worked out once for the three rules that ask
    spans = [list_span(atoms, m.i, m.j) if m.kind == "name" else (m.i, m.j) for m in rec.mentions]
    for m, span in zip(rec.mentions, spans, strict=True):
        if m.kind == "name" and not m.type_hint and _settlement_named(atoms, m, span):
            m.type_hint = "populated"
        if m.kind == "name" and m.type_hint in (None, "populated") and village_named(atoms, m, span):
            m.village = True
    _link_lists(atoms, rec.mentions, spans)
    for n, m in enumerate(rec.mentions):
        m.cue = _has_cue(atoms, rec.mentions, n)
    return spans


#: words before a name that show a place is meant ("in", "captured", "the town of")
_CUE_WORDS = frozenset(
    "in at from to into inside across throughout within toward towards outside near around "
    "through between via along off beyond captured recaptured retook retaken seized liberated "
    "entered stormed besieged encircled surrounded shelled bombed overran overrun took taken "
    "reached attacked defended evacuated fled fleeing flee left leaving abandoned visited "
    "returned returning arrived reaching targeted hit struck "
    # the present tense of headlines and of ongoing reports ("Troops Enter Bartella")
    "captures recaptures retakes seizes liberates enters storms besieges encircles surrounds "
    "shells bombs overruns reaches defends evacuates flees abandons targets "
    "capture recapture retake seize liberate enter storm besiege encircle surround "
    "shell bomb overrun reach defend evacuate abandon target".split()
)


#: nouns that, before "of", "for" or "on", make the next name a place ("the fall of",
#: "the battle for", "an assault on", "the ISIS stronghold of", "driven out of")
_CUE_NOUNS = frozenset(
    "fall battle fight fighting offensive assault push operation operations campaign attack "
    "attacks strike strikes airstrike airstrikes raid raids siege liberation recapture capture "
    "control outskirts residents people governor mayor centre center heart streets stronghold "
    "strongholds bastion capital countryside suburbs suburb road highway route out parts part "
    "west east north south rest edge gates entrance exit remnants ruins city town village "
    "villages province district area region".split()
)


def _has_cue(atoms: list[Atom], mentions: list[PlaceSpan], n: int) -> bool:
    """Does anything around mention ``n`` say that a place is meant?"""
    m = mentions[n]
    if m.relation or m.type_hint or m.country_hint or m.container is not None or m.kind != "name":
        return True
    k = m.i - 1
    before = _word(atoms, k)
    if before == "the":
        k -= 1
        before = _word(atoms, k)
    if before in _CUE_WORDS:
        return True
    if before in ("of", "for", "on", "against") and _word(atoms, k - 1) in _CUE_NOUNS:
        return True
    if before == "of" and residence_before(atoms, k - 1):
        return True  # "John Doe, 42, of Millbrook", "both of Millbrook"
    if before == "-" and _word(atoms, k - 1) in ("d", "r", "i", "dfl") and atoms[k - 1].cap:
        return True  # a legislator's home: "Rep. Jane Roe, D-Millbrook"
    after = _word(atoms, m.j + 1)
    if after in _RESIDENT_NOUNS:
        return True  # "a Millbrook man", "the Millbrook native"
    if atoms[m.i].allcaps and atoms[m.i].kind == "word" and len(m.text) > 3:
        return True  # a dateline ("MILLBROOK -- The council ..."): recognition kept no other capitals
    if after == "," and _word(atoms, m.j + 2) in DIRECTION_WORDS:
        return True  # "Hawija, south of Kirkuk"
    if after == "," and atoms[m.i].initial:
        return False
    # a list of places: "Paris, Brussels, Nice and Orlando"
    for other in (mentions[n - 1] if n else None, mentions[n + 1] if n + 1 < len(mentions) else None):
        if other is None:
            continue
        lo, hi = (other.j, m.i) if other.j < m.i else (m.j, other.i)
        if hi - lo == 2 and atoms[lo + 1].lowered in (",", "and", "or"):
            return True
        if hi - lo == 3 and [a.lowered for a in atoms[lo + 1:hi]] in ([",", "and"], [",", "or"]):
            return True
    if control_after(atoms, m.j + 1):
        return True
    if _camp_after(atoms, m.j + 1):
        return True  # "Zuhur refugee camp", "the Rukban camp", "Hamdan airbase"
    # a possessive of a place is a place ("Mosul's old city", "Syria's north")
    return m.j + 1 < len(atoms) and atoms[m.j + 1].kind == "poss"




#: nouns after a town's name that make it where someone lives or comes from ("a Millbrook man")
_RESIDENT_NOUNS = frozenset(
    "man woman men women resident residents native natives teen teenager boy girl couple "
    "family families homeowner homeowners".split()
)
def _word(atoms: list[Atom], k: int) -> str:
    return atoms[k].lowered if 0 <= k < len(atoms) else ""


def _type_inside(atoms: list[Atom], m: PlaceSpan) -> None:
    first, last = _word(atoms, m.i), _word(atoms, m.j)
    if first in ("mount", "mt", "jabal", "jebel") or last in ("mountain", "mountains"):
        m.type_hint = "mountain"
    elif last == "dam":
        m.type_hint = "dam"
    elif last in ("river", "lake") or first in ("river", "lake"):
        m.type_hint = "water"


def _before(atoms: list[Atom], m: PlaceSpan) -> None:
    """'the northern Iraqi town of Taza', 'south of Baghdad', 'a suburb of the Syrian capital'."""
    k = m.i - 1
    word = _word(atoms, k)
    if word == "the":
        k -= 1
        word = _word(atoms, k)
    # "<direction> of NAME", "<N km> <direction> of NAME", "<type> of NAME", "<near> of NAME"
    if word in ("of", "to"):
        head = _word(atoms, k - 1)
        pair = (head, word)
        if head in DIRECTION_WORDS and head != "central" and not head.endswith("ern") and pair[1] == "of":
            if _word(atoms, k - 2) == "the":
                # "the north of Syria" is Syria's north, not a point beyond it
                m.relation = ADJECTIVES[DIRECTION_WORDS[head]]
                m.direction_hint = DIRECTION_WORDS[head]
                return
            m.relation = f"{DIRECTION_WORDS[head]} of"
            # "40 km northeast of Aleppo" measures from a town, not from a governorate; "east
            # of the Euphrates", "south of the Hamrin mountains" from a river or a range
            m.type_hint = m.type_hint or "reference"
            num, unit = _word(atoms, k - 3), _word(atoms, k - 2)
            if unit in _UNITS and atoms[k - 3].kind == "num":
                with contextlib.suppress(ValueError):
                    m.distance_km = float(num.replace(",", "")) * _UNITS[unit]
            return
        if pair in _NEAR_WORDS:
            m.relation = _NEAR_WORDS[pair]
            if m.relation == COUNTRYSIDE:
                m.relation = _countryside_relation(atoms, k - 2)
            return
        if head == "district" and pair[1] == "of" and not opens_phrase(atoms, k - 2):
            # "the Karrada (shopping) district of Baghdad": Baghdad is the town, not a district
            m.relation = "part of"
            return
        if head in TYPE_WORDS:
            m.type_hint = m.type_hint or TYPE_WORDS[head]
            _adjectives(atoms, k - 2, m)
            return
    word = _word(atoms, m.i - 1)
    if word in _NEAR_SINGLE and atoms[m.i - 1].kind == "word":
        m.relation = _NEAR_SINGLE[word]
        return
    if word in _ADJECTIVE_DIRECTIONS or (word in DIRECTION_WORDS and "-" in word):
        m.relation = "central" if word == "central" else word if word.endswith("ern") else DIRECTION_WORDS[word]
        m.direction_hint = DIRECTION_WORDS[word]
        return
    # "Iraq's northern city of Mosul"? and bare "the Syrian city Raqqa" are rarer; a demonym or
    # a direction just before the name still counts ("Kurdish-held Kobani" does not).
    _adjectives(atoms, m.i - 1, m)


#: sites named after the place they lie at ("Zuhur refugee camp", "Tajriba refinery"), unlike a
#: company's "Ford plant" or a person's "Kennedy airport" in general news
_CAMP_NOUNS = frozenset("camp camps airbase refinery checkpoint".split())


def _camp_after(atoms: list[Atom], k: int) -> bool:
    """Is atom ``k`` (or ``k + 1`` after one describing word) a camp-like site noun?"""
    if _word(atoms, k) in _CAMP_NOUNS:
        return True
    if k >= len(atoms) or atoms[k].kind != "word" or _word(atoms, k + 1) not in _CAMP_NOUNS:
        return False
    return not atoms[k].cap or atoms[k].allcaps  # "refugee camp", "IDP camp", not "Ford Camp"


#: head nouns after a name that make the place a site named after it ("the Jazal oilfield",
#: "Kuweires military airport"), with the words that may stand between ("oil", "military")
_SITE_HEADS = frozenset("oilfield oilfields gasfield airbase airport airfield".split())
_SITE_PAIRS = frozenset((("oil", "field"), ("oil", "fields"), ("gas", "field"), ("gas", "fields"),
                         ("military", "airbase"), ("military", "airport"), ("air", "base")))


#: words that may follow a bare "field" that ends a noun phrase ("the Jazal field east of
#: the river", "X field where ..."), unlike a compound's next noun ("Idlib field commanders")
_AFTER_PHRASE = frozenset("and or in near at on of to from by after before where which that as "
                          "east west north south northeast northwest southeast southwest".split())


def _site_after(atoms: list[Atom], k: int) -> bool:
    """Is a site head noun at atom ``k`` ("oilfield", "oil field", "military airport", a bare
    "field" that ends its phrase)?"""
    if k >= len(atoms) or atoms[k].kind != "word":
        return False
    word = _word(atoms, k)
    if word in ("field", "fields"):
        return k + 1 >= len(atoms) or atoms[k + 1].kind != "word" or _word(atoms, k + 1) in _AFTER_PHRASE
    return word in _SITE_HEADS or (word, _word(atoms, k + 1)) in _SITE_PAIRS


def opens_phrase(atoms: list[Atom], k: int) -> bool:
    """Do the lower-case words ending at atom ``k`` open a noun phrase ("the southern
    district of X") rather than follow a name ("the Karrada shopping district of X")?"""
    while k >= 0 and atoms[k].kind == "word" and atoms[k].text.islower() \
            and atoms[k].text not in ("the", "a", "an"):
        k -= 1
    return _word(atoms, k) in ("the", "a", "an")


def _adjectives(atoms: list[Atom], k: int, m: PlaceSpan) -> None:
    """Walk back over 'northern Syrian Kurdish border' collecting country and direction."""
    steps = 0
    while k >= 0 and steps < 5:
        a = atoms[k]
        w = a.lowered
        if a.kind != "word" and a.text != "-":
            break
        if w in DIRECTION_WORDS:
            m.direction_hint = m.direction_hint or DIRECTION_WORDS[w]
        elif w in _ETHNIC:
            pass  # "Syrian Kurdish town": the ethnic word says nothing of the country
        elif a.cap and a.demonym:
            m.country_hint = m.country_hint or a.demonym
        elif w in ("the", "a", "an", "border", "strategic", "key", "besieged", "small", "large",
                   "ancient", "historic", "predominantly", "mainly", "largely", "mostly",
                   "oil", "desert", "frontline", "-", "shiite", "sunni", "christian", "yazidi",
                   "kurdish", "arab", "turkmen", "nearby", "neighbouring", "neighboring",
                   "beach", "coastal", "seaside", "mountain", "mountainous", "river", "riverside",
                   "market", "farming", "agricultural", "industrial", "holy", "shrine", "tourist",
                   "remote", "dusty", "sleepy", "impoverished", "rebel-held", "government-held",
                   "embattled", "contested", "divided", "capital"):
            pass
        elif w in TYPE_WORDS:
            m.type_hint = m.type_hint or TYPE_WORDS[w]
        else:
            break
        k -= 1
        steps += 1


#: plural type words after a list of names ("Sichuan and Yunnan provinces")
_PLURAL_ADMIN = {"provinces": "province", "governorates": "governorate", "districts": "district",
                 "counties": "county"}


def _listed_before(atoms: list[Atom], mentions: list[PlaceSpan], n: int) -> list[PlaceSpan]:
    """Mention ``n`` and the names before it joined by commas and "and" ("A, B and C")."""
    out = [mentions[n]]
    k = n
    while k > 0:
        prev, cur = mentions[k - 1], mentions[k]
        between = [a.lowered for a in atoms[prev.j + 1:cur.i]]
        if between not in ([","], ["and"], [",", "and"]):
            break
        out.append(prev)
        k -= 1
    return out


def _after(atoms: list[Atom], mentions: list[PlaceSpan], n: int) -> None:
    """'Raqqa in Syria', 'Sinjar, Iraq', 'Raqqa a northern city in Syria', 'Anbar province',
    "Syria's north"."""
    m = mentions[n]
    word = _word(atoms, m.j + 1)
    if m.relation is None and m.j + 2 < len(atoms) and atoms[m.j + 1].kind == "poss":
        noun = _word(atoms, m.j + 2)
        if noun in DIRECTION_WORDS and not noun.endswith("ern") and noun != "central" \
                and atoms[m.j + 2].kind == "word":
            m.relation = ADJECTIVES[DIRECTION_WORDS[noun]]
            m.direction_hint = DIRECTION_WORDS[noun]
    if word == "countryside" and atoms[m.j + 1].kind == "word" and (
            m.relation is None or m.relation in _ADJECTIVE_DIRECTIONS):
        # "Idlib countryside", as "the countryside of Idlib"; "southern Idlib countryside",
        # as "the southern countryside of Idlib", the adjective read whole ("north-eastern", which
        # the relation holds only the end of); "central Idlib countryside" has no side to be
        # placed on (as :func:`_direction_ending_at` reads "the central countryside of Idlib")
        direction = None if m.relation in (None, "central") else (
            _direction_ending_at(atoms, m.i - 1) or DIRECTION_WORDS.get(m.relation or ""))
        m.relation = f"{ADJECTIVES[direction]} {COUNTRYSIDE}" if direction else COUNTRYSIDE
    elif m.relation is None and _word(atoms, m.j + 3) == "countryside" and atoms[m.j + 1].kind == "poss" \
            and atoms[m.j + 3].kind == "word":
        m.relation = _countryside_relation(atoms, m.j + 2)  # "Idlib's southern countryside"
    if (m.relation or "").endswith(COUNTRYSIDE) or (
            word in _SURROUNDINGS_WORDS and atoms[m.j + 1].kind == "word"):
        m.surroundings = True
    if word in ("province", "governorate", "district", "county", "region", "city", "town", "village",
                "mountains", "mountain", "dam", "river", "lake", "neighborhood",
                "neighbourhood", "quarter") and atoms[m.j + 1].kind == "word" \
            and not (word in ("city", "town", "village") and _word(atoms, m.j + 2) == "of"):
        # not "the Sichuan city of Leshan": there the place qualifies the city named after "of"
        # (while "the Mansour district of Baghdad" is a district)
        m.type_hint = m.type_hint or TYPE_WORDS.get(word, "admin")
        if word in _PLURAL_ADMIN.values():
            m.division_word = word
    if _site_after(atoms, m.j + 1):
        m.type_hint = m.type_hint or "site"
    if word in _PLURAL_ADMIN and atoms[m.j + 1].kind == "word":
        # "Sichuan and Yunnan provinces", "Lake and Porter counties": every name of the list is one
        for x in _listed_before(atoms, mentions, n):
            x.type_hint = x.type_hint or "admin"
            x.division_word = x.division_word or _PLURAL_ADMIN[word]
    if n + 1 >= len(mentions):
        return
    nxt = mentions[n + 1]
    if atoms[nxt.i].sentence != atoms[m.j].sentence or nxt.i - m.j > _IN_COUNTRYSIDE_MAX_GAP:
        return
    between = [a.lowered for a in atoms[m.j + 1:nxt.i]]
    if nxt.kind != "estimated" and (nxt.relation or "").endswith(COUNTRYSIDE) and _in_countryside(between):
        # "Qaffa village in the eastern countryside of Deir Ezzor": the village lies in the
        # countryside of the town named, on the side named; the town keeps its relation (the
        # area meant), unlike "X, south of Y", where Y is only the reference point
        m.container = n + 1
        bearing = BEARINGS.get(DIRECTION_WORDS.get(nxt.relation.split()[0], ""))  # type: ignore[union-attr]
        m.stated_bearing = None if bearing is None else float(bearing)
        return
    if nxt.i - m.j > 8:
        return
    # an estimated mention's relation is its location, never a reference to clear
    if nxt.kind != "estimated" and nxt.relation and nxt.relation.endswith(" of") \
            and between[:1] == [","] and apposition_fillers_ok(between[1:]):
        # "Hawija, south of Kirkuk": the first place lies near the second, and the second is
        # only the reference point, not an area south of it
        m.container = n + 1
        bearing = BEARINGS.get(nxt.relation.split()[0])
        m.stated_bearing = None if bearing is None else float(bearing)
        if nxt.distance_km and bearing is not None:
            # "al-Wahda, 30 km south of Kirkuk": the text states where the first place lies
            m.stated_offset = (float(bearing), nxt.distance_km)
        nxt.relation, nxt.distance_km = None, None
        return
    while between and between[-1] in DIRECTION_WORDS:  # "a town in northern Syria"
        between.pop()
    m.container_by_comma = between == [","]
    if m.container_by_comma:
        after = atoms[nxt.j + 1] if nxt.j + 1 < len(atoms) else None
        # "Sinjar, Iraq," and "MOSUL, Iraq (AP)" but not "Aleppo, Turkey's state-run agency"
        if after is not None and (after.kind == "poss" or after.cap):
            return
    if between in ([","], ["in"], [",", "in"]) or (
        between and between[-1] == "in" and len(between) <= 7
        and any(w in TYPE_WORDS for w in between)
    ):
        # The resolver uses the container only if it turns out to be a country or governorate,
        # so a list of towns ("Kobani, Tal Abyad") does not tie one town to the next.
        m.container = n + 1
        # "al-Hol in Syria's Hasakah province": the governorate is the closer container
        if n + 2 < len(mentions) and nxt.j + 1 < len(atoms) and atoms[nxt.j + 1].kind == "poss" \
                and mentions[n + 2].i == nxt.j + 2:
            m.container = n + 2


#: words after a name that mean the land around the place ("the Homs desert")
_SURROUNDINGS_WORDS = frozenset(("countryside", "desert", "badia"))


#: words a name may carry before "in the countryside of Y" ("X village in", "the X area in")
_IN_COUNTRYSIDE_MAX_BEFORE = 3
#: atoms from a name to the next over "village in the south - eastern countryside of"
_IN_COUNTRYSIDE_MAX_GAP = 10
_COUNTRYSIDE_FILLERS = frozenset(("the", "countryside", "of", "-"))


def _in_countryside(between: list[str]) -> bool:
    """Do the words between two names say the first lies in the second's countryside ("village
    in the eastern countryside of", "in", "town in the southern")? The second name's relation
    already says its countryside is meant."""
    if "in" not in between:
        return False
    cut = len(between) - 1 - between[::-1].index("in")
    before, after = between[:cut], between[cut + 1:]
    return len(before) <= _IN_COUNTRYSIDE_MAX_BEFORE and all(w in TYPE_WORDS or w == "area" for w in before) \
        and all(w in _COUNTRYSIDE_FILLERS or w in DIRECTION_WORDS for w in after)


_APPROX = frozenset("about some roughly nearly almost around just only approximately".split())


def apposition_fillers_ok(words: list[str]) -> bool:
    """Do the words between 'X,' and '<direction> of Y' describe X as a place?

    "Hawija, south of", "Qaraqosh, a Christian town 20 kilometers (12 miles) southeast of" do;
    "Iraq, a suicide truck bombing south of" does not (that is a clause about an event)."""
    rest = [w for w in words if w not in _APPROX and w not in _UNITS and w not in "()-"
            and not w.replace(",", "").replace(".", "").isdigit()]
    while rest and (rest[-1] in DIRECTION_WORDS or rest[-1] == "of"):
        rest.pop()
    return not rest or any(w in TYPE_WORDS or w in _SITE_NOUNS for w in rest)


#: nouns of sites that an apposition may describe its name as ("Camp X, the army base south
#: of Y"); not type words of the name itself ("Mosul base" is no name)
_SITE_NOUNS = frozenset("base airbase airfield airport camp refinery factory plant dam bridge "
                        "checkpoint crossing complex facility compound barracks".split())


def _countryside_relation(atoms: list[Atom], k: int) -> str:
    """"countryside of", or with the direction of the adjective that ends at atom ``k`` ("the
    southern countryside of Idlib", "the north-eastern countryside of Hama"):
    "southern countryside of", which places the point on that side of the town, as "south of"
    does; the countryside meant lies there, not in the town."""
    direction = _direction_ending_at(atoms, k)
    return f"{ADJECTIVES[direction]} {COUNTRYSIDE}" if direction else COUNTRYSIDE


def _direction_ending_at(atoms: list[Atom], k: int) -> str | None:
    """The compass direction of the adjective ending at atom ``k`` ("southern", "north-eastern"
    written as three atoms), or None."""
    word = _word(atoms, k)
    if word not in _ADJECTIVE_DIRECTIONS or word == "central" or atoms[k].kind != "word":
        return None
    if _word(atoms, k - 1) == "-" and f"{_word(atoms, k - 2)}-{word}" in DIRECTION_WORDS:
        return DIRECTION_WORDS[f"{_word(atoms, k - 2)}-{word}"]
    return DIRECTION_WORDS[word]


def _possessive_container(atoms: list[Atom], mentions: list[PlaceSpan], n: int) -> None:
    """'Iraq's Mount Sinjar', "Anbar's state capital, Ramadi"."""
    if n == 0:
        return
    m, prev = mentions[n], mentions[n - 1]
    if prev.j + 1 < len(atoms) and atoms[prev.j + 1].kind == "poss":
        gap = m.i - (prev.j + 1)
        if gap == 1 or (gap <= 6 and _word(atoms, m.i - 1) == ","):
            m.container = n - 1


#: nouns of settlements that introduce a list of names ("the villages of A, B and C", "two
#: villages, A and B", "several nearby towns, including A, B, and C")
_SETTLEMENT_NOUNS = frozenset(
    "town towns village villages city cities hamlet hamlets settlement settlements".split()
)
#: words between such a noun and the first name of its list
_LIST_OPENERS = frozenset("of including include includes such as like namely : , - the".split())
#: at most this many names in one list, and words in one name
_MAX_LIST_ITEMS = 12
_MAX_ITEM_ATOMS = 7


def _link_lists(atoms: list[Atom], mentions: list[PlaceSpan],
                spans: list[tuple[int, int]] | None = None) -> None:
    """Give each mention of a list of names ("A, B and C") the indices of the others
    (``spans``: each name's :func:`list_span`, when known)."""
    for n, m in enumerate(mentions):
        if m.kind != "name":
            continue
        head, tail = spans[n] if spans is not None else list_span(atoms, m.i, m.j)
        if head == m.i and tail == m.j:
            continue
        lo = max(0, n - _MAX_LIST_ITEMS)
        m.siblings = tuple(x for x in range(lo, min(len(mentions), n + _MAX_LIST_ITEMS + 1))
                           if x != n and mentions[x].kind == "name"
                           and head <= mentions[x].i and mentions[x].j <= tail)


def list_span(atoms: list[Atom], i: int, j: int) -> tuple[int, int]:
    """First and last atom of the list of names ("A, B and C") whose item spans atoms ``i``
    to ``j``; ``(i, j)`` when the name stands alone."""
    return _list_head(atoms, i), _list_tail(atoms, j)


#: plural nouns after a list that make its items settlements ("the A and B villages", "the
#: A, B and C frontlines"); a singular one belongs to the last item alone ("London city council")
_PLURAL_SETTLEMENT_NOUNS = frozenset(
    "towns villages cities hamlets settlements fronts frontlines axes".split())


def settlement_list(atoms: list[Atom], i: int, j: int, span: tuple[int, int] | None = None) -> bool:
    """Is the name at atoms ``i``..``j`` an item of a list of settlements: one a settlement noun
    announces ("the villages of A, B and C", "A, B and other towns") or ends ("the A and B
    villages", "the A, B and C frontlines")? (``span``: the name's :func:`list_span`, when
    known.)"""
    span = span if span is not None else list_span(atoms, i, j)
    if _settlement_named(atoms, PlaceSpan(0, 0, "", i, j), span):
        return True
    return _word(atoms, span[1] + 1) in _PLURAL_SETTLEMENT_NOUNS


def _settlement_named(atoms: list[Atom], m: PlaceSpan, span: tuple[int, int] | None = None) -> bool:
    """Is ``m`` one of the names a settlement noun announces: any item of "the villages of A,
    B and C", "A, B and other small towns", or "a town called X"? (``span``: ``m``'s
    :func:`list_span`, when known.)"""
    head, tail = span if span is not None else list_span(atoms, m.i, m.j)
    p = head - 1
    if _word(atoms, p) in ("called", "named"):
        return _is_settlement_noun(atoms, p - 1)  # "a town called Badush"
    opened = False
    while p >= 0 and _word(atoms, p) in _LIST_OPENERS and atoms[p].line == atoms[head].line:
        opened = True
        p -= 1
    if opened and _is_settlement_noun(atoms, p):
        return True
    # "Garma, Albu Khanafar, Kubaisa and other small towns"
    k = tail + 1
    if _word(atoms, k) == "," and _word(atoms, k + 1) == "and":
        k += 1  # the serial comma: "A, B, and other small towns"
    if _word(atoms, k) in ("and", ",") and _word(atoms, k + 1) in ("other", "nearby", "several"):
        return _settlement_noun_after(atoms, k + 2, 3)
    return False


#: nouns that make a name a village, not a town: GeoNames holds many villages only as
#: "Qaryat X" ("the village of X"), which a same-named town elsewhere would otherwise hide
_VILLAGE_NOUNS = frozenset("village villages hamlet hamlets".split())


def village_named(atoms: list[Atom], m: PlaceSpan, span: tuple[int, int] | None = None) -> bool:
    """Does the text call ``m`` a village: "X village", "the village of X", any item of "the
    villages of A, B and C" or of "the A and B villages"? (``span``: ``m``'s
    :func:`list_span`, when known.)"""
    if _word(atoms, m.j + 1) in _VILLAGE_NOUNS:
        return True
    head, tail = span if span is not None else list_span(atoms, m.i, m.j)
    if _word(atoms, tail + 1) in _VILLAGE_NOUNS:
        return True
    p = head - 1
    if _word(atoms, p) in ("called", "named"):
        return _word(atoms, p - 1) in _VILLAGE_NOUNS
    opened = False
    while p >= 0 and _word(atoms, p) in _LIST_OPENERS and atoms[p].line == atoms[head].line:
        opened = True
        p -= 1
    return opened and _word(atoms, p) in _VILLAGE_NOUNS


def _is_settlement_noun(atoms: list[Atom], p: int) -> bool:
    return p >= 0 and atoms[p].kind == "word" and atoms[p].lowered in _SETTLEMENT_NOUNS


def _settlement_noun_after(atoms: list[Atom], k: int, reach: int) -> bool:
    for q in range(k, min(len(atoms), k + reach)):
        if atoms[q].kind != "word":
            return False
        if atoms[q].lowered in _SETTLEMENT_NOUNS:
            return True
    return False


def _item_start(atoms: list[Atom], end: int) -> int:
    """First atom of the capitalised name ending at atom ``end`` ("Albu Ali Jassim", "al-Bab")."""
    k = end
    for _ in range(_MAX_ITEM_ATOMS):
        prev = k - 1
        if prev < 0 or atoms[prev].line != atoms[k].line:
            break
        a = atoms[prev]
        if (a.cap and a.kind == "word") or a.text == "-" or a.lowered in PARTICLES:
            k = prev
        else:
            break
    return k


def _list_head(atoms: list[Atom], i: int) -> int:
    """First atom of the list of names whose item starts at atom ``i`` ("A, B, and C")."""
    head = i
    for _ in range(_MAX_LIST_ITEMS):
        k = head - 1
        seps = 0
        while k >= 0 and atoms[k].lowered in (",", "and", "or") and seps < 2:
            k -= 1
            seps += 1
        if not seps or k < 0 or not atoms[k].cap or atoms[k].line != atoms[head].line:
            break
        head = _item_start(atoms, k)
    return head


def _list_tail(atoms: list[Atom], j: int) -> int:
    """Last atom of the list of names whose item ends at atom ``j``."""
    tail = j
    n = len(atoms)
    for _ in range(_MAX_LIST_ITEMS):
        k = tail + 1
        seps = 0
        while k < n and atoms[k].lowered in (",", "and", "or") and seps < 2:
            k += 1
            seps += 1
        if not seps or k >= n or not atoms[k].cap or atoms[k].line != atoms[tail].line:
            break
        tail = k
        while tail + 1 < n and atoms[tail + 1].line == atoms[tail].line and (
            (atoms[tail + 1].cap and atoms[tail + 1].kind == "word") or atoms[tail + 1].text == "-"
            or (atoms[tail + 1].lowered in PARTICLES and tail + 2 < n and atoms[tail + 2].text == "-")):
            tail += 1
    return tail
