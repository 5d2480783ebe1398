"""The trigger lexicon: words that say territory changed hands, is held, or was attacked.

Each row of ``geo/events/data/triggers.csv`` is one regular expression with its category, its
*voice* (who gains and where the place is: ``active`` "SDF captured X", ``expel`` "drove ISIS
out of X", ``loss`` "ISIS withdrew from X", ``loss_direct`` "ISIS lost X to rebels",
``fell_to`` "X fell to ISIS", ``fall_of`` "the fall of X", ``siege`` "broke the siege of X";
``state`` "ISIS holds X", ``state_by`` "X, under ISIS control", ``state_pre`` "ISIS-held X",
``state_of`` "the ISIS stronghold of X" / "X, a stronghold of ISIS", ``weak`` "X, the ISIS
stronghold" for control; ``attack`` "a bombing in X", ``attack_verb``
"stormed X", ``attack_weak`` "killed 12 in X" with no other attack word) and its ACLED event
type and sub-event type.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from geo import settings
from geo.text.gate import (
    literal_gate,
    lowers_in_place,
    passes,
    prefix_finditer,
    required_fragments,
    sentence_cache,
    word_starts,
)


@dataclass(frozen=True)
class Rule:
    """One row of the trigger lexicon."""

    name: str
    category: str
    voice: str
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    #: Lower-case word beginnings one of which starts every match (empty: no such set).
    gate: frozenset[str] = frozenset()
    #: Lower-case fragments one of which every match holds, kept where they say more than the gate
    #: (a rule with no gate, one opening on a common word: "the" of "the fall of", or a word longer
    #: than its beginning: "shelled" for "she"); empty otherwise.
    needs: frozenset[str] = frozenset()

    def may_match(self, starts: frozenset[str]) -> bool:
        """False when no match can start among the text's word beginnings (:func:`word_starts`):
        a set test is far cheaper than running the expression over every sentence."""
        return passes(self.gate, starts)


@dataclass(frozen=True)
class Trigger:
    """A trigger found at ``[start, end)`` of the searched text."""

    start: int
    end: int
    text: str
    rule: Rule


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The lexicon, in file order."""
    path = settings.shipped_file("geo.events", "data", "triggers.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Rule(
                r["name"],
                r["category"],
                r["voice"],
                # Acronyms such as IED are written in capitals; everything else in any case.
                re.compile(_bounded(r["pattern"]), re.I),
                r["event_type"],
                r["sub_event_type"],
                gate,
                _needs(r["pattern"], gate),
            )
            for r in csv.DictReader(fh)
            # each pattern is parsed for its gate once (a parse of the lexicon's every pattern
            # is paid by every process that reads a sentence)
            for gate in (literal_gate(r["pattern"]),)
        )


def _needs(pattern: str, gate: frozenset[str]) -> frozenset[str]:
    """The fragments every match of ``pattern`` holds one of (:func:`required_fragments`), when
    they say more than its ``gate``: a fragment longer than the beginning it opens with ("shelled"
    where the gate lets through every "she", as in "shelling"). A rule whose gate passes is tried
    only on a sentence holding one of them: a few string searches, where the expression was tried
    at each of the gate's beginnings (most of the lexicon's tries found nothing)."""
    needs = required_fragments(pattern, re.I)
    return needs if not needs <= gate else frozenset()


def _holds_needs(rule: Rule, lowered: str) -> bool:
    """Does ``lowered`` hold one of the fragments the rule's matches need (any, if it has none)?"""
    if not rule.needs:
        return True
    for fragment in rule.needs:  # noqa: SIM110 - a loop, not any() over a generator
        if fragment in lowered:
            return True
    return False


@lru_cache(maxsize=1)
def _gate_index() -> tuple[tuple[int, ...], dict[str, tuple[int, ...]]]:
    """The rules without a gate, and for each word beginning the rules it lets through (by
    position in the lexicon)."""
    ungated: list[int] = []
    by_start: dict[str, list[int]] = {}
    for i, rule in enumerate(rules()):
        if not rule.gate:
            ungated.append(i)
        for start in rule.gate:
            by_start.setdefault(start, []).append(i)
    return tuple(ungated), {k: tuple(v) for k, v in by_start.items()}


def _rules_for(starts: frozenset[str]) -> list[Rule]:
    """The rules that may match a text with word beginnings ``starts``, in lexicon order: those
    that :meth:`Rule.may_match`, found through the index rather than by testing every rule."""
    return [rule for rule, _heads in _rules_among(starts & _gate_words())]


@lru_cache(maxsize=1)
def _gate_words() -> frozenset[str]:
    """Every word beginning some rule's gate holds: the only ones :func:`_rules_for` looks at."""
    return frozenset(_gate_index()[1])


@lru_cache(maxsize=2048)
def _rules_among(relevant: frozenset[str]) -> tuple[tuple[Rule, frozenset[str]], ...]:
    """The rules that may match a text whose word beginnings among :func:`_gate_words` are
    ``relevant``, each with the beginnings of its gate the text has. Remembered: sentences
    share a few such sets ("cap", "kil", "the"), and the index was walked for each of them."""
    ungated, by_start = _gate_index()
    chosen = set(ungated)
    for start in relevant:
        chosen.update(by_start[start])
    every = rules()
    return tuple((every[i], every[i].gate & relevant) for i in sorted(chosen))


def _bounded(pattern: str) -> str:
    """Anchor a pattern at a word start ("-held" in "ISIS-held" starts inside a word on purpose)."""
    if pattern.startswith("[-"):
        return pattern
    return rf"(?<![\w-])(?:{pattern})"


def find_triggers(text: str) -> list[Trigger]:
    """Every trigger in ``text``, longest first where two overlap, returned in text order.

    Examples
    --------
    >>> [(t.text, t.rule.category) for t in find_triggers("ISIS fighters retook the town.")]
    [('retook', 'control_change')]
    """
    return list(_find_triggers(text))


@sentence_cache
def _find_triggers(text: str) -> tuple[Trigger, ...]:
    # cached: a sentence is searched again for the toll it may carry over, and a repeated line
    # of a pasted list is not searched twice
    lowered = text.lower()
    starts = word_starts(lowered)
    # a gated rule is tried only where one of its beginnings is, when the lowered text's offsets
    # are the text's; its matches are never empty
    at_starts = lowers_in_place(text)
    # (and, there, a rule that needs a word the text lacks is not tried)
    found = [Trigger(m.start(), m.end(), m.group(), rule)
             for rule, heads in _rules_among(starts & _gate_words())
             if not at_starts or _holds_needs(rule, lowered)
             for m in (prefix_finditer(rule.pattern, text, lowered, heads) if at_starts and rule.gate
                       else rule.pattern.finditer(text))
             if m.end() > m.start()]
    found.sort(key=lambda t: (-(t.end - t.start), t.start))
    kept: list[Trigger] = []
    for t in found:
        if all(t.end <= k.start or t.start >= k.end for k in kept):
            kept.append(t)
    kept.sort(key=lambda t: t.start)
    return tuple(kept)
