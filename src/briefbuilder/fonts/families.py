"""Font families: the built-in ones (static TTFs or static instances of variable TTFs shipped by
declared PyPI packages) and a template's own, and the fallback chain used after a look's family.

PT Serif (body) and PT Sans (headings) are the default look and cover Latin, Latin Extended
(Nausėda) and Cyrillic (Лукашенко). What they lack comes from the built-in fallback: Noto Serif
or Noto Sans (Latin Extended with ʿ U+02BF, Greek, Cyrillic), then Noto Sans Arabic (Arabic and
Persian). The Noto packages ship variable fonts, so their faces are static instances made once
(``fonts.instances``); a face's file is only resolved when something draws with it, so an
English brief never touches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

STYLES = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True, slots=True)
class FaceFile:
    """Where one face comes from: a static file (``weight`` None) or a variable font pinned to
    ``weight`` (and flagged italic), made into a static file on first use."""

    path: Path
    weight: int | None = None
    italic: bool = False

    def resolve(self) -> Path:
        """The static TrueType file of this face (made and cached on first use)."""
        if self.weight is None:
            return self.path
        from briefbuilder.fonts.instances import static_face

        return static_face(self.path, self.weight, self.italic)


@dataclass(frozen=True, slots=True)
class FontFamily:
    """A family's four faces (a template may give fewer: missing ones repeat the nearest)."""

    name: str
    faces: tuple[FaceFile, FaceFile, FaceFile, FaceFile]  # regular, bold, italic, bolditalic
    builtin: bool = True

    @property
    def regular(self) -> Path:
        return self.faces[0].resolve()

    @property
    def bold(self) -> Path:
        return self.faces[1].resolve()

    @property
    def italic(self) -> Path:
        return self.faces[2].resolve()

    @property
    def bolditalic(self) -> Path:
        return self.faces[3].resolve()

    def face(self, bold: bool, italic: bool) -> Path:
        return self.faces[bold + 2 * italic].resolve()

    @property
    def sources(self) -> tuple[Path, ...]:
        """The files as shipped (variable fonts too): their character maps are the faces'."""
        return tuple(dict.fromkeys(f.path for f in self.faces))


# family name -> (python package, static file prefix or variable file names (roman, italic))
_STATIC: dict[str, tuple[str, str]] = {
    "PT Serif": ("fontpkg_pt_serif", "PT_Serif-Web-"),
    "PT Sans": ("fontpkg_pt_sans", "PT_Sans-Web-"),
}
_VARIABLE: dict[str, tuple[str, str, str | None]] = {
    "Noto Serif": ("fontpkg_noto_serif", "NotoSerif[wdth,wght].ttf", "NotoSerif-Italic[wdth,wght].ttf"),
    "Noto Sans": ("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf", "NotoSans-Italic[wdth,wght].ttf"),
    "Noto Sans Arabic": ("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf", None),
}
_STATIC_STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"}

# What each look's family falls back to, in order: the defaults, then Noto, then Arabic script.
BODY_FALLBACK = ("PT Serif", "Noto Serif", "Noto Sans Arabic")
HEADING_FALLBACK = ("PT Sans", "Noto Sans", "Noto Sans Arabic")


def known_families() -> tuple[str, ...]:
    """The built-in family names, the defaults first."""
    return (*_STATIC, *_VARIABLE)


def _files(package: str) -> Path:
    return Path(import_module(package).__file__).resolve().parent / "files"  # type: ignore[arg-type]


def font_family(name: str) -> FontFamily:
    """A built-in family; KeyError names the known ones."""
    if name in _STATIC:
        package, prefix = _STATIC[name]
        root = _files(package)
        faces = tuple(FaceFile(root / f"{prefix}{_STATIC_STYLES[s]}.ttf") for s in STYLES)
        return FontFamily(name, faces)  # type: ignore[arg-type]
    if name in _VARIABLE:
        package, roman, italic = _VARIABLE[name]
        root = _files(package)
        upright = root / roman
        slanted = root / italic if italic else upright
        return FontFamily(
            name,
            (
                FaceFile(upright, 400, False),
                FaceFile(upright, 700, False),
                FaceFile(slanted, 400, italic is not None),
                FaceFile(slanted, 700, italic is not None),
            ),
        )
    raise KeyError(f"unknown font family {name!r}; known: {', '.join(known_families())}")


def resolve_family(name: str, own: tuple[FontFamily, ...] = ()) -> FontFamily:
    """``name`` among a template's own families first, then the built-in ones."""
    for family in own:
        if family.name == name:
            return family
    return font_family(name)
