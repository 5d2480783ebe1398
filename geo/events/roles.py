"""Who gained, who lost, who holds, who attacked: actors in their roles around a trigger.

The roles are read off where the actors stand: the subject of the clause before an active
trigger ("the SDF seized X") gains; an actor after "from" ("retook X from ISIS") or inside the
object ("the ISIS stronghold of X") loses; "by X" after a passive or a noun ("the recapture of X
by Iraqi forces") names the agent. Backers ("U.S.-backed", "under cover of coalition airstrikes")
are never a side. When one side is unknown, the article's main armed group (the actor it names
most often) is taken for the other side.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from geo.events.actors import ActorMention, find_actors, is_state, national_army_mentions
from geo.events.draft import Draft
from geo.events.triggers import Trigger
from geo.records import ATTACK, CONTROL_CHANGE, CONTROL_STATE, Toponym

#: Attack words that are perpetrated by the article's main armed group unless another actor is
#: named (bombings and executions are not carried out by air forces).
_TERROR = ("suicide_bomb", "car_bomb", "chemical", "executions", "attack", "downing")


@dataclass(frozen=True)
class _Around:
    """The actors around one trigger: the clause subject, those after it, "by X", the object's."""

    subject: ActorMention | None
    after: list[ActorMention]
    by: ActorMention | None
    between: ActorMention | None
    passive: bool


#: Actors whose "bombing" is an air strike.
_AIR_FORCES = frozenset({"Russia", "US-led coalition", "United States"})


def assign_roles(draft: Draft, sent: str, trig: Trigger, top: Toponym, actors: list[ActorMention], main: str | None,
                 opponent: str | None = None) -> None:
    """Fill gained_by/lost_by/holder/actor1/actor2 of ``draft`` from where the actors stand.

    Parameters
    ----------
    draft
        The event being assembled (its category decides which roles apply).
    sent
        The sentence; ``trig`` and ``top`` carry offsets local to it.
    trig, top
        The trigger and the place it governs.
    actors
        The actors named in the sentence.
    main
        The article's main armed group, taken for the other side when only one is named.
    opponent
        The article's principal opponent of ``main`` (:func:`principal_opponent`), taken for the
        other side when the one named is ``main`` itself.
    """
    army = national_army_mentions(sent, top.country_code, actors)
    if army:
        actors = sorted([*actors, *army], key=lambda a: a.start)
    around = _around(sent, trig, top, actors, main)
    if draft.category == CONTROL_CHANGE:
        _control_change_roles(draft, sent, trig, top, actors, around, main, opponent)
    elif draft.category == CONTROL_STATE:
        _control_state_roles(draft, sent, trig, top, actors, around, main)
    elif draft.category == ATTACK:
        _attack_roles(draft, sent, trig, actors, around, main)


#: the one word that may stand between a passive's auxiliary and its participle ("was quickly
#: overrun", "was also retaken"): shared by every passive expression of the events
PASSIVE_ADVERB = r"(?:(?:\w+ly|also|then|later|now|since|just|soon)\s+)?"
#: "was recaptured", "were quickly overrun": a passive right before the trigger
_PASSIVE_BEFORE = re.compile(rf"\b(?:was|were|been|being|is|are)\s+{PASSIVE_ADVERB}$")


def _around(sent: str, trig: Trigger, top: Toponym, actors: list[ActorMention], main: str | None) -> _Around:
    lo = clause_start(sent, trig.start)
    # "Despite the arrival of Syrian army reinforcements, IS seized ...": a fronted phrase ends
    # at its comma; the subject is the actor after it
    fronted = sent.rfind(", ", lo, trig.start)
    subject = (first_actor(actors, fronted, trig.start) if fronted >= 0 else None) \
        or first_actor(actors, lo, trig.start) or group_subject(sent, lo, trig.start, main)
    if subject is None and _PRONOUN.search(sent[lo:trig.start]):
        # "... overran Baiji on Tuesday, and on Wednesday they seized Tikrit": the pronoun is the
        # sentence's first-named actor (or the article's main group).
        subject = first_actor(actors, 0, lo) or group_subject(sent, 0, len(sent), main, anaphor=_PRONOUN)
    after = [a for a in actors if a.start >= trig.end and not a.supporting]
    return _Around(
        subject=subject,
        after=after,
        by=_after_word(sent, actors, trig.end, "by"),
        between=next((a for a in after if a.end <= top.start), None),
        passive=_PASSIVE_BEFORE.search(sent[:trig.start]) is not None,
    )


def _fill_other_side(draft: Draft, main: str | None, opponent: str | None) -> None:
    """One side named: the other is the article's main armed group, or, when the named side is
    that group, its principal opponent. Marked in ``extras["inferred"]`` (the text does not say it)."""
    if main is None or (draft.gained_by is None) == (draft.lost_by is None):
        return
    known = draft.gained_by or draft.lost_by
    other = opponent if known == main else main
    if other is None or other == known:
        return
    if draft.gained_by is None:
        draft.gained_by = other
        draft.extras["inferred"] = "gained_by"
    else:
        draft.lost_by = other
        draft.extras["inferred"] = "lost_by"


def _control_change_roles(draft: Draft, sent: str, trig: Trigger, top: Toponym, actors: list[ActorMention],
                          ar: _Around, main: str | None, opponent: str | None = None) -> None:
    gained, lost = _sides(sent, trig, top, actors, ar, main)
    draft.gained_by = gained.name if gained else None
    draft.lost_by = lost.name if lost else None
    _fill_other_side(draft, main, opponent)
    if draft.gained_by == draft.lost_by:
        draft.lost_by = None
        draft.extras.pop("inferred", None)
    draft.actor1, draft.actor2 = draft.gained_by, draft.lost_by
    if trig.rule.name == "siege_broken":
        draft.extras["action"] = "siege_broken"
    # ACLED: state forces regain territory, anyone else overtakes it; with the winner unknown,
    # a loss by the main (non-state) group is read as the government's gain.
    if draft.gained_by is not None:
        state = is_state(draft.gained_by)
    else:
        state = draft.lost_by is not None and draft.lost_by == main and not is_state(main)
    draft.sub_event_type = "Government regains territory" if state else "Non-state actor overtakes territory"


#: "ISIS's capture of": a possessive from an actor to the trigger noun
_POSSESSIVE_GAP = re.compile(r"^['’]s?\s+(?:\w+\s+)?$")


def _sides(sent: str, trig: Trigger, top: Toponym, actors: list[ActorMention], ar: _Around,
           main: str | None) -> tuple[ActorMention | None, ActorMention | None]:
    """(gained, lost) by the trigger's voice."""
    voice = trig.rule.voice
    from_actor = _after_word(sent, actors, trig.end, "from")
    if voice == "active" and trig.rule.name.endswith("_of"):
        # "the recapture of Tikrit by Iraqi forces", "ISIS's capture of Fallujah": a noun's agent
        # follows "by" or precedes it as a possessive, never the sentence subject.
        owner = next((a for a in reversed(actors) if a.end <= trig.start
                      and _POSSESSIVE_GAP.match(sent[a.end:trig.start])), None)
        return ar.by or owner, from_actor
    if voice == "active":
        # "X has been retaken from Daesh (by the army)": a passive keeps the "from" of its loser
        return (ar.by, from_actor) if ar.passive else (ar.subject, from_actor or ar.between)
    if voice == "expel":
        if ar.passive:
            return ar.by, ar.subject
        # "drove IS out of X": the expelled group sits inside the trigger phrase (or just after)
        object_actor = next((a for a in actors if trig.start < a.start and a.end <= trig.end and not a.supporting), None) \
            or next((a for a in ar.after if a.start < trig.end + 40), None)
        return ar.subject, object_actor or ar.between
    if voice in ("loss", "loss_direct"):
        to_actor = _after_word(sent, actors, top.end, "to")
        return ar.by or to_actor or group_subject_after_to(sent, top.end, main), ar.subject
    if voice == "fell_to":
        # "fell to ISIS", "came under ISIS control" (the winner inside the trigger phrase)
        inside = next((a for a in actors if trig.start <= a.start and a.end <= trig.end and not a.supporting), None)
        gained = inside or next((a for a in ar.after if a.start - trig.end <= 30), None)
        return gained or group_subject(sent, trig.end, trig.end + 30, main), None
    if voice == "fall_of":
        return _after_word(sent, actors, top.end, "to") or group_subject_after_to(sent, top.end, main), None
    if voice == "siege":
        return ar.subject, ar.between or ar.by
    return None, None


#: "... to the": the words between a lost place and the group it was lost to
_TO_AFTER = re.compile(r"\s+to\s+(?:the\s+)?")


def group_subject_after_to(sent: str, pos: int, main: str | None) -> ActorMention | None:
    """"... to the militants" right after ``pos``: the article's main group."""
    to = _TO_AFTER.match(sent[pos:])
    return group_subject(sent, pos + to.end(), pos + to.end() + 20, main) if to else None


def _control_state_roles(draft: Draft, sent: str, trig: Trigger, top: Toponym, actors: list[ActorMention], ar: _Around,
                         main: str | None) -> None:
    voice = trig.rule.voice
    if voice == "state_by":  # "under the control of ISIS", "under ISIS control", "held by the militants"
        inside = next((a for a in actors if trig.start <= a.start and a.end <= trig.end), None)
        holder = inside or ar.by or next(iter(ar.after), None)
    elif voice == "state_pre":  # "ISIS-held Fallujah"
        holder = next((a for a in reversed(actors) if a.end <= trig.start and trig.start - a.end <= 1), None)
    elif voice in ("weak", "state_of") and top.start > trig.start:
        # "the ISIS stronghold of X", "its de facto capital of X": the actor qualifying the noun
        np_start = _noun_phrase_start(sent, trig.start)
        holder = next((a for a in actors if np_start <= a.start and a.end <= trig.start and not a.supporting), None)
    elif voice in ("weak", "state_of"):  # "Fallujah, the ISIS stronghold", "X, a stronghold of ISIS"
        holder = next((a for a in actors if a.start >= top.end and a.start <= trig.end + 25), None)
    else:
        # "the army fled, leaving the militants in control of Mosul": the group left in
        # control holds the place, whoever the clause's subject is
        holder = _left_in_control(sent, actors, trig.start, main) or ar.subject
    draft.holder = holder.name if holder else main
    draft.actor1 = draft.holder


#: "leaving the militants in control of": the verb that leaves a group holding a place
_LEFT_HOLDING = re.compile(r"\b(?:leaving|left|leave|leaves)\s+$", re.I)


def _left_in_control(sent: str, actors: list[ActorMention], pos: int, main: str | None) -> ActorMention | None:
    """The actor (or "the militants", the article's main group) right before ``pos`` that a
    verb of leaving puts there ("fled, leaving ISIS in control of")."""
    group = next((a for a in reversed(actors) if a.end <= pos and not sent[a.end:pos].strip()
                  and not a.supporting), None)
    if group is None:
        group = group_subject(sent, max(0, pos - 30), pos, main)
        if group is not None and sent[group.end:pos].strip():
            group = None
    if group is None:
        return None
    # the words before the group: "leaving" right before it, an article between them allowed
    before = re.sub(r"(?:the|its|their)\s+$", "", sent[:group.start], flags=re.I)
    return group if _LEFT_HOLDING.search(before) else None


def _attack_roles(draft: Draft, sent: str, trig: Trigger, actors: list[ActorMention], ar: _Around, main: str | None) -> None:
    np_start = _noun_phrase_start(sent, trig.start)
    # "an ISIS attack", "Coalition strikes" (the actor may open the trigger itself)
    modifier = next((a for a in actors if np_start <= a.start and a.end <= trig.end and a.start < trig.end), None)
    perpetrator = modifier or ar.by or ar.subject
    if perpetrator is None and trig.rule.name in _TERROR:
        perpetrator = _claimed_by(sent, actors, trig.start)
    if trig.rule.name == "car_bomb" and trig.text.lower().startswith("bombing") and modifier is not None \
            and modifier.name in _AIR_FORCES:
        draft.sub_event_type = "Air/drone strike"  # "Russian bombing of Aleppo" is from the air
    if perpetrator is not None:
        draft.actor1 = perpetrator.name
    elif trig.rule.name in _TERROR:
        draft.actor1 = main
    target = _after_word(sent, actors, trig.end, "on") or _after_word(sent, actors, trig.end, "against")
    draft.actor2 = target.name if target and target.name != draft.actor1 else None


#: "The group seized Hit": an anaphor for the article's main armed group.
_GROUP_ANAPHOR = re.compile(r"\b(?:the\s+)?(?:group|militants|extremists|insurgents|jihadi\s+group|terror\s+group|terrorist\s+group)\b", re.I)


_PRONOUN = re.compile(r"\b(?:it|they)\b", re.I)


def group_subject(sent: str, lo: int, hi: int, main: str | None, anaphor: re.Pattern[str] = _GROUP_ANAPHOR) -> ActorMention | None:
    """The article's main armed group, when ``sent[lo:hi]`` refers to it as "the group" (or,
    given ``anaphor``, as "it"/"they")."""
    if main is None or is_state(main):
        return None
    m = anaphor.search(sent[:hi], lo)
    if m is None:
        return None
    return ActorMention(m.start(), m.end(), m.group(), main, False)


#: "claimed responsibility for": who claimed the attack
_CLAIMED_FOR = re.compile(r"\bclaimed\s+(?:responsibility|credit)\s+for\b")


def _claimed_by(sent: str, actors: list[ActorMention], pos: int) -> ActorMention | None:
    claims = list(_CLAIMED_FOR.finditer(sent[:pos]))
    if not claims:
        return None
    m = claims[-1]
    return next((a for a in reversed(actors) if a.end <= m.start()), None)


#: where a clause opens: after a conjunction, a relative pronoun, ";" or ", and"
_CLAUSE_BREAK = re.compile(r";|:|\b(?:when|while|whereas|but|after|before|because|although|which|who|since|until)\b|,\s+and\b", re.I)


def clause_start(sent: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after "when", "while", ";", ", but" ...)."""
    last = _last_match(_CLAUSE_BREAK, sent, pos)
    return last.end() if last else 0


#: how far back from a position the last break before it is first looked for
_BACK_STEP = 80


def _last_match(pattern: re.Pattern[str], sent: str, pos: int) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``sent[:pos]``, looked for back from ``pos`` a stretch at
    a time rather than from the sentence's start (a long line of a pasted list was scanned whole
    for each trigger). For an expression whose matches cannot overlap (single words between word
    boundaries, punctuation) the last match of a stretch is the last of the whole; a word boundary
    at a stretch's start is read from the sentence, so no match opens inside a word there."""
    lo = pos
    while lo > 0:
        lo = max(0, lo - _BACK_STEP)
        last = None
        for m in pattern.finditer(sent, lo, pos):
            last = m
        if last is not None:
            return last
    return None


def first_actor(actors: list[ActorMention], lo: int, hi: int) -> ActorMention | None:
    return next((a for a in actors if lo <= a.start and a.end <= hi and not a.supporting), None)


#: where the clause after a trigger ends
_CLAUSE_END = re.compile(r"[;:]|\b(?:which|who|while|but|said)\b")


@cache
def _word_then_article(word: str) -> re.Pattern[str]:
    """``word`` then an optional "the" ("by the", "to"), compiled once per word."""
    return re.compile(rf"\b{word}\s+(?:the\s+)?", re.I)


def _after_word(sent: str, actors: list[ActorMention], pos: int, word: str) -> ActorMention | None:
    """The actor right after the first ``word`` ("by", "from") following ``pos`` in the clause."""
    if not any(a.start >= pos and not a.supporting for a in actors):
        return None  # no actor after ``pos`` to find: the clause is not searched (most triggers)
    rest = sent[pos:]
    stop = _CLAUSE_END.search(rest)
    limit = pos + (stop.start() if stop else len(rest))
    for m in _word_then_article(word).finditer(sent[pos:limit]):
        at = pos + m.end()
        for a in actors:
            if at <= a.start <= at + 25 and not a.supporting:
                return a
    return None


#: a determiner or a break, back from a trigger noun
_DETERMINER_OR_BREAK = re.compile(r"\b(?:a|an|the|its|their|his|her)\b|[,;:]", re.I)


def _noun_phrase_start(sent: str, pos: int) -> int:
    """Back from a trigger noun over its determiner and modifiers ("an ISIS chemical weapons attack")."""
    mark = _last_match(_DETERMINER_OR_BREAK, sent, pos)
    return mark.start() if mark else max(0, pos - 40)


def main_armed_group(text: str, actors: list[ActorMention] | None = None) -> str | None:
    """The armed group the article is mostly about (most often named); ``actors``: the text's
    actor mentions when already found."""
    mentions = [a for a in (find_actors(text) if actors is None else actors) if not a.supporting]
    if not mentions:
        return None
    # most often named; on a tie a non-state group (the insurgency a story is about), then the
    # one named first
    return _most_named(mentions, prefer_non_state=True)


def principal_opponent(text: str, main: str | None, actors: list[ActorMention] | None = None) -> str | None:
    """The actor most often named on the other side from ``main`` (a state's forces against a
    non-state group, or the reverse); on a tie the one named first."""
    if main is None:
        return None
    main_state = is_state(main)
    mentions = [a for a in (find_actors(text) if actors is None else actors)
                if not a.supporting and a.name != main and is_state(a.name) != main_state]
    if not mentions:
        return None
    return _most_named(mentions, prefer_non_state=False)


def _most_named(mentions: list[ActorMention], *, prefer_non_state: bool) -> str:
    """The actor named most often; on a tie (a non-state group first, if asked) the one named first."""
    counts = Counter(a.name for a in mentions)
    first: dict[str, int] = {}
    for a in mentions:
        first.setdefault(a.name, a.start)
    return min(counts, key=lambda n: (-counts[n], prefer_non_state and is_state(n), first[n]))
