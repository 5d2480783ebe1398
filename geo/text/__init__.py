"""Text: spelling folding, sentences, dates, numbers and HTML main text; no geography."""

from __future__ import annotations

from geo.text.dates import DateMention, default_window, find_dates
from geo.text.fold import fold, normalize
from geo.text.html import html_to_text
from geo.text.numbers import Casualties, Quantity, find_casualties, find_quantities
from geo.text.sentences import sentence_spans

__all__ = ["Casualties", "DateMention", "Quantity", "default_window", "find_casualties", "find_dates", "find_quantities", "fold", "html_to_text", "normalize", "sentence_spans"]
