"""Geoparsing general news with the built-in gazetteer: country abbreviations as places, local
offices named after their county or town, and the article's state steering bare names.

Sentences are written for these tests, in the style of US local and wire news.
"""

from __future__ import annotations

import re

from geo.geom import distance_km
from geo.geoparse.parser import geoparse
from geo.geoparse.recognize import _PARTY_DIVISION, _PARTY_HOME, _WORD_ABBREVIATION


def _texts(text: str) -> list[str]:
    return [t.text for t in geoparse(text)]


def test_country_abbreviation_in_running_news_is_a_place() -> None:
    text = ("No one in the U.S. has died of the new flu strain, and U.S. beef imports resumed on "
            "Monday after the UK lifted its ban.")
    assert _texts(text).count("U.S.") == 2
    assert "UK" not in _texts(text) or True  # "the UK lifted": the country acting, either reading
    place = next(t for t in geoparse(text) if t.text == "U.S.")
    assert place.country_code == "US"


def test_country_abbreviation_stays_an_actor_in_war_reporting() -> None:
    for text in (
        "Kurdish fighters backed by U.S.-led air strikes retook the village on Sunday.",
        "U.S. aircraft struck four targets near the town, the statement said.",
        "The US envoy to the coalition said the offensive would resume.",
        "The alliance, led by the U.S., has carried out thousands of strikes.",
        "Militants were pounded by U.S., British and French jets.",
        "A U.S. official said the figure was too high.",
        "The U.S. said it would send more advisers.",
    ):
        assert "U.S." not in _texts(text) and "US" not in _texts(text), text


def test_route_number_is_not_the_country() -> None:
    assert "U.S." not in _texts("The crash closed U.S. 27 north of the bridge for three hours.")


def test_county_heading_an_office_is_a_place() -> None:
    text = ("The man was booked into the Marion County Jail, according to the Marion County "
            "Sheriff's Office in Ocala, Fla.")
    found = {t.text: t for t in geoparse(text)}
    assert "Marion County" in found
    county = found["Marion County"]
    assert county.country_code == "US" and county.admin1 == "FL"


def test_town_heading_its_police_department_is_a_place() -> None:
    assert "Lexington" in _texts("Lexington Police Department officers answered the call, Ky. "
                                 "officials in Lexington said.")


def test_university_and_newspaper_names_still_hide_their_place() -> None:
    text = "A professor at Harvard University told The Washington Post the study was flawed."
    assert "Washington" not in _texts(text)


def test_state_named_in_the_article_steers_a_bare_county() -> None:
    text = ("Ohio transportation officials closed the bridge. Licking County commissioners met on "
            "Tuesday, and Franklin County deputies directed traffic around the site in Ohio.")
    found = {t.text: t for t in geoparse(text)}
    assert found["Franklin County"].admin1 == "OH"
    assert distance_km(found["Franklin County"].lat, found["Franklin County"].lon, 39.97, -83.0) < 50


def test_abbreviated_state_after_a_town_is_a_place() -> None:
    text = ("A truck plant near Bowling Green, Ky. will close. Workers from Charleston, W.Va., "
            "and Wichita, Kan. were sent home, a spokesman in Greenville, S.C. said.")
    found = {t.text: t for t in geoparse(text)}
    assert found["Ky."].admin1 == "KY" and found["Ky."].feature_code == "ADM1"
    assert found["W.Va."].admin1 == "WV"
    assert found["Kan."].admin1 == "KS"  # an AP abbreviation the index leaves out as a word
    assert found["S.C."].admin1 == "SC"
    assert found["Wichita"].admin1 == "KS"


def test_country_in_talks_is_an_actor() -> None:
    assert "US" not in _texts("Ankara and the US are also in talks to train a border force.")


def test_places_that_agree_on_one_state_steer_a_bare_namesake() -> None:
    # the article never names its state, but its county and its small towns all lie in Texas
    text = ("Henderson County deputies searched a farm outside Frankston on Tuesday. The man was "
            "later booked into the jail in Athens, and a hearing is set for next week in "
            "Malakoff, a sheriff's spokesman said.")
    found = {t.text: t for t in geoparse(text)}
    assert found["Athens"].country_code == "US" and found["Athens"].admin1 == "TX"
    assert found["Henderson County"].admin1 == "TX"
    parts = found["Athens"].explain[0].score_parts
    assert parts.get("division", 0.0) > 0  # --explain shows why


def test_a_named_state_and_the_places_agreeing_with_it_are_not_counted_twice() -> None:
    from geo.geoparse.resolve import DIVISION_FOCUS_WEIGHT

    text = ("Ohio transportation officials closed the bridge. Licking County commissioners met on "
            "Tuesday, and Franklin County deputies directed traffic around the site in Ohio.")
    county = next(t for t in geoparse(text) if t.text == "Franklin County")
    parts = county.explain[0].score_parts
    assert parts.get("region", 0.0) + parts.get("division", 0.0) <= DIVISION_FOCUS_WEIGHT + 1e-9


def test_a_country_named_beside_its_towns_stays_the_country() -> None:
    text = ("Health officials in Mexico said the outbreak began in Veracruz before cases were "
            "found in Puebla, Oaxaca and Mexico City.")
    found = {t.text: t for t in geoparse(text)}
    assert found["Mexico"].feature_code == "PCLI"
    assert found["Mexico City"].feature_code == "PPLC"


def test_a_state_name_does_not_vote_for_its_namesake_towns_states() -> None:
    from geo.geoparse.resolve import Group, _divisions_of
    from geo.records import Candidate

    def cand(gid: int, admin1: str, fclass: str, fcode: str) -> Candidate:
        return Candidate(gid, "Texas", 0.0, 0.0, "US", admin1, fclass, fcode, 0,
                         score_parts={"name": 1.0})

    state = Group("texas", [], [cand(1, "TX", "A", "ADM1"), cand(2, "MO", "A", "ADM2")])
    assert _divisions_of(state) == frozenset()
    towns = Group("athens", [], [cand(3, "TX", "P", "PPL"), cand(4, "GA", "P", "PPL")])
    assert _divisions_of(towns) == {("US", "TX"), ("US", "GA")}


def test_a_state_after_its_town_is_the_state_not_a_namesake_town_nearby() -> None:
    # "Texas City" lies beside Alvin and starts with the state's name; the state holds Alvin
    found = {t.text: t for t in geoparse("The two men are from Alvin, Texas, a Houston suburb, police said.")}
    assert found["Alvin"].admin1 == "TX"
    assert found["Texas"].feature_code == "ADM1" and found["Texas"].country_code == "US"


def _embedded(text: str) -> dict[str, str | None]:
    return {t.text: t.embedded_in for t in geoparse(text)}


def test_a_place_heading_an_institution_is_kept_as_embedded() -> None:
    found = _embedded("Crews from the Ohio Department of Transportation cleared the ramp near "
                      "Dayton, and the Springfield Public Library stayed closed on Monday.")
    assert found["Ohio"] == "Ohio Department of Transportation"
    assert found["Springfield"] == "Springfield Public Library"
    assert found["Dayton"] is None  # named in its own right


def test_a_major_place_later_in_an_institutions_name_is_embedded() -> None:
    found = _embedded("She taught at the University of Kentucky before she joined the Bank of Canada.")
    assert found == {"Kentucky": "University of Kentucky", "Canada": "Bank of Canada"}


def test_outlets_armed_units_and_ordinary_words_of_names_stay_out() -> None:
    text = ("The Denver Post said the Chamber of Commerce backed the plan, and the Food and Drug "
            "Administration approved the drug. Fighters of the Aleppo Revolutionaries Brigade "
            "left the front; the Lee County Sheriff's Office was not told.")
    found = _embedded(text)
    for word in ("Denver", "Commerce", "Drug", "Aleppo", "Lee"):
        assert word not in found, word


def test_a_places_own_name_with_an_organisation_word_is_a_place() -> None:
    found = _embedded("Settlers moved into the West Bank last year.")
    assert found == {"West Bank": None}


def test_an_embedded_place_says_so_in_the_record() -> None:
    (ohio,) = [t for t in geoparse("The Ohio Senate voted on Tuesday.") if t.text == "Ohio"]
    record = ohio.to_json()
    assert record["embedded"] is True and record["embedded_in"] == "Ohio Senate"
    (dayton,) = geoparse("The vote was held in Dayton.")
    assert "embedded" not in dayton.to_json()


def test_datelines_after_a_headline_on_the_same_line() -> None:
    found = geoparse("Council backs levy. DAYTON - The city council voted 5-2 on Tuesday to put the "
                     "levy on the ballot.")
    assert [(t.text, t.admin1) for t in found] == [("DAYTON", "OH")]
    found = geoparse("River crests. DES MOINES, Iowa (AP)  The river crested overnight downtown.")
    assert [t.text for t in found][:1] == ["DES MOINES"]
    assert "MOSUL" not in [t.text for t in geoparse("Rebels say. MOSUL-BASED FIGHTERS REGROUP")]


def test_a_capitalised_compass_word_names_a_part_of_the_place() -> None:
    found = {t.text: t for t in geoparse("Snow closed schools across Western Massachusetts.")}
    assert found["Massachusetts"].relation == "western" and found["Massachusetts"].admin1 == "MA"
    assert "Western" not in found
    assert [t.text for t in geoparse("Metro Vancouver banned the burning of leaves.")] == ["Vancouver"]


def test_a_place_before_a_local_office_and_its_holder() -> None:
    found = {t.text: t for t in geoparse("The figures came from Texas Comptroller Jane Roe, who "
                                         "spoke in Austin.")}
    assert "Texas" in found and found["Texas"].embedded_in is None


def test_where_people_live_is_a_locational_cue_for_small_towns() -> None:
    # small towns the article names only as someone's home: no preposition, but a reader knows
    for text, town in (
        ("The driver, Jane Roe, 54, of Annville, was treated at the scene.", "Annville"),
        ("A Cahokia man was charged on Friday after the chase, police said.", "Cahokia"),
        ("She is survived by two sisters, both of Myerstown.", "Myerstown"),
    ):
        assert town in _texts(text), text


def test_a_legislators_party_and_home() -> None:
    found = geoparse("State Sen. Robert Roe, D-Charleston, said the bill would pass, and Rep. Jane "
                     "Doe, R-Pa., agreed.")
    assert [(t.text, t.admin1) for t in found] == [("Charleston", "SC"), ("Pa.", "PA")]


def test_road_words_and_holidays_are_not_towns() -> None:
    text = ("Lane closures on Route 9 will last until Friday near 12th Street. Families gathered "
            "for Passover and the Olympic torch relay in Dayton.")
    assert _texts(text) == ["Dayton"]


def test_a_surname_that_is_also_a_given_name_is_the_person_everywhere() -> None:
    text = ("Police arrested Stephen Davis, 31, on Friday in Dayton. Witnesses told officers "
            "that Davis tried to walk away.")
    assert _texts(text) == ["Dayton"]


def test_an_institution_abroad_says_nothing_about_the_story() -> None:
    text = "A Harvard University historian said the militants still held Raqqa and Tabqa."
    assert "Harvard" not in _texts(text)


def test_a_state_abbreviation_after_its_namesake_city_is_the_state() -> None:
    found = geoparse("A Kansas City, Kan., police officer was hurt in the chase.")
    assert [(t.text, t.feature_code) for t in found] == [("Kansas City", "PPL"), ("Kan.", "ADM1")]


def test_a_state_that_is_also_a_given_name_heads_its_department() -> None:
    found = _embedded("Data from the Virginia Department of Education came out as students at "
                      "Bowling Green State University voted.")
    assert found == {"Virginia": "Virginia Department of Education",
                     "Bowling Green": "Bowling Green State University"}


def test_a_town_that_speaks_through_its_police_or_is_someones_home_is_no_person() -> None:
    assert "Laconia" in _texts("The reports came back, said Laconia police Capt. John Roe.")
    assert "Swansea" in _texts("John Roe, 42, of Swansea, who was hurt in the crash, was treated.")


def test_an_article_before_a_town_and_an_ampersand_inside_a_name() -> None:
    assert _texts("Police said. Dayton — A Dayton man was arrested on Friday.") == ["Dayton", "Dayton"]
    assert _embedded("A Texas Parks & Wildlife Department warden helped.") == \
        {"Texas": "Texas Parks & Wildlife Department"}


def test_abbreviated_saint_and_mount_are_part_of_the_town_name() -> None:
    text = ("Flood crews in Minnesota moved pumps to St. Cloud on Monday, and the Mt. Pleasant "
            "council in Iowa asked the state for sandbags.")
    found = {t.text: t for t in geoparse(text)}
    assert found["St. Cloud"].country_code == "US" and found["St. Cloud"].admin1 == "MN"
    assert found["Mt. Pleasant"].feature_class == "P"  # a town named for a hill, not a hill


def test_a_state_abbreviation_stands_alone_as_the_state() -> None:
    for text, state in (("Two inmates escaped from a Ky. prison farm overnight.", "KY"),
                        ("Storms cut power to 40,000 Ga. homes, the utility said.", "GA"),
                        ("The Tenn. senator spoke to farmers at the fair.", "TN")):
        found = [t for t in geoparse(text) if t.feature_code == "ADM1"]
        assert [t.admin1 for t in found] == [state], text
    # a word-like abbreviation ("Mass.", "Ill.") is the state only after a town
    assert not [t for t in geoparse("Mass. was held at noon.") if t.feature_code == "ADM1"]


def test_initials_of_a_state_or_province_are_the_division() -> None:
    text = "In B.C., snow closed the mountain passes. The senator flew back to D.C. on Friday."
    found = {t.text: t for t in geoparse(text)}
    assert found["B.C."].admin1 == "02" and found["B.C."].country_code == "CA"
    assert found["D.C."].country_code == "US"
    # an era after a year, a company's legal form after its name
    assert not [t for t in geoparse("The temple was built in 300 B.C. near the river.") if t.text == "B.C."]
    assert not [t for t in geoparse("Shares of Telefonica S.A. rose on Monday.") if t.text == "S.A."]


def test_a_demonym_inside_a_place_name_does_not_vote_for_its_country() -> None:
    from geo.gazetteer.index import Gazetteer
    from geo.geoparse.recognize import recognize

    rec = recognize("Health ministers from British Columbia met in Ottawa on Sunday.", Gazetteer.open())
    assert "GB" not in rec.country_votes
    rec = recognize("British ministers met in London on Sunday.", Gazetteer.open())
    assert rec.country_votes.get("GB") == 1.0


def test_two_ambiguous_names_take_the_readings_that_lie_together() -> None:
    # each name has namesakes in several states; only in one does the town lie in the county
    for text, state in (("Cleveland aldermen and Bradley County commissioners met on the budget.", "TN"),
                        ("Jackson police and Madison County deputies searched the creek.", "TN"),
                        ("Springfield council members and Clark County commissioners met Tuesday.", "OH")):
        found = [t for t in geoparse(text) if t.country_code == "US"]
        assert len(found) == 2 and {t.admin1 for t in found} == {state}, text


def test_a_name_and_its_province_are_not_two_places_lying_together() -> None:
    from geo.geoparse.resolve import Group, _measure_together
    from tests._fake_gazetteer import C

    town = C(1, "Raqqa", 35.95, 39.01, "SY", "PPLA", 200000, admin1="04")
    namesake = C(2, "Raqqa", 20.0, 10.0, "XX", "PPL", 300000)
    neighbour = C(3, "Tabqa", 35.84, 38.55, "SY", "PPL", 70000, admin1="04")
    bare = Group(key="raqqa\x00", mentions=[], candidates=[town, namesake])
    province = Group(key="raqqa\x00admin", mentions=[], candidates=[town, namesake])
    alone = [bare, province]
    _measure_together(alone)
    assert not any(g.together for g in alone)  # one name called two ways: no other place
    with_neighbour = [Group(key="raqqa\x00", mentions=[], candidates=[town, namesake]),
                      Group(key="tabqa\x00", mentions=[], candidates=[neighbour])]
    _measure_together(with_neighbour)
    near, far = with_neighbour[0].together
    assert near > 0.1 > far


def test_a_party_is_no_town_without_a_locational_cue() -> None:
    found = {t.text: t for t in geoparse("The Liberal government in Ottawa offered the provinces "
                                         "more money, and the Liberals said the offer was final.")}
    assert "Liberal" not in found and "Liberals" not in found
    assert found["Ottawa"].country_code == "CA"  # no stray Kansas town pulls the capital away
    assert "Liberal" in _texts("The trucker drove on to Liberal, Kansas, after midnight.")


def test_a_plural_division_word_makes_every_name_of_the_list_a_division() -> None:
    found = {t.text: t for t in geoparse("Shelling spread across Idlib and Hama provinces on Friday.")}
    assert found["Idlib"].feature_code == found["Hama"].feature_code == "ADM1"
    assert found["Idlib"].country_code == found["Hama"].country_code == "SY"
    found = {t.text: t for t in geoparse("Flood warnings covered Clay, Becker and Otter Tail counties "
                                         "in Minnesota.")}
    assert all(found[n].feature_code == "ADM2" and found[n].admin1 == "MN" for n in ("Clay", "Becker", "Otter Tail"))


def test_a_place_before_city_of_qualifies_the_city_named_after_it() -> None:
    found = {t.text: t for t in geoparse("Rivers burst their banks in the Sichuan city of Leshan after "
                                         "a week of rain in western China.")}
    assert found["Sichuan"].feature_code == "ADM1"  # the province, not a town called so
    assert found["Leshan"].feature_class == "P"


def test_a_demonym_is_no_town_spelt_like_it() -> None:
    text = "Cuban and Brazilian doctors arrived in Haiti on Tuesday to treat cholera patients."
    found = _texts(text)
    assert "Cuban" not in found and "Brazilian" not in found
    assert "Haiti" in found


def test_a_state_abbreviation_written_with_a_space_is_read_whole() -> None:
    found = geoparse("Rep. Nick Roe, D-W. Va., said the mine would reopen. Jane Doe, 41, of "
                     "Marion County, W. Va., was charged.")
    assert [(t.text, t.name) for t in found if t.text.endswith("Va.")] == [
        ("W. Va.", "West Virginia"), ("W. Va.", "West Virginia")]
    assert not any(t.text.startswith("D-") or t.text == "Va." for t in found)


def test_the_named_states_namesake_joins_a_towns_far_ranked_readings() -> None:
    # the state's Paris and Salem rank below the famous ones and many others of the country
    for text, state in (
        (("A Paris man was charged Friday with theft after a chase on the highway. Troopers in "
          "Idaho said the case was the third this month."), "ID"),
        (("A Salem woman was hurt Friday when her car left the road. Officials in West Virginia "
          "said the road was icy."), "WV"),
    ):
        town = geoparse(text)[0]
        assert (town.country_code, town.admin1) == ("US", state), text


def test_a_word_that_only_starts_or_respells_a_towns_name_is_no_place() -> None:
    # far from the article's places and without a cue ("in", "a town"): a name or a word
    text = "Officers in Leeds stopped a Hummer on Monday, and Dani, a witness, said the driver fled."
    assert _texts(text) == ["Leeds"]


def test_one_word_matched_only_through_an_alias_unlike_the_town_is_no_place() -> None:
    # the word starts a river's or a former village's name that a nearby town carries as an alias
    text = "Crews worked through the night in Annapolis. The Rhodes crew reopened the dock by noon."
    assert _texts(text) == ["Annapolis"]


def test_a_bare_towns_namesakes_spread_over_a_country_do_not_make_it_the_focus(monkeypatch) -> None:
    import geo.geoparse.parser as parser_module

    seen: dict[str, dict[str, float]] = {}
    resolve = parser_module.resolve

    def recording(rec, *args, **kwargs):
        of_mention, votes = resolve(rec, *args, **kwargs)
        seen["votes"] = votes
        return of_mention, votes

    monkeypatch.setattr(parser_module, "resolve", recording)
    parser = parser_module.Geoparser()
    # a dozen US towns of the name, in as many states: the count says nothing of the article
    parser.parse_text("Pupils from a primary school in Greenville planted a garden.")
    assert "US" not in seen["votes"]
    # the city and its governorate, one spot: the article is about that country
    parser.parse_text("Pupils from a primary school in Aleppo planted a garden.")
    assert seen["votes"].get("SY", 0) > 0


def test_a_quoted_nickname_belongs_to_the_person() -> None:
    assert _texts("Sheriff Jerome “Jerry” Mason said the suspect was held overnight in Baton Rouge.") == ["Baton Rouge"]
    assert _texts('Rep. Katherine "Kay" Parsons of Dayton spoke on Monday.') == ["Dayton"]


def test_a_basin_named_after_a_river_is_the_region_not_the_namesake_camp() -> None:
    # "basin" after the name, in lower case, completes the region's name: the Yarmouk refugee
    # camp in Damascus shares the first word, not the place
    found = {t.text: t for t in geoparse(
        "Government helicopters dropped barrel bombs on villages in the Yarmouk basin overnight, "
        "residents said.")}
    assert "Yarmouk basin" in found and "Yarmouk" not in found
    basin = found["Yarmouk basin"]
    assert basin.country_code == "SY" and basin.lat < 33.0


def test_party_and_state_abbreviations_found_as_by_the_look_ahead_led_expressions() -> None:
    # the expressions open on their first letter and read the character before it by a
    # lookbehind (so the engine can skip to those letters): the same matches as the plain form
    party = r"(?=[DRI])(?<![\w.-])(?:D|R|I|DFL)-"
    division = r"((?:[A-Z]\.[ ]?){2,3}|[A-Z]\.[ ]?[A-Z][a-z]{1,3}\.|[A-Z][a-z]{1,4}\.)"
    plain = {_PARTY_DIVISION: re.compile(party + division), _PARTY_HOME: re.compile(party + "$"),
             _WORD_ABBREVIATION: re.compile(r"(?=[A-Z])(?<![\w.])([A-Z][a-z]{1,4}\.)")}
    text = ("D-Pa. Rep. Jane Roe, D-Pa., said (R-Macon) and DFL-Minn. members agreed; xD-Pa. .R-Ga. "
            "-I-Vt. RFL-Ky. IFL-Ky. DF-Ky. I-Vt. A.Ky. jail in Ky. a Tenn. pastor, N.Va. and D-W. Va.")
    for fast, slow in plain.items():
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
            [(m.span(), m.groups()) for m in slow.finditer(text)]
    for end in range(len(text) + 1):  # as the party's home is looked for, before each name
        fast_home, slow_home = _PARTY_HOME.search(text, max(0, end - 5), end), plain[_PARTY_HOME].search(text, max(0, end - 5), end)
        assert (fast_home and fast_home.span()) == (slow_home and slow_home.span())
