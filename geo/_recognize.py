"""Recognition: which capitalised spans of an article name places.

No statistical model can be installed here, so recognition works the way a careful reader
does: every span the gazetteer knows is a candidate, and the evidence around it keeps or drops
it. The evidence, cheapest first:

* organisations and outlets: a place inside "Harvard University", "The Washington Post" or
  "Syrian Observatory for Human Rights" is part of a name;
* people: titles ("Lt. Col."), a first name before the word ("Steve Warren"), speech
  ("Watts said", "told Hashimi"), appositions ("Abu Sara, an engineer"), and a word once seen
  as a person's name is a person everywhere in the article;
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
cue, a namesake the sentence's qualifier contradicts) is decided in :mod:`geo._resolve`.

Everything here is linear in the length of the text: one tokenisation, one left-to-right scan
with at most ``max_name_tokens`` gazetteer lookups per capitalised word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from geo._fold import fold
from geo._geoparse_words import WordLists, word_lists
from geo._text import sentence_spans
from geo.regions import REGION_NAMES
from geo.records import Candidate

# Abbreviations such as U.S. first, then words (apostrophes inside, but not a possessive 's),
# possessive 's, numbers, then any other single non-space character.
_ATOM = re.compile(
    r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*|['’][sS]\b|\d+(?:[.,]\d+)*|\S"
)

#: Lower-case particles allowed inside a name ("Sharm el-Sheikh", "Dayr az-Zawr", "Abu Bakr
#: al-Baghdadi", "Bab al-Hawa").
PARTICLES = frozenset(
    "al el ad ar as ash at az an ed er es ez ul un bin ibn bani beni bint abu umm de du la le "
    "des da di del der van von".split()
)
#: Lower-case words allowed inside an organisation's name ("Syrian Observatory for Human Rights").
RUN_CONNECTORS = frozenset("of for the and".split()) | PARTICLES

_SPEECH_VERBS = frozenset(
    "said says told tells added adds noted notes explained wrote writes stated argued argues "
    "insisted recalled tweeted posted warned asked replied acknowledged admitted claimed "
    "confirmed denied announced believes thinks".split()
)
#: Speech verbs that also take a country or capital as subject ("Turkey warned", "Baghdad
#: denied"): only people take "said X", "told X", "according to X".
_PERSON_NOUNS = frozenset(
    "engineer doctor member resident student teacher farmer soldier father mother son "
    "daughter brother sister man woman boy girl native defector veteran nurse merchant trader "
    "driver worker shopkeeper refugee pilot mercenary recruit".split()
)
_CONTRACTION = re.compile(r"['’](?:re|ll|ve|d|m|t)$|n['’]t$", re.I)
_PLACE_NOUNS = frozenset(
    "town city village villages province governorate district region area suburb suburbs "
    "outskirts capital border edge vicinity countryside port island".split()
)
#: verbs whose subject is an actor: a country or capital there stands for its government
_ACTOR_VERBS = _SPEECH_VERBS | frozenset(
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
    "university airline airways channel broadcaster website".split()
)
#: verbs whose object is a place in war reporting ("recaptured Hit", "stormed Tabqa")
_CONTROL_VERBS = frozenset(
    "captured recaptured retook retaken seized liberated entered stormed besieged encircled "
    "surrounded shelled bombed overran overrun took taken controls controlled hold holds held "
    "reached attacked defended evacuated fled left abandoned".split()
)
_LOCATIVE = frozenset(
    "in to from into inside across throughout at within toward towards outside".split()
)
_AGENTIVE = frozenset(
    "led backed funded sponsored allied trained supported brokered armed aligned affiliated "
    "friendly bombed made".split()
)
#: Country abbreviations that the gazetteer's name index does not hold as such.
COUNTRY_ABBREVIATIONS = {
    "U.S.": "US", "US": "US", "USA": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB",
    "UAE": "AE", "U.A.E.": "AE", "KSA": "SA",
}


class GazetteerLike(Protocol):
    """What recognition needs from :class:`geo.gazetteer.Gazetteer`."""

    max_name_tokens: int

    def is_name(self, text: str) -> bool: ...

    def candidates(self, name: str, country: str | None = None, near: object = None,
                   limit: int = 10) -> list[Candidate]: ...

    def demonym(self, word: str) -> str | None: ...


class Atom:
    """A word, abbreviation, number or punctuation mark with its offsets."""

    __slots__ = ("start", "end", "text", "kind", "cap", "allcaps", "sentence", "line",
                 "initial", "headline", "demonym")

    def __init__(self, start: int, end: int, text: str, kind: str) -> None:
        self.start, self.end, self.text = start, end, text
        self.kind = kind  # word | abbr | poss | num | punct
        self.cap = kind in ("word", "abbr") and text[0].isupper()
        self.allcaps = kind == "word" and len(text) > 1 and text.isupper()
        self.sentence = 0
        self.line = 0
        self.initial = False  # opens a sentence or stands in a headline-case line
        self.headline = False
        self.demonym: str | None = None  # country code of a demonym ("Iraqi" -> IQ)

    def __repr__(self) -> str:
        return f"Atom({self.text!r}, {self.start})"


@dataclass
class Mention:
    """A span kept as a place mention, with the clues resolution uses."""

    start: int
    end: int
    text: str
    i: int  # first atom
    j: int  # last atom (inclusive)
    kind: str = "name"  # name | capital (demonym + capital) | abbr (country abbreviation)
    country_hint: str | None = None  # from "the Iraqi town of", "Raqqa in Syria"
    container: int | None = None  # index of a mention this one lies in ("Iraq's Mount Sinjar")
    type_hint: str | None = None  # populated | admin | mountain | water | dam | region
    direction_hint: str | None = None  # "northern Iraqi town" -> north
    relation: str | None = None  # "south of", "outskirts of", "northern", ...
    distance_km: float | None = None  # "30 km south of"
    dropped: str | None = None  # reason, when evidence removed it (kept for --explain)
    container_by_comma: bool = False  # "Sinjar, Iraq" (a list "Kobani, Tal Abyad" looks alike)
    cue: bool = False  # a locational cue: preposition, capture verb, type word, qualifier


@dataclass
class Recognition:
    """What recognition found in one text."""

    atoms: list[Atom]
    mentions: list[Mention]
    #: country code -> weight of demonym and qualifier evidence ("Syrian", "Iraqi")
    country_votes: dict[str, float] = field(default_factory=dict)
    persons: set[str] = field(default_factory=set)
    dropped: list[Mention] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# tokens


def tokenize(text: str) -> list[Atom]:
    """Split ``text`` into atoms and mark sentence and headline openings."""
    atoms = []
    newlines = [m.start() for m in _NEWLINE.finditer(text)]
    line, next_nl = 0, newlines[0] if newlines else len(text) + 1
    for m in _ATOM.finditer(text):
        tok = m.group()
        if tok[0].isalpha():
            kind = "abbr" if tok.endswith(".") else "word"
        elif tok[0] in "'’" and len(tok) == 2 and tok[1] in "sS":
            kind = "poss"
        elif tok[0].isdigit():
            kind = "num"
        else:
            kind = "punct"
        start = m.start()
        while start > next_nl:
            line += 1
            next_nl = newlines[line] if line < len(newlines) else len(text) + 1
        atom = Atom(start, m.end(), tok, kind)
        atom.line = line
        atoms.append(atom)
    _mark_sentences(text, atoms)
    _mark_headlines(atoms)
    return atoms


_NEWLINE = re.compile("\n")


def _mark_sentences(text: str, atoms: list[Atom]) -> None:
    spans = sentence_spans(text)
    k = 0
    for n, (s, e) in enumerate(spans):
        first = True
        while k < len(atoms) and atoms[k].start < e:
            atom = atoms[k]
            if atom.start >= s:
                atom.sentence = n
                if first and atom.kind in ("word", "abbr"):
                    atom.initial = True
                    first = False
            k += 1
    # A line start is a sentence start even where the splitter saw none (lists, captions).
    line = -1
    for atom in atoms:
        if atom.line != line and atom.kind in ("word", "abbr", "num", "poss"):
            line = atom.line
            if atom.kind in ("word", "abbr"):
                atom.initial = True


def _mark_headlines(atoms: list[Atom]) -> None:
    """Mark the words of headline-case lines: every capital there is typographic."""
    start = 0
    n = len(atoms)
    for k in range(n + 1):
        if k == n or (k and atoms[k].line != atoms[k - 1].line):
            long_words = [a for a in atoms[start:k] if a.kind == "word" and len(a.text) > 3]
            caps = sum(a.text[0].isupper() for a in long_words)
            # headlines do not end in a full stop; a line that does is prose full of names
            ends_in_stop = k > start and atoms[k - 1].text == "."
            if len(long_words) >= 3 and caps >= 0.7 * len(long_words) and not ends_in_stop:
                for a in atoms[start:k]:
                    a.headline = a.initial = True
            start = k


# --------------------------------------------------------------------------------------------
# recognition


def recognize(text: str, gz: GazetteerLike, words: WordLists | None = None) -> Recognition:
    """Find the place mentions of ``text`` and the evidence around them."""
    words = words or word_lists()
    atoms = tokenize(text)
    lower_words = {a.text for a in atoms if a.kind == "word" and a.text.islower()}
    org = _organisation_atoms(text, atoms, words)
    persons, person_atoms = _people(text, atoms, words, gz, org)
    rec = Recognition(atoms=atoms, mentions=[], persons=persons)
    _demonym_votes(atoms, gz, rec)
    scanned = _scan(text, atoms, gz)
    neighbours = ({x.i: x for x in scanned}, {x.j: x for x in scanned})
    for mention in scanned:
        mention.dropped = _drop_reason(text, atoms, mention, gz, words, org, persons,
                                       person_atoms, lower_words, neighbours)
    kept = [m for m in scanned if not m.dropped]
    starts = {m.i for m in kept}
    ends = {m.j for m in kept}
    for mention in kept:
        mention.dropped = _longer_name(text, atoms, mention, words, starts, ends) or \
            _generic_part(atoms, mention, words, starts)
    for mention in scanned:
        (rec.dropped if mention.dropped else rec.mentions).append(mention)
    from geo._geoparse_estimate import estimated_mentions  # needs this module's helpers

    blocked = set(org) | person_atoms
    for mention in scanned:
        blocked.update(range(mention.i, mention.j + 1))
    rec.mentions.extend(estimated_mentions(text, atoms, rec.mentions, blocked, words, gz))
    rec.mentions.extend(_capital_mentions(text, atoms, gz))
    rec.mentions.sort(key=lambda m: m.start)
    return rec


def _joined(text: str, a: Atom, b: Atom) -> bool:
    """True when nothing but spaces (no line break) separates two atoms."""
    gap = text[a.end:b.start]
    return "\n" not in gap and gap.strip() == ""


def _scan(text: str, atoms: list[Atom], gz: GazetteerLike) -> list[Mention]:
    """Longest gazetteer names starting at capitalised words, left to right."""
    out: list[Mention] = []
    max_atoms = max(1, gz.max_name_tokens) * 2 + 1  # hyphens are atoms of their own
    n = len(atoms)
    k = 0
    while k < n:
        a = atoms[k]
        startable = (a.cap and a.kind in ("word", "abbr")) or (
            a.kind == "word" and a.text.lower() in PARTICLES and k + 2 < n
            and atoms[k + 1].text == "-" and atoms[k + 2].cap
        )
        if not startable or a.text in COUNTRY_ABBREVIATIONS:
            if a.text in COUNTRY_ABBREVIATIONS:
                out.append(Mention(a.start, a.end, a.text, k, k, kind="abbr"))
            k += 1
            continue
        best = _region_phrase(text, atoms, k)
        for j in range(k, min(n, k + max_atoms)):
            b = atoms[j]
            if j > k:
                prev = atoms[j - 1]
                if not _joined(text, prev, b):
                    break
                if b.kind == "punct" and b.text not in "-":
                    break
                if b.kind in ("num", "poss"):
                    break
                if b.kind == "word" and not b.text[0].isupper() and b.text.lower() not in PARTICLES:
                    break
            if b.cap and b.kind in ("word", "abbr"):
                phrase = text[a.start:b.end]
                if (gz.is_name(phrase) or " ".join(phrase.lower().split()) in REGION_NAMES) \
                        and (best is None or j > best):
                    best = j
                # "the Tishrin dam", "Sinjar mountains": the type word in lower case
                nxt = atoms[j + 1] if j + 1 < n else None
                if nxt is not None and nxt.text in _LOWER_TYPE_WORDS and _joined(text, b, nxt) \
                        and gz.is_name(text[a.start:nxt.end]) and (best is None or j + 1 > best):
                    best = j + 1
        if best is None:
            k += 1
            continue
        first = k
        if a.text in ("The", "the") and best > k:
            # "The United States", "The Amaq": the article is no part of the name (the
            # gazetteer's folding drops it, so the rest is still a name)
            first = k + 1
            if not gz.is_name(text[atoms[first].start:atoms[best].end]):
                k += 1
                continue
        s0 = atoms[first].start
        out.append(Mention(s0, atoms[best].end, text[s0:atoms[best].end], first, best))
        k = best + 1
    return out


_REGION_FIRST_WORDS = frozenset(name.split()[0] for name in REGION_NAMES)


#: lower-case type words that complete a feature's name ("the Tishrin dam")
_LOWER_TYPE_WORDS = frozenset("dam mountain mountains river lake valley desert plain plains".split())


def _region_phrase(text: str, atoms: list[Atom], k: int) -> int | None:
    """'the Euphrates river valley': a curated region whose name ends in lower-case words."""
    if atoms[k].text.lower() not in _REGION_FIRST_WORDS:
        return None
    for j in range(min(len(atoms) - 1, k + 4), k, -1):
        if not all(_joined(text, atoms[x], atoms[x + 1]) and atoms[x + 1].kind == "word"
                   for x in range(k, j)):
            continue
        if " ".join(text[atoms[k].start:atoms[j].end].lower().split()) in REGION_NAMES:
            return j
    return None


def _capital_mentions(text: str, atoms: list[Atom], gz: GazetteerLike) -> list[Mention]:
    """'the Syrian capital' names a city without naming it."""
    out = []
    for k in range(len(atoms) - 1):
        a, b = atoms[k], atoms[k + 1]
        if b.text.lower() == "capital" and a.cap and gz.demonym(a.text):
            if k + 2 < len(atoms) and atoms[k + 2].text == "," and k + 3 < len(atoms) and atoms[k + 3].cap:
                continue  # "the Syrian capital, Damascus": the name itself follows
            out.append(Mention(a.start, b.end, text[a.start:b.end], k, k + 1, kind="capital",
                               country_hint=gz.demonym(a.text)))
    return out


# --------------------------------------------------------------------------------------------
# organisations


def _organisation_atoms(text: str, atoms: list[Atom], words: WordLists) -> set[int]:
    """Indices of atoms inside organisation, outlet and group names."""
    org: set[int] = set()
    run_of: dict[int, list[int]] = {}
    for run in _capital_runs(text, atoms, words):
        if any(atoms[k].text in words.org_words and not _typographic(atoms[k], run[0] == k, words)
               for k in run):
            org.update(run)
        for k in run:
            run_of[k] = run
    # Named organisations are matched on the atoms themselves, so names with numbers or
    # lower-case words ("Kurdistan 24", "Jabhat al-Nusra") match too.
    for k, atom in enumerate(atoms):
        for name in words.org_names_by_first.get(atom.text, ()):
            if tuple(a.text for a in atoms[k:k + len(name)]) == name:
                org.update(range(k, k + len(name)))
                # the rest of the capitalised run belongs to it ("Islamic State of Iraq and
                # the Levant")
                org.update(x for x in run_of.get(k, ()) if x >= k)
                break
    return org


def _typographic(atom: Atom, opens_run: bool, words: WordLists) -> bool:
    """An organisation word capitalised only by typography: it opens the sentence ("Today
    Mosul ...") or stands in a headline ("Holds Post in Mosul")."""
    common = atom.text.lower() in words.common_words
    return common and (atom.headline or (opens_run and atom.initial))


def _capital_runs(text: str, atoms: list[Atom], words: WordLists) -> list[list[int]]:
    """Maximal runs of capitalised words with connectors and hyphens inside."""
    runs: list[list[int]] = []
    cur: list[int] = []

    def close() -> None:
        while cur and not atoms[cur[-1]].cap:
            cur.pop()
        if cur:
            runs.append(list(cur))
        cur.clear()

    for k, a in enumerate(atoms):
        if cur and not _joined(text, atoms[k - 1], a):
            close()
        is_cap = a.cap and not (a.initial and not a.headline and a.text.lower() in words.common_words)
        if is_cap:
            cur.append(k)
        elif cur and (
            (a.kind == "word" and a.text.lower() in RUN_CONNECTORS)
            or (a.text in "-" and a.kind == "punct")
            # "Britain-based Syrian Observatory": a compound adjective joins the name it modifies
            or (a.kind == "word" and atoms[k - 1].text == "-" and k + 1 < len(atoms)
                and atoms[k + 1].cap and _joined(text, a, atoms[k + 1]))
        ):
            cur.append(k)
        else:
            close()
    close()
    return runs


# --------------------------------------------------------------------------------------------
# people


def _name_sequence(text: str, atoms: list[Atom], k: int) -> int:
    """Last atom of the personal-name-like sequence starting at capitalised atom ``k``."""
    j = k
    n = len(atoms)
    while j + 1 < n and _joined(text, atoms[j], atoms[j + 1]):
        nxt = atoms[j + 1]
        if nxt.cap and nxt.kind == "word":
            j += 1
        elif nxt.text == "-" and j + 2 < n and atoms[j + 2].kind == "word" and _joined(text, nxt, atoms[j + 2]):
            j += 2
        elif nxt.kind == "word" and nxt.text.lower() in PARTICLES and j + 2 < n and (
            atoms[j + 2].cap or atoms[j + 2].text == "-"
        ):
            j += 1
        else:
            break
    return j


def _title_before(atoms: list[Atom], k: int, words: WordLists) -> bool:
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


def _people(text: str, atoms: list[Atom], words: WordLists, gz: GazetteerLike,
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
        j = _name_sequence(text, atoms, k)
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
                    and gz.is_name(t) and _major_place(gz, t)
                ):
                    persons.add(t)
        k = j + 1
    return persons, person_atoms


def _person_evidence(text: str, atoms: list[Atom], k: int, j: int, seq: list[int],
                     words: WordLists, gz: GazetteerLike) -> str | None:
    first = atoms[k]
    if _title_before(atoms, k, words):
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
        if gz.is_name(name) and _country_named(gz, name):
            return None
        return "apposition" if apposition else "speech"
    strong = prev in ("told", "tells", "asked") or (prev == "to" and prev2 == "according")
    weak = nxt in _SPEECH_VERBS
    if not (strong or weak):
        return None
    # Countries and capitals speak through their governments ("Ankara said"): only a name
    # the gazetteer does not know as a major place is a person here.
    name = text[first.start:atoms[j].end]
    if gz.is_name(name) and _major_place(gz, name):
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


def _major_place(gz: GazetteerLike, name: str, countries_only: bool = False) -> bool:
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


# --------------------------------------------------------------------------------------------
# filters


def _drop_reason(text: str, atoms: list[Atom], m: Mention, gz: GazetteerLike, words: WordLists,
                 org: set[int], persons: set[str], person_atoms: set[int],
                 lower_words: set[str],
                 neighbours: tuple[dict[int, Mention], dict[int, Mention]]) -> str | None:
    span = range(m.i, m.j + 1)
    first = atoms[m.i]
    caps = [atoms[x] for x in span if atoms[x].cap]
    if any(x in org for x in span):
        return "organisation"
    if any(x in person_atoms for x in span):
        return "person"
    if caps and caps[-1].text in persons:
        return "person (named so elsewhere in the article)"
    if _agentive(text, atoms, m):
        return "agentive compound (an actor, not a place)"
    if m.j + 1 < len(atoms) and atoms[m.j + 1].text in _ORG_NOUNS_AFTER:
        return "organisation (named by the word after it)"
    if m.kind == "abbr":
        return _abbreviation_reason(atoms, m)
    if m.i == m.j and first.kind == "abbr" and first.text.count(".") >= 2 and not _dateline(text, atoms, m):
        return "initials (an organisation or a person, not a place)"
    if m.i == m.j:
        reason = _word_reason(atoms, m, gz, words, lower_words, neighbours)
        if reason:
            return reason
    if first.allcaps and not _dateline(text, atoms, m):
        return "all capitals"
    if _actor_verb_after(atoms, m) and not _locative_before(atoms, m.i) \
            and _major_place(gz, m.text, countries_only=True):
        return "a country or capital acting or speaking (metonymy)"
    if _possessive_office(atoms, m, words) and not _locative_before(atoms, m.i) \
            and _major_place(gz, m.text, countries_only=True):
        return "a country's office or government ('Iran's supreme leader', metonymy)"
    return None


def _agentive(text: str, atoms: list[Atom], m: Mention) -> bool:
    """'U.S.-led', 'Turkish-backed', 'Iran-allied': the name stands for an actor."""
    k = m.j + 1
    return (k + 1 < len(atoms) and atoms[k].text in ("-", "–") and atoms[k].start == atoms[m.j].end
            and atoms[k + 1].text.lower() in _AGENTIVE)


def _word_reason(atoms: list[Atom], m: Mention, gz: GazetteerLike, words: WordLists,
                 lower_words: set[str],
                 neighbours: tuple[dict[int, Mention], dict[int, Mention]]) -> str | None:
    """Why a one-word name is an ordinary word, or None."""
    a = atoms[m.i]
    low = a.text.lower()
    if low in words.never_places:
        return "a people, faith, month or day"
    if low in words.titles or _multiword_title(atoms, m.i, words):
        return "title"
    if _CONTRACTION.search(a.text):
        return "contraction"
    if len(a.text) < 3 and not a.allcaps:
        return "too short"
    if gz.demonym(a.text) and not _country_named(gz, a.text):
        return "demonym"
    if low in words.common_words or low in lower_words:
        if a.initial and not (control_after(atoms, m.j + 1, strict=True) and not a.headline):
            # "Hit was recaptured in April" still names the town
            return "common word at a sentence or headline start"
        if not (_locative_before(atoms, m.i) or _coordinated(atoms, m, neighbours)
                or control_after(atoms, m.j + 1, strict=True)):
            return "common word without a locative preposition or a place beside it"
    return None


#: capitalised words that may follow or precede a place name without making it part of
#: another name ("Anbar Province", "Mount Sinjar", "Greater Damascus")
_NAME_NEIGHBOURS = frozenset(
    "province governorate district subdistrict city town village river valley dam lake "
    "mountains mountain desert plain plains countryside region area basin mount lake greater "
    "old upper lower new north south east west northern southern eastern western central "
    "northeast northwest southeast southwest".split()
)


def _longer_name(text: str, atoms: list[Atom], m: Mention, words: WordLists, starts: set[int],
                 ends: set[int]) -> str | None:
    """'Maamoun Abdulkarim', 'Bustan al-Qasr', 'Bashar al-Assad': a known name that is only
    part of a longer capitalised name the gazetteer does not hold (a person, a neighbourhood,
    a building) is not a mention of the place it names alone."""
    if atoms[m.i].headline:
        return None
    nxt = m.j + 1
    if nxt < len(atoms) and _joined(text, atoms[m.j], atoms[nxt]) and (
        (_neighbour_word(atoms[nxt], words) and nxt not in starts)
        # "Moaz al-Kasasbeh": an Arabic article and a capitalised word continue the name
        or (atoms[nxt].text.lower() in PARTICLES and nxt not in starts and nxt + 2 < len(atoms)
            and atoms[nxt + 1].text == "-" and atoms[nxt + 2].cap)
        # two names side by side with nothing between them ("Bustan al-Qasr") are one
        # longer name the gazetteer does not hold, not two places
        or (nxt in starts and not atoms[nxt].allcaps and not atoms[m.j].allcaps)
    ):
        return "part of a longer name"
    prev = m.i - 1
    if prev >= 0 and _joined(text, atoms[prev], atoms[m.i]) and (
        (_neighbour_word(atoms[prev], words) and not atoms[prev].initial and prev not in ends)
        or (prev in ends and not atoms[prev].allcaps and not atoms[m.i].allcaps)
    ):
        return "part of a longer name"
    return None


def _generic_part(atoms: list[Atom], m: Mention, words: WordLists, starts: set[int]) -> str | None:
    """'the Old City of Aleppo': a name made of ordinary words, followed by 'of' and a place,
    names a part of that place, not the namesake somewhere else."""
    k = m.j + 1
    if k < len(atoms) and atoms[k].text == "of":
        k += 1
        if k < len(atoms) and atoms[k].text.lower() == "the":
            k += 1
        if k in starts and all(atoms[x].text.lower() in words.common_words
                               for x in range(m.i, m.j + 1) if atoms[x].kind == "word"):
            return "a generic part of the place named after it"
    return None


def _neighbour_word(a: Atom, words: WordLists) -> bool:
    """A capitalised word that would extend a name (not a demonym, type word, day, acronym)."""
    if not (a.cap and a.kind == "word") or a.allcaps or a.headline or a.demonym:
        return False
    low = a.text.lower()
    return low not in _NAME_NEIGHBOURS and low not in words.never_places and low not in words.titles


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
    w = atoms[k].text.lower() if k < len(atoms) else ""
    if w in ("fell", "falls"):
        return not strict
    if w in ("was", "is", "remains", "remained", "has", "had", "have", "been", "were"):
        nxt = atoms[k + 1].text.lower() if k + 1 < len(atoms) else ""
        if nxt in ("been", "now", "still", "fully", "largely", "finally"):
            nxt = atoms[k + 2].text.lower() if k + 2 < len(atoms) else ""
        return nxt in (_STRICT_STATE_WORDS if strict else _STATE_WORDS)
    return False


def _multiword_title(atoms: list[Atom], k: int, words: WordLists) -> bool:
    """'Prime Minister', 'Vice President', 'Crown Prince': the first word of a title."""
    if atoms[k].text.lower() not in words.title_first_words:
        return False
    for size in (2, 3):
        if k + size <= len(atoms):
            key = " ".join(a.text.lower() for a in atoms[k:k + size])
            if key in words.titles:
                return True
    return False


def _country_named(gz: GazetteerLike, word: str) -> bool:
    """'Philippines' is a country's own name, though it also looks like a demonym's plural."""
    key = fold(word)
    return any(c.feature_code.startswith("PCL") and fold(c.name) == key
               for c in gz.candidates(word, limit=3))


def _coordinated(atoms: list[Atom], m: Mention,
                 neighbours: tuple[dict[int, Mention], dict[int, Mention]]) -> bool:
    """'recaptured Hit and Rutba', 'Rutba, Hit and Haditha': a place beside it in a list."""
    by_start, by_end = neighbours
    after = by_start.get(m.j + 2)
    if after is not None and after is not m and not after.dropped and m.j + 1 < len(atoms) \
            and atoms[m.j + 1].text.lower() in (",", "and", "or"):
        return True
    before = by_end.get(m.i - 2)
    return (before is not None and before is not m and not before.dropped
            and atoms[m.i - 1].text.lower() in (",", "and", "or"))


def _locative_before(atoms: list[Atom], k: int) -> bool:
    """'in Hit', 'near Hit', 'the town of Hit'."""
    p = k - 1
    if p >= 0 and atoms[p].text.lower() == "the":
        p -= 1
    if p < 0:
        return False
    w = atoms[p].text.lower()
    if w in _LOCATIVE or w in ("near", "around") or w in _CONTROL_VERBS:
        return True
    return w == "of" and p >= 1 and atoms[p - 1].text.lower() in _PLACE_NOUNS


#: words after "<Country>'s" that make it the state rather than the land
_OFFICES = frozenset(
    "government regime leader leaders leadership supreme prime president presidency foreign "
    "defence defense interior military army navy air ambassador envoy parliament cabinet "
    "intelligence security state ruling top senior".split()
)


def _possessive_office(atoms: list[Atom], m: Mention, words: WordLists) -> bool:
    """"Iran's supreme leader", "Turkey's foreign minister", "Syria's government"."""
    k = m.j + 1
    if k + 1 >= len(atoms) or atoms[k].kind != "poss":
        return False
    w = atoms[k + 1].text.lower()
    return w in _OFFICES or w in words.titles


def _actor_verb_after(atoms: list[Atom], m: Mention) -> bool:
    """'The United States estimates', 'Turkey has warned', 'Ankara said'."""
    k = m.j + 1
    while k < len(atoms) and (atoms[k].text.lower() in _AUXILIARIES or atoms[k].text in _QUOTES
                              or (atoms[k].text.endswith("ly") and atoms[k].text.islower())):
        k += 1
    return k < len(atoms) and atoms[k].text.lower() in _ACTOR_VERBS


def _abbreviation_reason(atoms: list[Atom], m: Mention) -> str | None:
    k = m.i - 1
    if k >= 0 and atoms[k].text.lower() == "the":
        k -= 1
    if k >= 0 and atoms[k].text.lower() in _LOCATIVE:
        nxt = atoms[m.j + 1] if m.j + 1 < len(atoms) else None
        if nxt is None or nxt.kind == "punct" or not nxt.text[:1].isalpha() or nxt.text.islower() and nxt.text in ("and", "or", "as", "to", "on", "in", "last", "this", "since"):
            return None
    return "country abbreviation naming an actor"


def _dateline(text: str, atoms: list[Atom], m: Mention) -> bool:
    """'BAGHDAD—After ...', 'MOSUL, Iraq (AP) —': capitals at a line start before a dash or comma."""
    if not atoms[m.i].initial:
        return False
    line_start = text.rfind("\n", 0, m.start) + 1
    if text[line_start:m.start].strip():
        return False
    rest = text[m.end:m.end + 3]
    return bool(rest) and rest.lstrip()[:1] in ("—", "–", "-", ",", "(", ":")


# --------------------------------------------------------------------------------------------
# country context


def _demonym_votes(atoms: list[Atom], gz: GazetteerLike, rec: Recognition) -> None:
    seen: dict[str, str | None] = {}
    for a in atoms:
        if a.cap and a.kind == "word":
            code = seen.get(a.text, "?")
            if code == "?":
                code = seen[a.text] = gz.demonym(a.text)
            if code:
                a.demonym = code
                rec.country_votes[code] = rec.country_votes.get(code, 0.0) + 1.0
