"""The literal gate before each trigger expression changes speed only, never what is found."""

from __future__ import annotations

import re

from geo.events import place
from geo.events.triggers import find_triggers, rules
from geo.text.gate import literal_gate, passes, word_starts

SENTENCES = [
    "Kurdish forces recaptured the town of Sinjar on Friday after two days of fierce fighting.",
    "ISIS-held Raqqa came under heavy bombardment as Russian strikes pounded its outskirts.",
    "A suicide car bomb exploded at a checkpoint near the refinery, killing 12 soldiers.",
    "The militants withdrew from the village, which had been under the group's control since 2014.",
    "Government troops re-established control over the airbase, the ministry said on Tuesday.",
    "The fall of the city to the jihadists in mid-May was a blow to the army.",
    "Rebels shot down a helicopter and took 20 hostages in a raid on the border post.",
    "U.S. and coalition airstrikes targeted the group's stronghold of Tabqa overnight.",
    "Nothing happened here; the market reopened and children went back to school.",
]


def _ungated(text: str) -> list[tuple[int, int, str]]:
    return sorted((m.start(), m.end(), r.name) for r in rules() for m in r.pattern.finditer(text) if m.end() > m.start())


def test_gated_trigger_search_finds_what_the_expressions_find() -> None:
    for sent in SENTENCES:
        starts = word_starts(sent.lower())
        gated = sorted((m.start(), m.end(), r.name) for r in rules() if r.may_match(starts)
                       for m in r.pattern.finditer(sent) if m.end() > m.start())
        assert gated == _ungated(sent), sent
        assert find_triggers(sent) == find_triggers(sent)  # deterministic with the gate


def test_gate_of_optional_alternatives_and_classes() -> None:
    assert literal_gate(r"(?:the\s+)?fall\s+of") == {"the", "fal"}
    assert literal_gate(r"captur(?:ed|es|ing|e)\b") == {"cap"}
    assert literal_gate(r"counter[- ]?attack") == {"cou"}
    assert literal_gate(r"[-‐](?:held|run)") == {"-he", "-ru", "‐he", "‐ru"}
    # a match can open on any digit or capital: no gate, the expression always runs
    assert literal_gate(r"\d+\s+killed") == frozenset()
    assert literal_gate(r"(?:(?-i:[A-Z])\S*\s+)?strikes?") == frozenset()
    # "in control": the gate stops at the class and keeps the short beginning
    assert literal_gate(r"in\s+control") == {"in"}


def test_word_starts_see_words_after_hyphens_and_the_hyphen_itself() -> None:
    starts = word_starts("isis-held mid-may")
    assert {"isi", "-he", "hel", "mid", "-ma", "may", "m", "mi"} <= starts
    assert passes(literal_gate(r"[-‐]held"), starts)
    assert not passes(literal_gate(r"recaptur(?:ed|e)"), starts)
    assert passes(frozenset(), starts)  # no gate: always run


def test_every_rule_with_a_gate_is_word_anchored() -> None:
    """The gate is exact only for matches starting at a word or a hyphen."""
    for rule in rules():
        assert rule.pattern.pattern.startswith(("(?<![\\w-])", "[-")), rule.name
        assert all(re.fullmatch(r"[\w\-‐]+", g) for g in rule.gate), rule.name


def test_a_sentence_with_no_trigger_share_or_toll_is_not_searched_for_actors(monkeypatch) -> None:
    # the actors of a sentence serve its triggers' roles and its claims (a share, an area or a
    # toll): without any of them nothing reads them, and the search is skipped
    from datetime import date

    from test_events import events

    from geo.events.actors import TextActors

    searched: list[str] = []
    within = TextActors.within

    def counting(self: TextActors, start: int, end: int):
        searched.append(self.text[start:end])
        return within(self, start, end)

    monkeypatch.setattr(TextActors, "within", counting)
    text = ("Kurdish forces and ISIS fighters met tribal leaders in Tikrit on Monday. "
            "ISIS has lost 40 percent of the territory it held in Iraq, the Pentagon said. "
            "Coalition strikes have killed more than 20,000 ISIS militants in Syria since 2014.")
    found = [(e.category, e.place, e.actor1, e.actor2, e.killed) for e in events(text, date(2016, 1, 20))]
    assert found == [("claim", "Iraq", "ISIS", None, None), ("claim", "Syria", None, "ISIS", 20000)]
    quiet, claim, _toll = (sentence + "." for sentence in text.split(". "))
    assert quiet not in searched
    assert claim in searched


def test_modal_words_before_a_trigger_found_as_the_plain_search_finds_them() -> None:
    from geo.events import extract

    windows = ["Kurdish forces were preparing to recapture", "The army could not retake", "during their offensive to",
               "after a week of heavy fighting, the army", "plans to storm", "the ſhould-be", "An operation ordered to",
               "rumours that rebels", "in May the militants", "It is unlikely the group may", "no", "", "NEW ROUND OF"]
    windows += [s[max(0, i - 40):i] for s in SENTENCES for i in range(0, len(s), 7)]
    for before in windows:
        assert extract._modal_before(before) == bool(extract._MODAL.search(before)), before


def test_plans_and_purposes_before_a_trigger_found_as_without_the_word_gate(monkeypatch) -> None:
    from geo.events import extract

    sentences = [*SENTENCES,
                 "The brigade began its offensive to retake Tell Qasra, and went on to seize the bridge.",
                 "Militants are poised to launch more attacks on Wadi Harun; the army managed to recapture the hill.",
                 "The strikes positioned the group TO CARRY OUT raids, officials said, and then bombed the depot.",
                 "Rebels moved in to quickly storm the base after shelling it for two days."]
    found = [(s, t.start, extract._not_yet(s, t)) for s in sentences for t in find_triggers(s)]
    monkeypatch.setattr(extract, "_TO", type("Always", (), {"search": staticmethod(lambda text: True)})())
    assert found == [(s, t.start, extract._not_yet(s, t)) for s in sentences for t in find_triggers(s)]
    assert any(plan for _, _, plan in found) and not all(plan for _, _, plan in found)


def test_backers_before_an_actor_found_as_the_plain_search_finds_them() -> None:
    from geo.events import actors

    windows = ["fighters backed by the", "with the help of the", "Unsupported by the", "under the cover of", "WITH THE HELP OF",
               "the envoy to the", "aided by US and", "nothing here", "", "ſupported by"]
    windows += [s[max(0, i - 40):i] for s in SENTENCES for i in range(0, len(s), 5)]
    for before in windows:
        assert actors._supported_before(before) == bool(actors._SUPPORT_BEFORE.search(before)), before


def test_anaphors_are_looked_for_only_where_their_words_are() -> None:
    from geo.events import place

    texts = [*SENTENCES, "Fighting raged inside the besieged town and the area around it.", "They fled there at dawn.",
             "The city council met in the ISIS-held village of Bashir.", "Troops stormed the base; the compound burned."]
    for text in texts + [t.lower() for t in texts] + [t.upper() for t in texts]:
        if not place._ANAPHOR_WORD.search(text):
            assert not place._ANAPHOR.search(text), text
        if not place._NEAR_ANAPHOR_WORD.search(text):
            assert not place._NEAR_ANAPHOR.search(text), text
    assert [t.text for t in place.anaphoric_places(texts[9], 0, len(texts[9]), None)] == []


def test_totals_and_several_incidents_found_as_the_plain_search_finds_them() -> None:
    from geo.events import extract

    texts = [*SENTENCES, "bringing the day's death toll to 40", "In all, 300 were killed", "three separate attacks killed 40",
             "two additional bombings in the city have left 25 dead", "The overall TOLL", "12 more were killed", "ALTOGETHER"]
    for text in texts:
        for lo in range(0, len(text), 3):
            assert extract._aggregate(text[lo:]) == bool(extract._AGGREGATE.search(text[lo:])), text[lo:]
            assert extract._several_incidents(text, lo, len(text)) == \
                bool(extract._SEVERAL_INCIDENTS.search(text, lo, len(text))), text[lo:]


def test_last_break_before_a_position_found_as_a_scan_from_the_start_finds_it() -> None:
    from geo.events import roles

    texts = [*SENTENCES, "Militants, who stormed the town when the army fled, and then the police, seized it; " * 4,
             "an ISIS chemical weapons attack on the town", "theater anathema " * 12, "x" * 300 + ", and the"]
    for text in texts:
        for pos in range(0, len(text) + 1, 3):
            starts = [m.end() for m in roles._CLAUSE_BREAK.finditer(text[:pos])]
            assert roles.clause_start(text, pos) == (starts[-1] if starts else 0), (text, pos)
            marks = [m.start() for m in roles._DETERMINER_OR_BREAK.finditer(text[:pos])]
            assert roles._noun_phrase_start(text, pos) == (marks[-1] if marks else max(0, pos - 40)), (text, pos)


def test_a_toll_with_no_word_for_fighters_anywhere_is_not_read_for_a_claim(monkeypatch) -> None:
    from geo.events import claims

    read: list[str] = []
    plain = claims.find_casualties

    def counting(text: str):
        read.append(text)
        return plain(text)

    monkeypatch.setattr(claims, "find_casualties", counting)
    assert claims.find_killed_claims("Shelling killed 2,000 civilians in Syria since 2014.", (0, 52), [], [], None) == []
    assert read == []
    claims.find_killed_claims("Strikes killed 2,000 militants in Syria since 2014.", (0, 50), [], [], None)
    assert read == ["Strikes killed 2,000 militants in Syria since 2014."]


def test_words_of_a_gap_are_its_runs_of_non_space_characters() -> None:
    for gap in [" in the village of ", "\tnear\u00a0the\u2009old  road\n", "", "   ", "al-Qasra's ", "x\u3000y\u200bz\x1cw"]:
        assert place.n_tokens(gap) == len(re.findall(r"\S+", gap)), repr(gap)
