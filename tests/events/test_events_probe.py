"""Mechanisms found by reading real war reporting nobody had scored (a held-out probe):
sentences written for the test, invented places."""

from __future__ import annotations

from datetime import date

from _event_factory import hand_placed
from test_events import article

from geo.events.extract import extract_events
from geo.records import Event, Toponym

#: invented places: name -> (lat, lon, country, feature code)
PLACES = {
    "Tell Qasra": (35.10, 40.20, "SY", "PPL"),
    "Wadi Harun": (35.30, 40.50, "SY", "PPL"),
    "Kafr Milan": (36.30, 43.10, "IQ", "PPLA"),
    "Dar Salim": (33.30, 44.40, "IQ", "PPLC"),
    "Ain Sarwa": (33.40, 43.30, "IQ", "PPLA"),
    "Bab Sharqi": (33.90, 35.50, "LB", "PPLC"),
    "Qasr Nur": (33.50, 36.30, "SY", "PPLC"),
    "Sarwistan": (33.0, 44.0, "IQ", "PCLI"),
}


def toponyms(text: str) -> list[Toponym]:
    return hand_placed(text, PLACES, first_id=5000)


def events(text: str, published: date = date(2017, 4, 6)) -> list[Event]:
    return extract_events(article(text, published), toponyms(text))


def test_a_subject_located_from_a_reference_is_the_place_held() -> None:
    (e,) = events("Parts of Ain Sarwa, located 100 kilometres (60 miles) from Dar Salim, had been held by "
                  "the jihadists since the beginning of 2014.")
    assert (e.category, e.place) == ("control_state", "Ain Sarwa")


def test_a_reference_that_names_its_country_first_is_still_a_reference() -> None:
    (e,) = events("Kafr Milan, 400 km north of Sarwistan's capital Dar Salim, has been under IS control since June 2014.")
    assert (e.category, e.place, e.holder) == ("control_state", "Kafr Milan", "ISIS")


def test_a_place_the_object_only_lies_near_is_no_place_of_the_change() -> None:
    assert [e.place for e in events("The villages liberated on Tuesday lie about 100km east of Tell Qasra.")] == []
    (e,) = events("Kurdish fighters liberated Tell Qasra on Tuesday.")
    assert (e.category, e.place) == ("control_change", "Tell Qasra")


def test_a_passive_keeps_the_loser_after_from() -> None:
    (e,) = events('"The Tell Qasra district has been retaken from Daesh," a statement said on Thursday.')
    assert (e.place, e.lost_by) == ("Tell Qasra", "ISIS")


def test_the_army_is_the_army_of_the_country_the_place_is_in() -> None:
    (syria,) = events("An officer said the army recaptured Tell Qasra on Sunday.")
    assert syria.gained_by == "Syrian government forces"
    (iraq,) = events("The oil fields of Kafr Milan were captured by the army on Tuesday.")
    assert iraq.gained_by == "Iraqi forces"
    (other,) = events("Ruritanian army troops recaptured Kafr Milan on Monday.")
    assert other.gained_by != "Iraqi forces"


def test_elite_units_and_their_acronyms_are_their_forces() -> None:
    (e,) = events("The Counter-Terrorism Service (CTS) completely liberated Kafr Milan on Monday.")
    assert e.gained_by == "Iraqi forces"


def test_a_change_back_does_not_take_the_day_of_the_change_before() -> None:
    text = ("The army pushed into Tell Qasra, which was seized by rebels last year. "
            "A rebel source confirmed the army had taken over the western outskirts of Tell Qasra.")
    changes = sorted((e.gained_by, e.date_start.year) for e in events(text, date(2017, 4, 21))
                     if e.category == "control_change")
    assert ("Syrian government forces", 2017) in changes and ("Syrian rebels", 2016) in changes


def test_a_capture_earlier_this_week_of_a_town_is_dated_this_week() -> None:
    (e,) = events("The army's capture earlier this week of Tell Qasra meant the regime had regained most of "
                  "the territory that rebels had seized in their offensive last month.", date(2017, 4, 21))
    assert (e.place, e.date_start, e.date_end) == ("Tell Qasra", date(2017, 4, 17), date(2017, 4, 21))


def test_a_place_opening_its_own_clause_is_no_item_of_the_list_before() -> None:
    text = "The army retook Wadi Harun, and Tell Qasra fell to the rebels."
    (e,) = [e for e in events(text) if e.place == "Tell Qasra"]
    assert e.gained_by != "Syrian government forces"


def test_a_bureau_dateline_abroad_is_not_where_an_unplaced_attack_was() -> None:
    text = ("BAB SHARQI — Islamic State fighters on Tuesday launched a surprise attack on a Syrian border town "
            "recently seized by Kurdish forces. The attack on Tell Qasra resembled an assault last week on Wadi Harun.")
    assert "Bab Sharqi" not in [e.place for e in events(text)]


def test_the_capital_is_not_the_bureau_city_of_the_dateline() -> None:
    (e,) = events("BAB SHARQI (Reuters) - Rebels shelled the capital on Monday. Qasr Nur has been calm for months.")
    assert e.place == "Qasr Nur"


def test_the_capital_followed_by_its_name_is_that_name() -> None:
    text = ("Envoys met in Bab Sharqi and again in Bab Sharqi. Rebels hold insurgent pockets near "
            "the capital Qasr Nur, the monitor said.")
    assert [e.place for e in events(text)] == ["Qasr Nur"]


def test_a_suicide_driver_is_a_suicide_bombing_with_its_toll() -> None:
    (e,) = events("A suicide driver rammed his car into a checkpoint in Kafr Milan, killing 14 people.")
    assert (e.place, e.sub_event_type, e.killed) == ("Kafr Milan", "Suicide bomb", 14)


def test_the_attack_retold_at_a_quarter_the_gazetteer_lacks_is_one_incident() -> None:
    text = ("A suicide driver rammed his car into a checkpoint in Dar Salim, killing 14 people. "
            "The attack occurred at the entrance to Dar Salim's Bab Jadid district.")
    tops = toponyms(text)
    at = text.index("Bab Jadid")
    city = next(t for t in tops if t.start > at - 15)
    quarter = Toponym("test.txt", at, at + len("Bab Jadid"), "Bab Jadid", name="Bab Jadid", lat=city.lat,
                      lon=city.lon, country_code="IQ", geo_precision=2, relation="estimated: part of Dar Salim")
    found = extract_events(article(text), sorted([*tops, quarter], key=lambda t: t.start))
    assert [(e.place, e.killed) for e in found if e.category == "attack"] == [("Bab Jadid", 14)]


def test_dead_found_or_reported_at_a_place_is_an_attack_there() -> None:
    text = ("Activists said four people were reported dead in a village of Tell Qasra, where regime jets "
            "carried out airstrikes along with their allies.")
    assert [(e.place, e.killed) for e in events(text)] == [("Tell Qasra", 4)]
    (e,) = events("Nine civilians were found dead in the nearby village of Wadi Harun on Sunday.")
    assert (e.place, e.killed) == ("Wadi Harun", 9)


def test_the_other_sides_losses_in_turn_are_not_the_toll_of_the_attack_before() -> None:
    text = ("Four fighters were found beheaded near the town of Tell Qasra. "
            "In turn, the group killed at least 30 militants last week.")
    (e,) = [e for e in events(text) if e.place == "Tell Qasra"]
    assert e.killed == 4


def test_the_village_does_not_refer_back_to_a_city() -> None:
    # the village the fighters took is one the gazetteer lacks; the city named before is not it
    text = ("Kurdish fighters said they had captured a village just 50 miles from Kafr Milan after house-to-house "
            "battles. The Kurds are determined to keep hold of the village.")
    assert [e.place for e in events(text)] == []
    (e,) = events("Rebels stormed Tell Qasra at dawn. By noon the village was in their hands.")
    assert e.place == "Tell Qasra"


def test_a_share_held_now_is_dated_now_not_by_the_past_it_is_compared_with() -> None:
    text = ("The group now only controls seven percent of Sarwistan, down from the 40 percent it ruled "
            "three years ago, the military says.")
    (e,) = [e for e in events(text) if e.category == "claim" and e.value == 7.0]
    assert e.date_end == date(2017, 4, 6) and e.date_start.year == 2017


def test_freed_and_also_retaken_are_changes_of_hands() -> None:
    (e,) = events("Special forces freed the Tell Qasra neighbourhood and raised the flag over its buildings.")
    assert (e.category, e.place) == ("control_change", "Tell Qasra")
    (e,) = events("The command said the Tell Qasra neighbourhood was also retaken on Tuesday.")
    assert (e.category, e.place, e.date_start) == ("control_change", "Tell Qasra", date(2017, 4, 4))
    assert events("The militants freed 30 hostages in Tell Qasra on Monday.") == []


def test_bombs_made_safe_are_no_attack() -> None:
    assert events("Troops were working to clear bombs planted by the militants in Tell Qasra, officials said.") == []
    assert events("Police said they defused a second car bomb parked in Tell Qasra.") == []
    (e,) = events("A car bomb exploded in Tell Qasra on Monday, killing 12.")
    assert (e.place, e.killed) == ("Tell Qasra", 12)


def test_kurdish_militants_take_from_rebels() -> None:
    (e,) = events("Kurdish militants have taken the Tell Qasra neighbourhood from rebels.")
    assert (e.gained_by, e.lost_by) == ("Kurdish forces", "Syrian rebels")


def test_a_freed_person_is_no_change_of_hands() -> None:
    # "freed" takes a place only when a place follows it: people are freed far more often
    freed_trader = events("Police freed a kidnapped trader in Tell Qasra on Sunday and arrested two men.")
    assert [e.category for e in freed_trader] == ["attack"]  # the kidnapping, not a change of hands
    assert events("Rescuers freed three survivors trapped under the rubble in Wadi Harun.") == []
    (e,) = events("Special forces freed the village of Tell Qasra on Monday.")
    assert (e.category, e.place) == ("control_change", "Tell Qasra")
    # unnamed villages east of a place are not that place (test_events_probe_war)
    assert events("Special forces freed two villages east of Tell Qasra on Monday.") == []
    (e,) = events("Tell Qasra was freed from the militants on Monday, the command said.")
    assert (e.category, e.place) == ("control_change", "Tell Qasra")


def test_the_army_of_a_sentence_that_names_another_states_troops_is_theirs() -> None:
    # across a border the army said is the one named, not the army of the country of the place
    (e,) = events("Turkish troops shelled militia positions near Tell Qasra on Monday; the army said it killed 20 fighters.")
    assert "Syrian government forces" not in (e.actor1, e.actor2)
    (home,) = events("An officer said the army shelled militia positions near Tell Qasra on Monday.")
    assert home.actor1 == "Syrian government forces"


def test_the_capital_with_its_name_after_a_comma_is_that_capital() -> None:
    # the name set off by commas is not reached from the verb: "the capital" carries it
    (e,) = events("Rebels shelled the capital, Qasr Nur, overnight, killing 9 people.")
    assert (e.place, e.killed) == ("Qasr Nur", 9)
    (e,) = events("BAB SHARQI (Reuters) - A car bomb exploded in the capital, Qasr Nur, on Monday.")
    assert e.place == "Qasr Nur"


def test_a_plot_to_attack_is_no_attack() -> None:
    assert events("A plot to bomb the main market in Tell Qasra was foiled, the police said.") == []
    assert events("Militants plot to assassinate the governor in Wadi Harun, intelligence officials warned.") == []
    (e,) = events("Gunmen assassinated the governor in Wadi Harun on Monday.")
    assert e.place == "Wadi Harun"


def test_the_capital_of_a_story_filed_from_it_is_the_dateline_city() -> None:
    # filed from its own capital about its own country: "the capital" is the dateline's city
    (e,) = events("BAB SHARQI (Reuters) - Gunmen stormed a police post in the capital on Monday, killing 5 officers.")
    assert (e.place, e.killed) == ("Bab Sharqi", 5)
    # filed from a bureau abroad about places elsewhere: not the bureau's city
    text = "BAB SHARQI (Reuters) - Gunmen stormed a police post in the capital on Monday near Kafr Milan."
    assert "Bab Sharqi" not in [e.place for e in events(text)]
