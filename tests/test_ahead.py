"""A build shares its work with a second process: a watch's worker writes the DOCX from the last
build's pages (pipeline.ahead), a command-line build's forked child renders the PDF while the DOCX
is written from them (pipeline.forked). The bytes are always those of a plain build, whether the
guess held or not, and whether the other process worked or failed."""

from __future__ import annotations

import pytest

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.layout.engine import LayoutOptions
from briefbuilder.pipeline.ahead import DocxAhead, Paging
from briefbuilder.pipeline.items import build_item
from helpers import BRIEF


@pytest.fixture(scope="module")
def ahead():
    worker = DocxAhead.start()
    yield worker
    worker.close()


def test_the_docx_written_ahead_is_the_docx_of_a_build(ahead: DocxAhead) -> None:
    brief = load_brief(BRIEF).brief
    analyst = TemplateSet.default().resolve("analyst")
    options = LayoutOptions(source_date_epoch=0)
    plain = build_item(brief, analyst, ["docx", "pdf"], options).artifacts
    first = build_item(brief, analyst, ["docx", "pdf"], options, ahead=ahead).artifacts  # no guess yet
    assert any(k.endswith("\nanalyst") for k in ahead.last)
    guessed = build_item(brief, analyst, ["docx", "pdf"], options, ahead=ahead).artifacts
    assert [a.data for a in plain] == [a.data for a in first] == [a.data for a in guessed]


def test_a_wrong_guess_is_written_again_here(ahead: DocxAhead, monkeypatch) -> None:
    brief = load_brief(BRIEF).brief
    analyst = TemplateSet.default().resolve("analyst")
    options = LayoutOptions(source_date_epoch=0)
    plain = build_item(brief, analyst, ["docx"], options).artifacts[0].data
    key = next(k for k in ahead.last if k.endswith("\nanalyst"))
    right = ahead.last[key]
    ahead.remember(key, Paging({k: v + 1 for k, v in (right.heading_pages or {}).items()}, 99))
    used: list[bool] = []
    from briefbuilder.pipeline import ahead as module

    real = module.PoolGuess.result

    def result(self: module.PoolGuess, document: object) -> bytes | None:
        got = real(self, document)  # type: ignore[arg-type]
        used.append(got is not None)
        return got

    monkeypatch.setattr(module.PoolGuess, "result", result)
    assert build_item(brief, analyst, ["docx"], options, ahead=ahead).artifacts[0].data == plain
    assert used == [False], "the guessed pages were wrong: its DOCX is not used"


def test_a_pdf_rendered_by_the_forked_child_gives_the_files_of_a_build(tmp_path, monkeypatch) -> None:
    import json

    import briefbuilder.writers.docx as docx_writer
    import briefbuilder.writers.pdf as pdf_writer
    from briefbuilder.pipeline.forked import ForkedPdf, _Child

    brief = load_brief(BRIEF).brief
    analyst = TemplateSet.default().resolve("analyst")
    options = LayoutOptions(source_date_epoch=0)
    key = f"{brief.id}\nanalyst"
    plain = [a.data for a in build_item(brief, analyst, ["docx", "pdf"], options).artifacts]
    here = {"pdf": 0, "docx": 0}

    def forked() -> ForkedPdf:  # as in a new process: pagings from the folder, a new child
        child = _Child.start()  # forked before the counters: the child has the real writers
        monkeypatch.setattr(pdf_writer, "render_pdf", _counted(here, "pdf", pdf_writer.render_pdf))
        monkeypatch.setattr(docx_writer, "write_docx", _counted(here, "docx", docx_writer.write_docx))
        return ForkedPdf(tmp_path, child)

    first = forked()
    assert _files(brief, analyst, options, first) == plain  # nothing to guess the DOCX from yet
    assert here == {"pdf": 0, "docx": 1}, "the PDF came from the child"
    first.close()
    monkeypatch.undo()
    (saved,) = tmp_path.glob("*.json")  # the pages, kept for the next build
    guessed = forked()
    assert guessed._read(key) == first.last[key]
    here.update(pdf=0, docx=0)
    assert _files(brief, analyst, options, guessed) == plain
    assert here == {"pdf": 0, "docx": 1}, "the DOCX written from the saved pages held"
    assert _files(brief, analyst, options, guessed) == plain, "the child serves the next item too"
    assert guessed.child is not None
    guessed.close()
    monkeypatch.undo()
    pages, count, starts = json.loads(saved.read_text("utf-8"))
    saved.write_text(json.dumps([{k: v + 1 for k, v in pages.items()}, count + 5, starts]), "utf-8")
    stale = forked()
    here.update(pdf=0, docx=0)
    assert _files(brief, analyst, options, stale) == plain
    assert here == {"pdf": 0, "docx": 2}, "a wrong guess: the DOCX is written again with the PDF's pages"
    stale.close()
    monkeypatch.undo()
    saved.write_text("not json", "utf-8")
    broken = forked()
    assert _files(brief, analyst, options, broken) == plain
    broken.close()


def test_a_child_that_fails_or_dies_leaves_the_pdf_to_this_process(tmp_path, monkeypatch) -> None:
    import briefbuilder.writers.pdf as pdf_writer
    from briefbuilder.pipeline.forked import ForkedPdf, _Child

    brief = load_brief(BRIEF).brief
    executive = TemplateSet.default().resolve("executive")
    options = LayoutOptions(source_date_epoch=0)
    plain = [a.data for a in build_item(brief, executive, ["docx", "pdf"], options).artifacts]

    def broken(document: object) -> object:
        raise RuntimeError("the child's writer failed")

    real = pdf_writer.render_pdf
    monkeypatch.setattr(pdf_writer, "render_pdf", broken)
    failing = ForkedPdf(tmp_path, _Child.start())  # the child has the broken writer
    monkeypatch.setattr(pdf_writer, "render_pdf", real)
    assert _files(brief, executive, options, failing) == plain
    assert failing.child is None, "a failed child is stopped; the PDF was rendered here"
    dead = ForkedPdf(tmp_path, _Child.start())
    assert dead.child is not None
    import os
    import signal

    os.kill(dead.child.pid, signal.SIGKILL)
    assert _files(brief, executive, options, dead) == plain
    assert dead.child is None


def _counted(counts: dict[str, int], name: str, real):  # type: ignore[no-untyped-def]
    def counted(document):  # type: ignore[no-untyped-def]
        counts[name] += 1
        return real(document)

    return counted


def _files(brief, audience, options, ahead) -> list[bytes]:
    return [a.data for a in build_item(brief, audience, ["docx", "pdf"], options, ahead=ahead).artifacts]
