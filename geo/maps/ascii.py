"""The page written in ASCII only: every other character as the escape its context reads.

Chromium decodes a page whose bytes are all ASCII several times faster than one with a few
thousand accented names scattered through it (at 20,000 events, 5 MB: ~20 ms against 70-180 ms
of the first draw, scripts/bench_map.py), and keeps its text in one byte per character, which
the parsers of the HTML and of the JSON blocks read faster too. Nothing the reader sees changes:
inside ``<script>`` a character is written ``\\uXXXX`` (what JavaScript and JSON read as it),
inside ``<style>`` as the CSS escape ``\\XXXXXX``, and in the HTML around them as ``&#xXXXX;``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["ascii_html"]

#: a script or style element's content, or a run of non-ASCII characters in the HTML around them
_PARTS = re.compile(r"(<script\b[^>]*>)(.*?)(</script\s*>)|(<style\b[^>]*>)(.*?)(</style\s*>)",
                    flags=re.S | re.I)
#: a non-ASCII character and the backslashes before it (an escape of the character itself)
_NON_ASCII = re.compile(r"(\\*)([^\x00-\x7f])")


def _js_escape(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:  # outside the basic plane: JavaScript and JSON write the surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _css_escape(char: str) -> str:
    return f"\\{ord(char):06x}"  # six digits: no space needed to end it


def _html_escape(char: str) -> str:
    return f"&#x{ord(char):x};"


def _escaped(text: str, escape: Callable[[str], str], backslash: bool) -> str:
    """``text`` with each non-ASCII character escaped; where the language escapes with a
    backslash, one before the character (``\\é``: the character itself) is dropped."""
    def one(m: re.Match[str]) -> str:
        slashes = m.group(1)
        if backslash and len(slashes) % 2 == 1:
            slashes = slashes[:-1]
        return slashes + escape(m.group(2))

    return _NON_ASCII.sub(one, text) if not text.isascii() else text


def ascii_html(html: str) -> str:
    """``html`` with every non-ASCII character escaped as its context (script, style, HTML) reads it."""
    if html.isascii():
        return html
    out: list[str] = []
    at = 0
    for m in _PARTS.finditer(html):
        out.append(_escaped(html[at:m.start()], _html_escape, backslash=False))
        if m.group(1) is not None:
            out += [m.group(1), _escaped(m.group(2), _js_escape, backslash=True), m.group(3)]
        else:
            out += [m.group(4), _escaped(m.group(5), _css_escape, backslash=True), m.group(6)]
        at = m.end()
    out.append(_escaped(html[at:], _html_escape, backslash=False))
    return "".join(out)
