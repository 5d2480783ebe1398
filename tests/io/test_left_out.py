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
from geo.io.corpus import read_article, scan_corpus
from geo.runner.pipeline import OUTPUT_FILES, run

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
