"""Where the embedded TrueType fonts live: static TTFs shipped by declared PyPI packages.

PT Serif (body) and PT Sans (headings) cover Latin, Latin Extended (Nausėda) and Cyrillic
(Лукашенко), in four static styles each, which reportlab needs (it cannot use variable fonts).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

# family name -> (python package, file stem prefix)
_FAMILIES: dict[str, tuple[str, str]] = {
    "PT Serif": ("fontpkg_pt_serif", "PT_Serif-Web-"),
    "PT Sans": ("fontpkg_pt_sans", "PT_Sans-Web-"),
}
_STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"}


@dataclass(frozen=True, slots=True)
class FontFamily:
    name: str
    regular: Path
    bold: Path
    italic: Path
    bolditalic: Path


def known_families() -> tuple[str, ...]:
    return tuple(_FAMILIES)


def font_family(name: str) -> FontFamily:
    """The four TTF files of a shipped family; KeyError names the known ones."""
    try:
        package, prefix = _FAMILIES[name]
    except KeyError:
        raise KeyError(f"unknown font family {name!r}; known: {', '.join(known_families())}") from None
    root = Path(import_module(package).__file__).resolve().parent / "files"  # type: ignore[arg-type]
    files = {k: root / f"{prefix}{v}.ttf" for k, v in _STYLES.items()}
    return FontFamily(name=name, **files)
