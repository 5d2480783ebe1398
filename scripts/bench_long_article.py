#!/usr/bin/env python3
"""Time the per-article work on one ever longer article: is it linear in the text's length?

A run must not stall on one pasted log or one badly split archive (issue 13): an article of 5 MB
(the largest a run reads) should take seconds. For each size (10 KB to 5 MB by default) and each
shape, an article is generated from the sentences below (written for this benchmark: invented war
reporting with real place names), geoparsed and searched for events, in a child process with a
time budget; the table gives seconds per MB, which stays flat when the work is linear (wall time,
and the CPU time, which other jobs on the machine do not inflate).

Shapes:

* ``prose``: paragraphs of sentences, as news copy is;
* ``lines``: one short line per item, as a pasted log or a list of incidents is (what made the
  work grow with the square of the length).

With ``--run`` each article is also put through the whole ``territory run`` (a child process,
``--no-cache``: start-up, geoparsing, events, linking incidents, control, every export and the
map), which is what a user waits for; the table then adds that run's wall and CPU seconds per MB
and ``rest CPU/MB``, the run's CPU time less the geoparsing and event extraction of the first
child (start-up, linking, control, writing and the map).

Usage::

    python scripts/bench_long_article.py [--sizes 10k,100k,1m,5m] [--shape prose|lines|both]
                                         [--budget 120] [--run]

A size that takes longer than ``--budget`` seconds is reported and the larger ones of that shape
are skipped. Runs on any version of the package (it uses only ``Geoparser.parse`` and
``extract_events``, and with ``--run`` the ``territory run`` command line); the gazetteer index is
built before anything is timed.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOWNS = ("Raqqa", "Tal Abyad", "Kobani", "Mosul", "Ramadi", "Fallujah", "Hasakah", "Palmyra", "Deir ez-Zor",
         "Manbij", "Sinjar", "Tikrit", "Baiji", "Qamishli", "Aleppo", "Homs", "Idlib", "Hama", "Daraa")
ACTORS = ("Kurdish fighters", "Iraqi troops", "government forces", "Islamic State militants", "rebel brigades",
          "Peshmerga units", "tribal fighters")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
PROSE = (
    "{actor} captured {town} on {month} {day}, {year}, after a week of heavy fighting, officials said.",
    "A car bomb killed {n} people at a checkpoint on the road into {town} on {month} {day}.",
    "{actor} withdrew from the outskirts of {town} overnight, residents told reporters by telephone.",
    "Airstrikes near {town} wounded {n} civilians, a monitoring group said, and {n} more were missing.",
    "{actor} said they now control about {n} percent of the province around {town}.",
    "Shelling hit the market in {town} and the hospital there received {n} bodies by the evening.",
    "The siege of {town} was broken when {actor} reached the southern districts.",
)
LINES = (
    "{month} {day}: {town}, {n} killed",
    "{town} - clashes, {actor}",
    "{day} {month} {year} {town} airstrike ({n} wounded)",
    "{actor} enter {town}",
    "checkpoint east of {town}: car bomb",
)


def generate(size: int, shape: str, seed: int = 13) -> str:
    """An article of just under ``size`` bytes (UTF-8) in the given shape: never over, so that
    "5m" is an article the run accepts (it refuses one over 5,000,000 bytes)."""
    rng = random.Random(seed)
    templates = PROSE if shape == "prose" else LINES
    parts: list[str] = []
    total = 0
    while total < size:
        piece = rng.choice(templates).format(
            actor=rng.choice(ACTORS), town=rng.choice(TOWNS), month=rng.choice(MONTHS), day=rng.randint(1, 28),
            year=rng.randint(2013, 2017), n=rng.randint(2, 90))
        if shape == "prose":
            piece += "\n\n" if rng.random() < 0.25 else " "
        else:
            piece += "\n"
        grown = total + len(piece.encode("utf-8"))
        if grown > size and parts:
            break
        parts.append(piece)
        total = grown
    return "".join(parts)


def child(size: int, shape: str) -> None:
    """Time one article in this process; print one JSON line."""
    from geo.events.extract import extract_events
    from geo.geoparse.parser import Geoparser
    from geo.records import Article

    geoparser = Geoparser()
    geoparser.parse(Article(id="warm.txt", text=generate(2000, "prose"), published=None))  # caches, lazy loads
    text = generate(size, shape)
    article = Article(id="long.txt", text=text, published=None)
    started, cpu_started = time.perf_counter(), time.process_time()
    toponyms = geoparser.parse(article)
    parsed = time.perf_counter()
    events = extract_events(article, toponyms)
    done, cpu_done = time.perf_counter(), time.process_time()
    print(json.dumps({"bytes": len(text.encode("utf-8")), "lines": text.count("\n"), "toponyms": len(toponyms),
                      "events": len(events), "geoparse": parsed - started, "events_s": done - parsed,
                      "cpu_s": cpu_done - cpu_started}))


def time_run(size: int, shape: str, budget: float) -> dict[str, float]:
    """Wall and CPU seconds (user and system, of the child) of ``territory run`` on one
    generated article."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        (corpus / "long.txt").write_text(generate(size, shape), encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geo.cli.main", "run", str(corpus), "-o", str(Path(tmp) / "out"),
                        "--no-cache", "-q"], capture_output=True, text=True, timeout=budget, check=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu}


def _last_error_line(exc: subprocess.CalledProcessError) -> str:
    """What a failed child said last on stderr (the error, not the whole traceback)."""
    lines = (exc.stderr or "").strip().splitlines()
    return lines[-1] if lines else f"exit status {exc.returncode}"


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m,5m", help="comma-separated sizes in bytes (k, m suffixes)")
    parser.add_argument("--shape", choices=["prose", "lines", "both"], default="both")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds one size may take")
    parser.add_argument("--run", action="store_true",
                        help="also time the whole `territory run` of each article (start-up to map)")
    parser.add_argument("--child", nargs=2, metavar=("SIZE", "SHAPE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1])
        return 0

    from geo.gazetteer.index import Gazetteer

    Gazetteer.open(progress=False).close()  # built before anything is timed
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    shapes = ["prose", "lines"] if args.shape == "both" else [args.shape]
    print(f"{'shape':<6} {'size':>9} {'lines':>8} {'toponyms':>9} {'events':>7} {'geoparse s':>11} "
          f"{'events s':>9} {'total s':>8} {'s per MB':>9} {'CPU s per MB':>13}"
          + (f" {'run s/MB':>9} {'run CPU/MB':>11} {'rest CPU/MB':>12}" if args.run else ""))
    worst = worst_run = 0.0
    for shape in shapes:
        for size in sizes:
            try:
                done = subprocess.run([sys.executable, __file__, "--child", str(size), shape], capture_output=True,
                                      text=True, timeout=args.budget, check=True)
            except subprocess.TimeoutExpired:
                print(f"{shape:<6} {size:>9} over the budget of {args.budget:g} s: larger sizes skipped")
                worst = float("inf")
                break
            except subprocess.CalledProcessError as exc:
                print(f"{shape:<6} {size:>9} failed: {_last_error_line(exc)}")
                break
            r = json.loads(done.stdout.strip().splitlines()[-1])
            total = r["geoparse"] + r["events_s"]
            mb = r["bytes"] / 1e6
            per_mb = total / mb
            worst = max(worst, per_mb)
            line = (f"{shape:<6} {r['bytes']:>9} {r['lines']:>8} {r['toponyms']:>9} {r['events']:>7} "
                    f"{r['geoparse']:>11.2f} {r['events_s']:>9.2f} {total:>8.2f} {per_mb:>9.2f} "
                    f"{r['cpu_s'] / mb:>13.2f}")
            if args.run:
                try:
                    whole = time_run(size, shape, args.budget)
                except subprocess.TimeoutExpired:
                    print(f"{line} run over the budget of {args.budget:g} s: larger sizes skipped")
                    worst_run = float("inf")
                    break
                except subprocess.CalledProcessError as exc:
                    print(f"{line} run failed: {_last_error_line(exc)}")
                    break
                worst_run = max(worst_run, whole["wall"] / mb)
                line += (f" {whole['wall'] / mb:>9.2f} {whole['cpu'] / mb:>11.2f} "
                         f"{(whole['cpu'] - r['cpu_s']) / mb:>12.2f}")
            print(line, flush=True)
    print(f"worst: {worst:.2f} s per MB" + (f"; whole run {worst_run:.2f} s per MB" if args.run else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
