"""A reference .docx restyles the DOCX (pandoc's --reference-doc): its styles and theme win, the
page stays the template's, missing styles fall back to the built-in ones with a warning."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import docx
import pytest

from briefbuilder import api
from briefbuilder.errors import InvalidInput
from briefbuilder.writers.docx_reference import builtin_reference, missing_styles
from helpers import BRIEF

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def red_heading_reference(tmp_path: Path) -> Path:
    """The built-in reference with Heading 1 made red, as a user would in Word."""
    opened = docx.Document(io.BytesIO(builtin_reference()))
    from docx.shared import RGBColor

    opened.styles["Heading 1"].font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
    path = tmp_path / "red.docx"
    opened.save(str(path))
    return path


def test_the_builtin_reference_has_every_style_the_writer_needs(tmp_path: Path) -> None:
    path = tmp_path / "reference.docx"
    path.write_bytes(builtin_reference())
    assert missing_styles(path) == []


def test_a_red_heading_1_in_the_reference_makes_the_docx_heading_1_red(tmp_path: Path) -> None:
    reference = red_heading_reference(tmp_path)
    (artifact,) = api.render(BRIEF, audience="press", formats=["docx"], reference_doc=reference)
    opened = docx.Document(io.BytesIO(artifact.data))
    assert str(opened.styles["Heading 1"].font.color.rgb) == "FF0000"
    headings = [p for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings and all(not p.runs[0].font.color.rgb for p in headings)  # by the style alone
    section = opened.sections[0]  # the page stays the template's
    assert abs(section.left_margin.mm - 20) < 0.1 and abs(section.page_width.mm - 210) < 0.1


def test_styles_a_reference_lacks_keep_the_builtin_ones_with_a_warning(tmp_path: Path) -> None:
    import subprocess

    pandoc = tmp_path / "pandoc.docx"
    try:
        pandoc.write_bytes(
            subprocess.run(
                ["pandoc", "--print-default-data-file", "reference.docx"], capture_output=True, check=True
            ).stdout
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("pandoc is not installed")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (artifact,) = api.render(BRIEF, audience="executive", formats=["docx"], reference_doc=pandoc)
    assert any("Brief Lead" in str(w.message) for w in caught if w.category is api.ReferenceDocWarning)
    with zipfile.ZipFile(io.BytesIO(artifact.data)) as z:
        styles = z.read("word/styles.xml").decode()
    assert 'w:styleId="BriefLead"' in styles and 'w:styleId="FirstParagraph"' in styles


def test_an_unreadable_reference_is_invalid_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip", "utf-8")
    with pytest.raises(InvalidInput):
        api.plan([BRIEF], audience="press", reference_doc=bad)


def test_a_template_names_its_reference_relative_to_its_folder(tmp_path: Path) -> None:
    from briefbuilder.audience.templates import TemplateSet

    red_heading_reference(tmp_path)
    (tmp_path / "house.yaml").write_text("extends: press\nlook:\n  reference_docx: red.docx\n", "utf-8")
    look = TemplateSet.default(tmp_path).resolve("house").look
    assert look.reference_docx == (tmp_path / "red.docx").resolve()
    (artifact,) = api.render(BRIEF, audience="house", formats=["docx"], templates=tmp_path)
    assert str(docx.Document(io.BytesIO(artifact.data)).styles["Heading 1"].font.color.rgb) == "FF0000"


def test_reference_doc_command_prints_the_builtin_one(tmp_path: Path) -> None:
    from briefbuilder.cli import main

    out = tmp_path / "custom.docx"
    assert main(["reference-doc", "-o", str(out)]) == 0
    assert out.read_bytes() == builtin_reference()
