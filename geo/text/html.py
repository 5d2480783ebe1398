"""Main text of an HTML news page, with the standard library's tolerant HTML parser.

Hand-written rather than trafilatura/readability: those pull in lxml and heuristics tuned for
crawling, while saved news pages need only this: drop scripts, styles, navigation, headers,
footers, asides and forms; prefer the ``<article>`` (else ``<main>``) element when the page has
one; keep block boundaries as paragraph breaks; decode entities.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = frozenset("script style noscript template nav header footer aside form svg iframe button select figure".split())
_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre section article main tr table dd dt hr title".split()
)
_VOID = frozenset("br hr img input meta link area base col embed source track wbr".split())


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.parts: dict[str, list[str]] = {"all": [], "article": [], "main": [], "title": []}
        self.inside: dict[str, int] = {"article": 0, "main": 0, "title": 0}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in _BLOCK:
                self._emit("\n")
            return
        self.stack.append(tag)
        if tag in _SKIP:
            self.skip_depth += 1
        if tag in self.inside:
            self.inside[tag] += 1
        if tag in _BLOCK:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in _SKIP:
                self.skip_depth -= 1
            if top in self.inside:
                self.inside[top] -= 1
            if top == tag:
                break
        if tag in _BLOCK:
            self._emit("\n\n")

    def handle_data(self, data: str) -> None:
        if self.inside["title"]:
            self.parts["title"].append(data)
            return
        self._emit(data)

    def _emit(self, text: str) -> None:
        if self.skip_depth:
            return
        self.parts["all"].append(text)
        for region in ("article", "main"):
            if self.inside[region]:
                self.parts[region].append(text)


def html_to_text(html: str) -> str:
    """Return the readable main text of an HTML document, paragraphs separated by blank lines."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    for region in ("article", "main", "all"):
        text = _tidy("".join(collector.parts[region]))
        if len(text) > 200 or region == "all":
            break
    title = _tidy("".join(collector.parts["title"]))
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    return text


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
