"""Assets (logos, images): resolved only inside their folder, verified as PNG/JPEG under caps."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from briefbuilder.brief import assets
from briefbuilder.brief.yamlnodes import compose
from briefbuilder.errors import InvalidInput


def _png(width: int = 1, height: int = 1) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` (valid signature, IHDR and CRC) with 1 byte of data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale: tiny file
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    base = tmp_path / "templates"
    (base / "img").mkdir(parents=True)
    (base / "img" / "logo.png").write_bytes(_png())
    (tmp_path / "secret.png").write_bytes(_png())
    return base


def _resolve(base: Path, ref: str) -> Path:
    return assets.resolve_asset(base, ref, problem_path="logo", file="t.yaml")


def test_a_relative_path_inside_the_folder_resolves(folder: Path) -> None:
    assert _resolve(folder, "img/logo.png") == (folder / "img" / "logo.png").resolve()
    assert _resolve(folder, "./img/logo.png") == (folder / "img" / "logo.png").resolve()


def test_a_symlink_that_stays_inside_is_fine(folder: Path) -> None:
    (folder / "alias.png").symlink_to(folder / "img" / "logo.png")
    assert _resolve(folder, "alias.png") == (folder / "img" / "logo.png").resolve()


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("../secret.png", "goes up with '..'"),
        ("img/../../secret.png", "goes up with '..'"),
        ("img/../logo.png", "goes up with '..'"),
        ("/etc/passwd", "is an absolute path"),
        ("~/logo.png", "is an absolute path"),
        ("C:/logo.png", "is an absolute path"),
        ("img\\logo.png", "write paths with '/'"),
        ("", "got nothing"),
        ("img/lo\x00go.png", "no file name may hold"),
        ("missing.png", "file not found"),
        ("img", "not a regular file"),
    ],
)
def test_references_that_leave_the_folder_or_are_not_files_are_refused(
    folder: Path, ref: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        _resolve(folder, ref)
    (problem,) = info.value.problems
    assert reason in problem.message
    assert (problem.file, problem.path) == ("t.yaml", "logo")


def test_a_symlink_pointing_out_of_the_folder_is_refused(folder: Path) -> None:
    (folder / "img" / "evil.png").symlink_to(folder.parent / "secret.png")
    (folder / "sneaky").symlink_to(folder.parent)  # a linked folder on the way counts too
    for ref in ("img/evil.png", "sneaky/secret.png"):
        with pytest.raises(InvalidInput, match="symbolic link that leads outside"):
            _resolve(folder, ref)


def test_a_refused_reference_is_reported_at_its_position_in_the_template(folder: Path) -> None:
    node = compose("description: d\nlogo: ../secret.png\n", "t.yaml")
    value = node.value[1][1]
    with pytest.raises(InvalidInput) as info:
        assets.resolve_asset(folder, value.value, problem_path="logo", file="t.yaml", node=value)
    assert str(info.value.problems[0]).startswith("t.yaml:2:7: logo: '../secret.png' goes up with '..'")


def test_a_real_png_and_jpeg_pass_with_their_size_and_bytes(tmp_path: Path) -> None:
    png = tmp_path / "a.png"
    png.write_bytes(_png(1, 1))
    image = assets.check_image(png)
    assert (image.format, image.width, image.height, image.data) == ("PNG", 1, 1, png.read_bytes())
    jpg = tmp_path / "b.jpg"
    Image.new("RGB", (40, 20), "white").save(jpg, "JPEG")
    image = assets.check_image(jpg)
    assert (image.format, image.width, image.height, image.pixels) == ("JPEG", 40, 20, 800)


def test_format_is_judged_by_the_bytes_not_the_name(tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("this is not a picture\n")
    with pytest.raises(InvalidInput, match="is not a PNG or JPEG image"):
        assets.check_image(fake)
    gif = tmp_path / "logo2.png"
    Image.new("RGB", (2, 2)).save(gif, "GIF")
    with pytest.raises(InvalidInput, match="is not a PNG or JPEG image"):
        assets.check_image(gif)
    renamed_jpeg = tmp_path / "logo3.png"
    Image.new("RGB", (3, 2)).save(renamed_jpeg, "JPEG")
    assert assets.check_image(renamed_jpeg).format == "JPEG"


def test_png_signature_with_garbage_or_truncated_data_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "g.png"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not chunks " * 20)
    with pytest.raises(InvalidInput, match="PNG image"):
        assets.check_image(garbage)
    cut = tmp_path / "cut.png"
    cut.write_bytes(_png(64, 64)[:-30])
    with pytest.raises(InvalidInput, match="damaged or truncated PNG"):
        assets.check_image(cut)


@pytest.mark.parametrize(
    ("width", "height", "reason"),
    [
        (5000, 5000, "is 5,000 x 5,000 pixels"),
        (20000, 20000, "far larger than images may be"),  # over Pillow's own bomb limit
        (100_000, 1, "is 100,000 x 1 pixels"),
    ],
)
def test_huge_dimensions_are_refused_from_the_header_without_decoding(
    tmp_path: Path, width: int, height: int, reason: str
) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header_only(width, height))
    assert bomb.stat().st_size < 100
    start = time.perf_counter()
    with pytest.raises(InvalidInput, match=reason):
        assets.check_image(bomb)
    assert time.perf_counter() - start < 0.5


def test_too_many_bytes_are_refused_before_reading_them(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.truncate(assets.MAX_IMAGE_BYTES + 1)
    with pytest.raises(InvalidInput, match="images may be at most 8,388,608"):
        assets.check_image(big)


def test_check_image_never_follows_a_symlink_swapped_in_after_resolving(tmp_path: Path) -> None:
    real = tmp_path / "real.png"
    real.write_bytes(_png())
    link = tmp_path / "link.png"
    link.symlink_to(real)
    with pytest.raises(InvalidInput, match="cannot be read"):
        assets.check_image(link)


def test_image_problems_name_the_template_field_when_given(tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("nope")
    node = compose("logo: logo.png\n", "t.yaml").value[0][1]
    with pytest.raises(InvalidInput) as info:
        assets.check_image(fake, problem_path="logo", file="t.yaml", node=node)
    assert str(info.value.problems[0]).startswith("t.yaml:1:7: logo: logo.png: is not a PNG or JPEG")


def test_a_size_between_pillows_warning_and_error_limits_gets_our_message(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header_only(10_000, 10_000))  # 100 MP: Pillow only warns
    with pytest.raises(InvalidInput, match=r"is 10,000 x 10,000 pixels; images may be at most 16,777,216"):
        assets.check_image(bomb)
