"""War-reporting sentences written for the tests, and corpora made from them.

Nothing here comes from the evaluation or seed articles: the sentences are invented, in the
style of wire copy, with real place names the gazetteer knows.
"""

from __future__ import annotations

import random
from pathlib import Path

TOWNS = ("Raqqa", "Tal Abyad", "Kobani", "Mosul", "Ramadi", "Fallujah", "Hasakah", "Palmyra",
         "Deir ez-Zor", "Manbij", "Sinjar", "Tikrit", "Baiji", "Qamishli", "Aleppo", "Homs")
ACTORS = ("Kurdish fighters", "Iraqi troops", "Syrian government forces", "Islamic State militants",
          "rebel brigades", "Peshmerga units")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

SENTENCES = (
    "{actor} captured {town} on {month} {day}, {year}, after a week of heavy fighting, officials said.",
    "A car bomb killed {n} people at a checkpoint on the road into {town} on {month} {day}, {year}.",
    "{actor} withdrew from {town} overnight, residents told reporters by telephone.",
    "Airstrikes near {town} wounded {n} civilians, a monitoring group said on {month} {day}.",
    "{actor} said they now control about {n} percent of the province around {town}.",
    "Shelling hit the market in {town} and the hospital there received {n} bodies.",
    "The siege of {town} was broken when {actor} reached the southern districts.",
)


def sentence(rng: random.Random) -> str:
    """One invented sentence of war reporting."""
    return rng.choice(SENTENCES).format(
        actor=rng.choice(ACTORS), town=rng.choice(TOWNS), month=rng.choice(MONTHS),
        day=rng.randint(1, 28), year=rng.randint(2013, 2017), n=rng.randint(2, 90))


def article(rng: random.Random, sentences: int = 8) -> str:
    """An invented article: a few paragraphs of two sentences each."""
    lines = [" ".join(sentence(rng) for _ in range(2)) for _ in range(max(1, sentences // 2))]
    return "\n\n".join(lines) + "\n"


def write_corpus(folder: Path, articles: int, *, seed: int = 13, sentences: int = 8) -> Path:
    """A folder of ``articles`` invented articles (``dispatch-NNN.txt``)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        (folder / f"dispatch-{i:03d}.txt").write_text(article(rng, sentences), encoding="utf-8")
    return folder
