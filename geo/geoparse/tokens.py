"""Atoms of news text: words, abbreviations, numbers and punctuation with their offsets.

The geoparser reads text as atoms rather than as a string so that every rule can ask cheap
questions of a word: is it capitalised, does it open a sentence or stand in a headline, which
line and sentence is it in, is it a demonym.
"""

from __future__ import annotations

import re
from typing import Protocol

from geo.records import Candidate
from geo.text.sentences import sentence_spans

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

class GazetteerLike(Protocol):
    """What recognition needs from :class:`geo.gazetteer.index.Gazetteer`."""

    max_name_tokens: int

    def is_name(self, text: str) -> bool: ...

    def candidates(self, name: str, country: str | None = None, near: object = None,
                   limit: int = 10, villages: bool = False) -> list[Candidate]: ...

    def demonym(self, word: str) -> str | None: ...

class Atom:
    """A word, abbreviation, number or punctuation mark with its offsets."""

    __slots__ = (
        "allcaps",
        "cap",
        "demonym",
        "end",
        "headline",
        "initial",
        "kind",
        "line",
        "sentence",
        "start",
        "text",
    )

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
    """Mark the words of headline-case lines: every capital there is typographic.

    A semicolon also ends a headline: feeds and event datasets join the headlines of one
    story with it ("Clashes renew in Idlib countryside;Mine Explosions in Al-Raqqah City Cause
    More Casualties"), and a prose clause after a semicolon is never in headline case."""
    start = 0
    n = len(atoms)
    for k in range(n + 1):
        if k == n or (k and (atoms[k].line != atoms[k - 1].line or atoms[k - 1].text == ";")):
            long_words = [a for a in atoms[start:k] if a.kind == "word" and len(a.text) > 3]
            caps = sum(a.text[0].isupper() for a in long_words)
            # headlines do not end in a full stop; a line that does is prose full of names
            ends_in_stop = k > start and atoms[k - 1].text == "."
            if len(long_words) >= 3 and caps >= 0.7 * len(long_words) and not ends_in_stop:
                for a in atoms[start:k]:
                    a.headline = a.initial = True
            start = k

def joined(text: str, a: Atom, b: Atom) -> bool:
    """True when nothing but spaces (no line break) separates two atoms."""
    gap = text[a.end:b.start]
    return "\n" not in gap and gap.strip() == ""
