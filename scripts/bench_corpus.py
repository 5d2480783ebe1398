"""Benchmark ``territory run`` on a large corpus: throughput, memory, scaling, cached re-runs.

The corpus is made at run time (never committed) by recombining real sentences of the seed
articles (``../shared/seeds``) and the demo dispatches (``examples/``): each synthetic article
is 4-14 sentences drawn at random (fixed seed) with a random publication date in 2014-2016 in a
manifest, so relative dates ("on Sunday") resolve to different days and the same sentence in
two articles gives two reports of one event (what :mod:`geo.events.incidents` links).

For each size, each configuration runs in a fresh process (``territory run`` through
:func:`geo.runner.pipeline.run`, cache off) while this script samples the resident memory of that
process and all its children (workers) every 0.1 s:

- ``1 worker``: everything in one process;
- ``2 workers``: ``--workers 2`` (local processes);
- ``dask``: a Dask ``LocalCluster(n_workers=2, processes=True)`` (``--scheduler``), cluster
  start-up timed apart;
- ``cached``: a run filling a fresh cache, then the re-run with nothing new (timed).

Printed per run: articles/s of the per-article stage, seconds of the per-article stage and of
the outputs, total seconds, CPU seconds of all its processes, memory of the main process once
every article is in (before the exports and the map: the streaming part), peak memory of the
main process and of the whole process tree (MB, resident). The machine must be otherwise idle for the
wall-clock figures to mean anything; the CPU seconds hold up better when it is not.

Usage::

    python scripts/bench_corpus.py --sizes 1000 10000            # about 15 minutes on 2 cores
    python scripts/bench_corpus.py --sizes 100000 --configs 1 2  # long: run it in the background
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = [REPO.parent / "shared" / "seeds", REPO / "examples"]
CONFIGS = ("1", "2", "dask", "cached")


def sentence_pool() -> list[str]:
    """Every sentence of the seed articles and the demo dispatches (at least 40 characters)."""
    from geo.io.corpus import read_article
    from geo.text.sentences import sentence_spans

    pool: list[str] = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            text = read_article(path).text
            for start, end in sentence_spans(text):
                sentence = " ".join(text[start:end].split())
                if len(sentence) >= 40:
                    pool.append(sentence)
    if not pool:
        raise SystemExit(f"no sentences found in {', '.join(map(str, SOURCES))}")
    return pool


def make_corpus(folder: Path, n: int, pool: list[str], seed: int = 2016) -> Path:
    """``n`` articles of recombined sentences in ``folder`` (100 per sub-folder) and a manifest."""
    rng = random.Random(seed)
    first, days = date(2014, 6, 1), (date(2016, 12, 31) - date(2014, 6, 1)).days
    manifest = folder / "manifest.csv"
    articles = folder / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / "manifest.partial"
    with partial.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "published", "outlet"])
        for i in range(n):
            sentences = rng.sample(pool, rng.randint(4, 14))
            paragraphs = [" ".join(sentences[k:k + 2]) for k in range(0, len(sentences), 2)]
            name = f"a{i:07d}.txt"
            sub = articles / f"{i // 100:05d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
            writer.writerow([name, (first + timedelta(days=rng.randrange(days))).isoformat(), f"wire{i % 7}"])
    partial.replace(manifest)  # the corpus is complete (a later run reuses it)
    return manifest


def child(args: argparse.Namespace) -> None:
    """One measured run (in its own process); prints one JSON line."""
    import psutil

    import geo.runner.pipeline
    from geo.runner.pipeline import run

    # memory of this process when every article is in and the outputs are about to be made:
    # the streaming part of the run, apart from the exports and the map
    at_outputs = {}
    write_outputs = geo.runner.pipeline.write_run_outputs

    def measured_write_outputs(tmp, store, cached, summary, *a, **k):
        at_outputs["mb"] = psutil.Process().memory_info().rss / 2**20
        # the article stage's figures now, in case the outputs stage is stopped (--max-mb)
        print(json.dumps({"partial": True, "articles": summary.articles, "events": summary.events,
                          "cached": summary.cached, "articles_s": summary.seconds["articles"],
                          "articles_mb": at_outputs["mb"]}), flush=True)
        return write_outputs(tmp, store, cached, summary, *a, **k)

    geo.runner.pipeline.write_run_outputs = measured_write_outputs
    started = time.perf_counter()
    scheduler, cluster, cluster_s = None, None, 0.0
    if args.dask:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=args.dask, threads_per_worker=1, processes=True, dashboard_address=None)
        scheduler = cluster.scheduler_address
        cluster_s = time.perf_counter() - started
    try:
        t0 = time.perf_counter()
        summary = run([args.corpus], args.out, manifest=args.manifest, workers=args.workers, scheduler=scheduler,
                      cache=args.cache_dir is not None, cache_dir=args.cache_dir, progress=False)
        total = time.perf_counter() - t0
    finally:
        if cluster is not None:
            cluster.close()
    print(json.dumps({"articles": summary.articles, "events": summary.events, "incidents": summary.incidents,
                      "merged": summary.merged_incidents, "cached": summary.cached,
                      "articles_s": summary.seconds["articles"], "outputs_s": summary.seconds["outputs"],
                      "total_s": total, "cluster_s": cluster_s,
                      "articles_mb": at_outputs.get("mb", 0.0)}))


def measure(cmd: list[str], max_mb: float) -> dict:
    """Run ``cmd``, sampling the memory of its process tree; its JSON line plus peaks (MB).

    The run is stopped when its processes together hold more than ``max_mb``: a benchmark must
    not push a shared machine into swapping or the out-of-memory killer."""
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    root = psutil.Process(proc.pid)
    peak_main = peak_tree = 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            rss = []
            for p in procs:
                try:
                    rss.append(p.memory_info().rss)
                except psutil.Error:
                    rss.append(0)
            peak_main, peak_tree = max(peak_main, rss[0]), max(peak_tree, sum(rss))
        except psutil.Error:
            pass
        if peak_tree > max_mb * 2**20:
            for p in reversed(procs):
                with contextlib.suppress(psutil.Error):
                    p.kill()
            out, _ = proc.communicate()
            partial = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            result = partial[-1] if partial else {"articles": 0, "events": 0, "cached": 0, "articles_s": 0.0,
                                                  "articles_mb": 0.0}
            result.update(outputs_s=float("nan"), total_s=float("nan"), cluster_s=0.0, incidents=0, merged=0,
                          stopped=f"stopped in the outputs stage at {peak_tree / 2**20:.0f} MB (--max-mb)",
                          peak_main_mb=peak_main / 2**20, peak_tree_mb=peak_tree / 2**20, cpu_s=float("nan"))
            return result
        time.sleep(0.1)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"run failed ({' '.join(cmd)}):\n{err[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(out.strip().splitlines()[-1])
    # CPU seconds of the run and every process it waited for: a fairer figure than wall time
    # when something else shares the cores
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result.update(peak_main_mb=peak_main / 2**20, peak_tree_mb=peak_tree / 2**20, cpu_s=cpu)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=CONFIGS)
    parser.add_argument("--workdir", help="where corpora and outputs go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--fill-workers", type=int, default=1, help="workers of the run that fills the cache")
    parser.add_argument("--max-mb", type=float, default=12000, help="stop a run whose processes hold more (MB)")
    parser.add_argument("--seeds", type=Path, default=SOURCES[0], help="the seed articles (../shared/seeds)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--manifest", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--dask", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return

    os.environ.setdefault("TERRITORY_HOME", str(REPO / ".territory_home"))
    work = Path(args.workdir or tempfile.mkdtemp(prefix="territory-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    SOURCES[0] = args.seeds
    pool = sentence_pool()
    print(f"sentence pool: {len(pool)} sentences from {', '.join(str(s) for s in SOURCES)}")
    print(f"work folder: {work}   cpus: {os.cpu_count()}")
    print(f"{'articles':>9} {'run':<14} {'art/s':>7} {'articles s':>10} {'outputs s':>9} {'total s':>8} "
          f"{'cpu s':>7} {'art. MB':>7} {'main MB':>8} {'tree MB':>8} {'events':>8} {'incidents':>9} {'multi-src':>9}")
    base = [sys.executable, str(Path(__file__).resolve()), "--child"]
    for n in args.sizes:
        folder = work / f"corpus_{n}"
        if not (folder / "manifest.csv").exists():
            t = time.perf_counter()
            make_corpus(folder, n, pool)
            print(f"# made {n} articles in {time.perf_counter() - t:.1f} s")
        common = ["--corpus", str(folder / "articles"), "--manifest", str(folder / "manifest.csv")]
        runs = []
        for config in args.configs:
            out = str(work / f"out_{n}_{config}")
            if config == "1":
                runs.append(("1 worker", base + common + ["--out", out]))
            elif config == "2":
                runs.append(("2 workers", base + common + ["--out", out, "--workers", "2"]))
            elif config == "dask":
                runs.append(("dask 2 procs", base + common + ["--out", out, "--dask", "2"]))
            else:
                cache = str(work / f"cache_{n}")
                fill = ["--workers", str(args.fill_workers)]
                runs.append(("cache: fill", base + common + ["--out", out, "--cache-dir", cache] + fill))
                runs.append(("cache: re-run", base + common + ["--out", out, "--cache-dir", cache]))
        for label, cmd in runs:
            r = measure(cmd, args.max_mb)
            rate = r["articles"] / r["articles_s"] if r["articles_s"] else float("nan")
            extra = f"  (cluster start {r['cluster_s']:.1f} s)" if r["cluster_s"] else ""
            extra += f"  ({r['cached']} from cache)" if r["cached"] else ""
            extra += f"  {r['stopped']}" if r.get("stopped") else ""
            print(f"{n:>9} {label:<14} {rate:>7.1f} {r['articles_s']:>10.1f} {r['outputs_s']:>9.1f} "
                  f"{r['total_s']:>8.1f} {r['cpu_s']:>7.1f} "
                  f"{(format(r['articles_mb'], '.0f') if r['articles_mb'] else '-'):>7} "
                  f"{r['peak_main_mb']:>8.0f} {r['peak_tree_mb']:>8.0f} "
                  f"{r['events']:>8} {r['incidents']:>9} {r['merged']:>9}{extra}", flush=True)
    if not args.keep and not args.workdir:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
