"""``territory run CORPUS... -o OUT [--manifest FILE] [--strict] [--quiet]``."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="territory run",
        description="Geoparse a corpus, extract events and areas of control, and write "
        "events.geojson, places.geojson, control.geojson, events.csv, territory.gpkg and map.html.",
    )
    parser.add_argument("corpus", nargs="+", help="article files (.txt, .md, .html) or folders of them")
    parser.add_argument("-o", "--out", required=True, help="output folder (created; files replaced atomically)")
    parser.add_argument("--manifest", help="CSV with columns file, published (YYYY-MM-DD) and any others")
    parser.add_argument("--strict", action="store_true", help="fail on any unreadable file instead of skipping it")
    parser.add_argument("--title", help="map title")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from geo.pipeline import run

    summary = run(
        args.corpus,
        args.out,
        manifest=args.manifest,
        strict=args.strict,
        title=args.title,
        progress=False if args.quiet else None,
    )
    if not args.quiet:
        print(summary.report(), file=sys.stderr)
        print(f"wrote {args.out}: {', '.join(sorted(summary.outputs))}", file=sys.stderr)
    return 0
