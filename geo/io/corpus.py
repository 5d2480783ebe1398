"""Read a corpus: article files (.txt, .md, .html, .htm) and an optional manifest CSV.

Each file is one article whose id is its file name. Text is decoded strictly: UTF-8 first, then
the encoding charset-normalizer detects; a file that decodes to nothing sensible is reported, never
passed on mangled. HTML is reduced to its main text. Articles are yielded lazily, so a corpus of
any size is read with flat memory.
"""

from __future__ import annotations

import csv
import fnmatch
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO

from geo.errors import CorpusError, ManifestError
from geo.records import Article
from geo.text.gate import finditer_at
from geo.text.html import html_to_text

#: File endings read as articles when a folder is given.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Files a corpus folder may hold beside its articles (documentation, not news): exact names,
#: compared without regard to case. Only these are left out by default, and each one is reported
#: (``License_plate_car_bomb.txt`` is an article); ``--exclude GLOB`` adds the user's own.
NOT_ARTICLES = frozenset(
    f"{stem}{suffix}"
    for stem in ("readme", "license", "licence", "changelog", "changes", "copying", "notice")
    for suffix in ("", ".md", ".txt", ".html", ".htm")
)
#: A single article larger than this is refused: news copy is kilobytes, a file of many
#: megabytes is an export or a dump that would stall the run.
DEFAULT_MAX_BYTES = 5_000_000

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_FULL_DATES = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
]
_MONTH_YEAR = re.compile(_MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
#: where a month's name can start: the expressions that open on one are tried only there (an
#: alternation of 24 names tried at every character of a 5 MB article took seconds). Every name
#: opens with its month's three-letter abbreviation, a rarer gate than two letters ("se", "de",
#: "ma" open every other word); the first letters' class in front lets the engine skip every
#: other character without trying the alternation there (half a second per MB of text before)
_MONTH_START = re.compile("(?=[" + "".join(sorted({name[0] for name in _MONTHS})) + "])(?="
                          + "|".join(sorted({name[:3] for name in _MONTHS})) + ")", re.I)


@dataclass(frozen=True)
class SkippedFile:
    """A file of the corpus that could not be read, and why."""

    path: str
    problem: str


def read_article(
    path: str | Path,
    *,
    published: date | None = None,
    published_estimated: bool | None = None,
    meta: dict[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    infer_date: bool = True,
) -> Article:
    """Read one article file.

    Parameters
    ----------
    path
        A ``.txt``, ``.md``, ``.html`` or ``.htm`` file.
    published
        Publication date from a manifest; inferred from the text when None.
    published_estimated
        Overrides the flag; by default True exactly when ``published`` had to be inferred.
    meta
        Manifest columns carried into every record the article yields.
    max_bytes
        Refuse files larger than this.
    infer_date
        Infer a missing publication date from the text; callers that never use the date
        (geoparsing alone) skip the work.

    Returns
    -------
    Article

    Raises
    ------
    CorpusError
        The file is missing, empty, binary, too large or cannot be decoded; the message names
        the file and the problem.
    """
    path = Path(path)
    text = decode_text(_read_bytes(path, max_bytes), path)
    if path.suffix.lower() in (".html", ".htm") or _looks_like_html(text):
        text = html_to_text(text)
    elif path.suffix.lower() == ".md":
        text = markdown_to_text(text)
    if not text.strip():
        raise CorpusError(path, "no article text (the file holds only markup or white space)")
    estimated = published is None
    if published is None and infer_date:
        published = infer_published(text)
    return Article(
        id=path.name,
        text=text,
        published=published,
        published_estimated=estimated if published_estimated is None else published_estimated,
        path=str(path),
        meta=dict(meta or {}),
    )


def read_corpus(
    inputs: Iterable[str | Path],
    manifest: str | Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | SkippedFile]:
    """Yield each article of a corpus, or a :class:`SkippedFile` saying why it was not read.

    Parameters
    ----------
    inputs
        Files and folders; a folder contributes its article files (sorted, not recursive into
        hidden folders; files named README.md, LICENSE and the like are documentation, not
        articles: :func:`scan_corpus`).
    manifest
        A CSV with at least ``file`` and ``published`` (``YYYY-MM-DD``); other columns go into
        each article's ``meta``. A ``published_estimated`` column sets that flag.

    Raises
    ------
    ManifestError
        The manifest is malformed or names no file of the corpus.
    CorpusError
        An input path does not exist.
    """
    paths = corpus_files(inputs)
    rows = load_manifest(manifest) if manifest else {}
    if rows and manifest:  # rows come only from a manifest
        check_manifest_matches(rows, paths, manifest)
    for path in paths:
        row = rows.get(path.name)
        try:
            if row is None:
                yield read_article(path, max_bytes=max_bytes)
            else:
                yield read_article(
                    path,
                    published=row.published,
                    published_estimated=row.published_estimated,
                    meta=row.meta,
                    max_bytes=max_bytes,
                )
        except CorpusError as exc:
            yield SkippedFile(str(path), exc.problem)


def corpus_files(inputs: Iterable[str | Path], exclude: Iterable[str] = ()) -> list[Path]:
    """The article files named by ``inputs``, folders expanded, in a stable order (what
    :func:`scan_corpus` finds to read)."""
    return scan_corpus(inputs, exclude).files


@dataclass
class CorpusListing:
    """The files of a corpus: those to read, and those left out with the reason (every file
    under a folder given is in one list or the other)."""

    files: list[Path]
    excluded: list[SkippedFile]


def scan_corpus(inputs: Iterable[str | Path], exclude: Iterable[str] = (),
                skip_folders: Iterable[str | Path] = ()) -> CorpusListing:
    """List the files of a corpus: every file under a folder given is either an article to read
    or excluded with its reason.

    Parameters
    ----------
    inputs
        Files and folders. A file named explicitly is read whatever its name (unless it matches
        ``exclude``); a folder contributes its ``.txt``, ``.md``, ``.html`` and ``.htm`` files.
    exclude
        Glob patterns (``fnmatch``) the user chose to leave out, matched against a file's name and
        its path relative to the folder given (``drafts/*``, ``*.md``).
    skip_folders
        Folders never read (the run's output folder when it lies inside the corpus).

    Left out, and reported: names in :data:`NOT_ARTICLES` (documentation), hidden files and files
    in hidden folders, files of other types, files matching ``exclude``.

    Raises
    ------
    CorpusError
        An input path does not exist.
    """
    patterns = list(exclude)
    skipped = [Path(f).resolve() for f in skip_folders]
    listing = CorpusListing([], [])
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                reason = _exclusion(found, found.relative_to(path), patterns, skipped)
                if reason is None:
                    listing.files.append(found)
                else:
                    listing.excluded.append(SkippedFile(str(found), reason))
        elif path.exists():
            reason = _user_exclusion(path.name, path.name, patterns)
            if reason is None:
                listing.files.append(path)
            else:
                listing.excluded.append(SkippedFile(str(path), reason))
        else:
            raise CorpusError(path, "no such file or folder")
    return listing


def _exclusion(path: Path, relative: Path, patterns: list[str], skip_folders: list[Path]) -> str | None:
    """Why a file found in a corpus folder is not read, or None."""
    if skip_folders and any(path.resolve().is_relative_to(folder) for folder in skip_folders):
        return "inside the output folder"
    if any(part.startswith(".") for part in relative.parts):
        return "hidden (its name or a folder's starts with a dot)"
    reason = _user_exclusion(path.name, relative.as_posix(), patterns)
    if reason is not None:
        return reason
    if path.name.lower() in NOT_ARTICLES:
        return "documentation, not an article (excluded by default)"
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        if path.suffix.lower() == ".csv" and _looks_like_manifest(path):
            return MANIFEST_NOT_GIVEN
        return f"not an article file (reads {', '.join(ARTICLE_SUFFIXES)})"
    return None


#: why a manifest lying among the articles is not read: its dates count only when the run is told
#: to use it (a folder may hold several, or an old one)
MANIFEST_NOT_GIVEN = ("a manifest (columns file, published): its dates are used only when it is given as the run's "
                      "manifest")


def _looks_like_manifest(path: Path) -> bool:
    """Does the CSV's header name the two columns every manifest has? (Only the first line is
    read; a file that cannot be read is no manifest.)"""
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            header = next(csv.reader([handle.readline(4096)]), [])
    except OSError:
        return False
    return {"file", "published"} <= {column.strip().lower() for column in header}


def _user_exclusion(name: str, relative: str, patterns: list[str]) -> str | None:
    for pattern in patterns:
        if fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(relative, pattern):
            return f"excluded by --exclude {pattern!r}"
    return None


@dataclass(frozen=True)
class ManifestRow:
    """One manifest row: the publication date and the columns to carry along."""

    file: str
    published: date | None
    published_estimated: bool | None
    meta: dict[str, str]


def load_manifest(path: str | Path) -> dict[str, ManifestRow]:
    """Read a manifest CSV keyed by file name.

    Raises
    ------
    ManifestError
        Missing file, not UTF-8, no ``file``/``published`` columns, a bad date, or a file
        listed twice; the message names the manifest and the line.
    """
    path = Path(path)
    if not path.is_file():
        raise ManifestError(path, "no such manifest file")
    text = decode_text(_read_bytes(path, DEFAULT_MAX_BYTES, kind="manifest"), path, kind="manifest")
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = {"file", "published"} - set(columns)
    if missing:
        raise ManifestError(path, f"missing column(s) {', '.join(sorted(missing))}; found {columns}")
    rows: dict[str, ManifestRow] = {}
    for line_no, raw in enumerate(reader, start=2):
        record = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        name = Path(record.get("file", "")).name
        if not name:
            raise ManifestError(path, f"line {line_no}: empty 'file'")
        if name in rows:
            raise ManifestError(path, f"line {line_no}: {name!r} is listed twice")
        published = _parse_manifest_date(record.get("published", ""), path, line_no)
        estimated = _parse_bool(record.get("published_estimated"))
        meta = {k: v for k, v in record.items() if k not in {"file", "published", "published_estimated"}}
        rows[name] = ManifestRow(name, published, estimated, meta)
    return rows


def check_manifest_matches(rows: dict[str, ManifestRow], paths: list[Path], manifest: str | Path) -> None:
    """Refuse a manifest that names none of the corpus files (the wrong manifest)."""
    names = {p.name for p in paths}
    if paths and not names & rows.keys():
        sample = ", ".join(sorted(rows)[:3])
        raise ManifestError(
            manifest, f"names none of the {len(paths)} corpus files (it lists {sample}, ...): wrong manifest?"
        )


def manifest_mismatches(rows: dict[str, ManifestRow], paths: list[Path]) -> tuple[list[str], list[str]]:
    """Files the manifest lists that are not in the corpus, and corpus files it does not list."""
    names = {p.name for p in paths}
    return sorted(rows.keys() - names), sorted(names - rows.keys())


def read_jsonl(stream: IO[str], source: str = "<stdin>", *, infer_date: bool = True) -> Iterator[Article]:
    """Articles from JSON lines ``{"id": ..., "text": ...}`` (optionally ``published``).

    ``infer_date=False`` leaves a missing date unknown instead of inferring it from the text.
    """
    for line_no, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
            article_id = str(record.get("id", f"{source}:{line_no}"))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CorpusError(f"{source} line {line_no}", f"not a JSON object with 'text' ({exc})") from exc
        if not isinstance(text, str):
            raise CorpusError(f"{source} line {line_no}", "'text' is not a string")
        published = None
        if record.get("published"):
            published = _parse_manifest_date(str(record["published"]), source, line_no)
        yield Article(
            id=article_id,
            text=text,
            published=published or (infer_published(text) if infer_date else None),
            published_estimated=published is None,
            meta={},
        )


def decode_text(data: bytes, path: str | Path, kind: str = "article") -> str:
    """Decode bytes as text: UTF-8 (with or without BOM), else the detected encoding.

    Raises
    ------
    CorpusError
        Empty, binary (NUL bytes or no plausible encoding) input; names the file.
    """
    error = ManifestError if kind == "manifest" else CorpusError
    if not data.strip():
        raise error(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _without_nul(data.decode("utf-16"), path, error)
        except UnicodeDecodeError as exc:
            raise error(path, f"starts with a UTF-16 byte-order mark but is not UTF-16 ({exc.reason})") from exc
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        if data[:4096].count(b"\x00") > MAX_NUL_SHARE * min(len(data), 4096):
            raise error(path, "binary file (contains NUL bytes), not text")
    try:
        return _without_nul(data.decode("utf-8-sig"), path, error)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise error(path, "cannot be decoded as text in any known encoding")
    text = str(best)
    if _control_ratio(text) > 0.01:
        raise error(path, f"binary file (decodes as {best.encoding} only to control characters)")
    return _without_nul(text, path, error)


#: NUL characters a text may hold, as a share of its length, before it is taken for binary
MAX_NUL_SHARE = 0.001


def _without_nul(text: str, path: str | Path, error: type[CorpusError] | type[ManifestError]) -> str:
    """The text with each stray NUL replaced by a space (same length: offsets stay true). A NUL
    ends a string in C libraries: GDAL would cut an evidence sentence short in the GeoPackage.
    Many NULs mean binary data, not a slip of an editor."""
    nuls = text.count("\x00")
    if not nuls:
        return text
    if nuls > MAX_NUL_SHARE * len(text):
        raise error(path, "binary file (contains NUL bytes), not text")
    return text.replace("\x00", " ")


def markdown_to_text(text: str) -> str:
    """Drop Markdown markup that is not prose: heading marks, emphasis, link targets, images."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)


def infer_published(text: str) -> date | None:
    """Estimate a publication date from the text: the latest date it states.

    News copy dates events at or before publication, so the latest date stated is the best
    lower bound the text offers: a full date as itself, "January 2016" as the month's last day;
    failing those, the 31 December of the latest year it names.
    Returns None when the text names no year at all.
    """
    # here, not at the top: `territory geoparse` reads articles without inferring their dates,
    # and the date expressions are a tenth of its start-up
    from geo.text.dates import month_number

    found: list[date] = []
    #: where full dates stand: "17 October, 2017" holds "October, 2017", which is no month
    #: stated on its own (as the month's last day it would date the text two weeks late)
    #: (found by its end, not by a search of every full date per month: texts run to megabytes)
    full_starts_by_end: dict[int, int] = {}
    # where a month's name may start, found once for the expressions that open on one (the
    # scan, not the matching, is what costs: a tenth of a second per MB of text per scan)
    month_starts = [m.start() for m in _MONTH_START.finditer(text)]
    for pattern in _FULL_DATES:
        for m in _month_led(pattern, text, month_starts):
            if "mnum" in m.groupdict() and m.group("mnum"):
                month = int(m.group("mnum"))
            else:
                month = month_number(m.group("month")) or 0  # 0: not a month, the date is refused
            try:
                found.append(date(int(m.group("year")), month, int(m.group("day"))))
            except ValueError:
                continue  # "35 October 2015" is no date; its month and year still count
            full_starts_by_end[m.end()] = min(m.start(), full_starts_by_end.get(m.end(), m.start()))
    for m in _month_led(_MONTH_YEAR, text, month_starts):
        if full_starts_by_end.get(m.end(), m.end()) <= m.start():
            continue  # the month and year of a full date
        year, named = int(m.group("year")), month_number(m.group("month"))
        if named is not None:
            found.append(date(year + named // 12, named % 12 + 1, 1) - timedelta(days=1))
    years = [int(y) for y in _YEAR.findall(text)]
    if years and (not found or max(years) > max(found).year):
        # A bare year later than every dated mention ("in 2015"): the text is from then or after.
        found.append(date(max(years), 12, 31))
    return max(found) if found else None


def _month_led(pattern: re.Pattern[str], text: str, month_starts: list[int] | None = None
               ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where a month's name starts (``month_starts``,
    :data:`_MONTH_START`'s matches, found here when not given) when it opens on one: the matches
    of ``geo.text.gate.gated_finditer(pattern, _MONTH_START, text)``, the scan shared."""
    if not pattern.pattern.startswith(_MONTH):
        yield from pattern.finditer(text)
        return
    if month_starts is None:
        month_starts = [m.start() for m in _MONTH_START.finditer(text)]
    yield from finditer_at(pattern, text, month_starts)


def _read_bytes(path: Path, max_bytes: int, kind: str = "article") -> bytes:
    error = ManifestError if kind == "manifest" else CorpusError
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise error(path, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit for one {kind}")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise error(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise error(path, "is a folder, not a file") from exc
    except PermissionError as exc:
        raise error(path, "permission denied") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text that lacks its byte-order mark (what some Windows tools write), else None.

    Text in UTF-16 has a NUL as the high byte of every space, digit, Latin letter and line break,
    so its NUL bytes fall (almost) all on odd offsets (little-endian) or all on even ones
    (big-endian); a binary file's NULs fall on both. The text must then decode strictly and
    hold no control characters beyond a line's own.
    """
    if len(data) % 2:
        return None
    sample = data[:8192]
    odd = sum(1 for i in range(1, len(sample), 2) if sample[i] == 0)
    even = sum(1 for i in range(0, len(sample), 2) if sample[i] == 0)
    if max(odd, even) < 0.95 * (odd + even):
        return None
    try:
        text = data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _control_ratio(text) > 0.001:
        return None
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / max(1, len(sample))


def _parse_manifest_date(value: str, path: str | Path, line_no: int) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ManifestError(path, f"line {line_no}: published {value!r} is not an ISO date YYYY-MM-DD") from exc


def _parse_bool(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    return value.strip().lower() in {"1", "true", "yes", "y", "t"}
