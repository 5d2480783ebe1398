"""Hand-made Event records on real coordinates, shared by the control and export tests."""

from __future__ import annotations

from geo.records import Event


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
