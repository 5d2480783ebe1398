"""End to end: ``territory run`` on realistic corpora, bad files, strictness and atomic output."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from geo.cli.main import main as territory
from geo.errors import CorpusError, ManifestError
from geo.runner.pipeline import OUTPUT_FILES, run

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

HOSTILE = (
    "Kurdish forces captured the town of Tal Abyad <script>window.__pwned = 1</script> from ISIS "
    "on June 15, 2015 <img src=x onerror=\"window.__pwned = 2\">, officials said."
)


@pytest.fixture
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in sorted(p.name for p in EXAMPLES.glob("*.txt"))[:4]:
        shutil.copy(EXAMPLES / name, corpus / name)
    return corpus


def test_run_writes_every_contract_file(small_corpus, tmp_path):
    out = tmp_path / "out"
    summary = run([small_corpus], out)
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    events = json.loads((out / "events.geojson").read_text())
    assert summary.articles == 4 and summary.events == len(events["features"]) > 0
    for feature in events["features"]:
        props = feature["properties"]
        evidence = props["evidence"]
        assert props["source"] in {p.name for p in small_corpus.iterdir()}
        text = (small_corpus / props["source"]).read_text(encoding="utf-8")
        assert text[props["evidence_start"] : props["evidence_end"]] == evidence
    assert json.loads((out / "summary.json").read_text())["articles"] == 4


def test_same_corpus_gives_byte_identical_geojson(small_corpus, tmp_path):
    run([small_corpus], tmp_path / "a")
    run([small_corpus], tmp_path / "b")
    for name in ("events.geojson", "places.geojson", "control.geojson", "events.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_unreadable_files_are_skipped_and_reported(small_corpus, tmp_path, capsys):
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    out = tmp_path / "out"
    assert territory(["run", str(small_corpus), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "empty.txt: empty file" in err and "photo.txt: binary file" in err
    summary = json.loads((out / "summary.json").read_text())
    assert {s["file"].rsplit("/", 1)[-1] for s in summary["skipped"]} == {"empty.txt", "photo.txt"}
    assert summary["articles"] == 4


def test_strict_fails_on_a_bad_file_and_keeps_previous_outputs(small_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    run([small_corpus], out)
    before = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    (small_corpus / "empty.txt").write_bytes(b"")
    assert territory(["run", str(small_corpus), "-o", str(out), "--strict"]) == 1
    assert "empty.txt: empty file" in capsys.readouterr().err
    assert {name: (out / name).read_bytes() for name in OUTPUT_FILES} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".territory-")]


def test_failure_while_writing_leaves_previous_outputs_whole(small_corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run([small_corpus], out)
    before = {name: (out / name).read_bytes() for name in OUTPUT_FILES}

    def broken_map(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("geo.runner.outputs.make_map", broken_map)
    # a new article, so the outputs must be rewritten (unchanged inputs leave them as they are)
    shutil.copy(sorted(EXAMPLES.glob("*.txt"))[-1], small_corpus / "late.txt")
    with pytest.raises(OSError, match="disk full"):
        run([small_corpus], out)
    assert {name: (out / name).read_bytes() for name in OUTPUT_FILES} == before


def test_wrong_manifest_is_refused_before_anything_is_written(small_corpus, tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,published\nsomething_else.txt,2016-01-01\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ManifestError, match="names none of the"):
        run([small_corpus], out, manifest=manifest)
    assert not out.exists() or not any(out.iterdir())


def test_partial_manifest_is_reported(small_corpus, tmp_path):
    first = sorted(p.name for p in small_corpus.iterdir())[0]
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"file,published,outlet\n{first},2016-01-01,Wire\ngone.txt,2016-01-02,Wire\n", encoding="utf-8")
    summary = run([small_corpus], tmp_path / "out", manifest=manifest)
    assert summary.manifest_without_file == ["gone.txt"]
    assert len(summary.not_in_manifest) == 3 and first not in summary.not_in_manifest


def test_empty_corpus_is_an_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(b"")
    with pytest.raises(CorpusError, match="no readable article"):
        run([corpus], tmp_path / "out")


def test_article_markup_never_reaches_the_map_as_markup(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out)
    events = json.loads((out / "events.geojson").read_text())["features"]
    assert any("<script>" in f["properties"]["evidence"] for f in events)
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "__pwned" in html  # the sentence is on the map ...
    assert "<script>window.__pwned" not in html and "<img src=x onerror" not in html  # ... inert


def test_seed_run_through_the_cli(seeds_dir, tmp_path):
    out = tmp_path / "seeds"
    code = territory(["run", str(seeds_dir), "--manifest", str(seeds_dir / "manifest.csv"), "-o", str(out), "-q"])
    assert code == 0
    events = json.loads((out / "events.geojson").read_text())["features"]
    by_source = {f["properties"]["source"] for f in events}
    assert {"001_d408a2aca02a07ab.txt", "002_e315d6a4b5b460f2.txt"} <= by_source
    assert all(f["properties"]["outlet"] for f in events)


def test_progress_bar_shows_rate_skipped_and_events_only_when_asked(small_corpus, tmp_path, capsys):
    (small_corpus / "empty.txt").write_bytes(b"")
    summary = run([small_corpus], tmp_path / "a", progress=True, cache_dir=tmp_path / "cache")
    err = capsys.readouterr().err
    assert "article/s" in err and "skipped 1" in err
    # events are counted as the articles come in, not only once the outputs are written
    assert summary.events > 0 and re.findall(r"events (\d+)", err)[-1] == str(summary.events)
    # ... and also when every result comes from the cache (nothing is decoded then)
    run([small_corpus], tmp_path / "b", progress=True, cache_dir=tmp_path / "cache")
    err = capsys.readouterr().err
    assert "cached 4" in err and re.findall(r"events (\d+)", err)[-1] == str(summary.events)
    run([small_corpus], tmp_path / "b", cache=False)  # stderr is no terminal under pytest
    assert "article/s" not in capsys.readouterr().err


def test_quiet_prints_nothing(small_corpus, tmp_path, capsys):
    assert territory(["run", str(small_corpus), "-o", str(tmp_path / "out"), "-q", "-j", "2"]) == 0
    assert capsys.readouterr().err == ""


def test_every_report_links_to_its_incident(small_corpus, tmp_path):
    out = tmp_path / "out"
    summary = run([small_corpus], out, cache=False)
    events = [f["properties"] for f in json.loads((out / "events.geojson").read_text())["features"]]
    incidents = [f["properties"] for f in json.loads((out / "incidents.geojson").read_text())["features"]]
    assert summary.incidents == len(incidents) and 0 < len(incidents) <= len(events)
    by_id = {i["incident_id"]: i for i in incidents}
    for e in events:
        incident = by_id[e["incident_id"]]
        assert e["event_id"] in incident["event_ids"] and e["source"] in incident["sources"]
    assert sorted(eid for i in incidents for eid in i["event_ids"]) == sorted(e["event_id"] for e in events)
    assert "incident_id" in (out / "events.csv").read_text().splitlines()[0].split(",")


def test_parquet_folder_is_replaced_whole_on_a_rerun(small_corpus, tmp_path):
    import geopandas

    out = tmp_path / "out"
    assert territory(["run", str(small_corpus), "-o", str(out), "-q", "--parquet"]) == 0
    (out / "events.parquet" / "part-00099.parquet").write_bytes(b"left over from an old run")
    assert territory(["run", str(small_corpus), "-o", str(out), "-q", "--parquet", "--no-cache"]) == 0
    parts = sorted(p.name for p in (out / "events.parquet").iterdir())
    assert parts == ["part-00000.parquet"]
    table = geopandas.read_parquet(out / "events.parquet")
    assert len(table) == len(json.loads((out / "events.geojson").read_text())["features"])
    assert not [p for p in out.iterdir() if p.name.startswith(".territory-")]


def test_rerun_with_nothing_new_leaves_the_outputs_as_they_are(small_corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = run([small_corpus], out, cache_dir=tmp_path / "cache")
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    def no_writing(*args, **kwargs):
        raise AssertionError("an up-to-date run wrote its outputs again")

    monkeypatch.setattr("geo.runner.outputs.make_map", no_writing)
    again = run([small_corpus], out, cache_dir=tmp_path / "cache")
    assert again.up_to_date and (again.cached, again.processed) == (4, 0)
    assert (again.events, again.incidents, again.control_areas) == (first.events, first.incidents, first.control_areas)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    # another title is another map: written again
    with pytest.raises(AssertionError, match="wrote its outputs again"):
        run([small_corpus], out, cache_dir=tmp_path / "cache", title="Another title")


def test_a_town_reported_by_many_articles_keeps_the_map_linear(tmp_path):
    import re
    from datetime import date, timedelta

    sides = ["Kurdish forces captured the town of Tal Abyad from ISIS",
             "ISIS fighters recaptured the town of Tal Abyad from Kurdish forces"]
    n = 80
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(n):
        day = date(2015, 1, 1) + timedelta(days=5 * i)
        (corpus / f"report{i:03d}.txt").write_text(
            f"{sides[i % 2]} on {day:%B} {day.day}, {day.year}, officials said.\n", encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out, cache=False)
    places = json.loads((out / "places.geojson").read_text())["features"]
    assert max(len(p["properties"]["control"]) for p in places) == n  # every report is kept ...
    # ... but a report is named in a bounded number of the town's popups, not in all n of them
    # (each popup repeating the whole history made map.html grow with the square of the reports)
    named = len(re.findall(r"report\d{3}", (out / "map.html").read_text(encoding="utf-8")))
    assert n <= named <= 20 * n
