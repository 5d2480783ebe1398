"""Sentence spans on news copy."""

from geo._text import sentence_at, sentence_spans


def sentences(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_abbreviations_do_not_split_sentences():
    text = (
        "U.S. Army Col. Steve Warren said the strikes continue. On Feb. 22, a triple suicide "
        "bombing killed at least 83 people. Lt. Gen. Sean MacFarland spoke in Baghdad."
    )
    assert sentences(text) == [
        "U.S. Army Col. Steve Warren said the strikes continue.",
        "On Feb. 22, a triple suicide bombing killed at least 83 people.",
        "Lt. Gen. Sean MacFarland spoke in Baghdad.",
    ]


def test_quotes_and_line_breaks():
    text = "“We will retake Mosul,” he said. “Soon.”\nThe offensive began in October.\n\nNext paragraph"
    assert sentences(text) == ["“We will retake Mosul,” he said.", "“Soon.”", "The offensive began in October.", "Next paragraph"]


def test_initialism_ends_a_sentence_before_a_new_one():
    text = "The strikes were led by the U.S. The group lost Tal Abyad."
    assert sentences(text) == ["The strikes were led by the U.S.", "The group lost Tal Abyad."]


def test_sentence_at_finds_the_containing_span():
    text = "Kobani fell. Raqqa held. Mosul waited."
    spans = sentence_spans(text)
    assert text[slice(*sentence_at(spans, text.index("Raqqa")))] == "Raqqa held."
