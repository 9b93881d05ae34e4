"""The PDF writer's memory (issue #18): what it lets go of before the finishing pass, and the
structure elements written beside qpdf (``pdf_elements``) giving the very bytes qpdf writes with
the real dictionaries. Structural guards, not timings: a long brief's peak is measured by
``bench/round2.py``."""

from __future__ import annotations

import gc
import io
import weakref
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.layout.document import Document
from briefbuilder.pipeline.items import document_for
from briefbuilder.writers import pdf, pdf_finish
from briefbuilder.writers.pdf_canvas import BriefCanvas
from briefbuilder.writers.pdf_tags import StructTree

ROOT = Path(__file__).resolve().parents[1]
BRIEFS = {
    "shipped": ROOT / "data" / "us-belarus-normalization.yaml",
    "scripts": ROOT / "tests" / "fixtures" / "briefs" / "river-commission-scripts.yaml",  # RTL, UTF-16 Info
    "harbour": ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml",
}


def _document(name: str, audience: str = "analyst") -> Document:
    return document_for(load_brief(BRIEFS[name]).brief, TemplateSet.default().resolve(audience))


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, StructTree, Any]]:
    """What the writer hands the finishing pass: reportlab's file, the tree, the metadata."""
    calls: list[tuple[bytes, StructTree, Any]] = []
    real = pdf.finish

    def finish(data: bytes, tree: StructTree, meta: Any) -> bytes:
        calls.append((data, tree, meta))
        return real(data, tree, meta)

    monkeypatch.setattr(pdf, "finish", finish)
    return calls


def test_the_canvas_lets_go_of_its_pages_and_reportlabs_document_before_the_finishing_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}
    save = BriefCanvas.save

    def watched_save(self: BriefCanvas) -> None:
        seen["pages"] = len(self._pending_pages)
        seen["doc"] = weakref.ref(self._doc)
        seen["canvas"] = self
        save(self)

    real = pdf.finish

    def finish(data: bytes, tree: StructTree, meta: Any) -> bytes:
        gc.collect()
        seen["doc alive at finish"] = seen["doc"]() is not None
        seen["pages left at finish"] = len(seen["canvas"]._pending_pages)
        return real(data, tree, meta)

    monkeypatch.setattr(BriefCanvas, "save", watched_save)
    monkeypatch.setattr(pdf, "finish", finish)
    pdf.render_pdf(_document("shipped"))
    assert seen["pages"] > 1
    assert seen["doc alive at finish"] is False
    assert seen["pages left at finish"] == 0
    with pytest.raises(RuntimeError, match="the PDF was saved"):
        seen["canvas"]._doc.Catalog  # noqa: B018 (any use after saving is a bug, and says so)


def test_qpdf_never_holds_the_structure_elements_as_dictionaries(
    captured: list[tuple[bytes, StructTree, Any]],
) -> None:
    final = pdf.render_pdf(_document("shipped")).data
    saved, kept, _info = pdf_finish._finished(*captured[0], placeholders=True)
    assert b"/Type /StructElem" not in saved  # placeholders: arrays of references
    assert final.count(b"/Type /StructElem") == len(kept) > 100


SPLICED = [("shipped", "analyst"), ("scripts", "press"), ("harbour", "executive")]


@pytest.mark.parametrize(("name", "audience"), SPLICED)
def test_spliced_elements_are_the_bytes_qpdf_writes_with_the_real_dictionaries(
    captured: list[tuple[bytes, StructTree, Any]], monkeypatch: pytest.MonkeyPatch, name: str, audience: str
) -> None:
    final = pdf.render_pdf(_document(name, audience)).data
    assert pdf_finish._finished(*captured[0], placeholders=False)[0] == final
    with pikepdf.open(io.BytesIO(final)) as read:  # and qpdf reads the spliced file cleanly
        assert read.check_pdf_syntax() == []


def test_giving_memory_back_is_harmless() -> None:
    pdf_finish.give_back_memory()
    pdf_finish.give_back_memory()


def test_a_file_the_splice_does_not_recognise_gets_qpdfs_own_dictionaries(
    captured: list[tuple[bytes, StructTree, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another qpdf that lays its file out otherwise: the splice refuses it, and the build still
    gives the same file, the elements written by qpdf."""
    final = pdf.render_pdf(_document("harbour", "executive")).data

    def refuse(*_: object) -> bytes:
        raise ValueError("qpdf's cross-reference table is not as expected")

    monkeypatch.setattr(pdf_finish, "splice", refuse)
    assert pdf_finish.finish(*captured[0]) == final
