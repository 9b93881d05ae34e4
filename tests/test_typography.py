"""Typography, decided once in layout for both formats: quotation marks and apostrophes per
language, dashes, no-break spaces, balanced headings, sorted and ranged citations, and links
whose addresses are ASCII URIs."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest

import briefbuilder
from briefbuilder.audience.templates import TemplateSet
from briefbuilder.language.locale import language_info
from briefbuilder.language.typography import Typesetter, balance, iri_to_uri
from briefbuilder.layout.document import Heading, NoteRef, dump, plain_text
from briefbuilder.layout.engine import lay_out, ranged
from helpers import BRIEF, docx_text, pdf_text

SPANISH = Path(__file__).parent / "fixtures" / "briefs" / "valle-seco-agua.yaml"
NBSP = "\u00a0"


def _ts(language: str) -> Typesetter:
    return Typesetter(language, language_info(language).month_names())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "He said “it’s ‘fine’” today"),
        ("de", "He said „it’s ‚fine‘“ today"),
        ("fr", f"He said «{NBSP}it’s «fine»{NBSP}» today"),
        ("ru", "He said «it’s „fine“» today"),
        ("es", "He said “it’s ‘fine’” today"),
    ],
)
def test_straight_quotes_become_the_languages_marks(language: str, expected: str) -> None:
    assert _ts(language).text("He said \"it's 'fine'\" today") == expected


def test_typographic_quotes_already_there_are_kept_or_converted_by_position() -> None:
    assert _ts("en").text("a “quote” here") == "a “quote” here"
    assert _ts("de").text("ein „Zitat“ hier") == "ein „Zitat“ hier"  # “ closes in German
    assert _ts("de").text("a “quote” here") == "a „quote“ here"


def test_single_marks_typed_either_way_come_out_right() -> None:
    assert _ts("de").text("ein ‚Wort‘ und „ein ‚Zitat‘ darin“") == "ein ‚Wort‘ und „ein ‚Zitat‘ darin“"
    assert _ts("en").text("the ‘word’ and the students’ books, it’s the ’90s") == (
        "the ‘word’ and the students’ books, it’s the ’90s"
    )
    assert _ts("en").text("'90s rock and 'quoted' words") == "’90s rock and ‘quoted’ words"


def test_a_quote_may_open_in_one_run_and_close_in_another() -> None:
    ts = _ts("de").paragraph()
    assert [ts.run('He said: "'), ts.run("emphasised"), ts.run('".')] == ["He said: „", "emphasised", "“."]


def test_dashes_ranges_and_no_break_spaces() -> None:
    en = _ts("en")
    assert en.text("Minsk - not Moscow - decides") == f"Minsk{NBSP}– not Moscow{NBSP}– decides"
    assert _ts("en-US").text("Minsk - not Moscow") == "Minsk—not Moscow"
    assert _ts("ru").text("Минск - не Москва") == f"Минск{NBSP}— не Москва"
    assert en.text("the 2014-2015 agreements, pages 3-5") == "the 2014–2015 agreements, pages 3–5"
    assert en.text("on 2025-09-11, call 202-555-0100") == "on 2025-09-11, call 202-555-0100"
    assert en.text("on 11 September and September 11") == f"on 11{NBSP}September and September{NBSP}11"
    assert _ts("es").text("el 13 de julio") == f"el 13{NBSP}de{NBSP}julio"
    assert (
        en.text("12 km, 40 %, € 300 and J. R. Smith")
        == f"12{NBSP}km, 40{NBSP}%, €{NBSP}300 and J.{NBSP}R.{NBSP}Smith"
    )


def test_addresses_are_left_as_they_are() -> None:
    text = 'see https://example.org/a"b - or www.example.org/x-1-2'
    assert _ts("en").text(text) == f'see https://example.org/a"b{NBSP}– or www.example.org/x-1-2'


def test_short_last_words_of_titles_are_kept_together() -> None:
    assert balance("Why the US decided to normalize relations with Belarus") == (
        f"Why the US decided to normalize relations with{NBSP}Belarus"
    )
    assert balance("Sources") == "Sources"
    assert balance("Key judgments") == "Key judgments"  # two words: nothing to balance


def test_iris_become_ascii_uris() -> None:
    assert iri_to_uri("https://example.org/boletín/turnos") == "https://example.org/bolet%C3%ADn/turnos"
    assert iri_to_uri("https://пример.рф/путь?q=ä") == (
        "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C?q=%C3%A4"
    )
    assert iri_to_uri("https://example.org/a%20b?x=1#top") == "https://example.org/a%20b?x=1#top"


def test_citation_groups_are_sorted_and_ranged() -> None:
    refs = ranged([NoteRef(n) for n in (3, 4, 5, 9)])
    assert [r.label for r in refs] == ["3–5", "9"]
    assert [r.label for r in ranged([NoteRef(2), NoteRef(3)])] == ["2", "3"]
    mixed = ranged([NoteRef(2), NoteRef(3, footnote=True), NoteRef(4), NoteRef(5)])
    assert [(r.label, r.footnote) for r in mixed] == [("2", False), ("3", True), ("4", False), ("5", False)]


@pytest.mark.parametrize("audience", ["analyst", "press"])
def test_every_citation_group_of_the_shipped_brief_is_sorted(audience: str) -> None:
    document = lay_out(briefbuilder.load_brief(BRIEF), TemplateSet.default().resolve(audience))
    groups = re.findall(r"((?:\[\^?[\d–]+\])+)", dump(document))
    assert groups
    for group in groups:
        numbers = [int(n.split("–")[0]) for n in re.findall(r"\[\^?([\d–]+)\]", group)]
        assert numbers == sorted(numbers), group
    if audience == "analyst":
        assert any("–" in g for g in groups)  # the caveats cite runs of three: [1–3], [2–4]


@pytest.fixture(scope="module")
def shipped_pdfs() -> dict[str, bytes]:
    files = briefbuilder.render(BRIEF, audience=["analyst", "press", "executive"], formats=["pdf"])
    return {f.audience: f.data for f in files}


def test_the_shipped_english_pdfs_hold_no_straight_double_quote_outside_urls(
    shipped_pdfs: dict[str, bytes],
) -> None:
    for audience, data in shipped_pdfs.items():
        text = re.sub(r"(?:https?://|www\.)\S+", "", pdf_text(data))
        assert '"' not in text, (audience, text[max(0, text.find('"') - 60) : text.find('"') + 60])
        assert "“" in text or audience == "executive"


def test_headings_keep_their_last_two_words_together() -> None:
    document = lay_out(briefbuilder.load_brief(BRIEF), TemplateSet.default().resolve("analyst"))
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert f"Bottom line up{NBSP}front" in headings
    assert all(NBSP in h for h in headings if len(h.split()) >= 3)


@pytest.fixture(scope="module")
def spanish() -> dict[str, bytes]:
    files = briefbuilder.render(SPANISH, audience=["press"])
    return {f.name.rsplit(".", 1)[1]: f.data for f in files}


def test_a_spanish_brief_of_another_subject_builds_in_spanish(spanish: dict[str, bytes]) -> None:
    for text in (pdf_text(spanish["pdf"]), docx_text(spanish["docx"])):
        text = text.replace(NBSP, " ")
        assert "14 de julio de 2026" in text
        assert "Datos clave" in text and "Fuentes" in text
        assert "turnos de 3–5 días" in text and "18 % — el nivel" in text
        assert "“durará hasta las lluvias de otoño”" in text
        assert '"' not in re.sub(r"https?://\S+", "", text)
    assert "Página 1 de" in pdf_text(spanish["pdf"]).replace(NBSP, " ")


def test_a_non_ascii_url_is_an_ascii_percent_encoded_link(spanish: dict[str, bytes]) -> None:
    with pikepdf.open(io.BytesIO(spanish["pdf"])) as pdf:
        uris = [
            bytes(a.A.URI).decode("ascii")
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if "/A" in a and a.A.get("/S") == "/URI"
        ]
    assert "https://example.org/bolet%C3%ADn/turnos-de-riego" in uris
    assert "https://example.org/sierra/asamblea-%C3%B1" in uris
    with zipfile.ZipFile(io.BytesIO(spanish["docx"])) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "bolet%C3%ADn" in rels and "boletín" not in rels


def test_the_document_dump_shows_ranges() -> None:
    assert plain_text((NoteRef(3, through=5), NoteRef(9))) == "[3–5][9]"
