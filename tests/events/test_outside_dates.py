"""Toponyms inside a date expression are dropped; the dates are read only when one could be."""

from __future__ import annotations

import re
from datetime import date

from geo.events.extract import _DATE_WORD, _may_be_in_a_date, _outside_dates
from geo.records import Toponym
from geo.text.dates import _PATTERNS, find_dates

#: pieces of a date expression's source that are no word of their own: the rest of a month's
#: name after its first letters ("Jan(?:uary)?"), a day's ordinal ("5th") and a unit's plural
_PIECES = {"uary", "ruary", "ch", "il", "e", "y", "ust", "t", "ember", "ober", "st", "nd", "rd", "th", "s"}


def _without_lookarounds(source: str) -> str:
    """``source`` less its look-aheads and look-behinds: what they read is no part of a match."""
    out, i = [], 0
    while i < len(source):
        if source.startswith(("(?!", "(?=", "(?<!", "(?<="), i):
            depth = 0
            while True:
                depth += {"(": 1, ")": -1}.get(source[i], 0) if source[i - 1] != "\\" else 0
                i += 1
                if depth == 0:
                    break
            continue
        out.append(source[i])
        i += 1
    return "".join(out)


def _literal_words(source: str) -> set[str]:
    """The words spelt out in an expression's source (a case class such as "[Ss]" is its letter)."""
    source = re.sub(r"\[([A-Za-z])([A-Za-z])\]",
                    lambda m: m[1] if m[1].lower() == m[2].lower() else " ", source)
    source = re.sub(r"\(\?P<\w+>|\(\?P=\w+\)|\(\?[a-zA-Z]+:|\\[a-zA-Z]", " ", _without_lookarounds(source))
    return {w.lower() for w in re.findall(r"[A-Za-z]+", source)}


def test_every_word_a_date_expression_spells_is_a_date_word() -> None:
    # a word added to an expression of geo.text.dates must be added to _DATE_WORD too
    for kind, pattern in _PATTERNS:
        for word in _literal_words(pattern.pattern) - _PIECES:
            assert _DATE_WORD.search(word), (kind, word)


def _top(text: str, name: str) -> Toponym:
    start = text.index(name)
    return Toponym("t.txt", start, start + len(name), name, name=name, lat=36.3, lon=43.1)


def _plain_filter(text: str, tops: list[Toponym], published: date) -> list[Toponym]:
    spans = [(d.start, d.end) for d in find_dates(text, published)]
    return [t for t in tops if not any(t.start < e and s < t.end for s, e in spans)]


def test_a_place_named_like_a_month_inside_a_date_is_dropped() -> None:
    text = "Kurdish fighters entered Mosul in March 2015 after a long siege."
    tops = [_top(text, "Mosul"), _top(text, "March")]
    assert [t.text for t in _outside_dates(text, tops, date(2016, 1, 5))] == ["Mosul"]
    assert _may_be_in_a_date(text, tops[1]) and not _may_be_in_a_date(text, tops[0])


def test_the_shortcut_keeps_what_reading_the_dates_keeps() -> None:
    published = date(2016, 4, 2)
    cases = [
        ("Troops retook Ramadi on December 28 after weeks of fighting.", ["Ramadi"]),
        ("The siege of Kobani ended last January, officials said.", ["Kobani"]),
        ("Shelling hit Homs and Hama on Sunday.", ["Homs", "Hama"]),
        ("Rebels held Tal Abyad since the start of the year.", ["Tal Abyad"]),
        ("Militants fled to Saint George on Friday.", ["Saint George"]),
    ]
    for text, names in cases:
        tops = [_top(text, name) for name in names]
        assert _outside_dates(text, tops, published) == _plain_filter(text, tops, published), text


def test_a_toponym_cut_inside_a_word_is_always_checked() -> None:
    text = "Airstrikes hit Raqqa's outskirts on Monday."
    cut = Toponym("t.txt", 15, 18, "Raq", name="Raq", lat=35.9, lon=39.0)
    assert _may_be_in_a_date(text, cut)
