"""Per-article result cache: what the geoparser and the event extractor made of one article.

A re-run of ``territory run`` on a corpus that grew by ten articles should process those ten.
Each article's result (its toponyms and events) is stored in SQLite under a key that hashes
everything the result depends on:

- the article itself: id, text, publication date and flag, manifest columns;
- the program: the package version and the bytes of every module and data table of ``geo``
  (so editing a rule, or upgrading, invalidates every entry);
- the gazetteer: the fingerprint the index records of the sources it was built from (adding a
  GeoNames dump invalidates every entry).

Entries made under another program or gazetteer fingerprint are deleted when the cache is
opened for writing, so the file does not grow with every upgrade. The cache lives in
``$TERRITORY_HOME/cache/results.sqlite`` (beside the gazetteer index).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import warnings
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from geo import settings
from geo.errors import TerritoryError
from geo.records import Article, Event
from geo.runner.codec import decode_result

#: bump when the stored payload's layout changes
CACHE_FORMAT = 1
CACHE_FILE = "results.sqlite"
_GEO = Path(__file__).resolve().parent.parent



@lru_cache(maxsize=1)
def program_fingerprint() -> str:
    """A digest of the program: package version and every module and data file of ``geo``.

    Hashing the sources (a few hundred kB, milliseconds) rather than trusting the version
    number means a development checkout invalidates the cache on every edit, too.
    """
    digest = hashlib.sha256(f"territory-cache {CACHE_FORMAT}\n".encode())
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(f"version {metadata.version('territory')}\n".encode())
    files = sorted(p for p in _GEO.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and p.suffix not in (".pyc", ".pyo"))
    for path in files:
        digest.update(str(path.relative_to(_GEO)).encode() + b"\0" + path.read_bytes() + b"\0")
    # the country outlines live outside geo/ in a checkout: the bytes, not the modification
    # time, so a fresh clone does not void the cache
    outlines = settings.country_outlines_file()
    digest.update(outlines.name.encode() + b"\0" + outlines.read_bytes() + b"\0")
    return digest.hexdigest()


def article_key(article: Article, fingerprint: str) -> str:
    """The cache key of ``article`` under a combined program+gazetteer ``fingerprint``."""
    digest = hashlib.sha256(fingerprint.encode())
    head = json.dumps([article.id, article.published.isoformat() if article.published else None,
                       bool(article.published_estimated), sorted((article.meta or {}).items())],
                      ensure_ascii=False, separators=(",", ":"))
    digest.update(head.encode("utf-8") + b"\0")
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def combined_fingerprint(gazetteer_fingerprint: str) -> str:
    """Program and gazetteer fingerprints as one string (what every key is made under)."""
    return hashlib.sha256(f"{program_fingerprint()}\n{gazetteer_fingerprint}".encode()).hexdigest()


# -- the store ---------------------------------------------------------------------------------

class ResultCache:
    """Per-article results in one SQLite file; writes are batched into transactions.

    Parameters
    ----------
    path
        The SQLite file (created with its folder).
    fingerprint
        The combined program+gazetteer fingerprint (:func:`combined_fingerprint`); entries made
        under another one are deleted on opening.
    """

    def __init__(self, path: str | os.PathLike, fingerprint: str, *, commit_every: int = 500) -> None:
        self.path = Path(path)
        self.fingerprint = fingerprint
        self._commit_every = commit_every
        self._pending: list[tuple] = []
        self.hits = 0
        self.misses = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute("PRAGMA synchronous=NORMAL")
            self._con.execute("CREATE TABLE IF NOT EXISTS result(key TEXT PRIMARY KEY, "
                              "fingerprint TEXT NOT NULL, article TEXT NOT NULL, payload BLOB NOT NULL, "
                              "events INTEGER NOT NULL DEFAULT 0)")
            columns = {row[1] for row in self._con.execute("PRAGMA table_info(result)")}
            if "events" not in columns:  # a cache written by an earlier version
                self._con.execute("ALTER TABLE result ADD COLUMN events INTEGER NOT NULL DEFAULT 0")
            self._con.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._prune_other_fingerprints()
        except sqlite3.Error as exc:
            raise TerritoryError(f"{self.path}: cannot open the result cache ({exc}); "
                                 "delete the file or run with --no-cache") from exc

    def _prune_other_fingerprints(self) -> None:
        # Only when the fingerprint changed: scanning every entry on each run would cost more
        # than a re-run with nothing new is allowed to take.
        row = self._con.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
        if row is None or row[0] != self.fingerprint:
            try:
                with self._con:
                    self._con.execute("BEGIN IMMEDIATE")
                    self._con.execute("DELETE FROM result WHERE fingerprint != ?", (self.fingerprint,))
                    self._con.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
            except sqlite3.OperationalError as exc:  # busy: prune next time
                warnings.warn(f"{self.path}: stale results not pruned ({exc})", RuntimeWarning, stacklevel=2)

    @classmethod
    def open(cls, folder: str | os.PathLike, gazetteer_fingerprint: str) -> ResultCache:
        """The cache in ``folder`` (``$TERRITORY_HOME/cache``) for this program and gazetteer."""
        return cls(Path(folder) / CACHE_FILE, combined_fingerprint(gazetteer_fingerprint))

    def key(self, article: Article) -> str:
        """The key ``article``'s result is stored under."""
        return article_key(article, self.fingerprint)

    def lookup(self, key: str) -> int | None:
        """How many events the result stored under ``key`` holds; None when no usable result
        is stored (counted as a hit or a miss).

        The payload is only decompressed (zlib's checksum catches a damaged entry, which then
        counts as a miss and is processed again), not decoded: a re-run that finds its outputs
        up to date never pays for decoding.
        """
        row = self._con.execute("SELECT payload, events FROM result WHERE key=?", (key,)).fetchone()
        try:
            found = row is not None and bool(zlib.decompress(row[0]))
        except (zlib.error, TypeError):
            found = False
        if not found:
            self.misses += 1
            return None
        self.hits += 1
        return int(row[1] or 0)

    def payload(self, key: str) -> bytes | None:
        """The encoded result stored under ``key`` (:func:`encode_result`), or None."""
        row = self._con.execute("SELECT payload FROM result WHERE key=?", (key,)).fetchone()
        return None if row is None else row[0]

    def get(self, key: str) -> tuple[list[list], list[Event]] | None:
        """The stored result, or None (counted as a miss)."""
        row = self._con.execute("SELECT payload FROM result WHERE key=?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            result = decode_result(row[0])
        except (ValueError, TypeError, KeyError, zlib.error):
            # a damaged entry is only a miss: the article is processed again and re-stored
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, article_id: str, blob: bytes, events: int = 0) -> None:
        """Store an encoded result (:func:`encode_result`) holding ``events`` events; written
        in batches."""
        self._pending.append((key, self.fingerprint, article_id, blob, events))
        if len(self._pending) >= self._commit_every:
            self.flush()

    def flush(self) -> None:
        """Write the pending results in one short transaction.

        Short, so that other runs sharing the cache (another corpus, a test) are never locked
        out for the length of a whole run.
        """
        if not self._pending:
            return
        try:
            with self._con:
                self._con.execute("BEGIN IMMEDIATE")
                self._con.executemany("INSERT OR REPLACE INTO result VALUES (?, ?, ?, ?, ?)", self._pending)
        except sqlite3.OperationalError as exc:
            # a cache that cannot be written costs the next run time, never this run its results
            warnings.warn(f"{self.path}: results not cached ({exc})", RuntimeWarning, stacklevel=2)
        self._pending = []

    def __len__(self) -> int:
        return self._con.execute("SELECT count(*) FROM result").fetchone()[0]

    def close(self) -> None:
        """Write what is pending and close the file."""
        try:
            self.flush()
        finally:
            self._con.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
