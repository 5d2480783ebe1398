"""The resolver's part weights: the shipped ranker file, its errors, and how weights rank.

The weights are learned by scripts/train_ranker.py; these tests hold the mechanism, not the
figures: the file loads, a broken one is named in a clear error, every part counts with its
weight (an unknown part with 1.0), and a small article with namesakes still resolves sensibly.
"""

from __future__ import annotations

import json
import math

import pytest
from _fake_gazetteer import C, FakeGazetteer

from geo.errors import MissingDataError
from geo.geoparse import resolve as resolve_module
from geo.geoparse.parser import Geoparser
from geo.geoparse.resolve import load_part_weights, part_weights, use_part_weights, weighted_score
from geo.settings import shipped_file

#: every part the resolver computes (the shipped file may weight only some of them)
RESOLVER_PARTS = {"population", "feature", "gazetteer", "name", "focus", "qualifier", "type",
                  "direction", "proximity", "stated", "list", "area", "region"}




ENTRIES = {
    "Iraq": [C(99237, "Iraq", 33.0, 44.0, "IQ", "PCLI", 38_433_600)],
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Kirkuk": [C(94787, "Kirkuk", 35.46806, 44.39222, "IQ", "PPLA", 601_433, "13")],
    # a larger namesake far away: only the sentence and the article say which is meant
    "Taza": [C(2548885, "Taza", 34.21, -4.01, "MA", "PPLA", 148_406),
             C(91880, "Taza", 35.30236, 44.32637, "IQ", "PPL", 15_000, "13")],
    "Palmyra": [C(5205849, "Palmyra", 40.0, -75.03, "US", "PPL", 7_000),
                C(170570, "Palmyra", 34.5624, 38.28402, "SY", "PPL", 51_323, "05")],
}
DEMONYMS = {"Iraqi": "IQ", "Syrian": "SY"}


@pytest.fixture
def gp():
    yield Geoparser(FakeGazetteer(ENTRIES, DEMONYMS))
    use_part_weights(None)  # back to the shipped weights for the other tests


def test_the_shipped_weights_load_and_name_parts_the_resolver_computes():
    weights = part_weights()
    assert set(weights) <= RESOLVER_PARTS
    assert all(isinstance(w, float) and math.isfinite(w) for w in weights.values())
    record = json.loads(shipped_file("geo.geoparse", "data", "ranker.json").read_text(encoding="utf-8"))
    assert record["script"] == "scripts/train_ranker.py" and "figures" in record


@pytest.mark.parametrize("content", [None, "{not json", '{"weights": [1, 2]}', '{"weights": {"name": "x"}}',
                                     '{"weights": {"name": NaN}}', '{"other": {}}'])
def test_a_missing_or_garbled_ranker_file_is_named_in_the_error(tmp_path, content):
    path = tmp_path / "ranker.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(MissingDataError, match=r"ranker\.json"):
        load_part_weights(path)


def test_a_missing_shipped_file_is_reported_when_first_needed(monkeypatch):
    monkeypatch.setattr(resolve_module, "RANKER_FILE", "no_such_ranker.json")
    use_part_weights(None)
    try:
        with pytest.raises(MissingDataError, match=r"no_such_ranker\.json"):
            part_weights()
    finally:
        monkeypatch.undo()
        use_part_weights(None)


def test_each_part_counts_with_its_weight_and_an_unknown_part_with_one():
    parts = {"population": 0.5, "focus": 0.4, "a_new_hand_part": 0.25}
    assert weighted_score(parts, {"population": 2.0, "focus": 0.5}) == pytest.approx(1.0 + 0.2 + 0.25)
    assert weighted_score(parts, {}) == pytest.approx(1.15)


def test_namesakes_resolve_sensibly_with_the_shipped_weights(gp):
    text = ("Iraqi forces shelled the northern Iraqi town of Taza, south of Kirkuk, on Sunday. "
            "In Syria, government troops pushed towards Palmyra after a week of fighting.")
    got = {t.text: t for t in gp.parse_text(text)}
    assert got["Taza"].country_code == "IQ"  # the sentence's qualifier beats a larger namesake
    assert got["Palmyra"].country_code == "SY"  # the article's focus and population agree
    # the score shown is the weighted sum of the parts shown
    weights = part_weights()
    best = got["Taza"].explain[0]
    assert best.score == pytest.approx(weighted_score(best.score_parts, weights), abs=1e-3)


def test_the_weights_in_use_decide_the_ranking(gp):
    text = "Iraqi forces shelled Taza, south of Kirkuk, on Sunday."
    use_part_weights({"qualifier": 0.0, "focus": 0.0, "proximity": 0.0, "division": 0.0})
    (taza,) = [t for t in gp.parse_text(text) if t.text == "Taza"]
    assert taza.country_code == "MA"  # without the article's evidence the larger namesake wins
    use_part_weights(None)
    (taza,) = [t for t in gp.parse_text(text) if t.text == "Taza"]
    assert taza.country_code == "IQ"


@pytest.fixture(scope="module")
def trainer():
    """scripts/train_ranker.py as a module (it puts scripts/ on the path for its scorer)."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "train_ranker.py"
    spec = importlib.util.spec_from_file_location("train_ranker_script", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_the_trainer_learns_which_part_tells_the_right_candidate(trainer):
    # the right candidate is the one of the article's country, never the most populous: the fit
    # must raise focus above population, which the hand weights count alike
    choices = [trainer.Choice("a", [{"population": 0.5, "focus": 0.0}, {"population": 0.3, "focus": 0.15}],
                              [False, True]) for _ in range(50)]
    choices += [trainer.Choice("a", [{"population": 0.4, "focus": 0.2}, {"population": 0.2, "focus": 0.0}],
                               [True, False]) for _ in range(50)]
    names = trainer.part_names(choices)
    assert trainer.ranking_accuracy(choices, {}) == 0.5
    weights = trainer.fit(choices, names, penalty=0.001)
    assert weights["focus"] > weights["population"]
    assert trainer.ranking_accuracy(choices, weights) == 1.0
    # a strong penalty keeps the hand weights
    assert all(abs(w - 1.0) < 0.1 for w in trainer.fit(choices, names, penalty=100.0).values())


def test_each_score_shown_is_the_weighted_sum_of_its_parts_to_the_last_digit(gp):
    # the resolver adds each part's term as it scores (parts dicts only in the last pass, the
    # article's evidence kept from the pass before): the total must be the parts' own sum
    text = ("Iraqi forces shelled the northern Iraqi town of Taza, south of Kirkuk, on Sunday. "
            "Syrian troops pushed towards Palmyra, and the Syrian army said Palmyra was retaken. "
            "Residents of Taza and Kirkuk said the shelling went on all night.")
    weights = part_weights()
    explained = [c for t in gp.parse_text(text) for c in t.explain]
    assert any("proximity" in c.score_parts for c in explained)  # the last pass measured anchors
    assert any("qualifier" in c.score_parts for c in explained)
    for c in explained:
        assert c.score == weighted_score(c.score_parts, weights)
    use_part_weights({"focus": 0.3, "qualifier": 2.0, "proximity": 0.7, "population": 1.3})
    for c in (c for t in gp.parse_text(text) for c in t.explain):
        assert c.score == weighted_score(c.score_parts, part_weights())
