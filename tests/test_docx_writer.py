"""The DOCX writer: named styles, literal text, links and bookmarks, page chrome, reproducibility."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt

from briefbuilder.layout.document import Document, ListBlock, Look, Text
from briefbuilder.writers.docx import write_docx
from conftest import HOSTILE, make_sample_document

A4, LETTER = (Mm(210), Mm(297)), (Inches(8.5), Inches(11))


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def xpath(element, path: str) -> list:  # python-docx elements know the w:, r: prefixes
    return element.xpath(path)


def near(a: int, b: int) -> bool:
    """EMU lengths equal up to the twip rounding Word's units impose (1 twip = 635 EMU)."""
    return abs(a - b) <= 635


@pytest.fixture
def sample_docx(sample_document: Document) -> bytes:
    return write_docx(sample_document)


@pytest.fixture
def opened(sample_docx: bytes) -> docx.document.Document:
    return open_docx(sample_docx)


# --- structure and text -------------------------------------------------------------------------
def test_paragraphs_have_named_styles_and_texts_in_order(opened) -> None:
    got = [(p.style.name, p.text) for p in opened.paragraphs]
    assert got == [
        ("Title", "Sample brief: Минск & Vilnius"),
        ("Subtitle", "A subtitle with <angle> brackets"),
        ("Brief Meta", "Date\t11 September 2025"),  # label, tab, value: a two-column list
        ("Brief Meta", "Version\t1.0"),
        ("Brief Meta", "Authors\tAnn Analyst"),
        ("Title Rule", ""),  # the rule under the title block
        ("Heading 1", "Bottom line"),
        ("Brief Lead", "The lead paragraph with strong1"),
        ("Heading 1", "Key facts"),
        ("List Number", "First fact, emphasised1"),
        ("List Number", HOSTILE + "2"),
        ("Heading 1", "Context"),
        ("Heading 2", "Background"),
        ("First Paragraph", "A body paragraph with a link."),  # pandoc's name after a heading
        ("Heading 1", "Timeline"),
        ("Heading 1", "Expert analysis"),
        ("Quote", "Words exactly as said & <quoted>."),
        ("Quote Attribution", "— Jane Expert, Senior fellow, Institute2"),
        ("Heading 1", "Sources"),
        ("Note Text", "1.\tBelTA, “Title”, 11 September 2025."),  # number, tab, hanging indent
        ("Note Text", "2.\tReuters, https://example.org/r"),
    ]


def test_emphasis_and_title_block_labels(opened) -> None:
    date = opened.paragraphs[2]  # the label in a character style: no direct formatting
    assert [(r.text, r.style.name) for r in date.runs] == [
        ("Date", "Brief Meta Label"),
        ("\t11 September 2025", "Default Paragraph Font"),
    ]
    assert opened.styles["Brief Meta Label"].font.bold is True
    lead = opened.paragraphs[7]
    assert [(r.text, r.bold) for r in lead.runs] == [("The lead paragraph ", None), ("with strong", True)]
    fact = opened.paragraphs[9]
    assert [(r.text, r.italic) for r in fact.runs] == [("First fact, ", None), ("emphasised", True)]
    rule = opened.paragraphs[5]._p
    assert xpath(opened.styles["Title Rule"].element, "w:pPr/w:pBdr/w:bottom/@w:color") == ["1F3A5F"]
    assert not xpath(rule, "w:pPr/w:pBdr")  # in the style, not on the paragraph


def test_hostile_text_is_literal_and_never_markup(sample_docx: bytes, opened) -> None:
    assert HOSTILE in opened.paragraphs[10].text
    assert "Nausėda" in opened.paragraphs[10].text and "Лукашенко" in opened.paragraphs[10].text
    assert opened.paragraphs[0].text == "Sample brief: Минск & Vilnius"
    with zipfile.ZipFile(io.BytesIO(sample_docx)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "AT&amp;T &lt;b&gt;not bold&lt;/b&gt;" in xml
    assert "<img" not in xml and "<b>" not in xml and "&bogus;" not in xml


def test_note_refs_are_superscript_links_to_note_bookmarks(opened) -> None:
    body = opened.element.body
    refs = xpath(body, ".//w:hyperlink[@w:anchor]")
    assert [(h.get(qn("w:anchor")), h.xpath("string(.)")) for h in refs] == [
        ("note_1", "1"),
        ("note_1", "1"),
        ("note_2", "2"),
        ("note_1", "1"),
        ("note_2", "2"),
        ("note_2", "2"),
    ]
    # set as the PDF sets <super>: 2 pt smaller, raised half the text size (in half points)
    assert all(xpath(h, "w:r/w:rPr/w:rStyle/@w:val") == ["Citation"] for h in refs)
    assert all(int(xpath(h, "w:r/w:rPr/w:position/@w:val")[0]) > 0 for h in refs)
    notes = {p.text.split(".")[0]: p._p for p in opened.paragraphs if p.style.name == "Note Text"}
    assert xpath(notes["1"], "w:bookmarkStart/@w:name") == ["note_1"]
    assert xpath(notes["2"], "w:bookmarkStart/@w:name") == ["note_2"]


def test_headings_carry_their_anchor_as_bookmark_and_ids_are_unique(opened) -> None:
    body = opened.element.body
    heads = [p for p in opened.paragraphs if p.style.name.startswith("Heading")]
    assert [xpath(p._p, "w:bookmarkStart/@w:name") for p in heads] == [
        ["sec_summary"],
        ["sec_key_facts"],
        ["sec_context"],
        ["sec_context_1"],
        ["sec_timeline"],
        ["sec_analysis"],
        ["sec_sources"],
    ]
    ids = xpath(body, ".//w:bookmarkStart/@w:id")
    assert len(ids) == len(set(ids)) == 9
    assert sorted(xpath(body, ".//w:bookmarkEnd/@w:id")) == sorted(ids)


def test_external_links_are_real_hyperlinks(opened) -> None:
    links = xpath(opened.element.body, ".//w:hyperlink[@r:id]")
    targets = []
    for link in links:
        rel = opened.part.rels[link.get(qn("r:id"))]
        assert rel.is_external
        targets.append((rel.target_ref, link.xpath("string(.)")))
        assert xpath(link, "w:r/w:rPr/w:rStyle/@w:val") == ["Hyperlink"]
    assert targets == [
        ("https://example.org/a?b=1&c=2", "link"),
        ("https://example.org/r", "https://example.org/r"),
    ]


# --- tables and lists ---------------------------------------------------------------------------
def test_table_has_repeating_bold_shaded_header_and_cell_texts(opened) -> None:
    (table,) = opened.tables
    rows = table.rows
    assert [[c.text for c in row.cells] for row in rows] == [
        ["Date", "Event"],
        ["2021", "Sanctions imposed.1"],
        ["11 September 2025", "Visit to Minsk.2"],
    ]
    header = rows[0]._tr
    assert xpath(header, "w:trPr/w:tblHeader") and not xpath(rows[1]._tr, "w:trPr/w:tblHeader")
    assert xpath(header, "w:tc/w:tcPr/w:shd/@w:fill") == ["1F3A5F", "1F3A5F"]
    assert all(c.paragraphs[0].style.name == "Table Heading" for c in rows[0].cells)
    assert opened.styles["Table Heading"].font.bold is True
    assert all(xpath(r._tr, "w:trPr/w:cantSplit") for r in rows)  # the PDF never splits a row
    assert table.style.name == "Table"  # pandoc's table style
    grid = [int(w) for w in xpath(table._tbl, "w:tblGrid/w:gridCol/@w:w")]
    assert abs(grid[1] - 3 * grid[0]) <= 3  # widths 0.25 / 0.75 of the text width
    assert near(sum(grid) * 635, Mm(210 - 20 - 20))


def test_each_ordered_list_restarts_at_one(sample_document: Document) -> None:
    second = ListBlock(((Text("again one"),), (Text("again two"),)), ordered=True)
    doc = dataclasses.replace(sample_document, blocks=(*sample_document.blocks, second))
    opened = open_docx(write_docx(doc))
    numbered = [p for p in opened.paragraphs if p.style.name.startswith("List Number")]
    num_ids = [xpath(p._p, "w:pPr/w:numPr/w:numId/@w:val") for p in numbered]
    assert num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3]
    numbering = opened.part.numbering_part.element
    for (num_id,) in (num_ids[0], num_ids[2]):
        num = xpath(numbering, f"w:num[@w:numId='{num_id}']")[0]
        assert xpath(num, "w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]


# --- styles, page, properties ------------------------------------------------------------------
def test_styles_follow_the_look(opened) -> None:
    styles = opened.styles
    normal = styles["Normal"]
    assert normal.font.size == Pt(10.5)
    for attr in ("ascii", "eastAsia", "cs"):
        fonts = xpath(opened.styles.element, f"w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:{attr}")
        assert fonts == ["PT Serif"]
    assert normal.paragraph_format.widow_control is True
    # the PDF's leading, exactly: 10.5 pt x 1.35 on the twip grid
    assert xpath(normal.element, "w:pPr/w:spacing/@w:line") == ["284"]
    assert xpath(normal.element, "w:pPr/w:spacing/@w:lineRule") == ["exact"]
    for name in ("Heading 1", "Heading 2", "Title"):
        style = styles[name]
        assert style.font.name == "PT Sans" and str(style.font.color.rgb) == "1F3A5F"
        assert not xpath(style.element, "w:rPr/w:rFonts/@w:asciiTheme")  # theme would win
    assert styles["Heading 1"].paragraph_format.keep_with_next is True
    for name in ("Brief Meta", "Quote Attribution", "Note Text"):
        assert styles[name].type == 1 and styles[name].base_style.name == "Normal"
    for name, parent in (("Brief Lead", "Block Text"), ("Brief Small", "Body Text"), ("Body Text", "Normal")):
        assert styles[name].base_style.name == parent
    assert styles["Quote"].font.italic is True
    assert xpath(opened.styles.element, "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == ["en"]


@pytest.mark.parametrize(("page_size", "size"), [("A4", A4), ("Letter", LETTER)])
def test_page_size_and_margins(page_size: str, size: tuple[int, int]) -> None:
    look = Look(page_size=page_size, margins_mm=(25.0, 18.0, 20.0, 30.0))
    (section,) = open_docx(write_docx(make_sample_document(look))).sections
    assert near(section.page_width, size[0]) and near(section.page_height, size[1])
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    assert all(near(got, Mm(mm)) for got, mm in zip(margins, (25, 18, 20, 30), strict=True))


def test_core_properties(opened, sample_document: Document) -> None:
    props = opened.core_properties
    assert props.title == "Sample brief: Минск & Vilnius"
    assert props.author == "Ann Analyst; Bob Writer"
    assert props.subject == "A sample for writer tests"
    assert props.keywords == "Belarus, sanctions"
    assert props.language == "en"
    assert props.created == props.modified == sample_document.meta.created
    assert props.last_modified_by == "briefbuilder" and props.revision == 1


def test_header_and_footer_carry_marking_titles_and_page_fields(opened) -> None:
    (section,) = opened.sections
    header, footer = section.header, section.footer
    assert [p.text for p in header.paragraphs] == ["INTERNAL USE ONLY", "Sample brief"]
    assert [p.text for p in footer.paragraphs] == ["Sample brief\tPage 1 of 1", "INTERNAL USE ONLY"]
    for marking in (header.paragraphs[0], footer.paragraphs[-1]):
        style = marking.style  # bold, centred, in the marking colour: by its style
        assert style.name == "Brief Marking" and style.font.bold and str(style.font.color.rgb) == "8B1A1A"
        assert style.paragraph_format.alignment == 1
    fields = xpath(footer._element, ".//w:instrText/text()")
    assert [f.strip() for f in fields] == ["PAGE", "NUMPAGES"]
    kinds = xpath(footer._element, ".//w:fldChar/@w:fldCharType")
    assert kinds == ["begin", "separate", "end"] * 2
    assert not section.different_first_page_header_footer  # the same chrome on every page


def test_header_and_footer_text_from_look_and_no_marking(sample_document: Document) -> None:
    look = Look(header_text="Institute & Co", footer_text="Brief <draft>")
    meta = dataclasses.replace(sample_document.meta, marking=None)
    doc = dataclasses.replace(sample_document, look=look, meta=meta)
    (section,) = open_docx(write_docx(doc)).sections
    assert [p.text for p in section.header.paragraphs] == ["Institute & Co"]
    assert [p.text for p in section.footer.paragraphs] == ["Brief <draft>\tPage 1 of 1"]


# --- package --------------------------------------------------------------------------------------
def test_rebuild_is_byte_identical_whatever_the_clock(sample_document: Document, monkeypatch) -> None:
    first = write_docx(sample_document)
    later = time.time() + 3 * 86400 + 7  # zipfile stamps entries with time.time()
    monkeypatch.setattr(time, "time", lambda: later)
    assert write_docx(sample_document) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2025, 9, 11, 0, 0, 0)}


def test_unknown_block_kind_raises_type_error(sample_document: Document) -> None:
    @dataclass(frozen=True)
    class Sidebar:
        text: str

    doc = dataclasses.replace(sample_document, blocks=(*sample_document.blocks, Sidebar("x")))
    with pytest.raises(TypeError, match="Sidebar"):
        write_docx(doc)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_it_to_pdf(sample_docx: bytes, tmp_path: Path) -> None:
    source = tmp_path / "brief.docx"
    source.write_bytes(sample_docx)
    profile = (tmp_path / "lo").as_uri()
    command = ["soffice", "--headless", f"-env:UserInstallation={profile}"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "brief.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0  # soffice exits 0 even when it fails
    from pypdf import PdfReader

    text = " ".join((PdfReader(pdf).pages[0].extract_text() or "").split())
    assert "Page 1 of 1" in text and "Nausėda" in text
