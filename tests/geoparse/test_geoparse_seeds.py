"""The geoparser with the real gazetteer over the five seed articles and their gold.

The gold is read from ``../shared/seeds`` at test time; nothing of it is copied here.
"""

from __future__ import annotations

import io
import json
import math
import re
import sys
import unicodedata

import pytest

from geo.cli.geoparse import main as geoparse_main
from geo.geoparse.parser import Geoparser, geoparse
from geo.records import Article


def _norm(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def _km(lat1, lon1, lat2, lon2):
    p = math.pi / 180
    a = (0.5 - math.cos((lat2 - lat1) * p) / 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2)
    return 12742 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser()


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    out = []
    for gold_path in sorted(seeds_dir.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (seeds_dir / gold["article"]).read_text(encoding="utf-8")
        out.append((Article(id=gold["article"], text=text), gold))
    return out


def test_every_gold_place_is_found_and_resolved_within_tolerance(gp, seeds):
    misses = []
    for article, gold in seeds:
        by_form: dict[str, list] = {}
        for t in gp.parse(article):
            by_form.setdefault(_norm(t.text), []).append(t)
        for g in gold["toponyms"]:
            if g.get("optional"):
                continue
            found = by_form.get(_norm(g["text"]), [])
            if not any(_km(g["lat"], g["lon"], t.lat, t.lon) <= g["tol_km"] for t in found):
                misses.append((article.id, g["text"], [(t.name, t.lat, t.lon) for t in found[:1]]))
    assert misses == []


def test_no_person_and_few_places_the_gold_does_not_name(gp, seeds):
    forms = extra = 0
    people = []
    for article, gold in seeds:
        known = {_norm(g["text"]) for g in gold["toponyms"]}
        predicted = {_norm(t.text) for t in gp.parse(article)}
        forms += len(predicted)
        extra += sum(not any(f in k or k in f for k in known) for f in predicted)
        people += [n for n in gold.get("negatives", []) if any(_norm(n) in f.split() for f in predicted)]
    assert people == []
    assert extra <= 0.1 * forms


def test_the_seed_traps(gp, seeds):
    by_id = {a.id: a for a, _ in seeds}
    t001 = gp.parse(by_id["001_d408a2aca02a07ab.txt"])
    taza = [t for t in t001 if t.text == "Taza"]
    assert taza and taza[0].country_code == "IQ"
    south = [t for t in t001 if t.relation == "south of"]
    assert [(t.text, t.geo_precision) for t in south] == [("Baghdad", 2)]
    suburb = [t for t in t001 if t.text == "Syrian capital"]
    assert suburb and suburb[0].name.startswith("Damascus") and suburb[0].geo_precision == 2
    northern = [t for t in t001 if t.relation in ("northern", "northeastern") and t.text == "Syria"]
    assert northern and all(t.region.startswith("sector:SY:") and t.geo_precision == 3 for t in northern)
    t002 = gp.parse(by_id["002_e315d6a4b5b460f2.txt"])
    assert any(t.text == "Mount Sinjar" and t.feature_class == "T" for t in t002)
    t004 = gp.parse(by_id["004_4369378e672b59c1.txt"])
    anbar = [t for t in t004 if t.text == "Anbar"]
    assert anbar and anbar[0].geo_precision == 3 and anbar[0].region.startswith("admin1:IQ.")


def test_every_offset_slices_its_text(gp, seeds):
    for article, _ in seeds:
        for t in gp.parse(article):
            assert article.text[t.start:t.end] == t.text


def test_cli_reads_files_and_stdin_and_is_deterministic(seeds_dir, monkeypatch, capsys):
    files = [str(p) for p in sorted(seeds_dir.glob("*.txt"))]
    assert geoparse_main(files) == 0
    first = capsys.readouterr().out
    assert geoparse_main(files) == 0
    assert capsys.readouterr().out == first
    lines = [json.loads(line) for line in first.splitlines()]
    assert [d["id"] for d in lines] == [p.rsplit("/", 1)[-1] for p in files]
    rec = lines[1]["toponyms"][0]
    assert {"start", "end", "text", "name", "lat", "lon", "geonameid", "country_code",
            "feature_code", "geo_precision", "score"} <= set(rec)
    stdin = json.dumps({"id": "x", "text": "Airstrikes hit Mosul and Raqqa."}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert geoparse_main(["-", "--explain"]) == 0
    (d,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [t["text"] for t in d["toponyms"]] == ["Mosul", "Raqqa"]
    best = d["toponyms"][0]["candidates"][0]
    assert best["parts"] and set(best["weights"]) == set(best["parts"])  # each part with its weight
    assert "dropped" in d


def test_cli_names_a_bad_file(tmp_path, capsys):
    from geo.cli.main import main

    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["geoparse", str(bad)]) == 1
    assert "empty.txt" in capsys.readouterr().err


def test_geodataframe_on_request(seeds):
    gdf = geoparse([a for a, _ in seeds[:2]], as_geodataframe=True)
    assert len(gdf) > 5 and gdf.crs.to_epsg() == 4326
    assert {"text", "name", "geo_precision", "source"} <= set(gdf.columns)


def test_output_does_not_depend_on_hash_seeds(seeds_dir):
    import os
    import subprocess

    files = [str(p) for p in sorted(seeds_dir.glob("*.txt"))]
    outs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-m", "geo.cli.main", "geoparse", "--explain", *files],
                             capture_output=True, text=True, env=env, check=True)
        outs.add(run.stdout)
    assert len(outs) == 1 and outs.pop().count("\n") == len(files)


def test_cli_bad_file_does_not_cost_the_other_articles(seeds_dir, tmp_path, capsys):
    from geo.cli.main import main

    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    good = sorted(seeds_dir.glob("*.txt"))[1]
    assert main(["geoparse", str(bad), str(good)]) == 1
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [d["id"] for d in lines] == [good.name] and lines[0]["toponyms"]
    assert "photo.txt: binary file" in captured.err


def test_cli_an_article_that_fails_does_not_cost_the_others(monkeypatch, capsys):
    def parse_detailed(self, text, source="-"):
        if "unparseable" in text:
            raise KeyError(None)
        return [], []

    monkeypatch.setattr(Geoparser, "parse_detailed", parse_detailed)
    lines = [{"id": "a", "text": "Airstrikes hit Mosul."},
             {"id": "b", "text": "An unparseable report."},
             {"id": "c", "text": "Clashes near Raqqa."}]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(json.dumps(x) + "\n" for x in lines)))
    assert geoparse_main(["-"]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["a", "c"]
    assert "skipped b: internal error while processing: KeyError: None" in captured.err
