"""Date forms of the issue, resolved against a publication date, on sentences written here."""

from __future__ import annotations

from datetime import date

import pytest

from geo.text.dates import DEFAULT_WINDOW_DAYS, SUMMARY_WINDOW_DAYS, default_window, find_dates, month_number

#: A Wednesday.
PUB = date(2015, 6, 17)


def one(sentence: str, published: date | None = PUB):
    found = find_dates(sentence, published)
    assert len(found) == 1, found
    d = found[0]
    assert sentence[d.start:d.end] == d.text
    return d.date_start, d.date_end, d.precision


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # explicit day without a year: the latest such day on or before publication
        ("On Feb. 22, gunmen stormed the hotel.", (date(2015, 2, 22), date(2015, 2, 22), 1)),
        ("The Nov. 13 attack was the deadliest.", (date(2014, 11, 13), date(2014, 11, 13), 1)),
        ("On June 3 the town fell.", (date(2015, 6, 3), date(2015, 6, 3), 1)),
        ("It happened on March 5, 2013.", (date(2013, 3, 5), date(2013, 3, 5), 1)),
        ("It happened on 5 March 2013.", (date(2013, 3, 5), date(2013, 3, 5), 1)),
        # month and year
        ("Fighting began in January 2014.", (date(2014, 1, 1), date(2014, 1, 31), 3)),
        # "since" a month: from that month to the report, as "since 2014" is
        ("Since August 2014 the coalition has bombed it.", (date(2014, 8, 1), date(2015, 6, 17), 3)),
        # bare month: the latest such month before publication
        ("In December, the army retook the town.", (date(2014, 12, 1), date(2014, 12, 31), 3)),
        ("In March, the army retook the town.", (date(2015, 3, 1), date(2015, 3, 31), 3)),
        ("In June, the army retook the town.", (date(2014, 6, 1), date(2014, 6, 30), 3)),
        # relative
        ("Officials said last week that the dam was taken.", (date(2015, 6, 8), date(2015, 6, 14), 2)),
        ("The envoy said this week that desertions rose.", (date(2015, 6, 15), date(2015, 6, 17), 2)),
        ("He was killed earlier this month.", (date(2015, 6, 1), date(2015, 6, 17), 3)),
        ("The campaign began over a year ago.", (date(2013, 6, 17), date(2014, 6, 17), 3)),
        ("In the past three months they lost ground.", (date(2015, 3, 17), date(2015, 6, 17), 3)),
        ("On Friday, the militia broke the siege.", (date(2015, 6, 12), date(2015, 6, 12), 1)),
        ("On Wednesday, the militia broke the siege.", (date(2015, 6, 17), date(2015, 6, 17), 1)),
        ("Government forces recently took the airport.", (date(2015, 5, 18), date(2015, 6, 17), 3)),
        ("Attacks have grown in recent weeks.", (date(2015, 5, 6), date(2015, 6, 17), 3)),
        ("The figure was given last month.", (date(2015, 5, 1), date(2015, 5, 31), 3)),
        ("In all of 2014, the group lost ground.", (date(2014, 1, 1), date(2014, 12, 31), 3)),
        ("At their peak in the summer of 2014 they held a third.", (date(2014, 6, 1), date(2014, 8, 31), 3)),
        ("Fighters have been killed since 2014.", (date(2014, 1, 1), date(2015, 6, 17), 3)),
        ("The estimate covers May to August 2014.", (date(2014, 5, 1), date(2014, 8, 31), 3)),
        ("The push began in early May 2015.", (date(2015, 5, 1), date(2015, 5, 10), 3)),
        ("Two weeks ago the bridge was blown up.", (date(2015, 5, 31), date(2015, 6, 6), 2)),
        # what follows "comes ... after" happened that long before the report
        ("The truce comes two weeks after the bridge was blown up.", (date(2015, 5, 31), date(2015, 6, 6), 2)),
        ("Yesterday a bomb exploded.", (date(2015, 6, 16), date(2015, 6, 16), 1)),
        ("The group peaked in mid-2014.", (date(2014, 5, 1), date(2014, 8, 31), 3)),
        ("It was driven out by the end of 2014.", (date(2014, 10, 1), date(2014, 12, 31), 3)),
        ("Raids continued over the weekend.", (date(2015, 6, 13), date(2015, 6, 14), 2)),
        ("Strikes rose over the past week.", (date(2015, 6, 10), date(2015, 6, 17), 2)),
        ("It lost ground since the start of the year.", (date(2015, 1, 1), date(2015, 6, 17), 3)),
        # a day after "since" opens a span to the report, unless it is only compared with
        ("The town, held by the rebels since March 21, was entered.", (date(2015, 3, 21), date(2015, 6, 17), 3)),
        ("It was the first time since March 21 that troops entered.", (date(2015, 3, 21), date(2015, 3, 21), 1)),
    ],
)
def test_date_forms(sentence: str, expected: tuple[date, date, int]) -> None:
    assert one(sentence) == expected


def test_two_dates_in_one_sentence_in_text_order() -> None:
    found = find_dates("The Jan. 7 shooting and the Dec. 31 bombing were claimed by the group.", PUB)
    assert [(d.text, d.date_start) for d in found] == [("Jan. 7", date(2015, 1, 7)), ("Dec. 31", date(2014, 12, 31))]


def test_may_the_verb_is_no_date() -> None:
    assert find_dates("The group may march on the capital and it may fall.", PUB) == []


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("Last week the town fell.", None) == []
    assert one("The town fell in January 2015.", None) == (date(2015, 1, 1), date(2015, 1, 31), 3)


def test_no_window_reaches_past_publication() -> None:
    assert one("The offensive started this year.")[1] == PUB


def test_default_window_is_before_publication() -> None:
    start, end, precision = default_window(PUB)
    assert end == PUB and (PUB - start).days == DEFAULT_WINDOW_DAYS and precision == 3
    start, end, precision = default_window(PUB, summary=True)
    assert end == PUB and (PUB - start).days == SUMMARY_WINDOW_DAYS > DEFAULT_WINDOW_DAYS and precision == 3


def test_weekday_of_last_week_is_that_day_of_the_week_before() -> None:
    thursday = date(2016, 4, 14)
    [d] = find_dates("Militants shelled the town on Tuesday last week.", thursday)
    assert d.date_start == d.date_end == date(2016, 4, 5) and d.text == "Tuesday last week"
    [d] = find_dates("The convoy was ambushed on Friday of last week.", thursday)
    assert d.date_start == date(2016, 4, 8)
    [d] = find_dates("Kurdish forces entered the village on Tuesday.", thursday)
    assert d.date_start == date(2016, 4, 12)  # no week named: the latest Tuesday


def test_since_a_weekday_runs_from_that_day_to_the_report() -> None:
    thursday = date(2016, 4, 14)
    [d] = find_dates("More than 90 fighters have died since Tuesday in the battle.", thursday)
    assert (d.date_start, d.date_end, d.precision) == (date(2016, 4, 12), thursday, 2)


@pytest.mark.parametrize(
    ("text", "start"),
    [("The toll has risen to 300 since late April in the province.", date(2016, 4, 21)),
     ("Dozens were killed since March 5 in the valley.", date(2016, 3, 5)),
     ("Since April, 40 people were abducted in the town.", date(2016, 4, 1))])
def test_since_a_date_runs_from_that_date_to_the_report(text: str, start: date) -> None:
    published = date(2016, 9, 14)
    [d] = find_dates(text, published)
    assert (d.date_start, d.date_end, d.precision) == (start, published, 3)


@pytest.mark.parametrize("text", ["The rebels entered the town for the first time since August 2015.",
                                  "It was the deadliest attack since March in the region."])
def test_a_comparison_since_a_date_keeps_that_date(text: str) -> None:
    [d] = find_dates(text, date(2016, 9, 14))
    assert d.date_end < date(2016, 9, 1)


@pytest.mark.parametrize(
    ("name", "number"),
    [("September", 9), ("Sept.", 9), ("sep", 9), ("\u017feptember", 9), ("APR\u0130L", 4), ("Dec", 12),
     ("Sunday", None), ("", None)],
)
def test_month_number_reads_what_a_case_blind_expression_matched(name, number):
    assert month_number(name) == number


def test_a_long_s_in_a_month_name_gives_its_month_not_an_error():
    assert one("Fighting flared again in early \u017feptember near the dam.")[:2] == (date(2014, 9, 1), date(2014, 9, 10))


def test_a_quarter_named_after_a_date_is_no_date() -> None:
    published = date(2017, 4, 6)
    assert find_dates("An air strike hit a command post in the July 14 neighbourhood of the old city.", published) == []
    assert find_dates("Troops fought on in the neighbourhoods of Bab Sarai, Tell Qasra and July 14 after dawn.",
                      published) == []
    (d,) = find_dates("The town fell to the militants on July 14 after a short siege.", published)
    assert (d.date_start, d.date_end) == (date(2016, 7, 14), date(2016, 7, 14))


def test_a_quarter_named_after_a_day_and_month_is_no_date() -> None:
    # the same quarter names written day first, as British and Arab outlets do
    published = date(2017, 4, 6)
    assert find_dates("Snipers fired from rooftops in the 14 July neighbourhood of the old city.", published) == []
    assert find_dates("Troops took the neighbourhoods of Bab Sarai, Tell Qasra and 14 July after dawn.",
                      published) == []
    (d,) = find_dates("The town fell to the militants on 14 July after a short siege.", published)
    assert (d.date_start, d.date_end) == (date(2016, 7, 14), date(2016, 7, 14))


def test_the_last_week_of_a_named_period_is_no_last_week() -> None:
    published = date(2016, 7, 20)
    # a period of the year named like a month: not the week before publication
    assert find_dates("A bomb exploded during the last week of Ramadan in the market.", published) == []
    (capture,) = find_dates("The capture last week of Tell Qasra opened the road.", published)
    assert (capture.date_start, capture.date_end) == (date(2016, 7, 11), date(2016, 7, 17))
