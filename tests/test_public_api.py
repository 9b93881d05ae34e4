"""The Python API, called as a service or notebook would: paths as str or Path, bytes in memory."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

import briefbuilder
from helpers import BRIEF, ROOT

OTHER = ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"


def test_the_public_names_are_listed_and_all_resolve() -> None:
    assert {"load_brief", "check", "build", "render", "InvalidInput", "BriefbuilderError"} <= set(
        briefbuilder.__all__
    )
    for name in briefbuilder.__all__:
        assert getattr(briefbuilder, name) is not None
    with pytest.raises(AttributeError):
        briefbuilder.no_such_name  # noqa: B018


def test_importing_the_package_loads_no_writer_library() -> None:
    heavy = "('docx', 'reportlab', 'PIL', 'jinja2')"
    code = f"import sys, briefbuilder; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("as_type", [str, Path])
def test_load_brief_takes_str_or_path(as_type: type) -> None:
    brief = briefbuilder.load_brief(as_type(OTHER))
    assert isinstance(brief, briefbuilder.Brief) and brief.id == "harbour-flood-barrier"


def test_check_is_empty_for_a_valid_brief_and_lists_located_problems_otherwise(tmp_path: Path) -> None:
    assert briefbuilder.check(BRIEF) == []
    bad = tmp_path / "bad.yaml"
    bad.write_text(OTHER.read_text().replace('date: "2026-03-04"\n', 'date: "2026-13-04"\n', 1))
    problems = briefbuilder.check(str(bad))
    assert problems and all(isinstance(p, briefbuilder.Problem) for p in problems)
    assert problems[0].file == str(bad) and problems[0].line == 6 and problems[0].path == "date"


def test_build_creates_the_output_folder_and_returns_the_paths(tmp_path: Path) -> None:
    out = tmp_path / "new" / "folder"
    paths = briefbuilder.build(OTHER, audience="press", out_dir=str(out))
    assert paths == [out / "harbour-flood-barrier-press.docx", out / "harbour-flood-barrier-press.pdf"]
    assert (
        docx.Document(str(paths[0])).core_properties.title == "Port Aldane approves its tidal flood barrier"
    )
    assert len(PdfReader(paths[1]).pages) >= 1


def test_build_takes_a_loaded_brief_a_list_of_audiences_and_formats(tmp_path: Path) -> None:
    brief = briefbuilder.load_brief(OTHER)
    paths = briefbuilder.build(brief, audience=["executive", "analyst"], formats=("pdf",), out_dir=tmp_path)
    assert [p.name for p in paths] == [
        "harbour-flood-barrier-executive.pdf",
        "harbour-flood-barrier-analyst.pdf",
    ]


def test_render_returns_bytes_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = briefbuilder.render(OTHER, audience="executive")
    assert [(f.name, f.fmt) for f in files] == [
        ("harbour-flood-barrier-executive.docx", "docx"),
        ("harbour-flood-barrier-executive.pdf", "pdf"),
    ]
    assert files[1].data.startswith(b"%PDF-") and docx.Document(io.BytesIO(files[0].data)).paragraphs
    assert list(tmp_path.iterdir()) == []


def test_bad_arguments_raise_one_invalid_input_naming_each(tmp_path: Path) -> None:
    with pytest.raises(briefbuilder.InvalidInput) as caught:
        briefbuilder.build(OTHER, audience="nobody", formats=["odt"], out_dir=tmp_path / "out")
    text = str(caught.value)
    assert "unknown format odt" in text and "unknown audience 'nobody'" in text
    assert isinstance(caught.value, briefbuilder.BriefbuilderError) and caught.value.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_a_page_budget_overrun_is_a_build_error(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "tiny.yaml").write_text("extends: analyst\npage_budget: 1\n")
    with pytest.raises(briefbuilder.BuildError, match="over the budget of 1"):
        briefbuilder.render(BRIEF, audience="tiny", templates=templates, formats=["pdf"])


def test_previous_edition_opens_the_documents_with_whats_new(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(
        OTHER.read_text().replace("31 votes to 9", "30 votes to 9").replace('version: "2"', 'version: "1"')
    )
    files = briefbuilder.render(OTHER, audience="analyst", formats=["pdf"], previous=old)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(files[0].data)).pages)
    assert "What's new" in text or "What’s new" in text
