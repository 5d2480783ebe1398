"""Events as a careful reader reads them (issue 10, part 4): vocabulary, places named by
governance, anaphora, incidents, modality, roles. Sentences written for the test."""

from __future__ import annotations

from datetime import date

from test_events import article, events

from geo.events.extract import extract_events
from geo.records import Event, Toponym


def kinds(text: str, published: date = date(2015, 4, 2)) -> list[tuple[str, str]]:
    return [(e.category, e.place) for e in events(text, published)]


# -- E2: trigger vocabulary ----------------------------------------------------------------------

def test_fighting_and_clashes_are_attacks() -> None:
    assert kinds("Heavy fighting broke out in Baiji late on Sunday.") == [("attack", "Baiji")]
    assert kinds("Clashes erupted near Kirkuk as the militants advanced.") == [("attack", "Kirkuk")]
    assert kinds("Fierce battles are raging in the streets of Ramadi.") == [("attack", "Ramadi")]


def test_strikes_and_bombardment_are_attacks() -> None:
    (e,) = events("Russian jets carried out 40 overnight strikes on Manbij, the ministry said.")
    assert (e.category, e.place, e.sub_event_type) == ("attack", "Manbij", "Air/drone strike")
    (e,) = events("The regime stepped up its bombardment of Aleppo.")
    assert (e.place, e.sub_event_type) == ("Aleppo", "Shelling/artillery/missile attack")
    assert kinds("Government artillery pounded Deir ez-Zor through the night.") == [("attack", "Deir ez-Zor")]


def test_raids_onslaughts_and_counter_attacks() -> None:
    assert kinds("The militants' raid on Kobani left the border town in ruins.") == [("attack", "Kobani")]
    assert kinds("IS launched a counter-offensive on Manbij at dawn.") == [("attack", "Manbij")]
    assert kinds("The jihadists are now assaulting Ramadi from three sides.") == [("attack", "Ramadi")]
    assert kinds("The jihadists briefly entered Tikrit before being pushed back.") == [("attack", "Tikrit")]


def test_control_phrases() -> None:
    (e,) = events("Iraqi troops took control of Baiji on Monday.")
    assert (e.category, e.place, e.gained_by) == ("control_change", "Baiji", "Iraqi forces")
    (e,) = events("The YPG said it had recovered full control of Kobani on Saturday.")
    assert (e.category, e.place) == ("control_change", "Kobani")
    (e,) = events("Kirkuk came under ISIS control after the army fled.")
    assert (e.category, e.place, e.gained_by) == ("control_change", "Kirkuk", "ISIS")


def test_took_place_is_no_capture() -> None:
    assert [c for c, _ in kinds("The ceremony took place in Baiji on Monday.")] == []


def test_fighting_sentence_keeps_the_toll_of_the_attack_before() -> None:
    text = "IS stormed Kobani at dawn. In two days of fighting, 30 fighters were killed, a monitor said."
    (e,) = events(text)
    assert (e.place, e.killed) == ("Kobani", 30)


def test_clashes_in_places_like_x_are_no_incident() -> None:
    assert kinds("Reports speak of clashes between rival factions in places like Mosul.") == []


# -- E3: places described as held ---------------------------------------------------------------

def test_stronghold_of_is_a_state_with_its_holder() -> None:
    (e,) = events("Government troops will now advance toward the ISIS stronghold of Mosul.")
    assert (e.category, e.place, e.holder) == ("control_state", "Mosul", "ISIS")
    states = [(e.place, e.holder) for e in events("IS fighters fled toward strongholds such as Tikrit and Baiji.")
              if e.category == "control_state"]
    assert [p for p, _ in states] == ["Tikrit", "Baiji"]


def test_place_in_apposition_to_stronghold() -> None:
    (e,) = events("In nearby Manbij, a stronghold of the Islamic State, residents reported gunfire.")
    assert (e.category, e.place, e.holder) == ("control_state", "Manbij", "ISIS")


def test_destination_in_apposition_is_no_state() -> None:
    assert kinds("Convoys are moving toward Mosul, the group's stronghold in Iraq, officials said.") == []


# -- E1: the place in focus --------------------------------------------------------------------

def test_the_city_refers_back_to_the_place_of_the_last_event() -> None:
    text = ("Kurdish forces stormed Kobani on Monday. "
            "Fighters inside the city said heavy fighting went on through the night.")
    found = [(e.category, e.place, e.geo_precision) for e in events(text)]
    assert ("attack", "Kobani", 1) in found
    assert len(found) == 1  # the same incident, told twice


def test_the_city_prefers_a_settlement_named_earlier_in_the_sentence() -> None:
    text = ("IS stormed Kobani on Monday. "
            "On Friday the army took control of a hospital in Ramadi, the last stronghold in the city.")
    assert ("control_change", "Ramadi") in kinds(text)


def test_the_city_of_x_is_no_anaphor() -> None:
    text = "IS stormed Kobani on Monday. Iraqi troops recaptured the city of Tikrit on Tuesday."
    assert kinds(text) == [("attack", "Kobani"), ("control_change", "Tikrit")]


def test_an_armed_group_is_never_the_place_in_focus() -> None:
    from geo.events.place import plausible
    from geo.records import Toponym
    assert not plausible(Toponym("a", 0, 5, "Daash", name="Dasha", lat=1.0, lon=1.0))


# -- E7/E8: subjects and dates ------------------------------------------------------------------

def test_passive_subject_is_the_place_not_its_reference_point() -> None:
    (e,) = events("Baiji, north of Tikrit, was overrun by militants in June.")
    assert (e.category, e.place) == ("control_change", "Baiji")


def test_date_in_a_relative_clause_is_not_the_events() -> None:
    found = events("The assault on Tikrit comes weeks after the fall of Mosul, where the group declared its caliphate in 2014.",
                   published=date(2015, 3, 20))
    (e,) = [e for e in found if e.place == "Tikrit"]
    assert e.date_start.year == 2015


def test_held_since_dates_the_start_of_holding_not_the_state() -> None:
    (e,) = events("Ramadi has been held by the militants since last May.", published=date(2015, 12, 20))
    assert (e.category, e.place) == ("control_state", "Ramadi")
    assert e.date_end == date(2015, 12, 20)


def test_undated_event_at_a_place_takes_the_day_the_story_gave_it() -> None:
    text = ("Peshmerga forces stormed Mosul on Saturday. The coalition sent jets. "
            "The peshmerga are now engaged in street fighting with ISIS in Mosul, a source said.")
    dated = [e for e in events(text, published=date(2016, 5, 1)) if e.place == "Mosul"]
    assert {(e.date_start, e.date_end) for e in dated} == {(date(2016, 4, 30), date(2016, 4, 30))}


# -- K1: one event per incident -----------------------------------------------------------------

def test_one_sentence_two_kinds_of_bomb_one_incident() -> None:
    text = "A suicide bomber and a car bomb struck Aleppo on Saturday, killing 20 people."
    (e,) = events(text)
    assert (e.place, e.killed) == ("Aleppo", 20)


def test_fronted_phrase_is_not_the_subject() -> None:
    (e,) = events("Despite the arrival of Syrian army reinforcements, IS seized control of Aleppo on Sunday.")
    assert e.gained_by == "ISIS"


# -- E6: plans, purposes, hypotheses; lists; datelines; years -----------------------------------

def test_purpose_and_hypothesis_are_not_events() -> None:
    assert kinds("A regime campaign to fully capture Aleppo would most likely take months.") == []
    assert kinds("Recapturing Tikrit would help secure the road north.") == []
    assert kinds("To do that, Iraqi forces must liberate dozens of villages around Mosul.") == []


def test_managed_to_and_cleared_the_way_to_are_outcomes() -> None:
    assert kinds("The army managed to recapture Baiji on Friday.") == [("control_change", "Baiji")]
    assert kinds("Coalition strikes cleared the way for ground forces to reclaim Ramadi.") == [("control_change", "Ramadi")]


def test_working_to_retake_since_they_captured_it() -> None:
    text = ("ISIS fighters advanced again. "
            "Iraqi troops have been working to retake Ramadi since the militants captured it in May.")
    (e,) = events(text, published=date(2015, 12, 10))
    assert (e.category, e.place, e.gained_by) == ("control_change", "Ramadi", "ISIS")
    assert (e.date_start, e.date_end) == (date(2015, 5, 1), date(2015, 5, 31))


def test_a_plans_place_is_not_an_attacks() -> None:
    assert kinds("The attacks are the first stop in a larger war to liberate Mosul.") == []


def test_list_introduced_by_including_gives_one_event_each() -> None:
    text = "Rebels then went on to seize several nearby towns, including Tikrit, Baiji, and Kirkuk."
    assert kinds(text) == [("control_change", "Tikrit"), ("control_change", "Baiji"), ("control_change", "Kirkuk")]


def test_a_bomb_exploded_is_an_attack_and_the_year_is_no_toll() -> None:
    (e,) = events("A bomb exploded in Baiji on 6 March 2016, killing 61 people.", published=date(2016, 3, 8))
    assert (e.category, e.place, e.killed, e.date_start) == ("attack", "Baiji", 61, date(2016, 3, 6))
    (e,) = events("A truck bomb in Baiji on 6 March 2016 killed at least 83 people.", published=date(2016, 3, 8))
    assert e.killed == 83


def test_dateline_is_not_the_place_when_the_sentence_names_one() -> None:
    text = "MOSUL, Iraq (AP) — Three suicide bombings killed at least 50 people in southern Iraq on Thursday."
    assert kinds(text) == []
    (e,) = events("KIRKUK (AP) — A suicide bomber struck a market on Thursday, killing 20 people.")
    assert e.place == "Kirkuk"


# -- E9: the side the text leaves unsaid --------------------------------------------------------

def test_missing_side_is_the_principal_opponent_marked_inferred() -> None:
    text = ("Iraqi forces have fought ISIS for months. Iraqi forces shelled Baiji. "
            "ISIS seized Ramadi on Sunday.")
    (e,) = [e for e in events(text) if e.category == "control_change"]
    assert (e.gained_by, e.lost_by) == ("ISIS", "Iraqi forces")
    assert e.meta["inferred_role"] == "lost_by"


def test_named_sides_are_not_marked_inferred() -> None:
    (e,) = events("Iraqi forces recaptured Tikrit from ISIS on Tuesday.")
    assert "inferred_role" not in e.meta


# -- K3: totals are nobody's toll ---------------------------------------------------------------

def test_a_days_total_is_not_the_incidents_toll() -> None:
    text = "A car bomb in Baiji killed 12 people on Wednesday, bringing the day's total death toll to 40."
    (e,) = events(text)
    assert e.killed == 12


def test_the_same_kind_of_attack_retold_keeps_its_toll() -> None:
    text = ("Suicide bombers struck near Kirkuk on Thursday. "
            "Three suicide attacks claimed by IS killed at least 50 people in the region, officials said.")
    (e,) = events(text)
    assert (e.place, e.killed) == ("Kirkuk", 50)


def test_killed_between_the_attack_and_its_place_does_not_take_it() -> None:
    (e,) = events("A suicide bomber killed 20 people at a market in Ramadi on Sunday, police said.")
    assert (e.category, e.place, e.killed) == ("attack", "Ramadi", 20)


def test_a_lost_space_between_sentences_still_ends_the_first() -> None:
    evs = events("A car bomb in Kirkuk wounded 34.In Mosul a suicide bomber killed seven on Monday.")
    assert [(e.place, e.killed, e.wounded) for e in evs] == [("Kirkuk", None, 34), ("Mosul", 7, None)]
    # a name with a capital after its dot is no boundary
    from geo.text.sentences import sentence_spans
    text = "He told Rudaw.Net that Tikrit fell."
    assert sentence_spans(text) == [(0, len(text))]


def test_two_tolls_of_two_attacks_in_one_sentence() -> None:
    evs = events("One soldier was killed in a car bomb attack in the town of Kirkuk while 11 militants "
                 "were killed in clashes on Sunday, the army said.")
    assert sorted((e.place, e.killed) for e in evs) == [("Kirkuk", 1), ("Kirkuk", 11)]
    assert next(e for e in evs if e.killed == 11).sub_event_type == "Armed clash"
    # a second attack with a place of its own is at that place
    evs = events("Two soldiers were killed in a bombing in Kirkuk while 9 civilians were killed in airstrikes on Mosul.")
    assert sorted((e.place, e.killed) for e in evs) == [("Kirkuk", 2), ("Mosul", 9)]


def test_losing_a_road_between_towns_is_no_loss_of_the_towns() -> None:
    assert kinds("The group also lost a crucial highway between Manbij and Aleppo last month.") == []
    assert kinds("ISIS lost Manbij to the SDF last month.") == [("control_change", "Manbij")]


def test_the_capital_is_the_capital_the_article_names() -> None:
    evs = events("A car bomb exploded in a market in Damascus on Friday, killing 20 people. "
                 "Mortar shells fell on two other districts of the capital, killing five.", date(2015, 1, 31))
    assert [(e.place, e.killed, e.geo_precision) for e in evs] == [("Damascus", 20, 1), ("Damascus", 5, 2)]
    # "the capital of X" names X; without a capital in the article there is nothing to refer to
    assert kinds("Mortar shells fell on the capital, killing five.") == []


def test_deterred_or_foiled_attacks_are_no_events() -> None:
    assert kinds("Volunteers deterred any significant attacks on Kirkuk at that time.") == []
    assert kinds("Police foiled a suicide bombing in Kirkuk on Friday.") == []


def test_the_capital_of_a_named_country_is_not_the_article_capital() -> None:
    evs = events("A car bomb exploded in Damascus on Friday, killing 20 people. "
                 "A suicide bombing in a suburb of the Iraqi capital killed 12 on Saturday.", date(2015, 1, 31))
    assert [e.place for e in evs] == ["Damascus"]



def test_an_attack_in_a_province_is_placed_at_the_province_when_nothing_finer_is_named() -> None:
    (e,) = events("Overnight, 25 soldiers were killed in an ambush in Hama province, a monitoring group said.")
    assert (e.category, e.place, e.geo_precision, e.killed) == ("attack", "Hama", 3, 25)


def test_a_province_gives_way_to_a_town_of_the_sentence() -> None:
    assert kinds("Clashes in Hama province near Manbij left 20 dead.") == [("attack", "Manbij")]


def test_there_the_area_and_the_base_point_back_to_the_town_in_focus() -> None:
    found = events("IS stormed Baiji on Monday. Clashes broke out in the area on Tuesday.")
    assert [(e.place, e.geo_precision) for e in found] == [("Baiji", 1), ("Baiji", 2)]
    found = events("IS stormed Baiji on Monday. Militants later shelled the base.")
    assert [(e.place, e.geo_precision) for e in found] == [("Baiji", 1), ("Baiji", 2)]


def test_existential_there_and_a_named_area_are_no_anaphors() -> None:
    assert kinds("IS stormed Baiji on Monday. There were no reports of casualties.") == [("attack", "Baiji")]
    assert kinds("IS stormed Baiji on Monday. Clashes in the area of Tikrit followed.") == [
        ("attack", "Baiji"), ("attack", "Tikrit")]


# -- casualties bound to the incident they belong to ------------------------------------------

def test_a_placeless_attack_after_an_attack_gives_its_toll_to_that_place() -> None:
    text = ("Three car bombs exploded in Kirkuk on Sunday. "
            "A mortar attack on the main market killed at least 31 people, officials said.")
    (e,) = events(text)
    assert (e.place, e.killed) == ("Kirkuk", 31)


def test_a_caption_line_does_not_move_the_story_on() -> None:
    text = ("Two suicide bombers struck a checkpoint in Baiji on Sunday.\n"
            "Baiji, Iraq\n"
            "Another 14 people died in that attack, police said.")
    (e,) = events(text)
    assert (e.place, e.killed) == ("Baiji", 14)


def test_the_wounded_told_next_are_added_to_the_toll() -> None:
    text = "A suicide car bomb at a police station in Ramadi killed 12 on Monday. The attack also wounded 27."
    (e,) = events(text)
    assert (e.place, e.killed, e.wounded) == ("Ramadi", 12, 27)


def test_a_days_total_next_is_no_toll_of_the_attack_before() -> None:
    text = "A car bomb exploded in Tikrit on Friday. The day's death toll rose to 40 in all."
    (e,) = events(text)
    assert (e.place, e.killed) == ("Tikrit", None)


def _quarter_events(text: str) -> list[Event]:
    """Events of ``text`` with a capital and one of its quarters placed by hand."""
    places = {"Baghdad": (33.3406, 44.4009, "PPLC", 1), "Karrada": (33.3050, 44.4200, "PPLX", 2)}
    tops = []
    for name, (lat, lon, code, gid) in places.items():
        start = text.find(name)
        while start >= 0:
            tops.append(Toponym("test.txt", start, start + len(name), name, name=name, lat=lat, lon=lon, geonameid=gid,
                                country_code="IQ", feature_code=code, feature_class="P", geo_precision=1))
            start = text.find(name, start + 1)
    return extract_events(article(text, date(2016, 7, 4)), sorted(tops, key=lambda t: t.start))


def test_an_attack_told_at_a_city_and_at_its_quarter_is_one_incident() -> None:
    text = ("A truck bomb tore through a crowded shopping street in Baghdad on Sunday, killing dozens of people. "
            "Police later said the truck bomb in Karrada had killed at least 80 people.")
    (e,) = [e for e in _quarter_events(text) if e.category == "attack"]
    assert (e.place, e.killed) == ("Karrada", 80)


def test_two_tolls_in_a_city_and_its_quarter_are_two_incidents() -> None:
    text = ("A car bomb killed 14 people at a checkpoint in Baghdad on Sunday. "
            "Hours later a car bomb in Karrada killed 31.")
    found = sorted((e.place, e.killed) for e in _quarter_events(text) if e.category == "attack")
    assert found == [("Baghdad", 14), ("Karrada", 31)]


def test_a_later_higher_toll_of_the_same_attack_is_kept() -> None:
    text = ("A suicide bomber killed at least 20 people in Kirkuk on Monday. "
            "The suicide bombing in Kirkuk on Monday killed 27, hospital officials said later.")
    (e,) = events(text)
    assert (e.place, e.killed) == ("Kirkuk", 27)


def test_a_toll_in_an_attacks_relative_clause_is_that_attacks() -> None:
    # the bombings are placed nowhere (the toll follows no place of theirs); their dead are
    # still not the assault's
    text = "The army began its assault on Fallujah on Monday after a wave of bombings that killed more than 90 people."
    (e,) = events(text)
    assert (e.place, e.killed) == ("Fallujah", None)
    (e,) = events("Suicide bombings in Kirkuk, which killed 23 people, were claimed by IS on Monday.")
    assert (e.place, e.killed) == ("Kirkuk", 23)


def test_the_death_toll_rising_updates_the_same_incident() -> None:
    text = "A suicide bomber killed 12 people at a checkpoint in Tikrit on Monday. The death toll later rose to 19."
    (e,) = events(text)
    assert (e.place, e.killed) == ("Tikrit", 19)
    (e,) = events("A car bomb killed 8 people in Baiji on Sunday, and the death toll rose to 15 by evening.")
    assert (e.place, e.killed) == ("Baiji", 15)
    # a figure that is not an update does not replace the toll told first
    (e,) = events("A car bomb killed 8 people in Baiji on Sunday. Later, 11 people were killed.")
    assert (e.place, e.killed) == ("Baiji", 8)


def test_the_dead_of_a_war_or_a_campaign_are_no_incidents_toll() -> None:
    (e,) = events("Iraqi forces recaptured Tikrit on Tuesday; more than 3,000 militants have been killed "
                  "since the offensive began in March.")
    assert (e.place, e.killed) == ("Tikrit", None)
    (e,) = events("Suicide bombers attacked Baiji on Monday. Some 1,200 people have died in the four-year war.")
    assert (e.place, e.killed) == ("Baiji", None)
    # a comparison is not a count since then; a battle of some days is one incident
    (e,) = events("A car bomb in Kirkuk killed 9 people on Monday in the deadliest attack since March.")
    assert e.killed == 9
    (e,) = events("IS fighters seized Baiji after days of fighting in which at least 80 soldiers were killed since Tuesday.")
    assert e.killed == 80


def test_an_attack_in_a_citys_named_quarter_is_placed_in_the_quarter() -> None:
    text = "A suicide car bomb at a police station in Baghdad's central Karrada neighbourhood killed 12 on Sunday."
    (e,) = [e for e in _quarter_events(text) if e.category == "attack"]
    assert (e.place, e.killed) == ("Karrada", 12)


def test_the_sum_of_several_bombings_told_one_by_one_is_no_ones_toll() -> None:
    text = ("Two additional bombings in Baghdad left more than 30 dead on Sunday. "
            "A car bomb at a market in Karrada killed 21 people. A roadside bomb in Baghdad killed nine.")
    found = sorted((e.place, e.killed) for e in _quarter_events(text) if e.category == "attack")
    assert ("Karrada", 21) in found and ("Baghdad", 30) not in found
