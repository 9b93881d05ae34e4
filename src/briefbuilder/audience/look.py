"""How a document looks: chosen by the audience template, applied by both writers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, slots=True)
class Look:
    """How the document looks; chosen by the audience template, applied by both writers."""

    body_font: str = "PT Serif"
    heading_font: str = "PT Sans"
    body_size: float = 10.5  # points
    accent: str = "#1F3A5F"  # headings, rules, table header
    marking_color: str = "#8B1A1A"
    page_size: Literal["A4", "Letter"] = "A4"
    margins_mm: tuple[float, float, float, float] = (22.0, 20.0, 22.0, 20.0)  # top right bottom left
    header_text: str | None = None  # left of the running header, e.g. organization
    footer_text: str | None = None  # left of the running footer, e.g. short title and date
    embed_fonts: bool = True  # DOCX: carry subset fonts, so readers without them see the design
    reference_docx: Path | None = None  # DOCX: a reference .docx whose styles and theme fonts restyle it
