#!/usr/bin/env python3
"""Benchmark the offline gazetteer: build time, open time, lookups per second, memory, size.

Usage (from the checkout, in the project's environment)::

    python scripts/bench_gazetteer.py                      # built-in sources only
    python scripts/bench_gazetteer.py --dumps ../shared/data/gazetteer/geonames-format/IQ.zip \\
                                          ../shared/data/gazetteer/geonames-format/SY.zip

Each phase runs in its own process (so peak memory is that phase's own) on a fresh index in a
temporary home; nothing touches the user's index. Aims (issue 2): build < 60 s, open < 0.2 s,
> 50,000 lookups/s on one core, < 300 MB resident.

Lookups are timed three ways: *cold* (a fresh handle, every name distinct, so every call goes to
SQLite and ranks), *warm* (the same names again, served by the in-process cache) and
*corpus-like* (50,000 mentions drawn with Zipf weights from the names, on a fresh handle: a
corpus names a few places very often and most places rarely). Names are drawn with a fixed seed
from the index itself; *variant* names are the same places respelt the way news respells them
(article added or dropped, doubled consonants, -ah/-a, ou/u, Tal/Tell).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _respell(name: str, rng: random.Random) -> str:
    """One news-style respelling of ``name``."""
    ops = [
        lambda s: "al-" + s if not s.lower().startswith(("al ", "al-", "ar ", "as ", "ash ")) else s[3:],
        lambda s: re.sub(r"(?<=[aeiou])([bdfkmnrst])(?=[aeiou])", r"\1\1", s, count=1),
        # the feminine ending: -ah <-> -a, -eh <-> -e
        lambda s: s[:-1] if s.endswith(("ah", "eh")) else s + "h" if s.endswith(("a", "e")) else s,
        lambda s: s.replace("ou", "u").replace("u", "ou", 1),
        lambda s: s.replace("Tall ", "Tell ").replace("Tal ", "Tall "),
        lambda s: s.replace(" ", "-"),
    ]
    return rng.choice(ops)(name)


def _sample_names(index: Path, n: int, seed: int) -> list[str]:
    con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    names = [r[0] for r in con.execute(
        "SELECT name FROM place WHERE cc IN ('IQ','SY','TR','JO','LB','EG','LY','US','FR','GB') "
        "ORDER BY id")]
    con.close()
    rng = random.Random(seed)
    return rng.sample(names, min(n, len(names)))


def phase_build(home: Path, dumps: list[str]) -> dict:
    from geo.gazetteer import build
    t0 = time.perf_counter()
    build.build(home, progress=False)
    full = time.perf_counter() - t0
    out = {"build_s": round(full, 2), "build_peak_rss_mb": round(_rss_mb(), 1)}
    if dumps:
        from geo.cli.gazetteer import _add

        _add(home, [Path(d) for d in dumps])
        t0 = time.perf_counter()
        build.build(home, progress=False)
        out["rebuild_with_dumps_s"] = round(time.perf_counter() - t0, 2)
        out["build_peak_rss_mb"] = round(_rss_mb(), 1)
    index = home / build.INDEX_FILE
    out["index_mb"] = round(index.stat().st_size / 1e6, 1)
    out["base_cache_mb"] = round((home / build.BASE_FILE).stat().st_size / 1e6, 1)
    con = sqlite3.connect(index)
    out["places"] = con.execute("SELECT count(*) FROM place").fetchone()[0]
    out["names"] = con.execute("SELECT count(*) FROM name").fetchone()[0]
    con.close()
    return out


def phase_query(home: Path, n: int, seed: int) -> dict:
    t0 = time.perf_counter()
    from geo.gazetteer.index import Gazetteer

    gz = Gazetteer.open(home)
    first_open = time.perf_counter() - t0
    opens = []
    for _ in range(5):
        t0 = time.perf_counter()
        Gazetteer.open(home).close()
        opens.append(time.perf_counter() - t0)
    opens.sort()

    exact = _sample_names(gz.path, n, seed)
    rng = random.Random(seed + 1)
    variants = [_respell(x, rng) for x in exact]
    out = {"open_s_first_incl_import": round(first_open, 3), "open_s_median": round(opens[2], 4)}
    for label, names in (("exact", exact), ("variant", variants)):
        cold = Gazetteer.open(home)
        t0 = time.perf_counter()
        found = sum(bool(cold.candidates(x)) for x in names)
        dt = time.perf_counter() - t0
        out[f"{label}_cold_lookups_per_s"] = round(len(names) / dt)
        out[f"{label}_found_pct"] = round(100 * found / len(names), 1)
        # warm: a corpus names the same places again and again
        t0 = time.perf_counter()
        for _ in range(5):
            for x in names:
                cold.candidates(x)
        out[f"{label}_warm_lookups_per_s"] = round(5 * len(names) / (time.perf_counter() - t0))
    # corpus-like: 50,000 mentions drawn Zipf-wise from the variant names (a corpus names a few
    # places very often and most rarely), on a fresh handle: cache misses included
    zipf = random.Random(seed + 2).choices(variants, weights=[1 / (i + 1) for i in range(len(variants))],
                                           k=50_000)
    mixed = Gazetteer.open(home)
    t0 = time.perf_counter()
    for x in zipf:
        mixed.candidates(x)
    out["corpus_like_lookups_per_s"] = round(len(zipf) / (time.perf_counter() - t0))
    fresh = Gazetteer.open(home)
    t0 = time.perf_counter()
    for x in variants:
        fresh.is_name(x)
    out["is_name_cold_per_s"] = round(len(variants) / (time.perf_counter() - t0))
    out["query_peak_rss_mb"] = round(_rss_mb(), 1)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dumps", nargs="*", default=[], help="GeoNames dumps to add for a second build")
    p.add_argument("-n", type=int, default=5000, help="names per lookup run")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--phase", choices=["build", "query"], help=argparse.SUPPRESS)
    p.add_argument("--home", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.phase:
        home = Path(args.home)
        res = phase_build(home, args.dumps) if args.phase == "build" else phase_query(home, args.n, args.seed)
        print(json.dumps(res))
        return 0

    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="bench_gazetteer_") as tmp:
        results: dict = {}
        for phase in ("build", "query"):
            cmd = [sys.executable, __file__, "--phase", phase, "--home", tmp, "-n", str(args.n),
                   "--seed", str(args.seed)]
            if phase == "build" and args.dumps:
                cmd += ["--dumps", *[str(Path(d).resolve()) for d in args.dumps]]
            # one core: the aims are per core
            if hasattr(os, "sched_setaffinity"):
                cmd = ["taskset", "-c", "0", *cmd] if _has_taskset() else cmd
            run = subprocess.run(cmd, capture_output=True, text=True, env=env)
            if run.returncode:
                print(run.stderr, file=sys.stderr)
                return 1
            results.update(json.loads(run.stdout.strip().splitlines()[-1]))
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    return 0


def _has_taskset() -> bool:
    from shutil import which

    return which("taskset") is not None


if __name__ == "__main__":
    sys.exit(main())
