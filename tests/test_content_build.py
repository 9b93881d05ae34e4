"""End to end, through the public API: a copy of the shipped brief with recommendations (one
internal) and a section of its own (a paragraph, a table from a CSV file with a quoted comma, a
figure with alt text) passes `check` and builds for analysts and the press; every new text is in
both formats for analysts, nothing internal reaches the press files, and the DOCX picture carries
its alt text. Briefs of other subjects build too."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import briefbuilder
from briefbuilder.output.verify import normalise
from helpers import BRIEF, ROOT, docx_text, pdf_text

CONTENT = ROOT / "tests" / "fixtures" / "content"
ALT = "Bar chart: ferry passengers rose from 1.8 million in 2022 to 3.0 million in 2025."
INTERNAL = "Brief the principals before the Belavia listing is settled, on the desk's own count."

ADDED = f"""
recommendations:
  - id: watch-ofac
    text: "Track OFAC's sanctions lists for the Belavia delisting each week."
    rationale: "Cole's announcement and OFAC's listing disagreed as of 17:00 Moscow time."
    sources: [ofac]
  - id: brief-principals
    text: "{INTERNAL}"
    rationale: "Internal reasoning that the public must not read."
    release: internal

custom_sections:
  - key: test_annex
    heading: "Test annex of the tests"
    blocks:
      - paragraph: "A paragraph the test added, with a [link](https://example.org/annex)."
        sources: [article]
      - table:
          caption: "Fares by route, a test table"
          csv: fares.csv
          source: article
      - figure:
          image: passengers.png
          alt: "{ALT}"
          caption: "Passengers by year, a test figure."
          credit: "Test credit line"
"""
NEW_TEXTS = (
    "Track OFAC's sanctions lists for the Belavia delisting each week.",
    "Cole's announcement and OFAC's listing disagreed as of 17:00 Moscow time.",
    INTERNAL,
    "Internal reasoning that the public must not read.",
    "Recommendations",
    "Test annex of the tests",
    "A paragraph the test added, with a link.",
    "Fares by route, a test table",
    "Harbour, Old Town",  # the cell with a quoted comma
    "Single fare (crowns)",
    "1,204,000",
    "Island loop (summer only, weekends)",
    "Figure 2. Passengers by year, a test figure. Credit: Test credit line",
)


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("extended")
    shutil.copy(CONTENT / "ferry-fares.csv", folder / "fares.csv")
    shutil.copy(CONTENT / "ferry-passengers.png", folder / "passengers.png")
    path = folder / "us-belarus-extended.yaml"
    path.write_text(BRIEF.read_text("utf-8") + ADDED, "utf-8")
    return path


@pytest.fixture(scope="module")
def files(extended: Path) -> dict[str, bytes]:
    return {
        a.name: a.data
        for a in briefbuilder.render(extended, audience=["analyst", "press"], formats=["docx", "pdf"])
    }


def test_the_extended_copy_passes_check(extended: Path) -> None:
    assert (
        (ROOT / "tests" / "fixtures" / "content" / "ferry-fares.csv")
        .read_text("utf-8")
        .count('"Harbour, Old Town"')
    )
    assert briefbuilder.check(extended) == []


def test_every_new_text_is_in_both_formats_for_analysts(files: dict[str, bytes]) -> None:
    docx = normalise(docx_text(files["us-belarus-normalization-analyst.docx"]))
    pdf = normalise(pdf_text(files["us-belarus-normalization-analyst.pdf"]))
    for text in NEW_TEXTS:
        assert normalise(text) in docx, f"not in the DOCX: {text}"
        assert normalise(text) in pdf, f"not in the PDF: {text}"


def test_nothing_internal_reaches_the_press_files(files: dict[str, bytes]) -> None:
    press = {
        "docx": normalise(docx_text(files["us-belarus-normalization-press.docx"])),
        "pdf": normalise(pdf_text(files["us-belarus-normalization-press.pdf"])),
    }
    for fmt, text in press.items():
        for internal in (
            INTERNAL,
            "Internal reasoning that the public must not read.",
            "the desk's own count",
        ):
            assert normalise(internal) not in text, (fmt, internal)
        assert normalise("Track OFAC's sanctions lists for the Belavia delisting each week.") in text, fmt
        assert normalise("Harbour, Old Town") in text, fmt  # the public section is there
    raw = files["us-belarus-normalization-press.docx"] + files["us-belarus-normalization-press.pdf"]
    assert b"brief-principals" not in raw and b"desk's own count" not in raw


def _document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_the_docx_picture_carries_its_alt_text(files: dict[str, bytes]) -> None:
    root = _document_xml(files["us-belarus-normalization-analyst.docx"])
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    descriptions = [d.get("descr") for d in root.iter(f"{wp}docPr")]
    assert ALT in descriptions


def test_the_docx_table_repeats_its_header_row_and_describes_itself(files: dict[str, bytes]) -> None:
    root = _document_xml(files["us-belarus-normalization-analyst.docx"])
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    table = next(t for t in root.iter(f"{w}tbl") if "Harbour, Old Town" in "".join(t.itertext()))
    rows = table.findall(f"{w}tr")
    assert rows[0].find(f"{w}trPr/{w}tblHeader") is not None
    assert all(r.find(f"{w}trPr/{w}tblHeader") is None for r in rows[1:])
    caption = table.find(f"{w}tblPr/{w}tblCaption")
    assert caption is not None and caption.get(f"{w}val").startswith("Fares by route, a test table")
    fare = next(c for c in rows[1].findall(f"{w}tc") if "".join(c.itertext()) == "3.20")
    assert fare.find(f"{w}p/{w}pPr/{w}jc").get(f"{w}val") == "right"  # a number, aligned right


@pytest.mark.parametrize(
    "path",
    [
        CONTENT / "river-ferry-fares.yaml",
        ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml",
    ],
    ids=lambda p: p.stem,
)
def test_briefs_of_other_subjects_build_for_every_audience(path: Path) -> None:
    artifacts = briefbuilder.render(path, audience=["analyst", "executive", "press"], formats=["docx", "pdf"])
    assert len(artifacts) == 6 and all(a.data for a in artifacts)


def test_the_ferry_brief_says_the_same_in_both_formats_for_each_audience() -> None:
    for a in ("analyst", "press"):
        built = {x.fmt: x.data for x in briefbuilder.render(CONTENT / "river-ferry-fares.yaml", audience=a)}
        docx, pdf = normalise(docx_text(built["docx"])), normalise(pdf_text(built["pdf"]))
        for text in (
            "Who stands where",
            "Operators cannot carry a fare cut on goodwill alone",
            "Against, wants a fare freeze",
        ):
            assert normalise(text) in docx and normalise(text) in pdf, (a, text)
        internal = "The desk's own vote count gives the subsidy a majority of two."
        assert (normalise(internal) in docx) is (a == "analyst") and (normalise(internal) in pdf) is (
            a == "analyst"
        )
