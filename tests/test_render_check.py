"""render_check.compare, without LibreOffice: the page count and the page of every heading of
levels 1 and 2 (a level-2 heading that moves is caught too), recurring titles matched in order."""

from __future__ import annotations

import dataclasses

from briefbuilder.layout.document import Heading, PageBreak, Para, Text
from briefbuilder.output.render_check import compare
from briefbuilder.writers.pdf import render_pdf
from conftest import make_sample_document


def pdf(*blocks: object) -> bytes:
    return render_pdf(dataclasses.replace(make_sample_document(), blocks=blocks)).data  # type: ignore[arg-type]


def test_a_level_two_heading_on_another_page_is_reported() -> None:
    body = Para((Text("Text."),))
    head = (Heading(1, "Context", "c"), Heading(2, "Before", "b"), body)
    one = pdf(*head, Heading(2, "After", "a"), body)
    two = pdf(*head, PageBreak(), Heading(2, "After", "a"), body)
    report = compare("x", one, two)
    assert report.problems == (
        "LibreOffice lays the DOCX out on 2 pages, the PDF has 1",
        "heading 'After' starts on page 2 of the DOCX, page 1 of the PDF",
    )
    assert compare("x", two, two).ok


def test_a_title_that_recurs_is_matched_in_order() -> None:
    body = Para((Text("Text."),))
    one = pdf(Heading(1, "Notes", "n1"), body, PageBreak(), Heading(1, "Notes", "n2"), body)
    two = pdf(Heading(1, "Notes", "n1"), body, Heading(1, "Notes", "n2"), body, PageBreak(), body)
    report = compare("x", one, two)
    assert report.problems == ("heading 'Notes' starts on page 1 of the DOCX, page 2 of the PDF",)
