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
from pikepdf import Array, Dictionary, Name, String

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.layout.document import Document
from briefbuilder.pipeline.items import document_for
from briefbuilder.writers import pdf, pdf_finish
from briefbuilder.writers.pdf_canvas import BriefCanvas
from briefbuilder.writers.pdf_elements import KEEP_EMPTY, own_page
from briefbuilder.writers.pdf_tags import Elem, Mcr, Objr, StructTree

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
    saved, kept, _info = pdf_finish._finished(*captured[0])
    assert b"/Type /StructElem" not in saved  # placeholders: arrays of references
    assert final.count(b"/Type /StructElem") == len(kept) > 100


SPLICED = [("shipped", "analyst"), ("scripts", "press"), ("harbour", "executive")]


@pytest.mark.parametrize(("name", "audience"), SPLICED)
def test_spliced_elements_are_the_bytes_qpdf_writes_with_the_real_dictionaries(
    captured: list[tuple[bytes, StructTree, Any]], monkeypatch: pytest.MonkeyPatch, name: str, audience: str
) -> None:
    final = pdf.render_pdf(_document(name, audience)).data
    monkeypatch.setattr(pdf_finish._Structure, "_element", _real_element)
    monkeypatch.setattr(pdf_finish, "splice", lambda data, *_: data)
    assert pdf_finish.finish(*captured[0]) == final
    with pikepdf.open(io.BytesIO(final)) as read:  # and qpdf reads the spliced file cleanly
        assert read.check_pdf_syntax() == []


def _real_element(self: Any, elem: Elem, parent: Dictionary) -> Dictionary | None:
    """The structure element as a pikepdf dictionary, as the finishing pass wrote it before
    ``pdf_elements``: the reference the splice must match byte for byte."""
    obj = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + elem.role), P=parent))
    page = own_page(elem)
    if page is not None:
        obj.Pg = self.pages[page - 1]
    kids: list[Any] = []
    for kid in elem.kids:
        if isinstance(kid, Elem):
            child = _real_element(self, kid, obj)
            if child is not None:
                kids.append(child)
        elif isinstance(kid, Mcr):
            if kid.page == page:
                kids.append(kid.mcid)
            else:
                kids.append(Dictionary(Type=Name.MCR, Pg=self.pages[kid.page - 1], MCID=kid.mcid))
        else:
            assert isinstance(kid, Objr)
            kids.append(Dictionary(Type=Name.OBJR, Obj=self.annots[kid], Pg=self.pages[kid.page - 1]))
    if not kids and elem.role not in KEEP_EMPTY:
        return None
    if kids:
        obj.K = kids[0] if len(kids) == 1 else Array(kids)
    if elem.alt is not None:
        obj.Alt = String(elem.alt)
    if elem.attrs:
        obj.A = Dictionary({"/" + k: Name("/" + v) for k, v in elem.attrs.items()})
    if elem.ident is not None:
        obj.ID = String(elem.ident)
    if elem.actual_text is not None:
        obj.ActualText = String(elem.actual_text)
    self.objects[id(elem)] = obj
    return obj


def test_giving_memory_back_is_harmless() -> None:
    pdf_finish.give_back_memory()
    pdf_finish.give_back_memory()
