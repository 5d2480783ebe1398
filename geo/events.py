"""Events: who took which town when, which attacks killed how many, each traced to its sentence.

:func:`extract_events` reads one article sentence by sentence. A trigger from the lexicon
(``geo/data/events/triggers.csv``: "captured", "fell to", "broke the siege of", "keeping its grip
on", "suicide bombing", "airstrike", ...) opens an event; the place is the toponym the trigger
governs (see :mod:`geo._events_place`); actors come from the alias table (:mod:`geo.actors`) in
their roles (who gained, who lost, who attacked); killed/wounded, areas and percentages from
:mod:`geo._numbers`; the date from the expression nearest the trigger, resolved against the
publication date (:mod:`geo._dates`). Claims ("ISIS lost 40% of its territory in Iraq") are
figures of territory lost or held tied to the country or region they are about.

Each event is one (what, where, when): a trigger governing several places gives one event per
place, a sentence with several triggers several events, and an event told twice in one article
is kept once.

Examples
--------
>>> from datetime import date
>>> from geo.records import Article, Toponym
>>> text = "On Friday, Kurdish forces recaptured the town of Kobani from ISIS."
>>> art = Article("a.txt", text, published=date(2015, 1, 27), published_estimated=False)
>>> kobani = Toponym("a.txt", 49, 55, "Kobani", name="Kobani", lat=36.89, lon=38.35,
...                  geonameid=1, country_code="SY", feature_code="PPL")
>>> [(e.category, e.place, e.gained_by, e.lost_by, str(e.date_start)) for e in extract_events(art, [kobani])]
[('control_change', 'Kobani', 'Kurdish forces', 'ISIS', '2015-01-23')]
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from geo import _events_place as _place
from geo._dates import DateMention, default_window, find_dates
from geo._numbers import Quantity, find_casualties, find_quantities, summarise
from geo._text import sentence_spans
from geo._triggers import Trigger, find_triggers
from geo.actors import ActorMention, find_actors, is_state
from geo.records import Article, Event, Toponym

__all__ = ["extract_events", "CATEGORIES"]

#: The event categories of ``../shared/CONTRACT.md``.
CATEGORIES = ("control_change", "control_state", "attack", "claim")

#: Words right before a trigger that make it not (yet) an event: plans, threats, negation, and
#: backgrounded time frames ("during their offensive").
_MODAL = re.compile(
    r"\b(?:plan|plans|planned|planning|will|would|could|might|(?-i:may)|threat|threaten|threatens|threatened|"
    r"vow|vowed|vows|prepare|prepares|preparing|prepared|intend|intends|aim|aims|aimed|expected|hope|hopes|"
    r"try|trying|tried|attempt|attempting|failed|fail|no|not|never|without|during|amid|throughout|ahead\s+of|"
    r"can|cannot|able|unable|possible|potential|future|next|new\s+round\s+of|fear|fears|feared)\b[^.;:]{0,25}$"
    # the purpose of a campaign is not its outcome: "began its offensive to capture Manbij"
    r"|\b(?:offensive|campaign|operation|push|bid|effort|drive|battle|fight|mission|order|orders|ordered|call|calls|called)\s+to\s+$",
    re.I,
)
#: Attack words that are perpetrated by the article's main armed group unless another actor is
#: named (bombings and executions are not carried out by air forces).
_TERROR = ("suicide_bomb", "car_bomb", "chemical", "executions", "attack", "downing")
#: Verbs whose subject lost or held territory, for claims.
_LOSS_VERB = re.compile(r"\b(?:lost|lose|loses|losing|loss|losses|ceded|cede|surrendered|shrunk|shrank|shed|retaken\s+from|recaptured\s+from)\b", re.I)
_HOLD_VERB = re.compile(r"\b(?:holds?|held|holding|controls?|controlled|controlling|occupies|occupied|rules?|ruled)\b", re.I)
_GAIN_VERB = re.compile(r"\b(?:gained|gains|captured|seized|took|taken|overran|overrun|conquered|retook|recaptured|liberated|reclaimed)\b", re.I)
_TERRITORY_AFTER = re.compile(
    r"^\s*(?:of\s+(?:(?:its|their|the|his|her|that|this|all|[A-Z][\w.-]*[’']s?)\s+)?(?:[A-Za-z’'-]+\s+){0,2}?"
    r"(?:territory|territories|land|lands|ground|area|areas|terrain)\b|of\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:territory|land))",
)
#: Adjectives of nationality: "the Iraqi territory it once held" is a claim about Iraq.
#: Source: ISO 3166-1 country names and their English demonyms (CIA World Factbook, "Nationality").
DEMONYMS = {
    "Iraqi": "IQ", "Syrian": "SY", "Libyan": "LY", "Egyptian": "EG", "Turkish": "TR", "Lebanese": "LB",
    "Jordanian": "JO", "Afghan": "AF", "Yemeni": "YE", "Nigerian": "NG", "Malian": "ML", "Somali": "SO",
    "Saudi": "SA", "Iranian": "IR", "Pakistani": "PK", "Tunisian": "TN", "Algerian": "DZ",
    "Filipino": "PH", "Philippine": "PH", "Indonesian": "ID", "Bangladeshi": "BD",
}


@dataclass
class _Draft:
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


def extract_events(article: Article, toponyms: list[Toponym]) -> list[Event]:
    """Extract control changes, control states, attacks and claims from one article.

    Parameters
    ----------
    article
        The article; ``published`` anchors relative dates ("last week", "In December").
    toponyms
        The geoparser's resolved toponyms for this article (every occurrence, with offsets).

    Returns
    -------
    list of Event
        In text order; deterministic. Events without a resolvable place are not emitted; without
        a date in the text the window is the weeks before publication (precision 3); without a
        publication date either, the event is dropped (it cannot be placed in time).
    """
    text = article.text
    tops = sorted((t for t in toponyms if t.lat is not None and t.lon is not None), key=lambda t: (t.start, t.end))
    main_actor = _main_actor(text)
    country_tops = _country_toponyms(tops)
    drafts: list[_Draft] = []
    previous: list[_Draft] = []
    for s, e in sentence_spans(text):
        sent = text[s:e]
        local = [replace(t, start=t.start - s, end=t.end - s) for t in tops if s <= t.start and t.end <= e and _place.plausible(t)]
        local = _outside_dates(sent, local, article.published)
        found = _sentence_events(sent, (s, e), local, article, main_actor, country_tops)
        if not found and previous:
            _carry_casualties(sent, previous)
        drafts.extend(found)
        previous = found or ([] if _mentions_place(local) else previous)
    drafts = _dedupe(drafts)
    events = [ev for ev in (_to_event(d, article) for d in drafts) if ev is not None]
    events.sort(key=lambda ev: (ev.evidence_start, ev.mention_start or 0, ev.category, ev.event_id))
    return events


# --- one sentence ------------------------------------------------------------------------------


def _sentence_events(
    sent: str,
    span: tuple[int, int],
    tops: list[Toponym],
    article: Article,
    main_actor: str | None,
    country_tops: dict[str, Toponym],
) -> list[_Draft]:
    triggers = [t for t in find_triggers(sent) if not _MODAL.search(sent[max(0, t.start - 40): t.start])]
    if any(t.rule.category in ("attack", "control_change") and t.rule.voice != "attack_weak" for t in triggers):
        # "killed" is an attack of its own only when nothing else in the sentence did the killing.
        triggers = [t for t in triggers if t.rule.voice != "attack_weak"]
    actors = find_actors(sent)
    dates = find_dates(sent, article.published)
    out: list[_Draft] = []
    claimed: set[int] = set()  # local starts of toponyms already given a control change
    for trig in triggers:
        for top in _governed(sent, trig, tops, triggers, _body_start(article.text, span[0])):
            if trig.rule.category == "control_state" and top.start in claimed:
                continue
            draft = _Draft(trig.rule.category, trig.rule.name, trig.rule.event_type, trig.rule.sub_event_type,
                           top, span, trig.start, trig.end)
            _roles(draft, sent, trig, top, actors, main_actor)
            out.append(draft)
            if trig.rule.category == "control_change":
                claimed.add(top.start)
    out = [d for d in out if not (d.category == "control_state" and d.toponym.start in claimed)]
    out.extend(_claims(sent, span, tops, actors, main_actor, country_tops, out))
    if not any(d.category == "attack" for d in out):
        out.extend(_killed_claims(sent, span, tops, actors, main_actor))
    _attach_numbers(sent, out, triggers)
    for d in out:
        d.dates = _nearest_date(dates, d.anchor, d.trigger_end, triggers)
    return out


def _governed(sent: str, trig: Trigger, tops: list[Toponym], triggers: list[Trigger], span_start: int = 1) -> list[Toponym]:
    """The pointable toponyms the trigger is about, by its voice (``span_start`` 0: the article's
    first sentence, which may open with a dateline)."""
    voice = trig.rule.voice
    found: list[Toponym] = []
    if voice in ("active", "expel", "loss", "siege", "state", "fall_of", "state_pre"):
        passive = voice == "active" and re.search(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", sent[:trig.start])
        if passive:
            before = _place.place_before(sent, trig.start, tops, max_gap=8)
            found = [before] if before else []
        else:
            after = _place.places_after(sent, trig.end, tops, max_gap=16, need_locative=False)
            found = after
            if found and voice in ("active", "expel", "loss", "siege") and _place.PERSON_OBJECT.match(sent[trig.end:found[0].start]):
                found = []
    elif voice == "fell_to":
        before = _place.place_before(sent, trig.start, tops, max_gap=8)
        found = [before] if before else []
    elif voice == "state_by":
        before = _place.place_before(sent, trig.start, tops, max_gap=6)
        found = [before] if before else []
    elif voice == "weak":
        found = _weak_place(sent, trig, tops)
    elif voice in ("attack", "attack_verb", "attack_weak"):
        after = _place.places_after(sent, trig.end, tops, max_gap=6 if voice == "attack_verb" else 12,
                                    need_locative=voice != "attack_verb")
        found = [t for t in after if _place.pointable(t)]
        if not found and voice == "attack":
            near = (_place.modifier_place(sent, trig.start, tops) or _place.opening_place(sent, trig.start, tops)
                    or _place.struck_place(sent, trig.start, tops) or _place.dateline_place(sent, span_start, tops))
            found = [near] if near else []
        # A place another trigger already governs in the same stretch ("forced out of Kobani by
        # forces backed by airstrikes") is that trigger's, not this one's.
        found = [t for t in found if not _owned_by_other(sent, trig, t, triggers)]
    return [t for t in found if t is not None and _place.pointable(t)]


def _body_start(text: str, start: int) -> int:
    """0 when the sentence at ``start`` is the first of the article body (after a title line)."""
    head = text[:start]
    return 0 if head.count("\n") <= 2 and len(head) < 200 else start


def _owned_by_other(sent: str, trig: Trigger, top: Toponym, triggers: list[Trigger]) -> bool:
    for other in triggers:
        if other is trig:
            continue
        if trig.end <= other.start <= top.start:
            return True  # another trigger sits between this one and the place
    return False


def _weak_place(sent: str, trig: Trigger, tops: list[Toponym]) -> list[Toponym]:
    """"Stronghold"/"de facto capital" describe a place only when the sentence is about it.

    "Raqqa, the group's de facto capital, came under heavy bombardment" is about Raqqa; "... fled
    Raqqa, the de facto ISIS capital" in a sentence about something else is background and no
    event (the place then has its own events elsewhere).
    """
    first = next(iter(tops), None)
    if first is None or _place.n_tokens(sent[:first.start]) > 2 or first.end > trig.start:
        return []
    gap = sent[first.end:trig.start]
    if re.match(r"^\s*(?:,\s*(?:the|its|their|[\w’']+['’]s)\s|\s+(?:is|was|remains|remained|has\s+been)\s+(?:the|an?|its|their|still)\s)", gap, re.I) and _place.n_tokens(gap) <= 5:
        return [first]
    return []


def _roles(draft: _Draft, sent: str, trig: Trigger, top: Toponym, actors: list[ActorMention], main: str | None) -> None:
    """Fill gained_by/lost_by/holder/actor1/actor2 from where the actors stand."""
    voice = trig.rule.voice
    clause_start = _clause_start(sent, trig.start)
    subject = _first_actor(actors, clause_start, trig.start) or _group_subject(sent, clause_start, trig.start, main)
    if subject is None and re.search(r"\b(?:they|it)\b", sent[clause_start:trig.start], re.I):
        # "... overran Mosul on Tuesday, and on Wednesday they seized Tikrit": the pronoun is the
        # sentence's first-named actor.
        subject = _first_actor(actors, 0, clause_start) or _group_subject(sent, 0, len(sent), main, anaphor=_PRONOUN)
    after = [a for a in actors if a.start >= trig.end and not a.supporting]
    by_actor = _after_word(sent, actors, trig.end, "by")
    between = next((a for a in after if a.end <= top.start), None)
    passive = re.search(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", sent[:trig.start]) is not None
    if draft.category == "control_change":
        gained = lost = None
        if voice == "active" and trig.rule.name.endswith("_of"):
            # "the recapture of Tikrit by Iraqi forces", "ISIS's capture of Mosul": a noun's
            # agent follows "by" or precedes it as a possessive, never the sentence subject.
            owner = next((a for a in reversed(actors) if a.end <= trig.start and re.match(r"^['’]s?\s+(?:\w+\s+)?$", sent[a.end:trig.start])), None)
            gained, lost = by_actor or owner, _after_word(sent, actors, trig.end, "from")
        elif voice == "active" and not passive:
            gained, lost = subject, _after_word(sent, actors, trig.end, "from") or between
        elif voice == "active":
            gained, lost = by_actor, None
        elif voice == "expel":
            object_actor = next((a for a in after if a.start < trig.end + 40), None) if not passive else None
            gained = by_actor if passive else subject
            lost = subject if passive else object_actor
            if not passive and object_actor is None:
                lost = between
        elif voice == "loss":
            lost, gained = subject, by_actor
        elif voice == "fell_to":
            lost, gained = None, next((a for a in after if a.start - trig.end <= 30), None)
            if gained is None:
                gained = _group_subject(sent, trig.end, trig.end + 30, main)
        elif voice == "fall_of":
            lost, gained = None, _after_word(sent, actors, top.end, "to")
            anaphor = re.match(r"\s+to\s+(?:the\s+)?", sent[top.end:])
            if gained is None and anaphor:
                gained = _group_subject(sent, top.end + anaphor.end(), top.end + anaphor.end() + 20, main)
        elif voice == "siege":
            gained = subject
            lost = between or by_actor
        draft.gained_by = gained.name if gained else None
        draft.lost_by = lost.name if lost else None
        if draft.lost_by is None and draft.gained_by is not None and draft.gained_by != main and main is not None:
            draft.lost_by = main  # the article's main armed group is the other side
        if draft.gained_by is None and draft.lost_by is not None and draft.lost_by != main and main is not None:
            draft.gained_by = main
        if draft.gained_by == draft.lost_by:
            draft.lost_by = None
        draft.actor1, draft.actor2 = draft.gained_by, draft.lost_by
        if trig.rule.name == "siege_broken":
            draft.extras["action"] = "siege_broken"
        state = is_state(draft.gained_by) if draft.gained_by else is_state(None) or (draft.lost_by == main)
        draft.sub_event_type = "Government regains territory" if state else "Non-state actor overtakes territory"
    elif draft.category == "control_state":
        holder = None
        if voice == "state_by":
            holder = by_actor or next((a for a in after), None)
        elif voice == "state_pre":
            holder = next((a for a in reversed(actors) if a.end <= trig.start and trig.start - a.end <= 1), None)
        else:
            holder = subject
        if voice == "weak":
            holder = next((a for a in actors if a.start >= top.end), None)
        draft.holder = holder.name if holder else main
        draft.actor1 = draft.holder
    elif draft.category == "attack":
        np_start = _noun_phrase_start(sent, trig.start)
        modifier = next((a for a in actors if np_start <= a.start and a.end <= trig.start), None)
        perpetrator = modifier or by_actor or subject
        if perpetrator is None and trig.rule.name in _TERROR:
            perpetrator = _claimed_by(sent, actors, trig.start)
        if perpetrator is None and trig.rule.name in _TERROR and main is not None:
            perpetrator = None
            draft.actor1 = main
        else:
            draft.actor1 = perpetrator.name if perpetrator else None
        target = _after_word(sent, actors, trig.end, "on") or _after_word(sent, actors, trig.end, "against")
        draft.actor2 = target.name if target and target.name != draft.actor1 else None


#: "The group seized Palmyra": an anaphor for the article's main armed group.
_GROUP_ANAPHOR = re.compile(r"\b(?:the\s+)?(?:group|militants|extremists|insurgents|jihadi\s+group|terror\s+group|terrorist\s+group)\b", re.I)


_PRONOUN = re.compile(r"\b(?:it|they)\b", re.I)


def _group_subject(sent: str, lo: int, hi: int, main: str | None, anaphor: re.Pattern[str] = _GROUP_ANAPHOR) -> ActorMention | None:
    """The article's main armed group, when ``sent[lo:hi]`` refers to it as "the group" (or,
    given ``anaphor``, as "it"/"they")."""
    if main is None or is_state(main):
        return None
    m = anaphor.search(sent[:hi], lo)
    if m is None:
        return None
    return ActorMention(m.start(), m.end(), m.group(), main, False)


def _claimed_by(sent: str, actors: list[ActorMention], pos: int) -> ActorMention | None:
    claims = list(re.finditer(r"\bclaimed\s+(?:responsibility|credit)\s+for\b", sent[:pos]))
    if not claims:
        return None
    m = claims[-1]
    return next((a for a in reversed(actors) if a.end <= m.start()), None)


def _clause_start(sent: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after "when", "while", ";", ", but" ...)."""
    start = 0
    for m in re.finditer(r";|:|\b(?:when|while|whereas|but|after|before|because|although|which|who)\b|,\s+and\b", sent[:pos], re.I):
        start = m.end()
    return start


def _first_actor(actors: list[ActorMention], lo: int, hi: int) -> ActorMention | None:
    return next((a for a in actors if lo <= a.start and a.end <= hi and not a.supporting), None)


def _after_word(sent: str, actors: list[ActorMention], pos: int, word: str) -> ActorMention | None:
    """The actor right after the first ``word`` ("by", "from") following ``pos`` in the clause."""
    rest = sent[pos:]
    stop = re.search(r"[;:]|\b(?:which|who|while|but|said)\b", rest)
    limit = pos + (stop.start() if stop else len(rest))
    for m in re.finditer(rf"\b{word}\s+(?:the\s+)?", sent[pos:limit], re.I):
        at = pos + m.end()
        for a in actors:
            if at <= a.start <= at + 25 and not a.supporting:
                return a
    return None


def _noun_phrase_start(sent: str, pos: int) -> int:
    """Back from a trigger noun over its determiner and modifiers ("an ISIS chemical weapons attack")."""
    marks = list(re.finditer(r"\b(?:a|an|the|its|their|his|her)\b|[,;:]", sent[:pos], re.I))
    return marks[-1].start() if marks else max(0, pos - 40)


# --- claims ------------------------------------------------------------------------------------


def _claims(
    sent: str,
    span: tuple[int, int],
    tops: list[Toponym],
    actors: list[ActorMention],
    main: str | None,
    country_tops: dict[str, Toponym],
    control: list[_Draft],
) -> list[_Draft]:
    """Figures of territory lost, held or gained, each with the country or region it is about."""
    quantities = find_quantities(sent)
    figures = [q for q in quantities if q.kind in ("percent", "area")]
    out: list[_Draft] = []
    prev_metric: str | None = None
    prev_end = 0
    for i, q in enumerate(figures):
        of_country = any(_place.is_country(t) or t.geo_precision == 3 for t in tops
                         if t.start >= q.end and re.fullmatch(r"\s+of\s+(?:the\s+)?(?:whole\s+of\s+)?", sent[q.end:t.start]))
        metric = _claim_metric(sent, q, prev_metric, prev_end, of_country)
        prev_end = q.end
        if metric is None:
            continue
        prev_metric = metric
        if q.kind == "area":
            owner = _control_owner(control, q)
            if owner is not None and owner.metric is None:
                owner.metric, owner.value, owner.unit = "area_km2", q.value, "km2"
                owner.value_low, owner.value_high = q.low, q.high
                continue
        nxt = figures[i + 1].start if i + 1 < len(figures) else len(sent)
        top = _claim_place(sent, q, nxt, tops, country_tops)
        if top is None:
            continue
        kind = "pct" if q.kind == "percent" else "km2"
        draft = _Draft("claim", "claim", "Strategic developments", "Other", top, span, q.start, q.end)
        draft.metric = f"territory_{metric}_{kind}" if kind == "pct" else f"area_{metric}_km2"
        draft.value, draft.value_low, draft.value_high = q.value, q.low, q.high
        draft.unit = "%" if kind == "pct" else "km2"
        draft.extras["figure"] = q.text
        # The group that lost or holds is the last one named before the figure ("the US
        # military announced that ISIS had lost ...").
        who = next((a for a in reversed(actors) if a.end <= q.start and not a.supporting), None)
        draft.actor1 = who.name if who else main
        draft.holder = draft.actor1 if metric == "held" else None
        out.append(draft)
    return _one_claim_per_place(out)


#: A cumulative toll ("have been killed since 2014", "so far this year") is a claim, not an attack.
_CUMULATIVE = re.compile(r"\b(?:since|so\s+far|to\s+date|in\s+total|altogether|over\s+the\s+(?:past|last)|this\s+year|"
                         r"campaign|war|conflict|throughout|in\s+all\s+of)\b", re.I)
_FIGHTERS = re.compile(r"\b(?:fighters|militants|jihadis|jihadists|combatants|insurgents|members)\b", re.I)


def _killed_claims(sent: str, span: tuple[int, int], tops: list[Toponym], actors: list[ActorMention], main: str | None) -> list[_Draft]:
    """"Coalition strikes have killed more than 20,000 militants in Syria since 2014": a claim
    of fighters killed, tied to the one country or region named right after the figure."""
    out = []
    for h in find_casualties(sent):
        if h.what != "killed" or not _FIGHTERS.search(sent[h.start:h.end + 30]):
            continue
        if not (_CUMULATIVE.search(sent) or h.value >= 1000):
            continue
        q = Quantity(h.start, h.end, sent[h.start:h.end], float(h.value), float(h.value), float(h.value))
        top = _claim_place(sent, q, len(sent), tops, {}, opening=False)
        if top is None or not (_place.is_country(top) or top.geo_precision == 3):
            continue  # a town is where an attack happened, not what a tally is about
        draft = _Draft("claim", "claim", "Strategic developments", "Other", top, span, h.start, h.end)
        draft.metric, draft.value, draft.unit = "fighters_killed", float(h.value), "people"
        draft.killed = h.value
        draft.breakdown = h.breakdown
        victim = next((a for a in actors if h.start <= a.start < h.end), None)
        draft.actor2 = victim.name if victim else main
        out.append(draft)
    return out[:1]


_TERRITORY_BEFORE = re.compile(r"\b(?:territory|territories|land|lands|area|areas|caliphate|ground)\b", re.I)
_SHRINK_BEFORE = re.compile(
    r"\b(?:shr[au]nk|shrinking|shrinks|shrink|decreased|declined|fell|fallen|dropped|reduced|contracted|cut|down)\s+"
    r"(?:by\s+)?(?:about\s+|nearly\s+|roughly\s+|some\s+|around\s+|almost\s+|more\s+than\s+|an\s+estimated\s+)?$",
    re.I,
)


def _claim_metric(sent: str, q: Quantity, prev_metric: str | None, prev_end: int, of_country: bool = False) -> str | None:
    """"lost", "held" or "gained" when the figure is territory, else None.

    A figure is territory when it is an area, a share "of its territory", or a share "of Syria"
    with a verb of holding or losing before it.
    """
    after = sent[q.end:q.end + 80]
    before = sent[_clause_start(sent, q.start):q.start]
    territorial = q.kind == "area" or _TERRITORY_AFTER.match(after)
    if not territorial and of_country and q.kind == "percent" and (_LOSS_VERB.search(before) or _HOLD_VERB.search(before)):
        territorial = True
    if not territorial and q.kind == "percent" and _TERRITORY_BEFORE.search(before) and (
            _SHRINK_BEFORE.search(before) or re.match(r"\s+(?:loss|decrease|drop|decline|reduction|cut)\b", after)):
        return "lost"  # "its territory in Iraq has shrunk by 40 percent", "a 14% decrease"
    if not territorial:
        # "about 40 percent of their territory in Iraq and more than 20 percent in Syria"
        gap = sent[prev_end:q.start]
        if prev_metric and q.kind == "percent" and _place.n_tokens(gap) <= 14 and not re.search(r"[;:.]", gap):
            return prev_metric
        return None
    verbs = [(m.start(), kind) for kind, rx in (("lost", _LOSS_VERB), ("held", _HOLD_VERB), ("gained", _GAIN_VERB))
             for m in rx.finditer(before)]
    if verbs:
        return max(verbs)[1]
    tail = re.search(r"\b(?:it|they|the\s+group)\s+(?:once\s+|still\s+)?(?:held|controlled|had)\b", after)
    if tail or prev_metric:
        return prev_metric or "lost"
    return None


def _control_owner(control: list[_Draft], q: Quantity) -> _Draft | None:
    """A control change whose trigger precedes the area figure governs it ("captured 2,400 km2")."""
    owners = [d for d in control if d.category == "control_change" and d.trigger_end <= q.start]
    return owners[-1] if owners else None


def _claim_place(sent: str, q: Quantity, nxt: int, tops: list[Toponym], country_tops: dict[str, Toponym],
                 opening: bool = True) -> Toponym | None:
    """The country or region a figure is about: after it ("... in Iraq"), as an adjective
    ("of the Iraqi territory"), or in an opening phrase before it ("In Syria, ... 20%")."""
    for i, t in enumerate(tops):
        if q.end <= t.start < nxt and _place.n_tokens(sent[q.end:t.start]) <= 12 and not re.search(r"[;:]|\b(?:when|while|but|since|according)\b", sent[q.end:t.start]):
            nxt_top = tops[i + 1] if i + 1 < len(tops) else None
            if nxt_top is not None and re.fullmatch(r"\s*(?:and|&)\s*", sent[t.end:nxt_top.start]):
                return None  # one figure for "Iraq and Syria" together is about neither alone
            return t
    for m in re.finditer(r"\b(" + "|".join(DEMONYMS) + r")\b", sent[q.end:nxt]):
        if _place.n_tokens(sent[q.end:q.end + m.start()]) <= 6:
            top = country_tops.get(DEMONYMS[m.group(1)])
            if top is not None:
                return replace(top, start=q.end + m.start(), end=q.end + m.end(), text=m.group(1))
    m = re.match(r"\s*(?:In|Across|Throughout)\b[^,]*,", sent) if opening else None
    if m and m.end() <= q.start:
        inside = [t for t in tops if t.end <= m.end()]
        return inside[-1] if inside else None
    if opening:
        lo = _clause_start(sent, q.start)
        inside = [t for t in tops if lo <= t.start and t.end <= q.start
                  and re.search(r"\b(?:territory|territories|land|areas?)\s+(?:\w+\s+)?(?:in|of)\s+(?:the\s+)?$", sent[max(lo, t.start - 40):t.start], re.I)]
        if inside:
            return inside[-1]
    return None


def _one_claim_per_place(drafts: list[_Draft]) -> list[_Draft]:
    """One claim per place and sentence: a percentage wins over the area that restates it."""
    kept: dict[tuple[str | None, int | None], _Draft] = {}
    for d in drafts:
        key = (d.toponym.name, d.toponym.geonameid)
        old = kept.get(key)
        if old is None or (old.unit == "km2" and d.unit == "%"):
            if old is not None:
                d.extras["also"] = f"{old.metric} {old.extras.get('figure')}"
            kept[key] = d
    return sorted(kept.values(), key=lambda d: d.anchor)


# --- numbers and dates -------------------------------------------------------------------------


def _attach_numbers(sent: str, drafts: list[_Draft], triggers: list[Trigger]) -> None:
    """Give each killed/wounded figure to the event whose trigger precedes it (else follows it)."""
    hits = find_casualties(sent)
    if not hits:
        return
    anchors = sorted({(d.anchor, id(d)): d for d in drafts if d.category in ("attack", "control_change")}.items())
    if not anchors:
        return
    owners: dict[int, list] = {}
    for h in hits:
        before = [d for (a, _), d in anchors if a <= h.start]
        owner = before[-1] if before else anchors[0][1]
        owners.setdefault(id(owner), [owner, []])[1].append(h)
    for owner, own_hits in owners.values():
        c = summarise(own_hits)
        owner.killed, owner.wounded, owner.breakdown = c.killed, c.wounded, c.breakdown


def _carry_casualties(sent: str, previous: list[_Draft]) -> None:
    """"In days of fighting, 47 SDF fighters and 140 militants were killed" tells the toll of the
    attack in the sentence before, when that one gave none."""
    hits = find_casualties(sent)
    target = next((d for d in reversed(previous) if d.category == "attack"), None)
    if not hits or target is None or target.killed is not None:
        return
    c = summarise(hits)
    target.killed, target.wounded = c.killed, target.wounded if target.wounded is not None else c.wounded
    target.breakdown = c.breakdown
    target.extras["casualties_next_sentence"] = True


def _nearest_date(dates: list[DateMention], start: int, end: int, triggers: list[Trigger]) -> tuple[date, date, int] | None:
    """The date expression closest to the trigger; one across another trigger counts double."""
    best: tuple[float, DateMention] | None = None
    for d in dates:
        dist = start - d.end if d.end <= start else d.start - end if d.start >= end else 0
        lo, hi = (d.end, start) if d.end <= start else (end, d.start)
        crossed = sum(1 for t in triggers if lo <= t.start < hi and t.start != start)
        score = max(dist, 0) * (1 + 2 * crossed)
        if best is None or score < best[0]:
            best = (score, d)
    return (best[1].date_start, best[1].date_end, best[1].precision) if best else None


# --- whole article -----------------------------------------------------------------------------


def _outside_dates(sent: str, tops: list[Toponym], published: date | None) -> list[Toponym]:
    """Drop toponyms that are part of a date expression ("in March 2015", "last August")."""
    spans = [(d.start, d.end) for d in find_dates(sent, published)]
    return [t for t in tops if not any(t.start < e and s < t.end for s, e in spans)]


def _main_actor(text: str) -> str | None:
    """The armed group the article is mostly about (most often named)."""
    counts = Counter(a.name for a in find_actors(text) if not a.supporting)
    if not counts:
        return None
    top = max(counts.values())
    return sorted(n for n, c in counts.items() if c == top)[0]


def _country_toponyms(tops: list[Toponym]) -> dict[str, Toponym]:
    out: dict[str, Toponym] = {}
    for t in tops:
        if _place.is_country(t) and t.country_code and t.country_code not in out:
            out[t.country_code] = t
    return out


def _mentions_place(tops: list[Toponym]) -> bool:
    return any(_place.pointable(t) for t in tops)


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """The same (category, place, overlapping dates) told twice is one event; claims match on
    their figure instead of dates. The more precisely dated telling is kept."""
    kept: list[_Draft] = []
    for d in drafts:
        twin = next((k for k in kept if _same(k, d)), None)
        if twin is None:
            kept.append(d)
            continue
        better, other = (d, twin) if _precision(d) < _precision(twin) else (twin, d)
        for name in ("killed", "wounded", "breakdown", "gained_by", "lost_by", "holder", "actor1", "actor2"):
            if getattr(better, name) is None and getattr(other, name) is not None:
                setattr(better, name, getattr(other, name))
        if better is d:
            kept[kept.index(twin)] = d
    return kept


def _precision(d: _Draft) -> int:
    return d.dates[2] if d.dates else 4


def _same(a: _Draft, b: _Draft) -> bool:
    if a.category != b.category or _place_key(a) != _place_key(b):
        return False
    if a.category == "claim":
        return a.metric == b.metric and a.value == b.value
    if a.category == "attack" and a.sub_event_type != b.sub_event_type:
        return False  # a bombing and an airstrike at one place are two attacks
    if (a.gained_by and a.gained_by == b.lost_by) or (b.gained_by and b.gained_by == a.lost_by):
        return False  # taken by one side, retaken by the other
    if a.dates is None or b.dates is None:
        return True
    return a.dates[0] <= b.dates[1] and b.dates[0] <= a.dates[1]


def _place_key(d: _Draft) -> object:
    return d.toponym.geonameid if d.toponym.geonameid is not None else (d.toponym.name or d.toponym.text).lower()


_NEAR = re.compile(
    r"\b(?:near|outside|around|close\s+to|outskirts\s+of|(?:north|south|east|west|northeast|northwest|southeast|southwest)"
    r"(?:ern)?\s+of)\s+(?:the\s+)?$",
    re.I,
)


def _to_event(d: _Draft, article: Article) -> Event | None:
    if d.dates is not None:
        start, end, precision = d.dates
    elif article.published is not None:
        start, end, precision = default_window(article.published)
    else:
        return None
    s, e = d.sent
    t = d.toponym
    mention_start, mention_end = s + t.start, s + t.end
    precision_geo = t.geo_precision
    if precision_geo == 1 and _NEAR.search(article.text[max(s, mention_start - 30):mention_start]):
        precision_geo = 2  # "positions near Aleppo": the event is by the place, not in it
    key = f"{article.id}|{d.category}|{t.geonameid or t.name}|{s}|{e}|{mention_start}|{d.metric or ''}"
    return Event(
        event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        category=d.category,
        event_type=d.event_type,
        sub_event_type=d.sub_event_type,
        date_start=start,
        date_end=end,
        time_precision=precision,
        place=t.name or t.text,
        mention=t.text,
        lat=t.lat,
        lon=t.lon,
        source=article.id,
        evidence=article.text[s:e],
        evidence_start=s,
        evidence_end=e,
        geonameid=t.geonameid,
        country_code=t.country_code,
        admin1=t.admin1,
        geo_precision=precision_geo,
        region=t.region,
        mention_start=mention_start,
        mention_end=mention_end,
        actor1=d.actor1,
        actor2=d.actor2,
        gained_by=d.gained_by if d.category == "control_change" else None,
        lost_by=d.lost_by if d.category == "control_change" else None,
        holder=d.holder if d.category in ("control_state", "claim") else None,
        killed=d.killed,
        wounded=d.wounded,
        casualty_breakdown=d.breakdown,
        metric=d.metric,
        value=d.value,
        value_low=d.value_low if d.value_low != d.value_high else None,
        value_high=d.value_high if d.value_low != d.value_high else None,
        unit=d.unit,
        published=article.published,
        published_estimated=article.published_estimated,
        meta=dict(article.meta),
    )
