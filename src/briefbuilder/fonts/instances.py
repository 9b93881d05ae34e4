"""Static faces cut from variable fonts, made once per user and kept in the cache folder.

The Noto families on PyPI ship only variable fonts ([wdth,wght]). reportlab draws only a
variable font's default instance (Regular), Word and LibreOffice handle embedded variable fonts
unevenly, so every face briefbuilder uses is a static TrueType: fontTools' instancer pins the
axes (weight 400 or 700, normal width) and the style bits and names are set to match. That takes
seconds per face, so it runs once: the face is written to the per-user cache folder
(``platformdirs.user_cache_path("briefbuilder") / "fonts"``, as the DOCX subsets are), keyed by
the variable font's hash, the axis values and a version, and later builds only open the file.
A cache that cannot be written costs time, never a build: the face is then made in a temporary
folder for this process.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path

_VERSION = "1"


@functools.cache
def static_face(source: Path, weight: int, italic: bool) -> Path:
    """A static TrueType of ``source`` (a variable font) at ``weight``, named and flagged as
    bold and/or italic; made once and then read from the cache folder."""
    digest = _digest(source)
    key = hashlib.sha256(f"{_VERSION}:{digest}:{weight}:{italic}".encode()).hexdigest()[:24]
    style = _style_name(weight, italic).replace(" ", "")
    name = f"{source.name.split('[')[0].split('.')[0]}-{style}-{key}.ttf"
    for folder in (cache_folder(), _temp_folder()):
        if folder is None:
            continue
        file = folder / name
        if file.is_file():
            return file
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = file.with_suffix(f".{os.getpid()}.tmp")
            _instantiate(source, weight, italic, tmp)
            os.replace(tmp, file)
            return file
        except OSError:
            continue
    raise OSError(f"cannot write a static instance of {source.name} to any cache folder")


@functools.cache
def _digest(source: Path) -> str:
    """The variable font's hash, read once per process (about 3 ms for a 2 MB font)."""
    return hashlib.sha256(source.read_bytes()).hexdigest()[:24]


def cache_folder() -> Path | None:
    """The per-user font cache (shared with the DOCX subsets); None when there is none."""
    if os.environ.get("BRIEFBUILDER_NO_FONT_CACHE"):
        return None
    try:
        from platformdirs import user_cache_path

        return user_cache_path("briefbuilder") / "fonts"
    except Exception:  # no home folder
        return None


@functools.cache
def _temp_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="briefbuilder-fonts-"))


def _style_name(weight: int, italic: bool) -> str:
    if weight >= 600:
        return "Bold Italic" if italic else "Bold"
    return "Italic" if italic else "Regular"


def _instantiate(source: Path, weight: int, italic: bool, out: Path) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(source), recalcTimestamp=False)
    axes = {a.axisTag: a for a in font["fvar"].axes}
    location: dict[str, float] = {}
    if "wght" in axes:
        location["wght"] = max(axes["wght"].minValue, min(axes["wght"].maxValue, weight))
    if "wdth" in axes:
        location["wdth"] = max(axes["wdth"].minValue, min(axes["wdth"].maxValue, 100.0))
    for tag, axis in axes.items():
        location.setdefault(tag, axis.defaultValue)
    static = instancer.instantiateVariableFont(font, location)
    bold = weight >= 600
    os2, head = static["OS/2"], static["head"]
    os2.usWeightClass = weight
    # fsSelection: bit 0 italic, bit 5 bold, bit 6 regular; macStyle: bit 0 bold, bit 1 italic
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | (italic << 0) | (bold << 5)
    if not bold and not italic:
        os2.fsSelection |= 1 << 6
    head.macStyle = (head.macStyle & ~0b11) | bold | (italic << 1)
    _rename(static, _style_name(weight, italic))
    static.save(str(out))


def _rename(font: object, style: str) -> None:
    """Family (ID 1) stays the family for R/B/I/BI; subfamily, full and PostScript names follow
    the style, so that Word and PDF readers see e.g. 'Noto Serif Bold'."""
    names = font["name"]  # type: ignore[index]
    family = names.getDebugName(16) or names.getDebugName(1) or "Font"
    postscript = family.replace(" ", "") + "-" + style.replace(" ", "")
    for record in list(names.names):
        if record.nameID in (16, 17, 25):  # typographic names of the variable font: now plain
            names.removeNames(nameID=record.nameID)
    names.setName(family, 1, 3, 1, 0x409)
    names.setName(style, 2, 3, 1, 0x409)
    names.setName(f"{family} {style}", 4, 3, 1, 0x409)
    names.setName(postscript, 6, 3, 1, 0x409)
