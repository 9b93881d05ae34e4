"""lint's length rule counts pages once per document: the count is kept by the document's hash,
and a document over its budget is reported as build reports it, cached or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.errors import BuildError
from briefbuilder.pipeline import pages
from helpers import BRIEF

TIGHT = Path(__file__).parent / "fixtures" / "lint" / "templates"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(pages, "_folder", lambda: tmp_path)
    return tmp_path


def test_the_count_is_the_pdf_writers_and_is_kept(folder: Path, monkeypatch) -> None:
    from briefbuilder.pipeline import document_for
    from briefbuilder.writers.pdf import render_pdf

    brief = load_brief(BRIEF).brief
    document = document_for(brief, TemplateSet.default().resolve("analyst"))
    count = render_pdf(document).page_count
    assert pages.page_count(document) == count
    assert len(list(folder.glob("*.pages"))) == 1
    import briefbuilder.writers.pdf as pdf

    monkeypatch.setattr(pdf, "render_pdf", lambda d: pytest.fail("written again"))
    assert pages.page_count(document) == count  # from the folder


def test_over_budget_is_reported_as_build_reports_it_cached_or_not(folder: Path) -> None:
    brief = load_brief(BRIEF).brief
    tight = TemplateSet.default(TIGHT).resolve("tight")
    messages = []
    for _ in range(2):
        with pytest.raises(BuildError) as caught:
            pages.check_page_budget(brief, tight)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "over the budget of 1" in messages[0]


def test_a_brief_checked_again_unchanged_is_not_laid_out_again(folder: Path, monkeypatch) -> None:
    """The verdict (within budget, or build's message) is kept by the brief, the audience and the
    code: the second check lays nothing out, and says exactly what the first said."""
    import dataclasses

    import briefbuilder.pipeline.items as items

    brief = load_brief(BRIEF).brief
    roomy = TemplateSet.default().resolve("executive")
    tight = TemplateSet.default(TIGHT).resolve("tight")
    assert roomy.page_budget is not None
    pages.check_page_budget(brief, roomy)
    with pytest.raises(BuildError) as first:
        pages.check_page_budget(brief, tight)
    assert len(list(folder.glob("*.budget"))) == 2

    monkeypatch.setattr(items, "document_for", lambda *a, **k: pytest.fail("laid out again"))
    pages.check_page_budget(brief, roomy)
    with pytest.raises(BuildError) as again:
        pages.check_page_budget(brief, tight)
    assert str(again.value) == str(first.value)

    edited = dataclasses.replace(brief, title=brief.title + " (revised)")
    with pytest.raises(pytest.fail.Exception, match="laid out again"):
        pages.check_page_budget(edited, roomy)  # another brief: another verdict, laid out


def test_the_verdict_depends_on_the_packages_code(folder: Path, monkeypatch) -> None:
    brief = load_brief(BRIEF).brief
    roomy = TemplateSet.default().resolve("executive")
    pages.check_page_budget(brief, roomy)
    stamp = pages._package_stamp()
    assert any(isinstance(f, tuple) and str(f[0]).startswith("layout") for f in stamp)  # the layout code
    monkeypatch.setattr(pages, "_package_stamp", lambda: (*stamp, ("layout/engine.py", 1, 2)))
    pages.check_page_budget(brief, roomy)
    assert len(list(folder.glob("*.budget"))) == 2
