"""Dates in news copy, resolved against the publication date.

Explicit dates ("Feb. 22", "Nov. 13, 2015", "January 2016", "August 2014", "in 2015") and
relative ones ("last week", "this week", "earlier this month", "over a year ago", "in the past
three months", "On Friday", "recently", "in recent weeks", "In December" = the latest December
before publication) each become a window ``[start, end]`` with a precision on the contract's
scale: 1 a day, 2 within a week or a few days, 3 a month or longer.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from geo.text.gate import GateIndex, gate_starts, literal_gate, prefix_finditer

#: Without any date in the text, an event told in the past tense is placed in this many days
#: before publication: news copy dates what is older than the last days, so an undated report
#: is recent ("Rebels captured the town", read on the day), not of any time in the last months.
DEFAULT_WINDOW_DAYS = 14
#: ... and one told as a summary in the perfect ("have reclaimed towns", "has lost ground"):
#: that reaches further back, so its window is two months.
SUMMARY_WINDOW_DAYS = 60

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}


def month_number(name: str) -> int | None:
    """The month a name or abbreviation matched case-blind means ("Sept" -> 9), None if none.

    A case-blind expression also matches letters whose case fold is an ASCII one (the long s in
    "ſeptember", the dotted capital I, the Kelvin sign): those are folded to ASCII, so a match
    never fails to look up (it raised KeyError and lost the whole article)."""
    key = name.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    folded = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if c.isascii())
    return MONTHS.get(folded.rstrip("."))


def _month_of(name: str | None) -> int:
    """:func:`month_number` for a group the expression matched; KeyError (no date) if none."""
    number = month_number(str(name))
    if number is None:
        raise KeyError(name)
    return number


WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_NUMWORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
             "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3,
             "few": 3, "a few": 3}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``[start, end)`` of the searched text and the window it means."""

    start: int
    end: int
    text: str
    date_start: date
    date_end: date
    precision: int
    relative: bool = False


_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_MON_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few|few)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_PREP = r"(?:in|since|during|until|till|by|from|through|of|before|after|on|last|this|early|late|mid|mid-|between|and|to)"

#: periods of the year with a name of their own, which "the last week of" may open like a month's
#: ("the last week of Ramadan"): the religious months and feasts news dates things by
_NAMED_PERIODS = r"Ramadan|Muharram|Shawwal|Dhu\s+al-Hijjah|Eid|Christmas|Easter|Lent|Advent|Passover|Hanukkah|Nowruz"

# Order matters: longer, more specific forms first; overlaps with an earlier match are dropped.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mrange", re.compile(rf"\b(?:(?i:from|between)\s+)?(?P<mon>{_MON_FULL})\s+(?i:to|and|through|until|till)\s+(?P<mon2>{_MON_FULL}),?\s+(?P<year>{_YEAR})\b")),
    ("md_y", re.compile(rf"\b(?P<mon>{_MON})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR})\b")),
    ("dm_y", re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON_FULL})\s+(?P<year>{_YEAR})\b")),
    ("md", re.compile(rf"\b(?P<mon>{_MON})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?\d)(?!\s*(?:%|percent|people|fighters|villages|square))")),
    ("dm", re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON_FULL})\b")),
    ("part_my", re.compile(rf"\b(?P<part>early|late|mid|mid-|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[\s-]*(?P<mon>{_MON_FULL})(?:,?\s+(?P<year>{_YEAR}))?\b", re.I)),
    ("my", re.compile(rf"\b(?P<mon>{_MON_FULL})(?:,)?\s+(?P<year>{_YEAR})\b")),
    ("season_y", re.compile(rf"\b(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+of\s+(?P<year>{_YEAR})\b", re.I)),
    ("y_season", re.compile(rf"\b(?P<year>{_YEAR})\s+(?P<season>spring|summer|autumn|fall|winter)\b", re.I)),
    ("part_y", re.compile(rf"\b(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)[\s-]+(?P<year>{_YEAR})\b", re.I)),
    ("since_y", re.compile(rf"\bsince\s+(?P<year>{_YEAR})\b", re.I)),
    ("y", re.compile(rf"\b(?:(?:in|of|during|throughout|by|until|for|since|from)\s+(?:all\s+of\s+|the\s+whole\s+of\s+|late\s+|early\s+)?)(?P<year>{_YEAR})\b(?!\s*(?:%|percent))", re.I)),
    ("start_of", re.compile(r"\b(?:since\s+)?the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+(?P<unit>year|month|week)\b", re.I)),
    ("today", re.compile(r"\b(?P<w>today|yesterday|tonight|this\s+morning|last\s+night)\b", re.I)),
    ("weekday", re.compile(r"\b(?:(?P<last>last)\s+|(?P<since>[Ss]ince)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                            r"(?P<prev_week>(?:\s+of)?\s+(?i:last|the\s+previous)\s+week\b)?")),
    ("this_unit", re.compile(r"\b(?P<rel>earlier\s+this|later\s+this|this|last|past|previous|over\s+the|during\s+the)\s+(?P<unit>week|month|year|weekend)\b(?!\s+(?:before|after)\b)"
                            # "the last week of March" (or "of Ramadan") is a period; "the capture
                            # last week of X" is X's
                            rf"(?!\s+of\b(?!\s+(?!(?:{_MON_FULL}|{_NAMED_PERIODS})\b)(?-i:[A-Z])))", re.I)),
    ("ago", re.compile(rf"\b(?P<q>(?:more|over|less)\s+than\s+|over\s+|about\s+|some\s+|nearly\s+|almost\s+)?(?P<n>{_NUM})\s+{_UNIT}\s+ago\b", re.I)),
    # "The advance comes six weeks after the army declared victory in X": what follows "after"
    # happened that long before the report, as "six weeks ago" would say
    ("comes_after", re.compile(rf"\b(?:comes|come|came|coming)\s+(?:just\s+|only\s+|barely\s+)?(?P<q>(?:more|less)\s+than\s+|about\s+|some\s+|nearly\s+|almost\s+)?(?P<n>{_NUM})\s+{_UNIT}\s+after\b", re.I)),
    ("past_n", re.compile(rf"\b(?:in|over|during|within|for)\s+the\s+(?:past|last|previous)\s+(?P<n>{_NUM})\s+{_UNIT}\b", re.I)),
    ("recent", re.compile(r"\b(?:in\s+)?recent\s+(?P<unit>days|weeks|months)\b", re.I)),
    ("recently", re.compile(r"\b(?P<w>recently|lately|in\s+the\s+past\s+few\s+days)\b", re.I)),
    ("season", re.compile(r"\b(?:(?P<rel>last|this)\s+|(?:in|during|over|through|since|until|by)\s+the\s+)(?P<season>spring|summer|autumn|fall|winter)\b(?!\s+of\b)", re.I)),
    ("mon", re.compile(rf"\b(?:(?P<prep>(?i:{_PREP}))\s+)(?:the\s+)?(?:month\s+of\s+)?(?P<mon>{_MON_FULL})\b(?!\s+\d)")),
    ("mon_bare", re.compile(r"\b(?P<mon>January|February|April|June|July|August|September|October|November|December)\b(?!\s+\d)")),
]


#: The word beginnings one of which starts each expression's matches: an expression whose
#: beginnings a sentence lacks is not run (most sentences name no month, weekday or season).
_GATES = tuple(literal_gate(pattern.pattern) for _, pattern in _PATTERNS)
#: Expressions that open on a figure (no gate) but need a word further on, after a space: a
#: month's name ("6 March 2016", "the 5th of May") or "ago".
_MONTH_HEADS = frozenset(name[:3] for name in MONTHS)
_WEEKDAY_HEADS = frozenset(name[:3] for name in WEEKDAYS)
#: Also expressions whose gate lets through a common first word ("in", "on", "from", "last") but
#: whose month's or weekday's name, written with its capital, stands at a word start (after a word
#: boundary or a space) in every match: "the month of March", "from April to June 2016", "last
#: Monday". A sentence with no word opening as one is not read for them (every sentence holding an
#: "in" or an "on" had its month expression's needed words looked for, and most have none).
#: Likewise a year ("in 2015", "since 2014", "mid-2015"), a season ("the summer of 2015", "in the
#: spring"), a unit of time ("in the past three weeks", "this month") or "start"/"beginning" ("the
#: start of the year") after a word that opens many sentences.
_YEAR_HEADS = frozenset({"19", "20"})  # the literal digits every year of ``_YEAR`` opens with
_SEASON_HEADS = frozenset(name[:3] for name in SEASONS)
_UNIT_HEADS = frozenset({"day", "wee", "mon", "yea"})
_NEEDS = {"dm_y": _MONTH_HEADS, "dm": _MONTH_HEADS, "ago": frozenset({"ago"}), "comes_after": frozenset({"aft"}),
          "mrange": _MONTH_HEADS, "mon": _MONTH_HEADS, "weekday": _WEEKDAY_HEADS,
          "y": _YEAR_HEADS, "since_y": _YEAR_HEADS, "part_y": _YEAR_HEADS,
          "season_y": _SEASON_HEADS, "y_season": _SEASON_HEADS, "season": _SEASON_HEADS,
          "past_n": _UNIT_HEADS, "this_unit": _UNIT_HEADS, "start_of": frozenset({"sta", "beg"}), "recent": frozenset({"rec"})}
#: the expressions whose gate and whose needed words a sentence's beginnings let through, found
#: by index: a test of each of the expressions on every sentence cost as much as running them
_GATE_INDEX = GateIndex(_GATES)
_NEEDS_INDEX = GateIndex([_NEEDS.get(kind, frozenset()) for kind, _ in _PATTERNS])

#: Words (lower case) one of which is inside every match of an expression, whatever its first
#: word: "in", "the" or "of" open most sentences, so an expression gated by its first word alone
#: ran on nearly all of them, though most name no month, year or season. Each tuple is one
#: condition, met when the lowered text holds one of its words anywhere (weaker than a word
#: start, so a month glued to "mid" is still found).
_MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_YEAR_WORDS = ("19", "20")  # the literal digits every year of ``_YEAR`` opens with
_SEASON_WORDS = ("spring", "summer", "autumn", "fall", "winter")
_UNIT_WORDS = ("day", "week", "month", "year")
#: The expressions written without ``re.I`` match a month or a weekday only as written here, with
#: its capital: a condition with a capital letter is looked for in the text itself, not lowered
#: (a lower-case "mar", "may" or "dec" is in "market", "may have" and "declared", and every
#: month expression was run on those sentences).
_MONTH_OPENINGS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # of ``_MON``
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")  # ``_MON_FULL``
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_INSIDE: dict[str, tuple[tuple[str, ...], ...]] = {
    "mrange": (_MONTH_NAMES, _YEAR_WORDS),
    "md_y": (_MONTH_OPENINGS, _YEAR_WORDS),
    "dm_y": (_MONTH_NAMES, _YEAR_WORDS),
    "md": (_MONTH_OPENINGS,),
    "dm": (_MONTH_NAMES,),
    "part_my": (_MONTH_WORDS,),  # case-blind
    "my": (_MONTH_NAMES, _YEAR_WORDS),
    "season_y": (_SEASON_WORDS, _YEAR_WORDS),
    "y_season": (_SEASON_WORDS, _YEAR_WORDS),
    "part_y": (_YEAR_WORDS,),
    "since_y": (_YEAR_WORDS,),
    "y": (_YEAR_WORDS,),
    "start_of": (("start", "beginning"), ("year", "month", "week")),
    "weekday": (_WEEKDAY_NAMES,),
    "this_unit": (("week", "month", "year"),),
    "ago": (("ago",), _UNIT_WORDS),
    "comes_after": (("after",), _UNIT_WORDS),
    "past_n": (_UNIT_WORDS,),
    "recent": (("recent",),),
    "recently": (("recently", "lately", "days"),),
    "season": (_SEASON_WORDS,),
    "mon": (_MONTH_NAMES,),
    "mon_bare": (tuple(name for name in _MONTH_NAMES if name not in ("March", "May")),),
}


#: the conditions, each once, and the conditions of each expression by their place in that list
_CONDITIONS = list(dict.fromkeys(words for conditions in _INSIDE.values() for words in conditions))
_CONDITION_OF = {words: i for i, words in enumerate(_CONDITIONS)}
#: the conditions looked for in the text as written (their words have capitals), by number
_CASED = tuple(any(word != word.lower() for word in words) for words in _CONDITIONS)
_INSIDE_AT = {kind: tuple(_CONDITION_OF[words] for words in conditions) for kind, conditions in _INSIDE.items()}


def _holds_a_word(lowered: str, words: tuple[str, ...]) -> bool:
    """Does ``lowered`` hold one of ``words``? Each is looked for by the string's own search: as one
    alternation the words were tried at every character that opens one of them (the "m" of
    "march" and "may"): a tenth of the cost of reading a sentence's dates."""
    for word in words:  # noqa: SIM110 - a loop, not any() over a generator: cheaper
        if word in lowered:
            return True
    return False


def _holds_conditions(text: str, lowered: str, conditions: tuple[int, ...], held: list[bool | None]) -> bool:
    """Does the text hold a word of each of an expression's :data:`_INSIDE` ``conditions`` (by
    number), ``lowered`` (the text in lower case) a lower-case one? ``held`` remembers each
    condition's answer for the text."""
    for i in conditions:
        found = held[i]
        if found is None:
            found = held[i] = _holds_a_word(text if _CASED[i] else lowered, _CONDITIONS[i])
        if not found:
            return False
    return True


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in ``text`` resolved to a window, in text order.

    Parameters
    ----------
    text
        A sentence or a whole article.
    published
        The publication date; relative expressions are dropped without it.

    Returns
    -------
    list of DateMention

    Examples
    --------
    >>> [d.date_start.isoformat() for d in find_dates("In October, the army retook the refinery.", date(2015, 6, 17))]
    ['2014-10-01']
    """
    return list(_find_dates(text, published))


@lru_cache(maxsize=256)
def _find_dates(text: str, published: date | None) -> tuple[DateMention, ...]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    starts = gate_starts(text)
    if starts is None:
        candidates: Sequence[int] = range(len(_PLAN))
        lowered = ""
    else:
        candidates = _may_match_among(starts & _INDEXED_STARTS)
        if not candidates:
            return ()
        lowered = text.lower()
    held: list[bool | None] = [None] * len(_CONDITIONS)
    first_figure: int | None = -1  # where the text's first figure stands, once looked for (None: it has none)
    for i in candidates:
        kind, pattern, gate, conditions, relative, span_group, on_a_day = _PLAN[i]
        if starts is not None and not _holds_conditions(text, lowered, conditions, held):
            continue
        if on_a_day:
            if first_figure == -1:
                figure = _FIGURE.search(text)
                first_figure = figure.start() if figure is not None else None
            if first_figure is None:
                continue
            matches: Iterable[re.Match[str]] = pattern.finditer(text, first_figure)
        elif starts is None or gate is None:
            matches = pattern.finditer(text)
        else:
            matches = prefix_finditer(pattern, text, lowered, gate & starts)
        for m in matches:
            m_start, m_end = m.span()
            if taken and any(m_start < e and s < m_end for s, e in taken):
                continue
            if kind in ("md", "dm") and _names_a_quarter(text, m_start, m_end):
                taken.append((m_start, m_end))  # nor is its month a date of its own
                continue
            window = _resolve(kind, m, published)
            if window is None:
                continue
            start_d, end_d, precision = window
            if published is not None and kind in _SINCE_KINDS and _since_before(text, m, kind):
                end_d, precision = published, 2  # "held since March 21": from that day to the report's
            if published is not None:
                if start_d > published:
                    continue
                if end_d > published:
                    end_d = published
            span_start = m.start(span_group)
            found.append(DateMention(span_start, m_end, text[span_start:m_end], start_d, end_d, precision, relative))
            taken.append((m_start, m_end))
    found.sort(key=lambda d: d.start)
    return tuple(found)


#: the days that "since" turns into the span from then to the report ("held since March 21"; "since
#: Tuesday" is read so by its own expression)
_SINCE_KINDS = frozenset(("md_y", "dm_y", "md", "dm"))
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.I)
#: "the first time since March 21", "the biggest advance since": a comparison, not a span
_COMPARED_SINCE = re.compile(r"\b(?:first|time|\w+est)\s+(?:[\w-]+\s+){0,3}since\s+$", re.I)


def _since_before(text: str, m: re.Match[str], kind: str) -> bool:
    lo = max(0, m.start() - 40)
    return _SINCE_BEFORE.search(text, lo, m.start()) is not None and _COMPARED_SINCE.search(text, lo, m.start()) is None


#: "the July 17 neighbourhood", "the 17 July neighbourhood", "July 14 Street": a quarter named after a date
_QUARTER_AFTER = re.compile(r"\s+(?:neighbou?rhoods?|district|quarter|street|bridge|square)\b", re.I)
#: "the neighbourhoods of Rifai and July 17": a date among the names of a list of quarters
_QUARTER_LIST_BEFORE = re.compile(r"\bneighbou?rhoods?\s+(?:of|like|such\s+as|including)\s+[^.;:]{0,60}?(?:,|\band)\s*$", re.I)


def _names_a_quarter(text: str, start: int, end: int) -> bool:
    """A month and day that name a quarter of a city (Iraqi and Syrian cities name many after
    dates), not a day."""
    return _QUARTER_AFTER.match(text, end) is not None or \
        _QUARTER_LIST_BEFORE.search(text, max(0, start - 90), start) is not None


#: every word beginning a gate or a needed word holds: the only ones the gates of :func:`_find_dates` look at
_INDEXED_STARTS = frozenset(_GATE_INDEX.by_start) | frozenset(_NEEDS_INDEX.by_start)


@lru_cache(maxsize=2048)
def _may_match_among(relevant: frozenset[str]) -> tuple[int, ...]:
    """The expressions (by position in :data:`_PATTERNS`, in order) a text whose word beginnings among
    :data:`_INDEXED_STARTS` are ``relevant`` lets through their gates and needed words.
    Remembered: sentences share a few such sets ("in", "on", "mar"), and both indexes were walked
    for each of them."""
    return tuple(sorted(_GATE_INDEX.passing(relevant) & _NEEDS_INDEX.passing(relevant)))


_RELATIVE = {"start_of", "since_y", "md", "dm", "part_my", "today", "weekday", "this_unit", "ago", "comes_after", "past_n", "recent", "recently", "season", "mon", "mon_bare"}

#: how an expression opening on a day's figure begins ("6 March 2016"): with no gate of letters it
#: is run through the text, but only from the text's first figure, where its first match can start
#: at the earliest (its word boundary still sees the character before). Most of a sentence comes
#: before its first figure, and the expression was tried at each of those characters.
_OPENS_ON_A_DAY = r"\b(?P<day>[0-3]?\d)"
_FIGURE = re.compile(r"\d")

#: each expression in order, with what its loop needs read off once (the loop over the expressions
#: cost more than most of their searches): its kind, its expression, its gate when it opens on a
#: word boundary and a gate (it is tried only where one of the gate's beginnings stands; None: one
#: opening on a figure runs through the text), its :data:`_INSIDE` conditions by number, whether
#: it is relative, the group its span starts at, and whether it opens on a day's figure
_PLAN = tuple(
    (kind, pattern, gate if gate and pattern.pattern.startswith(r"\b") else None, _INSIDE_AT.get(kind, ()),
     kind in _RELATIVE, "mon" if kind == "mon" else 0, pattern.pattern.startswith(_OPENS_ON_A_DAY))
    for (kind, pattern), gate in zip(_PATTERNS, _GATES))


def default_window(published: date, summary: bool = False) -> tuple[date, date, int]:
    """The window given to an event whose text states no date: the days before publication, or
    for a summary told in the perfect (``summary``) the months before it. Precision 3 either way:
    the day is not known."""
    days = SUMMARY_WINDOW_DAYS if summary else DEFAULT_WINDOW_DAYS
    return published - timedelta(days=days), published, 3


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _latest_month(month: int, published: date, include_current: bool) -> int:
    """The year of the latest ``month`` before publication ("In December" read in March)."""
    if month < published.month or (include_current and month == published.month):
        return published.year
    return published.year - 1


def _resolve(kind: str, m: re.Match[str], published: date | None) -> tuple[date, date, int] | None:
    g = m.groupdict()
    try:
        if kind in ("md_y", "dm_y"):
            d = date(int(g["year"]), _month_of(g["mon"]), int(g["day"]))
            return d, d, 1
        if kind == "mrange":
            y, mo, mo2 = int(g["year"]), _month_of(g["mon"]), _month_of(g["mon2"])
            y1 = y if mo <= mo2 else y - 1
            return date(y1, mo, 1), _month_end(y, mo2), 3
        if kind == "my":
            y, mo = int(g["year"]), _month_of(g["mon"])
            return date(y, mo, 1), _month_end(y, mo), 3
        if kind in ("season_y", "y_season"):
            return _season(g["season"].lower(), int(g["year"]))
        if kind == "part_y":
            y = int(g["year"])
            part = re.sub(r"\s+", " ", g["part"].lower())
            lo, hi = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "the end of": (10, 12), "the beginning of": (1, 3),
                      "the start of": (1, 3), "the first half of": (1, 6), "the second half of": (7, 12)}[part]
            return date(y, lo, 1), _month_end(y, hi), 3
        if kind == "since_y":
            y = int(g["year"])
            return date(y, 1, 1), published or date(y, 12, 31), 3
        if kind == "y":
            y = int(g["year"])
            return date(y, 1, 1), date(y, 12, 31), 3
        if published is None:
            return None
        return _resolve_relative(kind, g, published)
    except (ValueError, KeyError):
        return None


def _resolve_relative(kind: str, g: dict[str, str | None], pub: date) -> tuple[date, date, int] | None:
    if kind in ("md", "dm"):
        mo, day = _month_of(g["mon"]), int(str(g["day"]))
        y = pub.year if (mo, day) <= (pub.month, pub.day) else pub.year - 1
        d = date(y, mo, day)
        return d, d, 1
    if kind == "part_my":
        mo = _month_of(g["mon"])
        y = int(str(g["year"])) if g.get("year") else _latest_month(mo, pub, include_current=True)
        part = re.sub(r"\s+", " ", str(g["part"]).lower()).rstrip("-")
        last = _month_end(y, mo).day
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, last), "the end of": (21, last),
                  "the beginning of": (1, 10), "the start of": (1, 10)}[part]
        return date(y, mo, lo), date(y, mo, hi), 3
    if kind == "start_of":
        unit = str(g["unit"]).lower()
        first = {"year": date(pub.year, 1, 1), "month": pub.replace(day=1), "week": pub - timedelta(days=pub.weekday())}[unit]
        return first, pub, 2 if unit == "week" else 3
    if kind == "today":
        w = re.sub(r"\s+", " ", str(g["w"]).lower())
        d = pub - timedelta(days=1) if w in ("yesterday", "last night") else pub
        return d, d, 1
    if kind == "weekday":
        # "On Friday" is the latest Friday on or before publication (wire copy names the day
        # of the week for anything within the last seven days).
        back = (pub.weekday() - WEEKDAYS[str(g["wd"]).lower()]) % 7
        if g.get("last") and back == 0:
            back = 7
        if g.get("prev_week"):
            # "on Tuesday last week": that day of the calendar week before publication's
            back = pub.weekday() + 7 - WEEKDAYS[str(g["wd"]).lower()]
        d = pub - timedelta(days=back)
        if g.get("since"):
            return d, pub, 2  # "killed since Tuesday": every day from Tuesday to the report's
        return d, d, 1
    if kind == "this_unit":
        return _this_unit(re.sub(r"\s+", " ", str(g["rel"]).lower()), str(g["unit"]).lower(), pub)
    if kind in ("ago", "comes_after"):
        n = _count(str(g["n"]))
        q = (g.get("q") or "").strip().lower()
        return _ago(n, str(g["unit"]).lower(), q, pub)
    if kind == "past_n":
        n = _count(str(g["n"]))
        unit = str(g["unit"]).lower()
        return _minus(pub, n, unit), pub, 3 if unit != "day" else 2
    if kind == "recent":
        unit = str(g["unit"]).lower()
        span = {"days": 7, "weeks": 42, "months": 183}[unit]
        return pub - timedelta(days=span), pub, 2 if unit == "days" else 3
    if kind == "recently":
        w = str(g["w"]).lower()
        if "few days" in w:
            return pub - timedelta(days=7), pub, 2
        return pub - timedelta(days=30), pub, 3
    if kind == "season":
        season = str(g["season"]).lower()
        y = pub.year
        window = _season(season, y)
        if window[0] > pub or ((g.get("rel") or "").lower() == "last" and window[1] >= pub):
            window = _season(season, y - 1)
        return window
    if kind in ("mon", "mon_bare"):
        mo = _month_of(g["mon"])
        prep = (g.get("prep") or "").lower()
        if prep == "this":
            include = True
        elif prep == "last":
            include = False
        else:
            # "In December" = the latest December before publication, not the current month
            # (copy says "this month" for that).
            include = False
        y = _latest_month(mo, pub, include)
        return date(y, mo, 1), _month_end(y, mo), 3
    return None


def _this_unit(rel: str, unit: str, pub: date) -> tuple[date, date, int]:
    monday = pub - timedelta(days=pub.weekday())
    if rel in ("over the", "during the") and unit != "weekend":
        rel = "past"
    if unit == "weekend":
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
        if rel == "last" and pub.weekday() >= 5:
            sat -= timedelta(days=7)  # read on a weekend, "last weekend" is the one before
        return sat, min(sat + timedelta(days=1), pub), 2
    if rel in ("this", "earlier this", "later this"):
        if unit == "week":
            return monday, pub, 2
        if unit == "month":
            return pub.replace(day=1), pub, 3
        return date(pub.year, 1, 1), pub, 3
    if rel in ("past", "previous") and unit == "week":
        return pub - timedelta(days=7), pub, 2
    if rel in ("past",) and unit == "month":
        return pub - timedelta(days=31), pub, 3
    if rel in ("past",) and unit == "year":
        return _minus(pub, 1, "year"), pub, 3
    # "last week" is the calendar week before the publication week.
    if unit == "week":
        return monday - timedelta(days=7), monday - timedelta(days=1), 2
    if unit == "month":
        last_prev = pub.replace(day=1) - timedelta(days=1)
        return last_prev.replace(day=1), last_prev, 3
    return date(pub.year - 1, 1, 1), date(pub.year - 1, 12, 31), 3


def _ago(n: int, unit: str, qualifier: str, pub: date) -> tuple[date, date, int]:
    point = _minus(pub, n, unit)
    if qualifier.startswith(("more", "over")):
        # "over a year ago": at least n units back, and less than twice as far.
        return _minus(pub, 2 * n, unit), point, 3
    if qualifier.startswith("less"):
        return point, pub, 3
    slack = {"day": 1, "week": 3, "month": 15, "year": 120}[unit] * max(1, n if unit == "day" else 1)
    precision = 1 if unit == "day" and not qualifier else 2 if unit in ("day", "week") else 3
    return point - timedelta(days=slack), min(point + timedelta(days=slack), pub), precision


def _minus(d: date, n: int, unit: str) -> date:
    if unit == "day":
        return d - timedelta(days=n)
    if unit == "week":
        return d - timedelta(weeks=n)
    months = n * (12 if unit == "year" else 1)
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _count(word: str) -> int:
    w = re.sub(r"\s+", " ", word.lower())
    return int(w) if w.isdigit() else _NUMWORDS.get(w, 1)


def _season(season: str, year: int) -> tuple[date, date, int]:
    first, last = SEASONS[season]
    if first > last:  # winter spans the new year
        return date(year, first, 1), _month_end(year + 1, last), 3
    return date(year, first, 1), _month_end(year, last), 3
