"""Table of contents, cover and running header/footer, read back from the built files."""

from __future__ import annotations

import dataclasses
import io
import re

import docx
import pytest
from pypdf import PdfReader

from briefbuilder.layout.document import Contents, Document, Heading, PageBreak, Para, Text, TocEntry
from briefbuilder.writers.docx import write_docx
from briefbuilder.writers.pdf import render_pdf, write_pdf
from conftest import AUDIENCES, make_sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ANALYST = "us-belarus-normalization-analyst"


def squash(text: str) -> str:
    return " ".join(text.split())


def outline_pages(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, 1-based page) of every outline entry, in order."""
    out: list[tuple[str, int]] = []

    def walk(entries: list) -> None:
        for e in entries:
            if isinstance(e, list):
                walk(e)
            else:
                out.append((str(e.title), reader.get_destination_page_number(e) + 1))

    walk(reader.outline)
    return out


# --- PDF table of contents ----------------------------------------------------------------------
def test_pdf_contents_lists_every_heading_with_the_page_it_is_on(shipped) -> None:
    reader = PdfReader(io.BytesIO(shipped[f"{ANALYST}.pdf"]))
    headings = outline_pages(reader)
    assert len(headings) >= 12
    lines = [line.strip() for line in reader.pages[0].extract_text().splitlines()]
    start = lines.index("Contents")
    for title, page in headings:
        at = lines.index(squash(title), start)  # entries in document order, each then its page
        assert lines[at + 1] == str(page), f"{title!r}: contents says {lines[at + 1]}, heading is on {page}"
        assert squash(title) in squash(reader.pages[page - 1].extract_text())
    assert headings[0] == ("Bottom line up\u00a0front", 2)  # the cover page stands alone; no one-word line


def test_pdf_contents_entries_link_to_their_headings(shipped) -> None:
    reader = PdfReader(io.BytesIO(shipped[f"{ANALYST}.pdf"]))
    page_ids = [p.indirect_reference.idnum for p in reader.pages]
    links = [a.get_object() for a in reader.pages[0]["/Annots"]]
    targets = [page_ids.index(a["/Dest"][0].idnum) + 1 for a in links if "/Dest" in a]
    assert targets == [page for _, page in outline_pages(reader)]


def test_contents_page_numbers_stay_right_when_the_contents_fill_pages() -> None:
    """A hundred entries push the body two pages on: a single layout pass would number it wrong."""
    headings = [Heading(1 if i % 3 == 0 else 2, f"Section {i}", f"sec_{i}") for i in range(100)]
    blocks: list = [Contents("Contents", tuple(TocEntry(h.level, h.text, h.anchor) for h in headings))]
    for h in headings:
        blocks += [h, Para((Text("Body text of the section. " * 12),))]
    doc = dataclasses.replace(make_sample_document(), blocks=tuple(blocks))
    rendered = render_pdf(doc)
    reader = PdfReader(io.BytesIO(rendered.data))
    assert rendered.heading_pages["sec_0"] >= 3  # the contents took two pages
    assert rendered.page_count == len(reader.pages)
    contents = " ".join(p.extract_text() for p in reader.pages[:3])
    for title, page in outline_pages(reader):
        assert re.search(rf"\b{title}\s+{page}\b", contents), f"{title} should point to page {page}"
    assert rendered.heading_pages == dict(
        zip([h.anchor for h in headings], [p for _, p in outline_pages(reader)], strict=True)
    )


def test_pdf_heading_pages_match_the_outline(sample_document: Document) -> None:
    pages = render_pdf(sample_document).heading_pages
    reader = PdfReader(io.BytesIO(write_pdf(sample_document)))
    assert list(pages.values()) == [page for _, page in outline_pages(reader)]
    assert list(pages) == [b.anchor for b in sample_document.blocks if isinstance(b, Heading)]


# --- DOCX table of contents ---------------------------------------------------------------------
def test_docx_contents_is_a_filled_toc_field_with_links_and_the_pdfs_page_numbers(shipped) -> None:
    opened = docx.Document(io.BytesIO(shipped[f"{ANALYST}.docx"]))
    body = opened.element.body
    toc = [p._p for p in opened.paragraphs if p.style.name in ("toc 1", "toc 2")]
    instr = [squash(i.text) for i in toc[0].iter(f"{W}instrText")]
    assert instr[0] == 'TOC \\o "1-2" \\h \\z \\u'  # a real field: Word and LibreOffice refresh it
    reader = PdfReader(io.BytesIO(shipped[f"{ANALYST}.pdf"]))
    expected = outline_pages(reader)
    assert len(toc) == len(expected)
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    for p, (title, page) in zip(toc, expected, strict=True):
        link = p.find(f"{W}hyperlink")
        assert link.get(f"{W}anchor") in bookmarks  # each entry links to its heading
        pageref = [squash(i.text) for i in link.iter(f"{W}instrText")]
        assert pageref == [f"PAGEREF {link.get(f'{W}anchor')} \\h"]
        texts = [t.text for t in link.iter(f"{W}t")]
        assert texts == [title, str(page)]  # the PDF's page, so it opens numbered
    kinds = [f.get(f"{W}fldCharType") for p in toc for f in p.iter(f"{W}fldChar")]
    assert kinds[:2] == ["begin", "separate"] and kinds[-1] == "end"
    assert kinds.count("begin") == kinds.count("end") == len(toc) + 1  # TOC + one PAGEREF each


def test_docx_contents_without_known_pages_still_links_every_entry() -> None:
    doc = make_sample_document()
    entries = tuple(TocEntry(b.level, b.text, b.anchor) for b in doc.blocks if isinstance(b, Heading))
    doc = dataclasses.replace(doc, blocks=(doc.blocks[0], Contents("Contents", entries), *doc.blocks[1:]))
    opened = docx.Document(io.BytesIO(write_docx(doc)))
    toc = [p for p in opened.paragraphs if p.style.name.startswith("toc")]
    assert [p.text for p in toc] == [e.text for e in entries]  # no page numbers to show
    assert [p.style.name for p in toc][:4] == ["toc 1", "toc 1", "toc 1", "toc 2"]
    heading = next(p for p in opened.paragraphs if p.style.name == "TOC Heading")
    assert heading.text == "Contents"
    assert not any("PAGEREF" in (i.text or "") for i in opened.element.body.iter(f"{W}instrText"))


# --- cover ------------------------------------------------------------------------------------------
def test_analyst_cover_page_has_logo_organization_title_and_contents_and_nothing_else(shipped) -> None:
    reader = PdfReader(io.BytesIO(shipped[f"{ANALYST}.pdf"]))
    first = reader.pages[0]
    text = squash(first.extract_text())
    for expected in (
        "briefbuilder sample",
        "Why the US decided to normalize relations with Belarus",
        "Prepared for Analysts",
        "Brief us-belarus-normalization, version 1.0",
        "Contact Briefings desk, briefings@example.org",
        "Contents",
    ):
        assert expected in text
    images = [x for x in first["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1  # the logo
    assert "The United States intends" not in text  # the body starts on page 2


def test_docx_cover_has_logo_with_alt_text_and_the_body_starts_a_new_page(shipped) -> None:
    opened = docx.Document(io.BytesIO(shipped[f"{ANALYST}.docx"]))
    org = next(p for p in opened.paragraphs if p.style.name == "Brief Organization")
    assert "briefbuilder sample" in org.text
    descr = org._p.xpath(".//wp:docPr/@descr")
    assert descr == ["Logo of briefbuilder sample"]
    first_heading = next(p for p in opened.paragraphs if p.style.name == "Heading 1")
    assert first_heading.text == "Bottom line up\u00a0front"  # its last two words kept together
    assert first_heading.paragraph_format.page_break_before is True


def test_cover_block_keeps_the_body_on_page_one(shipped) -> None:
    reader = PdfReader(io.BytesIO(shipped["us-belarus-normalization-press.pdf"]))
    text = squash(reader.pages[0].extract_text())
    assert "Why the US decided" in text and "This public briefing, “" in text
    assert "Contents" not in text  # press has no contents


def test_page_break_block_starts_a_new_page(sample_document: Document) -> None:
    blocks = list(sample_document.blocks)
    blocks.insert(1, PageBreak())
    doc = dataclasses.replace(sample_document, blocks=tuple(blocks))
    reader = PdfReader(io.BytesIO(write_pdf(doc)))
    assert "Bottom line" not in reader.pages[0].extract_text()
    assert "Bottom line" in reader.pages[1].extract_text()


# --- running header and footer ------------------------------------------------------------------
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_pdf_page_has_marking_title_date_reference_and_page_x_of_y(shipped, audience: str) -> None:
    reader = PdfReader(io.BytesIO(shipped[f"us-belarus-normalization-{audience}.pdf"]))
    total = len(reader.pages)
    marked = audience != "press"  # the public release prints no internal marking
    cover = audience == "analyst"  # a cover page: the marking only, as the DOCX's first page
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert text.count("UNCLASSIFIED // FOR TRAINING") == (2 if marked else 0), f"page {number}"
        if cover and number == 1:
            assert not re.findall(r"Page \d+ of \d+", text)
            continue
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {total}"]
        tail = text.splitlines()[-6:]  # the running lines are drawn last
        assert "Why the US decided to normalize relations with Belarus" in tail
        assert "11 September 2025" in tail
        assert "us-belarus-normalization, version 1.0" in tail


def test_docx_header_and_footer_carry_marking_title_date_and_page_fields(shipped) -> None:
    (section,) = docx.Document(io.BytesIO(shipped[f"{ANALYST}.docx"])).sections
    assert [p.text for p in section.header.paragraphs] == [
        "UNCLASSIFIED // FOR TRAINING",
        "Why the US decided to normalize relations with Belarus\t11 September 2025",
    ]
    assert [p.text for p in section.footer.paragraphs] == [
        "us-belarus-normalization, version 1.0\tPage 1 of 1",
        "UNCLASSIFIED // FOR TRAINING",
    ]
    fields = [squash(i.text) for i in section.footer._element.iter(f"{W}instrText")]
    assert fields == ["PAGE", "NUMPAGES"]
