"""People in news text: whose names they are, so that their names are never taken for places.

Evidence, strongest first: a title before the name ("Lt. Col.", "President", "SDF spokesman"),
a first name before it ("Steve Warren"), quoted speech ('..." said Salim'), an apposition
("Clint Watts, a fellow at", "Hassan, 34,"), and speech verbs after it ("Watts said") for names
that are no major place ("Ankara said" is the Turkish government). A surname once seen as a
person's is a person everywhere in the article.
"""

from __future__ import annotations

from geo.geoparse.tokens import PARTICLES, Atom, GazetteerLike, joined
from geo.geoparse.words import WordLists
from geo.text.fold import fold

#: verbs of speech after a name ("Watts said"); countries and capitals take them too
#: ("Turkey warned"), so they count only for names that are no major place
SPEECH_VERBS = frozenset(
    "said says told tells added adds noted notes explained wrote writes stated argued argues "
    "insisted recalled tweeted posted warned asked replied acknowledged admitted claimed "
    "confirmed denied announced believes thinks".split()
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
        if nxt.cap and nxt.kind == "word":
            j += 1
        elif nxt.text == "-" and j + 2 < n and atoms[j + 2].kind == "word" and joined(text, nxt, atoms[j + 2]):
            j += 2
        elif nxt.kind == "word" and nxt.text.lower() in PARTICLES and j + 2 < n and (
            atoms[j + 2].cap or atoms[j + 2].text == "-"
        ):
            j += 1
        else:
            break
    return j

def title_before(atoms: list[Atom], k: int, words: WordLists) -> bool:
    """Is the word(s) just before atom ``k`` a title ("Lt. Col.", "President", "spokesman")?"""
    p = k - 1
    if p >= 0 and atoms[p].text == ".":
        p -= 1
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
    n = len(atoms)
    k = 0
    while k < n:
        a = atoms[k]
        if not (a.cap and a.kind == "word") or k in org or a.allcaps:
            k += 1
            continue
        if a.text.lower() in words.titles:
            k += 1  # "President Barack Obama": the title is no part of the name
            continue
        j = name_sequence(text, atoms, k)
        seq = [x for x in range(k, j + 1) if atoms[x].cap]
        # A title or a first name inside the sequence starts the person's name ("Defense
        # Secretary Ash Carter", "State John Kerry").
        for x in seq[:-1]:
            if atoms[x].text.lower() in words.titles and x + 1 <= j:
                nxt = next(y for y in seq if y > x)
                k, seq = nxt, [y for y in seq if y >= nxt]
                break
            if x > k and atoms[x].text in words.first_names:
                k, seq = x, [y for y in seq if y >= x]
                break
        evidence = _person_evidence(text, atoms, k, j, seq, words, gz)
        if evidence:
            person_atoms.update(range(k, j + 1))
            # Propagate surnames; a lone first name only when speech or a title proves it.
            for x in seq:
                t = atoms[x].text
                # "Iraq Body Count said" makes no person of Iraq everywhere else
                if (len(seq) == 1 or t not in words.first_names) and not (
                    evidence in ("speech", "apposition") and len(seq) > 1
                    and gz.is_name(t) and major_place(gz, t)
                ):
                    persons.add(t)
        k = j + 1
    return persons, person_atoms

def _person_evidence(text: str, atoms: list[Atom], k: int, j: int, seq: list[int],
                     words: WordLists, gz: GazetteerLike) -> str | None:
    first = atoms[k]
    if title_before(atoms, k, words):
        return "title"
    if len(seq) >= 2 and first.text in words.first_names and not (
        # in a headline "Jordan Says ..." is no person, but "By Tom Perry" still is
        first.headline and atoms[seq[1]].text.lower() in words.common_words
    ):
        whole = text[first.start:atoms[j].end]
        if not gz.is_name(whole) and atoms[seq[1]].text not in words.org_words:
            return "first name"
    n = len(atoms)
    after = j + 1
    if after < n and atoms[after].text == ",":
        after += 1
    nxt = atoms[after].text.lower() if after < n else ""
    prev = atoms[k - 1].text.lower() if k >= 1 else ""
    prev2 = atoms[k - 2].text.lower() if k >= 2 else ""
    before_said = atoms[k - 2].text if k >= 2 else ""
    quoted_said = prev in ("said", "says") and before_said in (",", '"', "”", "’", "'", "“")
    apposition = _apposition(atoms, j, words) or _age_apposition(atoms, j)
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
        return None
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
    k = j + 1
    if k < n and atoms[k].text == ",":
        k += 1
    if k >= n or atoms[k].text.lower() not in ("a", "an", "the", "who"):
        return False
    if atoms[k].text.lower() == "who":
        return k > j + 1  # "Raqqa, who" is not English; "Watts, who" is a person
    for x in range(k + 1, min(n, k + 6)):
        t = atoms[x].text.lower()
        if atoms[x].kind == "punct" and atoms[x].text not in "-":
            return False
        if t in _PERSON_NOUNS or (t in words.titles and words.titles[t]):
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

def country_named(gz: GazetteerLike, word: str) -> bool:
    """'Philippines' is a country's own name, though it also looks like a demonym's plural."""
    key = fold(word)
    return any(c.feature_code.startswith("PCL") and fold(c.name) == key
               for c in gz.candidates(word, limit=3))
