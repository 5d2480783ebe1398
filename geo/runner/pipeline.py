"""The whole job: corpus -> geoparse -> events -> incidents -> control -> exports and map.

Articles are read lazily and processed in batches (on this core, on ``workers`` local
processes, or on a Dask cluster: :mod:`geo.runner.parallel`), their results coming back in corpus order
so the outputs are byte-identical however they were computed. Each article's result is cached by
content (:mod:`geo.runner.cache`): a re-run processes only new or changed articles. Reports of the
same event from different articles are linked into incidents (:mod:`geo.events.incidents`).

Memory does not grow with the corpus's text: each article's encoded result waits on disk in a
temporary SQLite file (:mod:`geo.runner.store`) until every article is in, and the outputs are then
written from it in chunks (:mod:`geo.runner.outputs`). A re-run that finds its outputs up to date
stops before decoding any result.

Outputs are written into a temporary folder beside OUT and moved into place file by file with
``os.replace`` only once every one of them is complete, so a failed run never leaves a
half-written file and never destroys the previous results.

Before any work the output folder is made, checked for writing and locked for the whole run (a
second run into it stops, or waits); temporary folders that killed runs left in it and in
``TMPDIR`` are removed (:mod:`geo.runner.scratch`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from geo import settings
from geo.errors import CorpusError, OutputError, TerritoryError
from geo.gazetteer.index import Gazetteer
from geo.io.corpus import (
    MANIFEST_NOT_GIVEN,
    SkippedFile,
    load_manifest,
    manifest_mismatches,
    read_corpus,
    scan_corpus,
)
from geo.records import Article
from geo.runner.cache import ResultCache, article_key, combined_fingerprint
from geo.runner.parallel import Work, executor, in_order
from geo.runner.scratch import (
    OUTPUT_TMP_PREFIX,
    STORE_TMP_PREFIX,
    OutputLock,
    owned_tempdir,
    remove_own,
    remove_stale,
)
from geo.runner.store import RunStore

#: Files a run writes into OUT (the contract's table).
OUTPUT_FILES = (
    "events.geojson",
    "incidents.geojson",
    "places.geojson",
    "control.geojson",
    "events.csv",
    "territory.gpkg",
    "map.html",
    "summary.json",
)
#: the partitioned GeoParquet event table (a folder), written with ``parquet=True`` (the default
#: on a Dask cluster)
PARQUET_DIR = "events.parquet"
#: this many articles failing one after the other is a broken program or installation, not bad
#: input: the run stops instead of skipping the whole corpus
MAX_FAILURES_IN_A_ROW = 25
#: files left out by name that the terminal report lists one by one (summary.json lists them all)
MAX_EXCLUDED_SHOWN = 20


@dataclass
class RunSummary:
    """What a run read, skipped (and why) and found."""

    articles: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    #: files of the corpus folders not read, by name: documentation, hidden, other types,
    #: ``--exclude`` (each with the reason)
    excluded: list[SkippedFile] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    not_in_manifest: list[str] = field(default_factory=list)
    manifest_without_file: list[str] = field(default_factory=list)
    toponyms: int = 0
    places: int = 0
    events: int = 0
    events_by_category: dict[str, int] = field(default_factory=dict)
    incidents: int = 0
    merged_incidents: int = 0
    control_areas: int = 0
    outputs: dict[str, str] = field(default_factory=dict)
    #: articles whose result came from the cache / were processed in this run (not in
    #: summary.json, which must not depend on what an earlier run left behind)
    cached: int = 0
    processed: int = 0
    #: digest of everything the outputs are made from (in summary.json: a re-run of the same
    #: corpus with the same program finds the outputs up to date and rewrites nothing)
    fingerprint: str = ""
    up_to_date: bool = False
    #: wall-clock seconds of the stages ("articles": reading and per-article work, "outputs")
    seconds: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "articles": self.articles,
            "skipped": [{"file": s.path, "problem": s.problem} for s in self.skipped],
            "excluded": [{"file": s.path, "reason": s.problem} for s in self.excluded],
            "undated": self.undated,
            "not_in_manifest": self.not_in_manifest,
            "manifest_without_file": self.manifest_without_file,
            "toponyms": self.toponyms,
            "places": self.places,
            "events": self.events,
            "events_by_category": dict(sorted(self.events_by_category.items())),
            "incidents": self.incidents,
            "merged_incidents": self.merged_incidents,
            "control_areas": self.control_areas,
            "fingerprint": self.fingerprint,
        }

    def _undated_lines(self) -> list[str]:
        """What having no publication date costs, the articles (the first few), and the manifest
        the corpus folder holds but the run was not given, if any."""
        names = ", ".join(self.undated[:MAX_EXCLUDED_SHOWN])
        more = f" and {len(self.undated) - MAX_EXCLUDED_SHOWN} more" if len(self.undated) > MAX_EXCLUDED_SHOWN else ""
        lines = [(f"{len(self.undated)} article(s) with no publication date, in no manifest and not in their text: "
                  f"relative dates are ignored and events with no date of their own have none ({names}{more})")]
        unread = [s.path for s in self.excluded if s.problem == MANIFEST_NOT_GIVEN]
        if unread:
            lines.append(f"  {unread[0]} looks like their manifest: give it as the run's manifest "
                         "(territory run --manifest FILE) to use its dates")
        return lines

    def report(self) -> str:
        """A few human lines for the terminal."""
        lines = [(f"read {self.articles} article(s) ({self.processed} processed, {self.cached} from the cache), "
                  f"skipped {len(self.skipped)}")]
        lines += [f"  skipped {s.path}: {s.problem}" for s in self.skipped]
        if self.excluded:
            lines.append(f"left out {len(self.excluded)} file(s) of the corpus folders (listed in summary.json)")
            shown = self.excluded if len(self.excluded) <= MAX_EXCLUDED_SHOWN else self.excluded[:MAX_EXCLUDED_SHOWN]
            lines += [f"  left out {s.path}: {s.problem}" for s in shown]
            if len(shown) < len(self.excluded):
                lines.append(f"  ... and {len(self.excluded) - len(shown)} more")
        if self.not_in_manifest:
            lines.append(f"  not in the manifest (date inferred): {', '.join(self.not_in_manifest)}")
        if self.manifest_without_file:
            lines.append(f"  in the manifest but not in the corpus: {', '.join(self.manifest_without_file)}")
        if self.undated:
            lines += self._undated_lines()
        by_cat = ", ".join(f"{n} {c}" for c, n in sorted(self.events_by_category.items())) or "none"
        lines.append(f"found {self.toponyms} place mention(s) of {self.places} place(s); "
                     f"{self.events} event(s): {by_cat}")
        lines.append(f"{self.incidents} incident(s); {self.merged_incidents} of them reported more than once")
        lines.append(f"estimated {self.control_areas} area(s) of control")
        if self.up_to_date:
            lines.append("nothing changed since the outputs were written: left as they are")
        return "\n".join(lines)


def run(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    manifest: str | Path | None = None,
    *,
    strict: bool = False,
    title: str | None = None,
    progress: bool | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    parquet: bool | None = None,
    exclude: Iterable[str] = (),
    wait: bool = False,
) -> RunSummary:
    """Process a corpus and write every output of the contract into ``out_dir``.

    Parameters
    ----------
    inputs
        Article files and folders.
    out_dir
        Created if missing; files of a previous run are replaced only when all new ones exist.
    manifest
        Optional CSV with ``file`` and ``published`` columns.
    strict
        Any unreadable file is an error (nothing is written) instead of being skipped.
    title
        Map title; defaults to the corpus folder's name.
    progress
        Show a progress bar (articles/s, skipped, events found); default: only when stderr is a
        terminal.
    workers
        Local processes doing the per-article work (1: this process).
    scheduler
        Address of a Dask distributed scheduler to run the per-article work on instead.
    cache
        Reuse per-article results of earlier runs and store new ones.
    cache_dir
        Where the cache lives; default ``$TERRITORY_HOME/cache`` (beside the gazetteer index).
    parquet
        Also write the event table as partitioned GeoParquet (``events.parquet/``); default: when
        running on a Dask cluster.
    exclude
        Glob patterns of corpus files not to read (each left-out file is reported).
    wait
        When another run holds ``out_dir``, wait for it to finish instead of raising
        :class:`OutputError`.

    Returns
    -------
    RunSummary

    Raises
    ------
    CorpusError
        ``strict`` and a file could not be read, or the corpus holds no readable article.
    ManifestError
        The manifest is malformed or names none of the corpus files.
    OutputError
        ``out_dir`` cannot be made or written, or another run is writing into it (checked before
        any work).
    """

    inputs = list(inputs)
    out_dir = Path(out_dir)
    summary = RunSummary()
    listing = scan_corpus(inputs, exclude, skip_folders=[out_dir])
    paths, summary.excluded = listing.files, listing.excluded
    if manifest:
        missing, extra = manifest_mismatches(load_manifest(manifest), paths)
        summary.manifest_without_file, summary.not_in_manifest = missing, extra
        summary.excluded = [_as_the_manifest(s, Path(manifest)) for s in summary.excluded]

    _prepare_output_folder(out_dir)
    try:
        with OutputLock(out_dir, wait=wait):
            remove_stale(out_dir, OUTPUT_TMP_PREFIX)
            remove_stale(None, STORE_TMP_PREFIX)
            # made now, not at the end: writing into it is the one check that cannot be fooled
            # (a read-only file system, an ACL, a full disk)
            try:
                tmp = owned_tempdir(OUTPUT_TMP_PREFIX, out_dir)
            except OSError as exc:
                raise OutputError(f"{out_dir}: cannot write into the output folder ({exc.strerror or exc})") from exc
            try:
                _run_locked(inputs, out_dir, tmp, paths, summary, manifest, strict=strict, title=title,
                            progress=progress, workers=workers, scheduler=scheduler, cache=cache,
                            cache_dir=cache_dir, parquet=parquet)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    except KeyboardInterrupt:
        # Ctrl-C or a stop signal can land between a temporary folder's making and the ``try``
        # that removes it (seen under load): the folders named as this process's go with it
        remove_own(out_dir, OUTPUT_TMP_PREFIX)
        remove_own(None, STORE_TMP_PREFIX)
        raise
    return summary


def _prepare_output_folder(out_dir: Path) -> None:
    """Make ``out_dir`` and check it can be written into, before any work: a run must not spend
    an hour and then fail on its last step."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError(f"{out_dir}: the output folder's path is a file, not a folder") from exc
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder ({exc.strerror or exc})") from exc
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"{out_dir}: the output folder is not writable (permission denied)")


def _run_locked(inputs: list, out_dir: Path, tmp: Path, paths: list[Path], summary: RunSummary,
                manifest, *, strict: bool, title: str | None, progress: bool | None, workers: int,
                scheduler: str | None, cache: bool, cache_dir, parquet: bool | None) -> None:
    """The run proper, with ``out_dir`` locked and ``tmp`` (inside it) ready for the outputs."""

    # Opened (and built if need be) here, once, before any worker starts: workers then open the
    # same index file instead of racing to build it.
    gazetteer = Gazetteer.open(progress=progress)
    gz_fingerprint = gazetteer.meta.get("fingerprint", "")
    fingerprint = combined_fingerprint(gz_fingerprint)
    cache_store = None
    if cache:
        cache_store = ResultCache.open(cache_dir or gazetteer.path.parent / "cache", gz_fingerprint)
    run_store = RunStore()
    try:
        results = _Results(summary, run_store)
        started = time.perf_counter()
        with executor(workers, scheduler, gazetteer_path=str(gazetteer.path), fingerprint=gz_fingerprint) as ex:
            entries = _entries(read_corpus(paths, manifest), cache_store, strict, fingerprint)
            for entry, outcome in _progress(in_order(entries, ex), len(paths), progress, summary):
                _take(entry, outcome, results, cache_store, strict)
        if cache_store is not None:
            cache_store.flush()
        if summary.articles == 0:
            raise CorpusError(", ".join(map(str, inputs)), "no readable article in the corpus")
        summary.seconds["articles"] = time.perf_counter() - started

        started = time.perf_counter()
        write_parquet = bool(scheduler) if parquet is None else parquet
        title = title or _default_title(inputs)
        summary.fingerprint = _outputs_fingerprint(results.digest, fingerprint, summary, title)
        if cache and _up_to_date(out_dir, summary, write_parquet):
            summary.seconds["outputs"] = time.perf_counter() - started
            return
        # imported only now: the writers and the map bring pandas, geopandas and folium (about a
        # second of start-up) that a re-run finding its outputs up to date never needs
        from geo.runner.outputs import write_run_outputs

        cached = cache_store.payload if cache_store is not None else None
        write_run_outputs(tmp, run_store, cached, summary, title,
                          parquet_dir=tmp / PARQUET_DIR if write_parquet else None)
        written = _move_into_place(tmp, out_dir)
    finally:
        run_store.close()
        if cache_store is not None:
            cache_store.close()
    summary.outputs = {name: str(path) for name, path in written.items()}
    summary.seconds["outputs"] = time.perf_counter() - started


def _outputs_fingerprint(articles, fingerprint: str, summary: RunSummary, title: str) -> str:
    """A digest of everything the outputs depend on: the articles (their cache keys: text,
    manifest row, program, gazetteer), skipped files, manifest mismatches, the map title and
    the admin boundaries the user added."""

    digest = hashlib.sha256(articles.digest())
    excluded = [[s.path, s.problem] for s in summary.excluded]
    digest.update(json.dumps([fingerprint, title, summary.not_in_manifest, summary.manifest_without_file,
                              excluded]).encode())
    folder = settings.home() / "boundaries"
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            stat = path.stat()
            digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _up_to_date(out_dir: Path, summary: RunSummary, parquet: bool) -> bool:
    """Whether ``out_dir`` holds every output of a run of this very fingerprint; if so the
    summary takes the counts that run wrote and its file list (nothing is rewritten)."""
    try:
        previous = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    names = list(OUTPUT_FILES) + ([PARQUET_DIR] if parquet else [])
    if previous.get("fingerprint") != summary.fingerprint or not all((out_dir / n).exists() for n in names):
        return False
    for name in ("toponyms", "places", "events", "incidents", "merged_incidents", "control_areas"):
        setattr(summary, name, int(previous.get(name, 0)))
    summary.events_by_category = {str(k): int(v) for k, v in previous.get("events_by_category", {}).items()}
    summary.outputs = {p.name: str(p) for p in sorted(out_dir.iterdir()) if not p.name.startswith(".")}
    summary.up_to_date = True
    return True


class _Cached:
    """An article whose result the cache holds (passes through the executor untouched)."""

    __slots__ = ("article", "events", "key")

    def __init__(self, article: Article, key: str, events: int) -> None:
        self.article, self.key, self.events = article, key, events


class _Results:
    """What the article stage keeps: each article's encoded result on disk (the run store),
    counts, and a digest of what the outputs are made of."""

    def __init__(self, summary: RunSummary, store) -> None:
        self.summary = summary
        self.store = store
        self.failed_in_a_row = 0
        #: what the outputs are made of: every article's cache key, every skipped file
        self.digest = hashlib.sha256()

    def add(self, article: Article, key: str | None, blob: bytes | None, events: int) -> None:
        self.summary.articles += 1
        self.summary.events += events  # the progress bar's count; the outputs recount
        if article.published is None:
            self.summary.undated.append(article.id)
        self.store.add_article(article.id, key, blob)


def _as_the_manifest(entry: SkippedFile, manifest: Path) -> SkippedFile:
    """A file left out of the corpus that is the run's own manifest says so."""
    try:
        same = Path(entry.path).resolve() == manifest.resolve()
    except OSError:
        same = False
    return SkippedFile(entry.path, "the run's manifest") if same else entry


def _entries(items, store, strict: bool, fingerprint: str):
    """Corpus items as the executor takes them: skipped files and cached results pass, the
    rest is work."""

    for item in items:
        if isinstance(item, SkippedFile):
            if strict:
                raise CorpusError(item.path, item.problem)
            yield item
            continue
        key = article_key(item, fingerprint)
        events = store.lookup(key) if store is not None else None
        yield _Cached(item, key, events) if events is not None else Work(item, key)


def _take(entry, outcome, results: _Results, store, strict: bool) -> None:
    """Fold one article's outcome into the results (and the cache)."""
    summary = results.summary
    if isinstance(entry, SkippedFile):
        summary.skipped.append(entry)
        results.digest.update(f"skipped\0{entry.path}\0{entry.problem}\n".encode())
    elif isinstance(entry, _Cached):
        summary.cached += 1
        results.digest.update(entry.key.encode() + b"\n")
        results.add(entry.article, entry.key, None, entry.events)
    elif outcome.error is not None:
        path = entry.article.path or entry.article.id
        if strict:
            raise CorpusError(path, outcome.error)
        summary.skipped.append(SkippedFile(str(path), outcome.error))
        results.failed_in_a_row += 1
        if results.failed_in_a_row >= MAX_FAILURES_IN_A_ROW:
            raise TerritoryError(f"{results.failed_in_a_row} articles in a row failed ({outcome.error}, "
                                 f"last {path}): the program, not the articles, is broken; stopping")
    else:
        results.failed_in_a_row = 0
        summary.processed += 1
        results.digest.update(entry.tag.encode() + b"\n")
        if store is not None:
            # the cache keeps the result; the run store only its key
            store.put(entry.tag, entry.article.id, outcome.blob, outcome.events)
            results.add(entry.article, entry.tag, None, outcome.events)
        else:
            results.add(entry.article, None, outcome.blob, outcome.events)


def _move_into_place(tmp: Path, out_dir: Path) -> dict[str, Path]:
    """Move the outputs written into ``tmp`` into ``out_dir`` once every one of them exists."""
    produced = sorted(p for p in tmp.iterdir() if not p.name.startswith(".") and (p.is_file() or p.is_dir()))
    missing = [name for name in OUTPUT_FILES if not (tmp / name).exists()]
    if missing:
        raise OutputError(f"{out_dir}: the run did not produce {', '.join(missing)}")
    written = {}
    for path in produced:
        target = out_dir / path.name
        if path.is_dir() and target.is_dir():
            # a folder cannot replace a non-empty one: move the old one into tmp (removed after)
            os.replace(target, tmp / f".old-{path.name}")
        os.replace(path, target)
        written[path.name] = target
    return written


def _progress(items, total: int, enabled: bool | None, summary: RunSummary):
    """``items`` with a progress bar on stderr: articles/s, skipped, from the cache, events."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="article", file=sys.stderr, smoothing=0.1, mininterval=0.5) as bar:
        shown = 0
        for item in items:
            yield item
            bar.update(1)
            # the postfix only changes the display at tqdm's own pace (refresh=False)
            if bar.n - shown >= 50 or bar.n == total:
                shown = bar.n
                bar.set_postfix_str(f"skipped {len(summary.skipped)}, cached {summary.cached}, "
                                    f"events {summary.events}", refresh=False)


def _default_title(inputs: list) -> str:
    first = Path(str(inputs[0])) if inputs else Path(".")
    name = first.name if first.is_dir() else first.parent.name
    return f"territory: {name or 'corpus'}"
