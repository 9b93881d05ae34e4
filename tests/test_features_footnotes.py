"""Sources as citations: DOCX footnotes with the PDF's numbers, endnote links, comma separators."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from briefbuilder.layout.document import Document, NoteRef, Notes, Para, Text
from briefbuilder.writers.docx import write_docx
from briefbuilder.writers.pdf import write_pdf
from conftest import make_sample_document
from helpers import plain_typography

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ANALYST = "us-belarus-normalization-analyst"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


@pytest.fixture(scope="module")
def analyst_parts(shipped) -> dict[str, bytes]:
    return parts(shipped[f"{ANALYST}.docx"])


def test_footnotes_part_is_declared_related_and_has_the_separators(analyst_parts) -> None:
    types = etree.fromstring(analyst_parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides.get("/word/footnotes.xml") == FOOTNOTES_TYPE
    rels = etree.fromstring(analyst_parts["word/_rels/document.xml.rels"])
    assert [r.get("Target") for r in rels if r.get("Type") == FOOTNOTES_REL] == ["footnotes.xml"]
    notes = etree.fromstring(analyst_parts["word/footnotes.xml"])
    kinds = [(n.get(f"{W}type"), n.get(f"{W}id")) for n in notes]
    assert kinds[:2] == [("separator", "-1"), ("continuationSeparator", "0")]
    settings = etree.fromstring(analyst_parts["word/settings.xml"])
    assert [f.get(f"{W}id") for f in settings.iterfind(f"{W}footnotePr/{W}footnote")] == ["-1", "0"]


def test_each_source_gets_one_footnote_at_its_first_citation_with_the_pdfs_number(
    analyst_parts, shipped
) -> None:
    body = etree.fromstring(analyst_parts["word/document.xml"])
    notes = {
        n.get(f"{W}id"): n
        for n in etree.fromstring(analyst_parts["word/footnotes.xml"])
        if n.get(f"{W}type") is None
    }
    refs = list(body.iter(f"{W}footnoteReference"))
    assert len(refs) == len(notes) == 8  # every cited source once
    marks = []
    for ref in refs:
        assert ref.get(f"{W}customMarkFollows") == "1"
        mark = ref.getparent().find(f"{W}t").text  # the source's number, shown instead of Word's count
        marks.append(int(mark))
        note = notes[ref.get(f"{W}id")]
        # the note shows its reference's mark through w:footnoteRef, never as text too: a number
        # typed there is printed twice ("22") by LibreOffice and pandoc, which add their own
        first = note.find(f"{W}p/{W}r")
        assert first.find(f"{W}footnoteRef") is not None and first.find(f"{W}t") is None
    assert marks == list(range(1, 9))  # first citations come in number order
    # the footnote text is the source note the PDF prints under the same number
    pdf = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(shipped[f"{ANALYST}.pdf"])).pages
    )
    for ref in refs:
        text = " ".join(text_of(notes[ref.get(f"{W}id")]).split())
        number = ref.getparent().find(f"{W}t").text
        assert f"{number}. {text[:80]}" in pdf


def test_later_citations_link_to_the_sources_list(analyst_parts) -> None:
    body = etree.fromstring(analyst_parts["word/document.xml"])
    links = [h for h in body.iter(f"{W}hyperlink") if (h.get(f"{W}anchor") or "").startswith("note_")]
    assert len(links) > 40
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    assert {h.get(f"{W}anchor") for h in links} <= bookmarks
    for h in links:
        assert h.get(f"{W}anchor") == f"note_{text_of(h).split('–')[0]}"  # a range links to its first


def test_press_uses_endnotes_and_has_no_footnotes_part(shipped) -> None:
    press = parts(shipped["us-belarus-normalization-press.docx"])
    assert "word/footnotes.xml" not in press
    assert b"footnoteReference" not in press["word/document.xml"]


def test_footnote_links_are_related_from_the_footnotes_part(sample_document: Document) -> None:
    """Note 2 holds a URL: its link must be a relationship of footnotes.xml, not document.xml."""
    notes = next(b for b in sample_document.blocks if isinstance(b, Notes)).notes
    cite = Para((Text("A claim."), NoteRef(2, footnote=True)))
    doc = dataclasses.replace(sample_document, blocks=(cite,), footnotes=notes)
    got = parts(write_docx(doc))
    (link,) = etree.fromstring(got["word/footnotes.xml"]).iter(f"{W}hyperlink")
    rel_id = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = etree.fromstring(got["word/_rels/footnotes.xml.rels"])
    (rel,) = [r for r in rels if r.get("Id") == rel_id]
    assert rel.get("Target") == "https://example.org/r" and rel.get("TargetMode") == "External"
    assert text_of(link) == "https://example.org/r"


def footnotes_only(sample_document: Document) -> Document:
    """Two footnoted citations and no Sources list: the footnotes' text ends the document."""
    notes = next(b for b in sample_document.blocks if isinstance(b, Notes)).notes
    cite = Para((Text("A claim."), NoteRef(1, footnote=True), NoteRef(2, footnote=True)))
    tail = Notes(notes, title="Notes", as_footnotes=True)
    return dataclasses.replace(sample_document, blocks=(cite, tail), footnotes=notes)


def test_layout_ends_with_the_footnotes_text_when_the_audience_lists_no_sources(tmp_path: Path) -> None:
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.brief.loading import load_brief
    from briefbuilder.layout.engine import lay_out
    from helpers import BRIEF

    (tmp_path / "unlisted.yaml").write_text(
        "extends: analyst\nsections: [{key: summary}, {key: key_facts}, {key: outlook}]\n", "utf-8"
    )
    templates = TemplateSet.default(tmp_path)
    brief = load_brief(BRIEF).brief
    doc = lay_out(brief, templates.resolve("unlisted"))
    assert doc.footnotes
    *body, last = doc.blocks
    assert last == Notes(doc.footnotes, title="Notes", as_footnotes=True)
    assert not [b for b in body if isinstance(b, Notes)]
    listed = lay_out(brief, templates.resolve("analyst"))  # a Sources list holds them all: no tail
    assert [b.as_footnotes for b in listed.blocks if isinstance(b, Notes)] == [False]


def test_pdf_prints_the_footnotes_at_the_foot_of_the_page_when_the_audience_lists_no_sources(
    sample_document,
) -> None:
    doc = footnotes_only(sample_document)
    reader = PdfReader(io.BytesIO(write_pdf(doc)))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "BelTA, “Title”, 11 September 2025." in text and "Notes" not in text  # as the DOCX
    links = [a.get_object() for a in reader.pages[0]["/Annots"] if "/Dest" in a.get_object()]
    assert len(links) == 2  # both citations lead to their notes


def test_docx_prints_nothing_for_the_footnotes_text_its_footnotes_hold(sample_document) -> None:
    got = parts(write_docx(footnotes_only(sample_document)))
    body = etree.fromstring(got["word/document.xml"])
    assert "Notes" not in text_of(body) and "BelTA" not in text_of(body)
    assert len(list(body.iter(f"{W}footnoteReference"))) == 2
    assert "BelTA, “Title”, 11 September 2025." in text_of(etree.fromstring(got["word/footnotes.xml"]))
    assert not [h for h in body.iter(f"{W}hyperlink") if h.get(f"{W}anchor")]  # no link to nowhere


def test_a_citation_of_a_note_the_document_lacks_is_printed_without_a_dead_link(sample_document) -> None:
    doc = dataclasses.replace(sample_document, blocks=(Para((Text("Claim."), NoteRef(7))),))
    reader = PdfReader(io.BytesIO(write_pdf(doc)))
    assert "Claim.7" in reader.pages[0].extract_text().replace(" ", "")
    assert not [a for a in reader.pages[0].get("/Annots", []) or [] if "/Dest" in a.get_object()]


# --- adjacent citations -------------------------------------------------------------------------
def comma_document() -> Document:
    doc = make_sample_document()
    para = Para(
        (
            Text("Two sources agree."),
            NoteRef(3),
            NoteRef(24),
            Text(" Then one."),
            NoteRef(5),
            Text(" And a range."),
            NoteRef(6, through=8),
            NoteRef(11),
        )
    )
    return dataclasses.replace(doc, blocks=(para,))


def test_adjacent_citations_are_separated_by_a_comma_in_the_pdf() -> None:
    text = PdfReader(io.BytesIO(write_pdf(comma_document()))).pages[0].extract_text()
    text = text.replace("\u00a0", " ")
    assert "agree.3, 24 Then" in text and "range.6–8, 11" in text  # "3–5, 9": issue #16
    assert "324" not in text and "3,24" not in text


def test_adjacent_citations_are_separated_by_a_superscript_comma_in_the_docx() -> None:
    body = etree.fromstring(parts(write_docx(comma_document()))["word/document.xml"])
    # raised and smaller, as the PDF sets <super> (w:position, w:sz), in the Citation style
    runs = [r for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}position") is not None]
    # the PDF's separator: a comma and a no-break space, in the citation's size
    assert [text_of(r) for r in runs] == ["3", ",\u00a0", "24", "5", "6–8", ",\u00a0", "11"]
    assert all(r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Citation" for r in runs)


def test_pdf_citations_link_to_their_notes(shipped) -> None:
    """The citation that carries a footnote to the footnote, on its own page; the others to the
    Sources list, on the last page."""
    reader = PdfReader(io.BytesIO(shipped[f"{ANALYST}.pdf"]))
    page_ids = [p.indirect_reference.idnum for p in reader.pages]
    notes_page = len(reader.pages)
    to_list, to_footnotes = [], []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if "/Dest" not in annot:
                continue
            dest = page_ids.index(annot["/Dest"][0].idnum) + 1
            if str(annot["/Contents"]).startswith("Go to footnote"):
                to_footnotes.append((number, dest))
            elif str(annot["/Contents"]).startswith("Go to note"):
                to_list.append(dest)
    assert len(to_list) > 50 and set(to_list) == {notes_page}
    assert len(to_footnotes) == 8 and all(page == dest for page, dest in to_footnotes)


# --- what a reader of the DOCX sees -------------------------------------------------------------
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_the_footnotes_and_a_filled_contents(shipped, tmp_path: Path) -> None:
    source = tmp_path / f"{ANALYST}.docx"
    source.write_bytes(shipped[f"{ANALYST}.docx"])
    command = ["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    converted = tmp_path / f"{ANALYST}.pdf"
    assert converted.exists(), "LibreOffice exits 0 even when it fails"
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(converted).pages]
    first = pages[0]
    assert re.search(r"Bottom line up front\s*\.*\s*2", first)  # contents filled, numbered
    assert re.search(r"Sources\s*\.*\s*\d+", first)
    everything = plain_typography(" ".join(pages))
    assert "Reported Cole's September 11 statement on the embassy" in everything  # footnote 1
    # footnotes sit at the foot of the page that cites them, before the Sources list
    notes_at = next(i for i, p in enumerate(pages) if "Published footage of Cole" in p)
    sources_at = max(i for i, p in enumerate(pages) if "Sources" in p and "BelTA. As reported" in p)
    assert notes_at < sources_at
