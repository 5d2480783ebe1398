#!/usr/bin/env python3
"""The fixed cost of a ``territory`` process: what every small job pays before reading a word.

Times, as a user runs them (each a new process of this interpreter), the median over N runs of:

* ``territory --version`` (the interpreter and ``geo``'s own import: the floor);
* ``territory geoparse -`` on one line of JSON (one short dispatch);
* ``territory run`` on a corpus of that one dispatch (``--no-cache``: every stage, every output);
* ``territory run -j 2`` on it (two spawned workers, each importing the per-article stages);
* the imports of one ``-j N`` worker (``import geo.runner.workers``);

and prints wall and CPU seconds (the CPU of the process and its children: under load the wall
time says little). ``--valgrind`` adds each command's instruction count (cachegrind "I refs",
one run each, about 50 times slower), the figure to compare builds by on a busy machine.

Usage::

    python scripts/bench_startup.py [--runs 5] [--valgrind]

``$TERRITORY_HOME`` is used as the commands use it; a first untimed round builds the gazetteer
index there if needed and writes the modules' byte code, as a user's first run does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DISPATCH = (
    "Government forces recaptured the town of Maarat al-Numan from rebel fighters on 28 January "
    "2020 after weeks of air strikes, a monitoring group said. Shelling on the nearby village of "
    "Kafr Rumah killed at least seven civilians, including two children, and wounded 15 others. "
    "Rebels said they had withdrawn toward Idlib city to avoid encirclement."
)


def _commands(work: Path) -> dict[str, tuple[list[str], str | None]]:
    """name -> (argv, standard input)"""
    cli = [sys.executable, "-m", "geo.cli.main"]
    corpus = work / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "dispatch.txt").write_text(DISPATCH + "\n", encoding="utf-8")
    line = json.dumps({"id": "dispatch", "text": DISPATCH}) + "\n"
    return {
        "--version": ([*cli, "--version"], None),
        "geoparse - (one line)": ([*cli, "geoparse", "-"], line),
        "run (one article)": ([*cli, "run", str(corpus), "-o", str(work / "out1"), "--no-cache", "-q"], None),
        "run -j 2 (one article)": ([*cli, "run", str(corpus), "-o", str(work / "out2"), "--no-cache", "-q",
                                    "-j", "2"], None),
        "worker imports": ([sys.executable, "-c", "import geo.runner.workers"], None),
    }


def _once(argv: list[str], stdin: str | None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, children included) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, input=stdin, text=True, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _instructions(argv: list[str], stdin: str | None) -> int | None:
    """Instructions executed by the command (and the processes it starts), per cachegrind."""
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
                           "--cachegrind-out-file=/dev/null", *argv], input=stdin, text=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    counts = re.findall(r"I\s+refs:\s+([\d,]+)", done.stderr)
    return sum(int(c.replace(",", "")) for c in counts) if counts else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (median)")
    parser.add_argument("--valgrind", action="store_true", help="also count instructions (slow)")
    args = parser.parse_args()

    # byte code is part of every installed package; an environment that forbids writing it
    # would time the compiling of every module instead
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        commands = _commands(Path(tmp))
        for argv, stdin in commands.values():  # warm-up: gazetteer index, byte code, disk cache
            _once(argv, stdin)
        print(f"{'command':<26}{'wall s':>9}{'cpu s':>9}" + (f"{'M instr':>10}" if args.valgrind else ""))
        for name, (argv, stdin) in commands.items():
            runs = [_once(argv, stdin) for _ in range(args.runs)]
            row = (f"{name:<26}{statistics.median(w for w, _ in runs):>9.2f}"
                   f"{statistics.median(c for _, c in runs):>9.2f}")
            if args.valgrind:
                count = _instructions(argv, stdin)
                row += f"{count / 1e6:>10,.0f}" if count is not None else f"{'-':>10}"
            print(row, flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"median of {args.runs} runs; load average {load:.1f}; python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
