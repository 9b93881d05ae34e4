"""A watch writes the DOCX on a second core from the last build's pages (pipeline.ahead): the
bytes are always those of a plain build, whether the guess held or not."""

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


def test_a_forked_docx_is_the_docx_of_a_build_and_a_stale_cache_is_harmless(tmp_path) -> None:
    import json

    from briefbuilder.pipeline.forked import ForkedDocx, _Child

    brief = load_brief(BRIEF).brief
    analyst = TemplateSet.default().resolve("analyst")
    options = LayoutOptions(source_date_epoch=0)
    key = f"{brief.id}\nanalyst"
    plain = [a.data for a in build_item(brief, analyst, ["docx", "pdf"], options).artifacts]

    def forked() -> ForkedDocx:  # as in a new process: pagings from the folder, a new child
        return ForkedDocx(tmp_path, _Child.start())

    first = forked()
    assert _files(brief, analyst, options, first) == plain  # nothing to guess from yet
    first.close()
    (saved,) = tmp_path.glob("*.json")  # the pages, kept for the next build
    guessed = forked()
    assert guessed._read(key) == first.last[key]
    assert _files(brief, analyst, options, guessed) == plain
    assert guessed.child is not None, "the guess held: the child wrote the DOCX"
    assert _files(brief, analyst, options, guessed) == plain, "and it serves the next item too"
    guessed.close()
    pages, count, starts = json.loads(saved.read_text("utf-8"))
    saved.write_text(json.dumps([{k: v + 1 for k, v in pages.items()}, count + 5, starts]), "utf-8")
    stale = forked()
    assert _files(brief, analyst, options, stale) == plain
    assert stale.child is None, "a wrong guess stops the child; the DOCX is written here"
    saved.write_text("not json", "utf-8")
    broken = forked()
    assert _files(brief, analyst, options, broken) == plain
    broken.close()


def _files(brief, audience, options, ahead) -> list[bytes]:
    return [a.data for a in build_item(brief, audience, ["docx", "pdf"], options, ahead=ahead).artifacts]
