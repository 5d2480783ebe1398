"""The feed beside the map: its panel and the choices of its filters (category, actor, outlet).

The list itself is drawn in the page (``territoryFeed`` in :mod:`geo.maps.js`) from the event
layers' features, which carry what it shows (:func:`geo.maps.layers.feed_props`). The choices
are escaped here; an option's value is the text itself (the browser unescapes the attribute), and
the page escapes it the same way again to compare it with the features' escaped strings.
"""

from __future__ import annotations

from collections import Counter
from html import escape, unescape
from itertools import chain
from typing import Any

from geo.maps.layers import CATEGORY_LABELS

#: most actors (and outlets) a filter offers, the most frequent first
MAX_CHOICES = 300


def _choices(counts: Counter[str], limit: int = MAX_CHOICES) -> list[str]:
    """The values most often seen first, ties in alphabetical order."""
    return [v for v, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def _select(key: str, label: str, everything: str, options: list[tuple[str, str]]) -> str:
    """A filter: a labelled ``<select>`` whose first choice is no filter. ``options`` are
    (value, shown text) pairs, unescaped."""
    items = "".join(f'<option value="{escape(v)}">{escape(text)}</option>' for v, text in options)
    hidden = " hidden" if not options else ""
    return (f'<label class="tt-filter"{hidden}>{escape(label)} <select id="tt-f-{key}" data-key="{key}">'
            f'<option value="">{escape(everything)}</option>{items}</select></label>')


def feed_html(events: list, feeds: dict[str, list[Any]]) -> str:
    """The panel: title, the three filters, the list (filled by the page), folded by its button.
    ``feeds``: the events' list entries as columns (:func:`geo.maps.columns.feed_columns`)."""
    categories = set(feeds.get("k", ()))
    actors = Counter(chain.from_iterable(a for a in feeds.get("a", ()) if a))
    outlets = Counter(chain.from_iterable(o for o in feeds.get("o", ()) if o))
    # the features hold escaped text: the choices are shown and valued as the text itself
    category_options = [(k, label) for k, label in CATEGORY_LABELS.items() if escape(k) in categories]
    return "".join([
        '<aside id="tt-feed" class="tt-feed" aria-label="Events of the time window">',
        ('<div class="tt-feed-head"><button type="button" class="tt-feed-fold" title="Fold the list away"'
         ' aria-label="Fold the list">&#x25B8;</button><b>Events</b> <span class="tt-feed-count"></span></div>'),
        '<div class="tt-feed-body"><div class="tt-filters">',
        _select("cat", "Category", "all categories", category_options),
        _select("actor", "Actor", "all actors", [(unescape(a), unescape(a)) for a in _choices(actors)]),
        _select("outlet", "Outlet", "all outlets", [(unescape(o), unescape(o)) for o in _choices(outlets)]),
        '</div><div class="tt-feed-window"></div><ol class="tt-feed-list"></ol>',
        '<div class="tt-feed-more"></div></div></aside>',
    ])
