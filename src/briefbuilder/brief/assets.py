"""Assets a brief or template refers to (logos, images): found inside its own folder, and checked.

A reference such as ``logo: img/logo.png`` resolves only inside the folder of the file that names
it: no ``..``, no absolute paths, no symbolic links that lead out (checked on the real path, so
a link anywhere along the way counts). An image must be a PNG or a JPEG, by its bytes rather
than its name, under byte and pixel caps; its size is read from the header and checked before
any pixel is decoded, so a 400-megapixel "image bomb" of a few kilobytes is refused cheaply.

Writers then embed the verified bytes (``ImageAsset.data``), never re-read the path: what was
checked is what is printed.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefbuilder.brief.yamlnodes import Node, cap_message, problem_at, shorten, shown
from briefbuilder.errors import InvalidInput, Problem

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 4096 * 4096  # ~16.8 MP: a logo needs far less; decoding this takes ~70 MB
MAX_IMAGE_SIDE = 10_000
_MAGIC: dict[bytes, Literal["PNG", "JPEG"]] = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


@dataclass(frozen=True, slots=True)
class ImageAsset:
    """A verified image: its format, size in pixels, and the exact bytes that were checked."""

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
    path = Path(path)

    def refuse(message: str) -> InvalidInput:
        if file is None:
            return InvalidInput([Problem(str(path), None, None, problem_path, cap_message(message))])
        return InvalidInput([problem_at(file, node, problem_path, f"{shorten(path.name)}: {message}")])

    data = _read_capped(path, refuse)
    kind = next((fmt for magic, fmt in _MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        raise refuse("is not a PNG or JPEG image (its first bytes say otherwise, whatever its name)")
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 MP at open(); our own caps below refuse far earlier, by name
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as img:  # reads the header only
                width, height = img.size
                _check_size(width, height, refuse)
                img.load()  # now bounded by the caps: decoding proves the data is complete
    except InvalidInput:
        raise
    except Image.DecompressionBombError as exc:  # over 179 MP: Pillow refuses before we see the size
        raise refuse(f"is far larger than images may be ({shorten(str(exc), 120)})") from None
    except UnidentifiedImageError as exc:
        raise refuse(f"is not a readable {kind} image ({shorten(str(exc), 120)})") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # Pillow's truncated/corrupt data
        raise refuse(f"is a damaged or truncated {kind} image ({shorten(str(exc), 120)})") from None
    return ImageAsset(path=path, format=kind, width=width, height=height, data=data)


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
