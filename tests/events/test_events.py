"""End to end: sentences written for the test -> events, with toponyms placed by hand.

The toponyms carry real coordinates (GeoNames) so that the records look like the geoparser's.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from _event_factory import hand_placed

from geo.events.extract import extract_events
from geo.events.place import event_point
from geo.records import Article, Event, Toponym

#: name -> (lat, lon, country, feature code, geo_precision)
PLACES = {
    "Tikrit": (34.6071, 43.6782, "IQ", "PPLA", 1),
    "Baiji": (34.9311, 43.4869, "IQ", "PPL", 1),
    "Ramadi": (33.4206, 43.3078, "IQ", "PPLA", 1),
    "Fallujah": (33.3494, 43.7838, "IQ", "PPL", 1),
    "Kirkuk": (35.4681, 44.3922, "IQ", "PPLA", 1),
    "Mosul": (36.3350, 43.1189, "IQ", "PPLA", 1),
    "Manbij": (36.5281, 37.9549, "SY", "PPL", 1),
    "Kobani": (36.8910, 38.3535, "SY", "PPL", 1),
    "Aleppo": (36.2021, 37.1343, "SY", "PPLA", 1),
    "Tal Rifaat": (36.4697, 37.0967, "SY", "PPL", 1),
    "Deir ez-Zor": (35.3359, 40.1408, "SY", "PPLA", 1),
    "Brussels": (50.8505, 4.3488, "BE", "PPLC", 1),
    "Damascus": (33.5102, 36.2913, "SY", "PPLC", 1),
    "Istanbul": (41.0138, 28.9497, "TR", "PPLA", 1),
    "Hama": (35.2, 37.0, "SY", "ADM1", 3),
    "Iraq": (33.0, 44.0, "IQ", "PCLI", 3),
    "Syria": (35.0, 38.0, "SY", "PCLI", 3),
}


def article(text: str, published: date = date(2015, 4, 2)) -> Article:
    return Article("test.txt", text, published=published, published_estimated=False, meta={"outlet": "test"})


def toponyms(text: str) -> list[Toponym]:
    return hand_placed(text, PLACES)


def events(text: str, published: date = date(2015, 4, 2)) -> list[Event]:
    return extract_events(article(text, published), toponyms(text))


def test_recapture_with_loser_after_from() -> None:
    (e,) = events("Iraqi forces recaptured Tikrit from ISIS on Tuesday after a month-long battle.")
    assert (e.category, e.place, e.gained_by, e.lost_by) == ("control_change", "Tikrit", "Iraqi forces", "ISIS")
    assert (e.date_start, e.date_end, e.time_precision) == (date(2015, 3, 31), date(2015, 3, 31), 1)
    assert (e.event_type, e.sub_event_type) == ("Battles", "Government regains territory")
    assert e.evidence == article("Iraqi forces recaptured Tikrit from ISIS on Tuesday after a month-long battle.").text
    assert (e.lat, e.lon, e.country_code) == (34.6071, 43.6782, "IQ")


def test_fell_to_puts_the_place_before_the_trigger() -> None:
    (e,) = events("Ramadi fell to Islamic State militants in May 2015.", date(2015, 6, 1))
    assert (e.place, e.gained_by, e.sub_event_type) == ("Ramadi", "ISIS", "Non-state actor overtakes territory")
    assert (e.date_start, e.date_end) == (date(2015, 5, 1), date(2015, 5, 31))


def test_passive_capture_gives_the_gain_to_the_by_actor() -> None:
    (e,) = events("Manbij was captured by the Syrian Democratic Forces last week, officials said.", date(2016, 8, 17))
    assert (e.place, e.gained_by) == ("Manbij", "SDF")
    assert (e.date_start, e.date_end, e.time_precision) == (date(2016, 8, 8), date(2016, 8, 14), 2)


def test_driven_out_of() -> None:
    (e,) = events("In January, Kurdish fighters drove IS out of Kobani.", date(2015, 3, 1))
    assert (e.place, e.gained_by, e.lost_by) == ("Kobani", "Kurdish forces", "ISIS")
    assert e.date_start == date(2015, 1, 1)


def test_one_event_per_place_of_a_list() -> None:
    found = events("The Iraqi army retook Baiji, Tikrit and Kirkuk from the jihadis.")
    assert [(e.place, e.gained_by, e.lost_by) for e in found] == [
        ("Baiji", "Iraqi forces", "ISIS"), ("Tikrit", "Iraqi forces", "ISIS"), ("Kirkuk", "Iraqi forces", "ISIS")]
    assert len({e.event_id for e in found}) == 3


def test_siege_broken() -> None:
    (e,) = events("On Sunday, Iraqi troops broke the months-long ISIS siege of Baiji.", date(2015, 4, 2))
    assert (e.category, e.place, e.gained_by, e.lost_by) == ("control_change", "Baiji", "Iraqi forces", "ISIS")
    assert e.date_start == date(2015, 3, 29)


def test_two_attacks_in_one_sentence_keep_their_own_dates_and_tolls() -> None:
    text = ("The group claimed the March 22 Brussels bombings that left 32 dead and the Jan. 12 suicide "
            "bombing in Istanbul, which killed 13 tourists.")
    a, b = events(text, date(2016, 4, 1))
    assert (a.category, a.place, a.killed, a.date_start) == ("attack", "Brussels", 32, date(2016, 3, 22))
    assert (b.category, b.place, b.killed, b.date_start) == ("attack", "Istanbul", 13, date(2016, 1, 12))
    assert b.sub_event_type == "Suicide bomb"


def test_attack_in_an_opening_locative_with_killed_and_wounded() -> None:
    (e,) = events("In the northern town of Kirkuk, an IS car bomb killed at least 14 people and wounded more than 70.")
    assert (e.place, e.killed, e.wounded, e.actor1) == ("Kirkuk", 14, 70, "ISIS")
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_toll_in_the_next_sentence_belongs_to_the_attack() -> None:
    text = ("IS launched a dawn assault on the eastern districts of Aleppo. "
            "In two days of fighting, 20 soldiers and 45 militants were killed, a monitor said.")
    (e,) = events(text)
    assert (e.place, e.killed, e.casualty_breakdown) == ("Aleppo", 65, "20 soldiers + 45 militants")


def test_airstrike_with_its_actor() -> None:
    (e,) = events("A coalition airstrike on Mosul killed 9 militants on Monday.")
    assert (e.place, e.sub_event_type, e.actor1, e.killed) == ("Mosul", "Air/drone strike", "US-led coalition", 9)


def test_control_state() -> None:
    found = events("The jihadis still control Fallujah. ISIS-held Deir ez-Zor is under siege.")
    assert [(e.category, e.place, e.holder) for e in found] == [
        ("control_state", "Fallujah", "ISIS"), ("control_state", "Deir ez-Zor", "ISIS")]


def test_claims_about_countries() -> None:
    text = ("The Pentagon said ISIS has lost 25 percent of its territory in Iraq and about 10 percent in Syria. "
            "Officials estimate the group lost 6,000 square kilometers (2,317 square miles) of Syrian territory in 2015.")
    found = events(text, date(2016, 1, 20))
    got = [(e.place, e.metric, e.value) for e in found]
    assert got == [("Iraq", "territory_lost_pct", 25.0), ("Syria", "territory_lost_pct", 10.0),
                   ("Syria", "territory_lost_km2", 6000.0)]
    assert all(e.category == "claim" for e in found)
    assert found[2].mention == "Syrian" and found[2].date_start == date(2015, 1, 1)


def test_area_captured_stays_with_the_control_change() -> None:
    (e,) = events("Kurdish forces said they captured 1,000 square kilometers (386 square miles) including the town of Manbij.")
    assert (e.category, e.place, e.metric, e.value, e.unit) == ("control_change", "Manbij", "area_km2", 1000.0, "km2")


def test_no_event_without_a_place_or_for_a_whole_country() -> None:
    assert events("ISIS fighters captured three villages overnight.") == []
    assert events("The militants seized large parts of Iraq last summer.") == []


def test_plans_and_background_are_no_events() -> None:
    assert events("Iraqi forces plan to retake Mosul next year.") == []
    assert events("Militants advanced during their offensive in Ramadi in March 2015.") == []


def test_a_captured_person_is_not_a_captured_place() -> None:
    assert events("U.S. special forces captured the head of the chemical weapons unit in Mosul.") == []


def test_the_same_event_told_twice_is_one() -> None:
    text = ("Iraqi forces retook Tikrit on March 31. "
            "The recapture of Tikrit was celebrated in Baghdad.")
    (e,) = events(text)
    assert (e.place, e.date_start, e.time_precision) == ("Tikrit", date(2015, 3, 31), 1)


def test_undated_event_gets_a_window_before_publication() -> None:
    (e,) = events("Kurdish forces retook Kobani.", date(2015, 3, 1))
    assert e.date_end == date(2015, 3, 1) and e.date_start < e.date_end and e.time_precision == 3


def test_deterministic_with_evidence_offsets_and_meta() -> None:
    text = "First line. IS overran Ramadi on May 17. The city fell after days of fighting."
    one, two = events(text, date(2015, 6, 1)), events(text, date(2015, 6, 1))
    assert one == two
    (e,) = one
    assert text[e.evidence_start:e.evidence_end] == e.evidence == "IS overran Ramadi on May 17."
    assert text[e.mention_start:e.mention_end] == e.mention == "Ramadi"
    assert e.meta == {"outlet": "test"} and e.source == "test.txt" and e.published == date(2015, 6, 1)
    assert re.fullmatch(r"[0-9a-f]{16}", e.event_id)


def test_without_publication_date_only_explicit_dates_count() -> None:
    art = Article("x.txt", "Rebel forces retook Tal Rifaat last week. They retook Deir ez-Zor in October 2014.", published=None)
    found = extract_events(art, toponyms(art.text))
    # "last week" of no known day dates nothing: that capture is kept with no window at all
    assert [(e.place, e.date_start, e.date_end) for e in found] == [
        ("Tal Rifaat", None, None), ("Deir ez-Zor", date(2014, 10, 1), date(2014, 10, 31))]


def test_the_purpose_of_an_offensive_is_no_capture() -> None:
    assert events("The alliance began its offensive to capture Manbij on May 31.", date(2016, 8, 1)) == []


def test_a_pronoun_subject_is_the_actor_named_first() -> None:
    found = events("ISIL militants overran Mosul on Tuesday, and on Wednesday they seized Tikrit.", date(2014, 6, 13))
    assert [(e.place, e.gained_by, e.date_start) for e in found] == [
        ("Mosul", "ISIS", date(2014, 6, 10)), ("Tikrit", "ISIS", date(2014, 6, 11))]


def test_which_fell_to_the_militants() -> None:
    (e,) = events("IS already held Fallujah, which fell to the militants in January.", date(2014, 6, 13))
    assert (e.category, e.place, e.gained_by, e.date_start) == ("control_change", "Fallujah", "ISIS", date(2014, 1, 1))


def test_a_reference_point_is_not_captured() -> None:
    (e,) = events("Rebels captured the village of Tal Rifaat near Aleppo on Monday.", date(2016, 2, 17))
    assert (e.place, e.gained_by, e.date_start) == ("Tal Rifaat", "Syrian rebels", date(2016, 2, 15))


def test_a_place_only_near_the_event_is_marked_as_such() -> None:
    (e,) = events("Turkish artillery shelled Kurdish positions near Aleppo on Tuesday.", date(2016, 2, 17))
    assert (e.place, e.geo_precision, e.actor1, e.sub_event_type) == ("Aleppo", 2, "Turkey", "Shelling/artillery/missile attack")


def test_a_district_of_a_city_is_one_attack() -> None:
    (e,) = events("A car bomb exploded in the Karrada district of Baghdad-free Kirkuk on Sunday, killing 15 people.")
    assert (e.place, e.killed) == ("Kirkuk", 15)


def test_a_toll_with_a_place_and_no_attack_word_is_an_attack() -> None:
    (e,) = events("Gunmen killed 12 shepherds in Kirkuk on Friday.")
    assert (e.category, e.place, e.killed, e.date_start) == ("attack", "Kirkuk", 12, date(2015, 3, 27))
    assert events("At least 1,000 people were killed in Iraq in June.") == []


def test_last_weekend_read_on_a_saturday() -> None:
    (e,) = events("Two suicide bombers blew themselves up at a wedding in Kirkuk last weekend, killing 54 people.", date(2016, 8, 27))
    assert (e.date_start, e.date_end, e.killed, e.sub_event_type) == (date(2016, 8, 20), date(2016, 8, 21), 54, "Suicide bomb")


def test_share_of_a_country_held_and_a_fraction_lost() -> None:
    text = ("The jihadis control roughly 40 percent of Syria, analysts say. "
            "In Iraq, the group has lost half of its territory since the summer of 2014.")
    a, b = events(text, date(2016, 1, 20))
    assert (a.place, a.metric, a.value, a.holder) == ("Syria", "territory_held_pct", 40.0, "ISIS")
    assert (b.place, b.metric, b.value, b.date_start) == ("Iraq", "territory_lost_pct", 50.0, date(2014, 6, 1))


def test_fighters_killed_is_a_claim_about_the_country() -> None:
    (e,) = events("Coalition strikes have killed more than 6,000 IS fighters in Syria since August 2014.", date(2015, 6, 1))
    assert (e.category, e.place, e.metric, e.value, e.killed) == ("claim", "Syria", "fighters_killed", 6000.0, 6000)
    assert events("Officials said 20,000 militants have been killed in Iraq and Syria since 2014.") == []


def test_the_agent_of_a_capture_noun() -> None:
    (e,) = events("Residents celebrated the recapture of Tikrit from ISIS by Iraqi troops on Tuesday.")
    assert (e.place, e.gained_by, e.lost_by) == ("Tikrit", "Iraqi forces", "ISIS")
    (e,) = events("Washington was alarmed by ISIS's capture of Mosul in June 2014.")
    assert (e.place, e.gained_by) == ("Mosul", "ISIS")


def test_a_city_struck_by_an_attack() -> None:
    (e,) = events("Kirkuk was rocked by a series of car bombs on Monday, killing 20 people.", date(2015, 4, 2))
    assert (e.place, e.killed, e.date_start) == ("Kirkuk", 20, date(2015, 3, 30))


def test_the_dateline_places_the_first_sentence() -> None:
    text = "Bombing kills 30\n\nKIRKUK, Iraq (AP) — A suicide bomber blew himself up in a crowded market, killing 30 people."
    (e,) = events(text)
    assert (e.place, e.killed, e.sub_event_type) == ("Kirkuk", 30, "Suicide bomb")
    assert events("Officials met on Monday. A suicide bomber blew himself up in a crowded market, killing 30 people.") == []


def test_taken_and_retaken_are_two_events() -> None:
    text = "IS seized Ramadi in May. Iraqi forces retook Ramadi on Sunday."
    found = events(text, date(2015, 12, 28))
    assert [(e.place, e.gained_by) for e in found] == [("Ramadi", "ISIS"), ("Ramadi", "Iraqi forces")]


def test_list_items_across_an_appositive_and_a_reference_point() -> None:
    found = events("ISIS still holds Fallujah, about 40 miles east of Ramadi, and Tikrit near the border.")
    assert [(e.category, e.place) for e in found] == [("control_state", "Fallujah"), ("control_state", "Tikrit")]
    found = events("In May 2015, it seized Ramadi in Iraq and the ancient city of Deir ez-Zor in Syria.", date(2015, 6, 1))
    assert [(e.place, e.gained_by) for e in found] == [("Ramadi", None), ("Deir ez-Zor", None)]


def test_a_shrinking_territory_is_a_loss() -> None:
    (e,) = events("The group's territory in Iraq has shrunk by about 30 percent since the start of the year.", date(2015, 9, 1))
    assert (e.place, e.metric, e.value, e.date_start) == ("Iraq", "territory_lost_pct", 30.0, date(2015, 1, 1))


def test_each_list_item_keeps_its_own_date() -> None:
    found = events("Iraqi forces have made gains in recent months, recapturing Ramadi in December and Baiji this month.",
                   date(2016, 4, 19))
    assert [(e.place, e.date_start, e.date_end) for e in found] == [
        ("Ramadi", date(2015, 12, 1), date(2015, 12, 31)), ("Baiji", date(2016, 4, 1), date(2016, 4, 19))]


def test_a_share_given_as_a_range() -> None:
    (e,) = events("Officials estimate the group has lost 10% to 20% of its territory in Syria.", date(2016, 4, 19))
    assert (e.place, e.value, e.value_low, e.value_high) == ("Syria", 10.0, 10.0, 20.0)


def test_control_states_in_their_usual_forms() -> None:
    text = ("Mosul, which remains under ISIS control, is home to a million people. "
            "Towns under the group's control in Anbar are starving. "
            "IS has held Deir ez-Zor since 2014.")
    found = events(text, date(2016, 4, 19))
    assert [(e.category, e.place, e.holder) for e in found] == [
        ("control_state", "Mosul", "ISIS"), ("control_state", "Deir ez-Zor", "ISIS")]


def test_lost_a_town_to_someone() -> None:
    (e,) = events("In October, IS lost Deir ez-Zor to Syrian government forces.", date(2016, 12, 1))
    assert (e.place, e.gained_by, e.lost_by, e.date_start) == ("Deir ez-Zor", "Syrian government forces", "ISIS", date(2016, 10, 1))
    found = events("IS has lost 30 percent of its territory in Iraq, officials said.")
    assert [(e.category, e.place) for e in found] == [("claim", "Iraq")]


def test_an_abduction() -> None:
    (e,) = events("Militants abducted 40 construction workers in Mosul on Tuesday.")
    assert (e.category, e.event_type, e.sub_event_type, e.place) == (
        "attack", "Violence against civilians", "Abduction/forced disappearance", "Mosul")


def test_people_taken_are_not_a_place_taken() -> None:
    found = events("Militants took 40 Turkish truck drivers hostage in Mosul.")
    assert [(e.category, e.sub_event_type) for e in found] == [("attack", "Abduction/forced disappearance")]
    assert events("Kurdish forces captured 12 ISIS fighters near Kirkuk.") == []


@pytest.mark.parametrize(
    "sentence",
    ["If ISIS captures Kirkuk, the Kurds will lose their oil.", "The army denied that IS had seized Baiji.",
     "Iraqi forces failed to retake Ramadi in April.", "The group has not captured Kirkuk."],
)
def test_conditions_denials_and_failures_are_no_events(sentence: str) -> None:
    assert events(sentence) == []


def test_strikes_and_bombing_from_the_air() -> None:
    (e,) = events("Coalition strikes near Mosul destroyed three ISIS tactical units on Monday.")
    assert (e.place, e.sub_event_type, e.actor1, e.geo_precision) == ("Mosul", "Air/drone strike", "US-led coalition", 2)
    (e,) = events("The Russian bombing of Aleppo killed 20 civilians.")
    assert (e.place, e.sub_event_type, e.actor1, e.killed) == ("Aleppo", "Air/drone strike", "Russia", 20)


def test_the_day_of_a_report_bounds_the_event() -> None:
    (e,) = events("IS militants seized the town of Baiji, officials said on Monday.", date(2015, 4, 2))
    assert (e.date_start, e.date_end, e.time_precision) == (date(2015, 3, 24), date(2015, 3, 30), 2)


def test_a_stronghold_only_when_the_sentence_is_about_it() -> None:
    (e,) = events("Mosul, the ISIS stronghold in northern Iraq, is defended by thousands of fighters.")
    assert (e.category, e.place, e.holder) == ("control_state", "Mosul", "ISIS")
    assert events("Fighters fled toward Mosul, the de facto ISIS capital in Iraq, on Friday.") == []


def test_were_able_to_retake_is_a_retaking() -> None:
    (e,) = events("Iraqi forces were able to retake Tikrit on Tuesday.")
    assert (e.place, e.gained_by) == ("Tikrit", "Iraqi forces")


def test_a_toll_of_another_attack_is_not_carried_back() -> None:
    text = "IS launched a dawn assault on Aleppo. Separately, 20 civilians were killed in Russian airstrikes."
    (e,) = events(text)
    assert (e.place, e.killed) == ("Aleppo", None)


def test_area_retaken_from_a_group_is_that_group_s_loss() -> None:
    (e,) = events("Kurdish forces have retaken about 1,000 square miles from ISIS in northern Iraq.", date(2016, 4, 19))
    assert (e.category, e.place, e.metric, e.value, e.actor1, e.actor2) == (
        "claim", "Iraq", "territory_lost_km2", 2590.0, "ISIS", "Kurdish forces")


def test_backers_listed_after_backed_by_are_no_side() -> None:
    (e,) = events("Syrian regime forces backed by Russian airstrikes and Hezbollah fighters retook Aleppo in December.",
                  date(2016, 4, 19))
    assert (e.gained_by, e.lost_by) == ("Syrian government forces", None)


def test_holding_a_parade_is_not_holding_a_town() -> None:
    assert events("ISIS holds a military parade in Mosul every year.") == []
    assert events("The group holds 3,000 prisoners in Mosul.") == []
    (e,) = events("The group holds the city of Mosul and much of Anbar.")
    assert e.place == "Mosul"


def test_broken_siege_is_a_control_change_marked_as_such() -> None:
    found = events("On Saturday, Iraqi troops broke the six-month siege of Baiji, an oil town held for months.")
    siege = [e for e in found if e.category == "control_change"]
    assert len(siege) == 1 and siege[0].place == "Baiji"
    assert siege[0].action == "siege_broken"
    plain = events("Iraqi troops recaptured Tikrit from ISIS on Saturday.")
    assert [e.action for e in plain if e.category == "control_change"] == [None]


def test_no_event_at_a_place_named_only_inside_an_institution() -> None:
    # the bomb may have gone off anywhere: the company is only named after the city
    text = "A roadside bomb killed three engineers of the Kirkuk Oil Company on Tuesday."
    assert [e.place for e in events(text)] == ["Kirkuk"]  # what a plain place would give
    tops = [dataclasses.replace(t, embedded_in="Kirkuk Oil Company") for t in toponyms(text)]
    assert extract_events(article(text), tops) == []


def test_what_happens_in_a_part_of_a_country_is_placed_in_that_part() -> None:
    """'northern Syria' is the country's name at the country's point, with the sector as its
    region (what the geoparser gives); a claim about it is placed inside the sector."""
    text = "The Islamic State has lost 40 percent of the territory it held in northern Syria, a defence official said."
    start = text.index("Syria")
    syria = Toponym("test.txt", start, start + 5, "Syria", name="Syria", lat=35.0, lon=38.0, geonameid=163843,
                    country_code="SY", feature_code="PCLI", geo_precision=3, relation="northern",
                    region="sector:SY:north")
    (claim,) = extract_events(article(text), [syria])
    assert claim.category == "claim" and claim.region == "sector:SY:north"
    assert claim.lat is not None and claim.lat > 35.5 and event_point(syria).lat == claim.lat
    whole = dataclasses.replace(syria, relation=None, region="country:SY")
    assert event_point(whole) is whole
