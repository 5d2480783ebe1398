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


# -- relative clauses, datelines, tense ----------------------------------------------------------

def test_who_seized_the_area_is_an_earlier_capture_of_the_place() -> None:
    text = "Kurdish forces retook the border town of Kobani on Tuesday from IS fighters who seized the area in late July."
    changes = sorted((str(e.date_start), e.place) for e in events(text, date(2015, 9, 30)) if e.category == "control_change")
    assert changes == [("2015-07-21", "Kobani"), ("2015-09-29", "Kobani")]


def test_a_background_capture_does_not_date_the_next_sentence() -> None:
    text = ("Kurdish forces retook Kobani on Tuesday from IS fighters who seized the area in late July. "
            "Clashes began at dawn on the outskirts of Kobani.")
    (attack,) = [e for e in events(text, date(2015, 9, 30)) if e.category == "attack"]
    assert str(attack.date_start) == "2015-09-29"


def test_a_dateline_is_not_what_the_town_refers_to() -> None:
    text = ("Militants seized a border town.\n\nISTANBUL: Rebels said on Monday they had lost the fight.\n\n"
            "The rebels had taken the town from the militants on Thursday.")
    assert [e.place for e in events(text)] == []


def test_an_indented_dateline_is_not_what_the_town_refers_to() -> None:
    # copy pasted from a web page keeps its paragraphs' indent
    text = ("Militants seized a border town.\n\n        ISTANBUL: Rebels said on Monday they had lost the fight.\n\n"
            "        The rebels had taken the town from the militants on Thursday.")
    assert [e.place for e in events(text)] == []


def test_a_dateline_is_not_what_it_refers_to() -> None:
    text = "Istanbul: Islamic State militants have stormed an airbase in the north, capturing it after days of fighting."
    assert ("control_change", "Istanbul") not in found(text)


def test_present_perfect_is_news_of_now_not_an_earlier_event() -> None:
    text = ("IS fighters seized Kobani in September 2014. "
            "After months of fighting, Kurdish forces have managed to drive the militants out and take control of Kobani.")
    changes = sorted(str(e.date_end) for e in events(text, date(2015, 1, 27)) if e.category == "control_change")
    assert changes[0].startswith("2014-09")
    assert changes[-1] == "2015-01-27"


def test_attacked_from_the_sides_of_a_town() -> None:
    text = "Army units attacked from the southern and western sides of Baiji, while militias attacked from the north."
    assert ("attack", "Baiji") in found(text)


# -- claims and shared objects ------------------------------------------------------------------

def test_a_third_of_the_country_is_a_claim_about_the_country_named() -> None:
    text = "Last summer the group's blitz into Iraq saw it capture about a third of the country."
    (claim,) = [e for e in events(text) if e.category == "claim"]
    assert (claim.place, claim.metric, round(claim.value)) == ("Iraq", "territory_gained_pct", 33)


def test_a_share_of_one_town_held() -> None:
    text = "Backed by airstrikes, the rebels now control 70 percent of the besieged ISIS stronghold of Manbij."
    (claim,) = [e for e in events(text) if e.category == "claim"]
    assert (claim.place, claim.metric, claim.value) == ("Manbij", "territory_held_pct", 70)


def test_a_share_of_a_town_retaken_is_no_standing_claim() -> None:
    text = "The militants retook 40 percent of the town of Manbij overnight."
    assert [e.category for e in events(text)].count("claim") == 0


def test_an_attack_and_a_capture_share_their_object() -> None:
    text = "The militants stormed and seized Kobani on Thursday."
    assert sorted(c for c, p in found(text) if p == "Kobani") == ["attack", "control_change"]


# -- dates of states and of relative clauses --------------------------------------------------------

def test_taken_hold_of_is_a_capture() -> None:
    (e,) = events("Militants have taken hold of the northern city of Tikrit, officials said on Wednesday.")
    assert (e.category, e.place) == ("control_change", "Tikrit")


def test_since_the_middle_of_a_year_dates_the_start_of_a_holding_not_the_report() -> None:
    text = "The YPG, which has controlled Kobani since the middle of 2012, still holds the centre."
    states = [e for e in events(text, date(2014, 10, 9)) if e.category == "control_state"]
    assert states and all(e.date_end.year == 2014 for e in states)


def test_a_date_inside_a_closed_relative_clause_is_the_clauses() -> None:
    text = ("In a new push against the militants, who seized Mosul in mid-June, officials reported "
            "heavy fighting near Kirkuk.")
    (attack,) = [e for e in events(text, date(2014, 9, 30)) if e.category == "attack"]
    assert attack.date_start.month != 6


# -- an undated event says how much of its time is unknown ----------------------------------------

def test_an_undated_report_is_of_the_days_before_publication() -> None:
    published = date(2015, 4, 2)
    (e,) = [e for e in events("Iraqi forces recaptured Tikrit from the militants.", published)
            if e.category == "control_change"]
    assert e.time_precision == 3 and e.date_end == published
    assert (published - e.date_start).days == 14


def test_with_no_publication_date_an_undated_event_is_kept_with_no_window() -> None:
    text = "A roadside bomb killed three soldiers in Tal Rifaat, police said."
    (e,) = [e for e in events(text, None) if e.category == "attack"]
    assert (e.date_start, e.date_end, e.time_precision) == (None, None, 3)
    assert e.killed == 3
    # a date of its own still dates it
    (dated,) = [e for e in events("A roadside bomb killed three soldiers in Tal Rifaat on 4 May 2016.", None)
                if e.category == "attack"]
    assert dated.date_start == date(2016, 5, 4)


def test_an_undated_summary_in_the_perfect_reaches_months_back() -> None:
    published = date(2015, 4, 2)
    text = "Air strikes have cleared the way for Iraqi forces to retake Tikrit and Baiji."
    changes = [e for e in events(text, published) if e.category == "control_change"]
    assert changes and all((published - e.date_start).days == 60 for e in changes)


def test_an_undated_attack_told_next_is_of_the_same_day() -> None:
    published = date(2015, 4, 2)  # a Thursday
    text = ("A car bomb killed 12 people at a market in Tikrit on Wednesday, police said. "
            "In Baiji a suicide bomber killed four soldiers at a checkpoint.")
    by_place = {e.place: e for e in events(text, published) if e.category == "attack"}
    assert by_place["Tikrit"].date_start == date(2015, 4, 1)
    assert (by_place["Baiji"].date_start, by_place["Baiji"].date_end) == (date(2015, 4, 1), date(2015, 4, 1))


def test_an_attack_told_as_of_another_time_keeps_its_own_window() -> None:
    published = date(2015, 4, 2)
    text = ("A car bomb killed 12 people at a market in Tikrit on Wednesday, police said. "
            "In Baiji a suicide bomber previously killed four soldiers at a checkpoint.")
    (baiji,) = [e for e in events(text, published) if e.category == "attack" and e.place == "Baiji"]
    assert baiji.date_start < date(2015, 4, 1) and baiji.time_precision == 3


def test_no_event_happens_at_a_capital_that_speaks_for_its_government() -> None:
    from dataclasses import replace

    from test_events import article, toponyms

    from geo.events.extract import extract_events
    text = "A car bomb killed 12 people in Tikrit on Wednesday. Damascus condemned the attack in the strongest terms."
    tops = [replace(t, stands_for="government") if t.text == "Damascus" else t for t in toponyms(text)]
    places = [e.place for e in extract_events(article(text), tops)]
    assert "Tikrit" in places and "Damascus" not in places


# -- air strikes told by their aircraft or by their number ----------------------------------------

def test_aircraft_that_destroyed_a_vehicle_struck_where_it_stood() -> None:
    text = "Coalition aircraft destroyed two armed trucks near Tikrit on Tuesday."
    (e,) = events(text)
    assert (e.category, e.place, e.sub_event_type) == ("attack", "Tikrit", "Air/drone strike")


def test_a_strike_of_workers_is_no_attack() -> None:
    assert events("Oil workers staged two strikes at the Baiji refinery on Monday.") == []
    assert events("Teachers in Erbil went on strike over unpaid salaries on Monday.") == []


def test_the_group_left_in_control_holds_the_place() -> None:
    # the clause's subject fled; the group named right before "in control of" holds the town
    text = ("ISIS overran Tikrit on Monday. On Wednesday government forces fled Mosul, "
            "leaving the militants in control of the city.")
    (state,) = [e for e in events(text) if e.category == "control_state"]
    assert (state.place, state.holder) == ("Mosul", "ISIS")
    # the subject of a relative clause's verb is no group left in control
    (state,) = [e for e in events("Kurdish forces that drove out ISIS now control Kirkuk.")
                if e.category == "control_state"]
    assert state.holder == "Kurdish forces"


# -- "comes N weeks after": the event after "after" is that long before the report ----------------

def test_a_victory_told_as_weeks_before_the_news_is_dated_then() -> None:
    text = ("The assault on the western town comes six weeks after the prime minister declared "
            "victory over the militants in Ramadi.")
    (change,) = [e for e in events(text, date(2015, 4, 2)) if e.category == "control_change"]
    assert change.place == "Ramadi"
    assert date(2015, 2, 15) <= change.date_start <= change.date_end <= date(2015, 2, 24)


# -- an area won in a sentence that names no place is won where the story is ---------------------

def test_an_unplaced_area_won_is_won_where_the_story_is() -> None:
    text = ("Kurdish forces retook Kobani on Sunday. The commander said the push had cut supply "
            "lines and reclaimed a total of 300 square kilometres in two days.")
    (claim,) = [e for e in events(text) if e.category == "claim"]
    assert (claim.place, claim.metric, claim.value) == ("Kobani", "territory_gained_km2", 300.0)
    # an area held, with no place, says nothing of where: no claim is made of it
    assert [e for e in events("Kurdish forces retook Kobani on Sunday. ISIS holds about 300 square "
                              "kilometres.") if e.category == "claim"] == []


# -- attacks a group is to launch are a purpose, not an event -------------------------------------

def test_attacks_a_group_is_positioned_to_launch_are_not_events() -> None:
    text = "ISIS seized Tikrit on Monday, a gain that leaves the group free to launch bolder attacks on Kirkuk."
    assert [(e.category, e.place) for e in events(text)] == [("control_change", "Tikrit")]
    assert events("The brigade is poised to carry out raids on Mosul.") == []
    # a group that went on to launch them did attack
    assert [e.place for e in events("The militants went on to launch attacks on Mosul on Tuesday.")] == ["Mosul"]


def test_a_capture_told_of_before_is_not_at_the_next_place() -> None:
    # "the capture" with no "of" refers back: the place named after it is another matter
    assert events("The capture positions the group to threaten Damascus.") == []
    assert [(e.category, e.place) for e in events("The capture of Mosul shocked the region.")] \
        == [("control_change", "Mosul")]
