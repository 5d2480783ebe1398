"""The wire format of an article's result: events and toponyms come back as they went out."""

from __future__ import annotations

from datetime import date, datetime, timezone

from _event_factory import make_event

from geo.geom import epoch_ms
from geo.records import ATTACK, CONTROL_CHANGE, Event
from geo.runner.codec import EVENT_FIELDS, decode_result, decode_rows, encode_result, event_from_row, event_row

RAMADI = ("Ramadi", 33.42, 43.30, 94824, "IQ")


def _events():
    return [
        make_event(1, CONTROL_CHANGE, RAMADI, date(2015, 5, 17), gained_by="ISIS", lost_by="Iraqi army"),
        make_event(2, ATTACK, RAMADI, date(2015, 12, 20), date(2015, 12, 27), source="wire.txt",
                   event_type="Explosions/Remote violence", sub_event_type="Suicide bomb", killed=12,
                   published=date(2015, 12, 28), published_estimated=False, meta={"outlet": "A wire"}),
    ]


def test_an_event_row_decodes_to_the_same_event():
    for event in _events():
        row = event_row(event)
        assert len(row) == len(EVENT_FIELDS)
        assert all(not isinstance(v, date) for v in row)  # dates travel as ISO text
        assert event_from_row(row) == event


def test_a_row_without_its_last_fields_takes_their_defaults():
    event = _events()[0]
    row = event_row(event)[:-3]  # published, published_estimated, meta
    decoded = event_from_row(row)
    assert decoded.published is None and decoded.meta == {} and decoded.date_start == event.date_start


def test_decode_rows_gives_the_rows_decode_result_makes_events_of():
    blob = encode_result([], _events())
    toponyms, rows = decode_rows(blob)
    assert toponyms == [] and rows == [event_row(e) for e in _events()]
    assert decode_result(blob) == ([], _events())


def test_epoch_ms_is_utc_midnight_before_and_after_1970():
    for day in (date(1969, 12, 31), date(1970, 1, 1), date(2015, 1, 26), date(2016, 2, 29)):
        midnight = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        assert epoch_ms(day) == int(midnight.timestamp() * 1000)
    assert epoch_ms(datetime(2015, 1, 26, 18, 30)) == epoch_ms(date(2015, 1, 26))
    assert epoch_ms(None) is None


def test_a_decoded_event_is_a_record_like_any_other():
    """event_from_row sets the slots itself: the record must be the frozen one Event(...) makes."""
    import dataclasses

    import pytest

    for event in _events():
        decoded = event_from_row(event_row(event))
        assert type(decoded) is Event and repr(decoded) == repr(event)
        assert dataclasses.replace(decoded, killed=3).killed == 3
        with pytest.raises(dataclasses.FrozenInstanceError):
            decoded.killed = 3  # type: ignore[misc]


def test_an_event_view_reads_as_the_decoded_event_and_makes_the_same_incident_row():
    """The output stage reads an incident's stored reports as views (their fields by name), not
    records: every field the same, and the incident's row the same as from the records."""
    from geo.events.incidents import incident_row
    from geo.runner.codec import event_view

    wadi = ("Wadi Harun", 35.20, 40.31, 9_900_002, "SY")
    events = [*_events(),
              make_event(3, ATTACK, wadi, date(2015, 12, 21), source="second_wire.txt",
                         event_type="Explosions/Remote violence", sub_event_type="Attack", killed=15,
                         wounded=30, actor1="ISIS", published=date(2015, 12, 22),
                         evidence="A suicide bomber killed 15 people at a checkpoint outside Wadi Harun.")]
    views = [event_view(event_row(e)) for e in events]
    for view, event in zip(views, events):
        assert all(getattr(view, f) == getattr(event, f) for f in EVENT_FIELDS)
        assert type(view.date_start) is date and type(view.published or date.min) is date
    assert incident_row("inc1", views[1:]) == incident_row("inc1", events[1:])
    assert incident_row("inc2", views[:1]) == incident_row("inc2", events[:1])
