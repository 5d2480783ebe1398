#!/usr/bin/env python
"""Refresh the JavaScript, CSS and fonts map.html needs, shipped in ``geo/maps/assets/``.

Each package is fetched from the npm registry with ``npm pack NAME@VERSION`` (the exact version
the page references, see ``geo.maps.assets.PACKAGES``); only the files the page uses, the
package's ``package.json`` and its licence are kept, at their paths inside the package, so the
relative ``url(...)`` references of the stylesheets still resolve. Nothing from the registry is
run. Needs ``npm`` and a network; the map itself never does.

    python scripts/refresh_map_assets.py            # rewrite geo/maps/assets/
    python scripts/refresh_map_assets.py --check    # exit 1 if the shipped files differ
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.maps.assets import PACKAGES, SHIPPED


def fetch(name: str, version: str, files: tuple[str, ...], into: Path, work: Path) -> None:
    """Unpack ``name@version`` from npm and copy ``files`` (plus package.json, licence) to ``into``."""
    out = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", str(work)],
                         check=True, capture_output=True, text=True).stdout.split()
    tarball = work / out[-1]
    unpacked = work / tarball.stem
    with tarfile.open(tarball) as tar:
        tar.extractall(unpacked, filter="data")
    package = unpacked / "package"
    licences = [p.name for p in package.iterdir() if p.name.upper().startswith(("LICENSE", "LICENCE"))]
    if not licences:
        raise SystemExit(f"{name}@{version}: no licence file in the package")
    for rel in ("package.json", *licences, *files):
        source = package / rel
        if not source.is_file():
            raise SystemExit(f"{name}@{version}: no {rel} in the package")
        target = into / name / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _same(fresh: Path, shipped: Path) -> bool:
    return shipped.is_file() and filecmp.cmp(fresh, shipped, shallow=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files, write nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fresh = work / "assets"
        for name, (version, files) in PACKAGES.items():
            fetch(name, version, files, fresh, work)
        if args.check:
            differ = [str(p.relative_to(fresh)) for p in fresh.rglob("*")
                      if p.is_file() and not _same(p, SHIPPED / p.relative_to(fresh))]
            print("\n".join(differ) or "geo/maps/assets: up to date")
            return 1 if differ else 0
        for name in PACKAGES:
            shutil.rmtree(SHIPPED / name, ignore_errors=True)
            shutil.copytree(fresh / name, SHIPPED / name)
    print(f"map assets refreshed in {SHIPPED.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
