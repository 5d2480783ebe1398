#!/usr/bin/env python3
"""Evaluate territory on every development set at once: one table of figures and speed.

Sets (each read at run time from its own path; nothing of them lives in this repository):

* ``articles``: real war articles with hand-made gold (``X.txt`` + ``X.gold.json`` + ``manifest.csv``).
  Places are geoparsed per article; events come from :func:`geo.runner`, the pipeline of ``territory run``.
* ``lgl``, ``trnews``, ``geovirus``: end-to-end geoparsing sets, JSON lines with gold toponym spans.
* ``ucdp``: UCDP GED rows; a headline counts when a resolved place lies within 25 km of the coded point.
* ``ucdp_events``: the same headlines (every row whose point still names a governorate) run as one-line
  articles published on their report's date through the whole pipeline: the share with an event, with
  an event in the coded point's governorate (polygons from ``--admin1``), and with an event whose window
  touches the week before the report: what a governorate- and date-labelled corpus of war reports asks.
* ``--gold DIR``: a folder of your own in the articles format, scored like ``articles``.

Scoring rules
-------------
Places: a required (not ``optional``) gold place is found when a predicted toponym of the same folded
surface form lies within the place's ``tol_km``; precision is over distinct predicted surface forms, a
form being false when it neither equals, contains nor is contained in a gold form of that article.
Events: a gold event is matched by a prediction from the same article, of the same category, within
``tol_km``, whose dates overlap the gold window; ``stretch`` gold events are not required but absorb the
predictions they match; ``killed`` must equal the gold figure where there is one.
Geoparse: detection by overlapping spans (P/R/F1), then over matched pairs the share within 161 km,
the median error and the AUC of log error; gold toponyms typed as out of scope (demonyms, names inside
organisations) are neither credit nor blame.

The gazetteer is the one of ``$TERRITORY_HOME``: score ``articles``, ``ucdp`` and your own gold with the
GeoNames dumps added, the geoparse sets with the built-in gazetteer (two invocations).

Usage::

    TERRITORY_HOME=~/.territory-eval python scripts/evaluate.py --sets articles,ucdp
    python scripts/evaluate.py --sets lgl,trnews,geovirus --errors --examples 5
    python scripts/evaluate.py --gold my_gold/ --json
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import os
import statistics
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = CHECKOUT.parent / "shared" / "eval"
ARTICLE_SETS = ("articles",)
GEOPARSE_SETS = ("lgl", "trnews", "geovirus")
UCDP_SETS = ("ucdp",)
#: the UCDP headlines run as one-line articles: an event in the coded governorate, in the week of the report
UCDP_EVENT_SETS = ("ucdp_events",)
ALL_SETS = ARTICLE_SETS + GEOPARSE_SETS + UCDP_SETS + UCDP_EVENT_SETS
#: governorate polygons the ``ucdp_events`` set compares points by (``--admin1``; read at run time)
DEFAULT_ADMIN1 = Path("data") / "boundaries" / "wof_admin1_regions_iq_sy_jo_lb_tr.geojson.gz"
#: UCDP ``where_prec`` values that still name the governorate (1 a place ... 4 the governorate)
UCDP_GOVERNORATE_PRECISION = ("1", "2", "3", "4")
#: "dated within the week before publication"
REPORT_WEEK_DAYS = 7
UCDP_FILE = "ucdp_ged_syria_2018_2019_dev.csv"

EARTH_RADIUS_KM = 6371.0
#: the distance "a toponym resolved right" means in the geoparsing literature (100 miles)
ACCURACY_KM = 161.0
#: half the Earth's circumference: the largest possible error, the scale of the AUC
MAX_ERROR_KM = 20039.0
UCDP_RADIUS_KM = 25.0
#: UCDP ``where_prec`` values of town-level coordinates: the only rows a headline can place
UCDP_TOWN_PRECISION = ("1", "2")
#: GeoWebNews-style toponym types that are scored; a gold toponym without a type is scored
SCORED_TYPES = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion", "Metonymic", None})

Prediction = dict[str, Any]


# ---------------------------------------------------------------------------------------------- basics


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dlat = math.radians(lat2 - lat1) / 2
    half_dlon = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dlat) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlon) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, h))))


def fold_surface(text: str) -> str:
    """Case, accents and punctuation folded away: ``"Tal-Abyad"`` and ``"tal abyad"`` meet."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in decomposed
                      if not unicodedata.combining(ch))
    return " ".join(letters.lower().split())


def share(part: float, whole: float) -> float:
    """``part / whole``, 0 for an empty whole, rounded as every figure is."""
    return round(part / max(1, whole), 3)


def is_located(prediction: Prediction) -> bool:
    return prediction.get("lat") is not None and prediction.get("lon") is not None


def distance_to(prediction: Prediction, lat: float, lon: float) -> float:
    return great_circle_km(lat, lon, prediction["lat"], prediction["lon"])


def km_bucket(distance: float, edges: Iterable[float]) -> str:
    """``"25-50 km"``-style label of the bucket ``distance`` falls in."""
    lower = None
    for edge in edges:
        if distance <= edge:
            return f"{lower:g}-{edge:g} km" if lower is not None else f"<= {edge:g} km"
        lower = edge
    return f"> {lower:g} km"


@dataclass
class ErrorLog:
    """Every miss of a set, grouped as ``group -> cause -> examples``."""

    groups: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def add(self, group: str, cause: str, example: str) -> None:
        self.groups[group][cause].append(example)

    def as_json(self, examples: int) -> dict[str, dict[str, dict[str, Any]]]:
        return {group: {cause: {"count": len(items), "examples": items[:examples]}
                        for cause, items in sorted(causes.items(), key=lambda kv: -len(kv[1]))}
                for group, causes in self.groups.items()}


@dataclass
class SetResult:
    """The figures of one set, how long they took and what could not be scored."""

    name: str
    kind: str
    docs: int = 0
    figures: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    failed_docs: list[tuple[str, str]] = field(default_factory=list)
    errors: ErrorLog = field(default_factory=ErrorLog)

    @property
    def docs_per_second(self) -> float | None:
        return round(self.docs / self.seconds, 1) if self.seconds > 0 else None


class Stopwatch:
    """Accumulates the seconds spent inside ``with`` blocks."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self) -> Stopwatch:
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds += time.perf_counter() - self._started


# ---------------------------------------------------------------------------------------------- predicting


def geoparse_documents(parser: Any, documents: Iterable[tuple[str, str]],
                       failed: list[tuple[str, str]]) -> dict[str, list[Prediction]]:
    """Toponyms (as ``territory geoparse`` prints them) of each ``(id, text)``; a document whose
    parse raises is recorded in ``failed`` with the reason and gets no toponyms. The documents
    are one collection, as one run of ``territory geoparse`` reads them (geo.geoparse.corpus)."""
    from geo.geoparse.corpus import CorpusContext

    parser.corpus = CorpusContext()
    predicted: dict[str, list[Prediction]] = {}
    for doc_id, text in documents:
        try:
            predicted[doc_id] = [toponym.to_json() for toponym in parser.parse_text(text, doc_id)]
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the set
            failed.append((doc_id, describe_exception(exc)))
            predicted[doc_id] = []
    return predicted


def describe_exception(exc: BaseException) -> str:
    """``"IndexError: list index out of range (at geoparse/x.py:12)"``: the innermost frame of the
    package or of this script."""
    ours = ("/geo/", "/scripts/")
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if any(part in f.filename.replace(os.sep, "/") for part in ours)]
    where = ""
    if frames:
        inner = frames[-1]
        where = f" (at {Path(inner.filename).parent.name}/{Path(inner.filename).name}:{inner.lineno})"
    return f"{type(exc).__name__}: {exc}{where}"


def pipeline_events(folder: Path, failed: list[tuple[str, str]]) -> list[Prediction]:
    """Events of ``territory run`` on ``folder`` (its manifest when there is one), read back from
    ``events.geojson`` with ``lat``/``lon`` taken from the geometry. Files the run skipped go to ``failed``."""
    import geo

    manifest = folder / "manifest.csv"
    with tempfile.TemporaryDirectory(prefix="territory-eval-") as tmp:
        out_dir = Path(tmp) / "run"
        summary = geo.run([folder], out_dir, manifest if manifest.is_file() else None, progress=False, cache=False)
        failed.extend((Path(item.path).name, item.problem) for item in summary.skipped)
        collection = json.loads((out_dir / "events.geojson").read_text(encoding="utf-8"))
    events = []
    for feature in collection.get("features", []):
        lon, lat = ((feature.get("geometry") or {}).get("coordinates") or [None, None])[:2]
        events.append({**feature.get("properties", {}), "lat": lat, "lon": lon})
    return events


# ---------------------------------------------------------------------------------------------- places


def score_places(predicted: dict[str, list[Prediction]], gold: dict[str, dict], log: ErrorLog) -> dict[str, Any]:
    """Places recall/precision of articles (module docstring) and person names taken for places."""
    required = found = forms_total = forms_false = person_names = 0
    for article, annotation in gold.items():
        by_form: dict[str, list[Prediction]] = defaultdict(list)
        for toponym in predicted.get(article, []):
            by_form[fold_surface(toponym.get("text", ""))].append(toponym)
        for place in annotation["toponyms"]:
            if place.get("optional"):
                continue
            required += 1
            if place_found(place, by_form.get(fold_surface(place["text"]), [])):
                found += 1
            else:
                explain_missed_place(article, place, by_form, log)
        gold_forms = {fold_surface(place["text"]) for place in annotation["toponyms"]}
        for form, toponyms in by_form.items():
            forms_total += 1
            if not any(form == g or form in g or g in form for g in gold_forms):
                forms_false += 1
                log.add("places false", "not a gold place", f"{article}: {toponyms[0].get('text')!r} -> "
                        f"{toponyms[0].get('name')} ({len(toponyms)}x)")
        for person in annotation.get("negatives", []):
            if any(fold_surface(person) in form.split() for form in by_form):
                person_names += 1
                log.add("places false", "a person's name taken for a place", f"{article}: {person!r}")
    return {"places_recall": share(found, required),
            "places_precision": round(1 - forms_false / max(1, forms_total), 3),
            "places_gold": required, "person_names_as_places": person_names}


def place_found(place: dict, same_form: list[Prediction]) -> bool:
    return any(is_located(t) and distance_to(t, place["lat"], place["lon"]) <= place["tol_km"] for t in same_form)


def explain_missed_place(article: str, place: dict, by_form: dict[str, list[Prediction]], log: ErrorLog) -> None:
    form = fold_surface(place["text"])
    same_form = by_form.get(form, [])
    located = [t for t in same_form if is_located(t)]
    if located:
        nearest = min(located, key=lambda t: distance_to(t, place["lat"], place["lon"]))
        off = distance_to(nearest, place["lat"], place["lon"])
        log.add("places missed", "resolved too far", f"{article}: {place['text']!r} -> {nearest.get('name')} "
                f"{nearest.get('country_code')}, {off:.0f} km off (tolerance {place['tol_km']} km)")
    elif same_form:
        log.add("places missed", "found but not resolved", f"{article}: {place['text']!r}")
    else:
        overlapping = sorted(f for f in by_form if f and (f in form or form in f))
        if overlapping:
            log.add("places missed", "only a longer or shorter name found",
                    f"{article}: {place['text']!r}, found {', '.join(map(repr, overlapping))}")
        else:
            log.add("places missed", "no toponym with that surface",
                    f"{article}: {place['text']!r} ({place.get('kind')})")


# ---------------------------------------------------------------------------------------------- events


def event_dates(prediction: Prediction) -> tuple[str, str]:
    """The prediction's ``(start, end)`` as ISO days; ``end`` defaults to ``start``."""
    start = str(prediction.get("date_start") or "")[:10]
    end = str(prediction.get("date_end") or start)[:10]
    return start, end


def dates_overlap(prediction: Prediction, event: dict) -> bool:
    start, end = event_dates(prediction)
    return bool(start) and start <= event["date_max"] and end >= event["date_min"]


def within_tolerance(prediction: Prediction, event: dict) -> bool:
    return distance_to(prediction, event["lat"], event["lon"]) <= event["tol_km"]


def event_source(prediction: Prediction) -> str:
    return Path(str(prediction.get("source", ""))).name


def candidates_for(event: dict, article: str, predictions: list[Prediction]) -> list[int]:
    """Indices of the located predictions of the same article and category as ``event``."""
    return [i for i, p in enumerate(predictions)
            if event_source(p) == article and p.get("category") == event["category"] and is_located(p)]


def match_event(event: dict, candidates: list[int], predictions: list[Prediction], taken: set[int]) -> int | None:
    """The first untaken prediction matching ``event``; failing that the last taken one that does."""
    chosen = None
    for i in candidates:
        if within_tolerance(predictions[i], event) and dates_overlap(predictions[i], event):
            chosen = i
            if i not in taken:
                break
    return chosen


def score_events(predictions: list[Prediction], gold: dict[str, dict], log: ErrorLog) -> dict[str, Any]:
    """Events recall/precision overall and per category, and exact ``killed`` (module docstring)."""
    taken: set[int] = set()
    required: Counter[str] = Counter()
    matched: Counter[str] = Counter()
    killed_scored = killed_right = 0
    for article, annotation in gold.items():
        for event in annotation["events"]:
            stretch = bool(event.get("stretch"))
            candidates = candidates_for(event, article, predictions)
            chosen = match_event(event, candidates, predictions, taken)
            if not stretch:
                required[event["category"]] += 1
            if chosen is None:
                if not stretch:
                    explain_missed_event(article, event, [predictions[i] for i in candidates], log)
                continue
            taken.add(chosen)
            if stretch:
                continue
            matched[event["category"]] += 1
            if event.get("killed") is not None:
                killed_scored += 1
                got = predictions[chosen].get("killed")
                killed_right += got == event["killed"]
                if got != event["killed"]:
                    log.add(f"events missed: {event['category']}", "killed differs",
                            f"{article}: {event['place']}: got {got}, gold {event['killed']}")
    for i, prediction in enumerate(predictions):
        if i not in taken:
            explain_false_event(prediction, gold, log)
    return event_figures(predictions, taken, required, matched, killed_scored, killed_right)


def event_figures(predictions: list[Prediction], taken: set[int], required: Counter[str], matched: Counter[str],
                  killed_scored: int, killed_right: int) -> dict[str, Any]:
    predicted_by_category = Counter(p.get("category") for p in predictions)
    taken_by_category = Counter(predictions[i].get("category") for i in taken)
    figures: dict[str, Any] = {
        "events_recall": share(sum(matched.values()), sum(required.values())),
        "events_precision": share(len(taken), len(predictions)),
        "events_gold": sum(required.values()), "events_predicted": len(predictions),
        "killed_exact": share(killed_right, killed_scored), "killed_gold": killed_scored,
    }
    for category in sorted(set(required) | set(predicted_by_category), key=str):
        figures[f"{category}_recall"] = share(matched[category], required[category])
        figures[f"{category}_precision"] = share(taken_by_category[category], predicted_by_category[category])
    return figures


def explain_missed_event(article: str, event: dict, candidates: list[Prediction], log: ErrorLog) -> None:
    group = f"events missed: {event['category']}"
    what = f"{article}: {event['place']} {event['date_min']}..{event['date_max']}: {event.get('evidence', '')[:90]!r}"
    if not candidates:
        log.add(group, "no prediction of that category in the article", what)
        return
    nearest = min(candidates, key=lambda p: distance_to(p, event["lat"], event["lon"]))
    in_place = [p for p in candidates if within_tolerance(p, event)]
    if in_place:
        dates = ", ".join("{}..{}".format(*event_dates(p)) for p in in_place[:3])
        log.add(group, "wrong date", f"{what} -> predicted {dates}")
        return
    in_time = [p for p in candidates if dates_overlap(p, event)]
    if in_time:
        closest = min(in_time, key=lambda p: distance_to(p, event["lat"], event["lon"]))
        log.add(group, "wrong place", f"{what} -> {closest.get('place')}, "
                f"{distance_to(closest, event['lat'], event['lon']):.0f} km off (tolerance {event['tol_km']} km)")
        return
    log.add(group, "wrong place and date", f"{what} -> nearest {nearest.get('place')} "
            f"{distance_to(nearest, event['lat'], event['lon']):.0f} km off, {'..'.join(event_dates(nearest))}")


def explain_false_event(prediction: Prediction, gold: dict[str, dict], log: ErrorLog) -> None:
    article = event_source(prediction)
    category = prediction.get("category")
    group = f"events false: {category}"
    what = (f"{article}: {prediction.get('place')} {'..'.join(event_dates(prediction))}: "
            f"{str(prediction.get('evidence', ''))[:90]!r}")
    if article not in gold:
        log.add(group, "article has no gold", what)
        return
    same_category = [e for e in gold[article]["events"] if e["category"] == category]
    if not same_category:
        log.add(group, "no gold event of that category in the article", what)
    elif not is_located(prediction):
        log.add(group, "not located", what)
    elif any(within_tolerance(prediction, e) and dates_overlap(prediction, e) for e in same_category):
        log.add(group, "another report of an event already matched", what)
    else:
        log.add(group, "no gold event of that category at that place and date", what)


def evaluate_articles(name: str, folder: Path, parser: Any) -> SetResult:
    """Places and events of a gold folder in the articles format."""
    result = SetResult(name, "articles")
    gold = load_article_gold(folder)
    result.docs = len(gold)
    clock = Stopwatch()
    with clock:
        texts = list(read_article_texts(folder, gold, result.failed_docs))
        predicted = geoparse_documents(parser, texts, result.failed_docs)
        events = pipeline_events(folder, result.failed_docs)
    result.seconds = clock.seconds
    result.figures = {**score_places(predicted, gold, result.errors), **score_events(events, gold, result.errors)}
    return result


def load_article_gold(folder: Path) -> dict[str, dict]:
    """``article file name -> gold`` of every ``*.gold.json`` in ``folder``, in file-name order."""
    gold: dict[str, dict] = {}
    for path in sorted(folder.glob("*.gold.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        gold[annotation["article"]] = annotation
    return gold


def read_article_texts(folder: Path, gold: dict[str, dict], failed: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    for article in gold:
        try:
            yield article, (folder / article).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            failed.append((article, f"cannot read the article: {exc}"))


# ---------------------------------------------------------------------------------------------- geoparse sets


def spans_overlap(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and a["end"] > b["start"]


def score_geoparse(predicted: dict[str, list[Prediction]], documents: list[dict], log: ErrorLog) -> dict[str, Any]:
    """P/R/F1 by overlapping spans, then acc@161, median km and AUC over the matched pairs."""
    true_pos = false_pos = false_neg = 0
    errors_km: list[float] = []
    for doc in documents:
        doc_id = str(doc["id"])
        scored = [t for t in doc["toponyms"] if t.get("type") in SCORED_TYPES]
        unscored = [t for t in doc["toponyms"] if t.get("type") not in SCORED_TYPES]
        located = [p for p in predicted.get(doc_id, []) if is_located(p)]
        taken: set[int] = set()
        for gold in scored:
            hit = next((i for i, p in enumerate(located) if i not in taken and spans_overlap(p, gold)), None)
            if hit is None:
                false_neg += 1
                log.add("geoparse", "missed span", f"{doc_id}: {gold.get('name')!r} at {gold['start']}")
                continue
            taken.add(hit)
            true_pos += 1
            off = distance_to(located[hit], gold["lat"], gold["lon"])
            errors_km.append(off)
            if off > ACCURACY_KM:
                log.add("geoparse", f"resolved too far: {km_bucket(off, (ACCURACY_KM, 500, 2000))}",
                        f"{doc_id}: {gold.get('name')!r} -> {located[hit].get('name')} "
                        f"{located[hit].get('country_code')}, {off:.0f} km off")
        for i, prediction in enumerate(located):
            if i not in taken and not any(spans_overlap(prediction, t) for t in unscored):
                false_pos += 1
                log.add("geoparse", "false span", f"{doc_id}: {prediction.get('text')!r} -> {prediction.get('name')}")
    return geoparse_figures(true_pos, false_pos, false_neg, errors_km)


def geoparse_figures(true_pos: int, false_pos: int, false_neg: int, errors_km: list[float]) -> dict[str, Any]:
    precision = true_pos / max(1, true_pos + false_pos)
    recall = true_pos / max(1, true_pos + false_neg)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {
        "P": round(precision, 3), "R": round(recall, 3), "F1": round(f1, 3),
        "acc161": share(sum(e <= ACCURACY_KM for e in errors_km), len(errors_km)),
        "AUC": round(sum(math.log1p(e) for e in errors_km) / max(1, len(errors_km)) / math.log(MAX_ERROR_KM), 3),
        "median_km": round(statistics.median(errors_km), 1) if errors_km else None,
    }


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def evaluate_geoparse(name: str, path: Path, parser: Any) -> SetResult:
    result = SetResult(name, "geoparse")
    documents = load_jsonl(path)
    result.docs = len(documents)
    clock = Stopwatch()
    with clock:
        predicted = geoparse_documents(parser, ((str(d["id"]), d["text"]) for d in documents), result.failed_docs)
    result.seconds = clock.seconds
    result.figures = score_geoparse(predicted, documents, result.errors)
    return result


# ---------------------------------------------------------------------------------------------- UCDP


def load_ucdp_rows(path: Path) -> list[dict[str, str]]:
    """Rows with town-level coordinates and a headline: the ones a headline can place."""
    with path.open(encoding="utf-8", newline="") as table:
        return [row for row in csv.DictReader(table)
                if row["where_prec"] in UCDP_TOWN_PRECISION and row["source_headline"].strip()]


def score_ucdp(predicted: dict[str, list[Prediction]], rows: list[dict[str, str]], log: ErrorLog) -> dict[str, Any]:
    placed = 0
    for row in rows:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        located = [t for t in predicted.get(row["id"], []) if is_located(t)]
        distances = [distance_to(t, lat, lon) for t in located]
        if any(d <= UCDP_RADIUS_KM for d in distances):
            placed += 1
            continue
        if distances:
            cause = f"nearest resolved place {km_bucket(min(distances), (UCDP_RADIUS_KM, 50, 100, 250))}"
        else:
            cause = "no place resolved"
        names = ", ".join(f"{t.get('text')}->{t.get('name')}" for t in located[:3])
        log.add("ucdp", cause, f"{row['id']}: {row['where_coordinates']!r}: {row['source_headline'][:100]!r} [{names}]")
    return {"within_25km": share(placed, len(rows))}


def evaluate_ucdp(name: str, path: Path, parser: Any) -> SetResult:
    result = SetResult(name, "ucdp")
    rows = load_ucdp_rows(path)
    result.docs = len(rows)
    clock = Stopwatch()
    with clock:
        predicted = geoparse_documents(parser, ((r["id"], r["source_headline"]) for r in rows), result.failed_docs)
    result.seconds = clock.seconds
    result.figures = score_ucdp(predicted, rows, result.errors)
    return result


def load_ucdp_governorate_rows(path: Path) -> list[dict[str, str]]:
    """Rows with a headline, a report date and a point that still names the governorate."""
    with path.open(encoding="utf-8", newline="") as table:
        return [row for row in csv.DictReader(table)
                if row["where_prec"] in UCDP_GOVERNORATE_PRECISION and row["source_headline"].strip()
                and row["latitude"] and row["longitude"] and row["source_date"][:10]]


class Governorates:
    """Which governorate polygon a point lies in (the polygons a user would add with ``territory
    boundaries add``)."""

    def __init__(self, path: Path) -> None:
        import geopandas as gpd
        import shapely

        source = f"/vsigzip/{path}" if path.suffix == ".gz" else str(path)
        frame = gpd.read_file(source)
        self._names = [str(n) for n in frame["name"]]
        self._tree = shapely.STRtree(frame.geometry.values)
        self._shapely = shapely

    def of(self, lat: float | None, lon: float | None) -> str | None:
        if lat is None or lon is None:
            return None
        hits = self._tree.query(self._shapely.Point(lon, lat), predicate="within")
        return self._names[int(min(hits))] if len(hits) else None


def evaluate_ucdp_events(name: str, path: Path, parser: Any, admin1: Path | None) -> SetResult:
    """The UCDP headlines as one-line articles published on their report's date, through the whole
    pipeline: the share with any event, with an event in the coded point's governorate, and with an
    event whose window touches the week before the report (what a governorate- and date-labelled
    corpus of war reports asks)."""
    result = SetResult(name, "ucdp_events")
    rows = load_ucdp_governorate_rows(path)
    result.docs = len(rows)
    governorates = Governorates(admin1 or path.parents[2] / DEFAULT_ADMIN1)  # (EVAL/ucdp/FILE -> EVAL/../data)
    with tempfile.TemporaryDirectory(prefix="territory-eval-ucdp-") as tmp:
        folder = Path(tmp)
        with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as manifest:
            writer = csv.writer(manifest)
            writer.writerow(["file", "published"])
            for row in rows:
                (folder / f"{row['id']}.txt").write_text(row["source_headline"] + "\n", encoding="utf-8")
                writer.writerow([f"{row['id']}.txt", row["source_date"][:10]])
        clock = Stopwatch()
        with clock:
            events = pipeline_events(folder, result.failed_docs)
    result.seconds = clock.seconds
    by_source: dict[str, list[Prediction]] = defaultdict(list)
    for event in events:
        by_source[str(event.get("source"))].append(event)
    result.figures = score_ucdp_events(by_source, rows, governorates, result.errors)
    return result


def score_ucdp_events(by_source: dict[str, list[Prediction]], rows: list[dict[str, str]],
                      governorates: Governorates, log: ErrorLog) -> dict[str, Any]:
    with_event = in_governorate = in_week = 0
    for row in rows:
        events = by_source.get(f"{row['id']}.txt", [])
        gold = governorates.of(float(row["latitude"]), float(row["longitude"]))
        found = [governorates.of(e.get("lat"), e.get("lon")) for e in events]
        published = datetime.date.fromisoformat(row["source_date"][:10])
        week_start = (published - datetime.timedelta(days=REPORT_WEEK_DAYS)).isoformat()
        with_event += bool(events)
        in_week += any(e.get("date_start") and str(e["date_start"])[:10] <= published.isoformat()
                       and str(e.get("date_end") or e["date_start"])[:10] >= week_start for e in events)
        if gold is not None and gold in found:
            in_governorate += 1
            continue
        cause = "no event" if not events else "events only in another governorate"
        what = ", ".join(f"{e.get('category')}@{e.get('place')}({g})" for e, g in zip(events[:3], found))
        log.add("ucdp_events", cause, f"{row['id']} [{gold}]: {row['source_headline'][:100]!r} {what}")
    return {"with_event": share(with_event, len(rows)), "event_in_governorate": share(in_governorate, len(rows)),
            "event_in_week": share(in_week, len(rows))}


# ---------------------------------------------------------------------------------------------- output

#: table columns: (heading, figure key) per kind of set
COLUMNS = {
    "articles": [("places P", "places_precision"), ("places R", "places_recall"), ("events P", "events_precision"),
                 ("events R", "events_recall"), ("control_change R", "control_change_recall"),
                 ("control_state R", "control_state_recall"), ("attack R", "attack_recall"),
                 ("claim R", "claim_recall"), ("killed exact", "killed_exact")],
    "geoparse": [("P", "P"), ("R", "R"), ("F1", "F1"), ("acc@161", "acc161"), ("median km", "median_km")],
    "ucdp": [("within 25 km", "within_25km")],
    "ucdp_events": [("with event", "with_event"), ("event in gov.", "event_in_governorate"),
                    ("event in week", "event_in_week")],
}


def format_cell(value: Any, decimals: int = 3) -> str:
    if value is None:
        return "-"
    return f"{value:.{decimals}f}" if isinstance(value, float) else str(value)


def format_table(results: list[SetResult]) -> str:
    headings = ["set", "docs"]
    for kind in dict.fromkeys(r.kind for r in results):
        headings += [h for h, _ in COLUMNS[kind] if h not in headings]
    headings += ["failed", "seconds", "docs/s"]
    rows = [headings]
    for result in results:
        cells = dict.fromkeys(headings, "")
        cells.update({"set": result.name, "docs": str(result.docs), "failed": str(len(result.failed_docs)),
                      "seconds": f"{result.seconds:.1f}", "docs/s": format_cell(result.docs_per_second, 1)})
        cells.update({h: format_cell(result.figures.get(key), 1 if key.endswith("_km") else 3)
                      for h, key in COLUMNS[result.kind]})
        rows.append([cells[h] for h in headings])
    widths = [max(len(row[i]) for row in rows) for i in range(len(headings))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_failures(results: list[SetResult]) -> list[str]:
    return [f"{r.name}: document {doc_id} failed and was scored as finding nothing: {reason}"
            for r in results for doc_id, reason in r.failed_docs]


def format_errors(result: SetResult, examples: int) -> str:
    lines = [f"== {result.name}"]
    for group, causes in result.errors.as_json(examples).items():
        total = sum(c["count"] for c in causes.values())
        lines.append(f"-- {group}: {total}")
        for cause, detail in causes.items():
            lines.append(f"   {detail['count']:5d}  {cause}")
            lines += [f"            {example}" for example in detail["examples"]]
    return "\n".join(lines)


def result_json(result: SetResult, errors: bool, examples: int) -> dict[str, Any]:
    out = {"kind": result.kind, "docs": result.docs, **result.figures, "seconds": round(result.seconds, 2),
           "docs_per_s": result.docs_per_second,
           "failed": [{"id": doc_id, "reason": reason} for doc_id, reason in result.failed_docs]}
    if errors:
        out["errors"] = result.errors.as_json(examples)
    return out


# ---------------------------------------------------------------------------------------------- command line


@dataclass(frozen=True)
class PlannedSet:
    name: str
    kind: str
    path: Path
    #: the governorate polygons of a ``ucdp_events`` set
    admin1: Path | None = None


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="Each set's path defaults to its place under --eval; a set whose path "
                                        "does not exist is skipped with a message.")
    ap.add_argument("--sets", metavar="A,B",
                    help=f"comma-separated sets to run (default: all of {','.join(ALL_SETS)}, "
                         "or none of them when --gold is given)")
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL_DIR, metavar="DIR",
                    help="folder holding articles/, geoparse/*.jsonl and ucdp/ (default: ../shared/eval)")
    ap.add_argument("--articles", type=Path, metavar="DIR", help="articles folder (default: EVAL/articles)")
    for name in GEOPARSE_SETS:
        ap.add_argument(f"--{name}", type=Path, metavar="FILE",
                        help=f"JSON lines (default: EVAL/geoparse/{name}.jsonl)")
    ap.add_argument("--ucdp", type=Path, metavar="FILE", help=f"UCDP GED CSV (default: EVAL/ucdp/{UCDP_FILE})")
    ap.add_argument("--ucdp-events", type=Path, metavar="FILE",
                    help="UCDP GED CSV of the ucdp_events set (default: as --ucdp)")
    ap.add_argument("--admin1", type=Path, metavar="FILE",
                    help=f"governorate polygons (GeoJSON, .gz allowed) for ucdp_events "
                         f"(default: EVAL/../{DEFAULT_ADMIN1})")
    ap.add_argument("--gold", type=Path, action="append", default=[], metavar="DIR",
                    help="your own gold folder in the articles format (repeatable)")
    ap.add_argument("--errors", action="store_true", help="every miss grouped by cause, with examples")
    ap.add_argument("--examples", type=int, default=5, metavar="N", help="examples per cause with --errors (default 5)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    return ap


def planned_sets(args: argparse.Namespace) -> tuple[list[PlannedSet], list[str]]:
    """The sets to run, and a message for each one asked for that cannot be."""
    if args.sets is None:
        chosen = [] if args.gold else list(ALL_SETS)
    else:
        chosen = [s.strip() for s in args.sets.split(",") if s.strip()]
    notes = [f"unknown set {s!r} (known: {', '.join(ALL_SETS)})" for s in chosen if s not in ALL_SETS]
    defaults = {"articles": args.eval / "articles", "ucdp": args.eval / "ucdp" / UCDP_FILE,
                "ucdp_events": args.ucdp or args.eval / "ucdp" / UCDP_FILE,
                **{name: args.eval / "geoparse" / f"{name}.jsonl" for name in GEOPARSE_SETS}}
    plan = []
    for name in ALL_SETS:
        if name not in chosen:
            continue
        path = getattr(args, name) or defaults[name]
        kind = ("articles" if name in ARTICLE_SETS else "geoparse" if name in GEOPARSE_SETS
                else "ucdp_events" if name in UCDP_EVENT_SETS else "ucdp")
        plan.append(PlannedSet(name, kind, path, (args.admin1 or args.eval.parent / DEFAULT_ADMIN1)
                               if kind == "ucdp_events" else None))
    plan += [PlannedSet(f"gold:{folder.name or folder}", "articles", folder) for folder in args.gold]
    runnable = []
    for planned in plan:
        problem = path_problem(planned)
        if problem:
            notes.append(f"skipped {planned.name}: {problem}")
        else:
            runnable.append(planned)
    return runnable, notes


def path_problem(planned: PlannedSet) -> str | None:
    path = planned.path
    if not path.exists():
        return f"{path} does not exist"
    if planned.kind == "articles":
        if not path.is_dir():
            return f"{path} is not a folder"
        if not any(path.glob("*.gold.json")):
            return f"{path} holds no *.gold.json"
    elif not path.is_file():
        return f"{path} is not a file"
    if planned.admin1 is not None and not planned.admin1.is_file():
        return f"no governorate polygons at {planned.admin1} (--admin1)"
    return None


EVALUATORS: dict[str, Callable[[str, Path, Any], SetResult]] = {
    "articles": evaluate_articles, "geoparse": evaluate_geoparse, "ucdp": evaluate_ucdp,
}


def evaluate_all(plan: list[PlannedSet], notes: list[str]) -> list[SetResult]:
    """Run every planned set; a set that cannot be read or run is noted and the others go on."""
    import geo

    parser = geo.Geoparser()
    parser.gazetteer  # noqa: B018 - open (or build) the index before any clock starts
    results = []
    for planned in plan:
        try:
            if planned.kind == "ucdp_events":
                results.append(evaluate_ucdp_events(planned.name, planned.path, parser, planned.admin1))
            else:
                results.append(EVALUATORS[planned.kind](planned.name, planned.path, parser))
        except (geo.TerritoryError, OSError, ValueError, KeyError) as exc:
            notes.append(f"skipped {planned.name}: {describe_exception(exc)}")
    return results


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    plan, notes = planned_sets(args)
    results = evaluate_all(plan, notes) if plan else []
    home = os.environ.get("TERRITORY_HOME") or "(default)"
    if args.json:
        print(json.dumps({"territory_home": home, "sets": {r.name: result_json(r, args.errors, args.examples)
                                                            for r in results}, "notes": notes}))
        return 0
    if args.errors:
        for result in results:
            print(format_errors(result, args.examples) + "\n")
    if results:
        print(f"gazetteer home: {home}")
        print(format_table(results))
    for line in format_failures(results) + notes:
        print(line)
    if not results:
        print("nothing was evaluated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
