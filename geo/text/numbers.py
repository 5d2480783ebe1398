"""Numbers as news copy writes them: casualties, areas, counts, percentages and ranges.

Everything here works on one stretch of text (usually a sentence) and returns offsets into it,
so that :mod:`geo.events.extract` can tell which trigger a figure belongs to. The grammar is small and
written out by hand because the forms are few and fixed ("at least 27", "more than a hundred",
"all 150 on board", "left 42 dead", "8,000-9,500", "1,300 square kilometers (502 square
miles)") and a general parser would need a model download.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from geo.text.gate import (
    AnyFragment,
    compile_later,
    gate_starts,
    gated_finditer,
    gated_search,
    literal_gate,
    lowers_in_place,
    prefix_finditer,
    sentence_cache,
    start_scanner,
)

#: Square kilometres per square mile (international mile), for the stated-conversion check.
KM2_PER_MI2 = 2.589988110336

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "a dozen": 12, "dozen": 12,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

#: Longer words first: an alternation takes its first branch that matches, and "six" would
#: otherwise match the start of "sixteen" and "sixty" (read as 6).
_WORD = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|eleven|twelve|thirteen|"
         r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|zero|one|two|three|four|five|six|"
         r"seven|eight|nine|ten)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?")
_SCALE = r"(?:hundred|thousand|million|billion)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: One number: digits ("1,300", "1.5 million") or words ("a hundred", "twenty-one", "a dozen").
NUMBER = (
    rf"(?:(?:{_DIGITS})(?:\s+{_SCALE})?"
    rf"|(?:{_WORD}|an?)(?:\s+{_SCALE})(?:\s+(?:and\s+)?{_WORD})?"
    rf"|a\s+dozen|{_WORD})"
)
#: Hedges before a figure; the figure itself is what we keep ("at least 27" -> 27).
QUALIFIER = (
    r"(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|roughly|approximately|"
    r"up\s+to|as\s+many\s+as|fewer\s+than|less\s+than|close\s+to|an\s+estimated|estimated|"
    r"all(?:\s+the)?|a\s+total\s+of|another)"
)
_RANGE_SEP = r"(?:\s*[-–—]\s*|\s+to\s+|\s+and\s+)"

_QUANT_RE = re.compile(
    rf"\b(?:(?P<qual>{QUALIFIER})\s+)?(?:between\s+)?(?P<low>{NUMBER})"
    rf"(?:(?P<sep>{_RANGE_SEP})(?P<high>{NUMBER}))?(?![\d,])",
    re.I,
)

#: Where a match of ``_QUANT_RE`` can start: a qualifier, "between" or a number.
#: (``_QUANT_RE`` opens on a word boundary: its matches start at one)
_QUANT_START = start_scanner(QUALIFIER, r"between", _WORD, r"an?\s", r"a\s+dozen", also=r"\d", at_word_start=True)


@dataclass(frozen=True)
class Quantity:
    """A figure found in text.

    ``value`` is the stated figure (the low end of a range); ``low``/``high`` bound a range and
    equal ``value`` otherwise. ``kind`` is ``number``, ``percent``, ``area`` or ``count``;
    ``unit`` is ``%``, ``km2`` or the counted noun ("villages"). ``checked`` is True when a
    second unit was stated and agrees ("1,300 square kilometers (502 square miles)").
    """

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    kind: str = "number"
    unit: str | None = None
    qualifier: str | None = None
    checked: bool | None = None


@dataclass(frozen=True)
class Casualties:
    """Killed and wounded stated in a stretch of text, with where each figure sits."""

    killed: int | None
    wounded: int | None
    breakdown: str | None
    start: int
    end: int


#: a figure in digits
_PLAIN_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def parse_number(text: str) -> float | None:
    """The value of one number phrase, or None.

    Examples
    --------
    >>> parse_number("1,300"), parse_number("a hundred"), parse_number("twenty-one")
    (1300.0, 100.0, 21.0)
    >>> parse_number("1.5 million")
    1500000.0
    """
    words = text.lower().replace(",", "").split()
    if not words:
        return None
    if _PLAIN_DIGITS.fullmatch(words[0]):
        value = float(words[0])
        for w in words[1:]:
            value *= _SCALES.get(w, 1)
        return value
    if " ".join(words) in ("a dozen", "dozen"):
        return 12.0
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w == "and":
            continue
        if w in _SCALES:
            current = max(current, 1.0) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total += current
                current = 0.0
            seen = True
        elif "-" in w and all(p in _UNITS for p in w.split("-")):
            current += sum(_UNITS[p] for p in w.split("-"))
            seen = True
        elif w in _UNITS:
            current += _UNITS[w]
            seen = True
        else:
            return None
    return total + current if seen else None


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` with its kind: percent, area (in km2), count or plain number.

    Ranges ("21,000-24,000", "19,000 to 25,000", "between 20 and 30") give ``low``/``high``;
    areas stated in two units are checked against each other and the km2 figure kept (square
    miles alone are converted).

    Examples
    --------
    >>> q = find_quantities("took 1,300 square kilometers (502 square miles)")[0]
    >>> q.kind, q.value, q.unit, q.checked
    ('area', 1300.0, 'km2', True)
    >>> q = find_quantities("lost 35 percent of its land")[0]
    >>> q.kind, q.value
    ('percent', 35.0)
    """
    return list(_find_quantities(text))


@sentence_cache
def _find_quantities(text: str) -> tuple[Quantity, ...]:
    # cached, as casualties and dates are: a repeated sentence is not read twice
    out: list[Quantity] = list(_fractions(text))
    pos = 0
    while True:
        m = gated_search(_QUANT_RE, _QUANT_START, text, pos)
        if not m:
            break
        if _is_date_or_noise(text, m) or any(q.start <= m.start() < q.end for q in out):
            pos = m.end()
            continue
        q, end = _classify(text, m)
        if q is not None:
            out.append(q)
        pos = max(end, m.end())
    out.sort(key=lambda q: q.start)
    return tuple(out)


#: Fractions of a whole as percentages ("half of its territory", "nearly a third of Syria").
_FRACTIONS = {"half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3,
              "one-third": 100 / 3, "two thirds": 200 / 3, "two-thirds": 200 / 3, "a quarter": 25.0,
              "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
              "a fifth": 20.0, "one-fifth": 20.0, "a tenth": 10.0}
#: (compiled at its first use, as the other expressions only some texts need: a process that
#: reads no such text does not pay for compiling them, a good part of its start-up)
_fraction_re = compile_later(
    rf"\b(?:(?P<qual>{QUALIFIER}|nearly|roughly)\s+)?(?P<f>one[- ]half|a\s+half|half|a\s+third|one[- ]third|two[- ]thirds|"
    r"a\s+quarter|one[- ]quarter|three[- ]quarters|a\s+fifth|one-fifth|a\s+tenth)(?=\s+(?:of|its|their)\b)",
    re.I,
)


#: a word every fraction of :func:`_fraction_re` holds: a text with none is not searched (the
#: expression, with its optional qualifier, is tried at every position)
_FRACTION_WORD = AnyFragment("half", "third", "quarter", "fifth", "tenth")


def _fractions(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    if not _FRACTION_WORD.search(text):
        return out
    for m in _fraction_re().finditer(text):
        value = _FRACTIONS[re.sub(r"\s+", " ", m.group("f").lower())]
        value = round(value, 1)
        qual = m.group("qual").lower() if m.group("qual") else None
        out.append(Quantity(m.start(), m.end(), m.group(), value, value, value, "percent", "%", qual))
    return out


def _is_date_or_noise(text: str, m: re.Match[str]) -> bool:
    """Years, days of months and lone articles ("a", "an") are not figures."""
    low = m.group("low")
    if low.lower() in ("a", "an"):
        return True
    before = text[max(0, m.start() - 12): m.start()]
    after = text[m.end(): m.end() + 12]
    if re.fullmatch(r"(?:1[89]|20)\d\d", low) and not re.match(r"\s*(?:%|percent|per cent|square|sq|km|people|fighters|villages)", after, re.I):
        return True
    return bool(re.search(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s*$", before)
                and re.fullmatch(r"\d{1,2}", low))


_AREA_UNIT = re.compile(
    r"\s*(?P<u>square\s+kilomet(?:er|re)s?|sq\.?\s*km|km2|km²|square\s+km|"
    r"square\s+miles?|sq\.?\s*mi(?:les?)?|mi2|mi²)\b",
    re.I,
)
_PERCENT = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", re.I)
_PCT_UPPER = re.compile(rf"\s*(?:-|–|to)\s*(?P<n>{_DIGITS})\s*(?:%|percent\b|per\s+cent\b)", re.I)
_COUNT_NOUN = re.compile(
    r"\s+(?P<noun>villages|towns|cities|districts|neighbou?rhoods|settlements|hamlets|"
    r"square\s+kilomet(?:er|re)s|countries|provinces)\b",
    re.I,
)
#: A word every share or area contains (a fraction's, a percent sign's or a unit's, same flags):
#: a sentence without one states neither (:func:`may_state_share_or_area`).
#: "per" only as in "per cent" (:data:`_PERCENT`): as a fragment it let through every sentence
#: naming the Peshmerga or an operation, and each was read for figures in vain.
_SHARE_OR_AREA_WORD = AnyFragment("%", "percent", "half", "third", "quarter", "fifth", "tenth", "square", "sq", "km", "mi2", "mi²")
_PER = AnyFragment("per")
_PER_CENT = re.compile(r"per\s+cent", re.I)


def may_state_share_or_area(text: str) -> bool:
    """False when :func:`find_quantities` cannot find a percentage or an area in ``text``."""
    return _SHARE_OR_AREA_WORD.search(text) or (_PER.search(text) and _PER_CENT.search(text) is not None)


#: a restated area in brackets (compiled at its first use: most texts state no area)
_paren_area = compile_later(rf"\s*\(\s*(?P<q>(?:{QUALIFIER}\s+)?(?:{NUMBER})(?:{_RANGE_SEP}(?:{NUMBER}))?)", re.I)


def _classify(text: str, m: re.Match[str]) -> tuple[Quantity | None, int]:
    low = parse_number(m.group("low"))
    high = parse_number(m.group("high")) if m.group("high") else None
    if low is None:
        return None, m.end()
    sep = (m.group("sep") or "").strip().lower()
    # "killed 12 and wounded 30" is two figures, not a range: "and" joins a range only after
    # "between" or when a unit follows both numbers.
    if high is not None and sep == "and" and "between" not in m.group(0).lower():
        high = None
        end_low = m.start("low") + len(m.group("low"))
        return _finish(text, m.start(), end_low, low, None, m.group("qual"))
    return _finish(text, m.start(), m.end(), low, high, m.group("qual"))


def _finish(text: str, start: int, end: int, low: float, high: float | None, qual: str | None) -> tuple[Quantity, int]:
    hi = low if high is None else high
    qualifier = qual.lower() if qual else None
    pct = _PERCENT.match(text, end)
    if pct:
        stop = pct.end()
        upper = _PCT_UPPER.match(text, stop)
        if upper and high is None:
            # "10% to 20%": a range written with the unit twice
            hi = parse_number(upper.group("n")) or hi
            stop = upper.end()
        return Quantity(start, stop, text[start:stop], low, low, hi, "percent", "%", qualifier), stop
    area = _AREA_UNIT.match(text, end)
    if area:
        return _area(text, start, area, low, hi, qualifier)
    count = _COUNT_NOUN.match(text, end)
    if count:
        noun = re.sub(r"\s+", " ", count.group("noun").lower())
        return Quantity(start, count.end(), text[start:count.end()], low, low, hi, "count", noun, qualifier), count.end()
    return Quantity(start, end, text[start:end], low, low, hi, "number", None, qualifier), end


def _area(text: str, start: int, area: re.Match[str], low: float, hi: float, qualifier: str | None) -> tuple[Quantity, int]:
    unit = area.group("u").lower()
    miles = "mi" in unit
    factor = KM2_PER_MI2 if miles else 1.0
    end = area.end()
    checked: bool | None = None
    # A second unit in brackets right after ("(502 square miles)") restates the figure: check it.
    paren = _paren_area().match(text, end)
    if paren:
        inner = _QUANT_RE.match(paren.group("q"))
        unit2 = _AREA_UNIT.match(text, paren.end())
        if inner and unit2:
            other_miles = "mi" in unit2.group("u").lower()
            if other_miles != miles:
                o_low = parse_number(inner.group("low")) or 0.0
                o_hi = parse_number(inner.group("high")) if inner.group("high") else o_low
                o_factor = KM2_PER_MI2 if other_miles else 1.0
                checked = _agrees(low * factor, o_low * o_factor) and _agrees(hi * factor, (o_hi or o_low) * o_factor)
                close = text.find(")", unit2.end())
                end = close + 1 if 0 <= close - unit2.end() <= 2 else unit2.end()
    value_low, value_hi = round(low * factor, 1), round(hi * factor, 1)
    return Quantity(start, end, text[start:end], value_low, value_low, value_hi, "area", "km2", qualifier, checked), end


def _agrees(a: float, b: float, tolerance: float = 0.05) -> bool:
    """Rounded conversions in copy are off by a few percent at most."""
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1.0)


# --- casualties -------------------------------------------------------------------------------

_KILL_VERB = r"(?:killed|killing|kills|kill|executed|executing|beheaded|beheading|left|leaving|claimed|claiming)"
_WOUND_VERB = r"(?:wounded|wounding|wounds|injured|injuring|injures|injure|wound)"
_VICTIM = (
    r"(?:people|persons?|civilians?|soldiers?|troops|fighters?|militants?|members?|policemen|peshmergas?|"
    r"police(?:\s+officers)?|officers?|men|women|children|worshippers|passengers|others|"
    r"jihadists|jihadis|insurgents|rebels|recruits|combatants|loyalists|gunmen|paramilitaries|guards|personnel|"
    r"residents|attackers|assailants|bombers|volunteers|militiamen|troopers|pilgrims|shoppers|students|workers|"
    r"prisoners|detainees|hostages|captives|conscripts|villagers|commanders|leaders|journalists|mourners|guests)"
)
_NUM_Q = rf"(?:(?:{QUALIFIER})\s+)?(?:{NUMBER})(?:(?:{_RANGE_SEP})(?:{NUMBER}))?"
# "12 Iraqi soldiers and 35 militants were killed", "20 people died", "27 dead", "30 wounded"
_MOD = r"(?:(?:(?-i:[A-Z])[\w.-]*|regime|government|pro-[\w-]+|security|army|rebel|militia|jihadist|allied|local|foreign|tribal)\s+){0,2}"  # "47 SDF fighters", "30 regime loyalists"
#: "six members of the Kurdish militias", "170 members of government forces": whose members
_OF_WHOM = r"(?:\s+of\s+(?:(?:the|an?|his|her|their|its)\s+)?" + _MOD + r"[\w-]+)?"
_GROUP_V = rf"{_NUM_Q}\s+{_MOD}{_VICTIM}{_OF_WHOM}"  # a figure with the people it counts
_GROUP_O = rf"{_NUM_Q}(?:\s+{_MOD}{_VICTIM}{_OF_WHOM})?"
_SEP = r"(?:,\s*|\s+and\s+|,\s+and\s+)"
#: A figure counted after the first one of a verb's object: "killing two soldiers and three
#: civilians", "a commander and five of his men", "12 policemen and two others"; not a group
#: that is then said to be wounded or taken ("killed 20 people and 40 were wounded").
_MORE_GROUP = (
    rf"{_SEP}(?:{_NUM_Q})\s+(?:(?:of\s+(?:his|her|their|its)\s+)?{_MOD}{_VICTIM}|others|more)\b"
    r"(?!\s+(?:were|was|are|had\s+been|have\s+been)?\s*(?:wounded|injured|hurt|missing|captured|arrested|abducted|kidnapped))"
)
# "killed at least 27 people", "killed all 150 on board", "killed one person", "killed 12",
# "killing two soldiers and three civilians" (the groups of one object are summed)
_VERB_NUM = re.compile(
    rf"\b(?P<verb>{_KILL_VERB}|{_WOUND_VERB})\s+(?P<num>{_NUM_Q})(?P<tail>\s+(?:{_MOD}{_VICTIM}|on\s+board|dead|wounded|injured))?"
    rf"(?P<more>(?:{_MORE_GROUP})+)?",
    re.I,
)
#: One person named by rank or role: "killing a senior Kurdish commander (and five of his men)".
_PERSON = (
    r"(?:commander|officer|soldier|policeman|policewoman|civilian|fighter|militant|child|woman|man|boy|girl|"
    r"general|colonel|major|captain|lieutenant|brigadier|leader|journalist|reporter|photographer|member|guard|"
    r"emir|chief|cleric|official|judge|doctor|student|worker|resident|pilot|jihadist|rebel|gunman|person|"
    r"farmer|shepherd|teenager|conscript|volunteer|militiaman|trooper|mayor|governor|sheikh)"
)
#: the verbs :data:`_ONE_PERSON` opens with
_ONE_PERSON_VERB = rf"killed|killing|kills|kill|executed|executing|beheaded|beheading|{_WOUND_VERB}"
_ONE_PERSON = re.compile(
    rf"\b(?P<verb>{_ONE_PERSON_VERB})\s+(?:a|an|one)\s+"
    rf"(?:(?!(?:and|or|of|in|at|on|by|with)\b)[A-Za-z.’'-]+\s+){{0,3}}?(?P<noun>{_PERSON})\b"
    rf"(?P<more>(?:{_MORE_GROUP})+)?",
    re.I,
)
# Several counted groups are summed ("47 SDF fighters and 140 militants were killed"); only
# groups that name who they count can be joined, so "In 2015, 47 fighters" is not 2062. A last
# group with no figure of its own is counted in the figure ("30 troops and pro-regime
# paramilitaries were killed": 30).
#: A part of the counted group told between it and its verb: ", including seven children,", "
#: among them four women": the figure before it is the whole (words only: no character
#: of :data:`_FIGURE_BREAKS` inside, so the stretches a toll is searched in stay as they were).
_AMONG_THEM = r"(?:,?\s+(?:including|among\s+them|among\s+whom|of\s+whom)\s+[\w\s'’-]{1,60}?,?)"
#: The words a subject figure is told with ("N were killed", "N dead", "N were executed").
_TOLL_WORD = r"(?:killed|dead|died|deaths|wounded|injured|hurt|slain|executed|beheaded)\b"
_NUM_VERB = re.compile(
    rf"(?P<groups>(?:{_GROUP_V}(?:{_SEP}{_GROUP_V})*{_SEP})?{_GROUP_O})(?:(?:,\s*|\s+and\s+|,\s+and\s+){_MOD}{_VICTIM}){{0,3}}"
    rf"{_AMONG_THEM}?"  # "19 civilians, including seven children, were killed": the part is in the whole
    rf"\s+(?:(?:who|that)\s+)?(?:(?:were|was|have\s+been|had\s+been|has\s+been|are|been|had|have|has)\s+)?(?:also\s+)?"
    rf"(?:(?!(?:only|early|reportedly\s+(?:not|never)))\w+ly\s+)?"  # "were summarily executed", "were reportedly killed"
    rf"(?:(?:found|reported|confirmed)\s+)?"  # "were found dead", "were reported dead", "were found beheaded"
    rf"(?P<what>{_TOLL_WORD})",
    re.I,
)
#: Every match of ``_NUM_VERB`` ends with one of these words: none, no match; and none can end
#: after the last of them, so the search stops there (the expression tries its figures at every
#: position, which made it the costliest step of event extraction).
_TOLL_WORD_RE = re.compile(_TOLL_WORD, re.I)
#: the beginnings every toll word opens with ("kil", "dea", ...)
_TOLL_WORD_GATE = literal_gate(_TOLL_WORD)


def _toll_words(text: str) -> Iterable[re.Match[str]]:
    """``_TOLL_WORD_RE.finditer(text)``, tried only where one of the words' beginnings stands
    (a few string searches, not the alternation at every character of the sentence)."""
    if lowers_in_place(text):
        return prefix_finditer(_TOLL_WORD_RE, text, text.lower(), _TOLL_WORD_GATE)
    return _TOLL_WORD_RE.finditer(text)
_WOUND_VERB_RE = re.compile(_WOUND_VERB, re.I)
#: "left 42 dead and 80 wounded": a second figure riding on the first verb
_more_left = compile_later(rf"\s*(?:,\s*|and\s+)+(?P<num>{_NUM_Q})\s+(?:people\s+|others\s+)?(?P<w>dead|wounded|injured)\b", re.I)
#: "left 42 people dead", "claimed 40 lives", "leaving five people killed": the death word after a figure
_DEAD_AFTER = re.compile(r"\s+(?:people\s+)?(?:dead|lives|killed\b)")
_ONE_GROUP = re.compile(rf"(?P<num>{_NUM_Q})(?P<who>\s+(?:of\s+(?:his|her|their|its)\s+)?{_MOD}(?:{_VICTIM}|others|more)\b)?", re.I)
#: (compiled at its first use, by the first text holding one of :data:`_TOLL_NEEDS`' words: the
#: largest of the expressions, some 10,000 characters, and many texts state no such toll)
_toll = compile_later(
    # "the death toll ranged from 56 to 200": a range, its low end (as "between 56 and 200 were killed")
    rf"\bdeath\s+toll\s+(?:[\w,]+\s+){{0,5}}?(?:from|between)\s+(?P<num0>{_NUM_Q})\s+(?:to|and)\s+{_NUM_Q}"
    rf"|\bdeath\s+toll\s+(?:[\w,]+\s+){{0,5}}?(?:to|of|at)\s+(?P<num>{_NUM_Q})"
    rf"|\b(?:claimed|took|taking|claiming|cost)\s+the\s+lives\s+of\s+(?P<num2>{_NUM_Q})"
    rf"|(?P<num3>{_NUM_Q})\s+(?:people\s+|civilians\s+|soldiers\s+)?(?:(?:(?:have|has|had)\s+)?lost\s+their\s+lives|fatalities|deaths|executions)\b",
    re.I,
)
#: "the death toll rose to", "has climbed to": a figure that updates the one told before.
_RISEN = re.compile(r"\b(?:rose|risen|rises|rising|climbed|climbs|climbing|reached|reaches|increased|jumped|mounted)\s+(?:\w+\s+)?to\b", re.I)
#: "causing breathing problems but no deaths", "no one was killed": a toll of none.
_NO_DEATHS = re.compile(
    r"\b(?:no|without\s+any)\s+(?:deaths|fatalities|casualties|one\s+(?:was\s+)?(?:killed|hurt))\b"
    r"|\bnobody\s+was\s+(?:killed|hurt)\b",
    re.I,
)
#: A word every match of :func:`_toll` contains (same flags): a sentence without one is not searched.
_TOLL_NEEDS = AnyFragment("toll", "lives", "fatalities", "deaths", "executions")
#: Where a figure (``_NUM_Q``: a qualifier or a number) can start, and so a match of ``_NUM_VERB``;
#: with the first words of the other two forms of :func:`_toll`, where a match of that can start.
_FIGURE_START = start_scanner(QUALIFIER, _WORD, r"an?\s", r"a\s+dozen", also=r"\d")
_TOLL_START = start_scanner(QUALIFIER, _WORD, r"an?\s", r"a\s+dozen", r"death", r"claimed|took|taking|claiming|cost",
                            also=r"\d")


def _groups(text: str) -> Iterator[re.Match[str]]:
    """``_ONE_GROUP.finditer(text)``, tried only where :data:`_FIGURE_START` says a figure can
    start (a match opens on its figure): the expression, with its figures' every number word,
    was tried at each character of a toll's groups ("12 Iraqi soldiers and 35 militants")."""
    return gated_finditer(_ONE_GROUP, _FIGURE_START, text)


#: A bare figure that ends a date ("6 March 2016", "March 6, 2016", "in 2016") is a year.
_DATE_BEFORE = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?|\b(?:in|of|since|until)\s+)"
    r"(?:19|20)\d\d$", re.I)
#: how every match of ``_DATE_BEFORE`` ends (the year): searched first in the last characters
_YEAR_AT_END = re.compile(r"(?:19|20)\d\d$")


def _date_before(text: str, end: int) -> bool:
    """``_DATE_BEFORE.search(text, 0, end)``: not searched from the text's start when the few
    characters before ``end`` are no year (most figures), which made a long line of tolls
    quadratic."""
    return _YEAR_AT_END.search(text, max(0, end - 5), end) is not None and _DATE_BEFORE.search(text, 0, end) is not None


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    what: str  # "killed" | "wounded"
    value: int
    breakdown: str | None
    update: bool = False  # "the death toll rose to 20": replaces the figure told before


#: Cheap test run first: most sentences of a news article state no casualties at all.
_CASUALTY_WORD = AnyFragment("kill", "dead", "died", "death", "wound", "injur", "hurt", "slain", "left", "leaving", "claim",
                             "lives", "fatalit", "casualt", "execut", "behead", "nobody")


def find_casualties(text: str) -> list[_Hit]:
    """Each killed/wounded figure in ``text`` in order, as private hits (see :func:`casualties`)."""
    if not _CASUALTY_WORD.search(text):
        return []
    return list(_find_casualties(text))


#: The word beginnings one of which opens every match of these expressions (each opens on a
#: word boundary and a verb or "no"): a sentence is searched from those only.
#: (Read off the verbs the expressions open with, not the whole expressions: a verb is longer
#: than a gate's beginning, so the gate is the same, and the whole expressions, with their figures
#: and groups, cost a second parse of some 9,000 characters at every process's start-up.)
_VERB_NUM_GATE = literal_gate(rf"\b(?:{_KILL_VERB}|{_WOUND_VERB})")
_ONE_PERSON_GATE = literal_gate(rf"\b(?:{_ONE_PERSON_VERB})")
_NO_DEATHS_GATE = literal_gate(_NO_DEATHS.pattern)


def _word_gated(text: str) -> Callable[[re.Pattern[str], frozenset[str]], Iterable[re.Match[str]]]:
    """``finditer`` over ``text`` for an expression that opens on a word boundary and one of the
    beginnings ``gate``: tried only where one of the beginnings the text has stands
    (:func:`geo.text.gate.prefix_finditer`), unless the lowered text's offsets are not the text's
    (then :func:`geo.text.gate.gate_starts` is None)."""
    starts = gate_starts(text)
    if starts is None:
        return lambda pattern, _gate: pattern.finditer(text)
    lowered = text.lower()
    return lambda pattern, gate: prefix_finditer(pattern, text, lowered, gate & starts) if gate else pattern.finditer(text)


@lru_cache(maxsize=256)
def _find_casualties(text: str) -> tuple[_Hit, ...]:
    hits: list[_Hit] = []
    counted: set[int] = set()  # starts of hits whose every figure names the people it counts
    for m in _subject_figures(text):
        what = "killed" if m.group("what").lower() in ("killed", "dead", "died", "deaths", "slain", "executed", "beheaded") else "wounded"
        parts = [(g.group("num"), (g.group("who") or "").strip()) for g in _groups(m.group("groups"))]
        values = [(v, who) for v, who in ((_figure(n), who) for n, who in parts) if v is not None]
        if not values:
            continue
        if len(values) == 1 and not values[0][1] and _date_before(text, m.start("groups") + len(m.group("groups"))):
            continue  # "on 6 March 2016 killed at least 83": a year, not a count
        total = sum(v for v, _ in values)
        breakdown = None
        if len(values) > 1:
            breakdown = " + ".join(f"{v} {who}".strip() for v, who in values)
        if all(who for _, who in values):
            counted.add(m.start())
        hits.append(_Hit(m.start(), m.end(), what, total, breakdown))
    each = _word_gated(text)
    for m in each(_VERB_NUM, _VERB_NUM_GATE):
        if any(h.start <= m.start("num") < h.end for h in hits):
            continue
        verb = m.group("verb").lower()
        tail = (m.group("tail") or "").strip().lower()
        if verb in ("left", "leaving", "claimed", "claiming"):
            # "left 42 dead", "claimed 40 lives": only a figure with a death word counts.
            after = text[m.end("num"): m.end("num") + 30].lower()
            if tail in ("dead",) or _DEAD_AFTER.match(after):
                what = "killed"
            elif tail in ("wounded", "injured"):
                what = "wounded"
            else:
                continue
        else:
            what = "wounded" if _WOUND_VERB_RE.match(verb) else "killed"
        value = _figure(m.group("num"))
        if value is None:
            continue
        end = m.end()
        value, breakdown = _with_more_groups(value, f"{m.group('num')}{m.group('tail') or ''}", m.group("more"))
        hits.append(_Hit(m.start(), end, what, value, breakdown))
        # "left 42 dead and 80 wounded": the second figure rides on the first verb.
        more = _more_left().match(text[end:]) if verb in ("left", "leaving") else None
        if more:
            v2 = _figure(more.group("num"))
            if v2 is not None:
                w = "killed" if more.group("w").lower() == "dead" else "wounded"
                hits.append(_Hit(end + more.start("num"), end + more.end(), w, v2, None))
    for m in each(_ONE_PERSON, _ONE_PERSON_GATE):
        if any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in hits):
            continue
        what = "wounded" if _WOUND_VERB_RE.match(m.group("verb")) else "killed"
        value, breakdown = _with_more_groups(1, f"1 {m.group('noun')}", m.group("more"))
        hits.append(_Hit(m.start(), m.end(), what, value, breakdown))
    for m in gated_finditer(_toll(), _TOLL_START, text) if _TOLL_NEEDS.search(text) else ():
        group = next(g for g in ("num0", "num", "num2", "num3") if m.group(g))
        value = _figure(m.group(group))
        if value is not None and not any(h.start <= m.start(group) < h.end for h in hits):
            hits.append(_Hit(m.start(), m.end(), "killed", value, None, bool(_RISEN.search(m.group()))))
    for m in each(_NO_DEATHS, _NO_DEATHS_GATE):
        if not any(h.start <= m.start() < h.end for h in hits):
            hits.append(_Hit(m.start(), m.end(), "killed", 0, None))
    hits.sort(key=lambda h: (h.start, h.end))
    return tuple(_join_both_sides(text, hits, counted))


#: A kill or wound verb right before a figure makes the figure its object ("killed 20 people").
_VERB_BEFORE = re.compile(rf"\b(?:{_KILL_VERB}|{_WOUND_VERB})\s+$", re.I)


_SEP_RE = re.compile(_SEP, re.I)
_ASCII_DIGITS = frozenset("0123456789")


def _search_subject_figure(text: str, pos: int, end: int) -> re.Match[str] | None:
    """``_NUM_VERB.search(text, pos, end)``, tried where :data:`_FIGURE_START` says a match can
    start, but not inside a run of digits when no match starts at the digit before.

    A match opens on its first figure, and one opening on a digit inside a run ("014 Fallujah"
    in "2014 Fallujah") takes the digits from there on: the same figure taken from the digit
    before ends where it ends and makes the same match, so when none starts there none starts
    here. Except for "1234,567": "234,567" is a figure with a thousands comma, "1234,567" is
    none, so a digit with a comma within its next four characters is always tried. Year after
    year in pasted lists ("8 November 2014 Fallujah airstrike") made these tries most of the
    cost of the casualty search.
    """
    failed = -2  # where the last try found no match (or none can start, by the rule above)
    for candidate in _FIGURE_START.finditer(text, pos, end):
        at = candidate.start()
        if at == failed + 1 and text[at - 1] in _ASCII_DIGITS and text[at] in _ASCII_DIGITS \
                and "," not in text[at:at + 4]:
            failed = at
            continue
        m = _NUM_VERB.match(text, at, end)
        if m is not None:
            return m
        failed = at
    return None


def _subject_figures(text: str) -> Iterator[re.Match[str]]:
    """The matches of "N people were killed" in ``text``. A match that opens with the object of a
    verb ("killed 20 people and 40 were wounded") is tried again from its next group: the 20 are
    the verb's, only the 40 were wounded."""
    for lo, hi in _toll_stretches(text):
        pos = lo
        while pos < hi and (m := _search_subject_figure(text, pos, hi)) is not None:
            if _VERB_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                first = _ONE_GROUP.match(text, m.start())
                nxt = _SEP_RE.match(text, first.end()) if first else None
                pos = nxt.end() if nxt and nxt.end() < m.end("groups") else m.end()
                continue
            yield m
            pos = m.end()


#: Characters no match of ``_NUM_VERB`` holds: a match lies between two of them, and ends with a
#: toll word there. Written out, not read off the expression at import (a parse of its 9,500
#: characters, a tenth of every process's start-up): tests/text/test_gate.py reads them off it
#: (:func:`geo.text.gate.can_consume`) and fails when an edit of the expression lets it hold one.
_FIGURE_BREAKS = ":;()[]\"“”!?/"
_FIGURE_BREAK = re.compile(f"[{re.escape(_FIGURE_BREAKS)}]")


def _toll_stretches(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` a match of ``_NUM_VERB`` may lie in, in order: from a break
    (:data:`_FIGURE_BREAKS`) to the end of the last toll word before the next one. A line of a
    pasted list ("May 3, 2015: Mosul, 4 killed (AFP)") is searched for figures from its last
    break before the toll only, not from its start: the search tried every figure and number
    word of the text up to its last toll word."""
    ends = [m.end() for m in _toll_words(text)]
    if not ends:
        return []
    stretches: list[tuple[int, int]] = []
    lo = 0
    for brk in _FIGURE_BREAK.finditer(text, 0, ends[-1]):
        inside = ends[bisect.bisect_left(ends, lo + 1):bisect.bisect_right(ends, brk.start())]
        if inside:
            stretches.append((lo, inside[-1]))
        lo = brk.end()
    inside = ends[bisect.bisect_left(ends, lo + 1):]
    if inside:
        stretches.append((lo, inside[-1]))
    return stretches


def _with_more_groups(value: int, first: str, more: str | None) -> tuple[int, str | None]:
    """The first figure of a verb's object plus the groups listed after it ("two soldiers and
    three civilians": 5), with the breakdown when there are several."""
    if not more:
        return value, None
    parts = [(value, first.strip())]
    for g in _groups(more):
        v = _figure(g.group("num"))
        if v is not None:
            parts.append((v, f"{g.group('num')}{g.group('who') or ''}".strip()))
    if len(parts) == 1:
        return value, None
    return sum(v for v, _ in parts), " + ".join(who for _, who in parts)


#: "346 militants were killed and more than 170 soldiers died": the dead of both sides of one
#: fight, told with a verb each, joined in one clause.
_BOTH_SIDES = re.compile(r"\s*,?\s*(?:and|while|whereas)\s+", re.I)


def _join_both_sides(text: str, hits: list[_Hit], counted: set[int]) -> list[_Hit]:
    """Sum two death figures that each count named people ("N fighters were killed") and are
    joined by "and"/"while" with nothing else between them."""
    out: list[_Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev is not None and prev.what == h.what == "killed" and prev.start in counted and h.start in counted \
                and _BOTH_SIDES.fullmatch(text, prev.end, h.start):
            parts = " + ".join(p for p in (prev.breakdown or str(prev.value), h.breakdown or str(h.value)))
            out[-1] = _Hit(prev.start, h.end, "killed", prev.value + h.value, parts)
            continue
        out.append(h)
    return out


def casualties(text: str) -> Casualties | None:
    """Killed and wounded stated in ``text`` (one sentence or part of one), or None.

    Examples
    --------
    >>> c = casualties("a mortar round killed 12 and wounded 30")
    >>> c.killed, c.wounded
    (12, 30)
    >>> c = casualties("12 Iraqi soldiers and 35 militants were killed")
    >>> c.killed, c.breakdown
    (47, '12 Iraqi soldiers + 35 militants')
    """
    hits = find_casualties(text)
    if not hits:
        return None
    return summarise(hits)


def summarise(hits: list[_Hit]) -> Casualties:
    """Fold hits into one killed/wounded pair: the first figure of each kind, unless a later one
    says the toll rose ("killed 12 ..., and the death toll later rose to 20": 20)."""
    killed = next((h for h in reversed(hits) if h.what == "killed" and h.update), None) \
        or next((h for h in hits if h.what == "killed"), None)
    wounded = next((h for h in hits if h.what == "wounded"), None)
    breakdown = "; ".join(h.breakdown for h in (killed, wounded) if h is not None and h.breakdown) or None
    return Casualties(
        killed.value if killed else None,
        wounded.value if wounded else None,
        breakdown,
        min(h.start for h in hits),
        max(h.end for h in hits),
    )


#: more people than have ever lived in the region: a figure this large counts no dead or wounded
#: (a phone number, an id, garbage), and it must not overflow the exports' integer columns
MAX_CASUALTIES = 100_000_000


@lru_cache(maxsize=1024)
def _figure(phrase: str) -> int | None:
    """The stated figure of "at least 27", "more than a hundred", "all 150" (low end of a range);
    None for no figure or one too large to count people. Remembered: an article's tolls state a
    few figures again and again ("12", "at least 20"), each read by the figure's expression."""
    m = _QUANT_RE.search(phrase)
    if not m:
        return None
    value = parse_number(m.group("low"))
    if value is None or (m.group("low").lower() in ("a", "an") and not m.group("high")):
        return None
    return round(value) if value <= MAX_CASUALTIES else None
