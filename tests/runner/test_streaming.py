"""The run's streaming output stage: results wait on disk, exports are written chunk by chunk,
and the files are the same whatever the chunk size (issue: memory flat as the corpus grows)."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import pytest
from _event_factory import make_event

import geo.runner.outputs
import geo.runner.store
from geo.events.incidents import incidents_frame
from geo.io.exports import LayerWriter, events_frame, write_outputs
from geo.runner.codec import encode_result
from geo.runner.pipeline import OUTPUT_FILES, run
from geo.runner.store import RunStore, incident_chunk_bounds

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
RAMADI = ("Ramadi", 33.42056, 43.30778, 388349, "IQ")
GEOJSON = ("events.geojson", "places.geojson", "control.geojson", "incidents.geojson")


@pytest.fixture
def wire_corpus(tmp_path):
    """The demo dispatches plus four wires retelling one bombing and one capture."""
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus, ignore=shutil.ignore_patterns("manifest.csv", "README.md"))
    for outlet, toll in [("ap", 20), ("afp", 23), ("reuters", 23), ("dpa", 25)]:
        (corpus / f"wire_{outlet}.txt").write_text(
            f"A suicide bomber killed {toll} people at a market in Ramadi on May 14, 2015, police said.\n\n"
            "Kurdish forces captured the town of Tal Abyad from ISIS on June 15, 2015, officials said.\n",
            encoding="utf-8")
    return corpus


def _outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in (*GEOJSON, "events.csv")}


def test_chunk_size_never_changes_the_files(wire_corpus, tmp_path, monkeypatch):
    run([wire_corpus], tmp_path / "whole", cache=False)
    monkeypatch.setattr(geo.runner.store, "CHUNK_EVENTS", 3)
    monkeypatch.setattr(geo.runner.store, "CHUNK_INCIDENTS", 2)
    monkeypatch.setattr(geo.runner.outputs, "CHUNK_PLACES", 4)
    monkeypatch.setattr(geo.runner.outputs, "CHUNK_MENTIONS", 5)
    run([wire_corpus], tmp_path / "chunked", cache=False)
    assert _outputs(tmp_path / "whole") == _outputs(tmp_path / "chunked")
    events = json.loads((tmp_path / "chunked" / "events.geojson").read_text())["features"]
    assert len(events) > 3 * 4, "the corpus spans several chunks"
    whole = gpd.read_file(tmp_path / "whole" / "territory.gpkg", layer="events", engine="pyogrio")
    chunked = gpd.read_file(tmp_path / "chunked" / "territory.gpkg", layer="events", engine="pyogrio")
    assert len(chunked) == len(events) and chunked.equals(whole)


def test_the_map_draws_one_attack_for_four_wires(wire_corpus, tmp_path):
    summary = run([wire_corpus], tmp_path / "out", cache=False)
    incidents = json.loads((tmp_path / "out" / "incidents.geojson").read_text())["features"]
    (bombing,) = [f["properties"] for f in incidents if f["properties"]["place"] == "Ramadi"
                  and f["properties"]["category"] == "attack"]
    assert bombing["n_sources"] == 4 and len(bombing["evidence"]) == 4
    assert (bombing["killed_low"], bombing["killed_best"], bombing["killed_high"]) == (20, 23, 25)
    html = (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
    # one marker whose popup names the four wires, not four markers at Ramadi
    assert html.count("wire_ap.txt") == html.count("wire_dpa.txt") >= 1
    events = json.loads((tmp_path / "out" / "events.geojson").read_text())["features"]
    ramadi = [e["properties"] for e in events if e["properties"]["place"] == "Ramadi"
              and e["properties"]["category"] == "attack"]
    assert len(ramadi) == 4 and {e["incident_id"] for e in ramadi} == {bombing["incident_id"]}
    assert summary.merged_incidents >= 2


def test_map_gets_a_few_sentences_per_incident_and_the_files_keep_them_all(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 12
    for i in range(n):
        (corpus / f"wire{i:02d}.txt").write_text(
            f"Report {i}: a suicide bomber killed {20 + i % 3} people in Ramadi on May 14, 2015, police said.\n",
            encoding="utf-8")
    monkeypatch.setattr(geo.runner.outputs, "MAP_EVIDENCE", 3)
    run([corpus], tmp_path / "out", cache=False)
    (incident,) = json.loads((tmp_path / "out" / "incidents.geojson").read_text())["features"]
    assert incident["properties"]["n_reports"] == n == len(incident["properties"]["evidence"])
    html = (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
    quoted = [i for i in range(n) if f"Report {i}:" in html]
    assert len(quoted) == 3
    assert f"and {n - 3} more reports" in html


def test_incidents_layer_keeps_every_sentence_whatever_the_chunks(wire_corpus, tmp_path, monkeypatch):
    # the Ramadi bombing is told by four wires: with MAP_EVIDENCE 2 the map shows two sentences
    # and the layer, written in chunks of two incidents, still has all four
    monkeypatch.setattr(geo.runner.outputs, "MAP_EVIDENCE", 2)
    run([wire_corpus], tmp_path / "whole", cache=False)
    monkeypatch.setattr(geo.runner.store, "CHUNK_INCIDENTS", 2)
    monkeypatch.setattr(geo.runner.store, "CHUNK_EVENTS", 5)
    run([wire_corpus], tmp_path / "chunked", cache=False)
    assert _outputs(tmp_path / "whole") == _outputs(tmp_path / "chunked")
    incidents = json.loads((tmp_path / "chunked" / "incidents.geojson").read_text())["features"]
    told = [f["properties"] for f in incidents if f["properties"]["n_reports"] > 2]
    assert told and all(len(p["evidence"]) == p["n_reports"] for p in told)
    whole = gpd.read_file(tmp_path / "whole" / "territory.gpkg", layer="incidents", engine="pyogrio")
    chunked = gpd.read_file(tmp_path / "chunked" / "territory.gpkg", layer="incidents", engine="pyogrio")
    assert len(chunked) == len(incidents) and chunked.equals(whole)


def test_incident_chunks_end_at_a_count_of_incidents_or_of_reports():
    assert incident_chunk_bounds([], size=2, reports=5) == []
    assert incident_chunk_bounds([1, 1, 1, 1, 1], size=2, reports=5) == [(0, 2), (2, 4), (4, 5)]
    # an incident told by many reports closes its chunk at once
    assert incident_chunk_bounds([1, 7, 1, 2, 2], size=3, reports=5) == [(0, 2), (2, 5)]


def test_run_store_keeps_the_whole_evidence_of_long_incidents(tmp_path):
    evidence = [{"source": f"w{i}.txt", "evidence": f"Sentence {i} \u00e9.", "killed": i or None} for i in range(7)]
    with RunStore(tmp_path) as store:
        store.add_evidence([("inc-a", evidence)])
        store.add_evidence([])
        assert store.evidence_of(["inc-b", "inc-a"]) == {"inc-a": evidence}
        assert store.evidence_of([]) == {}


def test_up_to_date_rerun_decodes_nothing(wire_corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    run([wire_corpus], tmp_path / "out", cache_dir=cache)

    def no_decoding(*args, **kwargs):
        raise AssertionError("an up-to-date re-run decoded a result")

    monkeypatch.setattr(geo.runner.store, "decode_rows", no_decoding)
    again = run([wire_corpus], tmp_path / "out", cache_dir=cache)
    assert again.up_to_date and again.processed == 0
    first = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert (again.events, again.toponyms, again.places) == (first["events"], first["toponyms"], first["places"])


def test_cached_and_fresh_results_give_the_same_files(wire_corpus, tmp_path):
    cache = tmp_path / "cache"
    run([wire_corpus], tmp_path / "fresh", cache_dir=cache)
    (wire_corpus / "late.txt").write_text(
        "Iraqi troops retook Ramadi from ISIS on December 28, 2015, the army said.\n", encoding="utf-8")
    mixed = run([wire_corpus], tmp_path / "mixed", cache_dir=cache)
    assert (mixed.processed, mixed.cached) == (1, mixed.articles - 1)
    alone = run([wire_corpus], tmp_path / "alone", cache=False)
    assert _outputs(tmp_path / "mixed") == _outputs(tmp_path / "alone")
    assert alone.events == mixed.events


def test_run_store_leaves_no_file_behind_even_when_the_run_fails(wire_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("geo.runner.outputs.make_map", broken)
    with pytest.raises(OSError, match="disk full"):
        run([wire_corpus], tmp_path / "out", cache=False)
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "out").exists() or not any(
        (tmp_path / "out" / name).exists() for name in OUTPUT_FILES)


def test_run_store_gives_events_back_sorted_with_their_incidents(tmp_path):
    day = date(2015, 5, 14)
    events = [make_event(i, "control_change", RAMADI, day + timedelta(days=(7 - i) % 4), source=f"a{i}.txt")
              for i in range(8)]
    with RunStore(tmp_path) as store:
        for i in range(0, 8, 2):
            store.add_article(f"a{i}.txt", None, encode_result([], events[i:i + 2]))
        loaded = store.load(None)
        assert loaded.events == 8 and loaded.events_by_category == {events[0].category: 8}
        rows, reports = store.reports()
        assert [r.event_id for r in reports] == [e.event_id for e in events]
        # made while decoding, handed over once; read back from the file after: the same
        assert store.reports() == (rows, reports) and rows == list(range(1, 9))
        store.set_incidents((f"i{r.date_start.day}", seq) for seq, r in zip(rows, reports))
        chunks = list(store.event_chunks(3))
        assert [len(c[0]) for c in chunks] == [3, 3, 2]
        got = [(e.date_start, e.event_id) for c in chunks for e in c[0]]
        assert got == sorted((e.date_start, e.event_id) for e in events)
        assert [i for c in chunks for i in c[1]] == [f"i{d.day}" for d, _ in got]
        groups = dict(store.incident_groups())
        assert sorted(groups) == ["i14", "i15", "i16", "i17"] and all(len(g) == 2 for g in groups.values())
        assert {e.evidence for e in store.events_of(["control_change"])} == {events[0].evidence}
        assert store.events_of(["attack", "control_change"], evidence=False)[0].evidence == ""
        path = store.path
    assert not path.exists()


def test_a_missing_cached_result_is_a_clear_error(tmp_path):
    from geo.errors import TerritoryError

    with RunStore(tmp_path) as store:
        store.add_article("gone.txt", "some-key", None)
        with pytest.raises(TerritoryError, match=r"gone\.txt: its cached result is missing"):
            store.load(lambda key: None)


def test_layer_writer_in_chunks_equals_one_write(tmp_path):
    day = date(2015, 1, 1)
    events = [make_event(i, "attack", RAMADI, day + timedelta(days=i // 2), source=f"w{i % 3}.txt",
                         sub_event_type="Suicide bomb", event_type="Explosions/Remote violence",
                         killed=i if i % 2 else None) for i in range(10)]
    whole = events_frame(events)
    places = gpd.GeoDataFrame({"name": ["Ramadi"]}, geometry=gpd.points_from_xy([43.3], [33.4]), crs=4326)
    incidents = incidents_frame(events)
    write_outputs(tmp_path / "one", whole, places, places.iloc[:0], extra_layers={"incidents": incidents})
    with LayerWriter(tmp_path / "chunks") as writer:
        for first in range(0, 10, 4):
            writer.write("events", whole.iloc[first:first + 4])
        writer.write("places", places)
        writer.write("control", places.iloc[:0])
        writer.write("incidents", incidents.iloc[:5])
        writer.write("incidents", incidents.iloc[5:])
    for name in ("events.geojson", "places.geojson", "control.geojson", "incidents.geojson", "events.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "chunks" / name).read_bytes(), name
    for layer in ("events", "incidents"):
        a = gpd.read_file(tmp_path / "one" / "territory.gpkg", layer=layer, engine="pyogrio")
        b = gpd.read_file(tmp_path / "chunks" / "territory.gpkg", layer=layer, engine="pyogrio")
        assert a.equals(b), layer
