#!/usr/bin/env python
"""Benchmark map.html at scale: HTML size, time to write it, time until Chromium has drawn it.

The events are real extraction output scaled up: the pipeline's events (from ``--from DIR``, a
``territory run`` output folder, or else a fresh run over ``examples/``) are copied until there
are ``--events`` of them (default 20,000), each copy moved by up to ``--jitter`` degrees and up
to a year in time, so the map has the density, mix of categories and popup sizes of real output.
Places with a control history are scaled by the same factor (capped at 3,000).

With ``--incidents`` the map draws merged incidents (``incidents.geojson`` of the run,
``geo.events.incidents.incidents_frame``) instead of the reports, as the pipeline does: copied the same way
until there are ``--events`` of them (default then 2,500, the incidents of about 100,000
articles), each keeping at most ``--evidence`` report sentences (the pipeline cuts them so) while
``n_reports`` stays whole; places' ``mentions`` are cut the same way, ``n_mentions`` kept. A
small corpus has few incidents told more than once, so each copy is given about
``--reports-per-incident`` reports (default 83: 209,000 reports in 2,531 incidents for 100,000
articles, see geo/merge.py's history), its quotes filled up from the other reports' sentences:
the popups then weigh what they will at scale.

The copies repeat the corpus's sentences, which the page writes once (its strings are shared,
``geo.maps.pack``); ``--unique-evidence`` makes every copy's sentence and publication date its
own, as in a real archive, for the size of a page that cannot share them.

Prints one line per figure. Needs what the browser test needs (``scripts/ci_browser_setup.sh``).

    python scripts/bench_map.py                      # 20,000 events from the demo corpus
    python scripts/bench_map.py --events 5000 --from maps/seeds
    python scripts/bench_map.py --incidents          # 2,500 incidents
    python scripts/bench_map.py --claims 5000        # only the claims' mapped estimates
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
sys.path.insert(0, str(REPO / "tests"))  # the headless-browser helper is test tooling

from _browser import chromium, open_map

from geo.maps.page import ICON_LIMIT, make_map

# Set on the page before any script runs: the time (ms since navigation) of the first frame
# painted after the load event, i.e. after every folium script has put its layers on the map.
DRAWN_JS = """
window.__drawn = null;
window.addEventListener('load', () => requestAnimationFrame(() => requestAnimationFrame(() => {
    window.__drawn = performance.now();
})));
"""


# One slider step as the reader makes it: the value set and the input event fired, timed until
# the second frame after it is painted (every layer, the counts and the list redrawn).
STEP_JS = """(value) => {
    const slider = document.querySelector('input.time-slider'), t0 = performance.now();
    slider.value = value;
    slider.dispatchEvent(new Event('input'));
    return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0))));
}"""


def source_frames(from_dir: Path | None, incidents: bool = False
                  ) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """events (or incidents), places and control of a real run (running the demo corpus when no
    folder is given)."""
    if from_dir is None:
        from geo.cli.main import main

        from_dir = Path(tempfile.mkdtemp(prefix="bench-map-")) / "demo"
        code = main(["run", str(REPO / "examples"), "--manifest", str(REPO / "examples" / "manifest.csv"),
                     "-o", str(from_dir)])
        if code != 0:
            raise SystemExit(f"territory run failed ({code})")
    first = "incidents" if incidents else "events"
    if not (from_dir / f"{first}.geojson").is_file():
        raise SystemExit(f"{from_dir}: no {first}.geojson (a `territory run` output folder?)")
    return tuple(gpd.read_file(from_dir / f"{name}.geojson") for name in (first, "places", "control"))


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
    if "incident_id" in picked:
        picked["incident_id"] = [f"incident{k:06d}" for k in range(n)]
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


def cut_lists(frame: gpd.GeoDataFrame, column: str, count: str, keep: int) -> gpd.GeoDataFrame:
    """Keep at most ``keep`` entries of a list column, the full length in ``count`` (as the
    pipeline passes the map an incident's evidence and a place's mentions)."""
    lists = [json.loads(v) if isinstance(v, str) else list(v) if v is not None else [] for v in frame[column]]
    out = frame.copy()
    if count not in out:
        out[count] = [len(v) for v in lists]
    out[column] = [v[:keep] for v in lists]
    return out


def pad_reports(frame: gpd.GeoDataFrame, per_incident: float, keep: int,
                rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Give each incident about ``per_incident`` reports (geometric, at least its own) and
    ``keep`` quotes drawn from every report sentence of the frame."""
    pool = [e for entries in frame["evidence"] for e in entries]
    out = frame.copy()
    n = np.maximum(out["n_reports"].to_numpy(int), rng.geometric(1 / max(1.0, per_incident), len(out)))
    out["n_reports"] = n
    out["n_sources"] = np.maximum(out["n_sources"].to_numpy(int), np.ceil(n * 0.6).astype(int))
    out["evidence"] = [[*entries, *(pool[i] for i in rng.integers(0, len(pool), max(0, min(k, keep) - len(entries))))]
                       for entries, k in zip(out["evidence"], n)]
    return out


def bench_claims(n: int, rng: np.random.Generator) -> None:
    """Time the mapped estimate of ``n`` claims against ``n`` control areas (two sides, one
    box each per day, in Syria): what the Claims layer costs at scale, without a browser."""
    import shapely

    from geo.maps.legend import area_index, mapped_estimate

    start = date(2014, 6, 1)
    areas = [({"date": (start + timedelta(days=k // 2)).isoformat(), "holder": ("ISIS", "Syrian army")[k % 2]},
              shapely.box(37.0 + 2 * (k % 2), 35.0, 38.0 + 2 * (k % 2) + rng.random(), 36.0)) for k in range(n)]
    claims = [{"date_start": (start + timedelta(days=int(d))).isoformat(), "actor1": "ISIS", "country_code": "SY"}
              for d in rng.integers(0, n // 2 + 30, n)]
    t0 = time.perf_counter()
    index = area_index(areas)
    answered = sum(mapped_estimate(c, index) is not None for c in claims)
    print(f"{n} claims x {n} control areas: {time.perf_counter() - t0:.2f} s ({answered} with an estimate)")


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
        # then a reader's steps: a day at a time from there, each until the second frame painted
        # (the feed's list and the counts included); the median of five
        steps = [page.evaluate(STEP_JS, int((lo + hi) / 2) + (k + 1) * 86_400_000) for k in range(5)]
        clusters = page.evaluate("document.querySelectorAll('.tt-cluster').length")
        page.locator("#tt-feed.tt-feed-ready").wait_for(state="attached")  # listed after the first frame
        listed = page.evaluate("document.querySelectorAll('#tt-feed .tt-item').length")
        if log.errors:
            raise SystemExit(f"JavaScript errors: {log.errors[:3]}")
    return {"drawn_ms": drawn, "slider_ms": moved, "icons_at_mid": shown, "step_ms": sorted(steps)[2],
            "clusters_at_mid": clusters, "listed_at_mid": listed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=None,
                        help="events (default 20,000) or, with --incidents, incidents (default 2,500)")
    parser.add_argument("--incidents", action="store_true",
                        help="draw merged incidents (incidents.geojson) instead of the reports")
    parser.add_argument("--claims", type=int, default=None,
                        help="only time the mapped estimates of this many claims against as many areas")
    parser.add_argument("--reports-per-incident", type=float, default=83.0,
                        help="with --incidents: mean reports per incident (default 83)")
    parser.add_argument("--evidence", type=int, default=3,
                        help="with --incidents: report sentences kept per incident, mentions per place")
    parser.add_argument("--from", dest="from_dir", type=Path, default=None,
                        help="a `territory run` output folder to scale (default: run examples/)")
    parser.add_argument("--jitter", type=float, default=0.4, help="degrees (default 0.4)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="also copy the default map here")
    parser.add_argument("--default-only", action="store_true", help="skip the all-icons comparison")
    parser.add_argument("--unique-evidence", action="store_true",
                        help="give every copy a sentence of its own (no sharing of strings in the page)")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(args.seed)
    if args.claims is not None:
        bench_claims(args.claims, rng)
        return 0
    if args.events is None:
        args.events = 2_500 if args.incidents else 20_000
    what = "incidents" if args.incidents else "events"
    events, places, control = source_frames(args.from_dir, args.incidents)
    factor = args.events / max(1, len(events))
    big_events = scale(events, args.events, args.jitter, rng,
                       ("date_start", "date_end", "published", "first_reported"))
    big_places = scale_places(places, min(3000, max(len(places), int(len(places) * factor))), args.jitter, rng)
    if args.unique_evidence and not args.incidents:
        big_events["evidence"] = [f"{text} (copy {k})" for k, text in enumerate(big_events["evidence"])]
    if args.incidents:
        big_events = cut_lists(big_events, "evidence", "n_reports", args.evidence)
        big_events = pad_reports(big_events, args.reports_per_incident, args.evidence, rng)
        big_places = cut_lists(big_places, "mentions", "n_mentions", args.evidence)
        reports = int(big_events["n_reports"].sum())
        print(f"incidents keep at most {args.evidence} report sentences ({reports} reports in all)")
    print(f"source: {len(events)} {what}, {len(places)} places, {len(control)} control areas")
    print(f"scaled: {len(big_events)} {what}, {len(big_places)} places with a control history")

    # the default rendering (canvas dots above ICON_LIMIT) against icons for every event
    renderings = [(f"default (canvas dots above {ICON_LIMIT})", ICON_LIMIT)]
    if not args.default_only:
        renderings.append(("icons for every event", 10**9))
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for label, limit in renderings:
            path = Path(tmp) / "map.html"
            t0, cpu0 = time.perf_counter(), time.process_time()
            make_map(big_events, big_places, control, path, title="bench", icon_limit=limit)
            written, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            size = path.stat().st_size
            figures = measure(path, browser)
            if args.keep and limit == ICON_LIMIT:
                args.keep.write_bytes(path.read_bytes())
            print(f"[{label}]")
            # the CPU time too: on a shared machine the wall clock counts the other processes
            print(f"  make_map: {written:.1f} s ({cpu:.1f} s CPU)")
            print(f"  map.html: {size / 1e6:.1f} MB ({size / len(big_events):.0f} bytes per {what[:-1]})")
            print(f"  first draw in Chromium (until the first frame after load): {figures['drawn_ms'] / 1000:.2f} s")
            print(f"  slider jump to mid-period, redrawn: {figures['slider_ms']:.0f} ms "
                  f"({figures['icons_at_mid']} icon markers, {figures['clusters_at_mid']} counts shown, "
                  f"{figures['listed_at_mid']} events listed)")
            print(f"  slider step (one day, median of 5), redrawn: {figures['step_ms']:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
