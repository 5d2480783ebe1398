#!/usr/bin/env python
"""Benchmark map.html at scale: HTML size, time to write it, time until Chromium has drawn it.

The events are real extraction output scaled up: the pipeline's events (from ``--from DIR``, a
``territory run`` output folder, or else a fresh run over ``examples/``) are copied until there
are ``--events`` of them (default 20,000), each copy moved by up to ``--jitter`` degrees and up
to a year in time, so the map has the density, mix of categories and popup sizes of real output.
Places with a control history are scaled by the same factor (capped at 3,000).

Prints one line per figure. Needs what the browser test needs (``scripts/ci_browser_setup.sh``).

    python scripts/bench_map.py                      # 20,000 events from the demo corpus
    python scripts/bench_map.py --events 5000 --from maps/seeds
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo._maps_browser import chromium, open_map  # noqa: E402
from geo.maps import ICON_LIMIT, make_map  # noqa: E402

# Set on the page before any script runs: the time (ms since navigation) of the first frame
# painted after the load event, i.e. after every folium script has put its layers on the map.
DRAWN_JS = """
window.__drawn = null;
window.addEventListener('load', () => requestAnimationFrame(() => requestAnimationFrame(() => {
    window.__drawn = performance.now();
})));
"""


def source_frames(from_dir: Path | None) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """events, places and control of a real run (running the demo corpus when no folder is given)."""
    if from_dir is None:
        from geo.cli import main

        from_dir = Path(tempfile.mkdtemp(prefix="bench-map-")) / "demo"
        code = main(["run", str(REPO / "examples"), "--manifest", str(REPO / "examples" / "manifest.csv"),
                     "-o", str(from_dir)])
        if code != 0:
            raise SystemExit(f"territory run failed ({code})")
    return tuple(gpd.read_file(from_dir / f"{name}.geojson") for name in ("events", "places", "control"))


def _shift_iso(values: pd.Series, days: np.ndarray) -> pd.Series:
    """ISO dates moved by ``days`` (read_file may have parsed them into timestamps: both work)."""
    parsed = pd.to_datetime(values, errors="coerce", utc=True) + pd.to_timedelta(days, unit="D")
    return pd.Series([d.date().isoformat() if not pd.isna(d) else None for d in parsed], index=values.index)


def scale(frame: gpd.GeoDataFrame, n: int, jitter: float, rng: np.random.Generator,
          date_cols: tuple[str, ...]) -> gpd.GeoDataFrame:
    """``n`` rows drawn from ``frame``, each moved by up to ``jitter`` degrees and 365 days."""
    picked = frame.iloc[rng.integers(0, len(frame), n)].reset_index(drop=True)
    pts = picked.geometry.representative_point()
    xs = pts.x.to_numpy() + rng.uniform(-jitter, jitter, n)
    ys = pts.y.to_numpy() + rng.uniform(-jitter, jitter, n)
    days = rng.integers(-365, 366, n)
    for col in date_cols:
        if col in picked:
            picked[col] = _shift_iso(picked[col], days)
    if "event_id" in picked:
        picked["event_id"] = [f"bench{k:06d}" for k in range(n)]
    return gpd.GeoDataFrame(picked.drop(columns="geometry"), geometry=gpd.points_from_xy(xs, ys), crs=4326)


def scale_places(places: gpd.GeoDataFrame, n: int, jitter: float, rng: np.random.Generator) -> gpd.GeoDataFrame:
    with_control = places[places["control"].map(lambda c: bool(json.loads(c) if isinstance(c, str) else c))]
    if with_control.empty:
        return places
    out = scale(with_control, n, jitter, rng, ())
    days = rng.integers(-365, 366, n)

    def shift(control: object, d: int) -> list:
        entries = json.loads(control) if isinstance(control, str) else list(control)
        return [{**e, "date": (date.fromisoformat(str(e["date"])[:10]) + timedelta(days=int(d))).isoformat()}
                for e in entries if e.get("date")]

    out["control"] = [shift(c, d) for c, d in zip(out["control"], days)]
    return out


def measure(path: Path, browser) -> dict[str, float]:
    with open_map(path, browser=browser, init_script=DRAWN_JS, timeout_ms=300_000) as (page, log):
        page.wait_for_function("window.__drawn !== null", timeout=300_000)
        drawn = page.evaluate("window.__drawn")
        # one slider move across the middle of the period: redraws every dated layer
        slider = page.locator("input.time-slider")
        lo, hi = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
        t0 = time.perf_counter()
        slider.fill(str(int((lo + hi) / 2)))
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        moved = (time.perf_counter() - t0) * 1000
        shown = page.evaluate("document.querySelectorAll('.tt-icon').length")
        if log.errors:
            raise SystemExit(f"JavaScript errors: {log.errors[:3]}")
    return {"drawn_ms": drawn, "slider_ms": moved, "icons_at_mid": shown}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--from", dest="from_dir", type=Path, default=None,
                        help="a `territory run` output folder to scale (default: run examples/)")
    parser.add_argument("--jitter", type=float, default=0.4, help="degrees (default 0.4)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="also copy the default map here")
    parser.add_argument("--default-only", action="store_true", help="skip the all-icons comparison")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(args.seed)
    events, places, control = source_frames(args.from_dir)
    factor = args.events / max(1, len(events))
    big_events = scale(events, args.events, args.jitter, rng, ("date_start", "date_end", "published"))
    big_places = scale_places(places, min(3000, max(len(places), int(len(places) * factor))), args.jitter, rng)
    print(f"source: {len(events)} events, {len(places)} places, {len(control)} control areas")
    print(f"scaled: {len(big_events)} events, {len(big_places)} places with a control history")

    # the default rendering (canvas dots above ICON_LIMIT) against icons for every event
    renderings = [("default (canvas dots above %d)" % ICON_LIMIT, ICON_LIMIT)]
    if not args.default_only:
        renderings.append(("icons for every event", 10**9))
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for label, limit in renderings:
            path = Path(tmp) / "map.html"
            t0 = time.perf_counter()
            make_map(big_events, big_places, control, path, title="bench", icon_limit=limit)
            written = time.perf_counter() - t0
            size = path.stat().st_size
            figures = measure(path, browser)
            if args.keep and limit == ICON_LIMIT:
                args.keep.write_bytes(path.read_bytes())
            print(f"[{label}]")
            print(f"  make_map: {written:.1f} s")
            print(f"  map.html: {size / 1e6:.1f} MB ({size / len(big_events):.0f} bytes per event)")
            print(f"  time until drawn in Chromium: {figures['drawn_ms'] / 1000:.2f} s")
            print(f"  slider move to mid-period, redrawn: {figures['slider_ms']:.0f} ms "
                  f"({figures['icons_at_mid']} icon markers shown)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
