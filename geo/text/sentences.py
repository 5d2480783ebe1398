"""Sentence spans of news text, as offsets into the original string.

Written by hand rather than taken from NLTK or spaCy: both want model or data downloads, and
news copy needs only a handful of rules — abbreviations ("U.S.", "Lt. Col.", "Feb. 22") that end
in a period without ending a sentence, closing quotes after the period, and paragraph breaks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geo.text.gate import finditer_at

#: Lower-cased words that end in a period without ending the sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen lt col maj capt cpt sgt cmdr adm brig pres sec st mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc corp co ltd jr sr
    approx est dept univ
    """.split()
)

# The leading lookahead names the characters every alternative starts with: without it the
# engine tried each alternative (and the lookbehind) at every character of the text
_BOUNDARY = re.compile(
    r"""(?=[.!?\n])(?:[.!?]+["'”’»)\]]*(?=\s)|\n\s*\n|\n|(?<=[a-z\d]{2})[.!?](?=[A-Z][a-z]*\b))""")
_NEXT_WORD = re.compile(r"\s*[\"'“‘(\[]*(\S)")
#: the characters a boundary opens on, found by a plain scan: :data:`_BOUNDARY` (whose look-ahead
#: leaves the engine no first character to skip to) is then tried at those places only
_BOUNDARY_HEAD = re.compile(r"[.!?\n]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence, whitespace trimmed, in text order.

    Parameters
    ----------
    text
        The article text.

    Returns
    -------
    list of tuple of int
        Offsets such that ``text[start:end]`` is one sentence.

    Examples
    --------
    >>> t = "U.S. Army Col. Steve Warren spoke. On Feb. 22, a bomb went off."
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['U.S. Army Col. Steve Warren spoke.', 'On Feb. 22, a bomb went off.']
    """
    return list(_sentence_spans(text))


@lru_cache(maxsize=2)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    # cached for the last article or two: the geoparser and the event extractor split the same text
    spans: list[tuple[int, int]] = []
    start = 0
    wrap = wrap_width(text)
    for match in finditer_at(_BOUNDARY, text, (head.start() for head in _BOUNDARY_HEAD.finditer(text))):
        end = match.end()
        if match.group().startswith((".", "!", "?")) and not _ends_sentence(text, match.start(), end):
            continue
        if match.group()[0] in ".!?" and _glued(text, end) and not _next_word_starts_sentence(text, end) \
                and not _lost_space(text, match.start(), end):
            continue  # "wounded 34.In Northern Baghdad", "2 million.Prime Minister": a lost space; "Rudaw.Net" is a name
        if match.group() == "\n" and wrap and _wrapped_line_continues(text, match.start(), wrap):
            continue
        _append_trimmed(text, start, end, spans)
        start = end
    _append_trimmed(text, start, len(text), spans)
    return tuple(spans)


def _glued(text: str, end: int) -> bool:
    """A boundary with no space after it (the copy lost the space between two sentences)."""
    return end < len(text) and not text[end].isspace()


#: matched in place, at a boundary of the whole text (a copy of the rest of the text per
#: boundary made a long article quadratic)
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+\b")
#: a lower-case word of prose at the end of a string (not part of an address or a path)
_PROSE_WORD_AT_END = re.compile(r"(?<![\w.@/-])[a-z]{3,}$")


def _lost_space(text: str, dot: int, end: int) -> bool:
    """"a pre-war population of about 2 million.Prime Minister ...": a lower-case word of prose, its
    period, then a capitalised word: two sentences that lost the space between them (a name
    such as "Rudaw.Net" or "Yahoo.News" starts with a capital)."""
    before = _PROSE_WORD_AT_END.search(text[max(0, dot - 30):dot])
    return before is not None and _CAPITALISED_WORD.match(text, end) is not None


def wrap_width(text: str) -> int | None:
    """The column at which the text is hard-wrapped, or None when its lines are paragraphs.

    Wire copy and plain-text archives often break lines at a fixed width (60-80 columns); a
    newline there is no sentence boundary. The text counts as wrapped when it has enough lines,
    the long ones are at most 120 columns, and at least half of them come near the widest.
    """
    lengths = [len(line.rstrip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < 5:
        return None
    width = sorted(lengths)[int(len(lengths) * 0.9)]
    if width > 120:
        return None
    near = sum(1 for n in lengths if n >= 0.75 * width)
    return width if near >= 0.5 * len(lengths) else None


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The span from :func:`sentence_spans` that contains ``offset`` (or the nearest before it)."""
    lo, hi = 0, len(spans) - 1
    best = spans[0] if spans else (0, 0)
    while lo <= hi:
        mid = (lo + hi) // 2
        if spans[mid][0] <= offset:
            best = spans[mid]
            lo = mid + 1
        else:
            hi = mid - 1
    return best


#: compiled once: ``re``'s own cache costs a lookup per call, and this runs at every full stop
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")


def _ends_sentence(text: str, dot: int, end: int) -> bool:
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "\"'“‘(":
        word_start -= 1
    word = text[word_start:dot]
    nxt = _NEXT_WORD.match(text, end)
    next_char = nxt.group(1) if nxt else ""
    if text[dot] != ".":
        return True
    if word.lower().rstrip(".") in ABBREVIATIONS:
        # "Feb. 22" and "Lt. Col. Fares" continue; an abbreviation can still end a sentence
        # when a new one plainly begins (capitalised word after a month abbreviation is rare).
        return False
    if _INITIALISM.fullmatch(word + "."):
        # Initialisms such as U.S. or U.N. end a sentence only before a capitalised word that
        # is not itself part of a name ("U.S. officials" vs "... by the U.S. The group ...").
        return bool(next_char) and next_char.isupper() and _next_word_starts_sentence(text, end)
    if word.isdigit() or not next_char:
        return True
    return not next_char.islower()


_SENTENCE_OPENERS = frozenset(
    "the a an in on at but and it its this that these those he she they we i as after before "
    "while when since during for however meanwhile still yet last earlier".split()
)


#: the word after a boundary, matched in place (a copy of the rest of the text per boundary made
#: a long article quadratic)
_OPENING_WORD = re.compile(r"\s*[\"'“‘(\[]*([A-Za-z]+)")


def _next_word_starts_sentence(text: str, end: int) -> bool:
    match = _OPENING_WORD.match(text, end)
    return match is not None and match.group(1).lower() in _SENTENCE_OPENERS


def _wrapped_line_continues(text: str, newline: int, width: int) -> bool:
    """In hard-wrapped text a line that reaches the margin goes on after its newline, unless it
    ends with sentence punctuation; a short line (a heading, a paragraph's last line) ends."""
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline].rstrip()
    if not line or line[-1] in ".!?:\"”’)":
        return False
    return len(line) >= 0.75 * width


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
