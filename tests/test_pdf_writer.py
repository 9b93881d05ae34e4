"""The PDF writer: literal text, embedded fonts, outline, links, page chrome, reproducible bytes."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from briefbuilder.layout.document import Document, Heading, Look, PageBreak, Para, Text
from briefbuilder.writers.pdf import write_pdf
from conftest import HOSTILE, make_sample_document

FILLER = Para((Text("Sanctions policy needs a long paragraph to fill the page with ordinary prose. " * 6),))


def squash(text: str) -> str:
    """Whitespace-normalised text: extraction may break lines where the layout wrapped them."""
    return " ".join(text.split())


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def long_document(look: Look | None = None) -> Document:
    """The sample with enough body text after "Background" to run over several pages."""
    doc = make_sample_document(look)
    at = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.text == "Background")
    blocks = doc.blocks[: at + 1] + (FILLER,) * 30 + doc.blocks[at + 1 :]
    return dataclasses.replace(doc, blocks=blocks)


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return write_pdf(long_document())


@pytest.fixture
def sample_pdf(sample_document: Document) -> bytes:
    return write_pdf(sample_document)


# --- text ---------------------------------------------------------------------------------------
def test_output_is_a_pdf(sample_pdf: bytes) -> None:
    assert sample_pdf.startswith(b"%PDF-")
    assert sample_pdf.rstrip().endswith(b"%%EOF")


def test_title_and_hostile_text_come_out_literally(sample_pdf: bytes) -> None:
    reader = read(sample_pdf)
    first = squash(reader.pages[0].extract_text())
    everything = squash(" ".join(page.extract_text() for page in reader.pages))
    assert "Sample brief: Минск & Vilnius" in first
    assert "A subtitle with <angle> brackets" in first
    assert squash(HOSTILE) in everything  # tags and entities printed, not interpreted
    assert "Words exactly as said & <quoted>." in everything
    assert "Лукашенко" in everything and "Nausėda" in everything


def test_hostile_markup_is_not_interpreted_as_bold(sample_pdf: bytes) -> None:
    """'<b>not bold</b>' must be set in the regular body face, like the text around it."""
    fonts_used: list[str] = []

    def visitor(text: str, _cm: object, _tm: object, font: dict | None, _size: float) -> None:
        if "not bold" in text and font is not None:
            fonts_used.append(str(font["/BaseFont"]))

    read(sample_pdf).pages[0].extract_text(visitor_text=visitor)
    assert fonts_used, "the hostile text was not found on page 1"
    assert all(name.endswith("PTSerif-Regular") for name in fonts_used), fonts_used


def test_title_block_meta_pairs_are_printed(sample_pdf: bytes) -> None:
    text = read(sample_pdf).pages[0].extract_text()
    for label, value in (("Date", "11 September 2025"), ("Version", "1.0"), ("Authors", "Ann Analyst")):
        assert label in text and value in text


# --- document properties ------------------------------------------------------------------------
def test_metadata_and_language(sample_pdf: bytes) -> None:
    reader = read(sample_pdf)
    info = reader.metadata
    assert info is not None
    assert info["/Title"] == "Sample brief: Минск & Vilnius"
    assert info["/Author"] == "Ann Analyst; Bob Writer"
    assert info["/Subject"] == "A sample for writer tests"
    assert info["/Keywords"] == "Belarus, sanctions"
    assert info["/Creator"] == "briefbuilder"
    assert info["/CreationDate"].startswith("D:20250911000000")  # from meta.created, not the clock
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_same_document_gives_identical_bytes(sample_document: Document) -> None:
    assert write_pdf(sample_document) == write_pdf(sample_document)
    assert write_pdf(long_document()) == write_pdf(long_document())


def test_bytes_do_not_depend_on_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch, sample_document: Document
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = write_pdf(sample_document)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert write_pdf(sample_document) == plain


def test_created_date_changes_the_bytes(sample_document: Document) -> None:
    later = dataclasses.replace(
        sample_document,
        meta=dataclasses.replace(
            sample_document.meta, created=sample_document.meta.created.replace(year=2026)
        ),
    )
    info = read(write_pdf(later)).metadata
    assert info is not None and info["/CreationDate"].startswith("D:20260911")


@pytest.mark.parametrize(("size", "expected"), [("A4", (595.28, 841.89)), ("Letter", (612.0, 792.0))])
def test_page_size(size: str, expected: tuple[float, float]) -> None:
    reader = read(write_pdf(make_sample_document(Look(page_size=size))))  # type: ignore[arg-type]
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == expected


# --- fonts --------------------------------------------------------------------------------------
def test_fonts_are_embedded_truetype_subsets(sample_pdf: bytes) -> None:
    names: set[str] = set()
    for page in read(sample_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            names.add(name.split("+", 1)[-1])
            assert re.fullmatch(r"/[A-Z]{6}\+\S+", name), f"{name} is not a subset"
            assert "/FontFile2" in font["/FontDescriptor"], f"{name} is not embedded"
    assert {"PTSerif-Regular", "PTSerif-Bold", "PTSerif-Italic", "PTSans-Bold"} <= names
    assert not any("Helvetica" in n or "Times" in n for n in names)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts not installed")
def test_pdffonts_reports_every_font_embedded(tmp_path, sample_pdf: bytes) -> None:
    path = tmp_path / "sample.pdf"
    path.write_bytes(sample_pdf)
    rows = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(rows) >= 4
    for row in rows:
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


# --- outline and links --------------------------------------------------------------------------
def test_outline_nests_headings(sample_pdf: bytes) -> None:
    def titles(entries: list) -> list:
        return [titles(e) if isinstance(e, list) else e.title for e in entries]

    assert titles(read(sample_pdf).outline) == [
        "Bottom line",
        "Key facts",
        "Context",
        ["Background"],
        "Timeline",
        "Expert analysis",
        "Sources",
    ]


def test_outline_entries_point_at_the_page_of_their_heading(long_pdf: bytes) -> None:
    reader = read(long_pdf)
    texts = [page.extract_text() for page in reader.pages]

    def flat(entries: list) -> list[Destination]:
        return [d for e in entries for d in (flat(e) if isinstance(e, list) else [e])]

    pages = {d.title: reader.get_destination_page_number(d) for d in flat(reader.outline)}
    assert pages["Bottom line"] == 0
    assert pages["Sources"] == len(reader.pages) - 1 > 0  # bookmarks follow deferred pages
    for title, page in pages.items():
        assert title in texts[page], f"{title!r} not on page {page + 1}"


def _links(reader: PdfReader) -> list[tuple[int, dict]]:
    return [
        (number, annot.get_object())
        for number, page in enumerate(reader.pages)
        for annot in page.get("/Annots", []) or []
        if annot.get_object()["/Subtype"] == "/Link"
    ]


def test_href_becomes_a_uri_link(sample_pdf: bytes) -> None:
    uris = {a["/A"]["/URI"] for _, a in _links(read(sample_pdf)) if "/A" in a}
    assert uris == {"https://example.org/a?b=1&c=2", "https://example.org/r"}


def test_note_refs_link_to_their_notes(long_pdf: bytes) -> None:
    reader = read(long_pdf)
    page_ids = [page.indirect_reference.idnum for page in reader.pages]
    internal = [(n, a["/Dest"]) for n, a in _links(reader) if "/Dest" in a]
    assert len(internal) == 6  # one per NoteRef: lead, list x2, table x2, attribution
    notes_page = len(reader.pages) - 1
    assert "BelTA" in reader.pages[notes_page].extract_text()
    assert any(n == 0 for n, _ in internal)  # citations on page 1 ...
    for _, dest in internal:  # ... all land on the notes, on the last page
        assert page_ids.index(dest[0].idnum) == notes_page


# --- page chrome --------------------------------------------------------------------------------
def test_every_page_has_page_x_of_y_and_the_marking(long_pdf: bytes) -> None:
    reader = read(long_pdf)
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {total}"]
        assert text.count("INTERNAL USE ONLY") == 2, f"page {number}: marking top and bottom"
        assert text.count("Sample brief") >= 2  # short title in header and footer


def test_header_and_footer_text_and_no_marking() -> None:
    doc = make_sample_document(Look(header_text="Institute X", footer_text="Brief 7, Sept 2025"))
    doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, marking=None))
    text = read(write_pdf(doc)).pages[0].extract_text()
    assert "Institute X" in text and "Brief 7, Sept 2025" in text
    assert "INTERNAL USE ONLY" not in text


def test_a_cover_page_carries_the_marking_only_as_the_docx_does() -> None:
    """The DOCX's first page (titlePg) has the marking and no running head or page number."""
    doc = long_document()
    title = dataclasses.replace(doc.blocks[0], style="page")
    doc = dataclasses.replace(doc, blocks=(title, PageBreak(), *doc.blocks[1:]))
    reader = read(write_pdf(doc))
    total = len(reader.pages)
    cover = reader.pages[0].extract_text()
    assert "Page 1 of" not in cover and cover.count("INTERNAL USE ONLY") == 2
    assert cover.count("Sample brief") == 1  # the title; no short title in a header or footer
    for number, page in enumerate(reader.pages[1:], 2):
        assert f"Page {number} of {total}" in page.extract_text()
    unmarked = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, marking=None))
    assert "Page 1 of" not in read(write_pdf(unmarked)).pages[0].extract_text()


# --- robustness ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mystery:
    text: str = "?"


def test_unknown_block_kind_raises_type_error(sample_document: Document) -> None:
    doc = dataclasses.replace(sample_document, blocks=(*sample_document.blocks, Mystery()))
    with pytest.raises(TypeError, match="Mystery"):
        write_pdf(doc)  # type: ignore[arg-type]


def test_empty_document_still_makes_one_page(sample_document: Document) -> None:
    reader = read(write_pdf(dataclasses.replace(sample_document, blocks=())))
    assert len(reader.pages) == 1
    assert "Page 1 of 1" in reader.pages[0].extract_text()


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
@pytest.mark.parametrize("which", ["sample", "long"])
def test_qpdf_check_passes(tmp_path, which: str, sample_pdf: bytes, long_pdf: bytes) -> None:
    path = tmp_path / f"{which}.pdf"
    path.write_bytes(sample_pdf if which == "sample" else long_pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_layouts_page_geometry_is_reportlabs_to_the_last_bit(size: str) -> None:
    """Figures are laid out for ``text_block_width``: it must be the PDF frame's width exactly."""
    from reportlab.lib import pagesizes
    from reportlab.lib.units import mm

    from briefbuilder.layout.page import MM, margins, page_size, text_block_width
    from briefbuilder.writers.pdf import _PdfWriter

    # top and bottom wide enough for the header and footer beside a marking (page.margins)
    look = Look(page_size=size, margins_mm=(19, 18.5, 19.5, 21))  # type: ignore[arg-type]
    assert mm == MM
    assert page_size(look) == {"A4": pagesizes.A4, "Letter": pagesizes.LETTER}[size]
    assert margins(look) == tuple(m * mm for m in look.margins_mm)
    writer = _PdfWriter(make_sample_document(look))
    assert writer.width == text_block_width(look) == page_size(look)[0] - 21 * mm - 18.5 * mm
