"""Text: spelling folding, sentences, dates, numbers and HTML main text; no geography."""

from __future__ import annotations

from geo.text.fold import fold, normalize
from geo.text.sentences import sentence_spans
from geo.text.dates import DateMention, default_window, find_dates
from geo.text.numbers import Casualties, Quantity, find_casualties, find_quantities
from geo.text.html import html_to_text

__all__ = ["Casualties", "DateMention", "Quantity", "default_window", "find_casualties", "find_dates", "find_quantities", "fold", "html_to_text", "normalize", "sentence_spans"]
