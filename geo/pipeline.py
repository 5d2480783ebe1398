"""The whole job: corpus -> geoparse -> events -> control -> exports and map.

Outputs are written into a temporary folder beside OUT and moved into place file by file with
``os.replace`` only once every one of them is complete, so a failed run never leaves a
half-written file and never destroys the previous results.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from geo.corpus import SkippedFile, corpus_files, load_manifest, manifest_mismatches, read_corpus
from geo.errors import CorpusError, OutputError
from geo.records import Article, Event, Toponym

#: Files a run writes into OUT (the contract's table).
OUTPUT_FILES = (
    "events.geojson",
    "places.geojson",
    "control.geojson",
    "events.csv",
    "territory.gpkg",
    "map.html",
    "summary.json",
)


@dataclass
class RunSummary:
    """What a run read, skipped (and why) and found."""

    articles: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    not_in_manifest: list[str] = field(default_factory=list)
    manifest_without_file: list[str] = field(default_factory=list)
    toponyms: int = 0
    places: int = 0
    events: int = 0
    events_by_category: dict[str, int] = field(default_factory=dict)
    control_areas: int = 0
    outputs: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "articles": self.articles,
            "skipped": [{"file": s.path, "problem": s.problem} for s in self.skipped],
            "undated": self.undated,
            "not_in_manifest": self.not_in_manifest,
            "manifest_without_file": self.manifest_without_file,
            "toponyms": self.toponyms,
            "places": self.places,
            "events": self.events,
            "events_by_category": dict(sorted(self.events_by_category.items())),
            "control_areas": self.control_areas,
        }

    def report(self) -> str:
        """A few human lines for the terminal."""
        lines = [f"read {self.articles} article(s), skipped {len(self.skipped)}"]
        lines += [f"  skipped {s.path}: {s.problem}" for s in self.skipped]
        if self.not_in_manifest:
            lines.append(f"  not in the manifest (date inferred): {', '.join(self.not_in_manifest)}")
        if self.manifest_without_file:
            lines.append(f"  in the manifest but not in the corpus: {', '.join(self.manifest_without_file)}")
        if self.undated:
            lines.append(f"  no publication date found (relative dates ignored): {', '.join(self.undated)}")
        by_cat = ", ".join(f"{n} {c}" for c, n in sorted(self.events_by_category.items())) or "none"
        lines.append(f"found {self.toponyms} place mention(s) of {self.places} place(s); {self.events} event(s): {by_cat}")
        lines.append(f"estimated {self.control_areas} area(s) of control")
        return "\n".join(lines)


def run(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    manifest: str | Path | None = None,
    *,
    strict: bool = False,
    title: str | None = None,
    progress: bool | None = None,
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
        Show a progress bar; default: only when stderr is a terminal.

    Returns
    -------
    RunSummary

    Raises
    ------
    CorpusError
        ``strict`` and a file could not be read, or the corpus holds no readable article.
    ManifestError
        The manifest is malformed or names none of the corpus files.
    """
    from geo.events import extract_events
    from geo.geoparse import Geoparser

    inputs = list(inputs)
    out_dir = Path(out_dir)
    summary = RunSummary()
    paths = corpus_files(inputs)
    if manifest:
        missing, extra = manifest_mismatches(load_manifest(manifest), paths)
        summary.manifest_without_file, summary.not_in_manifest = missing, extra

    geoparser = Geoparser()
    all_toponyms: list[Toponym] = []
    all_events: list[Event] = []
    for item in _progress(read_corpus(paths, manifest), len(paths), progress):
        if isinstance(item, SkippedFile):
            if strict:
                raise CorpusError(item.path, item.problem)
            summary.skipped.append(item)
            continue
        article: Article = item
        summary.articles += 1
        if article.published is None:
            summary.undated.append(article.id)
        toponyms = geoparser.parse(article)
        all_toponyms.extend(toponyms)
        all_events.extend(extract_events(article, toponyms))
    if summary.articles == 0:
        raise CorpusError(", ".join(map(str, inputs)), "no readable article in the corpus")

    all_events.sort(key=lambda e: (e.source, e.evidence_start, e.mention_start or 0, e.event_id))
    summary.toponyms = len(all_toponyms)
    summary.places = len({t.geonameid for t in all_toponyms if t.geonameid is not None})
    summary.events = len(all_events)
    for event in all_events:
        summary.events_by_category[event.category] = summary.events_by_category.get(event.category, 0) + 1

    written = _write_atomically(
        out_dir,
        lambda tmp: _write_all(tmp, all_toponyms, all_events, summary, title or _default_title(inputs)),
    )
    summary.outputs = {name: str(path) for name, path in written.items()}
    return summary


def _write_all(tmp: Path, toponyms: list[Toponym], events: list[Event], summary: RunSummary, title: str) -> None:
    from geo.control import control_areas
    from geo.exports import events_frame, places_frame, write_outputs
    from geo.maps import make_map

    events_gdf = events_frame(events)
    places_gdf = places_frame(toponyms, events)
    control_gdf = control_areas(events)
    summary.control_areas = len(control_gdf)
    write_outputs(tmp, events_gdf, places_gdf, control_gdf)
    make_map(events_gdf, places_gdf, control_gdf, tmp / "map.html", title=title)
    (tmp / "summary.json").write_text(json.dumps(summary.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _write_atomically(out_dir: Path, write) -> dict[str, Path]:
    """Run ``write(tmp)`` in a temporary folder beside ``out_dir``, then move its files in."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from exc
    tmp = Path(tempfile.mkdtemp(prefix=".territory-", dir=out_dir))
    try:
        write(tmp)
        produced = sorted(p for p in tmp.iterdir() if p.is_file())
        missing = [name for name in OUTPUT_FILES if not (tmp / name).exists()]
        if missing:
            raise OutputError(f"{out_dir}: the run did not produce {', '.join(missing)}")
        written = {}
        for path in produced:
            target = out_dir / path.name
            os.replace(path, target)
            written[path.name] = target
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _progress(items, total: int, enabled: bool | None):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit="article", file=sys.stderr)


def _default_title(inputs: list) -> str:
    first = Path(str(inputs[0])) if inputs else Path(".")
    name = first.name if first.is_dir() else first.parent.name
    return f"territory: {name or 'corpus'}"
