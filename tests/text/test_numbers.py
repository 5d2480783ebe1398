"""Number forms of the issue, on sentences written for the test."""

from __future__ import annotations

import pytest

from geo.text.numbers import KM2_PER_MI2, casualties, find_quantities, parse_number


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        ("A car bomb in the market killed at least 27 people on Sunday.", 27, None),
        ("The blast killed more than a hundred worshippers.", 100, None),
        ("The missile brought down the airliner, killing all 150 on board.", 150, None),
        ("The twin bombings left 42 dead and 80 wounded.", 42, 80),
        ("A mortar round killed 12 and wounded 30 near the gate.", 12, 30),
        ("The raid killed one policeman and wounded more than 200 others.", 1, 200),
        ("Nearly forty civilians were killed in the shelling.", 40, None),
        ("The death toll rose to 64 on Tuesday.", 64, None),
        ("The blast claimed the lives of 18 people.", 18, None),
        ("At least 30 people lost their lives in the attack.", 30, None),
        ("At least 16 civilians have lost their lives in the shelling.", 16, None),
        ("Ten soldiers, peshmerga and militia fighters were killed and 32 were wounded.", 10, 32),
        ("Twelve Peshmerga were killed in the attack.", 12, None),
        ("A bomber blew up his car near the gate, leaving five people killed and ten others wounded.", 5, 10),
        ("At least 12 people were killed and 30 wounded.", 12, 30),
    ],
)
def test_killed_and_wounded_as_stated(sentence: str, killed: int | None, wounded: int | None) -> None:
    c = casualties(sentence)
    assert c is not None
    assert (c.killed, c.wounded) == (killed, wounded)


def test_killed_groups_are_summed_with_the_breakdown_kept() -> None:
    c = casualties("Over three days, 12 Iraqi soldiers and 35 militants were killed, the ministry said.")
    assert c is not None
    assert c.killed == 47
    assert c.breakdown == "12 Iraqi soldiers + 35 militants"


def test_wounds_of_one_man_are_no_count() -> None:
    assert casualties("The commander died of his wounds from an airstrike.") is None
    assert casualties("Attacks that killed scores of people spread fear.") is None


def test_area_with_a_checked_conversion() -> None:
    (q,) = [q for q in find_quantities("Rebels took 1,300 square kilometers (502 square miles) in a week.") if q.kind == "area"]
    assert (q.value, q.unit, q.checked) == (1300.0, "km2", True)


def test_area_with_a_wrong_conversion_is_flagged() -> None:
    (q,) = [q for q in find_quantities("They seized 1,300 square kilometers (900 square miles).") if q.kind == "area"]
    assert q.checked is False
    assert q.value == 1300.0


def test_area_in_square_miles_alone_is_converted() -> None:
    (q,) = [q for q in find_quantities("an area of 100 square miles") if q.kind == "area"]
    assert q.value == pytest.approx(100 * KM2_PER_MI2, abs=0.1)
    assert q.unit == "km2"


def test_area_range_in_two_units() -> None:
    (q,) = [q for q in find_quantities("lost between 10,000-12,000 square kilometers (3,860-4,630 square miles)") if q.kind == "area"]
    assert (q.low, q.high, q.checked) == (10000.0, 12000.0, True)


@pytest.mark.parametrize("phrase", ["lost 35% of its land", "lost 35 percent of its land", "lost 35 per cent of its land"])
def test_percentages(phrase: str) -> None:
    (q,) = find_quantities(phrase)
    assert (q.kind, q.value, q.unit) == ("percent", 35.0, "%")


def test_counts_name_what_is_counted() -> None:
    (q,) = find_quantities("The offensive retook 120 villages along the river.")
    assert (q.kind, q.value, q.unit) == ("count", 120.0, "villages")


@pytest.mark.parametrize(
    ("phrase", "low", "high"),
    [("fields 8,000-9,500 fighters", 8000, 9500), ("between 3,000 and 4,000 fighters", 3000, 4000), ("from 12,000 to 15,000 men", 12000, 15000)],
)
def test_ranges_give_low_and_high(phrase: str, low: int, high: int) -> None:
    (q,) = find_quantities(phrase)
    assert (q.low, q.high) == (low, high)


def test_years_and_days_are_not_figures() -> None:
    assert find_quantities("On Jan. 4, 2015, nothing was counted.") == []


@pytest.mark.parametrize(("text", "value"), [("2,400", 2400), ("a hundred", 100), ("twenty-one", 21), ("1.5 million", 1_500_000), ("three thousand", 3000)])
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(("phrase", "value"), [("lost half of its territory", 50.0), ("held nearly a third of Syria", 33.3), ("two-thirds of the land", 66.7)])
def test_fractions_are_percentages(phrase: str, value: float) -> None:
    (q,) = find_quantities(phrase)
    assert (q.kind, q.value) == ("percent", value)


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [("In 2015, 47 fighters were killed.", 47), ("On Feb. 22, 83 people were killed.", 83), ("Of the 300, 40 were killed.", 40),
     ("12 soldiers, 4 policemen and 3 civilians were killed.", 19)],
)
def test_only_counted_groups_are_summed(sentence: str, killed: int) -> None:
    c = casualties(sentence)
    assert c is not None and c.killed == killed


def test_a_year_ending_a_date_is_no_toll() -> None:
    from geo.text.numbers import casualties
    assert casualties("A truck bomb on 6 March 2016 killed at least 83 people.").killed == 83
    assert casualties("The bombing on March 6, 2016 killed 40.").killed == 40


def test_groups_with_lowercase_sides_are_summed() -> None:
    from geo.text.numbers import casualties
    c = casualties("At least 30 regime loyalists and 20 IS jihadists were killed in the fighting.")
    assert (c.killed, c.breakdown) == (50, "30 regime loyalists + 20 IS jihadists")


def test_a_figure_beyond_any_toll_counts_nobody() -> None:
    # a phone number or a corrupted figure must not become a toll (nor overflow an int64 column)
    assert casualties("At least 9223372036854775807 people were killed in the blast.") is None
    siege = casualties("At least 1,200 people were killed in the siege.")
    assert siege is not None
    assert siege.killed == 1200


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        # one named person and the men with him: 1 + 4
        ("Gunmen ambushed the convoy at dawn, killing a police colonel and four of his guards.", 5, None),
        ("The sniper killed a soldier near the bridge.", 1, None),
        ("Shelling killed three soldiers and two civilians in the village.", 5, None),
        ("The strike killed 14 Nusra fighters and 9 militants from an allied brigade.", 23, None),
        ("The bomb killed 9 policemen and two others at the checkpoint.", 11, None),
        # the second group is the wounded, not more dead
        ("The blast killed 8 people and 25 were wounded, a medic said.", 8, 25),
        # "of whom" tells who the dead were: no more dead
        ("The car bomb killed 22, of whom six were children.", 22, None),
        # a group with no figure of its own is counted in the figure
        ("At least 25 soldiers and allied militiamen were killed in the raid.", 25, None),
        ("Some 40 fighters and four members of a local tribe had died in the clashes.", 44, None),
        ("The town square was used to execute 12 men who were killed before a crowd.", 12, None),
        ("The death toll in the town stood at about 35 by evening.", 35, None),
        ("Militants carried out 14 executions in the stadium.", 14, None),
        # the dead of both sides of one fight, a verb each
        ("At least 60 militants were killed and more than 25 soldiers died in the battle for the base.", 85, None),
        ("The shell hit the school but caused no deaths.", 0, None),
        # executions are deaths; an adverb may sit between the verb and its auxiliary
        ("Twelve prisoners were summarily executed in the stadium.", 12, None),
        ("The militants executed 9 men accused of spying.", 9, None),
        ("At least 14 people were reportedly killed in the raid.", 14, None),
        # a toll given as a range counts its low end
        ("The death toll from the shelling ranged from 18 to 45, activists said.", 18, None),
    ],
)
def test_casualty_counting_of_news_copy(sentence: str, killed: int | None, wounded: int | None) -> None:
    c = casualties(sentence)
    assert c is not None
    assert (c.killed, c.wounded) == (killed, wounded)


def test_dozens_has_no_exact_count() -> None:
    c = casualties("The bombing killed dozens of people and wounded more than 90 others.")
    assert c is not None and (c.killed, c.wounded) == (None, 90)


def test_two_reports_of_one_toll_are_not_summed() -> None:
    # alternatives from two agencies are not the dead of two sides
    c = casualties("One agency put the death toll at 41, while another said 45 had died.")
    assert c is not None and c.killed == 41


def test_a_figure_ending_a_date_found_as_the_whole_search_finds_it() -> None:
    from geo.text import numbers

    texts = ["on 6 March 2016 killed at least 83", "March 6, 2016\n killed 40", "in 2015 12 died", "since\n1999",
             "12 killed, 1998 wounded in Sept. 2014", "the year 2020 and 45 people", "2016", "", "Of 2017\n"]
    for text in texts:
        for end in range(len(text) + 1):
            assert numbers._date_before(text, end) == bool(numbers._DATE_BEFORE.search(text, 0, end)), (text, end)


@pytest.mark.parametrize(
    ("word", "value"),
    [("fourteen", 14), ("sixteen", 16), ("seventeen", 17), ("eighteen", 18), ("Nineteen", 19),
     ("sixty", 60), ("seventy", 70), ("eighty", 80), ("ninety", 90), ("sixty-five", 65), ("six", 6)],
)
def test_a_number_word_is_not_read_as_the_shorter_word_it_begins_with(word: str, value: int) -> None:
    # "six" begins "sixteen" and "sixty": the whole word is the figure
    c = casualties(f"{word} people were killed when the shells hit the market.")
    assert c is not None and c.killed == value


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        ("Nineteen civilians, including seven children, were killed in the overnight raids.", 19, None),
        ("Around 23 villagers including eight women were killed when jets bombed the hamlet on Saturday.", 23, None),
        ("At least 12 people, among them four policemen, were wounded by the blast.", None, 12),
    ],
)
def test_a_part_told_inside_the_counted_group_is_not_the_toll(sentence: str, killed: int | None,
                                                               wounded: int | None) -> None:
    c = casualties(sentence)
    assert c is not None and (c.killed, c.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [("Four fighters were found beheaded outside the town.", 4), ("Nine villagers were reported dead after the raid.", 9),
     ("Twelve men were found dead by the road.", 12)],
)
def test_dead_found_or_reported_count(sentence: str, killed: int) -> None:
    c = casualties(sentence)
    assert c is not None and c.killed == killed
