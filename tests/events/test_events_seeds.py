"""The seed articles' gold events, with the gold toponyms standing in for the geoparser.

This isolates event extraction from geoparsing: the toponyms are placed at every occurrence of
the gold surface forms, so a miss here is an events miss. (``score_seeds.py events`` runs the
whole pipeline.)
"""

from __future__ import annotations

import csv
import json
import math
import re
from datetime import date
from pathlib import Path

import pytest

from geo.events.extract import extract_events
from geo.records import Article, Event, Toponym

_KIND = {"country": ("PCLI", 3), "city": ("PPLA", 1), "town": ("PPL", 1), "dam": ("DAM", 1), "mountain": ("MT", 1),
         "governorate": ("ADM1", 3), "river": ("STM", 3), "region": ("RGN", 3), "continent": ("CONT", 3)}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = 0.5 - math.cos((lat2 - lat1) * p) / 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2
    return 12742 * math.asin(math.sqrt(a))


def _gold_toponyms(name: str, text: str, gold: dict) -> list[Toponym]:
    out = []
    for i, t in enumerate(gold["toponyms"]):
        code, prec = _KIND[t["kind"]]
        for m in re.finditer(rf"\b{re.escape(t['text'])}\b", text, re.I):
            out.append(Toponym(name, m.start(), m.end(), t["text"], name=t["text"], lat=t["lat"], lon=t["lon"],
                               geonameid=i + 1, country_code=t["country"], feature_code=code, geo_precision=prec))
    # The geoparser resolves "the Syrian capital" (CONTRACT.md's example of geo_precision 2).
    for m in re.finditer("the Syrian capital", text):
        out.append(Toponym(name, m.start(), m.end(), m.group(), name="Damascus", lat=33.5102, lon=36.2913,
                           geonameid=170654, country_code="SY", feature_code="PPLC", geo_precision=2))
    return sorted(out, key=lambda t: t.start)


@pytest.fixture(scope="module")
def seed_runs(seeds_dir: Path) -> list[tuple[dict, list[Event]]]:
    manifest = {r["file"]: r for r in csv.DictReader((seeds_dir / "manifest.csv").open(encoding="utf-8"))}
    runs = []
    for path in sorted(seeds_dir.glob("*.txt")):
        gold = json.loads((seeds_dir / f"{path.stem}.gold.json").read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        art = Article(path.name, text, date.fromisoformat(manifest[path.name]["published"]), True)
        runs.append((gold, extract_events(art, _gold_toponyms(path.name, text, gold))))
    return runs


def _match(gold_event: dict, events: list[Event]) -> Event | None:
    for e in events:
        if e.category != gold_event["category"] or e.lat is None:
            continue
        if _km(gold_event["lat"], gold_event["lon"], e.lat, e.lon) > gold_event["tol_km"]:
            continue
        if e.date_start.isoformat() <= gold_event["date_max"] and e.date_end.isoformat() >= gold_event["date_min"]:
            return e
    return None


def test_every_required_gold_event_is_found(seed_runs) -> None:
    missed = [(g["article"], e["place"]) for g, evs in seed_runs for e in g["events"]
              if not e.get("stretch") and _match(e, evs) is None]
    assert missed == []


def test_killed_figures_are_exact(seed_runs) -> None:
    wrong = []
    for g, evs in seed_runs:
        for e in g["events"]:
            if e.get("killed") is not None:
                hit = _match(e, evs)
                if hit is None or hit.killed != e["killed"]:
                    wrong.append((e["place"], e["killed"], hit and hit.killed))
    assert wrong == []


def test_roles_and_claim_values_agree_with_the_gold(seed_runs) -> None:
    for g, evs in seed_runs:
        for e in g["events"]:
            hit = _match(e, evs)
            if hit is None:
                continue
            if e["category"] == "control_change" and not e.get("stretch"):
                assert hit.gained_by is not None and hit.lost_by == "ISIS", (e["place"], hit)
            if e["category"] == "control_state":
                assert hit.holder == e["holder"]
            if e["category"] == "claim":
                assert (hit.metric, hit.value) == (e["metric"], e["value"])
            if "area_km2" in e:
                assert (hit.metric, hit.value) == ("area_km2", e["area_km2"])


def test_few_events_beyond_the_gold(seed_runs) -> None:
    n = sum(len(evs) for _, evs in seed_runs)
    matched = set()
    for g, evs in seed_runs:
        for e in g["events"]:
            hit = _match(e, evs)
            if hit is not None:
                matched.add(hit.event_id)
    assert len(matched) / n >= 0.8
