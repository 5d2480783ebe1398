"""Mechanisms found by reading real war reporting of 2014-2018 (Iraq, Syria, Yemen, Libya) that
nobody had scored: sentences written for the test, invented places."""

from __future__ import annotations

from datetime import date

from _event_factory import hand_placed
from test_events import article

from geo.events.extract import extract_events
from geo.records import Event, Toponym

#: invented places: name -> (lat, lon, country, feature code)
PLACES = {
    "Dar Salim": (33.30, 44.40, "IQ", "PPLC"),
    "Kafr Milan": (36.30, 43.10, "IQ", "PPLA"),
    "Tell Qasra": (35.10, 40.20, "SY", "PPL"),
    "Wadi Harun": (35.30, 40.50, "SY", "PPL"),
}


def events(text: str, published: date = date(2016, 11, 20),
           places: dict[str, tuple[float, float, str, str]] | None = None) -> list[Event]:
    tops: list[Toponym] = hand_placed(text, {**PLACES, **(places or {})}, first_id=6000)
    return extract_events(article(text, published), tops)


def test_unnamed_towns_placed_by_a_bearing_do_not_make_the_reference_change_hands() -> None:
    assert events("Iraqi forces said on Sunday they retook two towns north of Dar Salim from IS fighters.") == []
    assert events("Last week the army broke a months-long siege of the country's largest refinery north of Dar Salim.") == []
    assert events("IS overran large areas north and west of Dar Salim in 2014.") == []
    # the towns are held, not the reference; the attack on them is placed near it
    assert [(e.category, e.place) for e in events(
        "Iraqi soldiers attacked two towns northeast of Dar Salim held by IS fighters on Sunday.")] \
        == [("attack", "Dar Salim")]


def test_a_town_on_the_road_between_two_cities_is_neither_of_them() -> None:
    assert events("The army has regained control of a town on the highway linking Tell Qasra and Wadi Harun.") == []
    (e,) = events("The army has regained control of Tell Qasra after months of battles.")
    assert (e.category, e.place) == ("control_change", "Tell Qasra")


def test_a_named_place_after_the_bearing_is_still_taken() -> None:
    (e,) = events("Kurdish forces retook Kafr Milan, north of Dar Salim, on Sunday.")
    assert (e.category, e.place) == ("control_change", "Kafr Milan")


def test_tolls_told_as_lives_lost_or_people_left_killed() -> None:
    (e,) = events("At least 16 civilians have lost their lives in a mortar attack on Kafr Milan.")
    assert (e.category, e.place, e.killed) == ("attack", "Kafr Milan", 16)
    (e,) = events("A suicide car bomber blew up his car near Kafr Milan, leaving five people killed and ten others wounded.")
    assert (e.killed, e.wounded) == (5, 10)


def test_a_road_cleared_between_two_places_is_no_change_at_either_end() -> None:
    assert events("Government forces cleared a main road from Dar Salim to Kafr Milan on Sunday.") == []
    (e,) = events("Government forces drove the militants from Kafr Milan on Sunday.")
    assert (e.category, e.place) == ("control_change", "Kafr Milan")
    (e,) = events("The rebels seized the strategic highway town of Tell Qasra.")
    assert (e.category, e.place) == ("control_change", "Tell Qasra")


def test_a_list_whose_first_names_the_gazetteer_lacks_still_gives_the_rest() -> None:
    # "al-Birketa" and "Tel al-Sawa" are unknown to the gazetteer: the known items are still taken
    found = events("State television said the army had seized towns or villages including al-Birketa, "
                   "Tell Qasra and Tel al-Sawa.")
    assert [(e.category, e.place) for e in found] == [("control_change", "Tell Qasra")]
    found = events("The army seized al-Birketa, Tell Qasra and Wadi Harun on Saturday.")
    assert [(e.category, e.place) for e in found] == [("control_change", "Tell Qasra"), ("control_change", "Wadi Harun")]


def test_a_town_named_after_the_area_it_lies_in_is_the_place() -> None:
    found = events("Islamic State extremists Wednesday captured the Sarwa Desert town of Tell Qasra, famed for its ruins.",
                   places={"Sarwa Desert": (34.5, 38.5, "SY", "DSRT")})
    assert [(e.category, e.place) for e in found] == [("control_change", "Tell Qasra")]


def test_a_nearby_town_after_an_appositive_is_the_next_item() -> None:
    found = events("Iraqi forces freed the towns of Kafr Milan, some 120 km northeast of Dar Salim, and nearby "
                   "Umm Hajar, after fierce clashes.", places={"Umm Hajar": (34.0, 45.0, "IQ", "PPL")})
    assert [(e.category, e.place) for e in found] == [("control_change", "Kafr Milan"), ("control_change", "Umm Hajar")]


def test_missiles_fired_at_a_place_are_an_attack_there_and_take_the_next_toll() -> None:
    found = events("Fighter jets launched missiles on Wednesday at a palace in the port city of Kafr Milan, "
                   "a resident said. A raid hit a house next to the palace killing six civilians and wounding 12.")
    assert [(e.category, e.place, e.killed, e.wounded) for e in found] == [("attack", "Kafr Milan", 6, 12)]
    (e,) = events("The rebels fired three rockets into Kafr Milan on Tuesday, killing two.")
    assert (e.category, e.place, e.killed) == ("attack", "Kafr Milan", 2)


def test_the_yemen_war_parties_are_named_as_such() -> None:
    (e,) = events("A Saudi-led coalition air strike hit a house in Kafr Milan, killing six civilians.")
    assert e.actor1 == "Saudi-led coalition"  # not the U.S.-led coalition against IS
    (e,) = events("Houthi rebels took control of Kafr Milan on Friday.")
    assert e.gained_by == "Houthis"


def test_an_entry_into_a_place_held_since_a_day_is_not_dated_that_day() -> None:
    (attack, state) = events("Monitors said that troops had entered Tell Qasra, held by the rebels since March 21, "
                             "but that fighting was still raging in the town.", published=date(2014, 6, 15))
    assert (attack.category, attack.date_end) == ("attack", date(2014, 6, 15))
    assert state.category == "control_state"
