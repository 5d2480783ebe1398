"""Hand-made Event records on real coordinates, shared by the control and export tests, and
hand-placed toponyms for the event tests."""

from __future__ import annotations

import re

from geo.records import Event, Toponym


def make_event(i, category, where, d0, d1=None, source="ap.txt", *, evidence_start=0, **kw):
    """An event at ``where`` = (name, lat, lon, geonameid, country code) from ``d0`` to ``d1``."""
    name, lat, lon, gid, cc = where
    kw.setdefault("event_type", "Battles")
    kw.setdefault("sub_event_type", "Non-state actor overtakes territory")
    sentence = kw.pop("evidence", f"Fighters entered {name} after days of clashes.")
    return Event(event_id=f"ev{i:03d}", category=category, date_start=d0, date_end=d1 or d0,
                 time_precision=kw.pop("time_precision", 1), place=name, mention=name, lat=lat,
                 lon=lon, source=source, evidence=sentence, evidence_start=evidence_start,
                 evidence_end=evidence_start + len(sentence), geonameid=gid, country_code=cc, **kw)


#: feature classes of the codes the hand-placed tables use (GeoNames: A divisions, L areas, P towns)
_CLASS_OF_CODE = {"PCLI": "A", "AREA": "L"}


def hand_placed(text: str, places: dict[str, tuple], *, source: str = "test.txt", first_id: int = 1000,
                capitals_too: bool = True, with_class: bool = False) -> list[Toponym]:
    """The toponyms a geoparser would give ``text`` when it knew only ``places``: name -> (lat,
    lon, country, feature code[, geo_precision]) (without a precision: 3 for a country, else 1).
    Each name is found as written (and in capitals, ``capitals_too``); ids count from ``first_id``
    in table order; ``with_class`` sets the feature class the code implies."""
    out = []
    for i, (name, (lat, lon, cc, code, *prec)) in enumerate(places.items()):
        forms = rf"{re.escape(name)}|{re.escape(name.upper())}" if capitals_too else re.escape(name)
        precision = prec[0] if prec else (3 if code == "PCLI" else 1)
        extra = {"feature_class": _CLASS_OF_CODE.get(code, "P")} if with_class else {}
        for m in re.finditer(rf"\b(?:{forms})\b", text):
            out.append(Toponym(source, m.start(), m.end(), name, name=name, lat=lat, lon=lon, geonameid=first_id + i,
                               country_code=cc, feature_code=code, geo_precision=precision, **extra))
    return sorted(out, key=lambda t: t.start)
