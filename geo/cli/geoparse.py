"""``territory geoparse FILE... | -  [--explain]``: one JSON line per article on stdout."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Iterator

from geo.errors import CorpusError, TerritoryError
from geo.geoparse.corpus import CorpusContext
from geo.geoparse.parser import Geoparser
from geo.geoparse.resolve import part_weights
from geo.io.corpus import SkippedFile, read_article, read_jsonl, scan_corpus
from geo.records import Article, Toponym

#: this many articles failing one after the other is a broken program, not bad input: stop, as
#: ``territory run`` does (geo.runner.pipeline, not imported: it would triple the start-up time)
MAX_FAILURES_IN_A_ROW = 25


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="territory geoparse",
        description="Find and resolve the places each article names. Prints one JSON line per "
        'article: {"id": FILE, "toponyms": [...]}. With "-" reads JSON lines '
        '{"id": ..., "text": ...} from stdin.',
    )
    parser.add_argument("inputs", nargs="+", metavar="FILE",
                        help="article files (.txt, .md, .html) or folders of them, or - for stdin")
    parser.add_argument("--explain", action="store_true",
                        help="add each toponym's scored candidates and the names set aside, with reasons")
    parser.add_argument("--alone", action="store_true",
                        help="read every article on its own; by default articles with little "
                        "country evidence of their own lean on the countries of the articles "
                        "before them in the same run (a feed of one war's headlines)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="leave out files whose name or path in the folder matches GLOB (repeatable)")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)

    # one collection per run: a lone headline is read in the light of the others
    gp = Geoparser(corpus=None if args.alone else CorpusContext())
    out = sys.stdout
    skipped: list[SkippedFile] = []
    failed_in_a_row = 0
    for article in _articles(args.inputs, skipped, args.exclude):
        try:
            record = _record(gp, article, args.explain)
        except (sqlite3.Error, TerritoryError, MemoryError):
            raise  # the gazetteer or the machine, not this article: every article would fail
        except Exception as exc:
            problem = f"internal error while processing: {type(exc).__name__}: {exc}"
            skipped.append(SkippedFile(article.path or article.id, problem))
            print(f"territory geoparse: skipped {article.path or article.id}: {problem}", file=sys.stderr)
            failed_in_a_row += 1
            if failed_in_a_row >= MAX_FAILURES_IN_A_ROW:
                raise TerritoryError(f"{failed_in_a_row} articles in a row failed ({problem}): the "
                                     "program, not the articles, is broken; stopping") from exc
            continue
        failed_in_a_row = 0
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    for item in skipped:
        if not item.problem.startswith("internal error"):  # those were reported as they happened
            print(f"territory geoparse: skipped {item.path}: {item.problem}", file=sys.stderr)
    # The other articles' lines are out; a non-zero status still tells a script one was not.
    return 1 if skipped else 0


def _record(gp: Geoparser, article: Article, explain: bool) -> dict:
    """One article's output line."""
    toponyms, dropped = gp.parse_detailed(article.text, article.id)
    record: dict = {"id": article.id, "toponyms": [_json(t, explain) for t in toponyms]}
    if explain:
        record["dropped"] = [
            {"start": d.start, "end": d.end, "text": d.text, "reason": d.reason} for d in dropped
        ]
    return record


def _articles(inputs: list[str], skipped: list[SkippedFile], exclude: list[str]) -> Iterator[Article]:
    files = [i for i in inputs if i != "-"]
    listing = scan_corpus(files, exclude)
    for item in listing.excluded:  # said at once: these are choices, not failures
        print(f"territory geoparse: left out {item.path}: {item.problem}", file=sys.stderr)
    for path in listing.files:
        try:
            yield read_article(path, infer_date=False)
        except CorpusError as exc:
            skipped.append(SkippedFile(str(path), exc.problem))
    if "-" in inputs:
        yield from read_jsonl(sys.stdin, infer_date=False)


def _json(t: Toponym, explain: bool) -> dict:
    record = t.to_json()
    if explain:
        # score = sum(weights[k] * parts[k]): each part's value beside the weight it counts with
        weights = part_weights()
        record["candidates"] = [
            {"name": c.name, "geonameid": c.geonameid, "country_code": c.country_code,
             "feature_code": c.feature_code, "population": c.population, "lat": round(c.lat, 5),
             "lon": round(c.lon, 5), "score": c.score, "parts": c.score_parts,
             "weights": {k: weights.get(k, 1.0) for k in c.score_parts}}
            for c in t.explain
        ]
    return record
