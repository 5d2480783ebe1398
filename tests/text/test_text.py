"""Sentence spans on news copy."""

from geo.text.sentences import sentence_at, sentence_spans


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


def test_hard_wrapped_wire_copy_keeps_sentences_whole():
    wrapped = (
        "ISIS militants seized the town of Hit in western Anbar province on Monday\n"
        "after a three-day assault, security officials said, while Iraqi troops\n"
        "and Sunni tribal fighters withdrew toward the Ain al-Asad air base to the\n"
        "west. The fall of Hit leaves Haditha as one of the last towns on the\n"
        "Euphrates between Ramadi and the Syrian border still in government hands.\n"
        "Residents said the militants had blown up the police station in the town\n"
        "centre and set up checkpoints on the main road leading north.\n"
    )
    assert sentences(wrapped) == [
        ("ISIS militants seized the town of Hit in western Anbar province on Monday\n"
         "after a three-day assault, security officials said, while Iraqi troops\n"
         "and Sunni tribal fighters withdrew toward the Ain al-Asad air base to the\nwest."),
        ("The fall of Hit leaves Haditha as one of the last towns on the\n"
         "Euphrates between Ramadi and the Syrian border still in government hands."),
        ("Residents said the militants had blown up the police station in the town\n"
         "centre and set up checkpoints on the main road leading north."),
    ]


def test_headline_and_dateline_lines_still_end_in_wrapped_text():
    text = (
        "Kurds retake Kobani\n"
        "Kurdish fighters drove the last Islamic State militants out of the Syrian\n"
        "border town of Kobani on Monday after more than four months of fighting,\n"
        "a monitoring group said, in a setback for the jihadists who had hoped to\n"
        "take the town and consolidate their hold on a long stretch of the border.\n"
        "The group said fighters were clearing the eastern districts of the town.\n"
    )
    assert sentences(text)[0] == "Kurds retake Kobani"
    assert sentences(text)[1].endswith("stretch of the border.")


def test_two_sentences_that_lost_the_space_between_them() -> None:
    from geo.text.sentences import sentence_spans
    t = "The town had a population of about 300,000 people.Government troops entered it on Friday."
    assert [t[s:e] for s, e in sentence_spans(t)] == [
        "The town had a population of about 300,000 people.", "Government troops entered it on Friday."]
    t = "Readers of Rudaw.Net and Yahoo.News saw the report."
    assert len(sentence_spans(t)) == 1
