"""The per-article work grows linearly with an article's length, counted, not timed.

The work is counted as the Python lines executed (``sys.settrace``) on the second pass over the
same article (the first fills the caches, whose size does not grow with the text). Doubling the
article doubles the count when the work is linear and quadruples it when it is quadratic; the
tests allow up to 2.4 times (sorting and the odd logarithm), so a quadratic step that already
weighs a few percent at 128 KB fails here long before users meet it at megabytes.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import date

import pytest
from _dispatches import ACTORS, MONTHS, TOWNS

from geo.events.extract import extract_events
from geo.events.incidents import assign_incidents
from geo.geoparse.parser import Geoparser
from geo.records import Article

#: how much more work twice the text may cost
MAX_GROWTH = 2.4
#: the shorter article (64 KB: where the quadratic steps of today already show, at 2.9 times
#: the work for twice the text)
SIZE = 64_000


def short_lines(size: int) -> str:
    """A pasted list of incidents: one short line each (what made the work quadratic, issue 13)."""
    rng = random.Random(7)
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(rng.choice(["{m} {d}: {t}, {n} killed", "{t} - clashes, {a}", "{a} enter {t}"]).format(
            m=rng.choice(MONTHS), d=rng.randint(1, 28), t=rng.choice(TOWNS), n=rng.randint(2, 90),
            a=rng.choice(ACTORS)) + "\n")
    return "".join(parts)


def lines_executed(work: Callable[[], object]) -> int:
    """Python lines executed by ``work()``: a count of work that does not depend on the machine's load."""
    lines = 0

    def tracer(frame, event, arg):
        nonlocal lines
        lines += event == "line"
        return tracer

    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(None)
    return lines


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    return Geoparser()


def work_done(geoparser: Geoparser, text: str) -> int:
    """Python lines executed to geoparse ``text`` and extract its events (caches warm)."""
    article = Article(id="long.txt", text=text)

    def process() -> None:
        extract_events(article, geoparser.parse(article))

    process()
    return lines_executed(process)


def test_work_on_many_short_lines_grows_linearly(geoparser):
    growth = work_done(geoparser, short_lines(2 * SIZE)) / work_done(geoparser, short_lines(SIZE))
    assert growth < MAX_GROWTH, f"twice the text costs {growth:.2f} times the work"


def near_and_at_lines(size: int) -> str:
    """Attacks at and near the same few towns on days spread over two years: the incidents near a
    town meet every incident of the towns around."""
    rng = random.Random(11)
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(rng.choice(["{m} {d}, {y}: shelling near {t}, {n} killed", "{m} {d}, {y}: {t}, {n} killed",
                                 "{m} {d}, {y}: airstrikes east of {t} killed {n} people"]).format(
            m=rng.choice(MONTHS), d=rng.randint(1, 28), y=rng.choice([2015, 2016]), t=rng.choice(TOWNS),
            n=rng.randint(2, 90)) + "\n")
    return "".join(parts)


def linking_work(geoparser: Geoparser, text: str) -> int:
    """Python lines executed to link the article's reports into incidents."""
    article = Article(id="long.txt", text=text, published=date(2017, 1, 1))
    events = extract_events(article, geoparser.parse(article))
    assert sum(e.geo_precision == 2 for e in events) > len(events) // 4  # reports near a town abound
    return lines_executed(lambda: assign_incidents(events))


def test_work_linking_reports_near_towns_grows_linearly(geoparser):
    growth = linking_work(geoparser, near_and_at_lines(2 * SIZE)) / linking_work(geoparser, near_and_at_lines(SIZE))
    assert growth < MAX_GROWTH, f"twice the reports cost {growth:.2f} times the work"


def story_and_tolls(size: int) -> str:
    """Attacks followed by sentences that tell only a toll, or only a place: each toll is looked for
    the story's last attack (which a scan of every earlier event made quadratic)."""
    rng = random.Random(5)
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(rng.choice([
            "A car bomb exploded at a checkpoint in {t} on {m} {d}.",
            "Later, gunmen stormed a police post, killing {n} officers.",
            "At least {n} people were killed in the assault, a medic said.",
            "Another {n} were killed, the ministry said.",
            "Residents of {t} said the market was closed.",
        ]).format(m=rng.choice(MONTHS), d=rng.randint(1, 28), t=rng.choice(TOWNS), n=rng.randint(2, 90),
                  a=rng.choice(ACTORS)) + " ")
    return "".join(parts)


def test_work_binding_tolls_to_the_story_attack_grows_linearly(geoparser):
    # at 128 and 256 KB: the scan of every earlier event per toll weighs too little at 64 KB to show
    growth = work_done(geoparser, story_and_tolls(4 * SIZE)) / work_done(geoparser, story_and_tolls(2 * SIZE))
    assert growth < MAX_GROWTH, f"twice the text costs {growth:.2f} times the work"


def village_lists(size: int) -> str:
    """Lists of villages, sentence after sentence: each item's neighbours in its list were looked
    for by a pass over every mention of the article, which made such an article quadratic."""
    rng = random.Random(3)
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        a, b, c = rng.sample(TOWNS, 3)
        parts.append(rng.choice(["Jets struck the villages of {a}, {b} and {c} on {m} {d}. ",
                                 "{a}, {b} and {c} villages emptied as the fighting neared. "]).format(
            a=a, b=b, c=c, m=rng.choice(MONTHS), d=rng.randint(1, 28)))
    return "".join(parts)


def geoparse_work(geoparser: Geoparser, text: str) -> int:
    """Python lines executed to geoparse ``text`` (caches warm)."""
    article = Article(id="lists.txt", text=text)
    geoparser.parse(article)
    return lines_executed(lambda: geoparser.parse(article))


def test_work_on_an_article_of_many_lists_grows_linearly(geoparser):
    growth = geoparse_work(geoparser, village_lists(2 * SIZE)) / geoparse_work(geoparser, village_lists(SIZE))
    assert growth < MAX_GROWTH, f"twice the text costs {growth:.2f} times the work"
