"""Atoms of news text: words, abbreviations, numbers and punctuation with their offsets.

The geoparser reads text as atoms rather than as a string so that every rule can ask cheap
questions of a word: is it capitalised, does it open a sentence or stand in a headline, which
line and sentence is it in, is it a demonym.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from geo.records import Candidate
from geo.text.sentences import sentence_spans

# Abbreviations such as U.S. first, then words (apostrophes inside, but not a possessive 's),
# possessive 's, numbers, then any other single non-space character. (The abbreviation opens on
# its letter, not on a repeated group: the engine then passes over that alternative at every
# atom that does not start with a capital without entering the repeat.)
_ATOM = re.compile(
    r"[A-Z]\.(?:[A-Z]\.)+|[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*|['’][sS]\b|\d+(?:[.,]\d+)*|\S"
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

    def opens_name(self, text: str) -> bool: ...

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
        "lowered",
        "sentence",
        "start",
        "text",
    )

    def __init__(self, start: int, end: int, text: str, line: int = 0,
                 shape: tuple[str, bool, bool, str] | None = None, sentence: int = 0) -> None:
        self.start, self.end, self.text = start, end, text
        # kind: word | abbr | poss | num | punct; lowered: the text in lower case, asked of
        # most atoms by several rules (worked out once per spelling, not once per question;
        # the tokeniser passes the shape it already holds for the spelling)
        self.kind, self.cap, self.allcaps, self.lowered = shape or _shape(text)
        self.sentence = sentence
        self.line = line
        self.initial = False  # opens a sentence or stands in a headline-case line
        self.headline = False
        self.demonym: str | None = None  # country code of a demonym ("Iraqi" -> IQ)

    def __repr__(self) -> str:
        return f"Atom({self.text!r}, {self.start})"

def tokenize(text: str) -> list[Atom]:
    """Split ``text`` into atoms, number them by sentence and mark sentence and headline openings."""
    atoms: list[Atom] = []
    append = atoms.append
    line_starts = [0]  # index of the first atom of each line that has any
    line = 0
    end = 0
    mangled = _MOJIBAKE_LEAD in text  # most texts have none: no per-word check then
    shapes: dict[str, tuple[str, bool, bool, str]] = {}  # a text repeats its spellings
    # Sentences are numbered as the atoms are read (a second pass cost a tenth of the
    # tokenising). The splitter trims nothing but spaces off its sentences, so every character
    # that is not a space is in one: an atom is in the first sentence that ends after its start.
    sentence_ends = [e for _, e in sentence_spans(text)] if text and not text.isspace() else []
    sentence_ends.append(_NOWHERE)
    sentence = 0
    sentence_end = sentence_ends[0]
    # the sentence and the line being read have had no word yet (a line start is a sentence
    # start even where the splitter saw none: lists, captions; unless the line opens with a number)
    opens_sentence = opens_line = True
    # every character that is not a space belongs to an atom, so the spaces before each atom
    # give its offsets: one findall instead of a match object per atom (a long article has
    # hundreds of thousands)
    for gap, word in _SPACED_ATOM.findall(text):
        start = end + len(gap)
        end = start + len(word)
        if "\n" in gap:
            line += gap.count("\n")
            opens_line = True
            if atoms:
                line_starts.append(len(atoms))
        stop = end
        if mangled and word.endswith(_MOJIBAKE_LEAD) and len(word) > 1 and _mojibake_apostrophe(text, end - 1):
            word = word[:-1]
            stop = end - 1
        shape = shapes.get(word)
        if shape is None:
            shape = shapes[word] = _shape(word)
        while start >= sentence_end:
            sentence += 1
            sentence_end = sentence_ends[sentence]
            opens_sentence = True
        append(Atom(start, stop, word, line, shape, sentence))
        if opens_sentence or opens_line:
            kind = shape[0]
            wordlike = kind == "word" or kind == "abbr"
            if opens_sentence and wordlike:
                atoms[-1].initial = True
                opens_sentence = False
            if opens_line and kind != "punct":
                atoms[-1].initial = atoms[-1].initial or wordlike
                opens_line = False
    if atoms:
        _mark_headlines(text, atoms, list(zip(line_starts, [*line_starts[1:], len(atoms)])))
    return atoms


#: beyond any offset: the end of the list of sentence ends
_NOWHERE = 1 << 62


#: an atom with the spaces before it (``_ATOM`` matches at any character that is not a space)
_SPACED_ATOM = re.compile(r"(\s*)(" + _ATOM.pattern + ")")


#: the first character of a curly apostrophe or quote encoded in UTF-8 and decoded as cp1252
#: ("â€™"); copy that lost the rest leaves "Itâ s" and "Stateâ s": the "â" is no letter of the word
_MOJIBAKE_LEAD = "â"
_MOJIBAKE_TAIL = re.compile(r"â(?:€|\s?(?:s|t|re|ll|ve|d|m)\b)")


def _mojibake_apostrophe(text: str, at: int) -> bool:
    """Is the "â" at ``at`` what is left of a mangled apostrophe, not a letter of the word?"""
    return text[at - 1].isascii() and _MOJIBAKE_TAIL.match(text, at) is not None


# A text's atoms repeat its words: their shape is worked out once per distinct spelling.
@lru_cache(maxsize=1 << 16)
def _shape(tok: str) -> tuple[str, bool, bool, str]:
    """The kind of the atom spelt ``tok``, whether it is capitalised, whether all in capitals,
    and ``tok`` in lower case."""
    if tok[0].isalpha():
        kind = "abbr" if tok.endswith(".") else "word"
    elif tok[0] in "'’" and len(tok) == 2 and tok[1] in "sS":
        kind = "poss"
    elif tok[0].isdigit():
        kind = "num"
    else:
        kind = "punct"
    cap = kind in ("word", "abbr") and tok[0].isupper()
    allcaps = kind == "word" and len(tok) > 1 and tok.isupper()
    return kind, cap, allcaps, tok.lower()



def _start(atom: Atom) -> int:
    return atom.start


def _mark_headlines(text: str, atoms: list[Atom], lines: list[tuple[int, int]]) -> None:
    """Mark the words of headline-case lines: every capital there is typographic.

    A semicolon also ends a headline: feeds and event datasets join the headlines of one
    story with it ("Clashes renew in Idlib countryside;Mine Explosions in Al-Raqqah City Cause
    More Casualties"), and a prose clause after a semicolon is never in headline case."""
    segments = _split_after_semicolons(atoms, lines) if ";" in text else lines
    for first, end in segments:
        if atoms[end - 1].text == ".":
            continue  # headlines do not end in a full stop; a line that does is prose full of names
        long_words = [a for a in atoms[first:end] if a.kind == "word" and len(a.text) > 3]
        if len(long_words) < 3:
            continue
        caps = len([a for a in long_words if a.cap])  # a word's cap: its first letter is upper case
        if caps >= 0.7 * len(long_words):
            for a in atoms[first:end]:
                a.headline = a.initial = True


def _split_after_semicolons(atoms: list[Atom], lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    segments = []
    for first, end in lines:
        for k in range(first, end - 1):
            if atoms[k].text == ";":
                segments.append((first, k + 1))
                first = k + 1
        segments.append((first, end))
    return segments


#: the atoms last indexed and their index (:func:`spelling_index`): a tuple replaced whole
_LAST_INDEX: tuple[list[Atom] | None, dict[str, list[int]]] = (None, {})


def spelling_index(atoms: list[Atom]) -> dict[str, list[int]]:
    """Where each spelling stands among ``atoms``: its atoms' indices in order, the spellings
    in the order they first occur. A text repeats its words, and an atom's kind and case are
    its spelling's: the rules that look for atoms of some kind among all of a long article's
    ask each spelling once (:func:`atoms_where`). Worked out once per list of atoms (the last
    one asked about is kept)."""
    global _LAST_INDEX
    last = _LAST_INDEX  # one read: a tuple replaced whole, never changed
    if last[0] is atoms:
        return last[1]
    index: dict[str, list[int]] = {}
    for k, a in enumerate(atoms):
        found = index.get(a.text)
        if found is None:
            index[a.text] = [k]
        else:
            found.append(k)
    _LAST_INDEX = (atoms, index)
    return index


def forget_spelling_index() -> None:
    """Let the atoms last indexed go (the geoparser calls it when an article is done: a long
    article's atoms are hundreds of thousands of objects)."""
    global _LAST_INDEX
    _LAST_INDEX = (None, {})


def atoms_where(atoms: list[Atom], spelled: Callable[[Atom], bool]) -> list[int]:
    """Indices, in order, of the atoms whose spelling passes ``spelled`` (a test of an atom's
    text, kind and case alone: it is asked of one atom of each spelling)."""
    found = [k for at in spelling_index(atoms).values() if spelled(atoms[at[0]]) for k in at]
    found.sort()
    return found


def atoms_spelt(text: str, atoms: list[Atom], word: str) -> list[int]:
    """Indices of the atoms of ``text`` that are ``word`` (lower case) in any case: found by
    searching the text, not by lower-casing every atom."""
    lowered = text.lower()
    if word not in lowered:
        return []
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ") shifts offsets
        return [k for k, a in enumerate(atoms) if a.lowered == word]
    found = []
    at = lowered.find(word)
    while at >= 0:
        k = atom_at(atoms, at)
        if k is not None and atoms[k].lowered == word:
            found.append(k)
        at = lowered.find(word, at + 1)
    return found


def atom_at(atoms: list[Atom], offset: int) -> int | None:
    """Index of the atom that starts at ``offset`` of the text, if one does."""
    k = bisect_left(atoms, offset, key=_start)
    return k if k < len(atoms) and atoms[k].start == offset else None


def joined(text: str, a: Atom, b: Atom) -> bool:
    """True when nothing but spaces (no line break) separates two atoms."""
    width = b.start - a.end
    if width <= 0:
        return True  # touching ("al-Bab"): nothing between them
    if width == 1:  # one character, the most common gap: no slice to make
        c = text[a.end]
        return c != "\n" and c.isspace()
    gap = text[a.end:b.start]
    return "\n" not in gap and gap.strip() == ""
