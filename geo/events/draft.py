"""Events while they are assembled, and how two tellings of one event are merged."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

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
    # of every kept draft made a long article quadratic)
    by_place: dict[tuple[str, object], list[int]] = defaultdict(list)
    for d in drafts:
        bucket = by_place[(d.category, _place_key(d))]
        pos = next((i for i in bucket if _same(kept[i], d)), None)
        if pos is None:
            bucket.append(len(kept))
            kept.append(d)
            continue
        twin = kept[pos]
        better, other = (d, twin) if _precision(d) < _precision(twin) else (twin, d)
        for name in ("killed", "wounded", "breakdown", "gained_by", "lost_by", "holder", "actor1", "actor2"):
            if getattr(better, name) is None and getattr(other, name) is not None:
                setattr(better, name, getattr(other, name))
        if better is d:
            kept[pos] = d
    return kept


def _precision(d: Draft) -> int:
    return d.dates[2] if d.dates else 4


def _same(a: Draft, b: Draft) -> bool:
    if a.category != b.category or _place_key(a) != _place_key(b):
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
    if (a.gained_by and a.gained_by == b.lost_by) or (b.gained_by and b.gained_by == a.lost_by):
        return False  # taken by one side, retaken by the other
    if a.dates is None or b.dates is None:
        return True
    return a.dates[0] <= b.dates[1] and b.dates[0] <= a.dates[1]


def _place_key(d: Draft) -> object:
    return place_key(d.toponym.geonameid, (d.toponym.name or d.toponym.text).lower())
