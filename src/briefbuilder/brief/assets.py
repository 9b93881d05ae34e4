"""Assets a brief or template refers to (logos, images): found inside its own folder, and checked.

A reference such as ``logo: img/logo.png`` resolves only inside the folder of the file that names
it: no ``..``, no absolute paths, no symbolic links that lead out (checked on the real path, so
a link anywhere along the way counts). An image must be a PNG or a JPEG, by its bytes rather
than its name, under byte and pixel caps; its size is read from the header and checked before
any pixel is decoded, so a 400-megapixel "image bomb" of a few kilobytes is refused cheaply.

Every image is then decoded and encoded again: made RGB (or RGBA when it has transparency),
turned as its EXIF orientation says, and saved as a PNG (a JPEG as a baseline JPEG, quality 90)
with no metadata at all, so no EXIF (camera, GPS), text chunk, ICC profile, comment or bytes
appended after the image (a "polyglot" file) reaches a document, and writers only ever see
clean RGB images (python-docx cannot read a CMYK JPEG). The same input gives the same bytes.
A PNG that is already exactly that (8-bit RGB or RGBA, only IHDR, IDAT and IEND chunks, a zlib
stream that holds the pixel rows and nothing more, nothing after IEND) is kept byte for byte:
encoding it again would only change its compression. Writers embed these bytes
(``ImageAsset.data``), never re-read the path.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefbuilder.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from briefbuilder.brief.yamlnodes import Node

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 4096 * 4096  # ~16.8 MP: a logo needs far less; decoding this takes ~70 MB
MAX_IMAGE_SIDE = 10_000
_MAGIC: dict[bytes, Literal["PNG", "JPEG"]] = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


@dataclass(frozen=True, slots=True)
class ImageAsset:
    """A verified image: its format, size in pixels (as shown, after the EXIF orientation), and
    its clean bytes (re-encoded: RGB or RGBA, no metadata, nothing appended)."""

    path: Path
    format: Literal["PNG", "JPEG"]
    width: int
    height: int
    data: bytes

    @property
    def pixels(self) -> int:
        return self.width * self.height


def resolve_asset(
    base_dir: Path | str,
    relative: str,
    *,
    problem_path: str,
    file: str,
    node: Node | None = None,
) -> Path:
    """The real path of ``relative`` inside ``base_dir``; InvalidInput (at ``node``) otherwise."""
    from briefbuilder.brief.yamlnodes import problem_at, shown  # not for a writer's import of Image

    def refuse(message: str) -> InvalidInput:
        return InvalidInput([problem_at(file, node, problem_path, message)])

    ref = relative.strip()
    if not ref:
        raise refuse("expected a file name relative to this file's folder, got nothing")
    if "\x00" in ref or not ref.isprintable():
        raise refuse(f"{shown(ref)} contains a character no file name may hold")
    if "\\" in ref:
        raise refuse(f"{shown(ref)}: write paths with '/' (a backslash is not a separator everywhere)")
    if os.path.isabs(ref) or ref.startswith("~") or (len(ref) > 1 and ref[1] == ":"):
        raise refuse(f"{shown(ref)} is an absolute path; give a path relative to this file's folder")
    if ".." in ref.split("/"):
        raise refuse(f"{shown(ref)} goes up with '..'; assets must be inside this file's folder")
    base = os.path.realpath(base_dir)
    target = os.path.realpath(os.path.join(base, ref))
    if os.path.commonpath([base, target]) != base:
        raise refuse(f"{shown(ref)} is a symbolic link that leads outside this file's folder")
    if not os.path.exists(target):
        raise refuse(f"{shown(ref)}: file not found in {base}")
    if not os.path.isfile(target):
        raise refuse(f"{shown(ref)} is not a regular file")
    return Path(target)


def check_image(
    path: Path | str,
    *,
    problem_path: str = "",
    file: str | None = None,
    node: Node | None = None,
) -> ImageAsset:
    """Read and verify a PNG or JPEG; InvalidInput names the field (or the image file) if not."""
    from briefbuilder.brief.yamlnodes import cap_message, problem_at, shorten

    path = Path(path)

    def refuse(message: str) -> InvalidInput:
        if file is None:
            return InvalidInput([Problem(str(path), None, None, problem_path, cap_message(message))])
        return InvalidInput([problem_at(file, node, problem_path, f"{shorten(path.name)}: {message}")])

    data = _read_capped(path, refuse)
    kind = next((fmt for magic, fmt in _MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        raise refuse("is not a PNG or JPEG image (its first bytes say otherwise, whatever its name)")
    from briefbuilder.brief import image_cache

    cache_key = image_cache.key(data, (MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE))
    if (seen := image_cache.lookup(cache_key)) is not None and seen[0] == kind:
        return ImageAsset(path=path, format=kind, width=seen[1], height=seen[2], data=seen[3])
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 MP at open(); our own caps below refuse far earlier, by name
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as img:  # reads the header only
                width, height = img.size
                _check_size(width, height, refuse)
                img.load()  # now bounded by the caps: decoding proves the data is complete
                clean, width, height = _reencode(img, kind, data)
    except InvalidInput:
        raise
    except Image.DecompressionBombError as exc:  # over 179 MP: Pillow refuses before we see the size
        raise refuse(f"is far larger than images may be ({shorten(str(exc), 120)})") from None
    except UnidentifiedImageError as exc:
        raise refuse(f"is not a readable {kind} image ({shorten(str(exc), 120)})") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # Pillow's truncated/corrupt data
        raise refuse(f"is a damaged or truncated {kind} image ({shorten(str(exc), 120)})") from None
    image_cache.remember(cache_key, kind, width, height, clean)
    return ImageAsset(path=path, format=kind, width=width, height=height, data=clean)


def _reencode(img: PILImage, kind: Literal["PNG", "JPEG"], original: bytes) -> tuple[bytes, int, int]:
    """The decoded image as clean bytes of the same format, and its size as shown; ``original``
    (the file's bytes) as it is when it is a PNG with nothing in it but the pixels."""
    from PIL import ImageOps

    if kind == "PNG" and _clean_png(original, img.width, img.height):
        return original, img.width, img.height

    try:  # metadata is only read for the orientation; a damaged EXIF block just has none
        turned = ImageOps.exif_transpose(img)
    except Exception:
        turned = None
    out = _rgb(turned if turned is not None else img)
    if kind == "JPEG" and out.mode != "RGB":
        out = out.convert("RGB")
    out.info = {}  # Pillow would carry a comment, an ICC profile or a transparency key over
    buffer = io.BytesIO()
    if kind == "PNG":
        out.save(buffer, "PNG")  # Pillow's fixed zlib settings: the same pixels, the same bytes
    else:
        out.save(buffer, "JPEG", quality=90, optimize=False, progressive=False, subsampling=0)
    return buffer.getvalue(), out.width, out.height


_PNG_CHANNELS = {2: 3, 6: 4}  # colour type -> channels: RGB and RGBA, the two kept as they are


def _clean_png(data: bytes, width: int, height: int) -> bool:
    """Whether ``data`` is a PNG with nothing but 8-bit RGB(A) pixels: IHDR, IDATs, IEND in that
    order, each CRC right, no byte after IEND, and a zlib stream that inflates to exactly the
    pixel rows (nothing hidden after them, in the stream or after it)."""
    pos, kinds, idat = 8, list[bytes](), list[bytes]()
    channels = 0
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if len(body) != length or data[pos + 8 + length : pos + 12 + length] != struct.pack(
            ">I", zlib.crc32(kind + body)
        ):
            return False
        if kind == b"IHDR":
            if kinds or length != 13:
                return False
            w, h, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", body)
            channels = _PNG_CHANNELS.get(colour, 0) if (w, h, depth) == (width, height, 8) else 0
            if not channels or (compression, filtering, interlace) != (0, 0, 0):
                return False
        elif kind == b"IDAT":
            if not kinds or kinds[-1] not in (b"IHDR", b"IDAT"):
                return False
            idat.append(body)
        elif kind != b"IEND" or not kinds or kinds[-1] != b"IDAT":
            return False
        kinds.append(kind)
        pos += 12 + length
        if kind == b"IEND":
            break
    if pos != len(data) or not kinds or kinds[-1] != b"IEND":
        return False
    expected = height * (1 + width * channels)
    inflater = zlib.decompressobj()
    try:
        rows = inflater.decompress(b"".join(idat), expected + 1)
    except zlib.error:
        return False
    return len(rows) == expected and inflater.eof and not inflater.unused_data


def _rgb(img: PILImage) -> PILImage:
    """``img`` as RGB, or RGBA if it has any transparency (an alpha band or a transparent colour)."""
    mode = img.mode
    if mode.startswith("I;16") or mode == "I":  # 16-bit grey: scale 0..65535 to 0..255
        grey = img if mode == "I" else img.convert("I")
        return grey.point(lambda v: v / 257).convert("L").convert("RGB")
    alpha = "A" in img.getbands() or "a" in img.getbands() or "transparency" in img.info
    target = "RGBA" if alpha else "RGB"
    return img if mode == target else img.convert(target)


def _read_capped(path: Path, refuse: Callable[[str], InvalidInput]) -> bytes:
    """The file's bytes, at most the cap, without following a symlink swapped in after resolving."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise refuse("file not found") from None
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise refuse("is not a regular file")
        if st.st_size > MAX_IMAGE_BYTES:
            raise refuse(f"is {st.st_size:,} bytes; images may be at most {MAX_IMAGE_BYTES:,}")
        data = fh.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise refuse(f"is over {MAX_IMAGE_BYTES:,} bytes; images may be at most that")
    return data


def _check_size(width: int, height: int, refuse: Callable[[str], InvalidInput]) -> None:
    if width < 1 or height < 1:
        raise refuse(f"has no pixels ({width}x{height})")
    if max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise refuse(
            f"is {width:,} x {height:,} pixels; images may be at most {MAX_IMAGE_PIXELS:,} pixels "
            f"and {MAX_IMAGE_SIDE:,} on a side: scale it down"
        )


# --- the picture a document embeds ------------------------------------------------------------
def require_alt(kind: str, alt: str) -> None:
    if not alt.strip():
        raise ValueError(f"{kind} needs alt text: screen readers say it in place of the picture")


@dataclass(frozen=True, slots=True)
class Image:
    """A raster picture embedded as is (a logo): PNG or JPEG bytes, checked when loaded."""

    data: bytes
    format: Literal["png", "jpeg"]
    width_px: int
    height_px: int
    alt: str  # required: what the picture shows, for readers who cannot see it

    def __post_init__(self) -> None:
        require_alt("an image", self.alt)
        if self.width_px < 1 or self.height_px < 1:
            raise ValueError("an image needs a positive size in pixels")
