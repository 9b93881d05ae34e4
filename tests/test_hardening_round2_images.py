"""Images are re-encoded when checked: decoded under the pixel cap, made RGB(A), stripped of every
metadata chunk and of anything appended, saved again as PNG (or baseline JPEG, quality 90), so
writers only ever see clean RGB images, and nothing hidden in a logo reaches a document."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from briefbuilder.brief import assets
from briefbuilder.brief.assets import ImageAsset, check_image
from briefbuilder.errors import InvalidInput
from helpers import BRIEF, run_cli

SECRET = b"SECRET-do-not-ship-4711"


def _png_chunks(data: bytes) -> list[bytes]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pos, kinds = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kinds.append(data[pos + 4 : pos + 8])
        pos += 12 + length
        if kinds[-1] == b"IEND":
            assert pos == len(data), "bytes after IEND"
    return kinds


def _jpeg_markers(data: bytes) -> list[int]:
    """The marker bytes of a JPEG up to its image data (SOS), and check it ends at EOI."""
    assert data[:2] == b"\xff\xd8" and data.endswith(b"\xff\xd9")
    pos, markers = 2, []
    while True:
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        markers.append(marker)
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker == 0xDA:
            return markers
        pos += 2 + length


def _exif(orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010E] = SECRET.decode()  # ImageDescription
    exif[0x0131] = "Secret camera app"  # Software
    if orientation is not None:
        exif[0x0112] = orientation
    return exif.tobytes()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _png_with_text_and_exif() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET.decode())
    info.add_text("Author", SECRET.decode(), zip=True)
    info.add_itxt("Description", SECRET.decode())
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 200)).save(out, "PNG", pnginfo=info, exif=_exif())
    return out.getvalue()


def _cmyk_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("CMYK", (60, 30), (0, 100, 200, 0)).save(out, "JPEG", exif=_exif(), comment=SECRET)
    return out.getvalue()


def test_a_cmyk_jpeg_becomes_a_clean_rgb_baseline_jpeg(tmp_path: Path) -> None:
    asset = check_image(_write(tmp_path / "cmyk.jpg", _cmyk_jpeg()))
    assert (asset.format, asset.width, asset.height) == ("JPEG", 60, 30)
    with Image.open(io.BytesIO(asset.data)) as img:
        assert img.mode == "RGB" and img.format == "JPEG"
        assert "exif" not in img.info and "comment" not in img.info and "icc_profile" not in img.info
        r, _g, b = img.getpixel((30, 15))  # type: ignore[misc]
        assert r > 200 and b < 120  # the colour survives the conversion (roughly orange)
    markers = _jpeg_markers(asset.data)
    assert 0xC0 in markers  # baseline
    assert not {0xC1, 0xC2, 0xE1, 0xE2, 0xED, 0xEE, 0xFE} & set(markers)  # no EXIF, ICC, IPTC, Adobe, COM
    assert SECRET not in asset.data


def test_a_png_with_text_chunks_and_exif_is_stripped(tmp_path: Path) -> None:
    original = _png_with_text_and_exif()
    assert original.count(SECRET) >= 2 and b"eXIf" in original
    asset = check_image(_write(tmp_path / "t.png", original))
    assert asset.format == "PNG" and (asset.width, asset.height) == (40, 20)
    assert set(_png_chunks(asset.data)) <= {b"IHDR", b"IDAT", b"IEND"}
    assert SECRET not in asset.data and b"Secret camera" not in asset.data


def test_bytes_appended_after_iend_are_dropped(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (1, 2, 3, 128)).save(out, "PNG")
    polyglot = out.getvalue() + b"PK\x03\x04" + SECRET + b"<script>alert(1)</script>" * 10
    asset = check_image(_write(tmp_path / "poly.png", polyglot))
    assert _png_chunks(asset.data)[-1] == b"IEND"
    assert SECRET not in asset.data and b"PK\x03\x04" not in asset.data
    with Image.open(io.BytesIO(asset.data)) as img:
        assert img.mode == "RGBA" and img.getpixel((0, 0)) == (1, 2, 3, 128)


def test_bytes_appended_after_a_jpeg_and_its_exif_are_dropped(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "JPEG", exif=_exif(), progressive=True)
    asset = check_image(_write(tmp_path / "p.jpg", out.getvalue() + SECRET * 3))
    markers = _jpeg_markers(asset.data)
    assert 0xC0 in markers and 0xC2 not in markers and 0xE1 not in markers
    assert SECRET not in asset.data


@pytest.mark.parametrize(
    ("mode", "colour", "expected_mode", "expected"),
    [
        ("P", None, "RGBA", (255, 0, 0, 0)),  # a palette with a transparent entry
        ("L", 128, "RGB", (128, 128, 128)),
        ("LA", (128, 100), "RGBA", (128, 128, 128, 100)),
        ("1", 1, "RGB", (255, 255, 255)),
        ("I;16", 65535, "RGB", (255, 255, 255)),
        ("I;16", 32896, "RGB", (128, 128, 128)),
        ("RGBA", (9, 8, 7, 6), "RGBA", (9, 8, 7, 6)),
    ],
    ids=["palette+transparency", "grey", "grey+alpha", "1-bit", "16-bit white", "16-bit grey", "rgba"],
)
def test_every_png_mode_becomes_rgb_or_rgba(
    tmp_path: Path, mode: str, colour: object, expected_mode: str, expected: tuple[int, ...]
) -> None:
    out = io.BytesIO()
    if mode == "P":
        img = Image.new("P", (4, 4), 0)
        img.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
        img.save(out, "PNG", transparency=0)
    else:
        Image.new(mode, (4, 4), colour).save(out, "PNG")  # type: ignore[arg-type]
    asset = check_image(_write(tmp_path / "m.png", out.getvalue()))
    with Image.open(io.BytesIO(asset.data)) as img:
        assert img.mode == expected_mode
        assert img.getpixel((1, 1)) == expected


def test_a_grey_jpeg_becomes_rgb(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("L", (8, 8), 77).save(out, "JPEG")
    asset = check_image(_write(tmp_path / "g.jpg", out.getvalue()))
    with Image.open(io.BytesIO(asset.data)) as img:
        assert img.mode == "RGB" and img.format == "JPEG"


def test_exif_orientation_is_applied_before_it_is_stripped(tmp_path: Path) -> None:
    out = io.BytesIO()
    img = Image.new("RGB", (40, 20), (255, 255, 255))
    img.putpixel((0, 0), (255, 0, 0))
    img.save(out, "PNG", exif=_exif(orientation=6))  # "rotate 90 clockwise to display"
    asset = check_image(_write(tmp_path / "o.png", out.getvalue()))
    assert (asset.width, asset.height) == (20, 40)  # as a viewer shows it
    with Image.open(io.BytesIO(asset.data)) as shown:
        assert shown.size == (20, 40)
        assert shown.getpixel((19, 0)) == (255, 0, 0)


def test_re_encoding_is_deterministic(tmp_path: Path) -> None:
    for name, data in (("a.png", _png_with_text_and_exif()), ("b.jpg", _cmyk_jpeg())):
        path = _write(tmp_path / name, data)
        first, second = check_image(path), check_image(path)
        assert first.data == second.data
        assert check_image(_write(tmp_path / f"again-{name}", first.data)).data == first.data


def test_the_asset_keeps_its_fields(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.png", _png_with_text_and_exif())
    asset = check_image(path)
    assert isinstance(asset, ImageAsset)
    assert asset.path == path and asset.pixels == 800
    assert [f for f in ImageAsset.__dataclass_fields__] == ["path", "format", "width", "height", "data"]


def test_the_pixel_cap_still_applies_before_decoding(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("1", (assets.MAX_IMAGE_SIDE + 1, 2)).save(out, "PNG")
    with pytest.raises(InvalidInput, match="scale it down"):
        check_image(_write(tmp_path / "wide.png", out.getvalue()))


def test_a_shipped_logo_is_unchanged_by_re_encoding() -> None:
    logo = Path(__file__).resolve().parents[1] / "templates" / "logo.png"
    assert check_image(logo).data == logo.read_bytes()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.jpg", _cmyk_jpeg()),
        ("logo.png", _png_with_text_and_exif() + SECRET),
    ],
    ids=["cmyk-jpeg", "png-text-exif-appended"],
)
def test_a_template_logo_builds_clean_docx_and_pdf(tmp_path: Path, name: str, data: bytes) -> None:
    import zipfile

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "partners.yaml").write_text(f"extends: press\nlogo: {name}\n", "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", BRIEF, "--templates", folder, "--audience", "partners", "--out", out)
    assert result.code == 0, result.err
    docx = (out / "us-belarus-normalization-partners.docx").read_bytes()
    pdf = (out / "us-belarus-normalization-partners.pdf").read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert media
        for member in media:
            assert SECRET not in z.read(member)
    assert SECRET not in pdf
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    images = [img for page in reader.pages for img in page.images]
    assert images and all(SECRET not in img.data for img in images)


def test_a_truncated_image_is_still_refused(tmp_path: Path) -> None:
    data = _png_with_text_and_exif()
    with pytest.raises(InvalidInput, match="damaged or truncated"):
        check_image(_write(tmp_path / "cut.png", data[: len(data) // 2]))


def test_a_png_with_a_huge_text_chunk_is_refused_or_stripped_quickly(tmp_path: Path) -> None:
    """A compressed text chunk that inflates to gigabytes (a zTXt bomb) must not be inflated."""
    import time

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    png = out.getvalue()
    body = b"Comment\x00\x00" + zlib.compress(b"\x00" * 200_000_000, 9)
    chunk = struct.pack(">I", len(body)) + b"zTXt" + body + struct.pack(">I", zlib.crc32(b"zTXt" + body))
    bomb = png[:33] + chunk + png[33:]
    start = time.perf_counter()
    try:
        asset = check_image(_write(tmp_path / "ztxt.png", bomb))
    except InvalidInput:
        pass
    else:
        assert set(_png_chunks(asset.data)) <= {b"IHDR", b"IDAT", b"IEND"}
    assert time.perf_counter() - start < 3


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _raw_png(rows: bytes, width: int, height: int, depth: int = 8, interlace: int = 0) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, depth, 2, 0, 0, interlace)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def test_a_png_with_nothing_but_its_pixels_is_kept_byte_for_byte(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (5, 3), (1, 2, 3)).save(out, "PNG", compress_level=1)
    asset = check_image(_write(tmp_path / "c.png", out.getvalue()))
    assert asset.data == out.getvalue()


def test_data_hidden_in_the_zlib_stream_after_the_pixels_is_dropped(tmp_path: Path) -> None:
    pixels = b"\x00" + b"\x10\x20\x30" * 2  # one row of two RGB pixels, filter 0
    hidden = zlib.compress(pixels + SECRET)  # inflates to more than the rows
    after = zlib.compress(pixels) + SECRET  # bytes after the end of the zlib stream
    for name, idat in (("inside.png", hidden), ("after.png", after)):
        asset = check_image(_write(tmp_path / name, _raw_png(idat, 2, 1)))
        assert SECRET not in zlib.decompress(b"".join(_idat(asset.data)))
        assert asset.data != _raw_png(idat, 2, 1)


def _idat(data: bytes) -> list[bytes]:
    pos, found = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        if data[pos + 4 : pos + 8] == b"IDAT":
            found.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return found


@pytest.mark.parametrize(
    ("depth", "interlace", "row"),
    [(16, 0, b"\x00\xc8\x00\x64\x00\x32\x00"), (8, 1, b"\x00\xc8\x64\x32")],
    ids=["16-bit", "interlaced"],
)
def test_a_16_bit_or_interlaced_png_is_encoded_again(
    tmp_path: Path, depth: int, interlace: int, row: bytes
) -> None:
    original = _raw_png(zlib.compress(row), 1, 1, depth, interlace)
    asset = check_image(_write(tmp_path / "i.png", original))
    assert asset.data != original
    assert asset.data[24:29] == bytes([8, 2, 0, 0, 0])  # 8-bit RGB, not interlaced
    with Image.open(io.BytesIO(asset.data)) as img:
        assert img.getpixel((0, 0)) == (200, 100, 50)
