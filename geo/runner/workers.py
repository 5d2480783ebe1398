"""The per-article work every worker runs: geoparse, extract events, encode the result.

The same function runs in the main process (one worker), in a ``ProcessPoolExecutor`` worker
(``--workers N``) and on a Dask worker (``--scheduler``). Each worker process (each thread, as
a ``Geoparser`` keeps caches that are not meant to be shared across threads) opens the
gazetteer once and keeps it for every batch it is given.

Results travel back as the bytes the cache stores (:func:`geo.runner.codec.encode_result`), so a
fresh result and a cached one go through the same decoding and give byte-identical outputs.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import NamedTuple

from geo.errors import GazetteerError, TerritoryError
from geo.gazetteer.index import Gazetteer
from geo.records import Article
from geo.runner.codec import encode_result
from geo.settings import settle_process

_local = threading.local()


class Outcome(NamedTuple):
    """What became of one article: its encoded result and how many events it holds (for the
    progress bar, which must not decode results), or why there is none."""

    blob: bytes | None
    error: str | None = None
    events: int = 0


def geoparser_for(gazetteer_path: str | None, fingerprint: str | None):
    """This thread's :class:`geo.geoparse.parser.Geoparser`, opened on first use.

    Parameters
    ----------
    gazetteer_path
        The index file the client uses; None opens the worker's own index
        (``$TERRITORY_HOME``), e.g. on a cluster without a shared file system.
    fingerprint
        The gazetteer fingerprint the client's cache keys are made under; a worker whose index
        differs refuses to work, so the cache never stores results of another gazetteer.
    """
    state = getattr(_local, "state", None)
    if state is not None and state[0] == (gazetteer_path, fingerprint):
        return state[1]
    from pathlib import Path

    # the stages are imported by the processes that run them (a pool worker, the main process
    # of a one-worker run), not by every importer of this module: the parent of ``-j N``
    # workers geoparses nothing and extracts nothing
    from geo.geoparse.parser import Geoparser

    if gazetteer_path is not None and Path(gazetteer_path).is_file():
        gazetteer = Gazetteer(Path(gazetteer_path))
    else:
        gazetteer = Gazetteer.open(progress=False)
    got = gazetteer.meta.get("fingerprint")
    if fingerprint is not None and got != fingerprint:
        raise GazetteerError(
            f"{gazetteer.path}: this worker's gazetteer (fingerprint {str(got)[:12]}) is not the "
            f"one the run uses ({fingerprint[:12]}); give every worker the same TERRITORY_HOME "
            "or the same gazetteer sources")
    geoparser = Geoparser(gazetteer)
    _local.state = ((gazetteer_path, fingerprint), geoparser)
    return geoparser


def process_article(article: Article, geoparser) -> Outcome:
    """Geoparse one article and extract its events; an internal error is reported, not raised,
    so one odd article cannot stop a run of a hundred thousand."""
    # here (a look-up in sys.modules per article) for the reason given in geoparser_for: the
    # extraction's expressions are compiled on import, a second of every process that loads it
    from geo.events.extract import extract_events

    try:
        toponyms = geoparser.parse(article)
        events = extract_events(article, toponyms)
        return Outcome(encode_result(toponyms, events), events=len(events))
    except (sqlite3.Error, TerritoryError, MemoryError):
        raise  # the gazetteer or the machine, not this article: every article would fail
    except Exception as exc:  # noqa: BLE001 - reported per article in the run summary
        return Outcome(None, f"internal error while processing: {type(exc).__name__}: {exc}")


def process_batch(articles: list[Article], gazetteer_path: str | None = None,
                  fingerprint: str | None = None) -> list[Outcome]:
    """Process articles in order with this worker's geoparser (what executors are given)."""
    geoparser = geoparser_for(gazetteer_path, fingerprint)
    return [process_article(article, geoparser) for article in articles]


def warm_up(gazetteer_path: str | None = None, fingerprint: str | None = None) -> None:
    """Open the gazetteer now (a process pool's initializer), not on the first batch."""
    geoparser_for(gazetteer_path, fingerprint)


def start_pool_worker(gazetteer_path: str | None = None, fingerprint: str | None = None) -> None:
    """A spawned pool worker's initializer: :func:`warm_up`, then :func:`settle_process` (the
    process is the run's own; a Dask worker's is not, and gets :func:`warm_up` only)."""
    warm_up(gazetteer_path, fingerprint)
    settle_process()


#: A toponym as the run keeps it until the exports: the fields of :class:`geo.records.Toponym`
#: (same names, same order) without the ranking explanation, in a tuple: a fraction of a
#: dataclass's memory, which matters at millions of mentions. Built from the record's fields so
#: a field added there is carried here too.
