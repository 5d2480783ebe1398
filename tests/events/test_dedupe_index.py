"""Twins found through the bucket index are the twins a scan of every kept draft finds."""

from __future__ import annotations

import copy
import random
from datetime import date, timedelta

from geo.events.draft import Draft, _merge_nested_attacks, _merged, _place_key, _same, dedupe
from geo.records import ATTACK, CLAIM, CONTROL_CHANGE, CONTROL_STATE, Toponym

TOWNS = [Toponym("a.txt", 0, 5, name, name=name, lat=36.0 + i, lon=40.0, geonameid=100 + i) for i, name in
         enumerate(["Manbij", "Tabqa", "Sinjar"])]
KINDS = ["Suicide bomb", "Air/drone strike", "Armed clash", "Attack", "", None]


def _scan_every_kept(drafts: list[Draft]) -> list[Draft]:
    """The merge of :func:`dedupe`, each draft compared with every kept one (the plain way)."""
    kept: list[Draft] = []
    for d in drafts:
        pos = next((i for i, k in enumerate(kept)
                    if k.category == d.category and _place_key(k) == _place_key(d) and _same(k, d)), None)
        if pos is None:
            kept.append(d)
            continue
        kept[pos] = _merged(kept[pos], d)
    return _merge_nested_attacks(kept)


def _random_drafts(rng: random.Random, n: int) -> list[Draft]:
    out = []
    start = date(2016, 1, 1)
    for _ in range(n):
        category = rng.choice([ATTACK, ATTACK, CONTROL_CHANGE, CONTROL_STATE, CLAIM])
        sent = (rng.randint(0, 12) * 100, rng.randint(0, 12) * 100 + 50)
        d = Draft(category, "rule", "Battles", rng.choice(KINDS) if category == ATTACK else "Other",  # type: ignore[arg-type]
                  rng.choice(TOWNS), sent, rng.randint(0, 40), 45)
        if rng.random() < 0.7:
            first = start + timedelta(days=rng.randint(0, 200))
            d.dates = (first, first + timedelta(days=rng.choice([0, 0, 2, 6, 30, 60, 400])), rng.randint(1, 3))
        if category == CONTROL_CHANGE and rng.random() < 0.5:
            d.gained_by, d.lost_by = rng.sample(["ISIS", "SDF", "Syrian Army"], 2)
        if category == CLAIM:
            d.metric, d.value = rng.choice(["territory_lost_pct", "territory_held_km2"]), float(rng.choice([10, 20, 35]))
        if rng.random() < 0.1:
            d.extras["elliptic_place"] = True
        d.killed = rng.choice([None, None, 3, 12])
        out.append(d)
    return out


def test_indexed_dedupe_keeps_what_a_scan_of_every_kept_draft_keeps() -> None:
    rng = random.Random(11)
    for _ in range(60):
        drafts = _random_drafts(rng, rng.randint(1, 120))
        expected = _scan_every_kept(copy.deepcopy(drafts))
        got = dedupe(copy.deepcopy(drafts))
        assert got == expected


def test_attacks_of_one_kind_on_many_days_at_one_place_are_each_kept() -> None:
    town = TOWNS[0]
    drafts = [Draft(ATTACK, "airstrike", "Explosions/Remote violence", "Air/drone strike", town, (i * 10, i * 10 + 9),
                    0, 5, dates=(date(2016, 1, 1) + timedelta(days=3 * i),) * 2 + (1,)) for i in range(50)]
    assert len(dedupe(drafts)) == 50


def _comparisons(monkeypatch, n: int) -> int:
    """Pairs :func:`dedupe` compares among ``n`` dated attacks of a few kinds at one place."""
    from geo.events import draft

    count = 0

    def counting(a: Draft, b: Draft, same_place: bool = False) -> bool:
        nonlocal count
        count += 1
        return _same(a, b, same_place)

    monkeypatch.setattr(draft, "_same", counting)
    rng = random.Random(3)
    drafts = [Draft(ATTACK, "attack", "Battles", rng.choice(KINDS[:3]), TOWNS[0], (i * 10, i * 10 + 9), 0, 5,  # type: ignore[arg-type]
                    dates=(date(2010, 1, 1) + timedelta(days=i),) * 2 + (1,)) for i in range(n)]
    dedupe(drafts)
    return count


def test_dedupe_work_grows_linearly_with_the_events_at_one_place(monkeypatch) -> None:
    """A long list of incidents at a few towns: each new one is compared with its possible twins
    only, not with every event kept at its town (which made the work quadratic)."""
    growth = _comparisons(monkeypatch, 4000) / _comparisons(monkeypatch, 2000)
    assert growth < 2.4, f"twice the events cost {growth:.2f} times the comparisons"
