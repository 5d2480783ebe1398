"""Events while they are assembled, and how two tellings of one event are merged."""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from geo.geom import distance_km
from geo.records import ATTACK, CLAIM, Toponym, place_key


@dataclass
class Draft:
    """An event while it is being assembled (Event itself is frozen)."""

    category: str
    rule: str
    event_type: str
    sub_event_type: str
    toponym: Toponym
    sent: tuple[int, int]
    anchor: int  # local offset of the trigger (or figure) in the sentence
    trigger_end: int
    dates: tuple[date, date, int] | None = None
    actor1: str | None = None
    actor2: str | None = None
    gained_by: str | None = None
    lost_by: str | None = None
    holder: str | None = None
    killed: int | None = None
    wounded: int | None = None
    breakdown: str | None = None
    metric: str | None = None
    value: float | None = None
    value_low: float | None = None
    value_high: float | None = None
    unit: str | None = None
    extras: dict[str, object] = field(default_factory=dict)


#: Attack kinds that say only that someone was attacked: the same incident as any specific kind.
GENERIC_ATTACKS = frozenset({"Attack", ""})


def dedupe(drafts: list[Draft]) -> list[Draft]:
    """The same (category, place, overlapping dates) told twice is one event; claims match on
    their figure instead of dates. The more precisely dated telling is kept."""
    kept: list[Draft] = []
    # twins share category and place: compare each draft with those of its own place only (a scan
    # of every kept draft made a long article quadratic), and there only with the tellings that
    # can be its twins (a scan of the place's every event made a long list of incidents at a few
    # places quadratic)
    by_place: dict[tuple[str, object], _Bucket] = defaultdict(_Bucket)
    for d in drafts:
        bucket = by_place[(d.category, _place_key(d))]
        pos = next((i for i in bucket.candidates(d) if _same(kept[i], d, same_place=True)), None)  # the bucket shares the place key
        if pos is None:
            bucket.add(len(kept), d)
            kept.append(d)
            continue
        kept[pos] = _merged(kept[pos], d)
        if kept[pos] is d:
            bucket.add(pos, d)  # found under its new telling too (what it was found under stays: checked again)
    return _merge_nested_attacks(kept)


def _merged(twin: Draft, d: Draft) -> Draft:
    """One telling of two: the more precisely dated, filled in from the other; the larger toll
    ("at least 67 dead" early in the story, "76 had died" later) as UCDP keeps a source's largest."""
    better, other = (d, twin) if _precision(d) < _precision(twin) else (twin, d)
    _take_tolls(better, other)
    for name in ("gained_by", "lost_by", "holder", "actor1", "actor2"):
        if getattr(better, name) is None and getattr(other, name) is not None:
            setattr(better, name, getattr(other, name))
    return better


def _take_tolls(keep: Draft, other: Draft) -> None:
    """The larger of two tellings' killed and wounded, with where the figure came from."""
    if other.killed is not None and (keep.killed is None or other.killed > keep.killed):
        keep.killed, keep.breakdown = other.killed, other.breakdown
        keep.extras["casualties_next_sentence"] = bool(other.extras.get("casualties_next_sentence"))
    if other.wounded is not None and (keep.wounded is None or other.wounded > keep.wounded):
        keep.wounded = other.wounded


#: a quarter of a city lies within this distance of the city's point
_QUARTER_KM = 15.0


def _merge_nested_attacks(drafts: list[Draft]) -> list[Draft]:
    """An attack told at a city and again at one of its quarters, the same day and of the same
    kind ("a truck bomb in a Baghdad market", "the truck bomb in Sadr City") is one incident,
    kept at the quarter (its sentence, its mention). Two tellings that each give a different
    toll in their own sentence are two incidents ("18 killed in Kadhimiyah", "63 in Sadr City")."""
    out = list(drafts)
    for quarter in [d for d in drafts if d.category == ATTACK and (is_quarter(d.toponym) or _retold_in_a_part(d))]:
        city = next((c for c in out if c is not quarter and c.category == ATTACK and contains_quarter(c.toponym, quarter.toponym)
                     and _same(c, quarter, same_place=True) and not _own_tolls_differ(c, quarter)), None)
        if city is None:
            continue
        _absorb(quarter, city)
        out = [x for x in out if x is not city]
    return out


def _absorb(keep: Draft, other: Draft) -> None:
    """Fill ``keep`` (whose sentence and mention stay) from another telling of its event."""
    if _precision(other) < _precision(keep):
        keep.dates = other.dates
    _take_tolls(keep, other)
    for name in ("actor1", "actor2"):
        if getattr(keep, name) is None:
            setattr(keep, name, getattr(other, name))


#: the relation the geoparser gives a quarter it places at its town (geo.geoparse.districts)
_ESTIMATED_PART = "estimated: part of "


def _retold_in_a_part(d: Draft) -> bool:
    """"The attack occurred at the entrance to the city's X district": the attack told before,
    told again (a definite "the attack") at a quarter the gazetteer lacks, placed at its town."""
    return bool(d.extras.get("retold")) and (d.toponym.relation or "").startswith(_ESTIMATED_PART)


def is_quarter(t: Toponym) -> bool:
    """A section of a populated place (GeoNames PPLX: a neighbourhood, a district of a city)."""
    return (t.feature_code or "").upper() == "PPLX" and t.lat is not None


def contains_quarter(city: Toponym, quarter: Toponym) -> bool:
    """``quarter`` can be a part of the town ``city`` (within ``_QUARTER_KM`` of it)."""
    code = (city.feature_code or "").upper()
    if not code.startswith("PPL") or code == "PPLX" or city.lat is None or city.lon is None:
        return False
    assert quarter.lat is not None and quarter.lon is not None
    return distance_km(city.lat, city.lon, quarter.lat, quarter.lon) <= _QUARTER_KM


def _own_tolls_differ(a: Draft, b: Draft) -> bool:
    """Both state a toll in their own sentence, and not the same one."""
    own = [d.killed for d in (a, b) if d.killed is not None and not d.extras.get("casualties_next_sentence")]
    return len(own) == 2 and own[0] != own[1]


class _Bucket:
    """The kept drafts of one category and place, indexed by what :func:`_same` needs to hold:
    the kind of attack (two kinds are two attacks), the sentence, and the dates (undated, or by
    the weeks their window spans). :meth:`candidates` lists, in the order they were kept, every
    draft that may be a twin (a few more: each is checked by :func:`_same`)."""

    def __init__(self) -> None:
        self.by_kind: dict[object, list[int]] = defaultdict(list)  # every draft, per kind
        self.undated: dict[object, list[int]] = defaultdict(list)
        self.by_week: dict[tuple[object, int], list[int]] = defaultdict(list)
        self.by_sentence: dict[tuple[int, int], list[int]] = defaultdict(list)

    def add(self, pos: int, d: Draft) -> None:
        kind = _kind(d)
        _insert(self.by_kind[kind], pos)
        _insert(self.by_sentence[d.sent], pos)
        if d.dates is None:
            _insert(self.undated[kind], pos)
        else:
            for week in _weeks(d.dates):
                _insert(self.by_week[(kind, week)], pos)

    def candidates(self, d: Draft) -> Iterator[int]:
        kinds = self._kinds(d)
        if d.category == CLAIM:
            lists = [self.by_kind.get(_kind(d), [])]  # the same figure, whatever the dates
        elif d.dates is None:
            lists = [self.by_kind[k] for k in kinds if k in self.by_kind]
        else:
            lists = [self.undated[k] for k in kinds if k in self.undated]
            lists += [self.by_week[(k, w)] for k in kinds for w in _weeks(d.dates) if (k, w) in self.by_week]
        if d.category == ATTACK and d.sub_event_type not in GENERIC_ATTACKS:
            lists.append(self.by_sentence.get(d.sent, []))  # one sentence telling two kinds may be one attack
        last = -1
        for pos in heapq.merge(*lists):
            if pos != last:
                yield pos
                last = pos

    def _kinds(self, d: Draft) -> list[object]:
        """The kinds of the drafts that may be twins of ``d``."""
        if d.category == ATTACK and d.sub_event_type not in GENERIC_ATTACKS:
            return [_kind(d), *(("attack", g) for g in sorted(GENERIC_ATTACKS))]
        return list(self.by_kind)  # a generic attack, or no kinds: any


def _kind(d: Draft) -> object:
    if d.category == CLAIM:
        return ("claim", d.metric, d.value)  # claims are twins by figure alone
    if d.category == ATTACK:
        return ("attack", d.sub_event_type)
    return None


def _weeks(dates: tuple[date, date, int]) -> range:
    return range(dates[0].toordinal() // 7, dates[1].toordinal() // 7 + 1)


def _insert(positions: list[int], pos: int) -> None:
    """Keep ``positions`` sorted and without repeats (a draft is mostly added at the end)."""
    if not positions or positions[-1] < pos:
        positions.append(pos)
    elif pos not in positions:
        bisect.insort(positions, pos)


def _precision(d: Draft) -> int:
    return d.dates[2] if d.dates else 4


def _same(a: Draft, b: Draft, same_place: bool = False) -> bool:
    """Two tellings of one event (``same_place``: the caller has matched their places)."""
    if a.category != b.category or (not same_place and _place_key(a) != _place_key(b)):
        return False
    if a.category == CLAIM:
        return a.metric == b.metric and a.value == b.value
    if a.category == ATTACK and a.sub_event_type != b.sub_event_type and a.sent != b.sent \
            and a.sub_event_type not in GENERIC_ATTACKS and b.sub_event_type not in GENERIC_ATTACKS:
        # a bombing and an airstrike at one place are two attacks, unless one sentence tells
        # them ("a suicide bomber and a car bomb struck X") or one only says "an attack"
        return False
    if a.sent == b.sent and ("elliptic_place" in a.extras or "elliptic_place" in b.extras):
        return False  # "one killed in a bombing in X while 11 were killed in clashes": two tolls, two incidents
    if ("elliptic_place" in a.extras or "elliptic_place" in b.extras) and _own_tolls_differ(a, b):
        return False  # "Later, two suicide bombers ... killing six": placed at the story's place, a toll of its own
    if (a.gained_by and a.gained_by == b.lost_by) or (b.gained_by and b.gained_by == a.lost_by):
        return False  # taken by one side, retaken by the other
    if a.dates is None or b.dates is None:
        return True
    return a.dates[0] <= b.dates[1] and b.dates[0] <= a.dates[1]


def _place_key(d: Draft) -> object:
    return place_key(d.toponym.geonameid, (d.toponym.name or d.toponym.text).lower())
