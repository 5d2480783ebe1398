"""Events: who took which town when, which attacks killed how many, each traced to its sentence.

:func:`extract_events` reads one article sentence by sentence. A trigger from the lexicon
(``geo/events/data/triggers.csv``: "captured", "fell to", "broke the siege of", "keeping its grip
on", "suicide bombing", "airstrike", ...) opens an event; the place is the toponym the trigger
governs (see :mod:`geo.events.place`); actors come from the alias table (:mod:`geo.events.actors`) in
their roles (who gained, who lost, who attacked); killed/wounded, areas and percentages from
:mod:`geo.text.numbers`; the date from the expression nearest the trigger, resolved against the
publication date (:mod:`geo.text.dates`). Claims ("ISIS lost 35% of its territory in Iraq") are
figures of territory lost or held tied to the country or region they are about.

Each event is one (what, where, when): a trigger governing several places gives one event per
place, a sentence with several triggers several events, and an event told twice in one article
is kept once.

Examples
--------
>>> from datetime import date, timedelta
>>> from geo.records import Article, Toponym
>>> text = "On Friday, Kurdish forces recaptured the town of Manbij from ISIS."
>>> art = Article("a.txt", text, published=date(2015, 1, 27), published_estimated=False)
>>> manbij = Toponym("a.txt", 49, 55, "Manbij", name="Manbij", lat=36.53, lon=37.95,
...                  geonameid=1, country_code="SY", feature_code="PPL")
>>> [(e.category, e.place, e.gained_by, e.lost_by, str(e.date_start)) for e in extract_events(art, [manbij])]
[('control_change', 'Manbij', 'Kurdish forces', 'ISIS', '2015-01-23')]
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo.events import place as _place
from geo.events.actors import ActorMention, TextActors
from geo.events.claims import find_claims, find_killed_claims
from geo.events.draft import GENERIC_ATTACKS, Draft, contains_quarter, dedupe, is_quarter
from geo.events.roles import PASSIVE_ADVERB, assign_roles, main_armed_group, principal_opponent
from geo.events.triggers import Trigger, find_triggers
from geo.geom import distance_km
from geo.records import ATTACK, CATEGORIES, CLAIM, CONTROL_CHANGE, CONTROL_STATE, Article, Event, Toponym
from geo.text.dates import DateMention, default_window, find_dates
from geo.text.gate import AnyFragment, literal_openers, lowers_in_place, required_fragments, sentence_cache
from geo.text.numbers import find_casualties, may_state_share_or_area, summarise
from geo.text.sentences import sentence_spans

__all__ = ["CATEGORIES", "extract_events"]




#: Words right before a trigger that make it not (yet) an event: plans, threats, negation, and
#: backgrounded time frames ("during their offensive").
_MODAL = re.compile(
    r"\b(?:plan|plans|planned|planning|will|would|could|might|must|should|(?-i:may)|threat|threaten|threatens|threatened|"
    r"vow|vowed|vows|prepare|prepares|preparing|prepared|intend|intends|aim|aims|aimed|expected|hope|hopes|"
    r"try|trying|tried|attempt|attempting|failed|fail|no|not|never|without|during|amid|throughout|ahead\s+of|"
    r"can|cannot|unable|possible|potential|future|next|new\s+round\s+of|fear|fears|feared|if|unless|whether|"
    r"deny|denies|denied|rumou?rs?|deter|deters|deterred|prevent|prevents|prevented|thwart|thwarts|thwarted|"
    r"foil|foils|foiled|avert|averts|averted)\b[^.;:]{0,25}$"
    # the purpose of a campaign is not its outcome: "began its offensive to capture Manbij"
    # and a plot is what its plotters meant to do: "a plot to bomb the market", "militants plot to assassinate"
    r"|\b(?:offensive|campaign|operation|push|bid|effort|drive|battle|fight|mission|order|orders|ordered|call|calls|called|"
    r"plot|plots|plotted|plotting|conspiracy|conspired)\s+to\s+(?:\w+ly\s+)?$",
    re.I,
)


#: the words one of which opens every match of :data:`_MODAL` (read off the expression): a stretch
#: with no word that begins so is not searched, the case-blind alternation being tried at every
#: position of it (a tenth of the cost, for every trigger of a long article)
_MODAL_OPENERS = literal_openers(_MODAL.pattern)
#: their first three letters (or fewer, for a shorter word): a word opens like one of them when
#: its first one, two or three letters are among these
_MODAL_HEADS = frozenset(opener[:3] for opener in _MODAL_OPENERS)
#: a word (a run of word characters) that opens with one of :data:`_MODAL_HEADS`, in lower case:
#: one scan of the stretch, not a list of its words each looked up three times
_MODAL_HEAD = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(_MODAL_HEADS, key=lambda h: (-len(h), h)))) + ")")


def _modal_before(before: str) -> bool:
    """``_MODAL.search(before)``, skipped when no word of ``before`` opens like one of its words."""
    if _MODAL_OPENERS and lowers_in_place(before) and _MODAL_HEAD.search(before.lower()) is None:
        return False
    return _MODAL.search(before) is not None


#: "working to retake X", "a campaign to fully capture X": the purpose, not the outcome (but
#: "managed to recapture X", "went on to seize X" happened, and a headline's "shelling continues
#: to target X" is going on).
_PURPOSE = re.compile(
    r"(?<!managed)(?<!succeeded)(?<!\bable)(?<!\bon)(?<!continued)(?<!continue)(?<!continues)(?<!began)(?<!started)"
    r"(?<!proceeded)\s+to\s+(?:\w+ly\s+)?$", re.I)
#: "positioned the group to launch more attacks on X", "poised to carry out strikes on X": an
#: attack named as what a group is to do (a purpose), unless it went on to do it
_TO_LAUNCH = re.compile(
    r"(?<!managed)(?<!succeeded)(?<!continued)(?<!began)(?<!started)(?<!proceeded)(?<!went\son)"
    r"\s+to\s+(?:launch|carry\s+out|mount|stage|conduct|wage)\s+(?:[\w-]+\s+){0,3}$", re.I)
#: "The capture positions the group to threaten X", "Its recapture would cut the road to X": the
#: noun with no "of" after it refers back to a place told before, not to the next one named
_BARE_NOUN_BEFORE = re.compile(r"\b(?:the|its|their|his|her|this|that|a)\s+(?:[\w-]+\s+)?$", re.I)
_NOUN_OBJECT_AFTER = re.compile(r"[^.;:]{0,40}?\bof\b", re.I)
#: the word every match of ``_PURPOSE`` and of ``_TO_LAUNCH`` holds (``\s+to\s+``): the stretch
#: before a trigger is searched for them only when it holds it (each is tried at every position)
_TO = AnyFragment("to")
#: "cleared the way for ground forces to reclaim X", "allowed the army to retake X": the outcome came.
_ENABLED = re.compile(r"\b(?:(?:cleared|paved|opened)\s+the\s+way|allowed|allowing|enabled|enabling)\b", re.I)
#: "Recapturing the towns would help ...", "The capture of X would be ...": a hypothetical outcome.
_HYPOTHETICAL_AFTER = re.compile(r"^[^,;:.—–]{0,60}?\b(?:would|could|might)\b", re.I)


#: a bomb made safe, not set off: "clear bombs planted by IS", "defused a second car bomb"
_MADE_SAFE_BEFORE = re.compile(
    r"\b(?:clear(?:ed|ing|s)?|defus(?:e|ed|es|ing)|dismantl(?:e|ed|es|ing)|remov(?:e|ed|es|ing)|disarm(?:ed|s|ing)?|"
    r"neutrali[sz](?:e|ed|es|ing))\s+(?:the\s+|a\s+|an\s+|some\s+|several\s+|dozens\s+of\s+|\d+\s+)?(?:[\w-]+\s+){0,2}$", re.I)


#: Voices that describe a place as held ("ISIS-held X", "the ISIS stronghold of X", "X, the
#: group's stronghold") rather than tell of something done to it.
_DESCRIPTIVE = frozenset({"state_pre", "state_of", "weak"})


#: what kills without anyone attacking: a disease, a disaster, an accident ("Cancer claims the
#: lives of 16,000 a year", "floods killed 40 people in X", "a bus crash killed 12"). ("fire" is
#: left out: gunfire, sniper and mortar fire kill in attacks.)
_NONVIOLENT_CAUSE = re.compile(
    r"\b(?:cancer|diseases?|illness(?:es)?|flu|influenza|virus|cholera|measles|malaria|ebola|outbreaks?|"
    r"epidemics?|pandemics?|blazes?|flames|floods?|flooding|storms?|hurricanes?|typhoons?|cyclones?|"
    r"tornado(?:e?s)?|earthquakes?|quakes?|landslides?|mudslides?|avalanches?|tsunamis?|heat\s*waves?|"
    r"droughts?|famine|crash(?:es)?|collisions?|accidents?|derailments?|stampedes?|lightning|overdoses?)\b"
    r"[^.;:!?]{0,40}$", re.I)


def _natural_death(sent: str, trig: Trigger) -> bool:
    """A death word whose subject is a disease, a disaster or an accident: no attack (the weak
    killing voice only; an attack word in the sentence is judged on its own)."""
    return trig.rule.voice == "attack_weak" and bool(
        _NONVIOLENT_CAUSE.search(sent, max(0, trig.start - 60), trig.start))


def _not_yet(sent: str, trig: Trigger) -> bool:
    """True when the trigger states a plan, a purpose, a denial or a hypothesis, not an event."""
    if trig.rule.voice in _DESCRIPTIVE:
        # "would help secure the Kurdish-controlled towns": a holding named in passing is taken
        # for granted whatever the clause around it says
        return False
    before = sent[max(0, trig.start - 40): trig.start]
    if _modal_before(before):
        return True
    if trig.rule.name == "car_bomb" and _MADE_SAFE_BEFORE.search(before):
        return True  # "troops worked to clear bombs planted in X": no bomb went off
    if trig.text.lower() in ("capture", "recapture") and _BARE_NOUN_BEFORE.search(before) \
            and not _NOUN_OBJECT_AFTER.match(sent, trig.end):
        return True  # a capture told of before: its place is not the next one named
    verbal = trig.rule.category == CONTROL_CHANGE or trig.rule.voice == "attack_verb"
    purpose = _TO.search(before) and ((verbal and _PURPOSE.search(before))
                                      or (trig.rule.category == ATTACK and _TO_LAUNCH.search(before)))
    if purpose and not _ENABLED.search(sent[max(0, trig.start - 60): trig.start]):
        return True
    nominal = trig.text.lower().endswith("ing") or trig.rule.name.endswith("_of")
    return nominal and bool(_HYPOTHETICAL_AFTER.match(sent[trig.end:]))


def extract_events(article: Article, toponyms: list[Toponym]) -> list[Event]:
    """Extract control changes, control states, attacks and claims from one article.

    Parameters
    ----------
    article
        The article; ``published`` anchors relative dates ("last week", "In December").
    toponyms
        The geoparser's resolved toponyms for this article (every occurrence, with offsets);
        those embedded in an organisation's name are not looked at.

    Returns
    -------
    list of Event
        In text order; deterministic. Events without a resolvable place are not emitted; without
        a date in the text the window is the two weeks before publication, two months for a summary
        told in the perfect (precision 3 both); without a publication date either, no window
        (``date_start`` and ``date_end`` None, precision 3): the event is kept and says that
        nothing tells when.
    """
    text = article.text
    # a place inside an institution's name ("the Texas Department of Transportation") is no
    # place anything happens at, nor is a country that qualifies a side ("pro-Veloria factions")
    tops = sorted((_place.event_point(t) for t in toponyms if t.lat is not None and t.lon is not None
                   and t.embedded_in is None and t.stands_for is None and not _qualifies_a_side(text, t)),
                  key=lambda t: (t.start, t.end))
    # the actors of the whole text, and of each sentence from the same matches
    text_actors = TextActors(text)
    article_actors = text_actors.mentions
    main_actor = main_armed_group(text, article_actors)
    opponent = principal_opponent(text, main_actor, article_actors)
    country_tops = _country_toponyms(tops)
    drafts: list[Draft] = []
    previous: list[Draft] = []
    unplaced: _UnplacedToll | None = None  # the toll of an attack told with no place, awaiting it
    # the settlement "the city" refers back to: the last one an event happened at (at first the
    # settlement the article names most)
    focus = _most_named_settlement([t for t in tops if not _in_dateline(text, t)])
    # "the capital" is the capital of the country reported on, not the dateline's bureau city
    capitals = [t for t in tops if _place.is_capital(t) and _place.plausible(t)]
    capital = _most_named([t for t in capitals if not _in_dateline(text, t)]) or _home_dateline_capital(text, tops, capitals)
    in_order = sorted(tops, key=lambda t: t.start)
    starts = [t.start for t in in_order]
    for s, e in sentence_spans(text):
        sent = text[s:e]
        # the sentence's toponyms by bisection: a scan of every toponym per sentence made a long
        # article quadratic
        within = in_order[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
        local = [_shifted(t, s) for t in within if t.end <= e and _place.plausible(t)]
        local = _outside_dates(sent, local, article.published)
        anaphors = _place.anaphoric_places(text, s, e, focus, local) + _place.capital_anaphors(text, s, e, capital, local)
        if anaphors:
            local = sorted(local + anaphors, key=lambda t: (t.start, t.end))
        story = _shifted(focus, s) if focus is not None else None
        found = _sentence_events(sent, (s, e), local, article, main_actor, country_tops, opponent, text_actors, story)
        unplaced = _placed_toll(sent, (s, e), found, unplaced, article.published)
        split: list[Draft] = []
        if not found and previous:
            # incidents of their own told in a toll list, kept out of ``previous``: the story's
            # attack is still the one later tolls are told of
            split = _incidents_of_a_toll_list(sent, (s, e), local, previous)
            drafts.extend(split)
            _carry_casualties(sent, previous)
        if not found and not split:
            found = _story_toll(sent, (s, e), local, drafts, (in_order, starts), article.published)
        drafts.extend(found)
        # a caption or dateline line ("Jableh and Tartus, Syria") does not move the story on
        previous = found or ([] if _mentions_place(local) and not _caption(sent) else previous)
        focus = next((d.toponym for d in reversed(found)
                      if d.category in (ATTACK, CONTROL_CHANGE) and _place.settlement(d.toponym)), focus)
    _inherit_dates(drafts, text)
    drafts = dedupe(drafts)
    made = [(ev, d) for d in drafts if (ev := _to_event(d, article)) is not None]
    made.sort(key=lambda pair: (pair[0].evidence_start, pair[0].mention_start or 0, pair[0].category, pair[0].event_id))
    return _with_unique_ids(made)


#: "pro-X", "anti-X" before a name, "X-backed", "X-loyal" after it: the name qualifies a side
_SIDE_BEFORE = re.compile(r"(?:pro|anti)-$", re.I)
_SIDE_AFTER = re.compile(r"-(?:backed|loyal|led|allied|affiliated|aligned|supported|sponsored)\b", re.I)


def _qualifies_a_side(text: str, t: Toponym) -> bool:
    """"pro-Veloria factions", "Veloria-backed fighters": the country names who a side is with,
    not where anything happened (and, read as a place, it ended the trigger's object phrase
    before the place that follows: "clashes between X and pro-Veloria factions north of Y")."""
    return bool(_SIDE_BEFORE.search(text, max(0, t.start - 5), t.start) or _SIDE_AFTER.match(text, t.end))


def _sentence_events(
    sent: str,
    span: tuple[int, int],
    tops: list[Toponym],
    article: Article,
    main_actor: str | None,
    country_tops: dict[str, Toponym],
    opponent: str | None,
    text_actors: TextActors,
    story: Toponym | None = None,
) -> list[Draft]:
    """The events of one sentence. ``story`` is the settlement the story is at so far (in the
    sentence's offsets): an area won or lost that the sentence does not place is won there."""
    every_trigger = [t for t in find_triggers(sent) if not _natural_death(sent, t)]
    triggers: list[Trigger] = []
    plans: list[Trigger] = []
    for t in every_trigger:
        (plans if _not_yet(sent, t) else triggers).append(t)
    if any(t.rule.name == "advance" for t in triggers):
        # "stocks advanced in X", "the team advance into the final": only an armed side's advance is fighting
        actors_here = text_actors.within(*span)
        triggers = [t for t in triggers if t.rule.name != "advance" or _armed_before(sent, t, actors_here)]
    body_start = _body_start(article.text, span[0])
    weak: list[Trigger] = []
    if any(t.rule.category in (ATTACK, CONTROL_CHANGE) and t.rule.voice != "attack_weak" for t in triggers):
        # "killed" is an attack of its own only when nothing else in the sentence did the killing
        # (or what did it is placed nowhere: "IEDs left over from the war kill 5 people in X")
        weak = [t for t in triggers if t.rule.voice == "attack_weak"]
        triggers = [t for t in triggers if t.rule.voice != "attack_weak"]
    owners = sorted(triggers + plans, key=lambda t: t.start)
    # the actors are read by the triggers' roles and by claims, which need a share, an area or a
    # toll: a sentence with none of them is not searched for actors
    # (the figures are looked for only when no trigger already calls for the actors: a sentence
    # whose events give no figure a place is not read for tolls at all)
    needs_actors = bool(triggers) or may_state_share_or_area(sent) or bool(find_casualties(sent))
    actors = text_actors.within(*span) if needs_actors else []
    out: list[Draft] = []
    claimed: set[int] = set()  # local starts of toponyms already given a control change
    for trig in _with_unplaced_kills(triggers, weak, out):
        # a plan's trigger still owns its place ("attacks on the way to liberate Mosul" are not at Mosul)
        places = _governed(sent, trig, tops, owners, body_start, story)
        if trig in weak:
            # set aside for an attack word placed nowhere ("attacks in a country"), the kill
            # verb's place must be where the killing was: "killed scores of people, spurring X
            # to ..." names X as no scene
            places = [t for t in places if _place.scene_locative_before(sent, t)]
        for i, top in enumerate(places):
            if trig.rule.category == CONTROL_STATE and top.start in claimed:
                continue
            draft = Draft(trig.rule.category, trig.rule.name, trig.rule.event_type, trig.rule.sub_event_type,
                          top, span, trig.start, trig.end)
            if len(places) > 1:
                # "recapturing Tikrit in December and the town of Hit this month": a date inside
                # a list item belongs to that item's place.
                draft.extras["item"] = (top.end, places[i + 1].start if i + 1 < len(places) else len(sent))
            if _RELATIVE_BEFORE.search(sent, 0, trig.start):
                draft.extras["background"] = True  # "forces who seized the area in July": told in passing
            if trig.rule.category == ATTACK and _DEFINITE_BEFORE.search(sent, max(0, trig.start - 8), trig.start):
                draft.extras["retold"] = True  # "The attack occurred at ...": one told before
            assign_roles(draft, sent, trig, top, actors, main_actor, opponent)
            out.append(draft)
            if trig.rule.category == CONTROL_CHANGE:
                claimed.add(top.start)
    if weak and any(d.anchor in {t.start for t in weak} for d in out):
        triggers = sorted(triggers + weak, key=lambda t: t.start)
    out = [d for d in out if not (d.category == CONTROL_STATE and d.toponym.start in claimed)]
    for d in out:
        if d.category == ATTACK:
            d.toponym = _quarter_named_after(sent, d.toponym, tops)
    out.extend(find_claims(sent, span, tops, actors, main_actor, country_tops, out, story))
    if not any(d.category == ATTACK for d in out):
        out.extend(find_killed_claims(sent, span, tops, actors, main_actor))
    _attach_numbers(sent, out, triggers, tops)
    dates = find_dates(sent, article.published) if out else []  # a sentence with no event needs no dates
    for d in out:
        if d.category == CLAIM and _NOW_BEFORE.search(sent, max(0, d.anchor - 40), d.anchor):
            continue  # "the group now controls 7 percent, down from 40 percent three years ago": of now
        d.dates = _item_date(dates, sent, d) or _nearest_date(dates, d.anchor, d.trigger_end, triggers, sent,
                                                              state=d.category == CONTROL_STATE)
        if d.dates is None and article.published is not None and _news_of_now(sent, d):
            # "Kurdish forces have managed to take control of Kobani": the present perfect tells
            # of now, not of the dated event about the place told earlier
            d.dates = default_window(article.published, summary=True)
            d.extras["present_perfect"] = True
    return out


#: nouns of an armed side: the subject of an advance that is fighting ("the regime forces advance into X")
_ARMED_NOUN = re.compile(
    r"\b(?:forces|troops|fighters|militants|rebels|army|militia(?:s|men)?|soldiers|jihadists|factions|units|"
    r"insurgents|gunmen|regime|brigades?|battalions?|tanks|columns?|convoys?)\b", re.I)


def _armed_before(sent: str, trig: Trigger, actors: Sequence[ActorMention]) -> bool:
    """Is an armed side (an actor of the table, or a word for one) named before ``trig``? A
    market's or a team's advance ("shares advanced in X", "the club advance into the final") is
    no fighting."""
    return _ARMED_NOUN.search(sent, 0, trig.start) is not None or any(a.end <= trig.start for a in actors)


def _with_unplaced_kills(triggers: list[Trigger], weak: list[Trigger], out: list[Draft]) -> Iterator[Trigger]:
    """``triggers``, then the kill verbs ``weak`` set aside for them when none of them gave an
    attack or a change a place (``out``, filled by the caller as it reads them)."""
    yield from triggers
    if weak and not any(d.category in (ATTACK, CONTROL_CHANGE) for d in out):
        yield from weak


#: "have captured", "has now retaken", "have managed to ... take control of": the perfect of news.
_PRESENT_PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:(?:now|just|finally|also|since|\w+ly)\s+)?(?:(?:managed|succeeded)\s+to\b[^.;:,]{0,60}?)?$", re.I)


#: a perfect before the trigger anywhere in its sentence: "airstrikes have cleared the way for
#: forces to reclaim towns", "the group has since lost ..." — a summary of weeks, not one day's news
_PERFECT_BEFORE = re.compile(r"\b(?:has|have)\s+(?:(?:now|just|finally|also|since|\w+ly)\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn|ught|ost|ld|t)\b", re.I)


def _told_in_perfect(text: str, d: Draft) -> bool:
    """The undated event's sentence tells it in the perfect, up to its trigger ("have retaken")."""
    s, _ = d.sent
    return bool(_PERFECT_BEFORE.search(text, s, s + d.trigger_end))


#: from a city to its part: "Baghdad's northwest Kadhimiyah", "the capital's eastern district of"
_POSSESSIVE_PART = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,3}")


def _quarter_named_after(sent: str, top: Toponym, tops: list[Toponym]) -> Toponym:
    """"a bomb at a police station in Baghdad's northwest Kadhimiyah neighbourhood": the attack
    was in the quarter the city's possessive names, not anywhere in the city."""
    m = _POSSESSIVE_PART.match(sent, top.end)
    if m is None:
        return top
    part = next((t for t in tops if t.start == m.end()), None)
    if part is not None and is_quarter(part) and contains_quarter(top, part):
        return part
    return top


def _news_of_now(sent: str, d: Draft) -> bool:
    """An attack or change told in the present perfect, with no date of its own."""
    return d.category in (ATTACK, CONTROL_CHANGE) and bool(_PRESENT_PERFECT.search(sent, 0, d.anchor))


#: "was captured", "be retaken": a passive right before the trigger
_PASSIVE_BE_BEFORE = re.compile(rf"\b(?:was|were|been|being|is|are|be)\s+{PASSIVE_ADVERB}$")
#: "captured it": the place is named before
_IT_AFTER = re.compile(r"\s+it\b")


def _governed(sent: str, trig: Trigger, tops: list[Toponym], triggers: list[Trigger], span_start: int = 1,
              story: Toponym | None = None) -> list[Toponym]:
    """The pointable toponyms the trigger is about, by its voice (``span_start`` 0: the article's
    first sentence, which may open with a dateline; ``story``: the settlement the story is at)."""
    voice = trig.rule.voice
    found: list[Toponym] = []
    if voice == "loss_direct":
        # "lost Dabiq to rebels", "lost the town of X": a loss only with the place right after it
        # ("lost 40 percent of its territory in Iraq" names a country: a claim, not a change).
        found = _place.places_after(sent, trig.end, tops, max_gap=6, need_locative=False)
        if found and _ROUTE_OBJECT.search(sent[trig.end:found[0].start]):
            found = []  # "lost a crucial highway between X and Y": the road, not the towns at its ends
    elif voice in ("active", "expel", "loss", "siege", "state", "fall_of", "state_pre"):
        passive = voice == "active" and _PASSIVE_BE_BEFORE.search(sent[:trig.start])
        if passive:
            before = _place.place_before(sent, trig.start, tops, max_gap=8)
            found = _subject_list(sent, before, tops, triggers) if before else []
        elif voice == "active" and (_IT_AFTER.match(sent[trig.end:]) or (
                _RELATIVE_BEFORE.search(sent, 0, trig.start) and _AREA_AFTER.match(sent, trig.end))):
            # "... since the militants captured it", "... from IS forces who seized the area in July"
            # "... to retake Ramadi since the militants captured it": the place named before
            earlier = [t for t in tops if t.end <= trig.start and _place.pointable(t) and not _place.is_country(t)
                       and not _place.is_dateline(sent, t)]
            found = earlier[-1:]
        else:
            # "holds Fallujah", "controls most of Anbar": a state's object follows closely
            after = _place.places_after(sent, trig.end, tops, max_gap=6 if voice == "state" else 16, need_locative=False)
            found = after
            lead = sent[trig.end:found[0].start] if found else ""
            if found and (_place.PERSON_OBJECT.match(lead) or (voice == "state" and _place.NON_PLACE_OBJECT.match(lead))):
                found = []
    elif voice == "fell_to":
        before = _place.place_before(sent, trig.start, tops, max_gap=8)
        found = _subject_list(sent, before, tops, triggers) if before else []
    elif voice == "state_by":
        before = _place.place_before(sent, trig.start, tops, max_gap=6)
        # "areas under ISIS control in Anbar": the place follows
        found = [before] if before else _place.places_after(sent, trig.end, tops, max_gap=3, need_locative=True)
    elif voice == "state_of":
        # "the ISIS stronghold of X", "strongholds such as X and Y"; else "X, a stronghold of ISIS"
        found = _place.places_after(sent, trig.end, tops, max_gap=3, need_locative=False)
        if not found:
            found = _weak_place(sent, trig, tops)
    elif voice == "weak":
        found = _weak_place(sent, trig, tops)
    elif voice in ("attack", "attack_verb", "attack_weak"):
        # "attacked from the northern and eastern sides of X": the direction is no distance to the place
        side = _FROM_SIDE.match(sent, trig.end)
        # "an explosion hits a post of the forces loyal to them in X": the verb the attack noun
        # is the subject of is no distance from it to its place
        verb = _HIT_VERB_AFTER.match(sent, trig.end) if voice == "attack" and not side else None
        after = _place.places_after(sent, side.end() if side else verb.end() if verb else trig.end, tops,
                                    max_gap=_VERB_OBJECT_REACH if voice == "attack_verb" else 12,
                                    need_locative=voice != "attack_verb")
        # "clashes in places like X" is a habit of the war, not an incident at X
        found = [t for t in after if _place.pointable(t) and not _GENERIC_PLACE.search(sent[max(0, t.start - 30):t.start])]
        if not found and voice != "attack_verb" and not any(_place.pointable(t) for t in tops):
            # "an overnight ambush in Aleppo province": the province is all the sentence says (not
            # after a bare verb, which may be a town's name read as a word: "the fall of Hit in Anbar")
            found = [t for t in after if _place.province(t)][:1]
        if not found:
            # "artillery targets the besieged Ard Zuhur plain": a named area (a plain, a valley, a
            # district's land) the gazetteer has no settlement for is where the attack fell
            found = [t for t in after if _place.named_area(t)][:1]
        if not found and voice == "attack":
            found = _place_after_relative_toll(sent, trig, tops) or _place_after_toll_verb(sent, trig, tops)
        if not found and voice == "attack_weak":
            # "cells active in X kill a member of the council": the headline's subject is placed
            found = _place.scene_before(sent, trig.start, tops)
        if not found and voice == "attack":
            near = (_place.modifier_place(sent, trig.start, tops) or _place.opening_place(sent, trig.start, tops)
                    or _place.struck_place(sent, trig.start, tops) or _place.witness_place(sent, trig.start, tops)
                    or _home_dateline(sent, span_start, tops, story))
            found = [near] if near else []
        # A place another trigger already governs in the same stretch ("forced out of Jarablus by
        # forces backed by airstrikes") is that trigger's, not this one's.
        found = [t for t in found if not _owned_by_other(sent, trig, t, triggers)]
    attack = voice in ("attack", "attack_verb", "attack_weak")
    if not attack and found and found[0].start > trig.end and _DISTANCE_REFERENCE_END.search(sent, trig.end, found[0].start):
        found = []  # "captured a village 50 miles from X": X was not taken, it says where the village is
    if not attack and found and _place.UNNAMED_OBJECT_REFERENCE.search(sent, max(0, found[0].start - 80), found[0].start):
        found = []  # "retook two towns north of X", "two towns north of X held by IS": X only locates them
    if not attack and found and found[0].start > trig.end and _ROUTE_ENDS.search(sent, trig.start, found[0].start):
        found = []  # "clearing a main road from the capital to X": the road changed hands, not its ends
    return [t for t in found if t is not None and (_place.pointable(t) or (attack and (_place.province(t) or _place.named_area(t))))]


#: a distance from a reference point, ending right before it ("a village just 50 miles from the")
_DISTANCE_REFERENCE_END = re.compile(
    r"\b\d[\d,.]*\s*(?:km|kilometers|kilometres|miles|mi)\b\s+(?:\([^()]{1,25}\)\s+)?"
    r"(?:from|(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|outside)\s+"
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,3}$", re.I)


#: "The attack", "the blast": a definite article right before an attack word refers back to one
_DEFINITE_BEFORE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+$")


#: "now", "currently" in the words right before a claim's figure (no clause break between)
_NOW_BEFORE = re.compile(r"\b(?:now|currently|today)\b[^,;:.]*$", re.I)


def _home_dateline(sent: str, span_start: int, tops: list[Toponym], story: Toponym | None) -> Toponym | None:
    """The dateline city, when it lies in the country the story is about: copy filed from a
    bureau abroad ("X — fighters attacked a border town" of another country) did not happen there."""
    dateline = _place.dateline_place(sent, span_start, tops)
    if dateline is not None and story is not None and story.country_code and dateline.country_code \
            and story.country_code != dateline.country_code:
        return None
    return dateline


def _place_after_relative_toll(sent: str, trig: Trigger, tops: list[Toponym]) -> list[Toponym]:
    """"a spate of bombings that killed more than 150 people in one week in X": the place told
    after the attack's own relative toll clause is where the attack was (the clause's "that"
    ends the object phrase for :func:`geo.events.place.places_after`)."""
    clause = _RELATIVE_TOLL.match(sent, trig.end)
    if clause is None:
        return []
    toll = next((h for h in find_casualties(sent) if h.start == clause.end()), None)
    if toll is None:
        return []
    after = _place.places_after(sent, toll.end, tops, max_gap=6, need_locative=True)
    return [t for t in after if _place.pointable(t)][:1]


def _place_after_toll_verb(sent: str, trig: Trigger, tops: list[Toponym]) -> list[Toponym]:
    """The place told after the toll an attack noun is the subject of: the toll's words (whom it
    killed, "in a cemetery") stand between the attack and where it fell, and count as no
    distance from it."""
    verb = _TOLL_VERB_AFTER.match(sent, trig.end)
    if verb is None:
        return []
    after = _place.places_after(sent, verb.end(), tops, max_gap=12, need_locative=True)
    return [t for t in after if _place.pointable(t)][:1]


def _subject_list(sent: str, last: Toponym, tops: list[Toponym], triggers: list[Trigger]) -> list[Toponym]:
    """The subject of "fell to"/a passive with the list it ends: "Garma, Kubaisa and Hit fell to
    ISIS" is three changes. Not when another trigger governs the start of that list ("the army
    retook Baiji, and Tikrit fell to ISIS": Baiji is the object of "retook")."""
    items = _place.list_before(sent, last, tops)
    if items and any(t.end <= items[0].start and not CLAUSE_OPEN.search(sent, t.end, items[0].start) for t in triggers):
        items = []
    return [*items, last]


#: A boundary after which a list of places opens a new clause.
CLAUSE_OPEN = re.compile(r"[;:.]|\b(?:while|whereas|but|and\s+then)\b", re.I)


_FROM_SIDE = re.compile(
    r"\s+from\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:sides?|flanks?|axis|axes|directions?|fronts?)\s+(?=of\b)", re.I)


#: A relative pronoun right before the verb: "forces who (had) seized", "the militants, who took".
_RELATIVE_BEFORE = re.compile(r"\b(?:who|which|that)\s+(?:had\s+|have\s+|has\s+)?(?:\w+ly\s+)?$", re.I)
#: "the area", "the town": in a relative clause, the place the main clause just named.
_AREA_AFTER = re.compile(r"\s+the\s+(?:area|town|city|village|region)\b(?!\s+of\b)", re.I)


#: A road or a line between places is the object, the places only its ends.
_ROUTE_OBJECT = re.compile(r"\b(?:highways?|roads?|routes?|supply\s+(?:lines?|routes?)|corridors?|links?)\b", re.I)
#: a road named by its ends as a trigger's object ("a main road from X to Y", "the highway linking X")
_ROUTE_ENDS = re.compile(
    r"\b(?:highways?|roads?|routes?|supply\s+(?:lines?|routes?)|corridors?)\s+(?:from|between|linking|connecting|to)\s+"
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)
_GENERIC_PLACE = re.compile(r"\b(?:places|areas|cities|towns)\s+(?:like|such\s+as)\s+$", re.I)


def _inherit_dates(drafts: list[Draft], text: str) -> None:
    """An undated attack or change at a place the story has just dated an event at happened
    then too ("IS stormed Bashir on Saturday. ... street fighting in the town"): the reader
    carries the day over until the story moves on."""
    last: dict[object, Draft] = {}
    told: list[Draft] = []  # the story's dated attacks so far, for the next ones told at other places
    for d in drafts:
        key = _place.place_key(d.toponym)
        if d.dates is None and d.category in (ATTACK, CONTROL_CHANGE):
            prior = last.get(key)
            if prior is None and d.category == ATTACK and told and _next_in_story(told[-1], d, text):
                prior = told[-1]
            if prior is not None and prior.dates is not None and prior.sent != d.sent \
                    and not _changed_back(prior, d):
                d.dates = prior.dates
                d.extras["date_from_context"] = True
        if d.category in (ATTACK, CONTROL_CHANGE) and not d.extras.get("background"):
            last[key] = d  # an event told in a relative clause is background, not the story's day
            if d.category == ATTACK and d.dates is not None:
                told.append(d)


def _changed_back(prior: Draft, d: Draft) -> bool:
    """Two changes of hands at a place with different winners ("seized by rebels last year ...
    the army had taken it over") are two days: the later one does not carry the earlier's."""
    return prior.category == d.category == CONTROL_CHANGE and None not in (prior.gained_by, d.gained_by) \
        and prior.gained_by != d.gained_by


#: how far (in characters) an undated attack may follow a dated one and still be its day's news
_STORY_REACH = 400


#: words that take an undated attack out of the day's news ("previously", "in recent weeks")
_OTHER_TIME = re.compile(r"\b(?:previous(?:ly)?|in\s+the\s+past|in\s+recent|over\s+the\s+(?:past|last)|so\s+far|"
                         r"since|before\s+that|earlier\s+(?:this|that|in)|last\s+(?:week|month|year)|ago)\b", re.I)


def _next_in_story(prior: Draft, d: Draft, text: str) -> bool:
    """"Bombings killed 25 on Wednesday. ... In the north a car bomb killed seven": an undated
    attack told right after a dated one, in the next sentences, is of the same day's news, unless
    its sentence says it is of another time ("previously", "in recent weeks"). "Meanwhile" says it
    is of the story's time however far down it is told ("The regime, meanwhile, shelled X")."""
    if prior.dates is None or d.sent[0] < prior.sent[1] or _OTHER_TIME.search(text, d.sent[0], d.sent[1]):
        return False
    if _MEANWHILE.search(text, d.sent[0], d.sent[1]):
        return prior.dates[2] <= 2
    return prior.dates[2] == 1 and d.sent[0] - prior.sent[1] <= _STORY_REACH


#: "meanwhile", "at the same time": told as of the story's own time
_MEANWHILE = re.compile(r"\b(?:meanwhile|in\s+the\s+meantime|at\s+the\s+same\s+time)\b", re.I)


def _body_start(text: str, start: int) -> int:
    """0 when the sentence at ``start`` is the first of the article body (after a title line)."""
    if start >= 200:
        return start
    return 0 if text.count("\n", 0, start) <= 2 else start


def _owned_by_other(sent: str, trig: Trigger, top: Toponym, triggers: list[Trigger]) -> bool:
    for other in triggers:
        if other is trig or other.rule.voice in _DESCRIPTIVE:
            continue  # "bombing the ISIS stronghold of Raqqa": the description does not take the place
        if trig.end <= other.start <= top.start:
            if other.rule.name == "hit" and trig.rule.voice == "attack" and _PREDICATE_GAP.fullmatch(sent, trig.end, other.start) \
                    and _place.n_tokens(sent[other.end:top.start]) > _VERB_OBJECT_REACH:
                # "shelling targets the old airbase in the east of X": the verb of the attack noun
                # does not reach the place; the noun it tells of does
                continue
            if _PURPOSE_LINK.fullmatch(sent, trig.end, other.start):
                continue  # "an offensive to retake X": X is where the offensive is aimed
            if other.rule.category == CONTROL_CHANGE and _SHARED_OBJECT.fullmatch(sent, trig.end, other.start):
                continue  # "counter-attacked on Thursday and retook X": the attack was on X too
            return True  # another trigger sits between this one and the place
    return False


#: the farthest (in words) an attack verb's object place stands from it (``max_gap`` of ``attack_verb``)
_VERB_OBJECT_REACH = 6
#: From an attack noun to the verb it is the subject of ("mortar fire from army positions targets",
#: "an explosion hits"): a few words, no clause break.
_PREDICATE_GAP = re.compile(r"(?:\s+(?!(?:and|or|but|while|which|that|who)\b)[\w'’-]+){0,5}?\s+(?:continues?\s+to\s+)?", re.I)
#: the verb of a toll an attack noun is the subject of: "mortar fire from the hills kills and
#: wounds 4 mourners at a funeral in X", "the airstrikes leave 3 dead in X", "the blast claims the lives of"
_TOLL_VERB_AFTER = re.compile(
    _PREDICATE_GAP.pattern + r"(?:kills?|killed|claims?\s+the\s+lives?\s+of|leaves|left|leaving)\b", re.I)
#: the verb of an attack noun that says what it hit: "shelling by the regime targets", "a blast hits"
_HIT_VERB_AFTER = re.compile(_PREDICATE_GAP.pattern + r"(?:hits?|targets?|targeted|struck)\b", re.I)
#: From an attack to a capture that shares its object: "stormed and seized", "attacked at dawn and retook".
_SHARED_OBJECT = re.compile(r"(?:\s+[\w'’-]+){0,4}?\s+and\s+(?:then\s+|later\s+|quickly\s+)?", re.I)
#: The words from a campaign to the verb of its purpose ("an offensive to retake", "an operation aimed at recapturing").
_PURPOSE_LINK = re.compile(r"\s+(?:to|aimed\s+at|in\s+a\s+bid\s+to|in\s+order\s+to)\s+(?:\w+ly\s+)?", re.I)


def _weak_place(sent: str, trig: Trigger, tops: list[Toponym]) -> list[Toponym]:
    """"Stronghold"/"de facto capital" describe the place they are said of.

    "Fallujah, the group's stronghold, came under heavy bombardment", "In nearby Raqqa city, a
    stronghold of the Islamic State, ...": the place in apposition right before the noun; or the
    sentence's subject with a copula ("Al-Hawl is the most important stronghold of ...").
    """
    before = [t for t in tops if t.end <= trig.start]
    if not before:
        return []
    last = before[-1]
    if _APPOSED.match(sent[last.end:trig.start]) and _place.n_tokens(sent[last.end:trig.start]) <= 7 \
            and not _ROUTE_BEFORE.search(sent[max(0, last.start - 40):last.start]):
        return [last]
    first = before[0]
    if _place.n_tokens(sent[:first.start]) > 2:
        return []
    gap = sent[first.end:trig.start]
    if _COPULA.match(gap) and _place.n_tokens(gap) <= 7:
        return [first]
    return []


#: "X, the group's", "X city, an IS", "X, one of the last IS": an apposition opening before the noun.
_APPOSED = re.compile(
    r"^\s*(?:(?:city|town|province)\s*)?,\s*[\"”’]?\s*(?:one\s+of\s+(?:the|its|their)\s+|the|an?|its|their|[\w’']+['’]s?)\s+"
    r"(?:[\w’'.-]+\s+){0,4}$", re.I)
#: A destination or a road's end is named to say where something goes, not who holds it
#: ("moving toward Mosul, ISIS's stronghold", "the road linking X and Y, the de facto capital").
_ROUTE_BEFORE = re.compile(r"\b(?:toward|towards|into|to|linking|between|and)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$", re.I)
#: "X is the ISIS", "X remains an important", "X is deemed as the most important".
_COPULA = re.compile(
    r"^\s+(?:is|was|remains|remained|has\s+been|had\s+been)\s+(?:\w+\s+(?:as\s+)?)?(?:the|an?|its|their|still|one\s+of)\s"
    r"(?:[\w’'.-]+\s+){0,4}$", re.I)


#: A day's or a campaign's total is no single incident's toll ("killed a total of 88",
#: "bringing the day's death toll to 88", "in all, 300 were killed").
_AGGREGATE = re.compile(
    r"\b(?:a\s+total\s+of|in\s+total|in\s+all|overall|altogether|combined|cumulative|"
    r"(?:bringing|brought|brings|raising|raised|raises)\s+the\s+(?:[\w’'-]+\s+){0,3}?(?:toll|total)|"
    r"(?:the\s+)?(?:day|week|month|year)['’]s\s+(?:[\w-]+\s+){0,2}?(?:toll|total))\b", re.I)
#: "... rose to 40 in all": the total said after the figure.
_AGGREGATE_AFTER = re.compile(r"\s*(?:in\s+all|in\s+total|altogether|overall|combined)\b", re.I)


#: The dead of a war, a year or a campaign: no one incident's toll ("3,000 militants have been
#: killed since the offensive began in March", "so far this year", "in the four-year war"). A
#: battle of some days is one incident ("killed since Tuesday in the fight over the base").
_CUMULATIVE = re.compile(
    r"\b(?:so\s+far|to\s+date|this\s+(?:year|month)|(?:in|over|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:months?|years?)|"
    r"since\s+(?:(?:the\s+)?(?:start|beginning|outbreak|launch)\s+of|the\s+\w+\s+(?:began|started|was\s+launched)|"
    r"(?:early\s+|late\s+|mid-?)?(?:January|February|March|April|May|June|July|August|September|October|November|December|\d{4}|last\s+(?:year|month)))|"
    r"(?:in|during|of)\s+the\s+(?:[\w-]+\s+){0,2}(?:war|conflict|insurgency|uprising))\b", re.I)


#: "two additional bombings ... have left 25 dead", "three separate attacks killed 40": the sum of
#: incidents told one by one, not the toll of any one of them
_SEVERAL_INCIDENTS = re.compile(
    r"\b(?:two|three|four|five|six|several|multiple|\d+)\s+(?:additional|separate|other|more|further)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:bombings|attacks|blasts|explosions|strikes|assaults)\b[^;:.]*$", re.I)


def _incident_hits(sent: str) -> list:
    """The sentence's killed/wounded figures that may be one incident's toll (not a total)."""
    return list(_sentence_incident_hits(sent))


@sentence_cache
def _sentence_incident_hits(sent: str) -> tuple:
    # cached: a sentence's tolls are asked for by each step that may take them (its own events,
    # the toll awaiting a place, the story's attack)
    return tuple(h for h in find_casualties(sent)
                 if not _aggregate(sent[max(0, h.start - 40):h.end]) and not _AGGREGATE_AFTER.match(sent, h.end)
                 and not _cumulative(sent, h.start, h.end) and not _several_incidents(sent, max(0, h.start - 90), h.start))


#: a word every match of ``_AGGREGATE``, of ``_SEVERAL_INCIDENTS`` holds: a stretch without one is
#: not searched (each expression is tried at every position of it, for every toll of the article)
_AGGREGATE_WORD = AnyFragment("total", "all", "altogether", "combined", "cumulative", "toll")
_SEVERAL_WORD = AnyFragment("additional", "separate", "other", "more", "further")


def _aggregate(stretch: str) -> bool:
    return _AGGREGATE_WORD.search(stretch) and _AGGREGATE.search(stretch) is not None


def _several_incidents(sent: str, lo: int, hi: int) -> bool:
    """``_SEVERAL_INCIDENTS`` in ``sent[lo:hi]``, the stretch before a toll (searched in place: its
    first word boundary is the sentence's)."""
    return _SEVERAL_WORD.search(sent[lo:hi]) and _SEVERAL_INCIDENTS.search(sent, lo, hi) is not None


#: the clause breaks before a toll and after it
_CLAUSE_BEFORE_TOLL = re.compile(r"[;:]|\bbut\b")
_CLAUSE_AFTER_TOLL = re.compile(r"[;:,]|\bbut\b|\bwhile\b")


def _cumulative(sent: str, start: int, end: int) -> bool:
    """A toll counted over months, years or a war, said in its own clause before or after it."""
    before = _CLAUSE_BEFORE_TOLL.split(sent[max(0, start - 45):start])[-1]
    after = _CLAUSE_AFTER_TOLL.split(sent[end:end + 70])[0]
    return any(not _SUPERLATIVE.search(part, 0, m.start()) for part in (before, after) if _CUMULATIVE_WORD.search(part)
               for m in _CUMULATIVE.finditer(part))


#: the words one of which every match of ``_CUMULATIVE`` holds ("far", "date", "since", "war", ...,
#: read off the expression): a part with none of them is not searched (the case-blind
#: alternation was tried at every position of the stretches around every toll of the article)
_CUMULATIVE_WORD = AnyFragment(*required_fragments(_CUMULATIVE.pattern, _CUMULATIVE.flags))


#: "the deadliest attack since March": a comparison, not a count since then.
_SUPERLATIVE = re.compile(r"\b(?:\w+est|first|worst|most\s+\w+)\s+(?:[\w-]+\s+){0,3}$", re.I)


def _attach_numbers(sent: str, drafts: list[Draft], triggers: list[Trigger], tops: Sequence[Toponym] = ()) -> None:
    """Give each killed/wounded figure to the event whose trigger precedes it (else follows it)."""
    # two places of one trigger share its anchor: they stay in the order they were drafted (an
    # order by the drafts' ids, as before, changed with the memory layout from run to run)
    unique = {id(d): d for d in drafts if d.category in (ATTACK, CONTROL_CHANGE)}
    anchors = sorted((((d.anchor, i), d) for i, d in enumerate(unique.values())), key=lambda a: a[0])
    if not anchors:
        return  # no event to give a figure to: the sentence's figures are not looked for
    hits = _incident_hits(sent)
    if not hits:
        return
    owners: dict[int, list] = {}
    for h in hits:
        relative = _relative_attack(sent, h.start, triggers)
        if relative is not None:
            # "the assault on X after bombings that killed 150 in Y": the bombings' toll, even
            # when they were placed nowhere, is not the assault's
            owner = _draft_of(relative, drafts)
            if owner is not None:
                owners.setdefault(id(owner), [owner, []])[1].append(h)
            continue
        linked = _linked_attack(sent, h.end, triggers)
        owner = _draft_of(linked, drafts) if linked is not None else None
        if owner is None:
            before = [d for (a, _), d in anchors if a <= h.start]
            owner = before[-1] if before else anchors[0][1]
            if linked is not None and owner.category == ATTACK and owner.anchor < h.start \
                    and not any(linked.end <= t.start < linked.end + 60 for t in tops):
                # "One soldier was killed in a car bomb attack in X while 11 militants were
                # killed in clashes": the clashes are an incident of their own, at the place
                # the sentence is about
                owner = _elliptic_attack(owner, linked)
                drafts.append(owner)
        owners.setdefault(id(owner), [owner, []])[1].append(h)
    for owner, own_hits in owners.values():
        c = summarise(own_hits)
        owner.killed, owner.wounded, owner.breakdown = c.killed, c.wounded, c.breakdown


#: "were killed in clashes", "died in an airstrike": the words from a toll to the attack that caused it.
_TOLL_LINK = re.compile(r"\s*(?:in|by|during|as\s+a\s+result\s+of)\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,2}", re.I)


#: "bombings that killed", "the raid, which left": the relative clause from an attack to its toll.
_RELATIVE_TOLL = re.compile(r"\s*,?\s*(?:that|which)\s+(?:(?:have|has|had)\s+)?(?:also\s+)?", re.I)


def _relative_attack(sent: str, hit_start: int, triggers: list[Trigger]) -> Trigger | None:
    """The attack whose relative clause states the toll at ``hit_start`` ("bombings that killed 150")."""
    for t in reversed(triggers):
        if t.end <= hit_start and t.rule.category == ATTACK and t.rule.voice != "attack_weak":
            return t if _RELATIVE_TOLL.fullmatch(sent, t.end, hit_start) else None
    return None


def _linked_attack(sent: str, hit_end: int, triggers: list[Trigger]) -> Trigger | None:
    """The attack a toll is said to come from, right after it ("11 were killed in clashes")."""
    for t in triggers:
        if t.start >= hit_end and t.rule.category == ATTACK and t.rule.voice != "attack_weak":
            return t if _TOLL_LINK.fullmatch(sent, hit_end, t.start) else None
    return None


def _draft_of(trig: Trigger, drafts: list[Draft]) -> Draft | None:
    return next((d for d in drafts if d.category == ATTACK and d.anchor == trig.start), None)


def _elliptic_attack(before: Draft, trig: Trigger) -> Draft:
    """An attack that names no place of its own, at the place of the attack told before it in the sentence."""
    rule = trig.rule
    draft = Draft(rule.category, rule.name, rule.event_type, rule.sub_event_type, before.toponym, before.sent,
                  trig.start, trig.end, actor1=before.actor1, actor2=before.actor2)
    draft.extras = {k: v for k, v in before.extras.items() if k != "item"}
    draft.extras["elliptic_place"] = True
    return draft


#: ("In turn, the group killed 30 militants": the other side's losses in its reply, another incident)
_OTHER_INCIDENT = re.compile(r"\b(?:separately|elsewhere|meanwhile|in\s+another|in\s+a\s+separate|in\s+turn|"
                             r"in\s+retaliation|in\s+response)\b", re.I)
_ELSEWHERE = re.compile(r"\b(?:separately|elsewhere|meanwhile|in\s+another|in\s+a\s+separate|earlier|later|since|so\s+far|in\s+total|"
                        r"in\s+turn|in\s+retaliation|in\s+response)\b", re.I)


def _carry_casualties(sent: str, previous: list[Draft]) -> None:
    """"In days of fighting, 47 SDF fighters and 140 militants were killed" tells the toll of the
    attack in the sentence before, when that one gave none; "The attack also wounded 34" adds the
    wounded to one that gave only its dead.

    A sentence that names no place of its own is about the place of the story, so a toll beside
    another attack word ("Four bombs exploded in X. A rocket attack on the bus station killed
    53") is still that place's: one incident per place for the reader, unless the sentence says
    the attack was another one ("Separately, ...", "Elsewhere ...").
    """
    hits = _incident_hits(sent)
    target = next((d for d in reversed(previous) if d.category == ATTACK), None)
    if not hits or target is None:
        return
    # "The death toll has since risen to 20" updates; "Later, 20 were killed" may be another attack
    if _OTHER_INCIDENT.search(sent) or (_ELSEWHERE.search(sent) and not all(h.update for h in hits)):
        return
    c = summarise(hits)
    if target.killed is not None and c.killed is not None and c.killed > target.killed and any(h.update for h in hits):
        target.killed, target.breakdown = c.killed, c.breakdown  # "The death toll rose to 20": the same incident, updated
    if target.killed is None and c.killed is not None:
        target.killed, target.breakdown = c.killed, c.breakdown
        target.extras["casualties_next_sentence"] = True
    if target.wounded is None and c.wounded is not None:
        target.wounded = c.wounded
        target.extras["casualties_next_sentence"] = True



@dataclass(frozen=True)
class _UnplacedToll:
    """The toll of an attack told with no place ("Airstrikes on villages in the north killed 56
    civilians on Tuesday"), kept for the sentence that names where "the strikes" hit."""

    killed: int | None
    wounded: int | None
    breakdown: str | None
    dates: tuple[date, date, int] | None
    end: int  # article offset where its sentence ends
    kind: str  # its sub-event type: the attack that takes it is of this kind or says only "attack"


#: how far (in characters) the place of an unplaced attack may be told after its toll
_UNPLACED_REACH = 1500


def _placed_toll(sent: str, span: tuple[int, int], found: list[Draft], unplaced: _UnplacedToll | None,
                 published: date | None) -> _UnplacedToll | None:
    """Give an earlier unplaced attack's toll to the attack this sentence places by a definite
    reference ("the strikes that targeted two villages, A and B": A's, the first named), and
    return what is still awaiting a place: this sentence's own unplaced toll, or the earlier one."""
    attacks = [d for d in found if d.category == ATTACK]
    if attacks:
        first = attacks[0]
        if unplaced is not None and span[0] - unplaced.end <= _UNPLACED_REACH and first.killed is None \
                and first.sub_event_type in (unplaced.kind, *GENERIC_ATTACKS) \
                and all(d.killed is None for d in attacks) and _THE_ATTACK.search(sent, 0, first.anchor + 1):
            first.killed, first.wounded, first.breakdown = unplaced.killed, unplaced.wounded, unplaced.breakdown
            for d in attacks:
                d.dates = d.dates or unplaced.dates  # the strikes on A and B were on the day of the toll
        return None
    if found:
        return unplaced
    hits = _incident_hits(sent)
    fresh = [t for t in find_triggers(sent) if t.rule.category == ATTACK and t.rule.voice != "attack_weak"]
    if not hits or not fresh or fresh[0].start > hits[0].start or _DEFINITE_BEFORE.search(sent, 0, fresh[0].start):
        return unplaced
    c = summarise(hits)
    return _UnplacedToll(c.killed, c.wounded, c.breakdown, _own_window(sent, published), span[1], fresh[0].rule.sub_event_type)


def _incidents_of_a_toll_list(sent: str, span: tuple[int, int], tops: list[Toponym], previous: list[Draft]) -> list[Draft]:
    """"IS overran the base, killing 70 soldiers. 40 were executed, 17 others died in a suicide
    car bombing and 13 more fell in the assault": told after an attack that gave its
    toll, a toll with an attack of its own (the executions, the bombing) is an incident of its
    own at the attack's place; one without ("13 more fell in the assault") is that attack's."""
    target = next((d for d in reversed(previous) if d.category == ATTACK), None)
    if target is None or target.killed is None or _mentions_place(tops):
        return []
    triggers = [t for t in find_triggers(sent) if t.rule.category == ATTACK and t.rule.voice != "attack_weak"]
    out: list[Draft] = []
    for h in _incident_hits(sent):
        own = next((t for t in triggers if h.start <= t.start and t.end <= h.end), None) \
            or _linked_attack(sent, h.end, triggers)
        if h.what != "killed" or own is None or own.rule.name == target.rule or h.value == target.killed \
                or _DEFINITE_BEFORE.search(sent, 0, own.start):
            continue  # no attack of its own, the story's attack again, or one told before ("the bombing")
        draft = _attack_at_story_place(target, own, span)
        draft.killed, draft.breakdown = h.value, h.breakdown
        draft.dates = target.dates  # the list tells of the attack's own days
        out.append(draft)
    return out


#: how far (in characters) a toll may follow the story's last attack and still be told of it
_STORY_TOLL_REACH = 1200
#: a place this close to the story's attack is the same scene ("from the village" of the assault)
_SAME_SCENE_KM = 25.0
#: "to fend off the assault", "during the offensive": a definite reference back to the story's attack
_THE_ATTACK = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?(?:assault|offensive|attacks?|raids?|onslaught|operation|battle|fighting|push|"
    r"(?:air\s*)?strikes?|bombings?|blasts?|explosions?|shelling|bombardment)\b", re.I)


def _story_toll(sent: str, span: tuple[int, int], tops: list[Toponym], drafts: list[Draft],
                article_tops: tuple[Sequence[Toponym], Sequence[int]] = ((), ()),
                published: date | None = None) -> list[Draft]:
    """A toll in a sentence that tells no event of its own, when the story has moved on a few
    sentences since its last attack (what :func:`_carry_casualties` does for the next sentence):

    - "... had sent car bombs to slow the assault and at least 12 militants had been killed":
      the assault is the story's attack, and the toll its own when it gave none;
    - "Later, two suicide bombers rammed a checkpoint, killing six soldiers": an
      attack of its own, told as another moment of the day, with a toll of its own: at the place
      the story is about, an event of its own (a placeless toll without that may be a running
      total of the same fight);
    - "the death toll in the city stood at 50 in the first week of the offensive, which began on
      May 3": a toll of another span of days than the story's attack, an event of its own at
      the story's place, dated by its own sentence.
    """
    hits = _incident_hits(sent)
    target = _story_attack(span, drafts) if hits else None
    if target is None or _OTHER_INCIDENT.search(sent):
        return []
    in_order, starts = article_tops  # the article's toponyms in text order, and their starts
    between = in_order[bisect.bisect_left(starts, target.sent[1]):bisect.bisect_left(starts, span[0])]
    since = [t for t in between if _place.plausible(t)]
    c = summarise(hits)
    if c.killed is None or not _same_scene(since, target, drafts):
        return []  # no dead, or the story has named another place since its attack
    if target.killed is not None and target.killed != c.killed:
        other = _another_incident(sent, span, tops, target, hits, published)
        if other is not None:
            other.killed, other.wounded, other.breakdown = c.killed, c.wounded, c.breakdown
        return [other] if other is not None else []
    if target.killed is None and _THE_ATTACK.search(sent) and _same_scene(tops, target, drafts):
        target.killed, target.breakdown = c.killed, c.breakdown
        target.extras["casualties_next_sentence"] = True
        if target.wounded is None:
            target.wounded = c.wounded
    return []


def _another_incident(sent: str, span: tuple[int, int], tops: list[Toponym], target: Draft, hits: list,
                      published: date | None) -> Draft | None:
    """The attack at the story's place that a toll differing from the story attack's is told of:
    a new attack told as another moment of the day, or the story's fight over other days."""
    triggers = [t for t in find_triggers(sent) if t.rule.category == ATTACK]
    fresh = next((t for t in triggers if t.rule.voice != "attack_weak" and t.end <= hits[0].start), None)
    if fresh is not None and not _mentions_place(tops) and _ANOTHER_TIME.search(sent, 0, fresh.start) \
            and not _DEFINITE_BEFORE.search(sent, 0, fresh.start):
        return _attack_at_story_place(target, fresh, span)
    window = _own_window(sent, published)
    # the other days' toll must name the story's place ("the toll in the city"): a bombing "in
    # a suburb of the Iraqi capital" on another day is somewhere the story does not say
    if window is None or target.dates is None or not _mentions_place(tops) or not _same_scene(tops, target, []) \
            or not triggers or (window[0] <= target.dates[1] and target.dates[0] <= window[1]):
        return None
    draft = _attack_at_story_place(target, triggers[0], span)
    draft.dates = window
    return draft


def _own_window(sent: str, published: date | None) -> tuple[date, date, int] | None:
    """The one date window the sentence tells (None for none or several)."""
    windows = {(m.date_start, m.date_end, m.precision) for m in find_dates(sent, published)}
    return windows.pop() if len(windows) == 1 else None


#: "the air strike", "that assault": an attack told before, not a new one
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?$", re.I)
#: "Later on, ...", "Hours earlier ...": an attack told as another moment of the story's day
_ANOTHER_TIME = re.compile(r"\b(?:later|earlier|afterwards|subsequently)\b", re.I)


def _story_attack(span: tuple[int, int], drafts: list[Draft]) -> Draft | None:
    """The (first) attack of the story's last sentence that told an attack or a change, near enough."""
    last = None
    for d in reversed(drafts):  # only as far back as the reach: not every event of a long article
        if span[0] - d.sent[1] > _STORY_TOLL_REACH:
            return None
        if d.category in (ATTACK, CONTROL_CHANGE):
            last = d
            break
    if last is None:
        return None
    # of a list ("the strikes on A and B"), the first named carries the toll told of them all
    return next((d for d in _told_in(last.sent, drafts) if d.category == ATTACK), None)


def _told_in(sent: tuple[int, int], drafts: list[Draft]) -> list[Draft]:
    """The drafts told in the sentence ``sent``, in order, when that sentence is among the last
    told: walked back from the end, so a long article's every toll is not a scan of all its events."""
    told: list[Draft] = []
    for d in reversed(drafts):
        if d.sent == sent:
            told.append(d)
        elif d.sent[0] < sent[0]:
            break
    return told[::-1]


def _same_scene(tops: list[Toponym], target: Draft, drafts: list[Draft]) -> bool:
    """Every place in ``tops`` is one the attack's sentence told an event at, or close by."""
    told = {_place.place_key(d.toponym) for d in _told_in(target.sent, drafts)}
    t0 = target.toponym
    for t in tops:
        if not _place.pointable(t) or _place.place_key(t) in told:
            continue
        if t.lat is None or t.lon is None or t0.lat is None or t0.lon is None \
                or distance_km(t.lat, t.lon, t0.lat, t0.lon) > _SAME_SCENE_KM:
            return False
    return True


def _attack_at_story_place(target: Draft, trig: Trigger, span: tuple[int, int]) -> Draft:
    """An attack told with no place, at the place of the story's attack (undated: dated later from it)."""
    rule = trig.rule
    draft = Draft(rule.category, rule.name, rule.event_type, rule.sub_event_type, target.toponym, span,
                  trig.start, trig.end, actor1=target.actor1, actor2=target.actor2)
    draft.extras["elliptic_place"] = True
    return draft


def _item_date(dates: list[DateMention], sent: str, d: Draft) -> tuple[date, date, int] | None:
    item = d.extras.get("item")
    if not isinstance(item, tuple):
        return None
    lo, hi = item
    for m in dates:
        if lo <= m.start and m.end <= hi and _place.n_tokens(sent[lo:m.start]) <= 4:
            return m.date_start, m.date_end, m.precision
    return None


#: The opening of a relative clause: what follows is about something else.
_RELATIVE_CLAUSE = re.compile(r"(?:,|\s[—–-])\s*(?:where|which|who|whose)\b", re.I)
_SINCE_BEFORE = re.compile(
    r"\bsince\s+(?:(?:early|late|mid|middle|end|beginning|start|last|this|the)(?:[\s-]+of)?[\s-]+)*$", re.I)
#: A relative clause that opens before a date and closes before the trigger: "the militants, who
#: seized Mosul in mid-June, reported fighting": the date is the clause's.
_CLAUSE_OPEN_BEFORE = re.compile(r"(?:,|\s[—–-])\s*(?:who|which|whose|where)\b[^,;—–]*$", re.I)


#: A date right after a verb of speech dates the report, not the event: "... officials said on Monday".
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|announced|confirmed|reported|told\s+\w+|stated|added|claimed)\s+(?:\w+\s+){0,1}$", re.I)


#: a comma or a dash between a date and its trigger
_COMMA_OR_DASH = re.compile(r"[,—–]")


def _nearest_date(dates: list[DateMention], start: int, end: int, triggers: list[Trigger],
                  sent: str = "", state: bool = False) -> tuple[date, date, int] | None:
    """The date expression closest to the trigger; one across another trigger counts double.

    A day that dates only the report of an event after it in the sentence ("ISIS seized the
    town, officials said on Monday") bounds the event from above: the week before it. A date
    inside a relative clause after the trigger ("... Mosul, where the group declared its
    caliphate in 2014") dates that clause, not the event; for a state, "since last summer" says
    when the holding began, not when it was reported.
    """
    best: tuple[float, DateMention] | None = None
    for d in dates:
        dist = start - d.end if d.end <= start else d.start - end if d.start >= end else 0
        lo, hi = (d.end, start) if d.end <= start else (end, d.start)
        if d.start >= end and _RELATIVE_CLAUSE.search(sent, lo, hi):
            continue
        if d.end <= start and _COMMA_OR_DASH.search(sent[d.end:start]) and _CLAUSE_OPEN_BEFORE.search(sent, 0, d.start):
            continue
        if state and _SINCE_BEFORE.search(sent[max(0, d.start - 30):d.start]):
            continue
        if d.start >= end and d.text.lower().endswith("after"):
            continue  # "the advance comes six weeks after the army retook X" dates the retaking
        crossed = sum(1 for t in triggers if lo <= t.start < hi and t.start != start)
        score = max(dist, 0) * (1 + 2 * crossed)
        if best is None or score < best[0]:
            best = (score, d)
    if best is None:
        return None
    d = best[1]
    if d.precision == 1 and d.start >= end and _SPEECH_BEFORE.search(sent[:d.start]):
        return d.date_start - timedelta(days=6), d.date_end, 2
    return d.date_start, d.date_end, d.precision


def _shifted(t: Toponym, offset: int) -> Toponym:
    """``t`` with its offsets counted from ``offset`` (what ``dataclasses.replace`` makes, at a
    sixth of its cost: every toponym of an article is shifted into its sentence)."""
    moved = object.__new__(Toponym)
    fields = moved.__dict__
    fields.update(t.__dict__)
    fields["start"], fields["end"] = t.start - offset, t.end - offset
    return moved


def _outside_dates(sent: str, tops: list[Toponym], published: date | None) -> list[Toponym]:
    """Drop toponyms that are part of a date expression ("in March 2015", "last August")."""
    if not tops:
        return []
    spans = [(d.start, d.end) for d in find_dates(sent, published)]
    return [t for t in tops if not any(t.start < e and s < t.end for s, e in spans)]


def _country_toponyms(tops: list[Toponym]) -> dict[str, Toponym]:
    out: dict[str, Toponym] = {}
    for t in tops:
        if _place.is_country(t) and t.country_code and t.country_code not in out:
            out[t.country_code] = t
    return out


def _in_dateline(text: str, t: Toponym) -> bool:
    """The toponym is the dateline of the paragraph it opens ("ISTANBUL: ...")."""
    # a line break is looked for only where it may be: back over the indent and a few marks
    # ("* ", "-- "), not to the line's start (in a text of one long line that was quadratic)
    indent = t.start
    while indent > 0 and text[indent - 1] in " \t\u00a0":
        indent -= 1
    line_start = text.rfind("\n", max(0, indent - 4), t.start) + 1
    if indent - line_start > 3:
        return False
    line_end = text.find("\n", t.start)  # found in place: a copy of the rest of the text per toponym was quadratic
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return _place.is_dateline(line, _shifted(t, line_start))


def _most_named_settlement(tops: list[Toponym]) -> Toponym | None:
    return _most_named([t for t in tops if _place.settlement(t) and _place.plausible(t)])


def _home_dateline_capital(text: str, tops: list[Toponym], capitals: list[Toponym]) -> Toponym | None:
    """The dateline's capital as "the capital" of a story filed from it about its own country
    ("KABUL (Reuters) - Taliban fighters attacked a post in the capital"); none when every place
    the body names lies in other countries (a bureau abroad: "VELORA - ... in the capital" of
    the country next door)."""
    dateline = next((t for t in capitals if _in_dateline(text, t)), None)
    if dateline is None:
        return None
    body_countries = {t.country_code for t in tops if t.country_code and not _in_dateline(text, t)}
    return dateline if not body_countries or dateline.country_code in body_countries else None


def _most_named(tops: list[Toponym]) -> Toponym | None:
    """The place named most often (first named on a tie)."""
    counts: dict[object, list[Toponym]] = {}
    for t in tops:
        counts.setdefault(t.geonameid or t.name, []).append(t)
    if not counts:
        return None
    return max(counts.values(), key=lambda ts: (len(ts), -ts[0].start))[0]


#: the words of a caption, and the verbs it lacks
_CAPTION_WORD = re.compile(r"[\w’'-]+")
_CAPTION_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had)\b|\w(?:ed|es)\b")


def _caption(sent: str) -> bool:
    """A line of a few words with no verb in it: a photo caption, a map label, a dateline."""
    words = _CAPTION_WORD.findall(sent)
    return len(words) <= 5 and not _CAPTION_VERB.search(sent)


def _mentions_place(tops: list[Toponym]) -> bool:
    return any(_place.pointable(t) for t in tops)


_NEAR = re.compile(
    r"\b(?:near|outside|around|close\s+to|outskirts\s+of|(?:north|south|east|west|northeast|northwest|southeast|southwest)"
    r"(?:ern)?\s+of)\s+(?:the\s+)?$",
    re.I,
)


def _with_unique_ids(made: list[tuple[Event, Draft]]) -> list[Event]:
    """Two events of one sentence at one mention kept apart ("one killed in a bombing in X while
    eleven were killed in clashes": two tolls, two incidents) would share an id, and linking would
    make them one incident again: the later one's id also digests where its trigger stands.
    ``made``: each event with the draft it was made from, in the order events are returned."""
    seen: set[str] = set()
    out = []
    for ev, d in made:
        if ev.event_id in seen:
            ev = replace(ev, event_id=hashlib.sha1(f"{ev.event_id}|{d.anchor}".encode()).hexdigest()[:16])
        seen.add(ev.event_id)
        out.append(ev)
    return out


def _to_event(d: Draft, article: Article) -> Event | None:
    start: date | None
    end: date | None
    if d.dates is not None:
        start, end, precision = d.dates
    elif article.published is not None:
        start, end, precision = default_window(article.published, summary=_told_in_perfect(article.text, d))
    else:
        # neither the text nor a publication date says when: the event is kept and says so
        # (no window, precision 3) rather than dropped or given a made-up one
        start, end, precision = None, None, 3
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
        gained_by=d.gained_by if d.category == CONTROL_CHANGE else None,
        lost_by=d.lost_by if d.category == CONTROL_CHANGE else None,
        holder=d.holder if d.category in (CONTROL_STATE, CLAIM) else None,
        action=str(d.extras["action"]) if d.category == CONTROL_CHANGE and d.extras.get("action") else None,
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
        meta=_meta(article, d),
    )


def _meta(article: Article, d: Draft) -> dict[str, str]:
    """The article's manifest columns, plus which side of a change the text left unsaid."""
    meta = dict(article.meta)
    inferred = d.extras.get("inferred")
    if d.category == CONTROL_CHANGE and isinstance(inferred, str):
        meta["inferred_role"] = inferred
    return meta
