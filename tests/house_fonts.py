"""A template's own fonts for tests: PT Sans's four faces renamed 'Briefhouse Sans' (and
subfamily names a foundry might use), written by fontTools at test time."""

from __future__ import annotations

from pathlib import Path

from briefbuilder.fonts.families import font_family

FAMILY = "Briefhouse Sans"
# subfamily names that say nothing reliable: the style must come from the flags
_FILES = {"regular": "Roman", "bold": "Heavy", "italic": "Oblique", "bolditalic": "Heavy Oblique"}


def make_house_fonts(folder: Path, family: str = FAMILY, source: str = "PT Sans") -> list[str]:
    """Write the four faces into ``folder/fonts``; the file names relative to ``folder``."""
    from fontTools.ttLib import TTFont

    out = folder / "fonts"
    out.mkdir(parents=True, exist_ok=True)
    files = font_family(source)
    names = []
    for style, sub in _FILES.items():
        font = TTFont(str(getattr(files, style)))
        table = font["name"]
        ps = family.replace(" ", "") + "-" + sub.replace(" ", "")
        for record in list(table.names):
            if record.nameID in (1, 2, 3, 4, 6, 16, 17):
                table.removeNames(nameID=record.nameID)
        # a typographic family (16) and a different legacy family (1): 16 must win
        table.setName(f"{family} {sub}", 1, 3, 1, 0x409)
        table.setName(sub, 2, 3, 1, 0x409)
        table.setName(ps, 3, 3, 1, 0x409)
        table.setName(f"{family} {sub}", 4, 3, 1, 0x409)
        table.setName(ps, 6, 3, 1, 0x409)
        table.setName(family, 16, 3, 1, 0x409)
        table.setName(sub, 17, 3, 1, 0x409)
        name = f"fonts/{ps}.ttf"
        font.save(str(folder / name))
        names.append(name)
    return names
