"""What a run has found, kept on disk until the outputs are written: memory stays flat.

A run of a hundred thousand articles finds a few hundred thousand events and millions of place
mentions. Holding them as Python objects until the exports costs gigabytes; :class:`RunStore`
keeps them in a temporary SQLite file instead, and the output stage reads them back in sorted
chunks (:meth:`RunStore.event_chunks`), grouped by incident (:meth:`RunStore.incident_groups`) or
place by place (:meth:`RunStore.mentions_of`). What stays in memory grows with the number of
distinct places and with a few small columns per event (:meth:`RunStore.reports`, for linking
reports into incidents), not with the text of the corpus.

The run first records each article's *encoded* result (:func:`geo.runner.codec.encode_result`, or only
its key when the result cache holds it): a re-run whose outputs are up to date stops there and
never decodes anything. :meth:`RunStore.load` then decodes every result, in corpus order, into
the event and mention tables.

The file lives in the system's temporary folder (``TMPDIR``) and is deleted on :meth:`close`; its
folder names the run owning it (:mod:`geo.runner.scratch`), so a later run removes it if this one
is killed.
"""

from __future__ import annotations

import marshal
import operator
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from geo.errors import TerritoryError
from geo.events.incidents import Reported
from geo.records import Event
from geo.runner.codec import (
    EVENT_FIELDS,
    TOPONYM_FIELDS,
    ToponymRow,
    decode_rows,
    event_from_row,
    event_row,
    event_view,
    iso_day,
)
from geo.runner.scratch import STORE_TMP_PREFIX, owned_tempdir

#: events read back per chunk by the output stage
CHUNK_EVENTS = 10_000
#: incident rows read back per chunk
CHUNK_INCIDENTS = 2_000
_SOURCE = TOPONYM_FIELDS.index("source")
_EVIDENCE, _META = EVENT_FIELDS.index("evidence"), EVENT_FIELDS.index("meta")


class Report(NamedTuple):
    """The few fields of an event that linking reports into incidents reads (:mod:`geo.events.incidents`)."""

    event_id: str
    category: str
    sub_event_type: str | None
    date_start: date | None
    date_end: date | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    region: str | None
    place: str | None
    geo_precision: int
    metric: str | None
    unit: str | None
    value: float | None
    actor1: str | None
    actor2: str | None
    gained_by: str | None
    lost_by: str | None
    holder: str | None


_REPORT_COLUMNS = ", ".join(Report._fields)
_DATE_REPORT_FIELDS = (Report._fields.index("date_start"), Report._fields.index("date_end"))


@dataclass
class Loaded:
    """What :meth:`RunStore.load` counted while decoding the results."""

    toponyms: int = 0
    events: int = 0
    events_by_category: dict[str, int] = field(default_factory=dict)
    #: manifest columns any event carries (the events layer has one column each)
    meta_keys: set[str] = field(default_factory=set)


class RunStore:
    """A run's results on disk (a temporary SQLite file).

    Parameters
    ----------
    folder
        Where the temporary folder is made; default the system's (``TMPDIR``).
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        # named as this process's own, so a later run can remove it if this one is killed
        self._dir = owned_tempdir(STORE_TMP_PREFIX, folder)
        self.path = self._dir / "run.sqlite"
        try:
            self._open()
        except BaseException:  # a stop signal too: nobody else will remove the folder
            shutil.rmtree(self._dir, ignore_errors=True)
            raise
        self._pending: list[tuple] = []
        self.articles = 0
        #: every event's Report, made while decoding, until :meth:`reports` hands them over
        self._reports: list[Report] | None = None

    def _open(self) -> None:
        self._con = sqlite3.connect(self.path, isolation_level=None)
        # a scratch file: nothing to recover after a crash, so no journal and no fsync
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE", "cache_size=-32000"):
            self._con.execute(f"PRAGMA {pragma}")
        self._con.executescript(f"""
            CREATE TABLE article(seq INTEGER PRIMARY KEY, id TEXT NOT NULL, key TEXT, blob BLOB);
            CREATE TABLE event(seq INTEGER PRIMARY KEY, {_REPORT_COLUMNS}, payload BLOB NOT NULL,
                               incident TEXT);
            CREATE TABLE mention(place TEXT NOT NULL, source TEXT NOT NULL, start INTEGER,
                                 stop INTEGER, text TEXT);
            CREATE TABLE evidence(incident_id TEXT PRIMARY KEY, payload BLOB NOT NULL);
        """)

    # -- the article stage ---------------------------------------------------------------------

    def add_article(self, article_id: str, key: str | None, blob: bytes | None) -> None:
        """Record one article's encoded result, or only the result cache's ``key`` for it."""
        self._pending.append((article_id, key, blob))
        self.articles += 1
        if len(self._pending) >= 2000:
            self._flush_articles()

    def _flush_articles(self) -> None:
        if self._pending:
            with self._con:
                self._con.execute("BEGIN")
                self._con.executemany("INSERT INTO article(id, key, blob) VALUES (?, ?, ?)", self._pending)
            self._pending = []

    # -- decoding ------------------------------------------------------------------------------

    def load(self, cached: Callable[[str], bytes | None] | None,
             on_mention: Callable[[Any], Any] | None = None,
             on_event: Callable[[Event], Any] | None = None) -> Loaded:
        """Decode every article's result, in corpus order, into the event and mention tables.

        Parameters
        ----------
        cached
            The result cache's payload for a key (:meth:`geo.runner.cache.ResultCache.payload`), for
            articles recorded by key only.
        on_mention, on_event
            Called with each mention (a :class:`geo.runner.codec.ToponymRow`) and each event as they
            are decoded; ``on_mention`` returns the key of the place it counts for (or None).

        Raises
        ------
        TerritoryError
            A result the cache held a moment ago is gone or damaged.
        """

        self._flush_articles()
        loaded = Loaded()
        events: list[tuple] = []
        reports: list[Report] = []
        # names and categories repeat thousands of times: one string object each (event ids
        # are unique and stay as they are)
        strings: dict[str, str] = {}
        intern = strings.setdefault
        mentions: list[tuple] = []
        reader = self._con.cursor()
        for article_id, key, blob in reader.execute("SELECT id, key, blob FROM article ORDER BY seq"):
            if blob is None:
                blob = cached(key) if cached is not None and key else None
            try:
                toponym_rows, event_rows = decode_rows(blob)
                article_events = [(event_from_row(row), row) for row in event_rows]
            except Exception as exc:  # any damage reads the same to the user
                raise TerritoryError(f"{article_id}: its cached result is missing or damaged ({exc}); "
                                     "run again with --no-cache") from exc
            for row in toponym_rows:
                row[_SOURCE] = article_id
                mention = ToponymRow(*row)
                loaded.toponyms += 1
                place = on_mention(mention) if on_mention is not None else None
                if place is not None:
                    mentions.append((place_text(place), article_id, mention.start, mention.end, mention.text))
            for e, row in article_events:
                loaded.events += 1
                loaded.events_by_category[e.category] = loaded.events_by_category.get(e.category, 0) + 1
                loaded.meta_keys.update(e.meta or {})
                if on_event is not None:
                    on_event(e)
                # the row as decoded is event_row(e): stored without building it again, in
                # marshal's format (this process's scratch, read back three times: a fifth of
                # the cost of JSON each way)
                if len(row) != len(EVENT_FIELDS):  # every field on the row: the exports read it by position
                    row = event_row(e)
                report = _report_fields(e)
                # the linking reads these now, not back from the table
                reports.append(Report._make((report[0], *(intern(v, v) if type(v) is str else v for v in report[1:]))))
                events.append((loaded.events, *_report_values(report), marshal.dumps(row)))
            if len(events) + len(mentions) >= 20_000:
                self._insert(events, mentions)
                events, mentions = [], []
        self._insert(events, mentions)
        self._con.execute("CREATE INDEX mention_place ON mention(place, source, start, stop)")
        self._reports = reports
        return loaded

    def _insert(self, events: list[tuple], mentions: list[tuple]) -> None:
        marks = ", ".join("?" * (len(Report._fields) + 2))
        with self._con:
            self._con.execute("BEGIN")
            self._con.executemany(f"INSERT INTO event(seq, {_REPORT_COLUMNS}, payload) VALUES ({marks})", events)
            self._con.executemany("INSERT INTO mention VALUES (?, ?, ?, ?, ?)", mentions)

    # -- reading back --------------------------------------------------------------------------

    def reports(self) -> tuple[list[int], list[Report]]:
        """Every event's row number and its :class:`Report` (what incidents are linked by).

        The first call after :meth:`load` hands over the reports it made while decoding (the
        store keeps no reference: they are a run's largest table in memory); later calls read
        them back from the file."""
        if self._reports is not None:
            made, self._reports = self._reports, None
            return list(range(1, len(made) + 1)), made
        rows, reports = [], []
        # SQLite returns a new string object per row; names and categories repeat thousands of
        # times, so one object each (event ids are unique and stay as they are)
        strings: dict[str, str] = {}
        intern = strings.setdefault
        for seq, event_id, *values in self._con.execute(f"SELECT seq, {_REPORT_COLUMNS} FROM event ORDER BY seq"):
            values = [intern(v, v) if isinstance(v, str) else v for v in values]
            for i in _DATE_REPORT_FIELDS:
                if values[i - 1] is not None:
                    values[i - 1] = iso_day(values[i - 1])
            rows.append(seq)
            reports.append(Report(event_id, *values))
        return rows, reports

    def set_incidents(self, pairs: Iterable[tuple[str, int]]) -> None:
        """Record the incident of each event: ``(incident_id, event row number)`` pairs."""
        with self._con:
            self._con.execute("BEGIN")
            self._con.executemany("UPDATE event SET incident=? WHERE seq=?", pairs)

    def event_chunks(self, size: int | None = None) -> Iterator[tuple[list[Event], list[str | None]]]:
        """Events and their incident ids, sorted by ``date_start`` then corpus and text order, ``size``
        (default ``CHUNK_EVENTS``) at a time: the order of every event export."""
        for rows, incidents in self.event_row_chunks(size):
            yield [event_from_row(row) for row in rows], incidents

    def event_row_chunks(self, size: int | None = None) -> Iterator[tuple[list[list], list[str | None]]]:
        """:meth:`event_chunks` with each event as its field list (:func:`geo.runner.codec.event_row`,
        every field there), not made into a record: what the exports read
        (:func:`geo.io.exports.events_frame_of_rows`)."""
        size = size or CHUNK_EVENTS
        cursor = self._con.execute("SELECT payload, incident FROM event ORDER BY date_start IS NULL, date_start, seq")
        while batch := cursor.fetchmany(size):
            yield [marshal.loads(p) for p, _ in batch], [i for _, i in batch]

    def events_of(self, categories: Iterable[str], *, evidence: bool = True) -> list[Event]:
        """The events of ``categories`` in corpus order; without their evidence sentence and
        manifest columns when ``evidence`` is false (what the control estimate needs)."""
        cats = sorted(set(categories))
        sql = f"SELECT payload FROM event WHERE category IN ({', '.join('?' * len(cats))}) ORDER BY seq"
        out = []
        for (payload,) in self._con.execute(sql, cats):
            row = marshal.loads(payload)
            if not evidence:  # blanked before the record is made, not copied after
                row[_EVIDENCE], row[_META] = "", {}
            out.append(event_from_row(row))
        return out

    def incident_groups(self) -> Iterator[tuple[str, list[Reported]]]:
        """``(incident_id, its reports)``, one incident at a time; each report an
        :data:`geo.runner.codec.EventView` (its fields by name), not made into a record."""
        cursor = self._con.execute("SELECT incident, payload FROM event WHERE incident IS NOT NULL "
                                   "ORDER BY incident, seq")
        # the first row never yields (no reports yet); incident ids are never empty
        current: str = ""
        reports: list[Reported] = []
        for incident, payload in cursor:
            if incident != current and reports:
                yield current, reports
                reports = []
            current = incident
            reports.append(event_view(marshal.loads(payload)))
        if reports:
            yield current, reports

    def add_evidence(self, pairs: Iterable[tuple[str, list[dict[str, Any]]]]) -> None:
        """Keep the whole evidence of incidents that the map shows only in part:
        ``(incident_id, evidence list)`` pairs."""
        with self._con:
            self._con.execute("BEGIN")
            self._con.executemany("INSERT INTO evidence VALUES (?, ?)",
                                  ((i, marshal.dumps(evidence)) for i, evidence in pairs))

    def evidence_of(self, incident_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The evidence :meth:`add_evidence` kept for those of ``incident_ids`` it has."""
        ids = list(incident_ids)
        found: dict[str, list[dict[str, Any]]] = {}
        for first in range(0, len(ids), 500):  # within SQLite's limit on parameters
            part = ids[first:first + 500]
            sql = f"SELECT incident_id, payload FROM evidence WHERE incident_id IN ({', '.join('?' * len(part))})"
            found.update((i, marshal.loads(payload)) for i, payload in self._con.execute(sql, part))
        return found

    def mentions_of(self, place: int | str) -> list[dict[str, Any]]:
        """The mentions of one place (its key), sorted by source and offsets."""
        cursor = self._con.execute("SELECT source, start, stop, text FROM mention WHERE place=? "
                                   "ORDER BY source, start, stop", (place_text(place),))
        return [{"source": s, "start": a, "end": b, "text": t} for s, a, b, t in cursor]

    def close(self) -> None:
        """Delete the file."""
        try:
            self._con.close()
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def incident_chunk_bounds(n_reports: Sequence[int], size: int | None = None,
                          reports: int | None = None) -> list[tuple[int, int]]:
    """``(first, stop)`` row ranges that write incidents with these report counts chunk by chunk:
    at most ``size`` incidents (default ``CHUNK_INCIDENTS``) a chunk, and a chunk ends once its
    incidents hold ``reports`` reports (default ``CHUNK_EVENTS``), as each carries every
    report's sentence."""
    size, reports = size or CHUNK_INCIDENTS, reports or CHUNK_EVENTS
    bounds = []
    first, held = 0, 0
    for i, n in enumerate(n_reports):
        held += int(n or 1)
        if i + 1 - first >= size or held >= reports:
            bounds.append((first, i + 1))
            first, held = i + 1, 0
    if first < len(n_reports):
        bounds.append((first, len(n_reports)))
    return bounds


def place_text(key: int | str) -> str:
    """A place key as the mention table stores it (geonameids and names never collide)."""
    return f"#{key}" if isinstance(key, int) else f"={key}"


_report_fields = operator.attrgetter(*Report._fields)


def _report_values(report: tuple) -> tuple:
    """A report's fields as the event table stores them (dates as ISO text)."""
    values = list(report)
    for i in _DATE_REPORT_FIELDS:
        if values[i] is not None:
            values[i] = values[i].isoformat()
    return tuple(values)
