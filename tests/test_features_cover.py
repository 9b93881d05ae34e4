"""Cover options in templates: cover page, block or none; a logo checked when it is loaded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.errors import InvalidInput
from helpers import BRIEF, run_cli


def png(path: Path, size: tuple[int, int] = (40, 20), fmt: str = "PNG") -> None:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (31, 58, 95)).save(buffer, format=fmt)
    path.write_bytes(buffer.getvalue())


def resolve(folder: Path, text: str, name: str = "custom"):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, "utf-8")
    return TemplateSet.default(folder).resolve(name)


def problem(folder: Path, text: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        resolve(folder, text)
    (found,) = caught.value.problems
    return str(found)


def test_a_logo_next_to_the_template_is_read_with_its_size(tmp_path: Path) -> None:
    png(tmp_path / "mark.png", (40, 20))
    audience = resolve(tmp_path, "extends: press\nlogo: mark.png\n")
    assert audience.logo is not None
    assert (audience.logo.format, audience.logo.width_px, audience.logo.height_px) == ("png", 40, 20)


def test_an_inherited_logo_stays_next_to_the_template_that_names_it(tmp_path: Path) -> None:
    audience = resolve(tmp_path, "extends: analyst\ndescription: mine\n")
    shipped = Path(__file__).resolve().parents[1] / "templates" / "logo.png"
    assert audience.logo is not None and audience.logo.data == shipped.read_bytes()
    assert resolve(tmp_path, "extends: analyst\nlogo: none\n").logo is None


@pytest.mark.parametrize(
    ("logo", "setup", "message"),
    [
        ("../outside.png", "outside", "goes up with '..'; assets must be inside this file's folder"),
        ("/etc/passwd", None, "is an absolute path"),
        ("missing.png", None, "'missing.png': file not found in"),
        ("notes.txt", "text", "notes.txt: is not a PNG or JPEG image"),
        ("anim.gif", "gif", "anim.gif: is not a PNG or JPEG image"),
        ("huge.png", "huge", "is 4,100 x 4,100 pixels"),
    ],
)
def test_a_bad_logo_is_reported_with_its_place_in_the_template(
    tmp_path: Path, logo: str, setup: str | None, message: str
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    if setup == "outside":
        png(tmp_path / "outside.png")
    elif setup == "text":
        (folder / "notes.txt").write_text("not a picture", "utf-8")
    elif setup == "gif":
        png(folder / "anim.gif", fmt="GIF")
    elif setup == "huge":
        png(folder / "huge.png", (4100, 4100))
    found = problem(folder, f"extends: press\ndescription: x\nlogo: {logo}\n")
    assert found.startswith(f"{folder / 'custom.yaml'}:3:7: logo: ")
    assert message in found


def test_cover_takes_page_block_or_none(tmp_path: Path) -> None:
    assert resolve(tmp_path, "extends: press\ncover: page\n").cover == "page"
    assert resolve(tmp_path, "extends: press\ncover: none\n").cover == "none"
    found = problem(tmp_path, "extends: press\ncover: true\n")
    assert "cover: expected one of 'page', 'block', 'none', got 'true'" in found


def test_build_with_a_bad_logo_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "partners.yaml").write_text("extends: press\nlogo: nowhere.png\n", "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", BRIEF, "--templates", folder, "--audience", "partners", "--out", out)
    assert result.code == 2
    assert "logo: 'nowhere.png': file not found" in result.err
    assert not out.exists() or not any(out.iterdir())
