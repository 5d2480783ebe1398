"""Sentences whose separating space the copy lost (issue 10). Sentences written for the test."""

import re

from geo.text.gate import finditer_at
from geo.text.sentences import _BOUNDARY, _BOUNDARY_HEAD, sentence_spans


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_a_lost_space_after_a_lower_case_word_ends_the_sentence() -> None:
    text = "The city had a population of about 2 million.Prime Minister Abadi announced the assault."
    assert sentences(text) == ["The city had a population of about 2 million.",
                               "Prime Minister Abadi announced the assault."]


def test_a_site_name_with_a_dot_is_not_split() -> None:
    assert sentences("The statement was posted on Rudaw.Net on Monday.") == ["The statement was posted on Rudaw.Net on Monday."]
    assert sentences("See www.example.Com for details.") == ["See www.example.Com for details."]


def test_boundaries_at_every_kind_of_sentence_end() -> None:
    # each alternative of the boundary pattern: punctuation before a space, a blank line, a
    # line break, and a full stop glued to the next capitalised word
    text = ("Shelling hit the market on Monday! Did the army withdraw?\n\nResidents fled east.\n"
            "Two were killed near the bridge.Officials said the road was closed.")
    assert sentences(text) == ["Shelling hit the market on Monday!", "Did the army withdraw?",
                               "Residents fled east.", "Two were killed near the bridge.",
                               "Officials said the road was closed."]


def test_the_boundaries_tried_at_their_first_characters_are_those_of_a_full_search() -> None:
    # the splitter tries its boundary expression only where a plain scan finds ".", "!", "?" or
    # a newline: the same boundaries as the expression searched at every character
    text = ("U.S. Army Col. Steve Warren spoke on Feb. 22.\"We are advancing,\" he said!Is it over?\n"
            "Kobani - clashes, Kurdish fighters\n\nThe toll rose to 34.In Northern Baghdad, a bomb "
            "went off... Residents fled east.)\nEnd")
    plain = [m.span() for m in re.compile(_BOUNDARY.pattern).finditer(text)]
    scanned = [m.span() for m in finditer_at(_BOUNDARY, text, (h.start() for h in _BOUNDARY_HEAD.finditer(text)))]
    assert scanned == plain and len(plain) > 5
