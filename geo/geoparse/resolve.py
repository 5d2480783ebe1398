"""Resolution: which gazetteer entry each recognised mention names.

Every candidate gets a score that is a sum of visible parts (``Candidate.score_parts``, shown by
``territory geoparse --explain``):

``population``
    log-scaled population: a famous city beats a village of the same name.
``feature``
    how often that kind of place is the one meant: countries, capitals, governorates first.
``gazetteer``
    the gazetteer's own ranking (name match quality, alternate-name evidence).
``focus``
    share of the article's country evidence (demonyms, country mentions, confident places),
    the group's own vote left out: a place cannot vouch for its own country.
``qualifier``
    the country the sentence gives ("the northern Iraqi town of", "Raqqa in Syria",
    "Iraq's Mount Sinjar"); a candidate elsewhere is penalised.
``type``
    the kind the words announce ("town of", "Mount", "Dam", "province").
``direction``
    "northern Iraqi town": candidates in that part of the country.
``proximity``
    nearness to the places of the article resolved with confidence in a first pass.
``stated``
    nearness to the point the text states ("al-Wahda, 30 km south of Kirkuk": Kirkuk's point
    moved 30 km south), within a tolerance that grows with the stated distance.
``list``
    nearness to the other names of the same list ("nearby towns, including A, B and C").
``area``
    lying in a province the article names with confidence ("in Daraa province ... Tal Shihab").
``contains``
    a country or first-order division that holds the town it qualifies after a comma
    ("Alvin, Texas": the state, not Texas City beside Alvin).
``corpus``
    share of the candidate's country in the collection read so far (the documents before this
    one in the same run, :mod:`geo.geoparse.corpus`), weighed down by the article's own country
    evidence: a lone headline ("Hass massacre") is read as the collection's reports are.
``recalled``
    share of the collection's earlier documents that read the same name, confidently, as this
    candidate (one sense per collection: :meth:`geo.geoparse.corpus.CorpusContext.readings`),
    weighed down by the article's own country evidence as ``corpus`` is.
``together``
    nearness to some reading of another name of the article, whichever that name turns out
    to mean ("Jackson" and "Madison County": the Jackson that lies in a Madison County); a name with
    many readings counts less.
``region``
    share of the article's mentions of first-order divisions ("Ohio", "Ky.") that name the
    candidate's division.
``division``
    how far the article's other places agree on the candidate's first-order division (each
    votes for the divisions its candidates lie in; a unique town or a confident winner for one
    alone): local news often never names its state, but its towns and counties tell it, and
    the bare namesakes ("Athens") are that state's. Only what exceeds ``region`` counts.

Each part counts with its weight, learned from annotated news by ``scripts/train_ranker.py`` and
shipped in ``geo/geoparse/data/ranker.json`` (a conditional logit over the parts: the candidate's
score is ``sum(weight[part] * value)``, the winner's confidence the model's probability). A part the
file does not know counts with weight 1.0, so a new hand-written part works before retraining.

All occurrences of one name in an article share one answer (one sense per discourse), with the
evidence of all of them pooled, so a qualifier given once ("the Syrian city of Raqqa") settles
the later bare mentions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from geo import settings
from geo.errors import MissingDataError
from geo.geom import EARTH_RADIUS_KM, bearing_deg, distance_km, nearest_km, nearest_km_to, offset_point, with_cosines
from geo.geoparse.mentions import PlaceSpan, Recognition
from geo.geoparse.tokens import GazetteerLike
from geo.records import Candidate
from geo.text.fold import fold

#: how often a feature code is what a bare name in news means (0..1)
FEATURE_PRIOR = {
    "PCLI": 1.0, "PCLD": 0.8, "PCLS": 0.8, "PCLF": 0.8, "PCLIX": 0.7, "PCL": 0.8, "TERR": 0.6,
    "PPLC": 0.9, "ADM1": 0.45, "PPLA": 0.65, "PPLA2": 0.45, "PPLA3": 0.35, "PPLA4": 0.25,
    "PPL": 0.2, "PPLL": 0.1, "PPLX": 0.1, "PPLQ": 0.0, "PPLH": 0.05, "ADM2": 0.4, "ADM3": 0.25,
    "CONT": 0.9, "RGN": 0.5, "MT": 0.5, "MTS": 0.5, "DAM": 0.6, "STM": 0.5, "LK": 0.4,
    "RSV": 0.4, "VAL": 0.4,
    # a bare "Atlantic" or "Mediterranean" in news is the sea, not Atlantic, Iowa
    "OCN": 0.9, "SEA": 0.8, "GULF": 0.7, "STRT": 0.6, "BAY": 0.5,
}
_CLASS_PRIOR = {"A": 0.3, "P": 0.15, "T": 0.3, "H": 0.3, "S": 0.2, "L": 0.3, "V": 0.1, "R": 0.1}
#: what each type hint accepts, as (feature class, feature-code prefixes or empty for any)
TYPE_ACCEPTS = {
    "populated": ("P", ()),
    "neighbourhood": ("P", ()),
    "admin": ("A", ("ADM",)),
    "mountain": ("T", ("MT", "HLL", "RDG", "PK")),
    "dam": ("S", ("DAM",)),
    "water": ("H", ()),
    "region": ("L", ()),
    "site": ("S", ()),
}
#: proximity part a neighbourhood's candidate needs: within ~30 km of a town of the article
NEIGHBOURHOOD_MIN_PROXIMITY = 0.8 * math.exp(-30 / 250)
#: at most this many confidently resolved places act as anchors for proximity
MAX_ANCHORS = 40
#: name quality of an exact match with the entry's own name, and with one of its other names
#: (the gazetteer's bands, geo.gazetteer.rank); below the latter the match needed folding
NAME_EXACT_PRIMARY = 1.0
NAME_EXACT_ALTERNATE = 0.97
#: below this a folded match is a loose one, not a close respelling
NAME_LOOSE = 0.85
#: the places of one list ("the villages of A, B and C") lie near each other: a candidate
#: within a few km of another item's gains up to LIST_WEIGHT, one 150 km off almost nothing
LIST_WEIGHT = 1.2
LIST_SCALE_KM = 50.0
#: proximity part below which a candidate is far from every anchor (~500 km)
FAR_PROXIMITY = 0.1
FAR_KM = 500.0
#: spelling likeness below which an alternate name says nothing of the place ("Google" ~
#: "Topeka" 0.22, "Nick" ~ "Portland" 0.18; "Palmyra" ~ "Tadmur" 0.5, "Cologne" ~ "Koln" 0.6)
MIN_ALIAS_LIKENESS = 0.4
#: a country or first-order division that holds the town it qualifies ("Alvin, Texas") gains CONTAINS_WEIGHT
CONTAINS_WEIGHT = 1.0

#: a candidate at the point the text states ("X, 30 km south of Y") gains up to STATED_WEIGHT;
#: the tolerance is a share of the stated distance, never below STATED_MIN_TOLERANCE_KM
STATED_WEIGHT = 1.0
STATED_TOLERANCE = 0.25
STATED_MIN_TOLERANCE_KM = 10.0
_COUNTRY = ("PCLI", "PCLD", "PCLS", "PCLF", "PCLIX", "PCL", "TERR")


#: the learned weights of the parts, written by scripts/train_ranker.py
RANKER_FILE = "ranker.json"
#: the sharpness of the softmax that turns scores into the winner's confidence (the model's
#: temperature: train_ranker.py fits the weights under the same one)
CONFIDENCE_SHARPNESS = 3.0
_part_weights: dict[str, float] | None = None


def load_part_weights(path: str | Path) -> dict[str, float]:
    """The ``weights`` table of a ranker file (part name -> weight).

    Raises :class:`MissingDataError` naming the file when it is absent or not such a table.
    """
    try:
        with open(path, encoding="utf-8") as f:
            weights = json.load(f)["weights"]
        table = {str(k): float(v) for k, v in weights.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise MissingDataError(f"{path}: the ranker's part weights cannot be read ({exc}); "
                               "reinstall the package or rerun scripts/train_ranker.py") from exc
    if not all(math.isfinite(w) for w in table.values()):
        raise MissingDataError(f"{path}: the ranker's part weights are not all finite numbers")
    return table


def part_weights() -> dict[str, float]:
    """The weight of each part (the shipped ranker file, read once)."""
    global _part_weights
    if _part_weights is None:
        _part_weights = load_part_weights(settings.shipped_file("geo.geoparse", "data", RANKER_FILE))
    return _part_weights


def use_part_weights(weights: dict[str, float] | None) -> None:
    """Rank with ``weights`` instead of the shipped ones (None: the shipped ones again); for
    scripts/train_ranker.py, which scores candidate weights on held-out sets."""
    global _part_weights
    _part_weights = dict(weights) if weights is not None else None


def weighted_score(parts: dict[str, float], weights: dict[str, float]) -> float:
    """A candidate's score: each part times its weight (1.0 for a part the ranker does not know)."""
    return round(sum([weights.get(k, 1.0) * v for k, v in parts.items()]), 4)  # a list: faster than a generator


@dataclass
class Group:
    """All mentions of one name in an article (same folded key and same kind)."""

    key: str
    mentions: list[PlaceSpan]
    candidates: list[Candidate]
    best: Candidate | None = None
    ranked: list[tuple[float, dict[str, float], Candidate]] = field(default_factory=list)
    confidence: float = 0.0
    #: what this group added to its country's focus (a place cannot vouch for itself)
    vote: float = 0.0
    #: the country that vote went to (the pass-1 winner's; the winner may change later)
    vote_country: str = ""
    #: km from the winner to the nearest other place of the article named exactly (None: none)
    nearest_km: float | None = None
    #: what this group gave each (country, admin1) it may lie in (see _division_votes)
    division_vote: float = 0.0
    division_keys: frozenset[tuple[str, str]] = frozenset()
    #: the groups of the names this one qualifies after a comma ("Alvin, Texas": Alvin's)
    inner: list[Group] = field(default_factory=list)
    #: the parts of each candidate's score that the candidate and its rank alone decide, kept
    #: between the passes of :func:`resolve` (see :func:`_own_parts`)
    own_parts: list[dict[str, float]] = field(default_factory=list, repr=False)
    #: per candidate (same order), how near it lies to a reading of another name of the
    #: article (see _measure_together)
    together: list[float] = field(default_factory=list)
    #: the weighted sums of own_parts (see _own_parts)
    own_totals: list[float] = field(default_factory=list, repr=False)
    #: per candidate (same order), the parts the article's evidence decides, as last measured
    #: (see _evidence_parts)
    evidence: list[tuple[float, float | None, float, float, float]] = field(default_factory=list, repr=False)

    @property
    def scored(self) -> list[Candidate]:
        """The five best candidates with this article's score and its parts (for --explain)."""
        # the record's fields as they are, two replaced: dataclasses.replace costs twice as much
        return [Candidate(**{**vars(c), "score": round(total, 4), "score_parts": parts})
                for total, parts, c in self.ranked[:5]]


class Anchors:
    """The places of the article resolved with confidence (their winners' points, with_cosines),
    that the last pass measures proximity to: worked out once, not once per group. An anchor
    rescored in the last pass counts with its new winner for the groups scored after it
    (:meth:`rescored`)."""

    def __init__(self, groups: list[Group]) -> None:
        self.groups = groups
        self.index = {id(g): k for k, g in enumerate(groups)}
        self.winners = [g.best for g in groups]
        self.points = with_cosines((c.lat, c.lon) for c in self.winners)  # type: ignore[union-attr]
        self.countries = {c.country_code for c in self.winners}  # type: ignore[union-attr]

    def rescored(self, g: Group) -> None:
        """``g`` was scored again: if it is an anchor with another winner, that one counts now."""
        k = self.index.get(id(g))
        if k is not None and g.best is not None and g.best is not self.winners[k]:
            self.winners[k] = g.best
            self.points[k] = with_cosines([(g.best.lat, g.best.lon)])[0]
            self.countries = {c.country_code for c in self.winners}  # type: ignore[union-attr]

    def seen_from(self, g: Group) -> tuple[list[tuple[float, float, float]], set[str]]:
        """The anchors' points and countries for ``g``'s candidates: all but ``g``'s own."""
        own = self.index.get(id(g))
        if own is None:
            return self.points, self.countries
        others = [k for k in range(len(self.groups)) if k != own]
        return [self.points[k] for k in others], {self.winners[k].country_code for k in others}  # type: ignore[union-attr]


def is_country(c: Candidate | None) -> bool:
    return c is not None and c.feature_code in _COUNTRY


def is_admin1(c: Candidate | None) -> bool:
    return c is not None and c.feature_code == "ADM1"


def resolve(rec: Recognition, gz: GazetteerLike, candidates_for,
            corpus: dict[str, float] | None = None,
            recalled: Callable[[str], dict[int, float]] | None = None) -> tuple[dict[int, Group], dict[str, float]]:
    """Choose a candidate for every mention.

    Returns mention index -> its group, and the article's country votes (its focus).

    ``candidates_for(mention, country=None) -> list[Candidate]`` supplies the candidates (the
    public module knows about capitals, abbreviations and named regions); with ``country``, a
    few entries of that country join the best-ranked ones when none of those lies there.
    ``corpus`` is the collection's country prior (:class:`geo.geoparse.corpus.CorpusContext`),
    ``recalled(name)`` the places the collection read a name as before (its ``readings``).
    """
    groups: dict[tuple[str, str], Group] = {}
    of_mention: dict[int, Group] = {}
    for n, m in enumerate(rec.mentions):
        if m.kind == "estimated":
            continue  # placed from its anchor by the caller, never looked up
        # "Raqqa province" and bare "Raqqa", "Sinjar mountain" and the town of Sinjar are
        # different places; each keeps its own group.
        kind_word = m.type_hint if m.type_hint in ("admin", "mountain", "dam", "water") else ""
        key = (m.kind, fold(m.text) + "\x00" + kind_word)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key=key[1], mentions=[], candidates=candidates_for(m, m.country_hint))
        elif m.country_hint and not any(c.country_code == m.country_hint for c in group.candidates):
            # a later mention names the country ("the Syrian town of Rai"): its entries there
            # join the candidates the first, bare mention found
            known = {c.geonameid for c in group.candidates}
            group.candidates += [c for c in candidates_for(m, m.country_hint) if c.geonameid not in known]
        elif m.village and not any(o.village for o in group.mentions):
            # a later mention calls it a village: the "Qaryat X" entries join
            known = {c.geonameid for c in group.candidates}
            group.candidates += [c for c in candidates_for(m, m.country_hint) if c.geonameid not in known]
        group.mentions.append(m)
        of_mention[n] = group
    for n, m in enumerate(rec.mentions):
        outer = of_mention.get(m.container) if m.container is not None and m.container_by_comma else None
        inner = of_mention.get(n)
        if outer is not None and inner is not None and inner is not outer and inner not in outer.inner:
            outer.inner.append(inner)
    live = [g for g in groups.values() if g.candidates]
    votes = dict(rec.country_votes)
    # stand-in gazetteers (tests) may not say where figures are missing: then every 0 is small
    unknown: frozenset[str] = getattr(gz, "population_unknown_in", frozenset())
    # Pass 1: countries and the other unambiguous names set the article's focus.
    corpus = corpus or {}
    for g in live:
        _choose(g, rec, of_mention, votes, corpus=corpus, provisional=True, unknown_population=unknown)
    for g in live:
        if is_country(g.best):
            g.vote = 1.5 * len(g.mentions)
        elif g.best is not None and _country_confidence(g) >= 0.8 \
                and _place_confidence(g) >= VOTING_PLACE_CONFIDENCE:
            # "Aleppo": the city and its governorate compete, but both say Syria
            g.vote = 0.5
        if g.vote and g.best is not None:
            g.vote_country = g.best.country_code
            votes[g.vote_country] = votes.get(g.vote_country, 0.0) + g.vote
    _add_focus_country_entries(live, votes, corpus, candidates_for)
    regions = _region_votes(live)
    _add_named_division_entries(live, regions, gz)
    _measure_together(live)
    # Pass 2: rescore with the focus and with the confident places as anchors.
    divisions = _division_votes(live)
    for g in live:
        _choose(g, rec, of_mention, votes, regions=regions, divisions=divisions, corpus=corpus,
                provisional=True, unknown_population=unknown)
    confident = [g for g in live if g.best is not None and g.best.feature_class in ("P", "S", "T")
                 and not is_country(g.best) and _place_confidence(g) >= 0.75]
    # The most confident anchors suffice; capping them keeps a book-length text linear.
    anchors = Anchors(sorted(confident, key=lambda g: (-g.confidence, g.key))[:MAX_ANCHORS])
    for g in live:
        # the article's evidence is as in pass 2: only the hints and the anchors' winners are new
        _choose(g, rec, of_mention, votes, anchors=anchors, regions=regions,
                divisions=divisions, corpus=corpus, recalled=recalled, same_evidence=True,
                unknown_population=unknown)
        anchors.rescored(g)
    # the twin first: the own-name rule below takes the first namesake of the collection's
    # country, the twin the one beside the winner
    _prefer_the_twin_that_bears_the_name(live)
    _prefer_a_closer_spelling_where_the_article_is(live, votes)
    _prefer_own_names_of_the_collection(live, votes, corpus)
    _measure_nearest(live)
    return of_mention, votes


def _prefer_own_names_of_the_collection(live: list[Group], votes: dict[str, float],
                                        corpus: dict[str, float]) -> None:
    """"Ariha city" in a feed of Syrian reports: Jericho wins on its size, matched only through
    its other (Arabic) name, while the Syrian town carries "Ariha" as its own name. A name
    written as one place's own name, in the country the collection is about, is not meant as
    another's alternate name in a country nothing in the article points to; the own name's
    holder wins (each, as ranked, keeps its score)."""
    focus = focus_country(corpus)
    if focus is None:
        return
    for g in live:
        best = g.best
        if best is None or is_country(best) or best.country_code == focus \
                or best.score_parts.get("name", 1.0) >= NAME_EXACT_PRIMARY \
                or votes.get(best.country_code, 0.0) > 0:
            continue
        own = next((r for r in g.ranked if r[2].country_code == focus and not is_country(r[2])
                    and r[2].score_parts.get("name", 1.0) >= NAME_EXACT_PRIMARY), None)
        if own is None:
            continue
        g.ranked = [own] + [r for r in g.ranked if r is not own]
        g.best = own[2]
        g.confidence = _share(g, lambda c, chosen=own[2]: c is chosen)


def _prefer_a_closer_spelling_where_the_article_is(live: list[Group], votes: dict[str, float]) -> None:
    """"Fighting in northern X" where the winner is only a respelling of X (a capital spelt alike
    after folding) in a country nothing else in the article points to, while a reading spelt
    exactly X lies in a country the article does point to (its demonym, its places): the name
    is that one."""
    for g in live:
        best = g.best
        if best is None or is_country(best) or _quality(best) >= NAME_EXACT_ALTERNATE:
            continue
        others = _votes_of_others(g, votes)
        if others.get(best.country_code, 0.0) > 0:
            continue
        closer = next((r for r in g.ranked[1:] if _quality(r[2]) >= NAME_EXACT_ALTERNATE and not is_country(r[2])
                       and others.get(r[2].country_code, 0.0) > 0), None)
        if closer is None:
            continue
        g.ranked = [closer] + [r for r in g.ranked if r is not closer]
        g.best = closer[2]
        g.confidence = _share(g, lambda c, chosen=closer[2]: c is chosen)


#: a town this close (km) to the winner, across a border, is its twin (a Syrian "Ras Tamra" and
#: the Turkish town facing it, which carries the Syrian name among its alternates)
TWIN_KM = 25.0


#: the parts the text itself gives a candidate (what it says of the place, not of the article)
TEXT_HINT_PARTS = ("qualifier", "stated", "list", "type", "region", "contains")


def _prefer_the_twin_that_bears_the_name(live: list[Group]) -> None:
    """A border town often carries its twin's name across the border among its alternate names
    (the Turkish town facing a Syrian one lists the Syrian name). The name then means the twin
    spelt closer to it, by its own name or another: over the alias holder abroad that won on its
    population, and over the twin's namesakes in its own country, which nobody abroad named a
    town after (unless the text says more for the winner: its country, a distance, a list, a
    kind of place)."""
    for g in live:
        best = g.best
        if best is None or is_country(best) or is_admin1(best):
            continue
        aliases = [r[2] for r in g.ranked if _quality(r[2]) < NAME_EXACT_PRIMARY
                   and not is_country(r[2]) and not is_admin1(r[2])]
        if not aliases or _is_twin(best, aliases):
            continue
        hints = g.ranked[0][1]
        twin = next((r for r in g.ranked[1:] if _is_twin(r[2], aliases)
                     and (r[2].country_code == best.country_code or _faces(r[2], best))
                     and not _text_prefers(hints, r[1])), None)
        if twin is None:
            continue
        g.ranked = [twin] + [r for r in g.ranked if r is not twin]
        g.best = twin[2]
        g.confidence = _share(g, lambda c, chosen=twin[2]: c is chosen)


def _quality(c: Candidate) -> float:
    return c.score_parts.get("name", 1.0)


def _is_twin(c: Candidate, aliases: list[Candidate]) -> bool:
    """Is ``c`` a place spelt like the name (not loosely) facing, across a border, a town that
    matches the name less closely (through an alias)?"""
    return not is_country(c) and not is_admin1(c) and _quality(c) >= NAME_LOOSE \
        and any(_quality(a) < _quality(c) and _faces(c, a) for a in aliases)


def _text_prefers(winner: dict[str, float], other: dict[str, float]) -> bool:
    """Does the text say more for the winner than for the other (by the parts in
    TEXT_HINT_PARTS)? Of the kind named, only whether each is of that kind counts: the bonus a
    "town" gets for its population figure is no word of the text."""
    for k in TEXT_HINT_PARTS:
        w, o = winner.get(k, 0.0), other.get(k, 0.0)
        if k == "type":
            w, o = float(w > 0), float(o > 0)
        if w > o:
            return True
    return False


def _faces(c: Candidate, alias: Candidate) -> bool:
    """Does ``alias``, in another country, lie within TWIN_KM of ``c``?"""
    return alias.country_code != c.country_code and abs(alias.lat - c.lat) <= 1.0 \
        and distance_km(alias.lat, alias.lon, c.lat, c.lon) <= TWIN_KM


#: share of a bare name's readings that must lie at its winner's spot for it to vote for the
#: winner's country: "Aleppo" the city and the governorate agree; an English town's dozen
#: namesakes spread over the US say how many towns the US named so, not what the article is about
VOTING_PLACE_CONFIDENCE = 0.5

#: weight of the collection's share of a candidate's country (part "corpus"), for an article
#: without country evidence of its own; the article's own votes divide it (1 + votes). As
#: large as the article's own focus (0.8): the collection is as good a witness as the article
CORPUS_WEIGHT = 0.8

#: share of the article's country votes that makes a country its focus
FOCUS_COUNTRY_SHARE = 0.5


def _add_focus_country_entries(live: list[Group], votes: dict[str, float], corpus: dict[str, float],
                               candidates_for) -> None:
    """"Marea city in the northern countryside of Aleppo": a short name's best-ranked entries
    may all lie elsewhere (Mary, Murray, Mari...); the entries of the country the article is
    about join them so that its focus has the one meant to choose. The focus is the others'
    (a lone "Marjani" in a headline must not make the country of its Ukrainian namesake the
    focus, and so keep Syria's Marjanah out), else the collection's."""
    everyones = focus_country(votes)
    for g in live:
        if is_country(g.best):
            continue
        country = (focus_country(_votes_of_others(g, votes)) if g.vote else everyones) or focus_country(corpus)
        if country is None or any(c.country_code == country for c in g.candidates):
            continue
        known = {c.geonameid for c in g.candidates}
        written = g.key.split("\x00")[0]
        # only entries spelt like the name: an alias unlike it ("County" for El Cerrito) is
        # no reading of the name, however well it fits the focus
        g.candidates += [c for c in candidates_for(g.mentions[0], country) if c.geonameid not in known
                         and _spelling_likeness(written, c.name) >= MIN_ALIAS_LIKENESS]


def focus_country(votes: dict[str, float]) -> str | None:
    """The country with at least FOCUS_COUNTRY_SHARE of the positive votes, if any."""
    total = sum(v for v in votes.values() if v > 0)
    if not total:
        return None
    country, weight = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    return country if weight / total >= FOCUS_COUNTRY_SHARE else None


#: at most this many of a country's namesakes are searched for one in a division the article names
NAMED_DIVISION_SEARCH = 25
#: at most this many named divisions are searched (the most named first)
NAMED_DIVISION_MAX = 2


def _add_named_division_entries(live: list[Group], regions: dict[tuple[str, str], float],
                                gz: GazetteerLike) -> None:
    """"An Alexandria man", in an article that names Minnesota: a town's best-ranked namesakes
    (a famous city abroad, the country's larger ones) may all lie outside the state the article
    names; that state's namesake joins them, so the region part has the one meant to choose."""
    if not regions:
        return
    named = sorted(regions, key=lambda k: (-regions[k], k))[:NAMED_DIVISION_MAX]
    for g in live:
        m = g.mentions[0]
        if m.kind != "name" or is_country(g.best) or is_admin1(g.best) or not g.candidates:
            continue
        if any((c.country_code, c.admin1) in regions for c in g.candidates):
            continue
        known = {c.geonameid for c in g.candidates}
        for country, admin1 in named:
            g.candidates += [c for c in gz.candidates(m.query or m.text, country=country, limit=NAMED_DIVISION_SEARCH)
                             if c.country_code == country and c.admin1 == admin1 and c.geonameid not in known
                             and c.score_parts.get("name", 1.0) >= NAME_EXACT_ALTERNATE]


def _country_confidence(g: Group) -> float:
    """The softmax share (as in ``Group.confidence``) of the candidates in the winner's country:
    how sure the group is of its country, whichever of its entries there is meant."""
    best = g.best
    if best is None:
        return 0.0
    return _share(g, lambda c: c.country_code == best.country_code)


#: candidates this close (km) to the winner stand for the same spot as an anchor
ANCHOR_SPREAD_KM = 50.0
#: latitudes further apart than this (degrees) are further apart than ANCHOR_SPREAD_KM
#: whatever the longitudes (a degree of latitude is 111.2 km; a thousandth more for rounding)
_ANCHOR_SPREAD_DEG = 1.001 * ANCHOR_SPREAD_KM / (EARTH_RADIUS_KM * math.pi / 180)


def _place_confidence(g: Group) -> float:
    """The softmax share of the candidates within ANCHOR_SPREAD_KM of the winner: "Aleppo" the
    city and "Aleppo" the governorate split the group's confidence but agree on where it is."""
    best = g.best
    if best is None:
        return 0.0
    # most namesakes lie far apart in latitude alone: no distance to work out
    return _share(g, lambda c: c is best or (abs(c.lat - best.lat) <= _ANCHOR_SPREAD_DEG and distance_km(
        c.lat, c.lon, best.lat, best.lon) <= ANCHOR_SPREAD_KM))


def _share(g: Group, agrees) -> float:
    if not g.ranked:
        return 0.0
    top = g.ranked[0][0]
    weights = [(math.exp((total - top) * 3), c) for total, _, c in g.ranked]
    return sum(w for w, c in weights if agrees(c)) / sum(w for w, _ in weights)


#: weight of the article's first-order divisions ("Ohio", "Ga.") in a town's or county's score
REGION_FOCUS_WEIGHT = 0.6


#: feature codes of the seats of first-order divisions, whose surroundings lie in the division
DIVISION_SEATS = frozenset(("PPLA", "PPLC"))


def _region_votes(live: list[Group]) -> dict[tuple[str, str], float]:
    """The article's first-order divisions (states, provinces, governorates) by how often it
    names them: local news names its state ("Kentucky", "Ky.") and then its towns and
    counties bare, and the bare names are those of that state ("Madison County").

    A division's seat whose surroundings are meant ("Idlib countryside", "the Homs desert")
    names its division too: the villages of those reports lie in it ("al-Sukhna in the Homs desert" is the
    Sukhna of Homs governorate, not its namesake near Aleppo)."""
    regions: dict[tuple[str, str], float] = {}
    for g in live:
        c = g.best
        if c is None or not c.admin1:
            continue
        if is_admin1(c):
            named = len(g.mentions)
        elif c.feature_code in DIVISION_SEATS:
            named = sum(1 for m in g.mentions if m.surroundings)
        else:
            continue
        if named:
            key = (c.country_code, c.admin1)
            regions[key] = regions.get(key, 0.0) + named
    return regions


#: weight of the division the article's other places point to (see _division_votes)
DIVISION_FOCUS_WEIGHT = 1.0
#: pass-1 confidence from which a place tells its own division alone
DIVISION_MIN_CONFIDENCE = 0.8
#: key of the division votes' total (each place's vote once), beside the (country, admin1) keys
VOTERS = ("", "")
#: votes added to the division votes' total: a share's doubt when few places voted
DIVISION_DOUBT = 0.25
#: admin1 of the key that sums the votes of all of a country's divisions
WHOLE_COUNTRY = "*"


def _division_votes(live: list[Group]) -> dict[tuple[str, str], float]:
    """The article's first-order divisions as its places tell them, named or not.

    Local news often never names its state, yet its places agree on one: "Athens",
    "Henderson County" and "Frankston" all have a namesake in Texas, and only there do all
    three meet. Each place votes for the divisions of its candidates, a place that could lie
    in k divisions with 1/sqrt(k) for each (a unique town or a confident pass-1 winner with a
    full vote, "Madison" with a faint one for each of its twenty states)."""
    divisions: dict[tuple[str, str], float] = {}
    for g in live:
        keys = _divisions_of(g)
        if not keys:
            continue
        g.division_vote = 1.0 / math.sqrt(len(keys))
        g.division_keys = keys
        divisions[VOTERS] = divisions.get(VOTERS, 0.0) + g.division_vote
        for key in keys | {(cc, WHOLE_COUNTRY) for cc, _ in keys}:
            divisions[key] = divisions.get(key, 0.0) + g.division_vote
    return divisions


def _divisions_of(g: Group) -> frozenset[tuple[str, str]]:
    """The (country, admin1) pairs a group may lie in: its pass-1 winner's alone when that is
    confident, else those of all its candidates below country level."""
    c = g.best
    if any((is_admin1(x) or is_country(x)) and x.score_parts.get("name", 1.0) >= NAME_EXACT_ALTERNATE
           for x in g.candidates):
        # "Texas", "Georgia": a division or country named is the region part's and the
        # focus's evidence; its namesake towns must not vote for the states they lie in
        return frozenset()
    if c is not None and g.confidence >= DIVISION_MIN_CONFIDENCE:
        if is_country(c) or not c.admin1:
            return frozenset()
        return frozenset({(c.country_code, c.admin1)})
    return frozenset((x.country_code, x.admin1) for x in g.candidates
                     if x.admin1 and not is_country(x))


def _division_part(c: Candidate, g: Group, divisions: dict[tuple[str, str], float]) -> float:
    """Share of the other places' division votes that the candidate's division has (a
    country's: all of its divisions' votes, so that the places of Mexico do not make "Mexico"
    Mexico City rather than the country)."""
    if not divisions or c.score_parts.get("name", 1.0) < NAME_EXACT_ALTERNATE:
        return 0.0  # "France" matching a suburb's other name gains nothing from its region
    if is_country(c):
        key = (c.country_code, WHOLE_COUNTRY)
        own = g.division_vote if any(cc == c.country_code for cc, _ in g.division_keys) else 0.0
    elif c.admin1:
        key = (c.country_code, c.admin1)
        own = g.division_vote if key in g.division_keys else 0.0
    else:
        return 0.0
    # the most a division can have from the others: every other place's whole vote, and a
    # vote more, so that one stray voter ("Liberals" -> Liberal, Kansas) cannot carry it alone
    total = divisions.get(VOTERS, 0.0) - g.division_vote + DIVISION_DOUBT
    if total <= DIVISION_DOUBT:
        return 0.0
    return round(DIVISION_FOCUS_WEIGHT * (divisions.get(key, 0.0) - own) / total, 4)


def _region_part(c: Candidate, regions: dict[tuple[str, str], float], total: float) -> float:
    """Share of the article's division mentions that name the candidate's division (``total``:
    the sum of ``regions``, the same for every candidate)."""
    if not regions or is_country(c) or is_admin1(c) or not c.admin1:
        return 0.0
    share = regions.get((c.country_code, c.admin1), 0.0) / total
    return round(REGION_FOCUS_WEIGHT * share, 4)


def _measure_nearest(live: list[Group]) -> None:
    """Each group's distance to the nearest other place the article names exactly: even
    without confident anchors, "Aleppo" in the same headline says Mary in Turkmenistan is not
    what "Marea" means."""
    # only names the text itself marks as places: a stray capital ("Mine explosion", an
    # exact match in Japan) must not make the article's real places look far
    exact = [g for g in live if g.best is not None and not is_country(g.best)
             and g.best.score_parts.get("name", 1.0) >= NAME_EXACT_ALTERNATE
             and any(m.cue for m in g.mentions)]
    exact = sorted(exact, key=lambda g: (-g.confidence, g.key))[:MAX_ANCHORS]
    for g in live:
        # only a winner matched after folding can be judged far (see implausible)
        if g.best is None or g.best.score_parts.get("name", 1.0) >= NAME_EXACT_ALTERNATE:
            continue
        dists = [distance_km(g.best.lat, g.best.lon, h.best.lat, h.best.lon)  # type: ignore[union-attr]
                 for h in exact if h is not g]
        g.nearest_km = min(dists) if dists else None


LOOSE_ELSEWHERE = "a loose spelling match in a country the article does not otherwise name"
LOOSE_FAR_FROM_LIST = "a loose spelling match far from every other place of its list"
#: list part below which a candidate lies far from every other item of its list (~150 km)
FAR_FROM_LIST = LIST_WEIGHT * math.exp(-150 / LIST_SCALE_KM)
#: spelling likeness of the name and an entry's own name that makes it a respelling
#: ("kifray" ~ "Kafrayya" 0.8), not a namesake reached through an alias
CLOSER_LIKENESS = 0.6


def implausible_or_closer(g: Group, votes: dict[str, float], collection: str | None = None) -> str | None:
    """:func:`implausible`, but a winner set aside as a loose spelling match ("Hayt town" read
    as Hit in Iraq, "Kefraya town" as Kifri) gives way to the best candidate spelt closer to
    the name, when the text says what kind of place it is and that candidate is believable:
    the group then names that one. ``collection``: the country the collection is about, if any."""
    reason = implausible(g, votes, collection)
    if reason != LOOSE_ELSEWHERE or g.best is None or not any(m.type_hint for m in g.mentions):
        return reason  # only where the text says what kind of place it is ("Hayt town")
    quality = g.best.score_parts.get("name", 1.0)
    written = g.key.split("\x00")[0]
    # spelt closer to the name both as matched and in the entry's own name (not an alias)
    closer = next((r for r in g.ranked[1:] if r[2].score_parts.get("name", 1.0) >= max(NAME_LOOSE, quality + 0.01)
                   and not is_country(r[2]) and _spelling_likeness(written, r[2].name) >= CLOSER_LIKENESS), None)
    if closer is None:
        return reason
    dropped = g.best, g.ranked, g.nearest_km
    g.ranked = [closer] + [r for r in g.ranked if r is not closer]
    g.best, g.nearest_km = closer[2], None
    second = implausible(g, votes, collection)
    if second is not None:  # neither is believable: keep the group as it was
        g.best, g.ranked, g.nearest_km = dropped
        return reason
    return None


#: a city this large (or a capital) is known abroad: its airport is its own, wherever the news
SITE_CITY_POPULATION = 100_000
#: why a site named after a place ("the X oilfield") is not placed at a town of that name abroad
SITE_ABROAD = "a site named after a place, read as a town in a country neither the article nor the collection is about"


def implausible(g: Group, votes: dict[str, float], collection: str | None = None) -> str | None:
    """Why the winner of a group named without any locational cue is not believable, or None.

    A careful reader accepts "Raqqa" or "Paris" bare, but not a hamlet of 300 people or a
    far-away town that matches only through a variant spelling: in running text such a match
    is far more often a person, a group or an ordinary word than that place.
    """
    c = g.best
    if c is None:
        return None
    parts = g.ranked[0][1] if g.ranked else {}
    votes = _votes_of_others(g, votes)
    if parts.get("qualifier", 0.0) < 0 and not is_country(c):
        # "Dabiq, a town in northern Syria" and the gazetteer knows only Dubuque, Iowa
        return "the gazetteer has no such place where the text puts it"
    sites = [m.type_hint == "site" for m in g.mentions]
    if any(sites) and parts.get("type", 0.0) < 0:
        # "the Jazal oilfield", "Kuweires military airport" where the gazetteer lacks the site: it
        # lies at or near a place of that name in the country the reports are about; a town so
        # named in another country is not it (a world digest has no such country: kept), unless
        # a city known abroad ("Beirut airport")
        if all(sites) and collection is not None and c.country_code != collection \
                and votes.get(c.country_code, 0.0) == 0 and not is_country(c) \
                and c.population < SITE_CITY_POPULATION and c.feature_code not in DIVISION_SEATS:
            return SITE_ABROAD
    elif parts.get("type", 0.0) < 0 and votes.get(c.country_code, 0.0) == 0:
        # "the Hoz district" and the only Hoz is a village in another country
        return "the gazetteer has no place of that kind and name near the article's places"
    quality = c.score_parts.get("name", 1.0)
    near = parts.get("proximity")
    far = near is None or near < FAR_PROXIMITY
    # a close respelling ("Abu al-Qusur" ~ "Abu ad Qusur") counts as far only when the article
    # has places to be far from; a loose one also when it has none
    far_from_places = (near is not None and near < FAR_PROXIMITY) or (
        g.nearest_km is not None and g.nearest_km > FAR_KM)
    if votes.get(c.country_code, 0.0) <= 0 and not is_country(c) and (
        (quality < NAME_LOOSE and far)
        or (quality < NAME_EXACT_ALTERNATE and far_from_places)
    ):
        # spelled alike only after lossy folding ("al-Rai" ~ "Riia", an old name of Riga;
        # "Marea" ~ Mary, Turkmenistan, in a headline about Aleppo), in a country nothing else
        # in the article points to, far from its places: whatever the cue, the gazetteer does
        # not hold the place meant
        return LOOSE_ELSEWHERE
    if quality < NAME_EXACT_ALTERNATE and parts.get("list", LIST_WEIGHT) < FAR_FROM_LIST:
        # "the villages of Tell Qasra, Wadi Harun and Ain Dabsa": the places of one list lie together; a reading
        # spelt only alike, hundreds of km from every other item, is not the village meant
        return LOOSE_FAR_FROM_LIST
    if any(m.type_hint == "neighbourhood" for m in g.mentions) \
            and c.feature_code not in DIVISION_SEATS and c.population < SITE_CITY_POPULATION:
        # "the Shuhada neighbourhood" lies in a town of this article; a namesake elsewhere
        # means the gazetteer does not hold the neighbourhood. A seat or a city so named is the
        # town the neighbourhood is in ("rebels seize X neighbourhood")
        near = parts.get("proximity")
        if near is None or near < NEIGHBOURHOOD_MIN_PROXIMITY:
            return "a neighbourhood the gazetteer does not hold near the article's towns"
    if any(m.cue for m in g.mentions):
        return None
    if quality < NAME_EXACT_PRIMARY and far and not (is_country(c) or is_admin1(c)) \
            and _spelling_likeness(g.key.split("\x00")[0], c.name) < MIN_ALIAS_LIKENESS:
        # "Google" (a month's alias of Topeka), "Passover", "Nick": matched only through an
        # alternate name spelt nothing like the place's own, with no cue and far from the
        # article's places
        return "an alternate name unlike the place's own, without a locational cue"
    if any(m.j - m.i >= 1 for m in g.mentions):
        return None  # names of several words rarely match by accident ("Tal Tamr")
    if c.feature_class == "P" and c.population < 5000 and not c.feature_code.startswith(("PPLC", "PPLA")):
        return "a small place named without a locational cue"
    if quality < NAME_EXACT_PRIMARY and not (is_country(c) or is_admin1(c)) \
            and _spelling_likeness(g.key.split("\x00")[0], c.name) < MIN_ALIAS_LIKENESS:
        # "Tri", "Billy", "Story": one word matched only through a nickname or former name of
        # a town spelt nothing like the town's own, with no cue: near or far, a word or a person
        return "one word matched only through an alternate name unlike the place's own"
    if quality < NAME_EXACT_ALTERNATE and far and not (is_country(c) or is_admin1(c)):
        # "the Capitol press corps" read as Capitola: one word that is only the start or a
        # loose respelling of a place's name, with no cue and far from the article's places
        return "a partial or loose match of one word, without a locational cue"
    if quality < 0.85 and votes.get(c.country_code, 0.0) == 0 and sum(votes.values()) > 0:
        return "a variant spelling of a place far from the article's focus, without a locational cue"
    return None


def _spelling_likeness(written_key: str, name: str) -> float:
    """How alike the name written (its folded key) and the entry's own name are (0..1)."""
    return SequenceMatcher(None, written_key, fold(name)).ratio()


def _name_part(c: Candidate, query: str) -> float:
    """How well the name matched: 0 exact, a little less for another spelling, clearly less
    for a longer name that merely starts with the words written ("Taza" -> "Tazah
    Khurmatu"), unless the entry's own name is that longer name: news shortens names so."""
    quality = c.score_parts.get("name", 1.0)
    penalty = 1.5 * (quality - 1.0)
    if quality < 0.85 and query and fold(c.name).startswith(query + " "):
        penalty /= 2
    return round(penalty, 4)


def _votes_of_others(g: Group, votes: dict[str, float]) -> dict[str, float]:
    """The country votes without this group's own: a lone "Ariha" in a headline must not
    vote for the country of its namesake and then win through that vote."""
    if not g.vote:
        return votes
    others = dict(votes)
    others[g.vote_country] = others.get(g.vote_country, 0.0) - g.vote
    return others


def _choose(g: Group, rec: Recognition, of_mention: dict[int, Group], votes: dict[str, float],
            anchors: Anchors | None = None, regions: dict[tuple[str, str], float] | None = None,
            divisions: dict[tuple[str, str], float] | None = None,
            corpus: dict[str, float] | None = None, provisional: bool = False,
            recalled: Callable[[str], dict[int, float]] | None = None,
            same_evidence: bool = False, unknown_population: frozenset[str] = frozenset()) -> None:
    """Score ``g``'s candidates and rank them: sets ``g.ranked``, ``g.best`` and ``g.confidence``.

    ``provisional``: a pass before the last, whose winner and confidence the next passes read,
    but not its scores' parts: a lone candidate then wins with all the confidence unscored, and
    the others are ranked by their totals alone (the parts are kept in the last pass, for
    --explain and the ranker's training). ``same_evidence``: the article's evidence (votes,
    regions, divisions, corpus, candidates) is the one the group was last scored with, so its
    parts (:func:`_evidence_parts`) are taken as they were. ``unknown_population``: the
    countries where a population of 0 means not recorded (:func:`counted_population`)."""
    if provisional and len(g.candidates) == 1:
        lone = g.candidates[0]
        g.ranked, g.best, g.confidence = [(0.0, {}, lone)], lone, 1.0
        g.evidence = []  # measured afresh when the group is next scored
        return
    hints = _hints(g, rec, of_mention)
    hinted = hints.any()
    weights = part_weights()
    unknown_population = _unrecorded_here(g, unknown_population)
    own_parts, own_totals = _own_parts(g, weights, unknown_population)
    if not same_evidence or len(g.evidence) != len(g.candidates):
        g.evidence = _evidence_parts(g, votes, regions or {}, divisions or {}, corpus or {})
    # how the collection read this name before, where a document settled it (last pass only)
    # ("Jordan", "Georgia": the name of a country or state is read afresh in each document)
    read_before = recalled(_written(g)) if recalled is not None and not _names_a_division(g) else {}
    anchor_points, anchor_countries = anchors.seen_from(g) if anchors is not None else ([], set())
    w_focus, w_corpus, w_recalled = weights.get("focus", 1.0), weights.get("corpus", 1.0), weights.get("recalled", 1.0)
    w_region, w_division = weights.get("region", 1.0), weights.get("division", 1.0)
    w_proximity, w_together = weights.get("proximity", 1.0), weights.get("together", 1.0)
    scored: list[tuple[float, dict[str, float], Candidate]] = []
    no_parts: dict[str, float] = {}  # a provisional pass keeps totals only
    # Each total adds its terms in the order of the parts' dict: the score is the same float
    # as weighted_score(parts) to the last bit (sum() adds left to right).
    for c, own, total, (focus, corpus_part, region, division, together) in zip(
            g.candidates, own_parts, own_totals, g.evidence, strict=True):
        total += w_focus * focus
        if not provisional:
            parts = {**own, "focus": focus}
        hint_parts = _hint_parts(c, hints, unknown_population) if hinted else None
        if hint_parts:
            for k, v in hint_parts.items():
                total += weights.get(k, 1.0) * v
            if not provisional:
                parts.update(hint_parts)
        if corpus_part is not None:
            total += w_corpus * corpus_part
            if not provisional:
                parts["corpus"] = corpus_part
            if read_before.get(c.geonameid) and (
                    (hint_parts or no_parts).get("type", 0.0) >= 0 or hints.types == {"site"}):
                # only in the country the collection is about (a world digest's "Paris" is the
                # French capital in one story, the Texas town in the next), and not against the
                # kind the text names ("Deir Ezzor province" is not the feed's city of the name; a
                # site the gazetteer lacks, "X airbase", lies at the feed's X)
                read = round(_corpus_scale(_votes_of_others(g, votes)) * read_before[c.geonameid], 4)
                total += w_recalled * read
                if not provisional:
                    parts["recalled"] = read
        if region:
            total += w_region * region
            if not provisional:
                parts["region"] = region
        if division:
            total += w_division * division
            if not provisional:
                parts["division"] = division
        if anchor_points:
            proximity = _proximity_part(c, anchor_countries, anchor_points)
            total += w_proximity * proximity
            if not provisional:
                parts["proximity"] = proximity
        if together:
            total += w_together * together
            if not provisional:
                parts["together"] = together
        scored.append((round(total, 4), no_parts if provisional else parts, c))
    scored.sort(key=lambda r: (-r[0], -r[2].population, r[2].geonameid))
    g.ranked = scored
    g.best = scored[0][2]
    # confidence: softmax share of the winner
    top = scored[0][0]
    z = sum(math.exp((r[0] - top) * CONFIDENCE_SHARPNESS) for r in scored)
    g.confidence = 1.0 / z


def _corpus_scale(others: dict[str, float]) -> float:
    """The weight of the collection's evidence (``others``: the country votes without the
    group's own): the collection speaks for an article in proportion to how little the article
    says itself."""
    return CORPUS_WEIGHT / (1.0 + sum(v for v in others.values() if v > 0))


def _evidence_parts(g: Group, votes: dict[str, float], regions: dict[tuple[str, str], float],
                    divisions: dict[tuple[str, str], float],
                    corpus: dict[str, float]) -> list[tuple[float, float | None, float, float, float]]:
    """Per candidate, the parts the article's evidence decides: (focus, corpus or None where
    the part is absent, region, division, together; 0.0 where absent). They change only when
    the evidence does, not between the last two passes."""
    votes = _votes_of_others(g, votes)
    total_votes = sum(votes.values()) or 1.0
    corpus_scale = _corpus_scale(votes) if corpus else 0.0
    region_total = sum(regions.values())
    evidence = []
    focus_of: dict[str, float] = {}  # a group's candidates often share a country
    for rank, c in enumerate(g.candidates):
        country = c.country_code
        focus = focus_of.get(country)
        if focus is None:
            focus = focus_of[country] = round(0.8 * votes.get(country, 0.0) / total_votes, 4)
        corpus_part = round(corpus_scale * corpus[country], 4) \
            if corpus and not is_country(c) and corpus.get(country) else None
        region = _region_part(c, regions, region_total) if regions else 0.0
        # the places' agreement counts where it says more than the divisions named: the
        # two are one kind of evidence, and stacked they would outvote everything else
        division = round(max(0.0, _division_part(c, g, divisions) - region), 4) if divisions else 0.0
        together = g.together[rank] if rank < len(g.together) else 0.0
        evidence.append((focus, corpus_part, region, division,
                         round(TOGETHER_WEIGHT * together, 4) if together >= 0.01 else 0.0))
    return evidence


#: the population a town is taken to have where the gazetteer records none in a country whose
#: towns mostly have no figure (Syria, Iraq): a village's, neither a hamlet's (0) nor a city's.
#: A Syrian village so is not outweighed by a namesake abroad only because that one has a figure
UNRECORDED_POPULATION = 1000


def _unrecorded_here(g: Group, unknown_population: frozenset[str]) -> frozenset[str]:
    """The countries of ``unknown_population`` where none of the group's towns has a figure: where
    one has, the gazetteer knows which of that country's namesakes is the town of some size
    (the one of a hundred Iraqi towns with a figure), and the others' 0 is small after all."""
    if not unknown_population:
        return unknown_population
    recorded = {c.country_code for c in g.candidates if c.population and c.feature_class == "P"}
    return unknown_population - recorded if recorded & unknown_population else unknown_population


def counted_population(c: Candidate, unknown_population: frozenset[str]) -> int:
    """The population a candidate counts with: its own, or UNRECORDED_POPULATION for a town
    without a figure in a country where towns mostly have none (0 there is unknown, not small)."""
    if c.population or c.feature_class != "P" or c.country_code not in unknown_population:
        return c.population
    return UNRECORDED_POPULATION


@lru_cache(maxsize=4096)
def _population_part(population: int) -> float:
    """Log-scaled population (a famous city beats a village of the name); few distinct figures
    recur (most entries have none), so each is worked out once."""
    return round(0.6 * min(1.0, math.log10(population + 1) / 7), 4)


def _own_parts(g: Group, weights: dict[str, float],
               unknown_population: frozenset[str] = frozenset()) -> tuple[list[dict[str, float]], list[float]]:
    """The parts of each candidate's score that only the candidate and its rank among the
    group's decide, and their weighted sums: worked out once, not in each pass (again when
    candidates joined)."""
    n = len(g.candidates)
    if len(g.own_parts) != n:  # candidates are only ever appended
        query = _written(g)
        g.own_parts = [{
            "population": _population_part(counted_population(c, unknown_population)),
            "feature": FEATURE_PRIOR.get(c.feature_code, _CLASS_PRIOR.get(c.feature_class, 0.1)),
            "gazetteer": round(0.3 * (1 - rank / max(1, n)), 4),
            # how well the name matched: exact 0, another spelling a little less, a longer
            # name that merely starts with it ("Taza" -> "Tazah Khurmatu") clearly less
            "name": _name_part(c, query),
        } for rank, c in enumerate(g.candidates)]
        # the first terms of weighted_score's sum, in its order
        g.own_totals = [sum([weights.get(k, 1.0) * v for k, v in own.items()]) for own in g.own_parts]
    return g.own_parts, g.own_totals


#: a candidate within a few km of a reading of another name of the article gains up to
#: TOGETHER_WEIGHT ("Jackson" and "Madison County": the Jackson that lies in a Madison County), fading
#: over TOGETHER_SCALE_KM; each name's readings count 1/sqrt(their number), so a name found in
#: every state ("Washington") says little, a unique one much
TOGETHER_WEIGHT = 0.8
TOGETHER_SCALE_KM = 30.0
#: the readings of a name that count (its best-ranked), and the kinds of place whose point
#: says where they are (not a country's or a state's conventional middle, a sea's or a region's)
TOGETHER_CANDIDATES = 15
_TOGETHER_CLASSES = frozenset("PSTA")


def _point_like(c: Candidate) -> bool:
    """A reading whose point says where it is, matched by the name as written (not "Albert
    Park" for "Alberta")."""
    return c.feature_class in _TOGETHER_CLASSES and not is_country(c) and not is_admin1(c) \
        and c.geonameid != 0 and c.score_parts.get("name", 1.0) >= NAME_EXACT_ALTERNATE


def _written(g: Group) -> str:
    """The group's name as written (folded), without the kind of place it was called."""
    return g.key.split("\x00")[0]


def _names_a_division(g: Group) -> bool:
    """"Georgia", "Delaware", "New Mexico": a state or country named, whose namesake towns
    are no reading (the region and focus parts weigh it)."""
    return any((is_admin1(x) or is_country(x)) and x.score_parts.get("name", 1.0) >= NAME_EXACT_ALTERNATE
               for x in g.candidates)


def _measure_together(live: list[Group]) -> None:
    """For every candidate, how near it lies to some reading of another name of the article,
    whichever that name turns out to mean: local news names a town and its county, or two
    neighbouring towns, each with namesakes in other states, and only one pair lies together
    ("Cleveland" and "Bradley County": Cleveland, Tennessee, the seat of Bradley County,
    Tennessee; not the Clevelands of Ohio and a dozen other states). Countries and states named are the region and focus parts' evidence."""
    divisions = [_names_a_division(g) for g in live]
    readings = [[] if named else [k for k, c in enumerate(g.candidates) if _point_like(c)]
                for g, named in zip(live, divisions, strict=True)]
    name_ids: dict[str, int] = {}
    name_of = [name_ids.setdefault(_written(g), len(name_ids)) for g in live]
    owners: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    weights: list[float] = []
    for n, (g, mine) in enumerate(zip(live, readings, strict=True)):
        points = {(round(g.candidates[k].lat, 2), round(g.candidates[k].lon, 2))
                  for k in mine if k < TOGETHER_CANDIDATES}
        for lat, lon in points:
            owners.append(n)
            lats.append(lat)
            lons.append(lon)
            weights.append(1.0 / math.sqrt(len(points)))
    if len(set(owners)) < 2:
        return
    # here, not at the top: a text naming one place (a headline, one line of `territory geoparse`)
    # never needs numpy, a third of geoparsing's start-up
    import numpy as np

    owner_name = np.array([name_of[n] for n in owners])
    weight = np.array(weights)
    plat, plon = np.array(lats), np.array(lons)
    for g, mine, name in zip(live, readings, name_of, strict=True):
        if not mine:
            continue
        # another mention of the same name ("Raqqa province" beside "Raqqa") is no other place
        others = owner_name != name
        if not others.any():
            continue
        clat = np.array([g.candidates[k].lat for k in mine])[:, None]
        clon = np.array([g.candidates[k].lon for k in mine])[:, None]
        near = np.exp(-distance_km(clat, clon, plat[others][None, :], plon[others][None, :]) / TOGETHER_SCALE_KM)
        best = (near * weight[others][None, :]).max(axis=1)
        g.together = [0.0] * len(g.candidates)
        for k, value in zip(mine, best, strict=True):
            g.together[k] = float(value)


def _proximity_part(c: Candidate, anchor_countries: set[str], points: list[tuple[float, float, float]]) -> float:
    """Nearness to the nearest anchor (``points``: the anchors' winners, with_cosines); a country
    is near every place inside it (its point is only a conventional middle, far from most of its
    towns), and so near when an anchor lies in it."""
    if is_country(c) and c.country_code in anchor_countries:
        return 0.8
    d = nearest_km_to(c.lat, c.lon, points)
    return round(0.8 * math.exp(-d / 250.0), 4)


@dataclass
class Hints:
    countries: set[str] = field(default_factory=set)
    admin1: set[tuple[str, str]] = field(default_factory=set)
    near: list[Candidate] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    directions: set[str] = field(default_factory=set)
    siblings: list[Candidate] = field(default_factory=list)
    #: (lat, lon, km stated) of the points the text puts the place at ("30 km south of Y")
    stated: list[tuple[float, float, float]] = field(default_factory=list)
    #: the places this name qualifies ("Alvin, Texas": Texas holds Alvin's best candidate)
    contains: list[Candidate] = field(default_factory=list)
    #: (lat, lon, bearing) of the towns the place lies on one side of ("in the eastern
    #: countryside of Y": east of Y, at no stated distance)
    sides: list[tuple[float, float, float]] = field(default_factory=list)

    def any(self) -> bool:
        """Is there any hint at all? (Without one, :func:`_hint_parts` adds no part.)"""
        return bool(self.countries or self.admin1 or self.near or self.types or self.directions
                    or self.siblings or self.stated or self.contains or self.sides)


def _hints(g: Group, rec: Recognition, of_mention: dict[int, Group]) -> Hints:
    h = Hints()
    for inner in g.inner:
        if inner.best is not None and not is_country(inner.best) and not is_admin1(inner.best):
            h.contains.append(inner.best)
    for m in g.mentions:
        if m.country_hint:
            h.countries.add(m.country_hint)
        if m.type_hint:
            h.types.add(m.type_hint)
        if m.direction_hint and m.relation is None:
            h.directions.add(m.direction_hint)
        for x in m.siblings:
            sg = of_mention.get(x)
            if sg is not None and sg is not g:
                c = sg.best or (sg.candidates[0] if sg.candidates else None)
                if c is not None and not is_country(c) and not is_admin1(c):
                    h.siblings.append(c)
        if m.container is not None:
            cg = of_mention.get(m.container)
            if cg is None or cg is g:
                continue
            c = cg.best or (cg.candidates[0] if cg.candidates else None)
            if c is None:
                continue
            if is_country(c):
                h.countries.add(c.country_code)
            elif is_admin1(c):
                h.countries.add(c.country_code)
                if c.admin1:
                    h.admin1.add((c.country_code, c.admin1))
            elif not m.container_by_comma:  # "Paris, Brussels": a list, not a container
                if m.stated_offset is not None:
                    bearing, km = m.stated_offset
                    h.stated.append((*offset_point(c.lat, c.lon, bearing, km), km))
                if m.stated_bearing is not None and m.stated_offset is None \
                        and rec.mentions[m.container].surroundings:
                    # "in the eastern countryside of Y": on that side, however far (a
                    # namesake nearer Y on another side is not the one meant)
                    h.sides.append((c.lat, c.lon, m.stated_bearing))
                else:
                    h.near.append(c)
                if c.admin1 and c.feature_code in DIVISION_SEATS and rec.mentions[m.container].surroundings:
                    # "X in Idlib countryside": the countryside of a division's seat is the division's
                    h.admin1.add((c.country_code, c.admin1))
    return h


def _hint_parts(c: Candidate, h: Hints, unknown_population: frozenset[str] = frozenset()) -> dict[str, float]:
    parts: dict[str, float] = {}
    if h.contains and (is_country(c) or is_admin1(c)) and any(
            x.country_code == c.country_code and (is_country(c) or x.admin1 == c.admin1) for x in h.contains):
        parts["contains"] = CONTAINS_WEIGHT  # "Alvin, Texas": the state Alvin lies in, not Texas City
    if is_country(c):
        return parts  # a country lies in no country ("Tunisia, Morocco" is a list)
    if h.countries:
        parts["qualifier"] = 1.2 if c.country_code in h.countries else -0.8
    if h.admin1:
        parts["qualifier"] = parts.get("qualifier", 0.0) + (
            0.6 if (c.country_code, c.admin1) in h.admin1 else -0.2)
    if h.near:
        d = nearest_km(c.lat, c.lon, [(x.lat, x.lon) for x in h.near])
        parts["qualifier"] = parts.get("qualifier", 0.0) + round(1.0 * math.exp(-d / 100.0), 4)
    if h.siblings:
        d = nearest_km(c.lat, c.lon, [(x.lat, x.lon) for x in h.siblings])
        parts["list"] = round(LIST_WEIGHT * math.exp(-d / LIST_SCALE_KM), 4)
    if h.stated:
        parts["stated"] = _stated_part(c, h.stated)
    elif h.sides:
        parts["stated"] = _side_part(c, h.sides)
    if h.types:
        ok = any(_type_ok(c, t) for t in h.types)
        parts["type"] = 1.0 if ok else -0.6
        if ok and h.types & _POPULATED_HINTS and c.feature_class == "P":
            # a "town" or "city" has people: an entry without a population figure is most
            # often a hamlet that shares the name (where figures are recorded at all)
            parts["type"] += round(0.4 * min(1.0, math.log10(counted_population(c, unknown_population) + 1) / 5), 4)
    return parts


def _stated_part(c: Candidate, stated: list[tuple[float, float, float]]) -> float:
    """Nearness to the point the text states ("30 km south of Kirkuk"): a stated distance
    is a round figure, so the tolerance grows with it (a quarter of it, at least 10 km)."""
    best = 0.0
    for lat, lon, km in stated:
        off = distance_km(c.lat, c.lon, lat, lon)
        best = max(best, math.exp(-off / max(STATED_MIN_TOLERANCE_KM, STATED_TOLERANCE * km)))
    return round(STATED_WEIGHT * best, 4)


#: a candidate on the side of the town the text names ("in the eastern countryside of Y") gains
#: SIDE_WEIGHT: within SIDE_SPREAD degrees of the bearing named, and beyond SIDE_MIN_KM of the
#: town (closer, the bearing of a point says little)
#: and within SIDE_MAX_KM (a governorate's reach: farther, it is no countryside of the town)
SIDE_WEIGHT = 0.8
SIDE_SPREAD = 67.5
SIDE_MIN_KM = 3.0
SIDE_MAX_KM = 150.0


def _side_part(c: Candidate, sides: list[tuple[float, float, float]]) -> float:
    """SIDE_WEIGHT when the candidate lies on the side named of a town, else 0."""
    for lat, lon, bearing in sides:
        if not SIDE_MIN_KM <= distance_km(lat, lon, c.lat, c.lon) <= SIDE_MAX_KM:
            continue
        off = abs((bearing_deg(lat, lon, c.lat, c.lon) - bearing + 180.0) % 360.0 - 180.0)
        if off <= SIDE_SPREAD:
            return SIDE_WEIGHT
    return 0.0


#: type hints a town satisfies: "the town of X", and "<direction> of X" (measured from a town,
#: a river or a range: REFERENCE_CODES)
_POPULATED_HINTS = frozenset(("populated", "reference"))
#: the first word of "Mount X" as the gazetteer folds it
_MOUNT = fold("Mount")
#: feature codes besides towns that "east of X" measures from ("east of the Euphrates")
REFERENCE_CODES = frozenset(("STM", "MT", "MTS"))


def _type_ok(c: Candidate, hint: str) -> bool:
    if hint == "reference":
        return c.feature_class == "P" or c.feature_code in REFERENCE_CODES
    if hint == "mountain" and c.feature_class == "P" and fold(c.name).split()[:1] == [_MOUNT]:
        return True  # "Mount Pleasant", "Mt. Vernon": a town named for its hill is a town
    cls, prefixes = TYPE_ACCEPTS.get(hint, ("", ()))
    if c.feature_class != cls:
        return False
    return not prefixes or c.feature_code.startswith(prefixes)
