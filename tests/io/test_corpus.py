"""Reading a corpus: encodings, HTML, Markdown, bad files and manifests."""

from __future__ import annotations

import io
from datetime import date

import pytest

from geo.errors import CorpusError, ManifestError
from geo.io.corpus import (
    SkippedFile,
    corpus_files,
    infer_published,
    load_manifest,
    read_article,
    read_corpus,
    read_jsonl,
)

DISPATCH = (
    "Kurdish fighters said on Tuesday they had driven the militants out of Tal Abyad, "
    "a border town north of Raqqa, after a two-week offensive backed by airstrikes."
)


def test_cp1252_article_is_decoded_not_mangled(tmp_path):
    text = "“Raqqa is next,” said the commander in Qamishli — café owners fled Deir ez-Zor.\n" * 3
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    article = read_article(path)
    assert "“Raqqa is next,”" in article.text
    assert "café" in article.text and "—" in article.text


def test_utf16_and_utf8_bom_articles(tmp_path):
    (tmp_path / "a.txt").write_bytes(DISPATCH.encode("utf-16"))
    (tmp_path / "b.txt").write_bytes(DISPATCH.encode("utf-8-sig"))
    assert read_article(tmp_path / "a.txt").text == DISPATCH
    assert read_article(tmp_path / "b.txt").text == DISPATCH


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty file"), (b"   \n\n", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary")],
)
def test_unreadable_files_name_the_problem(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError, match=problem) as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_too_large_file_is_refused_with_its_size(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text(DISPATCH * 100, encoding="utf-8")
    with pytest.raises(CorpusError, match="over the"):
        read_article(path, max_bytes=1000)


def test_html_main_text_without_scripts_or_navigation(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Kurds take Tal Abyad</title>"
        "<script>var tracking = 'Mosul';</script><style>p{color:red}</style></head>"
        "<body><nav>World | Middle East | Palmyra travel</nav>"
        f"<article><h1>Kurds take Tal Abyad</h1><p>{DISPATCH}</p><p>Residents &amp; aid groups returned.</p>"
        "</article><footer>Subscribe</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    text = read_article(path).text
    assert text.startswith("Kurds take Tal Abyad")
    assert DISPATCH in text and "Residents & aid groups returned." in text
    assert "tracking" not in text and "Palmyra travel" not in text and "Subscribe" not in text


def test_markdown_markup_is_dropped(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Sinjar\n\nPeshmerga **retook** [Sinjar](https://example.org/sinjar) on Friday.\n", encoding="utf-8")
    assert read_article(path).text == "Sinjar\n\nPeshmerga retook Sinjar on Friday.\n"


def _corpus(tmp_path):
    (tmp_path / "a.txt").write_text(DISPATCH, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    return tmp_path


def test_folder_documentation_is_not_read_as_articles(tmp_path):
    corpus = _corpus(tmp_path)
    (corpus / "README.md").write_text("# Dispatches from Raqqa, 2015\n", encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "c.md").write_text(DISPATCH, encoding="utf-8")
    assert [p.name for p in corpus_files([corpus])] == ["a.txt", "b.txt", "c.md"]


def test_corpus_skips_unreadable_files_and_keeps_the_rest(tmp_path):
    items = list(read_corpus([_corpus(tmp_path)]))
    assert [type(i) for i in items] == [type(read_article(tmp_path / "a.txt")), SkippedFile]
    assert items[1].problem == "empty file" and items[1].path.endswith("b.txt")


def test_manifest_dates_and_columns_are_carried(tmp_path):
    corpus = _corpus(tmp_path)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,published,outlet\na.txt,2015-06-16,Reuters\nb.txt,2015-06-17,AP\n", encoding="utf-8")
    article = next(read_corpus([corpus], manifest))
    assert article.published == date(2015, 6, 16)
    assert article.published_estimated is False
    assert article.meta == {"outlet": "Reuters"}


def test_manifest_for_another_corpus_is_refused(tmp_path):
    corpus = _corpus(tmp_path)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,published\nother1.txt,2015-06-16\nother2.txt,2015-06-17\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="names none of the"):
        list(read_corpus([corpus], manifest))


@pytest.mark.parametrize(
    ("csv_text", "problem"),
    [
        ("file,date\na.txt,2015-06-16\n", "missing column"),
        ("file,published\na.txt,16/06/2015\n", "line 2: published '16/06/2015' is not an ISO date"),
        ("file,published\na.txt,2015-06-16\na.txt,2015-06-17\n", "listed twice"),
    ],
)
def test_bad_manifests_name_file_and_line(tmp_path, csv_text, problem):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(csv_text, encoding="utf-8")
    with pytest.raises(ManifestError, match=problem) as info:
        load_manifest(manifest)
    assert str(manifest) in str(info.value)


def test_seed_manifest_matches_seed_corpus(seeds_dir):
    articles = list(read_corpus([seeds_dir], seeds_dir / "manifest.csv"))
    assert len(articles) == 5 and all(a.published for a in articles)
    assert {a.meta["outlet"] for a in articles} >= {"Associated Press"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted March 20, 2016. Fighting on Feb. 22 killed 83.", date(2016, 3, 20)),
        ("Updated 2016-04-04 10:00. Syrian forces retook Palmyra.", date(2016, 4, 4)),
        ("between August 2014 and January 2016, ISIS lost ground", date(2016, 1, 31)),
        ("Since 2014 the coalition has struck in Iraq.", date(2014, 12, 31)),
        ("No date at all here.", None),
        # month names in any case and glued to what precedes them: found where the month starts
        ("AMMAN, SEPT. 3, 2015 (Reuters) - Jets struck Raqqa; the offensive of mid-DECEMBER 2015 stalled.",
         date(2015, 12, 31)),
        ("Filed 5 Oct 2014, updated from the front of November, 2014", date(2014, 11, 30)),
        # a case-blind search matches letters that fold to ASCII ones (an OCR'd long s, a Turkish
        # dotted capital I): read as the month they spell, not a KeyError that loses the article
        ("Printed 3 \u017feptember 2015 from the archive of the siege", date(2015, 9, 3)),
        # the month and year of a full date are that date, not the month's last day
        ("3 min read\n21 March, 2016\nOn Sunday the army retook the town.", date(2016, 3, 21)),
        ("Filed 5 Oct 2014 with the casualty lists of October, 2014", date(2014, 10, 31)),
        ("A misprinted 35 October 2015 still dates the text to that month", date(2015, 10, 31)),
        ("AL\u0130 TOLD US IN APR\u0130L 2016 THAT THE ROAD WAS CUT", date(2016, 4, 30)),
    ],
)
def test_publication_date_inferred_from_text(text, expected):
    assert infer_published(text) == expected


def test_jsonl_input_and_its_errors():
    stream = io.StringIO('{"id": "x1", "text": "Raqqa on 2016-05-01."}\n\n{"id": "x2", "text": "Mosul"}\n')
    articles = list(read_jsonl(stream))
    assert [a.id for a in articles] == ["x1", "x2"]
    assert articles[0].published == date(2016, 5, 1) and articles[0].published_estimated
    undated = next(read_jsonl(io.StringIO('{"id": "x3", "text": "Raqqa on 2016-05-01."}\n'), infer_date=False))
    assert undated.published is None
    with pytest.raises(CorpusError, match="line 1"):
        list(read_jsonl(io.StringIO('{"id": "x1"}\n')))


def test_month_gate_finds_what_the_plain_search_finds():
    from geo.io.corpus import _FULL_DATES, _MONTH_START, _MONTH_YEAR, _month_led

    text = ("Omar 2015 said the summary of Sept. 3, 2014 was sent on 4th Dec 2016; the declared "
            "truce of MARCH 2017 and the separate deal of Ḑayr az Zawr in may 2013 held until "
            "ſeptember 9 2015, and the primary 2012 vote, JUNE 30th, 2014 and 2016-02-20 too.\n") * 3
    for pattern in (*_FULL_DATES, _MONTH_YEAR):
        assert [m.span() for m in _month_led(pattern, text)] == [m.span() for m in pattern.finditer(text)]
    # the month names' scan shared by the expressions: the same matches
    starts = [m.start() for m in _MONTH_START.finditer(text)]
    for pattern in (*_FULL_DATES, _MONTH_YEAR):
        assert [m.span() for m in _month_led(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]
    assert infer_published(text.replace("ſeptember", "September")) == date(2017, 3, 31)
