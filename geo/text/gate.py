"""A cheap gate before a regular expression: the literal word beginnings its matches start with.

Event extraction runs dozens of expressions over every sentence, and most of them cannot match
most sentences. :func:`literal_gate` reads off a pattern's parse tree the few lower-case
beginnings (up to three characters: "cap" for "captur(?:ed|es)") one of which starts every
match; :func:`word_starts` lists the beginnings of a text's words once. A pattern whose gate is
disjoint from them cannot match and is not run. The gate is exact for patterns anchored at a word
start or a hyphen (``\\b``, ``(?<![\\w-])``, ``[-‐]``); a pattern it cannot reason about (one
opening on a character class such as ``\\d``) gets an empty gate and always runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import lru_cache, partial
from operator import itemgetter
from re import _constants as _sre_constants  # type: ignore[attr-defined]
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import TypeVar

__all__ = ["AnyFragment", "GateIndex", "can_consume", "compile_later", "gate_starts", "gated_finditer", "gated_search", "literal_gate", "literal_openers", "lowers_in_place", "passes", "prefix_finditer", "required_fragments", "sentence_cache",
           "start_scanner", "word_starts"]


#: Texts up to this long (sentences) are cached; whole articles are not kept alive by a cache.
_CACHED_LENGTH = 2000
#: Prefixes this long are selective enough; longer ones multiply the set for no gain.
_GATE_LENGTH = 3
#: More alternatives than this and the gate hardly filters.
_GATE_MAX = 48
_ZERO_WIDTH = frozenset({_sre_constants.AT, _sre_constants.ASSERT, _sre_constants.ASSERT_NOT})
_REPEATS = frozenset({_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT})
_STOP = (None, None)  # after a repeated body the next characters are not known
#: The part of a prefix :func:`word_starts` can see: word characters and hyphens.
_WORD_HEAD = re.compile(r"[\w\-‐]*")
#: Where a match of a word-bounded pattern can start: a word (also one after a hyphen, as in
#: "mid-May") or a hyphen ("-held" in "ISIS-held").
_WORD_START = re.compile(r"(?<!\w)(?=(\w[\w\-‐]{0,2}))|(?=([-‐]\w{0,2}))")
#: its two alternatives apart, the first written with a word boundary (the same places: a word
#: character not preceded by one), which the engine tests faster than a look-behind
_WORD_HEAD_AT_BOUNDARY = re.compile(r"\b(?=(\w[\w\-‐]{0,2}))")
_HYPHEN_HEAD = re.compile(r"(?=([-‐]\w{0,2}))")
#: :data:`_WORD_HEAD_AT_BOUNDARY` in a text without hyphens, where its heads are word characters only
_WORD_HEAD_PLAIN = re.compile(r"\b\w{1,3}")


def word_starts(lowered: str) -> frozenset[str]:
    """The first one, two and three characters of every word and hyphen in ``lowered`` (the text in
    lower case): everything a word-anchored match can start with."""
    if len(lowered) <= _CACHED_LENGTH:
        # a sentence's are asked for by its dates and its triggers alike
        return _sentence_word_starts(lowered)
    return _word_starts(lowered)


def _word_starts(lowered: str) -> frozenset[str]:
    # the two kinds of beginning of :data:`_WORD_START` found apart (the hyphens only where there
    # is one), and each length taken by one comprehension: a third of the cost of one loop
    if "-" in lowered or "‐" in lowered:
        heads = _WORD_HEAD_AT_BOUNDARY.findall(lowered) + _HYPHEN_HEAD.findall(lowered)
    else:
        # without a hyphen a head is a word's first three word characters: taken by a match that
        # consumes them (no word start lies inside them), a third less than a look-ahead at
        # every position
        heads = _WORD_HEAD_PLAIN.findall(lowered)
    # each head once before its shorter beginnings are cut ("the" opens many words of a sentence),
    # and cut by a C-level getter, not a comprehension
    distinct = set(heads)
    out = set(distinct)
    out.update(map(_FIRST_TWO, distinct))
    out.update(map(_FIRST_ONE, distinct))
    return frozenset(out)


_FIRST_TWO = itemgetter(slice(2))
_FIRST_ONE = itemgetter(slice(1))


_sentence_word_starts = lru_cache(maxsize=64)(_word_starts)


#: Characters a case-blind expression takes for an ASCII letter ("ſ" for "s", the Kelvin sign for
#: "k") though ``str.lower`` makes them no such letter, or more than one character ("İ").
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def lowers_in_place(text: str) -> bool:
    """Does ``text.lower()`` keep every offset of ``text``, and hold an ASCII letter wherever a
    case-blind match takes one in ``text``? (Not for the four characters of
    :data:`_FOLDS_TO_ASCII`: "İ" lowers to two characters, and the others match ASCII letters
    they do not lower to; no other character does either, checked over every code point.)"""
    return text.isascii() or not _FOLDS_TO_ASCII.search(text)


def gate_starts(text: str) -> frozenset[str] | None:
    """:func:`word_starts` of ``text``, or None when ``text`` holds a character the gate cannot
    reason about (then every expression must run)."""
    if not text.isascii() and _FOLDS_TO_ASCII.search(text):  # isascii is a C scan, the search is not
        return None
    return word_starts(text.lower())


def literal_gate(pattern: str) -> frozenset[str]:
    """The lower-case literal prefixes (up to three characters) one of which starts every match
    of ``pattern``, read off its parse tree; empty when a match can start with anything (a
    character class, a wildcard) or the set would be too large to be worth testing.

    >>> sorted(literal_gate(r"(?:the\\s+)?fall\\s+of"))
    ['fal', 'the']
    """
    prefixes = {_WORD_HEAD.match(p)[0] for p in _prefixes(_parse_tree(pattern, 0), _GATE_LENGTH)}  # type: ignore[index]
    if "" in prefixes or len(prefixes) > _GATE_MAX:
        return frozenset()
    return frozenset(prefixes)


#: the word characters a literal beginning is cut to, so that it is a beginning of a word
_WORD_CHARS = re.compile(r"\w*")


def literal_openers(pattern: str, longest: int = 24) -> tuple[str, ...]:
    """The lower-case literal beginnings one of which starts every match of ``pattern``, each
    as long as its run of word characters goes (up to ``longest``); empty when a match can start
    with anything else. A match of a pattern that opens on a word boundary starts a word, and
    that word (in lower case) starts with one of these: a text none of whose words does holds
    no match.

    >>> literal_openers(r"\\b(?:plans?|rumou?rs?|ahead\\s+of)\\b")
    ('ahead', 'plan', 'plans', 'rumor', 'rumors', 'rumou')
    """
    prefixes = {_WORD_CHARS.match(p)[0] for p in _prefixes(list(_sre_parser.parse(pattern)), longest)}  # type: ignore[index]
    return () if "" in prefixes else tuple(sorted(prefixes))


def _prefixes(items: list, k: int, spaces: bool = False) -> set[str]:
    """Every lower-case prefix of length ``<= k`` a match of the sequence ``items`` can start with
    (shorter where the literal run ends or meets a construct not reasoned about: a class such as
    ``\\s``, a wildcard). With ``spaces`` a whitespace class (``\\s``) is read as a step of its
    own, written " " (and a literal space is one too)."""
    if not items or k == 0:
        return {""}
    op, arg = items[0]
    rest = items[1:]
    if op is None:  # _STOP
        return {""}
    if op == _sre_constants.LITERAL:
        return {chr(arg).lower() + s for s in _prefixes(rest, k - 1, spaces)}
    if op in _ZERO_WIDTH:
        return _prefixes(rest, k, spaces)
    if op == _sre_constants.BRANCH:
        return set().union(*(_prefixes(list(b) + rest, k, spaces) for b in arg[1]))
    if op == _sre_constants.SUBPATTERN:
        return _prefixes(list(arg[3]) + rest, k, spaces)
    if op in _REPEATS:
        low, _high, body = arg
        once = _prefixes([*body, _STOP], k, spaces)
        return once if low >= 1 else once | _prefixes(rest, k, spaces)
    if op == _sre_constants.IN and all(o == _sre_constants.LITERAL for o, _ in arg) and len(arg) <= 4:
        tails = _prefixes(rest, k - 1, spaces)
        return {chr(c).lower() + s for _, c in arg for s in tails}
    if spaces and op == _sre_constants.IN and list(arg) == [(_sre_constants.CATEGORY, _sre_constants.CATEGORY_SPACE)]:
        return {" " + s for s in _prefixes(rest, k - 1, spaces)}
    return {""}


def required_fragments(pattern: str, flags: int = 0) -> frozenset[str]:
    """Lower-case literal fragments one of which every match of ``pattern`` holds somewhere (not
    only at its start: "strike" or "raid" for ``air\\s*strikes?|(?:US|Russian)\\s+strikes?|raids?``),
    read off its parse tree; empty when the tree gives none. A lowered text (whose offsets are its
    own: :func:`lowers_in_place`) holding none of them holds no match.

    >>> sorted(required_fragments(r"(?:the\\s+)?fall\\s+of|fell\\s+to"))
    ['fall', 'fell']
    """
    best = _best_fragments(_parse_tree(pattern, flags & re.X))
    return frozenset(best) if best and all(best) else frozenset()


@lru_cache(maxsize=256)
def _parse_tree(pattern: str, verbose: int) -> list:
    """The items of ``pattern``'s parse tree (the callers only read them). Remembered: a pattern
    is read for its gate and for the fragments it needs (the trigger lexicon, at every process's
    first sentence), and parsing is the costly part. Of the flags only the verbose one changes
    the tree: case is the compiler's business."""
    return list(_sre_parser.parse(pattern, verbose))


def _best_fragments(items: list) -> frozenset[str] | None:
    """Of the fragment sets each mandatory part of the sequence ``items`` guarantees (a run of
    literal characters; a group, a repeat of at least once, or an alternation whose every branch
    guarantees a set), the most selective (longest shortest fragment); None when there is none."""
    found: list[frozenset[str]] = []
    run = ""
    for op, arg in items:
        if op == _sre_constants.LITERAL:
            run += chr(arg).lower()
            continue
        if run:
            found.append(frozenset({run}))
            run = ""
        if op == _sre_constants.SUBPATTERN:
            inner = _best_fragments(list(arg[3]))
        elif op in _REPEATS and arg[0] >= 1:
            inner = _best_fragments(list(arg[2]))
        elif op == _sre_constants.BRANCH:
            branches = [_best_fragments(list(b)) for b in arg[1]]
            inner = frozenset().union(*branches) if all(b is not None for b in branches) else None  # type: ignore[arg-type]
        else:
            inner = None  # a class, an optional part, a look-around: guarantees no literal
        if inner is not None:
            found.append(inner)
    if run:
        found.append(frozenset({run}))
    if not found:
        return None
    return max(found, key=lambda fragments: (min(map(len, fragments)), -len(fragments)))


def passes(gate: frozenset[str], starts: frozenset[str]) -> bool:
    """False when a pattern with ``gate`` cannot match a text with word beginnings ``starts``."""
    return not gate or not gate.isdisjoint(starts)


#: the character classes of a parsed expression, as expressions of their own
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def can_consume(pattern: re.Pattern[str], char: str) -> bool:
    """Can a match of ``pattern`` hold ``char`` anywhere in it? (What look-arounds peek at is
    not held; anything the expression is not read for, such as a back reference, counts as yes.)

    A text is searched for such a pattern only between the characters it cannot hold.

    >>> can_consume(re.compile(r"\\d+\\s+(?:killed|dead)", re.I), ":"), can_consume(re.compile(r"[^a]"), ":")
    (False, True)
    """
    atoms = _atoms(pattern)
    return atoms is None or any(_holds(expression, char, flags) for expression, flags in atoms)


@lru_cache(maxsize=64)
def _atoms(pattern: re.Pattern[str]) -> frozenset[tuple[str, int]] | None:
    """The one-character expressions (with their case flag) a match of ``pattern`` is made of;
    None when it holds something not reasoned about (a wildcard, a negated class, a back reference)."""
    found: set[tuple[str, int]] = set()
    ok = _collect(list(_sre_parser.parse(pattern.pattern, pattern.flags)), pattern.flags & re.I, found)
    return frozenset(found) if ok else None


def _collect(items: list, flags: int, found: set[tuple[str, int]]) -> bool:
    c = _sre_constants
    for op, arg in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # holds nothing
        if op == c.LITERAL:
            found.add((re.escape(chr(arg)), flags))
        elif op == c.SUBPATTERN:
            _group, add, remove, body = arg
            if not _collect(list(body), (flags | add) & ~remove & re.I, found):
                return False
        elif op == c.BRANCH:
            if not all(_collect(list(branch), flags, found) for branch in arg[1]):
                return False
        elif op in _REPEATS:
            if not _collect(list(arg[2]), flags, found):
                return False
        elif op == c.IN:
            for item, value in arg:
                if item == c.LITERAL:
                    found.add((re.escape(chr(value)), flags))
                elif item == c.RANGE:
                    found.add((f"[{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}]", flags))
                elif item == c.CATEGORY and str(value) in _CATEGORIES:
                    found.add((_CATEGORIES[str(value)], flags))
                else:
                    return False  # a negated class or anything else: not reasoned about
        else:
            return False  # a wildcard, a negated literal, a back reference: not reasoned about
    return True


@lru_cache(maxsize=4096)
def _holds(expression: str, char: str, flags: int) -> bool:
    """Does ``expression`` (one character's worth) match ``char``, with the case rules of ``flags``?
    (Remembered: a long expression repeats its letters and classes, each compiled once.)"""
    return re.fullmatch(expression, char, flags & re.I) is not None


class GateIndex:
    """Which of many gated expressions may match a text: those whose gate :func:`passes` its
    word beginnings, found through an index from each beginning to the gates holding it rather
    than by testing every gate (a sentence has a few dozen beginnings; most gates hold none).

    >>> sorted(GateIndex([frozenset({"cap"}), frozenset(), frozenset({"ret", "reg"})]).passing(frozenset({"ret", "the"})))
    [1, 2]
    """

    def __init__(self, gates: Sequence[frozenset[str]]) -> None:
        self.ungated = frozenset(i for i, gate in enumerate(gates) if not gate)
        by_start: dict[str, set[int]] = {}
        for i, gate in enumerate(gates):
            for start in gate:
                by_start.setdefault(start, set()).add(i)
        self.by_start = {start: frozenset(held) for start, held in by_start.items()}

    def passing(self, starts: frozenset[str]) -> set[int]:
        """The positions (in the list given) of the gates that pass ``starts``."""
        chosen = set(self.ungated)
        for start in starts & self.by_start.keys():
            chosen |= self.by_start[start]
        return chosen


def start_scanner(*patterns: str, also: str = "", at_word_start: bool = False) -> re.Pattern[str]:
    """A zero-width, case-blind expression that holds at every position where a match of one of
    ``patterns`` can start: one of their literal prefixes (three characters at most, a whitespace
    class one of them: "a " for ``a\\s+dozen``), or ``also`` (an expression for the starts that are
    not literal, such as ``\\d``). With ``at_word_start`` only at a word boundary, for an
    expression that opens on one (``\\b``): the "a" of "an?" is then not every "a" inside a word.

    Three characters, not two: a scanner for the number words held at every "th" ("three") and
    "on" ("one"), in every "the", "with" and "month" of a sentence, and the expression it gates
    was tried at each of them.

    Raises ValueError when a pattern can start with something else than a literal.

    >>> [m.start() for m in start_scanner("ten|twelve", "one").finditer("often one six")]
    [2, 6]
    """
    prefixes: set[str] = set()
    for pattern in patterns:
        found = _prefixes(list(_sre_parser.parse(pattern)), 3, spaces=True)
        if "" in found:
            raise ValueError(f"a match of {pattern!r} can start with a non-literal")
        prefixes |= found
    return re.compile((r"\b" if at_word_start else "") + "(?=" + "|".join(([also] if also else []) + [_trie(prefixes)]) + ")", re.I)


def _trie(prefixes: set[str]) -> str:
    """An alternation that holds where one of ``prefixes`` (none empty) starts, by their first
    character, then the rest (a bare character where a prefix ends there)."""
    by_first: dict[str, set[str]] = {}
    for prefix in prefixes:
        by_first.setdefault(prefix[0], set()).add(prefix[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        if "" in rests:
            branches.append(_step(first))
        elif len(rests) == 1:
            branches.append(_step(first) + "".join(map(_step, next(iter(rests)))))
        elif all(len(rest) == 1 for rest in rests):
            branches.append(_step(first) + "[" + "".join(map(_step, sorted(rests))) + "]")
        else:
            branches.append(_step(first) + "(?:" + _trie(rests) + ")")
    return "|".join(branches)


def _step(char: str) -> str:
    """One character of a prefix as an expression (" ": any whitespace, as ``\\s`` read it)."""
    return r"\s" if char == " " else re.escape(char)


def gated_finditer(pattern: re.Pattern[str], scanner: re.Pattern[str], text: str,
                   endpos: int | None = None) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text, 0, endpos)``, found by trying ``pattern`` only where
    ``scanner`` (:func:`start_scanner`) says a match can start.

    The same matches in the same order, provided ``pattern`` never matches the empty string and
    ``scanner`` holds at every start of a match: an expression that tries a long alternation at
    every position of a sentence costs many times the scan for its first letters.
    """
    end = len(text) if endpos is None else endpos
    return finditer_at(pattern, text, (candidate.start() for candidate in scanner.finditer(text, 0, end)), end)


def finditer_at(pattern: re.Pattern[str], text: str, starts: Iterable[int],
                endpos: int | None = None) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` tried at each of ``starts`` (in increasing order), skipping
    the starts inside the last match: what ``pattern.finditer`` gives when every match opens
    at one of ``starts`` and none is empty."""
    end = len(text) if endpos is None else endpos
    pos = 0
    for at in starts:
        if at < pos:
            continue
        m = pattern.match(text, at, end)
        if m is not None:
            yield m
            pos = m.end()


def gated_search(pattern: re.Pattern[str], scanner: re.Pattern[str], text: str, pos: int = 0,
                 endpos: int | None = None) -> re.Match[str] | None:
    """``pattern.search(text, pos, endpos)``, trying ``pattern`` only where ``scanner`` says a match can
    start (the same match, on the terms of :func:`gated_finditer`)."""
    end = len(text) if endpos is None else endpos
    for candidate in scanner.finditer(text, pos, end):
        m = pattern.match(text, candidate.start(), end)
        if m is not None:
            return m
    return None


def prefix_finditer(pattern: re.Pattern[str], text: str, lowered: str,
                    prefixes: Collection[str]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, found by trying ``pattern`` only where
    ``lowered`` (``text`` in lower case, offset for offset) holds one of ``prefixes``.

    The same matches in the same order, provided every match of ``pattern`` opens with one of
    ``prefixes`` in lower case (as :func:`literal_gate` reads them off the pattern) and is not
    empty: a few ``str.find`` calls cost less than trying the expression at every character.
    """
    return finditer_at(pattern, text, _occurrences(lowered, prefixes))


def _occurrences(lowered: str, prefixes: Collection[str]) -> list[int]:
    """Where in ``lowered`` one of ``prefixes`` stands, in order, each place once."""
    found: list[int] = []
    for prefix in prefixes:
        at = lowered.find(prefix)
        while at >= 0:
            found.append(at)
            at = lowered.find(prefix, at + 1)
    # one prefix (the most common case) finds its places in order and once each
    return found if len(prefixes) == 1 else sorted(set(found))


class AnyFragment:
    """Does a text hold one of a few literal fragments, in any case (``re.I``)?

    The cheap test run on every sentence before costly expressions. As one case-blind
    alternation it is tried at every character; a text is lower-cased once and searched for
    each fragment instead, a tenth of the cost. Only a text holding one of the four characters
    a case-blind match takes for an ASCII letter though ``str.lower`` does not (the Kelvin sign,
    "ſ", "ı", "İ": :data:`_FOLDS_TO_ASCII`; no other character lowers to or matches an ASCII
    letter) keeps the expression, as do fragments with a cased letter outside ASCII.

    >>> AnyFragment("kill", "dead").search("Two were KILLED")
    True
    """

    def __init__(self, *fragments: str) -> None:
        if not fragments:
            # a gate read off an expression that guarantees no fragment would pass nothing and
            # silently switch its rule off: say so when the module loads instead
            raise ValueError("AnyFragment needs at least one fragment (the expression guarantees none)")
        self.fragments = tuple(f.lower() for f in fragments)
        self.pattern = re.compile("|".join(map(re.escape, fragments)), re.I)
        # every letter of the fragments in ASCII ("mi²": the "²" has no case)
        self._ascii_letters = all(c.isascii() or not c.isalpha() for f in fragments for c in f)

    def search(self, text: str) -> bool:
        # news copy with curly quotes or dashes is not ASCII, but lowers as safely
        if text.isascii() or (self._ascii_letters and lowers_in_place(text)):
            lowered = text.lower()
            for fragment in self.fragments:  # noqa: SIM110 - a loop, not any() over a generator: a third of the cost
                if fragment in lowered:
                    return True
            return False
        return self.pattern.search(text) is not None


def compile_later(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function giving ``re.compile(pattern, flags)``, compiled at its first call: a long
    expression that only some texts need costs a process nothing until one of them comes (the
    compiler reads a pattern of thousands of characters one by one, in Python, at every start-up).

    >>> later = compile_later(r"wadi\\s+\\w+", re.I)
    >>> later().match("Wadi Harun")[0], later() is later()
    ('Wadi Harun', True)
    """
    return lru_cache(maxsize=1)(partial(re.compile, pattern, flags))


_Result = TypeVar("_Result")


def sentence_cache(function: Callable[[str], _Result]) -> Callable[[str], _Result]:
    """``function`` of a text, remembered for the last 256 sentences: a sentence read again (by
    another step, or a line repeated in a pasted list) is not searched again. The results must
    not be changed by the caller (return tuples)."""
    cached = lru_cache(maxsize=256)(function)

    def lookup(text: str) -> _Result:
        return cached(text) if len(text) <= _CACHED_LENGTH else function(text)

    lookup.__doc__ = function.__doc__
    lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return lookup
