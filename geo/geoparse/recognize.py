"""Recognition: which capitalised spans of an article name places.

No statistical model can be installed here, so recognition works the way a careful reader
does: every span the gazetteer knows is a candidate, and the evidence around it keeps or drops
it. The evidence, cheapest first:

* organisations and outlets: a place inside "The Washington Post" or "Syrian Observatory for
  Human Rights" is part of a name; one heading an institution's or facility's name ("the Texas
  Department of Transportation", "Paris Public Library") is kept, marked ``embedded_in`` that
  name: it tells where the story is, but nothing happens at it;
* people: titles ("Lt. Col."), a first name before the word ("Steve Warren"), speech
  ("Watts said", "told Hashimi"), appositions ("Abu Sara, an engineer"), and a word once seen
  as a person's name is a person everywhere in the article, unless the article also writes it
  as a place (:mod:`geo.geoparse.people`);
* ordinary words: a capital at a sentence or headline start proves nothing, and a word the
  article also writes in lower case is an ordinary word;
* demonyms ("Syrian", "Iraqi") set the country context but are not places;
* country abbreviations ("U.S.") in war reporting name an actor unless a locative preposition
  governs them ("in the U.S."), and agentive compounds ("U.S.-led", "Turkish-backed") never
  name a place;
* a country or capital that speaks or decides ("The United States estimates", "Ankara would
  not allow") stands for its government (metonymy);
* a known name inside a longer capitalised name the gazetteer does not hold ("Maamoun
  Abdulkarim", "Bustan al-Qasr") is part of that name, not the place.

Which of the kept mentions are believable once resolved (a hamlet named without any locational
cue, a namesake the sentence's qualifier contradicts) is decided in :mod:`geo.geoparse.resolve`.

Everything here is linear in the length of the text: one tokenisation, one left-to-right scan
with at most ``max_name_tokens`` gazetteer lookups per capitalised word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from geo.gazetteer.regions import REGION_NAMES
from geo.gazetteer.sources import read_curated
from geo.geoparse.estimate import estimated_mentions, site_mentions
from geo.geoparse.mentions import PlaceSpan, Recognition, control_after
from geo.geoparse.people import SPEECH_VERBS, country_named, major_place, people
from geo.geoparse.tokens import (
    PARTICLES,
    Atom,
    GazetteerLike,
    atom_at,
    atoms_spelt,
    atoms_where,
    joined,
    spelling_index,
    tokenize,
)
from geo.geoparse.words import WordLists, home_groups, word_lists

__all__ = ["PARTICLES", "Atom", "GazetteerLike", "PlaceSpan", "Recognition", "recognize", "tokenize"]

#: Lower-case words allowed inside an organisation's name ("Syrian Observatory for Human Rights").
RUN_CONNECTORS = frozenset("of for the and".split()) | PARTICLES

_CONTRACTION = re.compile(r"['’](?:re|ll|ve|d|m|t)$|n['’]t$", re.I)
_PLACE_NOUNS = frozenset(
    "town city village villages province governorate district region area suburb suburbs "
    "outskirts capital border edge vicinity countryside port island".split()
)
#: verbs whose subject is an actor: a country or capital there stands for its government
_ACTOR_VERBS = SPEECH_VERBS | frozenset(
    "estimates estimated believes believed accused agreed urged vowed demanded condemned "
    "welcomed rejected insists pledged promised threatened allow allows allowed accept "
    "accepts tolerate oppose opposes opposed support supports supported want wants wanted "
    "refuse refuses refused respond responded retaliate retaliated agree agrees insist "
    "demand demands decided decide sent sends deployed concerned alarmed worried pleased "
    "ready prepared determined committed".split()
)
_QUOTES = frozenset("\"'“”‘’«»")
_AUXILIARIES = frozenset(
    "has have had also is was now again would will could can cannot must may might should "
    "not never also still did does do".split()
)
#: lower-case nouns after a name that make it an organisation's ("the Amaq news agency",
#: "the Shammar tribe")
_ORG_NOUNS_AFTER = frozenset(
    "news agency newspaper magazine brigade brigades battalion militia tribe clan family "
    "tribes clans tribesmen clansmen "
    "university airline airways channel broadcaster website".split()
)
#: a sect or people between a name and the noun that makes it an organisation's ("the Jubur
#: Sunni tribesmen", "the Shammar Arab tribe")
_SECT_BETWEEN = frozenset("Sunni Shiite Shia Shi'ite Arab Kurdish Turkmen Turkoman Bedouin".split())
#: verbs whose object is a place in war reporting ("recaptured Hit", "stormed Tabqa")
_CONTROL_VERBS = frozenset(
    "captured recaptured retook retaken seized liberated entered stormed besieged encircled "
    "surrounded shelled bombed overran overrun took taken controls controlled hold holds held "
    "reached attacked defended evacuated fled left abandoned "
    # the present tense of headlines ("Army Retakes Safita", "Rebels Shell Qardaha")
    "captures recaptures retakes seizes liberates enters storms besieges encircles surrounds "
    "shells bombs overruns takes reaches defends evacuates flees abandons "
    "capture recapture retake seize liberate enter storm besiege encircle surround "
    "shell bomb overrun reach defend evacuate flee abandon".split()
)
_LOCATIVE = frozenset(
    "in to from into inside across throughout at within toward towards outside".split()
)
_AGENTIVE = frozenset(
    "led backed funded sponsored allied trained supported brokered armed aligned affiliated "
    "friendly bombed made loyal".split()
)
#: Country abbreviations that the gazetteer's name index does not hold as such.
COUNTRY_ABBREVIATIONS = {
    "U.S.": "US", "US": "US", "USA": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB",
    "UAE": "AE", "U.A.E.": "AE", "KSA": "SA",
}


# --------------------------------------------------------------------------------------------
# recognition

#: why a gazetteer name was set aside as a piece of a longer capitalised name
LONGER_NAME = "part of a longer name"


def recognize(text: str, gz: GazetteerLike, words: WordLists | None = None) -> Recognition:
    """Find the place mentions of ``text`` and the evidence around them."""
    words = words or word_lists()
    atoms = tokenize(text)
    # each spelling tested once: a text repeats its words
    lower_words = {w for w, at in spelling_index(atoms).items() if atoms[at[0]].kind == "word" and w.islower()}
    orgs = _organisations(text, atoms, words)
    org = orgs.atoms
    persons, person_atoms = people(text, atoms, words, gz, org)
    rec = Recognition(atoms=atoms, mentions=[], persons=persons)
    _demonym_votes(atoms, gz, rec)
    _home_group_votes(text, rec)
    scanned = _scan(text, atoms, gz)
    _withdraw_votes_inside_names(atoms, scanned, rec)
    neighbours = ({x.i: x for x in scanned}, {x.j: x for x in scanned})
    for mention in scanned:
        mention.dropped = _drop_reason(text, atoms, mention, gz, words, orgs, persons,
                                       person_atoms, lower_words, neighbours)
        if mention.dropped and _party_home(text, mention):
            mention.dropped = None  # "Sen. Robert Roe, D-Charleston": no part of his name
        if mention.dropped in (METONYMY_ACTING, METONYMY_OFFICE):
            # "Washington condemned", "Russia's ambassador": the place is named (news gold
            # counts it), but as its government: marked, so that no event happens there
            mention.dropped, mention.stands_for = None, "government"
        if mention.dropped == ORGANISATION and not _ordinary_word(atoms, mention, gz, words, lower_words):
            _embed(text, atoms, mention, orgs, gz, lambda m: _drop_reason(
                text, atoms, m, gz, words, _NO_ORGANISATIONS, persons, person_atoms, lower_words,
                neighbours))
    kept = [m for m in scanned if not m.dropped]
    starts = {m.i for m in kept}
    ends = {m.j for m in kept}
    for mention in kept:
        if mention.embedded_in is not None:
            continue  # inside a longer name by definition: the name is the institution's
        mention.dropped = _longer_name(text, atoms, mention, words, starts, ends) or \
            _generic_part(atoms, mention, words, starts)
    for mention in scanned:
        (rec.dropped if mention.dropped else rec.mentions).append(mention)
        if mention.dropped == LONGER_NAME and _ends_longer_name(text, atoms, mention):
            rec.name_ends.add(mention.text)

    blocked = set(org) | person_atoms
    for mention in scanned:
        # a gazetteer name inside a longer unknown one ("Albu Ali" of "Albu Ali Jassim")
        # leaves the longer name free for the text to locate
        if mention.dropped != LONGER_NAME:
            blocked.update(range(mention.i, mention.j + 1))
    respelled = _respelled_mentions(text, atoms, blocked, words, gz)
    rec.mentions.extend(respelled)
    blocked.update(m.i for m in respelled)
    rec.mentions.extend(estimated_mentions(text, atoms, rec.mentions, blocked, words, gz))
    sites = site_mentions(text, atoms, rec.mentions)
    if sites:
        # "the Nour market in Adil": the market is the place, not a namesake of "Nour"
        covered = {m.i for m in sites}
        rec.mentions = [m for m in rec.mentions if m.i not in covered or m.kind == "estimated"] + sites
    rec.mentions.extend(_capital_mentions(text, atoms, gz))
    divisions = _division_after_town(text, atoms, rec.mentions, gz)
    if divisions:
        # "Wichita, Kan.": the state, not the bare word "Kan" the scan took for a name, nor a
        # name the scan ran into it ("D-W" of "D-W. Va.")
        divisions = _outermost(divisions)
        rec.mentions = [m for m in rec.mentions if not any(_overlap(m, d) for d in divisions)] + divisions
    rec.mentions.sort(key=lambda m: m.start)
    return rec

#: words before a misspelt name that show a place is meant ("south of Damacsus")
_RESPELL_CUES = frozenset("in of near from to into outside around toward towards across inside".split())


def _respelled_mentions(text: str, atoms: list[Atom], blocked: set[int], words: WordLists,
                        gz: GazetteerLike) -> list[PlaceSpan]:
    """Typos of large places' names ("Damacsus", "Baghadd"): a lone capitalised word that no
    entry carries, after a locational preposition, one letter from the name of a city of
    100,000 people or more (see ``Gazetteer.respelled``). Resolution scores such a mention as a
    loose match, so a city in a country the article does not point to is not believed."""
    respell = getattr(gz, "respelled", None)  # stand-in gazetteers of tests may lack it
    if respell is None:
        return []
    out = []
    for k in atoms_where(atoms, _capitalised_word):
        a = atoms[k]
        if k == 0 or k in blocked or a.allcaps or a.headline or a.initial or a.demonym:
            continue  # "Israeli" is one letter from Israel, but names no place
        if atoms[k - 1].text not in _RESPELL_CUES or _joined_cap(text, atoms, k) \
                or (k + 1 < len(atoms) and atoms[k + 1].kind == "poss"):
            continue
        low = a.lowered
        if low in words.common_words or low in words.never_places or a.text in words.first_names:
            continue
        name = respell(a.text)
        if name:
            out.append(PlaceSpan(a.start, a.end, a.text, k, k, query=name, respelled=True))
    return out


#: words before a name the gazetteer lacks that show a place is meant ("in al-Qsiba"). Not the
#: verbs of attack or control ("struck al-X") nor a bearing after the name ("al-X south of Y"):
#: war news puts a faction there as often as a place, and a faction's name spelt like a
#: village's consonants ("struck Nusra", "Nusra east of Tell Qasra") became that village
_UNPLACED_CUES = frozenset("in near into outside around toward towards inside at between".split())
#: words after such a name that say it is a place ("Al-Zuwayriyya town"), or a site named after
#: one ("the Zuwayriyya silos")
_UNPLACED_TYPE_WORDS = frozenset(
    "town village city area hills hill district neighbourhood neighborhood silos farms".split())
#: the Arabic article written before a name with a hyphen ("al-", "Al-", "el-", "as-")
_ARTICLE_PARTICLES = frozenset("al el ad ar as ash at az an ed er es ez".split())
UNPLACED_MIN_LETTERS = 4


def unplaced_names(text: str, atoms: list[Atom], covered: set[int], words: WordLists) -> list[PlaceSpan]:
    """One-word names no entry carries, in a place's position: after a locational preposition
    ("in al-Qsiba") or before a settlement noun ("Al-Zuwayriyya town"), with the article
    written before them. Not mentions of the recognition: the caller looks them up otherwise
    (:meth:`geo.gazetteer.index.Gazetteer.transliterations`) where the text's country allows.

    ``covered``: atoms of the names already found or set aside (places, people, organisations)."""
    out = []
    n = len(atoms)
    for k in atoms_where(atoms, _capitalised_word):
        a = atoms[k]
        if k == 0 or k in covered or a.allcaps or a.headline or a.initial \
                or a.demonym or len(a.lowered) < UNPLACED_MIN_LETTERS:
            continue
        low = a.lowered
        if low in words.common_words or low in words.never_places or a.text in words.first_names:
            continue
        start = k
        if k >= 2 and atoms[k - 1].text == "-" and atoms[k - 2].lowered in _ARTICLE_PARTICLES \
                and atoms[k - 2].end == atoms[k - 1].start and atoms[k - 1].end == a.start:
            start = k - 2
        after = atoms[k + 1] if k + 1 < n else None
        if after is not None and (after.kind == "poss" or (after.cap and joined(text, a, after))):
            continue  # "Aleppo's", or a longer name
        if start > 0 and _side_of_divided_village(text, atoms[start - 1], atoms[start]):
            start -= 1  # "Western al-Qsiba": the part of a divided village (unplaced_queries)
        elif start > 0 and atoms[start - 1].cap and joined(text, atoms[start - 1], atoms[start]):
            continue
        cued = start > 0 and atoms[start - 1].lowered in _UNPLACED_CUES
        typed = after is not None and after.lowered in _UNPLACED_TYPE_WORDS
        if cued or typed:
            out.append(PlaceSpan(atoms[start].start, a.end, text[atoms[start].start:a.end], start, k, cue=True))
    return out


def _side_of_divided_village(text: str, leader: Atom, name: Atom) -> bool:
    """Is ``leader`` a capitalised side ("Western", "Upper") written before ``name``, naming a
    part of a divided village? Lower-case ("in western al-Qsiba town") is a side of the
    village, which the bare name places: its Arabic forms would find nothing there."""
    return leader.cap and leader.lowered in _DIRECTION_LEADERS and joined(text, leader, name)


def _joined_cap(text: str, atoms: list[Atom], k: int) -> bool:
    """Is atom ``k`` part of a longer capitalised name (a capitalised word joined on either side)?"""
    return any(0 <= q < len(atoms) and atoms[q].cap and joined(text, atoms[min(q, k)], atoms[max(q, k)])
               for q in (k - 1, k + 1))


def _scan(text: str, atoms: list[Atom], gz: GazetteerLike) -> list[PlaceSpan]:
    """Longest gazetteer names starting at capitalised words, left to right."""
    out: list[PlaceSpan] = []
    max_atoms = max(1, gz.max_name_tokens) * 2 + 1  # hyphens are atoms of their own
    n = len(atoms)
    resume = 0  # the atom after the last name taken
    # whether a phrase is a gazetteer or region name, asked once per spelling: a text repeats
    # its names, and most capitalised words ("The", "Islamic") are asked at every occurrence
    named: dict[str, bool] = {}
    for k in _openings(atoms):
        if k < resume:
            continue
        a = atoms[k]
        startable = (a.cap and a.kind in ("word", "abbr")) or (
            a.kind == "word" and a.lowered in PARTICLES and k + 2 < n
            and atoms[k + 1].text == "-" and atoms[k + 2].cap
        )
        if not startable or a.text in COUNTRY_ABBREVIATIONS:
            if a.text in COUNTRY_ABBREVIATIONS:
                out.append(PlaceSpan(a.start, a.end, a.text, k, k, kind="abbr"))
            continue
        best = _region_phrase(text, atoms, k) if a.lowered in _REGION_FIRST_WORDS else None
        connected = False  # a connector or a possessive joins the words read so far
        for j in range(k, min(n, k + max_atoms)):
            b = atoms[j]
            if j > k:
                prev = atoms[j - 1]
                if not joined(text, prev, b):
                    break
                if b.kind == "punct" and b.text not in "-" and not _abbreviation_dot(text, atoms, j):
                    break
                if b.kind == "num":
                    break
                # "Cox's Bazar", "Bay of Bengal", "Newcastle upon Tyne": a possessive or a
                # lower-case connector may continue a name; only a gazetteer name ending at a
                # later capitalised word takes it in: a country's possessive before its town stays
                # two names ("Oxford and Cambridge": no name opens so, and the scan stops there)
                if b.kind == "poss":
                    if not (j + 1 < n and atoms[j + 1].cap and joined(text, b, atoms[j + 1])
                            and gz.opens_name(text[a.start:b.end])):
                        break
                    connected = True
                if b.kind == "word" and not b.text[0].isupper() and b.lowered not in PARTICLES:
                    if b.lowered not in _PLACE_NAME_CONNECTORS or not gz.opens_name(text[a.start:b.end]):
                        break
                    connected = True
            if b.cap and b.kind in ("word", "abbr"):
                phrase = text[a.start:b.end]
                is_named = named.get(phrase)
                if is_named is None:
                    is_named = named[phrase] = gz.is_name(phrase) or " ".join(phrase.lower().split()) in REGION_NAMES
                    if is_named and connected:
                        # a building's name ("the Great Mosque of al-Nuri") is where something
                        # stands, not a place the story is in: the connector joins only places
                        is_named = named[phrase] = any(c.feature_class != "S" for c in gz.candidates(phrase, limit=3))
                if is_named and (best is None or j > best):
                    best = j
                # "the Tishrin dam", "Sinjar mountains": the type word in lower case
                nxt = atoms[j + 1] if j + 1 < n else None
                if nxt is not None and nxt.text in _LOWER_TYPE_WORDS and joined(text, b, nxt) \
                        and gz.is_name(text[a.start:nxt.end]) and (best is None or j + 1 > best):
                    best = j + 1
        if a.lowered in _NAME_LEADERS and (best is None or best == k):
            led = _led_name(text, atoms, k, gz)
            if led is not None:
                out.append(led)
                resume = led.j + 1
                continue
        if a.lowered in _DIRECTION_LEADERS and (best is None or best == k):
            directed = _directed_name(text, atoms, k, gz)
            if directed is not None:
                out.append(directed)
                resume = directed.j + 1
                continue
        if best is None:
            continue
        first = k
        if a.text in ("The", "the") and best > k:
            # "The United States", "The Amaq": the article is no part of the name (the
            # gazetteer's folding drops it, so the rest is still a name)
            first = k + 1
            if not gz.is_name(text[atoms[first].start:atoms[best].end]):
                continue
        s0 = atoms[first].start
        facility = _facility(text, atoms, first, best, gz)
        if facility is not None:
            end, query = facility
            out.append(PlaceSpan(s0, atoms[end].end, text[s0:atoms[end].end], first, end, query=query))
            resume = end + 1
            continue
        out.append(PlaceSpan(s0, atoms[best].end, text[s0:atoms[best].end], first, best))
        resume = best + 1
    return out


def _openings(atoms: list[Atom]) -> list[int]:
    """The atoms a name may start at: capitalised words (country abbreviations among them) and
    particles ("al-Bab"). Testing them first spares the scan most of a text's atoms."""
    return atoms_where(atoms, _may_open_name)


def _may_open_name(a: Atom) -> bool:
    return a.cap or (a.kind == "word" and a.lowered in PARTICLES)


def _capitalised_word(a: Atom) -> bool:
    return a.cap and a.kind == "word"


#: abbreviated first words of place names that news writes with a dot ("St. Louis", "Mt.
#: Pleasant", "Ft. Worth", "Pt. Pleasant"): the dot is part of the name, not a sentence end
_NAME_ABBREVIATIONS = frozenset("st mt ft pt ste".split())


def _abbreviation_dot(text: str, atoms: list[Atom], j: int) -> bool:
    """Is atom ``j`` the dot of an abbreviated name word ("St." of "St. Cloud"), written right
    after it and followed by a capitalised word of the same name?"""
    if atoms[j].text != "." or j == 0 or j + 1 >= len(atoms):
        return False
    word, nxt = atoms[j - 1], atoms[j + 1]
    return (word.kind == "word" and word.cap and word.lowered in _NAME_ABBREVIATIONS
            and word.end == atoms[j].start and nxt.cap and nxt.kind == "word"
            and joined(text, atoms[j], nxt))


#: words after a place name that make a facility named after it ("Mosul airport", "Abu
#: al-Qusur Military Airbase"), each with the last word's forms the gazetteer may hold it under
_FACILITY_WORDS = {"airport": "Airport", "airbase": "Airbase", "airfield": "Airfield",
                   "base": "Base"}
_FACILITY_FORMS = ("{} Airbase", "{} Air Base", "{} Airport", "{} International Airport",
                   "{} Airfield")
_FACILITY_QUALIFIERS = frozenset(("military", "international", "air"))


def _facility(text: str, atoms: list[Atom], first: int, last: int,
              gz: GazetteerLike) -> tuple[int, str] | None:
    """'Mosul airport', 'Tabqa Military Airport': the airfield named after a place, when the
    gazetteer holds it (as written or as "<place> Airbase/Airport"): the last atom of the
    whole name and the form to look up. The town and its airfield lie apart (Tabqa's is 6 km
    out, Mosul's in its south), and wire copy names the airfield as a place of its own."""
    end = last + 1
    while end < len(atoms) and atoms[end].lowered in _FACILITY_QUALIFIERS \
            and joined(text, atoms[end - 1], atoms[end]):
        end += 1
    if end >= len(atoms) or atoms[end].lowered not in _FACILITY_WORDS \
            or not joined(text, atoms[end - 1], atoms[end]):
        return None
    if atoms[end].lowered == "base" and atoms[end - 1].lowered != "air":
        return None  # "Mosul base" is no name; "al-Asad Air Base" is
    place = text[atoms[first].start:atoms[last].end]
    written = text[atoms[first].start:atoms[end].end]
    for form in (written, *(f.format(place) for f in _FACILITY_FORMS)):
        if gz.is_name(form):
            return end, form
    return None


_REGION_FIRST_WORDS = frozenset(name.split()[0] for name in REGION_NAMES)

#: generic words that make a name with the capitalised words after them, like "Mount" ("Tal
#: Nasr", "New Qasra", "Camp Hamza", "River Tigris"), with the forms the gazetteer may hold the
#: whole under ({} is the rest). Neither part alone is the place meant.
_NAME_LEADERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("tal", "tall", "tell", "tel", "wadi", "new", "camp"), ()),
    "river": ("{} River", "{}"), "lake": ("Lake {}", "{} Lake"),
    **dict.fromkeys(("jabal", "jebel", "mount"), ("Mount {}", "Jabal {}", "{} Mountains", "{} Mountain")),
}
#: of those, the ones that are also ordinary words, taken as leaders only mid-sentence
#: ("New clashes", "River crossings" open sentences)
_COMMON_LEADERS = frozenset(("new", "camp", "river", "lake"))


#: "Western Kafr Tal", "Upper Mazraat Nur": English writes the part of a divided village with an
#: adjective before its name, the gazetteers of Syria and Iraq romanise the Arabic, where the
#: adjective follows in either gender, with or without its article, which takes the first
#: letter of a "sun letter" word ("Kafr Tal al Gharbiyah", "Huwayjat Sahl ash Sharqi",
#: "Mazraat Nur Fawqani"); {} is the name after the adjective
#: at most this many words of the name after the adjective are tried
DIRECTED_NAME_WORDS = 3
_DIRECTION_LEADERS: dict[str, tuple[str, ...]] = {
    word: tuple(form for arabic in forms for form in (f"{{}} {article} {arabic}", f"{{}} {arabic}"))
    for word, (article, forms) in {
        "western": ("al", ("Gharbiyah", "Gharbi")), "eastern": ("ash", ("Sharqiyah", "Sharqi")),
        "northern": ("ash", ("Shamaliyah", "Shamali")), "southern": ("al", ("Janubiyah", "Janubi")),
        "upper": ("al", ("Fawqani", "Fawqaniyah", "Fawqa")),
        "lower": ("at", ("Tahtani", "Tahtaniyah", "Tahta")),
    }.items()
}


def unplaced_queries(name: str) -> tuple[str, ...]:
    """The spellings to look up an unplaced name by (:func:`unplaced_names`): the name, or for
    the part of a divided village ("Western al-Qsiba") the Arabic forms of that part only: the
    bare name may be another village of the same consonants anywhere in the country."""
    side, _, rest = name.partition(" ")
    forms = _DIRECTION_LEADERS.get(side.lower())
    return tuple(f.format(rest) for f in forms) if forms and rest else (name,)


def _directed_name(text: str, atoms: list[Atom], k: int, gz: GazetteerLike) -> PlaceSpan | None:
    """'Western Kafr Tal', 'Upper Mazraat Nur', 'Eastern Kafr Nasih': the adjective and the name after
    it as one place, when the gazetteer holds that part of the village under its Arabic form (the
    longest such name); else None (the adjective is then only a direction: "Western Aleppo")."""
    if atoms[k].headline:
        return None
    ends: list[int] = []
    end = k
    while end + 1 < len(atoms) and len(ends) < DIRECTED_NAME_WORDS and joined(text, atoms[end], atoms[end + 1]):
        nxt = end + 1
        if atoms[nxt].kind == "word" and atoms[nxt].lowered in PARTICLES and nxt + 2 < len(atoms) \
                and atoms[nxt + 1].text == "-" and joined(text, atoms[nxt], atoms[nxt + 1]) \
                and joined(text, atoms[nxt + 1], atoms[nxt + 2]):
            nxt += 2  # "Western al-Huwayjah"
        if not (atoms[nxt].cap and atoms[nxt].kind == "word"):
            break
        end = nxt
        ends.append(end)
    forms = _DIRECTION_LEADERS[atoms[k].lowered]
    for end in reversed(ends):
        rest = text[atoms[k + 1].start:atoms[end].end]
        query = next((f.format(rest) for f in forms if gz.is_name(f.format(rest))), None)
        if query is not None:
            return PlaceSpan(atoms[k].start, atoms[end].end, text[atoms[k].start:atoms[end].end], k, end, query=query)
    return None


def _led_name(text: str, atoms: list[Atom], k: int, gz: GazetteerLike) -> PlaceSpan | None:
    """'Tal Nasr', 'New Qasra', 'River Tigris': the generic at ``k`` and the capitalised words
    after it as one name, looked up as written or in a form the gazetteer holds."""
    lead = atoms[k]
    if lead.headline or (lead.initial and lead.lowered in _COMMON_LEADERS):
        return None
    if k and atoms[k - 1].cap and joined(text, atoms[k - 1], lead):
        return None  # "Paris New Generation Church": inside a longer name
    end = k
    n = len(atoms)
    while end + 1 < n and joined(text, atoms[end], atoms[end + 1]) and end - k < 6:
        nxt = atoms[end + 1]
        if nxt.cap and nxt.kind == "word" and not nxt.demonym \
                and nxt.lowered not in _NAME_NEIGHBOURS:
            end += 1
        elif nxt.text == "-" and end + 2 < n and atoms[end + 2].kind == "word" \
                and joined(text, nxt, atoms[end + 2]):
            end += 2
        elif nxt.kind == "word" and nxt.lowered in PARTICLES and end + 2 < n \
                and (atoms[end + 2].cap or atoms[end + 2].text == "-"):
            end += 1
        else:
            break
    if end == k or not atoms[end].cap:
        return None
    phrase = text[lead.start:atoms[end].end]
    query = None
    if not gz.is_name(phrase):
        rest = text[atoms[k + 1].start:atoms[end].end]
        query = next((f.format(rest) for f in _NAME_LEADERS[lead.lowered]
                      if gz.is_name(f.format(rest))), None)
    return PlaceSpan(lead.start, atoms[end].end, phrase, k, end, query=query)


#: lower-case words inside multi-word place names ("Gulf of Aden", "Republic of the Congo",
#: "Kingston upon Hull", "Trinidad and Tobago", "Southend-on-Sea")
_PLACE_NAME_CONNECTORS = frozenset("of the upon on and".split())

#: lower-case type words that complete a feature's name ("the Tishrin dam"). Not "river": a
#: river's bare name already names the river ("the Tigris river" is the Tigris, written so
#: only to say what it is), while "the Mosul dam" is not Mosul; the word after the name
#: still tells the resolver a river is meant (geo.geoparse.context)
_LOWER_TYPE_WORDS = frozenset("dam mountain mountains lake valley basin desert plain plains".split())

def _region_phrase(text: str, atoms: list[Atom], k: int) -> int | None:
    """'the Euphrates river valley': a curated region whose name ends in lower-case words."""
    if atoms[k].lowered not in _REGION_FIRST_WORDS:
        return None
    for j in range(min(len(atoms) - 1, k + 4), k, -1):
        if not all(joined(text, atoms[x], atoms[x + 1]) and atoms[x + 1].kind == "word"
                   for x in range(k, j)):
            continue
        if " ".join(text[atoms[k].start:atoms[j].end].lower().split()) in REGION_NAMES:
            return j
    return None

#: AP abbreviations of US states that the gazetteer leaves out because they are also words or
#: names ("Ill.", "Mass.", "Wash."); after "Town," they can only be the state (AP Stylebook,
#: "state names")
_AP_WORD_LIKE_STATES = {
    "Del.": "Delaware", "Ill.": "Illinois", "Kan.": "Kansas", "Kans.": "Kansas", "La.": "Louisiana",
    "Mass.": "Massachusetts", "Miss.": "Mississippi", "Neb.": "Nebraska", "Ore.": "Oregon",
    "Wash.": "Washington State",
}
#: ", Ky.", ", W.Va.", ", S.C.", ", N.S.W.": an abbreviated division right after a town and a comma
_ABBREVIATED_DIVISION = re.compile(r",[ \t]*((?:[A-Z]\.[ ]?){2,3}|[A-Z]\.[ ]?[A-Z][a-z]{1,3}\.|[A-Z][a-z]{1,4}\.)")

#: a legislator's party and home ("Rep. Jane Roe, D-Pa.", "(R-Macon)", "DFL-Chisholm"): the
#: place after the dash is where the member is from (AP Stylebook, "party affiliation")
# The party's first letter is matched before the lookbehind (which then reads the character
# before that letter): a search would otherwise evaluate the lookbehind at every character of
# the text, and an expression that opens on a class lets the engine skip to its letters. "FL"
# only after a "D" ("DFL-").
_PARTY = r"[DRI](?<![\w.-].)(?:(?<=D)FL)?-"
_PARTY_DIVISION = re.compile(_PARTY + r"((?:[A-Z]\.[ ]?){2,3}|[A-Z]\.[ ]?[A-Z][a-z]{1,3}\.|[A-Z][a-z]{1,4}\.)")
_PARTY_HOME = re.compile(_PARTY + r"$")

#: a dotted abbreviation of one word ("Ky.", "Tenn.", "Qld."), not inside initials ("N.Va.")
_WORD_ABBREVIATION = re.compile(r"([A-Z](?<![\w.].)[a-z]{1,4}\.)")  # capital first: see _PARTY


@cache
def division_abbreviations() -> frozenset[str]:
    """The AP-style abbreviations of states and provinces the gazetteer's division table
    holds ("Ky.", "Tenn.", "Ont.", "Qld."): written with their dot anywhere, not only after a
    town ("dies in Ky. jail", "a Ga. pastor"), they name the division. The table leaves out
    those that are also words or names ("Mass.", "Ill."): those count only after a town."""
    return frozenset(a for row in read_curated("admin1.csv")
                     for a in row.get("abbreviations", "").split("|") if a)


@cache
def undotted_division_initials() -> frozenset[str]:
    """Initials of three letters or more that the division table abbreviates with dots
    ("X.Y.Z.") are written without them as often ("fires in XYZ"), and in capitals stand for
    nothing else (two letters are too often something else: a company's suffix, a team)."""
    return frozenset(a.replace(".", "") for a in division_abbreviations()
                     if re.fullmatch(r"(?:[A-Z]\.){3,}", a))


def _division_initials_in_prose(atoms: list[Atom], k: int) -> bool:
    """'houses burned in XYZ': undotted initials of a division in running text, not a word of a
    line written in capitals ("XYZ FIRES SPREAD"). (The word rules still judge initials that
    are also a word, as an exam's name is.)"""
    if atoms[k].text not in undotted_division_initials():
        return False
    return not any(0 <= x < len(atoms) and atoms[x].kind == "word" and atoms[x].allcaps
                   and len(atoms[x].text) > 1 for x in (k - 1, k + 1))


def _division_initials(atoms: list[Atom], k: int) -> bool:
    """'In B.C., snow fell', 'a campus in D.C.', 'open in S.C. today': the initials of a state or
    province the division table abbreviates so, unless a year ("300 B.C.") or a name
    ("Telefonica S.A.") comes right before them."""
    if atoms[k].text not in division_abbreviations():
        return False
    before = atoms[k - 1] if k else None
    return before is None or not (before.kind == "num" or (before.cap and not before.initial))


def _overlap(a: PlaceSpan, b: PlaceSpan) -> bool:
    return a.start < b.end and b.start < a.end


def _outermost(spans: list[PlaceSpan]) -> list[PlaceSpan]:
    """The spans no longer one covers: "W. Va." read whole, not also its "Va." as Virginia."""
    return [s for s in spans
            if not any(o is not s and _overlap(o, s) and o.end - o.start > s.end - s.start for o in spans)]


def _party_home(text: str, m: PlaceSpan) -> bool:
    """'D-Charleston': the member's home town, a place even where a person's name runs on."""
    return bool(_PARTY_HOME.search(text, max(0, m.start - 5), m.start))

def _last_atom_within(atoms: list[Atom], first: int, end: int) -> int | None:
    """The last atom from ``first`` on that ends by ``end`` (atoms follow one another: the scan
    stops at the first beyond, not at the end of the text)."""
    last = None
    for k in range(first, len(atoms)):
        if atoms[k].end > end:
            break
        last = k
    return last


def _division_after_town(text: str, atoms: list[Atom], mentions: list[PlaceSpan],
                         gz: GazetteerLike) -> list[PlaceSpan]:
    """'Bowling Green, Ky.', 'Charleston, W.Va.': the abbreviation of a state or province after
    a town (or a party: "D-Pa.") is a place, though short, dotted, or split by the tokenizer
    ("W", ".", "Va", ".")."""
    out = []
    taken = {m.start for m in mentions if m.kind != "name"}
    after_town = (_ABBREVIATED_DIVISION.match(text, m.end) for m in mentions if m.kind == "name")
    standalone = (f for f in _WORD_ABBREVIATION.finditer(text) if f[1] in division_abbreviations())
    for found in (*after_town, *_PARTY_DIVISION.finditer(text), *standalone):
        if found is None or found.start(1) in taken:
            continue
        written = found[1].rstrip()
        query = _AP_WORD_LIKE_STATES.get(written.replace(" ", ""))
        if query is None and not any(c.feature_code == "ADM1" for c in gz.candidates(written, limit=3)):
            continue
        first = atom_at(atoms, found.start(1))
        last = _last_atom_within(atoms, first, found.start(1) + len(written)) if first is not None else None
        if first is None or last is None:
            continue
        # a state or province, never the city named after it ("Kansas City, Kan.")
        out.append(PlaceSpan(found.start(1), found.start(1) + len(written), written, first, last,
                             query=query, cue=True, type_hint="admin"))
        taken.add(found.start(1))
    return out

#: last words before "<demonym> capital" that make it a group's self-declared seat, not the
#: country's capital ("its de facto Syrian capital", "their self-declared Iraqi capital")
_CLAIMED_CAPITAL = frozenset("facto declared styled proclaimed so-called self-styled".split())


def _capital_mentions(text: str, atoms: list[Atom], gz: GazetteerLike) -> list[PlaceSpan]:
    """'the Syrian capital' names a city without naming it."""
    out = []
    for k in (x - 1 for x in atoms_spelt(text, atoms, "capital") if x):
        a, b = atoms[k], atoms[k + 1]
        if a.cap and gz.demonym(a.text):
            if k + 2 < len(atoms) and atoms[k + 2].text == "," and k + 3 < len(atoms) and atoms[k + 3].cap:
                continue  # "the Syrian capital, Damascus": the name itself follows
            if k and atoms[k - 1].lowered in _CLAIMED_CAPITAL:
                continue  # "the group's de facto Syrian capital" is Raqqa, not Damascus
            out.append(PlaceSpan(a.start, b.end, text[a.start:b.end], k, k + 1, kind="capital",
                               country_hint=gz.demonym(a.text)))
    return out


# --------------------------------------------------------------------------------------------
# organisations

#: why a place inside an organisation's name is not a mention of it
ORGANISATION = "organisation"

#: organisation words of news outlets and agencies: the place in "The Washington Post" or "the
#: Dallas Morning News" is only the paper's home, and news annotators leave it out, unlike the
#: place an institution serves or stands in ("the Texas Department of Transportation", "Paris
#: Public Library", "the University of Georgia")
_OUTLET_WORDS = frozenset(
    "Beast Broadcasting Channel Chronicle Daily Economist Examiner Express Gazette Guardian "
    "Herald Images Independent Insider Journal Magazine Mail Media Monitor Network News Photo "
    "Photos Post Press Radio Review Star Sun TV Telegraph Television Times Today Tribune "
    "Wire".split()
)

class Organisations(NamedTuple):
    """Atom indices of the organisation names of a text."""

    #: every atom inside an organisation, outlet or group name
    atoms: set[int]
    #: those of institutions and facilities named by an organisation word (not outlets, not
    #: armed units, not the groups and agencies of ``org_names.txt``): their places are
    #: embedded, not dropped
    institutions: set[int]
    #: the words that make the names organisations' ("Department", "Library", "Reuters")
    naming: set[int]
    #: the atoms of the names of ``org_names.txt`` ("White House", "Islamic State")
    named: set[int]


_NO_ORGANISATIONS = Organisations(set(), set(), set(), set())


#: organisation words of armed units: the town in "the Raqqa Revolutionaries Brigade" is where
#: the fighters come from, not where the story is, and war annotators leave it out
_ARMED_UNIT_WORDS = frozenset(
    "Army Battalion Battalions Brigade Brigades Corps Division Forces Front Regiment Squadron "
    "Units Mobilisation Mobilization".split()
)
#: compass adjectives that head names ("Northeastern University") and name a village somewhere
_COMPASS_ADJECTIVES = frozenset(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern midwest "
    "midwestern".split()
)

def _organisations(text: str, atoms: list[Atom], words: WordLists) -> Organisations:
    """The organisation, outlet and group names of a text."""
    org: set[int] = set()
    institutions: set[int] = set()
    naming: set[int] = set()
    named_atoms: set[int] = set()
    run_of: dict[int, list[int]] = {}
    for run in _capital_runs(text, atoms, words):
        named_by = [k for k in run if atoms[k].text in words.org_words
                    and not _typographic(atoms[k], run[0] == k, words)]
        if named_by:
            org.update(run)
            naming.update(named_by)
            if not any(atoms[k].text in _OUTLET_WORDS or atoms[k].text in _ARMED_UNIT_WORDS
                       for k in named_by):
                institutions.update(run)
        for k in run:
            run_of[k] = run
    # Named organisations are matched on the atoms themselves, so names with numbers or
    # lower-case words ("Kurdistan 24", "Jabhat al-Nusra") match too.
    by_first = words.org_names_by_first
    for k in sorted(k for first, at in spelling_index(atoms).items() if first in by_first for k in at):
        for name in by_first[atoms[k].text]:
            if tuple(a.text for a in atoms[k:k + len(name)]) == name:
                named = set(range(k, k + len(name)))
                # the rest of the capitalised run belongs to it ("Islamic State of Iraq and
                # the Levant")
                named.update(x for x in run_of.get(k, ()) if x >= k)
                org |= named
                naming |= named
                named_atoms |= named
                institutions -= named
                break
    return Organisations(org, institutions, naming, named_atoms)

#: name quality of a candidate the text spells as the gazetteer does (exactly, or as one of its
#: other names; the bands of geo.gazetteer.rank)
_SPELLED_ALIKE = 0.97

def _spelled_as_in_gazetteer(gz: GazetteerLike, name: str) -> bool:
    return any(c.score_parts.get("name", 1.0) >= _SPELLED_ALIKE for c in gz.candidates(name, limit=3))

def _ordinary_word(atoms: list[Atom], m: PlaceSpan, gz: GazetteerLike, words: WordLists,
                   lower_words: set[str]) -> bool:
    """A one-word name that is also a given name or an everyday word ("Lee", "Central",
    "Story"): inside an organisation's name it is more likely a founder or a description
    than the place the institution serves. Not a state or big city ("the Virginia Department
    of Education")."""
    if m.i != m.j:
        return False
    word = atoms[m.i].text
    low = word.lower()
    if low in words.common_words or low in lower_words or low in _COMPASS_ADJECTIVES:
        return True
    return word in words.first_names and not major_place(gz, word)

#: lower-case words an institution's name holds ("Department of Health and Human Services")
_NAME_CONNECTORS = frozenset(("of", "for", "the", "and", "&", "-"))

def _inside_a_name(a: Atom) -> bool:
    """Not a lower-case word other than a connector ("Students at Bowling Green State
    University": the particle-like "at" ends the name)."""
    return not (a.kind == "word" and a.text.islower() and a.text not in _NAME_CONNECTORS)

def _name_around(atoms: list[Atom], m: PlaceSpan, within: set[int], naming: set[int]) -> tuple[int, int]:
    """The first and last atom of the name (atoms of ``within``) the mention lies in. Two
    names joined by "and", each with a word of ``naming`` ("the Lions Club and Arlington
    Chamber of Commerce"), are two names."""
    first, last = m.i, m.j
    while first - 1 in within and _inside_a_name(atoms[first - 1]):
        first -= 1
    while last + 1 in within and _inside_a_name(atoms[last + 1]):
        last += 1
    for k in range(first, last + 1):
        if k > last:
            break
        if atoms[k].text not in ("and", "&") or m.i <= k <= m.j:
            continue
        if any(x in naming for x in range(first, k)) and any(x in naming for x in range(k + 1, last + 1)):
            if k < m.i:
                first = k + 1
            else:
                last = k - 1
    if atoms[first].text in ("The", "the") and first < m.i:
        first += 1
    return first, last

def _in_organisation(atoms: list[Atom], m: PlaceSpan, orgs: Organisations) -> bool:
    """Inside an organisation's name. A place's own multi-word name with an organisation
    word in it ("West Bank") is no organisation unless the name goes on with another one
    ("the West Bank Health Ministry")."""
    if orgs.atoms.isdisjoint(range(m.i, m.j + 1)):
        return False
    if m.j not in orgs.atoms and m.i != m.j:
        # the place's own name runs on past the organisation's capitalised run ("the Ministry
        # of Health of the People's Republic of China": the run stops at the possessive)
        return False
    if m.i == m.j or not orgs.named.isdisjoint(range(m.i, m.j + 1)):
        return True
    first, last = _name_around(atoms, m, orgs.atoms, orgs.naming)
    return any(x in orgs.naming for x in range(first, last + 1) if not m.i <= x <= m.j)

def _embed(text: str, atoms: list[Atom], m: PlaceSpan, orgs: Organisations, gz: GazetteerLike,
           reason_outside: Callable[[PlaceSpan], str | None]) -> None:
    """Keep a place inside an institution's or facility's name as embedded ("Texas" of "the
    Texas Department of Transportation"): a reader learns the story's whereabouts from it,
    but nothing happens at it. Only a place that heads the name, or a major one later in it
    ("the University of Georgia"; not "Commerce" of "the Chamber of Commerce"), and only
    when nothing else (a person, a demonym, an ordinary word) would have dropped it outside
    the name."""
    span = range(m.i, m.j + 1)
    if not all(x in orgs.institutions for x in span) or (m.i == m.j and m.i in orgs.naming):
        return  # an outlet's or group's name; or "University" is a town somewhere, not here
    if m.j + 1 < len(atoms) and atoms[m.j + 1].text in ("-", "–") and atoms[m.j + 1].start == m.end:
        return  # "the Britain-based Syrian Observatory": the compound describes the group
    first, last = _name_around(atoms, m, orgs.atoms, orgs.naming)
    if first != m.i and (atoms[m.i - 1].text in ("and", "&") or not major_place(gz, m.text)):
        return  # "the Chamber of Commerce", "the Food and Drug Administration"
    if m.kind != "abbr" and not _spelled_as_in_gazetteer(gz, m.query or m.text):
        return  # "Boys" of "the Arlington Boys Club" only looks like Boise
    if reason_outside(m) is not None:
        return
    m.embedded_in = text[atoms[first].start:atoms[last].end]
    m.dropped = None

def _typographic(atom: Atom, opens_run: bool, words: WordLists) -> bool:
    """An organisation word capitalised only by typography: it opens the sentence ("Today
    Mosul ...") or stands in a headline ("Holds Post in Mosul")."""
    common = atom.lowered in words.common_words
    return common and (atom.headline or (opens_run and atom.initial))

def _capital_runs(text: str, atoms: list[Atom], words: WordLists) -> list[list[int]]:
    """Maximal runs of capitalised words with connectors and hyphens inside.

    A run opens at a capitalised word: only those are visited (most atoms stand in no run)."""
    runs: list[list[int]] = []
    n = len(atoms)
    resume = 0  # the atom after the last run
    for k in atoms_where(atoms, _capitalised):
        if k < resume or not _run_capital(atoms[k], words):
            continue
        run = [k]
        j = k + 1
        while j < n and joined(text, atoms[j - 1], atoms[j]) and (
                _run_capital(atoms[j], words) or _run_connector(text, atoms, j)):
            run.append(j)
            j += 1
        while not atoms[run[-1]].cap:
            run.pop()  # connectors at the end belong to no name
        runs.append(run)
        resume = j
    return runs


def _capitalised(a: Atom) -> bool:
    return a.cap


def _run_capital(a: Atom, words: WordLists) -> bool:
    """A capital that makes a name: not a common word capitalised by opening a sentence."""
    return a.cap and not (a.initial and not a.headline and a.lowered in words.common_words)


def _run_connector(text: str, atoms: list[Atom], k: int) -> bool:
    """Does atom ``k`` carry a run of capitals on: a connector, a hyphen or "&" ("Qasra Parks &
    Wildlife Department"), or a compound adjective joining the name it modifies ("Harun-based
    Qasra Observatory")?"""
    a = atoms[k]
    return (a.kind == "word" and a.lowered in RUN_CONNECTORS) \
        or (a.text in ("-", "&") and a.kind == "punct") \
        or _plural_possessive(text, atoms, k) \
        or (a.kind == "word" and atoms[k - 1].text == "-" and k + 1 < len(atoms)
            and atoms[k + 1].cap and joined(text, a, atoms[k + 1]))


def _plural_possessive(text: str, atoms: list[Atom], k: int) -> bool:
    """The apostrophe of a plural possessive inside a name ("Harlow Magistrates' Court",
    "the Farmers' Union"): it touches a word in -s and a capital follows."""
    a = atoms[k]
    return a.text in ("'", "’") and a.start == atoms[k - 1].end and atoms[k - 1].text[-1:] in ("s", "S") \
        and k + 1 < len(atoms) and atoms[k + 1].cap and joined(text, a, atoms[k + 1])


# --------------------------------------------------------------------------------------------
# filters

#: a country or capital standing for its government: kept, marked ``stands_for``
METONYMY_ACTING = "a country or capital acting or speaking (metonymy)"
METONYMY_OFFICE = "a country's office or government ('Iran's supreme leader', metonymy)"


def _org_noun_after(atoms: list[Atom], k: int) -> bool:
    """The word at ``k`` (or the one after a sect word there) makes the name before an organisation's."""
    if atoms[k].text in _ORG_NOUNS_AFTER:
        return True
    return atoms[k].text in _SECT_BETWEEN and k + 1 < len(atoms) and atoms[k + 1].text in _ORG_NOUNS_AFTER

def _drop_reason(text: str, atoms: list[Atom], m: PlaceSpan, gz: GazetteerLike, words: WordLists,
                 orgs: Organisations, persons: set[str], person_atoms: set[int],
                 lower_words: set[str],
                 neighbours: tuple[dict[int, PlaceSpan], dict[int, PlaceSpan]]) -> str | None:
    span = range(m.i, m.j + 1)
    first = atoms[m.i]
    if _in_organisation(atoms, m, orgs) and not _place_heads_office(atoms, m, orgs.atoms):
        return ORGANISATION
    if not person_atoms.isdisjoint(span) and not _named_after_owner(atoms, m, person_atoms):
        return "person"
    # (a one-word name, most names, needs no search)
    last_cap = (first if first.cap else None) if m.i == m.j else \
        next((atoms[x] for x in reversed(span) if atoms[x].cap), None)
    if last_cap is not None and last_cap.text in persons:
        return "person (named so elsewhere in the article)"
    if _agentive(text, atoms, m):
        return "agentive compound (an actor, not a place)"
    if _operation_name(atoms, m):
        return "name of a military operation ('Operation Olive Branch')"
    if _quoted_name(atoms, m) and not major_place(gz, m.text):
        return QUOTED_NAME
    if _names_of_buildings(text, atoms, m, gz):
        return "name of a building ('the Warda and Fanar shopping centers')"
    if m.j + 1 < len(atoms) and _org_noun_after(atoms, m.j + 1):
        return "organisation (named by the word after it)"
    if m.kind == "abbr":
        return _abbreviation_reason(atoms, m)
    if m.i == m.j and first.kind == "abbr" and first.text.count(".") >= 2 and not _dateline(text, atoms, m) \
            and not _division_initials(atoms, m.i):
        return "initials (an organisation or a person, not a place)"
    if first.headline and m.text.lower().replace("-", "") in _COMPASS_ADJECTIVES:
        return TITLE_CASE_WORD  # "in Northeastern Syria", "North-Western": a qualifier, not a place
    if m.i == m.j:
        reason = _word_reason(atoms, m, gz, words, lower_words, neighbours)
        if reason:
            return reason
    if first.allcaps and not _dateline(text, atoms, m) and not _shouted_place(atoms, m) \
            and not (m.i == m.j and _division_initials_in_prose(atoms, m.i)):
        return "all capitals"
    if _actor_verb_after(atoms, m) and not _locative_before(atoms, m.i) \
            and major_place(gz, m.text, countries_only=True):
        return METONYMY_ACTING
    if _possessive_office(atoms, m, words) and not _locative_before(atoms, m.i) \
            and major_place(gz, m.text, countries_only=True):
        return METONYMY_OFFICE
    return None

#: the last word of a local government's territory ("Douglas County Sheriff's Office")
_LOCAL_UNITS = frozenset("County Parish Borough".split())
#: local public services named after the place they serve ("Lexington Police", "Tuscaloosa
#: Fire Department", "Laurel Circuit Court")
_LOCAL_SERVICES = frozenset(
    "Police Sheriff Fire Jail Coroner Courthouse Detention Circuit Superior Municipal".split()
)

def _named_after_owner(atoms: list[Atom], m: PlaceSpan, person_atoms: set[int]) -> bool:
    """A place named after its owner ("Queen Anne's County", "Martha's Vineyard"): the
    person is only the possessor in the place's own name, which goes on past them."""
    return m.j not in person_atoms and any(atoms[x].kind == "poss" for x in range(m.i, m.j))


def _place_heads_office(atoms: list[Atom], m: PlaceSpan, org: set[int]) -> bool:
    """'Douglas County Sheriff's Office', 'Lexington Police Department': a county, or a place
    before a local public service, opens the office's name and is the territory it serves, a
    place in its own right (unlike 'Harvard University' or 'The Washington Post')."""
    if m.i > 0 and m.i - 1 in org and atoms[m.i - 1].lowered != "the":
        return False  # inside the name, not at its head
    return _names_local_office(atoms, m)

def _names_local_office(atoms: list[Atom], m: PlaceSpan) -> bool:
    """A county, or a place followed by a local public service ("Lexington Police")."""
    if atoms[m.j].text in _LOCAL_UNITS:
        return True
    nxt = m.j + 1
    return nxt < len(atoms) and atoms[nxt].text in _LOCAL_SERVICES

def _agentive(text: str, atoms: list[Atom], m: PlaceSpan) -> bool:
    """'U.S.-led', 'Turkish-backed', 'Iran-allied': the name stands for an actor."""
    k = m.j + 1
    return (k + 1 < len(atoms) and atoms[k].text in ("-", "–") and atoms[k].start == atoms[m.j].end
            and atoms[k + 1].lowered in _AGENTIVE)

#: plural heads after a list of names that make each name a building's or business's
_BUILDING_PLURALS = frozenset(
    "centers centres malls hospitals hotels schools restaurants stores shops buildings towers "
    "markets mosques companies factories".split())


def _names_of_buildings(text: str, atoms: list[Atom], m: PlaceSpan, gz: GazetteerLike) -> bool:
    """'the Warda and Fanar shopping centers': names joined by "and" or commas and followed
    by a plural building noun (one describing word between allowed) name buildings, each of
    them, unless one of them is a big place ("Mosul and Erbil hospitals" are the cities');
    one name before a plural ("Mansour shops") may still be the district they are in."""
    after, before = m.j + 1, m.i - 1
    if not ((after < len(atoms) and atoms[after].lowered in (",", "and"))
            or (before >= 1 and atoms[before].lowered in (",", "and"))):
        return False  # no list around the name (most names)

    def is_name(k: int) -> bool:
        return 0 <= k < len(atoms) and atoms[k].cap and atoms[k].kind == "word"

    items = [(m.i, m.j)]
    k = m.j + 1
    while k < len(atoms) and atoms[k].lowered in (",", "and") and is_name(k + 1):
        first = k + 1
        k += 2
        while is_name(k):
            k += 1
        items.append((first, k - 1))
    back = m.i - 1
    while back >= 1 and atoms[back].lowered in (",", "and") and is_name(back - 1):
        last = back - 1
        back -= 2
        while is_name(back):
            back -= 1
        items.append((back + 1, last))
    if len(items) < 2:
        return False
    word = atoms[k].lowered if k < len(atoms) else ""
    if word not in _BUILDING_PLURALS and k + 1 < len(atoms) and atoms[k].kind == "word" \
            and word.isalpha() and word == atoms[k].text:
        word = atoms[k + 1].lowered  # "shopping centers"
    return word in _BUILDING_PLURALS and not any(
        major_place(gz, text[atoms[i].start:atoms[j].end]) for i, j in items)


def _operation_name(atoms: list[Atom], m: PlaceSpan) -> bool:
    """'Operation Olive Branch', 'the "Euphrates Shield" Operation': a name beside a
    capitalised "Operation" (quotes between allowed) names the operation, not a place."""
    k = m.i - 1
    while k >= 0 and atoms[k].text in _QUOTES:
        k -= 1
    j = m.j + 1
    while j < len(atoms) and atoms[j].text in _QUOTES:
        j += 1
    return (k >= 0 and atoms[k].text == "Operation") or (j < len(atoms) and atoms[j].text == "Operation")


#: why a name inside a quoted operation's name was set aside
QUOTED_NAME = "inside the quoted name of an operation, not a place"
_OPENING_QUOTES = frozenset("\"“‘«")
_CLOSING_QUOTES = frozenset("\"”’»")
#: lower-case words a quoted name may hold ("Shield of the Euphrates", "Dawn and Storm")
_QUOTED_NAME_CONNECTORS = frozenset("of the and".split())
#: the most words read on either side of a name for the quotation marks around it
_QUOTED_NAME_REACH = 6
#: the figurative nouns armies name their operations with ("Euphrates Shield", "Olive
#: Branch", "Peace Spring", "Decisive Storm"); written here from war reporting
_OPERATION_NOUNS = frozenset(
    "shield branch spring storm dawn sword thunder wrath fury resolve volcano lightning "
    "anger sun claw lock tiger eagle hammer anvil arrow spear fist flame".split())
_OPERATION_WORDS = frozenset("operation operations offensive campaign".split())


def _quoted_name(atoms: list[Atom], m: PlaceSpan) -> bool:
    """'the "Olive Branch" factions', 'areas of the "Shield of Euphrates"': a name inside
    quotation marks that hold nothing but capitalised words (and "of", "the", "and") and
    a figurative noun, or that "operation" stands beside, names an operation, not a place.
    A place quoted alone for emphasis ('the outskirts of "Millbrook"') stays a place."""
    k = m.i - 1
    while k >= 0 and m.i - k <= _QUOTED_NAME_REACH and _inside_quoted_name(atoms[k]):
        k -= 1
    if k < 0 or atoms[k].text not in _OPENING_QUOTES:
        return False
    j = m.j + 1
    while j < len(atoms) and j - m.j <= _QUOTED_NAME_REACH and _inside_quoted_name(atoms[j]):
        j += 1
    if j >= len(atoms) or atoms[j].text not in _CLOSING_QUOTES or atoms[j].line != atoms[k].line:
        return False
    if any(a.lowered in _OPERATION_NOUNS for a in atoms[k + 1:j]):
        return True
    around = atoms[max(0, k - 3):k] + atoms[j + 1:j + 2]
    return any(a.lowered in _OPERATION_WORDS for a in around)


def _inside_quoted_name(a: Atom) -> bool:
    return (a.cap and a.kind == "word") or a.lowered in _QUOTED_NAME_CONNECTORS


def _word_reason(atoms: list[Atom], m: PlaceSpan, gz: GazetteerLike, words: WordLists,
                 lower_words: set[str],
                 neighbours: tuple[dict[int, PlaceSpan], dict[int, PlaceSpan]]) -> str | None:
    """Why a one-word name is an ordinary word, or None."""
    a = atoms[m.i]
    low = a.lowered
    if low in words.never_places:
        return "a people, faith, month, day or bare compass word"
    if low in words.titles or _multiword_title(atoms, m.i, words):
        return "title"
    if _CONTRACTION.search(a.text):
        return "contraction"
    if len(a.text) < 3 and not a.allcaps:
        return "too short"
    if gz.demonym(a.text) and not country_named(gz, a.text):
        return "demonym"
    if low in words.common_words or low in lower_words:
        if a.initial and not (control_after(atoms, m.j + 1, strict=True) and not a.headline):
            # "Hit was recaptured in April" still names the town
            return "common word at a sentence or headline start"
        if not (_locative_before(atoms, m.i) or _coordinated(atoms, m, neighbours)
                or control_after(atoms, m.j + 1, strict=True)):
            return "common word without a locative preposition or a place beside it"
    if a.headline and not _title_case_evidence(atoms, m, gz, neighbours):
        return TITLE_CASE_WORD
    return None


#: why a one-word name of a title-case line was set aside
TITLE_CASE_WORD = "capitalised only by a title-case line, with no other sign of a name"


def _title_case_evidence(atoms: list[Atom], m: PlaceSpan, gz: GazetteerLike,
                         neighbours: tuple[dict[int, PlaceSpan], dict[int, PlaceSpan]]) -> bool:
    """In a line where nearly every word is capitalised ("Rebels Shell Villages To Block
    Advance"), a capital is no sign of a name: a one-word candidate needs another one. A
    locative preposition, "of" or a control verb before it ("Troops Enter Safita", "all of
    Hugo"; "to" excepted: in title case it as often marks an infinitive), a place beside it
    ("Hugo, Oklahoma"), a country by any of its names, a big place by its own name or alias,
    or the same spelling capitalised in the text's ordinary prose."""
    if (_locative_before(atoms, m.i) and not _infinitive_to_before(atoms, m.i)) \
            or (m.i and atoms[m.i - 1].lowered == "of") or _coordinated(atoms, m, neighbours):
        return True
    text = atoms[m.i].text
    if _big_place_by_own_name(gz, text):
        return True
    return text in _prose_capitals(atoms)


def _infinitive_to_before(atoms: list[Atom], k: int) -> bool:
    p = k - 1
    return p >= 0 and atoms[p].lowered == "to"


def _big_place_by_own_name(gz: GazetteerLike, name: str) -> bool:
    """A country, a capital or a town of some size the gazetteer holds under exactly this
    name or alias (not a near spelling: "Militia" is no "Malatya"); a short alias ("Act",
    "Arm") is an abbreviation's, written in capitals when it is meant."""
    for c in gz.candidates(name, limit=3):
        exactness = c.score_parts.get("name", 1.0)
        if exactness < EXACT_ALIAS or (exactness < 1.0 and len(name) <= 3):
            continue
        if c.feature_code.startswith(("PCL", "PPLC")) or c.population >= TITLE_CASE_TOWN_POPULATION:
            return True
    return False


#: the name score of a candidate found under one of its aliases, spelt exactly (1.0: its own name)
EXACT_ALIAS = 0.97
#: a town this big named in a title-case line is meant, with or without a preposition before it
TITLE_CASE_TOWN_POPULATION = 20_000


def _prose_capitals(atoms: list[Atom]) -> frozenset[str]:
    """Capitalised words of the text's prose (neither a headline nor a sentence start): the
    spellings the text writes as names. Worked out only for a text with a title-case line,
    once per text (a list of names in title case asks for every one of them)."""
    global _PROSE_CAPITALS_MEMO
    memo = _PROSE_CAPITALS_MEMO  # one read: a tuple replaced whole, never changed
    if memo[0] is not atoms:
        memo = _PROSE_CAPITALS_MEMO = (atoms, frozenset(a.text for a in atoms if a.cap and not a.initial))
    return memo[1]


_PROSE_CAPITALS_MEMO: tuple[list[Atom] | None, frozenset[str]] = (None, frozenset())


#: capitalised words that may follow or precede a place name without making it part of
#: another name ("Anbar Province", "Mount Sinjar", "Greater Damascus")
_NAME_NEIGHBOURS = frozenset(
    "province governorate district subdistrict city town village river valley dam lake "
    "mountains mountain desert plain plains countryside region area basin mount lake greater "
    "old upper lower new north south east west northern southern eastern western central "
    "northeast northwest southeast southwest "
    # "Abu al-Qusur Military Airbase", "Baghdad International Airport": a facility named
    # after the place, which locates it
    "military international air airbase airport airfield base "
    # "the Afrin Battles", "the Hama Offensive": fighting at the place, capitalised by house
    # style or a headline
    "battle battles offensive clashes massacre siege".split()
)

def _longer_name(text: str, atoms: list[Atom], m: PlaceSpan, words: WordLists, starts: set[int],
                 ends: set[int]) -> str | None:
    """'Maamoun Abdulkarim', 'Bustan al-Qasr', 'Bashar al-Assad': a known name that is only
    part of a longer capitalised name the gazetteer does not hold (a person, a neighbourhood,
    a building) is not a mention of the place it names alone."""
    if _names_a_day(text, atoms, m, words):
        return "part of the name of a day ('Bloody Wednesday')"
    if atoms[m.i].headline:
        return None
    if _names_local_office(atoms, m) and not (m.i and m.i - 1 in ends):
        return None  # "the Henderson County Jail": the county the office serves
    nxt = m.j + 1
    if nxt < len(atoms) and joined(text, atoms[m.j], atoms[nxt]) and not _heads_portfolio_title(text, atoms, m, words) and (
        (_neighbour_word(atoms[nxt], words) and nxt not in starts)
        # "Moaz al-Kasasbeh": an Arabic article and a capitalised word continue the name
        or (atoms[nxt].lowered in PARTICLES and nxt not in starts and nxt + 2 < len(atoms)
            and atoms[nxt + 1].text == "-" and atoms[nxt + 2].cap)
        # two names side by side with nothing between them ("Bustan al-Qasr") are one
        # longer name the gazetteer does not hold, not two places
        # (a type word the gazetteer also holds, "Yarmouk Basin", makes no second name)
        or (nxt in starts and not atoms[nxt].allcaps and not atoms[m.j].allcaps
            and atoms[nxt].lowered not in _NAME_NEIGHBOURS)
    ):
        return LONGER_NAME
    prev = m.i - 1
    if prev >= 0 and joined(text, atoms[prev], atoms[m.i]) and (
        (_neighbour_word(atoms[prev], words) and not atoms[prev].initial and prev not in ends)
        # "Eid al-Adha", "Eid al-Fitr": the feast's name, whatever village shares its second
        # half (a name without the article is no part of it: "on Eid Aleppo's markets")
        or (atoms[prev].lowered in _FEAST_WORDS and atoms[prev].cap and _ARTICLE_LED.match(m.text) is not None)
        or (prev in ends and not atoms[prev].allcaps and not atoms[m.i].allcaps
            and atoms[prev].lowered not in _PART_WORDS)
    ):
        return LONGER_NAME
    return None

#: words that open the name of a religious feast ("Eid al-Adha", "Eid ul-Fitr")
_FEAST_WORDS = frozenset(("eid",))
#: a name led by the Arabic article, as a feast's second half is
_ARTICLE_LED = re.compile(r"(?:al|el|ul|ad|an|as|ash|az)[-‐]", re.I)

_WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


#: capitalised words before a place that name a part of it, though the gazetteer has a village
#: of that name somewhere ("Northeast Texas", "Western Massachusetts", "Metro Vancouver")
_PART_WORDS = _COMPASS_ADJECTIVES | frozenset("metro metropolitan greater upper lower".split())


def _names_a_day(text: str, atoms: list[Atom], m: PlaceSpan, words: WordLists) -> bool:
    """'the Bloody Wednesday', 'Black Friday': an article or an ordinary word before a weekday
    names the day of an event; a town before one is AP's dateless style ("snow on Toronto
    Saturday", "in Mosul Monday")."""
    nxt = m.j + 1
    if not (m.i == m.j and nxt < len(atoms) and atoms[nxt].text in _WEEKDAYS
            and joined(text, atoms[m.j], atoms[nxt]) and not _locative_before(atoms, m.i)):
        return False
    return (m.i > 0 and atoms[m.i - 1].lowered == "the") \
        or atoms[m.i].lowered in words.common_words


def _generic_part(atoms: list[Atom], m: PlaceSpan, words: WordLists, starts: set[int]) -> str | None:
    """'the Old City of Aleppo': a name made of ordinary words, followed by 'of' and a place,
    names a part of that place, not the namesake somewhere else."""
    k = m.j + 1
    if k < len(atoms) and atoms[k].text == "of":
        k += 1
        if k < len(atoms) and atoms[k].lowered == "the":
            k += 1
        if k in starts and all(atoms[x].lowered in words.common_words
                               for x in range(m.i, m.j + 1) if atoms[x].kind == "word"):
            return "a generic part of the place named after it"
    return None

_DETERMINERS = frozenset("a an the this that these those".split())

#: capitalised words a portfolio may take between a place and its office's title ("<Place>
#: Health Minister", "<Place> Rural Fire Service Commissioner")
_PORTFOLIO_MAX_WORDS = 3


def _heads_portfolio_title(text: str, atoms: list[Atom], m: PlaceSpan, words: WordLists) -> bool:
    """'<Place> Health Minister Jane Roe', '<Place> Education Minister': a few capitalised
    words after the place closed by a title the word lists hold (one lower-case-safe, as
    "minister *") make an office of the place, not a longer name; unless a capitalised word
    opens the name before the place ("Acme <Place> Managing Director": the firm's office)."""
    before = atoms[m.i - 1] if m.i else None
    if before is not None and before.cap and before.kind == "word" and before.lowered not in _DETERMINERS \
            and joined(text, before, atoms[m.i]):
        return False
    k = m.j + 1
    for x in range(k, min(k + _PORTFOLIO_MAX_WORDS + 1, len(atoms))):
        a = atoms[x]
        if not (a.cap and a.kind == "word"):
            return False
        if x > k and words.titles.get(a.lowered):
            return True
    return False


def _ends_longer_name(text: str, atoms: list[Atom], m: PlaceSpan) -> bool:
    """A one-word name closing a longer capitalised one ("Merrow" of "Jane Merrow"): a
    capitalised word joined before it, none after it."""
    if m.i != m.j or m.i == 0 or not atoms[m.i - 1].cap or not joined(text, atoms[m.i - 1], atoms[m.i]):
        return False
    nxt = m.j + 1
    return nxt >= len(atoms) or not (atoms[nxt].cap and joined(text, atoms[m.j], atoms[nxt]))


def _neighbour_word(a: Atom, words: WordLists) -> bool:
    """A capitalised word that would extend a name (not a demonym, type word, day, acronym)."""
    if not (a.cap and a.kind == "word") or a.allcaps or a.headline or a.demonym:
        return False
    low = a.lowered
    return low not in _NAME_NEIGHBOURS and low not in words.never_places and low not in words.titles \
        and low not in _DETERMINERS  # "An Albany man"


def _multiword_title(atoms: list[Atom], k: int, words: WordLists) -> bool:
    """'Prime Minister', 'Vice President', 'Crown Prince': the first word of a title."""
    if atoms[k].lowered not in words.title_first_words:
        return False
    for size in (2, 3):
        if k + size <= len(atoms):
            key = " ".join(a.lowered for a in atoms[k:k + size])
            if key in words.titles:
                return True
    return False

def _coordinated(atoms: list[Atom], m: PlaceSpan,
                 neighbours: tuple[dict[int, PlaceSpan], dict[int, PlaceSpan]]) -> bool:
    """'recaptured Hit and Rutba', 'Rutba, Hit and Haditha': a place beside it in a list."""
    by_start, by_end = neighbours
    after = by_start.get(m.j + 2)
    if after is not None and after is not m and not after.dropped and m.j + 1 < len(atoms) \
            and atoms[m.j + 1].lowered in (",", "and", "or"):
        return True
    before = by_end.get(m.i - 2)
    return (before is not None and before is not m and not before.dropped
            and atoms[m.i - 1].lowered in (",", "and", "or"))

def _locative_before(atoms: list[Atom], k: int) -> bool:
    """'in Hit', 'near Hit', 'the town of Hit'."""
    p = k - 1
    if p >= 0 and atoms[p].lowered == "the":
        p -= 1
    if p < 0:
        return False
    w = atoms[p].lowered
    if w in _LOCATIVE or w in ("near", "around") or w in _CONTROL_VERBS:
        return True
    return w == "of" and p >= 1 and atoms[p - 1].lowered in _PLACE_NOUNS


#: words after "<Country>'s" that make it the state rather than the land
_OFFICES = frozenset(
    "government regime leader leaders leadership supreme prime president presidency foreign "
    "defence defense interior military army navy air ambassador envoy parliament cabinet "
    "intelligence security state ruling top senior".split()
)

def _possessive_office(atoms: list[Atom], m: PlaceSpan, words: WordLists) -> bool:
    """"Iran's supreme leader", "Turkey's foreign minister", "Syria's government"."""
    k = m.j + 1
    if k + 1 >= len(atoms) or atoms[k].kind != "poss":
        return False
    w = atoms[k + 1].lowered
    return w in _OFFICES or w in words.titles

def _actor_verb_after(atoms: list[Atom], m: PlaceSpan) -> bool:
    """'The United States estimates', 'Turkey has warned', 'Ankara said'."""
    k = m.j + 1
    while k < len(atoms) and (atoms[k].lowered in _AUXILIARIES or atoms[k].text in _QUOTES
                              or (atoms[k].text.endswith("ly") and atoms[k].text.islower())):
        k += 1
    return k < len(atoms) and atoms[k].lowered in _ACTOR_VERBS

#: words after a country abbreviation that make it the state's armed or diplomatic arm, war
#: reporting's actor rather than a place ("U.S. aircraft", "US envoy", "US Central Command",
#: "U.S.-forces"); in other positions ("the U.S. Food and Drug Administration", "no one in the
#: U.S. has died", "U.S. beef imports") general news names the country as a place
_ACTOR_NOUNS_AFTER = frozenset(
    "military forces force troops soldiers army navy marines aircraft airstrike airstrikes "
    "air strike strikes warplanes warplane planes jets drones drone fighters bombers advisers "
    "advisors commanders commander special envoy central command coalition occupation "
    "intelligence designated armed official officials spokesman spokeswoman diplomat "
    "diplomats".split()
)
#: "U.S. State Department": the foreign ministry, an actor
_DIPLOMATIC_AFTER = (("state", "department"),)

def _abbreviation_reason(atoms: list[Atom], m: PlaceSpan) -> str | None:
    """Why a country abbreviation ("U.S.", "UK") stands for an actor here, or None when it
    names the country: it does unless its armed or diplomatic arm follows, it is paired with a
    demonym ("U.S. and Turkish strikes"), or it speaks or decides ("the U.S. said")."""
    if _locative_before(atoms, m.i) and not _actor_noun_after(atoms, m.j):
        return None
    if _actor_noun_after(atoms, m.j):
        return "country abbreviation naming an actor (its forces or envoys)"
    if _agent_of_passive(atoms, m.i):
        return "country abbreviation naming an actor ('led by the U.S.')"
    k = m.j + 1
    if k + 1 < len(atoms) and atoms[k].lowered in ("and", "or", ",") and atoms[k + 1].demonym:
        return "country abbreviation naming an actor (paired with a demonym)"
    if k < len(atoms) and atoms[k].kind == "num":
        return "a route number ('U.S. 321'), not the country"
    if _actor_verb_after(atoms, m) or _negotiating_after(atoms, m):
        return "country abbreviation naming an actor (speaking or deciding)"
    return None

#: "the US is in talks with", "are in negotiations": a state as a party to diplomacy
_NEGOTIATIONS = frozenset("talks negotiations discussions".split())

def _negotiating_after(atoms: list[Atom], m: PlaceSpan) -> bool:
    k = m.j + 1
    while k < len(atoms) and atoms[k].lowered in _AUXILIARIES | {"are", "were", "be", "been"}:
        k += 1
    return k + 1 < len(atoms) and atoms[k].text == "in" and atoms[k + 1].lowered in _NEGOTIATIONS

def _agent_of_passive(atoms: list[Atom], i: int) -> bool:
    """'the coalition, led by the U.S.', 'backed by the US'."""
    k = i - 1
    if k >= 0 and atoms[k].lowered == "the":
        k -= 1
    return k >= 1 and atoms[k].lowered == "by" and atoms[k - 1].lowered in _AGENTIVE

def _actor_noun_after(atoms: list[Atom], j: int) -> bool:
    k = j + 1
    if k < len(atoms) and atoms[k].text in ("-", "–"):
        k += 1  # "U.S.-forces"
    if k >= len(atoms):
        return False
    word = atoms[k].lowered
    if word in _ACTOR_NOUNS_AFTER:
        return True
    following = tuple(a.lowered for a in atoms[k:k + 2])
    return following in _DIPLOMATIC_AFTER

def _shouted_place(atoms: list[Atom], m: PlaceSpan) -> bool:
    """'TWO KILLED IN BOMB BLAST IN AFRIN: SOHR': in a headline written in capitals, a name
    after a locative preposition that closes its phrase (before punctuation or the end of the
    line) is a place, as in normal case; "IN BOMB BLAST" continues with another word."""
    if not (atoms[m.i].headline and _locative_before(atoms, m.i)):
        return False
    nxt = m.j + 1
    return nxt >= len(atoms) or atoms[nxt].kind == "punct" or atoms[nxt].line != atoms[m.j].line


def _dateline(text: str, atoms: list[Atom], m: PlaceSpan) -> bool:
    """'BAGHDAD—After ...', 'MOSUL, Iraq (AP) —': capitals at a line start before a dash or comma;
    or, after a byline on the same line ('Gannett March 24, 2009 MANSFIELD -- The mayor'),
    capitals right before a dash, or before ', W.Va. —', that open no run of capitals."""
    if atoms[m.i].initial and _opens_line(text, m.start):
        rest = text[m.end:m.end + 3]
        return bool(rest) and rest.lstrip()[:1] in ("—", "–", "-", ",", "(", ":")
    if m.i and atoms[m.i - 1].allcaps:
        return False  # inside a shouting headline
    return bool(_DATELINE_DASH.match(text, m.end))


def _opens_line(text: str, pos: int) -> bool:
    """Nothing but spaces between the line's start and ``pos`` (read back only over the spaces:
    a copy of the line up to each capitalised place made a text of one long line quadratic)."""
    while pos > 0 and text[pos - 1] != "\n":
        if not text[pos - 1].isspace():
            return False
        pos -= 1
    return True


#: what follows a dateline's place inside a line: a dash, or a state or country and a dash,
#: or the agency's credit ("COLUMBUS, Ohio (AP) —", "LEXINGTON, Neb. (AP)"), maybe after the
#: date ("KOBANI, May 3 (Reuters) -") or a longer credit before a dash ("ZAKHO (Channel 8) -");
#: a hyphen counts spaced ("WESTFIELD - A 20-year-old"), not joined ("MOSUL-based")
_DATELINE_DASH = re.compile(
    r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?(?:\s\d{1,2}\b)?)?\s*"
    r"(?:\([A-Z][A-Za-z.]*\)|\([A-Z][\w. ]{1,30}\)\s*(?:--|—|–|-)|--|—|–|\s-\s)")


# --------------------------------------------------------------------------------------------
# country context

def _withdraw_votes_inside_names(atoms: list[Atom], scanned: list[PlaceSpan], rec: Recognition) -> None:
    """"British Columbia", "Indian Ocean", "New Mexican border" aside: a demonym that opens a
    longer place name is a word of that name, and says nothing of the article's country."""
    for m in scanned:
        if m.j == m.i:
            continue
        for a in atoms[m.i:m.j + 1]:
            if a.demonym:
                rec.country_votes[a.demonym] -= 1.0
                if rec.country_votes[a.demonym] <= 0:
                    del rec.country_votes[a.demonym]
                a.demonym = None


def _home_group_votes(text: str, rec: Recognition) -> None:
    """"Gunmen kill an SDF member near X": an armed group that fights in one country only
    (geo/geoparse/data/home_groups.csv) says where the report is, as a demonym does; a vote
    per mention."""
    groups = home_groups()
    for match in groups.pattern.finditer(text):
        code = groups.country(match.group())
        if code:
            rec.country_votes[code] = rec.country_votes.get(code, 0.0) + 1.0


def _demonym_votes(atoms: list[Atom], gz: GazetteerLike, rec: Recognition) -> None:
    # once per spelling, in the order spellings first occur (that of the votes' first casting)
    for spelling, at in spelling_index(atoms).items():
        if not _capitalised_word(atoms[at[0]]):
            continue
        code = gz.demonym(spelling)
        if code:
            for k in at:
                atoms[k].demonym = code
            # a vote per occurrence (whole numbers: the sum is the same in any order)
            rec.country_votes[code] = rec.country_votes.get(code, 0.0) + float(len(at))
