"""Incidents near a place linked through the index by days are those a scan of every incident of
the cells around finds (the plain way, which made a long article quadratic)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from test_merge import HILLA, MUSAYYIB, report

from geo.events import incidents
from geo.events.incidents import _cell, _Groups, _place_id, _point, assign_incidents
from geo.geom import distance_km

#: a third town, within the default distance of Hilla
NEAR_HILLA = {"place": "Kifl", "geonameid": 99001, "lat": 32.38, "lon": 44.40, "country_code": "IQ"}


def _link_near_plain(block: list[int], reports: Sequence, groups: _Groups, max_km: float) -> None:
    """Every near incident tried against every incident of another place in the cells around."""
    roots = sorted({groups.find(i) for i in block if reports[i].geo_precision <= 2})
    near = sorted({groups.find(i) for i in block if reports[i].geo_precision == 2})
    if not near:
        return
    cell_deg = max(max_km / 111.0, 0.01)
    point = {r: _point(reports[r]) for r in roots}
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for r in roots:
        cells[_cell(point[r], cell_deg)].append(r)
    for g in near:
        a_lat, a_lon = point[g]
        cx, cy = _cell(point[g], cell_deg)
        for cell in ((cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            for h in cells.get(cell, ()):
                b_lat, b_lon = point[h]
                if groups.find(h) != groups.find(g) and _place_id(reports[g]) != _place_id(reports[h]) \
                        and distance_km(a_lat, a_lon, b_lat, b_lon) <= max_km:
                    groups.union(g, h)


def _random_reports(rng: random.Random, n: int) -> list:
    start = date(2016, 1, 1)
    out = []
    for i in range(n):
        first = start + timedelta(days=rng.randint(0, 90))
        span = rng.choice([0, 0, 0, 1, 6, 30, 120])
        out.append(report(f"e{i:03d}", f"s{rng.randint(0, 5)}.txt", first,
                          end=first + timedelta(days=span) if span else None,
                          where=rng.choice([HILLA, MUSAYYIB, NEAR_HILLA]), precision=rng.choice([1, 1, 2]),
                          sub=rng.choice(["Suicide bomb", "Attack", "Air/drone strike"]),
                          actor1=rng.choice([None, None, "ISIS", "Iraqi army"])))
    return out


def test_near_links_through_the_day_index_are_those_of_the_plain_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    mattered = 0
    for _ in range(40):
        reports = _random_reports(rng, rng.randint(2, 150))
        got = assign_incidents(reports)
        with monkeypatch.context() as m:
            m.setattr(incidents, "_link_near", _link_near_plain)
            expected = assign_incidents(reports)
            assert got == expected
            m.setattr(incidents, "_link_near", lambda *args: None)
            mattered += assign_incidents(reports) != got
    assert mattered > 20  # links near a place were made: the test tests something
