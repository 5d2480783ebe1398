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
