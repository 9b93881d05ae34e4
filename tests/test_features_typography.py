"""Typography read back from the files: headings keep with their text, tables repeat their header,
quotes stay with their attribution, paper sizes, and reproducible bytes."""

from __future__ import annotations

import dataclasses
import io
import re

import docx
import pytest
from docx.shared import Inches, Mm
from pypdf import PdfReader

from briefbuilder.layout.document import BlockQuote, Heading, Look, Para, Table, Text
from briefbuilder.writers.docx import write_docx
from briefbuilder.writers.pdf import write_pdf
from conftest import AUDIENCES, build_shipped, make_sample_document

CHROME = re.compile(r"^(Page \d+ of \d+|UNCLASSIFIED // FOR TRAINING|.*version 1\.0|11 September 2025)$")


def body_lines(page_text: str) -> list[str]:
    """A page's lines without the running header and footer (drawn last, after the body)."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    while lines and (CHROME.match(lines[-1]) or lines[-1].startswith("Why the US decided")):
        lines.pop()
    return lines


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_page_ends_with_a_heading(shipped, audience: str) -> None:
    reader = PdfReader(io.BytesIO(shipped[f"us-belarus-normalization-{audience}.pdf"]))
    titles = {" ".join(str(e.title).split()) for e in _flat(reader.outline)}
    for number, page in enumerate(reader.pages, 1):
        last = body_lines(page.extract_text())[-1]
        assert last not in titles, f"page {number} ends with the heading {last!r}"


def _flat(entries: list) -> list:
    return [d for e in entries for d in (_flat(e) if isinstance(e, list) else [e])]


def test_long_table_repeats_its_header_row_on_every_page() -> None:
    rows = tuple(((Text(f"{2000 + i}"),), (Text(f"Event number {i}. " * 4),)) for i in range(90))
    doc = dataclasses.replace(
        make_sample_document(),
        blocks=(Heading(1, "Timeline", "t"), Table(("Date", "Event"), rows, (0.2, 0.8))),
    )
    reader = PdfReader(io.BytesIO(write_pdf(doc)))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        lines = body_lines(page.extract_text())
        start = lines.index("Date Event") if "Date Event" in lines else lines.index("Date")
        assert start <= 1, "the header row starts every page the table is on"
    opened = docx.Document(io.BytesIO(write_docx(doc)))
    header = opened.tables[0].rows[0]._tr
    assert header.xpath("w:trPr/w:tblHeader") and not opened.tables[0].rows[1]._tr.xpath("w:trPr/w:tblHeader")


def test_every_quote_ends_on_the_page_of_its_attribution(shipped) -> None:
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.brief.loading import load_brief
    from briefbuilder.layout.document import plain_text
    from briefbuilder.layout.engine import lay_out
    from helpers import BRIEF

    doc = lay_out(load_brief(BRIEF).brief, TemplateSet.default().resolve("analyst"))
    reader = PdfReader(io.BytesIO(shipped["us-belarus-normalization-analyst.pdf"]))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 6  # the long ones: a quote under 25 words runs inline (layout.quotes)
    for quote in quotes:
        end = " ".join(plain_text(quote.inlines).split())[-30:]
        who = "— " + plain_text(quote.attribution[:1])
        together = [t for t in pages if re.search(re.escape(end) + r".{0,12}" + re.escape(who), t)]
        assert together, f"{end!r} is not followed by {who!r} on its page"
    opened = docx.Document(io.BytesIO(shipped["us-belarus-normalization-analyst.docx"]))
    quote_style = opened.styles["Quote"].paragraph_format
    assert quote_style.keep_with_next and quote_style.keep_together


def test_a_quote_and_its_attribution_share_a_page_even_at_a_page_foot() -> None:
    filler = Para((Text("Filler text that fills the page. " * 20),))
    quote = BlockQuote(
        (Text("Words quoted exactly, long enough to take a line. " * 2),), (Text("Jane Expert"),)
    )
    for n in range(6, 12):  # move the quote down the page until it meets the foot
        doc = dataclasses.replace(make_sample_document(), blocks=(*(filler,) * n, quote))
        reader = PdfReader(io.BytesIO(write_pdf(doc)))
        pages = [" ".join(p.extract_text().split()) for p in reader.pages]
        quote_page = next(i for i, t in enumerate(pages) if "Words quoted exactly" in t)
        attribution_page = next(i for i, t in enumerate(pages) if "— Jane Expert" in t)
        assert quote_page == attribution_page, f"{n} fillers"


def test_widows_and_orphans_are_not_allowed() -> None:
    from briefbuilder.writers import pdf

    writer = pdf._PdfWriter(make_sample_document())
    for name in ("body", "lead", "item", "quote", "endnote", "td"):
        style = writer.styles[name]
        assert style.allowWidows == 0 and style.allowOrphans == 0, name
    opened = docx.Document(io.BytesIO(write_docx(make_sample_document())))
    assert opened.styles["Normal"].paragraph_format.widow_control is True


@pytest.mark.parametrize(
    ("size", "pdf_box", "docx_box"),
    [("A4", (595, 842), (Mm(210), Mm(297))), ("Letter", (612, 792), (Inches(8.5), Inches(11)))],
)
def test_a4_and_letter_pages_with_their_margins_in_both_formats(size: str, pdf_box, docx_box) -> None:
    look = Look(page_size=size, margins_mm=(22, 20, 22, 20))  # type: ignore[arg-type]
    doc = make_sample_document(look)
    reader = PdfReader(io.BytesIO(write_pdf(doc)))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == pdf_box
    # the text block is inside the margins: nothing drawn left of 20 mm or right of width - 20 mm
    xs: list[float] = []

    def visit(text: str, cm, tm, _font, _size) -> None:
        if text.strip():  # x on the page: the text matrix's origin through the CTM
            xs.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    reader.pages[0].extract_text(visitor_text=visit)
    assert min(xs) >= 20 * 72 / 25.4 - 0.5
    assert max(xs) <= pdf_box[0] - 20 * 72 / 25.4
    (section,) = docx.Document(io.BytesIO(write_docx(doc))).sections
    assert abs(section.page_width - docx_box[0]) <= 635 and abs(section.page_height - docx_box[1]) <= 635


# --- reproducible output ------------------------------------------------------------------------------
def test_a_rebuild_of_every_audience_gives_identical_bytes(shipped) -> None:
    again = build_shipped()
    assert again.keys() == shipped.keys()
    for name in shipped:
        assert again[name] == shipped[name], f"{name} differs on a rebuild"


def test_source_date_epoch_fixes_the_dates_and_still_rebuilds_identically(shipped) -> None:
    first = build_shipped(source_date_epoch=1_700_000_000)
    second = build_shipped(("analyst",), source_date_epoch=1_700_000_000)  # the heaviest, again
    assert second.items() <= first.items()
    pdf = PdfReader(io.BytesIO(first["us-belarus-normalization-analyst.pdf"]))
    assert pdf.metadata["/CreationDate"].startswith("D:20231114")  # 1700000000 is 14 Nov 2023
    props = docx.Document(io.BytesIO(first["us-belarus-normalization-analyst.docx"])).core_properties
    assert props.created.year == 2023
    assert first["us-belarus-normalization-analyst.pdf"] != shipped["us-belarus-normalization-analyst.pdf"]
