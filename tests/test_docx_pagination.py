"""The DOCX breaks pages where the PDF does (issue #15), without LibreOffice: the properties that
make Word and LibreOffice keep and break as reportlab does, checked in the XML.

- a heading the PDF starts a page with starts one in the DOCX (``Document.page_starts``, from
  the PDF's layout), with no space above it, as at the top of a PDF page;
- a table's rows keep together only where the PDF keeps the table whole: after its caption or
  a heading (reportlab's keepWithNext), not after a figure's caption;
- a figure's caption does not inherit "caption"'s keep-with-next or bold;
- the paragraph after a table has the space the PDF leaves under it;
- a figure's picture sits on a line at least its height (an exact line clips it in LibreOffice)
  that adds nothing under it (1 pt text, no space after).
"""

from __future__ import annotations

import dataclasses
import io
import zipfile

from lxml import etree

from briefbuilder.layout.document import Heading, PageBreak, Para, Table, Text
from briefbuilder.writers.docx import write_docx
from briefbuilder.writers.pdf import render_pdf
from conftest import make_sample_document
from test_pdf_tagging_support import SHIPPED, build

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt. " * 4


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def heading_paragraphs(data: bytes) -> dict[str, etree._Element]:
    """Each heading paragraph of the body, by its bookmark's name."""
    body = part(data, "word/document.xml")
    return {
        p.find(f"{W}bookmarkStart").get(f"{W}name"): p
        for p in body.iter(f"{W}p")
        if (s := p.find(f"{W}pPr/{W}pStyle")) is not None
        and s.get(f"{W}val").startswith("Heading")
        and p.find(f"{W}bookmarkStart") is not None
    }


def starts_page(p: etree._Element) -> bool:
    return p.find(f"{W}pPr/{W}pageBreakBefore") is not None


def test_a_heading_the_pdf_starts_a_page_with_starts_one_in_the_docx() -> None:
    doc = dataclasses.replace(make_sample_document(), page_starts=frozenset({"sec_context"}))
    headings = heading_paragraphs(write_docx(doc))
    assert [a for a, p in headings.items() if starts_page(p)] == ["sec_context"]
    spacing = headings["sec_context"].find(f"{W}pPr/{W}spacing")
    assert spacing is not None and spacing.get(f"{W}before") == "0"  # as at the top of a PDF page


def test_the_pdf_reports_the_headings_it_starts_a_page_with_after_the_first() -> None:
    sample = make_sample_document()
    blocks = (
        Heading(1, "First", "sec_first"),  # the top of page 1: no page to start
        Para((Text(FILLER),)),
        PageBreak(),
        Heading(1, "Second", "sec_second"),  # the top of page 2
        Para((Text(FILLER),)),
        Heading(1, "Third", "sec_third"),  # below a paragraph on page 2
        Para((Text(FILLER),)),
    )
    rendered = render_pdf(dataclasses.replace(sample, blocks=blocks))
    assert rendered.heading_pages == {"sec_first": 1, "sec_second": 2, "sec_third": 2}
    assert rendered.page_starts == {"sec_second"}


def test_the_shipped_analyst_docx_starts_a_page_at_each_heading_the_pdf_starts_one_with() -> None:
    from briefbuilder import api

    built = build(SHIPPED, "analyst")
    starts = render_pdf(built.document).page_starts
    assert "sec_context" in starts  # moved to the next page with what it keeps with
    (docx,) = api.render(SHIPPED, audience="analyst", formats=["docx"])
    headings = heading_paragraphs(docx.data)
    assert {a for a, p in headings.items() if starts_page(p)} == starts


def table_rows_kept(data: bytes) -> list[bool]:
    """Per body table: whether its header row's paragraph keeps with the next."""
    body = part(data, "word/document.xml")
    return [tbl.find(f".//{W}tr//{W}p/{W}pPr/{W}keepNext") is not None for tbl in body.iter(f"{W}tbl")]


def test_a_tables_rows_keep_together_only_after_its_caption_or_a_heading() -> None:
    sample = make_sample_document()
    table = next(b for b in sample.blocks if isinstance(b, Table))
    cases: dict[str, tuple[object, ...]] = {
        "heading": (Heading(1, "Timeline", "sec_t"), table),
        "caption": (Para((Text("Text."),)), dataclasses.replace(table, caption="Table 1. Dates.")),
        "paragraph": (Para((Text("Text."),)), table),
    }
    kept = {
        name: table_rows_kept(write_docx(dataclasses.replace(sample, blocks=blocks)))  # type: ignore[arg-type]
        for name, blocks in cases.items()
    }
    assert kept == {"heading": [True], "caption": [True], "paragraph": [False]}


def test_a_figure_caption_neither_keeps_with_the_next_nor_is_bold(shipped: dict[str, bytes]) -> None:
    styles = part(shipped["us-belarus-normalization-analyst.docx"], "word/styles.xml")
    (caption,) = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "ImageCaption"]
    for path in ("pPr/keepNext", "pPr/keepLines", "rPr/b"):
        el = caption.find("/".join(f"{W}{step}" for step in path.split("/")))
        assert el is not None and el.get(f"{W}val") == "0", path


def test_a_figures_picture_is_on_a_line_at_least_its_height_and_adds_no_room(
    shipped: dict[str, bytes],
) -> None:
    """atLeast, not exact (LibreOffice clips the picture's top); 1 pt text, since Word and
    LibreOffice add the font's descent under a picture; no space after it, as in the PDF."""
    data = shipped["us-belarus-normalization-analyst.docx"]
    styles = part(data, "word/styles.xml")
    (style,) = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "CaptionedFigure"]
    assert style.find(f"{W}pPr/{W}spacing").get(f"{W}after") == "0"
    body = part(data, "word/document.xml")
    figures = [
        p
        for p in body.iter(f"{W}p")
        if (s := p.find(f"{W}pPr/{W}pStyle")) is not None and s.get(f"{W}val") == "CaptionedFigure"
    ]
    assert figures
    for p in figures:
        assert p.find(f"{W}pPr/{W}spacing").get(f"{W}lineRule") == "atLeast"
        sizes = [el.get(f"{W}val") for el in p.iter(f"{W}sz")]
        assert sizes == ["2", "2"]  # the paragraph mark and the picture's run


def test_the_paragraph_after_a_table_has_the_pdfs_space_under_the_table_above_it() -> None:
    """A table has no space after in Word; the PDF leaves ``table.after`` (or the next
    paragraph's own space before, if larger: the two collapse)."""
    from briefbuilder.layout.metrics import metrics, twips

    sample = make_sample_document()
    table = next(b for b in sample.blocks if isinstance(b, Table))
    m = metrics(sample.look)
    for after, expected in (
        (Para((Text("Text."),)), max(m.table.after, m.styles["body"].before)),
        (Heading(1, "Next", "sec_next"), max(m.table.after, m.styles["h1"].before)),
    ):
        data = write_docx(dataclasses.replace(sample, blocks=(Para((Text("Text."),)), table, after)))
        body = part(data, "word/document.xml").find(f"{W}body")
        following = body.find(f"{W}tbl").getnext()
        assert following.find(f"{W}pPr/{W}spacing").get(f"{W}before") == str(twips(expected))


def test_a_picture_without_a_caption_has_the_pdfs_space_above_it() -> None:
    from briefbuilder.layout.document import Image, Picture
    from briefbuilder.layout.metrics import metrics, twips
    from test_registries import _png

    sample = make_sample_document()
    picture = Picture(Image(_png(), "png", 40, 20, alt="A blue rectangle"), 0.5, ())
    data = write_docx(dataclasses.replace(sample, blocks=(Para((Text("Text."),)), picture)))
    body = part(data, "word/document.xml").find(f"{W}body")
    (p,) = [p for p in body.iter(f"{W}p") if p.find(f".//{W}drawing") is not None]
    assert p.find(f"{W}pPr/{W}spacing").get(f"{W}before") == str(twips(metrics(sample.look).figure_before))
