"""Nothing of a corpus is skipped in silence; encodings; output permissions; country codes."""

from __future__ import annotations

import json
import os
import random
import stat

import pytest
from _dispatches import article, write_corpus

from geo.cli.main import main as territory
from geo.errors import CorpusError
from geo.io.corpus import MANIFEST_NOT_GIVEN, read_article, scan_corpus
from geo.runner.pipeline import OUTPUT_FILES, RunSummary, run

CAR_BOMB = ("A car bomb hidden in a vehicle with stolen licence plates exploded at a market in Hilla "
            "on Thursday, killing at least 21 people, police said.\n")


def test_an_article_whose_name_starts_like_documentation_is_read(tmp_path):
    (tmp_path / "License_plate_car_bomb_Hilla.txt").write_text(CAR_BOMB, encoding="utf-8")
    (tmp_path / "readme_of_the_siege.md").write_text(CAR_BOMB, encoding="utf-8")
    (tmp_path / "Changelog-of-the-front.txt").write_text(CAR_BOMB, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Our dispatches\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT\n", encoding="utf-8")
    listing = scan_corpus([tmp_path])
    assert [p.name for p in listing.files] == [
        "Changelog-of-the-front.txt", "License_plate_car_bomb_Hilla.txt", "readme_of_the_siege.md"]
    reasons = {os.path.basename(s.path): s.problem for s in listing.excluded}
    assert reasons == {"LICENSE": "documentation, not an article (excluded by default)",
                       "README.md": "documentation, not an article (excluded by default)"}


def test_every_file_is_read_or_left_out_with_a_reason(tmp_path):
    write_corpus(tmp_path, 3)
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(CAR_BOMB, encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "unchecked.txt").write_text(CAR_BOMB, encoding="utf-8")
    (tmp_path / "wire-copy.md").write_text(CAR_BOMB, encoding="utf-8")
    listing = scan_corpus([tmp_path], exclude=["drafts/*", "*.md"])
    every = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert sorted([*listing.files, *(type(every[0])(s.path) for s in listing.excluded)]) == every
    reasons = {os.path.basename(s.path): s.problem for s in listing.excluded}
    assert reasons["unchecked.txt"] == "excluded by --exclude 'drafts/*'"
    assert reasons["wire-copy.md"] == "excluded by --exclude '*.md'"
    assert reasons[".hidden.txt"].startswith("hidden")
    assert reasons["notes.json"].startswith("not an article file")


def test_run_reports_every_file_left_out_in_summary_and_on_stderr(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", 2)
    (corpus / "License_plate_car_bomb_Hilla.txt").write_text(CAR_BOMB, encoding="utf-8")
    (corpus / "README.md").write_text("# Dispatches\n", encoding="utf-8")
    (corpus / "old-draft.txt").write_text(CAR_BOMB, encoding="utf-8")
    out = tmp_path / "out"
    assert territory(["run", str(corpus), "-o", str(out), "--exclude", "old-*"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["articles"] == 3
    assert {os.path.basename(e["file"]): e["reason"] for e in summary["excluded"]} == {
        "README.md": "documentation, not an article (excluded by default)",
        "old-draft.txt": "excluded by --exclude 'old-*'"}
    err = capsys.readouterr().err
    assert f"left out {corpus / 'README.md'}: documentation" in err
    assert f"left out {corpus / 'old-draft.txt'}: excluded by --exclude 'old-*'" in err


def _undated_corpus_with_its_manifest(folder):
    """Two one-line dispatches with no date in them, and the manifest that dates them."""
    folder.mkdir()
    (folder / "tell_qasra.txt").write_text("Shelling killed 4 civilians in Hilla.\n", encoding="utf-8")
    (folder / "wadi_harun.txt").write_text("A roadside bomb killed 2 soldiers in Hilla.\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,published,outlet\ntell_qasra.txt,2016-03-07,Wire\nwadi_harun.txt,2016-03-08,Wire\n", encoding="utf-8")
    return folder


def test_a_manifest_left_among_the_articles_is_named_as_one_when_articles_go_undated(tmp_path, capsys):
    corpus = _undated_corpus_with_its_manifest(tmp_path / "corpus")
    assert territory(["run", str(corpus), "-o", str(tmp_path / "out")]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert sorted(summary["undated"]) == ["tell_qasra.txt", "wadi_harun.txt"]
    assert summary["excluded"] == [{"file": str(corpus / "manifest.csv"), "reason": MANIFEST_NOT_GIVEN}]
    assert summary["events"] == 2  # kept, saying that nothing tells when
    features = json.loads((tmp_path / "out" / "events.geojson").read_text())["features"]
    assert {(f["properties"]["date_start"], f["properties"]["time_ms"], f["properties"]["time_precision"])
            for f in features} == {(None, None, 3)}
    assert summary["incidents"] == 2
    assert '"Undated events"' in (tmp_path / "out" / "map.html").read_text()
    err = capsys.readouterr().err
    assert "2 article(s) with no publication date" in err
    assert "events with no date of their own have none" in err
    assert f"{corpus / 'manifest.csv'} looks like their manifest" in err


def test_the_runs_own_manifest_is_left_out_as_the_manifest_and_dates_the_articles(tmp_path, capsys):
    corpus = _undated_corpus_with_its_manifest(tmp_path / "corpus")
    out = tmp_path / "out"
    assert territory(["run", str(corpus), "-o", str(out), "--manifest", str(corpus / "manifest.csv")]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["undated"] == []
    assert summary["excluded"] == [{"file": str(corpus / "manifest.csv"), "reason": "the run's manifest"}]
    assert summary["events"] == 2
    assert "looks like their manifest" not in capsys.readouterr().err


def test_a_csv_that_is_no_manifest_is_an_other_file(tmp_path):
    (tmp_path / "casualties.csv").write_text("date,killed\n2016-03-07,4\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_bytes(b"")
    reasons = {os.path.basename(s.path): s.problem for s in scan_corpus([tmp_path]).excluded}
    assert reasons == {"casualties.csv": "not an article file (reads .txt, .md, .html, .htm)",
                       "empty.csv": "not an article file (reads .txt, .md, .html, .htm)"}


def test_a_long_undated_list_is_cut_on_the_terminal_but_whole_in_the_summary():
    summary = RunSummary(articles=30, undated=[f"dispatch_{i:02d}.txt" for i in range(30)])
    report = summary.report()
    assert "30 article(s) with no publication date" in report
    assert "dispatch_19.txt and 10 more" in report and "dispatch_20.txt" not in report
    assert len(summary.to_json()["undated"]) == 30


def test_an_output_folder_inside_the_corpus_is_not_read_back(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 2)
    out = corpus / "out"
    run([corpus], out, progress=False)
    summary = run([corpus], out, progress=False)
    assert summary.articles == 2
    assert {s.problem for s in summary.excluded} == {"inside the output folder"}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, codec):
    text = article(random.Random(5)) + "Кобани, كوباني, Kobanê\n"
    path = tmp_path / "dispatch.txt"
    path.write_bytes(text.encode(codec))
    assert read_article(path).text == text


@pytest.mark.parametrize("payload", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50,
    bytes(range(256)) * 20,
    b"\x00" * 4096,
    b"SQLite format 3\x00" + b"\x10\x00\x01\x01\x00@  \x00\x00\x00\x02" * 100,
])
def test_binary_files_are_still_called_binary(tmp_path, payload):
    path = tmp_path / "photo.txt"
    path.write_bytes(payload)
    with pytest.raises(CorpusError, match=r"binary|decoded"):
        read_article(path)


def test_every_output_file_has_the_same_mode_under_the_umask(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 2)
    previous = os.umask(0o027)
    try:
        run([corpus], tmp_path / "out", progress=False, cache=False)
    finally:
        os.umask(previous)
    modes = {name: stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) for name in OUTPUT_FILES}
    assert set(modes.values()) == {0o640}, modes


def test_an_unknown_country_code_is_refused_with_the_valid_ones(capsys):
    assert territory(["gazetteer", "lookup", "Raqqa", "--country", "ZZ"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "'ZZ'" in err
    assert " SY " in err and " IQ " in err


def test_a_known_country_code_is_taken_in_any_case(capsys):
    assert territory(["gazetteer", "lookup", "Raqqa", "--country", "sy", "--json", "--limit", "1"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["country_code"] == "SY"
