"""A hostile corpus, generated: whatever a file holds, territory reads it or names it, never crashes.

Property-based (Hypothesis) where it fits. The texts mix invented war reporting (``_dispatches``)
with what breaks programs: random Unicode, control characters, huge lines, deeply nested HTML,
one place name repeated hundreds of times, numbers at the edges of a 64-bit integer, dates that do
not exist (31 February). Asserted of every one:

- no exception escapes (the reading stage raises only :class:`CorpusError`, naming the file;
  processing an article never fails with an internal error);
- every offset slices the article to the text it claims (mentions, evidence sentences);
- the GeoJSON files are valid RFC 7946 (longitude first, both in range, no ``crs`` member, closed
  right-handed rings);
- the same corpus gives the same bytes when run again.

The examples are few and derandomized (the suite runs in CI in well under a minute and always
tries the same cases); raise ``HYPOTHESIS_EXAMPLES`` locally to search harder.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import tempfile
from pathlib import Path

import pytest
from _dispatches import TOWNS, sentence
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import CorpusError
from geo.events.extract import extract_events
from geo.geoparse.parser import Geoparser
from geo.io.corpus import read_article
from geo.records import Article
from geo.runner.pipeline import run

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "0")) or None
INT64_EDGES = (2**63 - 1, -(2**63), 2**63, 2**64, 2**31, 10**20)
IMPOSSIBLE_DATES = ("31 February 2015", "February 30, 2016", "2015-02-31", "2014-13-01", "June 31st, 2015",
                    "0 March 2015", "29 February 2015", "31/02/2016", "9999-12-31", "the 32nd of May 2015")
CONTROL = "".join(chr(c) for c in [*range(9), 11, 12, *range(14, 32), 127, 0x85, 0x2028, 0x2029, 0x200B, 0xFEFF])


def _fast(examples: int):
    return settings(max_examples=EXAMPLES or examples, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def dispatches(draw) -> str:
    """A sentence of war reporting written for the tests."""
    return sentence(random.Random(draw(st.integers(0, 10_000))))


KINDS = ("unicode", "control", "huge_line", "repeated_place", "int64", "date", "html", "dispatch")
#: what a whole run is given: everything
RUN_KINDS = KINDS


@st.composite
def hostile_pieces(draw, kinds: tuple[str, ...] = KINDS) -> str:
    """One piece of something that breaks programs."""
    kind = draw(st.sampled_from(kinds))
    if kind == "unicode":
        return draw(st.text(min_size=1, max_size=200))
    if kind == "control":
        return draw(st.text(alphabet=CONTROL + "Raqqa ", min_size=1, max_size=80))
    if kind == "huge_line":
        return draw(dispatches()).rstrip(".") + ", " + "and then " * draw(st.integers(500, 3000)) + "silence."
    if kind == "repeated_place":
        town = draw(st.sampled_from(TOWNS))
        return " ".join([town] * draw(st.integers(50, 400))) + "."
    if kind == "int64":
        n = draw(st.sampled_from(INT64_EDGES))
        return (f"At least {n} people were killed and {n} wounded when a car bomb exploded in "
                f"{draw(st.sampled_from(TOWNS))}; rebels said they hold {n} percent ({n} km2) of the province.")
    if kind == "date":
        return (f"On {draw(st.sampled_from(IMPOSSIBLE_DATES))}, {draw(dispatches())[0].lower()}"
                f"{draw(dispatches())[1:]}")
    if kind == "html":
        depth = draw(st.integers(100, 3000))
        return "<div>" * depth + draw(dispatches()) + "</div>" * draw(st.integers(0, depth))
    return draw(dispatches())


@st.composite
def hostile_articles(draw, kinds: tuple[str, ...] = KINDS) -> str:
    pieces = draw(st.lists(hostile_pieces(kinds), min_size=1, max_size=6))
    joins = draw(st.lists(st.sampled_from([" ", "\n", "\n\n", "\r\n", "\t"]), min_size=len(pieces),
                          max_size=len(pieces)))
    return "".join(p + j for p, j in zip(pieces, joins))


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    return Geoparser()


def _run_twice(texts: list[str], base: Path):
    corpus = base / "corpus"
    corpus.mkdir()
    for i, text in enumerate(texts):
        (corpus / f"hostile-{i}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
    # a plain dispatch too, so every run has something to read
    (corpus / "dispatch.txt").write_text(" ".join(sentence(random.Random(i)) for i in range(6)), encoding="utf-8")
    first = run([corpus], base / "a", progress=False, cache=False)
    run([corpus], base / "b", progress=False, cache=False)
    return first


def _check_offsets(text: str, geoparser: Geoparser) -> None:
    article = Article(id="hostile.txt", text=text, published=None, published_estimated=True)
    toponyms = geoparser.parse(article)
    for t in toponyms:
        assert text[t.start:t.end] == t.text
        if t.lat is not None:
            assert -90 <= t.lat <= 90 and -180 <= t.lon <= 180
    for event in extract_events(article, toponyms):
        assert text[event.evidence_start:event.evidence_end] == event.evidence
        if event.mention_start is not None:
            assert text[event.mention_start:event.mention_end] == event.mention
        for value in (event.killed, event.wounded):
            assert value is None or value >= 0


@_fast(40)
@given(text=hostile_articles())
def test_hostile_text_is_processed_with_offsets_that_slice_to_their_text(geoparser, text):
    _check_offsets(text, geoparser)


@_fast(60)
@given(data=st.one_of(
    st.binary(max_size=3000),
    hostile_articles().map(lambda t: t.encode("utf-8", "surrogatepass")),
    hostile_articles().flatmap(lambda t: st.sampled_from(["utf-16-le", "utf-16-be", "utf-16", "cp1256", "latin-1"])
                               .map(lambda codec: t.encode(codec, "replace"))),
), suffix=st.sampled_from([".txt", ".html", ".md"]))
def test_any_bytes_are_read_or_named_with_their_problem(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            article = read_article(path)
        except CorpusError as exc:
            problem = exc  # named, with the file: checked below
        else:
            assert article.text.strip() and "\x00" not in article.text
            return
        assert str(path) in str(problem) and problem.problem


def _positions(geometry: dict):
    kind, coords = geometry["type"], geometry.get("coordinates")
    if kind == "Point":
        yield coords
    elif kind in ("MultiPoint", "LineString"):
        yield from coords
    elif kind in ("MultiLineString", "Polygon"):
        for part in coords:
            yield from part
    elif kind == "MultiPolygon":
        for polygon in coords:
            for ring in polygon:
                yield from ring
    elif kind == "GeometryCollection":
        for member in geometry["geometries"]:
            yield from _positions(member)


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from ((ring, i == 0) for i, ring in enumerate(geometry["coordinates"]))
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from ((ring, i == 0) for i, ring in enumerate(polygon))


def _signed_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring)) / 2


def assert_rfc7946(path: Path) -> None:
    """The checks of RFC 7946 a consumer trips over: structure, no crs, lon/lat order and range,
    closed rings wound right-handed (exterior counter-clockwise, holes clockwise)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc, path.name
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and "crs" not in feature
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        for position in _positions(geometry):
            assert 2 <= len(position) <= 3, position
            lon, lat = position[0], position[1]
            assert -180 <= lon <= 180 and -90 <= lat <= 90, (path.name, position)
        for ring, exterior in _rings(geometry):
            assert len(ring) >= 4 and ring[0] == ring[-1], path.name
            area = _signed_area(ring)
            assert (area > 0) == exterior or area == 0, (path.name, "winding")


@_fast(4)
@given(articles=st.lists(hostile_articles(RUN_KINDS), min_size=1, max_size=3))
def test_a_hostile_corpus_runs_to_valid_geojson_and_the_same_bytes_twice(articles):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        first = _run_twice(articles, base)
        assert not [s for s in first.skipped if "internal error" in s.problem], first.skipped
        for name in ("events.geojson", "incidents.geojson", "places.geojson", "control.geojson"):
            assert_rfc7946(base / "a" / name)
        for name in ("events.geojson", "incidents.geojson", "places.geojson", "control.geojson", "events.csv",
                     "summary.json", "map.html"):
            assert (base / "a" / name).read_bytes() == (base / "b" / name).read_bytes(), name


def test_casualty_figures_at_the_edge_of_int64_do_not_stop_a_run(tmp_path):
    n = 2**63 - 1
    _run_twice([(f"At least {n} people were killed and {n} wounded when a car bomb exploded in Raqqa on "
                "June 3, 2015."), "At least 2 people were killed when a car bomb exploded in Raqqa on June 3, 2015."],
               tmp_path)
