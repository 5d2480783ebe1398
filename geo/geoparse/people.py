"""People in news text: whose names they are, so that their names are never taken for places.

Evidence, strongest first: a title before the name ("Lt. Col.", "President", "SDF spokesman"),
a first name before it ("Steve Warren"), quoted speech ('..." said Salim'), an apposition
("Clint Watts, a fellow at", "Hassan, 34,"), and speech verbs after it ("Watts said") for names
that are no major place ("Ankara said" is the Turkish government). A surname once seen as a
person's is a person everywhere in the article, with three limits: a name right after a locative
preposition or a settlement phrase ("in Baiji, who spoke", "the outskirts of Rabia, said") starts
no person; a word the article calls a town ("the town of Dabiq") takes no speech or apposition
evidence; and speech or apposition proves only its own occurrence of a word the article also
writes as a place ("fighting inside Kobani"). "Otter Tail County said" is a county speaking.
"""

from __future__ import annotations

from geo.geoparse.tokens import PARTICLES, Atom, GazetteerLike, atoms_where, joined, spelling_index
from geo.geoparse.words import WordLists
from geo.text.fold import fold

#: verbs of speech after a name ("Watts said"); countries and capitals take them too
#: ("Turkey warned"), so they count only for names that are no major place
SPEECH_VERBS = frozenset(
    "said says told tells added adds noted notes explained wrote writes stated argued argues "
    "insisted recalled tweeted posted warned asked replied acknowledged admitted claimed "
    "confirmed denied announced believes thinks".split()
)
#: nouns of what a name said, after its possessive ("Haddad's remarks"); countries and capitals
#: take them too ("Ankara's statement"), so they count only as the speech verbs do, and a town's
#: administration speaks so as well ("Manbij's statement"): the cue proves only its own
#: occurrence, never the name elsewhere in the article
SPEECH_NOUNS = frozenset(
    "remarks statement statements declaration declarations comments speech interview tweet "
    "tweets announcement".split()
)
#: nouns of an apposition that only people take ("Abu Sara, an engineer")
_PERSON_NOUNS = frozenset(
    "engineer doctor member resident student teacher farmer soldier father mother son "
    "daughter brother sister man woman boy girl native defector veteran nurse merchant trader "
    "driver worker shopkeeper refugee pilot mercenary recruit".split()
)

def name_sequence(text: str, atoms: list[Atom], k: int) -> int:
    """Last atom of the personal-name-like sequence starting at capitalised atom ``k``."""
    j = k
    n = len(atoms)
    while j + 1 < n and joined(text, atoms[j], atoms[j + 1]):
        nxt = atoms[j + 1]
        # (the initial and the opening quote are tested first: most words are followed by neither)
        if len(nxt.text) == 1 and _middle_initial(text, atoms, j):
            j += 3  # "Franklin D. Roosevelt": the initial and its full stop are inside the name
        elif nxt.cap and nxt.kind == "word" and not (nxt.headline and nxt.lowered in _TITLE_CASE_FUNCTION_WORDS):
            j += 1
        elif nxt.text == "-" and j + 2 < n and atoms[j + 2].kind == "word" and joined(text, nxt, atoms[j + 2]):
            j += 2
        elif nxt.text in _OPENING_QUOTES and _quoted_nickname(text, atoms, j):
            j += 4  # 'Harold "Hank" Doe': the nickname and the surname are the same person's
        elif nxt.kind == "word" and nxt.lowered in PARTICLES and j + 2 < n and (
            atoms[j + 2].cap or atoms[j + 2].text == "-"
        ):
            j += 1
        else:
            break
    return j

#: words a title-case line capitalises ("Killed In Blast In Northern Syria") that no personal
#: name holds: a name read there ends before them
_TITLE_CASE_FUNCTION_WORDS = frozenset(
    "in on at to for with after as by from into near over amid against and or the a an of "
    "is are was were has have".split())

_OPENING_QUOTES = frozenset('"“‘\'')
_CLOSING_QUOTES = frozenset('"”’\'')


def _middle_initial(text: str, atoms: list[Atom], j: int) -> bool:
    """Is atom ``j`` a given name followed by a middle initial and a surname ("George W. Bush")?
    Only after a word of two letters or more, so that an abbreviation's letters ("U. S.") and
    a sentence ending in an initial stay what they are."""
    if j + 3 >= len(atoms) or len(atoms[j].text) < 2:
        return False
    initial, stop, surname = atoms[j + 1:j + 4]
    return (len(initial.text) == 1 and initial.text.isupper() and stop.text == "."
            and surname.cap and surname.kind == "word" and len(surname.text) > 1
            and joined(text, atoms[j], initial) and joined(text, initial, stop) and joined(text, stop, surname))


def _quoted_nickname(text: str, atoms: list[Atom], j: int) -> bool:
    """Is atom ``j`` a given name followed by a quoted nickname and a surname ("Bud" of
    'Jerome "Jerry" Doe')?"""
    if j + 4 >= len(atoms):
        return False
    quote, nick, close, surname = atoms[j + 1:j + 5]
    return (quote.text in _OPENING_QUOTES and close.text in _CLOSING_QUOTES
            and nick.cap and nick.kind == "word" and surname.cap and surname.kind == "word"
            and joined(text, quote, nick) and joined(text, nick, close) and joined(text, close, surname))


def _name_after_title_or_given_name(atoms: list[Atom], k: int, j: int, seq: list[int],
                                    words: WordLists) -> tuple[int, list[int]]:
    """Where the person's name starts inside a sequence of capitalised words: after a title
    ("Defense Secretary Ash Carter"), else at a given name ("State John Kerry"). The title is
    looked for first: in "North Maria Governor Jane Roe" the state before the title holds a
    given name (Maria) but is the governor's state."""
    for x in seq[:-1]:
        if atoms[x].lowered in words.titles and x + 1 <= j:
            nxt = next(y for y in seq if y > x)
            return nxt, [y for y in seq if y >= nxt]
    for x in seq[:-1]:
        if x > k and atoms[x].text in words.first_names and atoms[x - 1].text not in _OPENING_QUOTES:
            return x, [y for y in seq if y >= x]
    return k, seq


def title_before(atoms: list[Atom], k: int, words: WordLists) -> bool:
    """Is the word(s) just before atom ``k`` a title ("Lt. Col.", "President", "spokesman")?"""
    p = k - 1
    if p >= 0 and atoms[p].text == ".":
        p -= 1
    if p < 0 or atoms[p].text.rstrip(".").lower() not in words.title_last_words:
        return False  # most names follow no title: no spans to try
    for size in range(min(words.title_max_words, 3), 0, -1):
        lo = p - size + 1
        if lo < 0:
            continue
        span = atoms[lo:p + 1]
        if any(a.kind not in ("word", "abbr") for a in span):
            continue
        key = " ".join(a.text.rstrip(".").lower() for a in span)
        if key in words.titles:
            first = span[0]
            abbreviated = first.kind == "abbr" or (p + 1 < len(atoms) and atoms[p + 1].text == ".")
            if words.titles[key] or first.text[0].isupper() or abbreviated:
                return True
    return False

def people(text: str, atoms: list[Atom], words: WordLists, gz: GazetteerLike,
            org: set[int]) -> tuple[set[str], set[int]]:
    """Names of people in the article: the words to treat as people everywhere, and atoms."""
    persons: set[str] = set()
    person_atoms: set[int] = set()
    #: names proven people only by speech or an apposition, propagated at the end unless the
    #: article also writes them as a place
    spoken: set[str] = set()
    #: given names of people named in full ("Lucy Lau"): the same person when they stand alone
    given: set[str] = set()
    settlements = _settlement_names(atoms)
    n = len(atoms)
    # a name starts at a capitalised word: the others are passed over without a look
    openings = atoms_where(atoms, _may_open_person_name)
    k = 0
    for opening in openings:
        if opening < k:
            continue  # inside the last name read
        k = opening
        if k in org:
            continue
        if atoms[k].lowered in words.titles:
            continue  # "President Barack Obama": the title is no part of the name
        j = name_sequence(text, atoms, k)
        seq = [k] if j == k else [x for x in range(k, j + 1) if atoms[x].cap]  # (one word: most names)
        if len(seq) > 1 and atoms[seq[-1]].lowered in words.titles:
            # "North Maria Gov. Jane Roe", "Defense Secretary": the words before a title
            # name its office's place or department, not a person (the name follows the title)
            k = j + 1
            continue
        k, seq = _name_after_title_or_given_name(atoms, k, j, seq, words)
        if not _ADMIN_AFTER_NAME.isdisjoint([atoms[x].text for x in seq]) or (
            j + 1 < n and atoms[j + 1].text in _ADMIN_AFTER_NAME
        ):
            k = j + 1  # "Otter Tail County said": a county speaks through its officials
            continue
        evidence = _person_evidence(text, atoms, k, j, seq, words, gz)
        if evidence in _LOCAL_EVIDENCE and len(seq) == 1 and atoms[k].text in settlements:
            # "the northern Syrian town of Dabiq ... said Dabiq had fallen": a word the article
            # calls a town is the town, whatever verb follows it
            evidence = None
        if evidence:
            person_atoms.update(range(k, j + 1))
        if evidence in _FULL_NAME_EVIDENCE and len(seq) > 1 and atoms[seq[0]].text in words.first_names:
            given.add(atoms[seq[0]].text)
        if evidence and evidence not in _OWN_OCCURRENCE_EVIDENCE:
            # Propagate surnames; a lone first name only when speech or a title proves it.
            for x in seq:
                t = atoms[x].text
                # the last word is the surname even when it is also a given name ("Stephen
                # Davis", "Gary Wilson"), unless a country or big city ("George Washington")
                surname = len(seq) > 1 and x == seq[-1] and not major_place(gz, t)
                # "Iraq Body Count said" makes no person of Iraq everywhere else
                if (len(seq) == 1 or t not in words.first_names or surname) and not (
                    evidence in _LOCAL_EVIDENCE and len(seq) > 1
                    and gz.is_name(t) and major_place(gz, t)
                ):
                    (spoken if evidence in _LOCAL_EVIDENCE else persons).add(t)
        k = j + 1
    # '"...", Bekoni said' proves the word a person's wherever it stands, unless the article
    # also writes it as a place ("fighting inside Kobani, told ...", "the town of Kobani"):
    # then the speech proves only its own occurrence
    # "Lucy Lau was born ... Lucy's father said": a given name alone is the person named in
    # full, unless it is a major place or the article writes it as a place ("in Jordan")
    given = {g for g in given if not (gz.is_name(g) and major_place(gz, g))}
    # each name is judged on its own: one pass over the atoms for both sets
    written_as_place = _written_as_place(atoms, spoken | given)
    persons |= spoken - written_as_place
    persons |= given - written_as_place
    return persons, person_atoms


#: evidence that proves a person at its own occurrence only (a title or a first name before a
#: surname proves the surname wherever it stands)
_LOCAL_EVIDENCE = frozenset(("speech", "apposition"))
#: evidence that shows a person's full name: its given name alone is that person elsewhere
_FULL_NAME_EVIDENCE = frozenset(("title", "first name"))
#: evidence that proves a person at its own occurrence and nowhere else
_OWN_OCCURRENCE_EVIDENCE = frozenset(("possessive speech",))
#: words after a name that make it a local government's ("Otter Tail County", "Iberia Parish")
_ADMIN_AFTER_NAME = frozenset("County Parish Township Borough".split())
#: local services named after the town they serve: the town, not a person, speaks through them
_SERVICES_AFTER_NAME = frozenset("police sheriff fire".split())
#: words before a name that make it a place whatever follows ("reporting from the outskirts of
#: Rabia, said", "fighting inside Kobani, told", "the town of Dabiq, a ...")
_LOCATIVE_BEFORE = frozenset(
    "in inside at from into near outside around across throughout within toward towards "
    "via".split()
)
_STRICT_LOCATIVE_BEFORE = _LOCATIVE_BEFORE - {"at", "from", "toward", "towards", "around", "via"}
#: nouns before "of" that announce a place ("the town of X", "the west side of X")
_PLACE_BEFORE_OF = frozenset(
    "town towns city cities village villages hamlet settlement suburb suburbs outskirts "
    "district districts province governorate region area countryside side stronghold "
    "strongholds bastion capital heart centre center edge vicinity outskirt gates "
    "neighbourhood neighborhood neighbourhoods neighborhoods port".split()
)


#: nouns that announce a settlement's name ("the town of X")
_SETTLEMENT_NOUNS = frozenset("town towns city village villages hamlet settlement".split())


def _settlement_names(atoms: list[Atom]) -> set[str]:
    """Capitalised words the text announces as a settlement: 'the town of Dabiq'."""
    last = len(atoms) - 1
    return {atoms[k + 1].text for k in spelling_index(atoms).get("of", ())
            if 0 < k < last and atoms[k + 1].cap and atoms[k - 1].lowered in _SETTLEMENT_NOUNS}


def _may_open_person_name(a: Atom) -> bool:
    return a.cap and a.kind == "word" and not a.allcaps


def _written_as_place(atoms: list[Atom], names: set[str]) -> set[str]:
    """Those of ``names`` the text puts right after a locative preposition or a settlement
    phrase somewhere ("in Baiji", "the town of Hit"), not as a possessor ("in Walker's car")."""
    out: set[str] = set()
    index = spelling_index(atoms) if names else {}
    for k in (k for name in names for k in index.get(name, ())):  # the atoms of those names alone
        a = atoms[k]
        if a.cap and not (k + 1 < len(atoms) and atoms[k + 1].kind == "poss") \
                and (after_place_word(atoms, k, strict=True) or _taken_as_place(atoms, k)):
            out.add(a.text)
    return out


#: verbs whose object is a place ("shelled Kobani"), and nouns before "of" whose object is
#: one ("the siege of Kobani")
_PLACE_OBJECT_VERBS = frozenset(
    "captured recaptured retook retaken seized liberated stormed besieged encircled shelled "
    "overran overrun".split()
)
_PLACE_OBJECT_NOUNS = frozenset("siege fall battle liberation recapture capture".split())


def _taken_as_place(atoms: list[Atom], k: int) -> bool:
    p = k - 1
    if p >= 0 and atoms[p].lowered == "the":
        p -= 1
    w = atoms[p].lowered if p >= 0 else ""
    return w in _PLACE_OBJECT_VERBS or (
        w in ("of", "for") and p >= 1 and atoms[p - 1].lowered in _PLACE_OBJECT_NOUNS)


#: words before "of" that make the place after it someone's home ("both of", "formerly of")
_RESIDENCE_WORDS = frozenset("both all formerly late".split())


def residence_before(atoms: list[Atom], k: int) -> bool:
    """'Jane Roe of', 'Jane Roe, 42, of', 'both of': a person (a capitalised word or an age
    after a comma) or a residence word right before 'of'."""
    if k < 0:
        return False
    a = atoms[k]
    if a.text == "," and k >= 1:
        return atoms[k - 1].kind == "num" or atoms[k - 1].cap  # "Roe, 42, of", "Roe, of"
    return a.lowered in _RESIDENCE_WORDS or (a.cap and a.kind == "word" and not a.initial
                                                 and a.lowered not in _PLACE_BEFORE_OF)



def after_place_word(atoms: list[Atom], k: int, strict: bool = False) -> bool:
    """Does atom ``k`` follow a locative preposition or a settlement phrase ("in", "the town of",
    "the west side of")? A name there is a place, never a person's name.

    ``strict`` leaves out the prepositions people follow too ("a letter from", "at")."""
    p = k - 1
    if p >= 0 and atoms[p].lowered == "the":
        p -= 1
    if p < 0 or atoms[p].kind != "word":
        return False
    w = atoms[p].lowered
    if w in (_STRICT_LOCATIVE_BEFORE if strict else _LOCATIVE_BEFORE):
        return True
    if w == "of" and not strict and residence_before(atoms, p - 1):
        return True  # "John Roe, 42, of Millbrook, who ...": where he lives
    return w == "of" and p >= 1 and atoms[p - 1].lowered in _PLACE_BEFORE_OF

def _person_evidence(text: str, atoms: list[Atom], k: int, j: int, seq: list[int],
                     words: WordLists, gz: GazetteerLike) -> str | None:
    first = atoms[k]
    if title_before(atoms, k, words):
        return "title"
    if len(seq) >= 2 and first.text in words.first_names and not (
        # in a headline "Jordan Says ..." is no person, but "By Tom Perry" still is
        first.headline and atoms[seq[1]].lowered in words.common_words
    ):
        whole = text[first.start:atoms[j].end]
        if not gz.is_name(whole) and atoms[seq[1]].text not in words.org_words:
            return "first name"
    if after_place_word(atoms, k):
        return None  # "reached by phone in Baiji, who spoke", "the town of Hit, a ..."
    if j + 1 < len(atoms) and atoms[j + 1].lowered in _SERVICES_AFTER_NAME:
        return None  # "according to Millbrook police", "said Millbrook Police Capt. Roe"
    n = len(atoms)
    after = j + 1
    if after < n and atoms[after].text == ",":
        after += 1
    if after < n and atoms[after].line != atoms[j].line:
        after = n  # a headline's last word is no subject of the next line's verb
    nxt = atoms[after].lowered if after < n else ""
    prev = atoms[k - 1].lowered if k >= 1 else ""
    prev2 = atoms[k - 2].lowered if k >= 2 else ""
    before_said = atoms[k - 2].text if k >= 2 else ""
    quoted_said = prev in ("said", "says") and before_said in (",", '"', "”", "’", "'", "“")
    # both appositions open with a comma after the name: most names have none
    apposition = j + 1 < n and atoms[j + 1].text == "," and (_apposition(atoms, j, words) or _age_apposition(atoms, j))
    if quoted_said or apposition:
        # '..." said Salim', 'Salim, a farmer', 'Hassan, 34,': only people are written so,
        # whatever town shares the name; a country's own name is the one exception.
        name = text[first.start:atoms[j].end]
        if gz.is_name(name) and country_named(gz, name):
            return None
        return "apposition" if apposition else "speech"
    strong = prev in ("told", "tells", "asked") or (prev == "to" and prev2 == "according")
    weak = nxt in SPEECH_VERBS
    if not (strong or weak):
        if not _speech_noun_after(atoms, j):
            return None
        name = text[first.start:atoms[j].end]
        return None if gz.is_name(name) and _speaking_place(gz, name) else "possessive speech"
    # Countries and capitals speak through their governments ("Ankara said"): only a name
    # the gazetteer does not know as a major place is a person here.
    name = text[first.start:atoms[j].end]
    if gz.is_name(name) and major_place(gz, name):
        return None
    return "speech"

def _age_apposition(atoms: list[Atom], j: int) -> bool:
    """'Said Hassan, 34, fled Homs': a name followed by an age."""
    n = len(atoms)
    return (j + 3 < n and atoms[j + 1].text == "," and atoms[j + 2].kind == "num"
            and atoms[j + 3].text == "," and len(atoms[j + 2].text) <= 3)

def _apposition(atoms: list[Atom], j: int, words: WordLists) -> bool:
    """"Clint Watts, a fellow at ...", "Abu Sara, a 34-year-old engineer"."""
    n = len(atoms)
    k = j + 2
    # the comma is what makes an apposition ("Town of Hit⏎A man walks" is a caption after a
    # headline), and it never crosses a line
    if k >= n or atoms[j + 1].text != "," or atoms[k].line != atoms[j].line:
        return False
    if atoms[k].lowered not in ("a", "an", "the", "who"):
        return False
    if atoms[k].lowered == "who":
        return True  # "Watts, who" is a person
    for x in range(k + 1, min(n, k + 6)):
        t = atoms[x].lowered
        if atoms[x].kind == "punct" and atoms[x].text not in "-":
            return False
        if t in _PERSON_NOUNS or (words.titles.get(t)):
            return True
    return False

def major_place(gz: GazetteerLike, name: str, countries_only: bool = False) -> bool:
    """Does ``name`` (exactly, not as part of a longer name) name a country or a big city?"""
    for c in gz.candidates(name, limit=3):
        if c.score_parts.get("name", 1.0) < 0.78:
            continue  # a partial match ("Taza" -> "Tazah Khurmatu") says nothing here
        if countries_only:
            if c.feature_code.startswith(("PCL", "PPLC")):
                return True
        elif c.feature_code.startswith(("PCL", "PPLC", "PPLA", "ADM1")) or c.population >= 100_000:
            return True
    return False

#: people in a town from which its own administration speaks ("Manbij's statement")
SPEAKING_TOWN_POPULATION = 5_000


def _speaking_place(gz: GazetteerLike, name: str) -> bool:
    """A country, a capital or a town big enough to have an administration that makes
    statements: its possessive "statement" is the place's, not a person's."""
    return major_place(gz, name) or any(
        c.score_parts.get("name", 1.0) >= 0.78 and c.feature_class == "P" and c.population >= SPEAKING_TOWN_POPULATION
        for c in gz.candidates(name, limit=3))


def country_named(gz: GazetteerLike, word: str) -> bool:
    """'Philippines' is a country's own name, though it also looks like a demonym's plural."""
    key = fold(word)
    return any(c.feature_code.startswith("PCL") and fold(c.name) == key
               for c in gz.candidates(word, limit=3))


def _speech_noun_after(atoms: list[Atom], j: int) -> bool:
    """"Haddad's remarks": what the name said, after its possessive."""
    return j + 2 < len(atoms) and atoms[j + 1].kind == "poss" and atoms[j + 2].lowered in SPEECH_NOUNS
