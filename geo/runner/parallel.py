"""Run the per-article work on one core, on N local processes or on a Dask cluster.

Every way runs the same function (:func:`geo.runner.workers.process_batch`) on batches of articles and
hands the results back **in corpus order**, so the outputs are byte-identical whatever runs them.
Articles are read and sent lazily with a bounded number of batches in flight: memory does not
grow with the corpus, whatever its size.

>>> from geo.runner.parallel import executor, in_order, Work        # doctest: +SKIP
>>> with executor(workers=2) as ex:                               # doctest: +SKIP
...     for entry, outcome in in_order((Work(a) for a in articles), ex):
...         ...

Executors
---------
- ``workers=1``: in this process, no pickling.
- ``workers=N``: a ``ProcessPoolExecutor`` of N *spawned* processes (a clean interpreter each;
  forking a process that already runs threads is unsafe), each opening the gazetteer once in
  its initializer.
- ``scheduler="tcp://host:8786"``: a Dask distributed cluster. Workers need the ``territory``
  package and the same gazetteer: the client's index file when they share its file system,
  else their own ``$TERRITORY_HOME`` built from the same sources (checked by fingerprint). Run
  workers with one thread each (``--nthreads 1``): the work is pure Python, so threads of one
  process would share one core.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from geo.errors import TerritoryError
from geo.records import Article
from geo.runner.workers import Outcome, process_batch, start_pool_worker, warm_up

__all__ = ["DaskExecutor", "LocalExecutor", "PoolExecutor", "Work", "executor", "in_order"]

_PENDING = object()


@dataclass(frozen=True)
class Work:
    """An article to process; ``tag`` is carried along for the caller (e.g. its cache key)."""

    article: Article
    tag: Any = None


class _Done:
    """A finished future (what the in-process executor returns)."""

    def __init__(self, value: list[Outcome]) -> None:
        self._value = value

    def done(self) -> bool:
        return True

    def result(self) -> list[Outcome]:
        return self._value


class LocalExecutor:
    """Process batches right here, one at a time."""

    batch_size = 1
    window = 1

    def __init__(self, gazetteer_path: str | None = None, fingerprint: str | None = None) -> None:
        self._args = (gazetteer_path, fingerprint)

    def submit(self, articles: list[Article]) -> _Done:
        return _Done(process_batch(articles, *self._args))

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class PoolExecutor(LocalExecutor):
    """``workers`` spawned processes, each with its own gazetteer handle."""

    batch_size = 8

    def __init__(self, workers: int, gazetteer_path: str | None = None,
                 fingerprint: str | None = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        super().__init__(gazetteer_path, fingerprint)
        self.workers = workers
        self.window = 2 * workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=start_pool_worker, initargs=self._args)

    def submit(self, articles: list[Article]):
        return self._pool.submit(process_batch, articles, *self._args)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(LocalExecutor):
    """Batches as tasks of a Dask distributed cluster at ``address``."""

    batch_size = 16

    def __init__(self, address: str, gazetteer_path: str | None = None,
                 fingerprint: str | None = None) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise TerritoryError("--scheduler needs Dask: pip install 'territory[dask]'") from exc
        super().__init__(gazetteer_path, fingerprint)
        try:
            self._client = Client(address, timeout="30s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise TerritoryError(f"cannot reach the Dask scheduler at {address} ({exc})") from exc
        threads = sum(self._client.nthreads().values()) or 1
        self.window = 2 * threads
        # open the gazetteer on every worker now, so the first batches do not all wait for it
        self._client.run(warm_up, *self._args)

    def submit(self, articles: list[Article]):
        return self._client.submit(process_batch, articles, *self._args, pure=False)

    def close(self) -> None:
        self._client.close()


def executor(workers: int = 1, scheduler: str | None = None, *, gazetteer_path: str | None = None,
             fingerprint: str | None = None) -> LocalExecutor:
    """The executor for ``--workers``/``--scheduler`` (a context manager).

    Parameters
    ----------
    workers
        Local processes; 1 runs in this process. Ignored when ``scheduler`` is given.
    scheduler
        Address of a Dask distributed scheduler (``tcp://host:8786``).
    gazetteer_path, fingerprint
        The gazetteer index workers open and the fingerprint it must have.
    """
    if scheduler:
        return DaskExecutor(scheduler, gazetteer_path, fingerprint)
    if workers is None or workers < 1:
        raise TerritoryError(f"--workers must be 1 or more, not {workers}")
    if workers == 1:
        return LocalExecutor(gazetteer_path, fingerprint)
    return PoolExecutor(min(workers, 4 * (os.cpu_count() or 1)), gazetteer_path, fingerprint)


def in_order(entries: Iterable[Any], ex: LocalExecutor, *, batch_size: int | None = None,
             window: int | None = None) -> Iterator[tuple[Any, Outcome | None]]:
    """Process every :class:`Work` entry with ``ex``; yield ``(entry, outcome)`` in input order.

    Entries that are not :class:`Work` (a cached result, a skipped file) pass through with
    outcome None, in their place. At most ``window`` batches are in flight and at most a few
    batches' worth of entries wait for an earlier one, so memory stays flat.
    """
    batch_size = batch_size or ex.batch_size
    window = window or ex.window
    max_waiting = max(64, 4 * batch_size * window)
    slots: deque[list] = deque()
    batch: list[list] = []
    flying: deque[tuple[Any, list[list]]] = deque()

    def flush() -> None:
        nonlocal batch
        if batch:
            flying.append((ex.submit([slot[0].article for slot in batch]), batch))
            batch = []

    def collect(block: bool) -> None:
        while flying and (block or flying[0][0].done()):
            future, members = flying.popleft()
            for slot, outcome in zip(members, _result(future)):
                slot[1] = outcome
            block = False

    def ready() -> Iterator[tuple[Any, Outcome | None]]:
        while slots and slots[0][1] is not _PENDING:
            entry, outcome = slots.popleft()
            yield entry, outcome

    for entry in entries:
        slot = [entry, _PENDING if isinstance(entry, Work) else None]
        slots.append(slot)
        if slot[1] is _PENDING:
            batch.append(slot)
        if len(batch) >= batch_size:
            flush()
        while len(flying) > window:
            collect(block=True)
        if len(slots) >= max_waiting:
            # many entries wait behind an unfinished one: stop reading until it is done
            flush()
            while flying and len(slots) >= max_waiting:
                collect(block=True)
                yield from ready()
        collect(block=False)
        yield from ready()
    flush()
    while flying:
        collect(block=True)
        yield from ready()
    yield from ready()


def _result(future) -> list[Outcome]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise TerritoryError("a worker process died (out of memory, or killed); "
                             "try fewer --workers") from exc
