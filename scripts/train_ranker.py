#!/usr/bin/env python3
"""Learn the weights of the resolver's evidence parts from annotated news; write ``ranker.json``.

The resolver (:mod:`geo.geoparse.resolve`) scores each candidate of a name as a sum of visible
parts (population, feature, gazetteer, name, focus, qualifier, region, proximity, list, stated,
type, ...). This script learns how much each part should count:

1. It geoparses the annotated sets (LGL, TR-News, GeoVirus: JSON lines with gold toponym spans and
   coordinates) and, for every recognised mention that overlaps a gold toponym and has two or
   more candidates of which at least one lies within 161 km of the gold point (the scorer's
   acc@161 tolerance), keeps the part vectors of the candidates and which of them are right.
   With ``--articles-home`` the war articles' gold places join in (a mention spelt as a required
   gold place; right within that place's ``tol_km``), geoparsed with that gazetteer home.
2. It fits a conditional logit: ``P(candidate) = softmax(SHARPNESS * sum(w[part] * value))`` over
   the candidates of a mention, maximising the probability of the right candidates, with an L2
   penalty pulling every weight towards 1.0 (the hand weights): no part is dropped or inverted
   without evidence. The sharpness is the resolver's confidence softmax, so the confidence it
   reports is the model's probability. A within-mention model has no intercept.
3. It reports, honestly, leave-one-set-out figures (fit on two sets, geoparse the third
   end to end with those weights) beside the in-sample figures, for the hand weights and the
   learned ones, and picks the penalty by the held-out figures.

``--write`` stores the weights fitted on all sets (or, when they do not beat the hand weights on
the held-out sets, the hand weights, every part 1.0, beside the learned ones for inspection), with
the sets, their sizes, the date and the figures, in ``geo/geoparse/data/ranker.json``: numbers and
part names only, nothing of the texts.

Usage::

    TERRITORY_HOME=~/.territory-builtin python scripts/train_ranker.py            # report only
    TERRITORY_HOME=~/.territory-builtin python scripts/train_ranker.py --write    # and ship
    python scripts/train_ranker.py --home BUILTIN_HOME --articles-home ~/.territory-eval

Use a built-in gazetteer home (the geoparse sets are scored with the built-in gazetteer).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT / "scripts"))

import evaluate  # the scorer's own rules (scripts/ is put on the path above)

from geo.geoparse.context import annotate
from geo.geoparse.recognize import recognize
from geo.geoparse.resolve import CONFIDENCE_SHARPNESS, RANKER_FILE, resolve, use_part_weights

NEWS_SETS = ("lgl", "trnews", "geovirus")
RANKER_PATH = CHECKOUT / "geo" / "geoparse" / "data" / RANKER_FILE
#: L2 penalties tried (per mention: the penalty is scaled by the number of training mentions)
PENALTIES = (0.003, 0.01, 0.03, 0.1)
#: the figures a fit is judged on, per kind of set
NEWS_FIGURES = ("F1", "acc161")
ARTICLE_FIGURES = ("places_recall", "places_precision")


@dataclass
class Choice:
    """One gold mention the resolver ranked: its candidates' parts and which are right."""

    set_name: str
    parts: list[dict[str, float]]
    right: list[bool]


# ---------------------------------------------------------------------------------------------- data


@dataclass
class TrainingSet:
    """An annotated set, the geoparser to run over it (its gazetteer) and how it is scored."""

    name: str
    parser: Any
    #: news: the JSON lines of the set; articles: {"id", "text", "gold"} per article
    documents: list[dict]
    kind: str  # "news" (gold spans, acc@161) or "articles" (gold places by surface form, tol_km)

    def collect(self) -> list[Choice]:
        """The ranked gold mentions of the set (resolved with the weights in use)."""
        gz = self.parser.gazetteer
        choices = []
        for doc in self.documents:
            rec = recognize(doc["text"], gz)
            annotate(rec)
            # the parser's own candidate lookup (capitals, abbreviations, named regions)
            of_mention, _ = resolve(rec, gz, self.parser._candidates)
            truth_of = self._news_truth if self.kind == "news" else self._article_truth
            for n, m in enumerate(rec.mentions):
                group = of_mention.get(n)
                if group is None or len(group.ranked) < 2:
                    continue
                truth = truth_of(doc, m)
                if truth is None:
                    continue
                lat, lon, tolerance = truth
                right = [evaluate.great_circle_km(c.lat, c.lon, lat, lon) <= tolerance for _, _, c in group.ranked]
                if any(right) and not all(right):
                    choices.append(Choice(self.name, [dict(p) for _, p, _ in group.ranked], right))
        return choices

    @staticmethod
    def _news_truth(doc: dict, m: Any) -> tuple[float, float, float] | None:
        """The gold toponym the mention's span overlaps, within the acc@161 tolerance."""
        for t in doc["toponyms"]:
            if t.get("type") in evaluate.SCORED_TYPES and m.start < t["end"] and t["start"] < m.end:
                return t["lat"], t["lon"], evaluate.ACCURACY_KM
        return None

    @staticmethod
    def _article_truth(doc: dict, m: Any) -> tuple[float, float, float] | None:
        """The required gold place spelt as the mention is, within its own tolerance."""
        form = evaluate.fold_surface(m.text)
        for place in doc["gold"]["toponyms"]:
            if not place.get("optional") and evaluate.fold_surface(place["text"]) == form:
                return place["lat"], place["lon"], place["tol_km"]
        return None

    def figures(self, weights: dict[str, float] | None) -> dict[str, float]:
        """The set's end-to-end figures geoparsed with ``weights`` (None: every part 1.0)."""
        use_part_weights(weights or {})
        texts = ((str(d["id"]), d["text"]) for d in self.documents)
        predicted = evaluate.geoparse_documents(self.parser, texts, [])
        if self.kind == "news":
            figures = evaluate.score_geoparse(predicted, self.documents, evaluate.ErrorLog())
            return {k: figures[k] for k in NEWS_FIGURES}
        gold = {d["id"]: d["gold"] for d in self.documents}
        figures = evaluate.score_places(predicted, gold, evaluate.ErrorLog())
        return {k: figures[k] for k in ARTICLE_FIGURES}


def news_sets(eval_dir: Path, parser: Any) -> list[TrainingSet]:
    return [TrainingSet(name, parser, evaluate.load_jsonl(eval_dir / "geoparse" / f"{name}.jsonl"), "news")
            for name in NEWS_SETS]


def article_set(folder: Path, parser: Any) -> TrainingSet:
    gold = evaluate.load_article_gold(folder)
    documents = [{"id": article, "text": text, "gold": gold[article]}
                 for article, text in evaluate.read_article_texts(folder, gold, [])]
    return TrainingSet("articles", parser, documents, "articles")


def part_names(choices: list[Choice]) -> list[str]:
    return sorted({k for ch in choices for p in ch.parts for k in p})


def design(choices: list[Choice], names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidates' part matrix, each candidate's mention index, whether it is right."""
    col = {k: i for i, k in enumerate(names)}
    rows, owner, right = [], [], []
    for i, ch in enumerate(choices):
        for parts, ok in zip(ch.parts, ch.right):
            row = np.zeros(len(names))
            for k, v in parts.items():
                if k in col:
                    row[col[k]] = v
            rows.append(row)
            owner.append(i)
            right.append(ok)
    return np.array(rows), np.array(owner), np.array(right, dtype=bool)


# ---------------------------------------------------------------------------------------------- model


def _group_max(values: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, -np.inf)
    np.maximum.at(out, owner, values)
    return out


def loss_and_gradient(w: np.ndarray, x: np.ndarray, owner: np.ndarray, right: np.ndarray,
                      n: int, penalty: float) -> tuple[float, np.ndarray]:
    """Mean negative log-probability of the right candidates, plus the pull towards 1.0."""
    s = CONFIDENCE_SHARPNESS * (x @ w)
    s = s - _group_max(s, owner, n)[owner]
    e = np.exp(s)
    z_all = np.bincount(owner, e, n)
    z_right = np.bincount(owner, e * right, n)
    nll = float(np.mean(np.log(z_all) - np.log(z_right)))
    p_all = e / z_all[owner]
    p_right = np.where(right, e / np.maximum(z_right[owner], 1e-300), 0.0)
    grad = CONFIDENCE_SHARPNESS * ((p_all - p_right) @ x) / n
    loss = nll + penalty * float(np.sum((w - 1.0) ** 2))
    return loss, grad + 2 * penalty * (w - 1.0)


def fit(choices: list[Choice], names: list[str], penalty: float) -> dict[str, float]:
    """Weights per part name by gradient descent with backtracking (a dozen parameters)."""
    x, owner, right = design(choices, names)
    n = len(choices)
    w = np.ones(len(names))
    loss, grad = loss_and_gradient(w, x, owner, right, n, penalty)
    step = 1.0
    for _ in range(2000):
        while step > 1e-9:
            trial = w - step * grad
            trial_loss, trial_grad = loss_and_gradient(trial, x, owner, right, n, penalty)
            if trial_loss <= loss - 0.5 * step * float(grad @ grad):
                break
            step /= 2
        if loss - trial_loss < 1e-10:
            break
        w, loss, grad = trial, trial_loss, trial_grad
        step *= 2
    return {k: round(float(v), 3) for k, v in zip(names, w)}


def ranking_accuracy(choices: list[Choice], weights: dict[str, float]) -> float:
    """Share of the mentions whose top-scored candidate is a right one (ties: first listed)."""
    hits = 0
    for ch in choices:
        scores = [sum(weights.get(k, 1.0) * v for k, v in p.items()) for p in ch.parts]
        hits += ch.right[int(np.argmax(scores))]
    return round(hits / max(1, len(choices)), 3)


# ---------------------------------------------------------------------------------------------- evaluation


def mean_figure(table: dict[str, dict[str, float]]) -> float:
    """The mean of every set's end-to-end figures (the ranking accuracy is a diagnostic)."""
    return round(float(np.mean([v for f in table.values() for k, v in f.items() if k != "ranking"])), 4)


def judged(ts: TrainingSet, choices: list[Choice], weights: dict[str, float] | None) -> dict[str, float]:
    """End-to-end figures and ranking accuracy of one set under ``weights``."""
    mine = [ch for ch in choices if ch.set_name == ts.name]
    return {**ts.figures(weights), "ranking": ranking_accuracy(mine, weights or {})}


def held_out(sets: list[TrainingSet], choices: list[Choice], penalty: float) -> dict[str, Any]:
    """Leave one set out: fit on the others, geoparse the one left out with those weights."""
    out: dict[str, Any] = {}
    for test in sets:
        train = [ch for ch in choices if ch.set_name != test.name]
        out[test.name] = judged(test, choices, fit(train, part_names(train), penalty))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval", type=Path, default=evaluate.DEFAULT_EVAL_DIR, metavar="DIR",
                    help="folder holding geoparse/{lgl,trnews,geovirus}.jsonl (default: ../shared/eval)")
    ap.add_argument("--home", type=Path, metavar="DIR",
                    help="gazetteer home of the news sets, a built-in one (default: $TERRITORY_HOME)")
    ap.add_argument("--articles-home", type=Path, metavar="DIR",
                    help="also train on the war articles' gold places, with this gazetteer home "
                         "(the one with the GeoNames dumps)")
    ap.add_argument("--penalty", type=float, action="append", metavar="L",
                    help=f"L2 penalty towards 1.0 to try (repeatable; default {PENALTIES})")
    ap.add_argument("--write", action="store_true", help=f"write {RANKER_PATH.relative_to(CHECKOUT)}")
    args = ap.parse_args(argv)

    import geo

    sets = news_sets(args.eval, geo.Geoparser(geo.Gazetteer.open(args.home)))
    if args.articles_home:
        articles_parser = geo.Geoparser(geo.Gazetteer.open(args.articles_home))
        sets.append(article_set(args.eval / "articles", articles_parser))
    # the parts are collected under the hand weights: the model learns to reweight them
    use_part_weights({})
    choices = [ch for ts in sets for ch in ts.collect()]
    sizes = {ts.name: sum(ch.set_name == ts.name for ch in choices) for ts in sets}
    print("ranked gold mentions per set:", sizes, file=sys.stderr)

    hand = {ts.name: judged(ts, choices, None) for ts in sets}
    report: dict[str, Any] = {"hand": hand, "penalties": {}}
    print(f"hand weights: {json.dumps(hand)} mean {mean_figure(hand)}", file=sys.stderr)

    best_penalty, best_mean = None, -1.0
    for penalty in args.penalty or PENALTIES:
        loso = held_out(sets, choices, penalty)
        mean = mean_figure(loso)
        report["penalties"][str(penalty)] = {"held_out": loso, "mean": mean}
        print(f"penalty {penalty}: held out {json.dumps(loso)} mean {mean}", file=sys.stderr)
        if mean > best_mean:
            best_penalty, best_mean = penalty, mean
    assert best_penalty is not None

    names = part_names(choices)
    learned = fit(choices, names, best_penalty)
    in_sample = {ts.name: judged(ts, choices, learned) for ts in sets}
    use_part_weights(None)
    # a model that wins only in-sample is not shipped: the held-out mean must beat the hand weights'
    wins = best_mean > mean_figure(hand)
    ranker = {
        "weights": learned if wins else dict.fromkeys(names, 1.0),
        "intercept": None,
        "shipped": "learned weights" if wins else
                   "hand weights (every part 1.0): the learned ones did not beat them on the held-out sets",
        "learned_weights": learned,
        "model": "conditional logit over each mention's candidates, "
                 f"P = softmax({CONFIDENCE_SHARPNESS:g} * sum(weight * part)), L2 pull towards 1.0",
        "penalty": best_penalty,
        "trained": datetime.date.today().isoformat(),
        "training_sets": {ts.name: {"documents": len(ts.documents), "ranked_mentions": sizes[ts.name]}
                          for ts in sets},
        "figures": {"hand_weights": report["hand"], "learned_in_sample": in_sample,
                    "learned_leave_one_set_out": report["penalties"][str(best_penalty)]["held_out"],
                    "held_out_by_penalty": {p: r["mean"] for p, r in report["penalties"].items()},
                    "mean_of": {"news": list(NEWS_FIGURES), "articles": list(ARTICLE_FIGURES)}},
        "script": "scripts/train_ranker.py",
    }
    print(json.dumps(ranker, indent=1))
    if args.write:
        RANKER_PATH.write_text(json.dumps(ranker, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {RANKER_PATH}", file=sys.stderr)
    if not wins:
        print("the learned weights do not beat the hand weights held out: the hand weights are kept", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
