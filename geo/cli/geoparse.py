"""``territory geoparse FILE... | -  [--explain]``: one JSON line per article on stdout."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from geo.errors import CorpusError
from geo.geoparse.parser import Geoparser
from geo.io.corpus import SkippedFile, read_article, read_jsonl, scan_corpus
from geo.records import Article, Toponym


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
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="leave out files whose name or path in the folder matches GLOB (repeatable)")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)

    gp = Geoparser()
    out = sys.stdout
    skipped: list[SkippedFile] = []
    for article in _articles(args.inputs, skipped, args.exclude):
        toponyms, dropped = gp.parse_detailed(article.text, article.id)
        record: dict = {"id": article.id, "toponyms": [_json(t, args.explain) for t in toponyms]}
        if args.explain:
            record["dropped"] = [
                {"start": d.start, "end": d.end, "text": d.text, "reason": d.reason} for d in dropped
            ]
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    for item in skipped:
        print(f"territory geoparse: skipped {item.path}: {item.problem}", file=sys.stderr)
    # The other articles' lines are out; a non-zero status still tells a script one was not.
    return 1 if skipped else 0


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
        record["candidates"] = [
            {"name": c.name, "geonameid": c.geonameid, "country_code": c.country_code,
             "feature_code": c.feature_code, "population": c.population, "lat": round(c.lat, 5),
             "lon": round(c.lon, 5), "score": c.score, "parts": c.score_parts}
            for c in t.explain
        ]
    return record
