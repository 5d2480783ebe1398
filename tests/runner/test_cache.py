"""The per-article cache: re-runs process only what is new; program or gazetteer changes
invalidate it; cached and fresh results give the same bytes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import geo.runner.cache as cache_mod
from geo.cli.main import main as territory
from geo.events.extract import extract_events
from geo.geoparse.parser import Geoparser
from geo.io.corpus import read_article
from geo.runner.cache import ResultCache
from geo.runner.codec import decode_result, encode_result
from geo.runner.pipeline import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COMPARED = ("events.geojson", "incidents.geojson", "places.geojson", "control.geojson", "events.csv", "summary.json")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt"))[:6]:
        shutil.copy(path, folder / path.name)
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in COMPARED}


def test_rerun_with_nothing_new_reads_only_the_cache_and_writes_the_same_bytes(corpus, tmp_path):
    cache_dir = tmp_path / "cache"
    first = run([corpus], tmp_path / "a", cache_dir=cache_dir)
    assert (first.processed, first.cached) == (6, 0)
    again = run([corpus], tmp_path / "b", cache_dir=cache_dir)
    assert (again.processed, again.cached) == (0, 6)
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")


def test_only_new_and_changed_articles_are_processed(corpus, tmp_path):
    cache_dir = tmp_path / "cache"
    run([corpus], tmp_path / "a", cache_dir=cache_dir)
    for path in sorted(EXAMPLES.glob("*.txt"))[6:9]:
        shutil.copy(path, corpus / path.name)
    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOfficials gave no further details.\n",
                       encoding="utf-8")
    summary = run([corpus], tmp_path / "b", cache_dir=cache_dir)
    assert (summary.processed, summary.cached, summary.articles) == (4, 5, 9)
    # and the grown corpus gives what an uncached run gives
    run([corpus], tmp_path / "c", cache=False)
    assert outputs(tmp_path / "b") == outputs(tmp_path / "c")


def test_a_manifest_change_is_a_new_article(corpus, tmp_path):
    cache_dir = tmp_path / "cache"
    first = sorted(p.name for p in corpus.iterdir())[0]
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"file,published,outlet\n{first},2016-01-01,Wire\n", encoding="utf-8")
    run([corpus], tmp_path / "a", manifest=manifest, cache_dir=cache_dir)
    manifest.write_text(f"file,published,outlet\n{first},2016-01-01,Other wire\n", encoding="utf-8")
    summary = run([corpus], tmp_path / "b", manifest=manifest, cache_dir=cache_dir)
    assert (summary.processed, summary.cached) == (1, 5)


def test_a_new_program_version_invalidates_the_cache(corpus, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    run([corpus], tmp_path / "a", cache_dir=cache_dir)
    monkeypatch.setattr(cache_mod, "program_fingerprint", lambda: "an edited rule")
    summary = run([corpus], tmp_path / "b", cache_dir=cache_dir)
    assert (summary.processed, summary.cached) == (6, 0)
    with sqlite3.connect(cache_dir / cache_mod.CACHE_FILE) as con:  # the stale entries are gone
        assert con.execute("SELECT count(*) FROM result").fetchone()[0] == 6


def test_another_gazetteer_invalidates_the_cache(tmp_path):
    article = read_article(sorted(EXAMPLES.glob("*.txt"))[0])
    with ResultCache.open(tmp_path, "cities500 only") as store:
        store.put(store.key(article), article.id, encode_result([], []))
    with ResultCache.open(tmp_path, "cities500 only") as store:
        assert store.get(store.key(article)) == ([], [])
    with ResultCache.open(tmp_path, "cities500 + IQ.zip + SY.zip") as store:
        assert store.get(store.key(article)) is None and len(store) == 0


def test_no_cache_processes_everything_and_stores_nothing(corpus, tmp_path):
    cache_dir = tmp_path / "cache"
    run([corpus], tmp_path / "a", cache_dir=cache_dir)
    (corpus / "new.txt").write_text(
        "Kurdish forces captured the town of Tal Abyad from ISIS on June 15, 2015, officials said.\n",
        encoding="utf-8")
    out = tmp_path / "b"
    assert territory(["run", str(corpus), "-o", str(out), "--no-cache", "--cache-dir", str(cache_dir), "-q"]) == 0
    with sqlite3.connect(cache_dir / cache_mod.CACHE_FILE) as con:
        assert con.execute("SELECT count(*) FROM result WHERE article='new.txt'").fetchone()[0] == 0
    summary = run([corpus], tmp_path / "c", cache_dir=cache_dir)
    assert (summary.processed, summary.cached) == (1, 6)


def test_a_damaged_entry_is_processed_again(corpus, tmp_path):
    cache_dir = tmp_path / "cache"
    run([corpus], tmp_path / "a", cache_dir=cache_dir)
    with sqlite3.connect(cache_dir / cache_mod.CACHE_FILE) as con:
        con.execute("UPDATE result SET payload = X'00ff00' WHERE rowid = (SELECT min(rowid) FROM result)")
    summary = run([corpus], tmp_path / "b", cache_dir=cache_dir)
    assert (summary.processed, summary.cached) == (1, 5)
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")


def test_encoded_results_decode_to_the_same_records(seeds_dir):
    geoparser = Geoparser()
    article = read_article(seeds_dir / "001_d408a2aca02a07ab.txt")
    toponyms = geoparser.parse(article)
    events = extract_events(article, toponyms)
    assert events, "the seed article states events"
    rows, decoded = decode_result(encode_result(toponyms, events))
    assert decoded == events
    assert [r[:4] for r in rows] == [[t.source, t.start, t.end, t.text] for t in toponyms]
    assert [r[5:7] for r in rows] == [[t.lat, t.lon] for t in toponyms]


def test_a_fresh_clone_keeps_the_cache_and_the_index(tmp_path, monkeypatch):
    """A new checkout gives every file a new modification time; only new bytes void them."""
    import os

    from geo.gazetteer import build as _gazetteer_build
    from geo.runner import cache as _cache

    outlines = _gazetteer_build.country_outlines()
    assert outlines.is_file()
    program, index = _cache.program_fingerprint(), _gazetteer_build.base_fingerprint()
    _cache.program_fingerprint.cache_clear()
    stat = outlines.stat()
    os.utime(outlines, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    try:
        assert _cache.program_fingerprint() == program
        assert _gazetteer_build.base_fingerprint() == index
    finally:
        os.utime(outlines, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        _cache.program_fingerprint.cache_clear()
