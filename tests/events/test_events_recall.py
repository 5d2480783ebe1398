"""Events a careful reader does not miss (issue 10): places held in passing, lists of places,
appositions, launches aimed at a place. Sentences written for the test."""

from __future__ import annotations

from datetime import date

from test_events import events


def found(text: str, published: date = date(2015, 4, 2)) -> list[tuple[str, str]]:
    return [(e.category, e.place) for e in events(text, published)]


# -- places described as held survive the clause around them ----------------------------------

def test_a_held_place_named_in_a_hypothetical_is_still_held() -> None:
    text = "Retaking the town would help protect the Kurdish-held cities of Kirkuk and Tikrit, an official said."
    assert ("control_state", "Kirkuk") in found(text)
    assert ("control_state", "Tikrit") in found(text)


def test_in_the_militants_hands_is_a_state() -> None:
    (e,) = [e for e in events("The road runs north to Mosul, which is in the militants' hands.")
            if e.category == "control_state"]
    assert e.place == "Mosul"
    assert ("control_state", "Mosul") in found("Mosul has remained in IS hands since June.")


def test_under_control_after_a_dash_and_which() -> None:
    text = "The battle for Tikrit - which has been under IS control since last summer - entered its second week."
    assert ("control_state", "Tikrit") in found(text)


def test_capital_of_the_caliphate_in_apposition() -> None:
    text = "Russian jets bombed Manbij, the capital of the group's self-declared caliphate, on Thursday."
    states = [e for e in events(text) if e.category == "control_state"]
    assert [e.place for e in states] == ["Manbij"]


def test_stronghold_in_apposition_after_a_closing_quote() -> None:
    text = "“The bodies were left in the square in Manbij,” an IS stronghold, the witness said."
    assert ("control_state", "Manbij") in found(text)


# -- lists and appositions ----------------------------------------------------------------------

def test_every_place_of_a_list_that_fell() -> None:
    text = "Baiji, Fallujah, Ramadi and several smaller towns all came under militant control."
    changes = [p for c, p in found(text) if c == "control_change"]
    assert changes == ["Baiji", "Fallujah", "Ramadi"]


def test_a_list_after_another_verb_is_not_the_subject() -> None:
    text = "The army retook Baiji, and Tikrit fell to the militants."
    assert sorted(p for c, p in found(text) if c == "control_change") == ["Baiji", "Tikrit"]
    (tikrit,) = [e for e in events(text) if e.place == "Tikrit"]
    assert tikrit.gained_by != "Iraqi forces"


def test_passive_taken_with_the_place_as_subject() -> None:
    assert found("Ramadi was taken on May 17 after a three-day assault.")[0] == ("control_change", "Ramadi")
    assert [c for c, _ in found("The wounded were taken to hospital in Kirkuk.")] == []


def test_country_possessive_names_the_city_in_apposition() -> None:
    text = "Militants captured Iraq's second-largest city, Mosul, and the Sunni hometown of Tikrit last June."
    assert [p for c, p in found(text) if c == "control_change"] == ["Mosul", "Tikrit"]


# -- attacks aimed at a place -----------------------------------------------------------------

def test_an_operation_launched_to_retake_a_place_is_an_attack_on_it() -> None:
    text = "Iraqi forces on Saturday launched an operation to retake the IS-held town of Baiji."
    got = found(text)
    assert ("attack", "Baiji") in got
    assert ("control_change", "Baiji") not in got  # the purpose is no outcome


def test_bombing_a_stronghold_is_an_attack_on_it() -> None:
    text = "The coalition stepped up its bombing campaign against the ISIS stronghold of Manbij."
    assert ("attack", "Manbij") in found(text)


def test_counter_attacking_is_an_attack() -> None:
    assert ("attack", "Kobani") in found("IS started counter-attacking in Kobani on Thursday night.")
