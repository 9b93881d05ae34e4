"""Parity: LibreOffice lays out each DOCX on the PDF's pages (issue #15).

For every shipped audience of the shipped brief and of a second brief of another shape, the
DOCX converted by LibreOffice has the PDF's page count and each level-1 heading starts on the
same page. All DOCX files are converted in one LibreOffice run (``output.render_check``).
Skipped when LibreOffice is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder import api
from briefbuilder.output.render_check import RenderReport, render_check, soffice
from helpers import BRIEF, ROOT

SECOND = ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"
AUDIENCES = ("analyst", "executive", "press")
# The analyst audiences have footnotes: both files set them at the foot of the page that cites
# them (the PDF keeps a line and its note on one page, as LibreOffice does), so their pages agree.
# One case still differs, for reasons in the DOCX, not in its footnotes (LibreOffice 7.4); with
# the three changed by hand in its XML, LibreOffice lays it out on the PDF's 9 pages, every
# heading on the PDF's page:
# - the timeline figure's caption ("Image Caption") inherits keepNext from "caption", and the
#   timeline table, which has no caption, gets keepNext on every row (docx._table keeps a table
#   whole whenever it fits a page): LibreOffice keeps figure, caption and the whole table
#   together where the PDF splits the table (pages 7-10);
# - "Context" (H1), kept with "Sanctions history" (H2) and its paragraph, stays alone at the foot
#   of page 3 while they move to page 4 as in the PDF: LibreOffice moves a heading that starts a
#   page back when it re-lays the pages out, and keeps nothing with it then (without the contents
#   page it does not happen; a page break before the heading, space before 0, avoids it).
DOCX_DIFFERS = {"us-belarus-normalization-analyst"}

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RenderReport]:
    out = tmp_path_factory.mktemp("parity")
    for brief in (BRIEF, SECOND):
        api.build(brief, audience=",".join(AUDIENCES), formats=["docx", "pdf"], out_dir=out)
    return {r.name: r for r in render_check(out)}


@pytest.mark.parametrize("brief", [BRIEF, SECOND], ids=lambda p: Path(p).stem)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_libreoffice_lays_the_docx_out_on_the_pdfs_pages(
    reports, brief: Path, audience: str, request: pytest.FixtureRequest
) -> None:
    name = f"{Path(brief).stem}-{audience}"
    if name in DOCX_DIFFERS:  # strict: once the DOCX agrees, this says so
        reason = "LibreOffice keeps the timeline table with its figure and leaves an H1 alone"
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))
    report = reports[name]
    assert report.ok, "\n".join(report.problems)
    assert report.docx_pages == report.pdf_pages


def test_the_executive_one_pager_is_one_page_in_both(reports) -> None:
    for brief in (BRIEF, SECOND):
        report = reports[f"{Path(brief).stem}-executive"]
        assert report.pdf_pages == report.docx_pages == 1
