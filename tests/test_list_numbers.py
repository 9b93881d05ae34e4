"""Numbered lists hang: every item's text starts at the same indent, its number right-aligned
in the gutter before it, "10." as much as "9.", in the PDF and in the DOCX (its numbering
definition, and as LibreOffice lays it out)."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PageObject, PdfReader

import briefbuilder
from briefbuilder.audience.look import Look
from briefbuilder.layout.document import Note, Notes, Text
from briefbuilder.layout.metrics import NUMBER_GAP, metrics
from briefbuilder.output.render_check import convert, soffice
from briefbuilder.writers.pdf import write_pdf
from conftest import make_sample_document
from helpers import BRIEF

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def analyst() -> dict[str, bytes]:
    files = briefbuilder.render(BRIEF, audience=["analyst"])
    return {f.name.rsplit(".", 1)[1]: f.data for f in files}


def numbered_items(pdf: bytes) -> list[list[tuple[int, float, float]]]:
    """Each numbered list of ``pdf`` (a number "N." in Latin digits drawn alone, then text on its
    baseline), as (N, x of the number, x of the text), a list starting again at 1."""
    lists: list[list[tuple[int, float, float]]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        chunks = _chunks(page)
        for x, y, text in chunks:
            if not (number := re.fullmatch(r"([0-9]+)\.", text)):  # Latin digits (\d: Persian too)
                continue
            after = [cx for cx, cy, _ in chunks if abs(cy - y) < 1 and cx > x + 1]
            if not after:
                continue
            n = int(number.group(1))
            if n == 1 or not lists or lists[-1][-1][0] != n - 1:
                lists.append([])
            lists[-1].append((n, x, min(after)))
    return [items for items in lists if len(items) >= 10]


def _chunks(page: PageObject) -> list[tuple[float, float, str]]:
    """Each piece of text the page draws: (x, y) of its start on the page, and its text."""
    chunks: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            chunks.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return chunks


def assert_hanging(lists: list[list[tuple[int, float, float]]]) -> None:
    assert lists, "a list of ten or more numbered items"
    for items in lists:
        texts = [text for _, _, text in items]
        assert max(texts) - min(texts) <= 0.5, texts  # every item's text starts alike
        numbers = {n: x for n, x, _ in items}
        # right-aligned: "10." starts about a digit further left than "9." (~5.6 pt)
        assert 4 < numbers[9] - numbers[10] < 7, numbers
        assert abs(numbers[10] - numbers[12]) <= 0.5 and abs(numbers[1] - numbers[9]) <= 0.5


def test_pdf_list_texts_start_alike_with_numbers_right_aligned(analyst: dict[str, bytes]) -> None:
    lists = numbered_items(analyst["pdf"])
    assert_hanging(lists)
    item = metrics(Look()).styles["item"]
    ((_, nine, text), *_) = [i for i in lists[0] if i[0] == 9]
    assert nine < text - NUMBER_GAP * item.size  # the number ends the gap before the text


def test_docx_numbers_are_right_aligned_at_the_gap_before_the_text(analyst: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(analyst["docx"])) as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    (decimal,) = [
        a for a in numbering.iter(f"{W}abstractNum") if a.find(f".//{W}numFmt").get(f"{W}val") == "decimal"
    ]
    assert decimal.find(f".//{W}lvlJc").get(f"{W}val") == "right"
    ind = decimal.find(f".//{W}ind")
    left, hanging = int(ind.get(f"{W}left")), int(ind.get(f"{W}hanging"))
    item = metrics(Look()).styles["item"]
    assert left == round(item.left * 20) and hanging == round(NUMBER_GAP * item.size * 20)
    assert int(decimal.find(f".//{W}tab").get(f"{W}pos")) == left  # the text starts at the tab
    # "10." in the body face is about 1.35 em: it fits in the gutter, before the gap
    assert (left - hanging) / 20 >= 1.35 * item.size
    (style,) = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "ListNumber"]
    assert style.find(f".//{W}ind").get(f"{W}hanging") == str(hanging)  # the style agrees


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_hangs_the_docx_numbers_like_the_pdf(analyst: dict[str, bytes], tmp_path: Path) -> None:
    docx = tmp_path / "analyst.docx"
    docx.write_bytes(analyst["docx"])
    convert([docx], tmp_path)
    rendered = numbered_items((tmp_path / "analyst.pdf").read_bytes())
    assert_hanging(rendered)
    pdf = numbered_items(analyst["pdf"])
    assert abs(rendered[0][0][2] - pdf[0][0][2]) <= 0.5  # the text indent is the PDF's
    assert abs(rendered[0][9][1] - pdf[0][9][1]) <= 0.5  # and so is where "10." starts


def test_pdf_notes_ten_and_up_start_their_text_where_note_nine_does() -> None:
    """The Sources list: numbers left-aligned at the hanging indent, as the DOCX's "10.<tab>"
    sets them; reportlab used to push a note's text right once its number was "10."."""
    notes = tuple(Note(n, (Text(f"Outlet number {n}, a source."),)) for n in range(1, 13))
    doc = dataclasses.replace(make_sample_document(), blocks=(Notes(notes),))
    (items,) = numbered_items(write_pdf(doc))
    texts, numbers = [text for _, _, text in items], [x for _, x, _ in items]
    assert max(texts) - min(texts) <= 0.5, texts
    assert max(numbers) - min(numbers) <= 0.5, numbers
