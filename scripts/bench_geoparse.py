#!/usr/bin/env python3
"""Benchmark ``territory geoparse`` against the peer ``flashgeotext`` on the same input.

Prints, for both tools, in one run:

* whole-process throughput on one core (documents per second, start-up included) over a
  corpus of real-length news built by recombining the sentences of the seed articles
  (read from ``../shared/seeds`` at run time; nothing is copied into the repository);
* in-process throughput (start-up excluded);
* quality against the seed gold: detection precision/recall/F1 over surface forms (as
  ``../shared/score_seeds.py`` counts them), places resolved within the gold tolerance, places
  within 161 km (the figure published for CLIFF-CLAVIN and the Edinburgh Geoparser), and
  people's names taken for places.

flashgeotext only recognises names; like its users, the benchmark joins each name it returns to
the gazetteer by highest population.

Usage::

    pip install -e .[bench]
    python scripts/bench_geoparse.py [--docs 300] [--sentences 30] [--seeds ../shared/seeds]

The gazetteer index is built (once) before anything is timed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"

# The peer, run as its own process exactly as a user would script it: GeoText over each
# document, then every name joined to the gazetteer entry with the highest population.
_FLASHGEOTEXT = r"""
import json, sys
from flashgeotext.geotext import GeoText
from geo.gazetteer.index import Gazetteer
gt = GeoText()
gz = Gazetteer.open()
best = {}
def join(name):
    if name not in best:
        cands = gz.candidates(name, limit=10)
        best[name] = max(cands, key=lambda c: c.population) if cands else None
    return best[name]
out = sys.stdout
for line in sys.stdin:
    doc = json.loads(line)
    found = gt.extract(input_text=doc["text"])
    places = []
    for kind in ("cities", "countries"):
        for name, info in found.get(kind, {}).items():
            for (s, e), surface in zip(info["span_info"], info["found_as"]):
                c = join(name) or join(surface)
                places.append({"start": s, "end": e, "text": surface,
                               "lat": c.lat if c else None, "lon": c.lon if c else None})
    places.sort(key=lambda p: p["start"])
    out.write(json.dumps({"id": doc["id"], "toponyms": places}) + "\n")
"""


def one_core() -> None:
    """Pin the calling (child) process to one CPU."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def build_corpus(seeds: Path, n_docs: int, n_sentences: int, seed: int) -> list[dict]:
    """Real-length news documents recombined from the seed articles' sentences."""
    from geo.text.sentences import sentence_spans

    sentences = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [text[s:e] for s, e in sentence_spans(text) if e - s > 40]
    rng = random.Random(seed)
    docs = []
    for i in range(n_docs):
        picked = [rng.choice(sentences) for _ in range(n_sentences)]
        paragraphs = [" ".join(picked[k:k + 3]) for k in range(0, len(picked), 3)]
        docs.append({"id": f"bench_{i:04d}.txt", "text": "\n\n".join(paragraphs)})
    return docs


def timed_process(cmd: list[str], stdin_path: Path) -> tuple[float, float, list[dict]]:
    """Run ``cmd`` on one core; (wall seconds, CPU seconds of the child, its JSON lines).

    CPU seconds are what one core spends, unaffected by other work on the machine; wall
    seconds also count waiting for the core.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdin_path, encoding="utf-8") as stdin:
        proc = subprocess.run(cmd, stdin=stdin, capture_output=True, text=True,
                              preexec_fn=one_core)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        raise SystemExit(f"{cmd[0]} failed:\n{proc.stderr[-2000:]}")
    return wall, cpu, [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


# ------------------------------------------------------------------------------------ quality


def _norm(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def _km(lat1, lon1, lat2, lon2) -> float:
    p = math.pi / 180
    a = (0.5 - math.cos((lat2 - lat1) * p) / 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2)
    return 12742 * math.asin(math.sqrt(max(0.0, min(1.0, a))))


def score(predicted: dict[str, list[dict]], golds: list[dict]) -> dict[str, float]:
    """Detection and resolution figures against the seed gold (score_seeds.py's counting)."""
    n = found = within_tol = within_161 = forms = extra = people = 0
    for gold in golds:
        preds = predicted.get(gold["article"], [])
        by_form: dict[str, list[dict]] = {}
        for p in preds:
            by_form.setdefault(_norm(p["text"]), []).append(p)
        known = {_norm(t["text"]) for t in gold["toponyms"]}
        for t in gold["toponyms"]:
            if t.get("optional"):
                continue
            n += 1
            cands = [p for p in by_form.get(_norm(t["text"]), []) if p.get("lat") is not None]
            found += bool(by_form.get(_norm(t["text"])))
            dists = [_km(t["lat"], t["lon"], p["lat"], p["lon"]) for p in cands]
            within_tol += any(d <= t["tol_km"] for d in dists)
            within_161 += any(d <= 161 or d <= t["tol_km"] for d in dists)
        for f in by_form:
            forms += 1
            extra += not any(f == k or f in k or k in f for k in known)
        people += sum(any(_norm(x) in f.split() for f in by_form) for x in gold.get("negatives", []))
    precision = 1 - extra / max(1, forms)
    recall = found / max(1, n)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1, "resolved_tol": within_tol / max(1, n),
            "within_161km": within_161 / max(1, found), "people": people}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300, help="documents in the timed corpus")
    ap.add_argument("--sentences", type=int, default=30, help="sentences per document")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the recombination")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed articles and gold")
    args = ap.parse_args(argv)
    if not args.seeds.is_dir():
        raise SystemExit(f"{args.seeds}: no such folder (the seed articles and their gold)")

    from geo.gazetteer.index import Gazetteer
    from geo.geoparse.parser import Geoparser

    Gazetteer.open()  # build the index now, so no timing includes it
    docs = build_corpus(args.seeds, args.docs, args.sentences, args.seed)
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.seeds.glob("*.gold.json"))]
    seed_docs = [{"id": g["article"], "text": (args.seeds / g["article"]).read_text(encoding="utf-8")}
                 for g in golds]
    words = sum(len(d["text"].split()) for d in docs) / len(docs)

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        seeds_jsonl = Path(tmp) / "seeds.jsonl"
        seeds_jsonl.write_text("".join(json.dumps(d) + "\n" for d in seed_docs), encoding="utf-8")
        territory = [sys.executable, "-m", "geo.cli.main", "geoparse", "-"]
        peer = [sys.executable, "-c", _FLASHGEOTEXT]
        for name, cmd in (("territory", territory), ("flashgeotext", peer)):
            try:
                wall, cpu, _ = timed_process(cmd, corpus)
                _, _, seed_out = timed_process(cmd, seeds_jsonl)
            except SystemExit as exc:
                print(f"{name}: {exc}", file=sys.stderr)
                continue
            startup, _, _ = timed_process(cmd, Path(os.devnull))
            predicted = {d["id"]: d["toponyms"] for d in seed_out}
            results[name] = {"wall": wall, "cpu": cpu, "startup": startup, **score(predicted, golds)}

    # in-process throughput of territory (start-up and index opening excluded)
    gp = Geoparser()
    gp.parse_text(docs[0]["text"])
    start = time.process_time()
    for d in docs:
        gp.parse_text(d["text"], d["id"])
    in_process = len(docs) / (time.process_time() - start)

    print(f"corpus: {len(docs)} documents recombined from the seed sentences, "
          f"{words:.0f} words each on average; one core")
    header = (f"{'tool':<13}{'docs/s':>8}{'cpu d/s':>9}{'start s':>9}{'P':>7}{'R':>7}{'F1':>7}{'tol':>7}"
              f"{'161km':>7}{'people':>8}")
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        print(f"{name:<13}{len(docs) / r['wall']:>8.1f}{len(docs) / r['cpu']:>9.1f}{r['startup']:>9.2f}"
              f"{r['precision']:>7.2f}{r['recall']:>7.2f}{r['f1']:>7.2f}{r['resolved_tol']:>7.2f}{r['within_161km']:>7.2f}"
              f"{r['people']:>8d}")
    print(f"territory in-process (start-up excluded): {in_process:.1f} docs/s")
    print("docs/s: whole process, start-up included, wall clock; cpu d/s: the same per CPU "
          "second of the process (unaffected by other load); start s: start-up on empty input. "
          "P, R, F1: detection over surface forms; "
          "tol: gold places resolved within their tolerance; 161km: found places within 161 km; "
          "people: person names taken for places (seed gold).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
