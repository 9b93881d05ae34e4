"""docProps/app.xml: Pages is the PDF's page count: the build lays the PDF out for every DOCX
(its pages are the PDF's), whether or not the PDF is asked for."""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

import briefbuilder
from briefbuilder.pipeline.items import pdf_page_count
from helpers import BRIEF

EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def app_properties(docx: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("docProps/app.xml"))
    return {child.tag.removeprefix(EP): child.text or "" for child in root}


def test_the_analyst_docx_gives_the_pdfs_page_count() -> None:
    built = {a.fmt: a.data for a in briefbuilder.render(BRIEF, audience="analyst", formats=["docx", "pdf"])}
    pages = pdf_page_count(built["pdf"])
    assert pages > 1 and app_properties(built["docx"])["Pages"] == str(pages)


def test_the_analyst_docx_gives_the_page_count_when_the_pdf_is_not_asked_for() -> None:
    (docx,) = briefbuilder.render(BRIEF, audience="analyst", formats=["docx"])
    assert app_properties(docx.data)["Pages"] == "8"


def test_the_executive_docx_gives_the_page_count_its_budget_was_checked_on(shipped) -> None:
    pages = pdf_page_count(shipped["us-belarus-normalization-executive.pdf"])
    assert app_properties(shipped["us-belarus-normalization-executive.docx"])["Pages"] == str(pages)


def test_without_contents_or_budget_pages_is_the_pdfs_whatever_the_formats() -> None:
    """Press has no contents and no page budget: its DOCX is the same with or without the PDF,
    and gives the PDF's page count."""
    both = {a.fmt: a.data for a in briefbuilder.render(BRIEF, audience="press", formats=["docx", "pdf"])}
    (alone,) = briefbuilder.render(BRIEF, audience="press", formats=["docx"])
    properties = app_properties(both["docx"])
    assert properties["Pages"] == str(pdf_page_count(both["pdf"])) and properties["Words"] != "0"
    assert alone.data == both["docx"]


def test_a_title_as_long_as_a_core_property_holds_builds_whole(tmp_path) -> None:
    from helpers import ROOT

    other = ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"
    title = " ".join(["Barrier"] * 31)  # padded below to 255 characters: the cap on titles
    title = title + "s" * (255 - len(title))
    brief = tmp_path / "long.yaml"
    brief.write_text(other.read_text().replace("Port Aldane approves its tidal flood barrier", title, 1))
    (built,) = briefbuilder.render(brief, audience="press", formats=["docx"])
    props = docx.Document(io.BytesIO(built.data)).core_properties
    assert props.title == title and len(title) == 255
