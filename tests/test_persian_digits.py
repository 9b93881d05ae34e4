"""A Persian brief's PDF writes the numbers it prints itself in Persian digits (CLDR: fa uses
arabext): page numbers, list numbers, note numbers and citations. The DOCX keeps Latin digits in
its fields and numbering (Word has no field switch or list format for Persian digits; it shapes
digits by its own numeral setting)."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader

import briefbuilder
from briefbuilder.audience.look import Look
from briefbuilder.audience.templates import TemplateSet
from briefbuilder.layout.document import CITATION_SEPARATOR, NoteRef
from briefbuilder.layout.engine import lay_out
from briefbuilder.writers.pdf_markup import inline_markup
from briefbuilder.writers.pdf_numbers import numbered
from helpers import BRIEF
from test_list_numbers import _chunks, numbered_items

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    brief = briefbuilder.load_brief(BRIEF)
    out = {}
    for language in ("en", "fa"):
        (pdf,) = briefbuilder.render(
            dataclasses.replace(brief, language=language), audience=["analyst"], formats=["pdf"]
        )
        out[language] = pdf.data
    return out


def test_layout_hands_the_writers_the_languages_digits() -> None:
    brief = briefbuilder.load_brief(BRIEF)
    analyst = TemplateSet.default().resolve("analyst")
    assert lay_out(dataclasses.replace(brief, language="fa"), analyst).meta.digits == PERSIAN
    assert lay_out(brief, analyst).meta.digits == "0123456789"


def test_citations_and_hanging_numbers_are_written_in_the_digits() -> None:
    markup = inline_markup((NoteRef(3, through=5), NoteRef(19)), Look(), {3, 19}, PERSIAN)
    assert "۳–۵" in markup and f"{CITATION_SEPARATOR}</font>" in markup and "۱۹" in markup
    assert not re.search(r">[0-9]", markup)
    from reportlab.lib.styles import ParagraphStyle

    para = numbered("text", ParagraphStyle("item", leftIndent=18, bulletFontSize=10), "10.", digits=PERSIAN)
    assert [f.text for f in para.bulletText] == ["۱۰."]


def _footer_number(pdf: bytes, page: int, rtl: bool = False) -> str:
    """The running footer's page number ("Page 3 of 8"): the rightmost text at the foot, or the
    leftmost in a right-to-left document (its page furniture is mirrored), its pieces joined."""
    chunks = _chunks(PdfReader(io.BytesIO(pdf)).pages[page])
    foot = min(y for _, y, text in chunks if "UNCLASSIFIED" not in text)
    line = [c for c in chunks if abs(c[1] - foot) < 1]
    x = (min if rtl else max)(c[0] for c in line)
    return "".join(text for cx, _y, text in line if abs(cx - x) < 1)


def _latin_numbers(pdf: bytes) -> list[str]:
    """Every number ``pdf`` draws on its own ("3", "10.") in Latin digits."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [t for page in pages for _, _, t in _chunks(page) if re.fullmatch(r"[0-9]+\.?", t)]


def test_the_persian_pdf_prints_no_latin_page_list_or_note_numbers(pdfs: dict[str, bytes]) -> None:
    assert _footer_number(pdfs["en"], 2) == "Page 3 of 8"  # the English build, for comparison
    persian = _footer_number(pdfs["fa"], 2, rtl=True)
    assert not re.search(r"[0-9]", persian), persian
    assert numbered_items(pdfs["en"])  # "10." ... in Latin digits
    assert not numbered_items(pdfs["fa"])  # none in Latin digits: the list numbers are Persian
    # no number drawn on its own in Latin digits: contents page numbers, citations, list and
    # note numbers (the English PDF draws dozens: its contents column alone has one per entry)
    assert len(_latin_numbers(pdfs["en"])) > 20 and _latin_numbers(pdfs["fa"]) == []
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdfs["fa"])).pages)
    if "۱" in text:  # the fonts have Persian digits (the built-in chain's Arabic-script face)
        # pypdf reads a shaped run's glyphs, not its /ActualText: Noto Sans Arabic draws ۳ and ٣
        # with one glyph
        assert "۱۰." in text and ("۳" in persian or "٣" in persian)
