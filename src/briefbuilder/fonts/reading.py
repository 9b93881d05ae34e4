"""A template's own font files: which family and style each is, from the font's own tables.

The family is the typographic family name (name ID 16) if the font has one, else the family
name (ID 1): a family with more than four weights keeps its real name in ID 16 and puts e.g.
"Acme Sans Light" in ID 1. The style is read from the flags (OS/2 fsSelection bits 0 and 5,
head.macStyle bits 0 and 1), never from the subfamily name,
which says "Roman", "Oblique", "Book" or anything else from one foundry to the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefbuilder.fonts.families import STYLES, FaceFile, FontFamily


class FontFileError(ValueError):
    """A file that cannot serve as a face: unreadable, not TrueType/OpenType, or unusable."""


@dataclass(frozen=True, slots=True)
class FaceInfo:
    """What a font file says it is."""

    path: Path
    family: str
    bold: bool
    italic: bool

    @property
    def style(self) -> str:
        return STYLES[self.bold + 2 * self.italic]


def read_face(path: Path) -> FaceInfo:
    """The family and style of the font at ``path``; FontFileError says why it cannot be used."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise FontFileError(f"cannot read it: {exc.strerror or exc}") from None
    if head not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        kind = "a font collection (.ttc); list one font file per face" if head == b"ttcf" else "not"
        raise FontFileError(f"is {kind} a TrueType or OpenType font" if kind == "not" else f"is {kind}")
    try:
        with TTFont(str(path), lazy=True) as font:
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1)
            os2 = font.get("OS/2")
            mac = font["head"].macStyle
            if "cmap" not in font or font.getBestCmap() is None:
                raise FontFileError("has no Unicode character map, so no text can be set in it")
            if "fvar" in font:
                raise FontFileError("is a variable font; list static files, one per face")
            if "glyf" not in font:  # CFF outlines: reportlab embeds TrueType outlines only
                raise FontFileError(
                    "has PostScript (CFF) outlines, which the PDF writer cannot embed; "
                    "list the TrueType-flavoured files of the family (.ttf)"
                )
            fs_type = font["OS/2"].fsType if "OS/2" in font else 0
            if fs_type == 0x0002 or fs_type & 0x0300:  # reportlab's own test (ttfonts.py)
                raise FontFileError(
                    f"does not allow embedding or subsetting (OS/2 fsType {fs_type:#06x}), "
                    "and both formats embed the fonts they use"
                )
    except FontFileError:
        raise
    except (TTLibError, KeyError, AssertionError, ValueError, OSError) as exc:
        raise FontFileError(f"is not a usable TrueType or OpenType font ({exc})") from None
    if not family:
        raise FontFileError("has no family name in its name table")
    selection = os2.fsSelection if os2 is not None else 0
    bold = bool(selection & 0x20) or bool(mac & 1)
    italic = bool(selection & 0x01) or bool(mac & 2)
    return FaceInfo(path, family.strip(), bold, italic)


def group_families(faces: Sequence[FaceInfo]) -> tuple[FontFamily, ...]:
    """The families of a template's files, in the order first listed; a missing face repeats the
    nearest one (bold italic: bold, then italic; italic or bold: regular), a family without an
    upright regular face uses its first file. Two files of one family and style: the first wins
    (the caller reports the second)."""
    by_family: dict[str, dict[str, Path]] = {}
    for face in faces:
        by_family.setdefault(face.family, {}).setdefault(face.style, face.path)
    out = []
    for name, styles in by_family.items():
        first = next(iter(styles.values()))
        regular = styles.get("regular", first)
        bold = styles.get("bold", regular)
        italic = styles.get("italic", regular)
        bolditalic = styles.get("bolditalic", styles.get("bold", italic))
        files = (FaceFile(regular), FaceFile(bold), FaceFile(italic), FaceFile(bolditalic))
        out.append(FontFamily(name, files, builtin=False))
    return tuple(out)
