"""``territory boundaries add|list|remove``: the user's governorate and district polygons."""

from __future__ import annotations

import argparse

from geo.gazetteer import boundaries


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="territory boundaries",
        description="Add governorate (level 1) and district (level 2) polygons from any file GDAL "
        "reads: GeoJSON (.geojson.gz too), GeoPackage, zipped shapefile (geoBoundaries, OCHA, "
        "Who's On First, GADM). They give events their admin1 and clip the control areas.",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="store the polygons of a boundary file")
    add.add_argument("file", help="boundary file")
    add.add_argument("--level", type=int, choices=(1, 2), required=True,
                     help="1 governorates/provinces, 2 districts")
    add.add_argument("--name-field", help="column with the unit's name (found automatically for "
                     "WOF, geoBoundaries, OCHA, GADM)")
    add.add_argument("--country", help="two-letter country code, if the file has no country column")
    add.add_argument("--layer", help="layer of a file with several (default: the one named "
                     "adm1/adm2 after --level)")
    sub.add_parser("list", help="show what was added")
    rm = sub.add_parser("remove", help="drop what one file (or everything) added")
    rm.add_argument("--level", type=int, choices=(1, 2), required=True)
    rm.add_argument("--source", help="file name as `list` shows it (default: all)")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.action == "add":
        rows = boundaries.add_boundaries(args.file, args.level, name_field=args.name_field,
                                         country=args.country, layer=args.layer)
        codes = ", ".join(sorted(set(rows["country_code"].dropna()))) or "unknown countries"
        print(f"added {len(rows)} admin-{args.level} units ({codes}) from {args.file} "
              f"to {boundaries.admin_path(args.level)}")
    elif args.action == "list":
        stored = boundaries.list_admin()
        if not stored:
            print("no boundaries added; countries come from the shipped Natural Earth outlines")
        for entry in stored:
            print(f"admin{entry['level']}: {entry['units']} units, countries "
                  f"{', '.join(entry['countries'])}; from {', '.join(entry['sources'])} "
                  f"({entry['path']})")
    else:
        gone = boundaries.remove_admin(args.level, args.source)
        print(f"removed {gone} admin-{args.level} units")
    return 0
