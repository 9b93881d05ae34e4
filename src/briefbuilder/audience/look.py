"""How a document looks: chosen by the audience template, applied by both writers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefbuilder.fonts.chain import FontChain, make_chain
from briefbuilder.fonts.families import BODY_FALLBACK, HEADING_FALLBACK, FontFamily


@dataclass(frozen=True, slots=True)
class Look:
    """How the document looks; chosen by the audience template, applied by both writers."""

    body_font: str = "PT Serif"  # the family that sets body text (first of the chain)
    heading_font: str = "PT Sans"
    body_fallback: tuple[str, ...] = ()  # the template's next families for body text
    heading_fallback: tuple[str, ...] = ()
    fonts: tuple[FontFamily, ...] = ()  # the template's own families (look.fonts)
    body_size: float = 10.5  # points
    accent: str = "#1F3A5F"  # headings, rules, table header
    marking_color: str = "#8B1A1A"
    page_size: Literal["A4", "Letter"] = "A4"
    margins_mm: tuple[float, float, float, float] = (22.0, 20.0, 22.0, 20.0)  # top right bottom left
    header_text: str | None = None  # left of the running header, e.g. organization
    footer_text: str | None = None  # left of the running footer, e.g. short title and date
    embed_fonts: bool = True  # DOCX: carry subset fonts, so readers without them see the design
    reference_docx: Path | None = None  # DOCX: a reference .docx whose styles and theme fonts restyle it

    @property
    def body_chain(self) -> FontChain:
        """Body text's families, per character: the look's, then the built-in serif chain."""
        return make_chain((self.body_font, *self.body_fallback), BODY_FALLBACK, self.fonts)

    @property
    def heading_chain(self) -> FontChain:
        """Headings' families, per character: the look's, then the built-in sans chain."""
        return make_chain((self.heading_font, *self.heading_fallback), HEADING_FALLBACK, self.fonts)

    def chain(self, role: str) -> FontChain:
        """The chain of a metrics role's font ("body" or "heading")."""
        return self.heading_chain if role == "heading" else self.body_chain
