"""Benchmark: control estimates and exports for a large synthetic war.

Scatters N places over Iraq and Syria (inside the shipped outlines), gives each one to three
control reports between 2014 and 2016 by the usual sides, adds as many attacks, then times
``control_areas`` and ``write_outputs`` and prints the output sizes. Run from the checkout::

    python scripts/bench_control.py            # 500, 2000 and 5000 places
    python scripts/bench_control.py 10000

Figures are printed, never asserted (the machine's load is not the code's speed).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely

from geo.control.estimate import control_areas
from geo.gazetteer.boundaries import country_outline
from geo.io.exports import events_frame, places_frame, write_outputs
from geo.records import Event

HOLDERS = ["ISIS", "Peshmerga", "SDF", "Iraqi forces", "Syrian army", "Free Syrian Army",
           "Turkish-backed rebels"]
START, DAYS = date(2014, 1, 1), 3 * 365


def synthetic_events(n_places: int, seed: int = 1) -> list[Event]:
    rng = random.Random(seed)
    outline = country_outline(["IQ", "SY"])
    minx, miny, maxx, maxy = outline.bounds
    events: list[Event] = []
    gid = 0
    while gid < n_places:
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not outline.contains(shapely.Point(lon, lat)):
            continue
        gid += 1
        cc = "IQ" if country_outline(["IQ"]).contains(shapely.Point(lon, lat)) else "SY"
        for k in range(rng.randint(1, 3)):
            day = START + timedelta(days=rng.randrange(DAYS))
            holder = rng.choice(HOLDERS)
            events.append(Event(
                event_id=f"c{gid}-{k}", category="control_change", event_type="Battles",
                sub_event_type="Non-state actor overtakes territory", date_start=day,
                date_end=day, time_precision=1, place=f"Town {gid}", mention=f"Town {gid}",
                lat=lat, lon=lon, source=f"article{gid % 997}.txt",
                evidence=f"{holder} took Town {gid}.", evidence_start=0, evidence_end=20,
                geonameid=gid, country_code=cc, gained_by=holder))
        day = START + timedelta(days=rng.randrange(DAYS))
        events.append(Event(
            event_id=f"a{gid}", category="attack", event_type="Explosions/Remote violence",
            sub_event_type="Suicide bomb", date_start=day, date_end=day, time_precision=1,
            place=f"Town {gid}", mention=f"Town {gid}", lat=lat, lon=lon,
            source=f"article{gid % 997}.txt", evidence="A car bomb killed 12 people.",
            evidence_start=0, evidence_end=28, geonameid=gid, country_code=cc, actor1="ISIS",
            killed=12))
    return events


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [500, 2000, 5000]
    print(f"{'places':>7} {'events':>7} {'areas s':>8} {'rows':>5} {'dates':>5} "
          f"{'export s':>8} {'control.geojson MB':>18} {'gpkg MB':>8}")
    for n in sizes:
        events = synthetic_events(n)
        t0 = time.perf_counter()
        areas = control_areas(events)
        t1 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            written = write_outputs(Path(tmp), events_frame(events), places_frame([], events),
                                    areas)
            t2 = time.perf_counter()
            mb = {k: p.stat().st_size / 1e6 for k, p in written.items()}
        print(f"{n:>7} {len(events):>7} {t1 - t0:>8.2f} {len(areas):>5} "
              f"{areas['date'].nunique():>5} {t2 - t1:>8.2f} {mb['control.geojson']:>18.2f} "
              f"{mb['territory.gpkg']:>8.2f}")


if __name__ == "__main__":
    np.random.seed(0)
    main(sys.argv[1:])
