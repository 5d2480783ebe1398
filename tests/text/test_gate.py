"""The fast paths before the text expressions (start scanners, gates, sentence caches) change
speed only, never what is found: each is checked against the plain expression."""

from __future__ import annotations

import random
import re

import pytest

from geo.events import triggers
from geo.text import dates, gate, numbers
from geo.text.gate import (
    GateIndex,
    can_consume,
    gate_starts,
    gated_finditer,
    gated_search,
    literal_gate,
    literal_openers,
    prefix_finditer,
    sentence_cache,
    start_scanner,
)

SENTENCES = [
    "A car bomb killed at least 27 people and wounded 40 others at a checkpoint in the town on Monday.",
    "12 Iraqi soldiers and 35 militants were killed, and some 60 were wounded, officials said.",
    "The death toll rose to 88 after the blast, which claimed the lives of eleven children.",
    "Moreover 12 killed; often killed; twenty-one dead and a dozen hurt in the second attack.",
    "March 6: Tikrit, 14 killed", "6 March 2016 Baiji airstrike (30 wounded)",
    "Government forces took 1,300 square kilometers (502 square miles), about 40 percent of the area.",
    "Between 20 and 30 fighters died in the clashes, and more than a hundred fled.",
    "Three weeks ago, in early May 2015 and again last week, the militants lost their lives there.",
    "The market reopened and children went back to school.",
    "Nine prisoners were summarily executed and two hostages beheaded, while 14 executions were recorded.",
    "Gunmen killed 20 people and 40 were wounded; 30 troops and pro-regime paramilitaries were reportedly killed.",
    "The death toll, officials said on Sunday, rose to 41 after five detainees who had been wounded died.",
    "ſome 30 were ſlain on the 5th of May, İn the evening.",
]
WORDS = ("killed wounded dead died deaths toll lives lost their the of at least more than over about some "
         "12 1,300 2015 twenty-one a an dozen hundred and to - , . people soldiers militants Iraqi SDF were "
         "have been March 6 Jan. last week ago days since early the end summer between percent square km half "
         "moreover often Often KILLED ſome executed beheaded executions summarily reportedly who had prisoners "
         "detainees killing of his men commander a third one-third two-thirds thirds quarter three quarters fifth "
         "tenth its their sq mi km² km2 mi2 miles kilometres per cent territory").split()


#: news copy beyond ASCII: curly quotes, dashes, accented names, the Unicode hyphen
CURLY = [
    "“Kurdish fighters recaptured Kobanî on Monday,” the group’s spokesman said — 30 were killed.",
    "The militants’ car bomb killed 12 people in Şeyh Maqsoud on 6 March 2016, wounding 40 others.",
    "ISIS‐held Raqqa was shelled in mid‐May; since Tuesday, over 20 civilians had died in the siege.",
    "Regime forces took control of Tel Abyaḍ last week, killing a senior commander – officials said.",
]


def _mixed_sentences(n: int = 400) -> list[str]:
    rng = random.Random(5)
    return SENTENCES + CURLY + [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25))) for _ in range(n)]


def _spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


def test_start_scanner_holds_at_every_literal_beginning_and_digit() -> None:
    scanner = start_scanner("ten|twelve", "one", also=r"\d")
    assert [m.start() for m in scanner.finditer("often 1 TWELVE")] == [2, 6, 8]
    assert scanner.pattern == "(?=\\d|one|t(?:en|we))"
    # three letters: "tw" of "two" is not every "tw" ("between"), "th" of "three" not every "the"
    assert [m.start() for m in start_scanner("two|three").finditer("between the three")] == [12]
    # a whitespace step is a step of the prefix: "a dozen", not every "a"
    dozen = start_scanner(r"a\s+dozen", r"an?\s")
    assert [m.start() for m in dozen.finditer("Wadi Harun saw a dozen")] == [15]
    # for an expression that opens on a word boundary: not inside a word ("often")
    at_words = start_scanner("ten|twelve", "one", also=r"\d", at_word_start=True)
    assert [m.start() for m in at_words.finditer("often 1 TWELVE x1")] == [6, 8]


def test_gated_casualty_expressions_find_what_the_plain_ones_find() -> None:
    for sent in _mixed_sentences():
        assert _spans(gated_finditer(numbers._NUM_VERB, numbers._FIGURE_START, sent)) == \
            _spans(numbers._NUM_VERB.finditer(sent)), sent
        assert _spans(numbers._groups(sent)) == _spans(numbers._ONE_GROUP.finditer(sent)), sent
    for groups in ["12 Iraqi soldiers and 35 militants", "a commander and five of his men", "ſix TWENTY-one others, 2,000 more",
                   "an estimated 40 and a dozen", "often 1 oneone", *DIGIT_RUNS]:
        assert _spans(numbers._groups(groups)) == _spans(numbers._ONE_GROUP.finditer(groups)), groups
        assert _spans(gated_finditer(numbers._toll(), numbers._TOLL_START, sent)) == \
            _spans(numbers._toll().finditer(sent)), sent
        plain = numbers._QUANT_RE.search(sent, 3)
        gated = gated_search(numbers._QUANT_RE, numbers._QUANT_START, sent, 3)
        assert (plain and plain.span()) == (gated and gated.span()), sent


def test_verb_toll_gates_read_off_the_verbs_are_those_of_the_whole_expressions() -> None:
    assert literal_gate(numbers._VERB_NUM.pattern) == numbers._VERB_NUM_GATE
    assert literal_gate(numbers._ONE_PERSON.pattern) == numbers._ONE_PERSON_GATE


def test_verb_tolls_tried_at_their_beginnings_are_those_the_plain_search_finds() -> None:
    extra = ["Gunmen killing two soldiers and three civilians; nobody was hurt, without any deaths.",
             "The blast left 42 dead, wounding a senior commander; no one was killed. Unskilled beheaded one man.",
             "KILLED 12 ſoldiers"]
    for sent in [*extra, *DIGIT_RUNS, *_mixed_sentences()]:
        each = numbers._word_gated(sent)
        for pattern, gate_words in ((numbers._VERB_NUM, numbers._VERB_NUM_GATE), (numbers._ONE_PERSON, numbers._ONE_PERSON_GATE),
                                    (numbers._NO_DEATHS, numbers._NO_DEATHS_GATE)):
            assert gate_words and _spans(each(pattern, gate_words)) == _spans(pattern.finditer(sent)), sent


def _plain_subject_figures(text: str) -> list[tuple[int, int, str]]:
    """``numbers._subject_figures`` with the plain search (no start scanner, no end bound, no
    stretches between breaks): the whole text searched from each match on."""
    text += " "
    found = []
    pos = 0
    while (m := numbers._NUM_VERB.search(text, pos)) is not None:
        if numbers._VERB_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            first = numbers._ONE_GROUP.match(text, m.start())
            nxt = numbers._SEP_RE.match(text, first.end()) if first else None
            pos = nxt.end() if nxt and nxt.end() < m.end("groups") else m.end()
            continue
        found.append(m)
        pos = m.end()
    return _spans(found)


#: figures inside runs of digits: years, thousands commas, decimals, a run a match may open inside
DIGIT_RUNS = [
    "8 November 2014 Baiji airstrike (30 wounded)", "25 August 2017: 74 wounded, 2016 12 killed",
    "1234,567 people were killed", "A1234,567 soldiers died", "12,345 troops and 2,000 militants were killed",
    "1.5 million 2015 civilians died", "99999 dead", "2014-2015 300 were executed", "1,2345 killed", "123,4567 killed",
    "Over 20142015 fighters were slain", "In 2015 47 fighters and 3 civilians were killed",
]


#: pasted lists and asides: the breaks no figure's match holds (":", "(", ";", quotes)
BREAKS = [
    "May 3, 2015: Mosul, 4 killed (AFP)\nRaqqa - clashes\n12 June 2016 Aleppo airstrike (5 wounded)",
    "(12 killed) 5 wounded: 3 dead; 20 were killed", "Raqqa: 30 fighters and 12 civilians were killed; in Hama (north) 4 died",
    "“Seven people were killed,” he said; “20 were wounded” [AP] / 3 dead? 4 slain!", "killed: 12", "12 (killed)",
]


def test_figure_breaks_are_characters_the_toll_expression_cannot_hold() -> None:
    assert set(":;()") <= set(numbers._FIGURE_BREAKS)
    # written out in the module (a parse of the whole expression at import was costly): read off it here
    assert not any(can_consume(numbers._NUM_VERB, c) for c in numbers._FIGURE_BREAKS)
    assert all(not re.search(re.escape(c), m.group()) for sent in BREAKS for m in numbers._NUM_VERB.finditer(sent)
               for c in numbers._FIGURE_BREAKS)
    assert numbers._toll_stretches("May 3: Mosul, 4 killed (AFP), 5 dead") == [(6, 22), (28, 36)]


def test_subject_figures_found_as_the_plain_search_finds_them() -> None:
    for sent in [*DIGIT_RUNS, *BREAKS, *_mixed_sentences(), *(f"{a}: {b}" for a, b in zip(_mixed_sentences(), BREAKS * 80))]:
        assert _spans(numbers._subject_figures(sent + " ")) == _plain_subject_figures(sent), sent


def test_casualty_search_stops_after_the_last_toll_word() -> None:
    sent = "Clashes killed 12 fighters near the dam, and 30 were wounded; talks resumed in a hundred places."
    last = max(m.end() for m in numbers._TOLL_WORD_RE.finditer(sent))
    assert _spans(gated_finditer(numbers._NUM_VERB, numbers._FIGURE_START, sent, last)) == \
        _spans(numbers._NUM_VERB.finditer(sent))
    assert [h.value for h in numbers.find_casualties(sent)] == [12, 30]


def _all_dates(sent: str) -> list:
    """The date expressions with every pattern run through the whole text (no gate, no words
    needed inside, no start at the first figure)."""
    saved = dates._GATE_INDEX, dates._NEEDS_INDEX, dates._PLAN
    ungated = GateIndex([frozenset() for _ in dates._PATTERNS])
    dates._GATE_INDEX, dates._NEEDS_INDEX = ungated, ungated
    dates._PLAN = tuple((kind, pattern, None, (), kind in dates._RELATIVE, "mon" if kind == "mon" else 0, False)
                        for kind, pattern in dates._PATTERNS)
    dates._may_match_among.cache_clear()  # type: ignore[attr-defined]
    try:
        return list(dates._find_dates.__wrapped__(sent, dates.date(2016, 3, 9)))  # type: ignore[attr-defined]
    finally:
        dates._GATE_INDEX, dates._NEEDS_INDEX, dates._PLAN = saved
        dates._may_match_among.cache_clear()  # type: ignore[attr-defined]


def test_gate_index_lets_through_the_gates_that_pass() -> None:
    gates = [dates._GATES[i] for i in range(len(dates._PATTERNS))] + [frozenset({"cap", "re-"}), frozenset()]
    index = GateIndex(gates)
    for sent in [*DATE_SENTENCES, *_mixed_sentences()]:
        starts = gate_starts(sent)
        if starts is not None:
            assert index.passing(starts) == {i for i, g in enumerate(gates) if gate.passes(g, starts)}, sent


def test_literal_openers_are_the_words_every_match_opens_with() -> None:
    assert literal_openers(r"\b(?:no|not|ahead\s+of|(?-i:may))\b") == ("ahead", "may", "no", "not")
    assert literal_openers(r"\b(?:kill\w*|[A-Z]\w+)") == ()  # a class can open a match: no openers


def test_what_a_match_can_hold() -> None:
    assert not can_consume(re.compile(r"\d+\s+(?:killed|dead)", re.I), ":")
    assert can_consume(re.compile(r"[^a]"), ":") and can_consume(re.compile(r"a.b"), ":")
    assert can_consume(re.compile(r"(?i:K)"), "k") and not can_consume(re.compile(r"(?i)(?-i:[A-Z])"), "k")
    assert can_consume(re.compile(r"(?i)[a-z]"), "\u212a")  # the Kelvin sign is a "k" to a case-blind class
    assert not can_consume(re.compile(r"(?=:)a|(?!;)b"), ":") and not can_consume(re.compile(r"(?=:)a|(?!;)b"), ";")


DATE_SENTENCES = [
    # months and weekdays after a common first word ("in", "from", "last"), glued or not at a word start
    "In the month of March, from January through April 2015 and last Monday the unit held; on xMarch and inMay, since Tuesday.",
    "Between October and December 2014, on-Friday, during August and by the month of June fighters left Tell Qasra.",
    "In mid-2015, since 2014, in2016 and x2017 in the summer of 2015, in 2015 summer, over the winter and this weekend it held.",
    "Since the start of this year, at the beginning of the month, in the past three weeks, in recent days, over the last 2 days.",
    "In the past few months, during the year, this month, last year, in recent months and in the recent past the front held.",
    "The town fell in midJune and was retaken in mid-July 2015, between March and May 2016.",
    "In the spring of 2014, and again in 2015 summer, the militants held the dam since 2013.",
    "At the start of the year, on Tuesday of last week, and since Friday the army has advanced.",
    "Over the past three months and in recent weeks it lost ground.", "It fell in the past  few\ndays.",
    "Earlier this month, two years ago, in late 2016 and in early August the front moved.",
    "Fighting resumed 6th of September 2015 and on Sept. 3, 2014; in November it stopped.",
    "Checkpoint 12 fell; 3 of June 2015 and 14 May were the worst days, and unit4 May 2016 held.",
    "Raqqa2 March, then 28 March 2013 Hama airstrike (46 wounded)\n5th of May: Homs, 9 killed",
    # month and weekday words in lower case or capitals, which the case-sensitive expressions do not take
    "The market may reopen: officials declared in june, in MARCH and on monday that the separate decree holds.",
    "In early march, on Mar. 4 and in Sept, by December 2015, from April to June 2016, Marines held Mayqasra.",
    "On Friday of the previous week and since sunday the novices octopus-like moved; Jan 5 and JUNE 2014.",
]


def test_date_gates_change_nothing_found() -> None:
    for sent in [*DATE_SENTENCES, *_mixed_sentences()]:
        assert list(dates._find_dates.__wrapped__(sent, dates.date(2016, 3, 9))) == _all_dates(sent), sent  # type: ignore[attr-defined]


def test_characters_a_case_blind_match_folds_turn_the_gate_off() -> None:
    assert gate_starts("ſince 2014") is None  # "ſince" matches "since" case-blind
    assert gate_starts("İn March") is None
    starts = gate_starts("Since 2014")
    assert starts is not None and "sin" in starts


def test_trigger_index_lets_through_the_rules_that_may_match() -> None:
    for sent in [*_mixed_sentences(100), "ISIS-held Raqqa was recaptured after the siege of the town was broken."]:
        starts = triggers.word_starts(sent.lower())
        assert triggers._rules_for(starts) == [r for r in triggers.rules() if r.may_match(starts)], sent


def test_triggers_tried_at_their_beginnings_are_those_the_plain_search_finds() -> None:
    sentences = [*_mixed_sentences(150), "ISIS-held Raqqa was recaptured after the siege of the town was broken.",
                 "Rebels took control of the base, stormed the airport and shelled pro-government positions.",
                 "The Islamic State-controlled town fell to Kurdish fighters; a car bomb hit the checkpoint."]
    for sent in sentences:
        lowered = sent.lower()
        starts = triggers.word_starts(lowered)
        for rule in triggers._rules_for(starts):
            if rule.gate and gate.lowers_in_place(sent):
                assert _spans(prefix_finditer(rule.pattern, sent, lowered, rule.gate & starts)) == \
                    _spans(rule.pattern.finditer(sent)), (rule.name, sent)


def test_word_starts_are_the_beginnings_of_words_and_hyphens() -> None:
    sentences = [*_mixed_sentences(150), "al-qaeda a-b pro-government fighters ‐held x‐y", "-- 12-year-old", "ſome İn 3rd", ""]
    for sent in sentences:
        lowered = sent.lower()
        plain = {h[:k] for word, hyphen in gate._WORD_START.findall(lowered) for h in [word or hyphen] for k in (1, 2, 3)}
        assert gate._word_starts(lowered) == plain, sent


def test_sentence_cache_remembers_sentences_only() -> None:
    calls: list[str] = []

    @sentence_cache
    def count(text: str) -> int:
        calls.append(text)
        return len(text)

    assert count("a sentence") == count("a sentence") == 10
    long_text = "word " * 1000
    assert count(long_text) == count(long_text) == 5000
    assert calls == ["a sentence", long_text, long_text]


def test_a_sentence_without_a_share_or_area_word_has_no_such_figure() -> None:
    for sent in _mixed_sentences():
        if any(q.kind in ("percent", "area") for q in numbers.find_quantities(sent)):
            assert numbers.may_state_share_or_area(sent), sent
    for sent in ("The militants lost a third of the country they held.", "Nearly two-thirds of its territory fell.",
                 "Three quarters of their land is gone.", "They lost a tenth of its area.", "One-fifth of the province.",
                 "Troops took 40 sq mi around the dam.", "Rebels seized 120 km² and 300 km2 more.", "About 60 mi2 were retaken."):
        assert any(q.kind in ("percent", "area") for q in numbers.find_quantities(sent)), sent
        assert numbers.may_state_share_or_area(sent), sent
    assert numbers.may_state_share_or_area("held 40 per cent of the province")
    assert numbers.may_state_share_or_area("held 40 per\ncent of the province")
    # "per" of another word is no share: the Peshmerga's every sentence was read for figures
    assert not numbers.may_state_share_or_area("Peshmerga units began the operation near Sinjar.")
    assert not numbers.may_state_share_or_area("Clashes killed 12 fighters near the dam.")


def test_any_fragment_answers_as_the_case_blind_alternation_does():
    from geo.text.gate import AnyFragment

    words = ("kill", "wound", "%", "mi²")
    check = AnyFragment(*words)
    alternation = re.compile("|".join(map(re.escape, words)), re.I)
    texts = ["Two soldiers were KILLED near Hit.", "Rebels hold 40% of the province.", "Rebels hold the town.",
             "Ten were Wounded.", "an area of 12 mi² east of Raqqa", "\u212aILLED in the blast",  # the Kelvin sign
             "İnsurgents killed three", "", "Şeyh Maqsoud was shelled",
             "“Two were killed,” he said — ‘at dawn’", "The soldiers’ WOUNDS were ſerious", "ſkıll", "ki̇ll",
             "Dozens were Killed at the militants’ base", "Both sides’ dead were counted in Aleppo’s east"]
    for text in texts:
        assert check.search(text) == bool(alternation.search(text)), text
    # a fragment with a cased letter beyond ASCII always keeps the expression
    accented = AnyFragment("blessé", "tué")
    for text in ["Trois BLESSÉS", "un soldat tué’", "TUÉ"]:
        assert accented.search(text) == bool(re.search("blessé|tué", text, re.I)), text


def test_a_gate_of_no_fragment_is_refused_not_silently_closed() -> None:
    """A gate read off an expression that guarantees no fragment would answer False to every
    sentence and switch its rule off unseen: it is refused when it is made."""
    from geo.text.gate import AnyFragment

    with pytest.raises(ValueError, match="at least one fragment"):
        AnyFragment(*gate.required_fragments(r"\d+|x"))


def test_required_fragments_are_held_by_every_match() -> None:
    assert gate.required_fragments(r"air\s*strikes?|(?:US|Russian)\s+strikes?|raids?\s+by") == {"strike", "raid"}
    assert gate.required_fragments(r"(?:the\s+)?fall\s+of", re.I) == {"fall"}
    assert gate.required_fragments(r"\d+|x") == frozenset()  # a branch that guarantees nothing
    assert gate.required_fragments(r"(?=siege)\w+") == frozenset()  # a look-ahead holds nothing
    sentences = [*_mixed_sentences(300), "US strikes hit the town", "Russian airstrikes; raids by jets",
                 "the fall of Mosul", "Kurds under siege broke the siege", "ISIS‐controlled areas were retaken"]
    for rule in triggers.rules():
        for sent in sentences:
            if rule.needs and rule.pattern.search(sent):
                assert any(fragment in sent.lower() for fragment in rule.needs), (rule.name, sent)


def test_toll_words_tried_at_their_beginnings_are_those_the_plain_search_finds() -> None:
    extra = ["Unkilled? KILLED, dead-end deaths; the wounded were injured", "ſlain KILLED İnjured", "overkill kills"]
    for sent in [*extra, *CURLY, *_mixed_sentences()]:
        assert _spans(numbers._toll_words(sent)) == _spans(numbers._TOLL_WORD_RE.finditer(sent)), sent
