"""Claims: figures of territory lost, held or gained, and tallies of fighters killed.

"the group has lost an estimated 35% of the land it once held in Iraq" is a claim
``territory_lost_pct`` = 35 about Iraq; "lost 6,000 square kilometers" an area; "coalition
strikes have killed more than 20,000 militants in Syria since 2014" a ``fighters_killed`` tally.
Each claim is tied to the country or region it is about: the one named after the figure, a
nationality adjective ("of the Iraqi territory"), or an opening "In Syria, ...".
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo.events import place as _place
from geo.events.actors import ActorMention
from geo.events.draft import Draft
from geo.events.roles import clause_start
from geo.records import CLAIM, CONTROL_CHANGE, Toponym
from geo.text.gate import AnyFragment, literal_openers
from geo.text.numbers import Quantity, find_casualties, find_quantities, may_state_share_or_area

#: Verbs whose subject lost or held territory, for claims.
_LOSS_VERB = re.compile(r"\b(?:lost|lose|loses|losing|loss|losses|ceded|cede|surrendered|shrunk|shrank|shed|retaken\s+from|recaptured\s+from)\b", re.I)


_HOLD_VERB = re.compile(r"\b(?:holds?|held|holding|controls?|controlled|controlling|occupies|occupied|rules?|ruled)\b", re.I)


_GAIN_VERB = re.compile(r"\b(?:gained|gains|captured|capture|seized|seize|took|taken|overran|overrun|conquered|retook|retaken|"
                        r"recaptured|liberated|reclaimed|regained|cleared|swept\s+(?:across|through|over))\b", re.I)


#: "a third of the country": the country the sentence (or the article) is about.
_OF_THE_COUNTRY = re.compile(r"\s+of\s+(?:the|that|this)\s+country\b", re.I)
#: "control 70 percent of the contested ISIS stronghold of Manbij": a share of one town held.
_OF_A_TOWN = re.compile(
    r"\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,5}?(?:town|city|village|stronghold|district|countryside)\s+of\s+(?:the\s+)?$", re.I)


_TERRITORY_AFTER = re.compile(
    r"^\s*(?:of\s+(?:(?:its|their|the|his|her|that|this|all|[A-Z][\w.-]*[’']s?)\s+)?(?:[A-Za-z’'-]+\s+){0,2}?"
    r"(?:territory|territories|land|lands|ground|area|areas|terrain)\b|of\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:territory|land))",
)


_TERRITORY_BEFORE = re.compile(r"\b(?:territory|territories|land|lands|area|areas|caliphate|ground)\b", re.I)


_SHRINK_BEFORE = re.compile(
    r"\b(?:shr[au]nk|shrinking|shrinks|shrink|decreased|declined|fell|fallen|dropped|reduced|contracted|cut|down)\s+"
    r"(?:by\s+)?(?:about\s+|nearly\s+|roughly\s+|some\s+|around\s+|almost\s+|more\s+than\s+|an\s+estimated\s+)?$",
    re.I,
)


#: Adjectives of nationality: "the Iraqi territory it once held" is a claim about Iraq.
#: Source: ISO 3166-1 country names and their English demonyms (CIA World Factbook, "Nationality").
DEMONYMS = {
    "Iraqi": "IQ", "Syrian": "SY", "Libyan": "LY", "Egyptian": "EG", "Turkish": "TR", "Lebanese": "LB",
    "Jordanian": "JO", "Afghan": "AF", "Yemeni": "YE", "Nigerian": "NG", "Malian": "ML", "Somali": "SO",
    "Saudi": "SA", "Iranian": "IR", "Pakistani": "PK", "Tunisian": "TN", "Algerian": "DZ",
    "Filipino": "PH", "Philippine": "PH", "Indonesian": "ID", "Bangladeshi": "BD",
}


#: A cumulative toll ("have been killed since 2014", "so far this year") is a claim, not an attack.
_CUMULATIVE = re.compile(r"\b(?:since|so\s+far|to\s+date|in\s+total|altogether|over\s+the\s+(?:past|last)|this\s+year|"
                         r"campaign|war|conflict|throughout|in\s+all\s+of)\b", re.I)


_FIGHTERS = re.compile(r"\b(?:fighters|militants|jihadis|jihadists|combatants|insurgents|members)\b", re.I)
#: the words of ``_FIGHTERS``: a sentence holding none of them anywhere has no match in any part of it
_FIGHTERS_WORD = AnyFragment(*literal_openers(_FIGHTERS.pattern))


def find_claims(
    sent: str,
    span: tuple[int, int],
    tops: list[Toponym],
    actors: list[ActorMention],
    main: str | None,
    country_tops: dict[str, Toponym],
    control: list[Draft],
    story: Toponym | None = None,
) -> list[Draft]:
    """Figures of territory lost, held or gained, each with the country or region it is about.

    An area won or lost in a sentence that names no place ("the push reclaimed 300 square
    kilometres in two days") is about the ground the story is at: ``story``, the settlement of
    the article's latest event (a share needs its country named: "40 percent" of what)."""
    if not may_state_share_or_area(sent):
        return []  # the figures are not read: only shares and areas are claims
    quantities = find_quantities(sent)
    figures = [q for q in quantities if q.kind in ("percent", "area")]
    out: list[Draft] = []
    unplaced: list[tuple[Quantity, str]] = []  # areas the sentence does not place
    prev_metric: str | None = None
    prev_end = 0
    for i, q in enumerate(figures):
        of_country = bool(_OF_THE_COUNTRY.match(sent, q.end)) or any(
            _place.is_country(t) or t.geo_precision == 3 for t in tops
            if t.start >= q.end and re.fullmatch(r"\s+of\s+(?:the\s+)?(?:whole\s+of\s+)?", sent[q.end:t.start]))
        metric = _claim_metric(sent, q, prev_metric, prev_end, of_country)
        if metric is None and q.kind == "percent" and _share_of_town_held(sent, q, tops):
            metric = "held"
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
        top = _claim_place(sent, q, nxt, tops, country_tops) or _country_of_the_country(sent, q, tops, country_tops)
        if top is None:
            if q.kind == "area" and metric != "held" and not tops:
                unplaced.append((q, metric))
            continue
        out.append(_claim(sent, span, q, metric, top, actors, main))
    # "ISIS has lost 21,000 km2, about 40 percent of the Iraqi territory": the area is the
    # share's ground; with no placed figure beside it, the ground the story is at
    where = out[0].toponym if out else story
    if unplaced and where is not None:
        out.extend(_claim(sent, span, q, metric, where, actors, main) for q, metric in unplaced)
    return _one_claim_per_place(out)


def _claim(sent: str, span: tuple[int, int], q: Quantity, metric: str, top: Toponym,
           actors: list[ActorMention], main: str | None) -> Draft:
    """The claim that figure ``q`` of the sentence states about ``top``."""
    kind = "pct" if q.kind == "percent" else "km2"
    draft = Draft(CLAIM, "claim", "Strategic developments", "Other", top, span, q.start, q.end)
    draft.metric = f"territory_{metric}_{kind}"  # territory_lost_pct, territory_held_km2, ...
    draft.value, draft.value_low, draft.value_high = q.value, q.low, q.high
    draft.unit = "%" if kind == "pct" else "km2"
    draft.extras["figure"] = q.text
    # The group that lost or holds is the last one named before the figure ("the US
    # military announced that ISIS had lost ...").
    who = next((a for a in reversed(actors) if a.end <= q.start and not a.supporting), None)
    draft.actor1 = who.name if who else main
    loser = _from_actor(sent, q.end, actors)
    if metric == "gained" and loser is not None:
        # "retaken 1,000 square miles from ISIS": told as the loser's loss, as claims usually are
        draft.metric = draft.metric.replace("_gained_", "_lost_")
        draft.actor1, draft.actor2 = loser.name, draft.actor1
    draft.holder = draft.actor1 if metric == "held" else None
    return draft


def find_killed_claims(sent: str, span: tuple[int, int], tops: list[Toponym], actors: list[ActorMention], main: str | None) -> list[Draft]:
    """"Coalition strikes have killed more than 20,000 militants in Syria since 2014": a claim
    of fighters killed, tied to the one country or region named right after the figure."""
    if not _FIGHTERS_WORD.search(sent):
        return []  # no figure can be of fighters: the sentence's tolls are not read for a claim
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
        draft = Draft(CLAIM, "claim", "Strategic developments", "Other", top, span, h.start, h.end)
        draft.metric, draft.value, draft.unit = "fighters_killed", float(h.value), "people"
        draft.killed = h.value
        draft.breakdown = h.breakdown
        victim = next((a for a in actors if h.start <= a.start < h.end), None)
        draft.actor2 = victim.name if victim else main
        out.append(draft)
    return out[:1]


def _from_actor(sent: str, pos: int, actors: list[ActorMention]) -> ActorMention | None:
    m = re.match(r"\s+(?:of\s+(?:its|their|the)\s+\w+\s+)?from\s+(?:the\s+)?", sent[pos:])
    if not m:
        return None
    return next((a for a in actors if a.start == pos + m.end()), None)


def _claim_metric(sent: str, q: Quantity, prev_metric: str | None, prev_end: int, of_country: bool = False) -> str | None:
    """"lost", "held" or "gained" when the figure is territory, else None.

    A figure is territory when it is an area, a share "of its territory", or a share "of Syria"
    with a verb of holding or losing before it.
    """
    after = sent[q.end:q.end + 80]
    before = sent[clause_start(sent, q.start):q.start]
    territorial = q.kind == "area" or _TERRITORY_AFTER.match(after)
    if not territorial and of_country and q.kind == "percent" and (
            _LOSS_VERB.search(before) or _HOLD_VERB.search(before) or _GAIN_VERB.search(before)):
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


def _share_of_town_held(sent: str, q: Quantity, tops: list[Toponym]) -> bool:
    """"now control 70 percent of the ... stronghold of Manbij": a share of one place held (a
    share retaken is the control change's, not a standing claim)."""
    before = sent[clause_start(sent, q.start):q.start]
    if not re.search(r"\b(?:holds?|held|controls?|controlled|control)\s+(?:\w+\s+){0,2}$", before, re.I):
        return False
    return any(t.start >= q.end and _place.pointable(t) and _OF_A_TOWN.fullmatch(sent, q.end, t.start) for t in tops)


def _country_of_the_country(sent: str, q: Quantity, tops: list[Toponym],
                            country_tops: dict[str, Toponym]) -> Toponym | None:
    """The country "of the country" means: the last one named before the figure, else the only one
    the article names."""
    m = _OF_THE_COUNTRY.match(sent, q.end)
    if not m:
        return None
    named = [t for t in tops if t.end <= q.start and _place.is_country(t)]
    if named:
        return replace(named[-1], start=m.start(), end=m.end(), text=m.group().strip())
    if len(country_tops) == 1:
        only = next(iter(country_tops.values()))
        return replace(only, start=m.start(), end=m.end(), text=m.group().strip())
    return None


def _control_owner(control: list[Draft], q: Quantity) -> Draft | None:
    """A control change whose trigger precedes the area figure governs it ("captured 1,300 km2")."""
    owners = [d for d in control if d.category == CONTROL_CHANGE and d.trigger_end <= q.start]
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
    lead = re.match(r"\s*(?:In|Across|Throughout)\b[^,]*,", sent) if opening else None
    if lead and lead.end() <= q.start:
        inside = [t for t in tops if t.end <= lead.end()]
        return inside[-1] if inside else None
    if opening:
        lo = clause_start(sent, q.start)
        inside = [t for t in tops if lo <= t.start and t.end <= q.start
                  and re.search(r"\b(?:territory|territories|land|areas?)\s+(?:\w+\s+)?(?:in|of)\s+(?:the\s+)?$", sent[max(lo, t.start - 40):t.start], re.I)]
        if inside:
            return inside[-1]
    return None


def _one_claim_per_place(drafts: list[Draft]) -> list[Draft]:
    """One claim per place and sentence: a percentage wins over the area that restates it."""
    kept: dict[tuple[str | None, int | None], Draft] = {}
    for d in drafts:
        key = (d.toponym.name, d.toponym.geonameid)
        old = kept.get(key)
        if old is None or (old.unit == "km2" and d.unit == "%"):
            if old is not None:
                d.extras["also"] = f"{old.metric} {old.extras.get('figure')}"
            kept[key] = d
    return sorted(kept.values(), key=lambda d: d.anchor)
