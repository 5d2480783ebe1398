"""Events told in the style of headlines and conflict monitors' daily reports (issue 10): the
present tense for past events ("gunmen kill", "shells target"), dropped auxiliaries, places told
as a governorate's countryside. Sentences and places are invented for the test."""

from __future__ import annotations

from datetime import date

from _event_factory import hand_placed

from geo.events.extract import extract_events
from geo.records import Article, Event, Toponym

#: invented places: name -> (lat, lon, country, feature code, geo_precision)
PLACES = {
    "Tell Qasra": (35.10, 38.20, "SY", "PPL", 1),
    "Wadi Harun": (35.40, 38.60, "SY", "PPL", 1),
    "Kafr Samir": (35.70, 37.80, "SY", "PPLA", 1),
    "Ard Zuhur": (35.60, 37.90, "SY", "AREA", 3),
    "al-Zahrun": (35.30, 38.40, "SY", "PPL", 1),
    "Veloria": (39.00, 35.00, "VL", "PCLI", 3),
    "Inner Marches": (33.00, 40.00, "", "RGN", 3),  # a region across countries
}


def toponyms(text: str) -> list[Toponym]:
    return hand_placed(text, PLACES, source="h.txt", first_id=5000, capitals_too=False, with_class=True)


def events(text: str) -> list[Event]:
    art = Article("h.txt", text, published=date(2018, 5, 10), published_estimated=False)
    return extract_events(art, toponyms(text))


def places(text: str) -> list[tuple[str, str]]:
    return [(e.category, e.place) for e in events(text)]


# -- the present tense of headlines -------------------------------------------------------------

def test_present_tense_kill_is_an_attack_at_the_place_after() -> None:
    assert places("Gunmen kill two brothers in Tell Qasra village") == [("attack", "Tell Qasra")]
    assert places("A landmine kills a shepherd near Wadi Harun") == [("attack", "Wadi Harun")]


def test_a_second_casualty_verb_after_a_comma_keeps_the_place() -> None:
    # "kills X, injures Y in Z": the comma lists a second verb of the same clause, no new clause
    assert places("A drone strike kills a fighter, injures 3 others in Tell Qasra") == [("attack", "Tell Qasra")]
    assert places("A mine killed two shepherds, wounded a child near Wadi Harun") == [("attack", "Wadi Harun")]


def test_kill_as_purpose_or_noun_is_no_attack() -> None:
    assert places("The group vowed to kill collaborators in Tell Qasra") == []
    assert places("Officials published a kill list naming elders of Wadi Harun") == []


def test_claims_the_lives_of_is_a_toll() -> None:
    assert places("An explosion claims the lives of 4 people in Tell Qasra") == [("attack", "Tell Qasra")]
    assert places("Clashes claim the lives of 6 fighters near Wadi Harun") == [("attack", "Wadi Harun")]


def test_target_and_hit_as_present_verbs() -> None:
    assert places("Regime shells target Tell Qasra and kill 3 citizens") == [("attack", "Tell Qasra")]
    assert places("Warplanes target the outskirts of Wadi Harun") == [("attack", "Wadi Harun")]
    assert places("A car bomb hits the market of Tell Qasra") == [("attack", "Tell Qasra")]


def test_target_as_a_noun_is_no_attack() -> None:
    assert places("Tell Qasra has long been a target for the militias") == []
    assert places("The convoy was an easy target in Wadi Harun, officers admitted") == []


def test_targeting_to_a_place() -> None:
    assert places("New targeting to Wadi Harun leaves 2 wounded") == [("attack", "Wadi Harun")]


def test_forces_shell_a_place() -> None:
    assert places("Army gunners shell houses in Tell Qasra at dawn") == [("attack", "Tell Qasra")]


def test_executes_and_assassination() -> None:
    assert places("The organization executes 3 prisoners in Wadi Harun") == [("attack", "Wadi Harun")]
    assert places("A local official is assassinated in Tell Qasra") == [("attack", "Tell Qasra")]
    assert places("Gunmen assassinate a militia commander in Wadi Harun") == [("attack", "Wadi Harun")]


def test_attack_noun_keeps_the_place_its_verb_names_far_on() -> None:
    # "targets" cannot reach the village (too many words), the shelling it tells of can
    got = places("Shelling targets the old grain silos in the east of Tell Qasra killing 4 workers")
    assert got == [("attack", "Tell Qasra")]
    got = places("Heavy artillery fire continues to target the olive groves of Wadi Harun")
    assert got == [("attack", "Wadi Harun")]


# -- where the place stands in a monitor's sentence ---------------------------------------------

def test_countryside_head_is_no_distance_to_the_place() -> None:
    text = "Warplanes kill a teacher and 2 farmers at work in the olive groves in the southern countryside of Kafr Samir"
    assert places(text) == [("attack", "Kafr Samir")]


def test_attack_noun_reaches_the_place_after_its_toll() -> None:
    text = "Mortar fire from the army's guns kills and wounds several mourners at a funeral in Tell Qasra"
    assert [(e.place, e.sub_event_type) for e in events(text)] == [("Tell Qasra", "Shelling/artillery/missile attack")]


def test_country_that_qualifies_a_side_is_no_place() -> None:
    text = "Clashes renew between the local fighters and pro-Veloria factions north of Kafr Samir leaving casualties"
    assert places(text) == [("attack", "Kafr Samir")]
    text = "Veloria-backed factions clash with the militia near Wadi Harun"
    assert places(text) == [("attack", "Wadi Harun")]


def test_named_area_is_where_the_attack_fell() -> None:
    assert places("More intensive shelling targets the besieged Ard Zuhur and raises the death toll") == \
        [("attack", "Ard Zuhur")]
    (e,) = events("Violent clashes in Ard Zuhur leave 12 fighters dead")
    assert (e.place, e.geo_precision) == ("Ard Zuhur", 3)
    # a region across countries is no scene: "attacks on civilian targets in the X" is a trend
    assert places("The loss of territory has led the group to increase attacks on civilian targets in the "
                  "Inner Marches, analysts said.") == []


def test_named_area_of_a_town_is_the_area() -> None:
    # "the Eastern Plain of X": the town after "of" only says which area is meant
    assert places("Artillery shelling targets the Ard Zuhur of Kafr Samir") == [("attack", "Ard Zuhur")]
    assert places("Warplanes bomb 6 towns in the Ard Zuhur of Kafr Samir") == [("attack", "Ard Zuhur")]


def test_the_town_of_a_possessor_is_the_place() -> None:
    # "X's southern town of Y": X only says where the town Y lies
    assert places("Five people were killed in Kafr Samir's southern town of Wadi Harun") == [("attack", "Wadi Harun")]


def test_target_before_a_lower_case_article_of_a_name() -> None:
    # transliterated names keep the article in lower case: "shells target al-X"
    assert places("Regime shelling targets al-Zahrun and kills 3 citizens") == [("attack", "al-Zahrun")]
    assert places("Clashes in Wadi Harun and shelling targets al-Zahrun town") == \
        [("attack", "Wadi Harun"), ("attack", "al-Zahrun")]


def test_kill_verb_takes_the_scene_of_its_subject() -> None:
    assert places("Militia cells continue their raids in Wadi Harun and kill a member of the council") == \
        [("attack", "Wadi Harun")]
    # the reference point only locates the town the subject is in
    assert places("A feud between 2 clans in Tell Qasra town west of Kafr Samir kills a young man") == \
        [("attack", "Tell Qasra")]


def test_kill_verb_takes_no_place_across_a_clause() -> None:
    assert places("A spokesman in Wadi Harun said gunmen killed 5 people") == []
    assert places("Traders in Tell Qasra, fearing the militia, say 3 men were killed") == []


def test_opening_targeting_names_its_object() -> None:
    assert places("Targeting Tell Qasra with rockets lifts the toll to 9") == [("attack", "Tell Qasra")]


def test_place_that_witnesses_an_attack_is_its_scene() -> None:
    assert places("Tell Qasra witnesses further deaths among residents in the relentless shelling") == \
        [("attack", "Tell Qasra")]
    assert places("The countryside of Kafr Samir witness violent clashes between the factions") == \
        [("attack", "Kafr Samir")]


def test_advance_into_a_place_is_fighting_there() -> None:
    assert places("The regime forces advance into Wadi Harun after heavy fighting") == [("attack", "Wadi Harun")]
    assert places("The factions achieve a new advancement in Ard Zuhur") == [("attack", "Ard Zuhur")]


def test_advance_toward_or_a_failed_advance_is_not_at_the_place() -> None:
    assert places("Troops are advancing towards Wadi Harun") == []
    assert places("Rebel units fail to advance in Tell Qasra") == []


def test_kill_verb_places_the_attack_when_the_attack_word_places_nothing() -> None:
    text = "Blasts of old shells buried since the war kill and wound 5 farmers in Tell Qasra"
    assert places(text) == [("attack", "Tell Qasra")]


def test_kill_verb_stays_out_when_the_attack_word_has_its_place() -> None:
    (e,) = events("An airstrike on Wadi Harun killed 4 people in the market")
    assert (e.place, e.sub_event_type, e.killed) == ("Wadi Harun", "Air/drone strike", 4)


def test_kill_verb_set_aside_takes_only_a_place_of_the_killing() -> None:
    text = "Bloody raids in Veloria by the militia that killed dozens of travellers also pushed Kafr Samir to shut its crossings"
    assert places(text) == []


def test_attack_noun_reaches_past_the_verb_of_what_it_hit() -> None:
    text = "A powerful blast hits a checkpoint manned by the militia and its local allies in Wadi Harun city"
    assert [(e.place, e.sub_event_type) for e in events(text)] == [("Wadi Harun", "Remote explosive/landmine/IED")]


def test_an_advance_of_no_armed_side_is_no_fighting() -> None:
    # a market's or a team's advance names no armed side before it
    assert places("Shares advanced in Wadi Harun trading on Friday as the currency weakened") == []
    assert places("Tell Qasra United advance into the cup final after a late goal") == []
    assert places("Militia units advance into Wadi Harun at dawn") == [("attack", "Wadi Harun")]


def test_present_tense_kill_and_execute_are_not_their_figurative_uses() -> None:
    # "kills off" a hope, "executes trades": no one died
    assert places("The strike kills off any hope of a deal in Kafr Samir, analysts said.") == []
    assert places("The firm executes trades in Kafr Samir and Tell Qasra for its clients.") == []
    assert places("The group executes two captives in Tell Qasra") == [("attack", "Tell Qasra")]


def test_a_death_by_disease_disaster_or_accident_is_no_attack() -> None:
    assert places("Cancer claims the lives of 16,000 people in Kafr Samir every year.") == []
    assert places("Floods killed 40 people in Tell Qasra on Monday.") == []
    assert places("A bus crash killed 12 people near Wadi Harun.") == []
    # what kills in attacks still does, "fire" included
    assert places("Sniper fire killed 3 civilians in Kafr Samir.") == [("attack", "Kafr Samir")]
    assert places("The explosion claimed the lives of 5 people in Tell Qasra.") == [("attack", "Tell Qasra")]
