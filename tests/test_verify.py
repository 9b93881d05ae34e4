"""`briefbuilder verify DIR`: the DOCX and PDF of each brief carry the same content."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from briefbuilder.output.verify import docx_content, normalise, verify_folder
from helpers import run_cli

ANALYST = "us-belarus-normalization-analyst"


def rewrite_docx(path: Path, old: str, new: str, count: int = 1) -> None:
    """Change a text in the DOCX's body, as if its writer had got it wrong."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                assert old.encode() in data, f"{old!r} is not in the DOCX"
                data = data.replace(old.encode(), new.encode(), count)
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())


@pytest.fixture
def copy(shipped_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    shutil.copytree(shipped_dir, folder)
    return folder


def test_a_fresh_build_of_every_audience_agrees(shipped_dir: Path) -> None:
    result = run_cli("verify", shipped_dir)
    assert result.code == 0, result.out + result.err
    lines = result.out.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["ok", "us-belarus-normalization-analyst:"],
        ["ok", "us-belarus-normalization-executive:"],
        ["ok", "us-belarus-normalization-press:"],
    ]
    assert "12 facts" in lines[0] and "6 quotes" in lines[0] and "8 footnotes" in lines[0]
    # 8 sources listed; the caveats are notes in their own style (Brief Note), counted as paragraphs
    assert "16 sections" in lines[0] and "8 source notes" in lines[0]


def test_a_changed_fact_is_reported_both_ways_and_fails(copy: Path) -> None:
    rewrite_docx(copy / f"{ANALYST}.docx", "Belavia continued to be listed", "Belavia was quietly delisted")
    result = run_cli("verify", copy)
    assert result.code == 3
    assert f"FAIL  {ANALYST}: 2 differences" in result.out
    assert "fact missing from the PDF: 'As of 17:00 Moscow time, Belavia was quietly delisted" in result.out
    assert (
        "text missing from the DOCX: 'As of 17:00 Moscow time, Belavia continued to be listed" in result.out
    )
    assert "ok    us-belarus-normalization-press" in result.out  # the other pairs still agree
    assert "1 of 3 pairs disagree." in result.out


def test_a_renamed_section_is_reported(copy: Path) -> None:
    rewrite_docx(copy / f"{ANALYST}.docx", ">Key judgments<", ">Main judgments<", count=-1)
    problems = next(r for r in verify_folder(copy) if r.name == ANALYST).problems
    assert "section 'Main judgments' (level 1) is in the DOCX but not in the PDF's outline" in problems
    assert "section 'Key judgments' (level 1) is in the PDF's outline but not in the DOCX" in problems


def test_a_dropped_quote_is_reported_both_ways(copy: Path) -> None:
    # a short quote runs inline: its sentence in the DOCX loses the words, the PDF keeps them
    rewrite_docx(copy / f"{ANALYST}.docx", ">good, but not great<", "><")
    result = run_cli("verify", "-q", copy)
    assert result.code == 3
    sentence = "On the current state of relations between Washington and Minsk, John Cole said: “"
    assert f"paragraph missing from the PDF: '{sentence}”.3'" in result.out, result.out
    assert f"text missing from the DOCX: '{sentence}good, bu" in result.out, result.out
    assert "ok " not in result.out  # -q prints only disagreements


def test_a_file_without_its_partner_is_reported(copy: Path) -> None:
    (copy / "us-belarus-normalization-press.pdf").unlink()
    result = run_cli("verify", copy)
    assert result.code == 3
    assert "us-belarus-normalization-press.pdf is missing" in result.out


def test_a_folder_without_documents_or_no_folder_is_invalid_input(tmp_path: Path) -> None:
    empty = run_cli("verify", tmp_path)
    assert empty.code == 2 and "no .docx or .pdf files" in empty.err
    missing = run_cli("verify", tmp_path / "nope")
    assert missing.code == 2 and "folder not found" in missing.err


def test_normalising_ignores_line_breaks_hyphens_quotes_and_ellipses() -> None:
    assert normalise("Belarusian-\nLithuanian “border” …") == normalise('Belarusian- Lithuanian "border"')
    assert normalise("a b") != normalise("a c")


def test_docx_content_reads_footnotes_without_their_marks(shipped) -> None:
    content = docx_content(shipped[f"{ANALYST}.docx"])
    footnotes = [i.text for i in content.items if i.kind == "footnote"]
    assert len(footnotes) == 8 and footnotes[0].startswith(" BelTA. As reported in")


def test_a_pdf_footnote_is_read_apart_from_the_text_it_interrupts() -> None:
    """The PDF sets a footnote at the foot of the page its citation is on: a paragraph going on
    over that page reads as one, and the footnote is still found (by the mark the DOCX shows)."""
    from briefbuilder.output.verify_read import _strip_footnotes

    found: list[str] = []
    page = normalise("A paragraph that goes on 4OFAC, the sanctions lists. 5BelTA, a report.")
    notes = (normalise("4OFAC, the sanctions lists."), normalise("5BelTA, a report."))
    assert _strip_footnotes(page, notes, found) == normalise("A paragraph that goes on")
    assert sorted(found) == sorted(notes)
