#!/usr/bin/env python3
"""Benchmark event extraction: speed on real-length news and quality on the seed gold.

Prints:

* in-process throughput of :func:`geo.events.extract.extract_events` (articles per second, one core)
  over a corpus of real-length news built by recombining the sentences of the seed articles
  (read from ``../shared/seeds`` at run time; nothing is copied into the repository), with the
  geoparser run once beforehand so that only event extraction is timed;
* events per article and per category on that corpus;
* recall, precision and exact ``killed`` against the seed gold with the real geoparser (the
  figures ``../shared/score_seeds.py events`` computes, without the other pipeline stages).

Usage::

    python scripts/bench_events.py [--docs 500] [--sentences 30] [--seeds ../shared/seeds]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from geo.events.extract import extract_events
from geo.geoparse.parser import Geoparser
from geo.records import Article
from geo.text.dates import _find_dates
from geo.text.numbers import _find_casualties
from geo.text.sentences import sentence_spans


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (0.5 - math.cos((lat2 - lat1) * p) / 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2)
    return 12742 * math.asin(math.sqrt(max(0.0, min(1.0, a))))


def _seed_articles(seeds: Path) -> list[Article]:
    manifest = {r["file"]: r for r in csv.DictReader((seeds / "manifest.csv").open(encoding="utf-8"))}
    return [
        Article(p.name, p.read_text(encoding="utf-8"), date.fromisoformat(manifest[p.name]["published"]), True)
        for p in sorted(seeds.glob("*.txt"))
    ]


def _synthetic(articles: list[Article], n_docs: int, n_sentences: int) -> list[Article]:
    """Real-length articles made of the seeds' sentences in a random (seeded) order."""
    rng = random.Random(20160320)
    sentences = [a.text[s:e] for a in articles for s, e in sentence_spans(a.text)]
    out = []
    for i in range(n_docs):
        text = " ".join(rng.choice(sentences) for _ in range(n_sentences))
        published = date(2016, 3, 20) - timedelta(days=rng.randrange(700))
        out.append(Article(f"synthetic_{i:05d}.txt", text, published, True))
    return out


def _quality(articles: list[Article], geoparser: Geoparser, seeds: Path) -> tuple[int, int, int, int, int, int]:
    gold = {json.loads(p.read_text())["article"]: json.loads(p.read_text()) for p in sorted(seeds.glob("*.gold.json"))}
    n = hit = k_n = k_ok = 0
    used: set[tuple[str, int]] = set()
    total = 0
    for art in articles:
        events = extract_events(art, geoparser.parse(art))
        total += len(events)
        for g in gold[art.id]["events"]:
            match = next((i for i, e in enumerate(events) if e.category == g["category"] and e.lat is not None
                          and _km(g["lat"], g["lon"], e.lat, e.lon) <= g["tol_km"]
                          and e.date_start.isoformat() <= g["date_max"]
                          and e.date_end.isoformat() >= g["date_min"]), None)
            if match is not None:
                used.add((art.id, match))  # as score_seeds.py: a stretch match is no false event
            if g.get("stretch"):
                continue
            n += 1
            if match is None:
                continue
            hit += 1
            if g.get("killed") is not None:
                k_n += 1
                k_ok += events[match].killed == g["killed"]
    return hit, n, len(used), total, k_ok, k_n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--sentences", type=int, default=30)
    parser.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "seeds")
    args = parser.parse_args()

    seeds = _seed_articles(args.seeds)
    geoparser = Geoparser()
    corpus = _synthetic(seeds, args.docs, args.sentences)
    parsed = [(a, geoparser.parse(a)) for a in corpus]

    start = time.process_time()
    counts: Counter[str] = Counter()
    for article, toponyms in parsed:
        counts.update(e.category for e in extract_events(article, toponyms))
        # The synthetic articles repeat the seeds' sentences: forget what the per-sentence
        # caches learnt so that each article costs what an unseen one would.
        _find_dates.cache_clear()
        _find_casualties.cache_clear()
    elapsed = time.process_time() - start
    chars = sum(len(a.text) for a in corpus)
    print(f"extract_events: {len(corpus)} articles of {args.sentences} sentences ({chars / len(corpus):.0f} chars avg) "
          f"in {elapsed:.2f} s CPU -> {len(corpus) / elapsed:.0f} articles/s, {chars / elapsed / 1e6:.2f} M chars/s")
    print(f"events per article: {sum(counts.values()) / len(corpus):.2f} "
          f"({', '.join(f'{c} {n}' for c, n in sorted(counts.items()))})")

    hit, n, used, total, k_ok, k_n = _quality(seeds, geoparser, args.seeds)
    print(f"seed gold (real geoparser): recall {hit}/{n}, precision {used}/{total} "
          f"({used / max(1, total):.2f}), killed exact {k_ok}/{k_n}")


if __name__ == "__main__":
    main()
