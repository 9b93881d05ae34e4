"""Typography of the page, in both formats: a type scale of at most seven sizes, markings 8 mm
from the page's edge and clear of the footer, list numbers that hang, and a figure whose words
are the scale's too."""

from __future__ import annotations

import io
import zipfile
from collections import Counter

import pikepdf
import pytest
from lxml import etree
from pypdf import PdfReader

import briefbuilder
from briefbuilder.layout.document import Look
from briefbuilder.layout.metrics import MARKING_EDGE_MM, Scale, metrics
from briefbuilder.layout.page import MM, margins, page_size
from helpers import BRIEF

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AUDIENCES = ("analyst", "press", "executive")


@pytest.fixture(scope="module")
def shipped() -> dict[str, dict[str, bytes]]:
    files = briefbuilder.render(BRIEF, audience=list(AUDIENCES))
    out: dict[str, dict[str, bytes]] = {}
    for f in files:
        out.setdefault(f.audience, {})[f.name.rsplit(".", 1)[1]] = f.data
    return out


def pdf_font_sizes(data: bytes) -> Counter[float]:
    """Every font size a PDF sets (``Tf``), in its pages and their form XObjects."""
    sizes: Counter[float] = Counter()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            streams = [page, *(x for x in (page.Resources.get("/XObject") or {}).values())]
            for stream in streams:
                if stream is not page and stream.get("/Subtype") != "/Form":
                    continue
                for operands, op in pikepdf.parse_content_stream(stream):
                    if str(op) == "Tf":
                        sizes[round(float(operands[1]), 2)] += 1
    return sizes


def docx_font_sizes(data: bytes) -> set[float]:
    """Every font size the DOCX's styles and runs set (``w:sz``, half points)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
        return {
            int(el.get(f"{W}val")) / 2
            for name in parts
            for el in etree.fromstring(z.read(name)).iter(f"{W}sz")
            if name != "word/styles.xml" or el.getparent().getparent().tag != f"{W}docDefaults"
        }


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_document_uses_at_most_seven_type_sizes(shipped, audience: str) -> None:
    look = Look(body_size=9.5) if audience == "executive" else Look()
    m = metrics(look)
    # a footnote's own number: the superscript form of the notes' size, as LibreOffice sets it
    superscript = round(m.styles[m.footnotes.role].size * m.footnotes.mark_scale, 2)
    pdf_sizes = set(pdf_font_sizes(shipped[audience]["pdf"])) - {superscript}
    assert len(pdf_sizes) <= 7, sorted(pdf_sizes)
    scale = set(Scale.for_body(look.body_size).sizes())
    assert pdf_sizes <= scale, sorted(pdf_sizes - scale)
    docx_sizes = docx_font_sizes(shipped[audience]["docx"])
    assert docx_sizes <= scale | {1.0}, sorted(docx_sizes - scale)  # 1 pt: the rules' empty lines


@pytest.mark.parametrize("margin", [10.0, 16.0, 22.0])
def test_the_marking_stays_8_mm_from_the_edge_and_clear_of_header_and_footer(margin: float) -> None:
    look = Look(margins_mm=(margin, 20, margin, 20))
    chrome = metrics(look).chrome
    cap, descent = chrome.marking_size * 0.72, chrome.marking_size * 0.22
    edge = MARKING_EDGE_MM * MM
    assert chrome.marking_top - cap >= edge - 0.01  # capitals' top, from the top edge
    assert chrome.marking_bottom - descent >= edge - 0.01  # descenders' foot, from the bottom edge
    # the header's capitals below the marking's descenders; the footer's descenders above its capitals
    assert chrome.header_baseline - chrome.size * 0.75 > chrome.marking_top + descent
    assert chrome.footer_baseline - chrome.size * 0.22 > chrome.marking_bottom + cap
    top, _right, bottom, _left = margins(look)
    assert chrome.header_rule < top and chrome.footer_rule < bottom  # rules above the text block


def test_the_executive_marking_is_drawn_where_the_chrome_says(shipped) -> None:
    reader = PdfReader(io.BytesIO(shipped["executive"]["pdf"]))
    height = page_size(Look())[1]
    ys: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if "UNCLASSIFIED" in text:
            ys.append(tm[5])

    reader.pages[0].extract_text(visitor_text=visit)
    assert len(ys) == 2
    top_baseline, bottom_baseline = max(ys), min(ys)
    assert height - top_baseline >= MARKING_EDGE_MM * MM + 4  # the capitals' top 8 mm down
    assert bottom_baseline >= MARKING_EDGE_MM * MM


def test_docx_list_numbers_hang_with_room_for_two_digits(shipped) -> None:
    with zipfile.ZipFile(io.BytesIO(shipped["analyst"]["docx"])) as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    (decimal,) = [
        a for a in numbering.iter(f"{W}abstractNum") if a.find(f".//{W}numFmt").get(f"{W}val") == "decimal"
    ]
    ind = decimal.find(f".//{W}ind")
    left, hanging = int(ind.get(f"{W}left")) / 20, int(ind.get(f"{W}hanging")) / 20
    tab = int(decimal.find(f".//{W}tab").get(f"{W}pos")) / 20
    assert tab == left  # the text starts at the tab: a hanging indent
    # numbers end, right-aligned, ``hanging`` before the text (tests/test_list_numbers.py);
    # "10." in the body face is about 1.3 em: it must fit in the gutter before that
    assert decimal.find(f".//{W}lvlJc").get(f"{W}val") == "right"
    assert left - hanging >= 1.35 * Look().body_size


def test_short_margins_are_widened_for_the_header_footer_and_marking() -> None:
    narrow = Look(margins_mm=(10, 20, 10, 20))
    top, _right, bottom, _left = margins(narrow)
    assert top > 17 * MM and bottom > 17 * MM
    assert margins(Look())[0] == 22 * MM  # wide enough already: as the template says
