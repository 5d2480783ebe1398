"""map.html in ASCII only (geo.maps.ascii): every character escaped as its context reads it."""

from __future__ import annotations

import json
import re

import _map_frames as frames

from geo.maps.ascii import ascii_html
from geo.maps.page import make_map


def test_each_context_gets_its_own_escape():
    page = ('<p title="Ḥalab">Aleppo · Ḥalab</p><script>var s = "Dayr az Zawr – ʿAyn";</script>'
            '<style>.x::after { content: "·"; }</style><script type="application/json">["😀"]</script>')
    out = ascii_html(page)
    assert out.isascii()
    assert '<p title="&#x1e24;alab">Aleppo &#xb7; &#x1e24;alab</p>' in out
    assert 'var s = "Dayr az Zawr \\u2013 \\u02bfAyn";' in out
    assert 'content: "\\0000b7";' in out
    # outside the basic plane, JSON and JavaScript read the surrogate pair
    assert json.loads(re.search(r'json">(.*?)</script>', out).group(1)) == ["😀"]


def test_a_backslash_escaping_the_character_itself_is_not_doubled():
    # "\é" in JavaScript is "é": written "\u00e9", not "\\u00e9" (a backslash and "u00e9")
    assert ascii_html('<script>var s = "\\é";</script>') == '<script>var s = "\\u00e9";</script>'
    assert ascii_html('<script>var s = "\\\\é";</script>') == '<script>var s = "\\\\\\u00e9";</script>'


def test_an_ascii_page_is_left_as_it_is():
    page = "<html><body><script>var a = 1;</script></body></html>"
    assert ascii_html(page) is page


def test_the_map_is_written_in_ascii_and_keeps_every_name(tmp_path):
    events = frames.events_frame()
    events.loc[events.index[0], "evidence"] = "Fighting near Tall Abyaḍ and ʿAyn al ʿArab – officials said."
    path = make_map(events, frames.places_frame(), frames.control_frame(), tmp_path / "map.html",
                    title="Raqqa · Ḥalab")
    raw = path.read_bytes()
    assert raw.isascii()
    html = raw.decode("ascii")
    assert "<title>Raqqa &#xb7; &#x1e24;alab</title>" in html
    strings = [json.loads(block) for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>',
                                                         html, flags=re.S)]
    assert any("Tall Abya\u1e0d and \u02bfAyn al \u02bfArab \u2013 officials said." in s
               for table in strings if isinstance(table, list) for s in table if isinstance(s, str))
