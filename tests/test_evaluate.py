"""scripts/evaluate.py: the scoring rules on a tiny gold folder written here, and a run on ../shared/eval."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]
SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate_script", CHECKOUT / "scripts" / "evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


ev = _load_script()

# Two short dispatches written for this test (not real reporting).
MAKHMOUR_TEXT = (
    "ERBIL, Iraq (Test Wire) - Kurdish peshmerga forces retook the town of Makhmour on Sunday after a "
    "two-day battle, a commander said. A roadside bomb near Mosul killed 4 soldiers on Saturday.\n"
)
RAQQA_TEXT = (
    "BEIRUT (Test Wire) - Syrian Kurdish fighters captured the village of Ain Issa north of Raqqa on "
    "Monday, their spokesman Ahmed Hassan said.\n"
)
MOSUL = (36.34, 43.13)
MAKHMOUR = (35.78, 43.58)
RAQQA = (35.95, 39.01)
AIN_ISSA = (36.39, 38.86)


def _place(text: str, lat_lon: tuple[float, float], tol_km: float, **extra) -> dict:
    return {"text": text, "lat": lat_lon[0], "lon": lat_lon[1], "tol_km": tol_km, "kind": "town", **extra}


def _event(category: str, place: str, lat_lon: tuple[float, float], dates: tuple[str, str], **extra) -> dict:
    return {"category": category, "place": place, "lat": lat_lon[0], "lon": lat_lon[1], "tol_km": 50,
            "date_min": dates[0], "date_max": dates[1], "evidence": f"{category} at {place}", **extra}


@pytest.fixture
def gold_folder(tmp_path: Path) -> Path:
    """Two articles with manifest.csv and *.gold.json in the format of the eval set."""
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "k01_makhmour.txt").write_text(MAKHMOUR_TEXT, encoding="utf-8")
    (folder / "r01_ain_issa.txt").write_text(RAQQA_TEXT, encoding="utf-8")
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "published", "published_estimated", "url"])
        writer.writerow(["k01_makhmour.txt", "2014-08-18", "false", "https://example.org/k01"])
        writer.writerow(["r01_ain_issa.txt", "2015-06-23", "false", "https://example.org/r01"])
    gold = {
        "k01_makhmour.txt": {
            "toponyms": [_place("Erbil", (36.19, 44.01), 30, optional=True), _place("Iraq", (33.0, 43.8), 500),
                         _place("Makhmour", MAKHMOUR, 25), _place("Mosul", MOSUL, 30)],
            "negatives": [],
            "events": [
                _event("control_change", "Makhmour", MAKHMOUR, ("2014-08-17", "2014-08-17"), sub_type="retaken"),
                _event("attack", "Mosul", MOSUL, ("2014-08-16", "2014-08-16"), killed=4),
            ],
        },
        "r01_ain_issa.txt": {
            "toponyms": [_place("Ain Issa", AIN_ISSA, 25), _place("Raqqa", RAQQA, 30)],
            "negatives": ["Hassan"],
            "events": [
                _event("control_change", "Ain Issa", AIN_ISSA, ("2015-06-22", "2015-06-22")),
                _event("attack", "Raqqa", RAQQA, ("2015-06-20", "2015-06-22"), stretch=True),
            ],
        },
    }
    for article, annotation in gold.items():
        path = folder / article.replace(".txt", ".gold.json")
        path.write_text(json.dumps({"article": article, **annotation}, indent=1), encoding="utf-8")
    return folder


def _toponym(text: str, lat_lon: tuple[float, float] | None, start: int = 0) -> dict:
    lat, lon = lat_lon if lat_lon else (None, None)
    return {"start": start, "end": start + len(text), "text": text, "name": text, "lat": lat, "lon": lon}


def _prediction(article: str, category: str, lat_lon: tuple[float, float], day: str, **extra) -> dict:
    return {"source": article, "category": category, "lat": lat_lon[0], "lon": lat_lon[1],
            "date_start": day, "date_end": day, "place": "?", **extra}


# ------------------------------------------------------------------------------------------- rules


def test_great_circle_and_folding():
    assert ev.great_circle_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.01)
    assert ev.great_circle_km(*MOSUL, *MOSUL) == 0
    assert ev.fold_surface("Tall ʿAfar") == ev.fold_surface("tall afar") == "tall afar"
    assert ev.fold_surface("Deir ez-Zōr") == "deir ez zor"


def test_places_within_tolerance_count_too_far_do_not(gold_folder: Path):
    gold = ev.load_article_gold(gold_folder)
    predicted = {
        "k01_makhmour.txt": [
            _toponym("Iraq", (33.2, 43.7)),
            _toponym("MAKHMOUR", (35.80, 43.60)),  # 3 km off, tolerance 25: found (case folded)
            _toponym("Mosul", (33.34, 44.40)),     # resolved to Baghdad, ~350 km off: not found
        ],
        "r01_ain_issa.txt": [
            _toponym("Ain Issa", AIN_ISSA),
            _toponym("Monday", (40.0, 40.0)),      # not a gold place: a false surface form
        ],
    }
    log = ev.ErrorLog()
    figures = ev.score_places(predicted, gold, log)
    # required: Iraq, Makhmour, Mosul, Ain Issa, Raqqa (Erbil is optional); found: Iraq, Makhmour, Ain Issa
    assert figures["places_gold"] == 5
    assert figures["places_recall"] == 0.6
    # forms: iraq, makhmour, mosul, ain issa, monday -> one false
    assert figures["places_precision"] == 0.8
    assert figures["person_names_as_places"] == 0
    missed = log.groups["places missed"]
    assert [e.split(":")[0] for e in missed["resolved too far"]] == ["k01_makhmour.txt"]
    assert "'Raqqa'" in missed["no toponym with that surface"][0]
    assert "'Monday'" in log.groups["places false"]["not a gold place"][0]


def test_person_name_taken_for_a_place_is_counted(gold_folder: Path):
    gold = ev.load_article_gold(gold_folder)
    predicted = {"r01_ain_issa.txt": [_toponym("Hassan", (31.0, 35.0)), _toponym("Issa", (31.0, 35.0))]}
    log = ev.ErrorLog()
    figures = ev.score_places(predicted, gold, log)
    assert figures["person_names_as_places"] == 1
    # "hassan" is a false form; "issa" lies inside the gold form "ain issa": not false
    assert figures["places_precision"] == 0.5
    assert log.groups["places false"]["a person's name taken for a place"] == ["r01_ain_issa.txt: 'Hassan'"]


def test_events_match_on_category_place_and_date_window(gold_folder: Path):
    gold = ev.load_article_gold(gold_folder)
    predictions = [
        _prediction("k01_makhmour.txt", "control_change", MAKHMOUR, "2014-08-17"),
        _prediction("k01_makhmour.txt", "attack", MOSUL, "2014-08-10", killed=4),      # outside the window
        _prediction("r01_ain_issa.txt", "control_change", AIN_ISSA, "2015-06-22"),
        _prediction("r01_ain_issa.txt", "attack", RAQQA, "2015-06-21"),               # matches a stretch event
        _prediction("r01_ain_issa.txt", "control_state", RAQQA, "2015-06-22"),        # no such gold event
    ]
    log = ev.ErrorLog()
    figures = ev.score_events(predictions, gold, log)
    assert figures["events_gold"] == 3  # the stretch event is not required
    assert figures["events_recall"] == round(2 / 3, 3)
    assert figures["events_precision"] == 0.6  # the stretch match is not false
    assert figures["control_change_recall"] == 1.0
    assert figures["attack_recall"] == 0.0
    assert figures["killed_gold"] == 0
    assert len(log.groups["events missed: attack"]["wrong date"]) == 1
    assert len(log.groups["events false: control_state"]["no gold event of that category in the article"]) == 1


def test_events_wrong_place_and_killed(gold_folder: Path):
    gold = ev.load_article_gold(gold_folder)
    predictions = [
        _prediction("k01_makhmour.txt", "control_change", (33.34, 44.40), "2014-08-17"),  # Baghdad: too far
        _prediction("k01_makhmour.txt", "attack", MOSUL, "2014-08-16", killed=5),
    ]
    log = ev.ErrorLog()
    figures = ev.score_events(predictions, gold, log)
    assert figures["attack_recall"] == 1.0
    assert figures["control_change_recall"] == 0.0
    assert figures["killed_gold"] == 1 and figures["killed_exact"] == 0.0
    missed_change = log.groups["events missed: control_change"]
    assert "km off" in missed_change["wrong place"][0]
    assert "no prediction of that category in the article" in missed_change  # Ain Issa
    assert "got 5, gold 4" in log.groups["events missed: attack"]["killed differs"][0]


def test_geoparse_spans_and_distance():
    documents = [{"id": 1, "text": "Floods hit Paris and Texas.", "toponyms": [
        {"start": 11, "end": 16, "name": "Paris", "lat": 48.85, "lon": 2.35},
        {"start": 21, "end": 26, "name": "Texas", "lat": 31.0, "lon": -100.0},
        {"start": 0, "end": 6, "name": "Floods", "lat": 0, "lon": 0, "type": "Demonym"},
    ]}]
    predicted = {"1": [
        _toponym("Paris", (33.66, -95.56), start=11),   # Paris, Texas: a match, but far
        _toponym("Floods", (1.0, 1.0), start=0),        # over an out-of-scope gold toponym: no blame
        _toponym("hit", (5.0, 5.0), start=7),           # a false span
    ]}
    log = ev.ErrorLog()
    figures = ev.score_geoparse(predicted, documents, log)
    assert (figures["P"], figures["R"]) == (0.5, 0.5)
    assert figures["acc161"] == 0.0
    assert figures["median_km"] > 7000
    causes = log.groups["geoparse"]
    assert set(causes) == {"missed span", "false span", "resolved too far: > 2000 km"}


def test_ucdp_within_25_km():
    rows = [
        {"id": "1", "latitude": "36.34", "longitude": "43.13", "where_coordinates": "Mosul", "source_headline": "x"},
        {"id": "2", "latitude": "36.34", "longitude": "43.13", "where_coordinates": "Mosul", "source_headline": "y"},
        {"id": "3", "latitude": "36.34", "longitude": "43.13", "where_coordinates": "Mosul", "source_headline": "z"},
    ]
    predicted = {"1": [_toponym("Mosul", (36.40, 43.20))], "2": [_toponym("Erbil", (36.19, 44.01))]}
    log = ev.ErrorLog()
    assert ev.score_ucdp(predicted, rows, log) == {"within_25km": 0.333}
    assert set(log.groups["ucdp"]) == {"nearest resolved place 50-100 km", "no place resolved"}


def _two_governorates(folder: Path) -> Path:
    """Two square governorates side by side, invented: West (lon 40-41) and East (lon 41-42)."""
    def square(name: str, west: float) -> dict:
        ring = [[west, 35.0], [west + 1, 35.0], [west + 1, 36.0], [west, 36.0], [west, 35.0]]
        return {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    path = folder / "governorates.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection",
                                "features": [square("West", 40.0), square("East", 41.0)]}), encoding="utf-8")
    return path


def test_ucdp_events_in_the_coded_governorate_and_the_reports_week(tmp_path: Path):
    governorates = ev.Governorates(_two_governorates(tmp_path))
    assert (governorates.of(35.5, 40.5), governorates.of(35.5, 41.5), governorates.of(30.0, 30.0)) == ("West", "East", None)
    rows = [{"id": str(i), "latitude": "35.5", "longitude": "40.5", "source_date": "2018-05-10",
             "source_headline": f"headline {i}"} for i in range(4)]
    in_west = {"lat": 35.4, "lon": 40.2, "category": "attack", "place": "A"}
    in_east = {"lat": 35.4, "lon": 41.2, "category": "attack", "place": "B"}
    by_source = {
        "0.txt": [{**in_west, "date_start": "2018-05-09", "date_end": "2018-05-09"}],   # right, in the week
        "1.txt": [{**in_east, "date_start": "2018-05-10", "date_end": "2018-05-10"}],   # wrong governorate
        "2.txt": [{**in_west, "date_start": "2018-04-01", "date_end": "2018-04-15"},    # right, weeks before
                  {**in_east, "date_start": None, "date_end": None}],                   # no date: no week
    }
    log = ev.ErrorLog()
    figures = ev.score_ucdp_events(by_source, rows, governorates, log)
    assert figures == {"with_event": 0.75, "event_in_governorate": 0.5, "event_in_week": 0.5}
    assert set(log.groups["ucdp_events"]) == {"events only in another governorate", "no event"}


def test_ucdp_events_without_governorate_polygons_is_a_one_line_skip(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]):
    ucdp = tmp_path / "ucdp.csv"
    ucdp.write_text("id,where_prec,source_headline,latitude,longitude,source_date\n", encoding="utf-8")
    nowhere = tmp_path / "no-polygons.geojson"
    assert ev.main(["--sets", "ucdp_events", "--ucdp", str(ucdp), "--admin1", str(nowhere)]) == 0
    assert f"skipped ucdp_events: no governorate polygons at {nowhere} (--admin1)" in capsys.readouterr().out


# ------------------------------------------------------------------------------------------- the command


def test_pipeline_on_the_tiny_folder(gold_folder: Path, capsys: pytest.CaptureFixture[str]):
    assert ev.main(["--gold", str(gold_folder), "--json", "--errors"]) == 0
    report = json.loads(capsys.readouterr().out)
    figures = report["sets"]["gold:gold"]
    assert figures["docs"] == 2 and figures["failed"] == []
    assert figures["places_gold"] == 5 and figures["events_gold"] == 3
    for key in ("places_recall", "places_precision", "events_recall", "events_precision", "killed_exact"):
        assert 0 <= figures[key] <= 1
    assert figures["docs_per_s"] > 0


def test_missing_paths_are_one_line_skips(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    missing = tmp_path / "nowhere"
    assert ev.main(["--sets", "articles,lgl", "--eval", str(missing)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"skipped articles: {missing / 'articles'} does not exist" in out
    assert f"skipped lgl: {missing / 'geoparse' / 'lgl.jsonl'} does not exist" in out
    assert out[-1] == "nothing was evaluated"


def test_a_failing_document_is_reported_and_the_rest_go_on():
    class FailsOnSecond:
        def parse_text(self, text: str, source: str):
            if source == "b":
                raise ValueError("bad input")
            return []

    failed: list[tuple[str, str]] = []
    predicted = ev.geoparse_documents(FailsOnSecond(), [("a", "x"), ("b", "y"), ("c", "z")], failed)
    assert predicted == {"a": [], "b": [], "c": []}
    assert failed[0][0] == "b" and failed[0][1].startswith("ValueError: bad input")


def test_on_the_shared_eval_set(capsys: pytest.CaptureFixture[str]):
    if not (SHARED_EVAL / "geoparse" / "trnews.jsonl").is_file():
        pytest.skip(f"{SHARED_EVAL} is not beside this checkout (the eval sets are never copied in)")
    assert ev.main(["--sets", "trnews", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["sets"]["trnews"]
    assert figures["docs"] == 118
    assert 0 < figures["F1"] <= 1 and 0 < figures["acc161"] <= 1
