"""``territory run CORPUS... -o OUT [--manifest FILE] [--workers N | --scheduler ADDRESS] ...``."""

from __future__ import annotations

import argparse
import sys

from geo.runner.pipeline import run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="territory run",
        description="Geoparse a corpus, extract events and areas of control, and write "
        "events.geojson, incidents.geojson, places.geojson, control.geojson, events.csv, "
        "territory.gpkg and map.html.",
    )
    parser.add_argument("corpus", nargs="+", help="article files (.txt, .md, .html) or folders of them")
    parser.add_argument("-o", "--out", required=True, help="output folder (created; files replaced atomically)")
    parser.add_argument("--manifest", help="CSV with columns file, published (YYYY-MM-DD) and any others")
    parser.add_argument("--strict", action="store_true", help="fail on any unreadable file instead of skipping it")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="leave out corpus files whose name or path in the folder matches GLOB "
                        "(repeatable; README.md, LICENSE and the like are left out by default; every "
                        "file left out is listed in summary.json)")
    parser.add_argument("--wait", action="store_true",
                        help="when another run is writing into OUT, wait for it instead of stopping")
    parser.add_argument("--title", help="map title")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    scale = parser.add_argument_group("scale")
    where = scale.add_mutually_exclusive_group()
    where.add_argument("-j", "--workers", type=_positive, default=1, metavar="N",
                       help="local processes doing the per-article work (default 1)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run the per-article work on a Dask distributed cluster (tcp://host:8786); "
                       "also writes events.parquet/ (needs: pip install 'territory[dask]')")
    scale.add_argument("--no-cache", action="store_true",
                       help="process every article again and store nothing (default: reuse the results "
                       "of unchanged articles from $TERRITORY_HOME/cache)")
    scale.add_argument("--cache-dir", metavar="DIR", help="where the per-article cache lives "
                       "(default $TERRITORY_HOME/cache)")
    scale.add_argument("--parquet", action="store_true",
                       help="also write the event table as partitioned GeoParquet (events.parquet/)")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return value


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)

    summary = run(
        args.corpus,
        args.out,
        manifest=args.manifest,
        strict=args.strict,
        title=args.title,
        progress=False if args.quiet else None,
        workers=args.workers,
        scheduler=args.scheduler,
        cache=not args.no_cache,
        cache_dir=args.cache_dir,
        parquet=True if args.parquet else None,
        exclude=args.exclude,
        wait=args.wait,
    )
    if not args.quiet:
        print(summary.report(), file=sys.stderr)
        print(f"wrote {args.out}: {', '.join(sorted(summary.outputs))}", file=sys.stderr)
    return 0
