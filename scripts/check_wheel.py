"""Build the wheel, install it non-editable in a fresh environment, and check that it gives the
same answers as the checkout: the demo corpus must yield byte-identical GeoJSON and CSV.

A non-editable install that quietly lacks a data file (the country outlines once did) runs
without an error and gives other answers; this is the check that notices. Run from the checkout
with the project installed (CI does, after the tests)::

    python scripts/check_wheel.py [--keep]

Prints what it compared and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMPARED = ("events.geojson", "incidents.geojson", "places.geojson", "control.geojson", "events.csv")
#: files the wheel must carry besides the code
SHIPPED = ("geo/boundary_data/ne_50m_countries.geojson", "geo/gazetteer/data/governorates.csv",
           "geo/events/data/triggers.csv", "geo/geoparse/data/first_names.txt",
           "geo/gazetteer/data/admin1.csv", "geo/maps/data/towns.csv",
           "geo/maps/vendor/leaflet/dist/leaflet.js")


def _run(cmd: list[str], **kwargs: object) -> None:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def _demo(territory: str, out: Path, home: Path, cwd: Path) -> None:
    env = {**os.environ, "TERRITORY_HOME": str(home)}
    _run([territory, "run", str(REPO / "examples"), "--manifest", str(REPO / "examples" / "manifest.csv"),
          "-o", str(out), "--quiet", "--no-cache"], env=env, cwd=cwd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="territory-wheel-"))
    dist, env_dir = tmp / "dist", tmp / "venv"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)])
    (wheel,) = dist.glob("territory-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in SHIPPED if name not in names]
    if missing:
        print(f"FAIL: {wheel.name} lacks {', '.join(missing)}")
        return 1
    print(f"{wheel.name}: {len(names)} files, the shipped data included")

    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "-q", str(wheel)])
    # the installed copy, not the checkout: run from a folder that holds no geo/
    probe = "import geo, geo.settings as s; print(geo.__file__); print(s.country_outlines_file())"
    where = subprocess.run([str(python), "-c", probe], check=True, cwd=tmp, capture_output=True,
                           text=True).stdout.split()
    if any(str(REPO) in path for path in where):
        print(f"FAIL: the fresh environment imports the checkout ({where})")
        return 1
    print("installed:", *where, sep="\n  ")

    _demo(str(env_dir / "bin" / "territory"), tmp / "wheel-out", tmp / "wheel-home", cwd=tmp)
    checkout = Path(sys.executable).parent / "territory"
    _demo(str(checkout) if checkout.exists() else "territory", tmp / "checkout-out", tmp / "checkout-home", cwd=REPO)
    different = [name for name in COMPARED
                 if not filecmp.cmp(tmp / "wheel-out" / name, tmp / "checkout-out" / name, shallow=False)]
    for name in COMPARED:
        print(f"{'DIFFERENT' if name in different else 'same':>9}  {name}")
    if args.keep:
        print("kept:", tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    if different:
        print("FAIL: the installed wheel gives other outputs than the checkout")
        return 1
    print("OK: the wheel installed non-editable gives byte-identical demo outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
