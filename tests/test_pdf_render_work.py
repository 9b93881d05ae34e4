"""The PDF writer does each piece of work once: a paragraph's lines are broken once per width,
however often platypus measures it; markup colours are in the form reportlab reads at once."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import toColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as rl_paragraph

from briefbuilder.layout.document import Document
from briefbuilder.writers.pdf import write_pdf
from briefbuilder.writers.pdf_bidi import ScriptParagraph
from briefbuilder.writers.pdf_markup import markup_color

TEXT = "A paragraph long enough to run over several lines at the narrower of the two widths. " * 3


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The widths reportlab breaks paragraphs at, as it breaks them."""
    widths: list[float] = []
    original = rl_paragraph.Paragraph.breakLines

    def counting(self: rl_paragraph.Paragraph, width: list[float]) -> object:
        widths.append(width[-1])
        return original(self, width)

    monkeypatch.setattr(rl_paragraph.Paragraph, "breakLines", counting)
    return widths


def test_a_paragraph_wrapped_again_at_its_width_keeps_its_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    widths = _counted(monkeypatch)
    para = ScriptParagraph(TEXT, ParagraphStyle("body", fontSize=10, leading=12))
    first = para.wrap(200, 1000)
    lines = para.blPara
    assert para.wrap(200, 500) == first
    assert para.blPara is lines
    assert widths == [200]


def test_a_paragraph_wrapped_at_another_width_is_broken_again(monkeypatch: pytest.MonkeyPatch) -> None:
    widths = _counted(monkeypatch)
    para = ScriptParagraph(TEXT, ParagraphStyle("body", fontSize=10, leading=12))
    _w, narrow = para.wrap(150, 1000)
    _w, wide = para.wrap(400, 1000)
    _w, again = para.wrap(150, 1000)
    assert widths == [150, 400, 150]
    assert wide < narrow == again


def test_a_document_breaks_each_paragraph_once_and_renders_alike(
    monkeypatch: pytest.MonkeyPatch, sample_document: Document
) -> None:
    plain = write_pdf(sample_document)
    widths = _counted(monkeypatch)
    seen: set[int] = set()
    original = ScriptParagraph.wrap

    def tracking(self: ScriptParagraph, availWidth: float, availHeight: float) -> tuple[float, float]:
        seen.add(id(self))
        return original(self, availWidth, availHeight)

    monkeypatch.setattr(ScriptParagraph, "wrap", tracking)
    assert write_pdf(sample_document) == plain
    assert len(widths) <= len(seen) * 1.1  # a split's parts and a rare new width aside


def test_markup_colours_are_the_colours_reportlab_reads_from_hex() -> None:
    for hex_ in ("#1F3A5F", "#000000", "#ffffff", "#0aF09b"):
        assert markup_color(hex_).startswith("rgb(")
        assert toColor(markup_color(hex_)).__dict__ == toColor(hex_).__dict__
    assert markup_color("navy") == "navy"
