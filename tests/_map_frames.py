"""Realistic frames shaped like the output contract, for the map tests and the benchmark.

Coordinates are the real ones of the towns (GeoNames); the evidence sentences are written for
these tests. One of them carries a script tag and an ``onerror`` image, which must stay text.
"""

from __future__ import annotations

import geopandas as gpd
import shapely

HOSTILE = 'Locals said <script>window.__pwned = 1; alert(1)</script> and <img src=x onerror="window.__pwned = 2">.'

# name, geonameid, country, lon, lat
TOWNS = {
    "Kobani": (170017, "SY", 38.3553, 36.8909),
    "Raqqa": (163915, "SY", 39.0120, 35.9528),
    "Mosul": (99072, "IQ", 43.1189, 36.3350),
    "Palmyra": (170017 + 1, "SY", 38.2672, 34.5601),
    "Tal Abyad": (163099, "SY", 38.9551, 36.6975),
    "Shaddadi": (167985, "SY", 40.7389, 36.0560),
    "Ramadi": (388349, "IQ", 43.3058, 33.4258),
    "Taza": (1111111, "IQ", 44.2900, 35.3000),
    "Sinjar": (94787, "IQ", 41.8725, 36.3209),
    "Iraq": (99237, "IQ", 44.0, 33.0),
}

EVENT_ROWS = [
    # category, sub_event_type, event_type, place, date_start, date_end, gained, lost, a1, a2,
    # killed, wounded, evidence, geo_precision
    ("control_change", "Non-state actor overtakes territory", "Battles", "Kobani", "2015-01-26", "2015-01-26",
     "Kurdish YPG", "Islamic State", "Kurdish YPG", "Islamic State", None, None,
     "Kurdish fighters drove the militants out of Kobani after four months of street battles.", 1),
    ("control_change", "Non-state actor overtakes territory", "Battles", "Tal Abyad", "2015-06-15", "2015-06-16",
     "YPG", "ISIS", "YPG", "ISIS", None, None,
     "The YPG took the border town of Tal Abyad, cutting a supply line to Raqqa.", 1),
    ("control_change", "Government regains territory", "Battles", "Palmyra", "2016-03-27", "2016-03-27",
     "Syrian army", "Islamic State", "Syrian army", "Islamic State", None, None,
     "Syrian troops backed by Russian jets retook the ancient city of Palmyra.", 1),
    ("control_change", "Non-state actor overtakes territory", "Battles", "Shaddadi", "2016-02-19", "2016-02-19",
     "SDF", "ISIS", "SDF", "ISIS", None, None,
     "The Syrian Democratic Forces captured Shaddadi, a hub in Hasakah province.", 1),
    ("control_state", "", "Strategic developments", "Raqqa", "2015-05-01", "2015-05-01",
     None, None, "Islamic State", None, None, None, "Raqqa remains the de facto capital of the group.", 1),
    ("attack", "Chemical weapon", "Explosions/Remote violence", "Taza", "2016-03-08", "2016-03-09",
     None, None, "Islamic State", "Civilians", 3, 600,
     "Rockets carrying mustard agent hit Taza, wounding hundreds.", 2),
    ("attack", "Suicide bomb", "Explosions/Remote violence", "Ramadi", "2015-05-14", "2015-05-15",
     None, None, "ISIS", "Iraqi security forces", 83, 40, HOSTILE, 1),
    ("attack", "Air/drone strike", "Explosions/Remote violence", "Raqqa", "2015-09-30", "2015-09-30",
     None, None, "US-led coalition", "ISIS", 12, None, "Coalition jets struck positions near Raqqa overnight.", 1),
    # an article without a date of its own or of publication: kept, on the "Undated events" layer
    ("attack", "Armed clash", "Battles", "Sinjar", None, None,
     None, None, "Peshmerga", "ISIS", None, None, "Peshmerga fighters clashed with militants near Sinjar.", 1),
    ("claim", "", "Strategic developments", "Iraq", "2016-01-05", "2016-01-05",
     None, None, "Islamic State", None, None, None,
     "Officials said the group had lost 40 percent of the ground it once held in Iraq.", 3),
]


def events_frame() -> gpd.GeoDataFrame:
    rows = []
    for k, (cat, sub, etype, place, d0, d1, gained, lost, a1, a2, killed, wounded, ev, prec) in enumerate(EVENT_ROWS):
        gid, cc, lon, lat = TOWNS[place]
        rows.append({
            "event_id": f"ev{k:03d}", "category": cat, "event_type": etype, "sub_event_type": sub,
            "date_start": d0, "date_end": d1, "time_precision": 1, "place": place, "mention": place,
            "geonameid": gid, "country_code": cc, "admin1": None, "geo_precision": prec,
            "region": f"country:{cc}" if prec == 3 else None, "actor1": a1, "actor2": a2, "gained_by": gained,
            "lost_by": lost, "holder": a1 if cat == "control_state" else None, "killed": killed,
            "wounded": wounded, "metric": "territory_lost_pct" if cat == "claim" else None,
            "value": 40 if cat == "claim" else None, "unit": "%" if cat == "claim" else None,
            "source": f"article_{k % 3}.txt", "published": "2016-04-01" if d0 else None, "evidence": ev,
            "evidence_start": 0, "evidence_end": len(ev), "geometry": shapely.Point(lon, lat),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def places_frame() -> gpd.GeoDataFrame:
    control = {
        "Kobani": [{"date": "2014-10-06", "holder": "Islamic State", "event_id": "evx"},
                   {"date": "2015-01-26", "holder": "Kurdish YPG", "event_id": "ev000"}],
        "Palmyra": [{"date": "2015-05-21", "holder": "ISIS", "event_id": "evy"},
                    {"date": "2016-03-27", "holder": "Syrian army", "event_id": "ev002"}],
        "Raqqa": [{"date": "2015-05-01", "holder": "Islamic State", "event_id": "ev004"}],
        "Mosul": [{"date": "2014-06-10", "holder": "ISIS", "event_id": "evz"}],
    }
    rows = []
    for name, (gid, cc, lon, lat) in TOWNS.items():
        rows.append({"geonameid": gid, "name": name, "country_code": cc, "feature_code": "PPLA",
                     "mentions": [{"source": "article_0.txt", "start": 0, "end": len(name), "text": name}],
                     "control": control.get(name, []), "geometry": shapely.Point(lon, lat)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def control_frame() -> gpd.GeoDataFrame:
    rows = [
        ("2015-01-26", "Islamic State", shapely.Polygon([(38.5, 35.5), (40.5, 35.5), (40.5, 36.6), (38.5, 36.6)])),
        ("2015-01-26", "Kurdish YPG", shapely.Polygon([(37.9, 36.6), (38.9, 36.6), (38.9, 37.1), (37.9, 37.1)])),
        ("2016-03-27", "Islamic State", shapely.Polygon([(38.8, 35.5), (40.0, 35.5), (40.0, 36.4), (38.8, 36.4)])),
        ("2016-03-27", "Syrian army", shapely.Polygon([(37.5, 34.2), (38.7, 34.2), (38.7, 34.9), (37.5, 34.9)])),
    ]
    return gpd.GeoDataFrame(
        [{"date": d, "holder": h, "area_km2": 1000.0 * (k + 1), "method": "voronoi-50km", "n_places": 3,
          "geometry": g} for k, (d, h, g) in enumerate(rows)], geometry="geometry", crs="EPSG:4326")


# --- incidents: the reports above as several wires tell them, merged by geo.events.incidents ----------------

# source, killed, wounded, sub-event type, target, evidence: three wires on one suicide bombing
RAMADI_REPORTS = [
    ("ap.txt", 20, 40, "Suicide bomb", "Iraqi security forces",
     "A suicide bomber drove a truck into an army checkpoint in Ramadi, killing 20 soldiers."),
    ("reuters.txt", 23, None, "Suicide bomb", None, HOSTILE),
    ("afp.txt", 23, 45, "Attack", "Iraqi security forces",
     "Officials raised the toll of the Ramadi checkpoint bombing to 23 dead and 45 wounded."),
]


def _where(name: str) -> tuple:
    gid, cc, lon, lat = TOWNS[name]
    return name, lat, lon, gid, cc


def incident_events() -> list:
    """Reports (``geo.records.Event``) of several wires: the Ramadi bombing three times, the
    taking of Kobani twice, and single reports of the other events of :data:`EVENT_ROWS`."""
    from datetime import date

    from _event_factory import make_event

    day = date.fromisoformat
    attack = {"event_type": "Explosions/Remote violence"}
    events = [
        make_event(0, "control_change", _where("Kobani"), day("2015-01-26"), source="article_0.txt",
                   gained_by="Kurdish YPG", lost_by="Islamic State", actor1="Kurdish YPG", actor2="Islamic State",
                   evidence=EVENT_ROWS[0][12], published=day("2015-01-27")),
        make_event(10, "control_change", _where("Kobani"), day("2015-01-26"), source="bbc.txt",
                   gained_by="Kurdish YPG", lost_by=None, actor1="Kurdish YPG",
                   evidence="Kurdish forces raised their flag over Kobani on Monday.", published=day("2015-01-27")),
        make_event(2, "control_change", _where("Palmyra"), day("2016-03-27"), source="article_2.txt",
                   sub_event_type="Government regains territory", gained_by="Syrian army",
                   lost_by="Islamic State", actor1="Syrian army", actor2="Islamic State",
                   evidence=EVENT_ROWS[2][12], published=day("2016-03-28")),
        make_event(4, "control_state", _where("Raqqa"), day("2015-05-01"), source="article_1.txt",
                   event_type="Strategic developments", sub_event_type="", actor1="Islamic State",
                   holder="Islamic State", evidence=EVENT_ROWS[4][12], published=day("2015-05-02")),
        make_event(5, "attack", _where("Taza"), day("2016-03-08"), day("2016-03-09"), source="article_2.txt",
                   sub_event_type="Chemical weapon", actor1="Islamic State", actor2="Civilians", killed=3,
                   wounded=600, geo_precision=2, evidence=EVENT_ROWS[5][12], published=day("2016-03-10"),
                   **attack),
        make_event(7, "attack", _where("Raqqa"), day("2015-09-30"), source="article_1.txt",
                   sub_event_type="Air/drone strike", actor1="US-led coalition", actor2="ISIS", killed=12,
                   evidence=EVENT_ROWS[7][12], published=day("2015-10-01"), **attack),
        make_event(9, "claim", _where("Iraq"), day("2016-01-05"), source="article_0.txt",
                   event_type="Strategic developments", sub_event_type="", actor1="Islamic State",
                   metric="territory_lost_pct", value=40.0, unit="%", geo_precision=3, region="country:IQ",
                   evidence=EVENT_ROWS[9][12], published=day("2016-01-06")),
    ]
    for k, (source, killed, wounded, sub, target, sentence) in enumerate(RAMADI_REPORTS):
        events.append(make_event(20 + k, "attack", _where("Ramadi"), day("2015-05-14"),
                                 day("2015-05-15") if k == 0 else None, source=source, sub_event_type=sub,
                                 actor1="ISIS", actor2=target, killed=killed, wounded=wounded,
                                 evidence=sentence, published=day(f"2015-05-{15 + k}"), **attack))
    return events


def incidents_frame() -> gpd.GeoDataFrame:
    """The incidents of :func:`incident_events`, as ``geo.events.incidents.incidents_frame`` makes them."""
    from geo.events.incidents import incidents_frame as merge

    return merge(incident_events())
