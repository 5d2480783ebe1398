"""The collection's country context (geo.geoparse.corpus) on sentences written for the test."""

from __future__ import annotations

from _fake_gazetteer import C, FakeGazetteer

from geo.geoparse.corpus import CorpusContext
from geo.geoparse.parser import Geoparser
from geo.records import Toponym

ENTRIES = {
    "Syria": [C(163843, "Syria", 35.0, 38.0, "SY", "PCLI", 22_198_110)],
    "Idlib": [C(169388, "Idlib", 35.93, 36.63, "SY", "PPLA", 128_840)],
    "Hama": [C(170017, "Hama", 35.13, 36.76, "SY", "PPLA", 460_602)],
    # a lone headline's town, with a bigger namesake in another country
    "Ariha": [C(282000, "Ariha", 31.87, 35.44, "PS", "PPL", 19_783),
              C(172000, "Ariha", 35.81, 36.61, "SY", "PPL", 0)],
}


def toponym(cc: str, score: float = 0.9) -> Toponym:
    return Toponym(source="-", start=0, end=1, text="x", name="x", lat=0.0, lon=0.0,
                   geonameid=1, country_code=cc, score=score)


def test_the_prior_is_the_share_of_documents_of_a_collection_about_one_country():
    corpus = CorpusContext()
    assert corpus.prior() == {}
    for _ in range(30):
        corpus.add([toponym("SY"), toponym("SY"), toponym("TR")])
    corpus.add([toponym("IQ", score=0.2)])  # nothing confident: not counted
    prior = corpus.prior()
    assert corpus.documents == 30 and set(prior) == {"SY"}
    assert abs(prior["SY"] - 30 * (2 / 3) / 35) < 1e-9


def test_a_world_digest_gives_no_prior():
    corpus = CorpusContext()
    for code in ("US", "GB", "FR", "JP") * 5:
        corpus.add([toponym(code)])
    assert corpus.prior() == {}


def test_a_lone_headline_is_read_as_the_collections_reports_are():
    gz = FakeGazetteer(ENTRIES, {"Syrian": "SY"})
    alone = Geoparser(gz)
    headline = "Warplanes kill six civilians in a massacre in Ariha"
    assert alone.parse_text(headline)[0].country_code == "PS"
    feed = Geoparser(gz, corpus=CorpusContext())
    for text in ("Shelling targets the countryside of Idlib in Syria",
                 "Clashes continue in the north of Hama",
                 "Warplanes strike towns in Idlib and Hama in Syria") * 10:
        feed.parse_text(text)
    ariha = feed.parse_text(headline)[0]
    assert ariha.country_code == "SY" and ariha.explain[0].score_parts["corpus"] > 0


def test_a_town_named_by_its_own_name_beats_a_famous_namesake_reached_through_an_alias():
    # "Ariha" is only another (Arabic) name of Jericho, but the Syrian town's own name: in a
    # feed of Syrian reports "Ariha city" is the Syrian town, however larger Jericho is
    entries = {**ENTRIES, "Ariha": [C(282000, "Jericho", 31.87, 35.44, "PS", "PPL", 19_783, quality=0.97),
                                    C(172000, "Ariha", 35.81, 36.61, "SY", "PPL", 0)]}
    gz = FakeGazetteer(entries, {"Syrian": "SY", "Palestinian": "PS"})
    feed = Geoparser(gz, corpus=CorpusContext())
    for text in ("Shelling targets the countryside of Idlib in Syria",
                 "Warplanes strike towns in Idlib and Hama in Syria") * 10:
        feed.parse_text(text)
    assert feed.parse_text("Warplanes kill six civilians in a raid on Ariha city")[0].country_code == "SY"
    # the article's own evidence still decides: a Palestinian town named so is Jericho
    said = feed.parse_text("Palestinian police said settlers attacked a farm near Ariha city")
    assert next(t for t in said if t.text == "Ariha").country_code == "PS"


def _feed(entries) -> Geoparser:
    gz = FakeGazetteer(entries, {"Syrian": "SY"})
    feed = Geoparser(gz, corpus=CorpusContext())
    for text in ("Shelling targets the countryside of Idlib in Syria",
                 "Clashes continue in the north of Hama",
                 "Warplanes strike towns in Idlib and Hama in Syria") * 5:
        feed.parse_text(text)
    return feed


#: two Syrian villages of one name, the first-listed far from the fighting
KAFR_ENTRIES = {**ENTRIES, "Kafr Salim": [C(301, "Kafr Salim", 36.52, 38.77, "SY", "PPL", 0, admin1="04"),
                                         C(302, "Kafr Salim", 35.74, 37.04, "SY", "PPL", 0, admin1="12")]}


def test_a_name_the_collection_settled_is_read_so_in_a_later_bare_headline():
    feed = _feed(KAFR_ENTRIES)
    assert feed.parse_text("Regime forces shell Kafr Salim at dawn")[0].geonameid == 301  # a guess
    # a report places it, beside Idlib; the next bare headline is read as that report was
    settled = feed.parse_text("Government troops storm Kafr Salim in the countryside of Idlib")
    assert next(t for t in settled if t.text == "Kafr Salim").geonameid == 302
    later = feed.parse_text("Regime forces shell Kafr Salim at dawn")[0]
    assert later.geonameid == 302 and later.explain[0].score_parts["recalled"] > 0


def test_the_collection_remembers_nothing_without_a_collection():
    alone = Geoparser(FakeGazetteer(KAFR_ENTRIES, {"Syrian": "SY"}))
    alone.parse_text("Government troops storm Kafr Salim in the countryside of Idlib")
    assert alone.parse_text("Regime forces shell Kafr Salim at dawn")[0].geonameid == 301


SITE_ENTRIES = {**ENTRIES,
                # a field named after a Syrian spot the gazetteer lacks; only a Pakistani town bears it
                "Qasab": [C(401, "Qasab", 32.2, 70.4, "PK", "PPL", 38_000)],
                # an airbase named after a Syrian village the gazetteer holds
                "Marj": [C(402, "Marj", 35.5, 37.1, "SY", "PPL", 0)],
                "Amman": [C(403, "Amman", 31.95, 35.93, "JO", "PPLC", 1_275_000)]}


def test_a_site_named_after_a_place_is_not_a_namesake_town_abroad():
    feed = _feed(SITE_ENTRIES)
    assert feed.parse_text("Coalition jets repel an attack on the Qasab oilfield") == []
    assert feed.parse_text("Militants shelled the Qasab field where advisers are based") == []
    # the feed's own country's village, and a capital known abroad, stay
    assert [t.geonameid for t in feed.parse_text("Explosions rock Marj military airport")] == [402]
    assert [t.geonameid for t in feed.parse_text("Flights resumed at Amman airport")] == [403]
    # alone (no collection to say where the reports are), the town is still the reading
    alone = Geoparser(FakeGazetteer(SITE_ENTRIES, {"Syrian": "SY"}))
    assert [t.geonameid for t in alone.parse_text("Coalition jets repel an attack on the Qasab oilfield")] == [401]
