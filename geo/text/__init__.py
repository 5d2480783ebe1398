"""Text: spelling folding, sentences, dates, numbers and HTML main text; no geography.

The names load their module on first use: geoparsing needs only the folding and the sentences,
and ``geo.text.numbers`` alone (its casualty expressions) was half a second of every start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.lazy import lazy_names

#: public name -> the module that defines it
_EXPORTS = {
    "Casualties": "geo.text.numbers", "Quantity": "geo.text.numbers",
    "find_casualties": "geo.text.numbers", "find_quantities": "geo.text.numbers",
    "DateMention": "geo.text.dates", "default_window": "geo.text.dates", "find_dates": "geo.text.dates",
    "fold": "geo.text.fold", "normalize": "geo.text.fold",
    "html_to_text": "geo.text.html",
    "sentence_spans": "geo.text.sentences",
}
__all__ = ["Casualties", "DateMention", "Quantity", "default_window", "find_casualties", "find_dates", "find_quantities", "fold", "html_to_text", "normalize", "sentence_spans"]

if TYPE_CHECKING:
    from geo.text.dates import DateMention, default_window, find_dates
    from geo.text.fold import fold, normalize
    from geo.text.html import html_to_text
    from geo.text.numbers import Casualties, Quantity, find_casualties, find_quantities
    from geo.text.sentences import sentence_spans

__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals(), __all__)
